// The tasks' SQL: tasks and their occurrences scoped by area (a commune's offices read the
// commune's, a village's accounts their village's occurrences), the lists and the board by
// unit × month, the province's on-time overview, history rows, and the lookups evidence needs.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, TaskOccurrenceTable, TaskTable } from '../../db/schema.ts';
import { likePrefix } from '../../http/scope.ts';
import type { OccurrencePlan } from './task-occurrences.ts';
import { v7 as uuidv7 } from 'uuid';

export type TaskRow = Selectable<TaskTable> & { unit_path: string };
export type OccurrenceRow = Selectable<TaskOccurrenceTable> & {
  title: string; clause: string; responsible: string; cooperating: string[]; evidence_expected: string | null; completes_with: string | null;
  source_document: string | null; plan_id: string | null; repeat: 'monthly' | 'quarterly' | null; repeat_day: number | null;
  village_name: string | null; unit_path: string; year: number;
  attachment_name: string | null; record_label: string | null;
};

/** An occurrence the scope reads: of a commune in its area, or of a village in its area. */
const occurrenceVisible = (scopePath: string) => sql<boolean>`(
  o.org_unit_id IN (SELECT id FROM org_units WHERE path LIKE ${likePrefix(scopePath)})
  OR o.village_id IN (SELECT id FROM org_units WHERE path LIKE ${likePrefix(scopePath)}))`;

/** The month an occurrence belongs to: its period's, else its due day's. */
const occurrenceMonth = sql<number>`extract(month FROM coalesce(o.period_end, o.due_on))::int`;

export async function activeVillages(db: Kysely<DB>, communePath: string) {
  return db.selectFrom('org_units').select(['id', 'name']).where('level', '=', 'village').where('active', '=', true)
    .where('path', 'like', likePrefix(communePath)).orderBy('name').orderBy('id').execute();
}

export async function findTask(db: Kysely<DB>, id: string, scopePath: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks as t').innerJoin('org_units as u', 'u.id', 't.org_unit_id').selectAll('t').select('u.path as unit_path')
    .where('t.id', '=', id).where('u.path', 'like', likePrefix(scopePath)).executeTakeFirst();
}

export interface TaskValues {
  clause: string;
  title: string;
  responsible: string;
  villageId: number | null;
  cooperating: string[];
  dueOn: string | null;
  repeat: 'monthly' | 'quarterly' | null;
  repeatDay: number | null;
  evidenceExpected: string | null;
  completesWith: string | null;
  sourceDocument: string | null;
}

const taskColumns = (v: TaskValues) => ({
  clause: v.clause, title: v.title, responsible: v.responsible, village_id: v.villageId, cooperating: v.cooperating, due_on: v.dueOn,
  repeat: v.repeat, repeat_day: v.repeatDay, evidence_expected: v.evidenceExpected, completes_with: v.completesWith, source_document: v.sourceDocument,
});

export async function insertTask(db: Kysely<DB>, row: TaskValues & { id: string; orgUnitId: number; year: number; planId: string | null; sort: number; createdBy: string }) {
  await db.insertInto('tasks').values({ id: row.id, org_unit_id: row.orgUnitId, year: row.year, plan_id: row.planId, sort: row.sort, created_by: row.createdBy, ...taskColumns(row) }).execute();
}

