// Kinh phí (plan section IV.2, Phòng Kinh tế): a commune's budget lines of a year by activity
// and funding source with their legal basis, the estimate (dự toán) and every revision of it,
// commitments, spending entries with their voucher (linked to the training, the communication
// activity, the team month or the award they paid for), the province's allowance rates, the
// monthly allowance sheets, and the year's settlement (quyết toán), after which the year is
// frozen. Money is VND in bigint: never a float.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per commune and year once anything is budgeted; settled_at freezes the year.
  await sql`
    CREATE TABLE budget_years (
      org_unit_id     integer NOT NULL REFERENCES org_units(id),
      year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      settled_at      timestamptz,
      settled_by      uuid REFERENCES accounts(id),
      settlement_note text NOT NULL DEFAULT '',
      PRIMARY KEY (org_unit_id, year)
    )`.execute(db);

  await sql`
    CREATE TABLE budget_lines (
      id            uuid PRIMARY KEY,
      org_unit_id   integer NOT NULL,
      year          integer NOT NULL,
      activity      text NOT NULL CHECK (activity IN ('training', 'communication', 'team_support', 'awards', 'other')),
      source        text NOT NULL CHECK (source IN ('commune', 'province', 'social')),
      title         text NOT NULL CHECK (btrim(title) <> ''),
      legal_basis   text NOT NULL DEFAULT '',
      -- The estimate in force: the first one or the last revision (history in budget_revisions).
      estimate_vnd  bigint NOT NULL CHECK (estimate_vnd >= 0),
      version       integer NOT NULL DEFAULT 1,
      created_by    uuid REFERENCES accounts(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (org_unit_id, year) REFERENCES budget_years (org_unit_id, year)
    )`.execute(db);
  await sql`CREATE INDEX budget_lines_year ON budget_lines (org_unit_id, year)`.execute(db);

  // Every estimate a line has had: the first (kind 'initial') and each revision, never changed.
  await sql`
    CREATE TABLE budget_revisions (
      id            uuid PRIMARY KEY,
      line_id       uuid NOT NULL REFERENCES budget_lines(id) ON DELETE CASCADE,
      kind          text NOT NULL CHECK (kind IN ('initial', 'revision')),
      previous_vnd  bigint CHECK (previous_vnd >= 0),
      estimate_vnd  bigint NOT NULL CHECK (estimate_vnd >= 0),
      decision      text NOT NULL DEFAULT '',
      decided_on    date,
      reason        text NOT NULL DEFAULT '',
      recorded_by   uuid NOT NULL REFERENCES accounts(id),
      recorded_at   timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX budget_revisions_line ON budget_revisions (line_id, recorded_at)`.execute(db);

  // A commitment (cam kết chi: a contract, an order) not yet paid in full.
  await sql`
    CREATE TABLE budget_commitments (
      id            uuid PRIMARY KEY,
      line_id       uuid NOT NULL REFERENCES budget_lines(id),
      committed_on  date NOT NULL,
      amount_vnd    bigint NOT NULL CHECK (amount_vnd > 0),
      payee         text NOT NULL CHECK (btrim(payee) <> ''),
      description   text NOT NULL DEFAULT '',
      created_by    uuid NOT NULL REFERENCES accounts(id),
      created_at    timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX budget_commitments_line ON budget_commitments (line_id)`.execute(db);

  // The province's allowance rates for team members, per year (none assumed: rows are data).
  await sql`
    CREATE TABLE allowance_rates (
      province_id   integer NOT NULL REFERENCES org_units(id),
      year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      basis         text NOT NULL CHECK (basis IN ('team_month', 'member_month', 'person_day')),
      amount_vnd    bigint NOT NULL CHECK (amount_vnd > 0),
      legal_basis   text NOT NULL DEFAULT '',
      updated_by    uuid REFERENCES accounts(id),
      updated_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (province_id, year, basis)
    )`.execute(db);

  await sql`
    CREATE TABLE allowance_sheets (
      id            uuid PRIMARY KEY,
      org_unit_id   integer NOT NULL,
      year          integer NOT NULL,
      month         integer NOT NULL CHECK (month BETWEEN 1 AND 12),
      line_id       uuid NOT NULL REFERENCES budget_lines(id),
      status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'reviewed', 'posted')),
      total_vnd     bigint NOT NULL DEFAULT 0 CHECK (total_vnd >= 0),
      note          text NOT NULL DEFAULT '',
      version       integer NOT NULL DEFAULT 1,
      created_by    uuid NOT NULL REFERENCES accounts(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      reviewed_by   uuid REFERENCES accounts(id),
      reviewed_at   timestamptz,
      posted_by     uuid REFERENCES accounts(id),
      posted_at     timestamptz,
      FOREIGN KEY (org_unit_id, year) REFERENCES budget_years (org_unit_id, year),
      UNIQUE (org_unit_id, year, month)
    )`.execute(db);

  // One row per team and basis (team_month) or per member and basis (member_month, person_day).
  await sql`
    CREATE TABLE allowance_sheet_rows (
      sheet_id       uuid NOT NULL REFERENCES allowance_sheets(id) ON DELETE CASCADE,
      seq            integer NOT NULL,
      team_id        uuid NOT NULL REFERENCES teams(id),
      team_member_id uuid REFERENCES team_members(id),
      basis          text NOT NULL CHECK (basis IN ('team_month', 'member_month', 'person_day')),
      computed_qty   integer NOT NULL CHECK (computed_qty >= 0),
      quantity       integer NOT NULL CHECK (quantity >= 0),
      rate_vnd       bigint NOT NULL CHECK (rate_vnd > 0),
      amount_vnd     bigint NOT NULL CHECK (amount_vnd >= 0),
      note           text NOT NULL DEFAULT '',
      PRIMARY KEY (sheet_id, seq)
    )`.execute(db);

  await sql`
    CREATE TABLE budget_spending (
      id                 uuid PRIMARY KEY,
      line_id            uuid NOT NULL REFERENCES budget_lines(id),
      spent_on           date NOT NULL,
      amount_vnd         bigint NOT NULL CHECK (amount_vnd > 0),
      payee              text NOT NULL CHECK (btrim(payee) <> ''),
      voucher_no         text NOT NULL CHECK (btrim(voucher_no) <> ''),
      description        text NOT NULL DEFAULT '',
      -- What it paid for: at most one.
      training_id        uuid REFERENCES trainings(id),
      comm_activity_id   uuid REFERENCES comm_activities(id),
      team_id            uuid REFERENCES teams(id),
      team_month         date CHECK (team_month IS NULL OR extract(day FROM team_month) = 1),
      -- The award it paid for, once awards exist (their migration adds the reference).
      award_id           uuid,
      commitment_id      uuid REFERENCES budget_commitments(id),
      allowance_sheet_id uuid REFERENCES allowance_sheets(id),
      version            integer NOT NULL DEFAULT 1,
      created_by         uuid NOT NULL REFERENCES accounts(id),
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now(),
      CHECK (num_nonnulls(training_id, comm_activity_id, team_id, award_id) <= 1),
      CHECK ((team_id IS NULL) = (team_month IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX budget_spending_line ON budget_spending (line_id, spent_on)`.execute(db);
  await sql`CREATE INDEX budget_spending_training ON budget_spending (training_id) WHERE training_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX budget_spending_activity ON budget_spending (comm_activity_id) WHERE comm_activity_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['budget_spending', 'allowance_sheet_rows', 'allowance_sheets', 'allowance_rates', 'budget_commitments', 'budget_revisions', 'budget_lines', 'budget_years']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
