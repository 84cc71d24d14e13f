// Reports up the chain: open (a draft with the figures of now), write, recompute, submit,
// return, accept (a village's) or approve and send (the commune's); who may do which is
// decided here from the role and the unit. Every state change writes a report_events row and
// an audit row in the request's transaction (http/transaction.ts).
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { addDays, todayInVietnam } from '../../../shared/calendar.ts';
import {
  EDITABLE_STATUSES,
  REPORT_KIND_LABELS,
  REPORT_KIND_LEVEL,
  REPORT_STATUS_LABELS,
  type ReportAction,
  type ReportKind,
  type ReportListAnswer,
  type ReportListQuery,
  type ReportOpen,
  type ReportOverviewQuery,
  type ReportOverviewRow,
  type ReportRecomputeAnswer,
  type ReportReturn,
  type ReportSave,
  type ReportStatus,
  type ReportVersion,
  type ReportView,
  type VillageReportState,
} from '../../../shared/reports.ts';
import { type Permission, can as roleCan } from '../../../shared/roles.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import type { Attachment } from '../../http/attachment.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { completeTasksForReport, reopenTasksForReport } from '../tasks/tasks.service.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import { renderReportDocx } from './report-docx.ts';
import { renderReportXlsx } from './report-xlsx.ts';
import {
  buildReportDocument,
  computeFrozen,
  figureChanges,
  periodLabel,
  periodOfRow,
  periodPhrase,
  reportFileNames,
  reportTiming,
  resolveReportPeriod,
} from './reports.builder.ts';
import {
  type ReportRow,
  eventsOf,
  findByPeriod,
  findReport,
  insertDraft,
  insertEvent,
  listReports,
  nextNumber,
  provinceOf,
  reportsForUnits,
  unitsOfLevel,
  updateIfCurrent,
  villageHeadName,
} from './reports.queries.ts';

const NOT_FOUND = 'Không tìm thấy báo cáo hoặc báo cáo ngoài phạm vi của bạn.';
const CHANGED = 'Báo cáo đã được người khác thay đổi trong lúc bạn thao tác. Tải lại báo cáo để xem bản mới nhất rồi làm lại.';
const COMMUNE_SYMBOL = 'BC-UBND';

// ---- Who may do what ----

/** Write (open, edit, recompute, submit): a village's report by its head or the commune office; the commune's by the office. */
function mayWrite(actor: Actor, kind: ReportKind, orgUnitId: number): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'culture_office') return true; // scope already limits it to the commune
  if (actor.role === 'village_head') return REPORT_KIND_LEVEL[kind] === 'village' && actor.orgUnitId === orgUnitId;
  return false;
}

/** Review: a village's report by Phòng VH-XH, the commune's by the commune leader. */
function mayReview(actor: Actor, kind: ReportKind): boolean {
  if (actor.role === 'admin') return true;
  return REPORT_KIND_LEVEL[kind] === 'village' ? actor.role === 'culture_office' : actor.role === 'commune_leader';
}

/** Readers outside the chain of writers and reviewers (the Sở) see finished reports only. */
function visibleStatuses(actor: Actor): readonly ReportStatus[] | undefined {
  return actor.role === 'province_viewer' ? ['accepted', 'sent'] : undefined;
}

async function loadReport(db: Kysely<DB>, actor: Actor, id: string): Promise<ReportRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(NOT_FOUND);
  const row = await findReport(db, id, actor.scope.path);
  const visible = visibleStatuses(actor);
  if (!row || (visible && !visible.includes(row.status))) throw notFound(NOT_FOUND);
  return row;
}

function refuseWrite(actor: Actor, row: Pick<ReportRow, 'kind' | 'org_unit_id'>) {
  if (mayWrite(actor, row.kind, row.org_unit_id)) return;
  throw forbidden(REPORT_KIND_LEVEL[row.kind] === 'village'
    ? 'Chỉ trưởng thôn của thôn đó hoặc Phòng Văn hóa - Xã hội được lập, sửa và nộp báo cáo của thôn.'
    : 'Chỉ Phòng Văn hóa - Xã hội được lập, sửa và nộp báo cáo của xã.');
}

function refuseUnlessEditable(row: ReportRow) {
  if (EDITABLE_STATUSES.includes(row.status)) return;
  throw new AppError(409, 'not_editable', `Báo cáo đang ở trạng thái "${REPORT_STATUS_LABELS[row.status]}": không sửa được nữa.`);
}

