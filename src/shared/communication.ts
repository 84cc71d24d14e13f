// Truyền thông (plan II.3, domain.md "Communication"): campaigns (đợt truyền thông) with a
// period, the activities of each channel with what was measured for that channel, which
// channels each village has, and the API's inputs and answers. The server's checks, the desk
// form and the phone's form all read these codes and the measure rules below.
import { z } from 'zod';
import { pageOf, pageQuery } from './pagination.ts';

/** The channels of the plan (II.3), in the order the plan names them. */
export const COMM_CHANNELS = [
  'loudspeaker',
  'village_meeting',
  'party_cell',
  'mass_org',
  'household',
  'zalo',
  'social_media',
  'visual',
  'news',
] as const;
export type CommChannel = (typeof COMM_CHANNELS)[number];

export const COMM_CHANNEL_LABELS: Record<CommChannel, string> = {
  loudspeaker: 'Loa truyền thanh cơ sở',
  village_meeting: 'Họp thôn',
  party_cell: 'Sinh hoạt chi bộ',
  mass_org: 'Sinh hoạt đoàn thể',
  household: 'Tại hộ gia đình',
  zalo: 'Nhóm Zalo cộng đồng',
  social_media: 'Mạng xã hội',
  visual: 'Trực quan (pano, áp phích, tờ rơi)',
  news: 'Tin, bài của Trung tâm Dịch vụ công',
};
/** Short labels for tables and chips. */
export const COMM_CHANNEL_SHORT: Record<CommChannel, string> = {
  loudspeaker: 'Loa',
  village_meeting: 'Họp thôn',
  party_cell: 'Chi bộ',
  mass_org: 'Đoàn thể',
  household: 'Tại hộ',
  zalo: 'Zalo',
  social_media: 'Mạng XH',
  visual: 'Trực quan',
  news: 'Tin, bài',
};

/**
 * Channels that happen in a village (at least one village is named) and that a village may
 * lack — a mountain village may have no loudspeaker or no Zalo group. Social media and the
 * service centre's articles are the commune's own: an activity of theirs may name no village.
 */
export const VILLAGE_CHANNELS: readonly CommChannel[] = ['loudspeaker', 'village_meeting', 'party_cell', 'mass_org', 'household', 'zalo', 'visual'];
export const isVillageChannel = (channel: CommChannel) => VILLAGE_CHANNELS.includes(channel);

/** The only channel whose attendance names households: the one that counts in TT (households informed). */
export const HOUSEHOLD_TICK_CHANNEL: CommChannel = 'village_meeting';

export const COMM_PHASES = ['before', 'during', 'after'] as const;
export type CommPhase = (typeof COMM_PHASES)[number];
export const COMM_PHASE_LABELS: Record<CommPhase, string> = {
  before: 'Trước hoạt động',
  during: 'Trong hoạt động',
  after: 'Sau hoạt động',
};

/** What is told (plan II.3 and domain.md): the benefits the plan names, and the campaign. */
export const COMM_TOPICS = ['campaign', 'digital_transformation', 'dvc', 'vneid', 'cashless', 'essential_apps', 'data_security', 'teams'] as const;
export type CommTopic = (typeof COMM_TOPICS)[number];
export const COMM_TOPIC_LABELS: Record<CommTopic, string> = {
  campaign: 'Chiến dịch “Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn”',
  digital_transformation: 'Vai trò, ý nghĩa của chuyển đổi số',
  dvc: 'Dịch vụ công trực tuyến',
  vneid: 'Định danh điện tử (VNeID)',
  cashless: 'Thanh toán không dùng tiền mặt',
  essential_apps: 'Nền tảng, ứng dụng số thiết yếu',
  data_security: 'An toàn thông tin, dữ liệu cá nhân',
  teams: 'Hoạt động của Tổ CNSCĐ',
};
export const COMM_TOPIC_SHORT: Record<CommTopic, string> = {
  campaign: 'Chiến dịch CĐS',
  digital_transformation: 'Chuyển đổi số',
  dvc: 'DVC trực tuyến',
  vneid: 'VNeID',
  cashless: 'Không tiền mặt',
  essential_apps: 'Ứng dụng thiết yếu',
  data_security: 'An toàn thông tin',
  teams: 'Tổ CNSCĐ',
};

