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
