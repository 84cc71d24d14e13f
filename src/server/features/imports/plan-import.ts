// Plans an import without writing: reads each stored row through the sheet's mapping (and
// the officer's fixes), gathers rows into households, matches them to the households and
// people already there, and says per row what a commit would do and what stops it. Pure:
// the existing records come in through `PlanContext`, loaded by imports.queries.ts.
import { checkCccd, CCCD_PROVINCE_CODES } from '../../../shared/cccd.ts';
import {
  IMPORT_FIELD_LABELS, type HouseholdChoice, type ImportField, type ImportMapping, type ImportSummary, type ProblemLevel, type RowAction, type SheetMapping,
} from '../../../shared/imports.ts';
import type { Relation } from '../../../shared/people.ts';
import { foldVietnamese, normalizeName } from '../../../shared/vietnamese.ts';
import { type VillageRef, findVillage, foldHeader } from './guess-columns.ts';
import { groupRows } from './group-rows.ts';
import { flagLikelyDuplicates, refuseRepeatedCccds } from './likely-duplicates.ts';
import {
  isMark, parseBirth, parseCccd, parseEthnicity, parseHouseholdNumber, parseName, parsePhone, parseRelation, parseSex, parseText, sexFromName,
} from './normalize-values.ts';
import { headlessReason, waitForHousehold } from './orphans.ts';

export type Fixes = Partial<Record<ImportField, string | null>>;

export interface StoredRow {
  sheetIndex: number;
  rowNumber: number;
  cells: Array<string | null>;
  fixes: Fixes | null;
  skip: boolean;
  confirmWarnings: boolean;
  /** The officer's choice of household (orphans.ts). */
  householdChoice?: HouseholdChoice | null;
}

export interface SheetInfo {
  index: number;
  name: string;
  headers: string[];
}

export interface RowProblem {
  level: ProblemLevel;
  field: ImportField | null;
  column: string | null;
  message: string;
}

type SexSource = 'column' | 'nam_nu' | 'relation' | 'cccd' | 'name';

export interface ParsedRow {
  key: string;
  sheetIndex: number;
  rowNumber: number;
  /** No mapped cell has anything (or it repeats the header): not a person, not shown. */
  blank: boolean;
  skipped: boolean;
  /** Why the row was set aside without the officer asking (a total or signature line). */
  autoSkipped: boolean;
  confirmWarnings: boolean;
  fixes: Fixes;
  householdChoice: HouseholdChoice | null;
  fullName: string | null;
  nameKey: string;
  sex: 'male' | 'female' | null;
  sexSource: SexSource | null;
  birthDate: string | null;
  birthYear: number | null;
  cccd: string | null;
  /** The relation the file gives (null when its cell is empty). */
  relation: Relation | null;
  headName: string | null;
  headKey: string | null;
  /** A mark ("x") in the "Chủ hộ" column: this row is the head. */
  headMark: boolean;
  householdNumber: string | null;
  villageId: number | null;
  villageName: string | null;
  hamletGroup: string | null;
  address: string | null;
  ethnicity: string | null;
  phone: string | null;
  note: string | null;
  problems: RowProblem[];
}

export interface ExistingPerson extends PersonValues {
  id: string;
  household_id: string;
  village_id: number;
  status: 'resident' | 'moved_out' | 'deceased';
  version: number;
  /** In the officer's area (a CCCD may belong to someone elsewhere in the install). */
  in_scope: boolean;
}

export interface ExistingHousehold {
  id: string;
  village_id: number;
  code: string | null;
  address: string;
  hamlet_group: string | null;
  head_person_id: string | null;
  version: number;
}

export interface PlanContext {
  today: string;
  villages: VillageRef[];
  /** Villages of the install outside the officer's area: named in the refusal. */
  outsideVillages: VillageRef[];
  byCccd: Map<string, ExistingPerson>;
  households: ExistingHousehold[];
  /** Everyone in `households` (residents and former members). */
  people: ExistingPerson[];
  /** "village|code" of dissolved households: their numbers stay taken. */
  dissolvedCodes?: Set<string>;
}

// ---- reading rows ----

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

// ---- planning ----

export interface FieldChange {
  field: string;
  from: string | number | null;
  to: string | number | null;
}

