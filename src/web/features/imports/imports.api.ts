// The import endpoints as the wizard uses them: the batch, its preview and the changes an
// officer makes (mapping, row fixes, skips, commit, undo).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ImportBatchView, ImportHouseholdOption, ImportPreview, ImportRowView, ImportSummary, PreviewFilter, RowFixInput, SheetMappingInput,
} from '../../../shared/imports.ts';
import { api } from '../../app/api.ts';
import { notifyError } from '../../components/forms.ts';

export const batchKey = (id: string) => ['imports', id] as const;

export function useBatch(id: string) {
  return useQuery({ queryKey: batchKey(id), queryFn: () => api.get<ImportBatchView>(`/api/imports/${id}`), staleTime: 0 });
}

export function usePreview(id: string, show: PreviewFilter, page: number, pageSize: number, enabled = true) {
  return useQuery({
    queryKey: [...batchKey(id), 'preview', { show, page, pageSize }],
    queryFn: () => api.get<ImportPreview>(`/api/imports/${id}/preview`, { show, page, pageSize }),
    enabled,
    placeholderData: (previous) => previous,
    staleTime: 0,
  });
}

/** Households a waiting row may join (the file's, then the registry's matching `q`); asked only while the picker is open. */
export function useHouseholdOptions(id: string, row: { sheetIndex: number; rowNumber: number }, q: string, enabled: boolean) {
  return useQuery({
    queryKey: [...batchKey(id), 'preview', 'household-options', row.sheetIndex, row.rowNumber, q],
    queryFn: () => api.get<{ items: ImportHouseholdOption[] }>(`/api/imports/${id}/household-options`, { sheet: row.sheetIndex, row: row.rowNumber, q: q || undefined }),
    enabled,
    placeholderData: (previous) => previous,
  });
}

/** Any change to the batch makes every preview page stale. */
function useRefresh(id: string) {
  const client = useQueryClient();
  return {
    batch: (batch: ImportBatchView) => {
      client.setQueryData(batchKey(id), batch);
      void client.invalidateQueries({ queryKey: [...batchKey(id), 'preview'] });
    },
    previews: () => client.invalidateQueries({ queryKey: [...batchKey(id), 'preview'] }),
    all: () => client.invalidateQueries({ queryKey: ['imports'] }),
  };
}

export function useUpdateMapping(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (sheet: SheetMappingInput) => api.put<ImportBatchView>(`/api/imports/${id}/mapping`, { sheets: [sheet] }),
    onSuccess: refresh.batch,
    onError: (error) => notifyError(error, 'Chưa lưu được cách ghép cột'),
  });
}

export function useFixRow(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: ({ sheetIndex, rowNumber, input }: { sheetIndex: number; rowNumber: number; input: RowFixInput }) =>
      api.patch<{ row: ImportRowView | null; summary: ImportSummary }>(`/api/imports/${id}/rows/${sheetIndex}/${rowNumber}`, input),
    onSuccess: () => refresh.previews(),
  });
}

export function useSkipErrors(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: () => api.post<{ skipped: number; summary: ImportSummary }>(`/api/imports/${id}/skip-errors`),
    onSuccess: () => refresh.previews(),
    onError: (error) => notifyError(error, 'Chưa bỏ qua được'),
  });
}

export function useCommit(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (confirmWarnings: boolean) => api.post<{ batch: ImportBatchView; summary: ImportSummary }>(`/api/imports/${id}/commit`, { confirmWarnings }),
    onSuccess: (result) => {
      refresh.batch(result.batch);
      void refresh.all();
    },
  });
}

export function useUndo(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: () => api.post<ImportBatchView>(`/api/imports/${id}/undo`),
    onSuccess: (batch) => {
      refresh.batch(batch);
      void refresh.all();
    },
  });
}

export function useDiscard(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: () => api.delete<ImportBatchView>(`/api/imports/${id}`),
    onSuccess: (batch) => {
      refresh.batch(batch);
      void refresh.all();
    },
    onError: (error) => notifyError(error, 'Chưa hủy được'),
  });
}

/** Spreadsheet column letter: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
