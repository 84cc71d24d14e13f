// Indicator figures (issue 5), through a real server process:
//  PostgreSQL, province scale (the province and its year of visits, bench/population):
//   - the aggregates brought up to date first (a from-scratch rebuild when empty);
//   - province dashboard (GET /api/indicators, current month and year to date) p50/p95;
//   - commune dashboard (30 communes) p50/p95;
//   - a village's not-yet-reached list (KNS people, HGD households; 40 villages) p50/p95;
//   - time from a synced batch (50 visits pushed by a volunteer's phone) to figures that
//     include it, as read from the API;
//   - the ratio of the dashboards' time to a from-scratch computation by one SQL query over
//     the raw tables (indicator_values + support_counts for the area at the period's end).
//  PGlite, demo commune: the commune dashboard, a village list, and a synced batch.
//
//   npx tsx bench/indicators.ts       (builds the server)
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { BASIC_SKILLS_CHECKLIST, type SupportEventInput } from '../src/shared/support.ts';
import type { MutationEnvelope, PushResponse } from '../src/shared/sync.ts';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import type { DB } from '../src/server/db/schema.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';

import { BENCH_URL, aggregatesReady, ROOT, buildServer, percentile, startServerProcess } from './bench-support.ts';
import { todayInVietnam } from '../src/shared/calendar.ts';

const PASSWORD = 'bench-indicators-1';
const ms = (v: number) => `${v.toFixed(1)} ms`;
const stats = (times: number[]) => `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))} (${times.length} requests)`;

interface Session {
  cookie: string;
  csrf: string;
}

async function login(url: string, identifier: string, password: string, ip: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ identifier, password }),
  });
  if (!res.ok) throw new Error(`login ${identifier}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.getSetCookie().find((c) => c.startsWith('cnscd_session='))!.split(';')[0], csrf: body.csrfToken };
}

async function getJson<T>(url: string, session: Session): Promise<{ ms: number; body: T }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie: session.cookie } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${text.slice(0, 200)}`);
  return { ms: performance.now() - started, body: JSON.parse(text) as T };
}

async function timed(url: string, session: Session, paths: string[], rounds = 1): Promise<number[]> {
  for (const p of paths.slice(0, 3)) await getJson(url + p, session); // warm plans and caches
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) for (const p of paths) times.push((await getJson(url + p, session)).ms);
  return times;
}

interface Dashboard {
  pendingVillages: number;
  computedLive: number;
  summary: { indicators: Record<string, { numerator: number; denominator: number }>; counts: { visits: number } };
}

