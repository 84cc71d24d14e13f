// Recording a spending entry from its voucher: the line, date, amount (whole đồng), payee,
// voucher number and its scan, and what it paid for (a training, a communication activity,
// a team's month). Beyond what is left of the line the server warns; the officer confirms
// or corrects — nothing is written until then.
import { FileInput, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { SPENDING_LINK_LABELS, formatVnd, type BudgetLine, type SpendingLink } from '../../../shared/budget.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { uploadEvidence } from '../attachments/attachments.api.ts';
import { recordSpending, useBudgetLine, useLinkOptions } from './budget.api.ts';
import { SaveButtons, moneyInput, useBudgetWrite } from './LineForms.tsx';

type LinkKind = 'none' | 'training' | 'communication' | 'team_month' | 'award';

export function SpendingForm({ orgUnitId, year, lines, onClose }: { orgUnitId: number; year: number; lines: BudgetLine[]; onClose: () => void }) {
  const options = useLinkOptions({ orgUnitId, year }, true);
  const today = todayInVietnam();
  const [id] = useState(() => uuidv7());
  const [v, setV] = useState({
    lineId: (lines[0]?.id ?? null) as string | null, spentOn: today.startsWith(String(year)) ? today : `${year}-12-31`, amount: '' as number | string,
    payee: '', voucherNo: '', description: '', kind: 'none' as LinkKind, linkId: null as string | null, month: today.slice(0, 7),
  });
  const [commitmentId, setCommitmentId] = useState<string | null>(null);
  // The chosen line's commitments not yet paid in full: a payment may settle one of them.
  const line = useBudgetLine(v.lineId);
  const openCommitments = (line.data?.commitments ?? []).filter((c) => c.paidVnd < c.amountVnd);
  const [file, setFile] = useState<File | null>(null);
  const linkData = v.kind === 'training' ? options.data?.trainings : v.kind === 'communication' ? options.data?.activities : v.kind === 'team_month' ? options.data?.teams : v.kind === 'award' ? options.data?.awards : [];
  const { run, busy, error } = useBudgetWrite('Đã ghi khoản chi.', onClose);
  const save = (confirmOverrun: boolean) => run(async () => {
    const files = file ? [(await uploadEvidence({ blob: file, contentType: file.type as 'image/jpeg', fileName: file.name })).id] : [];
    const link: SpendingLink | null = v.kind !== 'none' && v.linkId ? { kind: v.kind, id: v.linkId, month: v.kind === 'team_month' ? v.month : null } : null;
    await recordSpending({
      id, lineId: v.lineId ?? '', spentOn: v.spentOn, amountVnd: Number(v.amount), payee: v.payee, voucherNo: v.voucherNo, description: v.description,
      link, commitmentId: openCommitments.some((c) => c.id === commitmentId) ? commitmentId : null, voucherFileIds: files, confirmOverrun,
    });
  });
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  return (
    <ResponsiveModal opened onClose={onClose} title="Ghi khoản chi" size="lg">
      <Stack gap="sm">
        <Select label="Dòng kinh phí" required data={lines.map((l) => ({ value: l.id, label: l.title }))} value={v.lineId} onChange={(x) => { setV({ ...v, lineId: x }); setCommitmentId(null); }} data-testid="spending-line" />
        {openCommitments.length > 0 && (
          <Select
            label="Thanh toán cho cam kết chi" clearable placeholder="Không thuộc cam kết nào"
            data={openCommitments.map((c) => ({ value: c.id, label: `${c.payee} — còn ${formatVnd(c.amountVnd - c.paidVnd)} (cam kết ${formatVnd(c.amountVnd)})` }))}
            value={commitmentId} onChange={setCommitmentId} data-testid="spending-commitment"
          />
        )}
        <Group grow align="flex-start">
          <VnDateInput label="Ngày chi" required value={v.spentOn} onChange={(x) => setV({ ...v, spentOn: x ?? v.spentOn })} />
          <NumberInput label="Số tiền" required {...moneyInput} value={v.amount} onChange={(x) => setV({ ...v, amount: x })} data-testid="spending-amount" />
        </Group>
        <TextInput label="Người nhận" required value={v.payee} onChange={(e) => setV({ ...v, payee: e.currentTarget.value })} />
        <Group grow align="flex-start">
          <TextInput label="Số chứng từ" required value={v.voucherNo} onChange={(e) => setV({ ...v, voucherNo: e.currentTarget.value })} placeholder="PC-012" />
          <FileInput label="Tệp chứng từ (ảnh, PDF)" accept="image/jpeg,image/png,image/webp,application/pdf" value={file} onChange={setFile} clearable placeholder="Chọn tệp" />
        </Group>
        <TextInput label="Diễn giải" value={v.description} onChange={(e) => setV({ ...v, description: e.currentTarget.value })} />
        <Select
          label="Chi cho"
          data={[{ value: 'none', label: 'Không gắn với hoạt động nào' }, ...(['training', 'communication', 'team_month', 'award'] as const).map((k) => ({ value: k, label: SPENDING_LINK_LABELS[k] }))]}
          value={v.kind} onChange={(x) => setV({ ...v, kind: (x ?? 'none') as LinkKind, linkId: null })} allowDeselect={false} data-testid="spending-link-kind"
        />
        {v.kind !== 'none' && (
          <Group grow align="flex-start">
            <Select label={SPENDING_LINK_LABELS[v.kind]} searchable data={(linkData ?? []).map((o) => ({ value: o.id, label: o.label }))} value={v.linkId} onChange={(x) => setV({ ...v, linkId: x })} data-testid="spending-link" nothingFoundMessage="Không có" />
            {v.kind === 'team_month' && <Select label="Tháng" data={months.map((m) => ({ value: m, label: `Tháng ${m.slice(5)}/${m.slice(0, 4)}` }))} value={v.month} onChange={(x) => setV({ ...v, month: x ?? v.month })} allowDeselect={false} />}
          </Group>
        )}
        <SaveButtons error={error} busy={busy} onCancel={onClose} onSave={(confirm) => void save(confirm)} saveLabel="Lưu khoản chi" saveTestId="save-spending" />
      </Stack>
    </ResponsiveModal>
  );
}
