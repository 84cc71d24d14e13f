// /api/health asks the database (503 when it does not answer); DEMO=1 runs only on an empty
// database or one the demo seed made (demo-guard.ts).
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { isFatalDatabaseError } from '../../src/server/db/engine.ts';
import { demoDatabaseProblem, markDemo } from '../../src/server/demo-guard.ts';
import { DemoRefused, startServer } from '../../src/server/main.ts';
import { createTestApp } from '../support/test-app.ts';
import { createTestDatabase, describeEachEngine } from '../support/test-database.ts';

describeEachEngine('health and demo guard', (engine) => {
  it('answers ok while the database answers, 503 once it is gone', async () => {
    const t = await createTestApp(engine);
    const ok = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true });
    await t.database.close(); // the database goes away under the running app
    const down = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ ok: false, error: { code: 'database_down' } });
    await t.app.close();
    if (engine === 'postgres') await t.database.destroy().catch(() => {});
  }, 240_000);

  it('refuses DEMO=1 on a database with real data, runs on an empty or marked one', async () => {
    const empty = await createTestDatabase(engine);
    expect(await demoDatabaseProblem(empty.db)).toBeUndefined();
    await empty.destroy();

    const t = await createTestApp(engine); // a province, communes, accounts: not the demo's
    const problem = await demoDatabaseProblem(t.database.db);
    expect(problem).toContain('DEMO=1 không chạy trên cơ sở dữ liệu này');
    expect(problem).toContain('refuses a database that holds data not made by the demo seed');
    await markDemo(t.database.db);
    expect(await demoDatabaseProblem(t.database.db)).toBeUndefined();
    await sql`DELETE FROM instance_marks`.execute(t.database.db);
    await t.close();
  }, 240_000);
});

it('startServer with DEMO=1 on a real data folder stops before seeding and frees the folder', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { openDatabase } = await import('../../src/server/db/engine.ts');
  const { migrateToLatest } = await import('../../src/server/db/migrate.ts');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cnscd-demo-guard-'));
  try {
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await database.db.insertInto('org_units').values({ level: 'province', name: 'Tuyên Quang', path: '/1/' }).execute();
    await database.close();
    await expect(startServer({ dataDir, databaseUrl: undefined, demo: true, port: 0, host: '127.0.0.1', logger: false, webDir: '/nonexistent' })).rejects.toThrow(DemoRefused);
    const after = await openDatabase({ dataDir }); // the lock was released
    const units = await after.db.selectFrom('org_units').select('id').execute();
    expect(units).toHaveLength(1); // nothing seeded
    await after.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);

it('tells a fatal database error from an ordinary one', () => {
  expect(isFatalDatabaseError(new WebAssembly.RuntimeError('unreachable'))).toBe(true);
  expect(isFatalDatabaseError(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
  expect(isFatalDatabaseError(new Error('duplicate key value violates unique constraint'))).toBe(false);
  void buildApp;
});