/** Waits until the server's worker has nothing marked and nothing missing (as the API sees it). */
async function waitForWorker(url: string, session: Session, unitId: number, limitMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { body } = await getJson<Dashboard>(`${url}/api/indicators?orgUnitId=${unitId}`, session);
    if (body.pendingVillages === 0 && body.computedLive === 0) return performance.now() - started;
    if (performance.now() - started > limitMs) throw new Error(`the indicator worker is still busy after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Adults of the village without basic skills yet, one visit each teaching them (dated today). */
async function buildVisits(db: Kysely<DB>, villageId: number, count: number, today: string): Promise<SupportEventInput[]> {
  const rows = await sql<{ id: string; household_id: string }>`
    SELECT p.id, p.household_id FROM people p
    JOIN households h ON h.id = p.household_id
    LEFT JOIN person_digital_status s ON s.person_id = p.id
    WHERE p.village_id = ${villageId} AND p.status = 'resident' AND h.dissolved_at IS NULL AND s.basic_skills_on IS NULL
      AND coalesce(p.birth_date, make_date(p.birth_year, 1, 1)) <= (${today}::date - interval '18 years')::date
    ORDER BY p.id LIMIT ${count}`.execute(db);
  return rows.rows.map((p) => ({
    id: uuidv7(), householdId: p.household_id, eventDate: today, channel: 'visit', helperMemberIds: [], informed: true, correctsEventId: null, note: null,
    actions: [{ personId: p.id, action: 'teach_basic_skills', outcome: 'done', checklist: [...BASIC_SKILLS_CHECKLIST] }],
  }));
}

/**
 * Pushes the visits as one sync batch and polls the village's figures until they include
 * every visit: returns the push's own time and the time from its answer to such figures.
 */
async function syncToFigures(url: string, phone: Session, reader: Session, villageId: number, visits: SupportEventInput[]) {
  const before = (await getJson<Dashboard>(`${url}/api/indicators?orgUnitId=${villageId}`, reader)).body.summary;
  const mutations: MutationEnvelope[] = visits.map((v) => ({ id: uuidv7(), kind: 'support.record', payload: v }));
  const started = performance.now();
  const res = await fetch(`${url}/api/sync/push`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie: phone.cookie, 'x-csrf-token': phone.csrf }, body: JSON.stringify({ mutations }),
  });
  const pushed = (await res.json()) as PushResponse;
  const answered = performance.now();
  const applied = pushed.results?.filter((r) => r.status === 'applied').length ?? 0;
  if (!res.ok || applied !== visits.length) throw new Error(`push: ${res.status}, ${applied}/${visits.length} applied: ${JSON.stringify(pushed).slice(0, 300)}`);
  for (;;) {
    const now = (await getJson<Dashboard>(`${url}/api/indicators?orgUnitId=${villageId}`, reader)).body.summary;
    if (now.indicators.KNS.numerator >= before.indicators.KNS.numerator + visits.length && now.counts.visits >= before.counts.visits + visits.length) break;
    if (performance.now() - answered > 60_000) throw new Error('figures did not change within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pushMs: answered - started, toFiguresMs: performance.now() - answered };
}

async function provinceIndicators() {
  console.log('\n== Indicators, PostgreSQL, province scale ==');
  const database = await openDatabase({ url: BENCH_URL, poolSize: 2 });
  const db = database.db;
  await migrateToLatest(db);
  const today = todayInVietnam();
  await aggregatesReady(db);

  const province = await db.selectFrom('org_units').select(['id', 'path']).where('level', '=', 'province').orderBy('id').executeTakeFirstOrThrow();
  const communes = await db.selectFrom('org_units').select('id').where('level', '=', 'commune').orderBy(sql`random()`).limit(30).execute();
  const villages = await db.selectFrom('org_units').select('id').where('level', '=', 'village').orderBy(sql`random()`).limit(40).execute();
  // The volunteer: a plain member of the team of the village with the most adults still to
  // teach (three batches of 50), linked to a bench account.
  const phoneVillage = await sql<{ village_id: number; member_id: string; commune_id: number }>`
    WITH todo AS (
      SELECT p.village_id, count(*) AS n FROM people p LEFT JOIN person_digital_status s ON s.person_id = p.id
      WHERE p.status = 'resident' AND s.basic_skills_on IS NULL
        AND coalesce(p.birth_date, make_date(p.birth_year, 1, 1)) <= (${today}::date - interval '18 years')::date
      GROUP BY p.village_id
    )
    SELECT t.village_id, m.id AS member_id, v.parent_id AS commune_id FROM team_members m JOIN teams t ON t.id = m.team_id
    JOIN org_units v ON v.id = t.village_id JOIN todo ON todo.village_id = t.village_id
    WHERE t.ended_on IS NULL AND m.left_on IS NULL AND m.team_role <> 'leader'
      AND (m.account_id IS NULL OR m.account_id = (SELECT id FROM accounts WHERE username = 'bench.ind.phone'))
    ORDER BY todo.n DESC, m.id LIMIT 1`.execute(db).then((r) => r.rows[0]);
  const passwordHash = await hashPassword(PASSWORD);
  const accounts: Array<[string, string, number]> = [
    ['bench.ind.admin', 'admin', province.id],
    ['bench.ind.vhxh', 'culture_office', phoneVillage.commune_id],
    ['bench.ind.phone', 'team_member', phoneVillage.village_id],
  ];
  await db.updateTable('team_members').set({ account_id: null }).where('account_id', 'in', db.selectFrom('accounts').select('id').where('username', '=', 'bench.ind.phone')).execute();
  for (const [username, role, unit] of accounts) {
    const existing = await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst();
    if (existing) await db.updateTable('accounts').set({ role, org_unit_id: unit, password_hash: passwordHash, disabled_at: null }).where('id', '=', existing.id).execute();
    else await db.insertInto('accounts').values({ id: uuidv7(), username, full_name: 'Benchmark', role, org_unit_id: unit, password_hash: passwordHash }).execute();
  }
  const phoneAccount = await db.selectFrom('accounts').select('id').where('username', '=', 'bench.ind.phone').executeTakeFirstOrThrow();
  await db.updateTable('team_members').set({ account_id: phoneAccount.id }).where('id', '=', phoneVillage.member_id).execute();

  const server = await startServerProcess({ DATABASE_URL: BENCH_URL });
  try {
    const admin = await login(server.url, 'bench.ind.admin', PASSWORD, '10.77.0.1');
    const officer = await login(server.url, 'bench.ind.vhxh', PASSWORD, '10.77.0.2');
    const phone = await login(server.url, 'bench.ind.phone', PASSWORD, '10.77.0.3');
    const settle = await waitForWorker(server.url, admin, province.id, 600_000);
    console.log(`  server start: worker idle after ${(settle / 1000).toFixed(1)} s (catch-up of today's figures if the date moved)`);

    const provinceMonth = await timed(server.url, admin, Array.from({ length: 30 }, () => `/api/indicators?period=month`));
    console.log(`  province dashboard, this month (124 communes × 8 indicators, series, counts): ${stats(provinceMonth)}`);
    const provinceYtd = await timed(server.url, admin, Array.from({ length: 15 }, () => `/api/indicators?period=ytd`));
    console.log(`  province dashboard, year to date: ${stats(provinceYtd)}`);
    const commune = await timed(server.url, admin, communes.map((c) => `/api/indicators?orgUnitId=${c.id}&period=month`));
    console.log(`  commune dashboard (30 communes): ${stats(commune)}`);
    const listKns = await timed(server.url, admin, villages.map((v) => `/api/indicators/KNS/people?orgUnitId=${v.id}&reached=false&pageSize=500`));
    console.log(`  village not-yet-reached list, KNS people (40 villages, whole list): ${stats(listKns)}`);
    const listHgd = await timed(server.url, admin, villages.map((v) => `/api/indicators/HGD/households?orgUnitId=${v.id}&reached=false&pageSize=500`));
    console.log(`  village not-yet-reached list, HGD households: ${stats(listHgd)}`);

    const syncs: Array<{ pushMs: number; toFiguresMs: number }> = [];
    for (let i = 0; i < 3; i++) {
      const visits = await buildVisits(db, phoneVillage.village_id, 50, today);
      if (visits.length < 50) break;
      syncs.push(await syncToFigures(server.url, phone, officer, phoneVillage.village_id, visits));
    }
    if (syncs.length) {
      console.log(`  synced batch (50 visits, one phone) → figures: push ${syncs.map((s) => ms(s.pushMs)).join(', ')}; answered → figures updated ${syncs.map((s) => ms(s.toFiguresMs)).join(', ')} (worker round ≤ 1 s + recompute)`);
    }

    // From scratch: the same figures at the period's end by one SQL query over the raw tables.
    const villageIds = (await db.selectFrom('org_units').select('id').where('level', '=', 'village').execute()).map((v) => v.id);
    const monthStart = `${today.slice(0, 7)}-01`;
    const scratch = async (ids: number[]) => {
      const t = performance.now();
      await sql`
        SELECT v.parent_id, x.code, sum(x.numerator), sum(x.denominator), sum(x.extra),
          (SELECT sum(c.visits) FROM support_counts(${ids}::int[], ARRAY[${monthStart}::date]) c)
        FROM indicator_values(${ids}::int[], ARRAY[${today}::date]) x JOIN org_units v ON v.id = x.village_id
        GROUP BY v.parent_id, x.code`.execute(db);
      return performance.now() - t;
    };
    const communeVillages = (await db.selectFrom('org_units').select('id').where('parent_id', '=', communes[0].id).execute()).map((v) => v.id);
    const communeScratch = [await scratch(communeVillages), await scratch(communeVillages)];
    const provinceScratch = await scratch(villageIds);
    console.log(`  from scratch, one SQL over the raw tables, one end date only: province ${(provinceScratch / 1000).toFixed(1)} s, one commune ${ms(Math.min(...communeScratch))}`);
    console.log(`  ratio dashboard / from scratch (p50): province 1 : ${Math.round(provinceScratch / percentile(provinceMonth, 50))}, commune 1 : ${Math.round(Math.min(...communeScratch) / percentile(commune, 50))} (the dashboard also reads 12 month ends and the counts: the ratio is conservative)`);
  } finally {
    await server.stop();
    await database.close();
  }
}

async function pgliteIndicators() {
  console.log('\n== Indicators, PGlite, demo commune ==');
  const dataDir = path.join(ROOT, '.tmp/bench-pglite-indicators');
  rmSync(dataDir, { recursive: true, force: true });
  const server = await startServerProcess({ DATA_DIR: dataDir, DEMO: '1', DATABASE_URL: '' });
  const answered = performance.now();
  try {
    const officer = await login(server.url, 'vhxh', 'demo1234', '10.78.0.1');
    const phone = await login(server.url, 'tovien1', 'demo1234', '10.78.0.2');
    const me = await getJson<{ orgUnit: { id: number } }>(`${server.url}/api/auth/me`, officer);
    await waitForWorker(server.url, officer, me.body.orgUnit.id, 600_000);
    console.log(`  first start (seed ${(server.readyMs / 1000).toFixed(1)} s): the worker had computed the demo commune's aggregates ${((performance.now() - answered) / 1000).toFixed(1)} s after the server answered (requests served meanwhile)`);
    const commune = await timed(server.url, officer, Array.from({ length: 30 }, () => '/api/indicators?period=month'));
    console.log(`  commune dashboard (16 villages): ${stats(commune)}`);
    const villages = await getJson<{ children: Array<{ id: number }> }>(`${server.url}/api/indicators`, officer);
    const ids = villages.body.children.map((c) => c.id);
    const list = await timed(server.url, officer, ids.map((id) => `/api/indicators/KNS/people?orgUnitId=${id}&reached=false&pageSize=500`));
    console.log(`  village not-yet-reached list, KNS people (16 villages): ${stats(list)}`);
    const phoneMe = await getJson<{ orgUnit: { id: number } }>(`${server.url}/api/auth/me`, phone);
    // The phone's village: its adults without basic skills, read through the API's list.
    const today = todayInVietnam();
    const syncs: Array<{ pushMs: number; toFiguresMs: number }> = [];
    for (let i = 0; i < 3; i++) {
      const todo = await getJson<{ items: Array<{ personId: string; householdId: string }> }>(
        `${server.url}/api/indicators/KNS/people?orgUnitId=${phoneMe.body.orgUnit.id}&reached=false&pageSize=20`, officer);
      const visits: SupportEventInput[] = todo.body.items.map((p) => ({
        id: uuidv7(), householdId: p.householdId, eventDate: today, channel: 'visit', helperMemberIds: [], informed: true, correctsEventId: null, note: null,
        actions: [{ personId: p.personId, action: 'teach_basic_skills', outcome: 'done', checklist: [...BASIC_SKILLS_CHECKLIST] }],
      }));
      syncs.push(await syncToFigures(server.url, phone, officer, phoneMe.body.orgUnit.id, visits));
    }
    console.log(`  synced batch (20 visits) → figures: push ${syncs.map((x) => ms(x.pushMs)).join(', ')}; answered → figures updated ${syncs.map((x) => ms(x.toFiguresMs)).join(', ')}`);
  } finally {
    await server.stop();
  }
}

export async function indicatorFigures(options: { build?: boolean; province?: boolean; pglite?: boolean } = {}) {
  if (options.build !== false) buildServer();
  if (options.pglite !== false) await pgliteIndicators();
  if (options.province !== false) await provinceIndicators();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await indicatorFigures({ province: !process.env.BENCH_SKIP_PROVINCE, pglite: !process.env.BENCH_SKIP_PGLITE });
}
