// "Anything new for this village?" in one indexed lookup, for the field app's pull (issue
// 21). Every write to what a pull sends (a village's households, people, statuses, visits,
// team, assignments; the trainings, channels and campaigns of the village or a unit above
// it; the accounts and units named in them) leaves a mark (unit, writer's transaction id)
// in the same transaction: its own row, so writers never wait on each other. A pull that
// brings its cursor (the snapshot it last read in) asks whether its village or a unit above
// has a mark its snapshot did not see. About once a second the server folds the committed
// marks into sync_unit_versions: one row per unit holding the folding transaction's id,
// which started after every mark it folds committed, so a snapshot that missed a mark also
// misses the fold (a snapshot taken in between sees a change that it had seen: one real
// pull more, never one less).
// Frozen once applied (never import live code here).
import { type Kysely, sql } from 'kysely';

/** Each table the pull reads, and the units a changed row (alias r) belongs to. */
const SOURCES: Array<[table: string, units: (rows: string) => string, updateFilter?: (o: string, n: string) => string]> = [
  ['households', (rows) => `SELECT r.village_id FROM ${rows} r`],
  ['people', (rows) => `SELECT r.village_id FROM ${rows} r`],
  ['person_digital_status', (rows) => `SELECT p.village_id FROM ${rows} r JOIN people p ON p.id = r.person_id`],
  ['household_digital_status', (rows) => `SELECT h.village_id FROM ${rows} r JOIN households h ON h.id = r.household_id`],
  ['support_events', (rows) => `SELECT r.village_id FROM ${rows} r`],
  ['household_assignments', (rows) => `SELECT h.village_id FROM ${rows} r JOIN households h ON h.id = r.household_id`],
  ['teams', (rows) => `SELECT r.village_id FROM ${rows} r`],
  ['team_members', (rows) => `SELECT t.village_id FROM ${rows} r JOIN teams t ON t.id = r.team_id`],
  ['trainings', (rows) => `SELECT r.org_unit_id FROM ${rows} r`],
  ['training_invitations', (rows) => `SELECT r.village_id FROM ${rows} r`],
  ['training_attendance', (rows) => `SELECT t.org_unit_id FROM ${rows} r JOIN trainings t ON t.id = r.training_id`],
  ['attachments', (rows) => `SELECT r.org_unit_id FROM ${rows} r`],
  ['comm_campaigns', (rows) => `SELECT r.org_unit_id FROM ${rows} r`],
  ['village_channels', (rows) => `SELECT r.village_id FROM ${rows} r`],
  // A login or a password change is no change for the phones: only what a pull shows of an account.
  ['accounts', (rows) => `SELECT r.org_unit_id FROM ${rows} r`,
    (o, n) => `SELECT o.org_unit_id FROM ${o} o JOIN ${n} n ON n.id = o.id
      WHERE (o.full_name, o.role, o.org_unit_id, o.disabled_at) IS DISTINCT FROM (n.full_name, n.role, n.org_unit_id, n.disabled_at)
      UNION SELECT n.org_unit_id FROM ${o} o JOIN ${n} n ON n.id = o.id
      WHERE (o.full_name, o.role, o.org_unit_id, o.disabled_at) IS DISTINCT FROM (n.full_name, n.role, n.org_unit_id, n.disabled_at)`],
  ['org_units', (rows) => `SELECT r.id FROM ${rows} r`],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sync_unit_versions (
      org_unit_id  integer PRIMARY KEY,
      changed_xid  xid8 NOT NULL,
      version      bigint NOT NULL DEFAULT 1
    )`.execute(db);
  await sql`INSERT INTO sync_unit_versions (org_unit_id, changed_xid) SELECT id, pg_current_xact_id() FROM org_units`.execute(db);
  await sql`
    CREATE TABLE sync_unit_marks (
      org_unit_id  integer NOT NULL,
      marked_xid   xid8 NOT NULL DEFAULT pg_current_xact_id(),
      PRIMARY KEY (org_unit_id, marked_xid)
    )`.execute(db);

  // The key holds the writer's own transaction id: marking never waits on another writer.
  await sql`
    CREATE OR REPLACE FUNCTION sync_bump(unit_ids int[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO sync_unit_marks (org_unit_id, marked_xid)
      SELECT DISTINCT u, pg_current_xact_id() FROM unnest(unit_ids) AS t(u) WHERE u IS NOT NULL
      ON CONFLICT DO NOTHING
    $$`.execute(db);

  // Statement-level with transition tables: a bulk write bumps each unit once. PostgreSQL
  // allows transition tables on single-event triggers only, hence one trigger per event.
  for (const [table, units, updateFilter] of SOURCES) {
    const fn = `sync_bump_${table}`;
    const onUpdate = updateFilter ? updateFilter('old_rows', 'new_rows') : `${units('new_rows')} UNION ${units('old_rows')}`;
    await sql`
      CREATE OR REPLACE FUNCTION ${sql.raw(fn)}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM sync_bump(ARRAY(${sql.raw(units('new_rows'))}));
        ELSIF TG_OP = 'UPDATE' THEN
          PERFORM sync_bump(ARRAY(${sql.raw(onUpdate)}));
        ELSE
          PERFORM sync_bump(ARRAY(${sql.raw(units('old_rows'))}));
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    for (const event of ['INSERT', 'UPDATE', 'DELETE'] as const) {
      const referencing = event === 'UPDATE' ? 'OLD TABLE AS old_rows NEW TABLE AS new_rows' : event === 'INSERT' ? 'NEW TABLE AS new_rows' : 'OLD TABLE AS old_rows';
      await sql`CREATE TRIGGER ${sql.raw(`${table}_sync_bump_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON ${sql.table(table)}
        REFERENCING ${sql.raw(referencing)} FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(fn)}()`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table] of SOURCES) {
    for (const event of ['insert', 'update', 'delete']) await sql`DROP TRIGGER ${sql.raw(`${table}_sync_bump_${event}`)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP FUNCTION ${sql.raw(`sync_bump_${table}`)}()`.execute(db);
  }
  await sql`DROP FUNCTION sync_bump(int[])`.execute(db);
  await sql`DROP TABLE sync_unit_marks`.execute(db);
  await sql`DROP TABLE sync_unit_versions`.execute(db);
}
