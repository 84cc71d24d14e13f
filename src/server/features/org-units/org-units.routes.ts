// The org tree: read within one's subtree; admins add, rename and deactivate units.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { CHILD_LEVEL, CreateOrgUnitSchema, UpdateOrgUnitSchema } from '../../../shared/org-units.ts';
import { z } from '../../../shared/validation.ts';
import { requireAuth } from '../../http/access.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { inScope } from '../../http/scope.ts';
import { recordAudit } from '../audit/audit.record.ts';

const TAGS = ['Đơn vị hành chính'];
const IdParams = z.object({ id: z.coerce.number().int().positive({ message: 'Mã đơn vị không hợp lệ.' }) });
// Not z.coerce.boolean(): it reads the text "false" as true.
const IncludeInactiveSchema = z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1');

const present = (u: { id: number; parent_id: number | null; level: string; code: string | null; name: string; path: string; active: boolean }) => ({
  id: u.id, parentId: u.parent_id, level: u.level, code: u.code, name: u.name, path: u.path, active: u.active,
});

async function findUnit(request: FastifyRequest, id: number) {
  const auth = requireAuth(request);
  const unit = await request.db.selectFrom('org_units').selectAll().where('id', '=', id).where(inScope(auth.scope, 'id')).executeTakeFirst();
  if (!unit) throw notFound('Không tìm thấy đơn vị.');
  return unit;
}

export async function orgUnitRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/org-units', {
    config: { access: 'org.read' },
    schema: { tags: TAGS, summary: 'Cây đơn vị trong phạm vi của tài khoản (danh sách phẳng, theo đường dẫn)', querystring: z.object({ includeInactive: IncludeInactiveSchema }) },
  }, async (request) => {
    const auth = requireAuth(request);
    let query = request.db.selectFrom('org_units').selectAll().where(inScope(auth.scope, 'id'));
    if (!request.query.includeInactive) query = query.where('active', '=', true);
    const rows = await query.orderBy('path').execute();
    // Siblings in name order under their parent (path order follows creation, not names).
    return { items: rows.map(present) };
  });

  app.get('/api/org-units/:id', { config: { access: 'org.read' }, schema: { tags: TAGS, summary: 'Một đơn vị và các đơn vị cấp trên', params: IdParams } }, async (request) => {
    const unit = await findUnit(request, request.params.id);
    const ancestorIds = unit.path.split('/').filter(Boolean).map(Number);
    const ancestors = await request.db.selectFrom('org_units').selectAll().where('id', 'in', ancestorIds).orderBy('path').execute();
    return { ...present(unit), ancestors: ancestors.filter((a) => a.id !== unit.id).map(present) };
  });

  app.post('/api/org-units', { config: { access: 'org.manage' }, schema: { tags: TAGS, summary: 'Thêm đơn vị (xã dưới tỉnh, thôn dưới xã)', body: CreateOrgUnitSchema } }, async (request) => {
    const parent = await findUnit(request, request.body.parentId).catch(() => {
      throw invalid('parentId', 'Đơn vị cấp trên không tồn tại hoặc ngoài phạm vi của bạn.');
    });
    const level = CHILD_LEVEL[parent.level];
    if (!level) throw invalid('parentId', 'Không thể thêm đơn vị dưới cấp thôn.');
    const { id } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('org_units', 'id'))::int AS id`.execute(request.db).then((r) => r.rows[0]);
    const created = await request.db
      .insertInto('org_units')
      .values({ id, parent_id: parent.id, level, name: request.body.name, code: request.body.code ?? null, path: `${parent.path}${id}/` })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(request, { action: 'create', entity: 'org_unit', entityId: id, orgUnitId: id, after: present(created) });
    return present(created);
  });

  app.patch('/api/org-units/:id', { config: { access: 'org.manage' }, schema: { tags: TAGS, summary: 'Sửa tên, mã hoặc ngừng sử dụng đơn vị', params: IdParams, body: UpdateOrgUnitSchema } }, async (request) => {
    const before = await findUnit(request, request.params.id);
    const body = request.body;
    const after = await request.db
      .updateTable('org_units')
      .set({
        name: body.name ?? before.name,
        code: body.code === undefined ? before.code : body.code,
        active: body.active ?? before.active,
        updated_at: sql`now()`,
      })
      .where('id', '=', before.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(request, { action: 'update', entity: 'org_unit', entityId: before.id, orgUnitId: before.id, before: present(before), after: present(after) });
    return present(after);
  });
}
