// Scoping by org subtree, applied inside SQL. A scope is the path of the account's unit;
// rows belong to a village, and a village is in scope when its path starts with the scope's.
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Role } from '../../shared/roles.ts';

export interface Scope {
  path: string;
  accountId: string;
  role: Role;
}

/**
 * `column IN (units of the scope's subtree)`: for a row's village id, or any org unit id.
 * The subquery is one prefix scan on org_units' path index (≈2,000 villages at most).
 */
export function inScope(scope: Scope, column: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} IN (SELECT id FROM org_units WHERE path LIKE ${likePrefix(scope.path)})`;
}

export function likePrefix(path: string): string {
  return escapeLike(path) + '%';
}

/** Makes LIKE's wildcards (% and _) and its escape character match only themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The ids of the villages in the scope's subtree (≈2,000 at most, for a province). */
export async function villageIdsInScope(db: Kysely<DB>, scope: Scope): Promise<number[]> {
  const rows = await db.selectFrom('org_units').select('id').where('level', '=', 'village').where('path', 'like', likePrefix(scope.path)).execute();
  return rows.map((r) => r.id);
}
