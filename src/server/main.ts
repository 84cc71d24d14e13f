// Starts the server: open the database, apply pending migrations, seed the demo commune in
// demo mode, then listen. `npm start` and the tests both come through startServer().
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
import { type AggregatesWorker, startAggregatesWorker } from './features/indicators/aggregates-worker.ts';

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
  if (config.demo) {
    const seeded = await seedDemo(database.db);
    const accounts = await seedDemoAccounts(database.db);
    // The seed makes the demo accounts with the teams; seedDemoAccounts adds any still missing.
    if (seeded.people || seeded.events || accounts) {
      console.log(`Demo: ${seeded.people} nhân khẩu, ${seeded.households} hộ, ${seeded.teams} Tổ CNSCĐ, ${seeded.events} lượt hỗ trợ${accounts ? `, thêm ${accounts} tài khoản demo` : ''}.`);
    }
  }
  mark('demo');
  const app = await buildApp({ db: database.db, config, logger: options.logger ?? true, trustProxy: config.trustProxy });
  await app.listen({ port: config.port, host: config.host });
  // PGlite serves every request on one connection: small batches keep a round short.
  const indicators = startAggregatesWorker(database.db, { log: app.log, batch: database.engine === 'pglite' ? 2 : 25 });
  const housekeeping = startAttachmentHousekeeping(database.db, app.log);
  mark('listening');
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  app.log.info({ engine: database.engine, migrations: applied, startupMs: phases }, `cnscd đang chạy tại ${url}`);
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const server = await startServer();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close().finally(() => process.exit(0));
    });
  }
}
