// "Tài khoản của tôi": who I am, change my password, see and end my other sessions.
import { Card, DataList, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import { formatDateTime } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import type { SessionInfo } from '../../app/types.ts';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { SessionList } from './SessionList.tsx';

export function MyAccountPage() {
  const { me, scopeName } = useSession();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['my-sessions'], queryFn: () => api.get<{ items: SessionInfo[] }>('/api/auth/sessions') });
  const end = useMutation({
    mutationFn: (s: SessionInfo) => api.delete(`/api/auth/sessions/${s.id}`),
    onSuccess: () => {
      notifySaved('Đã đăng xuất phiên đó.');
      void queryClient.invalidateQueries({ queryKey: ['my-sessions'] });
    },
    onError: (e) => notifyError(e, 'Chưa đăng xuất được phiên'),
  });

  return (
    <>
      <PageHeader title="Tài khoản của tôi" description="Thông tin đăng nhập, mật khẩu và các thiết bị đang đăng nhập." />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Stack gap="md">
          <Card padding="lg">
            <Title order={2} fz="md" mb="md">Thông tin tài khoản</Title>
            <DataList labelWidth={130} size="sm" gap="xs">
              <DataList.Item><DataList.ItemLabel>Họ và tên</DataList.ItemLabel><DataList.ItemValue fw={600}>{me.fullName}</DataList.ItemValue></DataList.Item>
              <DataList.Item><DataList.ItemLabel>Tên đăng nhập</DataList.ItemLabel><DataList.ItemValue>{me.username}</DataList.ItemValue></DataList.Item>
              <DataList.Item><DataList.ItemLabel>Vai trò</DataList.ItemLabel><DataList.ItemValue>{me.roleLabel}</DataList.ItemValue></DataList.Item>
              <DataList.Item><DataList.ItemLabel>Đơn vị</DataList.ItemLabel><DataList.ItemValue>{scopeName}</DataList.ItemValue></DataList.Item>
              <DataList.Item><DataList.ItemLabel>Phiên hết hạn</DataList.ItemLabel><DataList.ItemValue>{formatDateTime(me.sessionExpiresAt)}</DataList.ItemValue></DataList.Item>
            </DataList>
          </Card>
          <Card padding="lg">
            <Title order={2} fz="md" mb={4}>Đổi mật khẩu</Title>
            <Text size="sm" c="dimmed" mb="md">Sau khi đổi, các thiết bị khác đang đăng nhập sẽ bị đăng xuất.</Text>
            <ChangePasswordForm
              role={me.role}
              onDone={() => {
                notifySaved('Đã đổi mật khẩu. Các phiên khác đã được đăng xuất.');
                void queryClient.invalidateQueries({ queryKey: ['my-sessions'] });
              }}
            />
          </Card>
        </Stack>
        <Card padding="lg">
          <Title order={2} fz="md" mb={4}>Thiết bị đang đăng nhập</Title>
          <Text size="sm" c="dimmed" mb="md">Nếu thấy thiết bị lạ hoặc bị mất điện thoại, hãy đăng xuất phiên đó và đổi mật khẩu.</Text>
          {sessions.error && <ErrorAlert error={sessions.error} onRetry={() => sessions.refetch()} />}
          {sessions.isPending ? <LoadingBlock rows={2} /> : <SessionList sessions={sessions.data?.items ?? []} onEnd={(s) => end.mutate(s)} endingId={end.isPending ? end.variables?.id : null} />}
        </Card>
      </SimpleGrid>
    </>
  );
}
