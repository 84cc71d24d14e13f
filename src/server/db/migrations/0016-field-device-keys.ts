// The keys the server keeps for phones' outboxes (README "Dữ liệu cá nhân trên điện thoại"):
// a phone wraps the key of its unsent work under one of these, so that after its local data
// is wiped (5 wrong PINs, a session ended by an admin, a logout with work unsent) the work can
// still be opened, and sent, after the account's next password login — and by no one else.
// Frozen once applied (never import live code here).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE field_device_keys (
      id           uuid PRIMARY KEY,
      account_id   uuid NOT NULL REFERENCES accounts(id),
      secret       bytea NOT NULL CHECK (length(secret) = 32),
      created_at   timestamptz NOT NULL DEFAULT now(),
      -- Last handed back to the phone (after a login that follows a wipe).
      released_at  timestamptz
    )`.execute(db);
  await sql`CREATE INDEX field_device_keys_account ON field_device_keys (account_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE field_device_keys`.execute(db);
}
