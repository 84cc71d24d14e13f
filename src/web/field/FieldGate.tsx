// The door of the field app: nothing of the phone's data is opened before the PIN. Asks for
// it on every start (with or without network), sets it at the first online login, and shows
// what happened after a wipe (5 wrong PINs, a session ended from the server, a logout with
// work unsent) until the account logs in again with its password.
import { Alert, Anchor, Box, Button, Center, Group, Loader, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconLock, IconWifiOff } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../app/api.ts';
import { ME_KEY, useMeQuery } from '../app/session.tsx';
import type { Me } from '../app/types.ts';
import { LogoMark } from '../components/LogoMark.tsx';
import { useLogoutAnywhere } from '../features/accounts/logout.ts';
import FieldLayout from './FieldLayout.tsx';
import { isUnlocked, onLockChange, setKeys } from './field-crypto.ts';
import { clearFieldData, getVault, type VaultRow } from './field-db.ts';
import { MAX_PIN_FAILURES, endSessionAfterWipe, pinProblem, setPin, unlock } from './field-lock.ts';
import { pendingPhrase, useOutboxCounts } from './SyncStatus.tsx';

const LOADING = Symbol('loading');
/** Hidden this long, the app locks again (a phone put down in the village). */
const RELOCK_AFTER_MS = 5 * 60_000;

function LockFrame({ children }: { children: ReactNode }) {
  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Box w="100%" maw={400}>
        <Group gap={10} wrap="nowrap" justify="center" mb="lg">
          <LogoMark />
          <Box lh={1.15}>
            <Text fw={700} size="sm" c="brand.8">Tổ CNSCĐ</Text>
            <Text size="xs" c="dimmed">Ứng dụng thực địa</Text>
          </Box>
        </Group>
        {children}
      </Box>
    </Center>
  );
}

function useRelockWhenHidden(): void {
  useEffect(() => {
    let hiddenAt: number | null = null;
    const onChange = () => {
      if (document.visibilityState === 'hidden') hiddenAt = Date.now();
      else if (hiddenAt !== null && Date.now() - hiddenAt > RELOCK_AFTER_MS && isUnlocked()) setKeys(null);
      if (document.visibilityState === 'visible') hiddenAt = null;
    };
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
}

export default function FieldGate() {
  const location = useLocation();
  const unlocked = useSyncExternalStore(onLockChange, isUnlocked);
  const vault = useLiveQuery(async () => (await getVault()) ?? null, [], LOADING);
  const meQuery = useMeQuery();
  const me = meQuery.data;
  const networkDown = meQuery.fetchStatus === 'paused' || (meQuery.error instanceof ApiError && meQuery.error.status === 0);
  useRelockWhenHidden();

  if (vault === LOADING) return <Center mih="100dvh"><Loader aria-label="Đang tải" /></Center>;
  const otherOwner = Boolean(vault && me && vault.accountId !== me.id);

  if (vault?.pin) {
    if (otherOwner) return <OtherOwnerScreen vault={vault} />;
    if (unlocked) return <FieldLayout />;
    return <PinEntryScreen vault={vault} />;
  }
  // No PIN on this phone's data: first use, or after a wipe.
  if (vault?.wiped && vault.mustEndSession) return <WipedScreen vault={vault} />;
  const loginTo = `/dang-nhap?tiep=${encodeURIComponent(location.pathname + location.search)}`;
  if (me === null) return <Navigate to={loginTo} replace />;
  if (!me) {
    if (!networkDown) return <Center mih="100dvh"><Loader aria-label="Đang tải" /></Center>;
    return (
      <LockFrame>
        <Alert color="orange" icon={<IconWifiOff />} title="Cần có mạng để đăng nhập">
          {vault?.wiped
            ? 'Dữ liệu trên máy đã được xóa. Hãy kết nối mạng và đăng nhập lại; các lượt chưa gửi sẽ được gửi sau đó.'
            : 'Máy chưa có dữ liệu của bạn. Hãy kết nối mạng và đăng nhập một lần; sau đó ứng dụng dùng được cả khi không có sóng.'}
        </Alert>
        <Button mt="md" fullWidth size="md" onClick={() => void meQuery.refetch()}>Thử lại</Button>
      </LockFrame>
    );
  }
  if (me.mustChangePassword) return <Navigate to="/doi-mat-khau" replace />;
  // Desk accounts: the field layout says this app is not theirs (it holds nothing to lock).
  if (!me.permissions.includes('field.sync')) return <FieldLayout />;
  if (otherOwner && vault) return <OtherOwnerScreen vault={vault} />;
  return <PinSetupScreen me={me} vault={vault} />;
}

function PinField({ label, value, onChange, error, autoFocus, testId }: {
  label: string; value: string; onChange: (v: string) => void; error?: string | null; autoFocus?: boolean; testId: string;
}) {
  return (
    <PasswordInput
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value.replace(/\D/g, '').slice(0, 12))}
      error={error || undefined}
      inputMode="numeric"
      autoComplete="off"
      size="lg"
      autoFocus={autoFocus}
      data-testid={testId}
      styles={{ input: { letterSpacing: '0.3em', fontSize: 24 } }}
    />
  );
}

