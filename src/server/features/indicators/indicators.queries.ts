// SQL of the indicators feature. Every figure comes from the definitions in
// indicator-definitions.ts: stored per village by the worker (indicator_aggregates,
// indicator_support_counts) and summed here by area, or computed live from the same
// functions for what is not stored (a village added minutes ago, a date just rolled over).
import { type Kysely, sql } from 'kysely';
import { FIRST_INDICATOR_YEAR, INDICATOR_ACTIONS, type IndicatorCode, monthEnd, monthStart } from '../../../shared/indicators.ts';
import type { DB } from '../../db/schema.ts';
import { likePrefix } from '../../http/scope.ts';
import { AGGREGATE_CODES, POPULATION_CODE } from './indicator-definitions.ts';

/** 31 December before the plan's first year: the first start-of-year level. */
export const FIRST_STORED_END = `${FIRST_INDICATOR_YEAR - 1}-12-31`;

/** The end dates kept in indicator_aggregates: every month end since the plan began, and today. */
export function storedPeriodEnds(today: string): string[] {
  const ends = [FIRST_STORED_END];
  for (let y = FIRST_INDICATOR_YEAR, m = 1; ; m === 12 ? (y++, (m = 1)) : m++) {
    const end = monthEnd(y, m);
    if (end >= today) break;
    ends.push(end);
  }
  ends.push(today);
  return ends;
}

/** The months kept in indicator_support_counts (first days): from the plan's first month to today's. */
export function storedMonths(today: string): string[] {
  const months: string[] = [];
  const last = today.slice(0, 7);
  for (let y = FIRST_INDICATOR_YEAR, m = 1; ; m === 12 ? (y++, (m = 1)) : m++) {
    const month = monthStart(y, m);
    months.push(month);
    if (month.slice(0, 7) >= last) break;
  }
  return months;
}

// ---- Keeping the aggregates ----

/**
 * Rewrites the stored ends and months of these villages from `since` on (all of them without
 * it), and drops ends no longer kept, in the caller's transaction.
 */
export async function recomputeVillages(db: Kysely<DB>, villageIds: number[], today: string, since?: string): Promise<void> {
  if (!villageIds.length) return;
  const kept = storedPeriodEnds(today);
  const ends = since ? kept.filter((end) => end >= since) : kept;
  const months = since ? storedMonths(today).filter((month) => month >= `${since.slice(0, 7)}-01`) : storedMonths(today);
  await sql`DELETE FROM indicator_aggregates WHERE village_id = ANY (${villageIds}::int[])
    AND (period_end = ANY (${ends}::date[]) OR period_end <> ALL (${kept}::date[]))`.execute(db);
  if (ends.length) {
    await sql`
      INSERT INTO indicator_aggregates (village_id, period_end, code, numerator, denominator, extra)
      SELECT village_id, period_end, code, numerator, denominator, extra
      FROM indicator_values(${villageIds}::int[], ${ends}::date[])`.execute(db);
  }
  await rollUpUnits(db, await ancestorsOf(db, villageIds), ends, kept);
  if (months.length) {
    await sql`DELETE FROM indicator_support_counts WHERE village_id = ANY (${villageIds}::int[]) AND month = ANY (${months}::date[])`.execute(db);
    await sql`
      INSERT INTO indicator_support_counts (village_id, month, visits, people, people_qtd, people_ytd, procedures, apps)
      SELECT village_id, month, visits, people, people_qtd, people_ytd, procedures, apps
      FROM support_counts(${villageIds}::int[], ${months}::date[])`.execute(db);
  }
}

/**
 * Villages lacking a stored end or month (a new village, a new day or month, an empty table
 * after the migration): up to `limit` of them with what each lacks.
 */
