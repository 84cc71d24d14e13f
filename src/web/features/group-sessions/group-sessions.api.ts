// The group sessions API as the desk uses it (src/shared/group-sessions.ts is the contract).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CandidateList, SessionCorrection, SessionInput, SessionList, SessionRetract, SessionView, TeacherList } from '../../../shared/group-sessions.ts';
import { api, type Query } from '../../app/api.ts';

export const SESSIONS_KEY = ['group-sessions'] as const;

export function useSessions(filter: { organizationId?: string; page?: number }) {
  return useQuery({
    queryKey: [...SESSIONS_KEY, 'list', filter],
    queryFn: () => api.get<SessionList>('/api/group-sessions', { pageSize: 100, ...filter }),
    placeholderData: keepPreviousData,
  });
}

export function useSession(id: string | undefined) {
  return useQuery({ queryKey: [...SESSIONS_KEY, 'one', id], queryFn: () => api.get<SessionView>(`/api/group-sessions/${id}`), enabled: Boolean(id) });
}

/** The commune's team members active on the session's day (its possible teachers). */
export function useTeachers(communeId: number | undefined, asOf: string) {
  return useQuery({
    queryKey: [...SESSIONS_KEY, 'teachers', communeId, asOf],
    queryFn: () => api.get<TeacherList>('/api/group-sessions/teachers', { communeId, asOf }),
    enabled: Boolean(communeId) && /^\d{4}-\d{2}-\d{2}$/.test(asOf),
    placeholderData: keepPreviousData,
  });
}

export const fetchCandidates = (query: Query) => api.get<CandidateList>('/api/group-sessions/candidates', query);
export const recordSession = (input: SessionInput) => api.post<SessionView>('/api/group-sessions', input);
export const retractSession = (id: string, input: SessionRetract) => api.post<SessionView>(`/api/group-sessions/${id}/retract`, input);
export const correctSession = (id: string, input: SessionCorrection) => api.put<SessionView>(`/api/group-sessions/${id}`, input);

/** After a write: lists, organizations (their reached counts) and figures are asked again. */
export function useSessionsChanged() {
  const client = useQueryClient();
  return () => Promise.all([
    client.invalidateQueries({ queryKey: SESSIONS_KEY }),
    client.invalidateQueries({ queryKey: ['organizations'] }),
    client.invalidateQueries({ queryKey: ['indicators'] }),
  ]);
}
