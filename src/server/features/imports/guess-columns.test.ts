import { describe, expect, it } from 'vitest';
import { detectHeader, findVillage, guessField, guessGrouping, guessSheetVillage, headerSignature } from './guess-columns.ts';
import type { RawSheet } from './read-workbook.ts';

describe('guessing a column from its header', () => {
  it.each([
    ['Họ và tên', 'fullName'], ['Họ tên', 'fullName'], ['HỌ VÀ TÊN', 'fullName'], ['ho va ten', 'fullName'], ['Họ và tên (chữ in hoa)', 'fullName'],
    ['Ngày sinh', 'birthDate'], ['Ngày tháng năm sinh', 'birthDate'], ['Ngày, tháng, năm sinh', 'birthDate'], ['NS', 'birthDate'],
    ['Năm sinh', 'birthYear'],
    ['Giới tính', 'sex'], ['GT', 'sex'],
    ['Số CCCD/Số định danh', 'cccd'], ['CCCD', 'cccd'], ['Số định danh cá nhân', 'cccd'], ['Số CMND/CCCD', 'cccd'],
    ['Quan hệ với chủ hộ', 'relationToHead'], ['QH với CH', 'relationToHead'], ['Quan hệ', 'relationToHead'],
    ['Chủ hộ', 'headName'], ['Họ tên chủ hộ', 'headName'], ['Tên chủ hộ', 'headName'],
    ['Số hộ', 'householdNumber'], ['Mã hộ', 'householdNumber'], ['Số hộ khẩu', 'householdNumber'],
    ['Thôn', 'village'], ['Thôn/Tổ', 'village'], ['Thôn/Bản', 'village'], ['Tổ dân phố', 'village'],
    ['Xóm', 'hamletGroup'], ['Tổ', 'hamletGroup'],
    ['Dân tộc', 'ethnicity'],
    ['Số điện thoại', 'phone'], ['SĐT', 'phone'], ['Điện thoại', 'phone'],
    ['Địa chỉ', 'address'], ['Nơi ở hiện nay', 'address'],
    ['Ghi chú', 'note'],
    ['Ngày sinh Nam', 'birthDateMale'], ['Ngày sinh Nữ', 'birthDateFemale'], ['Nam', 'birthDateMale'], ['Nữ', 'birthDateFemale'],
  ])('«%s» → %s', (header, field) => expect(guessField(header)).toBe(field));

  it('recognises the columns it ignores (STT, occupation…) and not free text', () => {
    expect(guessField('STT')).toBeNull();
    expect(guessField('TT')).toBeNull();
    expect(guessField('Nghề nghiệp')).toBeNull();
    expect(guessField('Học sinh')).toBeNull();
    expect(guessField('Nguyễn Văn An')).toBeUndefined();
    expect(guessField('DANH SÁCH NHÂN KHẨU THÔN NÀ PỒNG')).toBeUndefined();
  });
});

const sheet = (name: string, rows: Array<Array<string | null>>, start = 1): RawSheet => ({
  name,
  rows: rows.map((cells, i) => ({ rowNumber: start + i, cells })).filter((r) => r.cells.some((c) => c !== null)),
  columnCount: Math.max(...rows.map((r) => r.length)),
});

