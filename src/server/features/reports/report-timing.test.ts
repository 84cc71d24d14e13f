// When a report is late: a village's when not submitted to Phòng VH-XH by the 3rd, the
// commune's when not sent to the Sở (approved by the leader) by the 5th.
import { describe, expect, it } from 'vitest';
import { reportTiming } from './reports.builder.ts';

const OCTOBER_END = '2026-10-31';
const at = (iso: string) => new Date(iso);

describe('report timing', () => {
  it('a village report counts from its first submission; a return does not make it late', () => {
    const returned = { status: 'returned', created_at: at('2026-11-01T02:00:00Z'), reviewed_at: at('2026-11-04T02:00:00Z'), first_submitted_at: at('2026-11-02T02:00:00Z') };
    expect(reportTiming('village_monthly', OCTOBER_END, returned, '2026-11-25')).toMatchObject({ dueOn: '2026-11-03', late: false, submittedLate: false });
    const draft = { ...returned, status: 'draft', first_submitted_at: null };
    expect(reportTiming('village_monthly', OCTOBER_END, draft, '2026-11-04')).toMatchObject({ late: true, submittedLate: false });
    expect(reportTiming('village_monthly', OCTOBER_END, undefined, '2026-11-03')).toMatchObject({ late: false });
  });

  it('a commune report waiting for the leader past the 5th is late to the province; sent on the 6th it came in late', () => {
    const waiting = { status: 'submitted', created_at: at('2026-11-01T02:00:00Z'), reviewed_at: null, first_submitted_at: at('2026-11-03T02:00:00Z') };
    expect(reportTiming('commune_monthly', OCTOBER_END, waiting, '2026-11-06')).toMatchObject({ dueOn: '2026-11-05', late: true, submittedLate: false, sentAt: null });
    expect(reportTiming('commune_monthly', OCTOBER_END, waiting, '2026-11-05')).toMatchObject({ late: false });
    const sentLate = { ...waiting, status: 'sent', reviewed_at: at('2026-11-06T01:00:00Z') };
    expect(reportTiming('commune_monthly', OCTOBER_END, sentLate, '2026-11-25')).toMatchObject({ late: false, submittedLate: true, sentAt: '2026-11-06T01:00:00.000Z' });
    // 23:30 on the 5th in Vietnam is 16:30 UTC: on time.
    const sentOnTime = { ...waiting, status: 'sent', reviewed_at: at('2026-11-05T16:30:00Z') };
    expect(reportTiming('commune_monthly', OCTOBER_END, sentOnTime, '2026-11-25')).toMatchObject({ submittedLate: false });
  });
});