export async function updateTask(db: Kysely<DB>, id: string, version: number, values: TaskValues): Promise<boolean> {
  const res = await db.updateTable('tasks').set({ ...taskColumns(values), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function nextSort(db: Kysely<DB>, planId: string | null, orgUnitId: number, year: number): Promise<number> {
  const row = await db.selectFrom('tasks').select(sql<number>`coalesce(max(sort), 0)::int + 1`.as('n'))
    .where(planId ? sql<boolean>`plan_id = ${planId}` : sql<boolean>`plan_id IS NULL AND org_unit_id = ${orgUnitId} AND year = ${year}`).executeTakeFirstOrThrow();
  return row.n;
}

export async function insertOccurrences(db: Kysely<DB>, task: { id: string; orgUnitId: number }, plans: OccurrencePlan[], extra: (p: OccurrencePlan) => Partial<{ status: 'todo' | 'doing' | 'done'; done_on: string | null; evidence_kind: string | null; evidence_record_id: string | null; note: string }> = () => ({})) {
  for (let i = 0; i < plans.length; i += 500) {
    await db.insertInto('task_occurrences').values(plans.slice(i, i + 500).map((p) => ({
      id: uuidv7(), task_id: task.id, org_unit_id: task.orgUnitId, village_id: p.villageId, period_start: p.periodStart, period_end: p.periodEnd, due_on: p.dueOn, ...extra(p),
    }))).execute();
  }
}

/** Occurrences not done yet of a task (an edit of the task remakes them). */
export async function deleteOpenOccurrences(db: Kysely<DB>, taskId: string): Promise<number> {
  const res = await db.deleteFrom('task_occurrences').where('task_id', '=', taskId).where('status', '=', 'todo')
    .where('evidence_kind', 'is', null).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function occurrenceKeys(db: Kysely<DB>, taskId: string) {
  return db.selectFrom('task_occurrences').select(['village_id', 'due_on']).where('task_id', '=', taskId).execute();
}

export async function insertEvent(db: Kysely<DB>, e: { taskId: string; occurrenceId: string | null; accountId: string | null; action: string; from: string | null; to: string | null; detail?: Record<string, unknown> }) {
  await db.insertInto('task_events').values({
    task_id: e.taskId, occurrence_id: e.occurrenceId, account_id: e.accountId, action: e.action, from_status: e.from, to_status: e.to, detail: JSON.stringify(e.detail ?? {}),
  }).execute();
}

function occurrenceSelect(db: Kysely<DB>) {
  return db.selectFrom('task_occurrences as o')
    .innerJoin('tasks as t', 't.id', 'o.task_id')
    .innerJoin('org_units as u', 'u.id', 'o.org_unit_id')
    .leftJoin('org_units as v', 'v.id', 'o.village_id')
    .leftJoin('attachments as a', 'a.id', 'o.evidence_attachment_id')
    .selectAll('o')
    .select([
      't.title', 't.clause', 't.responsible', 't.cooperating', 't.evidence_expected', 't.completes_with', 't.source_document', 't.plan_id', 't.repeat', 't.repeat_day', 't.year',
      'v.name as village_name', 'u.path as unit_path', 'a.file_name as attachment_name',
      sql<string | null>`CASE o.evidence_kind
        WHEN 'report' THEN (SELECT 'Báo cáo ' || to_char(r.period_end, 'MM/YYYY') || ' của ' || ru.name FROM reports r JOIN org_units ru ON ru.id = r.org_unit_id WHERE r.id = o.evidence_record_id)
        WHEN 'training' THEN (SELECT tr.title FROM trainings tr WHERE tr.id = o.evidence_record_id)
        WHEN 'campaign' THEN (SELECT c.name FROM comm_campaigns c WHERE c.id = o.evidence_record_id)
        END`.as('record_label'),
    ]);
}

export async function findOccurrence(db: Kysely<DB>, id: string, scopePath: string): Promise<OccurrenceRow | undefined> {
  return occurrenceSelect(db).where('o.id', '=', id).where(occurrenceVisible(scopePath)).executeTakeFirst() as Promise<OccurrenceRow | undefined>;
}

export interface OccurrenceFilter {
  scopePath: string;
  communeId: number | null;
  year: number;
  month?: number;
  units?: string[];
  villageId?: number;
  status?: 'todo' | 'doing' | 'done' | 'overdue';
  /** Only these occurrences' tasks (a plan's). */
  planId?: string;
  today: string;
  offset: number;
  limit: number;
}

function filtered(db: Kysely<DB>, f: OccurrenceFilter) {
  let q = occurrenceSelect(db).where(occurrenceVisible(f.scopePath)).where('t.year', '=', f.year);
  if (f.communeId !== null) q = q.where('o.org_unit_id', '=', f.communeId);
  if (f.month) q = q.where(sql<boolean>`${occurrenceMonth} = ${f.month}`);
  if (f.units?.length) q = q.where('t.responsible', 'in', f.units);
  if (f.villageId) q = q.where('o.village_id', '=', f.villageId);
  if (f.planId) q = q.where('t.plan_id', '=', f.planId);
  if (f.status === 'done') q = q.where('o.status', '=', 'done');
  if (f.status === 'overdue') q = q.where('o.status', '<>', 'done').where('o.due_on', '<', f.today);
  if (f.status === 'todo' || f.status === 'doing') q = q.where('o.status', '=', f.status).where('o.due_on', '>=', f.today);
  return q;
}

export async function listOccurrences(db: Kysely<DB>, f: OccurrenceFilter): Promise<{ rows: OccurrenceRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    filtered(db, f)
      // Late first, then by due day; done ones last.
      .orderBy(sql`CASE WHEN o.status <> 'done' AND o.due_on < ${f.today} THEN 0 WHEN o.status <> 'done' THEN 1 ELSE 2 END`)
      .orderBy('o.due_on').orderBy('t.sort').orderBy('v.name').orderBy('o.id')
      .offset(f.offset).limit(f.limit).execute(),
    db.selectFrom(filtered(db, f).as('x')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as OccurrenceRow[], total: total.n };
}

/** Open occurrences of some units due by `until` (overdue ones too): the landing page's. */
export async function openDueBy(db: Kysely<DB>, f: { scopePath: string; units: string[] | null; villageId: number | null; until: string; limit: number }) {
  let q = occurrenceSelect(db).where(occurrenceVisible(f.scopePath)).where('o.status', '<>', 'done').where('o.due_on', '<=', f.until);
  if (f.units) q = q.where('t.responsible', 'in', f.units);
  if (f.villageId) q = q.where('o.village_id', '=', f.villageId);
  return q.orderBy('o.due_on').orderBy('t.sort').limit(f.limit).execute() as Promise<OccurrenceRow[]>;
}

export async function countOpenDueBy(db: Kysely<DB>, f: { scopePath: string; until: string; today: string }) {
  return db.selectFrom('task_occurrences as o').innerJoin('tasks as t', 't.id', 'o.task_id')
    .select(['t.responsible', sql<number>`count(*) FILTER (WHERE o.due_on < ${f.today})::int`.as('late'), sql<number>`count(*)::int`.as('n'), sql<string>`min(o.due_on)::text`.as('first_due')])
    .where(occurrenceVisible(f.scopePath)).where('o.status', '<>', 'done').where('o.due_on', '<=', f.until)
    .groupBy('t.responsible').execute();
}

/** The board: per responsible unit (and village) and month of the year, counts of a commune's occurrences. */
export async function boardCounts(db: Kysely<DB>, communeId: number, year: number, today: string) {
  const rows = await sql<{ responsible: string; village_id: number | null; village_name: string | null; month: number; total: number; done: number; overdue: number; done_late: number }>`
    SELECT t.responsible, o.village_id, v.name AS village_name, ${occurrenceMonth} AS month,
      count(*)::int AS total,
      count(*) FILTER (WHERE o.status = 'done')::int AS done,
      count(*) FILTER (WHERE o.status <> 'done' AND o.due_on < ${today})::int AS overdue,
      count(*) FILTER (WHERE o.status = 'done' AND o.done_on > o.due_on)::int AS done_late
    FROM task_occurrences o
    JOIN tasks t ON t.id = o.task_id
    LEFT JOIN org_units v ON v.id = o.village_id
    WHERE o.org_unit_id = ${communeId} AND t.year = ${year}
    GROUP BY 1, 2, 3, 4`.execute(db);
  return rows.rows;
}

/**
 * By commune under a unit, for a year up to `today`: occurrences due so far, done, done by
 * their due day; and the monthly reports (villages' to Phòng VH-XH, the commune's to the Sở)
 * due so far, in, and in by their due day (REPORT_DUE_DAY: the 3rd and the 5th).
 */
export async function onTimeByCommune(db: Kysely<DB>, path: string, year: number, today: string) {
  const rows = await sql<{ id: number; name: string; t_expected: number; t_done: number; t_on_time: number; r_expected: number; r_done: number; r_on_time: number }>`
    WITH communes AS (
      SELECT id, name, path FROM org_units WHERE level = 'commune' AND active AND path LIKE ${likePrefix(path)}
    ),
    months AS (
      SELECT m, make_date(${year}, m, 1) AS start, (make_date(${year}, m, 1) + interval '1 month - 1 day')::date AS end_day
      FROM generate_series(1, 12) m
    ),
    due AS (
      SELECT m, start, end_day,
        (date_trunc('month', end_day) + interval '1 month')::date + 2 AS village_due,
        (date_trunc('month', end_day) + interval '1 month')::date + 4 AS commune_due
      FROM months
    ),
    tasks_by AS (
      SELECT o.org_unit_id AS id,
        count(*)::int AS expected,
        count(*) FILTER (WHERE o.status = 'done')::int AS done,
        count(*) FILTER (WHERE o.status = 'done' AND o.done_on <= o.due_on)::int AS on_time
      FROM task_occurrences o JOIN tasks t ON t.id = o.task_id
      WHERE t.year = ${year} AND o.due_on <= ${today} AND o.org_unit_id IN (SELECT id FROM communes)
      GROUP BY o.org_unit_id
    ),
    expected_reports AS (
      SELECT c.id AS commune_id, vu.id AS unit_id, 'village_monthly' AS kind, d.start, d.end_day, d.village_due AS due_day
      FROM communes c JOIN org_units vu ON vu.parent_id = c.id AND vu.level = 'village' AND vu.active
      JOIN due d ON d.village_due <= ${today}::date
      UNION ALL
      SELECT c.id, c.id, 'commune_monthly', d.start, d.end_day, d.commune_due
      FROM communes c JOIN due d ON d.commune_due <= ${today}::date
    ),
    reports_by AS (
      SELECT e.commune_id AS id,
        count(*)::int AS expected,
        count(r.arrived)::int AS done,
        count(*) FILTER (WHERE r.arrived <= e.due_day)::int AS on_time
      FROM expected_reports e
      LEFT JOIN LATERAL (
        SELECT CASE WHEN e.kind = 'commune_monthly'
            THEN CASE WHEN r.status = 'sent' THEN (r.reviewed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END
            ELSE (coalesce((SELECT min(ev.at) FROM report_events ev WHERE ev.report_id = r.id AND ev.action = 'submitted'), r.submitted_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
          END AS arrived
        FROM reports r
        WHERE r.kind = e.kind AND r.org_unit_id = e.unit_id AND r.period_start = e.start AND r.period_end = e.end_day
      ) r ON true
      GROUP BY e.commune_id
    )
    SELECT c.id, c.name,
      coalesce(tb.expected, 0) AS t_expected, coalesce(tb.done, 0) AS t_done, coalesce(tb.on_time, 0) AS t_on_time,
      coalesce(rb.expected, 0) AS r_expected, coalesce(rb.done, 0) AS r_done, coalesce(rb.on_time, 0) AS r_on_time
    FROM communes c LEFT JOIN tasks_by tb ON tb.id = c.id LEFT JOIN reports_by rb ON rb.id = c.id
    ORDER BY c.name, c.id`.execute(db);
  return rows.rows;
}

export async function occurrenceHistory(db: Kysely<DB>, occurrenceId: string, taskId: string) {
  return db.selectFrom('task_events as e').leftJoin('accounts as a', 'a.id', 'e.account_id')
    .select(['e.at', 'e.action', 'e.from_status', 'e.to_status', 'e.detail', 'a.full_name'])
    .where((eb) => eb.or([eb('e.occurrence_id', '=', occurrenceId), eb.and([eb('e.task_id', '=', taskId), eb('e.occurrence_id', 'is', null)])]))
    .orderBy('e.id').execute();
}

export async function updateProgress(db: Kysely<DB>, id: string, version: number, set: {
  status: string; done_on: string | null; evidence_kind: string | null; evidence_attachment_id: string | null; evidence_url: string | null; evidence_record_id: string | null; note: string; updated_by: string | null;
}): Promise<boolean> {
  const res = await db.updateTable('task_occurrences').set({ ...set, status: set.status as 'todo', version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Open occurrences a submitted report completes: its kind, its unit (a village's, or the commune's), its period. */
export async function occurrencesCompletedBy(db: Kysely<DB>, r: { kind: string; orgUnitId: number; unitLevel: string; periodStart: string; periodEnd: string }) {
  let q = db.selectFrom('task_occurrences as o').innerJoin('tasks as t', 't.id', 'o.task_id')
    .select(['o.id', 'o.task_id', 'o.status', 'o.org_unit_id', 'o.due_on'])
    .where('t.completes_with', '=', r.kind).where('o.status', '<>', 'done')
    .where('o.period_start', '=', r.periodStart).where('o.period_end', '=', r.periodEnd);
  q = r.unitLevel === 'village' ? q.where('o.village_id', '=', r.orgUnitId) : q.where('o.org_unit_id', '=', r.orgUnitId).where('o.village_id', 'is', null);
  return q.execute();
}

export async function completeByRecord(db: Kysely<DB>, ids: string[], recordKind: string, recordId: string, today: string, by: string | null) {
  if (!ids.length) return;
  await db.updateTable('task_occurrences').set({
    status: 'done', done_on: today, evidence_kind: recordKind, evidence_record_id: recordId, evidence_attachment_id: null, evidence_url: null,
    version: sql`version + 1`, updated_by: by, updated_at: new Date(),
  }).where('id', 'in', ids).execute();
}

/** Whether a record given as evidence exists and belongs to the commune (or one of its villages). */
export async function recordInCommune(db: Kysely<DB>, kind: 'report' | 'training' | 'campaign', id: string, communePath: string): Promise<boolean> {
  const table = kind === 'report' ? sql`reports` : kind === 'training' ? sql`trainings` : sql`comm_campaigns`;
  const row = await sql<{ ok: boolean }>`
    SELECT true AS ok FROM ${table} x JOIN org_units u ON u.id = x.org_unit_id
    WHERE x.id = ${id}::uuid AND u.path LIKE ${likePrefix(communePath)}`.execute(db);
  return row.rows.length > 0;
}

/** Which kind of record an id is, if any (for "evidence of the wrong kind"). */
export async function recordKindOf(db: Kysely<DB>, id: string): Promise<'report' | 'training' | 'campaign' | null> {
  const row = await sql<{ kind: 'report' | 'training' | 'campaign' }>`
    SELECT 'report' AS kind FROM reports WHERE id = ${id}::uuid
    UNION ALL SELECT 'training' FROM trainings WHERE id = ${id}::uuid
    UNION ALL SELECT 'campaign' FROM comm_campaigns WHERE id = ${id}::uuid LIMIT 1`.execute(db);
  return row.rows[0]?.kind ?? null;
}

export async function tasksOfPlan(db: Kysely<DB>, planId: string) {
  return db.selectFrom('tasks').selectAll().where('plan_id', '=', planId).orderBy('sort').execute();
}

/** A task one of whose occurrences the scope reads (its ad-hoc document is read with it). */
export async function taskVisibleTo(db: Kysely<DB>, taskId: string, scopePath: string) {
  return db.selectFrom('task_occurrences as o').select('o.org_unit_id').where('o.task_id', '=', taskId).where(occurrenceVisible(scopePath)).executeTakeFirst();
}

export async function occurrencesDoneByRecord(db: Kysely<DB>, recordId: string) {
  return db.selectFrom('task_occurrences').select(['id', 'task_id', 'org_unit_id']).where('evidence_record_id', '=', recordId).where('status', '=', 'done').execute();
}

export async function reopenOccurrences(db: Kysely<DB>, ids: string[], by: string | null) {
  if (!ids.length) return;
  await db.updateTable('task_occurrences').set({ status: 'doing', done_on: null, version: sql`version + 1`, updated_by: by, updated_at: new Date() }).where('id', 'in', ids).execute();
}
