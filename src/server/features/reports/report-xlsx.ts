// A report's frozen figures as an Excel workbook: "Chỉ số theo thôn" (each indicator's target,
// counts, rate, rate against target and change since the period before, village by village,
// the issuing unit last) and "Số đếm theo tháng" (support given, month by month). Numbers are
// numbers and rates are fractions shown in a percent format, so the sheets can be calculated on.
import type { Borders, Style, Worksheet } from 'exceljs';
import { loadExcelJS } from '../../lib/exceljs.ts';
import { neutralizeFormulas } from '../../lib/spreadsheet-safe.ts';
import { SUPPORT_COUNT_KEYS, SUPPORT_COUNT_LABELS } from '../../../shared/indicators.ts';
import { formatMonth, indicatorResult, type IndicatorRow, type ReportDocument } from '../../../shared/report-document.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import { TRAINING_METHODS, TRAINING_METHOD_LABELS, TRAINING_TOPICS, TRAINING_TOPIC_LABELS, type TrainingReport } from '../../../shared/trainings.ts';
import { COMMUNICATION_SHEET, communicationSheet } from '../communication/communication.report.ts';

export const INDICATOR_SHEET = 'Chỉ số theo thôn';
export const MONTH_SHEET = 'Số đếm theo tháng';
export const TRAINING_SHEET = 'Tập huấn';

export const COUNT_FORMAT = '#,##0';
export const PERCENT_FORMAT = '0.0%';
/** A change of a rate, in percentage points: signed, so a fall is not missed. */
export const POINTS_FORMAT = '+0.0%;-0.0%;0.0%';

/** The columns each indicator takes, left to right. */
export const INDICATOR_SUBCOLUMNS = [
  { header: 'Chỉ tiêu', width: 9, numFmt: PERCENT_FORMAT },
  { header: 'Số đạt', width: 9, numFmt: COUNT_FORMAT },
  { header: 'Tổng số', width: 9, numFmt: COUNT_FORMAT },
  { header: 'Tỷ lệ đạt', width: 9, numFmt: PERCENT_FORMAT },
  { header: 'So với chỉ tiêu', width: 10, numFmt: PERCENT_FORMAT },
  { header: 'Tăng, giảm so với kỳ trước (điểm %)', width: 12, numFmt: POINTS_FORMAT },
] as const;

const FONT = 'Times New Roman';
const THIN = { style: 'thin', color: { argb: 'FF000000' } } as const;
const BORDERS: Partial<Borders> = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const HEADER_STYLE: Partial<Style> = {
  font: { name: FONT, size: 11, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
  border: BORDERS,
};

function titleRows(sheet: Worksheet, title: string, subtitle: string) {
  sheet.getCell('A1').value = title;
  sheet.getCell('A1').font = { name: FONT, size: 14, bold: true };
  sheet.getCell('A2').value = subtitle;
  sheet.getCell('A2').font = { name: FONT, size: 11, italic: true };
}

function styleHeader(sheet: Worksheet, rows: number[], columns: number) {
  for (const r of rows) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= columns; c++) row.getCell(c).style = HEADER_STYLE;
  }
}

/** The row's cells after STT and name: six per indicator; null leaves a cell empty. */
function indicatorValues(doc: ReportDocument, row: IndicatorRow): Array<number | null> {
  return doc.figures.indicators.flatMap(({ code }) => {
    const figure = row.figures[code];
    if (!figure) return [null, null, null, null, null, null];
    const result = indicatorResult(figure);
    return [figure.target, figure.numerator, figure.denominator, result.actual, result.ofTarget, result.change];
  });
}

