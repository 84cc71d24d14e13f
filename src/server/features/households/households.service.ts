// Households: scoped list and detail, creation together with the head person, and edits
// checked against the version the officer saw.
import type { FastifyRequest } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { CreateHousehold } from '../../../shared/households.ts';
import type { DB } from '../../db/schema.ts';
import { requireAuth } from '../../http/access.ts';
import { invalid, notFound } from '../../http/app-error.ts';
import { type Scope, inScope } from '../../http/scope.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { assertCccdProbeBudget } from '../audit/cccd-probes.ts';
import { emptyStatus, statusOfPeople } from '../support/support.queries.ts';
import { type FieldChange, recordDeskEdits } from '../people/contact-edits.ts';
import { findPerson, insertPersonWithResidence, newPersonRow, peopleInScope, presentPersonSummary, requireUpdated, staleVersion } from '../people/people.service.ts';
import { householdTextMatch } from './household-search.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';

const memberCount = sql<number>`(SELECT count(*)::int FROM people m WHERE m.household_id = h.id AND m.status = 'resident')`;

function householdsInScope(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('households as h')
    .innerJoin('org_units as v', 'v.id', 'h.village_id')
    .leftJoin('people as head', 'head.id', 'h.head_person_id')
    .where(inScope(scope, 'h.village_id'));
}

const COLUMNS = [
  'h.id', 'h.code', 'h.address', 'h.hamlet_group', 'h.phone', 'h.village_id', 'h.head_person_id', 'h.no_capable_member',
  'h.dissolved_at', 'h.note', 'h.version', 'v.name as village_name', 'v.parent_id as commune_id', 'head.full_name as head_name',
] as const;

type HouseholdRow = {
  id: string; code: string | null; address: string; hamlet_group: string | null; phone: string | null; village_id: number;
  head_person_id: string | null; no_capable_member: boolean; dissolved_at: string | null; note: string | null; version: number;
  village_name: string; commune_id: number | null; head_name: string | null; member_count: number;
};

function present(row: HouseholdRow) {
  return {
    id: row.id, code: row.code, address: row.address, hamletGroup: row.hamlet_group, phone: row.phone,
    villageId: row.village_id, villageName: row.village_name, headPersonId: row.head_person_id, headName: row.head_name,
    memberCount: row.member_count, noCapableMember: row.no_capable_member, dissolvedAt: row.dissolved_at, note: row.note, version: row.version,
  };
}

