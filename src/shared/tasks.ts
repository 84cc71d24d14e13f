// Tasks of each office (nhiệm vụ, plan section IV): who is responsible and who cooperates,
// the plan's clause, a due date or a repeat (monthly, quarterly, on a day of the month) that
// makes occurrences, each occurrence's status (chưa làm / đang làm / hoàn thành; quá hạn is
// read from the date) and evidence (a file, a link, or a record of the system), and the
// board and overview figures. Shared by the server's checks and the desk's forms.
import { z } from 'zod';
import { attachmentIdsSchema } from './attachments.ts';
import { pageOf, pageQuery } from './pagination.ts';

export const TASK_UNITS = ['culture_office', 'economy_office', 'service_center', 'public_service_center', 'youth_union', 'other_offices', 'village_head'] as const;
export type TaskUnit = (typeof TASK_UNITS)[number];
export const TASK_UNIT_LABELS: Record<TaskUnit, string> = {
  culture_office: 'Phòng Văn hóa - Xã hội',
  economy_office: 'Phòng Kinh tế',
  service_center: 'Trung tâm phục vụ hành chính công',
  public_service_center: 'Trung tâm Dịch vụ công',
  youth_union: 'Đoàn Thanh niên xã',
  other_offices: 'Các phòng ban, đoàn thể khác',
  village_head: 'Trưởng thôn',
};
/** The plan's numbering of section IV, one clause per unit. */
export const TASK_UNIT_CLAUSE: Record<TaskUnit, string> = {
  culture_office: 'IV.1', economy_office: 'IV.2', service_center: 'IV.3', public_service_center: 'IV.4', youth_union: 'IV.5', other_offices: 'IV.6', village_head: 'IV.7',
};
/** The account role that acts for a unit (TT Dịch vụ công works through the service centre's accounts; "other offices" have none). */
export const TASK_UNIT_ROLE: Record<TaskUnit, string | null> = {
  culture_office: 'culture_office', economy_office: 'economy_office', service_center: 'service_center', public_service_center: 'service_center',
  youth_union: 'youth_union', other_offices: null, village_head: 'village_head',
};
export const unitsOfRole = (role: string): TaskUnit[] => TASK_UNITS.filter((u) => TASK_UNIT_ROLE[u] === role);

export const TASK_REPEATS = ['monthly', 'quarterly'] as const;
export type TaskRepeat = (typeof TASK_REPEATS)[number];
export const TASK_REPEAT_LABELS: Record<TaskRepeat, string> = { monthly: 'Hằng tháng', quarterly: 'Hằng quý' };

