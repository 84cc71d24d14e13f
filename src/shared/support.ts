// Support given to residents (domain.md "Lượt hỗ trợ") and the digital status derived from
// it. The server's validation, the SQL that derives statuses (migration 0003), the desk
// forms and the field app all read these codes; labels are what users see.
import { z } from 'zod';
import { ageOn } from './calendar.ts';

export { ageOn };

/** What a volunteer (or the one-stop centre) can do for one person. */
export const SUPPORT_ACTIONS = [
  'install_vneid', // cài VNeID, đăng ký tài khoản mức 1
  'activate_vneid_level2', // kích hoạt định danh điện tử mức 2
  'open_bank_account', // mở tài khoản ngân hàng số / mobile banking
  'create_dvc_account', // tạo tài khoản Dịch vụ công
  'submit_procedure', // nộp hồ sơ thủ tục trực tuyến (which one: procedureName)
  'teach_basic_skills', // hướng dẫn kỹ năng số cơ bản (checklist)
  'security_advice', // hướng dẫn an toàn thông tin, phòng lừa đảo
  'bdhvs_certified', // xác nhận phổ cập tri thức CĐS (Bình dân học vụ số) thấy trên VNeID
  'student_training', // học sinh được tập huấn kỹ năng số
  'cashless_payment', // thanh toán không dùng tiền mặt
  'install_vssid', // cài VssID
  'install_other_app', // cài ứng dụng thiết yếu khác (appName)
] as const;
export type SupportAction = (typeof SUPPORT_ACTIONS)[number];

export const SUPPORT_ACTION_LABELS: Record<SupportAction, string> = {
  install_vneid: 'Cài VNeID (tài khoản mức 1)',
  activate_vneid_level2: 'Kích hoạt định danh điện tử mức 2',
  open_bank_account: 'Mở tài khoản ngân hàng số',
  create_dvc_account: 'Tạo tài khoản Dịch vụ công',
  submit_procedure: 'Nộp thủ tục hành chính trực tuyến',
  teach_basic_skills: 'Hướng dẫn kỹ năng số cơ bản',
  security_advice: 'Hướng dẫn an toàn thông tin',
  bdhvs_certified: 'Đã có xác nhận Bình dân học vụ số trên VNeID',
  student_training: 'Học sinh được tập huấn kỹ năng số',
  cashless_payment: 'Thanh toán không dùng tiền mặt',
  install_vssid: 'Cài VssID',
  install_other_app: 'Cài ứng dụng thiết yếu khác',
};

/** Actions that install an app on the person's phone: the "apps installed" count. */
export const APP_INSTALL_ACTIONS: readonly SupportAction[] = [
  'install_vneid',
  'open_bank_account',
  'install_vssid',
  'install_other_app',
];

/** VNeID accounts are for citizens 14 and over (under 14 they live in a parent's account). */
export const MIN_AGE_BY_ACTION: Partial<Record<SupportAction, number>> = {
  install_vneid: 14,
  activate_vneid_level2: 14,
  open_bank_account: 15,
  create_dvc_account: 14,
};

export const SUPPORT_OUTCOMES = ['done', 'already_had', 'not_done'] as const;
export type SupportOutcome = (typeof SUPPORT_OUTCOMES)[number];
export const SUPPORT_OUTCOME_LABELS: Record<SupportOutcome, string> = {
  done: 'Đã làm xong',
  already_had: 'Đã có từ trước',
  not_done: 'Chưa làm được',
};

/** Why something was not done: the next-visit list shows it. */
export const NOT_DONE_REASONS = [
  'no_smartphone',
  'under_age',
  'away_working',
  'refused',
  'need_revisit',
  'no_signal',
  'no_chip_id',
  'not_at_home',
  'other',
] as const;
export type NotDoneReason = (typeof NOT_DONE_REASONS)[number];
export const NOT_DONE_REASON_LABELS: Record<NotDoneReason, string> = {
  no_smartphone: 'Không có điện thoại thông minh',
  under_age: 'Chưa đủ tuổi',
  away_working: 'Đi làm ăn xa',
  refused: 'Không muốn tham gia',
  need_revisit: 'Cần quay lại',
  no_signal: 'Không có sóng, mạng',
  no_chip_id: 'Chưa có CCCD gắn chip',
  not_at_home: 'Không có nhà',
  other: 'Lý do khác',
};

