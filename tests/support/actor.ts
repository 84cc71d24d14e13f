// An Actor for calling a service directly, outside HTTP (the fields a service does not read
// get plain values: the test names the account, its role and its unit).
import type { Role } from '../../src/shared/roles.ts';
import type { Actor, OrgLevel } from '../../src/server/http/actor.ts';

export function testActor(account: { accountId: string; role: Role; orgUnitId: number; orgPath: string; orgLevel?: OrgLevel }): Actor {
  return {
    accountId: account.accountId,
    username: account.accountId,
    fullName: account.accountId,
    role: account.role,
    orgUnitId: account.orgUnitId,
    orgPath: account.orgPath,
    orgLevel: account.orgLevel ?? 'village',
    orgName: '',
    scope: { path: account.orgPath, accountId: account.accountId, role: account.role },
    ip: null,
    requestId: null,
  };
}

/** The actor of a logged-in test client (its /api/auth/me answer). */
export function actorOfMe(me: Record<string, unknown>): Actor {
  const unit = me.orgUnit as { id: number; path: string; level: OrgLevel };
  return testActor({ accountId: String(me.id), role: me.role as Role, orgUnitId: unit.id, orgPath: unit.path, orgLevel: unit.level });
}
