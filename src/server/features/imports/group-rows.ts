// Gathers an import's rows into households by each sheet's grouping mode (the "Chủ hộ"
// column, the household number, the relation, or blank rows between households), chooses
// each household's head, and places the rows the officer attached elsewhere. A head the
// officer skipped is never silently replaced by the next row: its rows wait (orphans.ts).
import type { ImportField, ImportMapping, ProblemLevel, SheetMapping } from '../../../shared/imports.ts';
import { foldVietnamese } from '../../../shared/vietnamese.ts';
import { isPromoted, joinsAnother, placeChosenRows } from './orphans.ts';
import type { ExistingHousehold, PlannedGroup, PlannedRow } from './plan-types.ts';

export type GroupDraft = PlannedGroup & { mode: SheetMapping['grouping']; headKey: string | null };

const KEYLESS_REASONS: Record<SheetMapping['grouping'], string> = {
  head_column: 'ô «Chủ hộ» trống và không có dòng chủ hộ phía trên',
  household_number: 'ô «Số hộ» trống và không có số hộ phía trên',
  relation: 'chưa có dòng «Chủ hộ» phía trên',
  blank_rows: 'không có dòng nào phía trên',
};

/**
 * The head a group's rows name by the sheet's grouping: a marked row, else the row whose
 * relation says "Chủ hộ", else (by "Chủ hộ" name) the row with that name and no other
 * relation, else (by number or blank rows) the first row without a relation.
 */
function namedHead(group: GroupDraft, rows: PlannedRow[]): PlannedRow | null {
  const marked = rows.find((r) => r.headMark);
  if (marked) return marked;
  const declared = rows.find((r) => r.relation === 'head');
  if (declared || group.mode === 'relation') return declared ?? null;
  if (group.mode === 'head_column') return rows.find((r) => r.nameKey === group.headKey && r.relation === null) ?? null;
  return rows[0] && rows[0].relation === null ? rows[0] : null;
}

