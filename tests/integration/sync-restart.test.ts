// The real built server (node dist/server/main.js) killed with SIGKILL while it applies a
// phone's batch, started again, sent the whole batch again: every event is stored exactly
// once, what was committed before the kill is answered "duplicate", the rest "applied".
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Engine, openDatabase } from '../../src/server/db/engine.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { hashPassword } from '../../src/server/features/accounts/passwords.ts';
import type { MutationResult } from '../../src/shared/sync.ts';
import { PUSH_MAX_MUTATIONS } from '../../src/shared/sync.ts';
import { describeEachEngine } from '../support/test-database.ts';

const PASSWORD = 'mat-khau-khoi-dong-lai';
const HOUSEHOLDS = 50;

interface Fixture {
  households: Array<{ id: string; people: string[] }>;
}

/** A village, a volunteer's account and households, written straight into a fresh database. */
async function seed(db: Kysely<DB>): Promise<Fixture> {
  await migrateToLatest(db);
  const unit = async (parent: { id: number; path: string } | null, level: 'province' | 'commune' | 'village', name: string) => {
    const row = await db.insertInto('org_units').values({ parent_id: parent?.id ?? null, level, name, path: `tmp-${name}` }).returning('id').executeTakeFirstOrThrow();
    const unitPath = `${parent?.path ?? '/'}${row.id}/`;
    await db.updateTable('org_units').set({ path: unitPath }).where('id', '=', row.id).execute();
    return { id: row.id, path: unitPath };
  };
  const province = await unit(null, 'province', 'Tuyên Quang');
  const commune = await unit(province, 'commune', 'Bạch Ngọc');
  const village = await unit(commune, 'village', 'Thôn Khuổi Khoang');
  await db.insertInto('accounts').values({ id: uuidv7(), username: 'tovien.restart', full_name: 'Ma Văn Tình', role: 'team_member', org_unit_id: village.id, password_hash: await hashPassword(PASSWORD) }).execute();
  const households: Fixture['households'] = [];
  // One transaction: a household's head is checked at commit (deferred foreign key).
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < HOUSEHOLDS; i += 1) {
      const id = uuidv7();
      const people = [uuidv7(), uuidv7()];
      await trx.insertInto('households').values({ id, village_id: village.id, address: `Xóm ${i}`, head_person_id: people[0] }).execute();
      for (const [k, personId] of people.entries()) {
        await trx.insertInto('people').values({ id: personId, household_id: id, village_id: village.id, full_name: `Hoàng Văn ${i}-${k}`, sex: 'male', birth_year: 1970 + k * 20, relation_to_head: k === 0 ? 'head' : 'child' }).execute();
      }
      households.push({ id, people });
    }
  });
  return { households };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describeEachEngine('sync: server killed mid-batch', (engine: Engine) => {
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let fixture: Fixture;
  let port: number;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build:server'], { stdio: 'pipe' });
    if (engine === 'pglite') {
      dataDir = mkdtempSync(path.join(tmpdir(), 'cnscd-restart-'));
      const database = await openDatabase({ dataDir });
      fixture = await seed(database.db);
      await database.close();
    } else {
      const admin = await openDatabase({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
      const name = `cnscd_restart_${randomBytes(5).toString('hex')}`;
      await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      const database = await openDatabase({ url: databaseUrl, poolSize: 2 });
      fixture = await seed(database.db);
      await database.close();
      dropDatabase = async () => {
        await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
        await admin.close();
      };
    }
    port = await freePort();
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await dropDatabase?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const base = () => `http://127.0.0.1:${port}`;

  async function startServer(): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO: '0', WEB_DIR: '/nonexistent' };
    delete env.TEST_DATABASE_URL;
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else { delete env.DATABASE_URL; env.DATA_DIR = dataDir; }
    const proc = spawn(process.execPath, ['dist/server/main.js'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (chunk) => { stderr += String(chunk); });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${stderr}`);
      const ok = await fetch(`${base()}/api/health`).then((r) => r.ok, () => false);
      if (ok) return proc;
      if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function login() {
    const res = await fetch(`${base()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'tovien.restart', password: PASSWORD }) });
    expect(res.status).toBe(200);
    const me = (await res.json()) as { csrfToken: string };
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    return { cookie, csrf: me.csrfToken };
  }

  const stopped = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));

  it('stores every event exactly once across a SIGKILL and a resend of the whole batch', async () => {
    // 200 visits, four actions each, spread over the village's households.
    const batch = Array.from({ length: PUSH_MAX_MUTATIONS }, (_, i) => {
      const household = fixture.households[i % HOUSEHOLDS];
      const day = String(1 + (i % 28)).padStart(2, '0');
      return {
        id: uuidv7(),
        kind: 'support.record',
        payload: {
          id: uuidv7(), householdId: household.id, eventDate: `2025-0${1 + (i % 9)}-${day}`, channel: 'visit', informed: true,
          actions: [
            { personId: household.people[0], action: 'install_vneid', outcome: 'done' },
            { personId: household.people[0], action: 'open_bank_account', outcome: 'not_done', reason: 'no_smartphone' },
            { personId: household.people[1], action: 'activate_vneid_level2', outcome: 'already_had' },
            { personId: household.people[1], action: 'security_advice', outcome: 'done' },
          ],
        },
      };
    });
    const eventIds = batch.map((m) => m.payload.id);

    child = await startServer();
    let session = await login();
    const send = (s: { cookie: string; csrf: string }) => fetch(`${base()}/api/sync/push`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: JSON.stringify({ mutations: batch }),
    });

    // Kill the server once the 30th event is visible in its household's history: the batch
    // is then being applied, far from its end.
    const inFlight = send(session).then((r) => r.status, (e: Error) => e.message);
    const watched = batch[30].payload;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await fetch(`${base()}/api/households/${watched.householdId}/support-events`, { headers: { cookie: session.cookie } });
      const body = (await res.json()) as { items: Array<{ id: string }> };
      if (body.items.some((e) => e.id === watched.id)) break;
      if (Date.now() > deadline) throw new Error('the batch never reached its 30th event');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await stopped(child);
    // The phone saw the connection drop (no answer): it keeps its outbox.
    expect(typeof (await inFlight)).toBe('string');

    child = await startServer();
    session = await login();
    const res = await send(session);
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: MutationResult[] };
    const statuses = results.map((r) => r.status);
    const duplicates = statuses.filter((s) => s === 'duplicate').length;
    // A prefix was committed before the kill, the rest (the one in flight included) was not.
    expect(duplicates).toBeGreaterThanOrEqual(31);
    expect(duplicates).toBeLessThan(batch.length);
    expect(statuses).toEqual([...Array(duplicates).fill('duplicate'), ...Array(batch.length - duplicates).fill('applied')]);

    // And a third send changes nothing.
    const third = (await (await send(session)).json()) as { results: MutationResult[] };
    expect(third.results.every((r) => r.status === 'duplicate')).toBe(true);

    child.kill('SIGTERM');
    await stopped(child);
    const database = await openDatabase(databaseUrl ? { url: databaseUrl, poolSize: 1 } : { dataDir });
    try {
      const count = async (table: 'support_events' | 'support_actions' | 'sync_mutations', column: string, ids: string[]) =>
        (await database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).where(sql.ref(column), 'in', ids).executeTakeFirstOrThrow()).n;
      expect(await count('support_events', 'id', eventIds)).toBe(batch.length);
      expect(await count('support_actions', 'event_id', eventIds)).toBe(batch.length * 4);
      expect(await count('sync_mutations', 'id', batch.map((m) => m.id))).toBe(batch.length);
      const audits = await database.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('entity', '=', 'support_event').where('action', '=', 'create').executeTakeFirstOrThrow();
      expect(audits.n).toBe(batch.length);
      // The derived status agrees with the events: the earliest date each head got VNeID.
      const expected = new Map<string, string>();
      for (const m of batch) {
        const head = m.payload.actions[0].personId;
        if (!expected.has(head) || m.payload.eventDate < expected.get(head)!) expected.set(head, m.payload.eventDate);
      }
      const statusRows = await database.db.selectFrom('person_digital_status').select(['person_id', 'vneid_level1_on']).where('person_id', 'in', [...expected.keys()]).execute();
      expect(new Map(statusRows.map((r) => [r.person_id, r.vneid_level1_on]))).toEqual(expected);
    } finally {
      await database.close();
    }
  }, 180_000);
});
