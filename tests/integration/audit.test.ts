// The audit log through HTTP and SQL: every change and every read of personal details is
// recorded (who, which record, before/after), the log cannot be changed, admins filter it.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles.ts';
import { attemptLogin, loginAs } from '../support/login.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { addDays, todayInVietnam } from '../../src/shared/calendar.ts';

const CCCD = '008080000301';

interface AuditItem {
  id: number; at: string; accountId: string | null; username: string | null; action: string; entity: string;
  entityId: string | null; orgUnitId: number | null; before: any; after: any; detail: any;
}

/** Today's date in Vietnam (UTC+7), the day the audit filters speak of. */
const vietnamDay = (offsetDays = 0) => addDays(todayInVietnam(), offsetDays);

describeEachEngine('audit', (engine) => {
  let t: TestApp;
  let admin: Client;
  let office: Client;
  let head: Client;
  let fixture: { householdId: string; personId: string; otherPersonId: string };
  beforeAll(async () => {
    t = await createTestApp(engine);
    [admin, office, head] = [await loginAs(t, t.usernames.admin), await loginAs(t, t.usernames.culture_office), await loginAs(t, t.usernames.village_head)];
    const a = await makeHousehold(t, t.org.villageA, [{ fullName: 'Ma Văn Sinh', sex: 'male', birthYear: 1980, cccd: CCCD }]);
    const b = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Thị Hương' }]);
    fixture = { householdId: a.householdId, personId: a.personIds[0], otherPersonId: b.personIds[0] };
  });
  afterAll(async () => {
    await t?.close();
  });

  async function audit(query: string): Promise<AuditItem[]> {
    const response = await admin.get(`/api/audit?pageSize=200&${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items;
  }

  it('records every change of the registry with who, which record, before and after', async () => {
    const created = await office.post('/api/households', { villageId: t.org.villageA, address: 'Xóm Đồng', head: { fullName: 'Lục Văn Tâm', sex: 'male', birthYear: 1975 } });
    expect(created.status).toBe(201);
    const householdId = created.body.id;
    const edited = await office.patch(`/api/households/${householdId}`, { version: created.body.version, address: 'Xóm Bãi' });
    expect(edited.status).toBe(200);
    const person = await office.post('/api/people', { householdId, fullName: 'Lục Thị Na', sex: 'female', birthYear: 2001, relationToHead: 'child' });
    expect(person.status).toBe(201);
    const detail = (await office.get(`/api/people/${person.body.id}`)).body;
    expect((await office.patch(`/api/people/${person.body.id}`, { version: detail.version, fullName: 'Lục Thị Nga' })).status).toBe(200);
    expect((await office.post(`/api/people/${person.body.id}/end-residence`, { reason: 'moved_out', date: vietnamDay(), note: 'Đi làm xa' })).status).toBe(200);

    const officeId = office.me.id as string;
    const household = await audit(`entity=household&entityId=${householdId}`);
    const householdChanges = household.filter((r) => r.action !== 'read').reverse();
    expect(householdChanges.map((r) => r.action)).toEqual(['create', 'update']);
    expect(householdChanges[0]).toMatchObject({ accountId: officeId, username: t.usernames.culture_office, orgUnitId: t.org.villageA, before: null, after: { address: 'Xóm Đồng', headName: 'Lục Văn Tâm' } });
    expect(householdChanges[1]).toMatchObject({ accountId: officeId, before: { address: 'Xóm Đồng' }, after: { address: 'Xóm Bãi' } });

    const personRows = (await audit(`entity=person&entityId=${person.body.id}`)).filter((r) => r.action !== 'read').reverse();
    expect(personRows.map((r) => r.action)).toEqual(['create', 'update', 'end_residence']);
    expect(personRows.every((r) => r.accountId === officeId)).toBe(true);
    expect(personRows[1]).toMatchObject({ before: { full_name: 'Lục Thị Na' }, after: { full_name: 'Lục Thị Nga' } });
    expect(personRows[2]).toMatchObject({ before: { status: 'resident' }, after: { status: 'moved_out' }, detail: { reason: 'moved_out' } });
    for (const row of [...householdChanges, ...personRows]) expect(new Date(row.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('records each read of a person\'s or household\'s details, and nothing for a refused one', async () => {
    const headId = head.me.id as string;
    expect((await head.get(`/api/people/${fixture.personId}`)).status).toBe(200);
    expect((await head.get(`/api/households/${fixture.householdId}`)).status).toBe(200);
    expect((await head.get(`/api/people/${fixture.otherPersonId}`)).status).toBe(404);

    const reads = await audit(`action=read&accountId=${headId}`);
    expect(reads.map((r) => [r.entity, r.entityId]).sort()).toEqual([['household', fixture.householdId], ['person', fixture.personId]].sort());
    expect(reads.every((r) => r.orgUnitId === t.org.villageA)).toBe(true);
  });

  it('records each CCCD reveal, and never keeps a CCCD in clear in the log', async () => {
    const reveal = await office.post(`/api/people/${fixture.personId}/reveal-cccd`);
    expect(reveal.body).toEqual({ cccd: CCCD });
    const rows = await audit(`action=reveal_cccd&entityId=${fixture.personId}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ accountId: office.me.id, entity: 'person', orgUnitId: t.org.villageA });

    const found = await office.get(`/api/people?q=${CCCD}`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([fixture.personId]);
    const withCccd = await office.post('/api/people', { householdId: fixture.householdId, fullName: 'Ma Thị Hiền', sex: 'female', birthYear: 1982, cccd: '008182000302', relationToHead: 'spouse' });
    expect(withCccd.status).toBe(201);
    const searches = await audit(`action=search&accountId=${office.me.id}`);
    expect(searches[0].detail).toMatchObject({ q: 'CCCD ***', results: 1 });

    const everything = await t.database.db.selectFrom('audit_log').selectAll().execute();
    const text = JSON.stringify(everything);
    expect(text).not.toContain(CCCD);
    expect(text).not.toContain('008182000302');
    expect(text).toContain('0081******02'); // the created person's CCCD, masked
  });

  it('records logins, failed logins and logouts', async () => {
    await attemptLogin(t, t.usernames.team_leader, 'sai-mat-khau');
    const client = await loginAs(t, t.usernames.team_leader);
    await client.post('/api/auth/logout');
    const leaderId = client.me.id as string;
    const failed = (await audit('action=login_failed')).find((r) => r.entityId === leaderId);
    expect(failed).toMatchObject({ accountId: null, entity: 'account', detail: { identifier: t.usernames.team_leader, failures: 1 } });
    expect((await audit(`accountId=${leaderId}`)).map((r) => r.action)).toEqual(['logout', 'login']);
  });

  it('cannot be changed or emptied through SQL: UPDATE, DELETE and TRUNCATE raise', async () => {
    const db = t.database.db;
    const before = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(before.length).toBeGreaterThan(5);
    const target = before[0].id;
    await expect(sql`UPDATE audit_log SET action = 'nothing', account_id = NULL WHERE id = ${target}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = ${target}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(db.transaction().execute(async (trx) => {
      await trx.insertInto('audit_log').values({ action: 'create', entity: 'test' }).execute();
      await sql`UPDATE audit_log SET detail = '{"forged":true}'::jsonb`.execute(trx);
    })).rejects.toThrow(/append-only/);
    const after = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(after).toEqual(before);
  });

  it('has no API route that changes the audit log', async () => {
    const count = async () => (await t.database.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    const first = (await audit('')).at(-1)!;
    const before = await count();
    const attempts = [
      await admin.request('PATCH', '/api/audit', { action: 'x' }),
      await admin.request('PUT', '/api/audit', { action: 'x' }),
      await admin.request('DELETE', '/api/audit'),
      await admin.request('POST', '/api/audit', { action: 'create', entity: 'person' }),
      await admin.request('PATCH', `/api/audit/${first.id}`, { action: 'x' }),
      await admin.request('DELETE', `/api/audit/${first.id}`),
    ];
    for (const response of attempts) expect([404, 405]).toContain(response.status);
    expect(await count()).toBe(before);
    const docs = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const auditOperations = Object.entries(docs.paths as Record<string, object>)
      .filter(([path]) => path.startsWith('/api/audit'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(auditOperations).toEqual(['get /api/audit']);
  });

  it('lets the admin filter by entity, action, account and Vietnamese calendar day, page by page', async () => {
    const byEntity = await audit('entity=person');
    expect(byEntity.length).toBeGreaterThan(0);
    expect(byEntity.every((r) => r.entity === 'person')).toBe(true);
    const byAction = await audit('action=read');
    expect(byAction.length).toBeGreaterThan(0);
    expect(byAction.every((r) => r.action === 'read')).toBe(true);
    const byAccount = await audit(`accountId=${office.me.id}`);
    expect(byAccount.length).toBeGreaterThan(0);
    expect(byAccount.every((r) => r.accountId === office.me.id)).toBe(true);
    const combined = await audit(`entity=person&action=read&accountId=${head.me.id}`);
    expect(combined.map((r) => r.entityId)).toEqual([fixture.personId]);

    // Each read of the log is itself a row (entity audit_log): the second read sees the first's.
    expect((await audit(`from=${vietnamDay()}&to=${vietnamDay()}`)).length + 1).toBe((await audit('')).length);
    expect(await audit(`to=${vietnamDay(-1)}`)).toEqual([]);
    expect(await audit(`from=${vietnamDay(1)}`)).toEqual([]);

    // A day is a day in Vietnam: 23:30 on 1 March (UTC+7) is 1 March, 00:30 on 2 March is 2 March.
    const db = t.database.db;
    await db.insertInto('audit_log').values([
      { at: new Date('2026-03-01T23:30:00+07:00'), action: 'update', entity: 'boundary', entity_id: 'late-1-march' },
      { at: new Date('2026-03-02T00:30:00+07:00'), action: 'update', entity: 'boundary', entity_id: 'early-2-march' },
    ]).execute();
    expect((await audit('entity=boundary&from=2026-03-02&to=2026-03-02')).map((r) => r.entityId)).toEqual(['early-2-march']);
    expect((await audit('entity=boundary&from=2026-03-01&to=2026-03-01')).map((r) => r.entityId)).toEqual(['late-1-march']);
    expect((await audit('entity=boundary&from=2026-03-01&to=2026-03-02')).map((r) => r.entityId).sort()).toEqual(['early-2-march', 'late-1-march']);

    const page1 = await admin.get('/api/audit?entity=person&pageSize=2&page=1');
    const page2 = await admin.get('/api/audit?entity=person&pageSize=2&page=2');
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.total).toBeGreaterThan(4);
    const ids = [...page1.body.items, ...page2.body.items].map((r: { id: string | number }) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a)); // newest first, pages in sequence
    expect(new Set(ids).size).toBe(4);

    for (const bad of ['accountId=khong-phai-uuid', 'from=2026-02-30', 'to=01/03/2026', 'pageSize=1000']) {
      const response = await admin.get(`/api/audit?${bad}`);
      expect(response.status, bad).toBe(400);
      expect(response.body.error.fields[0].path, bad).toBe(bad.split('=')[0]);
    }
  });

  it('shows an admin of another province none of this province\'s entries', async () => {
    const db = t.database.db;
    const province = await db.insertInto('org_units').values({ level: 'province', name: 'Cao Bằng', path: 'tmp-cb' }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('org_units').set({ path: `/${province.id}/` }).where('id', '=', province.id).execute();
    const { password_hash } = await db.selectFrom('accounts').select('password_hash').where('username', '=', t.usernames.admin).executeTakeFirstOrThrow();
    await db.insertInto('accounts').values({ id: crypto.randomUUID(), username: 'admin.cao.bang', full_name: 'Quản trị Cao Bằng', role: 'admin', org_unit_id: province.id, password_hash }).execute();
    const foreign = await loginAs(t, 'admin.cao.bang');
    await office.get('/api/people?q=ma%20van%20sinh'); // a search: an entry without a unit

    const seen = (await foreign.get('/api/audit?pageSize=200')).body.items as AuditItem[];
    expect(seen.length).toBeGreaterThan(0); // its own login
    for (const row of seen) {
      const ownOrAnonymous = row.accountId === foreign.me.id || (row.accountId === null && row.orgUnitId === null);
      expect(ownOrAnonymous, JSON.stringify(row)).toBe(true);
    }
    expect(JSON.stringify(seen)).not.toMatch(/ma van sinh|Ma Văn Sinh/);
    const home = await audit(`action=search&accountId=${office.me.id}`);
    expect(home[0].detail.q).toBe('ma van sinh');
  });

  it('is readable by the admin only (403 for every other role)', async () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const client = role === 'culture_office' ? office : role === 'village_head' ? head : await loginAs(t, t.usernames[role]);
      const response = await client.get('/api/audit');
      expect(response.status, role).toBe(403);
      expect(response.body.error.code).toBe('forbidden');
      expect(JSON.stringify(response.body)).not.toContain('Ma Văn Sinh');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
  });
});
