// The rules a support event must pass, as pure functions over the rows the service read: the
// same checks for the desk form and for a phone's outbox, with Vietnamese refusals that name
// the field (`actions[2].personId`) so the form or the phone can show them beside it.
import type { z } from 'zod';
import {
  BASIC_SKILLS_CHECKLIST,
  MIN_AGE_BY_ACTION,
  NOT_DONE_REASON_LABELS,
  SUPPORT_ACTION_LABELS,
  type SupportActionInput,
  type RecordableEvent,
} from '../../../shared/support.ts';
import { FIELD_LABELS } from '../../../shared/validation.ts';
import { AppError } from '../../http/app-error.ts';
import { ageOn } from '../../../shared/calendar.ts';
import { viDate } from '../../../shared/vietnamese.ts';

/** Support starts with the 2025 plan: nothing before it is a support visit of this programme. */
export const FIRST_EVENT_DATE = '2025-01-01';

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}


const LABELS: Record<string, string> = {
  id: 'Mã lượt hỗ trợ',
  householdId: 'Hộ gia đình',
  eventDate: 'Ngày hỗ trợ',
  channel: 'Nơi hỗ trợ',
  helperMemberIds: 'Thành viên Tổ hỗ trợ',
  informed: 'Đã thông tin về chương trình',
  correctsEventId: 'Lượt hỗ trợ được sửa',
  note: 'Ghi chú',
  actions: 'Các việc đã làm',
  personId: 'Nhân khẩu',
  action: 'Việc hỗ trợ',
  outcome: 'Kết quả',
  reason: 'Lý do chưa làm được',
  procedureName: 'Tên thủ tục',
  appName: 'Tên ứng dụng',
  checklist: 'Các mục kỹ năng số',
  editedAt: 'Thời điểm sửa',
  fields: 'Các trường sửa',
  phone: 'Số điện thoại',
  hasSmartphone: 'Có điện thoại thông minh',
  noCapableMember: 'Hộ không có ai sử dụng được công nghệ số',
  kind: 'Loại thao tác',
  payload: 'Nội dung thao tác',
};

/** `actions[2].personId` → "Việc thứ 3 – Nhân khẩu"; `eventDate` → "Ngày hỗ trợ". */
export function labelOf(path: string): string {
  const parts = path.split('.');
  const words: string[] = [];
  for (const part of parts) {
    const indexed = /^(\w+)\[(\d+)\]$/.exec(part);
    if (indexed) {
      const n = Number(indexed[2]) + 1;
      words.push(indexed[1] === 'actions' ? `Việc thứ ${n}` : `${LABELS[indexed[1]] ?? indexed[1]} thứ ${n}`);
    } else {
      words.push(LABELS[part] ?? FIELD_LABELS[part] ?? part);
    }
  }
  return words.join(' – ');
}

/** A refusal naming its field: `{ path: 'actions[2].personId', message: 'Việc thứ 3 – Nhân khẩu: …' }`. */
export function refuse(path: string, text: string, status = 400, code = 'validation'): AppError {
  const message = `${labelOf(path)}: ${text}`;
  return new AppError(status, code, message, [{ path, message }]);
}

/** zod's path as the phone and the forms name fields: `actions[2].personId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** The first problem of a failed zod parse as a refusal (all problems listed in `fields`). */
export function zodRefusal(error: z.ZodError, prefix = ''): AppError {
  const fields = error.issues.map((issue) => {
    const path = formatPath([...(prefix ? [prefix] : []), ...issue.path]);
    const message = path ? `${labelOf(path)}: ${issue.message}` : issue.message;
    return { path, message };
  });
  return new AppError(400, 'validation', fields.map((f) => f.message).join(' '), fields);
}

// ---- The rules ----

export interface HouseholdFacts {
  id: string;
  villageId: number;
  dissolvedAt: string | null;
}

export interface PersonFacts {
  id: string;
  fullName: string;
  householdId: string;
  status: 'resident' | 'moved_out' | 'deceased';
  birthDate: string | null;
  birthYear: number;
  isStudent: boolean;
}

export interface MemberFacts {
  id: string;
  villageId: number;
  joinedOn: string;
  leftOn: string | null;
  teamEndedOn: string | null;
}

export interface CorrectedFacts {
  householdId: string;
  correctedBy: string | null;
}

export interface EventFacts {
  household: HouseholdFacts;
  people: Map<string, PersonFacts>;
  members: Map<string, MemberFacts>;
  corrected?: CorrectedFacts;
  /** The recorder works at a desk (commune office, service centre, admin), not in a village team. */
  deskRole: boolean;
  today: string;
}

