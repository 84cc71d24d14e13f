// The teams API as the desk pages use it: the shapes of its answers, the queries, and the
// cache keys a change refreshes (a member leaving changes the team, the list and assignments).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Affiliation, AssignmentFilter, TeamListFilter, TeamRole } from '../../../shared/teams.ts';
import { api } from '../../app/api.ts';

export interface VillageTeamSummary {
  villageId: number;
  villageName: string;
  communeId: number | null;
  communeName: string | null;
  team: {
    id: string;
    name: string;
    decisionNumber: string | null;
    decisionDate: string | null;
    formedOn: string;
    activeMembers: number;
    sizeWarning: string | null;
    leader: { id: string; fullName: string; phone: string | null } | null;
  } | null;
  households: number;
  unassigned: number;
  needsAssignment: number;
}

export interface TeamListAnswer {
  items: VillageTeamSummary[];
  total: number;
  page: number;
  pageSize: number;
  summary: { villages: number; withTeam: number; withoutTeam: number; sizeWarnings: number; needsAssignment: number; villagesNeedingAssignment: number; activeMembers: number };
}

export interface Team {
  id: string;
  villageId: number;
  villageName: string;
  communeName: string | null;
  name: string;
  decisionNumber: string | null;
  decisionDate: string | null;
  formedOn: string;
  endedOn: string | null;
  note: string | null;
  version: number;
  active: boolean;
}

export interface TeamMember {
  id: string;
  teamId: string;
  fullName: string;
  personId: string | null;
  accountId: string | null;
  accountUsername: string | null;
  phone: string | null;
  teamRole: TeamRole;
  affiliation: Affiliation;
  joinedOn: string;
  leftOn: string | null;
  leftReason: string | null;
  active: boolean;
  households: number;
  version: number;
}

export interface TeamHistoryItem {
  id: string;
  name: string;
  decisionNumber: string | null;
  decisionDate: string | null;
  formedOn: string;
  endedOn: string | null;
  active: boolean;
  members: number;
  activeMembers: number;
}

export interface TeamDetail {
  team: Team;
  members: TeamMember[];
  activeMembers: number;
  warnings: string[];
  history: TeamHistoryItem[];
}

export interface VillageTeams {
  village: { id: number; name: string; communeId: number | null; communeName: string | null };
  activeTeamId: string | null;
  teams: TeamHistoryItem[];
}

export interface AssignmentHousehold {
  id: string;
  code: string | null;
  headName: string | null;
  address: string;
  hamletGroup: string | null;
  phone: string | null;
  memberCount: number;
  noCapableMember: boolean;
  assignedMember: { id: string; fullName: string; fromDate: string | null } | null;
  needsAssignment: boolean;
}

export interface MemberWorkload {
  id: string;
  fullName: string;
  teamRole: TeamRole;
  phone: string | null;
  households: number;
  noCapableMember: number;
}

export interface AssignmentAnswer {
  village: { id: number; name: string; communeName: string | null };
  team: { id: string; name: string } | null;
  counts: { households: number; assigned: number; unassigned: number; noCapableMember: number; needsAssignment: number };
  members: MemberWorkload[];
  items: AssignmentHousehold[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AccountCandidate {
  id: string;
  username: string;
  fullName: string;
  phone: string | null;
  role: string;
  roleLabel: string;
  linkedMemberId: string | null;
  linkedToThisTeam: boolean;
}

/** A change answered with the team's warnings (size outside 3–5, no leader). */
export interface ChangeAnswer {
  warnings: string[];
  activeMembers: number;
}

export function useTeamList(query: { orgUnitId: number | null; filter: TeamListFilter; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['teams', 'list', query],
    queryFn: () => api.get<TeamListAnswer>('/api/teams', query),
    placeholderData: keepPreviousData,
  });
}

export function useVillageTeams(villageId: number | null) {
  return useQuery({
    queryKey: ['teams', 'village', villageId],
    queryFn: () => api.get<VillageTeams>(`/api/teams/villages/${villageId}`),
    enabled: villageId !== null,
  });
}

export function useTeam(teamId: string | null | undefined) {
  return useQuery({
    queryKey: ['teams', 'detail', teamId],
    queryFn: () => api.get<TeamDetail>(`/api/teams/${teamId}`),
    enabled: Boolean(teamId),
  });
}

export function useAssignments(villageId: number | null, query: { filter: AssignmentFilter; memberId: string | null; q: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['teams', 'assignments', villageId, query],
    queryFn: () => api.get<AssignmentAnswer>(`/api/teams/villages/${villageId}/households`, query),
    enabled: villageId !== null,
    placeholderData: keepPreviousData,
  });
}

/** After any change to a team, its members or assignments: everything teams-related is refetched. */
export function useRefreshTeams() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['teams'] });
    // Door cards and household pages show who looks after a household.
    void queryClient.invalidateQueries({ queryKey: ['households'] });
    void queryClient.invalidateQueries({ queryKey: ['household'] });
  };
}
