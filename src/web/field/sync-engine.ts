// Sends the outbox and pulls the village's changes. Push first, in order, ≤ 200 a batch (the
// photos a batch's mutations claim uploaded just before it):
// applied/duplicate leave the outbox, refused stay there with the server's reason for the
// volunteer to read, a network error or a server failure retries with backoff, an expired
// session keeps everything until the volunteer logs in again. Then pull from the cursor.
// Runs on start, when the network returns, every few minutes, and on "Đồng bộ ngay".
import { PUSH_MAX_MUTATIONS, type MutationResult, type PullResponse, type PullUnchanged, type PushRequest, type PushResponse } from '../../shared/sync.ts';
import { ApiError, request, setCsrfToken } from '../app/api.ts';
import type { Me } from '../app/types.ts';
import { uploadEvidence } from '../features/attachments/attachments.api.ts';
import { fieldDb, getMeta, getMetas, type OutboxRow, type PendingAttachment } from './field-db.ts';
import { onLocalWrite, photoBlob } from './field-outbox.ts';
import { replayOutbox } from './field-writes.ts';
import { wipeAfterRevocation } from './field-lock.ts';

export interface SyncSnapshot {
  /** A push or pull is in flight. */
  running: boolean;
  /** Mutations are on their way to the server. */
  sending: boolean;
  /** The last attempt could not reach the server (or the browser says it is offline). */
  offline: boolean;
  /** The server answered 401: the outbox waits for the volunteer to log in again. */
  authExpired: boolean;
  /** A failure that is neither the network nor the session (shown, retried with backoff). */
  lastError: string | null;
  nextRetryAt: number | null;
}

const PERIOD_MS = 3 * 60_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 5 * 60_000;

