// People of the registry: scoped reads, Vietnamese name search, CCCD checks, and the
// residence history that moves and deaths extend (a person is never deleted).
import type { FastifyRequest } from 'fastify';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { checkCccd, maskCccd, normalizeCccd } from '../../../shared/cccd.ts';
import { PERSON_STATUS_LABELS, type CreatePerson, type UpdatePerson } from '../../../shared/people.ts';
import { can } from '../../../shared/roles.ts';
import type { DB, Person } from '../../db/schema.ts';
import { requireAuth } from '../../http/access.ts';
import { AppError, conflict, invalid, notFound } from '../../http/app-error.ts';
import { type Scope, escapeLike, inScope, villageIdsInScope } from '../../http/scope.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { assertCccdProbeBudget } from '../audit/cccd-probes.ts';
import { emptyStatus, statusOfPeople } from '../support/support.queries.ts';
import { type FieldChange, recordDeskEdits } from './contact-edits.ts';
import { type Tier, foldQuery, nameTiers, pageAcrossTiers, rankedMatch } from './people-search.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import { ageOn, todayInVietnam } from '../../../shared/calendar.ts';
import { pageWindow } from '../../http/pagination.ts';

type PersonRow = Person & { household_code: string | null; village_id: number; village_name: string };

/** People joined to their household's village, limited to the scope's subtree. */
export function peopleInScope(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('people as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .innerJoin('org_units as v', 'v.id', 'p.village_id')
    .where(inScope(scope, 'p.village_id'));
}

const SUMMARY_COLUMNS = [
  'p.id', 'p.household_id', 'p.full_name', 'p.sex', 'p.birth_date', 'p.birth_year', 'p.ethnicity', 'p.phone', 'p.cccd',
  'p.relation_to_head', 'p.is_student', 'p.is_worker', 'p.is_team_member', 'p.is_official', 'p.status', 'p.status_date',
  'p.note', 'p.version', 'p.created_at', 'p.updated_at', 'p.name_search', 'p.has_smartphone',
  'h.code as household_code', 'p.village_id', 'v.name as village_name',
] as const;

export function presentPersonSummary(row: PersonRow, today = todayInVietnam()) {
  return {
    id: row.id,
    fullName: row.full_name,
    sex: row.sex,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    age: ageOn({ birthDate: row.birth_date, birthYear: row.birth_year }, today),
    cccdMasked: row.cccd ? maskCccd(row.cccd) : null,
    phone: row.phone,
    hasSmartphone: row.has_smartphone ?? null,
    ethnicity: row.ethnicity,
    householdId: row.household_id,
    householdCode: row.household_code,
    villageId: row.village_id,
    villageName: row.village_name,
    relationToHead: row.relation_to_head,
    status: row.status,
    statusLabel: PERSON_STATUS_LABELS[row.status],
    statusDate: row.status_date,
    isStudent: row.is_student,
    isWorker: row.is_worker,
    isTeamMember: row.is_team_member,
    isOfficial: row.is_official,
  };
}

export async function findPerson(db: Kysely<DB>, scope: Scope, id: string): Promise<PersonRow> {
  const row = await peopleInScope(db, scope).select(SUMMARY_COLUMNS).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Không tìm thấy nhân khẩu hoặc bạn không có quyền xem.');
  return row as PersonRow;
}

export interface PeopleQuery {
  q?: string;
  villageId?: number;
  householdId?: string;
  status: 'resident' | 'moved_out' | 'deceased' | 'all';
  page: number;
  pageSize: number;
}

/** Areas up to this many villages (a few communes) are searched in one ranked pass. */
const SMALL_AREA_VILLAGES = 100;

/** The rows of a page, with household and village, in the order of `ids`. */
async function hydrate(db: Kysely<DB>, ids: string[]): Promise<PersonRow[]> {
  if (!ids.length) return [];
  const rows = (await db
    .selectFrom('people as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .innerJoin('org_units as v', 'v.id', 'p.village_id')
    .select(SUMMARY_COLUMNS)
    .where('p.id', 'in', ids)
    .execute()) as PersonRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}

/**
 * Lists people in scope, or searches them by name (case- and diacritic-insensitive; ranked
 * tiers, see people-search.ts) or by an exact CCCD. A page is chosen on the people table
 * alone (its indexes lead by village and by folded name) and only then joined to households
 * and villages. A name search does not count every match of a common name: it says whether
 * more pages follow (`totalIsLowerBound`).
 */
export async function searchPeople(db: Kysely<DB>, scope: Scope, query: PeopleQuery, smallAreaVillages = SMALL_AREA_VILLAGES) {
  // The area as a list of village ids (at most ≈2,000) lets the planner use the
  // (village_id, name_search) index for a commune and ignore it for a province.
  const villageIds = query.villageId ? [query.villageId] : await villageIdsInScope(db, scope);
  let base = db.selectFrom('people as p').where('p.village_id', '=', sql<number>`ANY(${sql.val(villageIds)}::int[])`);
  if (query.villageId) base = base.where(inScope(scope, 'p.village_id'));
  if (query.status !== 'all') base = base.where('p.status', '=', query.status);
  if (query.householdId) base = base.where('p.household_id', '=', query.householdId);
  const { offset, limit } = pageWindow(query);
  const q = query.q?.trim() ?? '';
  const cccd = normalizeCccd(q);
  const name = q && !/^\d{12}$/.test(cccd) ? await foldQuery(db, q) : undefined;
  const page = { page: query.page, pageSize: query.pageSize };

  if (name?.words.length && villageIds.length <= smallAreaVillages) {
    const { match, rank } = rankedMatch(name);
    // Materialized, so the planner reads the area by its village index instead of matching
    // the whole province's name indexes and then throwing away what lies outside.
    const area = db.with((cte) => cte('area').materialized(), () => base.select(['p.id', 'p.name_search']))
      .selectFrom('area as p').where(match);
    // One pass: the page and, by a window count, the total.
    const found = await area.select(['p.id', sql<number>`count(*) OVER ()::int`.as('total')])
      .orderBy(rank).orderBy('p.name_search').orderBy('p.id').offset(offset).limit(limit).execute();
    const counted = { n: found[0]?.total ?? (offset ? await area.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow().then((r) => r.n) : 0) };
    const rows = await hydrate(db, found.map((r) => r.id));
    return { items: rows.map((row) => presentPersonSummary(row)), total: counted.n, totalIsLowerBound: false, ...page, searchedBy: 'name' as const };
  }

  if (name?.words.length) {
    const selectTier = (tier: Tier, tierOffset: number, limit: number) =>
      base.select('p.id').where(tier.condition)
        .orderBy(tier.indexOrdered ? sql`p.name_search` : sql`p.id`).orderBy('p.id')
        .offset(tierOffset).limit(limit).execute().then((rows) => rows.map((r) => r.id));
    const countTier = (tier: Tier, cap: number) =>
      db.selectFrom(base.select(sql`1`.as('one')).where(tier.condition).limit(cap).as('t')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow().then((r) => r.n);
    const { rows: ids, hasMore } = await pageAcrossTiers(nameTiers(name), { offset, limit }, selectTier, countTier);
    const rows = await hydrate(db, ids);
    return { items: rows.map((row) => presentPersonSummary(row)), total: offset + rows.length + (hasMore ? 1 : 0), totalIsLowerBound: hasMore, ...page, searchedBy: 'name' as const };
  }

  if (q) base = base.where('p.cccd', '=', /^\d{12}$/.test(cccd) ? cccd : null);
  const [ids, counted] = await Promise.all([
    base.select('p.id').orderBy('p.village_id').orderBy('p.household_id').orderBy(sql`p.relation_to_head = 'head'`, 'desc').orderBy('p.birth_year').orderBy('p.id')
      .limit(limit).offset(offset).execute().then((rows) => rows.map((r) => r.id)),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const rows = await hydrate(db, ids);
  return { items: rows.map((row) => presentPersonSummary(row)), total: counted.n, totalIsLowerBound: false, ...page, searchedBy: q ? ('cccd' as const) : null };
}

/**
 * CCCD rules of domain.md: format and province code are errors; sex/birth-year digits that
 * disagree are warnings the officer confirms. Returns the normalized number (or null).
 */
export function checkPersonCccd(
  raw: string | null | undefined,
  person: { sex: 'male' | 'female'; birthYear: number },
  confirmWarnings: boolean,
): string | null {
  if (!raw) return null;
  const cccd = normalizeCccd(raw);
  const { errors, warnings } = checkCccd(cccd, person);
  if (errors.length) throw new AppError(400, 'validation', errors.join(' '), errors.map((message) => ({ path: 'cccd', message })));
  if (warnings.length && !confirmWarnings) {
    throw new AppError(400, 'needs_confirmation', 'Số CCCD có điểm chưa khớp với thông tin nhân khẩu. Kiểm tra lại hoặc xác nhận để lưu.', warnings.map((message) => ({ path: 'cccd', message })), { warnings });
  }
  return cccd;
}

export function birthOf(input: { birthDate?: string | null; birthYear?: number | null }): { birthDate: string | null; birthYear: number } {
  if (input.birthDate) {
    if (input.birthDate > todayInVietnam()) throw invalid('birthDate', 'Ngày sinh không được ở tương lai.');
    return { birthDate: input.birthDate, birthYear: Number(input.birthDate.slice(0, 4)) };
  }
  if (!input.birthYear) throw invalid('birthYear', 'Nhập ngày sinh hoặc ít nhất năm sinh.');
  return { birthDate: null, birthYear: input.birthYear };
}

/** The row to insert for a new person; used by household creation and by "add person". */
export function newPersonRow(id: string, household: { id: string; villageId: number }, input: Omit<CreatePerson, 'householdId' | 'confirmWarnings'> & { confirmWarnings: boolean }) {
  const birth = birthOf(input);
  return {
    id,
    household_id: household.id,
    village_id: household.villageId,
    full_name: input.fullName.normalize('NFC').replace(/\s+/g, ' '),
    sex: input.sex,
    birth_date: birth.birthDate,
    birth_year: birth.birthYear,
    ethnicity: input.ethnicity ?? null,
    phone: input.phone ?? null,
    cccd: checkPersonCccd(input.cccd, { sex: input.sex, birthYear: birth.birthYear }, input.confirmWarnings),
    relation_to_head: input.relationToHead,
    is_student: input.isStudent,
    is_worker: input.isWorker,
    is_team_member: input.isTeamMember,
    is_official: input.isOfficial,
    note: input.note ?? null,
  };
}

export async function insertPersonWithResidence(
  db: Kysely<DB>,
  row: ReturnType<typeof newPersonRow>,
  residence: { villageId: number; fromDate: string; reason: string },
): Promise<void> {
  await db.insertInto('people').values(row).execute();
  await db
    .insertInto('residences')
    .values({ id: uuidv7(), person_id: row.id, household_id: row.household_id, village_id: residence.villageId, from_date: residence.fromDate, start_reason: residence.reason })
    .execute();
}

export async function householdInScope(db: Kysely<DB>, scope: Scope, id: string, path = 'householdId') {
  const household = await db
    .selectFrom('households as h')
    .innerJoin('org_units as v', 'v.id', 'h.village_id')
    .select(['h.id', 'h.village_id', 'h.code', 'h.head_person_id', 'h.dissolved_at', 'v.name as village_name'])
    .where('h.id', '=', id)
    .where(inScope(scope, 'h.village_id'))
    .executeTakeFirst();
  if (!household) throw invalid(path, 'Hộ gia đình không tồn tại hoặc ngoài phạm vi của bạn.');
  return household;
}

export async function createPerson(request: FastifyRequest, input: CreatePerson) {
  const auth = requireAuth(request);
  const household = await householdInScope(request.db, auth.scope, input.householdId);
  const fromDate = input.residentSince ?? todayInVietnam();
  if (fromDate > todayInVietnam()) throw invalid('residentSince', 'Ngày bắt đầu cư trú không được ở tương lai.');
  if (input.cccd) await assertCccdProbeBudget(request.db, auth);
  const row = newPersonRow(input.id ?? uuidv7(), { id: household.id, villageId: household.village_id }, input);
  if (input.relationToHead === 'head' && household.head_person_id) {
    throw invalid('relationToHead', 'Hộ đã có chủ hộ. Đổi chủ hộ trong trang hộ gia đình.');
  }
  await insertPersonWithResidence(request.db, row, { villageId: household.village_id, fromDate, reason: 'registry' });
  if (input.relationToHead === 'head') {
    await request.db.updateTable('households').set({ head_person_id: row.id, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', household.id).execute();
  }
  const created = await findPerson(request.db, auth.scope, row.id);
  await recordAudit(request, { action: 'create', entity: 'person', entityId: row.id, orgUnitId: household.village_id, after: auditView(created) });
  return created;
}

/** What the audit log keeps of a person: everything but the CCCD in clear. */
export function auditView(row: PersonRow) {
  const { name_search: _nameSearch, created_at: _c, updated_at: _u, cccd, ...rest } = row;
  return { ...rest, cccd: cccd ? maskCccd(cccd) : null };
}

export async function updatePerson(request: FastifyRequest, id: string, input: UpdatePerson) {
  const auth = requireAuth(request);
  const before = await findPerson(request.db, auth.scope, id);
  if (before.version !== input.version) throw staleVersion();
  const sex = input.sex ?? before.sex;
  const birth = input.birthDate !== undefined || input.birthYear !== undefined
    ? birthOf({ birthDate: input.birthDate ?? null, birthYear: input.birthYear ?? before.birth_year })
    : { birthDate: before.birth_date, birthYear: before.birth_year };
  // Re-check the CCCD whenever it, the sex or the birth year changes.
  const cccdChanged = input.cccd !== undefined && normalizeCccd(input.cccd ?? '') !== (before.cccd ?? '');
  const cccd = input.cccd === undefined && !cccdChanged
    ? (sex !== before.sex || birth.birthYear !== before.birth_year ? checkPersonCccd(before.cccd, { sex, birthYear: birth.birthYear }, input.confirmWarnings) : before.cccd)
    : checkPersonCccd(input.cccd, { sex, birthYear: birth.birthYear }, input.confirmWarnings);
  if (input.relationToHead === 'head' && before.relation_to_head !== 'head') {
    throw invalid('relationToHead', 'Đổi chủ hộ trong trang hộ gia đình.');
  }
  if (cccd && cccd !== before.cccd) await assertCccdProbeBudget(request.db, auth);
  const result = await request.db
    .updateTable('people')
    .set({
      full_name: input.fullName ? input.fullName.normalize('NFC').replace(/\s+/g, ' ') : before.full_name,
      sex,
      birth_date: birth.birthDate,
      birth_year: birth.birthYear,
      ethnicity: input.ethnicity === undefined ? before.ethnicity : input.ethnicity,
      phone: input.phone === undefined ? before.phone : input.phone,
      has_smartphone: input.hasSmartphone === undefined ? before.has_smartphone : input.hasSmartphone,
      cccd,
      relation_to_head: input.relationToHead ?? before.relation_to_head,
      is_student: input.isStudent ?? before.is_student,
      is_worker: input.isWorker ?? before.is_worker,
      is_team_member: input.isTeamMember ?? before.is_team_member,
      is_official: input.isOfficial ?? before.is_official,
      note: input.note === undefined ? before.note : input.note,
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('version', '=', input.version)
    .executeTakeFirst();
  requireUpdated(result);
  const after = await findPerson(request.db, auth.scope, id);
  // Contact fields are also edited from phones: the desk's change is kept as an edit made
  // now, so a phone's older edit arriving later does not overwrite it (README, offline sync).
  const contactEdits: FieldChange[] = [];
  if (after.phone !== before.phone) contactEdits.push({ field: 'phone', value: after.phone });
  if (after.has_smartphone !== before.has_smartphone) contactEdits.push({ field: 'has_smartphone', value: after.has_smartphone });
  await recordDeskEdits(request.db, auth.accountId, 'person', id, contactEdits);
  await recordAudit(request, { action: 'update', entity: 'person', entityId: id, orgUnitId: after.village_id, before: auditView(before), after: auditView(after) });
  return after;
}

export const staleVersion = () =>
  conflict('Bản ghi vừa được người khác sửa. Tải lại trang để xem thông tin mới nhất rồi sửa lại.');

/** An UPDATE … WHERE version = seen must have touched its row; else someone saved first. */
export function requireUpdated(result: { numUpdatedRows?: bigint }): void {
  if (Number(result.numUpdatedRows ?? 0) === 0) throw staleVersion();
}

async function openResidence(db: Kysely<DB>, personId: string) {
  return db.selectFrom('residences').selectAll().where('person_id', '=', personId).where('to_date', 'is', null).executeTakeFirst();
}

function checkEventDate(date: string, residenceFrom: string | undefined) {
  if (date > todayInVietnam()) throw invalid('date', 'Ngày không được ở tương lai.');
  if (residenceFrom && date < residenceFrom) {
    throw invalid('date', `Ngày phải từ ${viDate(residenceFrom)} (ngày bắt đầu cư trú hiện tại) trở đi.`);
  }
}

export async function movePerson(request: FastifyRequest, id: string, input: { householdId: string; date: string; relationToHead: string; note: string | null }) {
  const auth = requireAuth(request);
  const before = await findPerson(request.db, auth.scope, id);
  if (before.status !== 'resident') throw invalid('householdId', 'Nhân khẩu không còn cư trú; không thể chuyển hộ.');
  if (before.household_id === input.householdId) throw invalid('householdId', 'Nhân khẩu đã ở hộ này.');
  const target = await householdInScope(request.db, auth.scope, input.householdId);
  if (target.dissolved_at) throw invalid('householdId', 'Hộ chuyển đến đã giải thể.');
  if (input.relationToHead === 'head' && target.head_person_id) throw invalid('relationToHead', 'Hộ chuyển đến đã có chủ hộ.');
  const residence = await openResidence(request.db, id);
  checkEventDate(input.date, residence?.from_date);
  if (residence) {
    await request.db.updateTable('residences').set({ to_date: input.date, end_reason: 'transfer' }).where('id', '=', residence.id).execute();
  }
  await request.db
    .insertInto('residences')
    .values({ id: uuidv7(), person_id: id, household_id: target.id, village_id: target.village_id, from_date: input.date, start_reason: 'transfer', note: input.note })
    .execute();
  await request.db
    .updateTable('people')
    .set({ household_id: target.id, village_id: target.village_id, relation_to_head: input.relationToHead, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  // The old household loses its head if this was the head; the officer names a new one.
  await request.db.updateTable('households').set({ head_person_id: null, version: sql`version + 1`, updated_at: sql`now()` }).where('head_person_id', '=', id).execute();
  if (input.relationToHead === 'head') {
    await request.db.updateTable('households').set({ head_person_id: id, version: sql`version + 1`, updated_at: sql`now()` }).where('id', '=', target.id).execute();
  }
  const after = await findPerson(request.db, auth.scope, id);
  await recordAudit(request, { action: 'move', entity: 'person', entityId: id, orgUnitId: target.village_id, before: auditView(before), after: auditView(after), detail: { date: input.date, fromHousehold: before.household_id, toHousehold: target.id, note: input.note } });
  return after;
}

export async function endResidence(request: FastifyRequest, id: string, input: { reason: 'moved_out' | 'deceased'; date: string; note: string | null }) {
  const auth = requireAuth(request);
  const before = await findPerson(request.db, auth.scope, id);
  if (before.status !== 'resident') throw invalid('reason', `Nhân khẩu đã được ghi "${PERSON_STATUS_LABELS[before.status]}".`);
  const residence = await openResidence(request.db, id);
  checkEventDate(input.date, residence?.from_date);
  if (residence) {
    await request.db.updateTable('residences').set({ to_date: input.date, end_reason: input.reason, note: input.note }).where('id', '=', residence.id).execute();
  }
  await request.db
    .updateTable('people')
    .set({ status: input.reason, status_date: input.date, version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  // A head who died or left no longer heads the household; the officer names a new one.
  await request.db.updateTable('households').set({ head_person_id: null, version: sql`version + 1`, updated_at: sql`now()` }).where('head_person_id', '=', id).execute();
  const after = await findPerson(request.db, auth.scope, id);
  await recordAudit(request, { action: 'end_residence', entity: 'person', entityId: id, orgUnitId: before.village_id, before: auditView(before), after: auditView(after), detail: { reason: input.reason, date: input.date, note: input.note } });
  return after;
}

export async function personDetail(request: FastifyRequest, id: string) {
  const auth = requireAuth(request);
  const row = await findPerson(request.db, auth.scope, id);
  const residences = await request.db
    .selectFrom('residences as r')
    .innerJoin('households as h', 'h.id', 'r.household_id')
    .innerJoin('org_units as v', 'v.id', 'r.village_id')
    .select(['r.household_id', 'h.code as household_code', 'v.name as village_name', 'r.from_date', 'r.to_date', 'r.start_reason', 'r.end_reason', 'r.note'])
    .where('r.person_id', '=', id)
    .orderBy('r.from_date', 'desc')
    .orderBy('r.created_at', 'desc')
    .execute();
  const status = (await statusOfPeople(request.db, [id])).get(id);
  await recordAudit(request, { action: 'read', entity: 'person', entityId: id, orgUnitId: row.village_id });
  return {
    ...presentPersonSummary(row),
    digitalStatus: status?.digital ?? emptyStatus(),
    lastVisitOn: status?.lastVisitOn ?? null,
    lastReason: status?.lastReason ?? null,
    note: row.note,
    version: row.version,
    canRevealCccd: Boolean(row.cccd) && can(auth.role, 'people.cccd.reveal'),
    residences: residences.map((r) => ({
      householdId: r.household_id, householdCode: r.household_code, villageName: r.village_name,
      fromDate: r.from_date, toDate: r.to_date, startReason: r.start_reason, endReason: r.end_reason, note: r.note,
    })),
  };
}

export async function revealCccd(request: FastifyRequest, id: string) {
  const auth = requireAuth(request);
  const row = await findPerson(request.db, auth.scope, id);
  if (!row.cccd) throw notFound('Nhân khẩu chưa có số CCCD.');
  await recordAudit(request, { action: 'reveal_cccd', entity: 'person', entityId: id, orgUnitId: row.village_id });
  return { cccd: row.cccd };
}
