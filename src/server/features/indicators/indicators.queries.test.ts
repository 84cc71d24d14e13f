// The end dates and months the aggregates keep.
import { describe, expect, it } from 'vitest';
import { monthEnd } from '../../../shared/indicators.ts';
import { storedMonths, storedPeriodEnds } from './indicators.queries.ts';

describe('the end dates kept', () => {
  it('keeps every month end since 31/12/2024 and today, once', () => {
    const ends = storedPeriodEnds('2026-11-25');
    expect(ends[0]).toBe('2024-12-31');
    expect(ends).toContain('2025-02-28');
    expect(ends.at(-2)).toBe('2026-10-31');
    expect(ends.at(-1)).toBe('2026-11-25');
    expect(ends).toHaveLength(24);
    expect(storedPeriodEnds('2026-10-31').filter((e) => e === '2026-10-31')).toHaveLength(1);
    expect(monthEnd(2028, 2)).toBe('2028-02-29');
  });

  it('keeps the months from January 2025 to today\'s', () => {
    const months = storedMonths('2026-11-25');
    expect(months[0]).toBe('2025-01-01');
    expect(months.at(-1)).toBe('2026-11-01');
    expect(months).toHaveLength(23);
  });
});
