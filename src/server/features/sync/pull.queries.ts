// SQL of the field app's pull: one village, the rows the previous pull's snapshot could not
// see (their sync_xid, set by triggers and by the status functions, was still running or not
// yet started), what left the village, its team and figures. Every query is bounded by the
// village (≈1,000 people) and the range sync_xid ≥ the old snapshot's xmin: the
// (village_id, sync_xid) indexes.
import { type Kysely, sql } from 'kysely';
import type { NotDoneReason } from '../../../shared/support.ts';
import type { SyncHousehold, SyncPerson, SyncTeamMember, VillageFigures } from '../../../shared/sync.ts';
import type { TeamRole } from '../../../shared/teams.ts';
import type { DB } from '../../db/schema.ts';
import { presentStatus } from '../support/support.queries.ts';

/** A previous pull's snapshot ('xmin:xmax:xip,…'): what it saw, and what it could not. */
export interface SinceSnapshot {
  xmin: bigint;
  snapshot: string;
}

/**
 * The snapshot this pull reads in (REPEATABLE READ: its first statement fixes it). Its xmin
 * is the oldest transaction still running: the next pull looks from there and sends what
 * this snapshot did not see (pg_visible_in_snapshot), so a row committed late by a slow
 * transaction is sent next time, never skipped, and nothing is sent twice. xmax tells a
 * cursor from another database (a restored copy) apart: it lies in the future.
 */
export async function currentSnapshot(db: Kysely<DB>): Promise<{ snapshot: string; xmin: bigint; xmax: bigint }> {
  const { rows } = await sql<{ snapshot: string }>`SELECT pg_current_snapshot()::text AS snapshot`.execute(db);
  const [xmin, xmax] = rows[0].snapshot.split(':');
  return { snapshot: rows[0].snapshot, xmin: BigInt(xmin), xmax: BigInt(xmax) };
}

/** `column` changed in a transaction the previous snapshot did not see. */
const unseen = (column: string, since: SinceSnapshot) =>
  sql`(${sql.ref(column)} >= ${since.xmin.toString()}::xid8 AND NOT pg_visible_in_snapshot(${sql.ref(column)}, ${since.snapshot}::pg_snapshot))`;

export async function villageOf(db: Kysely<DB>, villageId: number) {
  return db
    .selectFrom('org_units as v')
    .leftJoin('org_units as c', 'c.id', 'v.parent_id')
    .select(['v.id', 'v.name', 'v.level', 'v.parent_id', 'c.name as commune_name'])
    .where('v.id', '=', villageId)
    .executeTakeFirst();
}

/**
 * since = null: the whole village (households not dissolved); else what changed since. A
 * household assigned to the member comes in full; any other as a search-list entry, without
 * its phone (README "Dữ liệu cá nhân").
 */
export async function changedHouseholds(db: Kysely<DB>, villageId: number, memberId: string | null, since: SinceSnapshot | null): Promise<{ live: SyncHousehold[]; dissolved: string[] }> {
  const changed = since === null
    ? sql`h.dissolved_at IS NULL`
    : sql`(${unseen('h.sync_xid', since)} OR ${unseen('s.sync_xid', since)})`;
  const { rows } = await sql<{
    id: string; code: string | null; address: string; hamlet_group: string | null; phone: string | null; head_person_id: string | null;
    no_capable_member: boolean; assigned_member_id: string | null; card_code: string; informed_on: string | null; last_visit_on: string | null;
    dissolved_at: string | null;
  }>`
    SELECT h.id, h.code, h.address, h.hamlet_group, h.phone, h.head_person_id, h.no_capable_member, h.assigned_member_id,
      h.card_code, s.informed_on, s.last_visit_on, h.dissolved_at
    FROM households h
    LEFT JOIN household_digital_status s ON s.household_id = h.id
    WHERE h.village_id = ${villageId} AND ${changed}
    ORDER BY h.id`.execute(db);
  const live: SyncHousehold[] = [];
  const dissolved: string[] = [];
  for (const r of rows) {
    if (r.dissolved_at) { dissolved.push(r.id); continue; }
    const full = memberId !== null && r.assigned_member_id === memberId;
    live.push({
      id: r.id, full, code: r.code, address: r.address, hamletGroup: r.hamlet_group, phone: full ? r.phone : null, headPersonId: r.head_person_id,
      noCapableMember: r.no_capable_member, assignedMemberId: r.assigned_member_id, cardCode: r.card_code,
      informedOn: r.informed_on, lastVisitOn: r.last_visit_on,
    });
  }
  return { live, dissolved };
}

/**
 * since = null: the residents; else everyone changed since, moved-out and deceased people
 * included (with their status, so the phone drops them), and everyone of a household that
 * changed (its assignment may have moved it into or out of the member's full list). No CCCD,
 * no ethnicity: the phone does not need them. People of a household not assigned to the
 * member come without their date of birth (the year stays, for the age groups) and phone.
 */
