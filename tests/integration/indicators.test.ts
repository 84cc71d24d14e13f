// The plan's indicators on a population built by hand, where every answer is known: ages at
// the period's end (turning 16 on the last day, a year-only birth), residence at the end (a
// move-out mid-month, a death, a household whose only member left), statuses as of the end
// (a correction removing one), households covered by an assigned member; the aggregates the
// worker keeps equal a from-scratch computation; drill-down lists, scope, targets, on-track.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_SKILLS_CHECKLIST } from '../../src/shared/support.ts';
import { rebuildAggregates, verifyAggregates } from '../../src/server/features/indicators/aggregates-rebuild.ts';
import { recomputeMarked, runUntilIdle, startAggregatesWorker } from '../../src/server/features/indicators/aggregates-worker.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { action, event, makeTeam } from '../support/field-fixtures.ts';
import { yearInVietnam } from '../../src/shared/calendar.ts';

const MARCH = '2025-03-31';
const FEB = '2025-02-28';
const skills = { checklist: [...BASIC_SKILLS_CHECKLIST] };

type Fig = { numerator: number; denominator: number; extra: number };
const f = (numerator: number, denominator: number, extra = 0): Fig => ({ numerator, denominator, extra });
const pick = (figures: Record<string, Fig>) => Object.fromEntries(Object.entries(figures).map(([code, v]) => [code, f(v.numerator, v.denominator, v.extra)]));

