// Emulation and awards (issue 18): how long the candidates of the four titles take to compute,
// each title one set-based statement over the commune's villages (awards.figures.ts) with the
// demo's rules (src/demo/seed-awards.ts), as of 30 November of the plan year:
//   - the demo commune on PGlite (≈10,000 people, 16 villages), seeded in memory;
//   - one commune of the province bench database (PostgreSQL), the one nearest 16 villages;
//   - the whole province, commune after commune as a background job would run it, with its
//     progress printed every tenth of the way.
// Goals (issue 18): one commune < 2 s; the province < 60 s. Nothing is written.
//
//   npx tsx bench/awards.ts          BENCH_SKIP_AWARDS=1 in run.ts skips it; BENCH_SKIP_PROVINCE=1 skips the province part
import { pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import type { DB } from '../src/server/db/schema.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { DEMO_RULES } from '../src/demo/seed-awards.ts';
import { passingSubjects, villageIndicatorRows } from '../src/server/features/awards/awards.figures.ts';
import { windowOf } from '../src/server/features/awards/awards.service.ts';
import { AWARD_TITLES, type FrozenRule } from '../src/shared/awards.ts';
import { BENCH_URL, percentile } from './bench-support.ts';

const TODAY = '2026-12-08';
const PERIOD = { period_from: '2026-01-01', period_to: '2026-11-30' };
const ms = (v: number) => `${v.toFixed(0)} ms`;
const rule = (t: (typeof AWARD_TITLES)[number]): FrozenRule => ({ ruleId: 'bench', version: 1, ...DEMO_RULES[t] });

/** The four titles' candidates of one commune: the time of each title and in all, and how many pass. */
async function communeCandidates(db: Kysely<DB>, communeId: number) {
  const started = performance.now();
  const window = await windowOf(db, { commune_id: communeId, ...PERIOD }, TODAY);
  window.villageRows = await villageIndicatorRows(db, window); // once for two titles, as computeCandidates does
  const byTitle: Record<string, { ms: number; n: number }> = {};
  for (const t of AWARD_TITLES) {
    const t0 = performance.now();
    const rows = await passingSubjects(db, t, rule(t), window);
    byTitle[t] = { ms: performance.now() - t0, n: rows.length };
  }
  return { ms: performance.now() - started, byTitle, villages: window.villageIds.length };
}

async function repeated(db: Kysely<DB>, communeId: number, label: string, rounds = 5) {
  await communeCandidates(db, communeId); // warm plans and caches
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await communeCandidates(db, communeId));
  const totals = runs.map((r) => r.ms);
  const last = runs.at(-1)!;
  console.log(`  ${label} (${last.villages} villages): four titles p50 ${ms(percentile(totals, 50))}, max ${ms(Math.max(...totals))} over ${rounds} runs — ${percentile(totals, 50) < 2000 ? 'under 2 s' : 'OVER 2 s'}`);
  console.log(`    by title (last run): ${AWARD_TITLES.map((t) => `${t} ${ms(last.byTitle[t].ms)} (${last.byTitle[t].n} candidates)`).join(', ')}`);
}

async function demoCommune() {
  console.log('\n== Awards: the demo commune on PGlite ==');
  const database = await openDatabase({});
  try {
    await migrateToLatest(database.db);
    const t = performance.now();
    await seedDemo(database.db, { today: TODAY });
    console.log(`  demo seeded in ${((performance.now() - t) / 1000).toFixed(1)} s (as of ${TODAY})`);
    const commune = (await sql<{ id: number }>`SELECT id FROM org_units WHERE level = 'commune' ORDER BY id LIMIT 1`.execute(database.db)).rows[0];
    await repeated(database.db, commune.id, 'demo commune');
  } finally {
    await database.close();
  }
}

async function province() {
  console.log(`\n== Awards: PostgreSQL, province scale (${BENCH_URL.replace(/\/\/[^@]*@/, '//')}) ==`);
  const admin = await openDatabase({ url: BENCH_URL.replace(/\/[^/]*$/, '/postgres'), poolSize: 1 });
  const exists = (await sql`SELECT 1 FROM pg_database WHERE datname = ${new URL(BENCH_URL).pathname.slice(1)}`.execute(admin.db)).rows.length > 0;
  await admin.close();
  if (!exists) {
    console.log('  no province bench database (load it with `npm run bench:load`): skipped');
    return;
  }
  const database = await openDatabase({ url: BENCH_URL, poolSize: 2 });
  try {
    const db = database.db;
    const communes = (await sql<{ id: number; name: string; villages: number }>`
      SELECT c.id, c.name, count(v.id)::int AS villages FROM org_units c JOIN org_units v ON v.parent_id = c.id AND v.level = 'village'
      WHERE c.level = 'commune' GROUP BY c.id, c.name ORDER BY c.id`.execute(db)).rows;
    const people = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM people`.execute(db)).rows[0].n;
    console.log(`  ${communes.length} communes, ${communes.reduce((s, c) => s + c.villages, 0)} villages, ${people.toLocaleString('vi-VN')} people`);
    const typical = [...communes].sort((a, b) => Math.abs(a.villages - 16) - Math.abs(b.villages - 16) || a.id - b.id)[0];
    await repeated(db, typical.id, `one commune (${typical.name})`, 3);

    // The whole province, commune by commune, as the background job runs it.
    const started = performance.now();
    const counts: Record<string, number> = { citizen: 0, family: 0, village: 0, team: 0 };
    const each: number[] = [];
    const step = Math.max(1, Math.round(communes.length / 10));
    for (const [i, c] of communes.entries()) {
      const r = await communeCandidates(db, c.id);
      each.push(r.ms);
      for (const t of AWARD_TITLES) counts[t] += r.byTitle[t].n;
      if ((i + 1) % step === 0 || i === communes.length - 1) console.log(`    progress ${i + 1}/${communes.length} communes, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const total = (performance.now() - started) / 1000;
    console.log(`  whole province: ${total.toFixed(1)} s — ${total < 60 ? 'under 60 s' : 'OVER 60 s'}; per commune p50 ${ms(percentile(each, 50))}, p95 ${ms(percentile(each, 95))}, max ${ms(Math.max(...each))}`);
    console.log(`    candidates: ${AWARD_TITLES.map((t) => `${t} ${counts[t].toLocaleString('vi-VN')}`).join(', ')}`);
  } finally {
    await database.close();
  }
}

export async function awardFigures(options: { province: boolean; pglite?: boolean }) {
  if (options.pglite !== false) await demoCommune();
  if (options.province) await province();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await awardFigures({ province: process.env.BENCH_SKIP_PROVINCE !== '1', pglite: process.env.BENCH_SKIP_PGLITE !== '1' });
}
