// The sync state under the header of every field page: what is waiting, what was refused,
// whether the network is there, when the phone last synced. Tapping it syncs now.
import { Badge, Button, Group, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCloudCheck, IconCloudUpload, IconLoader2, IconLogin, IconWifiOff } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';
import { useNavigate } from 'react-router';
import { ME_KEY } from '../app/session.tsx';
import { fieldDb, getMeta } from './field-db.ts';
import { getSyncSnapshot, subscribeSync, syncNow } from './sync-engine.ts';

export interface OutboxCounts {
  /** Visits not yet accepted (pending or being sent). */
  visits: number;
  /** Phone / smartphone edits not yet accepted. */
  edits: number;
  refused: number;
  /** Everything still in the outbox, refusals included. */
  total: number;
}

export function useOutboxCounts(): OutboxCounts | undefined {
  return useLiveQuery(async () => {
    const rows = await fieldDb().outbox.toArray();
    let visits = 0;
    let edits = 0;
    let refused = 0;
    for (const row of rows) {
      if (row.state === 'refused') refused += 1;
      else if (row.kind === 'support.record') visits += 1;
      else edits += 1;
    }
    return { visits, edits, refused, total: rows.length };
  }, []);
}

/** "2 lượt", "1 thay đổi", "2 lượt và 1 thay đổi". */
export function pendingPhrase(visits: number, edits: number): string {
  const parts = [];
  if (visits) parts.push(`${visits} lượt`);
  if (edits) parts.push(`${edits} thay đổi`);
  return parts.join(' và ') || '0 lượt';
}

export function useSyncState() {
  return useSyncExternalStore(subscribeSync, getSyncSnapshot);
}

export function syncedAtText(iso: string | undefined): string {
  if (!iso) return 'Chưa đồng bộ lần nào';
  const at = new Date(iso);
  const now = new Date();
  const time = at.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
  if (at.toDateString() === now.toDateString()) return `Đã đồng bộ lúc ${time}`;
  return `Đã đồng bộ lúc ${time} ngày ${at.toLocaleDateString('vi-VN', { day: '2-digit', month: '2-digit' })}`;
}

export function SyncStatusBar() {
  const state = useSyncState();
  const counts = useOutboxCounts();
  const lastSyncAt = useLiveQuery(() => getMeta('lastSyncAt'), []);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  if (!counts) return <div className="field-sync" />;
  const waiting = counts.visits + counts.edits;
  const waitingText = waiting ? `${pendingPhrase(counts.visits, counts.edits)} chưa gửi` : null;
  const refusedText = counts.refused ? `${counts.refused} lượt bị từ chối` : null;

  if (state.authExpired) {
    return (
      <div className="field-sync" data-tone="warn">
        <Group gap={6} wrap="nowrap" miw={0} style={{ flex: 1 }}>
          <IconLogin size={18} style={{ flexShrink: 0 }} />
          <Text size="sm" fw={600} data-testid="sync-status" lh={1.25}>
            Phiên đăng nhập đã hết hạn – đăng nhập lại để gửi {pendingPhrase(counts.visits, counts.edits)}
          </Text>
        </Group>
        <Button
          size="xs"
          color="orange"
          onClick={() => {
            queryClient.setQueryData(ME_KEY, null);
            navigate(`/dang-nhap?tiep=${encodeURIComponent(location.pathname)}`);
          }}
        >
          Đăng nhập lại
        </Button>
      </div>
    );
  }

  let tone: 'ok' | 'busy' | 'warn' | 'bad' = 'ok';
  let icon = <IconCloudCheck size={18} style={{ flexShrink: 0 }} />;
  let text = syncedAtText(lastSyncAt);
  if (state.sending) {
    tone = 'busy';
    icon = <IconLoader2 size={18} className="field-spin" style={{ flexShrink: 0 }} />;
    text = 'Đang gửi…';
  } else if (state.running) {
    tone = 'busy';
    icon = <IconLoader2 size={18} className="field-spin" style={{ flexShrink: 0 }} />;
    text = 'Đang đồng bộ…';
  } else if (state.offline) {
    tone = 'warn';
    icon = <IconWifiOff size={18} style={{ flexShrink: 0 }} />;
    text = 'Mất kết nối – sẽ tự gửi lại';
  } else if (counts.refused) {
    tone = 'bad';
    icon = <IconAlertTriangle size={18} style={{ flexShrink: 0 }} />;
    text = refusedText!;
  } else if (waiting) {
    tone = 'warn';
    icon = <IconCloudUpload size={18} style={{ flexShrink: 0 }} />;
    text = waitingText!;
  } else if (state.lastError) {
    tone = 'warn';
    icon = <IconAlertTriangle size={18} style={{ flexShrink: 0 }} />;
    text = state.lastError;
  }
  // The main line says the most urgent thing; the badges keep the counts in view.
  const extra = [waitingText && text !== waitingText ? waitingText : null, refusedText && text !== refusedText ? refusedText : null].filter(Boolean);
  return (
    <UnstyledButton
      className="field-sync"
      data-tone={tone}
      onClick={() => void syncNow()}
      aria-label={`${text}. Chạm để đồng bộ ngay`}
      disabled={state.running}
    >
      <Group gap={6} wrap="nowrap" miw={0} style={{ flex: 1 }}>
        {icon}
        <Text size="sm" fw={600} data-testid="sync-status" lh={1.3}>{text}</Text>
      </Group>
      <Group gap={4} wrap="nowrap">
        {extra.map((e) => (
          <Badge key={e} size="sm" variant="white" color={e === refusedText ? 'red' : 'orange'} data-testid={e === refusedText ? 'sync-refused' : 'sync-pending'}>
            {e}
          </Badge>
        ))}
      </Group>
    </UnstyledButton>
  );
}
