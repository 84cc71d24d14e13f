// The commune's plan for a year: read it (with its targets: the plan's own, the one that
// applies now, and for a plan drafted from last year's the level that year reached — the
// floor no target may go under), create and edit a draft, "Lập kế hoạch năm sau" (a draft of
// next year pre-filled: the same tasks with their dates a year on, targets from this year's
// results), approval by the commune leader (numbered, its targets the commune's), the .docx.
import type { Kysely } from 'kysely';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { INDICATOR_CODES, PLAN_TARGETS, type IndicatorCode } from '../../../shared/indicators.ts';
import { PLAN_SYMBOL, type PlanInput, type PlanListAnswer, type PlanSummary, type PlanUpdate, type PlanView } from '../../../shared/plans.ts';
import { can } from '../../../shared/roles.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { effectiveTargets } from '../indicators/indicators.queries.ts';
import { indicatorDashboard } from '../indicators/indicators.service.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import { insertTaskWithOccurrences } from '../tasks/tasks.service.ts';
import { nextYearDate } from '../tasks/task-occurrences.ts';
import { tasksOfPlan } from '../tasks/tasks.queries.ts';
import {
  type PlanRow,
  approveDraft,
  approverName,
  findPlan,
  insertPlan,
  listPlans,
  nextPlanNumber,
  planOfYear,
  planTargets,
  replaceTargets,
  updateDraft,
  writeCommuneTargets,
} from './plans.queries.ts';

export const PLAN_ENTITY = 'plan';
const NOT_FOUND = 'Không tìm thấy kế hoạch hoặc kế hoạch ngoài phạm vi của bạn.';
const CHANGED = 'Kế hoạch đã được người khác sửa trong lúc bạn sửa. Tải lại trang để xem bản mới nhất rồi sửa lại.';

async function loadPlan(db: Kysely<DB>, actor: Actor, id: string): Promise<PlanRow> {
  const row = await findPlan(db, id, actor.scope.path);
  if (!row) throw notFound(NOT_FOUND);
  return row;
}

/** Writers of a commune's plan: Phòng VH-XH and the leader of that commune (admin: any in the area). */
const mayWrite = (actor: Actor, row: Pick<PlanRow, 'unit_path'>) => can(actor.role, 'plans.write') && row.unit_path.startsWith(actor.scope.path);
const mayApprove = (actor: Actor, row: Pick<PlanRow, 'unit_path'>) => can(actor.role, 'plans.approve') && row.unit_path.startsWith(actor.scope.path);

function summaryOf(row: PlanRow): PlanSummary {
  return {
    id: row.id, orgUnit: { id: row.org_unit_id, name: row.unit_name }, year: row.year, status: row.status, title: row.title,
    number: row.number_value ? `${String(row.number_value).padStart(2, '0')}/${row.number_symbol}` : null, issuedOn: row.issued_on, tasks: row.task_count,
  };
}

/**
 * The commune's level of each indicator at the end of `year` (or today, in the running year),
 * in percent: the floor of next year's targets.
 */
export async function reachedLevels(db: Kysely<DB>, actor: Pick<Actor, 'scope' | 'orgUnitId'>, communeId: number, year: number, today: string): Promise<Record<IndicatorCode, number | null>> {
  const thisYear = Number(today.slice(0, 4));
  if (year > thisYear) return Object.fromEntries(INDICATOR_CODES.map((c) => [c, null])) as Record<IndicatorCode, number | null>;
  // A village's account reads its commune's plan: the figures are read in the commune's name.
  const scope = { ...actor.scope, path: '/' };
  const dash = await indicatorDashboard(db, scope, communeId, { orgUnitId: communeId, period: 'ytd', year }, today);
  return Object.fromEntries(INDICATOR_CODES.map((c) => [c, dash.summary.indicators[c].percent])) as Record<IndicatorCode, number | null>;
}

export async function planView(db: Kysely<DB>, actor: Actor, row: PlanRow, today = todayInVietnam()): Promise<PlanView> {
  const [own, effective, next, approver] = await Promise.all([
    planTargets(db, row.id),
    effectiveTargets(db, row.year, [row.org_unit_id]),
    planOfYear(db, row.org_unit_id, row.year + 1),
    approverName(db, row.approved_by),
  ]);
  const floors = row.drafted_from && row.status === 'draft' && row.from_year ? await reachedLevels(db, actor, row.org_unit_id, row.from_year, today) : null;
  return {
    ...summaryOf(row),
    version: row.version, implements: row.implements, purposeText: row.purpose_text, requirementsText: row.requirements_text,
    generalGoalText: row.general_goal_text, contentText: row.content_text,
    draftedFrom: row.drafted_from && row.from_year ? { id: row.drafted_from, year: row.from_year } : null,
    approvedBy: approver, approvedAt: row.approved_at?.toISOString() ?? null, signerName: row.signer_name,
    targets: INDICATOR_CODES.map((code) => {
      const set = effective.find((t) => t.code === code);
      return {
        code,
        target: own.find((t) => t.code === code)?.percent ?? null,
        effective: set ? set.percent : PLAN_TARGETS[code],
        floor: floors ? floors[code] : null,
      };
    }),
    canEdit: row.status === 'draft' && mayWrite(actor, row),
    canApprove: row.status === 'draft' && mayApprove(actor, row),
    canDraftNext: row.status === 'approved' && !next && mayWrite(actor, row),
    next: next ? { id: next.id, status: next.status } : null,
  };
}

