import { describe, expect, it } from 'vitest';
import { actionNotApplicable, BASIC_SKILLS_CHECKLIST } from '../../shared/support.ts';
import { dayOf, vietnamTime, weekday } from './calendar.ts';
import { generatePopulation, villagePlans } from './generate.ts';
import { DEMO_SEED, demoTree } from './org-tree.ts';
import {
  generateVillageHistory, HISTORY_END, HISTORY_START, type HistoryPerson, type HistoryVillage, type VillageHistory, type VillageHistoryPlan,
} from './support-history.ts';

function demoVillages(): HistoryVillage[] {
  const commune = demoTree(DEMO_SEED).communes[0];
  const plans = villagePlans(commune, commune.villages.map((_, index) => 100 + index));
  const villages = new Map<number, HistoryVillage>(plans.map((p) => [p.id, { id: p.id, name: p.name, households: [] }]));
  for (const item of generatePopulation(DEMO_SEED, plans)) {
    villages.get(item.household.village_id)!.households.push({
      id: item.household.id, code: item.household.code, hamlet_group: item.household.hamlet_group, no_capable_member: item.household.no_capable_member,
      people: item.people.map((p) => ({
        id: p.id, household_id: p.household_id, full_name: p.full_name, sex: p.sex, birth_date: p.birth_date, birth_year: p.birth_year,
        phone: p.phone, has_cccd: p.cccd !== null, is_student: p.is_student, is_worker: p.is_worker, is_team_member: p.is_team_member,
        relation_to_head: p.relation_to_head, ethnicity: p.ethnicity,
      })),
    });
  }
  return [...villages.values()];
}

const SHAPES: VillageHistoryPlan['shape'][] = ['steady', 'reformed', 'shrunk', 'grown'];

function planFor(village: HistoryVillage, index: number): VillageHistoryPlan {
  return {
    key: `test/${village.name}`,
    village,
    decision: { number: `${12 + index}/QĐ-UBND`, date: '2026-01-02' },
    shape: SHAPES[index % 4],
    reform: { on: '2026-07-01', decisionNumber: '112/QĐ-UBND' },
    activity: 0.6 + (index % 5) * 0.2,
    unassignedNoCapable: index === 0 ? 1 : 0,
    named: index === 0 ? { leader: { fullName: 'Nông Thị Huyền', sex: 'female' }, member: { fullName: 'Hoàng Văn Đức', sex: 'male', phone: '0987654321' } } : undefined,
    accountFor: (member) => (member.teamRole === 'leader' ? `00000000-0000-7000-8000-${String(index).padStart(12, '0')}` : null),
    assignedBy: null,
    deskAccountId: '00000000-0000-7000-8000-999999999999',
  };
}

const villages = demoVillages();
const histories = villages.map((village, index) => generateVillageHistory(planFor(village, index)));
const people = new Map<string, HistoryPerson>(villages.flatMap((v) => v.households.flatMap((h) => h.people)).map((p) => [p.id, p]));
const all = <K extends keyof VillageHistory>(key: K) => histories.flatMap((h) => h[key] as unknown as Array<VillageHistory[K] extends Array<infer T> ? T : never>);
const events = all('events');
const actions = all('actions');
const eventById = new Map(events.map((e) => [e.id, e]));