function refuseStaleVersion(row: ReportRow, version: number) {
  if (row.version !== version) throw conflict(CHANGED, { currentVersion: row.version });
}

// ---- Views ----

async function villageReportsOf(
  db: Kysely<DB>,
  row: Pick<ReportRow, 'kind' | 'unit_level' | 'unit_path' | 'period_start' | 'period_end' | 'status' | 'figures'>,
  live = false,
): Promise<VillageReportState[] | null> {
  if (row.unit_level !== 'commune') return null;
  // The commune's monthly report sets beside it the villages' monthly reports of the same month,
  // as they stand while it is written and as they stood when it was submitted afterwards.
  if (row.kind !== 'commune_monthly') return null;
  if (!live && !EDITABLE_STATUSES.includes(row.status) && row.figures.villageReports) return row.figures.villageReports;
  const villages = await unitsOfLevel(db, row.unit_path, 'village');
  const reports = await reportsForUnits(db, 'village_monthly', villages.map((v) => v.id), row.period_start, row.period_end);
  return villages.map((v) => {
    const report = reports.find((r) => r.org_unit_id === v.id);
    return { orgUnitId: v.id, name: v.name, reportId: report?.id ?? null, status: (report?.status ?? null) as ReportStatus | null };
  });
}

export async function reportView(db: Kysely<DB>, actor: Actor, row: ReportRow, today = todayInVietnam()): Promise<ReportView> {
  const [events, villageReports] = await Promise.all([eventsOf(db, row.id), villageReportsOf(db, row)]);
  const timing = reportTiming(row.kind, row.period_end, row, today);
  const editable = EDITABLE_STATUSES.includes(row.status) && can(actor, 'reports.write') && mayWrite(actor, row.kind, row.org_unit_id);
  // The rule that refuses a submission also says why the button is off.
  const blocked = editable ? submittableOn(row, today) : null;
  return {
    id: row.id,
    kind: row.kind,
    orgUnit: { id: row.org_unit_id, name: row.unit_name, level: row.unit_level },
    periodLabel: periodLabel(row.kind, row.period_start, row.period_end),
    periodStart: row.period_start,
    periodEnd: row.period_end,
    year: row.year,
    status: row.status,
    version: row.version,
    dueOn: timing.dueOn,
    late: timing.late,
    submittedLate: timing.submittedLate,
    resultsText: row.results_text,
    difficultiesText: row.difficulties_text,
    proposalsText: row.proposals_text,
    figures: row.figures.figures,
    activity: row.figures.activity,
    figuresComputedAt: row.figures_computed_at.toISOString(),
    villageReports,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    sentAt: timing.sentAt,
    reviewComment: row.review_comment,
    events: events.map((e) => ({
      at: e.at.toISOString(), action: e.action as ReportAction, fromStatus: e.from_status as ReportStatus | null, toStatus: e.to_status as ReportStatus,
      accountName: e.full_name ?? '', comment: e.comment,
    })),
    can: {
      edit: editable,
      submit: editable && blocked === null,
      review: row.status === 'submitted' && can(actor, 'reports.review') && mayReview(actor, row.kind),
      download: true,
    },
    submitBlockedReason: blocked,
  };
}

const can = (actor: Actor, permission: Permission) => roleCan(actor.role, permission);

/**
 * Why a report cannot be submitted today, or null: only once its period has ended (an ad-hoc
 * one may end today), with figures counted at its end. The one copy of the rule: it refuses
 * the submission and, on ReportView, says why the button is off.
 */
function submittableOn(row: ReportRow, today: string): string | null {
  const adhoc = row.kind === 'commune_adhoc';
  const recompute = row.figures.asOf < row.period_end;
  if (adhoc ? today < row.period_end : today <= row.period_end) {
    const period = adhoc ? `Kỳ báo cáo ${periodPhrase(row.kind, row.period_start, row.period_end)}` : periodLabel(row.kind, row.period_start, row.period_end);
    return `${period} chưa kết thúc: nộp từ ngày ${viDate(adhoc ? row.period_end : addDays(row.period_end, 1))}${recompute ? ', sau khi tính lại số liệu' : ''}.`;
  }
  if (recompute) {
    return `Số liệu được tính ngày ${viDate(row.figures.asOf)}, trước khi kỳ báo cáo kết thúc: bấm “Tính lại số liệu” rồi nộp.`;
  }
  return null;
}


// ---- Open, list, overview ----

