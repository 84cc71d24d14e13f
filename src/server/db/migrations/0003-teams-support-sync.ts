// Teams (Tổ CNSCĐ) with their history, households assigned to members, append-only support
// events and the digital status derived from them, and what the field app's sync needs:
// a change marker (sync_xid) on what phones pull, removals, and the mutations already applied.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A team is "kiện toàn" (re-formed) by ending it and forming a new one: history stays.
  await sql`
    CREATE TABLE teams (
      id               uuid PRIMARY KEY,
      village_id       integer NOT NULL REFERENCES org_units(id),
      name             text NOT NULL CHECK (length(trim(name)) > 0),
      decision_number  text,
      decision_date    date,
      formed_on        date NOT NULL,
      ended_on         date,
      note             text,
      version          integer NOT NULL DEFAULT 1,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      CHECK (ended_on IS NULL OR ended_on >= formed_on)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX teams_one_active_per_village ON teams (village_id) WHERE ended_on IS NULL`.execute(db);
  await sql`CREATE INDEX teams_village ON teams (village_id, formed_on)`.execute(db);

  await sql`
    CREATE TABLE team_members (
      id           uuid PRIMARY KEY,
      team_id      uuid NOT NULL REFERENCES teams(id),
      full_name    text NOT NULL CHECK (length(trim(full_name)) > 0),
      person_id    uuid REFERENCES people(id),
      account_id   uuid REFERENCES accounts(id),
      phone        text,
      team_role    text NOT NULL CHECK (team_role IN ('leader', 'deputy', 'member')),
      affiliation  text NOT NULL CHECK (affiliation IN ('youth_union', 'party_member', 'farmers_union', 'women_union', 'resident')),
      joined_on    date NOT NULL,
      left_on      date,
      left_reason  text,
      version      integer NOT NULL DEFAULT 1,
      created_at   timestamptz NOT NULL DEFAULT now(),
      updated_at   timestamptz NOT NULL DEFAULT now(),
      CHECK (left_on IS NULL OR left_on >= joined_on)
    )`.execute(db);
  await sql`CREATE INDEX team_members_team ON team_members (team_id)`.execute(db);
  // An account is an active member of at most one team: its scope must be unambiguous.
  await sql`CREATE UNIQUE INDEX team_members_account_active ON team_members (account_id) WHERE left_on IS NULL AND account_id IS NOT NULL`.execute(db);

  // Which member looks after which household; the open row is also kept on the household
  // (assigned_member_id) so lists and the phone read it without a join.
  await sql`
    CREATE TABLE household_assignments (
      id            uuid PRIMARY KEY,
      household_id  uuid NOT NULL REFERENCES households(id),
      member_id     uuid NOT NULL REFERENCES team_members(id),
      from_date     date NOT NULL,
      to_date       date,
      assigned_by   uuid REFERENCES accounts(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      CHECK (to_date IS NULL OR to_date >= from_date)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX household_assignments_one_open ON household_assignments (household_id) WHERE to_date IS NULL`.execute(db);
  await sql`CREATE INDEX household_assignments_member ON household_assignments (member_id) WHERE to_date IS NULL`.execute(db);
  await sql`ALTER TABLE households ADD COLUMN assigned_member_id uuid REFERENCES team_members(id)`.execute(db);
  await sql`CREATE INDEX households_assigned_member ON households (assigned_member_id) WHERE assigned_member_id IS NOT NULL`.execute(db);

  // Edited from the phone ("không có điện thoại thông minh"): null = not known yet.
  await sql`ALTER TABLE people ADD COLUMN has_smartphone boolean`.execute(db);

  // ---- Support events: append-only; a correction is a new event naming the one it replaces.
  await sql`
    CREATE TABLE support_events (
      id                 uuid PRIMARY KEY,
      household_id       uuid NOT NULL REFERENCES households(id),
      -- The household's village when the support was given: counts by village and month.
      village_id         integer NOT NULL REFERENCES org_units(id),
      event_date         date NOT NULL,
      channel            text NOT NULL CHECK (channel IN ('visit', 'service_center')),
      helper_member_ids  uuid[] NOT NULL DEFAULT '{}',
      informed           boolean NOT NULL DEFAULT false,
      corrects_event_id  uuid REFERENCES support_events(id),
      note               text,
      recorded_by        uuid NOT NULL REFERENCES accounts(id),
      recorded_at        timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX support_events_household ON support_events (household_id, event_date)`.execute(db);
  await sql`CREATE INDEX support_events_village_date ON support_events (village_id, event_date)`.execute(db);
  await sql`CREATE INDEX support_events_recorded_by ON support_events (recorded_by, recorded_at DESC)`.execute(db);
  // An event is replaced at most once; to fix a correction, correct the correction.
  await sql`CREATE UNIQUE INDEX support_events_corrected_once ON support_events (corrects_event_id) WHERE corrects_event_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE support_actions (
      event_id        uuid NOT NULL REFERENCES support_events(id),
      seq             integer NOT NULL,
      person_id       uuid NOT NULL REFERENCES people(id),
      action          text NOT NULL CHECK (action IN ('install_vneid', 'activate_vneid_level2', 'open_bank_account',
                        'create_dvc_account', 'submit_procedure', 'teach_basic_skills', 'security_advice',
                        'bdhvs_certified', 'student_training', 'cashless_payment', 'install_vssid', 'install_other_app')),
      outcome         text NOT NULL CHECK (outcome IN ('done', 'already_had', 'not_done')),
      reason          text,
      procedure_name  text,
      app_name        text,
      checklist       text[],
      note            text,
      PRIMARY KEY (event_id, seq),
      CHECK ((outcome = 'not_done') = (reason IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX support_actions_person ON support_actions (person_id)`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  for (const table of ['support_events', 'support_actions']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_update`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`.execute(db);
  }

  // ---- Derived status, kept in the write path: one row per person, each item the date it
  // became true. Monotone, so "as of D" is "item_on <= D". Rebuilt from the events by
  // refresh_digital_status(), the only code that writes it.
  await sql`
    CREATE TABLE person_digital_status (
      person_id            uuid PRIMARY KEY REFERENCES people(id),
      vneid_level1_on      date,
      vneid_level2_on      date,
      bank_account_on      date,
      dvc_account_on       date,
      basic_skills_on      date,
      bdhvs_certified_on   date,
      student_training_on  date,
      cashless_payment_on  date,
      vssid_on             date,
      last_visit_on        date,
      last_reason          text,
      sync_xid             xid8 NOT NULL DEFAULT pg_current_xact_id()
    )`.execute(db);

  await sql`
    CREATE TABLE household_digital_status (
      household_id   uuid PRIMARY KEY REFERENCES households(id),
      informed_on    date,
      last_visit_on  date,
      sync_xid       xid8 NOT NULL DEFAULT pg_current_xact_id()
    )`.execute(db);

  // Effective events: not replaced by a correction. A person's item is true from the
  // earliest effective action that did it (or found it already done).
  await sql`
    CREATE OR REPLACE FUNCTION refresh_digital_status(person_ids uuid[]) RETURNS void
    LANGUAGE sql AS $$
      WITH effective AS (
        SELECT a.person_id, a.action, a.outcome, a.reason, e.event_date, e.recorded_at, a.seq
        FROM support_actions a
        JOIN support_events e ON e.id = a.event_id
        WHERE a.person_id = ANY(person_ids)
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      ),
      achieved AS (
        SELECT person_id,
          min(event_date) FILTER (WHERE action IN ('install_vneid', 'activate_vneid_level2')) AS vneid_level1_on,
          min(event_date) FILTER (WHERE action = 'activate_vneid_level2') AS vneid_level2_on,
          min(event_date) FILTER (WHERE action = 'open_bank_account') AS bank_account_on,
          min(event_date) FILTER (WHERE action = 'create_dvc_account') AS dvc_account_on,
          min(event_date) FILTER (WHERE action = 'teach_basic_skills') AS basic_skills_on,
          min(event_date) FILTER (WHERE action = 'bdhvs_certified') AS bdhvs_certified_on,
          min(event_date) FILTER (WHERE action = 'student_training') AS student_training_on,
          min(event_date) FILTER (WHERE action = 'cashless_payment') AS cashless_payment_on,
          min(event_date) FILTER (WHERE action = 'install_vssid') AS vssid_on
        FROM effective WHERE outcome IN ('done', 'already_had')
        GROUP BY person_id
      ),
      last_visit AS (
        SELECT DISTINCT ON (person_id) person_id, event_date AS last_visit_on,
          CASE WHEN outcome = 'not_done' THEN reason END AS last_reason
        FROM effective
        ORDER BY person_id, event_date DESC, recorded_at DESC, (outcome = 'not_done') DESC, seq DESC
      )
      INSERT INTO person_digital_status AS s (person_id, vneid_level1_on, vneid_level2_on, bank_account_on,
        dvc_account_on, basic_skills_on, bdhvs_certified_on, student_training_on, cashless_payment_on, vssid_on,
        last_visit_on, last_reason, sync_xid)
      SELECT p.id, a.vneid_level1_on, a.vneid_level2_on, a.bank_account_on, a.dvc_account_on, a.basic_skills_on,
        a.bdhvs_certified_on, a.student_training_on, a.cashless_payment_on, a.vssid_on,
        l.last_visit_on, l.last_reason, pg_current_xact_id()
      FROM (SELECT DISTINCT unnest(person_ids) AS id) p
      JOIN people ON people.id = p.id
      LEFT JOIN achieved a ON a.person_id = p.id
      LEFT JOIN last_visit l ON l.person_id = p.id
      ON CONFLICT (person_id) DO UPDATE SET
        vneid_level1_on = excluded.vneid_level1_on, vneid_level2_on = excluded.vneid_level2_on,
        bank_account_on = excluded.bank_account_on, dvc_account_on = excluded.dvc_account_on,
        basic_skills_on = excluded.basic_skills_on, bdhvs_certified_on = excluded.bdhvs_certified_on,
        student_training_on = excluded.student_training_on, cashless_payment_on = excluded.cashless_payment_on,
        vssid_on = excluded.vssid_on, last_visit_on = excluded.last_visit_on, last_reason = excluded.last_reason,
        sync_xid = excluded.sync_xid
    $$`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION refresh_household_status(household_ids uuid[]) RETURNS void
    LANGUAGE sql AS $$
      INSERT INTO household_digital_status AS s (household_id, informed_on, last_visit_on, sync_xid)
      SELECT h.id,
        min(e.event_date) FILTER (WHERE e.informed),
        max(e.event_date),
        pg_current_xact_id()
      FROM (SELECT DISTINCT unnest(household_ids) AS id) h
      JOIN households ON households.id = h.id
      LEFT JOIN support_events e ON e.household_id = h.id
        AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      GROUP BY h.id
      ON CONFLICT (household_id) DO UPDATE SET
        informed_on = excluded.informed_on, last_visit_on = excluded.last_visit_on, sync_xid = excluded.sync_xid
    $$`.execute(db);

  // ---- Sync. sync_xid is the transaction that last changed a row; a pull remembers the
  // oldest transaction still open when it read (pg_snapshot_xmin), so a row committed late
  // by a slow transaction is still picked up next time, never skipped.
  for (const table of ['households', 'people']) {
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN sync_xid xid8 NOT NULL DEFAULT '0'`.execute(db);
    await sql`CREATE INDEX ${sql.raw(`${table}_village_sync`)} ON ${sql.table(table)} (village_id, sync_xid)`.execute(db);
  }
  await sql`
    CREATE OR REPLACE FUNCTION mark_sync_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.sync_xid := pg_current_xact_id();
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER households_sync_change BEFORE INSERT OR UPDATE ON households FOR EACH ROW EXECUTE FUNCTION mark_sync_change()`.execute(db);
  await sql`CREATE TRIGGER people_sync_change BEFORE INSERT OR UPDATE ON people FOR EACH ROW EXECUTE FUNCTION mark_sync_change()`.execute(db);

  // What left a village (moved to another, or removed by an import undo): phones that
  // hold it are told to drop it.
  await sql`
    CREATE TABLE sync_removals (
      id          bigserial PRIMARY KEY,
      village_id  integer NOT NULL,
      entity      text NOT NULL CHECK (entity IN ('household', 'person')),
      entity_id   uuid NOT NULL,
      sync_xid    xid8 NOT NULL DEFAULT pg_current_xact_id(),
      at          timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX sync_removals_village ON sync_removals (village_id, sync_xid)`.execute(db);
  await sql`
    CREATE OR REPLACE FUNCTION note_sync_removal() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF OLD.village_id IS NOT DISTINCT FROM NEW.village_id THEN
          RETURN NULL;
        END IF;
      END IF;
      INSERT INTO sync_removals (village_id, entity, entity_id)
      VALUES (OLD.village_id, CASE TG_TABLE_NAME WHEN 'people' THEN 'person' ELSE 'household' END, OLD.id);
      RETURN NULL;
    END $$`.execute(db);
  for (const table of ['households', 'people']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_sync_removal`)} AFTER UPDATE OF village_id OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION note_sync_removal()`.execute(db);
  }

  // Every mutation a phone sent, with the answer it got: a resend gets the same answer and
  // changes nothing; the same id with a different body is refused.
  await sql`
    CREATE TABLE sync_mutations (
      id            uuid PRIMARY KEY,
      account_id    uuid NOT NULL REFERENCES accounts(id),
      kind          text NOT NULL,
      payload_hash  text NOT NULL,
      status        text NOT NULL CHECK (status IN ('applied', 'refused')),
      result        jsonb NOT NULL,
      received_at   timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX sync_mutations_account ON sync_mutations (account_id, received_at DESC)`.execute(db);

  // Field edits from phones and desks, every one kept: the latest edit (by when it was made)
  // is what the record shows; an earlier one arriving late stays here as history.
  await sql`
    CREATE TABLE field_edits (
      id           bigserial PRIMARY KEY,
      entity       text NOT NULL CHECK (entity IN ('household', 'person')),
      entity_id    uuid NOT NULL,
      field        text NOT NULL,
      value        jsonb,
      edited_at    timestamptz NOT NULL,
      received_at  timestamptz NOT NULL DEFAULT now(),
      account_id   uuid REFERENCES accounts(id),
      mutation_id  uuid,
      applied      boolean NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX field_edits_entity ON field_edits (entity, entity_id, field, edited_at DESC)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migration 0003 cannot be reverted');
}
