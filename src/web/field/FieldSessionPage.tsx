// Record a group session on the team leader's phone (/thuc-dia/buoi-huong-dan/ghi), with no
// signal if need be: the day, where (the village's cultural house, a school or a cooperative
// of the commune, the commune hall), what was taught, who taught, and the attendees — added in
// bulk (the village's pupils for a school that serves it, a cooperative's workers, residents
// by age) or by name, each "đạt" unless unticked —, and visitors from another commune apart.
// A person the content does not apply to (under age, not a student) is not added, with why.
import { ActionIcon, Alert, Badge, Button, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconTrash, IconUsersPlus } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import { BASIC_SKILLS_CHECKLIST } from '../../shared/support.ts';
import { SESSION_CONTENT_LABELS, SESSION_CONTENTS, type PlaceKind, type SessionContent, type SessionInput, type SessionVisitor } from '../../shared/group-sessions.ts';
import { ageOn, todayInVietnam } from '../../shared/calendar.ts';
import type { SyncPerson } from '../../shared/sync.ts';
import { TEAM_ROLE_LABELS } from '../../shared/teams.ts';
import { foldVietnamese } from '../../shared/vietnamese.ts';
import { useFieldSession } from './field-context.ts';
import { useVillageData } from './field-data.ts';
import { getMeta } from './field-db.ts';
import { attendeeProblem, recordSessionOffline } from './field-sessions.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { getSyncSnapshot } from './sync-engine.ts';

interface Place { value: string; label: string; kind: PlaceKind; organizationId: string | null; servesVillage: boolean; workerIds: string[] }

