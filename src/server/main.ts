// Starts the server: open the database, apply pending migrations, seed the demo commune in
// demo mode, bring the indicator figures up to date, then listen. `npm start`, `npm run demo`
// (scripts/demo.mjs) and the tests all come through startServer(); runServer() adds the
// handling of Ctrl-C and of a process manager's SIGTERM.
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { type Config, readConfig } from './config.ts';
import { type Database, openDatabase } from './db/engine.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemoAccounts } from './demo/demo-accounts.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { startAttachmentHousekeeping } from './features/attachments/attachments.housekeeping.ts';
import { type AggregatesWorker, runUntilIdle, startAggregatesWorker } from './features/indicators/aggregates-worker.ts';

export interface StartOptions extends Partial<Config> {
  logger?: boolean;
}

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
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  mark('database');
  const applied = await migrateToLatest(database.db);
  mark('migrations');
  const app = await buildApp({ db: database.db, config, logger: options.logger ?? true, trustProxy: config.trustProxy });
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
      housekeeping.stop();
      await indicators.stop();
      await app.close();
      await database.close();
    },
  };
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
  server = await startServer(options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runServer();
