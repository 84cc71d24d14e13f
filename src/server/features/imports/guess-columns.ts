// Finds the header row of a sheet (below title rows, possibly over two rows when a merged
// "Ngày sinh" splits into "Nam" | "Nữ") and guesses each column's field from its Vietnamese
// header, case- and diacritic-insensitive, with the abbreviations commune lists use.
import { createHash } from 'node:crypto';
import type { GroupingMode, ImportField, SheetMapping } from '../../../shared/imports.ts';
import { foldVietnamese } from '../../../shared/vietnamese.ts';
import type { RawRow, RawSheet } from './read-workbook.ts';

/** A header folded to plain lower-case words: "Số CCCD/Số định danh" → "so cccd so dinh danh". */
export function foldHeader(text: string | null): string {
  if (!text) return '';
  return foldVietnamese(text).replace(/\([^)]*\)/g, ' ').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Headers that are recognised but imported nowhere (they still tell a header row from data). */
const KNOWN_IGNORED = /^(stt|tt|so tt|so thu tu|thu tu|nghe nghiep|nghe|ton giao|que quan|noi sinh|trinh do.*|hoc van|quoc tich|noi lam viec|ngay cap|noi cap|ngay dang ky.*|hoc sinh.*|la hoc sinh|sinh vien)$/;

/**
 * The field a header names, null for a recognised column that is not imported (STT…), or
 * undefined when the header means nothing known. Order matters: "Họ tên chủ hộ" is the head,
 * not the person; "Ngày tháng năm sinh" is a date, not a year.
 */
export function guessField(header: string | null): ImportField | null | undefined {
  const h = foldHeader(header);
  if (!h) return undefined;
  const words = h.split(' ');
  const has = (phrase: string) => ` ${h} `.includes(` ${phrase} `);
  if (KNOWN_IGNORED.test(h)) return null;
  if (has('quan he') || /^(qh|qhch|qhvch|qh voi ch|qh ch)$/.test(h)) return 'relationToHead';
  if (has('chu ho') || h === 'ch') return has('so') && !has('ten') ? 'householdNumber' : 'headName';
  if (has('cccd') || has('can cuoc') || has('dinh danh') || has('cmnd') || has('cmt') || has('cmnd cccd') || h === 'so cc') return 'cccd';
  if (/^(so ho|ma ho|so ho khau|ma so ho|ma ho gia dinh|so so ho khau|so hgd|ma hgd|ho so|stt ho|so thu tu ho)( .*)?$/.test(h)) return 'householdNumber';
  if (has('sinh') || h === 'ns') {
    const last = words[words.length - 1];
    if (h === 'nam sinh' || h === 'sinh nam') return 'birthYear';
    if (last === 'nam' && words.length > 1 && has('sinh')) return 'birthDateMale';
    if (last === 'nu') return 'birthDateFemale';
    if (has('ngay') || has('thang') || h === 'ns' || has('sinh ngay')) return 'birthDate';
    if (has('nam sinh') || has('sinh nam')) return 'birthYear';
    if (has('noi sinh')) return null;
    return 'birthDate';
  }
  if (h === 'nam') return 'birthDateMale';
  if (h === 'nu') return 'birthDateFemale';
  if (has('gioi tinh') || /^(gt|phai|gioi|nam nu|nam hoac nu)$/.test(h)) return 'sex';
  if (has('ho va ten') || has('ho ten') || has('ho chu dem va ten') || /^(ten|ho va chu dem ten|ten nhan khau|ho, ten)$/.test(h)) return 'fullName';
  if (has('dan toc')) return 'ethnicity';
  if (has('dien thoai') || /^(sdt|dt|so dt|dtdd|dt lien he|so dtdd|dt di dong|di dong|mobile|phone)$/.test(h)) return 'phone';
  if (/^(thon|ban|lang|ap|khu|khu pho|to dan pho|tdp|thon ban|thon to|thon xom|thon lang|ten thon|thon to dan pho|don vi)( .*)?$/.test(h) && !/^(khu vuc)/.test(h)) {
    return h.startsWith('thon') || h.startsWith('ban') || h.startsWith('to dan pho') || h.startsWith('tdp') || h.startsWith('ten thon') || h === 'lang' || h === 'ap' || h === 'khu' || h === 'khu pho' || h === 'don vi' ? 'village' : 'hamletGroup';
  }
  if (/^(xom|to|cum|nhom|doi|xom to|to xom|cum dan cu|nhom ho)( .*)?$/.test(h)) return 'hamletGroup';
  if (has('dia chi') || has('noi o') || has('cho o') || has('noi cu tru') || has('thuong tru') || has('tam tru') || has('so nha')) return 'address';
  if (has('ghi chu') || h === 'gc') return 'note';
  return undefined;
}

