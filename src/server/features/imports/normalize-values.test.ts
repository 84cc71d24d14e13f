import { describe, expect, it } from 'vitest';
import {
  excelSerialToIso, parseBirth, parseCccd, parseEthnicity, parseHouseholdNumber, parseName, parsePhone, parseRelation, parseSex, sexFromName,
} from './normalize-values.ts';

const TODAY = '2026-06-15';
const birth = (text: string, kind: 'date' | 'year' = 'date') => parseBirth(text, TODAY, kind);

describe('birth dates', () => {
  it.each([
    ['05/3/1987', '1987-03-05'],
    ['5/3/1987', '1987-03-05'],
    ['5-3-1987', '1987-03-05'],
    ['5.3.1987', '1987-03-05'],
    ['05 / 03 / 1987', '1987-03-05'],
    ['1987-03-05', '1987-03-05'],
    ['ngày 5 tháng 3 năm 1987', '1987-03-05'],
    ['31841', '1987-03-05'], // an Excel serial in a general cell
    ['31841.0', '1987-03-05'],
  ])('reads %s as %s', (text, iso) => {
    expect(birth(text)).toEqual({ value: { date: iso, year: 1987 } });
  });

  it('keeps only the year of "1987" and of "03/1987"', () => {
    expect(birth('1987')).toEqual({ value: { date: null, year: 1987 } });
    expect(birth('03/1987')).toEqual({ value: { date: null, year: 1987 } });
    expect(birth('1987', 'year')).toEqual({ value: { date: null, year: 1987 } });
    expect(birth('1987.0', 'year')).toEqual({ value: { date: null, year: 1987 } });
  });

  it('reads a whole date found in a year column', () => {
    expect(birth('05/03/1987', 'year')).toEqual({ value: { date: '1987-03-05', year: 1987 } });
  });

  it('reads a date that only works month-first, with a warning', () => {
    const result = birth('3/25/1987');
    expect(result.value).toEqual({ date: '1987-03-25', year: 1987 });
    expect(result.problem).toEqual({ level: 'warning', message: 'ngày “3/25/1987” được hiểu là 25/03/1987 (tháng viết trước ngày); kiểm tra lại.' });
  });

  it('refuses dates that do not exist, lie in the future, or are too old', () => {
    expect(birth('31/02/1987').problem).toEqual({ level: 'error', message: 'không đọc được ngày “31/02/1987”.' });
    expect(birth('không rõ').problem).toEqual({ level: 'error', message: 'không đọc được ngày “không rõ”.' });
    expect(birth('13/1987').problem?.level).toBe('error');
    expect(birth('01/07/2026').problem).toEqual({ level: 'error', message: 'ngày sinh “01/07/2026” ở tương lai.' });
    expect(birth('2030', 'year').problem).toEqual({ level: 'error', message: 'năm sinh “2030” ở tương lai.' });
    expect(birth('1890').problem).toEqual({ level: 'error', message: 'năm sinh 1890 không hợp lý (136 tuổi).' });
    expect(birth('5/3/87').problem).toEqual({ level: 'error', message: 'năm trong ngày “5/3/87” chỉ có 2 chữ số; hãy ghi đủ 4 chữ số.' });
    expect(birth('abc', 'year').problem).toEqual({ level: 'error', message: 'không đọc được năm sinh “abc”.' });
  });

  it('converts Excel serials across the 1900 leap-year quirk', () => {
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(excelSerialToIso(45292)).toBe('2024-01-01');
  });
});

describe('names', () => {
  it('composes decomposed accents, collapses spaces and capitalises', () => {
    const nfd = 'Nguyễn Thị Hoà'.normalize('NFD');
    expect(nfd).not.toBe('Nguyễn Thị Hoà');
    expect(parseName(nfd).value).toBe('Nguyễn Thị Hoà');
    expect(parseName('  nguyễn   văn  AN ').value).toBe('Nguyễn Văn An');
    expect(parseName("giàng a páo").value).toBe('Giàng A Páo');
  });

  it('refuses names with digits', () => {
    expect(parseName('Nguyễn Văn 2').problem?.level).toBe('error');
    expect(parseName('   ').value).toBeNull();
  });
});

describe('sex', () => {
  it.each(['Nam', 'nam', 'NAM', 'M', 'male', 'Nam.'])('%s is male', (text) => expect(parseSex(text).value).toBe('male'));
  it.each(['Nữ', 'nữ', 'NỮ', 'Nu', 'NU', 'F', 'Nữ'.normalize('NFD')])('%s is female', (text) => expect(parseSex(text).value).toBe('female'));
  it('refuses anything else, in Vietnamese', () => {
    expect(parseSex('x')).toEqual({ value: null, problem: { level: 'error', message: 'không hiểu giới tính “x” (ghi Nam hoặc Nữ).' } });
  });
  it('guesses from the middle name', () => {
    expect(sexFromName('Nguyễn Thị Hoa')).toBe('female');
    expect(sexFromName('Hoàng Văn Nam')).toBe('male');
    expect(sexFromName('Giàng A Páo')).toBeNull();
  });
});

