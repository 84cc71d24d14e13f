// A group session recorded on a team leader's phone (buổi hướng dẫn tập trung), with no signal
// if need be: queued as mutation group_session.record (the server writes one support event
// per attendee, as for a visit) and kept in "my sessions". The attendees' statuses change on
// the phone at once, as the server will change them, and again over each pull until sent.
import { SESSION_CONTENT_ACTION, PLACE_KIND_LABELS, type SessionInput } from '../../shared/group-sessions.ts';
import { actionNotApplicable, type SupportEventInput } from '../../shared/support.ts';
import type { SyncPerson } from '../../shared/sync.ts';
import { fieldDb } from './field-db.ts';
import { enqueueWithPhotos, notifyLocalWrite } from './field-outbox.ts';
import { applyVisit } from './field-rules.ts';

/** Why a content does not apply to a person on the session's day (the server's own rule), or null. */
export function attendeeProblem(input: Pick<SessionInput, 'contents' | 'sessionDate'>, person: SyncPerson): string | null {
  for (const content of input.contents) {
    const problem = actionNotApplicable(SESSION_CONTENT_ACTION[content], person, input.sessionDate);
    if (problem) return problem;
  }
  return null;
}

/** Each attendee's effect as the event the server will write for them, grouped by household. */
function attendeeEvents(input: SessionInput, people: Map<string, SyncPerson>): SupportEventInput[] {
  const byHousehold = new Map<string, SupportEventInput>();
  for (const a of input.attendees) {
    const person = people.get(a.personId);
    if (!person) continue;
    const outcome = a.outcome ?? input.outcome;
    const event = byHousehold.get(person.householdId) ?? {
      id: input.id, householdId: person.householdId, eventDate: input.sessionDate, channel: 'visit', helperMemberIds: [], informed: false, actions: [],
    };
    for (const content of input.contents) {
      event.actions.push({ personId: person.id, action: SESSION_CONTENT_ACTION[content], outcome, reason: outcome === 'not_done' ? (a.reason ?? input.reason ?? 'other') : null } as SupportEventInput['actions'][number]);
    }
    byHousehold.set(person.householdId, event);
  }
  return [...byHousehold.values()];
}

/** Applies a session's effect on its attendees' statuses (inside the caller's transaction). */
export async function replaySession(input: SessionInput): Promise<void> {
  const db = fieldDb();
  const people = new Map((await db.people.bulkGet(input.attendees.map((a) => a.personId))).filter((p): p is SyncPerson => p !== undefined).map((p) => [p.id, p]));
  const changed: SyncPerson[] = [];
  for (const event of attendeeEvents(input, people)) {
    // Only the people: a class away from home is no visit to the household.
    changed.push(...applyVisit(event, undefined, event.actions.map((a) => people.get(a.personId)!).filter((p, i, all) => all.indexOf(p) === i)).people);
  }
  if (changed.length) await db.people.bulkPut(changed);
}

export function sessionSummary(input: SessionInput, placeName: string | null): string {
  const visitors = input.visitors.length ? ` · ${input.visitors.length} khách xã khác` : '';
  return `${PLACE_KIND_LABELS[input.placeKind]}${placeName ? ` · ${placeName}` : ''} · ${input.attendees.length} người${visitors}`;
}

export async function recordSessionOffline(input: SessionInput, placeName: string | null): Promise<void> {
  const db = fieldDb();
  await db.transaction('rw', [db.people, db.outbox, db.attachments, db.mySessions], async () => {
    await replaySession(input);
    const row = await enqueueWithPhotos('group_session.record', input, input.id);
    await db.mySessions.add({
      id: input.id, mutationId: row.id, sessionDate: input.sessionDate, recordedAt: row.createdAt, input, summary: sessionSummary(input, placeName),
      state: 'pending', error: null, syncedAt: null,
    });
  });
  notifyLocalWrite();
}
