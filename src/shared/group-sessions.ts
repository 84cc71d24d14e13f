// Group sessions for residents (buổi hướng dẫn tập trung, issue 22): a class at a school, a
// cooperative, the village cultural house or the commune hall, whose every attendee gets one
// support event (channel 'group_session') through the support service, exactly as a visit.
import { BASIC_SKILLS_CHECKLIST, NOT_DONE_REASONS, SUPPORT_OUTCOMES, type SupportAction } from './support.ts';
import { z } from './validation.ts';
import { pageOf } from './pagination.ts';

export const SESSION_CONTENTS = ['basic_skills', 'student_training', 'vneid_level2', 'bdhvs', 'scam_awareness'] as const;
export type SessionContent = (typeof SESSION_CONTENTS)[number];
export const SESSION_CONTENT_LABELS: Record<SessionContent, string> = {
  basic_skills: 'Kỹ năng số cơ bản (theo danh mục)',
  student_training: 'Tập huấn kỹ năng số cho học sinh',
  vneid_level2: 'Kích hoạt định danh điện tử mức 2 (VNeID)',
  bdhvs: 'Học Bình dân học vụ số (xác nhận trên VNeID)',
  scam_awareness: 'Nhận biết, phòng tránh lừa đảo trực tuyến',
};
/** The support action each content writes for every attendee. */
export const SESSION_CONTENT_ACTION: Record<SessionContent, SupportAction> = {
  basic_skills: 'teach_basic_skills',
  student_training: 'student_training',
  vneid_level2: 'activate_vneid_level2',
  bdhvs: 'bdhvs_certified',
  scam_awareness: 'security_advice',
};

export const PLACE_KINDS = ['school', 'organization', 'cultural_house', 'commune_hall'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];
export const PLACE_KIND_LABELS: Record<PlaceKind, string> = {
  school: 'Tại trường học',
  organization: 'Tại doanh nghiệp, hợp tác xã',
  cultural_house: 'Tại nhà văn hóa thôn',
  commune_hall: 'Tại hội trường UBND xã',
};

