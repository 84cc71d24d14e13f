// The phone's "chưa đạt" rules (web/field/field-rules.ts, run on the pulled village copy)
// and the server's indicator SQL (indicator-definitions.ts, through the drill-down lists) must
// name the same people and households, or the volunteer's next-visit list and the commune's
// figures tell two stories. A small village built by hand covers the boundaries both must
// agree on: turning 16 today, 16 tomorrow, a year-only birth, a move-out, a death, a
// household left empty, a correction that removes an item, a household covered by an
// assigned team member and one that needs a member but has none.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BASIC_SKILLS_CHECKLIST } from '../../src/shared/support.ts';
import type { PullResponse, SyncPerson } from '../../src/shared/sync.ts';

import { FIELD_INDICATORS, householdNotReached, isResident, nextVisits, PERSON_INDICATORS, peopleNotReached } from '../../src/web/field/field-rules.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { action, event, makeTeam } from '../support/field-fixtures.ts';
import { addDays, todayInVietnam } from '../../src/shared/calendar.ts';

const skills = { checklist: [...BASIC_SKILLS_CHECKLIST] };

/** The date `years` before `iso` (29 February falls back to the 28th, as PostgreSQL's interval does). */
function yearsBefore(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const last = new Date(Date.UTC(y - years, m, 0)).getUTCDate();
  return `${y - years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

describeEachEngine('field next visits agree with the indicator SQL', (engine) => {
  let t: TestApp;
  let officer: Client;
  let volunteer: Client;
  let today: string;
  let memberId: string;

  async function post(body: ReturnType<typeof event>) {
    const res = await officer.post('/api/support-events', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return body.id;
  }
  async function endResidence(id: string, reason: 'moved_out' | 'deceased', date: string) {
    const res = await officer.post(`/api/people/${id}/end-residence`, { reason, date, note: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  async function noCapableMember(householdId: string) {
    const version = (await t.database.db.selectFrom('households').select('version').where('id', '=', householdId).executeTakeFirstOrThrow()).version;
    expect((await officer.patch(`/api/households/${householdId}`, { version, noCapableMember: true })).status).toBe(200);
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, volunteer] = await Promise.all([t.login(t.usernames.culture_office), t.login(t.usernames.team_member)]);
    today = todayInVietnam();
    const turns16Today = yearsBefore(today, 16);
    const turns16Tomorrow = addDays(turns16Today, 1);
    const yearOnly16 = Number(today.slice(0, 4)) - 16; // 16 from 1 January of this year
    const team = await makeTeam(t, t.org.villageA, [
      { fullName: 'Người dùng team_member', username: t.usernames.team_member, teamRole: 'leader' },
      { fullName: 'Hoàng Thị Lan' },
    ]);
    memberId = team.memberIds[0];

    // H1: a capable household; a teen turning 16 today (in), one turning 16 tomorrow (out).
    const h1 = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Lò Văn An', sex: 'male', birthYear: 1980 },
      { fullName: 'Lò Thị Bích', birthDate: turns16Today },
      { fullName: 'Lò Văn Cường', sex: 'male', birthDate: turns16Tomorrow },
      { fullName: 'Lò Thị Dung', birthYear: yearOnly16 },
    ]);
    const [an, bich, , dung] = h1.personIds;
    await post(event(h1.householdId, [
      action(an, 'teach_basic_skills', 'done', skills), action(an, 'install_vneid'), action(an, 'activate_vneid_level2'), action(an, 'create_dvc_account'),
      action(an, 'open_bank_account', 'not_done', { reason: 'no_smartphone' }),
      action(bich, 'install_vneid', 'not_done', { reason: 'no_chip_id' }),
      action(dung, 'activate_vneid_level2'),
    ], { eventDate: '2025-05-10' }));

    // H2: nobody capable, a team member assigned: HGD covered (reached); not informed.
    const h2 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Ma Thị Khuyên', birthYear: 1938 }]);
    await noCapableMember(h2.householdId);
    // H1 is the volunteer's too: the pull carries dates of birth for the volunteer's own
    // households only (issue 19; the rest of the village comes with the birth year), and the
    // 16th-birthday cases need the date.
    const assigned = await officer.post('/api/teams/assignments', { householdIds: [h1.householdId, h2.householdId], memberId, fromDate: '2025-02-01' });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);

    // H3: nobody capable and no member assigned: HGD not reached; informed.
    const h3 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Triệu Văn Páo', sex: 'male', birthYear: 1945 }]);
    await noCapableMember(h3.householdId);
    await post(event(h3.householdId, [], { eventDate: '2025-04-02' }));

    // H4: its only member moved out: in no denominator, though never informed.
    const h4 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Nông Văn Lâm', sex: 'male', birthYear: 1960 }]);
    await endResidence(h4.personIds[0], 'moved_out', '2025-03-15');

    // H5: a death; a bank account opened, then corrected to "not done"; a skills lesson half done.
    const h5 = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Hoàng Văn Hải', sex: 'male', birthYear: 1975 },
      { fullName: 'Hoàng Văn Hùng', sex: 'male', birthYear: 1950 },
      { fullName: 'Hoàng Thị Huệ', birthYear: 1985 },
    ]);
    const [hai, hung, hue] = h5.personIds;
    const wrong = await post(event(h5.householdId, [action(hue, 'install_vneid'), action(hue, 'open_bank_account')], { eventDate: '2025-03-01' }));
    await post(event(h5.householdId, [action(hue, 'install_vneid'), action(hue, 'open_bank_account', 'not_done', { reason: 'away_working' })], { eventDate: '2025-03-05', correctsEventId: wrong }));
    await post(event(h5.householdId, [action(hai, 'teach_basic_skills', 'not_done', { reason: 'need_revisit', checklist: ['use_smartphone'] }), action(hai, 'open_bank_account')], { eventDate: '2025-06-01' }));
    await endResidence(hung, 'deceased', '2025-04-10');

    // Another village: never on this team's phone nor in village A's lists.
    await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Thị Mai', birthYear: 1995 }]);
  });
  afterAll(async () => { await t.close(); });

  it("the phone's not-reached sets for DD, NH, KNS, TT and HGD are the server's lists", async () => {
    const res = await volunteer.get('/api/sync/pull');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const pulled = res.body as PullResponse;
    expect(pulled.village.id).toBe(t.org.villageA);
    expect(pulled.me.memberId).toBe(memberId);

    // What the phone holds: residents by household (field-data.ts groupMembers keeps residents only).
    const membersOf = new Map<string, SyncPerson[]>();
    for (const p of pulled.people.filter(isResident)) membersOf.set(p.householdId, [...(membersOf.get(p.householdId) ?? []), p]);
    const residents = [...membersOf.values()].flat();

    const server = async (code: string, subject: 'people' | 'households') => {
      const list = await officer.get(`/api/indicators/${code}/${subject}?orgUnitId=${t.org.villageA}&reached=false&pageSize=500`);
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(list.body.period.end).toBe(today);
      const items = list.body.items as Array<{ personId?: string; householdId: string }>;
      expect(list.body.total).toBe(items.length);
      return items.map((i) => (subject === 'people' ? i.personId! : i.householdId)).sort();
    };

    const phone: Record<string, string[]> = {};
    for (const code of PERSON_INDICATORS) {
      phone[code] = peopleNotReached(code, residents, today).map((p) => p.id).sort();
      expect(phone[code], code).toEqual(await server(code, 'people'));
    }
    for (const code of ['TT', 'HGD'] as const) {
      phone[code] = pulled.households.filter((h) => householdNotReached(code, h, membersOf.get(h.id) ?? [], today)).map((h) => h.id).sort();
      expect(phone[code], code).toEqual(await server(code, 'households'));
    }

    // The cases are in the sets they should be (so the agreement above is not of empty lists).
    const byName = new Map(pulled.people.map((p) => [p.fullName, p.id]));
    const household = (name: string) => pulled.people.find((p) => p.fullName === name)!.householdId;
    expect(phone.DD).toContain(byName.get('Lò Thị Bích')); // 16 today
    expect(phone.DD).not.toContain(byName.get('Lò Văn Cường')); // 16 tomorrow
    expect(phone.DD).not.toContain(byName.get('Lò Thị Dung')); // year-only 16, level 2 done
    expect(phone.NH).toContain(byName.get('Hoàng Thị Huệ')); // the correction took the account away
    expect(phone.NH).not.toContain(byName.get('Hoàng Văn Hải'));
    expect(phone.KNS).toContain(byName.get('Hoàng Văn Hải')); // half a lesson is not the skills
    expect(byName.has('Hoàng Văn Hùng') && phone.DD.includes(byName.get('Hoàng Văn Hùng')!)).toBe(false); // deceased
    expect(phone.HGD).not.toContain(household('Ma Thị Khuyên')); // covered by the assigned member
    expect(phone.HGD).toContain(household('Triệu Văn Páo')); // needs a member, has none
    expect(phone.HGD).not.toContain(household('Lò Văn An'));
    expect(phone.TT).toContain(household('Ma Thị Khuyên'));
    expect(phone.TT).not.toContain(household('Triệu Văn Páo'));
    expect(pulled.households.some((h) => !membersOf.has(h.id))).toBe(true); // the emptied household is on the phone…
    for (const code of ['TT', 'HGD']) expect(phone[code].every((id) => membersOf.has(id))).toBe(true); // …and in no list

    // The next-visit list is every household with a gap, the member's own first, with the
    // people behind the person gaps and their last recorded reason.
    const visits = nextVisits(pulled.households, membersOf, memberId, today);
    const withGaps = new Set([...phone.TT, ...phone.HGD, ...PERSON_INDICATORS.flatMap((c) => phone[c].map((id) => residents.find((p) => p.id === id)!.householdId))]);
    expect(visits.map((v) => v.household.id).sort()).toEqual([...withGaps].sort());
    expect(visits[0].household.id).toBe(household('Ma Thị Khuyên'));
    expect(visits[0].mine).toBe(true);
    const hue = visits.flatMap((v) => v.people).find((p) => p.person.fullName === 'Hoàng Thị Huệ')!;
    expect(hue.gaps).toEqual(['DD', 'NH', 'KNS']);
    expect(hue.person.lastReason).toBe('away_working');
    expect(FIELD_INDICATORS).toEqual(['DD', 'NH', 'KNS', 'TT', 'HGD']);
  });
});
