// Households of a village and who looks after each: filter "chưa phân công" / "cần phân
// công" (nobody in the household can use digital skills and nobody is assigned), tick
// households and give them to a member of the village's team, see each member's load.
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconChevronRight, IconInfoCircle, IconMapPin, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { type AssignmentFilter, TEAM_ROLE_LABELS } from '../../../shared/teams.ts';
import { api } from '../../app/api.ts';
import { formatDate, formatNumber, joinDistinct } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { useIsMobile, useUrlFilters } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { DetailError, Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { NoCapableBadge } from '../households/HouseholdsPage.tsx';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { useAssignments, useRefreshTeams, useTeamList, type AssignmentAnswer, type AssignmentHousehold, type MemberWorkload } from './teams.api.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

const PAGE_SIZE = 100;
const FILTER_WORDS: Record<AssignmentFilter, string> = { all: '', unassigned: 'chua', needs_assignment: 'can' };
const filterOf = (word: string): AssignmentFilter => (word === 'chua' ? 'unassigned' : word === 'can' ? 'needs_assignment' : 'all');

export function AssignmentPage() {
  const { isVillageScoped, me } = useSession();
  const { values, page, set } = useUrlFilters(['thon', 'loc', 'tv', 'q'] as const);
  const villageId = isVillageScoped ? me.orgUnit.id : values.thon ? Number(values.thon) : null;

  // The village is chosen under the page title (a village's own accounts have only theirs).
  const picker = isVillageScoped ? null : (
    <Group mb="md">
      <OrgUnitPicker
        value={villageId}
        onChange={(id) => set({ thon: id ? String(id) : null, tv: null })}
        levels={['village']}
        placeholder="Chọn thôn để phân công"
        aria-label="Chọn thôn"
        w={{ base: '100%', sm: 320 }}
        data-testid="assign-village"
      />
    </Group>
  );
  return villageId ? (
    <VillageAssignments key={villageId} villageId={villageId} values={values} page={page} set={set} picker={picker} />
  ) : (
    <ChooseVillage picker={picker} />
  );
}

/** Without a village: the villages of the area with how many households still need someone. */
function ChooseVillage({ picker }: { picker: ReactNode }) {
  const { data, error, isPending, refetch } = useTeamList({ orgUnitId: null, filter: 'all', page: 1, pageSize: 500 });
  return (
    <>
      <PageHeader title="Phân công hộ cho thành viên Tổ" description="Chọn một thôn. Hộ không có ai sử dụng được kỹ năng số phải có thành viên Tổ CNSCĐ phụ trách." />
      {picker}
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      {isPending ? <LoadingBlock /> : (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm" data-testid="assign-villages">
          {(data?.items ?? []).map((v) => (
            <Card key={v.villageId} component={Link} to={`/phan-cong-ho?thon=${v.villageId}${v.needsAssignment ? '&loc=can' : ''}`} className="card-link" padding="md">
              <Group wrap="nowrap" justify="space-between">
                <Group wrap="nowrap" gap="sm" miw={0}>
                  <ThemeIcon variant="light" size={40} radius="md"><IconMapPin size={20} /></ThemeIcon>
                  <Stack gap={0} miw={0}>
                    <Text fw={600} truncate>{v.villageName}</Text>
                    <Text size="sm" c={v.needsAssignment ? 'orange.8' : 'dimmed'} className="num">
                      {v.needsAssignment ? `${formatNumber(v.needsAssignment)} hộ cần phân công` : `${formatNumber(v.households - v.unassigned)}/${formatNumber(v.households)} hộ đã phân công`}
                    </Text>
                  </Stack>
                </Group>
                <IconChevronRight size={18} color="var(--mantine-color-gray-5)" />
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

type SetFilters = (patch: Partial<Record<'thon' | 'loc' | 'tv' | 'q' | 'trang', string | number | null>>) => void;

function VillageAssignments({ villageId, values, page, set, picker }: { villageId: number; values: Record<'thon' | 'loc' | 'tv' | 'q', string>; page: number; set: SetFilters; picker: ReactNode }) {
  const { can, isVillageScoped } = useSession();
  const isMobile = useIsMobile();
  const refresh = useRefreshTeams();
  const filter = filterOf(values.loc);
  const memberFilter = values.tv || null;
  const { data, error, isPending, isFetching, isPlaceholderData, refetch } = useAssignments(villageId, { filter, memberId: memberFilter, q: values.q, page, pageSize: PAGE_SIZE });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [memberId, setMemberId] = useState<string | null>(null);
  const [fromDate, setFromDate] = useState<string | null>(todayInVietnam());
  // A different list (filter, page, search) starts a new selection: ticks never hide off-screen.
  useEffect(() => setSelected(new Set()), [filter, memberFilter, values.q, page]);

  const assign = useMutation({
    mutationFn: (target: string | null) =>
      api.post<{ assigned: number; unassigned: number; unchanged: number; member: { fullName: string } | null }>('/api/teams/assignments', { householdIds: [...selected], memberId: target, fromDate }),
    onSuccess: (answer) => {
      refresh();
      setSelected(new Set());
      const unchanged = answer.unchanged ? ` (${answer.unchanged} hộ đã do người này phụ trách)` : '';
      notifySaved(answer.member ? `Đã phân công ${answer.assigned} hộ cho ${answer.member.fullName}${unchanged}.` : `Đã bỏ phân công ${answer.unassigned} hộ.`);
    },
    onError: (e) => notifyError(e, 'Chưa phân công được'),
  });

  const rows = data?.items;
  const canAssign = can('teams.assign') && Boolean(data?.team);
  const pageIds = useMemo(() => (rows ?? []).map((h) => h.id), [rows]);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggle = (id: string, on: boolean) => setSelected((prev) => {
    const next = new Set(prev);
    if (on) next.add(id);
    else next.delete(id);
    return next;
  });

  if (error && !data) return <DetailError error={error} onRetry={() => refetch()} notFoundTitle="Không tìm thấy thôn" />;
  const village = data?.village;

  const columns: Column<AssignmentHousehold>[] = [
    ...(canAssign
      ? [{
          key: 'select', width: 44,
          header: (
            <Checkbox
              aria-label="Chọn mọi hộ trong trang"
              checked={allOnPage}
              indeterminate={!allOnPage && pageIds.some((id) => selected.has(id))}
              onChange={(e) => setSelected(e.currentTarget.checked ? new Set(pageIds) : new Set())}
              data-testid="select-all"
            />
          ),
          render: (h: AssignmentHousehold) => <Checkbox aria-label={`Chọn hộ ${h.headName ?? h.code ?? ''}`} checked={selected.has(h.id)} onChange={(e) => toggle(h.id, e.currentTarget.checked)} data-testid="select-household" />,
        }]
      : []),
    { key: 'code', header: 'Số hộ', nowrap: true, render: (h) => <Text fw={600} className="num">{h.code ?? '—'}</Text> },
    {
      key: 'head',
      header: 'Chủ hộ',
      render: (h) => (
        <Group gap={6}>
          <Anchor component={Link} to={`/ho-gia-dinh/${h.id}`} fw={600} size="sm">{h.headName ?? 'Chưa có chủ hộ'}</Anchor>
          {h.noCapableMember && <NoCapableBadge />}
        </Group>
      ),
    },
    { key: 'address', header: 'Địa chỉ', render: (h) => <Text size="sm">{joinDistinct([h.address, h.hamletGroup]) || '—'}</Text> },
    { key: 'people', header: 'Nhân khẩu', align: 'right', render: (h) => <span className="num">{formatNumber(h.memberCount)}</span> },
    { key: 'member', header: 'Thành viên phụ trách', render: (h) => <AssignedCell household={h} /> },
  ];

  const members = data?.members ?? [];
  const memberName = (id: string | null) => members.find((m) => m.id === id)?.fullName;

  return (
    <>
      <PageHeader
        docTitle="Phân công hộ"
        title={village ? `Phân công hộ · ${village.name}` : 'Phân công hộ'}
        crumbs={village ? [...(isVillageScoped ? [] : [{ label: 'Tổ CNSCĐ', to: '/to-cnscd' }]), { label: village.name, to: `/to-cnscd/thon/${village.id}` }, { label: 'Phân công hộ' }] : undefined}
        description={data ? <CountsLine counts={data.counts} /> : 'Đang tải…'}
      />
      {picker}
      {data && !data.team && (
        <Alert variant="light" color="orange" icon={<IconInfoCircle />} mb="md">
          Thôn chưa có Tổ CNSCĐ đang hoạt động, nên chưa phân công được hộ. <Anchor component={Link} to={`/to-cnscd/thon/${villageId}`}>Xem Tổ CNSCĐ của thôn</Anchor>.
        </Alert>
      )}

      {members.length > 0 && (
        <>
          <Text fw={650} mb="xs">Thành viên Tổ và số hộ phụ trách</Text>
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" mb="md" data-testid="member-workload">
            {members.map((m) => (
              <WorkloadCard key={m.id} member={m} active={memberFilter === m.id} onClick={() => set({ tv: memberFilter === m.id ? null : m.id })} />
            ))}
          </SimpleGrid>
        </>
      )}

      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <SegmentedControl
          value={filter}
          onChange={(v) => set({ loc: FILTER_WORDS[v as AssignmentFilter] || null })}
          fullWidth={isMobile}
          w={isMobile ? '100%' : undefined}
          size={isMobile ? 'xs' : 'sm'}
          data={[
            { value: 'all', label: 'Tất cả' },
            { value: 'unassigned', label: 'Chưa phân công' },
            { value: 'needs_assignment', label: 'Cần phân công' },
          ]}
          aria-label="Lọc hộ"
          data-testid="assign-filter"
        />
        <SearchInput grow value={values.q} onChange={(q) => set({ q })} placeholder="Tìm chủ hộ, địa chỉ, số hộ" maw={isMobile ? undefined : 360} />
        {memberFilter && (
          <Button variant="subtle" onClick={() => set({ tv: null })}>Bỏ lọc: {memberName(memberFilter) ?? 'thành viên'}</Button>
        )}
      </Group>

      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      <div style={{ opacity: isFetching && !isPending ? 0.6 : 1, transition: 'opacity 120ms' }}>
        <ListView
          rows={rows}
          loading={isPending}
          columns={columns}
          rowKey={(h) => h.id}
          testId="assignment-list"
          minWidth={760}
          empty={<Empty title={filter === 'needs_assignment' ? 'Không còn hộ cần phân công' : filter === 'unassigned' ? 'Mọi hộ đã có người phụ trách' : 'Không có hộ phù hợp'} />}
          card={(h) => (
            <Group wrap="nowrap" align="flex-start" gap="sm">
              {canAssign && <Checkbox mt={4} aria-label={`Chọn hộ ${h.headName ?? h.code ?? ''}`} checked={selected.has(h.id)} onChange={(e) => toggle(h.id, e.currentTarget.checked)} data-testid="select-household" />}
              <Stack gap={4} miw={0} style={{ flex: 1 }}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Anchor component={Link} to={`/ho-gia-dinh/${h.id}`} fw={600}>{h.headName ?? 'Chưa có chủ hộ'}</Anchor>
                  <Text size="sm" c="dimmed" className="num" style={{ whiteSpace: 'nowrap' }}>{h.code ? `Hộ số ${h.code}` : ''}</Text>
                </Group>
                <Text size="sm" c="dimmed">{joinDistinct([h.address, h.hamletGroup])} · {formatNumber(h.memberCount)} người</Text>
                <Group gap={6}>{h.noCapableMember && <NoCapableBadge />}<AssignedCell household={h} /></Group>
              </Stack>
            </Group>
          )}
        />
      </div>
      {data && data.total > 0 && <PaginationBar page={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => set({ trang: p })} noun="hộ" />}

      {canAssign && selected.size > 0 && !isPlaceholderData && (
        <Card
          withBorder
          shadow="md"
          padding="sm"
          mt="md"
          data-testid="assign-bar"
          style={{ position: 'sticky', bottom: isMobile ? 8 : 16, zIndex: 5 }}
        >
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Text fw={650} className="num" style={{ alignSelf: 'center' }} w={isMobile ? '100%' : undefined}>Đã chọn {formatNumber(selected.size)} hộ</Text>
            <Select
              label="Giao cho thành viên"
              placeholder="Chọn thành viên"
              data={members.map((m) => ({ value: m.id, label: `${m.fullName} (${formatNumber(m.households)} hộ)` }))}
              value={memberId}
              onChange={setMemberId}
              comboboxProps={{ withinPortal: true }}
              w={isMobile ? '100%' : 260}
              data-testid="assign-member"
            />
            <VnDateInput label="Từ ngày" value={fromDate} onChange={(v) => setFromDate(v)} maxDate={todayInVietnam()} w={isMobile ? '100%' : 170} />
            <Group gap="xs" w={isMobile ? '100%' : undefined} grow={isMobile}>
              <Button leftSection={isMobile ? undefined : <IconUserCheck size={18} />} disabled={!memberId || !fromDate} loading={assign.isPending && assign.variables !== null} onClick={() => assign.mutate(memberId)} data-testid="assign-submit">
                Phân công
              </Button>
              <Button variant="default" leftSection={isMobile ? undefined : <IconUserOff size={18} />} disabled={!fromDate} loading={assign.isPending && assign.variables === null} onClick={() => assign.mutate(null)}>
                Bỏ phân công
              </Button>
            </Group>
          </Group>
        </Card>
      )}
    </>
  );
}

function CountsLine({ counts }: { counts: AssignmentAnswer['counts'] }) {
  return (
    <span className="num" data-testid="assign-counts">
      {formatNumber(counts.households)} hộ · {formatNumber(counts.assigned)} đã có người phụ trách ·{' '}
      <Text span c={counts.needsAssignment ? 'orange.8' : undefined} fw={counts.needsAssignment ? 600 : undefined} inherit>
        {formatNumber(counts.needsAssignment)} hộ cần phân công
      </Text>
    </span>
  );
}

function AssignedCell({ household: h }: { household: AssignmentHousehold }) {
  if (h.assignedMember) {
    return (
      <Stack gap={0}>
        <Text size="sm">{h.assignedMember.fullName}</Text>
        {h.assignedMember.fromDate && <Text size="xs" c="dimmed" className="num">từ {formatDate(h.assignedMember.fromDate)}</Text>}
      </Stack>
    );
  }
  return h.needsAssignment ? <Badge color="red" variant="light" size="sm">Cần phân công</Badge> : <Badge color="gray" variant="light" size="sm">Chưa phân công</Badge>;
}

function WorkloadCard({ member, active, onClick }: { member: MemberWorkload; active: boolean; onClick: () => void }) {
  return (
    <UnstyledButton onClick={onClick} aria-pressed={active} style={{ display: 'block' }} aria-label={`Lọc các hộ do ${member.fullName} phụ trách`}>
      <Card padding="sm" withBorder style={{ borderColor: active ? 'var(--mantine-color-brand-5)' : undefined, boxShadow: active ? '0 0 0 1px var(--mantine-color-brand-5)' : undefined }}>
        <Text fw={600} size="sm" truncate>{member.fullName}</Text>
        <Text size="xs" c="dimmed">{TEAM_ROLE_LABELS[member.teamRole]}</Text>
        <Text size="sm" className="num" data-testid="workload-count">
          <b>{formatNumber(member.households)}</b> hộ{member.noCapableMember ? ` · ${formatNumber(member.noCapableMember)} cần hỗ trợ` : ''}
        </Text>
      </Card>
    </UnstyledButton>
  );
}
