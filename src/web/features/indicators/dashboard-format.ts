// How the dashboard writes a figure: percentages with one decimal ("70,5%"), changes in
// percentage points with their sign, and the colour of on-track vs. behind.
import type { IndicatorFigure } from './indicators.api.ts';

const percentFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const signedFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1, signDisplay: 'exceptZero' });

export const formatPercentValue = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${percentFormat.format(value)}%`);
export const formatChange = (points: number | null) => (points === null ? '—' : `${signedFormat.format(points)} điểm %`);

/**
 * Which way a change points, read from the figure as written: -0,04 points is written
 * "0 điểm %" and must show no arrow, like +0,04 (deciding on the raw number showed an up
 * arrow on some cards and a down arrow on others for the same "0").
 */
export function changeDirection(points: number | null): 'up' | 'down' | 'none' {
  if (points === null) return 'none';
  const written = signedFormat.format(points);
  return written.startsWith('+') ? 'up' : /^[-−]/.test(written) ? 'down' : 'none';
}

export type TrackState = 'reached' | 'on-track' | 'behind' | 'none';

/** Reached the year's target, on or above the line toward it, below it, or nothing to judge. */
export function trackState(f: IndicatorFigure): TrackState {
  if (f.percent === null || !f.target) return 'none';
  if (f.percent + 1e-9 >= f.target.percent) return 'reached';
  return f.onTrack ? 'on-track' : 'behind';
}

export const TRACK_LABELS: Record<TrackState, string> = {
  reached: 'Đạt chỉ tiêu',
  'on-track': 'Đúng tiến độ',
  behind: 'Chậm tiến độ',
  none: 'Chưa có chỉ tiêu',
};
/** Mantine colours; green and red are told apart by the label and icon too, not colour alone. */
export const TRACK_COLORS: Record<TrackState, string> = { reached: 'teal', 'on-track': 'green', behind: 'red', none: 'gray' };
/** The same as raw colours for charts. */
export const TRACK_HEX: Record<TrackState, string> = { reached: '#0ca678', 'on-track': '#37b24d', behind: '#e03131', none: '#adb5bd' };
