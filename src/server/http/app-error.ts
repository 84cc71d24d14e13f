// The one error type: a stable code, the HTTP status, and a Vietnamese message for the user.
// Field errors carry the path of the input field so forms can show them beside it.

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldError[],
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** "Not found" and "not yours" are answered alike, so nobody learns what exists elsewhere. */
export const notFound = (message = 'Không tìm thấy bản ghi hoặc bạn không có quyền xem.') =>
  new AppError(404, 'not_found', message);

export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này.') =>
  new AppError(403, 'forbidden', message);

export const unauthenticated = (message = 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.') =>
  new AppError(401, 'unauthenticated', message);

export const invalid = (path: string, message: string) =>
  new AppError(400, 'validation', message, [{ path, message }]);

export const conflict = (message: string, detail?: Record<string, unknown>) =>
  new AppError(409, 'conflict', message, undefined, detail);