function PinSetupScreen({ me, vault }: { me: Me; vault: VaultRow | null }) {
  const counts = useOutboxCounts();
  const [pin, setPinValue] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [againError, setAgainError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const unsent = counts ? counts.visits + counts.edits : 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problem = pinProblem(pin);
    setError(problem);
    setAgainError(!problem && pin !== again ? 'Hai lần nhập mã PIN không khớp.' : null);
    if (problem || pin !== again) return;
    setSaving(true);
    try {
      await setPin(me, pin);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Không đặt được mã PIN. Hãy kiểm tra mạng và thử lại.');
      setSaving(false);
    }
  };

  return (
    <LockFrame>
      <form onSubmit={(e) => void submit(e)} data-testid="pin-setup">
        <Stack gap="md">
          <div>
            <Title order={1} fz={22}>Đặt mã PIN cho ứng dụng</Title>
            <Text size="sm" c="dimmed" mt={4}>
              Xin chào {me.fullName}. Dữ liệu người dân trên máy được mã hóa bằng mã PIN này; mỗi lần mở ứng dụng, kể cả khi không có sóng, bạn cần nhập nó.
            </Text>
          </div>
          {vault?.wiped && unsent > 0 && (
            <Alert color="blue" data-testid="pin-setup-unsent">
              Còn {pendingPhrase(counts!.visits, counts!.edits)} chưa gửi từ trước. Chúng sẽ được gửi ngay sau khi bạn đặt mã PIN.
            </Alert>
          )}
          <PinField label="Mã PIN mới (6 chữ số trở lên)" value={pin} onChange={setPinValue} error={error} autoFocus testId="pin-new" />
          <PinField label="Nhập lại mã PIN" value={again} onChange={setAgain} error={againError} testId="pin-again" />
          <Text size="xs" c="dimmed">
            Không dùng ngày sinh hay dãy số dễ đoán. Nhập sai {MAX_PIN_FAILURES} lần, dữ liệu trên máy sẽ bị xóa (các lượt chưa gửi vẫn được giữ và gửi sau khi đăng nhập lại).
          </Text>
          <Button type="submit" size="lg" loading={saving} leftSection={<IconLock size={20} />}>Đặt mã PIN</Button>
        </Stack>
      </form>
    </LockFrame>
  );
}

function PinEntryScreen({ vault }: { vault: VaultRow }) {
  const [pin, setPinValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const left = MAX_PIN_FAILURES - vault.failures;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!pin) return setError('Hãy nhập mã PIN.');
    setBusy(true);
    const result = await unlock(pin);
    setBusy(false);
    setPinValue('');
    if (result.ok || 'wiped' in result) return;
    setError(`Mã PIN không đúng. Còn ${result.left} lần thử; sai hết, dữ liệu trên máy sẽ bị xóa.`);
  };

  return (
    <LockFrame>
      <form onSubmit={(e) => void submit(e)} data-testid="pin-entry">
        <Stack gap="md">
          <div>
            <Title order={1} fz={22}>Nhập mã PIN</Title>
            <Text size="sm" c="dimmed" mt={4}>Ứng dụng của {vault.fullName} ({vault.username}) đang khóa.</Text>
          </div>
          <PinField label="Mã PIN" value={pin} onChange={setPinValue} error={error} autoFocus testId="pin" />
          {!error && vault.failures > 0 && <Text size="sm" c="orange.8">Đã nhập sai {vault.failures} lần; còn {left} lần thử.</Text>}
          <Button type="submit" size="lg" loading={busy}>Mở ứng dụng</Button>
          <Text size="xs" c="dimmed">
            Quên mã PIN? Nhập sai {MAX_PIN_FAILURES} lần sẽ xóa dữ liệu trên máy; sau đó đăng nhập lại bằng mật khẩu và đặt mã mới. Các lượt chưa gửi không mất.
          </Text>
        </Stack>
      </form>
    </LockFrame>
  );
}