export async function openReport(db: Kysely<DB>, actor: Actor, input: ReportOpen, today = todayInVietnam()): Promise<ReportView> {
  const unit = await unitInScope(db, actor.scope, input.orgUnitId).catch(() => {
    throw invalid('orgUnitId', 'Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn.');
  });
  const level = REPORT_KIND_LEVEL[input.kind];
  if (unit.level !== level) {
    throw invalid('orgUnitId', `Đơn vị: ${REPORT_KIND_LABELS[input.kind].toLocaleLowerCase('vi')} phải lập cho một ${level === 'village' ? 'thôn' : 'xã'}; ${unit.name} không phải.`);
  }
  refuseWrite(actor, { kind: input.kind, org_unit_id: unit.id });
  const period = resolveReportPeriod(input, today);
  const existing = await findByPeriod(db, input.kind, unit.id, period.start, period.end);
  if (existing) return reportView(db, actor, existing, today);

  const frozen = await computeFrozen(db, actor.scope, { id: unit.id, path: unit.path, level }, period, today);
  const id = uuidv7();
  if (await insertDraft(db, { id, kind: input.kind, orgUnitId: unit.id, start: period.start, end: period.end, year: period.year, frozen, createdBy: actor.accountId })) {
    await insertEvent(db, { reportId: id, accountId: actor.accountId, action: 'created', from: null, to: 'draft' });
    await writeAudit(db, actor, {
      action: 'create', entity: 'report', entityId: id, orgUnitId: unit.id,
      detail: { kind: input.kind, periodStart: period.start, periodEnd: period.end, figuresAsOf: frozen.asOf },
    });
  }
  // Another request opening the same report at once made it first: the caller gets that one.
  const row = await findByPeriod(db, input.kind, unit.id, period.start, period.end);
  if (!row) throw new Error('report vanished after insert');
  return reportView(db, actor, row, today);
}

