// People: search and list within scope, detail (audited read), add, edit, move to another
// household, record a move-out or death, and reveal a CCCD (audited).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreatePersonSchema, EndResidenceSchema, MovePersonSchema, PeopleListQuerySchema, UpdatePersonSchema } from '../../../shared/people.ts';
import { z } from '../../../shared/validation.ts';
import { requireAuth } from '../../http/access.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { createPerson, endResidence, movePerson, personDetail, presentPersonSummary, revealCccd, searchPeople, updatePerson } from './people.service.ts';

const TAGS = ['Nhân khẩu'];
const IdParams = z.object({ id: z.uuid({ message: 'Mã nhân khẩu không hợp lệ.' }) });

export async function peopleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const read = { access: 'registry.read' as const };
  const write = { access: 'registry.write' as const };

  app.get('/api/people', {
    config: read,
    schema: { tags: TAGS, summary: 'Tìm nhân khẩu theo tên (có hoặc không dấu) hoặc số CCCD; lọc theo thôn, hộ, trạng thái', querystring: PeopleListQuerySchema },
  }, async (request) => {
    const auth = requireAuth(request);
    const result = await searchPeople(request.db, auth.scope, request.query);
    // A list shows names and birth years: who saw whom is kept, as for a detail view. A search
    // by CCCD is kept even when it found nobody: trying numbers shows in the log.
    if (result.items.length || result.searchedBy === 'cccd') {
      const { q, ...filters } = request.query;
      await recordAudit(request, {
        action: q ? 'search' : 'list', entity: 'person',
        detail: { q: result.searchedBy === 'cccd' ? 'CCCD ***' : q, ...filters, results: result.total, ids: result.items.map((p) => p.id) },
      });
    }
    return result;
  });

  app.get('/api/people/:id', { config: read, schema: { tags: TAGS, summary: 'Chi tiết nhân khẩu (được ghi nhật ký)', params: IdParams } }, async (request) =>
    personDetail(request, request.params.id),
  );

  app.post('/api/people/:id/reveal-cccd', { config: { access: 'people.cccd.reveal' }, schema: { tags: TAGS, summary: 'Xem số CCCD đầy đủ (được ghi nhật ký)', params: IdParams } }, async (request) =>
    revealCccd(request, request.params.id),
  );

  app.post('/api/people', { config: write, schema: { tags: TAGS, summary: 'Thêm nhân khẩu vào một hộ', body: CreatePersonSchema } }, async (request, reply) => {
    reply.status(201);
    return presentPersonSummary(await createPerson(request, request.body));
  });

  app.patch('/api/people/:id', { config: write, schema: { tags: TAGS, summary: 'Sửa thông tin nhân khẩu (kiểm tra phiên bản)', params: IdParams, body: UpdatePersonSchema } }, async (request) =>
    presentPersonSummary(await updatePerson(request, request.params.id, request.body)),
  );

  app.post('/api/people/:id/move', { config: write, schema: { tags: TAGS, summary: 'Chuyển nhân khẩu sang hộ khác (giữ lịch sử cư trú)', params: IdParams, body: MovePersonSchema } }, async (request) =>
    presentPersonSummary(await movePerson(request, request.params.id, request.body)),
  );

  app.post('/api/people/:id/end-residence', { config: write, schema: { tags: TAGS, summary: 'Ghi nhận chuyển đi hoặc qua đời (giữ lịch sử)', params: IdParams, body: EndResidenceSchema } }, async (request) =>
    presentPersonSummary(await endResidence(request, request.params.id, request.body)),
  );
}
