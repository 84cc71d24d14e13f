// Recording support (one use case for the desk form and the phone's outbox), a household's
// history of support, and a person's digital status as of a date. Events are append-only:
// a correction is a new event naming the one it replaces; statuses are rebuilt by SQL
// (refresh_digital_status / refresh_household_status) in the same transaction.
import { type Kysely, sql } from 'kysely';
import { ROLE_UNIT_LEVEL, type Role } from '../../../shared/roles.ts';
import { ACTION_STATUS_ITEMS, STATUS_ITEMS, type NotDoneReason, type RecordableEvent, type StatusItem } from '../../../shared/support.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../http/app-error.ts';
import type { Scope } from '../../http/scope.ts';
import type { Actor } from '../../http/actor.ts';
import { type AuditEntry, writeAudit } from '../audit/audit.record.ts';
import type { SupportEventView } from '../../../shared/support.ts';
import {
  type StatusSource,
  correctedFacts,
  findEvents,
  householdFacts,
  householdsFacts,
  memberFacts,
  peopleFacts,
  statusOfPeople,
  statusSources,
  storedAsInput,
  emptyStatus,
} from './support.queries.ts';
import { checkEvent, eventFingerprint, normalizeEvent, refuse } from './support.validate.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

export interface RecordOptions {
  /** The phone's mutation id when the event came through sync (kept in the audit row). */
  mutationId?: string;
  /**
   * When the event was recorded, if not now: the demo seed writes its history as it would
   * have been recorded (a status is the latest event's by day, then time recorded).
   */
  recordedAt?: Date;
  /** false: do not read the stored event back (sync answers with a status only). */
  view?: boolean;
  /**
   * Collect whose status to rebuild instead of rebuilding now: a sync group rebuilds once for
   * all its events, before it commits (see refreshStatuses).
   */
  deferRefresh?: StatusRefresh;
}

/** People and households whose derived status must be rebuilt before the transaction ends. */
export interface StatusRefresh {
  people: Set<string>;
  households: Set<string>;
}

export async function refreshStatuses(db: Kysely<DB>, refresh: StatusRefresh): Promise<void> {
  if (!refresh.people.size && !refresh.households.size) return;
  await sql`SELECT refresh_digital_status(${[...refresh.people].sort()}::uuid[]), refresh_household_status(${[...refresh.households].sort()}::uuid[])`.execute(db);
}

export interface RecordResult {
  /** The stored event as the history shows it (undefined when `view: false`). */
  event?: SupportEventView;
  /** false: an event with this id and this content was already stored (a resend). */
  created: boolean;
}

/** Desk roles work above the village (commune offices, the service centre, admin). */
export const isDeskRole = (role: Role) => ROLE_UNIT_LEVEL[role] !== 'village';

const unique = <T>(items: T[]) => [...new Set(items)];

/**
 * Checks and stores one support event in the caller's transaction, then rebuilds the status
 * of everyone it (or the event it corrects) names. The same id with the same content is a
 * no-op returning the stored event; with other content it is refused (409).
 */
