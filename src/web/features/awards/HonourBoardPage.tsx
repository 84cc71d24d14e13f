// Bảng vinh danh (/thi-dua/:id/bang-vinh-danh): a printable page (A4 landscape) of the people,
// families, teams and villages awarded in a campaign, for the village cultural house. Only
// those who agreed to be shown; names and villages only — never ethnicity or ID numbers.
import { Box, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DetailError, Empty, LoadingBlock } from '../../components/states.tsx';
import { shortName } from './AwardBits.tsx';
import { useHonourBoard } from './awards.api.ts';
import './honour-board.css';

export function HonourBoardPage() {
  const { id } = useParams();
  const board = useHonourBoard(id);
  if (board.error) return <DetailError error={board.error} onRetry={() => void board.refetch()} notFoundTitle="Không tìm thấy đợt thi đua" />;
  if (board.isPending) return <LoadingBlock />;
  const b = board.data;
  return (
    <>
      <Box className="no-print">
        <PageHeader
          title="Bảng vinh danh"
          crumbs={[{ label: 'Thi đua, khen thưởng', to: '/thi-dua' }, { label: shortName(b.campaignName), to: `/thi-dua/${id}?tab=ho-so` }, { label: 'Bảng vinh danh' }]}
          description={`Chỉ gồm người/tập thể đã đồng ý công khai${b.withheld ? `; ${b.withheld} người/tập thể được khen không hiện vì chưa đồng ý` : ''}.`}
          actions={<Button leftSection={<IconPrinter size={18} />} onClick={() => window.print()}>In bảng vinh danh</Button>}
        />
      </Box>
      {b.groups.length === 0 ? <Empty title="Chưa có người/tập thể được khen và đồng ý công khai" /> : (
        <Box className="honour-board" data-testid="honour-board">
          <Stack gap={4} align="center" mb="lg">
            <Text fw={700} tt="uppercase" size="sm">Ủy ban nhân dân xã {b.communeName.replace(/^Xã\s+/i, "")}</Text>
            <Title order={2} className="honour-title" ta="center">BẢNG VINH DANH</Title>
            <Text fw={600} ta="center">{b.campaignName}</Text>
            {b.decision && <Text size="sm" fs="italic" ta="center">({b.decision})</Text>}
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg" className="honour-grid">
            {b.groups.map((g) => (
              <Box key={g.award} className="honour-group">
                <Title order={3} fz="md" className="honour-group-title">{g.label}</Title>
                <Stack gap={6} mt="xs">
                  {g.entries.map((e, i) => (
                    <Group key={i} justify="space-between" gap="xs" wrap="nowrap" className="honour-entry">
                      <Text fw={600}>{e.name}</Text>
                      {e.village !== e.name && <Text size="sm" c="dimmed" ta="right">{e.village}</Text>}
                    </Group>
                  ))}
                </Stack>
              </Box>
            ))}
          </SimpleGrid>
        </Box>
      )}
    </>
  );
}
