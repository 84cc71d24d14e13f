// Emulation and awards (thi đua, khen thưởng), plan section II.4: the four titles, the figures
// a title's rule may test (each one the system already computes: a person's status, a
// household's members, a village's indicators against their targets, a team's work), the
// rules, campaigns, candidates with their evidence, nominations, the council and the decision.
// No province has published criteria for these titles: every threshold is data, none is code.
import { z } from 'zod';

export const AWARD_TITLES = ['citizen', 'family', 'village', 'team'] as const;
export type AwardTitle = (typeof AWARD_TITLES)[number];
export const AWARD_TITLE_LABELS: Record<AwardTitle, string> = {
  citizen: 'Công dân số xuất sắc',
  family: 'Gia đình số tiêu biểu',
  village: 'Khu dân cư số tiêu biểu',
  team: 'Tổ Công nghệ số cộng đồng tiêu biểu',
};
/** What a title is given to. */
export const AWARD_SUBJECT_LABELS: Record<AwardTitle, string> = {
  citizen: 'Công dân',
  family: 'Hộ gia đình',
  village: 'Thôn',
  team: 'Tổ CNSCĐ',
};

export type FigureKind = 'flag' | 'count' | 'percent' | 'number';
export interface FigureDefinition {
  title: AwardTitle;
  label: string;
  kind: FigureKind;
  /** Allowed thresholds (flags take true/false). */
  min: number;
  max: number;
  /** How the figure is worked out, shown beside it in the rule editor and the evidence. */
  help: string;
}

const flag = (label: string, help: string): FigureDefinition => ({ title: 'citizen', label, kind: 'flag', min: 0, max: 1, help });
const pct = (title: AwardTitle, label: string, help: string): FigureDefinition => ({ title, label, kind: 'percent', min: 0, max: 100, help });

/**
 * Every figure a rule may name, by code. Person flags count when the status became true on or
 * before the campaign's end (the status history's date); counts over the period count the
 * campaign's period; percentages are 0–100.
 */
