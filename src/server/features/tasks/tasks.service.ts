// Tasks of each office (plan section IV): set a task on a plan (its occurrences made from its
// due date or repeat), an ad-hoc request with its document, progress of an occurrence with its
// evidence (a file, a link, or a report / training / campaign of the commune), the history of
// every change, the lists, the board by unit × month and the province's on-time overview. A
// submitted report completes its occurrences here, in the reports service's transaction.
import type { Kysely } from 'kysely';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { can } from '../../../shared/roles.ts';
import {
  EVIDENCE_KIND_LABELS,
  TASK_STATUS_LABELS,
  TASK_UNIT_CLAUSE,
  TASK_UNIT_LABELS,
  TASK_UNIT_ROLE,
  TASK_UNITS,
  shownStatus,
  unitsOfRole,
  type AdhocTaskInput,
  type BoardCell,
  type EvidenceInput,
  type EvidenceKind,
  type Occurrence,
  type OccurrenceDetail,
  type OccurrenceList,
  type ProgressInput,
  type TaskBoard,
  type TaskBoardQuery,
  type TaskInput,
  type TaskListQuery,
  type TaskOverview,
  type TaskOverviewQuery,
  type TaskStatus,
  type TaskUnit,
  type TaskUpdate,
  type TaskView,
} from '../../../shared/tasks.ts';
import { attachmentUrl } from '../../../shared/attachments.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';
import type { Scope } from '../../http/scope.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { attachmentsOfOwner, claimAttachments } from '../attachments/attachments.service.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import { findPlan } from '../plans/plans.queries.ts';
import { periodLabel, planOccurrences } from './task-occurrences.ts';
import {
  type OccurrenceRow,
  type TaskRow,
  type TaskValues,
  activeVillages,
  boardCounts,
  completeByRecord,
  findOccurrence,
  findTask,
  insertEvent,
  insertOccurrences,
  insertTask,
  listOccurrences,
  nextSort,
  occurrenceHistory,
  occurrencesCompletedBy,
  onTimeByCommune,
  recordInCommune,
  recordKindOf,
  deleteOpenOccurrences,
  occurrenceKeys,
  updateProgress,
  updateTask,
  taskVisibleTo,
  occurrencesDoneByRecord,
  reopenOccurrences,
} from './tasks.queries.ts';

export const TASK_ENTITY = 'task';
export const OCCURRENCE_ENTITY = 'task_occurrence';
const NOT_FOUND = 'Không tìm thấy nhiệm vụ hoặc nhiệm vụ ngoài phạm vi của bạn.';
const CHANGED = 'Nhiệm vụ đã được người khác cập nhật trong lúc bạn sửa. Tải lại trang để xem bản mới nhất.';

// ---- Views ----

function unitLabel(responsible: string, villageName: string | null): string {
  if (responsible === 'village_head') return villageName ? `Trưởng thôn ${villageName.replace(/^Thôn\s+/i, '')}` : 'Trưởng các thôn';
  return TASK_UNIT_LABELS[responsible as TaskUnit];
}

function evidenceOf(row: OccurrenceRow): Occurrence['evidence'] {
  switch (row.evidence_kind) {
    case 'file': return row.evidence_attachment_id ? { kind: 'file', label: row.attachment_name ?? 'Tệp minh chứng', href: attachmentUrl(row.evidence_attachment_id) } : null;
    case 'link': return { kind: 'link', label: row.evidence_url!, href: row.evidence_url! };
    case 'report': return { kind: 'report', label: row.record_label ?? 'Báo cáo', href: `/bao-cao/${row.evidence_record_id}` };
    case 'training': return { kind: 'training', label: row.record_label ?? 'Lớp tập huấn', href: `/tap-huan/${row.evidence_record_id}` };
    case 'campaign': return { kind: 'campaign', label: row.record_label ?? 'Đợt truyền thông', href: `/truyen-thong/dot` };
    default: return null;
  }
}

