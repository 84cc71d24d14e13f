// Nhiệm vụ (/nhiem-vu): the tasks of section IV as their occurrences — an office and a village
// head see their own, Phòng VH-XH and the leader every unit's (late first) and the board by
// unit × month of the year.
import { Anchor, Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconFileImport, IconListCheck, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { yearInVietnam } from '../../../shared/calendar.ts';
import { TASK_SHOWN_STATUSES, TASK_STATUS_LABELS, TASK_UNITS, TASK_UNIT_LABELS, type BoardCell, type Occurrence, type TaskShownStatus, type TaskUnit } from '../../../shared/tasks.ts';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { TaskStatusBadge } from './TaskBits.tsx';
import { useTaskBoard, useTaskList } from './tasks.api.ts';

export function TasksPage() {
  const session = useSession();
  const manages = session.can('tasks.manage');
  const { values, set } = useUrlFilters(['nam', 'xem', 'trang-thai', 'don-vi'] as const);
  const thisYear = yearInVietnam();
  const year = Number(values.nam) || thisYear;
  const tab = manages && values.xem === 'bang' ? 'board' : 'list';
  const status = (TASK_SHOWN_STATUSES as readonly string[]).includes(values['trang-thai'] ?? '') ? values['trang-thai'] as TaskShownStatus : undefined;
  const unit = (TASK_UNITS as readonly string[]).includes(values['don-vi'] ?? '') ? values['don-vi'] as TaskUnit : undefined;
  const years = [thisYear + 1, thisYear, thisYear - 1].map(String);
  return (
    <>
      <PageHeader
        title="Nhiệm vụ"
        description={`Nhiệm vụ của các đơn vị theo Kế hoạch (mục IV) — ${session.scopeName}`}
        actions={manages && (
          <>
            <Button component={Link} to="/nhiem-vu/moi" leftSection={<IconPlus size={18} />}>Giao nhiệm vụ</Button>
            <Button variant="light" component={Link} to="/nhiem-vu/dot-xuat" leftSection={<IconFileImport size={18} />}>Yêu cầu đột xuất</Button>
          </>
        )}
      />
      <Group justify="space-between" mb="md" gap="sm">
        {manages ? (
          <SegmentedControl value={tab} onChange={(v) => set({ xem: v === 'board' ? 'bang' : null })}
            data={[{ value: 'list', label: 'Danh sách' }, { value: 'board', label: 'Theo đơn vị × tháng' }]} data-testid="task-tabs" />
        ) : <span />}
        <Group gap="xs">
          <Select aria-label="Năm" w={100} data={years} value={String(year)} onChange={(v) => set({ nam: v === String(thisYear) ? null : v })} allowDeselect={false} />
          {tab === 'list' && manages && (
            <Select aria-label="Đơn vị" w={230} placeholder="Mọi đơn vị" clearable data={TASK_UNITS.map((u) => ({ value: u, label: TASK_UNIT_LABELS[u] }))}
              value={unit ?? null} onChange={(v) => set({ 'don-vi': v })} />
          )}
          {tab === 'list' && (
            <Select aria-label="Trạng thái" w={150} placeholder="Mọi trạng thái" clearable data={TASK_SHOWN_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }))}
              value={status ?? null} onChange={(v) => set({ 'trang-thai': v })} data-testid="task-status-filter" />
          )}
        </Group>
      </Group>
      {tab === 'board' ? <TaskBoardView year={year} /> : <TaskList year={year} status={status} unit={unit} mine={manages ? false : undefined} />}
    </>
  );
}

