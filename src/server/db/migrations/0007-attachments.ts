// Evidence files (photos of a sign-in sheet, a meeting; PDF scans) for every feature that
// keeps evidence: stored in the database beside the record that claims them, so a backup of
// the database takes them, they commit in the record's transaction, and the record's scope
// and audit rules are theirs (README, "Tệp minh chứng / Attachments").
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE attachments (
      -- Made by the client (UUIDv7): a phone's photo re-sent after a lost answer is the same row.
      id            uuid PRIMARY KEY,
      -- Scope: the uploader's unit until a record claims it, then the record's unit.
      org_unit_id   integer NOT NULL REFERENCES org_units(id),
      -- The record that claimed it ('training', …); both null until that record is saved.
      owner_entity  text,
      owner_id      text,
      kind          text NOT NULL CHECK (kind IN ('image', 'pdf')),
      content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
      byte_size     integer NOT NULL CHECK (byte_size > 0),
      sha256        text NOT NULL,
      width         integer,
      height        integer,
      file_name     text,
      data          bytea NOT NULL,
      uploaded_by   uuid NOT NULL REFERENCES accounts(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      claimed_at    timestamptz,
      CHECK ((owner_entity IS NULL) = (owner_id IS NULL)),
      CHECK (kind <> 'image' OR (width > 0 AND height > 0))
    )`.execute(db);
  // JPEG, WebP and PDF are compressed already: TOAST stores the bytes out of line without trying again.
  await sql`ALTER TABLE attachments ALTER COLUMN data SET STORAGE EXTERNAL`.execute(db);
  await sql`CREATE INDEX attachments_owner ON attachments (owner_entity, owner_id) WHERE owner_id IS NOT NULL`.execute(db);
  // The housekeeping's scan: unclaimed uploads by age.
  await sql`CREATE INDEX attachments_unclaimed ON attachments (created_at) WHERE owner_id IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE attachments`.execute(db);
}
