// The audit log, read-only: who did what to which record and when, with before/after of
// each change, filtered by record type, action, record and dates.
import { Anchor, Badge, Button, Code, Group, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { fieldLabel } from '../../../shared/validation.ts';
import { api } from '../../app/api.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { actionLabel, AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, entityLabel, relationLabel, SEX_LABELS, STATUS_LABELS } from '../../app/labels.ts';
import { ROLE_LABELS, type Role } from '../../../shared/roles.ts';
import type { AuditEntry, Page } from '../../app/types.ts';
import { FilterBar } from '../../components/FilterBar.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { todayInVietnam } from '../../../shared/calendar.ts';

const PAGE_SIZE = 30;
type Entry = AuditEntry & { username?: string | null };

const ACTION_COLORS: Record<string, string> = {
  create: 'teal', update: 'brand', move: 'indigo', end_residence: 'orange', reveal_cccd: 'red', disable: 'red', enable: 'teal',
  reset_password: 'yellow', login_failed: 'red', refused: 'red', cccd_conflict: 'orange', read: 'gray', search: 'gray', login: 'gray', logout: 'gray',
};

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const EXTRA_LABELS: Record<string, string> = {
  isStudent: 'Học sinh', isWorker: 'Lao động DN/HTX', isTeamMember: 'Thành viên Tổ CNSCĐ', isOfficial: 'CBCCVC', statusDate: 'Ngày đổi trạng thái',
  noCapableMember: 'Không ai dùng được KNS', disabled: 'Đã khóa', mustChangePassword: 'Phải đổi mật khẩu', villageName: 'Thôn', headName: 'Tên chủ hộ',
  memberCount: 'Số nhân khẩu', householdCode: 'Số hộ', orgUnitName: 'Tên đơn vị', roleLabel: 'Tên vai trò', active: 'Đang sử dụng', dissolvedAt: 'Ngày giải thể',
  fromHousehold: 'Từ hộ', toHousehold: 'Đến hộ', results: 'Số kết quả', all: 'Tất cả phiên', path: 'Đường dẫn', id: 'Mã', ids: 'Bản ghi đã xem',
};
const label = (key: string) => {
  const k = camel(key);
  return EXTRA_LABELS[k] ?? fieldLabel(k);
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOUSEHOLD_KEYS = new Set(['household_id', 'householdId', 'fromHousehold', 'toHousehold', 'head_person_id']);

/** A stored value as a person reads it: labels for codes, Vietnamese dates, links for records. */
function show(key: string, value: unknown): React.ReactNode {
  if (value === null || value === undefined || value === '') return '—';
  const k = camel(key);
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'string') {
    if (k === 'relationToHead') return relationLabel(value);
    if (k === 'sex') return SEX_LABELS[value as keyof typeof SEX_LABELS] ?? value;
    if (k === 'status' || k === 'reason') return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value;
    if (k === 'role') return ROLE_LABELS[value as Role] ?? value;
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
    if (UUID.test(value) && HOUSEHOLD_KEYS.has(key) && key !== 'head_person_id') return <Anchor component={Link} to={`/ho-gia-dinh/${value}`} size="sm">Mở hộ</Anchor>;
    if (UUID.test(value) && key === 'head_person_id') return <Anchor component={Link} to={`/nhan-khau/${value}`} size="sm">Mở nhân khẩu</Anchor>;
    return value;
  }
  if (Array.isArray(value)) return `${value.length} bản ghi`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function diff(before: unknown, after: unknown): { key: string; before: unknown; after: unknown }[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !['version', 'createdAt', 'updatedAt', 'created_at', 'updated_at'].includes(k));
  return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => ({ key: k, before: b[k], after: a[k] }));
}

function entityLink(e: Entry): string | null {
  if (!e.entityId) return null;
  if (e.entity === 'person') return `/nhan-khau/${e.entityId}`;
  if (e.entity === 'household') return `/ho-gia-dinh/${e.entityId}`;
  return null;
}

