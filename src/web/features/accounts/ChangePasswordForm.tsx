// Change one's own password; the other sessions of the account are signed out by the server.
import { Button, PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { ChangePasswordSchema, passwordMinLength, passwordRuleText } from '../../../shared/accounts.ts';
import type { Role } from '../../../shared/roles.ts';
import { api } from '../../app/api.ts';
import { applyServerErrors, notifyError, zodValidate } from '../../components/forms.ts';

function strength(password: string): number {
  let score = 0;
  if (password.length >= 8) score += 30;
  if (password.length >= 12) score += 20;
  if (/[a-z]/.test(password) && /[A-Z]/.test(password)) score += 15;
  if (/\d/.test(password)) score += 15;
  if (/[^A-Za-z0-9]/.test(password)) score += 20;
  return Math.min(100, score);
}

export function ChangePasswordForm({ role, onDone, submitLabel = 'Đổi mật khẩu' }: { role: Role; onDone: () => void; submitLabel?: string }) {
  const min = passwordMinLength(role);
  const form = useForm({
    mode: 'controlled',
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: (values) => {
      const errors: Record<string, string> = {};
      const parsed = ChangePasswordSchema.safeParse({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      // The role's length here; the list of common passwords is checked by the server.
      if (!errors.newPassword && [...values.newPassword].length < min) errors.newPassword = `Mật khẩu phải có ít nhất ${min} ký tự.`;
      if (values.confirm !== values.newPassword) errors.confirm = 'Mật khẩu nhập lại không khớp.';
      return errors;
    },
  });
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) => api.post('/api/auth/password', v),
    onSuccess: () => {
      form.reset();
      onDone();
    },
    onError: (error) => {
      if (!applyServerErrors(form, error)) notifyError(error, 'Chưa đổi được mật khẩu');
    },
  });
  const score = strength(form.values.newPassword);
  return (
    <form noValidate onSubmit={form.onSubmit((v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword }))}>
      <Stack gap="md">
        <PasswordInput label="Mật khẩu hiện tại" autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
        <div>
          <PasswordInput
            label="Mật khẩu mới"
            description={passwordRuleText(role)}
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
          />
          {/* No "strong" beside the server's refusal (a common password can look strong here). */}
          {form.values.newPassword && !form.errors.newPassword && (
            <>
              <Progress value={score} color={score < 50 ? 'red' : score < 80 ? 'yellow' : 'teal'} size={5} mt={8} aria-hidden />
              <Text size="xs" c="dimmed" mt={4}>Độ mạnh: {score < 50 ? 'yếu' : score < 80 ? 'trung bình' : 'mạnh'}</Text>
            </>
          )}
        </div>
        <PasswordInput label="Nhập lại mật khẩu mới" autoComplete="new-password" required {...form.getInputProps('confirm')} />
        <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>{submitLabel}</Button>
      </Stack>
    </form>
  );
}
