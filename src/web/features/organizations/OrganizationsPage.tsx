// Trường học, doanh nghiệp, HTX (/truong-hoc-doanh-nghiep): the commune's schools (with the
// villages they serve) and enterprises / cooperatives, each with its pupils or workers and how
// many have what the plan counts — HS for a school's pupils, LD for a cooperative's workers.
import { Anchor, Button, Group, Modal, MultiSelect, Progress, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconBuildingFactory2, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import { ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS, type OrganizationKind, type OrganizationSummary } from '../../../shared/organizations.ts';
import { errorMessage } from '../../app/api.ts';
import { formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { createOrganization, useOrganizations, useOrganizationsChanged } from './organizations.api.ts';

export const reachedLabel = (kind: OrganizationKind) => (kind === 'school' ? 'Học sinh được tập huấn (HS)' : 'Người lao động có kỹ năng số (LD)');

export function ReachedBar({ org }: { org: Pick<OrganizationSummary, 'people' | 'reached'> }) {
  const pct = org.people ? Math.round((org.reached / org.people) * 1000) / 10 : 0;
  return (
    <Stack gap={2} miw={150}>
      <Text size="sm" fw={600}>{formatNumber(org.reached)}/{formatNumber(org.people)} · {pct.toLocaleString('vi-VN')}%</Text>
      <Progress.Root size="sm">
        <Progress.Section value={pct} color={pct >= 80 ? 'teal' : pct >= 50 ? 'yellow' : 'red'} aria-label={`Đã đạt ${pct.toLocaleString('vi-VN')}%`} />
      </Progress.Root>
    </Stack>
  );
}

export function OrganizationsPage() {
  const session = useSession();
  const list = useOrganizations();
  const [adding, setAdding] = useState(false);
  const columns: Column<OrganizationSummary>[] = [
    {
      key: 'name', header: 'Tên',
      render: (r) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/truong-hoc-doanh-nghiep/${r.id}`} size="sm" fw={600} c="inherit">{r.name}</Anchor>
          <Text size="xs" c="dimmed">{ORGANIZATION_KIND_LABELS[r.kind]}{r.sector ? ` · ${r.sector}` : ''}{r.village ? ` · ${r.village.name}` : ''}</Text>
        </Stack>
      ),
    },
    { key: 'served', header: 'Thôn có học sinh', render: (r) => (r.kind === 'school' ? (r.servedVillages.length > 3 ? `${r.servedVillages.length} thôn` : r.servedVillages.map((v) => v.name).join(', ')) : '—'), width: 200 },
    { key: 'reached', header: 'Đạt / tổng số', render: (r) => <ReachedBar org={r} />, width: 190 },
    { key: 'sessions', header: 'Buổi hướng dẫn', align: 'right', render: (r) => formatNumber(r.sessions), width: 130, nowrap: true },
  ];
  return (
    <>
      <PageHeader
        title="Trường học, doanh nghiệp, hợp tác xã"
        description={`Học sinh THCS, THPT và người lao động trong doanh nghiệp, HTX — ${session.scopeName}`}
        crumbs={[{ label: 'Buổi hướng dẫn tập trung', to: '/buoi-huong-dan' }, { label: 'Trường học, doanh nghiệp, HTX' }]}
        actions={session.can('organizations.manage') && <Button leftSection={<IconPlus size={18} />} onClick={() => setAdding(true)}>Thêm đơn vị</Button>}
      />
      {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : (
        <ListView
          rows={list.data?.items ?? []}
          columns={columns}
          rowKey={(r) => r.id}
          rowHref={(r) => `/truong-hoc-doanh-nghiep/${r.id}`}
          card={(r) => (
            <Stack gap={4}>
              <Text size="sm" fw={600}>{r.name}</Text>
              <Text size="xs" c="dimmed">{ORGANIZATION_KIND_LABELS[r.kind]}</Text>
              <ReachedBar org={r} />
            </Stack>
          )}
          loading={list.isPending}
          testId="organization-list"
          minWidth={760}
          empty={<Empty icon={<IconBuildingFactory2 size={32} />} title="Chưa có trường học, doanh nghiệp hay hợp tác xã nào" />}
        />
      )}
      {adding && <AddOrganization onClose={() => setAdding(false)} />}
    </>
  );
}

function AddOrganization({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const units = useOrgUnits();
  const changed = useOrganizationsChanged();
  const communeId = session.me.orgUnit.level === 'commune' ? session.me.orgUnit.id : undefined;
  const villages = (units.data?.items ?? []).filter((u) => u.level === 'village' && u.parentId === communeId).map((v) => ({ value: String(v.id), label: v.name }));
  const [id] = useState(() => uuidv7());
  const [kind, setKind] = useState<OrganizationKind>('school');
  const [name, setName] = useState('');
  const [sector, setSector] = useState('');
  const [contact, setContact] = useState('');
  const [villageId, setVillageId] = useState<string | null>(null);
  const [served, setServed] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function save() {
    if (!communeId) return;
    setSaving(true);
    try {
      await createOrganization({ id, communeId, kind, name, sector: sector || null, contact: contact || null, villageId: villageId ? Number(villageId) : null, servedVillageIds: kind === 'school' ? served.map(Number) : [] });
      await changed();
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal opened onClose={onClose} title="Thêm trường học, doanh nghiệp, hợp tác xã" size="lg">
      <Stack gap="sm">
        <Select label="Loại" data={ORGANIZATION_KINDS.map((k) => ({ value: k, label: ORGANIZATION_KIND_LABELS[k] }))} value={kind} onChange={(v) => setKind((v ?? 'school') as OrganizationKind)} allowDeselect={false} />
        <TextInput label="Tên" value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        {kind !== 'school' && <TextInput label="Ngành nghề" value={sector} onChange={(e) => setSector(e.currentTarget.value)} />}
        <Select label="Thôn (nơi đặt trụ sở)" data={villages} value={villageId} onChange={setVillageId} searchable clearable />
        {kind === 'school' && <MultiSelect label="Các thôn có học sinh theo học" data={villages} value={served} onChange={setServed} searchable />}
        <TextInput label="Người liên hệ, số điện thoại" value={contact} onChange={(e) => setContact(e.currentTarget.value)} />
        {problem && <Text c="red" size="sm">{problem}</Text>}
        <Group justify="flex-end"><Button variant="default" onClick={onClose}>Hủy</Button><Button onClick={() => void save()} loading={saving} disabled={name.trim().length < 2}>Lưu</Button></Group>
      </Stack>
    </Modal>
  );
}
