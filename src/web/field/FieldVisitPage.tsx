// Record a visit in a few taps: the date (today), who helped (me), who was helped and, for
// each, what was done with its outcome; the basic-skills checklist; the programme's
// information ticked by default. Checked here as the server checks it, then saved on the
// phone (and in the outbox) in one go: the household's status changes at once.
import { Alert, Button, Card, Checkbox, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import {
  BASIC_SKILL_LABELS,
  BASIC_SKILLS_CHECKLIST,
  NOT_DONE_REASON_LABELS,
  NOT_DONE_REASONS,
  SUPPORT_ACTION_LABELS,
  type BasicSkill,
  type NotDoneReason,
  type SupportAction,
  type SupportActionInput,
  type SupportEventInput,
  type SupportOutcome,
} from '../../shared/support.ts';
import type { SyncPerson } from '../../shared/sync.ts';
import { formatDate } from '../app/format.ts';
import { useFieldSession } from './field-context.ts';
import { useHouseholdData } from './field-data.ts';
import { actionBlocker, ageOn, FIRST_EVENT_DATE, householdPlace, householdTitle, validateVisit, type FieldIssue } from './field-rules.ts';
import { recordVisit } from './field-writes.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { getSyncSnapshot } from './sync-engine.ts';
import { todayInVietnam } from '../../shared/calendar.ts';

const MAIN_ACTIONS: SupportAction[] = [
  'install_vneid',
  'activate_vneid_level2',
  'open_bank_account',
  'create_dvc_account',
  'teach_basic_skills',
  'submit_procedure',
  'security_advice',
  'bdhvs_certified',
];
const MORE_ACTIONS: SupportAction[] = ['student_training', 'cashless_payment', 'install_vssid', 'install_other_app'];

/** The status item that tells an action was already done for this person. */
const ACTION_ITEM: Partial<Record<SupportAction, keyof SyncPerson['digital']>> = {
  install_vneid: 'vneid_level1',
  activate_vneid_level2: 'vneid_level2',
  open_bank_account: 'bank_account',
  create_dvc_account: 'dvc_account',
  teach_basic_skills: 'basic_skills',
  bdhvs_certified: 'bdhvs_certified',
  student_training: 'student_training',
  cashless_payment: 'cashless_payment',
  install_vssid: 'vssid',
};

interface ActionDraft {
  outcome: SupportOutcome;
  reason: NotDoneReason | null;
  procedureName: string;
  appName: string;
  checklist: BasicSkill[];
}
type Drafts = Record<string, Partial<Record<SupportAction, ActionDraft>>>;

const OUTCOME_CHOICES = [
  { value: 'done', label: 'Làm xong' },
  { value: 'already_had', label: 'Đã có' },
  { value: 'not_done', label: 'Chưa được' },
];

export function toActionInput(personId: string, action: SupportAction, d: ActionDraft): SupportActionInput {
  if (action === 'teach_basic_skills') {
    const all = d.checklist.length === BASIC_SKILLS_CHECKLIST.length;
    const outcome: SupportOutcome = d.outcome === 'already_had' ? 'already_had' : all ? 'done' : 'not_done';
    // Part of the checklist done means "come back" (the server's rule); nothing done may have another reason.
    const reason = outcome !== 'not_done' ? null : d.checklist.length > 0 ? 'need_revisit' : (d.reason ?? 'need_revisit');
    return { personId, action, outcome, reason, checklist: outcome === 'already_had' ? null : d.checklist };
  }
  return {
    personId,
    action,
    outcome: d.outcome,
    reason: d.outcome === 'not_done' ? d.reason : null,
    procedureName: action === 'submit_procedure' ? d.procedureName.trim() || null : null,
    appName: action === 'install_other_app' ? d.appName.trim() || null : null,
  };
}

export default function FieldVisitPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const data = useHouseholdData(id);
  const { memberId, team } = useFieldSession();
  const today = todayInVietnam();
  useDocumentTitle('Ghi lượt hỗ trợ · Tổ CNSCĐ');

  const [eventDate, setEventDate] = useState(today);
  const [helpers, setHelpers] = useState<string[]>(memberId ? [memberId] : []);
  const [informed, setInformed] = useState(true);
  const [note, setNote] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [saving, setSaving] = useState(false);

  const activeMembers = useMemo(() => team?.members ?? [], [team]);

  if (!data) return null;
  const { household, members } = data;
  if (!household) {
    return (
      <Stack>
        <FieldTitle title="Không có hộ này trên máy" />
        <Button component={Link} to="/thuc-dia/ho" size="md">Về danh sách hộ</Button>
      </Stack>
    );
  }

  const togglePerson = (pid: string, on: boolean) => setChosen((c) => (on ? [...c, pid] : c.filter((x) => x !== pid)));
  const setDraft = (pid: string, action: SupportAction, draft: ActionDraft | null) =>
    setDrafts((all) => {
      const mine = { ...(all[pid] ?? {}) };
      if (draft) mine[action] = draft;
      else delete mine[action];
      return { ...all, [pid]: mine };
    });

  const buildInput = (): SupportEventInput => ({
    id: uuidv7(),
    householdId: household.id,
    eventDate,
    channel: 'visit',
    helperMemberIds: helpers,
    informed,
    correctsEventId: null,
    note: note.trim() || null,
    actions: chosen.flatMap((pid) =>
      (Object.entries(drafts[pid] ?? {}) as [SupportAction, ActionDraft][]).map(([action, d]) => toActionInput(pid, action, d)),
    ),
  });

  const save = async () => {
    const input = buildInput();
    const found = validateVisit(input, household, members, today);
    if (input.actions.length === 0 && chosen.length > 0) {
      found.push({ path: 'actions', message: 'Đã chọn người được hỗ trợ nhưng chưa đánh dấu việc nào đã làm cho họ.' });
    }
    setIssues(found);
    if (found.length) return;
    setSaving(true);
    try {
      await recordVisit(input);
      const offline = getSyncSnapshot().offline || !navigator.onLine;
      notifications.show({ color: 'teal', message: offline ? 'Đã lưu trên máy. Sẽ tự gửi khi có mạng.' : 'Đã lưu lượt hỗ trợ.' });
      navigate(`/thuc-dia/ho/${household.id}`, { replace: true });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm">
      <FieldTitle title="Ghi lượt hỗ trợ" subtitle={`${householdTitle(household, members)} · ${householdPlace(household)}`} />

      <Card padding="sm">
        <Stack gap="sm">
          <TextInput
            type="date"
            size="md"
            label="Ngày hỗ trợ"
            value={eventDate}
            min={FIRST_EVENT_DATE}
            max={today}
            onChange={(e) => setEventDate(e.currentTarget.value)}
            error={issues.find((i) => i.path === 'eventDate')?.message}
          />
          {activeMembers.length > 0 && (
            <Checkbox.Group label="Người hỗ trợ" value={helpers} onChange={setHelpers}>
              <Stack gap={0} mt={4}>
                {activeMembers.map((m) => (
                  <Checkbox key={m.id} value={m.id} size="md" label={m.id === memberId ? `${m.fullName} (tôi)` : m.fullName} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <Checkbox size="md" checked={informed} onChange={(e) => setInformed(e.currentTarget.checked)} label="Đã thông tin về chương trình cho hộ" />
        </Stack>
      </Card>

      <Title order={2} fz={17} mt="xs">Ai được hỗ trợ?</Title>
      <Stack gap="xs">
        {members.map((p) => (
          <PersonSection
            key={p.id}
            person={p}
            date={/^\d{4}-\d{2}-\d{2}$/.test(eventDate) ? eventDate : today}
            chosen={chosen.includes(p.id)}
            onChoose={(on) => togglePerson(p.id, on)}
            drafts={drafts[p.id] ?? {}}
            setDraft={(action, d) => setDraft(p.id, action, d)}
          />
        ))}
      </Stack>

      <Textarea label="Ghi chú" size="md" autosize minRows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />

      <div className="field-sticky-save">
        {issues.length > 0 && (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} title="Chưa lưu được" mb="xs" data-testid="visit-issues" role="alert">
            <Stack gap={2}>{issues.map((i, n) => <Text key={n} size="sm">{i.message}</Text>)}</Stack>
          </Alert>
        )}
        <Button fullWidth size="lg" h={52} onClick={() => void save()} loading={saving} data-testid="save-visit">
          Lưu lượt hỗ trợ
        </Button>
      </div>
    </Stack>
  );
}

function PersonSection({ person, date, chosen, onChoose, drafts, setDraft }: {
  person: SyncPerson;
  date: string;
  chosen: boolean;
  onChoose: (on: boolean) => void;
  drafts: Partial<Record<SupportAction, ActionDraft>>;
  setDraft: (action: SupportAction, draft: ActionDraft | null) => void;
}) {
  const [more, setMore] = useState(false);
  const age = ageOn(person, date);
  const extra = MORE_ACTIONS.filter((a) => a !== 'student_training' || person.isStudent);
  return (
    <Card padding="sm" data-testid="visit-person" data-person-id={person.id} withBorder style={chosen ? { borderColor: 'var(--mantine-color-brand-5)' } : undefined}>
      <Checkbox
        size="md"
        checked={chosen}
        onChange={(e) => onChoose(e.currentTarget.checked)}
        label={<Text fw={600}>{person.fullName}</Text>}
        description={`${age} tuổi${person.hasSmartphone === false ? ' · không có điện thoại thông minh' : ''}`}
      />
      {chosen && (
        <Stack gap={4} mt="xs" pl={4}>
          {MAIN_ACTIONS.map((a) => (
            <ActionRow key={a} action={a} person={person} date={date} draft={drafts[a]} setDraft={(d) => setDraft(a, d)} />
          ))}
          <UnstyledButton onClick={() => setMore((m) => !m)} className="field-row" style={{ minHeight: 44 }}>
            <Group gap={4} c="brand.7">
              {more ? <IconChevronUp size={18} /> : <IconChevronDown size={18} />}
              <Text size="sm" fw={600}>{more ? 'Ẩn việc khác' : 'Việc khác (VssID, thanh toán, ứng dụng…)'}</Text>
            </Group>
          </UnstyledButton>
          {(more || extra.some((a) => drafts[a])) &&
            extra.map((a) => <ActionRow key={a} action={a} person={person} date={date} draft={drafts[a]} setDraft={(d) => setDraft(a, d)} />)}
        </Stack>
      )}
    </Card>
  );
}

function ActionRow({ action, person, date, draft, setDraft }: {
  action: SupportAction;
  person: SyncPerson;
  date: string;
  draft: ActionDraft | undefined;
  setDraft: (draft: ActionDraft | null) => void;
}) {
  const blocker = actionBlocker(action, person, date);
  const item = ACTION_ITEM[action];
  const had = item ? person.digital[item] : null;
  const fresh = (): ActionDraft => ({
    outcome: 'done',
    reason: person.hasSmartphone === false && action !== 'security_advice' ? 'no_smartphone' : null,
    procedureName: '',
    appName: '',
    checklist: [],
  });
  const hint = blocker ?? (had ? `Đã có từ ${formatDate(had)}` : undefined);
  return (
    <div data-testid="visit-action" data-action={action}>
      <Checkbox
        size="md"
        disabled={Boolean(blocker) && !draft}
        checked={Boolean(draft)}
        onChange={(e) => setDraft(e.currentTarget.checked ? fresh() : null)}
        label={SUPPORT_ACTION_LABELS[action]}
        description={hint}
      />
      {draft && (
        <Stack gap={6} pl={{ base: 0, xs: 36 }} pb={8} pt={4}>
          {action === 'teach_basic_skills' ? (
            <SkillsChecklist draft={draft} setDraft={setDraft} />
          ) : (
            <SegmentedControl
              fullWidth
              size="sm"
              value={draft.outcome}
              onChange={(v) => setDraft({ ...draft, outcome: v as SupportOutcome, reason: v === 'not_done' ? (draft.reason ?? 'need_revisit') : draft.reason })}
              data={OUTCOME_CHOICES}
              aria-label={`Kết quả: ${SUPPORT_ACTION_LABELS[action]}`}
            />
          )}
          {action === 'submit_procedure' && draft.outcome !== 'not_done' && (
            <TextInput size="md" label="Tên thủ tục đã nộp" placeholder="Ví dụ: Đăng ký khai sinh" value={draft.procedureName} onChange={(e) => setDraft({ ...draft, procedureName: e.currentTarget.value })} />
          )}
          {action === 'install_other_app' && draft.outcome !== 'not_done' && (
            <TextInput size="md" label="Tên ứng dụng" value={draft.appName} onChange={(e) => setDraft({ ...draft, appName: e.currentTarget.value })} />
          )}
          {needsReason(action, draft) && (
            <NativeSelect
              size="md"
              label="Lý do chưa làm được"
              value={draft.reason ?? 'need_revisit'}
              onChange={(e) => setDraft({ ...draft, reason: e.currentTarget.value as NotDoneReason })}
              data={NOT_DONE_REASONS.map((r) => ({ value: r, label: NOT_DONE_REASON_LABELS[r] }))}
            />
          )}
        </Stack>
      )}
    </div>
  );
}

function needsReason(action: SupportAction, d: ActionDraft): boolean {
  if (action === 'teach_basic_skills') return d.outcome !== 'already_had' && d.checklist.length === 0;
  return d.outcome === 'not_done';
}

function SkillsChecklist({ draft, setDraft }: { draft: ActionDraft; setDraft: (d: ActionDraft) => void }) {
  const all = draft.checklist.length === BASIC_SKILLS_CHECKLIST.length;
  return (
    <Stack gap={2}>
      <Checkbox
        size="sm"
        checked={draft.outcome === 'already_had'}
        onChange={(e) => setDraft({ ...draft, outcome: e.currentTarget.checked ? 'already_had' : 'done' })}
        label="Đã có kỹ năng từ trước"
      />
      {draft.outcome !== 'already_had' && (
        <>
          <Text size="sm" c="dimmed" mt={4}>Người dân tự làm được:</Text>
          {BASIC_SKILLS_CHECKLIST.map((skill) => (
            <Checkbox
              key={skill}
              size="sm"
              checked={draft.checklist.includes(skill)}
              onChange={(e) =>
                setDraft({ ...draft, checklist: e.currentTarget.checked ? BASIC_SKILLS_CHECKLIST.filter((s) => s === skill || draft.checklist.includes(s)) : draft.checklist.filter((s) => s !== skill) })
              }
              label={BASIC_SKILL_LABELS[skill]}
            />
          ))}
          <Text size="sm" fw={600} c={all ? 'teal.8' : 'orange.8'}>
            {all ? 'Đủ các mục: ghi là đã làm xong.' : `Mới làm được ${draft.checklist.length}/${BASIC_SKILLS_CHECKLIST.length} mục: ghi là chưa xong, cần quay lại.`}
          </Text>
        </>
      )}
    </Stack>
  );
}
