// Truyền thông on the phone: the activities recorded on this phone and where each stands
// (waiting, sent, refused with the server's reason), and the way into recording a new one.
import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCheck, IconClock, IconPhoto, IconPlus, IconX } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../app/format.ts';
import { fieldDb, getMeta, type MyActivity } from './field-db.ts';
import { discardRefused } from './field-writes.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { VISIT_STATE_LABELS } from './FieldParts.tsx';

export function ActivityCard({ activity }: { activity: MyActivity }) {
  const [confirm, setConfirm] = useState(false);
  const color = activity.state === 'synced' ? 'teal' : activity.state === 'refused' ? 'red' : 'orange';
  const Icon = activity.state === 'synced' ? IconCheck : activity.state === 'refused' ? IconX : IconClock;
  return (
    <Card padding="sm" data-testid="my-activity" data-state={activity.state} data-activity-id={activity.id}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Text fw={600} size="sm">Ngày {formatDate(activity.activityOn)}</Text>
          <Badge color={color} variant="light" leftSection={<Icon size={12} />} data-testid="activity-state">{VISIT_STATE_LABELS[activity.state]}</Badge>
        </Group>
        <Text size="sm">{activity.summary}</Text>
        {activity.photoCount > 0 && (
          <Group gap={4}><IconPhoto size={14} /><Text size="xs" c="dimmed">{activity.photoCount} ảnh</Text></Group>
        )}
        {activity.state === 'refused' && (
          <Stack gap={6} p="xs" bg="red.0" style={{ borderRadius: 8 }}>
            <Text size="sm" c="red.9" fw={600} data-testid="refusal-reason">Lý do: {activity.error}</Text>
            {confirm ? (
              <Group grow>
                <Button variant="default" onClick={() => setConfirm(false)}>Giữ lại</Button>
                <Button color="red" onClick={() => void discardRefused(activity.mutationId)}>Xóa khỏi máy</Button>
              </Group>
            ) : (
              <Button variant="light" color="red" onClick={() => setConfirm(true)}>Xóa khỏi máy…</Button>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

export default function FieldCommunicationPage() {
  useDocumentTitle('Truyền thông · Tổ CNSCĐ');
  const activities = useLiveQuery(async () => (await fieldDb().myActivities.toArray()).sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)), []);
  const communication = useLiveQuery(() => getMeta('communication'), []);
  if (!activities) return null;
  const pending = activities.filter((a) => a.state === 'pending').length;
  const canRecord = communication?.canRecord ?? false;
  return (
    <Stack gap="sm">
      <FieldTitle title="Truyền thông" subtitle={`${activities.length} hoạt động ghi trên máy${pending ? ` · ${pending} chờ gửi` : ''}`} />
      {canRecord ? (
        <Button component={Link} to="/thuc-dia/truyen-thong/ghi" size="md" leftSection={<IconPlus size={20} />} data-testid="record-activity">Ghi hoạt động truyền thông</Button>
      ) : (
        <Alert color="gray" variant="light">
          {communication ? 'Trưởng thôn và tổ trưởng ghi hoạt động truyền thông của thôn.' : 'Cần đồng bộ một lần khi có mạng để tải các kênh truyền thông của thôn.'}
        </Alert>
      )}
      {activities.length === 0 ? (
        <Card padding="md"><Text size="sm" c="dimmed">Chưa ghi hoạt động nào trên máy này.</Text></Card>
      ) : (
        <Stack gap="xs" data-testid="my-activities">
          {activities.map((a) => <ActivityCard key={a.id} activity={a} />)}
        </Stack>
      )}
    </Stack>
  );
}
