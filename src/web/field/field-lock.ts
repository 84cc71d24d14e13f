// The PIN lock of the field app (README "Dữ liệu cá nhân trên điện thoại"): set at an online
// login, asked on every start, 5 wrong PINs wipe the village from the phone while the unsent
// outbox stays sealed for the account's next password login.
import { request } from '../app/api.ts';
import type { Me } from '../app/types.ts';
import {
  fromBase64, newKeys, setKeys, unwrapOutboxFromServer, unwrapUnderPin, wrapOutboxForServer, wrapUnderPin, type FieldKeys,
} from './field-crypto.ts';
import { fieldDb, getVault, wipeKeepingOutbox, type VaultRow } from './field-db.ts';

export const MAX_PIN_FAILURES = 5;
export const PIN_MIN_LENGTH = 6;

/** A Vietnamese reason the PIN cannot be used, or null. */
export function pinProblem(pin: string): string | null {
  if (!/^\d+$/.test(pin)) return 'Mã PIN chỉ gồm chữ số.';
  if (pin.length < PIN_MIN_LENGTH) return `Mã PIN cần ít nhất ${PIN_MIN_LENGTH} chữ số.`;
  if (pin.length > 12) return 'Mã PIN dài tối đa 12 chữ số.';
  if (/^(\d)\1+$/.test(pin)) return 'Mã PIN không được gồm một chữ số lặp lại.';
  const digits = [...pin].map(Number);
  const step = digits[1] - digits[0];
  if (Math.abs(step) === 1 && digits.every((d, i) => i === 0 || d - digits[i - 1] === step)) return 'Mã PIN không được là dãy số liên tiếp (như 123456).';
  return null;
}

interface DeviceKey {
  id: string;
  key: string;
}

/**
 * Sets the PIN on a phone whose data are not locked (first use, or after a wipe). The outbox a
 * wipe left sealed is opened with the server's key for this account (only a live session of
 * the same account gets it), then everything is sealed under fresh keys; data stored before
 * encryption existed are sealed too.
 */
export async function setPin(me: Me, pin: string): Promise<void> {
  const db = fieldDb();
  const vault = await getVault();
  if (vault && vault.accountId !== me.id) throw new Error('Máy này đang giữ dữ liệu của tài khoản khác.');
  let outboxKey: Uint8Array<ArrayBuffer> | null = null;
  if (vault?.escrow) {
    const released = await request<DeviceKey>('POST', `/api/sync/device-keys/${vault.escrow.deviceKeyId}/release`, { body: {} });
    outboxKey = await unwrapOutboxFromServer(fromBase64(released.key), vault.escrow.wrapped);
  }
  const fresh = newKeys();
  const keys: FieldKeys = { data: fresh.data, outbox: outboxKey ?? fresh.outbox };
  const created = await request<DeviceKey>('POST', '/api/sync/device-keys', { body: {} });
  const escrow = { deviceKeyId: created.id, wrapped: await wrapOutboxForServer(fromBase64(created.key), keys.outbox as Uint8Array<ArrayBuffer>) };
  const pinWrap = await wrapUnderPin(pin, keys);
  const plain = !vault ? await readPlainRows() : null;
  setKeys(keys);
  const row: VaultRow = {
    key: 'lock', accountId: me.id, username: me.username, fullName: me.fullName, pin: pinWrap, failures: 0, escrow, wiped: null, mustEndSession: false,
  };
  await db.transaction('rw', [db.vault, db.households, db.people, db.meta, db.myEvents, db.myActivities, db.mySessions, db.outbox, db.attachments], async () => {
    // Rows kept before this version (in clear): written again, now sealed.
    if (plain) {
      for (const [table, rows] of plain) if (rows.length) await db.table(table).bulkPut(rows);
    }
    await db.vault.put(row);
  });
}

/** What a phone held in clear before encryption came: read before the keys are set. */
async function readPlainRows(): Promise<Array<[string, unknown[]]>> {
  const db = fieldDb();
  const out: Array<[string, unknown[]]> = [];
  for (const table of ['households', 'people', 'meta', 'myEvents', 'myActivities', 'mySessions', 'outbox'] as const) {
    out.push([table, await db.table(table).toArray()]);
  }
  const photos = (await db.attachments.toArray()) as unknown as Array<Record<string, unknown>>;
  const converted = await Promise.all(photos.map(async ({ blob, ...rest }) => (blob instanceof Blob ? { ...rest, bytes: new Uint8Array(await blob.arrayBuffer()) } : rest)));
  out.push(['attachments', converted]);
  return out;
}

export type UnlockResult = { ok: true } | { ok: false; left: number } | { ok: false; wiped: true };

/** The failure is counted before the PIN is tried: closing the page mid-try does not get one free. */
export async function unlock(pin: string): Promise<UnlockResult> {
  const db = fieldDb();
  const vault = await getVault();
  if (!vault?.pin) return { ok: false, wiped: true };
  const failures = vault.failures + 1;
  await db.vault.update('lock', { failures });
  const keys = await unwrapUnderPin(pin, vault.pin);
  if (keys) {
    await db.vault.update('lock', { failures: 0 });
    setKeys(keys);
    return { ok: true };
  }
  if (failures >= MAX_PIN_FAILURES) {
    await wipeKeepingOutbox('pin');
    return { ok: false, wiped: true };
  }
  return { ok: false, left: MAX_PIN_FAILURES - failures };
}

/**
 * After a wipe, the session the phone held must end before anything is opened again: a
 * stranger with the phone would otherwise still be "logged in". A refusal (the session is
 * already over) counts as ended; only the network keeps it pending.
 */
export async function endSessionAfterWipe(): Promise<void> {
  try {
    await request('POST', '/api/auth/logout', { body: {}, quiet401: true });
  } catch (error) {
    if ((error as { status?: number }).status === 0) throw error;
  }
  await fieldDb().vault.update('lock', { mustEndSession: false });
}

/** The server ended this session ("Đăng xuất mọi phiên", a disabled account): wipe now. */
export async function wipeAfterRevocation(): Promise<void> {
  await wipeKeepingOutbox('revoked');
}
