// The targets of a unit and its children for one year: a table on the desk, one card per unit
// on a phone. Each cell shows the target that applies and where it comes from; where the
// account may set targets, an input holds the unit's own target (empty: the one above applies).
import { ActionIcon, Badge, Box, Button, Card, Group, NumberInput, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconDeviceFloppy, IconLock } from '@tabler/icons-react';
import { INDICATOR_CODES, INDICATOR_LABELS, type IndicatorCode } from '../../../shared/indicators.ts';
import { formatNumber, unitName } from '../../app/format.ts';
import type { TargetView, UnitTargets } from './indicators.api.ts';

/** What the officer typed per code ('' = no own target); codes not typed in keep the stored value. */
export type Draft = Partial<Record<IndicatorCode, string>>;

export interface RowState {
  draft: Draft;
  /** Per code, what is wrong with the value (client check or the server's answer). */
  errors: Partial<Record<IndicatorCode, string>>;
  /** An error of the whole row (the server's, naming its field). */
  message?: string;
  saving: boolean;
}

export const EMPTY_ROW: RowState = { draft: {}, errors: {}, saving: false };

const LEVEL_WORD: Record<UnitTargets['level'], string> = { province: 'tỉnh', commune: 'xã', village: 'thôn' };
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const unitLabel = (u: Pick<UnitTargets, 'name' | 'level'>) => unitName(u.name, u.level);
const ownText = (own: number | null) => (own === null ? '' : String(own));

/** The value shown in a unit's input for a code. */
export function cellValue(unit: UnitTargets, draft: Draft, code: IndicatorCode): string {
  return draft[code] ?? ownText(unit.targets.find((t) => t.code === code)!.own);
}

export function dirtyCodes(unit: UnitTargets, draft: Draft): IndicatorCode[] {
  return INDICATOR_CODES.filter((code) => draft[code] !== undefined && draft[code] !== ownText(unit.targets.find((t) => t.code === code)!.own));
}

/** '' → null (remove the own target); a number 0–100, else the reason it is refused. */
export function parseTarget(text: string): { value: number | null } | { error: string } {
  const t = text.trim().replace(',', '.');
  if (t === '') return { value: null };
  const n = Number(t);
  if (!Number.isFinite(n)) return { error: 'Chỉ tiêu phải là một số.' };
  if (n < 0 || n > 100) return { error: 'Chỉ tiêu phải từ 0 đến 100 %.' };
  return { value: Math.round(n * 100) / 100 };
}

const percentText = (p: number) => `${formatNumber(p)} %`;

/** 'Kế hoạch năm 2026' → 'KH 2026': one line in a cell; the tooltip and the legend say it in full. */
export const planShort = (plan: string) => plan.replace(/^Kế hoạch( năm)?/, 'KH');

/** Where a target comes from, short for the cell and in full for the tooltip. */
function sourceOf(unit: UnitTargets, target: TargetView | null): { short: string; long: string } {
  if (!target) return { short: 'Chưa giao', long: 'Chưa có chỉ tiêu: kế hoạch không nêu và cấp trên chưa giao.' };
  if ('plan' in target.source) return { short: planShort(target.source.plan), long: `Theo ${target.source.plan}: ${percentText(target.percent)}` };
  if (target.source.orgUnitId === unit.id) return { short: 'Đặt riêng', long: `Chỉ tiêu đặt riêng cho ${unitLabel(unit)}: ${percentText(target.percent)}` };
  const level = target.source.level as UnitTargets['level'];
  return { short: `${capital(LEVEL_WORD[level] ?? 'cấp trên')} giao`, long: `${unitName(target.source.name, level)} giao: ${percentText(target.percent)}` };
}

interface CellProps {
  unit: UnitTargets;
  code: IndicatorCode;
  row: RowState;
  /** What applies to this unit when its own target is removed (known for the children: the parent's). */
  fallback: TargetView | null | undefined;
  onChange: (code: IndicatorCode, value: string) => void;
  size: 'sm' | 'md';
}

