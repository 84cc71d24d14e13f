// Retention of uploaded lists (issue 19): a batch uploaded and left open — never committed,
// never discarded — holds a file's names, birth dates and CCCDs in import_rows. After
// IMPORT_RETENTION_DAYS (7 by default) it is discarded as an officer's «Hủy» would: its rows
// deleted, the sample rows kept with the batch emptied, the batch marked discarded, and an
// audit row (no account: the server did it). Run at start and then every few hours.
import type { FastifyBaseLogger } from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { NO_ORIGIN } from '../../http/actor.ts';
import { writeAuditMany } from './bulk.ts';
import type { StoredSheet } from './imports.queries.ts';
import { withoutRows } from './imports.service.ts';

const EVERY_MS = 6 * 60 * 60 * 1000;
export const DEFAULT_IMPORT_RETENTION_DAYS = 7;

/** Discards the open batches uploaded more than `days` ago; returns how many. One transaction. */
export async function discardAbandonedBatches(db: Kysely<DB>, days = DEFAULT_IMPORT_RETENTION_DAYS): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const stale = await trx.selectFrom('import_batches').select(['id', 'org_unit_id', 'file_name', 'sheets', 'created_at'])
      .where('status', '=', 'uploaded').where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`)
      .forUpdate().execute();
    if (!stale.length) return 0;
    const ids = stale.map((b) => b.id);
    await trx.deleteFrom('import_rows').where('batch_id', 'in', ids).execute();
    for (const batch of stale) {
      await trx.updateTable('import_batches')
        .set({ status: 'discarded', sheets: JSON.stringify(withoutRows(batch.sheets as unknown as StoredSheet[])) })
        .where('id', '=', batch.id).execute();
    }
    await writeAuditMany(trx, NO_ORIGIN, stale.map((b) => ({
      action: 'discard' as const, entity: 'import_batch', entityId: b.id, orgUnitId: b.org_unit_id,
      detail: { fileName: b.file_name, reason: 'retention', days, uploadedAt: b.created_at },
    })));
    return stale.length;
  });
}

export function startImportRetention(db: Kysely<DB>, log: FastifyBaseLogger, days = DEFAULT_IMPORT_RETENTION_DAYS, everyMs = EVERY_MS): { stop(): void } {
  const run = async () => {
    try {
      const discarded = await discardAbandonedBatches(db, days);
      if (discarded) log.info({ discarded, days }, 'abandoned import batches discarded');
    } catch (error) {
      log.error({ err: error }, 'import retention failed');
    }
  };
  const first = setTimeout(run, 45_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return { stop() { clearTimeout(first); clearInterval(timer); } };
}
