// Registry exports to .xlsx through HTTP, read back with exceljs: the rows of the list as
// filtered on screen, Vietnamese headers, typed cells, frozen bold header, masked CCCD unless
// allowed and asked, the audit row, the area of the account, and keyset chunks that neither
// repeat nor skip rows.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareHouseholdExport, preparePeopleExport } from '../../src/server/features/exports/exports.queries.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';

const PEOPLE_HEADERS = [
  'STT', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Năm sinh', 'Dân tộc', 'Số CCCD', 'Số điện thoại', 'Quan hệ với chủ hộ', 'Số hộ', 'Chủ hộ',
  'Địa chỉ', 'Thôn', 'Xã', 'Trạng thái', 'Ngày chuyển đi/qua đời', 'Học sinh THCS/THPT', 'Lao động DN/HTX', 'Thành viên Tổ CNSCĐ', 'Cán bộ, công chức',
];
const HOUSEHOLD_HEADERS = [
  'STT', 'Số hộ', 'Chủ hộ', 'Địa chỉ', 'Xóm', 'Thôn', 'Xã', 'Số điện thoại', 'Số nhân khẩu', 'Không có thành viên sử dụng được công nghệ số', 'Ngày giải thể',
];
/** The headers the importer guesses fields from: an exported file must carry them as they are. */
const IMPORT_HEADERS = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Quan hệ với chủ hộ', 'Chủ hộ', 'Số hộ', 'Thôn', 'Dân tộc', 'Số điện thoại'];

interface Sheet {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  sheet: ExcelJS.Worksheet;
  /** Data rows as { header: value }. */
  rows: Array<Record<string, unknown>>;
  error?: { code: string; message: string };
}

async function download(t: TestApp, client: Client, url: string): Promise<Sheet> {
  const response = await t.app.inject({ method: 'GET', url, headers: { cookie: client.cookie } });
  if (response.statusCode !== 200) {
    return { status: response.statusCode, headers: response.headers, sheet: undefined as never, rows: [], error: response.json().error };
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Array<Record<string, unknown>> = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? null])));
  });
  return { status: 200, headers: response.headers, sheet, rows };
}

const names = (rows: Array<Record<string, unknown>>) => rows.map((r) => r['Họ và tên'] as string).sort();

