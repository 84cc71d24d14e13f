// Reports up the chain (domain.md "Reports"): a village head's monthly and quarterly report to
// Phòng Văn hóa - Xã hội, the commune's monthly or ad-hoc report to Sở KH&CN. The kinds, the
// review states and who moves a report between them, the free-text limits, and the API's
// inputs and answers. The document itself is src/shared/report-document.ts.
import { z } from 'zod';
import { pageQuery, pageOf } from './pagination.ts';
import { AwardReportRowSchema } from './awards.ts';
import { CommFiguresSchema } from './communication.ts';
import { ReportFiguresSchema } from './report-document.ts';
import { TrainingReportSchema } from './trainings.ts';

export const REPORT_KINDS = ['village_monthly', 'village_quarterly', 'commune_monthly', 'commune_adhoc'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  village_monthly: 'Báo cáo tháng của thôn',
  village_quarterly: 'Báo cáo quý của thôn',
  commune_monthly: 'Báo cáo tháng của xã',
  commune_adhoc: 'Báo cáo đột xuất của xã',
};
/** Which unit writes a kind of report. */
export const REPORT_KIND_LEVEL: Record<ReportKind, 'village' | 'commune'> = {
  village_monthly: 'village',
  village_quarterly: 'village',
  commune_monthly: 'commune',
  commune_adhoc: 'commune',
};

/**
 * draft → submitted → accepted (a village's report, by Phòng VH-XH) or sent (the commune's,
 * approved by the commune leader, which sends it to the province); a reviewer may return a
 * submitted report with a comment (returned), and its writer edits and submits it again.
 */
export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'sent'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: 'Đang soạn',
  submitted: 'Đã nộp, chờ duyệt',
  returned: 'Bị trả lại',
  accepted: 'Đã tiếp nhận',
  sent: 'Đã duyệt, gửi Sở KH&CN',
};
/** A report may be edited (text, recomputed figures) only in these states. */
export const EDITABLE_STATUSES: readonly ReportStatus[] = ['draft', 'returned'];

export const REPORT_ACTIONS = ['created', 'saved', 'recomputed', 'submitted', 'returned', 'accepted', 'sent'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];
export const REPORT_ACTION_LABELS: Record<ReportAction, string> = {
  created: 'Tạo báo cáo',
  saved: 'Lưu nháp',
  recomputed: 'Tính lại số liệu',
  submitted: 'Nộp báo cáo',
  returned: 'Trả lại',
  accepted: 'Tiếp nhận',
  sent: 'Duyệt và gửi Sở KH&CN',
};

/**
 * The day of the month after the period by which a report is due; after it, a report not in
 * yet is late, and one that came in after it was late. A village's report is in when first
 * submitted (a resubmission after a return does not count); the commune's when the leader has
 * approved it and it has gone to the Sở. Villages report first so the commune can add them up.
 * An ad-hoc report is asked for on a day, not at a period's end: it is due
 * REPORT_DUE_DAY.commune days after the day it was created (Vietnam time), so a report
 * opened today on a past period is not overdue at birth.
 */
export const REPORT_DUE_DAY: Record<'village' | 'commune', number> = { village: 3, commune: 5 };

/** The free text of a report (section I's narrative, II and III). */
export const REPORT_TEXT_FIELDS = ['resultsText', 'difficultiesText', 'proposalsText'] as const;
export type ReportTextField = (typeof REPORT_TEXT_FIELDS)[number];
export const REPORT_TEXT_LABELS: Record<ReportTextField, string> = {
  resultsText: 'Kết quả nổi bật (lời văn)',
  difficultiesText: 'Khó khăn, vướng mắc',
  proposalsText: 'Đề xuất, kiến nghị',
};
export const REPORT_TEXT_MAX = 4000;
export const REVIEW_COMMENT_MAX = 1000;

// ---- API inputs ----

