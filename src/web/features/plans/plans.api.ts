// The plans API as the desk uses it (src/shared/plans.ts is the contract).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { PlanListAnswer, PlanUpdate, PlanView } from '../../../shared/plans.ts';
import { api, withQuery } from '../../app/api.ts';

export const PLANS_KEY = ['plans'] as const;

export function usePlans(orgUnitId?: number) {
  return useQuery({ queryKey: [...PLANS_KEY, 'list', orgUnitId], queryFn: () => api.get<PlanListAnswer>(withQuery('/api/plans', { orgUnitId })) });
}

export function usePlan(id: string | undefined) {
  return useQuery({ queryKey: [...PLANS_KEY, 'one', id], queryFn: () => api.get<PlanView>(`/api/plans/${id}`), enabled: Boolean(id) });
}

export const savePlan = (id: string, input: PlanUpdate) => api.put<PlanView>(`/api/plans/${id}`, input);
export const approvePlan = (id: string, version: number) => api.post<PlanView>(`/api/plans/${id}/approve`, { version });
export const draftNextYear = (id: string, newId: string) => api.post<PlanView>(`/api/plans/${id}/next-year`, { id: newId });

export function usePlanUpdated() {
  const client = useQueryClient();
  return (plan: PlanView) => {
    client.setQueryData([...PLANS_KEY, 'one', plan.id], plan);
    void client.invalidateQueries({ queryKey: [...PLANS_KEY, 'list'] });
  };
}
