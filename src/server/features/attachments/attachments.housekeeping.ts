// The server's housekeeping of evidence files: an upload that no record claimed within
// UNCLAIMED_DAYS (a form abandoned after its photo was sent) is deleted, once at start and
// then every few hours, so stray photos never pile up in the database.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { pruneUnclaimedAttachments } from './attachments.service.ts';

const EVERY_MS = 6 * 60 * 60 * 1000;

export interface Housekeeping {
  stop(): void;
}

export function startAttachmentHousekeeping(db: Kysely<DB>, log: FastifyBaseLogger, everyMs = EVERY_MS): Housekeeping {
  const run = async () => {
    try {
      const removed = await pruneUnclaimedAttachments(db);
      if (removed) log.info({ removed }, 'unclaimed attachments deleted');
    } catch (error) {
      log.error({ err: error }, 'attachment housekeeping failed');
    }
  };
  const first = setTimeout(run, 30_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