export const AWARD_FIGURES = {
  // ---- A person (residents of the commune at the end, as the indicators count them)
  age: { title: 'citizen', label: 'Tuổi', kind: 'number', min: 0, max: 150, help: 'Tuổi tròn tại ngày cuối đợt (chỉ có năm sinh: tính từ 01/01).' },
  vneid_level2: flag('Định danh điện tử mức 2 (VNeID)', 'Đã kích hoạt VNeID mức 2 trước ngày cuối đợt.'),
  vneid_level1: flag('Có tài khoản VNeID (mức 1 trở lên)', 'Đã cài VNeID (mức 1 hoặc 2).'),
  bank_account: flag('Tài khoản ngân hàng số', 'Đã mở tài khoản ngân hàng số / mobile banking.'),
  dvc_account: flag('Tài khoản Dịch vụ công', 'Đã tạo tài khoản Dịch vụ công.'),
  basic_skills: flag('Kỹ năng số cơ bản', 'Đã được xác nhận có kỹ năng số cơ bản.'),
  bdhvs_certified: flag('Chứng nhận Bình dân học vụ số', 'Có xác nhận phổ cập tri thức CĐS trên VNeID.'),
  cashless_payment: flag('Thanh toán không dùng tiền mặt', 'Đã dùng thanh toán không dùng tiền mặt.'),
  vssid: flag('Cài đặt VssID', 'Đã cài VssID.'),
  procedures: { title: 'citizen', label: 'Thủ tục trực tuyến đã thực hiện trong đợt', kind: 'count', min: 0, max: 1000, help: 'Số lần nộp thủ tục trực tuyến thành công được ghi nhận trong thời gian của đợt.' },
  // ---- A household (its residents at the end)
  members_16: { title: 'family', label: 'Số thành viên từ 16 tuổi', kind: 'count', min: 0, max: 100, help: 'Thành viên cư trú từ 16 tuổi trở lên tại ngày cuối đợt.' },
  pct_16_vneid2: pct('family', 'Tỷ lệ thành viên 16+ có VNeID mức 2 (%)', 'Thành viên 16+ có VNeID mức 2 / thành viên 16+.'),
  pct_16_bank: pct('family', 'Tỷ lệ thành viên 16+ có tài khoản ngân hàng số (%)', 'Thành viên 16+ có tài khoản ngân hàng số / thành viên 16+.'),
  members_skills_dvc: { title: 'family', label: 'Thành viên có kỹ năng số cơ bản và tài khoản DVC', kind: 'count', min: 0, max: 100, help: 'Số thành viên có cả kỹ năng số cơ bản và tài khoản Dịch vụ công.' },
  members_cashless: { title: 'family', label: 'Thành viên thanh toán không dùng tiền mặt', kind: 'count', min: 0, max: 100, help: 'Số thành viên đã dùng thanh toán không dùng tiền mặt.' },
  household_informed: { title: 'family', label: 'Hộ đã được tuyên truyền', kind: 'flag', min: 0, max: 1, help: 'Hộ đã được thông tin về chương trình trước ngày cuối đợt.' },
  // ---- A village (the plan's indicators at the end; targets as set for the year)
  pct_DD: pct('village', 'Tỷ lệ DD: công dân 16+ có danh tính số (%)', 'Chỉ tiêu DD tại ngày cuối đợt.'),
  pct_NH: pct('village', 'Tỷ lệ NH: công dân 16+ có tài khoản ngân hàng số (%)', 'Chỉ tiêu NH tại ngày cuối đợt.'),
  pct_KNS: pct('village', 'Tỷ lệ KNS: người lớn có kỹ năng số cơ bản (%)', 'Chỉ tiêu KNS tại ngày cuối đợt.'),
  pct_BDHVS: pct('village', 'Tỷ lệ BDHVS: người lớn có chứng nhận (%)', 'Chỉ tiêu BDHVS tại ngày cuối đợt.'),
  pct_TT: pct('village', 'Tỷ lệ TT: hộ đã được tuyên truyền (%)', 'Chỉ tiêu TT tại ngày cuối đợt.'),
  pct_HGD: pct('village', 'Tỷ lệ HGD: hộ gia đình số (%)', 'Chỉ tiêu HGD tại ngày cuối đợt.'),
  below_target: { title: 'village', label: 'Số chỉ tiêu chưa đạt kế hoạch', kind: 'count', min: 0, max: 8, help: 'Số chỉ tiêu (có chỉ tiêu đặt ra) có tỷ lệ dưới chỉ tiêu năm tại ngày cuối đợt.' },
  progress_pts: { title: 'village', label: 'Mức tăng bình quân DD, NH, KNS, BDHVS trong đợt (điểm %)', kind: 'number', min: -100, max: 100, help: 'Trung bình mức tăng (điểm phần trăm) của 4 chỉ tiêu từ đầu đến cuối đợt.' },
  // ---- A team (its village's team active at the end)
  team_members: { title: 'team', label: 'Số thành viên tổ', kind: 'count', min: 0, max: 50, help: 'Thành viên đang hoạt động tại ngày cuối đợt.' },
  visits_per_member: { title: 'team', label: 'Lượt hỗ trợ bình quân mỗi thành viên trong đợt', kind: 'number', min: 0, max: 10000, help: 'Lượt hỗ trợ có thành viên của tổ tham gia trong đợt / số thành viên.' },
  pct_trained: pct('team', 'Tỷ lệ thành viên đã được tập huấn (%)', 'Thành viên có mặt hoặc hoàn thành ít nhất một lớp tập huấn đã tổ chức đến ngày cuối đợt.'),
  pct_reports_on_time: pct('team', 'Tỷ lệ báo cáo tháng của thôn nộp đúng hạn (%)', 'Báo cáo tháng của thôn các tháng trong đợt, nộp lần đầu trước hạn (ngày 03 tháng sau).'),
  village_progress_pts: { title: 'team', label: 'Tiến bộ của thôn trong đợt (điểm %)', kind: 'number', min: -100, max: 100, help: 'Mức tăng bình quân DD, NH, KNS, BDHVS của thôn trong đợt.' },
} as const satisfies Record<string, FigureDefinition>;
export type AwardFigure = keyof typeof AWARD_FIGURES;
export const AWARD_FIGURE_CODES = Object.keys(AWARD_FIGURES) as AwardFigure[];
export const figuresOf = (title: AwardTitle) => AWARD_FIGURE_CODES.filter((code) => AWARD_FIGURES[code].title === title);

