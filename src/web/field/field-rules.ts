// The field app's rules, kept pure so they can be tested without a browser: a person's age,
// which status items and actions apply to them, the "chưa đạt" indicators of domain.md, the
// checks a visit must pass (the server's own, mirrored so most refusals never happen) and
// the effect of a write on the local copy (applied at once, replayed after every pull).
import {
  ACTION_STATUS_ITEMS,
  actionNotApplicable,
  ageOn,
  BASIC_SKILLS_CHECKLIST,
  SUPPORT_ACTION_LABELS,
  SUPPORT_OUTCOME_LABELS,
  NOT_DONE_REASON_LABELS,
  type StatusItem,
  type SupportAction,
  type SupportActionInput,
  type SupportEventInput,
} from '../../shared/support.ts';
import type { HouseholdContact, PersonContact, SyncHousehold, SyncPerson } from '../../shared/sync.ts';

/** Age in whole years on a date (shared with the server: a birth year alone counts from 1 January). */
export { ageOn };

/** The first date a visit may carry: the server refuses earlier ones (the programme started then). */
export const FIRST_EVENT_DATE = '2025-01-01';

export const isResident = (p: Pick<SyncPerson, 'status'>) => p.status === 'resident';

// ---- What applies to whom ----

/** Why an action cannot be recorded for this person on this date, or null when it can. */
export function actionBlocker(action: SupportAction, person: SyncPerson, date: string): string | null {
  return actionNotApplicable(action, person, date);
}

/** The status items worth showing for a person as chips (achieved, or expected at their age). */
export function statusChips(person: SyncPerson, date: string): { item: StatusItem; achieved: string | null }[] {
  const age = ageOn(person, date);
  const shown: StatusItem[] = [];
  if (age >= 14) shown.push('vneid_level1', 'vneid_level2', 'dvc_account');
  if (age >= 15) shown.push('bank_account');
  if (age >= 14) shown.push('basic_skills');
  if (age >= 18) shown.push('bdhvs_certified');
  if (person.isStudent) shown.push('student_training');
  for (const item of ['cashless_payment', 'vssid'] as const) if (person.digital[item]) shown.push(item);
  for (const item of Object.keys(person.digital) as StatusItem[]) {
    if (person.digital[item] && !shown.includes(item)) shown.push(item);
  }
  return shown.map((item) => ({ item, achieved: person.digital[item] }));
}

// ---- Indicators a household can be "chưa đạt" on (domain.md) ----

export const FIELD_INDICATORS = ['DD', 'NH', 'KNS', 'TT', 'HGD'] as const;
export type FieldIndicator = (typeof FIELD_INDICATORS)[number];
export const FIELD_INDICATOR_LABELS: Record<FieldIndicator, string> = {
  DD: 'DD – Định danh điện tử mức 2 (từ 16 tuổi)',
  NH: 'NH – Tài khoản ngân hàng số (từ 16 tuổi)',
  KNS: 'KNS – Kỹ năng số cơ bản (từ 18 tuổi)',
  TT: 'TT – Hộ chưa được thông tin',
  HGD: 'HGD – Hộ gia đình số',
};
export const FIELD_INDICATOR_SHORT: Record<FieldIndicator, string> = {
  DD: 'Mức 2',
  NH: 'Ngân hàng',
  KNS: 'Kỹ năng số',
  TT: 'Chưa thông tin',
  HGD: 'Hộ số',
};

/** A status item counts on a date when it became true on or before it (as the server's SQL). */
const hadOn = (p: SyncPerson, item: StatusItem, date: string) => {
  const since = p.digital[item];
  return since !== null && since <= date;
};

/**
 * People of the household not yet reached on a person indicator: the denominators and
 * numerators of indicator_people() (server/db/migrations/0004-indicators.ts),
 * ages on the date with a year-only birth as 1 January.
 */
export function peopleNotReached(indicator: PersonIndicator, people: SyncPerson[], date: string): SyncPerson[] {
  return people.filter((p) => {
    if (!isResident(p)) return false;
    const age = ageOn(p, date);
    if (indicator === 'DD') return age >= 16 && !hadOn(p, 'vneid_level2', date);
    if (indicator === 'NH') return age >= 16 && !hadOn(p, 'bank_account', date);
    return age >= 18 && !hadOn(p, 'basic_skills', date);
  });
}
export const PERSON_INDICATORS = ['DD', 'NH', 'KNS'] as const;
export type PersonIndicator = (typeof PERSON_INDICATORS)[number];

/** HGD: at least one member with basic skills, a VNeID account and a DVC account. */
export function isDigitalHousehold(people: SyncPerson[], date?: string): boolean {
  const has = (p: SyncPerson, item: StatusItem) => (date ? hadOn(p, item, date) : !!p.digital[item]);
  return people.some((p) => isResident(p) && has(p, 'basic_skills') && has(p, 'vneid_level1') && has(p, 'dvc_account'));
}

/**
 * HGD counts a household with no capable member as reached when a team member is assigned
 * to it (domain.md: covered, shown apart).
 */
