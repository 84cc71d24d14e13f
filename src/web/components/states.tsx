// Loading, failure and emptiness, said the same way on every page.
import { Alert, Button, Center, EmptyState, Group, Loader, Skeleton, Stack } from '@mantine/core';
import { IconAlertCircle, IconSearchOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../app/api.ts';
import { NotFoundPage } from '../app/guards.tsx';

export function LoadingBlock({ rows = 5 }: { rows?: number }) {
  return (
    <Stack gap="xs" role="status" aria-label="Đang tải" aria-busy>
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={44} radius="md" />
      ))}
    </Stack>
  );
}

export function CenterLoader() {
  return (
    <Center mih={200} role="status" aria-label="Đang tải">
      <Loader />
    </Center>
  );
}

export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} title={title ?? 'Không tải được dữ liệu'} role="alert">
      <Stack gap="xs" align="flex-start">
        <div>{errorMessage(error)}</div>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>Thử lại</Button>
        )}
      </Stack>
    </Alert>
  );
}

/** A detail page's error: "not found" (also what another village's record looks like) or a failure. */
export function DetailError({ error, onRetry, notFoundTitle }: { error: unknown; onRetry?: () => void; notFoundTitle: string }) {
  if (error instanceof ApiError && error.status === 404) {
    return <NotFoundPage title={notFoundTitle} description="Bản ghi không tồn tại hoặc nằm ngoài phạm vi bạn được xem." />;
  }
  return <ErrorAlert error={error} onRetry={onRetry} />;
}

export function Empty({ title, description, action, icon }: { title: string; description?: ReactNode; action?: ReactNode; icon?: ReactNode }) {
  return (
    <Center py="xl">
      <EmptyState icon={icon ?? <IconSearchOff size={28} />} withIndicatorBackground title={title} description={description} size="sm">
        {action && (
          <EmptyState.Actions>
            <Group justify="center">{action}</Group>
          </EmptyState.Actions>
        )}
      </EmptyState>
    </Center>
  );
}
