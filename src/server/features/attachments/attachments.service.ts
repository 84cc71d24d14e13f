// Evidence files: the upload (checked by its bytes, never by the declared type alone), the
// read (the owning record's rules decide who may see it, and its reading is audited like the
// record's), and what records call inside their own transaction: claim, list, detach.
// Features that own attachments register how to read their records (registerAttachmentOwner),
// so this module knows none of them.
import { createHash } from 'node:crypto';
import { disableFS, imageSize } from 'image-size';
import type { Kysely } from 'kysely';
import {
  type AttachmentContentType,
  type AttachmentView,
  ATTACHMENT_CONTENT_TYPES,
  CONTENT_TYPE_LABELS,
  IMAGE_MAX_SIDE_PX,
  UNCLAIMED_DAYS,
  attachmentUrl,
  formatBytes,
  kindOfContentType,
  maxBytesOf,
} from '../../../shared/attachments.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, conflict, invalid, notFound } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { type AttachmentMeta, attachmentsOf, deleteOwned, deleteUnclaimed, findAttachmentMeta, findReadable, insertAttachment, lockForClaim, setOwner } from './attachments.queries.ts';

// image-size reads a file when given a string: never here, only bytes.
disableFS(true);

const NOT_FOUND = 'Không tìm thấy tệp hoặc bạn không có quyền xem.';
const FIELD = 'file';

// ---- Owners ----

/** How a record that owns attachments is read: null when the actor may not read it. */
export interface AttachmentOwner {
  /** "lớp tập huấn": named in messages. */
  label: string;
  read(db: Kysely<DB>, actor: Actor, ownerId: string): Promise<{ orgUnitId: number; personal: boolean } | null>;
}
const owners = new Map<string, AttachmentOwner>();

/** Called by a feature's routes when the app is built: its records may own attachments. */
export function registerAttachmentOwner(entity: string, owner: AttachmentOwner): void {
  owners.set(entity, owner);
}

// ---- Checking the bytes ----

