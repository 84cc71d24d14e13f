// The reports API as the desk pages use it (src/shared/reports.ts is the contract): open a
// unit's report for a period, read one, the lists and the overview of who has reported, and
// the moves between states. Every move sends the version read, so two officers cannot both win.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ReportKind,
  ReportListAnswer,
  ReportOpen,
  ReportOverviewRow,
  ReportRecomputeAnswer,
  ReportSave,
  ReportStatus,
  ReportView,
} from '../../../shared/reports.ts';
import { api, withQuery } from '../../app/api.ts';

export type { ReportListItem } from '../../../shared/reports.ts';

export const REPORTS_KEY = ['reports'] as const;

export interface ReportListFilter {
  kind?: ReportKind;
  orgUnitId?: number;
  year?: number;
  status?: ReportStatus;
  pageSize?: number;
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: [...REPORTS_KEY, 'one', id],
    queryFn: () => api.get<ReportView>(`/api/reports/${id}`),
    enabled: Boolean(id),
  });
}

export function useReportList(filter: ReportListFilter, enabled = true) {
  const query = { pageSize: 50, ...filter };
  return useQuery({
    queryKey: [...REPORTS_KEY, 'list', query],
    queryFn: () => api.get<ReportListAnswer>(withQuery('/api/reports', query)),
    enabled,
  });
}

export function useReportOverview(query: { kind: ReportKind; orgUnitId?: number; year: number; month: number }, enabled = true) {
  return useQuery({
    queryKey: [...REPORTS_KEY, 'overview', query],
    queryFn: () => api.get<ReportOverviewRow[]>(withQuery('/api/reports/overview', query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export const openReport = (input: ReportOpen) => api.post<ReportView>('/api/reports/open', input);
export const saveReport = (id: string, input: ReportSave) => api.patch<ReportView>(`/api/reports/${id}`, input);
export const recomputeReport = (id: string, version: number) => api.post<ReportRecomputeAnswer>(`/api/reports/${id}/recompute`, { version });
export const submitReport = (id: string, version: number) => api.post<ReportView>(`/api/reports/${id}/submit`, { version });
export const acceptReport = (id: string, version: number) => api.post<ReportView>(`/api/reports/${id}/accept`, { version });
export const approveReport = (id: string, version: number) => api.post<ReportView>(`/api/reports/${id}/approve`, { version });
export const returnReport = (id: string, version: number, comment: string) => api.post<ReportView>(`/api/reports/${id}/return`, { version, comment });

/** After a move: the report shown is the answer; lists and overviews are asked again. */
export function useReportUpdated() {
  const queryClient = useQueryClient();
  return (report: ReportView) => {
    queryClient.setQueryData([...REPORTS_KEY, 'one', report.id], report);
    void queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, 'overview'] });
  };
}
