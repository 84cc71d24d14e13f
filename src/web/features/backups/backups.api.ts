// The backups page's calls; types are the shared schemas'.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BackupList, BackupView } from '../../../shared/backups.ts';
import { api } from '../../app/api.ts';

export function useBackups() {
  return useQuery({ queryKey: ['backups'], queryFn: ({ signal }) => api.get<BackupList>('/api/backups', undefined, signal) });
}

export function useBackupNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<BackupView>('/api/backups'),
    onSettled: () => client.invalidateQueries({ queryKey: ['backups'] }),
  });
}
