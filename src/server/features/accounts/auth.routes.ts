// Login, logout, the current account, password change and the account's own sessions.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { ChangePasswordSchema, LoginSchema } from '../../../shared/accounts.ts';
import { ROLE_LABELS, ROLE_PERMISSIONS } from '../../../shared/roles.ts';
import { z } from '../../../shared/validation.ts';
import { clearSessionCookie, requireAuth, type AuthContext } from '../../http/access.ts';
import { originFrom } from '../../http/actor.ts';
import { sessionCookie } from '../../http/session.ts';
import { AppError, notFound } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { DEFAULT_THROTTLE, login } from './login.service.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { passwordProblem } from './password-policy.ts';
import { listActiveSessions, resumeSession, revokeAllSessions, revokeSession } from './sessions.ts';

export function presentMe(auth: Pick<AuthContext, 'accountId' | 'username' | 'fullName' | 'role' | 'orgUnitId' | 'orgName' | 'orgLevel' | 'orgPath' | 'mustChangePassword' | 'csrfToken' | 'expiresAt'>) {
  return {
    id: auth.accountId,
    username: auth.username,
    fullName: auth.fullName,
    role: auth.role,
    roleLabel: ROLE_LABELS[auth.role],
    permissions: ROLE_PERMISSIONS[auth.role],
    orgUnit: { id: auth.orgUnitId, name: auth.orgName, level: auth.orgLevel, path: auth.orgPath },
    mustChangePassword: auth.mustChangePassword,
    csrfToken: auth.csrfToken,
    sessionExpiresAt: auth.expiresAt.toISOString(),
  };
}

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const cookie = sessionCookie(fastify.config);
  const setSessionCookie = (reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(cookie.name, token, { httpOnly: true, sameSite: 'lax', secure: cookie.secure, path: '/', expires });

  app.post('/api/auth/login', {
    // Failures must be stored even though the answer is an error: no wrapping transaction.
    config: { access: 'public', transaction: false, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags: ['Đăng nhập'], summary: 'Đăng nhập bằng tên đăng nhập hoặc số điện thoại', body: LoginSchema },
  }, async (request, reply) => {
    const result = await login(request.db, originFrom(request), { ...request.body, userAgent: request.headers['user-agent'] }, fastify.throttlePolicy ?? DEFAULT_THROTTLE);
    setSessionCookie(reply, result.token, result.expiresAt);
    const session = await resumeSession(request.db, result.token);
    if (!session) throw new AppError(500, 'internal', 'Không tạo được phiên đăng nhập.');
    return presentMe(session);
  });

  app.get('/api/auth/me', { config: { access: 'session' }, schema: { tags: ['Đăng nhập'], summary: 'Tài khoản đang đăng nhập' } }, async (request) =>
    presentMe(requireAuth(request)),
  );

  // The web app's first question ("is anyone logged in?") answered without a 401: a browser
  // logs every 401 in the console, and at the login page nobody being logged in is normal.
  app.get('/api/auth/session', { config: { access: 'public' }, schema: { tags: ['Đăng nhập'], summary: 'Phiên hiện tại (tài khoản hoặc null)' } }, async (request) =>
    ({ account: request.auth ? presentMe(request.auth) : null }),
  );

  app.post('/api/auth/logout', { config: { access: 'session' }, schema: { tags: ['Đăng nhập'], summary: 'Đăng xuất' } }, async (request, reply) => {
    const auth = requireAuth(request);
    await revokeSession(request.db, auth.sessionId);
    await recordAudit(request, { action: 'logout', entity: 'session', entityId: auth.sessionId });
    clearSessionCookie(reply);
    return { ok: true };
  });

  app.post('/api/auth/password', {
    config: { access: 'session' },
    schema: { tags: ['Đăng nhập'], summary: 'Đổi mật khẩu (các phiên khác bị đăng xuất)', body: ChangePasswordSchema },
  }, async (request) => {
    const auth = requireAuth(request);
    const account = await request.db.selectFrom('accounts').select(['password_hash', 'username', 'phone']).where('id', '=', auth.accountId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(account.password_hash, request.body.currentPassword))) {
      throw new AppError(400, 'validation', 'Mật khẩu hiện tại không đúng.', [{ path: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' }]);
    }
    const problem = passwordProblem(request.body.newPassword, { role: auth.role, username: account.username, phone: account.phone });
    if (problem) throw new AppError(400, 'validation', problem, [{ path: 'newPassword', message: problem }]);
    await request.db
      .updateTable('accounts')
      .set({ password_hash: await hashPassword(request.body.newPassword), must_change_password: false, password_changed_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', auth.accountId)
      .execute();
    await revokeAllSessions(request.db, auth.accountId, auth.sessionId);
    await recordAudit(request, { action: 'change_password', entity: 'account', entityId: auth.accountId, orgUnitId: auth.orgUnitId });
    return { ok: true };
  });

  app.get('/api/auth/sessions', { config: { access: 'session' }, schema: { tags: ['Đăng nhập'], summary: 'Các phiên đăng nhập của tôi' } }, async (request) => {
    const auth = requireAuth(request);
    const items = await listActiveSessions(request.db, auth.accountId);
    return { items: items.map((item) => ({ ...item, current: item.id === auth.sessionId })) };
  });

  app.delete('/api/auth/sessions/:id', {
    config: { access: 'session' },
    schema: { tags: ['Đăng nhập'], summary: 'Kết thúc một phiên đăng nhập khác của tôi', params: z.object({ id: z.uuid({ message: 'Mã phiên không hợp lệ.' }) }) },
  }, async (request) => {
    const auth = requireAuth(request);
    if (!(await revokeSession(request.db, request.params.id, auth.accountId))) throw notFound('Không tìm thấy phiên đăng nhập.');
    await recordAudit(request, { action: 'revoke_session', entity: 'session', entityId: request.params.id });
    return { ok: true };
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    throttlePolicy?: import('./login.service.ts').ThrottlePolicy;
  }
}
