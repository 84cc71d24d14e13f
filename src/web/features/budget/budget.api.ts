// The budget API as the desk uses it (src/shared/budget.ts is the contract).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AllowanceRates,
  AllowanceRatesInput,
  CommitmentInput,
  AllowanceSheetSummary,
  AllowanceSheetView,
  BudgetLineInput,
  BudgetLineView,
  BudgetRevisionInput,
  BudgetTotals,
  BudgetYearView,
  LinkOptions,
  SheetPostInput,
  SheetReviewInput,
  SpendingInput,
  SpendingListAnswer,
  SpendingView,
} from '../../../shared/budget.ts';
import { api, withQuery } from '../../app/api.ts';

export const BUDGET_KEY = ['budget'] as const;
type YearQuery = { orgUnitId: number; year: number };

export const useBudgetYear = (q: YearQuery, enabled = true) =>
  useQuery({ queryKey: [...BUDGET_KEY, 'year', q], queryFn: () => api.get<BudgetYearView>(withQuery('/api/budget', q)), enabled });
export const useBudgetTotals = (q: YearQuery, enabled = true) =>
  useQuery({ queryKey: [...BUDGET_KEY, 'totals', q], queryFn: () => api.get<BudgetTotals>(withQuery('/api/budget/totals', q)), enabled });
export const useBudgetLine = (id: string | null) =>
  useQuery({ queryKey: [...BUDGET_KEY, 'line', id], queryFn: () => api.get<BudgetLineView>(`/api/budget/lines/${id}`), enabled: Boolean(id) });
export const useSpending = (q: YearQuery & { page?: number }, enabled = true) =>
  useQuery({ queryKey: [...BUDGET_KEY, 'spending', q], queryFn: () => api.get<SpendingListAnswer>(withQuery('/api/budget/spending', { pageSize: 100, ...q })), enabled });
export const useLinkOptions = (q: YearQuery, enabled: boolean) =>
  useQuery({ queryKey: [...BUDGET_KEY, 'links', q], queryFn: () => api.get<LinkOptions>(withQuery('/api/budget/link-options', q)), enabled });
export const useRates = (year: number) =>
  useQuery({ queryKey: [...BUDGET_KEY, 'rates', year], queryFn: () => api.get<AllowanceRates>(withQuery('/api/budget/allowance-rates', { year })) });
export const useSheets = (q: YearQuery) =>
  useQuery({ queryKey: [...BUDGET_KEY, 'sheets', q], queryFn: () => api.get<{ items: AllowanceSheetSummary[] }>(withQuery('/api/budget/allowance-sheets', q)) });
export const useSheet = (id: string | null) =>
  useQuery({ queryKey: [...BUDGET_KEY, 'sheet', id], queryFn: () => api.get<AllowanceSheetView>(`/api/budget/allowance-sheets/${id}`), enabled: Boolean(id) });

export const createLine = (input: BudgetLineInput) => api.post<BudgetLineView>('/api/budget/lines', input);
export const reviseLine = (id: string, input: BudgetRevisionInput & { confirmOverrun?: boolean }) => api.post<BudgetLineView>(`/api/budget/lines/${id}/revisions`, input);
export const addCommitment = (input: CommitmentInput) => api.post<BudgetLineView>('/api/budget/commitments', input);
export const setRates = (input: AllowanceRatesInput) => api.put<AllowanceRates>('/api/budget/allowance-rates', input);
export const recordSpending = (input: SpendingInput) => api.post<SpendingView>('/api/budget/spending', input);
export const deleteSpending = (id: string) => api.delete<{ id: string }>(`/api/budget/spending/${id}`);
export const buildSheet = (input: { id: string; orgUnitId: number; year: number; month: number; lineId: string }) => api.post<AllowanceSheetView>('/api/budget/allowance-sheets', input);
export const reviewSheet = (id: string, input: SheetReviewInput) => api.post<AllowanceSheetView>(`/api/budget/allowance-sheets/${id}/review`, input);
export const postSheet = (id: string, input: SheetPostInput) => api.post<AllowanceSheetView>(`/api/budget/allowance-sheets/${id}/post`, input);
export const deleteSheet = (id: string) => api.delete<{ id: string }>(`/api/budget/allowance-sheets/${id}`);
export const settleYear = (input: { orgUnitId: number; year: number; note?: string }) => api.post<BudgetYearView>('/api/budget/settle', input);

/** After any budget write: everything of the budget is asked again. */
export function useBudgetChanged() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: BUDGET_KEY });
}
