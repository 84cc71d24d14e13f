// Account administration through HTTP: create with a temporary password, role/unit rules,
// scope, edits that revoke sessions, disable/enable, reset, revoke; every act audited.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles.ts';
import { attemptLogin, loginAs } from '../support/login.ts';
import { type Client, PASSWORD, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

describeEachEngine('accounts', (engine) => {
  let t: TestApp;
  let admin: Client;
  let adminId: string;
  let foreignProvince: number;
  let foreignCommune: number;
  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = await loginAs(t, t.usernames.admin);
    adminId = admin.me.id as string;
    // A second province, outside the fixture admin's area.
    const db = t.database.db;
    const province = await db.insertInto('org_units').values({ level: 'province', name: 'Hà Giang', path: 'tmp-hg' }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('org_units').set({ path: `/${province.id}/` }).where('id', '=', province.id).execute();
    const commune = await db.insertInto('org_units').values({ parent_id: province.id, level: 'commune', name: 'Xã Khác', path: 'tmp-xk' }).returning('id').executeTakeFirstOrThrow();
    await db.updateTable('org_units').set({ path: `/${province.id}/${commune.id}/` }).where('id', '=', commune.id).execute();
    foreignProvince = province.id;
    foreignCommune = commune.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  let counter = 0;
  async function createAccount(overrides: Record<string, unknown> = {}) {
    counter += 1;
    const body = { username: `tk.${counter}`, fullName: `Nguyễn Văn ${counter}`, role: 'team_member', orgUnitId: t.org.villageB, ...overrides };
    const response = await admin.post('/api/accounts', body);
    if (response.status !== 200) throw new Error(`create account: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { account: { id: string; username: string }; temporaryPassword: string };
  }

  /** A created account with its password changed, logged in and able to work. */
  async function workingAccount(overrides: Record<string, unknown> = {}) {
    const { account, temporaryPassword } = await createAccount(overrides);
    const first = await loginAs(t, account.username, temporaryPassword);
    expect((await first.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword: PASSWORD })).status).toBe(200);
    return { account, client: first };
  }

  const auditRows = (entityId: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'account').where('entity_id', '=', entityId).orderBy('id').execute();

  it('creates an account with a one-time temporary password that must be changed at first login', async () => {
    const response = await admin.post('/api/accounts', { username: 'Lo.Thi.Mai', fullName: 'Lò Thị Mai', phone: '0987 654 321', role: 'team_member', orgUnitId: t.org.villageB });
    expect(response.status).toBe(200);
    const { account, temporaryPassword } = response.body;
    expect(account).toMatchObject({ username: 'lo.thi.mai', fullName: 'Lò Thị Mai', phone: '0987654321', role: 'team_member', orgUnitId: t.org.villageB, mustChangePassword: true, disabled: false });
    expect(temporaryPassword).toMatch(/^[a-z2-9]{14}$/);
    const row = await t.database.db.selectFrom('accounts').select(['password_hash', 'must_change_password']).where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.password_hash).not.toContain(temporaryPassword);

    const client = await loginAs(t, '0987654321', temporaryPassword);
    expect(client.me).toMatchObject({ id: account.id, mustChangePassword: true });
    expect((await client.get('/api/households')).body.error.code).toBe('must_change_password');
    // The password is not shown again.
    expect(JSON.stringify((await admin.get(`/api/accounts/${account.id}`)).body)).not.toContain(temporaryPassword);
  });

  it('refuses a username that is already taken, naming the field', async () => {
    const response = await admin.post('/api/accounts', { username: t.usernames.village_head.toUpperCase(), fullName: 'Trùng Tên', role: 'village_head', orgUnitId: t.org.villageB });
    expect(response.status).toBe(409);
    expect(response.body.error.fields).toEqual([{ path: 'username', message: 'Tên đăng nhập đã được dùng.' }]);
  });

  it('refuses a username that login would read as a phone number', async () => {
    for (const username of ['0912345670', '0912.345.671', '84912345672']) {
      const response = await admin.post('/api/accounts', { username, fullName: 'Số Làm Tên', role: 'team_member', orgUnitId: t.org.villageB });
      expect(response.status, username).toBe(400);
      expect(response.body.error.fields.map((f: { path: string }) => f.path), username).toEqual(['username']);
    }
    // Digits inside an ordinary name are fine, and that account logs in by its name.
    const { account, temporaryPassword } = await createAccount({ username: 'to.0912' });
    expect((await attemptLogin(t, account.username, temporaryPassword)).status).toBe(200);
  });

  it('requires the role to match the level of its unit', async () => {
    const cases = [
      { role: 'village_head', orgUnitId: t.org.commune },
      { role: 'team_member', orgUnitId: t.org.province },
      { role: 'culture_office', orgUnitId: t.org.villageA },
      { role: 'admin', orgUnitId: t.org.commune },
    ];
    for (const [i, c] of cases.entries()) {
      const response = await admin.post('/api/accounts', { username: `sai.cap.${i}`, fullName: 'Sai Cấp', ...c });
      expect(response.status, c.role).toBe(400);
      expect(response.body.error.fields.map((f: { path: string }) => f.path), c.role).toEqual(['orgUnitId']);
    }
    const created = await t.database.db.selectFrom('accounts').select('id').where('username', 'like', 'sai.cap.%').execute();
    expect(created).toHaveLength(0);
  });

  it('refuses a unit outside the admin\'s own area, and hides accounts there', async () => {
    const response = await admin.post('/api/accounts', { username: 'ngoai.vung', fullName: 'Ngoài Vùng', role: 'culture_office', orgUnitId: foreignCommune });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe('orgUnitId');
    expect((await admin.post('/api/accounts', { username: 'khong.co', fullName: 'Không Có', role: 'culture_office', orgUnitId: 999999 })).status).toBe(400);

    const foreign = await t.database.db.selectFrom('accounts').select('id').where('username', '=', t.usernames.province_viewer).executeTakeFirstOrThrow();
    await t.database.db.updateTable('accounts').set({ org_unit_id: foreignProvince }).where('id', '=', foreign.id).execute();
    try {
      expect((await admin.get(`/api/accounts/${foreign.id}`)).status).toBe(404);
      expect((await admin.patch(`/api/accounts/${foreign.id}`, { fullName: 'Đổi Tên' })).status).toBe(404);
      expect((await admin.post(`/api/accounts/${foreign.id}/disable`)).status).toBe(404);
      expect((await admin.post(`/api/accounts/${foreign.id}/reset-password`)).status).toBe(404);
      const list = await admin.get('/api/accounts?pageSize=200');
      expect(list.body.items.map((a: { id: string }) => a.id)).not.toContain(foreign.id);
      const row = await t.database.db.selectFrom('accounts').select(['full_name', 'disabled_at']).where('id', '=', foreign.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ full_name: 'Người dùng province_viewer', disabled_at: null });
    } finally {
      await t.database.db.updateTable('accounts').set({ org_unit_id: t.org.province }).where('id', '=', foreign.id).execute();
    }
  });

  it('lists the accounts of its area, filtered by role and searched without diacritics', async () => {
    await createAccount({ fullName: 'Hoàng Thị Thoa', role: 'village_head', orgUnitId: t.org.villageC });
    const list = await admin.get('/api/accounts?q=hoang%20thi%20thoa');
    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { fullName: string }) => a.fullName)).toEqual(['Hoàng Thị Thoa']);
    const heads = await admin.get('/api/accounts?role=village_head&pageSize=200');
    expect(heads.body.items.length).toBeGreaterThanOrEqual(2);
    expect(heads.body.items.every((a: { role: string }) => a.role === 'village_head')).toBe(true);
  });

  it('revokes the old sessions when the role changes, but not on a change of name', async () => {
    const { account, client } = await workingAccount();
    const renamed = await admin.patch(`/api/accounts/${account.id}`, { fullName: 'Tên Mới' });
    expect(renamed.status).toBe(200);
    expect((await client.get('/api/auth/me')).status).toBe(200);

    const promoted = await admin.patch(`/api/accounts/${account.id}`, { role: 'village_head' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('village_head');
    expect((await client.get('/api/auth/me')).status).toBe(401);
    const again = await loginAs(t, account.username);
    expect(again.me.role).toBe('village_head');
    expect((await admin.patch(`/api/accounts/${account.id}`, { role: 'culture_office' })).status).toBe(400);

    const moved = await admin.patch(`/api/accounts/${account.id}`, { orgUnitId: t.org.villageC });
    expect(moved.status).toBe(200);
    expect((await again.get('/api/auth/me')).status).toBe(401);

    const rows = await auditRows(account.id);
    const updates = rows.filter((r) => r.action === 'update');
    expect(updates).toHaveLength(3);
    expect(updates.every((r) => r.account_id === adminId)).toBe(true);
    expect(updates[1].before).toMatchObject({ role: 'team_member' });
    expect(updates[1].after).toMatchObject({ role: 'village_head' });
  });

  it('disables an account (its sessions end, it cannot log in) and enables it again', async () => {
    const { account, client } = await workingAccount();
    const disabled = await admin.post(`/api/accounts/${account.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect((await attemptLogin(t, account.username, PASSWORD)).status).toBe(401);
    const open = await t.database.db.selectFrom('sessions').select('id').where('account_id', '=', account.id).where('revoked_at', 'is', null).execute();
    expect(open).toHaveLength(0);

    const enabled = await admin.post(`/api/accounts/${account.id}/enable`);
    expect(enabled.status).toBe(200);
    expect(enabled.body.disabled).toBe(false);
    expect((await client.get('/api/auth/me')).status).toBe(401); // old sessions stay ended
    expect((await attemptLogin(t, account.username, PASSWORD)).status).toBe(200);

    expect((await admin.post(`/api/accounts/${adminId}/disable`)).status).toBe(400);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    const actions = (await auditRows(account.id)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'disable', 'enable']));
  });

  it('resets a password: a new temporary one, old password and sessions gone, lock lifted', async () => {
    const { account, client } = await workingAccount();
    // Locks are per address (login.service.ts): the tries come from one.
    const ip = '10.250.0.1';
    for (let i = 0; i < 6; i++) await attemptLogin(t, account.username, `sai-${i}`, ip);
    expect((await attemptLogin(t, account.username, PASSWORD, ip)).status).toBe(429);

    const reset = await admin.post(`/api/accounts/${account.id}/reset-password`);
    expect(reset.status).toBe(200);
    const { temporaryPassword } = reset.body;
    expect(temporaryPassword).toMatch(/^[a-z2-9]{14}$/);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect((await attemptLogin(t, account.username, PASSWORD, ip)).status).toBe(401);
    const fresh = await loginAs(t, account.username, temporaryPassword);
    expect(fresh.me.mustChangePassword).toBe(true);
    const audit = (await auditRows(account.id)).filter((r) => r.action === 'reset_password');
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain(temporaryPassword);
  });

  it('lists an account\'s sessions and ends them all (a lost phone)', async () => {
    const { account, client } = await workingAccount();
    const second = await loginAs(t, account.username);
    const sessions = await admin.get(`/api/accounts/${account.id}/sessions`);
    expect(sessions.status).toBe(200);
    expect(sessions.body.items).toHaveLength(2);

    expect((await admin.post(`/api/accounts/${account.id}/revoke-sessions`)).status).toBe(200);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    expect((await admin.get(`/api/accounts/${account.id}/sessions`)).body.items).toHaveLength(0);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
    // Revoked, not locked out: the volunteer logs in again on the new phone.
    expect((await attemptLogin(t, account.username, PASSWORD)).status).toBe(200);
  });

  it('writes an audit row for every account change, by the admin, with the account\'s state', async () => {
    const { account } = await createAccount({ role: 'village_head', orgUnitId: t.org.villageA });
    await admin.patch(`/api/accounts/${account.id}`, { fullName: 'Đặng Văn Sáu' });
    await admin.post(`/api/accounts/${account.id}/disable`);
    await admin.post(`/api/accounts/${account.id}/enable`);
    await admin.post(`/api/accounts/${account.id}/reset-password`);
    await admin.post(`/api/accounts/${account.id}/revoke-sessions`);
    const rows = await auditRows(account.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update', 'disable', 'enable', 'reset_password', 'revoke_session']);
    for (const row of rows) {
      expect(row.account_id).toBe(adminId);
      expect(row.org_unit_id).toBe(t.org.villageA);
    }
    expect(rows[0].after).toMatchObject({ id: account.id, role: 'village_head', orgUnitId: t.org.villageA });
    expect(rows[1].before).toMatchObject({ fullName: expect.stringMatching(/^Nguyễn Văn/) });
    expect(rows[1].after).toMatchObject({ fullName: 'Đặng Văn Sáu' });
    expect([rows[2].before, rows[2].after]).toMatchObject([{ disabled: false }, { disabled: true }]);
    expect([rows[3].before, rows[3].after]).toMatchObject([{ disabled: true }, { disabled: false }]);
    expect(rows[4].after).toMatchObject({ mustChangePassword: true });
    expect(JSON.stringify(rows)).not.toMatch(/argon2|password_hash/);
  });

  it('refuses every account route to every role but admin (403), changing nothing', async () => {
    const target = await t.database.db.selectFrom('accounts').select('id').where('username', '=', t.usernames.team_member).executeTakeFirstOrThrow();
    const before = await t.database.db.selectFrom('accounts').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const client = await loginAs(t, t.usernames[role]);
      const attempts = [
        await client.get('/api/accounts'),
        await client.get(`/api/accounts/${target.id}`),
        await client.post('/api/accounts', { username: `tu.tao.${role}`, fullName: 'Tự Tạo', role: 'admin', orgUnitId: t.org.province }),
        await client.patch(`/api/accounts/${target.id}`, { role: 'admin', orgUnitId: t.org.province }),
        await client.post(`/api/accounts/${target.id}/disable`),
        await client.post(`/api/accounts/${target.id}/reset-password`),
        await client.post(`/api/accounts/${target.id}/revoke-sessions`),
      ];
      for (const response of attempts) {
        expect(response.status, role).toBe(403);
        expect(response.body.error.code).toBe('forbidden');
      }
    }
    const after = await t.database.db.selectFrom('accounts').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const row = await t.database.db.selectFrom('accounts').select(['role', 'disabled_at', 'must_change_password']).where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'team_member', disabled_at: null, must_change_password: false });
  });
});
