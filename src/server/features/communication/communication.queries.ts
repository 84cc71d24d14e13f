// The communication feature's SQL: campaigns, village channels, activities with the villages
// they reached and the households ticked at a meeting. An activity is in an account's area
// when its commune is (the commune's offices and above) or one of its villages is (a village
// head, a team leader): `touches()` says both in one condition, inside every query.
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { CommChannel, CommMeasures, CommPhase, CommTopic } from '../../../shared/communication.ts';
import type { DB } from '../../db/schema.ts';
import { likePrefix, type Scope } from '../../http/scope.ts';

/** The activity `a` reached a unit under `path` (its commune, or one of its villages, lies there). */
export function touches(path: string, alias = 'a'): Expression<SqlBool> {
  const prefix = likePrefix(path);
  return sql<SqlBool>`(${sql.ref(`${alias}.org_unit_id`)} IN (SELECT id FROM org_units WHERE path LIKE ${prefix})
    OR EXISTS (SELECT 1 FROM comm_activity_villages av JOIN org_units vu ON vu.id = av.village_id
               WHERE av.activity_id = ${sql.ref(`${alias}.id`)} AND vu.path LIKE ${prefix}))`;
}

// ---- Facts the rules read ----

export interface VillageFacts {
  id: number;
  name: string;
  level: 'province' | 'commune' | 'village';
  parentId: number | null;
  path: string;
}

export async function unitsFacts(db: Kysely<DB>, scope: Scope, ids: number[]): Promise<Map<number, VillageFacts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('org_units')
    .select(['id', 'name', 'level', 'parent_id', 'path'])
    .where('id', 'in', ids)
    .where('path', 'like', likePrefix(scope.path))
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, level: r.level, parentId: r.parent_id, path: r.path }]));
}

export interface ChannelRow {
  village_id: number;
  channel: CommChannel;
  available: boolean;
  note: string | null;
  updated_at: Date;
  updated_by_name: string | null;
}

export async function channelRows(db: Kysely<DB>, villageIds: number[]): Promise<ChannelRow[]> {
  if (!villageIds.length) return [];
  const rows = await db
    .selectFrom('village_channels as c')
    .leftJoin('accounts as acc', 'acc.id', 'c.updated_by')
    .select(['c.village_id', 'c.channel', 'c.available', 'c.note', 'c.updated_at', 'acc.full_name as updated_by_name'])
    .where('c.village_id', 'in', villageIds)
    .execute();
  return rows as ChannelRow[];
}

export async function replaceChannels(
  db: Kysely<DB>,
  villageId: number,
  channels: Array<{ channel: CommChannel; available: boolean; note: string | null }>,
  accountId: string,
): Promise<void> {
  if (!channels.length) return;
  await db
    .insertInto('village_channels')
    .values(channels.map((c) => ({ village_id: villageId, channel: c.channel, available: c.available, note: c.note, updated_by: accountId })))
    .onConflict((oc) => oc.columns(['village_id', 'channel']).doUpdateSet({
      available: (eb) => eb.ref('excluded.available'),
      note: (eb) => eb.ref('excluded.note'),
      updated_by: (eb) => eb.ref('excluded.updated_by'),
      updated_at: sql`now()`,
    }))
    .execute();
}

/** The villages of a unit (a commune's, or the village itself), by name. */
export async function villagesUnder(db: Kysely<DB>, path: string): Promise<Array<{ id: number; name: string }>> {
  return db.selectFrom('org_units').select(['id', 'name']).where('level', '=', 'village').where('active', '=', true).where('path', 'like', likePrefix(path)).orderBy('name').execute();
}

export interface HouseholdRow {
  id: string;
  village_id: number;
  dissolved_at: Date | null;
}

