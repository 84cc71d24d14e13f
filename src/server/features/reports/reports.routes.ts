// Reports up the chain (aggregates only: every reader of figures, the province viewer
// included, may read them); writing and review are checked per kind and unit in the service.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ReportListQuerySchema,
  ReportOpenSchema,
  ReportOverviewQuerySchema,
  ReportReturnSchema,
  ReportSaveSchema,
  ReportVersionSchema,
} from '../../../shared/reports.ts';
import { z } from '../../../shared/validation.ts';
import { attachmentFileName } from './reports.files.ts';
import { renderReportDocx } from './report-docx.ts';
import { renderReportXlsx } from './report-xlsx.ts';
import {
  acceptReport,
  approveReport,
  getReport,
  listReportsFor,
  openReport,
  recomputeReport,
  reportDocument,
  reportOverview,
  returnReport,
  saveReport,
  submitReport,
} from './reports.service.ts';

const TAGS = ['Báo cáo'];
const IdParams = z.object({ id: z.string().uuid({ message: 'Mã báo cáo không hợp lệ.' }) });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/reports/open', {
    config: { access: 'reports.write' },
    schema: {
      tags: TAGS,
      summary: 'Mở báo cáo của một đơn vị và kỳ: báo cáo đã có, hoặc bản nháp mới với số liệu tính từ dữ liệu tại thời điểm mở',
      body: ReportOpenSchema,
    },
  }, async (request) => openReport(request, request.body));

  app.get('/api/reports', {
    config: { access: 'reports.read' },
    schema: { tags: TAGS, summary: 'Danh sách báo cáo trong phạm vi: loại, đơn vị, năm, trạng thái, hạn nộp, trễ hạn', querystring: ReportListQuerySchema },
  }, async (request) => listReportsFor(request, request.query));

  app.get('/api/reports/overview', {
    config: { access: 'reports.read' },
    schema: {
      tags: TAGS,
      summary: 'Tình hình nộp báo cáo của một kỳ: từng thôn của xã (báo cáo thôn) hoặc từng xã của tỉnh (báo cáo xã), trạng thái và trễ hạn',
      querystring: ReportOverviewQuerySchema,
    },
  }, async (request) => reportOverview(request, request.query));

  app.get('/api/reports/:id', {
    config: { access: 'reports.read' },
    schema: { tags: TAGS, summary: 'Một báo cáo: số liệu đã chốt, nội dung, trạng thái, lịch sử xử lý và các thao tác được phép', params: IdParams },
  }, async (request) => getReport(request, request.params.id));

  app.patch('/api/reports/:id', {
    config: { access: 'reports.write' },
    schema: { tags: TAGS, summary: 'Lưu nội dung báo cáo (bản nháp hoặc bị trả lại); kèm phiên bản để không ghi đè thay đổi của người khác', params: IdParams, body: ReportSaveSchema },
  }, async (request) => saveReport(request, request.params.id, request.body));

  app.post('/api/reports/:id/recompute', {
    config: { access: 'reports.write' },
    schema: { tags: TAGS, summary: 'Tính lại số liệu của báo cáo từ dữ liệu hiện tại; trả về các số liệu đã thay đổi', params: IdParams, body: ReportVersionSchema },
  }, async (request) => recomputeReport(request, request.params.id, request.body.version));

  app.post('/api/reports/:id/submit', {
    config: { access: 'reports.write' },
    schema: { tags: TAGS, summary: 'Nộp báo cáo (sau khi kỳ báo cáo kết thúc): thôn nộp Phòng Văn hóa - Xã hội, xã trình Lãnh đạo UBND xã', params: IdParams, body: ReportVersionSchema },
  }, async (request) => submitReport(request, request.params.id, request.body.version));

  app.post('/api/reports/:id/return', {
    config: { access: 'reports.review' },
    schema: { tags: TAGS, summary: 'Trả lại báo cáo đã nộp, ghi rõ lý do', params: IdParams, body: ReportReturnSchema },
  }, async (request) => returnReport(request, request.params.id, request.body.version, request.body.comment));

  app.post('/api/reports/:id/accept', {
    config: { access: 'reports.review' },
    schema: { tags: TAGS, summary: 'Phòng Văn hóa - Xã hội tiếp nhận báo cáo của thôn', params: IdParams, body: ReportVersionSchema },
  }, async (request) => acceptReport(request, request.params.id, request.body.version));

  app.post('/api/reports/:id/approve', {
    config: { access: 'reports.review' },
    schema: { tags: TAGS, summary: 'Lãnh đạo UBND xã duyệt báo cáo của xã: cấp số, ký và gửi Sở KH&CN', params: IdParams, body: ReportVersionSchema },
  }, async (request) => approveReport(request, request.params.id, request.body.version));

  app.get('/api/reports/:id/docx', {
    config: { access: 'reports.read' },
    schema: { tags: TAGS, summary: 'Tải báo cáo dạng Word (.docx) theo thể thức Nghị định 30/2020/NĐ-CP', params: IdParams },
  }, async (request, reply) => {
    const { row, doc } = await reportDocument(request, request.params.id);
    const body = await renderReportDocx(doc);
    return reply.type(DOCX).header('cache-control', 'no-store').header('content-disposition', attachmentFileName(row, 'docx')).send(body);
  });

  app.get('/api/reports/:id/xlsx', {
    config: { access: 'reports.read' },
    schema: { tags: TAGS, summary: 'Tải số liệu báo cáo dạng Excel (.xlsx): chỉ số theo thôn và số đếm theo tháng', params: IdParams },
  }, async (request, reply) => {
    const { row, doc } = await reportDocument(request, request.params.id);
    const body = await renderReportXlsx(doc);
    return reply.type(XLSX).header('cache-control', 'no-store').header('content-disposition', attachmentFileName(row, 'xlsx')).send(body);
  });
}