describe('relation to the head', () => {
  it.each([
    ['Chủ hộ', 'head', undefined], ['CHỦ HỘ', 'head', undefined], ['chu ho', 'head', undefined],
    ['Vợ', 'spouse', 'female'], ['Chồng', 'spouse', 'male'],
    ['Con', 'child', undefined], ['Con trai', 'child', 'male'], ['Con gái', 'child', 'female'], ['con gai', 'child', 'female'],
    ['Bố', 'parent', 'male'], ['Mẹ', 'parent', 'female'], ['Cha', 'parent', 'male'],
    ['Cháu', 'grandchild', undefined], ['Cháu nội', 'grandchild', undefined],
    ['Anh', 'sibling', 'male'], ['Chị', 'sibling', 'female'], ['Em', 'sibling', undefined],
    ['Con dâu', 'other', 'female'], ['Con rể', 'other', 'male'], ['Ông', 'other', 'male'], ['Bà', 'other', 'female'],
  ])('%s → %s', (text, code, sex) => {
    const result = parseRelation(text);
    expect(result.value).toEqual(sex ? { code, sex } : { code });
    expect(result.problem).toBeUndefined();
  });

  it('tells "Bà" (grandmother) from "Ba" (father) by the accent', () => {
    expect(parseRelation('Ba').value?.code).toBe('parent');
    expect(parseRelation('Bà').value?.code).toBe('other');
  });

  it('takes an unknown relation as "other", with a note', () => {
    expect(parseRelation('Bạn')).toEqual({ value: { code: 'other' }, problem: { level: 'info', message: 'không rõ quan hệ “Bạn”; ghi là «Khác».' } });
  });
});

describe('ethnicity', () => {
  it.each([
    ['Tày', 'Tày'], ['tày', 'Tày'], ['TAY', 'Tày'], ["H'Mông", 'Mông'], ['Hmông', 'Mông'], ['H’mông', 'Mông'], ['Mông', 'Mông'], ['Mèo', 'Mông'],
    ['Kinh', 'Kinh'], ['dân tộc Kinh', 'Kinh'], ['Sán Chay', 'Sán Chay'], ['Cao Lan', 'Sán Chay'], ['Pà Thẻn', 'Pà Thẻn'], ['dao', 'Dao'],
  ])('%s → %s', (text, name) => expect(parseEthnicity(text).value).toBe(name));
  it('keeps an unknown name as written, tidied', () => expect(parseEthnicity('  người   nước ngoài').value).toBe('Người Nước Ngoài'));
});

describe('phones', () => {
  it.each([
    ['0912 345 678', '0912345678'], ['0912.345.678', '0912345678'], ['+84 912 345 678', '0912345678'], ['84912345678', '0912345678'],
    ['912345678', '0912345678'], ['(0912) 345-678', '0912345678'],
  ])('%s → %s', (text, phone) => expect(parsePhone(text)).toEqual({ value: phone }));
  it('takes the first of several numbers, with a note', () => {
    expect(parsePhone('0912345678 / 0987654321')).toEqual({ value: '0912345678', problem: { level: 'info', message: 'có nhiều số điện thoại; chỉ lấy số đầu 0912345678.' } });
  });
  it('leaves an invalid number out, with a warning', () => {
    expect(parsePhone('12345')).toEqual({ value: null, problem: { level: 'warning', message: 'số điện thoại “12345” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0); sẽ để trống.' } });
  });
});

describe('CCCD', () => {
  it.each([
    ['008 180 123 456', '008180123456'], ['008.180.123.456', '008180123456'], ['0081-8012-3456', '008180123456'],
    ['8180123456', '008180123456'], // a number cell of province 008 loses two zeros
    ['24180123456', '024180123456'], // province 024 loses one
    ['CCCD: 008180123456', '008180123456'], ['８180123456', '008180123456'],
  ])('%s → %s', (text, cccd) => expect(parseCccd(text).value).toBe(cccd));
  it.each(['', 'Chưa có', 'chưa cấp', 'không', '-', 'x'])('"%s" means none', (text) => expect(parseCccd(text).value).toBeNull());
  it('keeps a number with other characters as it is for the checks to refuse', () => {
    expect(parseCccd('00818012345A').value).toBe('00818012345A');
  });
  it('refuses a wrong length naming the length, the value and the reading tried', () => {
    // 11 digits from a number cell whose restored province code does not exist.
    expect(parseCccd('99180123456')).toEqual({ value: null, problem: { level: 'error', message: 'số CCCD “99180123456” có 11 chữ số, cần đúng 12. Đã thử đọc như ô kiểu số bị mất một số 0 ở đầu (thành “099180123456”), nhưng mã tỉnh “099” không có trong danh mục. Kiểm tra lại số.' } });
    expect(parseCccd('9180123456').problem?.message).toBe('số CCCD “9180123456” có 10 chữ số, cần đúng 12. Đã thử đọc như ô kiểu số bị mất hai số 0 ở đầu (thành “009180123456”), nhưng mã tỉnh “009” không có trong danh mục. Kiểm tra lại số.');
    // Typed with its zeros, one digit short: not a lost zero, read as written.
    expect(parseCccd('00818012345')).toEqual({ value: null, problem: { level: 'error', message: 'số CCCD “00818012345” có 11 chữ số, cần đúng 12. Số đã bắt đầu bằng 0 nên không phải ô kiểu số bị mất số 0 ở đầu; đọc nguyên văn thì thiếu một chữ số.' } });
    expect(parseCccd('123456789').problem?.message).toBe('số CCCD “123456789” có 9 chữ số, cần đúng 12; có thể đây là số CMND 9 số cũ.');
    expect(parseCccd('0081 8012 34567').problem?.message).toBe('số CCCD “0081 8012 34567” có 13 chữ số, cần đúng 12; thừa 1 chữ số.');
    expect(parseCccd('008180').problem?.message).toBe('số CCCD “008180” có 6 chữ số, cần đúng 12; thiếu 6 chữ số.');
  });
});

it('reads household numbers', () => {
  expect(parseHouseholdNumber('12')).toBe('12');
  expect(parseHouseholdNumber('12.0')).toBe('12');
  expect(parseHouseholdNumber('Hộ số 7')).toBe('7');
  expect(parseHouseholdNumber('012')).toBe('012');
  expect(parseHouseholdNumber(' ')).toBeNull();
});
