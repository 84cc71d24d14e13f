// Account administration: list and filter, create (the temporary password is shown once),
// edit role and unit, lock/unlock, reset the password, see and end sessions.
import { ActionIcon, Alert, Badge, Button, Code, CopyButton, Group, Menu, Select, Space, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconCopy, IconDeviceMobile, IconDots, IconEdit, IconKey, IconLock, IconLockOpen, IconLogout, IconUserPlus } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CreateAccountSchema, UpdateAccountSchema } from '../../../shared/accounts.ts';
import { ORG_LEVEL_LABELS } from '../../../shared/org-units.ts';
import { ROLE_LABELS, ROLE_UNIT_LEVEL, ROLES, type Role } from '../../../shared/roles.ts';
import { api } from '../../app/api.ts';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import type { Account, Page, SessionInfo } from '../../app/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { applyServerErrors, blankToNull, notifyError, notifySaved, stripLabel } from '../../components/forms.ts';
import { FilterBar } from '../../components/FilterBar.tsx';
import { useUrlFilters } from '../../components/hooks.ts';
import { ListView, PaginationBar, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { SessionList } from './SessionList.tsx';
import { useOrgUnits } from '../org-units/org-units.api.ts';
import { OrgUnitPicker } from '../org-units/OrgUnitPicker.tsx';

const PAGE_SIZE = 25;
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; account: Account }
  | { kind: 'password'; account: Account; password: string; created?: boolean }
  | { kind: 'confirm-reset' | 'confirm-disable' | 'confirm-revoke' | 'sessions'; account: Account }
  | null;

function StatusBadges({ a }: { a: Account }) {
  return (
    <Group gap={4}>
      {a.disabled ? <Badge color="red" variant="light" tt="none">Đã khóa</Badge> : <Badge color="teal" variant="light" tt="none">Hoạt động</Badge>}
      {a.mustChangePassword && !a.disabled && <Badge color="yellow" variant="light" tt="none">Chờ đổi mật khẩu</Badge>}
    </Group>
  );
}

