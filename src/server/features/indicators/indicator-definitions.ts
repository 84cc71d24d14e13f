// The plan's indicators (domain.md "Targets"), written once, as SQL functions in the database.
// Every consumer reads them from here: the aggregates the worker keeps, the from-scratch
// rebuild and its verification, the drill-down lists and the API. Changing a definition is a
// new migration that calls createIndicatorDefinitions() again, then `indicators:rebuild`.
//
//   indicator_residents(villages, ends)   who lived in the villages at each end date
//   indicator_people(villages, ends)      each resident × each person indicator counting them
//   indicator_households(villages, ends)  each household with a resident × TT / HGD
//   indicator_values(villages, ends)      numerator / denominator / extra per village × end × code
//   support_counts(villages, months)      visits, people supported, procedures, apps by month
import { type Kysely, sql } from 'kysely';
import { INDICATOR_CODES } from '../../../shared/indicators.ts';
import { APP_INSTALL_ACTIONS } from '../../../shared/support.ts';

/**
 * Residents, counted with the indicators but not one of them: POP's denominator is the
 * population, its numerator those with a CCCD (the home page's figures).
 */
export const POPULATION_CODE = 'POP';
export const AGGREGATE_CODES = [POPULATION_CODE, ...INDICATOR_CODES] as const;

/** A change mark's "since" when every date's figures may move (before any stored end). */
export const ALL_DATES = '1900-01-01';

const textArray = (items: readonly string[]) => sql.raw(`ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ')}]::text[]`);

