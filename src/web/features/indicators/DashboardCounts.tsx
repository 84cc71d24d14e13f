// The counts with no ratio (domain.md): visits, people supported, online procedures and apps
// installed with support, month by month through the year, the chosen period's months marked
// and its total underneath (people are counted once over the whole period).
import { Card, Table, Text } from '@mantine/core';
import { SUPPORT_COUNT_KEYS, SUPPORT_COUNT_LABELS } from '../../../shared/indicators.ts';
import { formatNumber } from '../../app/format.ts';
import type { Dashboard } from './indicators.api.ts';

export function DashboardCounts({ data }: { data: Dashboard }) {
  const { period } = data;
  const from = Number(period.start.slice(5, 7));
  const to = Number(period.end.slice(5, 7));
  const inPeriod = (month: number) => month >= from && month <= to;
  return (
    <Card withBorder padding="md">
      <Text fw={600} mb={4}>Kết quả hỗ trợ theo tháng</Text>
      <Text size="sm" c="dimmed" mb="sm">Các tháng thuộc kỳ đã chọn được tô đậm; dòng cuối là tổng của kỳ.</Text>
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing={4} data-testid="counts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tháng</Table.Th>
              {SUPPORT_COUNT_KEYS.map((k) => <Table.Th key={k} ta="right">{SUPPORT_COUNT_LABELS[k]}</Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.counts.months.map((m) => (
              <Table.Tr key={m.month} style={{ background: inPeriod(m.month) ? 'var(--mantine-color-brand-0)' : undefined }}>
                <Table.Td><Text size="sm" fw={inPeriod(m.month) ? 600 : 400}>Tháng {m.month}</Text></Table.Td>
                {SUPPORT_COUNT_KEYS.map((k) => <Table.Td key={k} ta="right" className="num">{formatNumber(m[k])}</Table.Td>)}
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr style={{ borderTop: '2px solid var(--mantine-color-gray-4)' }} data-testid="counts-period">
              <Table.Td><Text size="sm" fw={700}>{period.label}</Text></Table.Td>
              {SUPPORT_COUNT_KEYS.map((k) => <Table.Td key={k} ta="right" fw={700} className="num">{formatNumber(data.counts.period[k])}</Table.Td>)}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
