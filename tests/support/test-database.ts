// Each test file gets its own fresh database on every engine under test: PGlite in memory
// always, and PostgreSQL when TEST_DATABASE_URL points at a server (a new database per file).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe } from 'vitest';
import { type Database, type Engine, openDatabase } from '../../src/server/db/engine.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';

export const ENGINES: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** Drops the database (PostgreSQL) or closes PGlite. */
  destroy(): Promise<void>;
}

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const database = await openDatabase({});
    await migrateToLatest(database.db);
    return { ...database, destroy: () => database.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `cnscd_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ url: adminUrl, poolSize: 1 });
  await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  // DROP DATABASE … WITH (FORCE) below may terminate a connection the pool is still closing;
  // pg-pool re-emits that as a pool 'error', which would crash the test run without a listener.
  database.pool?.on('error', () => {});
  await migrateToLatest(database.db);
  return {
    ...database,
    async destroy() {
      await database.close();
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    },
  };
}

/** `describe` once per engine under test, named after it. */
export function describeEachEngine(name: string, body: (engine: Engine) => void): void {
  for (const engine of ENGINES) describe(`${name} [${engine}]`, () => body(engine));
}
