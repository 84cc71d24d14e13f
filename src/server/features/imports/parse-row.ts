// Reads one stored row through the sheet's mapping (and the officer's fixes): each field
// normalised, its problems named by the file's own column header. The planning step
// (plan-import.ts) then gathers the rows into households.
import { checkCccd, CCCD_PROVINCE_CODES } from '../../../shared/cccd.ts';
import { IMPORT_FIELD_LABELS, type ImportField, type ProblemLevel, type SheetMapping } from '../../../shared/imports.ts';
import { foldVietnamese, normalizeName } from '../../../shared/vietnamese.ts';
import { findVillage, foldHeader } from './guess-columns.ts';
import {
  isMark, parseBirth, parseCccd, parseEthnicity, parseHouseholdNumber, parseName, parsePhone, parseRelation, parseSex, parseText, sexFromName,
} from './normalize-values.ts';
import type { PlanContext, PlannedRow, RowProblem, SheetInfo, StoredRow } from './plan-types.ts';

const FOOTER = /^(tong|cong|nguoi lap|nguoi ghi|xac nhan|truong thon|ky ten|ky va|t m|tm |ngay \d|danh sach|ubnd|uy ban|can bo)/;

function cellOf(row: StoredRow, mapping: SheetMapping, field: ImportField): { text: string | null; column: number } {
  const column = mapping.columns.indexOf(field);
  if (row.fixes && field in row.fixes) {
    const fixed = row.fixes[field];
    return { text: fixed === undefined || fixed === null || fixed.trim() === '' ? null : fixed, column };
  }
  if (column < 0) return { text: null, column };
  const text = row.cells[column];
  return { text: text === undefined || text === null || text.trim() === '' ? null : text, column };
}

