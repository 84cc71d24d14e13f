// The dashboard's communication card: the period's activities by village (or commune), the
// households informed (TT) at the period's end beside them, and the other reach as what it is.
import { Anchor, Card, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { COMM_CHANNEL_SHORT, formatAirtime } from '../../../shared/communication.ts';
import { formatNumber, formatPercent } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useCommSummary } from './communication.api.ts';

interface UnitTT {
  id: number;
  tt: { numerator: number; denominator: number } | undefined;
}

export function DashboardCommunication({ unitId, from, to, periodLabel, unitsLabel, units, total }: {
  unitId: number;
  /** 'Thôn' or 'Xã': what the rows are. */
  unitsLabel: string;
  from: string;
  to: string;
  periodLabel: string;
  /** The TT indicator of each row's unit at the period's end, from the dashboard. */
  units: UnitTT[];
  total: UnitTT['tt'];
}) {
  const session = useSession();
  const summary = useCommSummary({ orgUnitId: unitId, from, to });
  const s = summary.data;
  if (!s) return null;
  const ttOf = (id: number) => units.find((u) => u.id === id)?.tt;
  const tt = (f: UnitTT['tt']) => (f ? `${formatNumber(f.numerator)}/${formatNumber(f.denominator)} · ${formatPercent(f.numerator, f.denominator)}` : '—');
  const rows = s.units.length > 1 ? s.units : [];
  const activitiesOf = (channel: 'village_meeting' | 'loudspeaker' | 'zalo') => s.byChannel.find((c) => c.channel === channel)?.activities ?? 0;
  return (
    <Card withBorder padding="md" data-testid="dashboard-communication">
      <Group justify="space-between" align="flex-start" mb={4}>
        <Text fw={600}>Truyền thông, {periodLabel.toLocaleLowerCase('vi')}</Text>
        {session.can('communication.read') && <Anchor component={Link} to="/truyen-thong" size="sm">Xem các hoạt động</Anchor>}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {formatNumber(s.total.activities)} hoạt động; {formatNumber(s.total.meetingHouseholds)} hộ dự họp thôn và {formatNumber(s.visitHouseholds)} hộ được thông tin qua lượt hỗ trợ tại hộ
        ({formatNumber(s.newlyInformed)} hộ lần đầu). Chỉ hộ có tên được tính vào TT; loa, Zalo, mạng xã hội là số liệu tham khảo.
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing={4} striped data-testid="communication-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{unitsLabel}</Table.Th>
              <Table.Th ta="right">Hoạt động</Table.Th>
              <Table.Th ta="right">{COMM_CHANNEL_SHORT.village_meeting}</Table.Th>
              <Table.Th ta="right">Hộ dự họp</Table.Th>
              <Table.Th ta="right">TT cuối kỳ</Table.Th>
              <Table.Th ta="right">Loa (tin · thời lượng)</Table.Th>
              <Table.Th ta="right">Zalo (bài)</Table.Th>
              <Table.Th ta="right">Khác</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((u) => {
              const meetings = u.byChannel.village_meeting ?? 0;
              const others = u.activities - meetings - (u.byChannel.loudspeaker ?? 0) - (u.byChannel.zalo ?? 0);
              return (
                <Table.Tr key={u.orgUnitId} data-unit={u.orgUnitId}>
                  <Table.Td><Text size="sm">{u.name}</Text></Table.Td>
                  <Table.Td ta="right" className="num">{formatNumber(u.activities)}</Table.Td>
                  <Table.Td ta="right" className="num">{formatNumber(meetings)}</Table.Td>
                  <Table.Td ta="right" className="num">{formatNumber(u.meetingHouseholds)}</Table.Td>
                  <Table.Td ta="right" className="num" style={{ whiteSpace: 'nowrap' }}>{tt(ttOf(u.orgUnitId))}</Table.Td>
                  <Table.Td ta="right" className="num" style={{ whiteSpace: 'nowrap' }}>{u.byChannel.loudspeaker ? `${formatNumber(u.newsItems)} · ${formatAirtime(u.airtimeMinutes)}` : '—'}</Table.Td>
                  <Table.Td ta="right" className="num">{formatNumber(u.zaloPosts)}</Table.Td>
                  <Table.Td ta="right" className="num">{formatNumber(others)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr style={{ borderTop: '2px solid var(--mantine-color-gray-4)' }} data-testid="communication-total">
              <Table.Td><Text size="sm" fw={700}>Cộng</Text></Table.Td>
              <Table.Td ta="right" fw={700} className="num">{formatNumber(s.total.activities)}</Table.Td>
              <Table.Td ta="right" fw={700} className="num">{formatNumber(activitiesOf('village_meeting'))}</Table.Td>
              <Table.Td ta="right" fw={700} className="num">{formatNumber(s.total.meetingHouseholds)}</Table.Td>
              <Table.Td ta="right" fw={700} className="num" style={{ whiteSpace: 'nowrap' }}>{tt(total)}</Table.Td>
              <Table.Td ta="right" fw={700} className="num" style={{ whiteSpace: 'nowrap' }}>{formatNumber(s.total.newsItems)} · {formatAirtime(s.total.airtimeMinutes)}</Table.Td>
              <Table.Td ta="right" fw={700} className="num">{formatNumber(s.total.zaloPosts)}</Table.Td>
              <Table.Td ta="right" fw={700} className="num">{formatNumber(s.total.activities - activitiesOf('village_meeting') - activitiesOf('loudspeaker') - activitiesOf('zalo'))}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
