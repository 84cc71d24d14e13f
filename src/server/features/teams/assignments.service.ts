// Which team member looks after which household ("thành viên Tổ phụ trách"). An assignment
// is a dated row (history kept); the open one is mirrored on households.assigned_member_id.
// A bulk assignment is all or nothing: one household out of reach refuses the whole request.
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { AssignHouseholds, AssignmentListQuery } from '../../../shared/teams.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { inScope } from '../../http/scope.ts';
import { writeAudit } from '../audit/audit.record.ts';
import {
  activeTeamOfVillage, assignmentCounts, assignmentHouseholds, findMember, findVillage, memberWorkloads, openAssignmentsOf,
} from './teams.queries.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import { memberNotFound, notInFuture } from './teams.service.ts';
import { pageAnswer } from '../../http/pagination.ts';

const householdLabel = (h: { code: string | null; head_name: string | null }) =>
  [h.code ? `Hộ số ${h.code}` : 'Hộ chưa có số', h.head_name].filter(Boolean).join(' · ');

/** A village's households with who looks after each, the village's figures and its members' workloads. */
export async function listAssignments(db: Kysely<DB>, actor: Actor, villageId: number, query: AssignmentListQuery) {
  const village = await findVillage(db, actor.scope, villageId);
  if (!village) throw notFound('Không tìm thấy thôn hoặc thôn nằm ngoài phạm vi của bạn.');
  const team = await activeTeamOfVillage(db, village.id);
  const [{ rows, total }, counts, members] = await Promise.all([
    assignmentHouseholds(db, village.id, query),
    assignmentCounts(db, village.id),
    team ? memberWorkloads(db, team.id) : Promise.resolve([]),
  ]);
  const items = rows.map((h) => ({
    id: h.id, code: h.code, headName: h.head_name, address: h.address, hamletGroup: h.hamlet_group, phone: h.phone, memberCount: h.member_count,
    noCapableMember: h.no_capable_member,
    assignedMember: h.assigned_member_id ? { id: h.assigned_member_id, fullName: h.assigned_member_name ?? '', fromDate: h.assigned_from } : null,
    needsAssignment: h.no_capable_member && !h.assigned_member_id,
  }));
  if (items.length) {
    await writeAudit(db, actor, {
      action: query.q ? 'search' : 'list', entity: 'household', orgUnitId: village.id,
      detail: { purpose: 'assignment', ...query, results: total, ids: items.map((h) => h.id) },
    });
  }
  return {
    village: { id: village.id, name: village.name, communeName: village.commune_name },
    team: team ? { id: team.id, name: team.name } : null,
    counts: {
      households: counts.households, assigned: counts.assigned, unassigned: counts.unassigned,
      noCapableMember: counts.no_capable_member, needsAssignment: counts.needs_assignment,
    },
    members: members.map((m) => ({ id: m.id, fullName: m.full_name, teamRole: m.team_role, phone: m.phone, households: m.households, noCapableMember: m.no_capable_member })),
    ...pageAnswer(query, items, total),
  };
}

/**
 * Gives the chosen households to one active member (or takes them back, memberId null) from
 * a date: each open assignment is closed on that date and a new one opened, in the request's
 * transaction. Households already with that member are left as they are.
 */
