// All the SQL of attachments: the insert that recognises a resend by its id, reads scoped by
// the unit's subtree, the claim inside the owning record's transaction, the housekeeping.
import { type Kysely, sql } from 'kysely';
import type { AttachmentContentType, AttachmentKind } from '../../../shared/attachments.ts';
import type { DB } from '../../db/schema.ts';
import { likePrefix } from '../../http/scope.ts';

export interface NewAttachment {
  id: string;
  orgUnitId: number;
  kind: AttachmentKind;
  contentType: AttachmentContentType;
  byteSize: number;
  sha256: string;
  width: number | null;
  height: number | null;
  fileName: string | null;
  data: Buffer;
  uploadedBy: string;
}

/** true when stored now; false when the id existed already (the caller compares the content). */
export async function insertAttachment(db: Kysely<DB>, a: NewAttachment): Promise<boolean> {
  const row = await db.insertInto('attachments').values({
    id: a.id, org_unit_id: a.orgUnitId, kind: a.kind, content_type: a.contentType, byte_size: a.byteSize, sha256: a.sha256,
    width: a.width, height: a.height, file_name: a.fileName, data: a.data, uploaded_by: a.uploadedBy,
  }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return row !== undefined;
}

const META = [
  'a.id', 'a.org_unit_id', 'a.owner_entity', 'a.owner_id', 'a.kind', 'a.content_type', 'a.byte_size', 'a.sha256', 'a.width', 'a.height',
  'a.file_name', 'a.uploaded_by', 'a.created_at', 'acc.full_name as uploader_name',
] as const;

function selectMeta(db: Kysely<DB>) {
  return db.selectFrom('attachments as a').leftJoin('accounts as acc', 'acc.id', 'a.uploaded_by').select(META);
}
export type AttachmentMeta = Awaited<ReturnType<ReturnType<typeof selectMeta>['executeTakeFirstOrThrow']>>;

/** Any attachment by id, unscoped: only to compare a resend with what is stored. */
export async function findAttachmentMeta(db: Kysely<DB>, id: string): Promise<AttachmentMeta | undefined> {
  return selectMeta(db).where('a.id', '=', id).executeTakeFirst();
}

/**
 * An attachment the caller may be able to read: its unit lies in the scope, or the caller
 * uploaded it, or a record owns it (whose own rules then decide). The bytes come only with
 * `withData`.
 */
export async function findReadable(db: Kysely<DB>, id: string, scopePath: string, accountId: string) {
  return selectMeta(db).select('a.data')
    .where('a.id', '=', id)
    .where((eb) => eb.or([
      eb('a.uploaded_by', '=', accountId),
      eb('a.owner_id', 'is not', null),
      sql<boolean>`a.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE ${likePrefix(scopePath)})`,
    ]))
    .executeTakeFirst();
}

/** The attachments listed, locked for the claim (the record's transaction holds them). */
export async function lockForClaim(db: Kysely<DB>, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('attachments').select(['id', 'owner_entity', 'owner_id', 'uploaded_by', 'kind'])
    .where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

export async function setOwner(db: Kysely<DB>, ids: string[], owner: { entity: string; id: string; orgUnitId: number }) {
  if (!ids.length) return;
  await db.updateTable('attachments')
    .set({ owner_entity: owner.entity, owner_id: owner.id, org_unit_id: owner.orgUnitId, claimed_at: new Date() })
    .where('id', 'in', ids).execute();
}

/** A record's attachments in the order they were uploaded (UUIDv7 ids sort by time). */
export async function attachmentsOf(db: Kysely<DB>, entity: string, ownerIds: string[]) {
  if (!ownerIds.length) return [];
  return selectMeta(db).where('a.owner_entity', '=', entity).where('a.owner_id', 'in', ownerIds).orderBy('a.id').execute();
}

export async function deleteOwned(db: Kysely<DB>, id: string, entity: string, ownerId: string) {
  return db.deleteFrom('attachments').where('id', '=', id).where('owner_entity', '=', entity).where('owner_id', '=', ownerId)
    .returning(['id', 'kind', 'byte_size', 'sha256', 'org_unit_id']).executeTakeFirst();
}

/** Uploads no record claimed, older than `days`: deleted; how many. */
export async function deleteUnclaimed(db: Kysely<DB>, days: number): Promise<number> {
  const result = await db.deleteFrom('attachments')
    .where('owner_id', 'is', null)
    .where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
