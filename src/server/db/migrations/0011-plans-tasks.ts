// The year's plan (kế hoạch) of a commune and the tasks of section IV (nhiệm vụ): the plan's
// own text and the targets it proposes (approval writes them into indicator_targets, which
// stay the one place figures read targets from), each task with its responsible unit, clause,
// due date or repeat, and its occurrences — the unit of status, evidence and lateness — with
// an append-only history of every change. Budget lines key on (commune, year), not on a plan.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE plans (
      id                 uuid PRIMARY KEY,
      org_unit_id        integer NOT NULL REFERENCES org_units(id),
      year               integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved')),
      title              text NOT NULL CHECK (btrim(title) <> ''),
      -- The registry number, given at approval (null: printed as dots).
      number_value       integer,
      number_symbol      text NOT NULL DEFAULT 'KH-UBND',
      issued_on          date,
      -- The documents the plan implements ("Công văn số 120/SKH-CN-CĐS ngày 15/01/2026 …").
      implements         text[] NOT NULL DEFAULT '{}',
      purpose_text       text NOT NULL DEFAULT '',
      requirements_text  text NOT NULL DEFAULT '',
      general_goal_text  text NOT NULL DEFAULT '',
      content_text       text NOT NULL DEFAULT '',
      -- "Lập kế hoạch năm sau": the plan this draft was pre-filled from.
      drafted_from       uuid REFERENCES plans(id),
      signer_name        text,
      signer_title       text,
      approved_by        uuid REFERENCES accounts(id),
      approved_at        timestamptz,
      version            integer NOT NULL DEFAULT 1,
      created_by         uuid REFERENCES accounts(id),
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      UNIQUE (org_unit_id, year),
      CHECK ((status = 'approved') = (approved_at IS NOT NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX plans_number ON plans (org_unit_id, year, number_symbol, number_value) WHERE number_value IS NOT NULL`.execute(db);

  // The commune's targets as the plan states them (section II.2).
  await sql`
    CREATE TABLE plan_targets (
      plan_id         uuid NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      code            text NOT NULL,
      target_percent  numeric(5, 2) NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
      PRIMARY KEY (plan_id, code)
    )`.execute(db);

  await sql`
    CREATE TABLE tasks (
      id                 uuid PRIMARY KEY,
      -- The commune whose task it is (scope); plan_id null for an ad-hoc request outside a plan.
      org_unit_id        integer NOT NULL REFERENCES org_units(id),
      year               integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      plan_id            uuid REFERENCES plans(id) ON DELETE CASCADE,
      clause             text NOT NULL DEFAULT '',
      title              text NOT NULL CHECK (btrim(title) <> ''),
      responsible        text NOT NULL CHECK (responsible IN ('culture_office', 'economy_office', 'service_center', 'public_service_center', 'youth_union', 'other_offices', 'village_head')),
      -- A village head's task for one village; null: every village's head.
      village_id         integer REFERENCES org_units(id),
      cooperating        text[] NOT NULL DEFAULT '{}',
      due_on             date,
      repeat             text CHECK (repeat IN ('monthly', 'quarterly')),
      repeat_day         integer CHECK (repeat_day BETWEEN 1 AND 28),
      evidence_expected  text CHECK (evidence_expected IN ('file', 'link', 'report', 'training', 'campaign')),
      -- Done by the system when that report is submitted (reports service, same transaction).
      completes_with     text CHECK (completes_with IN ('village_monthly', 'village_quarterly', 'commune_monthly')),
      -- An ad-hoc request: the document asking for it.
      source_document    text,
      sort               integer NOT NULL DEFAULT 0,
      version            integer NOT NULL DEFAULT 1,
      created_by         uuid REFERENCES accounts(id),
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      CHECK ((due_on IS NULL) <> (repeat IS NULL)),
      CHECK ((repeat IS NULL) = (repeat_day IS NULL)),
      CHECK (village_id IS NULL OR responsible = 'village_head')
    )`.execute(db);
  await sql`CREATE INDEX tasks_unit_year ON tasks (org_unit_id, year)`.execute(db);
  await sql`CREATE INDEX tasks_plan ON tasks (plan_id)`.execute(db);

  // One due date of a task for one responsible unit: what is done, late or on time.
  await sql`
    CREATE TABLE task_occurrences (
      id                      uuid PRIMARY KEY,
      task_id                 uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      org_unit_id             integer NOT NULL REFERENCES org_units(id),
      village_id              integer REFERENCES org_units(id),
      period_start            date,
      period_end              date,
      due_on                  date NOT NULL,
      status                  text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done')),
      done_on                 date,
      evidence_kind           text CHECK (evidence_kind IN ('file', 'link', 'report', 'training', 'campaign')),
      evidence_attachment_id  uuid REFERENCES attachments(id) ON DELETE SET NULL,
      evidence_url            text,
      evidence_record_id      uuid,
      note                    text NOT NULL DEFAULT '',
      version                 integer NOT NULL DEFAULT 1,
      updated_by              uuid REFERENCES accounts(id),
      updated_at              timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'done') = (done_on IS NOT NULL)),
      CHECK (evidence_kind IS NOT NULL OR (evidence_attachment_id IS NULL AND evidence_url IS NULL AND evidence_record_id IS NULL))
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX task_occurrences_once ON task_occurrences (task_id, coalesce(village_id, 0), due_on)`.execute(db);
  await sql`CREATE INDEX task_occurrences_unit_due ON task_occurrences (org_unit_id, due_on)`.execute(db);
  await sql`CREATE INDEX task_occurrences_village_due ON task_occurrences (village_id, due_on) WHERE village_id IS NOT NULL`.execute(db);

  // Append-only: every change of a task or an occurrence, who and when.
  await sql`
    CREATE TABLE task_events (
      id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      task_id        uuid NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
      occurrence_id  uuid REFERENCES task_occurrences(id) ON DELETE CASCADE,
      at             timestamptz NOT NULL DEFAULT now(),
      account_id     uuid REFERENCES accounts(id),
      action         text NOT NULL,
      from_status    text,
      to_status      text,
      detail         jsonb NOT NULL DEFAULT '{}'
    )`.execute(db);
  await sql`CREATE INDEX task_events_task ON task_events (task_id, id)`.execute(db);
  await sql`CREATE INDEX task_events_occurrence ON task_events (occurrence_id, id) WHERE occurrence_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE task_events`.execute(db);
  await sql`DROP TABLE task_occurrences`.execute(db);
  await sql`DROP TABLE tasks`.execute(db);
  await sql`DROP TABLE plan_targets`.execute(db);
  await sql`DROP TABLE plans`.execute(db);
}
