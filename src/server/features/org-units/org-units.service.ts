// The org tree: read within one's area; admins add units (a commune under the province, a
// village under a commune), rename them, and take them out of use.
import type { Kysely } from 'kysely';
import { CHILD_LEVEL, type OrgLevel, type OrgUnit, type OrgUnitDetail } from '../../../shared/org-units.ts';
import type { z } from '../../../shared/validation.ts';
import type { CreateOrgUnitSchema, UpdateOrgUnitSchema } from '../../../shared/org-units.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { type OrgUnitRow, ancestorsOf, findUnit, insertUnit, unitsInScope, updateUnit } from './org-units.queries.ts';

const present = (u: OrgUnitRow): OrgUnit => ({
  id: u.id, parentId: u.parent_id, level: u.level as OrgLevel, code: u.code, name: u.name, path: u.path, active: u.active,
});

async function unitOrRefuse(db: Kysely<DB>, actor: Actor, id: number): Promise<OrgUnitRow> {
  const unit = await findUnit(db, actor.scope, id);
  if (!unit) throw notFound('Không tìm thấy đơn vị.');
  return unit;
}

/** The tree in the actor's area as a flat list in path order. */
export async function listOrgUnits(db: Kysely<DB>, actor: Actor, query: { includeInactive: boolean }): Promise<{ items: OrgUnit[] }> {
  return { items: (await unitsInScope(db, actor.scope, query)).map(present) };
}

export async function getOrgUnit(db: Kysely<DB>, actor: Actor, input: { id: number }): Promise<OrgUnitDetail> {
  const unit = await unitOrRefuse(db, actor, input.id);
  return { ...present(unit), ancestors: (await ancestorsOf(db, unit)).map(present) };
}

export async function createOrgUnit(db: Kysely<DB>, actor: Actor, input: z.infer<typeof CreateOrgUnitSchema>): Promise<OrgUnit> {
  const parent = await findUnit(db, actor.scope, input.parentId);
  if (!parent) throw invalid('parentId', 'Đơn vị cấp trên không tồn tại hoặc ngoài phạm vi của bạn.');
  const level = CHILD_LEVEL[parent.level as OrgLevel];
  if (!level) throw invalid('parentId', 'Không thể thêm đơn vị dưới cấp thôn.');
  const created = present(await insertUnit(db, parent, { level, name: input.name, code: input.code ?? null }));
  await writeAudit(db, actor, { action: 'create', entity: 'org_unit', entityId: created.id, orgUnitId: created.id, after: created });
  return created;
}

export async function updateOrgUnit(db: Kysely<DB>, actor: Actor, input: z.infer<typeof UpdateOrgUnitSchema> & { id: number }): Promise<OrgUnit> {
  const before = await unitOrRefuse(db, actor, input.id);
  const after = await updateUnit(db, before.id, {
    name: input.name ?? before.name,
    code: input.code === undefined ? before.code : input.code,
    active: input.active ?? before.active,
  });
  await writeAudit(db, actor, { action: 'update', entity: 'org_unit', entityId: before.id, orgUnitId: before.id, before: present(before), after: present(after) });
  return present(after);
}