export async function changedPeople(db: Kysely<DB>, villageId: number, memberId: string | null, since: SinceSnapshot | null): Promise<SyncPerson[]> {
  const changed = since === null
    ? sql`p.status = 'resident'`
    : sql`(${unseen('p.sync_xid', since)} OR ${unseen('s.sync_xid', since)} OR ${unseen('h.sync_xid', since)})`;
  const { rows } = await sql<{
    id: string; household_id: string; full_name: string; sex: 'male' | 'female'; birth_date: string | null; birth_year: number;
    relation_to_head: string; is_student: boolean; is_worker: boolean; phone: string | null; has_smartphone: boolean | null;
    status: 'resident' | 'moved_out' | 'deceased';
    vneid_level1_on: string | null; vneid_level2_on: string | null; bank_account_on: string | null; dvc_account_on: string | null;
    basic_skills_on: string | null; bdhvs_certified_on: string | null; student_training_on: string | null; cashless_payment_on: string | null;
    vssid_on: string | null; last_visit_on: string | null; last_reason: string | null; full: boolean;
  }>`
    SELECT p.id, p.household_id, p.full_name, p.sex, p.birth_date, p.birth_year, p.relation_to_head, p.is_student, p.is_worker,
      p.phone, p.has_smartphone, p.status, (h.assigned_member_id IS NOT NULL AND h.assigned_member_id = ${memberId}) AS full,
      s.vneid_level1_on, s.vneid_level2_on, s.bank_account_on, s.dvc_account_on, s.basic_skills_on, s.bdhvs_certified_on,
      s.student_training_on, s.cashless_payment_on, s.vssid_on, s.last_visit_on, s.last_reason
    FROM people p
    LEFT JOIN person_digital_status s ON s.person_id = p.id
    JOIN households h ON h.id = p.household_id
    WHERE p.village_id = ${villageId} AND ${changed}
    ORDER BY p.household_id, p.id`.execute(db);
  return rows.map((r) => ({
    id: r.id, householdId: r.household_id, fullName: r.full_name, sex: r.sex, birthDate: r.full ? r.birth_date : null, birthYear: r.birth_year,
    relationToHead: r.relation_to_head, isStudent: r.is_student, isWorker: r.is_worker, phone: r.full ? r.phone : null, hasSmartphone: r.has_smartphone,
    status: r.status, digital: presentStatus(r), lastVisitOn: r.last_visit_on, lastReason: r.last_reason as NotDoneReason | null,
  }));
}

/** Ids that left the village since the cursor and are not back in it now. */
export async function removedSince(db: Kysely<DB>, villageId: number, since: SinceSnapshot): Promise<{ households: string[]; people: string[] }> {
  const { rows } = await sql<{ entity: 'household' | 'person'; entity_id: string }>`
    SELECT DISTINCT r.entity, r.entity_id
    FROM sync_removals r
    WHERE r.village_id = ${villageId} AND ${unseen('r.sync_xid', since)}
      AND NOT EXISTS (SELECT 1 FROM people p WHERE r.entity = 'person' AND p.id = r.entity_id AND p.village_id = ${villageId})
      AND NOT EXISTS (SELECT 1 FROM households h WHERE r.entity = 'household' AND h.id = r.entity_id AND h.village_id = ${villageId})
    ORDER BY r.entity_id`.execute(db);
  return {
    households: rows.filter((r) => r.entity === 'household').map((r) => r.entity_id),
    people: rows.filter((r) => r.entity === 'person').map((r) => r.entity_id),
  };
}

export async function activeTeam(db: Kysely<DB>, villageId: number): Promise<{ id: string; name: string; members: SyncTeamMember[] } | null> {
  const team = await db.selectFrom('teams').select(['id', 'name']).where('village_id', '=', villageId).where('ended_on', 'is', null).executeTakeFirst();
  if (!team) return null;
  const members = await db
    .selectFrom('team_members')
    .select(['id', 'full_name', 'team_role', 'phone', 'account_id'])
    .where('team_id', '=', team.id)
    .where('left_on', 'is', null)
    .orderBy(sql`CASE team_role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END`)
    .orderBy('full_name')
    .execute();
  return {
    id: team.id,
    name: team.name,
    members: members.map((m) => ({ id: m.id, fullName: m.full_name, teamRole: m.team_role as TeamRole, phone: m.phone, accountId: m.account_id })),
  };
}

/**
 * The village's headline figures today (ages at today, a year-only birth as 1 January; a
 * status counts when its date is on or before today; visits = effective visits this month).
 */
