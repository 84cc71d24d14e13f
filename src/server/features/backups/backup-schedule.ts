// The server's own backups: one a night at BACKUP_HOUR (Vietnam time; 2 by default), and one
// at the next check after a start when the night's was missed (the laptop was off). One at a
// time: "Sao lưu ngay" waits for nothing and is refused while one is written.
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Engine } from '../../db/engine.ts';
import type { DB } from '../../db/schema.ts';
import { conflict } from '../../http/app-error.ts';
import { type BackupKind, backupSince } from './backups.queries.ts';
import { type BackupOutcome, makeBackup } from './backups.service.ts';

export type BackupConfig = Pick<Config, 'backupDir' | 'backupHour' | 'backupKeepDaily' | 'backupKeepWeekly' | 'backupPassphrase'>;

interface Log {
  info(obj: object | string, message?: string): void;
  error(obj: object | string, message?: string): void;
}

let running: Promise<BackupOutcome> | undefined;

export function backupRunning(): boolean {
  return running !== undefined;
}

/** Makes a backup unless one is being made (then 409). */
export async function backupNow(db: Kysely<DB>, engine: Engine, config: BackupConfig, kind: BackupKind, createdBy: string | null): Promise<BackupOutcome> {
  if (running) throw conflict('Đang sao lưu: chờ bản đang làm xong rồi thử lại.');
  running = makeBackup(db, kind, createdBy, {
    engine, target: config.backupDir, passphrase: config.backupPassphrase, keepDaily: config.backupKeepDaily, keepWeekly: config.backupKeepWeekly,
  });
  try {
    return await running;
  } finally {
    running = undefined;
  }
}

/** The start of the current nightly slot: today's BACKUP_HOUR in Vietnam, or yesterday's before it. */
export function nightlySlot(now: Date, hour: number): Date {
  const vn = new Date(now.getTime() + 7 * 3600_000);
  let slot = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), hour) - 7 * 3600_000;
  if (slot > now.getTime()) slot -= 86_400_000;
  return new Date(slot);
}

export function startBackupSchedule(db: Kysely<DB>, engine: Engine, config: BackupConfig, log: Log, checkEveryMs = 10 * 60_000): { stop(): void } {
  if (config.backupHour < 0) return { stop() {} };
  const check = async () => {
    try {
      const slot = nightlySlot(new Date(), config.backupHour);
      if (running || (await backupSince(db, slot, 'nightly'))) return;
      const result = await backupNow(db, engine, config, 'nightly', null);
      log.info({ file: result.file, bytes: result.bytes, ms: result.writeMs + result.verifyMs }, `Sao lưu hằng đêm: ${result.file}`);
    } catch (error) {
      log.error({ err: error }, 'nightly backup failed');
    }
  };
  const first = setTimeout(check, Math.min(checkEveryMs, 60_000));
  const timer = setInterval(check, checkEveryMs);
  first.unref();
  timer.unref();
  return { stop() { clearTimeout(first); clearInterval(timer); } };
}
