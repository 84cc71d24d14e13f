// One card per indicator: the percentage against the year's target and where the straight
// line toward it stands today, numerator / denominator, the change since the previous period,
// and links to the people behind each number (those not yet reached first: the next visits).
import { Anchor, Badge, Box, Card, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { IconArrowRight, IconEqual, IconTrendingDown, IconTrendingUp } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { INDICATOR_CODES, INDICATOR_LABELS, INDICATOR_SUBJECT, type IndicatorCode } from '../../../shared/indicators.ts';
import { formatNumber } from '../../app/format.ts';
import { TRACK_COLORS, TRACK_HEX, TRACK_LABELS, changeDirection, formatChange, formatPercentValue, trackState } from './dashboard-format.ts';
import { targetSourceLabel, type IndicatorFigure, type IndicatorSelection, type UnitFigures } from './indicators.api.ts';
import { indicatorListHref } from './selection.ts';

/** A number that opens its list when the account may see people; else plain text (the province sees counts only). */
export function FigureLink({ value, href, testId, label }: { value: ReactNode; href: string | null; testId?: string; label?: string }) {
  if (!href) return <span className="num" data-testid={testId}>{value}</span>;
  return <Anchor component={Link} to={href} className="num" data-testid={testId} aria-label={label} fw={600}>{value}</Anchor>;
}

/** The bar toward 100 %, with ticks at the year's target and at where the unit should be today. */
export function ProgressToTarget({ figure }: { figure: IndicatorFigure }) {
  const state = trackState(figure);
  const width = Math.min(100, figure.percent ?? 0);
  return (
    <Box pos="relative" h={10} mt={4} mb={2} style={{ background: 'var(--mantine-color-gray-2)', borderRadius: 5 }} aria-hidden>
      <Box h={10} w={`${width}%`} style={{ background: TRACK_HEX[state], borderRadius: 5 }} />
      {figure.expected !== null && figure.expected < (figure.target?.percent ?? 0) && (
        <Tooltip label={`Mức cần đạt theo tiến độ: ${formatPercentValue(figure.expected)}`} withArrow>
          <Box pos="absolute" top={-3} h={16} w={2} left={`calc(${Math.min(100, figure.expected)}% - 1px)`} style={{ background: 'var(--mantine-color-dark-4)' }} />
        </Tooltip>
      )}
      {figure.target && (
        <Tooltip label={`Chỉ tiêu năm: ${formatPercentValue(figure.target.percent)}`} withArrow>
          <Box pos="absolute" top={-3} h={16} w={3} left={`calc(${Math.min(100, figure.target.percent)}% - 2px)`} style={{ background: 'var(--mantine-color-brand-8)' }} />
        </Tooltip>
      )}
    </Box>
  );
}

const CHANGE_MARKS = {
  up: { Icon: IconTrendingUp, color: 'var(--mantine-color-green-7)' },
  down: { Icon: IconTrendingDown, color: 'var(--mantine-color-red-7)' },
  none: { Icon: IconEqual, color: 'var(--mantine-color-gray-6)' },
};

function ChangeText({ change }: { change: number | null }) {
  if (change === null) return <Text size="xs" c="dimmed">So với kỳ trước: —</Text>;
  const direction = changeDirection(change);
  const { Icon, color } = CHANGE_MARKS[direction];
  return (
    <Group gap={4} wrap="nowrap" data-testid="change" data-direction={direction}>
      <Icon size={14} color={color} aria-hidden />
      <Text size="xs" c="dimmed">So với kỳ trước: <span className="num">{formatChange(change)}</span></Text>
    </Group>
  );
}

function IndicatorCard({ code, figure, selection, canDrill }: { code: IndicatorCode; figure: IndicatorFigure; selection: IndicatorSelection; canDrill: boolean }) {
  const label = INDICATOR_LABELS[code];
  const state = trackState(figure);
  const notReached = figure.denominator - figure.numerator;
  const href = (reached?: boolean | null) => (canDrill ? indicatorListHref(code, selection, reached) : null);
  const noun = INDICATOR_SUBJECT[code] === 'household' ? 'hộ' : 'người';
  return (
    <Card withBorder padding="md" data-testid={`indicator-${code}`}>
      <Stack gap={6} h="100%">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text c="brand.8" fw={700}>{code}</Text>
          <Badge color={TRACK_COLORS[state]} variant={state === 'behind' ? 'filled' : 'light'} style={{ flexShrink: 0 }} data-testid={`track-${code}`}>{TRACK_LABELS[state]}</Badge>
        </Group>
        {/* Three lines kept for the name, so the percentages of a row of cards line up. */}
        <Text fw={600} size="sm" lh={1.35} mih={{ base: 0, xs: 'calc(3 * 1.35em)' }}>{label.name}</Text>
        <Group align="baseline" gap="xs">
          <Text fz={30} fw={700} lh={1.1} className="num" data-testid={`percent-${code}`}>{formatPercentValue(figure.percent)}</Text>
          <Text size="sm" c="dimmed">
            {figure.target ? <>chỉ tiêu <span className="num">{formatPercentValue(figure.target.percent)}</span></> : 'chưa giao chỉ tiêu'}
          </Text>
        </Group>
        <ProgressToTarget figure={figure} />
        <Text size="sm">
          <FigureLink value={formatNumber(figure.numerator)} href={href(true)} testId={`numerator-${code}`} label={`${label.numerator}: danh sách`} />
          {' / '}
          <FigureLink value={formatNumber(figure.denominator)} href={href(null)} testId={`denominator-${code}`} label={`${label.denominator}: danh sách`} />
          <Text span size="xs" c="dimmed"> {label.denominator.toLowerCase()}</Text>
        </Text>
        {label.extra && figure.extra > 0 && (
          <Text size="xs" c="dimmed">{label.extra}: <span className="num">{formatNumber(figure.extra)}</span></Text>
        )}
        {/* The change, the link to the next visits and the target's source sit at the card's foot. */}
        <Stack gap={6} mt="auto">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <ChangeText change={figure.change} />
            {figure.denominator > 0 && (
              notReached > 0 ? (
                canDrill ? (
                  <Anchor component={Link} to={indicatorListHref(code, selection, false)} size="sm" fw={600} data-testid={`not-reached-${code}`}>
                    <Group gap={4} wrap="nowrap">
                      <span>Chưa đạt: <span className="num" data-testid={`not-reached-count-${code}`}>{formatNumber(notReached)}</span> {noun}</span>
                      <IconArrowRight size={14} />
                    </Group>
                  </Anchor>
                ) : (
                  <Text size="sm">Chưa đạt: <span className="num">{formatNumber(notReached)}</span> {noun}</Text>
                )
              ) : <Text size="sm" c="teal.8" fw={600}>Đã đạt hết</Text>
            )}
          </Group>
          {figure.target && (
            <Text size="xs" c="dimmed">
              {figure.expected !== null && state === 'behind' ? <>Cần đạt theo tiến độ: <span className="num">{formatPercentValue(figure.expected)}</span> · </> : null}
              Chỉ tiêu: {targetSourceLabel(figure.target)}
            </Text>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}

export function IndicatorCards({ unit, selection, canDrill }: { unit: UnitFigures; selection: IndicatorSelection; canDrill: boolean }) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="sm">
      {INDICATOR_CODES.map((code) => (
        <IndicatorCard key={code} code={code} figure={unit.indicators[code]} selection={selection} canDrill={canDrill} />
      ))}
    </SimpleGrid>
  );
}
