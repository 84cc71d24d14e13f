// For whoever manages accounts: accounts that cannot log in now because the login throttle
// locked them after repeated wrong passwords. The lock lifts by itself; resetting the
// password (on the accounts page) lifts it at once.
import { can } from '../../../../shared/roles.ts';
import type { TodoItem } from '../../../../shared/todos.ts';
import type { TodoProvider } from './provider.ts';
import { lockedAccounts } from '../todos.queries.ts';
import { formatMoment, namesOf } from '../todo-text.ts';

export const lockedAccountTodos: TodoProvider = {
  name: 'accounts',
  async items(db, actor) {
    if (!can(actor.role, 'accounts.manage')) return [];
    const locked = await lockedAccounts(db, actor.scope);
    if (!locked.length) return [];
    const one = locked.length === 1 ? locked[0] : null;
    return [{
      key: 'accounts-locked',
      kind: 'accounts_locked',
      title: one ? `Tài khoản ${one.username} đang bị tạm khóa đăng nhập` : `${locked.length} tài khoản đang bị tạm khóa đăng nhập`,
      detail: one
        ? `${one.full_name}: nhập sai mật khẩu nhiều lần${one.addresses > 1 ? ` từ ${one.addresses} địa chỉ khác nhau (có thể ai đó đang dò mật khẩu)` : ''}; chỉ địa chỉ đó bị chặn, tự mở lúc ${formatMoment(one.locked_until)}, hoặc đặt lại mật khẩu để mở ngay.`
        : `${namesOf(locked.map((a) => a.username))}: nhập sai mật khẩu nhiều lần.`,
      href: one ? `/tai-khoan?q=${encodeURIComponent(one.username)}` : '/tai-khoan',
      dueOn: null,
      late: false,
      count: one ? null : locked.length,
    } satisfies TodoItem];
  },
};
