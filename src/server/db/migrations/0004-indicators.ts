// The plan's indicators: their SQL definitions (features/indicators/indicator-definitions.ts),
// the aggregates kept per village and end date, the marks that say which villages changed
// since (set by statement-level triggers in the write path), and targets per year and unit.
import { type Kysely, sql } from 'kysely';
import { ALL_DATES, createIndicatorDefinitions } from '../../features/indicators/indicator-definitions.ts';

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
  const ALL = sql.raw(`'${ALL_DATES}'::date`);

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
