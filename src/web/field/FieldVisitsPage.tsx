// Everything recorded on this phone and where it stands: waiting, sent, or refused with
// the server's reason (kept until the volunteer has read it and removes it).
import { Alert, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { HouseholdContact, PersonContact } from '../../shared/sync.ts';
import { formatDate } from '../app/format.ts';
import { fieldDb, type OutboxRow } from './field-db.ts';
import { useMyEvents } from './field-data.ts';
import { FieldTitle } from './FieldLayout.tsx';
import { VisitCard } from './FieldParts.tsx';
import { discardRefused } from './field-writes.ts';

type Filter = 'all' | 'pending' | 'refused';

export default function FieldVisitsPage() {
  useDocumentTitle('Lượt đã ghi · Tổ CNSCĐ');
  const events = useMyEvents();
  const edits = useLiveQuery(() => fieldDb().outbox.filter((r) => r.kind === 'person.contact' || r.kind === 'household.contact').toArray(), []);
  const [filter, setFilter] = useState<Filter>('all');
  if (!events || !edits) return null;
  const shown = events.filter((e) => filter === 'all' || e.state === filter);
  const refused = events.filter((e) => e.state === 'refused').length;
  const pending = events.filter((e) => e.state === 'pending').length;

  return (
    <Stack gap="sm">
      <FieldTitle title="Lượt đã ghi trên máy" subtitle={`${events.length} lượt · ${pending} chờ gửi · ${refused} bị từ chối`} />
      <SegmentedControl
        fullWidth
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={[
          { value: 'all', label: 'Tất cả' },
          { value: 'pending', label: `Chờ gửi (${pending})` },
          { value: 'refused', label: `Từ chối (${refused})` },
        ]}
      />
      {shown.length === 0 ? (
        <Card padding="md"><Text size="sm" c="dimmed">Không có lượt nào.</Text></Card>
      ) : (
        <Stack gap="xs" data-testid="all-visits">
          {shown.map((e) => <VisitCard key={e.id} event={e} />)}
        </Stack>
      )}
      {edits.length > 0 && (
        <>
          <Text fw={600} mt="sm">Thay đổi số điện thoại, điện thoại thông minh</Text>
          <Stack gap="xs">
            {edits.map((row) => <EditCard key={row.id} row={row} />)}
          </Stack>
        </>
      )}
    </Stack>
  );
}

function EditCard({ row }: { row: OutboxRow }) {
  const [confirm, setConfirm] = useState(false);
  const fields = (row.payload as PersonContact | HouseholdContact).fields as Record<string, unknown>;
  const said = Object.entries(fields).map(([k, v]) =>
    k === 'phone' ? `Số điện thoại: ${v ?? 'bỏ trống'}` : k === 'hasSmartphone' ? `Điện thoại thông minh: ${v === null ? 'chưa rõ' : v ? 'có' : 'không có'}` : `Hộ không có người dùng thiết bị số: ${v ? 'có' : 'không'}`,
  );
  return (
    <Card padding="sm" data-testid="my-edit" data-state={row.state}>
      <Text size="sm" fw={600}>{row.kind === 'person.contact' ? 'Nhân khẩu' : 'Hộ gia đình'} · {formatDate(row.createdAt)}</Text>
      {said.map((s) => <Text key={s} size="sm">{s}</Text>)}
      {row.state === 'refused' ? (
        <Alert color="red" variant="light" mt={6} title="Bị từ chối">
          <Text size="sm">{row.error}</Text>
          <Group mt={6}>
            {confirm ? (
              <Button color="red" onClick={() => void discardRefused(row.id)}>Xóa thay đổi này</Button>
            ) : (
              <Button variant="light" color="red" onClick={() => setConfirm(true)}>Xóa khỏi máy…</Button>
            )}
          </Group>
        </Alert>
      ) : (
        <Text size="xs" c="orange.8" mt={4}>Chờ gửi{row.error ? ` · lần gửi trước: ${row.error}` : ''}</Text>
      )}
    </Card>
  );
}
