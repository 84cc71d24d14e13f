// Files sent as downloads (reports, registry lists): one Content-Disposition for a Vietnamese
// name and one way to send them, never cached (they hold personal data or a moment's figures).
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { foldVietnamese } from '../../shared/vietnamese.ts';
import { z } from '../../shared/validation.ts';

export interface Attachment {
  /** The name the user sees, without extension: 'Báo cáo tháng 11-2026 - Thôn Bản Bó'. */
  name: string;
  extension: string;
  contentType: string;
  body: Buffer | Uint8Array | Readable;
  /** Further headers (e.g. the row count of an export). */
  headers?: Record<string, string>;
}

/**
 * Content-Disposition for a Vietnamese file name: an ASCII fallback ('bao-cao-thang-11-2026-
 * thon-ban-bo.docx') for old clients and the real name in RFC 6266 / 5987 `filename*`.
 */
export function attachmentDisposition(name: string, extension: string): string {
  const ascii = `${foldVietnamese(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'tep'}.${extension}`;
  const unicode = `${name}.${extension}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').normalize('NFC');
  const encoded = encodeURIComponent(unicode).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function sendAttachment(reply: FastifyReply, file: Attachment) {
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', attachmentDisposition(file.name, file.extension))
    .header('cache-control', 'no-store');
  for (const [key, value] of Object.entries(file.headers ?? {})) reply.header(key, value);
  return reply.send(file.body);
}

/** The answer of a download route, for its schema: a file of that type (OpenAPI says binary). */
export function fileResponse(contentType: string, description: string) {
  return { 200: { description, content: { [contentType]: { schema: z.string().meta({ format: 'binary' }) } } } };
}
