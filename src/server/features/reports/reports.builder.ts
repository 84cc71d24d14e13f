// From a kind and period to the report: the period's dates, the figures taken from the
// indicator dashboard (never re-derived here) and frozen, and the ReportDocument the .docx
// and .xlsx renderers print, worded as in report-sample-data.ts.
import type { Kysely } from 'kysely';
import { FIRST_INDICATOR_YEAR, INDICATOR_CODES, INDICATOR_LABELS, monthEnd, monthStart, quarterOf, type IndicatorQuery } from '../../../shared/indicators.ts';
import { REPORT_DUE_DAY, REPORT_KIND_LEVEL, type ReportActivity, type ReportKind, type ReportOpen, type ReportStatus } from '../../../shared/reports.ts';
import {
  formatCount,
  formatPercent,
  indicatorSummaryTable,
  upperVi,
  villageAppendixTable,
  type IndicatorFigure,
  type IndicatorRow,
  type MonthCounts,
  type ReportBlock,
  type ReportDocument,
  type ReportFigures,
  type ReportItem,
} from '../../../shared/report-document.ts';
import { addDays, todayInVietnam } from '../../../shared/calendar.ts';
import type { DB } from '../../db/schema.ts';
import { invalid } from '../../http/app-error.ts';
import { TRAINING_METHOD_LABELS, TRAINING_TOPICS, TRAINING_TOPIC_LABELS, type TrainingReport } from '../../../shared/trainings.ts';
import { trainingReportFigures } from '../trainings/trainings.service.ts';
import type { Scope } from '../../http/scope.ts';
import { indicatorDashboard } from '../indicators/indicators.service.ts';
import { communicationFigures } from '../communication/communication.figures.ts';
import { communicationItem } from '../communication/communication.report.ts';
import { awardReportRows, awardsItem } from '../awards/awards.report.ts';
import { type FrozenFigures, type ReportRow, teamActivity } from './reports.queries.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');
const ROMAN = ['I', 'II', 'III', 'IV'];
const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A report's period and the dashboard query whose figures are its own. */
export interface ReportPeriodSpec {
  start: string;
  end: string;
  year: number;
  query: Pick<IndicatorQuery, 'period' | 'year' | 'month'>;
}


/**
 * The period of an open request. A running period may be opened (its figures are those of
 * today); a period that has not started may not. An ad-hoc period is a month, a whole quarter
 * or a stretch from 1 January: the windows over which a person helped is counted once.
 */