/**
 * Basic digital skills (kỹ năng số cơ bản): the person can do each of these on a
 * smartphone. "Done" means every item was shown and done by the person.
 */
export const BASIC_SKILLS_CHECKLIST = [
  'use_smartphone',
  'find_information',
  'use_messaging',
  'use_public_services',
  'pay_online',
  'stay_safe_online',
] as const;
export type BasicSkill = (typeof BASIC_SKILLS_CHECKLIST)[number];
export const BASIC_SKILL_LABELS: Record<BasicSkill, string> = {
  use_smartphone: 'Sử dụng điện thoại thông minh, kết nối mạng',
  find_information: 'Tìm kiếm thông tin trên Internet',
  use_messaging: 'Nhắn tin, gọi video (Zalo)',
  use_public_services: 'Tra cứu, sử dụng dịch vụ công thiết yếu',
  pay_online: 'Thanh toán trực tuyến, quét mã QR',
  stay_safe_online: 'Tự bảo vệ: mật khẩu, nhận biết lừa đảo trực tuyến',
};

/** Where the support was given. */
export const SUPPORT_CHANNELS = ['visit', 'service_center'] as const;
export type SupportChannel = (typeof SUPPORT_CHANNELS)[number];
/**
 * Where an event was given as stored: also at a group session (a class at a school, a
 * cooperative, the cultural house), written only by the group-sessions service, never sent
 * as a single event.
 */
export const EVENT_CHANNELS = [...SUPPORT_CHANNELS, 'group_session'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];
export const SUPPORT_CHANNEL_LABELS: Record<EventChannel, string> = {
  visit: 'Tại hộ gia đình',
  service_center: 'Tại Trung tâm phục vụ hành chính công',
  group_session: 'Tại buổi hướng dẫn tập trung',
};

/**
 * A person's digital status: each item is the date it became true (null: not yet), as
 * kept in person_digital_status. "As of a date" = the item's date is on or before it.
 */
export const STATUS_ITEMS = [
  'vneid_level1',
  'vneid_level2',
  'bank_account',
  'dvc_account',
  'basic_skills',
  'bdhvs_certified',
  'student_training',
  'cashless_payment',
  'vssid',
] as const;
export type StatusItem = (typeof STATUS_ITEMS)[number];
export const STATUS_ITEM_LABELS: Record<StatusItem, string> = {
  vneid_level1: 'VNeID mức 1',
  vneid_level2: 'Định danh điện tử mức 2',
  bank_account: 'Tài khoản ngân hàng số',
  dvc_account: 'Tài khoản Dịch vụ công',
  basic_skills: 'Kỹ năng số cơ bản',
  bdhvs_certified: 'Bình dân học vụ số',
  student_training: 'Học sinh được tập huấn',
  cashless_payment: 'Thanh toán không tiền mặt',
  vssid: 'VssID',
};

/** Chip labels where space is short (lists, phone). */
export const STATUS_ITEM_SHORT_LABELS: Record<StatusItem, string> = {
  vneid_level1: 'VNeID 1',
  vneid_level2: 'VNeID 2',
  bank_account: 'Ngân hàng số',
  dvc_account: 'DVC',
  basic_skills: 'Kỹ năng số',
  bdhvs_certified: 'BDHVS',
  student_training: 'HS tập huấn',
  cashless_payment: 'TT không tiền mặt',
  vssid: 'VssID',
};

/** Which status items an action makes true when its outcome is done / already had. */
export const ACTION_STATUS_ITEMS: Record<SupportAction, readonly StatusItem[]> = {
  install_vneid: ['vneid_level1'],
  activate_vneid_level2: ['vneid_level1', 'vneid_level2'],
  open_bank_account: ['bank_account'],
  create_dvc_account: ['dvc_account'],
  submit_procedure: [],
  teach_basic_skills: ['basic_skills'],
  security_advice: [],
  bdhvs_certified: ['bdhvs_certified'],
  student_training: ['student_training'],
  cashless_payment: ['cashless_payment'],
  install_vssid: ['vssid'],
  install_other_app: [],
};

