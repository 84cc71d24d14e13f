// Kinh phí: each route its permission, its schemas (the answer's too), one service call.
// Totals need budget.totals; the detail (lines, spending, vouchers, sheets, settlement)
// budget.read; every write budget.manage (Phòng Kinh tế); the province's rates budget.rates.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AllowanceRatesInputSchema,
  AllowanceRatesQuerySchema,
  AllowanceRatesSchema,
  AllowanceSheetInputSchema,
  AllowanceSheetListSchema,
  AllowanceSheetViewSchema,
  BudgetLineInputSchema,
  BudgetLineUpdateSchema,
  BudgetLineViewSchema,
  BudgetRevisionInputSchema,
  BudgetTotalsSchema,
  BudgetYearQuerySchema,
  BudgetYearViewSchema,
  CommitmentInputSchema,
  IdParamsSchema,
  LinkOptionsSchema,
  SettleInputSchema,
  SheetPostInputSchema,
  SheetReviewInputSchema,
  SpendingInputSchema,
  SpendingListAnswerSchema,
  SpendingListQuerySchema,
  SpendingUpdateSchema,
  SpendingViewSchema,
} from '../../../shared/budget.ts';
import { actorFrom } from '../../http/actor.ts';
import { fileResponse, sendAttachment } from '../../http/attachment.ts';
import { registerAttachmentOwner } from '../attachments/attachments.service.ts';
import { allowanceRates, buildSheet, getSheet, listSheets, postSheet, removeSheet, reviewSheet, setAllowanceRates } from './budget.allowances.ts';
import {
  SPENDING_ENTITY,
  addCommitment,
  budgetTotals,
  budgetYear,
  changeLine,
  changeSpending,
  createLine,
  getLine,
  getSpending,
  listSpendingFor,
  recordSpending,
  removeSpending,
  reviseEstimate,
  spendingFileAccess,
  spendingLinkOptions,
} from './budget.service.ts';
import { settle, settlementFile } from './budget.settlement.ts';

