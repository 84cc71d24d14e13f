// Writes audit rows. Called inside the same transaction as the change it records, so a
// change and its audit entry are stored together or not at all.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Actor, type Origin, actorFrom, originFrom } from '../../http/actor.ts';

export type AuditAction =
  | 'create' | 'update' | 'delete' | 'move' | 'end_residence' | 'disable' | 'enable' | 'reset_password'
  | 'read' | 'list' | 'reveal_cccd' | 'search' | 'export'
  | 'login' | 'login_failed' | 'login_locked' | 'logout' | 'change_password' | 'revoke_session'
  | 'sync_pull'
  // A request refused (401, 403, 404 on a record, 429), and a CCCD that a write was refused
  // for because someone else holds it (refusal-audit.ts, cccd-probes.ts).
  | 'refused' | 'cccd_conflict';

export interface AuditEntry {
  action: AuditAction;
  entity: string;
  entityId?: string | number | null;
  orgUnitId?: number | null;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

/**
 * The audit rows of one actor in one INSERT: the Actor, or an Origin alone where nobody is
 * logged in (a failed login, the CLI) with the account when one is known (a login).
 */
export async function writeAudit(db: Kysely<DB>, by: Origin & Partial<Pick<Actor, 'accountId'>>, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (!list.length) return;
  const accountId = by.accountId ?? null;
  await db
    .insertInto('audit_log')
    .values(list.map((entry) => ({
      account_id: accountId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      org_unit_id: entry.orgUnitId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ip: by.ip,
      request_id: by.requestId,
    })))
    .execute();
}

/**
 * The request-shaped form the routes and services not yet on (db, actor, input) still call
 * (people, households, exports, door cards, indicators' lists, accounts' routes); it goes with them.
 */
export async function recordAudit(request: FastifyRequest, entry: AuditEntry, db: Kysely<DB> = request.db): Promise<void> {
  await writeAudit(db, request.auth ? actorFrom(request) : originFrom(request), entry);
}
