// Recording support at a desk (the one-stop centre, the commune office, a village head after
// a round of visits): the same event the field app records, through the same server rules.
// Also used to correct an event: the correction replaces it, the original stays in history.
import { Alert, Badge, Button, Card, Checkbox, Chip, Group, MultiSelect, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import {
  actionNotApplicable,
  ageOn,
  BASIC_SKILL_LABELS,
  BASIC_SKILLS_CHECKLIST,
  basicSkillsOutcome,
  NOT_DONE_REASON_LABELS,
  NOT_DONE_REASONS,
  SUPPORT_ACTION_LABELS,
  SUPPORT_ACTIONS,
  SUPPORT_CHANNEL_LABELS,
  SUPPORT_OUTCOME_LABELS,
  type BasicSkill,
  type NotDoneReason,
  type SupportAction,
  type SupportChannel,
  type SupportEventInput,
  type SupportOutcome,
} from '../../../shared/support.ts';
import { api, ApiError, errorMessage } from '../../app/api.ts';
import { notifySaved } from '../../components/forms.ts';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import type { SupportEventView } from './support.api.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

export interface SupportPerson {
  id: string;
  fullName: string;
  birthDate: string | null;
  birthYear: number;
  isStudent: boolean;
}

interface ActionDraft {
  action: SupportAction;
  outcome: SupportOutcome;
  reason: NotDoneReason | null;
  procedureName: string;
  appName: string;
  checklist: BasicSkill[];
}

type PeopleDrafts = Record<string, ActionDraft[]>;

function newAction(action: SupportAction): ActionDraft {
  const base: ActionDraft = { action, outcome: 'done', reason: null, procedureName: '', appName: '', checklist: [] };
  return action === 'teach_basic_skills' ? { ...base, outcome: 'not_done', reason: 'need_revisit' } : base;
}

function draftsFrom(event: SupportEventView | undefined): PeopleDrafts {
  const out: PeopleDrafts = {};
  for (const a of event?.actions ?? []) {
    (out[a.personId] ??= []).push({
      action: a.action,
      outcome: a.outcome,
      reason: a.reason,
      procedureName: a.procedureName ?? '',
      appName: a.appName ?? '',
      checklist: (a.checklist ?? []) as BasicSkill[],
    });
  }
  return out;
}

const OUTCOME_CHOICES = (['done', 'already_had', 'not_done'] as const).map((value) => ({ value, label: SUPPORT_OUTCOME_LABELS[value] }));
const REASON_CHOICES = NOT_DONE_REASONS.map((value) => ({ value, label: NOT_DONE_REASON_LABELS[value] }));

export function SupportEventModal({
  householdId,
  people,
  helpers,
  defaultChannel,
  allowServiceCenter,
  correcting,
  onClose,
}: {
  householdId: string;
  people: SupportPerson[];
  /** Active members of the village's team, who may be named as helpers of a visit. */
  helpers: { id: string; fullName: string }[];
  defaultChannel: SupportChannel;
  allowServiceCenter: boolean;
  /** The event being corrected: the form starts from it and replaces it when saved. */
  correcting?: SupportEventView;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const today = todayInVietnam();
  const [eventDate, setEventDate] = useState<string | null>(correcting?.eventDate ?? today);
  const [channel, setChannel] = useState<SupportChannel>(correcting && correcting.channel !== 'group_session' ? correcting.channel : defaultChannel);
  const [helperIds, setHelperIds] = useState<string[]>(correcting?.helperMemberIds ?? []);
  const [informed, setInformed] = useState(correcting?.informed ?? true);
  const [note, setNote] = useState(correcting?.note ?? '');
  const [drafts, setDrafts] = useState<PeopleDrafts>(() => draftsFrom(correcting));
  const [problems, setProblems] = useState<string[]>([]);
  // One id per opened form: a double click or a retry after a timeout is the same event.
  const eventId = useMemo(() => uuidv7(), []);

  const date = eventDate ?? today;
  const setPersonActions = (personId: string, next: ActionDraft[]) => setDrafts((d) => ({ ...d, [personId]: next }));

  const body = (): SupportEventInput => ({
    id: eventId,
    householdId,
    eventDate: date,
    channel,
    helperMemberIds: channel === 'visit' ? helperIds : [],
    informed,
    correctsEventId: correcting?.id ?? null,
    note: note.trim() || null,
    actions: people.flatMap((p) =>
      (drafts[p.id] ?? []).map((a) => ({
        personId: p.id,
        action: a.action,
        outcome: a.outcome,
        reason: a.outcome === 'not_done' ? a.reason ?? 'other' : null,
        procedureName: a.action === 'submit_procedure' ? a.procedureName.trim() || null : null,
        appName: a.action === 'install_other_app' ? a.appName.trim() || null : null,
        checklist: a.action === 'teach_basic_skills' ? a.checklist : null,
      })),
    ),
  });

  const save = useMutation({
    mutationFn: (input: SupportEventInput) => api.post('/api/support-events', input),
    onSuccess: () => {
      for (const key of ['household', 'person', 'support-events', 'people', 'households']) void queryClient.invalidateQueries({ queryKey: [key] });
      notifySaved(correcting ? 'Đã ghi nhận lượt sửa; lượt cũ được thay thế và vẫn lưu trong lịch sử.' : 'Đã ghi nhận lượt hỗ trợ.');
      onClose();
    },
    onError: (error, input) => {
      const fieldMessages = error instanceof ApiError ? error.fields.map((f) => whose(f.path, input, people) + f.message) : [];
      setProblems(fieldMessages.length ? fieldMessages : [errorMessage(error)]);
    },
  });

  const submit = () => {
    const input = body();
    const local: string[] = [];
    if (!eventDate) local.push('Nhập ngày hỗ trợ.');
    if (eventDate && eventDate > today) local.push('Ngày hỗ trợ không được sau hôm nay.');
    if (!input.actions.length && !input.informed) local.push('Chọn ít nhất một việc đã hỗ trợ, hoặc đánh dấu đã thông tin cho hộ.');
    for (const a of input.actions) {
      if (a.action === 'submit_procedure' && a.outcome === 'done' && !a.procedureName) local.push(`${nameOf(a.personId, people)}: ghi tên thủ tục đã nộp.`);
      if (a.action === 'install_other_app' && a.outcome === 'done' && !a.appName) local.push(`${nameOf(a.personId, people)}: ghi tên ứng dụng đã cài.`);
    }
    setProblems(local);
    if (!local.length) save.mutate(input);
  };

  return (
    <ResponsiveModal opened onClose={onClose} size="xl" title={<Text fw={650} fz="lg">{correcting ? 'Sửa lượt hỗ trợ' : 'Ghi nhận hỗ trợ'}</Text>}>
      <Stack gap="md" data-testid="support-form">
        {correcting && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle />}>
            Lượt hỗ trợ ngày {dayjs(correcting.eventDate).format('DD/MM/YYYY')} sẽ được thay bằng nội dung dưới đây. Lượt cũ không bị xóa, vẫn hiện trong lịch sử.
          </Alert>
        )}
        <Group grow align="flex-start" wrap="wrap">
          <VnDateInput label="Ngày hỗ trợ" required value={eventDate} onChange={(v) => setEventDate(v as string | null)} maxDate={today} style={{ minWidth: 180 }} />
          {allowServiceCenter ? (
            <Stack gap={4} style={{ minWidth: 240 }}>
              <Text size="sm" fw={500}>Nơi hỗ trợ</Text>
              <SegmentedControl
                value={channel}
                onChange={(v) => setChannel(v as SupportChannel)}
                data={[
                  { value: 'visit', label: SUPPORT_CHANNEL_LABELS.visit },
                  { value: 'service_center', label: 'Tại Trung tâm PVHCC' },
                ]}
              />
            </Stack>
          ) : null}
        </Group>
        {channel === 'visit' && (
          <MultiSelect
            label="Thành viên Tổ CNSCĐ đã hỗ trợ"
            placeholder={helpers.length ? 'Chọn người đã đến hộ' : 'Thôn chưa có Tổ CNSCĐ đang hoạt động'}
            data={helpers.map((m) => ({ value: m.id, label: m.fullName }))}
            value={helperIds}
            onChange={setHelperIds}
            disabled={!helpers.length}
            searchable
            clearable
          />
        )}
        <Checkbox label="Đã thông tin, tuyên truyền về chương trình cho hộ" checked={informed} onChange={(e) => setInformed(e.currentTarget.checked)} />

        {people.map((person) => (
          <PersonActions
            key={person.id}
            person={person}
            eventDate={date}
            actions={drafts[person.id] ?? []}
            onChange={(next) => setPersonActions(person.id, next)}
          />
        ))}

        <Textarea label="Ghi chú" autosize minRows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />

        {problems.length > 0 && (
          <Alert color="red" variant="light" title="Chưa lưu được" data-testid="support-form-errors">
            <Stack gap={2}>{problems.map((p) => <Text key={p} size="sm">{p}</Text>)}</Stack>
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>Hủy</Button>
          <Button onClick={submit} loading={save.isPending}>{correcting ? 'Lưu lượt sửa' : 'Lưu lượt hỗ trợ'}</Button>
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}

function nameOf(personId: string, people: SupportPerson[]): string {
  return people.find((p) => p.id === personId)?.fullName ?? 'Nhân khẩu';
}

/** "actions[3].reason" → "Nguyễn Văn A: " so the officer sees whose line is wrong. */
function whose(path: string, input: SupportEventInput, people: SupportPerson[]): string {
  const index = /^actions\[(\d+)\]/.exec(path)?.[1];
  const action = index === undefined ? undefined : input.actions[Number(index)];
  return action ? `${nameOf(action.personId, people)}: ` : '';
}

function PersonActions({ person, eventDate, actions, onChange }: { person: SupportPerson; eventDate: string; actions: ActionDraft[]; onChange: (next: ActionDraft[]) => void }) {
  const chosen = actions.map((a) => a.action);
  const toggle = (values: string[]) => {
    const next = values as SupportAction[];
    onChange(next.map((action) => actions.find((a) => a.action === action) ?? newAction(action)));
  };
  const update = (action: SupportAction, patch: Partial<ActionDraft>) => onChange(actions.map((a) => (a.action === action ? { ...a, ...patch } : a)));
  const age = ageOn(person, eventDate);

  return (
    <Card withBorder padding="sm" data-testid={`support-person-${person.id}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600}>{person.fullName}</Text>
        <Text size="sm" c="dimmed" className="num">{age} tuổi</Text>
      </Group>
      <Chip.Group multiple value={chosen} onChange={toggle}>
        <Group gap={6}>
          {SUPPORT_ACTIONS.map((action) => {
            const why = actionNotApplicable(action, person, eventDate);
            const chip = (
              <Chip key={action} value={action} size="sm" disabled={Boolean(why) && !chosen.includes(action)}>
                {SUPPORT_ACTION_LABELS[action]}
              </Chip>
            );
            // The rule that hides an action is said, not left to guess.
            return why ? <Tooltip key={action} label={why} withinPortal><span>{chip}</span></Tooltip> : chip;
          })}
        </Group>
      </Chip.Group>
      {actions.length > 0 && (
        <Stack gap="xs" mt="sm">
          {actions.map((a) => (
            <ActionRow key={a.action} draft={a} onChange={(patch) => update(a.action, patch)} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function ActionRow({ draft, onChange }: { draft: ActionDraft; onChange: (patch: Partial<ActionDraft>) => void }) {
  const isSkills = draft.action === 'teach_basic_skills';
  return (
    <Stack gap={6} pl="sm" style={{ borderLeft: '3px solid var(--mantine-color-brand-3)' }}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={500}>{SUPPORT_ACTION_LABELS[draft.action]}</Text>
        {isSkills ? (
          <Badge variant="light" color={draft.outcome === 'done' ? 'teal' : 'orange'} tt="none">
            {draft.outcome === 'done' ? 'Đạt đủ các kỹ năng' : `Đã hướng dẫn ${draft.checklist.length}/${BASIC_SKILLS_CHECKLIST.length} kỹ năng`}
          </Badge>
        ) : (
          <SegmentedControl
            size="xs"
            value={draft.outcome}
            onChange={(v) => onChange({ outcome: v as SupportOutcome, reason: v === 'not_done' ? draft.reason ?? 'need_revisit' : null })}
            data={OUTCOME_CHOICES}
          />
        )}
      </Group>
      {isSkills && (
        <Checkbox.Group
          value={draft.checklist}
          onChange={(values) => {
            const checklist = values as BasicSkill[];
            onChange({ checklist, ...basicSkillsOutcome(checklist) });
          }}
        >
          <Stack gap={4}>
            {BASIC_SKILLS_CHECKLIST.map((item) => <Checkbox key={item} value={item} label={BASIC_SKILL_LABELS[item]} />)}
          </Stack>
        </Checkbox.Group>
      )}
      {draft.outcome === 'not_done' && !isSkills && (
        <Select label="Lý do chưa làm được" data={REASON_CHOICES} value={draft.reason} onChange={(v) => onChange({ reason: (v as NotDoneReason | null) ?? 'other' })} allowDeselect={false} />
      )}
      {draft.action === 'submit_procedure' && (
        <TextInput label="Tên thủ tục" placeholder="Ví dụ: Đăng ký khai sinh" value={draft.procedureName} onChange={(e) => onChange({ procedureName: e.currentTarget.value })} maxLength={200} />
      )}
      {draft.action === 'install_other_app' && (
        <TextInput label="Tên ứng dụng" placeholder="Ví dụ: Sổ sức khỏe điện tử" value={draft.appName} onChange={(e) => onChange({ appName: e.currentTarget.value })} maxLength={100} />
      )}
    </Stack>
  );
}
