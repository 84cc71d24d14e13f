// The SQL of imports: batches within the officer's area, their stored rows, remembered
// mappings, and the households and people a plan matches against.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { HouseholdChoice, ImportMapping, ImportSheetView, ImportStatus, ImportSummary } from '../../../shared/imports.ts';
import type { DB, ImportBatchTable } from '../../db/schema.ts';
import { notFound } from '../../http/app-error.ts';
import { pageWindow } from '../../http/pagination.ts';
import { type Scope, inScope, likePrefix } from '../../http/scope.ts';
import { householdTextMatch } from '../households/household-search.ts';
import type { VillageRef } from './guess-columns.ts';
import type { ExistingHousehold, ExistingPerson, Fixes, StoredRow } from './plan-types.ts';

/** The batch's sheets as stored: what the web shows, plus the header signature (server only). */
export interface StoredSheet extends ImportSheetView {
  signature: string;
}

/** A batch row as read, its JSON columns typed. */
export type BatchRow = Omit<Selectable<ImportBatchTable>, 'sheets' | 'mapping' | 'summary'> & {
  sheets: StoredSheet[];
  mapping: ImportMapping;
  summary: ImportSummary | null;
  org_unit_name: string;
  account_name: string;
};

const BATCH_COLUMNS = [
  'b.id', 'b.org_unit_id', 'b.account_id', 'b.file_name', 'b.file_size', 'b.file_sha256', 'b.status', 'b.sheets', 'b.mapping', 'b.summary', 'b.revision',
  'b.created_at', 'b.committed_at', 'b.undone_at', 'u.name as org_unit_name', 'a.full_name as account_name',
] as const;

function batchesInScope(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('import_batches as b')
    .innerJoin('org_units as u', 'u.id', 'b.org_unit_id')
    .innerJoin('accounts as a', 'a.id', 'b.account_id')
    .where(inScope(scope, 'b.org_unit_id'));
}

/** A batch of the officer's area; 404 alike for one that does not exist and one elsewhere. */
export async function findBatch(db: Kysely<DB>, scope: Scope, id: string, options: { forUpdate?: boolean } = {}): Promise<BatchRow> {
  let query = batchesInScope(db, scope).select(BATCH_COLUMNS).where('b.id', '=', id);
  // Two commits of one batch at once: the second waits here, then sees it committed.
  if (options.forUpdate) query = query.forUpdate('b');
  const row = await query.executeTakeFirst();
  if (!row) throw notFound('Không tìm thấy lần nhập hoặc bạn không có quyền xem.');
  return row as unknown as BatchRow;
}

