// Bringing the commune's spreadsheets in (import batches, their rows, remembered column
// mappings, and what each commit changed so it can be undone) and the household door card's
// opaque code.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The QR on a door card carries only this random code, never personal data.
  await sql`ALTER TABLE households ADD COLUMN card_code text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '')`.execute(db);
  await sql`CREATE UNIQUE INDEX households_card_code ON households (card_code)`.execute(db);

  await sql`
    CREATE TABLE import_batches (
      id            uuid PRIMARY KEY,
      org_unit_id   integer NOT NULL REFERENCES org_units(id),
      account_id    uuid NOT NULL REFERENCES accounts(id),
      file_name     text NOT NULL,
      file_size     integer NOT NULL,
      file_sha256   text NOT NULL,
      status        text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'committed', 'undone', 'discarded')),
      sheets        jsonb NOT NULL,
      mapping       jsonb,
      summary       jsonb,
      -- Bumped by every change of the mapping or of a row (fix, skip, confirmation): a
      -- preview planned at one revision can be reused until the next.
      revision      integer NOT NULL DEFAULT 0,
      created_at    timestamptz NOT NULL DEFAULT now(),
      committed_at  timestamptz,
      undone_at     timestamptz
    )`.execute(db);
  await sql`CREATE INDEX import_batches_unit ON import_batches (org_unit_id, created_at DESC)`.execute(db);

  // The uploaded rows as text cells, so preview, fixes and commit need no second upload.
  await sql`
    CREATE TABLE import_rows (
      batch_id    uuid NOT NULL REFERENCES import_batches(id),
      sheet_index integer NOT NULL,
      row_number  integer NOT NULL,
      cells       jsonb NOT NULL,
      fixes       jsonb,
      skip        boolean NOT NULL DEFAULT false,
      -- The officer accepted this row's warnings (CCCD digits that disagree, a guessed sex…).
      confirm_warnings boolean NOT NULL DEFAULT false,
      PRIMARY KEY (batch_id, sheet_index, row_number)
    )`.execute(db);

  // A commune's files keep their layout from month to month: the mapping is remembered by
  // the header row's signature.
  await sql`
    CREATE TABLE import_mappings (
      org_unit_id       integer NOT NULL REFERENCES org_units(id),
      header_signature  text NOT NULL,
      mapping           jsonb NOT NULL,
      updated_at        timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (org_unit_id, header_signature)
    )`.execute(db);

  // What a commit did, record by record: undo removes what it created and restores what it
  // updated, provided nothing has changed those records since (their version tells).
  await sql`
    CREATE TABLE import_changes (
      batch_id       uuid NOT NULL REFERENCES import_batches(id),
      entity         text NOT NULL CHECK (entity IN ('household', 'person')),
      entity_id      uuid NOT NULL,
      action         text NOT NULL CHECK (action IN ('create', 'update')),
      before         jsonb,
      version_after  integer NOT NULL,
      PRIMARY KEY (batch_id, entity, entity_id)
    )`.execute(db);
  await sql`ALTER TABLE households ADD COLUMN import_batch_id uuid REFERENCES import_batches(id)`.execute(db);
  await sql`ALTER TABLE people ADD COLUMN import_batch_id uuid REFERENCES import_batches(id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migration 0002 cannot be reverted');
}
