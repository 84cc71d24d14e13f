// Reports (issue 6), through a real server process on the province-scale PostgreSQL
// (bench/population; the indicator aggregates brought up to date first, as bench/indicators.ts):
//   - a commune's monthly report figures: opening the report (a new draft, figures computed)
//     for the commune whose village count is nearest 16, then "tính lại số liệu" repeated;
//   - its .docx and its .xlsx, generated and downloaded, repeated;
//   - a province summary of 124 communes: every commune's monthly report opened (so the
//     overview has reports to find), then the overview of who has sent, and the overview
//     together with the province's indicator figures (the two requests of the Sở's page).
// Goal: each under 2 s. The reports it makes belong to bench accounts and are removed first.
//
//   npx tsx bench/reports.ts       (builds the server)      BENCH_SKIP_REPORTS=1 in run.ts skips it
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';

import { BENCH_URL, aggregatesReady, buildServer, percentile, startServerProcess } from './bench-support.ts';
import { todayInVietnam } from '../src/shared/calendar.ts';

const PASSWORD = 'bench-reports-1';
const ACCOUNTS = ['bench.rep.admin', 'bench.rep.vhxh'] as const;
const ms = (v: number) => `${v.toFixed(0)} ms`;
const stats = (times: number[]) => `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))} (${times.length})`;
const verdict = (times: number[]) => (percentile(times, 95) < 2000 ? 'under 2 s' : 'OVER 2 s');

interface Session {
  cookie: string;
  csrf: string;
}

async function login(url: string, identifier: string, ip: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ identifier, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${identifier}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.getSetCookie().find((c) => c.startsWith('cnscd_session='))!.split(';')[0], csrf: body.csrfToken };
}

