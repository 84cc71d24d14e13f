// Writes audit rows. Called inside the same transaction as the change it records, so a
// change and its audit entry are stored together or not at all.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

export type AuditAction =
  | 'create' | 'update' | 'move' | 'end_residence' | 'disable' | 'enable' | 'reset_password'
  | 'read' | 'list' | 'reveal_cccd' | 'search' | 'export'
  | 'login' | 'login_failed' | 'logout' | 'change_password' | 'revoke_session'
  | 'sync_pull';

export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId?: string | number | null;
  orgUnitId?: number | null;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

export async function recordAudit(request: FastifyRequest, entry: AuditEntry, db: Kysely<DB> = request.db): Promise<void> {
  await writeAudit(db, entry, { accountId: request.auth?.accountId ?? null, ip: request.ip, requestId: String(request.id) });
}

type AuditActor = { accountId: string | null; ip?: string | null; requestId?: string | null };

export async function writeAudit(db: Kysely<DB>, entry: AuditEntry, actor: AuditActor): Promise<void> {
  await writeAuditMany(db, [entry], actor);
}

/** Several entries of one actor in one INSERT (a sync group's events). */
export async function writeAuditMany(db: Kysely<DB>, entries: AuditEntry[], actor: AuditActor): Promise<void> {
  if (!entries.length) return;
  await db
    .insertInto('audit_log')
    .values(entries.map((entry) => ({
      account_id: actor.accountId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      org_unit_id: entry.orgUnitId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ip: actor.ip ?? null,
      request_id: actor.requestId ?? null,
    })))
    .execute();
}
