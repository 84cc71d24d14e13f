// A year of a village's Tổ CNSCĐ, generated: the team (and its kiện toàn), the households
// each member looks after, and the support events of the year with what was done for whom and
// why not. Pure and deterministic: the demo seed (PGlite or PostgreSQL) and the province
// loader (COPY) write the rows it returns; the statuses are then derived by the SQL
// functions of migration 0003, never written here.
//
// It simulates visits rather than drawing end figures: each household gets visit days
// (weekends, weekday evenings, campaign peaks), the people at home are helped with what
// they still lack, and what could not be done is recorded with its reason, so the derived
// figures, the "not yet reached" lists and the last reasons all come out of one story.
import {
  type BasicSkill,
  BASIC_SKILLS_CHECKLIST,
  type NotDoneReason,
  type SupportAction,
  type SupportOutcome,
  actionNotApplicable,
} from '../../shared/support.ts';
import type { Affiliation, TeamRole } from '../../shared/teams.ts';
import { DayDistribution, dayOf, isoOf, nearTet, vietnamTime, visitHour, weekday } from './calendar.ts';
import { uuidV7At } from './ids.ts';
import { hashSeed, Random, type Weighted } from './random.ts';

/** The span a plan without `start` / `end` covers (the province benchmark's fixed year). */
export const HISTORY_START = '2026-01-05';
export const HISTORY_END = '2026-11-24';

// ---- input: a village as read from the registry --------------------------------------

export interface HistoryPerson {
  id: string;
  household_id: string;
  full_name: string;
  sex: 'male' | 'female';
  birth_date: string | null;
  birth_year: number;
  phone: string | null;
  has_cccd: boolean;
  is_student: boolean;
  is_worker: boolean;
  is_team_member: boolean;
  relation_to_head: string;
  ethnicity: string | null;
}

export interface HistoryHousehold {
  id: string;
  code: string | null;
  hamlet_group: string | null;
  no_capable_member: boolean;
  people: HistoryPerson[];
}

export interface HistoryVillage {
  id: number;
  name: string;
  households: HistoryHousehold[];
}

// ---- output rows, shaped like the tables of migration 0003 ---------------------------

