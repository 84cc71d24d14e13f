// An import row's household, as the officer chose it when the file's own could not be made
// (its head refused or skipped): be the head, join another row's household, or join one of
// the registry's. Kept beside the row's fixes, and gone with the row at commit or discard.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_rows ADD COLUMN household_choice jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE import_rows DROP COLUMN household_choice`.execute(db);
}
