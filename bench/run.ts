// `npm run bench`: prints the figures the issues ask for. Timings are medians/percentiles of
// repeated real requests against a real server process; nothing here is a pass/fail test.
//
//   BENCH_DATABASE_URL  province-scale PostgreSQL (default postgres://postgres@127.0.0.1:5432/cnscd_bench);
//                       loaded with bench/population/load-province.ts when empty or absent.
//   BENCH_SKIP_PROVINCE=1  only the PGlite figures.
//   BENCH_SKIP_SYNC=1      no field-app sync figures (bench/sync.ts).
//   BENCH_SKIP_REPORTS=1   no report figures (bench/reports.ts).
//   BENCH_SKIP_COMM_SYNC=1 no offline communication batch over a 3G-like link (bench/communication-sync.ts).
//   BENCH_SKIP_PEAK=1      no evening peak of 10,000 phones (bench/evening-peak.ts).
//   BENCH_SKIP_AWARDS=1   no emulation-award candidate figures (bench/awards.ts).
//   BENCH_SKIP_LIGHTHOUSE=1 no Lighthouse figures for the login, field and dashboard pages (bench/lighthouse.ts).
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../src/server/db/engine.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';
import { BENCH_URL, ROOT, buildServer, mb, percentile, rssOf, startServerProcess } from './bench-support.ts';
import { exportFigures } from './export-bench.ts';
import { runImportBench } from './import-bench.ts';
import { syncFigures } from './sync.ts';
import { indicatorFigures } from './indicators.ts';
import { reportFigures } from './reports.ts';
import { communicationSyncFigures } from './communication-sync.ts';
import { groupSessionFigures } from './group-sessions.ts';
import { lighthouseFigures } from './lighthouse.ts';
import { eveningPeakFigures } from './evening-peak.ts';
import { awardFigures } from './awards.ts';

const BENCH_PASSWORD = 'bench-password-1';

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function login(url: string, identifier: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cnscd_session='))!.split(';')[0];
  return (pathname: string) => timedGet(url + pathname, cookie);
}

async function timedGet(url: string, cookie: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t;
}

async function measure(label: string, paths: string[], get: (p: string) => Promise<number>, rounds = 1) {
  for (const p of paths.slice(0, 5)) await get(p); // warm caches and plans
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) for (const p of paths) times.push(await get(p));
  console.log(`  ${label}: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))} (${times.length} requests)`);
  return times;
}

const SEARCHES = [
  'nguyen thi hoa', 'hoang van', 'nong thi', 'trieu', 'ban van tien', 'giang a', 'ly thi my', 'ma van', 'luong thi thu',
  'Hoàng Văn Đức', 'tran thi lan', 'pham van nam', 'vang thi', 'sung a pao', 'duong van', 'lo thi', 'hoa', 'thi mai', 'van hai', 'dang thi',
];