function indicatorSheet(sheet: Worksheet, doc: ReportDocument) {
  const { indicators, villages, total } = doc.figures;
  const columns = 2 + indicators.length * INDICATOR_SUBCOLUMNS.length;
  titleRows(
    sheet,
    `Chỉ số chuyển đổi số theo thôn, ${doc.period.label}`,
    `${doc.issuer.shortName}. Số liệu từ ${viDate(doc.period.from)} đến ${viDate(doc.period.to)}.`,
  );

  // Rows 3 and 4: STT and Thôn span both; each indicator's name spans its six columns.
  sheet.getCell('A3').value = 'STT';
  sheet.getCell('B3').value = 'Thôn';
  sheet.mergeCells(3, 1, 4, 1);
  sheet.mergeCells(3, 2, 4, 2);
  indicators.forEach(({ name }, i) => {
    const first = 3 + i * INDICATOR_SUBCOLUMNS.length;
    sheet.getCell(3, first).value = name;
    sheet.mergeCells(3, first, 3, first + INDICATOR_SUBCOLUMNS.length - 1);
    INDICATOR_SUBCOLUMNS.forEach((sub, j) => {
      sheet.getCell(4, first + j).value = sub.header;
    });
  });
  styleHeader(sheet, [3, 4], columns);
  sheet.getRow(3).height = 48;
  sheet.getRow(4).height = 62;

  sheet.getColumn(1).width = 5;
  sheet.getColumn(2).width = 20;
  indicators.forEach((_, i) => {
    INDICATOR_SUBCOLUMNS.forEach((sub, j) => {
      sheet.getColumn(3 + i * INDICATOR_SUBCOLUMNS.length + j).width = sub.width;
    });
  });

  const write = (r: number, index: number | null, row: IndicatorRow, bold: boolean) => {
    const values = indicatorValues(doc, row);
    const excelRow = sheet.getRow(r);
    excelRow.getCell(1).value = index;
    excelRow.getCell(2).value = row.name;
    values.forEach((value, k) => {
      excelRow.getCell(3 + k).value = value;
      excelRow.getCell(3 + k).numFmt = INDICATOR_SUBCOLUMNS[k % INDICATOR_SUBCOLUMNS.length].numFmt;
    });
    for (let c = 1; c <= columns; c++) {
      const cell = excelRow.getCell(c);
      cell.font = { name: FONT, size: 11, bold };
      cell.border = BORDERS;
      if (c === 1) cell.alignment = { horizontal: 'center' };
    }
  };
  villages.forEach((village, i) => write(5 + i, i + 1, village, false));
  write(5 + villages.length, null, total, true);

  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 4, topLeftCell: 'C5', activeCell: 'C5' }];
  // Fifty columns do not fit one sheet of paper legibly: printed across pages, each page
  // repeating the headers and the village names.
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', printTitlesRow: '3:4', printTitlesColumn: 'A:B' };
}

function monthSheet(sheet: Worksheet, doc: ReportDocument) {
  const { months, monthsTotal } = doc.figures;
  const columns = 1 + SUPPORT_COUNT_KEYS.length;
  titleRows(
    sheet,
    `Hỗ trợ người dân theo tháng, ${doc.period.label}`,
    `${doc.issuer.shortName}. Số liệu từ ${viDate(doc.period.from)} đến ${viDate(doc.period.to)}.`,
  );
  const header = sheet.getRow(3);
  header.getCell(1).value = 'Tháng';
  SUPPORT_COUNT_KEYS.forEach((key, i) => {
    header.getCell(2 + i).value = SUPPORT_COUNT_LABELS[key];
  });
  styleHeader(sheet, [3], columns);
  header.height = 32;
  sheet.getColumn(1).width = 12;
  SUPPORT_COUNT_KEYS.forEach((_, i) => {
    sheet.getColumn(2 + i).width = 20;
  });

  const write = (r: number, label: string, counts: Record<(typeof SUPPORT_COUNT_KEYS)[number], number>, bold: boolean) => {
    const row = sheet.getRow(r);
    row.getCell(1).value = label;
    SUPPORT_COUNT_KEYS.forEach((key, i) => {
      row.getCell(2 + i).value = counts[key];
      row.getCell(2 + i).numFmt = COUNT_FORMAT;
    });
    for (let c = 1; c <= columns; c++) {
      row.getCell(c).font = { name: FONT, size: 11, bold };
      row.getCell(c).border = BORDERS;
    }
    row.getCell(1).alignment = { horizontal: 'center' };
  };
  months.forEach((month, i) => write(4 + i, formatMonth(month.month), month, false));
  const totalRow = 4 + months.length;
  write(totalRow, 'Cộng', monthsTotal, true);
  sheet.getCell(totalRow + 2, 1).value =
    'Người được hỗ trợ ở dòng Cộng: mỗi người tính một lần trong cả kỳ, nên có thể nhỏ hơn tổng các tháng.';
  sheet.getCell(totalRow + 2, 1).font = { name: FONT, size: 10, italic: true };

  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 3, topLeftCell: 'B4', activeCell: 'B4' }];
  sheet.pageSetup = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

