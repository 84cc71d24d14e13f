// Reads villages for the support-history generator and writes what it returns, on PGlite or
// PostgreSQL. The demo writes with multi-row INSERTs (one JSON parameter per batch: PGlite
// has no COPY from a client stream); the province loader streams the same rows through COPY
// with the column lists below. Statuses are then derived by the SQL functions of migration
// 0003 (refresh_digital_status / refresh_household_status), the only writers of those tables.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type {
  ActionRow, AssignmentRow, EventRow, HistoryHousehold, HistoryPerson, HistoryVillage, TeamMemberRow, TeamRow, VillageHistory,
} from './support-history.ts';

export const TEAM_COLUMNS = [
  'id', 'village_id', 'name', 'decision_number', 'decision_date', 'formed_on', 'ended_on', 'note', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof TeamRow>;
export const TEAM_MEMBER_COLUMNS = [
  'id', 'team_id', 'full_name', 'person_id', 'account_id', 'phone', 'team_role', 'affiliation', 'joined_on', 'left_on', 'left_reason',
  'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof TeamMemberRow>;
export const ASSIGNMENT_COLUMNS = [
  'id', 'household_id', 'member_id', 'from_date', 'to_date', 'assigned_by', 'created_at',
] as const satisfies ReadonlyArray<keyof AssignmentRow>;
export const EVENT_COLUMNS = [
  'id', 'household_id', 'village_id', 'event_date', 'channel', 'helper_member_ids', 'informed', 'corrects_event_id', 'note',
  'recorded_by', 'recorded_at',
] as const satisfies ReadonlyArray<keyof EventRow>;
export const ACTION_COLUMNS = [
  'event_id', 'seq', 'person_id', 'action', 'outcome', 'reason', 'procedure_name', 'app_name', 'checklist', 'note',
] as const satisfies ReadonlyArray<keyof ActionRow>;

/** The residents of some villages, households in number order and people in id order (stable). */
export async function readHistoryVillages(db: Kysely<DB>, villageIds: readonly number[]): Promise<HistoryVillage[]> {
  if (villageIds.length === 0) return [];
  const ids = [...villageIds];
  const units = await db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', ids).execute();
  const households = await db
    .selectFrom('households')
    .select(['id', 'village_id', 'code', 'hamlet_group', 'no_capable_member'])
    .where('village_id', 'in', ids)
    .where('dissolved_at', 'is', null)
    .orderBy('village_id').orderBy('code').orderBy('id')
    .execute();
  const people = await db
    .selectFrom('people')
    .select([
      'id', 'household_id', 'full_name', 'sex', 'birth_date', 'birth_year', 'phone', sql<boolean>`cccd IS NOT NULL`.as('has_cccd'),
      'is_student', 'is_worker', 'is_team_member', 'relation_to_head', 'ethnicity',
    ])
    .where('village_id', 'in', ids)
    .where('status', '=', 'resident')
    .orderBy('id')
    .execute();
  const byHousehold = new Map<string, HistoryHousehold>();
  const villages = new Map<number, HistoryVillage>(ids.map((id) => [id, { id, name: units.find((u) => u.id === id)?.name ?? '', households: [] }]));
  for (const h of households) {
    const household: HistoryHousehold = { id: h.id, code: h.code, hamlet_group: h.hamlet_group, no_capable_member: h.no_capable_member, people: [] };
    byHousehold.set(h.id, household);
    villages.get(h.village_id)!.households.push(household);
  }
  for (const p of people) byHousehold.get(p.household_id)?.people.push(p as HistoryPerson);
  // A household with nobody living in it any more is not visited.
  for (const village of villages.values()) village.households = village.households.filter((h) => h.people.length > 0);
  return ids.map((id) => villages.get(id)!);
}

// A JSON parameter of this many rows stays a few megabytes: quick to parse on both engines.
const JSON_BATCH = 4_000;

async function insertJson(db: Kysely<DB>, table: string, columns: readonly string[], rows: readonly object[]): Promise<void> {
  const list = sql.raw(columns.join(', '));
  for (let start = 0; start < rows.length; start += JSON_BATCH) {
    const batch = JSON.stringify(rows.slice(start, start + JSON_BATCH));
    await sql`INSERT INTO ${sql.table(table)} (${list})
      SELECT ${list} FROM json_populate_recordset(NULL::${sql.table(table)}, ${batch}::json)`.execute(db);
  }
}

/**
 * Writes generated histories: teams, members, assignments, events and actions, then the
 * registry fields the year changed (assigned member, renamed volunteers, team-member flag,
 * "no smartphone"). Accounts the members log in with must exist already.
 */
export async function insertHistories(db: Kysely<DB>, histories: readonly VillageHistory[]): Promise<void> {
  await insertJson(db, 'teams', TEAM_COLUMNS, histories.flatMap((h) => h.teams));
  await insertJson(db, 'team_members', TEAM_MEMBER_COLUMNS, histories.flatMap((h) => h.members));
  await insertJson(db, 'household_assignments', ASSIGNMENT_COLUMNS, histories.flatMap((h) => h.assignments));
  await insertJson(db, 'support_events', EVENT_COLUMNS, histories.flatMap((h) => h.events));
  await insertJson(db, 'support_actions', ACTION_COLUMNS, histories.flatMap((h) => h.actions));

  const assigned = histories.flatMap((h) => [...h.assignedMember].map(([household, member]) => ({ household, member })));
  for (let start = 0; start < assigned.length; start += JSON_BATCH) {
    await sql`UPDATE households h SET assigned_member_id = v.member
      FROM json_to_recordset(${JSON.stringify(assigned.slice(start, start + JSON_BATCH))}::json) AS v(household uuid, member uuid)
      WHERE h.id = v.household`.execute(db);
  }
  const renamed = histories.flatMap((h) => h.renamed);
  if (renamed.length) {
    await sql`UPDATE people p SET full_name = v.full_name, phone = v.phone
      FROM json_to_recordset(${JSON.stringify(renamed)}::json) AS v(id uuid, full_name text, phone text)
      WHERE p.id = v.id`.execute(db);
  }
  const flags = histories.flatMap((h) => h.teamMemberFlags);
  if (flags.length) {
    await sql`UPDATE people p SET is_team_member = v.is_team_member
      FROM json_to_recordset(${JSON.stringify(flags)}::json) AS v(id uuid, is_team_member boolean)
      WHERE p.id = v.id`.execute(db);
  }
  const phones = histories.flatMap((h) => h.smartphones);
  for (let start = 0; start < phones.length; start += JSON_BATCH) {
    await sql`UPDATE people p SET has_smartphone = v.has_smartphone
      FROM json_to_recordset(${JSON.stringify(phones.slice(start, start + JSON_BATCH))}::json) AS v(id uuid, has_smartphone boolean)
      WHERE p.id = v.id`.execute(db);
  }
}

/** Derives every status of the villages' people and households from their events (set-based). */
export async function refreshVillageStatuses(db: Kysely<DB>, villageIds: readonly number[]): Promise<void> {
  if (villageIds.length === 0) return;
  const ids = sql.join(villageIds.map((id) => sql`${id}::int`));
  await sql`SELECT refresh_digital_status(array_agg(id)) FROM people WHERE village_id IN (${ids})`.execute(db);
  await sql`SELECT refresh_household_status(array_agg(id)) FROM households WHERE village_id IN (${ids})`.execute(db);
}
