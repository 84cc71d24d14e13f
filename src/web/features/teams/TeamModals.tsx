// Dialogs that change a team: form it, edit its decision, "kiện toàn" it, add a member,
// change a member's role, and record a member leaving. The server keeps the history and
// answers with the team's warnings; the forms show its field errors beside the inputs.
import { Alert, Button, Checkbox, Group, Loader, Select, Stack, Text, TextInput, Textarea, type ComboboxItem } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInfoCircle, IconSearch } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { AFFILIATION_LABELS, AFFILIATIONS, TEAM_ROLE_LABELS, TEAM_ROLES, type Affiliation, type TeamRole } from '../../../shared/teams.ts';
import { api } from '../../app/api.ts';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import type { Page, PersonSummary } from '../../app/types.ts';
import { applyServerErrors, blankToNull, notifyError, notifySaved } from '../../components/forms.ts';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { type AccountCandidate, type ChangeAnswer, type Team, type TeamMember, useRefreshTeams } from './teams.api.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

const title = (text: string) => <Text fw={650} fz="lg">{text}</Text>;
const ROLE_OPTIONS = TEAM_ROLES.map((r) => ({ value: r, label: TEAM_ROLE_LABELS[r] }));
const AFFILIATION_OPTIONS = AFFILIATIONS.map((a) => ({ value: a, label: AFFILIATION_LABELS[a] }));

const required = (message: string) => (v: unknown) => (v === null || v === undefined || (typeof v === 'string' && !v.trim()) ? message : null);
const pastDate = (message: string) => (v: string | null) => (!v ? message : v > todayInVietnam() ? 'Ngày không được ở tương lai.' : null);

function FormButtons({ onClose, loading, label }: { onClose: () => void; loading: boolean; label: string }) {
  return (
    <Group justify="flex-end" gap="sm" mt="xs">
      <Button variant="default" onClick={onClose}>Hủy</Button>
      <Button type="submit" loading={loading}>{label}</Button>
    </Group>
  );
}

/** After a change: a green note, and the team's warnings (size, no leader) in orange when any. */
function notifyChange(message: string, answer?: Partial<ChangeAnswer>) {
  notifySaved(answer?.warnings?.length ? `${message} Lưu ý: ${answer.warnings.join(' ')}` : message);
}

// ---- Teams

interface TeamFormValues {
  villageId: number | null;
  name: string;
  decisionNumber: string;
  decisionDate: string | null;
  formedOn: string | null;
  note: string;
}

export function FormTeamModal({ village, onClose, onFormed }: { village?: { id: number; name: string }; onClose: () => void; onFormed: (teamId: string, villageId: number) => void }) {
  const refresh = useRefreshTeams();
  const form = useForm<TeamFormValues>({
    mode: 'controlled',
    initialValues: { villageId: village?.id ?? null, name: village ? `Tổ CNSCĐ ${village.name}` : '', decisionNumber: '', decisionDate: null, formedOn: todayInVietnam(), note: '' },
    validate: { villageId: required('Chọn thôn.'), name: required('Nhập tên tổ.'), formedOn: pastDate('Nhập ngày thành lập.') },
  });
  const save = useMutation({
    mutationFn: (v: TeamFormValues) =>
      api.post<{ team: Team } & ChangeAnswer>('/api/teams', {
        villageId: v.villageId, name: v.name.trim(), decisionNumber: blankToNull(v.decisionNumber), decisionDate: v.decisionDate, formedOn: v.formedOn, note: blankToNull(v.note),
      }),
    onSuccess: (answer) => {
      refresh();
      notifySaved(`Đã thành lập ${answer.team.name}. Thêm các thành viên của tổ.`);
      onFormed(answer.team.id, answer.team.villageId);
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error);
      notifyError(error, 'Chưa thành lập được tổ');
    },
  });
  return (
    <ResponsiveModal opened onClose={onClose} title={title(village ? `Thành lập Tổ CNSCĐ · ${village.name}` : 'Thành lập Tổ CNSCĐ')}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          {!village && (
            <OrgUnitPicker
              label="Thôn, tổ dân phố"
              required
              levels={['village']}
              value={form.values.villageId}
              onChange={(id) => form.setFieldValue('villageId', id)}
              error={form.errors.villageId}
              data-testid="team-village"
            />
          )}
          <TextInput label="Tên tổ" required {...form.getInputProps('name')} />
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <TextInput label="Số quyết định" placeholder="VD: 12/QĐ-UBND" miw={180} {...form.getInputProps('decisionNumber')} />
            <VnDateInput label="Ngày quyết định" clearable miw={180} {...form.getInputProps('decisionDate')} />
          </Group>
          <VnDateInput label="Ngày thành lập" required maxDate={todayInVietnam()} {...form.getInputProps('formedOn')} />
          <Textarea label="Ghi chú" autosize minRows={2} {...form.getInputProps('note')} />
          <FormButtons onClose={onClose} loading={save.isPending} label="Thành lập tổ" />
        </Stack>
      </form>
    </ResponsiveModal>
  );
}