describeEachEngine('indicators', (engine) => {
  let t: TestApp;
  let officer: Client; // Phòng VH-XH, the commune
  let admin: Client;
  let viewer: Client; // Sở KH&CN
  let head: Client; // trưởng thôn, village A
  const p: Record<string, string> = {};
  const h: Record<string, string> = {};
  let e4: string;

  async function post(client: Client, body: ReturnType<typeof event>) {
    const res = await client.post('/api/support-events', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return body.id;
  }
  async function endResidence(id: string, reason: 'moved_out' | 'deceased', date: string) {
    const res = await officer.post(`/api/people/${id}/end-residence`, { reason, date, note: null });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const dashboard = async (client: Client, query: string) => {
    const res = await client.get(`/api/indicators?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const march = (unit: number) => `orgUnitId=${unit}&period=month&year=2025&month=3`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, admin, viewer, head] = await Promise.all([
      t.login(t.usernames.culture_office), t.login(t.usernames.admin), t.login(t.usernames.province_viewer), t.login(t.usernames.village_head),
    ]);
    const db = t.database.db;

    // Village A. H1: the capable household and the age boundaries.
    const h1 = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Lò Văn An', sex: 'male', birthYear: 1980 },
      { fullName: 'Lò Thị Bích', birthDate: '2010-05-05' }, // secondary student, 14
      { fullName: 'Lò Văn Cường', sex: 'male', birthDate: '2009-03-31' }, // 16 on 31/03/2025
      { fullName: 'Lò Thị Dung', birthDate: '2009-04-01' }, // 16 the day after
      { fullName: 'Lò Văn Em', sex: 'male', birthYear: 2009 }, // year only: 16 from 01/01/2025
      { fullName: 'Lò Thị Gấm', birthYear: 2007 }, // year only: 18 from 01/01/2025
    ]);
    h.h1 = h1.householdId;
    [p.an, p.bich, p.cuong, p.dung, p.em, p.gam] = h1.personIds;
    // H2: a worker who moves out mid-March, a death, a correction removing a bank account.
    const h2 = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Hoàng Văn Hải', sex: 'male', birthYear: 1975 },
      { fullName: 'Hoàng Thị Hoa', birthYear: 1990 },
      { fullName: 'Hoàng Văn Hùng', sex: 'male', birthYear: 1950 },
      { fullName: 'Hoàng Thị Huệ', birthYear: 1985 },
    ]);
    h.h2 = h2.householdId;
    [p.hai, p.hoa, p.hung, p.hue] = h2.personIds;
    // H3: nobody can use digital skills; a team member looks after it from 01/02/2025.
    const h3 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Ma Thị Khuyên', birthYear: 1938 }]);
    h.h3 = h3.householdId;
    p.khuyen = h3.personIds[0];
    // H4: its only member moves out on 15/03/2025.
    const h4 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Nông Văn Lâm', sex: 'male', birthYear: 1960 }]);
    h.h4 = h4.householdId;
    p.lam = h4.personIds[0];
    // Village B and, in another commune, village C.
    const h5 = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Thị Mai', birthYear: 1995 }, { fullName: 'Bàn Văn Ơn', sex: 'male', birthYear: 1990 }]);
    h.h5 = h5.householdId;
    [p.mai, p.on] = h5.personIds;
    const h6 = await makeHousehold(t, t.org.villageC, [{ fullName: 'Triệu Văn Nam', sex: 'male', birthYear: 1980 }]);
    h.h6 = h6.householdId;
    p.nam = h6.personIds[0];

    await db.updateTable('people').set({ is_student: true }).where('id', '=', p.bich).execute();
    await db.updateTable('people').set({ is_worker: true }).where('id', 'in', [p.hoa, p.hue]).execute();
    const version = (await db.selectFrom('households').select('version').where('id', '=', h.h3).executeTakeFirstOrThrow()).version;
    expect((await officer.patch(`/api/households/${h.h3}`, { version, noCapableMember: true })).status).toBe(200);
    const team = await makeTeam(t, t.org.villageA, [{ fullName: 'Hoàng Thị Lan', teamRole: 'leader' }]);
    const assigned = await officer.post('/api/teams/assignments', { householdIds: [h.h3], memberId: team.memberIds[0], fromDate: '2025-02-01' });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);

    // February: An learns the basic skills and gets VNeID level 1; Hoa (worker) the skills;
    // H4 is informed with nothing else done.
    await post(officer, event(h.h1, [action(p.an, 'teach_basic_skills', 'done', skills), action(p.an, 'install_vneid')], { eventDate: '2025-02-10' }));
    await post(officer, event(h.h2, [action(p.hoa, 'teach_basic_skills', 'done', skills)], { eventDate: '2025-02-15' }));
    await post(officer, event(h.h4, [], { eventDate: '2025-02-10' }));
    // March: An completes HGD (DVC account), level 2, a bank account, BDHVS and a procedure;
    // Bích's training; Cường (15 then) VNeID level 2; Gấm away working.
    await post(officer, event(h.h1, [
      action(p.an, 'create_dvc_account'), action(p.an, 'activate_vneid_level2'), action(p.an, 'open_bank_account'),
      action(p.an, 'bdhvs_certified'), action(p.an, 'submit_procedure', 'done', { procedureName: 'Đăng ký thường trú' }),
      action(p.bich, 'student_training'), action(p.cuong, 'install_vneid'), action(p.cuong, 'activate_vneid_level2'),
      action(p.gam, 'teach_basic_skills', 'not_done', { reason: 'away_working' }),
    ], { eventDate: '2025-03-10' }));
    // Huệ: VNeID level 1 and a bank account, then a correction: the bank account was not opened.
    e4 = await post(officer, event(h.h2, [action(p.hue, 'install_vneid'), action(p.hue, 'open_bank_account')], { eventDate: '2025-03-01' }));
    await post(officer, event(h.h2, [action(p.hue, 'install_vneid'), action(p.hue, 'open_bank_account', 'not_done', { reason: 'no_chip_id' })], { eventDate: '2025-03-05', correctsEventId: e4 }));
    await post(officer, event(h.h5, [action(p.mai, 'teach_basic_skills', 'done', skills)], { eventDate: '2025-03-20' }));
    await post(admin, event(h.h6, [action(p.nam, 'teach_basic_skills', 'done', skills)], { eventDate: '2025-03-05' }));

    await endResidence(p.hung, 'deceased', '2025-03-10');
    await endResidence(p.lam, 'moved_out', '2025-03-15');
    await endResidence(p.hoa, 'moved_out', '2025-03-20');
    // Ơn moves from village B to H2 in village A on the last day of March: on that day he
    // lives in A only.
    const moved = await officer.post(`/api/people/${p.on}/move`, { householdId: h.h2, date: MARCH, relationToHead: 'other', note: null });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  });
  afterAll(async () => { await t.close(); });

  // Expected by hand (see the population above).
  const VILLAGE_A_MARCH = {
    HS: f(1, 1), // Bích
    KNS: f(1, 6), // adults: An, Gấm (year only), Hải, Huệ, Khuyên, Ơn (moved in on 31/03); skilled: An
    BDHVS: f(1, 6),
    LD: f(0, 1), // Hoa moved out on 20/03: only Huệ
    TT: f(2, 3), // H1, H2, H3 (H4 empty since 15/03); informed H1, H2
    DD: f(2, 8, 1), // 16+: An, Cường (16 on 31/03), Em (year only), Gấm, Hải, Huệ, Khuyên, Ơn; level 2 An, Cường; level 1 only Huệ
    NH: f(1, 8), // An; Huệ's account was corrected away
    HGD: f(2, 3, 1), // H1 (An), H3 covered by its assigned member
  };
  const VILLAGE_A_FEB = {
    HS: f(0, 1),
    KNS: f(2, 8), // + Hoa, Hùng, Lâm; skilled An, Hoa
    BDHVS: f(0, 8),
    LD: f(1, 2), // Hoa, Huệ
    TT: f(3, 4), // H1, H2, H4 informed
    DD: f(0, 9, 1), // Cường is not 16 yet; An has level 1 only
    NH: f(0, 9),
    HGD: f(1, 4, 1), // An has no DVC account yet; H3 covered
  };
  const VILLAGE_B_MARCH = { HS: f(0, 0), KNS: f(1, 1), BDHVS: f(0, 1), LD: f(0, 0), TT: f(1, 1), DD: f(0, 1), NH: f(0, 1), HGD: f(0, 1) };
  // Ơn still lived in village B at the end of February; Mai was helped on 20/03.
  const VILLAGE_B_FEB = { HS: f(0, 0), KNS: f(0, 2), BDHVS: f(0, 2), LD: f(0, 0), TT: f(0, 1), DD: f(0, 2), NH: f(0, 2), HGD: f(0, 1) };

  const sum = (a: Record<string, Fig>, b: Record<string, Fig>) =>
    Object.fromEntries(Object.keys(a).map((k) => [k, f(a[k].numerator + b[k].numerator, a[k].denominator + b[k].denominator, a[k].extra + b[k].extra)]));

  function checkMarch(body: any) {
    expect(body.period).toMatchObject({ type: 'month', end: MARCH, previousEnd: FEB, yearStart: '2024-12-31' });
    expect(pick(body.summary.indicators)).toEqual(sum(VILLAGE_A_MARCH, VILLAGE_B_MARCH));
    const [a, b] = [body.children.find((c: any) => c.id === t.org.villageA), body.children.find((c: any) => c.id === t.org.villageB)];
    expect(pick(a.indicators)).toEqual(VILLAGE_A_MARCH);
    expect(pick(b.indicators)).toEqual(VILLAGE_B_MARCH);
    const previous = (figures: Record<string, any>) => Object.fromEntries(Object.entries(figures).map(([code, v]) => [code, f(v.previous.numerator, v.previous.denominator, v.previous.extra)]));
    expect(previous(a.indicators)).toEqual(VILLAGE_A_FEB);
    expect(previous(b.indicators)).toEqual(VILLAGE_B_FEB);
  }

  describe('every indicator by the definitions', () => {
    it('computes them live while nothing is stored, then the same from the aggregates', async () => {
      const live = await dashboard(officer, march(t.org.commune));
      expect(live.computedLive).toBeGreaterThan(0);
      checkMarch(live);
      const liveProvince = await dashboard(admin, 'period=quarter&year=2025&month=3');
      expect(liveProvince.computedLive).toBeGreaterThan(0);

      await runUntilIdle(t.database.db);
      const stored = await dashboard(officer, march(t.org.commune));
      expect(stored.computedLive).toBe(0);
      expect(stored.pendingVillages).toBe(0);
      checkMarch(stored);
      expect(stored.summary).toEqual(live.summary);
      expect(stored.children).toEqual(live.children);
      // The province from its communes' stored sums, as computed live before.
      const province = await dashboard(admin, 'period=quarter&year=2025&month=3');
      expect(province.computedLive).toBe(0);
      expect(province.summary).toEqual(liveProvince.summary);
      expect(province.children).toEqual(liveProvince.children);
      expect(province.series).toEqual(liveProvince.series);
      expect(pick(province.children.find((c: any) => c.id === t.org.commune).indicators)).toEqual(sum(VILLAGE_A_MARCH, VILLAGE_B_MARCH));
    });

    it('counts turning 16 on the last day of the period, not the day after; a year-only birth from 1 January', async () => {
      const res = await officer.get(`/api/indicators/DD/people?${march(t.org.villageA)}`);
      expect(res.status).toBe(200);
      const ids = res.body.items.map((i: any) => i.personId);
      expect(ids).toContain(p.cuong);
      expect(ids).not.toContain(p.dung);
      expect(ids).toContain(p.em);
      expect(res.body.items.find((i: any) => i.personId === p.cuong)).toMatchObject({ age: 16, reached: true });
      // On 31/12/2024 Em (born 2009, year only) is 15 and Gấm (2007) 17: not adult yet.
      const dec = await dashboard(officer, `orgUnitId=${t.org.villageA}&period=month&year=2025&month=1`);
      expect(dec.summary.indicators.KNS.startOfYear).toMatchObject({ numerator: 0, denominator: 7 });
      expect(dec.summary.indicators.DD.startOfYear).toMatchObject({ denominator: 8 });
      expect(dec.summary.indicators.KNS.denominator).toBe(8); // 31/01/2025: Gấm is 18
    });

    it('counts a person who moved out mid-month at the month before only, and a death likewise', async () => {
      const marchList = await officer.get(`/api/indicators/KNS/people?${march(t.org.villageA)}`);
      const febList = await officer.get(`/api/indicators/KNS/people?orgUnitId=${t.org.villageA}&period=month&year=2025&month=2`);
      const names = (body: any) => body.items.map((i: any) => i.fullName);
      expect(names(marchList.body)).not.toContain('Hoàng Thị Hoa');
      expect(names(marchList.body)).not.toContain('Hoàng Văn Hùng');
      expect(names(febList.body)).toEqual(expect.arrayContaining(['Hoàng Thị Hoa', 'Hoàng Văn Hùng', 'Nông Văn Lâm']));
      expect(febList.body.total).toBe(VILLAGE_A_FEB.KNS.denominator);
      // A household whose only member left is no longer a household of the village.
      const tt = await officer.get(`/api/indicators/TT/households?${march(t.org.villageA)}`);
      expect(tt.body.items.map((i: any) => i.householdId).sort()).toEqual([h.h1, h.h2, h.h3].sort());
    });

    it('applies a correction: the bank account it took back does not count', async () => {
      const nh = await officer.get(`/api/indicators/NH/people?${march(t.org.villageA)}&reached=false`);
      const hue = nh.body.items.find((i: any) => i.personId === p.hue);
      expect(hue).toMatchObject({ reached: false, lastReason: 'no_chip_id' });
      const dd = await officer.get(`/api/indicators/DD/people?${march(t.org.villageA)}&reached=false`);
      expect(dd.body.items.find((i: any) => i.personId === p.hue)).toMatchObject({ extra: true });
    });

    it('shows households covered by an assigned member apart, inside HGD\'s figure', async () => {
      const res = await officer.get(`/api/indicators/HGD/households?${march(t.org.villageA)}&reached=true`);
      expect(res.body.total).toBe(VILLAGE_A_MARCH.HGD.numerator);
      const byId = Object.fromEntries(res.body.items.map((i: any) => [i.householdId, i]));
      expect(byId[h.h1]).toMatchObject({ coveredByMember: false });
      expect(byId[h.h3]).toMatchObject({ coveredByMember: true, noCapableMember: true, assignedMemberName: 'Hoàng Thị Lan' });
      // extra=true: only the covered households, one of each tab's counts.
      const covered = await officer.get(`/api/indicators/HGD/households?${march(t.org.villageA)}&extra=true`);
      expect(covered.body.items.map((i: any) => i.householdId)).toEqual([h.h3]);
      expect(covered.body.total).toBe(1);
      expect(covered.body.counts).toEqual({
        reached: VILLAGE_A_MARCH.HGD.numerator, notReached: VILLAGE_A_MARCH.HGD.denominator - VILLAGE_A_MARCH.HGD.numerator,
        all: VILLAGE_A_MARCH.HGD.denominator, extra: 1,
      });
    });

    it('answers every tab\'s count with any page, even one past the end', async () => {
      const past = await officer.get(`/api/indicators/KNS/people?${march(t.org.villageA)}&reached=false&page=99&pageSize=10`);
      expect(past.status).toBe(200);
      expect(past.body.items).toEqual([]);
      const kns = (await dashboard(officer, march(t.org.villageA))).summary.indicators.KNS;
      expect(past.body.total).toBe(kns.denominator - kns.numerator);
      expect(past.body.counts).toMatchObject({ reached: kns.numerator, notReached: kns.denominator - kns.numerator, all: kns.denominator });
    });

    it('counts visits, people supported, procedures and apps by month; people once per quarter', async () => {
      const body = await dashboard(officer, `orgUnitId=${t.org.villageA}&period=quarter&year=2025&month=3`);
      // Effective events: Feb 3 (E1, E3, the H4 visit); March 2 (E2, the correction; E4 is replaced).
      expect(body.counts.months.slice(0, 3)).toEqual([
        { month: 1, visits: 0, peopleSupported: 0, procedures: 0, appsInstalled: 0 },
        { month: 2, visits: 3, peopleSupported: 2, procedures: 0, appsInstalled: 1 },
        { month: 3, visits: 2, peopleSupported: 5, procedures: 1, appsInstalled: 3 },
      ]);
      // Q1: An was helped in February and March: 6 people, not 7.
      expect(body.counts.period).toEqual({ visits: 5, peopleSupported: 6, procedures: 1, appsInstalled: 4 });
      expect(body.summary.counts).toEqual(body.counts.period);
    });
  });

  describe('aggregates kept in the write path', () => {
    it('after a write and a worker round, the stored figures equal a from-scratch computation', async () => {
      await runUntilIdle(t.database.db);
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
      // Gấm comes back and learns the skills: March is unchanged, today's figure moves.
      await post(officer, event(h.h1, [action(p.gam, 'teach_basic_skills', 'done', skills)], { eventDate: '2025-04-02' }));
      const marks = await t.database.db.selectFrom('indicator_dirty_villages').select('village_id').execute();
      expect(marks.map((m) => m.village_id)).toEqual([t.org.villageA]);
      const stale = await verifyAggregates(t.database.db);
      expect(stale.pending).toEqual([t.org.villageA]);
      await runUntilIdle(t.database.db);
      const fresh = await verifyAggregates(t.database.db);
      expect(fresh).toMatchObject({ pending: [], differenceCount: 0 });
      const april = await dashboard(officer, `orgUnitId=${t.org.villageA}&period=month&year=2025&month=4`);
      expect(april.summary.indicators.KNS).toMatchObject({ numerator: 2, denominator: 6, previous: { numerator: 1, denominator: 6 }, change: 16.66 });
      checkMarch(await dashboard(officer, march(t.org.commune)));
    });

    it('keeps a mark set while a recompute runs, and takes it next round', async () => {
      await runUntilIdle(t.database.db);
      await post(officer, event(h.h5, [action(p.mai, 'install_vneid')], { eventDate: '2025-04-03' }));
      const round = await recomputeMarked(t.database.db, {
        // Written after the round read its marks: its change may be missing from this round.
        afterRead: async () => { await post(officer, event(h.h5, [action(p.mai, 'open_bank_account')], { eventDate: '2025-04-04' })); },
      });
      expect(round.recomputed).toBe(1);
      expect(round.marksCleared).toBe(1);
      const left = await t.database.db.selectFrom('indicator_dirty_villages').select('village_id').execute();
      expect(left.map((m) => m.village_id)).toEqual([t.org.villageB]);
      await runUntilIdle(t.database.db);
      expect(await t.database.db.selectFrom('indicator_dirty_villages').select('village_id').execute()).toEqual([]);
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });

    it('marks the village of every kind of change: moves, edits of birth and flags, households, assignments', async () => {
      await runUntilIdle(t.database.db);
      const db = t.database.db;
      const marked = async () => (await db.selectFrom('indicator_dirty_villages').select('village_id').distinct().execute()).map((m) => m.village_id).sort();
      const person = (await db.selectFrom('people').select('version').where('id', '=', p.mai).executeTakeFirstOrThrow()).version;
      // A phone number is not a figure: no mark.
      expect((await officer.patch(`/api/people/${p.mai}`, { version: person, phone: '0912000111' })).status).toBe(200);
      expect(await marked()).toEqual([]);
      expect((await officer.patch(`/api/people/${p.mai}`, { version: person + 1, isWorker: true })).status).toBe(200);
      expect(await marked()).toEqual([t.org.villageB]);
      await runUntilIdle(db);
      // Moving Hải from village A to B marks both.
      const move = await officer.post(`/api/people/${p.hai}/move`, { householdId: h.h5, date: '2025-04-10', relationToHead: 'other', note: null });
      expect(move.status, JSON.stringify(move.body)).toBe(200);
      expect(await marked()).toEqual([t.org.villageA, t.org.villageB].sort());
      await runUntilIdle(db);
      expect((await verifyAggregates(db)).differenceCount).toBe(0);
      // An assignment ending (the member leaves the household) marks its village.
      const unassign = await officer.post('/api/teams/assignments', { householdIds: [h.h3], memberId: null, fromDate: '2025-05-01' });
      expect(unassign.status, JSON.stringify(unassign.body)).toBe(200);
      expect(await marked()).toEqual([t.org.villageA]);
      await runUntilIdle(db);
      const may = await dashboard(officer, `orgUnitId=${t.org.villageA}&period=month&year=2025&month=5`);
      expect(may.summary.indicators.HGD.extra).toBe(0);
      expect(may.summary.indicators.HGD.previous.extra).toBe(1);
      expect((await verifyAggregates(db)).differenceCount).toBe(0);
    });

    it('takes a late visit dated months back, and a correction of an old visit, into those months', async () => {
      await runUntilIdle(t.database.db);
      const at = async (month: number) => (await dashboard(admin, `orgUnitId=${t.org.villageC}&period=month&year=2025&month=${month}`)).summary.indicators;
      expect((await at(2)).BDHVS.numerator).toBe(0);
      expect((await at(3)).KNS.numerator).toBe(1);
      // A phone offline since February sends its visit now.
      await post(admin, event(h.h6, [action(p.nam, 'bdhvs_certified')], { eventDate: '2025-02-20' }));
      const [mark] = await t.database.db.selectFrom('indicator_dirty_villages').select(['village_id', 'since']).execute();
      expect(mark).toEqual({ village_id: t.org.villageC, since: '2025-02-20' });
      await runUntilIdle(t.database.db);
      expect((await at(2)).BDHVS.numerator).toBe(1);
      // In June the March visit is corrected: the skills were not taught after all.
      const march5 = await t.database.db.selectFrom('support_events').select('id').where('household_id', '=', h.h6).where('event_date', '=', '2025-03-05').executeTakeFirstOrThrow();
      await post(admin, event(h.h6, [action(p.nam, 'teach_basic_skills', 'not_done', { reason: 'need_revisit', checklist: ['use_smartphone'] })], { eventDate: '2025-06-15', correctsEventId: march5.id }));
      await runUntilIdle(t.database.db);
      expect((await at(3)).KNS.numerator).toBe(0);
      expect((await at(3)).KNS.previous.numerator).toBe(0);
      // A procedure submitted in April, retracted in June (a correction with nothing in it):
      // no status moves, only April's counts.
      const april = await post(admin, event(h.h6, [action(p.nam, 'submit_procedure', 'done', { procedureName: 'Cấp đổi CCCD' })], { eventDate: '2025-04-01' }));
      await runUntilIdle(t.database.db);
      expect((await dashboard(admin, `orgUnitId=${t.org.villageC}&period=month&year=2025&month=4`)).counts.period).toMatchObject({ visits: 1, procedures: 1 });
      await post(admin, event(h.h6, [], { eventDate: '2025-06-16', correctsEventId: april, informed: false }));
      await runUntilIdle(t.database.db);
      expect((await dashboard(admin, `orgUnitId=${t.org.villageC}&period=month&year=2025&month=4`)).counts.period).toMatchObject({ visits: 0, procedures: 0 });
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });

    it('keeps the province right from its communes\' sums when a village is added or moved to another commune', async () => {
      const db = t.database.db;
      await runUntilIdle(db);
      const province = `period=month&year=2025&month=3`;
      const before = await dashboard(admin, province);
      expect(before.computedLive).toBe(0);
      const commune = (body: any, id: number) => pick(body.children.find((c: any) => c.id === id).indicators);
      // The villages as they stand now (earlier tests changed some flags and dates).
      const villages = await dashboard(officer, march(t.org.commune));
      const [a, b] = [commune(villages, t.org.villageA), commune(villages, t.org.villageB)];
      const c = pick((await dashboard(admin, march(t.org.villageC))).summary.indicators);
      expect(commune(before, t.org.commune)).toEqual(sum(a, b));
      expect(commune(before, t.org.otherCommune)).toEqual(c);

      const created = await admin.post('/api/org-units', { parentId: t.org.commune, name: 'Thôn Mới Lập' });
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      expect((await db.selectFrom('indicator_dirty_villages').select('village_id').execute()).map((m) => m.village_id)).toContain(created.body.id);
      await runUntilIdle(db);
      expect((await verifyAggregates(db)).differenceCount).toBe(0);

      // Village B goes to the other commune (a data fix by the province: no screen does this).
      const other = await db.selectFrom('org_units').select('path').where('id', '=', t.org.otherCommune).executeTakeFirstOrThrow();
      await sql`UPDATE org_units SET parent_id = ${t.org.otherCommune}, path = ${`${other.path}${t.org.villageB}/`} WHERE id = ${t.org.villageB}`.execute(db);
      const moved = await dashboard(admin, province);
      expect(pick(moved.summary.indicators)).toEqual(pick(before.summary.indicators));
      expect(commune(moved, t.org.commune)).toEqual(a);
      expect(commune(moved, t.org.otherCommune)).toEqual(sum(b, c));
      await runUntilIdle(db);
      expect((await verifyAggregates(db)).differenceCount).toBe(0);
      const stored = await db.selectFrom('indicator_unit_aggregates').select(['numerator', 'denominator', 'villages']).where('org_unit_id', '=', t.org.commune).where('period_end', '=', MARCH).where('code', '=', 'KNS').executeTakeFirstOrThrow();
      expect(stored).toEqual({ numerator: a.KNS.numerator, denominator: a.KNS.denominator, villages: 2 }); // A and the new village

      const back = await db.selectFrom('org_units').select('path').where('id', '=', t.org.commune).executeTakeFirstOrThrow();
      await sql`UPDATE org_units SET parent_id = ${t.org.commune}, path = ${`${back.path}${t.org.villageB}/`} WHERE id = ${t.org.villageB}`.execute(db);
      await runUntilIdle(db);
      expect(commune(await dashboard(admin, province), t.org.commune)).toEqual(sum(a, b));
      expect((await verifyAggregates(db)).differenceCount).toBe(0);
    });

    it('finds a stored figure that differs from the definitions, and the rebuild puts it right', async () => {
      await runUntilIdle(t.database.db);
      await sql`UPDATE indicator_aggregates SET numerator = numerator + 1 WHERE village_id = ${t.org.villageA} AND period_end = ${MARCH} AND code = 'KNS'`.execute(t.database.db);
      const broken = await verifyAggregates(t.database.db);
      // The village's row, and the sums made from it (its commune's, the province's).
      expect(broken.differences).toEqual([
        { table: 'indicator_aggregates', villageId: t.org.villageA, date: MARCH, code: 'KNS', stored: '2/6/0', fresh: '1/6/0' },
        expect.objectContaining({ table: 'indicator_unit_aggregates', villageId: t.org.province, date: MARCH, code: 'KNS' }),
        expect.objectContaining({ table: 'indicator_unit_aggregates', villageId: t.org.commune, date: MARCH, code: 'KNS' }),
      ]);
      const rebuilt = await rebuildAggregates(t.database.db);
      expect(rebuilt.villages).toBe(4); // A, B, C and the one added above
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });

    it('shows a synced visit in the figures within seconds with the worker running', async () => {
      const worker = startAggregatesWorker(t.database.db, { intervalMs: 200 });
      try {
        await worker.nextRound();
        const before = (await dashboard(admin, `orgUnitId=${t.org.villageC}`)).summary.indicators.NH.numerator;
        const started = performance.now();
        const sync = await admin.post('/api/support-events', event(h.h6, [action(p.nam, 'open_bank_account')], { eventDate: '2025-06-01' }));
        expect(sync.status).toBe(201);
        let now = before;
        while (now === before && performance.now() - started < 5000) {
          await new Promise((r) => setTimeout(r, 50));
          now = (await dashboard(admin, `orgUnitId=${t.org.villageC}`)).summary.indicators.NH.numerator;
        }
        expect(now).toBe(before + 1);
        expect(performance.now() - started).toBeLessThan(5000);
      } finally {
        await worker.stop();
      }
    });
  });

  describe('who sees what', () => {
    it('gives the province viewer figures of every commune and refuses it the lists', async () => {
      await runUntilIdle(t.database.db);
      const body = await dashboard(viewer, `period=month&year=2025&month=3`);
      expect(body.unit.id).toBe(t.org.province);
      expect(body.children.map((c: any) => c.id).sort()).toEqual([t.org.commune, t.org.otherCommune].sort());
      expect(JSON.stringify(body)).not.toContain('Lò Văn An');
      expect((await viewer.get(`/api/indicators/KNS/people?${march(t.org.villageA)}`)).status).toBe(403);
      expect((await viewer.get(`/api/indicators/TT/households?${march(t.org.villageA)}`)).status).toBe(403);
    });

    it('keeps a village head to their village: other units are not found', async () => {
      const own = await dashboard(head, 'period=month&year=2025&month=3');
      expect(own.unit.id).toBe(t.org.villageA);
      expect(own.children).toEqual([]);
      expect((await head.get(`/api/indicators?${march(t.org.commune)}`)).status).toBe(404);
      expect((await head.get(`/api/indicators/KNS/people?${march(t.org.villageB)}`)).status).toBe(404);
      expect((await officer.get(`/api/indicators?${march(t.org.villageC)}`)).status).toBe(404);
    });

    it('lists the not yet reached with their last reason, its length the figure, and audits the read', async () => {
      const res = await head.get(`/api/indicators/KNS/people?${march(t.org.villageA)}&reached=false`);
      expect(res.status).toBe(200);
      const kns = (await dashboard(head, march(t.org.villageA))).summary.indicators.KNS;
      expect(res.body.total).toBe(kns.denominator - kns.numerator);
      expect(res.body.items).toHaveLength(res.body.total);
      expect(res.body.items.find((i: any) => i.personId === p.gam)).toMatchObject({ lastReason: 'away_working', lastActionOn: '2025-03-10', lastVisitOn: '2025-03-10' });
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'entity', 'detail']).where('account_id', '=', head.me.id as string).where('entity', '=', 'person').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ action: 'list', detail: { indicator: 'KNS', reached: false, results: res.body.total } });
      // A person indicator has no household list, and the other way round.
      expect((await head.get(`/api/indicators/KNS/households?${march(t.org.villageA)}`)).status).toBe(400);
      expect((await head.get(`/api/indicators/XX/people?${march(t.org.villageA)}`)).status).toBe(400);
    });

    it('refuses a period that has not started', async () => {
      const res = await officer.get(`/api/indicators?period=month&year=2099&month=1`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/Năm|2100|chưa/);
    });
  });

  describe('targets', () => {
    it('takes the nearest target set on the unit or above, else the plan; the commune sets only villages', async () => {
      let res = await officer.get(`/api/targets?orgUnitId=${t.org.commune}&year=2025`);
      expect(res.status).toBe(200);
      const commune = res.body.units.find((u: any) => u.id === t.org.commune);
      expect(commune.targets.find((x: any) => x.code === 'KNS')).toEqual({ code: 'KNS', own: null, effective: { percent: 70, source: { plan: 'Kế hoạch năm 2026' } } });
      expect(commune.targets.find((x: any) => x.code === 'NH').effective).toBeNull();
      expect(commune.canEdit).toBe(false);

      res = await officer.request('PUT', '/api/targets', { year: 2025, orgUnitId: t.org.commune, targets: [{ code: 'KNS', targetPercent: 80 }] });
      expect(res.status).toBe(403);
      res = await admin.request('PUT', '/api/targets', { year: 2025, orgUnitId: t.org.commune, targets: [{ code: 'KNS', targetPercent: 80 }, { code: 'NH', targetPercent: 60 }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      res = await officer.request('PUT', '/api/targets', { year: 2025, orgUnitId: t.org.villageA, targets: [{ code: 'KNS', targetPercent: 90 }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect((await head.request('PUT', '/api/targets', { year: 2025, orgUnitId: t.org.villageA, targets: [{ code: 'KNS', targetPercent: 10 }] })).status).toBe(403);

      res = await officer.get(`/api/targets?orgUnitId=${t.org.commune}&year=2025`);
      const target = (unit: number, code: string) => res.body.units.find((u: any) => u.id === unit).targets.find((x: any) => x.code === code);
      expect(target(t.org.villageA, 'KNS')).toMatchObject({ own: 90, effective: { percent: 90, source: { orgUnitId: t.org.villageA } } });
      expect(target(t.org.villageB, 'KNS')).toMatchObject({ own: null, effective: { percent: 80, source: { orgUnitId: t.org.commune } } });
      expect(target(t.org.villageB, 'NH').effective.percent).toBe(60);
      const other = await admin.get(`/api/targets?orgUnitId=${t.org.otherCommune}&year=2025`);
      expect(other.body.units[0].targets.find((x: any) => x.code === 'KNS').effective.percent).toBe(70);
      // Another year is untouched.
      const next = await officer.get(`/api/targets?orgUnitId=${t.org.villageA}&year=2026`);
      expect(next.body.units[0].targets.find((x: any) => x.code === 'KNS').effective.percent).toBe(70);
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'indicator_target').execute();
      expect(audit).toHaveLength(2);
    });

    it('is behind below the line from the start-of-year level to the target, on track above it', async () => {
      const body = await dashboard(officer, march(t.org.commune));
      const a = body.children.find((c: any) => c.id === t.org.villageA).indicators.KNS;
      // 31/12/2024: 0 of 7; line to 90 % at 31/12/2025; 31/03/2025 is 90 of 365 days along.
      expect(a.startOfYear).toMatchObject({ numerator: 0, denominator: 7, percent: 0 });
      expect(a.target.percent).toBe(90);
      expect(a.expected).toBeCloseTo((90 * 90) / 365, 2);
      expect(a.percent).toBe(16.67);
      expect(a.onTrack).toBe(false);
      const b = body.children.find((c: any) => c.id === t.org.villageB).indicators.KNS;
      expect(b).toMatchObject({ percent: 100, onTrack: true, target: { percent: 80 } });
      // HS has no one counted in village B: no verdict.
      expect(body.children.find((c: any) => c.id === t.org.villageB).indicators.HS.onTrack).toBeNull();
    });
  });

  it('answers the home page from the aggregates with the figures it had', async () => {
    await runUntilIdle(t.database.db);
    const home = (await officer.get('/api/stats/home')).body;
    const residents = await sql<{ village_id: number; n: number; adults: number }>`
      SELECT p.village_id, count(*)::int AS n,
        count(*) FILTER (WHERE coalesce(p.birth_date, make_date(p.birth_year, 1, 1)) <= (current_date - interval '18 years')::date)::int AS adults
      FROM people p WHERE p.status = 'resident' GROUP BY p.village_id`.execute(t.database.db);
    const a = residents.rows.find((r) => r.village_id === t.org.villageA)!;
    expect(home.units.find((u: any) => u.id === t.org.villageA)).toMatchObject({ people: a.n, adults: a.adults, students: 1, villages: 1 });
    expect(home.totals.people).toBe(residents.rows.filter((r) => r.village_id !== t.org.villageC).reduce((s, r) => s + r.n, 0));
  });

  describe('setting targets', () => {
    // The year in Vietnam, as the server judges it.
    const thisYear = yearInVietnam();
    const own = async (unit: number, year: number) =>
      (await t.database.db.selectFrom('indicator_targets').select(['code', 'target_percent']).where('year', '=', year).where('org_unit_id', '=', unit).orderBy('code').execute())
        .map((r) => [r.code, Number(r.target_percent)]);

    it('refuses a year before 2025 or past next year, naming the year', async () => {
      for (const year of [2024, thisYear + 2]) {
        const res = await officer.request('PUT', '/api/targets', { year, orgUnitId: t.org.villageB, targets: [{ code: 'NH', targetPercent: 50 }] });
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.error.fields[0].path).toBe('year');
        expect(res.body.error.message).toMatch(year === 2024 ? /2025/ : new RegExp(`Năm: .*${thisYear + 1}`));
      }
      expect(await own(t.org.villageB, thisYear + 2)).toEqual([]);
      // Next year may be given ahead.
      const res = await officer.request('PUT', '/api/targets', { year: thisYear + 1, orgUnitId: t.org.villageB, targets: [{ code: 'NH', targetPercent: 50 }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await own(t.org.villageB, thisYear + 1)).toEqual([['NH', 50]]);
    });

    it('sets and removes in one request: a removed target falls back to the one above', async () => {
      let res = await admin.request('PUT', '/api/targets', { year: 2026, orgUnitId: t.org.commune, targets: [{ code: 'NH', targetPercent: 60 }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      res = await officer.request('PUT', '/api/targets', { year: 2026, orgUnitId: t.org.villageB, targets: [{ code: 'NH', targetPercent: 80 }, { code: 'KNS', targetPercent: 75.5 }] });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await own(t.org.villageB, 2026)).toEqual([['KNS', 75.5], ['NH', 80]]);
      res = await officer.request('PUT', '/api/targets', {
        year: 2026, orgUnitId: t.org.villageB,
        targets: [{ code: 'NH', targetPercent: null }, { code: 'KNS', targetPercent: 76 }, { code: 'DD', targetPercent: 90 }],
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await own(t.org.villageB, 2026)).toEqual([['DD', 90], ['KNS', 76]]);
      const b = res.body.units.find((u: any) => u.id === t.org.villageB);
      expect(b.targets.find((x: any) => x.code === 'NH')).toMatchObject({ own: null, effective: { percent: 60, source: { orgUnitId: t.org.commune } } });
      expect(b.targets.find((x: any) => x.code === 'KNS')).toMatchObject({ own: 76, effective: { percent: 76, source: { orgUnitId: t.org.villageB } } });
      const audit = await t.database.db.selectFrom('audit_log').select(['before', 'after']).where('entity', '=', 'indicator_target').where('entity_id', '=', `2026/${t.org.villageB}`).orderBy('id', 'desc').executeTakeFirstOrThrow();
      const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
      expect(json(audit.before)).toEqual({ KNS: 75.5, NH: 80 });
      expect(json(audit.after)).toEqual({ NH: null, KNS: 76, DD: 90 });
    });

    it('stores all of a request or nothing: a failing audit write leaves the targets as they were', async () => {
      const db = t.database.db;
      await sql`CREATE FUNCTION refuse_target_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.entity = 'indicator_target' THEN RAISE EXCEPTION 'audit refused by the test'; END IF; RETURN NEW; END $$`.execute(db);
      await sql`CREATE TRIGGER refuse_target_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_target_audit()`.execute(db);
      try {
        const res = await officer.request('PUT', '/api/targets', {
          year: 2026, orgUnitId: t.org.villageB,
          targets: [{ code: 'KNS', targetPercent: null }, { code: 'DD', targetPercent: 95 }, { code: 'HS', targetPercent: 99 }],
        });
        expect(res.status).toBe(500);
      } finally {
        await sql`DROP TRIGGER refuse_target_audit ON audit_log`.execute(db);
        await sql`DROP FUNCTION refuse_target_audit()`.execute(db);
      }
      expect(await own(t.org.villageB, 2026)).toEqual([['DD', 90], ['KNS', 76]]);
    });

    it('refuses a unit outside the area and writes nothing', async () => {
      const res = await officer.request('PUT', '/api/targets', { year: 2026, orgUnitId: t.org.villageC, targets: [{ code: 'KNS', targetPercent: 10 }] });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('orgUnitId');
      expect(await own(t.org.villageC, 2026)).toEqual([]);
      expect((await officer.get(`/api/targets?orgUnitId=${t.org.villageC}&year=2026`)).status).toBe(404);
    });
  });
});