export async function listPlansFor(db: Kysely<DB>, actor: Actor, query: { orgUnitId?: number }): Promise<PlanListAnswer> {
  const rows = await listPlans(db, actor.scope.path, query.orgUnitId ?? null);
  return { items: rows.map(summaryOf) };
}

export async function getPlan(db: Kysely<DB>, actor: Actor, input: { id: string }, today = todayInVietnam()): Promise<PlanView> {
  return planView(db, actor, await loadPlan(db, actor, input.id), today);
}

/** Targets may not be set under the level last year reached (a plan drafted from it). */
async function checkTargets(db: Kysely<DB>, actor: Actor, row: { org_unit_id: number; from_year: number | null }, targets: PlanInput['targets'], today: string) {
  if (!row.from_year || !targets.length) return;
  const floors = await reachedLevels(db, actor, row.org_unit_id, row.from_year, today);
  targets.forEach((t, i) => {
    const floor = floors[t.code];
    if (floor !== null && t.targetPercent + 1e-9 < Math.floor(floor * 100) / 100) {
      throw invalid(`targets.${i}.targetPercent`, `Chỉ tiêu ${t.code}: ${t.targetPercent}% thấp hơn mức đã đạt năm ${row.from_year} (${floor.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}%).`);
    }
  });
}

export async function createPlan(db: Kysely<DB>, actor: Actor, input: PlanInput, today = todayInVietnam()): Promise<PlanView> {
  const unit = await unitInScope(db, actor.scope, input.orgUnitId).catch(() => { throw invalid('orgUnitId', 'Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn.'); });
  if (unit.level !== 'commune') throw invalid('orgUnitId', `Đơn vị: kế hoạch là của một xã; ${unit.name} không phải xã.`);
  const thisYear = Number(today.slice(0, 4));
  if (input.year > thisYear + 1 || input.year < thisYear - 1) throw invalid('year', `Năm: lập kế hoạch cho năm ${thisYear - 1} đến ${thisYear + 1}.`);
  const existing = await planOfYear(db, unit.id, input.year);
  if (existing) throw new AppError(409, 'exists', `Xã ${unit.name} đã có kế hoạch năm ${input.year}.`, undefined, { planId: existing.id });
  await insertPlan(db, { ...input, orgUnitId: unit.id, draftedFrom: null, createdBy: actor.accountId });
  await replaceTargets(db, input.id, input.targets);
  await writeAudit(db, actor, { action: 'create', entity: PLAN_ENTITY, entityId: input.id, orgUnitId: unit.id, after: { year: input.year, title: input.title, targets: input.targets } });
  return getPlan(db, actor, { id: input.id }, today);
}

export async function savePlan(db: Kysely<DB>, actor: Actor, input: PlanUpdate & { id: string }, today = todayInVietnam()): Promise<PlanView> {
  const row = await loadPlan(db, actor, input.id);
  if (!mayWrite(actor, row)) throw forbidden('Chỉ Phòng Văn hóa - Xã hội hoặc Lãnh đạo UBND xã được sửa kế hoạch.');
  if (row.status !== 'draft') throw new AppError(409, 'approved', 'Kế hoạch đã được phê duyệt, không sửa được nữa.');
  if (row.version !== input.version) throw conflict(CHANGED);
  await checkTargets(db, actor, row, input.targets, today);
  if (!(await updateDraft(db, row.id, input.version, input))) throw conflict(CHANGED);
  const before = await planTargets(db, row.id);
  await replaceTargets(db, row.id, input.targets);
  await writeAudit(db, actor, {
    action: 'update', entity: PLAN_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id,
    before: { title: row.title, implements: row.implements, targets: before }, after: { title: input.title, implements: input.implements, targets: input.targets },
  });
  return getPlan(db, actor, { id: row.id }, today);
}

const nextYearText = (text: string, from: number) => text.replaceAll(String(from), String(from + 1));

/**
 * "Lập kế hoạch năm sau": next year's draft from this plan — its text with the year moved on,
 * its tasks with their dates a year later (repeats as they are), each target the higher of
 * this year's target and the level reached this year (never below it).
 */
