// Fills PostgreSQL with a whole province (124 communes, ≈2,000 villages, ≈500,000
// households, ≈2,000,000 people) for the benchmark, streaming generated rows through COPY.
//
//   tsx bench/population/load-province.ts --url postgres://… [--communes 124] [--seed 1]
//       [--concurrency 4] [--create-db] [--vacuum]
//
// Each commune is one transaction (households, people, residences): the deferred foreign
// key households.head_person_id is satisfied at its commit, and only a few communes' rows
// are in memory at a time. Several communes load in parallel on separate connections.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase } from '../../src/server/db/engine.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import {
  copyStatement,
  HOUSEHOLD_COLUMNS,
  PERSON_COLUMNS,
  RESIDENCE_COLUMNS,
  rowLine,
} from '../../src/demo/population/copy-text.ts';
import { PopulationGenerator, villagePlans } from '../../src/demo/population/generate.ts';
import { type InsertedCommune, insertOrgTree } from '../../src/demo/population/insert-org-tree.ts';
import { countHouseholds, countVillages, provinceTree } from '../../src/demo/population/org-tree.ts';

interface Chunk {
  name: string;
  households: string[];
  people: string[];
  residences: string[];
  householdCount: number;
  personCount: number;
}

// Lines are grouped into pieces of this many before they go to the socket: fewer, larger
// writes than one per row, without building one multi-megabyte string per table.
const LINES_PER_PIECE = 2_000;

function generateChunk(generator: PopulationGenerator, commune: InsertedCommune): Chunk {
  const chunk: Chunk = { name: commune.spec.name, households: [], people: [], residences: [], householdCount: 0, personCount: 0 };
  let households = '';
  let people = '';
  let residences = '';
  let pendingPeople = 0;
  const push = () => {
    chunk.households.push(households);
    chunk.people.push(people);
    chunk.residences.push(residences);
    households = '';
    people = '';
    residences = '';
    pendingPeople = 0;
  };
  for (const plan of villagePlans(commune.spec, commune.villageIds)) {
    for (const item of generator.village(plan)) {
      households += rowLine(item.household, HOUSEHOLD_COLUMNS);
      for (const person of item.people) people += rowLine(person, PERSON_COLUMNS);
      for (const residence of item.residences) residences += rowLine(residence, RESIDENCE_COLUMNS);
      chunk.householdCount += 1;
      chunk.personCount += item.people.length;
      pendingPeople += item.people.length;
      if (pendingPeople >= LINES_PER_PIECE) push();
    }
  }
  if (pendingPeople > 0) push();
  return chunk;
}

async function copyInto(client: pg.PoolClient, statement: string, pieces: string[]): Promise<void> {
  const stream = client.query(copyFrom(statement));
  await pipeline(Readable.from(pieces.filter((piece) => piece.length > 0)), stream);
}

async function loadChunk(pool: pg.Pool, chunk: Chunk): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await copyInto(client, copyStatement('households', HOUSEHOLD_COLUMNS), chunk.households);
    await copyInto(client, copyStatement('people', PERSON_COLUMNS), chunk.people);
    await copyInto(client, copyStatement('residences', RESIDENCE_COLUMNS), chunk.residences);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`loading commune ${chunk.name} failed: ${(error as Error).message}`, { cause: error });
  } finally {
    client.release();
  }
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing to create a database named ${JSON.stringify(name)}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.DATABASE_URL },
      communes: { type: 'string', default: '124' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '4' },
      'create-db': { type: 'boolean', default: false },
      vacuum: { type: 'boolean', default: false },
    },
  });
  if (!values.url) throw new Error('give --url postgres://… (or DATABASE_URL)');
  const communeCount = Number(values.communes);
  const seed = Number(values.seed);
  const concurrency = Math.max(1, Number(values.concurrency));
  if (!Number.isInteger(communeCount) || communeCount < 1) throw new Error('--communes must be a positive integer');
  if (!Number.isFinite(seed)) throw new Error('--seed must be a number');

  if (values['create-db']) await createDatabaseIfMissing(values.url);
  const database = await openDatabase({ url: values.url, poolSize: concurrency + 1 });
  const { db, pool } = database;
  if (!pool) throw new Error('a PostgreSQL url is required');
  try {
    await migrateToLatest(db);
    const existing = await sql<{ n: string }>`SELECT count(*) AS n FROM org_units WHERE level <> 'province'`.execute(db);
    if (Number(existing.rows[0].n) > 0) {
      throw new Error('this database already has communes or villages; load the province into an empty database');
    }

    const started = performance.now();
    const tree = provinceTree({ communes: communeCount, seed });
    const inserted = await db.transaction().execute((trx) => insertOrgTree(trx, tree));
    console.log(`Org tree: 1 province, ${tree.communes.length} communes, ${countVillages(tree)} villages; ${countHouseholds(tree)} households planned.`);

    const generator = new PopulationGenerator(seed);
    let generationMs = 0;
    let households = 0;
    let people = 0;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    for (const commune of inserted.communes) {
      if (failure) break;
      const t0 = performance.now();
      const chunk = generateChunk(generator, commune);
      generationMs += performance.now() - t0;
      households += chunk.householdCount;
      people += chunk.personCount;
      const task = loadChunk(pool, chunk).catch((error: unknown) => {
        failure ??= error;
      });
      const tracked = task.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      // Let the sockets drain between communes: generation is synchronous.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    const loadedAt = performance.now();
    console.log(`Generated and copied ${households} households, ${people} people in ${seconds(loadedAt - started)} (generation ${seconds(generationMs)}).`);

    await sql.raw(values.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE').execute(db);
    const analyzedAt = performance.now();
    console.log(`${values.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE'} in ${seconds(analyzedAt - loadedAt)}; total ${seconds(analyzedAt - started)}.`);

    const counts = await sql<Record<string, string>>`
      SELECT (SELECT count(*) FROM org_units WHERE level = 'commune') AS communes,
             (SELECT count(*) FROM org_units WHERE level = 'village') AS villages,
             (SELECT count(*) FROM households) AS households,
             (SELECT count(*) FROM people) AS people,
             (SELECT count(*) FROM residences WHERE to_date IS NULL) AS open_residences,
             (SELECT count(*) FROM people WHERE cccd IS NOT NULL) AS with_cccd,
             pg_size_pretty(pg_database_size(current_database())) AS database_size`.execute(db);
    console.table(counts.rows[0]);
    const sizes = await sql<{ table: string; total: string; indexes: string }>`
      SELECT relname AS table, pg_size_pretty(pg_total_relation_size(oid)) AS total,
             pg_size_pretty(pg_indexes_size(oid)) AS indexes
      FROM pg_class WHERE relname IN ('households', 'people', 'residences') ORDER BY relname`.execute(db);
    console.table(sizes.rows);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