/** Throws the first rule the event breaks (the order a person would fix them in). */
export function checkEvent(input: RecordableEvent, facts: EventFacts): void {
  const { household } = facts;
  if (household.dissolvedAt) throw refuse('householdId', 'Hộ gia đình đã giải thể, không ghi thêm lượt hỗ trợ.');

  if (!isRealDate(input.eventDate)) throw refuse('eventDate', 'Ngày không tồn tại.');
  if (input.eventDate > facts.today) throw refuse('eventDate', `Không được sau hôm nay (${viDate(facts.today)}).`);
  if (input.eventDate < FIRST_EVENT_DATE) throw refuse('eventDate', `Không được trước ngày ${viDate(FIRST_EVENT_DATE)}, khi chương trình bắt đầu.`);

  if (input.channel === 'service_center') {
    if (!facts.deskRole) throw refuse('channel', 'Chỉ cán bộ tại Trung tâm phục vụ hành chính công hoặc các phòng của xã ghi hỗ trợ tại Trung tâm.');
    if (input.helperMemberIds.length) throw refuse('helperMemberIds', 'Hỗ trợ tại Trung tâm không ghi thành viên Tổ CNSCĐ.');
  }
  input.helperMemberIds.forEach((memberId, i) => {
    const member = facts.members.get(memberId);
    const path = `helperMemberIds[${i}]`;
    // A group session's teachers come from any team of the commune (its service checks that).
    const ownVillage = input.channel === 'group_session' || member?.villageId === household.villageId;
    if (!member || !ownVillage) throw refuse(path, 'Không phải thành viên Tổ CNSCĐ của thôn có hộ này.');
    const activeOnDate = member.joinedOn <= input.eventDate && (member.leftOn === null || member.leftOn >= input.eventDate)
      && (member.teamEndedOn === null || member.teamEndedOn >= input.eventDate);
    if (!activeOnDate) throw refuse(path, `Không còn (hoặc chưa) là thành viên Tổ vào ngày ${viDate(input.eventDate)}.`);
  });

  if (input.correctsEventId) {
    const corrected = facts.corrected;
    if (input.correctsEventId.toLowerCase() === input.id.toLowerCase()) throw refuse('correctsEventId', 'Một lượt không thể sửa chính nó.');
    if (!corrected || corrected.householdId !== household.id) throw refuse('correctsEventId', 'Không có lượt hỗ trợ này ở hộ gia đình đã chọn.');
    if (corrected.correctedBy) throw refuse('correctsEventId', 'Lượt hỗ trợ này đã được sửa bằng một lượt khác; hãy sửa lượt mới nhất.');
  } else if (input.actions.length === 0 && !input.informed) {
    // A correction with nothing in it is a retraction ("this visit did not happen"): allowed.
    throw refuse('actions', 'Chưa có gì để ghi: chọn ít nhất một việc đã làm, hoặc đánh dấu đã thông tin về chương trình cho hộ.');
  }

  const seen = new Set<string>();
  input.actions.forEach((action, i) => checkAction(action, i, input.eventDate, facts, seen));
}

/** Actions a person may have more than once in one visit (several procedures, several apps). */
const REPEATABLE = new Set(['submit_procedure', 'install_other_app']);

