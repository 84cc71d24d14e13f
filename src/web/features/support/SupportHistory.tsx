// A household's support history, newest first: who helped, what was done for whom and with
// what outcome. Corrected events stay visible, struck through, beside their correction.
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { NOT_DONE_REASON_LABELS, SUPPORT_ACTION_LABELS, SUPPORT_CHANNEL_LABELS, type SupportOutcome } from '../../../shared/support.ts';
import { formatDate, formatDateTime } from '../../app/format.ts';
import { Empty } from '../../components/states.tsx';
import type { SupportActionView, SupportEventView } from './support.api.ts';

const OUTCOME_COLORS: Record<SupportOutcome, string> = { done: 'teal', already_had: 'blue', not_done: 'orange' };

function actionText(a: SupportActionView): string {
  const what = SUPPORT_ACTION_LABELS[a.action] + (a.procedureName ? `: ${a.procedureName}` : '') + (a.appName ? `: ${a.appName}` : '');
  if (a.outcome === 'done') return what;
  if (a.outcome === 'already_had') return `${what} (đã có từ trước)`;
  return `${what} – chưa được: ${a.reason ? NOT_DONE_REASON_LABELS[a.reason] : ''}`;
}

export function SupportHistory({ events, onCorrect }: { events: SupportEventView[]; onCorrect?: (event: SupportEventView) => void }) {
  return (
    <Card padding="lg" data-testid="support-history">
      <Title order={2} fz="md" mb="sm">Lịch sử hỗ trợ ({events.length})</Title>
      {events.length === 0 ? (
        <Empty title="Chưa có lượt hỗ trợ nào" description="Lượt đến hộ của Tổ CNSCĐ và hỗ trợ tại Trung tâm phục vụ hành chính công hiện ở đây." />
      ) : (
        <Stack gap="md">
          {events.map((e) => {
            const replaced = Boolean(e.correctedByEventId);
            const byPerson = new Map<string, SupportActionView[]>();
            for (const a of e.actions) byPerson.set(a.personName, [...(byPerson.get(a.personName) ?? []), a]);
            return (
              // A replaced event is set apart by a grey ground and its struck date, not by fading
              // (faded text falls below the 4.5:1 contrast everyone must be able to read).
              <Stack key={e.id} gap={4} bg={replaced ? 'gray.1' : undefined} p={replaced ? 'xs' : undefined} style={replaced ? { borderRadius: 8 } : undefined} data-testid="support-event">
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Group gap={6}>
                    <Text fw={600} className="num" td={replaced ? 'line-through' : undefined}>{formatDate(e.eventDate)}</Text>
                    <Badge variant="light" color={e.channel === 'visit' ? 'grape' : e.channel === 'group_session' ? 'teal' : 'indigo'} tt="none">{SUPPORT_CHANNEL_LABELS[e.channel]}</Badge>
                    {e.correctsEventId && <Badge variant="light" color="orange" tt="none">Lượt sửa</Badge>}
                    {replaced && <Badge variant="outline" color="gray.8" tt="none">Đã được sửa</Badge>}
                  </Group>
                  {/* A group session's event is corrected through its session (Buổi hướng dẫn tập trung). */}
                  {onCorrect && !replaced && e.channel !== 'group_session' && (
                    <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} />} onClick={() => onCorrect(e)}>Sửa lượt này</Button>
                  )}
                </Group>
                <Text size="sm" c="dimmed">
                  {e.helpers.length ? `Người hỗ trợ: ${e.helpers.map((h) => h.fullName).join(', ')} · ` : ''}Ghi bởi {e.recordedBy.fullName}, {formatDateTime(e.recordedAt)}
                  {e.informed ? ' · Đã thông tin cho hộ' : ''}
                </Text>
                {[...byPerson].map(([name, actions]) => (
                  <div key={name}>
                    <Text size="sm" fw={500}>{name}</Text>
                    {actions.map((a) => (
                      // Full sentences, not badges: a procedure's name can be long and must not be cut.
                      <Text key={a.action} size="sm" c={`${OUTCOME_COLORS[a.outcome]}.9`} pl="sm">• {actionText(a)}</Text>
                    ))}
                  </div>
                ))}
                {e.note && <Text size="sm">Ghi chú: {e.note}</Text>}
              </Stack>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
