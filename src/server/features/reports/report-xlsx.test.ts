import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SUPPORT_COUNT_KEYS, SUPPORT_COUNT_LABELS } from '../../../shared/indicators.ts';
import { COUNT_FORMAT, INDICATOR_SHEET, INDICATOR_SUBCOLUMNS, MONTH_SHEET, PERCENT_FORMAT, POINTS_FORMAT, renderReportXlsx } from './report-xlsx.ts';
import { COMMUNICATION_SHEET } from '../communication/communication.report.ts';
import { sampleCommuneReport } from './report-sample-data.ts';

async function readBack() {
  const doc = sampleCommuneReport();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderReportXlsx(doc)) as unknown as ArrayBuffer);
  return { doc, workbook };
}

const WIDTH = INDICATOR_SUBCOLUMNS.length;
/** The first column of the i-th indicator (1-based columns: STT, Thôn, then six per indicator). */
const firstColumn = (i: number) => 3 + i * WIDTH;

describe('renderReportXlsx', () => {
  it('has its sheets, each with a title row', async () => {
    const { workbook } = await readBack();
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([INDICATOR_SHEET, MONTH_SHEET, COMMUNICATION_SHEET]);
    expect(INDICATOR_SHEET).toBe('Chỉ số theo thôn');
    expect(MONTH_SHEET).toBe('Số đếm theo tháng');
    expect(workbook.getWorksheet(INDICATOR_SHEET)?.getCell('A1').value).toBe('Chỉ số chuyển đổi số theo thôn, tháng 02 năm 2026');
    expect(workbook.getWorksheet(INDICATOR_SHEET)?.getCell('A1').font?.bold).toBe(true);
    expect(workbook.getWorksheet(MONTH_SHEET)?.getCell('A1').value).toBe('Hỗ trợ người dân theo tháng, tháng 02 năm 2026');
    expect(workbook.getWorksheet(MONTH_SHEET)?.getCell('A2').value).toBe('UBND xã Bạch Ngọc. Số liệu từ 01/02/2026 đến 28/02/2026.');
  });

  it('heads each indicator over its six columns and freezes the headers and village names', async () => {
    const { doc, workbook } = await readBack();
    const sheet = workbook.getWorksheet(INDICATOR_SHEET)!;
    doc.figures.indicators.forEach(({ name }, i) => {
      expect(sheet.getCell(3, firstColumn(i)).value).toBe(name);
      // Merged: the cell at the group's right end reads its master's value.
      expect(sheet.getCell(3, firstColumn(i) + WIDTH - 1).isMerged).toBe(true);
      expect(INDICATOR_SUBCOLUMNS.map((_, j) => sheet.getCell(4, firstColumn(i) + j).value)).toEqual(INDICATOR_SUBCOLUMNS.map((sub) => sub.header));
    });
    expect(sheet.getCell(3, firstColumn(0)).value).toBe('Học sinh có kỹ năng số');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 4 });
    expect(sheet.getColumn(2).width).toBe(20);
  });

  it('writes the figures as numbers, rates as fractions in a percent format', async () => {
    const { doc, workbook } = await readBack();
    const sheet = workbook.getWorksheet(INDICATOR_SHEET)!;
    doc.figures.villages.forEach((village, v) => {
      const row = sheet.getRow(5 + v);
      expect(row.getCell(1).value).toBe(v + 1);
      expect(row.getCell(2).value).toBe(village.name);
      doc.figures.indicators.forEach(({ code }, i) => {
        const figure = village.figures[code];
        const c = firstColumn(i);
        expect(row.getCell(c + 1).value).toBe(figure.numerator);
        expect(row.getCell(c + 2).value).toBe(figure.denominator);
        expect(row.getCell(c + 1).numFmt).toBe(COUNT_FORMAT);
        if (figure.denominator > 0) {
          expect(row.getCell(c + 3).value).toBeCloseTo(figure.numerator / figure.denominator, 12);
        } else {
          expect(row.getCell(c + 3).value).toBeNull();
        }
        expect(row.getCell(c + 3).numFmt).toBe(PERCENT_FORMAT);
        expect(row.getCell(c + 5).numFmt).toBe(POINTS_FORMAT);
      });
    });
    const hs = sheet.getRow(5).getCell(firstColumn(0));
    expect(hs.value).toBe(1);
    expect(hs.numFmt).toBe('0.0%');
    // NH has no target: the cell is empty, and so is the rate against it.
    const nh = doc.figures.indicators.findIndex(({ code }) => code === 'NH');
    expect(sheet.getRow(5).getCell(firstColumn(nh)).value).toBeNull();
    expect(sheet.getRow(5).getCell(firstColumn(nh) + 4).value).toBeNull();
    expect(sheet.getCell('B16').value).toBe('Thôn Khuổi Vài');
    expect(sheet.getCell('B19').value).toBe('Thôn Lũng Càng');
  });

  it('totals each indicator as the sum of the villages, its rate the ratio of the sums', async () => {
    const { doc, workbook } = await readBack();
    const sheet = workbook.getWorksheet(INDICATOR_SHEET)!;
    const totalRow = sheet.getRow(5 + doc.figures.villages.length);
    expect(totalRow.getCell(2).value).toBe('Toàn xã');
    expect(totalRow.getCell(2).font?.bold).toBe(true);
    doc.figures.indicators.forEach((_, i) => {
      const c = firstColumn(i);
      const column = (offset: number) => doc.figures.villages.map((__, v) => sheet.getRow(5 + v).getCell(c + offset).value as number);
      const numerator = column(1).reduce((a, b) => a + b, 0);
      const denominator = column(2).reduce((a, b) => a + b, 0);
      expect(totalRow.getCell(c + 1).value).toBe(numerator);
      expect(totalRow.getCell(c + 2).value).toBe(denominator);
      expect(totalRow.getCell(c + 3).value).toBeCloseTo(numerator / denominator, 12);
    });
  });

  it('counts support by month with a total row, people counted once over the period', async () => {
    const { doc, workbook } = await readBack();
    const sheet = workbook.getWorksheet(MONTH_SHEET)!;
    expect(SUPPORT_COUNT_KEYS.map((_, i) => sheet.getCell(3, 2 + i).value)).toEqual(SUPPORT_COUNT_KEYS.map((key) => SUPPORT_COUNT_LABELS[key]));
    expect([sheet.getCell('A4').value, sheet.getCell('A5').value, sheet.getCell('A6').value]).toEqual(['01/2026', '02/2026', 'Cộng']);
    SUPPORT_COUNT_KEYS.forEach((key, i) => {
      const months = [sheet.getCell(4, 2 + i), sheet.getCell(5, 2 + i)];
      expect(months.map((cell) => cell.value)).toEqual(doc.figures.months.map((month) => month[key]));
      expect(months.every((cell) => cell.numFmt === COUNT_FORMAT)).toBe(true);
      const total = sheet.getCell(6, 2 + i).value;
      if (key === 'peopleSupported') expect(total).toBe(doc.figures.monthsTotal.peopleSupported);
      else expect(total).toBe((months[0].value as number) + (months[1].value as number));
    });
    expect(sheet.getCell(6, 3).value).toBeLessThan((sheet.getCell(4, 3).value as number) + (sheet.getCell(5, 3).value as number));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });
});
