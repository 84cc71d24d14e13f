// The demo commune's year as lived by its Tổ CNSCĐ up to the day before the demo's "today"
// (demo-year.ts): a team per village (one re-formed in July, one down to two members, one
// grown to six), households assigned to members, and support events from 5 January, so
// statuses, indicators and the field app look like a real commune at that point of the year.
// Written in the seed's transaction.
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DB } from '../server/db/schema.ts';
import { hashPassword } from '../server/features/accounts/passwords.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoVillages, seedDemoAccounts } from './demo-accounts.ts';
import type { DemoYear } from './demo-year.ts';
import { insertHistories, readHistoryVillages, refreshVillageStatuses } from './population/history-db.ts';
import { generateVillageHistory, type VillageHistory, type VillageHistoryPlan } from './population/support-history.ts';

/**
 * How well each village's team works (1 = the commune's average): the figures differ as in
 * a real commune — the centre and the Kinh villages ahead of the 70 % basic-skills target,
 * the Dao and Mông villages up the mountain behind it. Unknown names get 1.
 */
const ACTIVITY: Record<string, number> = {
  'Thôn Bản Bó': 1.45, 'Thôn Nà Pồng': 1.2, 'Thôn Nà Sát': 1.05, 'Thôn Bản Khiếu': 0.95, 'Thôn Nà Thác': 1.25,
  'Thôn Bản Tàn': 0.7, 'Thôn Phiêng Lang': 0.9, 'Thôn Làng Mới': 1.25, 'Thôn Tân Sơn': 1.1, 'Thôn Ngọc Hà': 1.6,
  'Thôn Trung Tâm': 1.6, 'Thôn Khuổi Vài': 0.75, 'Thôn Khuổi Luông': 0.65, 'Thôn Pác Sáp': 0.9, 'Thôn Lũng Càng': 0.55,
  'Thôn Cốc Chủ': 1.0,
};
/** The team down to two members (one left in August) and the one grown to six (March). */
const SHRUNK = 'Thôn Bản Tàn';
const GROWN = 'Thôn Ngọc Hà';
/** no_capable_member households not yet given a member ("cần phân công"), by village. */
const UNASSIGNED: Record<string, number> = { 'Thôn Lũng Càng': 4, 'Thôn Khuổi Luông': 2, 'Thôn Bản Tàn': 3 };

/** The volunteers' demo accounts are members of the first village's team (by name, as in demo-accounts). */
const LEADER = DEMO_ACCOUNTS.find((a) => a.username === 'totruong1')!;
const MEMBER = DEMO_ACCOUNTS.find((a) => a.username === 'tovien1')!;

/** Username of the team leader's account of the n-th village (0-based, by name): totruong1 … totruong16. */
export const demoLeaderUsername = (villageIndex: number) => `totruong${villageIndex + 1}`;

export interface HistoryResult {
  teams: number;
  members: number;
  events: number;
  actions: number;
}

async function accountIds(db: Kysely<DB>, usernames: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('accounts').select(['id', 'username']).where(sql<string>`lower(username)`, 'in', usernames).execute();
  return new Map(rows.map((r) => [r.username.toLowerCase(), r.id]));
}

/** Seeds teams and the year's support for the demo commune's villages (ordered by name). */
export async function seedDemoHistory(db: Kysely<DB>, year: DemoYear): Promise<HistoryResult> {
  await seedDemoAccounts(db);
  const villages = await demoVillages(db);
  const known = await accountIds(db, ['totruong1', 'tovien1', 'hcc', 'vhxh', 'truongthon1', 'truongthon2', ...villages.map((_, i) => demoLeaderUsername(i))]);
  const takenPhones = new Set((await db.selectFrom('accounts').select('phone').where('phone', 'is not', null).execute()).map((r) => r.phone));
  const residents = await readHistoryVillages(db, villages.map((v) => v.id));

  let passwordHash: string | undefined;
  const newAccounts: Array<{ id: string; username: string; full_name: string; phone: string | null; org_unit_id: number }> = [];
  const histories: VillageHistory[] = [];
  for (const [index, village] of residents.entries()) {
    const leaderUsername = demoLeaderUsername(index);
    const plan: VillageHistoryPlan = {
      key: `bach-ngoc/${village.name}`,
      village,
      // The commune re-formed every village's team at the start of the year, one decision each.
      decision: { number: `${12 + index}/QĐ-UBND`, date: year.decisionDates[index < 6 ? 0 : index < 11 ? 1 : 2] },
      shape: index === 1 ? 'reformed' : village.name === SHRUNK ? 'shrunk' : village.name === GROWN ? 'grown' : 'steady',
      changeOn: village.name === SHRUNK ? year.shrunkOn : year.grownOn,
      reform: index === 1 ? { on: year.reformedOn, decisionNumber: '112/QĐ-UBND' } : undefined,
      start: year.start,
      end: year.end,
      spanEnd: year.spanEnd,
      visitScale: year.visitScale,
      activity: ACTIVITY[village.name] ?? 1,
      unassignedNoCapable: index === 0 ? 1 : (UNASSIGNED[village.name] ?? 0),
      named: index === 0
        ? { leader: { fullName: LEADER.fullName, sex: 'female' }, member: { fullName: MEMBER.fullName, sex: 'male', phone: MEMBER.phone } }
        : undefined,
      accountFor: (member) => {
        if (index === 0 && member.fullName === MEMBER.fullName) return known.get('tovien1') ?? null;
        if (member.teamRole !== 'leader') return null;
        const existing = known.get(leaderUsername);
        if (existing) return existing;
        const phone = member.phone && !takenPhones.has(member.phone) ? member.phone : null;
        if (phone) takenPhones.add(phone);
        const account = { id: uuidv7(), username: leaderUsername, full_name: member.fullName, phone, org_unit_id: village.id };
        newAccounts.push(account);
        known.set(leaderUsername, account.id);
        return account.id;
      },
      assignedBy: known.get(index === 0 ? 'truongthon1' : index === 1 ? 'truongthon2' : 'vhxh') ?? null,
      deskAccountId: known.get('hcc') ?? null,
    };
    histories.push(generateVillageHistory(plan));
  }

  if (newAccounts.length) {
    passwordHash ??= await hashPassword(DEMO_PASSWORD);
    await db.insertInto('accounts').values(newAccounts.map((a) => ({ ...a, role: 'team_leader', password_hash: passwordHash! }))).execute();
  }
  await insertHistories(db, histories);
  // Statistics first: without them the status functions plan for empty tables and take
  // seconds instead of a fraction of one.
  await sql`ANALYZE support_events, support_actions`.execute(db);
  await refreshVillageStatuses(db, villages.map((v) => v.id));
  return {
    teams: histories.reduce((n, h) => n + h.teams.length, 0),
    members: histories.reduce((n, h) => n + h.members.length, 0),
    events: histories.reduce((n, h) => n + h.events.length, 0),
    actions: histories.reduce((n, h) => n + h.actions.length, 0),
  };
}

/** True when the demo villages have no team yet (a data folder seeded before teams existed). */
export async function demoHistoryMissing(db: Kysely<DB>): Promise<boolean> {
  const villages = await demoVillages(db);
  if (villages.length === 0) return false;
  const team = await db.selectFrom('teams').select('id').where('village_id', 'in', villages.map((v) => v.id)).executeTakeFirst();
  return team === undefined;
}