export const VISUAL_MATERIALS = ['pano', 'poster', 'leaflet'] as const;
export type VisualMaterial = (typeof VISUAL_MATERIALS)[number];
export const VISUAL_MATERIAL_LABELS: Record<VisualMaterial, string> = { pano: 'Pano', poster: 'Áp phích', leaflet: 'Tờ rơi' };

// ---- Measures: what is counted for each channel ----

export const MEASURE_KEYS = ['newsItems', 'airtimeMinutes', 'attendees', 'households', 'posts', 'groupMembers', 'reach', 'postUrl', 'material', 'copies', 'articles', 'url'] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];

export const MEASURE_LABELS: Record<MeasureKey, string> = {
  newsItems: 'Số tin, bài phát',
  airtimeMinutes: 'Thời lượng phát (phút)',
  attendees: 'Số người dự',
  households: 'Số hộ được tuyên truyền',
  posts: 'Số bài đăng',
  groupMembers: 'Số thành viên nhóm',
  reach: 'Lượt tiếp cận',
  postUrl: 'Đường dẫn bài đăng',
  material: 'Loại ấn phẩm',
  copies: 'Số lượng ấn phẩm',
  articles: 'Số tin, bài',
  url: 'Đường dẫn tin, bài',
};

/** Per channel: the measures it takes; `required` ones must be given. */
export const CHANNEL_MEASURES: Record<CommChannel, { required: readonly MeasureKey[]; optional: readonly MeasureKey[] }> = {
  loudspeaker: { required: ['newsItems', 'airtimeMinutes'], optional: [] },
  village_meeting: { required: ['attendees'], optional: [] },
  party_cell: { required: ['attendees'], optional: [] },
  mass_org: { required: ['attendees'], optional: [] },
  household: { required: ['households'], optional: [] },
  zalo: { required: ['posts'], optional: ['groupMembers', 'postUrl'] },
  social_media: { required: ['posts'], optional: ['reach', 'postUrl'] },
  visual: { required: ['material', 'copies'], optional: [] },
  news: { required: ['articles'], optional: ['url'] },
};
export const measuresOf = (channel: CommChannel): MeasureKey[] => [...CHANNEL_MEASURES[channel].required, ...CHANNEL_MEASURES[channel].optional];

/** Bounds that catch a typo (an extra zero) without refusing a real big day. */
export const MEASURE_MAX: Partial<Record<MeasureKey, number>> = {
  newsItems: 100, airtimeMinutes: 1440, attendees: 5000, households: 2000, posts: 100, groupMembers: 100000, reach: 10_000_000, copies: 100000, articles: 100,
};

const count = (key: MeasureKey) =>
  z.number({ error: 'Phải là một số.' }).int('Phải là số nguyên.').min(0, 'Không được âm.').max(MEASURE_MAX[key] ?? 1_000_000, `Tối đa ${(MEASURE_MAX[key] ?? 1_000_000).toLocaleString('vi-VN')}.`);
const link = z.string().trim().max(500, 'Tối đa 500 ký tự.').regex(/^https?:\/\/\S+$/i, 'Phải là một đường dẫn bắt đầu bằng http:// hoặc https://.');

/** Every measure any channel takes; which of them fit a channel is checked by measureIssues(). */
export const CommMeasuresSchema = z
  .object({
    newsItems: count('newsItems').optional(),
    airtimeMinutes: count('airtimeMinutes').optional(),
    attendees: count('attendees').optional(),
    households: count('households').optional(),
    posts: count('posts').optional(),
    groupMembers: count('groupMembers').optional(),
    reach: count('reach').optional(),
    postUrl: link.optional(),
    material: z.enum(VISUAL_MATERIALS, { error: 'Chọn pano, áp phích hoặc tờ rơi.' }).optional(),
    copies: count('copies').optional(),
    articles: count('articles').optional(),
    url: link.optional(),
  })
  .strict();
export type CommMeasures = z.infer<typeof CommMeasuresSchema>;

