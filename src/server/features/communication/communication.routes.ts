// Truyền thông: campaigns, the channels each village has, activities, and the summed figures
// for the dashboard. Each route: its permission, its schemas (the answer's too), one service call.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChannelsQuerySchema,
  CommActivityIdParamsSchema,
  CommActivityInputSchema,
  CommActivityListAnswerSchema,
  CommActivityListQuerySchema,
  CommActivityUpdateSchema,
  CommActivityViewSchema,
  CommCampaignInputSchema,
  CommCampaignListQuerySchema,
  CommCampaignListSchema,
  CommCampaignUpdateSchema,
  CommCampaignViewSchema,
  CommFiguresSchema,
  CommSummaryQuerySchema,
  CommVersionQuerySchema,
  VillageChannelsInputSchema,
  VillageChannelsListSchema,
  VillageChannelsViewSchema,
  VillageIdParamsSchema,
} from '../../../shared/communication.ts';
import { actorFrom } from '../../http/actor.ts';
import { registerAttachmentOwner } from '../attachments/attachments.service.ts';
import {
  PHOTO_OWNER,
  activityPhotoOwner,
  createCampaign,
  deleteActivity,
  getActivity,
  listActivitiesFor,
  listCampaignsFor,
  listVillageChannels,
  recordActivity,
  setVillageChannels,
  summaryFor,
  updateActivity,
  updateCampaign,
} from './communication.service.ts';

const TAGS = ['Truyền thông'];
const CampaignParams = z.object({ id: z.uuid({ message: 'Mã đợt không hợp lệ.' }) });

export async function communicationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // An activity's photos are read by whoever may read the activity.
  registerAttachmentOwner(PHOTO_OWNER, activityPhotoOwner);

  app.get('/api/communication/channels', {
    config: { access: 'communication.read' },
    schema: { tags: TAGS, summary: 'Các kênh truyền thông của từng thôn (thôn nào có loa, nhóm Zalo…)', querystring: ChannelsQuerySchema, response: { 200: VillageChannelsListSchema } },
  }, async (request) => listVillageChannels(request.db, actorFrom(request), request.query));

  app.put('/api/communication/channels/:villageId', {
    config: { access: 'communication.manage' },
    schema: { tags: TAGS, summary: 'Đặt các kênh truyền thông thôn có (Phòng Văn hóa - Xã hội)', params: VillageIdParamsSchema, body: VillageChannelsInputSchema, response: { 200: VillageChannelsViewSchema } },
  }, async (request) => setVillageChannels(request.db, actorFrom(request), request.params.villageId, request.body));

  app.get('/api/communication/campaigns', {
    config: { access: 'communication.read' },
    schema: { tags: TAGS, summary: 'Các đợt truyền thông của xã (và số hoạt động của mỗi đợt)', querystring: CommCampaignListQuerySchema, response: { 200: CommCampaignListSchema } },
  }, async (request) => listCampaignsFor(request.db, actorFrom(request), request.query));

  app.post('/api/communication/campaigns', {
    config: { access: 'communication.manage' },
    schema: { tags: TAGS, summary: 'Tạo đợt truyền thông', body: CommCampaignInputSchema, response: { 201: CommCampaignViewSchema } },
  }, async (request, reply) => {
    // Returned, not sent: the reply leaves after the request's transaction commits (http/transaction.ts).
    const view = await createCampaign(request.db, actorFrom(request), request.body);
    reply.status(201);
    return view;
  });

  app.put('/api/communication/campaigns/:id', {
    config: { access: 'communication.manage' },
    schema: { tags: TAGS, summary: 'Sửa đợt truyền thông (kèm phiên bản đã đọc)', params: CampaignParams, body: CommCampaignUpdateSchema, response: { 200: CommCampaignViewSchema } },
  }, async (request) => updateCampaign(request.db, actorFrom(request), request.params.id, request.body));

  app.get('/api/communication/activities', {
    config: { access: 'communication.read' },
    schema: { tags: TAGS, summary: 'Các hoạt động truyền thông: lọc theo thôn, hình thức, tháng, đợt', querystring: CommActivityListQuerySchema, response: { 200: CommActivityListAnswerSchema } },
  }, async (request) => listActivitiesFor(request.db, actorFrom(request), request.query));

  app.get('/api/communication/activities/:id', {
    config: { access: 'communication.read' },
    schema: { tags: TAGS, summary: 'Một hoạt động truyền thông, với các hộ có mặt (họp thôn) và ảnh', params: CommActivityIdParamsSchema, response: { 200: CommActivityViewSchema } },
  }, async (request) => getActivity(request.db, actorFrom(request), request.params.id));

  app.post('/api/communication/activities', {
    config: { access: 'communication.write' },
    schema: {
      tags: TAGS,
      summary: 'Ghi một hoạt động truyền thông (mã do máy khách tạo: gửi lại cùng nội dung không ghi hai lần)',
      body: CommActivityInputSchema,
      response: { 201: CommActivityViewSchema, 200: CommActivityViewSchema },
    },
  }, async (request, reply) => {
    const { view, created } = await recordActivity(request.db, actorFrom(request), request.body);
    reply.status(created ? 201 : 200);
    return view;
  });

  app.put('/api/communication/activities/:id', {
    config: { access: 'communication.write' },
    schema: { tags: TAGS, summary: 'Sửa một hoạt động truyền thông (kèm phiên bản đã đọc)', params: CommActivityIdParamsSchema, body: CommActivityUpdateSchema, response: { 200: CommActivityViewSchema } },
  }, async (request) => updateActivity(request.db, actorFrom(request), request.params.id, request.body));

  app.delete('/api/communication/activities/:id', {
    config: { access: 'communication.write' },
    schema: { tags: TAGS, summary: 'Xóa một hoạt động ghi nhầm (kèm phiên bản đã đọc)', params: CommActivityIdParamsSchema, querystring: CommVersionQuerySchema, response: { 204: z.null() } },
  }, async (request, reply) => {
    await deleteActivity(request.db, actorFrom(request), request.params.id, request.query.version);
    reply.status(204);
    return null;
  });

  app.get('/api/communication/summary', {
    config: { access: 'stats.read' },
    schema: { tags: TAGS, summary: 'Số liệu truyền thông của một đơn vị trong một khoảng ngày: theo hình thức và theo đơn vị cấp dưới', querystring: CommSummaryQuerySchema, response: { 200: CommFiguresSchema } },
  }, async (request) => summaryFor(request.db, actorFrom(request), request.query));
}
