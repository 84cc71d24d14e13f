// Villages of the caller's area with their household and people counts; each opens the
// village's household list.
import { Badge, Card, Group, SimpleGrid, Stack, Text, TextInput, ThemeIcon } from '@mantine/core';
import { IconChevronRight, IconMapPin, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { foldText, formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { useHomeFigures } from '../indicators/HomePage.tsx';
import { useOrgUnits } from './org-units.api.ts';

export function VillagesPage() {
  const { me, scopeName, isVillageScoped } = useSession();
  const { tree, isPending, error, refetch } = useOrgUnits();
  const home = useHomeFigures();
  const [q, setQ] = useState('');

  const figures = useMemo(() => new Map((home.data?.units ?? []).map((u) => [u.id, u])), [home.data]);
  const villages = tree.villages.filter((v) => !q || foldText(v.name).includes(foldText(q)));
  const communeCount = tree.ofLevel('commune').length;
  if (isVillageScoped) return <Navigate to="/ho-gia-dinh" replace />;

  return (
    <>
      <PageHeader
        title={me.orgUnit.level === 'village' ? 'Thôn của tôi' : 'Thôn, tổ dân phố'}
        description={`${formatNumber(tree.villages.length)} thôn, tổ dân phố thuộc ${scopeName}. Chọn một thôn để xem các hộ gia đình.`}
      />
      {tree.villages.length > 8 && (
        <TextInput
          mb="md"
          maw={420}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          placeholder="Lọc theo tên thôn"
          leftSection={<IconSearch size={18} />}
          aria-label="Lọc theo tên thôn"
        />
      )}
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      {isPending ? (
        <LoadingBlock />
      ) : villages.length === 0 ? (
        <Empty title="Không có thôn phù hợp" />
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" data-testid="village-list">
          {villages.map((v) => {
            const f = figures.get(v.id);
            return (
              <Card key={v.id} component={Link} to={`/ho-gia-dinh?thon=${v.id}`} className="card-link" padding="md" data-testid="village-card">
                <Group wrap="nowrap" justify="space-between">
                  <Group wrap="nowrap" gap="sm" miw={0}>
                    <ThemeIcon variant="light" size={40} radius="md"><IconMapPin size={20} /></ThemeIcon>
                    <Stack gap={0} miw={0}>
                      <Text fw={600} truncate>{v.name}</Text>
                      {communeCount > 1 && <Text size="xs" c="dimmed">{tree.name(v.parentId)}</Text>}
                      <Text size="sm" c="dimmed" className="num">
                        {f ? `${formatNumber(f.households)} hộ · ${formatNumber(f.people)} nhân khẩu` : v.code ? `Mã ${v.code}` : ''}
                      </Text>
                    </Stack>
                  </Group>
                  <Group gap={4} wrap="nowrap">
                    {!v.active && <Badge color="gray">Ngừng</Badge>}
                    <IconChevronRight size={18} color="var(--mantine-color-gray-5)" />
                  </Group>
                </Group>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
    </>
  );
}
