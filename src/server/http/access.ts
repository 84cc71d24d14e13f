// The one access mechanism. Every route declares `config.access`: 'public' or a permission.
// A route without it refuses to register. The guard resolves the session, checks the
// permission and the CSRF token, and gives handlers `request.auth` and its org scope.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { type Permission, can } from '../../shared/roles.ts';
import type { DB } from '../db/schema.ts';
import { type ResumeSession, type SessionAccount, type SessionEnded, sessionCookie } from './session.ts';
import { forbidden, unauthenticated, AppError } from './app-error.ts';
import type { Scope } from './scope.ts';

export type Access = 'public' | Permission;

export interface AuthContext extends SessionAccount {
  scope: Scope;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Writes run in one transaction unless a route opts out (e.g. long streaming work). */
    transaction?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    /** The transaction on a write route, the plain database on a read route. */
    db: Kysely<DB>;
  }
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function registerAccessGuard(app: FastifyInstance, db: Kysely<DB>, resumeSession: ResumeSession, sessionEnded?: SessionEnded): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('db', null as unknown as Kysely<DB>);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    if (!route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} does not declare config.access`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest) => {
    request.db = db;
    const access = request.routeOptions.config?.access;
    if (!access) return; // static files and 404s
    const token = request.cookies[sessionCookie(request.server.config).name];
    const session = token ? await resumeSession(db, token) : undefined;
    if (session) {
      request.auth = { ...session, scope: { path: session.orgPath, accountId: session.accountId, role: session.role } };
    }
    if (access === 'public') return;
    if (!session) {
      // A phone wipes its data when its session was ended from the server ("Đăng xuất mọi
      // phiên", a disabled account), not when it merely expired.
      if (token && sessionEnded && await sessionEnded(db, token)) {
        throw new AppError(401, 'session_revoked', 'Phiên đăng nhập đã bị kết thúc. Vui lòng đăng nhập lại.');
      }
      throw unauthenticated(token ? undefined : 'Vui lòng đăng nhập.');
    }
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new AppError(403, 'csrf', 'Yêu cầu không hợp lệ (thiếu mã chống giả mạo). Vui lòng tải lại trang.');
    }
    if (session.mustChangePassword && !request.routeOptions.url?.startsWith('/api/auth/')) {
      throw new AppError(403, 'must_change_password', 'Bạn cần đổi mật khẩu trước khi tiếp tục.');
    }
    if (!can(session.role, access)) throw forbidden();
  });
}

/** The auth of a route that requires a session (the guard has already refused anonymous calls). */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw unauthenticated();
  return request.auth;
}

export function clearSessionCookie(reply: FastifyReply): void {
  const { name, secure } = sessionCookie(reply.server.config);
  reply.clearCookie(name, { path: '/', secure });
}