/** The area's batches, newest first; `status`: only those in it (the unfinished ones: 'uploaded'). */
export async function listBatches(db: Kysely<DB>, scope: Scope, page: number, pageSize: number, filter: { status?: ImportStatus } = {}) {
  let base = batchesInScope(db, scope);
  if (filter.status) base = base.where('b.status', '=', filter.status);
  const [rows, total] = await Promise.all([
    base.select(BATCH_COLUMNS).orderBy('b.created_at', 'desc').orderBy('b.id', 'desc').limit(pageWindow({ page, pageSize }).limit).offset(pageWindow({ page, pageSize }).offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as unknown as BatchRow[], total: total.n };
}

/** Marks the batch changed (mapping, fixes, skips): previews planned before are stale. */
export async function bumpRevision(db: Kysely<DB>, batchId: string): Promise<void> {
  await db.updateTable('import_batches').set({ revision: sql`revision + 1` }).where('id', '=', batchId).execute();
}

export async function loadRows(db: Kysely<DB>, batchId: string): Promise<StoredRow[]> {
  const rows = await db
    .selectFrom('import_rows')
    .select(['sheet_index', 'row_number', 'cells', 'fixes', 'skip', 'confirm_warnings', 'household_choice'])
    .where('batch_id', '=', batchId)
    .orderBy('sheet_index')
    .orderBy('row_number')
    .execute();
  return rows.map((r) => ({
    sheetIndex: r.sheet_index, rowNumber: r.row_number, cells: r.cells as Array<string | null>, fixes: (r.fixes as Fixes | null) ?? null,
    skip: r.skip, confirmWarnings: r.confirm_warnings, householdChoice: (r.household_choice as HouseholdChoice | null) ?? null,
  }));
}

/** Villages of the scope's subtree, by name. */
export async function villagesInScope(db: Kysely<DB>, scope: Scope): Promise<VillageRef[]> {
  return db.selectFrom('org_units').select(['id', 'name']).where('level', '=', 'village').where('active', '=', true)
    .where('path', 'like', likePrefix(scope.path)).orderBy('name').execute();
}

/** Every other village of the install (≈2,000 at most): named when a row points to one. */
export async function villagesOutsideScope(db: Kysely<DB>, scope: Scope): Promise<VillageRef[]> {
  return db.selectFrom('org_units').select(['id', 'name']).where('level', '=', 'village').where('path', 'not like', likePrefix(scope.path)).execute();
}

/** The commune an account works for (a village head's commune), where mappings are remembered. */
export async function mappingOwner(db: Kysely<DB>, orgUnitId: number): Promise<number> {
  const unit = await db.selectFrom('org_units').select(['id', 'level', 'parent_id']).where('id', '=', orgUnitId).executeTakeFirstOrThrow();
  return unit.level === 'village' && unit.parent_id ? unit.parent_id : unit.id;
}

const PERSON_COLUMNS = [
  'p.id', 'p.household_id', 'p.village_id', 'p.full_name', 'p.sex', 'p.birth_date', 'p.birth_year', 'p.ethnicity', 'p.phone', 'p.cccd',
  'p.relation_to_head', 'p.note', 'p.status', 'p.version',
] as const;

export interface Existing {
  byCccd: Map<string, ExistingPerson>;
  households: ExistingHousehold[];
  people: ExistingPerson[];
  dissolvedCodes: Set<string>;
}

/**
 * What a plan matches against: the people holding the file's CCCDs (anywhere: a number is
 * unique in the install), and the households and people of the villages the file names, of
 * the villages where those CCCDs live in the area, and of the households the officer chose.
 */
export async function loadExisting(db: Kysely<DB>, villageIdsInArea: Set<number>, villageIds: number[], cccds: string[], chosenHouseholds: string[] = []): Promise<Existing> {
  const byCccd = new Map<string, ExistingPerson>();
  const villages = new Set(villageIds);
  // A household the officer attached rows to may be in a village the file does not name (the plan says so).
  if (chosenHouseholds.length) {
    const chosen = await db.selectFrom('households').select('village_id').where('id', '=', sql<string>`ANY(${sql.val(chosenHouseholds)}::uuid[])`).execute();
    for (const { village_id } of chosen) if (villageIdsInArea.has(village_id)) villages.add(village_id);
  }
  if (cccds.length) {
    const found = await db.selectFrom('people as p').select(PERSON_COLUMNS).where('p.cccd', '=', sql<string>`ANY(${sql.val(cccds)}::text[])`).execute();
    for (const person of found) {
      const inArea = villageIdsInArea.has(person.village_id);
      byCccd.set(person.cccd!, { ...person, in_scope: inArea });
      if (inArea) villages.add(person.village_id);
    }
  }
  const ids = [...villages];
  if (!ids.length) return { byCccd, households: [], people: [], dissolvedCodes: new Set() };
  const [households, people] = await Promise.all([
    db.selectFrom('households').select(['id', 'village_id', 'code', 'address', 'hamlet_group', 'head_person_id', 'version', 'dissolved_at'])
      .where('village_id', '=', sql<number>`ANY(${sql.val(ids)}::int[])`).execute(),
    db.selectFrom('people as p').select(PERSON_COLUMNS).where('p.village_id', '=', sql<number>`ANY(${sql.val(ids)}::int[])`).execute(),
  ]);
  const dissolvedCodes = new Set(households.filter((h) => h.dissolved_at && h.code).map((h) => `${h.village_id}|${h.code}`));
  return {
    byCccd,
    households: households.filter((h) => !h.dissolved_at).map(({ dissolved_at: _d, ...h }) => h),
    people: people.map((p) => ({ ...p, in_scope: true })),
    dissolvedCodes,
  };
}

/** A household of the area that is still there (a choice of household for an import row). */
export async function householdInScope(db: Kysely<DB>, scope: Scope, id: string): Promise<boolean> {
  const row = await db.selectFrom('households as h').select('h.id').where('h.id', '=', id).where('h.dissolved_at', 'is', null)
    .where(inScope(scope, 'h.village_id')).executeTakeFirst();
  return Boolean(row);
}

/** Households of one village of the area, not dissolved, matching what the officer typed: those a waiting import row may join. */
export async function searchHouseholds(db: Kysely<DB>, scope: Scope, villageId: number, q: string | undefined, limit: number) {
  let query = db.selectFrom('households as h')
    .leftJoin('people as head', 'head.id', 'h.head_person_id')
    .select([
      'h.id', 'h.code', 'h.address', 'h.hamlet_group', 'head.full_name as head_name',
      sql<number>`(SELECT count(*)::int FROM people m WHERE m.household_id = h.id AND m.status = 'resident')`.as('members'),
    ])
    .where('h.village_id', '=', villageId).where('h.dissolved_at', 'is', null).where(inScope(scope, 'h.village_id'));
  if (q) query = query.where(householdTextMatch(q));
  return query.orderBy(sql`length(h.code)`).orderBy('h.code').orderBy('head.full_name').orderBy('h.id').limit(limit).execute();
}
