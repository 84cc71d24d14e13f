// Lists uploaded into the importer and left there: neither written into the registry nor
// discarded. Every batch of the area counts (a colleague's too): the page behind the link
// finishes or discards it.
import { can } from '../../../../shared/roles.ts';
import type { TodoItem } from '../../../../shared/todos.ts';
import { listBatches } from '../../imports/imports.queries.ts';
import type { TodoProvider } from './provider.ts';
import { formatMoment } from '../todo-text.ts';

/** More than this many unfinished imports are one item that leads to the list of imports. */
const SHOWN = 3;

export const importTodos: TodoProvider = {
  name: 'imports',
  async items(db, actor) {
    if (!can(actor.role, 'registry.write')) return [];
    const { rows, total } = await listBatches(db, actor.scope, 1, SHOWN, { status: 'uploaded' });
    if (total > SHOWN) {
      return [{
        key: 'imports-unfinished', kind: 'import_unfinished', title: `Hoàn tất ${total} lần nhập dữ liệu còn dở`,
        detail: `Tệp mới nhất: “${rows[0].file_name}”, tải lên lúc ${formatMoment(rows[0].created_at)}.`,
        href: '/nhap-du-lieu', dueOn: null, late: false, count: total,
      }];
    }
    return rows.map((batch) => ({
      key: `import:${batch.id}`,
      kind: 'import_unfinished',
      title: `Hoàn tất nhập tệp “${batch.file_name}”`,
      detail: `${batch.account_id === actor.accountId ? 'Bạn' : batch.account_name} tải lên lúc ${formatMoment(batch.created_at)}, chưa ghi vào danh sách.`,
      href: `/nhap-du-lieu/${batch.id}`,
      dueOn: null,
      late: false,
      count: null,
    } satisfies TodoItem));
  },
};
