// The field app's sync. Push: each mutation of a phone's outbox is applied exactly once,
// under its own savepoint (in transactions of a few mutations), and answered on its own (applied / duplicate / refused with the
// reason); one bad mutation never blocks the others. Pull: what changed in the member's
// village since the cursor, in one consistent snapshot.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { SupportEventInput } from '../../../shared/support.ts';
import { MUTATION_PAYLOAD_SCHEMAS, type MutationEnvelope, type MutationKind, type MutationResult, type PullResponse, type PullUnchanged } from '../../../shared/sync.ts';
import type { DB } from '../../db/schema.ts';
import { mapDatabaseError } from '../../db/pg-errors.ts';
import { AppError } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { memberOfAccount } from '../support/support.queries.ts';
import type { Actor } from '../../http/actor.ts';
import { type StatusRefresh, recordSupportEvent, recordSupportEventsAtOnce, refreshStatuses } from '../support/support.service.ts';
import { refuse, zodRefusal } from '../support/support.validate.ts';
import { activityRefusal, fieldCommunication, recordActivity } from '../communication/communication.service.ts';
import { mergeHouseholdContact, mergePersonContact } from '../people/contact-edits.ts';
import { type SinceSnapshot, activeTeam, unchangedSince, changedHouseholds, changedPeople, currentSnapshot, removedSince, villageFigures, villageOf } from './pull.queries.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { can } from '../../../shared/roles.ts';
import { recordAttendance, trainingsForPhone } from '../trainings/trainings.service.ts';
import { recordSession, sessionPlacesForPhone } from '../group-sessions/group-sessions.service.ts';

// ---- Push ----

