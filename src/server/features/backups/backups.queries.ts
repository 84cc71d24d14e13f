// All of the backups feature's SQL.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

export type BackupKind = 'nightly' | 'manual' | 'cli';

export async function insertBackupRow(db: Kysely<DB>, row: { kind: BackupKind; createdBy: string | null }): Promise<string> {
  const { id } = await db.insertInto('backups').values({ kind: row.kind, created_by: row.createdBy, file: null, finished_at: null, byte_size: null, sha256: null, error: null, pruned_at: null }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function finishBackupRow(db: Kysely<DB>, id: string, result: { file: string | null; bytes: number | null; sha256: string | null; encrypted: boolean; verified: boolean; error: string | null }): Promise<void> {
  await db.updateTable('backups').set({
    finished_at: sql<Date>`now()`, file: result.file, byte_size: result.bytes, sha256: result.sha256, encrypted: result.encrypted, verified: result.verified, error: result.error,
  }).where('id', '=', id).execute();
}

export async function listBackupRows(db: Kysely<DB>, limit: number) {
  return db.selectFrom('backups as b').leftJoin('accounts as a', 'a.id', 'b.created_by')
    .select(['b.id', 'b.kind', 'b.started_at', 'b.finished_at', 'b.file', 'b.byte_size', 'b.sha256', 'b.encrypted', 'b.verified', 'b.error', 'b.pruned_at', 'a.full_name as created_by_name'])
    .orderBy('b.id', 'desc').limit(limit).execute();
}

/** The newest backup that was written and read back whole, not yet pruned. */
export async function lastGoodBackup(db: Kysely<DB>) {
  return db.selectFrom('backups').select(['id', 'finished_at', 'file', 'byte_size'])
    .where('verified', '=', true).where('error', 'is', null).where('finished_at', 'is not', null)
    .orderBy('finished_at', 'desc').limit(1).executeTakeFirst();
}

/** Good backups still on disk, newest first (the retention rule chooses among them). */
export async function keptBackups(db: Kysely<DB>) {
  return db.selectFrom('backups').select(['id', 'file', 'finished_at'])
    .where('verified', '=', true).where('error', 'is', null).where('pruned_at', 'is', null).where('file', 'is not', null)
    .orderBy('finished_at', 'desc').execute();
}

export async function markPruned(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (ids.length) await db.updateTable('backups').set({ pruned_at: sql<Date>`now()` }).where('id', 'in', ids).execute();
}

/** Whether a backup started today (Vietnam's day) already, for the nightly run after a restart. */
export async function backupSince(db: Kysely<DB>, since: Date, kind: BackupKind): Promise<boolean> {
  const row = await db.selectFrom('backups').select('id').where('kind', '=', kind).where('started_at', '>=', since).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** When the database got its first unit (its first data). */
export async function databaseBornAt(db: Kysely<DB>): Promise<Date | undefined> {
  const row = await db.selectFrom('org_units').select((eb) => eb.fn.min('created_at').as('at')).executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : undefined;
}