/** A person's status as one object: item → date it became true (null: not yet). */
export type DigitalStatus = Record<StatusItem, string | null>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày không hợp lệ (năm-tháng-ngày)');

export const SupportActionInputSchema = z
  .object({
    personId: z.uuid(),
    action: z.enum(SUPPORT_ACTIONS),
    outcome: z.enum(SUPPORT_OUTCOMES),
    reason: z.enum(NOT_DONE_REASONS).nullish(),
    procedureName: z.string().trim().max(200).nullish(),
    appName: z.string().trim().max(100).nullish(),
    checklist: z.array(z.enum(BASIC_SKILLS_CHECKLIST)).max(BASIC_SKILLS_CHECKLIST.length).nullish(),
    note: z.string().trim().max(500).nullish(),
  })
  .strict();
export type SupportActionInput = z.infer<typeof SupportActionInputSchema>;

/**
 * One support event (a visit to a household, or support at the centre's desk). The id is
 * made by the client (UUIDv7) so a retried send is recognised; a correction names the
 * event it replaces.
 */
export const SupportEventInputSchema = z
  .object({
    id: z.uuid(),
    householdId: z.uuid(),
    eventDate: isoDate,
    channel: z.enum(SUPPORT_CHANNELS),
    helperMemberIds: z.array(z.uuid()).max(10).default([]),
    informed: z.boolean().default(true),
    correctsEventId: z.uuid().nullish(),
    note: z.string().trim().max(1000).nullish(),
    actions: z.array(SupportActionInputSchema).max(200).default([]),
  })
  .strict();
export type SupportEventInput = z.infer<typeof SupportEventInputSchema>;
/** An event as the support service records it: a sent one, or a group session's attendee's. */
export type RecordableEvent = Omit<SupportEventInput, 'channel'> & { channel: EventChannel };

/** What the applicability rules need to know about a person. */
export interface SupportSubject {
  birthDate: string | null;
  birthYear: number;
  isStudent: boolean;
}


/**
 * Why an action cannot be recorded for this person on this date (Vietnamese), or null when
 * it applies. The server refuses with this message; the phone and desk forms hide or
 * disable the action with it, so most refusals never happen.
 */
export function actionNotApplicable(action: SupportAction, person: SupportSubject, eventDate: string): string | null {
  const minAge = MIN_AGE_BY_ACTION[action];
  if (minAge !== undefined && ageOn(person, eventDate) < minAge) {
    return `${SUPPORT_ACTION_LABELS[action]} chỉ dành cho người từ ${minAge} tuổi trở lên.`;
  }
  if (action === 'student_training' && !person.isStudent) {
    return 'Chỉ ghi nhận tập huấn kỹ năng số cho học sinh THCS, THPT.';
  }
  return null;
}

/** The outcome the basic-skills checklist implies: all items shown → done. */
export function basicSkillsOutcome(checked: readonly BasicSkill[]): { outcome: SupportOutcome; reason: NotDoneReason | null } {
  const complete = BASIC_SKILLS_CHECKLIST.every((item) => checked.includes(item));
  return complete ? { outcome: 'done', reason: null } : { outcome: 'not_done', reason: 'need_revisit' };
}

// ---- Support events as the server answers them (history, desk form, corrections) ----

export interface SupportActionView {
  seq: number;
  personId: string;
  personName: string;
  action: SupportAction;
  outcome: SupportOutcome;
  reason: NotDoneReason | null;
  procedureName: string | null;
  appName: string | null;
  checklist: BasicSkill[] | null;
  note: string | null;
}

export interface SupportEventView {
  id: string;
  householdId: string;
  villageId: number;
  eventDate: string;
  channel: EventChannel;
  helperMemberIds: string[];
  helpers: Array<{ id: string; fullName: string }>;
  informed: boolean;
  correctsEventId: string | null;
  /** The event that replaced this one; null while it is in effect. */
  correctedByEventId: string | null;
  effective: boolean;
  note: string | null;
  recordedBy: { id: string; fullName: string };
  /** ISO timestamp. */
  recordedAt: string;
  actions: SupportActionView[];
}
