// Tasks of section IV due within a week or overdue: each one of the account's own unit (an
// office's, a village head's for their village), and for those who follow every unit's
// (Phòng VH-XH, the leader) one line per other unit with overdue work. Tasks a report
// completes by itself are left to the reports' items.
import { addDays } from '../../../../shared/calendar.ts';
import { can } from '../../../../shared/roles.ts';
import { DUE_SOON_DAYS, TASK_UNITS, TASK_UNIT_LABELS, unitsOfRole, type TaskUnit } from '../../../../shared/tasks.ts';
import type { TodoItem } from '../../../../shared/todos.ts';
import { viDate } from '../../../../shared/vietnamese.ts';
import { periodLabel } from '../../tasks/task-occurrences.ts';
import { countOpenDueBy, openDueBy } from '../../tasks/tasks.queries.ts';
import type { TodoProvider } from './provider.ts';

/** More than this many of one's own tasks are one item that leads to the list. */
const SHOWN = 5;
const short = (text: string) => (text.length > 90 ? `${text.slice(0, 88).trimEnd()}…` : text);

export const taskTodos: TodoProvider = {
  name: 'tasks',
  async items(db, actor, today) {
    if (!can(actor.role, 'tasks.read')) return [];
    const until = addDays(today, DUE_SOON_DAYS);
    const own = unitsOfRole(actor.role);
    const items: TodoItem[] = [];
    if (own.length) {
      const rows = (await openDueBy(db, { scopePath: actor.scope.path, units: own, villageId: actor.role === 'village_head' ? actor.orgUnitId : null, until, limit: 200 }))
        .filter((r) => r.completes_with === null);
      const shown = rows.length > SHOWN + 1 ? rows.slice(0, SHOWN) : rows;
      for (const r of shown) {
        const period = periodLabel(r.period_start, r.period_end);
        items.push({
          key: `task:${r.id}`, kind: 'task_due', title: `Nhiệm vụ: ${short(r.title)}`,
          detail: `${period ? `${period} — ` : ''}hạn ${viDate(r.due_on)}${r.status === 'doing' ? ' (đang làm)' : ''}`,
          href: `/nhiem-vu/${r.id}`, dueOn: r.due_on, late: r.due_on < today, count: null,
        });
      }
      if (rows.length > shown.length) {
        const rest = rows.slice(shown.length);
        items.push({
          key: 'tasks-more', kind: 'task_due', title: `Còn ${rest.length} nhiệm vụ khác sắp đến hạn hoặc quá hạn`, detail: null,
          href: '/nhiem-vu', dueOn: rest[0].due_on, late: rest.some((r) => r.due_on < today), count: rest.length,
        });
      }
    }
    if (can(actor.role, 'tasks.manage') && actor.orgLevel === 'commune') {
      const counts = await countOpenDueBy(db, { scopePath: actor.scope.path, until: addDays(today, -1), today });
      for (const unit of TASK_UNITS) {
        if (own.includes(unit)) continue;
        const c = counts.find((x) => x.responsible === unit);
        if (!c || !c.late) continue;
        items.push({
          key: `tasks-overdue:${unit}`, kind: 'tasks_overdue', title: `${TASK_UNIT_LABELS[unit as TaskUnit]}: ${c.late} nhiệm vụ quá hạn`,
          detail: `Quá hạn từ ${viDate(c.first_due)}`, href: `/nhiem-vu?don-vi=${unit}&trang-thai=overdue`, dueOn: c.first_due, late: true, count: c.late,
        });
      }
    }
    return items;
  },
};
