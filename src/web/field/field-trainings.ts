// A team leader's attendance of a training on the phone: the village's trainings come with
// the pull (meta 'trainings'); attendance and the signed sheet's photos are written on the
// phone at once and queued (mutation training.attendance, photos uploaded first by the sync
// engine), and replayed over each pull until the server has them.
import { useLiveQuery } from 'dexie-react-hooks';
import { v7 as uuidv7 } from 'uuid';
import type { AttendanceInput, FieldTraining } from '../../shared/trainings.ts';
import type { EvidenceFile } from '../components/image-reduce.ts';
import { fieldDb, getMeta, type OutboxRow, type PendingAttachment } from './field-db.ts';
import { enqueueWithPhotos, notifyLocalWrite, readPhotos } from './field-outbox.ts';

/** The training with the attendance of `input` applied (what the phone shows until the server has it). */
export function applyAttendance(training: FieldTraining, input: AttendanceInput, recordedBy: string, at: string): FieldTraining {
  if (training.id !== input.trainingId) return training;
  const entries = new Map(input.entries.map((e) => [e.memberId, e]));
  return {
    ...training,
    status: training.status === 'planned' && input.entries.length ? 'held' : training.status,
    photos: training.photos + input.photoIds.length,
    members: training.members.map((m) => {
      const e = entries.get(m.memberId);
      return e ? { ...m, attendance: { status: e.status, completed: e.completed, certificateNo: e.certificateNo, certificateDate: e.certificateDate, recordedBy, recordedAt: at } } : m;
    }),
  };
}

/** Applies queued attendance over the trainings a pull brought (inside the pull's transaction). */
export async function replayAttendance(rows: OutboxRow[]): Promise<void> {
  const waiting = rows.filter((r) => r.kind === 'training.attendance' && r.state !== 'refused');
  if (!waiting.length) return;
  let trainings = (await getMeta('trainings')) ?? [];
  for (const row of waiting) trainings = trainings.map((t) => applyAttendance(t, row.payload as AttendanceInput, 'máy này', row.createdAt));
  await fieldDb().meta.put({ key: 'trainings', value: trainings });
}

/** Records attendance and its photos on the phone: the screen changes now, the outbox sends later. */
export async function recordAttendanceOffline(input: Omit<AttendanceInput, 'photoIds'>, photos: EvidenceFile[], recordedBy: string): Promise<void> {
  const db = fieldDb();
  const queued = photos.map((file) => ({ id: uuidv7(), file }));
  const payload: AttendanceInput = { ...input, photoIds: queued.map((p) => p.id) };
  const bytes = await readPhotos(queued);
  await db.transaction('rw', [db.meta, db.outbox, db.attachments], async () => {
    const row = await enqueueWithPhotos('training.attendance', payload, input.trainingId, bytes);
    const trainings = (await getMeta('trainings')) ?? [];
    await db.meta.put({ key: 'trainings', value: trainings.map((t) => applyAttendance(t, payload, recordedBy, row.createdAt)) });
  });
  notifyLocalWrite();
}

export function useFieldTrainings(): FieldTraining[] | undefined {
  return useLiveQuery(async () => (await getMeta('trainings')) ?? [], []);
}

/** What is still on the phone for a training: queued or refused attendance, and its photos. */
export function useTrainingOutbox(trainingId: string | undefined) {
  return useLiveQuery(async () => {
    if (!trainingId) return { rows: [], photos: [] as PendingAttachment[] };
    const db = fieldDb();
    const rows = await db.outbox.where('ref').equals(trainingId).filter((r) => r.kind === 'training.attendance').toArray();
    const photos = (await db.attachments.where('mutationId').anyOf(rows.map((r) => r.id)).toArray());
    return { rows, photos };
  }, [trainingId]);
}

/** Where a training stands for the leader: not yet, attendance to take, taken. */
export function trainingState(t: FieldTraining): { label: string; color: string } {
  const recorded = t.members.filter((m) => m.attendance).length;
  if (Date.parse(t.startsAt) > Date.now()) return { label: 'Sắp diễn ra', color: 'blue' };
  if (recorded === 0) return { label: 'Chờ điểm danh', color: 'orange' };
  if (recorded < t.members.length) return { label: `Đã điểm danh ${recorded}/${t.members.length}`, color: 'yellow' };
  return { label: 'Đã điểm danh', color: 'teal' };
}
