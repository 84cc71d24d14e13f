// Kinh phí: the rules. Phòng Kinh tế (budget.manage) keeps a commune's budget lines, their
// estimates and revisions, commitments and spending; readers (budget.read) see everything;
// others see the totals their role needs (budget.totals). A write that takes a line beyond its
// estimate is a warning the officer must confirm (never silent); a settled year refuses
// every write. Each write is one transaction with its audit rows (the route's), so a refusal
// leaves nothing half-written.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  BUDGET_ACTIVITIES,
  FUNDING_SOURCES,
  formatVnd,
  type BudgetActivity,
  type BudgetFigures,
  type BudgetLine,
  type BudgetLineInput,
  type BudgetLineUpdate,
  type BudgetLineView,
  type BudgetRevisionInput,
  type BudgetTotals,
  type BudgetYearQuery,
  type BudgetYearView,
  type CommitmentInput,
  type FundingSource,
  type LinkOptions,
  type SpendingInput,
  type SpendingLink,
  type SpendingListAnswer,
  type SpendingListQuery,
  type SpendingUpdate,
  type SpendingView,
} from '../../../shared/budget.ts';
import { COMM_CHANNEL_SHORT, type CommChannel } from '../../../shared/communication.ts';
import { can } from '../../../shared/roles.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { attachmentsOfOwner, claimAttachments } from '../attachments/attachments.service.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import {
  type LineRow,
  type SpendingRow,
  type SpendingValues,
  activityOfCommune,
  commitmentsOf,
  deleteSpending,
  ensureYear,
  findCommitment,
  findLine,
  findSpending,
  findYear,
  insertCommitment,
  insertLine,
  insertRevision,
  insertSpending,
  linesOfYear,
  linkOptions,
  awardDecisionOfCommune,
  listSpending,
  revisionsOf,
  setEstimate,
  spendingOfLine,
  teamOfCommune,
  trainingOfCommune,
  updateLine,
  updateSpending,
} from './budget.queries.ts';

export const SPENDING_ENTITY = 'budget_spending';
const LINE_NOT_FOUND = 'Không tìm thấy dòng kinh phí hoặc dòng kinh phí ngoài phạm vi của bạn.';
const SPENDING_NOT_FOUND = 'Không tìm thấy khoản chi hoặc khoản chi ngoài phạm vi của bạn.';
const CHANGED = 'Bản ghi đã được người khác thay đổi trong lúc bạn sửa. Tải lại trang để xem bản mới nhất rồi sửa lại.';

const toVnd = (text: string | null) => (text === null ? 0 : Number(text));

// ---- Who, where, which year ----

/** The commune asked for: in the caller's area and a commune. */
export async function communeInScope(db: Kysely<DB>, actor: Actor, orgUnitId: number, field = 'orgUnitId') {
  const unit = await unitInScope(db, actor.scope, orgUnitId).catch(() => {
    throw invalid(field, 'Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn.');
  });
  if (unit.level !== 'commune') throw invalid(field, `Đơn vị: kinh phí thuộc một xã; ${unit.name} không phải xã.`);
  return unit;
}

function refuseUnlessManager(actor: Actor) {
  if (!can(actor.role, 'budget.manage')) throw forbidden('Chỉ Phòng Kinh tế được lập và sửa dự toán, ghi chi, lập bảng phụ cấp và quyết toán kinh phí.');
}

export const settledError = (year: number, settledAt: Date | null) =>
  new AppError(409, 'settled', `Năm: kinh phí năm ${year} đã quyết toán${settledAt ? ` ngày ${viDate(settledAt.toISOString().slice(0, 10))}` : ''}; không còn sửa, thêm hay xóa được.`, [
    { path: 'year', message: `Kinh phí năm ${year} đã quyết toán.` },
  ]);

/** Locks the commune's year for this write and refuses a settled one. */
export async function openYear(db: Kysely<DB>, communeId: number, year: number): Promise<void> {
  await ensureYear(db, communeId, year);
  const row = await findYear(db, communeId, year, true);
  if (row?.settled_at) throw settledError(year, row.settled_at);
}