export async function villagesToCatchUp(db: Kysely<DB>, today: string, limit: number) {
  const ends = storedPeriodEnds(today);
  const months = storedMonths(today);
  const rows = await sql<{ id: number; ends: string[] | null; months: string[] | null }>`
    SELECT v.id,
      (SELECT array_agg(e::text ORDER BY e) FROM unnest(${ends}::date[]) e
        WHERE NOT EXISTS (SELECT 1 FROM indicator_aggregates a WHERE a.period_end = e AND a.village_id = v.id AND a.code = ${POPULATION_CODE})) AS ends,
      (SELECT array_agg(m::text ORDER BY m) FROM unnest(${months}::date[]) m
        WHERE NOT EXISTS (SELECT 1 FROM indicator_support_counts c WHERE c.month = m AND c.village_id = v.id)) AS months
    FROM org_units v
    WHERE v.level = 'village'
      AND (NOT EXISTS (SELECT 1 FROM indicator_aggregates a WHERE a.period_end = ${today}::date AND a.village_id = v.id AND a.code = ${POPULATION_CODE})
        OR NOT EXISTS (SELECT 1 FROM indicator_support_counts c WHERE c.month = ${months[months.length - 1]}::date AND c.village_id = v.id)
        OR EXISTS (SELECT 1 FROM indicator_aggregates a WHERE a.village_id = v.id AND a.period_end <> ALL (${ends}::date[])))
    ORDER BY v.id
    LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, ends: parseDateArray(r.ends), months: parseDateArray(r.months) }));
}

/** text[] arrives as an array (a date[] would become Date objects in pg: hence ::text). */
function parseDateArray(value: string[] | string | null): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
}

/** Adds what these villages lack and drops ends no longer kept (yesterday's "today"). */
export async function catchUpVillages(db: Kysely<DB>, villages: Array<{ id: number; ends: string[]; months: string[] }>, today: string): Promise<void> {
  if (!villages.length) return;
  const ids = villages.map((v) => v.id);
  const ends = [...new Set(villages.flatMap((v) => v.ends))].sort();
  const months = [...new Set(villages.flatMap((v) => v.months))].sort();
  await sql`DELETE FROM indicator_aggregates WHERE village_id = ANY (${ids}::int[]) AND period_end <> ALL (${storedPeriodEnds(today)}::date[])`.execute(db);
  if (ends.length) {
    await sql`
      INSERT INTO indicator_aggregates (village_id, period_end, code, numerator, denominator, extra)
      SELECT village_id, period_end, code, numerator, denominator, extra FROM indicator_values(${ids}::int[], ${ends}::date[])
      ON CONFLICT (period_end, village_id, code) DO UPDATE SET numerator = excluded.numerator, denominator = excluded.denominator,
        extra = excluded.extra, computed_at = excluded.computed_at`.execute(db);
  }
  await rollUpUnits(db, await ancestorsOf(db, ids), ends, storedPeriodEnds(today));
  if (months.length) {
    await sql`
      INSERT INTO indicator_support_counts (village_id, month, visits, people, people_qtd, people_ytd, procedures, apps)
      SELECT village_id, month, visits, people, people_qtd, people_ytd, procedures, apps FROM support_counts(${ids}::int[], ${months}::date[])
      ON CONFLICT (month, village_id) DO UPDATE SET visits = excluded.visits, people = excluded.people, people_qtd = excluded.people_qtd,
        people_ytd = excluded.people_ytd, procedures = excluded.procedures, apps = excluded.apps, computed_at = excluded.computed_at`.execute(db);
  }
}

/**
 * (unit, village) for every village and each unit above it, from the village's path: one pass
 * over the villages, where a join on path prefixes would compare every unit with every village.
 */
export function villagesUnder(unitIds?: number[]) {
  return sql`SELECT a.unit_id, v.id AS village_id
    FROM org_units v CROSS JOIN unnest(string_to_array(trim(both '/' from v.path), '/')::int[]) AS a(unit_id)
    WHERE v.level = 'village' AND a.unit_id <> v.id ${unitIds ? sql`AND a.unit_id = ANY (${unitIds}::int[])` : sql``}`;
}

/** The units above these (communes, the province), deepest first. */
async function ancestorsOf(db: Kysely<DB>, unitIds: number[]): Promise<Array<{ id: number; depth: number }>> {
  if (!unitIds.length) return [];
  const rows = await sql<{ id: number; depth: number }>`
    SELECT DISTINCT a.id, array_length(string_to_array(trim(both '/' from a.path), '/'), 1) AS depth
    FROM org_units u JOIN org_units a ON u.path LIKE a.path || '%' AND a.id <> u.id AND a.level <> 'village'
    WHERE u.id = ANY (${unitIds}::int[])`.execute(db);
  return rows.rows;
}

/**
 * Rewrites the units' sums of their children's rows at these ends (and drops ends no longer
 * kept), deepest units first so a province sums communes already rewritten. Each row says
 * which villages it covers (count, sum of ids).
 */
export async function rollUpUnits(db: Kysely<DB>, units: Array<{ id: number; depth: number }>, ends: string[], kept: string[]): Promise<void> {
  if (!units.length) return;
  const depths = [...new Set(units.map((u) => u.depth))].sort((a, b) => b - a);
  for (const depth of depths) {
    const ids = units.filter((u) => u.depth === depth).map((u) => u.id);
    await sql`DELETE FROM indicator_unit_aggregates WHERE org_unit_id = ANY (${ids}::int[])
      AND (period_end = ANY (${ends}::date[]) OR period_end <> ALL (${kept}::date[]))`.execute(db);
    if (!ends.length) continue;
    await sql`
      INSERT INTO indicator_unit_aggregates (org_unit_id, period_end, code, numerator, denominator, extra, villages, village_ids_sum)
      SELECT u.id, e.period_end, k.code, coalesce(s.numerator, 0), coalesce(s.denominator, 0), coalesce(s.extra, 0),
        coalesce(s.villages, 0), coalesce(s.village_ids_sum, 0)
      FROM org_units u
      CROSS JOIN unnest(${ends}::date[]) AS e(period_end)
      CROSS JOIN unnest(${[...AGGREGATE_CODES]}::text[]) AS k(code)
      LEFT JOIN (
        SELECT x.parent_id, x.period_end, x.code, sum(x.numerator)::int AS numerator, sum(x.denominator)::int AS denominator,
          sum(x.extra)::int AS extra, sum(x.villages)::int AS villages, sum(x.village_ids_sum)::bigint AS village_ids_sum
        FROM (
          SELECT c.parent_id, g.period_end, g.code, g.numerator, g.denominator, g.extra, 1 AS villages, c.id::bigint AS village_ids_sum
          FROM org_units c JOIN indicator_aggregates g ON g.village_id = c.id AND g.period_end = ANY (${ends}::date[])
          WHERE c.parent_id = ANY (${ids}::int[]) AND c.level = 'village'
          UNION ALL
          SELECT c.parent_id, a.period_end, a.code, a.numerator, a.denominator, a.extra, a.villages, a.village_ids_sum
          FROM org_units c JOIN indicator_unit_aggregates a ON a.org_unit_id = c.id AND a.period_end = ANY (${ends}::date[])
          WHERE c.parent_id = ANY (${ids}::int[]) AND c.level <> 'village'
        ) x
        GROUP BY x.parent_id, x.period_end, x.code
      ) s ON s.parent_id = u.id AND s.period_end = e.period_end AND s.code = k.code
      WHERE u.id = ANY (${ids}::int[])`.execute(db);
  }
}

/** Every unit above the villages, deepest first (the rebuild sums them all). */
export async function allUnits(db: Kysely<DB>): Promise<Array<{ id: number; depth: number }>> {
  const rows = await sql<{ id: number; depth: number }>`
    SELECT id, array_length(string_to_array(trim(both '/' from path), '/'), 1) AS depth FROM org_units WHERE level <> 'village'`.execute(db);
  return rows.rows;
}

/**
 * Units whose stored sum no longer matches the villages under them (a village moved, added
 * or removed): they and the units above them are rewritten. A unit with a village still
 * without today's figures waits for that village's own catch-up, which rewrites it.
 */
export async function staleUnits(db: Kysely<DB>, today: string, limit: number): Promise<Array<{ id: number; depth: number }>> {
  const rows = await sql<{ id: number }>`
    WITH cur AS MATERIALIZED (
      SELECT u.id, count(v.village_id)::int AS n, coalesce(sum(v.village_id), 0)::bigint AS ids,
        bool_and(EXISTS (SELECT 1 FROM indicator_aggregates a WHERE a.period_end = ${today}::date AND a.village_id = v.village_id AND a.code = ${POPULATION_CODE})) AS villages_ready
      FROM org_units u LEFT JOIN (${villagesUnder()}) v ON v.unit_id = u.id
      WHERE u.level <> 'village' GROUP BY u.id
    )
    SELECT cur.id FROM cur
    LEFT JOIN indicator_unit_aggregates r ON r.org_unit_id = cur.id AND r.period_end = ${today}::date AND r.code = ${POPULATION_CODE}
    WHERE coalesce(cur.villages_ready, true)
      AND (r.org_unit_id IS NULL OR r.villages <> cur.n OR r.village_ids_sum <> cur.ids)
    ORDER BY cur.id LIMIT ${limit}`.execute(db);
  if (!rows.rows.length) return [];
  const stale = rows.rows.map((r) => r.id);
  const above = await ancestorsOf(db, stale);
  const own = await sql<{ id: number; depth: number }>`
    SELECT id, array_length(string_to_array(trim(both '/' from path), '/'), 1) AS depth FROM org_units WHERE id = ANY (${stale}::int[])`.execute(db);
  const byId = new Map([...own.rows, ...above].map((u) => [u.id, u]));
  return [...byId.values()];
}

// ---- Reading by area ----

export interface AreaUnit {
  id: number;
  path: string;
}

/** How deep a unit sits: the number of ids in its path ('/1/12/' → 2). */
const depthOf = (path: string) => path.split('/').filter(Boolean).length;

export interface ValueRow {
  /** null: the whole area; else the child unit (of the area's unit) the villages belong to. */
  childId: number | null;
  periodEnd: string;
  code: string;
  numerator: number;
  denominator: number;
  extra: number;
}

/**
 * indicator_values summed over the area: the area's own figures (childId null) at every end,
 * and each child unit's at `childEnds`. Stored sums are read where they still cover the
 * villages under the unit; the rest is summed from the villages' rows, and a village × end
 * not stored is computed live: the answer is always by the definitions.
 */
export async function areaValues(
  db: Kysely<DB>,
  unit: AreaUnit & { level?: string },
  ends: string[],
  childEnds: string[] = ends,
): Promise<{ rows: ValueRow[]; computedLive: number }> {
  if (unit.level === 'village') return villageValues(db, unit, ends, []);
  const [own, children] = await Promise.all([storedUnitRows(db, [unit], ends), childrenRows(db, unit, childEnds)]);
  const rows: ValueRow[] = [...own.rows.map((r) => ({ ...r, childId: null })), ...children.rows];
  let computedLive = children.computedLive;
  if (own.missing.length) {
    const missingEnds = [...new Set(own.missing.map((m) => m.end))];
    const summed = await villageValues(db, unit, missingEnds, []);
    rows.push(...summed.rows.filter((r) => r.childId === null));
    computedLive += summed.computedLive;
  }
  return { rows, computedLive };
}

/** Each child unit's figures at these ends: villages' rows, or the units' stored sums. */
async function childrenRows(db: Kysely<DB>, unit: AreaUnit, ends: string[]): Promise<{ rows: ValueRow[]; computedLive: number }> {
  if (!ends.length) return { rows: [], computedLive: 0 };
  const units = await sql<AreaUnit>`SELECT id, path FROM org_units WHERE parent_id = ${unit.id} AND level <> 'village'`.execute(db);
  // Villages directly under the unit (a commune's): their own rows, live where missing.
  const villages = await villageValues(db, unit, ends, ends, undefined, true);
  const rows = villages.rows.filter((r) => r.childId !== null);
  let computedLive = villages.computedLive;
  if (units.rows.length) {
    const stored = await storedUnitRows(db, units.rows, ends);
    rows.push(...stored.rows);
    if (stored.missing.length) {
      const summed = await villageValues(db, unit, [...new Set(stored.missing.map((m) => m.end))], undefined, [...new Set(stored.missing.map((m) => m.id))]);
      const wanted = new Set(stored.missing.map((m) => `${m.id}|${m.end}`));
      rows.push(...summed.rows.filter((r) => r.childId !== null && wanted.has(`${r.childId}|${r.periodEnd}`)));
      computedLive += summed.computedLive;
    }
  }
  return { rows, computedLive };
}

/**
 * The units' stored sums at these ends, where they still cover exactly the villages under the
 * unit; `missing` lists the unit × end pairs to sum from the villages instead.
 */
async function storedUnitRows(db: Kysely<DB>, units: AreaUnit[], ends: string[]) {
  const rows = await sql<{ org_unit_id: number; period_end: string; code: string; numerator: number; denominator: number; extra: number }>`
    WITH cur AS MATERIALIZED (
      SELECT u.id, count(v.village_id)::int AS n, coalesce(sum(v.village_id), 0)::bigint AS ids
      FROM unnest(${units.map((u) => u.id)}::int[]) AS u(id)
      LEFT JOIN (${villagesUnder(units.map((u) => u.id))}) v ON v.unit_id = u.id
      GROUP BY u.id
    ),
    valid AS (
      SELECT r.org_unit_id, r.period_end FROM indicator_unit_aggregates r
      JOIN cur ON cur.id = r.org_unit_id AND cur.n = r.villages AND cur.ids = r.village_ids_sum
      WHERE r.code = ${POPULATION_CODE} AND r.period_end = ANY (${ends}::date[]) AND r.org_unit_id = ANY (${units.map((u) => u.id)}::int[])
    )
    SELECT r.org_unit_id, r.period_end, r.code, r.numerator, r.denominator, r.extra
    FROM indicator_unit_aggregates r JOIN valid USING (org_unit_id, period_end)`.execute(db);
  const found = new Set(rows.rows.map((r) => `${r.org_unit_id}|${r.period_end}`));
  return {
    rows: rows.rows.map((r) => ({ childId: r.org_unit_id, periodEnd: r.period_end, code: r.code, numerator: r.numerator, denominator: r.denominator, extra: r.extra })),
    missing: units.flatMap((u) => ends.filter((end) => !found.has(`${u.id}|${end}`)).map((end) => ({ id: u.id, end }))),
  };
}

/** indicator_values summed over the area's villages (only those under `onlyChildren` when given). */
async function villageValues(
  db: Kysely<DB>,
  unit: AreaUnit,
  ends: string[],
  /** Ends wanted by child unit; [] = the area's total only. Default: all. */
  childEnds?: string[],
  /** Only the villages under these children of the unit. */
  onlyChildren?: number[],
  /** Only the villages directly under the unit (its village children). */
  directOnly = false,
): Promise<{ rows: ValueRow[]; computedLive: number }> {
  const childPart = depthOf(unit.path) + 2;
  const area = sql`SELECT v.id AS village_id, nullif(split_part(v.path, '/', ${childPart}), '')::int AS child_id
    FROM org_units v WHERE v.level = 'village' AND v.path LIKE ${likePrefix(unit.path)}
    ${onlyChildren ? sql`AND nullif(split_part(v.path, '/', ${childPart}), '')::int = ANY (${onlyChildren}::int[])` : sql``}
    ${directOnly ? sql`AND v.parent_id = ${unit.id}` : sql``}`;
  const stored = await sql<RawValueRow>`
    WITH area AS MATERIALIZED (${area})
    SELECT grouping(a.child_id) = 1 AS total, a.child_id, g.period_end, g.code,
      sum(g.numerator)::int AS numerator, sum(g.denominator)::int AS denominator, sum(g.extra)::int AS extra, count(*)::int AS villages
    FROM area a JOIN indicator_aggregates g ON g.village_id = a.village_id AND g.period_end = ANY (${ends}::date[])
    GROUP BY GROUPING SETS ((a.child_id, g.period_end, g.code), (g.period_end, g.code))
    ${childEnds ? sql`HAVING grouping(a.child_id) = 1 OR g.period_end = ANY (${childEnds}::date[])` : sql``}`.execute(db);
  const villages = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${area}) a`.execute(db).then((r) => r.rows[0].n);
  const complete = ends.every((end) => stored.rows.find((r) => r.total && r.period_end === end && r.code === POPULATION_CODE)?.villages === villages);
  let rows = stored.rows;
  let computedLive = 0;
  if (!complete && villages > 0) {
    // What the worker has not stored yet, from the same definitions.
    const missing = await sql<{ village_id: number; period_end: string }>`
      WITH area AS (${area})
      SELECT a.village_id, e.period_end FROM area a CROSS JOIN unnest(${ends}::date[]) AS e(period_end)
      WHERE NOT EXISTS (SELECT 1 FROM indicator_aggregates g WHERE g.period_end = e.period_end AND g.village_id = a.village_id AND g.code = ${POPULATION_CODE})`.execute(db);
    const missingVillages = [...new Set(missing.rows.map((m) => m.village_id))];
    const missingEnds = [...new Set(missing.rows.map((m) => m.period_end))];
    computedLive = missing.rows.length;
    const live = await sql<RawValueRow>`
      WITH area AS (${area}),
      missing AS (SELECT * FROM unnest(${missing.rows.map((m) => m.village_id)}::int[], ${missing.rows.map((m) => m.period_end)}::date[]) AS m(village_id, period_end)),
      live AS (
        SELECT x.* FROM indicator_values(${missingVillages}::int[], ${missingEnds}::date[]) x
        JOIN missing m ON m.village_id = x.village_id AND m.period_end = x.period_end
      )
      SELECT grouping(a.child_id) = 1 AS total, a.child_id, g.period_end, g.code,
        sum(g.numerator)::int AS numerator, sum(g.denominator)::int AS denominator, sum(g.extra)::int AS extra, count(*)::int AS villages
      FROM area a JOIN live g ON g.village_id = a.village_id
      GROUP BY GROUPING SETS ((a.child_id, g.period_end, g.code), (g.period_end, g.code))`.execute(db);
    rows = [...rows, ...live.rows];
  }
  return { rows: mergeRows(rows), computedLive };
}

