// Plans and tasks (issue 17), through a real server process on the province-scale PostgreSQL
// (bench/population): every commune given the year's plan with section IV's tasks (as the
// demo's: 15 tasks, their monthly and quarterly occurrences for each village head — about
// 450 occurrences a commune), past occurrences settled as a working commune does (most done
// on time, some late, some left overdue), then measured:
//   - the province's on-time overview by commune (reports and tasks: expected, done, on time);
//   - a commune's task board by unit × month, and its first page of the task list.
// Goals: overview p95 < 200 ms, board p95 < 100 ms.
//
//   npx tsx bench/tasks.ts         (builds the server)
//   npx tsx bench/tasks.ts --demo  the demo commune on a fresh PostgreSQL database instead
//                                  (when the province-scale database is missing or busy)
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';
import { insertPlan } from '../src/server/features/plans/plans.queries.ts';
import { insertTaskWithOccurrences } from '../src/server/features/tasks/tasks.service.ts';
import { PLAN_TEXT, demoPlanTasks } from '../src/demo/seed-plan.ts';
import { todayInVietnam } from '../src/shared/calendar.ts';
import { BENCH_URL, buildServer, percentile, startServerProcess } from './bench-support.ts';

const PASSWORD = 'bench-tasks-1';
const ACCOUNTS = ['bench.task.admin', 'bench.task.vhxh'] as const;
const ms = (v: number) => `${v.toFixed(0)} ms`;
const stats = (times: number[]) => `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, max ${ms(Math.max(...times))} (${times.length})`;

async function get<T>(url: string, cookie: string): Promise<{ ms: number; body: T }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const text = await res.text();
  const took = performance.now() - started;
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`);
  return { ms: took, body: JSON.parse(text) as T };
}

async function login(url: string, identifier: string, ip: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ identifier, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login ${identifier}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('cnscd_session='))!.split(';')[0];
}

async function provinceTasks() {
  console.log('\n== Plans and tasks, PostgreSQL, province scale ==');
  const database = await openDatabase({ url: BENCH_URL, poolSize: 2 });
  const db = database.db;
  await migrateToLatest(db);
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  const province = await db.selectFrom('org_units').select(['id']).where('level', '=', 'province').orderBy('id').executeTakeFirstOrThrow();
  const communes = await db.selectFrom('org_units').select(['id', 'name', 'path']).where('level', '=', 'commune').orderBy('id').execute();
  const passwordHash = await hashPassword(PASSWORD);
  const commune = await sql<{ id: number; name: string; villages: number }>`
    SELECT c.id, c.name, count(v.id)::int AS villages FROM org_units c JOIN org_units v ON v.parent_id = c.id AND v.level = 'village'
    WHERE c.level = 'commune' GROUP BY c.id ORDER BY abs(count(v.id) - 16), c.id LIMIT 1`.execute(db).then((r) => r.rows[0]);
  const units: Record<(typeof ACCOUNTS)[number], [string, number]> = { 'bench.task.admin': ['admin', province.id], 'bench.task.vhxh': ['culture_office', commune.id] };
  let owner = '';
  for (const username of ACCOUNTS) {
    const [role, unit] = units[username];
    const existing = await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst();
    if (existing) await db.updateTable('accounts').set({ role: role as 'admin', org_unit_id: unit, password_hash: passwordHash, disabled_at: null }).where('id', '=', existing.id).execute();
    else await db.insertInto('accounts').values({ id: uuidv7(), username, full_name: 'Benchmark', role: role as 'admin', org_unit_id: unit, password_hash: passwordHash }).execute();
    if (username === 'bench.task.vhxh') owner = (await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  }

  // A year of plans and tasks for every commune that has none.
  const started = performance.now();
  let made = 0;
  for (const c of communes) {
    if (await db.selectFrom('plans').select('id').where('org_unit_id', '=', c.id).where('year', '=', year).executeTakeFirst()) continue;
    await db.transaction().execute(async (trx) => {
      const planId = uuidv7();
      await insertPlan(trx, {
        id: planId, orgUnitId: c.id, year, draftedFrom: null, createdBy: owner, title: PLAN_TEXT.title(year).replace('Bạch Ngọc', c.name), implements: PLAN_TEXT.implements(year),
        purposeText: PLAN_TEXT.purpose, requirementsText: PLAN_TEXT.requirements, generalGoalText: PLAN_TEXT.generalGoal, contentText: PLAN_TEXT.content,
      });
      for (const task of demoPlanTasks(year)) {
        await insertTaskWithOccurrences(trx, { accountId: owner }, { ...task, clause: '', villageId: null, sourceDocument: null, id: uuidv7(), orgUnitId: c.id, communePath: c.path, year, planId });
      }
    });
    made += 1;
  }
  // Past occurrences: nine in ten done (one in five of them a few days late), the rest overdue.
  await sql`
    UPDATE task_occurrences o SET status = 'done',
      done_on = CASE WHEN abs(hashtext(o.id::text)) % 5 = 0 THEN o.due_on + 4 ELSE o.due_on - 1 END
    WHERE o.status = 'todo' AND o.due_on < ${today}::date - 4 AND abs(hashtext(o.id::text || 'x')) % 10 <> 0`.execute(db);
  const counts = await sql<{ plans: number; occurrences: number }>`SELECT (SELECT count(*)::int FROM plans) AS plans, (SELECT count(*)::int FROM task_occurrences) AS occurrences`.execute(db);
  console.log(`  loaded: ${made} communes' plans now (${ms(performance.now() - started)}); in all ${counts.rows[0].plans} plans, ${counts.rows[0].occurrences} occurrences`);
  await sql`ANALYZE plans, tasks, task_occurrences`.execute(db);
  await database.close();

  const server = await startServerProcess({ DATABASE_URL: BENCH_URL });
  try {
    const admin = await login(server.url, 'bench.task.admin', '10.79.0.1');
    const officer = await login(server.url, 'bench.task.vhxh', '10.79.0.2');
    const overviewUrl = `${server.url}/api/tasks/overview?year=${year}`;
    const boardUrl = `${server.url}/api/tasks/board?year=${year}`;
    const listUrl = `${server.url}/api/tasks?year=${year}&mine=false&pageSize=50`;
    await get(overviewUrl, admin);
    await get(boardUrl, officer);
    const overview: number[] = [];
    const board: number[] = [];
    const list: number[] = [];
    let rows = 0;
    let boardRows = 0;
    for (let i = 0; i < 30; i++) {
      const o = await get<{ rows: unknown[] }>(overviewUrl, admin);
      overview.push(o.ms);
      rows = o.body.rows.length;
      const b = await get<{ rows: unknown[] }>(boardUrl, officer);
      board.push(b.ms);
      boardRows = b.body.rows.length;
      list.push((await get(listUrl, officer)).ms);
    }
    console.log(`  province on-time overview (${rows} communes, reports and tasks): ${stats(overview)} — ${percentile(overview, 95) < 200 ? 'under 200 ms' : 'OVER 200 ms'}`);
    console.log(`  task board of ${commune.name} (${commune.villages} villages, ${boardRows} rows × 12 months): ${stats(board)} — ${percentile(board, 95) < 100 ? 'under 100 ms' : 'OVER 100 ms'}`);
    console.log(`  its task list, first page of 50 (late first): ${stats(list)}`);
  } finally {
    await server.stop();
  }
}

