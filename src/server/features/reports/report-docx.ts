// A report as a Word document in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4,
// Times New Roman, black; the header block (issuer, Quốc hiệu and tiêu ngữ, số, địa danh and
// date), the title, the body, "Nơi nhận" and the signature; the appendix on a landscape page.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';
import {
  appendixReference,
  formatCell,
  formatDocumentNumber,
  formatPlaceAndDate,
  recipientLines,
  toRoman,
  upperVi,
  type ReportBlock,
  type ReportColumn,
  type ReportDocument,
  type ReportInline,
  type ReportTable,
} from '../../../shared/report-document.ts';

// ---- Page (decree I.1–3, I.7) ----

const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);
/** A4 in twips. */
export const A4 = { width: 11906, height: 16838 } as const;
/**
 * Margins at the low end of the decree's ranges (top and bottom 20–25 mm, left 30–35 mm,
 * right 15–20 mm): the most text per page, the 30 mm binding edge kept.
 */
export const PORTRAIT_MARGINS = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) } as const;
/**
 * The appendix page turned a quarter to the left, as it is bound: its top lies on the sheet's
 * binding edge (30 mm), its bottom on the old right edge (15 mm), its sides on the old top
 * and bottom (20 mm).
 */
export const LANDSCAPE_MARGINS = { top: mm(30), bottom: mm(15), left: mm(20), right: mm(20) } as const;
/** The page number sits in the top margin, 10 mm from the edge. */
const HEADER_DISTANCE = mm(10);
const PORTRAIT_TEXT_WIDTH = A4.width - PORTRAIT_MARGINS.left - PORTRAIT_MARGINS.right;
const LANDSCAPE_TEXT_WIDTH = A4.height - LANDSCAPE_MARGINS.left - LANDSCAPE_MARGINS.right;

const FONT = 'Times New Roman';
const BLACK = '000000';

/** Sizes in points, each inside the decree's range for its element (Phụ lục I, II and V). */
export const SIZES = {
  superior: 13,
  issuer: 13,
  number: 13,
  nationalName: 12,
  motto: 13,
  placeDate: 14,
  kind: 14,
  subject: 14,
  body: 14,
  addressees: 14,
  bodyTable: 12,
  appendixTable: 11,
  recipientsLabel: 12,
  recipients: 11,
  signature: 14,
  pageNumber: 14,
  appendixLabel: 14,
  appendixTitle: 14,
} as const;

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Body paragraphs (decree II.6.e): first line in 1 cm, 6 pt between paragraphs, 1.2 lines. */
const FIRST_LINE_INDENT = mm(10);
const PARAGRAPH_GAP = 120;
const BODY_LINE = 288;

// ---- Text runs ----

interface RunStyle {
  size: number;
  bold?: boolean;
  italics?: boolean;
}

// Every run names its font, size and colour itself, so the document reads the same in an
// editor that ignores the style defaults.
const run = (text: string, style: RunStyle) =>
  new TextRun({
    text,
    bold: style.bold ?? false,
    italics: style.italics ?? false,
    size: style.size * 2,
    font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT },
    color: BLACK,
  });

const tight = { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } as const;

function line(text: string, style: RunStyle, options: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number; after?: number; keepNext?: boolean } = {}) {
  return new Paragraph({
    alignment: options.align ?? AlignmentType.CENTER,
    spacing: { ...tight, before: options.before ?? 0, after: options.after ?? 0 },
    keepNext: options.keepNext,
    children: [run(text, style)],
  });
}

// ---- Rules under the header texts ----

