// The audit log, read-only: admins browse and filter it. There is no route that changes it,
// and the database refuses UPDATE/DELETE on it anyway.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { IsoDateSchema, z } from '../../../shared/validation.ts';
import { requireAuth } from '../../http/access.ts';
import { inScope } from '../../http/scope.ts';
import { pageQuery } from '../../../shared/pagination.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';
import { recordAudit } from './audit.record.ts';

const AuditQuerySchema = z.object({
  entity: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(60).optional(),
  accountId: z.uuid().optional(),
  action: z.string().trim().max(40).optional(),
  from: IsoDateSchema.optional(),
  to: IsoDateSchema.optional(),
  ...pageQuery({ default: 50, max: 200, maxPage: 100000 }),
});

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/audit', { config: { access: 'audit.read' }, schema: { tags: ['Nhật ký'], summary: 'Nhật ký thay đổi và truy cập dữ liệu cá nhân', querystring: AuditQuerySchema } }, async (request) => {
    const auth = requireAuth(request);
    const q = request.query;
    let base = request.db
      .selectFrom('audit_log as l')
      .leftJoin('accounts as a', 'a.id', 'l.account_id')
      // Entries without a unit (logouts, searches) are shown to admins of the acting account's
      // area; those without an account either (failed logins) to every admin.
      .where((eb) => eb.or([
        inScope(auth.scope, 'l.org_unit_id'),
        eb.and([eb('l.org_unit_id', 'is', null), eb.or([eb('l.account_id', 'is', null), inScope(auth.scope, 'a.org_unit_id')])]),
      ]));
    if (q.entity) base = base.where('l.entity', '=', q.entity);
    if (q.entityId) base = base.where('l.entity_id', '=', q.entityId);
    if (q.accountId) base = base.where('l.account_id', '=', q.accountId);
    if (q.action) base = base.where('l.action', '=', q.action);
    if (q.from) base = base.where('l.at', '>=', new Date(`${q.from}T00:00:00+07:00`));
    if (q.to) base = base.where('l.at', '<', new Date(new Date(`${q.to}T00:00:00+07:00`).getTime() + 86_400_000));
    const [rows, total] = await Promise.all([
      base.select(['l.id', 'l.at', 'l.account_id', 'a.full_name as account_name', 'a.username', 'l.action', 'l.entity', 'l.entity_id', 'l.org_unit_id', 'l.before', 'l.after', 'l.detail', 'l.ip'])
        .orderBy('l.id', 'desc').limit(pageWindow(q).limit).offset(pageWindow(q).offset).execute(),
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    // Reading the log is itself kept: who looked, for what, and how much they saw.
    await recordAudit(request, { action: 'read', entity: 'audit_log', detail: { ...q, results: total.n } });
    return pageAnswer(q, rows.map((r) => ({
      id: r.id, at: r.at, accountId: r.account_id, accountName: r.account_name, username: r.username, action: r.action,
      entity: r.entity, entityId: r.entity_id, orgUnitId: r.org_unit_id, before: r.before, after: r.after, detail: r.detail, ip: r.ip,
    })), total.n);
  });
}
