// My households (assigned to me first; the whole village one tap away): search by anyone's
// name with or without diacritics, and keep only those "chưa đạt" on an indicator.
// ?can-den=1: the next-visit list — households with gaps, mine first, each with the people
// still to reach and the reason recorded last time (all from the phone's copy, offline).
import { Badge, Card, Divider, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconChevronRight, IconSearch } from '@tabler/icons-react';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { NOT_DONE_REASON_LABELS } from '../../shared/support.ts';
import { foldVietnamese } from '../../shared/vietnamese.ts';
import { formatDate } from '../app/format.ts';
import { useFieldSession } from './field-context.ts';
import { householdSearchKey, useVillageData } from './field-data.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { FIELD_INDICATOR_LABELS, FIELD_INDICATOR_SHORT, FIELD_INDICATORS, householdNotReached, householdPlace, householdTitle, nextVisits, ageOn, type FieldIndicator, type NextVisit } from './field-rules.ts';
import { todayInVietnam } from '../../shared/calendar.ts';

const PAGE = 60;

export default function FieldHouseholdsPage() {
  const [params] = useSearchParams();
  return params.get('can-den') === '1' ? <NextVisitsList /> : <HouseholdsList />;
}

function HouseholdsList() {
  useDocumentTitle('Hộ gia đình · Tổ CNSCĐ');
  const { memberId, village } = useFieldSession();
  const data = useVillageData();
  const [params, setParams] = useSearchParams();
  const [shown, setShown] = useState(PAGE);
  const today = todayInVietnam();
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

  const mineCount = data && memberId ? data.households.filter((h) => h.assignedMemberId === memberId).length : undefined;
  const counted = (label: string, n: number | undefined) => (n === undefined ? label : `${label} (${n})`);

  return (
    <Stack gap="sm">
      <FieldTitle title={scope === 'mine' ? 'Hộ tôi phụ trách' : 'Hộ gia đình cả thôn'} subtitle={village?.name} />
      {memberId && (
        <SegmentedControl
          fullWidth
          value={scope}
          onChange={(v) => set('pham-vi', v === 'village' ? 'thon' : null)}
          data={[
            { value: 'mine', label: counted('Tôi phụ trách', mineCount) },
            { value: 'village', label: counted('Cả thôn', data?.households.length) },
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
      <Text size="sm" c="dimmed" data-testid="household-count">{data ? `${rows.length} hộ` : 'Đang tải danh sách hộ…'}</Text>
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
      <ListEnd total={rows.length} shown={shown} onMore={() => setShown((n) => n + PAGE)} noData={data?.households.length === 0} loaded={Boolean(data)} emptyText="Không có hộ nào khớp." />
    </Stack>
  );
}

/** Why a household or person is still on the list, in a volunteer's words. */
const PERSON_GAP_TEXT: Record<'DD' | 'NH' | 'KNS', string> = { DD: 'Mức 2', NH: 'Ngân hàng số', KNS: 'Kỹ năng số' };
const HOUSEHOLD_GAP_TEXT: Record<'TT' | 'HGD', string> = { TT: 'Hộ chưa được thông tin', HGD: 'Chưa là hộ gia đình số' };

function NextVisitsList() {
  useDocumentTitle('Cần đến tiếp · Tổ CNSCĐ');
  const { memberId, village } = useFieldSession();
  const data = useVillageData();
  const [params, setParams] = useSearchParams();
  const [shown, setShown] = useState(PAGE);
  const today = todayInVietnam();
  const indicator = (FIELD_INDICATORS as readonly string[]).includes(params.get('chua-dat') ?? '') ? (params.get('chua-dat') as FieldIndicator) : null;

  const all = useMemo(() => (data ? nextVisits(data.households, data.membersOf, memberId, today) : []), [data, memberId, today]);
  const rows = indicator ? all.filter((v) => v.gaps.includes(indicator)) : all;
  const mineCount = rows.filter((v) => v.mine).length;

  return (
    <Stack gap="sm">
      <FieldTitle title="Cần đến tiếp" subtitle={`${village?.name ?? ''} · hộ còn chưa đạt, ${memberId ? 'hộ tôi phụ trách trước' : 'hộ lâu chưa đến trước'}`} />
      <NativeSelect
        size="md"
        label="Chưa đạt chỉ số"
        value={indicator ?? ''}
        onChange={(e) =>
          setParams((prev) => {
            const next = new URLSearchParams(prev);
            if (e.currentTarget.value) next.set('chua-dat', e.currentTarget.value);
            else next.delete('chua-dat');
            return next;
          }, { replace: true })
        }
        data={[{ value: '', label: 'Bất kỳ chỉ số nào' }, ...FIELD_INDICATORS.map((i) => ({ value: i, label: FIELD_INDICATOR_LABELS[i] }))]}
      />
      <Text size="sm" c="dimmed" data-testid="next-visit-count">
        {data ? `${rows.length} hộ cần đến${memberId ? ` · ${mineCount} hộ tôi phụ trách` : ''}` : 'Đang tải danh sách hộ…'}
      </Text>
      <Stack gap="xs" data-testid="next-visit-list">
        {rows.slice(0, shown).map((v, i) => (
          <div key={v.household.id}>
            {memberId && i === mineCount && mineCount > 0 && <Divider my="xs" label="Các hộ khác của thôn" labelPosition="left" />}
            {memberId && i === 0 && mineCount > 0 && <Divider mb="xs" label="Hộ tôi phụ trách" labelPosition="left" />}
            <NextVisitCard visit={v} highlight={indicator} today={today} />
          </div>
        ))}
      </Stack>
      <ListEnd total={rows.length} shown={shown} onMore={() => setShown((n) => n + PAGE)} noData={data?.households.length === 0} loaded={Boolean(data)} emptyText="Không còn hộ nào chưa đạt. Tổ đã đến đủ!" />
    </Stack>
  );
}

/** The foot of a long list on a phone: "Xem thêm" for the next rows, or why it is empty. */
function ListEnd({ total, shown, onMore, loaded, noData, emptyText }: { total: number; shown: number; onMore: () => void; loaded: boolean; noData: boolean; emptyText: string }) {
  return (
    <>
      {total > shown && (
        <Card padding={0}>
          <button type="button" className="field-row" style={{ background: 'none', border: 0, font: 'inherit', color: 'var(--mantine-color-brand-7)', fontWeight: 600 }} onClick={onMore}>
            Xem thêm {Math.min(PAGE, total - shown)} hộ
          </button>
        </Card>
      )}
      {loaded && total === 0 && (
        <Card padding="md"><Text size="sm" c="dimmed">{noData ? 'Máy chưa có dữ liệu của thôn. Hãy đồng bộ khi có mạng.' : emptyText}</Text></Card>
      )}
    </>
  );
}

function NextVisitCard({ visit: v, highlight, today }: { visit: NextVisit; highlight: FieldIndicator | null; today: string }) {
  const title = householdTitle(v.household, v.members);
  const householdGaps = v.gaps.filter((g) => g === 'TT' || g === 'HGD');
  const people = highlight && highlight !== 'TT' && highlight !== 'HGD' ? v.people.filter((p) => p.gaps.includes(highlight)) : v.people;
  return (
    <Card padding="sm" component={Link} to={`/thuc-dia/ho/${v.household.id}`} className="field-row" data-testid="next-visit" aria-label={title}>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Stack gap={3} miw={0} style={{ flex: 1 }}>
          <Text fw={700}>{title}</Text>
          <Text size="sm" c="dimmed" truncate>{householdPlace(v.household)} · {v.members.length} người</Text>
          <Text size="xs" c="dimmed">{v.household.lastVisitOn ? `Lần đến gần nhất: ${formatDate(v.household.lastVisitOn)}` : 'Chưa đến lần nào'}</Text>
          {householdGaps.length > 0 && (
            <Group gap={4}>
              {householdGaps.map((g) => <Badge key={g} size="sm" variant="light" color={g === highlight ? 'red' : 'orange'} style={{ textTransform: 'none' }}>{HOUSEHOLD_GAP_TEXT[g]}</Badge>)}
              {v.gaps.includes('HGD') && v.household.noCapableMember && !v.household.assignedMemberId && <Badge size="sm" variant="light" color="grape" style={{ textTransform: 'none' }}>Cần phân công thành viên Tổ</Badge>}
            </Group>
          )}
          {people.length > 0 && (
            <Stack gap={4} mt={4} data-testid="next-visit-people">
              {people.map(({ person, gaps }) => (
                <div key={person.id} className="next-visit-person" data-testid="next-visit-person">
                  <Text size="sm" fw={600} lh={1.3}>{person.fullName} <Text span size="xs" c="dimmed" fw={400}>· {ageOn(person, today)} tuổi</Text></Text>
                  <Text size="xs" lh={1.35}>
                    Chưa có: {gaps.map((g) => PERSON_GAP_TEXT[g]).join(', ')}
                    {' · '}
                    <Text span size="xs" c={person.lastReason ? 'red.8' : 'dimmed'} fw={person.lastReason ? 600 : 400}>
                      {person.lastReason ? `Lần trước: ${NOT_DONE_REASON_LABELS[person.lastReason]}` : person.lastVisitOn ? `Đã hỗ trợ ${formatDate(person.lastVisitOn)}` : 'Chưa được hỗ trợ'}
                    </Text>
                  </Text>
                </div>
              ))}
            </Stack>
          )}
        </Stack>
        <IconChevronRight size={20} color="var(--mantine-color-gray-5)" style={{ flexShrink: 0 }} />
      </Group>
    </Card>
  );
}
