// From scratch: rebuild every stored figure with the definitions, or compare what is stored
// with a fresh computation (`npm run cli -- indicators:rebuild [--verify]`).
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

import { AGGREGATES_LOCK } from './aggregates-worker.ts';
import { AGGREGATE_CODES } from './indicator-definitions.ts';
import { allUnits, rollUpUnits, storedMonths, storedPeriodEnds, villagesUnder } from './indicators.queries.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

async function allVillageIds(db: Kysely<DB>): Promise<number[]> {
  const rows = await db.selectFrom('org_units').select('id').where('level', '=', 'village').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/**
 * Computes every village's stored figures again, one commune per transaction (its villages'
 * rows deleted and inserted from the definitions, set-based), `concurrency` communes at once
 * on separate connections, then every unit's sums in one last transaction. Each commune's
 * transaction swaps old rows for new ones at its commit, so dashboards keep answering from
 * stored figures throughout. The communes' transactions share the aggregates lock, so the
 * worker (which takes it alone) waits for them; the last transaction takes it alone. Marks
 * present at the start are consumed at the end: every commune was computed after them.
 */
export async function rebuildAggregates(db: Kysely<DB>, options: { today?: string; concurrency?: number; onProgress?: (done: number, total: number) => void } = {}) {
  const today = options.today ?? todayInVietnam();
  const started = performance.now();
  const ends = storedPeriodEnds(today);
  const months = storedMonths(today);
  const marks = await sql<{ village_id: number; marked_xid: string }>`SELECT village_id, marked_xid::text AS marked_xid FROM indicator_dirty_villages`.execute(db);
  const villages = await db.selectFrom('org_units').select(['id', 'parent_id']).where('level', '=', 'village').orderBy('id').execute();
  const byParent = new Map<number | null, number[]>();
  for (const v of villages) byParent.set(v.parent_id, [...(byParent.get(v.parent_id) ?? []), v.id]);
  // Largest communes first, so the last ones to finish are small.
  const groups = [...byParent.values()].sort((a, b) => b.length - a.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < groups.length) {
      const ids = groups[next++];
      await db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock_shared(${AGGREGATES_LOCK})`.execute(trx);
        await sql`DELETE FROM indicator_aggregates WHERE village_id = ANY (${ids}::int[])`.execute(trx);
        await sql`
          INSERT INTO indicator_aggregates (village_id, period_end, code, numerator, denominator, extra)
          SELECT village_id, period_end, code, numerator, denominator, extra FROM indicator_values(${ids}::int[], ${ends}::date[])`.execute(trx);
        await sql`DELETE FROM indicator_support_counts WHERE village_id = ANY (${ids}::int[])`.execute(trx);
        await sql`
          INSERT INTO indicator_support_counts (village_id, month, visits, people, people_qtd, people_ytd, procedures, apps)
          SELECT village_id, month, visits, people, people_qtd, people_ytd, procedures, apps FROM support_counts(${ids}::int[], ${months}::date[])`.execute(trx);
      });
      done += ids.length;
      options.onProgress?.(done, villages.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${AGGREGATES_LOCK})`.execute(trx);
    // Rows of villages that are no longer villages.
    await sql`DELETE FROM indicator_aggregates a WHERE NOT EXISTS (SELECT 1 FROM org_units v WHERE v.id = a.village_id AND v.level = 'village')`.execute(trx);
    await sql`DELETE FROM indicator_support_counts c WHERE NOT EXISTS (SELECT 1 FROM org_units v WHERE v.id = c.village_id AND v.level = 'village')`.execute(trx);
    await sql`DELETE FROM indicator_unit_aggregates a WHERE NOT EXISTS (SELECT 1 FROM org_units u WHERE u.id = a.org_unit_id AND u.level <> 'village')`.execute(trx);
    await rollUpUnits(trx, await allUnits(trx), ends, ends);
    await sql`
      DELETE FROM indicator_dirty_villages d
      USING unnest(${marks.rows.map((m) => m.village_id)}::int[], ${marks.rows.map((m) => m.marked_xid)}::xid8[]) AS m(village_id, marked_xid)
      WHERE d.village_id = m.village_id AND d.marked_xid = m.marked_xid`.execute(trx);
  });
  return { villages: villages.length, communes: groups.length, ms: performance.now() - started };
}

export interface AggregateDifference {
  table: 'indicator_aggregates' | 'indicator_unit_aggregates' | 'indicator_support_counts';
  villageId: number;
  /** period_end or month */
  date: string;
  code: string | null;
  stored: string | null;
  fresh: string | null;
}

/**
 * Compares the stored figures with a fresh computation in one snapshot. Villages with changes
 * not yet recomputed (marked) are left out and listed; everything else must be equal, row for
 * row: a difference means the write path failed to mark a change.
 */