const optionalText = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`).nullable().optional().transform((v) => (v ? v : null));

export const SessionAttendeeInputSchema = z.object({
  personId: z.uuid({ message: 'Mã nhân khẩu không hợp lệ.' }),
  /** Absent: the session's outcome. */
  outcome: z.enum(SUPPORT_OUTCOMES).nullable().optional().transform((v) => v ?? null),
  reason: z.enum(NOT_DONE_REASONS).nullable().optional().transform((v) => v ?? null),
}).strict();
export type SessionAttendeeInput = z.infer<typeof SessionAttendeeInputSchema>;

export const SessionVisitorSchema = z.object({
  fullName: z.string().trim().min(2, 'Nhập họ tên.').max(120, 'Tối đa 120 ký tự.'),
  /** The commune they live in (not ours: counted apart). */
  homeCommune: z.string().trim().min(2, 'Nhập xã nơi cư trú.').max(120, 'Tối đa 120 ký tự.'),
}).strict();
export type SessionVisitor = z.infer<typeof SessionVisitorSchema>;

const sessionFields = {
  sessionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.'),
  placeKind: z.enum(PLACE_KINDS, { message: 'Chọn nơi tổ chức.' }),
  /** The school (placeKind school) or the enterprise / cooperative (placeKind organization). */
  organizationId: z.uuid().nullable().optional().transform((v) => v ?? null),
  /** The cultural house's village. */
  villageId: z.number().int().positive().nullable().optional().transform((v) => v ?? null),
  placeNote: optionalText(200),
  contents: z.array(z.enum(SESSION_CONTENTS)).min(1, 'Chọn ít nhất một nội dung.').max(SESSION_CONTENTS.length)
    .refine((c) => new Set(c).size === c.length, 'Một nội dung được chọn hai lần.'),
  /** The basic-skills items taught (content basic_skills); all of them for "done". */
  checklist: z.array(z.enum(BASIC_SKILLS_CHECKLIST)).max(BASIC_SKILLS_CHECKLIST.length).optional().transform((v) => v ?? []),
  /** Every attendee's outcome unless their row says otherwise. */
  outcome: z.enum(SUPPORT_OUTCOMES).default('done'),
  reason: z.enum(NOT_DONE_REASONS).nullable().optional().transform((v) => v ?? null),
  teacherMemberIds: z.array(z.uuid()).max(20).optional().transform((v) => v ?? [])
    .refine((ids) => new Set(ids).size === ids.length, 'Một thành viên được chọn hai lần.'),
  attendees: z.array(SessionAttendeeInputSchema).max(1000, 'Tối đa 1000 người một buổi.')
    .refine((a) => new Set(a.map((x) => x.personId.toLowerCase())).size === a.length, 'Một người có hai dòng.'),
  visitors: z.array(SessionVisitorSchema).max(500).optional().transform((v) => v ?? []),
  note: optionalText(1000),
};

/** A new session, with the id the client made (a resend — desk or phone — is recognised). */
export const SessionInputSchema = z.object({
  id: z.uuid({ message: 'Mã buổi hướng dẫn không hợp lệ.' }),
  communeId: z.number().int().positive(),
  ...sessionFields,
}).strict();
export type SessionInput = z.infer<typeof SessionInputSchema>;

/** A correction: every field again and the version seen; each attendee's event is corrected. */
export const SessionCorrectionSchema = z.object({
  version: z.number().int().min(1),
  ...sessionFields,
}).strict();
export type SessionCorrection = z.infer<typeof SessionCorrectionSchema>;

/** A session recorded by mistake (wrong class, wrong day): every attendee's event retracted. */
export const SessionRetractSchema = z.object({
  version: z.number().int().min(1),
  reason: z.string().trim().min(5, 'Ghi rõ vì sao rút buổi này (ít nhất 5 ký tự).').max(500, 'Tối đa 500 ký tự.'),
}).strict();
export type SessionRetract = z.infer<typeof SessionRetractSchema>;

export const SessionIdParamsSchema = z.object({ id: z.uuid({ message: 'Mã buổi hướng dẫn không hợp lệ.' }) });
export const SessionListQuerySchema = z.object({
  communeId: z.coerce.number().int().positive().optional(),
  organizationId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type SessionListQuery = z.infer<typeof SessionListQuerySchema>;

export const CANDIDATE_SOURCES = ['school', 'organization', 'village'] as const;
export const CandidateQuerySchema = z.object({
  source: z.enum(CANDIDATE_SOURCES),
  organizationId: z.uuid().optional(),
  villageId: z.coerce.number().int().positive().optional(),
  /** Residents of a village by age group, ages on the session's date. */
  minAge: z.coerce.number().int().min(0).max(120).optional(),
  maxAge: z.coerce.number().int().min(0).max(120).optional(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type CandidateQuery = z.infer<typeof CandidateQuerySchema>;

/** Who may be named as a session's teachers: the commune's team members active on the day. */
export const TeacherQuerySchema = z.object({
  communeId: z.coerce.number().int().positive(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày không hợp lệ.'),
});
export type TeacherQuery = z.infer<typeof TeacherQuerySchema>;

// ---- Answers ----

const ref = z.object({ id: z.number(), name: z.string() });

export const SessionRefusalSchema = z.object({
  personId: z.string(),
  fullName: z.string(),
  message: z.string(),
});
export type SessionRefusal = z.infer<typeof SessionRefusalSchema>;

export const SessionAttendeeSchema = z.object({
  personId: z.string(),
  householdId: z.string(),
  fullName: z.string(),
  birthYear: z.number(),
  village: ref,
  outcome: z.enum(SUPPORT_OUTCOMES),
  reason: z.enum(NOT_DONE_REASONS).nullable(),
  eventId: z.string(),
});
export type SessionAttendee = z.infer<typeof SessionAttendeeSchema>;

export const SessionSummarySchema = z.object({
  id: z.string(),
  commune: ref,
  sessionDate: z.string(),
  placeKind: z.enum(PLACE_KINDS),
  organization: z.object({ id: z.string(), name: z.string(), kind: z.string() }).nullable(),
  village: ref.nullable(),
  placeNote: z.string().nullable(),
  contents: z.array(z.enum(SESSION_CONTENTS)),
  outcome: z.enum(SUPPORT_OUTCOMES),
  status: z.enum(['held', 'retracted']),
  attendees: z.number(),
  done: z.number(),
  visitors: z.number(),
  refused: z.number(),
  recordedBy: z.string(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
export const SessionListSchema = pageOf(SessionSummarySchema);
export type SessionList = z.infer<typeof SessionListSchema>;

export const SessionViewSchema = SessionSummarySchema.extend({
  version: z.number(),
  checklist: z.array(z.enum(BASIC_SKILLS_CHECKLIST)),
  reason: z.enum(NOT_DONE_REASONS).nullable(),
  teachers: z.array(z.object({ id: z.string(), fullName: z.string() })),
  attendeeList: z.array(SessionAttendeeSchema),
  visitorList: z.array(SessionVisitorSchema),
  refusedList: z.array(SessionRefusalSchema),
  note: z.string().nullable(),
  /** false: the session with this id was stored before (a resend): nothing written again. */
  created: z.boolean(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const CandidateSchema = z.object({
  personId: z.string(),
  householdId: z.string(),
  fullName: z.string(),
  birthYear: z.number(),
  birthDate: z.string().nullable(),
  village: ref,
  isStudent: z.boolean(),
  isWorker: z.boolean(),
});
export type Candidate = z.infer<typeof CandidateSchema>;
export const CandidateListSchema = z.object({ items: z.array(CandidateSchema) });

export const TeacherListSchema = z.object({
  items: z.array(z.object({ id: z.string(), fullName: z.string(), teamRole: z.enum(['leader', 'deputy', 'member']), village: ref })),
});
export type TeacherList = z.infer<typeof TeacherListSchema>;
export type CandidateList = z.infer<typeof CandidateListSchema>;

// ---- The phone ----

/**
 * What a team leader's phone needs to record a session offline (with the pull, among the
 * reference lists): the commune, and its active schools, enterprises and cooperatives with
 * the village's own people linked to each (workers; a school's pupils are the village's
 * people flagged as students when the school serves the village).
 */
export interface FieldSessionPlaces {
  communeId: number;
  canRecord: boolean;
  organizations: Array<{ id: string; kind: 'school' | 'enterprise' | 'cooperative'; name: string; servesVillage: boolean; workerIds: string[] }>;
}
