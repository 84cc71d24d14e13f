// Kênh truyền thông của các thôn (/truyen-thong/kenh): which channels each village has (a
// mountain village may have no loudspeaker); Phòng VH-XH sets them, and the activity forms of
// the desk and the phone offer only what a village has.
import { Button, Card, Group, Stack, Switch, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconEdit, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { COMM_CHANNEL_LABELS, COMM_CHANNEL_SHORT, VILLAGE_CHANNELS, type VillageChannel, type VillageChannelsView } from '../../../shared/communication.ts';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { setVillageChannels, useCommChanged, useVillageChannels } from './communication.api.ts';

function EditModal({ village, onClose }: { village: VillageChannelsView; onClose: () => void }) {
  const [channels, setChannels] = useState<VillageChannel[]>(village.channels);
  const [saving, setSaving] = useState(false);
  const changed = useCommChanged();
  const patch = (i: number, p: Partial<VillageChannel>) => setChannels((all) => all.map((c, j) => (j === i ? { ...c, ...p } : c)));
  const save = async () => {
    setSaving(true);
    try {
      await setVillageChannels(village.villageId, { channels: channels.map((c) => ({ channel: c.channel, available: c.available, note: c.note?.trim() || null })) });
      changed();
      notifySaved(`Đã lưu kênh truyền thông của ${village.name}.`);
      onClose();
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <ResponsiveModal opened onClose={onClose} title={<Text fw={650}>Kênh truyền thông · {village.name}</Text>}>
      <Stack gap="sm" data-testid="channels-form">
        {channels.map((c, i) => (
          <Group key={c.channel} gap="sm" wrap="nowrap" align="flex-start">
            <Switch
              checked={c.available}
              onChange={(e) => patch(i, { available: e.currentTarget.checked })}
              label={COMM_CHANNEL_LABELS[c.channel]}
              w={260}
              mt={6}
              data-channel={c.channel}
            />
            <TextInput
              placeholder={c.available ? 'Ghi chú (không bắt buộc)' : 'Vì sao không có, ví dụ: chưa có cụm loa'}
              value={c.note ?? ''}
              onChange={(e) => patch(i, { note: e.currentTarget.value })}
              maxLength={200}
              style={{ flex: 1 }}
              aria-label={`Ghi chú: ${COMM_CHANNEL_LABELS[c.channel]}`}
            />
          </Group>
        ))}
        <Text size="xs" c="dimmed">Mạng xã hội và tin, bài của Trung tâm Dịch vụ công là kênh của xã, không đặt theo thôn.</Text>
        <Group justify="flex-end" gap="sm" mt="xs">
          <Button variant="default" onClick={onClose}>Hủy</Button>
          <Button onClick={() => void save()} loading={saving} data-testid="save-channels">Lưu</Button>
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}

function Mark({ channel }: { channel: VillageChannel }) {
  const icon = channel.available ? <IconCheck size={18} color="var(--mantine-color-teal-7)" aria-label="Có" /> : <IconX size={18} color="var(--mantine-color-red-7)" aria-label="Không có" />;
  return channel.note ? <Tooltip label={channel.note} withArrow><span>{icon}</span></Tooltip> : icon;
}

export function ChannelsPage() {
  const session = useSession();
  const isMobile = useIsMobile();
  const list = useVillageChannels();
  const [editing, setEditing] = useState<VillageChannelsView | null>(null);
  const manage = session.can('communication.manage');
  return (
    <>
      <PageHeader
        title="Kênh truyền thông của các thôn"
        crumbs={[{ label: 'Truyền thông', to: '/truyen-thong' }, { label: 'Kênh của các thôn' }]}
        description="Thôn nào có loa truyền thanh, nhóm Zalo… Khi ghi hoạt động, chỉ các kênh thôn có mới được chọn."
      />
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {!list.data && !list.error && <LoadingBlock />}
      {list.data && (isMobile ? (
        <Stack gap="xs">
          {list.data.map((v) => (
            <Card key={v.villageId} padding="sm">
              <Group justify="space-between" mb={6}>
                <Text fw={600}>{v.name}</Text>
                {manage && <Button size="compact-sm" variant="light" onClick={() => setEditing(v)}>Sửa</Button>}
              </Group>
              <Text size="sm">Không có: {v.channels.filter((c) => !c.available).map((c) => COMM_CHANNEL_LABELS[c.channel]).join(', ') || 'không thiếu kênh nào'}</Text>
            </Card>
          ))}
        </Stack>
      ) : (
        <Card padding={0} style={{ overflow: 'hidden' }}>
          <Table striped highlightOnHover data-testid="channels-table">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th><Text size="xs" fw={700} c="dimmed">Thôn</Text></Table.Th>
                {VILLAGE_CHANNELS.map((c) => <Table.Th key={c} ta="center"><Text size="xs" fw={700} c="dimmed">{COMM_CHANNEL_SHORT[c]}</Text></Table.Th>)}
                <Table.Th><Text size="xs" fw={700} c="dimmed">Cập nhật</Text></Table.Th>
                {manage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((v) => (
                <Table.Tr key={v.villageId} data-village={v.villageId}>
                  <Table.Td><Text size="sm" fw={600}>{v.name}</Text></Table.Td>
                  {v.channels.map((c) => <Table.Td key={c.channel} ta="center" data-channel={c.channel} data-available={c.available ? 'yes' : 'no'}><Mark channel={c} /></Table.Td>)}
                  <Table.Td><Text size="xs" c="dimmed">{v.updatedAt ? `${formatDateTime(v.updatedAt)}${v.updatedBy ? ` · ${v.updatedBy}` : ''}` : 'Chưa khai: có đủ các kênh'}</Text></Table.Td>
                  {manage && <Table.Td><Button size="compact-sm" variant="subtle" leftSection={<IconEdit size={14} />} onClick={() => setEditing(v)}>Sửa</Button></Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
      {editing && <EditModal village={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