export function EditTeamModal({ team, onClose }: { team: Team; onClose: () => void }) {
  const refresh = useRefreshTeams();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: team.name, decisionNumber: team.decisionNumber ?? '', decisionDate: team.decisionDate, note: team.note ?? '' },
    validate: { name: required('Nhập tên tổ.') },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.patch<{ team: Team }>(`/api/teams/${team.id}`, {
        version: team.version, name: v.name.trim(), decisionNumber: blankToNull(v.decisionNumber), decisionDate: v.decisionDate, note: blankToNull(v.note),
      }),
    onSuccess: () => {
      refresh();
      notifySaved('Đã lưu thông tin tổ.');
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error);
      notifyError(error);
    },
  });
  return (
    <ResponsiveModal opened onClose={onClose} title={title('Sửa thông tin tổ')}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          <TextInput label="Tên tổ" required {...form.getInputProps('name')} />
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <TextInput label="Số quyết định" miw={180} {...form.getInputProps('decisionNumber')} />
            <VnDateInput label="Ngày quyết định" clearable miw={180} {...form.getInputProps('decisionDate')} />
          </Group>
          <Textarea label="Ghi chú" autosize minRows={2} {...form.getInputProps('note')} />
          <FormButtons onClose={onClose} loading={save.isPending} label="Lưu thay đổi" />
        </Stack>
      </form>
    </ResponsiveModal>
  );
}

