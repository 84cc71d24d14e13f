// Who is acting: the one type every service takes as `(db, actor, input)`, made from a
// request in one place (actorFrom) so a service never sees Fastify and can be called from
// sync, a worker or the CLI alike.
import type { FastifyRequest } from 'fastify';
import type { OrgLevel } from '../../shared/org-units.ts';
import type { Role } from '../../shared/roles.ts';
import { unauthenticated } from './app-error.ts';
import type { Scope } from './scope.ts';

export type { OrgLevel };

/**
 * Where a change came from, for its audit row: the request's address and id (null outside
 * HTTP: the CLI, workers). A logged-in actor is one; so is an anonymous request (a failed login).
 */
export interface Origin {
  ip: string | null;
  requestId: string | null;
}

export interface Actor extends Origin {
  accountId: string;
  username: string;
  fullName: string;
  role: Role;
  /** The account's unit: its area is the unit's subtree. */
  orgUnitId: number;
  orgPath: string;
  orgLevel: OrgLevel;
  orgName: string;
  /** The area every query is scoped to (http/scope.ts). */
  scope: Scope;
}

/** The actor of a route that requires a session (the access guard has refused anonymous calls). */
export function actorFrom(request: FastifyRequest): Actor {
  const auth = request.auth;
  if (!auth) throw unauthenticated();
  return {
    accountId: auth.accountId,
    username: auth.username,
    fullName: auth.fullName,
    role: auth.role,
    orgUnitId: auth.orgUnitId,
    orgPath: auth.orgPath,
    orgLevel: auth.orgLevel,
    orgName: auth.orgName,
    scope: auth.scope,
    ...originFrom(request),
  };
}

/** The origin of any request, logged in or not. */
export function originFrom(request: FastifyRequest): Origin {
  return { ip: request.ip ?? null, requestId: String(request.id) };
}

/** Outside HTTP (the CLI, a worker): no address, no request. */
export const NO_ORIGIN: Origin = { ip: null, requestId: null };
