// The plan's eight indicators (domain.md "Targets"): codes, Vietnamese labels, the 2026 plan's
// targets, reporting periods and the on-track rule. The figures themselves are defined once,
// in SQL (server/db/migrations/0004-indicators.ts); this file only names them.
import { z } from 'zod';
import type { SupportAction } from './support.ts';
import { viDate } from './vietnamese.ts';
import { pageQuery } from './pagination.ts';

export const INDICATOR_CODES = ['HS', 'KNS', 'BDHVS', 'LD', 'TT', 'DD', 'NH', 'HGD'] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/** Whom an indicator counts: people (drill-down lists people) or households. */
export const INDICATOR_SUBJECT: Record<IndicatorCode, 'person' | 'household'> = {
  HS: 'person',
  KNS: 'person',
  BDHVS: 'person',
  LD: 'person',
  TT: 'household',
  DD: 'person',
  NH: 'person',
  HGD: 'household',
};

export interface IndicatorLabel {
  /** Short name for tables and charts. */
  name: string;
  /** What the numerator counts. */
  numerator: string;
  /** What the denominator counts. */
  denominator: string;
  /** What `extra` counts, for the two indicators that report one beside the ratio. */
  extra?: string;
}

export const INDICATOR_LABELS: Record<IndicatorCode, IndicatorLabel> = {
  HS: { name: 'Học sinh có kỹ năng số', numerator: 'Học sinh được tập huấn kỹ năng số', denominator: 'Học sinh THCS, THPT' },
  KNS: { name: 'Người trưởng thành có kiến thức, kỹ năng số cơ bản', numerator: 'Người từ 18 tuổi có kỹ năng số cơ bản', denominator: 'Người từ 18 tuổi' },
  BDHVS: { name: 'Người trưởng thành được xác nhận Bình dân học vụ số', numerator: 'Người từ 18 tuổi có xác nhận trên VNeID', denominator: 'Người từ 18 tuổi' },
  LD: { name: 'Người lao động trong doanh nghiệp, HTX có kỹ năng số', numerator: 'Người lao động có kỹ năng số cơ bản', denominator: 'Người lao động trong doanh nghiệp, HTX' },
  TT: { name: 'Hộ gia đình được thông tin, tuyên truyền', numerator: 'Hộ đã được thông tin', denominator: 'Hộ gia đình' },
  DD: {
    name: 'Công dân từ 16 tuổi có danh tính số (VNeID mức 2)',
    numerator: 'Người từ 16 tuổi có định danh điện tử mức 2',
    denominator: 'Người từ 16 tuổi',
    extra: 'Mới có tài khoản VNeID mức 1',
  },
  NH: { name: 'Công dân từ 16 tuổi có tài khoản ngân hàng số', numerator: 'Người từ 16 tuổi có tài khoản ngân hàng số', denominator: 'Người từ 16 tuổi' },
  HGD: {
    name: 'Hộ gia đình có thành viên có kỹ năng số, VNeID và tài khoản DVC',
    numerator: 'Hộ đạt (kể cả hộ được thành viên Tổ phụ trách)',
    denominator: 'Hộ gia đình',
    extra: 'Hộ không có người sử dụng được, đã có thành viên Tổ phụ trách',
  },
};

/**
 * The 2026 plan's year-end targets (%), used for a unit and year with no target set on it or
 * its ancestors. NH: the plan gives none; the commune sets it.
 */
export const PLAN_TARGETS: Record<IndicatorCode, number | null> = {
  HS: 100,
  KNS: 70,
  BDHVS: 70,
  LD: 80,
  TT: 100,
  DD: 100,
  NH: null,
  HGD: 100,
};
export const PLAN_TARGETS_LABEL = 'Kế hoạch năm 2026';

/**
 * The support actions that move a person toward each indicator: the last "not done" reason
 * among them is why a person is not yet reached (the next-visit list shows it).
 */
export const INDICATOR_ACTIONS: Record<IndicatorCode, readonly SupportAction[]> = {
  HS: ['student_training'],
  KNS: ['teach_basic_skills'],
  BDHVS: ['bdhvs_certified'],
  LD: ['teach_basic_skills'],
  TT: [],
  DD: ['install_vneid', 'activate_vneid_level2'],
  NH: ['open_bank_account'],
  HGD: ['teach_basic_skills', 'install_vneid', 'activate_vneid_level2', 'create_dvc_account'],
};

/** Counts with no ratio (domain.md), by village and month. */
export const SUPPORT_COUNT_KEYS = ['visits', 'peopleSupported', 'procedures', 'appsInstalled'] as const;
export type SupportCountKey = (typeof SUPPORT_COUNT_KEYS)[number];
export const SUPPORT_COUNT_LABELS: Record<SupportCountKey, string> = {
  visits: 'Lượt hỗ trợ',
  peopleSupported: 'Người được hỗ trợ',
  procedures: 'Thủ tục trực tuyến đã nộp',
  appsInstalled: 'Ứng dụng đã cài',
};

export const PERIOD_TYPES = ['month', 'quarter', 'ytd'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];
export const PERIOD_TYPE_LABELS: Record<PeriodType, string> = {
  month: 'Tháng',
  quarter: 'Quý',
  ytd: 'Lũy kế từ đầu năm',
};

/** Support (and so any figure above zero) starts with the 2025 plan. */
export const FIRST_INDICATOR_YEAR = 2025;

