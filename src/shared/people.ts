// People (nhân khẩu): inputs, codes and Vietnamese labels shared by server and web.
import { IsoDateSchema, PhoneSchema, z } from './validation.ts';
import { yearInVietnam } from './calendar.ts';
import { pageQuery } from './pagination.ts';

export const SEXES = ['male', 'female'] as const;
export const SEX_LABELS: Record<(typeof SEXES)[number], string> = { male: 'Nam', female: 'Nữ' };

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_LABELS: Record<Relation, string> = {
  head: 'Chủ hộ', spouse: 'Vợ/Chồng', child: 'Con', parent: 'Bố/Mẹ', grandchild: 'Cháu', sibling: 'Anh/Chị/Em', other: 'Khác',
};

export const ETHNICITIES = ['Kinh', 'Tày', 'Dao', 'Mông', 'Nùng', 'Sán Chay', 'Khác'] as const;

export const PERSON_STATUSES = ['resident', 'moved_out', 'deceased'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];
export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = { resident: 'Đang cư trú', moved_out: 'Đã chuyển đi', deceased: 'Đã mất' };

export const RESIDENCE_REASON_LABELS: Record<string, string> = {
  birth: 'Sinh ra', registry: 'Có trong danh sách ban đầu', move_in: 'Chuyển đến', transfer: 'Chuyển hộ',
  moved_out: 'Chuyển đi', deceased: 'Qua đời', import: 'Nhập từ tệp',
};

const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));

export const PersonFieldsSchema = z.object({
  fullName: z.string().trim().min(2, { message: 'Nhập họ và tên.' }).max(120, { message: 'Họ và tên dài tối đa 120 ký tự.' }),
  sex: z.enum(SEXES, { message: 'Chọn giới tính.' }),
  birthDate: IsoDateSchema.nullish(),
  birthYear: z.number().int().min(1900, { message: 'Năm sinh không hợp lệ.' }).refine((year) => year <= yearInVietnam(), { message: 'Năm sinh không được ở tương lai.' }).nullish(),
  ethnicity: optionalText(40),
  phone: PhoneSchema.nullish(),
  cccd: z.string().trim().max(20).nullish().transform((v) => (v ? v : null)),
  relationToHead: z.enum(RELATIONS, { message: 'Chọn quan hệ với chủ hộ.' }).default('other'),
  isStudent: z.boolean().default(false),
  isWorker: z.boolean().default(false),
  isTeamMember: z.boolean().default(false),
  isOfficial: z.boolean().default(false),
  note: optionalText(500),
});

export const needsBirth = (v: { birthDate?: string | null; birthYear?: number | null }) => Boolean(v.birthDate || v.birthYear);
export const birthMessage = { path: ['birthYear'], message: 'Nhập ngày sinh hoặc ít nhất năm sinh.' };

export const CreatePersonSchema = PersonFieldsSchema.extend({
  householdId: z.uuid({ message: 'Chọn hộ gia đình.' }),
  id: z.uuid().optional(),
  /** Since when the person lives here (default: today); counts from this date in figures. */
  residentSince: IsoDateSchema.nullish(),
  confirmWarnings: z.boolean().default(false),
}).refine(needsBirth, birthMessage);
export type CreatePerson = z.infer<typeof CreatePersonSchema>;

export const UpdatePersonSchema = PersonFieldsSchema.partial().extend({
  version: z.number().int().positive({ message: 'Thiếu phiên bản bản ghi.' }),
  /** Owns a smartphone (null: not known); also edited from the field app. */
  hasSmartphone: z.boolean().nullable().optional(),
  confirmWarnings: z.boolean().default(false),
});
export type UpdatePerson = z.infer<typeof UpdatePersonSchema>;

export const MovePersonSchema = z.object({
  householdId: z.uuid({ message: 'Chọn hộ chuyển đến.' }),
  date: IsoDateSchema,
  relationToHead: z.enum(RELATIONS, { message: 'Chọn quan hệ với chủ hộ mới.' }),
  note: optionalText(500),
});

export const EndResidenceSchema = z.object({
  reason: z.enum(['moved_out', 'deceased'], { message: 'Chọn lý do: chuyển đi hoặc qua đời.' }),
  date: IsoDateSchema,
  note: optionalText(500),
});

export const PeopleListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  villageId: z.coerce.number().int().positive().optional(),
  householdId: z.uuid().optional(),
  status: z.enum([...PERSON_STATUSES, 'all']).default('resident'),
  ...pageQuery({ default: 20, max: 200, maxPage: 100000 }),
});
