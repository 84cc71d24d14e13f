// All the SQL of the budget (kinh phí). A line, a commitment, a spending entry and an
// allowance sheet belong to a commune's year; who may see them is decided here by the
// commune's path under the caller's area. Money leaves the database as text (bigint) and is
// turned into a JS integer by the service (safe far beyond any commune's budget).
import { type Kysely, sql } from 'kysely';
import { BUDGET_ACTIVITIES, FUNDING_SOURCES } from '../../../shared/budget.ts';
import type { DB } from '../../db/schema.ts';
import { likePrefix } from '../../http/scope.ts';

const activityOrder = sql.raw(`ARRAY[${BUDGET_ACTIVITIES.map((a) => `'${a}'`).join(',')}]`);
const sourceOrder = sql.raw(`ARRAY[${FUNDING_SOURCES.map((a) => `'${a}'`).join(',')}]`);

// ---- The year ----

export interface YearRow {
  org_unit_id: number;
  year: number;
  settled_at: Date | null;
  settled_by_name: string | null;
  settlement_note: string;
}

/** Creates the commune's year when first budgeted. */
export async function ensureYear(db: Kysely<DB>, communeId: number, year: number): Promise<void> {
  await sql`INSERT INTO budget_years (org_unit_id, year) VALUES (${communeId}, ${year}) ON CONFLICT DO NOTHING`.execute(db);
}

/**
 * The year's state; `lock` takes its row for the write's transaction, so a settlement and a
 * write of the same year never interleave (the later one sees the other's result).
 */
export async function findYear(db: Kysely<DB>, communeId: number, year: number, lock = false): Promise<YearRow | undefined> {
  const { rows } = await sql<YearRow>`
    SELECT y.org_unit_id, y.year, y.settled_at, a.full_name AS settled_by_name, y.settlement_note
    FROM budget_years y LEFT JOIN accounts a ON a.id = y.settled_by
    WHERE y.org_unit_id = ${communeId} AND y.year = ${year} ${lock ? sql`FOR UPDATE OF y` : sql``}`.execute(db);
  return rows[0];
}

export async function settleYear(db: Kysely<DB>, communeId: number, year: number, by: string, note: string): Promise<void> {
  await sql`UPDATE budget_years SET settled_at = now(), settled_by = ${by}, settlement_note = ${note} WHERE org_unit_id = ${communeId} AND year = ${year}`.execute(db);
}

// ---- Lines ----

export interface LineRow {
  id: string;
  org_unit_id: number;
  unit_path: string;
  year: number;
  activity: string;
  source: string;
  title: string;
  legal_basis: string;
  version: number;
  estimate_vnd: string;
  initial_vnd: string;
  revisions: number;
  spent_vnd: string;
  entries: number;
  committed_vnd: string;
}

/** A line's figures: spent, and commitments not yet paid (each commitment less what was paid against it). */
const LINE_SELECT = sql`
  SELECT l.id, l.org_unit_id, u.path AS unit_path, l.year, l.activity, l.source, l.title, l.legal_basis, l.version, l.estimate_vnd::text AS estimate_vnd,
    coalesce((SELECT r.estimate_vnd FROM budget_revisions r WHERE r.line_id = l.id AND r.kind = 'initial' LIMIT 1), l.estimate_vnd)::text AS initial_vnd,
    (SELECT count(*) FROM budget_revisions r WHERE r.line_id = l.id AND r.kind = 'revision')::int AS revisions,
    coalesce(s.spent, 0)::text AS spent_vnd, coalesce(s.entries, 0)::int AS entries,
    coalesce((SELECT sum(greatest(c.amount_vnd - coalesce((SELECT sum(x.amount_vnd) FROM budget_spending x WHERE x.commitment_id = c.id), 0), 0))
      FROM budget_commitments c WHERE c.line_id = l.id), 0)::text AS committed_vnd
  FROM budget_lines l
  JOIN org_units u ON u.id = l.org_unit_id
  LEFT JOIN LATERAL (SELECT sum(amount_vnd) AS spent, count(*) AS entries FROM budget_spending WHERE line_id = l.id) s ON true`;

