// Đợt truyền thông (/truyen-thong/dot): the commune's campaigns with their period and how many
// activities each has; Phòng VH-XH creates and corrects them.
import { Anchor, Button, Card, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { v7 as uuidv7 } from 'uuid';
import type { CommCampaignView } from '../../../shared/communication.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { ApiError } from '../../app/api.ts';
import { formatDate, formatNumber } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { notifyError, notifySaved, stripLabel } from '../../components/forms.ts';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { VnDateInput } from '../../components/VnDateInput.tsx';
import { createCampaign, updateCampaign, useCampaigns, useCommChanged } from './communication.api.ts';

function CampaignModal({ campaign, communeId, onClose }: { campaign: CommCampaignView | null; communeId: number; onClose: () => void }) {
  const year = todayInVietnam().slice(0, 4);
  const [name, setName] = useState(campaign?.name ?? '');
  const [startsOn, setStartsOn] = useState(campaign?.startsOn ?? `${year}-01-01`);
  const [endsOn, setEndsOn] = useState(campaign?.endsOn ?? `${year}-12-31`);
  const [description, setDescription] = useState(campaign?.description ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const changed = useCommChanged();
  const save = async () => {
    setSaving(true);
    try {
      if (campaign) await updateCampaign(campaign.id, { version: campaign.version, name, startsOn, endsOn, description });
      else await createCampaign({ id: uuidv7(), orgUnitId: communeId, name, startsOn, endsOn, description });
      changed();
      notifySaved(campaign ? 'Đã lưu đợt truyền thông.' : 'Đã tạo đợt truyền thông.');
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) setErrors(Object.fromEntries(error.fields.map((f) => [f.path, stripLabel(f.path, f.message)])));
      else notifyError(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <ResponsiveModal opened onClose={onClose} title={<Text fw={650}>{campaign ? 'Sửa đợt truyền thông' : 'Đợt truyền thông mới'}</Text>}>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Stack gap="sm">
          <TextInput label="Tên đợt" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} maxLength={300} placeholder='Ví dụ: Chiến dịch "Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn"' data-autofocus />
          <Group grow>
            <VnDateInput label="Từ ngày" required value={startsOn} onChange={(v) => setStartsOn(v ?? '')} error={errors.startsOn} />
            <VnDateInput label="Đến ngày" required value={endsOn} onChange={(v) => setEndsOn(v ?? '')} error={errors.endsOn} />
          </Group>
          <Textarea label="Mô tả" autosize minRows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} />
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={onClose}>Hủy</Button>
            <Button type="submit" loading={saving}>{campaign ? 'Lưu' : 'Tạo đợt'}</Button>
          </Group>
        </Stack>
      </form>
    </ResponsiveModal>
  );
}

export function CampaignsPage() {
  const session = useSession();
  const { me } = session;
  const list = useCampaigns();
  const [editing, setEditing] = useState<CommCampaignView | null | 'new'>(null);
  const manage = session.can('communication.manage') && me.orgUnit.level === 'commune';
  const columns: Column<CommCampaignView>[] = [
    { key: 'name', header: 'Đợt truyền thông', render: (c) => <Stack gap={2}><Text size="sm" fw={600}>{c.name}</Text>{c.description && <Text size="xs" c="dimmed" lineClamp={2}>{c.description}</Text>}</Stack> },
    { key: 'period', header: 'Thời gian', render: (c) => `${formatDate(c.startsOn)} – ${formatDate(c.endsOn)}`, nowrap: true },
    { key: 'count', header: 'Hoạt động', align: 'right', render: (c) => <Anchor component={Link} to={`/truyen-thong?dot=${c.id}&thang=${c.endsOn < todayInVietnam() ? c.endsOn.slice(0, 7) : todayInVietnam().slice(0, 7)}`} className="num">{formatNumber(c.activities)}</Anchor> },
    ...(manage ? [{ key: 'edit', header: '', render: (c: CommCampaignView) => <Button size="compact-sm" variant="subtle" leftSection={<IconEdit size={14} />} onClick={() => setEditing(c)}>Sửa</Button> }] : []),
  ];
  return (
    <>
      <PageHeader
        title="Đợt truyền thông"
        crumbs={[{ label: 'Truyền thông', to: '/truyen-thong' }, { label: 'Đợt truyền thông' }]}
        description="Các đợt, chiến dịch truyền thông của xã; mỗi hoạt động có thể ghi thuộc một đợt."
        actions={manage ? <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')} data-testid="new-campaign">Thêm đợt</Button> : undefined}
      />
      {list.error ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <ListView
          rows={list.data}
          loading={list.isPending}
          columns={columns}
          rowKey={(c) => c.id}
          testId="campaign-list"
          minWidth={640}
          card={(c) => (
            <Stack gap={4}>
              <Text size="sm" fw={600}>{c.name}</Text>
              <Text size="sm" c="dimmed">{formatDate(c.startsOn)} – {formatDate(c.endsOn)} · {formatNumber(c.activities)} hoạt động</Text>
              {manage && <Group><Button size="compact-sm" variant="light" onClick={() => setEditing(c)}>Sửa</Button></Group>}
            </Stack>
          )}
          empty={<Card padding="lg"><Empty title="Chưa có đợt truyền thông nào" description={manage ? 'Thêm đợt để các thôn ghi hoạt động theo đợt.' : undefined} /></Card>}
        />
      )}
      {editing && <CampaignModal campaign={editing === 'new' ? null : editing} communeId={me.orgUnit.id} onClose={() => setEditing(null)} />}
    </>
  );
}
