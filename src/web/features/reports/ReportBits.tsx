// Small pieces the report pages share: the status badge, the month picker, today in Vietnam.
import { Badge, Group, Select } from '@mantine/core';
import { REPORT_STATUS_LABELS, type ReportStatus } from '../../../shared/reports.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

export const STATUS_COLORS: Record<ReportStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  returned: 'orange',
  accepted: 'teal',
  sent: 'green',
};

export function StatusBadge({ status, missingLabel = 'Chưa có báo cáo' }: { status: ReportStatus | null; missingLabel?: string }) {
  if (!status) return <Badge color="gray" variant="outline" data-testid="report-status" style={{ textTransform: 'none', flexShrink: 0 }}>{missingLabel}</Badge>;
  return (
    <Badge color={STATUS_COLORS[status]} variant={status === 'draft' ? 'light' : 'filled'} data-testid="report-status" style={{ textTransform: 'none', flexShrink: 0 }}>
      {REPORT_STATUS_LABELS[status]}
    </Badge>
  );
}

export function LateBadge({ label = 'Trễ hạn' }: { label?: string }) {
  return <Badge color="red" variant="light" style={{ textTransform: 'none' }} data-testid="late-badge">{label}</Badge>;
}

/** Year and month today in Vietnam: a report opened late on the last evening belongs to that month. */
export function vnToday(): { year: number; month: number; day: number } {
  const [year, month, day] = todayInVietnam().split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}

export function previousMonth(year: number, month: number): { year: number; month: number } {
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

export const quarterOf = (month: number) => Math.ceil(month / 3);
export const QUARTER_NAMES = ['I', 'II', 'III', 'IV'] as const;

const FIRST_REPORT_YEAR = 2025;

/**
 * Month (or quarter) and year of a report period: only periods that have started can be
 * chosen. A quarter is carried as a month of it, as the API takes it.
 */
export function MonthPicker({ year, month, onChange, quarter = false }: { year: number; month: number; onChange: (year: number, month: number) => void; quarter?: boolean }) {
  const today = vnToday();
  const years = Array.from({ length: today.year - FIRST_REPORT_YEAR + 1 }, (_, i) => String(today.year - i));
  const lastMonth = year === today.year ? today.month : 12;
  const months = Array.from({ length: lastMonth }, (_, i) => ({ value: String(i + 1), label: `Tháng ${i + 1}` }));
  const quarters = Array.from({ length: quarterOf(lastMonth) }, (_, i) => ({ value: String(i + 1), label: `Quý ${QUARTER_NAMES[i]}` }));
  return (
    <Group gap="xs" wrap="nowrap">
      {quarter ? (
        <Select
          aria-label="Quý"
          data={quarters}
          value={String(quarterOf(Math.min(month, lastMonth)))}
          onChange={(v) => v && onChange(year, Math.min(3 * Number(v), lastMonth))}
          allowDeselect={false}
          w={130}
          data-testid="report-quarter"
        />
      ) : (
        <Select
          aria-label="Tháng"
          data={months}
          value={String(Math.min(month, lastMonth))}
          onChange={(v) => v && onChange(year, Number(v))}
          allowDeselect={false}
          w={130}
          data-testid="report-month"
        />
      )}
      <Select
        aria-label="Năm"
        data={years}
        value={String(year)}
        onChange={(v) => v && onChange(Number(v), Number(v) === today.year ? Math.min(month, today.month) : month)}
        allowDeselect={false}
        w={100}
      />
    </Group>
  );
}
