// Inputs of login and account management, shared by the server's validation and web forms.
import { ROLES, type Role } from './roles.ts';
import { PhoneSchema, z } from './validation.ts';
import { pageQuery } from './pagination.ts';

/**
 * Password length by the kind of account (README, Đăng nhập): a desk role reads a commune's or
 * a province's registry from a shared office computer, so at least 12 characters; a phone
 * role (village head, team leader and member) sees one village, types its password rarely on a
 * phone keyboard (the session lasts, the field app opens with a PIN), so at least 10, with a
 * letter in it: 8 digits are a birth date or a phone number. Every role's password is checked
 * on the server against a list of common and breached passwords (password-policy.ts).
 */
export const PASSWORD_MIN_LENGTH = { desk: 12, phone: 10 } as const;
export const PHONE_ROLES: readonly Role[] = ['village_head', 'team_leader', 'team_member'];
export const passwordMinLength = (role: Role) => (PHONE_ROLES.includes(role) ? PASSWORD_MIN_LENGTH.phone : PASSWORD_MIN_LENGTH.desk);
export const passwordRuleText = (role: Role) =>
  `Ít nhất ${passwordMinLength(role)} ký tự, có chữ cái; không dùng mật khẩu phổ biến, tên đăng nhập hay số điện thoại.`;

export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH.phone, { message: `Mật khẩu phải có ít nhất ${PASSWORD_MIN_LENGTH.phone} ký tự.` })
  .max(128, { message: 'Mật khẩu dài tối đa 128 ký tự.' });

export const LoginSchema = z.object({
  identifier: z.string().trim().min(1, { message: 'Nhập tên đăng nhập hoặc số điện thoại.' }).max(100),
  password: z.string().min(1, { message: 'Nhập mật khẩu.' }).max(128),
});
export type Login = z.infer<typeof LoginSchema>;

export const ChangePasswordSchema = z
  .object({ currentPassword: z.string().min(1, { message: 'Nhập mật khẩu hiện tại.' }).max(128), newPassword: PasswordSchema })
  .refine((v) => v.currentPassword !== v.newPassword, { path: ['newPassword'], message: 'Mật khẩu mới phải khác mật khẩu hiện tại.' });
export type ChangePassword = z.infer<typeof ChangePasswordSchema>;

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, { message: 'Tên đăng nhập gồm 3–40 ký tự: chữ không dấu, số, dấu chấm, gạch.' })
  // Login reads a phone-shaped identifier as a phone number: such a username would clash
  // with another account's phone, or (written with dots) could never log in.
  .refine((v) => !/^(\+?84|0)\d{9}$/.test(v.replace(/[.\-]/g, '')), { message: 'Tên đăng nhập không được là một số điện thoại (số điện thoại nhập ở ô riêng).' });

export const CreateAccountSchema = z.object({
  username: UsernameSchema,
  fullName: z.string().trim().min(2, { message: 'Nhập họ và tên.' }).max(120),
  phone: PhoneSchema.nullish(),
  role: z.enum(ROLES, { message: 'Chọn vai trò.' }),
  orgUnitId: z.number().int().positive({ message: 'Chọn đơn vị.' }),
});
export type CreateAccount = z.infer<typeof CreateAccountSchema>;

export const UpdateAccountSchema = CreateAccountSchema.omit({ username: true }).partial();
export type UpdateAccount = z.infer<typeof UpdateAccountSchema>;

export const AccountListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  orgUnitId: z.coerce.number().int().positive().optional(),
  status: z.enum(['active', 'disabled']).optional(),
  ...pageQuery({ default: 50, max: 200 }),
});
