// The SQL of the exports: which villages an export walks, how many rows each holds, and the
// rows themselves in chunks of about CHUNK_ROWS. Filters are those of the on-screen lists
// (people.service.ts searchPeople, households.service.ts listHouseholds), without paging.
//
// One grouped count per export gives each village's rows (and the total for the audit log).
// Consecutive small villages are then read together, one query per chunk, and a village
// larger than a chunk alone, keyset-paged; villages with no matching row are never queried.
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { normalizeCccd } from '../../../shared/cccd.ts';
import type { DB } from '../../db/schema.ts';
import { type Scope, escapeLike, likePrefix } from '../../http/scope.ts';
import { foldQuery, rankedMatch } from '../people/people-search.ts';

/** Rows per query: small enough to hold in memory, large enough that round trips don't dominate. */
export const CHUNK_ROWS = 5000;

export interface ExportVillage {
  id: number;
  name: string;
  communeName: string | null;
}

/** What an export will write: its row count, known before the first row is read. */
export interface PreparedExport<Row> {
  total: number;
  /** The villages in scope the filters point to (one when a village, household or CCCD is asked for). */
  villages: ExportVillage[];
  chunks(): AsyncGenerator<Row[]>;
}

/** Villages of the scope (or the one asked for, when it lies in scope), communes kept together. */
export async function villagesToExport(db: Kysely<DB>, scope: Scope, villageId?: number): Promise<ExportVillage[]> {
  let query = db
    .selectFrom('org_units as v')
    .leftJoin('org_units as c', 'c.id', 'v.parent_id')
    .select(['v.id', 'v.name', 'c.name as communeName'])
    .where('v.level', '=', 'village')
    .where('v.path', 'like', likePrefix(scope.path));
  if (villageId) query = query.where('v.id', '=', villageId);
  return query.orderBy('v.parent_id').orderBy('v.id').execute();
}

const intArray = (ids: number[]) => sql`${sql.val(ids)}::int[]`;

type Batch = { villageIds: number[]; paged: boolean };

/** Consecutive villages grouped up to `chunkRows` rows; a larger village is a paged batch of its own. */
function batches(villages: ExportVillage[], counts: Map<number, number>, chunkRows: number): Batch[] {
  const result: Batch[] = [];
  let current: Batch = { villageIds: [], paged: false };
  let rows = 0;
  for (const village of villages) {
    const n = counts.get(village.id) ?? 0;
    if (!n) continue;
    if (rows + n > chunkRows && current.villageIds.length) {
      result.push(current);
      current = { villageIds: [], paged: false };
      rows = 0;
    }
    if (n > chunkRows) {
      result.push({ villageIds: [village.id], paged: true });
      continue;
    }
    current.villageIds.push(village.id);
    rows += n;
  }
  if (current.villageIds.length) result.push(current);
  return result;
}

/**
 * Reads the batches: one query for a batch of small villages, keyset pages for a large one.
 * `read(villageIds, after, limit)` returns rows in the export's order, after `after` if given.
 */
async function* readBatches<Row>(
  list: Batch[], chunkRows: number, read: (villageIds: number[], after: Row | undefined, limit: number | undefined) => Promise<Row[]>,
): AsyncGenerator<Row[]> {
  for (const batch of list) {
    if (!batch.paged) {
      const rows = await read(batch.villageIds, undefined, undefined);
      if (rows.length) yield rows;
      continue;
    }
    let after: Row | undefined;
    for (;;) {
      const rows = await read(batch.villageIds, after, chunkRows);
      if (rows.length) yield rows;
      if (rows.length < chunkRows) break;
      after = rows[rows.length - 1];
    }
  }
}

async function countsByVillage(rows: Promise<Array<{ village_id: number; n: number }>>) {
  const counts = new Map<number, number>();
  for (const row of await rows) counts.set(row.village_id, row.n);
  return counts;
}

/** Adds each row's village in place (no copy of a chunk's rows). */
function withVillages<Row extends { village_id: number }>(rows: Row[], byId: Map<number, ExportVillage>): Array<Row & { village: ExportVillage }> {
  for (const row of rows) (row as Row & { village: ExportVillage }).village = byId.get(row.village_id)!;
  return rows as Array<Row & { village: ExportVillage }>;
}

