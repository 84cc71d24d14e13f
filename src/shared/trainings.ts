// Trainings (tập huấn) of the teams, plan section II.2: the plan's four topics, the methods,
// the states of a training and of a member's attendance, and the API's inputs and answers.
// A training belongs to the commune; villages are invited, and with them every member of
// their team during the training; attendance is taken on the desk or on the team leader's
// phone (mutation `training.attendance`).
import { z } from 'zod';
import { AttachmentViewSchema, attachmentIdsSchema } from './attachments.ts';
import { pageOf, pageQuery } from './pagination.ts';

export const TRAINING_TOPICS = ['policy', 'public_services', 'platforms', 'security'] as const;
export type TrainingTopic = (typeof TRAINING_TOPICS)[number];
/** The plan's wording (section II.2.1). */
export const TRAINING_TOPIC_LABELS: Record<TrainingTopic, string> = {
  policy: 'Chủ trương, chính sách, pháp luật về chuyển đổi số',
  public_services: 'Sử dụng dịch vụ công trực tuyến, chữ ký số',
  platforms: 'Sử dụng nền tảng số, ứng dụng trong công việc, cuộc sống',
  security: 'An toàn thông tin, bảo vệ dữ liệu cá nhân trên môi trường số',
};
/** For table headers and badges. */
export const TRAINING_TOPIC_SHORT: Record<TrainingTopic, string> = {
  policy: 'Chính sách, pháp luật',
  public_services: 'DVC trực tuyến, chữ ký số',
  platforms: 'Nền tảng số',
  security: 'An toàn thông tin',
};

export const TRAINING_METHODS = ['in_person', 'hands_on', 'online', 'blended'] as const;
export type TrainingMethod = (typeof TRAINING_METHODS)[number];
export const TRAINING_METHOD_LABELS: Record<TrainingMethod, string> = {
  in_person: 'Trực tiếp',
  hands_on: 'Cầm tay chỉ việc',
  online: 'Trực tuyến',
  blended: 'Kết hợp trực tuyến và trực tiếp',
};
/** Methods with an online part name their platform. */
export const ONLINE_METHODS: readonly TrainingMethod[] = ['online', 'blended'];
/** The national platform (binhdanhocvuso.gov.vn); any other is named as it is. */
export const BDHVS_PLATFORM = 'bdhvs';
export const platformLabel = (platform: string | null) => (platform === BDHVS_PLATFORM ? 'Bình dân học vụ số' : platform ?? '');

export const TRAINING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];
export const TRAINING_STATUS_LABELS: Record<TrainingStatus, string> = {
  planned: 'Dự kiến',
  held: 'Đã tổ chức',
  cancelled: 'Đã hủy',
};

export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: 'Có mặt',
  absent: 'Vắng',
  excused: 'Vắng có phép',
};

export const TRAINING_TEXT_MAX = 200;
export const TRAINING_NOTES_MAX = 2000;

// ---- Inputs ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.');
const dateTime = z.iso.datetime({ offset: true, message: 'Thời gian không hợp lệ.' });
const text = (max = TRAINING_TEXT_MAX) => z.string().trim().max(max, `Tối đa ${max} ký tự.`);
const optionalText = (max = TRAINING_TEXT_MAX) => text(max).nullable().optional().transform((v) => (v ? v : null));

/** The fields of a training a writer sets (create and edit). Cross-field rules: trainingRules. */
const trainingFields = {
  title: text().min(1, 'Nhập tên lớp tập huấn.'),
  topics: z.array(z.enum(TRAINING_TOPICS)).min(1, 'Chọn ít nhất một nội dung tập huấn.').max(TRAINING_TOPICS.length)
    .refine((t) => new Set(t).size === t.length, 'Một nội dung được chọn hai lần.'),
  method: z.enum(TRAINING_METHODS),
  /** Online methods: 'bdhvs' or the name of another platform. */
  platform: optionalText(100),
  /** The commune programme it is "lồng ghép" with; null: on its own. */
  integratedWith: optionalText(),
  organiser: optionalText(),
  trainer: optionalText(),
  place: optionalText(),
  startsAt: dateTime,
  endsAt: dateTime,
  /** Invited villages: every member of their team during the training is on the list. */
  villageIds: z.array(z.number().int().positive()).min(1, 'Chọn ít nhất một thôn được mời.').max(3000)
    .refine((ids) => new Set(ids).size === ids.length, 'Một thôn được chọn hai lần.'),
  costVnd: z.number().int().min(0, 'Kinh phí không âm.').max(1_000_000_000_000).nullable().optional().transform((v) => v ?? null),
  notes: z.string().trim().max(TRAINING_NOTES_MAX, `Tối đa ${TRAINING_NOTES_MAX} ký tự.`).optional().transform((v) => v ?? ''),
};

