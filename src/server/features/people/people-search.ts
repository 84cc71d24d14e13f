// Vietnamese name search over up to a province (≈2 M people). Names are folded once
// (search_text: lower case, no diacritics, đ → d) into people.name_search. A query is run
// as ranked tiers, best first, each answered by an index and read only as far as the page
// needs, so a common name never means sorting a hundred thousand matches (a small area is
// searched in one ranked pass instead, see rankedMatch):
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

function conditions({ folded, words }: NameQuery) {
  return {
    equals: sql<SqlBool>`p.name_search = ${folded}`,
    startsWith: sql<SqlBool>`p.name_search LIKE ${`${escapeLike(folded)}%`}`,
    allWords: sql<SqlBool>`name_words(p.name_search) @> ${sql.val(words)}::text[]`,
    contains: sql<SqlBool>`p.name_search LIKE ${`%${escapeLike(folded)}%`}`,
  };
}

export interface Tier {
  condition: Expression<SqlBool>;
  /**
   * Whether to read the tier in name order straight from the btree. Tiers 3–4 are read in
   * id (registration) order instead, which the planner can serve either way round: walking
   * the primary key for a common pair of words, or matching a rare one and sorting the few
   * rows. Walking the name index while filtering for "van hai" read a third of the province
   * before it found twenty.
   */
  indexOrdered: boolean;
}

/** The tiers, best first; each excludes the rows of the tiers before it. */
export function nameTiers(query: NameQuery): Tier[] {
  const c = conditions(query);
  return [
    { condition: c.equals, indexOrdered: true },
    { condition: sql<SqlBool>`(${c.startsWith} AND NOT ${c.equals})`, indexOrdered: true },
    { condition: sql<SqlBool>`(${c.allWords} AND NOT ${c.startsWith})`, indexOrdered: false },
    { condition: sql<SqlBool>`(${c.contains} AND NOT ${c.allWords} AND NOT ${c.startsWith})`, indexOrdered: false },
  ];
}

/**
 * For a small area (a commune: ≈10–20 k people) one pass over its people by the village
 * index is cheaper than four lookups in province-wide indexes: every match is ranked in
 * one query and the total is exact.
 */
export function rankedMatch(query: NameQuery) {
  const c = conditions(query);
  // Over a few thousand rows plain LIKEs are cheaper than building each name's word array.
  const spaced = sql`(' ' || p.name_search || ' ')`;
  const allWords = sql<SqlBool>`(${sql.join(query.words.map((w) => sql`${spaced} LIKE ${`% ${escapeLike(w)} %`}`), sql` AND `)})`;
  return {
    match: sql<SqlBool>`(${allWords} OR ${c.contains})`,
    rank: sql<number>`CASE WHEN ${c.equals} THEN 1 WHEN ${c.startsWith} THEN 2 WHEN ${allWords} THEN 3 ELSE 4 END`,
  };
}

/**
 * Reads one page across the tiers. `selectTier(condition, offset, limit)` returns the rows of
 * one tier in name order; `countTier(condition, cap)` counts a tier up to cap (used only to
 * skip whole tiers on later pages). Returns the page and whether more rows follow.
 */
export async function pageAcrossTiers<Row>(
  tiers: Tier[],
  page: { offset: number; limit: number },
  selectTier: (tier: Tier, offset: number, limit: number) => Promise<Row[]>,
  countTier: (tier: Tier, cap: number) => Promise<number>,
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
