// Emulation and awards: each route its permission, its schemas, one service call. Reading
// needs awards.read; rules, campaigns, recomputing and the council awards.manage; nominating
// awards.nominate (the campaign names which roles); the decision awards.decide.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AWARD_TITLES,
  CampaignIdParamsSchema,
  CampaignInputSchema,
  CampaignListQuerySchema,
  CampaignListSchema,
  CampaignSummarySchema,
  CampaignUpdateSchema,
  CandidatesAnswerSchema,
  CandidatesQuerySchema,
  ConsentInputSchema,
  CouncilViewSchema,
  DecisionInputSchema,
  HonourBoardSchema,
  MeetingInputSchema,
  NominationIdParamsSchema,
  NominationInputSchema,
  NominationListSchema,
  NominationViewSchema,
  RevokeInputSchema,
  RuleInputSchema,
  RulesAnswerSchema,
  RulesQuerySchema,
  SubjectSearchAnswerSchema,
  SubjectSearchQuerySchema,
  VersionSchema,
} from '../../../shared/awards.ts';
import { actorFrom } from '../../http/actor.ts';
import { registerAttachmentOwner } from '../attachments/attachments.service.ts';
import { awardFileRoutes } from './awards-files.ts';
import {
  CAMPAIGN_ENTITY,
  campaignForFiles,
  campaignFileAccess,
  changeCampaign,
  councilView,
  createCampaign,
  decide,
  findSubjects,
  getCampaign,
  honourBoard,
  listCampaignsFor,
  listCandidates,
  listNominations,
  listRules,
  nominate,
  recomputeCandidates,
  recordMeeting,
  revoke,
  saveRule,
  setConsent,
  startCampaign,
  withdrawNomination,
} from './awards.service.ts';

const TAGS = ['Thi đua, khen thưởng'];
const params = CampaignIdParamsSchema;

