// Backup and restore time and size (README, "Sao lưu / Backups").
//   npx tsx bench/backup.ts              the demo commune on PGlite: seed a fresh folder, back
//                                        it up (write + read back), restore into a new folder
//   npx tsx bench/backup.ts --province   the province bench database (BENCH_DATABASE_URL) on
//                                        PostgreSQL: back it up, restore into a new database
//                                        (dropped after), when that database exists
// Prints one line per step: rows, tables, file size, seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { makeBackup } from '../src/server/features/backups/backups.service.ts';
import { restoreBackup } from '../src/server/features/backups/restore.ts';
import { BENCH_URL } from './bench-support.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const size = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const work = mkdtempSync(path.join(tmpdir(), 'cnscd-bench-backup-'));

async function demo() {
  const source = await openDatabase({ dataDir: path.join(work, 'data') });
  await migrateToLatest(source.db);
  const seeding = performance.now();
  await seedDemo(source.db);
  console.log(`demo commune seeded in ${seconds(performance.now() - seeding)} (not measured below)`);
  const made = await makeBackup(source.db, 'cli', null, { engine: 'pglite', target: path.join(work, 'backups') });
  console.log(`PGlite backup: ${made.rows} rows, ${made.tables} tables, ${size(made.bytes)}, write ${seconds(made.writeMs)}, read back ${seconds(made.verifyMs)}`);
  const encrypted = await makeBackup(source.db, 'cli', null, { engine: 'pglite', target: path.join(work, 'backups'), passphrase: 'bench' });
  console.log(`PGlite backup, encrypted (age, scrypt): ${size(encrypted.bytes)}, write ${seconds(encrypted.writeMs)}, read back ${seconds(encrypted.verifyMs)}`);
  await source.close();
  const target = await openDatabase({ dataDir: path.join(work, 'restored') });
  const restored = await restoreBackup(target.db, made.file);
  console.log(`PGlite restore into an empty folder: ${restored.rows} rows in ${seconds(restored.ms)} (with the indicators rebuilt for ${restored.indicators.villages} villages and verified: ${restored.indicators.differences} differences)`);
  await target.close();
  if (process.env.TEST_DATABASE_URL || process.env.BENCH_POSTGRES_URL) {
    const adminUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_DATABASE_URL!;
    const admin = await openDatabase({ url: adminUrl, poolSize: 1 });
    const name = `cnscd_bench_restore_${Date.now()}`;
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const pg = await openDatabase({ url: url.toString(), poolSize: 2 });
    const moved = await restoreBackup(pg.db, made.file);
    console.log(`the same file restored on PostgreSQL (laptop → province server): ${seconds(moved.ms)}, ${moved.indicators.differences} differences`);
    await pg.close();
    await sql`DROP DATABASE ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  }
}

async function province() {
  const source = await openDatabase({ url: BENCH_URL, poolSize: 2 }).catch(() => undefined);
  const exists = source && (await sql`SELECT 1 FROM kysely_migration LIMIT 1`.execute(source.db).then(() => true, () => false));
  if (!source || !exists) {
    console.log(`province: no bench database at ${BENCH_URL} (npm run bench:load makes it): not measured`);
    await source?.close();
    return;
  }
  const made = await makeBackup(source.db, 'cli', null, { engine: 'postgres', target: path.join(work, 'backups') });
  console.log(`PostgreSQL province backup: ${made.rows} rows, ${made.tables} tables, ${size(made.bytes)}, write ${seconds(made.writeMs)}, read back ${seconds(made.verifyMs)}`);
  // The bench database keeps no history of this run's backup.
  await sql`DELETE FROM backups WHERE id = ${made.id}`.execute(source.db);
  await source.close();
  const admin = await openDatabase({ url: BENCH_URL, poolSize: 1 });
  const name = `cnscd_bench_restore_${Date.now()}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(BENCH_URL);
  url.pathname = `/${name}`;
  const target = await openDatabase({ url: url.toString(), poolSize: 2 });
  try {
    const restored = await restoreBackup(target.db, made.file);
    console.log(`PostgreSQL province restore: ${restored.rows} rows in ${seconds(restored.ms)} (indicators rebuilt for ${restored.indicators.villages} villages, ${restored.indicators.differences} differences)`);
  } finally {
    await target.close();
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  }
}

try {
  if (process.argv.includes('--province')) await province();
  else await demo();
} finally {
  rmSync(work, { recursive: true, force: true });
}
