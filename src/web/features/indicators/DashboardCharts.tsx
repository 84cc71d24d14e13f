// Charts of one indicator at a time: its level at each month-end of the year against the
// straight line from the start-of-year level to the year's target (below the line = behind),
// and the villages (or communes) ranked, each bar coloured on-track vs. behind.
import { Card, Group, Select, SimpleGrid, Text } from '@mantine/core';
import { useMemo } from 'react';
import { INDICATOR_CODES, INDICATOR_LABELS, expectedPercent, monthEnd, type IndicatorCode } from '../../../shared/indicators.ts';
import { EChart, type ChartOption } from '../../components/EChart.tsx';
import { TRACK_HEX, TRACK_LABELS, formatPercentValue, trackState } from './dashboard-format.ts';
import type { Dashboard } from './indicators.api.ts';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const percentAxis = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
const shortName = (name: string) => name.replace(/^(Thôn|Xã|Phường|Tổ dân phố|Thị trấn)\s+/i, '');
const round1 = (v: number) => Math.round(v * 10) / 10;

function monthlyOption(data: Dashboard, code: IndicatorCode): ChartOption {
  const figure = data.summary.indicators[code];
  const start = data.series.startOfYear.values[code].percent;
  const byMonth = new Map(data.series.months.map((m) => [m.month, m.values[code].percent]));
  const { year, yearStart, yearEnd } = data.period;
  const target = figure.target?.percent ?? null;
  return {
    grid: { left: 44, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, itemWidth: 18, itemGap: 20, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? formatPercentValue(v) : '—') },
    xAxis: { type: 'category', data: ['Đầu năm', ...MONTHS.map((m) => `T${m}`)], axisLabel: { fontSize: 11 } },
    yAxis: percentAxis,
    series: [
      {
        name: 'Thực hiện',
        type: 'line',
        data: [start, ...MONTHS.map((m) => byMonth.get(m) ?? null)],
        symbolSize: 6,
        lineStyle: { width: 3 },
        itemStyle: { color: '#1c7ed6' },
        connectNulls: false,
        ...(target !== null
          ? { markLine: { symbol: 'none', silent: true, label: { formatter: `Chỉ tiêu ${formatPercentValue(target)}`, position: 'insideEndTop' }, lineStyle: { color: '#364fc7', type: 'solid' }, data: [{ yAxis: target }] } }
          : {}),
      },
      ...(target !== null
        ? [{
            name: 'Tiến độ cần đạt',
            type: 'line' as const,
            data: [start ?? 0, ...MONTHS.map((m) => round1(expectedPercent(start ?? 0, target, yearStart, yearEnd, monthEnd(year, m))))],
            symbol: 'none',
            lineStyle: { type: 'dashed' as const, width: 2, color: '#868e96' },
            itemStyle: { color: '#868e96' },
          }]
        : []),
    ],
  };
}

function rankingOption(data: Dashboard, code: IndicatorCode): ChartOption {
  // Ascending, because a category axis draws its first item at the bottom: the best is on top.
  const ranked = [...data.children].sort((a, b) => (a.indicators[code].percent ?? -1) - (b.indicators[code].percent ?? -1));
  const target = data.summary.indicators[code].target?.percent ?? null;
  return {
    grid: { left: 104, right: 48, top: 8, bottom: 24 },
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const unit = ranked[(p as { dataIndex: number }).dataIndex];
        const f = unit.indicators[code];
        return `${unit.name}<br/>${formatPercentValue(f.percent)} (${f.numerator}/${f.denominator})<br/>${TRACK_LABELS[trackState(f)]}`;
      },
    },
    xAxis: { ...percentAxis, axisLabel: { formatter: '{value}%', fontSize: 11 } },
    // The heading says "các thôn": the bars carry the bare names so long ones fit.
    yAxis: { type: 'category', data: ranked.map((u) => shortName(u.name)), axisLabel: { fontSize: 11, width: 96, overflow: 'truncate' } },
    series: [{
      type: 'bar',
      barMaxWidth: 16,
      data: ranked.map((u) => ({ value: u.indicators[code].percent ?? 0, itemStyle: { color: TRACK_HEX[trackState(u.indicators[code])] } })),
      label: { show: true, position: 'right', fontSize: 11, formatter: (p) => formatPercentValue(p.value as number) },
      ...(target !== null
        ? { markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { color: '#364fc7', type: 'solid' as const }, data: [{ xAxis: target }] } }
        : {}),
    }],
  };
}

export function DashboardCharts({ data, code, onCode }: { data: Dashboard; code: IndicatorCode; onCode: (code: IndicatorCode) => void }) {
  const monthly = useMemo(() => monthlyOption(data, code), [data, code]);
  const ranking = useMemo(() => (data.children.length ? rankingOption(data, code) : null), [data, code]);
  const childWord = data.children[0]?.level === 'commune' ? 'xã' : 'thôn';
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm" gap="xs">
        <Text fw={600}>Diễn biến trong năm {data.period.year}</Text>
        <Select
          aria-label="Chỉ số trên biểu đồ"
          data={INDICATOR_CODES.map((c) => ({ value: c, label: `${c} – ${INDICATOR_LABELS[c].name}` }))}
          value={code}
          onChange={(v) => v && onCode(v as IndicatorCode)}
          allowDeselect={false}
          w={{ base: '100%', sm: 420 }}
          comboboxProps={{ withinPortal: true }}
          data-testid="chart-indicator"
        />
      </Group>
      <SimpleGrid cols={{ base: 1, md: ranking ? 2 : 1 }} spacing="lg">
        <div>
          <Text size="sm" c="dimmed" mb={4}>Tỷ lệ cuối mỗi tháng so với đường tiến độ đến chỉ tiêu cuối năm</Text>
          <EChart option={monthly} height={280} ariaLabel={`Biểu đồ ${code} theo tháng năm ${data.period.year}`} testId="chart-monthly" />
        </div>
        {ranking && (
          <div>
            <Text size="sm" c="dimmed" mb={4}>Xếp hạng các {childWord} ({data.period.label})</Text>
            <EChart option={ranking} height={Math.max(280, data.children.length * 22 + 40)} ariaLabel={`Xếp hạng các ${childWord} theo ${code}`} testId="chart-ranking" />
          </div>
        )}
      </SimpleGrid>
    </Card>
  );
}
