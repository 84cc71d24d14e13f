// Reports that wait for this account, by its place in the chain (domain.md "Reports"): the
// village head writes, submits and resends the village's; Phòng VH-XH reviews the villages'
// and writes the commune's; the commune leader approves the commune's; the province sees
// which communes have not sent theirs. The admin, who could do all of it, is in no chain and
// gets none. The rules of timing are the reports feature's own (reportTiming, dueOn).
import type { Kysely } from 'kysely';
import { FIRST_INDICATOR_YEAR, monthEnd, monthStart, quarterOf } from '../../../../shared/indicators.ts';
import { EDITABLE_STATUSES, REPORT_KIND_LEVEL, type ReportKind } from '../../../../shared/reports.ts';
import type { TodoItem } from '../../../../shared/todos.ts';
import { unitName, viDate } from '../../../../shared/vietnamese.ts';
import type { DB } from '../../../db/schema.ts';
import type { Actor } from '../../../http/actor.ts';
import { dueOn, periodLabel, reportTiming } from '../../reports/reports.builder.ts';
import { listReports, reportsForUnits, unitsOfLevel, type ReportRow } from '../../reports/reports.queries.ts';
import type { TodoProvider } from './provider.ts';
import { formatMoment, namesOf } from '../todo-text.ts';

interface EndedPeriod {
  kind: ReportKind;
  start: string;
  end: string;
}

/** The last month that has ended by `today`, as a period of `kind` (none before the plan's first year). */
function lastMonth(kind: ReportKind, today: string): EndedPeriod | null {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const [year, month] = m === 1 ? [y - 1, 12] : [y, m - 1];
  return year < FIRST_INDICATOR_YEAR ? null : { kind, start: monthStart(year, month), end: monthEnd(year, month) };
}

function lastQuarter(kind: ReportKind, today: string): EndedPeriod | null {
  const y = Number(today.slice(0, 4));
  const q = quarterOf(Number(today.slice(5, 7)));
  const [year, quarter] = q === 1 ? [y - 1, 4] : [y, q - 1];
  return year < FIRST_INDICATOR_YEAR ? null : { kind, start: monthStart(year, 3 * quarter - 2), end: monthEnd(year, 3 * quarter) };
}

/** A report may be submitted once its period has ended (an ad-hoc one on its last day). */
const ended = (row: Pick<ReportRow, 'kind' | 'period_end'>, today: string) => (row.kind === 'commune_adhoc' ? row.period_end <= today : row.period_end < today);

/** "báo cáo tháng 11/2026", "báo cáo quý III/2026 của thôn", "báo cáo đột xuất từ … của xã". */
function reportName(kind: ReportKind, start: string, end: string, unit = ''): string {
  const label = periodLabel(kind, start, end);
  const period = label.charAt(0).toLocaleLowerCase('vi') + label.slice(1);
  return `báo cáo ${kind === 'commune_adhoc' ? 'đột xuất ' : ''}${period}${unit ? ` ${unit}` : ''}`;
}

/** Whose report, said after its name: the commune office writes the commune's, not a village's. */
const ofUnit = (kind: ReportKind) => (REPORT_KIND_LEVEL[kind] === 'commune' ? 'của xã' : '');

/** The reports page on the month (or, for quarterly reports, the quarter) of a period. */
function overviewHref(kind: ReportKind, end: string): string {
  const month = Number(end.slice(5, 7));
  return `/bao-cao?${kind === 'village_quarterly' ? 'loai=quy&' : ''}thang=${month}&nam=${end.slice(0, 4)}`;
}

/** The due day; lateness is the item's `late` (the web shows it as a badge). */
const dueText = (due: string) => `Hạn nộp ${viDate(due)}`;

/** Reports the actor writes that are open (draft or returned) and whose period has ended: submit or resend. */
async function openReports(db: Kysely<DB>, actor: Actor, orgUnitId: number, today: string): Promise<TodoItem[]> {
  const { rows } = await listReports(db, { scopePath: actor.scope.path, orgUnitId, visible: EDITABLE_STATUSES, offset: 0, limit: 100 });
  return rows.filter((row) => ended(row, today)).map((row) => {
    const timing = reportTiming(row.kind, row.period_end, row, today);
    const name = reportName(row.kind, row.period_start, row.period_end, ofUnit(row.kind));
    const returned = row.status === 'returned';
    return {
      key: `report:${row.id}`,
      kind: returned ? 'report_resend' : 'report_submit',
      title: returned ? `Sửa và nộp lại ${name}` : `Hoàn thành và nộp ${name}`,
      detail: returned && row.review_comment ? `Bị trả lại: “${row.review_comment}”` : dueText(timing.dueOn),
      href: `/bao-cao/${row.id}`,
      dueOn: timing.dueOn,
      late: timing.late,
      count: null,
    } satisfies TodoItem;
  });
}