interface RawValueRow {
  total: boolean;
  child_id: number | null;
  period_end: string;
  code: string;
  numerator: number;
  denominator: number;
  extra: number;
  villages: number;
}

function mergeRows(raw: RawValueRow[]): ValueRow[] {
  const byKey = new Map<string, ValueRow>();
  for (const r of raw) {
    // A village has no children: its only rows are the total ones.
    if (!r.total && r.child_id === null) continue;
    const childId = r.total ? null : r.child_id;
    const key = `${childId}|${r.period_end}|${r.code}`;
    const row = byKey.get(key) ?? { childId, periodEnd: r.period_end, code: r.code, numerator: 0, denominator: 0, extra: 0 };
    row.numerator += Number(r.numerator);
    row.denominator += Number(r.denominator);
    row.extra += Number(r.extra);
    byKey.set(key, row);
  }
  return [...byKey.values()];
}

export interface CountRow {
  childId: number | null;
  month: string;
  visits: number;
  people: number;
  peopleQtd: number;
  peopleYtd: number;
  procedures: number;
  apps: number;
}

/** support_counts summed over the area, whole and by child unit, for each month (first days). */
export async function areaCounts(db: Kysely<DB>, unit: AreaUnit, months: string[], childMonths: string[] = months): Promise<CountRow[]> {
  const childPart = depthOf(unit.path) + 2;
  const area = sql`SELECT v.id AS village_id, nullif(split_part(v.path, '/', ${childPart}), '')::int AS child_id
    FROM org_units v WHERE v.level = 'village' AND v.path LIKE ${likePrefix(unit.path)}`;
  const sums = (source: ReturnType<typeof sql>) => sql<RawCountRow>`
    SELECT grouping(a.child_id) = 1 AS total, a.child_id, c.month, count(*)::int AS villages,
      sum(c.visits)::int AS visits, sum(c.people)::int AS people, sum(c.people_qtd)::int AS people_qtd,
      sum(c.people_ytd)::int AS people_ytd, sum(c.procedures)::int AS procedures, sum(c.apps)::int AS apps
    FROM area a JOIN (${source}) c ON c.village_id = a.village_id
    GROUP BY GROUPING SETS ((a.child_id, c.month), (c.month))
    HAVING grouping(a.child_id) = 1 OR c.month = ANY (${childMonths}::date[])`;
  const stored = await sql<RawCountRow>`
    WITH area AS MATERIALIZED (${area}) ${sums(sql`SELECT * FROM indicator_support_counts WHERE month = ANY (${months}::date[])`)}`.execute(db);
  const villages = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${area}) a`.execute(db).then((r) => r.rows[0].n);
  let rows = stored.rows;
  const complete = months.every((m) => rows.find((r) => r.total && r.month === m)?.villages === villages);
  if (!complete && villages > 0) {
    const missing = await sql<{ village_id: number; month: string }>`
      WITH area AS (${area})
      SELECT a.village_id, m.month FROM area a CROSS JOIN unnest(${months}::date[]) AS m(month)
      WHERE NOT EXISTS (SELECT 1 FROM indicator_support_counts c WHERE c.month = m.month AND c.village_id = a.village_id)`.execute(db);
    const live = await sql<RawCountRow>`
      WITH area AS (${area}),
      missing AS (SELECT * FROM unnest(${missing.rows.map((m) => m.village_id)}::int[], ${missing.rows.map((m) => m.month)}::date[]) AS m(village_id, month))
      ${sums(sql`SELECT x.* FROM support_counts(${[...new Set(missing.rows.map((m) => m.village_id))]}::int[], ${[...new Set(missing.rows.map((m) => m.month))]}::date[]) x
        JOIN missing m ON m.village_id = x.village_id AND m.month = x.month`)}`.execute(db);
    rows = [...rows, ...live.rows];
  }
  const byKey = new Map<string, CountRow>();
  for (const r of rows) {
    if (!r.total && r.child_id === null) continue;
    const childId = r.total ? null : r.child_id;
    const key = `${childId}|${r.month}`;
    const row = byKey.get(key) ?? { childId, month: r.month, visits: 0, people: 0, peopleQtd: 0, peopleYtd: 0, procedures: 0, apps: 0 };
    row.visits += Number(r.visits);
    row.people += Number(r.people);
    row.peopleQtd += Number(r.people_qtd);
    row.peopleYtd += Number(r.people_ytd);
    row.procedures += Number(r.procedures);
    row.apps += Number(r.apps);
    byKey.set(key, row);
  }
  return [...byKey.values()];
}

interface RawCountRow {
  total: boolean;
  child_id: number | null;
  month: string;
  villages: number;
  visits: number;
  people: number;
  people_qtd: number;
  people_ytd: number;
  procedures: number;
  apps: number;
}

/** Villages of the area with changes not yet in the stored figures (the worker is on them). */
export async function pendingVillages(db: Kysely<DB>, unit: AreaUnit): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT count(DISTINCT d.village_id)::int AS n FROM indicator_dirty_villages d
    JOIN org_units v ON v.id = d.village_id WHERE v.path LIKE ${likePrefix(unit.path)}`.execute(db);
  return row.rows[0].n;
}

