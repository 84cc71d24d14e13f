// Builds the Fastify app: security plugins, the access guard, transaction-per-write, error
// mapping, API docs, the feature routes and the web app's static files.
import { existsSync } from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
import { fieldLabel } from '../shared/validation.ts';
import type { Config } from './config.ts';
import { type Engine, isFatalDatabaseError } from './db/engine.ts';
import { backupRoutes } from './features/backups/backups.routes.ts';
import { type BackupConfig } from './features/backups/backup-schedule.ts';
import { mapDatabaseError } from './db/pg-errors.ts';
import type { DB } from './db/schema.ts';
import { accountRoutes } from './features/accounts/accounts.routes.ts';
import { authRoutes } from './features/accounts/auth.routes.ts';
import { resumeSession, sessionEndedByServer } from './features/accounts/sessions.ts';
import { attachmentRoutes } from './features/attachments/attachments.routes.ts';
import { awardRoutes } from './features/awards/awards.routes.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { registerRefusalAudit } from './features/audit/refusal-audit.ts';
import { cccdOfBody, recordCccdConflicts } from './features/audit/cccd-probes.ts';
import { budgetRoutes } from './features/budget/budget.routes.ts';
import { communicationRoutes } from './features/communication/communication.routes.ts';
import { doorCardRoutes } from './features/door-cards/door-cards.routes.ts';
import { exportRoutes } from './features/exports/exports.routes.ts';
import { householdRoutes } from './features/households/households.routes.ts';
import { indicatorRoutes } from './features/indicators/indicators.routes.ts';
import { IMPORT_UPLOAD_OPTIONS, importRoutes } from './features/imports/imports.routes.ts';
import { orgUnitRoutes } from './features/org-units/org-units.routes.ts';
import { peopleRoutes } from './features/people/people.routes.ts';
import { reportRoutes } from './features/reports/reports.routes.ts';
import { homeFiguresRoutes } from './features/indicators/home-figures.routes.ts';
import { supportRoutes } from './features/support/support.routes.ts';
import { syncRoutes } from './features/sync/sync.routes.ts';
import { teamRoutes } from './features/teams/teams.routes.ts';
import { trainingRoutes } from './features/trainings/trainings.routes.ts';
import { organizationRoutes } from './features/organizations/organizations.routes.ts';
import { groupSessionRoutes } from './features/group-sessions/group-sessions.routes.ts';
import { planRoutes } from './features/plans/plans.routes.ts';
import { taskRoutes } from './features/tasks/tasks.routes.ts';
import { todoRoutes } from './features/todos/todos.routes.ts';
import { registerAccessGuard } from './http/access.ts';
import { AppError } from './http/app-error.ts';
import { registerInputGuard } from './http/input-guard.ts';
import { registerTransactionPerWrite } from './http/transaction.ts';
import { RequestLog, serverLogger } from './logger.ts';

