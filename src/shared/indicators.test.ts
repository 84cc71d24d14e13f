// Reporting periods and the on-track line.
import { describe, expect, it } from 'vitest';
import { expectedPercent, resolvePeriod, seriesEnds } from './indicators.ts';

describe('reporting periods', () => {
  const today = '2026-11-25';

  it('ends a past month on its last day and the running one today', () => {
    expect(resolvePeriod('month', 2026, 2, today)).toMatchObject({ start: '2026-02-01', end: '2026-02-28', previousEnd: '2026-01-31', label: 'Tháng 02/2026', current: false });
    expect(resolvePeriod('month', 2024 + 4, 2, '2028-03-10')).toMatchObject({ end: '2028-02-29' });
    expect(resolvePeriod('month', 2026, undefined, today)).toMatchObject({ month: 11, start: '2026-11-01', end: today, previousEnd: '2026-10-31', current: true });
    expect(resolvePeriod('month', 2026, 1, today)).toMatchObject({ previousEnd: '2025-12-31', yearStart: '2025-12-31', yearEnd: '2026-12-31' });
  });

  it('takes the quarter of the month, compared with the quarter before', () => {
    expect(resolvePeriod('quarter', 2026, 5, today)).toMatchObject({ quarter: 2, start: '2026-04-01', end: '2026-06-30', previousEnd: '2026-03-31', label: 'Quý II/2026' });
    expect(resolvePeriod('quarter', 2026, 11, today)).toMatchObject({ quarter: 4, start: '2026-10-01', end: today, previousEnd: '2026-09-30' });
    expect(resolvePeriod('quarter', 2025, 2, today)).toMatchObject({ previousEnd: '2024-12-31' });
  });

  it('runs the year to date from 1 January, compared with the year before\'s end', () => {
    expect(resolvePeriod('ytd', 2026, undefined, today)).toMatchObject({ start: '2026-01-01', end: today, previousEnd: '2025-12-31', label: 'Từ đầu năm 2026 đến 25/11/2026' });
    expect(resolvePeriod('ytd', 2025, undefined, today)).toMatchObject({ end: '2025-12-31', month: 12 });
    expect(resolvePeriod('ytd', 2026, 6, today)).toMatchObject({ end: '2026-06-30' });
  });

  it('refuses a period not started and a year before the plan', () => {
    expect(resolvePeriod('month', 2026, 12, today)).toBe('Tháng này chưa bắt đầu.');
    expect(resolvePeriod('month', 2027, 1, today)).toBe('Năm 2027 chưa bắt đầu.');
    expect(resolvePeriod('month', 2024, 1, today)).toBe('Chỉ có số liệu từ năm 2025.');
  });

  it('lists the month ends of the year for the charts, the running month ending today', () => {
    const series = seriesEnds(2026, today);
    expect(series).toHaveLength(11);
    expect(series[1]).toEqual({ month: 2, end: '2026-02-28' });
    expect(series[10]).toEqual({ month: 11, end: today });
    expect(seriesEnds(2025, today)).toHaveLength(12);
  });
});

describe('the on-track line', () => {
  it('runs straight from the start-of-year level to the target at the year end', () => {
    expect(expectedPercent(10, 70, '2025-12-31', '2026-12-31', '2025-12-31')).toBe(10);
    expect(expectedPercent(10, 70, '2025-12-31', '2026-12-31', '2026-12-31')).toBe(70);
    expect(expectedPercent(0, 73, '2025-12-31', '2026-12-31', '2026-03-31')).toBeCloseTo((73 * 90) / 365, 10);
  });
});
