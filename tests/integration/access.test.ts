// What each role reaches, through HTTP: a table per role of the main routes, scope by org
// subtree (out of area answers 404, like "does not exist"), and the rule that every /api
// route declares its access.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { ROLES, type Role } from '../../src/shared/roles.ts';
import { loginAs } from '../support/login.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

type Check = 'people' | 'person' | 'households' | 'accounts' | 'audit' | 'orgUnits' | 'stats' | 'createHousehold' | 'revealCccd';

// Written out by hand from domain.md's roles table, not derived from the code under test.
const Y = 200;
const N = 403;
const EXPECTED: Record<Role, Record<Check, number>> = {
  admin:           { people: Y, person: Y, households: Y, accounts: Y, audit: Y, orgUnits: Y, stats: Y, createHousehold: 201, revealCccd: Y },
  province_viewer: { people: N, person: N, households: N, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: N, revealCccd: N },
  commune_leader:  { people: Y, person: Y, households: Y, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: N, revealCccd: Y },
  culture_office:  { people: Y, person: Y, households: Y, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: 201, revealCccd: Y },
  economy_office:  { people: N, person: N, households: N, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: N, revealCccd: N },
  service_center:  { people: Y, person: Y, households: Y, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: N, revealCccd: Y },
  youth_union:     { people: N, person: N, households: N, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: N, revealCccd: N },
  village_head:    { people: Y, person: Y, households: Y, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: 201, revealCccd: N },
  team_leader:     { people: Y, person: Y, households: Y, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: N, revealCccd: N },
  team_member:     { people: Y, person: Y, households: Y, accounts: N, audit: N, orgUnits: Y, stats: Y, createHousehold: N, revealCccd: N },
};

/** The villages whose registry each role sees (village roles sit in village A, commune roles in Bạch Ngọc). */
type Area = 'province' | 'commune' | 'village';
const AREA: Record<Role, Area | null> = {
  admin: 'province', province_viewer: null, commune_leader: 'commune', culture_office: 'commune', economy_office: null,
  service_center: 'commune', youth_union: null, village_head: 'village', team_leader: 'village', team_member: 'village',
};

