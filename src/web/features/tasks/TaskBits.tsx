// Small pieces of the tasks' pages: the status badge (quá hạn in red), the due line.
import { Badge } from '@mantine/core';
import { TASK_STATUS_LABELS, type TaskShownStatus } from '../../../shared/tasks.ts';

const COLORS: Record<TaskShownStatus, string> = { todo: 'gray', doing: 'blue', done: 'teal', overdue: 'red' };

export function TaskStatusBadge({ shown, doneLate }: { shown: TaskShownStatus; doneLate?: boolean }) {
  return (
    <Badge color={COLORS[shown]} variant={shown === 'overdue' ? 'filled' : 'light'} data-testid="task-status" data-status={shown}>
      {TASK_STATUS_LABELS[shown]}{shown === 'done' && doneLate ? ' (muộn)' : ''}
    </Badge>
  );
}
