// SQL of the commune's schools, enterprises and cooperatives: read by whoever's area holds the
// commune or lies inside it (a village's accounts read their commune's list), their pupils or
// workers scoped to the reader's villages, and the links written on people.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Scope, inScope, likePrefix } from '../../http/scope.ts';
import type { OrganizationKind } from '../../../shared/organizations.ts';

export interface OrganizationRow {
  id: string;
  commune_id: number;
  commune_name: string;
  commune_path: string;
  kind: OrganizationKind;
  name: string;
  sector: string | null;
  village_id: number | null;
  village_name: string | null;
  contact: string | null;
  active: boolean;
  version: number;
}

/** Organizations of communes in the area, or of the commune the reader's village lies in. */
function readable(scope: Scope) {
  return sql<boolean>`(c.path LIKE ${likePrefix(scope.path)} OR ${scope.path} LIKE c.path || '%')`;
}

export async function findOrganizations(db: Kysely<DB>, scope: Scope, filter: { ids?: string[]; communeId?: number; kind?: OrganizationKind }): Promise<OrganizationRow[]> {
  let query = db
    .selectFrom('organizations as o')
    .innerJoin('org_units as c', 'c.id', 'o.commune_id')
    .leftJoin('org_units as v', 'v.id', 'o.village_id')
    .select(['o.id', 'o.commune_id', 'c.name as commune_name', 'c.path as commune_path', 'o.kind', 'o.name', 'o.sector', 'o.village_id', 'v.name as village_name', 'o.contact', 'o.active', 'o.version'])
    .where(readable(scope));
  if (filter.ids) {
    if (!filter.ids.length) return [];
    query = query.where('o.id', 'in', filter.ids);
  }
  if (filter.communeId) query = query.where('o.commune_id', '=', filter.communeId);
  if (filter.kind) query = query.where('o.kind', '=', filter.kind);
  return query.orderBy('o.kind').orderBy('o.name').execute() as Promise<OrganizationRow[]>;
}

export async function servedVillages(db: Kysely<DB>, ids: string[]): Promise<Map<string, Array<{ id: number; name: string }>>> {
  const out = new Map<string, Array<{ id: number; name: string }>>();
  if (!ids.length) return out;
  const rows = await db.selectFrom('organization_villages as ov').innerJoin('org_units as v', 'v.id', 'ov.village_id')
    .select(['ov.organization_id', 'v.id', 'v.name']).where('ov.organization_id', 'in', ids).orderBy('v.name').execute();
  for (const r of rows) out.set(r.organization_id, [...(out.get(r.organization_id) ?? []), { id: r.id, name: r.name }]);
  return out;
}

/**
 * The people of an organization the scope sees, with what the plan counts for them: a
 * school's pupils are the residents flagged as students in the villages it serves, linked to
 * it or to no school yet; an enterprise's or cooperative's are the workers linked to it.
 */
export interface MemberRow {
  organization_id: string; person_id: string; household_id: string; full_name: string; birth_year: number;
  village_id: number; village_name: string; linked: boolean; reached_on: string | null;
}

function membersQuery(scope: Scope, ids: string[]) {
  return sql<MemberRow>`
    SELECT o.id AS organization_id, p.id AS person_id, p.household_id, p.full_name, p.birth_year, p.village_id, v.name AS village_name,
      coalesce(p.school_id = o.id OR p.employer_id = o.id, false) AS linked,
      CASE WHEN o.kind = 'school' THEN s.student_training_on ELSE s.basic_skills_on END AS reached_on
    FROM organizations o
    JOIN people p ON (o.kind = 'school' AND p.is_student AND (p.school_id = o.id OR (p.school_id IS NULL
            AND p.village_id IN (SELECT ov.village_id FROM organization_villages ov WHERE ov.organization_id = o.id))))
        OR (o.kind <> 'school' AND p.employer_id = o.id)
    JOIN org_units v ON v.id = p.village_id
    LEFT JOIN person_digital_status s ON s.person_id = p.id
    WHERE o.id = ANY(${ids}::uuid[]) AND p.status = 'resident'
      AND p.village_id IN (SELECT id FROM org_units WHERE path LIKE ${likePrefix(scope.path)})`;
}

