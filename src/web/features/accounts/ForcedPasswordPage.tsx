// After a temporary password (new account, reset by an admin) the user sets their own
// before anything else opens.
import { Alert, Button, Center, Loader, Paper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { ME_KEY, useMeQuery } from '../../app/session.tsx';
import { useLogoutAnywhere } from './logout.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { AuthFrame } from './LoginPage.tsx';

export function ForcedPasswordPage() {
  const { data: me, isPending } = useMeQuery();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useLogoutAnywhere();
  if (isPending) return <Center mih="100vh"><Loader /></Center>;
  if (!me) return <Navigate to="/dang-nhap" replace />;
  if (!me.mustChangePassword) return <Navigate to="/" replace />;
  return (
    <AuthFrame>
      <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }} radius="lg">
        <Title order={1} fz={22} mb={4}>Đặt mật khẩu mới</Title>
        <Text size="sm" c="dimmed" mb="md">Xin chào {me.fullName}.</Text>
        <Alert color="brand" variant="light" icon={<IconInfoCircle />} mb="lg">
          Bạn đang dùng mật khẩu tạm do quản trị viên cấp. Hãy đặt mật khẩu riêng trước khi tiếp tục.
        </Alert>
        <ChangePasswordForm
          role={me.role}
          submitLabel="Lưu mật khẩu mới"
          onDone={async () => {
            await queryClient.invalidateQueries({ queryKey: ME_KEY });
            notifications.show({ color: 'teal', message: 'Đã đổi mật khẩu. Chào mừng bạn!' });
            navigate('/', { replace: true });
          }}
        />
        <Button variant="subtle" color="gray" mt="md" fullWidth onClick={logout}>Đăng xuất</Button>
      </Paper>
    </AuthFrame>
  );
}
