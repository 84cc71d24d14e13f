// Backups the server made or was asked for (README, "Sao lưu / Backups"): one row per attempt,
// with the file, its size and checksum, whether reading it back verified, or the error; and
// instance_marks, facts about the database itself ('demo': made by the demo seed, so DEMO=1
// may run on it). Frozen once applied (never import live code here).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE backups (
      id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind         text NOT NULL CHECK (kind IN ('nightly', 'manual', 'cli')),
      started_at   timestamptz NOT NULL DEFAULT now(),
      finished_at  timestamptz,
      -- Absolute path of the file written (null when it failed before naming one).
      file         text,
      byte_size    bigint,
      sha256       text,
      encrypted    boolean NOT NULL DEFAULT false,
      -- The file was read back whole: checksums and row counts match the manifest.
      verified     boolean NOT NULL DEFAULT false,
      error        text,
      -- Removed by the retention rule (7 daily, 8 weekly by default): the row stays as history.
      pruned_at    timestamptz,
      created_by   uuid REFERENCES accounts(id)
    )`.execute(db);
  await sql`CREATE INDEX backups_good ON backups (finished_at DESC) WHERE verified AND error IS NULL`.execute(db);
  await sql`
    CREATE TABLE instance_marks (
      key         text PRIMARY KEY,
      value       text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE instance_marks`.execute(db);
  await sql`DROP TABLE backups`.execute(db);
}
