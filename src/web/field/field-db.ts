// The phone's own copy of the volunteer's village (IndexedDB through Dexie): what the last
// pull brought, the outbox of writes not yet accepted by the server, and the visits this
// phone recorded. Everything the field app shows offline is read from here. Every table but
// `vault` is sealed at rest with the keys the PIN unlocks (field-crypto.ts).
import Dexie, { type Table } from 'dexie';
import { sealingMiddleware, setKeys, type PinWrap } from './field-crypto.ts';
import type { AttachmentContentType } from '../../shared/attachments.ts';
import type { CommActivityInput, FieldCommunication } from '../../shared/communication.ts';
import type { SupportEventInput } from '../../shared/support.ts';
import type { FieldTraining } from '../../shared/trainings.ts';
import type { FieldSessionPlaces, SessionInput } from '../../shared/group-sessions.ts';
import type { MutationKind, SyncHousehold, SyncPerson, SyncTeamMember, VillageFigures } from '../../shared/sync.ts';
import type { Permission, Role } from '../../shared/roles.ts';

export const FIELD_DB_NAME = 'cnscd-field';

/** The account that owns the data on this phone: enough to render the app with no network. */
export interface FieldAccount {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  roleLabel: string;
  permissions: Permission[];
  orgUnit: { id: number; name: string; level: 'province' | 'commune' | 'village'; path: string };
}

export interface FieldTeam {
  id: string;
  name: string;
  members: SyncTeamMember[];
}

/** Typed key → value pairs of the meta table. */
export interface MetaValues {
  account: FieldAccount;
  cursor: string;
  /** A refused write left its optimistic effect on the local rows: the next pull is a full one. */
  needsReset: boolean;
  village: { id: number; name: string; communeName: string };
  memberId: string | null;
  team: FieldTeam | null;
  figures: VillageFigures;
  /** When the figures were computed by the server (its clock). */
  figuresAt: string;
  /** When this phone last finished a push and pull (its own clock). */
  lastSyncAt: string;
  /** A team leader's trainings (from the pull), with attendance queued on this phone applied. */
  trainings: FieldTraining[];
  /** The village's communication channels and campaigns, for recording an activity offline. */
  communication: FieldCommunication;
  /** The commune's schools and enterprises, for recording a group session offline. */
  groupSessions: FieldSessionPlaces;
}
export type MetaKey = keyof MetaValues;
interface MetaRow {
  key: MetaKey;
  value: unknown;
}

export type OutboxState = 'pending' | 'sending' | 'refused';

export interface OutboxRow {
  /** Insertion order: mutations are sent in the order they were made. */
  seq?: number;
  /** The mutation's id (UUIDv7): a resend is recognised by the server. */
  id: string;
  kind: MutationKind;
  payload: unknown;
  /** The event, person or household the mutation is about. */
  ref: string;
  createdAt: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string | null;
  /** The last failure: a refusal's Vietnamese reason, or the network error being retried. */
  error: string | null;
  errorField?: string | null;
  /** Photos the mutation claims: uploaded (field-db `attachments`) before it is sent. */
  attachmentIds?: string[];
}

/**
 * A photo taken on the phone, already reduced, waiting with the mutation that claims it:
 * uploaded just before that mutation is sent, deleted once the mutation is accepted.
 */
export interface PendingAttachment {
  id: string;
  /** The reduced photo's bytes (sealed at rest: a Blob cannot be encrypted inside a transaction). */
  bytes: Uint8Array;
  contentType: AttachmentContentType;
  fileName: string;
  /** pending: not on the server yet; uploaded: the server has it (the mutation may still wait). */
  state: 'pending' | 'uploaded';
  /** The outbox mutation that claims it. */
  mutationId: string;
  createdAt: string;
}

export type MyEventState = 'pending' | 'synced' | 'refused';

/** One visit recorded on this phone, kept after sending for "my visits today". */
export interface MyEvent {
  id: string;
  mutationId: string;
  householdId: string;
  /** "Hộ Nguyễn Văn A · Xóm 2": still readable if the household leaves the village. */
  householdLabel: string;
  eventDate: string;
  recordedAt: string;
  input: SupportEventInput;
  /** "Lò Văn B: Định danh mức 2 (xong)" lines, made when recorded. */
  summary: string[];
  state: MyEventState;
  error: string | null;
  syncedAt: string | null;
}

/** One communication activity recorded on this phone, kept after sending for "my activities". */
export interface MyActivity {
  id: string;
  mutationId: string;
  activityOn: string;
  recordedAt: string;
  input: CommActivityInput;
  /** "Họp thôn · 42 người dự · 31 hộ có mặt", made when recorded. */
  summary: string;
  photoCount: number;
  state: MyEventState;
  error: string | null;
  syncedAt: string | null;
}

/** One group session recorded on this phone, kept after sending for "my sessions". */
export interface MySession {
  id: string;
  mutationId: string;
  sessionDate: string;
  recordedAt: string;
  input: SessionInput;
  /** "Tại trường học · Trường THCS … · 38 người", made when recorded. */
  summary: string;
  state: MyEventState;
  error: string | null;
  syncedAt: string | null;
}

