// The demo commune: Tuyên Quang province, Bạch Ngọc with its 16 villages and ≈10,000
// generated residents, their teams, the year's support (seed-history.ts) and reports
// (seed-reports.ts) up to the day it is seeded (demo-year.ts), written once (in one
// transaction) when the commune is absent. The demo accounts (demo-accounts.ts) are created
// with it, as the teams' members log in with them.
import { type Kysely, sql } from 'kysely';
import { type GeneratedHousehold, generatePopulation, villagePlans } from './population/generate.ts';
import { insertOrgTree } from './population/insert-org-tree.ts';
import { DEMO_COMMUNE, DEMO_SEED, demoTree } from './population/org-tree.ts';
import { type DemoYear, demoYear } from './demo-year.ts';
import { demoHistoryMissing, seedDemoHistory } from './seed-history.ts';
import { seedDemoReports } from './seed-reports.ts';
import { seedDemoPlan } from './seed-plan.ts';
import { seedDemoAwards } from './seed-awards.ts';
import { seedDemoTrainings } from './seed-trainings.ts';
import { seedDemoBudget } from './seed-budget.ts';
import { demoCommunicationMissing, seedDemoCommunication } from './seed-communication.ts';
import { demoSessionsMissing, seedDemoSessions } from './seed-sessions.ts';
import type { DB } from '../server/db/schema.ts';
import { AGGREGATES_LOCK } from '../server/features/indicators/aggregates-worker.ts';
import { catchUpVillages, villagesToCatchUp } from '../server/features/indicators/indicators.queries.ts';
import { todayInVietnam } from '../shared/calendar.ts';

export interface SeedResult {
  /** Households and people created now; both 0 when the demo commune already existed. */
  households: number;
  people: number;
  /** Teams and support events created now (also for a commune seeded before teams existed). */
  teams: number;
  events: number;
}

// Multi-row INSERTs of this many rows stay well under PostgreSQL's 65,535 bind parameters
// (people have 15 columns) and keep PGlite's single connection busy in few round trips.
const BATCH_ROWS = 1_000;

async function demoCommuneExists(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('org_units')
    .select('id')
    .where('level', '=', 'commune')
    .where((eb) => eb.or([eb('code', '=', DEMO_COMMUNE.code), eb('name', '=', DEMO_COMMUNE.name)]))
    .executeTakeFirst();
  return row !== undefined;
}

async function flush(db: Kysely<DB>, batch: GeneratedHousehold[]): Promise<void> {
  if (batch.length === 0) return;
  // Parents before children: people reference households, residences reference both.
  // households.head_person_id points the other way; its foreign key is checked at commit.
  await db.insertInto('households').values(batch.map((item) => item.household)).execute();
  const people = batch.flatMap((item) => item.people);
  for (let start = 0; start < people.length; start += BATCH_ROWS) {
    await db.insertInto('people').values(people.slice(start, start + BATCH_ROWS)).execute();
  }
  const residences = batch.flatMap((item) => item.residences);
  for (let start = 0; start < residences.length; start += BATCH_ROWS) {
    await db.insertInto('residences').values(residences.slice(start, start + BATCH_ROWS)).execute();
  }
}

/**
 * The indicator figures of every village at every stored end, computed in the seed's
 * transaction, which has written every row they count: the reports below read them instead of
 * computing each figure live, and the aggregates worker finds nothing left to do once the
 * server listens (on PGlite its first rounds would otherwise hold the one connection, and the
 * event loop, for seconds while the first visitor waits). The marks the seed's writes left are
 * answered by this computation.
 */
