// Every write of the field app: applied to the local rows at once and appended to the
// outbox in the same Dexie transaction, so the screen and the queue can never disagree.
import type { CommActivityInput } from '../../shared/communication.ts';
import type { SupportEventInput } from '../../shared/support.ts';
import { replayActivity } from './field-communication.ts';
import type { HouseholdContact, MutationKind, PersonContact, SyncPerson } from '../../shared/sync.ts';
import { fieldDb } from './field-db.ts';
import { notifyLocalWrite as notify, outboxRow } from './field-outbox.ts';
import { replayAttendance } from './field-trainings.ts';
import { replaySession } from './field-sessions.ts';
import type { SessionInput } from '../../shared/group-sessions.ts';
import { applyHouseholdContact, applyPersonContact, applyVisit, describeAction, householdPlace, householdTitle } from './field-rules.ts';

/** Records a visit: the people's and the household's status change on the phone at once. */
export async function recordVisit(input: SupportEventInput): Promise<void> {
  const db = fieldDb();
  await db.transaction('rw', [db.households, db.people, db.outbox, db.myEvents], async () => {
    const household = await db.households.get(input.householdId);
    const members = await db.people.where('householdId').equals(input.householdId).toArray();
    const effect = applyVisit(input, household, members);
    if (effect.household) await db.households.put(effect.household);
    if (effect.people.length) await db.people.bulkPut(effect.people);
    const row = outboxRow('support.record', input, input.id);
    await db.outbox.add(row);
    const label = household ? `${householdTitle(household, members)} · ${householdPlace(household)}` : 'Hộ gia đình';
    await db.myEvents.add({
      id: input.id,
      mutationId: row.id,
      householdId: input.householdId,
      householdLabel: label,
      eventDate: input.eventDate,
      recordedAt: row.createdAt,
      input,
      summary: summarize(input, members),
      state: 'pending',
      error: null,
      syncedAt: null,
    });
  });
  notify();
}

function summarize(input: SupportEventInput, members: SyncPerson[]): string[] {
  const names = new Map(members.map((p) => [p.id, p.fullName]));
  const lines = input.actions.map((a) => `${names.get(a.personId) ?? 'Nhân khẩu'}: ${describeAction(a)}`);
  if (input.informed) lines.push('Đã thông tin về chương trình cho hộ');
  return lines;
}

export async function editPerson(personId: string, fields: PersonContact['fields']): Promise<void> {
  const db = fieldDb();
  const edit: PersonContact = { personId, editedAt: new Date().toISOString(), fields };
  await db.transaction('rw', [db.people, db.outbox], async () => {
    const person = await db.people.get(personId);
    if (person) await db.people.put(applyPersonContact(edit, person));
    await db.outbox.add(outboxRow('person.contact', edit, personId));
  });
  notify();
}

export async function editHousehold(householdId: string, fields: HouseholdContact['fields']): Promise<void> {
  const db = fieldDb();
  const edit: HouseholdContact = { householdId, editedAt: new Date().toISOString(), fields };
  await db.transaction('rw', [db.households, db.outbox], async () => {
    const household = await db.households.get(householdId);
    if (household) await db.households.put(applyHouseholdContact(edit, household));
    await db.outbox.add(outboxRow('household.contact', edit, householdId));
  });
  notify();
}

/**
 * Re-applies the writes the server has not accepted yet on top of rows a pull just brought
 * (call inside the pull's transaction): the screen keeps showing them until they are sent.
 */
export async function replayOutbox(): Promise<void> {
  const db = fieldDb();
  const waiting = (await db.outbox.orderBy('seq').toArray()).filter((row) => row.state !== 'refused');
  for (const row of waiting) {
    if (row.kind === 'support.record') {
      const input = row.payload as SupportEventInput;
      const household = await db.households.get(input.householdId);
      const members = await db.people.where('householdId').equals(input.householdId).toArray();
      const effect = applyVisit(input, household, members);
      if (effect.household) await db.households.put(effect.household);
      if (effect.people.length) await db.people.bulkPut(effect.people);
    } else if (row.kind === 'person.contact') {
      const edit = row.payload as PersonContact;
      const person = await db.people.get(edit.personId);
      if (person) await db.people.put(applyPersonContact(edit, person));
    } else if (row.kind === 'household.contact') {
      const edit = row.payload as HouseholdContact;
      const household = await db.households.get(edit.householdId);
      if (household) await db.households.put(applyHouseholdContact(edit, household));
    } else if (row.kind === 'communication.activity') {
      await replayActivity(row.payload as CommActivityInput);
    } else if (row.kind === 'group_session.record') {
      await replaySession(row.payload as SessionInput);
    }
  }
  await replayAttendance(waiting);
}

/** The volunteer read a refusal and removes it from the phone (never done silently). */
export async function discardRefused(mutationId: string): Promise<void> {
  const db = fieldDb();
  await db.transaction('rw', [db.outbox, db.myEvents, db.attachments, db.myActivities, db.mySessions], async () => {
    const row = await db.outbox.where('id').equals(mutationId).first();
    if (!row || row.state !== 'refused') return;
    await db.outbox.delete(row.seq!);
    await db.attachments.where('mutationId').equals(row.id).delete();
    if (row.kind === 'support.record') await db.myEvents.delete(row.ref);
    if (row.kind === 'communication.activity') await db.myActivities.delete(row.ref);
    if (row.kind === 'group_session.record') await db.mySessions.delete(row.ref);
  });
  notify();
}