export interface PersonValues {
  full_name: string;
  sex: 'male' | 'female';
  birth_date: string | null;
  birth_year: number;
  ethnicity: string | null;
  phone: string | null;
  cccd: string | null;
  relation_to_head: string;
  note: string | null;
}

export interface HouseholdValues {
  code: string | null;
  address: string;
  hamlet_group: string | null;
  head_person_id: string | null;
}

export interface PlannedRow extends ParsedRow {
  groupKey: string | null;
  isHead: boolean;
  match: { person: ExistingPerson; by: 'cccd' | 'name_birth_household' } | null;
  action: RowAction;
  /** What the commit writes for this person (new or updated). */
  values: PersonValues | null;
  changes: FieldChange[];
  warningsConfirmed: boolean;
  /** Its household cannot be made as the file stands: it waits for the officer's choice (orphans.ts). */
  waiting: boolean;
  /** The officer attached it to this household (it is not where the file puts it). */
  attached: boolean;
}

export interface PlannedGroup {
  key: string;
  sheetIndex: number;
  villageId: number | null;
  number: string | null;
  headName: string | null;
  rows: PlannedRow[];
  head: PlannedRow | null;
  household: ExistingHousehold | null;
  /** Household fields the commit writes: all of them for a new household, the changed ones for a matched one. */
  householdValues: HouseholdValues | null;
  householdChanges: FieldChange[];
  /** The household could not be settled (see the head row's error). */
  blocked: boolean;
  /** Rows before any household starts, gathered for the officer to settle: why they have none. */
  keyless: string | null;
  /** A household of the registry the officer attached rows to (no file row is its head). */
  chosenHouseholdId: string | null;
  /** The head the file names, skipped by the officer: its rows wait for a choice. */
  skippedHead: PlannedRow | null;
  /** Its rows wait for the officer to choose a household. */
  waiting: boolean;
}

export interface Plan {
  rows: PlannedRow[];
  groups: PlannedGroup[];
  summary: ImportSummary;
}

/** A household's head_person_id that is the person the commit creates from the head row. */
export const NEW_HEAD = 'new-head';

const birthMatches = (row: { birthDate: string | null; birthYear: number | null }, person: { birth_date: string | null; birth_year: number }) =>
  row.birthDate && person.birth_date ? row.birthDate === person.birth_date : row.birthYear === person.birth_year;

const describePerson = (p: { full_name: string; birth_year: number }) => `«${p.full_name}» (sinh ${p.birth_year})`;