export function occurrenceView(row: OccurrenceRow, today: string): Occurrence {
  return {
    id: row.id, taskId: row.task_id, title: row.title, clause: row.clause, responsible: row.responsible as TaskUnit,
    village: row.village_id ? { id: row.village_id, name: row.village_name ?? '' } : null,
    unitLabel: unitLabel(row.responsible, row.village_name), cooperating: row.cooperating as TaskUnit[],
    periodLabel: periodLabel(row.period_start, row.period_end), dueOn: row.due_on, status: row.status, shown: shownStatus(row.status, row.due_on, today),
    doneOn: row.done_on, doneLate: row.done_on !== null && row.done_on > row.due_on, evidence: evidenceOf(row),
    evidenceExpected: row.evidence_expected as EvidenceKind | null, completesWith: row.completes_with as Occurrence['completesWith'],
    adhoc: row.source_document !== null, version: row.version,
  };
}

function taskView(row: TaskRow, occurrences: number): TaskView {
  return {
    id: row.id, planId: row.plan_id, year: row.year, clause: row.clause, title: row.title, responsible: row.responsible as TaskUnit, villageId: row.village_id,
    cooperating: row.cooperating as TaskUnit[], dueOn: row.due_on, repeat: row.repeat ? { kind: row.repeat, day: row.repeat_day! } : null,
    evidenceExpected: row.evidence_expected as EvidenceKind | null, completesWith: row.completes_with as TaskView['completesWith'],
    sourceDocument: row.source_document, occurrences, version: row.version,
  };
}

// ---- Who may do what ----

const manages = (actor: Actor) => can(actor.role, 'tasks.manage');

/** The unit's own people move an occurrence (a village head: their village's); Phòng VH-XH and the leader any. */
export function mayProgress(actor: Actor, row: Pick<OccurrenceRow, 'responsible' | 'village_id'>): boolean {
  if (!can(actor.role, 'tasks.progress')) return false;
  if (manages(actor)) return true;
  if (TASK_UNIT_ROLE[row.responsible as TaskUnit] !== actor.role) return false;
  return row.responsible !== 'village_head' || row.village_id === actor.orgUnitId;
}

// ---- Setting tasks ----

async function checkTaskValues(db: Kysely<DB>, commune: { path: string; name: string }, year: number, input: Omit<TaskInput, 'id' | 'planId'>) {
  if (input.dueOn) {
    if (input.dueOn < `${year}-01-01`) throw invalid('dueOn', `Hạn hoàn thành: ngày ${viDate(input.dueOn)} trước năm ${year} của kế hoạch.`);
    if (input.dueOn > `${year + 1}-01-31`) throw invalid('dueOn', `Hạn hoàn thành: ngày ${viDate(input.dueOn)} quá xa sau năm ${year} của kế hoạch (chậm nhất 31/01/${year + 1}).`);
  }
  if (input.villageId !== null) {
    const villages = await activeVillages(db, commune.path);
    if (!villages.some((v) => v.id === input.villageId)) throw invalid('villageId', `Thôn: không thuộc xã ${commune.name}.`);
  }
  if (input.cooperating.includes(input.responsible)) throw invalid('cooperating', 'Đơn vị phối hợp: đơn vị chủ trì không đồng thời là đơn vị phối hợp.');
  if (input.completesWith) {
    const village = input.completesWith.startsWith('village_');
    if (village !== (input.responsible === 'village_head')) {
      throw invalid('completesWith', village ? 'Tự hoàn thành khi nộp báo cáo của thôn: chỉ với nhiệm vụ của trưởng thôn.' : 'Tự hoàn thành khi nộp báo cáo của xã: không giao cho trưởng thôn.');
    }
    if (!input.repeat) throw invalid('repeat', 'Lặp lại: nhiệm vụ tự hoàn thành theo báo cáo định kỳ phải lặp lại hằng tháng hoặc hằng quý.');
    if ((input.completesWith === 'village_quarterly') !== (input.repeat.kind === 'quarterly')) throw invalid('repeat', 'Lặp lại: phải cùng kỳ với báo cáo (tháng hoặc quý).');
  }
}