// ---- Targets ----

export interface TargetRow {
  unitId: number;
  code: string;
  percent: number;
  sourceId: number;
  sourceName: string;
  sourceLevel: string;
}

/** For each unit and code, the target set on the unit or its nearest ancestor for the year. */
export async function effectiveTargets(db: Kysely<DB>, year: number, unitIds: number[]): Promise<TargetRow[]> {
  if (!unitIds.length) return [];
  const rows = await sql<{ unit_id: number; code: string; target_percent: string; source_id: number; source_name: string; source_level: string }>`
    SELECT DISTINCT ON (u.id, t.code) u.id AS unit_id, t.code, t.target_percent, o.id AS source_id, o.name AS source_name, o.level AS source_level
    FROM org_units u
    JOIN org_units o ON u.path LIKE o.path || '%'
    JOIN indicator_targets t ON t.org_unit_id = o.id AND t.year = ${year}
    WHERE u.id = ANY (${unitIds}::int[])
    ORDER BY u.id, t.code, length(o.path) DESC`.execute(db);
  return rows.rows.map((r) => ({ unitId: r.unit_id, code: r.code, percent: Number(r.target_percent), sourceId: r.source_id, sourceName: r.source_name, sourceLevel: r.source_level }));
}

// ---- Drill-down ----

