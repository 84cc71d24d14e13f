// Vietnamese display of dates (dd/mm/yyyy), times and numbers (10.234).
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(customParseFormat);
dayjs.extend(relativeTime);
dayjs.locale('vi');

const numberFormat = new Intl.NumberFormat('vi-VN');
const percentFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return numberFormat.format(value);
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return '—';
  return `${percentFormat.format((part / whole) * 100)}%`;
}

/** '2026-02-05' or an ISO timestamp → '05/02/2026'. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value, 'YYYY-MM-DD') : dayjs(value);
  return d.isValid() ? d.format('DD/MM/YYYY') : '—';
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const d = dayjs(value);
  return d.isValid() ? d.format('DD/MM/YYYY HH:mm') : '—';
}

export function fromNow(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = dayjs(value);
  return d.isValid() ? d.fromNow() : '';
}

/** Birth shown as the date when known, otherwise the year alone. */
export function formatBirth(p: { birthDate?: string | null; birthYear?: number | null }): string {
  if (p.birthDate) return formatDate(p.birthDate);
  return p.birthYear ? `Năm ${p.birthYear}` : '—';
}

export function toIsoDate(value: Date | string | null | undefined): string | undefined {
  if (!value) return undefined;
  const d = dayjs(value);
  return d.isValid() ? d.format('YYYY-MM-DD') : undefined;
}

/** Case- and diacritic-insensitive text for client-side filtering (đ → d as well). */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** "Bạch Ngọc" (a commune) → "Xã Bạch Ngọc" (shared with the server, which words the to-do list). */
export { unitName } from '../../shared/vietnamese.ts';

/** Joins address parts, leaving out a part already said by an earlier one ("Thôn Bản Bó, Xóm 1" + "Thôn Bản Bó"). */
export function joinDistinct(parts: (string | null | undefined)[], separator = ', '): string {
  const kept: string[] = [];
  for (const part of parts) {
    const p = part?.trim();
    if (!p) continue;
    const folded = foldText(p);
    if (kept.some((k) => foldText(k).includes(folded))) continue;
    kept.push(p);
  }
  return kept.join(separator);
}
