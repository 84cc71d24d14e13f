// The field app's frame: works out who is logged in (from the server, or from the phone's
// memory when there is no network), starts the sync engine, and shows the header with the
// sync state on every page and the tab bar at the bottom.
import { Alert, Box, Button, Center, Group, Loader, Menu, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronLeft, IconClipboardList, IconDeviceDesktop, IconHome, IconHomeStar, IconLogout, IconWifiOff } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { Suspense, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../app/api.ts';
import { ME_KEY, useMeQuery } from '../app/session.tsx';
import type { Me } from '../app/types.ts';
import { useLogoutAnywhere } from '../features/accounts/logout.ts';
import { FieldSessionContext, type FieldSession } from './field-context.ts';
import { clearFieldData, fieldDb, getMetas, setMeta, wipeKeepingOutbox, type FieldAccount } from './field-db.ts';
import { SyncStatusBar, useOutboxCounts, pendingPhrase } from './SyncStatus.tsx';
import { markAuthExpired, startSyncEngine, syncNow } from './sync-engine.ts';
import { registerFieldWorker, takeUpdate } from './pwa.ts';
import './field.css';
import { LogoMark } from '../components/LogoMark.tsx';

export const FIELD_HOME = '/thuc-dia';

function toAccount(me: Me): FieldAccount {
  return { id: me.id, username: me.username, fullName: me.fullName, role: me.role, roleLabel: me.roleLabel, permissions: me.permissions, orgUnit: me.orgUnit };
}

const LOADING = Symbol('loading');

function Logo({ subtitle }: { subtitle: string }) {
  return (
    <Group gap={10} wrap="nowrap">
      <LogoMark />
      <Box lh={1.15}>
        <Text fw={700} size="sm" c="brand.8">Tổ CNSCĐ</Text>
        <Text size="xs" c="dimmed">{subtitle}</Text>
      </Box>
    </Group>
  );
}

function initials(name: string): string {
  return name.trim().split(/\s+/).pop()?.slice(0, 1).toUpperCase() || '?';
}

function PageLoader() {
  return <Center mih="40vh" role="status" aria-label="Đang tải"><Loader /></Center>;
}

function FullScreen({ children }: { children: ReactNode }) {
  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Box w="100%" maw={420}>
        <Center mb="lg"><Logo subtitle="Ứng dụng thực địa" /></Center>
        {children}
      </Box>
    </Center>
  );
}

