// Org units (tỉnh → xã → thôn): inputs and labels shared by server and web.
import { z } from './validation.ts';

export const ORG_LEVELS = ['province', 'commune', 'village'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = { province: 'Tỉnh', commune: 'Xã/Phường', village: 'Thôn/Tổ dân phố' };
export const CHILD_LEVEL: Record<OrgLevel, OrgLevel | null> = { province: 'commune', commune: 'village', village: null };

const NameSchema = z.string().trim().min(2, { message: 'Nhập tên đơn vị.' }).max(120);
const CodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z.-]{1,20}$/, { message: 'Mã gồm tối đa 20 chữ số/chữ cái.' })
  .nullish();

export const CreateOrgUnitSchema = z.object({
  parentId: z.number().int().positive({ message: 'Chọn đơn vị cấp trên.' }),
  name: NameSchema,
  code: CodeSchema,
});
export const UpdateOrgUnitSchema = z.object({ name: NameSchema.optional(), code: CodeSchema, active: z.boolean().optional() });

/** GET /api/org-units: `includeInactive` as text ("true"/"1"); not z.coerce.boolean(), which reads "false" as true. */
export const OrgUnitListQuerySchema = z.object({
  includeInactive: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
});
export const OrgUnitIdParamsSchema = z.object({ id: z.coerce.number().int().positive({ message: 'Mã đơn vị không hợp lệ.' }) });

// ---- Answers ----

export const OrgUnitSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: z.enum(ORG_LEVELS),
  code: z.string().nullable(),
  name: z.string(),
  /** Materialized path of ids, '/1/12/345/'. */
  path: z.string(),
  active: z.boolean(),
});
export type OrgUnit = z.infer<typeof OrgUnitSchema>;

/** The tree in scope as a flat list in path order. */
export const OrgUnitListSchema = z.object({ items: z.array(OrgUnitSchema) });

export const OrgUnitDetailSchema = OrgUnitSchema.extend({ ancestors: z.array(OrgUnitSchema) });
export type OrgUnitDetail = z.infer<typeof OrgUnitDetailSchema>;
