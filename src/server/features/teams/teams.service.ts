// Rules of the Tổ CNSCĐ: one active team per village, formed and "kiện toàn" (re-formed) with
// its history kept, members who join, change role and leave (at most one active leader; a
// warning, not a refusal, outside 3–5 members), every change and every read of a member list
// written to the audit log in the same transaction.
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { ROLE_LABELS, type Role } from '../../../shared/roles.ts';
import { type LeaveTeam, type ReformTeam, TEAM_ROLE_LABELS, type TeamInput, type TeamListQuery, type TeamMemberInput, teamSizeWarning, type UpdateTeam, type UpdateTeamMember } from '../../../shared/teams.ts';
import { PhoneSchema } from '../../../shared/validation.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { conflict, invalid, notFound } from '../../http/app-error.ts';
import { inScope } from '../../http/scope.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import {
  type MemberRow, type TeamRow, activeLeader, activeTeamOfVillage, countActiveMembers, findMember, findTeam, findVillage,
  listVillageTeams, membersOfTeam, releaseMemberHouseholds, teamsOfVillage,
} from './teams.queries.ts';
import { pageAnswer } from '../../http/pagination.ts';

/** Roles whose accounts may be linked to a member: the volunteers' own phone accounts. */
export const MEMBER_ACCOUNT_ROLES: readonly Role[] = ['team_leader', 'team_member'];

export const teamNotFound = () => notFound('Không tìm thấy Tổ CNSCĐ hoặc tổ nằm ngoài phạm vi của bạn.');
export const memberNotFound = () => notFound('Không tìm thấy thành viên Tổ CNSCĐ hoặc thành viên nằm ngoài phạm vi của bạn.');
const villageNotFound = () => notFound('Không tìm thấy thôn hoặc thôn nằm ngoài phạm vi của bạn.');
const staleTeam = () => conflict('Tổ CNSCĐ vừa được người khác cập nhật. Tải lại trang để xem thông tin mới nhất rồi thử lại.');
const staleMember = () => conflict('Thông tin thành viên vừa được người khác cập nhật. Tải lại trang để xem thông tin mới nhất rồi thử lại.');

/** '2026-03-05' → '05/03/2026', as dates are written in messages. */

export function notInFuture(path: string, label: string, date: string): void {
  if (date > todayInVietnam()) throw invalid(path, `${label} không được ở tương lai.`);
}

function normalizePhone(value: string | null | undefined): string | null {
  if (value == null || value.trim() === '') return null;
  const parsed = PhoneSchema.safeParse(value);
  if (!parsed.success) throw invalid('phone', 'Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0.');
  return parsed.data;
}

export function presentTeam(row: TeamRow) {
  return {
    id: row.id, villageId: row.village_id, villageName: row.village_name, communeName: row.commune_name, name: row.name,
    decisionNumber: row.decision_number, decisionDate: row.decision_date, formedOn: row.formed_on, endedOn: row.ended_on,
    note: row.note, version: row.version, active: row.ended_on === null,
  };
}

export function presentMember(m: MemberRow) {
  return {
    id: m.id, teamId: m.team_id, fullName: m.full_name, personId: m.person_id, accountId: m.account_id, accountUsername: m.account_username,
    phone: m.phone, teamRole: m.team_role, affiliation: m.affiliation, joinedOn: m.joined_on, leftOn: m.left_on, leftReason: m.left_reason,
    active: m.left_on === null, households: m.households, version: m.version,
  };
}

/** What an audit row keeps of a member: the facts, not the derived counts. */
function memberSnapshot(m: MemberRow) {
  const { households: _households, accountUsername: _username, ...rest } = presentMember(m);
  return rest;
}

function teamSnapshot(t: TeamRow) {
  const { villageName: _v, communeName: _c, ...rest } = presentTeam(t);
  return rest;
}

