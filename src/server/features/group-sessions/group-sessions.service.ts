// Group sessions for residents (issue 22): one class, many attendees, each attendee's outcome
// written as one support event through the support service (recordSupportEventsAtOnce /
// recordSupportEvent, the functions visits and the phone's sync use), so statuses,
// indicators, reports and the audit move exactly as for visits. A row that breaks a rule
// (under age for VNeID, not a student, outside the area) is refused with its reason while
// the others are saved, in the caller's one transaction. A correction corrects each
// attendee's event (a new event naming the old one; a removed attendee's is retracted).
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';
import { can } from '../../../shared/roles.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import { BASIC_SKILLS_CHECKLIST, NOT_DONE_REASON_LABELS, type NotDoneReason, type RecordableEvent, type SupportOutcome } from '../../../shared/support.ts';
import {
  PLACE_KIND_LABELS,
  SESSION_CONTENT_ACTION,
  type CandidateList,
  type CandidateQuery,
  type SessionCorrection,
  type SessionInput,
  type SessionList,
  type SessionListQuery,
  type SessionRefusal,
  type SessionRetract,
  type SessionSummary,
  type SessionView,
  type SessionVisitor,
  type FieldSessionPlaces,
  type TeacherList,
  type TeacherQuery,
} from '../../../shared/group-sessions.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { correctedFacts, householdsFacts, memberFacts, peopleFacts } from '../support/support.queries.ts';
import { type StatusRefresh, isDeskRole, recordSupportEvent, recordSupportEventsAtOnce, refreshStatuses } from '../support/support.service.ts';
import { FIRST_EVENT_DATE, checkEvent, isRealDate } from '../support/support.validate.ts';
import {
  type SessionRow,
  activeTeamMembers,
  attendeeRows,
  candidates,
  communeFor,
  communeVillages,
  countSessions,
  deleteAttendees,
  findSessions,
  insertAttendees,
  insertSession,
  markRetracted,
  organizationFacts,
  organizationsForVillage,
  sessionAttendees,
  teacherNames,
} from './group-sessions.queries.ts';

export const SESSION_ENTITY = 'group_session';
const NOT_FOUND = 'Không tìm thấy buổi hướng dẫn hoặc buổi hướng dẫn ngoài phạm vi của bạn.';

export interface SessionOptions {
  /** The phone's mutation id (sync push). */
  mutationId?: string;
  /** A sync group rebuilds statuses once before it commits; else they are rebuilt here. */
  refresh?: StatusRefresh;
  /** When the session was recorded, if not now (the demo seed's history). */
  recordedAt?: Date;
}

type SessionFields = Omit<SessionInput, 'id' | 'communeId'>;

interface Context {
  commune: { id: number; name: string; path: string };
  villages: Map<number, string>;
  placeLabel: string;
  organizationId: string | null;
  villageId: number | null;
}

