// The logged-in account: fetched once from /api/auth/session, kept in TanStack Query's cache,
// and the permission checks the navigation and pages use.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { Permission } from '../../shared/roles.ts';
import { ApiError, request, setCsrfToken } from './api.ts';
import { unitName } from './format.ts';
import type { Me } from './types.ts';

export const ME_KEY = ['me'] as const;

/** The logged-in account, or null: /api/auth/session answers 200 either way (no 401 in the console). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const { account } = await request<{ account: Me | null }>('GET', '/api/auth/session', { quiet401: true });
    setCsrfToken(account?.csrfToken ?? null);
    return account;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
}

export interface Session {
  me: Me;
  can: (permission: Permission) => boolean;
  /** The account works in one village (village head, volunteers). */
  isVillageScoped: boolean;
  /** "Xã Bạch Ngọc", "Thôn Nà Mè", "Tỉnh Tuyên Quang". */
  scopeName: string;
}

const SessionContext = createContext<Session | null>(null);
export const SessionProvider = SessionContext.Provider;

export function makeSession(me: Me): Session {
  return {
    me,
    can: (permission) => me.permissions.includes(permission),
    isVillageScoped: me.orgUnit.level === 'village',
    scopeName: unitName(me.orgUnit.name, me.orgUnit.level),
  };
}

/** Inside the app shell: the account is always there. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the logged-in shell');
  return session;
}

export function useSetMe() {
  const queryClient = useQueryClient();
  return (me: Me | null) => {
    setCsrfToken(me?.csrfToken ?? null);
    queryClient.setQueryData(ME_KEY, me);
  };
}
