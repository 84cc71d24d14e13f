// "Việc cần làm" as the landing page reads it (src/shared/todos.ts is the contract).
import { useQuery } from '@tanstack/react-query';
import type { TodoList } from '../../../shared/todos.ts';
import { api } from '../../app/api.ts';

export function useTodos() {
  // Always asked afresh when the home page opens: the work just done elsewhere must be gone.
  return useQuery({ queryKey: ['todos'], queryFn: () => api.get<TodoList>('/api/todos'), staleTime: 0 });
}
