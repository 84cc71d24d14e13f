// Reads an uploaded file into sheets of text cells: .xlsx through exceljs (merged cells take
// their master cell's value), .csv by hand (delimiter and encoding guessed). Anything else —
// old .xls, password-protected workbooks, PDFs, empty files — is refused with a Vietnamese
// message that says what to do.
import { unquoteSpreadsheetText } from '../../lib/spreadsheet-safe.ts';
import { createInflateRaw } from 'node:zlib';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../lib/exceljs.ts';
import { IMPORT_LIMITS } from '../../../shared/imports.ts';
import { AppError } from '../../http/app-error.ts';

export interface RawRow {
  /** The row number the officer sees in Excel (1-based). */
  rowNumber: number;
  cells: Array<string | null>;
}

export interface RawSheet {
  name: string;
  rows: RawRow[];
  columnCount: number;
}

export interface RawWorkbook {
  format: 'xlsx' | 'csv';
  sheets: RawSheet[];
}

export interface ReadLimits {
  maxRows: number;
  maxColumns: number;
  /** Uncompressed size of an .xlsx's parts: a small zip can inflate to gigabytes. */
  maxUnzippedBytes: number;
}

// The real inflated bytes of all parts, counted while inflating (never the sizes the zip
// declares). A 50,000-row list is about 15–25 MB of XML; exceljs then holds a few times that.
const DEFAULT_LIMITS: ReadLimits = { maxRows: IMPORT_LIMITS.maxRows, maxColumns: IMPORT_LIMITS.maxColumns, maxUnzippedBytes: 120 * 1024 * 1024 };

const fileError = (code: string, message: string) => new AppError(400, code, message);

/** Rows of a sheet not counted against the limit: title and header rows (as many as header detection scans). */
const HEADER_ALLOWANCE = 30;

const SAVE_AS_XLSX = 'Hãy mở tệp bằng Excel, chọn Tệp → Lưu thành → "Sổ làm việc Excel (*.xlsx)", rồi tải lên tệp mới.';

export async function readWorkbook(buffer: Buffer, fileName: string, limits: Partial<ReadLimits> = {}): Promise<RawWorkbook> {
  const limit = { ...DEFAULT_LIMITS, ...limits };
  const kind = sniff(buffer, fileName);
  const workbook = kind === 'xlsx' ? await readXlsx(buffer, limit) : readCsv(buffer, fileName, limit);
  const rows = workbook.sheets.reduce((n, s) => n + s.rows.length, 0);
  if (rows === 0) throw fileError('import_empty', 'Tệp không có dữ liệu: mọi trang tính đều trống.');
  return workbook;
}

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
const EMPTY_ZIP_MAGIC = Buffer.from('PK\x05\x06', 'latin1');

/** What the bytes are, whatever the file is called. */
function sniff(buffer: Buffer, fileName: string): 'xlsx' | 'csv' {
  if (buffer.length === 0) throw fileError('import_empty', 'Tệp rỗng (0 byte). Hãy chọn lại tệp danh sách.');
  if (buffer.subarray(0, 8).equals(OLE_MAGIC)) {
    // Office puts a password-protected .xlsx inside an OLE container with these streams;
    // without them the container is an Excel 97–2003 workbook.
    if (buffer.includes(Buffer.from('EncryptedPackage', 'utf16le')) || buffer.includes(Buffer.from('EncryptionInfo', 'utf16le'))) {
      throw fileError('import_encrypted', 'Tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi tải lên.');
    }
    throw fileError('import_old_xls', `Tệp Excel 97–2003 (.xls) chưa được hỗ trợ. ${SAVE_AS_XLSX}`);
  }
  if (buffer.subarray(0, 4).equals(ZIP_MAGIC) || buffer.subarray(0, 4).equals(EMPTY_ZIP_MAGIC)) return 'xlsx';
  const head = buffer.subarray(0, 8).toString('latin1');
  if (head.startsWith('%PDF') || head.startsWith('\x89PNG') || head.startsWith('\xff\xd8\xff') || head.startsWith('GIF8') || head.startsWith('Rar!') || head.startsWith('7z\xbc\xaf')) {
    throw notSpreadsheet(fileName);
  }
  if (!looksLikeText(buffer)) throw notSpreadsheet(fileName);
  const start = decodeText(buffer.subarray(0, 4096)).trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<table') || start.includes('<html')) {
    // Some web systems export an HTML table named .xls.
    throw fileError('import_html', `Tệp là một trang web (HTML) được đặt tên như tệp Excel. ${SAVE_AS_XLSX}`);
  }
  if (start.startsWith('<?xml')) throw fileError('import_xml', `Tệp là XML (có thể là "Bảng tính XML 2003"). ${SAVE_AS_XLSX}`);
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension && !['csv', 'txt', 'tsv', 'xlsx'].includes(extension)) throw notSpreadsheet(fileName);
  return 'csv';
}