export function isCoveredByMember(household: SyncHousehold, people: SyncPerson[], date: string): boolean {
  return household.noCapableMember && household.assignedMemberId !== null && !isDigitalHousehold(people, date);
}

/**
 * Whether the household is "chưa đạt" on an indicator. A household nobody lives in any more
 * counts for none (the server's denominators are households with a resident).
 */
export function householdNotReached(indicator: FieldIndicator, household: SyncHousehold, people: SyncPerson[], date: string): boolean {
  const residents = people.filter(isResident);
  if (residents.length === 0) return false;
  if (indicator === 'TT') return !(household.informedOn && household.informedOn <= date);
  if (indicator === 'HGD') return !isDigitalHousehold(residents, date) && !isCoveredByMember(household, residents, date);
  return peopleNotReached(indicator, residents, date).length > 0;
}

// ---- The next-visit list: households with gaps, mine first ----

export interface NextVisitPerson {
  person: SyncPerson;
  /** The person indicators this person is not yet reached on. */
  gaps: PersonIndicator[];
}

export interface NextVisit {
  household: SyncHousehold;
  members: SyncPerson[];
  mine: boolean;
  gaps: FieldIndicator[];
  /** The people still to reach, with the indicators they lack and their last recorded reason. */
  people: NextVisitPerson[];
}

/**
 * The team's next visits from the village copy: every household "chưa đạt" on one of the
 * field indicators, the volunteer's own first, then those not visited for longest (never
 * visited first). Each carries the people not yet reached, in household order.
 */
export function nextVisits(households: SyncHousehold[], membersOf: Map<string, SyncPerson[]>, memberId: string | null, date: string): NextVisit[] {
  const out: NextVisit[] = [];
  for (const household of households) {
    const members = membersOf.get(household.id) ?? [];
    const gaps = FIELD_INDICATORS.filter((i) => householdNotReached(i, household, members, date));
    if (gaps.length === 0) continue;
    const people: NextVisitPerson[] = [];
    for (const person of members) {
      const lacking = PERSON_INDICATORS.filter((i) => peopleNotReached(i, [person], date).length > 0);
      if (lacking.length) people.push({ person, gaps: lacking });
    }
    out.push({ household, members, mine: memberId !== null && household.assignedMemberId === memberId, gaps, people });
  }
  return out.sort((a, b) =>
    Number(b.mine) - Number(a.mine)
    || (a.household.lastVisitOn ?? '').localeCompare(b.household.lastVisitOn ?? '')
    || (a.household.hamletGroup ?? '').localeCompare(b.household.hamletGroup ?? '', 'vi')
    || (a.household.code ?? '').localeCompare(b.household.code ?? '', 'vi', { numeric: true }));
}

// ---- A visit as the form builds it, and its checks ----

export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The server's checks, as far as the phone can know them: the date is not in the future,
 * every person lives in this household, each action applies to the person (age, student),
 * a "not done" says why, a procedure is named, the basic-skills checklist is consistent.
 */
export function validateVisit(input: SupportEventInput, household: SyncHousehold, people: SyncPerson[], today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.eventDate)) issues.push({ path: 'eventDate', message: 'Ngày hỗ trợ không hợp lệ.' });
  else if (input.eventDate > today) issues.push({ path: 'eventDate', message: 'Ngày hỗ trợ không được sau hôm nay.' });
  else if (input.eventDate < FIRST_EVENT_DATE) issues.push({ path: 'eventDate', message: 'Ngày hỗ trợ không được trước 01/01/2025, khi chương trình bắt đầu.' });
  if (input.householdId !== household.id) issues.push({ path: 'householdId', message: 'Hộ gia đình không khớp.' });
  if (input.actions.length === 0 && !input.informed) {
    issues.push({ path: 'actions', message: 'Chọn ít nhất một việc đã làm, hoặc đánh dấu đã thông tin về chương trình cho hộ.' });
  }
  const byId = new Map(people.map((p) => [p.id, p]));
  const seen = new Set<string>();
  input.actions.forEach((a, i) => {
    const person = byId.get(a.personId);
    const path = `actions.${i}`;
    const who = person?.fullName ?? 'Người này';
    if (!person || person.householdId !== household.id || !isResident(person)) {
      issues.push({ path, message: `${who} không còn là nhân khẩu của hộ này.` });
      return;
    }
    const key = `${a.personId}:${a.action}`;
    if (seen.has(key)) issues.push({ path, message: `${who}: "${SUPPORT_ACTION_LABELS[a.action]}" được chọn hai lần.` });
    seen.add(key);
    if (/^\d{4}-\d{2}-\d{2}$/.test(input.eventDate)) {
      const blocker = actionBlocker(a.action, person, input.eventDate);
      // An action the person is too young for may still be recorded as not done (reason: under age).
      if (blocker && (a.outcome !== 'not_done' || a.action === 'student_training')) issues.push({ path, message: `${who}: ${blocker}` });
    }
    if (a.outcome === 'not_done' && !a.reason) issues.push({ path: `${path}.reason`, message: `${who}: chọn lý do chưa làm được "${SUPPORT_ACTION_LABELS[a.action]}".` });
    if (a.outcome !== 'not_done' && a.reason) issues.push({ path: `${path}.reason`, message: `${who}: chỉ ghi lý do khi chưa làm được.` });
    if (a.action === 'submit_procedure' && a.outcome !== 'not_done' && !a.procedureName?.trim()) {
      issues.push({ path: `${path}.procedureName`, message: `${who}: ghi tên thủ tục đã nộp.` });
    }
    if (a.action === 'install_other_app' && a.outcome !== 'not_done' && !a.appName?.trim()) {
      issues.push({ path: `${path}.appName`, message: `${who}: ghi tên ứng dụng đã cài.` });
    }
    if (a.action === 'teach_basic_skills') {
      const ticked = a.checklist?.length ?? 0;
      if (a.outcome === 'done' && ticked < BASIC_SKILLS_CHECKLIST.length) issues.push({ path, message: `${who}: kỹ năng số chỉ "đã làm xong" khi làm được tất cả các mục.` });
      if (a.outcome === 'not_done' && ticked > 0 && a.reason !== 'need_revisit') issues.push({ path, message: `${who}: mới làm được một phần các mục kỹ năng, lý do phải là "Cần quay lại".` });
    }
  });
  return issues;
}

