// Open sessions of an account (own: /api/auth/sessions; an admin looking at another account
// passes its sessions in), each ended on its own.
import { Badge, Button, Card, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconDeviceDesktop, IconDeviceMobile } from '@tabler/icons-react';
import { formatDateTime, fromNow } from '../../app/format.ts';
import type { SessionInfo } from '../../app/types.ts';
import { describeUserAgent, isPhoneUserAgent } from '../../app/user-agent.ts';

export function SessionList({ sessions, onEnd, endingId }: { sessions: SessionInfo[]; onEnd?: (s: SessionInfo) => void; endingId?: string | null }) {
  if (sessions.length === 0) return <Text size="sm" c="dimmed">Không có phiên nào đang mở.</Text>;
  return (
    <Stack gap="xs" data-testid="session-list">
      {sessions.map((s) => {
        const Icon = isPhoneUserAgent(s.userAgent) ? IconDeviceMobile : IconDeviceDesktop;
        return (
          <Card key={s.id} padding="sm" bg={s.current ? 'brand.0' : undefined} data-testid="session-item">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Group gap="sm" wrap="nowrap" miw={0}>
                <ThemeIcon variant="light" color={s.current ? 'brand' : 'gray'} size={40} radius="md"><Icon size={20} /></ThemeIcon>
                <Stack gap={0} miw={0}>
                  <Group gap={6}>
                    <Text size="sm" fw={600}>{describeUserAgent(s.userAgent)}</Text>
                    {s.current && <Badge size="sm" variant="filled">Phiên này</Badge>}
                  </Group>
                  <Text size="xs" c="dimmed">
                    Đăng nhập {formatDateTime(s.createdAt)}{s.ip ? ` · IP ${s.ip}` : ''}
                  </Text>
                  <Text size="xs" c="dimmed">Hoạt động gần nhất {fromNow(s.lastSeenAt)} · hết hạn {formatDateTime(s.expiresAt)}</Text>
                </Stack>
              </Group>
              {onEnd && !s.current && (
                <Button size="xs" variant="light" color="red" loading={endingId === s.id} onClick={() => onEnd(s)}>Đăng xuất phiên này</Button>
              )}
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}