// ---- Figures ----

const zero = (): BudgetFigures => ({ estimateVnd: 0, initialVnd: 0, committedVnd: 0, spentVnd: 0, remainingVnd: 0 });

export function figuresOf(row: LineRow): BudgetFigures {
  const estimateVnd = toVnd(row.estimate_vnd);
  const spentVnd = toVnd(row.spent_vnd);
  const committedVnd = toVnd(row.committed_vnd);
  return { estimateVnd, initialVnd: toVnd(row.initial_vnd), committedVnd, spentVnd, remainingVnd: estimateVnd - spentVnd - committedVnd };
}

export function addFigures(a: BudgetFigures, b: BudgetFigures): BudgetFigures {
  return {
    estimateVnd: a.estimateVnd + b.estimateVnd, initialVnd: a.initialVnd + b.initialVnd, committedVnd: a.committedVnd + b.committedVnd,
    spentVnd: a.spentVnd + b.spentVnd, remainingVnd: a.remainingVnd + b.remainingVnd,
  };
}

export function lineOf(row: LineRow): BudgetLine {
  return {
    ...figuresOf(row), id: row.id, activity: row.activity as BudgetActivity, source: row.source as FundingSource, title: row.title, legalBasis: row.legal_basis,
    version: row.version, revisions: row.revisions, entries: row.entries,
  };
}

function totalsOf(unit: { id: number; name: string }, year: number, rows: LineRow[], settledAt: Date | null): BudgetTotals {
  const lines = rows.map((r) => ({ activity: r.activity, source: r.source, figures: figuresOf(r) }));
  const sum = (list: typeof lines) => list.reduce((acc, l) => addFigures(acc, l.figures), zero());
  return {
    orgUnit: { id: unit.id, name: unit.name }, year, settled: settledAt !== null, settledAt: settledAt?.toISOString() ?? null,
    total: sum(lines),
    byActivity: BUDGET_ACTIVITIES.map((activity) => ({ activity, ...sum(lines.filter((l) => l.activity === activity)) })),
    bySource: FUNDING_SOURCES.map((source) => ({ source, ...sum(lines.filter((l) => l.source === source)) })),
  };
}

/**
 * A commune's budget of a year as totals by activity and by funding source — what the plan's
 * .docx prints and what roles without the detail see. 404 outside the caller's area.
 */
export async function budgetTotals(db: Kysely<DB>, actor: Actor, communeId: number, year: number): Promise<BudgetTotals> {
  if (!can(actor.role, 'budget.totals') && !can(actor.role, 'budget.read')) throw forbidden('Bạn không có quyền xem kinh phí.');
  const unit = await communeInScope(db, actor, communeId);
  const [rows, state] = await Promise.all([linesOfYear(db, unit.id, year), findYear(db, unit.id, year)]);
  return totalsOf(unit, year, rows, state?.settled_at ?? null);
}

export async function budgetYear(db: Kysely<DB>, actor: Actor, query: BudgetYearQuery): Promise<BudgetYearView> {
  const unit = await communeInScope(db, actor, query.orgUnitId);
  const [rows, state, openSheets] = await Promise.all([
    linesOfYear(db, unit.id, query.year),
    findYear(db, unit.id, query.year),
    db.selectFrom('allowance_sheets').select((eb) => eb.fn.countAll<number>().as('n')).where('org_unit_id', '=', unit.id).where('year', '=', query.year)
      .where('status', '<>', 'posted').executeTakeFirstOrThrow(),
  ]);
  return {
    totals: totalsOf(unit, query.year, rows, state?.settled_at ?? null),
    lines: rows.map(lineOf),
    settledBy: state?.settled_by_name ?? null,
    settlementNote: state?.settlement_note ?? '',
    openSheets: Number(openSheets.n),
    can: { manage: can(actor.role, 'budget.manage') && !state?.settled_at },
  };
}

// ---- The estimate beyond which a write must be confirmed ----

