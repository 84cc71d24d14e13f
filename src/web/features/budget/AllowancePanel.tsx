// Phụ cấp Tổ CNSCĐ: the province's rates of the year (none assumed: without them no sheet is
// built), the commune's monthly sheets, and one sheet: computed from the teams and their
// recorded activity, quantities corrected with a reason on review, then posted as spending.
import { Alert, Badge, Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { ALLOWANCE_BASIS_LABELS, ALLOWANCE_UNIT_LABELS, SHEET_STATUS_LABELS, formatVnd, type AllowanceSheetView, type BudgetLine } from '../../../shared/budget.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { ApiError } from '../../app/api.ts';
import { Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { buildSheet, deleteSheet, postSheet, reviewSheet, useBudgetChanged, useRates, useSheet, useSheets } from './budget.api.ts';
import { ServerError } from './LineForms.tsx';
import { RatesForm } from './RatesForm.tsx';

const monthLabel = (year: number, month: number) => `Tháng ${String(month).padStart(2, '0')}/${year}`;

function SheetDetail({ sheet, manage, onClosed }: { sheet: AllowanceSheetView; manage: boolean; onClosed: () => void }) {
  const changed = useBudgetChanged();
  const [edits, setEdits] = useState<Record<number, { quantity: number; note: string }>>({});
  const [voucherNo, setVoucherNo] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const needsConfirm = error instanceof ApiError && error.code === 'needs_confirmation';
  const editable = manage && sheet.status !== 'posted';
  const run = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      notifySaved(message);
      setEdits({});
      changed();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const review = () => run(() => reviewSheet(sheet.id, { version: sheet.version, rows: Object.entries(edits).map(([seq, e]) => ({ seq: Number(seq), quantity: e.quantity, note: e.note })) }), 'Đã soát xét bảng phụ cấp.');
  const today = todayInVietnam();
  const post = (confirmOverrun = false) => run(() => postSheet(sheet.id, { version: sheet.version, spentOn: today.startsWith(String(sheet.year)) ? today : `${sheet.year}-12-31`, voucherNo, confirmOverrun }), 'Đã ghi chi bảng phụ cấp.');
  const shown = sheet.rows.filter((r) => r.computedQty > 0 || r.quantity > 0 || r.basis === 'team_month');
  return (
    <Card withBorder padding="sm" data-testid="allowance-sheet">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Bảng phụ cấp {monthLabel(sheet.year, sheet.month)}</Title>
        <Group gap="xs"><Badge color={sheet.status === 'posted' ? 'green' : sheet.status === 'reviewed' ? 'blue' : 'gray'}>{SHEET_STATUS_LABELS[sheet.status]}</Badge><Text fw={700} data-testid="sheet-total">{formatVnd(sheet.totalVnd)}</Text></Group>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">Tính từ hoạt động được ghi nhận trong tháng (hỗ trợ người dân, dự tập huấn); {sheet.rows.length - shown.length} thành viên không có ngày công được ẩn. Dòng: {sheet.line.title}.</Text>
      <Table.ScrollContainer minWidth={640}>
        <Table fz="sm" striped>
          <Table.Thead><Table.Tr><Table.Th>Tổ, thành viên</Table.Th><Table.Th>Cách tính</Table.Th><Table.Th ta="right">Theo dữ liệu</Table.Th><Table.Th ta="right">Số lượng</Table.Th><Table.Th ta="right">Thành tiền</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {shown.map((r) => {
              const edit = edits[r.seq];
              return (
                <Table.Tr key={r.seq}>
                  <Table.Td><Text size="sm" fw={r.member ? 400 : 600}>{r.member ?? `${r.team} - ${r.village}`}</Text>{r.note && <Text size="xs" c="dimmed">{r.note}</Text>}</Table.Td>
                  <Table.Td>{ALLOWANCE_BASIS_LABELS[r.basis]}</Table.Td>
                  <Table.Td ta="right">{r.computedQty} {ALLOWANCE_UNIT_LABELS[r.basis]}</Table.Td>
                  <Table.Td ta="right">
                    {editable ? (
                      <Stack gap={2} align="flex-end">
                        <NumberInput aria-label={`Số lượng dòng ${r.seq}`} w={80} size="xs" min={0} allowDecimal={false} value={edit?.quantity ?? r.quantity} onChange={(x) => setEdits({ ...edits, [r.seq]: { quantity: Number(x) || 0, note: edit?.note ?? '' } })} />
                        {edit && edit.quantity !== r.computedQty && <TextInput aria-label={`Lý do dòng ${r.seq}`} size="xs" w={160} placeholder="Lý do sửa" value={edit.note} onChange={(e) => setEdits({ ...edits, [r.seq]: { ...edit, note: e.currentTarget.value } })} />}
                      </Stack>
                    ) : r.quantity}
                  </Table.Td>
                  <Table.Td ta="right">{formatVnd(r.amountVnd)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {needsConfirm ? <Alert mt="sm" color="orange" icon={<IconAlertTriangle size={18} />} title="Vượt dự toán — cần xác nhận">{(error as ApiError).message}</Alert> : <ServerError error={error} />}
      {editable && (
        <Group mt="sm" justify="space-between" align="flex-end">
          <Button variant="subtle" color="red" onClick={() => run(async () => { await deleteSheet(sheet.id); onClosed(); }, 'Đã xóa bảng phụ cấp.')}>Xóa bảng</Button>
          <Group gap="xs" align="flex-end">
            <Button variant="light" onClick={review} loading={busy} data-testid="review-sheet">{sheet.status === 'reviewed' ? 'Soát xét lại' : 'Đã soát xét'}</Button>
            {sheet.status === 'reviewed' && (
              <>
                <TextInput label="Số chứng từ" value={voucherNo} onChange={(e) => setVoucherNo(e.currentTarget.value)} w={130} data-testid="sheet-voucher" />
                {needsConfirm ? <Button color="orange" onClick={() => post(true)} loading={busy}>Xác nhận vẫn ghi chi</Button> : <Button onClick={() => post()} loading={busy} data-testid="post-sheet">Ghi chi</Button>}
              </>
            )}
          </Group>
        </Group>
      )}
      {sheet.status === 'posted' && <Text size="sm" mt="sm" c="green.8">Đã ghi chi thành {sheet.spendingCount} khoản (mỗi Tổ một khoản){sheet.postedBy ? `, người ghi: ${sheet.postedBy}` : ''}.</Text>}
    </Card>
  );
}

export function AllowancePanel({ orgUnitId, year, lines, manage }: { orgUnitId: number; year: number; lines: BudgetLine[]; manage: boolean }) {
  const changed = useBudgetChanged();
  const rates = useRates(year);
  const sheets = useSheets({ orgUnitId, year });
  const [open, setOpen] = useState<string | null>(null);
  const sheet = useSheet(open);
  const teamLines = lines.filter((l) => l.activity === 'team_support');
  const thisMonth = todayInVietnam().startsWith(String(year)) ? Number(todayInVietnam().slice(5, 7)) : 12;
  const [month, setMonth] = useState(String(thisMonth > 1 ? thisMonth - 1 : 1));
  const [lineId, setLineId] = useState<string | null>(teamLines[0]?.id ?? null);
  const [busy, setBusy] = useState(false);
  const [editingRates, setEditingRates] = useState(false);
  const build = async () => {
    setBusy(true);
    try {
      const made = await buildSheet({ id: uuidv7(), orgUnitId, year, month: Number(month), lineId: lineId ?? '' });
      changed();
      setOpen(made.id);
    } catch (e) {
      notifyError(e, 'Chưa lập được bảng phụ cấp');
    } finally {
      setBusy(false);
    }
  };
  if (rates.error) return <ErrorAlert error={rates.error} />;
  if (!rates.data || !sheets.data) return <LoadingBlock />;
  return (
    <Stack gap="md">
      <Card withBorder padding="sm">
        <Group justify="space-between" mb={4} wrap="nowrap" align="flex-start">
          <Title order={4}>Mức chi của {rates.data.province.name} năm {year}</Title>
          {rates.data.can.manage && <Button size="xs" variant="light" onClick={() => setEditingRates(true)} data-testid="edit-rates">{rates.data.rates.length ? 'Sửa mức chi' : 'Nhập mức chi'}</Button>}
        </Group>
        {rates.data.rates.length === 0 ? (
          <Text size="sm" c="orange.8" data-testid="no-rates">Tỉnh chưa có mức chi bồi dưỡng thành viên Tổ CNSCĐ cho năm {year}: không lập được bảng phụ cấp. Quản trị hệ thống nhập mức chi theo nghị quyết của HĐND tỉnh.</Text>
        ) : (
          <Stack gap={2}>{rates.data.rates.map((r) => <Text key={r.basis} size="sm">{ALLOWANCE_BASIS_LABELS[r.basis]}: <b>{formatVnd(r.amountVnd)}</b>{r.legalBasis ? ` (${r.legalBasis})` : ''}</Text>)}</Stack>
        )}
      </Card>
      {manage && rates.data.rates.length > 0 && (
        <Group align="flex-end" gap="xs">
          <Select label="Tháng" w={130} data={Array.from({ length: thisMonth }, (_, i) => ({ value: String(i + 1), label: monthLabel(year, i + 1) }))} value={month} onChange={(x) => setMonth(x ?? month)} allowDeselect={false} data-testid="sheet-month" />
          <Select label="Dòng kinh phí" w={260} data={teamLines.map((l) => ({ value: l.id, label: l.title }))} value={lineId} onChange={setLineId} placeholder={teamLines.length ? undefined : 'Chưa có dòng “Hỗ trợ hoạt động của Tổ”'} />
          <Button onClick={build} loading={busy} disabled={!lineId} data-testid="build-sheet">Lập bảng phụ cấp</Button>
        </Group>
      )}
      {sheets.data.items.length === 0 ? <Empty title="Chưa có bảng phụ cấp nào trong năm" /> : (
        <Group gap="xs">
          {sheets.data.items.map((s) => (
            <Button key={s.id} variant={open === s.id ? 'filled' : 'light'} size="xs" onClick={() => setOpen(s.id)}>
              {monthLabel(s.year, s.month)} · {SHEET_STATUS_LABELS[s.status]} · {formatVnd(s.totalVnd)}
            </Button>
          ))}
        </Group>
      )}
      {editingRates && <RatesForm rates={rates.data} onClose={() => setEditingRates(false)} />}
      {open && sheet.data && <SheetDetail key={`${sheet.data.id}:${sheet.data.version}`} sheet={sheet.data} manage={manage} onClosed={() => setOpen(null)} />}
    </Stack>
  );
}
