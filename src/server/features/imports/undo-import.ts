// Undoes a committed import as a whole, while nothing else has touched what it wrote: every
// record it created or updated still has the version the import left, no one moved into or
// out of its households, and its people have no later residence. Undo deletes the people,
// residences and households the import created (the one deletion the registry allows: it
// removes data brought in by mistake, and the audit log keeps what was there) and restores
// the fields it updated.
import { type Kysely, sql } from 'kysely';
import type { ImportBatchView } from '../../../shared/imports.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/app-error.ts';
import { type BulkAuditEntry, updateManyVersioned, writeAuditMany } from './bulk.ts';
import { HOUSEHOLD_UPDATE_COLUMNS, PERSON_UPDATE_COLUMNS, personAudit } from './commit-import.ts';
import { findBatch, villagesInScope } from './imports.queries.ts';
import { presentBatch } from './imports.service.ts';

const any = (values: string[]) => sql<string>`ANY(${sql.val(values)}::uuid[])`;

export async function undoImport(db: Kysely<DB>, actor: Actor, id: string): Promise<ImportBatchView> {
  const batch = await findBatch(db, actor.scope, id, { forUpdate: true });
  if (batch.status !== 'committed') {
    const messages = {
      uploaded: 'Lần nhập này chưa được ghi vào hệ thống nên không có gì để hoàn tác. Muốn bỏ, dùng «Hủy».',
      undone: 'Lần nhập này đã được hoàn tác rồi.',
      discarded: 'Lần nhập này đã bị hủy, không có gì để hoàn tác.',
    } as const;
    throw new AppError(409, 'import_not_committed', messages[batch.status]);
  }
  const changes = await db.selectFrom('import_changes').selectAll().where('batch_id', '=', id).execute();
  const personIds = changes.filter((c) => c.entity === 'person').map((c) => c.entity_id);
  const householdIds = changes.filter((c) => c.entity === 'household').map((c) => c.entity_id);
  const createdPeople = changes.filter((c) => c.entity === 'person' && c.action === 'create').map((c) => c.entity_id);
  const createdHouseholds = changes.filter((c) => c.entity === 'household' && c.action === 'create').map((c) => c.entity_id);

  const [people, households, laterResidences, strangers] = await Promise.all([
    personIds.length ? db.selectFrom('people').selectAll().where('id', '=', any(personIds)).execute() : [],
    householdIds.length ? db.selectFrom('households').selectAll().where('id', '=', any(householdIds)).execute() : [],
    // A created person who moved, moved out or died has more than the import's residence, or a closed one.
    createdPeople.length
      ? db.selectFrom('residences').select('person_id').where('person_id', '=', any(createdPeople))
        .groupBy('person_id').having((eb) => eb.or([eb(eb.fn.countAll(), '>', 1), eb(sql`bool_or(to_date IS NOT NULL)`, '=', true)])).execute()
      : [],
    // Someone else who lives or lived in a household the import created.
    createdHouseholds.length
      ? db.selectFrom('residences as r').select('r.household_id').where('r.household_id', '=', any(createdHouseholds))
        .where((eb) => eb.not(eb('r.person_id', '=', any(createdPeople.length ? createdPeople : ['00000000-0000-0000-0000-000000000000']))))
        .groupBy('r.household_id').execute()
      : [],
  ]);
  const peopleById = new Map(people.map((p) => [p.id, p]));
  const householdsById = new Map(households.map((h) => [h.id, h]));
  const changed = new Map<string, { entity: 'person' | 'household'; id: string; name: string | null }>();
  for (const change of changes) {
    const current = change.entity === 'person' ? peopleById.get(change.entity_id) : householdsById.get(change.entity_id);
    if (!current || current.version !== change.version_after) {
      const name = change.entity === 'person' ? (peopleById.get(change.entity_id)?.full_name ?? null) : null;
      changed.set(`${change.entity}:${change.entity_id}`, { entity: change.entity, id: change.entity_id, name });
    }
  }
  for (const r of laterResidences) changed.set(`person:${r.person_id}`, { entity: 'person', id: r.person_id, name: peopleById.get(r.person_id)?.full_name ?? null });
  for (const r of strangers) changed.set(`household:${r.household_id}`, { entity: 'household', id: r.household_id, name: null });
  if (changed.size) {
    const list = [...changed.values()];
    const peopleCount = list.filter((c) => c.entity === 'person').length;
    const householdCount = list.length - peopleCount;
    const parts = [peopleCount ? `${peopleCount.toLocaleString('vi-VN')} nhân khẩu` : '', householdCount ? `${householdCount.toLocaleString('vi-VN')} hộ` : ''].filter(Boolean).join(', ');
    throw new AppError(409, 'import_changed_since',
      `Không thể hoàn tác: ${list.length.toLocaleString('vi-VN')} bản ghi (${parts}) đã được thay đổi sau khi nhập. Hãy sửa trực tiếp các bản ghi đó.`,
      undefined, { changed: list.length, people: peopleCount, households: householdCount, examples: list.slice(0, 20) });
  }

  const audit: BulkAuditEntry[] = [];
  const detail = { importBatchId: id, undo: true };
  // Restore what was updated (a new version: the restoration is itself a change).
  const personRestores = changes.filter((c) => c.entity === 'person' && c.action === 'update').map((c) => ({ id: c.entity_id, version: c.version_after, ...(c.before as Record<string, unknown>) }));
  const householdRestores = changes.filter((c) => c.entity === 'household' && c.action === 'update').map((c) => ({ id: c.entity_id, version: c.version_after, ...(c.before as Record<string, unknown>) }));
  const refused = () => new AppError(409, 'import_changed_since', 'Không thể hoàn tác: có bản ghi vừa được người khác sửa. Hãy thử lại.');
  if (personRestores.length && (await updateManyVersioned(db, 'people', PERSON_UPDATE_COLUMNS, personRestores)) !== personRestores.length) throw refused();
  if (householdRestores.length && (await updateManyVersioned(db, 'households', HOUSEHOLD_UPDATE_COLUMNS, householdRestores)) !== householdRestores.length) throw refused();
  for (const { id: personId, version: _v, ...restored } of personRestores) {
    const current = peopleById.get(personId)!;
    const before: Record<string, unknown> = {};
    for (const [field] of PERSON_UPDATE_COLUMNS) before[field] = (current as unknown as Record<string, unknown>)[field];
    audit.push({ action: 'update', entity: 'person', entityId: personId, orgUnitId: current.village_id, before: personAudit(before), after: personAudit(restored), detail });
  }
  for (const { id: householdId, version: _v, ...restored } of householdRestores) {
    const current = householdsById.get(householdId)!;
    audit.push({
      action: 'update', entity: 'household', entityId: householdId, orgUnitId: current.village_id,
      before: { code: current.code, address: current.address, hamlet_group: current.hamlet_group, head_person_id: current.head_person_id }, after: restored, detail,
    });
  }

  // Delete what was created: residences, then people, then households.
  try {
    if (createdPeople.length) {
      await db.deleteFrom('residences').where('person_id', '=', any(createdPeople)).execute();
      await db.deleteFrom('people').where('id', '=', any(createdPeople)).execute();
    }
    if (createdHouseholds.length) await db.deleteFrom('households').where('id', '=', any(createdHouseholds)).execute();
  } catch (error) {
    if ((error as { code?: string }).code === '23503') {
      throw new AppError(409, 'import_in_use', 'Không thể hoàn tác: dữ liệu đã nhập đang được dùng ở nơi khác (lượt hỗ trợ, tổ CNSCĐ…). Hãy sửa trực tiếp các bản ghi đó.');
    }
    throw error;
  }
  for (const personId of createdPeople) {
    const { name_search: _n, created_at: _c, updated_at: _u, ...row } = peopleById.get(personId)!;
    audit.push({ action: 'delete', entity: 'person', entityId: personId, orgUnitId: row.village_id, before: personAudit(row), detail });
  }
  for (const householdId of createdHouseholds) {
    const { created_at: _c, updated_at: _u, card_code: _card, ...row } = householdsById.get(householdId)!;
    audit.push({ action: 'delete', entity: 'household', entityId: householdId, orgUnitId: row.village_id, before: row, detail });
  }
  const undone = { deletedPeople: createdPeople.length, deletedHouseholds: createdHouseholds.length, restoredPeople: personRestores.length, restoredHouseholds: householdRestores.length };
  audit.push({ action: 'undo_import', entity: 'import_batch', entityId: id, orgUnitId: batch.org_unit_id, detail: { fileName: batch.file_name, ...undone } });
  await writeAuditMany(db, actor, audit);
  await db.updateTable('import_batches')
    .set({ status: 'undone', undone_at: sql`now()`, summary: JSON.stringify({ ...(batch.summary ?? {}), undone }) })
    .where('id', '=', id).execute();
  return presentBatch(await findBatch(db, actor.scope, id), await villagesInScope(db, actor.scope));
}