export function resolveReportPeriod(input: ReportOpen, today: string): ReportPeriodSpec {
  const thisYear = Number(today.slice(0, 4));
  if (input.year < FIRST_INDICATOR_YEAR) throw invalid('year', `Năm: chỉ có số liệu từ năm ${FIRST_INDICATOR_YEAR}.`);
  if (input.year > thisYear) throw invalid('year', `Năm: năm ${input.year} chưa bắt đầu, chưa thể lập báo cáo.`);
  if (input.kind === 'commune_adhoc') {
    if (!input.from) throw invalid('from', 'Từ ngày: báo cáo đột xuất cần ngày bắt đầu kỳ báo cáo.');
    if (!input.to) throw invalid('to', 'Đến ngày: báo cáo đột xuất cần ngày kết thúc kỳ báo cáo.');
    const { from, to } = input;
    if (Number(from.slice(0, 4)) !== input.year || Number(to.slice(0, 4)) !== input.year) throw invalid('to', `Đến ngày: kỳ báo cáo đột xuất phải nằm trong năm ${input.year}.`);
    if (to < from) throw invalid('to', 'Đến ngày: phải sau hoặc bằng Từ ngày.');
    if (to > today) throw invalid('to', `Đến ngày: không được sau hôm nay (${viDate(today)}); kỳ báo cáo chưa diễn ra.`);
    if (from.slice(8) !== '01') throw invalid('from', 'Từ ngày: kỳ báo cáo đột xuất bắt đầu từ ngày đầu một tháng.');
    const toMonth = Number(to.slice(5, 7));
    const fromMonth = Number(from.slice(5, 7));
    const toEnd = monthEnd(input.year, toMonth);
    if (to !== toEnd && to !== today) throw invalid('to', 'Đến ngày: kỳ báo cáo đột xuất kết thúc vào ngày cuối một tháng (hoặc hôm nay).');
    if (fromMonth === 1) return { start: from, end: to, year: input.year, query: { period: 'ytd', year: input.year, month: toMonth } };
    if (fromMonth === toMonth) return { start: from, end: to, year: input.year, query: { period: 'month', year: input.year, month: toMonth } };
    const q = quarterOf(fromMonth);
    if (fromMonth === 3 * q - 2 && toMonth === 3 * q) return { start: from, end: to, year: input.year, query: { period: 'quarter', year: input.year, month: toMonth } };
    throw invalid('from', 'Từ ngày: kỳ báo cáo đột xuất là một tháng, trọn một quý, hoặc tính từ ngày 01/01 (số người được hỗ trợ chỉ đếm không trùng lặp trong các kỳ đó).');
  }
  if (input.from || input.to) throw invalid('from', 'Từ ngày, Đến ngày: chỉ dùng cho báo cáo đột xuất; báo cáo tháng, quý chọn theo tháng.');
  if (!input.month) throw invalid('month', 'Tháng: chọn tháng của kỳ báo cáo.');
  if (input.kind === 'village_quarterly') {
    const q = quarterOf(input.month);
    const start = monthStart(input.year, 3 * q - 2);
    if (start > today) throw invalid('month', `Tháng: quý ${ROMAN[q - 1]}/${input.year} chưa bắt đầu, chưa thể lập báo cáo.`);
    return { start, end: monthEnd(input.year, 3 * q), year: input.year, query: { period: 'quarter', year: input.year, month: 3 * q } };
  }
  const start = monthStart(input.year, input.month);
  if (start > today) throw invalid('month', `Tháng: tháng ${pad2(input.month)}/${input.year} chưa bắt đầu, chưa thể lập báo cáo.`);
  return { start, end: monthEnd(input.year, input.month), year: input.year, query: { period: 'month', year: input.year, month: input.month } };
}

/** The same period as stored on a report, for recomputing it. */
export function periodOfRow(row: Pick<ReportRow, 'kind' | 'period_start' | 'period_end' | 'year'>, today: string): ReportPeriodSpec {
  const month = Number(row.period_end.slice(5, 7));
  if (row.kind === 'commune_adhoc') return resolveReportPeriod({ kind: row.kind, orgUnitId: 1, year: row.year, from: row.period_start, to: row.period_end }, today);
  return resolveReportPeriod({ kind: row.kind, orgUnitId: 1, year: row.year, month }, today);
}

/** 'Tháng 11/2026', 'Quý IV/2026', 'Từ 01/10/2026 đến 15/11/2026'. */
export function periodLabel(kind: ReportKind, start: string, end: string): string {
  const month = Number(end.slice(5, 7));
  if (kind === 'commune_adhoc') return `Từ ${viDate(start)} đến ${viDate(end)}`;
  if (kind === 'village_quarterly') return `Quý ${ROMAN[quarterOf(month) - 1]}/${end.slice(0, 4)}`;
  return `Tháng ${pad2(month)}/${end.slice(0, 4)}`;
}

/** As it reads in a sentence: 'tháng 02 năm 2026', 'quý IV năm 2026', 'từ ngày 01/10/2026 đến ngày 15/11/2026'. */
export function periodPhrase(kind: ReportKind, start: string, end: string): string {
  const month = Number(end.slice(5, 7));
  if (kind === 'commune_adhoc') return `từ ngày ${viDate(start)} đến ngày ${viDate(end)}`;
  if (kind === 'village_quarterly') return `quý ${ROMAN[quarterOf(month) - 1]} năm ${end.slice(0, 4)}`;
  return `tháng ${pad2(month)} năm ${end.slice(0, 4)}`;
}

/** Vietnam's calendar day of a moment (a report submitted at 23:30 there on the due day is on time). */
const vietnamDay = (at: Date | string) => todayInVietnam(new Date(at));

/**
 * The day a report is due: the REPORT_DUE_DAY of the month after the period; an ad-hoc one,
 * REPORT_DUE_DAY.commune days after the day it was created.
 */
