import { describe, expect, it } from 'vitest';
import { addDays } from '../shared/calendar.ts';
import { demoTodayProblem, demoYear } from './demo-year.ts';
import { tetDay, isoOf } from './population/calendar.ts';

describe('demoYear', () => {
  it('runs this year’s history from 5 January to yesterday from July on, with the year’s changes on their days', () => {
    expect(demoYear('2026-12-07')).toMatchObject({
      year: 2026, firstYear: 2026, start: '2026-01-05', end: '2026-12-06', spanEnd: '2026-12-31', visitScale: 1,
      decisionDates: ['2026-01-02', '2026-01-05', '2026-01-06'], grownOn: '2026-03-14', reformedOn: '2026-07-01', shrunkOn: '2026-08-17',
      lastMonth: { year: 2026, month: 11 }, monthBefore: { year: 2026, month: 10 }, lastQuarter: { year: 2026, quarter: 3 },
    });
  });

  it('puts last year’s plan year first in the first half of the year, at the same pace', () => {
    const march = demoYear('2027-03-15');
    expect(march).toMatchObject({
      year: 2027, firstYear: 2026, start: '2026-01-05', end: '2027-03-14', spanEnd: '2027-12-31',
      grownOn: '2026-03-14', reformedOn: '2026-07-01', shrunkOn: '2026-08-17',
      lastMonth: { year: 2027, month: 2 }, monthBefore: { year: 2027, month: 1 }, lastQuarter: { year: 2026, quarter: 4 },
    });
    expect(march.visitScale).toBeGreaterThan(1.9);
    expect(march.visitScale).toBeLessThan(2.1);
    expect(demoYear('2027-01-01')).toMatchObject({ firstYear: 2026, end: '2026-12-31', lastMonth: { year: 2026, month: 12 }, monthBefore: { year: 2026, month: 11 } });
    expect(demoYear('2027-06-30').firstYear).toBe(2026);
    expect(demoYear('2027-07-01').firstYear).toBe(2027);
  });

  it('brings the year’s team changes forward, in order, when today comes before them', () => {
    for (const today of ['2027-07-01', '2027-08-20', '2027-09-10']) {
      const y = demoYear(today);
      expect(y.start < y.grownOn && y.grownOn < y.reformedOn && y.reformedOn < y.shrunkOn, today).toBe(true);
      // Each leaves two weeks inside the history for the households to be handed over.
      expect(y.shrunkOn <= addDays(y.end, -14), today).toBe(true);
    }
  });

  it('takes only real dates from 2025-03-01 on', () => {
    expect(demoTodayProblem('2026-12-07')).toBeNull();
    expect(demoTodayProblem('2026-02-30')).toMatch(/YYYY-MM-DD/);
    expect(demoTodayProblem('7/12/2026')).toMatch(/YYYY-MM-DD/);
    expect(demoTodayProblem('2024-12-31')).toMatch(/2025-03-01/);
    expect(() => demoYear('2024-06-01')).toThrow(/2025-03-01/);
  });

  it('knows Tết of the years the demo can fall in', () => {
    expect(isoOf(tetDay(2026))).toBe('2026-02-17');
    expect(isoOf(tetDay(2027))).toBe('2027-02-06');
    expect(isoOf(tetDay(2028))).toBe('2028-01-26');
  });
});
