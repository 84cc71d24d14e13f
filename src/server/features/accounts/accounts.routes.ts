// Account administration: create, edit, disable/enable, reset password, see and end an
// account's sessions. Admins act only on accounts within their own org subtree.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AccountListQuerySchema, CreateAccountSchema, UpdateAccountSchema } from '../../../shared/accounts.ts';
import { ROLE_LABELS, ROLE_UNIT_LEVEL, type Role } from '../../../shared/roles.ts';
import { z } from '../../../shared/validation.ts';
import { requireAuth } from '../../http/access.ts';
import { AppError, invalid, notFound } from '../../http/app-error.ts';
import { escapeLike, inScope } from '../../http/scope.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { hashPassword, temporaryPassword } from './passwords.ts';
import { listActiveSessions, revokeAllSessions } from './sessions.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';

const IdParams = z.object({ id: z.uuid({ message: 'Mã tài khoản không hợp lệ.' }) });
const TAGS = ['Tài khoản'];

const ACCOUNT_COLUMNS = ['a.id', 'a.username', 'a.full_name', 'a.phone', 'a.role', 'a.org_unit_id', 'a.disabled_at', 'a.must_change_password', 'a.created_at', 'o.name as org_name'] as const;

function presentAccount(row: { id: string; username: string; full_name: string; phone: string | null; role: string; org_unit_id: number; org_name: string; disabled_at: Date | null; must_change_password: boolean; created_at: Date }) {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    phone: row.phone,
    role: row.role,
    roleLabel: ROLE_LABELS[row.role as Role] ?? row.role,
    orgUnitId: row.org_unit_id,
    orgUnitName: row.org_name,
    disabled: row.disabled_at != null,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at,
  };
}

async function findAccountInScope(request: FastifyRequest, id: string) {
  const auth = requireAuth(request);
  const row = await request.db
    .selectFrom('accounts as a')
    .innerJoin('org_units as o', 'o.id', 'a.org_unit_id')
    .select(ACCOUNT_COLUMNS)
    .where('a.id', '=', id)
    .where(inScope(auth.scope, 'a.org_unit_id'))
    .executeTakeFirst();
  if (!row) throw notFound('Không tìm thấy tài khoản.');
  return row;
}

/** The unit must be in the admin's subtree and of the level the role works at. */
async function checkUnitForRole(request: FastifyRequest, orgUnitId: number, role: Role) {
  const auth = requireAuth(request);
  const unit = await request.db
    .selectFrom('org_units')
    .select(['id', 'level', 'name'])
    .where('id', '=', orgUnitId)
    .where(inScope(auth.scope, 'id'))
    .executeTakeFirst();
  if (!unit) throw invalid('orgUnitId', 'Đơn vị không tồn tại hoặc ngoài phạm vi quản lý của bạn.');
  const needed = ROLE_UNIT_LEVEL[role];
  if (unit.level !== needed) {
    const levelName = { province: 'tỉnh', commune: 'xã', village: 'thôn' }[needed];
    throw invalid('orgUnitId', `Vai trò "${ROLE_LABELS[role]}" phải gắn với một đơn vị cấp ${levelName}.`);
  }
}