function TargetCell({ unit, code, row, fallback, onChange, size }: CellProps) {
  const t = unit.targets.find((x) => x.code === code)!;
  const source = sourceOf(unit, t.effective);
  const label = `${code}, ${unitLabel(unit)}`;
  if (!unit.canEdit) {
    return (
      <Tooltip label={source.long} multiline maw={260} withArrow>
        <Box role="group" data-testid={`target-${unit.id}-${code}`} aria-label={`${label}: ${t.effective ? percentText(t.effective.percent) : 'chưa giao'}, ${source.short}`}>
          <Text fw={t.own !== null ? 650 : 500} className="num" size="sm">{t.effective ? percentText(t.effective.percent) : '—'}</Text>
          <Text size="xs" c="dimmed" lh={1.25} style={{ whiteSpace: 'nowrap' }}>{source.short}</Text>
        </Box>
      </Tooltip>
    );
  }
  const value = cellValue(unit, row.draft, code);
  const dirty = row.draft[code] !== undefined && row.draft[code] !== ownText(t.own);
  // An empty input shows, in grey, the target that will apply: the one above, or the plan's.
  const inherited = t.own === null ? t.effective : fallback;
  const error = row.errors[code];
  let caption = source.short;
  let captionColor = 'dimmed';
  if (dirty) {
    caption = 'Chưa lưu';
    captionColor = 'orange.8';
  }
  return (
    <Box data-testid={`target-${unit.id}-${code}`}>
      <NumberInput
        value={value}
        onChange={(v) => onChange(code, v === '' ? '' : String(v))}
        aria-label={label}
        placeholder={value === '' && inherited ? formatNumber(inherited.percent) : '—'}
        min={0}
        max={100}
        clampBehavior="none"
        decimalScale={2}
        decimalSeparator=","
        allowNegative={false}
        hideControls
        size={size}
        w={size === 'md' ? 96 : 66}
        rightSection={<Text size="xs" c="dimmed">%</Text>}
        rightSectionWidth={22}
        error={!!error}
        styles={{ input: { fontWeight: value !== '' ? 650 : 400, background: dirty ? 'var(--mantine-color-yellow-0)' : undefined } }}
      />
      <Tooltip label={error ?? source.long} multiline maw={260} withArrow color={error ? 'red' : undefined}>
        <Text size="xs" c={error ? 'red.7' : captionColor} lh={1.25} mt={2} style={{ whiteSpace: 'nowrap' }}>{error ? 'Sai giá trị' : caption}</Text>
      </Tooltip>
    </Box>
  );
}

interface EditorProps {
  units: UnitTargets[];
  rows: Record<number, RowState>;
  onChange: (unitId: number, code: IndicatorCode, value: string) => void;
  onSave: (unit: UnitTargets) => void;
  onUndo: (unitId: number) => void;
}

function RowMessage({ unit, row }: { unit: UnitTargets; row: RowState }) {
  const problems = [
    ...INDICATOR_CODES.filter((c) => row.errors[c]).map((c) => `${c}: ${row.errors[c]}`),
    ...(row.message ? [row.message] : []),
  ];
  if (!problems.length) return null;
  return (
    <Text size="xs" c="red.7" role="alert" data-testid={`targets-error-${unit.id}`}>{problems.join(' ')}</Text>
  );
}

/** Shown once a row has changes: a clean row has nothing to save. */
function SaveButtons({ unit, row, onSave, onUndo, size }: { unit: UnitTargets; row: RowState; onSave: EditorProps['onSave']; onUndo: EditorProps['onUndo']; size: 'sm' | 'md' }) {
  const dirty = dirtyCodes(unit, row.draft).length > 0;
  if (!dirty && !row.saving) return null;
  return (
    <Group gap={6} wrap="nowrap" justify={size === 'md' ? 'stretch' : 'flex-end'} grow={size === 'md'}>
      {size === 'md' ? (
        <Button variant="default" size="md" leftSection={<IconArrowBackUp size={18} />} disabled={!dirty || row.saving} onClick={() => onUndo(unit.id)}>Hoàn tác</Button>
      ) : (
        <Tooltip label="Hoàn tác các thay đổi chưa lưu" withArrow>
          <ActionIcon variant="default" size={36} aria-label="Hoàn tác" disabled={!dirty || row.saving} onClick={() => onUndo(unit.id)}>
            <IconArrowBackUp size={18} />
          </ActionIcon>
        </Tooltip>
      )}
      <Button size={size} leftSection={<IconDeviceFloppy size={18} />} disabled={!dirty} loading={row.saving} onClick={() => onSave(unit)}>Lưu</Button>
    </Group>
  );
}

function UnitName({ unit, top, dirty }: { unit: UnitTargets; top: boolean; dirty: boolean }) {
  return (
    <Stack gap={2}>
      <Text fw={top ? 700 : 600} size="sm">{unitLabel(unit)}</Text>
      <Group gap={4}>
        {top && unit.level !== 'village' && <Text size="xs" c="dimmed">Cả {LEVEL_WORD[unit.level]}</Text>}
        {!unit.canEdit && (
          <Tooltip label={unit.level === 'commune' ? 'Chỉ tiêu của xã do tỉnh giao' : 'Bạn chỉ được xem'} withArrow>
            <Group gap={2} wrap="nowrap"><IconLock size={12} color="var(--mantine-color-dimmed)" /><Text size="xs" c="dimmed">Chỉ xem</Text></Group>
          </Tooltip>
        )}
        {dirty && <Badge size="xs" color="orange" variant="light">Chưa lưu</Badge>}
      </Group>
    </Stack>
  );
}

