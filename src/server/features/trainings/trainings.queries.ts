// All the SQL of trainings. Who may read a training is decided here: the commune's offices see
// their commune's trainings, a village's accounts those that invite their village (and of the
// members, only their village's). Dates of a training are Vietnam's calendar days of its
// start and end. A member is invited when their team's village is and their membership
// overlaps the training (joined on or before its last day, not left by its first: for one
// day, joined ≤ day < left). A person carried over to a re-formed team is one member: rows
// of the same person (or account, or name in the village) count once.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AttendanceStatus, TrainingMethod, TrainingStatus, TrainingTopic } from '../../../shared/trainings.ts';
import type { DB } from '../../db/schema.ts';
import { likePrefix } from '../../http/scope.ts';
import { addDays } from '../../../shared/calendar.ts';

const TZ = 'Asia/Ho_Chi_Minh';
/** A timestamptz column's calendar day in Vietnam. */
export const vnDay = (column: string) => sql`(${sql.ref(column)} AT TIME ZONE ${TZ})::date`;
/** The moment a Vietnam calendar day begins, for range conditions on timestamptz columns. */
export const dayStart = (date: string) => new Date(`${date}T00:00:00+07:00`);

/** One person across the rows of re-formed teams: the resident, else the account, else the name in the village. */
export const memberKey = (m: string, team: string) =>
  sql`coalesce('p' || ${sql.ref(`${m}.person_id`)}::text, 'a' || ${sql.ref(`${m}.account_id`)}::text, 'n' || ${sql.ref(`${team}.village_id`)} || ':' || lower(${sql.ref(`${m}.full_name`)}))`;

const unitsUnder = (path: string) => sql`(SELECT id FROM org_units WHERE path LIKE ${likePrefix(path)})`;

/** The training is the commune's in scope, or invites a village in scope. */
export const trainingVisible = (alias: string, scopePath: string) => sql<boolean>`(
  ${sql.ref(`${alias}.org_unit_id`)} IN ${unitsUnder(scopePath)}
  OR EXISTS (SELECT 1 FROM training_invitations vi WHERE vi.training_id = ${sql.ref(`${alias}.id`)} AND vi.village_id IN ${unitsUnder(scopePath)}))`;

export interface TrainingRow {
  id: string;
  org_unit_id: number;
  unit_name: string;
  unit_path: string;
  title: string;
  topics: TrainingTopic[];
  method: TrainingMethod;
  platform: string | null;
  integrated_with: string | null;
  organiser: string | null;
  trainer: string | null;
  place: string | null;
  starts_at: Date;
  ends_at: Date;
  first_day: string;
  last_day: string;
  status: TrainingStatus;
  cost_vnd: string | null;
  notes: string;
  version: number;
  created_by: string | null;
  creator_name: string | null;
}

const TRAINING_COLUMNS = sql`t.id, t.org_unit_id, u.name AS unit_name, u.path AS unit_path, t.title, t.topics, t.method, t.platform, t.integrated_with,
  t.organiser, t.trainer, t.place, t.starts_at, t.ends_at, ${vnDay('t.starts_at')}::text AS first_day, ${vnDay('t.ends_at')}::text AS last_day,
  t.status, t.cost_vnd::text AS cost_vnd, t.notes, t.version, t.created_by, acc.full_name AS creator_name`;

export async function findTraining(db: Kysely<DB>, id: string, scopePath: string): Promise<TrainingRow | undefined> {
  const { rows } = await sql<TrainingRow>`
    SELECT ${TRAINING_COLUMNS}
    FROM trainings t JOIN org_units u ON u.id = t.org_unit_id LEFT JOIN accounts acc ON acc.id = t.created_by
    WHERE t.id = ${id} AND ${trainingVisible('t', scopePath)}`.execute(db);
  return rows[0];
}

/** Unscoped: only to compare a resent create with what is stored. */
export async function trainingExists(db: Kysely<DB>, id: string) {
  return db.selectFrom('trainings').select(['id', 'org_unit_id', 'created_by']).where('id', '=', id).executeTakeFirst();
}

export interface TrainingValues {
  title: string; topics: string[]; method: TrainingMethod; platform: string | null; integratedWith: string | null;
  organiser: string | null; trainer: string | null; place: string | null; startsAt: string; endsAt: string; costVnd: number | null; notes: string;
}

