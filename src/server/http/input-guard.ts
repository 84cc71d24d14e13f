// PostgreSQL cannot store or compare text holding a NUL character (it fails with 22021, a
// 500). Such input is never legitimate here, so it is refused as a field error up front.
import type { FastifyInstance } from 'fastify';
import { fieldLabel } from '../../shared/validation.ts';
import { AppError } from './app-error.ts';

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const input of [request.params, request.query, request.body]) {
      const path = pathOfNul(input, '');
      if (path === undefined) continue;
      const message = `${path ? `${fieldLabel(path)}: ` : ''}Có ký tự không hợp lệ (ký tự rỗng).`;
      throw new AppError(400, 'validation', message, [{ path, message }]);
    }
  });
}

/** The dotted path of the first string (or key) holding a NUL character, if any. */
function pathOfNul(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return itemPath;
    const found = pathOfNul(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