/** "Kiện toàn": end this team, form a new one, and choose who carries over. */
export function ReformTeamModal({ team, members, onClose, onReformed }: { team: Team; members: TeamMember[]; onClose: () => void; onReformed: (teamId: string) => void }) {
  const refresh = useRefreshTeams();
  const active = members.filter((m) => m.active);
  const form = useForm({
    mode: 'controlled',
    initialValues: {
      endedOn: todayInVietnam() as string | null, formedOn: todayInVietnam() as string | null, name: team.name, decisionNumber: '', decisionDate: null as string | null, note: '',
      carryOverMemberIds: active.map((m) => m.id),
    },
    validate: {
      endedOn: pastDate('Nhập ngày kết thúc tổ cũ.'),
      formedOn: (v, all) => pastDate('Nhập ngày thành lập tổ mới.')(v) ?? (v && all.endedOn && v < all.endedOn ? 'Không được trước ngày kết thúc tổ cũ.' : null),
      name: required('Nhập tên tổ.'),
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post<{ team: Team; releasedHouseholds: number } & ChangeAnswer>(`/api/teams/${team.id}/reform`, {
        version: team.version, endedOn: v.endedOn, formedOn: v.formedOn, name: v.name.trim(), decisionNumber: blankToNull(v.decisionNumber),
        decisionDate: v.decisionDate, note: blankToNull(v.note), carryOverMemberIds: v.carryOverMemberIds,
      }),
    onSuccess: (answer) => {
      refresh();
      const released = answer.releasedHouseholds ? ` ${answer.releasedHouseholds} hộ của các thành viên không tiếp tục đã trở về "chưa phân công".` : '';
      notifyChange(`Đã kiện toàn tổ.${released}`, answer);
      onReformed(answer.team.id);
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error);
      notifyError(error, 'Chưa kiện toàn được tổ');
    },
  });
  const carried = new Set(form.values.carryOverMemberIds);
  return (
    <ResponsiveModal opened onClose={onClose} title={title('Kiện toàn Tổ CNSCĐ')}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          <Alert variant="light" color="blue" icon={<IconInfoCircle />}>
            Tổ hiện tại kết thúc vào ngày bạn chọn; danh sách thành viên cũ được giữ lại trong lịch sử. Tổ mới được thành lập theo quyết định mới,
            các thành viên được chọn dưới đây tiếp tục ở tổ mới và giữ các hộ đang phụ trách.
          </Alert>
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <VnDateInput label="Tổ cũ kết thúc ngày" required maxDate={todayInVietnam()} miw={180} {...form.getInputProps('endedOn')} />
            <VnDateInput label="Tổ mới thành lập ngày" required maxDate={todayInVietnam()} miw={180} {...form.getInputProps('formedOn')} />
          </Group>
          <TextInput label="Tên tổ mới" required {...form.getInputProps('name')} />
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <TextInput label="Số quyết định kiện toàn" placeholder="VD: 03/QĐ-UBND" miw={180} {...form.getInputProps('decisionNumber')} />
            <VnDateInput label="Ngày quyết định" clearable miw={180} {...form.getInputProps('decisionDate')} />
          </Group>
          <Stack gap={6}>
            <Text size="sm" fw={600}>Thành viên tiếp tục ở tổ mới</Text>
            {active.length === 0 && <Text size="sm" c="dimmed">Tổ hiện không có thành viên đang hoạt động.</Text>}
            {active.map((m) => (
              <Checkbox
                key={m.id}
                label={`${m.fullName} · ${TEAM_ROLE_LABELS[m.teamRole]}${m.households ? ` · ${m.households} hộ` : ''}`}
                checked={carried.has(m.id)}
                onChange={(e) => {
                  const next = new Set(carried);
                  if (e.currentTarget.checked) next.add(m.id);
                  else next.delete(m.id);
                  form.setFieldValue('carryOverMemberIds', active.filter((x) => next.has(x.id)).map((x) => x.id));
                }}
              />
            ))}
            {form.errors.carryOverMemberIds && <Text size="sm" c="red">{form.errors.carryOverMemberIds}</Text>}
          </Stack>
          <Textarea label="Ghi chú" autosize minRows={2} {...form.getInputProps('note')} />
          <FormButtons onClose={onClose} loading={save.isPending} label="Kiện toàn tổ" />
        </Stack>
      </form>
    </ResponsiveModal>
  );
}

// ---- Members

interface PersonOption extends ComboboxItem {
  person: PersonSummary;
}

