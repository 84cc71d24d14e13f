// The one way the web app talks to the server: JSON in and out, the CSRF header on every
// write, the server's error shape turned into ApiError, and 401/403 sent to the right page.

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Warnings the officer may confirm (code 'needs_confirmation'). */
  get warnings(): string[] {
    const w = this.detail.warnings;
    return Array.isArray(w) ? w.map(String) : [];
  }
}

export const NETWORK_ERROR_MESSAGE = 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.';

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Handler = (error: ApiError) => void;
const handlers: { unauthorized?: Handler; mustChangePassword?: Handler } = {};
/** The app shell decides where to go when the session ends or the password must change. */
export function onAuthProblem(next: typeof handlers): void {
  Object.assign(handlers, next);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A multipart upload; the browser sets its content type (with the boundary). */
  formData?: FormData;
  /** A file sent as the raw body (PUT /api/attachments/:id), with its type. */
  file?: Blob;
  /** Login and "who am I" handle 401 themselves instead of redirecting. */
  quiet401?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.file) headers['content-type'] = options.file.type;
  else if (options.body !== undefined && !options.formData) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.file ?? options.formData ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', NETWORK_ERROR_MESSAGE);
  }
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (response.ok) return data as T;

  const raw = (data as { error?: Record<string, unknown> } | undefined)?.error ?? {};
  const { code, message, fields, ...detail } = raw as { code?: string; message?: string; fields?: FieldError[] };
  const error = new ApiError(
    response.status,
    code ?? `http_${response.status}`,
    message ?? defaultMessage(response.status),
    Array.isArray(fields) ? fields : [],
    detail,
  );
  if (response.status === 401 && !options.quiet401) handlers.unauthorized?.(error);
  if (response.status === 403 && error.code === 'must_change_password') handlers.mustChangePassword?.(error);
  throw error;
}

function defaultMessage(status: number): string {
  if (status === 401) return 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.';
  if (status === 403) return 'Bạn không có quyền thực hiện thao tác này.';
  if (status === 404) return 'Không tìm thấy bản ghi hoặc bạn không có quyền xem.';
  if (status >= 500) return 'Lỗi hệ thống. Vui lòng thử lại; nếu vẫn lỗi, báo cho quản trị viên.';
  return 'Yêu cầu không hợp lệ.';
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  /** Sends one file as multipart/form-data in the field `field`. */
  upload: <T>(path: string, file: File, field = 'file') => {
    const formData = new FormData();
    formData.append(field, file, file.name);
    return request<T>('POST', path, { formData });
  },
};

/**
 * Downloads a file the server makes (an export): fetched with the session cookie, saved
 * under the name the server gives. Refusals come back as ApiError like any request.
 */
export async function downloadFile(path: string, query?: Query, fallbackName = 'tep-tai-ve'): Promise<{ fileName: string; rows: number | null }> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', NETWORK_ERROR_MESSAGE);
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    const error = new ApiError(response.status, data.error?.code ?? `http_${response.status}`, data.error?.message ?? defaultMessage(response.status));
    if (response.status === 401) handlers.unauthorized?.(error);
    throw error;
  }
  const blob = await response.blob();
  const fileName = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  const rows = response.headers.get('x-export-rows');
  return { fileName, rows: rows ? Number(rows) : null };
}

function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Đã có lỗi xảy ra. Vui lòng thử lại.';
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
