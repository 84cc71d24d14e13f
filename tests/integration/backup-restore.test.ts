// Backup → restore on each engine and from PGlite to PostgreSQL (a commune's laptop joining
// the province's server): every table's row count and a checksum of the registry and the
// support events equal, the indicator figures rebuilt and verified; a corrupt, foreign,
// newer-schema or wrongly-decrypted file and a non-empty target are refused with a message.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Engine, openDatabase } from '../../src/server/db/engine.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { BackupFileError, readBackup } from '../../src/server/features/backups/backup-file.ts';
import { chooseToPrune, makeBackup } from '../../src/server/features/backups/backups.service.ts';
import { restoreBackup } from '../../src/server/features/backups/restore.ts';
import { ENGINES } from '../support/test-database.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cnscd-backup-test-'));
const cleanups: Array<() => Promise<void>> = [];

/** An EMPTY database (no tables) on the engine. */
async function emptyDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const database = await openDatabase({});
    cleanups.push(() => database.close());
    return database;
  }
  const admin = await openDatabase({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
  const name = `cnscd_backup_${randomBytes(5).toString('hex')}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 3 });
  database.pool?.on('error', () => {});
  cleanups.push(async () => {
    await database.close();
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  });
  return database;
}

async function tableCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const tables = (await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_migration%' ORDER BY 1`.execute(db)).rows;
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(db)).rows[0].n;
  return out;
}

