// What the access guard knows of a session: its cookie's name and the account it resumes. The
// sessions themselves (tokens, expiry, revocation) are the accounts feature's; app.ts hands
// the guard its resumeSession, so http/ depends on no feature.
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/roles.ts';
import type { DB } from '../db/schema.ts';

export const SESSION_COOKIE = 'cnscd_session';

/**
 * The session cookie's name and Secure flag. Served over https (PUBLIC_URL https://…, or
 * SECURE_COOKIES=1 behind a proxy) the cookie is Secure and named with the `__Host-` prefix:
 * browsers then refuse it unless it is Secure, for the whole site (Path=/) and for this host
 * alone (no Domain), so neither a plain-http page nor a sibling subdomain can set or replace it.
 * On the commune's local network over plain http it stays `cnscd_session`, not Secure.
 */
export function sessionCookie(config: { publicUrl?: string; secureCookies: boolean }): { name: string; secure: boolean } {
  const secure = config.secureCookies || Boolean(config.publicUrl?.startsWith('https://'));
  return { name: secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE, secure };
}

export interface SessionAccount {
  sessionId: string;
  csrfToken: string;
  accountId: string;
  username: string;
  fullName: string;
  role: Role;
  orgUnitId: number;
  orgPath: string;
  orgLevel: 'province' | 'commune' | 'village';
  orgName: string;
  mustChangePassword: boolean;
  expiresAt: Date;
}

/** Resolves a session token to its account (undefined when unknown, expired or revoked). */
export type ResumeSession = (db: Kysely<DB>, token: string) => Promise<SessionAccount | undefined>;

/** Whether a token names a session the server ended (revoked, or its account disabled). */
export type SessionEnded = (db: Kysely<DB>, token: string) => Promise<boolean>;
