// Ghi buổi hướng dẫn tập trung (/buoi-huong-dan/moi, and /:id/sua to correct one): the date,
// the place (a school, a cooperative or enterprise, a village's cultural house, the commune
// hall), what was taught, and the attendees — picked in bulk (a school's pupils, a
// cooperative's workers, a village's residents by age) or by name —, each with the session's
// outcome unless changed on their row; visitors from another commune apart. Saving writes one
// support event per attendee; rows the rules refuse come back with their reason.
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Group, MultiSelect, NativeSelect, NumberInput, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconTrash, IconUsersPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import {
  PLACE_KIND_LABELS,
  PLACE_KINDS,
  SESSION_CONTENT_LABELS,
  SESSION_CONTENTS,
  type PlaceKind,
  type SessionContent,
  type SessionView,
  type SessionVisitor,
} from '../../../shared/group-sessions.ts';
import { BASIC_SKILL_LABELS, BASIC_SKILLS_CHECKLIST, NOT_DONE_REASON_LABELS, SUPPORT_OUTCOME_LABELS, type BasicSkill, type NotDoneReason, type SupportOutcome } from '../../../shared/support.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { api, errorMessage } from '../../app/api.ts';
import { useSession as useAccount } from '../../app/session.tsx';
import type { PersonSummary } from '../../app/types.ts';
import type { Page } from '../../../shared/pagination.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { useOrganizations } from '../organizations/organizations.api.ts';
import { correctSession, fetchCandidates, recordSession, useSession, useSessionsChanged, useTeachers } from './group-sessions.api.ts';
import { TEAM_ROLE_LABELS } from '../../../shared/teams.ts';

interface Row {
  personId: string;
  fullName: string;
  birthYear: number;
  villageName: string;
  outcome: SupportOutcome | null;
  reason: NotDoneReason | null;
}

const outcomeOptions = Object.entries(SUPPORT_OUTCOME_LABELS).map(([value, label]) => ({ value, label }));
const reasonOptions = Object.entries(NOT_DONE_REASON_LABELS).map(([value, label]) => ({ value, label }));

export function SessionFormPage() {
  const { id } = useParams();
  const existing = useSession(id);
  if (id && !existing.data) return <PageHeader title="Sửa buổi hướng dẫn" description="Đang tải…" />;
  return <SessionForm key={existing.data?.id ?? 'new'} correcting={existing.data} />;
}

