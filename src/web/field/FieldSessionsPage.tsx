// Buổi hướng dẫn tập trung on the phone: the sessions recorded on this phone and where each
// stands (waiting, sent, refused with the server's reason), and the way into recording one.
import { Alert, Button, Card, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router';
import { fieldDb, getMeta } from './field-db.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { RecordedCard } from './FieldParts.tsx';

export default function FieldSessionsPage() {
  useDocumentTitle('Buổi hướng dẫn tập trung · Tổ CNSCĐ');
  const sessions = useLiveQuery(async () => (await fieldDb().mySessions.toArray()).sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)), []);
  const places = useLiveQuery(() => getMeta('groupSessions'), []);
  if (!sessions) return null;
  const pending = sessions.filter((s) => s.state === 'pending').length;
  return (
    <Stack gap="sm">
      <FieldTitle title="Buổi hướng dẫn tập trung" subtitle={`${sessions.length} buổi ghi trên máy${pending ? ` · ${pending} chờ gửi` : ''}`} />
      {places?.canRecord ? (
        <Button component={Link} to="/thuc-dia/buoi-huong-dan/ghi" size="md" leftSection={<IconPlus size={20} />} data-testid="record-session">Ghi buổi hướng dẫn</Button>
      ) : (
        <Alert color="gray" variant="light">
          {places ? 'Tổ trưởng Tổ CNSCĐ ghi buổi hướng dẫn tập trung của thôn.' : 'Cần đồng bộ một lần khi có mạng để tải danh sách trường học, doanh nghiệp của xã.'}
        </Alert>
      )}
      {sessions.length === 0 ? (
        <Card padding="md"><Text size="sm" c="dimmed">Chưa ghi buổi nào trên máy này. Một lớp ở trường, ở hợp tác xã hay ở nhà văn hóa: mỗi người tham dự được ghi một lượt hỗ trợ.</Text></Card>
      ) : (
        <Stack gap="xs" data-testid="my-sessions">{sessions.map((s) => <RecordedCard key={s.id} record={s} day={s.sessionDate} testId="my-session" stateTestId="session-state" />)}</Stack>
      )}
    </Stack>
  );
}
