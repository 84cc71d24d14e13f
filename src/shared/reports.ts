// Reports up the chain (domain.md "Reports"): a village head's monthly and quarterly report to
// Phòng Văn hóa - Xã hội, the commune's monthly or ad-hoc report to Sở KH&CN. The kinds, the
// review states and who moves a report between them, the free-text limits, and the API's
// inputs and answers. The document itself is src/shared/report-document.ts.
import { z } from 'zod';
import type { ReportFigures } from './report-document.ts';

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
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** Who has reported for a period: every village of a commune, or every commune of the province. */
export const ReportOverviewQuerySchema = z.object({
  kind: z.enum(REPORT_KINDS),
  orgUnitId: z.coerce.number().int().positive().optional(),
  year,
  month: z.coerce.number().int().min(1).max(12),
});

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

export const ReportReturnSchema = z
  .object({
    version,
    comment: z.string().trim().min(1, 'Ghi rõ lý do trả lại.').max(REVIEW_COMMENT_MAX, `Tối đa ${REVIEW_COMMENT_MAX} ký tự.`),
  })
  .strict();

// ---- API answers ----

export interface ReportEventView {
  at: string;
  action: ReportAction;
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
  accountName: string;
  comment: string | null;
}

/** What the report holds beyond the indicator figures, frozen with them. */
export interface ReportActivity {
  teams: { villages: number; withTeam: number; teams: number; activeMembers: number; youthUnionMembers: number };
}

export interface ReportView {
  id: string;
  kind: ReportKind;
  orgUnit: { id: number; name: string; level: 'village' | 'commune' };
  /** 'Tháng 11/2026', 'Quý IV/2026', 'Từ 01/10/2026 đến 15/11/2026'. */
  periodLabel: string;
  periodStart: string;
  periodEnd: string;
  year: number;
  status: ReportStatus;
  version: number;
  dueOn: string;
  /** Never submitted, and past its due day. */
  late: boolean;
  /** First submitted after its due day (a resubmission after a return does not count). */
  submittedLate: boolean;
  resultsText: string;
  difficultiesText: string;
  proposalsText: string;
  figures: ReportFigures;
  activity: ReportActivity;
  figuresComputedAt: string;
  /** For a commune report: each village's own report of the period and its state. */
  villageReports: Array<{ orgUnitId: number; name: string; reportId: string | null; status: ReportStatus | null }> | null;
  submittedAt: string | null;
  /** A commune's report: when the leader approved it and sent it to the Sở (null until then). */
  sentAt: string | null;
  reviewComment: string | null;
  events: ReportEventView[];
  /** What the caller may do now. */
  can: { edit: boolean; submit: boolean; review: boolean; download: boolean };
  /** Why the writer cannot submit yet (can.edit but not can.submit), said as the server refuses it; else null. */
  submitBlockedReason: string | null;
}

/** "Tính lại số liệu": the figures before and after, so the writer sees what changed. */
export interface ReportRecomputeAnswer {
  report: ReportView;
  changes: Array<{ unit: string; code: string; before: { numerator: number; denominator: number }; after: { numerator: number; denominator: number } }>;
}

export interface ReportOverviewRow {
  orgUnitId: number;
  name: string;
  reportId: string | null;
  status: ReportStatus | null;
  submittedAt: string | null;
  /** A commune's report: when the leader approved it and sent it to the Sở. */
  sentAt: string | null;
  /** As on ReportView: never submitted and past due / first submitted after the due day. */
  late: boolean;
  submittedLate: boolean;
}

/** One row of GET /api/reports (newest period first). */
export type ReportListItem = Pick<
  ReportView,
  'id' | 'kind' | 'orgUnit' | 'periodLabel' | 'periodStart' | 'periodEnd' | 'year' | 'status' | 'version' | 'dueOn' | 'late' | 'submittedLate' | 'submittedAt' | 'sentAt' | 'reviewComment'
>;

export interface ReportListAnswer {
  total: number;
  page: number;
  pageSize: number;
  items: ReportListItem[];
}