export interface HeaderGuess {
  headerRow: number;
  dataStartRow: number;
  headers: string[];
  columns: Array<ImportField | null>;
}

const HEADER_SCAN_ROWS = 30;

function rowScore(row: RawRow): { score: number; hasName: boolean } {
  const fields = new Set<string>();
  let recognised = 0;
  for (const cell of row.cells) {
    const field = guessField(cell);
    if (field === undefined) continue;
    recognised++;
    if (field) fields.add(field);
  }
  return { score: fields.size + (recognised - fields.size) * 0.25, hasName: fields.has('fullName') };
}

/** Each column's header text over the header rows (a merged group label and its sub-labels joined). */
export function headerTexts(rows: RawRow[], columnCount: number): string[] {
  const headers: string[] = [];
  for (let c = 0; c < columnCount; c++) {
    const parts: string[] = [];
    for (const row of rows) {
      const text = row.cells[c]?.replace(/\s+/g, ' ').trim();
      if (text && !parts.includes(text)) parts.push(text);
    }
    headers.push(parts.join(' '));
  }
  return headers;
}

/** Column numbers under a header ("1 2 3 …" or "(1) (2) …"), printed on official forms. */
function isColumnNumberRow(row: RawRow | undefined): boolean {
  if (!row) return false;
  const filled = row.cells.filter((c): c is string => c !== null);
  return filled.length >= 3 && filled.every((c) => /^\(?\s*(\d{1,2}|[A-Z])\s*\)?$/.test(c.trim()));
}

/**
 * The header row: the row among the first 30 that names the most known fields, a person's
 * name among them. A row just below it that only holds sub-labels ("Nam" | "Nữ" under a
 * merged "Ngày sinh") joins the header, and a row of column numbers under it is skipped.
 */
export function detectHeader(sheet: RawSheet): HeaderGuess | null {
  const candidates = sheet.rows.slice(0, HEADER_SCAN_ROWS);
  let best: { index: number; score: number } | null = null;
  for (const [index, row] of candidates.entries()) {
    const { score, hasName } = rowScore(row);
    if (!hasName || score < 2) continue;
    if (!best || score > best.score) best = { index, score };
  }
  if (!best) return null;
  let first = best.index;
  let last = best.index;
  const bestRow = sheet.rows[best.index];
  const below = sheet.rows[best.index + 1];
  if (below && below.rowNumber === bestRow.rowNumber + 1 && isSubHeader(below, bestRow)) last = best.index + 1;
  const above = sheet.rows[best.index - 1];
  // Filled-down merges can make the lower header row the best one: take the upper one too.
  if (above && above.rowNumber === bestRow.rowNumber - 1 && isSubHeader(bestRow, above) && rowScore(above).score >= 2) first = best.index - 1;
  const headerRows = sheet.rows.slice(first, last + 1);
  let dataStart = sheet.rows[last].rowNumber + 1;
  if (isColumnNumberRow(sheet.rows[last + 1])) dataStart = sheet.rows[last + 1].rowNumber + 1;
  const headers = headerTexts(headerRows, sheet.columnCount);
  return { headerRow: headerRows[0].rowNumber, dataStartRow: dataStart, headers, columns: guessColumns(headers) };
}

const SUB_LABELS = new Set(['nam', 'nu']);

/** A row under a header holding only sub-labels ("Nam" | "Nữ") beside the cells above repeated (vertical merges). */
function isSubHeader(row: RawRow, upper: RawRow): boolean {
  let labels = 0;
  for (const [c, cell] of row.cells.entries()) {
    if (cell === null || cell === upper.cells[c]) continue;
    if (!SUB_LABELS.has(foldHeader(cell))) return false;
    labels++;
  }
  return labels > 0;
}

/** Fields for headers; a field claimed twice keeps its first column (the second is ignored). */
export function guessColumns(headers: string[]): Array<ImportField | null> {
  const seen = new Set<ImportField>();
  return headers.map((header) => {
    const field = guessField(header);
    if (!field || seen.has(field)) return null;
    seen.add(field);
    return field;
  });
}

/** The same header texts give the same signature, whatever the case, accents or spacing. */
export function headerSignature(headers: string[]): string {
  const normalized = headers.map(foldHeader);
  while (normalized.length && normalized[normalized.length - 1] === '') normalized.pop();
  return createHash('sha256').update(normalized.join('\u0001')).digest('hex').slice(0, 32);
}