export interface ListFilter {
  villageIds: number[];
  end: string;
  code: IndicatorCode;
  reached?: boolean;
  /** Only those counted in `extra` (DD: level 1 only; HGD: covered by the assigned team member). */
  extra?: boolean;
  offset: number;
  limit: number;
}

/** The sizes of every tab of a list, whatever the page asked for. */
export interface ListCounts {
  reached: number;
  notReached: number;
  extra: number;
}

const listWhere = (filter: ListFilter) => sql`${filter.reached === undefined ? sql`` : sql`AND b.reached = ${filter.reached}`} ${filter.extra ? sql`AND b.extra` : sql``}`;

/** Splits a list query's rows into the counts (on every row, and on the one row of an empty page) and the page. */
function countsAndPage<T extends { reached_count: number; not_reached_count: number; extra_count: number }>(rows: T[], key: keyof T): { counts: ListCounts; rows: T[] } {
  const first = rows[0];
  return {
    counts: { reached: first?.reached_count ?? 0, notReached: first?.not_reached_count ?? 0, extra: first?.extra_count ?? 0 },
    rows: rows.filter((r) => r[key] !== null),
  };
}
const COUNTS_COLUMNS = sql`count(*) FILTER (WHERE reached)::int AS reached_count, count(*) FILTER (WHERE NOT reached)::int AS not_reached_count, count(*) FILTER (WHERE extra)::int AS extra_count`;

