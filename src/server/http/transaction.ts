// One transaction per write request, decided here and nowhere else: every POST/PUT/PATCH/
// DELETE handler runs inside a transaction exposed as `request.db`, and the reply is sent
// only after it commits. A thrown error rolls everything back, audit rows included.
import type { FastifyInstance, RouteHandlerMethod, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerTransactionPerWrite(app: FastifyInstance, db: Kysely<DB>): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => WRITE_METHODS.has(m))) return;
    if (route.config?.transaction === false) return;
    const handler = route.handler as RouteHandlerMethod;
    route.handler = async function transactional(request, reply) {
      return db.transaction().execute(async (trx) => {
        request.db = trx;
        try {
          return await handler.call(this, request, reply);
        } finally {
          request.db = db;
        }
      });
    };
  });
}
