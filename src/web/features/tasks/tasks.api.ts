// The tasks API as the desk uses it (src/shared/tasks.ts is the contract).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdhocTaskInput,
  OccurrenceDetail,
  OccurrenceList,
  ProgressInput,
  TaskBoard,
  TaskInput,
  TaskOverview,
  TaskShownStatus,
  TaskUnit,
  TaskView,
} from '../../../shared/tasks.ts';
import { api, withQuery } from '../../app/api.ts';

export const TASKS_KEY = ['tasks'] as const;

export interface TaskFilter {
  year?: number;
  month?: number;
  responsible?: TaskUnit;
  status?: TaskShownStatus;
  mine?: boolean;
  page?: number;
  pageSize?: number;
}

export function useTaskList(filter: TaskFilter) {
  const query = { pageSize: 100, ...filter };
  return useQuery({ queryKey: [...TASKS_KEY, 'list', query], queryFn: () => api.get<OccurrenceList>(withQuery('/api/tasks', query)), placeholderData: keepPreviousData });
}

export function useOccurrence(id: string | undefined) {
  return useQuery({ queryKey: [...TASKS_KEY, 'one', id], queryFn: () => api.get<OccurrenceDetail>(`/api/tasks/occurrences/${id}`), enabled: Boolean(id) });
}

export function useTaskBoard(year: number, enabled: boolean) {
  return useQuery({ queryKey: [...TASKS_KEY, 'board', year], queryFn: () => api.get<TaskBoard>(withQuery('/api/tasks/board', { year })), enabled, placeholderData: keepPreviousData });
}

export function useTaskOverview(year: number) {
  return useQuery({ queryKey: [...TASKS_KEY, 'overview', year], queryFn: () => api.get<TaskOverview>(withQuery('/api/tasks/overview', { year })), placeholderData: keepPreviousData });
}

export const createTask = (input: TaskInput) => api.post<TaskView>('/api/tasks', input);
export const createAdhocTask = (input: AdhocTaskInput) => api.post<OccurrenceDetail>('/api/tasks/adhoc', input);
export const saveProgress = (id: string, input: ProgressInput) => api.put<OccurrenceDetail>(`/api/tasks/occurrences/${id}/progress`, input);

export function useTasksChanged() {
  const client = useQueryClient();
  return (detail?: OccurrenceDetail) => {
    if (detail) client.setQueryData([...TASKS_KEY, 'one', detail.id], detail);
    void client.invalidateQueries({ queryKey: [...TASKS_KEY, 'list'] });
    void client.invalidateQueries({ queryKey: [...TASKS_KEY, 'board'] });
    void client.invalidateQueries({ queryKey: ['todos'] });
  };
}
