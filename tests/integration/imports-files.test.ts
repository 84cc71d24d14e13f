// Importing the commune's spreadsheets, through HTTP: files that are refused (and leave
// nothing behind), and messy files made here with exceljs — title rows, merged cells,
// several sheets, every date form, decomposed names, CCCDs as numbers or with separators,
// sex written many ways, each way of telling households apart — with the exact people and
// households they create and the exact messages they raise.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_LIMITS } from '../../src/shared/imports.ts';
import { type Client, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

type Cell = ExcelJS.CellValue;

async function workbook(sheets: Record<string, (sheet: ExcelJS.Worksheet) => void>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, fill] of Object.entries(sheets)) fill(book.addWorksheet(name));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const rows = (sheet: ExcelJS.Worksheet, values: Cell[][]) => { for (const row of values) sheet.addRow(row); };

const serial = (y: number, m: number, d: number) => (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;

async function upload(client: Client, file: Buffer | string, name: string) {
  const form = new FormData();
  form.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), name);
  return client.request('POST', '/api/imports', form);
}

type PreviewRow = { rowNumber: number; sheetName: string; action: string; person: Record<string, unknown>; household: Record<string, unknown>; problems: Array<{ message: string; level: string }> };

async function preview(client: Client, id: string, query = 'pageSize=500'): Promise<{ summary: Record<string, unknown>; rows: { items: PreviewRow[]; total: number } }> {
  const res = await client.get(`/api/imports/${id}/preview?${query}`);
  if (res.status !== 200) throw new Error(`preview ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Rows as compact tuples: [row, action, name, sex, birthDate, birthYear, cccd, relation, household key]. */
const brief = (items: PreviewRow[]) => items.map((r) => [r.rowNumber, r.action, r.person.fullName, r.person.sex, r.person.birthDate, r.person.birthYear, r.person.cccd, r.person.relationToHead]);
const messages = (items: PreviewRow[]) => items.flatMap((r) => r.problems.map((p) => p.message));

describeEachEngine('imports: files', (engine) => {
  let t: TestApp;
  let officer: Client;
  let villageHead: Client;

  const count = async (table: 'import_batches' | 'import_rows' | 'people' | 'households') =>
    (await t.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

  const committedPeople = (batchId: string) => t.database.db.selectFrom('people as p').innerJoin('households as h', 'h.id', 'p.household_id')
    .select(['p.full_name', 'p.sex', 'p.birth_date', 'p.birth_year', 'p.cccd', 'p.relation_to_head', 'p.ethnicity', 'p.phone', 'p.village_id', 'h.code', 'h.head_person_id', 'p.id', 'h.id as household_id', 'h.hamlet_group'])
    .where('p.import_batch_id', '=', batchId).orderBy('p.created_at').orderBy('p.id').execute();

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.login(t.usernames.culture_office);
    villageHead = await t.login(t.usernames.village_head);
  });
  afterAll(async () => { await t?.close(); });

  describe('files that are refused', () => {
    it('says what is wrong, in Vietnamese, and stores nothing', async () => {
      const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]);
      const cases: Array<[Buffer | string, string, number, string, string]> = [
        [Buffer.from('%PDF-1.4\n1 0 obj'), 'danh sách.pdf', 400, 'import_not_spreadsheet', 'Tệp «danh sách.pdf» không phải bảng tính. Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).'],
        [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'anh.xlsx', 400, 'import_not_spreadsheet', 'Tệp «anh.xlsx» không phải bảng tính. Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).'],
        [Buffer.concat([ole, Buffer.from('EncryptionInfo\0EncryptedPackage', 'utf16le')]), 'co-mat-khau.xlsx', 400, 'import_encrypted',
          'Tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi tải lên.'],
        [ole, 'danh-sach-cu.xls', 400, 'import_old_xls',
          'Tệp Excel 97–2003 (.xls) chưa được hỗ trợ. Hãy mở tệp bằng Excel, chọn Tệp → Lưu thành → "Sổ làm việc Excel (*.xlsx)", rồi tải lên tệp mới.'],
        [Buffer.alloc(0), 'rong.xlsx', 400, 'import_empty', 'Tệp rỗng (0 byte). Hãy chọn lại tệp danh sách.'],
        [await workbook({ Sheet1: () => {} }), 'trang-trong.xlsx', 400, 'import_empty', 'Tệp không có dữ liệu: mọi trang tính đều trống.'],
        [await workbook({ Sheet1: (s) => rows(s, [['Mã', 'Giá trị'], [1, 2], [3, 4]]) }), 'khong-tieu-de.xlsx', 400, 'import_no_header',
          'Không tìm thấy dòng tiêu đề của danh sách. Dòng tiêu đề cần có cột «Họ và tên» (hoặc «Họ tên») và ít nhất một cột khác như «Ngày sinh», «Năm sinh», «Giới tính», «Số CCCD». Hãy thêm dòng tiêu đề vào tệp rồi tải lên lại.'],
        [Buffer.alloc(IMPORT_LIMITS.maxFileBytes + 1, 'a'), 'qua-lon.csv', 413, 'import_too_large',
          'Tệp quá lớn: tối đa 10 MB. Hãy tách danh sách thành nhiều tệp (ví dụ mỗi thôn một tệp) rồi tải lên từng tệp.'],
        ['Họ và tên,Năm sinh\n' + 'Nguyễn Văn An,1990\n'.repeat(IMPORT_LIMITS.maxRows + 30), 'qua-nhieu-dong.csv', 400, 'import_too_many_rows',
          'Tệp có hơn 50.000 dòng, vượt giới hạn 50.000 dòng mỗi lần nhập. Hãy tách danh sách thành nhiều tệp (ví dụ mỗi thôn một tệp).'],
      ];
      for (const [file, name, status, code, message] of cases) {
        const res = await upload(officer, file, name);
        expect(res.status, name).toBe(status);
        expect(res.body.error, name).toEqual({ code, message });
      }
      const json = await officer.post('/api/imports', { file: 'x' });
      expect(json.status).toBe(415);
      expect(json.body.error.message).toBe('Hãy gửi tệp dưới dạng multipart/form-data, trong trường «file».');
      expect(await count('import_batches')).toBe(0);
      expect(await count('import_rows')).toBe(0);
    });

    it('is open only to roles that may write the registry', async () => {
      const member = await t.login(t.usernames.team_member);
      const res = await upload(member, 'Họ và tên,Năm sinh\nAn,1990\n', 'a.csv');
      expect(res.status).toBe(403);
    });

    it('keeps multipart out of the other routes', async () => {
      const form = new FormData();
      form.append('file', new Blob(['x']), 'a.csv');
      const res = await officer.request('POST', '/api/households', form);
      expect(res.status).toBe(415);
    });
  });

  describe('a messy file: title rows, merged cells, every date and CCCD form', () => {
    let batchId: string;
    let file: Buffer;
    beforeAll(async () => {
      file = await workbook({
        'Thôn Nà Pồng': (s) => {
          s.getCell('A1').value = 'ỦY BAN NHÂN DÂN XÃ BẠCH NGỌC';
          s.mergeCells('A1:J1');
          s.getCell('A2').value = 'DANH SÁCH NHÂN KHẨU THÔN NÀ PỒNG NĂM 2026';
          s.mergeCells('A2:J2');
          s.getRow(4).values = ['STT', 'Họ và tên', 'Ngày tháng năm sinh', 'Giới tính', 'Số CCCD/Số định danh', 'Quan hệ với chủ hộ', 'Chủ hộ', 'Dân tộc', 'SĐT', 'Xóm'];
          s.getRow(5).values = [1, 'Lường Văn Pào'.normalize('NFD'), new Date(Date.UTC(1975, 2, 5)), 'Nam', 8075000111, 'Chủ hộ', 'Lường Văn Pào', 'Tày', '0912 345 678', 'Xóm Nà Pồng'];
          s.getRow(6).values = [2, 'Hoàng  Thị   Mai', '05/3/1978', 'NỮ', '008 178 000 222', 'Vợ', null, "H'Mông", '+84 987 654 321', null];
          s.getRow(7).values = [3, 'lường văn tú', serial(2004, 1, 1), 'M', null, 'Con trai', null, 'Tày', null, null];
          s.mergeCells('G5:G7'); // "Chủ hộ" merged down over the household's rows
          s.getRow(8).values = [4, 'MA THỊ DUNG', '5-3-1960', 'Nu', '008.160.000.333', 'Chủ hộ', 'Ma Thị Dung', 'Kinh', 912000111, null];
          s.getRow(9).values = [5, 'Nông Văn Bảo', '1985', 'nam', null, 'Con rể', 'Ma Thị Dung', 'Tày', null, null];
          s.getRow(10).values = [6, 'Triệu Thị Lan', '5.3.1990', 'F', null, 'Chủ hộ', 'Triệu Thị Lan', 'Dao', null, null];
          s.getRow(11).values = [7, 'Triệu Văn Khánh', '03/2015', 'Nam', null, 'Con', 'Triệu Thị Lan', 'Dao', null, null];
          s.getRow(13).values = [null, 'Người lập biểu'];
        },
      });
      const res = await upload(officer, file, 'Danh sách Nà Pồng.xlsx');
      expect(res.status).toBe(201);
      batchId = res.body.id;
    });

    it('finds the header under the title rows and guesses every column, the village and the grouping', async () => {
      const res = await officer.get(`/api/imports/${batchId}`);
      expect(res.body.fileName).toBe('Danh sách Nà Pồng.xlsx');
      expect(res.body.status).toBe('uploaded');
      const [sheet] = res.body.sheets;
      expect(sheet).toMatchObject({ name: 'Thôn Nà Pồng', detectedHeaderRow: 4, dataRowCount: 8, mappingSource: 'guessed', villageGuess: { villageId: t.org.villageA, from: 'sheet_name' } });
      expect(sheet.headers).toEqual(['STT', 'Họ và tên', 'Ngày tháng năm sinh', 'Giới tính', 'Số CCCD/Số định danh', 'Quan hệ với chủ hộ', 'Chủ hộ', 'Dân tộc', 'SĐT', 'Xóm']);
      expect(sheet.sampleRows[0]).toEqual({ rowNumber: 5, cells: ['1', 'Lường Văn Pào'.normalize('NFD'), '05/03/1975', 'Nam', '8075000111', 'Chủ hộ', 'Lường Văn Pào', 'Tày', '0912 345 678', 'Xóm Nà Pồng'] });
      expect(res.body.mapping).toEqual({
        sheets: [{
          sheetIndex: 0, include: true, headerRow: 4, dataStartRow: 5, villageId: t.org.villageA, grouping: 'head_column',
          columns: [null, 'fullName', 'birthDate', 'sex', 'cccd', 'relationToHead', 'headName', 'ethnicity', 'phone', 'hamletGroup'],
        }],
        confirmWarnings: false, residentSince: null,
      });
      expect(res.body.villages).toEqual([{ id: t.org.villageB, name: 'Thôn Bản Bó' }, { id: t.org.villageA, name: 'Thôn Nà Pồng' }]);
    });

    it('previews the people and households the file makes', async () => {
      const { summary, rows: page } = await preview(officer, batchId);
      expect(summary).toEqual({
        rows: 8, blankRows: 0, newHouseholds: 3, matchedHouseholds: 0, newPeople: 7, updatedPeople: 0, unchangedPeople: 0, errorRows: 0,
        needsHouseholdRows: 0, unconfirmedWarningRows: 0, warningRows: 0, skippedRows: 1, canCommit: true,
      });
      expect(brief(page.items)).toEqual([
        [5, 'new_household', 'Lường Văn Pào', 'male', '1975-03-05', 1975, '008075000111', 'head'],
        [6, 'new_person', 'Hoàng Thị Mai', 'female', '1978-03-05', 1978, '008178000222', 'spouse'],
        [7, 'new_person', 'Lường Văn Tú', 'male', '2004-01-01', 2004, null, 'child'],
        [8, 'new_household', 'Ma Thị Dung', 'female', '1960-03-05', 1960, '008160000333', 'head'],
        [9, 'new_person', 'Nông Văn Bảo', 'male', null, 1985, null, 'other'],
        [10, 'new_household', 'Triệu Thị Lan', 'female', '1990-03-05', 1990, null, 'head'],
        [11, 'new_person', 'Triệu Văn Khánh', 'male', null, 2015, null, 'child'],
        [13, 'skipped', 'Người Lập Biểu', null, null, null, null, null],
      ]);
      expect(page.items.map((r) => [r.person.ethnicity, r.person.phone])).toEqual([
        ['Tày', '0912345678'], ['Mông', '0987654321'], ['Tày', null], ['Kinh', '0912000111'], ['Tày', null], ['Dao', null], ['Dao', null], [null, null],
      ]);
      expect(messages(page.items)).toEqual(['Dòng 13: dòng không phải nhân khẩu (“Người lập biểu”); đã bỏ qua.']);
      // Rows of one household share its key; the head is marked.
      expect(page.items.slice(0, 3).map((r) => r.household.key)).toEqual(Array(3).fill(page.items[0].household.key));
      expect(page.items[3].household.key).not.toBe(page.items[0].household.key);
      expect(page.items[0].household).toMatchObject({ isHead: true, action: 'new', headName: 'Lường Văn Pào' });
    });

    it('masks CCCDs for a role that may not see them', async () => {
      const { rows: page } = await preview(villageHead, batchId).catch(() => ({ rows: { items: [] as PreviewRow[] } }));
      // The batch belongs to the commune: a village head does not reach it.
      expect(page.items).toEqual([]);
      expect((await villageHead.get(`/api/imports/${batchId}`)).status).toBe(404);
    });

    it('commits exactly those households and people, then a re-import changes nothing', async () => {
      const before = { households: await count('households'), people: await count('people') };
      const res = await officer.post(`/api/imports/${batchId}/commit`);
      expect(res.status).toBe(200);
      expect(res.body.batch.status).toBe('committed');
      expect(res.body.summary).toMatchObject({ newHouseholds: 3, newPeople: 7, updatedPeople: 0 });
      expect(await count('households')).toBe(before.households + 3);
      expect(await count('people')).toBe(before.people + 7);
      const people = await committedPeople(batchId);
      expect(people.map((p) => [p.full_name, p.sex, p.birth_date, p.birth_year, p.cccd, p.relation_to_head, p.ethnicity, p.phone, p.village_id])).toEqual([
        ['Lường Văn Pào', 'male', '1975-03-05', 1975, '008075000111', 'head', 'Tày', '0912345678', t.org.villageA],
        ['Hoàng Thị Mai', 'female', '1978-03-05', 1978, '008178000222', 'spouse', 'Mông', '0987654321', t.org.villageA],
        ['Lường Văn Tú', 'male', '2004-01-01', 2004, null, 'child', 'Tày', null, t.org.villageA],
        ['Ma Thị Dung', 'female', '1960-03-05', 1960, '008160000333', 'head', 'Kinh', '0912000111', t.org.villageA],
        ['Nông Văn Bảo', 'male', null, 1985, null, 'other', 'Tày', null, t.org.villageA],
        ['Triệu Thị Lan', 'female', '1990-03-05', 1990, null, 'head', 'Dao', null, t.org.villageA],
        ['Triệu Văn Khánh', 'male', null, 2015, null, 'child', 'Dao', null, t.org.villageA],
      ]);
      // Households: the head of each is its first person; the hamlet group comes from the head's row.
      expect(new Set(people.map((p) => p.household_id)).size).toBe(3);
      expect(people[0].head_person_id).toBe(people[0].id);
      expect(people[1].head_person_id).toBe(people[0].id);
      expect(people[3].head_person_id).toBe(people[3].id);
      expect(people[0].hamlet_group).toBe('Xóm Nà Pồng');
      const residences = await t.database.db.selectFrom('residences').select(['start_reason', 'to_date', 'village_id'])
        .where('person_id', 'in', people.map((p) => p.id)).execute();
      expect(residences).toHaveLength(7);
      expect(new Set(residences.map((r) => `${r.start_reason}|${r.to_date}|${r.village_id}`))).toEqual(new Set([`import|null|${t.org.villageA}`]));
      // An audit entry per created record, and one for the batch; CCCDs masked in them.
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'entity', 'after', 'account_id'])
        .where(sql<boolean>`detail->>'importBatchId' = ${batchId} OR entity_id = ${batchId}`)
        // Another account's refused look at the batch (an earlier test) is kept too, as its own.
        .where('action', '!=', 'refused').execute();
      expect(audit.filter((a) => a.action === 'create' && a.entity === 'person')).toHaveLength(7);
      expect(audit.filter((a) => a.action === 'create' && a.entity === 'household')).toHaveLength(3);
      expect(audit.filter((a) => a.action === 'import' && a.entity === 'import_batch')).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain('008075000111');
      expect(audit.every((a) => a.account_id === officer.me.id)).toBe(true);
      // The uploaded rows (personal data) are gone with the commit.
      expect(await t.database.db.selectFrom('import_rows').select('row_number').where('batch_id', '=', batchId).execute()).toEqual([]);

      const again = await upload(officer, file, 'Danh sách Nà Pồng.xlsx');
      const second = await preview(officer, again.body.id);
      expect(second.summary).toMatchObject({ rows: 8, newHouseholds: 0, matchedHouseholds: 3, newPeople: 0, updatedPeople: 0, unchangedPeople: 7, errorRows: 0, canCommit: true });
      expect(second.rows.items.map((r) => r.action)).toEqual([...Array(7).fill('unchanged'), 'skipped']);
      const versions = async () => (await t.database.db.selectFrom('people').select(['id', 'version']).where('import_batch_id', '=', batchId).orderBy('id').execute());
      const versionsBefore = await versions();
      const recommit = await officer.post(`/api/imports/${again.body.id}/commit`);
      expect(recommit.status).toBe(200);
      expect(recommit.body.summary).toMatchObject({ newHouseholds: 0, newPeople: 0, updatedPeople: 0, unchangedPeople: 7 });
      expect(await count('people')).toBe(before.people + 7);
      expect(await versions()).toEqual(versionsBefore);
    });
  });

  describe('several sheets, one per village', () => {
    it('takes each sheet\'s village from its name and groups households by number', async () => {
      const file = await workbook({
        'Nà Pồng': (s) => rows(s, [
          ['DANH SÁCH HỘ GIA ĐÌNH'],
          ['Số hộ', 'Họ tên', 'Năm sinh', 'Giới tính', 'Quan hệ'],
          [101, 'Đặng Văn Sơn', 1970, 'Nam', 'Chủ hộ'],
          [101, 'Đặng Thị Hà', 1972, 'Nữ', 'Vợ'],
          [102, 'Bàn Văn Tiến', 1980, 'Nam', 'Chủ hộ'],
          [null, 'Bàn Thị Nga', 2010, 'Nữ', 'Con'], // an empty number: the household above
        ]),
        'Bản Bó': (s) => rows(s, [
          ['Số hộ', 'Họ tên', 'Năm sinh', 'Giới tính', 'Quan hệ'],
          [101, 'Hà Văn Dũng', 1965, 'Nam', 'Chủ hộ'],
          [101, 'Hà Văn Long', 1995, 'Nam', 'Con'],
        ]),
        'Tổng hợp': (s) => rows(s, [['Thôn', 'Số hộ', 'Số nhân khẩu'], ['Nà Pồng', 2, 4]]),
      });
      const res = await upload(officer, file, 'ho.xlsx');
      expect(res.status).toBe(201);
      expect(res.body.sheets.map((s: { name: string; villageGuess: { villageId: number } | null }) => [s.name, s.villageGuess?.villageId ?? null]))
        .toEqual([['Nà Pồng', t.org.villageA], ['Bản Bó', t.org.villageB], ['Tổng hợp', null]]);
      expect(res.body.mapping.sheets.map((m: { include: boolean; grouping: string }) => [m.include, m.grouping]))
        .toEqual([[true, 'household_number'], [true, 'household_number'], [false, 'blank_rows']]);
      const { summary, rows: page } = await preview(officer, res.body.id);
      expect(summary).toMatchObject({ rows: 6, newHouseholds: 3, newPeople: 6, errorRows: 0 });
      expect(page.items.map((r) => [r.sheetName, r.rowNumber, r.action, r.person.villageName, r.household.number, r.household.headName])).toEqual([
        ['Nà Pồng', 3, 'new_household', 'Thôn Nà Pồng', '101', 'Đặng Văn Sơn'],
        ['Nà Pồng', 4, 'new_person', 'Thôn Nà Pồng', '101', 'Đặng Văn Sơn'],
        ['Nà Pồng', 5, 'new_household', 'Thôn Nà Pồng', '102', 'Bàn Văn Tiến'],
        ['Nà Pồng', 6, 'new_person', 'Thôn Nà Pồng', '102', 'Bàn Văn Tiến'],
        ['Bản Bó', 2, 'new_household', 'Thôn Bản Bó', '101', 'Hà Văn Dũng'],
        ['Bản Bó', 3, 'new_person', 'Thôn Bản Bó', '101', 'Hà Văn Dũng'],
      ]);
      const commit = await officer.post(`/api/imports/${res.body.id}/commit`);
      expect(commit.status).toBe(200);
      const households = await t.database.db.selectFrom('households').select(['village_id', 'code']).where('import_batch_id', '=', res.body.id).orderBy('village_id').orderBy('code').execute();
      expect(households).toEqual([
        { village_id: t.org.villageA, code: '101' }, { village_id: t.org.villageA, code: '102' }, { village_id: t.org.villageB, code: '101' },
      ].sort((a, b) => a.village_id - b.village_id || a.code.localeCompare(b.code)));
    });

    it('refuses rows pointing to a village outside the area, or one that does not exist', async () => {
      const file = await workbook({
        Sheet1: (s) => rows(s, [
          ['Họ và tên', 'Năm sinh', 'Giới tính', 'Thôn', 'Quan hệ với chủ hộ'],
          ['Lý Văn Hải', 1980, 'Nam', 'Khuổi Vài', 'Chủ hộ'],
          ['Lý Văn Hùng', 1982, 'Nam', 'Thôn Mới', 'Chủ hộ'],
          ['Lý Thị Hoa', 1985, 'Nữ', 'nà pồng', 'Chủ hộ'],
        ]),
      });
      const res = await upload(officer, file, 'thon.xlsx');
      const { summary, rows: page } = await preview(officer, res.body.id);
      expect(summary).toMatchObject({ rows: 3, errorRows: 2, newPeople: 1, canCommit: false });
      expect(messages(page.items)).toEqual([
        'Dòng 2, cột «Thôn»: thôn “Khuổi Vài” ngoài phạm vi của bạn; không nhập được.',
        'Dòng 3, cột «Thôn»: không tìm thấy thôn “Thôn Mới” trong phạm vi của bạn.',
      ]);
      expect(page.items[2].person.villageId).toBe(t.org.villageA);
    });

    it('lets a village head import only into their own village', async () => {
      const file = await workbook({
        'Bản Bó': (s) => rows(s, [
          ['Họ và tên', 'Năm sinh', 'Giới tính', 'Quan hệ với chủ hộ'],
          ['Sùng A Páo', 1980, 'Nam', 'Chủ hộ'],
        ]),
        'Nà Pồng': (s) => rows(s, [
          ['Họ và tên', 'Năm sinh', 'Giới tính', 'Thôn', 'Quan hệ với chủ hộ'],
          ['Sùng Thị Mỷ', 1984, 'Nữ', 'Bản Bó', 'Chủ hộ'],
          ['Sùng A Chử', 1986, 'Nam', 'Nà Pồng', 'Chủ hộ'],
        ]),
      });
      const res = await upload(villageHead, file, 'thon-khac.xlsx');
      expect(res.status).toBe(201);
      // A sheet named after another village gets no default; the head's own village only.
      expect(res.body.villages).toEqual([{ id: t.org.villageA, name: 'Thôn Nà Pồng' }]);
      expect(res.body.mapping.sheets.map((m: { villageId: number | null }) => m.villageId)).toEqual([null, t.org.villageA]);
      const refused = await villageHead.request('PUT', `/api/imports/${res.body.id}/mapping`, { sheets: [{ sheetIndex: 0, villageId: t.org.villageB }] });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe('Thôn không tồn tại hoặc ngoài phạm vi của bạn.');
      const { rows: page, summary } = await preview(villageHead, res.body.id);
      expect(summary).toMatchObject({ errorRows: 2, newPeople: 1 });
      expect(messages(page.items)).toEqual([
        'Dòng 2, cột «Thôn»: chưa rõ thôn: chọn thôn cho trang tính hoặc ghi cột «Thôn».',
        'Dòng 2, cột «Thôn»: thôn “Bản Bó” ngoài phạm vi của bạn; không nhập được.',
      ]);
      expect(page.items.map((r) => r.sheetName)).toEqual(['Bản Bó', 'Nà Pồng', 'Nà Pồng']);
      // The commune office sees the village head's import in its history; the reverse is 404.
      const history = await officer.get('/api/imports');
      expect(history.body.items.map((b: { id: string }) => b.id)).toContain(res.body.id);
      const own = await villageHead.get('/api/imports');
      expect(own.body.items.map((b: { id: string }) => b.id)).toEqual([res.body.id]);
    });
  });

  describe('telling households apart', () => {
    it('by relation: a "Chủ hộ" row starts a household (CSV, semicolons)', async () => {
      const csv = [
        'STT;Họ và tên;Năm sinh;Giới tính;Quan hệ với chủ hộ',
        '1;Phùng Thị Yến;2001;Nữ;Con',
        '2;Phùng Văn Chiến;1960;Nam;Chủ hộ',
        '3;Phùng Thị Xuân;1962;Nữ;Vợ',
        '4;Dương Văn Việt;1990;Nam;Chủ hộ',
        '5;Dương Thị Thảo;2018;Nữ;Con gái',
      ].join('\r\n');
      const res = await upload(officer, csv, 'Thôn Bản Bó.csv');
      expect(res.body.mapping.sheets[0]).toMatchObject({ grouping: 'relation', villageId: t.org.villageB });
      const { rows: page } = await preview(officer, res.body.id);
      expect(page.items.map((r) => [r.rowNumber, r.action, r.household.headName])).toEqual([
        [2, 'needs_household', null], [3, 'new_household', 'Phùng Văn Chiến'], [4, 'new_person', 'Phùng Văn Chiến'],
        [5, 'new_household', 'Dương Văn Việt'], [6, 'new_person', 'Dương Văn Việt'],
      ]);
      // Not refused: it waits for the officer to attach it to a household or make it a head.
      expect(messages(page.items)).toEqual(['Dòng 2: không rõ thuộc hộ nào (chưa có dòng «Chủ hộ» phía trên). Chọn cho dòng này: gắn vào hộ khác, hoặc làm chủ hộ (hoặc bỏ qua nếu không nhập).']);
    });

    it('by blank rows: the first row is the head unless a relation says otherwise', async () => {
      const file = await workbook({
        'Nà Pồng': (s) => {
          s.getRow(1).values = ['Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ'];
          s.getRow(2).values = ['Vàng Văn Dua', '01/01/1950', 'Nam'];
          s.getRow(3).values = ['Vàng Thị Mỷ', '02/02/1955', 'Nữ', 'Vợ'];
          s.getRow(5).values = ['Lò Thị Hương', '03/03/1990', 'Nữ', 'Vợ'];
          s.getRow(6).values = ['Lò Văn Hải', '04/04/1988', 'Nam', 'Chủ hộ'];
          s.getRow(8).values = ['Giàng Thị Dua', '05/05/2000', 'Nữ', 'Con'];
        },
      });
      const res = await upload(officer, file, 'trong.xlsx');
      expect(res.body.mapping.sheets[0].grouping).toBe('relation');
      await officer.request('PUT', `/api/imports/${res.body.id}/mapping`, { sheets: [{ sheetIndex: 0, grouping: 'blank_rows' }] });
      const { rows: page } = await preview(officer, res.body.id);
      expect(page.items.map((r) => [r.rowNumber, r.action, r.person.relationToHead, r.household.headName])).toEqual([
        [2, 'new_household', 'head', 'Vàng Văn Dua'], [3, 'new_person', 'spouse', 'Vàng Văn Dua'],
        [5, 'new_person', 'spouse', 'Lò Văn Hải'], [6, 'new_household', 'head', 'Lò Văn Hải'],
        [8, 'needs_household', 'child', null],
      ]);
      expect(messages(page.items)).toEqual(['Dòng 8: hộ mới chưa có chủ hộ (không có dòng nào ghi quan hệ «Chủ hộ»). Chọn cho dòng này: gắn vào hộ khác, hoặc làm chủ hộ (hoặc bỏ qua nếu không nhập).']);
    });

    it('by the "Chủ hộ" column: a household without its head row waits for a head', async () => {
      const file = await workbook({
        'Nà Pồng': (s) => rows(s, [
          ['Họ và tên', 'Năm sinh', 'Giới tính', 'Họ tên chủ hộ'],
          ['Hà Văn Nam', 1970, 'Nam', 'Hà Văn Nam'],
          ['Hà Thị Linh', 2000, 'Nữ', 'Hà Văn Nam'],
          ['Hà Thị Chi', 2003, 'Nữ', 'Hà Văn Phúc'],
        ]),
      });
      const res = await upload(officer, file, 'chu-ho.xlsx');
      expect(res.body.mapping.sheets[0].grouping).toBe('head_column');
      const { rows: page } = await preview(officer, res.body.id);
      expect(page.items.map((r) => [r.rowNumber, r.action])).toEqual([[2, 'new_household'], [3, 'new_person'], [4, 'needs_household']]);
      expect(messages(page.items)).toEqual(['Dòng 4: hộ mới chưa có chủ hộ (không có dòng nào là chủ hộ «Hà Văn Phúc»). Chọn cho dòng này: gắn vào hộ khác, hoặc làm chủ hộ (hoặc bỏ qua nếu không nhập).']);
    });

    it('reads the old forms\' "Nam" | "Nữ" date columns under a merged "Ngày sinh"', async () => {
      const file = await workbook({
        'Nà Pồng': (s) => {
          s.getRow(1).values = ['STT', 'Họ và tên', 'Ngày sinh', null, 'Quan hệ với chủ hộ'];
          s.getRow(2).values = [null, null, 'Nam', 'Nữ', null];
          s.mergeCells('A1:A2');
          s.mergeCells('B1:B2');
          s.mergeCells('C1:D1');
          s.mergeCells('E1:E2');
          s.getRow(3).values = [1, 'Lương Văn Thắng', '12/12/1966', null, 'Chủ hộ'];
          s.getRow(4).values = [2, 'Lương Thị Vân', null, 1968, 'Vợ'];
          s.getRow(5).values = [3, 'Lương Minh Quân', 'x', null, 'Con'];
        },
      });
      const res = await upload(officer, file, 'nam-nu.xlsx');
      expect(res.body.sheets[0].headers).toEqual(['STT', 'Họ và tên', 'Ngày sinh Nam', 'Ngày sinh Nữ', 'Quan hệ với chủ hộ']);
      expect(res.body.mapping.sheets[0]).toMatchObject({ headerRow: 1, dataStartRow: 3, columns: [null, 'fullName', 'birthDateMale', 'birthDateFemale', 'relationToHead'] });
      const { rows: page } = await preview(officer, res.body.id);
      expect(brief(page.items)).toEqual([
        [3, 'new_household', 'Lương Văn Thắng', 'male', '1966-12-12', 1966, null, 'head'],
        [4, 'new_person', 'Lương Thị Vân', 'female', null, 1968, null, 'spouse'],
        [5, 'error', 'Lương Minh Quân', 'male', null, null, null, 'child'],
      ]);
      expect(messages(page.items)).toEqual(['Dòng 5, cột «Ngày sinh Nam»: thiếu ngày sinh hoặc năm sinh.']);
    });
  });

  describe('the mapping', () => {
    it('is the officer\'s to change, and is remembered for the next file with the same headers', async () => {
      const make = (name: string) => workbook({
        Sheet1: (s) => rows(s, [
          ['DANH SÁCH'],
          ['TT', 'Tên người', 'Sinh năm', 'Phái', 'Ghi chú'],
          [1, name, 1990, 'Nam', 'Thôn Nà Pồng'],
        ]),
      });
      const first = await upload(officer, await make('Đinh Văn Đạt'), 'lan-1.xlsx');
      // "Tên người" is not recognised: without a name column there is no header row.
      expect(first.status).toBe(400);
      expect(first.body.error.code).toBe('import_no_header');

      const recognisable = (name: string) => workbook({
        Sheet1: (s) => rows(s, [
          ['DANH SÁCH'],
          ['TT', 'Họ tên', 'Sinh năm', 'Phái', 'Nơi ở'],
          [1, name, 1990, 'Nam', 'Nà Pồng'],
        ]),
      });
      const second = await upload(officer, await recognisable('Đinh Văn Đạt'), 'lan-2.xlsx');
      expect(second.body.mapping.sheets[0].columns).toEqual([null, 'fullName', 'birthYear', 'sex', 'address']);
      const changed = await officer.request('PUT', `/api/imports/${second.body.id}/mapping`, {
        sheets: [{ sheetIndex: 0, columns: [null, 'fullName', 'birthYear', 'sex', 'village'] }],
      });
      expect(changed.status).toBe(200);
      expect(changed.body.sheets[0].mappingSource).toBe('officer');
      const twice = await officer.request('PUT', `/api/imports/${second.body.id}/mapping`, { sheets: [{ sheetIndex: 0, columns: [null, 'fullName', 'fullName', 'sex', null] }] });
      expect(twice.status).toBe(400);
      expect(twice.body.error.message).toBe('Trang «Sheet1»: trường «Họ và tên» được chọn cho hai cột (B và C).');

      const third = await upload(officer, await recognisable('Đinh Thị Trang'), 'lan-3.xlsx');
      expect(third.body.sheets[0].mappingSource).toBe('remembered');
      expect(third.body.mapping.sheets[0].columns).toEqual([null, 'fullName', 'birthYear', 'sex', 'village']);
      const { rows: page } = await preview(officer, third.body.id);
      expect(page.items[0].person).toMatchObject({ fullName: 'Đinh Thị Trang', villageId: t.org.villageA, birthYear: 1990 });
    });

    it('re-reads headers from another header row the officer picks', async () => {
      const file = await workbook({ Sheet1: (s) => rows(s, [['Họ và tên', 'Ngày sinh'], ['Họ tên', 'Năm sinh', 'Giới tính'], ['Lò Văn Tài', 1999, 'Nam']]) });
      const res = await upload(officer, file, 'hai-tieu-de.xlsx');
      expect(res.body.mapping.sheets[0].headerRow).toBe(2);
      const moved = await officer.request('PUT', `/api/imports/${res.body.id}/mapping`, { sheets: [{ sheetIndex: 0, headerRow: 1 }] });
      expect(moved.body.sheets[0].headers).toEqual(['Họ và tên', 'Ngày sinh', '']);
      expect(moved.body.mapping.sheets[0]).toMatchObject({ headerRow: 1, dataStartRow: 2, columns: ['fullName', 'birthDate', null] });
      const bad = await officer.request('PUT', `/api/imports/${res.body.id}/mapping`, { sheets: [{ sheetIndex: 0, headerRow: 3, dataStartRow: 2 }] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe('Dòng dữ liệu đầu tiên phải nằm dưới dòng tiêu đề.');
    });
  });

  describe('large files', () => {
    it('pages the rows and the problems', async () => {
      const lines = ['Họ và tên,Năm sinh,Giới tính,Quan hệ với chủ hộ'];
      for (let i = 0; i < 300; i++) lines.push(`Người Thứ ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))},${i % 10 === 0 ? 'không rõ' : 1950 + (i % 50)},${i % 2 ? 'Nữ' : 'Nam'},Chủ hộ`);
      const res = await upload(officer, lines.join('\n'), 'Nà Pồng.csv');
      const first = await preview(officer, res.body.id, 'page=1&pageSize=100');
      const third = await preview(officer, res.body.id, 'page=3&pageSize=100');
      expect(first.rows).toMatchObject({ total: 300, page: 1, pageSize: 100 });
      expect(first.rows.items.map((r) => r.rowNumber).slice(0, 2)).toEqual([2, 3]);
      expect(third.rows.items.map((r) => r.rowNumber).at(-1)).toBe(301);
      const errors = await preview(officer, res.body.id, 'show=errors&pageSize=7');
      expect(errors.rows.total).toBe(30);
      expect(errors.rows.items.map((r) => r.rowNumber)).toEqual([2, 12, 22, 32, 42, 52, 62]);
      const problems = await officer.get(`/api/imports/${res.body.id}/problems?level=error&page=2&pageSize=10`);
      expect(problems.body.total).toBe(30);
      expect(problems.body.items[0]).toEqual({
        sheetIndex: 0, sheetName: 'Nà Pồng', rowNumber: 102, level: 'error', field: 'birthYear', column: 'Năm sinh',
        message: 'Dòng 102, cột «Năm sinh»: không đọc được năm sinh “không rõ”.',
      });
    });
  });

  describe('discarding', () => {
    it('deletes the uploaded rows and closes the batch', async () => {
      const res = await upload(officer, 'Họ và tên,Năm sinh,Giới tính\nNgô Văn Sáu,1960,Nam\n', 'Nà Pồng.csv');
      const discarded = await officer.delete(`/api/imports/${res.body.id}`);
      expect(discarded.status).toBe(200);
      expect(discarded.body.status).toBe('discarded');
      expect(discarded.body.sheets[0].topRows).toEqual([]);
      expect(await t.database.db.selectFrom('import_rows').select('row_number').where('batch_id', '=', res.body.id).execute()).toEqual([]);
      const commit = await officer.post(`/api/imports/${res.body.id}/commit`);
      expect(commit.status).toBe(409);
      expect(commit.body.error.message).toBe('Lần nhập này đã bị hủy. Hãy tải tệp lên lại để nhập lần mới.');
    });
  });
});