export default function AccountsPage() {
  const { me } = useSession();
  const { tree: orgTree } = useOrgUnits();
  const queryClient = useQueryClient();
  const { values, page, set } = useUrlFilters(['q', 'vaitro', 'donvi', 'tt'] as const);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const query = { q: values.q, role: values.vaitro, orgUnitId: values.donvi ? Number(values.donvi) : null, status: values.tt, page, pageSize: PAGE_SIZE };
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ['accounts', query],
    queryFn: () => api.get<Page<Account>>('/api/accounts', query),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['accounts'] });

  const action = useMutation({
    mutationFn: async ({ kind, account }: { kind: 'reset' | 'disable' | 'enable' | 'revoke'; account: Account }) => {
      if (kind === 'reset') return api.post<{ temporaryPassword: string }>(`/api/accounts/${account.id}/reset-password`);
      if (kind === 'revoke') return api.post(`/api/accounts/${account.id}/revoke-sessions`);
      return api.post(`/api/accounts/${account.id}/${kind}`);
    },
    onSuccess: (result, { kind, account }) => {
      void refresh();
      if (kind === 'reset') {
        setDialog({ kind: 'password', account, password: (result as { temporaryPassword: string }).temporaryPassword });
        return;
      }
      close();
      notifySaved({ disable: `Đã khóa tài khoản ${account.username}.`, enable: `Đã mở khóa tài khoản ${account.username}.`, revoke: `Đã đăng xuất mọi phiên của ${account.username}.` }[kind]);
    },
    onError: (e) => notifyError(e, 'Chưa thực hiện được'),
  });

  const menu = (a: Account) => (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Thao tác với ${a.username}`}><IconDots size={18} /></ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconEdit size={16} />} onClick={() => setDialog({ kind: 'edit', account: a })}>Sửa thông tin, vai trò</Menu.Item>
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => setDialog({ kind: 'confirm-reset', account: a })}>Đặt lại mật khẩu</Menu.Item>
        <Menu.Item leftSection={<IconDeviceMobile size={16} />} onClick={() => setDialog({ kind: 'sessions', account: a })}>Xem phiên đăng nhập</Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => setDialog({ kind: 'confirm-revoke', account: a })}>Đăng xuất mọi phiên</Menu.Item>
        <Menu.Divider />
        {a.disabled ? (
          <Menu.Item leftSection={<IconLockOpen size={16} />} onClick={() => action.mutate({ kind: 'enable', account: a })}>Mở khóa tài khoản</Menu.Item>
        ) : (
          <Menu.Item color="red" leftSection={<IconLock size={16} />} disabled={a.id === me.id} onClick={() => setDialog({ kind: 'confirm-disable', account: a })}>Khóa tài khoản</Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );

  const columns: Column<Account>[] = [
    {
      key: 'name',
      header: 'Người dùng',
      render: (a) => (
        <Stack gap={0}>
          <Text fw={600} size="sm">{a.fullName}</Text>
          <Text size="xs" c="dimmed">{a.username}{a.phone ? ` · ${a.phone}` : ''}</Text>
        </Stack>
      ),
    },
    { key: 'role', header: 'Vai trò', render: (a) => <Text size="sm">{a.roleLabel}</Text> },
    { key: 'unit', header: 'Đơn vị', render: (a) => <Text size="sm">{orgTree.name(a.orgUnitId) || a.orgUnitName}</Text> },
    { key: 'status', header: 'Trạng thái', render: (a) => <StatusBadges a={a} /> },
    { key: 'created', header: 'Ngày tạo', nowrap: true, render: (a) => <Text size="sm" className="num">{formatDate(a.createdAt)}</Text> },
    { key: 'actions', header: '', align: 'right', width: 56, render: menu },
  ];

  return (
    <>
      <PageHeader
        title="Tài khoản người dùng"
        description="Tạo tài khoản cho cán bộ, trưởng thôn và thành viên Tổ CNSCĐ; mỗi tài khoản gắn với một vai trò và một đơn vị."
        actions={<Button leftSection={<IconUserPlus size={18} />} onClick={() => setDialog({ kind: 'create' })}>Tạo tài khoản</Button>}
      />
      <SearchInput grow value={values.q} onChange={(q) => set({ q })} placeholder="Tìm theo tên, tên đăng nhập, số điện thoại" maw={480} />
      <Space h="sm" />
      <FilterBar>
        <Select data={ROLE_OPTIONS} value={values.vaitro || null} onChange={(v) => set({ vaitro: v })} placeholder="Tất cả vai trò" clearable allowDeselect aria-label="Lọc theo vai trò" w={{ sm: 230 }} />
        <OrgUnitPicker value={values.donvi ? Number(values.donvi) : null} onChange={(id) => set({ donvi: id ? String(id) : null })} placeholder="Tất cả đơn vị" clearable aria-label="Lọc theo đơn vị" w={{ sm: 230 }} />
        <Select
          data={[{ value: 'active', label: 'Đang hoạt động' }, { value: 'disabled', label: 'Đã khóa' }]}
          value={values.tt || null}
          onChange={(v) => set({ tt: v })}
          placeholder="Mọi trạng thái"
          clearable
          allowDeselect
          aria-label="Lọc theo trạng thái"
          w={{ sm: 170 }}
        />
      </FilterBar>
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      <ListView
        rows={data?.items}
        loading={isPending}
        columns={columns}
        rowKey={(a) => a.id}
        testId="account-list"
        minWidth={860}
        empty={<Empty title="Không có tài khoản phù hợp" />}
        card={(a) => (
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} miw={0}>
              <Text fw={600}>{a.fullName}</Text>
              <Text size="sm" c="dimmed">{a.username}{a.phone ? ` · ${a.phone}` : ''}</Text>
              <Text size="sm">{a.roleLabel}</Text>
              <Text size="sm" c="dimmed">{orgTree.name(a.orgUnitId) || a.orgUnitName}</Text>
              <StatusBadges a={a} />
            </Stack>
            {menu(a)}
          </Group>
        )}
      />
      {data && data.total > 0 && <PaginationBar page={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => set({ trang: p })} noun="tài khoản" />}

      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <AccountFormModal
          account={dialog.kind === 'edit' ? dialog.account : undefined}
          onClose={close}
          onCreated={(account, password) => setDialog({ kind: 'password', account, password, created: true })}
        />
      )}
      {dialog?.kind === 'password' && <TemporaryPasswordModal account={dialog.account} password={dialog.password} created={dialog.created} onClose={close} />}
      {dialog?.kind === 'confirm-reset' && (
        <ConfirmModal opened onClose={close} title="Đặt lại mật khẩu?" confirmLabel="Đặt lại mật khẩu" color="brand" loading={action.isPending} onConfirm={() => action.mutate({ kind: 'reset', account: dialog.account })}>
          Tài khoản <b>{dialog.account.username}</b> ({dialog.account.fullName}) sẽ nhận một mật khẩu tạm mới và bị đăng xuất khỏi mọi thiết bị. Người dùng phải đổi mật khẩu khi đăng nhập lại.
        </ConfirmModal>
      )}
      {dialog?.kind === 'confirm-disable' && (
        <ConfirmModal opened onClose={close} title="Khóa tài khoản?" confirmLabel="Khóa tài khoản" loading={action.isPending} onConfirm={() => action.mutate({ kind: 'disable', account: dialog.account })}>
          <b>{dialog.account.fullName}</b> sẽ không đăng nhập được nữa và bị đăng xuất khỏi mọi thiết bị. Có thể mở khóa lại sau.
        </ConfirmModal>
      )}
      {dialog?.kind === 'confirm-revoke' && (
        <ConfirmModal opened onClose={close} title="Đăng xuất mọi phiên?" confirmLabel="Đăng xuất mọi phiên" loading={action.isPending} onConfirm={() => action.mutate({ kind: 'revoke', account: dialog.account })}>
          Dùng khi người dùng bị mất điện thoại hoặc nghi lộ mật khẩu. <b>{dialog.account.fullName}</b> sẽ phải đăng nhập lại trên mọi thiết bị.
        </ConfirmModal>
      )}
      {dialog?.kind === 'sessions' && <AccountSessionsModal account={dialog.account} onClose={close} onRevokeAll={() => setDialog({ kind: 'confirm-revoke', account: dialog.account })} />}
    </>
  );
}

function TemporaryPasswordModal({ account, password, created, onClose }: { account: Account; password: string; created?: boolean; onClose: () => void }) {
  return (
    <ResponsiveModal opened onClose={onClose} size="md" title={<Text fw={650} fz="lg">{created ? 'Đã tạo tài khoản' : 'Đã đặt lại mật khẩu'}</Text>} closeOnClickOutside={false}>
      <Stack gap="md">
        <Text size="sm">
          Tài khoản <b>{account.username}</b> ({account.fullName}). Mật khẩu tạm:
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code fz="xl" py={8} px={12} data-testid="temporary-password" style={{ letterSpacing: '0.08em' }}>{password}</Code>
          <CopyButton value={password}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Đã chép' : 'Chép mật khẩu'}>
                <ActionIcon variant="light" size="lg" color={copied ? 'teal' : 'brand'} onClick={copy} aria-label="Chép mật khẩu">
                  {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Alert color="yellow" variant="light">
          Mật khẩu này chỉ hiển thị một lần. Hãy trao trực tiếp cho người dùng (không gửi qua nhóm chung). Khi đăng nhập lần đầu, họ sẽ phải đặt mật khẩu riêng.
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Đã ghi lại, đóng</Button>
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}

function AccountSessionsModal({ account, onClose, onRevokeAll }: { account: Account; onClose: () => void; onRevokeAll: () => void }) {
  const { data, error, isPending } = useQuery({ queryKey: ['accounts', account.id, 'sessions'], queryFn: () => api.get<{ items: SessionInfo[] }>(`/api/accounts/${account.id}/sessions`) });
  return (
    <ResponsiveModal opened onClose={onClose} title={<Text fw={650} fz="lg">Phiên đăng nhập của {account.fullName}</Text>}>
      <Stack gap="md">
        {error && <ErrorAlert error={error} />}
        {isPending ? <LoadingBlock rows={2} /> : <SessionList sessions={data?.items ?? []} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>Đóng</Button>
          {(data?.items.length ?? 0) > 0 && <Button color="red" variant="light" onClick={onRevokeAll}>Đăng xuất mọi phiên</Button>}
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}

interface AccountValues {
  username: string;
  fullName: string;
  phone: string;
  role: Role | null;
  orgUnitId: number | null;
}

function AccountFormModal({ account, onClose, onCreated }: { account?: Account; onClose: () => void; onCreated: (a: Account, password: string) => void }) {
  const queryClient = useQueryClient();
  const { tree } = useOrgUnits();
  const editing = Boolean(account);
  const form = useForm<AccountValues>({
    mode: 'controlled',
    initialValues: account
      ? { username: account.username, fullName: account.fullName, phone: account.phone ?? '', role: account.role, orgUnitId: account.orgUnitId }
      : { username: '', fullName: '', phone: '', role: null, orgUnitId: null },
    validate: (v) => {
      const errors: Record<string, string> = {};
      const body = { username: v.username, fullName: v.fullName, phone: blankToNull(v.phone), role: v.role ?? undefined, orgUnitId: v.orgUnitId ?? undefined };
      const parsed = (editing ? UpdateAccountSchema : CreateAccountSchema).safeParse(editing ? { ...body, username: undefined } : body);
      if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= stripLabel(String(i.path[0]), i.message);
      if (!v.role) errors.role = 'Chọn vai trò.';
      if (!v.orgUnitId) errors.orgUnitId = 'Chọn đơn vị.';
      const unit = v.orgUnitId ? tree.byId.get(v.orgUnitId) : undefined;
      if (v.role && unit && unit.level !== ROLE_UNIT_LEVEL[v.role]) errors.orgUnitId = `Vai trò này phải gắn với đơn vị cấp ${ORG_LEVEL_LABELS[ROLE_UNIT_LEVEL[v.role]].toLowerCase()}.`;
      return errors;
    },
  });
  const save = useMutation({
    mutationFn: (v: AccountValues): Promise<Account | { account: Account; temporaryPassword: string }> => {
      const body = { fullName: v.fullName.trim(), phone: blankToNull(v.phone), role: v.role, orgUnitId: v.orgUnitId };
      return editing
        ? api.patch<Account>(`/api/accounts/${account!.id}`, body)
        : api.post<{ account: Account; temporaryPassword: string }>('/api/accounts', { ...body, username: v.username.trim().toLowerCase() });
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['accounts'] });
      if (editing) {
        notifySaved('Đã lưu tài khoản.');
        onClose();
      } else {
        const r = result as { account: Account; temporaryPassword: string };
        onCreated(r.account, r.temporaryPassword);
      }
    },
    onError: (e) => {
      applyServerErrors(form, e);
      notifyError(e);
    },
  });
  const role = form.values.role;
  const level = role ? ROLE_UNIT_LEVEL[role] : null;
  const changesAccess = editing && (role !== account!.role || form.values.orgUnitId !== account!.orgUnitId);

  return (
    <ResponsiveModal opened onClose={onClose} title={<Text fw={650} fz="lg">{editing ? `Sửa tài khoản ${account!.username}` : 'Tạo tài khoản'}</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          <TextInput label="Tên đăng nhập" description="3–40 ký tự: chữ không dấu, số, dấu chấm, gạch. Không đổi được sau khi tạo." required disabled={editing} autoCapitalize="none" autoComplete="off" {...form.getInputProps('username')} />
          <TextInput label="Họ và tên" required {...form.getInputProps('fullName')} />
          <TextInput label="Số điện thoại" description="Có thể dùng để đăng nhập thay tên đăng nhập." inputMode="tel" {...form.getInputProps('phone')} />
          <Select
            label="Vai trò"
            required
            data={ROLE_OPTIONS}
            placeholder="Chọn vai trò"
            {...form.getInputProps('role')}
            onChange={(v) => {
              form.setFieldValue('role', v as Role | null);
              const unit = form.values.orgUnitId ? tree.byId.get(form.values.orgUnitId) : undefined;
              if (v && unit && unit.level !== ROLE_UNIT_LEVEL[v as Role]) form.setFieldValue('orgUnitId', null);
            }}
          />
          <OrgUnitPicker
            label="Đơn vị"
            required
            description={level ? `Vai trò này gắn với đơn vị cấp ${ORG_LEVEL_LABELS[level].toLowerCase()}; chỉ xem và làm việc trong phạm vi đơn vị đó.` : 'Chọn vai trò trước.'}
            levels={level ? [level] : []}
            disabled={!level}
            value={form.values.orgUnitId}
            onChange={(id) => form.setFieldValue('orgUnitId', id)}
            error={form.errors.orgUnitId}
            placeholder={level ? `Chọn ${ORG_LEVEL_LABELS[level].toLowerCase()}` : 'Chọn vai trò trước'}
            data-testid="account-unit"
          />
          {changesAccess && (
            <Alert color="yellow" variant="light">Đổi vai trò hoặc đơn vị sẽ đăng xuất người dùng khỏi mọi thiết bị.</Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>Hủy</Button>
            <Button type="submit" loading={save.isPending}>{editing ? 'Lưu thay đổi' : 'Tạo tài khoản'}</Button>
          </Group>
        </Stack>
      </form>
    </ResponsiveModal>
  );
}
