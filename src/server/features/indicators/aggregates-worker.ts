// Keeps indicator_aggregates and indicator_support_counts current. Writes mark their villages
// (statement-level triggers, migration 0004); about once a second this worker recomputes the
// marked villages with the same SQL functions a from-scratch computation uses, and deletes
// only the marks it read, so a change committed meanwhile keeps its mark for the next round.
// When the date changes it adds the new "today" (and a month just ended) for every village.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

import { catchUpVillages, recomputeVillages, rollUpUnits, staleUnits, storedPeriodEnds, villagesToCatchUp } from './indicators.queries.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

/** The earliest mark date among villages (for their months), no later than their first end. */
function earliestOf(since: Map<number, string>, ids: number[], firstEnd: string): string {
  return ids.reduce((min, id) => (since.get(id)! < min ? since.get(id)! : min), firstEnd);
}

/** One writer of aggregates at a time across server processes and the rebuild command. */
export const AGGREGATES_LOCK = sql`hashtext('cnscd.indicator_aggregates')`;

export interface RoundOptions {
  /** Today in Vietnam; tests may pin it. */
  today?: string;
  /** Villages rewritten per transaction (PGlite holds its one connection for that long). */
  batch?: number;
  /** Called after the marks were read and before the figures are written (tests interleave a write here). */
  afterRead?: () => Promise<void>;
}

export interface RoundResult {
  /** Villages recomputed because they were marked. */
  recomputed: number;
  /** Villages given a missing end or month. */
  caughtUp: number;
  /** Marks deleted. */
  marksCleared: number;
  /** false: another process held the lock; nothing was done. */
  locked: boolean;
}

/** Marked villages, up to `batch` of them, with the marks read for each (consumed on success). */
async function readMarks(db: Kysely<DB>, batch: number) {
  const rows = await sql<{ village_id: number; marked_xid: string; since: string }>`
    SELECT d.village_id, d.marked_xid::text AS marked_xid, d.since FROM indicator_dirty_villages d
    WHERE d.village_id IN (SELECT DISTINCT village_id FROM indicator_dirty_villages ORDER BY village_id LIMIT ${batch})`.execute(db);
  return rows.rows;
}

/** Recomputes one batch of marked villages. Returns what it did (recomputed 0: nothing marked). */
export async function recomputeMarked(db: Kysely<DB>, options: RoundOptions = {}): Promise<RoundResult> {
  const today = options.today ?? todayInVietnam();
  const marks = await readMarks(db, options.batch ?? 25);
  if (!marks.length) return { recomputed: 0, caughtUp: 0, marksCleared: 0, locked: true };
  await options.afterRead?.();
  // Each village from the earliest date its marks name; villages with the same first end
  // recomputed together (most often: a visit today, today's figures only).
  const since = new Map<number, string>();
  for (const m of marks) if (!since.has(m.village_id) || m.since < since.get(m.village_id)!) since.set(m.village_id, m.since);
  const ends = storedPeriodEnds(today);
  const groups = new Map<string, number[]>();
  for (const [village, date] of since) {
    const from = ends.find((end) => end >= date) ?? today;
    groups.set(from, [...(groups.get(from) ?? []), village]);
  }
  const villages = [...since.keys()];
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${AGGREGATES_LOCK}) AS ok`.execute(trx);
    if (!lock.rows[0].ok) return { recomputed: 0, caughtUp: 0, marksCleared: 0, locked: false };
    for (const [from, ids] of groups) await recomputeVillages(trx, ids.sort((a, b) => a - b), today, earliestOf(since, ids, from));
    const cleared = await sql`
      DELETE FROM indicator_dirty_villages d
      USING unnest(${marks.map((m) => m.village_id)}::int[], ${marks.map((m) => m.marked_xid)}::xid8[]) AS m(village_id, marked_xid)
      WHERE d.village_id = m.village_id AND d.marked_xid = m.marked_xid`.execute(trx);
    return { recomputed: villages.length, caughtUp: 0, marksCleared: Number(cleared.numAffectedRows ?? 0), locked: true };
  });
}

/** Gives one batch of villages what they lack (ends, months). Returns caughtUp 0 when none lack anything. */
export async function catchUpBatch(db: Kysely<DB>, options: RoundOptions = {}): Promise<RoundResult> {
  const today = options.today ?? todayInVietnam();
  const villages = await villagesToCatchUp(db, today, options.batch ?? 25);
  if (!villages.length) return { recomputed: 0, caughtUp: 0, marksCleared: 0, locked: true };
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${AGGREGATES_LOCK}) AS ok`.execute(trx);
    if (!lock.rows[0].ok) return { recomputed: 0, caughtUp: 0, marksCleared: 0, locked: false };
    await catchUpVillages(trx, villages, today);
    return { recomputed: 0, caughtUp: villages.length, marksCleared: 0, locked: true };
  });
}