/** Everything the line uses: spent and committed not yet paid. */
const usedOf = (row: LineRow) => toVnd(row.spent_vnd) + toVnd(row.committed_vnd);

/**
 * After a write, inside its transaction: if the line now uses more than its estimate and the
 * write added to that use, the officer must confirm — else the whole write is undone (the
 * error rolls the transaction back) and the warning names the amounts.
 */
export async function checkOverrun(db: Kysely<DB>, actor: Actor, lineId: string, usedBefore: number, confirmed: boolean, field = 'amountVnd'): Promise<void> {
  const after = (await findLine(db, lineId, actor.scope.path))!;
  const used = usedOf(after);
  const estimate = toVnd(after.estimate_vnd);
  if (used <= estimate || used <= usedBefore || confirmed) return;
  const left = Math.max(0, estimate - usedBefore);
  const over = used - estimate;
  const message = `Vượt dự toán: dòng kinh phí “${after.title}” còn ${formatVnd(left)}, khoản này đưa số đã chi và cam kết lên ${formatVnd(used)}, `
    + `vượt dự toán ${formatVnd(estimate)} là ${formatVnd(over)}. Kiểm tra lại số tiền, hoặc xác nhận để vẫn ghi.`;
  throw new AppError(400, 'needs_confirmation', message, [{ path: field, message }], { estimateVnd: estimate, remainingVnd: left, overrunVnd: over });
}

// ---- Lines and estimates ----

async function loadLine(db: Kysely<DB>, actor: Actor, id: string, field?: string): Promise<LineRow> {
  const row = await findLine(db, id, actor.scope.path);
  if (!row) throw field ? invalid(field, `Dòng kinh phí: không tồn tại hoặc ngoài phạm vi của bạn.`) : notFound(LINE_NOT_FOUND);
  return row;
}

