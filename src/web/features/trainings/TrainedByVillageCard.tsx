// The dashboard's card of trainings (/chi-so): members of the teams trained in the period /
// active members at its end, for the unit and each of its villages, with a link to the
// trainings' own figures.
import { Anchor, Card, Group, Progress, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatNumber, formatPercent } from '../../app/format.ts';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { useTrainingFigures } from './trainings.api.ts';

export function TrainedByVillageCard({ orgUnitId, from, to, level }: { orgUnitId: number; from: string; to: string; level: string }) {
  const figures = useTrainingFigures({ orgUnitId, from, to });
  const f = figures.data;
  const pct = (trained: number, members: number) => (members ? (100 * trained) / members : 0);
  return (
    <Card withBorder padding="md" data-testid="dashboard-trainings">
      <Group justify="space-between" mb={4} gap="xs">
        <Text fw={600}>Thành viên Tổ CNSCĐ đã được tập huấn trong kỳ</Text>
        <Anchor component={Link} to={`/tap-huan?xem=ket-qua&tu=${from}&den=${to}${level === 'village' || level === 'commune' ? `&don-vi=${orgUnitId}` : ''}`} size="sm">Chi tiết theo nội dung, hình thức</Anchor>
      </Group>
      {figures.error ? <ErrorAlert error={figures.error} /> : !f ? <LoadingBlock rows={3} /> : (
        <>
          <Text size="sm" c="dimmed" mb="sm">
            {formatNumber(f.total.trained)}/{formatNumber(f.total.members)} thành viên ({formatPercent(f.total.trained, f.total.members)}) có mặt ở một lớp hoặc hoàn thành khóa trực tuyến; {formatNumber(f.trainings.held)} lớp đã tổ chức; {formatNumber(f.neverTrained)} người chưa từng được tập huấn.
          </Text>
          {level !== 'province' && f.villages.length > 1 && (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing={4} data-testid="dashboard-trainings-villages">
                <Table.Thead><Table.Tr><Table.Th>Thôn</Table.Th><Table.Th ta="right">Đã tập huấn</Table.Th><Table.Th w="40%">Tỷ lệ</Table.Th></Table.Tr></Table.Thead>
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
