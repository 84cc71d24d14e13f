// Registry lists as .xlsx files, streamed. GET routes: no transaction wraps them, and the
// audit row is committed before the file starts.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireAuth } from '../../http/access.ts';
import { HouseholdExportQuerySchema, PeopleExportQuerySchema } from './exports.schema.ts';
import { type XlsxExport, exportHouseholds, exportPeople } from './exports.service.ts';
import { XLSX_CONTENT_TYPE } from './xlsx-stream.ts';

function sendXlsx(reply: FastifyReply, file: XlsxExport) {
  return reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', file.disposition)
    .header('cache-control', 'no-store')
    .header('x-export-rows', String(file.rows))
    .send(file.stream);
}

export async function exportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/people/export.xlsx', {
    config: { access: 'registry.read' },
    schema: {
      tags: ['Nhân khẩu'],
      summary: 'Xuất danh sách nhân khẩu ra Excel theo bộ lọc đang xem (CCCD che bớt, unmask=true nếu được phép; ghi nhật ký)',
      querystring: PeopleExportQuerySchema,
    },
  }, async (request, reply) => {
    requireAuth(request);
    return sendXlsx(reply, await exportPeople(request, request.query));
  });

  app.get('/api/households/export.xlsx', {
    config: { access: 'registry.read' },
    schema: { tags: ['Hộ gia đình'], summary: 'Xuất danh sách hộ ra Excel theo bộ lọc đang xem (ghi nhật ký)', querystring: HouseholdExportQuerySchema },
  }, async (request, reply) => {
    requireAuth(request);
    return sendXlsx(reply, await exportHouseholds(request, request.query));
  });
}
