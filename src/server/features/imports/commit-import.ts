// Commits an import: plans it again inside the request's transaction (the registry may have
// changed since the preview), refuses while errors or unconfirmed warnings remain, then
// writes households, people, residences, updates, the undo record and the audit entries in
// bulk statements. One transaction: every row or none.
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { maskCccd } from '../../../shared/cccd.ts';
import type { ImportBatchView, ImportSummary } from '../../../shared/imports.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/app-error.ts';

import { type BulkAuditEntry, type Column, insertMany, updateManyVersioned, writeAuditMany } from './bulk.ts';
import { findBatch, villagesInScope } from './imports.queries.ts';
import { planBatch, presentBatch, requireUploaded, withoutRows } from './imports.service.ts';
import { NEW_HEAD, type PersonValues } from './plan-types.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

const HOUSEHOLD_COLUMNS: readonly Column[] = [
  ['id', 'uuid'], ['village_id', 'integer'], ['code', 'text'], ['address', 'text'], ['hamlet_group', 'text'], ['phone', 'text'],
  ['head_person_id', 'uuid'], ['import_batch_id', 'uuid'],
];
const PERSON_COLUMNS: readonly Column[] = [
  ['id', 'uuid'], ['household_id', 'uuid'], ['village_id', 'integer'], ['full_name', 'text'], ['sex', 'text'], ['birth_date', 'date'],
  ['birth_year', 'integer'], ['ethnicity', 'text'], ['phone', 'text'], ['cccd', 'text'], ['relation_to_head', 'text'], ['note', 'text'],
  ['import_batch_id', 'uuid'],
];
const RESIDENCE_COLUMNS: readonly Column[] = [
  ['id', 'uuid'], ['person_id', 'uuid'], ['household_id', 'uuid'], ['village_id', 'integer'], ['from_date', 'date'], ['start_reason', 'text'],
];
/** The person fields an import sets, and undo restores. */
export const PERSON_UPDATE_COLUMNS: readonly Column[] = [
  ['full_name', 'text'], ['sex', 'text'], ['birth_date', 'date'], ['birth_year', 'integer'], ['ethnicity', 'text'], ['phone', 'text'],
  ['cccd', 'text'], ['relation_to_head', 'text'], ['note', 'text'],
];
export const HOUSEHOLD_UPDATE_COLUMNS: readonly Column[] = [['code', 'text'], ['address', 'text'], ['hamlet_group', 'text'], ['head_person_id', 'uuid']];
/** Phones are also edited on phones: an imported number is an edit made now (README, offline sync). */
const FIELD_EDIT_COLUMNS: readonly Column[] = [
  ['entity', 'text'], ['entity_id', 'uuid'], ['field', 'text'], ['value', 'jsonb'], ['edited_at', 'timestamptz'], ['account_id', 'uuid'], ['applied', 'boolean'],
];
const CHANGE_COLUMNS: readonly Column[] = [
  ['batch_id', 'uuid'], ['entity', 'text'], ['entity_id', 'uuid'], ['action', 'text'], ['before', 'jsonb'], ['version_after', 'integer'],
];

/** What the audit log keeps of a person: the CCCD masked, as auditView() does. */
export const personAudit = (values: Partial<PersonValues> & Record<string, unknown>) => ({ ...values, cccd: values.cccd ? maskCccd(String(values.cccd)) : values.cccd ?? null });

export interface CommitResult {
  batch: ImportBatchView;
  summary: ImportSummary;
}

