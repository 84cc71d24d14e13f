// The trainings API as the desk uses it (src/shared/trainings.ts is the contract).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AttendanceInput,
  NeverTrainedAnswer,
  SignInSheet,
  TrainingFigures,
  TrainingInput,
  TrainingListAnswer,
  TrainingStatus,
  TrainingUpdate,
  TrainingView,
} from '../../../shared/trainings.ts';
import { api, withQuery } from '../../app/api.ts';

export const TRAININGS_KEY = ['trainings'] as const;

export function useTrainingList(filter: { year?: number; status?: TrainingStatus; orgUnitId?: number; page?: number }) {
  const query = { pageSize: 100, ...filter };
  return useQuery({
    queryKey: [...TRAININGS_KEY, 'list', query],
    queryFn: () => api.get<TrainingListAnswer>(withQuery('/api/trainings', query)),
    placeholderData: keepPreviousData,
  });
}

export function useTraining(id: string | undefined) {
  return useQuery({ queryKey: [...TRAININGS_KEY, 'one', id], queryFn: () => api.get<TrainingView>(`/api/trainings/${id}`), enabled: Boolean(id) });
}

export function useSignInSheet(id: string | undefined) {
  return useQuery({ queryKey: [...TRAININGS_KEY, 'sheet', id], queryFn: () => api.get<SignInSheet>(`/api/trainings/${id}/sign-in-sheet`), enabled: Boolean(id) });
}

export function useTrainingFigures(query: { orgUnitId?: number; from?: string; to?: string }, enabled = true) {
  return useQuery({
    queryKey: [...TRAININGS_KEY, 'figures', query],
    queryFn: () => api.get<TrainingFigures>(withQuery('/api/trainings/figures', query)),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useNeverTrained(query: { orgUnitId?: number; asOf?: string }, enabled: boolean) {
  return useQuery({
    queryKey: [...TRAININGS_KEY, 'never', query],
    queryFn: () => api.get<NeverTrainedAnswer>(withQuery('/api/trainings/never-trained', query)),
    enabled,
  });
}

export const createTraining = (input: TrainingInput) => api.post<TrainingView>('/api/trainings', input);
export const changeTraining = (id: string, input: TrainingUpdate) => api.put<TrainingView>(`/api/trainings/${id}`, input);
export const saveAttendance = (id: string, input: Omit<AttendanceInput, 'trainingId'>) => api.put<TrainingView>(`/api/trainings/${id}/attendance`, input);
export const addTrainingPhotos = (id: string, photoIds: string[]) => api.post<TrainingView>(`/api/trainings/${id}/photos`, { photoIds });
export const removeTrainingPhoto = (id: string, attachmentId: string) => api.delete<TrainingView>(`/api/trainings/${id}/photos/${attachmentId}`);

/** After a write: the training's page shows the answer, lists and figures are asked again. */
export function useTrainingUpdated() {
  const client = useQueryClient();
  return (view: TrainingView) => {
    client.setQueryData([...TRAININGS_KEY, 'one', view.id], view);
    void client.invalidateQueries({ queryKey: [...TRAININGS_KEY, 'list'] });
    void client.invalidateQueries({ queryKey: [...TRAININGS_KEY, 'figures'] });
    void client.invalidateQueries({ queryKey: [...TRAININGS_KEY, 'never'] });
    void client.invalidateQueries({ queryKey: [...TRAININGS_KEY, 'sheet', view.id] });
  };
}