// Advance widths of Times New Roman (1/1000 em), regular and bold, for the letters of a
// header line once its accents are removed. A rule's length is worked out from them: the
// decree sets it against the printed line (tiêu ngữ: as long; issuer, trích yếu: 1/3–1/2).
const WIDTHS_REGULAR: Record<string, number> = {
  ' ': 250, '-': 333, ',': 250, '.': 250, ':': 278, '/': 278, '(': 333, ')': 333,
  A: 722, B: 667, C: 667, D: 722, E: 611, F: 556, G: 722, H: 722, I: 333, J: 389, K: 722, L: 611, M: 889,
  N: 722, O: 722, P: 556, Q: 722, R: 667, S: 556, T: 611, U: 722, V: 722, W: 944, X: 722, Y: 722, Z: 611,
  a: 444, b: 500, c: 444, d: 500, e: 444, f: 333, g: 500, h: 500, i: 278, j: 278, k: 500, l: 278, m: 778,
  n: 500, o: 500, p: 500, q: 500, r: 333, s: 389, t: 278, u: 500, v: 500, w: 722, x: 500, y: 500, z: 444,
};
const WIDTHS_BOLD: Record<string, number> = {
  ' ': 250, '-': 333, ',': 250, '.': 250, ':': 333, '/': 278, '(': 333, ')': 333,
  A: 722, B: 667, C: 722, D: 722, E: 667, F: 611, G: 778, H: 778, I: 389, J: 500, K: 778, L: 667, M: 944,
  N: 722, O: 778, P: 611, Q: 778, R: 722, S: 556, T: 667, U: 722, V: 722, W: 1000, X: 722, Y: 722, Z: 667,
  a: 500, b: 556, c: 444, d: 556, e: 444, f: 333, g: 500, h: 556, i: 278, j: 333, k: 556, l: 278, m: 833,
  n: 556, o: 500, p: 556, q: 556, r: 444, s: 389, t: 333, u: 556, v: 500, w: 722, x: 500, y: 500, z: 444,
};

/** The printed width of a line of Times New Roman, in twips. */
export function textWidth(text: string, size: number, bold: boolean): number {
  const widths = bold ? WIDTHS_BOLD : WIDTHS_REGULAR;
  const plain = text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  let thousandths = 0;
  for (const char of plain) thousandths += widths[char] ?? (/\d/.test(char) ? 500 : 556);
  return Math.round((thousandths / 1000) * size * 20);
}

const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: BLACK, space: 1 };
const CELL_MARGIN = 108;

/**
 * A horizontal rule of the given length, centred in a space of `room` twips: an empty, tiny
 * paragraph whose top border is the rule, its ends set by the paragraph's indents.
 */
function rule(length: number, room: number): Paragraph {
  const side = Math.max(0, Math.round((room - length) / 2));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    indent: { left: side, right: side },
    // The space before keeps the rule off the accents under the line above (ạ, ọ).
    spacing: { before: 60, after: 0, line: 120, lineRule: LineRuleType.EXACT },
    border: { top: RULE },
    children: [run('', { size: 2 })],
  });
}

// ---- Tables ----

const NO_BORDERS = TableBorders.NONE;
const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: BLACK };
const GRID = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN };

/** Shares `total` twips out in the proportions of `weights`, the rounding left to the last. */
function share(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const out = weights.map((weight) => Math.floor((total * weight) / sum));
  out[out.length - 1] += total - out.reduce((a, b) => a + b, 0);
  return out;
}

function cellParagraph(text: string, size: number, bold: boolean, align: (typeof AlignmentType)[keyof typeof AlignmentType], pad: number) {
  return new Paragraph({ alignment: align, spacing: { before: pad, after: pad, line: 240, lineRule: LineRuleType.AUTO }, children: [run(text, { size, bold })] });
}

const alignOf = (column: ReportColumn) => (column.kind === 'text' ? AlignmentType.LEFT : AlignmentType.CENTER);

/** Body tables breathe a little; the appendix's are packed so sixteen villages fit one page. */
function dataTable(table: ReportTable, width: number, size: number): Table {
  const pad = size >= SIZES.bodyTable ? 30 : 0;
  const widths = share(width, table.columns.map((column) => column.width));
  const grouped = table.columns.some((column) => column.group !== undefined);
  const headerCell = (text: string, span: number, cellWidth: number, rowSpan = 1) =>
    new TableCell({
      columnSpan: span > 1 ? span : undefined,
      rowSpan: rowSpan > 1 ? rowSpan : undefined,
      width: { size: cellWidth, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      children: [cellParagraph(text, size, true, AlignmentType.CENTER, pad)],
    });

  const headerRows: TableRow[] = [];
  if (grouped) {
    const top: TableCell[] = [];
    const bottom: TableCell[] = [];
    for (let i = 0; i < table.columns.length; ) {
      const group = table.columns[i].group;
      if (group === undefined) {
        top.push(headerCell(table.columns[i].header, 1, widths[i], 2));
        i++;
        continue;
      }
      let j = i;
      while (j < table.columns.length && table.columns[j].group === group) {
        bottom.push(headerCell(table.columns[j].header, 1, widths[j]));
        j++;
      }
      top.push(headerCell(group, j - i, widths.slice(i, j).reduce((a, b) => a + b, 0)));
      i = j;
    }
    headerRows.push(new TableRow({ tableHeader: true, cantSplit: true, children: top }), new TableRow({ tableHeader: true, cantSplit: true, children: bottom }));
  } else {
    headerRows.push(new TableRow({ tableHeader: true, cantSplit: true, children: table.columns.map((column, i) => headerCell(column.header, 1, widths[i])) }));
  }

  const bodyRows = table.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: table.columns.map(
          (column, i) =>
            new TableCell({
              width: { size: widths[i], type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.CENTER,
              children: [cellParagraph(formatCell(row.cells[i] ?? null, column), size, row.total === true, alignOf(column), pad)],
            }),
        ),
      }),
  );

  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID,
    // Narrow figure columns get the room that cell margins would take.
    margins: pad === 0 ? { left: 57, right: 57 } : undefined,
    rows: [...headerRows, ...bodyRows],
  });
}

