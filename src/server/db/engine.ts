// Opens the database: embedded PGlite (a folder on disk, or memory for tests) or a
// PostgreSQL server through a pg pool. Everything above this file sees one Kysely<DB>.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { type DataLock, acquireDataLock } from './data-lock.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** The pg pool when on PostgreSQL (COPY for bulk loads uses it). */
  pool?: pg.Pool;
  pglite?: PGlite;
  /** The data folder's lock (PGlite on disk): released by close(). */
  lock?: DataLock;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — when set, PostgreSQL is used. */
  url?: string;
  /** PGlite folder; omitted means in memory. */
  dataDir?: string;
  poolSize?: number;
  /** Who holds the data folder's lock, written in it (default: this process's command line). */
  lockCommand?: string;
}

const OID = { int8: 20, date: 1082, numeric: 1700 } as const;
const keepText = (value: string) => value;

// `date` stays 'YYYY-MM-DD' text: a Date would shift by the server's time zone.
pg.types.setTypeParser(OID.date, keepText);

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection dropped by a server restart must not crash the process; the pool
    // replaces it on the next checkout.
    pool.on('error', (error) => console.error('PostgreSQL connection error:', error.message));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', pool, close: () => db.destroy() };
  }
  // One writer per folder (data-lock.ts): refused here, before PGlite reads a byte of it.
  const lock = options.dataDir ? acquireDataLock(options.dataDir, options.lockCommand) : undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(options.dataDir ?? 'memory://', {
      extensions: { unaccent, pg_trgm },
      parsers: { [OID.date]: keepText, [OID.int8]: keepText, [OID.numeric]: keepText },
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // The dialect hands out PGlite's single connection one holder at a time, so concurrent
  // transactions queue instead of interleaving.
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db, engine: 'pglite', pglite, lock,
    async close() {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * An error after which the database cannot be used any more: PGlite's WebAssembly aborted
 * (its memory is gone) or it was closed under us. The server stops with a clear line so its
 * supervisor starts it again (README, "Chạy như một dịch vụ").
 */
export function isFatalDatabaseError(error: unknown): boolean {
  if (error instanceof WebAssembly.RuntimeError) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /^Aborted\(|PGlite is closed|RuntimeError: (unreachable|memory access out of bounds)/.test(message);
}
