// Writes one .xlsx sheet as a stream: rows arrive in chunks from the database and leave as
// zipped XML while the next chunk is read, so a province's list never sits in memory. Row 1
// is the header (bold, frozen, with a filter) and nothing goes above it, so the file can be
// imported back as it is.
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { Style, Worksheet } from 'exceljs';
import { loadExcelJS } from '../../lib/exceljs.ts';
import type { FastifyBaseLogger } from 'fastify';
import { foldVietnamese } from '../../../shared/vietnamese.ts';
import { spreadsheetText } from '../../lib/spreadsheet-safe.ts';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CellValue = string | number | Date | null;

export interface SheetColumn<Row> {
  header: string;
  /** Width in characters. */
  width: number;
  /** 'text' cells keep leading zeros when edited (CCCD, phone, household number). */
  type: 'text' | 'number' | 'date' | 'general';
  value: (row: Row, index: number) => CellValue;
}

const NUMBER_FORMATS: Record<SheetColumn<unknown>['type'], string | undefined> = {
  text: '@',
  number: '0',
  date: 'dd/mm/yyyy',
  general: undefined,
};

/**
 * How much written-but-not-yet-compressed XML may wait before the next chunk is read. The
 * zip library ignores backpressure between a sheet and its compressor, so a slow client
 * would otherwise let it grow without bound.
 */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;

export interface SheetStreamOptions<Row> {
  sheetName: string;
  columns: SheetColumn<Row>[];
  chunks: AsyncIterable<Row[]>;
  log: FastifyBaseLogger;
}

/** The .xlsx as a readable stream; rows are read only as fast as the client takes them. */
export function streamSheet<Row>({ sheetName, columns, chunks, log }: SheetStreamOptions<Row>): Readable {
  const output = new PassThrough();
  let finished = false;
  let aborted = false;
  output.once('close', () => { if (!finished) aborted = true; });
  void writeSheet().then(
    () => { finished = true; },
    (error: unknown) => {
      finished = true;
      if (aborted) return; // the client went away; nothing to tell anyone
      log.error({ err: error }, 'xlsx export failed while streaming');
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return output;

  async function writeSheet() {
    const ExcelJS = await loadExcelJS();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
    workbook.creator = 'cnscd';
    const sheet = workbook.addWorksheet(sheetName, {
      views: [{ state: 'frozen', ySplit: 1, activeCell: 'A2' }],
      properties: { defaultRowHeight: 15 },
    });
    sheet.columns = columns.map((column) => ({
      width: column.width,
      style: NUMBER_FORMATS[column.type] ? { numFmt: NUMBER_FORMATS[column.type] } : {},
    }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const header = sheet.addRow(columns.map((column) => column.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    header.commit();

    // One style object per column, shared by its cells: exceljs caches a style's id by the
    // object, so a shared one is looked up once instead of once per cell (twice as fast).
    const styles = columns.map((column) => (NUMBER_FORMATS[column.type] ? { numFmt: NUMBER_FORMATS[column.type] } : {}));
    let index = 0;
    const source = chunks[Symbol.asyncIterator]();
    try {
      // The next chunk is read from the database while this one is written.
      let next = source.next();
      for (;;) {
        const chunk = await next;
        if (chunk.done || aborted) break;
        next = source.next();
        next.catch(() => undefined); // a failure surfaces when awaited, never as unhandled
        for (const item of chunk.value) {
          index += 1;
          // Empty cells are left out (undefined), not written as blanks: fewer objects per row.
          // Text that a spreadsheet could run as a formula is written as text (spreadsheet-safe.ts).
          const values = columns.map((column) => {
            const value = column.value(item, index) ?? undefined;
            return typeof value === 'string' ? spreadsheetText(value) : value;
          });
          const row = sheet.addRow(values);
          for (let i = 0; i < values.length; i++) {
            if (values[i] !== undefined) row.getCell(i + 1).style = styles[i] as Partial<Style>;
          }
          row.commit();
        }
        await untilFlushed(sheet, output, () => aborted);
      }
    } finally {
      await source.return?.(undefined);
    }
    if (aborted) return;
    sheet.commit();
    await workbook.commit();
  }
}

/** Waits until the XML written so far has gone through the compressor to the client. */
async function untilFlushed(sheet: Worksheet, output: Writable & Readable, isAborted: () => boolean): Promise<void> {
  // The worksheet's own buffer and the compressor it is piped into are exceljs/archiver
  // internals; without them only the response's buffer is watched.
  const sheetStream = (sheet as unknown as { stream?: { buffers?: Array<{ length: number }>; pipes?: Writable[] } }).stream;
  const pending = () => {
    const unpiped = sheetStream?.buffers?.reduce((sum, buffer) => sum + buffer.length, 0) ?? 0;
    const compressing = sheetStream?.pipes?.reduce((sum, pipe) => sum + pipe.writableLength, 0) ?? 0;
    return unpiped + compressing + output.writableLength + output.readableLength;
  };
  while (!isAborted() && pending() > MAX_PENDING_BYTES) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Content-Disposition for a Vietnamese file name: an ASCII fallback ("nhan-khau-bach-ngoc-
 * 2026-11-25.xlsx") for old clients and the real name in RFC 5987/6266 `filename*`.
 */
export function attachmentDisposition(title: string, area: string, date: string): string {
  const ascii = `${slug(title)}-${slug(area)}-${date}.xlsx`.replace(/--+/g, '-');
  const unicode = `${title} - ${area} - ${date}.xlsx`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').normalize('NFC');
  const encoded = encodeURIComponent(unicode).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function slug(text: string): string {
  return foldVietnamese(text).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'danh-sach';
}

/** 'YYYY-MM-DD' → a date cell (midnight UTC, which Excel reads as that calendar day). */
export function dateCell(iso: string | null): Date | null {
  if (!iso) return null;
  const [year, month, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}
