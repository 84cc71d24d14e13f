// Rows of an import whose household cannot be made as the file stands (their head refused,
// skipped or missing). They are never skipped on their own: each says why it waits, and the
// officer makes it the head, attaches it to another household — one of the file's or one
// already in the registry — or skips it. Rows the officer placed stay listed with the choice,
// which can be taken back.
import { Badge, Box, Button, Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCrown, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import type { HouseholdChoice, ImportHouseholdOption, ImportRowView, ImportSummary } from '../../../shared/imports.ts';
import { RELATION_LABELS, type Relation } from '../../../shared/people.ts';
import { formatNumber } from '../../app/format.ts';
import { PaginationBar } from '../../components/ListView.tsx';
import { usePreview, useHouseholdOptions } from './imports.api.ts';

const PAGE_SIZE = 20;

type Choose = (row: ImportRowView, choice: HouseholdChoice | null) => void;

interface RowActions {
  onChoose: Choose;
  onSkip: (row: ImportRowView) => void;
  onEdit: (row: ImportRowView) => void;
}

export function WaitingRowsCard({ batchId, summary, busy, ...actions }: { batchId: string; summary: ImportSummary; busy: boolean } & RowActions) {
  const [page, setPage] = useState(1);
  const rows = usePreview(batchId, 'household', page, PAGE_SIZE);
  const data = rows.data;
  if (!data || data.rows.total === 0) return null;
  const waiting = summary.needsHouseholdRows;
  return (
    <Card padding="lg" data-testid="waiting-rows" style={waiting ? { borderColor: 'var(--mantine-color-orange-4)' } : undefined}>
      <Title order={2} fz="lg" mb={4}>{waiting ? `Dòng chưa có hộ (${formatNumber(waiting)})` : 'Dòng bạn đã xếp hộ'}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {waiting
          ? 'Các dòng này không có lỗi, nhưng hộ của chúng chưa tạo được vì chủ hộ bị lỗi, bị bỏ qua hoặc không có. Chúng không bị bỏ qua cùng dòng lỗi: chọn cho từng dòng — làm chủ hộ, hoặc gắn vào một hộ khác (trong tệp hay đã có trong hệ thống) — hoặc bỏ qua dòng đó.'
          : 'Những dòng bạn đã gắn vào hộ khác hoặc chọn làm chủ hộ; bấm «Bỏ chọn» để trả lại như trong tệp.'}
      </Text>
      <Stack gap="xs" style={{ opacity: rows.isFetching ? 0.6 : 1 }}>
        {data.rows.items.map((row) => (
          <WaitingRow key={`${row.sheetIndex}-${row.rowNumber}`} batchId={batchId} row={row} busy={busy} {...actions} />
        ))}
      </Stack>
      {data.rows.total > PAGE_SIZE && <PaginationBar page={page} pageSize={PAGE_SIZE} total={data.rows.total} onChange={setPage} noun="dòng" />}
    </Card>
  );
}

function describeChoice(row: ImportRowView): string | null {
  const choice = row.householdChoice;
  if (!choice) return null;
  const number = row.household.number ? `, số hộ ${row.household.number}` : '';
  if (choice.kind === 'head') return `Đã chọn làm chủ hộ${number}`;
  const head = row.household.headName ? `của «${row.household.headName}»` : '';
  return `Đã gắn vào hộ ${head}${number}${choice.kind === 'household' ? ' (đã có trong hệ thống)' : ` (dòng ${choice.rowNumber})`}`;
}

function personLine(row: ImportRowView): string {
  const p = row.person;
  const birth = p.birthDate ? p.birthDate.split('-').reverse().join('/') : p.birthYear ? `sinh ${p.birthYear}` : null;
  const relation = p.relationToHead && p.relationToHead in RELATION_LABELS ? RELATION_LABELS[p.relationToHead as Relation] : null;
  return [p.fullName ?? '(chưa có tên)', birth, relation, p.villageName].filter(Boolean).join(' · ');
}

function WaitingRow({ batchId, row, busy, onChoose, onSkip, onEdit }: { batchId: string; row: ImportRowView; busy: boolean } & RowActions) {
  const waiting = row.action === 'needs_household';
  const choice = describeChoice(row);
  // A choice that cannot hold (a household of another village…) is an error: choose again.
  const canPick = waiting || (row.householdChoice !== null && row.action === 'error');
  return (
    <Box p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }} data-testid="waiting-row" data-row={row.rowNumber}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Box style={{ flex: '1 1 280px', minWidth: 0 }}>
          <Group gap={6} mb={2}>
            <Text size="sm" fw={600}>Trang «{row.sheetName}», dòng {row.rowNumber}</Text>
            <Badge size="sm" variant="light" color={waiting ? 'orange' : row.action === 'error' ? 'red' : 'blue'} tt="none">{row.actionLabel}</Badge>
          </Group>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{personLine(row)}</Text>
          {choice && <Text size="sm" c="blue.8" fw={500} data-testid="household-choice" style={{ overflowWrap: 'anywhere' }}>✓ {choice}</Text>}
          {row.problems.map((p, i) => (
            <Text key={i} size="sm" c={p.level === 'error' ? 'red.8' : waiting || p.level === 'warning' ? 'orange.9' : 'gray.7'} style={{ overflowWrap: 'anywhere' }} data-testid="waiting-message">
              {p.level === 'error' ? '✕' : '!'} {p.message}
            </Text>
          ))}
        </Box>
        <Stack gap="xs" w={{ base: '100%', sm: 320 }}>
          {canPick && <JoinHouseholdSelect batchId={batchId} row={row} disabled={busy} onPick={(c) => onChoose(row, c)} />}
          <Group gap="xs" justify="flex-end">
            {waiting && (
              <Button size="xs" variant="light" leftSection={<IconCrown size={14} />} onClick={() => onChoose(row, { kind: 'head' })} disabled={busy}>Làm chủ hộ</Button>
            )}
            {row.householdChoice && (
              <Button size="xs" variant="default" leftSection={<IconX size={14} />} onClick={() => onChoose(row, null)} disabled={busy}>Bỏ chọn</Button>
            )}
            <Button size="xs" variant="light" onClick={() => onEdit(row)} disabled={busy}>Sửa</Button>
            <Button size="xs" variant="default" onClick={() => onSkip(row)} disabled={busy}>Bỏ qua</Button>
          </Group>
        </Stack>
      </Group>
    </Box>
  );
}

