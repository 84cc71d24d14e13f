// A communication activity recorded on the phone: queued with its photos (uploaded first by
// the sync engine) and kept in "my activities"; a village meeting's ticked households count as
// informed on the phone at once, as the server will count them.
import { describeMeasures, COMM_CHANNEL_LABELS, HOUSEHOLD_TICK_CHANNEL, type CommActivityInput } from '../../shared/communication.ts';
import type { SyncHousehold } from '../../shared/sync.ts';
import { fieldDb } from './field-db.ts';
import { enqueueWithPhotos, notifyLocalWrite, readPhotos, type QueuedPhoto } from './field-outbox.ts';

/** A ticked household is informed from the meeting's day, unless it was informed earlier. */
export function applyActivity(input: CommActivityInput, household: SyncHousehold): SyncHousehold {
  if (household.informedOn && household.informedOn <= input.activityOn) return household;
  return { ...household, informedOn: input.activityOn };
}

export function activitySummary(input: CommActivityInput): string {
  const ticked = input.channel === HOUSEHOLD_TICK_CHANNEL && input.attendedHouseholdIds.length ? ` · ${input.attendedHouseholdIds.length} hộ có mặt` : '';
  return `${COMM_CHANNEL_LABELS[input.channel]} · ${describeMeasures(input.channel, input.measures)}${ticked}`;
}

/** Re-applies a waiting activity's ticks over rows a pull just brought (inside the pull's transaction). */
export async function replayActivity(input: CommActivityInput): Promise<void> {
  const db = fieldDb();
  if (input.channel !== HOUSEHOLD_TICK_CHANNEL || !input.attendedHouseholdIds.length) return;
  const households = (await db.households.bulkGet(input.attendedHouseholdIds)).filter((h): h is SyncHousehold => h !== undefined);
  await db.households.bulkPut(households.map((h) => applyActivity(input, h)));
}

export async function recordCommActivity(input: CommActivityInput, photos: QueuedPhoto[]): Promise<void> {
  const db = fieldDb();
  const bytes = await readPhotos(photos);
  await db.transaction('rw', [db.households, db.outbox, db.attachments, db.myActivities], async () => {
    await replayActivity(input);
    const row = await enqueueWithPhotos('communication.activity', input, input.id, bytes);
    await db.myActivities.add({
      id: input.id, mutationId: row.id, activityOn: input.activityOn, recordedAt: row.createdAt, input, summary: activitySummary(input),
      photoCount: photos.length, state: 'pending', error: null, syncedAt: null,
    });
  });
  notifyLocalWrite();
}
