// Import of a 10,000-row messy spreadsheet: upload + preview and commit times, and the peak
// RSS of the process, on PGlite (a temporary folder) and on PostgreSQL (a scratch database
// created and dropped here). The file is generated deterministically: a title row, two
// sheets (one per village), dates in every form commune lists use, names in decomposed
// Unicode or with double spaces, CCCDs as numbers (lost leading zeros) or with spaces/dots.
//
//   npx tsx bench/import-bench.ts     PGlite, then PostgreSQL at BENCH_IMPORT_URL
//   BENCH_IMPORT_URL     an admin URL (default postgres://postgres@127.0.0.1:5432/postgres):
//                        the scratch database is created beside it and dropped
//   BENCH_IMPORT_SKIP_POSTGRES=1, BENCH_IMPORT_ROWS=10000
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/server/app.ts';
import { type Database, type Engine, openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import type { DB } from '../src/server/db/schema.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';
import { makeCccd } from '../src/shared/cccd.ts';

export interface ImportBenchResult {
  engine: Engine;
  rows: number;
  uploadMs: number;
  previewMs: number;
  commitMs: number;
  /** Preview of the same file again after the commit: every row matches ("không thay đổi"). */
  reimportPreviewMs: number;
  /** Another page of the same preview. */
  pageMs: number;
  peakRssBytes: number;
  /** The process's RSS with the database open, before the upload. */
  rssBeforeBytes: number;
  fileBytes: number;
}

// ---- the messy file ----

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAMILY = ['Nguyễn', 'Hoàng', 'Nông', 'Triệu', 'Bàn', 'Lý', 'Ma', 'Lường', 'Hà', 'Đặng', 'Giàng', 'Vàng', 'Sùng', 'Lò', 'Phùng', 'Dương'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'A'];
const MIDDLE_F = ['Thị', 'Thị', 'Thu', 'Ngọc', 'Thị Hồng'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Tuấn', 'Việt', 'Páo', 'Sính', 'Chiến', 'Đạt'];
const GIVEN_F = ['Anh', 'Bích', 'Chi', 'Dung', 'Hà', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Vân', 'Xuân', 'Yến', 'Mỷ', 'Dua'];
const ETHNIC = ['Tày', 'Tày', 'Kinh', "H'Mông", 'Hmông', 'Dao', 'Nùng', 'Mông'];
const SEX_TEXT = { male: ['Nam', 'nam', 'NAM', 'M'], female: ['Nữ', 'nữ', 'NỮ', 'F', 'Nu'] };

/** A birth date written in one of the forms commune lists use (a third of them as real Excel dates). */
function messyDate(y: number, m: number, d: number, pick: number): ExcelJS.CellValue {
  const dd = String(d).padStart(2, '0');
  const mm = String(m).padStart(2, '0');
  switch (pick % 9) {
    case 0: case 1: case 2: return new Date(Date.UTC(y, m - 1, d));
    case 3: return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000); // an Excel serial in a general cell
    case 4: return `${dd}/${m}/${y}`;
    case 5: return `${d}-${m}-${y}`;
    case 6: return `${d}.${mm}.${y}`;
    case 7: return String(y);
    default: return `${mm}/${y}`;
  }
}

/**
 * A deterministic messy .xlsx of about `rows` people in households of 1–6, over two sheets
 * (one per village) with a title row above the header.
 */
export async function messyWorkbook(rows = 10_000, sheetNames = ['Thôn Nà Pồng', 'Thôn Bản Bó'], seed = 20260101): Promise<Buffer> {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const workbook = new ExcelJS.Workbook();
  let serial = 0;
  for (const [s, sheetName] of sheetNames.entries()) {
    const sheet = workbook.addWorksheet(sheetName);
    sheet.addRow([`DANH SÁCH NHÂN KHẨU ${sheetName.toUpperCase()} - XÃ BẠCH NGỌC`]);
    sheet.mergeCells(1, 1, 1, 11);
    sheet.addRow([]);
    sheet.addRow(['STT', 'Họ và tên', 'Ngày tháng năm sinh', 'Giới tính', 'Số CCCD/Số định danh', 'Quan hệ với chủ hộ', 'Số hộ', 'Dân tộc', 'SĐT', 'Xóm', 'Ghi chú']);
    const target = Math.floor(rows / sheetNames.length) + (s === 0 ? rows % sheetNames.length : 0);
    let written = 0;
    let household = 0;
    while (written < target) {
      household++;
      const size = Math.min(target - written, 1 + Math.floor(rnd() * 6));
      const family = pick(FAMILY);
      const ethnic = pick(ETHNIC);
      const hamlet = `Xóm ${1 + Math.floor(rnd() * 6)}`;
      const headYear = 1940 + Math.floor(rnd() * 60);
      for (let i = 0; i < size; i++) {
        const sex = i === 0 ? (rnd() < 0.8 ? 'male' : 'female') : i === 1 ? 'female' : rnd() < 0.5 ? 'male' : 'female';
        const year = i < 2 ? headYear + (i === 1 ? Math.floor(rnd() * 5) : 0) : Math.min(2024, headYear + 18 + Math.floor(rnd() * 25));
        const month = 1 + Math.floor(rnd() * 12);
        const day = 1 + Math.floor(rnd() * 28);
        const name = `${i === 1 ? pick(FAMILY) : family} ${pick(sex === 'male' ? MIDDLE_M : MIDDLE_F)} ${pick(sex === 'male' ? GIVEN_M : GIVEN_F)}`;
        // Decomposed accents in a third of the names, a double space in a tenth.
        const written_ = rnd() < 0.33 ? name.normalize('NFD') : rnd() < 0.15 ? name.replace(' ', '  ') : name;
        const relation = i === 0 ? 'Chủ hộ' : i === 1 ? 'Vợ' : pick(['Con', 'Con trai', 'Con gái', 'Cháu', 'Con dâu']);
        const sexOfRelation = relation === 'Con trai' ? 'male' : relation === 'Con gái' || relation === 'Con dâu' ? 'female' : sex;
        serial++;
        const cccd = year <= 2010 ? makeCccd('008', sexOfRelation, year, serial) : null;
        // CCCD as a number (its two leading zeros lost), with spaces, with dots, or plain text.
        const cccdCell: ExcelJS.CellValue = cccd === null ? null
          : serial % 4 === 0 ? Number(cccd) : serial % 4 === 1 ? `${cccd.slice(0, 3)} ${cccd.slice(3, 6)} ${cccd.slice(6, 9)} ${cccd.slice(9)}` : serial % 4 === 2 ? `${cccd.slice(0, 4)}.${cccd.slice(4, 8)}.${cccd.slice(8)}` : cccd;
        const digits = `9${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
        // A phone with spaces, with +84, with dots, or as a number that lost its 0.
        const phoneCell: ExcelJS.CellValue = rnd() < 0.6 ? null
          : pick([`0${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`, `+84 ${digits}`, `0${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`, Number(digits)]);
        sheet.addRow([
          written + 1, written_, messyDate(year, month, day, Math.floor(rnd() * 9)), pick(SEX_TEXT[sexOfRelation]), cccdCell,
          relation, household, ethnic, phoneCell, hamlet, rnd() < 0.05 ? 'Đi làm ăn xa' : null,
        ]);
        written++;
      }
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---- the run ----

const PASSWORD = 'bench-import-1';

async function setUp(db: Kysely<DB>) {
  const unit = async (parent: { id: number; path: string } | null, level: 'province' | 'commune' | 'village', name: string) => {
    const row = await db.insertInto('org_units').values({ parent_id: parent?.id ?? null, level, name, path: `tmp-${uuidv7()}` }).returning('id').executeTakeFirstOrThrow();
    const unitPath = `${parent?.path ?? '/'}${row.id}/`;
    await db.updateTable('org_units').set({ path: unitPath }).where('id', '=', row.id).execute();
    return { id: row.id, path: unitPath };
  };
  const province = await unit(null, 'province', 'Tuyên Quang');
  const commune = await unit(province, 'commune', 'Bạch Ngọc');
  for (const name of ['Thôn Nà Pồng', 'Thôn Bản Bó', 'Thôn Khuổi Phầy']) await unit(commune, 'village', name);
  await db.insertInto('accounts').values({
    id: uuidv7(), username: 'bench.import', full_name: 'Benchmark', role: 'culture_office', org_unit_id: commune.id, password_hash: await hashPassword(PASSWORD),
  }).execute();
}

/** Runs the import scenario on an open, migrated, empty database. */
export async function benchImport(database: Database, file: Buffer, rows: number): Promise<ImportBenchResult> {
  await setUp(database.db);
  const app = await buildApp({ db: database.db, config: { secureCookies: false, webDir: '/nonexistent', logLevel: 'warn', demo: false }, logger: false });
  await app.ready();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  try {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: 'bench.import', password: PASSWORD } });
    const session = login.cookies.find((c) => c.name === 'cnscd_session')!.value;
    const headers = { cookie: `cnscd_session=${session}`, 'x-csrf-token': login.json().csrfToken as string };
    const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const response = await app.inject({ method, url, headers, payload: payload as never });
      peak = Math.max(peak, process.memoryUsage().rss);
      if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body.slice(0, 500)}`);
      return response.json();
    };
    const upload = async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'danh-sach-nhan-khau.xlsx');
      return call('POST', '/api/imports', form);
    };

    let t = performance.now();
    const batch = await upload();
    const uploadMs = performance.now() - t;
    const preview = await call('GET', `/api/imports/${batch.id}/preview?pageSize=100`);
    const previewMs = performance.now() - t;
    if (!preview.summary.canCommit && preview.summary.errorRows) throw new Error(`the bench file has ${preview.summary.errorRows} rows with errors`);
    t = performance.now();
    await call('GET', `/api/imports/${batch.id}/preview?pageSize=100&page=50`);
    const pageMs = performance.now() - t;

    t = performance.now();
    const committed = await call('POST', `/api/imports/${batch.id}/commit`, { confirmWarnings: true });
    const commitMs = performance.now() - t;
    if (committed.summary.newPeople !== rows) throw new Error(`committed ${committed.summary.newPeople} people of ${rows}`);

    t = performance.now();
    const again = await upload();
    const reimport = await call('GET', `/api/imports/${again.id}/preview?pageSize=1`);
    const reimportPreviewMs = performance.now() - t;
    if (reimport.summary.unchangedPeople !== rows) throw new Error(`re-import: ${reimport.summary.unchangedPeople} unchanged of ${rows}`);
    return { engine: database.engine, rows, uploadMs, previewMs, commitMs, reimportPreviewMs, pageMs, peakRssBytes: peak, rssBeforeBytes: rssBefore, fileBytes: file.length };
  } finally {
    clearInterval(sampler);
    await app.close();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export function formatImportResult(r: ImportBenchResult): string {
  return `import ${r.rows.toLocaleString('en-US')} rows [${r.engine}]: preview ${seconds(r.previewMs)} (upload ${seconds(r.uploadMs)}; next page ${Math.round(r.pageMs)} ms), commit ${seconds(r.commitMs)}, `
    + `re-import preview ${seconds(r.reimportPreviewMs)}, peak RSS ${megabytes(r.peakRssBytes)} (${megabytes(r.rssBeforeBytes)} before the upload; file ${(r.fileBytes / 1024 / 1024).toFixed(1)} MB)`;
}

/** One engine, in this process: PGlite in a temporary folder, or PostgreSQL in a scratch database created beside `adminUrl` and dropped. */
export async function benchImportOn(engine: Engine, file: Buffer, rows: number, adminUrl?: string): Promise<ImportBenchResult> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'cnscd-import-bench-'));
    const pglite = await openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(pglite.db);
      return await benchImport(pglite, file, rows);
    } finally {
      await pglite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (!adminUrl) throw new Error('benchImportOn(postgres) needs an admin URL');
  const admin = await openDatabase({ url: adminUrl, poolSize: 1 });
  const name = `cnscd_import_bench_${Date.now().toString(36)}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const postgres = await openDatabase({ url: url.toString(), poolSize: 4 });
  postgres.pool?.on('error', () => {});
  try {
    await migrateToLatest(postgres.db);
    return await benchImport(postgres, file, rows);
  } finally {
    await postgres.close();
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  }
}

/**
 * The figures for `npm run bench`: the file is generated once, then each engine runs in a
 * child process of its own, so one engine's memory does not count in the other's peak RSS.
 * PostgreSQL is skipped when `postgresAdminUrl` is null.
 */
export async function runImportBench(options: { rows?: number; postgresAdminUrl?: string | null; print?: (line: string) => void } = {}): Promise<ImportBenchResult[]> {
  const rows = options.rows ?? 10_000;
  const print = options.print ?? console.log;
  const dir = mkdtempSync(path.join(tmpdir(), 'cnscd-import-file-'));
  const filePath = path.join(dir, 'messy.xlsx');
  writeFileSync(filePath, await messyWorkbook(rows));
  const results: ImportBenchResult[] = [];
  try {
    const engines: Engine[] = options.postgresAdminUrl ? ['pglite', 'postgres'] : ['pglite'];
    for (const engine of engines) {
      const output = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', engine, filePath, String(rows), options.postgresAdminUrl ?? ''], {
        cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024,
      });
      const result = JSON.parse(output.trim().split('\n').at(-1)!) as ImportBenchResult;
      results.push(result);
      print(formatImportResult(result));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, engine, filePath, rows, adminUrl] = process.argv.slice(2);
  if (flag === '--child') {
    const result = await benchImportOn(engine as Engine, readFileSync(filePath), Number(rows), adminUrl || undefined);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    await runImportBench({
      rows: Number(process.env.BENCH_IMPORT_ROWS ?? 10_000),
      postgresAdminUrl: process.env.BENCH_IMPORT_SKIP_POSTGRES ? null : (process.env.BENCH_IMPORT_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'),
    });
  }
}