export default function FieldLayout() {
  const location = useLocation();
  const queryClient = useQueryClient();
  const meQuery = useMeQuery();
  const stored = useLiveQuery(() => getMetas(['account', 'memberId', 'team', 'village'] as const), [], LOADING);
  const counts = useOutboxCounts();
  const [clearing, setClearing] = useState(false);
  const me = meQuery.data;
  const cached = stored === LOADING ? undefined : stored.account;
  const networkDown = meQuery.fetchStatus === 'paused' || (meQuery.error instanceof ApiError && meQuery.error.status === 0);
  const meSettled = meQuery.status !== 'pending' || meQuery.fetchStatus === 'paused';

  // The session ended while the app was open: keep working from the phone's memory (a form
  // being filled must not vanish); the header asks to log in again. At start it is a login.
  const hadSession = useRef(false);
  const expiredMidway = me === null && hadSession.current && Boolean(cached);
  // The account the pages work for: the server's answer, else the phone's memory.
  const account: FieldAccount | null = me ? toAccount(me) : me === null && !expiredMidway ? null : (cached ?? null);
  // Nothing is decided about the phone's data before its owner is known.
  const known = stored !== LOADING && counts !== undefined;
  const otherAccount = Boolean(me && cached && cached.id !== me.id);
  useEffect(() => {
    if (expiredMidway) markAuthExpired();
  }, [expiredMidway]);

  useEffect(() => {
    registerFieldWorker();
  }, []);

  // A new release took over the service worker: load it now that the volunteer moved on.
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    if (location.pathname !== firstPath.current && takeUpdate()) window.location.reload();
  }, [location.pathname]);

  // A different account logged in on this phone with nothing left to send: start afresh.
  useEffect(() => {
    if (known && otherAccount && counts && counts.total === 0 && !clearing) {
      setClearing(true);
      void clearFieldData().finally(() => setClearing(false));
    }
  }, [known, otherAccount, counts, clearing]);

  // Remember the live account for the next start without network.
  useEffect(() => {
    if (known && me && !otherAccount && !clearing && me.permissions.includes('field.sync')) void setMeta('account', toAccount(me));
  }, [known, me, otherAccount, clearing]);

  const accountId = known && account && !otherAccount && !clearing && account.permissions.includes('field.sync') ? account.id : null;
  const liveRef = useRef(false);
  liveRef.current = Boolean(me);
  useEffect(() => {
    if (!accountId || !meSettled) return;
    return startSyncEngine({
      accountId,
      liveSession: liveRef.current,
      onSession: (next) => {
        // A live answer replaces the remembered one; a 401 is shown as a banner (the form
        // being filled must not vanish), the volunteer logs in again from there.
        if (next) queryClient.setQueryData(ME_KEY, next);
      },
    });
  }, [accountId, meSettled, queryClient]);

  const session = useMemo<FieldSession | null>(() => {
    if (!account || stored === LOADING) return null;
    return { account, live: Boolean(me), memberId: stored.memberId ?? null, team: stored.team ?? null, village: stored.village ?? null };
  }, [account, me, stored]);

  if (stored === LOADING || counts === undefined || clearing) return <Center mih="100dvh"><Loader /></Center>;

  if (me === null && !expiredMidway) {
    const next = `/dang-nhap?tiep=${encodeURIComponent(location.pathname + location.search)}`;
    if (cached && counts.total > 0) return <SessionExpiredScreen count={pendingPhrase(counts.visits, counts.edits)} loginTo={next} />;
    return <Navigate to={next} replace />;
  }
  if (me?.mustChangePassword) return <Navigate to="/doi-mat-khau" replace />;
  if (otherAccount && cached) return <OtherAccountScreen previous={cached} count={pendingPhrase(counts.visits, counts.edits)} onCleared={() => setClearing(false)} />;
  if (!account) {
    if (!meSettled && !networkDown) return <Center mih="100dvh"><Loader /></Center>;
    return (
      <FullScreen>
        <Alert color="orange" icon={<IconWifiOff />} title="Cần có mạng cho lần đầu">
          Máy chưa có dữ liệu của bạn. Hãy kết nối mạng và đăng nhập một lần; sau đó ứng dụng dùng được cả khi không có sóng.
        </Alert>
        <Button mt="md" fullWidth size="md" onClick={() => meQuery.refetch()}>Thử lại</Button>
      </FullScreen>
    );
  }
  if (!account.permissions.includes('field.sync')) {
    return (
      <FullScreen>
        <Alert color="orange" icon={<IconAlertTriangle />} title="Ứng dụng thực địa dành cho Tổ CNSCĐ">
          Tài khoản của bạn không dùng ứng dụng thực địa. Hãy dùng bản đầy đủ của hệ thống.
        </Alert>
        <Button mt="md" fullWidth size="md" component={Link} to="/">Về trang tổng quan</Button>
      </FullScreen>
    );
  }

  hadSession.current = true;
  return (
    <FieldSessionContext.Provider value={session}>
      <FieldFrame>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </FieldFrame>
    </FieldSessionContext.Provider>
  );
}

function SessionExpiredScreen({ count, loginTo }: { count: string; loginTo: string }) {
  return (
    <FullScreen>
      <Alert color="orange" icon={<IconAlertTriangle />} title="Phiên đăng nhập đã hết hạn" data-testid="session-expired">
        Phiên đăng nhập đã hết hạn – đăng nhập lại để gửi {count}. Các lượt vẫn được giữ an toàn trên máy.
      </Alert>
      <Button mt="md" fullWidth size="md" component={Link} to={loginTo}>Đăng nhập lại</Button>
    </FullScreen>
  );
}

/** Someone else logged in on a phone that still holds another volunteer's unsent work. */
function OtherAccountScreen({ previous, count, onCleared }: { previous: FieldAccount; count: string; onCleared: () => void }) {
  const logout = useLogoutAnywhere();
  const [confirm, setConfirm] = useState(false);
  return (
    <FullScreen>
      <Alert color="orange" icon={<IconAlertTriangle />} title="Máy này còn dữ liệu chưa gửi của người khác" data-testid="other-account">
        Còn {count} của {previous.fullName} ({previous.username}) chưa gửi lên máy chủ. Để gửi, {previous.fullName} cần đăng nhập trên máy này.
      </Alert>
      <Stack mt="md" gap="sm">
        <Button fullWidth size="md" onClick={() => void logout()}>Đăng xuất để {previous.fullName} đăng nhập</Button>
        {confirm ? (
          <Button
            fullWidth
            size="md"
            color="red"
            onClick={() => void clearFieldData().then(onCleared)}
          >
            Xác nhận xóa {count} của {previous.fullName}
          </Button>
        ) : (
          <Button fullWidth size="md" variant="default" onClick={() => setConfirm(true)}>Xóa dữ liệu của {previous.fullName}</Button>
        )}
      </Stack>
    </FullScreen>
  );
}

