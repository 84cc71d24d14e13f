// The shapes an import plan is made of (imports/plan-import.ts, parse-row.ts and their helpers
// read and fill them): rows as stored and as read, the records already there, the plan.
import type {
  HouseholdChoice, ImportField, ImportSummary, ProblemLevel, RowAction,
} from '../../../shared/imports.ts';
import type { Relation } from '../../../shared/people.ts';
import type { VillageRef } from './guess-columns.ts';

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

/** Reports a problem of a row (while planning). */
export type RowError = (row: PlannedRow, detail: string, field?: ImportField | null, level?: ProblemLevel) => void;
/** "dòng 12" or "dòng 12 (trang 2)": where a row is, as seen from another. */
export type Where = (row: PlannedRow, from: PlannedRow) => string;

/** Field labels for changes shown to the officer ("household.address" → "Địa chỉ hộ"). */
export const CHANGE_LABELS: Record<string, string> = {
  full_name: 'Họ và tên', sex: 'Giới tính', birth_date: 'Ngày sinh', birth_year: 'Năm sinh', ethnicity: 'Dân tộc', phone: 'Số điện thoại',
  cccd: 'Số CCCD', relation_to_head: 'Quan hệ với chủ hộ', note: 'Ghi chú', 'household.code': 'Số hộ', 'household.address': 'Địa chỉ hộ',
  'household.hamlet_group': 'Xóm/tổ của hộ', 'household.head_person_id': 'Chủ hộ',
};