function ChangeDetail({ entry, onClose }: { entry: Entry; onClose: () => void }) {
  const changes = entry.before || entry.after ? diff(entry.before, entry.after) : [];
  const detail = entry.detail && typeof entry.detail === 'object' ? Object.entries(entry.detail as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null) : [];
  return (
    <ResponsiveModal opened onClose={onClose} title={<Text fw={650} fz="lg">{actionLabel(entry.action)} · {entityLabel(entry.entity)}</Text>}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {formatDateTime(entry.at)} · {entry.accountName ?? 'Không rõ'}{entry.username ? ` (${entry.username})` : ''}{entry.ip ? ` · IP ${entry.ip}` : ''}
        </Text>
        {changes.length > 0 && (
          <ScrollArea>
            <Table withTableBorder withColumnBorders fz="sm" miw={420} data-testid="audit-diff">
              <Table.Thead><Table.Tr><Table.Th>Thông tin</Table.Th><Table.Th>Trước</Table.Th><Table.Th>Sau</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {changes.map((c) => (
                  <Table.Tr key={c.key}>
                    <Table.Td fw={600}>{label(c.key)}</Table.Td>
                    <Table.Td c="dimmed">{show(c.key, c.before)}</Table.Td>
                    <Table.Td>{show(c.key, c.after)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
        {detail.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>Chi tiết</Text>
            {detail.map(([k, v]) => (
              <Text key={k} size="sm"><Text span c="dimmed">{label(k)}:</Text> {show(k, v)}</Text>
            ))}
          </Stack>
        )}
        {changes.length === 0 && detail.length === 0 && <Text size="sm" c="dimmed">Không có thông tin thay đổi kèm theo.</Text>}
        {entry.entityId && <Text size="xs" c="dimmed">Mã bản ghi: <Code>{entry.entityId}</Code></Text>}
      </Stack>
    </ResponsiveModal>
  );
}

export default function AuditPage() {
  const { values, page, set } = useUrlFilters(['doituong', 'hanhdong', 'ma', 'tu', 'den'] as const);
  const [open, setOpen] = useState<Entry | null>(null);
  const query = { entity: values.doituong, action: values.hanhdong, entityId: values.ma, from: values.tu, to: values.den, page, pageSize: PAGE_SIZE };
  const { data, error, isPending, isFetching, refetch } = useQuery({
    queryKey: ['audit', query],
    queryFn: () => api.get<Page<Entry>>('/api/audit', query),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.values(values).some(Boolean);

  const columns: Column<Entry>[] = [
    { key: 'at', header: 'Thời gian', nowrap: true, render: (e) => <Text size="sm" className="num">{formatDateTime(e.at)}</Text> },
    { key: 'who', header: 'Người thực hiện', render: (e) => <Stack gap={0}><Text size="sm" fw={600}>{e.accountName ?? '—'}</Text>{e.username && <Text size="xs" c="dimmed">{e.username}</Text>}</Stack> },
    { key: 'action', header: 'Hành động', render: (e) => <Badge variant="light" color={ACTION_COLORS[e.action] ?? 'gray'} tt="none">{actionLabel(e.action)}</Badge> },
    {
      key: 'entity',
      header: 'Đối tượng',
      render: (e) => {
        const href = entityLink(e);
        const name = summaryName(e);
        return (
          <Stack gap={0}>
            <Text size="sm">{entityLabel(e.entity)}</Text>
            {href ? <Anchor component={Link} to={href} size="xs">{name ?? 'Mở bản ghi'}</Anchor> : name && <Text size="xs" c="dimmed">{name}</Text>}
          </Stack>
        );
      },
    },
    { key: 'detail', header: '', align: 'right', render: (e) => <Button size="compact-sm" variant="subtle" onClick={() => setOpen(e)}>Chi tiết</Button> },
  ];

  return (
    <>
      <PageHeader title="Nhật ký hệ thống" description="Mọi thay đổi dữ liệu và mọi lượt xem thông tin cá nhân đều được ghi lại, không sửa hay xóa được." />
      <FilterBar>
        <Select
          label="Đối tượng"
          data={Object.entries(AUDIT_ENTITY_LABELS).map(([value, l]) => ({ value, label: l }))}
          value={values.doituong || null}
          onChange={(v) => set({ doituong: v })}
          placeholder="Tất cả"
          clearable
          allowDeselect
          w={{ sm: 180 }}
        />
        <Select
          label="Hành động"
          data={Object.entries(AUDIT_ACTION_LABELS).filter(([k]) => k !== 'view').map(([value, l]) => ({ value, label: l }))}
          value={values.hanhdong || null}
          onChange={(v) => set({ hanhdong: v })}
          placeholder="Tất cả"
          clearable
          allowDeselect
          searchable
          w={{ sm: 200 }}
        />
        <VnDateInput label="Từ ngày" value={values.tu || null} onChange={(v) => set({ tu: v })} clearable w={{ sm: 160 }} maxDate={todayInVietnam()} />
        <VnDateInput label="Đến ngày" value={values.den || null} onChange={(v) => set({ den: v })} clearable w={{ sm: 160 }} maxDate={todayInVietnam()} />
        {values.ma && <TextInput label="Mã bản ghi" value={values.ma} readOnly w={200} />}
        {filtered && <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={() => set({ doituong: null, hanhdong: null, ma: null, tu: null, den: null })}>Bỏ lọc</Button>}
      </FilterBar>
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      <div style={{ opacity: isFetching && !isPending ? 0.6 : 1 }}>
        <ListView
          rows={data?.items}
          loading={isPending}
          columns={columns}
          rowKey={(e) => String(e.id)}
          testId="audit-list"
          empty={<Empty title="Không có mục nhật ký phù hợp" />}
          card={(e) => (
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap">
                <Badge variant="light" color={ACTION_COLORS[e.action] ?? 'gray'} tt="none">{actionLabel(e.action)}</Badge>
                <Text size="xs" c="dimmed" className="num">{formatDateTime(e.at)}</Text>
              </Group>
              <Text size="sm"><b>{e.accountName ?? '—'}</b> · {entityLabel(e.entity)}{summaryName(e) ? `: ${summaryName(e)}` : ''}</Text>
              <Group gap="xs">
                <Button size="xs" variant="light" onClick={() => setOpen(e)}>Chi tiết</Button>
                {entityLink(e) && <Button size="xs" variant="subtle" component={Link} to={entityLink(e)!}>Mở bản ghi</Button>}
              </Group>
            </Stack>
          )}
        />
      </div>
      {data && data.total > 0 && <PaginationBar page={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => set({ trang: p })} noun="mục" />}
      {open && <ChangeDetail entry={open} onClose={() => setOpen(null)} />}
    </>
  );
}

/** A readable line about the entry: the record's name, what was searched, when a move happened. */
function summaryName(e: Entry): string | null {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  if (e.action === 'search' && typeof d.q === 'string') return `“${d.q}”${typeof d.results === 'number' ? ` · ${d.results} kết quả` : ''}`;
  if (e.action === 'list' && typeof d.results === 'number') return `${d.results} kết quả`;
  const snap = (e.after ?? e.before) as Record<string, unknown> | null;
  const name = snap && typeof snap === 'object' ? (snap.full_name ?? snap.fullName ?? snap.name ?? snap.headName ?? snap.username) : null;
  const parts = [typeof name === 'string' ? name : null];
  if (e.action === 'end_residence' && typeof d.reason === 'string') parts.push(`${d.reason === 'deceased' ? 'qua đời' : 'chuyển đi'} ${typeof d.date === 'string' ? formatDate(d.date) : ''}`.trim());
  if (e.action === 'move' && typeof d.date === 'string') parts.push(`ngày ${formatDate(d.date)}`);
  const text = parts.filter(Boolean).join(' · ');
  return text || null;
}
