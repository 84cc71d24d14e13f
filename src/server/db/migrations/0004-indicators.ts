// The plan's indicators: their SQL definitions (written out below, as they were; frozen),
// the aggregates kept per village and end date, the marks that say which villages changed
// since (set by statement-level triggers in the write path), and targets per year and unit.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await createIndicatorDefinitions(db);
  // HGD asks whether a household had an assigned member on an end date.
  await sql`CREATE INDEX household_assignments_household ON household_assignments (household_id, from_date)`.execute(db);

  // indicator_values() per village and end date (every month end since the plan began, and
  // today). Reads are by end date(s) and a set of villages; rewrites are by village.
  await sql`
    CREATE TABLE indicator_aggregates (
      village_id   integer NOT NULL REFERENCES org_units(id),
      period_end   date NOT NULL,
      code         text NOT NULL,
      numerator    integer NOT NULL,
      denominator  integer NOT NULL,
      extra        integer NOT NULL,
      computed_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (period_end, village_id, code)
    )`.execute(db);
  await sql`CREATE INDEX indicator_aggregates_village ON indicator_aggregates (village_id)`.execute(db);

  // Each commune's and province's sum of its children's rows, rewritten with them: the
  // province's dashboard reads its own row per end and its 124 communes', not 2,012 villages.
  // The villages summed (count and sum of ids) are kept, so a reader notices a village moved,
  // added or removed since and sums the villages instead (the worker then rewrites the unit).
  await sql`
    CREATE TABLE indicator_unit_aggregates (
      org_unit_id      integer NOT NULL REFERENCES org_units(id),
      period_end       date NOT NULL,
      code             text NOT NULL,
      numerator        integer NOT NULL,
      denominator      integer NOT NULL,
      extra            integer NOT NULL,
      villages         integer NOT NULL,
      village_ids_sum  bigint NOT NULL,
      computed_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (period_end, org_unit_id, code)
    )`.execute(db);
  await sql`CREATE INDEX indicator_unit_aggregates_unit ON indicator_unit_aggregates (org_unit_id)`.execute(db);

  await sql`
    CREATE TABLE indicator_support_counts (
      village_id   integer NOT NULL REFERENCES org_units(id),
      month        date NOT NULL,
      visits       integer NOT NULL,
      people       integer NOT NULL,
      people_qtd   integer NOT NULL,
      people_ytd   integer NOT NULL,
      procedures   integer NOT NULL,
      apps         integer NOT NULL,
      computed_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (month, village_id)
    )`.execute(db);
  await sql`CREATE INDEX indicator_support_counts_village ON indicator_support_counts (village_id)`.execute(db);

  // One mark per village and writing transaction, with the earliest date whose figures the
  // change can move (a visit recorded today changes only today's figures; a birth date, all).
  // The worker deletes exactly the marks it read (committed ones, whose changes its recompute
  // sees); a transaction still open when it read keeps its own row, so no change is left out.
  await sql`
    CREATE TABLE indicator_dirty_villages (
      village_id  integer NOT NULL,
      marked_xid  xid8 NOT NULL DEFAULT pg_current_xact_id(),
      since       date NOT NULL,
      marked_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (village_id, marked_xid)
    )`.execute(db);

  // The key holds the writer's own transaction id: marking never waits on another writer.
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark(village_ids int[], sinces date[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO indicator_dirty_villages AS d (village_id, marked_xid, since)
      SELECT m.village_id, pg_current_xact_id(), min(m.since)
      FROM unnest(village_ids, sinces) AS m(village_id, since)
      WHERE m.village_id IS NOT NULL AND m.since IS NOT NULL
      GROUP BY m.village_id
      ON CONFLICT (village_id, marked_xid) DO UPDATE SET since = least(d.since, excluded.since)
    $$`.execute(db);

  // "All dates": a change of what a person or household is (birth, flags, village), not of when.
  const ALL = sql.raw(`'1900-01-01'::date`);

  // A residence counts from from_date until to_date: a change moves the figures from the
  // earliest of the dates it touched, in the old and the new village.
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_residences() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        PERFORM indicators_mark(array_agg(c.village_id), array_agg(c.since)) FROM (
          SELECT o.village_id, least(o.from_date, n.from_date, o.to_date, n.to_date) AS since FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.village_id, o.household_id, o.from_date, o.to_date) IS DISTINCT FROM (n.village_id, n.household_id, n.from_date, n.to_date)
          UNION ALL
          SELECT n.village_id, least(o.from_date, n.from_date, o.to_date, n.to_date) FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.village_id, o.household_id, o.from_date, o.to_date) IS DISTINCT FROM (n.village_id, n.household_id, n.from_date, n.to_date)) c;
      ELSE
        PERFORM indicators_mark(array_agg(village_id), array_agg(from_date)) FROM changed_rows;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  // A household counts through its residents (their residences mark); what it is — its village,
  // "no capable member" — counts at every date.
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_households() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        PERFORM indicators_mark(array_agg(c.village_id), array_agg(${ALL})) FROM (
          SELECT o.village_id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.village_id, o.no_capable_member) IS DISTINCT FROM (n.village_id, n.no_capable_member)
          UNION
          SELECT n.village_id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.village_id, o.no_capable_member) IS DISTINCT FROM (n.village_id, n.no_capable_member)) c;
      ELSE
        PERFORM indicators_mark(array_agg(DISTINCT village_id), array_agg(${ALL})) FROM changed_rows;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  // A person's birth, flags and CCCD count at every date in every village they ever lived in.
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_people() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM indicators_mark(array_agg(c.village_id), array_agg(${ALL})) FROM (
        SELECT DISTINCT r.village_id FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN residences r ON r.person_id = n.id
        WHERE (o.birth_date, o.birth_year, o.is_student, o.is_worker, o.cccd) IS DISTINCT FROM (n.birth_date, n.birth_year, n.is_student, n.is_worker, n.cccd)) c;
      RETURN NULL;
    END $$`.execute(db);
  // A status item moves the figures from the earlier of its old and new date, wherever the
  // person lived (a late correction of an old event changes a past month end of the village
  // they lived in then).
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_person_status() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM indicators_mark(array_agg(r.village_id), array_agg(c.since)) FROM (
          SELECT n.person_id, least(n.vneid_level1_on, n.vneid_level2_on, n.bank_account_on, n.dvc_account_on, n.basic_skills_on,
            n.bdhvs_certified_on, n.student_training_on) AS since FROM changed_rows n) c
        JOIN residences r ON r.person_id = c.person_id;
      ELSE
        PERFORM indicators_mark(array_agg(r.village_id), array_agg(c.since)) FROM (
          SELECT n.person_id, least(
            CASE WHEN o.vneid_level1_on IS DISTINCT FROM n.vneid_level1_on THEN least(o.vneid_level1_on, n.vneid_level1_on) END,
            CASE WHEN o.vneid_level2_on IS DISTINCT FROM n.vneid_level2_on THEN least(o.vneid_level2_on, n.vneid_level2_on) END,
            CASE WHEN o.bank_account_on IS DISTINCT FROM n.bank_account_on THEN least(o.bank_account_on, n.bank_account_on) END,
            CASE WHEN o.dvc_account_on IS DISTINCT FROM n.dvc_account_on THEN least(o.dvc_account_on, n.dvc_account_on) END,
            CASE WHEN o.basic_skills_on IS DISTINCT FROM n.basic_skills_on THEN least(o.basic_skills_on, n.basic_skills_on) END,
            CASE WHEN o.bdhvs_certified_on IS DISTINCT FROM n.bdhvs_certified_on THEN least(o.bdhvs_certified_on, n.bdhvs_certified_on) END,
            CASE WHEN o.student_training_on IS DISTINCT FROM n.student_training_on THEN least(o.student_training_on, n.student_training_on) END
          ) AS since
          FROM old_rows o JOIN new_rows n ON n.person_id = o.person_id) c
        JOIN residences r ON r.person_id = c.person_id;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_household_status() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM indicators_mark(array_agg(h.village_id), array_agg(n.informed_on)) FROM changed_rows n JOIN households h ON h.id = n.household_id;
      ELSE
        PERFORM indicators_mark(array_agg(h.village_id), array_agg(least(o.informed_on, n.informed_on)))
        FROM old_rows o JOIN new_rows n ON n.household_id = o.household_id JOIN households h ON h.id = n.household_id
        WHERE o.informed_on IS DISTINCT FROM n.informed_on;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        PERFORM indicators_mark(array_agg(h.village_id), array_agg(least(o.from_date, n.from_date, o.to_date, n.to_date)))
        FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN households h ON h.id = n.household_id;
      ELSE
        PERFORM indicators_mark(array_agg(h.village_id), array_agg(least(c.from_date, c.to_date)))
        FROM changed_rows c JOIN households h ON h.id = c.household_id;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  // A visit counts in its month's counts; a correction also takes back the event it replaces,
  // from that event's date.
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_support_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM indicators_mark(array_agg(n.village_id), array_agg(least(n.event_date, c.event_date)))
      FROM changed_rows n LEFT JOIN support_events c ON c.id = n.corrects_event_id;
      RETURN NULL;
    END $$`.execute(db);

  // A new village, or one moved to another commune: computed (and summed above) at once.
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_org_units() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM indicators_mark(array_agg(id), array_agg(${ALL})) FROM changed_rows WHERE level = 'village';
      ELSE
        PERFORM indicators_mark(array_agg(n.id), array_agg(${ALL})) FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE n.level = 'village' AND (o.parent_id, o.path, o.level) IS DISTINCT FROM (n.parent_id, n.path, n.level);
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  // Statement-level: a bulk write (an import, a sync batch's statement) marks each village once.
  // PostgreSQL allows transition tables on single-event triggers only, hence one per event.
  const triggers: Array<[table: string, events: Array<'INSERT' | 'UPDATE' | 'DELETE'>, fn: string]> = [
    ['residences', ['INSERT', 'UPDATE', 'DELETE'], 'indicators_mark_residences'],
    ['households', ['INSERT', 'UPDATE', 'DELETE'], 'indicators_mark_households'],
    ['people', ['UPDATE'], 'indicators_mark_people'],
    ['person_digital_status', ['INSERT', 'UPDATE'], 'indicators_mark_person_status'],
    ['household_digital_status', ['INSERT', 'UPDATE'], 'indicators_mark_household_status'],
    ['household_assignments', ['INSERT', 'UPDATE', 'DELETE'], 'indicators_mark_assignments'],
    ['support_events', ['INSERT'], 'indicators_mark_support_events'],
    ['org_units', ['INSERT', 'UPDATE'], 'indicators_mark_org_units'],
  ];
  for (const [table, events, fn] of triggers) {
    for (const event of events) {
      const referencing = event === 'UPDATE' ? 'OLD TABLE AS old_rows NEW TABLE AS new_rows' : event === 'INSERT' ? 'NEW TABLE AS changed_rows' : 'OLD TABLE AS changed_rows';
      await sql`CREATE TRIGGER ${sql.raw(`${table}_indicators_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON ${sql.table(table)}
        REFERENCING ${sql.raw(referencing)} FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(fn)}()`.execute(db);
    }
  }

  // Targets per year and org unit; the nearest one set on the unit or above applies, else the
  // plan's default (shared/indicators.ts).
  await sql`
    CREATE TABLE indicator_targets (
      year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      org_unit_id     integer NOT NULL REFERENCES org_units(id),
      code            text NOT NULL,
      target_percent  numeric(5, 2) NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
      set_by          uuid REFERENCES accounts(id),
      set_at          timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (year, org_unit_id, code)
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migration 0004 cannot be reverted');
}

/**
 * The indicator functions as this migration created them, copied here from the live module of
 * the time (codes POP + INDICATOR_CODES, app installs = APP_INSTALL_ACTIONS, written out), so
 * the migration never changes when the code does. A later change of a definition is a new
 * migration that replaces the functions.
 */
async function createIndicatorDefinitions(db: Kysely<any>): Promise<void> {
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
      CROSS JOIN unnest(ARRAY['POP', 'HS', 'KNS', 'BDHVS', 'LD', 'TT', 'DD', 'NH', 'HGD']::text[]) AS k(code)
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
          (count(*) FILTER (WHERE a.action = ANY (ARRAY['install_vneid', 'open_bank_account', 'install_vssid', 'install_other_app']::text[]) AND a.outcome = 'done'))::int AS apps
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