const notSpreadsheet = (fileName: string) =>
  fileError('import_not_spreadsheet', `Tệp «${fileName}» không phải bảng tính. Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).`);

/** Checks a zip's directory: an Excel workbook, not another kind of zip, and not a zip bomb. */
function checkZip(buffer: Buffer): ZipEntry[] {
  const entries = zipEntries(buffer);
  if (!entries) throw fileError('import_corrupt', `Tệp Excel bị hỏng hoặc tải lên chưa hết, không mở được. ${SAVE_AS_XLSX}`);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('xl/workbook.bin')) throw fileError('import_xlsb', `Tệp Excel nhị phân (.xlsb) chưa được hỗ trợ. ${SAVE_AS_XLSX}`);
    if (names.has('content.xml') && buffer.includes(Buffer.from('opendocument.spreadsheet'))) {
      throw fileError('import_ods', 'Tệp bảng tính OpenDocument (.ods) chưa được hỗ trợ. Hãy lưu lại dưới dạng Excel (.xlsx) rồi tải lên.');
    }
    throw fileError('import_not_spreadsheet', 'Tệp nén này không phải bảng tính Excel (.xlsx). Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
  }
  const unzipped = entries.reduce((n, e) => n + e.size, 0);
  if (unzipped > DEFAULT_LIMITS.maxUnzippedBytes) {
    throw new AppError(413, 'import_too_large', `Tệp Excel quá lớn khi giải nén (${Math.round(unzipped / 1024 / 1024)} MB). Hãy tách danh sách thành nhiều tệp nhỏ hơn.`);
  }
  return entries;
}

const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
// A row element that is not self-closing (an empty row kept only for its height is).
const ROW_TAG = /<(?:\w+:)?row\b[^>]*?(\/?)>/g;

/**
 * Counts the rows of the worksheets by inflating their XML as a stream, without building
 * anything: a file far over the row limit is refused in a fraction of the time (and memory)
 * exceljs would take to load it. Hidden sheets count too, so this is only a guard with a margin.
 */
export async function countWorksheetRows(buffer: Buffer, entries: ZipEntry[]): Promise<number> {
  let rows = 0;
  for (const entry of entries.filter((e) => WORKSHEET_PART.test(e.name))) {
    const local = entry.localOffset;
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== 0x04034b50) continue;
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + entry.compressedSize);
    let tail = '';
    const count = (text: string) => {
      const chunk = tail + text;
      let last = 0;
      for (const match of chunk.matchAll(ROW_TAG)) {
        if (!match[1]) rows++;
        last = match.index + match[0].length;
      }
      // Keep what may be the start of a tag cut by the chunk boundary.
      const open = chunk.lastIndexOf('<');
      tail = open >= last && chunk.length - open < 512 ? chunk.slice(open) : '';
    };
    if (entry.method === 0) count(data.toString('utf8'));
    else if (entry.method === 8) {
      const inflate = createInflateRaw();
      const done = new Promise<void>((resolve, reject) => {
        inflate.on('data', (chunk: Buffer) => count(chunk.toString('latin1')));
        inflate.on('end', resolve);
        inflate.on('error', reject);
      });
      inflate.end(data);
      await done.catch(() => undefined);
    }
  }
  return rows;
}

const bomb = (limit: number) => new AppError(413, 'import_too_large',
  `Tệp Excel quá lớn khi giải nén (hơn ${Math.round(limit / 1024 / 1024)} MB dữ liệu). Hãy tách danh sách thành nhiều tệp nhỏ hơn. / The workbook inflates beyond the limit.`);