/** Warnings shown with a team (never refusals): its size against the plan's 3–5, no leader. */
export function teamWarnings(active: boolean, activeMembers: number, hasLeader: boolean): string[] {
  if (!active) return [];
  const warnings: string[] = [];
  const size = teamSizeWarning(activeMembers);
  if (size) warnings.push(size);
  if (activeMembers > 0 && !hasLeader) warnings.push('Tổ chưa có tổ trưởng.');
  return warnings;
}

async function warningsOf(db: Kysely<DB>, team: { id: string; ended_on: string | null }) {
  const [count, leader] = await Promise.all([countActiveMembers(db, team.id), activeLeader(db, team.id)]);
  return { activeMembers: count, warnings: teamWarnings(team.ended_on === null, count, Boolean(leader)) };
}

// ---- Reads

export async function listTeams(db: Kysely<DB>, actor: Actor, query: TeamListQuery) {
  let underPath: string | null = null;
  if (query.orgUnitId) {
    const unit = await db.selectFrom('org_units').select('path').where('id', '=', query.orgUnitId).where(inScope(actor.scope, 'id')).executeTakeFirst();
    if (!unit) throw notFound('Không tìm thấy đơn vị hoặc đơn vị nằm ngoài phạm vi của bạn.');
    underPath = unit.path;
  }
  const { rows, total, summary } = await listVillageTeams(db, actor.scope, query, underPath);
  const items = rows.map((r) => ({
    villageId: r.village_id, villageName: r.village_name, communeId: r.commune_id, communeName: r.commune_name,
    team: r.team_id
      ? {
          id: r.team_id, name: r.team_name!, decisionNumber: r.decision_number, decisionDate: r.decision_date, formedOn: r.formed_on!,
          activeMembers: r.active_members, sizeWarning: teamSizeWarning(r.active_members),
          leader: r.leader_id ? { id: r.leader_id, fullName: r.leader_name!, phone: r.leader_phone } : null,
        }
      : null,
    households: r.households, unassigned: r.unassigned, needsAssignment: r.needs_assignment,
  }));
  // The list names each team's leader with a phone number: who saw it is kept.
  const teamIds = items.flatMap((i) => (i.team ? [i.team.id] : []));
  if (teamIds.length) {
    await writeAudit(db, actor, { action: 'list', entity: 'team', orgUnitId: query.orgUnitId ?? actor.orgUnitId, detail: { ...query, results: total, ids: teamIds } });
  }
  return {
    ...pageAnswer(query, items, total),
    summary: {
      villages: summary.villages, withTeam: summary.with_team, withoutTeam: summary.villages - summary.with_team, sizeWarnings: summary.size_warnings,
      needsAssignment: summary.needs_assignment, villagesNeedingAssignment: summary.villages_needing, activeMembers: summary.active_members,
    },
  };
}

export async function villageTeams(db: Kysely<DB>, actor: Actor, villageId: number) {
  const village = await findVillage(db, actor.scope, villageId);
  if (!village) throw villageNotFound();
  const teams = await teamsOfVillage(db, village.id);
  return {
    village: { id: village.id, name: village.name, communeId: village.commune_id, communeName: village.commune_name },
    activeTeamId: teams.find((t) => t.ended_on === null)?.id ?? null,
    teams: teams.map((t) => ({
      id: t.id, name: t.name, decisionNumber: t.decision_number, decisionDate: t.decision_date, formedOn: t.formed_on, endedOn: t.ended_on,
      active: t.ended_on === null, members: t.members, activeMembers: t.active_members,
    })),
  };
}

export async function teamDetail(db: Kysely<DB>, actor: Actor, id: string) {
  const team = await findTeam(db, actor.scope, id);
  if (!team) throw teamNotFound();
  const [members, history] = await Promise.all([membersOfTeam(db, id), teamsOfVillage(db, team.village_id)]);
  const active = members.filter((m) => m.left_on === null);
  // Names and phone numbers of volunteers are personal data: the read is kept.
  await writeAudit(db, actor, { action: 'read', entity: 'team', entityId: id, orgUnitId: team.village_id, detail: { members: members.length } });
  return {
    team: presentTeam(team),
    members: members.map(presentMember),
    activeMembers: active.length,
    warnings: teamWarnings(team.ended_on === null, active.length, active.some((m) => m.team_role === 'leader')),
    history: history.map((t) => ({
      id: t.id, name: t.name, decisionNumber: t.decision_number, decisionDate: t.decision_date, formedOn: t.formed_on, endedOn: t.ended_on,
      active: t.ended_on === null, members: t.members, activeMembers: t.active_members,
    })),
  };
}

