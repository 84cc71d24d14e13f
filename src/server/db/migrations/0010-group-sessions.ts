// Group sessions for residents (issue 22): the commune's schools (with the villages they
// serve) and enterprises / cooperatives, each resident linked to one as a pupil or a worker,
// and a class held for many residents at once (a school, a cooperative, the cultural house).
// Each attendee's outcome is one support event (channel 'group_session'), written through the
// support service like a visit, so statuses, indicators, reports and the audit move the same;
// the session keeps which event is each attendee's, and a correction corrects those events.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE organizations (
      id           uuid PRIMARY KEY,
      commune_id   integer NOT NULL REFERENCES org_units(id),
      kind         text NOT NULL CHECK (kind IN ('school', 'enterprise', 'cooperative')),
      name         text NOT NULL CHECK (btrim(name) <> ''),
      sector       text,
      -- Where it stands (a village of the commune); a school also lists the villages it serves.
      village_id   integer REFERENCES org_units(id),
      contact      text,
      active       boolean NOT NULL DEFAULT true,
      version      integer NOT NULL DEFAULT 1,
      created_by   uuid REFERENCES accounts(id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      updated_at   timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX organizations_name ON organizations (commune_id, kind, lower(btrim(name)))`.execute(db);

  await sql`
    CREATE TABLE organization_villages (
      organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
      village_id       integer NOT NULL REFERENCES org_units(id),
      PRIMARY KEY (organization_id, village_id)
    )`.execute(db);

  // A pupil's school, a worker's enterprise or cooperative (the flags is_student / is_worker
  // of 0001 stay what the indicators read; linking sets them).
  await sql`ALTER TABLE people ADD COLUMN school_id uuid REFERENCES organizations(id)`.execute(db);
  await sql`ALTER TABLE people ADD COLUMN employer_id uuid REFERENCES organizations(id)`.execute(db);
  await sql`CREATE INDEX people_school ON people (school_id) WHERE school_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX people_employer ON people (employer_id) WHERE employer_id IS NOT NULL`.execute(db);

  // An attendee's support event says it was given at a group session.
  await sql`ALTER TABLE support_events DROP CONSTRAINT support_events_channel_check`.execute(db);
  await sql`ALTER TABLE support_events ADD CONSTRAINT support_events_channel_check CHECK (channel IN ('visit', 'service_center', 'group_session'))`.execute(db);

  await sql`
    CREATE TABLE group_sessions (
      id                  uuid PRIMARY KEY,
      commune_id          integer NOT NULL REFERENCES org_units(id),
      session_date        date NOT NULL,
      place_kind          text NOT NULL CHECK (place_kind IN ('school', 'organization', 'cultural_house', 'commune_hall')),
      organization_id     uuid REFERENCES organizations(id),
      -- The cultural house's village (or, for a session at a school or cooperative, its village).
      village_id          integer REFERENCES org_units(id),
      place_note          text,
      contents            text[] NOT NULL CHECK (cardinality(contents) >= 1
                            AND contents <@ ARRAY['basic_skills', 'student_training', 'vneid_level2', 'bdhvs', 'scam_awareness']),
      checklist           text[],
      outcome             text NOT NULL CHECK (outcome IN ('done', 'already_had', 'not_done')),
      reason              text,
      teacher_member_ids  uuid[] NOT NULL DEFAULT '{}',
      -- People from another commune: counted apart, never in our figures ([{fullName, homeCommune}]).
      visitors            jsonb NOT NULL DEFAULT '[]',
      -- Rows refused when it was recorded, with the reason (a resend answers the same).
      refused             jsonb NOT NULL DEFAULT '[]',
      -- The content it was first recorded with: the same id again with the same content is a
      -- resend (answered as stored), with other content a 409.
      input_hash          text NOT NULL,
      note                text,
      status              text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'retracted')),
      version             integer NOT NULL DEFAULT 1,
      mutation_id         uuid,
      recorded_by         uuid NOT NULL REFERENCES accounts(id),
      recorded_at         timestamptz NOT NULL DEFAULT now(),
      updated_by          uuid REFERENCES accounts(id),
      updated_at          timestamptz NOT NULL DEFAULT now(),
      CHECK ((outcome = 'not_done') = (reason IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX group_sessions_commune_date ON group_sessions (commune_id, session_date DESC)`.execute(db);
  await sql`CREATE INDEX group_sessions_organization ON group_sessions (organization_id) WHERE organization_id IS NOT NULL`.execute(db);

  // Each attendee in effect, with the support event that carries their outcome now.
  await sql`
    CREATE TABLE group_session_attendees (
      session_id  uuid NOT NULL REFERENCES group_sessions(id) ON DELETE CASCADE,
      person_id   uuid NOT NULL REFERENCES people(id),
      event_id    uuid NOT NULL REFERENCES support_events(id),
      outcome     text NOT NULL CHECK (outcome IN ('done', 'already_had', 'not_done')),
      reason      text,
      PRIMARY KEY (session_id, person_id)
    )`.execute(db);
  await sql`CREATE INDEX group_session_attendees_person ON group_session_attendees (person_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX group_session_attendees_event ON group_session_attendees (event_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE group_session_attendees`.execute(db);
  await sql`DROP TABLE group_sessions`.execute(db);
  await sql`ALTER TABLE support_events DROP CONSTRAINT support_events_channel_check`.execute(db);
  await sql`ALTER TABLE support_events ADD CONSTRAINT support_events_channel_check CHECK (channel IN ('visit', 'service_center'))`.execute(db);
  await sql`ALTER TABLE people DROP COLUMN employer_id`.execute(db);
  await sql`ALTER TABLE people DROP COLUMN school_id`.execute(db);
  await sql`DROP TABLE organization_villages`.execute(db);
  await sql`DROP TABLE organizations`.execute(db);
}
