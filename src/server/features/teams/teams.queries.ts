// SQL of the teams feature: teams, members and household assignments, always joined to the
// team's village and filtered by the caller's org subtree inside the query.
import { type Kysely, sql } from 'kysely';
import { TEAM_SIZE, type TeamListQuery } from '../../../shared/teams.ts';
import type { DB } from '../../db/schema.ts';
import { type Scope, inScope, likePrefix } from '../../http/scope.ts';
import { householdTextMatch } from '../households/household-search.ts';
import { pageWindow } from '../../http/pagination.ts';

export interface VillageRow {
  id: number;
  name: string;
  path: string;
  commune_id: number | null;
  commune_name: string | null;
}

/** A village of the caller's area (404 material when missing). `lock` serializes forming a team. */
export async function findVillage(db: Kysely<DB>, scope: Scope, villageId: number, options: { lock?: boolean } = {}): Promise<VillageRow | undefined> {
  if (options.lock) {
    await db.selectFrom('org_units').select('id').where('id', '=', villageId).where(inScope(scope, 'id')).forUpdate().execute();
  }
  return db
    .selectFrom('org_units as v')
    .leftJoin('org_units as c', 'c.id', 'v.parent_id')
    .select(['v.id', 'v.name', 'v.path', 'c.id as commune_id', 'c.name as commune_name'])
    .where('v.id', '=', villageId)
    .where('v.level', '=', 'village')
    .where(inScope(scope, 'v.id'))
    .executeTakeFirst();
}

export interface TeamRow {
  id: string;
  village_id: number;
  name: string;
  decision_number: string | null;
  decision_date: string | null;
  formed_on: string;
  ended_on: string | null;
  note: string | null;
  version: number;
  village_name: string;
  commune_name: string | null;
}

/** A team of the caller's area; `lock` takes the row for the rest of the transaction. */
export async function findTeam(db: Kysely<DB>, scope: Scope, id: string, options: { lock?: boolean } = {}): Promise<TeamRow | undefined> {
  let query = db
    .selectFrom('teams as t')
    .innerJoin('org_units as v', 'v.id', 't.village_id')
    .leftJoin('org_units as c', 'c.id', 'v.parent_id')
    .select([
      't.id', 't.village_id', 't.name', 't.decision_number', 't.decision_date', 't.formed_on', 't.ended_on', 't.note', 't.version',
      'v.name as village_name', 'c.name as commune_name',
    ])
    .where('t.id', '=', id)
    .where(inScope(scope, 't.village_id'));
  if (options.lock) query = query.forUpdate('t');
  return query.executeTakeFirst();
}

export async function activeTeamOfVillage(db: Kysely<DB>, villageId: number) {
  return db.selectFrom('teams').selectAll().where('village_id', '=', villageId).where('ended_on', 'is', null).executeTakeFirst();
}

export interface MemberRow {
  id: string;
  team_id: string;
  full_name: string;
  person_id: string | null;
  account_id: string | null;
  phone: string | null;
  team_role: 'leader' | 'deputy' | 'member';
  affiliation: 'youth_union' | 'party_member' | 'farmers_union' | 'women_union' | 'resident';
  joined_on: string;
  left_on: string | null;
  left_reason: string | null;
  version: number;
  account_username: string | null;
  households: number;
}

const openAssignments = sql<number>`(SELECT count(*)::int FROM household_assignments ha WHERE ha.member_id = m.id AND ha.to_date IS NULL)`;
const roleOrder = sql`CASE m.team_role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END`;

/** Members of a team, active first (leader, deputies, members), then former ones, newest leaving first. */
export async function membersOfTeam(db: Kysely<DB>, teamId: string): Promise<MemberRow[]> {
  return memberQuery(db)
    .where('m.team_id', '=', teamId)
    .orderBy(sql`m.left_on IS NULL`, 'desc')
    .orderBy('m.left_on', 'desc')
    .orderBy(roleOrder)
    .orderBy('m.joined_on')
    .orderBy('m.full_name')
    .execute() as Promise<MemberRow[]>;
}