async function storeAggregates(db: Kysely<DB>, today: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${AGGREGATES_LOCK})`.execute(db);
  await catchUpVillages(db, await villagesToCatchUp(db, today, 100_000), today);
  await sql`DELETE FROM indicator_dirty_villages WHERE marked_xid = pg_current_xact_id()`.execute(db);
}

async function insertDemo(db: Kysely<DB>, year: DemoYear): Promise<SeedResult> {
  const tree = demoTree(DEMO_SEED);
  const inserted = await insertOrgTree(db, tree);
  const plans = inserted.communes.flatMap((commune) => villagePlans(commune.spec, commune.villageIds));

  let households = 0;
  let people = 0;
  let batch: GeneratedHousehold[] = [];
  let batchPeople = 0;
  // Ages are those on the demo's today; names, households and ids do not depend on it.
  for (const item of generatePopulation(DEMO_SEED, plans, { referenceDate: year.today })) {
    batch.push(item);
    batchPeople += item.people.length;
    households += 1;
    people += item.people.length;
    if (batchPeople >= BATCH_ROWS) {
      await flush(db, batch);
      batch = [];
      batchPeople = 0;
    }
  }
  await flush(db, batch);
  // Planner statistics before the history reads the villages back, and after it is written,
  // so the first dashboard queries plan well.
  await sql`ANALYZE org_units, households, people, residences`.execute(db);
  const history = await seedDemoHistory(db, year);
  // Before the aggregates: a meeting's households are informed from its day (TT).
  await seedDemoCommunication(db, { start: year.start, end: year.end });
  // Schools, cooperatives and the year's group sessions: their events count in the aggregates.
  await seedDemoSessions(db, year);
  await sql`ANALYZE households, people, person_digital_status, household_digital_status`.execute(db);
  await storeAggregates(db, year.today);
  // Trainings before reports: the reports freeze their figures.
  await seedDemoTrainings(db, { today: year.today });
  // After trainings and communication: spending is linked to them.
  await seedDemoBudget(db, { today: year.today });
  await seedDemoReports(db, year);
  await seedDemoPlan(db, year);
  // After reports and trainings: a team's figures count them.
  await seedDemoAwards(db, year);
  return { households, people, teams: history.teams, events: history.events };
}

async function addHistory(db: Kysely<DB>, year: DemoYear): Promise<SeedResult> {
  const history = await seedDemoHistory(db, year);
  await seedDemoCommunication(db, { start: year.start, end: year.end });
  await seedDemoSessions(db, year);
  await storeAggregates(db, year.today);
  // Trainings before reports: the reports freeze their figures.
  await seedDemoTrainings(db, { today: year.today });
  // After trainings and communication: spending is linked to them.
  await seedDemoBudget(db, { today: year.today });
  await seedDemoReports(db, year);
  await seedDemoPlan(db, year);
  // After reports and trainings: a team's figures count them.
  await seedDemoAwards(db, year);
  return { households: 0, people: 0, teams: history.teams, events: history.events };
}

export interface SeedOptions {
  /** The demo's "today" (YYYY-MM-DD): the data stop the day before. Default: today in Vietnam. */
  today?: string;
  /** Called when the seeding begins (not when the demo is already there): it takes a while. */
  onStart?: (today: string) => void;
}

/**
 * Seeds the demo commune unless it is already there (by code or name). Deterministic for a
 * given `today`: the same names, numbers and ids on every machine, which demos and browser
 * tests rely on; the people and households are the same on any day.
 */
export async function seedDemo(db: Kysely<DB>, options: SeedOptions = {}): Promise<SeedResult> {
  const year = demoYear(options.today ?? todayInVietnam());
  const inTransaction = <T>(work: (trx: Kysely<DB>) => Promise<T>) => (db.isTransaction ? work(db) : db.transaction().execute(work));
  if (await demoCommuneExists(db)) {
    // A data folder from before teams existed gets its teams and history now.
    if (!(await demoHistoryMissing(db))) {
      // A data folder from before reports existed gets the demo's reports now (none when present).
      await inTransaction(async (trx) => {
        // A data folder from before communication was recorded gets the demo's communication now.
        if (await demoCommunicationMissing(trx)) await seedDemoCommunication(trx, { start: year.start, end: year.end });
        // A data folder from before group sessions gets the schools, cooperatives and sessions (the worker updates the figures).
        if (await demoSessionsMissing(trx)) await seedDemoSessions(trx, year);
        await seedDemoTrainings(trx, { today: year.today });
        await seedDemoBudget(trx, { today: year.today });
        await seedDemoReports(trx, year);
        await seedDemoPlan(trx, year);
        await seedDemoAwards(trx, year);
      });
      return { households: 0, people: 0, teams: 0, events: 0 };
    }
    return inTransaction((trx) => addHistory(trx, year));
  }
  options.onStart?.(year.today);
  return inTransaction((trx) => insertDemo(trx, year));
}
