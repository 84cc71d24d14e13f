// The year's plan (kế hoạch): each route its permission, its schemas (the answer's too), one call.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  PlanIdParamsSchema,
  PlanInputSchema,
  PlanListAnswerSchema,
  PlanListQuerySchema,
  PlanNextYearSchema,
  PlanUpdateSchema,
  PlanVersionSchema,
  PlanViewSchema,
} from '../../../shared/plans.ts';
import { actorFrom } from '../../http/actor.ts';
import { fileResponse, sendAttachment } from '../../http/attachment.ts';
import { DOCX_TYPE, planFile } from './plan-document.ts';
import { approvePlan, createPlan, draftNextYear, getPlan, listPlansFor, savePlan } from './plans.service.ts';

const TAGS = ['Kế hoạch'];
const params = PlanIdParamsSchema;
const view = { 200: PlanViewSchema };

export async function planRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/plans', {
    config: { access: 'plans.read' },
    schema: { tags: TAGS, summary: 'Kế hoạch năm của các xã trong phạm vi (năm mới nhất trước)', querystring: PlanListQuerySchema, response: { 200: PlanListAnswerSchema } },
  }, async (request) => listPlansFor(request.db, actorFrom(request), request.query));

  app.post('/api/plans', {
    config: { access: 'plans.write' },
    schema: { tags: TAGS, summary: 'Lập dự thảo kế hoạch năm của xã', body: PlanInputSchema, response: view },
  }, async (request) => createPlan(request.db, actorFrom(request), request.body));

  app.get('/api/plans/:id', {
    config: { access: 'plans.read' },
    schema: { tags: TAGS, summary: 'Một kế hoạch: văn bản, chỉ tiêu (của kế hoạch, đang áp dụng, mức đã đạt năm trước), số nhiệm vụ', params, response: view },
  }, async (request) => getPlan(request.db, actorFrom(request), request.params));

  app.put('/api/plans/:id', {
    config: { access: 'plans.write' },
    schema: { tags: TAGS, summary: 'Sửa dự thảo kế hoạch (kèm phiên bản đã xem); chỉ tiêu không thấp hơn mức đã đạt năm trước', params, body: PlanUpdateSchema, response: view },
  }, async (request) => savePlan(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/plans/:id/next-year', {
    config: { access: 'plans.write' },
    schema: {
      tags: TAGS,
      summary: 'Lập kế hoạch năm sau: dự thảo từ kế hoạch này (nhiệm vụ dời sang năm sau, chỉ tiêu đề xuất từ kết quả năm nay, không thấp hơn mức đã đạt); body.id: mã của dự thảo mới',
      params, body: PlanNextYearSchema, response: view,
    },
  }, async (request) => draftNextYear(request.db, actorFrom(request), { id: request.params.id, newId: request.body.id }));

  app.post('/api/plans/:id/approve', {
    config: { access: 'plans.approve' },
    schema: { tags: TAGS, summary: 'Lãnh đạo UBND xã phê duyệt kế hoạch: cấp số, ký; chỉ tiêu của kế hoạch thành chỉ tiêu của xã', params, body: PlanVersionSchema, response: view },
  }, async (request) => approvePlan(request.db, actorFrom(request), { id: request.params.id, version: request.body.version }));

  app.get('/api/plans/:id/docx', {
    config: { access: 'plans.read' },
    schema: { tags: TAGS, summary: 'Tải kế hoạch dạng Word (.docx) theo thể thức Nghị định 30/2020/NĐ-CP', params, response: fileResponse(DOCX_TYPE, 'Kế hoạch (.docx)') },
  }, async (request, reply) => sendAttachment(reply, await planFile(request.db, actorFrom(request), request.params)));
}
