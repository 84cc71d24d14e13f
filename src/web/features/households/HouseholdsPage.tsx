// Households of the area: filter by village, search by head's name, address or household
// number, paginated; each row opens the household.
import { Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconHomePlus, IconPhone, IconQrcode, IconUsers } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../app/api.ts';
import { formatNumber, joinDistinct } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import type { HouseholdSummary, Page } from '../../app/types.ts';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { ExportButton } from '../exports/ExportButton.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';

const PAGE_SIZE = 20;

export function householdTitle(h: { code: string | null; headName: string | null }): string {
  const code = h.code ? `Hộ số ${h.code}` : 'Hộ chưa có số';
  return h.headName ? `${code} · ${h.headName}` : code;
}

export function NoCapableBadge() {
  return (
    <Tooltip label="Không có thành viên sử dụng được kỹ năng số; cần thành viên Tổ CNSCĐ phụ trách" multiline w={240}>
      <Badge color="orange" variant="light" size="sm">Cần Tổ hỗ trợ</Badge>
    </Tooltip>
  );
}

export function HouseholdsPage() {
  const { can, isVillageScoped, me, scopeName } = useSession();
  const { tree } = useOrgUnits();
  const { values, page, set } = useUrlFilters(['thon', 'q'] as const);
  const villageId = values.thon ? Number(values.thon) : null;

  const { data, error, isFetching, isPending, isPlaceholderData, refetch } = useQuery({
    queryKey: ['households', { villageId, q: values.q, page }],
    queryFn: () => api.get<Page<HouseholdSummary>>('/api/households', { villageId, q: values.q, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });

  const village = villageId ? tree.byId.get(villageId) : undefined;
  // Door cards are printed a village at a time: the chosen one, or the account's own.
  const cardVillageId = villageId ?? (isVillageScoped ? me.orgUnit.id : null);
  const title = village ? `Hộ gia đình · ${village.name}` : isVillageScoped ? `Hộ gia đình · ${scopeName}` : 'Hộ gia đình';

  const columns: Column<HouseholdSummary>[] = [
    { key: 'code', header: 'Số hộ', nowrap: true, render: (h) => <Text fw={600} className="num">{h.code ?? '—'}</Text> },
    {
      key: 'head',
      header: 'Chủ hộ',
      render: (h) => (
        <Group gap={6}>
          <Text component={Link} to={`/ho-gia-dinh/${h.id}`} fw={600} c="brand.8" style={{ textDecoration: 'none' }}>{h.headName ?? 'Chưa có chủ hộ'}</Text>
          {h.noCapableMember && <NoCapableBadge />}
        </Group>
      ),
    },
    { key: 'address', header: 'Địa chỉ', render: (h) => <Text size="sm">{joinDistinct([h.address, h.hamletGroup]) || '—'}</Text> },
    ...(!isVillageScoped && !villageId ? [{ key: 'village', header: 'Thôn', render: (h: HouseholdSummary) => <Text size="sm">{h.villageName}</Text> }] : []),
    { key: 'members', header: 'Nhân khẩu', align: 'right', render: (h) => <span className="num">{formatNumber(h.memberCount)}</span> },
    { key: 'phone', header: 'Điện thoại', nowrap: true, render: (h) => <Text size="sm" className="num">{h.phone ?? '—'}</Text> },
  ];

  return (
    <>
      <PageHeader
        title={title}
        crumbs={village ? [{ label: 'Thôn, tổ dân phố', to: '/thon' }, { label: village.name }] : undefined}
        description={data && !isPlaceholderData ? `${formatNumber(data.total)} hộ${values.q ? ` khớp với “${values.q}”` : ''}` : 'Đang tải…'}
        actions={
          <>
            <ExportButton path="/api/households/export.xlsx" query={{ villageId, q: values.q }} noun="hộ" />
            {cardVillageId && (
              <Button variant="default" component={Link} to={`/the-qr?villageId=${cardVillageId}`} leftSection={<IconQrcode size={18} />} data-testid="print-cards">
                In thẻ QR
              </Button>
            )}
            {can('registry.write') && (
              <Button component={Link} to={villageId ? `/ho-gia-dinh/them?thon=${villageId}` : '/ho-gia-dinh/them'} leftSection={<IconHomePlus size={18} />}>
                Thêm hộ gia đình
              </Button>
            )}
          </>
        }
      />
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        {!isVillageScoped && (
          <OrgUnitPicker
            value={villageId}
            onChange={(id) => set({ thon: id ? String(id) : null })}
            levels={['village']}
            placeholder="Tất cả thôn"
            clearable
            aria-label="Lọc theo thôn"
            w={{ base: '100%', sm: 280 }}
            data-testid="village-filter"
          />
        )}
        <SearchInput grow value={values.q} onChange={(q) => set({ q })} placeholder="Tìm theo tên chủ hộ, địa chỉ hoặc số hộ" maw={480} data-testid="household-search" />
      </Group>
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      <div style={{ opacity: isFetching && !isPending ? 0.6 : 1, transition: 'opacity 120ms' }}>
        <ListView
          rows={data?.items}
          loading={isPending}
          columns={columns}
          rowKey={(h) => h.id}
          rowHref={(h) => `/ho-gia-dinh/${h.id}`}
          testId="household-list"
          empty={<Empty title={values.q ? 'Không tìm thấy hộ phù hợp' : 'Chưa có hộ gia đình'} description={values.q ? 'Thử từ khóa khác, hoặc bỏ bớt điều kiện lọc.' : undefined} />}
          card={(h) => (
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text fw={600} c="brand.8">{h.headName ?? 'Chưa có chủ hộ'}</Text>
                <Text size="sm" c="dimmed" className="num">{h.code ? `Hộ số ${h.code}` : ''}</Text>
              </Group>
              <Text size="sm" c="dimmed">{joinDistinct([h.address, h.hamletGroup, isVillageScoped ? null : h.villageName])}</Text>
              <Group gap="md">
                <Group gap={4}><IconUsers size={15} /><Text size="sm" className="num">{formatNumber(h.memberCount)} người</Text></Group>
                {h.phone && <Group gap={4}><IconPhone size={15} /><Text size="sm" className="num">{h.phone}</Text></Group>}
                {h.noCapableMember && <NoCapableBadge />}
              </Group>
            </Stack>
          )}
        />
      </div>
      {data && data.total > 0 && <PaginationBar page={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => set({ trang: p })} noun="hộ" />}
    </>
  );
}
