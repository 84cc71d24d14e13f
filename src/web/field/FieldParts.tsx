// Small pieces the field pages share: a person's digital status as chips, a visit's sync
// state, a recorded visit as a card.
import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconClock, IconMinus, IconX } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { STATUS_ITEM_LABELS } from '../../shared/support.ts';
import type { SyncPerson } from '../../shared/sync.ts';
import { formatDate } from '../app/format.ts';
import type { MyEvent, MyEventState } from './field-db.ts';
import { statusChips } from './field-rules.ts';
import { discardRefused } from './field-writes.ts';

export function StatusChips({ person, today }: { person: SyncPerson; today: string }) {
  const chips = statusChips(person, today);
  if (chips.length === 0) return null;
  return (
    <Group gap={6} data-testid="status-chips">
      {chips.map(({ item, achieved }) => (
        <Badge
          key={item}
          size="md"
          radius="sm"
          variant={achieved ? 'filled' : 'outline'}
          color={achieved ? 'teal' : 'gray'}
          leftSection={achieved ? <IconCheck size={12} /> : <IconMinus size={12} />}
          data-item={item}
          data-achieved={achieved ? 'yes' : 'no'}
          title={achieved ? `Từ ${formatDate(achieved)}` : 'Chưa có'}
        >
          {STATUS_ITEM_LABELS[item]}
        </Badge>
      ))}
    </Group>
  );
}

export const VISIT_STATE_LABELS = { pending: 'Chờ gửi', synced: 'Đã gửi', refused: 'Bị từ chối' } as const;

/** A record's sync state on this phone: waiting, sent, refused. */
export function StateBadge({ state, testId }: { state: MyEventState; testId: string }) {
  const color = state === 'synced' ? 'teal' : state === 'refused' ? 'red' : 'orange';
  const Icon = state === 'synced' ? IconCheck : state === 'refused' ? IconX : IconClock;
  return (
    <Badge color={color} variant="light" leftSection={<Icon size={12} />} data-testid={testId} data-state={state}>
      {VISIT_STATE_LABELS[state]}
    </Badge>
  );
}

export const VisitStateBadge = ({ event }: { event: MyEvent }) => <StateBadge state={event.state} testId="visit-state" />;

/** The server's reason for refusing a record, and removing it from the phone once read (never silently). */
export function RefusedBox({ error, mutationId, note, discardLabel = 'Xóa khỏi máy' }: { error: string | null; mutationId: string; note?: string; discardLabel?: string }) {
  const [confirm, setConfirm] = useState(false);
  return (
    <Stack gap={6} p="xs" bg="red.0" style={{ borderRadius: 8 }}>
      <Text size="sm" c="red.9" fw={600} data-testid="refusal-reason">Lý do: {error}</Text>
      {note && <Text size="xs" c="red.9">{note}</Text>}
      {confirm ? (
        <Group grow>
          <Button variant="default" onClick={() => setConfirm(false)}>Giữ lại</Button>
          <Button color="red" onClick={() => void discardRefused(mutationId)}>{discardLabel}</Button>
        </Group>
      ) : (
        <Button variant="light" color="red" onClick={() => setConfirm(true)}>Xóa khỏi máy…</Button>
      )}
    </Stack>
  );
}

/** A communication activity or a group session recorded on this phone: its day, state and summary. */
export function RecordedCard({ record, day, testId, stateTestId, attributes, children }: {
  record: { state: MyEventState; summary: string; error: string | null; mutationId: string };
  day: string;
  testId: string;
  stateTestId: string;
  attributes?: Record<`data-${string}`, string>;
  children?: ReactNode;
}) {
  return (
    <Card padding="sm" data-testid={testId} data-state={record.state} {...attributes}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          <Text fw={600} size="sm">Ngày {formatDate(day)}</Text>
          <StateBadge state={record.state} testId={stateTestId} />
        </Group>
        <Text size="sm">{record.summary}</Text>
        {children}
        {record.state === 'refused' && <RefusedBox error={record.error} mutationId={record.mutationId} />}
      </Stack>
    </Card>
  );
}

export function VisitCard({ event, showHousehold = true }: { event: MyEvent; showHousehold?: boolean }) {
  return (
    <Card padding="sm" data-testid="my-visit" data-state={event.state} data-event-id={event.id}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
          {showHousehold ? (
            <Text fw={600} size="sm" component={Link} to={`/thuc-dia/ho/${event.householdId}`} c="brand.8" style={{ minWidth: 0 }}>
              {event.householdLabel}
            </Text>
          ) : (
            <Text fw={600} size="sm">Ngày {formatDate(event.eventDate)}</Text>
          )}
          <VisitStateBadge event={event} />
        </Group>
        {showHousehold && <Text size="xs" c="dimmed">Ngày {formatDate(event.eventDate)} · ghi lúc {new Date(event.recordedAt).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' })}</Text>}
        <Stack gap={2}>
          {event.summary.map((line, i) => (
            <Text key={i} size="sm">{line}</Text>
          ))}
        </Stack>
        {event.state === 'refused' && (
          <RefusedBox
            error={event.error} mutationId={event.mutationId} discardLabel="Xóa lượt này"
            note="Lượt này chưa được ghi vào hệ thống và vẫn giữ trên máy. Bạn có thể xóa sau khi đã đọc, rồi ghi lại cho đúng nếu cần."
          />
        )}
      </Stack>
    </Card>
  );
}
