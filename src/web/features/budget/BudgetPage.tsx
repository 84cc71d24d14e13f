// Kinh phí (/kinh-phi): a commune's budget of a year. Phòng Kinh tế keeps the lines (dự toán,
// điều chỉnh), records spending with its voucher, builds the monthly allowance sheets and
// settles the year; the leader reads everything; other offices and the province see the
// totals by activity and source.
import { Alert, Anchor, Badge, Button, Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconLock, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import {
  BUDGET_ACTIVITY_LABELS,
  FUNDING_SOURCE_LABELS,
  formatVnd,
  type BudgetFigures,
  type BudgetLine,
  type BudgetTotals,
  type SpendingView,
} from '../../../shared/budget.ts';
import { yearInVietnam } from '../../../shared/calendar.ts';
import { downloadFile } from '../../app/api.ts';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { AllowancePanel } from './AllowancePanel.tsx';
import { LineDetail } from './LineDetail.tsx';
import { LineForm, RevisionForm } from './LineForms.tsx';
import { SpendingForm } from './SpendingForm.tsx';
import { settleYear, useBudgetChanged, useBudgetTotals, useBudgetYear, useSpending } from './budget.api.ts';
import './budget.css';

const TABS = { 'du-toan': 'Dự toán', 'khoan-chi': 'Khoản chi', 'phu-cap': 'Phụ cấp Tổ CNSCĐ', 'quyet-toan': 'Quyết toán' } as const;
type Tab = keyof typeof TABS;

export const vnd = (n: number) => formatVnd(n);

function Remaining({ value }: { value: number }) {
  return <Text size="sm" fw={600} c={value < 0 ? 'red.8' : undefined}>{vnd(value)}</Text>;
}

/** Estimate, spent and what is left, as cards. */
function FigureCards({ f }: { f: BudgetFigures }) {
  const items = [
    ['Dự toán', f.estimateVnd, f.initialVnd !== f.estimateVnd ? `Đầu năm ${vnd(f.initialVnd)}` : 'Chưa điều chỉnh'],
    ['Đã chi', f.spentVnd, f.estimateVnd ? `${Math.round((f.spentVnd / f.estimateVnd) * 1000) / 10}% dự toán`.replace('.', ',') : ''],
    ['Cam kết chưa chi', f.committedVnd, ''],
    ['Còn lại', f.remainingVnd, 'Sau khi trừ đã chi và cam kết'],
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" mb="md">
      {items.map(([label, value, note]) => (
        <Card key={label} padding="sm" withBorder>
          <Text size="xs" c="dimmed">{label}</Text>
          <Text fw={700} size="lg" c={value < 0 ? 'red.8' : undefined} data-testid={`figure-${label}`}>{vnd(value)}</Text>
          {note && <Text size="xs" c="dimmed">{note}</Text>}
        </Card>
      ))}
    </SimpleGrid>
  );
}

function TotalsTables({ totals }: { totals: BudgetTotals }) {
  const rows = <K extends string>(list: Array<BudgetFigures & Record<string, unknown>>, key: K, labels: Record<string, string>) =>
    list.filter((r) => r.estimateVnd || r.spentVnd).map((r) => (
      <Table.Tr key={String(r[key])}>
        <Table.Td>{labels[String(r[key])]}</Table.Td>
        <Table.Td ta="right" className="budget-money">{vnd(r.estimateVnd)}</Table.Td>
        <Table.Td ta="right" className="budget-money">{vnd(r.spentVnd)}</Table.Td>
        <Table.Td ta="right" className="budget-money"><Remaining value={r.estimateVnd - r.spentVnd} /></Table.Td>
      </Table.Tr>
    ));
  const head = (first: string) => (
    <Table.Thead><Table.Tr><Table.Th>{first}</Table.Th><Table.Th ta="right">Dự toán</Table.Th><Table.Th ta="right">Đã chi</Table.Th><Table.Th ta="right">Còn lại</Table.Th></Table.Tr></Table.Thead>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Card withBorder padding="sm">
        <Title order={4} mb="xs">Theo nguồn kinh phí</Title>
        <Table.ScrollContainer minWidth={320}><Table fz="sm">{head('Nguồn')}<Table.Tbody>{rows(totals.bySource, 'source', FUNDING_SOURCE_LABELS)}</Table.Tbody></Table></Table.ScrollContainer>
      </Card>
      <Card withBorder padding="sm">
        <Title order={4} mb="xs">Theo nội dung chi</Title>
        <Table.ScrollContainer minWidth={320}><Table fz="sm">{head('Nội dung')}<Table.Tbody>{rows(totals.byActivity, 'activity', BUDGET_ACTIVITY_LABELS)}</Table.Tbody></Table></Table.ScrollContainer>
      </Card>
    </SimpleGrid>
  );
}

function LinesPanel({ lines, manage, onRevise, onOpen }: { lines: BudgetLine[]; manage: boolean; onRevise: (line: BudgetLine) => void; onOpen: (line: BudgetLine) => void }) {
  const columns: Column<BudgetLine>[] = [
    { key: 'title', header: 'Dòng kinh phí', render: (l) => (
      <Stack gap={2}>
        <Anchor component="button" type="button" size="sm" fw={600} ta="left" onClick={() => onOpen(l)} data-testid="line-open">{l.title}</Anchor>
        <Text size="xs" c="dimmed">{BUDGET_ACTIVITY_LABELS[l.activity]} · {FUNDING_SOURCE_LABELS[l.source]}</Text>
        {l.legalBasis && <Text size="xs" c="dimmed">Căn cứ: {l.legalBasis}</Text>}
      </Stack>
    ) },
    { key: 'estimate', header: 'Dự toán', align: 'right', nowrap: true, render: (l) => (
      <Stack gap={0} align="flex-end"><Text size="sm">{vnd(l.estimateVnd)}</Text>{l.revisions > 0 && <Text size="xs" c="dimmed">{l.revisions} lần điều chỉnh</Text>}</Stack>
    ) },
    { key: 'spent', header: 'Đã chi', align: 'right', nowrap: true, render: (l) => <Text size="sm">{vnd(l.spentVnd)}</Text> },
    { key: 'committed', header: 'Cam kết', align: 'right', nowrap: true, render: (l) => <Text size="sm">{l.committedVnd ? vnd(l.committedVnd) : '—'}</Text> },
    { key: 'remaining', header: 'Còn lại', align: 'right', nowrap: true, render: (l) => <Remaining value={l.remainingVnd} /> },
    ...(manage ? [{ key: 'act', header: '', width: 110, render: (l: BudgetLine) => <Button size="xs" variant="light" onClick={() => onRevise(l)}>Điều chỉnh</Button> }] : []),
  ];
  return (
    <ListView
      rows={lines}
      columns={columns}
      rowKey={(l) => l.id}
      testId="budget-lines"
      minWidth={760}
      empty={<Empty title="Chưa có dòng kinh phí nào trong năm" description="Phòng Kinh tế lập dự toán: mỗi dòng một nội dung chi và một nguồn kinh phí." />}
      card={(l) => (
        <Stack gap={4}>
          <Anchor component="button" type="button" fw={600} size="sm" ta="left" onClick={() => onOpen(l)}>{l.title}</Anchor>
          <Text size="xs" c="dimmed">{BUDGET_ACTIVITY_LABELS[l.activity]} · {FUNDING_SOURCE_LABELS[l.source]}</Text>
          <Group justify="space-between"><Text size="sm">Dự toán</Text><Text size="sm">{vnd(l.estimateVnd)}</Text></Group>
          <Group justify="space-between"><Text size="sm">Đã chi</Text><Text size="sm">{vnd(l.spentVnd)}</Text></Group>
          {l.committedVnd > 0 && <Group justify="space-between"><Text size="sm">Cam kết chưa chi</Text><Text size="sm">{vnd(l.committedVnd)}</Text></Group>}
          <Group justify="space-between"><Text size="sm">Còn lại</Text><Remaining value={l.remainingVnd} /></Group>
          {manage && <Button size="xs" variant="light" onClick={() => onRevise(l)}>Điều chỉnh dự toán</Button>}
        </Stack>
      )}
    />
  );
}

function SpendingPanel({ orgUnitId, year, manage }: { orgUnitId: number; year: number; manage: boolean }) {
  const list = useSpending({ orgUnitId, year });
  const columns: Column<SpendingView>[] = [
    { key: 'date', header: 'Ngày chi', nowrap: true, width: 100, render: (s) => formatDate(s.spentOn) },
    { key: 'voucher', header: 'Chứng từ', nowrap: true, width: 110, render: (s) => (
      <Stack gap={0}><Text size="sm">{s.voucherNo}</Text>{s.voucherFiles.map((f, i) => <a key={f.id} href={f.url} target="_blank" rel="noreferrer"><Text size="xs">Tệp {i + 1}</Text></a>)}</Stack>
    ) },
    { key: 'payee', header: 'Người nhận, diễn giải', render: (s) => (
      <Stack gap={2}><Text size="sm" fw={600}>{s.payee}</Text>{s.description && <Text size="xs" c="dimmed">{s.description}</Text>}{s.link && <Text size="xs">Chi cho: {s.link.label}</Text>}</Stack>
    ) },
    { key: 'line', header: 'Dòng kinh phí', width: 200, render: (s) => <Text size="sm">{s.line.title}</Text> },
    { key: 'amount', header: 'Số tiền', align: 'right', nowrap: true, render: (s) => <Text size="sm" fw={600}>{vnd(s.amountVnd)}</Text> },
  ];
  if (list.error) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  return (
    <ListView
      rows={list.data?.items}
      loading={list.isPending}
      columns={columns}
      rowKey={(s) => s.id}
      testId="spending-list"
      empty={<Empty title="Chưa có khoản chi nào" description={manage ? 'Bấm “Ghi khoản chi” để ghi theo chứng từ.' : undefined} />}
      card={(s) => (
        <Stack gap={4}>
          <Group justify="space-between" wrap="nowrap"><Text size="sm" fw={600}>{s.payee}</Text><Text size="sm" fw={600}>{vnd(s.amountVnd)}</Text></Group>
          <Text size="xs" c="dimmed">{formatDate(s.spentOn)} · {s.voucherNo} · {s.line.title}</Text>
          {s.link && <Text size="xs">Chi cho: {s.link.label}</Text>}
        </Stack>
      )}
    />
  );
}

function SettlementPanel({ orgUnitId, year, totals, manage, openSheets, settledBy }: { orgUnitId: number; year: number; totals: BudgetTotals; manage: boolean; openSheets: number; settledBy: string | null }) {
  const changed = useBudgetChanged();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState<'settle' | 'xlsx' | 'docx' | null>(null);
  const download = async (format: 'xlsx' | 'docx') => {
    setBusy(format);
    try {
      await downloadFile(`/api/budget/settlement.${format}`, { orgUnitId, year }, `quyet-toan-${year}.${format}`);
    } catch (error) {
      notifyError(error, 'Chưa tải được');
    } finally {
      setBusy(null);
    }
  };
  const settle = async () => {
    setBusy('settle');
    try {
      await settleYear({ orgUnitId, year });
      notifySaved(`Đã quyết toán kinh phí năm ${year}.`);
      setConfirm(false);
      changed();
    } catch (error) {
      notifyError(error, 'Chưa quyết toán được');
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap="md">
      {totals.settled ? (
        <Alert color="green" icon={<IconLock size={18} />} title={`Đã quyết toán ngày ${formatDate(totals.settledAt)}`} data-testid="settled-note">
          {settledBy ? `Người quyết toán: ${settledBy}. ` : ''}Kinh phí năm {year} đã khóa: không thêm, sửa, xóa được.
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">Quyết toán đối chiếu dự toán với số đã chi theo từng dòng và nguồn, kèm danh sách chứng từ. Sau khi quyết toán, năm {year} bị khóa.</Text>
      )}
      <TotalsTables totals={totals} />
      <Group gap="sm">
        <Button leftSection={<IconDownload size={18} />} variant="light" loading={busy === 'xlsx'} onClick={() => download('xlsx')}>Tải Excel quyết toán</Button>
        <Button leftSection={<IconDownload size={18} />} variant="light" loading={busy === 'docx'} onClick={() => download('docx')}>Tải báo cáo quyết toán (Word)</Button>
        {manage && !totals.settled && <Button color="red" leftSection={<IconLock size={18} />} onClick={() => setConfirm(true)}>Quyết toán năm {year}</Button>}
      </Group>
      <ConfirmModal opened={confirm} onClose={() => setConfirm(false)} onConfirm={settle} loading={busy === 'settle'} title={`Quyết toán kinh phí năm ${year}`} confirmLabel="Quyết toán và khóa năm">
        <Stack gap="xs">
          <Text size="sm">Dự toán {vnd(totals.total.estimateVnd)}, đã chi {vnd(totals.total.spentVnd)}, còn lại {vnd(totals.total.estimateVnd - totals.total.spentVnd)}.</Text>
          {openSheets > 0 && <Alert color="orange" icon={<IconAlertTriangle size={18} />}>Còn {openSheets} bảng phụ cấp chưa ghi chi: cần ghi chi hoặc xóa trước.</Alert>}
          <Text size="sm">Sau khi quyết toán, không thêm, sửa hay xóa được bất cứ khoản nào của năm {year}.</Text>
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}

export function BudgetPage() {
  const session = useSession();
  const { values, set } = useUrlFilters(['nam', 'xem', 'xa'] as const);
  const thisYear = yearInVietnam();
  const year = Number(values.nam) || thisYear;
  const tab: Tab = (values.xem as Tab) in TABS ? (values.xem as Tab) : 'du-toan';
  const communeAccount = session.me.orgUnit.level === 'commune';
  const orgUnitId = communeAccount ? session.me.orgUnit.id : Number(values.xa) || null;
  const detail = session.can('budget.read');
  const yearView = useBudgetYear({ orgUnitId: orgUnitId ?? 0, year }, detail && orgUnitId !== null);
  const totalsOnly = useBudgetTotals({ orgUnitId: orgUnitId ?? 0, year }, !detail && orgUnitId !== null);
  const [adding, setAdding] = useState<'line' | 'spending' | null>(null);
  const [revising, setRevising] = useState<BudgetLine | null>(null);
  const [opened, setOpened] = useState<BudgetLine | null>(null);
  const years = Array.from({ length: Math.max(1, thisYear - 2024) + 1 }, (_, i) => String(thisYear + 1 - i));
  const view = yearView.data;
  const totals = view?.totals ?? totalsOnly.data;
  const manage = view?.can.manage ?? false;
  const error = yearView.error ?? totalsOnly.error;

  return (
    <>
      <PageHeader
        title="Kinh phí hoạt động Tổ CNSCĐ"
        description={`Dự toán, khoản chi, phụ cấp và quyết toán — ${totals ? `Xã ${totals.orgUnit.name}` : session.scopeName}, năm ${year}`}
        badge={totals?.settled ? <Badge color="green" leftSection={<IconLock size={12} />}>Đã quyết toán</Badge> : undefined}
        actions={manage && (
          <Group gap="xs">
            <Button variant="light" leftSection={<IconPlus size={18} />} onClick={() => setAdding('line')}>Thêm dòng kinh phí</Button>
            <Button leftSection={<IconPlus size={18} />} onClick={() => setAdding('spending')} data-testid="add-spending">Ghi khoản chi</Button>
          </Group>
        )}
      />
      <Group mb="md" gap="sm" justify="space-between">
        {detail ? (
          <SegmentedControl value={tab} onChange={(v) => set({ xem: v === 'du-toan' ? null : v })} data={Object.entries(TABS).map(([value, label]) => ({ value, label }))} data-testid="budget-tabs" className="budget-tabs" />
        ) : <span />}
        <Group gap="xs">
          {!communeAccount && <OrgUnitPicker value={orgUnitId} onChange={(id) => set({ xa: id ? String(id) : null })} levels={['commune']} placeholder="Chọn xã" aria-label="Xã" w={220} />}
          <Select aria-label="Năm" w={100} data={years} value={String(year)} onChange={(v) => set({ nam: v === String(thisYear) ? null : v })} allowDeselect={false} />
        </Group>
      </Group>
      {orgUnitId === null && <Empty title="Chọn một xã" description="Kinh phí được lập theo từng xã." />}
      {error && <ErrorAlert error={error} />}
      {orgUnitId !== null && !totals && !error && <LoadingBlock />}
      {orgUnitId !== null && totals && (
        <>
          <FigureCards f={totals.total} />
          {!detail && <TotalsTables totals={totals} />}
          {detail && view && tab === 'du-toan' && <LinesPanel lines={view.lines} manage={manage} onRevise={setRevising} onOpen={setOpened} />}
          {detail && tab === 'khoan-chi' && <SpendingPanel orgUnitId={orgUnitId} year={year} manage={manage} />}
          {detail && view && tab === 'phu-cap' && <AllowancePanel orgUnitId={orgUnitId} year={year} lines={view.lines} manage={manage} />}
          {detail && view && tab === 'quyet-toan' && <SettlementPanel orgUnitId={orgUnitId} year={year} totals={totals} manage={can(session, 'budget.manage')} openSheets={view.openSheets} settledBy={view.settledBy} />}
        </>
      )}
      {orgUnitId !== null && adding === 'line' && <LineForm orgUnitId={orgUnitId} year={year} onClose={() => setAdding(null)} />}
      {orgUnitId !== null && adding === 'spending' && view && <SpendingForm orgUnitId={orgUnitId} year={year} lines={view.lines} onClose={() => setAdding(null)} />}
      {revising && <RevisionForm line={revising} onClose={() => setRevising(null)} />}
      {opened && <LineDetail line={opened} year={year} manage={manage} onClose={() => setOpened(null)} />}
    </>
  );
}

const can = (session: ReturnType<typeof useSession>, permission: 'budget.manage') => session.can(permission);