describe('finding the header row', () => {
  it('skips title rows and a row of column numbers', () => {
    const found = detectHeader(sheet('Sheet1', [
      ['UBND XÃ BẠCH NGỌC', 'UBND XÃ BẠCH NGỌC', null, null],
      ['DANH SÁCH NHÂN KHẨU THÔN NÀ PỒNG', 'DANH SÁCH NHÂN KHẨU THÔN NÀ PỒNG', 'DANH SÁCH NHÂN KHẨU THÔN NÀ PỒNG', 'DANH SÁCH NHÂN KHẨU THÔN NÀ PỒNG'],
      [null, null, null, null],
      ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính'],
      ['(1)', '(2)', '(3)', '(4)'],
      ['1', 'Nguyễn Văn An', '05/03/1987', 'Nam'],
    ]));
    expect(found).toEqual({ headerRow: 4, dataStartRow: 6, headers: ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính'], columns: [null, 'fullName', 'birthDate', 'sex'] });
  });

  it('joins a merged "Ngày sinh" and its "Nam" | "Nữ" sub-header into one header', () => {
    // As exceljs reads it: the merged cells repeat their master's value.
    const found = detectHeader(sheet('Sheet1', [
      ['STT', 'Họ và tên', 'Ngày sinh', 'Ngày sinh', 'Quan hệ với chủ hộ'],
      ['STT', 'Họ và tên', 'Nam', 'Nữ', 'Quan hệ với chủ hộ'],
      ['1', 'Nguyễn Văn An', '1987', null, 'Chủ hộ'],
    ]));
    expect(found?.headerRow).toBe(1);
    expect(found?.dataStartRow).toBe(3);
    expect(found?.headers).toEqual(['STT', 'Họ và tên', 'Ngày sinh Nam', 'Ngày sinh Nữ', 'Quan hệ với chủ hộ']);
    expect(found?.columns).toEqual([null, 'fullName', 'birthDateMale', 'birthDateFemale', 'relationToHead']);
  });

  it('finds none without a name column', () => {
    expect(detectHeader(sheet('Sheet1', [['Mã', 'Giá trị'], ['1', '2']]))).toBeNull();
  });

  it('gives the same signature whatever the case, accents and spacing', () => {
    expect(headerSignature(['STT', 'Họ và tên', 'Ngày sinh'])).toBe(headerSignature(['stt', 'HO VA  TEN', 'Ngay sinh', '']));
    expect(headerSignature(['STT', 'Họ và tên'])).not.toBe(headerSignature(['STT', 'Họ tên']));
  });
});

describe('grouping and villages', () => {
  const rows = (cells: Array<Array<string | null>>) => cells.map((c, i) => ({ rowNumber: i + 2, cells: c }));
  it('prefers a filled household number, then the head column, then relations, then blank rows', () => {
    expect(guessGrouping(['fullName', 'householdNumber', 'headName'], rows([['A', '1', 'A'], ['B', '1', 'A']]))).toBe('household_number');
    expect(guessGrouping(['fullName', 'householdNumber', 'headName'], rows([['A', null, 'A'], ['B', null, 'A']]))).toBe('head_column');
    expect(guessGrouping(['fullName', 'relationToHead'], rows([['A', 'Chủ hộ'], ['B', 'Vợ']]))).toBe('relation');
    expect(guessGrouping(['fullName', 'relationToHead'], rows([['A', null], ['B', 'Vợ']]))).toBe('blank_rows');
  });

  const villages = [{ id: 1, name: 'Thôn Nà Pồng' }, { id: 2, name: 'Thôn Bản Bó' }, { id: 3, name: 'Thôn 3' }, { id: 13, name: 'Thôn 13' }];
  it('matches a village by name, with or without "Thôn", accents or case', () => {
    for (const text of ['Nà Pồng', 'THÔN NÀ PỒNG', 'thon na pong', 'Thôn  Nà Pồng']) expect(findVillage(text, villages)?.id, text).toBe(1);
    expect(findVillage('Bản Bó', villages)?.id).toBe(2);
    expect(findVillage('Khuổi Vài', villages)).toBeUndefined();
  });

  it('takes a sheet\'s village from its name, else from a title row (whole words, longest)', () => {
    expect(guessSheetVillage(sheet('Nà Pồng', [['Họ và tên']]), 1, villages)).toEqual({ village: villages[0], from: 'sheet_name' });
    const titled = sheet('Sheet1', [['DANH SÁCH NHÂN KHẨU THÔN 13 NĂM 2026'], ['Họ và tên', 'Ngày sinh']]);
    expect(guessSheetVillage(titled, 2, villages)).toEqual({ village: villages[3], from: 'title' });
    expect(guessSheetVillage(sheet('Sheet1', [['Họ và tên']]), 1, villages)).toBeNull();
    expect(guessSheetVillage(sheet('Sheet1', [['Họ và tên']]), 1, [villages[1]])).toEqual({ village: villages[1], from: 'only_village' });
    // A village head's file for another village gets no default village.
    expect(guessSheetVillage(sheet('Nà Pồng', [['Họ và tên']]), 1, [villages[1]], [villages[0]])).toBeNull();
    expect(guessSheetVillage(sheet('Sheet1', [['DANH SÁCH THÔN NÀ PỒNG'], ['Họ và tên']]), 2, [villages[1]], [villages[0]])).toBeNull();
  });
});