export async function linesOfYear(db: Kysely<DB>, communeId: number, year: number): Promise<LineRow[]> {
  const { rows } = await sql<LineRow>`${LINE_SELECT}
    WHERE l.org_unit_id = ${communeId} AND l.year = ${year}
    ORDER BY array_position(${activityOrder}, l.activity), array_position(${sourceOrder}, l.source), l.title, l.id`.execute(db);
  return rows;
}

export async function findLine(db: Kysely<DB>, id: string, scopePath: string): Promise<LineRow | undefined> {
  const { rows } = await sql<LineRow>`${LINE_SELECT} WHERE l.id = ${id} AND u.path LIKE ${likePrefix(scopePath)}`.execute(db);
  return rows[0];
}

export async function insertLine(db: Kysely<DB>, v: { id: string; orgUnitId: number; year: number; activity: string; source: string; title: string; legalBasis: string; estimateVnd: number; createdBy: string }): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO budget_lines (id, org_unit_id, year, activity, source, title, legal_basis, estimate_vnd, created_by)
    VALUES (${v.id}, ${v.orgUnitId}, ${v.year}, ${v.activity}, ${v.source}, ${v.title}, ${v.legalBasis}, ${v.estimateVnd}, ${v.createdBy})
    ON CONFLICT (id) DO NOTHING RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function updateLine(db: Kysely<DB>, id: string, version: number, v: { activity: string; source: string; title: string; legalBasis: string }): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    UPDATE budget_lines SET activity = ${v.activity}, source = ${v.source}, title = ${v.title}, legal_basis = ${v.legalBasis}, version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${version} RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function setEstimate(db: Kysely<DB>, id: string, version: number, estimateVnd: number): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    UPDATE budget_lines SET estimate_vnd = ${estimateVnd}, version = version + 1, updated_at = now() WHERE id = ${id} AND version = ${version} RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function insertRevision(db: Kysely<DB>, v: { id: string; lineId: string; kind: 'initial' | 'revision'; previousVnd: number | null; estimateVnd: number; decision: string; decidedOn: string | null; reason: string; recordedBy: string }) {
  await db.insertInto('budget_revisions').values({
    id: v.id, line_id: v.lineId, kind: v.kind, previous_vnd: v.previousVnd, estimate_vnd: v.estimateVnd, decision: v.decision, decided_on: v.decidedOn, reason: v.reason, recorded_by: v.recordedBy,
  }).execute();
}

export async function revisionsOf(db: Kysely<DB>, lineId: string) {
  const { rows } = await sql<{ id: string; kind: 'initial' | 'revision'; previous_vnd: string | null; estimate_vnd: string; decision: string; decided_on: string | null; reason: string; recorded_by: string; recorded_at: Date }>`
    SELECT r.id, r.kind, r.previous_vnd::text AS previous_vnd, r.estimate_vnd::text AS estimate_vnd, r.decision, r.decided_on::text AS decided_on, r.reason,
      a.full_name AS recorded_by, r.recorded_at
    FROM budget_revisions r JOIN accounts a ON a.id = r.recorded_by WHERE r.line_id = ${lineId} ORDER BY r.recorded_at, r.id`.execute(db);
  return rows;
}

// ---- Commitments ----

export async function insertCommitment(db: Kysely<DB>, v: { id: string; lineId: string; committedOn: string; amountVnd: number; payee: string; description: string; createdBy: string }): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO budget_commitments (id, line_id, committed_on, amount_vnd, payee, description, created_by)
    VALUES (${v.id}, ${v.lineId}, ${v.committedOn}, ${v.amountVnd}, ${v.payee}, ${v.description}, ${v.createdBy})
    ON CONFLICT (id) DO NOTHING RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function commitmentsOf(db: Kysely<DB>, lineId: string) {
  const { rows } = await sql<{ id: string; committed_on: string; amount_vnd: string; paid_vnd: string; payee: string; description: string }>`
    SELECT c.id, c.committed_on::text AS committed_on, c.amount_vnd::text AS amount_vnd,
      coalesce((SELECT sum(x.amount_vnd) FROM budget_spending x WHERE x.commitment_id = c.id), 0)::text AS paid_vnd, c.payee, c.description
    FROM budget_commitments c WHERE c.line_id = ${lineId} ORDER BY c.committed_on, c.id`.execute(db);
  return rows;
}

