// The schools, enterprises and cooperatives API as the desk uses it (src/shared/organizations.ts is the contract).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrganizationInput, OrganizationKind, OrganizationList, OrganizationPeopleAnswer, OrganizationView } from '../../../shared/organizations.ts';
import { api } from '../../app/api.ts';

export const ORGANIZATIONS_KEY = ['organizations'] as const;

export function useOrganizations(filter: { kind?: OrganizationKind } = {}) {
  return useQuery({ queryKey: [...ORGANIZATIONS_KEY, 'list', filter], queryFn: () => api.get<OrganizationList>('/api/organizations', filter) });
}

export function useOrganization(id: string | undefined) {
  return useQuery({ queryKey: [...ORGANIZATIONS_KEY, 'one', id], queryFn: () => api.get<OrganizationView>(`/api/organizations/${id}`), enabled: Boolean(id) });
}

export const createOrganization = (input: OrganizationInput) => api.post<OrganizationView>('/api/organizations', input);
export const linkPeople = (id: string, input: { add?: string[]; remove?: string[] }) => api.post<OrganizationPeopleAnswer>(`/api/organizations/${id}/people`, input);

export function useOrganizationsChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ORGANIZATIONS_KEY });
}