function memberQuery(db: Kysely<DB>) {
  return db
    .selectFrom('team_members as m')
    .leftJoin('accounts as a', 'a.id', 'm.account_id')
    .selectAll('m')
    .select(['a.username as account_username', openAssignments.as('households')]);
}

/**
 * A member of a team of the caller's area, with its team. `lock` takes the team's row first,
 * so changes to one team's members (one leader, the size) are made one at a time.
 */
export async function findMember(db: Kysely<DB>, scope: Scope, memberId: string, options: { lock?: boolean } = {}) {
  const ref = await db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select('m.team_id')
    .where('m.id', '=', memberId)
    .where(inScope(scope, 't.village_id'))
    .executeTakeFirst();
  if (!ref) return undefined;
  const team = await findTeam(db, scope, ref.team_id, options);
  if (!team) return undefined;
  const member = (await memberQuery(db).where('m.id', '=', memberId).executeTakeFirstOrThrow()) as MemberRow;
  return { member, team };
}

export async function activeLeader(db: Kysely<DB>, teamId: string) {
  return db
    .selectFrom('team_members')
    .select(['id', 'full_name'])
    .where('team_id', '=', teamId)
    .where('team_role', '=', 'leader')
    .where('left_on', 'is', null)
    .executeTakeFirst();
}