export async function findCommitment(db: Kysely<DB>, id: string) {
  return db.selectFrom('budget_commitments').select(['id', 'line_id']).where('id', '=', id).executeTakeFirst();
}

// ---- Spending ----

export interface SpendingRow {
  id: string;
  line_id: string;
  line_title: string;
  activity: string;
  source: string;
  org_unit_id: number;
  year: number;
  spent_on: string;
  amount_vnd: string;
  payee: string;
  voucher_no: string;
  description: string;
  training_id: string | null;
  training_label: string | null;
  comm_activity_id: string | null;
  comm_channel: string | null;
  comm_day: string | null;
  comm_unit: string | null;
  team_id: string | null;
  team_label: string | null;
  team_month: string | null;
  award_id: string | null;
  award_label: string | null;
  commitment_id: string | null;
  allowance_sheet_id: string | null;
  version: number;
  created_by: string;
}

const SPENDING_SELECT = sql`
  SELECT s.id, s.line_id, l.title AS line_title, l.activity, l.source, l.org_unit_id, l.year, s.spent_on::text AS spent_on, s.amount_vnd::text AS amount_vnd,
    s.payee, s.voucher_no, s.description,
    s.training_id, CASE WHEN t.id IS NOT NULL THEN t.title || ' (' || to_char((t.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'DD/MM/YYYY') || ')' END AS training_label,
    s.comm_activity_id, ca.channel AS comm_channel, ca.activity_on::text AS comm_day, cu.name AS comm_unit,
    s.team_id, CASE WHEN tm.id IS NOT NULL THEN tm.name || ' - ' || tv.name END AS team_label, s.team_month::text AS team_month,
    s.award_id, CASE WHEN ad.id IS NOT NULL THEN 'QĐ ' || ad.number || ' (' || to_char(ad.decided_on, 'DD/MM/YYYY') || ') - ' || ac.name END AS award_label, s.commitment_id, s.allowance_sheet_id, s.version, a.full_name AS created_by
  FROM budget_spending s
  JOIN budget_lines l ON l.id = s.line_id
  JOIN org_units u ON u.id = l.org_unit_id
  JOIN accounts a ON a.id = s.created_by
  LEFT JOIN trainings t ON t.id = s.training_id
  LEFT JOIN comm_activities ca ON ca.id = s.comm_activity_id
  LEFT JOIN org_units cu ON cu.id = ca.org_unit_id
  LEFT JOIN teams tm ON tm.id = s.team_id
  LEFT JOIN org_units tv ON tv.id = tm.village_id
  LEFT JOIN award_decisions ad ON ad.id = s.award_id
  LEFT JOIN award_campaigns ac ON ac.id = ad.campaign_id`;

export async function findSpending(db: Kysely<DB>, id: string, scopePath: string): Promise<SpendingRow | undefined> {
  const { rows } = await sql<SpendingRow>`${SPENDING_SELECT} WHERE s.id = ${id} AND u.path LIKE ${likePrefix(scopePath)}`.execute(db);
  return rows[0];
}

export async function listSpending(db: Kysely<DB>, q: { communeId: number; year: number; lineId?: string; offset: number; limit: number }) {
  const where = sql`l.org_unit_id = ${q.communeId} AND l.year = ${q.year} ${q.lineId ? sql`AND s.line_id = ${q.lineId}` : sql``}`;
  const [{ rows }, { rows: count }] = await Promise.all([
    sql<SpendingRow>`${SPENDING_SELECT} WHERE ${where} ORDER BY s.spent_on DESC, s.created_at DESC, s.id LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM budget_spending s JOIN budget_lines l ON l.id = s.line_id WHERE ${where}`.execute(db),
  ]);
  return { rows, total: count[0].n };
}