/** Rules across fields, the same on the desk form and the server (the server puts the field's label before the message). */
export function trainingIssues(value: { method: TrainingMethod; platform: string | null; startsAt: string; endsAt: string }): Array<{ path: string; message: string }> {
  const issues: Array<{ path: string; message: string }> = [];
  if (Date.parse(value.endsAt) < Date.parse(value.startsAt)) issues.push({ path: 'endsAt', message: 'Phải sau hoặc bằng thời gian bắt đầu.' });
  if (ONLINE_METHODS.includes(value.method) && !value.platform) issues.push({ path: 'platform', message: 'Tập huấn trực tuyến cần ghi nền tảng (Bình dân học vụ số hoặc tên nền tảng khác).' });
  return issues;
}

const withRules = <T extends z.ZodType<{ method: TrainingMethod; platform: string | null; startsAt: string; endsAt: string }>>(schema: T) =>
  schema.superRefine((value, ctx) => {
    for (const issue of trainingIssues(value)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  });

/** A new training, with the id the client made (a resend is recognised). */
export const TrainingInputSchema = withRules(z.object({
  id: z.uuid({ message: 'Mã lớp tập huấn không hợp lệ.' }),
  orgUnitId: z.number().int().positive(),
  ...trainingFields,
  photoIds: attachmentIdsSchema().optional().transform((v) => v ?? []),
}).strict());
export type TrainingInput = z.infer<typeof TrainingInputSchema>;

/** A change of a training: every field again, its state, and the version the writer saw. */
export const TrainingUpdateSchema = withRules(z.object({
  version: z.number().int().min(1),
  status: z.enum(TRAINING_STATUSES),
  ...trainingFields,
}).strict());
export type TrainingUpdate = z.infer<typeof TrainingUpdateSchema>;

export const AttendanceEntrySchema = z.object({
  memberId: z.uuid({ message: 'Mã thành viên không hợp lệ.' }),
  status: z.enum(ATTENDANCE_STATUSES),
  /** Online course completed (the platform's certificate). */
  completed: z.boolean().optional().transform((v) => v ?? false),
  certificateNo: z.string().trim().max(60, 'Tối đa 60 ký tự.').nullable().optional().transform((v) => (v ? v : null)),
  certificateDate: isoDate.nullable().optional().transform((v) => v ?? null),
}).strict();
export type AttendanceEntry = z.infer<typeof AttendanceEntrySchema>;

/** Attendance of some invited members (desk or phone), with photos of the signed sheet. */
export const AttendanceInputSchema = z.object({
  trainingId: z.uuid({ message: 'Mã lớp tập huấn không hợp lệ.' }),
  entries: z.array(AttendanceEntrySchema).max(2000)
    .refine((e) => new Set(e.map((x) => x.memberId.toLowerCase())).size === e.length, 'Một thành viên có hai dòng điểm danh.'),
  photoIds: attachmentIdsSchema().optional().transform((v) => v ?? []),
}).strict();
export type AttendanceInput = z.infer<typeof AttendanceInputSchema>;

export const TrainingPhotosSchema = z.object({ photoIds: attachmentIdsSchema().min(1, 'Chọn ít nhất một ảnh.') }).strict();

export const TrainingIdParamsSchema = z.object({ id: z.uuid({ message: 'Mã lớp tập huấn không hợp lệ.' }) });
export const TrainingPhotoParamsSchema = z.object({
  id: z.uuid({ message: 'Mã lớp tập huấn không hợp lệ.' }),
  attachmentId: z.uuid({ message: 'Mã ảnh không hợp lệ.' }),
});

export const TrainingListQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2020).max(2100).optional(),
  status: z.enum(TRAINING_STATUSES).optional(),
  ...pageQuery({ default: 50, max: 200 }),
});
export type TrainingListQuery = z.infer<typeof TrainingListQuerySchema>;

/** Figures of a unit (commune or village) and any period; default: the year so far. */
export const TrainingFiguresQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type TrainingFiguresQuery = z.infer<typeof TrainingFiguresQuerySchema>;

export const NeverTrainedQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  /** Active members on this day never trained up to it (default today). */
  asOf: isoDate.optional(),
});
export type NeverTrainedQuery = z.infer<typeof NeverTrainedQuerySchema>;

// ---- Answers ----

const village = z.object({ id: z.number().int(), name: z.string() });

export const TrainingSummarySchema = z.object({
  id: z.string(),
  orgUnit: village,
  title: z.string(),
  topics: z.array(z.enum(TRAINING_TOPICS)),
  method: z.enum(TRAINING_METHODS),
  platform: z.string().nullable(),
  integratedWith: z.string().nullable(),
  place: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(TRAINING_STATUSES),
  villages: z.array(village),
  /** Members invited (of the invited villages' teams during the training). */
  invited: z.number().int(),
  present: z.number().int(),
  completed: z.number().int(),
  /** Invited members with no attendance recorded yet. */
  unrecorded: z.number().int(),
  photos: z.number().int(),
});
export type TrainingSummary = z.infer<typeof TrainingSummarySchema>;