function SessionForm({ correcting }: { correcting?: SessionView }) {
  const account = useAccount();
  const navigate = useNavigate();
  const changed = useSessionsChanged();
  const units = useOrgUnits();
  const orgs = useOrganizations();
  const commune = useMemo(() => {
    const all = units.data?.items ?? [];
    const mine = all.find((u) => u.id === account.me.orgUnit.id);
    if (mine?.level === 'commune') return mine;
    return all.find((u) => u.level === 'commune' && (mine ? mine.parentId === u.id : true));
  }, [units.data, account.me.orgUnit.id]);
  const villages = (units.data?.items ?? []).filter((u) => u.level === 'village' && u.parentId === commune?.id);

  const [sessionId] = useState(() => correcting?.id ?? uuidv7());
  const [date, setDate] = useState(correcting?.sessionDate ?? todayInVietnam());
  const [placeKind, setPlaceKind] = useState<PlaceKind>(correcting?.placeKind ?? 'school');
  const [organizationId, setOrganizationId] = useState<string | null>(correcting?.organization?.id ?? null);
  const [villageId, setVillageId] = useState<string | null>(correcting?.village ? String(correcting.village.id) : null);
  const [contents, setContents] = useState<SessionContent[]>(correcting?.contents ?? ['student_training']);
  const [checklist, setChecklist] = useState<BasicSkill[]>(correcting?.checklist ?? [...BASIC_SKILLS_CHECKLIST]);
  const [teacherIds, setTeacherIds] = useState<string[]>(correcting?.teachers.map((t) => t.id) ?? []);
  const teachers = useTeachers(commune?.id, date);
  const [outcome, setOutcome] = useState<SupportOutcome>(correcting?.outcome ?? 'done');
  const [reason, setReason] = useState<NotDoneReason | null>(correcting?.reason ?? null);
  const [rows, setRows] = useState<Row[]>(() => (correcting?.attendeeList ?? []).map((a) => ({
    personId: a.personId, fullName: a.fullName, birthYear: a.birthYear, villageName: a.village.name,
    outcome: a.outcome === correcting?.outcome && a.reason === correcting?.reason ? null : a.outcome, reason: a.outcome === correcting?.outcome && a.reason === correcting?.reason ? null : a.reason,
  })));
  const [visitors, setVisitors] = useState<SessionVisitor[]>(correcting?.visitorList ?? []);
  const [visitor, setVisitor] = useState({ fullName: '', homeCommune: '' });
  const [ages, setAges] = useState<{ village: string | null; min: number | string; max: number | string }>({ village: null, min: 18, max: 60 });
  const [search, setSearch] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [loadingBulk, setLoadingBulk] = useState(false);

  const kindOf = (kind: PlaceKind) => (kind === 'school' ? ['school'] : ['enterprise', 'cooperative']);
  const orgOptions = (orgs.data?.items ?? []).filter((o) => kindOf(placeKind).includes(o.kind)).map((o) => ({ value: o.id, label: o.name }));
  useEffect(() => {
    if (placeKind === 'school' && !contents.length) setContents(['student_training']);
  }, [placeKind, contents.length]);

  const found = useQuery({
    queryKey: ['people', 'session-search', search],
    queryFn: () => api.get<Page<PersonSummary>>('/api/people', { q: search.trim(), pageSize: 8 }),
    enabled: search.trim().length >= 2,
  });

  const addRows = (items: Array<{ personId: string; fullName: string; birthYear: number; villageName: string }>) => {
    setRows((current) => {
      const seen = new Set(current.map((r) => r.personId));
      return [...current, ...items.filter((i) => !seen.has(i.personId)).map((i) => ({ ...i, outcome: null, reason: null }))];
    });
  };
  async function addBulk(query: Record<string, string | number | undefined>) {
    setLoadingBulk(true);
    setProblem(null);
    try {
      const list = await fetchCandidates({ ...query, asOf: date });
      addRows(list.items.map((c) => ({ personId: c.personId, fullName: c.fullName, birthYear: c.birthYear, villageName: c.village.name })));
      if (!list.items.length) setProblem('Không có ai trong nhóm này.');
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setLoadingBulk(false);
    }
  }

  async function save() {
    if (!commune) return;
    setSaving(true);
    setProblem(null);
    const body = {
      sessionDate: date, placeKind, organizationId: placeKind === 'school' || placeKind === 'organization' ? organizationId : null,
      villageId: placeKind === 'cultural_house' && villageId ? Number(villageId) : null, placeNote: null, contents,
      checklist: contents.includes('basic_skills') ? checklist : [], outcome, reason: outcome === 'not_done' ? reason : null, teacherMemberIds: teacherIds,
      attendees: rows.map((r) => ({ personId: r.personId, outcome: r.outcome, reason: r.outcome === 'not_done' ? r.reason ?? 'other' : null })), visitors, note: null,
    };
    try {
      const saved = correcting ? await correctSession(correcting.id, { ...body, version: correcting.version }) : await recordSession({ ...body, id: sessionId, communeId: commune.id });
      await changed();
      navigate(`/buoi-huong-dan/${saved.id}`);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  const school = placeKind === 'school' ? orgs.data?.items.find((o) => o.id === organizationId) : undefined;
  const coop = placeKind === 'organization' ? orgs.data?.items.find((o) => o.id === organizationId) : undefined;
  return (
    <>
      <PageHeader
        title={correcting ? 'Sửa buổi hướng dẫn tập trung' : 'Ghi buổi hướng dẫn tập trung'}
        description="Mỗi người tham dự được ghi một lượt hỗ trợ như khi đến tận hộ: tình trạng số, chỉ số và báo cáo cập nhật theo."
        crumbs={[{ label: 'Buổi hướng dẫn tập trung', to: '/buoi-huong-dan' }, { label: correcting ? 'Sửa' : 'Ghi mới' }]}
      />
      <Stack gap="md" maw={1100}>
        <Card withBorder padding="md">
          <Title order={4} mb="sm">Buổi hướng dẫn</Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <VnDateInput label="Ngày tổ chức" value={date} maxDate={todayInVietnam()} onChange={(v) => setDate(v ?? date)} required />
            <Select label="Nơi tổ chức" data={PLACE_KINDS.map((k) => ({ value: k, label: PLACE_KIND_LABELS[k] }))} value={placeKind}
              onChange={(v) => { setPlaceKind((v ?? 'school') as PlaceKind); setOrganizationId(null); }} allowDeselect={false} />
            {(placeKind === 'school' || placeKind === 'organization') && (
              <Select label={placeKind === 'school' ? 'Trường học' : 'Doanh nghiệp, hợp tác xã'} data={orgOptions} value={organizationId} onChange={setOrganizationId} searchable required />
            )}
            {placeKind === 'cultural_house' && (
              <Select label="Nhà văn hóa thôn" data={villages.map((v) => ({ value: String(v.id), label: v.name }))} value={villageId} onChange={setVillageId} searchable required />
            )}
          </SimpleGrid>
          <MultiSelect
            label="Người hướng dẫn (thành viên Tổ CNSCĐ)" mt="sm" searchable clearable data-testid="session-teachers"
            placeholder={teacherIds.length ? undefined : 'Chọn thành viên Tổ đã hướng dẫn'}
            nothingFoundMessage="Không có thành viên Tổ nào còn hoạt động vào ngày này"
            data={(teachers.data?.items ?? []).map((t) => ({ value: t.id, label: `${t.fullName} — ${TEAM_ROLE_LABELS[t.teamRole]}, ${t.village.name}` }))}
            value={teacherIds} onChange={setTeacherIds}
          />
          <Checkbox.Group label="Nội dung hướng dẫn" mt="sm" value={contents} onChange={(v) => setContents(v as SessionContent[])}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
              {SESSION_CONTENTS.map((c) => <Checkbox key={c} value={c} label={SESSION_CONTENT_LABELS[c]} />)}
            </SimpleGrid>
          </Checkbox.Group>
          {contents.includes('basic_skills') && (
            <Checkbox.Group label="Các mục kỹ năng số cơ bản đã hướng dẫn" mt="sm" value={checklist} onChange={(v) => setChecklist(v as BasicSkill[])}>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={6} mt={6}>
                {BASIC_SKILLS_CHECKLIST.map((c) => <Checkbox key={c} value={c} label={BASIC_SKILL_LABELS[c]} />)}
              </SimpleGrid>
            </Checkbox.Group>
          )}
          <Group mt="sm" align="flex-end" gap="sm">
            <Select label="Kết quả chung của buổi" w={220} data={outcomeOptions} value={outcome} onChange={(v) => setOutcome((v ?? 'done') as SupportOutcome)} allowDeselect={false} />
            {outcome === 'not_done' && <Select label="Lý do" w={240} data={reasonOptions} value={reason} onChange={(v) => setReason(v as NotDoneReason | null)} />}
          </Group>
        </Card>

        <Card withBorder padding="md">
          <Group justify="space-between" mb="sm">
            <Title order={4}>Người tham dự</Title>
            <Badge size="lg" variant="light" data-testid="attendee-count">{rows.length} người</Badge>
          </Group>
          <Group gap="sm" align="flex-end" mb="sm" wrap="wrap">
            {school && (
              <Button variant="light" leftSection={<IconUsersPlus size={16} />} loading={loadingBulk} onClick={() => void addBulk({ source: 'school', organizationId: school.id })}>
                Thêm học sinh của {school.name}
              </Button>
            )}
            {coop && (
              <Button variant="light" leftSection={<IconUsersPlus size={16} />} loading={loadingBulk} onClick={() => void addBulk({ source: 'organization', organizationId: coop.id })}>
                Thêm người lao động của {coop.name}
              </Button>
            )}
          </Group>
          <Group gap="sm" align="flex-end" mb="sm" wrap="wrap">
            <Select label="Người dân của thôn" w={200} data={villages.map((v) => ({ value: String(v.id), label: v.name }))} value={ages.village} onChange={(v) => setAges((a) => ({ ...a, village: v }))} searchable />
            <NumberInput label="Từ tuổi" w={90} min={0} max={120} value={ages.min} onChange={(v) => setAges((a) => ({ ...a, min: v }))} />
            <NumberInput label="Đến tuổi" w={90} min={0} max={120} value={ages.max} onChange={(v) => setAges((a) => ({ ...a, max: v }))} />
            <Button variant="light" disabled={!ages.village} loading={loadingBulk}
              onClick={() => void addBulk({ source: 'village', villageId: Number(ages.village), minAge: Number(ages.min) || undefined, maxAge: Number(ages.max) || undefined })}>
              Thêm theo độ tuổi
            </Button>
          </Group>
          <TextInput label="Thêm theo tên" placeholder="Gõ họ tên (có dấu hoặc không dấu)" value={search} onChange={(e) => setSearch(e.currentTarget.value)} maw={420} />
          {search.trim().length >= 2 && (found.data?.items ?? []).length > 0 && (
            <Stack gap={2} mt={4} maw={420}>
              {found.data!.items.map((p) => (
                <Button key={p.id} variant="subtle" justify="flex-start" size="compact-sm"
                  onClick={() => { addRows([{ personId: p.id, fullName: p.fullName, birthYear: p.birthYear, villageName: p.villageName }]); setSearch(''); }}>
                  {p.fullName} · {p.birthYear} · {p.villageName}
                </Button>
              ))}
            </Stack>
          )}
          {rows.length > 0 && (
            <Table.ScrollContainer minWidth={640} mt="sm">
              <Table striped data-testid="attendee-rows">
                <Table.Thead>
                  <Table.Tr><Table.Th>Họ tên</Table.Th><Table.Th>Năm sinh</Table.Th><Table.Th>Thôn</Table.Th><Table.Th>Kết quả</Table.Th><Table.Th /></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r, i) => (
                    <Table.Tr key={r.personId}>
                      <Table.Td>{r.fullName}</Table.Td>
                      <Table.Td>{r.birthYear}</Table.Td>
                      <Table.Td>{r.villageName}</Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          {/* Native selects: a school's list is hundreds of rows. */}
                          <NativeSelect size="xs" w={170} aria-label={`Kết quả của ${r.fullName}`} data={[{ value: '', label: `Như buổi (${SUPPORT_OUTCOME_LABELS[outcome]})` }, ...outcomeOptions]}
                            value={r.outcome ?? ''} onChange={(e) => { const v = e.currentTarget.value; setRows((all) => all.map((x, j) => (j === i ? { ...x, outcome: (v || null) as SupportOutcome | null } : x))); }} />
                          {r.outcome === 'not_done' && (
                            <NativeSelect size="xs" w={190} aria-label={`Lý do của ${r.fullName}`} data={[{ value: '', label: 'Chọn lý do' }, ...reasonOptions]} value={r.reason ?? ''}
                              onChange={(e) => { const v = e.currentTarget.value; setRows((all) => all.map((x, j) => (j === i ? { ...x, reason: (v || null) as NotDoneReason | null } : x))); }} />
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td w={40}>
                        <ActionIcon variant="subtle" color="red" aria-label={`Bỏ ${r.fullName}`} onClick={() => setRows((all) => all.filter((_, j) => j !== i))}><IconTrash size={16} /></ActionIcon>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Card>

        <Card withBorder padding="md">
          <Title order={4} mb={4}>Khách từ xã khác</Title>
          <Text size="sm" c="dimmed" mb="sm">Người không có trong sổ của xã: được đếm riêng, không tính vào số liệu của xã.</Text>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput label="Họ tên" value={visitor.fullName} onChange={(e) => setVisitor({ ...visitor, fullName: e.currentTarget.value })} />
            <TextInput label="Xã nơi cư trú" value={visitor.homeCommune} onChange={(e) => setVisitor({ ...visitor, homeCommune: e.currentTarget.value })} />
            <Button variant="light" disabled={visitor.fullName.trim().length < 2 || visitor.homeCommune.trim().length < 2}
              onClick={() => { setVisitors([...visitors, { fullName: visitor.fullName.trim(), homeCommune: visitor.homeCommune.trim() }]); setVisitor({ fullName: '', homeCommune: '' }); }}>Thêm khách</Button>
          </Group>
          {visitors.length > 0 && <Text size="sm" mt="xs">{visitors.map((v) => `${v.fullName} (${v.homeCommune})`).join(', ')}</Text>}
        </Card>

        {problem && <Alert color="red" title="Chưa ghi được">{problem}</Alert>}
        <Group>
          <Button size="md" onClick={() => void save()} loading={saving} disabled={!commune || (!rows.length && !visitors.length)}>
            {correcting ? 'Lưu bản sửa' : `Ghi buổi hướng dẫn (${rows.length} người)`}
          </Button>
          <Button variant="default" size="md" onClick={() => navigate(-1)}>Hủy</Button>
        </Group>
      </Stack>
    </>
  );
}
