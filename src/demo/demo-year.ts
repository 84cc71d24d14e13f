// The demo's calendar, worked out from the day it is first seeded ("today"): which year the
// teams work in, when each was formed and changed, and which months' reports are due, so the
// demo looks like a working commune on that day — the current month with visits so far, last
// month's reports in every state — on any date, deterministically for a given date.
import { addDays } from '../shared/calendar.ts';
import { dayOf, isoOf, totalWeight } from './population/calendar.ts';

export interface DemoYear {
  /** The as-of date (YYYY-MM-DD, Vietnam): the history stops the day before. */
  today: string;
  /** The plan year: today's. */
  year: number;
  /** The year the teams were formed in: this year, or last year when today is in the first half of the year. */
  firstYear: number;
  /** First and last day of the support history. */
  start: string;
  end: string;
  /** The last day of the plan year: visits are drawn over [start, spanEnd] and those after `end` dropped. */
  spanEnd: string;
  /** Visits per household relative to one year (≈2 when the history spans last year too). */
  visitScale: number;
  /** The days each village's team was formed: the commune's decisions of early January. */
  decisionDates: [string, string, string];
  /** One team grows to six (Tháng Thanh niên), one is re-formed (kiện toàn), one shrinks to two. */
  grownOn: string;
  reformedOn: string;
  shrunkOn: string;
  /** The last month (reports being submitted and reviewed now) and the one before it (done). */
  lastMonth: { year: number; month: number };
  monthBefore: { year: number; month: number };
  /** The last quarter that has ended: its village reports are due too. */
  lastQuarter: { year: number; quarter: number };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The first as-of date the demo accepts: the indicators keep figures from 2025 on. */
export const FIRST_DEMO_DAY = '2025-03-01';

/** Checks a DEMO_TODAY value: a real date, not before FIRST_DEMO_DAY. Returns the error, or null. */
export function demoTodayProblem(value: string): string | null {
  const m = ISO_DATE.exec(value);
  if (!m || isoOf(dayOf(value)) !== value) return `DEMO_TODAY must be a date written YYYY-MM-DD: ${value}`;
  if (value < FIRST_DEMO_DAY) return `DEMO_TODAY must be ${FIRST_DEMO_DAY} or later: ${value}`;
  return null;
}

/**
 * From this month on the history is this year's alone; before it, last year's plan year comes
 * first. Seeded in the first half of the year, this year alone would be a commune with a few
 * months of work (and last quarter's reports with nothing in them); with last year first its
 * figures are those of a commune a year into the programme.
 */
export const SINGLE_YEAR_FROM = 7;

const previousMonth = (year: number, month: number) => (month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 });

/**
 * The demo's year as of `today`. The teams are formed in early January and work through the
 * year: a demo seeded from July on has this year's history (5 January to yesterday). Seeded
 * in the first half of the year, the months lived would be too few — figures of a commune
 * that has just begun, last quarter's reports with nothing in them — so the history is last
 * year's whole plan year (the teams formed last January) and this year's months, at the
 * same pace.
 *
 * The team changes of the year (a sixth member in March, the kiện toàn on 1 July, a member
 * leaving on 17 August) happen on those days when today is late enough; earlier in the year
 * they come at the same point of the part of the year lived so far, so every demo shows them.
 */
export function demoYear(today: string): DemoYear {
  const problem = demoTodayProblem(today);
  if (problem) throw new Error(problem);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const firstYear = month >= SINGLE_YEAR_FROM ? year : year - 1;
  const start = `${firstYear}-01-05`;
  const end = addDays(today, -1);
  const spanEnd = `${year}-12-31`;
  const visitScale = totalWeight(dayOf(start), dayOf(spanEnd)) / totalWeight(dayOf(`${year}-01-05`), dayOf(spanEnd));
  // A change needs about two weeks after it inside the history (households handed over).
  const room = dayOf(end) - 14 - dayOf(start);
  const yearLength = dayOf(`${firstYear}-12-31`) - dayOf(start);
  // When the last change does not fit, all of them move to the same point of the part of the
  // year lived, so they keep their order.
  const fits = dayOf(`${firstYear}-08-17`) - dayOf(start) <= room;
  const changeOn = (monthDay: string) => {
    const nominal = dayOf(`${firstYear}-${monthDay}`);
    return isoOf(fits ? nominal : dayOf(start) + Math.round(((nominal - dayOf(start)) / yearLength) * room));
  };
  const lastMonth = previousMonth(year, month);
  const monthBefore = previousMonth(lastMonth.year, lastMonth.month);
  // The quarter that ended last: the one before today's quarter.
  const quarterNow = Math.ceil(month / 3);
  const lastQuarter = quarterNow === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarterNow - 1 };
  return {
    today, year, firstYear, start, end, spanEnd, visitScale,
    decisionDates: [`${firstYear}-01-02`, `${firstYear}-01-05`, `${firstYear}-01-06`],
    grownOn: changeOn('03-14'),
    reformedOn: changeOn('07-01'),
    shrunkOn: changeOn('08-17'),
    lastMonth, monthBefore, lastQuarter,
  };
}
