// Writes an org tree (province → communes → villages) into org_units and returns the ids the
// population generator needs. Shared by the demo seed (PGlite or PostgreSQL) and the
// province loader.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { CommuneSpec, ProvinceSpec } from './org-tree.ts';

export interface InsertedCommune {
  spec: CommuneSpec;
  id: number;
  /** Ids of spec.villages, same order. */
  villageIds: number[];
}

export interface InsertedTree {
  provinceId: number;
  communes: InsertedCommune[];
}

/** Ids taken from the serial's sequence up front, so each row's path can be written at insert. */
async function reserveIds(db: Kysely<DB>, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await sql<{ id: number }>`
    SELECT nextval(pg_get_serial_sequence('org_units', 'id'))::int AS id FROM generate_series(1, ${count}::int)
  `.execute(db);
  return result.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

const BATCH = 1_000;

/**
 * Inserts the communes and villages of `tree` under its province, reusing the province row
 * when one with the same code exists (an install may create it before any data).
 */
export async function insertOrgTree(db: Kysely<DB>, tree: ProvinceSpec): Promise<InsertedTree> {
  let province = await db
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('level', '=', 'province')
    .where('code', '=', tree.code)
    .executeTakeFirst();
  if (!province) {
    const [id] = await reserveIds(db, 1);
    province = { id, path: `/${id}/` };
    await db.insertInto('org_units').values({ id, parent_id: null, level: 'province', code: tree.code, name: tree.name, path: province.path }).execute();
  }

  const communeIds = await reserveIds(db, tree.communes.length);
  await db
    .insertInto('org_units')
    .values(
      tree.communes.map((commune, index) => ({
        id: communeIds[index],
        parent_id: province.id,
        level: 'commune' as const,
        code: commune.code,
        name: commune.name,
        path: `${province.path}${communeIds[index]}/`,
      })),
    )
    .execute();

  const villageCount = tree.communes.reduce((sum, commune) => sum + commune.villages.length, 0);
  const villageIds = await reserveIds(db, villageCount);
  const villageRows = [];
  const communes: InsertedCommune[] = [];
  let next = 0;
  for (const [index, commune] of tree.communes.entries()) {
    const ids: number[] = [];
    for (const village of commune.villages) {
      const id = villageIds[next];
      next += 1;
      ids.push(id);
      villageRows.push({
        id,
        parent_id: communeIds[index],
        level: 'village' as const,
        code: null,
        name: village.name,
        path: `${province.path}${communeIds[index]}/${id}/`,
      });
    }
    communes.push({ spec: commune, id: communeIds[index], villageIds: ids });
  }
  for (let start = 0; start < villageRows.length; start += BATCH) {
    await db.insertInto('org_units').values(villageRows.slice(start, start + BATCH)).execute();
  }
  return { provinceId: province.id, communes };
}
