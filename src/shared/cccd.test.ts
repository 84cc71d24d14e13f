import { describe, expect, it } from 'vitest';
import {
  CCCD_PROVINCE_CODES,
  centurySexDigit,
  checkCccd,
  makeCccd,
  maskCccd,
  normalizeCccd,
  restoreLeadingZero,
} from './cccd.ts';

describe('CCCD_PROVINCE_CODES', () => {
  it('holds the 63 codes of Thông tư 07/2016/TT-BCA, from 001 to 096', () => {
    const codes = Object.keys(CCCD_PROVINCE_CODES);
    expect(codes).toHaveLength(63);
    expect(codes.every((code) => /^0\d\d$/.test(code))).toBe(true);
    expect(codes[0]).toBe('001');
    expect(codes.at(-1)).toBe('096');
    expect(new Set(Object.values(CCCD_PROVINCE_CODES)).size).toBe(63);
  });

  it('names the provinces of the examples in the spec', () => {
    expect(CCCD_PROVINCE_CODES['001']).toBe('Hà Nội');
    expect(CCCD_PROVINCE_CODES['002']).toBe('Hà Giang');
    expect(CCCD_PROVINCE_CODES['008']).toBe('Tuyên Quang');
    expect(CCCD_PROVINCE_CODES['079']).toBe('Hồ Chí Minh');
    expect(CCCD_PROVINCE_CODES['003']).toBeUndefined();
  });
});

describe('normalizeCccd', () => {
  it('drops spaces, dots and dashes', () => {
    expect(normalizeCccd(' 008 123.456-789 ')).toBe('008123456789');
    expect(normalizeCccd('００８１２３４５６７８９')).toBe('008123456789');
  });

  it('restores the leading zero a spreadsheet number cell lost', () => {
    expect(normalizeCccd(8123456789 * 10 + 1)).toBe('081234567891');
    expect(normalizeCccd('81234567891', { fromNumber: true })).toBe('081234567891');
    expect(normalizeCccd('81234567891')).toBe('81234567891');
    expect(restoreLeadingZero('81234567891')).toBe('081234567891');
    expect(restoreLeadingZero('008123456789')).toBe('008123456789');
    expect(normalizeCccd(8180123456)).toBe('008180123456'); // Tuyên Quang (008) loses two zeros in a number cell
  });
});

describe('checkCccd', () => {
  const cccd = '008090012345'; // Tuyên Quang, male, born in 1990

  it('accepts a number that agrees with the person', () => {
    expect(checkCccd('008190123456', { sex: 'female', birthYear: 1990 })).toEqual({ errors: [], warnings: [] });
    expect(checkCccd('002205123456', { sex: 'male', birthYear: 2005 })).toEqual({ errors: [], warnings: [] });
    expect(checkCccd(cccd)).toEqual({ errors: [], warnings: [] });
  });

  it('refuses a number that is not 12 digits', () => {
    expect(checkCccd('00819012345').errors).toEqual(['Số CCCD phải có đúng 12 chữ số (đang có 11).']);
    expect(checkCccd('').errors).toHaveLength(1);
    expect(checkCccd('00819012345A').errors).toEqual(['Số CCCD chỉ gồm chữ số.']);
  });

  it('refuses an unknown province code', () => {
    const { errors } = checkCccd('003190123456');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"003"');
  });

  it('warns when the 4th digit disagrees with the sex', () => {
    const { errors, warnings } = checkCccd('008090123456', { sex: 'female', birthYear: 1990 });
    expect(errors).toEqual([]);
    expect(warnings).toEqual(['Chữ số thứ 4 (0) ứng với giới tính nam, khác giới tính đã khai (nữ).']);
  });

  it('warns when the 4th digit disagrees with the century of birth', () => {
    const { warnings } = checkCccd('008005123456', { sex: 'male', birthYear: 2005 });
    expect(warnings).toEqual(['Chữ số thứ 4 (0) ứng với người sinh từ 1900 đến 1999, khác năm sinh đã khai (2005).']);
  });

  it('warns when digits 5–6 disagree with the year of birth', () => {
    const { warnings } = checkCccd('008191123456', { sex: 'female', birthYear: 1990 });
    expect(warnings).toEqual(['Chữ số thứ 5–6 (91) khác hai số cuối của năm sinh đã khai (1990).']);
  });

  it('reads the later centuries the decree reserves (4/5 = 2100–2199)', () => {
    expect(checkCccd('008501123456', { sex: 'female', birthYear: 2101 }).warnings).toEqual([]);
    expect(checkCccd('008401123456', { sex: 'female', birthYear: 2101 }).warnings).toHaveLength(1);
  });
});

describe('maskCccd', () => {
  it('shows the first four and the last two digits', () => {
    expect(maskCccd('008123456745')).toBe('0081******45');
  });
});

describe('makeCccd', () => {
  it('builds a number that passes its own checks', () => {
    const made = makeCccd('008', 'female', 1987, 42);
    expect(made).toBe('008187000042');
    expect(checkCccd(made, { sex: 'female', birthYear: 1987 })).toEqual({ errors: [], warnings: [] });
    expect(makeCccd('002', 'male', 2010, 999_999)).toBe('002210999999');
  });

  it('refuses impossible parts', () => {
    expect(() => makeCccd('003', 'male', 1990, 1)).toThrow(RangeError);
    expect(() => makeCccd('008', 'male', 1899, 1)).toThrow(RangeError);
    expect(() => makeCccd('008', 'male', 1990, 1_000_000)).toThrow(RangeError);
    expect(centurySexDigit('female', 2150)).toBe(5);
  });
});
