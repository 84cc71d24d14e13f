// Reports up the chain (aggregates only: every reader of figures, the province viewer
// included, may read them); writing and review are checked per kind and unit in the service.
// Each route: its permission, its schemas (the answer's too), one service call.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ReportIdParamsSchema,
  ReportListAnswerSchema,
  ReportListQuerySchema,
  ReportOpenSchema,
  ReportOverviewQuerySchema,
  ReportOverviewSchema,
  ReportRecomputeAnswerSchema,
  ReportReturnSchema,
  ReportSaveSchema,
  ReportVersionSchema,
  ReportViewSchema,
} from '../../../shared/reports.ts';
import { actorFrom } from '../../http/actor.ts';
import { fileResponse, sendAttachment } from '../../http/attachment.ts';
import {
  acceptReport,
  approveReport,
  getReport,
  listReportsFor,
  openReport,
  recomputeReport,
  REPORT_FILE_TYPES,
  reportFile,
  reportOverview,
  returnReport,
  saveReport,
  submitReport,
} from './reports.service.ts';

const TAGS = ['Báo cáo'];
const params = ReportIdParamsSchema;
const view = { 200: ReportViewSchema };
const file = (summary: string, format: keyof typeof REPORT_FILE_TYPES) => ({ tags: TAGS, summary, params, response: fileResponse(REPORT_FILE_TYPES[format], summary) });

export async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/reports/open', {
    config: { access: 'reports.write' },
    schema: {
      tags: TAGS,
      summary: 'Mở báo cáo của một đơn vị và kỳ: báo cáo đã có, hoặc bản nháp mới với số liệu tính từ dữ liệu tại thời điểm mở',
      body: ReportOpenSchema,
      response: view,
    },
  }, async (request) => openReport(request.db, actorFrom(request), request.body));

  app.get('/api/reports', {
    config: { access: 'reports.read' },
    schema: {
      tags: TAGS,
      summary: 'Danh sách báo cáo trong phạm vi: loại, đơn vị, năm, trạng thái, hạn nộp, trễ hạn',
      querystring: ReportListQuerySchema,
      response: { 200: ReportListAnswerSchema },
    },
  }, async (request) => listReportsFor(request.db, actorFrom(request), request.query));

  app.get('/api/reports/overview', {
    config: { access: 'reports.read' },
    schema: {
      tags: TAGS,
      summary: 'Tình hình nộp báo cáo của một kỳ: từng thôn của xã (báo cáo thôn) hoặc từng xã của tỉnh (báo cáo xã), trạng thái và trễ hạn',
      querystring: ReportOverviewQuerySchema,
      response: { 200: ReportOverviewSchema },
    },
  }, async (request) => reportOverview(request.db, actorFrom(request), request.query));

  app.get('/api/reports/:id', {
    config: { access: 'reports.read' },
    schema: { tags: TAGS, summary: 'Một báo cáo: số liệu đã chốt, nội dung, trạng thái, lịch sử xử lý và các thao tác được phép', params, response: view },
  }, async (request) => getReport(request.db, actorFrom(request), request.params));

  app.patch('/api/reports/:id', {
    config: { access: 'reports.write' },
    schema: {
      tags: TAGS,
      summary: 'Lưu nội dung báo cáo (bản nháp hoặc bị trả lại); kèm phiên bản để không ghi đè thay đổi của người khác',
      params,
      body: ReportSaveSchema,
      response: view,
    },
  }, async (request) => saveReport(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.post('/api/reports/:id/recompute', {
    config: { access: 'reports.write' },
    schema: {
      tags: TAGS,
      summary: 'Tính lại số liệu của báo cáo từ dữ liệu hiện tại; trả về các số liệu đã thay đổi',
      params,
      body: ReportVersionSchema,
      response: { 200: ReportRecomputeAnswerSchema },
    },
  }, async (request) => recomputeReport(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.post('/api/reports/:id/submit', {
    config: { access: 'reports.write' },
    schema: {
      tags: TAGS,
      summary: 'Nộp báo cáo (sau khi kỳ báo cáo kết thúc): thôn nộp Phòng Văn hóa - Xã hội, xã trình Lãnh đạo UBND xã',
      params,
      body: ReportVersionSchema,
      response: view,
    },
  }, async (request) => submitReport(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.post('/api/reports/:id/return', {
    config: { access: 'reports.review' },
    schema: { tags: TAGS, summary: 'Trả lại báo cáo đã nộp, ghi rõ lý do', params, body: ReportReturnSchema, response: view },
  }, async (request) => returnReport(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.post('/api/reports/:id/accept', {
    config: { access: 'reports.review' },
    schema: { tags: TAGS, summary: 'Phòng Văn hóa - Xã hội tiếp nhận báo cáo của thôn', params, body: ReportVersionSchema, response: view },
  }, async (request) => acceptReport(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.post('/api/reports/:id/approve', {
    config: { access: 'reports.review' },
    schema: { tags: TAGS, summary: 'Lãnh đạo UBND xã duyệt báo cáo của xã: cấp số, ký và gửi Sở KH&CN', params, body: ReportVersionSchema, response: view },
  }, async (request) => approveReport(request.db, actorFrom(request), { ...request.params, ...request.body }));

  app.get('/api/reports/:id/docx', {
    config: { access: 'reports.read' },
    schema: file('Tải báo cáo dạng Word (.docx) theo thể thức Nghị định 30/2020/NĐ-CP', 'docx'),
  }, async (request, reply) => sendAttachment(reply, await reportFile(request.db, actorFrom(request), { ...request.params, format: 'docx' })));

  app.get('/api/reports/:id/xlsx', {
    config: { access: 'reports.read' },
    schema: file('Tải số liệu báo cáo dạng Excel (.xlsx): chỉ số theo thôn và số đếm theo tháng', 'xlsx'),
  }, async (request, reply) => sendAttachment(reply, await reportFile(request.db, actorFrom(request), { ...request.params, format: 'xlsx' })));
}