const valueOf = (choice: ImportHouseholdOption['choice']) => (choice.kind === 'row' ? `row:${choice.sheetIndex}:${choice.rowNumber}` : `household:${choice.householdId}`);

/** "Gắn vào hộ…": the file's households first, then the registry's, searched on the server. */
function JoinHouseholdSelect({ batchId, row, disabled, onPick }: { batchId: string; row: ImportRowView; disabled: boolean; onPick: (choice: HouseholdChoice) => void }) {
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const options = useHouseholdOptions(batchId, row, q, opened);
  const items = options.data?.items ?? [];
  const byValue = new Map(items.map((o) => [valueOf(o.choice), o]));
  const group = (source: ImportHouseholdOption['source']) => items.filter((o) => o.source === source).map((o) => ({ value: valueOf(o.choice), label: o.label }));
  const data = [
    { group: 'Hộ trong tệp này', items: group('file') },
    { group: 'Hộ đã có trong hệ thống', items: group('registry') },
  ].filter((g) => g.items.length > 0);
  return (
    <Select
      aria-label={`Gắn dòng ${row.rowNumber} vào hộ`}
      placeholder="Gắn vào hộ… (gõ tên chủ hộ, số hộ)"
      size="xs"
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={null}
      onChange={(value) => {
        const option = value ? byValue.get(value) : undefined;
        if (option) onPick(option.choice);
        setSearch('');
      }}
      onDropdownOpen={() => setOpened(true)}
      // The server searches (and the registry has more households than a list could hold).
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? 'Đang tìm…' : 'Không có hộ phù hợp trong thôn'}
      renderOption={({ option }) => {
        const o = byValue.get(option.value);
        return (
          <Box>
            <Text size="sm">{option.label}</Text>
            {o && <Text size="xs" c="dimmed">{o.detail}</Text>}
          </Box>
        );
      }}
      maxDropdownHeight={320}
      disabled={disabled}
      data-testid="join-household"
    />
  );
}
