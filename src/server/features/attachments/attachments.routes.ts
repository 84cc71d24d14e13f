// Evidence files over HTTP: PUT the raw bytes under a client-made id, GET them back with the
// stored type, never sniffed or run by the browser. The body is read raw only here (this
// plugin's own content-type parser); everywhere else a file body stays an unsupported type.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  ATTACHMENT_CONTENT_TYPES,
  AttachmentIdParamsSchema,
  AttachmentUploadQuerySchema,
  AttachmentViewSchema,
  PDF_MAX_BYTES,
  maxBytesOf,
} from '../../../shared/attachments.ts';
import { z } from '../../../shared/validation.ts';
import { actorFrom } from '../../http/actor.ts';
import { attachmentDisposition } from '../../http/attachment.ts';
import { type AttachmentFile, attachmentFile, declaredType, tooLarge, unsupportedType, uploadAttachment } from './attachments.service.ts';

const TAGS = ['Tệp minh chứng'];
const EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' } as const;

export async function attachmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Any body is taken as bytes here, up to the largest file allowed; the service checks what
  // the bytes are. A declared size over the type's limit is refused before the body is read.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PDF_MAX_BYTES }, (_request, body, done) => done(null, body));
  app.addHook('preParsing', async (request) => {
    if (request.method !== 'PUT') return;
    const type = declaredType(request.headers['content-type']);
    if (!type) throw unsupportedType(request.headers['content-type'] ?? '');
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > maxBytesOf(type)) throw tooLarge(type, length);
  });

  app.put('/api/attachments/:id', {
    config: { access: 'attachments.upload' },
    schema: {
      tags: TAGS,
      summary: 'Tải lên một tệp minh chứng (ảnh JPEG/PNG/WebP đã thu nhỏ, tối đa 400 KB; PDF tối đa 2 MB) với mã do máy khách tạo (UUIDv7); gửi lại cùng nội dung không tạo bản mới; chưa gắn vào bản ghi nào sau 7 ngày thì bị xoá',
      params: AttachmentIdParamsSchema,
      querystring: AttachmentUploadQuerySchema,
      consumes: [...ATTACHMENT_CONTENT_TYPES],
      response: { 200: AttachmentViewSchema },
    },
  }, async (request) => uploadAttachment(request.db, actorFrom(request), {
    id: request.params.id, contentType: request.headers['content-type'], body: request.body as Buffer, fileName: request.query.fileName,
  }));

  app.get('/api/attachments/:id', {
    config: { access: 'session' },
    schema: {
      tags: TAGS,
      summary: 'Đọc một tệp minh chứng: người xem được bản ghi chứa tệp thì xem được tệp (tệp chưa gắn: chỉ người tải lên)',
      params: AttachmentIdParamsSchema,
      response: {
        200: {
          description: 'Tệp, với đúng kiểu đã lưu',
          content: Object.fromEntries(ATTACHMENT_CONTENT_TYPES.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }])),
        },
      },
    },
  }, async (request, reply) => sendEvidence(reply, request.params.id, await attachmentFile(request.db, actorFrom(request), request.params)));
}

function sendEvidence(reply: FastifyReply, id: string, file: AttachmentFile) {
  const name = (file.fileName ?? `tep-${id.slice(-8)}`).replace(/\.[a-z0-9]{2,5}$/i, '');
  const disposition = attachmentDisposition(name, EXTENSIONS[file.contentType]);
  return reply
    .header('content-type', file.contentType)
    // A photo opens in the browser, a PDF is saved; neither is ever sniffed or run as a page.
    .header('content-disposition', file.kind === 'image' ? disposition.replace(/^attachment;/, 'inline;') : disposition)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .header('etag', `"${file.sha256}"`)
    .send(file.body);
}
