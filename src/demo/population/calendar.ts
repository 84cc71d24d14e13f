// A year as the teams live it: which days volunteers go out (weekends, weekday evenings),
// the plan's campaign peaks and the quiet weeks (Tết), for the generated history of any year.
import type { Random } from './random.ts';

export const DAY_MS = 86_400_000;
/** Vietnam is UTC+7 all year. */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** Days since 1970-01-01 of an ISO date. */
export function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (day + 4) % 7; // 1970-01-01 was a Thursday
}

/** The UTC instant of a Vietnam wall-clock time on a day. */
export function vietnamTime(day: number, hours: number): number {
  return day * DAY_MS + Math.round(hours * 3_600_000) - VIETNAM_OFFSET_MS;
}

/**
 * Tết Nguyên Đán (the first day of the lunar year) in Vietnam, by year: the quiet fortnight
 * moves with it, from late January to mid-February.
 */
const TET: Record<number, string> = {
  2024: '02-10', 2025: '01-29', 2026: '02-17', 2027: '02-06', 2028: '01-26', 2029: '02-13', 2030: '02-03',
  2031: '01-23', 2032: '02-11', 2033: '01-31', 2034: '02-19', 2035: '02-08', 2036: '01-28', 2037: '02-15',
  2038: '02-04', 2039: '01-24', 2040: '02-12',
};

/** The day (days since 1970) of Tết in a year; outside the table, early February. */
export function tetDay(year: number): number {
  return dayOf(`${year}-${TET[year] ?? '02-05'}`);
}

/** Whether a day lies within `halfWidth` days of the Tết of its year (or of the next one, for late December). */
export function nearTet(day: number, halfWidth: number): boolean {
  const year = Number(isoOf(day).slice(0, 4));
  return Math.abs(day - tetDay(year)) <= halfWidth || Math.abs(day - tetDay(year + 1)) <= halfWidth;
}

/**
 * How busy the teams are on a day, relative to an ordinary weekday. Sources of the shape:
 * the plan (monthly reports, the 6-month review), Tháng Thanh niên (March, the Youth Union
 * is the teams' core), the summer volunteer campaign (July), Ngày Chuyển đổi số quốc gia
 * (10 October) and the push before the year's report in November; the days around Tết are
 * quiet (17 February in 2026, 6 February in 2027) and the September harvest keeps people in
 * the fields. The same shape every year.
 */
export function dayWeight(day: number): number {
  const iso = isoOf(day);
  const month = Number(iso.slice(5, 7));
  const date = Number(iso.slice(8, 10));
  let season: number;
  switch (month) {
    case 1: season = 0.7; break;
    case 2: season = 0.6; break;
    case 3: season = 1.8; break;
    case 4: season = date === 30 ? 0.2 : 1.0; break;
    case 5: season = date <= 1 ? 0.2 : 0.9; break;
    case 6: season = date >= 15 ? 1.4 : 1.1; break;
    case 7: season = 1.5; break;
    case 8: season = 1.1; break;
    case 9: season = date <= 2 ? 0.2 : 0.75; break;
    case 10: season = date <= 12 ? 1.7 : 0.9; break;
    case 11: season = 1.3; break;
    default: season = 0.5;
  }
  if (nearTet(day, 5)) season = 0.12;
  const dow = weekday(day);
  // Volunteers have day jobs: weekends, and weekday evenings after work.
  const week = dow === 6 ? 3.0 : dow === 0 ? 3.2 : 0.8;
  return season * week;
}

/** The sum of the day weights over [first, last]. */
export function totalWeight(first: number, last: number): number {
  let total = 0;
  for (let day = first; day <= last; day += 1) total += dayWeight(day);
  return total;
}

/** Cumulative day weights over [first, last], for drawing visit days. */
export class DayDistribution {
  private readonly cumulative: Float64Array;

  constructor(readonly first: number, readonly last: number, weight: (day: number) => number = dayWeight) {
    this.cumulative = new Float64Array(last - first + 1);
    let total = 0;
    for (let day = first; day <= last; day += 1) {
      total += weight(day);
      this.cumulative[day - first] = total;
    }
  }

  /** A day in [from, last], drawn by weight. */
  draw(random: Random, from: number): number {
    const start = Math.max(from, this.first);
    if (start > this.last) return this.last;
    const below = start === this.first ? 0 : this.cumulative[start - this.first - 1];
    const point = below + random.next() * (this.cumulative[this.cumulative.length - 1] - below);
    let lo = start - this.first;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > point) hi = mid;
      else lo = mid + 1;
    }
    return this.first + lo;
  }
}

/** A Vietnam wall-clock hour for a visit on that day: weekend daytime, weekday evening. */
export function visitHour(random: Random, day: number): number {
  const dow = weekday(day);
  if (dow === 0 || dow === 6) return random.chance(0.55) ? 7.5 + random.next() * 4 : 14 + random.next() * 3.5;
  return 18.5 + random.next() * 2.75;
}
