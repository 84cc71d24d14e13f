// Field-by-field merge of contact details edited on phones and at the desk (README "Đồng bộ
// ngoại tuyến"): every edit is kept in field_edits; the record shows the edit made last
// (by when it was made, not when it arrived). A phone's clock is not trusted beyond the
// server's: an edit dated in the future counts as made on arrival.
import { type Kysely, sql } from 'kysely';
import type { HouseholdContact, PersonContact } from '../../../shared/sync.ts';
import { PhoneSchema } from '../../../shared/validation.ts';
import type { DB } from '../../db/schema.ts';
import { inScope } from '../../http/scope.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { refuse } from '../support/support.validate.ts';
import type { Actor } from '../../http/actor.ts';

type Entity = 'person' | 'household';

export interface FieldChange {
  /** The column: phone, has_smartphone, no_capable_member. */
  field: string;
  value: string | boolean | null;
}

export interface MergeResult {
  /** Fields whose edit is now what the record shows. */
  applied: string[];
  /** Fields where a later edit was already applied: this one is kept as history only. */
  superseded: string[];
}

/**
 * Records one edit per field and tells which are the latest for their field. One statement
 * per field, on the (entity, entity_id, field, edited_at) index; the caller holds the row
 * lock, so two edits of the same record are merged one after the other.
 */
async function recordEdits(db: Kysely<DB>, entity: Entity, entityId: string, changes: FieldChange[], editedAt: string | null, actor: { accountId: string }, mutationId: string | null): Promise<MergeResult> {
  const result: MergeResult = { applied: [], superseded: [] };
  for (const change of changes) {
    const at = editedAt === null ? sql`now()` : sql`LEAST(${editedAt}::timestamptz, now())`;
    const row = await sql<{ applied: boolean }>`
      INSERT INTO field_edits (entity, entity_id, field, value, edited_at, account_id, mutation_id, applied)
      SELECT ${entity}, ${entityId}, ${change.field}, ${JSON.stringify(change.value)}::jsonb, t.at, ${actor.accountId}, ${mutationId},
        NOT EXISTS (SELECT 1 FROM field_edits f WHERE f.entity = ${entity} AND f.entity_id = ${entityId}
                    AND f.field = ${change.field} AND f.applied AND f.edited_at > t.at)
      FROM (SELECT ${at} AS at) t
      RETURNING applied`.execute(db);
    (row.rows[0].applied ? result.applied : result.superseded).push(change.field);
  }
  return result;
}

/** A desk edit of a contact field: made now, so it wins over every edit made before it. */
export async function recordDeskEdits(db: Kysely<DB>, accountId: string, entity: Entity, entityId: string, changes: FieldChange[]): Promise<void> {
  if (changes.length) await recordEdits(db, entity, entityId, changes, null, { accountId }, null);
}

function checkedPhone(phone: string | null | undefined): string | null | undefined {
  if (phone === undefined || phone === null || phone === '') return phone === '' ? null : phone;
  const parsed = PhoneSchema.safeParse(phone);
  if (!parsed.success) throw refuse('fields.phone', parsed.error.issues[0].message);
  return parsed.data;
}

export async function mergePersonContact(db: Kysely<DB>, actor: Actor, input: PersonContact, mutationId: string): Promise<MergeResult> {
  const phone = checkedPhone(input.fields.phone);
  const changes: FieldChange[] = [];
  if (phone !== undefined) changes.push({ field: 'phone', value: phone });
  if (input.fields.hasSmartphone !== undefined) changes.push({ field: 'has_smartphone', value: input.fields.hasSmartphone });
  if (!changes.length) throw refuse('fields', 'Không có trường nào được sửa.');

  const before = await db
    .selectFrom('people as p')
    .select(['p.id', 'p.village_id', 'p.status', 'p.full_name', 'p.phone', 'p.has_smartphone'])
    .where('p.id', '=', input.personId)
    .where(inScope(actor.scope, 'p.village_id'))
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw refuse('personId', 'Nhân khẩu không tồn tại hoặc ngoài phạm vi của bạn.', 404, 'not_found');
  if (before.status !== 'resident') throw refuse('personId', `${before.full_name} không còn cư trú; không sửa thông tin liên lạc.`);

  const merged = await recordEdits(db, 'person', before.id, changes, input.editedAt, actor, mutationId);
  const set: { phone?: string | null; has_smartphone?: boolean | null } = {};
  for (const change of changes) {
    if (!merged.applied.includes(change.field)) continue;
    if (change.field === 'phone' && before.phone !== change.value) set.phone = change.value as string | null;
    if (change.field === 'has_smartphone' && before.has_smartphone !== change.value) set.has_smartphone = change.value as boolean | null;
  }
  if (Object.keys(set).length) {
    await db.updateTable('people').set({ ...set, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', before.id).execute();
  }
  await writeAudit(db, actor, {
    action: 'update', entity: 'person', entityId: before.id, orgUnitId: before.village_id,
    before: { phone: before.phone, has_smartphone: before.has_smartphone },
    after: { phone: set.phone === undefined ? before.phone : set.phone, has_smartphone: set.has_smartphone === undefined ? before.has_smartphone : set.has_smartphone },
    detail: { source: 'sync', mutationId, editedAt: input.editedAt, ...merged },
  });
  return merged;
}

export async function mergeHouseholdContact(db: Kysely<DB>, actor: Actor, input: HouseholdContact, mutationId: string): Promise<MergeResult> {
  const phone = checkedPhone(input.fields.phone);
  const changes: FieldChange[] = [];
  if (phone !== undefined) changes.push({ field: 'phone', value: phone });
  if (input.fields.noCapableMember !== undefined) changes.push({ field: 'no_capable_member', value: input.fields.noCapableMember });
  if (!changes.length) throw refuse('fields', 'Không có trường nào được sửa.');

  const before = await db
    .selectFrom('households as h')
    .select(['h.id', 'h.village_id', 'h.dissolved_at', 'h.phone', 'h.no_capable_member'])
    .where('h.id', '=', input.householdId)
    .where(inScope(actor.scope, 'h.village_id'))
    .forUpdate()
    .executeTakeFirst();
  if (!before) throw refuse('householdId', 'Hộ gia đình không tồn tại hoặc ngoài phạm vi của bạn.', 404, 'not_found');
  if (before.dissolved_at) throw refuse('householdId', 'Hộ gia đình đã giải thể.');

  const merged = await recordEdits(db, 'household', before.id, changes, input.editedAt, actor, mutationId);
  const set: { phone?: string | null; no_capable_member?: boolean } = {};
  for (const change of changes) {
    if (!merged.applied.includes(change.field)) continue;
    if (change.field === 'phone' && before.phone !== change.value) set.phone = change.value as string | null;
    if (change.field === 'no_capable_member' && before.no_capable_member !== change.value) set.no_capable_member = change.value as boolean;
  }
  if (Object.keys(set).length) {
    await db.updateTable('households').set({ ...set, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', before.id).execute();
  }
  await writeAudit(db, actor, {
    action: 'update', entity: 'household', entityId: before.id, orgUnitId: before.village_id,
    before: { phone: before.phone, no_capable_member: before.no_capable_member },
    after: { phone: set.phone === undefined ? before.phone : set.phone, no_capable_member: set.no_capable_member ?? before.no_capable_member },
    detail: { source: 'sync', mutationId, editedAt: input.editedAt, ...merged },
  });
  return merged;
}
