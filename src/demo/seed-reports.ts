// The demo commune's reports as a working commune has them on the demo's "today"
// (demo-year.ts): the month before last all done (every village's report accepted, the
// commune's sent to the Sở); last month's in every state (accepted, one returned with the
// office's comment — truongthon1's village —, submitted and waiting, a draft, and villages
// that have not reported yet); the commune's report of last month approved by the leader and
// sent; the villages' reports of the last quarter that ended. A step dated today or later has
// not happened yet: seeded on the first days of a month, the month's reports are as far as a
// commune gets by then. Figures are taken from the seeded data as the service takes them
// (reports.builder.ts); dates and times follow from "today", so a given day's demo is always
// the same.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { monthEnd } from '../shared/indicators.ts';
import type { ReportAction, ReportKind, ReportStatus } from '../shared/reports.ts';
import type { DB } from '../server/db/schema.ts';
import { computeFrozen, resolveReportPeriod } from '../server/features/reports/reports.builder.ts';
import { insertDraft } from '../server/features/reports/reports.queries.ts';
import { demoVillages } from './demo-accounts.ts';
import type { DemoYear } from './demo-year.ts';

/** A step in the month after the period: day of that month and Vietnam wall-clock time. */
interface Step {
  action: ReportAction;
  to: ReportStatus;
  day: number;
  time: string;
  by: 'head' | 'office' | 'leader';
  comment?: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const next = (year: number, month: number) => (month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 });
const vietnamInstant = (iso: string, time: string) => new Date(`${iso}T${time}:00+07:00`);

const TEXTS = {
  results: 'Tổ Công nghệ số cộng đồng duy trì đi từng hộ vào các buổi tối và ngày nghỉ; ưu tiên người cao tuổi và hộ chưa có điện thoại thông minh.',
  difficulties: 'Một số hộ ở xóm trong sóng điện thoại yếu; nhiều thanh niên đi làm ăn xa nên khó hẹn lịch hỗ trợ.',
  proposals: 'Đề nghị xã hỗ trợ thêm tài liệu hướng dẫn in sẵn và 01 điện thoại dùng chung cho Tổ.',
};
/** The commune's own text to the Sở. */
const COMMUNE_TEXTS = {
  results: 'Các Tổ Công nghệ số cộng đồng tập trung hướng dẫn kích hoạt định danh điện tử mức 2 và mở tài khoản ngân hàng cho người dân trước đợt chi trả an sinh xã hội qua tài khoản.',
  difficulties: 'Các thôn Khuổi Vài, Khuổi Luông, Lũng Càng còn nhiều người cao tuổi, đồng bào dân tộc thiểu số chưa có điện thoại thông minh.\nSóng di động yếu tại thôn Pác Sáp và thôn Cốc Chủ; thành viên Tổ thay đổi do đi làm ăn xa.',
  proposals: 'Đề nghị Sở Khoa học và Công nghệ hỗ trợ tài liệu hướng dẫn kỹ năng số bằng tiếng Dao, tiếng Mông và tổ chức tập huấn chuyên sâu cho Tổ trưởng.',
};
/** The office's comment on truongthon1's report, asking for it again two days after returning it (on the 3rd). */
const returnComment = (month: number) =>
  `Đề nghị thôn bổ sung số hộ chưa có điện thoại thông minh ở mục Khó khăn, vướng mắc và nộp lại trước ngày 05/${pad2(month)}.`;

/**
 * Last month, village by village (by name order): how far each village's report got by its due
 * day (the 3rd); the first (truongthon1's) was returned. The draft and the villages after it,
 * which have not reported, are late from the 4th.
 */
