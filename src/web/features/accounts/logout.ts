// Logging out from pages outside the shell (the forced password page).
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, setCsrfToken } from '../../app/api.ts';
import { ME_KEY } from '../../app/session.tsx';

export function useLogoutAnywhere() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    await api.post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    queryClient.clear();
    queryClient.setQueryData(ME_KEY, null);
    navigate('/dang-nhap', { replace: true });
  };
}
