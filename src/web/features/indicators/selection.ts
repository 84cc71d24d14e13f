// The unit and period a dashboard or a list shows live in the URL
// (?don-vi=12&ky=quy&nam=2026&thang=9), so a figure's link opens its list for the same
// choice and Back returns to the same view.
import { useSearchParams } from 'react-router';
import type { IndicatorCode, PeriodType } from '../../../shared/indicators.ts';
import type { IndicatorSelection } from './indicators.api.ts';

const PERIOD_WORDS: Record<PeriodType, string> = { month: 'thang', quarter: 'quy', ytd: 'luy-ke' };
const periodOfWord = (word: string | null): PeriodType =>
  (Object.keys(PERIOD_WORDS) as PeriodType[]).find((p) => PERIOD_WORDS[p] === word) ?? 'month';
const numberOrNull = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null);

export function selectionFromParams(params: URLSearchParams): IndicatorSelection {
  return {
    orgUnitId: numberOrNull(params.get('don-vi')),
    period: periodOfWord(params.get('ky')),
    year: numberOrNull(params.get('nam')),
    month: numberOrNull(params.get('thang')),
  };
}

/** The URL query of a selection (defaults left out), with extra words (e.g. dat=chua). */
export function selectionSearch(s: IndicatorSelection, extra: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams();
  if (s.orgUnitId) params.set('don-vi', String(s.orgUnitId));
  if (s.period !== 'month') params.set('ky', PERIOD_WORDS[s.period]);
  if (s.year) params.set('nam', String(s.year));
  if (s.month) params.set('thang', String(s.month));
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The selection in the URL and a setter that keeps the other words of the URL. */
export function useIndicatorSelection() {
  const [params, setParams] = useSearchParams();
  const selection = selectionFromParams(params);
  const setSelection = (patch: Partial<IndicatorSelection>) => {
    const next = { ...selection, ...patch };
    setParams((prev) => {
      const out = new URLSearchParams(selectionSearch(next));
      for (const [k, v] of prev) if (!['don-vi', 'ky', 'nam', 'thang', 'trang'].includes(k)) out.set(k, v);
      return out;
    }, { replace: true });
  };
  return { selection, setSelection, params };
}

/**
 * The page behind a figure: /chi-so/DD?…&dat=chua lists those not yet reached,
 * dat=roi those reached, no word the whole denominator.
 */
export function indicatorListHref(code: IndicatorCode, s: IndicatorSelection, reached?: boolean | null): string {
  return `/chi-so/${code}${selectionSearch(s, { dat: reached === true ? 'roi' : reached === false ? 'chua' : null })}`;
}
export const reachedOfWord = (word: string | null): boolean | null => (word === 'roi' ? true : word === 'chua' ? false : null);