export async function recordSupportEvent(db: Kysely<DB>, actor: Actor, raw: RecordableEvent, options: RecordOptions = {}): Promise<RecordResult> {
  const input = normalizeEvent(raw);
  // A resend is answered before the rules: what was accepted once stays accepted.
  const seen = await db.selectFrom('support_events').select('id').where('id', '=', input.id).executeTakeFirst();
  if (seen) return { event: await storedEvent(db, actor, input), created: false };

  const household = await householdFacts(db, actor.scope, input.householdId);
  if (!household) throw refuse('householdId', 'Hộ gia đình không tồn tại hoặc ngoài phạm vi của bạn.', 404, 'not_found');
  const personIds = unique(input.actions.map((a) => a.personId));
  const [people, members, corrected] = await Promise.all([
    peopleFacts(db, personIds),
    memberFacts(db, input.helperMemberIds),
    input.correctsEventId ? correctedFacts(db, input.correctsEventId) : Promise.resolve(undefined),
  ]);
  checkEvent(input, { household, people, members, corrected, deskRole: isDeskRole(actor.role), today: todayInVietnam() });

  // ON CONFLICT: a concurrent send of the same id waits for the other to commit, then
  // finds its row and answers as for a resend.
  let inserted: { id: string } | undefined;
  try {
    inserted = await db
      .insertInto('support_events')
      .values(eventRow(input, household.villageId, actor, options.recordedAt))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'support_events_corrected_once') {
      throw refuse('correctsEventId', 'Lượt hỗ trợ này vừa được sửa bằng một lượt khác; hãy sửa lượt mới nhất.', 409, 'conflict');
    }
    throw error;
  }
  if (!inserted) return { event: await storedEvent(db, actor, input), created: false };

  if (input.actions.length) await db.insertInto('support_actions').values(actionRows(input)).execute();

  // A correction also changes the status of whoever the corrected event named.
  const correctedPeople = input.correctsEventId
    ? (await db.selectFrom('support_actions').select('person_id').where('event_id', '=', input.correctsEventId).execute()).map((r) => r.person_id)
    : [];
  const refresh = options.deferRefresh ?? { people: new Set<string>(), households: new Set<string>() };
  for (const id of [...personIds, ...correctedPeople]) refresh.people.add(id);
  refresh.households.add(household.id);
  if (!options.deferRefresh) await refreshStatuses(db, refresh);

  await writeAudit(db, actor, eventAudit(input, household.villageId, options.mutationId));

  if (options.view === false) return { created: true };
  const [event] = await findEvents(db, { ids: [input.id] });
  return { event, created: true };
}

const eventRow = (input: RecordableEvent, villageId: number, actor: Actor, recordedAt?: Date) => ({
  id: input.id,
  household_id: input.householdId,
  village_id: villageId,
  event_date: input.eventDate,
  channel: input.channel,
  helper_member_ids: input.helperMemberIds,
  informed: input.informed,
  corrects_event_id: input.correctsEventId ?? null,
  note: input.note ?? null,
  recorded_by: actor.accountId,
  ...(recordedAt ? { recorded_at: recordedAt } : {}),
});

const actionRows = (input: RecordableEvent) =>
  input.actions.map((a, i) => ({
    event_id: input.id,
    seq: i + 1,
    person_id: a.personId,
    action: a.action,
    outcome: a.outcome,
    reason: a.reason ?? null,
    procedure_name: a.procedureName ?? null,
    app_name: a.appName ?? null,
    checklist: a.checklist ?? null,
    note: a.note ?? null,
  }));

const eventAudit = (input: RecordableEvent, villageId: number, mutationId: string | undefined): AuditEntry => ({
  action: 'create',
  entity: 'support_event',
  entityId: input.id,
  orgUnitId: villageId,
  after: input,
  detail: { source: mutationId ? 'sync' : 'desk', mutationId: mutationId ?? null },
});

/**
 * A sync group's new events at once, when every one is plain: the same rules as
 * recordSupportEvent with the facts read once for the group and one INSERT per table.
 * Returns false, having written nothing, when the group needs the careful path (a resend, a
 * correction, an event the rules refuse): the caller then takes the events one by one, and
 * each gets its own answer there.
 */
