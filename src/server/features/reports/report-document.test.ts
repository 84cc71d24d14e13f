// The pure rules of src/shared/report-document.ts.
import { describe, expect, it } from 'vitest';
import {
  appendixReference,
  formatCell,
  formatCount,
  formatDocumentNumber,
  formatPercent,
  formatPlaceAndDate,
  formatPoints,
  indicatorResult,
  recipientLines,
  toRoman,
  totalIndicatorRow,
  upperVi,
  villageAppendixTable,
  type IndicatorRow,
} from '../../../shared/report-document.ts';
import { sampleFigures } from './report-sample-data.ts';

describe('formatPlaceAndDate', () => {
  it('puts a zero before days 1–9 and months 1 and 2 only (Nghị định 30/2020, Phụ lục I, II.4.b)', () => {
    expect(formatPlaceAndDate('Bạch Ngọc', '2026-02-05', 2026)).toBe('Bạch Ngọc, ngày 05 tháng 02 năm 2026');
    expect(formatPlaceAndDate('Bạch Ngọc', '2026-01-09', 2026)).toBe('Bạch Ngọc, ngày 09 tháng 01 năm 2026');
    expect(formatPlaceAndDate('Bạch Ngọc', '2026-03-05', 2026)).toBe('Bạch Ngọc, ngày 05 tháng 3 năm 2026');
    expect(formatPlaceAndDate('Hà Nội', '2019-06-29', 2019)).toBe('Hà Nội, ngày 29 tháng 6 năm 2019');
    expect(formatPlaceAndDate('Bạch Ngọc', '2026-10-10', 2026)).toBe('Bạch Ngọc, ngày 10 tháng 10 năm 2026');
    expect(formatPlaceAndDate('Bạch Ngọc', '2026-12-31', 2026)).toBe('Bạch Ngọc, ngày 31 tháng 12 năm 2026');
  });

  it('leaves day and month to be written in on a draft', () => {
    expect(formatPlaceAndDate('Bạch Ngọc', null, 2026)).toBe('Bạch Ngọc, ngày … tháng … năm 2026');
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => formatPlaceAndDate('Bạch Ngọc', '5/2/2026', 2026)).toThrow('Ngày ban hành không hợp lệ');
  });
});

describe('the decree text rules', () => {
  it('writes the number with a leading zero under 10, dots before registration', () => {
    expect(formatDocumentNumber({ value: 5, symbol: 'BC-UBND' })).toBe('Số: 05/BC-UBND');
    expect(formatDocumentNumber({ value: 15, symbol: 'BC-UBND' })).toBe('Số: 15/BC-UBND');
    expect(formatDocumentNumber({ value: null, symbol: 'BC-UBND' })).toBe('Số: ……/BC-UBND');
  });

  it('lists "Nơi nhận" with dashes and semicolons, "Như trên" first when addressed, "Lưu" last with a full stop', () => {
    expect(recipientLines({ addressees: ['Sở Khoa học và Công nghệ tỉnh Tuyên Quang'], recipients: ['CT, PCT UBND xã;', '16 trưởng thôn'], archive: ['VT', 'VHXH'] })).toEqual([
      '- Như trên;',
      '- CT, PCT UBND xã;',
      '- 16 trưởng thôn;',
      '- Lưu: VT, VHXH.',
    ]);
    expect(recipientLines({ addressees: [], recipients: ['UBND xã (b/c)'], archive: [] })).toEqual(['- UBND xã (b/c);', '- Lưu: VT.']);
  });

  it('numbers sections in Roman numerals and capitalises Vietnamese letters', () => {
    expect([1, 2, 3, 4, 9, 14].map(toRoman)).toEqual(['I', 'II', 'III', 'IV', 'IX', 'XIV']);
    expect(upperVi('Khó khăn, vướng mắc')).toBe('KHÓ KHĂN, VƯỚNG MẮC');
    expect(upperVi('đề xuất, kiến nghị')).toBe('ĐỀ XUẤT, KIẾN NGHỊ');
  });

  it('refers the appendix to its report', () => {
    const doc = { kind: 'BÁO CÁO', number: { value: 5, symbol: 'BC-UBND' }, issuedOn: '2026-02-05', year: 2026, place: 'Bạch Ngọc' };
    expect(appendixReference(doc, 'UBND xã Bạch Ngọc')).toBe('(Kèm theo Báo cáo số 05/BC-UBND ngày 05 tháng 02 năm 2026 của UBND xã Bạch Ngọc)');
    expect(appendixReference({ ...doc, number: null, issuedOn: null }, 'Thôn Bản Bó')).toBe('(Kèm theo Báo cáo ngày … tháng … năm 2026 của Thôn Bản Bó)');
  });
});

