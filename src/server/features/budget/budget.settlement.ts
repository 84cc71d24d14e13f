// Quyết toán: the year's estimate against what was spent, by line and by funding source, and
// the list of vouchers — as an Excel workbook (numbers stay numbers) and as a Word report in
// the Nghị định 30/2020 layout (rendered by the reports' renderer, so the same page, fonts and
// checks). Settling freezes the year: every later write of it is refused.
import type { Kysely } from 'kysely';
import type { Borders, Style, Worksheet } from 'exceljs';
import {
  BUDGET_ACTIVITIES,
  BUDGET_ACTIVITY_LABELS,
  FUNDING_SOURCES,
  FUNDING_SOURCE_LABELS,
  formatVnd,
  type BudgetFigures,
  type BudgetYearView,
  type SettleInput,
} from '../../../shared/budget.ts';
import { formatCount, type ReportDocument, type ReportTable, upperVi } from '../../../shared/report-document.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { can } from '../../../shared/roles.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import type { Attachment } from '../../http/attachment.ts';
import { forbidden, invalid } from '../../http/app-error.ts';
import { loadExcelJS } from '../../lib/exceljs.ts';
import { neutralizeFormulas } from '../../lib/spreadsheet-safe.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { renderReportDocx } from '../reports/report-docx.ts';
import { communeLeaderName, linesOfYear, sheetsOfYear, settleYear, spendingOfYear, voucherFileCounts, type LineRow, type SpendingRow } from './budget.queries.ts';
import { addFigures, budgetYear, communeInScope, figuresOf, linkView, openYear } from './budget.service.ts';

const zero = (): BudgetFigures => ({ estimateVnd: 0, initialVnd: 0, committedVnd: 0, spentVnd: 0, remainingVnd: 0 });

export async function settle(db: Kysely<DB>, actor: Actor, input: SettleInput): Promise<BudgetYearView> {
  if (!can(actor.role, 'budget.manage')) throw forbidden('Chỉ Phòng Kinh tế được quyết toán kinh phí.');
  const unit = await communeInScope(db, actor, input.orgUnitId);
  await openYear(db, unit.id, input.year);
  const lines = await linesOfYear(db, unit.id, input.year);
  if (!lines.length) throw invalid('year', `Năm: xã ${unit.name} chưa có dòng kinh phí nào năm ${input.year}; không có gì để quyết toán.`);
  const open = (await sheetsOfYear(db, unit.id, input.year)).filter((s) => s.status !== 'posted');
  if (open.length) {
    throw invalid('year', `Năm: còn bảng phụ cấp chưa ghi chi (tháng ${open.map((s) => String(s.month).padStart(2, '0')).join(', ')}); ghi chi hoặc xóa các bảng đó trước khi quyết toán.`);
  }
  await settleYear(db, unit.id, input.year, actor.accountId, input.note);
  const total = lines.reduce((acc, l) => addFigures(acc, figuresOf(l)), zero());
  await writeAudit(db, actor, { action: 'update', entity: 'budget_year', entityId: `${unit.id}:${input.year}`, orgUnitId: unit.id, detail: { settled: true, note: input.note, ...total } });
  return budgetYear(db, actor, { orgUnitId: unit.id, year: input.year });
}

// ---- The settlement's content ----

export interface Settlement {
  commune: { id: number; name: string };
  year: number;
  settledOn: string | null;
  lines: Array<{ row: LineRow; figures: BudgetFigures }>;
  bySource: Array<{ source: (typeof FUNDING_SOURCES)[number]; figures: BudgetFigures }>;
  byActivity: Array<{ activity: (typeof BUDGET_ACTIVITIES)[number]; figures: BudgetFigures }>;
  total: BudgetFigures;
  vouchers: Array<{ row: SpendingRow; linkLabel: string; files: number }>;
  signer: string | null;
}

export async function settlementOf(db: Kysely<DB>, actor: Actor, query: { orgUnitId: number; year: number }): Promise<Settlement> {
  const unit = await communeInScope(db, actor, query.orgUnitId);
  const [rows, spending, view, signer] = await Promise.all([
    linesOfYear(db, unit.id, query.year), spendingOfYear(db, unit.id, query.year), budgetYear(db, actor, query), communeLeaderName(db, unit.id),
  ]);
  const lines = rows.map((row) => ({ row, figures: figuresOf(row) }));
  const sum = (list: typeof lines) => list.reduce((acc, l) => addFigures(acc, l.figures), zero());
  // One query for every voucher's files: the list may hold hundreds of entries.
  const files = new Map((await voucherFileCounts(db, unit.id, query.year)).map((r) => [r.owner_id, r.n]));
  const vouchers = spending.map((row) => ({ row, linkLabel: linkView(row)?.label ?? '', files: files.get(row.id) ?? 0 }));
  await writeAudit(db, actor, { action: 'export', entity: 'budget_year', entityId: `${unit.id}:${query.year}`, orgUnitId: unit.id, detail: { settlement: true, vouchers: vouchers.length } });
  return {
    commune: { id: unit.id, name: unit.name }, year: query.year, settledOn: view.totals.settledAt ? view.totals.settledAt.slice(0, 10) : null,
    lines,
    bySource: FUNDING_SOURCES.map((source) => ({ source, figures: sum(lines.filter((l) => l.row.source === source)) })),
    byActivity: BUDGET_ACTIVITIES.map((activity) => ({ activity, figures: sum(lines.filter((l) => l.row.activity === activity)) })),
    total: sum(lines),
    vouchers,
    signer,
  };
}

