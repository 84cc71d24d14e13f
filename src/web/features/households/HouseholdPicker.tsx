// Pick a household by typing the head's name (with or without diacritics), an address or
// the household number; results come from the server within the caller's scope.
import { Group, Loader, Select, Stack, Text, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../app/api.ts';
import type { HouseholdSummary, Page } from '../../app/types.ts';

interface Option extends ComboboxItem {
  household: HouseholdSummary;
}

export function HouseholdPicker({ value, onChange, excludeId, label, error, required, description }: { value: HouseholdSummary | null; onChange: (h: HouseholdSummary | null) => void; excludeId?: string; label: string; error?: React.ReactNode; required?: boolean; description?: string }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const typing = debounced.trim().length >= 2;
  const { data, isFetching } = useQuery({
    queryKey: ['households', 'picker', debounced],
    queryFn: () => api.get<Page<HouseholdSummary>>('/api/households', { q: debounced.trim(), pageSize: 15 }),
    enabled: typing,
  });
  const toOption = (h: HouseholdSummary): Option => ({
    value: h.id,
    label: `${h.headName ?? 'Chưa có chủ hộ'}${h.code ? ` (hộ số ${h.code})` : ''} — ${h.villageName}`,
    household: h,
  });
  const found = (data?.items ?? []).filter((h) => h.id !== excludeId).map(toOption);
  const options = value && !found.some((o) => o.value === value.id) ? [toOption(value), ...found] : found;

  return (
    <Select
      label={label}
      description={description}
      required={required}
      error={error}
      searchable
      clearable
      data={options}
      value={value?.id ?? null}
      onChange={(_, option) => onChange(option ? (option as Option).household : null)}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      placeholder="Gõ tên chủ hộ, địa chỉ hoặc số hộ"
      leftSection={<IconSearch size={18} />}
      rightSection={isFetching ? <Loader size={16} /> : undefined}
      nothingFoundMessage={typing ? (isFetching ? 'Đang tìm…' : 'Không tìm thấy hộ phù hợp') : 'Gõ ít nhất 2 ký tự để tìm'}
      maxDropdownHeight={320}
      comboboxProps={{ withinPortal: true }}
      data-testid="household-picker"
      renderOption={({ option }) => {
        const h = (option as Option).household;
        return (
          <Stack gap={0}>
            <Text size="sm" fw={600}>{h.headName ?? 'Chưa có chủ hộ'}</Text>
            <Group gap={6}>
              <Text size="xs" c="dimmed">{[h.code ? `Hộ số ${h.code}` : null, h.address, h.villageName].filter(Boolean).join(' · ')}</Text>
            </Group>
          </Stack>
        );
      }}
    />
  );
}