export async function draftNextYear(db: Kysely<DB>, actor: Actor, input: { id: string; newId: string }, today = todayInVietnam()): Promise<PlanView> {
  const row = await loadPlan(db, actor, input.id);
  if (!mayWrite(actor, row)) throw forbidden('Chỉ Phòng Văn hóa - Xã hội hoặc Lãnh đạo UBND xã được lập kế hoạch.');
  const year = row.year + 1;
  if (row.status !== 'approved') throw new AppError(409, 'not_approved', `Kế hoạch năm ${row.year} chưa được phê duyệt: lập kế hoạch năm ${year} từ kế hoạch đã phê duyệt.`);
  const existing = await planOfYear(db, row.org_unit_id, year);
  if (existing) {
    if (existing.id === input.newId) return getPlan(db, actor, { id: existing.id }, today); // a resend
    throw new AppError(409, 'exists', `Đã có kế hoạch năm ${year}; mở kế hoạch đó để sửa.`, undefined, { planId: existing.id });
  }
  const [reached, own, effective] = await Promise.all([
    reachedLevels(db, actor, row.org_unit_id, row.year, today),
    planTargets(db, row.id),
    effectiveTargets(db, row.year, [row.org_unit_id]),
  ]);
  const targets = INDICATOR_CODES.flatMap((code) => {
    const current = own.find((t) => t.code === code)?.percent ?? effective.find((t) => t.code === code)?.percent ?? PLAN_TARGETS[code];
    const level = reached[code];
    // No target this year (NH in 2026): proposed from the level reached, when there is one.
    if (current === null && !level) return [];
    const proposed = Math.min(100, Math.max(current ?? 0, level === null ? 0 : Math.ceil(level)));
    return [{ code, targetPercent: proposed }];
  });
  await insertPlan(db, {
    id: input.newId, orgUnitId: row.org_unit_id, year, draftedFrom: row.id, createdBy: actor.accountId,
    title: nextYearText(row.title, row.year), implements: row.implements, purposeText: row.purpose_text, requirementsText: row.requirements_text,
    generalGoalText: row.general_goal_text, contentText: nextYearText(row.content_text, row.year),
  });
  await replaceTargets(db, input.newId, targets);
  const tasks = (await tasksOfPlan(db, row.id)).filter((t) => t.source_document === null);
  const { v7: uuidv7 } = await import('uuid');
  for (const t of tasks) {
    await insertTaskWithOccurrences(db, actor, {
      id: uuidv7(), orgUnitId: row.org_unit_id, communePath: row.unit_path, year, planId: input.newId,
      clause: t.clause, title: nextYearText(t.title, row.year), responsible: t.responsible, villageId: t.village_id, cooperating: t.cooperating,
      dueOn: t.due_on ? nextYearDate(t.due_on) : null, repeat: t.repeat, repeatDay: t.repeat_day, evidenceExpected: t.evidence_expected,
      completesWith: t.completes_with, sourceDocument: null,
    });
  }
  await writeAudit(db, actor, {
    action: 'create', entity: PLAN_ENTITY, entityId: input.newId, orgUnitId: row.org_unit_id,
    after: { year, draftedFrom: row.id, targets, tasks: tasks.length }, detail: { reached },
  });
  return getPlan(db, actor, { id: input.newId }, today);
}

export async function approvePlan(db: Kysely<DB>, actor: Actor, input: { id: string; version: number }, today = todayInVietnam()): Promise<PlanView> {
  const row = await loadPlan(db, actor, input.id);
  if (!mayApprove(actor, row)) throw forbidden('Chỉ Lãnh đạo UBND xã được phê duyệt kế hoạch.');
  if (row.status !== 'draft') throw new AppError(409, 'approved', 'Kế hoạch đã được phê duyệt.');
  if (row.version !== input.version) throw conflict(CHANGED);
  const targets = await planTargets(db, row.id);
  await checkTargets(db, actor, row, targets.map((t) => ({ code: t.code as IndicatorCode, targetPercent: t.percent })), today);
  const number = await nextPlanNumber(db, row.org_unit_id, Number(today.slice(0, 4)), PLAN_SYMBOL);
  if (!(await approveDraft(db, row.id, input.version, { number, issuedOn: today, signerName: actor.fullName, signerTitle: 'PHÓ CHỦ TỊCH', approvedBy: actor.accountId }))) throw conflict(CHANGED);
  await writeCommuneTargets(db, row.year, row.org_unit_id, targets, actor.accountId);
  await writeAudit(db, actor, [
    { action: 'update', entity: PLAN_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id, before: { status: 'draft' }, after: { status: 'approved', number: `${number}/${PLAN_SYMBOL}`, issuedOn: today } },
    { action: 'update', entity: 'indicator_target', entityId: `${row.year}/${row.org_unit_id}`, orgUnitId: row.org_unit_id, after: Object.fromEntries(targets.map((t) => [t.code, t.percent])), detail: { year: row.year, plan: row.id } },
  ]);
  return getPlan(db, actor, { id: row.id }, today);
}

export { loadPlan };
