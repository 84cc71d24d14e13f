import { describe, expect, it } from 'vitest';
import type { ImportField, SheetMapping } from '../../../shared/imports.ts';
import { parseRow } from './parse-row.ts';
import { planImport } from './plan-import.ts';
import type { ExistingHousehold, ExistingPerson, PlanContext } from './plan-types.ts';

const VILLAGE = { id: 7, name: 'Thôn Nà Pồng' };
const HEADERS = ['Họ và tên', 'Năm sinh', 'Giới tính', 'Quan hệ', 'Chủ hộ', 'Số hộ'];
const COLUMNS: ImportField[] = ['fullName', 'birthYear', 'sex', 'relationToHead', 'headName', 'householdNumber'];

function plan(cells: Array<Array<string | null>>, grouping: SheetMapping['grouping'], existing: Partial<PlanContext> = {}, skip: number[] = []) {
  const mapping: SheetMapping = { sheetIndex: 0, include: true, headerRow: 1, dataStartRow: 2, columns: COLUMNS, villageId: VILLAGE.id, grouping };
  const sheet = { index: 0, name: 'Nà Pồng', headers: HEADERS };
  const context: PlanContext = { today: '2026-06-15', villages: [VILLAGE], outsideVillages: [], byCccd: new Map(), households: [], people: [], ...existing };
  const parsed = cells.map((row, i) => parseRow({ sheetIndex: 0, rowNumber: i + 2, cells: row, fixes: null, skip: skip.includes(i + 2), confirmWarnings: false }, sheet, mapping, context));
  return planImport([sheet], { sheets: [mapping], confirmWarnings: false, residentSince: null }, parsed, context);
}

const person = (id: string, household: string, name: string, year: number, relation = 'child', sex: 'male' | 'female' = 'male'): ExistingPerson => ({
  id, household_id: household, village_id: VILLAGE.id, full_name: name, sex, birth_date: null, birth_year: year, ethnicity: null,
  phone: null, cccd: null, relation_to_head: relation, note: null, status: 'resident', version: 1, in_scope: true,
});
const home = (id: string, head: string | null, code: string | null = null): ExistingHousehold => ({ id, village_id: VILLAGE.id, code, address: '', hamlet_group: null, head_person_id: head, version: 1 });