const TAGS = ['Kinh phí'];
const params = IdParamsSchema;
const Removed = z.object({ id: z.string() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function budgetRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachmentOwner(SPENDING_ENTITY, { label: 'khoản chi', read: spendingFileAccess });

  app.get('/api/budget/totals', {
    config: { access: 'budget.totals' },
    schema: { tags: TAGS, summary: 'Kinh phí của xã trong năm: tổng dự toán, cam kết, đã chi, còn lại theo nội dung chi và theo nguồn', querystring: BudgetYearQuerySchema, response: { 200: BudgetTotalsSchema } },
  }, async (request) => budgetTotals(request.db, actorFrom(request), request.query.orgUnitId, request.query.year));

  app.get('/api/budget', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Dự toán kinh phí của xã trong năm: các dòng kinh phí với dự toán, điều chỉnh, cam kết, đã chi, còn lại; trạng thái quyết toán', querystring: BudgetYearQuerySchema, response: { 200: BudgetYearViewSchema } },
  }, async (request) => budgetYear(request.db, actorFrom(request), request.query));

  app.post('/api/budget/lines', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Lập một dòng kinh phí (nội dung chi, nguồn, căn cứ) với dự toán ban đầu', body: BudgetLineInputSchema, response: { 200: BudgetLineViewSchema } },
  }, async (request) => createLine(request.db, actorFrom(request), request.body));

  app.get('/api/budget/lines/:id', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Một dòng kinh phí: lịch sử dự toán, cam kết, các khoản chi', params, response: { 200: BudgetLineViewSchema } },
  }, async (request) => getLine(request.db, actorFrom(request), request.params));

  app.put('/api/budget/lines/:id', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Sửa tên, nội dung chi, nguồn, căn cứ của dòng kinh phí (dự toán đổi bằng điều chỉnh)', params, body: BudgetLineUpdateSchema, response: { 200: BudgetLineViewSchema } },
  }, async (request) => changeLine(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/budget/lines/:id/revisions', {
    config: { access: 'budget.manage' },
    schema: {
      tags: TAGS, summary: 'Điều chỉnh dự toán của dòng kinh phí (giữ lịch sử); thấp hơn số đã chi và cam kết: cảnh báo cần xác nhận', params,
      body: BudgetRevisionInputSchema.extend({ confirmOverrun: z.boolean().optional() }), response: { 200: BudgetLineViewSchema },
    },
  }, async (request) => reviseEstimate(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/budget/commitments', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Ghi một cam kết chi (hợp đồng, đặt hàng) vào dòng kinh phí; vượt dự toán còn lại: cảnh báo cần xác nhận', body: CommitmentInputSchema, response: { 200: BudgetLineViewSchema } },
  }, async (request) => addCommitment(request.db, actorFrom(request), request.body));

  app.get('/api/budget/spending', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Các khoản chi của xã trong năm (mới nhất trước)', querystring: SpendingListQuerySchema, response: { 200: SpendingListAnswerSchema } },
  }, async (request) => listSpendingFor(request.db, actorFrom(request), request.query));

  app.get('/api/budget/link-options', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Lớp tập huấn, hoạt động truyền thông, Tổ CNSCĐ của xã trong năm: những gì một khoản chi có thể chi cho', querystring: BudgetYearQuerySchema, response: { 200: LinkOptionsSchema } },
  }, async (request) => spendingLinkOptions(request.db, actorFrom(request), request.query));

  app.post('/api/budget/spending', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Ghi một khoản chi: ngày, số tiền, người nhận, số và tệp chứng từ, chi cho lớp tập huấn / hoạt động truyền thông / tháng hoạt động của Tổ; vượt dự toán còn lại: cảnh báo cần xác nhận', body: SpendingInputSchema, response: { 200: SpendingViewSchema } },
  }, async (request) => recordSpending(request.db, actorFrom(request), request.body));

  app.get('/api/budget/spending/:id', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Một khoản chi', params, response: { 200: SpendingViewSchema } },
  }, async (request) => getSpending(request.db, actorFrom(request), request.params));

  app.put('/api/budget/spending/:id', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Sửa một khoản chi (kèm phiên bản đã xem); năm đã quyết toán: từ chối', params, body: SpendingUpdateSchema, response: { 200: SpendingViewSchema } },
  }, async (request) => changeSpending(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.delete('/api/budget/spending/:id', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Xóa một khoản chi ghi nhầm (ghi nhật ký); năm đã quyết toán: từ chối', params, response: { 200: Removed } },
  }, async (request) => removeSpending(request.db, actorFrom(request), request.params));

  // ---- Allowances ----

  app.get('/api/budget/allowance-rates', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Mức chi bồi dưỡng thành viên Tổ CNSCĐ của tỉnh trong năm (không có mức nào được giả định)', querystring: AllowanceRatesQuerySchema, response: { 200: AllowanceRatesSchema } },
  }, async (request) => allowanceRates(request.db, actorFrom(request), request.query));

  app.put('/api/budget/allowance-rates', {
    config: { access: 'budget.rates' },
    schema: { tags: TAGS, summary: 'Đặt mức chi bồi dưỡng của tỉnh trong năm (theo Tổ/tháng, thành viên/tháng, ngày công); để trống: không chi theo cách đó', body: AllowanceRatesInputSchema, response: { 200: AllowanceRatesSchema } },
  }, async (request) => setAllowanceRates(request.db, actorFrom(request), request.body));

  app.get('/api/budget/allowance-sheets', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Các bảng phụ cấp tháng của xã trong năm', querystring: BudgetYearQuerySchema, response: { 200: AllowanceSheetListSchema } },
  }, async (request) => listSheets(request.db, actorFrom(request), request.query));

  app.post('/api/budget/allowance-sheets', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Lập bảng phụ cấp của một tháng, tính từ các Tổ và hoạt động được ghi nhận (hỗ trợ người dân, dự tập huấn)', body: AllowanceSheetInputSchema, response: { 200: AllowanceSheetViewSchema } },
  }, async (request) => buildSheet(request.db, actorFrom(request), request.body));

  app.get('/api/budget/allowance-sheets/:id', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Một bảng phụ cấp: từng Tổ, từng thành viên, số lượng tính được và số lượng sau soát xét (có họ tên: ghi nhật ký)', params, response: { 200: AllowanceSheetViewSchema } },
  }, async (request) => getSheet(request.db, actorFrom(request), request.params));

  app.post('/api/budget/allowance-sheets/:id/review', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Soát xét bảng phụ cấp: sửa số lượng (ghi lý do), đánh dấu đã soát xét', params, body: SheetReviewInputSchema, response: { 200: AllowanceSheetViewSchema } },
  }, async (request) => reviewSheet(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/budget/allowance-sheets/:id/post', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Ghi chi bảng phụ cấp đã soát xét: mỗi Tổ một khoản chi, gắn với tháng hoạt động của Tổ', params, body: SheetPostInputSchema, response: { 200: AllowanceSheetViewSchema } },
  }, async (request) => postSheet(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.delete('/api/budget/allowance-sheets/:id', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Xóa bảng phụ cấp chưa ghi chi', params, response: { 200: Removed } },
  }, async (request) => removeSheet(request.db, actorFrom(request), request.params));

  // ---- Settlement ----

  app.post('/api/budget/settle', {
    config: { access: 'budget.manage' },
    schema: { tags: TAGS, summary: 'Quyết toán kinh phí năm: sau đó mọi sửa, thêm, xóa của năm đều bị từ chối', body: SettleInputSchema, response: { 200: BudgetYearViewSchema } },
  }, async (request) => settle(request.db, actorFrom(request), request.body));

  app.get('/api/budget/settlement.xlsx', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Quyết toán (Excel): dự toán và thực chi theo dòng và nguồn, theo nội dung chi, danh sách chứng từ', querystring: BudgetYearQuerySchema, response: fileResponse(XLSX, 'Tệp Excel quyết toán') },
  }, async (request, reply) => sendAttachment(reply, await settlementFile(request.db, actorFrom(request), request.query, 'xlsx')));

  app.get('/api/budget/settlement.docx', {
    config: { access: 'budget.read' },
    schema: { tags: TAGS, summary: 'Báo cáo quyết toán (Word, thể thức Nghị định 30/2020), phụ lục danh sách chứng từ', querystring: BudgetYearQuerySchema, response: fileResponse(DOCX, 'Tệp Word báo cáo quyết toán') },
  }, async (request, reply) => sendAttachment(reply, await settlementFile(request.db, actorFrom(request), request.query, 'docx')));
}
