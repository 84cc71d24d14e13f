// What a volunteer's first sync weighs on a weak 2G/3G link: the whole village of the demo
// commune (≈600 residents), as JSON and as sent gzipped. Goal: under 200 KB gzipped.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../src/demo/demo-accounts.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { sql } from 'kysely';
import { testActor } from '../support/actor.ts';
import { gzipBytes, pull } from '../../src/server/features/sync/sync.service.ts';
import type { PullResponse } from '../../src/shared/sync.ts';
import { type TestDatabase, createTestDatabase, describeEachEngine } from '../support/test-database.ts';

const GOAL_GZIP_BYTES = 200 * 1024;

describeEachEngine('sync payload of a demo village', (engine) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await seedDemo(database.db);
    await seedDemoAccounts(database.db);
    app = await buildApp({ db: database.db, config: { secureCookies: false, webDir: '/nonexistent', logLevel: 'warn', demo: true }, logger: false });
    await app.ready();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await database?.destroy();
  });

  it('sends a whole village in under 200 KB gzipped', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: 'tovien1', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url: '/api/sync/pull', headers: { cookie, 'accept-encoding': 'gzip' } });
    const ms = Math.round(performance.now() - started);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    const wire = res.rawPayload.length;
    const plain = await app.inject({ method: 'GET', url: '/api/sync/pull', headers: { cookie } });
    const body = plain.json() as PullResponse;
    const size = gzipBytes(body);
    const full = body.households.filter((h) => h.full).length;
    console.log(`[${engine}] first pull of ${body.village.name}: ${body.households.length} households (${full} assigned, in full), ${body.people.length} people; ` +
      `JSON ${(size.json / 1024).toFixed(1)} KB, gzip ${(wire / 1024).toFixed(1)} KB on the wire (${(size.gzip / 1024).toFixed(1)} KB at zlib's default level), ${ms} ms`);
    expect(body.people.length).toBeGreaterThan(300);
    // Only the member's own households carry dates of birth and phones.
    expect(full).toBeGreaterThan(0);
    const fullIds = new Set(body.households.filter((h) => h.full).map((h) => h.id));
    expect(body.people.filter((p) => !fullIds.has(p.householdId) && (p.birthDate || p.phone))).toEqual([]);
    expect(wire).toBeLessThan(GOAL_GZIP_BYTES);
    // A second pull with the cursor carries nothing but the envelope.
    const again = await app.inject({ method: 'GET', url: `/api/sync/pull?cursor=${encodeURIComponent(body.cursor)}`, headers: { cookie } });
    expect(again.json().people).toEqual([]);
    expect(again.rawPayload.length).toBeLessThan(2048);
  });

  it('keeps the largest village of the commune under the goal too', async () => {
    const largest = await database.db.selectFrom('people as p').innerJoin('org_units as v', 'v.id', 'p.village_id')
      .select(['v.id', 'v.path', 'v.name', sql<number>`count(*)::int`.as('n')]).where('p.status', '=', 'resident')
      .groupBy(['v.id', 'v.path', 'v.name']).orderBy('n', 'desc').limit(1).executeTakeFirstOrThrow();
    const account = await database.db.selectFrom('accounts').select('id').where('username', '=', 'tovien1').executeTakeFirstOrThrow();
    const body = await pull(database.db, testActor({ accountId: account.id, role: 'team_member', orgUnitId: largest.id, orgPath: largest.path }), undefined);
    const size = gzipBytes(body);
    console.log(`[${engine}] first pull of the largest village, ${largest.name}: ${body.households.length} households, ${body.people.length} people; JSON ${(size.json / 1024).toFixed(1)} KB, gzip ${(size.gzip / 1024).toFixed(1)} KB`);
    expect(body.people.length).toBe(largest.n);
    expect(size.gzip).toBeLessThan(GOAL_GZIP_BYTES);
  });
});
