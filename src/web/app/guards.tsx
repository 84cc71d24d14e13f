// Pages shown instead of content: no permission, nothing at this address, a crash.
import { Button, Center, EmptyState, Group } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconMapQuestion } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useRouteError } from 'react-router';
import type { Permission } from '../../shared/roles.ts';
import { useSession } from './session.tsx';

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { can } = useSession();
  if (!can(permission)) return <ForbiddenPage />;
  return <>{children}</>;
}

export function ForbiddenPage() {
  return (
    <Center mih="60vh" data-testid="forbidden">
      <EmptyState
        icon={<IconLock size={32} />}
        variant="light"
        color="orange"
        title="Bạn không có quyền xem trang này"
        description="Trang này dành cho vai trò khác. Nếu bạn cần quyền truy cập, hãy liên hệ quản trị viên hệ thống."
      >
        <EmptyState.Actions>
          <Button component={Link} to="/">Về trang tổng quan</Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}

export function NotFoundPage({ title, description }: { title?: string; description?: string }) {
  return (
    <Center mih="60vh" data-testid="not-found">
      <EmptyState
        icon={<IconMapQuestion size={32} />}
        variant="light"
        color="gray"
        title={title ?? 'Không tìm thấy trang'}
        description={description ?? 'Địa chỉ này không tồn tại hoặc đã được thay đổi.'}
      >
        <EmptyState.Actions>
          <Group justify="center">
            <Button variant="default" onClick={() => history.back()}>Quay lại</Button>
            <Button component={Link} to="/">Về trang tổng quan</Button>
          </Group>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}

export function RouteErrorPage() {
  const error = useRouteError();
  console.error(error);
  return (
    <Center mih="80vh" p="md">
      <EmptyState
        icon={<IconAlertTriangle size={32} />}
        variant="light"
        color="red"
        title="Đã có lỗi khi hiển thị trang"
        description="Vui lòng tải lại trang. Nếu lỗi lặp lại, hãy báo cho quản trị viên."
      >
        <EmptyState.Actions>
          <Button onClick={() => location.reload()}>Tải lại trang</Button>
        </EmptyState.Actions>
      </EmptyState>
    </Center>
  );
}