export async function verifyAggregates(db: Kysely<DB>, options: { today?: string; limit?: number } = {}) {
  const today = options.today ?? todayInVietnam();
  const started = performance.now();
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const pending = (await sql<{ village_id: number }>`SELECT DISTINCT village_id FROM indicator_dirty_villages ORDER BY 1`.execute(trx)).rows.map((r) => r.village_id);
    const ids = (await allVillageIds(trx)).filter((id) => !pending.includes(id));
    const limit = options.limit ?? 50;
    const values = await sql<{ village_id: number; date: string; code: string; stored: string | null; fresh: string | null }>`
      WITH fresh AS (SELECT * FROM indicator_values(${ids}::int[], ${storedPeriodEnds(today)}::date[])),
      stored AS (SELECT * FROM indicator_aggregates WHERE village_id = ANY (${ids}::int[]))
      SELECT coalesce(f.village_id, s.village_id) AS village_id, coalesce(f.period_end, s.period_end)::text AS date, coalesce(f.code, s.code) AS code,
        CASE WHEN s.village_id IS NOT NULL THEN concat_ws('/', s.numerator, s.denominator, s.extra) END AS stored,
        CASE WHEN f.village_id IS NOT NULL THEN concat_ws('/', f.numerator, f.denominator, f.extra) END AS fresh
      FROM fresh f FULL JOIN stored s ON s.village_id = f.village_id AND s.period_end = f.period_end AND s.code = f.code
      WHERE (f.numerator, f.denominator, f.extra) IS DISTINCT FROM (s.numerator, s.denominator, s.extra)
      ORDER BY 1, 2, 3`.execute(trx);
    const counts = await sql<{ village_id: number; date: string; stored: string | null; fresh: string | null }>`
      WITH fresh AS (SELECT * FROM support_counts(${ids}::int[], ${storedMonths(today)}::date[])),
      stored AS (SELECT * FROM indicator_support_counts WHERE village_id = ANY (${ids}::int[]))
      SELECT coalesce(f.village_id, s.village_id) AS village_id, coalesce(f.month, s.month)::text AS date,
        CASE WHEN s.village_id IS NOT NULL THEN concat_ws('/', s.visits, s.people, s.people_qtd, s.people_ytd, s.procedures, s.apps) END AS stored,
        CASE WHEN f.village_id IS NOT NULL THEN concat_ws('/', f.visits, f.people, f.people_qtd, f.people_ytd, f.procedures, f.apps) END AS fresh
      FROM fresh f FULL JOIN stored s ON s.village_id = f.village_id AND s.month = f.month
      WHERE (f.visits, f.people, f.people_qtd, f.people_ytd, f.procedures, f.apps) IS DISTINCT FROM (s.visits, s.people, s.people_qtd, s.people_ytd, s.procedures, s.apps)
      ORDER BY 1, 2`.execute(trx);
    // A unit's row must be the sum of the villages' stored rows under it (compared above with
    // the definitions), over the villages it has now; units with a village pending are left out.
    const units = await sql<{ unit_id: number; date: string; code: string; stored: string | null; fresh: string | null }>`
      WITH units AS (
        SELECT u.id, u.path FROM org_units u WHERE u.level <> 'village'
          AND NOT EXISTS (SELECT 1 FROM org_units v WHERE v.id = ANY (${pending}::int[]) AND v.path LIKE u.path || '%')
      ),
      fresh AS (
        SELECT u.id AS unit_id, e.period_end, k.code, coalesce(s.numerator, 0) AS numerator, coalesce(s.denominator, 0) AS denominator,
          coalesce(s.extra, 0) AS extra, coalesce(s.villages, 0) AS villages
        FROM units u CROSS JOIN unnest(${storedPeriodEnds(today)}::date[]) AS e(period_end) CROSS JOIN unnest(${[...AGGREGATE_CODES]}::text[]) AS k(code)
        LEFT JOIN (
          SELECT uv.unit_id, g.period_end, g.code, sum(g.numerator)::int AS numerator, sum(g.denominator)::int AS denominator,
            sum(g.extra)::int AS extra, count(*)::int AS villages
          FROM (${villagesUnder()}) uv JOIN indicator_aggregates g ON g.village_id = uv.village_id
          GROUP BY 1, 2, 3
        ) s ON s.unit_id = u.id AND s.period_end = e.period_end AND s.code = k.code
      ),
      stored AS (SELECT * FROM indicator_unit_aggregates WHERE org_unit_id IN (SELECT id FROM units))
      SELECT coalesce(f.unit_id, s.org_unit_id) AS unit_id, coalesce(f.period_end, s.period_end)::text AS date, coalesce(f.code, s.code) AS code,
        CASE WHEN s.org_unit_id IS NOT NULL THEN concat_ws('/', s.numerator, s.denominator, s.extra, s.villages) END AS stored,
        CASE WHEN f.unit_id IS NOT NULL THEN concat_ws('/', f.numerator, f.denominator, f.extra, f.villages) END AS fresh
      FROM fresh f FULL JOIN stored s ON s.org_unit_id = f.unit_id AND s.period_end = f.period_end AND s.code = f.code
      WHERE (f.numerator, f.denominator, f.extra, f.villages) IS DISTINCT FROM (s.numerator, s.denominator, s.extra, s.villages)
      ORDER BY 1, 2, 3`.execute(trx);
    const differences: AggregateDifference[] = [
      ...values.rows.map((r) => ({ table: 'indicator_aggregates' as const, villageId: r.village_id, date: r.date, code: r.code, stored: r.stored, fresh: r.fresh })),
      ...units.rows.map((r) => ({ table: 'indicator_unit_aggregates' as const, villageId: r.unit_id, date: r.date, code: r.code, stored: r.stored, fresh: r.fresh })),
      ...counts.rows.map((r) => ({ table: 'indicator_support_counts' as const, villageId: r.village_id, date: r.date, code: null, stored: r.stored, fresh: r.fresh })),
    ];
    return { villages: ids.length, pending, differences: differences.slice(0, limit), differenceCount: differences.length, ms: performance.now() - started };
  });
}