/** The same content always hashes the same, whatever order the phone wrote the keys in. */
export function payloadHash(kind: string, payload: unknown): string {
  return createHash('sha256').update(stableJson({ kind, payload })).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

type Applied = 'applied' | 'duplicate';

/** Validates a mutation's payload by its kind and applies it; a refusal is thrown as an AppError. */
async function applyMutation(db: Kysely<DB>, actor: Actor, mutation: MutationEnvelope, refresh: StatusRefresh): Promise<Applied> {
  if (!Object.hasOwn(MUTATION_PAYLOAD_SCHEMAS, mutation.kind)) {
    throw refuse('kind', `Loại thao tác "${mutation.kind}" không được hỗ trợ; hãy cập nhật ứng dụng.`);
  }
  const kind = mutation.kind as MutationKind;
  switch (kind) {
    case 'support.record': {
      const parsed = MUTATION_PAYLOAD_SCHEMAS[kind].safeParse(mutation.payload);
      if (!parsed.success) throw zodRefusal(parsed.error);
      const { created } = await recordSupportEvent(db, actor, parsed.data, { mutationId: mutation.id, view: false, deferRefresh: refresh });
      return created ? 'applied' : 'duplicate';
    }
    case 'person.contact': {
      const parsed = MUTATION_PAYLOAD_SCHEMAS[kind].safeParse(mutation.payload);
      if (!parsed.success) throw zodRefusal(parsed.error);
      await mergePersonContact(db, actor, parsed.data, mutation.id);
      return 'applied';
    }
    case 'household.contact': {
      const parsed = MUTATION_PAYLOAD_SCHEMAS[kind].safeParse(mutation.payload);
      if (!parsed.success) throw zodRefusal(parsed.error);
      await mergeHouseholdContact(db, actor, parsed.data, mutation.id);
      return 'applied';
    }
    case 'training.attendance': {
      if (!can(actor.role, 'trainings.attendance')) throw refuse('kind', 'Chỉ tổ trưởng Tổ CNSCĐ được điểm danh lớp tập huấn trên điện thoại.');
      const parsed = MUTATION_PAYLOAD_SCHEMAS[kind].safeParse(mutation.payload);
      if (!parsed.success) throw zodRefusal(parsed.error);
      await recordAttendance(db, actor, parsed.data, { mutationId: mutation.id });
      return 'applied';
    }
    case 'communication.activity': {
      const parsed = MUTATION_PAYLOAD_SCHEMAS[kind].safeParse(mutation.payload);
      if (!parsed.success) throw activityRefusal(parsed.error);
      const { created } = await recordActivity(db, actor, parsed.data, { mutationId: mutation.id });
      return created ? 'applied' : 'duplicate';
    }
    case 'group_session.record': {
      if (!can(actor.role, 'sessions.record')) throw refuse('kind', 'Chỉ tổ trưởng Tổ CNSCĐ được ghi buổi hướng dẫn tập trung trên điện thoại.');
      const parsed = MUTATION_PAYLOAD_SCHEMAS[kind].safeParse(mutation.payload);
      if (!parsed.success) throw zodRefusal(parsed.error);
      const { created } = await recordSession(db, actor, parsed.data, { mutationId: mutation.id, refresh });
      return created ? 'applied' : 'duplicate';
    }
  }
}

interface StoredResult {
  status: 'applied' | 'refused';
  error?: MutationResult['error'];
}

const REUSED_ID: NonNullable<MutationResult['error']> = {
  code: 'conflict', message: 'Mã thao tác đã dùng cho nội dung khác.', field: 'id',
};

/** The answer for an id seen before: the same answer as then, or a refusal when the content differs. */
async function answerSeen(db: Kysely<DB>, mutation: MutationEnvelope, hash: string): Promise<MutationResult> {
  const row = await db.selectFrom('sync_mutations').select(['payload_hash', 'status', 'result']).where('id', '=', mutation.id).executeTakeFirst();
  if (!row || row.payload_hash !== hash) return { id: mutation.id, status: 'refused', error: REUSED_ID };
  if (row.status === 'refused') return { id: mutation.id, status: 'refused', error: (row.result as StoredResult).error };
  return { id: mutation.id, status: 'duplicate' };
}

/** A refusal the phone shows: user errors (AppError under 500, constraint errors); anything else is not. */
function asRefusal(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error.status < 500 ? error : undefined;
  const mapped = mapDatabaseError(error);
  return mapped && mapped.status < 500 && mapped.code !== 'retry' ? mapped : undefined;
}

const isRetryable = (error: unknown) => ['40001', '40P01'].includes((error as { code?: string })?.code ?? '');

export const refusalOf = (error: AppError): NonNullable<MutationResult['error']> => ({
  code: error.code, message: error.message, ...(error.fields?.[0]?.path ? { field: error.fields[0].path } : {}),
});

/** Claims a mutation id; false when it was claimed before (a resend, or a concurrent send that has committed). */
async function claim(db: Kysely<DB>, actor: Actor, mutation: MutationEnvelope, hash: string, stored: StoredResult): Promise<boolean> {
  const row = await db
    .insertInto('sync_mutations')
    .values({ id: mutation.id, account_id: actor.accountId, kind: mutation.kind.slice(0, 50), payload_hash: hash, status: stored.status, result: JSON.stringify(stored) })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * One mutation inside its group's transaction, under a savepoint of its own: its id is
 * claimed first (a concurrent send of the same id waits on the key until the other
 * transaction ends, then answers as for a resend); a refusal rolls back to the savepoint,
 * so only this mutation's changes go, and is stored so a resend gets the same answer.
 */
async function pushOne(trx: Kysely<DB>, actor: Actor, mutation: MutationEnvelope, refresh: StatusRefresh): Promise<MutationResult> {
  const hash = payloadHash(mutation.kind, mutation.payload);
  await sql`SAVEPOINT mutation`.execute(trx);
  // Status rebuilds are collected per mutation and kept only if the mutation is.
  const mine: StatusRefresh = { people: new Set(), households: new Set() };
  try {
    if (!(await claim(trx, actor, mutation, hash, { status: 'applied' }))) {
      await sql`RELEASE SAVEPOINT mutation`.execute(trx);
      return answerSeen(trx, mutation, hash);
    }
    const status = await applyMutation(trx, actor, mutation, mine);
    await sql`RELEASE SAVEPOINT mutation`.execute(trx);
    for (const id of mine.people) refresh.people.add(id);
    for (const id of mine.households) refresh.households.add(id);
    return { id: mutation.id, status };
  } catch (error) {
    const refusal = isRetryable(error) ? undefined : asRefusal(error);
    if (!refusal) throw error; // the group's transaction ends; retried or reported by the caller
    await sql`ROLLBACK TO SAVEPOINT mutation`.execute(trx);
    await sql`RELEASE SAVEPOINT mutation`.execute(trx);
    const stored: StoredResult = { status: 'refused', error: refusalOf(refusal) };
    if (!(await claim(trx, actor, mutation, hash, stored))) return answerSeen(trx, mutation, hash);
    return { id: mutation.id, status: 'refused', error: stored.error };
  }
}

class TakeOneByOne extends Error {}

/**
 * The common case at once: a group of new, valid visits. Claims every id in one INSERT (in id
 * order, so two phones' groups lock in the same order) and stores the events with one INSERT
 * per table. Anything else — a resend, a concurrent send, a contact edit, a correction, an
 * event the rules refuse — rolls this back to its savepoint and returns undefined: the group
 * is then taken one mutation at a time, where each gets its own answer.
 */
async function pushGroupAtOnce(trx: Kysely<DB>, actor: Actor, group: MutationEnvelope[], refresh: StatusRefresh): Promise<MutationResult[] | undefined> {
  if (group.length < 2 || new Set(group.map((m) => m.id.toLowerCase())).size !== group.length) return undefined;
  const events: Array<{ input: SupportEventInput; mutationId: string; hash: string }> = [];
  for (const mutation of group) {
    if (mutation.kind !== 'support.record') return undefined;
    const parsed = MUTATION_PAYLOAD_SCHEMAS['support.record'].safeParse(mutation.payload);
    if (!parsed.success) return undefined;
    events.push({ input: parsed.data, mutationId: mutation.id, hash: payloadHash(mutation.kind, mutation.payload) });
  }
  await sql`SAVEPOINT group_at_once`.execute(trx);
  try {
    const claims = [...events].sort((a, b) => (a.mutationId.toLowerCase() < b.mutationId.toLowerCase() ? -1 : 1));
    const claimed = await trx
      .insertInto('sync_mutations')
      .values(claims.map((e) => ({
        id: e.mutationId, account_id: actor.accountId, kind: 'support.record', payload_hash: e.hash, status: 'applied' as const,
        result: JSON.stringify({ status: 'applied' }),
      })))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    if (claimed.length !== group.length) throw new TakeOneByOne();
    const mine: StatusRefresh = { people: new Set(), households: new Set() };
    if (!(await recordSupportEventsAtOnce(trx, actor, events, mine))) throw new TakeOneByOne();
    await sql`RELEASE SAVEPOINT group_at_once`.execute(trx);
    for (const id of mine.people) refresh.people.add(id);
    for (const id of mine.households) refresh.households.add(id);
    return group.map((m) => ({ id: m.id, status: 'applied' as const }));
  } catch (error) {
    // A deadlock or a lost connection ends the group's transaction; a refusal-like database
    // error (say, an event id sent twice at once) only means: one by one.
    if (!(error instanceof TakeOneByOne) && (isRetryable(error) || !asRefusal(error))) throw error;
    await sql`ROLLBACK TO SAVEPOINT group_at_once`.execute(trx);
    await sql`RELEASE SAVEPOINT group_at_once`.execute(trx);
    return undefined;
  }
}

export class PushInterrupted extends Error {
  constructor(readonly results: MutationResult[], readonly cause: unknown) {
    super('push interrupted');
  }
}

/**
 * Mutations per transaction. One commit per visit cost more than the visit itself (a disk
 * flush each); a group shares one commit and one status rebuild while each mutation keeps
 * its own savepoint. Small enough that PGlite's single connection is never held for long.
 */
export const PUSH_GROUP_SIZE = 25;

/**
 * The batch in order, in groups of up to PUSH_GROUP_SIZE mutations, each group one
 * transaction answered only after it commits. An unexpected error (database unreachable)
 * stops the batch: the groups before are committed and will be answered "duplicate" on the
 * resend, the failed group left nothing behind.
 */
export async function pushMutations(db: Kysely<DB>, actor: Actor, mutations: MutationEnvelope[], { groupSize = PUSH_GROUP_SIZE } = {}): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (let start = 0; start < mutations.length; start += groupSize) {
    const group = mutations.slice(start, start + groupSize);
    for (let attempt = 1; ; attempt += 1) {
      try {
        results.push(...(await db.transaction().execute(async (trx) => {
          const refresh: StatusRefresh = { people: new Set(), households: new Set() };
          let answers = await pushGroupAtOnce(trx, actor, group, refresh);
          if (!answers) {
            answers = [];
            for (const mutation of group) answers.push(await pushOne(trx, actor, mutation, refresh));
          }
          await refreshStatuses(trx, refresh);
          return answers;
        })));
        break;
      } catch (error) {
        // Deadlock or serialization failure between two phones' groups: the group again.
        if (isRetryable(error) && attempt < 5) continue;
        throw new PushInterrupted(results, error);
      }
    }
    // PGlite answers in microtasks: without a turn of the event loop between groups, a
    // 200-mutation batch would hold every other request of the server for its whole length.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return results;
}

// ---- Pull ----

/** More transactions running than this at pull time: the cursor keeps only xmin (a few rows may come twice). */
const MAX_CURSOR_XIP = 64;

/**
 * The village and the snapshot the pull read in, as an opaque string for the phone; with the
 * digest of the reference lists (trainings, channels, campaigns) the phone then holds, so a
 * pull that changes none of them does not send them again over a weak link.
 */
export function encodeCursor(
  villageId: number, snapshot: string, referenceDigest?: string, memberId: string | null = null, asOf?: { day: string; accountId: string },
): string {
  const kept = keptSnapshot(snapshot);
  // The day the pull was read on (Vietnam) and for which account: the figures (ages, this
  // month's visits) and the lists of trainings and campaigns move with the day, so "nothing
  // new" (pullUnchanged) holds within the day, for the phone's own account only.
  const asOfPart = referenceDigest && asOf ? `.${asOf.day.replaceAll('-', '')}${accountTag(asOf.accountId)}` : '';
  return Buffer.from(`c3.${villageId}.${memberTag(memberId)}.${kept}${referenceDigest ? `.${referenceDigest}` : ''}${asOfPart}`).toString('base64url');
}

/** The snapshot as a cursor keeps it: only xmin when too many transactions were running. */
function keptSnapshot(snapshot: string): string {
  const [xmin, , xip] = snapshot.split(':');
  return xip && xip.split(',').length > MAX_CURSOR_XIP ? `${xmin}:${xmin}:` : snapshot;
}

const accountTag = (accountId: string) => createHash('sha256').update(accountId).digest('hex').slice(0, 8);

/**
 * Which member the phone's copy was cut for: what comes in full depends on it (their assigned
 * households), so a cursor made for another member (or none) gives a full snapshot again.
 */
function memberTag(memberId: string | null): string {
  return createHash('sha256').update(memberId ?? '-').digest('hex').slice(0, 8);
}

export const CURSOR_MAX_LENGTH = 2000;

export function decodeCursor(cursor: string | undefined): {
  villageId: number; memberTag: string; since: SinceSnapshot; referenceDigest?: string; day?: string; accountTag?: string;
} | undefined {
  if (!cursor || cursor.length > CURSOR_MAX_LENGTH) return undefined;
  const match = /^c3\.(\d{1,10})\.([0-9a-f]{8})\.((\d{1,20}):(\d{1,20}):((?:\d{1,20})(?:,\d{1,20})*)?)(?:\.([0-9a-f]{16})(?:\.(\d{4})(\d{2})(\d{2})([0-9a-f]{8}))?)?$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match || BigInt(match[4]) > BigInt(match[5])) return undefined;
  return {
    villageId: Number(match[1]), memberTag: match[2], since: { xmin: BigInt(match[4]), snapshot: match[3] }, referenceDigest: match[7],
    ...(match[8] ? { day: `${match[8]}-${match[9]}-${match[10]}`, accountTag: match[11] } : {}),
  };
}

/** A short digest of the reference lists, to tell whether the phone already holds them. */
function digestOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/**
 * "Anything new since this cursor?" in one indexed lookup, before any other query: the
 * cursor's village and every unit above it in sync_unit_marks and sync_unit_versions
 * (migration 0015), where writes to what a pull sends leave their transaction id. When none
 * was written by a transaction the cursor's snapshot did not see, on the same day, the
 * answer is { unchanged: true } with a cursor for the lookup's own snapshot (one statement:
 * one snapshot, so a write it did not see is in the next pull). Undefined: a full pull is
 * needed (a change, another day, a cursor without digest or day, another account, village
 * or database). Nothing personal is read, so nothing is audited.
 */
export async function pullUnchanged(db: Kysely<DB>, actor: Actor, cursor: string | undefined): Promise<PullUnchanged | undefined> {
  const previous = decodeCursor(cursor);
  const today = todayInVietnam();
  if (!previous?.referenceDigest || previous.villageId !== actor.orgUnitId || previous.day !== today || previous.accountTag !== accountTag(actor.accountId)) return undefined;
  const row = await unchangedSince(db, previous.villageId, previous.since);
  if (!row) return undefined;
  // The same member as the cursor's: a change of who the account is in the team is a write in the village.
  const cursorOut = Buffer.from(Buffer.from(cursor!, 'base64url').toString('utf8').replace(/^(c3\.\d+\.[0-9a-f]{8}\.)[^.]+/, `$1${keptSnapshot(row.snapshot)}`)).toString('base64url');
  return { cursor: cursorOut, unchanged: true, serverTime: new Date().toISOString() };
}

/**
 * The member's village since the cursor, read in one REPEATABLE READ snapshot whose first
 * statement fixes the next cursor. A cursor of another village, another database or no
 * cursor at all gives a full snapshot (reset).
 */
export async function pull(db: Kysely<DB>, actor: Actor, cursor: string | undefined): Promise<PullResponse> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const { snapshot, xmax } = await currentSnapshot(trx);
    const village = await villageOf(trx, actor.orgUnitId);
    if (!village || village.level !== 'village') {
      throw new AppError(403, 'forbidden', 'Ứng dụng hiện trường dành cho tài khoản cấp thôn (trưởng thôn, thành viên Tổ CNSCĐ).');
    }
    const member = await memberOfAccount(trx, actor.accountId);
    const memberId = member && member.villageId === village.id ? member.id : null;
    const previous = decodeCursor(cursor);
    const since = previous && previous.villageId === village.id && previous.memberTag === memberTag(memberId) && previous.since.xmin <= xmax ? previous.since : null;
    const today = todayInVietnam();
    const [households, people, removed, team, figures, trainings] = await Promise.all([
      changedHouseholds(trx, village.id, memberId, since),
      changedPeople(trx, village.id, memberId, since),
      since === null ? Promise.resolve({ households: [], people: [] }) : removedSince(trx, village.id, since),
      activeTeam(trx, village.id),
      villageFigures(trx, village.id, today),
      trainingsForPhone(trx, actor, village.id, today),
    ]);
    const communication = await fieldCommunication(trx, actor, { id: village.id, name: village.name, parentId: village.parent_id });
    const groupSessions = await sessionPlacesForPhone(trx, actor, { id: village.id, parentId: village.parent_id! });
    const referenceDigest = digestOf({ trainings, communication, groupSessions });
    const phoneHoldsReference = since !== null && previous?.referenceDigest === referenceDigest;
    const response: PullResponse = {
      cursor: encodeCursor(village.id, snapshot, referenceDigest, memberId, { day: today, accountId: actor.accountId }),
      reset: since === null,
      village: { id: village.id, name: village.name, communeName: village.commune_name ?? '' },
      me: { memberId },
      team,
      households: households.live,
      people,
      removed: { households: [...new Set([...removed.households, ...households.dissolved])], people: removed.people },
      figures,
      ...(phoneHoldsReference ? {} : { trainings, communication, groupSessions }),
      serverTime: new Date().toISOString(),
    };
    await writeAudit(trx, actor, {
      action: 'sync_pull', entity: 'sync', orgUnitId: village.id,
      detail: { reset: response.reset, households: response.households.length, people: response.people.length, removed: response.removed.households.length + response.removed.people.length },
    });
    return response;
  });
}

/** What a response weighs on the wire once gzipped (the goal: a village's first pull < 200 KB). */
export function gzipBytes(body: unknown): { json: number; gzip: number } {
  const json = Buffer.from(JSON.stringify(body));
  return { json: json.length, gzip: gzipSync(json).length };
}
