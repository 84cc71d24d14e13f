// The commune's plan for a year (kế hoạch): its number and date, the documents it implements,
// its text (sections I–III), its targets (section II.2) and, through the tasks feature, the
// duties of section IV. A plan is drafted (also from last year's: "Lập kế hoạch năm sau") and
// approved by the commune leader, which numbers it and makes its targets the commune's.
import { z } from 'zod';
import { INDICATOR_CODES } from './indicators.ts';

export const PLAN_STATUSES = ['draft', 'approved'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = { draft: 'Dự thảo', approved: 'Đã phê duyệt' };
export const PLAN_SYMBOL = 'KH-UBND';

const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`);

export const PlanTargetInputSchema = z.object({
  code: z.enum(INDICATOR_CODES),
  targetPercent: z.number().min(0, 'Chỉ tiêu từ 0 đến 100%.').max(100, 'Chỉ tiêu từ 0 đến 100%.'),
});

const planFields = {
  title: text(300).min(1, 'Nhập tên kế hoạch.'),
  implements: z.array(text(500).min(1, 'Văn bản thực hiện không được để trống.')).max(20),
  purposeText: text(20_000),
  requirementsText: text(20_000),
  generalGoalText: text(20_000),
  contentText: text(40_000),
  targets: z.array(PlanTargetInputSchema).max(INDICATOR_CODES.length)
    .refine((t) => new Set(t.map((x) => x.code)).size === t.length, 'Mỗi chỉ số chỉ được nêu một lần.'),
};

export const PlanInputSchema = z.object({
  id: z.uuid({ message: 'Mã kế hoạch không hợp lệ.' }),
  orgUnitId: z.number().int().positive(),
  year: z.number().int().min(2000).max(2100),
  ...planFields,
}).strict();
export type PlanInput = z.infer<typeof PlanInputSchema>;

export const PlanUpdateSchema = z.object({ version: z.number().int().min(1), ...planFields }).strict();
export type PlanUpdate = z.infer<typeof PlanUpdateSchema>;

export const PlanVersionSchema = z.object({ version: z.number().int().min(1) }).strict();
export const PlanIdParamsSchema = z.object({ id: z.uuid({ message: 'Mã kế hoạch không hợp lệ.' }) });
export const PlanListQuerySchema = z.object({ orgUnitId: z.coerce.number().int().positive().optional() });
export const PlanNextYearSchema = z.object({ id: z.uuid({ message: 'Mã kế hoạch không hợp lệ.' }) }).strict();

// ---- Answers ----

export const PlanTargetViewSchema = z.object({
  code: z.enum(INDICATOR_CODES),
  /** The plan's target (%), null where it sets none (NH in 2026). */
  target: z.number().nullable(),
  /** The target that applies to the commune now (indicator_targets, else the 2026 plan's). */
  effective: z.number().nullable(),
  /** For a plan drafted from last year's: the level reached in that year (%), the floor of this target. */
  floor: z.number().nullable(),
});
export type PlanTargetView = z.infer<typeof PlanTargetViewSchema>;

export const PlanSummarySchema = z.object({
  id: z.string(),
  orgUnit: z.object({ id: z.number(), name: z.string() }),
  year: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  title: z.string(),
  /** "12/KH-UBND", or null before approval. */
  number: z.string().nullable(),
  issuedOn: z.string().nullable(),
  tasks: z.number().int(),
});
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

export const PlanViewSchema = PlanSummarySchema.extend({
  version: z.number().int(),
  implements: z.array(z.string()),
  purposeText: z.string(),
  requirementsText: z.string(),
  generalGoalText: z.string(),
  contentText: z.string(),
  draftedFrom: z.object({ id: z.string(), year: z.number().int() }).nullable(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  signerName: z.string().nullable(),
  targets: z.array(PlanTargetViewSchema),
  /** Actions the caller may take now. */
  canEdit: z.boolean(),
  canApprove: z.boolean(),
  canDraftNext: z.boolean(),
  /** Next year's plan when it exists already. */
  next: z.object({ id: z.string(), status: z.enum(PLAN_STATUSES) }).nullable(),
});
export type PlanView = z.infer<typeof PlanViewSchema>;

export const PlanListAnswerSchema = z.object({ items: z.array(PlanSummarySchema) });
export type PlanListAnswer = z.infer<typeof PlanListAnswerSchema>;
