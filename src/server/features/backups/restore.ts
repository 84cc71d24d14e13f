// Restores a backup file (backup-file.ts) into an EMPTY database, PGlite or PostgreSQL,
// whichever engine wrote it:
//   1. the whole file is read once and checked (manifest, every table's sha256 and rows):
//      a foreign, corrupt or newer-schema file is refused before anything is written;
//   2. the schema is built with exactly the backup's migrations;
//   3. every table is loaded in ONE transaction, in the manifest's (foreign-key) order, with
//      the app's triggers off for the load (the rows are copied as they were, no sync or
//      indicator marks are made) and foreign keys checked; sequences set; commit;
//   4. later migrations of this version applied; the indicator aggregates rebuilt from the
//      restored registry and verified.
// Transaction ids do not travel between databases: xid8 columns (sync positions) get the
// restoring transaction's id, so every restored row counts as changed at the restore.
import { type Kysely, Migrator, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { migrateToLatest, migrations } from '../../db/migrate.ts';
import { rebuildAggregates, verifyAggregates } from '../indicators/aggregates-rebuild.ts';
import { BackupFileError, type Manifest, readBackup } from './backup-file.ts';

export interface RestoreResult {
  manifest: Manifest;
  rows: number;
  /** Migrations this version applied after the load (the backup was older). */
  migrated: string[];
  indicators: { villages: number; differences: number };
  ms: number;
}

/** Whether the database holds no app rows (a fresh PostgreSQL database, an empty PGlite folder). */
export async function databaseIsEmpty(db: Kysely<DB>): Promise<boolean> {
  const tables = (await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'kysely_migration%'`.execute(db)).rows;
  for (const { name } of tables) {
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one FROM ${sql.table(name)} LIMIT 1`.execute(db);
    if (rows.length) return false;
  }
  return true;
}

async function appliedNow(db: Kysely<DB>): Promise<string[]> {
  try {
    return (await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db)).rows.map((r) => r.name);
  } catch {
    return [];
  }
}

export async function restoreBackup(db: Kysely<DB>, file: string, options: { passphrase?: string; out?: (line: string) => void } = {}): Promise<RestoreResult> {
  const started = performance.now();
  const out = options.out ?? (() => {});
  // 1. Check the file whole, and the database empty, before writing anything.
  if (!(await databaseIsEmpty(db))) {
    throw new BackupFileError('not_empty', 'Cơ sở dữ liệu đích đã có dữ liệu: chỉ khôi phục vào một thư mục dữ liệu trống (DATA_DIR mới) hoặc một cơ sở dữ liệu PostgreSQL mới tạo. / Restore only into an empty database.');
  }
  const manifest = await readBackup(file, { passphrase: options.passphrase });
  const unknown = manifest.migrations.filter((name) => !migrations[name]);
  if (unknown.length) {
    throw new BackupFileError('newer', `Bản sao lưu được làm bởi phiên bản cnscd mới hơn (có thay đổi cấu trúc ${unknown.join(', ')} mà bản này chưa có): hãy cập nhật cnscd rồi khôi phục. / The backup comes from a newer cnscd.`);
  }
  const applied = await appliedNow(db);
  const extra = applied.filter((name) => !manifest.migrations.includes(name));
  if (extra.length) {
    throw new BackupFileError('not_empty', `Cơ sở dữ liệu đích đã được tạo cấu trúc mới hơn bản sao lưu (${extra.join(', ')}): hãy khôi phục vào một cơ sở dữ liệu chưa tạo bảng nào. / The target database has a newer schema than the backup.`);
  }
  out(`Tệp hợp lệ: ${manifest.tables.length} bảng, ${manifest.tables.reduce((s, t) => s + t.rows, 0)} dòng, làm lúc ${manifest.createdAt} trên ${manifest.engine}.`);

  // 2. The schema as the backup had it.
  const subset = Object.fromEntries(manifest.migrations.map((name) => [name, migrations[name]]));
  const migrator = new Migrator({ db, provider: { getMigrations: async () => subset }, allowUnorderedMigrations: true });
  const built = await migrator.migrateToLatest();
  if (built.error) throw built.error;

  // 3. One transaction for all the rows.
  const columns = (await sql<{ table: string; column: string; type: string; generated: string }>`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated::text AS generated
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(db)).rows;
  let rows = 0;
  // Some immediate foreign keys form cycles (households → team_members → … → households):
  // for the load every foreign key is checked at the end instead, then put back as it was.
  const immediate = (await sql<{ table: string; name: string }>`
    SELECT c.relname AS table, k.conname AS name FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public' AND NOT k.condeferrable`.execute(db)).rows;
  await db.transaction().execute(async (trx) => {
    for (const fk of immediate) await sql`ALTER TABLE ${sql.table(fk.table)} ALTER CONSTRAINT ${sql.id(fk.name)} DEFERRABLE INITIALLY DEFERRED`.execute(trx);
    await sql`SET CONSTRAINTS ALL DEFERRED`.execute(trx);
    for (const table of manifest.tables) await sql`ALTER TABLE ${sql.table(table.name)} DISABLE TRIGGER USER`.execute(trx);
    await readBackup(file, {
      passphrase: options.passphrase,
      async onTable(table, lines) {
        const own = columns.filter((c) => c.table === table.name && !c.generated);
        if (!own.length) throw new BackupFileError('newer', `Bảng ${table.name} của bản sao lưu không có ở cơ sở dữ liệu đích.`);
        const names = sql.join(own.map((c) => sql.ref(c.column)));
        const values = sql.join(own.map((c) => (c.type === 'xid8' ? sql`pg_current_xact_id()` : sql.ref(`r.${c.column}`))));
        for await (const batch of lines) {
          await sql`INSERT INTO ${sql.table(table.name)} (${names}) OVERRIDING SYSTEM VALUE
            SELECT ${values} FROM json_populate_recordset(NULL::${sql.table(table.name)}, ${`[${batch.join(',')}]`}::json) r`.execute(trx);
          rows += batch.length;
        }
        out(`  ${table.name}: ${table.rows} dòng`);
      },
    });
    for (const seq of manifest.sequences) {
      if (seq.value !== null) await sql`SELECT setval(${seq.name}::regclass, ${seq.value}::bigint, true)`.execute(trx);
    }
    await sql`SET CONSTRAINTS ALL IMMEDIATE`.execute(trx); // every foreign key checked now
    for (const fk of immediate) await sql`ALTER TABLE ${sql.table(fk.table)} ALTER CONSTRAINT ${sql.id(fk.name)} NOT DEFERRABLE`.execute(trx);
    for (const table of manifest.tables) await sql`ALTER TABLE ${sql.table(table.name)} ENABLE TRIGGER USER`.execute(trx);
  });

  // 4. This version's later migrations, then the figures from the restored registry.
  const migrated = await migrateToLatest(db);
  out('Đang tính lại chỉ số từ dữ liệu vừa khôi phục…');
  const rebuilt = await rebuildAggregates(db);
  const verified = await verifyAggregates(db);
  return { manifest, rows, migrated, indicators: { villages: rebuilt.villages, differences: verified.differenceCount }, ms: Math.round(performance.now() - started) };
}