/** A resident of the team's village, found by name (with or without diacritics). */
function ResidentPicker({ villageId, value, onChange }: { villageId: number; value: PersonSummary | null; onChange: (p: PersonSummary | null) => void }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const typing = debounced.trim().length >= 2;
  const { data, isFetching } = useQuery({
    queryKey: ['people', 'team-picker', villageId, debounced],
    queryFn: () => api.get<Page<PersonSummary>>('/api/people', { villageId, q: debounced.trim(), pageSize: 15 }),
    enabled: typing,
  });
  const toOption = (p: PersonSummary): PersonOption => ({ value: p.id, label: `${p.fullName} (${p.birthYear})`, person: p });
  const found = (data?.items ?? []).map(toOption);
  const options = value && !found.some((o) => o.value === value.id) ? [toOption(value), ...found] : found;
  return (
    <Select
      label="Nhân khẩu trong sổ (nếu có)"
      description="Gắn thành viên với người dân trong danh sách nhân khẩu của thôn."
      searchable
      clearable
      data={options}
      value={value?.id ?? null}
      onChange={(_, option) => onChange(option ? (option as PersonOption).person : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      placeholder="Gõ tên để tìm"
      leftSection={<IconSearch size={18} />}
      rightSection={isFetching ? <Loader size={16} /> : undefined}
      nothingFoundMessage={typing ? (isFetching ? 'Đang tìm…' : 'Không tìm thấy người phù hợp trong thôn') : 'Gõ ít nhất 2 ký tự để tìm'}
      comboboxProps={{ withinPortal: true }}
      data-testid="member-person"
      renderOption={({ option }) => {
        const p = (option as PersonOption).person;
        return (
          <Stack gap={0}>
            <Text size="sm" fw={600}>{p.fullName}</Text>
            <Text size="xs" c="dimmed">{[`Năm sinh ${p.birthYear}`, p.householdCode ? `hộ số ${p.householdCode}` : null, p.phone].filter(Boolean).join(' · ')}</Text>
          </Stack>
        );
      }}
    />
  );
}

interface MemberFormValues {
  fullName: string;
  phone: string;
  teamRole: TeamRole | null;
  affiliation: Affiliation | null;
  joinedOn: string | null;
  accountId: string | null;
}

export function AddMemberModal({ team, hasLeader, onClose }: { team: Team; hasLeader: boolean; onClose: () => void }) {
  const refresh = useRefreshTeams();
  const { can } = useSession();
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const candidates = useQuery({
    queryKey: ['teams', 'account-candidates', team.id],
    queryFn: () => api.get<{ items: AccountCandidate[] }>(`/api/teams/${team.id}/account-candidates`),
  });
  const form = useForm<MemberFormValues>({
    mode: 'controlled',
    initialValues: { fullName: '', phone: '', teamRole: hasLeader ? 'member' : 'leader', affiliation: 'youth_union', joinedOn: todayInVietnam() < team.formedOn ? team.formedOn : todayInVietnam(), accountId: null },
    validate: {
      fullName: required('Nhập họ và tên.'),
      teamRole: required('Chọn vai trò.'),
      affiliation: required('Chọn đoàn thể.'),
      joinedOn: (v) => pastDate('Nhập ngày vào tổ.')(v) ?? (v && v < team.formedOn ? `Không được trước ngày tổ thành lập (${formatDate(team.formedOn)}).` : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: MemberFormValues) =>
      api.post<{ member: TeamMember } & ChangeAnswer>(`/api/teams/${team.id}/members`, {
        fullName: v.fullName.trim(), phone: blankToNull(v.phone), teamRole: v.teamRole, affiliation: v.affiliation, joinedOn: v.joinedOn,
        personId: person?.id ?? null, accountId: v.accountId,
      }),
    onSuccess: (answer) => {
      refresh();
      notifyChange(`Đã thêm ${answer.member.fullName} vào tổ.`, answer);
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error);
      notifyError(error, 'Chưa thêm được thành viên');
    },
  });
  const accountOptions = (candidates.data?.items ?? []).map((a) => ({
    value: a.id,
    label: `${a.fullName} (${a.username}) · ${a.roleLabel}${a.linkedMemberId ? ' · đã gắn với thành viên khác' : ''}`,
    disabled: Boolean(a.linkedMemberId),
  }));
  return (
    <ResponsiveModal opened onClose={onClose} title={title('Thêm thành viên Tổ CNSCĐ')}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          {can('registry.read') && (
            <ResidentPicker
              villageId={team.villageId}
              value={person}
              onChange={(p) => {
                setPerson(p);
                if (p) {
                  form.setFieldValue('fullName', p.fullName);
                  if (!form.values.phone && p.phone) form.setFieldValue('phone', p.phone);
                }
              }}
            />
          )}
          <TextInput label="Họ và tên" required {...form.getInputProps('fullName')} />
          <TextInput label="Số điện thoại" inputMode="tel" placeholder="VD: 0912345678" {...form.getInputProps('phone')} />
          <Group grow align="flex-start" wrap="wrap" gap="sm">
            <Select
              label="Vai trò trong tổ"
              required
              miw={180}
              allowDeselect={false}
              data={ROLE_OPTIONS.map((o) => (o.value === 'leader' && hasLeader ? { ...o, label: `${o.label} (tổ đã có)`, disabled: true } : o))}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('teamRole')}
            />
            <Select label="Đoàn thể" required miw={180} allowDeselect={false} data={AFFILIATION_OPTIONS} comboboxProps={{ withinPortal: true }} {...form.getInputProps('affiliation')} />
          </Group>
          <VnDateInput label="Ngày vào tổ" required maxDate={todayInVietnam()} {...form.getInputProps('joinedOn')} />
          <Select
            label="Tài khoản đăng nhập (nếu có)"
            description="Tài khoản Tổ trưởng / Thành viên Tổ CNSCĐ của thôn, để thành viên dùng ứng dụng trên điện thoại."
            placeholder={candidates.data && accountOptions.length === 0 ? 'Thôn chưa có tài khoản thành viên' : 'Chọn tài khoản'}
            clearable
            data={accountOptions}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('accountId')}
          />
          <FormButtons onClose={onClose} loading={save.isPending} label="Thêm vào tổ" />
        </Stack>
      </form>
    </ResponsiveModal>
  );
}

