// Adding a budget line with its first estimate, and revising an estimate (the reason and the
// decision kept in the line's history). Amounts are whole đồng.
import { Alert, Button, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
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

/**
 * One budget write from a form: busy while it runs, the server's error kept to show, and on
 * success the notice, every budget query asked again and the form closed.
 */
export function useBudgetWrite(message: string, onDone: () => void) {
  const changed = useBudgetChanged();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      notifySaved(message);
      changed();
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error };
}

/**
 * The server's error under a form and its buttons. Beyond what is left of the line the server
 * asks for confirmation: the warning is shown and the save button becomes "confirm".
 */
export function SaveButtons({ error, busy, onCancel, onSave, saveLabel = 'Lưu', confirmLabel = 'Xác nhận vẫn ghi', saveTestId }: {
  error: unknown; busy: boolean; onCancel: () => void; onSave: (confirmOverrun: boolean) => void; saveLabel?: string; confirmLabel?: string; saveTestId?: string;
}) {
  const needsConfirm = error instanceof ApiError && error.code === 'needs_confirmation';
  return (
    <>
      {needsConfirm ? <Alert color="orange" icon={<IconAlertTriangle size={18} />} title="Vượt dự toán — cần xác nhận" data-testid="overrun-warning">{error.message}</Alert> : <ServerError error={error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>Hủy</Button>
        {needsConfirm
          ? <Button color="orange" onClick={() => onSave(true)} loading={busy}>{confirmLabel}</Button>
          : <Button onClick={() => onSave(false)} loading={busy} data-testid={saveTestId}>{saveLabel}</Button>}
      </Group>
    </>
  );
}

export function LineForm({ orgUnitId, year, onClose }: { orgUnitId: number; year: number; onClose: () => void }) {
  const [v, setV] = useState({ name: '', activity: 'training' as BudgetActivity, source: 'commune' as FundingSource, legalBasis: '', estimate: '' as number | string, decision: '' });
  const { run, busy, error } = useBudgetWrite('Đã thêm dòng kinh phí.', onClose);
  const save = () => run(() => createLine({ id: uuidv7(), orgUnitId, year, name: v.name, activity: v.activity, source: v.source, legalBasis: v.legalBasis, estimateVnd: Number(v.estimate), decision: v.decision, decidedOn: null }));
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
        <SaveButtons error={error} busy={busy} onCancel={onClose} onSave={() => void save()} />
      </Stack>
    </ResponsiveModal>
  );
}

export function RevisionForm({ line, onClose }: { line: BudgetLine; onClose: () => void }) {
  const [estimate, setEstimate] = useState<number | string>(line.estimateVnd);
  const [reason, setReason] = useState('');
  const [decision, setDecision] = useState('');
  const { run, busy, error } = useBudgetWrite('Đã điều chỉnh dự toán.', onClose);
  const save = (confirmOverrun: boolean) => run(() => reviseLine(line.id, { version: line.version, estimateVnd: Number(estimate), reason, decision, decidedOn: null, confirmOverrun }));
  return (
    <ResponsiveModal opened onClose={onClose} title={`Điều chỉnh dự toán: ${line.title}`}>
      <Stack gap="sm">
        <NumberInput label={`Dự toán mới (đang là ${formatVnd(line.estimateVnd)})`} required {...moneyInput} value={estimate} onChange={setEstimate} />
        <TextInput label="Lý do điều chỉnh" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <TextInput label="Quyết định điều chỉnh" value={decision} onChange={(e) => setDecision(e.currentTarget.value)} />
        <SaveButtons error={error} busy={busy} onCancel={onClose} onSave={(confirm) => void save(confirm)} confirmLabel="Xác nhận vẫn điều chỉnh" />
      </Stack>
    </ResponsiveModal>
  );
}