/** Ended periods the actor's unit has no report for at all: write them. */
async function unwritten(db: Kysely<DB>, orgUnitId: number, periods: Array<EndedPeriod | null>, href: (p: EndedPeriod) => string, today: string): Promise<TodoItem[]> {
  const items: TodoItem[] = [];
  for (const period of periods) {
    if (!period) continue;
    const [existing] = await reportsForUnits(db, period.kind, [orgUnitId], period.start, period.end);
    if (existing) continue;
    const timing = reportTiming(period.kind, period.end, undefined, today);
    items.push({
      key: `report-write:${period.kind}:${orgUnitId}:${period.start}`,
      kind: 'report_write',
      title: `Viết ${reportName(period.kind, period.start, period.end, ofUnit(period.kind))}`,
      detail: dueText(timing.dueOn),
      href: href(period),
      dueOn: timing.dueOn,
      late: timing.late,
      count: null,
    });
  }
  return items;
}

/** Villages' reports submitted to Phòng VH-XH, one item per period (one report: the report itself). */
async function villageReviews(db: Kysely<DB>, actor: Actor): Promise<TodoItem[]> {
  const { rows } = await listReports(db, { scopePath: actor.scope.path, status: 'submitted', offset: 0, limit: 500 });
  const groups = new Map<string, ReportRow[]>();
  for (const row of rows.filter((r) => r.unit_level === 'village')) {
    const key = `${row.kind}:${row.period_start}:${row.period_end}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()].map(([key, group]) => {
    const first = group[0];
    const name = reportName(first.kind, first.period_start, first.period_end);
    const single = group.length === 1;
    return {
      key: `report-review:${key}`,
      kind: 'report_review',
      title: single ? `Xem và tiếp nhận ${name} của ${first.unit_name}` : `Xem và tiếp nhận ${group.length} ${name} của các thôn`,
      detail: single ? `Nộp lúc ${formatMoment(first.submitted_at)}` : namesOf(group.map((r) => r.unit_name)),
      href: single ? `/bao-cao/${first.id}` : overviewHref(first.kind, first.period_end),
      dueOn: null,
      late: false,
      count: single ? null : group.length,
    } satisfies TodoItem;
  });
}

/** The commune's reports waiting for the leader's approval (which sends them to the province). */
async function communeApprovals(db: Kysely<DB>, actor: Actor, today: string): Promise<TodoItem[]> {
  const { rows } = await listReports(db, { scopePath: actor.scope.path, status: 'submitted', offset: 0, limit: 100 });
  return rows.filter((r) => r.unit_level === 'commune').map((row) => {
    const timing = reportTiming(row.kind, row.period_end, row, today);
    return {
      key: `report:${row.id}`,
      kind: 'report_approve',
      title: `Duyệt và gửi Sở ${reportName(row.kind, row.period_start, row.period_end, 'của xã')}`,
      detail: `Phòng Văn hóa - Xã hội nộp lúc ${formatMoment(row.submitted_at)} · hạn gửi Sở ${viDate(timing.dueOn)}`,
      href: `/bao-cao/${row.id}`,
      dueOn: timing.dueOn,
      late: timing.late,
      count: null,
    } satisfies TodoItem;
  });
}

/** For the province: the communes whose last month's report has not been sent (unit names, no personal data). */
async function communesNotSent(db: Kysely<DB>, actor: Actor, today: string): Promise<TodoItem[]> {
  const period = lastMonth('commune_monthly', today);
  if (!period) return [];
  const communes = await unitsOfLevel(db, actor.scope.path, 'commune');
  const reports = await reportsForUnits(db, period.kind, communes.map((c) => c.id), period.start, period.end);
  const sent = new Set(reports.filter((r) => r.status === 'sent').map((r) => r.org_unit_id));
  const missing = communes.filter((c) => !sent.has(c.id));
  if (!missing.length) return [];
  const due = dueOn(period.kind, period.end, null);
  const late = today > due;
  return [{
    key: `reports-missing:${period.start}`,
    kind: 'reports_missing',
    title: `${missing.length}/${communes.length} xã chưa gửi ${reportName(period.kind, period.start, period.end)}`,
    detail: `${namesOf(missing.map((c) => unitName(c.name, 'commune')))} · hạn gửi ${viDate(due)}`,
    href: overviewHref(period.kind, period.end),
    dueOn: due,
    late,
    count: missing.length,
  }];
}

export const reportTodos: TodoProvider = {
  name: 'reports',
  async items(db, actor, today) {
    switch (actor.role) {
      case 'village_head': {
        const [open, toWrite] = await Promise.all([
          openReports(db, actor, actor.orgUnitId, today),
          unwritten(db, actor.orgUnitId, [lastMonth('village_monthly', today), lastQuarter('village_quarterly', today)], () => '/bao-cao', today),
        ]);
        return [...toWrite, ...open];
      }
      case 'culture_office': {
        const [reviews, open, toWrite] = await Promise.all([
          villageReviews(db, actor),
          openReports(db, actor, actor.orgUnitId, today),
          unwritten(db, actor.orgUnitId, [lastMonth('commune_monthly', today)], (p) => overviewHref(p.kind, p.end), today),
        ]);
        return [...toWrite, ...open, ...reviews];
      }
      case 'commune_leader':
        return communeApprovals(db, actor, today);
      case 'province_viewer':
        return communesNotSent(db, actor, today);
      default:
        return [];
    }
  },
};