const year = z.coerce.number().int().min(2025).max(2100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.');
// The error names the field by its label (FIELD_LABELS), so the messages say only what is wrong.
const text = () => z.string().max(REPORT_TEXT_MAX, `Tối đa ${REPORT_TEXT_MAX} ký tự.`);

/** Opens the report of a unit and period: the existing one, or a new draft with figures filled in. */
export const ReportOpenSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    orgUnitId: z.number().int().positive(),
    year,
    /** Monthly: the month; quarterly: any month of the quarter. */
    month: z.number().int().min(1).max(12).optional(),
    /** Ad-hoc: the period's first and last day. */
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict();
export type ReportOpen = z.infer<typeof ReportOpenSchema>;

export const ReportListQuerySchema = z.object({
  kind: z.enum(REPORT_KINDS).optional(),
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: year.optional(),
  status: z.enum(REPORT_STATUSES).optional(),
  ...pageQuery({ default: 50, max: 200 }),
});
export type ReportListQuery = z.infer<typeof ReportListQuerySchema>;

/** Who has reported for a period: every village of a commune, or every commune of the province. */
export const ReportOverviewQuerySchema = z.object({
  kind: z.enum(REPORT_KINDS),
  orgUnitId: z.coerce.number().int().positive().optional(),
  year,
  month: z.coerce.number().int().min(1).max(12),
});
export type ReportOverviewQuery = z.infer<typeof ReportOverviewQuerySchema>;

const version = z.number().int().min(1);

export const ReportSaveSchema = z
  .object({
    version,
    resultsText: text().optional(),
    difficultiesText: text().optional(),
    proposalsText: text().optional(),
  })
  .strict();
export type ReportSave = z.infer<typeof ReportSaveSchema>;

export const ReportVersionSchema = z.object({ version }).strict();
export type ReportVersion = z.infer<typeof ReportVersionSchema>;

export const ReportReturnSchema = z
  .object({
    version,
    comment: z.string().trim().min(1, 'Ghi rõ lý do trả lại.').max(REVIEW_COMMENT_MAX, `Tối đa ${REVIEW_COMMENT_MAX} ký tự.`),
  })
  .strict();
export type ReportReturn = z.infer<typeof ReportReturnSchema>;

/** A report in the path: `/api/reports/:id`. */
export const ReportIdParamsSchema = z.object({ id: z.string().uuid({ message: 'Mã báo cáo không hợp lệ.' }) });

// ---- API answers (the routes serialise through these: no field leaves that they do not name) ----

const isoDateTime = z.string();
const statusOrNone = z.enum(REPORT_STATUSES).nullable();

export const ReportEventViewSchema = z.object({
  at: isoDateTime,
  action: z.enum(REPORT_ACTIONS),
  fromStatus: statusOrNone,
  toStatus: z.enum(REPORT_STATUSES),
  accountName: z.string(),
  comment: z.string().nullable(),
});
export type ReportEventView = z.infer<typeof ReportEventViewSchema>;

/** What the report holds beyond the indicator figures, frozen with them. */
export const ReportActivitySchema = z.object({
  teams: z.object({ villages: z.number().int(), withTeam: z.number().int(), teams: z.number().int(), activeMembers: z.number().int(), youthUnionMembers: z.number().int() }),
  /** Absent from reports frozen before trainings were recorded. */
  trainings: TrainingReportSchema.optional(),
  /** Truyền thông of the period (absent in a report frozen before the system recorded it). */
  communication: CommFiguresSchema.optional(),
  /** A commune's report: the nominations of its emulation campaigns (absent before they were recorded, and in a village's). */
  awards: z.array(AwardReportRowSchema).optional(),
});
export type ReportActivity = z.infer<typeof ReportActivitySchema>;

/** A village's own report of a period and its state, as a commune report lists them. */
export const VillageReportStateSchema = z.object({ orgUnitId: z.number().int(), name: z.string(), reportId: z.string().nullable(), status: statusOrNone });
export type VillageReportState = z.infer<typeof VillageReportStateSchema>;

export const ReportViewSchema = z.object({
  id: z.string(),
  kind: z.enum(REPORT_KINDS),
  orgUnit: z.object({ id: z.number().int(), name: z.string(), level: z.enum(['village', 'commune']) }),
  /** 'Tháng 11/2026', 'Quý IV/2026', 'Từ 01/10/2026 đến 15/11/2026'. */
  periodLabel: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  year: z.number().int(),
  status: z.enum(REPORT_STATUSES),
  version: z.number().int(),
  dueOn: z.string(),
  /** Never submitted, and past its due day. */
  late: z.boolean(),
  /** First submitted after its due day (a resubmission after a return does not count). */
  submittedLate: z.boolean(),
  resultsText: z.string(),
  difficultiesText: z.string(),
  proposalsText: z.string(),
  figures: ReportFiguresSchema,
  activity: ReportActivitySchema,
  figuresComputedAt: isoDateTime,
  /** For a commune report: each village's own report of the period and its state. */
  villageReports: z.array(VillageReportStateSchema).nullable(),
  submittedAt: isoDateTime.nullable(),
  /** A commune's report: when the leader approved it and sent it to the Sở (null until then). */
  sentAt: isoDateTime.nullable(),
  reviewComment: z.string().nullable(),
  events: z.array(ReportEventViewSchema),
  /** What the caller may do now. */
  can: z.object({ edit: z.boolean(), submit: z.boolean(), review: z.boolean(), download: z.boolean() }),
  /** Why the writer cannot submit yet (can.edit but not can.submit), said as the server refuses it; else null. */
  submitBlockedReason: z.string().nullable(),
});
export type ReportView = z.infer<typeof ReportViewSchema>;

const counts = z.object({ numerator: z.number().int(), denominator: z.number().int() });
/** "Tính lại số liệu": the figures before and after, so the writer sees what changed. */
export const ReportRecomputeAnswerSchema = z.object({
  report: ReportViewSchema,
  changes: z.array(z.object({ unit: z.string(), code: z.string(), before: counts, after: counts })),
});
export type ReportRecomputeAnswer = z.infer<typeof ReportRecomputeAnswerSchema>;

export const ReportOverviewRowSchema = z.object({
  orgUnitId: z.number().int(),
  name: z.string(),
  reportId: z.string().nullable(),
  status: statusOrNone,
  submittedAt: isoDateTime.nullable(),
  /** A commune's report: when the leader approved it and sent it to the Sở. */
  sentAt: isoDateTime.nullable(),
  /** As on ReportView: never submitted and past due / first submitted after the due day. */
  late: z.boolean(),
  submittedLate: z.boolean(),
});
export type ReportOverviewRow = z.infer<typeof ReportOverviewRowSchema>;
export const ReportOverviewSchema = z.array(ReportOverviewRowSchema);

/** One row of GET /api/reports (newest period first). */
export const ReportListItemSchema = ReportViewSchema.pick({
  id: true, kind: true, orgUnit: true, periodLabel: true, periodStart: true, periodEnd: true, year: true, status: true, version: true,
  dueOn: true, late: true, submittedLate: true, submittedAt: true, sentAt: true, reviewComment: true,
});
export type ReportListItem = z.infer<typeof ReportListItemSchema>;

export const ReportListAnswerSchema = pageOf(ReportListItemSchema);
export type ReportListAnswer = z.infer<typeof ReportListAnswerSchema>;