function tableBlock(table: ReportTable, width: number, size: number): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [];
  if (table.title) out.push(line(table.title, { size: size + 1, bold: true }, { before: PARAGRAPH_GAP, keepNext: true }));
  if (table.unit) out.push(line(table.unit, { size, italics: true }, { align: AlignmentType.RIGHT, before: table.title ? 0 : PARAGRAPH_GAP, after: 60, keepNext: true }));
  out.push(dataTable(table, width, size));
  return out;
}

// ---- Body ----

const inlines = (text: ReportInline | readonly ReportInline[]): readonly ReportInline[] => (Array.isArray(text) ? text : [text as ReportInline]);

function bodyParagraph(children: ParagraphChild[], keepNext = false) {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: PARAGRAPH_GAP, after: 0, line: BODY_LINE, lineRule: LineRuleType.AUTO },
    keepNext,
    children,
  });
}

function blocksOf(list: readonly ReportBlock[], last?: ReportBlock): Array<Paragraph | Table> {
  return list.flatMap((block, i) => {
    if (block.kind === 'table') return tableBlock(block.table, PORTRAIT_TEXT_WIDTH, SIZES.bodyTable);
    const parts = inlines(block.text).map((part) =>
      typeof part === 'string' ? run(part, { size: SIZES.body }) : run(part.text, { size: SIZES.body, bold: part.bold, italics: part.italic }),
    );
    // The sentence that leads into a table stays on its page; the body's last paragraph goes
    // with the signature, which never stands on a page alone.
    return [bodyParagraph(parts, list[i + 1]?.kind === 'table' || block === last)];
  });
}

function body(doc: ReportDocument): Array<Paragraph | Table> {
  const all = [...doc.opening, ...doc.sections.flatMap((section) => [...section.blocks, ...section.items.flatMap((item) => item.blocks)]), ...doc.closing];
  const last = all.at(-1);
  const blocks = (list: readonly ReportBlock[]) => blocksOf(list, last);
  const out = blocks(doc.opening);
  doc.sections.forEach((section, s) => {
    // Decree Phụ lục I, V.6.b: a mục's number and title in capitals, bold.
    out.push(bodyParagraph([run(`${toRoman(s + 1)}. ${upperVi(section.title)}`, { size: SIZES.body, bold: true })], true));
    out.push(...blocks(section.blocks));
    section.items.forEach((item, i) => {
      // A khoản with a title: its number and title on a line of their own, bold.
      out.push(bodyParagraph([run(`${i + 1}. ${item.title}`, { size: SIZES.body, bold: true })], true));
      out.push(...blocks(item.blocks));
    });
  });
  out.push(...blocks(doc.closing));
  return out;
}

// ---- Header block, title, addressees, closing ----

const LAYOUT_WIDTH = PORTRAIT_TEXT_WIDTH + 2 * CELL_MARGIN;
const HEADER_COLUMNS = share(LAYOUT_WIDTH, [38, 62]);

/**
 * A layout table without borders. It reaches one cell margin past the text on each side, so
 * its text lines up with the margins: "Nơi nhận" sits on the left margin (decree II.9.d).
 */
function borderless(rows: TableRow[], widths: number[]) {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    indent: { size: -CELL_MARGIN, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows,
  });
}

const cell = (width: number, children: Paragraph[], verticalAlign: (typeof VerticalAlignTable)[keyof typeof VerticalAlignTable] = VerticalAlignTable.TOP) =>
  new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, verticalAlign, children });

