// The households present at a village meeting, ticked from the village's list (search with or
// without diacritics). Each ticked household counts as informed (TT) from the meeting's day.
import { Button, Checkbox, Group, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../app/api.ts';
import { foldText, formatNumber } from '../../app/format.ts';
import type { HouseholdSummary, Page } from '../../app/types.ts';

/** Every household of the villages (the API pages by 200). */
async function householdsOf(villageIds: number[]): Promise<HouseholdSummary[]> {
  const out: HouseholdSummary[] = [];
  for (const villageId of villageIds) {
    for (let page = 1; ; page++) {
      const answer = await api.get<Page<HouseholdSummary>>('/api/households', { villageId, pageSize: 200, page });
      out.push(...answer.items);
      if (page * answer.pageSize >= answer.total) break;
    }
  }
  return out;
}

export interface TickableHousehold {
  id: string;
  label: string;
  detail: string;
}

export function HouseholdTickList({ households, value, onChange, error, loading, size = 'sm', maxHeight = 360 }: {
  households: TickableHousehold[];
  value: string[];
  onChange: (ids: string[]) => void;
  error?: React.ReactNode;
  loading?: boolean;
  size?: 'sm' | 'md';
  maxHeight?: number;
}) {
  const [search, setSearch] = useState('');
  const chosen = useMemo(() => new Set(value), [value]);
  const shown = useMemo(() => {
    const q = foldText(search);
    return q ? households.filter((h) => foldText(`${h.label} ${h.detail}`).includes(q)) : households;
  }, [households, search]);
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((x) => x !== id));
  const allShownChosen = shown.length > 0 && shown.every((h) => chosen.has(h.id));
  return (
    <Stack gap={6} data-testid="household-ticks">
      <Group justify="space-between" align="flex-end" gap="xs">
        <Text size="sm" fw={600}>Hộ có mặt <Text span size="sm" fw={400} c="dimmed" className="num">({formatNumber(value.length)}/{formatNumber(households.length)} hộ)</Text></Text>
        <Button
          size="compact-sm"
          variant="subtle"
          onClick={() => onChange(allShownChosen ? value.filter((id) => !shown.some((h) => h.id === id)) : [...new Set([...value, ...shown.map((h) => h.id)])])}
          disabled={shown.length === 0}
        >
          {allShownChosen ? 'Bỏ chọn' : 'Chọn'} {search ? 'các hộ tìm được' : 'tất cả'}
        </Button>
      </Group>
      <TextInput
        size={size}
        placeholder="Tìm tên chủ hộ, địa chỉ…"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        aria-label="Tìm hộ"
      />
      <ScrollArea.Autosize mah={maxHeight} type="auto" offsetScrollbars>
        <Stack gap={2}>
          {loading && <Text size="sm" c="dimmed">Đang tải danh sách hộ…</Text>}
          {!loading && shown.length === 0 && <Text size="sm" c="dimmed">{households.length ? 'Không có hộ nào khớp.' : 'Thôn chưa có hộ nào trong danh sách.'}</Text>}
          {shown.map((h) => (
            <Checkbox
              key={h.id}
              size={size}
              checked={chosen.has(h.id)}
              onChange={(e) => toggle(h.id, e.currentTarget.checked)}
              label={<span>{h.label}{h.detail && <Text span size="xs" c="dimmed"> · {h.detail}</Text>}</span>}
              py={4}
              data-household={h.id}
            />
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {error && <Text size="xs" c="red">{error}</Text>}
    </Stack>
  );
}

/** The desk's version: the villages' households read from the registry. */
export function DeskHouseholdTicks({ villageIds, value, onChange, error }: { villageIds: number[]; value: string[]; onChange: (ids: string[]) => void; error?: React.ReactNode }) {
  const query = useQuery({
    queryKey: ['households', 'of-villages', [...villageIds].sort()],
    queryFn: () => householdsOf(villageIds),
    enabled: villageIds.length > 0,
    staleTime: 5 * 60_000,
  });
  const households = useMemo<TickableHousehold[]>(
    () => (query.data ?? [])
      .map((h) => ({ id: h.id, label: h.headName ? `Hộ ${h.headName}` : `Hộ số ${h.code ?? '—'}`, detail: [h.address, villageIds.length > 1 ? h.villageName : null].filter(Boolean).join(', ') }))
      .sort((a, b) => a.label.localeCompare(b.label, 'vi')),
    [query.data, villageIds.length],
  );
  return <HouseholdTickList households={households} value={value} onChange={onChange} error={error} loading={query.isPending && villageIds.length > 0} />;
}