export async function createIndicatorDefinitions(db: Kysely<any>): Promise<void> {
  // A person counts at an end date when a residence of theirs is open at it. Residences are
  // half-open [from_date, to_date): a move on D closes the old one with to_date = D and opens
  // the next with from_date = D, so on D the person is in the new household only; a move-out
  // or death on D ends the residence on D and the person no longer counts from D on.
  await sql`
    CREATE OR REPLACE FUNCTION indicator_residents(village_ids int[], period_ends date[])
    RETURNS TABLE (village_id int, period_end date, person_id uuid, household_id uuid)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT r.village_id, e.period_end, r.person_id, r.household_id
      FROM (SELECT DISTINCT unnest(period_ends) AS period_end) e
      JOIN residences r ON r.village_id = ANY (village_ids)
        AND r.from_date <= e.period_end
        AND (r.to_date IS NULL OR r.to_date > e.period_end)
    $$`.execute(db);

  // Ages at the end date; a year-only birth counts as 1 January. Turning 16 on the end date
  // counts (born on or before end − 16 years). A status item counts when the date it became
  // true (person_digital_status, rebuilt from the effective events: corrections applied) is
  // on or before the end. One row per person and indicator whose denominator holds them.
  // (Facts once per person and end, then one branch per code: a filter on code prunes the
  // other branches, and it is four times faster than a LATERAL VALUES per row.)
  await sql`
    CREATE OR REPLACE FUNCTION indicator_people(village_ids int[], period_ends date[])
    RETURNS TABLE (village_id int, period_end date, person_id uuid, household_id uuid, code text, reached boolean, extra boolean)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      WITH f AS (
        SELECT r.village_id, r.period_end, r.person_id, r.household_id, p.is_student, p.is_worker,
          p.cccd IS NOT NULL AS has_cccd,
          coalesce(p.birth_date, make_date(p.birth_year, 1, 1)) <= (r.period_end - interval '18 years')::date AS adult,
          coalesce(p.birth_date, make_date(p.birth_year, 1, 1)) <= (r.period_end - interval '16 years')::date AS age16,
          coalesce(s.student_training_on <= r.period_end, false) AS student_training,
          coalesce(s.basic_skills_on <= r.period_end, false) AS basic_skills,
          coalesce(s.bdhvs_certified_on <= r.period_end, false) AS bdhvs_certified,
          coalesce(s.vneid_level1_on <= r.period_end, false) AS vneid1,
          coalesce(s.vneid_level2_on <= r.period_end, false) AS vneid2,
          coalesce(s.bank_account_on <= r.period_end, false) AS bank_account
        FROM indicator_residents(village_ids, period_ends) r
        JOIN people p ON p.id = r.person_id
        LEFT JOIN person_digital_status s ON s.person_id = r.person_id
      )
      -- code     counted in the denominator    reached (numerator)   extra
      SELECT f.village_id, f.period_end, f.person_id, f.household_id, 'POP'::text, f.has_cccd, false FROM f
      UNION ALL SELECT f.village_id, f.period_end, f.person_id, f.household_id, 'HS', f.student_training, false FROM f WHERE f.is_student
      UNION ALL SELECT f.village_id, f.period_end, f.person_id, f.household_id, 'KNS', f.basic_skills, false FROM f WHERE f.adult
      UNION ALL SELECT f.village_id, f.period_end, f.person_id, f.household_id, 'BDHVS', f.bdhvs_certified, false FROM f WHERE f.adult
      UNION ALL SELECT f.village_id, f.period_end, f.person_id, f.household_id, 'LD', f.basic_skills, false FROM f WHERE f.is_worker
      -- DD's extra: a VNeID account at level 1 only (level 2 is the numerator).
      UNION ALL SELECT f.village_id, f.period_end, f.person_id, f.household_id, 'DD', f.vneid2, f.vneid1 AND NOT f.vneid2 FROM f WHERE f.age16
      UNION ALL SELECT f.village_id, f.period_end, f.person_id, f.household_id, 'NH', f.bank_account, false FROM f WHERE f.age16
    $$`.execute(db);

  // A household counts at an end date when at least one person lives in it then. HGD: one
  // resident member has basic skills, a VNeID account (level 1 or 2) and a DVC account; a
  // household with no capable member counts as covered (extra) when a team member is assigned
  // to it at the end date (household_assignments, half-open like residences).
  await sql`
    CREATE OR REPLACE FUNCTION indicator_households(village_ids int[], period_ends date[])
    RETURNS TABLE (village_id int, period_end date, household_id uuid, code text, reached boolean, extra boolean)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      WITH members AS (
        -- Joined per resident (by primary key) before grouping: the planner then never reads
        -- the whole households table for one village.
        SELECT r.village_id, r.period_end, r.household_id, h.no_capable_member,
          coalesce(hs.informed_on <= r.period_end, false) AS informed,
          bool_or(coalesce(s.basic_skills_on <= r.period_end AND s.vneid_level1_on <= r.period_end
            AND s.dvc_account_on <= r.period_end, false)) AS capable
        FROM indicator_residents(village_ids, period_ends) r
        JOIN households h ON h.id = r.household_id
        LEFT JOIN household_digital_status hs ON hs.household_id = r.household_id
        LEFT JOIN person_digital_status s ON s.person_id = r.person_id
        GROUP BY r.village_id, r.period_end, r.household_id, h.no_capable_member, hs.informed_on
      ),
      facts AS (
        SELECT m.village_id, m.period_end, m.household_id, m.informed, m.capable,
          NOT m.capable AND m.no_capable_member AND EXISTS (
            SELECT 1 FROM household_assignments a
            WHERE a.household_id = m.household_id AND a.from_date <= m.period_end
              AND (a.to_date IS NULL OR a.to_date > m.period_end)) AS covered
        FROM members m
      )
      SELECT f.village_id, f.period_end, f.household_id, 'TT'::text, f.informed, false FROM facts f
      -- HGD's extra: counted because covered by an assigned member, not by a capable member.
      UNION ALL SELECT f.village_id, f.period_end, f.household_id, 'HGD', f.capable OR f.covered, f.covered FROM facts f
    $$`.execute(db);

  // Every village × end × code, zeros included, so a stored row says "computed" even for an
  // empty village. HGD's numerator includes the covered households; extra says how many.
  await sql`
    CREATE OR REPLACE FUNCTION indicator_values(village_ids int[], period_ends date[])
    RETURNS TABLE (village_id int, period_end date, code text, numerator int, denominator int, extra int)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      WITH counted AS (
        SELECT x.village_id, x.period_end, x.code, x.reached, x.extra FROM indicator_people(village_ids, period_ends) x
        UNION ALL
        SELECT y.village_id, y.period_end, y.code, y.reached, y.extra FROM indicator_households(village_ids, period_ends) y
      ),
      sums AS (
        SELECT c.village_id, c.period_end, c.code,
          (count(*) FILTER (WHERE c.reached))::int AS numerator, count(*)::int AS denominator,
          (count(*) FILTER (WHERE c.extra))::int AS extra
        FROM counted c GROUP BY c.village_id, c.period_end, c.code
      )
      SELECT v.id, e.period_end, k.code, coalesce(s.numerator, 0), coalesce(s.denominator, 0), coalesce(s.extra, 0)
      FROM org_units v
      CROSS JOIN (SELECT DISTINCT unnest(period_ends) AS period_end) e
      CROSS JOIN unnest(${textArray(AGGREGATE_CODES)}) AS k(code)
      LEFT JOIN sums s ON s.village_id = v.id AND s.period_end = e.period_end AND s.code = k.code
      WHERE v.id = ANY (village_ids) AND v.level = 'village'
    $$`.execute(db);

  // Counts with no ratio, by the village where the support was given and the month: effective
  // events (not replaced by a correction) are visits; people supported are the distinct people
  // an effective event did something for (in the month, and from the start of its quarter and
  // year to the month's end, since a person helped in two months is one person in the quarter);
  // procedures are submit_procedure done; apps are the app-installing actions done.
  await sql`
    CREATE OR REPLACE FUNCTION support_counts(village_ids int[], months date[])
    RETURNS TABLE (village_id int, month date, visits int, people int, people_qtd int, people_ytd int, procedures int, apps int)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      WITH wanted AS (SELECT DISTINCT date_trunc('month', m)::date AS month FROM unnest(months) m),
      bounds AS (SELECT date_trunc('year', min(month))::date AS first_month, max(month) AS last_month FROM wanted),
      grid AS (
        SELECT v.id AS village_id, g::date AS month
        FROM org_units v, bounds b, generate_series(b.first_month, b.last_month, interval '1 month') g
        WHERE v.id = ANY (village_ids) AND v.level = 'village'
      ),
      effective AS (
        SELECT e.id, e.village_id, date_trunc('month', e.event_date)::date AS month
        FROM support_events e, bounds b
        WHERE e.village_id = ANY (village_ids)
          AND e.event_date >= b.first_month AND e.event_date < b.last_month + interval '1 month'
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      ),
      visits AS (SELECT e.village_id, e.month, count(*)::int AS n FROM effective e GROUP BY 1, 2),
      actions AS (
        SELECT e.village_id, e.month,
          (count(*) FILTER (WHERE a.action = 'submit_procedure' AND a.outcome = 'done'))::int AS procedures,
          (count(*) FILTER (WHERE a.action = ANY (${textArray(APP_INSTALL_ACTIONS)}) AND a.outcome = 'done'))::int AS apps
        FROM effective e JOIN support_actions a ON a.event_id = e.id GROUP BY 1, 2
      ),
      helped AS (SELECT DISTINCT e.village_id, e.month, a.person_id FROM effective e JOIN support_actions a ON a.event_id = e.id),
      people_month AS (SELECT village_id, month, count(*)::int AS n FROM helped GROUP BY 1, 2),
      -- The month a person was first helped in each quarter / year: the running count of those.
      first_in_quarter AS (
        SELECT village_id, first_month AS month, count(*)::int AS n FROM (
          SELECT village_id, person_id, min(month) AS first_month FROM helped GROUP BY village_id, person_id, date_trunc('quarter', month)
        ) f GROUP BY 1, 2
      ),
      first_in_year AS (
        SELECT village_id, first_month AS month, count(*)::int AS n FROM (
          SELECT village_id, person_id, min(month) AS first_month FROM helped GROUP BY village_id, person_id, date_trunc('year', month)
        ) f GROUP BY 1, 2
      ),
      counted AS (
        SELECT g.village_id, g.month, coalesce(v.n, 0) AS visits, coalesce(pm.n, 0) AS people,
          (sum(coalesce(fq.n, 0)) OVER (PARTITION BY g.village_id, date_trunc('quarter', g.month) ORDER BY g.month))::int AS people_qtd,
          (sum(coalesce(fy.n, 0)) OVER (PARTITION BY g.village_id, date_trunc('year', g.month) ORDER BY g.month))::int AS people_ytd,
          coalesce(a.procedures, 0) AS procedures, coalesce(a.apps, 0) AS apps
        FROM grid g
        LEFT JOIN visits v ON v.village_id = g.village_id AND v.month = g.month
        LEFT JOIN people_month pm ON pm.village_id = g.village_id AND pm.month = g.month
        LEFT JOIN first_in_quarter fq ON fq.village_id = g.village_id AND fq.month = g.month
        LEFT JOIN first_in_year fy ON fy.village_id = g.village_id AND fy.month = g.month
        LEFT JOIN actions a ON a.village_id = g.village_id AND a.month = g.month
      )
      SELECT c.village_id, c.month, c.visits, c.people, c.people_qtd, c.people_ytd, c.procedures, c.apps
      FROM counted c WHERE c.month IN (SELECT month FROM wanted)
    $$`.execute(db);
}