export const settlementTitle = (s: Pick<Settlement, 'commune' | 'year'>) => `Quyết toán kinh phí Tổ CNSCĐ năm ${s.year} - Xã ${s.commune.name}`;

// ---- Excel ----

export const SETTLEMENT_SHEET = 'Quyết toán';
export const VOUCHER_SHEET = 'Chứng từ';
export const ACTIVITY_SHEET = 'Theo nội dung';
const FONT = 'Times New Roman';
const MONEY = '#,##0';
const THIN = { style: 'thin', color: { argb: 'FF000000' } } as const;
const BORDERS: Partial<Borders> = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const HEADER: Partial<Style> = {
  font: { name: FONT, size: 11, bold: true },
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
  border: BORDERS,
};

function table(sheet: Worksheet, title: string, subtitle: string, columns: Array<{ header: string; width: number; money?: boolean }>, rows: Array<{ cells: Array<string | number | null>; total?: boolean }>) {
  sheet.getCell('A1').value = title;
  sheet.getCell('A1').font = { name: FONT, size: 14, bold: true };
  sheet.getCell('A2').value = subtitle;
  sheet.getCell('A2').font = { name: FONT, size: 11, italic: true };
  const header = sheet.getRow(4);
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
    header.getCell(i + 1).value = c.header;
    header.getCell(i + 1).style = HEADER;
  });
  header.height = 32;
  rows.forEach((r, n) => {
    const row = sheet.getRow(5 + n);
    r.cells.forEach((value, i) => {
      const cell = row.getCell(i + 1);
      cell.value = value;
      cell.font = { name: FONT, size: 11, bold: r.total ?? false };
      cell.border = BORDERS;
      if (columns[i].money) cell.numFmt = MONEY;
      cell.alignment = { vertical: 'middle', wrapText: !columns[i].money };
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: 4 }];
}

const figureCells = (f: BudgetFigures) => [f.initialVnd, f.estimateVnd, f.spentVnd, f.committedVnd, f.estimateVnd - f.spentVnd];
const FIGURE_COLUMNS = [
  { header: 'Dự toán đầu năm (đồng)', width: 16, money: true },
  { header: 'Dự toán sau điều chỉnh (đồng)', width: 16, money: true },
  { header: 'Thực chi (đồng)', width: 16, money: true },
  { header: 'Cam kết chưa chi (đồng)', width: 15, money: true },
  { header: 'Còn lại (đồng)', width: 15, money: true },
];

export async function settlementXlsx(s: Settlement): Promise<Buffer> {
  const ExcelJS = await loadExcelJS();
  const book = new ExcelJS.Workbook();
  book.creator = `UBND xã ${s.commune.name}`;
  const subtitle = `Xã ${s.commune.name}, năm ${s.year}${s.settledOn ? ` - đã quyết toán ngày ${viDate(s.settledOn)}` : ' - chưa quyết toán (số liệu đến ngày ' + viDate(todayInVietnam()) + ')'}`;

  // By funding source, each source's lines under it, the whole year last.
  const rows: Array<{ cells: Array<string | number | null>; total?: boolean }> = [];
  let n = 0;
  for (const { source, figures } of s.bySource) {
    const own = s.lines.filter((l) => l.row.source === source);
    if (!own.length) continue;
    rows.push({ cells: [null, FUNDING_SOURCE_LABELS[source], null, null, ...figureCells(figures)], total: true });
    for (const l of own) rows.push({ cells: [++n, l.row.title, BUDGET_ACTIVITY_LABELS[l.row.activity as keyof typeof BUDGET_ACTIVITY_LABELS], l.row.legal_basis, ...figureCells(l.figures)] });
  }
  rows.push({ cells: [null, 'Tổng cộng', null, null, ...figureCells(s.total)], total: true });
  table(book.addWorksheet(SETTLEMENT_SHEET), `Quyết toán kinh phí hoạt động Tổ Công nghệ số cộng đồng năm ${s.year}`, subtitle, [
    { header: 'STT', width: 6 }, { header: 'Dòng kinh phí', width: 40 }, { header: 'Nội dung chi', width: 20 }, { header: 'Căn cứ', width: 30 }, ...FIGURE_COLUMNS,
  ], rows);

  table(book.addWorksheet(ACTIVITY_SHEET), `Kinh phí theo nội dung chi năm ${s.year}`, subtitle, [{ header: 'Nội dung chi', width: 36 }, ...FIGURE_COLUMNS], [
    ...s.byActivity.filter((a) => a.figures.estimateVnd || a.figures.spentVnd).map((a) => ({ cells: [BUDGET_ACTIVITY_LABELS[a.activity], ...figureCells(a.figures)] })),
    { cells: ['Tổng cộng', ...figureCells(s.total)], total: true },
  ]);

  const spent = s.vouchers.reduce((sum, v) => sum + Number(v.row.amount_vnd), 0);
  table(book.addWorksheet(VOUCHER_SHEET), `Danh sách chứng từ chi năm ${s.year}`, subtitle, [
    { header: 'STT', width: 6 }, { header: 'Ngày chi', width: 12 }, { header: 'Số chứng từ', width: 14 }, { header: 'Người nhận', width: 32 }, { header: 'Diễn giải', width: 40 },
    { header: 'Chi cho', width: 36 }, { header: 'Dòng kinh phí', width: 32 }, { header: 'Nguồn', width: 18 }, { header: 'Số tiền (đồng)', width: 16, money: true }, { header: 'Tệp chứng từ', width: 10 },
  ], [
    ...s.vouchers.map((v, i) => ({
      cells: [i + 1, viDate(v.row.spent_on), v.row.voucher_no, v.row.payee, v.row.description, v.linkLabel, v.row.line_title,
        FUNDING_SOURCE_LABELS[v.row.source as keyof typeof FUNDING_SOURCE_LABELS], Number(v.row.amount_vnd), v.files],
    })),
    { cells: [null, null, null, 'Tổng cộng', null, null, null, null, spent, null], total: true },
  ]);
  neutralizeFormulas(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

// ---- Word (Nghị định 30/2020) ----

const money = { kind: 'count' as const };

function figuresTable(title: string | undefined, first: string, rows: Array<{ name: string; figures: BudgetFigures; total?: boolean }>): ReportTable {
  return {
    title, unit: 'Đơn vị tính: đồng',
    columns: [
      { header: 'STT', kind: 'index', width: 5 }, { header: first, kind: 'text', width: 28 },
      { header: 'Dự toán', ...money, width: 16 }, { header: 'Thực chi', ...money, width: 16 }, { header: 'Còn lại', ...money, width: 15 },
      { header: 'Tỷ lệ chi', kind: 'percent', width: 10 },
    ],
    rows: rows.map((r, i) => ({
      cells: [r.total ? null : i + 1, r.name, r.figures.estimateVnd, r.figures.spentVnd, r.figures.estimateVnd - r.figures.spentVnd, r.figures.estimateVnd ? r.figures.spentVnd / r.figures.estimateVnd : null],
      total: r.total,
    })),
  };
}

export function settlementDocument(s: Settlement): ReportDocument {
  const name = s.commune.name;
  const year = s.year;
  const t = s.total;
  const rate = t.estimateVnd ? Math.round((t.spentVnd / t.estimateVnd) * 1000) / 10 : 0;
  const revised = s.lines.filter((l) => l.figures.initialVnd !== l.figures.estimateVnd);
  const over = s.lines.filter((l) => l.figures.spentVnd > l.figures.estimateVnd);
  const period = `năm ${year}`;
  return {
    issuer: { name: ['ỦY BAN NHÂN DÂN', upperVi(`xã ${name}`)], shortName: `UBND xã ${name}` },
    number: { value: null, symbol: 'BC-UBND' },
    place: name,
    issuedOn: s.settledOn,
    year: s.settledOn ? Number(s.settledOn.slice(0, 4)) : year,
    kind: 'BÁO CÁO',
    subject: ['Quyết toán kinh phí hoạt động của Tổ Công nghệ số cộng đồng', `xã ${name} năm ${year}`],
    addressees: [],
    period: { label: period, from: `${year}-01-01`, to: `${year}-12-31` },
    opening: [{
      kind: 'paragraph',
      text: `Thực hiện Kế hoạch hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn xã ${name} năm ${year}, UBND xã ${name} báo cáo quyết toán kinh phí thực hiện ${period} như sau:`,
    }],
    sections: [
      {
        title: 'Dự toán kinh phí được giao',
        blocks: [
          { kind: 'paragraph', text: `Tổng dự toán năm ${year}: ${formatVnd(t.estimateVnd)}${t.initialVnd !== t.estimateVnd ? ` (dự toán đầu năm ${formatVnd(t.initialVnd)}, điều chỉnh ${revised.length} dòng kinh phí trong năm)` : ''}, theo nguồn như sau:` },
          { kind: 'table', table: figuresTable(undefined, 'Nguồn kinh phí', [
            ...s.bySource.filter((b) => b.figures.estimateVnd || b.figures.spentVnd).map((b) => ({ name: FUNDING_SOURCE_LABELS[b.source], figures: b.figures })),
            { name: 'Tổng cộng', figures: t, total: true },
          ]) },
        ],
        items: [],
      },
      {
        title: 'Kết quả thực hiện',
        blocks: [
          { kind: 'paragraph', text: `Tổng số đã chi: ${formatVnd(t.spentVnd)}, đạt ${rate.toLocaleString('vi-VN')}% dự toán, với ${formatCount(s.vouchers.length)} chứng từ (danh sách tại Phụ lục); số còn lại ${formatVnd(t.estimateVnd - t.spentVnd)}.${t.committedVnd ? ` Các khoản đã cam kết chưa chi: ${formatVnd(t.committedVnd)}.` : ''}` },
          { kind: 'table', table: figuresTable(undefined, 'Nội dung chi', [
            ...s.byActivity.filter((a) => a.figures.estimateVnd || a.figures.spentVnd).map((a) => ({ name: BUDGET_ACTIVITY_LABELS[a.activity], figures: a.figures })),
            { name: 'Tổng cộng', figures: t, total: true },
          ]) },
          ...(over.length
            ? [{ kind: 'paragraph' as const, text: `Các dòng chi vượt dự toán (đã được xác nhận khi ghi chi): ${over.map((l) => `${l.row.title} (vượt ${formatVnd(l.figures.spentVnd - l.figures.estimateVnd)})`).join('; ')}.` }]
            : []),
        ],
        items: [],
      },
      {
        title: 'Chi tiết theo dòng kinh phí',
        blocks: [{ kind: 'table', table: figuresTable(undefined, 'Dòng kinh phí', [...s.lines.map((l) => ({ name: l.row.title, figures: l.figures })), { name: 'Tổng cộng', figures: t, total: true }]) }],
        items: [],
      },
    ],
    closing: [{ kind: 'paragraph', text: `Trên đây là báo cáo quyết toán kinh phí hoạt động của Tổ Công nghệ số cộng đồng xã ${name} ${period}./.` }],
    recipients: ['TT Đảng ủy, HĐND xã (b/c)', 'CT, PCT UBND xã', 'Phòng Kinh tế', 'Phòng Văn hóa - Xã hội'],
    archive: ['VT', 'KT'],
    signature: { authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: s.signer ?? '' },
    appendix: {
      title: `Danh sách chứng từ chi năm ${year}`,
      table: {
        unit: 'Đơn vị tính: đồng',
        columns: [
          { header: 'STT', kind: 'index', width: 4 }, { header: 'Ngày chi', kind: 'text', width: 9 }, { header: 'Số chứng từ', kind: 'text', width: 9 },
          { header: 'Người nhận', kind: 'text', width: 22 }, { header: 'Chi cho', kind: 'text', width: 28 }, { header: 'Nguồn', kind: 'text', width: 12 }, { header: 'Số tiền', kind: 'count', width: 12 },
        ],
        rows: [
          ...s.vouchers.map((v, i) => ({
            cells: [i + 1, viDate(v.row.spent_on), v.row.voucher_no, v.row.payee, v.linkLabel || v.row.description || v.row.line_title,
              FUNDING_SOURCE_LABELS[v.row.source as keyof typeof FUNDING_SOURCE_LABELS], Number(v.row.amount_vnd)],
          })),
          { cells: [null, null, null, 'Tổng cộng', null, null, t.spentVnd], total: true },
        ],
      },
    },
    figures: { indicators: [], villages: [], total: { name: '', figures: {} }, months: [], monthsTotal: { visits: 0, peopleSupported: 0, procedures: 0, appsInstalled: 0 } },
  };
}

export async function settlementFile(db: Kysely<DB>, actor: Actor, query: { orgUnitId: number; year: number }, format: 'xlsx' | 'docx'): Promise<Attachment> {
  const s = await settlementOf(db, actor, query);
  const name = settlementTitle(s);
  if (format === 'xlsx') return { name, extension: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await settlementXlsx(s) };
  return { name, extension: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: await renderReportDocx(settlementDocument(s)) };
}
