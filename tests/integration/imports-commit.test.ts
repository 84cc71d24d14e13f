// Committing imports, through HTTP: every problem a row can have and its message, fixes,
// skips and confirmations; matches to people already there (by CCCD, else by name, birth and
// household) and the fields they update; one transaction for all rows or none; the plan made
// again inside the commit; undo, and undo refused once the records changed; scope.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { sheetFile, uploadBatch as upload } from '../support/imports.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';

type PreviewRow = {
  rowNumber: number; action: string; person: Record<string, unknown>; match: { personId: string; by: string } | null;
  changes: Array<{ field: string; label: string; from: unknown; to: unknown }>; problems: Array<{ level: string; message: string }>;
};

async function preview(client: Client, id: string) {
  const res = await client.get(`/api/imports/${id}/preview?pageSize=500`);
  if (res.status !== 200) throw new Error(`preview ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { summary: Record<string, number | boolean>; rows: { items: PreviewRow[] } };
}

const HEADER = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Quan hệ với chủ hộ', 'Số hộ', 'Số điện thoại'];
const THIS_YEAR = new Date().getFullYear();

describeEachEngine('imports: commit and undo', (engine) => {
  let t: TestApp;
  let officer: Client;

  const count = async (table: 'households' | 'people' | 'residences' | 'import_changes' | 'audit_log' | 'import_rows') =>
    (await t.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const counts = async () => ({
    households: await count('households'), people: await count('people'), residences: await count('residences'),
    changes: await count('import_changes'), audit: await count('audit_log'),
  });

  /** A household inserted as it would be by the registry pages: code, head, members with sex and relation. */
  async function household(villageId: number, code: string | null, people: Array<{ name: string; sex: 'male' | 'female'; year: number; date?: string; cccd?: string; relation: string; phone?: string }>) {
    const householdId = uuidv7();
    const ids = people.map(() => uuidv7());
    await t.database.db.transaction().execute(async (trx) => {
      await trx.insertInto('households').values({ id: householdId, village_id: villageId, code, head_person_id: ids[0] }).execute();
      for (const [i, p] of people.entries()) {
        await trx.insertInto('people').values({
          id: ids[i], household_id: householdId, village_id: villageId, full_name: p.name, sex: p.sex, birth_year: p.year, birth_date: p.date ?? null,
          cccd: p.cccd ?? null, relation_to_head: p.relation, phone: p.phone ?? null,
        }).execute();
        await trx.insertInto('residences').values({ id: uuidv7(), person_id: ids[i], household_id: householdId, village_id: villageId, from_date: '2020-01-01', start_reason: 'registry' }).execute();
      }
    });
    return { householdId, ids };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.login(t.usernames.culture_office);
  });
  afterAll(async () => { await t?.close(); });

  describe('problems, fixes, skips and confirmations', () => {
    let id: string;
    beforeAll(async () => {
      await household(t.org.villageB, null, [{ name: 'Hoàng Văn Cũ', sex: 'male', year: 1970, cccd: '008080000555', relation: 'head' }]);
      id = (await upload(officer, await sheetFile('Nà Pồng', [
        HEADER,
        [1, 'Nguyễn Văn Một', '31/02/1987', 'Nam', null, 'Chủ hộ', 1],
        [2, 'Nguyễn Thị Hai', '01/01/2090', 'Nữ', null, 'Vợ', 1],
        [3, 'Trần Văn Ba', '1890', 'Nam', null, 'Chủ hộ', 2],
        [4, 'Trần Thị Bốn', '1990', 'Nữ', 'ABC123', 'Vợ', 2],
        [5, 'Lê Văn Năm', '1985', 'Nam', '999085000111', 'Chủ hộ', 3],
        [6, 'Lê Thị Sáu', '1987', 'Nữ', '008087000666', 'Vợ', 3],
        [7, 'Lê Văn Bảy', '1987', 'Nam', '008 087 000 666', 'Con', 3],
        [8, 'Phạm Văn Tám', '1980', 'Nam', '008080000555', 'Chủ hộ', 4],
        [9, 'Phạm Thị Chín', '1982', '?', null, 'Vợ', 5],
        [10, null, '1990', 'Nam', null, 'Chủ hộ', 6],
        [11, 'Đỗ Thị Mười Một', '12/12/1999', null, '123456789', 'Chủ hộ', 7],
        [12, 'Đỗ Văn Mười Hai', '2001', 'Nam', null, 'Con', 7],
      ]))).id;
    });

    it('lists every problem by row and column, in Vietnamese', async () => {
      const { summary, rows } = await preview(officer, id);
      expect(rows.items.map((r) => [r.rowNumber, r.action, r.problems.map((p) => `${p.level}: ${p.message}`)])).toEqual([
        [2, 'error', [
          'error: Dòng 2, cột «Ngày sinh»: không đọc được ngày “31/02/1987”.',
          'info: Dòng 2: dòng 3 cùng hộ đang chờ dòng này. Nếu bỏ qua dòng này, cần chọn hộ khác cho dòng đó hoặc chọn một người làm chủ hộ.',
        ]],
        [3, 'error', [
          'error: Dòng 3, cột «Ngày sinh»: ngày sinh “01/01/2090” ở tương lai.',
          'info: Dòng 3: chủ hộ «Nguyễn Văn Một» (dòng 2) có lỗi nên hộ này chưa tạo được. Sửa dòng 2, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.',
        ]],
        [4, 'error', [
          `error: Dòng 4, cột «Ngày sinh»: năm sinh 1890 không hợp lý (${THIS_YEAR - 1890} tuổi).`,
          'info: Dòng 4: dòng 5 cùng hộ đang chờ dòng này. Nếu bỏ qua dòng này, cần chọn hộ khác cho dòng đó hoặc chọn một người làm chủ hộ.',
        ]],
        [5, 'error', [
          'error: Dòng 5, cột «Số CCCD»: số CCCD chỉ gồm chữ số (“ABC123”).',
          'info: Dòng 5: chủ hộ «Trần Văn Ba» (dòng 4) có lỗi nên hộ này chưa tạo được. Sửa dòng 4, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.',
        ]],
        [6, 'error', [
          'error: Dòng 6, cột «Số CCCD»: mã tỉnh nơi đăng ký khai sinh "999" (3 chữ số đầu) không có trong danh mục (“999085000111”).',
          'info: Dòng 6: dòng 7 và dòng 8 cùng hộ đang chờ dòng này. Nếu bỏ qua dòng này, cần chọn hộ khác cho các dòng đó hoặc chọn một người làm chủ hộ.',
        ]],
        // No error of its own: it waits for its head (row 6), it is not refused with it.
        [7, 'needs_household', [
          'warning: Dòng 7, cột «Số CCCD»: chữ số thứ 4 (0) ứng với giới tính nam, khác giới tính đã khai (nữ).',
          'info: Dòng 7: chủ hộ «Lê Văn Năm» (dòng 6) có lỗi nên hộ này chưa tạo được. Sửa dòng 6, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.',
        ]],
        [8, 'error', [
          'error: Dòng 8, cột «Số CCCD»: số CCCD trùng với dòng 7 («Lê Thị Sáu»); kiểm tra lại số của hai dòng.',
          'info: Dòng 8: chủ hộ «Lê Văn Năm» (dòng 6) có lỗi nên hộ này chưa tạo được. Sửa dòng 6, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.',
        ]],
        [9, 'error', ['error: Dòng 9, cột «Số CCCD»: số CCCD đã được dùng cho nhân khẩu khác: «Hoàng Văn Cũ» (sinh 1970), Thôn Bản Bó.']],
        [10, 'error', [
          'error: Dòng 10, cột «Giới tính»: không hiểu giới tính “?” (ghi Nam hoặc Nữ).',
          'info: Dòng 10: hộ mới chưa có chủ hộ (không có dòng nào ghi quan hệ «Chủ hộ»). Chọn cho dòng này: gắn vào hộ khác, hoặc làm chủ hộ (hoặc bỏ qua nếu không nhập).',
        ]],
        [11, 'error', ['error: Dòng 11, cột «Họ và tên»: thiếu họ và tên.']],
        [12, 'error', [
          'warning: Dòng 12, cột «Giới tính»: không ghi giới tính; đoán là Nữ theo tên đệm, kiểm tra lại.',
          'error: Dòng 12, cột «Số CCCD»: số CCCD “123456789” có 9 chữ số, cần đúng 12; có thể đây là số CMND 9 số cũ.',
          'info: Dòng 12: dòng 13 cùng hộ đang chờ dòng này. Nếu bỏ qua dòng này, cần chọn hộ khác cho dòng đó hoặc chọn một người làm chủ hộ.',
        ]],
        [13, 'needs_household', ['info: Dòng 13: chủ hộ «Đỗ Thị Mười Một» (dòng 12) có lỗi nên hộ này chưa tạo được. Sửa dòng 12, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.']],
      ]);
      expect(summary).toMatchObject({ rows: 12, blankRows: 0, errorRows: 10, needsHouseholdRows: 2, warningRows: 2, unconfirmedWarningRows: 0, newPeople: 0, canCommit: false });
    });

    it('refuses to commit while errors remain, and writes nothing', async () => {
      const before = await counts();
      const res = await officer.post(`/api/imports/${id}/commit`);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'import_has_errors', message: 'Còn 10 dòng có lỗi. Hãy sửa hoặc bỏ qua các dòng đó rồi ghi lại; chưa có gì được ghi.' });
      expect(res.body.error.summary.errorRows).toBe(10);
      expect(await counts()).toEqual(before);
    });

    it('takes fixes and skips, then asks to confirm warnings, then commits exactly the rows left', async () => {
      const fix = (row: number, body: unknown) => officer.patch(`/api/imports/${id}/rows/0/${row}`, body);
      const fixed = await fix(2, { fixes: { birthDate: '28/02/1987' } });
      expect(fixed.status).toBe(200);
      expect(fixed.body.row).toMatchObject({ rowNumber: 2, action: 'new_household', fixes: { birthDate: '28/02/1987' }, person: { birthDate: '1987-02-28' } });
      expect(fixed.body.summary.errorRows).toBe(9);
      await fix(3, { fixes: { birthDate: '1/1/1990' } });
      const cleared = await fix(6, { fixes: { cccd: '' } });
      expect(cleared.body.row).toMatchObject({ action: 'new_household', person: { cccd: null } });
      const skipped = await fix(8, { skip: true });
      expect(skipped.body.row).toMatchObject({ action: 'skipped', skipped: true });
      const sex = await fix(12, { fixes: { sex: 'Nữ', cccd: null } });
      expect(sex.body.row.problems).toEqual([]);
      expect((await fix(99, { skip: true })).status).toBe(404);

      const bulk = await officer.post(`/api/imports/${id}/skip-errors`);
      expect(bulk.status).toBe(200);
      expect(bulk.body.skipped).toBe(5); // rows 4, 5, 9, 10, 11
      expect(bulk.body.summary).toMatchObject({ errorRows: 0, skippedRows: 6, unconfirmedWarningRows: 1, canCommit: false });

      const unconfirmed = await officer.post(`/api/imports/${id}/commit`);
      expect(unconfirmed.status).toBe(409);
      expect(unconfirmed.body.error).toMatchObject({ code: 'needs_confirmation', message: 'Còn 1 dòng có cảnh báo chưa được xác nhận. Hãy kiểm tra rồi xác nhận; chưa có gì được ghi.' });
      const confirmed = await fix(7, { confirmWarnings: true });
      expect(confirmed.body.summary.canCommit).toBe(true);

      const before = await counts();
      const res = await officer.post(`/api/imports/${id}/commit`);
      expect(res.status).toBe(200);
      expect(res.body.summary).toMatchObject({ newHouseholds: 3, newPeople: 6, updatedPeople: 0, skippedRows: 6 });
      const people = await t.database.db.selectFrom('people as p').innerJoin('households as h', 'h.id', 'p.household_id')
        .select(['p.full_name', 'p.sex', 'p.birth_date', 'p.birth_year', 'p.cccd', 'p.relation_to_head', 'h.code'])
        .where('p.import_batch_id', '=', id).orderBy('h.code').orderBy('p.relation_to_head', 'desc').orderBy('p.full_name').execute();
      expect(people.map((p) => [p.code, p.full_name, p.sex, p.birth_date, p.birth_year, p.cccd, p.relation_to_head])).toEqual([
        ['1', 'Nguyễn Thị Hai', 'female', '1990-01-01', 1990, null, 'spouse'],
        ['1', 'Nguyễn Văn Một', 'male', '1987-02-28', 1987, null, 'head'],
        ['3', 'Lê Thị Sáu', 'female', null, 1987, '008087000666', 'spouse'],
        ['3', 'Lê Văn Năm', 'male', null, 1985, null, 'head'],
        ['7', 'Đỗ Thị Mười Một', 'female', '1999-12-12', 1999, null, 'head'],
        ['7', 'Đỗ Văn Mười Hai', 'male', null, 2001, null, 'child'],
      ]);
      expect(await counts()).toEqual({
        households: before.households + 3, people: before.people + 6, residences: before.residences + 6,
        changes: before.changes + 9, audit: before.audit + 3 + 6 + 1,
      });
    });
  });

  describe('matching people already there', () => {
    let family: { householdId: string; ids: string[] };
    let firstId: string;
    let file: Buffer;
    beforeAll(async () => {
      family = await household(t.org.villageA, '15', [
        { name: 'Hoàng Văn Bình', sex: 'male', year: 1970, cccd: '008070000101', relation: 'head' },
        { name: 'Lý Thị Hoa', sex: 'female', year: 1972, relation: 'child' },
        { name: 'Hoàng Văn Cường', sex: 'male', year: 2000, date: '2000-06-01', relation: 'child' },
      ]);
      file = await sheetFile('Nà Pồng', [
        HEADER,
        [1, 'Hoàng Văn Bình', '1970', 'Nam', 8070000101, 'Chủ hộ', 15, '0912 000 999'],
        [2, 'Lý Thị Hoa'.normalize('NFD'), '12/05/1972', 'Nữ', null, 'Vợ', 15],
        [3, 'HOÀNG VĂN CƯỜNG', '2000', 'Nam', null, 'Con', 15],
        [4, 'Hoàng Thị Dung', '2005', 'Nữ', null, 'Con gái', 15],
      ]);
      firstId = (await upload(officer, file)).id;
    });

    it('matches by CCCD, else by name, birth and household, and lists what changes', async () => {
      const { summary, rows } = await preview(officer, firstId);
      expect(summary).toMatchObject({ rows: 4, newHouseholds: 0, matchedHouseholds: 1, newPeople: 1, updatedPeople: 2, unchangedPeople: 1, errorRows: 0, canCommit: true });
      expect(rows.items.map((r) => [r.rowNumber, r.action, r.match, r.changes.map((c) => [c.label, c.from, c.to])])).toEqual([
        [2, 'update', { personId: family.ids[0], by: 'cccd' }, [['Số điện thoại', null, '0912000999']]],
        [3, 'update', { personId: family.ids[1], by: 'name_birth_household' }, [['Ngày sinh', null, '1972-05-12'], ['Quan hệ với chủ hộ', 'child', 'spouse']]],
        [4, 'unchanged', { personId: family.ids[2], by: 'name_birth_household' }, []],
        [5, 'new_person', null, []],
      ]);
    });

    it('commits the updates with new versions and an undo record; undo restores them and removes the new person', async () => {
      const before = await counts();
      const res = await officer.post(`/api/imports/${firstId}/commit`);
      expect(res.status).toBe(200);
      const person = (pid: string) => t.database.db.selectFrom('people').select(['full_name', 'phone', 'birth_date', 'relation_to_head', 'version', 'household_id']).where('id', '=', pid).executeTakeFirstOrThrow();
      expect(await person(family.ids[0])).toMatchObject({ phone: '0912000999', version: 2 });
      expect(await person(family.ids[1])).toMatchObject({ birth_date: '1972-05-12', relation_to_head: 'spouse', version: 2 });
      expect(await person(family.ids[2])).toMatchObject({ version: 1 });
      const created = await t.database.db.selectFrom('people').select(['id', 'household_id', 'relation_to_head']).where('import_batch_id', '=', firstId).execute();
      expect(created).toEqual([{ id: created[0].id, household_id: family.householdId, relation_to_head: 'child' }]);
      const changes = await t.database.db.selectFrom('import_changes').select(['entity', 'entity_id', 'action', 'before', 'version_after']).where('batch_id', '=', firstId).orderBy('action').orderBy('entity_id').execute();
      expect(changes).toEqual([
        { entity: 'person', entity_id: created[0].id, action: 'create', before: null, version_after: 1 },
        ...[
          { entity: 'person', entity_id: family.ids[0], action: 'update', before: expect.objectContaining({ phone: null, cccd: '008070000101' }), version_after: 2 },
          { entity: 'person', entity_id: family.ids[1], action: 'update', before: expect.objectContaining({ birth_date: null, relation_to_head: 'child' }), version_after: 2 },
        ].sort((a, b) => a.entity_id.localeCompare(b.entity_id)),
      ]);
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'entity_id', 'before', 'after']).where('entity_id', '=', family.ids[0]).where('action', '=', 'update').executeTakeFirstOrThrow();
      expect(audit.before).toMatchObject({ phone: null, cccd: '0080******01' });
      expect(audit.after).toMatchObject({ phone: '0912000999', cccd: '0080******01' });
      // The imported phone is an edit made now: a phone's older offline edit will not overwrite it.
      const edits = await t.database.db.selectFrom('field_edits').select(['entity', 'field', 'value', 'applied']).where('entity_id', '=', family.ids[0]).execute();
      expect(edits).toEqual([{ entity: 'person', field: 'phone', value: '0912000999', applied: true }]);
      expect(await counts()).toMatchObject({ people: before.people + 1, households: before.households });

      const undo = await officer.post(`/api/imports/${firstId}/undo`);
      expect(undo.status).toBe(200);
      expect(undo.body.status).toBe('undone');
      expect(await person(family.ids[0])).toMatchObject({ phone: null, version: 3 });
      expect(await person(family.ids[1])).toMatchObject({ birth_date: null, relation_to_head: 'child', version: 3 });
      expect(await t.database.db.selectFrom('people').select('id').where('id', '=', created[0].id).execute()).toEqual([]);
      expect(await counts()).toMatchObject({ people: before.people, households: before.households, residences: before.residences });
      const undoAudit = await t.database.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where(sql<boolean>`detail->>'undo' = 'true'`).execute();
      expect(undoAudit.map((a) => `${a.action} ${a.entity}`).sort()).toEqual(['delete person', 'update person', 'update person']);
      expect(await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', firstId).where('action', '=', 'undo_import').execute()).toHaveLength(1);
      const again = await officer.post(`/api/imports/${firstId}/undo`);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe('Lần nhập này đã được hoàn tác rồi.');
    });

    it('refuses undo once a record it wrote has been edited, naming how many', async () => {
      const second = (await upload(officer, file)).id;
      expect((await officer.post(`/api/imports/${second}/commit`)).status).toBe(200);
      const detail = await officer.get(`/api/people/${family.ids[0]}`);
      const edit = await officer.patch(`/api/people/${family.ids[0]}`, { version: detail.body.version, phone: '0977000111' });
      expect(edit.status).toBe(200);
      const created = await t.database.db.selectFrom('people').select(['id']).where('import_batch_id', '=', second).executeTakeFirstOrThrow();
      const moved = await officer.post(`/api/people/${created.id}/end-residence`, { reason: 'moved_out', date: todayInVietnam() });
      expect(moved.status).toBe(200);
      const before = await counts();
      const undo = await officer.post(`/api/imports/${second}/undo`);
      expect(undo.status).toBe(409);
      expect(undo.body.error).toMatchObject({
        code: 'import_changed_since',
        message: 'Không thể hoàn tác: 2 bản ghi (2 nhân khẩu) đã được thay đổi sau khi nhập. Hãy sửa trực tiếp các bản ghi đó.',
        changed: 2, people: 2, households: 0,
      });
      expect(await counts()).toEqual(before);
      expect((await officer.get(`/api/imports/${second}`)).body.status).toBe('committed');
    });

    it('matches a household by its head\'s name and birth when it has no number', async () => {
      const existing = await household(t.org.villageB, null, [
        { name: 'Ma Văn Tú', sex: 'male', year: 1965, relation: 'head' },
        { name: 'Ma Thị Lan', sex: 'female', year: 1968, relation: 'spouse' },
      ]);
      const other = await household(t.org.villageB, null, [{ name: 'Sầm Văn Lợi', sex: 'male', year: 1950, cccd: '008050000777', relation: 'head' }]);
      const id = (await upload(officer, await sheetFile('Bản Bó', [
        ['Họ và tên', 'Năm sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'CCCD'],
        ['Ma Văn Tú', 1965, 'Nam', 'Chủ hộ'],
        ['Ma Thị Lan', 1968, 'Nữ', 'Vợ'],
        ['Ma Văn Hùng', 1995, 'Nam', 'Con'],
        ['Sầm Văn Lợi', 1950, 'Nam', 'Bố', '008050000777'],
      ]))).id;
      const { rows } = await preview(officer, id);
      expect(rows.items.map((r) => [r.rowNumber, r.action, r.match?.personId ?? null])).toEqual([
        [2, 'unchanged', existing.ids[0]], [3, 'unchanged', existing.ids[1]], [4, 'new_person', null], [5, 'error', null],
      ]);
      expect(rows.items[3].problems.map((p) => p.message)).toEqual([
        'Dòng 5, cột «CCCD»: «Sầm Văn Lợi» (sinh 1950) (theo số CCCD) đang ở hộ (chủ hộ «Sầm Văn Lợi», Thôn Bản Bó); nhập tệp không chuyển hộ — dùng chức năng chuyển hộ.',
      ]);
      expect(other.ids).toHaveLength(1);
    });
  });

  describe('one transaction', () => {
    const file = () => sheetFile('Nà Pồng', [
      HEADER,
      [1, 'Vi Văn Toàn', '1980', 'Nam', null, 'Chủ hộ', 41],
      [2, 'Vi Thị Tâm', '1982', 'Nữ', null, 'Vợ', 41],
      [3, 'Hứa Văn Thành', '1975', 'Nam', '008075000888', 'Chủ hộ', 42],
      [4, 'Hứa Thị Thu', '1978', 'Nữ', null, 'Vợ', 42],
    ]);

    it('writes all rows or none: a failure at the very end leaves nothing behind', async () => {
      const id = (await upload(officer, await file())).id;
      await sql`CREATE FUNCTION fail_import_batch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.action = 'import' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$`.execute(t.database.db);
      await sql`CREATE TRIGGER fail_import_batch BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_import_batch()`.execute(t.database.db);
      const before = await counts();
      const rowsBefore = await count('import_rows');
      try {
        const res = await officer.post(`/api/imports/${id}/commit`);
        expect(res.status).toBe(500);
      } finally {
        await sql`DROP TRIGGER fail_import_batch ON audit_log`.execute(t.database.db);
        await sql`DROP FUNCTION fail_import_batch()`.execute(t.database.db);
      }
      expect(await counts()).toEqual(before);
      expect(await count('import_rows')).toBe(rowsBefore);
      expect(await t.database.db.selectFrom('people').select('id').where('import_batch_id', '=', id).execute()).toEqual([]);
      expect((await officer.get(`/api/imports/${id}`)).body.status).toBe('uploaded');
      const retry = await officer.post(`/api/imports/${id}/commit`);
      expect(retry.status).toBe(200);
      expect(retry.body.summary).toMatchObject({ newHouseholds: 2, newPeople: 4 });
    });

    it('plans again inside the commit: a CCCD taken since the preview stops it', async () => {
      const id = (await upload(officer, await sheetFile('Nà Pồng', [
        HEADER,
        [1, 'Quan Văn Mạnh', '1983', 'Nam', '008083000999', 'Chủ hộ', 51],
      ]))).id;
      expect((await preview(officer, id)).summary).toMatchObject({ newHouseholds: 1, canCommit: true });
      const taken = await officer.post('/api/households', {
        villageId: t.org.villageB, head: { fullName: 'Nông Văn Khác', sex: 'male', birthYear: 1961, cccd: '008083000999', confirmWarnings: true },
      });
      expect(taken.status).toBe(201);
      const res = await officer.post(`/api/imports/${id}/commit`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('import_has_errors');
      const { rows } = await preview(officer, id);
      expect(rows.items[0].problems.map((p) => p.message)).toEqual(['Dòng 2, cột «Số CCCD»: số CCCD đã được dùng cho nhân khẩu khác: «Nông Văn Khác» (sinh 1961), Thôn Bản Bó.']);
    });

    it('refuses undo when someone joined a household the import created', async () => {
      const id = (await upload(officer, await sheetFile('Nà Pồng', [HEADER, [1, 'Tô Văn Hiếu', '1979', 'Nam', null, 'Chủ hộ', 61]]))).id;
      expect((await officer.post(`/api/imports/${id}/commit`)).status).toBe(200);
      const created = await t.database.db.selectFrom('households').select('id').where('import_batch_id', '=', id).executeTakeFirstOrThrow();
      const joined = await officer.post('/api/people', { householdId: created.id, fullName: 'Tô Thị Mới', sex: 'female', birthYear: 2020, relationToHead: 'child' });
      expect(joined.status).toBe(201);
      const undo = await officer.post(`/api/imports/${id}/undo`);
      expect(undo.status).toBe(409);
      expect(undo.body.error.message).toBe('Không thể hoàn tác: 1 bản ghi (1 hộ) đã được thay đổi sau khi nhập. Hãy sửa trực tiếp các bản ghi đó.');
    });
  });

  describe('scope', () => {
    it('answers 404 for a batch of another area, and 403 to roles that may not import', async () => {
      const id = (await upload(officer, await sheetFile('Nà Pồng', [HEADER, [1, 'Lục Văn Xa', '1970', 'Nam', null, 'Chủ hộ', 71]]))).id;
      const head = await t.login(t.usernames.village_head);
      for (const res of [
        await head.get(`/api/imports/${id}`),
        await head.get(`/api/imports/${id}/preview`),
        await head.patch(`/api/imports/${id}/rows/0/2`, { skip: true }),
        await head.post(`/api/imports/${id}/commit`),
        await head.post(`/api/imports/${id}/undo`),
        await head.delete(`/api/imports/${id}`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe('Không tìm thấy lần nhập hoặc bạn không có quyền xem.');
      }
      const leader = await t.login(t.usernames.commune_leader);
      expect((await leader.get('/api/imports')).status).toBe(403);
      expect((await leader.post(`/api/imports/${id}/commit`)).status).toBe(403);
    });
  });
});
