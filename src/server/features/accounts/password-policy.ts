// The password policy checked wherever a person chooses a password (the change-password form
// after a temporary one, or any later change): long enough for the role (shared/accounts.ts),
// a letter in it, not a common or breached password (common-passwords.ts, ≈49,000 from the
// leaked lists zxcvbn-ts ships), not that list's word with digits or signs around it
// ("password2024!"), not the username, the person's phone or one repeated or counted
// character. NIST SP 800-63B's advice: length and a blocklist, no composition puzzles.
import { passwordMinLength } from '../../../shared/accounts.ts';
import type { Role } from '../../../shared/roles.ts';
import { foldVietnamese } from '../../../shared/vietnamese.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(COMMON_PASSWORDS.split('\n')));

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return true;
  // The list's word dressed up: digits, signs and spaces around it, a capital, "@" for "a".
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  const plain = foldVietnamese(lower).replace(/[\s._-]+/g, '');
  return (core.length >= 4 && list.has(core)) || list.has(plain) || list.has(core.replaceAll('@', 'a').replaceAll('0', 'o'));
}

/** Why a password may not be used, in Vietnamese, or null when it may. */
export function passwordProblem(password: string, account: { role: Role; username: string; phone?: string | null }): string | null {
  const min = passwordMinLength(account.role);
  if ([...password].length < min) return `Mật khẩu phải có ít nhất ${min} ký tự.`;
  if (!/\p{L}/u.test(password)) return 'Mật khẩu phải có chữ cái, không chỉ chữ số (một dãy số dễ là ngày sinh hay số điện thoại).';
  const lower = password.toLowerCase();
  if (account.username.length >= 3 && lower.includes(account.username.toLowerCase())) return 'Mật khẩu không được chứa tên đăng nhập.';
  const phone = account.phone?.replace(/\D/g, '').slice(-9) ?? '';
  if (phone.length === 9 && password.replace(/\D/g, '').includes(phone)) return 'Mật khẩu không được chứa số điện thoại.';
  if (new Set(lower).size <= 3) return 'Mật khẩu quá đơn giản (lặp lại vài ký tự).';
  if (isCommonPassword(password)) return 'Mật khẩu này quá phổ biến (có trong danh sách mật khẩu hay bị lộ). Hãy chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ.';
  return null;
}
