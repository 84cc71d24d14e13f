// Set-up for the support and sync tests: a village team with members (one linked to the
// fixture's team-member account), residents with the flags the rules look at, and builders
// of support events and sync mutations.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { SupportActionInput, SupportEventInput } from '../../src/shared/support.ts';
import type { TestApp } from './test-app.ts';
import { addDays, todayInVietnam } from '../../src/shared/calendar.ts';

export interface TeamFixture {
  teamId: string;
  memberIds: string[];
}

export async function makeTeam(
  t: TestApp,
  villageId: number,
  members: Array<{ fullName: string; username?: string; teamRole?: 'leader' | 'deputy' | 'member'; joinedOn?: string; leftOn?: string }>,
): Promise<TeamFixture> {
  const teamId = uuidv7();
  const memberIds = members.map(() => uuidv7());
  await t.database.db.insertInto('teams').values({ id: teamId, village_id: villageId, name: `Tổ CNSCĐ ${villageId}`, formed_on: '2025-01-01' }).execute();
  for (const [i, m] of members.entries()) {
    const account = m.username
      ? await t.database.db.selectFrom('accounts').select('id').where('username', '=', m.username).executeTakeFirstOrThrow()
      : undefined;
    await t.database.db.insertInto('team_members').values({
      id: memberIds[i], team_id: teamId, full_name: m.fullName, account_id: account?.id ?? null, team_role: m.teamRole ?? 'member',
      affiliation: 'youth_union', joined_on: m.joinedOn ?? '2025-01-01', left_on: m.leftOn ?? null, left_reason: m.leftOn ? 'Chuyển công tác' : null,
    }).execute();
  }
  return { teamId, memberIds };
}

export async function setPerson(t: TestApp, id: string, values: { is_student?: boolean; status?: 'moved_out' | 'deceased'; phone?: string | null }) {
  await t.database.db.updateTable('people').set({ ...values, ...(values.status ? { status_date: '2025-02-01' } : {}) }).where('id', '=', id).execute();
}

export function action(personId: string, what: SupportActionInput['action'], outcome: SupportActionInput['outcome'] = 'done', extra: Partial<SupportActionInput> = {}): SupportActionInput {
  return { personId, action: what, outcome, ...extra };
}

export function event(householdId: string, actions: SupportActionInput[], extra: Partial<SupportEventInput> = {}): SupportEventInput {
  return { id: uuidv7(), householdId, eventDate: '2025-06-10', channel: 'visit', helperMemberIds: [], informed: true, correctsEventId: null, note: null, actions, ...extra };
}

export function mutation(kind: string, payload: unknown, id = uuidv7()) {
  return { id, kind, payload };
}

/** Tomorrow in Vietnam, whatever the machine's time zone. */
export function vietnamTomorrow(): string {
  return addDays(todayInVietnam(), 1);
}

export async function countRows(t: TestApp, table: 'support_events' | 'support_actions' | 'sync_mutations' | 'field_edits', where?: { column: string; in: string[] }) {
  let query = t.database.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n'));
  if (where) query = query.where(sql.ref(where.column), 'in', where.in);
  return (await query.executeTakeFirstOrThrow()).n;
}
