// Every page behind login: waits for the account, sends strangers to the login page and
// accounts with a temporary password to the change-password page, then shows the shell.
import { Button, Center, EmptyState, Loader } from '@mantine/core';
import { IconWifiOff } from '@tabler/icons-react';
import { Suspense, useMemo } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { errorMessage } from './api.ts';
import { makeSession, SessionProvider, useMeQuery } from './session.tsx';
import { Shell } from './Shell.tsx';

export function PageLoader() {
  return (
    <Center mih="40vh" role="status" aria-label="Đang tải">
      <Loader />
    </Center>
  );
}

export function ProtectedLayout() {
  const location = useLocation();
  const { data: me, isPending, error, refetch } = useMeQuery();
  const session = useMemo(() => (me ? makeSession(me) : null), [me]);

  if (isPending) return <Center mih="100vh"><Loader /></Center>;
  if (error && !me) {
    return (
      <Center mih="100vh" p="md">
        <EmptyState icon={<IconWifiOff size={32} />} variant="light" color="orange" title="Không tải được dữ liệu" description={errorMessage(error)}>
          <EmptyState.Actions>
            <Button onClick={() => refetch()}>Thử lại</Button>
          </EmptyState.Actions>
        </EmptyState>
      </Center>
    );
  }
  if (!me || !session) {
    const next = location.pathname + location.search;
    const to = next === '/' ? '/dang-nhap' : `/dang-nhap?tiep=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  if (me.mustChangePassword) return <Navigate to="/doi-mat-khau" replace />;

  return (
    <SessionProvider value={session}>
      <Shell>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </Shell>
    </SessionProvider>
  );
}