/** md5 over the registry and the events, row by row in a fixed order (sync positions left out). */
async function registryChecksum(db: Kysely<DB>): Promise<Record<string, string>> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TIME ZONE 'UTC'`.execute(trx);
    const out: Record<string, string> = {};
    for (const table of ['org_units', 'households', 'people', 'residences', 'support_events', 'support_actions', 'attachments', 'audit_log', 'accounts']) {
      const { rows } = await sql<{ sum: string }>`
        SELECT md5(coalesce(string_agg(j, E'\\n' ORDER BY j), '')) AS sum
        FROM (SELECT (to_jsonb(t) - 'sync_xid')::text AS j FROM ${sql.table(table)} t) x`.execute(trx);
      out[table] = rows[0].sum;
    }
    return out;
  });
}

interface Source { engine: Engine; database: Database; file: string; counts: Record<string, number>; sums: Record<string, string> }
const sources: Partial<Record<Engine, Source>> = {};

async function source(engine: Engine): Promise<Source> {
  if (sources[engine]) return sources[engine]!;
  const database = await emptyDatabase(engine);
  await migrateToLatest(database.db);
  // As of today: the restore rebuilds the figures as of today, so the copies compare.
  await seedDemo(database.db);
  // Encrypted on PGlite (the laptop's copy to a USB drive), plain on PostgreSQL.
  const passphrase = engine === 'pglite' ? 'cum-tu-bi-mat-sao-luu' : undefined;
  const made = await makeBackup(database.db, 'cli', null, { engine, target: path.join(dir, engine), passphrase, scryptWorkFactor: 10 });
  expect(made.verified).toBe(true);
  // `backups` is the machine's own history of files on its disk: not carried over.
  const counts = await tableCounts(database.db);
  expect(made.tables).toBe(Object.keys(counts).length - 1);
  counts.backups = 0;
  sources[engine] = { engine, database, file: made.file, counts, sums: await registryChecksum(database.db) };
  return sources[engine]!;
}
const passphraseOf = (engine: Engine) => (engine === 'pglite' ? 'cum-tu-bi-mat-sao-luu' : undefined);

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const pairs: Array<[Engine, Engine]> = ENGINES.map((e) => [e, e] as [Engine, Engine]);
if (ENGINES.includes('postgres')) pairs.push(['pglite', 'postgres']);

describe.each(pairs)('backup on %s → restore on %s', (from, to) => {
  it('restores every row, the same registry and events, and figures that verify', async () => {
    const src = await source(from);
    const target = await emptyDatabase(to);
    const lines: string[] = [];
    const result = await restoreBackup(target.db, src.file, { passphrase: passphraseOf(from), out: (l) => lines.push(l) });
    expect(result.indicators.differences).toBe(0);
    expect(result.indicators.villages).toBeGreaterThan(10);
    const restored = await tableCounts(target.db);
    const differing = Object.keys(src.counts).filter((t) => restored[t] !== src.counts[t]).map((t) => `${t}: ${src.counts[t]} → ${restored[t]}`);
    expect(differing).toEqual([]);
    expect(src.counts.people).toBeGreaterThan(5000);
    expect(src.counts.support_events).toBeGreaterThan(1000);
    expect(src.counts.attachments).toBeGreaterThan(0);
    const sums = await registryChecksum(target.db);
    const bad = Object.keys(src.sums).filter((t) => sums[t] !== src.sums[t]);
    expect(bad).toEqual([]);
    expect(lines[0]).toMatch(/^Tệp hợp lệ: \d+ bảng/);
    // The restored database works on: a new unit takes the next id, not a restored one.
    const unit = await target.db.insertInto('org_units').values({ level: 'province', name: 'Thử', path: '/x/' }).returning('id').executeTakeFirstOrThrow();
    expect(unit.id).toBeGreaterThan(Math.max(...(await target.db.selectFrom('org_units').select('id').where('name', '<>', 'Thử').execute()).map((u) => u.id)));
    // A second restore into the now non-empty database is refused.
    await expect(restoreBackup(target.db, src.file, { passphrase: passphraseOf(from) })).rejects.toThrow(/chỉ khôi phục vào một thư mục dữ liệu trống/);
  }, 900_000);
});

describe('files that must not be restored', () => {
  let file: string;
  beforeAll(async () => { file = (await source('pglite')).file; }, 900_000);

  async function refusal(bad: string, passphrase?: string): Promise<BackupFileError> {
    const target = await emptyDatabase('pglite');
    const error = await restoreBackup(target.db, bad, { passphrase }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BackupFileError);
    expect(await tableCounts(target.db)).toEqual({}); // nothing written, not even the schema
    return error as BackupFileError;
  }

  /** An unencrypted copy of the PGlite backup, through `change` (entry name, content) → content. */
  async function rewritten(name: string, change: (entry: string, content: Buffer) => Buffer | undefined): Promise<string> {
    const entries: Array<{ name: string; content: Buffer }> = [];
    let manifest: Buffer | undefined;
    await readBackup(file, { passphrase: passphraseOf('pglite'), onManifest: (m) => { manifest = Buffer.from(JSON.stringify(m)); } });
    // Re-read the raw entries through a plain copy.
    const plain = path.join(dir, `${name}-plain.tar`);
    const made = await makeBackup((await source('pglite')).database.db, 'cli', null, { engine: 'pglite', target: plain });
    const extract = tar.extract();
    const done = (async () => {
      for await (const entry of extract as unknown as AsyncIterable<AsyncIterable<Buffer> & { header: { name: string } }>) {
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c);
        entries.push({ name: entry.header.name, content: Buffer.concat(chunks) });
      }
    })();
    extract.end(readFileSync(made.file));
    await done;
    void manifest;
    const pack = tar.pack();
    for (const e of entries) {
      const content = change(e.name, e.content);
      if (content) pack.entry({ name: e.name }, content);
    }
    pack.finalize();
    const out: Buffer[] = [];
    for await (const chunk of pack as unknown as AsyncIterable<Buffer>) out.push(chunk);
    const target = path.join(dir, `${name}.cnscd.tar`);
    writeFileSync(target, Buffer.concat(out));
    return target;
  }

  it('refuses a corrupt, truncated, foreign, newer or wrongly-decrypted file, writing nothing', async () => {
    const flipped = await rewritten('flipped', (name, content) => {
      if (name.endsWith('-people.jsonl.gz')) content[Math.floor(content.length / 2)] ^= 0xff;
      return content;
    });
    expect((await refusal(flipped)).message).toMatch(/bị hỏng: bảng people: /);

    const cut = await rewritten('cut', (name, content) => (name.endsWith('-support_actions.jsonl.gz') ? undefined : content));
    expect((await refusal(cut)).message).toMatch(/bị hỏng: thiếu 1 bảng \(support_actions/);

    const foreignFile = path.join(dir, 'anh-chup.tar');
    writeFileSync(foreignFile, randomBytes(4096));
    const foreign = await refusal(foreignFile);
    expect(foreign.kind).toBe('foreign');
    expect(foreign.message).toContain('không phải bản sao lưu cnscd');

    const newer = await rewritten('newer', (name, content) => {
      if (name !== 'manifest.json') return content;
      const m = JSON.parse(content.toString());
      m.migrations.push('0099-from-the-future');
      return Buffer.from(JSON.stringify(m));
    });
    const newerError = await refusal(newer);
    expect(newerError.kind).toBe('newer');
    expect(newerError.message).toContain('phiên bản cnscd mới hơn');

    expect((await refusal(file)).kind).toBe('passphrase'); // encrypted, no passphrase
    expect((await refusal(file, 'sai mat khau')).message).toMatch(/sai mật khẩu/);
  }, 900_000);
});

it('keeps the last 7 daily and one a week for 8 weeks', () => {
  const day = 86_400_000;
  const start = Date.UTC(2026, 0, 1, 19); // 02:00 in Vietnam
  const kept = Array.from({ length: 90 }, (_, i) => ({ id: String(90 - i), finished_at: new Date(start + (89 - i) * day) })); // newest first
  const pruned = new Set(chooseToPrune(kept, 7, 8));
  const left = kept.filter((b) => !pruned.has(b.id));
  expect(left.slice(0, 7).map((b) => b.id)).toEqual(['90', '89', '88', '87', '86', '85', '84']);
  expect(left.length).toBeLessThanOrEqual(7 + 8);
  expect(left.length).toBeGreaterThanOrEqual(7 + 6);
  expect(Math.min(...left.map((b) => b.finished_at.getTime()))).toBeGreaterThan(start + 89 * day - 8 * 7 * day);
});
