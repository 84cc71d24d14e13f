// Truyền thông (plan II.3): campaigns, activities by channel with what each channel measures,
// the villages an activity reached, the households ticked present at a village meeting, and
// which channels each village has. Households informed (TT) now also come from those ticks:
// refresh_household_status is replaced so informed_on is the earlier of the first informing
// visit and the first meeting attended. Frozen once applied (never import live code here).
import { type Kysely, sql } from 'kysely';

const CHANNELS = `'loudspeaker', 'village_meeting', 'party_cell', 'mass_org', 'household', 'zalo', 'social_media', 'visual', 'news'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE comm_campaigns (
      id           uuid PRIMARY KEY,
      org_unit_id  integer NOT NULL REFERENCES org_units(id),
      name         text NOT NULL,
      starts_on    date NOT NULL,
      ends_on      date NOT NULL,
      description  text NOT NULL DEFAULT '',
      version      integer NOT NULL DEFAULT 1,
      created_by   uuid REFERENCES accounts(id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      updated_at   timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_on >= starts_on)
    )`.execute(db);
  await sql`CREATE INDEX comm_campaigns_unit ON comm_campaigns (org_unit_id, starts_on)`.execute(db);

  // A village's channel is available unless a row says otherwise (Phòng VH-XH sets them).
  await sql`
    CREATE TABLE village_channels (
      village_id  integer NOT NULL REFERENCES org_units(id),
      channel     text NOT NULL CHECK (channel IN (${sql.raw(CHANNELS)})),
      available   boolean NOT NULL,
      note        text,
      updated_by  uuid REFERENCES accounts(id),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (village_id, channel)
    )`.execute(db);

  // The id is made by the client (UUIDv7): a phone's resend is the same row. org_unit_id is the
  // commune; the villages reached are in comm_activity_villages (none for a commune-wide article).
  await sql`
    CREATE TABLE comm_activities (
      id                uuid PRIMARY KEY,
      org_unit_id       integer NOT NULL REFERENCES org_units(id),
      campaign_id       uuid REFERENCES comm_campaigns(id),
      activity_on       date NOT NULL,
      channel           text NOT NULL CHECK (channel IN (${sql.raw(CHANNELS)})),
      phase             text NOT NULL CHECK (phase IN ('before', 'during', 'after')),
      topics            text[] NOT NULL CHECK (cardinality(topics) >= 1),
      ran_by            text NOT NULL,
      ran_by_member_id  uuid REFERENCES team_members(id),
      measures          jsonb NOT NULL,
      notes             text,
      version           integer NOT NULL DEFAULT 1,
      mutation_id       uuid,
      recorded_by       uuid NOT NULL REFERENCES accounts(id),
      recorded_at       timestamptz NOT NULL DEFAULT now(),
      updated_by        uuid REFERENCES accounts(id),
      updated_at        timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX comm_activities_unit ON comm_activities (org_unit_id, activity_on)`.execute(db);
  await sql`CREATE INDEX comm_activities_campaign ON comm_activities (campaign_id) WHERE campaign_id IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE comm_activity_villages (
      activity_id  uuid NOT NULL REFERENCES comm_activities(id) ON DELETE CASCADE,
      village_id   integer NOT NULL REFERENCES org_units(id),
      PRIMARY KEY (activity_id, village_id)
    )`.execute(db);
  await sql`CREATE INDEX comm_activity_villages_village ON comm_activity_villages (village_id, activity_id)`.execute(db);

  await sql`
    CREATE TABLE comm_activity_households (
      activity_id   uuid NOT NULL REFERENCES comm_activities(id) ON DELETE CASCADE,
      household_id  uuid NOT NULL REFERENCES households(id),
      PRIMARY KEY (activity_id, household_id)
    )`.execute(db);
  await sql`CREATE INDEX comm_activity_households_household ON comm_activity_households (household_id)`.execute(db);

  // TT from channels that name a household: an informing visit (not replaced by a correction)
  // or a village meeting the household was ticked present at. Other reach (airtime, Zalo
  // members, copies) never makes a household informed. The indicators' trigger on
  // household_digital_status marks the village for the aggregates worker when informed_on moves.
  await sql`
    CREATE OR REPLACE FUNCTION refresh_household_status(household_ids uuid[]) RETURNS void
    LANGUAGE sql AS $$
      INSERT INTO household_digital_status AS s (household_id, informed_on, last_visit_on, sync_xid)
      SELECT h.id, least(v.informed_on, m.attended_on), v.last_visit_on, pg_current_xact_id()
      FROM (SELECT DISTINCT unnest(household_ids) AS id) h
      JOIN households ON households.id = h.id
      LEFT JOIN LATERAL (
        SELECT min(e.event_date) FILTER (WHERE e.informed) AS informed_on, max(e.event_date) AS last_visit_on
        FROM support_events e
        WHERE e.household_id = h.id
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      ) v ON true
      LEFT JOIN LATERAL (
        SELECT min(a.activity_on) AS attended_on
        FROM comm_activity_households ah JOIN comm_activities a ON a.id = ah.activity_id
        WHERE ah.household_id = h.id
      ) m ON true
      ON CONFLICT (household_id) DO UPDATE SET
        informed_on = excluded.informed_on, last_visit_on = excluded.last_visit_on, sync_xid = excluded.sync_xid
    $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migration 0009 cannot be reverted');
}
