import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, describeEachEngine } from '../../tests/support/test-database.ts';
import { demoVillages, seedDemoAccounts } from './demo-accounts.ts';
import { seedDemo, type SeedResult } from './seed-demo.ts';
import { demoLeaderUsername } from './seed-history.ts';

// The demo as seeded on a fixed day; seed-dates.test.ts seeds it on other days.
const TODAY = '2026-11-25';

describeEachEngine('seedDemo', (engine) => {
  let database: TestDatabase;
  let result: SeedResult;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    result = await seedDemo(database.db, { today: TODAY });
  }, 240_000);

  afterAll(async () => {
    await database?.destroy();
  });

  it('creates Tuyên Quang, Bạch Ngọc and its 16 villages', async () => {
    const units = await database.db.selectFrom('org_units').select(['id', 'parent_id', 'level', 'code', 'name', 'path']).orderBy('id').execute();
    const province = units.find((unit) => unit.level === 'province');
    const commune = units.find((unit) => unit.level === 'commune');
    expect(province).toMatchObject({ code: '08', name: 'Tuyên Quang', parent_id: null, path: `/${province?.id}/` });
    expect(commune).toMatchObject({ code: '00976', name: 'Bạch Ngọc', parent_id: province?.id });
    const villages = units.filter((unit) => unit.level === 'village');
    expect(villages).toHaveLength(16);
    expect(villages.every((village) => village.parent_id === commune?.id && village.path === `${commune?.path}${village.id}/`)).toBe(true);
  });

  it('creates about 2,500 households and 10,000 people', async () => {
    expect(result.households).toBe(2_500);
    expect(result.people).toBeGreaterThan(9_300);
    expect(result.people).toBeLessThan(10_700);
    const people = await database.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(people.n)).toBe(result.people);
  });

  it('gives every person exactly one open residence, in their household’s village', async () => {
    const { rows } = await sql<{ people: string; wrong: string }>`
      SELECT count(*) AS people,
             count(*) FILTER (WHERE open_count <> 1 OR bad_place) AS wrong
      FROM (
        SELECT p.id,
               count(r.id) FILTER (WHERE r.to_date IS NULL) AS open_count,
               bool_or(r.household_id <> p.household_id OR r.village_id <> h.village_id) AS bad_place
        FROM people p
        JOIN households h ON h.id = p.household_id
        LEFT JOIN residences r ON r.person_id = p.id
        GROUP BY p.id
      ) per_person`.execute(database.db);
    expect(Number(rows[0].people)).toBe(result.people);
    expect(Number(rows[0].wrong)).toBe(0);
  });

  it('points every household at its head', async () => {
    const { rows } = await sql<{ wrong: string }>`
      SELECT count(*) AS wrong FROM households h
      LEFT JOIN people p ON p.id = h.head_person_id
      WHERE p.id IS NULL OR p.household_id <> h.id OR p.relation_to_head <> 'head'`.execute(database.db);
    expect(Number(rows[0].wrong)).toBe(0);
  });

  it('forms one active team per village, 3–5 members except the two that show the size warning, one re-formed', async () => {
    const { rows } = await sql<{ village: string; active_teams: string; ended_teams: string; active_members: string; leaders: string; youth: string; linked: string }>`
      SELECT v.name AS village,
             count(DISTINCT t.id) FILTER (WHERE t.ended_on IS NULL) AS active_teams,
             count(DISTINCT t.id) FILTER (WHERE t.ended_on IS NOT NULL) AS ended_teams,
             count(m.id) FILTER (WHERE m.left_on IS NULL) AS active_members,
             count(m.id) FILTER (WHERE m.left_on IS NULL AND m.team_role = 'leader') AS leaders,
             count(m.id) FILTER (WHERE m.affiliation = 'youth_union') AS youth,
             count(m.id) FILTER (WHERE p.village_id = v.id) AS linked
      FROM org_units v
      JOIN teams t ON t.village_id = v.id
      LEFT JOIN team_members m ON m.team_id = t.id
      LEFT JOIN people p ON p.id = m.person_id
      WHERE v.level = 'village'
      GROUP BY v.name ORDER BY v.name`.execute(database.db);
    expect(rows).toHaveLength(16);
    expect(rows.every((r) => r.active_teams === '1' && r.leaders === '1')).toBe(true);
    const sizes = rows.map((r) => Number(r.active_members));
    expect(sizes.filter((n) => n < 3 || n > 5).sort()).toEqual([2, 6]);
    expect(rows.filter((r) => r.ended_teams === '1')).toHaveLength(1);
    // Every member is a resident of the team's village (person linked).
    const { rows: members } = await sql<{ n: string; linked: string; youth: string }>`
      SELECT count(*) AS n, count(*) FILTER (WHERE p.village_id = t.village_id) AS linked, count(*) FILTER (WHERE m.affiliation = 'youth_union') AS youth
      FROM team_members m JOIN teams t ON t.id = m.team_id LEFT JOIN people p ON p.id = m.person_id`.execute(database.db);
    expect(members[0].linked).toBe(members[0].n);
    expect(Number(members[0].youth) / Number(members[0].n)).toBeGreaterThan(0.5);
  });

  it('makes the demo volunteers members of the first village’s team, and gives every team leader an account', async () => {
    await seedDemoAccounts(database.db);
    const [first] = await demoVillages(database.db);
    const { rows } = await sql<{ username: string; team_role: string; full_name: string; person_name: string; village_id: number }>`
      SELECT a.username, m.team_role, m.full_name, p.full_name AS person_name, t.village_id
      FROM team_members m JOIN teams t ON t.id = m.team_id JOIN accounts a ON a.id = m.account_id JOIN people p ON p.id = m.person_id
      WHERE m.left_on IS NULL ORDER BY a.username`.execute(database.db);
    const byUser = new Map(rows.map((r) => [r.username, r]));
    expect(byUser.get('totruong1')).toMatchObject({ team_role: 'leader', full_name: 'Nông Thị Huyền', person_name: 'Nông Thị Huyền', village_id: first.id });
    expect(byUser.get('tovien1')).toMatchObject({ team_role: 'member', full_name: 'Hoàng Văn Đức', person_name: 'Hoàng Văn Đức', village_id: first.id });
    expect(rows.filter((r) => r.team_role === 'leader').map((r) => r.username).sort()).toEqual(
      Array.from({ length: 16 }, (_, i) => demoLeaderUsername(i)).sort(),
    );
    // tovien1 looks after households of the first village; one there still needs a member.
    const { rows: households } = await sql<{ mine: string; needs: string }>`
      SELECT count(*) FILTER (WHERE m.account_id = (SELECT id FROM accounts WHERE username = 'tovien1')) AS mine,
             count(*) FILTER (WHERE h.no_capable_member AND h.assigned_member_id IS NULL) AS needs
      FROM households h LEFT JOIN team_members m ON m.id = h.assigned_member_id WHERE h.village_id = ${first.id}`.execute(database.db);
    expect(Number(households[0].mine)).toBeGreaterThan(10);
    expect(Number(households[0].needs)).toBe(1);
  });

  it('records the year’s support by the server’s rules: ages, students, the whole checklist', async () => {
    const { rows } = await sql<{ events: string; under_14_vneid: string; under_15_bank: string; non_students: string; partial_done: string; bad_reason: string; future: string; corrections: string; desk: string }>`
      SELECT
        (SELECT count(*) FROM support_events) AS events,
        count(*) FILTER (WHERE a.action IN ('install_vneid', 'activate_vneid_level2', 'create_dvc_account') AND age(e.event_date, coalesce(p.birth_date, make_date(p.birth_year, 1, 1))) < interval '14 years') AS under_14_vneid,
        count(*) FILTER (WHERE a.action = 'open_bank_account' AND age(e.event_date, coalesce(p.birth_date, make_date(p.birth_year, 1, 1))) < interval '15 years') AS under_15_bank,
        count(*) FILTER (WHERE a.action = 'student_training' AND NOT p.is_student) AS non_students,
        count(*) FILTER (WHERE a.action = 'teach_basic_skills' AND a.outcome <> 'not_done' AND coalesce(cardinality(a.checklist), 0) <> 6) AS partial_done,
        count(*) FILTER (WHERE (a.outcome = 'not_done') <> (a.reason IS NOT NULL)) AS bad_reason,
        count(*) FILTER (WHERE e.event_date < '2026-01-05' OR e.event_date >= ${TODAY}) AS future,
        (SELECT count(*) FROM support_events WHERE corrects_event_id IS NOT NULL) AS corrections,
        (SELECT count(*) FROM support_events WHERE channel = 'service_center') AS desk
      FROM support_actions a JOIN support_events e ON e.id = a.event_id JOIN people p ON p.id = a.person_id`.execute(database.db);
    const r = rows[0];
    expect(Number(r.events)).toBeGreaterThan(5_000);
    expect([r.under_14_vneid, r.under_15_bank, r.non_students, r.partial_done, r.bad_reason, r.future]).toEqual(['0', '0', '0', '0', '0', '0']);
    expect(Number(r.corrections)).toBeGreaterThan(5);
    expect(Number(r.desk)).toBeGreaterThan(20);
  });

  it('derives statuses that look like a commune late in the year, villages ahead of and behind the targets', async () => {
    const { rows } = await sql<{ village: string | null; p16: string; l2: string; bank: string; adults: string; skills: string; bdhvs: string; students: string; trained: string; households: string; informed: string }>`
      WITH x AS (
        SELECT p.village_id, p.is_student, s.*,
               age(${TODAY}, coalesce(p.birth_date, make_date(p.birth_year, 1, 1))) AS age
        FROM people p LEFT JOIN person_digital_status s ON s.person_id = p.id
      )
      SELECT v.name AS village,
             count(*) FILTER (WHERE age >= interval '16 years') AS p16,
             count(*) FILTER (WHERE age >= interval '16 years' AND vneid_level2_on IS NOT NULL) AS l2,
             count(*) FILTER (WHERE age >= interval '16 years' AND bank_account_on IS NOT NULL) AS bank,
             count(*) FILTER (WHERE age >= interval '18 years') AS adults,
             count(*) FILTER (WHERE age >= interval '18 years' AND basic_skills_on IS NOT NULL) AS skills,
             count(*) FILTER (WHERE age >= interval '18 years' AND bdhvs_certified_on IS NOT NULL) AS bdhvs,
             count(*) FILTER (WHERE is_student) AS students,
             count(*) FILTER (WHERE is_student AND student_training_on IS NOT NULL) AS trained,
             (SELECT count(*) FROM households h WHERE v.id IS NULL OR h.village_id = v.id) AS households,
             (SELECT count(*) FROM household_digital_status hs JOIN households h ON h.id = hs.household_id WHERE hs.informed_on IS NOT NULL AND (v.id IS NULL OR h.village_id = v.id)) AS informed
      FROM x JOIN org_units v ON v.id = x.village_id
      GROUP BY ROLLUP ((v.id, v.name))`.execute(database.db);
    const share = (a: string, b: string) => Number(a) / Number(b);
    const commune = rows.find((r) => r.village === null)!;
    expect(share(commune.l2, commune.p16)).toBeGreaterThan(0.76);
    expect(share(commune.l2, commune.p16)).toBeLessThan(0.92);
    expect(share(commune.bank, commune.p16)).toBeGreaterThan(0.58);
    expect(share(commune.bank, commune.p16)).toBeLessThan(0.74);
    expect(share(commune.skills, commune.adults)).toBeGreaterThan(0.46);
    expect(share(commune.skills, commune.adults)).toBeLessThan(0.62);
    expect(share(commune.bdhvs, commune.adults)).toBeGreaterThan(0.32);
    expect(share(commune.bdhvs, commune.adults)).toBeLessThan(0.48);
    expect(share(commune.trained, commune.students)).toBeGreaterThan(0.75);
    expect(share(commune.informed, commune.households)).toBeGreaterThan(0.85);
    expect(share(commune.informed, commune.households)).toBeLessThan(0.96);
    const villages = rows.filter((r) => r.village !== null);
    const skills = villages.map((r) => share(r.skills, r.adults));
    expect(skills.filter((s) => s >= 0.7).length).toBeGreaterThanOrEqual(1); // ahead of the 70 % target
    expect(skills.filter((s) => s < 0.45).length).toBeGreaterThanOrEqual(3); // well behind it
  });

  it('keeps the statuses exactly what the events give (recomputing changes nothing)', async () => {
    const snapshot = () => sql`SELECT md5(string_agg(s::text, ',' ORDER BY person_id)) AS h FROM (
      SELECT person_id, vneid_level1_on, vneid_level2_on, bank_account_on, dvc_account_on, basic_skills_on, bdhvs_certified_on,
             student_training_on, cashless_payment_on, vssid_on, last_visit_on, last_reason FROM person_digital_status) s`.execute(database.db);
    const before = await snapshot();
    await sql`SELECT refresh_digital_status(array_agg(id)) FROM people`.execute(database.db);
    expect((await snapshot()).rows).toEqual(before.rows);
    const count = await sql<{ n: string }>`SELECT count(*) AS n FROM person_digital_status`.execute(database.db);
    expect(Number(count.rows[0].n)).toBe(result.people);
  });

  it('seeds the autumn reports: September all accepted, October in every state, the commune’s September and October reports sent, quarter III accepted', async () => {
    const rows = await database.db.selectFrom('reports as r').innerJoin('org_units as u', 'u.id', 'r.org_unit_id')
      .select(['r.kind', 'r.status', 'r.period_start', 'u.name', 'r.review_comment', 'r.number_value', 'r.signer_name', 'r.figures']).execute();
    const of = (kind: string, month: string) => rows.filter((r) => r.kind === kind && r.period_start === `2026-${month}-01`);
    expect(of('village_monthly', '09')).toHaveLength(16);
    expect(of('village_monthly', '09').every((r) => r.status === 'accepted')).toBe(true);
    const october = of('village_monthly', '10');
    expect(october.map((r) => r.status).sort()).toEqual(['accepted', 'accepted', 'accepted', 'draft', 'returned', 'submitted', 'submitted']);
    expect(october.find((r) => r.status === 'returned')?.review_comment).toMatch(/^Đề nghị thôn bổ sung/);
    const [commune] = of('commune_monthly', '10');
    expect(commune).toMatchObject({ status: 'sent', number_value: 38, signer_name: 'Tô Văn Trường' });
    expect(of('commune_monthly', '09')).toMatchObject([{ status: 'sent', number_value: 35 }]);
    const quarter = rows.filter((r) => r.kind === 'village_quarterly');
    expect(quarter.map((r) => [r.period_start, r.status])).toEqual(Array.from({ length: 16 }, () => ['2026-07-01', 'accepted']));
    // Frozen from the seeded data: the commune's visits in October are the villages' own.
    const figures = (commune.figures as any).figures;
    expect(figures.villages).toHaveLength(16);
    expect(figures.monthsTotal.visits).toBeGreaterThan(100);
    const events = await database.db.selectFrom('report_events').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    // September: created, submitted, accepted (16 × 3); October: 7 created, 3 × (submitted, accepted),
    // submitted + returned, 2 × submitted, one saved draft; the commune's two: created, submitted, sent;
    // quarter III: created, submitted, accepted (16 × 3).
    expect(events.n).toBe(16 * 3 + 7 + 3 * 2 + 2 + 2 + 1 + 2 * 3 + 16 * 3);
  });

  it('keeps two schools and three cooperatives with their pupils and workers, and the year\'s group sessions before today', async () => {
    const orgs = await sql<{ kind: string; name: string; people: number }>`
      SELECT o.kind, o.name, (SELECT count(*)::int FROM people p WHERE p.school_id = o.id OR p.employer_id = o.id) AS people
      FROM organizations o ORDER BY o.kind, o.name`.execute(database.db);
    expect(orgs.rows.map((o) => o.kind)).toEqual(['cooperative', 'cooperative', 'cooperative', 'school', 'school']);
    expect(orgs.rows.every((o) => o.people > 20)).toBe(true);
    const sessions = await sql<{ n: number; before: number; attendees: number; events: number }>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE session_date < ${TODAY})::int AS before,
        (SELECT count(*)::int FROM group_session_attendees) AS attendees,
        (SELECT count(*)::int FROM support_events WHERE channel = 'group_session') AS events
      FROM group_sessions`.execute(database.db);
    // Two per school, one per cooperative, the Bình dân học vụ số evening: all before 25 November.
    expect(sessions.rows[0]).toMatchObject({ n: 8, before: 8 });
    expect(sessions.rows[0].attendees).toBe(sessions.rows[0].events);
    expect(sessions.rows[0].attendees).toBeGreaterThan(250);
  });

  it('holds the year\'s plan, approved in January, with section IV as tasks: reports done when they went in, a few late', async () => {
    const plans = await database.db.selectFrom('plans').selectAll().execute();
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ year: 2026, status: 'approved', number_value: 8, issued_on: '2026-01-20', signer_name: 'Tô Văn Trường' });
    const rows = await sql<{ responsible: string; completes_with: string | null; status: string; n: number; late: number; evidence: number }>`
      SELECT t.responsible, t.completes_with, o.status, count(*)::int AS n, count(*) FILTER (WHERE o.due_on < ${TODAY} AND o.status <> 'done')::int AS late,
        count(o.evidence_kind)::int AS evidence
      FROM task_occurrences o JOIN tasks t ON t.id = o.task_id GROUP BY 1, 2, 3`.execute(database.db);
    const of = (responsible: string, status: string, completes: string | null = null) => rows.rows.find((r) => r.responsible === responsible && r.status === status && r.completes_with === completes);
    // October's village reports: the five that went in (three accepted, two waiting); the returned one under way again; nine not in and the draft: late.
    const october = await sql<{ status: string; evidence_kind: string | null }>`
      SELECT o.status, o.evidence_kind FROM task_occurrences o JOIN tasks t ON t.id = o.task_id
      WHERE t.completes_with = 'village_monthly' AND o.period_start = '2026-10-01'`.execute(database.db);
    expect(october.rows.filter((r) => r.status === 'done' && r.evidence_kind === 'report')).toHaveLength(5);
    expect(october.rows.filter((r) => r.status === 'doing' && r.evidence_kind === 'report')).toHaveLength(1);
    expect(october.rows.filter((r) => r.status === 'todo')).toHaveLength(10);
    // Earlier months went in on paper; no village's report before October is late.
    expect(of('village_head', 'done', 'village_monthly')!.n).toBe(16 * 9 + 5);
    expect(of('other_offices', 'todo')!.late).toBe(1);
    expect(of('economy_office', 'done')!.n).toBe(1);
    const history = await database.db.selectFrom('task_events').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'auto_completed').executeTakeFirstOrThrow();
    expect(history.n).toBe(16 + 6 + 2 + 16); // the returned one was completed first, then reopened
  });

  it('does nothing when the demo commune is already there', async () => {
    expect(await seedDemo(database.db, { today: '2026-12-20' })).toEqual({ households: 0, people: 0, teams: 0, events: 0 });
    const villages = await database.db.selectFrom('org_units').select('id').where('level', '=', 'village').execute();
    expect(villages).toHaveLength(16);
  });
});
