// The SQL the todo providers need that no feature has a query for yet. Everything else they
// read through the features' own query functions (reports, teams, imports).
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Scope, inScope } from '../../http/scope.ts';

/**
 * Accounts of the area that cannot log in now: the login throttle (accounts/login.service.ts)
 * locked their username, their phone number or the account itself after repeated failures.
 * Identifiers that match no account are left out: nobody can act on them, they expire.
 */
export async function lockedAccounts(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('login_throttle as t')
    .innerJoin('accounts as a', (join) =>
      // Locks are per address: "<identifier>@<address>" (login.service.ts).
      join.on((eb) => eb.or([
        sql<boolean>`starts_with(t.identifier, 'account:' || a.id::text || '@')`,
        sql<boolean>`starts_with(t.identifier, lower(a.username) || '@')`,
        sql<boolean>`starts_with(t.identifier, a.phone || '@')`,
      ])))
    .select(['a.id', 'a.username', 'a.full_name', sql<Date>`max(t.locked_until)`.as('locked_until'),
      sql<number>`count(DISTINCT split_part(t.identifier, '@', 2))::int`.as('addresses')])
    .where('t.locked_until', '>', sql<Date>`now()`)
    .where('a.disabled_at', 'is', null)
    .where(inScope(scope, 'a.org_unit_id'))
    .groupBy(['a.id', 'a.username', 'a.full_name'])
    .orderBy('a.username')
    .execute();
}
