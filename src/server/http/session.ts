// What the access guard knows of a session: its cookie's name and the account it resumes. The
// sessions themselves (tokens, expiry, revocation) are the accounts feature's; app.ts hands
// the guard its resumeSession, so http/ depends on no feature.
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/roles.ts';
import type { DB } from '../db/schema.ts';

export const SESSION_COOKIE = 'cnscd_session';

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