function checkAction(a: SupportActionInput, i: number, eventDate: string, facts: EventFacts, seen: Set<string>): void {
  const at = (field: string) => `actions[${i}].${field}`;
  const person = facts.people.get(a.personId);
  if (!person || person.householdId !== facts.household.id) {
    throw refuse(at('personId'), 'Không phải nhân khẩu của hộ này.');
  }
  if (person.status !== 'resident') {
    const why = person.status === 'deceased' ? 'đã mất' : 'đã chuyển đi';
    throw refuse(at('personId'), `${person.fullName} ${why}, không còn cư trú trong hộ.`);
  }
  const label = SUPPORT_ACTION_LABELS[a.action];
  const key = `${a.personId}:${a.action}`;
  if (!REPEATABLE.has(a.action) && seen.has(key)) throw refuse(at('action'), `"${label}" cho ${person.fullName} đã được ghi ở việc khác trong lượt này.`);
  seen.add(key);

  const done = a.outcome !== 'not_done';
  const minAge = MIN_AGE_BY_ACTION[a.action];
  if (minAge !== undefined && done) {
    const age = ageOn(person, eventDate);
    if (age < minAge) {
      throw refuse(at('action'), `"${label}" chỉ dành cho người từ ${minAge} tuổi; ${person.fullName} mới ${Math.max(age, 0)} tuổi vào ngày ${viDate(eventDate)}. Nếu chưa làm được, ghi lý do "${NOT_DONE_REASON_LABELS.under_age}".`);
    }
  }
  if (a.action === 'student_training' && !person.isStudent) {
    throw refuse(at('action'), `"${label}" chỉ dành cho học sinh; ${person.fullName} không được ghi là học sinh.`);
  }

  if (a.outcome === 'not_done' && !a.reason) throw refuse(at('reason'), 'Chọn lý do khi chưa làm được.');
  if (a.outcome !== 'not_done' && a.reason) throw refuse(at('reason'), 'Chỉ ghi lý do khi chưa làm được.');

  if (a.procedureName && a.action !== 'submit_procedure') throw refuse(at('procedureName'), 'Chỉ ghi tên thủ tục cho việc nộp thủ tục trực tuyến.');
  if (a.action === 'submit_procedure' && a.outcome === 'done' && !a.procedureName) throw refuse(at('procedureName'), 'Ghi tên thủ tục đã nộp.');
  if (a.appName && a.action !== 'install_other_app') throw refuse(at('appName'), 'Chỉ ghi tên ứng dụng cho việc cài ứng dụng khác.');
  if (a.action === 'install_other_app' && a.outcome === 'done' && !a.appName) throw refuse(at('appName'), 'Ghi tên ứng dụng đã cài.');

  const ticked = a.checklist ?? [];
  if (ticked.length && a.action !== 'teach_basic_skills') throw refuse(at('checklist'), 'Chỉ đánh dấu các mục kỹ năng cho việc hướng dẫn kỹ năng số cơ bản.');
  if (a.action === 'teach_basic_skills') {
    const complete = BASIC_SKILLS_CHECKLIST.every((item) => ticked.includes(item));
    if (a.outcome === 'done' && !complete) {
      throw refuse(at('checklist'), `Chỉ ghi "Đã làm xong" khi người dân làm được đủ ${BASIC_SKILLS_CHECKLIST.length} mục; nếu mới được một phần, ghi "Chưa làm được" với lý do "${NOT_DONE_REASON_LABELS.need_revisit}".`);
    }
    if (a.outcome === 'not_done' && complete) throw refuse(at('outcome'), 'Đã đánh dấu đủ các mục kỹ năng: chọn "Đã làm xong".');
    if (a.outcome === 'not_done' && ticked.length > 0 && a.reason !== 'need_revisit') {
      throw refuse(at('reason'), `Mới làm được một phần các mục kỹ năng: lý do phải là "${NOT_DONE_REASON_LABELS.need_revisit}".`);
    }
  }
}

// ---- Canonical form: what "the same event" means for a resend ----

const blankToNull = (value: string | null | undefined) => (value ? value : null);

/** The event as stored: helpers sorted and unique, blanks as null, checklist in its fixed order. */
export function normalizeEvent(input: RecordableEvent): RecordableEvent {
  return {
    ...input,
    helperMemberIds: [...new Set(input.helperMemberIds.map((id) => id.toLowerCase()))].sort(),
    correctsEventId: input.correctsEventId?.toLowerCase() ?? null,
    householdId: input.householdId.toLowerCase(),
    id: input.id.toLowerCase(),
    note: blankToNull(input.note),
    actions: input.actions.map((a) => ({
      personId: a.personId.toLowerCase(),
      action: a.action,
      outcome: a.outcome,
      reason: a.reason ?? null,
      procedureName: blankToNull(a.procedureName),
      appName: blankToNull(a.appName),
      checklist: a.checklist?.length ? BASIC_SKILLS_CHECKLIST.filter((item) => a.checklist!.includes(item)) : null,
      note: blankToNull(a.note),
    })),
  };
}

/** A stable text of an event's content (everything but who recorded it and when). */
export function eventFingerprint(e: RecordableEvent): string {
  const n = normalizeEvent(e);
  return JSON.stringify([
    n.householdId, n.eventDate, n.channel, n.helperMemberIds, n.informed, n.correctsEventId ?? null, n.note ?? null,
    n.actions.map((a) => [a.personId, a.action, a.outcome, a.reason ?? null, a.procedureName ?? null, a.appName ?? null, a.checklist ?? null, a.note ?? null]),
  ]);
}
