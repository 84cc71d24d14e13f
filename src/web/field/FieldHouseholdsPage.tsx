// My households (assigned to me first; the whole village one tap away): search by anyone's
// name with or without diacritics, and keep only those "chưa đạt" on an indicator.
import { Badge, Card, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconChevronRight, IconSearch } from '@tabler/icons-react';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { foldVietnamese } from '../../shared/vietnamese.ts';
import { formatDate } from '../app/format.ts';
import { useFieldSession } from './field-context.ts';
import { householdSearchKey, useVillageData } from './field-data.ts';
import { FieldTitle } from './FieldLayout.tsx';
import {
  FIELD_INDICATOR_LABELS,
  FIELD_INDICATOR_SHORT,
  FIELD_INDICATORS,
  householdNotReached,
  householdPlace,
  householdTitle,
  todayLocal,
  type FieldIndicator,
} from './field-rules.ts';

const PAGE = 60;

export default function FieldHouseholdsPage() {
  useDocumentTitle('Hộ gia đình · Tổ CNSCĐ');
  const { memberId, village } = useFieldSession();
  const data = useVillageData();
  const [params, setParams] = useSearchParams();
  const [shown, setShown] = useState(PAGE);
  const today = todayLocal();
  const scope = params.get('pham-vi') === 'thon' || !memberId ? 'village' : 'mine';
  const indicator = (FIELD_INDICATORS as readonly string[]).includes(params.get('chua-dat') ?? '') ? (params.get('chua-dat') as FieldIndicator) : null;
  const [q, setQ] = useState(params.get('q') ?? '');
  const query = useDeferredValue(foldVietnamese(q));

  const set = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    }, { replace: true });

  const rows = useMemo(() => {
    if (!data) return [];
    const list = data.households.map((h) => {
      const members = data.membersOf.get(h.id) ?? [];
      const gaps = FIELD_INDICATORS.filter((i) => householdNotReached(i, h, members, today));
      return { h, members, gaps, title: householdTitle(h, members), key: householdSearchKey(h, members) };
    });
    return list
      .filter((r) => (scope === 'mine' ? r.h.assignedMemberId === memberId : true))
      .filter((r) => (indicator ? r.gaps.includes(indicator) : true))
      .filter((r) => (query ? r.key.includes(query) : true))
      // Mine first in the whole-village list; then households not visited for longest.
      .sort((a, b) => Number(b.h.assignedMemberId === memberId) - Number(a.h.assignedMemberId === memberId) || (a.h.lastVisitOn ?? '').localeCompare(b.h.lastVisitOn ?? '') || a.title.localeCompare(b.title, 'vi'));
  }, [data, scope, memberId, indicator, query, today]);

  const mineCount = data && memberId ? data.households.filter((h) => h.assignedMemberId === memberId).length : 0;

  return (
    <Stack gap="sm">
      <FieldTitle title={scope === 'mine' ? 'Hộ tôi phụ trách' : 'Hộ gia đình cả thôn'} subtitle={village?.name} />
      {memberId && (
        <SegmentedControl
          fullWidth
          value={scope}
          onChange={(v) => set('pham-vi', v === 'village' ? 'thon' : null)}
          data={[
            { value: 'mine', label: `Tôi phụ trách (${mineCount})` },
            { value: 'village', label: `Cả thôn (${data?.households.length ?? 0})` },
          ]}
        />
      )}
      <TextInput
        type="search"
        size="md"
        leftSection={<IconSearch size={18} />}
        placeholder="Tìm theo tên chủ hộ, thành viên"
        aria-label="Tìm hộ theo tên"
        value={q}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          setShown(PAGE);
        }}
        onBlur={() => set('q', q.trim() || null)}
      />
      <NativeSelect
        size="md"
        label="Lọc hộ chưa đạt"
        value={indicator ?? ''}
        onChange={(e) => set('chua-dat', e.currentTarget.value || null)}
        data={[{ value: '', label: 'Tất cả các hộ' }, ...FIELD_INDICATORS.map((i) => ({ value: i, label: FIELD_INDICATOR_LABELS[i] }))]}
      />
      <Text size="sm" c="dimmed" data-testid="household-count">{data ? `${rows.length} hộ` : 'Đang đọc dữ liệu…'}</Text>
      <Stack gap="xs" data-testid="field-household-list">
        {rows.slice(0, shown).map(({ h, members, gaps, title }) => (
          <Card key={h.id} padding="sm" component={Link} to={`/thuc-dia/ho/${h.id}`} className="field-row" data-testid="field-household" aria-label={title}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={2} miw={0}>
                <Text fw={600}>{title}</Text>
                <Text size="sm" c="dimmed" truncate>{householdPlace(h)} · {members.length} người</Text>
                <Text size="xs" c="dimmed">{h.lastVisitOn ? `Lần thăm gần nhất: ${formatDate(h.lastVisitOn)}` : 'Chưa có lượt thăm'}</Text>
                {gaps.length > 0 && (
                  <Group gap={4} mt={2}>
                    {gaps.map((g) => (
                      <Badge key={g} size="sm" variant="light" color={g === indicator ? 'red' : 'orange'}>Chưa đạt: {FIELD_INDICATOR_SHORT[g]}</Badge>
                    ))}
                  </Group>
                )}
              </Stack>
              <IconChevronRight size={20} color="var(--mantine-color-gray-5)" style={{ flexShrink: 0 }} />
            </Group>
          </Card>
        ))}
      </Stack>
      {rows.length > shown && (
        <Card padding={0}>
          <button type="button" className="field-row" style={{ background: 'none', border: 0, font: 'inherit', color: 'var(--mantine-color-brand-7)', fontWeight: 600 }} onClick={() => setShown((n) => n + PAGE)}>
            Xem thêm {Math.min(PAGE, rows.length - shown)} hộ
          </button>
        </Card>
      )}
      {data && rows.length === 0 && (
        <Card padding="md"><Text size="sm" c="dimmed">{data.households.length === 0 ? 'Máy chưa có dữ liệu của thôn. Hãy đồng bộ khi có mạng.' : 'Không có hộ nào khớp.'}</Text></Card>
      )}
    </Stack>
  );
}
