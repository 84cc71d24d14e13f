// Kinh phí (plan section IV.2, Phòng Kinh tế): budget lines of a commune's year by activity
// and funding source, the estimate (dự toán) and its revisions, commitments, spending entries
// with their vouchers, the province's allowance rates and the monthly allowance sheets, and the
// year's settlement (quyết toán). Money is whole đồng: integers, never fractions, never floats
// in SQL (bigint). The API's inputs and answers.
import { z } from 'zod';
import { attachmentIdsSchema, AttachmentViewSchema } from './attachments.ts';
import { pageOf, pageQuery } from './pagination.ts';

export const BUDGET_ACTIVITIES = ['training', 'communication', 'team_support', 'awards', 'other'] as const;
export type BudgetActivity = (typeof BUDGET_ACTIVITIES)[number];
export const BUDGET_ACTIVITY_LABELS: Record<BudgetActivity, string> = {
  training: 'Tập huấn',
  communication: 'Truyền thông',
  team_support: 'Hỗ trợ hoạt động của Tổ CNSCĐ',
  awards: 'Khen thưởng',
  other: 'Khác',
};

export const FUNDING_SOURCES = ['commune', 'province', 'social'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = {
  commune: 'Ngân sách xã',
  province: 'Ngân sách tỉnh hỗ trợ',
  social: 'Xã hội hóa',
};

export const ALLOWANCE_BASES = ['team_month', 'member_month', 'person_day'] as const;
export type AllowanceBasis = (typeof ALLOWANCE_BASES)[number];
export const ALLOWANCE_BASIS_LABELS: Record<AllowanceBasis, string> = {
  team_month: 'Mỗi Tổ mỗi tháng',
  member_month: 'Mỗi thành viên mỗi tháng',
  person_day: 'Mỗi ngày công hoạt động',
};
export const ALLOWANCE_UNIT_LABELS: Record<AllowanceBasis, string> = { team_month: 'tổ-tháng', member_month: 'người-tháng', person_day: 'ngày công' };

export const SHEET_STATUSES = ['draft', 'reviewed', 'posted'] as const;
export type SheetStatus = (typeof SHEET_STATUSES)[number];
export const SHEET_STATUS_LABELS: Record<SheetStatus, string> = { draft: 'Nháp', reviewed: 'Đã soát xét', posted: 'Đã ghi chi' };

/** What a spending entry paid for. */
export const SPENDING_LINK_KINDS = ['training', 'communication', 'team_month', 'award'] as const;
export type SpendingLinkKind = (typeof SPENDING_LINK_KINDS)[number];
export const SPENDING_LINK_LABELS: Record<SpendingLinkKind, string> = {
  training: 'Lớp tập huấn',
  communication: 'Hoạt động truyền thông',
  team_month: 'Hoạt động của Tổ trong tháng',
  award: 'Khen thưởng',
};

/** The most a single amount may be (a thousand billion đồng): far above any commune's budget. */
export const MAX_VND = 1_000_000_000_000;

/** 1234567 → "1.234.567 đ". */
export const formatVnd = (amount: number) => `${Math.round(amount).toLocaleString('vi-VN')} đ`;

// ---- Inputs ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.');
const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`);
const year = z.coerce.number().int('Năm phải là số nguyên.').min(2000, 'Năm không hợp lệ.').max(2100, 'Năm không hợp lệ.');

/** An amount of money: whole đồng, not negative (or positive), within MAX_VND. */
export const vnd = (options: { positive?: boolean } = {}) =>
  z.number({ message: 'Nhập số tiền (đồng).' })
    .int('Số tiền phải là số nguyên (đồng), không có phần lẻ.')
    .min(options.positive ? 1 : 0, options.positive ? 'Số tiền phải lớn hơn 0.' : 'Số tiền không được âm.')
    .max(MAX_VND, 'Số tiền quá lớn.');

export const BudgetYearQuerySchema = z.object({ orgUnitId: z.coerce.number().int().positive(), year });
export type BudgetYearQuery = z.infer<typeof BudgetYearQuerySchema>;

const lineFields = {
  activity: z.enum(BUDGET_ACTIVITIES, { message: 'Chọn nội dung chi.' }),
  source: z.enum(FUNDING_SOURCES, { message: 'Chọn nguồn kinh phí.' }),
  name: text(200).min(1, 'Nhập tên dòng kinh phí.'),
  legalBasis: text(500).optional().transform((v) => v ?? ''),
};

/** A new line with its first estimate. */
export const BudgetLineInputSchema = z.object({
  id: z.uuid({ message: 'Mã dòng kinh phí không hợp lệ.' }),
  orgUnitId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  ...lineFields,
  estimateVnd: vnd(),
  decision: text(200).optional().transform((v) => v ?? ''),
  decidedOn: isoDate.nullable().optional().transform((v) => v ?? null),
}).strict();
export type BudgetLineInput = z.infer<typeof BudgetLineInputSchema>;

/** A change of a line's description (its estimate changes only by a revision). */
export const BudgetLineUpdateSchema = z.object({ version: z.number().int().min(1), ...lineFields }).strict();
export type BudgetLineUpdate = z.infer<typeof BudgetLineUpdateSchema>;

/** A revision of the estimate (điều chỉnh dự toán): the new amount, why, and by which decision. */
export const BudgetRevisionInputSchema = z.object({
  version: z.number().int().min(1),
  estimateVnd: vnd(),
  reason: text(500).min(1, 'Nhập lý do điều chỉnh.'),
  decision: text(200).optional().transform((v) => v ?? ''),
  decidedOn: isoDate.nullable().optional().transform((v) => v ?? null),
}).strict();
export type BudgetRevisionInput = z.infer<typeof BudgetRevisionInputSchema>;

export const CommitmentInputSchema = z.object({
  id: z.uuid({ message: 'Mã cam kết không hợp lệ.' }),
  lineId: z.uuid({ message: 'Chọn dòng kinh phí.' }),
  committedOn: isoDate,
  amountVnd: vnd({ positive: true }),
  payee: text(200).min(1, 'Nhập đơn vị, người nhận.'),
  description: text(500).optional().transform((v) => v ?? ''),
  /** The officer saw that it goes beyond what is left of the estimate and confirms it. */
  confirmOverrun: z.boolean().optional().transform((v) => v ?? false),
}).strict();
export type CommitmentInput = z.infer<typeof CommitmentInputSchema>;

export const SpendingLinkSchema = z.object({
  kind: z.enum(SPENDING_LINK_KINDS),
  /** The training's, the activity's, the team's or the award's id. */
  id: z.uuid({ message: 'Mã bản ghi được chi cho không hợp lệ.' }),
  /** team_month: the month, 'YYYY-MM'. */
  month: z.string().regex(/^\d{4}-\d{2}$/, 'Tháng phải có dạng YYYY-MM.').nullable().optional().transform((v) => v ?? null),
}).strict();
export type SpendingLink = z.infer<typeof SpendingLinkSchema>;

const spendingFields = {
  lineId: z.uuid({ message: 'Chọn dòng kinh phí.' }),
  spentOn: isoDate,
  amountVnd: vnd({ positive: true }),
  payee: text(200).min(1, 'Nhập đơn vị, người nhận tiền.'),
  voucherNo: text(60).min(1, 'Nhập số chứng từ.'),
  description: text(500).optional().transform((v) => v ?? ''),
  link: SpendingLinkSchema.nullable().optional().transform((v) => v ?? null),
  commitmentId: z.uuid().nullable().optional().transform((v) => v ?? null),
  /** Scans or photos of the voucher, uploaded first (attachments). */
  voucherFileIds: attachmentIdsSchema(10).optional().transform((v) => v ?? []),
  confirmOverrun: z.boolean().optional().transform((v) => v ?? false),
};

export const SpendingInputSchema = z.object({ id: z.uuid({ message: 'Mã khoản chi không hợp lệ.' }), ...spendingFields }).strict();
export type SpendingInput = z.infer<typeof SpendingInputSchema>;
export const SpendingUpdateSchema = z.object({ version: z.number().int().min(1), ...spendingFields }).strict();
export type SpendingUpdate = z.infer<typeof SpendingUpdateSchema>;

export const SpendingListQuerySchema = BudgetYearQuerySchema.extend({
  lineId: z.uuid().optional(),
  ...pageQuery({ default: 50, max: 200 }),
});
export type SpendingListQuery = z.infer<typeof SpendingListQuerySchema>;

export const IdParamsSchema = z.object({ id: z.uuid({ message: 'Mã không hợp lệ.' }) });

// Allowances

export const AllowanceRatesQuerySchema = z.object({ provinceId: z.coerce.number().int().positive().optional(), year });
export const AllowanceRateInputSchema = z.object({
  basis: z.enum(ALLOWANCE_BASES),
  /** null: no rate of this kind this year. */
  amountVnd: vnd({ positive: true }).nullable(),
  legalBasis: text(300).optional().transform((v) => v ?? ''),
}).strict();
export const AllowanceRatesInputSchema = z.object({
  provinceId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  rates: z.array(AllowanceRateInputSchema).max(ALLOWANCE_BASES.length)
    .refine((r) => new Set(r.map((x) => x.basis)).size === r.length, 'Một mức chi được nhập hai lần.'),
}).strict();
export type AllowanceRatesInput = z.infer<typeof AllowanceRatesInputSchema>;

export const AllowanceSheetInputSchema = z.object({
  id: z.uuid(),
  orgUnitId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  month: z.number().int().min(1, 'Tháng từ 1 đến 12.').max(12, 'Tháng từ 1 đến 12.'),
  lineId: z.uuid({ message: 'Chọn dòng kinh phí.' }),
}).strict();
export type AllowanceSheetInput = z.infer<typeof AllowanceSheetInputSchema>;

/** The review: quantities changed where the record is wrong (a note says why), then reviewed. */
export const SheetReviewInputSchema = z.object({
  version: z.number().int().min(1),
  rows: z.array(z.object({
    seq: z.number().int().min(1),
    quantity: z.number({ message: 'Nhập số lượng.' }).int('Số lượng phải là số nguyên.').min(0, 'Số lượng không được âm.').max(31 * 10, 'Số lượng quá lớn.'),
    note: text(300).optional().transform((v) => v ?? ''),
  }).strict()).max(2000),
}).strict();
export type SheetReviewInput = z.infer<typeof SheetReviewInputSchema>;

export const SheetPostInputSchema = z.object({
  version: z.number().int().min(1),
  spentOn: isoDate,
  voucherNo: text(60).min(1, 'Nhập số chứng từ.'),
  confirmOverrun: z.boolean().optional().transform((v) => v ?? false),
}).strict();
export type SheetPostInput = z.infer<typeof SheetPostInputSchema>;

export const SettleInputSchema = z.object({
  orgUnitId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  note: text(1000).optional().transform((v) => v ?? ''),
}).strict();
export type SettleInput = z.infer<typeof SettleInputSchema>;

// ---- Answers ----

const money = z.number().int();

/** Estimate, commitments still open, spent and what is left, of a line or a group of lines. */
export const BudgetFiguresSchema = z.object({
  estimateVnd: money,
  /** The first estimate (before revisions). */
  initialVnd: money,
  committedVnd: money,
  spentVnd: money,
  /** estimate − spent − open commitments. */
  remainingVnd: money,
});
export type BudgetFigures = z.infer<typeof BudgetFiguresSchema>;

export const BudgetTotalsSchema = z.object({
  orgUnit: z.object({ id: z.number().int(), name: z.string() }),
  year: z.number().int(),
  settled: z.boolean(),
  settledAt: z.string().nullable(),
  total: BudgetFiguresSchema,
  byActivity: z.array(BudgetFiguresSchema.extend({ activity: z.enum(BUDGET_ACTIVITIES) })),
  bySource: z.array(BudgetFiguresSchema.extend({ source: z.enum(FUNDING_SOURCES) })),
});
export type BudgetTotals = z.infer<typeof BudgetTotalsSchema>;

export const BudgetLineSchema = BudgetFiguresSchema.extend({
  id: z.string(),
  activity: z.enum(BUDGET_ACTIVITIES),
  source: z.enum(FUNDING_SOURCES),
  title: z.string(),
  legalBasis: z.string(),
  version: z.number().int(),
  revisions: z.number().int(),
  entries: z.number().int(),
});
export type BudgetLine = z.infer<typeof BudgetLineSchema>;

export const BudgetYearViewSchema = z.object({
  totals: BudgetTotalsSchema,
  lines: z.array(BudgetLineSchema),
  settledBy: z.string().nullable(),
  settlementNote: z.string(),
  /** Allowance sheets not yet posted: settling warns about them. */
  openSheets: z.number().int(),
  can: z.object({ manage: z.boolean() }),
});
export type BudgetYearView = z.infer<typeof BudgetYearViewSchema>;

export const RevisionViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['initial', 'revision']),
  previousVnd: money.nullable(),
  estimateVnd: money,
  decision: z.string(),
  decidedOn: z.string().nullable(),
  reason: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type RevisionView = z.infer<typeof RevisionViewSchema>;

export const CommitmentViewSchema = z.object({
  id: z.string(),
  committedOn: z.string(),
  amountVnd: money,
  /** Paid against it so far. */
  paidVnd: money,
  payee: z.string(),
  description: z.string(),
});
export type CommitmentView = z.infer<typeof CommitmentViewSchema>;

export const SpendingViewSchema = z.object({
  id: z.string(),
  line: z.object({ id: z.string(), title: z.string(), activity: z.enum(BUDGET_ACTIVITIES), source: z.enum(FUNDING_SOURCES) }),
  spentOn: z.string(),
  amountVnd: money,
  payee: z.string(),
  voucherNo: z.string(),
  description: z.string(),
  link: z.object({ kind: z.enum(SPENDING_LINK_KINDS), id: z.string(), month: z.string().nullable(), label: z.string() }).nullable(),
  commitmentId: z.string().nullable(),
  allowanceSheetId: z.string().nullable(),
  voucherFiles: z.array(AttachmentViewSchema),
  version: z.number().int(),
  createdBy: z.string(),
});
export type SpendingView = z.infer<typeof SpendingViewSchema>;
export const SpendingListAnswerSchema = pageOf(SpendingViewSchema);
export type SpendingListAnswer = z.infer<typeof SpendingListAnswerSchema>;

export const BudgetLineViewSchema = z.object({
  line: BudgetLineSchema,
  year: z.number().int(),
  orgUnitId: z.number().int(),
  settled: z.boolean(),
  revisions: z.array(RevisionViewSchema),
  commitments: z.array(CommitmentViewSchema),
  spending: z.array(SpendingViewSchema),
});
export type BudgetLineView = z.infer<typeof BudgetLineViewSchema>;

/** Answer of a write that may go beyond the estimate: the warning it carried, confirmed. */
export const LinkOptionsSchema = z.object({
  trainings: z.array(z.object({ id: z.string(), label: z.string(), day: z.string() })),
  activities: z.array(z.object({ id: z.string(), label: z.string(), day: z.string() })),
  teams: z.array(z.object({ id: z.string(), label: z.string() })),
  /** The leader's award decisions of the commune's campaigns (what a khen thưởng payment paid for). */
  awards: z.array(z.object({ id: z.string(), label: z.string(), day: z.string() })),
});
export type LinkOptions = z.infer<typeof LinkOptionsSchema>;

export const AllowanceRatesSchema = z.object({
  province: z.object({ id: z.number().int(), name: z.string() }),
  year: z.number().int(),
  rates: z.array(z.object({ basis: z.enum(ALLOWANCE_BASES), amountVnd: money, legalBasis: z.string() })),
  can: z.object({ manage: z.boolean() }),
});
export type AllowanceRates = z.infer<typeof AllowanceRatesSchema>;

export const SheetRowSchema = z.object({
  seq: z.number().int(),
  village: z.string(),
  team: z.string(),
  member: z.string().nullable(),
  basis: z.enum(ALLOWANCE_BASES),
  computedQty: z.number().int(),
  quantity: z.number().int(),
  rateVnd: money,
  amountVnd: money,
  note: z.string(),
});
export type SheetRow = z.infer<typeof SheetRowSchema>;

export const AllowanceSheetSummarySchema = z.object({
  id: z.string(),
  year: z.number().int(),
  month: z.number().int(),
  line: z.object({ id: z.string(), title: z.string() }),
  status: z.enum(SHEET_STATUSES),
  totalVnd: money,
  version: z.number().int(),
});
export type AllowanceSheetSummary = z.infer<typeof AllowanceSheetSummarySchema>;
export const AllowanceSheetViewSchema = AllowanceSheetSummarySchema.extend({
  orgUnitId: z.number().int(),
  rows: z.array(SheetRowSchema),
  createdBy: z.string(),
  reviewedBy: z.string().nullable(),
  postedBy: z.string().nullable(),
  spendingCount: z.number().int(),
});
export type AllowanceSheetView = z.infer<typeof AllowanceSheetViewSchema>;
export const AllowanceSheetListSchema = z.object({ items: z.array(AllowanceSheetSummarySchema) });

export const SettlementRowSchema = BudgetFiguresSchema.extend({
  title: z.string(),
  activity: z.enum(BUDGET_ACTIVITIES),
  source: z.enum(FUNDING_SOURCES),
  legalBasis: z.string(),
});
