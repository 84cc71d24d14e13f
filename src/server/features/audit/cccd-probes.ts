// A CCCD is unique in the whole install, so a write with a number someone else holds must be
// refused, and a refusal tells that the number exists. The answer names nobody (pg-errors.ts,
// plan-import.ts); what remains is that trying many numbers could tell which exist. So each
// number a write was refused for is an audit row (cccd_conflict, written even though the
// write is rolled back), and an account that met CCCD_PROBE_LIMIT such numbers within the
// window may not check any more CCCDs until the window has passed: trying many numbers is
// slow and visible to the admins.
import { type Kysely, sql } from 'kysely';
import { maskCccd } from '../../../shared/cccd.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/app-error.ts';
import { auditEvenIfRefused } from './refusal-audit.ts';

export const CCCD_PROBE_LIMIT = { numbers: 10, windowMinutes: 60 };

/** Numbers already counted for an account in this process, so a preview paged through (planned again) counts a number once. */
const counted = new Map<string, Map<string, number>>();

export async function assertCccdProbeBudget(db: Kysely<DB>, actor: Pick<Actor, 'accountId'>): Promise<void> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM audit_log
    WHERE account_id = ${actor.accountId} AND action = 'cccd_conflict'
      AND at > now() - make_interval(mins => ${CCCD_PROBE_LIMIT.windowMinutes})`.execute(db);
  if ((rows[0]?.n ?? 0) >= CCCD_PROBE_LIMIT.numbers) {
    throw new AppError(429, 'cccd_probe_limit',
      `Trong ${CCCD_PROBE_LIMIT.windowMinutes} phút qua tài khoản đã gặp ${CCCD_PROBE_LIMIT.numbers} số CCCD trùng với nhân khẩu khác. ` +
      'Để bảo vệ dữ liệu cá nhân, tạm thời chưa kiểm tra thêm số CCCD; hãy thử lại sau hoặc liên hệ quản trị viên.');
  }
}

/** The numbers a write was refused for, recorded after the request whatever its transaction does. */
export function recordCccdConflicts(actor: Pick<Actor, 'accountId' | 'ip' | 'requestId'>, cccds: string[], where: string): void {
  const now = Date.now();
  const seen = counted.get(actor.accountId) ?? new Map<string, number>();
  for (const [number, at] of seen) if (now - at > CCCD_PROBE_LIMIT.windowMinutes * 60_000) seen.delete(number);
  const fresh = [...new Set(cccds)].filter((number) => !seen.has(number));
  for (const number of fresh) seen.set(number, now);
  counted.set(actor.accountId, seen);
  auditEvenIfRefused(actor, fresh.map((number) => ({ action: 'cccd_conflict', entity: 'person', detail: { cccd: maskCccd(number), where } })));
}

/** The CCCD a refused person write carried (create, edit, a new household's head). */
export function cccdOfBody(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  if (typeof record.cccd === 'string' && record.cccd) return record.cccd.replace(/\D/g, '');
  if (record.head && typeof record.head === 'object') return cccdOfBody(record.head);
  return null;
}
