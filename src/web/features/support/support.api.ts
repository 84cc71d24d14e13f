// The household's support history as the desk shows it.
import { useQuery } from '@tanstack/react-query';
import type { SupportEventView } from '../../../shared/support.ts';

export type { SupportActionView, SupportEventView } from '../../../shared/support.ts';
import { api } from '../../app/api.ts';

export function useSupportEvents(householdId: string | undefined) {
  return useQuery({
    queryKey: ['support-events', householdId],
    queryFn: () => api.get<{ items: SupportEventView[] }>(`/api/households/${householdId}/support-events`),
    enabled: Boolean(householdId),
  });
}

interface VillageTeams {
  activeTeamId: string | null;
}
interface TeamMembers {
  members: Array<{ id: string; fullName: string; active: boolean }>;
}

/** Active members of the village's team: who can be named as having helped. */
export function useVillageHelpers(villageId: number | undefined, enabled: boolean) {
  return useQuery({
    // Under 'teams' so any change of a team refreshes it.
    queryKey: ['teams', 'helpers', villageId],
    enabled: enabled && villageId !== undefined,
    queryFn: async () => {
      const { activeTeamId } = await api.get<VillageTeams>(`/api/teams/villages/${villageId}`);
      if (!activeTeamId) return [];
      const team = await api.get<TeamMembers>(`/api/teams/${activeTeamId}`);
      return team.members.filter((m) => m.active).map((m) => ({ id: m.id, fullName: m.fullName }));
    },
  });
}