export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * The measures that do not fit the channel: a missing required one, one the channel does not
 * take, a count of zero where the activity must have reached someone. Messages name the field.
 */
export function measureIssues(channel: CommChannel, measures: CommMeasures): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { required, optional } = CHANNEL_MEASURES[channel];
  const channelName = COMM_CHANNEL_LABELS[channel];
  for (const key of MEASURE_KEYS) {
    const value = measures[key];
    const given = value !== undefined && value !== null && value !== '';
    if (required.includes(key)) {
      if (!given) issues.push({ path: `measures.${key}`, message: `${MEASURE_LABELS[key]}: cần nhập với hình thức ${channelName}.` });
      else if (typeof value === 'number' && value < 1) issues.push({ path: `measures.${key}`, message: `${MEASURE_LABELS[key]}: phải từ 1 trở lên.` });
    } else if (given && !optional.includes(key)) {
      issues.push({ path: `measures.${key}`, message: `${MEASURE_LABELS[key]}: không dùng cho hình thức ${channelName}.` });
    }
  }
  return issues;
}

/** "12 tin, bài; 95 phút" — an activity's measures as one line of text. */
export function describeMeasures(channel: CommChannel, m: CommMeasures): string {
  const n = (v: number | undefined) => (v ?? 0).toLocaleString('vi-VN');
  switch (channel) {
    case 'loudspeaker':
      return `${n(m.newsItems)} tin, bài; ${n(m.airtimeMinutes)} phút`;
    case 'village_meeting':
    case 'party_cell':
    case 'mass_org':
      return `${n(m.attendees)} người dự`;
    case 'household':
      return `${n(m.households)} hộ`;
    case 'zalo':
      return `${n(m.posts)} bài đăng${m.groupMembers ? `; nhóm ${n(m.groupMembers)} thành viên` : ''}`;
    case 'social_media':
      return `${n(m.posts)} bài đăng${m.reach ? `; ${n(m.reach)} lượt tiếp cận` : ''}`;
    case 'visual':
      return `${n(m.copies)} ${m.material ? VISUAL_MATERIAL_LABELS[m.material].toLocaleLowerCase('vi') : 'ấn phẩm'}`;
    case 'news':
      return `${n(m.articles)} tin, bài`;
  }
}

// ---- Inputs ----

export const COMM_NOTES_MAX = 2000;
export const COMM_PHOTOS_MAX = 10;
/** Activities start with the plan (2025): nothing earlier is an activity of this programme. */
export const FIRST_ACTIVITY_DATE = '2025-01-01';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.');

/** The fields of an activity a writer gives, the same on the desk and from the phone. */
const activityFields = {
  campaignId: z.uuid('Đợt truyền thông không hợp lệ.').nullable().default(null),
  /** The commune of an activity that names no village (a commune-wide article); else the villages' commune. */
  orgUnitId: z.number().int().positive().nullable().default(null),
  activityOn: isoDate,
  villageIds: z.array(z.number().int().positive()).max(200, 'Tối đa 200 thôn.').default([]),
  channel: z.enum(COMM_CHANNELS, { error: 'Chọn một hình thức truyền thông.' }),
  phase: z.enum(COMM_PHASES, { error: 'Chọn trước, trong hoặc sau hoạt động.' }),
  topics: z.array(z.enum(COMM_TOPICS)).min(1, 'Chọn ít nhất một nội dung tuyên truyền.').max(COMM_TOPICS.length),
  ranBy: z.string().trim().min(1, 'Ghi người hoặc đơn vị thực hiện.').max(200, 'Tối đa 200 ký tự.'),
  ranByMemberId: z.uuid().nullable().default(null),
  measures: CommMeasuresSchema,
  /** A village meeting: the households present (they count as informed from that day). */
  attendedHouseholdIds: z.array(z.uuid()).max(2000, 'Tối đa 2.000 hộ.').default([]),
  photoIds: z.array(z.uuid()).max(COMM_PHOTOS_MAX, `Tối đa ${COMM_PHOTOS_MAX} ảnh.`).default([]),
  notes: z.string().trim().max(COMM_NOTES_MAX, `Tối đa ${COMM_NOTES_MAX} ký tự.`).nullable().default(null),
};