export async function getLine(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<BudgetLineView> {
  const row = await loadLine(db, actor, input.id);
  const [revisions, commitments, spending, state] = await Promise.all([
    revisionsOf(db, row.id), commitmentsOf(db, row.id), spendingOfLine(db, row.id), findYear(db, row.org_unit_id, row.year),
  ]);
  return {
    line: lineOf(row), year: row.year, orgUnitId: row.org_unit_id, settled: Boolean(state?.settled_at),
    revisions: revisions.map((r) => ({
      id: r.id, kind: r.kind, previousVnd: r.previous_vnd === null ? null : toVnd(r.previous_vnd), estimateVnd: toVnd(r.estimate_vnd), decision: r.decision,
      decidedOn: r.decided_on, reason: r.reason, recordedBy: r.recorded_by, recordedAt: r.recorded_at.toISOString(),
    })),
    commitments: commitments.map((c) => ({ id: c.id, committedOn: c.committed_on, amountVnd: toVnd(c.amount_vnd), paidVnd: toVnd(c.paid_vnd), payee: c.payee, description: c.description })),
    spending: await Promise.all(spending.map((s) => spendingView(db, s))),
  };
}

export async function createLine(db: Kysely<DB>, actor: Actor, input: BudgetLineInput): Promise<BudgetLineView> {
  refuseUnlessManager(actor);
  const unit = await communeInScope(db, actor, input.orgUnitId);
  await openYear(db, unit.id, input.year);
  const values = { id: input.id, orgUnitId: unit.id, year: input.year, activity: input.activity, source: input.source, title: input.name, legalBasis: input.legalBasis, estimateVnd: input.estimateVnd, createdBy: actor.accountId };
  if (!(await insertLine(db, values))) {
    const row = await findLine(db, input.id, actor.scope.path);
    if (!row || row.title !== input.name || toVnd(row.estimate_vnd) !== input.estimateVnd || row.org_unit_id !== unit.id) throw conflict('Mã dòng kinh phí này đã được dùng cho một dòng khác. Tải lại trang rồi lập lại.');
    return getLine(db, actor, { id: input.id });
  }
  await insertRevision(db, { id: uuidv7(), lineId: input.id, kind: 'initial', previousVnd: null, estimateVnd: input.estimateVnd, decision: input.decision, decidedOn: input.decidedOn, reason: '', recordedBy: actor.accountId });
  await writeAudit(db, actor, { action: 'create', entity: 'budget_line', entityId: input.id, orgUnitId: unit.id, after: { ...values, decision: input.decision, decidedOn: input.decidedOn } });
  return getLine(db, actor, { id: input.id });
}

export async function changeLine(db: Kysely<DB>, actor: Actor, input: BudgetLineUpdate & { id: string }): Promise<BudgetLineView> {
  refuseUnlessManager(actor);
  const before = await loadLine(db, actor, input.id);
  await openYear(db, before.org_unit_id, before.year);
  if (!(await updateLine(db, input.id, input.version, { activity: input.activity, source: input.source, title: input.name, legalBasis: input.legalBasis }))) throw conflict(CHANGED);
  await writeAudit(db, actor, {
    action: 'update', entity: 'budget_line', entityId: input.id, orgUnitId: before.org_unit_id,
    before: { activity: before.activity, source: before.source, title: before.title, legalBasis: before.legal_basis },
    after: { activity: input.activity, source: input.source, title: input.name, legalBasis: input.legalBasis },
  });
  return getLine(db, actor, { id: input.id });
}

/** A revision of the estimate: the history keeps every amount the line has had. */
export async function reviseEstimate(db: Kysely<DB>, actor: Actor, input: BudgetRevisionInput & { id: string; confirmOverrun?: boolean }): Promise<BudgetLineView> {
  refuseUnlessManager(actor);
  const before = await loadLine(db, actor, input.id);
  await openYear(db, before.org_unit_id, before.year);
  const previous = toVnd(before.estimate_vnd);
  if (previous === input.estimateVnd) throw invalid('estimateVnd', `Dự toán: đang là ${formatVnd(previous)}; nhập số tiền mới.`);
  if (!(await setEstimate(db, input.id, input.version, input.estimateVnd))) throw conflict(CHANGED);
  const used = usedOf(before);
  if (input.estimateVnd < used && !input.confirmOverrun) {
    const message = `Dự toán: ${formatVnd(input.estimateVnd)} thấp hơn số đã chi và cam kết ${formatVnd(used)} của dòng “${before.title}”. Kiểm tra lại, hoặc xác nhận để vẫn điều chỉnh.`;
    throw new AppError(400, 'needs_confirmation', message, [{ path: 'estimateVnd', message }], { usedVnd: used });
  }
  await insertRevision(db, { id: uuidv7(), lineId: input.id, kind: 'revision', previousVnd: previous, estimateVnd: input.estimateVnd, decision: input.decision, decidedOn: input.decidedOn, reason: input.reason, recordedBy: actor.accountId });
  await writeAudit(db, actor, {
    action: 'update', entity: 'budget_line', entityId: input.id, orgUnitId: before.org_unit_id,
    before: { estimateVnd: previous }, after: { estimateVnd: input.estimateVnd, reason: input.reason, decision: input.decision, decidedOn: input.decidedOn },
  });
  return getLine(db, actor, { id: input.id });
}

// ---- Commitments ----

export async function addCommitment(db: Kysely<DB>, actor: Actor, input: CommitmentInput): Promise<BudgetLineView> {
  refuseUnlessManager(actor);
  const line = await loadLine(db, actor, input.lineId, 'lineId');
  await openYear(db, line.org_unit_id, line.year);
  if (Number(input.committedOn.slice(0, 4)) !== line.year) throw invalid('committedOn', `Ngày cam kết: phải trong năm ${line.year} (năm của dòng kinh phí).`);
  const usedBefore = usedOf(line);
  if (!(await insertCommitment(db, { id: input.id, lineId: line.id, committedOn: input.committedOn, amountVnd: input.amountVnd, payee: input.payee, description: input.description, createdBy: actor.accountId }))) {
    throw conflict('Mã cam kết này đã được dùng. Tải lại trang rồi ghi lại.');
  }
  await checkOverrun(db, actor, line.id, usedBefore, input.confirmOverrun);
  await writeAudit(db, actor, { action: 'create', entity: 'budget_commitment', entityId: input.id, orgUnitId: line.org_unit_id, after: input });
  return getLine(db, actor, { id: line.id });
}

// ---- Spending ----

export function linkView(row: SpendingRow): SpendingView['link'] {
  if (row.training_id) return { kind: 'training', id: row.training_id, month: null, label: row.training_label ?? '' };
  if (row.comm_activity_id) {
    const channel = COMM_CHANNEL_SHORT[row.comm_channel as CommChannel] ?? row.comm_channel ?? '';
    return { kind: 'communication', id: row.comm_activity_id, month: null, label: `${channel} - ${row.comm_unit ?? ''} (${viDate(row.comm_day ?? '')})` };
  }
  if (row.team_id) {
    const month = row.team_month!.slice(0, 7);
    return { kind: 'team_month', id: row.team_id, month, label: `${row.team_label ?? ''}, tháng ${month.slice(5, 7)}/${month.slice(0, 4)}` };
  }
  if (row.award_id) return { kind: 'award', id: row.award_id, month: null, label: row.award_label ?? 'Khen thưởng' };
  return null;
}

export async function spendingView(db: Kysely<DB>, row: SpendingRow): Promise<SpendingView> {
  return {
    id: row.id, line: { id: row.line_id, title: row.line_title, activity: row.activity as BudgetActivity, source: row.source as FundingSource },
    spentOn: row.spent_on, amountVnd: toVnd(row.amount_vnd), payee: row.payee, voucherNo: row.voucher_no, description: row.description,
    link: linkView(row), commitmentId: row.commitment_id, allowanceSheetId: row.allowance_sheet_id,
    voucherFiles: await attachmentsOfOwner(db, SPENDING_ENTITY, row.id), version: row.version, createdBy: row.created_by,
  };
}

/** The record a spending entry paid for: of the line's commune, and for a team month a month of the line's year when the team existed. */
async function linkValues(db: Kysely<DB>, line: LineRow, link: SpendingLink | null): Promise<Pick<SpendingValues, 'trainingId' | 'commActivityId' | 'teamId' | 'teamMonth' | 'awardId'>> {
  const none = { trainingId: null, commActivityId: null, teamId: null, teamMonth: null, awardId: null };
  if (!link) return none;
  const communePath = line.unit_path;
  switch (link.kind) {
    case 'training': {
      const training = await trainingOfCommune(db, link.id, line.org_unit_id);
      if (!training) throw invalid('link', 'Chi cho: lớp tập huấn không thuộc xã của dòng kinh phí (hoặc không tồn tại).');
      if (training.status === 'cancelled') throw invalid('link', 'Chi cho: lớp tập huấn đã hủy; không ghi chi cho lớp đã hủy.');
      return { ...none, trainingId: link.id };
    }
    case 'communication': {
      const activity = await activityOfCommune(db, link.id, communePath);
      if (!activity) throw invalid('link', 'Chi cho: hoạt động truyền thông không thuộc xã của dòng kinh phí (hoặc không tồn tại).');
      return { ...none, commActivityId: link.id };
    }
    case 'team_month': {
      if (!link.month) throw invalid('link.month', 'Tháng: chọn tháng hoạt động của Tổ được chi.');
      if (Number(link.month.slice(0, 4)) !== line.year) throw invalid('link.month', `Tháng: phải là một tháng của năm ${line.year} (năm của dòng kinh phí).`);
      const team = await teamOfCommune(db, link.id, communePath);
      if (!team) throw invalid('link', 'Chi cho: Tổ CNSCĐ không thuộc xã của dòng kinh phí (hoặc không tồn tại).');
      const first = `${link.month}-01`;
      if (team.formed_on.slice(0, 7) > link.month || (team.ended_on !== null && team.ended_on <= first)) {
        throw invalid('link.month', `Tháng: Tổ không hoạt động trong tháng ${link.month.slice(5, 7)}/${link.month.slice(0, 4)}.`);
      }
      return { ...none, teamId: link.id, teamMonth: first };
    }
    case 'award': {
      const decision = await awardDecisionOfCommune(db, link.id, line.org_unit_id);
      if (!decision) throw invalid('link', 'Chi cho: quyết định khen thưởng không thuộc xã của dòng kinh phí (hoặc không tồn tại).');
      return { ...none, awardId: link.id };
    }
  }
}

async function spendingValues(db: Kysely<DB>, actor: Actor, input: SpendingInput | SpendingUpdate): Promise<{ line: LineRow; values: SpendingValues }> {
  const line = await loadLine(db, actor, input.lineId, 'lineId');
  if (Number(input.spentOn.slice(0, 4)) !== line.year) throw invalid('spentOn', `Ngày chi: phải trong năm ${line.year} (năm của dòng kinh phí “${line.title}”).`);
  if (input.commitmentId) {
    const commitment = await findCommitment(db, input.commitmentId);
    if (!commitment || commitment.line_id !== line.id) throw invalid('commitmentId', 'Cam kết chi: không thuộc dòng kinh phí đã chọn.');
  }
  const link = await linkValues(db, line, input.link);
  return {
    line,
    values: { lineId: line.id, spentOn: input.spentOn, amountVnd: input.amountVnd, payee: input.payee, voucherNo: input.voucherNo, description: input.description, commitmentId: input.commitmentId, ...link },
  };
}

async function loadSpending(db: Kysely<DB>, actor: Actor, id: string): Promise<SpendingRow> {
  const row = await findSpending(db, id, actor.scope.path);
  if (!row) throw notFound(SPENDING_NOT_FOUND);
  return row;
}

export async function getSpending(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<SpendingView> {
  return spendingView(db, await loadSpending(db, actor, input.id));
}

export async function listSpendingFor(db: Kysely<DB>, actor: Actor, query: SpendingListQuery): Promise<SpendingListAnswer> {
  const unit = await communeInScope(db, actor, query.orgUnitId);
  const { rows, total } = await listSpending(db, { communeId: unit.id, year: query.year, lineId: query.lineId, ...pageWindow(query) });
  return pageAnswer(query, await Promise.all(rows.map((r) => spendingView(db, r))), total);
}

export async function recordSpending(db: Kysely<DB>, actor: Actor, input: SpendingInput, extra: { allowanceSheetId?: string } = {}): Promise<SpendingView> {
  refuseUnlessManager(actor);
  const { line, values } = await spendingValues(db, actor, input);
  await openYear(db, line.org_unit_id, line.year);
  const usedBefore = usedOf(line);
  if (!(await insertSpending(db, input.id, { ...values, allowanceSheetId: extra.allowanceSheetId ?? null }, actor.accountId))) {
    const existing = await findSpending(db, input.id, actor.scope.path);
    if (existing && existing.line_id === values.lineId && toVnd(existing.amount_vnd) === values.amountVnd && existing.voucher_no === values.voucherNo && existing.spent_on === values.spentOn) {
      return spendingView(db, existing);
    }
    throw conflict('Mã khoản chi này đã được dùng cho một khoản khác. Tải lại trang rồi ghi lại.');
  }
  await checkOverrun(db, actor, line.id, usedBefore, input.confirmOverrun);
  await claimAttachments(db, actor, { ids: input.voucherFileIds, owner: { entity: SPENDING_ENTITY, id: input.id, orgUnitId: line.org_unit_id }, field: 'voucherFileIds' });
  await writeAudit(db, actor, { action: 'create', entity: SPENDING_ENTITY, entityId: input.id, orgUnitId: line.org_unit_id, after: { ...values, voucherFileIds: input.voucherFileIds, confirmOverrun: input.confirmOverrun } });
  return spendingView(db, (await findSpending(db, input.id, actor.scope.path))!);
}

export async function changeSpending(db: Kysely<DB>, actor: Actor, input: SpendingUpdate & { id: string }): Promise<SpendingView> {
  refuseUnlessManager(actor);
  const before = await loadSpending(db, actor, input.id);
  // The year it was in and the year it moves to must both be open.
  await openYear(db, before.org_unit_id, before.year);
  if (before.allowance_sheet_id) throw invalid('lineId', 'Khoản chi này được ghi từ bảng phụ cấp; không sửa riêng từng khoản.');
  const { line, values } = await spendingValues(db, actor, input);
  if (line.year !== before.year) await openYear(db, line.org_unit_id, line.year);
  // Only growth of the line's use asks again: an entry kept or made smaller never warns twice.
  const usedBefore = usedOf(line);
  if (!(await updateSpending(db, input.id, input.version, values))) throw conflict(CHANGED);
  await checkOverrun(db, actor, line.id, usedBefore, input.confirmOverrun);
  await claimAttachments(db, actor, { ids: input.voucherFileIds, owner: { entity: SPENDING_ENTITY, id: input.id, orgUnitId: line.org_unit_id }, field: 'voucherFileIds' });
  await writeAudit(db, actor, {
    action: 'update', entity: SPENDING_ENTITY, entityId: input.id, orgUnitId: line.org_unit_id,
    before: { lineId: before.line_id, spentOn: before.spent_on, amountVnd: toVnd(before.amount_vnd), payee: before.payee, voucherNo: before.voucher_no },
    after: { ...values, voucherFileIds: input.voucherFileIds },
  });
  return spendingView(db, (await findSpending(db, input.id, actor.scope.path))!);
}

export async function removeSpending(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<{ id: string }> {
  refuseUnlessManager(actor);
  const before = await loadSpending(db, actor, input.id);
  await openYear(db, before.org_unit_id, before.year);
  if (before.allowance_sheet_id) throw invalid('id', 'Khoản chi này được ghi từ bảng phụ cấp; không xóa riêng từng khoản.');
  await db.deleteFrom('attachments').where('owner_entity', '=', SPENDING_ENTITY).where('owner_id', '=', input.id).execute();
  await deleteSpending(db, input.id);
  await writeAudit(db, actor, {
    action: 'delete', entity: SPENDING_ENTITY, entityId: input.id, orgUnitId: before.org_unit_id,
    before: { lineId: before.line_id, spentOn: before.spent_on, amountVnd: toVnd(before.amount_vnd), payee: before.payee, voucherNo: before.voucher_no },
  });
  return { id: input.id };
}

/** Who may read a voucher's file: whoever reads the commune's budget. */
export async function spendingFileAccess(db: Kysely<DB>, actor: Actor, ownerId: string) {
  if (!can(actor.role, 'budget.read')) return null;
  const row = await findSpending(db, ownerId, actor.scope.path);
  return row ? { orgUnitId: row.org_unit_id, personal: false } : null;
}

export async function spendingLinkOptions(db: Kysely<DB>, actor: Actor, query: BudgetYearQuery): Promise<LinkOptions> {
  const unit = await communeInScope(db, actor, query.orgUnitId);
  const { trainings, activities, teams, awards } = await linkOptions(db, unit.id, unit.path, query.year);
  return {
    trainings: trainings.map((t) => ({ id: t.id, label: `${t.title} (${viDate(t.day)})${t.status === 'cancelled' ? ' - đã hủy' : ''}`, day: t.day })),
    activities: activities.map((a) => ({ id: a.id, label: `${COMM_CHANNEL_SHORT[a.channel as CommChannel] ?? a.channel} - ${a.unit} (${viDate(a.day)})`, day: a.day })),
    teams: teams.map((t) => ({ id: t.id, label: `${t.name} - ${t.village}` })),
    awards: awards.map((a) => ({ id: a.id, label: `QĐ ${a.number} (${viDate(a.day)}) - ${a.campaign}`, day: a.day })),
  };
}
