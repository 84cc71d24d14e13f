// Adds a year of Tổ CNSCĐ work to the province loaded by load-province.ts: a team per village,
// households assigned to members, and the 2026 support events, made by the generator the
// demo uses (src/demo/population/support-history.ts) and streamed through COPY.
// Statuses are then derived by the SQL functions of migration 0003, set-based.
//
//   tsx bench/population/load-visits.ts --url postgres://… [--concurrency 2] [--seed 1]
//       [--refresh chunks|single|none]
//
// Each commune is one transaction (its leader accounts, teams, members, assignments, events,
// actions, and the registry fields the year changed), several communes in parallel.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../../src/server/db/engine.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { hashPassword } from '../../src/server/features/accounts/passwords.ts';
import { type CopyValue, copyLine, copyStatement, rowLine } from '../../src/demo/population/copy-text.ts';
import {
  ACTION_COLUMNS, ASSIGNMENT_COLUMNS, EVENT_COLUMNS, readHistoryVillages, TEAM_COLUMNS, TEAM_MEMBER_COLUMNS,
} from '../../src/demo/population/history-db.ts';
import { Random } from '../../src/demo/population/random.ts';
import { generateVillageHistory, type VillageHistory, type VillageHistoryPlan } from '../../src/demo/population/support-history.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Commune {
  id: number;
  name: string;
  villages: number[];
}

interface AccountRow {
  id: string;
  username: string;
  full_name: string;
  phone: string | null;
  role: string;
  org_unit_id: number;
  password_hash: string;
}
const ACCOUNT_COLUMNS = ['id', 'username', 'full_name', 'phone', 'role', 'org_unit_id', 'password_hash'] as const;

/** How the year goes for a village of the province: mostly steady teams, a few changes. */
function villagePlan(random: Random, commune: Commune, villageIndex: number, decisionNumber: number): Omit<VillageHistoryPlan, 'village' | 'accountFor' | 'deskAccountId'> {
  const shape = random.weighted<VillageHistoryPlan['shape']>([['steady', 89], ['reformed', 5], ['shrunk', 3], ['grown', 3]]);
  const decisionDay = 2 + random.int(0, 14);
  const reformDay = Date.UTC(2026, 4, 15) + random.int(0, 120) * 86_400_000;
  return {
    key: `province/${commune.id}/${villageIndex}`,
    decision: { number: `${decisionNumber}/QĐ-UBND`, date: `2026-01-${String(decisionDay).padStart(2, '0')}` },
    shape,
    reform: shape === 'reformed' ? { on: new Date(reformDay).toISOString().slice(0, 10), decisionNumber: `${decisionNumber + 100}/QĐ-UBND` } : undefined,
    activity: random.around(1, 0.9, 0.5, 1.6),
    unassignedNoCapable: random.weighted<number>([[0, 6], [1, 2], [2, 1], [3, 1]]),
    assignedBy: null,
  };
}

async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], lines: Iterable<string>): Promise<void> {
  const pieces: string[] = [];
  let piece = '';
  let n = 0;
  for (const line of lines) {
    piece += line;
    n += 1;
    if (n % 2_000 === 0) {
      pieces.push(piece);
      piece = '';
    }
  }
  if (piece) pieces.push(piece);
  if (pieces.length === 0) return;
  await pipeline(Readable.from(pieces), client.query(copyFrom(copyStatement(table, columns))));
}

function* linesOf<Row extends object>(rows: Iterable<Row>, columns: readonly (keyof Row & string)[]): Generator<string> {
  for (const row of rows) yield rowLine(row as unknown as Record<string, CopyValue>, columns);
}