export async function getReport(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<ReportView> {
  return reportView(db, actor, await loadReport(db, actor, input.id));
}

export async function listReportsFor(db: Kysely<DB>, actor: Actor, query: ReportListQuery, today = todayInVietnam()): Promise<ReportListAnswer> {
  const { rows, total } = await listReports(db, {
    scopePath: actor.scope.path, kind: query.kind, orgUnitId: query.orgUnitId, year: query.year, status: query.status,
    visible: visibleStatuses(actor), ...pageWindow(query),
  });
  const items = rows.map((row) => {
    const timing = reportTiming(row.kind, row.period_end, row, today);
    return {
      id: row.id, kind: row.kind, orgUnit: { id: row.org_unit_id, name: row.unit_name, level: row.unit_level },
      periodLabel: periodLabel(row.kind, row.period_start, row.period_end), periodStart: row.period_start, periodEnd: row.period_end,
      year: row.year, status: row.status, version: row.version, dueOn: timing.dueOn, late: timing.late, submittedLate: timing.submittedLate,
      submittedAt: row.submitted_at?.toISOString() ?? null, sentAt: timing.sentAt, reviewComment: row.review_comment,
    };
  });
  return pageAnswer(query, items, total);
}

/**
 * Who has reported for a period: every village under the unit (village kinds, default the
 * caller's commune) or every commune (commune kinds, default the caller's province).
 */
export async function reportOverview(db: Kysely<DB>, actor: Actor, query: ReportOverviewQuery, today = todayInVietnam()): Promise<ReportOverviewRow[]> {
  if (query.kind === 'commune_adhoc') throw invalid('kind', 'Loại báo cáo: báo cáo đột xuất không có kỳ cố định để theo dõi ai đã nộp.');
  const unit = await unitInScope(db, actor.scope, query.orgUnitId ?? actor.orgUnitId);
  const period = resolveReportPeriod({ kind: query.kind, orgUnitId: unit.id, year: query.year, month: query.month }, today);
  const units = await unitsOfLevel(db, unit.path, REPORT_KIND_LEVEL[query.kind]);
  const reports = await reportsForUnits(db, query.kind, units.map((u) => u.id), period.start, period.end);
  const visible = visibleStatuses(actor);
  return units.map((u) => {
    const report = reports.find((r) => r.org_unit_id === u.id);
    const status = (report?.status ?? null) as ReportStatus | null;
    const timing = reportTiming(query.kind, period.end, report, today);
    return {
      orgUnitId: u.id, name: u.name,
      // The Sở sees every commune's state but opens only finished reports.
      reportId: report && (!visible || visible.includes(status!)) ? report.id : null,
      status, submittedAt: report?.submitted_at?.toISOString() ?? null, sentAt: timing.sentAt, late: timing.late, submittedLate: timing.submittedLate,
    };
  });
}

// ---- Changes ----

/** A state change's report_events row and audit row, in the caller's transaction. */
async function recordChange(db: Kysely<DB>, actor: Actor, row: ReportRow, action: ReportAction, to: ReportStatus, comment: string | null, detail: Record<string, unknown> = {}) {
  await insertEvent(db, { reportId: row.id, accountId: actor.accountId, action, from: row.status, to, comment });
  await writeAudit(db, actor, {
    action: 'update', entity: 'report', entityId: row.id, orgUnitId: row.org_unit_id,
    before: { status: row.status, version: row.version }, after: { status: to, version: row.version + 1 },
    detail: { action, kind: row.kind, periodStart: row.period_start, periodEnd: row.period_end, ...(comment ? { comment } : {}), ...detail },
  });
}

async function reread(db: Kysely<DB>, actor: Actor, id: string) {
  const row = await findReport(db, id, actor.scope.path);
  if (!row) throw notFound(NOT_FOUND);
  return reportView(db, actor, row);
}

export async function saveReport(db: Kysely<DB>, actor: Actor, input: ReportSave & { id: string }): Promise<ReportView> {
  const row = await loadReport(db, actor, input.id);
  refuseWrite(actor, row);
  refuseUnlessEditable(row);
  refuseStaleVersion(row, input.version);
  const set = {
    ...(input.resultsText !== undefined ? { results_text: input.resultsText } : {}),
    ...(input.difficultiesText !== undefined ? { difficulties_text: input.difficultiesText } : {}),
    ...(input.proposalsText !== undefined ? { proposals_text: input.proposalsText } : {}),
  };
  if (!(await updateIfCurrent(db, row.id, input.version, EDITABLE_STATUSES, set))) throw conflict(CHANGED);
  await recordChange(db, actor, row, 'saved', row.status, null, { fields: Object.keys(set) });
  return reread(db, actor, row.id);
}

export async function recomputeReport(db: Kysely<DB>, actor: Actor, input: ReportVersion & { id: string }, today = todayInVietnam()): Promise<ReportRecomputeAnswer> {
  const row = await loadReport(db, actor, input.id);
  refuseWrite(actor, row);
  refuseUnlessEditable(row);
  refuseStaleVersion(row, input.version);
  const frozen = await computeFrozen(db, actor.scope, { id: row.org_unit_id, path: row.unit_path, level: row.unit_level }, periodOfRow(row, today), today);
  const changes = figureChanges(row.figures.figures, frozen.figures);
  if (!(await updateIfCurrent(db, row.id, input.version, EDITABLE_STATUSES, { figures: JSON.stringify(frozen), figures_computed_at: new Date() }))) throw conflict(CHANGED);
  await recordChange(db, actor, row, 'recomputed', row.status, null, { figuresAsOf: frozen.asOf, changes: changes.length });
  return { report: await reread(db, actor, row.id), changes };
}

export async function submitReport(db: Kysely<DB>, actor: Actor, input: ReportVersion & { id: string }, today = todayInVietnam()): Promise<ReportView> {
  const row = await loadReport(db, actor, input.id);
  refuseWrite(actor, row);
  refuseUnlessEditable(row);
  refuseStaleVersion(row, input.version);
  const why = submittableOn(row, today);
  if (why) throw new AppError(409, 'not_submittable', why);
  // A village's report is the village head's: signed with their name, dated the day it is sent
  // up. Sent by the office for a village without a head's account, the name is left blank
  // for the head to write by hand rather than printing an officer under "TRƯỞNG THÔN".
  const village = row.unit_level === 'village';
  const signer = village ? (actor.role === 'village_head' ? actor.fullName : await villageHeadName(db, row.org_unit_id)) : null;
  const villageReports = await villageReportsOf(db, row, true);
  const set = {
    status: 'submitted', submitted_at: new Date(), submitted_by: actor.accountId, review_comment: null,
    ...(village ? { signer_name: signer, signer_title: 'TRƯỞNG THÔN', issued_on: today } : {}),
    ...(villageReports ? { figures: JSON.stringify({ ...row.figures, villageReports }) } : {}),
  };
  if (!(await updateIfCurrent(db, row.id, input.version, EDITABLE_STATUSES, set))) throw conflict(CHANGED);
  await recordChange(db, actor, row, 'submitted', 'submitted', null);
  // The tasks waiting for this report (a village's monthly report task) are done with it.
  await completeTasksForReport(db, actor, { id: row.id, kind: row.kind, orgUnitId: row.org_unit_id, unitLevel: row.unit_level, periodStart: row.period_start, periodEnd: row.period_end }, today);
  return reread(db, actor, row.id);
}

type ReviewInput = { id: string; version: number; action: 'returned' | 'accepted' | 'sent'; comment: string | null };

async function review(db: Kysely<DB>, actor: Actor, input: ReviewInput, today: string) {
  const { action, comment } = input;
  const row = await loadReport(db, actor, input.id);
  if (!mayReview(actor, row.kind)) {
    throw forbidden(REPORT_KIND_LEVEL[row.kind] === 'village'
      ? 'Chỉ Phòng Văn hóa - Xã hội được tiếp nhận hoặc trả lại báo cáo của thôn.'
      : 'Chỉ Lãnh đạo UBND xã được duyệt hoặc trả lại báo cáo của xã.');
  }
  if (action === 'accepted' && row.unit_level !== 'village') throw new AppError(409, 'wrong_kind', 'Báo cáo của xã được duyệt và gửi Sở KH&CN, không "tiếp nhận".');
  if (action === 'sent' && row.unit_level !== 'commune') throw new AppError(409, 'wrong_kind', 'Báo cáo của thôn được Phòng Văn hóa - Xã hội tiếp nhận, không gửi Sở KH&CN.');
  if (row.status !== 'submitted') {
    throw new AppError(409, 'not_submitted', `Chỉ xử lý được báo cáo đã nộp, đang chờ duyệt; báo cáo này đang ở trạng thái "${REPORT_STATUS_LABELS[row.status]}".`);
  }
  refuseStaleVersion(row, input.version);
  const base = { status: action, reviewed_at: new Date(), reviewed_by: actor.accountId, review_comment: action === 'returned' ? comment : null };
  let detail: Record<string, unknown> = {};
  let set: Record<string, unknown> = base;
  if (action === 'sent') {
    // Approval registers the document: its number, its date, the leader who signs it.
    const number = await nextNumber(db, row.org_unit_id, Number(today.slice(0, 4)), COMMUNE_SYMBOL);
    set = { ...base, number_value: number, number_symbol: COMMUNE_SYMBOL, issued_on: today, signer_name: actor.fullName, signer_title: 'PHÓ CHỦ TỊCH' };
    detail = { number: `${number}/${COMMUNE_SYMBOL}` };
  }
  if (!(await updateIfCurrent(db, row.id, input.version, ['submitted'], set))) throw conflict(CHANGED);
  await recordChange(db, actor, row, action, action, comment, detail);
  // Returned, the report is no longer done: nor is the task it completed.
  if (action === 'returned') await reopenTasksForReport(db, actor, { id: row.id });
  return reread(db, actor, row.id);
}

type Versioned = ReportVersion & { id: string };
export const returnReport = (db: Kysely<DB>, actor: Actor, input: ReportReturn & { id: string }, today = todayInVietnam()) =>
  review(db, actor, { ...input, action: 'returned' }, today);
export const acceptReport = (db: Kysely<DB>, actor: Actor, input: Versioned, today = todayInVietnam()) =>
  review(db, actor, { ...input, action: 'accepted', comment: null }, today);
export const approveReport = (db: Kysely<DB>, actor: Actor, input: Versioned, today = todayInVietnam()) =>
  review(db, actor, { ...input, action: 'sent', comment: null }, today);

// ---- The document ----

export const REPORT_FILE_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
const RENDER = { docx: renderReportDocx, xlsx: renderReportXlsx };

/** The report as a Word document (NĐ 30/2020) or its figures as Excel; the download is audited. */
export async function reportFile(db: Kysely<DB>, actor: Actor, input: { id: string; format: keyof typeof REPORT_FILE_TYPES }): Promise<Attachment> {
  const row = await loadReport(db, actor, input.id);
  const [province, villageReports, villageHead] = await Promise.all([
    provinceOf(db, row.unit_path),
    villageReportsOf(db, row),
    row.unit_level === 'village' && !row.signer_name ? villageHeadName(db, row.org_unit_id) : Promise.resolve(null),
  ]);
  await writeAudit(db, actor, { action: 'export', entity: 'report', entityId: row.id, orgUnitId: row.org_unit_id, detail: { kind: row.kind, status: row.status } });
  const body = await RENDER[input.format](buildReportDocument({ row, province, villageReports, villageHead }));
  return { name: reportFileNames(row).title, extension: input.format, contentType: REPORT_FILE_TYPES[input.format], body };
}