/** Plans rows read by parseRow (and completes them in place). */
export function planImport(sheets: SheetInfo[], mapping: ImportMapping, parsed: PlannedRow[], context: PlanContext): Plan {
  const rows = parsed.filter((r) => !r.blank);
  for (const row of rows) row.warningsConfirmed = mapping.confirmWarnings || row.confirmWarnings;
  const sheetName = new Map(sheets.map((s) => [s.index, s.name]));
  const villageName = new Map([...context.villages, ...context.outsideVillages].map((v) => [v.id, v.name]));
  const rowError = (row: PlannedRow, detail: string, field: ImportField | null = null, level: ProblemLevel = 'error') => {
    const column = field ? sheets.find((s) => s.index === row.sheetIndex)?.headers[mapping.sheets.find((m) => m.sheetIndex === row.sheetIndex)?.columns.indexOf(field) ?? -1] || IMPORT_FIELD_LABELS[field] : null;
    row.problems.push({ level, field, column, message: problemMessage(row.rowNumber, column, detail) });
  };
  const where = (row: PlannedRow, from: PlannedRow) => (row.sheetIndex === from.sheetIndex ? `dòng ${row.rowNumber}` : `dòng ${row.rowNumber} (trang «${sheetName.get(row.sheetIndex)}»)`);
  const active = (row: PlannedRow) => !row.skipped;

  // A CCCD twice in the file: the first row keeps it.
  const firstByCccd = refuseRepeatedCccds(rows.filter(active), { birthMatches, rowError, where });
  // People already there, by CCCD: someone else's number, or someone outside the area, is refused.
  const cccdMatch = new Map<PlannedRow, ExistingPerson>();
  for (const row of rows) {
    if (!active(row) || !row.cccd || firstByCccd.get(row.cccd) !== row) continue;
    const person = context.byCccd.get(row.cccd);
    if (!person) continue;
    if (!person.in_scope) {
      rowError(row, 'số CCCD đã được dùng cho một nhân khẩu ngoài phạm vi của bạn.', 'cccd');
      continue;
    }
    const sameName = foldVietnamese(person.full_name) === row.nameKey;
    const sameBirth = row.birthYear === person.birth_year;
    if (!sameName && !sameBirth) {
      rowError(row, `số CCCD đã được dùng cho nhân khẩu khác: ${describePerson(person)}, ${villageName.get(person.village_id) ?? ''}.`, 'cccd');
      continue;
    }
    cccdMatch.set(row, person);
  }
  const householdsById = new Map(context.households.map((h) => [h.id, h]));
  const groups = groupRows(rows, mapping, rowError, where, householdsById, (id) => villageName.get(id) ?? 'thôn khác');
  const peopleById = new Map(context.people.map((p) => [p.id, p]));
  // Folded once: matching compares every row's name with its household's members.
  const nameKey = new Map<ExistingPerson, string>();
  const keyOf = (person: ExistingPerson) => {
    let key = nameKey.get(person);
    if (key === undefined) nameKey.set(person, (key = foldVietnamese(person.full_name)));
    return key;
  };
  const byCode = new Map<string, ExistingHousehold>();
  const byHeadName = new Map<string, ExistingHousehold[]>();
  for (const household of context.households) {
    if (household.code) byCode.set(`${household.village_id}|${household.code}`, household);
    const head = household.head_person_id ? peopleById.get(household.head_person_id) : undefined;
    if (head) {
      const key = `${household.village_id}|${keyOf(head)}`;
      const list = byHeadName.get(key);
      if (list) list.push(household);
      else byHeadName.set(key, [household]);
    }
  }
  const members = new Map<string, ExistingPerson[]>();
  for (const person of context.people) {
    const list = members.get(person.household_id);
    if (list) list.push(person);
    else members.set(person.household_id, [person]);
  }
  const headNameOf = (household: ExistingHousehold) => (household.head_person_id ? peopleById.get(household.head_person_id)?.full_name : undefined) ?? 'chưa có chủ hộ';
  const describeHousehold = (household: ExistingHousehold) =>
    `hộ ${household.code ? `số ${household.code} ` : ''}(chủ hộ «${headNameOf(household)}», ${villageName.get(household.village_id) ?? ''})`;
  const claimed = new Set<string>();
  const newCodes = new Map<string, PlannedRow>();

  for (const group of groups) {
    const live = group.rows.filter(active);
    if (!live.length) continue;
    const head = group.head;
    const village = group.villageId;
    // Rows before any household starts, nobody of them chosen as head: they wait for the officer.
    if (group.keyless && !head) {
      waitForHousehold(group, live, headlessReason(group, live)!, rowError, where);
      continue;
    }

    // Which household: the one the officer chose, the head's (by CCCD), by number, or by the head's name and birth.
    let household: ExistingHousehold | null = group.chosenHouseholdId ? (householdsById.get(group.chosenHouseholdId) ?? null) : null;
    const headPerson = head ? cccdMatch.get(head) : undefined;
    if (head && headPerson && headPerson.status === 'resident') {
      const own = householdsById.get(headPerson.household_id);
      if (own && own.head_person_id === headPerson.id && own.village_id === village) household = own;
      else if (own && own.village_id !== village) {
        rowError(head, `${describePerson(headPerson)} đang ở ${villageName.get(own.village_id) ?? 'thôn khác'}, khác thôn trong tệp; nhập tệp không chuyển thôn — dùng chức năng chuyển hộ.`);
        group.blocked = true;
      } else if (own) {
        rowError(head, `${describePerson(headPerson)} đang là thành viên (không phải chủ hộ) của ${describeHousehold(own)}; đổi chủ hộ trong trang hộ gia đình rồi nhập lại.`);
        group.blocked = true;
      }
    }
    if (!household && !group.blocked && group.number && village !== null) {
      const byNumber = byCode.get(`${village}|${group.number}`);
      if (byNumber) {
        if (headPerson && headPerson.status === 'resident' && headPerson.household_id !== byNumber.id) {
          rowError(head!, `số hộ «${group.number}» là của ${describeHousehold(byNumber)}, nhưng ${describePerson(headPerson)} đang ở hộ khác.`, 'householdNumber');
          group.blocked = true;
        } else household = byNumber;
      }
    }
    if (!household && !group.blocked && village !== null && !headPerson) {
      const name = head?.nameKey ?? group.headKey;
      if (name) {
        const candidates = (byHeadName.get(`${village}|${name}`) ?? []).filter((h) => {
          const existingHead = h.head_person_id ? peopleById.get(h.head_person_id) : undefined;
          return existingHead && (!head || birthMatches(head, existingHead)) && (!group.number || !h.code || h.code === group.number);
        });
        if (candidates.length === 1) household = candidates[0];
        else if (candidates.length > 1) {
          rowError(head ?? live[0], `có ${candidates.length} hộ cùng tên chủ hộ «${head?.fullName ?? group.headName}» trong thôn; ghi «Số hộ» để phân biệt.`);
          group.blocked = true;
        }
      }
    }
    group.household = household;
    if (household && !group.headName && household.head_person_id) group.headName = peopleById.get(household.head_person_id)?.full_name ?? null;

    if (group.blocked) {
      const blocker = head && head.problems.some((p) => p.level === 'error') ? head : live[0];
      waitForHousehold(group, live, { kind: 'blocked', by: blocker }, rowError, where);
      continue;
    }

    if (!household) {
      // A new household: every row is a new person, and it needs its head; without one, its rows wait.
      if (!head) {
        waitForHousehold(group, live, headlessReason(group, live)!, rowError, where);
        continue;
      }
      if (group.number && village !== null) {
        const other = newCodes.get(`${village}|${group.number}`);
        if (other) rowError(head ?? live[0], `số hộ «${group.number}» trùng với hộ ở ${where(other, head ?? live[0])}.`, 'householdNumber');
        else if (context.dissolvedCodes?.has(`${village}|${group.number}`)) {
          rowError(head ?? live[0], `số hộ «${group.number}» đã dùng cho một hộ đã giải thể trong thôn; ghi số khác hoặc để trống.`, 'householdNumber');
        } else newCodes.set(`${village}|${group.number}`, head ?? live[0]);
      }
      for (const row of live) {
        const person = cccdMatch.get(row);
        if (person && person.status === 'resident') {
          const own = householdsById.get(person.household_id);
          rowError(row, `${describePerson(person)} (theo số CCCD) đang ở ${own ? describeHousehold(own) : 'một hộ khác'}; nhập tệp không chuyển hộ — dùng chức năng chuyển hộ.`, 'cccd');
        } else if (person) {
          row.match = { person, by: 'cccd' };
        }
      }
      const firstWith = <T>(pick: (r: PlannedRow) => T | null) => (head && pick(head) !== null ? pick(head) : (live.map(pick).find((v) => v !== null) ?? null));
      group.householdValues = {
        code: group.number,
        address: firstWith((r) => r.address) ?? '',
        hamlet_group: firstWith((r) => r.hamletGroup),
        head_person_id: null,
      };
    } else {
      const householdMembers = members.get(household.id) ?? [];
      for (const row of live) {
        const person = cccdMatch.get(row);
        if (person) {
          if (person.household_id !== household.id && person.status === 'resident') {
            const own = householdsById.get(person.household_id);
            rowError(row, `${describePerson(person)} (theo số CCCD) đang ở ${own ? describeHousehold(own) : 'một hộ khác'}; nhập tệp không chuyển hộ — dùng chức năng chuyển hộ.`, 'cccd');
            continue;
          }
          row.match = { person, by: 'cccd' };
          claimed.add(person.id);
          continue;
        }
        if (!row.nameKey || row.birthYear === null) continue;
        const candidate = householdMembers.find((p) => !claimed.has(p.id) && keyOf(p) === row.nameKey && birthMatches(row, p));
        if (candidate) {
          if (candidate.cccd && row.cccd && candidate.cccd !== row.cccd) {
            rowError(row, `${describePerson(candidate)} trong hộ đã có số CCCD khác trong hệ thống; kiểm tra lại số CCCD.`, 'cccd');
            continue;
          }
          row.match = { person: candidate, by: 'name_birth_household' };
          claimed.add(candidate.id);
        }
      }
      // The head of a matched household stays as it is; an empty head is filled.
      if (head && active(head) && !head.problems.some((p) => p.level === 'error')) {
        const headId = head.match?.person.id ?? null;
        if (household.head_person_id && headId !== household.head_person_id) {
          rowError(head, `${describeHousehold(household)} đã có chủ hộ, không phải «${head.fullName}»; đổi chủ hộ trong trang hộ gia đình nếu cần.`, 'relationToHead');
        }
      }
      const values: HouseholdValues = { code: household.code, address: household.address, hamlet_group: household.hamlet_group, head_person_id: household.head_person_id };
      const firstWith = <T>(pick: (r: PlannedRow) => T | null) => (head && pick(head) !== null ? pick(head) : (live.map(pick).find((v) => v !== null) ?? null));
      // Rows the officer attached to a household of the registry add members; they do not rewrite the household.
      const address = group.chosenHouseholdId ? null : firstWith((r) => r.address);
      const hamlet = group.chosenHouseholdId ? null : firstWith((r) => r.hamletGroup);
      if (address !== null) values.address = address;
      if (hamlet !== null) values.hamlet_group = hamlet;
      if (!household.code && group.number && !group.chosenHouseholdId) {
        const owner = byCode.get(`${household.village_id}|${group.number}`);
        if (owner && owner.id !== household.id) rowError(head ?? live[0], `không ghi số hộ «${group.number}»: số này đã dùng cho ${describeHousehold(owner)}.`, 'householdNumber', 'info');
        else values.code = group.number;
      }
      group.householdValues = values;
    }

    // Each person: new, or the matched one with the file's non-empty values.
    for (const row of live) {
      if (row.problems.some((p) => p.level === 'error')) continue;
      const isHead = row === head;
      row.isHead = isHead;
      const relation: string = isHead ? 'head' : (row.relation === 'head' ? 'other' : (row.relation ?? 'other'));
      const existing = row.match?.person;
      if (!existing) {
        row.values = {
          full_name: row.fullName!, sex: row.sex!, birth_date: row.birthDate, birth_year: row.birthYear!, ethnicity: row.ethnicity,
          phone: row.phone, cccd: row.cccd, relation_to_head: relation, note: row.note,
        };
        continue;
      }
      if (existing.status !== 'resident') {
        rowError(row, `${describePerson(existing)} đã được ghi «${existing.status === 'deceased' ? 'Đã mất' : 'Đã chuyển đi'}»; tệp không thay đổi nhân khẩu này.`, null, 'info');
        continue;
      }
      const next: PersonValues = {
        full_name: row.fullName ?? existing.full_name,
        // A sex guessed from the name or the relation never overwrites a recorded one.
        sex: row.sex && (row.sexSource === 'column' || row.sexSource === 'nam_nu') ? row.sex : existing.sex,
        birth_date: existing.birth_date,
        birth_year: existing.birth_year,
        ethnicity: row.ethnicity ?? existing.ethnicity,
        phone: row.phone ?? existing.phone,
        cccd: row.cccd ?? existing.cccd,
        relation_to_head: existing.relation_to_head,
        note: row.note ?? existing.note,
      };
      if (row.birthDate) [next.birth_date, next.birth_year] = [row.birthDate, row.birthYear!];
      else if (row.birthYear !== null && row.birthYear !== existing.birth_year) [next.birth_date, next.birth_year] = [null, row.birthYear];
      if (isHead && group.household && !group.household.head_person_id) next.relation_to_head = 'head';
      else if (existing.relation_to_head === 'head' && !isHead && row.relation && row.relation !== 'head') {
        rowError(row, `${describePerson(existing)} đang là chủ hộ; giữ nguyên quan hệ «Chủ hộ».`, 'relationToHead', 'warning');
      } else if (existing.relation_to_head !== 'head' && row.relation && row.relation !== 'head') next.relation_to_head = row.relation;
      const changes: FieldChange[] = [];
      for (const field of Object.keys(next) as Array<keyof PersonValues>) {
        const before = (existing as unknown as Record<string, string | number | null>)[field];
        if (next[field] !== before) changes.push({ field, from: before, to: next[field] });
      }
      if (changes.length) row.values = next;
      row.changes = changes;
    }

    // The head: a new household's head is its first person; a matched household without a head gets one.
    if (group.householdValues) {
      const headReady = head && active(head) && !head.problems.some((p) => p.level === 'error');
      if (!household) group.householdValues.head_person_id = headReady ? NEW_HEAD : null;
      else if (!household.head_person_id && headReady) group.householdValues.head_person_id = head.match ? head.match.person.id : NEW_HEAD;
      if (household) {
        for (const field of ['code', 'address', 'hamlet_group'] as const) {
          if (group.householdValues[field] !== household[field]) group.householdChanges.push({ field: `household.${field}`, from: household[field], to: group.householdValues[field] });
        }
        if (group.householdValues.head_person_id !== household.head_person_id) {
          group.householdChanges.push({ field: 'household.head_person_id', from: null, to: head?.fullName ?? null });
        }
      }
    }
    // A new household whose head is refused cannot be made: its other rows wait, and the head says which.
    if (!household && head && head.problems.some((p) => p.level === 'error')) waitForHousehold(group, live, { kind: 'head_refused', head }, rowError, where);
  }
  flagLikelyDuplicates(rows, context.people, { keyOf, birthMatches, describePerson, describeHousehold: (id) => { const h = householdsById.get(id); return h ? describeHousehold(h) : 'một hộ khác'; }, rowError, where });
  // Actions, and the summary.
  const summary: ImportSummary = {
    rows: parsed.length, blankRows: parsed.length - rows.length, newHouseholds: 0, matchedHouseholds: 0, newPeople: 0, updatedPeople: 0, unchangedPeople: 0,
    errorRows: 0, needsHouseholdRows: 0, unconfirmedWarningRows: 0, warningRows: 0, skippedRows: 0, canCommit: false,
  };
  const groupOf = new Map<PlannedRow, PlannedGroup>();
  for (const group of groups) for (const row of group.rows) groupOf.set(row, group);
  for (const row of rows) {
    const group = groupOf.get(row);
    if (row.skipped) row.action = 'skipped';
    else if (row.problems.some((p) => p.level === 'error')) row.action = 'error';
    else if (row.waiting) row.action = 'needs_household';
    else if (!row.match) row.action = group && !group.household && row.isHead ? 'new_household' : 'new_person';
    else {
      const householdChanged = row.isHead || (group?.head === null && group.rows.find(active) === row) ? (group?.householdChanges.length ?? 0) > 0 : false;
      row.action = row.changes.length || householdChanged ? 'update' : 'unchanged';
    }
    if (row.action === 'skipped') summary.skippedRows++;
    if (row.action === 'error') summary.errorRows++;
    if (row.action === 'needs_household') summary.needsHouseholdRows++;
    if (row.action === 'new_household' || row.action === 'new_person') summary.newPeople++;
    if (row.action === 'update' && row.changes.length) summary.updatedPeople++;
    if (row.action === 'unchanged' || (row.action === 'update' && !row.changes.length)) summary.unchangedPeople++;
    const warned = row.action !== 'skipped' && row.problems.some((p) => p.level === 'warning');
    if (warned) summary.warningRows++;
    if (warned && !row.warningsConfirmed && (row.action === 'new_household' || row.action === 'new_person' || row.action === 'update')) summary.unconfirmedWarningRows++;
  }
  // A household of the registry some rows were attached to, and the file's rows of it too, is one household.
  const matched = new Set<string>();
  for (const group of groups) {
    if (!group.rows.some((r) => r.action !== 'skipped' && r.action !== 'error' && r.action !== 'needs_household')) continue;
    if (group.household) matched.add(group.household.id);
    else if (group.head && group.head.action === 'new_household') summary.newHouseholds++;
  }
  summary.matchedHouseholds = matched.size;
  summary.canCommit = summary.errorRows === 0 && summary.unconfirmedWarningRows === 0 && summary.needsHouseholdRows === 0;
  return { rows, groups, summary };
}

/** Field labels for changes shown to the officer ("household.address" → "Địa chỉ hộ"). */
export const CHANGE_LABELS: Record<string, string> = {
  full_name: 'Họ và tên', sex: 'Giới tính', birth_date: 'Ngày sinh', birth_year: 'Năm sinh', ethnicity: 'Dân tộc', phone: 'Số điện thoại',
  cccd: 'Số CCCD', relation_to_head: 'Quan hệ với chủ hộ', note: 'Ghi chú', 'household.code': 'Số hộ', 'household.address': 'Địa chỉ hộ',
  'household.hamlet_group': 'Xóm/tổ của hộ', 'household.head_person_id': 'Chủ hộ',
};