async function provinceFigures() {
  console.log(`\n== PostgreSQL, province scale (${BENCH_URL.replace(/\/\/[^@]*@/, '//')}) ==`);
  const admin = await openDatabase({ url: BENCH_URL.replace(/\/[^/]*$/, '/postgres'), poolSize: 1 });
  const exists = await sql`SELECT 1 FROM pg_database WHERE datname = ${new URL(BENCH_URL).pathname.slice(1)}`.execute(admin.db);
  await admin.close();
  let people = 0;
  if (exists.rows.length) {
    const database = await openDatabase({ url: BENCH_URL, poolSize: 1 });
    people = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people`.execute(database.db).then((r) => r.rows[0].n).catch(() => 0);
    await database.close();
  }
  if (people < 1_000_000) {
    console.log('  loading the province (bench/population/load-province.ts)…');
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/population/load-province.ts', '--url', BENCH_URL, '--create-db', '--vacuum'], { cwd: ROOT, stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load-province exited ${code}`))));
    });
    console.log(`  generation + load: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } else {
    console.log(`  using the loaded province (${people.toLocaleString('vi-VN')} people); generation time is printed when it is loaded`);
  }
  // The year of teams and visits (bench/population/load-visits.ts), once per province.
  const check = await openDatabase({ url: BENCH_URL, poolSize: 1 });
  const teams = await sql<{ n: number }>`SELECT count(*)::int AS n FROM teams`.execute(check.db).then((r) => r.rows[0].n).catch(() => 0);
  await check.close();
  if (teams === 0) {
    console.log('  loading a year of teams and visits (bench/population/load-visits.ts)…');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/population/load-visits.ts', '--url', BENCH_URL], { cwd: ROOT, stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load-visits exited ${code}`))));
    });
  }

  // A year of trainings (bench/population/load-trainings.ts), once per province: the reports' training section reads them.
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/population/load-trainings.ts', '--url', BENCH_URL], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load-trainings exited ${code}`))));
  });
  // A year of communication (bench/population/load-communication.ts), once per province: the reports' communication section reads it.
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/population/load-communication.ts', '--url', BENCH_URL], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`load-communication exited ${code}`))));
  });

  const database = await openDatabase({ url: BENCH_URL, poolSize: 2 });
  const db = database.db;
  const province = await db.selectFrom('org_units').select(['id']).where('level', '=', 'province').orderBy('id').executeTakeFirstOrThrow();
  const commune = await db.selectFrom('org_units').select(['id']).where('level', '=', 'commune').orderBy('id').executeTakeFirstOrThrow();
  const villages = await db.selectFrom('org_units').select(['id']).where('level', '=', 'village').orderBy(sql`random()`).limit(60).execute();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  for (const [username, role, unit] of [['bench.admin', 'admin', province.id], ['bench.vhxh', 'culture_office', commune.id]] as const) {
    await db.deleteFrom('sessions').where('account_id', 'in', db.selectFrom('accounts').select('id').where('username', '=', username)).execute();
    await db.deleteFrom('accounts').where('username', '=', username).execute();
    await db.insertInto('accounts').values({ id: uuidv7(), username, full_name: 'Benchmark', role, org_unit_id: unit, password_hash: passwordHash }).execute();
  }
  await database.close();

  const server = await startServerProcess({ DATABASE_URL: BENCH_URL });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    console.log(`  server RSS at rest: ${mb(rssOf(server.child.pid!))}`);
    const asAdmin = await login(server.url, 'bench.admin', BENCH_PASSWORD);
    const asOfficer = await login(server.url, 'bench.vhxh', BENCH_PASSWORD);
    const q = (s: string) => `/api/people?q=${encodeURIComponent(s)}`;
    await measure('person search, whole province (admin)', SEARCHES.map(q), asAdmin, 3);
    await measure('person search, one commune (Phòng VH-XH)', SEARCHES.map(q), asOfficer, 3);
    await measure('village household list page', villages.map((v) => `/api/households?villageId=${v.id}&page=1&pageSize=20`), asAdmin, 2);
    await measure('village people list page', villages.map((v) => `/api/people?villageId=${v.id}&page=1&pageSize=20`), asAdmin, 2);
    // Trainings' figures (trained / active by topic, method and village): the commune's year, quarters; the province's year.
    const periods = ['from=2026-01-01&to=2026-12-31', 'from=2026-01-01&to=2026-03-31', 'from=2026-04-01&to=2026-06-30', 'from=2026-07-01&to=2026-09-30', 'from=2026-10-01&to=2026-12-31'];
    await measure('trainings figures, one commune (16 villages), any period', periods.map((p) => `/api/trainings/figures?${p}`), asOfficer, 4);
    await measure('trainings figures, whole province (2,000 villages), the year', [`/api/trainings/figures?orgUnitId=${province.id}&from=2026-01-01&to=2026-12-31`], asAdmin, 5);
    // Communication's figures (the dashboard's card, the reports' section): a commune's months; the province's month and year.
    const months = Array.from({ length: 11 }, (_, i) => `from=2026-${String(i + 1).padStart(2, '0')}-01&to=2026-${String(i + 1).padStart(2, '0')}-28`);
    await measure('communication figures, one commune, a month', months.map((p) => `/api/communication/summary?orgUnitId=${commune.id}&${p}`), asOfficer, 3);
    await measure('communication figures, whole province, a month', months.slice(0, 3).map((p) => `/api/communication/summary?orgUnitId=${province.id}&${p}`), asAdmin, 2);
    await measure('communication activities list, one commune, a month (50 a page)', months.map((p) => `/api/communication/activities?orgUnitId=${commune.id}&month=${p.slice(5, 12)}`), asOfficer, 2);

    // 50 searches at once, several waves; RSS sampled while they run.
    let peak = rssOf(server.child.pid!);
    const sampler = setInterval(() => { peak = Math.max(peak, rssOf(server.child.pid!)); }, 20);
    const times: number[] = [];
    const wall = performance.now();
    for (let wave = 0; wave < 4; wave++) {
      times.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => asAdmin(q(SEARCHES[(i + wave) % SEARCHES.length]))))));
    }
    clearInterval(sampler);
    const seconds = (performance.now() - wall) / 1000;
    console.log(`  50 concurrent searches ×4: p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, ${(times.length / seconds).toFixed(0)} req/s, server peak RSS ${mb(peak)}`);
  } finally {
    await server.stop();
  }
}

