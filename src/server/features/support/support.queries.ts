// SQL of the support feature: the facts an event is checked against, events with their
// actions as the history shows them, and the derived digital status of people.
import { type Kysely, sql } from 'kysely';
import {
  STATUS_ITEMS,
  type DigitalStatus,
  type NotDoneReason,
  type StatusItem,
  type SupportAction,
  type SupportChannel,
  type SupportActionView,
  type RecordableEvent,
  type EventChannel,
  type SupportEventView,
  type SupportOutcome,
  type BasicSkill,
} from '../../../shared/support.ts';
import type { DB } from '../../db/schema.ts';
import { type Scope, inScope } from '../../http/scope.ts';
import type { CorrectedFacts, HouseholdFacts, MemberFacts, PersonFacts } from './support.validate.ts';

export async function householdFacts(db: Kysely<DB>, scope: Scope, householdId: string): Promise<HouseholdFacts | undefined> {
  return (await householdsFacts(db, scope, [householdId])).get(householdId.toLowerCase());
}

/** The households of the scope among these ids (one missing: not there, or out of area). */
export async function householdsFacts(db: Kysely<DB>, scope: Scope, ids: string[]): Promise<Map<string, HouseholdFacts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('households as h')
    .select(['h.id', 'h.village_id', 'h.dissolved_at'])
    .where('h.id', 'in', ids)
    .where(inScope(scope, 'h.village_id'))
    .execute();
  return new Map(rows.map((row) => [row.id, { id: row.id, villageId: row.village_id, dissolvedAt: row.dissolved_at }]));
}

/** The people an event names, wherever they live now (the rules say why one does not fit). */
export async function peopleFacts(db: Kysely<DB>, ids: string[]): Promise<Map<string, PersonFacts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('people')
    .select(['id', 'full_name', 'household_id', 'status', 'birth_date', 'birth_year', 'is_student'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, {
    id: r.id, fullName: r.full_name, householdId: r.household_id, status: r.status, birthDate: r.birth_date, birthYear: r.birth_year, isStudent: r.is_student,
  }]));
}

export async function memberFacts(db: Kysely<DB>, ids: string[]): Promise<Map<string, MemberFacts>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.id', 't.village_id', 'm.joined_on', 'm.left_on', 't.ended_on'])
    .where('m.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, villageId: r.village_id, joinedOn: r.joined_on, leftOn: r.left_on, teamEndedOn: r.ended_on }]));
}

export async function correctedFacts(db: Kysely<DB>, eventId: string): Promise<CorrectedFacts | undefined> {
  const row = await db
    .selectFrom('support_events as e')
    .select(['e.household_id', (eb) => eb.selectFrom('support_events as c').select('c.id').whereRef('c.corrects_event_id', '=', 'e.id').as('corrected_by')])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
  return row && { householdId: row.household_id, correctedBy: row.corrected_by };
}

/** The active member record of an account (its place in a village team), if any. */
export async function memberOfAccount(db: Kysely<DB>, accountId: string): Promise<{ id: string; teamId: string; villageId: number } | undefined> {
  return db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.id', 'm.team_id as teamId', 't.village_id as villageId'])
    .where('m.account_id', '=', accountId)
    .where('m.left_on', 'is', null)
    .where('t.ended_on', 'is', null)
    .executeTakeFirst();
}

// ---- Events as shown ----

// The view types are shared with the web app (src/shared/support.ts).

type EventFilter = { ids: string[] } | { householdId: string };

export async function findEvents(db: Kysely<DB>, filter: EventFilter): Promise<SupportEventView[]> {
  let query = db
    .selectFrom('support_events as e')
    .innerJoin('accounts as a', 'a.id', 'e.recorded_by')
    .select([
      'e.id', 'e.household_id', 'e.village_id', 'e.event_date', 'e.channel', 'e.helper_member_ids', 'e.informed',
      'e.corrects_event_id', 'e.note', 'e.recorded_by', 'e.recorded_at', 'a.full_name as recorded_by_name',
      (eb) => eb.selectFrom('support_events as c').select('c.id').whereRef('c.corrects_event_id', '=', 'e.id').as('corrected_by'),
    ]);
  if ('ids' in filter) {
    if (!filter.ids.length) return [];
    query = query.where('e.id', 'in', filter.ids);
  } else {
    query = query.where('e.household_id', '=', filter.householdId);
  }
  const events = await query.orderBy('e.event_date', 'desc').orderBy('e.recorded_at', 'desc').limit(1000).execute();
  if (!events.length) return [];
  const eventIds = events.map((e) => e.id);
  const helperIds = [...new Set(events.flatMap((e) => e.helper_member_ids))];
  const [actions, helpers] = await Promise.all([
    db.selectFrom('support_actions as sa')
      .innerJoin('people as p', 'p.id', 'sa.person_id')
      .select(['sa.event_id', 'sa.seq', 'sa.person_id', 'p.full_name', 'sa.action', 'sa.outcome', 'sa.reason', 'sa.procedure_name', 'sa.app_name', 'sa.checklist', 'sa.note'])
      .where('sa.event_id', 'in', eventIds)
      .orderBy('sa.event_id').orderBy('sa.seq')
      .execute(),
    helperIds.length ? db.selectFrom('team_members').select(['id', 'full_name']).where('id', 'in', helperIds).execute() : Promise.resolve([]),
  ]);
  const helperName = new Map(helpers.map((h) => [h.id, h.full_name]));
  const byEvent = new Map<string, SupportActionView[]>();
  for (const a of actions) {
    const list = byEvent.get(a.event_id) ?? [];
    list.push({
      seq: a.seq, personId: a.person_id, personName: a.full_name, action: a.action as SupportAction, outcome: a.outcome,
      reason: a.reason as NotDoneReason | null, procedureName: a.procedure_name, appName: a.app_name,
      checklist: a.checklist as BasicSkill[] | null, note: a.note,
    });
    byEvent.set(a.event_id, list);
  }
  return events.map((e) => ({
    id: e.id,
    householdId: e.household_id,
    villageId: e.village_id,
    eventDate: e.event_date,
    channel: e.channel,
    helperMemberIds: e.helper_member_ids,
    helpers: e.helper_member_ids.map((id) => ({ id, fullName: helperName.get(id) ?? '' })),
    informed: e.informed,
    correctsEventId: e.corrects_event_id,
    correctedByEventId: e.corrected_by,
    effective: e.corrected_by === null,
    note: e.note,
    recordedBy: { id: e.recorded_by, fullName: e.recorded_by_name },
    recordedAt: new Date(e.recorded_at).toISOString(),
    actions: byEvent.get(e.id) ?? [],
  }));
}