function headerBlock(doc: ReportDocument): Table {
  const [left, right] = HEADER_COLUMNS;
  const leftRoom = left - 2 * CELL_MARGIN;
  const rightRoom = right - 2 * CELL_MARGIN;

  const issuer: Paragraph[] = [];
  if (doc.issuer.superior) issuer.push(line(upperVi(doc.issuer.superior), { size: SIZES.superior }));
  for (const name of doc.issuer.name) issuer.push(line(upperVi(name), { size: SIZES.issuer, bold: true }));
  const issuerWidth = Math.max(...doc.issuer.name.map((name) => textWidth(upperVi(name), SIZES.issuer, true)));
  issuer.push(rule(Math.round(issuerWidth * 0.4), leftRoom));

  const national = [
    line(NATIONAL_NAME, { size: SIZES.nationalName, bold: true }),
    line(MOTTO, { size: SIZES.motto, bold: true }),
    rule(textWidth(MOTTO, SIZES.motto, true), rightRoom),
  ];

  // Decree II.4.c: the date line is on the same line as the number, under the tiêu ngữ.
  const numberLine = doc.number ? [line(formatDocumentNumber(doc.number), { size: SIZES.number }, { before: 120 })] : [line('', { size: SIZES.number })];
  const dateLine = [line(formatPlaceAndDate(doc.place, doc.issuedOn, doc.year), { size: SIZES.placeDate, italics: true }, { before: 120 })];

  return borderless(
    [
      new TableRow({ cantSplit: true, children: [cell(left, issuer), cell(right, national)] }),
      new TableRow({ cantSplit: true, children: [cell(left, numberLine, VerticalAlignTable.BOTTOM), cell(right, dateLine, VerticalAlignTable.BOTTOM)] }),
    ],
    HEADER_COLUMNS,
  );
}

function titleBlock(doc: ReportDocument): Paragraph[] {
  const out = [line(upperVi(doc.kind), { size: SIZES.kind, bold: true }, { before: 480, keepNext: true })];
  for (const subject of doc.subject) out.push(line(subject, { size: SIZES.subject, bold: true }, { keepNext: true }));
  const subjectWidth = Math.min(PORTRAIT_TEXT_WIDTH, Math.max(...doc.subject.map((subject) => textWidth(subject, SIZES.subject, true))));
  out.push(rule(Math.round(subjectWidth * 0.4), PORTRAIT_TEXT_WIDTH));
  return out;
}

/** Decree II.9.d (ô 9a): "Kính gửi: X." on one line, or a dashed list under the colon. */
function addresseesBlock(doc: ReportDocument): Array<Paragraph | Table> {
  if (doc.addressees.length === 0) return [];
  const style = { size: SIZES.addressees };
  if (doc.addressees.length === 1) return [line(`Kính gửi: ${doc.addressees[0].replace(/[;.]+$/, '')}.`, style, { before: 240 })];
  const labelWidth = textWidth('Kính gửi: ', SIZES.addressees, false) + 2 * CELL_MARGIN;
  const listWidth = Math.max(...doc.addressees.map((name) => textWidth(`- ${name};`, SIZES.addressees, false))) + 2 * CELL_MARGIN + 60;
  const side = Math.max(0, Math.round((LAYOUT_WIDTH - labelWidth - listWidth) / 2));
  const items = doc.addressees.map((name, i) => line(`- ${name.replace(/[;.]+$/, '')}${i === doc.addressees.length - 1 ? '.' : ';'}`, style, { align: AlignmentType.LEFT }));
  const widths = [side + labelWidth, LAYOUT_WIDTH - side - labelWidth];
  return [
    line('', { size: 6 }, { before: 120 }),
    borderless(
      [new TableRow({ cantSplit: true, children: [cell(widths[0], [line('Kính gửi:', style, { align: AlignmentType.RIGHT })]), cell(widths[1], items)] })],
      widths,
    ),
  ];
}

const CLOSING_COLUMNS = share(LAYOUT_WIDTH, [45, 55]);

