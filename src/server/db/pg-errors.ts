// PostgreSQL errors that a user can cause, turned into AppErrors in one place.
import { AppError } from '../http/app-error.ts';

/** Constraint name → the field and message shown to the user. */
const CONSTRAINT_MESSAGES: Record<string, { path: string; message: string }> = {
  people_cccd_key: { path: 'cccd', message: 'Số CCCD này đã có trong hệ thống.' },
  accounts_username: { path: 'username', message: 'Tên đăng nhập đã được dùng.' },
  accounts_phone: { path: 'phone', message: 'Số điện thoại đã được dùng cho tài khoản khác.' },
  households_village_code: { path: 'code', message: 'Số hộ đã có trong thôn này.' },
  org_units_code_key: { path: 'code', message: 'Mã đơn vị đã tồn tại.' },
  org_units_sibling_name: { path: 'name', message: 'Đã có đơn vị cùng tên trong cấp này.' },
};

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
}

export function mapDatabaseError(error: unknown): AppError | undefined {
  const pgError = error as PgError;
  if (!pgError || typeof pgError.code !== 'string') return undefined;
  const known = pgError.constraint ? CONSTRAINT_MESSAGES[pgError.constraint] : undefined;
  switch (pgError.code) {
    case '23505':
      return new AppError(409, 'conflict', known?.message ?? 'Bản ghi bị trùng.', known ? [known] : undefined);
    case '23503':
      return new AppError(409, 'reference', 'Bản ghi liên quan không tồn tại hoặc đang được sử dụng.');
    case '23502':
      return new AppError(400, 'validation', `Thiếu trường bắt buộc: ${pgError.column ?? ''}`.trim(), pgError.column ? [{ path: pgError.column, message: 'Bắt buộc nhập.' }] : undefined);
    case '23514':
      return new AppError(400, 'validation', known?.message ?? 'Dữ liệu không hợp lệ.', known ? [known] : undefined);
    case '22021': // NUL or invalid byte sequence in text
    case '22P02':
    case '22007':
    case '22008':
      return new AppError(400, 'validation', 'Dữ liệu không đúng định dạng.');
    case '40001':
    case '40P01':
      return new AppError(409, 'retry', 'Có thao tác khác đang cập nhật cùng dữ liệu. Vui lòng thử lại.');
    default:
      return undefined;
  }
}