async function loadCommune(pool: pg.Pool, accounts: AccountRow[], histories: VillageHistory[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await copyRows(client, 'accounts', ACCOUNT_COLUMNS, linesOf(accounts, ACCOUNT_COLUMNS));
    await copyRows(client, 'teams', TEAM_COLUMNS, linesOf(histories.flatMap((h) => h.teams), TEAM_COLUMNS));
    await copyRows(client, 'team_members', TEAM_MEMBER_COLUMNS, linesOf(histories.flatMap((h) => h.members), TEAM_MEMBER_COLUMNS));
    await copyRows(client, 'household_assignments', ASSIGNMENT_COLUMNS, linesOf(histories.flatMap((h) => h.assignments), ASSIGNMENT_COLUMNS));
    await copyRows(client, 'support_events', EVENT_COLUMNS, linesOf(histories.flatMap((h) => h.events), EVENT_COLUMNS));
    await copyRows(client, 'support_actions', ACTION_COLUMNS, linesOf(histories.flatMap((h) => h.actions), ACTION_COLUMNS));

    // The registry fields the year changed, through temporary tables and one UPDATE each.
    await client.query('CREATE TEMP TABLE load_assigned (household uuid, member uuid) ON COMMIT DROP');
    await copyRows(client, 'load_assigned', ['household', 'member'], (function* () {
      for (const h of histories) for (const [household, member] of h.assignedMember) yield copyLine([household, member]);
    })());
    await client.query('UPDATE households h SET assigned_member_id = v.member FROM load_assigned v WHERE h.id = v.household');
    await client.query('CREATE TEMP TABLE load_people (id uuid, full_name text, phone text, renamed boolean, is_team_member boolean, has_smartphone boolean) ON COMMIT DROP');
    await copyRows(client, 'load_people', ['id', 'full_name', 'phone', 'renamed', 'is_team_member', 'has_smartphone'], (function* () {
      for (const h of histories) {
        for (const r of h.renamed) yield copyLine([r.id, r.full_name, r.phone, true, null, null]);
        for (const f of h.teamMemberFlags) yield copyLine([f.id, null, null, false, f.is_team_member, null]);
        for (const s of h.smartphones) yield copyLine([s.id, null, null, false, null, s.has_smartphone]);
      }
    })());
    await client.query(`
      UPDATE people p SET
        full_name = CASE WHEN v.renamed THEN v.full_name ELSE p.full_name END,
        phone = CASE WHEN v.renamed THEN v.phone ELSE p.phone END,
        is_team_member = coalesce(v.is_team_member, p.is_team_member),
        has_smartphone = coalesce(v.has_smartphone, p.has_smartphone)
      FROM (SELECT id, bool_or(renamed) AS renamed, max(full_name) AS full_name, max(phone) AS phone,
                   bool_or(is_team_member) AS is_team_member, bool_and(has_smartphone) AS has_smartphone
            FROM load_people GROUP BY id) v
      WHERE p.id = v.id`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.DATABASE_URL },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '2' },
      refresh: { type: 'string', default: 'chunks' },
    },
  });
  if (!values.url) throw new Error('give --url postgres://… (or DATABASE_URL)');
  const concurrency = Math.max(1, Number(values.concurrency));
  if (!['chunks', 'single', 'none'].includes(values.refresh!)) throw new Error('--refresh is chunks, single or none');
  const database = await openDatabase({ url: values.url, poolSize: concurrency + 1 });
  const { db, pool } = database;
  if (!pool) throw new Error('a PostgreSQL url is required');
  try {
    await migrateToLatest(db);
    const existing = await sql<{ n: string }>`SELECT count(*) AS n FROM teams`.execute(db);
    if (Number(existing.rows[0].n) > 0) throw new Error('this database already has teams; the visits are loaded once, after load-province.ts');
    const villageRows = await db.selectFrom('org_units as v').innerJoin('org_units as c', 'c.id', 'v.parent_id')
      .select(['v.id', 'c.id as commune_id', 'c.name as commune_name']).where('v.level', '=', 'village').orderBy('c.id').orderBy('v.id').execute();
    const communes: Commune[] = [];
    for (const v of villageRows) {
      if (communes.at(-1)?.id !== v.commune_id) communes.push({ id: v.commune_id, name: v.commune_name, villages: [] });
      communes.at(-1)!.villages.push(v.id);
    }

    // Accounts nobody can log in to (a random password, thrown away): the bench gives the
    // volunteers it drives their own accounts.
    const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
    const desk = new Map<number, AccountRow>(communes.map((c) => [c.id, {
      id: uuidv7(), username: `bench.hcc.${c.id}`, full_name: `Trung tâm phục vụ hành chính công xã ${c.name}`, phone: null, role: 'service_center', org_unit_id: c.id, password_hash: passwordHash,
    }]));

    const started = performance.now();
    let generationMs = 0;
    const totals = { teams: 0, members: 0, events: 0, actions: 0, assigned: 0 };
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const random = new Random(`visits:${values.seed}`);
    for (const commune of communes) {
      if (failure) break;
      const residents = await readHistoryVillages(db, commune.villages);
      const t0 = performance.now();
      const accounts: AccountRow[] = [desk.get(commune.id)!];
      const communeRandom = random.fork(commune.id);
      const histories = residents.map((village, index) => generateVillageHistory({
        ...villagePlan(communeRandom, commune, index, 10 + index),
        village,
        deskAccountId: desk.get(commune.id)!.id,
        accountFor: (member) => {
          if (member.teamRole !== 'leader') return null;
          const account: AccountRow = { id: uuidv7(), username: `bench.tt.${village.id}`, full_name: member.fullName, phone: null, role: 'team_leader', org_unit_id: village.id, password_hash: passwordHash };
          accounts.push(account);
          return account.id;
        },
      }));
      generationMs += performance.now() - t0;
      for (const h of histories) {
        totals.teams += h.teams.length;
        totals.members += h.members.length;
        totals.events += h.events.length;
        totals.actions += h.actions.length;
        totals.assigned += h.assignedMember.size;
      }
      const task = loadCommune(pool, accounts, histories).catch((error: unknown) => {
        failure ??= new Error(`commune ${commune.name}: ${(error as Error).message}`, { cause: error });
      });
      const tracked = task.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    const loadedAt = performance.now();
    console.log(`Teams ${totals.teams}, members ${totals.members}, households assigned ${totals.assigned}; ${totals.events} events, ${totals.actions} actions generated and copied in ${seconds(loadedAt - started)} (generation ${seconds(generationMs)}).`);

    await sql`ANALYZE teams, team_members, household_assignments, households, people, support_events, support_actions`.execute(db);
    const analyzedAt = performance.now();
    console.log(`ANALYZE in ${seconds(analyzedAt - loadedAt)}.`);

    if (values.refresh === 'single') {
      await sql`SELECT refresh_digital_status(array_agg(id)) FROM people`.execute(db);
      await sql`SELECT refresh_household_status(array_agg(id)) FROM households`.execute(db);
    } else if (values.refresh === 'chunks') {
      // One call per commune (≈16,000 people), two at a time.
      const queue = [...communes];
      await Promise.all(Array.from({ length: concurrency }, async () => {
        for (let commune = queue.shift(); commune; commune = queue.shift()) {
          await db.transaction().execute(async (trx) => {
            const ids = sql.join(commune.villages.map((id) => sql`${id}::int`));
            await sql`SELECT refresh_digital_status(array_agg(id)) FROM people WHERE village_id IN (${ids})`.execute(trx);
            await sql`SELECT refresh_household_status(array_agg(id)) FROM households WHERE village_id IN (${ids})`.execute(trx);
          });
        }
      }));
    }
    const refreshedAt = performance.now();
    if (values.refresh !== 'none') {
      await sql`ANALYZE person_digital_status, household_digital_status`.execute(db);
      console.log(`Statuses derived (${values.refresh === 'single' ? 'one call for the province' : 'one call per commune'}) in ${seconds(refreshedAt - analyzedAt)}; total ${seconds(performance.now() - started)}.`);
    }

    const figures = await sql<Record<string, string>>`
      WITH x AS (
        SELECT p.is_student, s.*, age('2026-11-25', coalesce(p.birth_date, make_date(p.birth_year, 1, 1))) AS age
        FROM people p LEFT JOIN person_digital_status s ON s.person_id = p.id WHERE p.status = 'resident'
      )
      SELECT round(100.0 * count(*) FILTER (WHERE age >= interval '16 years' AND vneid_level2_on IS NOT NULL) / count(*) FILTER (WHERE age >= interval '16 years'), 1) AS "VNeID mức 2 (16+) %",
             round(100.0 * count(*) FILTER (WHERE age >= interval '16 years' AND bank_account_on IS NOT NULL) / count(*) FILTER (WHERE age >= interval '16 years'), 1) AS "tài khoản NH (16+) %",
             round(100.0 * count(*) FILTER (WHERE age >= interval '18 years' AND basic_skills_on IS NOT NULL) / count(*) FILTER (WHERE age >= interval '18 years'), 1) AS "kỹ năng số (18+) %",
             round(100.0 * count(*) FILTER (WHERE age >= interval '18 years' AND bdhvs_certified_on IS NOT NULL) / count(*) FILTER (WHERE age >= interval '18 years'), 1) AS "BDHVS (18+) %",
             round(100.0 * count(*) FILTER (WHERE is_student AND student_training_on IS NOT NULL) / count(*) FILTER (WHERE is_student), 1) AS "học sinh %",
             (SELECT round(100.0 * count(*) FILTER (WHERE informed_on IS NOT NULL) / count(*), 1) FROM household_digital_status) AS "hộ được tuyên truyền %",
             pg_size_pretty(pg_total_relation_size('support_events')) AS "support_events",
             pg_size_pretty(pg_total_relation_size('support_actions')) AS "support_actions",
             pg_size_pretty(pg_database_size(current_database())) AS "database"
      FROM x`.execute(db);
    console.table(figures.rows[0]);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
