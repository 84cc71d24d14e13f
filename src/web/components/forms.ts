// Form helpers: validate with the shared zod schemas, and put the server's field errors
// beside the inputs they belong to.
import { schemaResolver, type GetInputPropsReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { fieldLabel } from '../../shared/validation.ts';
import { ApiError, errorMessage } from '../app/api.ts';

export function zodValidate(schema: StandardSchemaV1) {
  return schemaResolver(schema, { sync: true });
}

interface SettableForm {
  setFieldError: (path: string, error: React.ReactNode) => void;
}

/** "Họ và tên: Nhập họ và tên." beside the "Họ và tên" input reads better without the label. */
export function stripLabel(path: string, message: string): string {
  const prefix = `${fieldLabel(path)}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/**
 * Shows each field error beside its input (paths can be renamed for forms whose field names
 * differ from the API's). Returns true when at least one error found a home.
 */
export function applyServerErrors(form: SettableForm, error: unknown, rename: Record<string, string> = {}, known?: string[]): boolean {
  if (!(error instanceof ApiError) || error.fields.length === 0) return false;
  let placed = false;
  for (const field of error.fields) {
    if (!field.path) continue;
    const path = rename[field.path] ?? field.path;
    if (known && !known.includes(path)) continue;
    form.setFieldError(path, stripLabel(field.path, field.message));
    placed = true;
  }
  return placed;
}

export function notifyError(error: unknown, title = 'Chưa lưu được') {
  notifications.show({ color: 'red', title, message: errorMessage(error), autoClose: 8000, closeButtonProps: { 'aria-label': 'Đóng thông báo' } });
}

export function notifySaved(message: string) {
  notifications.show({ color: 'teal', message, autoClose: 4000, closeButtonProps: { 'aria-label': 'Đóng thông báo' } });
}

/** Empty inputs become null (the API's "no value"), trimmed text otherwise. */
export function blankToNull(value: string | null | undefined): string | null {
  const v = (value ?? '').trim();
  return v ? v : null;
}

/**
 * What a block of fields needs from its form, whatever the form's shape (a person alone, or
 * a household with its head under 'head.'). Methods, so any useForm() result fits.
 */
export interface FieldsForm {
  getInputProps(path: string, options?: { type?: 'input' | 'checkbox' }): GetInputPropsReturnType;
  setFieldValue(path: string, value: unknown): void;
  getValues(): object;
  errors: Record<string, React.ReactNode>;
}