describe('support history generator', () => {
  it('gives the same rows for the same village and plan', () => {
    const again = generateVillageHistory(planFor(villages[3], 3));
    expect(again.events).toEqual(histories[3].events);
    expect(again.actions).toEqual(histories[3].actions);
    expect(again.members).toEqual(histories[3].members);
  });

  it('records only actions the server accepts for that person on that day', () => {
    const refused = actions.filter((a) => {
      const p = people.get(a.person_id)!;
      return actionNotApplicable(a.action, { birthDate: p.birth_date, birthYear: p.birth_year, isStudent: p.is_student }, eventById.get(a.event_id)!.event_date) !== null;
    });
    expect(refused).toEqual([]);
    // The rules did bite: there are children and non-students in the villages.
    expect(actions.some((a) => a.action === 'student_training')).toBe(true);
    expect(actions.some((a) => a.action === 'open_bank_account' && a.reason === 'under_age')).toBe(true);
  });

  it('counts basic skills as done only with the whole checklist, and gives every "not done" a reason', () => {
    const skills = actions.filter((a) => a.action === 'teach_basic_skills');
    expect(skills.filter((a) => a.outcome !== 'not_done' && a.checklist?.length !== BASIC_SKILLS_CHECKLIST.length)).toEqual([]);
    expect(skills.filter((a) => a.outcome === 'not_done' && (a.checklist?.length ?? 0) >= BASIC_SKILLS_CHECKLIST.length)).toEqual([]);
    expect(actions.filter((a) => (a.outcome === 'not_done') !== (a.reason !== null))).toEqual([]);
    const reasons = new Set(actions.map((a) => a.reason));
    for (const reason of ['no_smartphone', 'away_working', 'under_age', 'need_revisit', 'no_chip_id']) expect(reasons).toContain(reason);
  });

  it('keeps events inside the year, recorded after they happened, mostly at weekends, with campaign peaks', () => {
    const start = dayOf(HISTORY_START);
    const end = dayOf(HISTORY_END);
    expect(events.filter((e) => dayOf(e.event_date) < start || dayOf(e.event_date) > end)).toEqual([]);
    expect(events.filter((e) => Date.parse(e.recorded_at) < vietnamTime(dayOf(e.event_date), 0) || Date.parse(e.recorded_at) > vietnamTime(end, 23) + 3_600_000)).toEqual([]);
    const visits = events.filter((e) => e.channel === 'visit' && !e.corrects_event_id);
    const weekend = visits.filter((e) => [0, 6].includes(weekday(dayOf(e.event_date)))).length;
    expect(weekend / visits.length).toBeGreaterThan(0.5);
    const inMonth = (m: string) => visits.filter((e) => e.event_date.startsWith(`2026-${m}`)).length;
    expect(inMonth('03')).toBeGreaterThan(2 * inMonth('01'));
    expect(inMonth('10')).toBeGreaterThan(inMonth('09'));
    // Desk events at the one-stop centre: weekdays, no team member, recorded by the centre.
    const desk = events.filter((e) => e.channel === 'service_center');
    expect(desk.length).toBeGreaterThan(20);
    expect(desk.every((e) => e.helper_member_ids.length === 0 && ![0, 6].includes(weekday(dayOf(e.event_date))))).toBe(true);
  });

  it('has visits made by members active that day, and recorded by an account', () => {
    const members = new Map(all('members').map((m) => [m.id, m]));
    const inactive = events.filter((e) => e.helper_member_ids.some((id) => {
      const m = members.get(id)!;
      return e.event_date < m.joined_on || (m.left_on !== null && e.event_date >= m.left_on);
    }));
    expect(inactive).toEqual([]);
    expect(events.every((e) => e.recorded_by.length === 36)).toBe(true);
  });

  it('corrects a few events once each, later, within the same household', () => {
    const corrections = events.filter((e) => e.corrects_event_id);
    expect(corrections.length).toBeGreaterThan(5);
    expect(new Set(corrections.map((e) => e.corrects_event_id)).size).toBe(corrections.length);
    for (const c of corrections) {
      const original = eventById.get(c.corrects_event_id!)!;
      expect(original.household_id).toBe(c.household_id);
      expect(Date.parse(c.recorded_at)).toBeGreaterThan(Date.parse(original.recorded_at));
      expect(original.corrects_event_id).toBeNull();
    }
  });

  it('forms teams of the planned shapes and keeps the history of a kiện toàn', () => {
    histories.forEach((h, index) => {
      const active = h.members.filter((m) => m.left_on === null);
      const shape = SHAPES[index % 4];
      if (shape === 'shrunk') expect(active).toHaveLength(2);
      else if (shape === 'grown') expect(active).toHaveLength(6);
      else expect(active.length).toBeGreaterThanOrEqual(3);
      expect(active.filter((m) => m.team_role === 'leader')).toHaveLength(1);
      expect(h.teams.filter((t) => t.ended_on === null)).toHaveLength(1);
      if (shape === 'reformed') {
        const [old, current] = h.teams;
        expect(old.ended_on).toBe('2026-07-01');
        expect(current.formed_on).toBe('2026-07-01');
        expect(h.members.filter((m) => m.team_id === old.id).every((m) => m.left_on === '2026-07-01')).toBe(true);
        expect(h.members.filter((m) => m.team_id === current.id).every((m) => m.joined_on === '2026-07-01' && m.left_on === null)).toBe(true);
        // The leader keeps the account across the two teams.
        const leaders = h.members.filter((m) => m.team_role === 'leader');
        expect(leaders).toHaveLength(2);
        expect(leaders[0].account_id).toBe(leaders[1].account_id);
      }
      // Members are residents of the village, and most are Youth Union members.
      const residents = new Set(villages[index].households.flatMap((x) => x.people.map((p) => p.id)));
      expect(h.members.every((m) => residents.has(m.person_id))).toBe(true);
    });
    const members = all('members');
    expect(members.filter((m) => m.affiliation === 'youth_union').length / members.length).toBeGreaterThan(0.5);
    const first = histories[0].members;
    expect(first.find((m) => m.team_role === 'leader')?.full_name).toBe('Nông Thị Huyền');
    expect(first.find((m) => m.full_name === 'Hoàng Văn Đức')).toMatchObject({ team_role: 'member', phone: '0987654321' });
  });

  it('assigns every household to an active member except the planned few without a capable member', () => {
    histories.forEach((h, index) => {
      const activeIds = new Set(h.members.filter((m) => m.left_on === null).map((m) => m.id));
      const open = h.assignments.filter((a) => a.to_date === null);
      expect(new Set(open.map((a) => a.household_id)).size).toBe(open.length);
      expect([...h.assignedMember.values()].every((id) => activeIds.has(id))).toBe(true);
      // History without overlaps: each assignment ends on or before the next one starts.
      const byHousehold = new Map<string, typeof h.assignments>();
      for (const a of h.assignments) byHousehold.set(a.household_id, [...(byHousehold.get(a.household_id) ?? []), a]);
      for (const list of byHousehold.values()) {
        const sorted = [...list].sort((a, b) => a.from_date.localeCompare(b.from_date));
        for (let i = 1; i < sorted.length; i += 1) {
          expect(sorted[i - 1].to_date).not.toBeNull();
          expect(sorted[i - 1].to_date! <= sorted[i].from_date).toBe(true);
          expect(sorted[i - 1].member_id).not.toBe(sorted[i].member_id);
        }
      }
      const unassigned = villages[index].households.filter((x) => !h.assignedMember.has(x.id));
      expect(unassigned.every((x) => x.no_capable_member)).toBe(true);
      expect(unassigned.length).toBe(index === 0 && villages[0].households.some((x) => x.no_capable_member) ? 1 : 0);
    });
  });
});