/** Every entry of the year, oldest first (the settlement's list of vouchers). */
export async function spendingOfYear(db: Kysely<DB>, communeId: number, year: number): Promise<SpendingRow[]> {
  const { rows } = await sql<SpendingRow>`${SPENDING_SELECT} WHERE l.org_unit_id = ${communeId} AND l.year = ${year} ORDER BY s.spent_on, s.voucher_no, s.id`.execute(db);
  return rows;
}

/** How many voucher files each entry of the year has. */
export async function voucherFileCounts(db: Kysely<DB>, communeId: number, year: number) {
  const { rows } = await sql<{ owner_id: string; n: number }>`
    SELECT a.owner_id, count(*)::int AS n FROM attachments a JOIN budget_spending s ON s.id::text = a.owner_id JOIN budget_lines l ON l.id = s.line_id
    WHERE a.owner_entity = 'budget_spending' AND l.org_unit_id = ${communeId} AND l.year = ${year} GROUP BY a.owner_id`.execute(db);
  return rows;
}

export async function spendingOfLine(db: Kysely<DB>, lineId: string): Promise<SpendingRow[]> {
  const { rows } = await sql<SpendingRow>`${SPENDING_SELECT} WHERE s.line_id = ${lineId} ORDER BY s.spent_on DESC, s.id`.execute(db);
  return rows;
}

export interface SpendingValues {
  lineId: string; spentOn: string; amountVnd: number; payee: string; voucherNo: string; description: string;
  trainingId: string | null; commActivityId: string | null; teamId: string | null; teamMonth: string | null; awardId: string | null;
  commitmentId: string | null; allowanceSheetId?: string | null;
}

export async function insertSpending(db: Kysely<DB>, id: string, v: SpendingValues, createdBy: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    INSERT INTO budget_spending (id, line_id, spent_on, amount_vnd, payee, voucher_no, description, training_id, comm_activity_id, team_id, team_month, award_id, commitment_id, allowance_sheet_id, created_by)
    VALUES (${id}, ${v.lineId}, ${v.spentOn}, ${v.amountVnd}, ${v.payee}, ${v.voucherNo}, ${v.description}, ${v.trainingId}, ${v.commActivityId}, ${v.teamId}, ${v.teamMonth},
      ${v.awardId}, ${v.commitmentId}, ${v.allowanceSheetId ?? null}, ${createdBy})
    ON CONFLICT (id) DO NOTHING RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function updateSpending(db: Kysely<DB>, id: string, version: number, v: SpendingValues): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    UPDATE budget_spending SET line_id = ${v.lineId}, spent_on = ${v.spentOn}, amount_vnd = ${v.amountVnd}, payee = ${v.payee}, voucher_no = ${v.voucherNo},
      description = ${v.description}, training_id = ${v.trainingId}, comm_activity_id = ${v.commActivityId}, team_id = ${v.teamId}, team_month = ${v.teamMonth},
      award_id = ${v.awardId}, commitment_id = ${v.commitmentId}, version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${version} RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function deleteSpending(db: Kysely<DB>, id: string): Promise<void> {
  await sql`DELETE FROM budget_spending WHERE id = ${id}`.execute(db);
}

// ---- What spending may be linked to ----

export async function trainingOfCommune(db: Kysely<DB>, id: string, communeId: number) {
  const { rows } = await sql<{ id: string; status: string }>`SELECT id, status FROM trainings WHERE id = ${id} AND org_unit_id = ${communeId}`.execute(db);
  return rows[0];
}

export async function activityOfCommune(db: Kysely<DB>, id: string, communePath: string) {
  const { rows } = await sql<{ id: string; activity_on: string }>`
    SELECT ca.id, ca.activity_on::text AS activity_on FROM comm_activities ca JOIN org_units u ON u.id = ca.org_unit_id
    WHERE ca.id = ${id} AND u.path LIKE ${likePrefix(communePath)}`.execute(db);
  return rows[0];
}

export async function teamOfCommune(db: Kysely<DB>, id: string, communePath: string) {
  const { rows } = await sql<{ id: string; formed_on: string; ended_on: string | null }>`
    SELECT t.id, t.formed_on::text AS formed_on, t.ended_on::text AS ended_on FROM teams t JOIN org_units u ON u.id = t.village_id
    WHERE t.id = ${id} AND u.path LIKE ${likePrefix(communePath)}`.execute(db);
  return rows[0];
}

/** A leader's award decision of the commune's campaigns. */
export async function awardDecisionOfCommune(db: Kysely<DB>, id: string, communeId: number) {
  const { rows } = await sql<{ id: string; decided_on: string }>`
    SELECT d.id, d.decided_on::text AS decided_on FROM award_decisions d JOIN award_campaigns c ON c.id = d.campaign_id
    WHERE d.id = ${id} AND c.commune_id = ${communeId}`.execute(db);
  return rows[0];
}

/** The commune's trainings, communication activities, teams and award decisions of a year, for the spending form. */
export async function linkOptions(db: Kysely<DB>, communeId: number, communePath: string, year: number) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const [trainings, activities, teams, awards] = await Promise.all([
    sql<{ id: string; title: string; day: string; status: string }>`
      SELECT id, title, (starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS day, status FROM trainings
      WHERE org_unit_id = ${communeId} AND (starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN ${from} AND ${to} ORDER BY starts_at DESC`.execute(db),
    sql<{ id: string; channel: string; day: string; unit: string; ran_by: string }>`
      SELECT ca.id, ca.channel, ca.activity_on::text AS day, u.name AS unit, ca.ran_by FROM comm_activities ca JOIN org_units u ON u.id = ca.org_unit_id
      WHERE u.path LIKE ${likePrefix(communePath)} AND ca.activity_on BETWEEN ${from} AND ${to} ORDER BY ca.activity_on DESC, ca.id LIMIT 500`.execute(db),
    sql<{ id: string; name: string; village: string }>`
      SELECT t.id, t.name, u.name AS village FROM teams t JOIN org_units u ON u.id = t.village_id
      WHERE u.path LIKE ${likePrefix(communePath)} AND t.formed_on <= ${to} AND (t.ended_on IS NULL OR t.ended_on >= ${from}) ORDER BY u.name, t.formed_on`.execute(db),
    sql<{ id: string; number: string; day: string; campaign: string }>`
      SELECT d.id, d.number, d.decided_on::text AS day, c.name AS campaign FROM award_decisions d JOIN award_campaigns c ON c.id = d.campaign_id
      WHERE c.commune_id = ${communeId} AND d.decided_on BETWEEN ${from} AND ${to} ORDER BY d.decided_on DESC`.execute(db),
  ]);
  return { trainings: trainings.rows, activities: activities.rows, teams: teams.rows, awards: awards.rows };
}

