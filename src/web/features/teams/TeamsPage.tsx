// Tổ CNSCĐ of the area: every village with its active team (or none yet), the team's size
// against the plan's 3–5 members, its decision and leader, and the households that still
// need a member to look after them. A village's own accounts land on their team directly.
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconPhone, IconUsersGroup, IconUsersPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { TEAM_LIST_FILTERS, type TeamListFilter } from '../../../shared/teams.ts';
import { formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { decisionText, TeamSizeBadge } from './TeamBadges.tsx';
import { FormTeamModal } from './TeamModals.tsx';
import { useTeamList, type VillageTeamSummary } from './teams.api.ts';

const PAGE_SIZE = 50;
/** URL words for the filters (?loc=…). */
const FILTER_WORDS: Record<TeamListFilter, string> = { all: '', no_team: 'chua-co-to', size_warning: 'can-kien-toan', needs_assignment: 'can-phan-cong' };
const filterOf = (word: string): TeamListFilter => TEAM_LIST_FILTERS.find((f) => FILTER_WORDS[f] === word) ?? 'all';

function NeedsBadge({ count, villageId, canAssign }: { count: number; villageId: number; canAssign: boolean }) {
  if (count === 0) return <Text size="sm" c="dimmed">—</Text>;
  const badge = <Badge color="orange" variant="light" className="num">{formatNumber(count)} hộ</Badge>;
  return canAssign ? <Anchor component={Link} to={`/phan-cong-ho?thon=${villageId}&loc=can`} aria-label={`Phân công ${count} hộ cần hỗ trợ`}>{badge}</Anchor> : badge;
}

function StatFilter({ label, value, active, onClick, color, testId }: { label: string; value: string; active: boolean; onClick: () => void; color?: string; testId: string }) {
  return (
    <UnstyledButton onClick={onClick} aria-pressed={active} data-testid={testId} style={{ display: 'block' }}>
      <Card padding="sm" withBorder style={{ borderColor: active ? 'var(--mantine-color-brand-5)' : undefined, boxShadow: active ? '0 0 0 1px var(--mantine-color-brand-5)' : undefined }}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>{label}</Text>
        <Text fz={22} fw={700} c={color} className="num" lh={1.3}>{value}</Text>
      </Card>
    </UnstyledButton>
  );
}

export function TeamsPage() {
  const { can, isVillageScoped, me, scopeName } = useSession();
  const navigate = useNavigate();
  const { tree } = useOrgUnits();
  const { values, page, set } = useUrlFilters(['don-vi', 'loc'] as const);
  const orgUnitId = values['don-vi'] ? Number(values['don-vi']) : null;
  const filter = filterOf(values.loc);
  const [forming, setForming] = useState<{ id: number; name: string } | null>(null);
  const { data, error, isPending, isFetching, refetch } = useTeamList({ orgUnitId, filter, page, pageSize: PAGE_SIZE });

  if (isVillageScoped) return <Navigate to={`/to-cnscd/thon/${me.orgUnit.id}`} replace />;

  const manage = can('teams.manage');
  const assign = can('teams.assign');
  const manyCommunes = tree.ofLevel('commune').length > 1;
  const s = data?.summary;
  const setFilter = (f: TeamListFilter) => set({ loc: f === filter ? null : FILTER_WORDS[f] || null });

  const columns: Column<VillageTeamSummary>[] = [
    {
      key: 'village',
      header: 'Thôn',
      render: (r) => (
        <Stack gap={0}>
          <Text component={Link} to={`/to-cnscd/thon/${r.villageId}`} fw={600} c="brand.8" style={{ textDecoration: 'none' }}>{r.villageName}</Text>
          {manyCommunes && r.communeName && <Text size="xs" c="dimmed">{r.communeName}</Text>}
        </Stack>
      ),
    },
    {
      key: 'team',
      header: 'Tổ CNSCĐ',
      render: (r) =>
        r.team ? (
          <Stack gap={0}>
            <Text size="sm" fw={500}>{r.team.name}</Text>
            <Text size="xs" c="dimmed">{decisionText(r.team) ?? 'Chưa ghi quyết định'}</Text>
          </Stack>
        ) : (
          <Badge color="red" variant="light">Chưa có tổ</Badge>
        ),
    },
    { key: 'size', header: 'Thành viên', nowrap: true, render: (r) => (r.team ? <TeamSizeBadge count={r.team.activeMembers} /> : <Text size="sm" c="dimmed">—</Text>) },
    {
      key: 'leader',
      header: 'Tổ trưởng',
      render: (r) =>
        r.team?.leader ? (
          <Stack gap={0}>
            <Text size="sm">{r.team.leader.fullName}</Text>
            {r.team.leader.phone && <Text size="xs" c="dimmed" className="num">{r.team.leader.phone}</Text>}
          </Stack>
        ) : r.team ? <Text size="sm" c="orange.8">Chưa có tổ trưởng</Text> : <Text size="sm" c="dimmed">—</Text>,
    },
    { key: 'needs', header: 'Hộ cần phân công', align: 'right', nowrap: true, render: (r) => <NeedsBadge count={r.needsAssignment} villageId={r.villageId} canAssign={assign} /> },
    ...(manage
      ? [{
          key: 'action', header: '', align: 'right' as const, width: 150,
          render: (r: VillageTeamSummary) => !r.team && (
            <Button size="xs" variant="light" leftSection={<IconUsersPlus size={16} />} onClick={() => setForming({ id: r.villageId, name: r.villageName })} data-testid="form-team">
              Thành lập tổ
            </Button>
          ),
        }]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="Tổ Công nghệ số cộng đồng"
        description={s ? `${formatNumber(s.withTeam)}/${formatNumber(s.villages)} thôn của ${scopeName} đã có Tổ CNSCĐ · ${formatNumber(s.activeMembers)} thành viên đang hoạt động` : 'Đang tải…'}
        actions={assign && <Button variant="default" component={Link} to="/phan-cong-ho" leftSection={<IconUsersGroup size={18} />}>Phân công hộ</Button>}
      />
      {s && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mb="md">
          <StatFilter testId="stat-all" label="Thôn có tổ" value={`${formatNumber(s.withTeam)}/${formatNumber(s.villages)}`} active={filter === 'all'} onClick={() => set({ loc: null })} />
          <StatFilter testId="stat-no-team" label="Thôn chưa có tổ" value={formatNumber(s.withoutTeam)} color={s.withoutTeam ? 'red.7' : undefined} active={filter === 'no_team'} onClick={() => setFilter('no_team')} />
          <StatFilter testId="stat-size" label="Tổ ngoài 3–5 người" value={formatNumber(s.sizeWarnings)} color={s.sizeWarnings ? 'orange.7' : undefined} active={filter === 'size_warning'} onClick={() => setFilter('size_warning')} />
          <StatFilter testId="stat-needs" label="Hộ cần phân công" value={formatNumber(s.needsAssignment)} color={s.needsAssignment ? 'orange.7' : undefined} active={filter === 'needs_assignment'} onClick={() => setFilter('needs_assignment')} />
        </SimpleGrid>
      )}
      {manyCommunes && (
        <Group mb="md">
          <OrgUnitPicker
            value={orgUnitId}
            onChange={(id) => set({ 'don-vi': id ? String(id) : null })}
            levels={['commune']}
            placeholder="Tất cả xã, phường"
            clearable
            aria-label="Lọc theo xã"
            w={{ base: '100%', sm: 320 }}
          />
        </Group>
      )}
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      <div style={{ opacity: isFetching && !isPending ? 0.6 : 1, transition: 'opacity 120ms' }}>
        <ListView
          rows={data?.items}
          loading={isPending}
          columns={columns}
          rowKey={(r) => r.villageId}
          rowHref={(r) => `/to-cnscd/thon/${r.villageId}`}
          testId="team-list"
          minWidth={860}
          empty={<Empty title={filter === 'all' ? 'Chưa có thôn nào trong phạm vi' : 'Không có thôn phù hợp'} description={filter !== 'all' ? 'Bỏ điều kiện lọc để xem mọi thôn.' : undefined} />}
          card={(r) => (
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text fw={600} c="brand.8">{r.villageName}</Text>
                {r.team ? <TeamSizeBadge count={r.team.activeMembers} /> : <Badge color="red" variant="light">Chưa có tổ</Badge>}
              </Group>
              {r.team && (
                <Text size="sm" c="dimmed">{[r.team.name, decisionText(r.team)].filter(Boolean).join(' · ')}</Text>
              )}
              {r.team?.leader && (
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">Tổ trưởng: {r.team.leader.fullName}</Text>
                  {r.team.leader.phone && <Group gap={2} wrap="nowrap"><IconPhone size={14} /><Text size="sm" className="num">{r.team.leader.phone}</Text></Group>}
                </Group>
              )}
              {r.needsAssignment > 0 && <Text size="sm" c="orange.8" className="num">{formatNumber(r.needsAssignment)} hộ cần phân công</Text>}
            </Stack>
          )}
        />
      </div>
      {data && data.total > PAGE_SIZE && <PaginationBar page={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => set({ trang: p })} noun="thôn" />}
      {forming && (
        <FormTeamModal village={forming} onClose={() => setForming(null)} onFormed={(_, villageId) => navigate(`/to-cnscd/thon/${villageId}`)} />
      )}
    </>
  );
}
