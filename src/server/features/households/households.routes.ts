// Households: list by village, detail with members and former members, create with the
// head person, edit (version-checked), change the head.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreateHouseholdSchema, HouseholdListQuerySchema, UpdateHouseholdSchema } from '../../../shared/households.ts';
import { z } from '../../../shared/validation.ts';
import { requireAuth } from '../../http/access.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { createHousehold, householdDetail, listHouseholds, updateHousehold } from './households.service.ts';

const TAGS = ['Hộ gia đình'];
const IdParams = z.object({ id: z.uuid({ message: 'Mã hộ không hợp lệ.' }) });

export async function householdRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/households', { config: { access: 'registry.read' }, schema: { tags: TAGS, summary: 'Danh sách hộ trong phạm vi (lọc theo thôn, tìm theo chủ hộ/địa chỉ/số hộ)', querystring: HouseholdListQuerySchema } }, async (request) => {
    const result = await listHouseholds(request.db, requireAuth(request).scope, request.query);
    // A list shows heads' names and phones: who saw which households is kept.
    if (result.items.length) {
      await recordAudit(request, { action: request.query.q ? 'search' : 'list', entity: 'household', detail: { ...request.query, results: result.total, ids: result.items.map((h) => h.id) } });
    }
    return result;
  });

  app.get('/api/households/:id', { config: { access: 'registry.read' }, schema: { tags: TAGS, summary: 'Chi tiết hộ và các thành viên (được ghi nhật ký)', params: IdParams } }, async (request) =>
    householdDetail(request, request.params.id),
  );

  app.post('/api/households', { config: { access: 'registry.write' }, schema: { tags: TAGS, summary: 'Thêm hộ cùng chủ hộ', body: CreateHouseholdSchema } }, async (request, reply) => {
    reply.status(201);
    return createHousehold(request, request.body);
  });

  app.patch('/api/households/:id', { config: { access: 'registry.write' }, schema: { tags: TAGS, summary: 'Sửa hộ hoặc đổi chủ hộ (kiểm tra phiên bản)', params: IdParams, body: UpdateHouseholdSchema } }, async (request) =>
    updateHousehold(request, request.params.id, request.body),
  );
}