/**
 * How households are told apart: by "Số hộ" when the file has it filled, else by the
 * "Chủ hộ" column, else by relation when some rows say "Chủ hộ", else by blank rows.
 */
export function guessGrouping(columns: Array<ImportField | null>, dataRows: RawRow[]): GroupingMode {
  const filled = (field: ImportField) => {
    const c = columns.indexOf(field);
    if (c < 0 || !dataRows.length) return 0;
    return dataRows.filter((r) => r.cells[c] !== null && r.cells[c] !== undefined).length / dataRows.length;
  };
  if (filled('householdNumber') >= 0.3) return 'household_number';
  if (filled('headName') >= 0.3) return 'head_column';
  const relation = columns.indexOf('relationToHead');
  if (relation >= 0 && dataRows.some((r) => foldHeader(r.cells[relation]) === 'chu ho' || foldHeader(r.cells[relation]) === 'ch')) return 'relation';
  return 'blank_rows';
}

// ---- villages ----

const VILLAGE_PREFIX = /^(thon|ban|xom|lang|ap|khu pho|khu|to dan pho|tdp|to|khoi|buon|plei|soc)\s+/;

/** A village's name without "Thôn", "Bản", "Tổ dân phố"…: "Thôn Nà Pồng" → "na pong". */
export function villageKey(name: string): string {
  let key = foldHeader(name);
  for (let i = 0; i < 2; i++) key = key.replace(VILLAGE_PREFIX, '');
  return key;
}

export interface VillageRef {
  id: number;
  name: string;
}

/** The village a text names ("Nà Pồng", "THÔN NÀ PỒNG", "thon na pong", "Thôn 3"). */
export function findVillage(text: string, villages: VillageRef[]): VillageRef | undefined {
  const key = villageKey(text);
  if (!key) return undefined;
  return villages.find((v) => villageKey(v.name) === key) ?? villages.find((v) => foldHeader(v.name) === foldHeader(text));
}

/**
 * The village of a sheet: its name, else a title row above the header, else the only village
 * in scope — unless the name or title names a village outside the area (no default then).
 */
export function guessSheetVillage(
  sheet: RawSheet, headerRow: number | null, villages: VillageRef[], outside: VillageRef[] = [],
): { village: VillageRef; from: 'sheet_name' | 'title' | 'only_village' } | null {
  const byName = findVillage(sheet.name, villages);
  if (byName) return { village: byName, from: 'sheet_name' };
  if (findVillage(sheet.name, outside)) return null;
  // Without a header row there are no title rows to read (a summary sheet lists villages in its data).
  const titles = headerRow === null ? [] : sheet.rows.filter((r) => r.rowNumber < headerRow).slice(0, 10);
  let found: VillageRef | undefined;
  let foundLength = 0;
  const known = new Set(villages);
  for (const row of titles) {
    for (const cell of new Set(row.cells)) {
      const text = ` ${foldHeader(cell)} `;
      if (text.trim() === '') continue;
      for (const village of [...villages, ...outside]) {
        const key = villageKey(village.name);
        // "Thôn 3" must not match inside "Thôn 13": whole words only, the longest name wins.
        if (key && text.includes(` ${key} `) && key.length > foundLength) { found = village; foundLength = key.length; }
      }
    }
  }
  if (found) return known.has(found) ? { village: found, from: 'title' } : null;
  if (villages.length === 1) return { village: villages[0], from: 'only_village' };
  return null;
}

/** A first mapping for a sheet: detected header, guessed columns, grouping and village. */
export function guessSheetMapping(
  sheet: RawSheet, sheetIndex: number, villages: VillageRef[], outside: VillageRef[] = [],
): { mapping: SheetMapping; header: HeaderGuess | null; village: ReturnType<typeof guessSheetVillage> } {
  const header = detectHeader(sheet);
  const village = guessSheetVillage(sheet, header?.headerRow ?? null, villages, outside);
  const columns = header?.columns ?? [];
  const dataRows = header ? sheet.rows.filter((r) => r.rowNumber >= header.dataStartRow) : [];
  return {
    header,
    village,
    mapping: {
      sheetIndex,
      include: Boolean(header),
      headerRow: header?.headerRow ?? sheet.rows[0]?.rowNumber ?? 1,
      dataStartRow: header?.dataStartRow ?? (sheet.rows[0]?.rowNumber ?? 1) + 1,
      columns,
      villageId: village?.village.id ?? null,
      grouping: guessGrouping(columns, dataRows),
    },
  };
}
