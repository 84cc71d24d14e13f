// Server-side sessions: the cookie holds a random token, the database holds its hash, so a
// stolen database copy cannot be replayed and any session can be ended from the server.
import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type Role, SESSION_POLICY } from '../../../shared/roles.ts';
import type { DB } from '../../db/schema.ts';
import { SESSION_COOKIE, type SessionAccount } from '../../http/session.ts';

export { SESSION_COOKIE, type SessionAccount };

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function createSession(
  db: Kysely<DB>,
  input: { accountId: string; role: Role; userAgent?: string; ip?: string },
): Promise<{ token: string; sessionId: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const policy = SESSION_POLICY[input.role];
  const now = Date.now();
  const expiresAt = new Date(now + policy.absoluteHours * 3600_000);
  const idleExpiresAt = new Date(Math.min(now + policy.idleMinutes * 60_000, expiresAt.getTime()));
  const sessionId = uuidv7();
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      account_id: input.accountId,
      idle_expires_at: idleExpiresAt,
      expires_at: expiresAt,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      ip: input.ip ?? null,
    })
    .execute();
  return { token, sessionId, csrfToken, expiresAt };
}

/**
 * Finds the live session for a cookie token and slides its idle expiry forward. Returns
 * undefined for unknown, revoked, expired or disabled-account sessions alike.
 */
export async function resumeSession(db: Kysely<DB>, token: string): Promise<SessionAccount | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('org_units as o', 'o.id', 'a.org_unit_id')
    .select([
      's.id as session_id', 's.csrf_token', 's.expires_at', 's.last_seen_at',
      'a.id as account_id', 'a.username', 'a.full_name', 'a.role', 'a.org_unit_id', 'a.must_change_password',
      'o.path as org_path', 'o.level as org_level', 'o.name as org_name',
    ])
    .where('s.token_hash', '=', hashToken(token))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.idle_expires_at', '>', sql<Date>`now()`)
    .where('a.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const role = row.role as Role;
  // Touch at most once a minute: a busy page must not write on every request.
  if (Date.now() - new Date(row.last_seen_at).getTime() > 60_000) {
    const idleMinutes = SESSION_POLICY[role].idleMinutes;
    await db
      .updateTable('sessions')
      .set({
        last_seen_at: sql`now()`,
        idle_expires_at: sql`least(expires_at, now() + make_interval(mins => ${idleMinutes}))`,
      })
      .where('id', '=', row.session_id)
      .execute();
  }
  return {
    sessionId: row.session_id,
    csrfToken: row.csrf_token,
    accountId: row.account_id,
    username: row.username,
    fullName: row.full_name,
    role,
    orgUnitId: row.org_unit_id,
    orgPath: row.org_path,
    orgLevel: row.org_level,
    orgName: row.org_name,
    mustChangePassword: row.must_change_password,
    expiresAt: new Date(row.expires_at),
  };
}

/** The session of this token was ended by the server: revoked, or its account disabled. */
export async function sessionEndedByServer(db: Kysely<DB>, token: string): Promise<boolean> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select('s.id')
    .where('s.token_hash', '=', hashToken(token))
    .where((eb) => eb.or([eb('s.revoked_at', 'is not', null), eb('a.disabled_at', 'is not', null)]))
    .executeTakeFirst();
  return row !== undefined;
}

export async function revokeSession(db: Kysely<DB>, sessionId: string, accountId?: string): Promise<boolean> {
  let query = db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('id', '=', sessionId).where('revoked_at', 'is', null);
  if (accountId) query = query.where('account_id', '=', accountId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

export async function revokeAllSessions(db: Kysely<DB>, accountId: string, exceptSessionId?: string): Promise<void> {
  let query = db.updateTable('sessions').set({ revoked_at: sql`now()` }).where('account_id', '=', accountId).where('revoked_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export async function listActiveSessions(db: Kysely<DB>, accountId: string) {
  const rows = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'ip'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('idle_expires_at', '>', sql<Date>`now()`)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, userAgent: r.user_agent, ip: r.ip }));
}
