// Where an account lands after logging in: volunteers go to the field app unless they asked
// for a particular page.
import type { Role } from '../../shared/roles.ts';

const FIELD_ROLES: readonly Role[] = ['team_member', 'team_leader'];

export function landingAfterLogin(role: Role, next: string): string {
  return next === '/' && FIELD_ROLES.includes(role) ? '/thuc-dia' : next;
}
