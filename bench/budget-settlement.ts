// The settlement (.xlsx) of a commune at province scale (issue 17: goal < 1 s). On the province
// bench database (BENCH_DATABASE_URL), each commune gets a year of budget when it has none:
// six lines and a voucher for every communication activity (the heaviest a commune records),
// three for each training, and each team's quarterly support — loaded set-based. Then the
// settlement of five communes is asked through the app (in-process, a logged-in Phòng Kinh tế
// account of each) and timed. Run: npx tsx bench/budget-settlement.ts
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../src/server/app.ts';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';
import { BENCH_URL, percentile } from './bench-support.ts';

const PASSWORD = 'bench-password-1';
const YEAR = Number(process.env.BENCH_BUDGET_YEAR ?? 2026);

export async function budgetSettlementFigures(url = BENCH_URL) {
  const database = await openDatabase({ url, poolSize: 5 });
  const db = database.db;
  try {
    await migrateToLatest(db);
    const communes = (await sql<{ id: number; path: string }>`SELECT id, path FROM org_units WHERE level = 'commune' ORDER BY id`.execute(db)).rows;
    const officer = (await sql<{ id: string }>`SELECT id FROM accounts ORDER BY created_at LIMIT 1`.execute(db)).rows[0].id;
    const started = performance.now();
    const loaded = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM budget_lines WHERE year = ${YEAR}`.execute(trx);
      if (rows[0].n > 0) return false;
      await sql`INSERT INTO budget_years (org_unit_id, year) SELECT id, ${YEAR} FROM org_units WHERE level = 'commune' ON CONFLICT DO NOTHING`.execute(trx);
      await sql`
        INSERT INTO budget_lines (id, org_unit_id, year, activity, source, title, legal_basis, estimate_vnd, created_by)
        SELECT gen_random_uuid(), c.id, ${YEAR}, l.activity, l.source, l.title, 'Kế hoạch năm ${sql.raw(String(YEAR))}', l.estimate, ${officer}
        FROM org_units c CROSS JOIN (VALUES
          ('training', 'commune', 'Tập huấn nghiệp vụ cho Tổ CNSCĐ', 12000000), ('training', 'province', 'Hỗ trợ tập huấn vùng cao', 3000000),
          ('communication', 'commune', 'Tuyên truyền chuyển đổi số', 60000000), ('communication', 'social', 'Pano, áp phích', 4000000),
          ('team_support', 'commune', 'Hỗ trợ cước 3G cho các Tổ', 20000000), ('awards', 'commune', 'Khen thưởng', 5000000)
        ) AS l(activity, source, title, estimate)
        WHERE c.level = 'commune'`.execute(trx);
      await sql`INSERT INTO budget_revisions (id, line_id, kind, estimate_vnd, recorded_by) SELECT gen_random_uuid(), id, 'initial', estimate_vnd, ${officer} FROM budget_lines WHERE year = ${YEAR}`.execute(trx);
      const line = (activity: string, source: string) => sql`(SELECT l.id FROM budget_lines l WHERE l.org_unit_id = c.id AND l.year = ${YEAR} AND l.activity = ${activity} AND l.source = ${source})`;
      // Every communication activity of the year paid (a broadcast, a meeting's tea, copies).
      await sql`
        INSERT INTO budget_spending (id, line_id, spent_on, amount_vnd, payee, voucher_no, description, comm_activity_id, created_by)
        SELECT gen_random_uuid(), ${line('communication', 'commune')}, ca.activity_on, 100000 + (abs(hashtext(ca.id::text)) % 20) * 10000,
          'Đài truyền thanh ' || c.name, 'PC ' || row_number() OVER (PARTITION BY c.id ORDER BY ca.activity_on, ca.id), 'Chi hoạt động truyền thông', ca.id, ${officer}
        FROM comm_activities ca JOIN org_units u ON u.id = ca.org_unit_id JOIN org_units c ON c.level = 'commune' AND u.path LIKE c.path || '%'
        WHERE ca.activity_on BETWEEN ${`${YEAR}-01-01`} AND ${`${YEAR}-12-31`}`.execute(trx);
      await sql`
        INSERT INTO budget_spending (id, line_id, spent_on, amount_vnd, payee, voucher_no, description, training_id, created_by)
        SELECT gen_random_uuid(), ${line('training', 'commune')}, (t.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + p.n, 1000000 + p.n * 250000,
          p.payee, 'PT ' || t.id::text || '-' || p.n, 'Chi tập huấn', t.id, ${officer}
        FROM trainings t JOIN org_units c ON c.id = t.org_unit_id
        CROSS JOIN (VALUES (1, 'Hội trường, âm thanh'), (2, 'In tài liệu'), (3, 'Báo cáo viên')) AS p(n, payee)
        WHERE t.status = 'held' AND extract(year FROM t.starts_at) = ${YEAR}`.execute(trx);
      await sql`
        INSERT INTO budget_spending (id, line_id, spent_on, amount_vnd, payee, voucher_no, description, team_id, team_month, created_by)
        SELECT gen_random_uuid(), ${line('team_support', 'commune')}, make_date(${YEAR}, q * 3, 28), 150000, tm.name, 'PQ ' || q || '-' || tm.id::text,
          'Hỗ trợ cước 3G quý ' || q, tm.id, make_date(${YEAR}, q * 3, 1), ${officer}
        FROM teams tm JOIN org_units v ON v.id = tm.village_id JOIN org_units c ON c.id = v.parent_id CROSS JOIN generate_series(1, 4) AS q
        WHERE tm.formed_on <= make_date(${YEAR}, q * 3, 1) AND (tm.ended_on IS NULL OR tm.ended_on > make_date(${YEAR}, q * 3, 1))`.execute(trx);
      await sql`ANALYZE budget_lines, budget_spending, budget_revisions`.execute(trx);
      return true;
    });
    const counts = (await sql<{ lines: number; spending: number }>`
      SELECT (SELECT count(*)::int FROM budget_lines WHERE year = ${YEAR}) AS lines,
             (SELECT count(*)::int FROM budget_spending s JOIN budget_lines l ON l.id = s.line_id WHERE l.year = ${YEAR}) AS spending`.execute(db)).rows[0];
    console.log(`Kinh phí ${YEAR} on ${url.replace(/\/\/[^@]*@/, '//')}: ${communes.length} communes, ${counts.lines} lines, ${counts.spending} spending entries${loaded ? ` (loaded in ${((performance.now() - started) / 1000).toFixed(1)} s)` : ''}`);

    // The five communes with the most vouchers: the heaviest settlements.
    const heavy = (await sql<{ id: number; n: number }>`
      SELECT l.org_unit_id AS id, count(*)::int AS n FROM budget_spending s JOIN budget_lines l ON l.id = s.line_id WHERE l.year = ${YEAR}
      GROUP BY l.org_unit_id ORDER BY n DESC, id LIMIT 5`.execute(db)).rows;
    const hash = await hashPassword(PASSWORD);
    for (const c of heavy) {
      await sql`INSERT INTO accounts (id, username, full_name, role, org_unit_id, password_hash, must_change_password)
        SELECT ${uuidv7()}, ${`bench.kinhte.${c.id}`}, 'Phòng Kinh tế (bench)', 'economy_office', ${c.id}, ${hash}, false
        WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE username = ${`bench.kinhte.${c.id}`})`.execute(db);
    }
    const app = await buildApp({ db, config: { secureCookies: false, webDir: '/nonexistent', logLevel: 'warn', demo: false }, logger: false });
    await app.ready();
    const times: number[] = [];
    let bytes = 0;
    for (const c of heavy) {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: `bench.kinhte.${c.id}`, password: PASSWORD }, remoteAddress: `10.9.${c.id % 250}.1` });
      const cookie = login.cookies.find((k) => k.name === 'cnscd_session')!;
      const get = async () => {
        const t = performance.now();
        const res = await app.inject({ method: 'GET', url: `/api/budget/settlement.xlsx?orgUnitId=${c.id}&year=${YEAR}`, headers: { cookie: `cnscd_session=${cookie.value}` } });
        if (res.statusCode !== 200) throw new Error(`settlement ${c.id}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        bytes = res.rawPayload.length;
        return performance.now() - t;
      };
      await get(); // warm: exceljs loaded, plans cached
      for (let i = 0; i < 4; i++) times.push(await get());
    }
    await app.close();
    console.log(`  settlement .xlsx of a commune (${heavy[0].n}–${heavy.at(-1)!.n} vouchers, ≈${Math.round(bytes / 1024)} KB): p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms (${times.length} requests; goal < 1 s)`);
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  } finally {
    await database.close();
  }
}

/**
 * `--demo`: the demo commune seeded on a fresh PostgreSQL database (its own year of budget as
 * seeded), for when the province bench database is absent or busy.
 */
async function onDemo() {
  const admin = await openDatabase({ url: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', poolSize: 1 });
  const name = `cnscd_budget_demo_${process.pid}`;
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ url: url.toString(), poolSize: 2 });
    await migrateToLatest(database.db);
    const { seedDemo } = await import('../src/demo/seed-demo.ts');
    const { seedDemoAccounts } = await import('../src/demo/demo-accounts.ts');
    const t = performance.now();
    await seedDemo(database.db, { today: process.env.DEMO_TODAY ?? '2026-12-07' });
    await seedDemoAccounts(database.db);
    console.log(`demo commune seeded on PostgreSQL in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    await database.close();
    await budgetSettlementFigures(url.toString());
  } finally {
    await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
    await admin.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await (process.argv.includes('--demo') ? onDemo() : budgetSettlementFigures());
