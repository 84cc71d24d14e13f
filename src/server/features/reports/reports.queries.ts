// Reads and writes of reports and their events. Every state change is one conditional UPDATE
// (id, version and the states it may leave): two officers acting at once on one report
// cannot both win, the second finds the version moved and gets nothing back.
import { type Kysely, type Updateable, sql } from 'kysely';
import type { ReportAction, ReportActivity, ReportKind, ReportStatus, VillageReportState } from '../../../shared/reports.ts';
import type { ReportFigures } from '../../../shared/report-document.ts';
import type { DB, ReportTable } from '../../db/schema.ts';
import { likePrefix } from '../../http/scope.ts';

/** What the figures column holds: frozen with the report, rewritten only by "tính lại số liệu". */
export interface FrozenFigures {
  figures: ReportFigures;
  activity: ReportActivity;
  /** The date the figures were taken at (the period's last day, or the day they were computed while it ran). */
  asOf: string;
  /** A commune's report: the villages' reports as they stood when it was submitted (live before). */
  villageReports?: VillageReportState[];
}

export interface ReportRow {
  id: string;
  kind: ReportKind;
  org_unit_id: number;
  unit_name: string;
  unit_level: 'village' | 'commune';
  unit_path: string;
  parent_name: string | null;
  parent_id: number | null;
  period_start: string;
  period_end: string;
  year: number;
  status: ReportStatus;
  version: number;
  figures: FrozenFigures;
  figures_computed_at: Date;
  results_text: string;
  difficulties_text: string;
  proposals_text: string;
  number_value: number | null;
  number_symbol: string | null;
  issued_on: string | null;
  signer_name: string | null;
  signer_title: string | null;
  submitted_at: Date | null;
  reviewed_at: Date | null;
  review_comment: string | null;
  created_at: Date;
  /** The first submission: lateness is judged on it, not on a resubmission after a return. */
  first_submitted_at: Date | null;
}

/**
 * When a report was first submitted: its first 'submitted' event (submitted_at is rewritten by
 * every resubmission), or submitted_at for a report written in without its events.
 */
const firstSubmittedAt = sql<Date | null>`coalesce((SELECT min(e.at) FROM report_events e WHERE e.report_id = r.id AND e.action = 'submitted'), r.submitted_at)`;

function selectReports(db: Kysely<DB>) {
  return db
    .selectFrom('reports as r')
    .innerJoin('org_units as u', 'u.id', 'r.org_unit_id')
    .leftJoin('org_units as p', 'p.id', 'u.parent_id')
    .select([
      'r.id', 'r.kind', 'r.org_unit_id', 'u.name as unit_name', 'u.level as unit_level', 'u.path as unit_path', 'p.name as parent_name', 'p.id as parent_id',
      'r.period_start', 'r.period_end', 'r.year', 'r.status', 'r.version', 'r.figures', 'r.figures_computed_at',
      'r.results_text', 'r.difficulties_text', 'r.proposals_text', 'r.number_value', 'r.number_symbol', 'r.issued_on',
      'r.signer_name', 'r.signer_title', 'r.submitted_at', 'r.reviewed_at', 'r.review_comment', 'r.created_at',
      firstSubmittedAt.as('first_submitted_at'),
    ]);
}

const asRow = (row: unknown) => row as ReportRow;

/** A report whose unit lies under `scopePath`. */
export async function findReport(db: Kysely<DB>, id: string, scopePath: string): Promise<ReportRow | undefined> {
  const row = await selectReports(db).where('r.id', '=', id).where('u.path', 'like', likePrefix(scopePath)).executeTakeFirst();
  return row ? asRow(row) : undefined;
}

export async function findByPeriod(db: Kysely<DB>, kind: ReportKind, orgUnitId: number, start: string, end: string): Promise<ReportRow | undefined> {
  const row = await selectReports(db)
    .where('r.kind', '=', kind).where('r.org_unit_id', '=', orgUnitId).where('r.period_start', '=', start).where('r.period_end', '=', end)
    .executeTakeFirst();
  return row ? asRow(row) : undefined;
}