/** Accounts of the team's village that may be linked to a member, and whether one already is. */
export async function accountCandidates(db: Kysely<DB>, actor: Actor, teamId: string) {
  const team = await findTeam(db, actor.scope, teamId);
  if (!team) throw teamNotFound();
  const rows = await db
    .selectFrom('accounts as a')
    .leftJoin('team_members as m', (join) => join.onRef('m.account_id', '=', 'a.id').on('m.left_on', 'is', null))
    .select(['a.id', 'a.username', 'a.full_name', 'a.phone', 'a.role', 'm.id as member_id', 'm.team_id as member_team_id'])
    .where('a.org_unit_id', '=', team.village_id)
    .where('a.role', 'in', [...MEMBER_ACCOUNT_ROLES])
    .where('a.disabled_at', 'is', null)
    .orderBy('a.full_name')
    .execute();
  // Names and phone numbers of the village's volunteer accounts: the read is kept.
  if (rows.length) {
    await writeAudit(db, actor, { action: 'list', entity: 'account', orgUnitId: team.village_id, detail: { purpose: 'team_member_link', teamId, ids: rows.map((a) => a.id) } });
  }
  return {
    items: rows.map((a) => ({
      id: a.id, username: a.username, fullName: a.full_name, phone: a.phone, role: a.role, roleLabel: ROLE_LABELS[a.role as Role],
      linkedMemberId: a.member_id, linkedToThisTeam: a.member_team_id === teamId,
    })),
  };
}

// ---- Teams

export async function formTeam(db: Kysely<DB>, actor: Actor, input: TeamInput) {
  // Locking the village makes two officers forming its team at once take turns.
  const village = await findVillage(db, actor.scope, input.villageId, { lock: true });
  if (!village) throw villageNotFound();
  notInFuture('formedOn', 'Ngày thành lập', input.formedOn);
  const active = await activeTeamOfVillage(db, village.id);
  if (active) throw conflict('Thôn đã có Tổ CNSCĐ, hãy kiện toàn tổ.', { teamId: active.id });
  const last = await db.selectFrom('teams').select(sql<string | null>`max(ended_on)`.as('ended_on')).where('village_id', '=', village.id).executeTakeFirst();
  if (last?.ended_on && input.formedOn < last.ended_on) {
    throw invalid('formedOn', `Ngày thành lập phải từ ngày ${viDate(last.ended_on)} (ngày tổ trước của thôn kết thúc).`);
  }
  const id = uuidv7();
  await db.insertInto('teams').values({
    id, village_id: village.id, name: input.name, decision_number: input.decisionNumber ?? null, decision_date: input.decisionDate ?? null,
    formed_on: input.formedOn, note: input.note ?? null,
  }).execute();
  const team = (await findTeam(db, actor.scope, id))!;
  await writeAudit(db, actor, { action: 'create', entity: 'team', entityId: id, orgUnitId: village.id, after: teamSnapshot(team) });
  return { team: presentTeam(team), activeMembers: 0, warnings: teamWarnings(true, 0, false) };
}

export async function updateTeam(db: Kysely<DB>, actor: Actor, id: string, input: UpdateTeam) {
  const before = await findTeam(db, actor.scope, id, { lock: true });
  if (!before) throw teamNotFound();
  if (before.version !== input.version) throw staleTeam();
  await db.updateTable('teams').set({
    name: input.name ?? before.name,
    decision_number: input.decisionNumber === undefined ? before.decision_number : input.decisionNumber,
    decision_date: input.decisionDate === undefined ? before.decision_date : input.decisionDate,
    note: input.note === undefined ? before.note : input.note,
    version: sql`version + 1`, updated_at: sql`now()`,
  }).where('id', '=', id).execute();
  const after = (await findTeam(db, actor.scope, id))!;
  await writeAudit(db, actor, { action: 'update', entity: 'team', entityId: id, orgUnitId: before.village_id, before: teamSnapshot(before), after: teamSnapshot(after) });
  return { team: presentTeam(after), ...(await warningsOf(db, after)) };
}