/** Households in the scope's area among `ids`. */
export async function householdsInScope(db: Kysely<DB>, scope: Scope, ids: string[]): Promise<Map<string, HouseholdRow>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('households as h')
    .innerJoin('org_units as u', 'u.id', 'h.village_id')
    .select(['h.id', 'h.village_id', 'h.dissolved_at'])
    .where('h.id', 'in', ids)
    .where('u.path', 'like', likePrefix(scope.path))
    .execute();
  return new Map(rows.map((r) => [r.id, r as HouseholdRow]));
}

export interface MemberRow {
  id: string;
  full_name: string;
  village_id: number;
  joined_on: string;
  left_on: string | null;
}

export async function memberRow(db: Kysely<DB>, id: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.id', 'm.full_name', 't.village_id', 'm.joined_on', 'm.left_on'])
    .where('m.id', '=', id)
    .executeTakeFirst() as Promise<MemberRow | undefined>;
}

// ---- Campaigns ----

export interface CampaignRow {
  id: string;
  org_unit_id: number;
  unit_name: string;
  name: string;
  starts_on: string;
  ends_on: string;
  description: string;
  version: number;
  created_at: Date;
  activities: number;
}

function selectCampaigns(db: Kysely<DB>) {
  return db
    .selectFrom('comm_campaigns as c')
    .innerJoin('org_units as u', 'u.id', 'c.org_unit_id')
    .select(['c.id', 'c.org_unit_id', 'u.name as unit_name', 'c.name', 'c.starts_on', 'c.ends_on', 'c.description', 'c.version', 'c.created_at'])
    .select(sql<number>`(SELECT count(*)::int FROM comm_activities a WHERE a.campaign_id = c.id)`.as('activities'));
}

/** Campaigns of the units under `path` or above it (a village sees its commune's campaigns). */
export async function listCampaigns(db: Kysely<DB>, path: string, year: number | undefined): Promise<CampaignRow[]> {
  const ancestors = path.split('/').filter(Boolean).map(Number);
  let query = selectCampaigns(db).where((eb) => eb.or([eb('u.path', 'like', likePrefix(path)), eb('c.org_unit_id', 'in', ancestors)]));
  if (year) query = query.where('c.starts_on', '<=', `${year}-12-31`).where('c.ends_on', '>=', `${year}-01-01`);
  return (await query.orderBy('c.starts_on', 'desc').orderBy('c.name').execute()) as CampaignRow[];
}

export async function findCampaign(db: Kysely<DB>, id: string): Promise<CampaignRow | undefined> {
  return (await selectCampaigns(db).where('c.id', '=', id).executeTakeFirst()) as CampaignRow | undefined;
}

export async function insertCampaign(db: Kysely<DB>, row: { id: string; org_unit_id: number; name: string; starts_on: string; ends_on: string; description: string; created_by: string }): Promise<boolean> {
  const inserted = await db.insertInto('comm_campaigns').values(row).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return Boolean(inserted);
}

