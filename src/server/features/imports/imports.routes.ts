// Imports of the commune's spreadsheets: upload, mapping, preview, fixes, commit, undo,
// history. The upload is read and parsed before the request's transaction opens (a
// preHandler), so a slow upload never holds the database.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorFrom } from '../../http/actor.ts';
import {
  CommitInputSchema, HouseholdOptionsQuerySchema, IMPORT_LIMITS, ImportListQuerySchema, MappingInputSchema, PreviewQuerySchema, ProblemQuerySchema, RowFixInputSchema,
} from '../../../shared/imports.ts';
import { z } from '../../../shared/validation.ts';
import { AppError } from '../../http/app-error.ts';
import { commitImport } from './commit-import.ts';
import {
  type UploadedFile, createBatch, discardBatch, fixRow, getBatch, householdOptions, listImports, listProblems, previewImport, skipErrorRows, templateFile, updateMapping,
} from './imports.service.ts';
import { XLSX_CONTENT_TYPE } from '../exports/xlsx-stream.ts';
import { readWorkbook } from './read-workbook.ts';
import { undoImport } from './undo-import.ts';

const TAGS = ['Nhập dữ liệu'];
const IdParams = z.object({ id: z.uuid({ message: 'Mã lần nhập không hợp lệ.' }) });
const RowParams = IdParams.extend({
  sheet: z.coerce.number().int().min(0, { message: 'Trang tính không hợp lệ.' }).max(1000),
  row: z.coerce.number().int().min(1, { message: 'Số dòng không hợp lệ.' }).max(1_048_576),
});

/** Options for @fastify/multipart, registered with these routes in app.ts. */
export const IMPORT_UPLOAD_OPTIONS = {
  limits: { fileSize: IMPORT_LIMITS.maxFileBytes, files: 1, fields: 10, parts: 20 },
} as const;

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const tooLarge = () => new AppError(413, 'import_too_large', `Tệp quá lớn: tối đa ${megabytes(IMPORT_LIMITS.maxFileBytes)}. Hãy tách danh sách thành nhiều tệp (ví dụ mỗi thôn một tệp) rồi tải lên từng tệp.`);

const uploads = new WeakMap<FastifyRequest, UploadedFile>();