async function call<T>(url: string, session: Session, method: 'GET' | 'POST', body?: unknown): Promise<{ ms: number; body: T; bytes: number }> {
  const started = performance.now();
  const res = await fetch(url, {
    method,
    headers: { cookie: session.cookie, ...(method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': session.csrf } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const buffer = Buffer.from(await res.arrayBuffer());
  const took = performance.now() - started;
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${buffer.toString('utf8').slice(0, 300)}`);
  const type = res.headers.get('content-type') ?? '';
  return { ms: took, bytes: buffer.length, body: (type.includes('json') ? JSON.parse(buffer.toString('utf8')) : undefined) as T };
}

async function provinceReports() {
  console.log('\n== Reports, PostgreSQL, province scale ==');
  const database = await openDatabase({ url: BENCH_URL, poolSize: 2 });
  const db = database.db;
  await migrateToLatest(db);
  await aggregatesReady(db);

  const province = await db.selectFrom('org_units').select(['id']).where('level', '=', 'province').orderBy('id').executeTakeFirstOrThrow();
  const commune = await sql<{ id: number; name: string; villages: number }>`
    SELECT c.id, c.name, count(v.id)::int AS villages FROM org_units c JOIN org_units v ON v.parent_id = c.id AND v.level = 'village'
    WHERE c.level = 'commune' GROUP BY c.id ORDER BY abs(count(v.id) - 16), c.id LIMIT 1`.execute(db).then((r) => r.rows[0]);
  const communes = await db.selectFrom('org_units').select('id').where('level', '=', 'commune').orderBy('id').execute();
  const passwordHash = await hashPassword(PASSWORD);
  const units: Record<(typeof ACCOUNTS)[number], [string, number]> = { 'bench.rep.admin': ['admin', province.id], 'bench.rep.vhxh': ['culture_office', commune.id] };
  for (const username of ACCOUNTS) {
    const [role, unit] = units[username];
    const existing = await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst();
    if (existing) await db.updateTable('accounts').set({ role, org_unit_id: unit, password_hash: passwordHash, disabled_at: null }).where('id', '=', existing.id).execute();
    else await db.insertInto('accounts').values({ id: uuidv7(), username, full_name: 'Benchmark', role, org_unit_id: unit, password_hash: passwordHash }).execute();
  }
  // The bench's reports of an earlier run: a new draft is what is measured.
  const mine = db.selectFrom('reports').select('id').where('created_by', 'in', db.selectFrom('accounts').select('id').where('username', 'in', [...ACCOUNTS]));
  await db.deleteFrom('report_events').where('report_id', 'in', mine).execute();
  await db.deleteFrom('reports').where('id', 'in', mine).execute();
  await database.close();

  // Last month: a period that has ended, as a report is written.
  const today = todayInVietnam();
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const period = m === 1 ? { year: y - 1, month: 12 } : { year: y, month: m - 1 };

  const server = await startServerProcess({ DATABASE_URL: BENCH_URL });
  try {
    const admin = await login(server.url, 'bench.rep.admin', '10.78.0.1');
    const officer = await login(server.url, 'bench.rep.vhxh', '10.78.0.2');
    const api = server.url;

    type View = { id: string; version: number; figures: { villages: unknown[] } };
    const opened = await call<View>(`${api}/api/reports/open`, officer, 'POST', { kind: 'commune_monthly', orgUnitId: commune.id, ...period });
    console.log(`  commune monthly report, ${commune.name} (${commune.villages} villages), ${String(period.month).padStart(2, '0')}/${period.year}:`);
    console.log(`    open (new draft, figures computed and frozen): ${ms(opened.ms)}`);
    let version = opened.body.version;
    const recompute: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await call<{ report: View }>(`${api}/api/reports/${opened.body.id}/recompute`, officer, 'POST', { version });
      version = res.body.report.version;
      recompute.push(res.ms);
    }
    console.log(`    figures ("tính lại số liệu"): ${stats(recompute)} — ${verdict(recompute)}`);
    const docx: number[] = [];
    const xlsx: number[] = [];
    let sizes = { docx: 0, xlsx: 0 };
    for (let i = 0; i < 10; i++) {
      const d = await call(`${api}/api/reports/${opened.body.id}/docx`, officer, 'GET');
      const x = await call(`${api}/api/reports/${opened.body.id}/xlsx`, officer, 'GET');
      docx.push(d.ms);
      xlsx.push(x.ms);
      sizes = { docx: d.bytes, xlsx: x.bytes };
    }
    console.log(`    .docx generated and downloaded (${(sizes.docx / 1024).toFixed(0)} KB): ${stats(docx)} — ${verdict(docx)}`);
    console.log(`    .xlsx generated and downloaded (${(sizes.xlsx / 1024).toFixed(0)} KB): ${stats(xlsx)} — ${verdict(xlsx)}`);

    // Every commune's report of the month, opened by the province's admin.
    const openAll: number[] = [];
    for (const c of communes) {
      if (c.id === commune.id) continue;
      openAll.push((await call(`${api}/api/reports/open`, admin, 'POST', { kind: 'commune_monthly', orgUnitId: c.id, ...period })).ms);
    }
    console.log(`  province: each other commune's monthly report opened (${openAll.length} communes): ${stats(openAll)}`);
    const overviewPath = `/api/reports/overview?kind=commune_monthly&year=${period.year}&month=${period.month}`;
    const indicatorsPath = `/api/indicators?period=month&year=${period.year}&month=${period.month}`;
    await call(api + overviewPath, admin, 'GET');
    const overview: number[] = [];
    const summary: number[] = [];
    let rows = 0;
    for (let i = 0; i < 20; i++) {
      const o = await call<unknown[]>(api + overviewPath, admin, 'GET');
      rows = o.body.length;
      overview.push(o.ms);
      const started = performance.now();
      await Promise.all([call(api + overviewPath, admin, 'GET'), call(api + indicatorsPath, admin, 'GET')]);
      summary.push(performance.now() - started);
    }
    console.log(`  province summary: overview of who has sent (${rows} communes): ${stats(overview)} — ${verdict(overview)}`);
    console.log(`  province summary: overview + the province's indicator figures (124 communes, both requests at once): ${stats(summary)} — ${verdict(summary)}`);
  } finally {
    await server.stop();
  }
}

export async function reportFigures(options: { build?: boolean } = {}) {
  if (options.build !== false) buildServer();
  await provinceReports();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await reportFigures();
}
