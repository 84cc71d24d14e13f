// Bad input through HTTP: unknown routes, malformed and oversized bodies, field errors in
// Vietnamese, SQL-looking strings taken literally, and failed writes that leave nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES } from '../../src/server/app.ts';
import { loginAs } from '../support/login.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

const DROP = "'; DROP TABLE people; --";
const OR_TRUE = "%' OR 1=1 --";

describeEachEngine('bad input', (engine) => {
  let t: TestApp;
  let office: Client;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp(engine);
    office = await loginAs(t, t.usernames.culture_office);
    admin = await loginAs(t, t.usernames.admin);
    await makeHousehold(t, t.org.villageA, [{ fullName: 'Nguyễn Thị Hoà', cccd: '008180000201', birthYear: 1980 }, { fullName: 'Nguyễn Văn Bình', sex: 'male' }]);
    await makeHousehold(t, t.org.villageB, [{ fullName: 'Triệu Thị Dung' }]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const raw = (method: 'POST' | 'PATCH' | 'GET', url: string, payload: string | Buffer, contentType = 'application/json') =>
    t.app.inject({ method, url, payload, headers: { cookie: office.cookie, 'x-csrf-token': office.csrf, 'content-type': contentType } });

  const count = async (table: 'households' | 'people' | 'residences' | 'audit_log') =>
    (await t.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

  it('answers an unknown /api route with a 404 in JSON, in Vietnamese', async () => {
    const responses = [
      await t.app.inject({ method: 'GET', url: '/api/khong-co' }),
      await t.app.inject({ method: 'POST', url: '/api/people/1/khong-co', payload: {} }),
      await t.app.inject({ method: 'GET', url: '/api/khong-co', headers: { cookie: office.cookie } }),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ error: { code: 'not_found', message: 'Không tìm thấy địa chỉ được yêu cầu.' } });
    }
  });

  it('answers malformed or empty JSON with 400 bad_json, before and after login', async () => {
    const responses = [
      await raw('POST', '/api/households', '{"villageId": 1, "head": {'),
      await raw('POST', '/api/households', ''),
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: "{identifier: 'admin'}", headers: { 'content-type': 'application/json' } }),
    ];
    for (const response of responses) {
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toEqual({ code: 'bad_json', message: 'Dữ liệu gửi lên không phải JSON hợp lệ.' });
    }
  });

  it('refuses a body over 1 MiB with 413, while one just under reaches validation', async () => {
    const body = (size: number) => {
      const skeleton = JSON.stringify({ villageId: t.org.villageA, note: '' });
      return JSON.stringify({ villageId: t.org.villageA, note: 'x'.repeat(size - skeleton.length) });
    };
    expect(Buffer.byteLength(body(BODY_LIMIT_BYTES + 1))).toBe(BODY_LIMIT_BYTES + 1);
    const over = await raw('POST', '/api/households', body(BODY_LIMIT_BYTES + 1));
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toEqual({ code: 'too_large', message: 'Dữ liệu gửi lên quá lớn.' });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: JSON.stringify({ identifier: 'admin', password: 'x'.repeat(BODY_LIMIT_BYTES) }), headers: { 'content-type': 'application/json' } });
    expect(login.statusCode).toBe(413);
    const under = await raw('POST', '/api/households', body(BODY_LIMIT_BYTES - 1024));
    expect(under.statusCode).toBe(400);
    expect(under.json().error.code).toBe('validation');
  });

  it('refuses a body that is not JSON with 415, or 400 for plain text', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x']) {
      const response = await raw('POST', '/api/households', 'villageId=1', type);
      expect(response.statusCode, type).toBe(415);
      expect(response.json().error).toEqual({ code: 'media_type', message: 'Kiểu dữ liệu gửi lên không được hỗ trợ.' });
    }
    const text = await raw('POST', '/api/households', 'villageId=1', 'text/plain');
    expect(text.statusCode).toBe(400);
    expect(text.json().error.code).toBe('validation');
    expect(await count('households')).toBe(2);
  });

  it('names the invalid field, by its Vietnamese label, in a 400', async () => {
    const missingName = await office.post('/api/households', { villageId: t.org.villageA, head: { sex: 'male', birthYear: 1980 } });
    expect(missingName.status).toBe(400);
    expect(missingName.body.error.code).toBe('validation');
    const field = missingName.body.error.fields.find((f: { path: string }) => f.path === 'head.fullName');
    expect(field.message).toContain('Họ và tên');
    expect(missingName.body.error.message).toContain('Họ và tên');

    const cases: Array<[Promise<{ status: number; body: any }>, string, RegExp]> = [
      [office.post('/api/households', { villageId: t.org.villageA, head: { fullName: 'A', sex: 'male', birthYear: 1980 } }), 'head.fullName', /Nhập họ và tên/],
      [office.post('/api/households', { villageId: t.org.villageA, phone: '12345', head: { fullName: 'Lý Văn Một', sex: 'male', birthYear: 1980 } }), 'phone', /^Số điện thoại: Số điện thoại phải gồm 10 chữ số/],
      [office.post('/api/households', { villageId: t.org.villageA, head: { fullName: 'Lý Văn Một', sex: 'nam', birthYear: 1980 } }), 'head.sex', /Giới tính: Chọn giới tính/],
      [office.post('/api/households', { villageId: t.org.villageA, head: { fullName: 'Lý Văn Một', sex: 'male' } }), 'head.birthYear', /Nhập ngày sinh hoặc ít nhất năm sinh/],
      [office.get('/api/people?pageSize=5000'), 'pageSize', /^Số dòng mỗi trang: /],
      [office.get('/api/people/khong-phai-uuid'), 'id', /Mã nhân khẩu không hợp lệ/],
      [admin.post('/api/accounts', { username: 'x', fullName: 'Lê Văn Hai', role: 'team_member', orgUnitId: t.org.villageA }), 'username', /^Tên đăng nhập: Tên đăng nhập gồm 3–40 ký tự/],
      [admin.post('/api/org-units', { parentId: t.org.commune, name: 'Thôn Mới', code: 'có dấu!' }), 'code', /^Mã: /],
      [office.get('/api/households?villageId=abc'), 'villageId', /^Thôn: /],
    ];
    for (const [pending, path, message] of cases) {
      const response = await pending;
      expect(response.status, path).toBe(400);
      const named = response.body.error.fields.find((f: { path: string }) => f.path === path);
      expect(named, `${path}: ${JSON.stringify(response.body)}`).toBeDefined();
      expect(named.message).toMatch(message);
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: '  ', password: 'x' } });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.fields).toEqual([{ path: 'identifier', message: 'Tên đăng nhập hoặc số điện thoại: Nhập tên đăng nhập hoặc số điện thoại.' }]);
  });

  it('refuses text holding a NUL character as a field error, not a server error', async () => {
    const before = await count('households');
    const cases: Array<[Promise<{ status: number; body: any }>, string]> = [
      [office.post('/api/households', { villageId: t.org.villageA, head: { fullName: 'Lò Văn\u0000Năm', sex: 'male', birthYear: 1980 } }), 'head.fullName'],
      [office.get('/api/people?q=%00abc'), 'q'],
      [office.get('/api/households?q=abc%00'), 'q'],
      [admin.post('/api/accounts', { username: 'nul.byte', fullName: 'Tên\u0000', role: 'team_member', orgUnitId: t.org.villageA }), 'fullName'],
      [admin.get('/api/audit?entity=person%00'), 'entity'],
    ];
    for (const [pending, path] of cases) {
      const response = await pending;
      expect(response.status, path).toBe(400);
      expect(response.body.error.code).toBe('validation');
      expect(response.body.error.fields[0].path, path).toBe(path);
      expect(response.body.error.fields[0].message).toMatch(/ký tự không hợp lệ/);
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: 'admin\u0000', password: 'x' } });
    expect(login.statusCode).toBe(400);
    expect(await count('households')).toBe(before);
  });

  it('stores SQL-looking names literally and finds them by exactly that text', async () => {
    const created = await office.post('/api/households', { villageId: t.org.villageA, address: OR_TRUE, hamletGroup: DROP, head: { fullName: DROP, sex: 'male', birthYear: 1970 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ address: OR_TRUE, hamletGroup: DROP, headName: DROP });
    const detail = await office.get(`/api/people/${created.body.headPersonId}`);
    expect(detail.body.fullName).toBe(DROP);

    const found = await office.get(`/api/people?q=${encodeURIComponent(DROP)}`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((p: { fullName: string }) => p.fullName)).toEqual([DROP]);
    const byAddress = await office.get(`/api/households?q=${encodeURIComponent(OR_TRUE)}`);
    expect(byAddress.status).toBe(200);
    expect(byAddress.body.items.map((h: { id: string }) => h.id)).toEqual([created.body.id]);

    const account = await admin.post('/api/accounts', { username: 'robert.tables', fullName: "Robert'); DROP TABLE accounts; --", role: 'team_member', orgUnitId: t.org.villageA });
    expect(account.status).toBe(200);
    expect(account.body.account.fullName).toBe("Robert'); DROP TABLE accounts; --");
    const unit = await admin.post('/api/org-units', { parentId: t.org.commune, name: "Thôn '; DELETE FROM org_units; --" });
    expect(unit.status).toBe(200);
    expect((await admin.get(`/api/org-units/${unit.body.id}`)).body.name).toBe("Thôn '; DELETE FROM org_units; --");
    expect(await count('people')).toBe(4);
  });

  it('treats SQL-looking and wildcard search terms as plain text, and the tables survive', async () => {
    const before = { people: await count('people'), households: await count('households') };
    for (const q of [OR_TRUE, "' OR '1'='1", '1; SELECT pg_sleep(5)', '\\', "x' UNION SELECT cccd FROM people --"]) {
      const people = await office.get(`/api/people?q=${encodeURIComponent(q)}`);
      expect(people.status, q).toBe(200);
      expect(people.body.items, q).toEqual([]);
      const households = await office.get(`/api/households?q=${encodeURIComponent(q)}`);
      expect(households.status, q).toBe(200);
      expect(households.body.items.every((h: { address: string }) => h.address === OR_TRUE), q).toBe(true);
      const accounts = await admin.get(`/api/accounts?q=${encodeURIComponent(q)}`);
      expect(accounts.status, q).toBe(200);
      expect(accounts.body.items, q).toEqual([]);
      const audit = await admin.get(`/api/audit?entity=${encodeURIComponent(q)}&action=${encodeURIComponent(q)}`);
      expect(audit.status, q).toBe(200);
      expect(audit.body.items, q).toEqual([]);
    }
    // LIKE wildcards match only themselves.
    for (const q of ['%', '_', '%%']) {
      expect((await office.get(`/api/people?q=${encodeURIComponent(q)}`)).body.items, q).toEqual([]);
    }
    expect((await admin.get('/api/accounts?q=%25')).body.items).toEqual([]);
    // The fixture accounts' names hold a literal "_" ("Người dùng team_member"); the others do not.
    const underscored = (await admin.get('/api/accounts?q=_&pageSize=200')).body.items as Array<{ fullName: string }>;
    expect(underscored.length).toBeGreaterThan(0);
    expect(underscored.every((a) => a.fullName.includes('_'))).toBe(true);
    expect(underscored.map((a) => a.fullName)).not.toContain("Robert'); DROP TABLE accounts; --");
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: "' OR '1'='1' --", password: "' OR '1'='1" } });
    expect(login.statusCode).toBe(401);

    expect({ people: await count('people'), households: await count('households') }).toEqual(before);
    const tables = await sql<{ name: string | null }>`SELECT to_regclass(t) AS name FROM unnest(ARRAY['people', 'households', 'accounts', 'org_units', 'audit_log']) AS t`.execute(t.database.db);
    expect(tables.rows.every((r) => r.name !== null)).toBe(true);
  });

  it('leaves nothing behind when a household\'s head has an invalid CCCD', async () => {
    const before = { households: await count('households'), people: await count('people'), audit: await count('audit_log') };
    const response = await office.post('/api/households', { villageId: t.org.villageA, address: 'Xóm Lỗi', head: { fullName: 'Đỗ Văn Lỗi', sex: 'male', birthYear: 1980, cccd: '999080123456' } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe('cccd');
    expect({ households: await count('households'), people: await count('people'), audit: await count('audit_log') }).toEqual(before);
  });

  it('rolls back the household already inserted when its head cannot be stored (duplicate CCCD)', async () => {
    const before = { households: await count('households'), people: await count('people'), residences: await count('residences'), audit: await count('audit_log') };
    // The household row is written before the head; the head then violates CCCD uniqueness.
    const response = await office.post('/api/households', { villageId: t.org.villageA, address: 'Xóm Trùng', head: { fullName: 'Phạm Thị Trùng', sex: 'female', birthYear: 1980, cccd: '008180000201' } });
    expect(response.status).toBe(409);
    expect(response.body.error.fields).toEqual([{ path: 'cccd', message: 'Số CCCD này đã có trong hệ thống.' }]);
    // Nothing of the write is kept but the audit row of the CCCD it was refused for (cccd_conflict).
    expect({ households: await count('households'), people: await count('people'), residences: await count('residences'), audit: await count('audit_log') }).toEqual({ ...before, audit: before.audit + 1 });
    expect(await t.database.db.selectFrom('audit_log').select(['action', 'detail']).orderBy('id', 'desc').limit(1).executeTakeFirst()).toMatchObject({ action: 'cccd_conflict', detail: { cccd: '0081******01' } });
    const leftover = await t.database.db.selectFrom('households').select('id').where('address', '=', 'Xóm Trùng').execute();
    expect(leftover).toEqual([]);
    // The server is still fine afterwards (the failed transaction released its connection).
    const ok = await office.post('/api/households', { villageId: t.org.villageA, address: 'Xóm Trùng', head: { fullName: 'Phạm Thị Trùng', sex: 'female', birthYear: 1980 } });
    expect(ok.status).toBe(201);
  });
});
