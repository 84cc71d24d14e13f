// Schools and enterprises / cooperatives of a commune (issue 22): the small lists the plan's
// HS and LD targets are reached through. A resident is linked to one as a pupil or a worker;
// linking sets the flag (is_student / is_worker) the indicators read.
import { z } from './validation.ts';

export const ORGANIZATION_KINDS = ['school', 'enterprise', 'cooperative'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  school: 'Trường học',
  enterprise: 'Doanh nghiệp',
  cooperative: 'Hợp tác xã',
};
/** What a linked person is there: a school's pupil, an enterprise's or cooperative's worker. */
export const memberWord = (kind: OrganizationKind) => (kind === 'school' ? 'học sinh' : 'người lao động');

const text = (max: number) => z.string().trim().max(max, `Tối đa ${max} ký tự.`);
const optionalText = (max: number) => text(max).nullable().optional().transform((v) => (v ? v : null));

const organizationFields = {
  kind: z.enum(ORGANIZATION_KINDS, { message: 'Chọn loại: trường học, doanh nghiệp hoặc hợp tác xã.' }),
  name: text(200).min(2, 'Nhập tên.'),
  /** Ngành nghề (enterprises and cooperatives). */
  sector: optionalText(120),
  /** The village where it stands. */
  villageId: z.number().int().positive().nullable().optional().transform((v) => v ?? null),
  /** Người liên hệ, số điện thoại. */
  contact: optionalText(200),
  /** A school's villages: its pupils are the secondary students living there. */
  servedVillageIds: z.array(z.number().int().positive()).max(200).optional().transform((v) => v ?? [])
    .refine((ids) => new Set(ids).size === ids.length, 'Một thôn được chọn hai lần.'),
};

export const OrganizationInputSchema = z.object({
  id: z.uuid({ message: 'Mã không hợp lệ.' }),
  communeId: z.number().int().positive(),
  ...organizationFields,
}).strict();
export type OrganizationInput = z.infer<typeof OrganizationInputSchema>;

export const OrganizationUpdateSchema = z.object({
  version: z.number().int().min(1),
  active: z.boolean().optional().transform((v) => v ?? true),
  ...organizationFields,
}).strict();
export type OrganizationUpdate = z.infer<typeof OrganizationUpdateSchema>;

/** Link residents to the organization (pupils of a school, workers of a cooperative) or unlink them. */
export const OrganizationPeopleInputSchema = z.object({
  add: z.array(z.uuid()).max(2000).optional().transform((v) => v ?? []),
  remove: z.array(z.uuid()).max(2000).optional().transform((v) => v ?? []),
}).strict();
export type OrganizationPeopleInput = z.infer<typeof OrganizationPeopleInputSchema>;

export const OrganizationIdParamsSchema = z.object({ id: z.uuid({ message: 'Mã không hợp lệ.' }) });
export const OrganizationListQuerySchema = z.object({
  communeId: z.coerce.number().int().positive().optional(),
  kind: z.enum(ORGANIZATION_KINDS).optional(),
});

// ---- Answers ----

export const OrganizationSummarySchema = z.object({
  id: z.string(),
  commune: z.object({ id: z.number(), name: z.string() }),
  kind: z.enum(ORGANIZATION_KINDS),
  name: z.string(),
  sector: z.string().nullable(),
  village: z.object({ id: z.number(), name: z.string() }).nullable(),
  contact: z.string().nullable(),
  active: z.boolean(),
  version: z.number(),
  servedVillages: z.array(z.object({ id: z.number(), name: z.string() })),
  /** Pupils (a school: flagged students of its villages, linked or not yet) or workers linked. */
  people: z.number(),
  /** Of them, with what the plan counts: HS students trained / LD workers with basic skills. */
  reached: z.number(),
  sessions: z.number(),
});
export type OrganizationSummary = z.infer<typeof OrganizationSummarySchema>;
export const OrganizationListSchema = z.object({ items: z.array(OrganizationSummarySchema) });
export type OrganizationList = z.infer<typeof OrganizationListSchema>;

export const OrganizationPersonSchema = z.object({
  personId: z.string(),
  householdId: z.string(),
  fullName: z.string(),
  birthYear: z.number(),
  village: z.object({ id: z.number(), name: z.string() }),
  /** Linked to this organization (a school's pupil may be flagged but not linked yet). */
  linked: z.boolean(),
  /** HS: student trained on (school); LD: basic skills on (enterprise, cooperative). */
  reachedOn: z.string().nullable(),
});
export type OrganizationPerson = z.infer<typeof OrganizationPersonSchema>;

export const OrganizationViewSchema = OrganizationSummarySchema.extend({
  members: z.array(OrganizationPersonSchema),
});
export type OrganizationView = z.infer<typeof OrganizationViewSchema>;

export const OrganizationPeopleAnswerSchema = z.object({
  linked: z.number(),
  unlinked: z.number(),
  refused: z.array(z.object({ personId: z.string(), message: z.string() })),
});
export type OrganizationPeopleAnswer = z.infer<typeof OrganizationPeopleAnswerSchema>;