/** "Dòng 12, cột «Ngày sinh»: …" — the column as headed in the file. */
export function problemMessage(rowNumber: number, column: string | null, detail: string): string {
  return column ? `Dòng ${rowNumber}, cột «${column}»: ${detail}` : `Dòng ${rowNumber}: ${detail}`;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const foldedHeaderCache = new WeakMap<SheetInfo, string[]>();
function foldedHeaders(sheet: SheetInfo): string[] {
  let folded = foldedHeaderCache.get(sheet);
  if (!folded) foldedHeaderCache.set(sheet, (folded = sheet.headers.map(foldHeader)));
  return folded;
}

export function parseRow(row: StoredRow, sheet: SheetInfo, mapping: SheetMapping, context: Pick<PlanContext, 'today' | 'villages' | 'outsideVillages'>): PlannedRow {
  const problems: RowProblem[] = [];
  const columnName = (field: ImportField, column: number) => (column >= 0 ? sheet.headers[column] || IMPORT_FIELD_LABELS[field] : IMPORT_FIELD_LABELS[field]);
  const add = (level: ProblemLevel, field: ImportField | null, column: number, detail: string) => {
    const header = field ? columnName(field, column) : null;
    problems.push({ level, field, column: header, message: problemMessage(row.rowNumber, header, detail) });
  };
  const cell = (field: ImportField) => cellOf(row, mapping, field);

  const mapped = mapping.columns.map((f, i) => (f ? row.cells[i] : null)).filter((c) => c !== null && c !== undefined && c.trim() !== '');
  const hasFixes = Boolean(row.fixes && Object.keys(row.fixes).length);
  // A header repeated on each printed page is not a person.
  const folded = foldedHeaders(sheet);
  const repeatsHeader = mapping.columns.filter((f, i) => {
    const text = row.cells[i];
    return f && text && text.length <= (sheet.headers[i]?.length ?? 0) + 2 && foldHeader(text) === folded[i];
  }).length >= 2;
  const base: PlannedRow = {
    key: `${row.sheetIndex}:${row.rowNumber}`, sheetIndex: row.sheetIndex, rowNumber: row.rowNumber,
    blank: (mapped.length === 0 && !hasFixes) || repeatsHeader, skipped: row.skip, autoSkipped: false, confirmWarnings: row.confirmWarnings,
    fixes: row.fixes ?? {}, householdChoice: row.householdChoice ?? null, fullName: null, nameKey: '', sex: null, sexSource: null, birthDate: null, birthYear: null, cccd: null,
    relation: null, headName: null, headKey: null, headMark: false, householdNumber: null, villageId: null, villageName: null,
    hamletGroup: null, address: null, ethnicity: null, phone: null, note: null, problems,
    // Filled in by planImport (one object per row all along: 10,000 rows are not copied).
    groupKey: null, isHead: false, match: null, action: 'new_person', values: null, changes: [], warningsConfirmed: false, waiting: false, attached: false,
  };
  if (base.blank) return base;

  const name = cell('fullName');
  const birthCell = cell('birthDate');
  const yearCell = cell('birthYear');
  const maleCell = cell('birthDateMale');
  const femaleCell = cell('birthDateFemale');
  const cccdCell = cell('cccd');

  const parsedName = parseName(name.text);
  base.fullName = parsedName.value;
  base.nameKey = parsedName.value ? foldVietnamese(parsedName.value) : '';
  if (!hasFixes && !row.skip && base.fullName && !birthCell.text && !yearCell.text && !maleCell.text && !femaleCell.text && !cccdCell.text && FOOTER.test(base.nameKey)) {
    base.skipped = true;
    base.autoSkipped = true;
    add('info', null, -1, `dòng không phải nhân khẩu (“${name.text?.trim()}”); đã bỏ qua.`);
    return base;
  }
  if (parsedName.problem) add(parsedName.problem.level, 'fullName', name.column, parsedName.problem.message);
  if (!base.fullName) add('error', 'fullName', name.column, 'thiếu họ và tên.');

  // Birth: a date column, a year column, or the old forms' "Nam" / "Nữ" date columns.
  let sexFromNamNu: 'male' | 'female' | null = null;
  let namNuBirth: { text: string | null; column: number; field: ImportField } | null = null;
  let namNuMark: { column: number; field: ImportField } | null = null;
  const maleText = maleCell.text;
  const femaleText = femaleCell.text;
  if (maleText && femaleText) {
    add('error', 'birthDateMale', maleCell.column, 'có ngày sinh ở cả cột Nam và cột Nữ; chỉ ghi ở một cột.');
  } else if (maleText || femaleText) {
    sexFromNamNu = maleText ? 'male' : 'female';
    const source = maleText ? maleCell : femaleCell;
    const field: ImportField = maleText ? 'birthDateMale' : 'birthDateFemale';
    if (isMark(source.text)) namNuMark = { column: source.column, field };
    else namNuBirth = { ...source, field };
  }
  const dateSource = birthCell.text ? { ...birthCell, field: 'birthDate' as ImportField } : namNuBirth;
  if (dateSource) {
    const birth = parseBirth(dateSource.text, context.today, 'date');
    if (birth.problem) add(birth.problem.level, dateSource.field, dateSource.column, birth.problem.message);
    base.birthDate = birth.value.date;
    base.birthYear = birth.value.year;
  }
  if (yearCell.text) {
    const year = parseBirth(yearCell.text, context.today, 'year');
    if (year.problem) add(year.problem.level, 'birthYear', yearCell.column, year.problem.message);
    if (base.birthYear === null) {
      base.birthYear = year.value.year;
      base.birthDate = year.value.date;
    } else if (year.value.year !== null && year.value.year !== base.birthYear) {
      add('warning', 'birthYear', yearCell.column, `năm sinh ${year.value.year} khác năm của ngày sinh (${base.birthYear}); lấy theo ngày sinh.`);
    }
  }
  const hadBirthError = problems.some((p) => p.level === 'error' && (p.field === 'birthDate' || p.field === 'birthYear' || p.field === 'birthDateMale' || p.field === 'birthDateFemale'));
  if (base.birthYear === null && !hadBirthError) {
    const where = dateSource ?? namNuMark ?? (yearCell.column >= 0 && birthCell.column < 0 ? { field: 'birthYear' as ImportField, column: yearCell.column } : { field: 'birthDate' as ImportField, column: birthCell.column });
    add('error', where.field, where.column, 'thiếu ngày sinh hoặc năm sinh.');
  }

  const relationCell = cell('relationToHead');
  const relation = parseRelation(relationCell.text);
  if (relation.problem) add(relation.problem.level, 'relationToHead', relationCell.column, relation.problem.message);
  base.relation = relation.value?.code ?? null;

  const cccd = parseCccd(cccdCell.text);

  // Sex: its own column, else the Nam/Nữ column, the relation ("Vợ", "Con gái"), the CCCD's
  // 4th digit, and last the middle name — a guess the officer confirms.
  const sexCell = cell('sex');
  const sex = parseSex(sexCell.text);
  if (sex.problem) add(sex.problem.level, 'sex', sexCell.column, sex.problem.message);
  if (sex.value) {
    base.sex = sex.value;
    base.sexSource = 'column';
    if (sexFromNamNu && sexFromNamNu !== sex.value) {
      add('warning', 'sex', sexCell.column, `giới tính “${sexCell.text?.trim()}” khác cột ngày sinh (${sexFromNamNu === 'male' ? 'Nam' : 'Nữ'}); lấy theo cột giới tính.`);
    }
  } else if (!sex.problem) {
    const fromCccd = cccd.value && /^\d{12}$/.test(cccd.value) && cccd.value.slice(0, 3) in CCCD_PROVINCE_CODES ? (Number(cccd.value[3]) % 2 === 0 ? 'male' : 'female') : null;
    const guessed = base.fullName ? sexFromName(base.fullName) : null;
    if (sexFromNamNu) [base.sex, base.sexSource] = [sexFromNamNu, 'nam_nu'];
    else if (relation.value?.sex) [base.sex, base.sexSource] = [relation.value.sex, 'relation'];
    else if (fromCccd) [base.sex, base.sexSource] = [fromCccd, 'cccd'];
    else if (guessed) {
      [base.sex, base.sexSource] = [guessed, 'name'];
      add('warning', 'sex', sexCell.column, `không ghi giới tính; đoán là ${guessed === 'male' ? 'Nam' : 'Nữ'} theo tên đệm, kiểm tra lại.`);
    } else add('error', 'sex', sexCell.column, 'thiếu giới tính (Nam hoặc Nữ).');
  }

  if (cccd.problem) add(cccd.problem.level, 'cccd', cccdCell.column, cccd.problem.message);
  if (cccd.value) {
    const check = checkCccd(cccd.value, { sex: base.sex ?? undefined, birthYear: base.birthYear ?? undefined });
    for (const message of check.errors) add('error', 'cccd', cccdCell.column, `${lowerFirst(message).replace(/\.$/, '')} (“${cccdCell.text?.trim()}”).`);
    for (const message of check.warnings) add('warning', 'cccd', cccdCell.column, lowerFirst(message));
    if (!check.errors.length) base.cccd = cccd.value;
  }

  const headCell = cell('headName');
  if (headCell.text) {
    if (isMark(headCell.text) || ['ch', 'chu ho'].includes(foldHeader(headCell.text))) base.headMark = true;
    else {
      base.headName = normalizeName(headCell.text);
      base.headKey = foldVietnamese(base.headName);
    }
  }
  base.householdNumber = parseHouseholdNumber(cell('householdNumber').text);

  const villageCell = cell('village');
  if (villageCell.text) {
    const village = findVillage(villageCell.text, context.villages);
    if (village) [base.villageId, base.villageName] = [village.id, village.name];
    else if (findVillage(villageCell.text, context.outsideVillages)) add('error', 'village', villageCell.column, `thôn “${villageCell.text.trim()}” ngoài phạm vi của bạn; không nhập được.`);
    else add('error', 'village', villageCell.column, `không tìm thấy thôn “${villageCell.text.trim()}” trong phạm vi của bạn.`);
  } else if (mapping.villageId !== null) {
    const village = context.villages.find((v) => v.id === mapping.villageId);
    if (village) [base.villageId, base.villageName] = [village.id, village.name];
    else add('error', 'village', -1, 'thôn đã chọn cho trang này ngoài phạm vi của bạn.');
  } else {
    add('error', 'village', villageCell.column, 'chưa rõ thôn: chọn thôn cho trang tính hoặc ghi cột «Thôn».');
  }

  base.hamletGroup = parseText(cell('hamletGroup').text, 80);
  base.address = parseText(cell('address').text, 200);
  base.ethnicity = parseEthnicity(cell('ethnicity').text).value;
  const phoneCell = cell('phone');
  const phone = parsePhone(phoneCell.text);
  if (phone.problem) add(phone.problem.level, 'phone', phoneCell.column, phone.problem.message);
  base.phone = phone.value;
  base.note = parseText(cell('note').text, 500);
  return base;
}