export async function assignHouseholds(db: Kysely<DB>, actor: Actor, input: AssignHouseholds) {
  notInFuture('fromDate', 'Ngày phân công', input.fromDate);
  const ids = [...new Set(input.householdIds)];

  // The member first (and its team's row locked): membership cannot change under us.
  let member: { id: string; full_name: string; joined_on: string; village_id: number; village_name: string } | null = null;
  if (input.memberId) {
    const found = await findMember(db, actor.scope, input.memberId, { lock: true });
    if (!found) throw memberNotFound();
    const { member: m, team } = found;
    if (m.left_on || team.ended_on) {
      throw invalid('memberId', `${m.full_name} không còn là thành viên đang hoạt động của Tổ CNSCĐ ${team.village_name}.`);
    }
    if (input.fromDate < m.joined_on) {
      throw invalid('fromDate', `Ngày phân công không được trước ngày ${m.full_name} vào tổ (${viDate(m.joined_on)}).`);
    }
    member = { id: m.id, full_name: m.full_name, joined_on: m.joined_on, village_id: team.village_id, village_name: team.village_name };
  }

  const households = await db
    .selectFrom('households as h')
    .innerJoin('org_units as v', 'v.id', 'h.village_id')
    .leftJoin('people as head', 'head.id', 'h.head_person_id')
    .select(['h.id', 'h.code', 'h.village_id', 'h.dissolved_at', 'h.assigned_member_id', 'head.full_name as head_name', 'v.name as village_name'])
    .where('h.id', 'in', ids)
    .where(inScope(actor.scope, 'h.village_id'))
    .forUpdate('h')
    .execute();
  const byId = new Map(households.map((h) => [h.id, h]));
  // Input order: the message names the first household that cannot be assigned.
  for (const id of ids) {
    const h = byId.get(id);
    if (!h) throw notFound(`Không tìm thấy hộ có mã ${id}, hoặc hộ nằm ngoài phạm vi của bạn. Không hộ nào được phân công.`);
    if (h.dissolved_at) throw invalid('householdIds', `${householdLabel(h)} đã giải thể, không phân công được. Không hộ nào được phân công.`);
    if (member && h.village_id !== member.village_id) {
      throw invalid('householdIds', `${householdLabel(h)} thuộc ${h.village_name}, không cùng thôn với ${member.full_name} (${member.village_name}). Không hộ nào được phân công.`);
    }
  }

  const changed = households.filter((h) => h.assigned_member_id !== (member?.id ?? null));
  const open = await openAssignmentsOf(db, changed.map((h) => h.id));
  const openByHousehold = new Map(open.map((a) => [a.household_id, a]));
  for (const h of changed) {
    const current = openByHousehold.get(h.id);
    if (current && input.fromDate < current.from_date) {
      throw invalid('fromDate', `${householdLabel(h)} được phân công từ ngày ${viDate(current.from_date)}; ngày phân công mới phải từ ngày đó trở đi.`);
    }
  }

  if (changed.length) {
    const changedIds = changed.map((h) => h.id);
    await db.updateTable('household_assignments').set({ to_date: input.fromDate }).where('household_id', 'in', changedIds).where('to_date', 'is', null).execute();
    if (member) {
      await db.insertInto('household_assignments').values(changedIds.map((householdId) => ({
        id: uuidv7(), household_id: householdId, member_id: member.id, from_date: input.fromDate, assigned_by: actor.accountId,
      }))).execute();
    }
    await db.updateTable('households').set({ assigned_member_id: member?.id ?? null, updated_at: sql`now()` }).where('id', 'in', changedIds).execute();
    const previousNames = await memberNames(db, actor, changed.flatMap((h) => (h.assigned_member_id ? [h.assigned_member_id] : [])));
    for (const h of changed) {
      await writeAudit(db, actor, {
        action: 'update', entity: 'household', entityId: h.id, orgUnitId: h.village_id,
        before: { assignedMemberId: h.assigned_member_id, assignedMemberName: h.assigned_member_id ? previousNames.get(h.assigned_member_id) ?? null : null },
        after: { assignedMemberId: member?.id ?? null, assignedMemberName: member?.full_name ?? null },
        detail: { change: 'assignment', fromDate: input.fromDate },
      });
    }
  }
  return {
    assigned: member ? changed.length : 0,
    unassigned: member ? 0 : changed.length,
    unchanged: households.length - changed.length,
    member: member ? { id: member.id, fullName: member.full_name } : null,
  };
}

async function memberNames(db: Kysely<DB>, actor: Actor, ids: string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.selectFrom('team_members').select(['id', 'full_name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}