const valuesOf = (input: Omit<TaskInput, 'id' | 'planId'>, sourceDocument: string | null): TaskValues => ({
  clause: input.clause || TASK_UNIT_CLAUSE[input.responsible], title: input.title, responsible: input.responsible, villageId: input.villageId,
  cooperating: [...input.cooperating].sort((a, b) => TASK_UNITS.indexOf(a) - TASK_UNITS.indexOf(b)),
  dueOn: input.dueOn, repeat: input.repeat?.kind ?? null, repeatDay: input.repeat?.day ?? null,
  evidenceExpected: input.completesWith ? 'report' : input.evidenceExpected, completesWith: input.completesWith, sourceDocument,
});

/** Writes a task and its occurrences; used by the desk, the ad-hoc request, next year's draft and the demo seed. */
export async function insertTaskWithOccurrences(db: Kysely<DB>, actor: Pick<Actor, 'accountId'>, task: TaskValues & { id: string; orgUnitId: number; communePath: string; year: number; planId: string | null }) {
  const villages = await activeVillages(db, task.communePath);
  const sort = await nextSort(db, task.planId, task.orgUnitId, task.year);
  await insertTask(db, { ...task, sort, createdBy: actor.accountId });
  const plans = planOccurrences({ year: task.year, dueOn: task.dueOn, repeat: task.repeat ? { kind: task.repeat, day: task.repeatDay! } : null, responsible: task.responsible, villageId: task.villageId }, villages.map((v) => v.id));
  await insertOccurrences(db, { id: task.id, orgUnitId: task.orgUnitId }, plans);
  await insertEvent(db, { taskId: task.id, occurrenceId: null, accountId: actor.accountId, action: 'created', from: null, to: null, detail: { occurrences: plans.length } });
  return plans.length;
}

export async function createTask(db: Kysely<DB>, actor: Actor, input: TaskInput): Promise<TaskView> {
  const plan = await findPlan(db, input.planId, actor.scope.path);
  if (!plan || !plan.unit_path.startsWith(actor.scope.path)) throw invalid('planId', 'Kế hoạch: không tồn tại hoặc ngoài phạm vi của bạn.');
  const existing = await findTask(db, input.id, actor.scope.path);
  if (existing) return taskView(existing, 0); // a resend of the same form
  await checkTaskValues(db, { path: plan.unit_path, name: plan.unit_name }, plan.year, input);
  const values = valuesOf(input, null);
  const n = await insertTaskWithOccurrences(db, actor, { ...values, id: input.id, orgUnitId: plan.org_unit_id, communePath: plan.unit_path, year: plan.year, planId: plan.id });
  await writeAudit(db, actor, { action: 'create', entity: TASK_ENTITY, entityId: input.id, orgUnitId: plan.org_unit_id, after: { ...values, planId: plan.id }, detail: { occurrences: n } });
  return taskView((await findTask(db, input.id, actor.scope.path))!, n);
}

/** Changes a task; its occurrences not started (no status, no evidence) are made again from the new dates. */
export async function changeTask(db: Kysely<DB>, actor: Actor, input: TaskUpdate & { id: string }): Promise<TaskView> {
  const row = await findTask(db, input.id, actor.scope.path);
  if (!row) throw notFound(NOT_FOUND);
  const commune = await unitInScope(db, actor.scope, row.org_unit_id);
  await checkTaskValues(db, commune, row.year, input);
  const values = valuesOf(input, row.source_document);
  if (!(await updateTask(db, row.id, input.version, values))) throw conflict(CHANGED);
  const removed = await deleteOpenOccurrences(db, row.id);
  const kept = new Set((await occurrenceKeys(db, row.id)).map((k) => `${k.village_id ?? 0}|${k.due_on}`));
  const villages = await activeVillages(db, commune.path);
  const plans = planOccurrences({ year: row.year, dueOn: values.dueOn, repeat: values.repeat ? { kind: values.repeat, day: values.repeatDay! } : null, responsible: values.responsible, villageId: values.villageId }, villages.map((v) => v.id))
    .filter((p) => !kept.has(`${p.villageId ?? 0}|${p.dueOn}`));
  await insertOccurrences(db, { id: row.id, orgUnitId: row.org_unit_id }, plans);
  await insertEvent(db, { taskId: row.id, occurrenceId: null, accountId: actor.accountId, action: 'changed', from: null, to: null, detail: { removed, added: plans.length } });
  await writeAudit(db, actor, {
    action: 'update', entity: TASK_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id,
    before: { title: row.title, responsible: row.responsible, dueOn: row.due_on, repeat: row.repeat, repeatDay: row.repeat_day, cooperating: row.cooperating }, after: values,
  });
  return taskView((await findTask(db, row.id, actor.scope.path))!, kept.size + plans.length);
}