/** The same content always hashes the same (the attendees in any order). */
function inputHash(input: SessionInput): string {
  const attendees = [...input.attendees].map((a) => [a.personId.toLowerCase(), a.outcome, a.reason]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return createHash('sha256').update(JSON.stringify([
    input.communeId, input.sessionDate, input.placeKind, input.organizationId?.toLowerCase() ?? null, input.villageId, input.placeNote,
    [...input.contents].sort(), [...input.checklist].sort(), input.outcome, input.reason, input.teacherMemberIds.map((id) => id.toLowerCase()).sort(),
    attendees, input.visitors, input.note,
  ])).digest('hex');
}

/** Checks of the session as a whole: any of these refuses it all (nothing is written). */
async function checkSession(db: Kysely<DB>, actor: Actor, communeId: number, input: SessionFields): Promise<Context> {
  if (!can(actor.role, 'sessions.record')) throw forbidden('Bạn không có quyền ghi buổi hướng dẫn tập trung.');
  const commune = await communeFor(db, actor.scope, communeId);
  if (!commune) throw invalid('communeId', 'Xã: không tồn tại hoặc ngoài phạm vi của bạn.');
  const today = todayInVietnam();
  if (!isRealDate(input.sessionDate)) throw invalid('sessionDate', 'Ngày tổ chức: ngày không tồn tại.');
  if (input.sessionDate > today) throw invalid('sessionDate', `Ngày tổ chức: không được sau hôm nay (${viDate(today)}); buổi chưa diễn ra thì chưa ghi kết quả.`);
  if (input.sessionDate < FIRST_EVENT_DATE) throw invalid('sessionDate', `Ngày tổ chức: không được trước ngày ${viDate(FIRST_EVENT_DATE)}, khi chương trình bắt đầu.`);

  const villages = await communeVillages(db, commune.id);
  let placeLabel = PLACE_KIND_LABELS[input.placeKind];
  let organizationId: string | null = null;
  let villageId: number | null = null;
  if (input.placeKind === 'school' || input.placeKind === 'organization') {
    const org = input.organizationId ? await organizationFacts(db, input.organizationId) : undefined;
    const wanted = input.placeKind === 'school' ? 'trường học' : 'doanh nghiệp, hợp tác xã';
    if (!input.organizationId) throw invalid('organizationId', `Nơi tổ chức: chọn ${wanted}.`);
    if (!org || org.commune_id !== commune.id) throw invalid('organizationId', `Nơi tổ chức: ${wanted} không thuộc xã ${commune.name} (ngoài địa bàn).`);
    if ((org.kind === 'school') !== (input.placeKind === 'school')) throw invalid('organizationId', `Nơi tổ chức: "${org.name}" không phải ${wanted}.`);
    organizationId = org.id;
    villageId = org.village_id;
    placeLabel = `Tại ${org.name}`;
  } else if (input.placeKind === 'cultural_house') {
    if (!input.villageId || !villages.has(input.villageId)) throw invalid('villageId', `Thôn: chọn một thôn của xã ${commune.name}.`);
    villageId = input.villageId;
    placeLabel = `Tại nhà văn hóa ${villages.get(villageId)}`;
  } else if (input.organizationId || input.villageId) {
    throw invalid('placeKind', 'Nơi tổ chức: hội trường UBND xã không kèm trường, đơn vị hay thôn.');
  }

  if (input.outcome === 'not_done' && !input.reason) throw invalid('reason', 'Lý do: chọn lý do khi chưa làm được.');
  if (input.outcome !== 'not_done' && input.reason) throw invalid('reason', 'Lý do: chỉ ghi khi chưa làm được.');
  const basic = input.contents.includes('basic_skills');
  if (!basic && input.checklist.length) throw invalid('checklist', 'Danh mục kỹ năng: chỉ đánh dấu khi nội dung có kỹ năng số cơ bản.');
  if (basic && input.outcome === 'done' && input.checklist.length !== BASIC_SKILLS_CHECKLIST.length) {
    throw invalid('checklist', `Danh mục kỹ năng: "Đã làm xong" kỹ năng số cơ bản cần đủ ${BASIC_SKILLS_CHECKLIST.length} mục; buổi mới dạy một phần thì ghi "Chưa làm được" với lý do "${NOT_DONE_REASON_LABELS.need_revisit}".`);
  }

  const members = await memberFacts(db, input.teacherMemberIds);
  input.teacherMemberIds.forEach((id, i) => {
    const m = members.get(id.toLowerCase());
    if (!m || !villages.has(m.villageId)) throw invalid(`teacherMemberIds[${i}]`, `Người hướng dẫn thứ ${i + 1}: không phải thành viên Tổ CNSCĐ của xã ${commune.name}.`);
    const active = m.joinedOn <= input.sessionDate && (m.leftOn === null || m.leftOn >= input.sessionDate) && (m.teamEndedOn === null || m.teamEndedOn >= input.sessionDate);
    if (!active) throw invalid(`teacherMemberIds[${i}]`, `Người hướng dẫn thứ ${i + 1}: không còn (hoặc chưa) là thành viên Tổ vào ngày ${viDate(input.sessionDate)}.`);
  });
  if (!input.attendees.length && !input.visitors.length) throw invalid('attendees', 'Người tham dự: chọn ít nhất một người.');
  return { commune, villages, placeLabel, organizationId, villageId };
}

/** The support event of one attendee: one action per content, the attendee's outcome or the session's. */
function attendeeEvent(input: SessionFields, ctx: Context, person: { householdId: string }, outcome: SupportOutcome, reason: NotDoneReason | null, correctsEventId: string | null): RecordableEvent {
  return {
    id: uuidv7(),
    householdId: person.householdId,
    eventDate: input.sessionDate,
    channel: 'group_session',
    helperMemberIds: input.teacherMemberIds.map((id) => id.toLowerCase()).sort(),
    informed: false,
    correctsEventId,
    note: `Buổi hướng dẫn tập trung ${ctx.placeLabel.charAt(0).toLowerCase()}${ctx.placeLabel.slice(1)}`.slice(0, 1000),
    actions: input.contents.map((content) => {
      const action = SESSION_CONTENT_ACTION[content];
      return {
        personId: '', action, outcome, reason: outcome === 'not_done' ? reason : null, procedureName: null, appName: null,
        checklist: action === 'teach_basic_skills' && outcome !== 'not_done' && input.checklist.length ? [...input.checklist] : null, note: null,
      };
    }),
  };
}

/** The message of a rule's refusal without its field's label (the row names the person). */
const reasonOf = (error: AppError) => error.message.replace(/^[^:]*: /, '');

interface PlannedRow {
  personId: string;
  fullName: string;
  outcome: SupportOutcome;
  reason: NotDoneReason | null;
  event: RecordableEvent;
  villageId: number;
}

/**
 * Each attendee's event, checked by the support service's own rules (checkEvent) against
 * the facts read once for all: rows that pass, and rows refused with their reason.
 */
async function planRows(db: Kysely<DB>, actor: Actor, input: SessionFields, ctx: Context, corrects: Map<string, string>): Promise<{ rows: PlannedRow[]; refused: SessionRefusal[] }> {
  const ids = input.attendees.map((a) => a.personId.toLowerCase());
  const people = await peopleFacts(db, ids);
  const households = await householdsFacts(db, actor.scope, [...new Set([...people.values()].map((p) => p.householdId))]);
  const members = await memberFacts(db, input.teacherMemberIds);
  const corrected = new Map<string, Awaited<ReturnType<typeof correctedFacts>>>();
  for (const eventId of corrects.values()) corrected.set(eventId, await correctedFacts(db, eventId));
  const today = todayInVietnam();
  const rows: PlannedRow[] = [];
  const refused: SessionRefusal[] = [];
  for (const attendee of input.attendees) {
    const personId = attendee.personId.toLowerCase();
    const person = people.get(personId);
    const household = person && households.get(person.householdId);
    if (!person || !household) {
      refused.push({ personId, fullName: person?.fullName ?? '', message: 'Không có nhân khẩu này trong phạm vi của bạn (ngoài địa bàn).' });
      continue;
    }
    if (!ctx.villages.has(household.villageId)) {
      refused.push({ personId, fullName: person.fullName, message: `${person.fullName} không cư trú ở xã ${ctx.commune.name}: ghi là khách từ xã khác (không tính vào số liệu của xã).` });
      continue;
    }
    const outcome = attendee.outcome ?? input.outcome;
    const reason = outcome === 'not_done' ? (attendee.reason ?? input.reason ?? 'other') : null;
    const correctsId = corrects.get(personId) ?? null;
    const event = attendeeEvent(input, ctx, person, outcome, reason, correctsId);
    event.actions = event.actions.map((a) => ({ ...a, personId }));
    try {
      checkEvent(event, {
        household, people, members, deskRole: isDeskRole(actor.role), today,
        corrected: correctsId ? corrected.get(correctsId) : undefined,
      });
      rows.push({ personId, fullName: person.fullName, outcome, reason, event, villageId: household.villageId });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refused.push({ personId, fullName: person.fullName, message: reasonOf(error) });
    }
  }
  return { rows, refused };
}

/** New events at once (one INSERT per table, like a phone's group); one by one if that path declines. */
async function writeEvents(db: Kysely<DB>, actor: Actor, events: RecordableEvent[], refresh: StatusRefresh, mutationId?: string, recordedAt?: Date) {
  const fresh = events.filter((e) => !e.correctsEventId);
  const corrections = events.filter((e) => e.correctsEventId);
  if (fresh.length && !(await recordSupportEventsAtOnce(db, actor, fresh.map((input) => ({ input, mutationId, recordedAt })), refresh))) {
    for (const input of fresh) await recordSupportEvent(db, actor, input, { view: false, deferRefresh: refresh, mutationId, recordedAt });
  }
  for (const input of corrections) await recordSupportEvent(db, actor, input, { view: false, deferRefresh: refresh, mutationId, recordedAt });
}

export async function recordSession(db: Kysely<DB>, actor: Actor, input: SessionInput, options: SessionOptions = {}): Promise<SessionView> {
  const hash = inputHash(input);
  const [existing] = await findSessions(db, actor.scope, { ids: [input.id.toLowerCase()] });
  if (existing) {
    if (existing.input_hash !== hash) throw conflict('Mã buổi hướng dẫn này đã dùng cho một buổi có nội dung khác.');
    return { ...(await viewOf(db, actor, existing)), created: false };
  }
  const seen = await db.selectFrom('group_sessions').select('id').where('id', '=', input.id.toLowerCase()).executeTakeFirst();
  if (seen) throw conflict('Mã buổi hướng dẫn này đã được dùng.');

  const ctx = await checkSession(db, actor, input.communeId, input);
  const { rows, refused } = await planRows(db, actor, input, ctx, new Map());
  if (!rows.length && !input.visitors.length) {
    throw new AppError(400, 'validation', `Không ghi được người tham dự nào: ${refused.map((r) => `${r.fullName || r.personId}: ${r.message}`).join(' ')}`, [{ path: 'attendees', message: 'Không ghi được người tham dự nào.' }], { refused });
  }
  const refresh = options.refresh ?? { people: new Set<string>(), households: new Set<string>() };
  await writeEvents(db, actor, rows.map((r) => r.event), refresh, options.mutationId, options.recordedAt);
  const id = input.id.toLowerCase();
  await insertSession(db, {
    id, commune_id: ctx.commune.id, session_date: input.sessionDate, place_kind: input.placeKind, organization_id: ctx.organizationId, village_id: ctx.villageId,
    place_note: input.placeNote, contents: input.contents, checklist: input.checklist.length ? input.checklist : null, outcome: input.outcome, reason: input.reason,
    teacher_member_ids: input.teacherMemberIds.map((m) => m.toLowerCase()), visitors: JSON.stringify(input.visitors), refused: JSON.stringify(refused),
    input_hash: hash, note: input.note, mutation_id: options.mutationId ?? null, recorded_by: actor.accountId,
    ...(options.recordedAt ? { recorded_at: options.recordedAt, updated_at: options.recordedAt } : {}),
  });
  await insertAttendees(db, rows.map((r) => ({ session_id: id, person_id: r.personId, event_id: r.event.id, outcome: r.outcome, reason: r.reason })));
  if (!options.refresh) await refreshStatuses(db, refresh);
  await writeAudit(db, actor, {
    action: 'create', entity: SESSION_ENTITY, entityId: id, orgUnitId: ctx.commune.id,
    after: { ...input, attendees: input.attendees.length }, detail: { source: options.mutationId ? 'sync' : 'desk', mutationId: options.mutationId ?? null, saved: rows.length, refused: refused.length, events: rows.map((r) => r.event.id) },
  });
  const [stored] = await findSessions(db, actor.scope, { ids: [id] });
  return { ...(await viewOf(db, actor, stored!)), created: true };
}

/**
 * A correction: the session's fields and attendees again. Each attendee whose outcome (or the
 * session's date, teachers, contents) changed gets a new event correcting theirs; one no
 * longer listed, or now refused, has theirs retracted (a correction with nothing in it); a new
 * one gets a new event. Nothing unchanged is written again.
 */
export async function correctSession(db: Kysely<DB>, actor: Actor, input: SessionCorrection & { id: string }): Promise<SessionView> {
  const [row] = await findSessions(db, actor.scope, { ids: [input.id.toLowerCase()] });
  if (!row) throw notFound(NOT_FOUND);
  if (row.version !== input.version) throw conflict('Buổi hướng dẫn đã được người khác sửa trong lúc bạn sửa. Tải lại trang rồi sửa lại.');
  if (row.status !== 'held') throw invalid('version', 'Buổi hướng dẫn đã được hủy.');
  const ctx = await checkSession(db, actor, row.commune_id, input);

  const before = new Map((await attendeeRows(db, row.id)).map((a) => [a.person_id, a]));
  const sameHeader = row.session_date === input.sessionDate && JSON.stringify([...row.contents].sort()) === JSON.stringify([...input.contents].sort())
    && JSON.stringify([...(row.checklist ?? [])].sort()) === JSON.stringify([...input.checklist].sort())
    && JSON.stringify([...row.teacher_member_ids].sort()) === JSON.stringify(input.teacherMemberIds.map((m) => m.toLowerCase()).sort())
    && row.organization_id === ctx.organizationId && row.village_id === ctx.villageId && row.place_kind === input.placeKind;
  const changed = input.attendees.filter((a) => {
    const old = before.get(a.personId.toLowerCase());
    if (!old) return true;
    const outcome = a.outcome ?? input.outcome;
    const reason = outcome === 'not_done' ? (a.reason ?? input.reason ?? 'other') : null;
    return !sameHeader || old.outcome !== outcome || old.reason !== reason;
  });
  const corrects = new Map<string, string>();
  for (const a of changed) {
    const old = before.get(a.personId.toLowerCase());
    if (old) corrects.set(a.personId.toLowerCase(), old.event_id);
  }
  const { rows, refused } = await planRows(db, actor, { ...input, attendees: changed }, ctx, corrects);
  const kept = new Set(input.attendees.map((a) => a.personId.toLowerCase()));
  const accepted = new Set(rows.map((r) => r.personId));
  // Retract the events of attendees removed, and of those whose changed row is now refused.
  const retract = [...before.values()].filter((old) => !kept.has(old.person_id) || (corrects.has(old.person_id) && !accepted.has(old.person_id)));
  const people = await peopleFacts(db, retract.map((r) => r.person_id));
  const retractions: RecordableEvent[] = retract.map((old) => ({
    id: uuidv7(), householdId: people.get(old.person_id)!.householdId, eventDate: row.session_date, channel: 'group_session', helperMemberIds: [],
    informed: false, correctsEventId: old.event_id, note: 'Rút khỏi buổi hướng dẫn tập trung (sửa buổi)', actions: [],
  }));

  const refresh = { people: new Set<string>(), households: new Set<string>() };
  await writeEvents(db, actor, [...rows.map((r) => r.event), ...retractions], refresh);
  await deleteAttendees(db, row.id, [...retract.map((r) => r.person_id), ...rows.filter((r) => before.has(r.personId)).map((r) => r.personId)]);
  await insertAttendees(db, rows.map((r) => ({ session_id: row.id, person_id: r.personId, event_id: r.event.id, outcome: r.outcome, reason: r.reason })));
  await refreshStatuses(db, refresh);
  await db.updateTable('group_sessions').set({
    session_date: input.sessionDate, place_kind: input.placeKind, organization_id: ctx.organizationId, village_id: ctx.villageId, place_note: input.placeNote,
    contents: input.contents, checklist: input.checklist.length ? input.checklist : null, outcome: input.outcome, reason: input.reason,
    teacher_member_ids: input.teacherMemberIds.map((m) => m.toLowerCase()), visitors: JSON.stringify(input.visitors), refused: JSON.stringify(refused),
    note: input.note, version: row.version + 1, updated_by: actor.accountId, updated_at: new Date(),
  }).where('id', '=', row.id).execute();
  await writeAudit(db, actor, {
    action: 'update', entity: SESSION_ENTITY, entityId: row.id, orgUnitId: row.commune_id,
    before: { version: row.version, sessionDate: row.session_date, contents: row.contents, outcome: row.outcome, attendees: before.size },
    after: { ...input, attendees: input.attendees.length },
    detail: { corrected: rows.filter((r) => r.event.correctsEventId).length, added: rows.filter((r) => !r.event.correctsEventId).length, retracted: retractions.length, refused: refused.length },
  });
  const [stored] = await findSessions(db, actor.scope, { ids: [row.id] });
  return { ...(await viewOf(db, actor, stored!)), created: false };
}

/**
 * A session recorded by mistake, taken back whole: each attendee's event retracted (a
 * correction with nothing in it, as for an attendee removed), so statuses, indicators and
 * reports return to what they were; the session stays listed as "đã rút" with its reason in
 * the audit log. Same rights as correcting it.
 */
export async function retractSession(db: Kysely<DB>, actor: Actor, input: SessionRetract & { id: string }): Promise<SessionView> {
  if (!can(actor.role, 'sessions.record')) throw forbidden('Bạn không có quyền rút buổi hướng dẫn tập trung.');
  const [row] = await findSessions(db, actor.scope, { ids: [input.id.toLowerCase()] });
  if (!row || !(await communeFor(db, actor.scope, row.commune_id))) throw notFound(NOT_FOUND);
  if (row.version !== input.version) throw conflict('Buổi hướng dẫn đã được người khác sửa trong lúc bạn xem. Tải lại trang rồi thử lại.');
  if (row.status !== 'held') throw invalid('version', 'Buổi hướng dẫn này đã được rút trước đó.');
  const attendees = await attendeeRows(db, row.id);
  const people = await peopleFacts(db, attendees.map((a) => a.person_id));
  const retractions: RecordableEvent[] = attendees.map((old) => ({
    id: uuidv7(), householdId: people.get(old.person_id)!.householdId, eventDate: row.session_date, channel: 'group_session', helperMemberIds: [],
    informed: false, correctsEventId: old.event_id, note: `Rút buổi hướng dẫn tập trung: ${input.reason}`.slice(0, 1000), actions: [],
  }));
  const refresh = { people: new Set<string>(), households: new Set<string>() };
  await writeEvents(db, actor, retractions, refresh);
  await refreshStatuses(db, refresh);
  await markRetracted(db, row.id, row.version, actor.accountId);
  await writeAudit(db, actor, {
    action: 'update', entity: SESSION_ENTITY, entityId: row.id, orgUnitId: row.commune_id,
    before: { version: row.version, status: row.status, attendees: attendees.length }, after: { status: 'retracted' },
    detail: { retracted: retractions.length, reason: input.reason },
  });
  const [stored] = await findSessions(db, actor.scope, { ids: [row.id] });
  return { ...(await viewOf(db, actor, stored!)), created: false };
}

// ---- Reads ----

function summaryOf(row: SessionRow): SessionSummary {
  return {
    id: row.id, commune: { id: row.commune_id, name: row.commune_name }, sessionDate: row.session_date, placeKind: row.place_kind,
    organization: row.organization_id ? { id: row.organization_id, name: row.organization_name ?? '', kind: row.organization_kind ?? '' } : null,
    village: row.village_id ? { id: row.village_id, name: row.village_name ?? '' } : null, placeNote: row.place_note,
    contents: row.contents as SessionSummary['contents'], outcome: row.outcome, status: row.status,
    attendees: row.attendees ?? 0, done: row.done ?? 0, visitors: (row.visitors as unknown[]).length, refused: (row.refused as unknown[]).length,
    recordedBy: row.recorded_by_name,
  };
}

async function viewOf(db: Kysely<DB>, actor: Actor, row: SessionRow): Promise<Omit<SessionView, 'created'>> {
  const [attendees, teachers] = await Promise.all([sessionAttendees(db, actor.scope, row.id), teacherNames(db, row.teacher_member_ids)]);
  return {
    ...summaryOf(row),
    version: row.version,
    checklist: (row.checklist ?? []) as SessionView['checklist'],
    reason: row.reason as NotDoneReason | null,
    teachers: row.teacher_member_ids.map((id) => ({ id, fullName: teachers.get(id) ?? '' })),
    attendeeList: attendees.map((a) => ({
      personId: a.person_id, householdId: a.household_id, fullName: a.full_name, birthYear: a.birth_year, village: { id: a.village_id, name: a.village_name },
      outcome: a.outcome, reason: a.reason as NotDoneReason | null, eventId: a.event_id,
    })),
    visitorList: row.visitors as SessionVisitor[],
    refusedList: row.refused as SessionRefusal[],
    note: row.note,
  };
}

export async function getSession(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<SessionView> {
  const [row] = await findSessions(db, actor.scope, { ids: [input.id.toLowerCase()] });
  if (!row) throw notFound(NOT_FOUND);
  const view = await viewOf(db, actor, row);
  await writeAudit(db, actor, { action: 'read', entity: SESSION_ENTITY, entityId: row.id, orgUnitId: row.commune_id, detail: { attendees: view.attendeeList.length } });
  return { ...view, created: false };
}

export async function listSessions(db: Kysely<DB>, actor: Actor, query: SessionListQuery): Promise<SessionList> {
  const page = pageWindow(query);
  const [rows, total] = await Promise.all([
    findSessions(db, actor.scope, { communeId: query.communeId, organizationId: query.organizationId, ...page }),
    countSessions(db, actor.scope, query),
  ]);
  return pageAnswer(query, rows.map(summaryOf), total);
}

/** Attendees picked in bulk: a school's pupils, an enterprise's or cooperative's workers, a village's residents by age. */
export async function sessionCandidates(db: Kysely<DB>, actor: Actor, query: CandidateQuery): Promise<CandidateList> {
  let rows;
  if (query.source === 'village') {
    if (!query.villageId) throw invalid('villageId', 'Thôn: chọn thôn.');
    rows = await candidates(db, actor.scope, { kind: 'village', villageId: query.villageId, minAge: query.minAge, maxAge: query.maxAge, asOf: query.asOf ?? todayInVietnam() });
  } else {
    if (!query.organizationId) throw invalid('organizationId', 'Đơn vị: chọn trường học, doanh nghiệp hoặc hợp tác xã.');
    const org = await organizationFacts(db, query.organizationId);
    if (!org || !(await communeFor(db, actor.scope, org.commune_id))) throw notFound('Không tìm thấy đơn vị này trong phạm vi của bạn.');
    if ((org.kind === 'school') !== (query.source === 'school')) throw invalid('organizationId', `Đơn vị: "${org.name}" không phải ${query.source === 'school' ? 'trường học' : 'doanh nghiệp, hợp tác xã'}.`);
    rows = await candidates(db, actor.scope, { kind: query.source, organizationId: org.id });
  }
  await writeAudit(db, actor, { action: 'list', entity: 'person', orgUnitId: actor.orgUnitId, detail: { purpose: 'group_session_candidates', ...query, count: rows.length } });
  return {
    items: rows.map((r) => ({
      personId: r.id, householdId: r.household_id, fullName: r.full_name, birthYear: r.birth_year, birthDate: r.birth_date,
      village: { id: r.village_id, name: r.village_name }, isStudent: r.is_student, isWorker: r.is_worker,
    })),
  };
}

/** The commune's team members active on the session's day, to name as its teachers. */
export async function sessionTeachers(db: Kysely<DB>, actor: Actor, query: TeacherQuery): Promise<TeacherList> {
  const commune = await communeFor(db, actor.scope, query.communeId);
  if (!commune) throw notFound('Không tìm thấy xã này trong phạm vi của bạn.');
  const rows = await activeTeamMembers(db, commune.id, query.asOf);
  return { items: rows.map((r) => ({ id: r.id, fullName: r.full_name, teamRole: r.team_role, village: { id: r.village_id, name: r.village_name } })) };
}

/** The pull's places of sessions for the village's phone (see FieldSessionPlaces). */
export async function sessionPlacesForPhone(db: Kysely<DB>, actor: Actor, village: { id: number; parentId: number }): Promise<FieldSessionPlaces> {
  const rows = await organizationsForVillage(db, village.parentId, village.id);
  return {
    communeId: village.parentId,
    canRecord: can(actor.role, 'sessions.record'),
    organizations: rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, servesVillage: r.serves, workerIds: r.worker_ids })),
  };
}
