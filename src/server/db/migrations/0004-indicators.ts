// The plan's indicators: their SQL definitions (features/indicators/indicator-definitions.ts),
// the aggregates kept per village and end date, the marks that say which villages changed
// since (set by statement-level triggers in the write path), and targets per year and unit.
import { type Kysely, sql } from 'kysely';
import { createIndicatorDefinitions } from '../../features/indicators/indicator-definitions.ts';

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

  // One mark per village and writing transaction. The worker deletes exactly the marks it read
  // (committed ones, whose changes its recompute sees); a transaction still open when it read
  // keeps its own row, so no change is ever left out of the figures.
  await sql`
    CREATE TABLE indicator_dirty_villages (
      village_id  integer NOT NULL,
      marked_xid  xid8 NOT NULL DEFAULT pg_current_xact_id(),
      marked_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (village_id, marked_xid)
    )`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark(village_ids int[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO indicator_dirty_villages (village_id, marked_xid)
      SELECT DISTINCT v, pg_current_xact_id() FROM unnest(village_ids) v WHERE v IS NOT NULL
      ON CONFLICT DO NOTHING
    $$`.execute(db);

  // Rows that carry their village (residences, households, support events): inserted or
  // deleted rows mark it; an update marks the old and the new village.
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM indicators_mark(ARRAY(SELECT DISTINCT village_id FROM changed_rows));
      RETURN NULL;
    END $$`.execute(db);
  // Residences change only to end (to_date) or by an import's undo; a household matters when
  // its village or "no capable member" changes (its assignments have their own trigger).
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_residences_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM indicators_mark(ARRAY(
        SELECT o.village_id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.village_id, o.household_id, o.from_date, o.to_date) IS DISTINCT FROM (n.village_id, n.household_id, n.from_date, n.to_date)
        UNION
        SELECT n.village_id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.village_id, o.household_id, o.from_date, o.to_date) IS DISTINCT FROM (n.village_id, n.household_id, n.from_date, n.to_date)));
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_households_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM indicators_mark(ARRAY(
        SELECT o.village_id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.village_id, o.no_capable_member) IS DISTINCT FROM (n.village_id, n.no_capable_member)
        UNION
        SELECT n.village_id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.village_id, o.no_capable_member) IS DISTINCT FROM (n.village_id, n.no_capable_member)));
      RETURN NULL;
    END $$`.execute(db);
  // A person's birth, flags and CCCD count in every village they ever lived in (past month
  // ends included): mark the villages of all their residences.
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_people_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM indicators_mark(ARRAY(
        SELECT DISTINCT r.village_id FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN residences r ON r.person_id = n.id
        WHERE (o.birth_date, o.birth_year, o.is_student, o.is_worker, o.cccd) IS DISTINCT FROM (n.birth_date, n.birth_year, n.is_student, n.is_worker, n.cccd)));
      RETURN NULL;
    END $$`.execute(db);
  // A status change counts wherever the person lived (an old event corrected late changes a
  // past month end of the village they lived in then).
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_person_status() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM indicators_mark(ARRAY(SELECT DISTINCT r.village_id FROM changed_rows n JOIN residences r ON r.person_id = n.person_id));
      ELSE
        PERFORM indicators_mark(ARRAY(
          SELECT DISTINCT r.village_id FROM old_rows o JOIN new_rows n ON n.person_id = o.person_id
          JOIN residences r ON r.person_id = n.person_id
          WHERE (o.vneid_level1_on, o.vneid_level2_on, o.bank_account_on, o.dvc_account_on, o.basic_skills_on, o.bdhvs_certified_on, o.student_training_on)
            IS DISTINCT FROM (n.vneid_level1_on, n.vneid_level2_on, n.bank_account_on, n.dvc_account_on, n.basic_skills_on, n.bdhvs_certified_on, n.student_training_on)));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_household_status() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM indicators_mark(ARRAY(SELECT DISTINCT h.village_id FROM changed_rows n JOIN households h ON h.id = n.household_id));
      ELSE
        PERFORM indicators_mark(ARRAY(
          SELECT DISTINCT h.village_id FROM old_rows o JOIN new_rows n ON n.household_id = o.household_id
          JOIN households h ON h.id = n.household_id
          WHERE o.informed_on IS DISTINCT FROM n.informed_on));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION indicators_mark_assignments() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM indicators_mark(ARRAY(SELECT DISTINCT h.village_id FROM changed_rows c JOIN households h ON h.id = c.household_id));
      RETURN NULL;
    END $$`.execute(db);

  // Statement-level: a bulk write (an import, a sync batch's statement) marks each village once.
  // PostgreSQL allows transition tables on single-event triggers only, hence one per event.
  const triggers: Array<[table: string, event: 'INSERT' | 'UPDATE' | 'DELETE', fn: string]> = [
    ['residences', 'INSERT', 'indicators_mark_rows'],
    ['residences', 'DELETE', 'indicators_mark_rows'],
    ['residences', 'UPDATE', 'indicators_mark_residences_update'],
    ['households', 'INSERT', 'indicators_mark_rows'],
    ['households', 'DELETE', 'indicators_mark_rows'],
    ['households', 'UPDATE', 'indicators_mark_households_update'],
    ['people', 'UPDATE', 'indicators_mark_people_update'],
    ['person_digital_status', 'INSERT', 'indicators_mark_person_status'],
    ['person_digital_status', 'UPDATE', 'indicators_mark_person_status'],
    ['household_digital_status', 'INSERT', 'indicators_mark_household_status'],
    ['household_digital_status', 'UPDATE', 'indicators_mark_household_status'],
    ['household_assignments', 'INSERT', 'indicators_mark_assignments'],
    ['household_assignments', 'UPDATE', 'indicators_mark_assignments'],
    ['household_assignments', 'DELETE', 'indicators_mark_assignments'],
    ['support_events', 'INSERT', 'indicators_mark_rows'],
  ];
  for (const [table, event, fn] of triggers) {
    const referencing = event === 'UPDATE' ? 'OLD TABLE AS old_rows NEW TABLE AS new_rows' : event === 'INSERT' ? 'NEW TABLE AS changed_rows' : 'OLD TABLE AS changed_rows';
    // UPDATE triggers on assignments read the new rows only (the household never changes).
    const ref = table === 'household_assignments' && event === 'UPDATE' ? 'NEW TABLE AS changed_rows' : referencing;
    await sql`CREATE TRIGGER ${sql.raw(`${table}_indicators_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON ${sql.table(table)}
      REFERENCING ${sql.raw(ref)} FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(fn)}()`.execute(db);
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
