// Export bench: the province's 500,000 households (and, optionally, its ≈2 M people) as
// .xlsx through the real HTTP route of a server running in its own process, on the
// province-scale PostgreSQL database. Prints time, size and the server's peak memory
// (goal: under 300 MB). Reads the database only; it adds a bench account (removed after)
// and the audit rows of its login and exports (the audit log is append-only).
//
//   npx tsx bench/export-bench.ts          households of the province (500 k rows)
//   BENCH_EXPORT_PEOPLE=1                  also every resident of the province (≈2 M rows)
//   BENCH_EXPORT_VERIFY=1                  read each file back and count its rows
//   BENCH_DATABASE_URL                     default postgres://postgres@127.0.0.1:5432/cnscd_bench
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';
import { BENCH_URL, ROOT, buildServer, loginCookie, mb, peakRssOf, rssOf, sampleRss, startServerProcess } from './bench-support.ts';

export interface ExportFigure {
  label: string;
  rows: number;
  bytes: number;
  firstByteMs: number;
  totalMs: number;
  peakRss: number;
  verifiedRows?: number;
}

export interface ExportBenchOptions {
  databaseUrl?: string;
  /** Bundle the server first (skip when the caller has just built it). */
  build?: boolean;
  /** Also export every resident of the province (≈2 M rows). */
  people?: boolean;
  /** Read each downloaded file back with exceljs and count its rows (slow). */
  verify?: boolean;
}

/** Runs the export bench and prints its figures; returns them for the caller's summary. */
export async function exportFigures(options: ExportBenchOptions = {}): Promise<ExportFigure[]> {
  const url = options.databaseUrl ?? BENCH_URL;
  console.log(`\n== Export to .xlsx, PostgreSQL province (${url.replace(/\/\/[^@]*@/, '//')}) ==`);
  const username = `bench.export.${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const database = await openDatabase({ url, poolSize: 1 });
  let accountId: string | undefined;
  try {
    // The bench database may predate a migration until a server has started on it.
    await migrateToLatest(database.db);
    const province = await database.db.selectFrom('org_units').select('id').where('level', '=', 'province').orderBy('id').executeTakeFirstOrThrow();
    accountId = uuidv7();
    await database.db.insertInto('accounts').values({
      id: accountId, username, full_name: 'Benchmark xuất Excel', role: 'admin', org_unit_id: province.id, password_hash: await hashPassword(password),
    }).execute();
  } finally {
    await database.close();
  }

  if (options.build !== false) buildServer();
  const server = await startServerProcess({ DATABASE_URL: url });
  const figures: ExportFigure[] = [];
  const tmp = path.join(ROOT, '.tmp/export-bench');
  mkdirSync(tmp, { recursive: true });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const pid = server.child.pid!;
    console.log(`  server RSS at rest: ${mb(rssOf(pid))}`);
    const cookie = await loginCookie(server.url, username, password);
    const runs: Array<[string, string]> = [['households of the province (admin)', '/api/households/export.xlsx']];
    if (options.people) runs.push(['residents of the province (admin)', '/api/people/export.xlsx']);
    for (const [label, pathname] of runs) {
      const file = path.join(tmp, `${pathname.split('/')[2]}.xlsx`);
      const figure = await timedDownload(server.url + pathname, cookie, pid, file);
      const result: ExportFigure = { label, ...figure };
      if (options.verify) result.verifiedRows = await countRows(file);
      figures.push(result);
      console.log(
        `  ${label}: ${result.rows.toLocaleString('en-US')} rows, ${mb(result.bytes)} file, first byte ${(result.firstByteMs / 1000).toFixed(2)} s, ` +
        `total ${(result.totalMs / 1000).toFixed(1)} s (${Math.round(result.rows / (result.totalMs / 1000)).toLocaleString('en-US')} rows/s), ` +
        `server peak RSS ${mb(result.peakRss)}` + (result.verifiedRows === undefined ? '' : `, read back: ${result.verifiedRows.toLocaleString('en-US')} rows`),
      );
    }
    console.log(`  server peak RSS since start (VmHWM): ${mb(peakRssOf(pid))}`);
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
    const cleanup = await openDatabase({ url, poolSize: 1 });
    try {
      await cleanup.db.deleteFrom('sessions').where('account_id', '=', accountId!).execute();
      await cleanup.db.deleteFrom('accounts').where('id', '=', accountId!).execute();
    } finally {
      await cleanup.close();
    }
  }
  return figures;
}

/** Downloads a file as a browser would, while sampling the server's memory. */
async function timedDownload(url: string, cookie: string, pid: number, file: string) {
  const sampler = sampleRss(pid);
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  if (!res.ok || !res.body) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  let firstByteMs = 0;
  let bytes = 0;
  const out = createWriteStream(file);
  for await (const chunk of res.body) {
    if (!bytes) firstByteMs = performance.now() - started;
    bytes += chunk.length;
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  const totalMs = performance.now() - started;
  return { rows: Number(res.headers.get('x-export-rows')), bytes, firstByteMs, totalMs, peakRss: sampler.stop() };
}

/** Data rows of the first sheet, read back as a stream (the header row is not counted). */
async function countRows(file: string): Promise<number> {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore' });
  for await (const sheet of reader) {
    for await (const _row of sheet) rows += 1;
    break;
  }
  return rows - 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await exportFigures({ people: process.env.BENCH_EXPORT_PEOPLE === '1', verify: process.env.BENCH_EXPORT_VERIFY === '1' });
}
