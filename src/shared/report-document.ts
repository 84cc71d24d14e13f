// The content of a report as the renderers take it (report-docx.ts, report-xlsx.ts): the
// parts of an administrative document in the order of Nghị định 30/2020/NĐ-CP, Phụ lục I, and
// the frozen figures behind it; plus the small rules of the decree that are text, not layout
// (the date line, the number, the "Nơi nhận" list) and number formatting for Vietnamese text.
import { z } from 'zod';
import type { CommFigures } from './communication.ts';
import { SUPPORT_COUNT_KEYS, type SupportCountKey } from './indicators.ts';
import type { TrainingReport } from './trainings.ts';

// ---- The document ----

export interface ReportIssuer {
  /**
   * The body directly above the issuer, capitals, not bold (decree II.2.b), common phrases
   * abbreviated: a village head's report carries "UBND XÃ BẠCH NGỌC" over "THÔN BẢN BÓ".
   * Absent for the commune's own report (its people's committee has no superior named).
   */
  superior?: string;
  /** The issuer's name, one entry per printed line: ['ỦY BAN NHÂN DÂN', 'XÃ BẠCH NGỌC']. */
  name: readonly string[];
  /** The issuer as named inside a sentence: 'UBND xã Bạch Ngọc', 'Thôn Bản Bó'. */
  shortName: string;
}

export interface ReportNumber {
  /** The registry number, null until the văn thư registers the document (printed as dots). */
  value: number | null;
  /** Type and issuer abbreviations: 'BC-UBND'. */
  symbol: string;
}

/** Bold or italic inside a paragraph; plain strings are plain text. */
export type ReportInline = string | { text: string; bold?: boolean; italic?: boolean };

export type ReportBlock =
  | { kind: 'paragraph'; text: ReportInline | readonly ReportInline[] }
  | { kind: 'table'; table: ReportTable };

/** A khoản of a section: numbered 1., 2., … by its position, its title in bold. */
export interface ReportItem {
  title: string;
  blocks: readonly ReportBlock[];
}

/** A mục of the body: numbered I., II., … by its position, its title in capitals, bold. */
export interface ReportSection {
  title: string;
  blocks: readonly ReportBlock[];
  items: readonly ReportItem[];
}

/**
 * How a column's values read: index (STT), text, count (9.900), percent (a fraction: 0.705 →
 * 70,5%) or points (a change of a fraction: 0.012 → +1,2, in percentage points).
 */
export type ReportColumnKind = 'index' | 'text' | 'count' | 'percent' | 'points';

export interface ReportColumn {
  header: string;
  /** Columns side by side with the same group share a header cell above theirs. */
  group?: string;
  kind: ReportColumnKind;
  /** Relative width; the renderer shares the text width out in these proportions. */
  width: number;
  /** Percent cells print without "%" when the header already says "(%)" (narrow columns). */
  bare?: boolean;
}

export type ReportCell = string | number | null;

export interface ReportTableRow {
  cells: readonly ReportCell[];
  /** A total row is printed bold. */
  total?: boolean;
}

export interface ReportTable {
  /** Printed above the table, centred, bold. */
  title?: string;
  /** "Đơn vị tính: …", printed above the table on the right, italic. */
  unit?: string;
  columns: readonly ReportColumn[];
  rows: readonly ReportTableRow[];
}

export interface ReportAppendix {
  /** The appendix's name, printed in capitals under "Phụ lục". */
  title: string;
  table: ReportTable;
}

export interface ReportSignature {
  /** The authority the signer signs with: 'KT. CHỦ TỊCH', 'TM. ỦY BAN NHÂN DÂN'; none for a village head. */
  authority?: string;
  /** The signer's office: 'PHÓ CHỦ TỊCH', 'TRƯỞNG THÔN'. */
  title: string;
  name: string;
}

export interface ReportPeriod {
  /** 'tháng 02 năm 2026', as it reads inside a sentence. */
  label: string;
  from: string;
  to: string;
}

