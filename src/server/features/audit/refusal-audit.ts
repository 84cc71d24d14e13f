// Audit rows that must outlive the request's transaction: refusals (401, 403, a 404 on a
// record, 429, a CSRF failure) and CCCD checks that refused a write. A write request runs in
// one transaction that a refusal rolls back, audit rows included (http/transaction.ts); so
// these rows wait here, keyed by the request, and are written by the onSend hook on the plain
// database once the transaction is over (committed or rolled back). On PGlite a write from
// inside the open transaction would wait for it forever: it has one connection.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Actor, type Origin, originFrom } from '../../http/actor.ts';
import { type AuditEntry, writeAudit } from './audit.record.ts';

type By = Origin & Partial<Pick<Actor, 'accountId'>>;

const pending = new Map<string, Array<{ by: By; entries: AuditEntry[] }>>();

/**
 * Keeps audit rows to be written after the request, whatever becomes of its transaction.
 * Outside HTTP (no request id: the CLI, a worker) they are written by nobody: there a refusal
 * is an exception the operator sees.
 */
export function auditEvenIfRefused(by: By, entries: AuditEntry[]): void {
  if (!by.requestId || !entries.length) return;
  const list = pending.get(by.requestId) ?? [];
  list.push({ by: { accountId: by.accountId, ip: by.ip, requestId: by.requestId }, entries });
  pending.set(by.requestId, list);
}

/** Which refusals are kept, and as what. */
export function refusalEntry(request: FastifyRequest, status: number, payload: unknown): AuditEntry | undefined {
  const route = request.routeOptions.url;
  if (!route?.startsWith('/api/') || !request.routeOptions.config?.access) return undefined;
  if (![401, 403, 404, 429].includes(status)) return undefined;
  // A failed login has its own audit row (login_failed) and its own throttle.
  if (route === '/api/auth/login' || route.startsWith('/api/auth/login/')) return undefined;
  // The web app asking "am I logged in?" without a cookie is not a refusal of anything.
  if (status === 401 && route === '/api/auth/me' && !request.headers.cookie?.includes('cnscd_session')) return undefined;
  const params = (request.params ?? {}) as Record<string, unknown>;
  // A 404 matters on a record asked for by its id (someone else's person, household, batch);
  // a list answering nothing is not a refusal.
  if (status === 404 && !route.includes(':')) return undefined;
  let code: string | undefined;
  if (typeof payload === 'string' && payload.startsWith('{')) {
    try { code = (JSON.parse(payload) as { error?: { code?: string } }).error?.code; } catch { code = undefined; }
  }
  const id = typeof params.id === 'string' || typeof params.id === 'number' ? String(params.id) : null;
  return {
    action: 'refused', entity: entityOf(route), entityId: id,
    detail: { status, code: code ?? null, method: request.method, route },
  };
}

/** /api/people/:id/reveal-cccd → person; /api/imports/:id → import; the route's first word. */
function entityOf(route: string): string {
  const word = route.split('/')[2] ?? 'api';
  const singular: Record<string, string> = { people: 'person', households: 'household', imports: 'import_batch', accounts: 'account', audit: 'audit_log' };
  return singular[word] ?? word;
}

export function registerRefusalAudit(app: FastifyInstance, db: Kysely<DB>): void {
  const flush = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = String(request.id);
    const list = pending.get(key) ?? [];
    pending.delete(key);
    const refusal = refusalEntry(request, reply.statusCode, payload);
    if (refusal) list.push({ by: request.auth ? { accountId: request.auth.accountId, ...originFrom(request) } : originFrom(request), entries: [refusal] });
    for (const { by, entries } of list) {
      try {
        await writeAudit(db, by, entries);
      } catch (error) {
        // The answer still goes out; the operator sees that the audit row was lost.
        request.log.error({ err: error }, 'could not write a refusal to the audit log');
      }
    }
  };
  app.addHook('onSend', async (request, reply, payload) => {
    await flush(request, reply, payload);
    return payload;
  });
  // A request that ended without sending (the client went away): its rows are not kept waiting.
  app.addHook('onResponse', async (request) => { pending.delete(String(request.id)); });
}