export async function listHouseholds(db: Kysely<DB>, scope: Scope, query: { villageId?: number; q?: string; page: number; pageSize: number }) {
  let base = householdsInScope(db, scope);
  if (query.villageId) base = base.where('h.village_id', '=', query.villageId);
  if (query.q) base = base.where(householdTextMatch(query.q));
  const [rows, total] = await Promise.all([
    base.select([...COLUMNS, memberCount.as('member_count')])
      // Household numbers are often numeric text: "2" before "10".
      .orderBy('v.name').orderBy(sql`length(h.code)`).orderBy('h.code').orderBy('h.id')
      .limit(pageWindow(query).limit).offset(pageWindow(query).offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return pageAnswer(query, (rows as HouseholdRow[]).map(present), total.n);
}

export async function findHousehold(db: Kysely<DB>, scope: Scope, id: string) {
  const row = await householdsInScope(db, scope).select([...COLUMNS, memberCount.as('member_count')]).where('h.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Không tìm thấy hộ gia đình hoặc bạn không có quyền xem.');
  return row as HouseholdRow;
}

export async function householdDetail(request: FastifyRequest, id: string) {
  const auth = requireAuth(request);
  const row = await findHousehold(request.db, auth.scope, id);
  const [commune, members, formerMembers] = await Promise.all([
    row.commune_id ? request.db.selectFrom('org_units').select('name').where('id', '=', row.commune_id).executeTakeFirst() : undefined,
    peopleInScope(request.db, auth.scope).selectAll('p').select(['h.code as household_code', 'v.name as village_name'])
      .where('p.household_id', '=', id).orderBy(sql`p.relation_to_head = 'head'`, 'desc').orderBy('p.birth_year').execute(),
    // People who lived here before (moved to another household, moved out, died): history is kept.
    request.db.selectFrom('residences as r').innerJoin('people as p', 'p.id', 'r.person_id')
      .select(['p.id', 'p.full_name', 'r.from_date', 'r.to_date', 'r.end_reason'])
      .where('r.household_id', '=', id).where('r.to_date', 'is not', null).orderBy('r.to_date', 'desc').execute(),
  ]);
  const residents = members.filter((m) => m.status === 'resident');
  const [support, statuses] = await Promise.all([
    request.db.selectFrom('households as h')
      .leftJoin('household_digital_status as s', 's.household_id', 'h.id')
      .leftJoin('team_members as m', 'm.id', 'h.assigned_member_id')
      .select(['s.informed_on', 's.last_visit_on', 'h.assigned_member_id', 'm.full_name as assigned_member_name'])
      .where('h.id', '=', id).executeTakeFirstOrThrow(),
    statusOfPeople(request.db, residents.map((m) => m.id)),
  ]);
  await recordAudit(request, { action: 'read', entity: 'household', entityId: id, orgUnitId: row.village_id });
  return {
    ...present(row),
    communeName: commune?.name ?? null,
    informedOn: support.informed_on,
    lastVisitOn: support.last_visit_on,
    assignedMemberId: support.assigned_member_id,
    assignedMemberName: support.assigned_member_name,
    members: residents.map((m) => {
      const status = statuses.get(m.id);
      return { ...presentPersonSummary(m), digitalStatus: status?.digital ?? emptyStatus(), lastVisitOn: status?.lastVisitOn ?? null, lastReason: status?.lastReason ?? null };
    }),
    formerMembers: formerMembers.map((m) => ({ personId: m.id, fullName: m.full_name, fromDate: m.from_date, toDate: m.to_date, endReason: m.end_reason })),
  };
}

export async function createHousehold(request: FastifyRequest, input: CreateHousehold) {
  const auth = requireAuth(request);
  const village = await request.db
    .selectFrom('org_units').select(['id', 'level']).where('id', '=', input.villageId).where(inScope(auth.scope, 'id')).executeTakeFirst();
  if (!village || village.level !== 'village') throw invalid('villageId', 'Thôn không tồn tại hoặc ngoài phạm vi của bạn.');
  if (input.head.cccd) await assertCccdProbeBudget(request.db, auth);
  const householdId = input.id ?? uuidv7();
  const headId = uuidv7();
  const head = newPersonRow(headId, { id: householdId, villageId: village.id }, { ...input.head, relationToHead: 'head' });
  await request.db
    .insertInto('households')
    .values({
      id: householdId, village_id: village.id, code: input.code ?? null, address: input.address, hamlet_group: input.hamletGroup ?? null,
      phone: input.phone ?? null, head_person_id: headId, no_capable_member: input.noCapableMember, note: input.note ?? null,
    })
    .execute();
  await insertPersonWithResidence(request.db, head, { villageId: village.id, fromDate: todayInVietnam(), reason: 'registry' });
  const created = await findHousehold(request.db, auth.scope, householdId);
  await recordAudit(request, { action: 'create', entity: 'household', entityId: householdId, orgUnitId: village.id, after: present(created) });
  return present(created);
}

export async function updateHousehold(
  request: FastifyRequest,
  id: string,
  input: { version: number; code?: string | null; address?: string; hamletGroup?: string | null; phone?: string | null; noCapableMember?: boolean; note?: string | null; headPersonId?: string },
) {
  const auth = requireAuth(request);
  const before = await findHousehold(request.db, auth.scope, id);
  if (before.version !== input.version) throw staleVersion();
  if (input.headPersonId && input.headPersonId !== before.head_person_id) {
    const newHead = await findPerson(request.db, auth.scope, input.headPersonId).catch(() => undefined);
    if (!newHead || newHead.household_id !== id || newHead.status !== 'resident') {
      throw invalid('headPersonId', 'Chủ hộ mới phải là nhân khẩu đang cư trú trong hộ này.');
    }
    // The former head stays in the household with a relation the officer can correct later.
    if (before.head_person_id) {
      await request.db.updateTable('people').set({ relation_to_head: 'other', version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', before.head_person_id).where('household_id', '=', id).execute();
    }
    await request.db.updateTable('people').set({ relation_to_head: 'head', version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', input.headPersonId).execute();
  }
  const result = await request.db
    .updateTable('households')
    .set({
      code: input.code === undefined ? before.code : input.code,
      address: input.address ?? before.address,
      hamlet_group: input.hamletGroup === undefined ? before.hamlet_group : input.hamletGroup,
      phone: input.phone === undefined ? before.phone : input.phone,
      no_capable_member: input.noCapableMember ?? before.no_capable_member,
      note: input.note === undefined ? before.note : input.note,
      head_person_id: input.headPersonId ?? before.head_person_id,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', input.version)
    .executeTakeFirst();
  requireUpdated(result);
  const after = await findHousehold(request.db, auth.scope, id);
  // Also edited from phones: the desk's change is an edit made now (README, offline sync).
  const contactEdits: FieldChange[] = [];
  if (after.phone !== before.phone) contactEdits.push({ field: 'phone', value: after.phone });
  if (after.no_capable_member !== before.no_capable_member) contactEdits.push({ field: 'no_capable_member', value: after.no_capable_member });
  await recordDeskEdits(request.db, auth.accountId, 'household', id, contactEdits);
  await recordAudit(request, { action: 'update', entity: 'household', entityId: id, orgUnitId: before.village_id, before: present(before), after: present(after) });
  return present(after);
}