// ---- Allowances ----

export async function ratesOf(db: Kysely<DB>, provinceId: number, year: number) {
  const { rows } = await sql<{ basis: string; amount_vnd: string; legal_basis: string }>`
    SELECT basis, amount_vnd::text AS amount_vnd, legal_basis FROM allowance_rates WHERE province_id = ${provinceId} AND year = ${year}
    ORDER BY array_position(ARRAY['team_month','member_month','person_day'], basis)`.execute(db);
  return rows;
}

export async function setRate(db: Kysely<DB>, v: { provinceId: number; year: number; basis: string; amountVnd: number | null; legalBasis: string; by: string }) {
  if (v.amountVnd === null) {
    await sql`DELETE FROM allowance_rates WHERE province_id = ${v.provinceId} AND year = ${v.year} AND basis = ${v.basis}`.execute(db);
    return;
  }
  await sql`
    INSERT INTO allowance_rates (province_id, year, basis, amount_vnd, legal_basis, updated_by) VALUES (${v.provinceId}, ${v.year}, ${v.basis}, ${v.amountVnd}, ${v.legalBasis}, ${v.by})
    ON CONFLICT (province_id, year, basis) DO UPDATE SET amount_vnd = EXCLUDED.amount_vnd, legal_basis = EXCLUDED.legal_basis, updated_by = EXCLUDED.updated_by, updated_at = now()`.execute(db);
}

/** The province a unit lies in: the first unit of its path. */
export async function provinceOf(db: Kysely<DB>, path: string) {
  const id = Number(path.split('/').filter(Boolean)[0]);
  return db.selectFrom('org_units').select(['id', 'name', 'path', 'level']).where('id', '=', id).executeTakeFirstOrThrow();
}