export async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const config = { access: 'accounts.manage' as const };

  app.get('/api/accounts', { config, schema: { tags: TAGS, summary: 'Danh sách tài khoản trong phạm vi', querystring: AccountListQuerySchema } }, async (request) => {
    const auth = requireAuth(request);
    const { q, role, orgUnitId, status } = request.query;
    const { offset, limit } = pageWindow(request.query);
    let query = request.db
      .selectFrom('accounts as a')
      .innerJoin('org_units as o', 'o.id', 'a.org_unit_id')
      .where(inScope(auth.scope, 'a.org_unit_id'));
    if (q) {
      // Typed % and _ are searched for, not treated as wildcards.
      const text = escapeLike(q);
      const like = `%${text.toLowerCase()}%`;
      query = query.where((eb) => eb.or([eb(sql`lower(a.username)`, 'like', like), eb(sql`search_text(a.full_name)`, 'like', sql`'%' || search_text(${text}) || '%'`), eb('a.phone', 'like', like)]));
    }
    if (role) query = query.where('a.role', '=', role);
    if (orgUnitId) query = query.where('a.org_unit_id', '=', orgUnitId);
    if (status === 'active') query = query.where('a.disabled_at', 'is', null);
    if (status === 'disabled') query = query.where('a.disabled_at', 'is not', null);
    const [rows, total] = await Promise.all([
      query.select(ACCOUNT_COLUMNS).orderBy('o.path').orderBy('a.role').orderBy('a.username').limit(limit).offset(offset).execute(),
      query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return pageAnswer(request.query, rows.map(presentAccount), total.n);
  });

  app.post('/api/accounts', { config, schema: { tags: TAGS, summary: 'Tạo tài khoản (trả về mật khẩu tạm một lần)', body: CreateAccountSchema } }, async (request) => {
    const body = request.body;
    await checkUnitForRole(request, body.orgUnitId, body.role);
    const password = temporaryPassword();
    const id = uuidv7();
    await request.db
      .insertInto('accounts')
      .values({ id, username: body.username, full_name: body.fullName, phone: body.phone ?? null, role: body.role, org_unit_id: body.orgUnitId, password_hash: await hashPassword(password), must_change_password: true })
      .execute();
    const created = await findAccountInScope(request, id);
    await recordAudit(request, { action: 'create', entity: 'account', entityId: id, orgUnitId: body.orgUnitId, after: presentAccount(created) });
    return { account: presentAccount(created), temporaryPassword: password };
  });

  app.get('/api/accounts/:id', { config, schema: { tags: TAGS, summary: 'Một tài khoản', params: IdParams } }, async (request) =>
    presentAccount(await findAccountInScope(request, request.params.id)),
  );

  app.patch('/api/accounts/:id', { config, schema: { tags: TAGS, summary: 'Sửa tài khoản', params: IdParams, body: UpdateAccountSchema } }, async (request) => {
    const before = await findAccountInScope(request, request.params.id);
    const body = request.body;
    const role = (body.role ?? before.role) as Role;
    const orgUnitId = body.orgUnitId ?? before.org_unit_id;
    if (body.role || body.orgUnitId) await checkUnitForRole(request, orgUnitId, role);
    await request.db
      .updateTable('accounts')
      .set({
        full_name: body.fullName ?? before.full_name,
        phone: body.phone === undefined ? before.phone : body.phone,
        role,
        org_unit_id: orgUnitId,
        updated_at: sql`now()`,
      })
      .where('id', '=', before.id)
      .execute();
    // A new role or area must not keep old sessions with the old rights.
    if (role !== before.role || orgUnitId !== before.org_unit_id) await revokeAllSessions(request.db, before.id);
    const after = await findAccountInScope(request, before.id);
    await recordAudit(request, { action: 'update', entity: 'account', entityId: before.id, orgUnitId, before: presentAccount(before), after: presentAccount(after) });
    return presentAccount(after);
  });

  app.post('/api/accounts/:id/disable', { config, schema: { tags: TAGS, summary: 'Khóa tài khoản (đăng xuất mọi phiên)', params: IdParams } }, async (request) => {
    const auth = requireAuth(request);
    const before = await findAccountInScope(request, request.params.id);
    if (before.id === auth.accountId) throw new AppError(400, 'validation', 'Không thể tự khóa tài khoản của mình.');
    await request.db.updateTable('accounts').set({ disabled_at: sql`now()`, updated_at: sql`now()` }).where('id', '=', before.id).execute();
    await revokeAllSessions(request.db, before.id);
    const after = await findAccountInScope(request, before.id);
    await recordAudit(request, { action: 'disable', entity: 'account', entityId: before.id, orgUnitId: before.org_unit_id, before: presentAccount(before), after: presentAccount(after) });
    return presentAccount(after);
  });

  app.post('/api/accounts/:id/enable', { config, schema: { tags: TAGS, summary: 'Mở khóa tài khoản', params: IdParams } }, async (request) => {
    const before = await findAccountInScope(request, request.params.id);
    await request.db.updateTable('accounts').set({ disabled_at: null, updated_at: sql`now()` }).where('id', '=', before.id).execute();
    const after = await findAccountInScope(request, before.id);
    await recordAudit(request, { action: 'enable', entity: 'account', entityId: before.id, orgUnitId: before.org_unit_id, before: presentAccount(before), after: presentAccount(after) });
    return presentAccount(after);
  });

  app.post('/api/accounts/:id/reset-password', { config, schema: { tags: TAGS, summary: 'Đặt lại mật khẩu (trả về mật khẩu tạm một lần)', params: IdParams } }, async (request) => {
    const before = await findAccountInScope(request, request.params.id);
    const password = temporaryPassword();
    await request.db
      .updateTable('accounts')
      .set({ password_hash: await hashPassword(password), must_change_password: true, password_changed_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', before.id)
      .execute();
    await revokeAllSessions(request.db, before.id);
    // Every address's lock on the account (keys "<identifier>@<address>", login.service.ts).
    const prefixes = [before.username.toLowerCase(), `account:${before.id}`, ...(before.phone ? [before.phone] : [])];
    await request.db.deleteFrom('login_throttle').where((eb) => eb.or([
      eb('identifier', '=', `account:${before.id}`),
      ...prefixes.map((prefix) => sql<boolean>`starts_with(identifier, ${`${prefix}@`})`),
    ])).execute();
    const after = await findAccountInScope(request, before.id);
    await recordAudit(request, { action: 'reset_password', entity: 'account', entityId: before.id, orgUnitId: before.org_unit_id, before: presentAccount(before), after: presentAccount(after) });
    return { temporaryPassword: password };
  });

  app.get('/api/accounts/:id/sessions', { config, schema: { tags: TAGS, summary: 'Các phiên đang mở của tài khoản', params: IdParams } }, async (request) => {
    const account = await findAccountInScope(request, request.params.id);
    return { items: await listActiveSessions(request.db, account.id) };
  });

  app.post('/api/accounts/:id/revoke-sessions', { config, schema: { tags: TAGS, summary: 'Đăng xuất mọi phiên của tài khoản (ví dụ mất điện thoại)', params: IdParams } }, async (request) => {
    const account = await findAccountInScope(request, request.params.id);
    await revokeAllSessions(request.db, account.id);
    await recordAudit(request, { action: 'revoke_session', entity: 'account', entityId: account.id, orgUnitId: account.org_unit_id, detail: { all: true } });
    return { ok: true };
  });
}