/** The demo commune seeded by the server itself (DEMO=1) on a fresh PostgreSQL database. */
async function demoTasks() {
  console.log('\n== Plans and tasks, PostgreSQL, the demo commune (16 villages) ==');
  const name = 'cnscd_bench_tasks_demo';
  const admin = await openDatabase({ url: BENCH_URL.replace(/\/[^/]*$/, '/postgres'), poolSize: 1 });
  await sql`DROP DATABASE IF EXISTS ${sql.id(name)}`.execute(admin.db);
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  await admin.close();
  const url = BENCH_URL.replace(/\/[^/]*$/, `/${name}`);
  const server = await startServerProcess({ DATABASE_URL: url, DEMO: '1' });
  console.log(`  demo seeded and listening in ${ms(server.readyMs)}`);
  try {
    const cookie = async (identifier: string) => {
      const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier, password: 'demo1234' }) });
      if (!res.ok) throw new Error(`login ${identifier}: ${res.status}`);
      return res.headers.getSetCookie().find((c) => c.startsWith('cnscd_session='))!.split(';')[0];
    };
    const [so, vhxh] = [await cookie('so'), await cookie('vhxh')];
    const year = Number(todayInVietnam().slice(0, 4));
    const overview: number[] = [];
    const board: number[] = [];
    const list: number[] = [];
    let boardRows = 0;
    for (let i = 0; i < 31; i++) {
      const o = await get(`${server.url}/api/tasks/overview?year=${year}`, so);
      const b = await get<{ rows: unknown[] }>(`${server.url}/api/tasks/board?year=${year}`, vhxh);
      const l = await get(`${server.url}/api/tasks?year=${year}&mine=false&pageSize=50`, vhxh);
      if (i === 0) continue; // the first of each warms the caches
      overview.push(o.ms); board.push(b.ms); list.push(l.ms); boardRows = b.body.rows.length;
    }
    console.log(`  province on-time overview (1 commune): ${stats(overview)} — ${percentile(overview, 95) < 200 ? 'under 200 ms' : 'OVER 200 ms'}`);
    console.log(`  task board of Bạch Ngọc (${boardRows} rows × 12 months): ${stats(board)} — ${percentile(board, 95) < 100 ? 'under 100 ms' : 'OVER 100 ms'}`);
    console.log(`  its task list, first page of 50 (late first): ${stats(list)}`);
  } finally {
    await server.stop();
  }
}

export async function taskFigures(options: { build?: boolean; demo?: boolean } = {}) {
  if (options.build !== false) buildServer();
  if (options.demo) await demoTasks();
  else await provinceTasks();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await taskFigures({ demo: process.argv.includes('--demo') });
}