export interface ActivityRow {
  team_id: string;
  team_name: string;
  village: string;
  member_id: string;
  member_name: string;
  team_role: string;
  /** Distinct days with recorded activity in the month: support given, trainings attended. */
  days: number;
}

/**
 * The members of the commune's teams during the month (joined by its last day, not left before
 * its first) with the days they have recorded activity on: a support event they helped in
 * (one that no later event corrected) or a training they were present at (its first day).
 */
export async function monthActivity(db: Kysely<DB>, communePath: string, from: string, to: string): Promise<ActivityRow[]> {
  const { rows } = await sql<ActivityRow>`
    WITH members AS (
      SELECT t.id AS team_id, t.name AS team_name, u.name AS village, m.id AS member_id, m.full_name AS member_name, m.team_role, t.village_id
      FROM teams t JOIN org_units u ON u.id = t.village_id JOIN team_members m ON m.team_id = t.id
      WHERE u.path LIKE ${likePrefix(communePath)}
        AND t.formed_on <= ${to} AND (t.ended_on IS NULL OR t.ended_on > ${from})
        AND m.joined_on <= ${to} AND (m.left_on IS NULL OR m.left_on > ${from})
    ),
    days AS (
      SELECT h.member_id, e.event_date AS day
      FROM support_events e CROSS JOIN LATERAL unnest(e.helper_member_ids) AS h(member_id)
      WHERE e.village_id IN (SELECT DISTINCT village_id FROM members) AND e.event_date BETWEEN ${from} AND ${to}
        AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      UNION
      SELECT a.team_member_id, (tr.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
      FROM training_attendance a JOIN trainings tr ON tr.id = a.training_id
      WHERE a.status = 'present' AND tr.status <> 'cancelled' AND tr.method <> 'online'
        AND (tr.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN ${from} AND ${to}
    )
    SELECT m.team_id, m.team_name, m.village, m.member_id, m.member_name, m.team_role,
      (SELECT count(DISTINCT d.day) FROM days d WHERE d.member_id = m.member_id)::int AS days
    FROM members m
    ORDER BY m.village, m.team_id, array_position(ARRAY['leader','deputy','member'], m.team_role), m.member_name, m.member_id`.execute(db);
  return rows;
}

export interface SheetRowValues { seq: number; teamId: string; memberId: string | null; basis: string; computedQty: number; quantity: number; rateVnd: number; amountVnd: number; note: string }

export async function insertSheet(db: Kysely<DB>, v: { id: string; orgUnitId: number; year: number; month: number; lineId: string; totalVnd: number; createdBy: string }, rows: SheetRowValues[]): Promise<boolean> {
  const { rows: inserted } = await sql<{ id: string }>`
    INSERT INTO allowance_sheets (id, org_unit_id, year, month, line_id, total_vnd, created_by)
    VALUES (${v.id}, ${v.orgUnitId}, ${v.year}, ${v.month}, ${v.lineId}, ${v.totalVnd}, ${v.createdBy})
    ON CONFLICT DO NOTHING RETURNING id`.execute(db);
  if (!inserted.length) return false;
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('allowance_sheet_rows').values(rows.slice(i, i + 500).map((r) => ({
      sheet_id: v.id, seq: r.seq, team_id: r.teamId, team_member_id: r.memberId, basis: r.basis, computed_qty: r.computedQty, quantity: r.quantity,
      rate_vnd: r.rateVnd, amount_vnd: r.amountVnd, note: r.note,
    }))).execute();
  }
  return true;
}

export interface SheetRow {
  id: string; org_unit_id: number; unit_path: string; year: number; month: number; line_id: string; line_title: string; status: 'draft' | 'reviewed' | 'posted';
  total_vnd: string; version: number; created_by: string; reviewed_by: string | null; posted_by: string | null;
}