/** Reads the one uploaded file and parses it; refusals say what is wrong in Vietnamese. */
async function readUpload(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart()) throw new AppError(415, 'media_type', 'Hãy gửi tệp dưới dạng multipart/form-data, trong trường «file».');
  let buffer: Buffer;
  let fileName: string;
  try {
    const part = await request.file();
    if (!part) throw new AppError(400, 'import_no_file', 'Chưa có tệp nào được gửi lên. Hãy chọn tệp danh sách (.xlsx hoặc .csv).');
    fileName = (part.filename || 'danh-sach').normalize('NFC').replaceAll('\u0000', '');
    buffer = await part.toBuffer();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError(400, 'import_one_file', 'Mỗi lần chỉ tải lên một tệp.');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError(415, 'media_type', 'Hãy gửi tệp dưới dạng multipart/form-data, trong trường «file».');
    throw error;
  }
  const workbook = await readWorkbook(buffer, fileName);
  uploads.set(request, { fileName, size: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex'), workbook });
}

export async function importRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const write = { access: 'registry.write' as const };

  app.post('/api/imports', {
    config: write,
    preHandler: readUpload,
    schema: {
      tags: TAGS,
      summary: `Tải lên tệp danh sách (.xlsx hoặc .csv, tối đa ${megabytes(IMPORT_LIMITS.maxFileBytes)}, ${IMPORT_LIMITS.maxRows.toLocaleString('vi-VN')} dòng) trong trường «file»; trả về các trang tính và cách ghép cột đoán được`,
      consumes: ['multipart/form-data'],
    },
  }, async (request, reply) => {
    reply.status(201);
    return createBatch(request.db, actorFrom(request), uploads.get(request)!);
  });

  app.get('/api/imports', { config: write, schema: { tags: TAGS, summary: 'Lịch sử các lần nhập trong phạm vi', querystring: ImportListQuerySchema } }, async (request) =>
    listImports(request.db, actorFrom(request), request.query),
  );

  app.get('/api/imports/template', {
    config: write,
    schema: { tags: TAGS, summary: 'Tệp mẫu (.xlsx): các cột hệ thống nhận ra và hai dòng ví dụ, kèm trang hướng dẫn' },
  }, async (request, reply) => {
    const file = await templateFile(request.db, actorFrom(request));
    return reply.header('content-type', XLSX_CONTENT_TYPE).header('content-disposition', file.disposition).header('cache-control', 'no-store').send(file.buffer);
  });

  app.get('/api/imports/:id', { config: write, schema: { tags: TAGS, summary: 'Một lần nhập: trang tính, cách ghép cột, tóm tắt', params: IdParams } }, async (request) =>
    getBatch(request.db, actorFrom(request), request.params.id),
  );

  app.put('/api/imports/:id/mapping', {
    config: write,
    schema: { tags: TAGS, summary: 'Chọn dòng tiêu đề, ghép cột với trường, thôn mặc định và cách nhận biết hộ của từng trang (được ghi nhớ cho các tệp cùng tiêu đề)', params: IdParams, body: MappingInputSchema },
  }, async (request) => updateMapping(request.db, actorFrom(request), request.params.id, request.body));

  app.get('/api/imports/:id/preview', {
    config: write,
    schema: { tags: TAGS, summary: 'Xem trước: việc sẽ làm với từng dòng (hộ mới, nhân khẩu mới, cập nhật, không đổi, lỗi, bỏ qua), có phân trang', params: IdParams, querystring: PreviewQuerySchema },
  }, async (request) => previewImport(request.db, actorFrom(request), request.params.id, request.query));

  app.get('/api/imports/:id/problems', {
    config: write,
    schema: { tags: TAGS, summary: 'Các lỗi và cảnh báo theo trang, dòng và cột, có phân trang', params: IdParams, querystring: ProblemQuerySchema },
  }, async (request) => listProblems(request.db, actorFrom(request), request.params.id, request.query));

  app.get('/api/imports/:id/household-options', {
    config: write,
    schema: { tags: TAGS, summary: 'Các hộ mà một dòng đang chờ chọn hộ có thể gắn vào: hộ trong tệp, rồi hộ đã có trong thôn (tìm theo tên chủ hộ, địa chỉ, số hộ)', params: IdParams, querystring: HouseholdOptionsQuerySchema },
  }, async (request) => householdOptions(request.db, actorFrom(request), request.params.id, request.query));

  app.patch('/api/imports/:id/rows/:sheet/:row', {
    config: write,
    schema: { tags: TAGS, summary: 'Sửa giá trị của một dòng, bỏ qua dòng, xác nhận cảnh báo, hoặc chọn hộ cho dòng (làm chủ hộ, gắn vào hộ khác)', params: RowParams, body: RowFixInputSchema },
  }, async (request) => fixRow(request.db, actorFrom(request), request.params.id, request.params.sheet, request.params.row, request.body));

  app.post('/api/imports/:id/skip-errors', { config: write, schema: { tags: TAGS, summary: 'Bỏ qua mọi dòng còn lỗi', params: IdParams } }, async (request) =>
    skipErrorRows(request.db, actorFrom(request), request.params.id),
  );

  app.post('/api/imports/:id/commit', {
    config: write,
    schema: { tags: TAGS, summary: 'Ghi vào hệ thống (một giao dịch: tất cả hoặc không gì cả)', params: IdParams, body: CommitInputSchema.optional() },
  }, async (request) => commitImport(request.db, actorFrom(request), request.params.id, request.body ?? {}));

  app.post('/api/imports/:id/undo', { config: write, schema: { tags: TAGS, summary: 'Hoàn tác cả lần nhập (khi các bản ghi chưa bị sửa sau đó)', params: IdParams } }, async (request) =>
    undoImport(request.db, actorFrom(request), request.params.id),
  );

  app.delete('/api/imports/:id', { config: write, schema: { tags: TAGS, summary: 'Hủy lần nhập chưa ghi (xóa các dòng đã tải lên)', params: IdParams } }, async (request) =>
    discardBatch(request.db, actorFrom(request), request.params.id),
  );
}
