// Importing the commune's spreadsheets: field codes, grouping modes, row actions and their
// Vietnamese labels, the limits, the inputs the web sends (mapping, fixes) and the shapes the
// server answers with. Server and web both read this module.
import { IsoDateSchema, z } from './validation.ts';

export const IMPORT_LIMITS = {
  /** Largest accepted upload. */
  maxFileBytes: 10 * 1024 * 1024,
  /** Non-empty rows over all sheets of one file. */
  maxRows: 50_000,
  /** Columns read per sheet; anything further right is ignored. */
  maxColumns: 100,
} as const;

/** What a spreadsheet column can hold. `null` in a mapping means "ignore this column" (STT…). */
export const IMPORT_FIELDS = [
  'fullName', 'birthDate', 'birthYear', 'birthDateMale', 'birthDateFemale', 'sex', 'cccd', 'relationToHead',
  'headName', 'householdNumber', 'village', 'hamletGroup', 'address', 'ethnicity', 'phone', 'note',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  fullName: 'Họ và tên',
  birthDate: 'Ngày sinh',
  birthYear: 'Năm sinh',
  birthDateMale: 'Ngày sinh (cột Nam)',
  birthDateFemale: 'Ngày sinh (cột Nữ)',
  sex: 'Giới tính',
  cccd: 'Số CCCD/định danh',
  relationToHead: 'Quan hệ với chủ hộ',
  headName: 'Chủ hộ',
  householdNumber: 'Số hộ',
  village: 'Thôn',
  hamletGroup: 'Xóm/tổ',
  address: 'Địa chỉ',
  ethnicity: 'Dân tộc',
  phone: 'Số điện thoại',
  note: 'Ghi chú',
};

/** How rows are gathered into households. */
export const GROUPING_MODES = ['head_column', 'household_number', 'relation', 'blank_rows'] as const;
export type GroupingMode = (typeof GROUPING_MODES)[number];
export const GROUPING_MODE_LABELS: Record<GroupingMode, string> = {
  head_column: 'Theo cột «Chủ hộ»: các dòng cùng tên chủ hộ trong một thôn là một hộ',
  household_number: 'Theo «Số hộ»: các dòng cùng số hộ trong một thôn là một hộ',
  relation: 'Theo quan hệ: dòng «Chủ hộ» bắt đầu một hộ mới',
  blank_rows: 'Theo dòng trống: các dòng liền nhau là một hộ, dòng đầu là chủ hộ',
};

/**
 * What a commit does with a row. `needs_household`: the row has no error of its own but its
 * household cannot be made as the file stands (its head is refused or skipped, or there is
 * none); it waits for the officer to attach it elsewhere or make someone the head, and is
 * never skipped on its own.
 */
export const ROW_ACTIONS = ['new_household', 'new_person', 'update', 'unchanged', 'error', 'needs_household', 'skipped'] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];
export const ROW_ACTION_LABELS: Record<RowAction, string> = {
  new_household: 'Hộ mới',
  new_person: 'Nhân khẩu mới',
  update: 'Cập nhật',
  unchanged: 'Không thay đổi',
  error: 'Lỗi',
  needs_household: 'Chờ chọn hộ',
  skipped: 'Bỏ qua',
};

export const IMPORT_STATUSES = ['uploaded', 'committed', 'undone', 'discarded'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  uploaded: 'Chưa nhập (đang xem trước)',
  committed: 'Đã nhập',
  undone: 'Đã hoàn tác',
  discarded: 'Đã hủy',
};

export const PROBLEM_LEVELS = ['error', 'warning', 'info'] as const;
export type ProblemLevel = (typeof PROBLEM_LEVELS)[number];
export const PROBLEM_LEVEL_LABELS: Record<ProblemLevel, string> = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Lưu ý' };

const FieldSchema = z.enum(IMPORT_FIELDS, { message: 'Trường không hợp lệ.' });

/** The officer's choices for one sheet; omitted parts keep their current (guessed) value. */
export const SheetMappingInputSchema = z.object({
  sheetIndex: z.number().int().min(0).max(1000),
  /** false: the sheet is not imported (a summary or a lookup list). */
  include: z.boolean().optional(),
  /** The spreadsheet row number of the (first) header row, as Excel shows it. */
  headerRow: z.number().int().min(1, { message: 'Dòng tiêu đề không hợp lệ.' }).max(1_048_576).optional(),
  /** The first data row; by default the row after the header. */
  dataStartRow: z.number().int().min(1).max(1_048_576).optional(),
  /** columns[i] is the field of the sheet's i-th column (A = 0), null to ignore it. */
  columns: z.array(FieldSchema.nullable()).max(IMPORT_LIMITS.maxColumns).optional(),
  /** The village of rows without a "Thôn" column (or with it empty). */
  villageId: z.number().int().positive().nullable().optional(),
  grouping: z.enum(GROUPING_MODES, { message: 'Chọn cách nhận biết hộ.' }).optional(),
});
export type SheetMappingInput = z.infer<typeof SheetMappingInputSchema>;