/** The rules across fields every writer's form applies before sending (the server checks them again). */
function activityIssues(input: { channel: CommChannel; measures: CommMeasures; attendedHouseholdIds: string[]; villageIds: number[] }): FieldIssue[] {
  const issues = measureIssues(input.channel, input.measures);
  if (input.attendedHouseholdIds.length > 0) {
    if (input.channel !== HOUSEHOLD_TICK_CHANNEL) {
      issues.push({ path: 'attendedHouseholdIds', message: `Hộ có mặt: chỉ đánh dấu với hình thức ${COMM_CHANNEL_LABELS[HOUSEHOLD_TICK_CHANNEL]}.` });
    } else if (input.measures.attendees !== undefined && input.measures.attendees < input.attendedHouseholdIds.length) {
      issues.push({ path: 'measures.attendees', message: `${MEASURE_LABELS.attendees}: ít hơn số hộ đã đánh dấu có mặt (${input.attendedHouseholdIds.length} hộ).` });
    }
    if (new Set(input.attendedHouseholdIds).size !== input.attendedHouseholdIds.length) {
      issues.push({ path: 'attendedHouseholdIds', message: 'Hộ có mặt: một hộ được đánh dấu hai lần.' });
    }
  }
  if (isVillageChannel(input.channel) && input.villageIds.length === 0) {
    issues.push({ path: 'villageIds', message: `Thôn: hình thức ${COMM_CHANNEL_LABELS[input.channel]} cần chọn ít nhất một thôn.` });
  }
  if (new Set(input.villageIds).size !== input.villageIds.length) issues.push({ path: 'villageIds', message: 'Thôn: một thôn được chọn hai lần.' });
  return issues;
}

export function checkActivity<T extends { channel: CommChannel; measures: CommMeasures; attendedHouseholdIds: string[]; villageIds: number[] }>(input: T, ctx: z.RefinementCtx): void {
  for (const issue of activityIssues(input)) ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message.replace(/^[^:]+: /, '') });
}
export { activityIssues };

/** A new activity: its id is made by the client (UUIDv7), so a resend from a phone is recognised. */
export const CommActivityInputSchema = z
  .object({ id: z.uuid('Mã hoạt động không hợp lệ.'), ...activityFields })
  .strict()
  .superRefine(checkActivity);
export type CommActivityInput = z.infer<typeof CommActivityInputSchema>;

/** An edit at the desk: every field again, with the version read. */
export const CommActivityUpdateSchema = z
  .object({ version: z.number().int().min(1), ...activityFields })
  .strict()
  .superRefine(checkActivity);
export type CommActivityUpdate = z.infer<typeof CommActivityUpdateSchema>;

export const CommActivityIdParamsSchema = z.object({ id: z.uuid({ message: 'Mã hoạt động không hợp lệ.' }) });
export const CommVersionQuerySchema = z.object({ version: z.coerce.number().int().min(1) });