const sum = (counts: Map<number, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------
// People

export interface PeopleFilter {
  q?: string;
  villageId?: number;
  householdId?: string;
  status: 'resident' | 'moved_out' | 'deceased' | 'all';
}

export interface PersonExportRow {
  id: string;
  full_name: string;
  sex: 'male' | 'female';
  birth_date: string | null;
  birth_year: number;
  ethnicity: string | null;
  cccd: string | null;
  phone: string | null;
  relation_to_head: string;
  household_id: string;
  household_code: string | null;
  household_address: string;
  head_name: string | null;
  status: 'resident' | 'moved_out' | 'deceased';
  status_date: string | null;
  is_student: boolean;
  is_worker: boolean;
  is_team_member: boolean;
  is_official: boolean;
  not_head: boolean;
  village_id: number;
  village: ExportVillage;
}

/**
 * The people the list would show for these filters, ready to read: a 12-digit query is an
 * exact CCCD, other text a name matched as the list does (every word, or the text as typed,
 * diacritics ignored); one household or one CCCD narrows the walk to its village. Rows come
 * village after village, in each by household (head first, then by birth year).
 */
export async function preparePeopleExport(
  db: Kysely<DB>, scope: Scope, filter: PeopleFilter, chunkRows = CHUNK_ROWS,
): Promise<PreparedExport<PersonExportRow> & { searchedByCccd: boolean }> {
  let villages = await villagesToExport(db, scope, filter.villageId);
  const conditions: Expression<SqlBool>[] = [];
  if (filter.status !== 'all') conditions.push(sql<SqlBool>`p.status = ${filter.status}`);
  const narrowTo = (villageId: number | undefined) => { villages = villages.filter((v) => v.id === villageId); };
  if (filter.householdId) {
    conditions.push(sql<SqlBool>`p.household_id = ${filter.householdId}`);
    const household = await db.selectFrom('households').select('village_id').where('id', '=', filter.householdId).executeTakeFirst();
    narrowTo(household?.village_id);
  }
  const q = filter.q?.trim() ?? '';
  const cccd = normalizeCccd(q);
  const searchedByCccd = /^\d{12}$/.test(cccd);
  const name = q && !searchedByCccd ? await foldQuery(db, q) : undefined;
  if (name?.words.length) {
    conditions.push(rankedMatch(name).match);
  } else if (q) {
    // A CCCD, or text that folds to nothing (the list finds nobody then either).
    if (searchedByCccd) {
      conditions.push(sql<SqlBool>`p.cccd = ${cccd}`);
      const person = await db.selectFrom('people').select('village_id').where('cccd', '=', cccd).executeTakeFirst();
      narrowTo(person?.village_id);
    } else {
      villages = [];
    }
  }
  const where = (villageIds: number[]) => sql<SqlBool>`p.village_id = ANY(${intArray(villageIds)}) AND ${conditions.length ? sql.join(conditions, sql` AND `) : sql`true`}`;

  const counts = villages.length
    ? await countsByVillage(db.selectFrom('people as p').select(['p.village_id', sql<number>`count(*)::int`.as('n')])
      .where(where(villages.map((v) => v.id))).groupBy('p.village_id').execute())
    : new Map<number, number>();
  const byId = new Map(villages.map((v) => [v.id, v]));

  const read = async (villageIds: number[], after: PersonExportRow | undefined, limit: number | undefined) => {
    let query = db
      .selectFrom('people as p')
      .innerJoin('households as h', 'h.id', 'p.household_id')
      .leftJoin('people as head', 'head.id', 'h.head_person_id')
      .select([
        'p.id', 'p.full_name', 'p.sex', 'p.birth_date', 'p.birth_year', 'p.ethnicity', 'p.cccd', 'p.phone', 'p.relation_to_head',
        'p.household_id', 'h.code as household_code', 'h.address as household_address', 'head.full_name as head_name',
        'p.status', 'p.status_date', 'p.is_student', 'p.is_worker', 'p.is_team_member', 'p.is_official', 'p.village_id',
        sql<boolean>`p.relation_to_head <> 'head'`.as('not_head'),
      ])
      .where(where(villageIds));
    if (after) {
      // Paged batches hold one village, so the key starts at the household.
      query = query.where(sql<SqlBool>`(p.household_id, p.relation_to_head <> 'head', p.birth_year, p.id) >
        (${after.household_id}::uuid, ${after.not_head}::boolean, ${after.birth_year}::int, ${after.id}::uuid)`);
    }
    query = query
      .orderBy(sql`array_position(${intArray(villageIds)}, p.village_id)`)
      .orderBy('p.household_id').orderBy(sql`p.relation_to_head <> 'head'`).orderBy('p.birth_year').orderBy('p.id');
    return withVillages(await (limit ? query.limit(limit) : query).execute(), byId);
  };

  return {
    total: sum(counts),
    villages,
    searchedByCccd,
    chunks: () => readBatches(batches(villages, counts, chunkRows), chunkRows, read),
  };
}

// ---------------------------------------------------------------------------------------
// Households

export interface HouseholdFilter {
  villageId?: number;
  q?: string;
}

export interface HouseholdExportRow {
  id: string;
  code: string | null;
  address: string;
  hamlet_group: string | null;
  phone: string | null;
  head_name: string | null;
  member_count: number;
  no_capable_member: boolean;
  dissolved_at: string | null;
  village_id: number;
  village: ExportVillage;
}

/**
 * The households the list would show (the head's name, the address or hamlet group, diacritics
 * ignored, or the exact number), village after village, each in the list's order: household
 * numbers are often numeric text, so "2" before "10", numberless ones last.
 */
export async function prepareHouseholdExport(
  db: Kysely<DB>, scope: Scope, filter: HouseholdFilter, chunkRows = CHUNK_ROWS,
): Promise<PreparedExport<HouseholdExportRow>> {
  const villages = await villagesToExport(db, scope, filter.villageId);
  const pattern = filter.q ? sql<string>`'%' || search_text(${escapeLike(filter.q)}) || '%'` : undefined;
  const where = (villageIds: number[]) => sql<SqlBool>`h.village_id = ANY(${intArray(villageIds)})
    AND ${pattern ? sql`(head.name_search LIKE ${pattern} OR search_text(h.address || ' ' || coalesce(h.hamlet_group, '')) LIKE ${pattern} OR h.code = ${filter.q})` : sql`true`}`;

  const counts = villages.length
    ? await countsByVillage(db.selectFrom('households as h').leftJoin('people as head', 'head.id', 'h.head_person_id')
      .select(['h.village_id', sql<number>`count(*)::int`.as('n')]).where(where(villages.map((v) => v.id))).groupBy('h.village_id').execute())
    : new Map<number, number>();
  const byId = new Map(villages.map((v) => [v.id, v]));

  const read = async (villageIds: number[], after: HouseholdExportRow | undefined, limit: number | undefined) => {
    let query = db
      .selectFrom('households as h')
      .leftJoin('people as head', 'head.id', 'h.head_person_id')
      // Members counted for the batch's villages in one pass by the village index, not one
      // lookup per household (a person's village is always their household's).
      .leftJoin(
        (eb) => eb.selectFrom('people').select(['household_id', sql<number>`count(*)::int`.as('n')])
          .where(sql<SqlBool>`village_id = ANY(${intArray(villageIds)})`).where('status', '=', 'resident').groupBy('household_id').as('m'),
        (join) => join.onRef('m.household_id', '=', 'h.id'),
      )
      .select([
        'h.id', 'h.code', 'h.address', 'h.hamlet_group', 'h.phone', 'head.full_name as head_name', 'h.no_capable_member', 'h.dissolved_at',
        'h.village_id', sql<number>`coalesce(m.n, 0)`.as('member_count'),
      ])
      .where(where(villageIds));
    if (after) {
      query = query.where(sql<SqlBool>`(h.code IS NULL, length(coalesce(h.code, '')), coalesce(h.code, ''), h.id) >
        (${after.code === null}::boolean, ${(after.code ?? '').length}::int, ${after.code ?? ''}::text, ${after.id}::uuid)`);
    }
    query = query
      .orderBy(sql`array_position(${intArray(villageIds)}, h.village_id)`)
      .orderBy(sql`h.code IS NULL`).orderBy(sql`length(coalesce(h.code, ''))`).orderBy(sql`coalesce(h.code, '')`).orderBy('h.id');
    return withVillages(await (limit ? query.limit(limit) : query).execute(), byId);
  };

  return {
    total: sum(counts),
    villages,
    chunks: () => readBatches(batches(villages, counts, chunkRows), chunkRows, read),
  };
}