describe('numbers in Vietnamese text', () => {
  it('groups thousands with dots and writes decimals with a comma', () => {
    expect(formatCount(9900)).toBe('9.900');
    expect(formatPercent(0.705)).toBe('70,5%');
    expect(formatPercent(1)).toBe('100,0%');
    expect(formatPercent(0.705, true)).toBe('70,5');
  });

  it('signs changes in percentage points, and a change that rounds to nothing is 0,0', () => {
    expect(formatPoints(0.012)).toBe('+1,2');
    expect(formatPoints(-0.004)).toBe('-0,4');
    expect(formatPoints(-0.00004)).toBe('0,0');
  });

  it('prints a missing figure as a dash', () => {
    expect(formatCell(null, { kind: 'percent' })).toBe('-');
    expect(formatCell(2896, { kind: 'count' })).toBe('2.896');
    expect(formatCell(3, { kind: 'index' })).toBe('3');
  });
});

describe('indicator results', () => {
  it('works out the rate, the rate against the target and the change', () => {
    const result = indicatorResult({ target: 0.7, numerator: 350, denominator: 500, previous: { numerator: 300, denominator: 500 } });
    expect(result.actual).toBeCloseTo(0.7, 12);
    expect(result.ofTarget).toBeCloseTo(1, 12);
    expect(result.change).toBeCloseTo(0.1, 12);
  });

  it('has no rate without a denominator, no comparison without a target or a period before', () => {
    expect(indicatorResult({ target: 0.8, numerator: 0, denominator: 0, previous: null })).toEqual({ actual: null, ofTarget: null, change: null });
    const noTarget = indicatorResult({ target: null, numerator: 5, denominator: 10, previous: null });
    expect([noTarget.ofTarget, noTarget.change]).toEqual([null, null]);
  });

  it('totals villages by adding counts, and compares with the period before only when every village has one', () => {
    const villages: IndicatorRow[] = [
      { name: 'Thôn A', figures: { KNS: { target: 0.7, numerator: 10, denominator: 20, previous: { numerator: 8, denominator: 20 } } } },
      { name: 'Thôn B', figures: { KNS: { target: 0.7, numerator: 30, denominator: 40, previous: { numerator: 25, denominator: 39 } } } },
    ];
    const total = totalIndicatorRow('Toàn xã', [{ code: 'KNS' }], villages, { KNS: 0.75 });
    expect(total.figures.KNS).toEqual({ target: 0.75, numerator: 40, denominator: 60, previous: { numerator: 33, denominator: 59 } });
    const partial = totalIndicatorRow('Toàn xã', [{ code: 'KNS' }], [villages[0], { name: 'Thôn C', figures: { KNS: { ...villages[1].figures.KNS, previous: null } } }], {});
    expect(partial.figures.KNS.previous).toBeNull();
    expect(partial.figures.KNS.target).toBeNull();
  });

  it('makes the appendix table: two columns per indicator, one row per village and the total', () => {
    const figures = sampleFigures();
    const table = villageAppendixTable(figures);
    expect(table.columns).toHaveLength(2 + 2 * figures.indicators.length);
    expect(table.rows).toHaveLength(figures.villages.length + 1);
    expect(table.rows.at(-1)).toMatchObject({ total: true });
    expect(table.rows.at(-1)?.cells[1]).toBe('Toàn xã');
    const kns = figures.total.figures.KNS;
    expect(table.rows.at(-1)?.cells[4]).toBeCloseTo(kns.numerator / kns.denominator, 12);
  });
});