export const TASK_STATUSES = ['todo', 'doing', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** As shown: quá hạn is a todo or doing occurrence past its due day. */
export const TASK_SHOWN_STATUSES = ['todo', 'doing', 'done', 'overdue'] as const;
export type TaskShownStatus = (typeof TASK_SHOWN_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskShownStatus, string> = { todo: 'Chưa làm', doing: 'Đang làm', done: 'Hoàn thành', overdue: 'Quá hạn' };
export const shownStatus = (status: TaskStatus, dueOn: string, today: string): TaskShownStatus => (status !== 'done' && dueOn < today ? 'overdue' : status);

export const EVIDENCE_KINDS = ['file', 'link', 'report', 'training', 'campaign'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  file: 'tệp đính kèm', link: 'đường dẫn', report: 'báo cáo trong hệ thống', training: 'lớp tập huấn trong hệ thống', campaign: 'đợt truyền thông trong hệ thống',
};
export const RECORD_EVIDENCE: readonly EvidenceKind[] = ['report', 'training', 'campaign'];

/** The reports whose submission completes a task by itself. */
export const COMPLETING_REPORTS = ['village_monthly', 'village_quarterly', 'commune_monthly'] as const;
export type CompletingReport = (typeof COMPLETING_REPORTS)[number];

/** Occurrences due within this many days are "sắp đến hạn" on the landing page. */
export const DUE_SOON_DAYS = 7;

// ---- Inputs ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Ngày không tồn tại.');
const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`);

export const TaskRepeatSchema = z.object({
  kind: z.enum(TASK_REPEATS),
  /** The day of the month it is due (of the month after the period: the 3rd for last month's report). */
  day: z.number().int().min(1, 'Ngày trong tháng từ 1 đến 28.').max(28, 'Ngày trong tháng từ 1 đến 28.'),
}).strict();
export type TaskRepeatInput = z.infer<typeof TaskRepeatSchema>;

const taskFields = {
  clause: text(40).optional().transform((v) => v ?? ''),
  title: text(1000).min(1, 'Nhập nội dung nhiệm vụ.'),
  responsible: z.enum(TASK_UNITS),
  /** A village head's task for one village; absent: every village's head. */
  villageId: z.number().int().positive().nullable().optional().transform((v) => v ?? null),
  cooperating: z.array(z.enum(TASK_UNITS)).max(TASK_UNITS.length).optional().transform((v) => v ?? [])
    .refine((v) => new Set(v).size === v.length, 'Một đơn vị được chọn hai lần.'),
  dueOn: isoDate.nullable().optional().transform((v) => v ?? null),
  repeat: TaskRepeatSchema.nullable().optional().transform((v) => v ?? null),
  evidenceExpected: z.enum(EVIDENCE_KINDS).nullable().optional().transform((v) => v ?? null),
  completesWith: z.enum(COMPLETING_REPORTS).nullable().optional().transform((v) => v ?? null),
};

const taskRules = <T extends z.ZodType<{ dueOn: string | null; repeat: TaskRepeatInput | null; responsible: TaskUnit; villageId: number | null }>>(schema: T) =>
  schema.superRefine((v, ctx) => {
    if (!v.dueOn && !v.repeat) ctx.addIssue({ code: 'custom', path: ['dueOn'], message: 'Nhập hạn hoàn thành hoặc chọn lặp lại hằng tháng / hằng quý.' });
    if (v.dueOn && v.repeat) ctx.addIssue({ code: 'custom', path: ['repeat'], message: 'Một nhiệm vụ có hạn hoàn thành hoặc lặp lại, không cả hai.' });
    if (v.villageId !== null && v.responsible !== 'village_head') ctx.addIssue({ code: 'custom', path: ['villageId'], message: 'Chỉ nhiệm vụ của trưởng thôn mới gắn với một thôn.' });
  });

export const TaskInputSchema = taskRules(z.object({
  id: z.uuid({ message: 'Mã nhiệm vụ không hợp lệ.' }),
  planId: z.uuid({ message: 'Mã kế hoạch không hợp lệ.' }),
  ...taskFields,
}).strict());
export type TaskInput = z.infer<typeof TaskInputSchema>;

export const TaskUpdateSchema = taskRules(z.object({ version: z.number().int().min(1), ...taskFields }).strict());
export type TaskUpdate = z.infer<typeof TaskUpdateSchema>;

/** An ad-hoc request (a document from the province asking for something by a date) as a task with that document attached. */
export const AdhocTaskInputSchema = z.object({
  id: z.uuid({ message: 'Mã nhiệm vụ không hợp lệ.' }),
  orgUnitId: z.number().int().positive(),
  title: text(1000).min(1, 'Nhập nội dung nhiệm vụ.'),
  sourceDocument: text(300).min(1, 'Nhập số, ngày và cơ quan ban hành văn bản yêu cầu.'),
  responsible: z.enum(TASK_UNITS),
  villageId: z.number().int().positive().nullable().optional().transform((v) => v ?? null),
  cooperating: z.array(z.enum(TASK_UNITS)).max(TASK_UNITS.length).optional().transform((v) => v ?? []),
  dueOn: isoDate,
  documentIds: attachmentIdsSchema(5).min(1, 'Đính kèm văn bản yêu cầu (PDF hoặc ảnh chụp).'),
}).strict();
export type AdhocTaskInput = z.infer<typeof AdhocTaskInputSchema>;

export const EvidenceInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), attachmentId: z.uuid({ message: 'Mã tệp không hợp lệ.' }) }).strict(),
  z.object({ kind: z.literal('link'), url: z.url({ protocol: /^https?$/, message: 'Đường dẫn phải bắt đầu bằng http:// hoặc https://.' }).max(1000) }).strict(),
  z.object({ kind: z.enum(['report', 'training', 'campaign']), recordId: z.uuid({ message: 'Mã bản ghi không hợp lệ.' }) }).strict(),
]);
export type EvidenceInput = z.infer<typeof EvidenceInputSchema>;

export const ProgressInputSchema = z.object({
  version: z.number().int().min(1),
  status: z.enum(TASK_STATUSES),
  /** Absent: keep the evidence; null: remove it. */
  evidence: EvidenceInputSchema.nullable().optional(),
  note: text(2000).optional(),
}).strict();
export type ProgressInput = z.infer<typeof ProgressInputSchema>;

export const TaskIdParamsSchema = z.object({ id: z.uuid({ message: 'Mã không hợp lệ.' }) });

export const TaskListQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
  responsible: z.enum(TASK_UNITS).optional(),
  villageId: z.coerce.number().int().positive().optional(),
  status: z.enum(TASK_SHOWN_STATUSES).optional(),
  /** Only the caller's own units' (default for the offices and village heads). */
  mine: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  ...pageQuery({ default: 50, max: 500 }),
});
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>;

export const TaskBoardQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type TaskBoardQuery = z.infer<typeof TaskBoardQuerySchema>;

export const TaskOverviewQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type TaskOverviewQuery = z.infer<typeof TaskOverviewQuerySchema>;

// ---- Answers ----

export const EvidenceViewSchema = z.object({
  kind: z.enum(EVIDENCE_KINDS),
  /** What to show: the file's name, the link, the record's name. */
  label: z.string(),
  /** Where it opens: /api/attachments/…, the link, the record's page. */
  href: z.string(),
});
export type EvidenceView = z.infer<typeof EvidenceViewSchema>;

export const OccurrenceSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  title: z.string(),
  clause: z.string(),
  responsible: z.enum(TASK_UNITS),
  village: z.object({ id: z.number(), name: z.string() }).nullable(),
  /** Who answers for it, as read: "Phòng Kinh tế", "Trưởng thôn Bản Bó". */
  unitLabel: z.string(),
  cooperating: z.array(z.enum(TASK_UNITS)),
  periodLabel: z.string().nullable(),
  dueOn: z.string(),
  status: z.enum(TASK_STATUSES),
  shown: z.enum(TASK_SHOWN_STATUSES),
  doneOn: z.string().nullable(),
  /** Done after its due day. */
  doneLate: z.boolean(),
  evidence: EvidenceViewSchema.nullable(),
  evidenceExpected: z.enum(EVIDENCE_KINDS).nullable(),
  completesWith: z.enum(COMPLETING_REPORTS).nullable(),
  adhoc: z.boolean(),
  version: z.number().int(),
});
export type Occurrence = z.infer<typeof OccurrenceSchema>;

export const OccurrenceListSchema = pageOf(OccurrenceSchema).extend({ asOf: z.string() });
export type OccurrenceList = z.infer<typeof OccurrenceListSchema>;

export const TaskEventViewSchema = z.object({
  at: z.string(),
  by: z.string().nullable(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  text: z.string(),
});

export const OccurrenceDetailSchema = OccurrenceSchema.extend({
  note: z.string(),
  planId: z.string().nullable(),
  sourceDocument: z.string().nullable(),
  documents: z.array(z.object({ id: z.string(), fileName: z.string().nullable(), url: z.string() })),
  repeat: TaskRepeatSchema.nullable(),
  history: z.array(TaskEventViewSchema),
  canProgress: z.boolean(),
});
export type OccurrenceDetail = z.infer<typeof OccurrenceDetailSchema>;

export const TaskViewSchema = z.object({
  id: z.string(),
  planId: z.string().nullable(),
  year: z.number().int(),
  clause: z.string(),
  title: z.string(),
  responsible: z.enum(TASK_UNITS),
  villageId: z.number().nullable(),
  cooperating: z.array(z.enum(TASK_UNITS)),
  dueOn: z.string().nullable(),
  repeat: TaskRepeatSchema.nullable(),
  evidenceExpected: z.enum(EVIDENCE_KINDS).nullable(),
  completesWith: z.enum(COMPLETING_REPORTS).nullable(),
  sourceDocument: z.string().nullable(),
  occurrences: z.number().int(),
  version: z.number().int(),
});
export type TaskView = z.infer<typeof TaskViewSchema>;

const cellSchema = z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int(), doneLate: z.number().int() });
export type BoardCell = z.infer<typeof cellSchema>;

export const TaskBoardSchema = z.object({
  year: z.number().int(),
  asOf: z.string(),
  unit: z.object({ id: z.number(), name: z.string() }),
  rows: z.array(z.object({
    responsible: z.enum(TASK_UNITS),
    village: z.object({ id: z.number(), name: z.string() }).nullable(),
    label: z.string(),
    /** Index 0 = January. */
    months: z.array(cellSchema).length(12),
    total: cellSchema,
  })),
});
export type TaskBoard = z.infer<typeof TaskBoardSchema>;

const rateSchema = z.object({ expected: z.number().int(), done: z.number().int(), onTime: z.number().int() });
export type OnTimeRate = z.infer<typeof rateSchema>;

export const TaskOverviewSchema = z.object({
  year: z.number().int(),
  asOf: z.string(),
  rows: z.array(z.object({ orgUnitId: z.number(), name: z.string(), reports: rateSchema, tasks: rateSchema })),
  total: z.object({ reports: rateSchema, tasks: rateSchema }),
});
export type TaskOverview = z.infer<typeof TaskOverviewSchema>;