/** "Định danh điện tử mức 2: Đã làm xong" / "…: Chưa làm được (Cần quay lại)". */
export function describeAction(a: SupportActionInput): string {
  const outcome = SUPPORT_OUTCOME_LABELS[a.outcome];
  const why = a.outcome === 'not_done' && a.reason ? ` (${NOT_DONE_REASON_LABELS[a.reason]})` : '';
  const what = a.action === 'submit_procedure' && a.procedureName ? `${SUPPORT_ACTION_LABELS[a.action]}: ${a.procedureName}` : SUPPORT_ACTION_LABELS[a.action];
  return `${what} – ${outcome.toLowerCase()}${why}`;
}

// ---- Effects on the local copy ----

const minDate = (a: string | null, b: string) => (a && a <= b ? a : b);

/**
 * A visit's effect on the people it names and on the household, as the server's
 * refresh_digital_status() will compute it: an item becomes true from the earliest date
 * it was done (or found already done); the last visit and its reason follow the latest event.
 * Idempotent, so it can be replayed over rows a pull brought.
 */
export function applyVisit(input: SupportEventInput, household: SyncHousehold | undefined, people: SyncPerson[]): { household?: SyncHousehold; people: SyncPerson[] } {
  const date = input.eventDate;
  const changed: SyncPerson[] = [];
  for (const person of people) {
    const mine = input.actions.filter((a) => a.personId === person.id);
    if (mine.length === 0) continue;
    const digital = { ...person.digital };
    for (const a of mine) {
      if (a.outcome === 'not_done') continue;
      for (const item of ACTION_STATUS_ITEMS[a.action]) digital[item] = minDate(digital[item], date);
    }
    let { lastVisitOn, lastReason } = person;
    if (!lastVisitOn || date >= lastVisitOn) {
      lastVisitOn = date;
      const notDone = mine.filter((a) => a.outcome === 'not_done' && a.reason);
      lastReason = notDone.length ? notDone[notDone.length - 1].reason! : null;
    }
    changed.push({ ...person, digital, lastVisitOn, lastReason });
  }
  const nextHousehold = household
    ? {
        ...household,
        informedOn: input.informed ? minDate(household.informedOn, date) : household.informedOn,
        lastVisitOn: household.lastVisitOn && household.lastVisitOn > date ? household.lastVisitOn : date,
      }
    : undefined;
  return { household: nextHousehold, people: changed };
}

export function applyPersonContact(edit: PersonContact, person: SyncPerson): SyncPerson {
  const next = { ...person };
  if (edit.fields.phone !== undefined) next.phone = edit.fields.phone;
  if (edit.fields.hasSmartphone !== undefined) next.hasSmartphone = edit.fields.hasSmartphone;
  return next;
}

export function applyHouseholdContact(edit: HouseholdContact, household: SyncHousehold): SyncHousehold {
  const next = { ...household };
  if (edit.fields.phone !== undefined) next.phone = edit.fields.phone;
  if (edit.fields.noCapableMember !== undefined) next.noCapableMember = edit.fields.noCapableMember;
  return next;
}

/** "Hộ Nguyễn Văn A": the head's name, else the household code or address. */
export function householdTitle(household: SyncHousehold, people: SyncPerson[]): string {
  const head = people.find((p) => p.id === household.headPersonId);
  if (head) return `Hộ ${head.fullName}`;
  if (household.code) return `Hộ số ${household.code}`;
  return `Hộ tại ${household.address}`;
}

/** "Xóm 2, số 14" — the parts of the address that are there (demo households may have none). */
export function householdPlace(household: SyncHousehold): string {
  return [household.hamletGroup, household.address].map((part) => part?.trim()).filter(Boolean).join(', ') || 'Chưa ghi địa chỉ';
}
