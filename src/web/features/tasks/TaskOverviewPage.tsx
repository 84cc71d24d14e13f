// Tiến độ các xã (/tien-do-xa): for the province, by commune, how many reports and tasks were
// due so far this year, how many done, how many on time — like a reporting rate.
import { Card, Group, Select, Table, Text } from '@mantine/core';
import { yearInVietnam } from '../../../shared/calendar.ts';
import type { OnTimeRate } from '../../../shared/tasks.ts';
import { formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { useTaskOverview } from './tasks.api.ts';

const rate = (n: number, d: number) => (d ? `${Math.round((n / d) * 1000) / 10}%`.replace('.', ',') : '—');

function Rate({ r, testId }: { r: OnTimeRate; testId?: string }) {
  return (
    <>
      <Table.Td ta="right">{formatNumber(r.expected)}</Table.Td>
      <Table.Td ta="right">{formatNumber(r.done)}</Table.Td>
      <Table.Td ta="right" data-testid={testId}><Text size="sm" fw={600} c={r.expected && r.onTime / r.expected < 0.8 ? 'red.8' : undefined}>{rate(r.onTime, r.expected)}</Text></Table.Td>
    </>
  );
}

export function TaskOverviewPage() {
  const session = useSession();
  const { values, set } = useUrlFilters(['nam'] as const);
  const thisYear = yearInVietnam();
  const year = Number(values.nam) || thisYear;
  const overview = useTaskOverview(year);
  return (
    <>
      <PageHeader title="Tiến độ các xã" description={`Báo cáo và nhiệm vụ đến hạn, đã làm, đúng hạn theo xã — ${session.scopeName}`}
        actions={<Select aria-label="Năm" w={100} data={[thisYear, thisYear - 1].map(String)} value={String(year)} onChange={(v) => set({ nam: v === String(thisYear) ? null : v })} allowDeselect={false} />} />
      {overview.error ? <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} /> : !overview.data ? <LoadingBlock /> : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing={6} withColumnBorders data-testid="task-overview" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th rowSpan={2}>Xã</Table.Th>
                  <Table.Th colSpan={3} ta="center">Báo cáo tháng (thôn và xã)</Table.Th>
                  <Table.Th colSpan={3} ta="center">Nhiệm vụ của kế hoạch</Table.Th>
                </Table.Tr>
                <Table.Tr>
                  {['Đến hạn', 'Đã nộp', 'Đúng hạn', 'Đến hạn', 'Hoàn thành', 'Đúng hạn'].map((h, i) => <Table.Th key={i} ta="right">{h}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {overview.data.rows.map((r) => (
                  <Table.Tr key={r.orgUnitId}>
                    <Table.Td>{r.name}</Table.Td>
                    <Rate r={r.reports} />
                    <Rate r={r.tasks} />
                  </Table.Tr>
                ))}
                <Table.Tr fw={700}>
                  <Table.Td>Toàn tỉnh</Table.Td>
                  <Rate r={overview.data.total.reports} testId="overview-reports-total" />
                  <Rate r={overview.data.total.tasks} testId="overview-tasks-total" />
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group p="xs"><Text size="xs" c="dimmed">Tính đến {overview.data.asOf.split('-').reverse().join('/')}: đúng hạn = số đã làm trước hoặc đúng ngày hạn / số đến hạn.</Text></Group>
        </Card>
      )}
    </>
  );
}
