// What the list page and its printed next-visit list share: why a row is not reached (in
// words a volunteer acts on), the whole of a list fetched page by page, and small cells.
import { Badge, Stack, Text } from '@mantine/core';
import type { IndicatorCode } from '../../../shared/indicators.ts';
import { NOT_DONE_REASON_LABELS } from '../../../shared/support.ts';
import { api } from '../../app/api.ts';
import { formatDate } from '../../app/format.ts';
import { indicatorListPath, type HouseholdListItem, type IndicatorList, type ListSelection, type PersonListItem } from './indicators.api.ts';

/** The largest page the server gives (DrillDownQuerySchema). */
export const WHOLE_PAGE_SIZE = 500;

export const SEX_LABELS: Record<string, string> = { male: 'Nam', female: 'Nữ' };

/**
 * Every row of a list, a page of 500 at a time (one request for a village; a commune's
 * longest list, ~6,000 adults, takes a dozen). The total is the first page's.
 */
export async function fetchWholeList<T extends PersonListItem | HouseholdListItem>(
  code: IndicatorCode,
  subject: 'person' | 'household',
  selection: Omit<ListSelection, 'page' | 'pageSize'>,
): Promise<IndicatorList<T>> {
  const first = await api.get<IndicatorList<T>>(indicatorListPath(code, subject, { ...selection, page: 1, pageSize: WHOLE_PAGE_SIZE }));
  const items = [...first.items];
  const pages = Math.ceil(first.total / WHOLE_PAGE_SIZE);
  for (let page = 2; page <= pages; page += 1) {
    const next = await api.get<IndicatorList<T>>(indicatorListPath(code, subject, { ...selection, page, pageSize: WHOLE_PAGE_SIZE }));
    items.push(...next.items);
  }
  return { ...first, items, page: 1, pageSize: items.length };
}

export interface Why {
  text: string;
  /** A reason recorded on a visit (red) / never supported (orange) / other (grey) / reached (green). */
  tone: 'reason' | 'never' | 'other' | 'reached';
  /** The date the reason or the last visit was recorded. */
  on: string | null;
}

const TONE_COLOR: Record<Why['tone'], string> = { reason: 'red', never: 'orange', other: 'gray', reached: 'teal' };

/** Why a person is not (yet) counted in the numerator. */
export function personWhy(code: IndicatorCode, p: PersonListItem): Why {
  if (p.reached) return { text: 'Đã đạt', tone: 'reached', on: null };
  if (p.lastReason) return { text: NOT_DONE_REASON_LABELS[p.lastReason], tone: 'reason', on: p.lastActionOn };
  if (code === 'DD' && p.extra) return { text: 'Đã có mức 1, chưa kích hoạt mức 2', tone: 'other', on: p.lastActionOn };
  if (!p.lastVisitOn) return { text: 'Chưa được hỗ trợ', tone: 'never', on: null };
  if (p.lastActionOn) return { text: 'Đã hỗ trợ, chưa đạt', tone: 'other', on: p.lastActionOn };
  return { text: 'Đã đến hộ, chưa hỗ trợ việc này', tone: 'other', on: p.lastVisitOn };
}

/** Why a household is not (yet) counted: TT has no action of its own, HGD the four that make it. */
export function householdWhy(code: IndicatorCode, h: HouseholdListItem): Why {
  if (h.reached) return h.coveredByMember
    ? { text: 'Đạt nhờ thành viên Tổ phụ trách', tone: 'reached', on: null }
    : { text: 'Đã đạt', tone: 'reached', on: null };
  if (h.lastReason) return { text: NOT_DONE_REASON_LABELS[h.lastReason], tone: 'reason', on: null };
  if (!h.lastVisitOn) return { text: code === 'TT' ? 'Chưa được đến' : 'Chưa được hỗ trợ', tone: 'never', on: null };
  if (code === 'TT') return { text: 'Đã đến, chưa ghi nhận đã thông tin', tone: 'other', on: h.lastVisitOn };
  return { text: 'Chưa có thành viên đủ kỹ năng số, VNeID và tài khoản DVC', tone: 'other', on: h.lastVisitOn };
}

/** The reason as coloured text (a badge would cut a long reason short in a table cell). */
export function WhyText({ why, testId = 'why' }: { why: Why; testId?: string }) {
  return (
    <Text size="sm" fw={600} lh={1.3} c={`${TONE_COLOR[why.tone]}.8`} data-testid={testId}>
      {why.text}
    </Text>
  );
}

/** The reason, and a level-1 account beside a DD reason; the date underneath. */
export function WhyCell({ why, extraLevel1 }: { why: Why; extraLevel1?: boolean }) {
  return (
    <Stack gap={2} align="flex-start">
      <WhyText why={why} />
      {extraLevel1 && why.tone === 'reason' && <Badge color="blue" variant="light" size="sm" style={{ textTransform: 'none' }}>Đã có mức 1</Badge>}
      {why.on && <Text size="xs" c="dimmed">ngày {formatDate(why.on)}</Text>}
    </Stack>
  );
}

export const smartphoneText = (v: boolean | null) => (v === true ? 'Có' : v === false ? 'Không' : '—');