export const ADHOC_DOCUMENT_ENTITY = 'task';

/** An ad-hoc request becomes a task of the commune's plan for its due year (or of no plan), its document attached. */
export async function createAdhocTask(db: Kysely<DB>, actor: Actor, input: AdhocTaskInput, today = todayInVietnam()): Promise<OccurrenceDetail> {
  const commune = await unitInScope(db, actor.scope, input.orgUnitId).catch(() => { throw invalid('orgUnitId', 'Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn.'); });
  if (commune.level !== 'commune') throw invalid('orgUnitId', `Đơn vị: nhiệm vụ thuộc một xã; ${commune.name} không phải xã.`);
  const year = Number(input.dueOn.slice(0, 4));
  if (input.dueOn < today) throw invalid('dueOn', `Hạn hoàn thành: ngày ${viDate(input.dueOn)} đã qua.`);
  const fields = { clause: 'Đột xuất', title: input.title, responsible: input.responsible, villageId: input.villageId, cooperating: input.cooperating, dueOn: input.dueOn, repeat: null, evidenceExpected: null, completesWith: null };
  await checkTaskValues(db, commune, year, fields);
  const plan = await db.selectFrom('plans').select('id').where('org_unit_id', '=', commune.id).where('year', '=', year).executeTakeFirst();
  const values = valuesOf(fields, input.sourceDocument);
  await insertTaskWithOccurrences(db, actor, { ...values, id: input.id, orgUnitId: commune.id, communePath: commune.path, year, planId: plan?.id ?? null });
  await claimAttachments(db, actor, { ids: input.documentIds, owner: { entity: ADHOC_DOCUMENT_ENTITY, id: input.id, orgUnitId: commune.id }, field: 'documentIds' });
  await writeAudit(db, actor, { action: 'create', entity: TASK_ENTITY, entityId: input.id, orgUnitId: commune.id, after: { ...values, documents: input.documentIds }, detail: { adhoc: true } });
  const first = await db.selectFrom('task_occurrences').select('id').where('task_id', '=', input.id).orderBy('due_on').executeTakeFirstOrThrow();
  return getOccurrence(db, actor, { id: first.id }, today);
}

// ---- Reading ----

/** Offices and village heads see their own units' by default; Phòng VH-XH and the leader every unit's. */
function unitsFor(actor: Actor, query: { responsible?: TaskUnit; mine?: boolean }): TaskUnit[] | undefined {
  if (query.responsible) return [query.responsible];
  const mine = query.mine ?? !manages(actor);
  if (!mine) return undefined;
  const own = unitsOfRole(actor.role);
  return own.length ? own : undefined;
}

async function communeOf(db: Kysely<DB>, actor: Actor, orgUnitId: number | undefined): Promise<{ id: number; name: string; path: string } | null> {
  if (actor.orgLevel === 'village') return null; // a village's accounts: the scope is the village
  const unit = await unitInScope(db, actor.scope, orgUnitId ?? actor.orgUnitId);
  if (unit.level === 'commune') return unit;
  if (unit.level === 'village') throw invalid('orgUnitId', 'Đơn vị: chọn một xã.');
  return null;
}

export async function listTasksFor(db: Kysely<DB>, actor: Actor, query: TaskListQuery, today = todayInVietnam()): Promise<OccurrenceList> {
  const commune = await communeOf(db, actor, query.orgUnitId);
  const year = query.year ?? Number(today.slice(0, 4));
  const { offset, limit } = pageWindow(query);
  const { rows, total } = await listOccurrences(db, {
    scopePath: actor.scope.path, communeId: commune?.id ?? null, year, month: query.month, units: unitsFor(actor, query),
    villageId: query.villageId, status: query.status, today, offset, limit,
  });
  return { ...pageAnswer(query, rows.map((r) => occurrenceView(r, today)), total), asOf: today };
}