export async function countActiveMembers(db: Kysely<DB>, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('team_members')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('team_id', '=', teamId)
    .where('left_on', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Every team a village has had, newest first: the history of "kiện toàn". */
export async function teamsOfVillage(db: Kysely<DB>, villageId: number) {
  return db
    .selectFrom('teams as t')
    .select([
      't.id', 't.name', 't.decision_number', 't.decision_date', 't.formed_on', 't.ended_on',
      sql<number>`(SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id)`.as('members'),
      sql<number>`(SELECT count(*)::int FROM team_members m WHERE m.team_id = t.id AND m.left_on IS NULL)`.as('active_members'),
    ])
    .where('t.village_id', '=', villageId)
    .orderBy(sql`t.ended_on IS NULL`, 'desc')
    .orderBy('t.formed_on', 'desc')
    .orderBy('t.created_at', 'desc')
    .execute();
}

export interface VillageTeamRow {
  village_id: number;
  village_name: string;
  commune_id: number | null;
  commune_name: string | null;
  team_id: string | null;
  team_name: string | null;
  decision_number: string | null;
  decision_date: string | null;
  formed_on: string | null;
  active_members: number;
  leader_id: string | null;
  leader_name: string | null;
  leader_phone: string | null;
  households: number;
  unassigned: number;
  needs_assignment: number;
}

/**
 * Every village of the area (optionally under one unit) with its active team, member count,
 * leader and household figures. Villages with no team are rows too: they are the work to do.
 */
function villageTeams(scope: Scope, underPath: string | null) {
  const under = underPath ? sql`AND v.path LIKE ${likePrefix(underPath)}` : sql``;
  return sql`
    SELECT v.id AS village_id, v.name AS village_name, c.id AS commune_id, c.name AS commune_name,
      t.id AS team_id, t.name AS team_name, t.decision_number, t.decision_date, t.formed_on,
      coalesce(mc.active_members, 0) AS active_members,
      ldr.id AS leader_id, ldr.full_name AS leader_name, ldr.phone AS leader_phone,
      hc.households, hc.unassigned, hc.needs_assignment
    FROM org_units v
    LEFT JOIN org_units c ON c.id = v.parent_id
    LEFT JOIN teams t ON t.village_id = v.id AND t.ended_on IS NULL
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS active_members FROM team_members m WHERE m.team_id = t.id AND m.left_on IS NULL
    ) mc ON true
    LEFT JOIN LATERAL (
      SELECT m.id, m.full_name, m.phone FROM team_members m
      WHERE m.team_id = t.id AND m.left_on IS NULL AND m.team_role = 'leader'
      ORDER BY m.joined_on LIMIT 1
    ) ldr ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS households,
        (count(*) FILTER (WHERE h.assigned_member_id IS NULL))::int AS unassigned,
        (count(*) FILTER (WHERE h.no_capable_member AND h.assigned_member_id IS NULL))::int AS needs_assignment
      FROM households h WHERE h.village_id = v.id AND h.dissolved_at IS NULL
    ) hc ON true
    WHERE v.level = 'village' AND v.path LIKE ${likePrefix(scope.path)} ${under}
      AND (v.active OR t.id IS NOT NULL)`;
}

function filterCondition(filter: TeamListQuery['filter']) {
  switch (filter) {
    case 'no_team': return sql`team_id IS NULL`;
    case 'size_warning': return sql`team_id IS NOT NULL AND (active_members < ${TEAM_SIZE.min} OR active_members > ${TEAM_SIZE.max})`;
    case 'needs_assignment': return sql`needs_assignment > 0`;
    default: return sql`true`;
  }
}

export async function listVillageTeams(db: Kysely<DB>, scope: Scope, query: TeamListQuery, underPath: string | null) {
  const base = villageTeams(scope, underPath);
  const [rows, summary] = await Promise.all([
    sql<VillageTeamRow & { total: number }>`
      WITH rows AS (${base})
      SELECT *, (count(*) OVER ())::int AS total FROM rows
      WHERE ${filterCondition(query.filter)}
      ORDER BY commune_name, village_name, village_id
      LIMIT ${pageWindow(query).limit} OFFSET ${pageWindow(query).offset}`.execute(db),
    sql<{ villages: number; with_team: number; size_warnings: number; needs_assignment: number; villages_needing: number; active_members: number }>`
      WITH rows AS (${base})
      SELECT count(*)::int AS villages,
        count(team_id)::int AS with_team,
        (count(*) FILTER (WHERE team_id IS NOT NULL AND (active_members < ${TEAM_SIZE.min} OR active_members > ${TEAM_SIZE.max})))::int AS size_warnings,
        coalesce(sum(needs_assignment), 0)::int AS needs_assignment,
        (count(*) FILTER (WHERE needs_assignment > 0))::int AS villages_needing,
        coalesce(sum(active_members), 0)::int AS active_members
      FROM rows`.execute(db),
  ]);
  return { rows: rows.rows, total: rows.rows[0]?.total ?? (query.page > 1 ? await countFiltered(db, base, query) : 0), summary: summary.rows[0] };
}

/** The filtered total when the requested page is past the end (no row carries it). */
async function countFiltered(db: Kysely<DB>, base: ReturnType<typeof villageTeams>, query: TeamListQuery) {
  const { rows } = await sql<{ n: number }>`WITH rows AS (${base}) SELECT count(*)::int AS n FROM rows WHERE ${filterCondition(query.filter)}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Open assignment rows of the given households. */
export async function openAssignmentsOf(db: Kysely<DB>, householdIds: string[]) {
  if (!householdIds.length) return [];
  return db
    .selectFrom('household_assignments')
    .select(['id', 'household_id', 'member_id', 'from_date'])
    .where('household_id', 'in', householdIds)
    .where('to_date', 'is', null)
    .execute();
}

/**
 * Ends a member's open assignments (on `date`, or on the day one began if that is later) and
 * gives the households back to "unassigned". Returns the households concerned.
 */
export async function releaseMemberHouseholds(db: Kysely<DB>, memberId: string, date: string): Promise<string[]> {
  const closed = await db
    .updateTable('household_assignments')
    .set({ to_date: sql`greatest(from_date, ${date}::date)` })
    .where('member_id', '=', memberId)
    .where('to_date', 'is', null)
    .returning('household_id')
    .execute();
  const released = await db
    .updateTable('households')
    .set({ assigned_member_id: null, updated_at: sql`now()` })
    .where('assigned_member_id', '=', memberId)
    .returning('id')
    .execute();
  return [...new Set([...closed.map((r) => r.household_id), ...released.map((r) => r.id)])];
}

export interface AssignmentHouseholdRow {
  id: string;
  code: string | null;
  address: string;
  hamlet_group: string | null;
  phone: string | null;
  no_capable_member: boolean;
  head_name: string | null;
  member_count: number;
  assigned_member_id: string | null;
  assigned_member_name: string | null;
  assigned_from: string | null;
}

/** Households of one village as the assignment page shows them (dissolved ones left out). */
export async function assignmentHouseholds(
  db: Kysely<DB>,
  villageId: number,
  query: { filter: 'all' | 'unassigned' | 'needs_assignment'; memberId?: string; q?: string; page: number; pageSize: number },
) {
  let base = db
    .selectFrom('households as h')
    .leftJoin('people as head', 'head.id', 'h.head_person_id')
    .leftJoin('team_members as am', 'am.id', 'h.assigned_member_id')
    .leftJoin('household_assignments as ha', (join) => join.onRef('ha.household_id', '=', 'h.id').on('ha.to_date', 'is', null))
    .where('h.village_id', '=', villageId)
    .where('h.dissolved_at', 'is', null);
  if (query.filter === 'unassigned') base = base.where('h.assigned_member_id', 'is', null);
  if (query.filter === 'needs_assignment') base = base.where('h.assigned_member_id', 'is', null).where('h.no_capable_member', '=', true);
  if (query.memberId) base = base.where('h.assigned_member_id', '=', query.memberId);
  if (query.q) base = base.where(householdTextMatch(query.q));
  const [rows, total] = await Promise.all([
    base
      .select([
        'h.id', 'h.code', 'h.address', 'h.hamlet_group', 'h.phone', 'h.no_capable_member', 'head.full_name as head_name',
        sql<number>`(SELECT count(*)::int FROM people p WHERE p.household_id = h.id AND p.status = 'resident')`.as('member_count'),
        'h.assigned_member_id', 'am.full_name as assigned_member_name', 'ha.from_date as assigned_from',
      ])
      // Those that need someone first, then in household-number order ("2" before "10").
      .orderBy(sql`h.no_capable_member AND h.assigned_member_id IS NULL`, 'desc')
      .orderBy(sql`length(h.code)`).orderBy('h.code').orderBy('h.id')
      .limit(pageWindow(query).limit).offset(pageWindow(query).offset)
      .execute() as Promise<AssignmentHouseholdRow[]>,
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: total.n };
}

/** How the village's households are covered: the figures above the assignment list. */
export async function assignmentCounts(db: Kysely<DB>, villageId: number) {
  return db
    .selectFrom('households as h')
    .select([
      sql<number>`count(*)::int`.as('households'),
      sql<number>`(count(*) FILTER (WHERE h.assigned_member_id IS NOT NULL))::int`.as('assigned'),
      sql<number>`(count(*) FILTER (WHERE h.assigned_member_id IS NULL))::int`.as('unassigned'),
      sql<number>`(count(*) FILTER (WHERE h.no_capable_member))::int`.as('no_capable_member'),
      sql<number>`(count(*) FILTER (WHERE h.no_capable_member AND h.assigned_member_id IS NULL))::int`.as('needs_assignment'),
    ])
    .where('h.village_id', '=', villageId)
    .where('h.dissolved_at', 'is', null)
    .executeTakeFirstOrThrow();
}

/** Each active member of a team with the households they look after (and how many need them most). */
export async function memberWorkloads(db: Kysely<DB>, teamId: string) {
  return db
    .selectFrom('team_members as m')
    .select([
      'm.id', 'm.full_name', 'm.team_role', 'm.phone',
      sql<number>`(SELECT count(*)::int FROM households h WHERE h.assigned_member_id = m.id AND h.dissolved_at IS NULL)`.as('households'),
      sql<number>`(SELECT count(*)::int FROM households h WHERE h.assigned_member_id = m.id AND h.dissolved_at IS NULL AND h.no_capable_member)`.as('no_capable_member'),
    ])
    .where('m.team_id', '=', teamId)
    .where('m.left_on', 'is', null)
    .orderBy(roleOrder)
    .orderBy('m.joined_on')
    .orderBy('m.full_name')
    .execute();
}
