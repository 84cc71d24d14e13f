// The caller's part of the org tree (province → commune → village), cached for the session.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { OrgLevel } from '../../../shared/org-units.ts';
import { api } from '../../app/api.ts';
import { unitName } from '../../app/format.ts';
import type { OrgUnit } from '../../app/types.ts';

export const ORG_UNITS_KEY = ['org-units'] as const;

export interface OrgTree {
  units: OrgUnit[];
  byId: Map<number, OrgUnit>;
  children: (id: number | null) => OrgUnit[];
  roots: OrgUnit[];
  villages: OrgUnit[];
  ofLevel: (level: OrgLevel) => OrgUnit[];
  /** "Thôn Nà Mè, Xã Bạch Ngọc" — the unit with its parents inside the caller's scope. */
  fullName: (id: number) => string;
  /** The unit's name as people say it ("Xã Bạch Ngọc"). */
  name: (id: number | null | undefined) => string;
}

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });

export function buildOrgTree(units: OrgUnit[]): OrgTree {
  const byId = new Map(units.map((u) => [u.id, u]));
  const childMap = new Map<number | null, OrgUnit[]>();
  for (const u of units) {
    const parent = u.parentId !== null && byId.has(u.parentId) ? u.parentId : null;
    const list = childMap.get(parent) ?? [];
    list.push(u);
    childMap.set(parent, list);
  }
  for (const list of childMap.values()) list.sort((a, b) => collator.compare(a.name, b.name));
  const children = (id: number | null) => childMap.get(id) ?? [];
  return {
    units,
    byId,
    children,
    roots: children(null),
    villages: units.filter((u) => u.level === 'village').sort((a, b) => collator.compare(a.name, b.name)),
    ofLevel: (level) => units.filter((u) => u.level === level).sort((a, b) => collator.compare(a.name, b.name)),
    fullName: (id) => {
      const names: string[] = [];
      let u = byId.get(id);
      while (u) {
        names.push(unitName(u.name, u.level));
        u = u.parentId !== null ? byId.get(u.parentId) : undefined;
      }
      return names.join(', ');
    },
    name: (id) => {
      const u = id == null ? undefined : byId.get(id);
      return u ? unitName(u.name, u.level) : '';
    },
  };
}

export function useOrgUnits(options: { includeInactive?: boolean } = {}) {
  const includeInactive = options.includeInactive ?? false;
  const query = useQuery({
    queryKey: [...ORG_UNITS_KEY, { includeInactive }],
    queryFn: () => api.get<{ items: OrgUnit[] }>('/api/org-units', includeInactive ? { includeInactive: true } : undefined),
    staleTime: 10 * 60_000,
  });
  const tree = useMemo(() => buildOrgTree(query.data?.items ?? []), [query.data]);
  return { ...query, tree };
}
