// One village's Tổ CNSCĐ: the active team with its decision, members (role, affiliation,
// joined/left, households looked after) and the actions on them, the members who left, and
// the teams the village had before ("kiện toàn" keeps them). A former team opens read-only.
import { ActionIcon, Alert, Anchor, Badge, Button, Card, DataList, Group, List, Menu, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconDots, IconEdit, IconInfoCircle, IconLogout, IconRefresh, IconUserCog, IconUserPlus, IconUsersGroup, IconUsersPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AFFILIATION_LABELS } from '../../../shared/teams.ts';
import { formatDate, formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader, type Crumb } from '../../components/PageHeader.tsx';
import { CenterLoader, DetailError, Empty } from '../../components/states.tsx';
import { decisionText, RoleBadge, TeamSizeBadge } from './TeamBadges.tsx';
import { AddMemberModal, EditMemberModal, EditTeamModal, FormTeamModal, LeaveMemberModal, ReformTeamModal } from './TeamModals.tsx';
import { useTeam, useVillageTeams, type TeamHistoryItem, type TeamMember } from './teams.api.ts';

type Dialog = { kind: 'edit' } | { kind: 'reform' } | { kind: 'add' } | { kind: 'member'; member: TeamMember } | { kind: 'leave'; member: TeamMember } | null;

/** /to-cnscd/thon/:villageId — the village's active team, or the way to form one. */
export function VillageTeamPage() {
  const { villageId } = useParams();
  const id = Number(villageId);
  const { data, error, isPending, refetch } = useVillageTeams(Number.isInteger(id) && id > 0 ? id : null);
  if (isPending) return <CenterLoader />;
  if (error || !data) return <DetailError error={error} onRetry={() => refetch()} notFoundTitle="Không tìm thấy thôn" />;
  if (data.activeTeamId) return <TeamView teamId={data.activeTeamId} />;
  return <NoTeam village={data.village} history={data.teams} />;
}

/** /to-cnscd/to/:teamId — a team by its id (a former one from the history). */
export function TeamByIdPage() {
  const { teamId } = useParams();
  return <TeamView teamId={teamId!} />;
}

function crumbsFor(isVillageScoped: boolean, village: { id: number; name: string }, last?: string): Crumb[] {
  const crumbs: Crumb[] = isVillageScoped ? [] : [{ label: 'Tổ CNSCĐ', to: '/to-cnscd' }];
  crumbs.push(last ? { label: village.name, to: `/to-cnscd/thon/${village.id}` } : { label: village.name });
  if (last) crumbs.push({ label: last });
  return crumbs;
}

function NoTeam({ village, history }: { village: { id: number; name: string }; history: TeamHistoryItem[] }) {
  const { can, isVillageScoped } = useSession();
  const navigate = useNavigate();
  const [forming, setForming] = useState(false);
  return (
    <>
      <PageHeader title={`Tổ CNSCĐ · ${village.name}`} crumbs={crumbsFor(isVillageScoped, village)} />
      <Card padding="lg">
        <Empty
          icon={<IconUsersGroup size={28} />}
          title="Thôn chưa có Tổ CNSCĐ"
          description={can('teams.manage') ? 'Thành lập tổ theo quyết định của UBND xã, rồi thêm 3–5 thành viên.' : 'Phòng Văn hóa - Xã hội thành lập tổ theo quyết định của UBND xã.'}
          action={can('teams.manage') && <Button leftSection={<IconUsersPlus size={18} />} onClick={() => setForming(true)} data-testid="form-team">Thành lập tổ</Button>}
        />
      </Card>
      {history.length > 0 && <HistoryCard history={history} currentId={null} />}
      {forming && <FormTeamModal village={village} onClose={() => setForming(false)} onFormed={(teamId) => navigate(`/to-cnscd/to/${teamId}`)} />}
    </>
  );
}

