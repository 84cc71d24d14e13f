// Allowances of team members where the province pays them: the province's rates per year
// (per team or member per month, per person-day of activity; none assumed — without rates no
// sheet is built), the commune's monthly sheet computed from its teams and their recorded
// activity (support given, trainings attended), reviewed by Phòng Kinh tế (quantities
// corrected with a note), then posted as spending: one entry per team, linked to the team's
// month, in one transaction with the overrun warning like any spending.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import {
  ALLOWANCE_BASES,
  type AllowanceBasis,
  type AllowanceRates,
  type AllowanceRatesInput,
  type AllowanceSheetInput,
  type AllowanceSheetSummary,
  type AllowanceSheetView,
  type SheetPostInput,
  type SheetReviewInput,
  type BudgetYearQuery,
} from '../../../shared/budget.ts';
import { addDays, todayInVietnam } from '../../../shared/calendar.ts';
import { can } from '../../../shared/roles.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import {
  type SheetRow,
  type SheetRowValues,
  deleteSheet,
  findLine,
  findSheet,
  insertSheet,
  insertSpending,
  markSheet,
  monthActivity,
  provinceOf,
  ratesOf,
  setRate,
  sheetRows,
  sheetsOfYear,
  spendingOfSheet,
  updateSheetRow,
} from './budget.queries.ts';
import { checkOverrun, communeInScope, openYear, SPENDING_ENTITY } from './budget.service.ts';

