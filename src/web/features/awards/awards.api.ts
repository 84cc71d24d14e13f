// The awards API as the desk uses it (src/shared/awards.ts is the contract).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AwardTitle,
  CampaignInput,
  CampaignSummary,
  CandidatesAnswer,
  CouncilView,
  DecisionInput,
  HonourBoard,
  MeetingInput,
  NominationInput,
  NominationView,
  RuleInput,
  RulesAnswer,
  SubjectSearchAnswer,
} from '../../../shared/awards.ts';
import { api, withQuery } from '../../app/api.ts';

export const AWARDS_KEY = ['awards'] as const;

export const useRules = () => useQuery({ queryKey: [...AWARDS_KEY, 'rules'], queryFn: () => api.get<RulesAnswer>('/api/awards/rules') });
export const useCampaigns = () => useQuery({ queryKey: [...AWARDS_KEY, 'campaigns'], queryFn: () => api.get<{ items: CampaignSummary[] }>('/api/awards/campaigns') });
export const useCampaign = (id: string | undefined) =>
  useQuery({ queryKey: [...AWARDS_KEY, 'campaign', id], queryFn: () => api.get<CampaignSummary>(`/api/awards/campaigns/${id}`), enabled: Boolean(id) });
export const useCandidates = (id: string | undefined, award?: AwardTitle, enabled = true) =>
  useQuery({ queryKey: [...AWARDS_KEY, 'candidates', id, award ?? null], queryFn: () => api.get<CandidatesAnswer>(withQuery(`/api/awards/campaigns/${id}/candidates`, { award })), enabled: Boolean(id) && enabled });
export const useNominations = (id: string | undefined) =>
  useQuery({ queryKey: [...AWARDS_KEY, 'nominations', id], queryFn: () => api.get<{ items: NominationView[] }>(`/api/awards/campaigns/${id}/nominations`), enabled: Boolean(id) });
export const useCouncil = (id: string | undefined) =>
  useQuery({ queryKey: [...AWARDS_KEY, 'council', id], queryFn: () => api.get<CouncilView>(`/api/awards/campaigns/${id}/council`), enabled: Boolean(id) });
export const useHonourBoard = (id: string | undefined) =>
  useQuery({ queryKey: [...AWARDS_KEY, 'board', id], queryFn: () => api.get<HonourBoard>(`/api/awards/campaigns/${id}/honour-board`), enabled: Boolean(id) });
export const useSubjects = (id: string, award: AwardTitle, q: string, enabled: boolean) =>
  useQuery({ queryKey: [...AWARDS_KEY, 'subjects', id, award, q], queryFn: () => api.get<SubjectSearchAnswer>(withQuery(`/api/awards/campaigns/${id}/subjects`, { award, q })), enabled });

export const saveRule = (input: RuleInput) => api.post<RulesAnswer>('/api/awards/rules', input);
export const createCampaign = (input: CampaignInput) => api.post<CampaignSummary>('/api/awards/campaigns', input);
export const startCampaign = (id: string, version: number) => api.post<CampaignSummary>(`/api/awards/campaigns/${id}/start`, { version });
export const recomputeCandidates = (id: string) => api.post<CandidatesAnswer>(`/api/awards/campaigns/${id}/candidates/recompute`, {});
export const nominate = (id: string, input: NominationInput) => api.post<NominationView>(`/api/awards/campaigns/${id}/nominations`, input);
export const setConsent = (id: string, n: NominationView, publicConsent: boolean) =>
  api.put<NominationView>(`/api/awards/campaigns/${id}/nominations/${n.id}/consent`, { publicConsent, version: n.version });
export const withdraw = (id: string, n: NominationView) => api.post<NominationView>(`/api/awards/campaigns/${id}/nominations/${n.id}/withdraw`, { version: n.version });
export const revoke = (id: string, n: NominationView, reason: string) => api.post<NominationView>(`/api/awards/campaigns/${id}/nominations/${n.id}/revoke`, { reason, version: n.version });
export const recordMeeting = (id: string, input: MeetingInput) => api.post<CouncilView>(`/api/awards/campaigns/${id}/council`, input);
export const decide = (id: string, input: DecisionInput) => api.post<CouncilView>(`/api/awards/campaigns/${id}/decisions`, input);

/** After any write: everything of the awards is asked again. */
export function useAwardsChanged() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: AWARDS_KEY });
}