export const CommActivityListQuerySchema = z.object({
  /** The commune (or village) whose activities are listed; the account's area by default. */
  orgUnitId: z.coerce.number().int().positive().optional(),
  villageId: z.coerce.number().int().positive().optional(),
  channel: z.enum(COMM_CHANNELS).optional(),
  /** 'YYYY-MM'. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM.').optional(),
  campaignId: z.uuid().optional(),
  ...pageQuery({ default: 50, max: 200 }),
});
export type CommActivityListQuery = z.infer<typeof CommActivityListQuerySchema>;

export const CAMPAIGN_NAME_MAX = 300;
export const CommCampaignInputSchema = z
  .object({
    id: z.uuid('Mã đợt không hợp lệ.'),
    orgUnitId: z.number().int().positive(),
    name: z.string().trim().min(1, 'Nhập tên đợt truyền thông.').max(CAMPAIGN_NAME_MAX, `Tối đa ${CAMPAIGN_NAME_MAX} ký tự.`),
    startsOn: isoDate,
    endsOn: isoDate,
    description: z.string().trim().max(COMM_NOTES_MAX, `Tối đa ${COMM_NOTES_MAX} ký tự.`).default(''),
  })
  .strict()
  .refine((c) => c.endsOn >= c.startsOn, { path: ['endsOn'], message: 'Phải sau hoặc bằng ngày bắt đầu.' });
export type CommCampaignInput = z.infer<typeof CommCampaignInputSchema>;

export const CommCampaignUpdateSchema = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(1, 'Nhập tên đợt truyền thông.').max(CAMPAIGN_NAME_MAX, `Tối đa ${CAMPAIGN_NAME_MAX} ký tự.`),
    startsOn: isoDate,
    endsOn: isoDate,
    description: z.string().trim().max(COMM_NOTES_MAX, `Tối đa ${COMM_NOTES_MAX} ký tự.`).default(''),
  })
  .strict()
  .refine((c) => c.endsOn >= c.startsOn, { path: ['endsOn'], message: 'Phải sau hoặc bằng ngày bắt đầu.' });
export type CommCampaignUpdate = z.infer<typeof CommCampaignUpdateSchema>;

export const CommCampaignListQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2025).max(2100).optional(),
});
export type CommCampaignListQuery = z.infer<typeof CommCampaignListQuerySchema>;

export const CHANNEL_NOTE_MAX = 200;
/** Which channels a village has; a channel not listed is taken as available. */
export const VillageChannelsInputSchema = z
  .object({
    channels: z
      .array(z.object({
        channel: z.enum(VILLAGE_CHANNELS as unknown as [CommChannel, ...CommChannel[]], { error: 'Kênh này không đặt theo thôn.' }),
        available: z.boolean(),
        note: z.string().trim().max(CHANNEL_NOTE_MAX, `Tối đa ${CHANNEL_NOTE_MAX} ký tự.`).nullable().default(null),
      }).strict())
      .max(VILLAGE_CHANNELS.length),
  })
  .strict();
export type VillageChannelsInput = z.infer<typeof VillageChannelsInputSchema>;
export const VillageIdParamsSchema = z.object({ villageId: z.coerce.number().int().positive() });
export const ChannelsQuerySchema = z.object({ orgUnitId: z.coerce.number().int().positive().optional() });

export const CommSummaryQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive(),
  from: isoDate,
  to: isoDate,
});
export type CommSummaryQuery = z.infer<typeof CommSummaryQuerySchema>;

// ---- Answers ----

const ref = z.object({ id: z.number().int(), name: z.string() });