const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of a month, 'YYYY-MM-DD'. */
export function monthEnd(year: number, month: number): string {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(last)}`;
}

export const monthStart = (year: number, month: number) => `${year}-${pad(month)}-01`;
export const quarterOf = (month: number) => Math.ceil(month / 3);
const ROMAN = ['I', 'II', 'III', 'IV'];

export interface Period {
  type: PeriodType;
  year: number;
  /** The month chosen (month: that month; quarter: its last month; ytd: the month it runs to). */
  month: number;
  quarter: number;
  /** First day of the period. */
  start: string;
  /** The date figures are taken at: the period's last day, or today while it runs. */
  end: string;
  /** The end of the period before (for "change since the previous period"). */
  previousEnd: string;
  /** 31 December of the year before: the start-of-year level of the on-track line. */
  yearStart: string;
  /** The last day of the year: where the on-track line reaches the target. */
  yearEnd: string;
  label: string;
  /** true while the period runs (its end is today). */
  current: boolean;
}

/**
 * The period asked for, or an error message when it has not started yet. month defaults to
 * today's month in the current year and to December in a past year.
 */
export function resolvePeriod(type: PeriodType, year: number, month: number | undefined, today: string): Period | string {
  const thisYear = Number(today.slice(0, 4));
  const thisMonth = Number(today.slice(5, 7));
  if (year < FIRST_INDICATOR_YEAR) return `Chỉ có số liệu từ năm ${FIRST_INDICATOR_YEAR}.`;
  if (year > thisYear) return `Năm ${year} chưa bắt đầu.`;
  const m = month ?? (year === thisYear ? thisMonth : 12);
  const q = quarterOf(m);
  const yearStart = `${year - 1}-12-31`;
  let start: string;
  let windowEnd: string;
  let previousEnd: string;
  let label: string;
  if (type === 'month') {
    start = monthStart(year, m);
    windowEnd = monthEnd(year, m);
    previousEnd = m === 1 ? yearStart : monthEnd(year, m - 1);
    label = `Tháng ${pad(m)}/${year}`;
  } else if (type === 'quarter') {
    start = monthStart(year, 3 * q - 2);
    windowEnd = monthEnd(year, 3 * q);
    previousEnd = q === 1 ? yearStart : monthEnd(year, 3 * q - 3);
    label = `Quý ${ROMAN[q - 1]}/${year}`;
  } else {
    start = `${year}-01-01`;
    windowEnd = monthEnd(year, m);
    previousEnd = yearStart;
    label = '';
  }
  if (start > today) return `${type === 'quarter' ? 'Quý' : 'Tháng'} này chưa bắt đầu.`;
  const end = windowEnd < today ? windowEnd : today;
  if (type === 'ytd') label = `Từ đầu năm ${year} đến ${viDate(end)}`;
  return {
    type, year, month: type === 'quarter' ? Math.min(3 * q, year === thisYear ? thisMonth : 12) : m, quarter: q, start, end, previousEnd,
    yearStart, yearEnd: `${year}-12-31`, label, current: end === today,
  };
}

/** The month ends of a year up to `today` (the running month ends today), in order. */
export function seriesEnds(year: number, today: string): Array<{ month: number; end: string }> {
  const out: Array<{ month: number; end: string }> = [];
  for (let m = 1; m <= 12; m++) {
    if (monthStart(year, m) > today) break;
    const end = monthEnd(year, m);
    out.push({ month: m, end: end < today ? end : today });
  }
  return out;
}

const dayNumber = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

/**
 * Where the straight line from the start-of-year level (31 Dec of the year before) to the
 * year-end target stands at `end`: below it, the unit is behind.
 */
export function expectedPercent(startPercent: number, target: number, yearStart: string, yearEnd: string, end: string): number {
  const fraction = (dayNumber(end) - dayNumber(yearStart)) / (dayNumber(yearEnd) - dayNumber(yearStart));
  return startPercent + (target - startPercent) * Math.min(1, Math.max(0, fraction));
}

export const percentOf = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 100 : null;

// ---- API answers (figures) ----

export interface Figure {
  numerator: number;
  denominator: number;
  extra: number;
  percent: number | null;
}

export interface TargetView {
  percent: number;
  /** Where it was set: a unit, or the plan's default. */
  source: { orgUnitId: number; name: string; level: string } | { plan: string };
}

export interface IndicatorFigure extends Figure {
  target: TargetView | null;
  /** The on-track line's value at the period's end (percent), when there is a target. */
  expected: number | null;
  /** false: behind (below the line from the start-of-year level to the target); null: no target or no one to count. */
  onTrack: boolean | null;
  previous: Figure;
  /** Percentage points since the previous period's end. */
  change: number | null;
  /** The level on 31 December of the year before. */
  startOfYear: Figure;
}

export type SupportCounts = Record<SupportCountKey, number>;

// ---- API inputs ----

const year = z.coerce.number().int().min(FIRST_INDICATOR_YEAR).max(2100);

export const IndicatorQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  period: z.enum(PERIOD_TYPES).default('month'),
  year: year.optional(),
  month: z.coerce.number().int().min(1).max(12).optional(),
});
export type IndicatorQuery = z.infer<typeof IndicatorQuerySchema>;

export const DrillDownQuerySchema = IndicatorQuerySchema.extend({
  reached: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Only those counted beside the ratio: DD's level-1-only people, HGD's households covered by the team member. */
  extra: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  ...pageQuery({ default: 50, max: 500 }),
});
export type DrillDownQuery = z.infer<typeof DrillDownQuerySchema>;

export const TargetsQuerySchema = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: year.optional(),
});

export const TargetsUpdateSchema = z
  .object({
    year,
    orgUnitId: z.number().int().positive(),
    /** A code's target in percent; null removes the unit's own target (the nearest above applies). */
    targets: z
      .array(z.object({ code: z.enum(INDICATOR_CODES), targetPercent: z.number().min(0).max(100).nullable() }).strict())
      .min(1)
      .max(INDICATOR_CODES.length),
  })
  .strict();
export type TargetsUpdate = z.infer<typeof TargetsUpdateSchema>;