export const CONDITION_OPS = ['>=', '<=', '=', 'is'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
export const CONDITION_OP_LABELS: Record<ConditionOp, string> = { '>=': 'từ … trở lên', '<=': 'không quá', '=': 'bằng', is: 'là' };
export const COMBINE_LABELS = { all: 'Đạt tất cả điều kiện', any: 'Đạt ít nhất một điều kiện' } as const;

// ---- Rules ----

const figureCode = z.string().trim().min(1, 'Chưa chọn chỉ số.');

export const ConditionSchema = z.object({
  figure: figureCode,
  op: z.enum(CONDITION_OPS, 'Phép so sánh không hợp lệ.'),
  value: z.union([z.number(), z.boolean()]),
}).strict();
export type Condition = z.infer<typeof ConditionSchema>;

export const ScoreTermSchema = z.object({ figure: figureCode, weight: z.number().min(-1000).max(1000) }).strict();
export type ScoreTerm = z.infer<typeof ScoreTermSchema>;

export const RuleInputSchema = z.object({
  award: z.enum(AWARD_TITLES, 'Danh hiệu không hợp lệ.'),
  combine: z.enum(['all', 'any'], 'Cách kết hợp: chọn "tất cả" hoặc "ít nhất một".'),
  conditions: z.array(ConditionSchema).min(1, 'Cần ít nhất một điều kiện.').max(20, 'Tối đa 20 điều kiện.'),
  score: z.array(ScoreTermSchema).max(10, 'Tối đa 10 thành phần điểm.').default([]),
  note: z.string().trim().max(1000).default(''),
}).strict();
export type RuleInput = z.infer<typeof RuleInputSchema>;

/** Why a condition is wrong for its title, or null: the figure exists, belongs to the title, the threshold fits. */
export function conditionProblem(title: AwardTitle, condition: { figure: string; op: string; value: number | boolean }): string | null {
  const figure = AWARD_FIGURES[condition.figure as AwardFigure] as FigureDefinition | undefined;
  if (!figure) return `chỉ số "${condition.figure}" không có trong hệ thống.`;
  if (figure.title !== title) return `chỉ số "${figure.label}" không dùng cho danh hiệu ${AWARD_TITLE_LABELS[title]}.`;
  if (figure.kind === 'flag') {
    if (condition.op !== 'is' || typeof condition.value !== 'boolean') return `"${figure.label}" là điều kiện có/không: chọn "là" và Có hoặc Không.`;
    return null;
  }
  if (condition.op === 'is' || typeof condition.value !== 'number') return `"${figure.label}" là một con số: so sánh bằng "từ … trở lên", "không quá" hoặc "bằng".`;
  if (!Number.isFinite(condition.value) || condition.value < figure.min || condition.value > figure.max) {
    return `ngưỡng của "${figure.label}" phải từ ${figure.min} đến ${figure.max}${figure.kind === 'percent' ? ' (%)' : ''}.`;
  }
  return null;
}

export const RuleViewSchema = z.object({
  id: z.string(),
  award: z.enum(AWARD_TITLES),
  version: z.number().int(),
  combine: z.enum(['all', 'any']),
  conditions: z.array(ConditionSchema),
  score: z.array(ScoreTermSchema),
  note: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type RuleView = z.infer<typeof RuleViewSchema>;
export const RulesAnswerSchema = z.object({
  communeId: z.number().int(),
  /** The newest version of each title's rule (null: none yet). */
  current: z.record(z.enum(AWARD_TITLES), RuleViewSchema.nullable()),
  /** Every version, newest first. */
  history: z.array(RuleViewSchema),
});
export type RulesAnswer = z.infer<typeof RulesAnswerSchema>;
export const RulesQuerySchema = z.object({ communeId: z.coerce.number().int().positive().optional() });

// ---- Campaigns ----

export const NOMINATOR_ROLES = ['village_head', 'youth_union', 'culture_office'] as const;
export type NominatorRole = (typeof NOMINATOR_ROLES)[number];
export const NOMINATOR_LABELS: Record<NominatorRole, string> = {
  village_head: 'Trưởng thôn (trong thôn của mình)',
  youth_union: 'Đoàn Thanh niên xã',
  culture_office: 'Phòng Văn hóa - Xã hội',
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.')
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Ngày không tồn tại.');

export const CampaignTitleInputSchema = z.object({
  award: z.enum(AWARD_TITLES, 'Danh hiệu không hợp lệ.'),
  maxCount: z.number('Số lượng tối đa phải là số.').int('Số lượng tối đa phải là số nguyên.').min(1, 'Số lượng tối đa ít nhất là 1.').max(1000, 'Số lượng tối đa không quá 1.000.'),
}).strict();

export const CampaignInputSchema = z.object({
  id: z.uuid('Mã đợt thi đua không hợp lệ.'),
  communeId: z.number().int().positive(),
  name: z.string().trim().min(1, 'Chưa nhập tên đợt thi đua.').max(300, 'Tên đợt thi đua tối đa 300 ký tự.'),
  decisionNumber: z.string().trim().max(60).nullable().default(null),
  decisionDate: isoDate.nullable().default(null),
  decisionFileId: z.uuid('Tệp quyết định không hợp lệ.').nullable().default(null),
  periodFrom: isoDate,
  periodTo: isoDate,
  titles: z.array(CampaignTitleInputSchema).min(1, 'Chọn ít nhất một danh hiệu.').max(4),
  nominators: z.array(z.enum(NOMINATOR_ROLES, 'Đơn vị đề xuất không hợp lệ.')).min(1, 'Chọn ít nhất một đơn vị được đề xuất.'),
}).strict();
export type CampaignInput = z.infer<typeof CampaignInputSchema>;
export const CampaignUpdateSchema = CampaignInputSchema.omit({ id: true, communeId: true }).extend({ version: z.number().int() });
export type CampaignUpdate = z.infer<typeof CampaignUpdateSchema>;

export const CAMPAIGN_STATUS_LABELS = { draft: 'Đang chuẩn bị', running: 'Đang thực hiện', closed: 'Đã kết thúc' } as const;
export type CampaignStatus = keyof typeof CAMPAIGN_STATUS_LABELS;

export const FrozenRuleSchema = z.object({
  ruleId: z.string(), version: z.number().int(), combine: z.enum(['all', 'any']), conditions: z.array(ConditionSchema), score: z.array(ScoreTermSchema),
});
export type FrozenRule = z.infer<typeof FrozenRuleSchema>;

export const CampaignSummarySchema = z.object({
  id: z.string(),
  communeId: z.number().int(),
  communeName: z.string(),
  name: z.string(),
  decisionNumber: z.string().nullable(),
  decisionDate: z.string().nullable(),
  decisionFileId: z.string().nullable(),
  periodFrom: z.string(),
  periodTo: z.string(),
  nominators: z.array(z.enum(NOMINATOR_ROLES)),
  status: z.enum(['draft', 'running', 'closed']),
  startedAt: z.string().nullable(),
  version: z.number().int(),
  titles: z.array(z.object({ award: z.enum(AWARD_TITLES), maxCount: z.number().int(), rule: FrozenRuleSchema.nullable(), candidates: z.number().int(), nominated: z.number().int(), awarded: z.number().int() })),
});
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;
export const CampaignListSchema = z.object({ items: z.array(CampaignSummarySchema) });
export const CampaignListQuerySchema = z.object({ communeId: z.coerce.number().int().positive().optional() });
export const CampaignIdParamsSchema = z.object({ id: z.uuid('Mã đợt thi đua không hợp lệ.') });
export const VersionSchema = z.object({ version: z.number().int() });

// ---- Candidates and their evidence ----

export const EvidenceItemSchema = z.object({
  figure: z.string(),
  label: z.string(),
  op: z.enum(CONDITION_OPS),
  threshold: z.union([z.number(), z.boolean()]),
  actual: z.union([z.number(), z.boolean()]).nullable(),
  passed: z.boolean(),
});
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const CandidateSchema = z.object({
  id: z.string(),
  award: z.enum(AWARD_TITLES),
  subjectId: z.string(),
  subjectName: z.string(),
  village: z.object({ id: z.number().int(), name: z.string() }),
  score: z.number().nullable(),
  evidence: z.array(EvidenceItemSchema),
  /** The live nomination of this subject for this title, when there is one. */
  nominationId: z.string().nullable(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

export const CandidateChangesSchema = z.object({
  added: z.array(z.object({ award: z.enum(AWARD_TITLES), subjectId: z.string(), subjectName: z.string() })),
  removed: z.array(z.object({ award: z.enum(AWARD_TITLES), subjectId: z.string(), subjectName: z.string() })),
  changed: z.array(z.object({ award: z.enum(AWARD_TITLES), subjectId: z.string(), subjectName: z.string(), figures: z.array(z.object({ figure: z.string(), label: z.string(), before: z.union([z.number(), z.boolean()]).nullable(), after: z.union([z.number(), z.boolean()]).nullable() })) })),
});
export type CandidateChanges = z.infer<typeof CandidateChangesSchema>;

export const CandidatesAnswerSchema = z.object({
  run: z.object({ id: z.string(), runNo: z.number().int(), asOf: z.string(), computedAt: z.string(), computedBy: z.string().nullable(), changes: CandidateChangesSchema.nullable() }).nullable(),
  counts: z.record(z.enum(AWARD_TITLES), z.number().int()),
  items: z.array(CandidateSchema),
});
export type CandidatesAnswer = z.infer<typeof CandidatesAnswerSchema>;
export const CandidatesQuerySchema = z.object({ award: z.enum(AWARD_TITLES).optional(), villageId: z.coerce.number().int().positive().optional() });

// ---- Nominations ----

export const NOMINATION_STATUS_LABELS = {
  nominated: 'Đã đề xuất', chosen: 'Hội đồng chọn', not_chosen: 'Hội đồng không chọn', awarded: 'Đã khen thưởng', revoked: 'Đã thu hồi', withdrawn: 'Đã rút',
} as const;
export type NominationStatus = keyof typeof NOMINATION_STATUS_LABELS;

export const NominationInputSchema = z.object({
  id: z.uuid('Mã đề xuất không hợp lệ.'),
  award: z.enum(AWARD_TITLES, 'Danh hiệu không hợp lệ.'),
  /** From the candidates: the candidate; outside them, the subject and a written reason. */
  candidateId: z.uuid('Ứng viên không hợp lệ.').nullable().default(null),
  subjectId: z.string().trim().max(64).nullable().default(null),
  reason: z.string().trim().max(2000, 'Lý do tối đa 2.000 ký tự.').default(''),
  achievement: z.string().trim().max(4000, 'Thành tích tối đa 4.000 ký tự.').default(''),
  publicConsent: z.boolean().default(false),
}).strict();
export type NominationInput = z.infer<typeof NominationInputSchema>;

export const NominationViewSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  award: z.enum(AWARD_TITLES),
  subjectId: z.string(),
  subjectName: z.string(),
  village: z.object({ id: z.number().int(), name: z.string() }),
  candidateId: z.string().nullable(),
  outsideCriteria: z.boolean(),
  reason: z.string(),
  achievement: z.string(),
  evidence: z.array(EvidenceItemSchema),
  asOf: z.string().nullable(),
  nominatorRole: z.string(),
  nominatedBy: z.string(),
  nominatedAt: z.string(),
  status: z.enum(['nominated', 'chosen', 'not_chosen', 'awarded', 'revoked', 'withdrawn']),
  publicConsent: z.boolean(),
  votesFor: z.number().int().nullable(),
  decisionNumber: z.string().nullable(),
  version: z.number().int(),
});
export type NominationView = z.infer<typeof NominationViewSchema>;
export const NominationListSchema = z.object({ items: z.array(NominationViewSchema) });
export const NominationIdParamsSchema = z.object({ id: z.uuid('Mã đợt thi đua không hợp lệ.'), nominationId: z.uuid('Mã đề xuất không hợp lệ.') });
export const ConsentInputSchema = z.object({ publicConsent: z.boolean(), version: z.number().int() }).strict();
export const RevokeInputSchema = z.object({ reason: z.string().trim().min(1, 'Chưa nhập lý do thu hồi.').max(2000), version: z.number().int() }).strict();

// ---- Council and decision ----

export const MeetingInputSchema = z.object({
  heldOn: isoDate,
  place: z.string().trim().max(300).default(''),
  chair: z.string().trim().min(1, 'Chưa nhập chủ trì cuộc họp.').max(200),
  secretary: z.string().trim().max(200).default(''),
  membersTotal: z.number('Số thành viên hội đồng phải là số.').int().min(1, 'Hội đồng có ít nhất 1 thành viên.').max(100),
  membersPresent: z.number('Số thành viên có mặt phải là số.').int().min(1, 'Số thành viên có mặt ít nhất là 1.').max(100),
  presentNames: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  notes: z.string().trim().max(4000).default(''),
  votes: z.array(z.object({
    nominationId: z.uuid('Đề xuất không hợp lệ.'),
    votesFor: z.number('Số phiếu phải là số.').int('Số phiếu phải là số nguyên.').min(0, 'Số phiếu không âm.'),
    chosen: z.boolean(),
  }).strict()).min(1, 'Chưa có kết quả biểu quyết.'),
}).strict();
export type MeetingInput = z.infer<typeof MeetingInputSchema>;

export const DECISION_FORM_LABELS = {
  commune_certificate: 'Giấy khen của Chủ tịch UBND xã',
  province_proposal: 'Đề nghị cấp tỉnh khen thưởng',
} as const;
export type DecisionForm = keyof typeof DECISION_FORM_LABELS;

export const DecisionInputSchema = z.object({
  id: z.uuid('Mã quyết định không hợp lệ.'),
  number: z.string().trim().min(1, 'Chưa nhập số quyết định.').max(60),
  decidedOn: isoDate,
  form: z.enum(['commune_certificate', 'province_proposal'], 'Hình thức khen thưởng không hợp lệ.'),
  signerName: z.string().trim().min(1, 'Chưa nhập người ký.').max(200),
  signerTitle: z.string().trim().min(1, 'Chưa nhập chức vụ người ký.').max(200),
  nominationIds: z.array(z.uuid('Đề xuất không hợp lệ.')).min(1, 'Chọn ít nhất một người/tập thể được khen thưởng.'),
}).strict();
export type DecisionInput = z.infer<typeof DecisionInputSchema>;

export const CouncilViewSchema = z.object({
  meeting: z.object({
    id: z.string(), heldOn: z.string(), place: z.string(), chair: z.string(), secretary: z.string(), membersTotal: z.number().int(),
    membersPresent: z.number().int(), presentNames: z.array(z.string()), notes: z.string(),
  }).nullable(),
  decisions: z.array(z.object({ id: z.string(), number: z.string(), decidedOn: z.string(), form: z.enum(['commune_certificate', 'province_proposal']), signerName: z.string(), signerTitle: z.string(), count: z.number().int() })),
  history: z.array(z.object({ at: z.string(), account: z.string().nullable(), action: z.string(), detail: z.string(), subjectName: z.string().nullable() })),
});
export type CouncilView = z.infer<typeof CouncilViewSchema>;

// ---- Honour board (public: no ethnicity, no ID numbers; only those who agreed) ----

export const HonourBoardSchema = z.object({
  campaignName: z.string(),
  communeName: z.string(),
  decision: z.string().nullable(),
  groups: z.array(z.object({ award: z.enum(AWARD_TITLES), label: z.string(), entries: z.array(z.object({ name: z.string(), village: z.string() })) })),
  /** How many awarded are left off because they did not agree to be shown. */
  withheld: z.number().int(),
});
export type HonourBoard = z.infer<typeof HonourBoardSchema>;

/** Field labels of the award forms (validation errors name the field by them). */
export const AWARD_FIELD_LABELS: Record<string, string> = {
  combine: 'Cách kết hợp điều kiện',
  conditions: 'Điều kiện',
  figure: 'Chỉ số',
  op: 'Phép so sánh',
  value: 'Ngưỡng',
  score: 'Điểm xếp hạng',
  weight: 'Trọng số',
  award: 'Danh hiệu',
  decisionDate: 'Ngày quyết định phát động',
  decisionFileId: 'Tệp quyết định phát động',
  periodFrom: 'Thời gian từ ngày',
  periodTo: 'Thời gian đến ngày',
  titles: 'Danh hiệu',
  maxCount: 'Số lượng tối đa',
  nominators: 'Đơn vị được đề xuất',
  candidateId: 'Ứng viên',
  subjectId: 'Người/tập thể được đề xuất',
  achievement: 'Thành tích',
  publicConsent: 'Đồng ý công khai',
  heldOn: 'Ngày họp',
  chair: 'Chủ trì',
  secretary: 'Thư ký',
  membersTotal: 'Số thành viên hội đồng',
  membersPresent: 'Số thành viên có mặt',
  presentNames: 'Thành viên có mặt',
  votes: 'Kết quả biểu quyết',
  votesFor: 'Số phiếu đồng ý',
  nominationId: 'Đề xuất',
  nominationIds: 'Danh sách khen thưởng',
  number: 'Số quyết định',
  decidedOn: 'Ngày quyết định',
  form: 'Hình thức khen thưởng',
  signerName: 'Người ký',
  signerTitle: 'Chức vụ người ký',
};

// ---- In the commune's monthly report ----

/** A nomination as the commune's report lists it (frozen with the report's figures). */
export const AwardReportRowSchema = z.object({
  campaign: z.string(),
  award: z.enum(AWARD_TITLES),
  subjectName: z.string(),
  village: z.string(),
  status: z.enum(['nominated', 'chosen', 'not_chosen', 'awarded', 'revoked', 'withdrawn']),
  outsideCriteria: z.boolean(),
});
export type AwardReportRow = z.infer<typeof AwardReportRowSchema>;

export const SubjectSearchQuerySchema = z.object({ award: z.enum(AWARD_TITLES, 'Danh hiệu không hợp lệ.'), q: z.string().trim().max(100).default('') });
export const SubjectSearchAnswerSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), village: z.object({ id: z.number().int(), name: z.string() }), detail: z.string().nullable() })),
});
export type SubjectSearchAnswer = z.infer<typeof SubjectSearchAnswerSchema>;
