// Find a person: name with or without diacritics ("nguyen thi hoa" finds "Nguyễn Thị Hoà"),
// or an exact 12-digit CCCD; filter by village and residence status.
import { Anchor, Badge, Group, Select, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../app/api.ts';
import { formatBirth, formatNumber } from '../../app/format.ts';
import { relationLabel, SEX_LABELS, STATUS_COLORS, STATUS_LABELS } from '../../app/labels.ts';
import { useSession } from '../../app/session.tsx';
import type { Page, PersonSummary } from '../../app/types.ts';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { ExportButton } from '../exports/ExportButton.tsx';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';
import { GroupBadges, PersonNameCell } from './GroupBadges.tsx';

const PAGE_SIZE = 20;
type PeoplePageData = Page<PersonSummary> & { totalIsLowerBound?: boolean; searchedBy?: 'cccd' | 'name' | null };

const STATUS_FILTERS = [
  { value: 'resident', label: 'Đang cư trú' },
  { value: 'moved_out', label: 'Đã chuyển đi' },
  { value: 'deceased', label: 'Đã mất' },
  { value: 'all', label: 'Tất cả' },
];

export function StatusBadge({ status }: { status: PersonSummary['status'] }) {
  return <Badge color={STATUS_COLORS[status]} variant="light" tt="none">{STATUS_LABELS[status]}</Badge>;
}

export function PeoplePage() {
  const { can, isVillageScoped, scopeName } = useSession();
  const { values, page, set } = useUrlFilters(['q', 'thon', 'tt'] as const);
  const villageId = values.thon ? Number(values.thon) : null;
  const status = values.tt || 'resident';

  const { data, error, isPending, isFetching, isPlaceholderData, refetch } = useQuery({
    queryKey: ['people', { q: values.q, villageId, status, page }],
    queryFn: () => api.get<PeoplePageData>('/api/people', { q: values.q, villageId, status, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const columns: Column<PersonSummary>[] = [
    {
      key: 'name',
      header: 'Họ và tên',
      render: (p) => <PersonNameCell person={p} />,
    },
    { key: 'birth', header: 'Ngày sinh', nowrap: true, render: (p) => <span className="num">{formatBirth(p)}</span> },
    { key: 'sex', header: 'Giới tính', render: (p) => SEX_LABELS[p.sex] },
    { key: 'cccd', header: 'CCCD', nowrap: true, render: (p) => <Text size="sm" ff="monospace">{p.cccdMasked ?? '—'}</Text> },
    {
      key: 'household',
      header: 'Hộ',
      render: (p) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/ho-gia-dinh/${p.householdId}`} size="sm">{p.householdCode ? `Hộ số ${p.householdCode}` : 'Xem hộ'}</Anchor>
          <Text size="xs" c="dimmed">{relationLabel(p.relationToHead)}</Text>
        </Stack>
      ),
    },
    ...(!isVillageScoped ? [{ key: 'village', header: 'Thôn', render: (p: PersonSummary) => <Text size="sm">{p.villageName}</Text> }] : []),
    ...(status !== 'resident' ? [{ key: 'status', header: 'Trạng thái', render: (p: PersonSummary) => <StatusBadge status={p.status} /> }] : []),
  ];

  const totalLabel = data ? `${data.totalIsLowerBound ? 'Hơn ' : ''}${formatNumber(data.total)} người` : '';
  return (
    <>
      <PageHeader
        title="Nhân khẩu"
        description={isVillageScoped ? `Người dân ${scopeName}. Tìm theo họ tên (gõ có dấu hay không dấu đều được) hoặc số CCCD.` : 'Tìm theo họ tên (gõ có dấu hay không dấu đều được) hoặc số CCCD đủ 12 chữ số.'}
        actions={<ExportButton path="/api/people/export.xlsx" query={{ q: values.q, villageId, status }} allowUnmask={can('people.cccd.reveal')} noun="người" />}
      />
      <Stack gap="sm" mb="md">
        <SearchInput value={values.q} onChange={(q) => set({ q })} placeholder="Ví dụ: nguyen thi hoa, hoặc 008190012345" autoFocus={!values.q} data-testid="people-search" />
        <Group gap="sm" wrap="nowrap">
          {!isVillageScoped && (
            <OrgUnitPicker value={villageId} onChange={(id) => set({ thon: id ? String(id) : null })} levels={['village']} placeholder="Tất cả thôn" clearable aria-label="Lọc theo thôn" style={{ flex: '1 1 0', maxWidth: 280 }} data-testid="people-village-filter" />
          )}
          <Select
            data={STATUS_FILTERS}
            value={status}
            onChange={(v) => set({ tt: v === 'resident' ? null : v })}
            aria-label="Trạng thái cư trú"
            style={{ flex: '0 0 140px' }}
          />
        </Group>
      </Stack>
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      {data && !isPlaceholderData && data.total > 0 && (
        <Text size="sm" c="dimmed" mb="xs" data-testid="people-count">
          {values.q ? `${totalLabel} khớp với “${values.q}”${data.searchedBy === 'cccd' ? ' (theo số CCCD)' : ''}` : totalLabel}
        </Text>
      )}
      <div style={{ opacity: isFetching && !isPending ? 0.6 : 1, transition: 'opacity 120ms' }}>
        <ListView
          rows={data?.items}
          loading={isPending}
          columns={columns}
          rowKey={(p) => p.id}
          rowHref={(p) => `/nhan-khau/${p.id}`}
          testId="people-list"
          empty={
            <Empty
              title={values.q ? `Không tìm thấy ai khớp với “${values.q}”` : 'Không có nhân khẩu'}
              description={values.q ? 'Kiểm tra lại chính tả, thử chỉ gõ tên (ví dụ “hoa”), hoặc chọn “Tất cả” ở trạng thái cư trú.' : undefined}
            />
          }
          card={(p) => (
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text fw={600} c="brand.8">{p.fullName}</Text>
                {p.status !== 'resident' ? <StatusBadge status={p.status} /> : <Text size="sm" c="dimmed" className="num">{p.age != null ? `${p.age} tuổi` : ''}</Text>}
              </Group>
              <Text size="sm" c="dimmed" className="num">
                {SEX_LABELS[p.sex]} · {formatBirth(p)}{p.cccdMasked ? ` · ${p.cccdMasked}` : ''}
              </Text>
              <Text size="sm" c="dimmed">
                {relationLabel(p.relationToHead)}{p.householdCode ? ` · hộ số ${p.householdCode}` : ''}{isVillageScoped ? '' : ` · ${p.villageName}`}
              </Text>
              <GroupBadges person={p} />
            </Stack>
          )}
        />
      </div>
      {data && data.total > 0 && <PaginationBar page={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => set({ trang: p })} noun="người" />}
    </>
  );
}