export const MappingInputSchema = z.object({
  sheets: z.array(SheetMappingInputSchema).max(100).default([]),
  /** Accept every warning of the batch (CCCD digits that disagree, a phone left out…). */
  confirmWarnings: z.boolean().optional(),
  /** Since when the imported people live here (their residence start); default: the day of the commit. */
  residentSince: IsoDateSchema.nullable().optional(),
});
export type MappingInput = z.infer<typeof MappingInputSchema>;

/** A complete sheet mapping, as stored on the batch. */
export interface SheetMapping {
  sheetIndex: number;
  include: boolean;
  headerRow: number;
  dataStartRow: number;
  columns: Array<ImportField | null>;
  villageId: number | null;
  grouping: GroupingMode;
}

export interface ImportMapping {
  sheets: SheetMapping[];
  confirmWarnings: boolean;
  residentSince: string | null;
}

/**
 * The officer's choice of household for a row whose own household cannot be made: be its
 * head, join the household of another row of the file, or join a household of the registry.
 */
export const HouseholdChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('head') }),
  z.object({
    kind: z.literal('row'),
    sheetIndex: z.number().int().min(0, { message: 'Trang tính không hợp lệ.' }).max(1000),
    rowNumber: z.number().int().min(1, { message: 'Số dòng không hợp lệ.' }).max(1_048_576),
  }),
  z.object({ kind: z.literal('household'), householdId: z.uuid({ message: 'Mã hộ không hợp lệ.' }) }),
], { message: 'Cách chọn hộ không hợp lệ.' });
export type HouseholdChoice = z.infer<typeof HouseholdChoiceSchema>;

/** PATCH /api/imports/:id/rows/:sheet/:row — fix cells (as text, read like the file's), skip, confirm warnings, or choose the household. */
export const RowFixInputSchema = z.object({
  /** field → the text to use instead of the cell; null or '' empties it. Replaces earlier fixes of the same fields. */
  fixes: z.partialRecord(FieldSchema, z.string().max(200, { message: 'Giá trị dài tối đa 200 ký tự.' }).nullable()).optional(),
  skip: z.boolean().optional(),
  confirmWarnings: z.boolean().optional(),
  /** true: forget every earlier fix of this row. */
  clearFixes: z.boolean().optional(),
  /** Where the row goes when its own household cannot be made; null forgets the choice. */
  household: HouseholdChoiceSchema.nullable().optional(),
});
export type RowFixInput = z.infer<typeof RowFixInputSchema>;

/** `household`: rows waiting for a household, and rows the officer placed in one. */
export const PREVIEW_FILTERS = ['all', 'problems', 'errors', 'warnings', 'household', 'new', 'update', 'unchanged', 'skipped'] as const;
export type PreviewFilter = (typeof PREVIEW_FILTERS)[number];