/**
 * Inflates every part of the zip as a stream and counts the bytes that really come out,
 * stopping at once past `limit` in total (a zip bomb) or past the size a part declares (a
 * file that lies about its sizes, which unzip libraries trust). Holds one chunk at a time.
 */
export async function measureInflated(buffer: Buffer, entries: ZipEntry[], limit: number): Promise<number> {
  let total = 0;
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== 0x04034b50) {
      throw fileError('import_corrupt', `Tệp Excel bị hỏng hoặc tải lên chưa hết, không mở được. ${SAVE_AS_XLSX}`);
    }
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(start, start + entry.compressedSize);
    let bytes = 0;
    if (entry.method === 0) bytes = data.length;
    else if (entry.method === 8) {
      const inflate = createInflateRaw();
      const problem = await new Promise<AppError | undefined>((resolve) => {
        inflate.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (total + bytes > limit) { inflate.destroy(); resolve(bomb(limit)); }
          else if (bytes > entry.size) {
            inflate.destroy();
            resolve(fileError('import_corrupt', `Tệp Excel bị hỏng hoặc đã bị sửa: phần «${entry.name}» giải nén ra nhiều hơn kích thước tệp khai báo. Không đọc tệp này. ${SAVE_AS_XLSX}`));
          }
        });
        inflate.on('end', () => resolve(undefined));
        inflate.on('error', () => resolve(fileError('import_corrupt', `Tệp Excel bị hỏng, không giải nén được phần «${entry.name}». ${SAVE_AS_XLSX}`)));
        inflate.end(data);
      });
      if (problem) throw problem;
    } else {
      throw fileError('import_corrupt', `Tệp Excel nén theo cách không được hỗ trợ (phần «${entry.name}»). ${SAVE_AS_XLSX}`);
    }
    total += bytes;
    if (total > limit) throw bomb(limit);
  }
  return total;
}

export interface ZipEntry {
  name: string;
  /** Uncompressed size. */
  size: number;
  compressedSize: number;
  method: number;
  localOffset: number;
}

/** The central directory of a zip: entry names, sizes and where their data is; undefined if unreadable. */
export function zipEntries(buffer: Buffer): ZipEntry[] | undefined {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buffer.length - 22; i >= earliest; i--) {
    if (buffer.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) return undefined;
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL) return undefined;
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const size = buffer.readUInt32LE(offset + 24);
    const localOffset = buffer.readUInt32LE(offset + 42);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const name = buffer.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    // 0xffffffff means the real size is in a ZIP64 field: count it as too big to trust.
    entries.push({ name, size: size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 1024 : size, compressedSize, method, localOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// ---- .xlsx ----

async function readXlsx(buffer: Buffer, limit: ReadLimits): Promise<RawWorkbook> {
  const entries = checkZip(buffer);
  // Every part inflated once as a stream, its real bytes counted (exceljs's unzip trusts the file).
  await measureInflated(buffer, entries, limit.maxUnzippedBytes);
  const rowsInXml = await countWorksheetRows(buffer, entries);
  const sheetCount = entries.filter((e) => WORKSHEET_PART.test(e.name)).length;
  if (rowsInXml > limit.maxRows * 1.2 + HEADER_ALLOWANCE * sheetCount) throw tooManyRows(rowsInXml, limit.maxRows, false);
  const workbook = new (await loadExcelJS()).Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw fileError('import_corrupt', `Tệp Excel bị hỏng hoặc không đúng định dạng .xlsx, không mở được. ${SAVE_AS_XLSX}`);
  }
  const sheets: RawSheet[] = [];
  let total = 0;
  for (const worksheet of workbook.worksheets) {
    if (worksheet.state === 'hidden' || worksheet.state === 'veryHidden') continue;
    const rows: RawRow[] = [];
    let columnCount = 0;
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Array<string | null> = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        if (column > limit.maxColumns) return;
        // A merged cell's slaves report the master's value: a "Chủ hộ" merged down over a
        // household's rows fills every row of it.
        cells[column - 1] = cellText(cell.value);
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
      if (!cells.length) return;
      columnCount = Math.max(columnCount, cells.length);
      rows.push({ rowNumber, cells });
    });
    total += Math.max(0, rows.length - HEADER_ALLOWANCE);
    if (total > limit.maxRows) throw tooManyRows(total, limit.maxRows, true);
    sheets.push({ name: worksheet.name, rows, columnCount });
  }
  return { format: 'xlsx', sheets };
}

