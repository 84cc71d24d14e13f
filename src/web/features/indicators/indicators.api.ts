// The indicators API as the desk pages use it: the dashboard's figures, the people or
// households behind a figure, and targets. Shapes mirror server/features/indicators.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Figure, IndicatorCode, IndicatorFigure, Period, PeriodType, SupportCounts, TargetView } from '../../../shared/indicators.ts';
import type { NotDoneReason } from '../../../shared/support.ts';
import { api, withQuery } from '../../app/api.ts';
import { unitName } from '../../app/format.ts';

export type { Figure, IndicatorFigure, SupportCounts, TargetView };

export interface UnitFigures {
  id: number;
  name: string;
  level: 'province' | 'commune' | 'village';
  residents: number;
  households: number;
  indicators: Record<IndicatorCode, IndicatorFigure>;
  counts: SupportCounts;
}

export interface Dashboard {
  unit: { id: number; name: string; level: UnitFigures['level'] };
  period: Period;
  asOf: string;
  pendingVillages: number;
  computedLive: number;
  summary: UnitFigures;
  children: UnitFigures[];
  series: {
    startOfYear: { end: string; values: Record<IndicatorCode, Figure> };
    months: Array<{ month: number; end: string; values: Record<IndicatorCode, Figure> }>;
  };
  counts: {
    period: SupportCounts;
    months: Array<{ month: number } & SupportCounts>;
  };
}

export interface IndicatorSelection {
  orgUnitId?: number | null;
  period: PeriodType;
  year?: number | null;
  month?: number | null;
}

const selectionQuery = (s: IndicatorSelection) => ({ orgUnitId: s.orgUnitId ?? undefined, period: s.period, year: s.year ?? undefined, month: s.month ?? undefined });

export const INDICATORS_KEY = ['indicators'] as const;

export function useDashboard(selection: IndicatorSelection) {
  return useQuery({
    queryKey: [...INDICATORS_KEY, 'dashboard', selectionQuery(selection)],
    queryFn: () => api.get<Dashboard>(withQuery('/api/indicators', selectionQuery(selection))),
    placeholderData: keepPreviousData,
    // Figures follow syncs within seconds: a desk left open stays current.
    refetchInterval: 60_000,
  });
}

export interface PersonListItem {
  personId: string;
  fullName: string;
  sex: string | null;
  birthDate: string | null;
  birthYear: number | null;
  age: number | null;
  phone: string | null;
  hasSmartphone: boolean | null;
  householdId: string;
  householdCode: string | null;
  address: string | null;
  hamletGroup: string | null;
  villageId: number;
  villageName: string;
  reached: boolean;
  extra: boolean;
  lastVisitOn: string | null;
  lastActionOn: string | null;
  lastReason: NotDoneReason | null;
}

export interface HouseholdListItem {
  householdId: string;
  householdCode: string | null;
  address: string | null;
  hamletGroup: string | null;
  phone: string | null;
  headName: string | null;
  members: number;
  villageId: number;
  villageName: string;
  reached: boolean;
  coveredByMember: boolean;
  noCapableMember: boolean;
  assignedMemberName: string | null;
  lastVisitOn: string | null;
  lastReason: NotDoneReason | null;
}

export interface IndicatorList<T> {
  code: IndicatorCode;
  unit: Dashboard['unit'];
  period: Period;
  reached: boolean | null;
  extra: boolean;
  page: number;
  pageSize: number;
  /** The length of this list (the filter asked for). */
  total: number;
  /** Every tab's length, whatever the filter. */
  counts: { reached: number; notReached: number; all: number; extra: number };
  items: T[];
}

export interface ListSelection extends IndicatorSelection {
  reached?: boolean | null;
  /** Only those counted beside the ratio (HGD: households covered by the team member). */
  extra?: boolean;
  page: number;
  pageSize: number;
}

export function indicatorListPath(code: IndicatorCode, subject: 'person' | 'household', s: ListSelection) {
  return withQuery(`/api/indicators/${code}/${subject === 'person' ? 'people' : 'households'}`, {
    ...selectionQuery(s),
    reached: s.reached === null || s.reached === undefined ? undefined : String(s.reached),
    extra: s.extra ? 'true' : undefined,
    page: s.page,
    pageSize: s.pageSize,
  });
}

export function useIndicatorList<T extends PersonListItem | HouseholdListItem>(code: IndicatorCode, subject: 'person' | 'household', s: ListSelection, enabled = true) {
  return useQuery({
    queryKey: [...INDICATORS_KEY, 'list', code, subject, s],
    queryFn: () => api.get<IndicatorList<T>>(indicatorListPath(code, subject, s)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface UnitTargets {
  id: number;
  name: string;
  level: UnitFigures['level'];
  canEdit: boolean;
  targets: Array<{ code: IndicatorCode; own: number | null; effective: TargetView | null }>;
}

export interface TargetsAnswer {
  year: number;
  unit: Dashboard['unit'];
  units: UnitTargets[];
}

export const TARGETS_KEY = ['targets'] as const;

export function useTargets(orgUnitId: number | null | undefined, year: number) {
  return useQuery({
    queryKey: [...TARGETS_KEY, orgUnitId ?? null, year],
    queryFn: () => api.get<TargetsAnswer>(withQuery('/api/targets', { orgUnitId: orgUnitId ?? undefined, year })),
    placeholderData: keepPreviousData,
  });
}

/** The label of where a target comes from ("Kế hoạch năm 2026", "Xã Bạch Ngọc giao"). */
export function targetSourceLabel(target: TargetView): string {
  return 'plan' in target.source ? target.source.plan : `${unitName(target.source.name, target.source.level)} giao`;
}