export const PreviewQuerySchema = z.object({
  show: z.enum(PREVIEW_FILTERS).default('all'),
  sheet: z.coerce.number().int().min(0).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type PreviewQuery = z.infer<typeof PreviewQuerySchema>;

export const ProblemQuerySchema = z.object({
  level: z.enum(PROBLEM_LEVELS).optional(),
  sheet: z.coerce.number().int().min(0).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type ProblemQuery = z.infer<typeof ProblemQuerySchema>;

export const CommitInputSchema = z.object({ confirmWarnings: z.boolean().optional() });

/** GET /api/imports/:id/household-options — households a waiting row may join. */
export const HouseholdOptionsQuerySchema = z.object({
  sheet: z.coerce.number().int().min(0).max(1000),
  row: z.coerce.number().int().min(1).max(1_048_576),
  /** Searches the registry's households of the row's village (head's name, address or number). */
  q: z.string().trim().max(100).optional(),
});
export type HouseholdOptionsQuery = z.infer<typeof HouseholdOptionsQuerySchema>;

export const ImportListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

// ---- Shapes of the answers (for the web) ----

export interface ImportSheetView {
  index: number;
  name: string;
  /** Non-empty rows of the sheet, header and title rows included. */
  rowCount: number;
  /** Data rows: non-empty rows from dataStartRow on. */
  dataRowCount: number;
  columnCount: number;
  /** Detected header row (spreadsheet row number), null when none was recognised. */
  detectedHeaderRow: number | null;
  /** Header texts of the mapped header row(s), one per column (A = 0). */
  headers: string[];
  /** The first rows of the sheet as stored (title rows, header, first data rows), to pick a header row. */
  topRows: Array<{ rowNumber: number; cells: Array<string | null> }>;
  /** A few data rows after the header. */
  sampleRows: Array<{ rowNumber: number; cells: Array<string | null> }>;
  /** Where the mapping came from: guessed from headers, or remembered from an earlier file with the same headers. */
  mappingSource: 'guessed' | 'remembered' | 'officer';
  /** The village guessed from the sheet's name or title. */
  villageGuess: { villageId: number; villageName: string; from: 'sheet_name' | 'title' | 'only_village' } | null;
}

/**
 * Row counts of a plan. Every data row of the included sheets is in exactly one of blankRows,
 * newPeople, updatedPeople, unchangedPeople, errorRows, needsHouseholdRows, skippedRows: they
 * add up to `rows`. Households are counted apart.
 */
export interface ImportSummary {
  /** Data rows of the included sheets (from each sheet's first data row), as stored from the file. */
  rows: number;
  /** Rows with nothing in the mapped columns, or repeating the header: not people. */
  blankRows: number;
  newHouseholds: number;
  matchedHouseholds: number;
  newPeople: number;
  updatedPeople: number;
  unchangedPeople: number;
  errorRows: number;
  /** Rows with no error of their own whose household cannot be made: the officer chooses one. */
  needsHouseholdRows: number;
  /** Rows with warnings that will write something and are not yet confirmed. */
  unconfirmedWarningRows: number;
  warningRows: number;
  skippedRows: number;
  /** No errors left, no row waiting for a household, and every warning that matters is confirmed. */
  canCommit: boolean;
}

export interface ImportBatchView {
  id: string;
  status: ImportStatus;
  statusLabel: string;
  fileName: string;
  fileSize: number;
  orgUnitId: number;
  orgUnitName: string;
  accountId: string;
  accountName: string;
  createdAt: string;
  committedAt: string | null;
  undoneAt: string | null;
  sheets: ImportSheetView[];
  mapping: ImportMapping;
  /** The villages the officer may import into (for the per-sheet village choice). */
  villages: Array<{ id: number; name: string }>;
  summary: ImportSummary | null;
}

export interface ImportProblemView {
  sheetIndex: number;
  sheetName: string;
  rowNumber: number;
  level: ProblemLevel;
  field: ImportField | null;
  /** The column's header as it is in the file, null when the problem concerns the row. */
  column: string | null;
  /** "Dòng 12, cột «Ngày sinh»: không đọc được ngày “31/02/1987”." */
  message: string;
}

export interface ImportFieldChange {
  field: string;
  label: string;
  from: string | number | null;
  to: string | number | null;
}

export interface ImportRowView {
  sheetIndex: number;
  sheetName: string;
  rowNumber: number;
  action: RowAction;
  actionLabel: string;
  skipped: boolean;
  warningsConfirmed: boolean;
  /** The officer's choice of household for this row, if any. */
  householdChoice: HouseholdChoice | null;
  /** Fixes the officer made to this row (field → text). */
  fixes: Partial<Record<ImportField, string | null>>;
  person: {
    fullName: string | null;
    sex: 'male' | 'female' | null;
    birthDate: string | null;
    birthYear: number | null;
    /** Masked unless the role may see CCCDs. */
    cccd: string | null;
    relationToHead: string | null;
    ethnicity: string | null;
    phone: string | null;
    note: string | null;
    villageId: number | null;
    villageName: string | null;
  };
  household: {
    /** Rows of the file in the same household share this key. */
    key: string | null;
    isHead: boolean;
    action: 'new' | 'matched' | null;
    householdId: string | null;
    number: string | null;
    headName: string | null;
  };
  match: { personId: string; by: 'cccd' | 'name_birth_household' } | null;
  changes: ImportFieldChange[];
  problems: ImportProblemView[];
}

/** A household a waiting row may join: one of the file's, or one of the registry's. */
export interface ImportHouseholdOption {
  choice: Extract<HouseholdChoice, { kind: 'row' | 'household' }>;
  source: 'file' | 'registry';
  /** "Hộ số 12 · chủ hộ Lò Văn Tài" */
  label: string;
  /** "Dòng 5, trang «Nà Pồng» · 3 người" or "Đã có trong hệ thống · 4 người · Xóm 2" */
  detail: string;
}

export interface ImportPreview {
  summary: ImportSummary;
  rows: { items: ImportRowView[]; total: number; page: number; pageSize: number };
}