export function dueOn(kind: ReportKind, end: string, createdAt: Date | string | null): string {
  const level = REPORT_KIND_LEVEL[kind];
  if (kind === 'commune_adhoc') return addDays(createdAt ? vietnamDay(createdAt) : end, REPORT_DUE_DAY[level]);
  const next = addDays(end, 1);
  return `${next.slice(0, 8)}${pad2(REPORT_DUE_DAY[level])}`;
}

/** What the timing rules say of a report (or of one never opened: `report` undefined). */
export interface ReportTiming {
  dueOn: string;
  /** Never submitted (not opened, or a draft) and past its due day. */
  late: boolean;
  /** In after its due day: a village's first submission (a resubmission after a return does not count), the commune's sending. */
  submittedLate: boolean;
  /** A commune report's approval, which sends it to the Sở. */
  sentAt: string | null;
}

export function reportTiming(
  kind: ReportKind,
  periodEnd: string,
  report: { status: string; created_at: Date | string; reviewed_at: Date | string | null; first_submitted_at: Date | string | null } | undefined,
  today: string,
): ReportTiming {
  const due = dueOn(kind, periodEnd, report?.created_at ?? null);
  const sentAt = report?.status === 'sent' && report.reviewed_at ? new Date(report.reviewed_at).toISOString() : null;
  // A village's report is in when first submitted to Phòng VH-XH; the commune's only when the
  // leader has approved it and it has gone to the Sở: waiting for approval is still late there.
  const arrived = REPORT_KIND_LEVEL[kind] === 'commune' ? sentAt : report?.first_submitted_at ?? null;
  return {
    dueOn: due,
    late: arrived === null && today > due,
    submittedLate: arrived !== null && vietnamDay(arrived) > due,
    sentAt,
  };
}

// ---- Figures ----

type Dashboard = Awaited<ReturnType<typeof indicatorDashboard>>;
type DashboardUnit = Dashboard['summary'];

function rowOf(name: string, unit: DashboardUnit): IndicatorRow {
  const figures: Record<string, IndicatorFigure> = {};
  for (const code of INDICATOR_CODES) {
    const f = unit.indicators[code];
    figures[code] = {
      target: f.target ? f.target.percent / 100 : null,
      numerator: f.numerator,
      denominator: f.denominator,
      previous: { numerator: f.previous.numerator, denominator: f.previous.denominator },
    };
  }
  return { name, figures };
}

/**
 * The figures of a unit and period as the dashboard gives them: each village's row (a
 * village's report has its own), the unit's total, the months' counts. Taken at the period's
 * end, or today while it runs.
 */
export async function computeFrozen(db: Kysely<DB>, scope: Scope, unit: { id: number; path: string; level: 'village' | 'commune' }, period: ReportPeriodSpec, today: string): Promise<FrozenFigures> {
  const dashboard = await indicatorDashboard(db, scope, unit.id, { orgUnitId: unit.id, ...period.query }, today);
  const indicators = INDICATOR_CODES.map((code) => ({ code, name: INDICATOR_LABELS[code].name }));
  const total = rowOf(unit.level === 'commune' ? 'Toàn xã' : dashboard.summary.name, dashboard.summary);
  const villages = unit.level === 'commune' ? dashboard.children.map((child) => rowOf(child.name, child)) : [{ ...total }];
  const from = period.start.slice(0, 7);
  const to = period.end.slice(0, 7);
  const months: MonthCounts[] = dashboard.counts.months
    .map((m) => ({ month: `${period.year}-${pad2(m.month)}`, visits: m.visits, peopleSupported: m.peopleSupported, procedures: m.procedures, appsInstalled: m.appsInstalled }))
    .filter((m) => m.month >= from && m.month <= to);
  const figures: ReportFigures = { indicators, villages, total, months, monthsTotal: { ...dashboard.counts.period } };
  const [teams, trainings, communication, awards] = await Promise.all([
    teamActivity(db, unit.path, dashboard.period.end),
    trainingReportFigures(db, unit.path, period.start, dashboard.period.end),
    communicationFigures(db, { ...unit, name: dashboard.summary.name }, period.start, dashboard.period.end),
    unit.level === 'commune' ? awardReportRows(db, unit.id, period.start, dashboard.period.end) : Promise.resolve(undefined),
  ]);
  const activity: ReportActivity = { ...teams, trainings, communication, ...(awards ? { awards } : {}) };
  return { figures, activity, asOf: dashboard.period.end };
}