/** The type the bytes are, by their signature (magic bytes); undefined: none we take. */
export function sniffContentType(data: Uint8Array): AttachmentContentType | undefined {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => data[at + i] === b);
  if (data.length >= 3 && starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (data.length >= 8 && starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (data.length >= 12 && starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (data.length >= 5 && starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return undefined;
}

const SIZE_TYPES: Record<string, AttachmentContentType> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Width and height read from the image's own headers (never executed, never fully decoded). */
function imageDimensions(data: Buffer, type: AttachmentContentType): { width: number; height: number } {
  let size: { width?: number; height?: number; type?: string };
  try {
    size = imageSize(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } catch {
    throw invalid(FIELD, `Tệp: không đọc được ${CONTENT_TYPE_LABELS[type]} (tệp hỏng hoặc không phải ảnh).`);
  }
  if (!size.width || !size.height || SIZE_TYPES[size.type ?? ''] !== type) {
    throw invalid(FIELD, `Tệp: không đọc được kích thước của ${CONTENT_TYPE_LABELS[type]} (tệp hỏng hoặc không phải ảnh).`);
  }
  if (size.width > IMAGE_MAX_SIDE_PX || size.height > IMAGE_MAX_SIDE_PX) {
    throw invalid(FIELD, `Tệp: ảnh ${size.width}×${size.height} điểm ảnh quá lớn; tối đa ${IMAGE_MAX_SIDE_PX} điểm ảnh mỗi cạnh.`);
  }
  return { width: size.width, height: size.height };
}

export const tooLarge = (type: AttachmentContentType, bytes: number | null) =>
  new AppError(413, 'too_large', `Tệp: ${CONTENT_TYPE_LABELS[type]}${bytes ? ` ${formatBytes(bytes)}` : ''} quá lớn; tối đa ${formatBytes(maxBytesOf(type))}.`, [
    { path: FIELD, message: `Tối đa ${formatBytes(maxBytesOf(type))}.` },
  ]);

export const unsupportedType = (declared: string) =>
  new AppError(415, 'media_type', `Tệp: chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF${declared ? ` (tệp gửi lên khai báo là "${declared.slice(0, 60)}")` : ''}.`, [
    { path: FIELD, message: 'Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF.' },
  ]);

/** The declared content type without parameters, if it is one we take. */
export function declaredType(header: string | undefined): AttachmentContentType | undefined {
  const type = (header ?? '').split(';')[0].trim().toLowerCase();
  return (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(type) ? (type as AttachmentContentType) : undefined;
}

// ---- Upload ----

export interface UploadInput {
  id: string;
  /** The request's content-type header. */
  contentType: string | undefined;
  body: Buffer;
  fileName?: string;
}

function toView(row: AttachmentMeta): AttachmentView {
  return {
    id: row.id, kind: row.kind, contentType: row.content_type, byteSize: row.byte_size, width: row.width, height: row.height,
    fileName: row.file_name, uploadedBy: row.uploader_name ?? '', createdAt: row.created_at.toISOString(), url: attachmentUrl(row.id),
  };
}

/**
 * Stores an upload under the client's id, in the uploader's unit until a record claims it. The
 * same id with the same bytes again (a phone resending after a lost answer) changes nothing; with
 * other bytes it is a conflict.
 */
export async function uploadAttachment(db: Kysely<DB>, actor: Actor, input: UploadInput): Promise<AttachmentView> {
  const declared = declaredType(input.contentType);
  if (!declared) throw unsupportedType(input.contentType ?? '');
  const data = input.body;
  if (!Buffer.isBuffer(data) || data.length === 0) throw invalid(FIELD, 'Tệp: tệp gửi lên rỗng.');
  const actual = sniffContentType(data);
  if (!actual) throw invalid(FIELD, `Tệp: nội dung không phải ảnh JPEG, PNG, WebP hay tệp PDF (khai báo là ${CONTENT_TYPE_LABELS[declared]}).`);
  if (actual !== declared) throw invalid(FIELD, `Tệp: nội dung là ${CONTENT_TYPE_LABELS[actual]} nhưng được khai báo là ${CONTENT_TYPE_LABELS[declared]}.`);
  if (data.length > maxBytesOf(actual)) throw tooLarge(actual, data.length);
  const kind = kindOfContentType(actual);
  const dims = kind === 'image' ? imageDimensions(data, actual) : null;
  const sha256 = createHash('sha256').update(data).digest('hex');

  const inserted = await insertAttachment(db, {
    id: input.id, orgUnitId: actor.orgUnitId, kind, contentType: actual, byteSize: data.length, sha256,
    width: dims?.width ?? null, height: dims?.height ?? null, fileName: input.fileName?.trim() || null, data, uploadedBy: actor.accountId,
  });
  const row = await findAttachmentMeta(db, input.id);
  if (!row) throw new Error('attachment vanished after insert');
  if (!inserted) {
    // A resend is the same bytes from the same account; anything else under this id is refused.
    if (row.sha256 !== sha256 || row.uploaded_by !== actor.accountId) throw conflict('Mã tệp này đã được dùng cho một tệp khác. Hãy chọn lại tệp để gửi.');
    return toView(row);
  }
  await writeAudit(db, actor, {
    action: 'create', entity: 'attachment', entityId: input.id, orgUnitId: actor.orgUnitId,
    detail: { kind, contentType: actual, bytes: data.length, sha256, ...(dims ?? {}) },
  });
  return toView(row);
}

// ---- Read ----

export interface AttachmentFile {
  contentType: AttachmentContentType;
  kind: 'image' | 'pdf';
  fileName: string | null;
  sha256: string;
  body: Buffer;
}

/**
 * The bytes, for whoever may read the record that owns them (an unclaimed upload: only its
 * uploader). Reading evidence of a record with personal data is audited like reading the record.
 */
export async function attachmentFile(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<AttachmentFile> {
  const row = await findReadable(db, input.id, actor.scope.path, actor.accountId);
  if (!row) throw notFound(NOT_FOUND);
  if (row.owner_entity && row.owner_id) {
    const owner = owners.get(row.owner_entity);
    const access = owner ? await owner.read(db, actor, row.owner_id) : null;
    if (!access) throw notFound(NOT_FOUND);
    if (access.personal) {
      await writeAudit(db, actor, {
        action: 'read', entity: 'attachment', entityId: row.id, orgUnitId: access.orgUnitId,
        detail: { owner: row.owner_entity, ownerId: row.owner_id },
      });
    }
  } else if (row.uploaded_by !== actor.accountId) {
    throw notFound(NOT_FOUND);
  }
  const data = row.data as Buffer | Uint8Array;
  return { contentType: row.content_type, kind: row.kind, fileName: row.file_name, sha256: row.sha256, body: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
}

// ---- What owning records call, inside their own transaction ----

export interface OwnerRef {
  entity: string;
  id: string;
  /** The record's unit: the attachment's scope from now on. */
  orgUnitId: number;
}

/**
 * Claims attachments for a record, in the record's transaction: each must exist, be an image
 * when `imagesOnly`, and be unclaimed and uploaded by the same account, or be the record's
 * already (a resent write). `field` names the input's list in the errors ('photoIds').
 * Returns the ids newly claimed.
 */
export async function claimAttachments(
  db: Kysely<DB>,
  actor: Actor,
  input: { ids: string[]; owner: OwnerRef; field: string; imagesOnly?: boolean },
): Promise<string[]> {
  const ids = input.ids.map((id) => id.toLowerCase());
  if (!ids.length) return [];
  const rows = new Map((await lockForClaim(db, ids)).map((r) => [r.id.toLowerCase(), r]));
  const label = owners.get(input.owner.entity)?.label ?? 'bản ghi';
  const fresh: string[] = [];
  ids.forEach((id, i) => {
    const path = `${input.field}.${i}`;
    const n = i + 1;
    const row = rows.get(id);
    if (!row) throw invalid(path, `Ảnh thứ ${n}: chưa được tải lên máy chủ (hoặc đã bị xoá sau ${UNCLAIMED_DAYS} ngày không dùng); hãy chụp hoặc chọn lại.`);
    if (row.owner_id !== null) {
      if (row.owner_entity === input.owner.entity && row.owner_id === input.owner.id) return;
      throw invalid(path, `Ảnh thứ ${n}: đã thuộc về một bản ghi khác.`);
    }
    if (row.uploaded_by !== actor.accountId) throw invalid(path, `Ảnh thứ ${n}: do tài khoản khác tải lên, không gắn được vào ${label} này.`);
    if (input.imagesOnly && row.kind !== 'image') throw invalid(path, `Ảnh thứ ${n}: không phải ảnh.`);
    fresh.push(id);
  });
  await setOwner(db, fresh, input.owner);
  return fresh;
}

/** A record's attachments, oldest first. */
export async function attachmentsOfOwner(db: Kysely<DB>, entity: string, ownerId: string): Promise<AttachmentView[]> {
  return (await attachmentsOf(db, entity, [ownerId])).map(toView);
}

/** Removes one of a record's attachments (the record's writer decided), audited. */
export async function detachAttachment(db: Kysely<DB>, actor: Actor, input: { id: string; owner: OwnerRef }): Promise<void> {
  const removed = await deleteOwned(db, input.id, input.owner.entity, input.owner.id);
  if (!removed) throw notFound(NOT_FOUND);
  await writeAudit(db, actor, {
    action: 'delete', entity: 'attachment', entityId: removed.id, orgUnitId: removed.org_unit_id,
    detail: { owner: input.owner.entity, ownerId: input.owner.id, kind: removed.kind, bytes: removed.byte_size, sha256: removed.sha256 },
  });
}

/** The housekeeping: uploads no record claimed within UNCLAIMED_DAYS are deleted. */
export function pruneUnclaimedAttachments(db: Kysely<DB>, days = UNCLAIMED_DAYS): Promise<number> {
  return deleteUnclaimed(db, days);
}