/**
 * The lock (readable without the PIN, never sealed): whose phone this is, the keys wrapped
 * under the PIN and under the server's device key, and the wrong PINs so far.
 */
export interface VaultRow {
  key: 'lock';
  accountId: string;
  username: string;
  fullName: string;
  /** null: no PIN to try (none set yet on this phone's data, or wiped). */
  pin: PinWrap | null;
  failures: number;
  /** The outbox key wrapped under a key the server keeps for this account (field_device_keys). */
  escrow: { deviceKeyId: string; wrapped: Uint8Array<ArrayBuffer> } | null;
  /** Why the phone's data were wiped (shown until the next PIN is set); null while in use. */
  wiped: null | 'pin' | 'revoked' | 'logout';
  /** The session alive at a wrong-PIN wipe must be ended before anything is unlocked again. */
  mustEndSession: boolean;
}

export class FieldDatabase extends Dexie {
  households!: Table<SyncHousehold, string>;
  people!: Table<SyncPerson, string>;
  meta!: Table<MetaRow, MetaKey>;
  outbox!: Table<OutboxRow, number>;
  myEvents!: Table<MyEvent, string>;
  attachments!: Table<PendingAttachment, string>;
  myActivities!: Table<MyActivity, string>;
  mySessions!: Table<MySession, string>;
  vault!: Table<VaultRow, 'lock'>;

  constructor() {
    super(FIELD_DB_NAME);
    this.version(1).stores({
      households: 'id, assignedMemberId, cardCode',
      people: 'id, householdId',
      meta: 'key',
      outbox: '++seq, &id, state, ref',
      myEvents: 'id, eventDate, recordedAt, state, householdId',
    });
    // Photos waiting in the outbox with the mutation that claims them.
    this.version(2).stores({ attachments: 'id, mutationId, state' });
    // Communication activities recorded on this phone (the outbox holds them until sent).
    this.version(3).stores({ myActivities: 'id, activityOn, recordedAt, state' });
    // Group sessions recorded on this phone (the outbox holds them until sent).
    this.version(4).stores({ mySessions: 'id, sessionDate, recordedAt, state' });
    // The PIN lock (issue 19); the other tables are sealed from here on.
    this.version(5).stores({ vault: 'key' });
    this.use(sealingMiddleware);
  }
}

let instance: FieldDatabase | null = null;
export function fieldDb(): FieldDatabase {
  instance ??= new FieldDatabase();
  return instance;
}

export async function getMeta<K extends MetaKey>(key: K): Promise<MetaValues[K] | undefined> {
  const row = await fieldDb().meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(key: K, value: MetaValues[K]): Promise<void> {
  await fieldDb().meta.put({ key, value });
}

export async function getMetas<K extends MetaKey>(keys: readonly K[]): Promise<Partial<Pick<MetaValues, K>>> {
  const rows = await fieldDb().meta.bulkGet([...keys]);
  const out: Partial<Pick<MetaValues, K>> = {};
  rows.forEach((row, i) => {
    if (row) (out as Record<string, unknown>)[keys[i]] = row.value;
  });
  return out;
}

/** Wipes everything, the outbox and the lock included: only for a different account on this phone (after asking). */
export async function clearFieldData(): Promise<void> {
  const db = fieldDb();
  setKeys(null);
  await db.transaction('rw', [db.households, db.people, db.meta, db.outbox, db.myEvents, db.attachments, db.myActivities, db.mySessions, db.vault], async () => {
    await Promise.all([db.households.clear(), db.people.clear(), db.meta.clear(), db.outbox.clear(), db.myEvents.clear(), db.attachments.clear(), db.myActivities.clear(), db.mySessions.clear(), db.vault.clear()]);
  });
}

/**
 * Wipes the village and everything recorded on the phone except the unsent outbox (and its
 * photos), which stays sealed under the outbox key; only the server's device key (after a
 * password login) opens it again. The keys leave memory and the PIN's wrap is deleted.
 */
export async function wipeKeepingOutbox(reason: 'pin' | 'revoked' | 'logout'): Promise<void> {
  const db = fieldDb();
  setKeys(null);
  await db.transaction('rw', [db.households, db.people, db.meta, db.outbox, db.myEvents, db.attachments, db.myActivities, db.mySessions, db.vault], async () => {
    await Promise.all([db.households.clear(), db.people.clear(), db.meta.clear(), db.myEvents.clear(), db.myActivities.clear(), db.mySessions.clear()]);
    const unsent = await db.outbox.count();
    if (!unsent) await db.attachments.clear();
    const vault = await db.vault.get('lock');
    if (vault) {
      await db.vault.put({
        ...vault, pin: null, failures: 0, wiped: reason, mustEndSession: reason !== 'logout',
        escrow: unsent ? vault.escrow : null,
      });
    }
  });
}

export function getVault(): Promise<VaultRow | undefined> {
  return fieldDb().vault.get('lock');
}

/** Whether this browser holds field data at all (without creating the database). */
export function fieldDataExists(): Promise<boolean> {
  return Dexie.exists(FIELD_DB_NAME);
}