/** Each unit's and code's counts that differ between two sets of figures. */
export function figureChanges(before: ReportFigures, after: ReportFigures) {
  const changes: Array<{ unit: string; code: string; before: { numerator: number; denominator: number }; after: { numerator: number; denominator: number } }> = [];
  const rows = (f: ReportFigures) => new Map([...f.villages, f.total].map((row) => [row.name, row]));
  const old = rows(before);
  for (const [name, row] of rows(after)) {
    for (const { code } of after.indicators) {
      const a = row.figures[code];
      const b = old.get(name)?.figures[code];
      const was = { numerator: b?.numerator ?? 0, denominator: b?.denominator ?? 0 };
      if (!a || (a.numerator === was.numerator && a.denominator === was.denominator)) continue;
      changes.push({ unit: name, code, before: was, after: { numerator: a.numerator, denominator: a.denominator } });
    }
  }
  return changes;
}

// ---- The document ----

export interface VillageReportState {
  name: string;
  status: ReportStatus | null;
}

export interface DocumentContext {
  row: ReportRow;
  /** The province's name, for the Sở's title. */
  province: string | null;
  /** A commune report: the villages' own reports of the period. */
  villageReports: VillageReportState[] | null;
  /** The village head's name (a village's report before it is submitted). */
  villageHead: string | null;
}

/** 'Thôn Bản Bó' → 'thôn Bản Bó' inside a sentence. */
const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);

const paragraphs = (text: string): ReportBlock[] => text.split(/\n+/).map((line) => line.trim()).filter(Boolean).map((line) => ({ kind: 'paragraph', text: line }));

/** Numbers under 10 read with a leading zero in administrative text ("02 Tổ"). */
const n2 = (n: number) => (n < 10 ? pad2(n) : formatCount(n));

