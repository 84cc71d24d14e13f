// The dashboard's card of trainings (/chi-so): members of the teams trained since the start of
// the year / active members at the period's end (coverage, like the indicators), and those
// trained in the period itself, for the unit and each of its villages, with a link to the
// trainings' own figures.
import { Anchor, Card, Group, Progress, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatDate, formatNumber, formatPercent } from '../../app/format.ts';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { useTrainingFigures } from './trainings.api.ts';

export function TrainedByVillageCard({ orgUnitId, from, to, level }: { orgUnitId: number; from: string; to: string; level: string }) {
  const yearStart = `${to.slice(0, 4)}-01-01`;
  const figures = useTrainingFigures({ orgUnitId, from: yearStart, to });
  const inPeriod = useTrainingFigures({ orgUnitId, from, to }, from !== yearStart);
  const f = figures.data;
  const period = from === yearStart ? f : inPeriod.data;
  const periodOf = (id: number) => period?.villages.find((v) => v.id === id)?.total.trained;
  const pct = (trained: number, members: number) => (members ? (100 * trained) / members : 0);
  return (
    <Card withBorder padding="md" data-testid="dashboard-trainings">
      <Group justify="space-between" mb={4} gap="xs">
        <Text fw={600}>Thành viên Tổ CNSCĐ đã được tập huấn</Text>
        <Anchor component={Link} to={`/tap-huan?xem=ket-qua&tu=${yearStart}&den=${to}${level === 'village' || level === 'commune' ? `&don-vi=${orgUnitId}` : ''}`} size="sm">Chi tiết theo nội dung, hình thức</Anchor>
      </Group>
      {figures.error ? <ErrorAlert error={figures.error} /> : !f ? <LoadingBlock rows={3} /> : (
        <>
          <Text size="sm" c="dimmed" mb="sm">
            Từ đầu năm đến {formatDate(to)}: {formatNumber(f.total.trained)}/{formatNumber(f.total.members)} thành viên ({formatPercent(f.total.trained, f.total.members)}) đã có mặt ở một lớp hoặc hoàn thành khóa trực tuyến, qua {formatNumber(f.trainings.held)} lớp;
            {period && from !== yearStart ? ` trong kỳ: ${formatNumber(period.total.trained)} thành viên;` : ''} {formatNumber(f.neverTrained)} người chưa từng được tập huấn.
          </Text>
          {level !== 'province' && f.villages.length > 1 && (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing={4} data-testid="dashboard-trainings-villages">
                <Table.Thead><Table.Tr><Table.Th>Thôn</Table.Th><Table.Th ta="right">Từ đầu năm</Table.Th><Table.Th w="40%">Tỷ lệ</Table.Th>{from !== yearStart && <Table.Th ta="right">Trong kỳ</Table.Th>}</Table.Tr></Table.Thead>
                <Table.Tbody>
                  {f.villages.map((v) => (
                    <Table.Tr key={v.id}>
                      <Table.Td>{v.name}</Table.Td>
                      <Table.Td ta="right" className="num">{formatNumber(v.total.trained)}/{formatNumber(v.total.members)}</Table.Td>
                      <Table.Td>
                        <Group gap={8} wrap="nowrap">
                          <Progress value={pct(v.total.trained, v.total.members)} size="sm" style={{ flex: 1 }} color={pct(v.total.trained, v.total.members) >= 50 ? 'teal' : 'orange'} aria-label={`Tỷ lệ đã tập huấn, ${v.name}`} />
                          <Text size="sm" w={52} ta="right" className="num">{formatPercent(v.total.trained, v.total.members)}</Text>
                        </Group>
                      </Table.Td>
                      {from !== yearStart && <Table.Td ta="right" className="num">{formatNumber(periodOf(v.id) ?? 0)}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </Card>
  );
}
