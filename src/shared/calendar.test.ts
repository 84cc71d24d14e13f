import { describe, expect, it } from 'vitest';
import { addDays, todayInVietnam, yearInVietnam } from './calendar.ts';

describe("Vietnam's calendar", () => {
  it('is seven hours ahead of UTC, so the evening in UTC is already tomorrow', () => {
    expect(todayInVietnam(new Date('2026-11-25T16:59:59Z'))).toBe('2026-11-25');
    expect(todayInVietnam(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
    expect(todayInVietnam(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
    expect(yearInVietnam(new Date('2026-12-31T17:30:00Z'))).toBe(2027);
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