export async function recordSupportEventsAtOnce(
  db: Kysely<DB>,
  actor: Actor,
  events: Array<{ input: RecordableEvent; mutationId?: string; recordedAt?: Date }>,
  refresh: StatusRefresh,
): Promise<boolean> {
  const inputs = events.map((e) => normalizeEvent(e.input));
  const ids = inputs.map((i) => i.id);
  if (inputs.some((i) => i.correctsEventId) || new Set(ids).size !== ids.length) return false;
  const householdIds = unique(inputs.map((i) => i.householdId));
  const [seen, households, people, members] = await Promise.all([
    db.selectFrom('support_events').select('id').where('id', 'in', ids).executeTakeFirst(),
    householdsFacts(db, actor.scope, householdIds),
    peopleFacts(db, unique(inputs.flatMap((i) => i.actions.map((a) => a.personId)))),
    memberFacts(db, unique(inputs.flatMap((i) => i.helperMemberIds))),
  ]);
  if (seen || households.size !== householdIds.length) return false;
  const today = todayInVietnam();
  try {
    for (const input of inputs) {
      checkEvent(input, { household: households.get(input.householdId)!, people, members, deskRole: isDeskRole(actor.role), today });
    }
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
  const villageOf = (input: RecordableEvent) => households.get(input.householdId)!.villageId;
  await db.insertInto('support_events').values(inputs.map((i, n) => eventRow(i, villageOf(i), actor, events[n].recordedAt))).execute();
  const actions = inputs.flatMap(actionRows);
  if (actions.length) await db.insertInto('support_actions').values(actions).execute();
  await writeAudit(db, actor, inputs.map((input, i) => eventAudit(input, villageOf(input), events[i].mutationId)));
  for (const input of inputs) {
    for (const a of input.actions) refresh.people.add(a.personId);
    refresh.households.add(input.householdId);
  }
  return true;
}

/** The stored event with this id, if any: the same content answers a resend, other content is refused. */
async function storedEvent(db: Kysely<DB>, actor: Actor, input: RecordableEvent): Promise<SupportEventView> {
  const [stored] = await findEvents(db, { ids: [input.id] });
  if (!stored) throw new AppError(409, 'retry', 'Có thao tác khác đang ghi cùng lượt hỗ trợ. Vui lòng thử lại.');
  const same = eventFingerprint(storedAsInput(stored)) === eventFingerprint(input);
  // Outside the caller's area the event is not shown, only refused like different content.
  const visible = same && (await householdFacts(db, actor.scope, stored.householdId)) !== undefined;
  if (!visible) throw refuse('id', 'Mã lượt hỗ trợ này đã được dùng cho một lượt có nội dung khác.', 409, 'conflict');
  return stored;
}

/** A household's support, newest first, with each event's actions, helpers and recorder. */
export async function householdSupportHistory(db: Kysely<DB>, scope: Scope, householdId: string) {
  const household = await householdFacts(db, scope, householdId);
  if (!household) throw new AppError(404, 'not_found', 'Không tìm thấy hộ gia đình hoặc bạn không có quyền xem.');
  const items = await findEvents(db, { householdId });
  return { household, items };
}

export interface DigitalStatusAsOf {
  personId: string;
  asOf: string;
  digital: Record<StatusItem, string | null>;
  /** Which event made each item true (who helped, where); null while the item is not true. */
  sources: Record<StatusItem, StatusSource | null>;
  lastVisitOn: string | null;
  lastReason: NotDoneReason | null;
}

/**
 * A person's status on a date, from person_digital_status (each item's first date). The
 * last visit as of that date is read from the effective events themselves.
 */
export async function digitalStatusAsOf(db: Kysely<DB>, personId: string, asOf: string): Promise<DigitalStatusAsOf> {
  const [statuses, sources, lastVisit] = await Promise.all([
    statusOfPeople(db, [personId], asOf),
    statusSources(db, personId),
    sql<{ event_date: string; reason: string | null }>`
      SELECT e.event_date, a.reason
      FROM support_actions a JOIN support_events e ON e.id = a.event_id
      WHERE a.person_id = ${personId} AND e.event_date <= ${asOf}
        AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      ORDER BY e.event_date DESC, e.recorded_at DESC, (a.outcome = 'not_done') DESC, a.seq DESC
      LIMIT 1`.execute(db),
  ]);
  const digital = statuses.get(personId)?.digital ?? emptyStatus();
  const bySource = Object.fromEntries(STATUS_ITEMS.map((item) => [item, null])) as Record<StatusItem, StatusSource | null>;
  for (const source of sources) {
    for (const item of ACTION_STATUS_ITEMS[source.action]) {
      if (!bySource[item] && digital[item] && source.eventDate <= asOf) bySource[item] = source;
    }
  }
  const last = lastVisit.rows[0];
  return { personId, asOf, digital, sources: bySource, lastVisitOn: last?.event_date ?? null, lastReason: (last?.reason ?? null) as NotDoneReason | null };
}