/** 5 s, 10 s, 20 s … up to 5 minutes, each between half and all of it (phones do not retry in step). */
export function backoffDelay(failures: number, random = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

// The browser's own idea of the network is shown at once (a page opened with no signal says
// so before any request fails); a failed request also counts as offline until one succeeds.
const browserOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;
let snapshot: SyncSnapshot = { running: false, sending: false, offline: browserOffline(), authExpired: false, lastError: null, nextRetryAt: null };
const subscribers = new Set<() => void>();
function update(patch: Partial<SyncSnapshot>): void {
  snapshot = { ...snapshot, ...patch };
  subscribers.forEach((s) => s());
}
if (typeof window !== 'undefined') {
  window.addEventListener('offline', () => update({ offline: true }));
}
export function subscribeSync(callback: () => void): () => void {
  subscribers.add(callback);
  return () => subscribers.delete(callback);
}
export function getSyncSnapshot(): SyncSnapshot {
  return snapshot;
}

interface EngineOptions {
  accountId: string;
  /** Whether /api/auth/me already answered in this page (the CSRF token is known). */
  liveSession: boolean;
  /** The account as the server now sees it (null: session over) — the layout decides what to show. */
  onSession: (me: Me | null) => void;
}

type Outcome = 'ok' | 'network' | 'auth' | 'failed' | 'other-account';

class SyncEngine {
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly cleanups: (() => void)[] = [];
  /** The server said the session was ended (not expired): the phone's data are wiped. */
  private revoked = false;

  constructor(private readonly options: EngineOptions & { liveSession: boolean }) {}

  start(): void {
    const online = () => {
      update({ offline: false });
      void this.run({ manual: true });
    };
    const visible = () => {
      if (document.visibilityState === 'visible' && !snapshot.running && (!snapshot.nextRetryAt || snapshot.nextRetryAt <= Date.now())) void this.run();
    };
    window.addEventListener('online', online);
    document.addEventListener('visibilitychange', visible);
    this.cleanups.push(
      () => window.removeEventListener('online', online),
      () => document.removeEventListener('visibilitychange', visible),
      onLocalWrite(() => void this.run({ manual: true })),
    );
    if (!navigator.onLine) update({ offline: true });
    // A fresh login: the previous session's expiry is no longer news.
    if (this.options.liveSession) update({ authExpired: false });
    void this.recoverInterrupted().then(() => this.run({ manual: true }));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.cleanups.forEach((c) => c());
  }

  /** A page closed in the middle of a send leaves rows "sending": send them again (the server dedups). */
  private async recoverInterrupted(): Promise<void> {
    await fieldDb().outbox.where('state').equals('sending').modify({ state: 'pending' });
  }

  /** manual: something happened (a write, the network came back): retry now, not at the backoff's
   * time. force: the volunteer pressed "Đồng bộ ngay": try even if the browser says offline. */
  run({ manual = false, force = false } = {}): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.current) {
      this.again = true;
      return this.current;
    }
    if (!force && !navigator.onLine) {
      update({ offline: true });
      this.schedule(PERIOD_MS);
      return Promise.resolve();
    }
    if (manual) this.failures = 0;
    this.current = this.exclusive(() => this.cycle()).finally(() => {
      this.current = null;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.run();
      }
    });
    return this.current;
  }

  /** One sync at a time across the tabs of this browser (they share the database). */
  private async exclusive(fn: () => Promise<void>): Promise<void> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (locks) await locks.request('cnscd-field-sync', fn);
    else await fn();
  }

  private async cycle(): Promise<void> {
    update({ running: true, nextRetryAt: null });
    let outcome: Outcome;
    try {
      outcome = await this.ensureSession();
      if (outcome === 'ok') outcome = await this.pushAll();
      if (outcome === 'ok') outcome = await this.pull();
    } catch (error) {
      console.error('field sync', error);
      outcome = 'failed';
      update({ lastError: 'Lỗi khi đồng bộ. Máy sẽ tự thử lại.' });
    }
    update({ running: false, sending: false });
    if (this.stopped) return;
    if (outcome === 'ok') {
      this.failures = 0;
      update({ offline: false, lastError: null, authExpired: false });
      this.schedule(PERIOD_MS);
    } else if (outcome === 'network' || outcome === 'failed') {
      this.failures += 1;
      if (outcome === 'network') update({ offline: true });
      this.schedule(backoffDelay(this.failures));
    } else if (outcome === 'auth') {
      update({ authExpired: true });
      // "Đăng xuất mọi phiên" on a lost phone: its village goes now; the unsent outbox stays
      // sealed and is sent after its owner's next password login (field-lock.ts).
      if (this.revoked) {
        this.stop();
        await wipeAfterRevocation();
      }
    }
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    update({ nextRetryAt: Date.now() + delay });
    this.timer = setTimeout(() => void this.run(), delay);
  }

  private async ensureSession(): Promise<Outcome> {
    // The phone's data (and its outbox) belong to the account stored with them: another
    // account's session must never send them.
    const owner = await getMeta('account');
    if (owner && owner.id !== this.options.accountId) return 'other-account';
    if (this.options.liveSession) return 'ok';
    try {
      const me = await request<Me>('GET', '/api/auth/me', { quiet401: true });
      setCsrfToken(me.csrfToken);
      this.options.liveSession = true;
      this.options.onSession(me);
      if (me.id !== this.options.accountId) return 'other-account';
      return 'ok';
    } catch (error) {
      return this.classify(error);
    }
  }

  private classify(error: unknown): Outcome {
    if (error instanceof ApiError) {
      if (error.status === 0) return 'network';
      if (error.status === 401) {
        if (error.code === 'session_revoked') this.revoked = true;
        this.options.liveSession = false;
        setCsrfToken(null);
        this.options.onSession(null);
        return 'auth';
      }
      if (error.status === 403 && error.code === 'csrf') {
        this.options.liveSession = false;
        return 'failed';
      }
      update({ lastError: error.message });
      return 'failed';
    }
    throw error;
  }

  private async pushAll(): Promise<Outcome> {
    const db = fieldDb();
    for (;;) {
      let batch = await db.outbox.orderBy('seq').filter((row) => row.state !== 'refused').limit(PUSH_MAX_MUTATIONS).toArray();
      if (batch.length === 0) return 'ok';
      const seqs = batch.map((row) => row.seq!);
      await db.outbox.where('seq').anyOf(seqs).modify({ state: 'sending' });
      update({ sending: true });
      // Photos go first: the server checks a mutation's claim against what it already holds.
      const uploaded = await this.uploadPhotos(batch);
      if (uploaded.outcome !== 'ok') {
        await db.outbox.where('seq').anyOf(seqs).modify((row: OutboxRow) => {
          if (row.state === 'sending') row.state = 'pending';
        });
        return uploaded.outcome;
      }
      if (uploaded.refused.size) {
        // A photo the server will not take: its mutation is refused with the reason, the rest go on.
        await this.refuse(batch.filter((row) => uploaded.refused.has(row.id)), uploaded.refused);
        batch = batch.filter((row) => !uploaded.refused.has(row.id));
        if (batch.length === 0) continue;
      }
      const body: PushRequest = { mutations: batch.map((row) => ({ id: row.id, kind: row.kind, payload: row.payload })) };
      let response: PushResponse;
      try {
        response = await request<PushResponse>('POST', '/api/sync/push', { body, quiet401: true });
      } catch (error) {
        const outcome = error instanceof ApiError ? this.classify(error) : 'failed';
        const message = outcome === 'network' ? 'Mất kết nối' : outcome === 'auth' ? 'Phiên đăng nhập đã hết hạn' : error instanceof ApiError ? error.message : 'Lỗi khi gửi';
        const retryAt = outcome === 'auth' ? null : new Date(Date.now() + backoffDelay(this.failures + 1)).toISOString();
        await db.outbox.where('seq').anyOf(seqs).modify((row: OutboxRow) => {
          row.state = 'pending';
          row.attempts += 1;
          row.error = message;
          row.nextAttemptAt = retryAt;
        });
        if (outcome === 'failed' && !(error instanceof ApiError)) throw error;
        return outcome;
      }
      await this.applyResults(batch, response.results ?? []);
      // A batch the server answered only in part: the rest stays pending for the next run.
      const answered = new Set((response.results ?? []).map((r) => r.id));
      if (batch.some((row) => !answered.has(row.id))) return 'failed';
    }
  }

  /**
   * Uploads the photos the batch's mutations claim and the server does not hold yet. A network
   * or session failure stops here (everything stays queued, retried as the push would be); a
   * photo the server refuses (4xx) refuses its mutation with the server's reason.
   */
  private async uploadPhotos(batch: OutboxRow[]): Promise<{ outcome: Outcome; refused: Map<string, { message: string; field: string | null }> }> {
    const db = fieldDb();
    const refused = new Map<string, { message: string; field: string | null }>();
    for (const row of batch) {
      if (!row.attachmentIds?.length) continue;
      const waiting = (await db.attachments.bulkGet(row.attachmentIds)).filter((a): a is PendingAttachment => a !== undefined && a.state === 'pending');
      for (const photo of waiting) {
        try {
          await uploadEvidence({ blob: photoBlob(photo), contentType: photo.contentType, fileName: photo.fileName }, photo.id);
          await db.attachments.update(photo.id, { state: 'uploaded' });
        } catch (error) {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.code !== 'csrf') {
            const n = row.attachmentIds.indexOf(photo.id) + 1;
            refused.set(row.id, { message: `Ảnh thứ ${n}: ${error.message.replace(/^Tệp: /, '')}`, field: 'photoIds' });
            break;
          }
          const outcome = error instanceof ApiError ? this.classify(error) : 'failed';
          if (outcome === 'failed' && !(error instanceof ApiError)) throw error;
          return { outcome, refused };
        }
      }
    }
    return { outcome: 'ok', refused };
  }

  private async refuse(rows: OutboxRow[], reasons: Map<string, { message: string; field: string | null }>): Promise<void> {
    await this.applyResults(rows, rows.map((row) => ({
      id: row.id, status: 'refused' as const, error: { code: 'attachment', message: reasons.get(row.id)!.message, field: reasons.get(row.id)!.field ?? undefined },
    })));
  }

  private async applyResults(batch: OutboxRow[], results: MutationResult[]): Promise<void> {
    const db = fieldDb();
    const byId = new Map(results.map((r) => [r.id, r]));
    const now = new Date().toISOString();
    await db.transaction('rw', [db.outbox, db.myEvents, db.meta, db.attachments, db.myActivities, db.mySessions], async () => {
      let refused = false;
      for (const row of batch) {
        const result = byId.get(row.id);
        if (!result) {
          await db.outbox.update(row.seq!, { state: 'pending' });
          continue;
        }
        if (result.status === 'applied' || result.status === 'duplicate') {
          await db.outbox.delete(row.seq!);
          // The server holds the photos with their record now.
          if (row.attachmentIds?.length) await db.attachments.bulkDelete(row.attachmentIds);
          if (row.kind === 'support.record') await db.myEvents.update(row.ref, { state: 'synced', error: null, syncedAt: now });
          if (row.kind === 'communication.activity') await db.myActivities.update(row.ref, { state: 'synced', error: null, syncedAt: now });
          if (row.kind === 'group_session.record') await db.mySessions.update(row.ref, { state: 'synced', error: null, syncedAt: now });
        } else {
          refused = true;
          const message = result.error?.message ?? 'Máy chủ từ chối thay đổi này.';
          await db.outbox.update(row.seq!, { state: 'refused', attempts: row.attempts + 1, error: message, errorField: result.error?.field ?? null, nextAttemptAt: null });
          if (row.kind === 'support.record') await db.myEvents.update(row.ref, { state: 'refused', error: message });
          if (row.kind === 'communication.activity') await db.myActivities.update(row.ref, { state: 'refused', error: message });
          if (row.kind === 'group_session.record') await db.mySessions.update(row.ref, { state: 'refused', error: message });
        }
      }
      // The refused write's effect is on the local rows: take the server's copy afresh.
      if (refused) await db.meta.put({ key: 'needsReset', value: true });
    });
  }

  private async pull(): Promise<Outcome> {
    const db = fieldDb();
    const { cursor, needsReset } = await getMetas(['cursor', 'needsReset'] as const);
    let answer: PullResponse | PullUnchanged;
    try {
      answer = await request<PullResponse | PullUnchanged>('GET', '/api/sync/pull', { query: { cursor: needsReset ? undefined : cursor, quick: '1' }, quiet401: true });
    } catch (error) {
      return this.classify(error);
    }
    if ('unchanged' in answer) {
      // Nothing new on the server since the cursor: what the phone holds is current.
      await db.meta.bulkPut([
        { key: 'cursor', value: answer.cursor },
        { key: 'figuresAt', value: answer.serverTime },
        { key: 'lastSyncAt', value: new Date().toISOString() },
      ]);
      return 'ok';
    }
    const response = answer;
    await db.transaction('rw', [db.households, db.people, db.meta, db.outbox], async () => {
      if (response.reset) await Promise.all([db.households.clear(), db.people.clear()]);
      if (response.households.length) await db.households.bulkPut(response.households);
      if (response.people.length) await db.people.bulkPut(response.people);
      if (response.removed.households.length) await db.households.bulkDelete(response.removed.households);
      if (response.removed.people.length) await db.people.bulkDelete(response.removed.people);
      await db.meta.bulkPut([
        { key: 'cursor', value: response.cursor },
        { key: 'needsReset', value: false },
        { key: 'village', value: response.village },
        { key: 'memberId', value: response.me.memberId },
        { key: 'team', value: response.team },
        { key: 'figures', value: response.figures },
        { key: 'figuresAt', value: response.serverTime },
        // Absent: unchanged since the cursor, the phone keeps what it holds.
        ...(response.trainings ? [{ key: 'trainings' as const, value: response.trainings }] : []),
        ...(response.communication ? [{ key: 'communication' as const, value: response.communication }] : []),
        ...(response.groupSessions ? [{ key: 'groupSessions' as const, value: response.groupSessions }] : []),
        { key: 'lastSyncAt', value: new Date().toISOString() },
      ]);
      await replayOutbox();
    });
    return 'ok';
  }
}

let engine: SyncEngine | null = null;

/** Starts syncing for this account (the field layout calls it once it knows who is logged in). */
export function startSyncEngine(options: EngineOptions): () => void {
  engine?.stop();
  const mine = new SyncEngine({ ...options });
  engine = mine;
  mine.start();
  return () => {
    mine.stop();
    if (engine === mine) engine = null;
  };
}

/** The server said the session is over (seen by another request than the engine's). */
export function markAuthExpired(): void {
  update({ authExpired: true });
}

/** "Đồng bộ ngay", and after logging in again. */
export function syncNow(): Promise<void> {
  return engine?.run({ manual: true, force: true }) ?? Promise.resolve();
}