const lastMonthSteps = (month: number): ReadonlyArray<Step[]> => [
  [{ action: 'submitted', to: 'submitted', day: 1, time: '19:40', by: 'head' }, { action: 'returned', to: 'returned', day: 3, time: '10:20', by: 'office', comment: returnComment(month) }],
  [{ action: 'submitted', to: 'submitted', day: 2, time: '20:05', by: 'head' }, { action: 'accepted', to: 'accepted', day: 3, time: '09:15', by: 'office' }],
  [{ action: 'submitted', to: 'submitted', day: 2, time: '08:10', by: 'office' }, { action: 'accepted', to: 'accepted', day: 3, time: '09:30', by: 'office' }],
  [{ action: 'submitted', to: 'submitted', day: 3, time: '16:45', by: 'office' }, { action: 'accepted', to: 'accepted', day: 4, time: '08:05', by: 'office' }],
  [{ action: 'submitted', to: 'submitted', day: 3, time: '07:50', by: 'office' }],
  [{ action: 'submitted', to: 'submitted', day: 3, time: '14:30', by: 'office' }],
  [{ action: 'saved', to: 'draft', day: 2, time: '21:10', by: 'office' }],
];
/** A month every village finished: submitted on the 2nd (by the head, or the office for a village without a head's account), accepted on the 3rd. */
const DONE: Step[] = [
  { action: 'submitted', to: 'submitted', day: 2, time: '19:30', by: 'head' },
  { action: 'accepted', to: 'accepted', day: 3, time: '09:00', by: 'office' },
];
/** The commune's report: put together by the office on the 5th, approved and sent by the leader the same afternoon. */
const COMMUNE_SENT: Step[] = [
  { action: 'submitted', to: 'submitted', day: 5, time: '10:00', by: 'office' },
  { action: 'sent', to: 'sent', day: 5, time: '15:30', by: 'leader' },
];
/** The commune's report number: about three reports a month go out under the year's numbering (38/BC-UBND early in November). */
const communeNumber = (issuedMonth: number) => 3 * (issuedMonth - 1) + 8;

export async function demoReportsMissing(db: Kysely<DB>, communeId: number): Promise<boolean> {
  const row = await db.selectFrom('reports').select('id').where('org_unit_id', '=', communeId).executeTakeFirst();
  return row === undefined;
}

