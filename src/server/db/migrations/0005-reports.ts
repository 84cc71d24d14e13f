// Reports up the chain (domain.md "Reports"): one row per kind, unit and period, its frozen
// figures, the writer's text and the review state; and every state change as an event row.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE reports (
      id                   uuid PRIMARY KEY,
      kind                 text NOT NULL CHECK (kind IN ('village_monthly', 'village_quarterly', 'commune_monthly', 'commune_adhoc')),
      org_unit_id          integer NOT NULL REFERENCES org_units(id),
      period_start         date NOT NULL,
      period_end           date NOT NULL,
      year                 integer NOT NULL,
      status               text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'accepted', 'sent')),
      version              integer NOT NULL DEFAULT 1,
      -- The frozen ReportFigures and ReportActivity, and the date they were taken at.
      figures              jsonb NOT NULL,
      figures_computed_at  timestamptz NOT NULL,
      results_text         text NOT NULL DEFAULT '',
      difficulties_text    text NOT NULL DEFAULT '',
      proposals_text       text NOT NULL DEFAULT '',
      -- The registry number, given when the commune leader approves (null: printed as dots).
      number_value         integer,
      number_symbol        text,
      issued_on            date,
      signer_name          text,
      signer_title         text,
      created_by           uuid REFERENCES accounts(id),
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now(),
      submitted_at         timestamptz,
      submitted_by         uuid REFERENCES accounts(id),
      reviewed_at          timestamptz,
      reviewed_by          uuid REFERENCES accounts(id),
      review_comment       text,
      CHECK (period_end >= period_start),
      UNIQUE (kind, org_unit_id, period_start, period_end)
    )`.execute(db);
  await sql`CREATE INDEX reports_unit ON reports (org_unit_id, year)`.execute(db);
  await sql`CREATE INDEX reports_period ON reports (kind, period_start, period_end)`.execute(db);
  // Registry numbers are unique per issuer, year and symbol.
  await sql`CREATE UNIQUE INDEX reports_number ON reports (org_unit_id, year, number_symbol, number_value) WHERE number_value IS NOT NULL`.execute(db);

  // Append-only: who moved a report, when, from which state to which, and why.
  await sql`
    CREATE TABLE report_events (
      id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      report_id    uuid NOT NULL REFERENCES reports(id),
      at           timestamptz NOT NULL DEFAULT now(),
      account_id   uuid REFERENCES accounts(id),
      action       text NOT NULL,
      from_status  text,
      to_status    text NOT NULL,
      comment      text
    )`.execute(db);
  await sql`CREATE INDEX report_events_report ON report_events (report_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE report_events`.execute(db);
  await sql`DROP TABLE reports`.execute(db);
}