export interface TeamRow {
  id: string;
  village_id: number;
  name: string;
  decision_number: string;
  decision_date: string;
  formed_on: string;
  ended_on: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface TeamMemberRow {
  id: string;
  team_id: string;
  full_name: string;
  person_id: string;
  account_id: string | null;
  phone: string | null;
  team_role: TeamRole;
  affiliation: Affiliation;
  joined_on: string;
  left_on: string | null;
  left_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface AssignmentRow {
  id: string;
  household_id: string;
  member_id: string;
  from_date: string;
  to_date: string | null;
  assigned_by: string | null;
  created_at: string;
}

export interface EventRow {
  id: string;
  household_id: string;
  village_id: number;
  event_date: string;
  channel: 'visit' | 'service_center';
  helper_member_ids: string[];
  informed: boolean;
  corrects_event_id: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface ActionRow {
  event_id: string;
  seq: number;
  person_id: string;
  action: SupportAction;
  outcome: SupportOutcome;
  reason: NotDoneReason | null;
  procedure_name: string | null;
  app_name: string | null;
  checklist: BasicSkill[] | null;
  note: string | null;
}

export interface VillageHistory {
  teams: TeamRow[];
  members: TeamMemberRow[];
  assignments: AssignmentRow[];
  /** household → open member (households.assigned_member_id); absent: not assigned. */
  assignedMember: Map<string, string>;
  events: EventRow[];
  actions: ActionRow[];
  /** People renamed to match a named member's account (the demo volunteers). */
  renamed: Array<{ id: string; full_name: string; phone: string | null }>;
  /** people.is_team_member as it should be: true for active members, false for the rest. */
  teamMemberFlags: Array<{ id: string; is_team_member: boolean }>;
  /** What the volunteers learned about a phone ("no smartphone"): people.has_smartphone. */
  smartphones: Array<{ id: string; has_smartphone: boolean }>;
}

// ---- the plan of one village ----------------------------------------------------------

export interface NamedMember {
  fullName: string;
  sex: 'male' | 'female';
  phone?: string;
}

/** A member about to be written: the caller says which account (if any) it logs in with. */
export interface MemberDraft {
  villageId: number;
  personId: string;
  fullName: string;
  phone: string | null;
  teamRole: TeamRole;
  /** 0 = leader, then the order they joined in. */
  index: number;
}

export interface VillageHistoryPlan {
  /** Seeds the village's random stream (stable across runs and machines). */
  key: string;
  village: HistoryVillage;
  decision: { number: string; date: string };
  /**
   * How the team changes during the year: 'steady' (3–5 members), 'grown' (a sixth joins,
   * by default in March), 'shrunk' (one of three leaves, by default in August: 2 left),
   * 'reformed' (kiện toàn).
   */
  shape: 'steady' | 'grown' | 'shrunk' | 'reformed';
  /** For 'grown' and 'shrunk': the day the member joins or leaves (default 14 March / 17 August of the start's year). */
  changeOn?: string;
  /** For 'reformed': the day the old team ends and the new one is formed, and its decision. */
  reform?: { on: string; decisionNumber: string };
  /** How well the team works: scales reach, visits and success (≈0.6–1.35, 1 = average). */
  activity: number;
  /** no_capable_member households left without an assigned member ("cần phân công"). */
  unassignedNoCapable: number;
  /** Residents who become the leader / the first plain member under these names. */
  named?: { leader?: NamedMember; member?: NamedMember };
  accountFor(member: MemberDraft): string | null;
  /** Who did the assigning (the village head or the commune office), when known. */
  assignedBy: string | null;
  /** The one-stop centre's account: desk events. Null: none in this village. */
  deskAccountId: string | null;
  /** First day of the history (default HISTORY_START). */
  start?: string;
  /** Last day of the history, the "today" the rows stop at (default HISTORY_END). */
  end?: string;
  /**
   * Last day of the span the visit days are drawn over (default `end`). Past `end`, the year
   * is still to come: its visits are drawn and dropped, so a history cut early in the year has
   * that part of the year's visits, at the year's pace.
   */
  spanEnd?: string;
  /** Visits per household scale with the span's length: 1 for a year, ≈2 for two (default 1). */
  visitScale?: number;
}

// ---- vocabulary ------------------------------------------------------------------------

const PROCEDURES: readonly Weighted<string>[] = [
  ['Đăng ký khai sinh', 14], ['Đăng ký thường trú', 8], ['Đăng ký tạm trú', 6], ['Cấp phiếu lý lịch tư pháp', 6],
  ['Đăng ký kết hôn', 5], ['Xác nhận tình trạng hôn nhân', 5], ['Đăng ký khai tử', 3], ['Cấp bản sao trích lục hộ tịch', 4],
  ['Cấp đổi giấy phép lái xe', 4], ['Đóng bảo hiểm y tế hộ gia đình', 6], ['Thông báo lưu trú', 3],
  ['Đăng ký nhận trợ cấp xã hội hằng tháng', 3], ['Đề nghị cấp giấy chứng nhận quyền sử dụng đất', 2], ['Nộp thuế sử dụng đất phi nông nghiệp', 2],
];
const APPS: readonly Weighted<string>[] = [
  ['Zalo', 10], ['Sổ sức khỏe điện tử', 6], ['eTax Mobile', 3], ['EVNNPC CSKH', 4], ['Công an Tuyên Quang', 2], ['Cổng Dịch vụ công quốc gia', 3],
];
const VISIT_NOTES: readonly Weighted<string>[] = [
  ['Hướng dẫn cả nhà cài và dùng VNeID.', 5],
  ['Hẹn tối thứ Sáu quay lại hướng dẫn tiếp.', 3],
  ['Sóng yếu, ghi trên máy rồi gửi sau.', 3],
  ['Phát tờ rơi "Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn".', 4],
  ['Nhắc cả nhà cảnh giác cuộc gọi giả danh công an.', 3],
  ['Hướng dẫn quét mã QR thanh toán tiền điện.', 2],
  ['Hướng dẫn tham gia nhóm Zalo của thôn.', 3],
];
const AWAY_NOTES = [
  'Đi làm công nhân ở Bắc Ninh, Tết mới về.',
  'Đi làm ăn ở Thái Nguyên.',
  'Đi làm ở khu công nghiệp Bắc Giang.',
  'Đi làm xa, người nhà cho biết chưa kích hoạt mức 2.',
];
const CORRECTION_NOTES = {
  date: 'Sửa lượt hỗ trợ: ghi nhầm ngày.',
  informed: 'Sửa lượt hỗ trợ: đã tuyên truyền cho hộ nhưng quên đánh dấu.',
  outcome: 'Sửa lượt hỗ trợ: ghi nhầm kết quả, chưa làm xong.',
} as const;

// ---- helpers ---------------------------------------------------------------------------

const HIGHLAND = new Set(['Mông', 'Dao', 'Pà Thẻn', 'La Chí']);

function ageOnDay(person: HistoryPerson, day: number): number {
  const birth = person.birth_date ?? `${person.birth_year}-01-01`;
  const date = isoOf(day);
  const years = Number(date.slice(0, 4)) - Number(birth.slice(0, 4));
  return date.slice(5) < birth.slice(5) ? years - 1 : years;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A person's hidden circumstances for the year, drawn once. */
interface Traits {
  person: HistoryPerson;
  age: number; // at the end of the history
  smartphone: boolean;
  /** Works far away; home only around Tết. */
  away: boolean;
  /** A member of the village's team (helps others, so has it all). */
  member: boolean;
  hadLevel2: boolean;
  hadLevel1: boolean;
  hadBank: boolean;
  hadDvc: boolean;
  hadVssid: boolean;
  /** Chance that a basic-skills session ends with the whole checklist done. */
  learn: number;
  /** Buys (or is given) a smartphone during the year, on this day. */
  phoneFrom: number | null;
}

/** What the volunteers know and have done for a person so far. */
interface State {
  level: 0 | 1 | 2;
  bank: boolean;
  dvc: boolean;
  skills: boolean;
  skillsItems: number;
  bdhvs: boolean;
  trained: boolean;
  cashless: boolean;
  vssid: boolean;
  /** Reasons already written down, so a volunteer does not repeat the same "no" each visit. */
  noted: Set<string>;
  seen: boolean;
}

interface MemberSpan {
  row: TeamMemberRow;
  from: number;
  to: number; // last active day (inclusive)
}

interface Assignment {
  memberId: string;
  from: number;
  to: number;
}

// ---- the generator -----------------------------------------------------------------------

export function generateVillageHistory(plan: VillageHistoryPlan): VillageHistory {
  const random = new Random(hashSeed('support-history', plan.key));
  const start = dayOf(plan.start ?? HISTORY_START);
  const end = dayOf(plan.end ?? HISTORY_END);
  const spanEnd = Math.max(end, plan.spanEnd ? dayOf(plan.spanEnd) : end);
  const startYear = isoOf(start).slice(0, 4);
  const visitScale = plan.visitScale ?? 1;
  const village = plan.village;
  const people = village.households.flatMap((h) => h.people);
  const highlandShare = people.length ? people.filter((p) => p.ethnicity !== null && HIGHLAND.has(p.ethnicity)).length / people.length : 0;

  const out: VillageHistory = {
    teams: [], members: [], assignments: [], assignedMember: new Map(), events: [], actions: [], renamed: [], teamMemberFlags: [], smartphones: [],
  };

  // ---- the team ------------------------------------------------------------------------
  const formed = dayOf(plan.decision.date);
  const teamName = `Tổ CNSCĐ ${village.name.replace(/^Thôn /, 'thôn ')}`;
  const idRandom = random.fork('ids');
  const at = (day: number, hours: number) => vietnamTime(day, hours);
  const firstTeam: TeamRow = {
    id: uuidV7At(at(formed, 9 + random.next() * 6), idRandom),
    village_id: village.id, name: teamName, decision_number: plan.decision.number, decision_date: plan.decision.date,
    formed_on: plan.decision.date, ended_on: null, note: null,
    created_at: iso(at(formed, 15)), updated_at: iso(at(formed, 15)),
  };
  out.teams.push(firstTeam);

  const initialSize = plan.shape === 'shrunk' ? 3 : plan.shape === 'grown' ? 5 : plan.shape === 'reformed' ? 4 : null;
  const chosen = chooseMembers(village, formed, plan, initialSize);
  const spans: MemberSpan[] = [];
  const accountOfPerson = new Map<string, string | null>();
  const affiliationOfPerson = new Map<string, Affiliation>();
  const addMember = (person: HistoryPerson, team: TeamRow, role: TeamRole, index: number, joined: number, name: string, phone: string | null): MemberSpan => {
    if (!accountOfPerson.has(person.id)) {
      accountOfPerson.set(person.id, plan.accountFor({ villageId: village.id, personId: person.id, fullName: name, phone, teamRole: role, index }));
      affiliationOfPerson.set(person.id, affiliationOf(random, person, role, end));
    }
    const row: TeamMemberRow = {
      id: uuidV7At(at(joined, 15) + index * 1000, idRandom), team_id: team.id, full_name: name, person_id: person.id,
      account_id: accountOfPerson.get(person.id) ?? null, phone, team_role: role, affiliation: affiliationOfPerson.get(person.id)!,
      joined_on: isoOf(joined), left_on: null, left_reason: null, created_at: iso(at(joined, 15)), updated_at: iso(at(joined, 15)),
    };
    out.members.push(row);
    const span = { row, from: joined, to: end };
    spans.push(span);
    return span;
  };
  const leave = (span: MemberSpan, day: number, reason: string) => {
    span.row.left_on = isoOf(day);
    span.row.left_reason = reason;
    span.row.updated_at = iso(at(day, 16));
    span.to = day;
  };

  const roleAt = (index: number): TeamRole => (index === 0 ? 'leader' : index === 1 ? 'deputy' : 'member');
  const firstSpans = chosen.initial.map((c, index) => addMember(c.person, firstTeam, roleAt(index), index, formed, c.name, c.phone));

  // Household blocks by hamlet group and number: a member looks after neighbours.
  const households = [...village.households].sort((a, b) => (a.hamlet_group ?? '').localeCompare(b.hamlet_group ?? '') || (a.code ?? '').localeCompare(b.code ?? ''));
  const leftUnassigned = new Set(
    households.filter((h) => h.no_capable_member).map((h) => h.id).slice(0, Math.max(0, plan.unassignedNoCapable)),
  );
  const toAssign = households.filter((h) => !leftUnassigned.has(h.id));
  const timeline = new Map<string, Assignment[]>();
  const assignedFrom = formed + random.int(3, 10);
  // The leader takes a smaller share: the team's paperwork is theirs.
  splitBlocks(toAssign, firstSpans.map((s, i) => ({ id: s.row.id, weight: i === 0 ? 0.7 : 1 })))
    .forEach((memberId, i) => timeline.set(toAssign[i].id, [{ memberId, from: assignedFrom, to: end }]));
  const releaseOf = (memberId: string, day: number): string[] => {
    const released: string[] = [];
    for (const [householdId, list] of timeline) {
      const open = list.at(-1)!;
      if (open.memberId === memberId && open.to === end) {
        open.to = day;
        released.push(householdId);
      }
    }
    return released;
  };
  const reassign = (householdIds: string[], memberIds: string[], day: number) => {
    householdIds.forEach((householdId, i) => {
      const list = timeline.get(householdId)!;
      list.at(-1)!.to = Math.min(list.at(-1)!.to, day);
      list.push({ memberId: memberIds[i % memberIds.length], from: day, to: end });
    });
  };

  let leaderSpans: MemberSpan[] = [firstSpans[0]];
  // A change needs the days after it (households handed over up to 9 days later) inside the
  // history; one planned later has not happened yet.
  const lived = (iso: string) => dayOf(iso) + 10 <= end;
  const changeOn = plan.changeOn ?? `${startYear}-${plan.shape === 'grown' ? '03-14' : '08-17'}`;
  if (plan.shape === 'grown' && chosen.later.length && lived(changeOn)) {
    // Tháng Thanh niên: a returning student joins the team.
    const joined = dayOf(changeOn);
    const span = addMember(chosen.later[0].person, firstTeam, 'member', firstSpans.length, joined, chosen.later[0].name, chosen.later[0].phone);
    // The newcomer takes over half the households of the busiest member.
    const busiest = firstSpans.slice(1).sort((a, b) => openOf(timeline, b.row.id, end).length - openOf(timeline, a.row.id, end).length)[0] ?? firstSpans[0];
    const theirs = openOf(timeline, busiest.row.id, end);
    reassign(theirs.slice(Math.floor(theirs.length / 2)), [span.row.id], joined + 3);
  } else if (plan.shape === 'shrunk' && firstSpans.length >= 3 && lived(changeOn)) {
    const leaving = firstSpans[firstSpans.length - 1];
    const day = dayOf(changeOn);
    leave(leaving, day, 'Đi làm ăn xa (xin thôi tham gia tổ)');
    const released = releaseOf(leaving.row.id, day);
    reassign(released, firstSpans.slice(0, -1).map((s) => s.row.id), day + 9);
  } else if (plan.shape === 'reformed' && plan.reform && firstSpans.length >= 3 && lived(plan.reform.on)) {
    // Kiện toàn as the teams service does it: the old team and its members end, those who
    // stay join the new team with the same role and account and keep their households.
    const day = dayOf(plan.reform.on);
    firstTeam.ended_on = isoOf(day);
    firstTeam.updated_at = iso(at(day, 10));
    const newTeam: TeamRow = {
      id: uuidV7At(at(day, 10), idRandom), village_id: village.id, name: teamName, decision_number: plan.reform.decisionNumber,
      decision_date: isoOf(day), formed_on: isoOf(day), ended_on: null,
      note: 'Kiện toàn sau khi một thành viên đi làm ăn xa; bổ sung đoàn viên mới.', created_at: iso(at(day, 10)), updated_at: iso(at(day, 10)),
    };
    out.teams.push(newTeam);
    const leavingIndex = firstSpans.length - 1;
    const carried: MemberSpan[] = [];
    firstSpans.forEach((span, index) => {
      const stays = index !== leavingIndex;
      leave(span, day, stays ? 'Kiện toàn tổ: tiếp tục ở tổ mới' : 'Kiện toàn tổ: không tiếp tục');
      const released = releaseOf(span.row.id, day);
      if (!stays) {
        const newcomer = chosen.later[0];
        if (!newcomer) return; // nobody to take the place: the households wait for the commune
        const fresh = addMember(newcomer.person, newTeam, 'member', firstSpans.length, day, newcomer.name, newcomer.phone);
        // The commune gives the leaver's households to the newcomer a few days later.
        reassign(released, [fresh.row.id], day + 5);
        return;
      }
      const again = addMember(chosen.initial[index].person, newTeam, span.row.team_role, index, day, span.row.full_name, span.row.phone);
      carried.push(again);
      reassign(released, [again.row.id], day);
    });
    leaderSpans = [firstSpans[0], carried[0]];
  }

  for (const [householdId, list] of timeline) {
    for (const a of list) {
      const to = a.to === end ? null : a.to;
      if (to !== null && to < a.from) continue;
      out.assignments.push({
        id: uuidV7At(at(a.from, 16), idRandom), household_id: householdId, member_id: a.memberId, from_date: isoOf(a.from),
        to_date: to === null ? null : isoOf(to), assigned_by: plan.assignedBy, created_at: iso(at(a.from, 16)),
      });
    }
    const open = list.at(-1)!;
    if (open.to === end) out.assignedMember.set(householdId, open.memberId);
  }

  // Renames and the registry's team-member flag follow the team as it is at the end.
  for (const c of [...chosen.initial, ...chosen.later]) {
    if (c.name !== c.person.full_name || c.phone !== c.person.phone) out.renamed.push({ id: c.person.id, full_name: c.name, phone: c.phone });
  }
  const activeAtEnd = new Set(spans.filter((s) => s.row.left_on === null).map((s) => s.row.person_id));
  for (const person of people) {
    if (person.is_team_member !== activeAtEnd.has(person.id)) out.teamMemberFlags.push({ id: person.id, is_team_member: activeAtEnd.has(person.id) });
  }

  // ---- the year's support ----------------------------------------------------------------
  const activeOn = (day: number) => spans.filter((s) => s.from <= day && day <= s.to && (s.row.left_on === null || day < s.to));
  const leaderOn = (day: number) => leaderSpans.find((s) => s.from <= day && day <= s.to) ?? leaderSpans[leaderSpans.length - 1];
  const memberOf = new Map(spans.map((s) => [s.row.id, s]));
  const memberPeople = new Set(spans.map((s) => s.row.person_id));
  const days = new DayDistribution(start, spanEnd);
  const activity = plan.activity;
  const reach = Math.min(0.98, 0.85 + 0.1 * activity - 0.1 * highlandShare);
  const signalTrouble = 0.02 + 0.08 * highlandShare;
  const teamStart = Math.max(start, formed);
  const deskDays = new DayDistribution(start, spanEnd, (day) => (weekday(day) === 0 || weekday(day) === 6 ? 0 : 1));

  const emitRandom = random.fork('events');
  for (const household of village.households) {
    const hr = emitRandom.fork(household.id);
    const traits = household.people.map((p) => drawTraits(hr, p, end, memberPeople.has(p.id), highlandShare, activity, dayOf(`${startYear}-02-25`)));
    const states = new Map(household.people.map((p) => [p.id, newState()]));
    const assignments = timeline.get(household.id) ?? [];
    const assigneeOn = (day: number): MemberSpan | undefined => {
      for (let i = assignments.length - 1; i >= 0; i -= 1) {
        const a = assignments[i];
        if (a.from <= day && day <= a.to) return memberOf.get(a.memberId);
      }
      return undefined;
    };

    // Visit days: most households are reached, those who need help most more often.
    const occasions: Array<{ day: number; desk: boolean }> = [];
    const isMemberHome = household.people.some((p) => memberPeople.has(p.id));
    if (hr.chance(isMemberHome ? 1 : reach)) {
      const extra = household.no_capable_member ? 1.2 : 0;
      const count = Math.min(Math.round(8 * visitScale), 1 + poisson(hr, (2 * activity + extra) * visitScale));
      const first = (assignments[0]?.from ?? teamStart);
      const dayList = new Set<number>();
      for (let i = 0; i < count * 3 && dayList.size < count; i += 1) dayList.add(days.draw(hr, first));
      // Days past the end are the rest of the year, not lived yet.
      for (const day of dayList) if (day <= end) occasions.push({ day, desk: false });
    }
    if (plan.deskAccountId && hr.chance(0.035 * visitScale)) {
      const day = deskDays.draw(hr, start);
      if (day <= end) occasions.push({ day, desk: true });
    }
    occasions.sort((a, b) => a.day - b.day);

    let visits = 0;
    let surveyed = false;
    const householdVisits: EventRow[] = [];
    const householdActions = new Map<string, ActionRow[]>();
    for (const occasion of occasions) {
      const day = occasion.day;
      const dateIso = isoOf(day);
      if (occasion.desk) {
        const visitor = pickDeskVisitor(hr, traits, day);
        if (!visitor) continue;
        const made = at(day, 8 + hr.next() * 8.5);
        const event: EventRow = {
          id: uuidV7At(made, idRandom), household_id: household.id, village_id: village.id, event_date: dateIso, channel: 'service_center',
          helper_member_ids: [], informed: false, corrects_event_id: null, note: null, recorded_by: plan.deskAccountId!, recorded_at: iso(made + 60_000 * hr.int(1, 20)),
        };
        const actions: ActionRow[] = [];
        const push = (a: Omit<ActionRow, 'event_id' | 'seq' | 'procedure_name' | 'app_name' | 'checklist' | 'note'> & Partial<ActionRow>) =>
          actions.push({ event_id: event.id, seq: actions.length + 1, procedure_name: null, app_name: null, checklist: null, note: null, ...a });
        const state = states.get(visitor.person.id)!;
        if (state.level < 2 && visitor.person.has_cccd && visitor.smartphoneOn(day)) {
          push({ person_id: visitor.person.id, action: 'activate_vneid_level2', outcome: visitor.hadLevel2 ? 'already_had' : 'done', reason: null });
          state.level = 2;
        }
        if (state.level === 2 && !state.dvc) {
          push({ person_id: visitor.person.id, action: 'create_dvc_account', outcome: 'done', reason: null });
          state.dvc = true;
        }
        push({ person_id: visitor.person.id, action: 'submit_procedure', outcome: 'done', reason: null, procedure_name: hr.weighted(PROCEDURES) });
        out.events.push(event);
        out.actions.push(...actions);
        continue;
      }

      const assignee = assigneeOn(day);
      const active = activeOn(day);
      const helpers: MemberSpan[] = [];
      const main = assignee && active.includes(assignee) ? assignee : (hr.chance(0.5) ? leaderOn(day) : hr.pick(active.length ? active : [leaderOn(day)]));
      helpers.push(main);
      const others = active.filter((s) => s !== main);
      if (others.length && hr.chance(0.3)) helpers.push(hr.pick(others));
      const recorder = helpers.find((h) => h.row.account_id)?.row.account_id ?? leaderOn(day).row.account_id;
      if (!recorder) throw new Error(`village ${village.id}: no account records the visits on ${dateIso}`);
      const made = at(day, visitHour(hr, day));
      const delay = hr.chance(0.65) ? hr.int(1, 20) * 60_000 : hr.chance(0.7) ? hr.int(1, 14) * 3_600_000 : hr.int(20, 72) * 3_600_000;
      const latest = at(end, 23);
      const event: EventRow = {
        id: uuidV7At(made, idRandom), household_id: household.id, village_id: village.id, event_date: dateIso, channel: 'visit',
        helper_member_ids: helpers.map((h) => h.row.id), informed: visits === 0 || hr.chance(0.6), corrects_event_id: null, note: null,
        recorded_by: recorder, recorded_at: iso(Math.min(made + delay, latest)),
      };
      visits += 1;

      // Nobody at home: the visit is still counted, the information left for next time.
      if (hr.chance(0.05)) {
        event.informed = false;
        event.note = 'Gia đình đi vắng, hẹn hôm khác quay lại.';
        out.events.push(event);
        householdVisits.push(event);
        continue;
      }
      if (hr.chance(0.12)) event.note = hr.weighted(VISIT_NOTES);

      const actions = visitActions(hr, event, traits, states, day, activity, signalTrouble, !surveyed);
      surveyed = true;
      out.events.push(event);
      out.actions.push(...actions);
      householdVisits.push(event);
      householdActions.set(event.id, actions);
    }

    // A few records are corrected later by the one who made them (a new event replaces the old).
    const last = householdVisits.at(-1);
    if (last && hr.chance(0.012)) {
      const earliest = Math.max(start, ...last.helper_member_ids.map((id) => memberOf.get(id)!.from));
      correct(hr, out, last, householdActions.get(last.id) ?? [], household, earliest, end, idRandom);
    }

    // "Không có điện thoại thông minh", as a volunteer ticks it on the phone; the rest stay
    // unknown (null) as in a real registry.
    for (const t of traits) {
      if (states.get(t.person.id)!.noted.has('no_phone_vneid') && !t.smartphoneOn(end)) out.smartphones.push({ id: t.person.id, has_smartphone: false });
    }
  }
  return out;
}

function newState(): State {
  return { level: 0, bank: false, dvc: false, skills: false, skillsItems: 0, bdhvs: false, trained: false, cashless: false, vssid: false, noted: new Set(), seen: false };
}

function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.next();
  while (p > limit && k < 20) {
    k += 1;
    p *= random.next();
  }
  return k;
}

interface DrawnTraits extends Traits {
  smartphoneOn(day: number): boolean;
}

function drawTraits(random: Random, person: HistoryPerson, end: number, member: boolean, highlandShare: number, activity: number, afterTet: number): DrawnTraits {
  const age = ageOnDay(person, end);
  const highland = person.ethnicity !== null && HIGHLAND.has(person.ethnicity);
  // The registry's phone numbers are incomplete: a missing number is a hint, not a proof.
  const hasNumber = person.phone !== null;
  const smartShare = age < 18 ? 0.6
    : age < 40 ? (hasNumber ? 0.96 : 0.8)
    : age < 55 ? (hasNumber ? 0.92 : 0.7)
    : age < 65 ? (hasNumber ? 0.78 : 0.5)
    : age < 75 ? (hasNumber ? 0.45 : 0.18)
    : (hasNumber ? 0.2 : 0.05);
  const smartphone = member || random.chance(smartShare * (highland ? 0.9 : 1));
  const level2Share = age < 14 ? 0 : age < 16 ? 0.35 : age < 60 ? 0.9 : age < 75 ? 0.72 : 0.45;
  const bankShare = age < 15 ? 0 : age < 18 ? 0.05 : age < 30 ? 0.72 : age < 50 ? 0.65 : age < 65 ? 0.45 : 0.15;
  const learn = age < 40 ? 0.9 : age < 55 ? 0.75 : age < 70 ? 0.55 : 0.3;
  const away = !member && age >= 19 && age <= 40 && random.chance((highland ? 0.24 : 0.16) + 0.05 * highlandShare);
  const hadLevel2 = member || (person.has_cccd && random.chance(level2Share * (highland ? 0.85 : 1)));
  const traits: Traits = {
    person, age, smartphone, away, member, hadLevel2,
    hadLevel1: !hadLevel2 && age >= 14 && random.chance(0.25),
    hadBank: member || random.chance(bankShare * (highland ? 0.8 : 1)),
    hadDvc: member || (hadLevel2 && random.chance(0.12)),
    hadVssid: (person.is_worker && random.chance(0.45)) || (member && random.chance(0.3)),
    learn,
    // Children working away send their parents a smartphone after Tết, and a team that
    // talks people into it gets more bought (telecoms sell cheap ones to the programme).
    phoneFrom: !smartphone && age >= 18 && age < 75 && random.chance(Math.min(0.6, 0.35 * activity)) ? afterTet + random.int(0, 200) : null,
  };
  return { ...traits, smartphoneOn: (day: number) => traits.smartphone || (traits.phoneFrom !== null && day >= traits.phoneFrom) };
}

interface Chosen {
  person: HistoryPerson;
  name: string;
  phone: string | null;
}

/** Members from the village's residents: those the registry marks as team members, then young adults with a phone. */
function chooseMembers(village: HistoryVillage, formed: number, plan: VillageHistoryPlan, initialSize: number | null): { initial: Chosen[]; later: Chosen[] } {
  const people = village.households.flatMap((h) => h.people);
  const adult = (p: HistoryPerson) => {
    const age = ageOnDay(p, formed);
    return age >= 18 && age <= 45;
  };
  const flagged = people.filter((p) => p.is_team_member && adult(p));
  const others = people.filter((p) => !p.is_team_member && adult(p) && p.phone !== null && !p.is_student);
  // Younger first: the Youth Union is the core of the teams.
  const byYouth = (a: HistoryPerson, b: HistoryPerson) => Number(ageOnDay(a, formed) > 32) - Number(ageOnDay(b, formed) > 32);
  const pool = [...flagged.sort(byYouth), ...others.sort(byYouth)];
  const size = initialSize ?? Math.min(5, Math.max(3, flagged.length));
  const usedHouseholds = new Set<string>();
  const picked: HistoryPerson[] = [];
  // Two members never share a household or a full name (the team list must tell them apart).
  const take = (predicate: (p: HistoryPerson) => boolean) => {
    const index = pool.findIndex((p) => predicate(p) && !usedHouseholds.has(p.household_id) && !picked.some((q) => q === p || q.full_name === p.full_name));
    if (index < 0) return undefined;
    const person = pool[index];
    picked.push(person);
    usedHouseholds.add(person.household_id);
    return person;
  };
  const familyOf = (name: string) => name.split(' ')[0];
  const takeNamed = (spec: NamedMember | undefined): Chosen | undefined => {
    if (!spec) return undefined;
    const person = take((p) => p.sex === spec.sex && familyOf(p.full_name) === familyOf(spec.fullName)) ?? take((p) => p.sex === spec.sex);
    return person ? { person, name: spec.fullName, phone: spec.phone ?? person.phone } : undefined;
  };
  const namedLeader = takeNamed(plan.named?.leader);
  const namedMember = takeNamed(plan.named?.member);
  const rest: Chosen[] = [];
  // One more than the team needs: a later joiner (Tháng Thanh niên, kiện toàn).
  const wanted = size + 1 - Number(namedLeader !== undefined) - Number(namedMember !== undefined);
  for (let i = 0; i < wanted; i += 1) {
    const person = take(() => true);
    if (!person) break;
    rest.push({ person, name: person.full_name, phone: person.phone });
  }
  // The named leader leads; the named plain member comes third (after the deputy).
  const initial: Chosen[] = [];
  const leader = namedLeader ?? rest.shift();
  if (leader) initial.push(leader);
  while (initial.length < size) {
    if (namedMember && initial.length === 2) initial.push(namedMember);
    else if (rest.length) initial.push(rest.shift()!);
    else break;
  }
  if (namedMember && !initial.includes(namedMember)) initial.push(namedMember);
  return { initial, later: rest };
}

function affiliationOf(random: Random, person: HistoryPerson, role: TeamRole, end: number): Affiliation {
  const age = ageOnDay(person, end);
  if (role === 'leader') return age <= 32 ? 'youth_union' : 'party_member';
  if (age <= 32) return random.chance(0.9) ? 'youth_union' : 'resident';
  return person.sex === 'female'
    ? random.weighted<Affiliation>([['women_union', 4], ['party_member', 3], ['resident', 3]])
    : random.weighted<Affiliation>([['farmers_union', 4], ['party_member', 3.5], ['resident', 2.5]]);
}

/** Splits households (already in neighbour order) into contiguous blocks by member weight. */
function splitBlocks<T>(items: T[], members: Array<{ id: string; weight: number }>): string[] {
  const total = members.reduce((sum, m) => sum + m.weight, 0);
  const owners: string[] = [];
  let index = 0;
  let acc = 0;
  for (const member of members) {
    acc += member.weight;
    const until = Math.round((acc / total) * items.length);
    for (; index < until; index += 1) owners.push(member.id);
  }
  while (owners.length < items.length) owners.push(members[members.length - 1].id);
  return owners;
}

/** The households a member looks after now, in neighbour order. */
function openOf(timeline: Map<string, Assignment[]>, memberId: string, end: number): string[] {
  const ids: string[] = [];
  for (const [householdId, list] of timeline) if (list.at(-1)!.memberId === memberId && list.at(-1)!.to === end) ids.push(householdId);
  return ids;
}

function pickDeskVisitor(random: Random, traits: DrawnTraits[], day: number): DrawnTraits | undefined {
  const candidates = traits.filter((t) => {
    const age = ageOnDay(t.person, day);
    return age >= 18 && age <= 70 && !t.away;
  });
  return candidates.length ? random.pick(candidates) : undefined;
}

/** Whether the person is at home for a visit on that day. */
function atHome(random: Random, t: DrawnTraits, day: number): boolean {
  // Those working away come home for Tết.
  if (t.away) return nearTet(day, 9) ? random.chance(0.8) : random.chance(0.02);
  if (t.age >= 65) return random.chance(0.92);
  const weekend = weekday(day) === 0 || weekday(day) === 6;
  if (t.person.is_student) return random.chance(weekend ? 0.93 : 0.9);
  return random.chance(weekend ? 0.78 : 0.72);
}

function visitActions(
  random: Random, event: EventRow, traits: DrawnTraits[], states: Map<string, State>, day: number, activity: number, signalTrouble: number, survey: boolean,
): ActionRow[] {
  const actions: ActionRow[] = [];
  const push = (personId: string, action: SupportAction, outcome: SupportOutcome, reason: NotDoneReason | null, extra: Partial<ActionRow> = {}) => {
    actions.push({ event_id: event.id, seq: actions.length + 1, person_id: personId, action, outcome, reason, procedure_name: null, app_name: null, checklist: null, note: null, ...extra });
  };
  const ok = (t: DrawnTraits, action: SupportAction) => actionNotApplicable(action, { birthDate: t.person.birth_date, birthYear: t.person.birth_year, isStudent: t.person.is_student }, event.event_date) === null;
  const success = (p: number) => random.chance(Math.min(0.97, p * (0.55 + 0.45 * activity)));
  const notOnce = (state: State, key: string, fn: () => void) => {
    if (state.noted.has(key)) return;
    state.noted.add(key);
    fn();
  };

  for (const t of traits) {
    const state = states.get(t.person.id)!;
    const id = t.person.id;
    const age = ageOnDay(t.person, day);
    if (age < 11) continue;
    if (!atHome(random, t, day)) {
      // The first visit surveys the household: the family says who already has VNeID level 2
      // or a bank account (shown on their phones), and where the absent ones are.
      if (survey && age >= 14 && state.level < 2 && t.hadLevel2 && random.chance(0.95) && ok(t, 'activate_vneid_level2')) {
        push(id, 'activate_vneid_level2', 'already_had', null, { note: 'Người nhà cho biết đã có định danh mức 2.' });
        state.level = 2;
      }
      if (survey && age >= 15 && !state.bank && t.hadBank && random.chance(0.7) && ok(t, 'open_bank_account')) {
        push(id, 'open_bank_account', 'already_had', null);
        state.bank = true;
      }
      if (t.away && age >= 14 && state.level < 2 && ok(t, 'activate_vneid_level2')) {
        notOnce(state, 'away', () => push(id, 'activate_vneid_level2', 'not_done', 'away_working', { note: random.pick(AWAY_NOTES) }));
      } else if (!t.away && age >= 16 && state.level < 2 && !t.hadLevel2 && random.chance(0.08) && ok(t, 'activate_vneid_level2')) {
        push(id, 'activate_vneid_level2', 'not_done', 'not_at_home');
      }
      continue;
    }
    state.seen = true;
    const phone = t.smartphoneOn(day);

    // Students: the school year's digital-skills sessions, caught up at home.
    if (t.person.is_student && !state.trained && ok(t, 'student_training') && random.chance(isoOf(day).slice(5) >= '06-01' && isoOf(day).slice(5) <= '10-31' ? 0.97 : 0.9)) {
      push(id, 'student_training', 'done', null);
      state.trained = true;
    }

    // VNeID, from 14.
    if (state.level < 2 && ok(t, 'activate_vneid_level2')) {
      if (t.hadLevel2) {
        push(id, 'activate_vneid_level2', 'already_had', null);
        state.level = 2;
      } else if (!t.person.has_cccd) {
        if (phone && state.level < 1 && (t.hadLevel1 || random.chance(0.5)) && ok(t, 'install_vneid')) {
          push(id, 'install_vneid', t.hadLevel1 ? 'already_had' : 'done', null);
          state.level = 1;
        }
        notOnce(state, 'no_chip', () => push(id, 'activate_vneid_level2', 'not_done', 'no_chip_id', { note: 'Hướng dẫn ra Công an xã làm CCCD gắn chip.' }));
      } else if (!phone) {
        // Without a smartphone of their own, many use the account on a son's or daughter's
        // phone: done on a later visit when that relative is at home.
        if (state.noted.has('no_phone_vneid') && random.chance(0.45)) {
          push(id, 'activate_vneid_level2', 'done', null, { note: 'Kích hoạt trên điện thoại của con.' });
          state.level = 2;
        } else {
          notOnce(state, 'no_phone_vneid', () => push(id, 'activate_vneid_level2', 'not_done', 'no_smartphone'));
        }
      } else if (success(age >= 65 ? 0.65 : 0.92)) {
        if (state.level < 1 && t.hadLevel1) push(id, 'install_vneid', 'already_had', null);
        push(id, 'activate_vneid_level2', 'done', null);
        state.level = 2;
      } else {
        push(id, 'activate_vneid_level2', 'not_done', random.chance(signalTrouble * 4) ? 'no_signal' : 'need_revisit');
      }
    }

    // A digital bank account, from 15; under 18 the bank wants a parent along.
    if (!state.bank && ok(t, 'open_bank_account')) {
      if (t.hadBank) {
        push(id, 'open_bank_account', 'already_had', null);
        state.bank = true;
      } else if (age < 18) {
        notOnce(state, 'bank_age', () => push(id, 'open_bank_account', 'not_done', 'under_age', { note: 'Cần bố mẹ đi cùng để mở tài khoản.' }));
      } else if (!phone) {
        notOnce(state, 'no_phone_bank', () => push(id, 'open_bank_account', 'not_done', 'no_smartphone'));
      } else if (success(age >= 60 ? 0.4 : 0.65)) {
        push(id, 'open_bank_account', 'done', null, { app_name: null });
        state.bank = true;
      } else if (age >= 55 && random.chance(0.15)) {
        notOnce(state, 'bank_refused', () => push(id, 'open_bank_account', 'not_done', 'refused', { note: 'Quen dùng tiền mặt, chưa muốn mở.' }));
      }
    }

    // Basic digital skills, adults with a smartphone: often over two or three visits.
    if (age >= 18 && phone && !state.skills && random.chance(0.9)) {
      if (t.member || random.chance(Math.min(0.97, (t.learn + 0.06 * state.skillsItems) * (0.15 + 0.85 * activity)))) {
        push(id, 'teach_basic_skills', 'done', null, { checklist: [...BASIC_SKILLS_CHECKLIST] });
        state.skills = true;
      } else {
        state.skillsItems = Math.min(BASIC_SKILLS_CHECKLIST.length - 1, Math.max(state.skillsItems, random.int(1, 4)) + (state.skillsItems ? 1 : 0));
        push(id, 'teach_basic_skills', 'not_done', 'need_revisit', { checklist: BASIC_SKILLS_CHECKLIST.slice(0, state.skillsItems) });
      }
    }

    // What builds on those: the Bình dân học vụ số course seen on VNeID, the DVC account,
    // paying by QR, VssID for insured workers.
    if (state.skills && state.level === 2 && !state.bdhvs && random.chance(Math.min(0.95, 0.6 * (0.3 + 0.7 * activity)))) {
      push(id, 'bdhvs_certified', 'done', null);
      state.bdhvs = true;
    }
    if (state.level === 2 && !state.dvc && ok(t, 'create_dvc_account')) {
      if (t.hadDvc) {
        push(id, 'create_dvc_account', 'already_had', null);
        state.dvc = true;
      } else if (age >= 18 && success(0.4)) {
        push(id, 'create_dvc_account', 'done', null);
        state.dvc = true;
      }
    }
    if (state.bank && !state.cashless && age >= 18 && success(0.4)) {
      push(id, 'cashless_payment', 'done', null);
      state.cashless = true;
    }
    if (!state.vssid && age >= 18 && (t.person.is_worker || t.hadVssid) && phone && random.chance(0.35)) {
      push(id, 'install_vssid', t.hadVssid ? 'already_had' : 'done', null);
      state.vssid = true;
    }
    if (age >= 16 && phone && random.chance(0.18)) push(id, 'security_advice', 'done', null);
    if (age >= 18 && phone && random.chance(0.05)) push(id, 'install_other_app', 'done', null, { app_name: random.weighted(APPS) });
    if (age >= 18 && state.level === 2 && random.chance(0.035)) push(id, 'submit_procedure', 'done', null, { procedure_name: random.weighted(PROCEDURES) });
  }
  return actions;
}

/** A later event replacing one already recorded: the volunteer noticed a mistake. */
function correct(
  random: Random, out: VillageHistory, original: EventRow, originalActions: ActionRow[], household: HistoryHousehold, earliest: number, end: number, idRandom: Random,
): void {
  const kind = random.weighted<keyof typeof CORRECTION_NOTES>([['date', 3], ['informed', original.informed ? 0 : 3], ['outcome', 2]]);
  let eventDay = dayOf(original.event_date);
  if (kind === 'date') eventDay = Math.max(earliest, eventDay - random.int(1, 2));
  if (kind === 'date' && eventDay === dayOf(original.event_date)) return;
  const made = Math.min(Date.parse(original.recorded_at) + random.int(20, 70) * 3_600_000, vietnamTime(end, 23));
  const correction: EventRow = {
    ...original,
    id: uuidV7At(made, idRandom), event_date: isoOf(eventDay), informed: kind === 'informed' ? true : original.informed,
    corrects_event_id: original.id, note: CORRECTION_NOTES[kind], recorded_at: new Date(made + 120_000).toISOString(),
  };
  const byId = new Map(household.people.map((p) => [p.id, p]));
  const actions = originalActions.map((a) => ({ ...a, event_id: correction.id }));
  // The date moved: every action must still apply on the new day (a 14th birthday between).
  const applies = actions.every((a) => {
    const p = byId.get(a.person_id)!;
    return actionNotApplicable(a.action, { birthDate: p.birth_date, birthYear: p.birth_year, isStudent: p.is_student }, correction.event_date) === null;
  });
  if (!applies) return;
  if (kind === 'outcome') {
    // Only an item nothing later builds on is taken back.
    const target = actions.find((a) => (a.action === 'cashless_payment' || a.action === 'install_other_app' || a.action === 'security_advice') && a.outcome === 'done');
    if (!target) return;
    target.outcome = 'not_done';
    target.reason = 'need_revisit';
  }
  out.events.push(correction);
  out.actions.push(...actions);
}

