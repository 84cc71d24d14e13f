// Starts the server: open the database, apply pending migrations, seed the demo commune in
// demo mode, bring the indicator figures up to date, then listen. `npm start`, `npm run demo`
// (scripts/demo.mjs) and the tests all come through startServer(); runServer() adds the
// handling of Ctrl-C and of a process manager's SIGTERM.
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { type Config, readConfig } from './config.ts';
import { DataFolderLocked } from './db/data-lock.ts';
import { SERVER_COMMANDS } from './cli-commands.ts';
import { type ControlServer, startControlSocket } from './control-socket.ts';
import { type Database, isFatalDatabaseError, openDatabase } from './db/engine.ts';
import { migrateToLatest } from './db/migrate.ts';
import { demoDatabaseProblem, markDemo } from './demo-guard.ts';
import { seedDemoAccounts } from '../demo/demo-accounts.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { startBackupSchedule } from './features/backups/backup-schedule.ts';
import { startAttachmentHousekeeping } from './features/attachments/attachments.housekeeping.ts';
import { startImportRetention } from './features/imports/imports.housekeeping.ts';
import { type AggregatesWorker, runUntilIdle, startAggregatesWorker } from './features/indicators/aggregates-worker.ts';
import { startSyncMarksFolding } from './features/sync/sync-marks.ts';

export interface StartOptions extends Partial<Config> {
  logger?: boolean;
  /**
   * Called once when the database fails for good (PGlite aborted): runServer logs it and
   * exits 70 so the supervisor restarts the process. Tests leave it out.
   */
  onFatal?: (error: unknown) => void;
}

/** Thrown by startServer when DEMO=1 meets a database not made by the demo seed. */
export class DemoRefused extends Error {}

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  /** Keeps the indicator figures current (README, "Chỉ số / Indicators"). */
  indicators: AggregatesWorker;
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const startedAt = performance.now();
  const config = { ...readConfig(), ...options };
  if (!config.databaseUrl) mkdirSync(config.dataDir, { recursive: true });
  const phases: Record<string, number> = {};
  const mark = (name: string) => { phases[name] = Math.round(performance.now() - startedAt); };
  // PGlite: takes the folder's lock first (db/data-lock.ts); a second server is refused here.
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, lockCommand: 'cnscd server' });
  let app: FastifyInstance | undefined;
  try {
    mark('database');
    const applied = await migrateToLatest(database.db);
    mark('migrations');
    if (config.demo) {
      const problem = await demoDatabaseProblem(database.db);
      if (problem) throw new DemoRefused(problem);
    }
    app = await buildApp({ db: database.db, config, logger: options.logger ?? true, trustProxy: config.trustProxy, onFatalDatabaseError: options.onFatal, engine: database.engine });
    return await startServing(app, database, config, options, applied, phases, mark);
  } catch (error) {
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}