describeEachEngine('access', (engine) => {
  let t: TestApp;
  const clients = {} as Record<Role, Client>;
  const fixture = {} as Record<'A' | 'B' | 'C', { householdId: string; personId: string; name: string; cccd: string }>;

  beforeAll(async () => {
    t = await createTestApp(engine);
    const villages = { A: t.org.villageA, B: t.org.villageB, C: t.org.villageC };
    const cccds = { A: '008080000101', B: '008080000102', C: '008080000103' };
    for (const key of ['A', 'B', 'C'] as const) {
      const name = `Hoàng Văn Thôn${key}`;
      const { householdId, personIds } = await makeHousehold(t, villages[key], [{ fullName: name, sex: 'male', birthYear: 1980, cccd: cccds[key] }]);
      fixture[key] = { householdId, personId: personIds[0], name, cccd: cccds[key] };
    }
    for (const role of ROLES) clients[role] = await loginAs(t, t.usernames[role]);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('what each role reaches', () => {
    it.each(ROLES)('%s reaches exactly the routes its role allows', async (role) => {
      const client = clients[role];
      const actual: Record<Check, number> = {
        people: (await client.get('/api/people')).status,
        person: (await client.get(`/api/people/${fixture.A.personId}`)).status,
        households: (await client.get('/api/households')).status,
        accounts: (await client.get('/api/accounts')).status,
        audit: (await client.get('/api/audit')).status,
        orgUnits: (await client.get('/api/org-units')).status,
        stats: (await client.get('/api/stats/home')).status,
        createHousehold: (await client.post('/api/households', { villageId: t.org.villageA, address: 'Xóm 2', head: { fullName: `Chủ Hộ ${role}`, sex: 'male', birthYear: 1975 } })).status,
        revealCccd: (await client.post(`/api/people/${fixture.A.personId}/reveal-cccd`)).status,
      };
      expect(actual).toEqual(EXPECTED[role]);

      // A refused write left nothing behind; an allowed one stored the household.
      const created = await t.database.db.selectFrom('people').select('id').where('full_name', '=', `Chủ Hộ ${role}`).execute();
      expect(created).toHaveLength(EXPECTED[role].createHousehold === 201 ? 1 : 0);
      const reveals = await t.database.db.selectFrom('audit_log').select('id').where('action', '=', 'reveal_cccd').where('account_id', '=', client.me.id as string).execute();
      expect(reveals).toHaveLength(EXPECTED[role].revealCccd === 200 ? 1 : 0);
    });

    it('gives the province viewer aggregates only: no names, no CCCD anywhere it can read', async () => {
      const client = clients.province_viewer;
      const stats = await client.get('/api/stats/home');
      expect(stats.status).toBe(200);
      expect(stats.body.totals.people).toBeGreaterThanOrEqual(3);
      const seen = JSON.stringify([stats.body, (await client.get('/api/org-units')).body, (await client.get('/api/auth/me')).body]);
      for (const key of ['A', 'B', 'C'] as const) expect(seen).not.toContain(fixture[key].name);
      expect(seen).not.toMatch(/00808000010/);
      for (const url of [`/api/people/${fixture.C.personId}`, `/api/households/${fixture.C.householdId}`, `/api/people?q=hoang`]) {
        expect((await client.get(url)).status, url).toBe(403);
      }
    });
  });

  describe('scope by org subtree', () => {
    const visibleVillages = (role: Role): Array<'A' | 'B' | 'C'> =>
      ({ province: ['A', 'B', 'C'], commune: ['A', 'B'], village: ['A'] } as const)[AREA[role]!].slice();

    const readers = ROLES.filter((role) => AREA[role] !== null);

    it.each(readers)('%s gets 404 for people and households outside its area, 200 inside', async (role) => {
      const client = clients[role];
      const visible = visibleVillages(role);
      for (const key of ['A', 'B', 'C'] as const) {
        const expected = visible.includes(key) ? 200 : 404;
        const person = await client.get(`/api/people/${fixture[key].personId}`);
        expect(person.status, `person ${key}`).toBe(expected);
        const household = await client.get(`/api/households/${fixture[key].householdId}`);
        expect(household.status, `household ${key}`).toBe(expected);
        if (expected === 404) {
          expect(person.body.error.code).toBe('not_found');
          expect(JSON.stringify(person.body) + JSON.stringify(household.body)).not.toContain(fixture[key].name);
        } else {
          expect(person.body.fullName).toBe(fixture[key].name);
          expect(household.body.members.map((m: { id: string }) => m.id)).toContain(fixture[key].personId);
        }
      }
    });

    it.each(readers)('%s lists and finds only people and households of its area', async (role) => {
      const client = clients[role];
      const visible = visibleVillages(role);
      const people = (await client.get('/api/people?pageSize=200')).body.items as Array<{ id: string; villageId: number }>;
      const households = (await client.get('/api/households?pageSize=200')).body.items as Array<{ id: string; villageId: number }>;
      const found = (await client.get('/api/people?q=hoang%20van%20thon')).body.items as Array<{ id: string }>;
      const allowedVillages = visible.map((key) => ({ A: t.org.villageA, B: t.org.villageB, C: t.org.villageC })[key]);
      for (const key of ['A', 'B', 'C'] as const) {
        const inArea = visible.includes(key);
        expect(people.some((p) => p.id === fixture[key].personId), `people list ${key}`).toBe(inArea);
        expect(households.some((h) => h.id === fixture[key].householdId), `household list ${key}`).toBe(inArea);
        expect(found.some((p) => p.id === fixture[key].personId), `search ${key}`).toBe(inArea);
      }
      expect(people.every((p) => allowedVillages.includes(p.villageId))).toBe(true);
      expect(households.every((h) => allowedVillages.includes(h.villageId))).toBe(true);
      // Asking for another area's village by id gives an empty page, not its rows.
      for (const key of (['B', 'C'] as const).filter((k) => !visible.includes(k))) {
        const village = { B: t.org.villageB, C: t.org.villageC }[key];
        expect((await client.get(`/api/people?villageId=${village}`)).body.items).toEqual([]);
        expect((await client.get(`/api/households?villageId=${village}`)).body.items).toEqual([]);
        expect((await client.get(`/api/people?q=${fixture[key].cccd}`)).body.items).toEqual([]);
      }
    });

    it.each(readers)('%s sees the org tree and home figures of its own area only', async (role) => {
      const client = clients[role];
      const area = AREA[role]!;
      const expectedUnits = {
        province: [t.org.province, t.org.commune, t.org.villageA, t.org.villageB, t.org.otherCommune, t.org.villageC],
        commune: [t.org.commune, t.org.villageA, t.org.villageB],
        village: [t.org.villageA],
      }[area];
      const units = (await client.get('/api/org-units')).body.items.map((u: { id: number }) => u.id);
      expect(units.sort()).toEqual([...expectedUnits].sort());
      const outside = [t.org.province, t.org.commune, t.org.villageB, t.org.otherCommune, t.org.villageC].filter((id) => !expectedUnits.includes(id));
      for (const id of outside) expect((await client.get(`/api/org-units/${id}`)).status, `unit ${id}`).toBe(404);
      const stats = (await client.get('/api/stats/home')).body;
      const statUnits = stats.units.map((u: { id: number }) => u.id).sort();
      expect(statUnits).toEqual({ province: [t.org.commune, t.org.otherCommune], commune: [t.org.villageA, t.org.villageB], village: [t.org.villageA] }[area].sort());
    });

    it('refuses writes and CCCD reveals outside the area with 404', async () => {
      const head = clients.village_head;
      const personB = await t.database.db.selectFrom('people').select('version').where('id', '=', fixture.B.personId).executeTakeFirstOrThrow();
      const edit = await head.patch(`/api/people/${fixture.B.personId}`, { version: personB.version, fullName: 'Tên Bị Sửa' });
      expect(edit.status).toBe(404);
      const householdB = await t.database.db.selectFrom('households').select('version').where('id', '=', fixture.B.householdId).executeTakeFirstOrThrow();
      expect((await head.patch(`/api/households/${fixture.B.householdId}`, { version: householdB.version, address: 'Bị sửa' })).status).toBe(404);
      const create = await head.post('/api/households', { villageId: t.org.villageB, head: { fullName: 'Người Lạ', sex: 'female', birthYear: 1990 } });
      expect(create.status).toBe(400);
      expect(create.body.error.fields[0].path).toBe('villageId');

      for (const role of ['commune_leader', 'culture_office', 'service_center'] as const) {
        expect((await clients[role].post(`/api/people/${fixture.C.personId}/reveal-cccd`)).status, role).toBe(404);
        expect((await clients[role].post(`/api/people/${fixture.B.personId}/reveal-cccd`)).body, role).toEqual({ cccd: '008080000102' });
      }
      const office = clients.culture_office;
      const personC = await t.database.db.selectFrom('people').select(['version', 'full_name']).where('id', '=', fixture.C.personId).executeTakeFirstOrThrow();
      expect((await office.patch(`/api/people/${fixture.C.personId}`, { version: personC.version, fullName: 'Tên Bị Sửa' })).status).toBe(404);

      const names = await t.database.db.selectFrom('people').select('full_name').where('id', 'in', [fixture.B.personId, fixture.C.personId]).execute();
      expect(names.map((n) => n.full_name).sort()).toEqual([fixture.B.name, fixture.C.name].sort());
    });
  });

  describe('every /api route declares its access', () => {
    async function registrationError(register: (app: FastifyInstance) => void | Promise<void>): Promise<unknown> {
      const app = await buildApp({ db: t.database.db, config: { secureCookies: false, webDir: '/nonexistent', logLevel: 'warn', demo: false }, logger: false });
      try {
        await register(app);
        await app.ready();
        return undefined;
      } catch (error) {
        return error;
      } finally {
        await app.close();
      }
    }

    it('refuses to register an /api route without config.access', async () => {
      const direct = await registrationError((app) => {
        app.get('/api/forgotten', async () => ({ secret: true }));
      });
      expect(String(direct)).toMatch(/GET \/api\/forgotten does not declare config\.access/);
      const inPlugin = await registrationError((app) => {
        app.register(async (plugin) => {
          plugin.post('/api/forgotten-write', { config: {} }, async () => ({ ok: true }));
        });
      });
      expect(String(inPlugin)).toMatch(/POST \/api\/forgotten-write does not declare config\.access/);
      // The same routes declaring their access register fine.
      const declared = await registrationError((app) => {
        app.get('/api/remembered', { config: { access: 'registry.read' } }, async () => ({ ok: true }));
      });
      expect(declared).toBeUndefined();
    });

    it('answers 401 to an anonymous call of every route but login, health, the session probe and the docs', async () => {
      const docs = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
      expect(docs.statusCode).toBe(200);
      const paths = docs.json().paths as Record<string, Record<string, unknown>>;
      // GET /api/auth/session answers { account: null } to nobody (the login page asks it without a 401 in the console).
      const PUBLIC = new Set(['POST /api/auth/login', 'GET /api/health', 'GET /api/auth/session']);
      const checked: string[] = [];
      for (const [path, operations] of Object.entries(paths)) {
        if (path.startsWith('/api/docs')) continue;
        for (const method of Object.keys(operations)) {
          const key = `${method.toUpperCase()} ${path}`;
          if (PUBLIC.has(key) || method === 'head') continue;
          const url = path.replace(/\{[^}]+\}/g, '1');
          const response = await t.app.inject({ method: method.toUpperCase() as 'GET', url, payload: method === 'get' ? undefined : {} });
          expect(response.statusCode, key).toBe(401);
          checked.push(key);
        }
      }
      expect(checked.length).toBeGreaterThanOrEqual(20);
      expect(checked).toEqual(expect.arrayContaining(['GET /api/people', 'POST /api/accounts', 'GET /api/audit', 'PATCH /api/org-units/{id}']));
    });
  });
});