const tooManyRows = (rows: number, max: number, atLeast: boolean) =>
  new AppError(400, 'import_too_many_rows', `Tệp có ${atLeast ? 'hơn ' : ''}${(atLeast ? max : rows).toLocaleString('vi-VN')} dòng, vượt giới hạn ${max.toLocaleString('vi-VN')} dòng mỗi lần nhập. Hãy tách danh sách thành nhiều tệp (ví dụ mỗi thôn một tệp).`);

/** A cell's value as the text the officer sees; dates as dd/mm/yyyy. */
export function cellText(value: ExcelJS.CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  // PostgreSQL cannot store a NUL character, in text or in jsonb.
  if (typeof value === 'string') return value.trim() === '' ? null : unquoteSpreadsheetText(value.replaceAll('\u0000', ''));
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return cellText(value.richText.map((r) => r.text).join(''));
    if ('error' in value) return null;
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
  }
  return null;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // Integers in full (a CCCD typed as a number has 10–12 digits), never "8.18e+9".
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? BigInt(value).toString() : String(value);
  return String(value);
}

function dateText(date: Date): string | null {
  if (Number.isNaN(date.getTime())) return null;
  // exceljs builds dates in UTC from the serial; half a day of rounding absorbs stray times.
  const rounded = new Date(Math.round(date.getTime() / 86_400_000) * 86_400_000);
  const dd = String(rounded.getUTCDate()).padStart(2, '0');
  const mm = String(rounded.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${rounded.getUTCFullYear()}`;
}

// ---- .csv ----

function looksLikeText(buffer: Buffer): boolean {
  if (hasUtf16Bom(buffer)) return true;
  const sample = buffer.subarray(0, 65536);
  return !sample.includes(0);
}

const hasUtf16Bom = (buffer: Buffer) => (buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff);

/** UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode text"), else Windows-1258 (Vietnamese). */
export function decodeText(buffer: Buffer): string {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer);
  } catch {
    try {
      return new TextDecoder('windows-1258').decode(buffer);
    } catch {
      return new TextDecoder('latin1').decode(buffer);
    }
  }
}

function readCsv(buffer: Buffer, fileName: string, limit: ReadLimits): RawWorkbook {
  const text = decodeText(buffer);
  const rows: RawRow[] = [];
  let columnCount = 0;
  for (const record of parseCsv(text)) {
    const cells = record.cells.slice(0, limit.maxColumns).map((c) => (c.trim() === '' ? null : c.replaceAll('\u0000', '')));
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    if (!cells.length) continue;
    if (rows.length >= limit.maxRows + HEADER_ALLOWANCE) throw tooManyRows(rows.length + 1, limit.maxRows, true);
    columnCount = Math.max(columnCount, cells.length);
    rows.push({ rowNumber: record.rowNumber, cells });
  }
  const name = fileName.replace(/\.[^.]*$/, '').slice(0, 100) || 'CSV';
  return { format: 'csv', sheets: [{ name, rows, columnCount }] };
}

/** RFC 4180 records (quoted fields may hold delimiters, quotes as "" and line breaks). */
export function* parseCsv(text: string): Generator<{ rowNumber: number; cells: string[] }> {
  const delimiter = guessDelimiter(text);
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  // Excel shows a record with a line break inside quotes as one row: rows count records.
  let rowNumber = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === delimiter) { cells.push(field); field = ''; i++; continue; }
    if (c === '\r' || c === '\n') {
      cells.push(field);
      yield { rowNumber, cells };
      cells = []; field = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++; rowNumber++;
      continue;
    }
    field += c; i++;
  }
  if (field !== '' || cells.length) {
    cells.push(field);
    yield { rowNumber, cells };
  }
}

function guessDelimiter(text: string): string {
  const firstLines = text.slice(0, 8192).split(/\r?\n/).slice(0, 10);
  let best = ',';
  let bestScore = -1;
  for (const candidate of [',', ';', '\t', '|']) {
    const score = firstLines.reduce((n, l) => n + l.split(candidate).length - 1, 0);
    if (score > bestScore) { best = candidate; bestScore = score; }
  }
  return best;
}