const joinVi = (parts: string[]) => (parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} và ${parts.at(-1)}`);

/**
 * Section I's trainings: how many were held, what they covered and how, the members trained
 * of the members (by topic in a small table). "Chưa có số liệu" only where the period has none
 * (or the report was frozen before trainings were recorded).
 */
export function trainingBlocks(t: TrainingReport | undefined, commune: boolean): ReportBlock[] {
  if (!t || (t.held === 0 && t.trained === 0)) return [{ kind: 'paragraph', text: 'Chưa có số liệu trên hệ thống về các lớp tập huấn trong kỳ.' }];
  const topics = t.topics.map((x) => lowerFirst(TRAINING_TOPIC_LABELS[x]));
  const methods = t.methods.map((m) => lowerFirst(TRAINING_METHOD_LABELS[m]));
  const share = t.members ? ` (${formatPercent(t.trained / t.members)})` : '';
  const held = t.held
    ? `Trong kỳ, ${commune ? 'xã đã tổ chức' : 'Tổ Công nghệ số cộng đồng của thôn đã tham gia'} ${n2(t.held)} lớp tập huấn nghiệp vụ cho Tổ Công nghệ số cộng đồng với các nội dung: ${joinVi(topics)}; hình thức ${joinVi(methods)}. `
    : 'Trong kỳ không có lớp tập huấn trực tiếp mới; thành viên tiếp tục học trực tuyến. ';
  const blocks: ReportBlock[] = [{
    kind: 'paragraph',
    text: `${held}Có ${formatCount(t.trained)}/${formatCount(t.members)} thành viên Tổ${share} đã được tập huấn (có mặt tại lớp hoặc hoàn thành khóa học trực tuyến trên nền tảng Bình dân học vụ số) trong kỳ.`,
  }];
  if (t.trained > 0) {
    blocks.push({
      kind: 'table',
      table: {
        unit: 'Đơn vị tính: người',
        columns: [
          { header: 'STT', kind: 'index', width: 1 },
          { header: 'Nội dung tập huấn', kind: 'text', width: 8 },
          { header: 'Số thành viên được tập huấn', kind: 'count', width: 3 },
          { header: 'Tỷ lệ so với số thành viên', kind: 'percent', width: 3 },
        ],
        rows: TRAINING_TOPICS.map((x, i) => ({ cells: [i + 1, TRAINING_TOPIC_LABELS[x], t.byTopic[x], t.members ? t.byTopic[x] / t.members : null] })),
      },
    });
  }
  return blocks;
}

export function buildReportDocument(ctx: DocumentContext): ReportDocument {
  const { row } = ctx;
  const { figures, activity } = row.figures;
  const commune = row.unit_level === 'commune';
  const communeName = commune ? row.unit_name : (row.parent_name ?? '');
  const period = periodPhrase(row.kind, row.period_start, row.period_end);
  const unitInText = commune ? `xã ${communeName}` : lowerFirst(row.unit_name);
  const sở = `Sở Khoa học và Công nghệ${ctx.province ? ` tỉnh ${ctx.province}` : ''}`;
  const office = `Phòng Văn hóa - Xã hội xã ${communeName}`;
  const t = activity.teams;
  const total = figures.monthsTotal;

  const teamsText = commune
    ? `Toàn xã duy trì ${n2(t.teams)} Tổ Công nghệ số cộng đồng tại ${n2(t.withTeam)}/${n2(t.villages)} thôn với ${formatCount(t.activeMembers)} thành viên, trong đó ${formatCount(t.youthUnionMembers)} đoàn viên thanh niên${t.villages > t.withTeam ? `; còn ${n2(t.villages - t.withTeam)} thôn chưa có Tổ` : ''}.`
    : t.teams > 0
      ? `Tổ Công nghệ số cộng đồng của thôn có ${formatCount(t.activeMembers)} thành viên, trong đó ${formatCount(t.youthUnionMembers)} đoàn viên thanh niên.`
      : 'Thôn chưa có Tổ Công nghệ số cộng đồng.';
  const items: ReportItem[] = [
    { title: 'Kiện toàn, duy trì hoạt động của Tổ Công nghệ số cộng đồng', blocks: [{ kind: 'paragraph', text: teamsText }] },
    { title: 'Tập huấn nghiệp vụ', blocks: trainingBlocks(activity.trainings, commune) },
    communicationItem(activity.communication, commune),
    {
      title: 'Hỗ trợ người dân',
      blocks: [{
        kind: 'paragraph',
        text: `${commune ? 'Các Tổ Công nghệ số cộng đồng' : 'Tổ Công nghệ số cộng đồng của thôn'} đã thực hiện ${formatCount(total.visits)} lượt hỗ trợ cho ${formatCount(total.peopleSupported)} người; hướng dẫn nộp ${formatCount(total.procedures)} hồ sơ dịch vụ công trực tuyến; cài đặt ${formatCount(total.appsInstalled)} ứng dụng (VNeID, ngân hàng số, Cổng Dịch vụ công quốc gia).`,
      }],
    },
    {
      title: 'Kết quả thực hiện các chỉ tiêu',
      blocks: [
        {
          kind: 'paragraph',
          text: commune
            ? [`Đến hết ${period}, kết quả thực hiện các chỉ tiêu của Kế hoạch trên địa bàn xã như sau `, { text: '(chi tiết theo từng thôn tại Phụ lục kèm theo)', italic: true }, ':']
            : `Đến hết ${period}, kết quả thực hiện các chỉ tiêu của Kế hoạch trên địa bàn thôn như sau:`,
        },
        { kind: 'table', table: { ...indicatorSummaryTable(figures), unit: 'Tỷ lệ tính trên tổng số đối tượng của từng chỉ tiêu' } },
      ],
    },
  ];
  // The commune's emulation campaigns (plan II.4): the nominations, as frozen with the figures.
  if (commune && activity.awards) items.push(awardsItem(activity.awards));
  if (commune && ctx.villageReports) {
    const reports = ctx.villageReports;
    const submitted = reports.filter((v) => v.status === 'submitted' || v.status === 'accepted');
    const accepted = reports.filter((v) => v.status === 'accepted');
    const returned = reports.filter((v) => v.status === 'returned');
    const missing = reports.filter((v) => v.status === null || v.status === 'draft');
    items.push({
      title: 'Báo cáo của các thôn',
      blocks: [{
        kind: 'paragraph',
        text: `Có ${n2(submitted.length)}/${n2(reports.length)} thôn đã gửi báo cáo, trong đó ${n2(accepted.length)} báo cáo đã được Phòng Văn hóa - Xã hội tiếp nhận`
          + `${returned.length ? `; bị trả lại để bổ sung: ${returned.map((v) => v.name).join(', ')}` : ''}`
          + `${missing.length ? `; chưa gửi: ${missing.map((v) => v.name).join(', ')}` : ''}.`,
      }],
    });
  }
  const noneText: ReportBlock[] = [{ kind: 'paragraph', text: 'Không có.' }];
  const number = commune ? { value: row.number_value, symbol: row.number_symbol ?? 'BC-UBND' } : null;
  return {
    issuer: commune
      ? { name: ['ỦY BAN NHÂN DÂN', upperVi(`xã ${communeName}`)], shortName: `UBND xã ${communeName}` }
      : { superior: upperVi(`UBND xã ${communeName}`), name: [upperVi(row.unit_name)], shortName: row.unit_name },
    number,
    // A village is not an administrative unit: the địa danh is the commune's (decree II.4.a).
    place: communeName,
    issuedOn: row.issued_on,
    year: row.issued_on ? Number(row.issued_on.slice(0, 4)) : row.year,
    kind: 'BÁO CÁO',
    subject: ['Kết quả hoạt động của Tổ Công nghệ số cộng đồng', `${unitInText} ${period}`],
    addressees: [commune ? sở : office],
    period: { label: period, from: row.period_start, to: row.period_end },
    opening: [{
      kind: 'paragraph',
      text: commune
        ? `Thực hiện Kế hoạch hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn xã ${communeName} năm ${row.year}, UBND xã ${communeName} báo cáo kết quả thực hiện ${period} như sau:`
        : `${row.unit_name} báo cáo kết quả hoạt động của Tổ Công nghệ số cộng đồng ${period} như sau:`,
    }],
    sections: [
      { title: 'Kết quả thực hiện', blocks: paragraphs(row.results_text), items },
      { title: 'Khó khăn, vướng mắc', blocks: row.difficulties_text.trim() ? paragraphs(row.difficulties_text) : noneText, items: [] },
      { title: 'Đề xuất, kiến nghị', blocks: row.proposals_text.trim() ? paragraphs(row.proposals_text) : noneText, items: [] },
    ],
    closing: [{
      kind: 'paragraph',
      text: commune
        ? `Trên đây là báo cáo kết quả hoạt động của Tổ Công nghệ số cộng đồng xã ${communeName} ${period}, UBND xã ${communeName} kính báo cáo ${sở}./.`
        : `Trên đây là báo cáo kết quả hoạt động của Tổ Công nghệ số cộng đồng ${unitInText} ${period}, kính báo cáo ${office}./.`,
    }],
    recipients: commune
      ? ['TT Đảng ủy, HĐND xã (b/c)', 'CT, PCT UBND xã', 'Phòng Văn hóa - Xã hội', `${n2(figures.villages.length)} trưởng thôn`, 'Tổ Công nghệ số cộng đồng']
      : ['UBND xã (b/c)'],
    archive: commune ? ['VT', 'VHXH'] : ['Thôn'],
    signature: commune
      ? { authority: 'KT. CHỦ TỊCH', title: row.signer_title ?? 'PHÓ CHỦ TỊCH', name: row.signer_name ?? '' }
      : { title: row.signer_title ?? 'TRƯỞNG THÔN', name: row.signer_name ?? ctx.villageHead ?? '' },
    trainings: activity.trainings ?? null,
    appendix: commune ? { title: `Kết quả thực hiện các chỉ tiêu theo thôn ${period}`, table: villageAppendixTable(figures) } : null,
    figures,
    communication: activity.communication,
  };
}

/** 'bao-cao-thang-11-2026-thon-ban-bo' and 'Báo cáo tháng 11-2026 - Thôn Bản Bó'. */
export function reportFileNames(row: Pick<ReportRow, 'kind' | 'period_start' | 'period_end' | 'unit_name' | 'unit_level'>) {
  const month = Number(row.period_end.slice(5, 7));
  const year = row.period_end.slice(0, 4);
  const period = row.kind === 'commune_adhoc'
    ? `đột xuất ${row.period_start} đến ${row.period_end}`
    : row.kind === 'village_quarterly' ? `quý ${quarterOf(month)}-${year}` : `tháng ${pad2(month)}-${year}`;
  const unit = row.unit_level === 'commune' ? `Xã ${row.unit_name}` : row.unit_name;
  return { title: `Báo cáo ${period} - ${unit}` };
}