export interface AppOptions {
  db: Kysely<DB>;
  config: Pick<Config, 'secureCookies' | 'webDir' | 'logLevel' | 'demo' | 'publicUrl'> & Partial<Pick<Config, 'backupDir' | 'backupHour' | 'backupKeepDaily' | 'backupKeepWeekly' | 'backupPassphrase'>>;
  logger?: boolean;
  /** Where the log's JSON lines go instead of stdout (tests read the log). */
  logStream?: NodeJS.WritableStream;
  /**
   * Which peers may tell the client's address in X-Forwarded-For (proxy-addr syntax). By
   * default only a reverse proxy on this machine: trusting everyone would let any client pick
   * its address, escaping the login rate limit and writing false addresses in the audit log.
   */
  trustProxy?: boolean | string | string[];
  /** The engine, for the backups' manifest (default PGlite: the tests' in-memory database). */
  engine?: Engine;
  /** A database error after which nothing works (PGlite aborted): the server stops (main.ts). */
  onFatalDatabaseError?: (error: unknown) => void;
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

export async function buildApp({ db, config, logger = true, logStream, trustProxy = 'loopback', onFatalDatabaseError, engine = 'pglite' }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? (logStream ? { ...serverLogger(config.logLevel, false), stream: logStream } : serverLogger(config.logLevel)) : false,
    logController: new RequestLog(),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy,
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('config', config);

  // gzip/brotli for JSON and the web app's files: a village's pull crosses 2G/3G links.
  await app.register(compress, { threshold: 1024 });
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Mantine sets inline styles; swagger-ui needs inline scripts only under /api/docs.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'cnscd — API hệ thống Tổ Công nghệ số cộng đồng',
        description:
          'API cho ứng dụng web, ứng dụng hiện trường và các hệ thống khác. Đăng nhập bằng POST /api/auth/login; ' +
          'mọi yêu cầu ghi phải gửi kèm header x-csrf-token nhận được khi đăng nhập.',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cnscd_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  registerAccessGuard(app, db, resumeSession, sessionEndedByServer);
  registerInputGuard(app);
  registerTransactionPerWrite(app, db);
  registerRefusalAudit(app, db);
  app.setErrorHandler((error, request, reply) => {
    const problem = toAppError(error);
    // A person's CCCD that someone else holds: the number is recorded, though the write is not.
    const cccd = request.auth && (error as { constraint?: string }).constraint === 'people_cccd_key' ? cccdOfBody(request.body) : null;
    if (cccd && request.auth) recordCccdConflicts({ accountId: request.auth.accountId, ip: request.ip ?? null, requestId: String(request.id) }, [cccd], `${request.method} ${request.routeOptions.url ?? ''}`);
    if (problem.status >= 500) request.log.error({ err: error }, 'unhandled error');
    if (onFatalDatabaseError && isFatalDatabaseError(error)) onFatalDatabaseError(error);
    return reply.status(problem.status).send({
      error: { code: problem.code, message: problem.message, fields: problem.fields, ...problem.detail },
    });
  });

  await app.register(authRoutes);
  await app.register(accountRoutes);
  await app.register(orgUnitRoutes);
  await app.register(householdRoutes);
  await app.register(peopleRoutes);
  await app.register(auditRoutes);
  await app.register(homeFiguresRoutes);
  await app.register(todoRoutes);
  // Multipart is parsed only by the import routes (an encapsulated plugin): elsewhere a
  // multipart body stays an unsupported media type.
  await app.register(async (imports) => { await imports.register(multipart, IMPORT_UPLOAD_OPTIONS); await imports.register(importRoutes); });
  await app.register(exportRoutes);
  await app.register(doorCardRoutes);
  await app.register(teamRoutes);
  await app.register(supportRoutes);
  await app.register(syncRoutes);
  await app.register(indicatorRoutes);
  await app.register(reportRoutes);
  await app.register(trainingRoutes);
  await app.register(planRoutes);
  await app.register(taskRoutes);
  // Raw file bodies are parsed only by the attachments routes (an encapsulated plugin).
  await app.register(attachmentRoutes);
  await app.register(communicationRoutes);
  await app.register(backupRoutes, { engine, backup: backupConfigOf(config) });
  await app.register(organizationRoutes);
  await app.register(groupSessionRoutes);
  await app.register(budgetRoutes);
  await app.register(awardRoutes);
  // For a supervisor or a monitor: "ok" only when the database answers a query.
  app.get('/api/health', { config: { access: 'public' } }, async (request, reply) => {
    try {
      await sql`SELECT 1`.execute(db);
      return { ok: true };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database does not answer');
      if (onFatalDatabaseError && isFatalDatabaseError(error)) onFatalDatabaseError(error);
      return reply.status(503).send({ ok: false, error: { code: 'database_down', message: 'Cơ sở dữ liệu không trả lời.' } });
    }
  });

  const indexHtml = path.join(config.webDir, 'index.html');
  const hasWeb = existsSync(indexHtml);
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt web app is served without a
    // restart. Hashed assets never change: cache them for a year; index.html never.
    await app.register(fastifyStatic, {
      root: config.webDir,
      wildcard: true,
      index: false,
      setHeaders(res, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // The root is a directory to the static plugin (403 without an index): it is the app.
    app.get('/', (_request, reply) => reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0];
    // Client-side routes (/ho-gia-dinh/…) are the web app's; it decides what to show. A
    // missing file (/assets/old-hash.js) is a real 404, not the app's HTML.
    if (!pathname.startsWith('/api/') && request.method === 'GET' && hasWeb && !/\.[a-z0-9]+$/i.test(pathname)) {
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: 'Không tìm thấy địa chỉ được yêu cầu.' } });
  });

  return app;
}

function backupConfigOf(config: AppOptions['config']): BackupConfig {
  return {
    // Demo mode makes no nightly backups (main.ts): the page says so.
    backupDir: config.backupDir ?? path.resolve('backups'), backupHour: config.demo ? -1 : config.backupHour ?? -1,
    backupKeepDaily: config.backupKeepDaily ?? 7, backupKeepWeekly: config.backupKeepWeekly ?? 8, backupPassphrase: config.backupPassphrase,
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return { path, message: path ? `${fieldLabel(path)}: ${issue.message}` : (issue.message ?? 'Dữ liệu không hợp lệ.') };
    });
    return new AppError(400, 'validation', fields.map((f) => f.message).join(' '), fields);
  }
  const mapped = mapDatabaseError(error);
  if (mapped) return mapped;
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'bad_json', 'Dữ liệu gửi lên không phải JSON hợp lệ.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'too_large', 'Dữ liệu gửi lên quá lớn.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'media_type', 'Kiểu dữ liệu gửi lên không được hỗ trợ.');
  }
  if (fastifyError.statusCode === 429) {
    return new AppError(429, 'rate_limited', 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError(fastifyError.statusCode, 'bad_request', 'Yêu cầu không hợp lệ.');
  }
  return new AppError(500, 'internal', 'Lỗi hệ thống. Vui lòng thử lại; nếu vẫn lỗi, báo cho quản trị viên.');
}

declare module 'fastify' {
  interface FastifyInstance {
    config: AppOptions['config'];
  }
}
