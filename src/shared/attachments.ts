// Evidence files (attachments): the types and sizes the server accepts, the size a browser
// reduces a photo to before sending it, and the API's inputs and answers. One mechanism for
// every feature that keeps evidence (trainings, communication, later tasks and vouchers).
import { z } from 'zod';

export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const ATTACHMENT_CONTENT_TYPES = [...IMAGE_CONTENT_TYPES, 'application/pdf'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];
export type AttachmentKind = 'image' | 'pdf';

export const CONTENT_TYPE_LABELS: Record<AttachmentContentType, string> = {
  'image/jpeg': 'ảnh JPEG',
  'image/png': 'ảnh PNG',
  'image/webp': 'ảnh WebP',
  'application/pdf': 'tệp PDF',
};

export const kindOfContentType = (type: AttachmentContentType): AttachmentKind => (type === 'application/pdf' ? 'pdf' : 'image');

/**
 * What the server takes. A photo arrives already reduced by the browser (IMAGE_TARGET_*), so
 * 400 KB leaves room for a reduction that could not quite reach its target; a scanned PDF of a
 * few pages fits 2 MB.
 */
export const IMAGE_MAX_BYTES = 400 * 1024;
export const PDF_MAX_BYTES = 2 * 1024 * 1024;
export const maxBytesOf = (type: AttachmentContentType) => (type === 'application/pdf' ? PDF_MAX_BYTES : IMAGE_MAX_BYTES);
/** Larger than any phone camera: a "photo" wider than this is not one. */
export const IMAGE_MAX_SIDE_PX = 10_000;

/** What the browser reduces a photo to before it is queued or sent (web/components/image-reduce.ts). */
export const IMAGE_TARGET_SIDE_PX = 1600;
export const IMAGE_TARGET_BYTES = 300 * 1024;

/** Uploads no record claimed within this many days are deleted by the server's housekeeping. */
export const UNCLAIMED_DAYS = 7;

/** The most photos one record (a training, an activity) keeps. */
export const MAX_ATTACHMENTS_PER_RECORD = 20;

export const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The ids of attachments a record claims (`photoIds`, `attachmentIds`): uploaded first, each once. */
export const attachmentIdsSchema = (max = MAX_ATTACHMENTS_PER_RECORD) =>
  z
    .array(z.uuid({ message: 'Mã ảnh không hợp lệ.' }))
    .max(max, `Tối đa ${max} ảnh.`)
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, 'Một ảnh được gửi hai lần.');

// ---- API ----

export const AttachmentIdParamsSchema = z.object({ id: z.uuid({ message: 'Mã tệp không hợp lệ.' }) });

export const AttachmentUploadQuerySchema = z.object({
  /** The name the user gave the file (shown, and used for a PDF's download). */
  fileName: z.string().trim().max(200).optional(),
});
export type AttachmentUploadQuery = z.infer<typeof AttachmentUploadQuerySchema>;

export const AttachmentViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['image', 'pdf']),
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
  byteSize: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  fileName: z.string().nullable(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  /** Where to read it: GET /api/attachments/:id. */
  url: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentViewSchema>;

export const attachmentUrl = (id: string) => `/api/attachments/${id}`;
