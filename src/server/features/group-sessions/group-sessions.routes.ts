// Group sessions for residents: each route its permission, its schemas (the answer's too),
// one service call. Registry readers read; sessions.record writes (desk; the team leader's
// phone goes through sync push, mutation group_session.record).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CandidateListSchema,
  CandidateQuerySchema,
  SessionCorrectionSchema,
  SessionIdParamsSchema,
  SessionInputSchema,
  SessionListQuerySchema,
  SessionListSchema,
  SessionRetractSchema,
  SessionViewSchema,
  TeacherListSchema,
  TeacherQuerySchema,
} from '../../../shared/group-sessions.ts';
import { actorFrom } from '../../http/actor.ts';
import { correctSession, getSession, listSessions, recordSession, retractSession, sessionCandidates, sessionTeachers } from './group-sessions.service.ts';

const TAGS = ['Buổi hướng dẫn tập trung'];
const params = SessionIdParamsSchema;
const view = { 200: SessionViewSchema };

export async function groupSessionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/group-sessions', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Buổi hướng dẫn tập trung (mới nhất trước): nơi tổ chức, nội dung, số người tham dự, số đạt, khách xã khác', querystring: SessionListQuerySchema, response: { 200: SessionListSchema } },
  }, async (request) => listSessions(request.db, actorFrom(request), request.query));

  app.get('/api/group-sessions/candidates', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Chọn người tham dự theo nhóm: học sinh của trường, người lao động của doanh nghiệp / HTX, người dân một thôn theo độ tuổi (có họ tên: ghi nhật ký)', querystring: CandidateQuerySchema, response: { 200: CandidateListSchema } },
  }, async (request) => sessionCandidates(request.db, actorFrom(request), request.query));

  app.get('/api/group-sessions/teachers', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Thành viên Tổ CNSCĐ của xã còn hoạt động vào ngày tổ chức: chọn người hướng dẫn', querystring: TeacherQuerySchema, response: { 200: TeacherListSchema } },
  }, async (request) => sessionTeachers(request.db, actorFrom(request), request.query));

  app.post('/api/group-sessions', {
    config: { access: 'sessions.record' },
    schema: {
      tags: TAGS,
      summary: 'Ghi một buổi hướng dẫn: mỗi người tham dự một lượt hỗ trợ; dòng không hợp lệ bị từ chối kèm lý do, các dòng khác vẫn ghi (mã do máy khách tạo; gửi lại cùng nội dung không ghi thêm)',
      body: SessionInputSchema, response: view,
    },
  }, async (request) => recordSession(request.db, actorFrom(request), request.body));

  app.get('/api/group-sessions/:id', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Một buổi hướng dẫn và người tham dự trong phạm vi của bạn (có họ tên: ghi nhật ký)', params, response: view },
  }, async (request) => getSession(request.db, actorFrom(request), request.params));

  app.put('/api/group-sessions/:id', {
    config: { access: 'sessions.record' },
    schema: { tags: TAGS, summary: 'Sửa buổi hướng dẫn (kèm phiên bản đã xem): lượt hỗ trợ của từng người được sửa theo, người bỏ ra được rút lượt', params, body: SessionCorrectionSchema, response: view },
  }, async (request) => correctSession(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/group-sessions/:id/retract', {
    config: { access: 'sessions.record' },
    schema: { tags: TAGS, summary: 'Rút cả buổi hướng dẫn ghi nhầm (kèm phiên bản đã xem và lý do): lượt hỗ trợ của mọi người tham dự được rút, tình trạng số trở lại như trước', params, body: SessionRetractSchema, response: view },
  }, async (request) => retractSession(request.db, actorFrom(request), { ...request.body, id: request.params.id }));
}