/** A stored event as the input that would create it: resends are compared on this. */
export function storedAsInput(view: SupportEventView): RecordableEvent {
  return {
    id: view.id,
    householdId: view.householdId,
    eventDate: view.eventDate,
    channel: view.channel,
    helperMemberIds: view.helperMemberIds,
    informed: view.informed,
    correctsEventId: view.correctsEventId,
    note: view.note,
    actions: view.actions.map((a) => ({
      personId: a.personId, action: a.action, outcome: a.outcome, reason: a.reason, procedureName: a.procedureName,
      appName: a.appName, checklist: a.checklist, note: a.note,
    })),
  };
}

// ---- Digital status ----

export interface PersonStatusView {
  digital: DigitalStatus;
  lastVisitOn: string | null;
  lastReason: NotDoneReason | null;
}

type StatusRow = Record<`${StatusItem}_on`, string | null> & { last_visit_on: string | null; last_reason: string | null };

export const STATUS_COLUMNS = STATUS_ITEMS.map((item) => `${item}_on` as const);

export const emptyStatus = (): DigitalStatus => Object.fromEntries(STATUS_ITEMS.map((item) => [item, null])) as DigitalStatus;

/** Status items as of a date: an item counts when it became true on or before it. */
export function presentStatus(row: Partial<StatusRow> | undefined, asOf?: string): DigitalStatus {
  const status = emptyStatus();
  if (!row) return status;
  for (const item of STATUS_ITEMS) {
    const on = row[`${item}_on`] ?? null;
    status[item] = on && (!asOf || on <= asOf) ? on : null;
  }
  return status;
}

export async function statusOfPeople(db: Kysely<DB>, personIds: string[], asOf?: string): Promise<Map<string, PersonStatusView>> {
  if (!personIds.length) return new Map();
  const rows = await db.selectFrom('person_digital_status').selectAll().where('person_id', 'in', personIds).execute();
  return new Map(rows.map((r) => [r.person_id, {
    digital: presentStatus(r, asOf),
    lastVisitOn: r.last_visit_on,
    lastReason: r.last_reason as NotDoneReason | null,
  }]));
}

export interface StatusSource {
  eventId: string;
  eventDate: string;
  channel: EventChannel;
  action: SupportAction;
  outcome: SupportOutcome;
  helperNames: string[];
  recordedByName: string;
}

/**
 * For each item a person has, the event that made it true (the earliest effective one, as
 * refresh_digital_status() picks it): "who helped" beside the date.
 */
export async function statusSources(db: Kysely<DB>, personId: string): Promise<StatusSource[]> {
  const rows = await sql<{
    event_id: string; event_date: string; channel: EventChannel; action: SupportAction; outcome: SupportOutcome;
    helper_names: string[] | null; recorded_by_name: string;
  }>`
    SELECT e.id AS event_id, e.event_date, e.channel, a.action, a.outcome, a2.full_name AS recorded_by_name,
      (SELECT array_agg(m.full_name ORDER BY m.full_name) FROM team_members m WHERE m.id = ANY(e.helper_member_ids)) AS helper_names
    FROM support_actions a
    JOIN support_events e ON e.id = a.event_id
    JOIN accounts a2 ON a2.id = e.recorded_by
    WHERE a.person_id = ${personId} AND a.outcome IN ('done', 'already_had')
      AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
    ORDER BY e.event_date, e.recorded_at, a.seq`.execute(db);
  return rows.rows.map((r) => ({
    eventId: r.event_id, eventDate: r.event_date, channel: r.channel, action: r.action, outcome: r.outcome,
    helperNames: r.helper_names ?? [], recordedByName: r.recorded_by_name,
  }));
}
