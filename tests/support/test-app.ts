// An app on a fresh test database with a small org tree, one account per role, and a client
// that logs in and sends the session cookie and CSRF token like the web app does.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { type AppOptions, buildApp } from '../../src/server/app.ts';
import type { Engine } from '../../src/server/db/engine.ts';
import { hashPassword } from '../../src/server/features/accounts/passwords.ts';
import { ROLE_UNIT_LEVEL, ROLES, type Role } from '../../src/shared/roles.ts';
import { type TestDatabase, createTestDatabase } from './test-database.ts';

export const PASSWORD = 'mat-khau-thu-1';

export interface OrgFixture {
  province: number;
  commune: number;
  villageA: number;
  villageB: number;
  otherCommune: number;
  villageC: number;
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  org: OrgFixture;
  /** username of the fixture account of each role (village roles sit in village A). */
  usernames: Record<Role, string>;
  login(username: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export class Client {
  constructor(private app: FastifyInstance, readonly cookie: string, readonly csrf: string, readonly me: Record<string, unknown>) {}

  async request(method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await this.app.inject({
      method, url, payload: body as InjectOptions['payload'],
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...headers },
    });
    return { status: response.statusCode, body: response.body ? safeJson(response.body) : undefined, headers: response.headers };
  }
  get(url: string) { return this.request('GET', url); }
  post(url: string, body?: unknown) { return this.request('POST', url, body ?? {}); }
  patch(url: string, body: unknown) { return this.request('PATCH', url, body); }
  delete(url: string) { return this.request('DELETE', url); }
}

function safeJson(text: string): any {
  try { return JSON.parse(text); } catch { return text; }
}

async function addUnit(database: TestDatabase, parentId: number | null, parentPath: string, level: 'province' | 'commune' | 'village', name: string, code?: string) {
  const row = await database.db.insertInto('org_units').values({ parent_id: parentId, level, name, code: code ?? null, path: 'tmp' + name }).returning('id').executeTakeFirstOrThrow();
  const path = `${parentPath}${row.id}/`;
  await database.db.updateTable('org_units').set({ path }).where('id', '=', row.id).execute();
  return { id: row.id, path };
}

export async function createTestApp(engine: Engine, options: { config?: Partial<AppOptions['config']>; logStream?: NodeJS.WritableStream } = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const province = await addUnit(database, null, '/', 'province', 'Tuyên Quang', '08');
  const commune = await addUnit(database, province.id, province.path, 'commune', 'Bạch Ngọc');
  const villageA = await addUnit(database, commune.id, commune.path, 'village', 'Thôn Nà Pồng');
  const villageB = await addUnit(database, commune.id, commune.path, 'village', 'Thôn Bản Bó');
  const otherCommune = await addUnit(database, province.id, province.path, 'commune', 'Minh Tân');
  const villageC = await addUnit(database, otherCommune.id, otherCommune.path, 'village', 'Thôn Khuổi Vài');
  const org = { province: province.id, commune: commune.id, villageA: villageA.id, villageB: villageB.id, otherCommune: otherCommune.id, villageC: villageC.id };
  const unitFor = { province: province.id, commune: commune.id, village: villageA.id };

  const passwordHash = await hashPassword(PASSWORD);
  const usernames = {} as Record<Role, string>;
  for (const role of ROLES) {
    usernames[role] = role.replace(/_/g, '.');
    await database.db.insertInto('accounts').values({
      id: uuidv7(), username: usernames[role], full_name: `Người dùng ${role}`, role, org_unit_id: unitFor[ROLE_UNIT_LEVEL[role]], password_hash: passwordHash,
    }).execute();
  }

  const app = await buildApp({ db: database.db, engine, config: { secureCookies: false, webDir: '/nonexistent', logLevel: 'warn', demo: false, ...options.config }, logger: Boolean(options.logStream), logStream: options.logStream });
  app.throttlePolicy = { slowAfter: 3, lockAfter: 6, lockMinutes: 15, delayStepMs: 1 };
  await app.ready();

  return {
    app, database, org, usernames,
    async login(username, password = PASSWORD) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: username, password } });
      if (response.statusCode !== 200) throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      const setCookie = response.cookies.find((c) => c.name === 'cnscd_session');
      const me = response.json();
      return new Client(app, `cnscd_session=${setCookie!.value}`, me.csrfToken, me);
    },
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}

/** A household with a head and optional members, inserted directly (fast test setup). */
export async function makeHousehold(t: TestApp, villageId: number, people: Array<{ fullName: string; sex?: 'male' | 'female'; birthYear?: number; birthDate?: string; cccd?: string }>) {
  const householdId = uuidv7();
  const ids = people.map(() => uuidv7());
  await t.database.db.transaction().execute(async (trx) => {
    await trx.insertInto('households').values({ id: householdId, village_id: villageId, address: 'Xóm 1', head_person_id: ids[0] ?? null }).execute();
    for (const [i, person] of people.entries()) {
      const birthYear = person.birthYear ?? (person.birthDate ? Number(person.birthDate.slice(0, 4)) : 1980);
      await trx.insertInto('people').values({
        id: ids[i], household_id: householdId, village_id: villageId, full_name: person.fullName, sex: person.sex ?? 'female', birth_year: birthYear,
        birth_date: person.birthDate ?? null, cccd: person.cccd ?? null, relation_to_head: i === 0 ? 'head' : 'child',
      }).execute();
      await trx.insertInto('residences').values({ id: uuidv7(), person_id: ids[i], household_id: householdId, village_id: villageId, from_date: '2020-01-01', start_reason: 'registry' }).execute();
    }
  });
  return { householdId, personIds: ids };
}