describe('planning', () => {
  it('takes an "x" in the "Chủ hộ" column as the head, the rows below as the household', () => {
    const result = plan([
      ['Lò Văn Tài', '1970', 'Nam', null, 'x', null],
      ['Lò Thị Mai', '1972', 'Nữ', 'Vợ', null, null],
      ['Lò Văn Hải', '1980', 'Nam', null, 'X', null],
    ], 'head_column');
    expect(result.rows.map((r) => [r.rowNumber, r.action, r.values?.relation_to_head])).toEqual([
      [2, 'new_household', 'head'], [3, 'new_person', 'spouse'], [4, 'new_household', 'head'],
    ]);
    expect(result.groups).toHaveLength(2);
  });

  it('matches two identical rows to two people already there, one each', () => {
    const existing = {
      households: [home('h1', 'p1', '5')],
      people: [person('p1', 'h1', 'Sùng A Páo', 1960, 'head'), person('p2', 'h1', 'Sùng A Dơ', 2010), person('p3', 'h1', 'Sùng A Dơ', 2010)],
    };
    const result = plan([
      ['Sùng A Páo', '1960', 'Nam', 'Chủ hộ', null, '5'],
      ['Sùng A Dơ', '2010', 'Nam', 'Con', null, '5'],
      ['Sùng A Dơ', '2010', 'Nam', 'Con', null, '5'],
    ], 'household_number', existing);
    expect(result.rows.map((r) => [r.action, r.match?.person.id])).toEqual([['unchanged', 'p1'], ['unchanged', 'p2'], ['unchanged', 'p3']]);
  });

  it('leaves the head of a matched household alone and refuses a different one', () => {
    const existing = { households: [home('h1', 'p1', '5')], people: [person('p1', 'h1', 'Sùng A Páo', 1960, 'head')] };
    const result = plan([['Sùng A Chứ', '1985', 'Nam', 'Chủ hộ', null, '5']], 'household_number', existing);
    expect(result.rows[0].action).toBe('error');
    expect(result.rows[0].problems.map((p) => p.message)).toEqual([
      'Dòng 2, cột «Quan hệ»: hộ số 5 (chủ hộ «Sùng A Páo», Thôn Nà Pồng) đã có chủ hộ, không phải «Sùng A Chứ»; đổi chủ hộ trong trang hộ gia đình nếu cần.',
    ]);
  });

  it('gives a matched household without a head the file\'s head', () => {
    const existing = { households: [home('h1', null, '5')], people: [person('p2', 'h1', 'Sùng Thị Mỷ', 1962, 'spouse', 'female')] };
    const result = plan([['Sùng A Páo', '1960', 'Nam', 'Chủ hộ', null, '5'], ['Sùng Thị Mỷ', '1962', 'Nữ', 'Vợ', null, '5']], 'household_number', existing);
    expect(result.rows.map((r) => [r.action, r.values?.relation_to_head ?? null])).toEqual([['new_person', 'head'], ['unchanged', null]]);
    expect(result.groups[0].householdChanges).toEqual([{ field: 'household.head_person_id', from: null, to: 'Sùng A Páo' }]);
    expect(result.groups[0].householdValues?.head_person_id).toBe('new-head');
  });

  it('refuses the number of a dissolved household for a new one', () => {
    const result = plan([['Vàng A Sử', '1970', 'Nam', 'Chủ hộ', null, '9']], 'household_number', { dissolvedCodes: new Set(['7|9']) });
    expect(result.rows[0].problems.map((p) => p.message)).toEqual([
      'Dòng 2, cột «Số hộ»: số hộ «9» đã dùng cho một hộ đã giải thể trong thôn; ghi số khác hoặc để trống.',
    ]);
  });

  it('ignores repeated header rows and rows with nothing in the mapped columns', () => {
    const result = plan([
      ['Giàng A Lử', '1975', 'Nam', 'Chủ hộ', null, '3'],
      [...HEADERS],
      [null, null, null, null, null, null],
      ['Giàng Thị Cở', '1978', 'Nữ', 'Vợ', null, '3'],
    ], 'household_number');
    expect(result.rows.map((r) => [r.rowNumber, r.action])).toEqual([[2, 'new_household'], [5, 'new_person']]);
  });

  it('never makes the next row the head of a household whose head the officer skipped: its rows wait', () => {
    // By blank rows the first row is the head; by the "Chủ hộ" column the row of that name.
    const byBlank = plan([['Sầm Văn Tư', '1950', 'Nam', null, null, null], ['Sầm Văn Năm', '1980', 'Nam', null, null, null]], 'blank_rows', {}, [2]);
    const byHead = plan([['Sầm Văn Tư', '1950', 'Nam', null, 'Sầm Văn Tư', null], ['Sầm Văn Năm', '1980', 'Nam', null, 'Sầm Văn Tư', null]], 'head_column', {}, [2]);
    for (const result of [byBlank, byHead]) {
      expect(result.rows.map((r) => [r.rowNumber, r.action])).toEqual([[2, 'skipped'], [3, 'needs_household']]);
      expect(result.rows[1].problems.map((p) => p.message)).toEqual([
        'Dòng 3: chủ hộ «Sầm Văn Tư» (dòng 2) đã bị bỏ qua nên dòng này chưa có hộ. Chọn cho dòng này: gắn vào hộ khác, hoặc làm chủ hộ (hoặc bỏ qua nếu không nhập).',
      ]);
      expect(result.summary).toMatchObject({ rows: 2, skippedRows: 1, needsHouseholdRows: 1, canCommit: false });
    }
  });

  it('keeps the members of a household found in the registry when its head row is refused', () => {
    const existing = { households: [home('h1', 'p1', '5')], people: [person('p1', 'h1', 'Sùng A Páo', 1960, 'head')] };
    const result = plan([['Sùng A Páo', '31/02/1960', 'Nam', 'Chủ hộ', null, '5'], ['Sùng A Dơ', '2010', 'Nam', 'Con', null, '5']], 'household_number', existing);
    expect(result.rows.map((r) => [r.rowNumber, r.action])).toEqual([[2, 'error'], [3, 'new_person']]);
  });
});