export async function villageFigures(db: Kysely<DB>, villageId: number, today: string): Promise<VillageFigures> {
  const monthStart = `${today.slice(0, 7)}-01`;
  const { rows } = await sql<{
    households: number; households_informed: number; residents16: number; vneid2: number; adults: number; basic_skills: number; bank16: number; visits: number;
  }>`
    WITH residents AS (
      SELECT date_part('year', age(${today}::date, coalesce(p.birth_date, make_date(p.birth_year, 1, 1)))) AS age,
        s.vneid_level2_on, s.basic_skills_on, s.bank_account_on
      FROM people p LEFT JOIN person_digital_status s ON s.person_id = p.id
      WHERE p.village_id = ${villageId} AND p.status = 'resident'
    )
    SELECT
      (SELECT count(*)::int FROM households h WHERE h.village_id = ${villageId} AND h.dissolved_at IS NULL) AS households,
      (SELECT count(*)::int FROM households h JOIN household_digital_status s ON s.household_id = h.id
        WHERE h.village_id = ${villageId} AND h.dissolved_at IS NULL AND s.informed_on <= ${today}::date) AS households_informed,
      (SELECT count(*)::int FROM residents WHERE age >= 16) AS residents16,
      (SELECT count(*)::int FROM residents WHERE age >= 16 AND vneid_level2_on <= ${today}::date) AS vneid2,
      (SELECT count(*)::int FROM residents WHERE age >= 18) AS adults,
      (SELECT count(*)::int FROM residents WHERE age >= 18 AND basic_skills_on <= ${today}::date) AS basic_skills,
      (SELECT count(*)::int FROM residents WHERE age >= 16 AND bank_account_on <= ${today}::date) AS bank16,
      (SELECT count(*)::int FROM support_events e
        WHERE e.village_id = ${villageId} AND e.channel = 'visit' AND e.event_date BETWEEN ${monthStart}::date AND ${today}::date
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
          AND (e.informed OR EXISTS (SELECT 1 FROM support_actions a WHERE a.event_id = e.id))) AS visits`.execute(db);
  const r = rows[0];
  return {
    households: r.households, householdsInformed: r.households_informed, residents16Plus: r.residents16, vneidLevel2: r.vneid2,
    adults: r.adults, basicSkills: r.basic_skills, bankAccount16Plus: r.bank16, visitsThisMonth: r.visits,
  };
}

/**
 * The village (still a village) and the units above it unwritten since the snapshot: no mark
 * of theirs (sync_unit_marks) and no fold of their marks (sync_unit_versions) that the
 * snapshot did not see; with the snapshot of this very statement for the next cursor.
 * Undefined when something changed, the village is gone, or the snapshot is from another
 * database (its xmin lies beyond this one's xmax).
 */
export async function unchangedSince(db: Kysely<DB>, villageId: number, since: SinceSnapshot): Promise<{ snapshot: string } | undefined> {
  const xmin = since.xmin.toString();
  const { rows } = await sql<{ snapshot: string; unchanged: boolean }>`
    SELECT pg_current_snapshot()::text AS snapshot,
      ${xmin}::xid8 <= pg_snapshot_xmax(pg_current_snapshot())
      AND NOT EXISTS (
        SELECT 1 FROM unnest(string_to_array(trim(both '/' from v.path), '/')::int[]) AS a(id)
        JOIN sync_unit_versions s ON s.org_unit_id = a.id
        WHERE s.changed_xid >= ${xmin}::xid8 AND NOT pg_visible_in_snapshot(s.changed_xid, ${since.snapshot}::pg_snapshot))
      AND NOT EXISTS (
        SELECT 1 FROM unnest(string_to_array(trim(both '/' from v.path), '/')::int[]) AS a(id)
        JOIN sync_unit_marks m ON m.org_unit_id = a.id AND m.marked_xid >= ${xmin}::xid8
        WHERE NOT pg_visible_in_snapshot(m.marked_xid, ${since.snapshot}::pg_snapshot)) AS unchanged
    FROM org_units v WHERE v.id = ${villageId} AND v.level = 'village'`.execute(db);
  return rows[0]?.unchanged ? { snapshot: rows[0].snapshot } : undefined;
}

/**
 * Folds the committed marks into one row per unit stamped with this transaction's id (it
 * began after they committed). Marks of transactions still open are invisible here and stay.
 * Returns the marks folded.
 */
export async function foldSyncMarks(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ marks: number }>`
    WITH folded AS (DELETE FROM sync_unit_marks RETURNING org_unit_id),
    units AS (SELECT org_unit_id, count(*) AS n FROM folded GROUP BY org_unit_id),
    stamped AS (
      INSERT INTO sync_unit_versions AS v (org_unit_id, changed_xid)
      SELECT org_unit_id, pg_current_xact_id() FROM units ORDER BY org_unit_id
      ON CONFLICT (org_unit_id) DO UPDATE SET changed_xid = excluded.changed_xid, version = v.version + 1
      RETURNING 1
    )
    SELECT coalesce(sum(n), 0)::int AS marks FROM units`.execute(db);
  return rows[0]?.marks ?? 0;
}
