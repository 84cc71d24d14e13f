// The backup file (README, "Sao lưu / Backups"): a portable logical copy of the whole
// database that a PGlite laptop and a PostgreSQL server both write and both read, so a
// commune's laptop can move to the province's server with its whole history.
//
//   <name>.cnscd.tar            a tar (tar-stream) of
//     manifest.json             format, version, the app's schema migrations, created at, engine,
//                               and per table: rows, file, bytes and sha256 of the file
//     tables/NNN-<table>.jsonl.gz   one gzip'd JSON line per row (row_to_json), tables in
//                               foreign-key order; attachments are rows (bytea) like the rest
//   <name>.cnscd.tar.age        the same, encrypted with a passphrase in the age format
//                               (age-encryption, scrypt), when a passphrase is given
//
// All tables are read in one REPEATABLE READ transaction: the copy is one consistent moment.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip, createGzip } from 'node:zlib';
import { Decrypter, Encrypter } from 'age-encryption';
import { type Kysely, sql } from 'kysely';
import * as tar from 'tar-stream';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Engine } from '../../db/engine.ts';

export const BACKUP_FORMAT = 'cnscd-backup';
export const BACKUP_VERSION = 1;
const AGE_MAGIC = 'age-encryption.org/v1';

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int(),
  createdAt: z.string(),
  engine: z.enum(['pglite', 'postgres']),
  postgresVersion: z.string(),
  migrations: z.array(z.string()),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int(), file: z.string(), bytes: z.number().int(), sha256: z.string() })),
  sequences: z.array(z.object({ name: z.string(), value: z.string().nullable() })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

/** What a backup file cannot be used for, in words for the operator. */
export class BackupFileError extends Error {
  constructor(readonly kind: 'foreign' | 'corrupt' | 'newer' | 'passphrase' | 'not_empty', message: string) {
    super(message);
    this.name = 'BackupFileError';
  }
}

/**
 * Not copied: Kysely's migration bookkeeping (the manifest lists the migrations) and
 * `backups`, this machine's history of files on its own disks.
 */
const NOT_COPIED = new Set(['backups']);

/** Tables of the app that a backup copies, parents before children. */
export async function tablesInOrder(db: Kysely<DB>): Promise<string[]> {
  const tables = (await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'kysely_migration%'
    ORDER BY c.relname`.execute(db)).rows.map((r) => r.name).filter((name) => !NOT_COPIED.has(name));
  const edges = (await sql<{ child: string; parent: string }>`
    SELECT ch.relname AS child, pa.relname AS parent
    FROM pg_constraint k
    JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = ch.relnamespace
    WHERE k.contype = 'f' AND n.nspname = 'public' AND NOT k.condeferrable AND ch.oid <> pa.oid`.execute(db)).rows;
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)));
    // A cycle of immediate foreign keys would be a schema bug: keep going in name order.
    const pick = next ?? tables.find((t) => !placed.has(t))!;
    ordered.push(pick);
    placed.add(pick);
  }
  return ordered;
}

export async function appliedMigrations(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}

export interface WrittenBackup {
  file: string;
  bytes: number;
  sha256: string;
  encrypted: boolean;
  manifest: Manifest;
  ms: number;
}

export interface WriteOptions {
  /** The file to write; its folder is created. Written under a temporary name, renamed at the end. */
  file: string;
  engine: Engine;
  passphrase?: string;
  /** age's scrypt work factor (log2 N); tests lower it. */
  scryptWorkFactor?: number;
}

/** Rows read per FETCH: a table holding files (bytea) fetches few at a time. */
const FETCH_ROWS = 1000;
const FETCH_ROWS_WITH_FILES = 20;

export async function writeBackup(db: Kysely<DB>, options: WriteOptions): Promise<WrittenBackup> {
  const started = performance.now();
  const work = mkdtempSync(path.join(tmpdir(), 'cnscd-backup-'));
  try {
    const manifest = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
      await sql`SET TRANSACTION READ ONLY`.execute(trx);
      const tables = await tablesInOrder(trx);
      const withFiles = new Set((await sql<{ name: string }>`
        SELECT DISTINCT c.relname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND a.atttypid = 'bytea'::regtype AND a.attnum > 0 AND NOT a.attisdropped`.execute(trx)).rows.map((r) => r.name));
      const entries: Manifest['tables'] = [];
      for (const [index, table] of tables.entries()) {
        const file = `tables/${String(index + 1).padStart(3, '0')}-${table}.jsonl.gz`;
        const target = path.join(work, file.replace('/', '_'));
        const hash = createHash('sha256');
        const gzip = createGzip({ level: 6 });
        const out = createWriteStream(target);
        const done = pipeline(gzip, new Transform({ transform(chunk, _e, cb) { hash.update(chunk); cb(null, chunk); } }), out);
        let rows = 0;
        await sql`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${sql.table(table)} t`.execute(trx);
        for (;;) {
          const batch = (await sql<{ j: string }>`FETCH ${sql.raw(String(withFiles.has(table) ? FETCH_ROWS_WITH_FILES : FETCH_ROWS))} FROM backup_rows`.execute(trx)).rows;
          if (!batch.length) break;
          rows += batch.length;
          if (!gzip.write(`${batch.map((r) => r.j).join('\n')}\n`)) await new Promise((resolve) => gzip.once('drain', resolve));
        }
        await sql`CLOSE backup_rows`.execute(trx);
        gzip.end();
        await done;
        entries.push({ name: table, rows, file, bytes: statSync(target).size, sha256: hash.digest('hex') });
      }
      const sequences = (await sql<{ name: string; value: string | null }>`
        SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`.execute(trx)).rows;
      const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(trx)).rows[0].v;
      return {
        format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), engine: options.engine, postgresVersion: version,
        migrations: await appliedMigrations(trx), tables: entries, sequences,
      } satisfies Manifest;
    });

    // The tar: the manifest first (a reader knows at once whether the file is ours), then the tables.
    const pack = tar.pack();
    const packing = (async () => {
      const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1));
      await new Promise<void>((resolve, reject) => pack.entry({ name: 'manifest.json', size: manifestBytes.length, mtime: new Date() }, manifestBytes, (e) => (e ? reject(e) : resolve())));
      for (const entry of manifest.tables) {
        const source = path.join(work, entry.file.replace('/', '_'));
        await new Promise<void>((resolve, reject) => {
          const sink = pack.entry({ name: entry.file, size: entry.bytes, mtime: new Date() }, (e) => (e ? reject(e) : resolve()));
          const file = createReadStream(source);
          file.on('error', reject);
          file.pipe(sink as unknown as Writable);
        });
      }
      pack.finalize();
    })();
    const partial = `${options.file}.partial`;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(options.file), { recursive: true });
    const fileHash = createHash('sha256');
    const hashing = new Transform({ transform(chunk, _e, cb) { fileHash.update(chunk); cb(null, chunk); } });
    let source: Readable = Readable.from(pack as unknown as AsyncIterable<Buffer>);
    if (options.passphrase) {
      const encrypter = new Encrypter();
      encrypter.setPassphrase(options.passphrase);
      if (options.scryptWorkFactor) encrypter.setScryptWorkFactor(options.scryptWorkFactor);
      const encrypted = await encrypter.encrypt(Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>);
      source = Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>);
    }
    await Promise.all([packing, pipeline(source, hashing, createWriteStream(partial, { mode: 0o600 }))]);
    await rename(partial, options.file);
    return { file: options.file, bytes: statSync(options.file).size, sha256: fileHash.digest('hex'), encrypted: Boolean(options.passphrase), manifest, ms: Math.round(performance.now() - started) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether the file starts as an age-encrypted file does. */
export async function isEncrypted(file: string): Promise<boolean> {
  const { open } = await import('node:fs/promises');
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(AGE_MAGIC.length);
    await handle.read(buffer, 0, buffer.length, 0);
    return buffer.toString('latin1') === AGE_MAGIC;
  } finally {
    await handle.close();
  }
}

/** One table's rows as JSON text lines, handed over in batches while the file is read. */
export type TableReader = (table: Manifest['tables'][number], lines: AsyncIterable<string[]>) => Promise<void>;

/**
 * Reads a backup through: the manifest, then every table's lines (to `onTable`, or only
 * counted), checking each entry's sha256 and row count against the manifest. Throws
 * BackupFileError: 'foreign' (not a cnscd backup), 'corrupt' (checksum, count, a torn file),
 * 'passphrase' (encrypted and no or a wrong passphrase).
 */
export async function readBackup(file: string, options: { passphrase?: string; onManifest?: (m: Manifest) => void | Promise<void>; onTable?: TableReader } = {}): Promise<Manifest> {
  let source: Readable = createReadStream(file);
  if (await isEncrypted(file)) {
    if (!options.passphrase) throw new BackupFileError('passphrase', `Tệp ${path.basename(file)} được mã hoá: cần mật khẩu sao lưu (biến BACKUP_PASSPHRASE). / The backup is encrypted: a passphrase is needed.`);
    const decrypter = new Decrypter();
    decrypter.addPassphrase(options.passphrase);
    try {
      const plain = await decrypter.decrypt(Readable.toWeb(source) as unknown as ReadableStream<Uint8Array>);
      source = Readable.fromWeb(plain as unknown as WebReadableStream<Uint8Array>);
    } catch (error) {
      throw new BackupFileError('passphrase', `Không giải mã được tệp sao lưu: sai mật khẩu hoặc tệp hỏng (${(error as Error).message}). / Wrong passphrase or damaged file.`);
    }
  }
  const extract = tar.extract();
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract as unknown as Writable);
  let manifest: Manifest | undefined;
  let current: string | undefined;
  const seen = new Set<string>();
  try {
    for await (const entry of extract as unknown as AsyncIterable<AsyncIterable<Buffer> & { header: { name: string } }>) {
      const name = entry.header.name;
      if (!manifest) {
        if (name !== 'manifest.json') throw foreign(file);
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        let parsed: unknown;
        try { parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { throw foreign(file); }
        const checked = ManifestSchema.safeParse(parsed);
        if (!checked.success) throw foreign(file);
        if (checked.data.version > BACKUP_VERSION) throw new BackupFileError('newer', `Tệp sao lưu theo định dạng mới hơn (phiên bản ${checked.data.version}) bản cnscd này: hãy cập nhật cnscd trước khi khôi phục. / The backup is of a newer format.`);
        manifest = checked.data;
        await options.onManifest?.(manifest);
        continue;
      }
      const table = manifest.tables.find((t) => t.file === name);
      if (!table || seen.has(name)) throw corrupt(file, `mục lạ "${name}"`);
      seen.add(name);
      current = table.name;
      const hash = createHash('sha256');
      let bytes = 0;
      const hashing = new Transform({ transform(chunk: Buffer, _e, cb) { hash.update(chunk); bytes += chunk.length; cb(null, chunk); } });
      const gunzip = pipelineCallback(Readable.from(entry), hashing, createGunzip(), () => {});
      let rows = 0;
      const lines = batchLines(gunzip, (n) => { rows += n; });
      if (options.onTable) {
        try {
          await options.onTable(table, lines);
        } catch (error) {
          throw new LoadError(error); // the database's refusal, not the file's fault
        }
      }
      else for await (const _batch of lines) { /* count only */ }
      if (bytes !== table.bytes || hash.digest('hex') !== table.sha256) throw corrupt(file, `bảng ${table.name}: mã kiểm tra (sha256) không khớp`);
      if (rows !== table.rows) throw corrupt(file, `bảng ${table.name}: ${rows} dòng, bản kê ghi ${table.rows}`);
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    if (error instanceof LoadError) throw error.cause;
    const message = (error as Error).message;
    if (!manifest) throw foreign(file);
    throw corrupt(file, current ? `bảng ${current}: ${message}` : message);
  }
  if (!manifest) throw foreign(file);
  const missing = manifest.tables.filter((t) => !seen.has(t.file));
  if (missing.length) throw corrupt(file, `thiếu ${missing.length} bảng (${missing.slice(0, 3).map((t) => t.name).join(', ')}…), tệp bị cắt?`);
  return manifest;
}

/** Lines of a gunzipped stream in batches of at most ~4 MB or 2,000 lines. */
async function* batchLines(stream: Readable, counted: (n: number) => void): AsyncIterable<string[]> {
  let rest = '';
  let batch: string[] = [];
  let size = 0;
  stream.setEncoding('utf8'); // a character split between two chunks is joined, not mangled
  for await (const chunk of stream) {
    const text = rest + (chunk as string);
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      if (!line) continue;
      batch.push(line);
      size += line.length;
      if (batch.length >= 2000 || size >= 4_000_000) {
        counted(batch.length);
        yield batch;
        batch = [];
        size = 0;
      }
    }
  }
  if (rest) batch.push(rest);
  if (batch.length) {
    counted(batch.length);
    yield batch;
  }
}

class LoadError extends Error {
  constructor(cause: unknown) {
    super('load', { cause });
  }
}

function foreign(file: string): BackupFileError {
  return new BackupFileError('foreign', `Tệp ${path.basename(file)} không phải bản sao lưu cnscd (không có bản kê manifest.json hợp lệ ở đầu tệp). / Not a cnscd backup.`);
}

function corrupt(file: string, why: string): BackupFileError {
  return new BackupFileError('corrupt', `Tệp sao lưu ${path.basename(file)} bị hỏng: ${why}. Không khôi phục từ tệp này. / The backup is corrupt.`);
}
