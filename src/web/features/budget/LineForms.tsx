// Adding a budget line with its first estimate, and revising an estimate (the reason and the
// decision kept in the line's history). Amounts are whole đồng.
import { Alert, Button, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { BUDGET_ACTIVITIES, BUDGET_ACTIVITY_LABELS, FUNDING_SOURCES, FUNDING_SOURCE_LABELS, formatVnd, type BudgetActivity, type BudgetLine, type FundingSource } from '../../../shared/budget.ts';
import { ApiError } from '../../app/api.ts';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { notifySaved } from '../../components/forms.ts';
import { createLine, reviseLine, useBudgetChanged } from './budget.api.ts';

/** Thousands with dots as Vietnamese write them; no decimals (đồng). */
export const moneyInput = { thousandSeparator: '.', decimalSeparator: ',', allowDecimal: false, allowNegative: false, suffix: ' đ', hideControls: true } as const;

export function ServerError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.';
  return <Alert color="red" data-testid="form-error">{message}</Alert>;
}

export function LineForm({ orgUnitId, year, onClose }: { orgUnitId: number; year: number; onClose: () => void }) {
  const changed = useBudgetChanged();
  const [v, setV] = useState({ name: '', activity: 'training' as BudgetActivity, source: 'commune' as FundingSource, legalBasis: '', estimate: '' as number | string, decision: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await createLine({ id: uuidv7(), orgUnitId, year, name: v.name, activity: v.activity, source: v.source, legalBasis: v.legalBasis, estimateVnd: Number(v.estimate), decision: v.decision, decidedOn: null });
      notifySaved('Đã thêm dòng kinh phí.');
      changed();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ResponsiveModal opened onClose={onClose} title={`Thêm dòng kinh phí năm ${year}`}>
      <Stack gap="sm">
        <TextInput label="Tên dòng kinh phí" required value={v.name} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} placeholder="Ví dụ: Tập huấn nghiệp vụ Tổ CNSCĐ" />
        <Group grow>
          <Select label="Nội dung chi" data={BUDGET_ACTIVITIES.map((a) => ({ value: a, label: BUDGET_ACTIVITY_LABELS[a] }))} value={v.activity} onChange={(x) => setV({ ...v, activity: (x ?? 'other') as BudgetActivity })} allowDeselect={false} />
          <Select label="Nguồn kinh phí" data={FUNDING_SOURCES.map((s) => ({ value: s, label: FUNDING_SOURCE_LABELS[s] }))} value={v.source} onChange={(x) => setV({ ...v, source: (x ?? 'commune') as FundingSource })} allowDeselect={false} />
        </Group>
        <TextInput label="Căn cứ pháp lý" value={v.legalBasis} onChange={(e) => setV({ ...v, legalBasis: e.currentTarget.value })} placeholder="Kế hoạch số …/KH-UBND; Nghị quyết HĐND …" />
        <NumberInput label="Dự toán" required {...moneyInput} value={v.estimate} onChange={(x) => setV({ ...v, estimate: x })} />
        <TextInput label="Quyết định giao dự toán" value={v.decision} onChange={(e) => setV({ ...v, decision: e.currentTarget.value })} />
        <ServerError error={error} />
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Hủy</Button><Button onClick={save} loading={busy}>Lưu</Button></Group>
      </Stack>
    </ResponsiveModal>
  );
}

export function RevisionForm({ line, onClose }: { line: BudgetLine; onClose: () => void }) {
  const changed = useBudgetChanged();
  const [estimate, setEstimate] = useState<number | string>(line.estimateVnd);
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needsConfirm = error instanceof ApiError && error.code === 'needs_confirmation';
  const save = async (confirmOverrun = false) => {
    setBusy(true);
    try {
      await reviseLine(line.id, { version: line.version, estimateVnd: Number(estimate), reason, decision, decidedOn: null, confirmOverrun });
      notifySaved('Đã điều chỉnh dự toán.');
      changed();
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ResponsiveModal opened onClose={onClose} title={`Điều chỉnh dự toán: ${line.title}`}>
      <Stack gap="sm">
        <NumberInput label={`Dự toán mới (đang là ${formatVnd(line.estimateVnd)})`} required {...moneyInput} value={estimate} onChange={setEstimate} />
        <TextInput label="Lý do điều chỉnh" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <TextInput label="Quyết định điều chỉnh" value={decision} onChange={(e) => setDecision(e.currentTarget.value)} />
        {needsConfirm ? <Alert color="orange" title="Cần xác nhận">{(error as ApiError).message}</Alert> : <ServerError error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Hủy</Button>
          {needsConfirm ? <Button color="orange" onClick={() => save(true)} loading={busy}>Xác nhận vẫn điều chỉnh</Button> : <Button onClick={() => save()} loading={busy}>Lưu</Button>}
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}
