// The keys the server keeps for phones' outboxes (README "Dữ liệu cá nhân trên điện thoại"). A
// phone gets a new one when its PIN is set (it wraps its outbox key under it and forgets it);
// it gets it back only through a live session of the same account, i.e. after a password
// login, to open the unsent work a wipe left sealed. Both are audited.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';

export interface DeviceKey {
  id: string;
  /** 32 bytes, base64url. */
  key: string;
}

export async function createDeviceKey(db: Kysely<DB>, actor: Actor): Promise<DeviceKey> {
  const id = uuidv7();
  const secret = randomBytes(32);
  await db.insertInto('field_device_keys').values({ id, account_id: actor.accountId, secret }).execute();
  await writeAudit(db, actor, { action: 'create', entity: 'field_device_key', entityId: id, orgUnitId: actor.orgUnitId });
  return { id, key: secret.toString('base64url') };
}

/** Another account's key is answered like a missing one. */
export async function releaseDeviceKey(db: Kysely<DB>, actor: Actor, id: string): Promise<DeviceKey> {
  const row = await db.updateTable('field_device_keys').set({ released_at: new Date() })
    .where('id', '=', id).where('account_id', '=', actor.accountId)
    .returning(['id', 'secret']).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'Không tìm thấy khóa của máy này. Các lượt chưa gửi trên máy không mở được.');
  await writeAudit(db, actor, { action: 'read', entity: 'field_device_key', entityId: id, orgUnitId: actor.orgUnitId });
  return { id: row.id, key: Buffer.from(row.secret).toString('base64url') };
}
