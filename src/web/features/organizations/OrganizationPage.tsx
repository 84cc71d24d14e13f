// One school, enterprise or cooperative (/truong-hoc-doanh-nghiep/:id): its pupils or workers
// of the reader's area, who has what the plan counts (HS: trained; LD: basic skills) and
// since when, and its group sessions.
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ORGANIZATION_KIND_LABELS, memberWord } from '../../../shared/organizations.ts';
import { formatDate, formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { useSessions } from '../group-sessions/group-sessions.api.ts';
import { ContentBadges } from '../group-sessions/SessionsPage.tsx';
import { ReachedBar, reachedLabel } from './OrganizationsPage.tsx';
import { useOrganization } from './organizations.api.ts';

export function OrganizationPage() {
  const { id } = useParams();
  const session = useSession();
  const org = useOrganization(id);
  const sessions = useSessions({ organizationId: id });
  if (org.error) return <DetailError error={org.error} onRetry={() => void org.refetch()} notFoundTitle="Không tìm thấy đơn vị" />;
  if (!org.data) return <LoadingBlock />;
  const o = org.data;
  const word = memberWord(o.kind);
  return (
    <>
      <PageHeader
        title={o.name}
        description={`${ORGANIZATION_KIND_LABELS[o.kind]}${o.sector ? ` · ${o.sector}` : ''}${o.village ? ` · ${o.village.name}` : ''}${o.contact ? ` · Liên hệ: ${o.contact}` : ''}`}
        crumbs={[{ label: 'Trường học, doanh nghiệp, HTX', to: '/truong-hoc-doanh-nghiep' }, { label: o.name }]}
        actions={session.can('sessions.record') && <Button component={Link} to="/buoi-huong-dan/moi" leftSection={<IconPlus size={18} />}>Ghi buổi hướng dẫn</Button>}
      />
      <Stack gap="md" maw={1100}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Card withBorder padding="sm"><Text size="xs" c="dimmed">Số {word}</Text><Text fw={700} size="xl" data-testid="org-people">{formatNumber(o.people)}</Text></Card>
          <Card withBorder padding="sm"><Text size="xs" c="dimmed">{reachedLabel(o.kind)}</Text><Text fw={700} size="xl" data-testid="org-reached">{formatNumber(o.reached)}</Text></Card>
          <Card withBorder padding="sm"><Text size="xs" c="dimmed">Tỉ lệ</Text><ReachedBar org={o} /></Card>
        </SimpleGrid>
        {o.kind === 'school' && <Text size="sm">Thôn có học sinh theo học: {o.servedVillages.map((v) => v.name).join(', ')}</Text>}
        <Card withBorder padding="md">
          <Title order={4} mb="sm">Buổi hướng dẫn ({formatNumber(sessions.data?.total ?? 0)})</Title>
          <Stack gap={6}>
            {(sessions.data?.items ?? []).map((s) => (
              <Group key={s.id} gap="sm" wrap="wrap">
                <Anchor component={Link} to={`/buoi-huong-dan/${s.id}`} size="sm" fw={600}>{formatDate(s.sessionDate)}</Anchor>
                <ContentBadges contents={s.contents} />
                <Text size="sm" c="dimmed">{formatNumber(s.attendees)} người, {formatNumber(s.done)} đạt</Text>
              </Group>
            ))}
          </Stack>
        </Card>
        <Card withBorder padding="md">
          <Title order={4} mb="sm">Danh sách {word} ({formatNumber(o.members.length)})</Title>
          <Table.ScrollContainer minWidth={560}>
            <Table striped data-testid="org-members">
              <Table.Thead><Table.Tr><Table.Th>Họ tên</Table.Th><Table.Th>Năm sinh</Table.Th><Table.Th>Thôn</Table.Th><Table.Th>{o.kind === 'school' ? 'Được tập huấn từ' : 'Có kỹ năng số từ'}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {o.members.map((m) => (
                  <Table.Tr key={m.personId}>
                    <Table.Td><Anchor component={Link} to={`/ho-gia-dinh/${m.householdId}`} size="sm">{m.fullName}</Anchor></Table.Td>
                    <Table.Td>{m.birthYear}</Table.Td>
                    <Table.Td>{m.village.name}</Table.Td>
                    <Table.Td>{m.reachedOn ? formatDate(m.reachedOn) : <Badge color="orange" variant="light" tt="none">Chưa đạt</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      </Stack>
    </>
  );
}
