// Buổi hướng dẫn tập trung on the phone: the sessions recorded on this phone and where each
// stands (waiting, sent, refused with the server's reason), and the way into recording one.
import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCheck, IconClock, IconPlus, IconX } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDate } from '../app/format.ts';
import { fieldDb, getMeta, type MySession } from './field-db.ts';
import { discardRefused } from './field-writes.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { VISIT_STATE_LABELS } from './FieldParts.tsx';

function SessionCard({ session }: { session: MySession }) {
  const [confirm, setConfirm] = useState(false);
  const color = session.state === 'synced' ? 'teal' : session.state === 'refused' ? 'red' : 'orange';
  const Icon = session.state === 'synced' ? IconCheck : session.state === 'refused' ? IconX : IconClock;
  return (
    <Card padding="sm" data-testid="my-session" data-state={session.state}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Text fw={600} size="sm">Ngày {formatDate(session.sessionDate)}</Text>
          <Badge color={color} variant="light" leftSection={<Icon size={12} />} data-testid="session-state">{VISIT_STATE_LABELS[session.state]}</Badge>
        </Group>
        <Text size="sm">{session.summary}</Text>
        {session.state === 'refused' && (
          <Stack gap={6} p="xs" bg="red.0" style={{ borderRadius: 8 }}>
            <Text size="sm" c="red.9" fw={600}>Lý do: {session.error}</Text>
            {confirm ? (
              <Group grow>
                <Button variant="default" onClick={() => setConfirm(false)}>Giữ lại</Button>
                <Button color="red" onClick={() => void discardRefused(session.mutationId)}>Xóa khỏi máy</Button>
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
        <Stack gap="xs" data-testid="my-sessions">{sessions.map((s) => <SessionCard key={s.id} session={s} />)}</Stack>
      )}
    </Stack>
  );
}
