// The field app's data at rest is encrypted (README "Dữ liệu cá nhân trên điện thoại"). Two
// random 256-bit keys live only in this module's memory while the app is unlocked: the data
// key (the village, the visits, the phone's meta) and the outbox key (the outbox and its
// photos). On disk they exist only wrapped: both under a key derived from the PIN (Web Crypto
// PBKDF2-SHA-256, AES-GCM), the outbox key also under a key the server keeps for the account,
// so unsent work survives a wipe and is sent after the next password login.
//
// Rows are sealed with AES-256-GCM in a Dexie middleware. That step is synchronous
// (@noble/ciphers): an IndexedDB transaction commits as soon as it waits on anything else,
// and Web Crypto only answers asynchronously, so it cannot run inside one.
import { gcm } from '@noble/ciphers/aes.js';
import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const PIN_ITERATIONS = 600_000;
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface FieldKeys {
  data: Uint8Array;
  outbox: Uint8Array;
}

let keys: FieldKeys | null = null;
const lockListeners = new Set<() => void>();

export function isUnlocked(): boolean {
  return keys !== null;
}
export function setKeys(next: FieldKeys | null): void {
  keys = next;
  lockListeners.forEach((l) => l());
}
export function onLockChange(listener: () => void): () => void {
  lockListeners.add(listener);
  return () => lockListeners.delete(listener);
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}
export function newKeys(): FieldKeys {
  return { data: randomBytes(KEY_BYTES), outbox: randomBytes(KEY_BYTES) };
}

// ---- Key wrapping (Web Crypto) ----

async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function wrapWith(key: CryptoKey, secret: Uint8Array<ArrayBuffer>, label: string): Promise<Uint8Array<ArrayBuffer>> {
  const iv = randomBytes(NONCE_BYTES);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(label) }, key, secret));
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, NONCE_BYTES);
  return out;
}

/** Throws when the key is wrong (GCM's tag does not match). */
async function unwrapWith(key: CryptoKey, wrapped: Uint8Array, label: string): Promise<Uint8Array<ArrayBuffer>> {
  const iv = wrapped.slice(0, NONCE_BYTES);
  const body = wrapped.slice(NONCE_BYTES);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(label) }, key, body));
}

export interface PinWrap {
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
  /** data key ‖ outbox key, sealed under the PIN's key. */
  wrapped: Uint8Array<ArrayBuffer>;
}

export async function wrapUnderPin(pin: string, k: FieldKeys): Promise<PinWrap> {
  const salt = randomBytes(16);
  const key = await pinKey(pin, salt, PIN_ITERATIONS);
  const both = new Uint8Array(KEY_BYTES * 2);
  both.set(k.data);
  both.set(k.outbox, KEY_BYTES);
  return { salt, iterations: PIN_ITERATIONS, wrapped: await wrapWith(key, both, 'cnscd-field-pin') };
}

/** The keys, or null when the PIN is wrong. */
export async function unwrapUnderPin(pin: string, wrap: PinWrap): Promise<FieldKeys | null> {
  const key = await pinKey(pin, wrap.salt, wrap.iterations);
  try {
    const both = await unwrapWith(key, wrap.wrapped, 'cnscd-field-pin');
    return { data: both.slice(0, KEY_BYTES), outbox: both.slice(KEY_BYTES) };
  } catch {
    return null;
  }
}

async function escrowKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}
/** The outbox key sealed under the key the server keeps for this phone and account. */
export async function wrapOutboxForServer(serverKey: Uint8Array<ArrayBuffer>, outbox: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return wrapWith(await escrowKey(serverKey), outbox, 'cnscd-field-escrow');
}
export async function unwrapOutboxFromServer(serverKey: Uint8Array<ArrayBuffer>, wrapped: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return unwrapWith(await escrowKey(serverKey), wrapped, 'cnscd-field-escrow');
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out;
}

// ---- Rows at rest (the Dexie middleware) ----

/**
 * Per table: which key seals it and which fields stay readable (the primary key and the
 * indexed fields, which IndexedDB must see; for the outbox also its kind, so the lock screen
 * can say how many visits wait). Every other field is in the sealed part.
 */
