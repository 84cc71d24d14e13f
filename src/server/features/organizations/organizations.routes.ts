// Schools, enterprises and cooperatives of a commune: each route its permission, its schemas
// (the answer's too), one service call. Registry readers read; Phòng VH-XH keeps the list.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  OrganizationIdParamsSchema,
  OrganizationInputSchema,
  OrganizationListQuerySchema,
  OrganizationListSchema,
  OrganizationPeopleAnswerSchema,
  OrganizationPeopleInputSchema,
  OrganizationUpdateSchema,
  OrganizationViewSchema,
} from '../../../shared/organizations.ts';
import { actorFrom } from '../../http/actor.ts';
import { changeOrganization, createOrganization, getOrganization, linkOrganizationPeople, listOrganizations } from './organizations.service.ts';

const TAGS = ['Trường học, doanh nghiệp, HTX'];
const params = OrganizationIdParamsSchema;
const view = { 200: OrganizationViewSchema };

export async function organizationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/organizations', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Trường học, doanh nghiệp, hợp tác xã của xã: số học sinh / người lao động và số đã đạt (HS, LD)', querystring: OrganizationListQuerySchema, response: { 200: OrganizationListSchema } },
  }, async (request) => listOrganizations(request.db, actorFrom(request), request.query));

  app.post('/api/organizations', {
    config: { access: 'organizations.manage' },
    schema: { tags: TAGS, summary: 'Thêm một trường học (kèm các thôn có học sinh), doanh nghiệp hoặc hợp tác xã', body: OrganizationInputSchema, response: view },
  }, async (request) => createOrganization(request.db, actorFrom(request), request.body));

  app.get('/api/organizations/:id', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Một đơn vị và học sinh / người lao động trong phạm vi của bạn (có họ tên: ghi nhật ký)', params, response: view },
  }, async (request) => getOrganization(request.db, actorFrom(request), request.params));

  app.put('/api/organizations/:id', {
    config: { access: 'organizations.manage' },
    schema: { tags: TAGS, summary: 'Sửa một đơn vị (kèm phiên bản đã xem)', params, body: OrganizationUpdateSchema, response: view },
  }, async (request) => changeOrganization(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/organizations/:id/people', {
    config: { access: 'organizations.manage' },
    schema: { tags: TAGS, summary: 'Gắn nhân khẩu là học sinh của trường / người lao động của doanh nghiệp, HTX (hoặc bỏ gắn); từng người bị từ chối kèm lý do', params, body: OrganizationPeopleInputSchema, response: { 200: OrganizationPeopleAnswerSchema } },
  }, async (request) => linkOrganizationPeople(request.db, actorFrom(request), { ...request.body, id: request.params.id }));
}
