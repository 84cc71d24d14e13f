// Households where nobody can use digital services and no team member looks after them yet
// ("cần phân công"), for those who assign households (teams.assign). A count per village, never
// the households' names: the assignment page behind the link shows them.
import { can } from '../../../../shared/roles.ts';
import type { TodoItem } from '../../../../shared/todos.ts';
import { listVillageTeams } from '../../teams/teams.queries.ts';
import type { TodoProvider } from './provider.ts';
import { namesOf } from '../todo-text.ts';

export const householdTodos: TodoProvider = {
  name: 'households',
  async items(db, actor) {
    if (!can(actor.role, 'teams.assign')) return [];
    const { rows, summary } = await listVillageTeams(db, actor.scope, { filter: 'needs_assignment', page: 1, pageSize: 500 }, null);
    const total = summary?.needs_assignment ?? 0;
    if (total === 0) return [];
    const one = rows.length === 1 ? rows[0] : null;
    return [{
      key: 'households-unassigned',
      kind: 'households_unassigned',
      title: `Phân công người phụ trách cho ${total} hộ cần hỗ trợ`,
      detail: one
        ? `${one.village_name}: hộ không có ai sử dụng được dịch vụ số, chưa có thành viên Tổ CNSCĐ phụ trách.`
        : `Hộ không có ai sử dụng được dịch vụ số, chưa có người phụ trách: ${namesOf(rows.map((r) => `${r.village_name} (${r.needs_assignment})`))}.`,
      href: one ? `/phan-cong-ho?thon=${one.village_id}&loc=can` : '/to-cnscd?loc=can-phan-cong',
      dueOn: null,
      late: false,
      count: total,
    } satisfies TodoItem];
  },
};