const SEALED: Record<string, { key: keyof FieldKeys; clear: string[]; binary?: string }> = {
  households: { key: 'data', clear: ['id', 'assignedMemberId', 'cardCode'] },
  people: { key: 'data', clear: ['id', 'householdId'] },
  meta: { key: 'data', clear: ['key'] },
  myEvents: { key: 'data', clear: ['id', 'eventDate', 'recordedAt', 'state', 'householdId'] },
  myActivities: { key: 'data', clear: ['id', 'activityOn', 'recordedAt', 'state'] },
  mySessions: { key: 'data', clear: ['id', 'sessionDate', 'recordedAt', 'state'] },
  outbox: { key: 'outbox', clear: ['seq', 'id', 'state', 'ref', 'kind'] },
  attachments: { key: 'outbox', clear: ['id', 'mutationId', 'state'], binary: 'bytes' },
};

export class FieldLockedError extends Error {
  constructor() {
    super('Ứng dụng đang khóa: hãy nhập mã PIN.');
    this.name = 'FieldLockedError';
  }
}

function seal(table: string, value: Record<string, unknown>): Record<string, unknown> {
  const spec = SEALED[table];
  if (!keys) throw new FieldLockedError();
  const key = keys[spec.key];
  const out: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (spec.clear.includes(k)) out[k] = v;
    else if (k !== spec.binary) rest[k] = v;
  }
  const aad = encoder.encode(table);
  const nonce = randomBytes(NONCE_BYTES);
  out._n = nonce;
  out._s = gcm(key, nonce, aad).encrypt(encoder.encode(JSON.stringify(rest)));
  if (spec.binary && value[spec.binary] instanceof Uint8Array) {
    const nonceB = randomBytes(NONCE_BYTES);
    out._nb = nonceB;
    out._b = gcm(key, nonceB, aad).encrypt(value[spec.binary] as Uint8Array);
  }
  return out;
}

/** A sealed row opened; locked: only its readable fields. A row from before encryption passes. */
function open(table: string, stored: unknown): unknown {
  if (!stored || typeof stored !== 'object' || !('_s' in stored)) return stored;
  const spec = SEALED[table];
  const row = stored as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of spec.clear) if (k in row) out[k] = row[k];
  if (!keys) return out;
  const key = keys[spec.key];
  const aad = encoder.encode(table);
  Object.assign(out, JSON.parse(decoder.decode(gcm(key, row._n as Uint8Array, aad).decrypt(row._s as Uint8Array))), out);
  if (spec.binary && row._b) out[spec.binary] = gcm(key, row._nb as Uint8Array, aad).decrypt(row._b as Uint8Array);
  return out;
}

function openedCursor(cursor: DBCoreCursor, table: string): DBCoreCursor {
  return Object.create(cursor, {
    value: { get: () => open(table, cursor.value) },
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    continue: { value: (key?: unknown) => cursor.continue(key) },
    continuePrimaryKey: { value: (key: unknown, primaryKey: unknown) => cursor.continuePrimaryKey(key, primaryKey) },
    advance: { value: (count: number) => cursor.advance(count) },
    start: { value: (onNext: () => void) => cursor.start(onNext) },
    stop: { value: (value?: unknown) => cursor.stop(value) },
    next: { value: () => cursor.next() },
    fail: { value: (error: Error) => cursor.fail(error) },
  }) as DBCoreCursor;
}

function sealedTable(table: DBCoreTable, name: string): DBCoreTable {
  return {
    ...table,
    mutate: (req) => (req.type === 'add' || req.type === 'put'
      ? table.mutate({ ...req, values: req.values.map((v) => seal(name, v as Record<string, unknown>)) })
      : table.mutate(req)),
    get: (req) => table.get(req).then((v) => open(name, v)),
    getMany: (req) => table.getMany(req).then((vs) => vs.map((v) => open(name, v))),
    query: (req) => table.query(req).then((res) => (req.values ? { ...res, result: res.result.map((v) => open(name, v)) } : res)),
    openCursor: (req) => table.openCursor(req).then((cursor) => (cursor && req.values !== false ? openedCursor(cursor, name) : cursor)),
  };
}

export const sealingMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'cnscd-field-sealing',
  create: (down) => ({
    ...down,
    table: (name) => (SEALED[name] ? sealedTable(down.table(name), name) : down.table(name)),
  }),
};