const SHEET_SELECT = sql`
  SELECT s.id, s.org_unit_id, u.path AS unit_path, s.year, s.month, s.line_id, l.title AS line_title, s.status, s.total_vnd::text AS total_vnd, s.version,
    c.full_name AS created_by, r.full_name AS reviewed_by, p.full_name AS posted_by
  FROM allowance_sheets s JOIN org_units u ON u.id = s.org_unit_id JOIN budget_lines l ON l.id = s.line_id
  JOIN accounts c ON c.id = s.created_by LEFT JOIN accounts r ON r.id = s.reviewed_by LEFT JOIN accounts p ON p.id = s.posted_by`;

export async function findSheet(db: Kysely<DB>, id: string, scopePath: string): Promise<SheetRow | undefined> {
  const { rows } = await sql<SheetRow>`${SHEET_SELECT} WHERE s.id = ${id} AND u.path LIKE ${likePrefix(scopePath)}`.execute(db);
  return rows[0];
}

export async function sheetsOfYear(db: Kysely<DB>, communeId: number, year: number): Promise<SheetRow[]> {
  const { rows } = await sql<SheetRow>`${SHEET_SELECT} WHERE s.org_unit_id = ${communeId} AND s.year = ${year} ORDER BY s.month DESC`.execute(db);
  return rows;
}

export async function sheetRows(db: Kysely<DB>, sheetId: string) {
  const { rows } = await sql<{ seq: number; team_id: string; team_name: string; village: string; member_id: string | null; member_name: string | null; leader_name: string | null;
    basis: string; computed_qty: number; quantity: number; rate_vnd: string; amount_vnd: string; note: string }>`
    SELECT r.seq, r.team_id, t.name AS team_name, u.name AS village, r.team_member_id AS member_id, m.full_name AS member_name,
      (SELECT lm.full_name FROM team_members lm WHERE lm.team_id = t.id AND lm.team_role = 'leader' ORDER BY lm.left_on IS NULL DESC, lm.joined_on DESC LIMIT 1) AS leader_name,
      r.basis, r.computed_qty, r.quantity, r.rate_vnd::text AS rate_vnd, r.amount_vnd::text AS amount_vnd, r.note
    FROM allowance_sheet_rows r JOIN teams t ON t.id = r.team_id JOIN org_units u ON u.id = t.village_id LEFT JOIN team_members m ON m.id = r.team_member_id
    WHERE r.sheet_id = ${sheetId} ORDER BY r.seq`.execute(db);
  return rows;
}

export async function updateSheetRow(db: Kysely<DB>, sheetId: string, seq: number, quantity: number, note: string): Promise<number> {
  const { rows } = await sql<{ seq: number }>`
    UPDATE allowance_sheet_rows SET quantity = ${quantity}, amount_vnd = ${quantity} * rate_vnd, note = ${note} WHERE sheet_id = ${sheetId} AND seq = ${seq} RETURNING seq`.execute(db);
  return rows.length;
}

export async function markSheet(db: Kysely<DB>, id: string, version: number, status: 'reviewed' | 'posted', by: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    UPDATE allowance_sheets SET status = ${status}, version = version + 1,
      total_vnd = (SELECT coalesce(sum(amount_vnd), 0) FROM allowance_sheet_rows WHERE sheet_id = ${id}),
      ${status === 'reviewed' ? sql`reviewed_by = ${by}, reviewed_at = now()` : sql`posted_by = ${by}, posted_at = now()`}
    WHERE id = ${id} AND version = ${version} RETURNING id`.execute(db);
  return rows.length === 1;
}

export async function deleteSheet(db: Kysely<DB>, id: string): Promise<void> {
  await sql`DELETE FROM allowance_sheets WHERE id = ${id}`.execute(db);
}

export async function spendingOfSheet(db: Kysely<DB>, sheetId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM budget_spending WHERE allowance_sheet_id = ${sheetId}`.execute(db);
  return rows[0].n;
}

/** The commune leader's name, for the settlement's signature. */
export async function communeLeaderName(db: Kysely<DB>, communeId: number): Promise<string | null> {
  const row = await db.selectFrom('accounts').select('full_name').where('org_unit_id', '=', communeId).where('role', '=', 'commune_leader').where('disabled_at', 'is', null)
    .orderBy('created_at').executeTakeFirst();
  return row?.full_name ?? null;
}
