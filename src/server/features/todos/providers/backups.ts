// No backup that verified for more than two days (or none at all): the administrator and
// Phòng VH-XH are told on their home page, since a lost laptop would lose the commune's data.
import { BACKUP_STALE_DAYS } from '../../../../shared/backups.ts';
import type { TodoItem } from '../../../../shared/todos.ts';
import { databaseBornAt, lastGoodBackup } from '../../backups/backups.queries.ts';
import type { TodoProvider } from './provider.ts';
import { formatMoment } from '../todo-text.ts';

export const backupTodos: TodoProvider = {
  name: 'backups',
  async items(db, actor) {
    if (actor.role !== 'admin' && actor.role !== 'culture_office') return [];
    const last = await lastGoodBackup(db);
    const at = last?.finished_at ?? null;
    const staleAfter = Date.now() - BACKUP_STALE_DAYS * 86_400_000;
    if (at && at.getTime() >= staleAfter) return [];
    // A database made in the last two days has had no night to be backed up yet.
    if (!at && ((await databaseBornAt(db))?.getTime() ?? Date.now()) >= staleAfter) return [];
    const admin = actor.role === 'admin';
    return [{
      key: 'backup-stale', kind: 'backup_stale',
      title: at ? `Sao lưu dữ liệu: bản tốt gần nhất đã quá ${BACKUP_STALE_DAYS} ngày` : 'Sao lưu dữ liệu: chưa có bản sao lưu nào',
      detail: (at ? `Bản sao lưu tốt gần nhất lúc ${formatMoment(at)}. ` : '') +
        (admin ? 'Bấm “Sao lưu ngay” và xem vì sao bản hằng đêm không chạy.' : 'Báo quản trị viên kiểm tra việc sao lưu hằng đêm.'),
      href: admin ? '/sao-luu' : '/',
      dueOn: null, late: true, count: null,
    } satisfies TodoItem];
  },
};