/** Rewrites units whose sum no longer covers the villages under them (a village moved away or in). */
export async function fixStaleUnits(db: Kysely<DB>, options: RoundOptions = {}): Promise<RoundResult> {
  const today = options.today ?? todayInVietnam();
  const units = await staleUnits(db, today, options.batch ?? 25);
  if (!units.length) return { recomputed: 0, caughtUp: 0, marksCleared: 0, locked: true };
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${AGGREGATES_LOCK}) AS ok`.execute(trx);
    if (!lock.rows[0].ok) return { recomputed: 0, caughtUp: 0, marksCleared: 0, locked: false };
    const ends = storedPeriodEnds(today);
    await rollUpUnits(trx, units, ends, ends);
    return { recomputed: 0, caughtUp: units.length, marksCleared: 0, locked: true };
  });
}

/**
 * Runs rounds until nothing is marked or missing: what the tests and the rebuild command call
 * to bring the aggregates up to date synchronously.
 */
export async function runUntilIdle(db: Kysely<DB>, options: RoundOptions = {}): Promise<RoundResult> {
  const total: RoundResult = { recomputed: 0, caughtUp: 0, marksCleared: 0, locked: true };
  for (;;) {
    // Marked villages first: they are recomputed at every end, so little is left to catch up.
    const marked = await recomputeMarked(db, options);
    const caught = await catchUpBatch(db, options);
    const communes = await fixStaleUnits(db, options);
    total.recomputed += marked.recomputed;
    total.caughtUp += caught.caughtUp + communes.caughtUp;
    total.marksCleared += marked.marksCleared;
    if (!caught.locked || !marked.locked || !communes.locked) throw new Error('Another process is writing the indicator aggregates.');
    if (!caught.caughtUp && !marked.recomputed && !communes.caughtUp) return total;
  }
}

export interface WorkerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AggregatesWorker {
  stop(): Promise<void>;
  /** Resolves after the next complete round (tests and the bench wait on it). */
  nextRound(): Promise<void>;
}

/**
 * Starts the loop in this process: a round every `intervalMs`, straight on while work remains
 * (yielding to requests between batches), the date's catch-up first when the day changed.
 */
export function startAggregatesWorker(db: Kysely<DB>, options: { intervalMs?: number; batch?: number; log?: WorkerLog } = {}): AggregatesWorker {
  const intervalMs = options.intervalMs ?? 1000;
  let caughtUpFor: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let waiters: Array<() => void> = [];

  const round = async (): Promise<boolean> => {
    const today = todayInVietnam();
    let busy = false;
    const marked = await recomputeMarked(db, { today, batch: options.batch });
    if (caughtUpFor !== today) {
      const caught = await catchUpBatch(db, { today, batch: options.batch });
      if (caught.locked && caught.caughtUp === 0) caughtUpFor = today;
      busy ||= caught.caughtUp > 0;
    }
    const communes = await fixStaleUnits(db, { today, batch: options.batch });
    return busy || marked.recomputed > 0 || communes.caughtUp > 0;
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = (async () => {
        let more = false;
        try {
          more = await round();
        } catch (error) {
          // A failed round leaves its marks in place: the next round tries again.
          options.log?.error({ err: error }, 'indicator aggregates: round failed');
        }
        const done = waiters;
        waiters = [];
        for (const resolve of done) resolve();
        schedule(more ? 0 : intervalMs);
      })();
    }, delay);
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      for (const resolve of waiters) resolve();
    },
    nextRound() {
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
