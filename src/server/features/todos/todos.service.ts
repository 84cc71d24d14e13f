// "Việc cần làm": what an account must act on now, gathered from one provider per kind of
// work. A feature that brings new work (backups, tasks with due dates, awards) adds a file in
// providers/ and one line in TODO_PROVIDERS; no provider knows of another. Each provider
// decides from the actor's role whether the work is theirs, reads through its feature's own
// query functions, scoped to the actor's area in SQL, and gives counts, not names, where the
// role may not see names.
import type { Kysely } from 'kysely';
import { todayInVietnam } from '../../../shared/calendar.ts';
import type { TodoItem, TodoList } from '../../../shared/todos.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { lockedAccountTodos } from './providers/accounts.ts';
import { backupTodos } from './providers/backups.ts';
import { householdTodos } from './providers/households.ts';
import { importTodos } from './providers/imports.ts';
import type { TodoProvider } from './providers/provider.ts';
import { reportTodos } from './providers/reports.ts';
import { taskTodos } from './providers/tasks.ts';

export type { TodoProvider };

/** In the order items of equal urgency are shown. */
export const TODO_PROVIDERS: readonly TodoProvider[] = [backupTodos, reportTodos, taskTodos, householdTodos, importTodos, lockedAccountTodos];

/** Late first, then the nearest due day, then undated work in the providers' order. */
export function byUrgency(a: TodoItem, b: TodoItem): number {
  if (a.late !== b.late) return a.late ? -1 : 1;
  if (a.dueOn && b.dueOn) return a.dueOn.localeCompare(b.dueOn);
  if (a.dueOn || b.dueOn) return a.dueOn ? -1 : 1;
  return 0;
}

export async function listTodos(db: Kysely<DB>, actor: Actor, today = todayInVietnam(), providers: readonly TodoProvider[] = TODO_PROVIDERS): Promise<TodoList> {
  const lists = await Promise.all(providers.map((p) => p.items(db, actor, today)));
  // Array.prototype.sort is stable: equal items keep the providers' order.
  return { asOf: today, items: lists.flat().sort(byUrgency) };
}