/** Rows gathered into households by the sheet's grouping mode; each group's head chosen; rows the officer attached elsewhere placed there. */
export function groupRows(
  rows: PlannedRow[],
  mapping: ImportMapping,
  rowError: (row: PlannedRow, detail: string, field?: ImportField | null, level?: ProblemLevel) => void,
  where: (row: PlannedRow, from: PlannedRow) => string,
  households: Map<string, ExistingHousehold>,
  villageName: (id: number) => string,
): GroupDraft[] {
  const groups = new Map<string, GroupDraft>();
  const ordered: GroupDraft[] = [];
  const open = (key: string, row: PlannedRow, mode: SheetMapping['grouping']): GroupDraft => {
    let group = groups.get(key);
    if (!group) {
      group = {
        key, sheetIndex: row.sheetIndex, villageId: null, number: null, headName: null, rows: [], head: null, household: null,
        householdValues: null, householdChanges: [], blocked: false, keyless: null, chosenHouseholdId: null, skippedHead: null, waiting: false,
        mode, headKey: null,
      };
      groups.set(key, group);
      ordered.push(group);
    }
    return group;
  };
  const bySheet = new Map<number, PlannedRow[]>();
  for (const row of rows) {
    const list = bySheet.get(row.sheetIndex);
    if (list) list.push(row);
    else bySheet.set(row.sheetIndex, [row]);
  }
  const modeOf = new Map(mapping.sheets.map((m) => [m.sheetIndex, m.grouping]));
  const chosen: PlannedRow[] = [];

  for (const sheet of mapping.sheets) {
    const sheetRows = (bySheet.get(sheet.sheetIndex) ?? []).sort((a, b) => a.rowNumber - b.rowNumber);
    const mode = sheet.grouping;
    let carry: string | null = null;
    let carryName: string | null = null;
    let counter = 0;
    let keyless: string | null = null;
    let previous: PlannedRow | null = null;
    for (const row of sheetRows) {
      if (row.autoSkipped) { previous = row; continue; }
      let key: string | null = null;
      if (mode === 'head_column') {
        if (row.headMark) { carry = `mark:${row.key}`; carryName = row.fullName; }
        else if (row.headKey) { carry = `v${row.villageId}|h:${row.headKey}`; carryName = row.headName; }
        key = carry;
      } else if (mode === 'household_number') {
        if (row.householdNumber) carry = `v${row.villageId}|n:${row.householdNumber}`;
        key = carry;
      } else if (mode === 'relation') {
        if (row.relation === 'head') carry = `s${sheet.sheetIndex}|r:${row.rowNumber}`;
        key = carry;
      } else {
        // A gap in row numbers is a blank row (blank rows are not stored): a new household.
        if (!previous || row.rowNumber > previous.rowNumber + 1 || carry === null) carry = `s${sheet.sheetIndex}|b:${++counter}`;
        key = carry;
      }
      previous = row;
      // Rows before any household starts are gathered, one run at a time, for the officer to settle.
      if (key) keyless = null;
      else key = keyless ??= `s${sheet.sheetIndex}|none:${row.rowNumber}`;
      if (joinsAnother(row)) { chosen.push(row); continue; }
      const group = open(key, row, mode);
      if (keyless) group.keyless = KEYLESS_REASONS[mode];
      group.rows.push(row);
      row.groupKey = key;
      if (mode === 'head_column' && !group.headName && !keyless) { group.headName = carryName; group.headKey = carryName ? foldVietnamese(carryName) : null; }
    }
  }

  for (const group of ordered) {
    const live = group.rows.filter((r) => !r.skipped);
    const promoted = live.filter(isPromoted);
    // A head the officer skipped is not silently replaced by the next row; its rows wait for a choice.
    let head: PlannedRow | null = promoted[0] ?? null;
    if (!head && !group.keyless) {
      const named = namedHead(group, group.rows);
      if (named?.skipped) {
        group.skippedHead = named;
        head = live.find((r) => r.headMark) ?? live.find((r) => r.relation === 'head') ?? null;
      } else head = named;
    }
    for (const row of promoted.slice(1)) rowError(row, `${where(head!, row)} đã được chọn làm chủ hộ của hộ này.`, 'relationToHead');
    for (const row of live) {
      if (row.relation !== 'head' || !head || row === head) continue;
      if (!promoted.length) rowError(row, `hộ đã có chủ hộ ở ${where(head, row)}.`, 'relationToHead');
      else if (!row.problems.some((p) => p.level === 'error')) rowError(row, `ghi là chủ hộ, nhưng ${where(head, row)} đã được chọn làm chủ hộ của hộ này.`, 'relationToHead');
    }
    if (group.mode === 'head_column' && head && group.headKey && head.nameKey !== group.headKey && head.relation === 'head') {
      rowError(head, `ghi là chủ hộ nhưng cột «Chủ hộ» ghi «${group.headName}».`, 'headName', 'warning');
    }
    group.head = head;
    group.villageId = (head ?? live[0] ?? group.rows[0]).villageId;
    group.number = (head ?? live[0] ?? group.rows[0]).householdNumber ?? live.map((r) => r.householdNumber).find((n) => n !== null) ?? null;
    if (!group.headName && head) group.headName = head.fullName;
    for (const row of live) {
      if (row.villageId !== null && group.villageId !== null && row.villageId !== group.villageId) {
        rowError(row, `thôn khác với thôn của chủ hộ (${where(head ?? live[0], row)}).`, 'village');
      }
    }
  }

  placeChosenRows(chosen, {
    rowsByKey: new Map(rows.map((r) => [r.key, r])),
    households,
    villageName,
    groupOf: (key) => groups.get(key),
    openChosen: (household, row) => {
      const group = open(`hh:${household.id}`, row, modeOf.get(row.sheetIndex) ?? 'relation');
      group.chosenHouseholdId = household.id;
      group.villageId = household.village_id;
      group.number = household.code;
      return group;
    },
    rowError,
    where,
  });
  return ordered;
}