export async function seedDemoReports(db: Kysely<DB>, year: DemoYear): Promise<number> {
  const commune = await db.selectFrom('org_units').select(['id', 'path']).where('level', '=', 'commune').where('name', '=', 'Bạch Ngọc').executeTakeFirst();
  if (!commune || !(await demoReportsMissing(db, commune.id))) return 0;
  const villages = await demoVillages(db);
  const accounts = await db.selectFrom('accounts').select(['id', 'username', 'full_name', 'org_unit_id']).where('username', 'in', ['vhxh', 'lanhdao', 'truongthon1', 'truongthon2']).execute();
  const account = (username: string) => accounts.find((a) => a.username === username);
  const office = account('vhxh');
  const leader = account('lanhdao');
  if (!office || !leader) return 0;
  const heads = new Map(accounts.filter((a) => a.username.startsWith('truongthon')).map((a) => [a.org_unit_id, a]));
  const scope = { path: commune.path, accountId: office.id, role: 'culture_office' as const };
  // Nothing has happened from today's midnight on (Vietnam time).
  const now = vietnamInstant(year.today, '00:00');
  /** Each village's status as steps left it, by period: the commune's report records them as they stood at its submission. */
  const timelines = new Map<string, Array<{ villageId: number; opened: Date; steps: Array<{ at: Date; to: ReportStatus }> }>>();
  const reportIds = new Map<string, string>();
  let created = 0;

  async function report(kind: ReportKind, unit: { id: number; level: 'village' | 'commune' }, periodYear: number, month: number, plan: Step[]) {
    const path = unit.level === 'commune' ? commune!.path : `${commune!.path}${unit.id}/`;
    const period = resolveReportPeriod({ kind, orgUnitId: unit.id, year: periodYear, month }, year.today);
    const after = next(Number(period.end.slice(0, 4)), Number(period.end.slice(5, 7)));
    const dated = plan
      .map((step) => ({ ...step, at: vietnamInstant(`${after.year}-${pad2(after.month)}-${pad2(step.day)}`, step.time) }))
      .filter((step) => step.at < now);
    const frozen = await computeFrozen(db, scope, { id: unit.id, path, level: unit.level }, period, year.today);
    const head = heads.get(unit.id);
    const id = uuidv7();
    const opener = head ?? office!;
    await insertDraft(db, { id, kind, orgUnitId: unit.id, start: period.start, end: period.end, year: periodYear, frozen, createdBy: opener.id });
    // Opened on the period's last evening, as heads do to have it ready.
    const opened = vietnamInstant(period.end, '20:00');
    const events = [{ report_id: id, at: opened, account_id: opener.id, action: 'created', from_status: null as string | null, to_status: 'draft', comment: null as string | null }];
    let status: ReportStatus = 'draft';
    const texts = unit.level === 'commune' ? COMMUNE_TEXTS : TEXTS;
    const set: Record<string, unknown> = {
      results_text: texts.results, difficulties_text: texts.difficulties, proposals_text: texts.proposals, figures_computed_at: opened, created_at: opened,
    };
    for (const step of dated) {
      const who = step.by === 'head' ? (head ?? office!) : step.by === 'leader' ? leader! : office!;
      const day = `${after.year}-${pad2(after.month)}-${pad2(step.day)}`;
      events.push({ report_id: id, at: step.at, account_id: who.id, action: step.action, from_status: status, to_status: step.to, comment: step.comment ?? null });
      if (step.action === 'submitted') {
        Object.assign(set, { submitted_at: step.at, submitted_by: who.id, review_comment: null });
        if (unit.level === 'village') Object.assign(set, { signer_name: head?.full_name ?? null, signer_title: 'TRƯỞNG THÔN', issued_on: day });
      }
      if (step.action === 'returned' || step.action === 'accepted' || step.action === 'sent') {
        Object.assign(set, { reviewed_at: step.at, reviewed_by: who.id, review_comment: step.comment ?? null });
      }
      if (step.action === 'sent') {
        Object.assign(set, { number_value: communeNumber(after.month), number_symbol: 'BC-UBND', issued_on: day, signer_name: who.full_name, signer_title: 'PHÓ CHỦ TỊCH' });
      }
      status = step.to;
    }
    const key = `${kind}:${period.start}`;
    if (unit.level === 'village') {
      timelines.set(key, [...(timelines.get(key) ?? []), { villageId: unit.id, opened, steps: dated.map((s) => ({ at: s.at, to: s.to })) }]);
    } else {
      // The villages' reports as they stood when the commune's was submitted.
      const submittedAt = dated.find((s) => s.action === 'submitted')?.at ?? now;
      const own = timelines.get(`village_monthly:${period.start}`) ?? [];
      const villageReports = villages.map((v) => {
        const line = own.find((x) => x.villageId === v.id);
        const reportId = line ? reportIds.get(`village_monthly:${period.start}:${v.id}`) ?? null : null;
        const stood = !line || line.opened > submittedAt ? null : (line.steps.filter((s) => s.at <= submittedAt).at(-1)?.to ?? 'draft');
        return { orgUnitId: v.id, name: v.name, reportId: stood ? reportId : null, status: stood };
      });
      set.figures = JSON.stringify({ ...frozen, villageReports });
    }
    reportIds.set(`${kind}:${period.start}:${unit.id}`, id);
    await db.updateTable('reports').set({ ...set, status, version: events.length, updated_at: events[events.length - 1].at }).where('id', '=', id).execute();
    await db.insertInto('report_events').values(events).execute();
    created += 1;
  }

  const { monthBefore, lastMonth, lastQuarter } = year;
  // The month before last: every village's report accepted, the commune's sent.
  for (const village of villages) {
    await report('village_monthly', { id: village.id, level: 'village' }, monthBefore.year, monthBefore.month, DONE);
  }
  await report('commune_monthly', { id: commune.id, level: 'commune' }, monthBefore.year, monthBefore.month, COMMUNE_SENT);
  // Last month: in every state.
  const steps = lastMonthSteps(next(lastMonth.year, lastMonth.month).month);
  for (const [i, plan] of steps.entries()) {
    const village = villages[i];
    if (village) await report('village_monthly', { id: village.id, level: 'village' }, lastMonth.year, lastMonth.month, plan);
  }
  await report('commune_monthly', { id: commune.id, level: 'commune' }, lastMonth.year, lastMonth.month, COMMUNE_SENT);
  // The last quarter that ended: when it ended last month, its reports go with last month's
  // (the same villages have sent them, the same ones not yet); before that, all accepted.
  const quarterEnd = monthEnd(lastQuarter.year, 3 * lastQuarter.quarter);
  const endedLastMonth = quarterEnd === monthEnd(lastMonth.year, lastMonth.month);
  for (const [i, village] of villages.entries()) {
    const plan = endedLastMonth ? steps[i] : DONE.map((s) => ({ ...s, day: s.day + 1 }));
    if (!plan) continue;
    await report('village_quarterly', { id: village.id, level: 'village' }, lastQuarter.year, 3 * lastQuarter.quarter, plan.map((s) => ({ ...s, time: later(s.time) })));
  }
  return created;
}

/** Ten minutes after a wall-clock time: the quarter's report goes in with the month's. */
function later(time: string): string {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + 10;
  return `${pad2(Math.floor(minutes / 60) % 24)}:${pad2(minutes % 60)}`;
}
