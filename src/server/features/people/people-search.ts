// Vietnamese name search over up to a province (≈2 M people). Names are folded once
// (search_text: lower case, no diacritics, đ → d) into people.name_search. A query is run
// as ranked tiers, best first, each answered by an index and read only as far as the page
// needs, so a common name never means sorting a hundred thousand matches:
//   1. the whole name equals the query            (btree on name_search)
//   2. the name starts with the query             (same btree, read in order)
//   3. every word of the query is a word of the name, anywhere  (GIN on the name's words)
//   4. the name contains the query as typed, e.g. "thi ho" while typing  (trigram GIN)
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { escapeLike } from '../../http/scope.ts';

export interface NameQuery {
  folded: string;
  words: string[];
}

export async function foldQuery(db: Kysely<DB>, text: string): Promise<NameQuery> {
  const folded = await sql<{ t: string }>`SELECT search_text(${text}) AS t`.execute(db).then((r) => r.rows[0].t ?? '');
  return { folded, words: folded.split(' ').filter(Boolean) };
}

/** The tiers' conditions; each excludes the rows of the tiers before it. */
export function nameTiers(query: NameQuery): Expression<SqlBool>[] {
  const { folded, words } = query;
  const prefix = `${escapeLike(folded)}%`;
  const startsWith = sql<SqlBool>`p.name_search LIKE ${prefix}`;
  const allWords = sql<SqlBool>`name_words(p.name_search) @> ${sql.val(words)}::text[]`;
  return [
    sql<SqlBool>`p.name_search = ${folded}`,
    sql<SqlBool>`(${startsWith} AND p.name_search <> ${folded})`,
    sql<SqlBool>`(${allWords} AND NOT ${startsWith})`,
    sql<SqlBool>`(p.name_search LIKE ${`%${escapeLike(folded)}%`} AND NOT ${allWords} AND NOT ${startsWith})`,
  ];
}

/**
 * Reads one page across the tiers. `selectTier(condition, offset, limit)` returns the rows of
 * one tier in name order; `countTier(condition, cap)` counts a tier up to cap (used only to
 * skip whole tiers on later pages). Returns the page and whether more rows follow.
 */
export async function pageAcrossTiers<Row>(
  tiers: Expression<SqlBool>[],
  page: { offset: number; limit: number },
  selectTier: (condition: Expression<SqlBool>, offset: number, limit: number) => Promise<Row[]>,
  countTier: (condition: Expression<SqlBool>, cap: number) => Promise<number>,
): Promise<{ rows: Row[]; hasMore: boolean }> {
  let skip = page.offset;
  const rows: Row[] = [];
  for (const tier of tiers) {
    const need = page.limit - rows.length;
    if (need === 0) {
      // The page is full: one row from any later tier means there is a next page.
      if ((await selectTier(tier, 0, 1)).length) return { rows, hasMore: true };
      continue;
    }
    if (skip > 0) {
      const size = await countTier(tier, skip + 1);
      if (size <= skip) {
        skip -= size;
        continue;
      }
    }
    const found = await selectTier(tier, skip, need + 1);
    skip = 0;
    rows.push(...found.slice(0, need));
    if (found.length > need) return { rows, hasMore: true };
  }
  return { rows, hasMore: false };
}
