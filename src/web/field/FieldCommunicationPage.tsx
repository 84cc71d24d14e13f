// Truyền thông on the phone: the activities recorded on this phone and where each stands
// (waiting, sent, refused with the server's reason), and the way into recording a new one.
import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPhoto, IconPlus } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { fieldDb, getMeta, type MyActivity } from './field-db.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { RecordedCard } from './FieldParts.tsx';

export function ActivityCard({ activity }: { activity: MyActivity }) {
  return (
    <RecordedCard record={activity} day={activity.activityOn} testId="my-activity" stateTestId="activity-state" attributes={{ 'data-activity-id': activity.id }}>
      {activity.photoCount > 0 && (
        <Group gap={4}><IconPhoto size={14} /><Text size="xs" c="dimmed">{activity.photoCount} ảnh</Text></Group>
      )}
    </RecordedCard>
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
