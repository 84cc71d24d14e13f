// The demo seeded on two days of different years (one with this year's history alone, one
// early in a year, with last year's first): on either, the current month has visits up to
// yesterday, last month's reports are in every state, the month before's are done, the
// commune's last report was sent, and nothing is late but the villages that have not reported.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, describeEachEngine } from '../../tests/support/test-database.ts';
import { addDays } from '../shared/calendar.ts';
import { monthEnd } from '../shared/indicators.ts';
import type { ReportKind } from '../shared/reports.ts';
import { reportTiming } from '../server/features/reports/reports.builder.ts';
import { demoVillages } from './demo-accounts.ts';
import { demoYear } from './demo-year.ts';
import { seedDemo } from './seed-demo.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');
const monthStart = (m: { year: number; month: number }) => `${m.year}-${pad2(m.month)}-01`;

for (const today of ['2026-12-07', '2027-03-15']) {
  const year = demoYear(today);
  const monthOfToday = `${today.slice(0, 7)}-01`;

  describeEachEngine(`seedDemo on ${today}`, (engine) => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      await seedDemo(database.db, { today });
    }, 240_000);

    afterAll(async () => {
      await database?.destroy();
    });

    it('has visits this month up to yesterday, none from today on, and the year’s campaign peaks', async () => {
      const { rows } = await sql<{ month: string; visits: number; weekend: number }>`
        SELECT to_char(event_date, 'YYYY-MM') AS month, count(*)::int AS visits,
               count(*) FILTER (WHERE extract(isodow FROM event_date) >= 6)::int AS weekend
        FROM support_events WHERE channel = 'visit' GROUP BY 1 ORDER BY 1`.execute(database.db);
      const visits = (month: string) => rows.find((r) => r.month === month)?.visits ?? 0;
      expect(visits(today.slice(0, 7))).toBeGreaterThan(20);
      const last = await sql<{ last_day: string; last_recorded: Date; first_day: string }>`
        SELECT max(event_date)::text AS last_day, max(recorded_at) AS last_recorded, min(event_date)::text AS first_day FROM support_events`.execute(database.db);
      expect(last.rows[0].last_day).toBe(addDays(today, -1));
      expect(last.rows[0].last_recorded.getTime()).toBeLessThan(new Date(`${today}T00:00:00+07:00`).getTime());
      expect(last.rows[0].first_day >= year.start).toBe(true);
      // The teams go out at weekends mostly; March (Tháng Thanh niên) is busier than January.
      const total = rows.reduce((n, r) => n + r.visits, 0);
      expect(rows.reduce((n, r) => n + r.weekend, 0) / total).toBeGreaterThan(0.5);
      expect(visits(`${year.firstYear}-03`)).toBeGreaterThan(2 * visits(`${year.firstYear}-01`));
      // Every month of the history has visits: the dashboard's charts have no hole.
      for (let m = new Date(`${year.start.slice(0, 7)}-01T00:00:00Z`); m.toISOString() < monthOfToday; m.setUTCMonth(m.getUTCMonth() + 1)) {
        expect(visits(m.toISOString().slice(0, 7)), m.toISOString().slice(0, 7)).toBeGreaterThan(50);
      }
    });

    it('forms the teams in the January the history starts, with the changes of the year', async () => {
      const { rows } = await sql<{ formed_on: string; ended_on: string | null; active: number }>`
        SELECT t.formed_on::text AS formed_on, t.ended_on::text AS ended_on, count(m.id) FILTER (WHERE m.left_on IS NULL)::int AS active
        FROM teams t LEFT JOIN team_members m ON m.team_id = t.id GROUP BY t.id`.execute(database.db);
      const first = rows.filter((r) => r.formed_on.startsWith(`${year.firstYear}-01-`));
      expect(first).toHaveLength(16);
      expect(rows.filter((r) => r.ended_on === null).map((r) => r.active).filter((n) => n < 3 || n > 5).sort()).toEqual([2, 6]);
      const reformed = rows.filter((r) => r.ended_on !== null);
      expect(reformed).toHaveLength(1);
      expect(reformed[0].ended_on! < today).toBe(true);
    });

    it('has last month’s village reports in every state, the month before’s and last quarter’s accepted, the commune’s sent', async () => {
      const villages = await demoVillages(database.db);
      const rows = await database.db.selectFrom('reports').select(['kind', 'org_unit_id', 'period_start', 'period_end', 'status', 'review_comment', 'number_value']).execute();
      const of = (kind: ReportKind, start: string) => rows.filter((r) => r.kind === kind && r.period_start === start);
      expect(of('village_monthly', monthStart(year.monthBefore)).map((r) => r.status)).toEqual(Array(16).fill('accepted'));
      const last = of('village_monthly', monthStart(year.lastMonth));
      expect(last.map((r) => r.status).sort()).toEqual(['accepted', 'accepted', 'accepted', 'draft', 'returned', 'submitted', 'submitted']);
      // truongthon1's village (the first by name) has its report back with the office's comment.
      expect(last.find((r) => r.status === 'returned')).toMatchObject({ org_unit_id: villages[0].id, review_comment: expect.stringMatching(/^Đề nghị thôn bổ sung/) });
      const quarterStart = monthStart({ year: year.lastQuarter.year, month: 3 * year.lastQuarter.quarter - 2 });
      expect(of('village_quarterly', quarterStart).map((r) => r.status)).toEqual(Array(16).fill('accepted'));
      for (const month of [year.monthBefore, year.lastMonth]) {
        expect(of('commune_monthly', monthStart(month))).toMatchObject([{ status: 'sent', number_value: expect.any(Number) }]);
      }
    });

    it('shows as late only the villages that have not sent last month’s report, and nothing sent late', async () => {
      const rows = await sql<{ kind: ReportKind; org_unit_id: number; period_end: string; status: string; created_at: Date; reviewed_at: Date | null; first_submitted_at: Date | null }>`
        SELECT r.kind, r.org_unit_id, r.period_end::text AS period_end, r.status, r.created_at, r.reviewed_at,
               (SELECT min(e.at) FROM report_events e WHERE e.report_id = r.id AND e.action = 'submitted') AS first_submitted_at
        FROM reports r`.execute(database.db);
      const villages = await demoVillages(database.db);
      const lastEnd = monthEnd(year.lastMonth.year, year.lastMonth.month);
      const timings = rows.rows.map((r) => ({ ...r, ...reportTiming(r.kind, r.period_end, r, today) }));
      expect(timings.filter((t) => t.submittedLate)).toEqual([]);
      // Late: last month's draft (the seventh village's) once the due day (the 3rd) has passed.
      expect(timings.filter((t) => t.late).map((t) => [t.kind, t.org_unit_id, t.period_end, t.status])).toEqual([['village_monthly', villages[6].id, lastEnd, 'draft']]);
      // And the villages without a report for last month.
      const missing = villages.filter((v) => !rows.rows.some((r) => r.kind === 'village_monthly' && r.org_unit_id === v.id && r.period_end === lastEnd));
      expect(missing).toHaveLength(9);
      expect(missing.every((v) => reportTiming('village_monthly', lastEnd, undefined, today).late)).toBe(Number(today.slice(8)) > 3);
      // Every month and quarter before has all its reports (nothing from a working commune missing).
      const monthBeforeEnd = monthEnd(year.monthBefore.year, year.monthBefore.month);
      const quarterEnd = monthEnd(year.lastQuarter.year, 3 * year.lastQuarter.quarter);
      for (const [kind, end] of [['village_monthly', monthBeforeEnd], ['village_quarterly', quarterEnd]] as const) {
        expect(villages.filter((v) => !rows.rows.some((r) => r.kind === kind && r.org_unit_id === v.id && r.period_end === end))).toEqual([]);
      }
    });

    it('has figures of a commune a year into the programme', async () => {
      const { rows } = await sql<{ p16: number; l2: number; adults: number; skills: number; households: number; informed: number }>`
        WITH x AS (SELECT s.*, age(${today}::date, coalesce(p.birth_date, make_date(p.birth_year, 1, 1))) AS age
                   FROM people p LEFT JOIN person_digital_status s ON s.person_id = p.id)
        SELECT count(*) FILTER (WHERE age >= interval '16 years')::int AS p16,
               count(*) FILTER (WHERE age >= interval '16 years' AND vneid_level2_on < ${today}::date)::int AS l2,
               count(*) FILTER (WHERE age >= interval '18 years')::int AS adults,
               count(*) FILTER (WHERE age >= interval '18 years' AND basic_skills_on < ${today}::date)::int AS skills,
               (SELECT count(*) FROM households)::int AS households,
               (SELECT count(*) FROM household_digital_status WHERE informed_on IS NOT NULL)::int AS informed
        FROM x`.execute(database.db);
      const r = rows[0];
      expect(r.l2 / r.p16).toBeGreaterThan(0.7);
      expect(r.l2 / r.p16).toBeLessThan(0.92);
      expect(r.skills / r.adults).toBeGreaterThan(0.42);
      expect(r.informed / r.households).toBeGreaterThan(0.8);
    });

    it('has the indicator figures stored for today already, so the first dashboard is not computed live', async () => {
      const stored = await sql<{ villages: number; marks: number }>`
        SELECT (SELECT count(DISTINCT village_id) FROM indicator_aggregates WHERE period_end = ${today}::date)::int AS villages,
               (SELECT count(*) FROM indicator_dirty_villages)::int AS marks`.execute(database.db);
      expect(stored.rows[0]).toEqual({ villages: 16, marks: 0 });
    });
  });
}