function eventText(e: { action: string; from_status: string | null; to_status: string | null; detail: unknown }): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const status = (s: string | null) => (s ? TASK_STATUS_LABELS[s as TaskStatus] ?? s : '');
  switch (e.action) {
    case 'created': return 'Giao nhiệm vụ';
    case 'changed': return 'Sửa nhiệm vụ';
    case 'auto_completed': return 'Tự hoàn thành khi nộp báo cáo';
    case 'auto_reopened': return 'Báo cáo bị trả lại: chuyển về Đang làm';
    case 'progress': {
      const parts = [e.from_status !== e.to_status ? `${status(e.from_status)} → ${status(e.to_status)}` : `Cập nhật (${status(e.to_status)})`];
      if (d.evidence) parts.push(`minh chứng: ${EVIDENCE_KIND_LABELS[d.evidence as EvidenceKind] ?? d.evidence}`);
      if (d.evidenceRemoved) parts.push('bỏ minh chứng');
      if (d.note) parts.push(`ghi chú: “${d.note}”`);
      return parts.join('; ');
    }
    default: return e.action;
  }
}

export async function getOccurrence(db: Kysely<DB>, actor: Actor, input: { id: string }, today = todayInVietnam()): Promise<OccurrenceDetail> {
  const row = await findOccurrence(db, input.id, actor.scope.path);
  if (!row) throw notFound(NOT_FOUND);
  const [history, documents] = await Promise.all([
    occurrenceHistory(db, row.id, row.task_id),
    row.source_document ? attachmentsOfOwner(db, ADHOC_DOCUMENT_ENTITY, row.task_id) : Promise.resolve([]),
  ]);
  return {
    ...occurrenceView(row, today),
    note: row.note, planId: row.plan_id, sourceDocument: row.source_document,
    documents: documents.map((d) => ({ id: d.id, fileName: d.fileName, url: d.url })),
    repeat: row.repeat ? { kind: row.repeat, day: row.repeat_day! } : null,
    history: history.map((e) => ({ at: e.at.toISOString(), by: e.full_name, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, text: eventText(e) })),
    canProgress: mayProgress(actor, row),
  };
}

/** Who may read a task's ad-hoc document or an occurrence's evidence file: whoever reads the task. */
export async function taskFileAccess(db: Kysely<DB>, actor: Actor, ownerId: string, entity: string) {
  const row = entity === OCCURRENCE_ENTITY ? await findOccurrence(db, ownerId, actor.scope.path) : await taskVisibleTo(db, ownerId, actor.scope.path);
  return row ? { orgUnitId: row.org_unit_id, personal: false } : null;
}

// ---- Progress ----

async function checkEvidence(db: Kysely<DB>, actor: Actor, row: OccurrenceRow, evidence: EvidenceInput) {
  const expected = row.evidence_expected as EvidenceKind | null;
  if (expected && evidence.kind !== expected) {
    throw invalid('evidence.kind', `Minh chứng: nhiệm vụ này cần minh chứng là ${EVIDENCE_KIND_LABELS[expected]}, không phải ${EVIDENCE_KIND_LABELS[evidence.kind]}.`);
  }
  if (evidence.kind === 'report' || evidence.kind === 'training' || evidence.kind === 'campaign') {
    const actual = await recordKindOf(db, evidence.recordId);
    if (!actual) throw invalid('evidence.recordId', `Bản ghi minh chứng: không tìm thấy ${EVIDENCE_KIND_LABELS[evidence.kind]} này.`);
    if (actual !== evidence.kind) throw invalid('evidence.kind', `Minh chứng: bản ghi đã chọn là ${EVIDENCE_KIND_LABELS[actual]}, không phải ${EVIDENCE_KIND_LABELS[evidence.kind]}.`);
    const commune = await db.selectFrom('org_units').select('path').where('id', '=', row.org_unit_id).executeTakeFirstOrThrow();
    if (!(await recordInCommune(db, evidence.kind, evidence.recordId, commune.path))) throw invalid('evidence.recordId', 'Bản ghi minh chứng: không thuộc xã của nhiệm vụ.');
  }
}

