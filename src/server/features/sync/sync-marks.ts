// Keeps the pull's "anything new?" lookup small: about once a second, the marks that writes
// left on their units (sync_unit_marks, migration 0015) are folded into one row per unit.
// Without it the answers stay right; only the marks table grows.
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../../db/schema.ts';
import { foldSyncMarks } from './pull.queries.ts';

export interface SyncMarksFolding {
  stop(): Promise<void>;
}

export function startSyncMarksFolding(db: Kysely<DB>, log: FastifyBaseLogger, everyMs = 1000): SyncMarksFolding {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = foldSyncMarks(db)
      .then(() => undefined, (error: unknown) => { log.error({ err: error }, 'sync marks: folding failed'); })
      .finally(() => { running = undefined; });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
