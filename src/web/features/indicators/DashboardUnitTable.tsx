// The eight indicators for each village (or commune) of the unit, coloured on-track vs.
// behind, with the unit's total as the last row. A unit's name opens its own dashboard; a
// figure opens the list of those not yet reached there. Headers sort (worst first, then best).
import { Anchor, Box, Table, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector, IconTrendingDown } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { INDICATOR_CODES, INDICATOR_LABELS, type IndicatorCode } from '../../../shared/indicators.ts';
import { formatNumber, unitName } from '../../app/format.ts';
import { TRACK_COLORS, TRACK_LABELS, formatPercentValue, trackState } from './dashboard-format.ts';
import type { IndicatorSelection, UnitFigures } from './indicators.api.ts';
import { indicatorListHref, selectionSearch } from './selection.ts';

type SortKey = 'name' | IndicatorCode;
const TOTAL_LABEL: Record<UnitFigures['level'], string> = { province: 'Toàn tỉnh', commune: 'Toàn xã', village: 'Toàn thôn' };
const collator = new Intl.Collator('vi', { numeric: true });

function Cell({ unit, code, selection, canDrill }: { unit: UnitFigures; code: IndicatorCode; selection: IndicatorSelection; canDrill: boolean }) {
  const f = unit.indicators[code];
  const state = trackState(f);
  const body = (
    <>
      {/* Behind is said by an arrow (and in words to a screen reader), not by the red alone. */}
      <Text size="sm" fw={700} c={state === 'none' ? undefined : `${TRACK_COLORS[state]}.8`} className="num" lh={1.2} style={{ whiteSpace: 'nowrap' }}>
        {state === 'behind' ? <IconTrendingDown size={13} stroke={2.2} aria-hidden style={{ verticalAlign: -1, marginRight: 2 }} /> : null}
        {formatPercentValue(f.percent)}
        {state === 'behind' ? <VisuallyHidden> (chậm tiến độ)</VisuallyHidden> : null}
      </Text>
      <Text size="xs" c="dimmed" className="num">{formatNumber(f.numerator)}/{formatNumber(f.denominator)}</Text>
    </>
  );
  const tip = `${unitName(unit.name, unit.level)} · ${code}: ${TRACK_LABELS[state]}${f.target ? ` (chỉ tiêu ${formatPercentValue(f.target.percent)}` + (f.expected !== null ? `, cần đạt theo tiến độ ${formatPercentValue(f.expected)})` : ')') : ''}`;
  return (
    <Table.Td ta="right" style={{ background: state === 'behind' ? 'var(--mantine-color-red-0)' : undefined }} data-track={state}>
      <Tooltip label={tip} withArrow openDelay={300} multiline maw={280}>
        {canDrill && f.denominator > f.numerator ? (
          <Anchor component={Link} to={indicatorListHref(code, { ...selection, orgUnitId: unit.id }, false)} underline="never" style={{ display: 'block' }} data-testid={`cell-${unit.id}-${code}`}>
            {body}
          </Anchor>
        ) : (
          <Box data-testid={`cell-${unit.id}-${code}`}>{body}</Box>
        )}
      </Tooltip>
    </Table.Td>
  );
}

function SortHeader({ label, title, active, direction, onClick }: { label: string; title: string; active: boolean; direction: 1 | -1; onClick: () => void }) {
  const Icon = !active ? IconSelector : direction === 1 ? IconArrowUp : IconArrowDown;
  return (
    <Tooltip label={title} withArrow multiline maw={260} openDelay={200}>
      <UnstyledButton onClick={onClick} aria-label={`Sắp xếp theo ${title}`} style={{ display: 'inline-flex', alignItems: 'center', gap: 2, fontWeight: 700, fontSize: 'var(--mantine-font-size-sm)' }}>
        {label}
        <Icon size={14} />
      </UnstyledButton>
    </Tooltip>
  );
}

export function DashboardUnitTable({ summary, units, selection, canDrill }: { summary: UnitFigures; units: UnitFigures[]; selection: IndicatorSelection; canDrill: boolean }) {
  const [sort, setSort] = useState<{ key: SortKey; direction: 1 | -1 }>({ key: 'name', direction: 1 });
  const sorted = [...units].sort((a, b) => {
    if (sort.key === 'name') return sort.direction * collator.compare(a.name, b.name);
    const pa = a.indicators[sort.key].percent ?? -1;
    const pb = b.indicators[sort.key].percent ?? -1;
    return sort.direction * (pa - pb) || collator.compare(a.name, b.name);
  });
  const toggle = (key: SortKey) => setSort((s) => (s.key === key ? { key, direction: s.direction === 1 ? -1 : 1 } : { key, direction: 1 }));
  const childWord = units[0]?.level === 'commune' ? 'Xã, phường' : 'Thôn';

  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing={6} horizontalSpacing={6} highlightOnHover data-testid="unit-table" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)', zIndex: 1, minWidth: 140 }}>
              <SortHeader label={childWord} title="tên" active={sort.key === 'name'} direction={sort.direction} onClick={() => toggle('name')} />
            </Table.Th>
            <Table.Th ta="right">Nhân khẩu / hộ</Table.Th>
            {INDICATOR_CODES.map((code) => (
              <Table.Th key={code} ta="right">
                <SortHeader label={code} title={INDICATOR_LABELS[code].name} active={sort.key === code} direction={sort.direction} onClick={() => toggle(code)} />
              </Table.Th>
            ))}
            <Table.Th ta="right">Lượt hỗ trợ</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((u) => (
            <Table.Tr key={u.id} data-testid={`unit-row-${u.id}`}>
              <Table.Td style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)', zIndex: 1 }}>
                <Anchor component={Link} to={`/chi-so${selectionSearch({ ...selection, orgUnitId: u.id })}`} fw={600} size="sm">{u.name}</Anchor>
              </Table.Td>
              <Table.Td ta="right"><Text size="sm" className="num">{formatNumber(u.residents)}</Text><Text size="xs" c="dimmed" className="num">{formatNumber(u.households)} hộ</Text></Table.Td>
              {INDICATOR_CODES.map((code) => <Cell key={code} unit={u} code={code} selection={selection} canDrill={canDrill} />)}
              <Table.Td ta="right"><Text size="sm" className="num">{formatNumber(u.counts.visits)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr style={{ borderTop: '2px solid var(--mantine-color-gray-4)' }} data-testid="unit-row-total">
            <Table.Td style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)', zIndex: 1 }}><Text size="sm" fw={700}>{TOTAL_LABEL[summary.level]}</Text></Table.Td>
            <Table.Td ta="right"><Text size="sm" fw={700} className="num">{formatNumber(summary.residents)}</Text><Text size="xs" c="dimmed" className="num">{formatNumber(summary.households)} hộ</Text></Table.Td>
            {INDICATOR_CODES.map((code) => <Cell key={code} unit={summary} code={code} selection={selection} canDrill={canDrill} />)}
            <Table.Td ta="right"><Text size="sm" fw={700} className="num">{formatNumber(summary.counts.visits)}</Text></Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