function TeamView({ teamId }: { teamId: string }) {
  const { can, isVillageScoped } = useSession();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { data, error, isPending, refetch } = useTeam(teamId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  if (isPending) return <CenterLoader />;
  if (error || !data) return <DetailError error={error} onRetry={() => refetch()} notFoundTitle="Không tìm thấy Tổ CNSCĐ" />;

  const { team, members, warnings } = data;
  const manage = can('teams.manage') && team.active;
  const active = members.filter((m) => m.active);
  const former = members.filter((m) => !m.active);
  const leader = active.find((m) => m.teamRole === 'leader');
  const village = { id: team.villageId, name: team.villageName };
  const current = data.history.find((h) => h.active);

  const columns: Column<TeamMember>[] = [
    { key: 'name', header: 'Họ và tên', render: (m) => <MemberName member={m} /> },
    { key: 'role', header: 'Vai trò', nowrap: true, render: (m) => <RoleBadge role={m.teamRole} /> },
    { key: 'affiliation', header: 'Đoàn thể', render: (m) => <Text size="sm">{AFFILIATION_LABELS[m.affiliation]}</Text> },
    { key: 'phone', header: 'Điện thoại', nowrap: true, render: (m) => (m.phone ? <Anchor href={`tel:${m.phone}`} size="sm" className="num">{m.phone}</Anchor> : <Text size="sm" c="dimmed">—</Text>) },
    { key: 'joined', header: 'Vào tổ', nowrap: true, render: (m) => <Text size="sm" className="num">{formatDate(m.joinedOn)}</Text> },
    { key: 'households', header: 'Hộ phụ trách', align: 'right', render: (m) => <Text size="sm" className="num">{formatNumber(m.households)}</Text> },
    ...(manage ? [{ key: 'actions', header: '', align: 'right' as const, width: 56, render: (m: TeamMember) => <MemberMenu member={m} onDialog={setDialog} /> }] : []),
  ];

  return (
    <>
      <PageHeader
        docTitle="Tổ CNSCĐ"
        title={team.name}
        badge={team.active ? <Badge color="teal" variant="light">Đang hoạt động</Badge> : <Badge color="gray" variant="light">Đã kết thúc</Badge>}
        crumbs={crumbsFor(isVillageScoped, village, team.active ? undefined : `Tổ thành lập ${formatDate(team.formedOn)}`)}
        description={[team.villageName, decisionText(team), `Thành lập ${formatDate(team.formedOn)}`, team.endedOn ? `kết thúc ${formatDate(team.endedOn)}` : null].filter(Boolean).join(' · ')}
        actions={
          <>
            {team.active && can('registry.read') && (
              <Button variant="default" component={Link} to={`/phan-cong-ho?thon=${team.villageId}`} leftSection={<IconUsersGroup size={18} />} data-testid="go-assign">
                {can('teams.assign') ? 'Phân công hộ' : 'Hộ được phân công'}
              </Button>
            )}
            {manage && (
              <>
                <Button variant="default" leftSection={<IconEdit size={18} />} onClick={() => setDialog({ kind: 'edit' })}>Sửa thông tin tổ</Button>
                <Button variant="default" leftSection={<IconRefresh size={18} />} onClick={() => setDialog({ kind: 'reform' })} data-testid="reform-team">Kiện toàn tổ</Button>
                <Button leftSection={<IconUserPlus size={18} />} onClick={() => setDialog({ kind: 'add' })} data-testid="add-member">Thêm thành viên</Button>
              </>
            )}
          </>
        }
      />

      {!team.active && (
        <Alert variant="light" color="gray" icon={<IconInfoCircle />} mb="md">
          Tổ này đã kết thúc ngày {formatDate(team.endedOn)} khi được kiện toàn. Danh sách dưới đây là lịch sử.
          {current && <> <Anchor component={Link} to={`/to-cnscd/thon/${team.villageId}`}>Xem tổ đang hoạt động</Anchor>.</>}
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert variant="light" color="orange" icon={<IconInfoCircle />} mb="md" title="Cần chú ý" data-testid="team-warnings">
          {warnings.length === 1 ? warnings[0] : <List size="sm">{warnings.map((w) => <List.Item key={w}>{w}</List.Item>)}</List>}
        </Alert>
      )}

      <Stack gap="md">
        {team.active && (
          <div>
            <Title order={2} fz="md" mb="sm">Thành viên đang hoạt động ({formatNumber(active.length)})</Title>
            <ListView
              rows={active}
              columns={columns}
              rowKey={(m) => m.id}
              testId="member-list"
              minWidth={720}
              empty={<Card><Empty title="Tổ chưa có thành viên" description="Mỗi tổ có 3–5 thành viên, nòng cốt là đoàn viên thanh niên." action={manage && <Button onClick={() => setDialog({ kind: 'add' })}>Thêm thành viên</Button>} /></Card>}
              card={(m) => (
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                    <MemberName member={m} />
                    <Group gap={4} wrap="nowrap">
                      <RoleBadge role={m.teamRole} />
                      {manage && <MemberMenu member={m} onDialog={setDialog} />}
                    </Group>
                  </Group>
                  <Text size="sm" c="dimmed">{AFFILIATION_LABELS[m.affiliation]} · vào tổ {formatDate(m.joinedOn)}</Text>
                  <Group gap="md">
                    {m.phone && <Anchor href={`tel:${m.phone}`} size="sm" className="num">{m.phone}</Anchor>}
                    <Text size="sm" className="num">{formatNumber(m.households)} hộ phụ trách</Text>
                  </Group>
                </Stack>
              )}
            />
          </div>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
          <Card padding="lg">
            <Title order={2} fz="md" mb="md">Thông tin tổ</Title>
            <DataList labelWidth={isMobile ? 110 : 120} gap="xs" size="sm">
              <DataList.Item><DataList.ItemLabel>Thôn</DataList.ItemLabel><DataList.ItemValue>{team.villageName}</DataList.ItemValue></DataList.Item>
              <DataList.Item><DataList.ItemLabel>Số quyết định</DataList.ItemLabel><DataList.ItemValue>{team.decisionNumber ?? '—'}</DataList.ItemValue></DataList.Item>
              <DataList.Item><DataList.ItemLabel>Ngày quyết định</DataList.ItemLabel><DataList.ItemValue>{formatDate(team.decisionDate)}</DataList.ItemValue></DataList.Item>
              <DataList.Item><DataList.ItemLabel>Thành lập</DataList.ItemLabel><DataList.ItemValue>{formatDate(team.formedOn)}</DataList.ItemValue></DataList.Item>
              {team.endedOn && <DataList.Item><DataList.ItemLabel>Kết thúc</DataList.ItemLabel><DataList.ItemValue>{formatDate(team.endedOn)}</DataList.ItemValue></DataList.Item>}
              <DataList.Item>
                <DataList.ItemLabel>Thành viên</DataList.ItemLabel>
                <DataList.ItemValue>{team.active ? <TeamSizeBadge count={active.length} /> : `${former.length} người`}</DataList.ItemValue>
              </DataList.Item>
              <DataList.Item><DataList.ItemLabel>Tổ trưởng</DataList.ItemLabel><DataList.ItemValue>{leader ? leader.fullName : '—'}</DataList.ItemValue></DataList.Item>
              {team.note && <DataList.Item><DataList.ItemLabel>Ghi chú</DataList.ItemLabel><DataList.ItemValue>{team.note}</DataList.ItemValue></DataList.Item>}
            </DataList>
          </Card>
          {data.history.length > 1 && <HistoryCard history={data.history} currentId={team.id} />}
          {former.length > 0 && (
            <Card padding="lg">
              <Title order={2} fz="md" mb={4}>{team.active ? 'Đã rời tổ' : 'Thành viên của tổ'}</Title>
              <Text size="sm" c="dimmed" mb="sm">{team.active ? 'Thành viên đã rời tổ vẫn được giữ trong lịch sử.' : 'Thành viên khi tổ kết thúc; lịch sử được giữ lại.'}</Text>
              <Stack gap={8} data-testid="former-members">
                {former.map((m) => (
                  <Group key={m.id} justify="space-between" gap="xs" wrap="wrap" align="flex-start">
                    <Stack gap={0}>
                      <Group gap={6}><Text size="sm" fw={600}>{m.fullName}</Text><RoleBadge role={m.teamRole} /></Group>
                      <Text size="xs" c="dimmed">{AFFILIATION_LABELS[m.affiliation]}{m.leftReason ? ` · ${m.leftReason}` : ''}</Text>
                    </Stack>
                    <Text size="sm" c="dimmed" className="num">{formatDate(m.joinedOn)} – {formatDate(m.leftOn)}</Text>
                  </Group>
                ))}
              </Stack>
            </Card>
          )}
        </SimpleGrid>
      </Stack>

      {dialog?.kind === 'edit' && <EditTeamModal team={team} onClose={close} />}
      {dialog?.kind === 'reform' && <ReformTeamModal team={team} members={members} onClose={close} onReformed={(id) => navigate(`/to-cnscd/to/${id}`)} />}
      {dialog?.kind === 'add' && <AddMemberModal team={team} hasLeader={Boolean(leader)} onClose={close} />}
      {dialog?.kind === 'member' && <EditMemberModal member={dialog.member} hasOtherLeader={Boolean(leader && leader.id !== dialog.member.id)} onClose={close} />}
      {dialog?.kind === 'leave' && <LeaveMemberModal member={dialog.member} onClose={close} />}
    </>
  );
}

function MemberName({ member }: { member: TeamMember }) {
  return (
    <Stack gap={0} miw={0}>
      {member.personId ? (
        <Anchor component={Link} to={`/nhan-khau/${member.personId}`} fw={600} size="sm">{member.fullName}</Anchor>
      ) : (
        <Text fw={600} size="sm">{member.fullName}</Text>
      )}
      {member.accountUsername && <Text size="xs" c="dimmed">Tài khoản: {member.accountUsername}</Text>}
    </Stack>
  );
}

function MemberMenu({ member, onDialog }: { member: TeamMember; onDialog: (d: Dialog) => void }) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Thao tác với ${member.fullName}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconUserCog size={16} />} onClick={() => onDialog({ kind: 'member', member })}>Đổi vai trò, số điện thoại</Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => onDialog({ kind: 'leave', member })}>Ghi nhận rời tổ</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function HistoryCard({ history, currentId }: { history: TeamHistoryItem[]; currentId: string | null }) {
  return (
    <Card padding="lg" data-testid="team-history">
      <Title order={2} fz="md" mb={4}>Lịch sử kiện toàn</Title>
      <Text size="sm" c="dimmed" mb="sm">Các tổ của thôn qua các lần thành lập, kiện toàn.</Text>
      <Stack gap={8}>
        {history.map((h) => (
          <Group key={h.id} justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Stack gap={0} miw={0}>
              {h.id === currentId ? (
                <Text size="sm" fw={600}>{h.name}</Text>
              ) : (
                <Anchor component={Link} to={`/to-cnscd/to/${h.id}`} size="sm" fw={600}>{h.name}</Anchor>
              )}
              <Text size="xs" c="dimmed" className="num">
                {formatDate(h.formedOn)} – {h.endedOn ? formatDate(h.endedOn) : 'nay'}{decisionText(h) ? ` · ${decisionText(h)}` : ''}
              </Text>
            </Stack>
            {h.active ? <Badge color="teal" variant="light" size="sm">Hiện tại</Badge> : <Text size="xs" c="dimmed" className="num" style={{ whiteSpace: 'nowrap' }}>{h.members} người</Text>}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