export default function FieldSessionPage() {
  useDocumentTitle('Ghi buổi hướng dẫn tập trung · Tổ CNSCĐ');
  const navigate = useNavigate();
  const { village, team, memberId } = useFieldSession();
  const places = useLiveQuery(() => getMeta('groupSessions'), []);
  const data = useVillageData();
  const today = todayInVietnam();
  const [sessionDate, setSessionDate] = useState(today);
  const [placeValue, setPlaceValue] = useState<string>('cultural_house');
  const [contents, setContents] = useState<SessionContent[]>(['basic_skills']);
  const [teachers, setTeachers] = useState<string[]>(memberId ? [memberId] : []);
  const [attendees, setAttendees] = useState<Array<{ personId: string; notDone: boolean }>>([]);
  const [visitors, setVisitors] = useState<SessionVisitor[]>([]);
  const [visitor, setVisitor] = useState({ fullName: '', homeCommune: '' });
  const [ages, setAges] = useState<{ min: number | string; max: number | string }>({ min: 18, max: 60 });
  const [search, setSearch] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const people = useMemo(() => [...(data?.membersOf.values() ?? [])].flat(), [data]);
  const byId = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
  const options = useMemo<Place[]>(() => {
    if (!village || !places) return [];
    return [
      { value: 'cultural_house', label: `Nhà văn hóa ${village.name}`, kind: 'cultural_house', organizationId: null, servesVillage: false, workerIds: [] },
      ...places.organizations.map((o): Place => ({ value: o.id, label: o.name, kind: o.kind === 'school' ? 'school' : 'organization', organizationId: o.id, servesVillage: o.servesVillage, workerIds: o.workerIds })),
      { value: 'commune_hall', label: 'Hội trường UBND xã', kind: 'commune_hall', organizationId: null, servesVillage: false, workerIds: [] },
    ];
  }, [village, places]);

  if (places === undefined && data === undefined) return null;
  if (!places || !village || !data) {
    return (
      <Stack>
        <FieldTitle title="Ghi buổi hướng dẫn tập trung" />
        <Alert color="orange" variant="light">Cần đồng bộ một lần khi có mạng để tải danh sách trường học, doanh nghiệp của xã về máy.</Alert>
        <Button component={Link} to="/thuc-dia/buoi-huong-dan" size="md">Quay lại</Button>
      </Stack>
    );
  }
  const place = options.find((o) => o.value === placeValue) ?? options[0];
  const chosen = new Set(attendees.map((a) => a.personId));

  /** Adds people not yet listed; those the contents do not apply to stay out, counted in the notice. */
  const add = (list: SyncPerson[], what: string) => {
    const fresh = list.filter((p) => !chosen.has(p.id));
    const refused = fresh.map((p) => [p, attendeeProblem({ contents, sessionDate }, p)] as const).filter(([, problem]) => problem);
    const ok = fresh.filter((p) => !refused.some(([r]) => r.id === p.id));
    setAttendees((all) => [...all, ...ok.map((p) => ({ personId: p.id, notDone: false }))]);
    setNotice(`${what}: thêm ${ok.length} người${refused.length ? `; ${refused.length} người không áp dụng (${refused[0][1]})` : ''}.`);
  };
  const pupils = people.filter((p) => p.isStudent);
  const workers = place.workerIds.map((id) => byId.get(id)).filter((p): p is SyncPerson => p !== undefined);
  const found = search.trim().length >= 2
    ? people.filter((p) => foldVietnamese(p.fullName).includes(foldVietnamese(search.trim())) && !chosen.has(p.id)).slice(0, 8)
    : [];

  const save = async () => {
    setError(null);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(sessionDate) || sessionDate > today) return setError('Ngày tổ chức: chọn một ngày đến hôm nay.');
    if (!contents.length) return setError('Nội dung: chọn ít nhất một nội dung đã hướng dẫn.');
    if (!attendees.length && !visitors.length) return setError('Người tham dự: thêm ít nhất một người.');
    const problem = attendees.map((a) => [byId.get(a.personId), a] as const).find(([p]) => p && attendeeProblem({ contents, sessionDate }, p));
    if (problem?.[0]) return setError(`${problem[0].fullName}: ${attendeeProblem({ contents, sessionDate }, problem[0])} Bỏ người này khỏi danh sách.`);
    const input: SessionInput = {
      id: uuidv7(), communeId: places.communeId, sessionDate, placeKind: place.kind, organizationId: place.organizationId,
      villageId: place.kind === 'cultural_house' ? village.id : null, placeNote: null, contents,
      checklist: contents.includes('basic_skills') ? [...BASIC_SKILLS_CHECKLIST] : [], outcome: 'done', reason: null, teacherMemberIds: teachers,
      attendees: attendees.map((a) => ({ personId: a.personId, outcome: a.notDone ? 'not_done' : null, reason: a.notDone ? 'need_revisit' : null })),
      visitors, note: null,
    };
    setSaving(true);
    try {
      await recordSessionOffline(input, place.kind === 'school' || place.kind === 'organization' ? place.label : null);
      const offline = getSyncSnapshot().offline || !navigator.onLine;
      notifications.show({ color: 'teal', message: offline ? 'Đã lưu trên máy. Sẽ tự gửi khi có mạng.' : 'Đã lưu buổi hướng dẫn.' });
      navigate('/thuc-dia/buoi-huong-dan', { replace: true });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="field-session-form">
      <FieldTitle title="Ghi buổi hướng dẫn tập trung" subtitle={`${village.name} · mỗi người được ghi một lượt hỗ trợ`} />
      <Card padding="sm">
        <Stack gap="sm">
          <TextInput type="date" size="md" label="Ngày tổ chức" required value={sessionDate} max={today} onChange={(e) => setSessionDate(e.currentTarget.value)} data-testid="session-date" />
          <Select size="md" label="Nơi tổ chức" data={options.map((o) => ({ value: o.value, label: o.label }))} value={place.value} allowDeselect={false}
            onChange={(v) => { const next = options.find((o) => o.value === v); setPlaceValue(v ?? 'cultural_house'); if (next?.kind === 'school') setContents(['student_training']); }}
            comboboxProps={{ withinPortal: true }} data-testid="session-place" />
          <Checkbox.Group label="Nội dung đã hướng dẫn" value={contents} onChange={(v) => setContents(v as SessionContent[])}>
            <Stack gap={8} mt={6}>{SESSION_CONTENTS.map((c) => <Checkbox key={c} size="md" value={c} label={SESSION_CONTENT_LABELS[c]} />)}</Stack>
          </Checkbox.Group>
          {team && team.members.length > 0 && (
            <Checkbox.Group label="Người hướng dẫn" value={teachers} onChange={setTeachers}>
              <Stack gap={8} mt={6}>{team.members.map((m) => <Checkbox key={m.id} size="md" value={m.id} label={`${m.fullName} (${TEAM_ROLE_LABELS[m.teamRole]})`} />)}</Stack>
            </Checkbox.Group>
          )}
        </Stack>
      </Card>

      <Card padding="sm">
        <Group justify="space-between" mb="xs">
          <Text fw={700}>Người tham dự</Text>
          <Badge size="lg" variant="light" data-testid="session-attendee-count">{attendees.length} người</Badge>
        </Group>
        <Stack gap="xs">
          {place.kind === 'school' && place.servesVillage && (
            <Button variant="light" size="md" leftSection={<IconUsersPlus size={18} />} onClick={() => add(pupils, 'Học sinh của thôn')}>Thêm học sinh ({pupils.length})</Button>
          )}
          {place.kind === 'organization' && (
            <Button variant="light" size="md" leftSection={<IconUsersPlus size={18} />} onClick={() => add(workers, `Người lao động của ${place.label}`)} data-testid="add-workers">
              Thêm người lao động ({workers.length})
            </Button>
          )}
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <NumberInput size="md" label="Từ tuổi" min={0} max={120} w={90} value={ages.min} onChange={(v) => setAges((a) => ({ ...a, min: v }))} />
            <NumberInput size="md" label="Đến tuổi" min={0} max={120} w={90} value={ages.max} onChange={(v) => setAges((a) => ({ ...a, max: v }))} />
            <Button size="md" variant="default" onClick={() => add(people.filter((p) => { const age = ageOn(p, sessionDate); return age >= Number(ages.min) && age <= Number(ages.max); }), `Người từ ${ages.min} đến ${ages.max} tuổi`)}>Thêm</Button>
          </Group>
          <TextInput size="md" label="Thêm theo tên" placeholder="Gõ 2 chữ trở lên" value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="session-search" />
          {found.map((p) => (
            <Button key={p.id} variant="subtle" size="md" justify="space-between" onClick={() => { add([p], p.fullName); setSearch(''); }} rightSection="+">
              {p.fullName} ({p.birthYear})
            </Button>
          ))}
          {notice && <Text size="sm" c="dimmed" data-testid="session-notice">{notice}</Text>}
          {attendees.length > 0 && (
            <Stack gap={4} data-testid="session-attendees">
              <Text size="sm" c="dimmed">Bỏ đánh dấu “Đạt” với người chưa làm được (cần hướng dẫn lại).</Text>
              {attendees.map((a) => {
                const p = byId.get(a.personId);
                return (
                  <Group key={a.personId} justify="space-between" wrap="nowrap" gap="xs" py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
                    <Text size="sm" style={{ flex: 1, minWidth: 0 }}>{p?.fullName ?? 'Không còn trên máy'} {p ? `(${p.birthYear})` : ''}</Text>
                    <Checkbox size="md" label="Đạt" checked={!a.notDone} onChange={(e) => { const done = e.currentTarget.checked; setAttendees((all) => all.map((x) => (x.personId === a.personId ? { ...x, notDone: !done } : x))); }} />
                    <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Bỏ ${p?.fullName ?? ''} khỏi danh sách`} onClick={() => setAttendees((all) => all.filter((x) => x.personId !== a.personId))}><IconTrash size={18} /></ActionIcon>
                  </Group>
                );
              })}
            </Stack>
          )}
        </Stack>
      </Card>

      <Card padding="sm">
        <Text fw={700} mb={4}>Khách từ xã khác</Text>
        <Text size="xs" c="dimmed" mb="xs">Ghi riêng, không tính vào số liệu của xã.</Text>
        <SimpleGrid cols={2} spacing="xs">
          <TextInput size="md" label="Họ tên" value={visitor.fullName} onChange={(e) => setVisitor({ ...visitor, fullName: e.currentTarget.value })} />
          <TextInput size="md" label="Xã nơi ở" value={visitor.homeCommune} onChange={(e) => setVisitor({ ...visitor, homeCommune: e.currentTarget.value })} />
        </SimpleGrid>
        <Button mt="xs" variant="default" size="md" disabled={visitor.fullName.trim().length < 2 || visitor.homeCommune.trim().length < 2}
          onClick={() => { setVisitors((v) => [...v, { fullName: visitor.fullName.trim(), homeCommune: visitor.homeCommune.trim() }]); setVisitor({ fullName: '', homeCommune: '' }); }}>Thêm khách</Button>
        {visitors.map((v, i) => <Text key={i} size="sm" mt={4}>{v.fullName} — {v.homeCommune}</Text>)}
      </Card>

      {error && <Alert color="red" variant="light" data-testid="form-errors">{error}</Alert>}
      <Button size="lg" onClick={() => void save()} loading={saving} data-testid="save-session">Lưu buổi ({attendees.length} người)</Button>
    </Stack>
  );
}
