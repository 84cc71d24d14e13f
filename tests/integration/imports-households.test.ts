// Imports, through HTTP, as issue 12 describes them: a valid row is never dropped without a
// word — a member whose head row is refused or skipped waits ("Chờ chọn hộ"), is named in
// the preview, is never skipped by "skip every error row", and goes where the officer says
// (made the head, attached to another household of the file or of the registry); the counts
// always add up to the rows of the file. Rows that look like the same person, inside one file
// or against the registry, are warned to confirm. ID numbers of the wrong length are refused
// naming the length, the value and the reading tried. The import template reads back clean.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guessColumns } from '../../src/server/features/imports/guess-columns.ts';
import { TEMPLATE_COLUMNS, TEMPLATE_HEADER_ROW } from '../../src/server/features/imports/import-template.ts';
import { type Client, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { sheetFile, uploadBatch } from '../support/imports.ts';

type Cell = ExcelJS.CellValue;

type Batch = { id: string; mapping: { sheets: Array<{ grouping: string; include: boolean; columns: unknown[] }> }; sheets: Array<{ name: string; dataRowCount: number }> };
const upload = (client: Client, file: Buffer, name?: string) => uploadBatch<Batch>(client, file, name);

type Summary = Record<string, number | boolean>;
type PreviewRow = {
  rowNumber: number; action: string; person: Record<string, unknown>; householdChoice: unknown;
  household: { key: string | null; isHead: boolean; action: string | null; householdId: string | null; headName: string | null };
  problems: Array<{ level: string; message: string }>;
};

async function preview(client: Client, id: string, show = 'all') {
  const res = await client.get(`/api/imports/${id}/preview?pageSize=500&show=${show}`);
  if (res.status !== 200) throw new Error(`preview ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { summary: Summary; rows: { items: PreviewRow[]; total: number } };
}

const rowsOf = (items: PreviewRow[]) => items.map((r) => [r.rowNumber, r.action, r.problems.map((p) => `${p.level}: ${p.message}`)]);

/** Every row of the file is counted once, in one bucket. */
function expectCountsAddUp(summary: Summary) {
  const buckets = ['blankRows', 'newPeople', 'updatedPeople', 'unchangedPeople', 'errorRows', 'needsHouseholdRows', 'skippedRows'] as const;
  expect(buckets.reduce((sum, k) => sum + (summary[k] as number), 0), JSON.stringify(summary)).toBe(summary.rows);
}

const HEADER = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Quan hệ với chủ hộ'];

describeEachEngine('imports: no row dropped, likely duplicates, ID lengths, the template', (engine) => {
  let t: TestApp;
  let officer: Client;

  const count = async (table: 'households' | 'people') => (await t.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

  /** A household as the registry pages make it: the first person is its head. */
  async function household(villageId: number, code: string | null, address: string, people: Array<{ name: string; sex: 'male' | 'female'; year: number; date?: string; relation: string }>) {
    const householdId = uuidv7();
    const ids = people.map(() => uuidv7());
    await t.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('households').values({ id: householdId, village_id: villageId, code, address, head_person_id: ids[0] }).execute();
      for (const [i, p] of people.entries()) {
        await trx.insertInto('people').values({
          id: ids[i], household_id: householdId, village_id: villageId, full_name: p.name, sex: p.sex, birth_year: p.year, birth_date: p.date ?? null, relation_to_head: p.relation,
        }).execute();
        await trx.insertInto('residences').values({ id: uuidv7(), person_id: ids[i], household_id: householdId, village_id: villageId, from_date: '2020-01-01', start_reason: 'registry' }).execute();
      }
    });
    return householdId;
  }

  const fix = (id: string, row: number, body: unknown) => officer.patch(`/api/imports/${id}/rows/0/${row}`, body);

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.login(t.usernames.culture_office);
  });
  afterAll(async () => { await t?.close(); });

  describe('a head row refused as a duplicate, grouped by relation', () => {
    // The register's head written twice (same ID number); the member after the second copy
    // belongs to that household in the file.
    const file = () => sheetFile('Nà Pồng', [
      HEADER,
      [1, 'Hoàng Văn Bình', '05/03/1970', 'Nam', '008070000101', 'Chủ hộ'],
      [2, 'Lý Thị Hoa', '12/05/1972', 'Nữ', null, 'Vợ'],
      [3, 'Hoàng Văn Bình', '05/03/1970', 'Nam', '008070000101', 'Chủ hộ'],
      [4, 'Hoàng Thị Mai', '01/09/2001', 'Nữ', null, 'Con gái'],
      [5, 'Nông Văn Tú', '02/02/1985', 'Nam', null, 'Chủ hộ'],
    ]);
    let id: string;
    let registryHousehold: string;
    beforeAll(async () => {
      registryHousehold = await household(t.org.villageA, '15', 'Số nhà 3', [{ name: 'Ma Văn Sơn', sex: 'male', year: 1950, relation: 'head' }]);
      const batch = await upload(officer, await file());
      expect(batch.mapping.sheets[0].grouping).toBe('relation');
      id = batch.id;
    });

    it('names the member that waits on the refused head, and counts it apart', async () => {
      const { summary, rows } = await preview(officer, id);
      expect(rowsOf(rows.items)).toEqual([
        [2, 'new_household', []],
        [3, 'new_person', []],
        [4, 'error', [
          'error: Dòng 4, cột «Số CCCD»: số CCCD trùng với dòng 2, cùng họ tên và ngày sinh: một người được ghi hai lần; bỏ qua một trong hai dòng.',
          'info: Dòng 4: dòng 5 cùng hộ đang chờ dòng này. Nếu bỏ qua dòng này, cần chọn hộ khác cho dòng đó hoặc chọn một người làm chủ hộ.',
        ]],
        [5, 'needs_household', [
          'info: Dòng 5: chủ hộ «Hoàng Văn Bình» (dòng 4) có lỗi nên hộ này chưa tạo được. Sửa dòng 4, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.',
        ]],
        [6, 'new_household', []],
      ]);
      expect(summary).toMatchObject({ rows: 5, newHouseholds: 2, newPeople: 3, errorRows: 1, needsHouseholdRows: 1, skippedRows: 0, canCommit: false });
      expectCountsAddUp(summary);
      // The preview lists it apart from the problems, with the rows to settle.
      expect((await preview(officer, id, 'problems')).rows.items.map((r) => r.rowNumber)).toEqual([4]);
      expect((await preview(officer, id, 'household')).rows.items.map((r) => r.rowNumber)).toEqual([5]);
    });

    it('skips exactly the rows with errors of their own: the member stays, waiting, and the commit says so', async () => {
      const bulk = await officer.post(`/api/imports/${id}/skip-errors`);
      expect(bulk.status).toBe(200);
      expect(bulk.body.skipped).toBe(1);
      expect(bulk.body.summary).toMatchObject({ errorRows: 0, skippedRows: 1, needsHouseholdRows: 1, newPeople: 3, canCommit: false });
      expectCountsAddUp(bulk.body.summary);
      const { rows } = await preview(officer, id);
      expect(rows.items.find((r) => r.rowNumber === 5)).toMatchObject({
        action: 'needs_household', householdChoice: null,
        problems: [{ level: 'info', message: 'Dòng 5: chủ hộ «Hoàng Văn Bình» (dòng 4) đã bị bỏ qua nên dòng này chưa có hộ. Chọn cho dòng này: gắn vào hộ khác, hoặc làm chủ hộ (hoặc bỏ qua nếu không nhập).' }],
      });
      // Listed with the problems too.
      const problems = await officer.get(`/api/imports/${id}/problems`);
      expect(problems.body.items.map((p: { rowNumber: number; level: string }) => [p.rowNumber, p.level])).toEqual([[5, 'info']]);

      const before = { households: await count('households'), people: await count('people') };
      const commit = await officer.post(`/api/imports/${id}/commit`);
      expect(commit.status).toBe(409);
      expect(commit.body.error).toMatchObject({
        code: 'import_needs_household',
        message: 'Còn 1 dòng chưa có hộ (chủ hộ của các dòng đó bị lỗi, bị bỏ qua hoặc không có). Hãy gắn các dòng đó vào hộ khác, chọn người làm chủ hộ, hoặc bỏ qua; chưa có gì được ghi.',
      });
      expect({ households: await count('households'), people: await count('people') }).toEqual(before);
    });

    it('offers the file\'s households of the village, then the registry\'s, searchable', async () => {
      const options = await officer.get(`/api/imports/${id}/household-options?sheet=0&row=5`);
      expect(options.status).toBe(200);
      expect(options.body.items).toEqual([
        { choice: { kind: 'row', sheetIndex: 0, rowNumber: 2 }, source: 'file', label: 'chủ hộ Hoàng Văn Bình', detail: 'Trong tệp: dòng 2 · 2 người · hộ mới' },
        { choice: { kind: 'row', sheetIndex: 0, rowNumber: 6 }, source: 'file', label: 'chủ hộ Nông Văn Tú', detail: 'Trong tệp: dòng 6 · 1 người · hộ mới' },
        { choice: { kind: 'household', householdId: registryHousehold }, source: 'registry', label: 'Hộ số 15 · chủ hộ Ma Văn Sơn', detail: 'Đã có trong hệ thống · 1 người · Số nhà 3' },
      ]);
      const searched = await officer.get(`/api/imports/${id}/household-options?sheet=0&row=5&q=${encodeURIComponent('nong van')}`);
      expect(searched.body.items.map((o: { label: string }) => o.label)).toEqual(['chủ hộ Nông Văn Tú']);
      expect((await officer.get(`/api/imports/${id}/household-options?sheet=0&row=99`)).status).toBe(404);
    });

    it('attaches the member to the household the officer picks, and commits it there', async () => {
      const attached = await fix(id, 5, { household: { kind: 'row', sheetIndex: 0, rowNumber: 2 } });
      expect(attached.status).toBe(200);
      expect(attached.body.row).toMatchObject({
        action: 'new_person', householdChoice: { kind: 'row', sheetIndex: 0, rowNumber: 2 },
        household: { isHead: false, action: 'new', headName: 'Hoàng Văn Bình' },
        problems: [{ level: 'info', message: 'Dòng 5, cột «Quan hệ với chủ hộ»: đã gắn vào hộ khác; quan hệ với chủ hộ vẫn là «Con» như trong tệp, sửa lại nếu với chủ hộ mới thì khác.' }],
      });
      expect(attached.body.summary).toMatchObject({ newPeople: 4, newHouseholds: 2, needsHouseholdRows: 0, skippedRows: 1, canCommit: true });
      expectCountsAddUp(attached.body.summary);
      const { rows } = await preview(officer, id);
      expect(rows.items.find((r) => r.rowNumber === 5)!.household.key).toBe(rows.items.find((r) => r.rowNumber === 2)!.household.key);

      const commit = await officer.post(`/api/imports/${id}/commit`);
      expect(commit.status).toBe(200);
      expect(commit.body.summary).toMatchObject({ newHouseholds: 2, newPeople: 4 });
      const people = await t.database.db.selectFrom('people as p').innerJoin('households as h', 'h.id', 'p.household_id').innerJoin('people as head', 'head.id', 'h.head_person_id')
        .select(['p.full_name', 'p.relation_to_head', 'head.full_name as head']).where('p.import_batch_id', '=', id).orderBy('p.full_name').execute();
      expect(people.map((p) => [p.full_name, p.relation_to_head, p.head])).toEqual([
        ['Hoàng Thị Mai', 'child', 'Hoàng Văn Bình'],
        ['Hoàng Văn Bình', 'head', 'Hoàng Văn Bình'],
        ['Lý Thị Hoa', 'spouse', 'Hoàng Văn Bình'],
        ['Nông Văn Tú', 'head', 'Nông Văn Tú'],
      ]);
    });

    it('a re-import of the same file finds the member in that household: nothing new', async () => {
      const again = (await upload(officer, await file())).id;
      expect((await officer.post(`/api/imports/${again}/skip-errors`)).body.skipped).toBe(1);
      const attached = await officer.patch(`/api/imports/${again}/rows/0/5`, { household: { kind: 'row', sheetIndex: 0, rowNumber: 2 } });
      expect(attached.body.row).toMatchObject({ action: 'unchanged', household: { action: 'matched' } });
      expect(attached.body.summary).toMatchObject({ newPeople: 0, unchangedPeople: 4, skippedRows: 1, canCommit: true });
    });
  });

  describe('the officer makes a waiting row the head', () => {
    let id: string;
    beforeAll(async () => {
      id = (await upload(officer, await sheetFile('Nà Pồng', [
        [...HEADER, 'Số hộ'],
        [1, 'Triệu Văn Lâm', '31/02/1960', 'Nam', null, 'Chủ hộ', 7],
        [2, 'Triệu Thị Hằng', '03/04/1962', 'Nữ', null, 'Vợ', 7],
        [3, 'Triệu Văn Khải', '05/06/1990', 'Nam', null, 'Con', 7],
      ]))).id;
    });

    it('shows both members waiting on the head with an unreadable date', async () => {
      const { summary, rows } = await preview(officer, id);
      expect(rowsOf(rows.items)).toEqual([
        [2, 'error', [
          'error: Dòng 2, cột «Ngày sinh»: không đọc được ngày “31/02/1960”.',
          'info: Dòng 2: dòng 3 và dòng 4 cùng hộ đang chờ dòng này. Nếu bỏ qua dòng này, cần chọn hộ khác cho các dòng đó hoặc chọn một người làm chủ hộ.',
        ]],
        [3, 'needs_household', ['info: Dòng 3: chủ hộ «Triệu Văn Lâm» (dòng 2) có lỗi nên hộ này chưa tạo được. Sửa dòng 2, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.']],
        [4, 'needs_household', ['info: Dòng 4: chủ hộ «Triệu Văn Lâm» (dòng 2) có lỗi nên hộ này chưa tạo được. Sửa dòng 2, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.']],
      ]);
      expect(summary).toMatchObject({ rows: 3, errorRows: 1, needsHouseholdRows: 2, newPeople: 0 });
      expectCountsAddUp(summary);
    });

    it('refuses choices that cannot be: the row itself, a row not in the file, a household outside the area', async () => {
      const self = await fix(id, 3, { household: { kind: 'row', sheetIndex: 0, rowNumber: 3 } });
      expect(self.status).toBe(400);
      expect(self.body.error.fields).toEqual([{ path: 'household', message: 'Không gắn một dòng vào hộ của chính nó; chọn «Làm chủ hộ» nếu người này là chủ hộ.' }]);
      const missing = await fix(id, 3, { household: { kind: 'row', sheetIndex: 0, rowNumber: 40 } });
      expect(missing.body.error.fields).toEqual([{ path: 'household', message: 'Không có dòng 40 trong trang tính đã chọn.' }]);
      const elsewhere = await household(t.org.villageC, '1', '', [{ name: 'Người Xã Khác', sex: 'male', year: 1960, relation: 'head' }]);
      const outside = await fix(id, 3, { household: { kind: 'household', householdId: elsewhere } });
      expect(outside.status).toBe(400);
      expect(outside.body.error.fields).toEqual([{ path: 'household', message: 'Không tìm thấy hộ đã chọn, hoặc hộ đã giải thể, hoặc ngoài phạm vi của bạn.' }]);
      expect((await fix(id, 3, { household: { kind: 'team' } })).status).toBe(400);
    });

    it('after the head is skipped, makes the wife the head; the son joins her household', async () => {
      await fix(id, 2, { skip: true });
      const promoted = await fix(id, 3, { household: { kind: 'head' } });
      expect(promoted.body.row).toMatchObject({ action: 'new_household', householdChoice: { kind: 'head' }, household: { isHead: true, headName: 'Triệu Thị Hằng', number: '7' } });
      expect(promoted.body.summary).toMatchObject({ newHouseholds: 1, newPeople: 2, skippedRows: 1, needsHouseholdRows: 0, canCommit: true });
      expectCountsAddUp(promoted.body.summary);
      const { rows } = await preview(officer, id);
      expect(rows.items.map((r) => [r.rowNumber, r.action, r.person.relationToHead, r.household.headName])).toEqual([
        [2, 'skipped', 'head', 'Triệu Thị Hằng'], [3, 'new_household', 'head', 'Triệu Thị Hằng'], [4, 'new_person', 'child', 'Triệu Thị Hằng'],
      ]);
      // The choice can be taken back: the rows wait again.
      const cleared = await fix(id, 3, { household: null });
      expect(cleared.body.row).toMatchObject({ action: 'needs_household', householdChoice: null });
      await fix(id, 3, { household: { kind: 'head' } });

      const commit = await officer.post(`/api/imports/${id}/commit`);
      expect(commit.status).toBe(200);
      const people = await t.database.db.selectFrom('people as p').innerJoin('households as h', 'h.id', 'p.household_id')
        .select(['p.full_name', 'p.relation_to_head', 'h.code', sql<boolean>`h.head_person_id = p.id`.as('is_head')])
        .where('p.import_batch_id', '=', id).orderBy('p.full_name').execute();
      expect(people.map((p) => [p.full_name, p.relation_to_head, p.code, p.is_head])).toEqual([
        ['Triệu Thị Hằng', 'head', '7', true],
        ['Triệu Văn Khải', 'child', '7', false],
      ]);
    });
  });

  describe('attaching to a household of the registry', () => {
    let id: string;
    let sameVillage: string;
    let otherVillage: string;
    beforeAll(async () => {
      sameVillage = await household(t.org.villageA, '21', 'Số nhà 5', [{ name: 'Lường Văn Khang', sex: 'male', year: 1955, relation: 'head' }]);
      otherVillage = await household(t.org.villageB, '22', 'Số nhà 9', [{ name: 'Lường Văn Hợp', sex: 'male', year: 1958, relation: 'head' }]);
      id = (await upload(officer, await sheetFile('Nà Pồng', [
        [...HEADER, 'Địa chỉ'],
        [1, 'Lường Thị Thu', '2005', 'Nữ', null, 'Cháu', 'Bản trên'],
        [2, 'Đinh Văn Quý', '1979', 'Nam', null, 'Chủ hộ', 'Bản dưới'],
      ]))).id;
    });

    it('a row before any head waits; another village\'s household is refused; its own village\'s takes it, unchanged', async () => {
      const { rows, summary } = await preview(officer, id);
      expect(rowsOf(rows.items)[0]).toEqual([2, 'needs_household', [
        'info: Dòng 2: không rõ thuộc hộ nào (chưa có dòng «Chủ hộ» phía trên). Chọn cho dòng này: gắn vào hộ khác, hoặc làm chủ hộ (hoặc bỏ qua nếu không nhập).',
      ]]);
      expectCountsAddUp(summary);

      const wrong = await fix(id, 2, { household: { kind: 'household', householdId: otherVillage } });
      expect(wrong.body.row).toMatchObject({ action: 'error', problems: [{ level: 'error', message: 'Dòng 2, cột «Thôn»: hộ đã chọn ở Thôn Bản Bó, khác thôn của dòng này; chọn hộ cùng thôn.' }] });

      const right = await fix(id, 2, { household: { kind: 'household', householdId: sameVillage } });
      expect(right.body.row).toMatchObject({ action: 'new_person', household: { action: 'matched', householdId: sameVillage, headName: 'Lường Văn Khang' } });
      expect(right.body.summary).toMatchObject({ newHouseholds: 1, matchedHouseholds: 1, newPeople: 2, canCommit: true });
      const versionBefore = (await t.database.db.selectFrom('households').select(['version', 'address']).where('id', '=', sameVillage).executeTakeFirstOrThrow());
      expect((await officer.post(`/api/imports/${id}/commit`)).status).toBe(200);
      const member = await t.database.db.selectFrom('people').select(['household_id', 'relation_to_head']).where('full_name', '=', 'Lường Thị Thu').executeTakeFirstOrThrow();
      expect(member).toEqual({ household_id: sameVillage, relation_to_head: 'grandchild' });
      // A member added; the household's own details are the registry's still.
      expect(await t.database.db.selectFrom('households').select(['version', 'address']).where('id', '=', sameVillage).executeTakeFirstOrThrow()).toEqual(versionBefore);
    });
  });

  it('counts every data row once: blank and repeated header rows, a signature line, all add up to the sheet\'s rows', async () => {
    const batch = await upload(officer, await sheetFile('Nà Pồng', [
      ['DANH SÁCH NHÂN KHẨU'],
      HEADER,
      [1, 'Sầm Văn Nhất', '1961', 'Nam', null, 'Chủ hộ'],
      [2],
      HEADER,
      [3, 'Sầm Thị Nhì', '1963', 'Nữ', null, 'Vợ'],
      [null, 'Người lập biểu'],
    ]));
    const { summary } = await preview(officer, batch.id);
    expect(batch.sheets[0].dataRowCount).toBe(5);
    expect(summary).toMatchObject({ rows: 5, blankRows: 2, newPeople: 2, skippedRows: 1 });
    expectCountsAddUp(summary);
  });

  describe('rows that look like the same person', () => {
    let id: string;
    beforeAll(async () => {
      await household(t.org.villageA, '31', '', [
        { name: 'Hà Văn Quang', sex: 'male', year: 1970, relation: 'head' },
        { name: 'Hà Thị Nguyệt', sex: 'female', year: 1975, date: '1975-04-30', relation: 'spouse' },
      ]);
      id = (await upload(officer, await sheetFile('Nà Pồng', [
        [...HEADER, 'Số hộ'],
        [1, 'Vàng A Sử', '01/01/1980', 'Nam', '008080000201', 'Chủ hộ', 3],
        [2, 'Vàng Thị Dua', '02/02/1982', 'Nữ', null, 'Vợ', 3],
        [3, 'VÀNG THỊ DUA', '02/02/1982', 'Nữ', '008182000202', 'Vợ', 3],
        [4, 'Lò Văn Pha', '1990', 'Nam', null, 'Chủ hộ', 4],
        [5, 'Lò  văn pha', '15/07/1990', 'Nam', null, 'Con', 4],
        [6, 'Hà Thị Nguyệt', '30/04/1975', 'Nữ', null, 'Chủ hộ', 5],
        [7, 'Vàng A Sử', '01/01/1981', 'Nam', null, 'Con', 4],
      ]))).id;
    });

    it('warns inside one file (same name once folded, same birth) and against the registry, to confirm', async () => {
      const { rows, summary } = await preview(officer, id);
      const IF_SAME = 'nếu là một người, bỏ qua dòng này; nếu là hai người khác nhau, xác nhận «Vẫn nhập».';
      expect(rowsOf(rows.items)).toEqual([
        [2, 'new_household', []],
        [3, 'new_person', []],
        // Different ID numbers do not make them two people: the officer decides.
        [4, 'new_person', [`warning: Dòng 4: có thể trùng người với dòng 3 («Vàng Thị Dua», cùng họ tên và ngày sinh): ${IF_SAME}`]],
        [5, 'new_household', []],
        [6, 'new_person', [`warning: Dòng 6: có thể trùng người với dòng 5 («Lò Văn Pha», cùng họ tên và năm sinh): ${IF_SAME}`]],
        [7, 'new_household', [`warning: Dòng 7: có thể trùng với nhân khẩu đã có «Hà Thị Nguyệt» (sinh 1975) ở hộ số 31 (chủ hộ «Hà Văn Quang», Thôn Nà Pồng): ${IF_SAME}`]],
        // Same name, another birth date: someone else.
        [8, 'new_person', []],
      ]);
      expect(summary).toMatchObject({ warningRows: 3, unconfirmedWarningRows: 3, canCommit: false });
      expectCountsAddUp(summary);
      const commit = await officer.post(`/api/imports/${id}/commit`);
      expect(commit.body.error.code).toBe('needs_confirmation');
    });

    it('takes the officer\'s word: one copy skipped, the others confirmed', async () => {
      await fix(id, 4, { skip: true });
      await fix(id, 6, { confirmWarnings: true });
      const last = await fix(id, 7, { confirmWarnings: true });
      expect(last.body.summary).toMatchObject({ unconfirmedWarningRows: 0, skippedRows: 1, newPeople: 6, canCommit: true });
      const commit = await officer.post(`/api/imports/${id}/commit`);
      expect(commit.status).toBe(200);
      expect(commit.body.summary.newPeople).toBe(6);
    });
  });

  it('refuses ID numbers of the wrong length naming the length, the value and the reading tried', async () => {
    const id = (await upload(officer, await sheetFile('Nà Pồng', [
      [...HEADER, 'Số hộ'],
      [1, 'Bế Văn Một', '1980', 'Nam', 99180123456, 'Chủ hộ', 41], // a number cell: 11 digits, no province "099"
      [2, 'Bế Văn Hai', '1980', 'Nam', '00818012345', 'Chủ hộ', 42], // typed with its zeros, a digit short
      [3, 'Bế Văn Ba', '1980', 'Nam', 8080000301, 'Chủ hộ', 43], // a number cell that lost "00": read back
      [4, 'Bế Văn Bốn', '1980', 'Nam', '0081 8012 34567', 'Chủ hộ', 44],
    ]))).id;
    const { rows } = await preview(officer, id);
    expect(rows.items.map((r) => [r.rowNumber, r.action, r.person.cccd, r.problems.map((p) => p.message)])).toEqual([
      [2, 'error', null, ['Dòng 2, cột «Số CCCD»: số CCCD “99180123456” có 11 chữ số, cần đúng 12. Đã thử đọc như ô kiểu số bị mất một số 0 ở đầu (thành “099180123456”), nhưng mã tỉnh “099” không có trong danh mục. Kiểm tra lại số.']],
      [3, 'error', null, ['Dòng 3, cột «Số CCCD»: số CCCD “00818012345” có 11 chữ số, cần đúng 12. Số đã bắt đầu bằng 0 nên không phải ô kiểu số bị mất số 0 ở đầu; đọc nguyên văn thì thiếu một chữ số.']],
      [4, 'new_household', '008080000301', []],
      [5, 'error', null, ['Dòng 5, cột «Số CCCD»: số CCCD “0081 8012 34567” có 13 chữ số, cần đúng 12; thừa 1 chữ số.']],
    ]);
  });

  describe('the import template', () => {
    it('downloads with the headers the importer reads and two example rows, and imports back clean', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/imports/template', headers: { cookie: officer.cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="mau-nhap-danh-sach-.*\.xlsx"; filename\*=UTF-8''M%E1%BA%AB/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      expect(book.worksheets.map((s) => s.name)).toEqual(['Danh sách', 'Hướng dẫn']);
      const headers = (book.worksheets[0].getRow(TEMPLATE_HEADER_ROW).values as Cell[]).slice(1);
      expect(headers).toEqual(TEMPLATE_COLUMNS.map((c) => c.header));
      // Every header is one the guesser recognises, as the field it stands for.
      expect(guessColumns(headers as string[])).toEqual(TEMPLATE_COLUMNS.map((c) => c.field));

      const batch = await upload(officer, res.rawPayload, 'Mẫu nhập danh sách.xlsx');
      expect(batch.mapping.sheets.map((m) => [m.include, m.grouping])).toEqual([[true, 'household_number'], [false, 'blank_rows']]);
      expect(batch.mapping.sheets[0].columns).toEqual(TEMPLATE_COLUMNS.map((c) => c.field));
      const { rows, summary } = await preview(officer, batch.id);
      expect(rows.items.map((r) => [r.rowNumber, r.action, r.person.fullName, r.person.birthDate, r.person.birthYear, r.person.cccd, r.person.relationToHead, r.person.villageId, r.problems])).toEqual([
        [5, 'new_household', 'Nguyễn Văn A', '1980-03-05', 1980, '008080012345', 'head', t.org.villageB, []],
        [6, 'new_person', 'Trần Thị B', null, 1982, null, 'spouse', t.org.villageB, []],
      ]);
      expect(summary).toMatchObject({ rows: 2, errorRows: 0, warningRows: 0, canCommit: true });
      await officer.delete(`/api/imports/${batch.id}`);
    });

    it('is for the roles that import', async () => {
      const member = await t.login(t.usernames.team_member);
      expect((await member.get('/api/imports/template')).status).toBe(403);
    });
  });
});
