// The communication API as the desk pages use it (src/shared/communication.ts is the contract):
// campaigns, the channels each village has, activities and the summed figures.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CommActivityInput,
  CommActivityListAnswer,
  CommActivityUpdate,
  CommActivityView,
  CommCampaignInput,
  CommCampaignUpdate,
  CommCampaignView,
  CommChannel,
  CommFigures,
  VillageChannelsInput,
  VillageChannelsView,
} from '../../../shared/communication.ts';
import { api, withQuery } from '../../app/api.ts';

export const COMM_KEY = ['communication'] as const;

export interface ActivityFilter {
  orgUnitId?: number;
  villageId?: number;
  channel?: CommChannel;
  month?: string;
  campaignId?: string;
  page?: number;
  pageSize?: number;
}

export function useActivities(filter: ActivityFilter) {
  return useQuery({
    queryKey: [...COMM_KEY, 'activities', filter],
    queryFn: () => api.get<CommActivityListAnswer>(withQuery('/api/communication/activities', { pageSize: 50, ...filter })),
    placeholderData: keepPreviousData,
  });
}

export function useActivity(id: string | undefined) {
  return useQuery({
    queryKey: [...COMM_KEY, 'activity', id],
    queryFn: () => api.get<CommActivityView>(`/api/communication/activities/${id}`),
    enabled: Boolean(id),
  });
}

export function useCampaigns(query: { orgUnitId?: number; year?: number } = {}) {
  return useQuery({
    queryKey: [...COMM_KEY, 'campaigns', query],
    queryFn: () => api.get<CommCampaignView[]>(withQuery('/api/communication/campaigns', query)),
  });
}

export function useVillageChannels(orgUnitId?: number) {
  return useQuery({
    queryKey: [...COMM_KEY, 'channels', orgUnitId ?? null],
    queryFn: () => api.get<VillageChannelsView[]>(withQuery('/api/communication/channels', { orgUnitId })),
  });
}

export function useCommSummary(query: { orgUnitId: number | undefined; from: string; to: string }, enabled = true) {
  return useQuery({
    queryKey: [...COMM_KEY, 'summary', query],
    queryFn: () => api.get<CommFigures>(withQuery('/api/communication/summary', query)),
    enabled: enabled && Boolean(query.orgUnitId),
    placeholderData: keepPreviousData,
  });
}

export const createActivity = (input: CommActivityInput) => api.post<CommActivityView>('/api/communication/activities', input);
export const updateActivity = (id: string, input: CommActivityUpdate) => api.put<CommActivityView>(`/api/communication/activities/${id}`, input);
export const deleteActivity = (id: string, version: number) => api.delete<null>(`/api/communication/activities/${id}?version=${version}`);
export const createCampaign = (input: CommCampaignInput) => api.post<CommCampaignView>('/api/communication/campaigns', input);
export const updateCampaign = (id: string, input: CommCampaignUpdate) => api.put<CommCampaignView>(`/api/communication/campaigns/${id}`, input);
export const setVillageChannels = (villageId: number, input: VillageChannelsInput) => api.put<VillageChannelsView>(`/api/communication/channels/${villageId}`, input);

/** After a write: the lists and figures are asked again. */
export function useCommChanged() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: COMM_KEY });
}