export async function commitImport(db: Kysely<DB>, actor: Actor, id: string, input: { confirmWarnings?: boolean }): Promise<CommitResult> {
  const batch = await findBatch(db, actor.scope, id, { forUpdate: true });
  requireUploaded(batch);
  const { plan } = await planBatch(db, actor, batch, { confirmWarnings: input.confirmWarnings });
  const { summary } = plan;
  if (summary.errorRows) {
    throw new AppError(409, 'import_has_errors', `Còn ${summary.errorRows.toLocaleString('vi-VN')} dòng có lỗi. Hãy sửa hoặc bỏ qua các dòng đó rồi ghi lại; chưa có gì được ghi.`, undefined, { summary });
  }
  if (summary.needsHouseholdRows) {
    throw new AppError(409, 'import_needs_household', `Còn ${summary.needsHouseholdRows.toLocaleString('vi-VN')} dòng chưa có hộ (chủ hộ của các dòng đó bị lỗi, bị bỏ qua hoặc không có). Hãy gắn các dòng đó vào hộ khác, chọn người làm chủ hộ, hoặc bỏ qua; chưa có gì được ghi.`, undefined, { summary });
  }
  if (summary.unconfirmedWarningRows) {
    throw new AppError(409, 'needs_confirmation', `Còn ${summary.unconfirmedWarningRows.toLocaleString('vi-VN')} dòng có cảnh báo chưa được xác nhận. Hãy kiểm tra rồi xác nhận; chưa có gì được ghi.`, undefined, { summary });
  }
  const today = todayInVietnam();
  const residentSince = batch.mapping.residentSince ?? today;

  const households: Array<Record<string, unknown>> = [];
  const people: Array<Record<string, unknown>> = [];
  const residences: Array<Record<string, unknown>> = [];
  const personUpdates: Array<Record<string, unknown> & { id: string; version: number }> = [];
  const householdUpdates: Array<Record<string, unknown> & { id: string; version: number }> = [];
  const changes: Array<Record<string, unknown>> = [];
  const fieldEdits: Array<Record<string, unknown>> = [];
  const editedAt = new Date().toISOString();
  const audit: BulkAuditEntry[] = [];
  const origin = (row: { sheetIndex: number; rowNumber: number }) => ({ importBatchId: id, sheet: batch.sheets[row.sheetIndex]?.name, row: row.rowNumber });

  for (const group of plan.groups) {
    const rows = group.rows.filter((r) => r.action === 'new_household' || r.action === 'new_person' || r.action === 'update' || r.action === 'unchanged');
    if (!rows.length || group.blocked || group.villageId === null) continue;
    const newIds = new Map(rows.filter((r) => !r.match).map((r) => [r, uuidv7()]));
    const headId = group.head ? (newIds.get(group.head) ?? group.head.match?.person.id ?? null) : null;
    const resolveHead = (value: string | null) => (value === NEW_HEAD ? headId : value);
    let householdId: string;
    if (!group.household) {
      if (!newIds.size) continue;
      householdId = uuidv7();
      const values = group.householdValues!;
      const headRow = group.head!;
      const household = {
        id: householdId, village_id: group.villageId, code: values.code, address: values.address, hamlet_group: values.hamlet_group,
        phone: headRow.values?.phone ?? null, head_person_id: resolveHead(values.head_person_id), import_batch_id: id,
      };
      households.push(household);
      changes.push({ batch_id: id, entity: 'household', entity_id: householdId, action: 'create', before: null, version_after: 1 });
      const { import_batch_id: _b, ...after } = household;
      audit.push({ action: 'create', entity: 'household', entityId: householdId, orgUnitId: group.villageId, after, detail: origin(headRow) });
    } else {
      householdId = group.household.id;
      if (group.householdChanges.length && group.householdValues) {
        const before = { code: group.household.code, address: group.household.address, hamlet_group: group.household.hamlet_group, head_person_id: group.household.head_person_id };
        const after = { ...group.householdValues, head_person_id: resolveHead(group.householdValues.head_person_id) };
        householdUpdates.push({ id: householdId, version: group.household.version, ...after });
        changes.push({ batch_id: id, entity: 'household', entity_id: householdId, action: 'update', before, version_after: group.household.version + 1 });
        audit.push({ action: 'update', entity: 'household', entityId: householdId, orgUnitId: group.household.village_id, before, after, detail: origin(group.head ?? rows[0]) });
      }
    }
    for (const row of rows) {
      const newId = newIds.get(row);
      if (newId) {
        const person = { id: newId, household_id: householdId, village_id: group.villageId, ...row.values!, import_batch_id: id };
        people.push(person);
        residences.push({ id: uuidv7(), person_id: newId, household_id: householdId, village_id: group.villageId, from_date: residentSince, start_reason: 'import' });
        changes.push({ batch_id: id, entity: 'person', entity_id: newId, action: 'create', before: null, version_after: 1 });
        const { import_batch_id: _b, ...after } = person;
        audit.push({ action: 'create', entity: 'person', entityId: newId, orgUnitId: group.villageId, after: personAudit(after), detail: origin(row) });
      } else if (row.match && row.values && row.changes.length) {
        const existing = row.match.person;
        const before: Record<string, unknown> = {};
        for (const [field] of PERSON_UPDATE_COLUMNS) before[field] = (existing as unknown as Record<string, unknown>)[field];
        personUpdates.push({ id: existing.id, version: existing.version, ...row.values });
        if (row.changes.some((c) => c.field === 'phone')) {
          fieldEdits.push({ entity: 'person', entity_id: existing.id, field: 'phone', value: row.values.phone ?? null, edited_at: editedAt, account_id: actor.accountId, applied: true });
        }
        changes.push({ batch_id: id, entity: 'person', entity_id: existing.id, action: 'update', before, version_after: existing.version + 1 });
        audit.push({
          action: 'update', entity: 'person', entityId: existing.id, orgUnitId: existing.village_id, before: personAudit(before), after: personAudit({ ...row.values }),
          detail: { ...origin(row), fields: row.changes.map((c) => c.field) },
        });
      }
    }
  }

  // Households first (their head is checked at commit time: the constraint is deferred).
  await insertMany(db, 'households', HOUSEHOLD_COLUMNS, households);
  await insertMany(db, 'people', PERSON_COLUMNS, people);
  await insertMany(db, 'residences', RESIDENCE_COLUMNS, residences);
  const stale = () => new AppError(409, 'import_stale', 'Có bản ghi vừa được người khác sửa trong lúc ghi. Hãy xem trước lại rồi ghi; chưa có gì được ghi.');
  if (personUpdates.length && (await updateManyVersioned(db, 'people', PERSON_UPDATE_COLUMNS, personUpdates)) !== personUpdates.length) throw stale();
  if (householdUpdates.length && (await updateManyVersioned(db, 'households', HOUSEHOLD_UPDATE_COLUMNS, householdUpdates)) !== householdUpdates.length) throw stale();
  await insertMany(db, 'import_changes', CHANGE_COLUMNS, changes);
  await insertMany(db, 'field_edits', FIELD_EDIT_COLUMNS, fieldEdits);

  const result: ImportSummary = {
    ...summary,
    newHouseholds: households.length,
    newPeople: people.length,
    updatedPeople: personUpdates.length,
  };
  audit.push({
    action: 'import', entity: 'import_batch', entityId: id, orgUnitId: batch.org_unit_id,
    detail: { fileName: batch.file_name, sha256: batch.file_sha256, summary: result, householdsUpdated: householdUpdates.length, residentSince },
  });
  await writeAuditMany(db, actor, audit);
  // The rows held personal data only to be imported: they go, the batch and its undo record stay.
  await db.deleteFrom('import_rows').where('batch_id', '=', id).execute();
  await db.updateTable('import_batches')
    .set({ status: 'committed', committed_at: sql`now()`, summary: JSON.stringify(result), sheets: JSON.stringify(withoutRows(batch.sheets)) })
    .where('id', '=', id).execute();
  const after = await findBatch(db, actor.scope, id);
  return { batch: presentBatch(after, await villagesInScope(db, actor.scope)), summary: result };
}
