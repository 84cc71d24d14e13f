// The list is made of what each provider gives, late work first, then by due day, then the
// undated work in the providers' order; a new provider adds its items without touching others.
import { describe, expect, it } from 'vitest';
import type { TodoItem } from '../../../shared/todos.ts';
import type { Actor } from '../../http/actor.ts';
import { listTodos, type TodoProvider } from './todos.service.ts';

const item = (key: string, extra: Partial<TodoItem> = {}): TodoItem => ({
  key, kind: 'report_write', title: key, detail: null, href: '/', dueOn: null, late: false, count: null, ...extra,
});
const provider = (name: string, items: TodoItem[]): TodoProvider => ({ name, items: async () => items });
const actor = { role: 'culture_office' } as Actor;
const db = {} as never;

describe('listTodos', () => {
  it('puts late work first, then the nearest due day, then undated work in provider order', async () => {
    const list = await listTodos(db, actor, '2026-12-08', [
      provider('a', [item('undated-a'), item('due-later', { dueOn: '2026-12-20' })]),
      provider('b', [item('late-recent', { dueOn: '2026-12-05', late: true }), item('undated-b'), item('late-old', { dueOn: '2026-10-03', late: true })]),
      provider('c', [item('due-soon', { dueOn: '2026-12-10' })]),
    ]);
    expect(list).toEqual({
      asOf: '2026-12-08',
      items: ['late-old', 'late-recent', 'due-soon', 'due-later', 'undated-a', 'undated-b'].map((key) => expect.objectContaining({ key })),
    });
  });

  it('passes each provider the actor and the day', async () => {
    const seen: unknown[] = [];
    await listTodos(db, actor, '2027-01-02', [{ name: 'x', items: async (_db, a, today) => { seen.push([a.role, today]); return []; } }]);
    expect(seen).toEqual([['culture_office', '2027-01-02']]);
  });
});
