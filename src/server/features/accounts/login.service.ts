// Logging in: throttled per address and typed identifier (slower after a few failures, then
// locked for a while), with one answer for "no such account" and "wrong password".
import { type Kysely, sql } from 'kysely';
import type { Role } from '../../../shared/roles.ts';
import type { DB } from '../../db/schema.ts';
import type { Origin } from '../../http/actor.ts';
import { AppError } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';
import { createSession } from './sessions.ts';

export interface ThrottlePolicy {
  /** Failures after which each further attempt is answered more slowly. */
  slowAfter: number;
  /** Failures that lock the identifier. */
  lockAfter: number;
  lockMinutes: number;
  /** Added delay per failure beyond slowAfter, capped at 5 s. */
  delayStepMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { slowAfter: 3, lockAfter: 8, lockMinutes: 15, delayStepMs: 1000 };

export const WRONG_CREDENTIALS = 'Tên đăng nhập hoặc mật khẩu không đúng.';

export function normalizeIdentifier(raw: string): string {
  const trimmed = raw.trim().toLowerCase();
  const digits = trimmed.replace(/[\s.\-()]/g, '').replace(/^\+?84/, '0');
  return /^0\d{9}$/.test(digits) ? digits : trimmed;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function login(
  db: Kysely<DB>,
  origin: Origin,
  input: { identifier: string; password: string; userAgent?: string },
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
) {
  const identifier = normalizeIdentifier(input.identifier);
  // Locks are by address and account together: wrong passwords from one address lock that
  // address out of that account, never the account for everyone, so nobody can lock another
  // person out at will. Across addresses the account's failures only slow each answer down.
  const address = origin.ip ?? 'unknown';
  const pairKey = `${identifier}@${address}`;
  await refuseIfLocked(db, pairKey);

  const account = await db
    .selectFrom('accounts')
    .select(['id', 'role', 'password_hash', 'org_unit_id'])
    .where((eb) => eb.or([eb(sql`lower(username)`, '=', identifier), eb('phone', '=', identifier)]))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  // The account is also counted under its own key, so its username and its phone number do
  // not each get the full number of attempts.
  const accountPairKey = account ? `account:${account.id}@${address}` : undefined;
  if (accountPairKey) await refuseIfLocked(db, accountPairKey);
  const ok = await verifyPassword(account?.password_hash ?? (await dummyPasswordHash()), input.password);

  if (!account || !ok) {
    let failures = await recordFailure(db, pairKey, policy, true);
    if (accountPairKey) failures = Math.max(failures, await recordFailure(db, accountPairKey, policy, true));
    // Everyone's failures on this account (or this unknown name): a delay, never a lock.
    const everywhere = await recordFailure(db, account ? `account:${account.id}` : identifier, policy, false);
    await writeAudit(db, origin, { action: 'login_failed', entity: 'account', entityId: account?.id, detail: { identifier, failures, everywhere } });
    const slowest = Math.max(failures, everywhere);
    if (slowest > policy.slowAfter) await sleep(Math.min(5000, (slowest - policy.slowAfter) * policy.delayStepMs));
    if (failures >= policy.lockAfter) {
      if (failures === policy.lockAfter) {
        // The admins see it among their todos (todos/providers/accounts.ts) while it lasts.
        await writeAudit(db, origin, { action: 'login_locked', entity: 'account', entityId: account?.id, orgUnitId: account?.org_unit_id ?? null, detail: { identifier, address, minutes: policy.lockMinutes } });
      }
      throw new AppError(429, 'locked', `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${policy.lockMinutes} phút.`);
    }
    throw new AppError(401, 'wrong_credentials', WRONG_CREDENTIALS);
  }

  await db.deleteFrom('login_throttle').where('identifier', 'in', [pairKey, accountPairKey!, `account:${account.id}`]).execute();
  const session = await createSession(db, { accountId: account.id, role: account.role as Role, userAgent: input.userAgent, ip: origin.ip ?? undefined });
  await writeAudit(db, { ...origin, accountId: account.id }, { action: 'login', entity: 'account', entityId: account.id, orgUnitId: account.org_unit_id, detail: { sessionId: session.sessionId } });
  return { accountId: account.id, ...session };
}

async function refuseIfLocked(db: Kysely<DB>, key: string): Promise<void> {
  const throttle = await db.selectFrom('login_throttle').select('locked_until').where('identifier', '=', key).executeTakeFirst();
  if (throttle?.locked_until && new Date(throttle.locked_until) > new Date()) {
    const minutes = Math.ceil((new Date(throttle.locked_until).getTime() - Date.now()) / 60_000);
    throw new AppError(429, 'locked', `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`);
  }
}

/** Counts a failure; failures older than the lock window start the count afresh. */
async function recordFailure(db: Kysely<DB>, identifier: string, policy: ThrottlePolicy, lock: boolean): Promise<number> {
  const row = await db
    .insertInto('login_throttle')
    .values({ identifier, failures: 1 })
    .onConflict((oc) =>
      oc.column('identifier').doUpdateSet({
        failures: sql`CASE WHEN login_throttle.last_failure_at < now() - make_interval(mins => ${policy.lockMinutes}) THEN 1 ELSE login_throttle.failures + 1 END`,
        last_failure_at: sql`now()`,
        locked_until: null,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  if (lock && row.failures >= policy.lockAfter) {
    await db
      .updateTable('login_throttle')
      .set({ locked_until: sql`now() + make_interval(mins => ${policy.lockMinutes})` })
      .where('identifier', '=', identifier)
      .execute();
  }
  return row.failures;
}