export function EditMemberModal({ member, hasOtherLeader, onClose }: { member: TeamMember; hasOtherLeader: boolean; onClose: () => void }) {
  const refresh = useRefreshTeams();
  const form = useForm({
    mode: 'controlled',
    initialValues: { teamRole: member.teamRole as TeamRole | null, affiliation: member.affiliation as Affiliation | null, phone: member.phone ?? '' },
    validate: { teamRole: required('Chọn vai trò.'), affiliation: required('Chọn đoàn thể.') },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.patch<{ member: TeamMember } & ChangeAnswer>(`/api/teams/members/${member.id}`, {
        version: member.version, teamRole: v.teamRole, affiliation: v.affiliation, phone: blankToNull(v.phone),
      }),
    onSuccess: (answer) => {
      refresh();
      notifyChange(`Đã lưu thông tin của ${answer.member.fullName}.`, answer);
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error);
      notifyError(error);
    },
  });
  return (
    <ResponsiveModal opened onClose={onClose} title={title(`Vai trò của ${member.fullName}`)} size="md">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          <Select
            label="Vai trò trong tổ"
            required
            allowDeselect={false}
            description={hasOtherLeader ? 'Tổ đã có tổ trưởng: muốn đổi tổ trưởng, hãy chuyển tổ trưởng hiện tại sang vai trò khác trước.' : undefined}
            data={ROLE_OPTIONS.map((o) => (o.value === 'leader' && hasOtherLeader ? { ...o, disabled: true } : o))}
            comboboxProps={{ withinPortal: true }}
            {...form.getInputProps('teamRole')}
          />
          <Select label="Đoàn thể" required allowDeselect={false} data={AFFILIATION_OPTIONS} comboboxProps={{ withinPortal: true }} {...form.getInputProps('affiliation')} />
          <TextInput label="Số điện thoại" inputMode="tel" {...form.getInputProps('phone')} />
          <FormButtons onClose={onClose} loading={save.isPending} label="Lưu thay đổi" />
        </Stack>
      </form>
    </ResponsiveModal>
  );
}

export function LeaveMemberModal({ member, onClose }: { member: TeamMember; onClose: () => void }) {
  const refresh = useRefreshTeams();
  const form = useForm({
    mode: 'controlled',
    initialValues: { leftOn: todayInVietnam() as string | null, reason: '' },
    validate: {
      leftOn: (v) => pastDate('Nhập ngày rời tổ.')(v) ?? (v && v < member.joinedOn ? `Không được trước ngày vào tổ (${formatDate(member.joinedOn)}).` : null),
      reason: required('Nhập lý do rời tổ.'),
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      api.post<{ member: TeamMember; releasedHouseholds: number } & ChangeAnswer>(`/api/teams/members/${member.id}/leave`, { version: member.version, leftOn: v.leftOn, reason: v.reason.trim() }),
    onSuccess: (answer) => {
      refresh();
      const released = answer.releasedHouseholds ? ` ${answer.releasedHouseholds} hộ người này phụ trách đã trở về "chưa phân công".` : '';
      notifyChange(`Đã ghi nhận ${answer.member.fullName} rời tổ.${released}`, answer);
      onClose();
    },
    onError: (error) => {
      applyServerErrors(form, error);
      notifyError(error);
    },
  });
  return (
    <ResponsiveModal opened onClose={onClose} title={title(`${member.fullName} rời tổ`)} size="md">
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          <Text size="sm">
            Thành viên vẫn được giữ trong lịch sử của tổ.
            {member.households > 0 && <> <b>{member.households} hộ</b> người này đang phụ trách sẽ trở về “chưa phân công”.</>}
          </Text>
          <VnDateInput label="Ngày rời tổ" required maxDate={todayInVietnam()} {...form.getInputProps('leftOn')} />
          <Textarea label="Lý do" required autosize minRows={2} placeholder="VD: Chuyển công tác, đi làm ăn xa" {...form.getInputProps('reason')} />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>Hủy</Button>
            <Button type="submit" color="red" loading={save.isPending}>Ghi nhận rời tổ</Button>
          </Group>
        </Stack>
      </form>
    </ResponsiveModal>
  );
}
