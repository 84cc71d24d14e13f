// The org tree: read within one's area; admins add, rename and deactivate units.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateOrgUnitSchema,
  OrgUnitDetailSchema,
  OrgUnitIdParamsSchema,
  OrgUnitListQuerySchema,
  OrgUnitListSchema,
  OrgUnitSchema,
  UpdateOrgUnitSchema,
} from '../../../shared/org-units.ts';
import { actorFrom } from '../../http/actor.ts';
import { createOrgUnit, getOrgUnit, listOrgUnits, updateOrgUnit } from './org-units.service.ts';

const TAGS = ['Đơn vị hành chính'];
const params = OrgUnitIdParamsSchema;

export async function orgUnitRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/org-units', {
    config: { access: 'org.read' },
    schema: {
      tags: TAGS,
      summary: 'Cây đơn vị trong phạm vi của tài khoản (danh sách phẳng, theo đường dẫn)',
      querystring: OrgUnitListQuerySchema,
      response: { 200: OrgUnitListSchema },
    },
  }, async (request) => listOrgUnits(request.db, actorFrom(request), request.query));

  app.get('/api/org-units/:id', {
    config: { access: 'org.read' },
    schema: { tags: TAGS, summary: 'Một đơn vị và các đơn vị cấp trên', params, response: { 200: OrgUnitDetailSchema } },
  }, async (request) => getOrgUnit(request.db, actorFrom(request), request.params));

  app.post('/api/org-units', {
    config: { access: 'org.manage' },
    schema: { tags: TAGS, summary: 'Thêm đơn vị (xã dưới tỉnh, thôn dưới xã)', body: CreateOrgUnitSchema, response: { 200: OrgUnitSchema } },
  }, async (request) => createOrgUnit(request.db, actorFrom(request), request.body));

  app.patch('/api/org-units/:id', {
    config: { access: 'org.manage' },
    schema: { tags: TAGS, summary: 'Sửa tên, mã hoặc ngừng sử dụng đơn vị', params, body: UpdateOrgUnitSchema, response: { 200: OrgUnitSchema } },
  }, async (request) => updateOrgUnit(request.db, actorFrom(request), { ...request.params, ...request.body }));
}