/**
 * "Tập huấn": members trained in the period / members, by topic and by method, then village by
 * village; the trainings held and what they covered above. Absent when the report froze none.
 */
function trainingSheet(sheet: Worksheet, doc: ReportDocument, t: TrainingReport) {
  titleRows(sheet, `Tập huấn Tổ Công nghệ số cộng đồng, ${doc.period.label}`, `${doc.issuer.shortName}. Số liệu từ ${viDate(doc.period.from)} đến ${viDate(doc.period.to)}.`);
  sheet.getCell('A3').value = `Số lớp đã tổ chức trong kỳ: ${t.held}. Thành viên được tập huấn: có mặt tại lớp hoặc hoàn thành khóa học trực tuyến trong kỳ; số thành viên: đang hoạt động cuối kỳ.`;
  sheet.getCell('A3').font = { name: FONT, size: 10, italic: true };
  sheet.getColumn(1).width = 6;
  sheet.getColumn(2).width = 52;
  for (const c of [3, 4, 5]) sheet.getColumn(c).width = 16;
  let r = 5;
  const block = (title: string, rows: Array<[string, number, number]>, totalRow?: [string, number, number]) => {
    const header = sheet.getRow(r);
    ['STT', title, 'Được tập huấn', 'Số thành viên', 'Tỷ lệ'].forEach((h, i) => { header.getCell(i + 1).value = h; });
    styleHeader(sheet, [r], 5);
    r += 1;
    const write = (index: number | null, [name, trained, members]: [string, number, number], bold: boolean) => {
      const row = sheet.getRow(r);
      row.getCell(1).value = index;
      row.getCell(2).value = name;
      row.getCell(3).value = trained;
      row.getCell(4).value = members;
      row.getCell(5).value = members ? trained / members : null;
      row.getCell(3).numFmt = COUNT_FORMAT;
      row.getCell(4).numFmt = COUNT_FORMAT;
      row.getCell(5).numFmt = PERCENT_FORMAT;
      for (let c = 1; c <= 5; c++) {
        row.getCell(c).font = { name: FONT, size: 11, bold };
        row.getCell(c).border = BORDERS;
      }
      row.getCell(1).alignment = { horizontal: 'center' };
      r += 1;
    };
    rows.forEach((row, i) => write(i + 1, row, false));
    if (totalRow) write(null, totalRow, true);
    r += 1;
  };
  block('Nội dung tập huấn', TRAINING_TOPICS.map((x) => [TRAINING_TOPIC_LABELS[x], t.byTopic[x], t.members]), ['Tổng số (mỗi thành viên tính một lần)', t.trained, t.members]);
  block('Hình thức tập huấn', TRAINING_METHODS.map((m) => [TRAINING_METHOD_LABELS[m], t.byMethod[m], t.members]));
  block('Thôn', t.villages.map((v) => [v.name, v.trained, v.members]), t.villages.length > 1 ? ['Cộng', t.trained, t.members] : undefined);
  sheet.pageSetup = { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

export async function renderReportXlsx(doc: ReportDocument): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = doc.issuer.shortName;
  workbook.title = `${doc.kind} ${doc.subject.join(' ')}`;
  indicatorSheet(workbook.addWorksheet(INDICATOR_SHEET), doc);
  monthSheet(workbook.addWorksheet(MONTH_SHEET), doc);
  if (doc.trainings) trainingSheet(workbook.addWorksheet(TRAINING_SHEET), doc, doc.trainings);
  communicationSheet(workbook.addWorksheet(COMMUNICATION_SHEET), doc.communication, { period: doc.period.label, issuer: doc.issuer.shortName });
  neutralizeFormulas(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
