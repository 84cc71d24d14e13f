// Support at the desk: record an event (or a correction), a household's history of support,
// and a person's digital status as of a date. The phone records through /api/sync/push,
// which calls the same service.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SupportEventInputSchema } from '../../../shared/support.ts';
import { IsoDateSchema, z } from '../../../shared/validation.ts';
import { requireAuth } from '../../http/access.ts';
import { actorFrom } from '../../http/actor.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { findPerson } from '../people/people.service.ts';
import { digitalStatusAsOf, householdSupportHistory, recordSupportEvent } from './support.service.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

const TAGS = ['Hỗ trợ người dân'];

export async function supportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/support-events', {
    config: { access: 'support.record' },
    schema: {
      tags: TAGS,
      summary: 'Ghi một lượt hỗ trợ (hoặc lượt sửa một lượt trước). Gửi lại cùng mã và cùng nội dung không ghi thêm.',
      body: SupportEventInputSchema,
    },
  }, async (request, reply) => {
    const auth = requireAuth(request);
    const { event, created } = await recordSupportEvent(request.db, actorFrom(request), request.body);
    reply.status(created ? 201 : 200);
    return { ...event!, created };
  });

  app.get('/api/households/:id/support-events', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Lịch sử hỗ trợ của một hộ (mới nhất trước), gồm các lượt đã được sửa', params: z.object({ id: z.uuid({ message: 'Mã hộ không hợp lệ.' }) }) },
  }, async (request) => {
    const auth = requireAuth(request);
    const { household, items } = await householdSupportHistory(request.db, auth.scope, request.params.id);
    await recordAudit(request, { action: 'list', entity: 'support_event', orgUnitId: household.villageId, detail: { householdId: household.id, ids: items.map((e) => e.id) } });
    return { items };
  });

  app.get('/api/people/:id/digital-status', {
    config: { access: 'registry.read' },
    schema: {
      tags: TAGS,
      summary: 'Tình trạng số của một người tại một ngày (mặc định hôm nay), kèm lượt hỗ trợ đã làm nên từng mục',
      params: z.object({ id: z.uuid({ message: 'Mã nhân khẩu không hợp lệ.' }) }),
      querystring: z.object({ asOf: IsoDateSchema.optional() }),
    },
  }, async (request) => {
    const auth = requireAuth(request);
    const person = await findPerson(request.db, auth.scope, request.params.id);
    const result = await digitalStatusAsOf(request.db, person.id, request.query.asOf ?? todayInVietnam());
    await recordAudit(request, { action: 'read', entity: 'person_digital_status', entityId: person.id, orgUnitId: person.village_id, detail: { asOf: result.asOf } });
    return { ...result, hasSmartphone: person.has_smartphone ?? null };
  });
}