function TaskList({ year, status, unit, mine }: { year: number; status?: TaskShownStatus; unit?: TaskUnit; mine?: boolean }) {
  const list = useTaskList({ year, status, responsible: unit, mine, pageSize: 200 });
  const columns: Column<Occurrence>[] = [
    { key: 'due', header: 'Hạn', render: (r) => <Text size="sm" fw={r.shown === 'overdue' ? 700 : 400} c={r.shown === 'overdue' ? 'red.8' : undefined}>{formatDate(r.dueOn)}</Text>, width: 105, nowrap: true },
    {
      key: 'title', header: 'Nhiệm vụ',
      render: (r) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/nhiem-vu/${r.id}`} size="sm" fw={600} c="inherit">{r.title}</Anchor>
          <Text size="xs" c="dimmed">{[r.clause, r.periodLabel, r.adhoc ? 'Yêu cầu đột xuất' : null].filter(Boolean).join(' · ')}</Text>
        </Stack>
      ),
    },
    { key: 'unit', header: 'Đơn vị chủ trì', render: (r) => <Text size="sm">{r.unitLabel}</Text>, width: 200 },
    { key: 'evidence', header: 'Minh chứng', render: (r) => (r.evidence ? <Text size="sm" lineClamp={1}>{r.evidence.label}</Text> : <Text size="sm" c="dimmed">—</Text>), width: 170 },
    { key: 'status', header: 'Trạng thái', render: (r) => <TaskStatusBadge shown={r.shown} doneLate={r.doneLate} />, width: 130, nowrap: true },
  ];
  if (list.error) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      {list.data && <Text size="sm" c="dimmed" mb="xs" data-testid="task-total">{list.data.total} lần đến hạn{list.data.total > list.data.items.length ? ` (hiện ${list.data.items.length} đầu tiên)` : ''}</Text>}
      <ListView
        rows={list.data?.items}
        columns={columns}
        rowKey={(r) => r.id}
        rowHref={(r) => `/nhiem-vu/${r.id}`}
        loading={list.isPending}
        testId="task-list"
        minWidth={860}
        card={(r) => (
          <Stack gap={4}>
            <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={600}>{r.title}</Text>
              <TaskStatusBadge shown={r.shown} doneLate={r.doneLate} />
            </Group>
            <Text size="sm" c="dimmed">{r.unitLabel} · hạn {formatDate(r.dueOn)}{r.periodLabel ? ` · ${r.periodLabel}` : ''}</Text>
          </Stack>
        )}
        empty={<Empty icon={<IconListCheck size={32} />} title={`Không có nhiệm vụ nào${status ? ` ${TASK_STATUS_LABELS[status].toLocaleLowerCase('vi')}` : ''} năm ${year}`} />}
      />
    </>
  );
}

function cellText(c: BoardCell): string {
  return c.total ? `${c.done}/${c.total}` : '';
}

function TaskBoardView({ year }: { year: number }) {
  const board = useTaskBoard(year, true);
  if (board.error) return <ErrorAlert error={board.error} onRetry={() => void board.refetch()} />;
  if (!board.data) return <LoadingBlock />;
  if (!board.data.rows.length) return <Empty icon={<IconListCheck size={32} />} title={`Chưa có nhiệm vụ nào năm ${year}`} />;
  return (
    <Card withBorder padding={0}>
      <Table.ScrollContainer minWidth={980}>
        <Table withColumnBorders verticalSpacing={4} horizontalSpacing={6} fz="sm" data-testid="task-board" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={190}>Đơn vị</Table.Th>
              {Array.from({ length: 12 }, (_, i) => <Table.Th key={i} ta="center" w={52}>T{i + 1}</Table.Th>)}
              <Table.Th ta="center" w={96}>Cả năm</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {board.data.rows.map((r) => (
              <Table.Tr key={`${r.responsible}:${r.village?.id ?? ''}`} data-testid="board-row">
                <Table.Td><Text size="sm" fw={500}>{r.label}</Text></Table.Td>
                {r.months.map((c, i) => (
                  <Table.Td key={i} ta="center" bg={c.overdue ? 'red.1' : c.total && c.done === c.total ? 'teal.0' : undefined}>
                    {c.total > 0 && (
                      <Tooltip label={`${c.done}/${c.total} hoàn thành${c.overdue ? `, ${c.overdue} quá hạn` : ''}${c.doneLate ? `, ${c.doneLate} muộn` : ''}`}>
                        <Text size="sm" fw={c.overdue ? 700 : 400} c={c.overdue ? 'red.8' : undefined}>{cellText(c)}</Text>
                      </Tooltip>
                    )}
                  </Table.Td>
                ))}
                <Table.Td ta="center">
                  <Text size="sm" fw={600}>{cellText(r.total)}</Text>
                  {r.total.overdue > 0 && <Text size="xs" fw={600} c="red.8" style={{ whiteSpace: 'nowrap' }}>{r.total.overdue} quá hạn</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" p="xs">Mỗi ô: số lần đã hoàn thành / số lần đến hạn trong tháng; ô đỏ: có việc quá hạn.</Text>
    </Card>
  );
}
