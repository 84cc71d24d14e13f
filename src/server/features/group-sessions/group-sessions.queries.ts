// SQL of group sessions: the session and its attendees (each with the support event that
// carries their outcome), read by whoever's area holds the session's commune or lies in it —
// attendees' names only of the reader's own villages —, and the bulk pickers of attendees.
import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, GroupSessionTable } from '../../db/schema.ts';
import { type Scope, inScope, likePrefix } from '../../http/scope.ts';

const readable = (scope: Scope) => sql<boolean>`(c.path LIKE ${likePrefix(scope.path)} OR ${scope.path} LIKE c.path || '%')`;

/** A commune the scope holds, or the commune the scope's village lies in. */
export async function communeFor(db: Kysely<DB>, scope: Scope, communeId: number) {
  return db.selectFrom('org_units as c').select(['c.id', 'c.name', 'c.path'])
    .where('c.id', '=', communeId).where('c.level', '=', 'commune').where(readable(scope)).executeTakeFirst();
}

export async function communeVillages(db: Kysely<DB>, communeId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('org_units').select(['id', 'name']).where('parent_id', '=', communeId).where('level', '=', 'village').execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The commune's team members active on a day (a team not ended, the member not left), by village. */
export async function activeTeamMembers(db: Kysely<DB>, communeId: number, asOf: string) {
  return db.selectFrom('team_members as m').innerJoin('teams as t', 't.id', 'm.team_id').innerJoin('org_units as v', 'v.id', 't.village_id')
    .select(['m.id', 'm.full_name', 'm.team_role', 'v.id as village_id', 'v.name as village_name'])
    .where('v.parent_id', '=', communeId).where('m.joined_on', '<=', asOf)
    .where((eb) => eb.or([eb('m.left_on', 'is', null), eb('m.left_on', '>=', asOf)]))
    .where((eb) => eb.or([eb('t.ended_on', 'is', null), eb('t.ended_on', '>=', asOf)]))
    .orderBy('v.name').orderBy(sql`CASE m.team_role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END`).orderBy('m.full_name')
    .execute();
}

/** The commune's active organizations, whether each serves the village, and its workers who live there. */
export async function organizationsForVillage(db: Kysely<DB>, communeId: number, villageId: number) {
  const { rows } = await sql<{ id: string; kind: 'school' | 'enterprise' | 'cooperative'; name: string; serves: boolean; worker_ids: string[] }>`
    SELECT o.id, o.kind, o.name,
      EXISTS (SELECT 1 FROM organization_villages ov WHERE ov.organization_id = o.id AND ov.village_id = ${villageId}) AS serves,
      coalesce((SELECT array_agg(p.id ORDER BY p.id) FROM people p
        WHERE p.employer_id = o.id AND p.village_id = ${villageId} AND p.status = 'resident'), '{}') AS worker_ids
    FROM organizations o
    WHERE o.commune_id = ${communeId} AND o.active
    ORDER BY o.kind, o.name`.execute(db);
  return rows;
}

export async function organizationFacts(db: Kysely<DB>, id: string) {
  return db.selectFrom('organizations').select(['id', 'commune_id', 'kind', 'name', 'village_id', 'active']).where('id', '=', id).executeTakeFirst();
}

export type SessionRow = Awaited<ReturnType<typeof findSessions>>[number];

export async function findSessions(db: Kysely<DB>, scope: Scope, filter: { ids?: string[]; communeId?: number; organizationId?: string; offset?: number; limit?: number }) {
  let query = db
    .selectFrom('group_sessions as s')
    .innerJoin('org_units as c', 'c.id', 's.commune_id')
    .innerJoin('accounts as a', 'a.id', 's.recorded_by')
    .leftJoin('organizations as o', 'o.id', 's.organization_id')
    .leftJoin('org_units as v', 'v.id', 's.village_id')
    .select([
      's.id', 's.commune_id', 'c.name as commune_name', 's.session_date', 's.place_kind', 's.organization_id', 'o.name as organization_name', 'o.kind as organization_kind',
      's.village_id', 'v.name as village_name', 's.place_note', 's.contents', 's.checklist', 's.outcome', 's.reason', 's.teacher_member_ids', 's.visitors', 's.refused',
      's.input_hash', 's.note', 's.status', 's.version', 'a.full_name as recorded_by_name',
      (eb) => eb.selectFrom('group_session_attendees as ga').select(sql<number>`count(*)::int`.as('n')).whereRef('ga.session_id', '=', 's.id').as('attendees'),
      (eb) => eb.selectFrom('group_session_attendees as ga').select(sql<number>`count(*)::int`.as('n')).whereRef('ga.session_id', '=', 's.id').where('ga.outcome', '<>', 'not_done').as('done'),
    ])
    .where(readable(scope));
  if (filter.ids) {
    if (!filter.ids.length) return [];
    query = query.where('s.id', 'in', filter.ids);
  }
  if (filter.communeId) query = query.where('s.commune_id', '=', filter.communeId);
  if (filter.organizationId) query = query.where('s.organization_id', '=', filter.organizationId);
  query = query.orderBy('s.session_date', 'desc').orderBy('s.recorded_at', 'desc');
  if (filter.limit) query = query.limit(filter.limit).offset(filter.offset ?? 0);
  return query.execute();
}

export async function countSessions(db: Kysely<DB>, scope: Scope, filter: { communeId?: number; organizationId?: string }): Promise<number> {
  let query = db.selectFrom('group_sessions as s').innerJoin('org_units as c', 'c.id', 's.commune_id').select(sql<number>`count(*)::int`.as('n')).where(readable(scope));
  if (filter.communeId) query = query.where('s.commune_id', '=', filter.communeId);
  if (filter.organizationId) query = query.where('s.organization_id', '=', filter.organizationId);
  return (await query.executeTakeFirstOrThrow()).n;
}

/** Attendees of a session, of the scope's villages only (names), with their village. */
export async function sessionAttendees(db: Kysely<DB>, scope: Scope, sessionId: string) {
  return db.selectFrom('group_session_attendees as ga')
    .innerJoin('people as p', 'p.id', 'ga.person_id')
    .innerJoin('org_units as v', 'v.id', 'p.village_id')
    .select(['ga.person_id', 'p.household_id', 'p.full_name', 'p.birth_year', 'p.village_id', 'v.name as village_name', 'ga.outcome', 'ga.reason', 'ga.event_id'])
    .where('ga.session_id', '=', sessionId).where(inScope(scope, 'p.village_id'))
    .orderBy('v.name').orderBy('p.full_name').execute();
}

/** Every attendee row of a session (for a correction: all of them, whatever the reader sees). */
export async function attendeeRows(db: Kysely<DB>, sessionId: string) {
  return db.selectFrom('group_session_attendees').select(['person_id', 'event_id', 'outcome', 'reason']).where('session_id', '=', sessionId).execute();
}

export async function teacherNames(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('team_members').select(['id', 'full_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

export async function insertSession(db: Kysely<DB>, values: Insertable<GroupSessionTable>): Promise<boolean> {
  const row = await db.insertInto('group_sessions').values(values).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return Boolean(row);
}

export async function insertAttendees(db: Kysely<DB>, rows: Array<{ session_id: string; person_id: string; event_id: string; outcome: 'done' | 'already_had' | 'not_done'; reason: string | null }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('group_session_attendees').values(rows.slice(i, i + 1000)).execute();
}

/** The session marked retracted (its attendees' events retracted by the caller), one version on. */
export async function markRetracted(db: Kysely<DB>, id: string, version: number, by: string): Promise<void> {
  await db.updateTable('group_sessions').set({ status: 'retracted', version: version + 1, updated_by: by, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function deleteAttendees(db: Kysely<DB>, sessionId: string, personIds: string[]): Promise<void> {
  if (personIds.length) await db.deleteFrom('group_session_attendees').where('session_id', '=', sessionId).where('person_id', 'in', personIds).execute();
}

/** Residents the pickers offer, of the scope's villages, by the bulk source asked for. */
export async function candidates(db: Kysely<DB>, scope: Scope, source:
  | { kind: 'school'; organizationId: string }
  | { kind: 'organization'; organizationId: string }
  | { kind: 'village'; villageId: number; minAge?: number; maxAge?: number; asOf: string }) {
  let query = db.selectFrom('people as p').innerJoin('org_units as v', 'v.id', 'p.village_id')
    .select(['p.id', 'p.household_id', 'p.full_name', 'p.birth_year', 'p.birth_date', 'p.village_id', 'v.name as village_name', 'p.is_student', 'p.is_worker'])
    .where('p.status', '=', 'resident').where(inScope(scope, 'p.village_id'));
  if (source.kind === 'school') {
    const id = source.organizationId;
    query = query.where('p.is_student', '=', true).where((eb) => eb.or([
      eb('p.school_id', '=', id),
      eb.and([eb('p.school_id', 'is', null), eb('p.village_id', 'in', eb.selectFrom('organization_villages').select('village_id').where('organization_id', '=', id))]),
    ]));
  } else if (source.kind === 'organization') {
    query = query.where('p.employer_id', '=', source.organizationId);
  } else {
    query = query.where('p.village_id', '=', source.villageId);
    // Age on the day: a year-only birth counts from 1 January (domain.md).
    const age = sql<number>`date_part('year', age(${source.asOf}::date, coalesce(p.birth_date, make_date(p.birth_year, 1, 1))))`;
    if (source.minAge !== undefined) query = query.where(age, '>=', source.minAge);
    if (source.maxAge !== undefined) query = query.where(age, '<=', source.maxAge);
  }
  return query.orderBy('v.name').orderBy('p.full_name').limit(2000).execute();
}