const actionsOf = (code: IndicatorCode) => [...INDICATOR_ACTIONS[code]];

/**
 * The people behind a person indicator at an end date (indicator_people), in visiting order:
 * village, hamlet group, household, then by age. Each with the last effective action toward
 * this indicator on or before the end date: a "not done" one says why they are not reached.
 */
export async function peopleList(db: Kysely<DB>, filter: ListFilter) {
  const rows = await sql<{
    reached_count: number; not_reached_count: number; extra_count: number;
    person_id: string | null; reached: boolean; extra: boolean; full_name: string; sex: string; birth_date: string | null; birth_year: number;
    phone: string | null; has_smartphone: boolean | null; household_id: string; household_code: string | null; address: string; hamlet_group: string | null;
    village_id: number; village_name: string; last_action_on: string | null; last_outcome: string | null; last_reason: string | null; last_visit_on: string | null;
  }>`
    WITH base AS MATERIALIZED (
      SELECT x.person_id, x.household_id, x.village_id, x.reached, x.extra
      FROM indicator_people(${filter.villageIds}::int[], ARRAY[${filter.end}::date]) x WHERE x.code = ${filter.code}
    ),
    counts AS (SELECT ${COUNTS_COLUMNS} FROM base),
    page AS (
      SELECT b.*, p.full_name, p.sex, p.birth_date, p.birth_year, p.phone, p.has_smartphone, h.code AS household_code, h.address, h.hamlet_group, v.name AS village_name
      FROM base b
      JOIN people p ON p.id = b.person_id
      JOIN households h ON h.id = b.household_id
      JOIN org_units v ON v.id = b.village_id
      WHERE true ${listWhere(filter)}
      ORDER BY v.name, v.id, h.hamlet_group NULLS LAST, h.code NULLS LAST, h.address, h.id, p.birth_year, p.id
      OFFSET ${filter.offset} LIMIT ${filter.limit}
    ),
    detailed AS (
      SELECT page.*, last.event_date AS last_action_on, last.outcome AS last_outcome, last.reason AS last_reason, visit.event_date AS last_visit_on
      FROM page
      LEFT JOIN LATERAL (
        SELECT e.event_date, a.outcome, a.reason FROM support_actions a JOIN support_events e ON e.id = a.event_id
        WHERE a.person_id = page.person_id AND a.action = ANY (${actionsOf(filter.code)}::text[]) AND e.event_date <= ${filter.end}::date
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
        ORDER BY e.event_date DESC, e.recorded_at DESC, a.seq DESC LIMIT 1
      ) last ON true
      LEFT JOIN LATERAL (
        SELECT max(e.event_date) AS event_date FROM support_events e
        WHERE e.household_id = page.household_id AND e.event_date <= ${filter.end}::date
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      ) visit ON true
    )
    SELECT counts.*, d.* FROM counts LEFT JOIN detailed d ON true
    ORDER BY d.village_name, d.village_id, d.hamlet_group NULLS LAST, d.household_code NULLS LAST, d.address, d.household_id, d.birth_year, d.person_id`.execute(db);
  return countsAndPage(rows.rows, 'person_id');
}

