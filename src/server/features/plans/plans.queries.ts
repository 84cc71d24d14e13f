// The plans' SQL: a plan with its commune, scoped so the commune's offices and its villages'
// accounts read it (a village head's area lies under the commune), its targets, the next
// registry number, and the approval that writes the plan's targets as the commune's.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, PlanTable } from '../../db/schema.ts';
import { likePrefix } from '../../http/scope.ts';

export type PlanRow = Selectable<PlanTable> & { unit_name: string; unit_path: string; task_count: number; from_year: number | null };

/** A unit the scope may read plans of: one in its area, or the commune above it (a village's accounts). */
export const planVisible = (scopePath: string) =>
  sql<boolean>`(u.path LIKE ${likePrefix(scopePath)} OR ${scopePath} LIKE u.path || '%')`;

function planSelect(db: Kysely<DB>) {
  return db
    .selectFrom('plans as p')
    .innerJoin('org_units as u', 'u.id', 'p.org_unit_id')
    .selectAll('p')
    .select([
      'u.name as unit_name', 'u.path as unit_path',
      sql<number>`(SELECT count(*)::int FROM tasks t WHERE t.plan_id = p.id)`.as('task_count'),
      sql<number | null>`(SELECT f.year FROM plans f WHERE f.id = p.drafted_from)`.as('from_year'),
    ]);
}

export async function findPlan(db: Kysely<DB>, id: string, scopePath: string): Promise<PlanRow | undefined> {
  return planSelect(db).where('p.id', '=', id).where(planVisible(scopePath)).executeTakeFirst() as Promise<PlanRow | undefined>;
}

export async function planOfYear(db: Kysely<DB>, orgUnitId: number, year: number) {
  return db.selectFrom('plans').select(['id', 'status', 'version']).where('org_unit_id', '=', orgUnitId).where('year', '=', year).executeTakeFirst();
}

export async function listPlans(db: Kysely<DB>, scopePath: string, orgUnitId: number | null): Promise<PlanRow[]> {
  let q = planSelect(db).where(planVisible(scopePath));
  if (orgUnitId !== null) q = q.where('p.org_unit_id', '=', orgUnitId);
  return q.orderBy('u.name').orderBy('p.year', 'desc').execute() as Promise<PlanRow[]>;
}

export async function planTargets(db: Kysely<DB>, planId: string) {
  const rows = await db.selectFrom('plan_targets').select(['code', 'target_percent']).where('plan_id', '=', planId).execute();
  return rows.map((r) => ({ code: r.code, percent: Number(r.target_percent) }));
}

export interface PlanValues {
  title: string;
  implements: string[];
  purposeText: string;
  requirementsText: string;
  generalGoalText: string;
  contentText: string;
}

const columnsOf = (v: PlanValues) => ({
  title: v.title, implements: v.implements, purpose_text: v.purposeText, requirements_text: v.requirementsText,
  general_goal_text: v.generalGoalText, content_text: v.contentText,
});

export async function insertPlan(db: Kysely<DB>, row: PlanValues & { id: string; orgUnitId: number; year: number; draftedFrom: string | null; createdBy: string }) {
  await db.insertInto('plans').values({
    id: row.id, org_unit_id: row.orgUnitId, year: row.year, drafted_from: row.draftedFrom, created_by: row.createdBy, ...columnsOf(row),
  }).execute();
}

/** Updates a draft if it is still at `version`; false when someone changed it meanwhile. */
export async function updateDraft(db: Kysely<DB>, id: string, version: number, values: PlanValues): Promise<boolean> {
  const res = await db.updateTable('plans').set({ ...columnsOf(values), version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', id).where('version', '=', version).where('status', '=', 'draft').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function replaceTargets(db: Kysely<DB>, planId: string, targets: Array<{ code: string; targetPercent: number }>) {
  await db.deleteFrom('plan_targets').where('plan_id', '=', planId).execute();
  if (targets.length) await db.insertInto('plan_targets').values(targets.map((t) => ({ plan_id: planId, code: t.code, target_percent: t.targetPercent }))).execute();
}

/** The next free number of the issuer's plans issued in a calendar year. */
export async function nextPlanNumber(db: Kysely<DB>, orgUnitId: number, issuedYear: number, symbol: string): Promise<number> {
  const row = await sql<{ n: number }>`
    SELECT coalesce(max(number_value), 0)::int + 1 AS n FROM plans
    WHERE org_unit_id = ${orgUnitId} AND number_symbol = ${symbol} AND extract(year FROM issued_on) = ${issuedYear}`.execute(db);
  return row.rows[0].n;
}

export async function approveDraft(db: Kysely<DB>, id: string, version: number, set: { number: number; issuedOn: string; signerName: string; signerTitle: string; approvedBy: string }): Promise<boolean> {
  const res = await db.updateTable('plans').set({
    status: 'approved', number_value: set.number, issued_on: set.issuedOn, signer_name: set.signerName, signer_title: set.signerTitle,
    approved_by: set.approvedBy, approved_at: new Date(), version: sql`version + 1`, updated_at: new Date(),
  }).where('id', '=', id).where('version', '=', version).where('status', '=', 'draft').executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** The plan's targets become the commune's for its year (the figures read indicator_targets). */
export async function writeCommuneTargets(db: Kysely<DB>, year: number, orgUnitId: number, targets: Array<{ code: string; percent: number }>, by: string) {
  if (!targets.length) return;
  await db.insertInto('indicator_targets')
    .values(targets.map((t) => ({ year, org_unit_id: orgUnitId, code: t.code, target_percent: t.percent, set_by: by })))
    .onConflict((oc) => oc.columns(['year', 'org_unit_id', 'code']).doUpdateSet((eb) => ({
      target_percent: eb.ref('excluded.target_percent'), set_by: eb.ref('excluded.set_by'), set_at: new Date(),
    })))
    .execute();
}

export async function communeTargetRows(db: Kysely<DB>, year: number, orgUnitId: number) {
  const rows = await db.selectFrom('indicator_targets').select(['code', 'target_percent']).where('year', '=', year).where('org_unit_id', '=', orgUnitId).execute();
  return rows.map((r) => ({ code: r.code, percent: Number(r.target_percent) }));
}

export async function approverName(db: Kysely<DB>, accountId: string | null): Promise<string | null> {
  if (!accountId) return null;
  const row = await db.selectFrom('accounts').select('full_name').where('id', '=', accountId).executeTakeFirst();
  return row?.full_name ?? null;
}