export const TrainingListAnswerSchema = pageOf(TrainingSummarySchema);
export type TrainingListAnswer = z.infer<typeof TrainingListAnswerSchema>;

export const InvitedMemberSchema = z.object({
  memberId: z.string(),
  fullName: z.string(),
  teamRole: z.enum(['leader', 'deputy', 'member']),
  phone: z.string().nullable(),
  village: village,
  attendance: z.object({
    status: z.enum(ATTENDANCE_STATUSES),
    completed: z.boolean(),
    certificateNo: z.string().nullable(),
    certificateDate: z.string().nullable(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }).nullable(),
});
export type InvitedMember = z.infer<typeof InvitedMemberSchema>;

export const TrainingViewSchema = TrainingSummarySchema.extend({
  organiser: z.string().nullable(),
  trainer: z.string().nullable(),
  costVnd: z.number().int().nullable(),
  notes: z.string(),
  version: z.number().int(),
  createdBy: z.string(),
  members: z.array(InvitedMemberSchema),
  photoList: z.array(AttachmentViewSchema),
  can: z.object({ edit: z.boolean(), attendance: z.boolean() }),
  /** Why attendance cannot be taken yet (a training not begun, or cancelled); null when it can. */
  attendanceBlockedReason: z.string().nullable(),
});
export type TrainingView = z.infer<typeof TrainingViewSchema>;

export const SignInSheetSchema = z.object({
  training: TrainingSummarySchema.extend({ organiser: z.string().nullable(), trainer: z.string().nullable() }),
  members: z.array(InvitedMemberSchema.omit({ attendance: true })),
  /** The training's page: the QR code opens it. */
  url: z.string(),
  qrSvg: z.string(),
});
export type SignInSheet = z.infer<typeof SignInSheetSchema>;

const ratio = z.object({ trained: z.number().int(), members: z.number().int() });
export const TrainingFiguresSchema = z.object({
  unit: village.extend({ level: z.enum(['province', 'commune', 'village']) }),
  from: z.string(),
  to: z.string(),
  /** Trainings held (or running) in the period, by status. */
  trainings: z.object({ held: z.number().int(), planned: z.number().int(), cancelled: z.number().int() }),
  /** Members trained in the period / active members at its end. */
  total: ratio,
  byTopic: z.record(z.enum(TRAINING_TOPICS), ratio),
  byMethod: z.record(z.enum(TRAINING_METHODS), ratio),
  /** Each village (of a commune or province: each commune's villages; of a village: itself). */
  villages: z.array(village.extend({ total: ratio, byTopic: z.record(z.enum(TRAINING_TOPICS), z.number().int()), byMethod: z.record(z.enum(TRAINING_METHODS), z.number().int()) })),
  /** Active members at the period's end never trained up to it. */
  neverTrained: z.number().int(),
});
export type TrainingFigures = z.infer<typeof TrainingFiguresSchema>;

export const NeverTrainedMemberSchema = z.object({
  memberId: z.string(),
  fullName: z.string(),
  teamRole: z.enum(['leader', 'deputy', 'member']),
  phone: z.string().nullable(),
  joinedOn: z.string(),
  village: village,
});
export const NeverTrainedAnswerSchema = z.object({ asOf: z.string(), items: z.array(NeverTrainedMemberSchema) });
export type NeverTrainedAnswer = z.infer<typeof NeverTrainedAnswerSchema>;

/** What a report freezes of the trainings of its period (reports.builder.ts). */
export const TrainingReportSchema = z.object({
  /** Trainings held whose first day is in the period, and what they covered. */
  held: z.number().int(),
  topics: z.array(z.enum(TRAINING_TOPICS)),
  methods: z.array(z.enum(TRAINING_METHODS)),
  /** Members trained in the period / active members at its end; by topic and method. */
  trained: z.number().int(),
  members: z.number().int(),
  byTopic: z.record(z.enum(TRAINING_TOPICS), z.number().int()),
  byMethod: z.record(z.enum(TRAINING_METHODS), z.number().int()),
  villages: z.array(z.object({ name: z.string(), trained: z.number().int(), members: z.number().int() })),
});
export type TrainingReport = z.infer<typeof TrainingReportSchema>;

// ---- On the phone (pull) ----

export const FieldTrainingSchema = TrainingSummarySchema.pick({
  id: true, title: true, topics: true, method: true, platform: true, place: true, startsAt: true, endsAt: true, status: true,
}).extend({
  /** The members of the leader's village invited, with what the server holds of their attendance. */
  members: z.array(InvitedMemberSchema.pick({ memberId: true, fullName: true, teamRole: true, attendance: true })),
  photos: z.number().int(),
});
export type FieldTraining = z.infer<typeof FieldTrainingSchema>;