export async function recordProgress(db: Kysely<DB>, actor: Actor, input: ProgressInput & { id: string }, today = todayInVietnam()): Promise<OccurrenceDetail> {
  const row = await findOccurrence(db, input.id, actor.scope.path);
  if (!row) throw notFound(NOT_FOUND);
  if (!mayProgress(actor, row)) throw forbidden(`Chỉ ${unitLabel(row.responsible, row.village_name)} hoặc Phòng Văn hóa - Xã hội, Lãnh đạo UBND xã được cập nhật nhiệm vụ này.`);
  if (row.version !== input.version) throw conflict(CHANGED);
  if (input.evidence) await checkEvidence(db, actor, row, input.evidence);
  const ev = input.evidence === undefined
    ? { evidence_kind: row.evidence_kind, evidence_attachment_id: row.evidence_attachment_id, evidence_url: row.evidence_url, evidence_record_id: row.evidence_record_id }
    : input.evidence === null
      ? { evidence_kind: null, evidence_attachment_id: null, evidence_url: null, evidence_record_id: null }
      : {
        evidence_kind: input.evidence.kind,
        evidence_attachment_id: input.evidence.kind === 'file' ? input.evidence.attachmentId.toLowerCase() : null,
        evidence_url: input.evidence.kind === 'link' ? input.evidence.url : null,
        evidence_record_id: 'recordId' in input.evidence ? input.evidence.recordId : null,
      };
  if (input.status === 'done' && row.evidence_expected && !ev.evidence_kind) {
    throw invalid('evidence', `Minh chứng: nhiệm vụ này cần ${EVIDENCE_KIND_LABELS[row.evidence_expected as EvidenceKind]} làm minh chứng để đánh dấu hoàn thành.`);
  }
  if (input.evidence?.kind === 'file') {
    await claimAttachments(db, actor, { ids: [input.evidence.attachmentId], owner: { entity: OCCURRENCE_ENTITY, id: row.id, orgUnitId: row.org_unit_id }, field: 'evidence.attachmentId' });
  }
  const doneOn = input.status === 'done' ? (row.status === 'done' ? row.done_on : today) : null;
  const note = input.note ?? row.note;
  if (!(await updateProgress(db, row.id, input.version, { status: input.status, done_on: doneOn, ...ev, note, updated_by: actor.accountId }))) throw conflict(CHANGED);
  const detail = {
    ...(input.evidence ? { evidence: input.evidence.kind } : {}), ...(input.evidence === null && row.evidence_kind ? { evidenceRemoved: true } : {}),
    ...(input.note !== undefined && input.note !== row.note ? { note: input.note } : {}),
  };
  await insertEvent(db, { taskId: row.task_id, occurrenceId: row.id, accountId: actor.accountId, action: 'progress', from: row.status, to: input.status, detail });
  await writeAudit(db, actor, {
    action: 'update', entity: OCCURRENCE_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id,
    before: { status: row.status, evidenceKind: row.evidence_kind, note: row.note }, after: { status: input.status, evidenceKind: ev.evidence_kind, note, doneOn }, detail: { taskId: row.task_id },
  });
  return getOccurrence(db, actor, { id: row.id }, today);
}

/**
 * A submitted report completes the open occurrences of the tasks that wait for it (a
 * village's monthly report task of that village and month), in the submission's transaction:
 * done today, the report as evidence, a history row and an audit row each.
 */
export async function completeTasksForReport(db: Kysely<DB>, actor: Actor, report: { id: string; kind: string; orgUnitId: number; unitLevel: string; periodStart: string; periodEnd: string }, today = todayInVietnam()): Promise<number> {
  const open = await occurrencesCompletedBy(db, report);
  if (!open.length) return 0;
  await completeByRecord(db, open.map((o) => o.id), 'report', report.id, today, actor.accountId);
  for (const o of open) {
    await insertEvent(db, { taskId: o.task_id, occurrenceId: o.id, accountId: actor.accountId, action: 'auto_completed', from: o.status, to: 'done', detail: { evidence: 'report', reportId: report.id } });
  }
  await writeAudit(db, actor, open.map((o) => ({
    action: 'update' as const, entity: OCCURRENCE_ENTITY, entityId: o.id, orgUnitId: o.org_unit_id,
    before: { status: o.status }, after: { status: 'done', doneOn: today, evidenceKind: 'report' }, detail: { taskId: o.task_id, reportId: report.id, automatic: true },
  })));
  return open.length;
}