const TABS = [
  { to: FIELD_HOME, label: 'Trang chủ', icon: IconHome, exact: true },
  { to: `${FIELD_HOME}/ho`, label: 'Hộ gia đình', icon: IconHomeStar, exact: false },
  { to: `${FIELD_HOME}/luot`, label: 'Lượt đã ghi', icon: IconClipboardList, exact: false },
];

function FieldFrame({ children }: { children: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const isHome = location.pathname === FIELD_HOME || location.pathname === `${FIELD_HOME}/`;
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);
  return (
    <Box className="field-app" mih="100dvh" bg="gray.0">
      <header className="field-header">
        <Group h={56} px="xs" justify="space-between" wrap="nowrap" gap="xs">
          {isHome ? (
            <Box pl={4}><Logo subtitle="Ứng dụng thực địa" /></Box>
          ) : (
            <UnstyledButton className="field-back" onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(FIELD_HOME))} aria-label="Quay lại">
              <Group gap={4} wrap="nowrap"><IconChevronLeft size={24} /><Text fw={600}>Quay lại</Text></Group>
            </UnstyledButton>
          )}
          <AccountMenu />
        </Group>
        <SyncStatusBar />
      </header>
      <Box component="main" px="sm" pt="sm" pb={88} maw={720} mx="auto">{children}</Box>
      <nav className="field-tabs" aria-label="Điều hướng ứng dụng thực địa">
        {TABS.map((tab) => {
          const active = tab.exact ? isHome : location.pathname.startsWith(tab.to);
          return (
            <Link key={tab.to} to={tab.to} className="field-tab" data-active={active || undefined} aria-current={active ? 'page' : undefined}>
              <tab.icon size={24} stroke={1.7} />
              <span>{tab.label}</span>
            </Link>
          );
        })}
      </nav>
    </Box>
  );
}

function AccountMenu() {
  const session = useContextSession();
  const logout = useFieldLogout();
  const counts = useOutboxCounts();
  const [askLogout, setAskLogout] = useState(false);
  if (!session) return null;
  const { account, village } = session;
  return (
    <Menu position="bottom-end" width={280} shadow="md" onClose={() => setAskLogout(false)} closeOnItemClick={false}>
      <Menu.Target>
        <UnstyledButton aria-label="Tài khoản" data-testid="field-user-menu" className="field-avatar">
          {initials(account.fullName)}
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Box px="sm" py={6}>
          <Text size="sm" fw={600}>{account.fullName}</Text>
          <Text size="xs" c="dimmed">{account.roleLabel}{village ? ` · ${village.name}` : ''}</Text>
        </Box>
        <Menu.Divider />
        <Menu.Item component={Link} to="/" leftSection={<IconDeviceDesktop size={18} />}>Mở bản đầy đủ</Menu.Item>
        {askLogout && counts && counts.total > 0 ? (
          <Box px="sm" py={6}>
            <Text size="sm" mb="xs">Còn {pendingPhrase(counts.visits, counts.edits)} chưa gửi. Chúng vẫn được giữ trên máy; đăng nhập lại bằng tài khoản này để gửi.</Text>
            <Button fullWidth color="red" onClick={() => void logout()}>Vẫn đăng xuất</Button>
          </Box>
        ) : (
          <Menu.Item color="red" leftSection={<IconLogout size={18} />} onClick={() => (counts && counts.total > 0 ? setAskLogout(true) : void logout())}>
            Đăng xuất
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * Logging out of the field app: what waits is sent first (when the network lets it), then the
 * phone's data are wiped; unsent work that remains stays sealed for the next password login.
 */
function useFieldLogout() {
  const logout = useLogoutAnywhere();
  return async () => {
    await Promise.race([syncNow(), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (await fieldDb().outbox.count()) await wipeKeepingOutbox('logout');
    else await clearFieldData();
    await logout();
  };
}

function useContextSession() {
  return useContext(FieldSessionContext);
}

/** The page title block of a field page. */
export function FieldTitle({ title, subtitle, right }: { title: ReactNode; subtitle?: ReactNode; right?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm" gap="xs">
      <Box miw={0}>
        <Title order={1} fz={21} lh={1.3}>{title}</Title>
        {subtitle && <Text size="sm" c="dimmed" mt={2}>{subtitle}</Text>}
      </Box>
      {right}
    </Group>
  );
}