const fallbackFor = (units: UnitTargets[], unit: UnitTargets, code: IndicatorCode) =>
  unit === units[0] ? undefined : units[0]!.targets.find((t) => t.code === code)!.effective;

export function TargetsTable({ units, rows, onChange, onSave, onUndo }: EditorProps) {
  const anyEditable = units.some((u) => u.canEdit);
  return (
    // 960: the editable table (eight inputs and the row's save) fits the 976 px a 1280 px desk leaves.
    <Table.ScrollContainer minWidth={anyEditable ? 960 : 860}>
      <Table verticalSpacing={8} horizontalSpacing={8} data-testid="targets-table" striped={false}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>Đơn vị</Table.Th>
            {INDICATOR_CODES.map((code) => (
              <Table.Th key={code}>
                <Tooltip label={INDICATOR_LABELS[code].name} multiline maw={260} withArrow>
                  <Text component="abbr" fw={700} size="sm" title={INDICATOR_LABELS[code].name} style={{ textDecoration: 'underline dotted', cursor: 'help' }}>{code}</Text>
                </Tooltip>
              </Table.Th>
            ))}
            {anyEditable && <Table.Th w={120} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {units.map((unit, i) => {
            const row = rows[unit.id] ?? EMPTY_ROW;
            const dirty = dirtyCodes(unit, row.draft).length > 0;
            const problem = Object.keys(row.errors).length > 0 || !!row.message;
            return [
              <Table.Tr
                key={unit.id}
                data-testid={`targets-row-${unit.id}`}
                style={{
                  background: dirty ? 'var(--mantine-color-yellow-0)' : i === 0 ? 'var(--mantine-color-gray-0)' : undefined,
                  borderBottom: i === 0 ? '2px solid var(--mantine-color-gray-3)' : undefined,
                }}
              >
                <Table.Td><UnitName unit={unit} top={i === 0} dirty={dirty} /></Table.Td>
                {INDICATOR_CODES.map((code) => (
                  <Table.Td key={code} style={{ verticalAlign: 'top' }}>
                    <TargetCell unit={unit} code={code} row={row} fallback={fallbackFor(units, unit, code)} onChange={(c, v) => onChange(unit.id, c, v)} size="sm" />
                  </Table.Td>
                ))}
                {anyEditable && (
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    {unit.canEdit && <SaveButtons unit={unit} row={row} onSave={onSave} onUndo={onUndo} size="sm" />}
                  </Table.Td>
                )}
              </Table.Tr>,
              problem && (
                <Table.Tr key={`${unit.id}-error`} style={{ background: 'var(--mantine-color-red-0)' }}>
                  <Table.Td colSpan={INDICATOR_CODES.length + 2}><RowMessage unit={unit} row={row} /></Table.Td>
                </Table.Tr>
              ),
            ];
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function TargetsCards({ units, rows, onChange, onSave, onUndo }: EditorProps) {
  return (
    <Stack gap="sm">
      {units.map((unit, i) => {
        const row = rows[unit.id] ?? EMPTY_ROW;
        const dirty = dirtyCodes(unit, row.draft).length > 0;
        return (
          <Card key={unit.id} withBorder padding="sm" radius="md" data-testid={`targets-row-${unit.id}`} bg={dirty ? 'yellow.0' : i === 0 ? 'gray.0' : undefined}>
            <Box mb="xs"><UnitName unit={unit} top={i === 0} dirty={dirty} /></Box>
            <Stack gap={8}>
              {INDICATOR_CODES.map((code) => (
                <Group key={code} justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
                  <Box style={{ flex: 1, minWidth: 0 }}>
                    <Text fw={700} size="sm">{code}</Text>
                    <Text size="xs" c="dimmed" lh={1.3}>{INDICATOR_LABELS[code].name}</Text>
                  </Box>
                  <Box w={unit.canEdit ? 96 : 110} style={{ flexShrink: 0, textAlign: unit.canEdit ? undefined : 'right' }}>
                    <TargetCell unit={unit} code={code} row={row} fallback={fallbackFor(units, unit, code)} onChange={(c, v) => onChange(unit.id, c, v)} size="md" />
                  </Box>
                </Group>
              ))}
            </Stack>
            <RowMessage unit={unit} row={row} />
            {unit.canEdit && (dirty || row.saving) && <Box mt="sm"><SaveButtons unit={unit} row={row} onSave={onSave} onUndo={onUndo} size="md" /></Box>}
          </Card>
        );
      })}
    </Stack>
  );
}
