// "Việc cần làm" on the landing page: what this account must act on now, late work first,
// each row a link to the page where it is done.
import { Badge, Box, Card, Group, Stack, Text, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import {
  IconChevronRight,
  IconCircleCheck,
  IconDatabaseExclamation,
  IconFileCheck,
  IconFilePencil,
  IconFileImport,
  IconFileX,
  IconHomeHand,
  IconListCheck,
  IconLock,
  IconAlarm,
  IconSend,
  IconUserSearch,
  type Icon,
} from '@tabler/icons-react';
import { Link } from 'react-router';
import type { TodoItem, TodoKind } from '../../../shared/todos.ts';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { useTodos } from './todos.api.ts';

const KIND_ICONS: Record<TodoKind, { icon: Icon; color: string }> = {
  report_write: { icon: IconFilePencil, color: 'brand' },
  report_submit: { icon: IconSend, color: 'brand' },
  report_resend: { icon: IconFileX, color: 'orange' },
  report_review: { icon: IconFileCheck, color: 'teal' },
  report_approve: { icon: IconFileCheck, color: 'teal' },
  reports_missing: { icon: IconUserSearch, color: 'grape' },
  households_unassigned: { icon: IconHomeHand, color: 'orange' },
  import_unfinished: { icon: IconFileImport, color: 'cyan' },
  accounts_locked: { icon: IconLock, color: 'red' },
  task_due: { icon: IconListCheck, color: 'brand' },
  tasks_overdue: { icon: IconAlarm, color: 'orange' },
  backup_stale: { icon: IconDatabaseExclamation, color: 'red' },
};

function TodoRow({ item }: { item: TodoItem }) {
  const { icon: I, color } = KIND_ICONS[item.kind] ?? { icon: IconChevronRight, color: 'gray' };
  return (
    <UnstyledButton component={Link} to={item.href} className="todo-row" data-testid="todo-item" data-kind={item.kind} data-late={item.late ? 'true' : 'false'}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="light" color={item.late ? 'red' : color} size={36} radius="md" visibleFrom="xs" aria-hidden>
          <I size={20} stroke={1.7} />
        </ThemeIcon>
        <Box miw={0} style={{ flex: 1 }}>
          <Group gap={6} wrap="wrap" align="center">
            <Text fw={600} size="sm" c="brand.8">{item.title}</Text>
            {item.late ? <Badge color="red" variant="light" size="sm" tt="none">Trễ hạn</Badge> : null}
          </Group>
          {item.detail && <Text size="sm" c="dimmed" mt={2}>{item.detail}</Text>}
        </Box>
        <IconChevronRight size={18} color="var(--mantine-color-gray-5)" style={{ flexShrink: 0, alignSelf: 'center' }} aria-hidden />
      </Group>
    </UnstyledButton>
  );
}

export function TodoCard() {
  const { data, error, isPending, refetch } = useTodos();
  const items = data?.items ?? [];
  const late = items.filter((i) => i.late).length;
  return (
    <Card padding="md" data-testid="todo-card" aria-busy={isPending}>
      <Group justify="space-between" gap="xs" mb="xs">
        <Title order={2} fz="lg">Việc cần làm{data && items.length > 0 ? ` (${items.length})` : ''}</Title>
        {late > 0 && <Text size="sm" c="red.7" fw={600}>{late} việc đã trễ hạn</Text>}
      </Group>
      {error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : isPending ? (
        <LoadingBlock rows={2} />
      ) : items.length === 0 ? (
        <Group gap="xs" data-testid="todo-empty">
          <IconCircleCheck size={20} color="var(--mantine-color-teal-6)" />
          <Text size="sm" c="dimmed">Không có việc nào cần bạn xử lý ngay.</Text>
        </Group>
      ) : (
        <Stack gap={0} component="ul" className="todo-list">
          {items.map((item) => (
            <li key={item.key}><TodoRow item={item} /></li>
          ))}
        </Stack>
      )}
    </Card>
  );
}