export interface ReportDocument {
  issuer: ReportIssuer;
  /** null: no "Số:" line (a village head's report is not registered by a văn thư). */
  number: ReportNumber | null;
  /**
   * The địa danh: the administrative unit where the issuer sits (decree II.4.a), 'Bạch Ngọc'
   * for the commune and for its villages alike (a village is not an administrative unit).
   */
  place: string;
  /** 'YYYY-MM-DD' once signed; null on a draft (printed "ngày … tháng … năm <year>"). */
  issuedOn: string | null;
  year: number;
  /** The document type, 'BÁO CÁO'. */
  kind: string;
  /** The trích yếu, one entry per printed line. */
  subject: readonly string[];
  /** "Kính gửi": the superior bodies a report goes to; empty when none is named. */
  addressees: readonly string[];
  period: ReportPeriod;
  /** Paragraphs before section I ("Thực hiện Kế hoạch số …"). */
  opening: readonly ReportBlock[];
  sections: readonly ReportSection[];
  /** Paragraphs after the last section ("Trên đây là báo cáo …./."). */
  closing: readonly ReportBlock[];
  /** "Nơi nhận", without "Như trên" (added when there are addressees) and without "Lưu". */
  recipients: readonly string[];
  /** Where the original is kept: ['VT'] → "- Lưu: VT."; ['VT', 'VHXH'] → "- Lưu: VT, VHXH.". */
  archive: readonly string[];
  signature: ReportSignature;
  appendix: ReportAppendix | null;
  /** The frozen figures; the .xlsx is made of these. */
  figures: ReportFigures;
  /** The trainings of the period (its own sheet in the .xlsx); null when the report froze none. */
  trainings?: TrainingReport | null;
  /** The period's communication as frozen (its own .xlsx sheet); absent in a report frozen before it was recorded. */
  communication?: CommFigures;
}

// ---- The figures ----

const count = z.number().int();

export const IndicatorFigureSchema = z.object({
  /** The target as a fraction (0.7 for 70 %), null when none is set. */
  target: z.number().nullable(),
  numerator: count,
  denominator: count,
  /** The same counts at the end of the period before, null when there is none. */
  previous: z.object({ numerator: count, denominator: count }).nullable(),
});
export type IndicatorFigure = z.infer<typeof IndicatorFigureSchema>;

export const IndicatorRowSchema = z.object({
  /** The unit's name: 'Thôn Bản Bó', or 'Toàn xã' on the total row. */
  name: z.string(),
  figures: z.record(z.string(), IndicatorFigureSchema).readonly(),
});
export type IndicatorRow = z.infer<typeof IndicatorRowSchema>;

const SupportCountsSchema = z.object({ visits: count, peopleSupported: count, procedures: count, appsInstalled: count }) satisfies z.ZodType<Record<SupportCountKey, number>>;
export type SupportCounts = z.infer<typeof SupportCountsSchema>;

export const MonthCountsSchema = SupportCountsSchema.extend({
  /** 'YYYY-MM'. */
  month: z.string(),
});
export type MonthCounts = z.infer<typeof MonthCountsSchema>;

export const ReportFiguresSchema = z.object({
  indicators: z.array(z.object({ code: z.string(), name: z.string() })).readonly(),
  /** One row per village, in the order they are printed. */
  villages: z.array(IndicatorRowSchema).readonly(),
  /** The issuing unit as a whole (totalIndicatorRow() sums the villages). */
  total: IndicatorRowSchema,
  months: z.array(MonthCountsSchema).readonly(),
  /**
   * The whole period's counts. peopleSupported counts each person once, so it is not the
   * sum of the months (a person helped in January and in February is one person).
   */
  monthsTotal: SupportCountsSchema,
});
export type ReportFigures = z.infer<typeof ReportFiguresSchema>;

// ---- The decree's text rules ----

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "Bạch Ngọc, ngày 05 tháng 02 năm 2026". Decree II.4.b: days under 10 and months 1 and 2
 * take a leading zero ("ngày 05 tháng 01", "ngày 29 tháng 6"), so the month cannot be
 * altered by writing a digit before it. A draft (no date yet) leaves the day and month blank.
 */
export function formatPlaceAndDate(place: string, issuedOn: string | null, year: number): string {
  if (issuedOn === null) return `${place}, ngày … tháng … năm ${year}`;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(issuedOn);
  if (!match) throw new Error(`Ngày ban hành không hợp lệ: ${issuedOn}`);
  const day = Number(match[3]);
  const month = Number(match[2]);
  const dayText = day < 10 ? pad2(day) : String(day);
  const monthText = month <= 2 ? pad2(month) : String(month);
  return `${place}, ngày ${dayText} tháng ${monthText} năm ${match[1]}`;
}

