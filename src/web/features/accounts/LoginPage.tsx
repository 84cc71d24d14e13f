// Login with a username or phone number. Errors are the server's Vietnamese messages; they
// never say whether the account exists.
import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle, IconLock, IconUser } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoginSchema } from '../../../shared/accounts.ts';
import { ApiError, errorMessage, request } from '../../app/api.ts';
import { Logo } from '../../app/Shell.tsx';
import type { Me } from '../../app/types.ts';
import { useMeQuery, useSetMe } from '../../app/session.tsx';
import { applyServerErrors, zodValidate } from '../../components/forms.ts';
import { landingAfterLogin } from '../../field/field-landing.ts';

/** Only our own pages are valid targets after login (no open redirect). */
export function safeNext(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/dang-nhap')) return '/';
  return value;
}

export function AuthFrame({ children }: { children: React.ReactNode }) {
  return (
    <Center mih="100dvh" p="md" bg="gray.0" style={{ backgroundImage: 'linear-gradient(180deg, var(--mantine-color-brand-0) 0%, var(--mantine-color-gray-0) 60%)' }}>
      <Box w="100%" maw={420}>
        <Center mb="lg">
          <Logo />
        </Center>
        {children}
        <Text ta="center" size="xs" c="dimmed" mt="lg">
          Tổ Công nghệ số cộng đồng · UBND xã Bạch Ngọc, tỉnh Tuyên Quang
        </Text>
      </Box>
    </Center>
  );
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const setMe = useSetMe();
  const { data: current } = useMeQuery();
  const [formError, setFormError] = useState<string | null>(null);
  const next = safeNext(params.get('tiep'));
  // Volunteers land on the field app unless a page was asked for.
  const target = (me: Me) => (me.mustChangePassword ? '/doi-mat-khau' : params.has('tiep') ? next : landingAfterLogin(me.role, next));
  useDocumentTitle('Đăng nhập · Tổ CNSCĐ');

  const form = useForm({
    mode: 'controlled',
    initialValues: { identifier: '', password: '' },
    validate: zodValidate(LoginSchema),
  });

  const login = useMutation({
    mutationFn: (values: { identifier: string; password: string }) =>
      request<Me>('POST', '/api/auth/login', { body: values, quiet401: true }),
    onSuccess: (me) => {
      setMe(me);
      navigate(target(me), { replace: true });
    },
    onError: (error) => {
      form.setFieldValue('password', '');
      if (error instanceof ApiError && error.fields.length) applyServerErrors(form, error);
      setFormError(errorMessage(error));
    },
  });

  if (current && !login.isPending) return <Navigate to={target(current)} replace />;

  return (
    <AuthFrame>
      <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }} radius="lg">
        <Title order={1} fz={22} mb={4}>Đăng nhập</Title>
        <Text size="sm" c="dimmed" mb="lg">Dùng tên đăng nhập hoặc số điện thoại đã đăng ký với xã.</Text>
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            login.mutate({ identifier: values.identifier.trim(), password: values.password });
          })}
        >
          <Stack gap="md">
            {formError && (
              <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" data-testid="login-error">
                {formError}
              </Alert>
            )}
            <TextInput
              label="Tên đăng nhập hoặc số điện thoại"
              placeholder="Ví dụ: vhxh hoặc 0912345678"
              leftSection={<IconUser size={18} />}
              autoComplete="username"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              size="md"
              data-autofocus
              autoFocus
              {...form.getInputProps('identifier')}
            />
            <PasswordInput
              label="Mật khẩu"
              placeholder="Nhập mật khẩu"
              leftSection={<IconLock size={18} />}
              autoComplete="current-password"
              size="md"
              {...form.getInputProps('password')}
            />
            <Button type="submit" size="md" fullWidth loading={login.isPending}>
              Đăng nhập
            </Button>
            <Text size="xs" c="dimmed" ta="center">
              Quên mật khẩu? Liên hệ cán bộ quản trị của xã để được đặt lại.
            </Text>
          </Stack>
        </form>
      </Paper>
    </AuthFrame>
  );
}