function closingBlock(doc: ReportDocument): Array<Paragraph | Table> {
  const [left, right] = CLOSING_COLUMNS;
  const recipients = [
    line('Nơi nhận:', { size: SIZES.recipientsLabel, bold: true, italics: true }, { align: AlignmentType.LEFT }),
    ...recipientLines(doc).map((text) => line(text, { size: SIZES.recipients }, { align: AlignmentType.LEFT })),
  ];
  const signature: Paragraph[] = [];
  if (doc.signature.authority) signature.push(line(upperVi(doc.signature.authority), { size: SIZES.signature, bold: true }));
  signature.push(line(upperVi(doc.signature.title), { size: SIZES.signature, bold: true }));
  // Room for the handwritten signature and the seal (ô 7c, 8) above the name.
  signature.push(line(doc.signature.name, { size: SIZES.signature, bold: true }, { before: 1700 }));
  return [
    line('', { size: 6 }, { before: 240, keepNext: true }),
    borderless([new TableRow({ cantSplit: true, children: [cell(left, recipients), cell(right, signature)] })], CLOSING_COLUMNS),
  ];
}

// ---- Appendix (decree III.1) ----

function appendixBlock(doc: ReportDocument): Array<Paragraph | Table> {
  if (!doc.appendix) return [];
  return [
    line('Phụ lục', { size: SIZES.appendixLabel, bold: true }, { keepNext: true }),
    line(upperVi(doc.appendix.title), { size: SIZES.appendixTitle, bold: true }, { keepNext: true }),
    line(appendixReference(doc, doc.issuer.shortName), { size: SIZES.appendixTitle, italics: true }, { after: 120, keepNext: true }),
    ...tableBlock(doc.appendix.table, LANDSCAPE_TEXT_WIDTH, SIZES.appendixTable),
  ];
}

// ---- Document ----

function pageNumberHeader() {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: tight,
        children: [new TextRun({ children: [PageNumber.CURRENT], size: SIZES.pageNumber * 2, font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT }, color: BLACK })],
      }),
    ],
  });
}

/** A document's sections: its portrait body, then its appendix on landscape pages. */
function sectionsOf(doc: ReportDocument, first: boolean): ISectionOptions[] {
  // Decree I.7: numbered from 1, centred in the top margin, no number on the first page.
  const headers = () => ({ default: pageNumberHeader(), first: new Header({ children: [new Paragraph({ spacing: tight, children: [] })] }) });
  const sections: ISectionOptions[] = [
    {
      headers: headers(),
      properties: {
        // A document after the first of a file starts on a new page, numbered on its own.
        ...(first ? {} : { type: SectionType.NEXT_PAGE }),
        titlePage: true,
        page: {
          size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT },
          margin: { ...PORTRAIT_MARGINS, header: HEADER_DISTANCE, footer: HEADER_DISTANCE },
          ...(first ? {} : { pageNumbers: { start: 1 } }),
        },
      },
      children: [headerBlock(doc), ...titleBlock(doc), ...addresseesBlock(doc), ...body(doc), ...closingBlock(doc)],
    },
  ];
  if (doc.appendix) {
    sections.push({
      headers: headers(),
      properties: {
        type: SectionType.NEXT_PAGE,
        titlePage: true,
        page: {
          // docx swaps width and height for a landscape page.
          size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE },
          margin: { ...LANDSCAPE_MARGINS, header: HEADER_DISTANCE, footer: HEADER_DISTANCE },
          // Decree III.1.đ: an appendix's pages are numbered on their own.
          pageNumbers: { start: 1 },
        },
      },
      children: appendixBlock(doc),
    });
  }
  return sections;
}

export async function renderReportDocx(doc: ReportDocument): Promise<Buffer> {
  return renderDocuments([doc]);
}

/**
 * Several documents in one file, each from a new page with its own page numbers, in the same
 * layout: an award dossier (tờ trình, biên bản, báo cáo thành tích of each nominee).
 */
export async function renderReportDocuments(docs: readonly ReportDocument[]): Promise<Buffer> {
  if (!docs.length) throw new Error('renderReportDocuments: no document');
  return renderDocuments(docs);
}

async function renderDocuments(docs: readonly ReportDocument[]): Promise<Buffer> {
  const doc = docs[0];
  const sections = docs.flatMap((d, i) => sectionsOf(d, i === 0));

  const document = new Document({
    creator: doc.issuer.name.join(' '),
    title: `${doc.kind} ${doc.subject.join(' ')}`,
    styles: {
      default: {
        document: {
          run: { font: { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT }, size: SIZES.body * 2, color: BLACK },
          paragraph: { spacing: { before: 0, after: 0 } },
        },
      },
    },
    sections,
  });
  return Packer.toBuffer(document);
}