async function startServing(app: FastifyInstance, database: Database, config: Config, options: StartOptions, applied: string[], phases: Record<string, number>, mark: (name: string) => void): Promise<RunningServer> {
  mark('app');
  if (config.demo) {
    const seeded = await seedDemo(database.db, {
      today: config.demoToday,
      onStart: (today) => app.log.info(`Tạo xã demo Bạch Ngọc tính đến ngày ${today} (chỉ lần chạy đầu, khoảng nửa phút)…`),
    });
    const accounts = await seedDemoAccounts(database.db);
    // The seed makes the demo accounts with the teams; seedDemoAccounts adds any still missing.
    if (seeded.people || seeded.events || accounts) {
      app.log.info(`Demo: ${seeded.people} nhân khẩu, ${seeded.households} hộ, ${seeded.teams} Tổ CNSCĐ, ${seeded.events} lượt hỗ trợ${accounts ? `, thêm ${accounts} tài khoản demo` : ''}.`);
    }
    await markDemo(database.db);
  }
  mark('demo');
  // On PGlite a query holds the one connection and this thread: the figures are brought up to
  // date (a new day's, a seed's) before the first request rather than while it waits. A
  // PostgreSQL server leaves that to the worker, which does not hold up requests there.
  if (database.engine === 'pglite') await runUntilIdle(database.db, { batch: 50 });
  mark('indicators');
  await app.listen({ port: config.port, host: config.host });
  // PGlite serves every request on one connection: small batches keep a round short.
  const indicators = startAggregatesWorker(database.db, { log: app.log, batch: database.engine === 'pglite' ? 2 : 25 });
  const housekeeping = startAttachmentHousekeeping(database.db, app.log);
  const importRetention = startImportRetention(database.db, app.log, config.importRetentionDays);
  const syncMarks = startSyncMarksFolding(database.db, app.log);
  // The demo's made-up commune is not backed up by night (BACKUP_HOUR=-1 is the same for real data).
  const backups = startBackupSchedule(database.db, database.engine, config.demo ? { ...config, backupHour: -1 } : config, app.log);
  // PGlite: `npm run cli -- backup` and the like come through the server (control-socket.ts).
  let control: ControlServer | undefined;
  if (database.engine === 'pglite') control = await startControlSocket(config.dataDir, { db: database.db, engine: database.engine, config }, SERVER_COMMANDS, app.log);
  const watch = options.onFatal ? watchDatabase(database, options.onFatal) : undefined;
  mark('listening');
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  const engine = database.engine === 'pglite' ? `PGlite, ${config.dataDir}` : 'PostgreSQL';
  app.log.info({ engine: database.engine, migrations: applied, startupMs: phases }, `cnscd đang chạy tại ${url} (${engine}; sẵn sàng sau ${(phases.listening / 1000).toFixed(1)} s)`);
  return {
    app,
    database,
    indicators,
    url,
    async close() {
      if (watch) clearInterval(watch);
      await control?.close();
      housekeeping.stop();
      importRetention.stop();
      await syncMarks.stop();
      backups.stop();
      await indicators.stop();
      await app.close();
      await database.close();
    },
  };
}

/** A failure no request meets (the worker's, an idle PGlite) still stops the process. */
function watchDatabase(database: Database, onFatal: (error: unknown) => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    database.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute().catch((error: unknown) => {
      if (isFatalDatabaseError(error)) onFatal(error);
    });
  }, 15_000);
  timer.unref();
  return timer;
}

/**
 * Starts the server and stops it cleanly on SIGINT (Ctrl-C) or SIGTERM: the worker's round
 * finishes, open requests are answered, the database is closed (PGlite's folder is left
 * consistent), then the process exits 0. A second signal, or one while still starting, exits
 * at once.
 */
export async function runServer(options: StartOptions = {}): Promise<void> {
  let server: RunningServer | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping || !server) {
      console.error(`${signal}: dừng ngay.`);
      process.exit(130);
    }
    stopping = true;
    server.app.log.info(`${signal}: đang dừng…`);
    // Should closing hang (a request that never ends), do not keep the terminal waiting.
    setTimeout(() => {
      console.error('Dừng quá 10 giây: thoát.');
      process.exit(1);
    }, 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let fatal = false;
  const onFatal = (error: unknown) => {
    if (fatal) return;
    fatal = true;
    // One clear line for the journal; the supervisor (README, systemd unit) starts us again.
    console.error(`FATAL: cơ sở dữ liệu hỏng không dùng tiếp được (${(error as Error)?.message ?? error}); dừng máy chủ để được khởi động lại. / fatal database error, exiting.`);
    process.exit(70);
  };
  try {
    server = await startServer({ ...options, onFatal });
  } catch (error) {
    // A refused start (folder locked, demo on real data) is one clear line, not a stack.
    console.error((error as Error).message);
    process.exit(error instanceof DataFolderLocked ? 3 : error instanceof DemoRefused ? 4 : 1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runServer();