export const VillageChannelSchema = z.object({ channel: z.enum(COMM_CHANNELS), available: z.boolean(), note: z.string().nullable() });
export type VillageChannel = z.infer<typeof VillageChannelSchema>;
export const VillageChannelsViewSchema = z.object({
  villageId: z.number().int(),
  name: z.string(),
  /** One per village channel, in VILLAGE_CHANNELS order. */
  channels: z.array(VillageChannelSchema),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type VillageChannelsView = z.infer<typeof VillageChannelsViewSchema>;
export const VillageChannelsListSchema = z.array(VillageChannelsViewSchema);

export const CommCampaignViewSchema = z.object({
  id: z.string(),
  orgUnit: ref,
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  description: z.string(),
  version: z.number().int(),
  /** Activities recorded under it. */
  activities: z.number().int(),
  createdAt: z.string(),
});
export type CommCampaignView = z.infer<typeof CommCampaignViewSchema>;
export const CommCampaignListSchema = z.array(CommCampaignViewSchema);

export const CommPhotoSchema = z.object({ id: z.string(), width: z.number().int().nullable(), height: z.number().int().nullable(), byteSize: z.number().int() });
export type CommPhoto = z.infer<typeof CommPhotoSchema>;

export const CommActivityItemSchema = z.object({
  id: z.string(),
  orgUnit: ref,
  activityOn: z.string(),
  channel: z.enum(COMM_CHANNELS),
  phase: z.enum(COMM_PHASES),
  topics: z.array(z.enum(COMM_TOPICS)),
  villages: z.array(ref),
  campaign: z.object({ id: z.string(), name: z.string() }).nullable(),
  ranBy: z.string(),
  measures: CommMeasuresSchema,
  /** Households ticked as present (a village meeting). */
  householdCount: z.number().int(),
  photoCount: z.number().int(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  /** Came from a phone (its mutation id), not typed at the desk. */
  fromPhone: z.boolean(),
});
export type CommActivityItem = z.infer<typeof CommActivityItemSchema>;

export const CommActivityListAnswerSchema = pageOf(CommActivityItemSchema);
export type CommActivityListAnswer = z.infer<typeof CommActivityListAnswerSchema>;

export const CommActivityViewSchema = CommActivityItemSchema.extend({
  ranByMemberId: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
  /** The ticked households with their head and address; only for readers of the registry (audited). */
  attendedHouseholds: z.array(z.object({ id: z.string(), label: z.string(), address: z.string(), villageId: z.number().int() })),
  photos: z.array(CommPhotoSchema),
  can: z.object({ edit: z.boolean() }),
});
export type CommActivityView = z.infer<typeof CommActivityViewSchema>;

/** The figures of activities, summed: what the reports and the dashboard print. */
export const CommCountsSchema = z.object({
  activities: z.number().int(),
  newsItems: z.number().int(),
  airtimeMinutes: z.number().int(),
  meetings: z.number().int(),
  attendees: z.number().int(),
  /** Distinct households ticked present at a village meeting. */
  meetingHouseholds: z.number().int(),
  households: z.number().int(),
  posts: z.number().int(),
  zaloPosts: z.number().int(),
  reach: z.number().int(),
  copies: z.number().int(),
  articles: z.number().int(),
});
export type CommCounts = z.infer<typeof CommCountsSchema>;

export const CommChannelCountsSchema = CommCountsSchema.extend({ channel: z.enum(COMM_CHANNELS), villages: z.number().int() });
export type CommChannelCounts = z.infer<typeof CommChannelCountsSchema>;

export const CommUnitRowSchema = CommCountsSchema.extend({ orgUnitId: z.number().int(), name: z.string(), byChannel: z.record(z.string(), z.number().int()) });
export type CommUnitRow = z.infer<typeof CommUnitRowSchema>;

/**
 * The communication of a unit and period: by channel and by the units below, with the
 * households a named channel reached (meetings ticked, informing visits) beside the other
 * reach, which is never added to them.
 */
export const CommFiguresSchema = z.object({
  from: z.string(),
  to: z.string(),
  total: CommCountsSchema,
  byChannel: z.array(CommChannelCountsSchema),
  /** The villages (a commune's), the communes (the province's), or the village itself. */
  units: z.array(CommUnitRowSchema),
  campaigns: z.array(z.object({ name: z.string(), startsOn: z.string(), endsOn: z.string(), activities: z.number().int() })),
  /** Distinct households informed in the period by a visit that informed them. */
  visitHouseholds: z.number().int(),
  /** Distinct households reached by name in the period: ticked at a meeting or informed on a visit. */
  householdsReached: z.number().int(),
  /** Households informed for the first time in the period (TT's numerator grew by these). */
  newlyInformed: z.number().int(),
});
export type CommFigures = z.infer<typeof CommFiguresSchema>;

export const emptyCommCounts = (): CommCounts => ({
  activities: 0, newsItems: 0, airtimeMinutes: 0, meetings: 0, attendees: 0, meetingHouseholds: 0, households: 0, posts: 0, zaloPosts: 0, reach: 0, copies: 0, articles: 0,
});

/** "6 giờ 20 phút", "45 phút". */
export function formatAirtime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} phút`;
  return m === 0 ? `${h.toLocaleString('vi-VN')} giờ` : `${h.toLocaleString('vi-VN')} giờ ${m} phút`;
}

// ---- The phone ----

/** What the phone needs to record an activity offline: the village's channels and the running campaigns. */
export const FieldCommunicationSchema = z.object({
  channels: z.array(VillageChannelSchema),
  campaigns: z.array(z.object({ id: z.string(), name: z.string(), startsOn: z.string(), endsOn: z.string() })),
  /** Whether this account may record activities (village heads and team leaders). */
  canRecord: z.boolean(),
});
export type FieldCommunication = z.infer<typeof FieldCommunicationSchema>;
