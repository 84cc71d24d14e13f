// The phone's outbox: a mutation queued with the photos it claims, and the signal that tells
// the sync engine something is waiting. Below field-writes and the features' own writers.
import { v7 as uuidv7 } from 'uuid';
import type { MutationKind } from '../../shared/sync.ts';
import type { EvidenceFile } from '../components/image-reduce.ts';
import { fieldDb, type OutboxRow } from './field-db.ts';

/** Tells the sync engine that something is waiting (it sends at once when online). */
type Listener = () => void;
const listeners = new Set<Listener>();
export function onLocalWrite(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
/** After a write to the outbox: the engine sends at once. */
export const notifyLocalWrite = (): void => listeners.forEach((l) => l());

export function outboxRow(kind: MutationKind, payload: unknown, ref: string, attachmentIds?: string[]): OutboxRow {
  return {
    id: uuidv7(), kind, payload, ref, createdAt: new Date().toISOString(), state: 'pending', attempts: 0, nextAttemptAt: null, error: null,
    ...(attachmentIds?.length ? { attachmentIds } : {}),
  };
}

/** A reduced photo (components/image-reduce.ts) under the id the mutation's payload lists. */
export interface QueuedPhoto {
  id: string;
  file: Pick<EvidenceFile, 'blob' | 'contentType' | 'fileName'>;
}

/** A photo read into bytes: call before the IndexedDB transaction (reading a Blob would end it). */
export interface PhotoBytes {
  id: string;
  bytes: Uint8Array;
  contentType: EvidenceFile['contentType'];
  fileName: string;
}
export function readPhotos(photos: QueuedPhoto[]): Promise<PhotoBytes[]> {
  return Promise.all(photos.map(async (p) => ({ id: p.id, bytes: new Uint8Array(await p.file.blob.arrayBuffer()), contentType: p.file.contentType, fileName: p.file.fileName })));
}

/** A stored photo as a Blob again (to upload or show). */
export function photoBlob(photo: { bytes: Uint8Array; contentType: string }): Blob {
  return new Blob([photo.bytes as Uint8Array<ArrayBuffer>], { type: photo.contentType });
}

/**
 * Queues a mutation with the photos it claims, in one IndexedDB transaction (call inside the
 * caller's transaction, which must include `outbox` and `attachments`, when it also changes
 * local rows): the sync engine uploads the photos first, then sends the mutation. Returns the
 * outbox row; call notifyLocalWrite() once the caller's transaction is done.
 */
export async function enqueueWithPhotos(kind: MutationKind, payload: unknown, ref: string, photos: PhotoBytes[] = []): Promise<OutboxRow> {
  const db = fieldDb();
  const row = outboxRow(kind, payload, ref, photos.map((p) => p.id));
  await db.transaction('rw', [db.outbox, db.attachments], async () => {
    await db.outbox.add(row);
    if (photos.length) {
      await db.attachments.bulkAdd(photos.map((p) => ({
        id: p.id, bytes: p.bytes, contentType: p.contentType, fileName: p.fileName, state: 'pending' as const, mutationId: row.id, createdAt: row.createdAt,
      })));
    }
  });
  return row;
}