/** "Số: 05/BC-UBND" (decree II.3.c: numbers under 10 take a leading zero); "Số: ……/BC-UBND" before registration. */
export function formatDocumentNumber(number: ReportNumber): string {
  const value = number.value === null ? '……' : number.value < 10 ? pad2(number.value) : String(number.value);
  return `Số: ${value}/${number.symbol}`;
}

/**
 * The "Nơi nhận" lines (decree II.9): each a dash, a semicolon at its end, "Như trên" first
 * when the report names addressees, and "Lưu: VT, …." last, ending with a full stop.
 */
export function recipientLines(doc: Pick<ReportDocument, 'recipients' | 'archive' | 'addressees'>): string[] {
  const lines = [...(doc.addressees.length > 0 ? ['Như trên'] : []), ...doc.recipients].map((line) => `- ${line.replace(/[;.]+$/, '')};`);
  lines.push(`- Lưu: ${(doc.archive.length > 0 ? doc.archive : ['VT']).join(', ')}.`);
  return lines;
}

const ROMAN: ReadonlyArray<[number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

export function toRoman(n: number): string {
  let rest = n;
  let out = '';
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/** Capitals with Vietnamese letters kept: "ủy ban" → "ỦY BAN". */
export const upperVi = (text: string) => text.normalize('NFC').toLocaleUpperCase('vi');

/** "(Kèm theo Báo cáo số 05/BC-UBND ngày 05 tháng 02 năm 2026 của UBND xã Bạch Ngọc)". */
export function appendixReference(doc: Pick<ReportDocument, 'kind' | 'number' | 'issuedOn' | 'year' | 'place'>, issuerShortName: string): string {
  const kind = doc.kind.charAt(0) + doc.kind.slice(1).toLocaleLowerCase('vi');
  const number = doc.number ? ` ${formatDocumentNumber(doc.number).replace(/^Số: /, 'số ')}` : '';
  const date = formatPlaceAndDate('', doc.issuedOn, doc.year).replace(/^, /, '');
  return `(Kèm theo ${kind}${number} ${date} của ${issuerShortName})`;
}

// ---- Numbers in Vietnamese text ----

const countFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 9900 → "9.900". */
export const formatCount = (n: number) => countFormat.format(n);

/** A fraction as a percent with one decimal: 0.705 → "70,5%" ("70,5" bare). */
export const formatPercent = (fraction: number, bare = false) => `${oneDecimal.format(fraction * 100)}${bare ? '' : '%'}`;

/** A change of a fraction in percentage points, signed: 0.012 → "+1,2", -0.004 → "-0,4". */
export function formatPoints(delta: number): string {
  const rounded = Math.round(delta * 1000) / 10;
  if (rounded === 0) return '0,0';
  return `${rounded > 0 ? '+' : '-'}${oneDecimal.format(Math.abs(rounded))}`;
}

/** 'YYYY-MM' → '02/2026'. */
export const formatMonth = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

/** A table cell as printed: null is a dash (no figure), numbers by the column's kind. */
export function formatCell(cell: ReportCell, column: Pick<ReportColumn, 'kind' | 'bare'>): string {
  if (cell === null) return '-';
  if (typeof cell === 'string') return cell;
  switch (column.kind) {
    case 'percent':
      return formatPercent(cell, column.bare);
    case 'points':
      return formatPoints(cell);
    case 'count':
      return formatCount(cell);
    default:
      return String(cell);
  }
}

// ---- Figures into results and tables ----

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

export interface IndicatorResult {
  /** Numerator over denominator, null with no denominator. */
  actual: number | null;
  /** actual / target: 1 is the target reached; null without a target. */
  ofTarget: number | null;
  /** actual minus the actual of the period before, a fraction (percentage points / 100). */
  change: number | null;
}

export function indicatorResult(figure: IndicatorFigure): IndicatorResult {
  const actual = ratio(figure.numerator, figure.denominator);
  const previous = figure.previous ? ratio(figure.previous.numerator, figure.previous.denominator) : null;
  return {
    actual,
    ofTarget: actual !== null && figure.target ? actual / figure.target : null,
    change: actual !== null && previous !== null ? actual - previous : null,
  };
}

/**
 * A total row made of village rows: numerators and denominators add up (every person and
 * household belongs to one village); the targets are the issuing unit's own.
 */
export function totalIndicatorRow(
  name: string,
  indicators: ReadonlyArray<{ code: string }>,
  villages: readonly IndicatorRow[],
  targets: Readonly<Record<string, number | null>>,
): IndicatorRow {
  const figures: Record<string, IndicatorFigure> = {};
  for (const { code } of indicators) {
    const rows = villages.map((village) => village.figures[code]).filter((figure): figure is IndicatorFigure => figure !== undefined);
    const withPrevious = rows.filter((figure) => figure.previous !== null);
    figures[code] = {
      target: targets[code] ?? null,
      numerator: rows.reduce((sum, figure) => sum + figure.numerator, 0),
      denominator: rows.reduce((sum, figure) => sum + figure.denominator, 0),
      // A previous level for only some villages would compare unlike totals.
      previous:
        rows.length > 0 && withPrevious.length === rows.length
          ? {
              numerator: withPrevious.reduce((sum, figure) => sum + (figure.previous?.numerator ?? 0), 0),
              denominator: withPrevious.reduce((sum, figure) => sum + (figure.previous?.denominator ?? 0), 0),
            }
          : null,
    };
  }
  return { name, figures };
}

/**
 * The body's indicator table for the issuing unit: one row per indicator with its target,
 * the counts, the rate, the rate against the target and the change since the period before.
 */
export function indicatorSummaryTable(figures: ReportFigures): ReportTable {
  return {
    columns: [
      // Widths in twips of a portrait page's text (9,355): "100,0%" fits on one line at 12 pt.
      { header: 'STT', kind: 'index', width: 720 },
      { header: 'Chỉ tiêu', kind: 'text', width: 2535 },
      { header: 'Kế hoạch', kind: 'percent', width: 1000 },
      { header: 'Số đạt', kind: 'count', width: 950 },
      { header: 'Tổng số', kind: 'count', width: 950 },
      { header: 'Tỷ lệ đạt', kind: 'percent', width: 1000 },
      { header: 'So với kế hoạch', kind: 'percent', width: 1050 },
      { header: 'Tăng, giảm (điểm %)', kind: 'points', width: 1150 },
    ],
    rows: figures.indicators.map(({ code, name }, index) => {
      const figure = figures.total.figures[code];
      if (!figure) return { cells: [index + 1, name, null, null, null, null, null, null] };
      const result = indicatorResult(figure);
      return {
        cells: [index + 1, name, figure.target, figure.numerator, figure.denominator, result.actual, result.ofTarget, result.change],
      };
    }),
  };
}

/**
 * The appendix by village: each indicator's rate (%) and its change since the period before,
 * the issuing unit's total last. Sixteen columns of figures: it is printed on a landscape page.
 */
export function villageAppendixTable(figures: ReportFigures): ReportTable {
  const columns: ReportColumn[] = [
    // Widths in twips of a landscape page's text (14,570) at 11 pt: the village names on one line.
    { header: 'STT', kind: 'index', width: 600 },
    { header: 'Thôn', kind: 'text', width: 2000 },
  ];
  for (const { name } of figures.indicators) {
    columns.push({ header: 'Tỷ lệ (%)', group: name, kind: 'percent', width: 748, bare: true });
    columns.push({ header: 'Tăng, giảm', group: name, kind: 'points', width: 748 });
  }
  const rowOf = (row: IndicatorRow, index: ReportCell, total: boolean): ReportTableRow => ({
    total,
    cells: [
      index,
      row.name,
      ...figures.indicators.flatMap(({ code }) => {
        const figure = row.figures[code];
        if (!figure) return [null, null];
        const result = indicatorResult(figure);
        return [result.actual, result.change];
      }),
    ],
  });
  return {
    unit: 'Đơn vị tính: %; tăng, giảm tính bằng điểm phần trăm so với kỳ trước',
    columns,
    rows: [...figures.villages.map((row, index) => rowOf(row, index + 1, false)), rowOf(figures.total, '', true)],
  };
}

/** The months' counts added up, peopleSupported excepted (it cannot be; see ReportFigures). */
export function sumMonthCounts(months: readonly MonthCounts[], peopleSupported: number): SupportCounts {
  const total = Object.fromEntries(SUPPORT_COUNT_KEYS.map((key) => [key, months.reduce((sum, month) => sum + month[key], 0)])) as SupportCounts;
  return { ...total, peopleSupported };
}