/**
 * "Kiện toàn": the team ends on `endedOn` with all its active members (their rows stay as
 * history), a new team is formed on `formedOn`, and the chosen members join it with the same
 * role, affiliation, account and households; the others' households go back to unassigned.
 */
export async function reformTeam(db: Kysely<DB>, actor: Actor, id: string, input: ReformTeam) {
  const old = await findTeam(db, actor.scope, id, { lock: true });
  if (!old) throw teamNotFound();
  if (old.ended_on) throw conflict('Tổ này đã kết thúc. Hãy kiện toàn tổ đang hoạt động của thôn.');
  if (old.version !== input.version) throw staleTeam();
  notInFuture('endedOn', 'Ngày kết thúc tổ cũ', input.endedOn);
  notInFuture('formedOn', 'Ngày thành lập tổ mới', input.formedOn);
  if (input.endedOn < old.formed_on) throw invalid('endedOn', `Ngày kết thúc tổ cũ không được trước ngày tổ được thành lập (${viDate(old.formed_on)}).`);
  if (input.formedOn < input.endedOn) throw invalid('formedOn', 'Ngày thành lập tổ mới không được trước ngày kết thúc tổ cũ.');

  const members = (await membersOfTeam(db, id)).filter((m) => m.left_on === null);
  const carry = new Set(input.carryOverMemberIds);
  const activeIds = new Set(members.map((m) => m.id));
  for (const memberId of carry) {
    if (!activeIds.has(memberId)) throw invalid('carryOverMemberIds', 'Chỉ giữ lại được thành viên đang hoạt động của tổ này.');
  }
  for (const m of members) {
    if (m.joined_on > input.endedOn) {
      throw invalid('endedOn', `Ngày kết thúc tổ cũ không được trước ngày ${m.full_name} vào tổ (${viDate(m.joined_on)}).`);
    }
  }

  await db.updateTable('teams').set({ ended_on: input.endedOn, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', id).execute();
  const newId = uuidv7();
  await db.insertInto('teams').values({
    id: newId, village_id: old.village_id, name: input.name ?? old.name, decision_number: input.decisionNumber ?? null,
    decision_date: input.decisionDate ?? null, formed_on: input.formedOn, note: input.note ?? null,
  }).execute();

  let released = 0;
  for (const m of members) {
    const carried = carry.has(m.id);
    // The old row closes first: an account is an active member of one team at a time.
    await db.updateTable('team_members').set({
      left_on: input.endedOn, left_reason: carried ? 'Kiện toàn tổ: tiếp tục ở tổ mới' : 'Kiện toàn tổ: không tiếp tục',
      version: sql`version + 1`, updated_at: sql`now()`,
    }).where('id', '=', m.id).execute();
    const households = await releaseMemberHouseholds(db, m.id, input.endedOn);
    const after = (await membersOfTeam(db, id)).find((x) => x.id === m.id)!;
    await writeAudit(db, actor, {
      action: 'update', entity: 'team_member', entityId: m.id, orgUnitId: old.village_id, before: memberSnapshot(m), after: memberSnapshot(after),
      detail: { change: 'reform', newTeamId: newId, carriedOver: carried, releasedHouseholds: households.length },
    });
    if (!carried) {
      released += households.length;
      continue;
    }
    const newMemberId = uuidv7();
    await db.insertInto('team_members').values({
      id: newMemberId, team_id: newId, full_name: m.full_name, person_id: m.person_id, account_id: m.account_id, phone: m.phone,
      team_role: m.team_role, affiliation: m.affiliation, joined_on: input.formedOn,
    }).execute();
    // The households the member looked after stay theirs, now under the new membership.
    if (households.length) {
      await db.insertInto('household_assignments').values(households.map((householdId) => ({
        id: uuidv7(), household_id: householdId, member_id: newMemberId, from_date: input.formedOn, assigned_by: actor.accountId,
      }))).execute();
      await db.updateTable('households').set({ assigned_member_id: newMemberId, updated_at: sql`now()` }).where('id', 'in', households).execute();
    }
    const created = (await membersOfTeam(db, newId)).find((x) => x.id === newMemberId)!;
    await writeAudit(db, actor, {
      action: 'create', entity: 'team_member', entityId: newMemberId, orgUnitId: old.village_id, after: memberSnapshot(created),
      detail: { change: 'reform', previousMemberId: m.id, households: households.length },
    });
  }

  const ended = (await findTeam(db, actor.scope, id))!;
  const formed = (await findTeam(db, actor.scope, newId))!;
  await writeAudit(db, actor, {
    action: 'update', entity: 'team', entityId: id, orgUnitId: old.village_id, before: teamSnapshot(old), after: teamSnapshot(ended),
    detail: { change: 'reform', newTeamId: newId },
  });
  await writeAudit(db, actor, {
    action: 'create', entity: 'team', entityId: newId, orgUnitId: old.village_id, after: teamSnapshot(formed),
    detail: { change: 'reform', previousTeamId: id, carriedOver: carry.size },
  });
  return { team: presentTeam(formed), previousTeamId: id, carriedOver: carry.size, releasedHouseholds: released, ...(await warningsOf(db, formed)) };
}

// ---- Members

async function refuseSecondLeader(db: Kysely<DB>, teamId: string, exceptMemberId?: string) {
  const leader = await activeLeader(db, teamId);
  if (leader && leader.id !== exceptMemberId) {
    throw conflict(`Tổ đã có tổ trưởng (${leader.full_name}). Mỗi tổ chỉ có một tổ trưởng: đổi vai trò của ${leader.full_name} trước.`, { leaderId: leader.id });
  }
}

export async function addMember(db: Kysely<DB>, actor: Actor, teamId: string, input: TeamMemberInput) {
  const team = await findTeam(db, actor.scope, teamId, { lock: true });
  if (!team) throw teamNotFound();
  if (team.ended_on) throw conflict('Tổ này đã kết thúc, không thêm được thành viên. Hãy thêm vào tổ đang hoạt động của thôn.');
  notInFuture('joinedOn', 'Ngày vào tổ', input.joinedOn);
  if (input.joinedOn < team.formed_on) throw invalid('joinedOn', `Ngày vào tổ không được trước ngày tổ được thành lập (${viDate(team.formed_on)}).`);
  if (input.teamRole === 'leader') await refuseSecondLeader(db, teamId);
  let phone = normalizePhone(input.phone);

  if (input.personId) {
    const person = await db.selectFrom('people').select(['id', 'phone', 'status', 'village_id']).where('id', '=', input.personId).executeTakeFirst();
    if (!person || person.village_id !== team.village_id || person.status !== 'resident') {
      throw invalid('personId', `Nhân khẩu được liên kết phải đang cư trú tại ${team.village_name}.`);
    }
    const already = await db.selectFrom('team_members').select('id').where('person_id', '=', person.id).where('left_on', 'is', null).executeTakeFirst();
    if (already) throw conflict('Người này đang là thành viên của Tổ CNSCĐ.', { memberId: already.id });
    phone ??= person.phone;
  }
  if (input.accountId) {
    const account = await db.selectFrom('accounts').select(['id', 'phone', 'role', 'org_unit_id', 'disabled_at']).where('id', '=', input.accountId).executeTakeFirst();
    if (!account || account.org_unit_id !== team.village_id || !MEMBER_ACCOUNT_ROLES.includes(account.role as Role) || account.disabled_at) {
      throw invalid('accountId', `Tài khoản liên kết phải là tài khoản Tổ trưởng hoặc Thành viên Tổ CNSCĐ đang hoạt động của ${team.village_name}.`);
    }
    const already = await db.selectFrom('team_members').select('id').where('account_id', '=', account.id).where('left_on', 'is', null).executeTakeFirst();
    if (already) throw conflict('Tài khoản này đã gắn với một thành viên đang hoạt động của Tổ CNSCĐ.', { memberId: already.id });
    phone ??= account.phone;
  }

  const id = uuidv7();
  await db.insertInto('team_members').values({
    id, team_id: teamId, full_name: input.fullName, person_id: input.personId ?? null, account_id: input.accountId ?? null, phone,
    team_role: input.teamRole, affiliation: input.affiliation, joined_on: input.joinedOn,
  }).execute();
  const member = (await findMember(db, actor.scope, id))!.member;
  await writeAudit(db, actor, { action: 'create', entity: 'team_member', entityId: id, orgUnitId: team.village_id, after: memberSnapshot(member), detail: { teamId } });
  return { member: presentMember(member), ...(await warningsOf(db, team)) };
}

export async function updateMember(db: Kysely<DB>, actor: Actor, memberId: string, input: UpdateTeamMember) {
  const found = await findMember(db, actor.scope, memberId, { lock: true });
  if (!found) throw memberNotFound();
  const { member: before, team } = found;
  if (before.version !== input.version) throw staleMember();
  if (before.left_on) throw conflict(`${before.full_name} đã rời tổ ngày ${viDate(before.left_on)}; không sửa được vai trò.`);
  if (input.teamRole === 'leader' && before.team_role !== 'leader') await refuseSecondLeader(db, team.id, memberId);
  await db.updateTable('team_members').set({
    team_role: input.teamRole ?? before.team_role,
    affiliation: input.affiliation ?? before.affiliation,
    phone: input.phone === undefined ? before.phone : normalizePhone(input.phone),
    version: sql`version + 1`, updated_at: sql`now()`,
  }).where('id', '=', memberId).execute();
  const after = (await findMember(db, actor.scope, memberId))!.member;
  await writeAudit(db, actor, {
    action: 'update', entity: 'team_member', entityId: memberId, orgUnitId: team.village_id, before: memberSnapshot(before), after: memberSnapshot(after),
    detail: before.team_role !== after.team_role ? { change: 'role', from: TEAM_ROLE_LABELS[before.team_role], to: TEAM_ROLE_LABELS[after.team_role] } : undefined,
  });
  return { member: presentMember(after), ...(await warningsOf(db, team)) };
}

/** A member leaves: the row is closed (kept as history) and their households become unassigned. */
export async function leaveTeam(db: Kysely<DB>, actor: Actor, memberId: string, input: LeaveTeam) {
  const found = await findMember(db, actor.scope, memberId, { lock: true });
  if (!found) throw memberNotFound();
  const { member: before, team } = found;
  if (before.version !== input.version) throw staleMember();
  if (before.left_on) throw conflict(`${before.full_name} đã rời tổ ngày ${viDate(before.left_on)}.`);
  notInFuture('leftOn', 'Ngày rời tổ', input.leftOn);
  if (input.leftOn < before.joined_on) throw invalid('leftOn', `Ngày rời tổ không được trước ngày vào tổ (${viDate(before.joined_on)}).`);
  await db.updateTable('team_members').set({
    left_on: input.leftOn, left_reason: input.reason, version: sql`version + 1`, updated_at: sql`now()`,
  }).where('id', '=', memberId).execute();
  const households = await releaseMemberHouseholds(db, memberId, input.leftOn);
  const after = (await findMember(db, actor.scope, memberId))!.member;
  await writeAudit(db, actor, {
    action: 'update', entity: 'team_member', entityId: memberId, orgUnitId: team.village_id, before: memberSnapshot(before), after: memberSnapshot(after),
    detail: { change: 'leave', releasedHouseholds: households },
  });
  return { member: presentMember(after), releasedHouseholds: households.length, ...(await warningsOf(db, team)) };
}