export async function organizationMembers(db: Kysely<DB>, scope: Scope, id: string) {
  const { rows } = await sql<MemberRow>`SELECT * FROM (${membersQuery(scope, [id])}) m ORDER BY m.village_name, m.full_name`.execute(db);
  return rows;
}

export async function organizationCounts(db: Kysely<DB>, scope: Scope, ids: string[]): Promise<Map<string, { people: number; reached: number; sessions: number }>> {
  const out = new Map<string, { people: number; reached: number; sessions: number }>();
  if (!ids.length) return out;
  const { rows } = await sql<{ organization_id: string; people: number; reached: number }>`
    SELECT m.organization_id, count(*)::int AS people, count(m.reached_on)::int AS reached
    FROM (${membersQuery(scope, ids)}) m GROUP BY m.organization_id`.execute(db);
  const sessions = await db.selectFrom('group_sessions').select(['organization_id', sql<number>`count(*)::int`.as('n')])
    .where('organization_id', 'in', ids).where('status', '=', 'held').groupBy('organization_id').execute();
  for (const id of ids) out.set(id, { people: 0, reached: 0, sessions: 0 });
  for (const r of rows) Object.assign(out.get(r.organization_id)!, { people: r.people, reached: r.reached });
  for (const r of sessions) out.get(r.organization_id!)!.sessions = r.n;
  return out;
}

export async function villagesOfCommune(db: Kysely<DB>, communeId: number, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('org_units').select('id').where('parent_id', '=', communeId).where('level', '=', 'village').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export async function insertOrganization(db: Kysely<DB>, values: {
  id: string; communeId: number; kind: OrganizationKind; name: string; sector: string | null; villageId: number | null; contact: string | null; createdBy: string;
}): Promise<boolean> {
  const row = await db.insertInto('organizations').values({
    id: values.id, commune_id: values.communeId, kind: values.kind, name: values.name, sector: values.sector, village_id: values.villageId,
    contact: values.contact, created_by: values.createdBy,
  }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return Boolean(row);
}

export async function updateOrganization(db: Kysely<DB>, id: string, version: number, values: {
  kind: OrganizationKind; name: string; sector: string | null; villageId: number | null; contact: string | null; active: boolean;
}): Promise<boolean> {
  const row = await db.updateTable('organizations').set({
    kind: values.kind, name: values.name, sector: values.sector, village_id: values.villageId, contact: values.contact, active: values.active,
    version: sql`version + 1`, updated_at: sql`now()`,
  }).where('id', '=', id).where('version', '=', version).returning('id').executeTakeFirst();
  return Boolean(row);
}

export async function setServedVillages(db: Kysely<DB>, id: string, villageIds: number[]): Promise<void> {
  await db.deleteFrom('organization_villages').where('organization_id', '=', id).execute();
  if (villageIds.length) await db.insertInto('organization_villages').values(villageIds.map((v) => ({ organization_id: id, village_id: v }))).execute();
}

/** Residents of the scope among these ids, with their household's commune. */
export async function peopleToLink(db: Kysely<DB>, scope: Scope, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('people as p').innerJoin('org_units as v', 'v.id', 'p.village_id')
    .select(['p.id', 'p.full_name', 'p.status', 'p.village_id', 'v.parent_id as commune_id', 'p.school_id', 'p.employer_id', 'p.is_student', 'p.is_worker'])
    .where('p.id', 'in', ids).where(inScope(scope, 'p.village_id')).execute();
}

/** Links (or unlinks) people: the flag the indicators read follows the link. */
export async function linkPeople(db: Kysely<DB>, kind: OrganizationKind, organizationId: string | null, personIds: string[]): Promise<void> {
  if (!personIds.length) return;
  const set = kind === 'school'
    ? { school_id: organizationId, is_student: organizationId !== null }
    : { employer_id: organizationId, is_worker: organizationId !== null };
  await db.updateTable('people').set({ ...set, version: sql`version + 1`, updated_at: sql`now()` }).where('id', 'in', personIds).execute();
}
