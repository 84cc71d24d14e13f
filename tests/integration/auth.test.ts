// Logging in and sessions through HTTP: identifiers, non-revealing errors, throttling and
// locks, cookie and CSRF protection, password change, one's own sessions, expiry.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/shared/roles.ts';
import { attemptLogin, currentSessionId, loginAs, nextIp } from '../support/login.ts';
import { PASSWORD, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

const WRONG_CREDENTIALS = { error: { code: 'wrong_credentials', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' } };
const NEW_PASSWORD = 'mat-khau-moi-2';

describeEachEngine('auth', (engine) => {
  let t: TestApp;
  let fixtureHash: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    const admin = await t.database.db.selectFrom('accounts').select('password_hash').where('username', '=', t.usernames.admin).executeTakeFirstOrThrow();
    fixtureHash = admin.password_hash;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An account of this file's own (password PASSWORD), so tests that change it stay apart. */
  async function makeAccount(username: string, extra: { role?: Role; orgUnitId?: number; phone?: string; mustChangePassword?: boolean } = {}) {
    const id = uuidv7();
    await t.database.db.insertInto('accounts').values({
      id, username, full_name: `Tài khoản ${username}`, role: extra.role ?? 'team_member', org_unit_id: extra.orgUnitId ?? t.org.villageA,
      phone: extra.phone ?? null, password_hash: fixtureHash, must_change_password: extra.mustChangePassword ?? false,
    }).execute();
    return id;
  }

  async function withThrottle<T>(policy: { slowAfter: number; lockAfter: number; lockMinutes: number; delayStepMs: number }, body: () => Promise<T>) {
    const saved = t.app.throttlePolicy;
    t.app.throttlePolicy = policy;
    try {
      return await body();
    } finally {
      t.app.throttlePolicy = saved;
    }
  }

  it('logs in by username, ignoring letter case, and answers with the account and a CSRF token', async () => {
    const login = await attemptLogin(t, 'Commune.Leader', PASSWORD);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ username: 'commune.leader', role: 'commune_leader', orgUnit: { id: t.org.commune, level: 'commune' }, mustChangePassword: false });
    expect(login.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const client = await loginAs(t, t.usernames.commune_leader);
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(login.body.id);
    const session = await client.get('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body.account).toMatchObject({ id: login.body.id, csrfToken: client.csrf });
  });

  it('logs in by phone number, however the number is written', async () => {
    const id = await makeAccount('phone.user', { phone: '0912345678' });
    for (const identifier of ['0912345678', '0912 345 678', '+84 912.345.678']) {
      const login = await attemptLogin(t, identifier, PASSWORD);
      expect(login.status, identifier).toBe(200);
      expect(login.body.id).toBe(id);
    }
    expect((await attemptLogin(t, '0912345679', PASSWORD)).body).toEqual(WRONG_CREDENTIALS);
  });

  it('answers a wrong password, an unknown account and a disabled account with the same 401', async () => {
    await makeAccount('disabled.user');
    await t.database.db.updateTable('accounts').set({ disabled_at: sql`now()` }).where('username', '=', 'disabled.user').execute();
    const attempts = [
      await attemptLogin(t, t.usernames.village_head, 'sai-mat-khau'),
      await attemptLogin(t, 'khong.ton.tai', 'sai-mat-khau'),
      await attemptLogin(t, '0999999999', PASSWORD),
      await attemptLogin(t, 'disabled.user', PASSWORD),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(401);
      expect(attempt.body).toEqual(WRONG_CREDENTIALS);
      expect(attempt.response.cookies.find((c) => c.name === 'cnscd_session')).toBeUndefined();
    }
  });

  it('slows down repeated failures, then locks that address out of the account with a Vietnamese 429', async () => {
    await makeAccount('locked.user');
    const step = 300;
    const attacker = nextIp();
    const attempts = await withThrottle({ slowAfter: 2, lockAfter: 4, lockMinutes: 15, delayStepMs: step }, async () => {
      const out = [];
      for (let i = 0; i < 4; i++) out.push(await attemptLogin(t, 'locked.user', `sai-${i}`, attacker));
      return out;
    });
    expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    // Failures beyond slowAfter wait (failures - slowAfter) steps before answering.
    expect(attempts[2].ms).toBeGreaterThanOrEqual(step - 10);
    expect(attempts[3].ms).toBeGreaterThanOrEqual(2 * step - 10);
    expect(attempts[3].body.error).toEqual({ code: 'locked', message: 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.' });

    const correct = await attemptLogin(t, 'locked.user', PASSWORD, attacker);
    expect(correct.status).toBe(429);
    expect(correct.body.error.code).toBe('locked');
    expect(correct.response.cookies.find((c) => c.name === 'cnscd_session')).toBeUndefined();
    // The account's owner, from their own address, is not locked out by someone else's tries.
    expect((await attemptLogin(t, 'locked.user', PASSWORD, nextIp())).status).toBe(200);
    // The lock is in the audit log and among the admin's todos while it lasts.
    const locked = await t.database.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'login_locked').execute();
    expect(locked.map((r) => (r.detail as { identifier: string; address: string })).filter((d) => d.identifier === 'locked.user')).toEqual([expect.objectContaining({ address: attacker })]);
    const admin = await loginAs(t, t.usernames.admin);
    const todos = (await admin.get('/api/todos')).body;
    expect(JSON.stringify(todos)).toContain('locked.user');
  });

  it('only slows, never locks, failures spread over many addresses', async () => {
    await makeAccount('spread.user');
    const attempts = await withThrottle({ slowAfter: 2, lockAfter: 4, lockMinutes: 15, delayStepMs: 1 }, async () => {
      const out = [];
      for (let i = 0; i < 8; i++) out.push(await attemptLogin(t, 'spread.user', `sai-${i}`, nextIp()));
      return out;
    });
    expect(attempts.map((a) => a.status)).toEqual(Array(8).fill(401));
    expect((await attemptLogin(t, 'spread.user', PASSWORD, nextIp())).status).toBe(200);
  });

  it('locks an unknown identifier exactly like an existing one, so a lock reveals nothing', async () => {
    const run = (identifier: string) => {
      const ip = nextIp();
      return withThrottle({ slowAfter: 2, lockAfter: 4, lockMinutes: 15, delayStepMs: 1 }, async () => {
        const out = [];
        for (let i = 0; i < 5; i++) out.push(await attemptLogin(t, identifier, `sai-${i}`, ip));
        return out;
      });
    };
    await makeAccount('known.user');
    const known = await run('known.user');
    const unknown = await run('ai.do.khong.co');
    expect(unknown.map((a) => a.status)).toEqual([401, 401, 401, 429, 429]);
    expect(unknown.map((a) => a.status)).toEqual(known.map((a) => a.status));
    expect(unknown.map((a) => a.body)).toEqual(known.map((a) => a.body));
    expect(unknown[4].body.error.message).toMatch(/^Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\.$/);
  });

  it('lets the account in again once the lock has passed, and counts failures afresh', async () => {
    await makeAccount('lifted.user');
    const ip = nextIp();
    await withThrottle({ slowAfter: 2, lockAfter: 3, lockMinutes: 15, delayStepMs: 1 }, async () => {
      for (let i = 0; i < 3; i++) await attemptLogin(t, 'lifted.user', `sai-${i}`, ip);
      expect((await attemptLogin(t, 'lifted.user', PASSWORD, ip)).status).toBe(429);
      // Time passes: the lock and the failures that caused it are 16 minutes old.
      await t.database.db.updateTable('login_throttle')
        .set({ locked_until: sql`now() - interval '1 minute'`, last_failure_at: sql`now() - interval '16 minutes'` })
        .where(sql<boolean>`identifier LIKE ${`%@${ip}`}`).execute();
      const wrong = await attemptLogin(t, 'lifted.user', 'van-sai', ip);
      expect(wrong.status).toBe(401);
      expect(wrong.body).toEqual(WRONG_CREDENTIALS);
      const ok = await attemptLogin(t, 'lifted.user', PASSWORD, ip);
      expect(ok.status).toBe(200);
    });
    const throttle = await t.database.db.selectFrom('login_throttle').selectAll().where('identifier', '=', `lifted.user@${ip}`).executeTakeFirst();
    expect(throttle).toBeUndefined();
  });

  it('counts failures by username and by phone against the same account', async () => {
    await makeAccount('shared.counter', { phone: '0911222333' });
    const ip = nextIp();
    await withThrottle({ slowAfter: 10, lockAfter: 4, lockMinutes: 15, delayStepMs: 1 }, async () => {
      await attemptLogin(t, 'shared.counter', 'sai-1', ip);
      await attemptLogin(t, 'shared.counter', 'sai-2', ip);
      await attemptLogin(t, '0911 222 333', 'sai-3', ip);
      const fourth = await attemptLogin(t, '0911222333', 'sai-4', ip);
      expect(fourth.status).toBe(429);
      expect((await attemptLogin(t, 'shared.counter', PASSWORD, ip)).status).toBe(429);
    });
  });

  it('uses a Secure __Host- session cookie when PUBLIC_URL is https', async () => {
    const secure = await createTestApp(engine, { config: { publicUrl: 'https://cnscd.tuyenquang.gov.vn' } });
    try {
      const res = await secure.app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: secure.usernames.admin, password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === '__Host-cnscd_session');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Lax' });
      expect(cookie?.domain).toBeUndefined();
      expect((await secure.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `__Host-cnscd_session=${cookie!.value}` } })).statusCode).toBe(200);
      // The unprefixed name is not read there.
      expect((await secure.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `cnscd_session=${cookie!.value}` } })).statusCode).toBe(401);
    } finally {
      await secure.close();
    }
  });

  it('refuses passwords outside the policy: length by role, letters, the list of common passwords, the username', async () => {
    await makeAccount('policy.desk', { role: 'economy_office', orgUnitId: t.org.commune });
    await makeAccount('policy.phone');
    const desk = await loginAs(t, 'policy.desk');
    const phone = await loginAs(t, 'policy.phone');
    const tryDesk = (newPassword: string) => desk.post('/api/auth/password', { currentPassword: PASSWORD, newPassword });
    const cases: Array<[string, string]> = [
      ['ngan-qua-11', 'Mật khẩu phải có ít nhất 12 ký tự.'],
      ['123456789012345', 'Mật khẩu phải có chữ cái, không chỉ chữ số (một dãy số dễ là ngày sinh hay số điện thoại).'],
      ['password2024!!', 'Mật khẩu này quá phổ biến (có trong danh sách mật khẩu hay bị lộ). Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ.'],
      ['1qaz2wsx3edc', 'Mật khẩu này quá phổ biến (có trong danh sách mật khẩu hay bị lộ). Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ.'],
      ['aaaaaaaaaaaaaa', 'Mật khẩu quá đơn giản (lặp lại vài ký tự).'],
      ['Policy.Desk-2026', 'Mật khẩu không được chứa tên đăng nhập.'],
    ];
    for (const [password, message] of cases) {
      const res = await tryDesk(password);
      expect(res.status, password).toBe(400);
      expect(res.body.error.fields, password).toEqual([{ path: 'newPassword', message }]);
    }
    // A phone role's rule is 10 characters with a letter.
    expect((await phone.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'ga-trong9' })).status).toBe(400);
    expect((await phone.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'ga-trong-10' })).status).toBe(200);
    expect((await tryDesk('ca-phe-sua-da-7')).status).toBe(200);
  });

  it('limits login requests per client address, whatever X-Forwarded-For claims', async () => {
    const statuses: number[] = [];
    let last: { error: { code: string; message: string } } | undefined;
    for (let i = 0; i < 31; i++) {
      // Invalid bodies: refused before any password check, but counted by the rate limit.
      const response = await t.app.inject({
        method: 'POST', url: '/api/auth/login', payload: { identifier: 'x', password: '' },
        remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': `198.51.100.${i}` },
      });
      statuses.push(response.statusCode);
      last = response.json();
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(last!.error).toEqual({ code: 'rate_limited', message: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.' });
    // Another address is not affected.
    expect((await attemptLogin(t, t.usernames.team_leader, PASSWORD, '203.0.113.10')).status).toBe(200);
  });

  it('records the peer\'s address, and a forwarded one only from a proxy on this machine', async () => {
    const login = async (remoteAddress: string, forwarded: string) => {
      const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: t.usernames.team_leader, password: PASSWORD }, remoteAddress, headers: { 'x-forwarded-for': forwarded } });
      expect(response.statusCode).toBe(200);
      const sessionId = (await t.database.db.selectFrom('sessions').select(['id', 'ip']).where('account_id', '=', response.json().id).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirstOrThrow());
      return sessionId.ip;
    };
    expect(await login('203.0.113.20', '198.51.100.77')).toBe('203.0.113.20');
    expect(await login('127.0.0.1', '198.51.100.78')).toBe('198.51.100.78');
  });

  it('sets the session cookie httpOnly and SameSite=Lax, and stores only a hash of its token', async () => {
    const login = await attemptLogin(t, t.usernames.team_leader, PASSWORD);
    const cookie = login.response.cookies.find((c) => c.name === 'cnscd_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(String(login.response.headers['set-cookie'])).toMatch(/HttpOnly/);
    expect(String(login.response.headers['set-cookie'])).toMatch(/SameSite=Lax/);
    const stored = await t.database.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', cookie!.value).executeTakeFirst();
    expect(stored).toBeUndefined();
    const sessions = await t.database.db.selectFrom('sessions').select(sql<number>`count(*)::int`.as('n')).where('account_id', '=', login.body.id).executeTakeFirstOrThrow();
    expect(sessions.n).toBeGreaterThan(0);
  });

  it('ends the session on logout: the same cookie then gets 401', async () => {
    const client = await loginAs(t, t.usernames.team_leader);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const logout = await client.post('/api/auth/logout');
    expect(logout.status).toBe(200);
    expect(String(logout.headers['set-cookie'])).toMatch(/cnscd_session=;/);
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(401);
    // An ended session (logout, or "Đăng xuất mọi phiên") is told apart from an expired one:
    // a phone wipes its data on session_revoked (issue 19).
    expect(me.body.error.code).toBe('session_revoked');
    // The web app asks /api/auth/session first: no session is an answer, not an error.
    const session = await client.get('/api/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ account: null });
    expect((await client.get('/api/people')).status).toBe(401);
  });

  it('refuses a write without the CSRF token, or with another session\'s token (403 csrf)', async () => {
    const client = await loginAs(t, t.usernames.culture_office);
    const other = await loginAs(t, t.usernames.culture_office);
    const write = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/auth/logout', payload: {}, headers: { cookie: client.cookie, ...headers } });
    const attempts: Array<Record<string, string>> = [{}, { 'x-csrf-token': 'gia-mao' }, { 'x-csrf-token': other.csrf }];
    for (const headers of attempts) {
      const response = await write(headers);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('csrf');
    }
    // Nothing happened: the session is still alive, and reads need no token.
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: client.cookie } });
    expect(me.statusCode).toBe(200);
    expect((await write({ 'x-csrf-token': client.csrf })).statusCode).toBe(200);
  });

  it('refuses a password change with a wrong current password, naming that field', async () => {
    await makeAccount('change.wrong');
    const client = await loginAs(t, 'change.wrong');
    const response = await client.post('/api/auth/password', { currentPassword: 'khong-dung-1', newPassword: NEW_PASSWORD });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ path: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' }]);
    expect((await attemptLogin(t, 'change.wrong', PASSWORD)).status).toBe(200);
  });

  it('changes the password: stores a new argon2id hash, ends the other sessions, keeps this one', async () => {
    const id = await makeAccount('change.ok');
    const here = await loginAs(t, 'change.ok');
    const elsewhere = await loginAs(t, 'change.ok');
    const response = await here.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(response.status).toBe(200);

    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    const { password_hash } = await t.database.db.selectFrom('accounts').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(password_hash.startsWith('$argon2id$')).toBe(true);
    expect(password_hash).not.toBe(fixtureHash);
    expect(password_hash).not.toContain(NEW_PASSWORD);
    expect((await attemptLogin(t, 'change.ok', PASSWORD)).status).toBe(401);
    expect((await attemptLogin(t, 'change.ok', NEW_PASSWORD)).status).toBe(200);
  });

  it('lists my sessions and ends another one of mine, but not somebody else\'s', async () => {
    await makeAccount('two.phones');
    const first = await loginAs(t, 'two.phones');
    const second = await loginAs(t, 'two.phones');
    const stranger = await loginAs(t, t.usernames.team_member);
    const list = await first.get('/api/auth/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    expect(list.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const secondId = await currentSessionId(second);
    expect(list.body.items.find((s: { current: boolean }) => !s.current).id).toBe(secondId);

    expect((await first.delete(`/api/auth/sessions/${await currentSessionId(stranger)}`)).status).toBe(404);
    expect((await stranger.get('/api/auth/me')).status).toBe(200);

    expect((await first.delete(`/api/auth/sessions/${secondId}`)).status).toBe(200);
    expect((await second.get('/api/auth/me')).status).toBe(401);
    expect((await first.get('/api/auth/me')).status).toBe(200);
    expect((await first.get('/api/auth/sessions')).body.items).toHaveLength(1);
  });

  it('stops a disabled account\'s open sessions and refuses its logins', async () => {
    const id = await makeAccount('soon.disabled');
    const client = await loginAs(t, 'soon.disabled');
    expect((await client.get('/api/auth/me')).status).toBe(200);
    // Disabled directly in the database, sessions left as they were: the session check itself refuses.
    await t.database.db.updateTable('accounts').set({ disabled_at: sql`now()` }).where('id', '=', id).execute();
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect((await client.get('/api/households')).status).toBe(401);
    const login = await attemptLogin(t, 'soon.disabled', PASSWORD);
    expect(login.status).toBe(401);
    expect(login.body).toEqual(WRONG_CREDENTIALS);
  });

  it('ends a session that has been idle past its limit, or has passed its absolute lifetime', async () => {
    await makeAccount('idle.user', { role: 'culture_office', orgUnitId: t.org.commune });
    const idle = await loginAs(t, 'idle.user');
    const old = await loginAs(t, 'idle.user');
    const fresh = await loginAs(t, 'idle.user');
    await t.database.db.updateTable('sessions').set({ idle_expires_at: sql`now() - interval '1 second'` }).where('id', '=', await currentSessionId(idle)).execute();
    await t.database.db.updateTable('sessions').set({ expires_at: sql`now() - interval '1 second'` }).where('id', '=', await currentSessionId(old)).execute();
    expect((await idle.get('/api/auth/me')).status).toBe(401);
    expect((await old.get('/api/auth/me')).status).toBe(401);
    expect((await fresh.get('/api/auth/me')).status).toBe(200);
  });

  it('moves an active session\'s idle limit forward when it is used', async () => {
    const client = await loginAs(t, t.usernames.economy_office);
    const id = await currentSessionId(client);
    await t.database.db.updateTable('sessions')
      .set({ last_seen_at: sql`now() - interval '5 minutes'`, idle_expires_at: sql`now() + interval '1 minute'` })
      .where('id', '=', id).execute();
    expect((await client.get('/api/auth/me')).status).toBe(200);
    const row = await t.database.db.selectFrom('sessions')
      .select([sql<number>`extract(epoch FROM idle_expires_at - now())::int`.as('left'), sql<number>`extract(epoch FROM now() - last_seen_at)::int`.as('seen')])
      .where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.left).toBeGreaterThan(20 * 60); // back to the desk limit (30 minutes), not 1 minute
    expect(row.seen).toBeLessThan(10);
  });

  it('gives a desk session a short idle limit and a volunteer\'s phone session days', async () => {
    const desk = await loginAs(t, t.usernames.culture_office);
    const phone = await loginAs(t, t.usernames.team_member);
    const lifetime = async (client: typeof desk) => {
      const row = await t.database.db.selectFrom('sessions')
        .select([sql<number>`extract(epoch FROM idle_expires_at - created_at)::int`.as('idle'), sql<number>`extract(epoch FROM expires_at - created_at)::int`.as('absolute')])
        .where('id', '=', await currentSessionId(client)).executeTakeFirstOrThrow();
      return { idleHours: row.idle / 3600, absoluteDays: row.absolute / 86400 };
    };
    const deskLife = await lifetime(desk);
    const phoneLife = await lifetime(phone);
    expect(deskLife.idleHours).toBeLessThanOrEqual(1);
    expect(deskLife.absoluteDays).toBeLessThanOrEqual(1);
    expect(phoneLife.idleHours).toBeGreaterThanOrEqual(72); // lasts through days without signal
    expect(phoneLife.absoluteDays).toBeGreaterThanOrEqual(7);
  });

  it('lets an account that must change its password reach only /api/auth until it does', async () => {
    await makeAccount('must.change', { role: 'culture_office', orgUnitId: t.org.commune, mustChangePassword: true });
    const client = await loginAs(t, 'must.change');
    expect(client.me.mustChangePassword).toBe(true);
    for (const url of ['/api/people', '/api/households', '/api/org-units', '/api/stats/home']) {
      const response = await client.get(url);
      expect(response.status, url).toBe(403);
      expect(response.body.error.code, url).toBe('must_change_password');
    }
    expect((await client.post('/api/households', { villageId: t.org.villageA, address: 'x', head: { fullName: 'Lò Văn Tư', sex: 'male', birthYear: 1970 } })).body.error.code).toBe('must_change_password');
    expect((await client.get('/api/auth/me')).status).toBe(200);

    expect((await client.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).status).toBe(200);
    expect((await client.get('/api/auth/me')).body.mustChangePassword).toBe(false);
    expect((await client.get('/api/people')).status).toBe(200);
    const households = await t.database.db.selectFrom('households').select('id').execute();
    expect(households).toHaveLength(0); // the refused write above wrote nothing
  });
});
