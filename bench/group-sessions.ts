// A group session of 200 attendees on the province-scale database: saved in one transaction
// through the group-sessions service (each attendee one support event through the support
// service, statuses rebuilt, audit rows), and its effect in the figures: the aggregates
// worker's rounds until the village's stored KNS moved by the attendees who lacked the basic
// skills (the server's worker starts a round about once a second, so its wait adds ≤ 1 s).
//
//   npx tsx bench/group-sessions.ts            (BENCH_DATABASE_URL, default cnscd_bench)
//   npx tsx bench/group-sessions.ts --demo     (a fresh PostgreSQL database with the demo commune, dropped after)
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { recordSession } from '../src/server/features/group-sessions/group-sessions.service.ts';
import { runUntilIdle } from '../src/server/features/indicators/aggregates-worker.ts';
import type { Actor } from '../src/server/http/actor.ts';
import { BASIC_SKILLS_CHECKLIST } from '../src/shared/support.ts';
import { todayInVietnam } from '../src/shared/calendar.ts';
import { BENCH_URL } from './bench-support.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';

const ATTENDEES = 200;

export async function groupSessionFigures(url = BENCH_URL, print: (line: string) => void = console.log) {
  print('\n== A group session of 200 attendees (PostgreSQL) ==');
  const database = await openDatabase({ url, poolSize: 4 });
  const db = database.db;
  try {
    await migrateToLatest(db);
    await runUntilIdle(db); // figures current before: the wait below is the session's alone
    const today = todayInVietnam();
    // The largest village: 200 of its adults who lack the basic skills most, at its cultural house.
    const village = (await sql<{ id: number; parent_id: number; path: string; name: string; n: number }>`
      SELECT v.id, v.parent_id, c.path, v.name, count(*)::int AS n FROM org_units v JOIN org_units c ON c.id = v.parent_id
      JOIN people p ON p.village_id = v.id AND p.status = 'resident'
      WHERE v.level = 'village' GROUP BY v.id, c.path ORDER BY count(*) DESC LIMIT 1`.execute(db)).rows[0]!;
    const people = (await sql<{ id: string; lacked: boolean }>`
      SELECT p.id, s.basic_skills_on IS NULL AS lacked FROM people p LEFT JOIN person_digital_status s ON s.person_id = p.id
      WHERE p.village_id = ${village.id} AND p.status = 'resident' AND p.birth_year BETWEEN ${Number(today.slice(0, 4)) - 60} AND ${Number(today.slice(0, 4)) - 18}
      ORDER BY s.basic_skills_on IS NULL DESC, p.id LIMIT ${ATTENDEES}`.execute(db)).rows;
    const account = await db.selectFrom('accounts').select(['id', 'username', 'full_name']).orderBy('created_at').executeTakeFirstOrThrow();
    const actor: Actor = {
      accountId: account.id, username: account.username, fullName: account.full_name, role: 'culture_office', orgUnitId: village.parent_id,
      orgPath: village.path, orgLevel: 'commune', orgName: '', scope: { path: village.path, accountId: account.id, role: 'culture_office' }, ip: null, requestId: 'bench',
    };
    const kns = async () => (await sql<{ numerator: number }>`
      SELECT numerator FROM indicator_aggregates WHERE village_id = ${village.id} AND code = 'KNS' AND period_end = ${today}::date`.execute(db)).rows[0]?.numerator ?? null;
    const before = await kns();

    const started = performance.now();
    const view = await db.transaction().execute((trx) => recordSession(trx, actor, {
      id: uuidv7(), communeId: village.parent_id, sessionDate: today, placeKind: 'cultural_house', organizationId: null, villageId: village.id, placeNote: null,
      contents: ['basic_skills', 'scam_awareness'], checklist: [...BASIC_SKILLS_CHECKLIST], outcome: 'done', reason: null, teacherMemberIds: [],
      attendees: people.map((p) => ({ personId: p.id, outcome: null, reason: null })), visitors: [], note: 'bench',
    }));
    const saved = performance.now() - started;
    print(`session of ${people.length} attendees at ${village.name} (${village.n} residents) saved and committed in ${(saved / 1000).toFixed(2)} s (goal < 1 s): ${view.attendees} events, ${view.refused} refused`);

    const figuresStarted = performance.now();
    await runUntilIdle(db);
    const after = await kns();
    const inFigures = performance.now() - figuresStarted;
    const lacked = people.filter((p) => p.lacked).length;
    print(`in the figures ${(inFigures / 1000).toFixed(2)} s after the commit (worker rounds until idle; goal ≤ 5 s with the server's ≤ 1 s wait): KNS of the village ${before} → ${after} (+${(after ?? 0) - (before ?? 0)}; ${lacked} attendees lacked the skills)`);
  } finally {
    await database.close();
  }
}

/** The demo commune on a fresh PostgreSQL database (when the province database is absent or busy). */
async function onDemoCommune() {
  const name = `cnscd_group_bench_${process.pid}`;
  const adminUrl = BENCH_URL.replace(/\/[^/]*$/, '/postgres');
  const admin = await openDatabase({ url: adminUrl, poolSize: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = BENCH_URL.replace(/\/[^/]*$/, `/${name}`);
  try {
    const setup = await openDatabase({ url, poolSize: 2 });
    await migrateToLatest(setup.db);
    const started = performance.now();
    await seedDemo(setup.db);
    console.log(`(demo commune seeded on PostgreSQL in ${((performance.now() - started) / 1000).toFixed(0)} s)`);
    await setup.close();
    await groupSessionFigures(url);
  } finally {
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--demo')) await onDemoCommune();
  else await groupSessionFigures();
}
