// Trainings (tập huấn) of the teams, plan section II.2: the training (a commune's), the
// villages invited (every member of their team during the training is on its list), and each
// member's attendance — taken on the desk or on the team leader's phone (its mutation id kept).
// Photos of the signed sheet are attachments owned by the training.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE trainings (
      id               uuid PRIMARY KEY,
      org_unit_id      integer NOT NULL REFERENCES org_units(id),
      title            text NOT NULL CHECK (btrim(title) <> ''),
      topics           text[] NOT NULL CHECK (cardinality(topics) >= 1 AND topics <@ ARRAY['policy', 'public_services', 'platforms', 'security']),
      method           text NOT NULL CHECK (method IN ('in_person', 'hands_on', 'online', 'blended')),
      -- Online methods: 'bdhvs' (Bình dân học vụ số) or the other platform's name.
      platform         text,
      -- The commune programme it is combined with (lồng ghép); null: on its own.
      integrated_with  text,
      organiser        text,
      trainer          text,
      place            text,
      starts_at        timestamptz NOT NULL,
      ends_at          timestamptz NOT NULL,
      status           text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
      -- Linked to a budget line once budgets exist.
      cost_vnd         bigint CHECK (cost_vnd >= 0),
      notes            text NOT NULL DEFAULT '',
      version          integer NOT NULL DEFAULT 1,
      created_by       uuid REFERENCES accounts(id),
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at >= starts_at)
    )`.execute(db);
  await sql`CREATE INDEX trainings_unit_start ON trainings (org_unit_id, starts_at)`.execute(db);

  await sql`
    CREATE TABLE training_invitations (
      training_id  uuid NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
      village_id   integer NOT NULL REFERENCES org_units(id),
      PRIMARY KEY (training_id, village_id)
    )`.execute(db);
  await sql`CREATE INDEX training_invitations_village ON training_invitations (village_id, training_id)`.execute(db);

  await sql`
    CREATE TABLE training_attendance (
      training_id       uuid NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
      team_member_id    uuid NOT NULL REFERENCES team_members(id),
      status            text NOT NULL CHECK (status IN ('present', 'absent', 'excused')),
      -- An online course completed, with the platform's certificate.
      completed         boolean NOT NULL DEFAULT false,
      certificate_no    text,
      certificate_date  date,
      recorded_by       uuid NOT NULL REFERENCES accounts(id),
      recorded_at       timestamptz NOT NULL DEFAULT now(),
      -- The phone's mutation that wrote it last (null: the desk).
      mutation_id       uuid,
      PRIMARY KEY (training_id, team_member_id)
    )`.execute(db);
  await sql`CREATE INDEX training_attendance_member ON training_attendance (team_member_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE training_attendance`.execute(db);
  await sql`DROP TABLE training_invitations`.execute(db);
  await sql`DROP TABLE trainings`.execute(db);
}
