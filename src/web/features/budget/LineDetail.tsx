// One budget line's history: the estimate and its revisions (with reason and decision), the
// commitments (cam kết chi: a contract or an order not yet paid in full) and what was paid
// against each, and recording a new commitment. A commitment holds part of the estimate, so
// "còn lại" drops when it is signed, not only when the money goes out.
import { Button, Group, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { formatVnd, type BudgetLine, type BudgetLineView } from '../../../shared/budget.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { formatDate } from '../../app/format.ts';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { addCommitment, useBudgetLine } from './budget.api.ts';
import { SaveButtons, moneyInput, useBudgetWrite } from './LineForms.tsx';

function CommitmentForm({ line, year, onDone }: { line: BudgetLine; year: number; onDone: () => void }) {
  const today = todayInVietnam();
  const [id] = useState(() => uuidv7());
  const [v, setV] = useState({ committedOn: today.startsWith(String(year)) ? today : `${year}-12-31`, amount: '' as number | string, payee: '', description: '' });
  const { run, busy, error } = useBudgetWrite('Đã ghi cam kết chi.', onDone);
  const save = (confirmOverrun: boolean) => run(() => addCommitment({ id, lineId: line.id, committedOn: v.committedOn, amountVnd: Number(v.amount), payee: v.payee, description: v.description, confirmOverrun }));
  return (
    <Stack gap="sm" data-testid="commitment-form">
      <Title order={5}>Ghi cam kết chi mới</Title>
      <Group grow align="flex-start">
        <VnDateInput label="Ngày cam kết" required value={v.committedOn} onChange={(x) => setV({ ...v, committedOn: x ?? v.committedOn })} />
        <NumberInput label="Số tiền" required {...moneyInput} value={v.amount} onChange={(x) => setV({ ...v, amount: x })} data-testid="commitment-amount" />
      </Group>
      <TextInput label="Đơn vị, người nhận" required value={v.payee} onChange={(e) => setV({ ...v, payee: e.currentTarget.value })} placeholder="Ví dụ: Công ty in ấn Tuyên Quang" />
      <TextInput label="Nội dung (hợp đồng, đơn đặt hàng)" value={v.description} onChange={(e) => setV({ ...v, description: e.currentTarget.value })} placeholder="Hợp đồng số …/HĐ ngày …" />
      <SaveButtons error={error} busy={busy} onCancel={onDone} onSave={(confirm) => void save(confirm)} saveLabel="Lưu cam kết" saveTestId="save-commitment" />
    </Stack>
  );
}

function History({ view }: { view: BudgetLineView }) {
  const open = view.commitments.filter((c) => c.paidVnd < c.amountVnd);
  return (
    <Stack gap="md">
      <div>
        <Title order={5} mb={4}>Dự toán và các lần điều chỉnh</Title>
        <Table.ScrollContainer minWidth={520}>
          <Table fz="sm" striped>
            <Table.Thead><Table.Tr><Table.Th>Ngày ghi</Table.Th><Table.Th ta="right">Dự toán</Table.Th><Table.Th>Quyết định, lý do</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {view.revisions.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDate(r.recordedAt.slice(0, 10))}</Table.Td>
                  <Table.Td ta="right" className="budget-money">{r.previousVnd !== null ? `${formatVnd(r.previousVnd)} → ` : ''}<b>{formatVnd(r.estimateVnd)}</b></Table.Td>
                  <Table.Td>{r.kind === 'initial' ? 'Giao dự toán' : r.reason}{r.decision ? ` (${r.decision})` : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>
      <div>
        <Title order={5} mb={4}>Cam kết chi ({open.length} chưa thanh toán hết)</Title>
        {view.commitments.length === 0 ? <Text size="sm" c="dimmed">Chưa có cam kết chi nào.</Text> : (
          <Table.ScrollContainer minWidth={520}>
            <Table fz="sm" striped data-testid="commitments">
              <Table.Thead><Table.Tr><Table.Th>Ngày</Table.Th><Table.Th>Đơn vị, nội dung</Table.Th><Table.Th ta="right">Cam kết</Table.Th><Table.Th ta="right">Đã thanh toán</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {view.commitments.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{formatDate(c.committedOn)}</Table.Td>
                    <Table.Td>{c.payee}{c.description ? <Text size="xs" c="dimmed">{c.description}</Text> : null}</Table.Td>
                    <Table.Td ta="right" className="budget-money">{formatVnd(c.amountVnd)}</Table.Td>
                    <Table.Td ta="right" className="budget-money">{formatVnd(c.paidVnd)}{c.paidVnd >= c.amountVnd ? ' (đủ)' : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </div>
    </Stack>
  );
}

/** The line's history in a dialog; Phòng Kinh tế may add a commitment from it. */
export function LineDetail({ line, year, manage, onClose }: { line: BudgetLine; year: number; manage: boolean; onClose: () => void }) {
  const view = useBudgetLine(line.id);
  const [adding, setAdding] = useState(false);
  const editable = manage && view.data !== undefined && !view.data.settled;
  return (
    <ResponsiveModal opened onClose={onClose} title={line.title} size="xl">
      {view.error ? <ErrorAlert error={view.error} /> : !view.data ? <LoadingBlock /> : (
        <Stack gap="md">
          <History view={view.data} />
          {editable && (adding
            ? <CommitmentForm line={line} year={year} onDone={() => setAdding(false)} />
            : <Group justify="flex-end"><Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="add-commitment">Ghi cam kết chi</Button></Group>)}
        </Stack>
      )}
    </ResponsiveModal>
  );
}