/** The households behind TT or HGD at an end date (indicator_households), in visiting order. */
export async function householdsList(db: Kysely<DB>, filter: ListFilter) {
  const rows = await sql<{
    reached_count: number; not_reached_count: number; extra_count: number;
    household_id: string | null; reached: boolean; extra: boolean; household_code: string | null; address: string; hamlet_group: string | null;
    phone: string | null; no_capable_member: boolean; village_id: number; village_name: string; head_name: string | null; members: number;
    assigned_member_name: string | null; last_visit_on: string | null; last_reason: string | null; last_action_on: string | null;
  }>`
    WITH base AS MATERIALIZED (
      SELECT x.household_id, x.village_id, x.reached, x.extra
      FROM indicator_households(${filter.villageIds}::int[], ARRAY[${filter.end}::date]) x WHERE x.code = ${filter.code}
    ),
    counts AS (SELECT ${COUNTS_COLUMNS} FROM base),
    page AS (
      SELECT b.*, h.code AS household_code, h.address, h.hamlet_group, h.phone, h.no_capable_member, v.name AS village_name, head.full_name AS head_name,
        m.full_name AS assigned_member_name
      FROM base b
      JOIN households h ON h.id = b.household_id
      JOIN org_units v ON v.id = b.village_id
      LEFT JOIN people head ON head.id = h.head_person_id
      LEFT JOIN team_members m ON m.id = h.assigned_member_id
      WHERE true ${listWhere(filter)}
      ORDER BY v.name, v.id, h.hamlet_group NULLS LAST, h.code NULLS LAST, h.address, h.id
      OFFSET ${filter.offset} LIMIT ${filter.limit}
    ),
    detailed AS (
      SELECT page.*, coalesce(mc.members, 0) AS members,
        visit.event_date AS last_visit_on, last.event_date AS last_action_on, last.reason AS last_reason
      FROM page
      LEFT JOIN (
        SELECT r.household_id, count(*)::int AS members FROM indicator_residents(${filter.villageIds}::int[], ARRAY[${filter.end}::date]) r
        GROUP BY r.household_id
      ) mc ON mc.household_id = page.household_id
      LEFT JOIN LATERAL (
        SELECT max(e.event_date) AS event_date FROM support_events e
        WHERE e.household_id = page.household_id AND e.event_date <= ${filter.end}::date
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      ) visit ON true
      LEFT JOIN LATERAL (
        SELECT e.event_date, a.reason FROM support_actions a JOIN support_events e ON e.id = a.event_id
        WHERE e.household_id = page.household_id AND a.action = ANY (${actionsOf(filter.code)}::text[]) AND a.outcome = 'not_done'
          AND e.event_date <= ${filter.end}::date
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
        ORDER BY e.event_date DESC, e.recorded_at DESC, a.seq DESC LIMIT 1
      ) last ON true
    )
    SELECT counts.*, d.* FROM counts LEFT JOIN detailed d ON true
    ORDER BY d.village_name, d.village_id, d.hamlet_group NULLS LAST, d.household_code NULLS LAST, d.address, d.household_id`.execute(db);
  return countsAndPage(rows.rows, 'household_id');
}