describeEachEngine('exports', (engine) => {
  let t: TestApp;
  let officer: Client;
  let hoa: { householdId: string; personIds: string[] };

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.login(t.usernames.culture_office);
    hoa = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Nguyễn Thị Hoà', birthDate: '1980-05-03', cccd: '008180123456' },
      { fullName: 'Hoàng Văn Nam', sex: 'male', birthYear: 2005 },
      { fullName: 'Hoàng Thị Lan', birthYear: 1950 },
    ]);
    await makeHousehold(t, t.org.villageA, [{ fullName: 'Nông Văn Đức', sex: 'male', birthYear: 1970 }, { fullName: 'Nông Thị Hoa', birthYear: 1999 }]);
    await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Thị Hoa', birthYear: 1990 }, { fullName: 'Bàn Văn Phú', sex: 'male', birthYear: 1988 }]);
    await makeHousehold(t, t.org.villageC, [{ fullName: 'Lý Thị Mai', birthYear: 1985 }]);
    const db = t.database.db;
    await db.updateTable('households').set({ code: '12', phone: '0912345678', hamlet_group: 'Tổ 3' }).where('id', '=', hoa.householdId).execute();
    await db.updateTable('people').set({ ethnicity: 'Tày', phone: '0987654321', is_worker: true }).where('id', '=', hoa.personIds[0]).execute();
    await db.updateTable('people').set({ is_student: true }).where('id', '=', hoa.personIds[1]).execute();
    await db.updateTable('people').set({ status: 'deceased', status_date: '2024-02-01' }).where('id', '=', hoa.personIds[2]).execute();
  });
  afterAll(async () => { await t.close(); });

  const listNames = async (client: Client, query: string) => {
    const res = await client.get(`/api/people?pageSize=200${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((p: { fullName: string }) => p.fullName).sort();
  };

  describe('people', () => {
    it('exports exactly the rows of the list, as filtered on screen', async () => {
      for (const query of ['', `&villageId=${t.org.villageA}`, '&q=hoa', '&q=nguyen%20thi', `&q=${encodeURIComponent('008 180 123 456')}`, '&status=all', `&householdId=${hoa.householdId}&status=all`, '&q=!!!']) {
        const file = await download(t, officer, `/api/people/export.xlsx?${query.slice(1)}`);
        expect(file.status, query).toBe(200);
        expect(names(file.rows), query).toEqual(await listNames(officer, query));
      }
      // Paging parameters of the list are ignored: the whole filtered list is exported.
      const paged = await download(t, officer, '/api/people/export.xlsx?page=2&pageSize=1');
      expect(paged.rows).toHaveLength(6);
    });

    it('writes Vietnamese headers in row 1, bold and frozen, with a filter, in a sheet named "Nhân khẩu"', async () => {
      const { sheet, headers } = await download(t, officer, `/api/people/export.xlsx?villageId=${t.org.villageA}`);
      expect(sheet.name).toBe('Nhân khẩu');
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(PEOPLE_HEADERS);
      expect(PEOPLE_HEADERS).toEqual(expect.arrayContaining(IMPORT_HEADERS));
      expect(sheet.getRow(1).getCell(2).font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBe('A1:T1');
      expect(sheet.getColumn(2).width).toBeGreaterThan(15);
      expect(headers['content-type']).toContain('spreadsheetml');
      expect(headers['cache-control']).toBe('no-store');
      const today = todayInVietnam();
      expect(headers['content-disposition']).toBe(
        `attachment; filename="nhan-khau-thon-na-pong-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`Nhân khẩu - Thôn Nà Pồng - ${today}.xlsx`)}`,
      );
      const whole = await download(t, officer, '/api/people/export.xlsx');
      expect(whole.headers['content-disposition']).toContain(`filename="nhan-khau-bach-ngoc-${today}.xlsx"`);
    });

    it('types cells: dates as dates, numbers as numbers, year-only births as the year, CCCD masked', async () => {
      const { rows, sheet } = await download(t, officer, `/api/people/export.xlsx?householdId=${hoa.householdId}&status=all`);
      expect(rows.map((r) => r['Họ và tên'])).toEqual(['Nguyễn Thị Hoà', 'Hoàng Thị Lan', 'Hoàng Văn Nam']); // head first, then by birth year
      const [head, grandmother, son] = rows;
      expect(head).toMatchObject({
        STT: 1, 'Giới tính': 'Nữ', 'Năm sinh': 1980, 'Dân tộc': 'Tày', 'Số CCCD': '0081******56', 'Số điện thoại': '0987654321',
        'Quan hệ với chủ hộ': 'Chủ hộ', 'Số hộ': '12', 'Chủ hộ': 'Nguyễn Thị Hoà', 'Địa chỉ': 'Xóm 1', 'Thôn': 'Thôn Nà Pồng', 'Xã': 'Bạch Ngọc',
        'Trạng thái': 'Đang cư trú', 'Lao động DN/HTX': 'x', 'Học sinh THCS/THPT': null,
      });
      expect(head['Ngày sinh']).toBeInstanceOf(Date);
      expect((head['Ngày sinh'] as Date).toISOString()).toBe('1980-05-03T00:00:00.000Z');
      expect(sheet.getRow(2).getCell(4).numFmt).toBe('dd/mm/yyyy');
      expect(sheet.getRow(2).getCell(7).numFmt).toBe('@');
      expect(son).toMatchObject({ STT: 3, 'Ngày sinh': '2005', 'Năm sinh': 2005, 'Quan hệ với chủ hộ': 'Con', 'Học sinh THCS/THPT': 'x', 'Số CCCD': null });
      expect(grandmother['Trạng thái']).toBe('Đã mất');
      expect((grandmother['Ngày chuyển đi/qua đời'] as Date).toISOString()).toBe('2024-02-01T00:00:00.000Z');
    });

    it('records one audit row before the file, masked and counted', async () => {
      const before = await t.database.db.selectFrom('audit_log').select(sql<string>`max(id)`.as('id')).executeTakeFirstOrThrow();
      const { rows } = await download(t, officer, `/api/people/export.xlsx?villageId=${t.org.villageA}&q=${encodeURIComponent('008180123456')}`);
      expect(rows).toHaveLength(1);
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('id', '>', before.id ?? '0').where('action', '=', 'export').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ entity: 'person', account_id: officer.me.id, org_unit_id: t.org.villageA });
      expect(audit[0].detail).toEqual({ format: 'xlsx', filters: { q: 'CCCD ***', villageId: t.org.villageA, status: 'resident' }, rows: 1, unmasked: false });
    });

    it('gives full CCCD numbers to a role allowed to see them, when asked, and audits it', async () => {
      const { rows } = await download(t, officer, `/api/people/export.xlsx?householdId=${hoa.householdId}&unmask=true`);
      expect(rows[0]['Số CCCD']).toBe('008180123456');
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit.detail).toMatchObject({ rows: 2, unmasked: true });
      const masked = await download(t, officer, `/api/people/export.xlsx?householdId=${hoa.householdId}&unmask=false`);
      expect(masked.rows[0]['Số CCCD']).toBe('0081******56');
    });

    it('refuses full CCCD numbers to a village head (403) and writes nothing', async () => {
      const head = await t.login(t.usernames.village_head);
      const count = async () => (await t.database.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'export').executeTakeFirstOrThrow()).n;
      const before = await count();
      const refused = await download(t, head, '/api/people/export.xlsx?unmask=true');
      expect(refused.status).toBe(403);
      expect(refused.error?.message).toContain('CCCD');
      expect(await count()).toBe(before);
    });

    it("keeps a village head's export to their village", async () => {
      const head = await t.login(t.usernames.village_head);
      const file = await download(t, head, '/api/people/export.xlsx');
      expect(names(file.rows)).toEqual(['Hoàng Văn Nam', 'Nguyễn Thị Hoà', 'Nông Thị Hoa', 'Nông Văn Đức']);
      expect(new Set(file.rows.map((r) => r['Thôn']))).toEqual(new Set(['Thôn Nà Pồng']));
      const elsewhere = await download(t, head, `/api/people/export.xlsx?villageId=${t.org.villageB}`);
      expect(elsewhere.rows).toEqual([]);
    });

    it("gives an admin the whole province, an officer only the commune", async () => {
      const admin = await t.login(t.usernames.admin);
      expect(names((await download(t, admin, '/api/people/export.xlsx')).rows)).toContain('Lý Thị Mai');
      expect(names((await download(t, officer, '/api/people/export.xlsx')).rows)).not.toContain('Lý Thị Mai');
    });

    it('refuses roles without registry access (province viewer)', async () => {
      const viewer = await t.login(t.usernames.province_viewer);
      expect((await download(t, viewer, '/api/people/export.xlsx')).status).toBe(403);
      expect((await download(t, viewer, '/api/households/export.xlsx')).status).toBe(403);
    });

    it('validates the filters in Vietnamese', async () => {
      const bad = await download(t, officer, '/api/people/export.xlsx?unmask=maybe&householdId=abc');
      expect(bad.status).toBe(400);
      expect(bad.error?.message).toMatch(/Hộ gia đình|unmask/);
    });
  });

  describe('households', () => {
    it('exports the households of the list, typed, with headers', async () => {
      const file = await download(t, officer, `/api/households/export.xlsx?villageId=${t.org.villageA}`);
      expect(file.sheet.name).toBe('Hộ gia đình');
      expect((file.sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HOUSEHOLD_HEADERS);
      expect(file.sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(file.sheet.getRow(1).getCell(3).font?.bold).toBe(true);
      expect(file.sheet.autoFilter).toBe('A1:K1');
      const list = await officer.get(`/api/households?villageId=${t.org.villageA}&pageSize=200`);
      expect(file.rows.map((r) => r['Chủ hộ'])).toEqual(list.body.items.map((h: { headName: string }) => h.headName));
      const hoaRow = file.rows.find((r) => r['Số hộ'] === '12')!;
      // The deceased grandmother no longer counts as a member.
      expect(hoaRow).toMatchObject({ 'Chủ hộ': 'Nguyễn Thị Hoà', 'Số nhân khẩu': 2, 'Số điện thoại': '0912345678', 'Xóm': 'Tổ 3', 'Thôn': 'Thôn Nà Pồng', 'Địa chỉ': 'Xóm 1' });
      expect(file.headers['content-disposition']).toContain('filename="ho-gia-dinh-thon-na-pong-');
    });

    it('filters like the list (q) and stays in the area', async () => {
      for (const q of ['nong', '12', 'to 3', 'nobody']) {
        const file = await download(t, officer, `/api/households/export.xlsx?q=${encodeURIComponent(q)}`);
        const list = await officer.get(`/api/households?q=${encodeURIComponent(q)}&pageSize=200`);
        expect(file.rows.map((r) => r['Chủ hộ']).sort(), q).toEqual(list.body.items.map((h: { headName: string }) => h.headName).sort());
      }
      const head = await t.login(t.usernames.village_head);
      const mine = await download(t, head, '/api/households/export.xlsx');
      expect(new Set(mine.rows.map((r) => r['Thôn']))).toEqual(new Set(['Thôn Nà Pồng']));
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export').where('entity', '=', 'household').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit.detail).toMatchObject({ rows: 2, unmasked: false });
    });
  });

  describe('chunks', () => {
    const adminScope = () => ({ path: `/${t.org.province}/`, accountId: 'x', role: 'admin' as const });

    const read = async <Row>(prepared: { chunks(): AsyncGenerator<Row[]> }, size: number) => {
      const rows: Row[] = [];
      for await (const chunk of prepared.chunks()) {
        expect(chunk.length).toBeLessThanOrEqual(size);
        rows.push(...chunk);
      }
      return rows;
    };

    it('reads people in chunks (villages together, a large one keyset-paged) without repeating or skipping a row', async () => {
      const whole = await preparePeopleExport(t.database.db, adminScope(), { status: 'all' });
      const ids = (await read(whole, 5000)).map((p) => p.id);
      expect(ids).toHaveLength(whole.total);
      expect(new Set(ids).size).toBe(ids.length);
      // Chunks of 2: villages of more than 2 people are paged by key, smaller ones grouped.
      for (const size of [1, 2, 3]) {
        const small = await preparePeopleExport(t.database.db, adminScope(), { status: 'all' }, size);
        expect((await read(small, size)).map((p) => p.id), String(size)).toEqual(ids);
      }
    });

    it('reads households in chunks in the list order ("2" before "10", numberless last)', async () => {
      for (const code of ['10', '2', null, '1', null]) {
        const { householdId } = await makeHousehold(t, t.org.villageB, [{ fullName: `Chủ hộ số ${code ?? 'không số'}`, birthYear: 1970 }]);
        await t.database.db.updateTable('households').set({ code }).where('id', '=', householdId).execute();
      }
      const codes = async (size: number, villageId?: number) =>
        (await read(await prepareHouseholdExport(t.database.db, adminScope(), { villageId }, size), size)).map((h) => h.code);
      expect(await codes(1, t.org.villageB)).toEqual(['1', '2', '10', null, null, null]);
      expect(await codes(5000, t.org.villageB)).toEqual(await codes(1, t.org.villageB));
      const all = await codes(5000);
      for (const size of [1, 2, 4]) expect(await codes(size), String(size)).toEqual(all);
    });

    it('streams a village of several thousand people through HTTP', async () => {
      // 6,000 people in 1,500 households: more than one chunk of 5,000.
      await sql`
        INSERT INTO households (id, village_id, code, address)
        SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, ${t.org.villageB}, 'B' || g, 'Xóm ' || (g % 7)
        FROM generate_series(1, 1500) g`.execute(t.database.db);
      await sql`
        INSERT INTO people (id, household_id, village_id, full_name, sex, birth_year, relation_to_head)
        SELECT ('00000000-0000-7000-9000-' || lpad(to_hex(g), 12, '0'))::uuid,
               ('00000000-0000-7000-8000-' || lpad(to_hex(1 + (g - 1) / 4), 12, '0'))::uuid,
               ${t.org.villageB}, 'Người Số ' || g, CASE WHEN g % 2 = 0 THEN 'male' ELSE 'female' END, 1940 + g % 80,
               CASE WHEN g % 4 = 1 THEN 'head' ELSE 'child' END
        FROM generate_series(1, 6000) g`.execute(t.database.db);
      const expected = await t.database.db.selectFrom('people').select(sql<number>`count(*)::int`.as('n')).where('village_id', '=', t.org.villageB).where('status', '=', 'resident').executeTakeFirstOrThrow();
      const file = await download(t, officer, `/api/people/export.xlsx?villageId=${t.org.villageB}`);
      expect(file.rows).toHaveLength(expected.n);
      expect(file.rows.map((r) => r.STT)).toEqual(Array.from({ length: expected.n }, (_, i) => i + 1));
      const generated = file.rows.map((r) => r['Họ và tên'] as string).filter((n) => n.startsWith('Người Số '));
      expect(new Set(generated).size).toBe(6000);
      expect(file.headers['x-export-rows']).toBe(String(expected.n));
    });
  });

  it('keeps the API description buildable', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toEqual(expect.arrayContaining(['/api/people/export.xlsx', '/api/households/export.xlsx']));
  });
});
