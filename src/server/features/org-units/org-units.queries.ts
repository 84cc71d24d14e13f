// The org tree's SQL: units in an account's area (a prefix scan on the path), ancestors,
// children, and the writes of the admin's tree editor.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { OrgLevel } from '../../../shared/org-units.ts';
import type { DB, OrgUnitTable } from '../../db/schema.ts';
import { notFound } from '../../http/app-error.ts';
import { type Scope, inScope } from '../../http/scope.ts';

export type OrgUnitRow = Selectable<OrgUnitTable>;

export interface UnitRef {
  id: number;
  name: string;
  level: OrgLevel;
  path: string;
}

/** The unit asked for if it lies in the scope's area; else 404 (not found and not yours alike). */
export async function unitInScope(db: Kysely<DB>, scope: Scope, id: number): Promise<UnitRef> {
  const unit = await db.selectFrom('org_units').select(['id', 'name', 'level', 'path']).where('id', '=', id).where(inScope(scope, 'id')).executeTakeFirst();
  if (!unit) throw notFound('Không tìm thấy đơn vị hoặc đơn vị ngoài phạm vi của bạn.');
  return unit as UnitRef;
}

/** The whole row of a unit in the scope's area, or undefined. */
export async function findUnit(db: Kysely<DB>, scope: Scope, id: number): Promise<OrgUnitRow | undefined> {
  return db.selectFrom('org_units').selectAll().where('id', '=', id).where(inScope(scope, 'id')).executeTakeFirst();
}

export async function unitsInScope(db: Kysely<DB>, scope: Scope, options: { includeInactive: boolean }): Promise<OrgUnitRow[]> {
  let query = db.selectFrom('org_units').selectAll().where(inScope(scope, 'id'));
  if (!options.includeInactive) query = query.where('active', '=', true);
  return query.orderBy('path').execute();
}

/** The units above a unit, from the root down. */
export async function ancestorsOf(db: Kysely<DB>, unit: Pick<OrgUnitRow, 'id' | 'path'>): Promise<OrgUnitRow[]> {
  const ids = unit.path.split('/').filter(Boolean).map(Number).filter((id) => id !== unit.id);
  if (!ids.length) return [];
  return db.selectFrom('org_units').selectAll().where('id', 'in', ids).orderBy('path').execute();
}

/** The active units right under a unit, by name (none under a village). */
export async function childrenOf(db: Kysely<DB>, unit: UnitRef): Promise<UnitRef[]> {
  if (unit.level === 'village') return [];
  const rows = await db.selectFrom('org_units').select(['id', 'name', 'level', 'path']).where('parent_id', '=', unit.id).where('active', '=', true).orderBy('name').execute();
  return rows as UnitRef[];
}

/** A new unit under its parent: its id is drawn first, so its path can name it. */
export async function insertUnit(db: Kysely<DB>, parent: Pick<OrgUnitRow, 'id' | 'path'>, values: { level: OrgLevel; name: string; code: string | null }): Promise<OrgUnitRow> {
  const { id } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('org_units', 'id'))::int AS id`.execute(db).then((r) => r.rows[0]);
  return db.insertInto('org_units')
    .values({ id, parent_id: parent.id, level: values.level, name: values.name, code: values.code, path: `${parent.path}${id}/` })
    .returningAll().executeTakeFirstOrThrow();
}

export async function updateUnit(db: Kysely<DB>, id: number, set: { name: string; code: string | null; active: boolean }): Promise<OrgUnitRow> {
  return db.updateTable('org_units').set({ ...set, updated_at: sql`now()` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