/**
 * A village report returned for correction is not done: the occurrences it completed go back
 * to "đang làm" (the report stays their evidence) until it is submitted again.
 */
export async function reopenTasksForReport(db: Kysely<DB>, actor: Actor, report: { id: string }): Promise<number> {
  const done = await occurrencesDoneByRecord(db, report.id);
  if (!done.length) return 0;
  await reopenOccurrences(db, done.map((o) => o.id), actor.accountId);
  for (const o of done) {
    await insertEvent(db, { taskId: o.task_id, occurrenceId: o.id, accountId: actor.accountId, action: 'auto_reopened', from: 'done', to: 'doing', detail: { reportId: report.id } });
  }
  await writeAudit(db, actor, done.map((o) => ({
    action: 'update' as const, entity: OCCURRENCE_ENTITY, entityId: o.id, orgUnitId: o.org_unit_id,
    before: { status: 'done' }, after: { status: 'doing' }, detail: { taskId: o.task_id, reportId: report.id, automatic: true, returned: true },
  })));
  return done.length;
}

// ---- Board and overview ----

const emptyCell = (): BoardCell => ({ total: 0, done: 0, overdue: 0, doneLate: 0 });
const addTo = (cell: BoardCell, r: { total: number; done: number; overdue: number; done_late: number }) => {
  cell.total += r.total; cell.done += r.done; cell.overdue += r.overdue; cell.doneLate += r.done_late;
};

export async function taskBoard(db: Kysely<DB>, actor: Actor, query: TaskBoardQuery, today = todayInVietnam()): Promise<TaskBoard> {
  const unit = await unitInScope(db, actor.scope, query.orgUnitId ?? actor.orgUnitId);
  if (unit.level !== 'commune') throw invalid('orgUnitId', 'Đơn vị: bảng theo dõi nhiệm vụ là của một xã.');
  const year = query.year ?? Number(today.slice(0, 4));
  const counts = await boardCounts(db, unit.id, year, today);
  const rows = new Map<string, TaskBoard['rows'][number]>();
  for (const r of counts) {
    const key = `${r.responsible}|${r.village_id ?? ''}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        responsible: r.responsible as TaskUnit, village: r.village_id ? { id: r.village_id, name: r.village_name ?? '' } : null,
        label: unitLabel(r.responsible, r.village_name), months: Array.from({ length: 12 }, emptyCell), total: emptyCell(),
      };
      rows.set(key, row);
    }
    addTo(row.months[r.month - 1], r);
    addTo(row.total, r);
  }
  const order = (r: TaskBoard['rows'][number]) => TASK_UNITS.indexOf(r.responsible);
  return {
    year, asOf: today, unit: { id: unit.id, name: unit.name },
    rows: [...rows.values()].sort((a, b) => order(a) - order(b) || (a.village?.name ?? '').localeCompare(b.village?.name ?? '', 'vi')),
  };
}

export async function taskOverview(db: Kysely<DB>, actor: Actor, query: TaskOverviewQuery, today = todayInVietnam()): Promise<TaskOverview> {
  const unit = await unitInScope(db, actor.scope, query.orgUnitId ?? actor.orgUnitId);
  const year = query.year ?? Number(today.slice(0, 4));
  const until = year < Number(today.slice(0, 4)) ? `${year + 1}-01-31` : today;
  const rows = (await onTimeByCommune(db, unit.path, year, until)).map((r) => ({
    orgUnitId: r.id, name: r.name,
    reports: { expected: r.r_expected, done: r.r_done, onTime: r.r_on_time },
    tasks: { expected: r.t_expected, done: r.t_done, onTime: r.t_on_time },
  }));
  const sum = (pick: (r: (typeof rows)[number]) => { expected: number; done: number; onTime: number }) =>
    rows.reduce((s, r) => ({ expected: s.expected + pick(r).expected, done: s.done + pick(r).done, onTime: s.onTime + pick(r).onTime }), { expected: 0, done: 0, onTime: 0 });
  return { year, asOf: today, rows, total: { reports: sum((r) => r.reports), tasks: sum((r) => r.tasks) } };
}

export type { Scope };