const WIPE_REASONS: Record<NonNullable<VaultRow['wiped']>, string> = {
  pin: `Mã PIN đã bị nhập sai ${MAX_PIN_FAILURES} lần nên dữ liệu người dân trên máy đã được xóa.`,
  revoked: 'Phiên đăng nhập của máy này đã bị kết thúc từ máy chủ nên dữ liệu người dân trên máy đã được xóa.',
  logout: 'Bạn đã đăng xuất nên dữ liệu người dân trên máy đã được xóa.',
};

function WipedScreen({ vault }: { vault: VaultRow }) {
  const counts = useOutboxCounts();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unsent = counts ? counts.visits + counts.edits : 0;

  const loginAgain = async () => {
    setBusy(true);
    try {
      await endSessionAfterWipe();
      queryClient.setQueryData(ME_KEY, null);
      navigate(`/dang-nhap?tiep=${encodeURIComponent('/thuc-dia')}`, { replace: true });
    } catch {
      setError('Cần có mạng để đăng nhập lại. Hãy kết nối mạng rồi thử lại.');
      setBusy(false);
    }
  };

  return (
    <LockFrame>
      <Stack gap="md" data-testid="field-wiped" data-reason={vault.wiped ?? undefined}>
        <Alert color="orange" icon={<IconAlertTriangle />} title="Dữ liệu trên máy đã được xóa">
          {WIPE_REASONS[vault.wiped ?? 'logout']}{' '}
          {unsent > 0
            ? `Còn ${pendingPhrase(counts!.visits, counts!.edits)} chưa gửi: chúng vẫn được giữ (đã mã hóa) và sẽ được gửi sau khi ${vault.fullName} đăng nhập lại bằng mật khẩu.`
            : 'Không còn lượt nào chưa gửi.'}
        </Alert>
        {error && <Text c="red.8" size="sm" role="alert">{error}</Text>}
        <Button size="lg" loading={busy} onClick={() => void loginAgain()}>Đăng nhập lại</Button>
      </Stack>
    </LockFrame>
  );
}

/** Another account is logged in on a phone that holds someone else's locked data. */
function OtherOwnerScreen({ vault }: { vault: VaultRow }) {
  const counts = useOutboxCounts();
  const logout = useLogoutAnywhere();
  const [confirm, setConfirm] = useState(false);
  const unsent = counts ? counts.visits + counts.edits : 0;
  return (
    <LockFrame>
      <Alert color="orange" icon={<IconAlertTriangle />} title="Máy này đang giữ dữ liệu của người khác" data-testid="other-owner">
        Dữ liệu trên máy thuộc {vault.fullName} ({vault.username})
        {unsent > 0 ? `, còn ${pendingPhrase(counts!.visits, counts!.edits)} chưa gửi. Để gửi, ${vault.fullName} cần đăng nhập trên máy này.` : '.'}
      </Alert>
      <Stack mt="md" gap="sm">
        <Button fullWidth size="md" onClick={() => void logout()}>Đăng xuất để {vault.fullName} đăng nhập</Button>
        {confirm ? (
          <Button fullWidth size="md" color="red" onClick={() => void clearFieldData()}>
            Xác nhận xóa dữ liệu{unsent > 0 ? ` và ${pendingPhrase(counts!.visits, counts!.edits)} chưa gửi` : ''} của {vault.fullName}
          </Button>
        ) : (
          <Anchor component="button" type="button" c="red.8" onClick={() => setConfirm(true)}>Xóa dữ liệu của {vault.fullName} trên máy này</Anchor>
        )}
      </Stack>
    </LockFrame>
  );
}