/** The update if the version is still the one read; undefined otherwise. */
export async function updateCampaignIfCurrent(db: Kysely<DB>, id: string, version: number, set: { name: string; starts_on: string; ends_on: string; description: string }) {
  return db
    .updateTable('comm_campaigns')
    .set({ ...set, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
}

/** Activities of a campaign dated outside the period it is being given. */
export async function activitiesOutside(db: Kysely<DB>, campaignId: string, startsOn: string, endsOn: string): Promise<number> {
  const row = await db
    .selectFrom('comm_activities')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('campaign_id', '=', campaignId)
    .where((eb) => eb.or([eb('activity_on', '<', startsOn), eb('activity_on', '>', endsOn)]))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The campaigns running on any day of a period at a commune (for the phone and the forms). */
export async function runningCampaigns(db: Kysely<DB>, communeId: number, from: string, to: string) {
  return db
    .selectFrom('comm_campaigns')
    .select(['id', 'name', 'starts_on', 'ends_on'])
    .where('org_unit_id', '=', communeId)
    .where('starts_on', '<=', to)
    .where('ends_on', '>=', from)
    .orderBy('starts_on')
    .execute();
}

// ---- Activities ----

export interface ActivityRow {
  id: string;
  org_unit_id: number;
  unit_name: string;
  campaign_id: string | null;
  campaign_name: string | null;
  activity_on: string;
  channel: CommChannel;
  phase: CommPhase;
  topics: CommTopic[];
  ran_by: string;
  ran_by_member_id: string | null;
  measures: CommMeasures;
  notes: string | null;
  version: number;
  mutation_id: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Date;
  villages: Array<{ id: number; name: string }>;
  household_count: number;
  photo_count: number;
}

function selectActivities(db: Kysely<DB>) {
  return db
    .selectFrom('comm_activities as a')
    .innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
    .innerJoin('accounts as acc', 'acc.id', 'a.recorded_by')
    .leftJoin('comm_campaigns as c', 'c.id', 'a.campaign_id')
    .select([
      'a.id', 'a.org_unit_id', 'u.name as unit_name', 'a.campaign_id', 'c.name as campaign_name', 'a.activity_on', 'a.channel', 'a.phase', 'a.topics',
      'a.ran_by', 'a.ran_by_member_id', 'a.measures', 'a.notes', 'a.version', 'a.mutation_id', 'a.recorded_by', 'acc.full_name as recorded_by_name', 'a.recorded_at',
    ])
    .select(sql<Array<{ id: number; name: string }>>`coalesce((
      SELECT json_agg(json_build_object('id', vu.id, 'name', vu.name) ORDER BY vu.name)
      FROM comm_activity_villages av JOIN org_units vu ON vu.id = av.village_id WHERE av.activity_id = a.id), '[]'::json)`.as('villages'))
    .select(sql<number>`(SELECT count(*)::int FROM comm_activity_households ah WHERE ah.activity_id = a.id)`.as('household_count'))
    .select(sql<number>`(SELECT count(*)::int FROM attachments ph WHERE ph.owner_entity = 'comm_activity' AND ph.owner_id = a.id::text)`.as('photo_count'));
}

export interface ActivityFilter {
  /** The unit listed: its commune's activities, or those that reached the village. */
  unitPath: string;
  villageId?: number;
  channel?: CommChannel;
  from?: string;
  to?: string;
  campaignId?: string;
}

/** The list's filter as one condition on `a` (the scope's area always among it). */
function filterCondition(scope: Scope, filter: ActivityFilter): Expression<SqlBool> {
  const parts = [touches(scope.path), touches(filter.unitPath)];
  if (filter.villageId) parts.push(sql<SqlBool>`EXISTS (SELECT 1 FROM comm_activity_villages fv WHERE fv.activity_id = a.id AND fv.village_id = ${filter.villageId})`);
  if (filter.channel) parts.push(sql<SqlBool>`a.channel = ${filter.channel}`);
  if (filter.from) parts.push(sql<SqlBool>`a.activity_on >= ${filter.from}::date`);
  if (filter.to) parts.push(sql<SqlBool>`a.activity_on <= ${filter.to}::date`);
  if (filter.campaignId) parts.push(sql<SqlBool>`a.campaign_id = ${filter.campaignId}::uuid`);
  return sql<SqlBool>`(${sql.join(parts, sql` AND `)})`;
}

export async function listActivities(db: Kysely<DB>, scope: Scope, filter: ActivityFilter, window: { offset: number; limit: number }): Promise<{ rows: ActivityRow[]; total: number }> {
  const where = filterCondition(scope, filter);
  const [rows, total] = await Promise.all([
    selectActivities(db).where(where).orderBy('a.activity_on', 'desc').orderBy('a.recorded_at', 'desc').offset(window.offset).limit(window.limit).execute(),
    db.selectFrom('comm_activities as a').select(sql<number>`count(*)::int`.as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as unknown as ActivityRow[], total: total.n };
}

/** An activity in the scope's area. */
export async function findActivity(db: Kysely<DB>, scope: Scope, id: string): Promise<ActivityRow | undefined> {
  const row = await selectActivities(db).where('a.id', '=', id).where(touches(scope.path)).executeTakeFirst();
  return row as unknown as ActivityRow | undefined;
}

/** The activity with this id wherever it is (a resend's content is compared before the scope). */
export async function activityExists(db: Kysely<DB>, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('comm_activities').select('id').where('id', '=', id).executeTakeFirst());
}

export async function householdIdsOf(db: Kysely<DB>, activityId: string): Promise<string[]> {
  const rows = await db.selectFrom('comm_activity_households').select('household_id').where('activity_id', '=', activityId).orderBy('household_id').execute();
  return rows.map((r) => r.household_id);
}

/** The ticked households as the desk shows them: the head's name and the address. */
export async function attendedHouseholds(db: Kysely<DB>, activityId: string) {
  const rows = await db
    .selectFrom('comm_activity_households as ah')
    .innerJoin('households as h', 'h.id', 'ah.household_id')
    .leftJoin('people as p', 'p.id', 'h.head_person_id')
    .select(['h.id', 'h.address', 'h.village_id', 'p.full_name as head_name', 'h.code'])
    .where('ah.activity_id', '=', activityId)
    .orderBy('p.full_name')
    .execute();
  return rows.map((r) => ({ id: r.id, label: r.head_name ? `Hộ ${r.head_name}` : `Hộ ${r.code ?? r.address}`, address: r.address, villageId: r.village_id }));
}

export interface ActivityWrite {
  id: string;
  org_unit_id: number;
  campaign_id: string | null;
  activity_on: string;
  channel: CommChannel;
  phase: CommPhase;
  topics: CommTopic[];
  ran_by: string;
  ran_by_member_id: string | null;
  measures: CommMeasures;
  notes: string | null;
}

/** false: an activity with this id exists already (a resend, or a concurrent one that committed first). */
export async function insertActivity(db: Kysely<DB>, row: ActivityWrite, by: { accountId: string; mutationId: string | null }): Promise<boolean> {
  const inserted = await db
    .insertInto('comm_activities')
    .values({ ...row, measures: JSON.stringify(row.measures), mutation_id: by.mutationId, recorded_by: by.accountId, updated_by: by.accountId })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(inserted);
}

export async function updateActivityIfCurrent(db: Kysely<DB>, row: ActivityWrite, version: number, accountId: string): Promise<boolean> {
  const { id, ...set } = row;
  const updated = await db
    .updateTable('comm_activities')
    .set({ ...set, measures: JSON.stringify(set.measures), version: sql`version + 1`, updated_by: accountId, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  return Boolean(updated);
}

/** The activity's villages and households become exactly these. */
export async function replaceLinks(db: Kysely<DB>, activityId: string, villageIds: number[], householdIds: string[]): Promise<void> {
  await db.deleteFrom('comm_activity_villages').where('activity_id', '=', activityId).execute();
  await db.deleteFrom('comm_activity_households').where('activity_id', '=', activityId).execute();
  if (villageIds.length) await db.insertInto('comm_activity_villages').values(villageIds.map((village_id) => ({ activity_id: activityId, village_id }))).execute();
  if (householdIds.length) await db.insertInto('comm_activity_households').values(householdIds.map((household_id) => ({ activity_id: activityId, household_id }))).execute();
}

export async function deleteActivityIfCurrent(db: Kysely<DB>, id: string, version: number): Promise<boolean> {
  const deleted = await db.deleteFrom('comm_activities').where('id', '=', id).where('version', '=', version).returning('id').executeTakeFirst();
  return Boolean(deleted);
}

/** Rebuilds the households' TT (informed_on) after their ticks changed; the indicators' trigger marks their villages. */
export async function refreshHouseholds(db: Kysely<DB>, householdIds: string[]): Promise<void> {
  if (!householdIds.length) return;
  await sql`SELECT refresh_household_status(${[...new Set(householdIds)].sort()}::uuid[])`.execute(db);
}