export async function awardRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachmentOwner(CAMPAIGN_ENTITY, { label: 'đợt thi đua', read: campaignFileAccess });

  app.get('/api/awards/rules', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Tiêu chí của bốn danh hiệu (phiên bản mới nhất và lịch sử các phiên bản)', querystring: RulesQuerySchema, response: { 200: RulesAnswerSchema } },
  }, async (request) => listRules(request.db, actorFrom(request), request.query));

  app.post('/api/awards/rules', {
    config: { access: 'awards.manage' },
    schema: { tags: TAGS, summary: 'Lưu tiêu chí của một danh hiệu (thành một phiên bản mới; đợt đã bắt đầu giữ phiên bản đã chốt)', body: RuleInputSchema.extend({ communeId: z.number().int().positive().optional() }), response: { 200: RulesAnswerSchema } },
  }, async (request) => saveRule(request.db, actorFrom(request), request.body));

  app.get('/api/awards/campaigns', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Các đợt thi đua của xã', querystring: CampaignListQuerySchema, response: { 200: CampaignListSchema } },
  }, async (request) => listCampaignsFor(request.db, actorFrom(request), request.query));

  app.post('/api/awards/campaigns', {
    config: { access: 'awards.manage' },
    schema: { tags: TAGS, summary: 'Lập đợt thi đua: tên, quyết định phát động, thời gian, danh hiệu và số lượng tối đa, đơn vị được đề xuất', body: CampaignInputSchema, response: { 200: CampaignSummarySchema } },
  }, async (request) => createCampaign(request.db, actorFrom(request), request.body));

  app.get('/api/awards/campaigns/:id', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Một đợt thi đua', params, response: { 200: CampaignSummarySchema } },
  }, async (request) => getCampaign(request.db, actorFrom(request), request.params.id));

  app.put('/api/awards/campaigns/:id', {
    config: { access: 'awards.manage' },
    schema: { tags: TAGS, summary: 'Sửa đợt thi đua chưa bắt đầu', params, body: CampaignUpdateSchema, response: { 200: CampaignSummarySchema } },
  }, async (request) => changeCampaign(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/awards/campaigns/:id/start', {
    config: { access: 'awards.manage' },
    schema: { tags: TAGS, summary: 'Bắt đầu đợt: chốt tiêu chí hiện hành của từng danh hiệu và tính danh sách ứng viên', params, body: VersionSchema, response: { 200: CampaignSummarySchema } },
  }, async (request) => startCampaign(request.db, actorFrom(request), { id: request.params.id, version: request.body.version }));

  app.get('/api/awards/campaigns/:id/candidates', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Ứng viên đạt tiêu chí (lần tính mới nhất) với minh chứng: điều kiện, số liệu, tính đến ngày nào; có họ tên: ghi nhật ký', params, querystring: CandidatesQuerySchema.extend({ award: z.enum(AWARD_TITLES).optional() }), response: { 200: CandidatesAnswerSchema } },
  }, async (request) => listCandidates(request.db, actorFrom(request), { id: request.params.id, award: request.query.award, villageId: request.query.villageId }));

  app.post('/api/awards/campaigns/:id/candidates/recompute', {
    config: { access: 'awards.manage' },
    schema: { tags: TAGS, summary: 'Tính lại ứng viên theo số liệu hiện tại (lần tính mới; cho biết ai thêm, ai bớt, số liệu nào đổi; đề xuất đã gửi giữ nguyên minh chứng)', params, response: { 200: CandidatesAnswerSchema } },
  }, async (request) => recomputeCandidates(request.db, actorFrom(request), { id: request.params.id }));

  app.get('/api/awards/campaigns/:id/nominations', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Các đề xuất khen thưởng của đợt (trưởng thôn: của thôn mình)', params, response: { 200: NominationListSchema } },
  }, async (request) => listNominations(request.db, actorFrom(request), { id: request.params.id }));

  app.post('/api/awards/campaigns/:id/nominations', {
    config: { access: 'awards.nominate' },
    schema: { tags: TAGS, summary: 'Đề xuất khen thưởng: chọn từ ứng viên, hoặc ngoài tiêu chí kèm lý do; một thành tích chỉ khen một lần trong đợt', params, body: NominationInputSchema, response: { 200: NominationViewSchema } },
  }, async (request) => nominate(request.db, actorFrom(request), { ...request.body, campaignId: request.params.id }));

  app.get('/api/awards/campaigns/:id/subjects', {
    config: { access: 'awards.nominate' },
    schema: { tags: TAGS, summary: 'Tìm người, hộ, tổ hoặc thôn để đề xuất ngoài tiêu chí (trong thôn của mình với trưởng thôn); ghi nhật ký', params, querystring: SubjectSearchQuerySchema, response: { 200: SubjectSearchAnswerSchema } },
  }, async (request) => findSubjects(request.db, actorFrom(request), { id: request.params.id, ...request.query }));

  app.put('/api/awards/campaigns/:id/nominations/:nominationId/consent', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Ghi ý kiến đồng ý / không đồng ý công khai trên bảng vinh danh', params: NominationIdParamsSchema, body: ConsentInputSchema, response: { 200: NominationViewSchema } },
  }, async (request) => setConsent(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.post('/api/awards/campaigns/:id/nominations/:nominationId/withdraw', {
    config: { access: 'awards.nominate' },
    schema: { tags: TAGS, summary: 'Rút một đề xuất chưa được hội đồng xét', params: NominationIdParamsSchema, body: VersionSchema, response: { 200: NominationViewSchema } },
  }, async (request) => withdrawNomination(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.post('/api/awards/campaigns/:id/nominations/:nominationId/revoke', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Thu hồi khen thưởng (ví dụ: số liệu không đúng sự thật), lý do được lưu trong lịch sử', params: NominationIdParamsSchema, body: RevokeInputSchema, response: { 200: NominationViewSchema } },
  }, async (request) => revoke(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.get('/api/awards/campaigns/:id/council', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Cuộc họp Hội đồng thi đua, các quyết định khen thưởng và lịch sử của đợt', params, response: { 200: CouncilViewSchema } },
  }, async (request) => councilView(request.db, actorFrom(request), { id: request.params.id }));

  app.post('/api/awards/campaigns/:id/council', {
    config: { access: 'awards.manage' },
    schema: { tags: TAGS, summary: 'Ghi cuộc họp Hội đồng thi đua: ngày, thành viên có mặt, số phiếu của từng đề xuất (không quá số có mặt), chọn hay không', params, body: MeetingInputSchema, response: { 200: CouncilViewSchema } },
  }, async (request) => recordMeeting(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/awards/campaigns/:id/decisions', {
    config: { access: 'awards.decide' },
    schema: { tags: TAGS, summary: 'Quyết định khen thưởng của lãnh đạo: số, ngày, hình thức (Giấy khen của Chủ tịch UBND xã hoặc đề nghị cấp tỉnh)', params, body: DecisionInputSchema, response: { 200: CouncilViewSchema } },
  }, async (request) => decide(request.db, actorFrom(request), { ...request.body, campaignId: request.params.id }));

  app.get('/api/awards/campaigns/:id/honour-board', {
    config: { access: 'awards.read' },
    schema: { tags: TAGS, summary: 'Bảng vinh danh để in: người, gia đình, tổ, thôn được khen và đồng ý công khai (không có dân tộc, số định danh)', params, response: { 200: HonourBoardSchema } },
  }, async (request) => honourBoard(request.db, actorFrom(request), { id: request.params.id }));

  awardFileRoutes(fastify, campaignForFiles);
}