const columnsOf = (v: TrainingValues) => ({
  title: v.title, topics: v.topics, method: v.method, platform: v.platform, integrated_with: v.integratedWith, organiser: v.organiser,
  trainer: v.trainer, place: v.place, starts_at: new Date(v.startsAt), ends_at: new Date(v.endsAt), cost_vnd: v.costVnd, notes: v.notes,
});

/** false: the id exists already (a resend, or a clash the caller answers). */
export async function insertTraining(db: Kysely<DB>, values: TrainingValues & { id: string; orgUnitId: number; createdBy: string }): Promise<boolean> {
  const row = await db.insertInto('trainings').values({ id: values.id, org_unit_id: values.orgUnitId, created_by: values.createdBy, ...columnsOf(values) })
    .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** The change if the training is still at `version`; false when someone else changed it first. */
export async function updateTraining(db: Kysely<DB>, id: string, version: number, values: TrainingValues & { status: TrainingStatus }): Promise<boolean> {
  const row = await db.updateTable('trainings')
    .set({ ...columnsOf(values), status: values.status, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id).where('version', '=', version).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** A planned training whose attendance is being taken has been held. */
export async function markHeld(db: Kysely<DB>, id: string) {
  await db.updateTable('trainings').set({ status: 'held', version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id).where('status', '=', 'planned').execute();
}

export async function setInvitations(db: Kysely<DB>, trainingId: string, villageIds: number[]) {
  await db.deleteFrom('training_invitations').where('training_id', '=', trainingId).where('village_id', 'not in', villageIds.length ? villageIds : [0]).execute();
  if (villageIds.length) {
    await db.insertInto('training_invitations').values(villageIds.map((v) => ({ training_id: trainingId, village_id: v })))
      .onConflict((oc) => oc.columns(['training_id', 'village_id']).doNothing()).execute();
  }
}

/** The villages (active, level village) among `ids` under a unit's path. */
export async function villagesUnder(db: Kysely<DB>, ids: number[], path: string) {
  if (!ids.length) return [];
  return db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', ids).where('level', '=', 'village').where('active', '=', true)
    .where('path', 'like', likePrefix(path)).execute();
}

export async function invitedVillages(db: Kysely<DB>, trainingIds: string[]) {
  if (!trainingIds.length) return [];
  return db.selectFrom('training_invitations as i').innerJoin('org_units as v', 'v.id', 'i.village_id')
    .select(['i.training_id', 'v.id', 'v.name']).where('i.training_id', 'in', trainingIds).orderBy('v.name').execute();
}

export interface InvitedMemberRow {
  member_id: string;
  full_name: string;
  team_role: 'leader' | 'deputy' | 'member';
  phone: string | null;
  village_id: number;
  village_name: string;
  status: AttendanceStatus | null;
  completed: boolean | null;
  certificate_no: string | null;
  certificate_date: string | null;
  recorded_by_name: string | null;
  recorded_at: Date | null;
}

/**
 * The members a training invites (one row per person: the row with attendance, else the
 * latest), with their attendance; only villages under `scopePath`.
 */
export async function invitedMembers(db: Kysely<DB>, trainingId: string, scopePath: string): Promise<InvitedMemberRow[]> {
  const { rows } = await sql<InvitedMemberRow>`
    WITH tr AS (SELECT id, ${vnDay('starts_at')} AS d0, ${vnDay('ends_at')} AS d1 FROM trainings WHERE id = ${trainingId}),
    candidates AS (
      SELECT DISTINCT ON (${memberKey('m', 'tm')})
        m.id AS member_id, m.full_name, m.team_role, m.phone, tm.village_id, m.joined_on,
        a.status, a.completed, a.certificate_no, a.certificate_date::text AS certificate_date, ra.full_name AS recorded_by_name, a.recorded_at
      FROM tr
      JOIN training_invitations i ON i.training_id = tr.id
      JOIN teams tm ON tm.village_id = i.village_id
      JOIN team_members m ON m.team_id = tm.id AND m.joined_on <= tr.d1 AND (m.left_on IS NULL OR m.left_on > tr.d0)
      LEFT JOIN training_attendance a ON a.training_id = tr.id AND a.team_member_id = m.id
      LEFT JOIN accounts ra ON ra.id = a.recorded_by
      WHERE i.village_id IN ${unitsUnder(scopePath)}
      ORDER BY ${memberKey('m', 'tm')}, (a.team_member_id IS NOT NULL) DESC, m.joined_on DESC, m.id
    )
    SELECT c.*, v.name AS village_name FROM candidates c JOIN org_units v ON v.id = c.village_id
    ORDER BY v.name, CASE c.team_role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, c.full_name, c.member_id`.execute(db);
  return rows;
}

/** Which of `memberIds` a training invites (any row overlapping it), with their village. */
export async function eligibleMembers(db: Kysely<DB>, trainingId: string, memberIds: string[]) {
  if (!memberIds.length) return [];
  const { rows } = await sql<{ id: string; village_id: number }>`
    SELECT m.id, tm.village_id
    FROM trainings t
    JOIN training_invitations i ON i.training_id = t.id
    JOIN teams tm ON tm.village_id = i.village_id
    JOIN team_members m ON m.team_id = tm.id
    WHERE t.id = ${trainingId} AND m.id IN (${sql.join(memberIds)})
      AND m.joined_on <= ${vnDay('t.ends_at')} AND (m.left_on IS NULL OR m.left_on > ${vnDay('t.starts_at')})`.execute(db);
  return rows;
}

export async function memberNames(db: Kysely<DB>, memberIds: string[]) {
  if (!memberIds.length) return [];
  return db.selectFrom('team_members as m').innerJoin('teams as t', 't.id', 'm.team_id').innerJoin('org_units as v', 'v.id', 't.village_id')
    .select(['m.id', 'm.full_name', 'm.joined_on', 'm.left_on', 'v.name as village_name']).where('m.id', 'in', memberIds).execute();
}

export interface AttendanceWrite {
  memberId: string;
  status: AttendanceStatus;
  completed: boolean;
  certificateNo: string | null;
  certificateDate: string | null;
}

/** What is stored for these members now (for the audit's before). */
export async function currentAttendance(db: Kysely<DB>, trainingId: string, memberIds: string[]) {
  if (!memberIds.length) return [];
  return db.selectFrom('training_attendance')
    .select(['team_member_id', 'status', 'completed', 'certificate_no', sql<string | null>`certificate_date::text`.as('certificate_date')])
    .where('training_id', '=', trainingId).where('team_member_id', 'in', memberIds).execute();
}

export async function upsertAttendance(db: Kysely<DB>, trainingId: string, entries: AttendanceWrite[], by: { accountId: string; mutationId: string | null }) {
  if (!entries.length) return;
  await db.insertInto('training_attendance').values(entries.map((e) => ({
    training_id: trainingId, team_member_id: e.memberId, status: e.status, completed: e.completed, certificate_no: e.certificateNo,
    certificate_date: e.certificateDate, recorded_by: by.accountId, mutation_id: by.mutationId,
  }))).onConflict((oc) => oc.columns(['training_id', 'team_member_id']).doUpdateSet((eb) => ({
    status: eb.ref('excluded.status'), completed: eb.ref('excluded.completed'), certificate_no: eb.ref('excluded.certificate_no'),
    certificate_date: eb.ref('excluded.certificate_date'), recorded_by: eb.ref('excluded.recorded_by'), recorded_at: sql`now()`,
    mutation_id: eb.ref('excluded.mutation_id'),
  }))).execute();
}

// ---- Lists ----

export interface ListFilter {
  scopePath: string;
  orgUnitPath?: string;
  year?: number;
  status?: TrainingStatus;
  /** Village accounts: only trainings inviting these villages are listed, counted on them. */
  countScopePath: string;
  offset: number;
  limit: number;
}

export interface TrainingListRow extends TrainingRow {
  invited: number;
  present: number;
  completed: number;
  recorded: number;
  photos: number;
}

/** Newest first, with each training's counts (invited members once each, in the caller's villages). */
export async function listTrainings(db: Kysely<DB>, f: ListFilter): Promise<{ rows: TrainingListRow[]; total: number }> {
  const where: RawBuilder<unknown>[] = [trainingVisible('t', f.scopePath)];
  if (f.orgUnitPath) where.push(sql`(u.path LIKE ${likePrefix(f.orgUnitPath)} OR EXISTS (SELECT 1 FROM training_invitations vi WHERE vi.training_id = t.id AND vi.village_id IN ${unitsUnder(f.orgUnitPath)}))`);
  if (f.year) where.push(sql`t.starts_at >= ${dayStart(`${f.year}-01-01`)} AND t.starts_at < ${dayStart(`${f.year + 1}-01-01`)}`);
  if (f.status) where.push(sql`t.status = ${f.status}`);
  const condition = sql.join(where, sql` AND `);
  const [{ rows }, count] = await Promise.all([
    sql<TrainingListRow>`
      SELECT ${TRAINING_COLUMNS}, c.invited, c.present, c.completed, c.recorded,
        (SELECT count(*)::int FROM attachments ph WHERE ph.owner_entity = 'training' AND ph.owner_id = t.id::text) AS photos
      FROM trainings t JOIN org_units u ON u.id = t.org_unit_id LEFT JOIN accounts acc ON acc.id = t.created_by
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS invited,
          count(*) FILTER (WHERE x.status = 'present')::int AS present,
          count(*) FILTER (WHERE x.completed)::int AS completed,
          count(*) FILTER (WHERE x.status IS NOT NULL)::int AS recorded
        FROM (
          SELECT DISTINCT ON (${memberKey('m', 'tm')}) a.status, a.completed
          FROM training_invitations i
          JOIN teams tm ON tm.village_id = i.village_id
          JOIN team_members m ON m.team_id = tm.id AND m.joined_on <= ${vnDay('t.ends_at')} AND (m.left_on IS NULL OR m.left_on > ${vnDay('t.starts_at')})
          LEFT JOIN training_attendance a ON a.training_id = t.id AND a.team_member_id = m.id
          WHERE i.training_id = t.id AND i.village_id IN ${unitsUnder(f.countScopePath)}
          ORDER BY ${memberKey('m', 'tm')}, (a.team_member_id IS NOT NULL) DESC
        ) x
      ) c
      WHERE ${condition}
      ORDER BY t.starts_at DESC, t.id
      OFFSET ${f.offset} LIMIT ${f.limit}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM trainings t JOIN org_units u ON u.id = t.org_unit_id WHERE ${condition}`.execute(db),
  ]);
  return { rows, total: count.rows[0].n };
}

// ---- Figures ----

/**
 * Every entry that trains a member, for the villages of the CTE `v`: present at a training not
 * cancelled (dated by its first day) or an online course completed (by the certificate's date,
 * else the course's end); the member by person (memberKey).
 */
const TRAINED = sql`
  SELECT ${memberKey('m', 'tm')} AS k, t.topics, t.method,
    CASE WHEN a.completed THEN coalesce(a.certificate_date, ${vnDay('t.ends_at')}) ELSE ${vnDay('t.starts_at')} END AS on_day
  FROM training_attendance a
  JOIN trainings t ON t.id = a.training_id
  JOIN team_members m ON m.id = a.team_member_id
  JOIN teams tm ON tm.id = m.team_id
  WHERE (a.status = 'present' OR a.completed) AND t.status <> 'cancelled' AND tm.village_id IN (SELECT id FROM v)`;

/** The members (by person) of the villages of the CTE `v` active on a day, with their village. */
const activeOn = (day: string) => sql`
  SELECT DISTINCT ${memberKey('m', 'tm')} AS k, tm.village_id
  FROM team_members m JOIN teams tm ON tm.id = m.team_id
  WHERE tm.village_id IN (SELECT id FROM v) AND m.joined_on <= ${day}::date AND (m.left_on IS NULL OR m.left_on > ${day}::date)`;

export interface VillageFigureRow {
  village_id: number;
  village_name: string;
  members: number;
  trained: number;
  never_trained: number;
  topics: Record<TrainingTopic, number>;
  methods: Record<TrainingMethod, number>;
}

/**
 * Per village under `path`: members active on `to`, those trained in [from, to] (present at a
 * training that was not cancelled, dated by its first day, or an online course completed,
 * dated by its certificate or the course's end), by topic and method, and those never trained
 * up to `to`. A member counts once per village, topic and method.
 */
export async function villageFigures(db: Kysely<DB>, path: string, from: string, to: string): Promise<VillageFigureRow[]> {
  const { rows } = await sql<{ village_id: number; village_name: string; members: number; trained: number; never_trained: number; topics: Record<string, number> | null; methods: Record<string, number> | null }>`
    WITH v AS (SELECT id, name FROM org_units WHERE level = 'village' AND active AND path LIKE ${likePrefix(path)}),
    active AS (${activeOn(to)}),
    trained AS (${TRAINED}),
    in_period AS (SELECT * FROM trained WHERE on_day BETWEEN ${from}::date AND ${to}::date),
    per_member AS (
      SELECT a.village_id, a.k,
        EXISTS (SELECT 1 FROM in_period p WHERE p.k = a.k) AS trained,
        NOT EXISTS (SELECT 1 FROM trained e WHERE e.k = a.k AND e.on_day <= ${to}::date) AS never_trained
      FROM active a
    ),
    by_topic AS (
      SELECT a.village_id, topic, count(DISTINCT a.k)::int AS n
      FROM active a JOIN in_period p ON p.k = a.k CROSS JOIN LATERAL unnest(p.topics) AS topic
      GROUP BY a.village_id, topic
    ),
    by_method AS (
      SELECT a.village_id, p.method, count(DISTINCT a.k)::int AS n
      FROM active a JOIN in_period p ON p.k = a.k
      GROUP BY a.village_id, p.method
    )
    SELECT v.id AS village_id, v.name AS village_name,
      (SELECT count(*)::int FROM per_member pm WHERE pm.village_id = v.id) AS members,
      (SELECT count(*)::int FROM per_member pm WHERE pm.village_id = v.id AND pm.trained) AS trained,
      (SELECT count(*)::int FROM per_member pm WHERE pm.village_id = v.id AND pm.never_trained) AS never_trained,
      (SELECT jsonb_object_agg(topic, n) FROM by_topic b WHERE b.village_id = v.id) AS topics,
      (SELECT jsonb_object_agg(method, n) FROM by_method b WHERE b.village_id = v.id) AS methods
    FROM v ORDER BY v.name, v.id`.execute(db);
  return rows.map((r) => ({
    ...r,
    topics: { policy: 0, public_services: 0, platforms: 0, security: 0, ...(r.topics ?? {}) },
    methods: { in_person: 0, hands_on: 0, online: 0, blended: 0, ...(r.methods ?? {}) },
  }));
}

/**
 * The unit's totals: a member trained in two villages' trainings is still one; by topic and
 * method each member once.
 */
export async function unitFigures(db: Kysely<DB>, path: string, from: string, to: string) {
  const { rows } = await sql<{ members: number; trained: number; never_trained: number; topics: Record<string, number> | null; methods: Record<string, number> | null }>`
    WITH v AS (SELECT id FROM org_units WHERE level = 'village' AND active AND path LIKE ${likePrefix(path)}),
    active AS (${activeOn(to)}),
    trained AS (${TRAINED}),
    in_period AS (SELECT * FROM trained WHERE k IN (SELECT k FROM active) AND on_day BETWEEN ${from}::date AND ${to}::date)
    SELECT
      (SELECT count(*)::int FROM active) AS members,
      (SELECT count(DISTINCT k)::int FROM in_period) AS trained,
      (SELECT count(*)::int FROM active a WHERE NOT EXISTS (SELECT 1 FROM trained e WHERE e.k = a.k AND e.on_day <= ${to}::date)) AS never_trained,
      (SELECT jsonb_object_agg(topic, n) FROM (SELECT topic, count(DISTINCT k)::int AS n FROM in_period, unnest(topics) AS topic GROUP BY topic) x) AS topics,
      (SELECT jsonb_object_agg(method, n) FROM (SELECT method, count(DISTINCT k)::int AS n FROM in_period GROUP BY method) x) AS methods`.execute(db);
  const r = rows[0];
  return {
    members: r.members, trained: r.trained, neverTrained: r.never_trained,
    topics: { policy: 0, public_services: 0, platforms: 0, security: 0, ...(r.topics ?? {}) } as Record<TrainingTopic, number>,
    methods: { in_person: 0, hands_on: 0, online: 0, blended: 0, ...(r.methods ?? {}) } as Record<TrainingMethod, number>,
  };
}

/** Trainings of the period (by first day) that concern the unit: its commune's or inviting its villages. */
export async function trainingCounts(db: Kysely<DB>, path: string, from: string, to: string) {
  const { rows } = await sql<{ held: number; planned: number; cancelled: number; topics: TrainingTopic[] | null; methods: TrainingMethod[] | null }>`
    WITH t AS (
      SELECT t.status, t.topics, t.method
      FROM trainings t JOIN org_units u ON u.id = t.org_unit_id
      WHERE t.starts_at >= ${dayStart(from)} AND t.starts_at < ${dayStart(addDays(to, 1))}
        AND (u.path LIKE ${likePrefix(path)} OR EXISTS (SELECT 1 FROM training_invitations i WHERE i.training_id = t.id AND i.village_id IN ${unitsUnder(path)}))
    )
    SELECT count(*) FILTER (WHERE status = 'held')::int AS held, count(*) FILTER (WHERE status = 'planned')::int AS planned,
      count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
      (SELECT array_agg(DISTINCT topic ORDER BY topic) FROM t, unnest(t.topics) AS topic WHERE t.status = 'held') AS topics,
      (SELECT array_agg(DISTINCT method ORDER BY method) FROM t WHERE t.status = 'held') AS methods
    FROM t`.execute(db);
  const r = rows[0];
  return { held: r.held, planned: r.planned, cancelled: r.cancelled, heldTopics: r.topics ?? [], heldMethods: r.methods ?? [] };
}

export interface NeverTrainedRow {
  member_id: string;
  full_name: string;
  team_role: 'leader' | 'deputy' | 'member';
  phone: string | null;
  joined_on: string;
  village_id: number;
  village_name: string;
}

/** Members active on `asOf` under `path` with no training attended or course completed up to it. */
export async function neverTrained(db: Kysely<DB>, path: string, asOf: string): Promise<NeverTrainedRow[]> {
  const { rows } = await sql<NeverTrainedRow>`
    WITH v AS (SELECT id, name FROM org_units WHERE level = 'village' AND active AND path LIKE ${likePrefix(path)}),
    active AS (
      SELECT DISTINCT ON (${memberKey('m', 'tm')}) ${memberKey('m', 'tm')} AS k, m.id AS member_id, m.full_name, m.team_role, m.phone,
        m.joined_on::text AS joined_on, tm.village_id
      FROM team_members m JOIN teams tm ON tm.id = m.team_id
      WHERE tm.village_id IN (SELECT id FROM v) AND m.joined_on <= ${asOf}::date AND (m.left_on IS NULL OR m.left_on > ${asOf}::date)
      ORDER BY ${memberKey('m', 'tm')}, m.joined_on DESC
    ),
    trained AS (
      SELECT DISTINCT ${memberKey('m', 'tm')} AS k
      FROM training_attendance a
      JOIN trainings t ON t.id = a.training_id
      JOIN team_members m ON m.id = a.team_member_id
      JOIN teams tm ON tm.id = m.team_id
      WHERE (a.status = 'present' OR a.completed) AND t.status <> 'cancelled' AND tm.village_id IN (SELECT id FROM v)
        AND CASE WHEN a.completed THEN coalesce(a.certificate_date, ${vnDay('t.ends_at')}) ELSE ${vnDay('t.starts_at')} END <= ${asOf}::date
    )
    SELECT a.member_id, a.full_name, a.team_role, a.phone, a.joined_on, a.village_id, v.name AS village_name
    FROM active a JOIN v ON v.id = a.village_id
    WHERE a.k NOT IN (SELECT k FROM trained)
    ORDER BY v.name, CASE a.team_role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, a.full_name`.execute(db);
  return rows;
}

// ---- On the phone ----

/**
 * The trainings a village's phone shows: inviting the village, not cancelled, from `since`
 * on (running or upcoming included), with the village's invited members and their attendance.
 */
export async function fieldTrainings(db: Kysely<DB>, villageId: number, since: string) {
  const { rows } = await sql<TrainingRow & { photos: number }>`
    SELECT ${TRAINING_COLUMNS},
      (SELECT count(*)::int FROM attachments ph WHERE ph.owner_entity = 'training' AND ph.owner_id = t.id::text) AS photos
    FROM trainings t JOIN org_units u ON u.id = t.org_unit_id LEFT JOIN accounts acc ON acc.id = t.created_by
    WHERE t.status <> 'cancelled' AND t.ends_at >= ${dayStart(since)}
      AND EXISTS (SELECT 1 FROM training_invitations i WHERE i.training_id = t.id AND i.village_id = ${villageId})
    ORDER BY t.starts_at, t.id
    LIMIT 50`.execute(db);
  return rows;
}