async function pgliteFigures() {
  console.log('\n== PGlite, demo commune ==');
  const dataDir = path.join(ROOT, '.tmp/bench-pglite');
  rmSync(dataDir, { recursive: true, force: true });
  const first = await startServerProcess({ DATA_DIR: dataDir, DEMO: '1', DATABASE_URL: '' });
  console.log(`  first start (migrations + demo seed): ${(first.readyMs / 1000).toFixed(1)} s`);
  await first.stop();
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const again = await startServerProcess({ DATA_DIR: dataDir, DEMO: '1', DATABASE_URL: '' });
    runs.push(again.readyMs);
    if (i === 2) {
      const asOfficer = await login(again.url, 'vhxh', 'demo1234');
      await measure('person search, demo commune', SEARCHES.map((s) => `/api/people?q=${encodeURIComponent(s)}`), asOfficer, 2);
      console.log(`  server RSS (PGlite, demo commune): ${mb(rssOf(again.child.pid!))}`);
    }
    await again.stop();
  }
  console.log(`  start-up to first request after the first run: median ${(percentile(runs, 50) / 1000).toFixed(2)} s (runs: ${runs.map((r) => (r / 1000).toFixed(2)).join(', ')} s)`);
}

buildServer();
console.log(`cnscd bench — ${new Date().toISOString()}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
if (!process.env.BENCH_SKIP_PGLITE) await pgliteFigures();
if (!process.env.BENCH_SKIP_PROVINCE) await provinceFigures();
if (!process.env.BENCH_SKIP_IMPORT) {
  console.log('\n== Import of a 10,000-row messy .xlsx ==');
  await runImportBench({ rows: 10_000, postgresAdminUrl: new URL('/postgres', BENCH_URL).toString(), print: (line) => console.log(`  ${line}`) });
}
if (!process.env.BENCH_SKIP_PROVINCE && !process.env.BENCH_SKIP_EXPORT) await exportFigures({ build: false });
if (!process.env.BENCH_SKIP_PROVINCE && !process.env.BENCH_SKIP_SYNC) await syncFigures({ build: false });
if (!process.env.BENCH_SKIP_INDICATORS) await indicatorFigures({ build: false, province: !process.env.BENCH_SKIP_PROVINCE, pglite: !process.env.BENCH_SKIP_PGLITE });
if (!process.env.BENCH_SKIP_PROVINCE && !process.env.BENCH_SKIP_REPORTS) await reportFigures({ build: false });
if (!process.env.BENCH_SKIP_COMM_SYNC) await communicationSyncFigures();
if (!process.env.BENCH_SKIP_PROVINCE && !process.env.BENCH_SKIP_SESSIONS) await groupSessionFigures();
if (!process.env.BENCH_SKIP_PROVINCE && !process.env.BENCH_SKIP_PEAK) await eveningPeakFigures({ build: false });
if (!process.env.BENCH_SKIP_AWARDS) await awardFigures({ province: !process.env.BENCH_SKIP_PROVINCE, pglite: !process.env.BENCH_SKIP_PGLITE });
if (!process.env.BENCH_SKIP_LIGHTHOUSE) await lighthouseFigures({ build: true });