const SHEET_NOT_FOUND = 'Không tìm thấy bảng phụ cấp hoặc bảng ngoài phạm vi của bạn.';
const CHANGED = 'Bảng phụ cấp đã được người khác thay đổi trong lúc bạn sửa. Tải lại trang rồi làm lại.';
const pad2 = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number) => addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad2(month + 1)}-01`, -1);

// ---- Rates ----

export async function allowanceRates(db: Kysely<DB>, actor: Actor, query: { provinceId?: number; year: number }): Promise<AllowanceRates> {
  // A commune reads its own province's rates (the province above it), the admin its province's.
  const province = await provinceOf(db, actor.orgPath);
  if (query.provinceId !== undefined && query.provinceId !== province.id) throw notFound('Không tìm thấy tỉnh hoặc tỉnh ngoài phạm vi của bạn.');
  const rows = await ratesOf(db, province.id, query.year);
  return {
    province: { id: province.id, name: province.name }, year: query.year,
    rates: rows.map((r) => ({ basis: r.basis as AllowanceBasis, amountVnd: Number(r.amount_vnd), legalBasis: r.legal_basis })),
    can: { manage: can(actor.role, 'budget.rates') && province.path.startsWith(actor.scope.path) },
  };
}

export async function setAllowanceRates(db: Kysely<DB>, actor: Actor, input: AllowanceRatesInput): Promise<AllowanceRates> {
  const province = await unitInScope(db, actor.scope, input.provinceId).catch(() => {
    throw invalid('provinceId', 'Tỉnh: không tồn tại hoặc ngoài phạm vi của bạn.');
  });
  if (province.level !== 'province') throw invalid('provinceId', `Tỉnh: ${province.name} không phải một tỉnh.`);
  const before = await ratesOf(db, province.id, input.year);
  for (const rate of input.rates) {
    await setRate(db, { provinceId: province.id, year: input.year, basis: rate.basis, amountVnd: rate.amountVnd, legalBasis: rate.legalBasis, by: actor.accountId });
  }
  await writeAudit(db, actor, { action: 'update', entity: 'allowance_rates', entityId: `${province.id}:${input.year}`, orgUnitId: province.id, before, after: input.rates });
  return allowanceRates(db, actor, { provinceId: province.id, year: input.year });
}

// ---- Sheets ----

function summaryOf(row: SheetRow): AllowanceSheetSummary {
  return { id: row.id, year: row.year, month: row.month, line: { id: row.line_id, title: row.line_title }, status: row.status, totalVnd: Number(row.total_vnd), version: row.version };
}

async function sheetView(db: Kysely<DB>, row: SheetRow): Promise<AllowanceSheetView> {
  const [rows, spendingCount] = await Promise.all([sheetRows(db, row.id), spendingOfSheet(db, row.id)]);
  return {
    ...summaryOf(row), orgUnitId: row.org_unit_id, createdBy: row.created_by, reviewedBy: row.reviewed_by, postedBy: row.posted_by, spendingCount,
    rows: rows.map((r) => ({
      seq: r.seq, village: r.village, team: r.team_name, member: r.member_name, basis: r.basis as AllowanceBasis, computedQty: r.computed_qty, quantity: r.quantity,
      rateVnd: Number(r.rate_vnd), amountVnd: Number(r.amount_vnd), note: r.note,
    })),
  };
}

async function loadSheet(db: Kysely<DB>, actor: Actor, id: string): Promise<SheetRow> {
  const row = await findSheet(db, id, actor.scope.path);
  if (!row) throw notFound(SHEET_NOT_FOUND);
  return row;
}

const refuseUnlessManager = (actor: Actor) => {
  if (!can(actor.role, 'budget.manage')) throw forbidden('Chỉ Phòng Kinh tế được lập, soát xét và ghi chi bảng phụ cấp.');
};

export async function listSheets(db: Kysely<DB>, actor: Actor, query: BudgetYearQuery): Promise<{ items: AllowanceSheetSummary[] }> {
  const unit = await communeInScope(db, actor, query.orgUnitId);
  return { items: (await sheetsOfYear(db, unit.id, query.year)).map(summaryOf) };
}

export async function getSheet(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<AllowanceSheetView> {
  const row = await loadSheet(db, actor, input.id);
  const view = await sheetView(db, row);
  await writeAudit(db, actor, { action: 'read', entity: 'allowance_sheet', entityId: row.id, orgUnitId: row.org_unit_id, detail: { rows: view.rows.length } });
  return view;
}

/** The month's sheet: a row per team (team_month), per member (member_month, person_day) for each rate the province set. */
export async function buildSheet(db: Kysely<DB>, actor: Actor, input: AllowanceSheetInput): Promise<AllowanceSheetView> {
  refuseUnlessManager(actor);
  const unit = await communeInScope(db, actor, input.orgUnitId);
  await openYear(db, unit.id, input.year);
  const line = await findLine(db, input.lineId, actor.scope.path);
  if (!line || line.org_unit_id !== unit.id || line.year !== input.year) throw invalid('lineId', `Dòng kinh phí: chọn một dòng của xã ${unit.name} năm ${input.year}.`);
  if (line.activity !== 'team_support') throw invalid('lineId', 'Dòng kinh phí: phụ cấp ghi vào một dòng “Hỗ trợ hoạt động của Tổ CNSCĐ”.');
  const from = `${input.year}-${pad2(input.month)}-01`;
  const to = lastDayOfMonth(input.year, input.month);
  if (from > todayInVietnam()) throw invalid('month', `Tháng: tháng ${pad2(input.month)}/${input.year} chưa bắt đầu.`);
  const province = await provinceOf(db, unit.path);
  const rates = await ratesOf(db, province.id, input.year);
  if (!rates.length) {
    throw invalid('year', `Năm: tỉnh ${province.name} chưa có mức chi bồi dưỡng thành viên Tổ CNSCĐ năm ${input.year}; Quản trị hệ thống nhập mức chi (theo nghị quyết của HĐND tỉnh) trước khi lập bảng.`);
  }
  const rateOf = new Map(rates.map((r) => [r.basis as AllowanceBasis, Number(r.amount_vnd)]));
  const members = await monthActivity(db, unit.path, from, to);
  const rows: SheetRowValues[] = [];
  const add = (teamId: string, memberId: string | null, basis: AllowanceBasis, qty: number, note: string) => {
    const rate = rateOf.get(basis)!;
    rows.push({ seq: rows.length + 1, teamId, memberId, basis, computedQty: qty, quantity: qty, rateVnd: rate, amountVnd: qty * rate, note });
  };
  const teams = [...new Set(members.map((m) => m.team_id))];
  for (const teamId of teams) {
    const own = members.filter((m) => m.team_id === teamId);
    const active = own.some((m) => m.days > 0);
    if (rateOf.has('team_month')) add(teamId, null, 'team_month', active ? 1 : 0, active ? '' : 'Không có hoạt động được ghi nhận trong tháng');
    for (const m of own) {
      if (rateOf.has('member_month')) add(teamId, m.member_id, 'member_month', m.days > 0 ? 1 : 0, m.days > 0 ? '' : 'Không có hoạt động được ghi nhận trong tháng');
      if (rateOf.has('person_day')) add(teamId, m.member_id, 'person_day', m.days, '');
    }
  }
  const total = rows.reduce((sum, r) => sum + r.amountVnd, 0);
  if (!(await insertSheet(db, { id: input.id, orgUnitId: unit.id, year: input.year, month: input.month, lineId: line.id, totalVnd: total, createdBy: actor.accountId }, rows))) {
    throw conflict(`Tháng: bảng phụ cấp tháng ${pad2(input.month)}/${input.year} của xã đã được lập; mở bảng đó để soát xét.`, { field: 'month' });
  }
  await writeAudit(db, actor, { action: 'create', entity: 'allowance_sheet', entityId: input.id, orgUnitId: unit.id, after: { year: input.year, month: input.month, lineId: line.id, rows: rows.length, totalVnd: total, rates: Object.fromEntries(rateOf) } });
  return sheetView(db, (await findSheet(db, input.id, actor.scope.path))!);
}

export async function reviewSheet(db: Kysely<DB>, actor: Actor, input: SheetReviewInput & { id: string }): Promise<AllowanceSheetView> {
  refuseUnlessManager(actor);
  const sheet = await loadSheet(db, actor, input.id);
  await openYear(db, sheet.org_unit_id, sheet.year);
  if (sheet.status === 'posted') throw conflict('Bảng phụ cấp đã ghi chi; không soát xét lại được.');
  const current = new Map((await sheetRows(db, sheet.id)).map((r) => [r.seq, r]));
  for (const [i, change] of input.rows.entries()) {
    const row = current.get(change.seq);
    if (!row) throw invalid(`rows.${i}.seq`, `Dòng ${change.seq}: không có trong bảng.`);
    if (change.quantity !== row.computed_qty && !change.note) throw invalid(`rows.${i}.note`, `Dòng ${change.seq} (${row.member_name ?? row.team_name}): ghi lý do khi sửa số lượng khác số tính từ dữ liệu.`);
    if (row.basis !== 'person_day' && change.quantity > 1) throw invalid(`rows.${i}.quantity`, `Dòng ${change.seq}: số lượng theo tháng chỉ là 0 hoặc 1.`);
    await updateSheetRow(db, sheet.id, change.seq, change.quantity, change.note);
  }
  if (!(await markSheet(db, sheet.id, input.version, 'reviewed', actor.accountId))) throw conflict(CHANGED);
  await writeAudit(db, actor, { action: 'update', entity: 'allowance_sheet', entityId: sheet.id, orgUnitId: sheet.org_unit_id, detail: { reviewed: true, changes: input.rows } });
  return sheetView(db, (await findSheet(db, sheet.id, actor.scope.path))!);
}

/** Posts a reviewed sheet: one spending entry per team with something to pay, all or nothing. */
export async function postSheet(db: Kysely<DB>, actor: Actor, input: SheetPostInput & { id: string }): Promise<AllowanceSheetView> {
  refuseUnlessManager(actor);
  const sheet = await loadSheet(db, actor, input.id);
  await openYear(db, sheet.org_unit_id, sheet.year);
  if (sheet.status === 'posted') throw conflict('Bảng phụ cấp đã ghi chi.');
  if (sheet.status !== 'reviewed') throw invalid('version', 'Bảng phụ cấp chưa soát xét: soát xét số lượng trước khi ghi chi.');
  if (Number(input.spentOn.slice(0, 4)) !== sheet.year) throw invalid('spentOn', `Ngày chi: phải trong năm ${sheet.year}.`);
  if (input.spentOn < `${sheet.year}-${pad2(sheet.month)}-01`) throw invalid('spentOn', `Ngày chi: không trước tháng ${pad2(sheet.month)}/${sheet.year} của bảng phụ cấp.`);
  const line = (await findLine(db, sheet.line_id, actor.scope.path))!;
  const usedBefore = Number(line.spent_vnd) + Number(line.committed_vnd);
  const rows = await sheetRows(db, sheet.id);
  const month = `${sheet.year}-${pad2(sheet.month)}`;
  const byTeam = new Map<string, { amount: number; team: string; village: string; leader: string | null; people: number }>();
  for (const r of rows) {
    const entry = byTeam.get(r.team_id) ?? { amount: 0, team: r.team_name, village: r.village, leader: r.leader_name, people: 0 };
    entry.amount += Number(r.amount_vnd);
    if (r.member_id && Number(r.amount_vnd) > 0) entry.people += 1;
    byTeam.set(r.team_id, entry);
  }
  let entries = 0;
  for (const [teamId, team] of byTeam) {
    if (team.amount <= 0) continue;
    entries += 1;
    await insertSpending(db, uuidv7(), {
      lineId: line.id, spentOn: input.spentOn, amountVnd: team.amount, payee: `${team.team} - ${team.village}${team.leader ? ` (Tổ trưởng ${team.leader})` : ''}`,
      voucherNo: input.voucherNo, description: `Chi bồi dưỡng Tổ CNSCĐ tháng ${pad2(sheet.month)}/${sheet.year} theo bảng phụ cấp`,
      trainingId: null, commActivityId: null, teamId, teamMonth: `${month}-01`, awardId: null, commitmentId: null, allowanceSheetId: sheet.id,
    }, actor.accountId);
  }
  if (entries === 0) throw invalid('version', 'Bảng phụ cấp không có khoản nào để chi (tổng 0 đồng).');
  await checkOverrun(db, actor, line.id, usedBefore, input.confirmOverrun, 'version');
  if (!(await markSheet(db, sheet.id, input.version, 'posted', actor.accountId))) throw conflict(CHANGED);
  await writeAudit(db, actor, { action: 'update', entity: 'allowance_sheet', entityId: sheet.id, orgUnitId: sheet.org_unit_id, detail: { posted: true, entries, spentOn: input.spentOn, voucherNo: input.voucherNo, entity: SPENDING_ENTITY } });
  return sheetView(db, (await findSheet(db, sheet.id, actor.scope.path))!);
}

export async function removeSheet(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<{ id: string }> {
  refuseUnlessManager(actor);
  const sheet = await loadSheet(db, actor, input.id);
  await openYear(db, sheet.org_unit_id, sheet.year);
  if (sheet.status === 'posted') throw conflict('Bảng phụ cấp đã ghi chi; không xóa được.');
  await deleteSheet(db, sheet.id);
  await writeAudit(db, actor, { action: 'delete', entity: 'allowance_sheet', entityId: sheet.id, orgUnitId: sheet.org_unit_id, before: summaryOf(sheet) });
  return { id: sheet.id };
}

export { ALLOWANCE_BASES };