/** A new draft; when another request created the same one a moment before, nothing (the caller reads theirs). */
export async function insertDraft(db: Kysely<DB>, values: {
  id: string; kind: ReportKind; orgUnitId: number; start: string; end: string; year: number; frozen: FrozenFigures; createdBy: string;
}): Promise<boolean> {
  const inserted = await db.insertInto('reports').values({
    id: values.id, kind: values.kind, org_unit_id: values.orgUnitId, period_start: values.start, period_end: values.end, year: values.year,
    figures: JSON.stringify(values.frozen), figures_computed_at: new Date(), created_by: values.createdBy,
  }).onConflict((oc) => oc.columns(['kind', 'org_unit_id', 'period_start', 'period_end']).doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** The change if the report is still at `version` and in one of `from`; false when someone else moved it first. */
export async function updateIfCurrent(db: Kysely<DB>, id: string, version: number, from: readonly ReportStatus[], set: Updateable<ReportTable>): Promise<boolean> {
  const row = await db.updateTable('reports')
    .set({ ...set, version: sql<number>`version + 1`, updated_at: new Date() })
    .where('id', '=', id).where('version', '=', version).where('status', 'in', [...from])
    .returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function insertEvent(db: Kysely<DB>, event: { reportId: string; accountId: string; action: ReportAction; from: ReportStatus | null; to: ReportStatus; comment?: string | null }) {
  await db.insertInto('report_events').values({
    report_id: event.reportId, account_id: event.accountId, action: event.action, from_status: event.from, to_status: event.to, comment: event.comment ?? null,
  }).execute();
}

export async function eventsOf(db: Kysely<DB>, reportId: string) {
  return db.selectFrom('report_events as e').leftJoin('accounts as a', 'a.id', 'e.account_id')
    .select(['e.at', 'e.action', 'e.from_status', 'e.to_status', 'e.comment', 'a.full_name'])
    .where('e.report_id', '=', reportId).orderBy('e.id').execute();
}

/** The next registry number of an issuer's reports in a year (BC-UBND 01, 02, …). */
export async function nextNumber(db: Kysely<DB>, orgUnitId: number, year: number, symbol: string): Promise<number> {
  const row = await db.selectFrom('reports').select(sql<number>`coalesce(max(number_value), 0)::int`.as('n'))
    .where('org_unit_id', '=', orgUnitId).where(sql`extract(year from issued_on)::int`, '=', year).where('number_symbol', '=', symbol)
    .executeTakeFirstOrThrow();
  return row.n + 1;
}

/** Units of a level under (or equal to) a unit, active, by name. */
export async function unitsOfLevel(db: Kysely<DB>, path: string, level: 'village' | 'commune') {
  return db.selectFrom('org_units').select(['id', 'name', 'path']).where('level', '=', level).where('active', '=', true)
    .where('path', 'like', likePrefix(path)).orderBy('name').orderBy('id').execute();
}

/** The reports of some units for one kind and period. */
export async function reportsForUnits(db: Kysely<DB>, kind: ReportKind, unitIds: number[], start: string, end: string) {
  if (!unitIds.length) return [];
  return db.selectFrom('reports as r')
    .select(['r.id', 'r.org_unit_id', 'r.status', 'r.submitted_at', 'r.reviewed_at', 'r.created_at', firstSubmittedAt.as('first_submitted_at')])
    .where('r.kind', '=', kind).where('r.period_start', '=', start).where('r.period_end', '=', end).where('r.org_unit_id', 'in', unitIds).execute();
}

export interface ListFilter {
  scopePath: string;
  kind?: ReportKind;
  orgUnitId?: number;
  year?: number;
  status?: ReportStatus;
  /** Statuses a reader may see at all (the province viewer: finished reports only). */
  visible?: readonly ReportStatus[];
  offset: number;
  limit: number;
}

export async function listReports(db: Kysely<DB>, filter: ListFilter) {
  let query = selectReports(db).where('u.path', 'like', likePrefix(filter.scopePath));
  if (filter.kind) query = query.where('r.kind', '=', filter.kind);
  if (filter.orgUnitId) query = query.where('r.org_unit_id', '=', filter.orgUnitId);
  if (filter.year) query = query.where('r.year', '=', filter.year);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.visible) query = query.where('r.status', 'in', [...filter.visible]);
  const [rows, total] = await Promise.all([
    query.orderBy('r.period_end', 'desc').orderBy('u.name').orderBy('r.kind').offset(filter.offset).limit(filter.limit).execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(asRow), total: total.n };
}

/**
 * Teams and members of the villages under a unit as they stood on a date: a team formed by
 * then and not ended, members who had joined and not left.
 */
export async function teamActivity(db: Kysely<DB>, path: string, asOf: string): Promise<ReportActivity> {
  const row = await sql<{ villages: number; with_team: number; teams: number; active_members: number; youth: number }>`
    WITH v AS (SELECT id FROM org_units WHERE level = 'village' AND active AND path LIKE ${likePrefix(path)}),
    t AS (SELECT id, village_id FROM teams WHERE village_id IN (SELECT id FROM v) AND formed_on <= ${asOf}::date AND (ended_on IS NULL OR ended_on > ${asOf}::date)),
    m AS (SELECT affiliation FROM team_members WHERE team_id IN (SELECT id FROM t) AND joined_on <= ${asOf}::date AND (left_on IS NULL OR left_on > ${asOf}::date))
    SELECT (SELECT count(*) FROM v)::int AS villages, (SELECT count(DISTINCT village_id) FROM t)::int AS with_team,
      (SELECT count(*) FROM t)::int AS teams, (SELECT count(*) FROM m)::int AS active_members,
      (SELECT count(*) FROM m WHERE affiliation = 'youth_union')::int AS youth`.execute(db);
  const r = row.rows[0];
  return { teams: { villages: r.villages, withTeam: r.with_team, teams: r.teams, activeMembers: r.active_members, youthUnionMembers: r.youth } };
}

/** The village head's name (the signer of a village's report), when the village has an account for one. */
export async function villageHeadName(db: Kysely<DB>, villageId: number): Promise<string | null> {
  const row = await db.selectFrom('accounts').select('full_name').where('org_unit_id', '=', villageId).where('role', '=', 'village_head')
    .where('disabled_at', 'is', null).orderBy('created_at').executeTakeFirst();
  return row?.full_name ?? null;
}

export async function provinceOf(db: Kysely<DB>, unitPath: string): Promise<string | null> {
  const rootId = Number(unitPath.split('/').filter(Boolean)[0]);
  const row = await db.selectFrom('org_units').select('name').where('id', '=', rootId).where('level', '=', 'province').executeTakeFirst();
  return row?.name ?? null;
}
