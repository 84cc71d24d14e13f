// The occurrences a task makes: one per due date and responsible village. A repeat's period
// is a month or a quarter of the task's year, due on its day of the month after the period
// (the 3rd: last month's report); a village head's task for "every village" makes one per
// village. Pure, so the draft of next year and the tests use it alike.
import { monthEnd, monthStart } from '../../../shared/indicators.ts';
import { toRoman } from '../../../shared/report-document.ts';
import type { TaskRepeatInput } from '../../../shared/tasks.ts';

export interface OccurrencePlan {
  villageId: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  dueOn: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The day `day` of the month after `year`-`month`. */
function dayOfNextMonth(year: number, month: number, day: number): string {
  const [y, m] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return `${y}-${pad2(m)}-${pad2(day)}`;
}

export function occurrenceDates(year: number, dueOn: string | null, repeat: TaskRepeatInput | null): Array<Omit<OccurrencePlan, 'villageId'>> {
  if (!repeat) return [{ periodStart: null, periodEnd: null, dueOn: dueOn! }];
  if (repeat.kind === 'monthly') {
    return Array.from({ length: 12 }, (_, i) => ({ periodStart: monthStart(year, i + 1), periodEnd: monthEnd(year, i + 1), dueOn: dayOfNextMonth(year, i + 1, repeat.day) }));
  }
  return [1, 2, 3, 4].map((q) => ({ periodStart: monthStart(year, 3 * q - 2), periodEnd: monthEnd(year, 3 * q), dueOn: dayOfNextMonth(year, 3 * q, repeat.day) }));
}

export function planOccurrences(task: { year: number; dueOn: string | null; repeat: TaskRepeatInput | null; responsible: string; villageId: number | null }, villageIds: number[]): OccurrencePlan[] {
  const dates = occurrenceDates(task.year, task.dueOn, task.repeat);
  const villages: Array<number | null> = task.responsible !== 'village_head' ? [null] : task.villageId !== null ? [task.villageId] : villageIds;
  return villages.flatMap((villageId) => dates.map((d) => ({ villageId, ...d })));
}

/** "Tháng 3/2026", "Quý II/2026"; null for a one-off task. */
export function periodLabel(start: string | null, end: string | null): string | null {
  if (!start || !end) return null;
  const y = start.slice(0, 4);
  const m1 = Number(start.slice(5, 7));
  const m2 = Number(end.slice(5, 7));
  if (m1 === m2) return `Tháng ${m1}/${y}`;
  return `Quý ${toRoman(Math.ceil(m2 / 3))}/${y}`;
}

/** The same calendar day a year later (29 February becomes 28 February). */
export function nextYearDate(iso: string): string {
  const y = Number(iso.slice(0, 4)) + 1;
  const md = iso.slice(5);
  if (md === '02-29') return `${y}-02-28`;
  return `${y}-${md}`;
}
