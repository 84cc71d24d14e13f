// Sao lưu / Backups: the administrator's list of the database's backups (README, "Sao lưu").
import { z } from 'zod';

export const BACKUP_KINDS = ['nightly', 'manual', 'cli'] as const;
export const BACKUP_KIND_LABELS: Record<(typeof BACKUP_KINDS)[number], string> = {
  nightly: 'Tự động hằng đêm',
  manual: 'Sao lưu ngay',
  cli: 'Lệnh CLI',
};

/** A backup older than this many days raises a warning for the admin and Phòng VH-XH. */
export const BACKUP_STALE_DAYS = 2;

export const BackupViewSchema = z.object({
  id: z.string(),
  kind: z.enum(BACKUP_KINDS),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  file: z.string().nullable(),
  byteSize: z.number().nullable(),
  encrypted: z.boolean(),
  /** Read back whole after writing: every checksum and row count matched. */
  verified: z.boolean(),
  error: z.string().nullable(),
  /** Deleted by the retention rule. */
  pruned: z.boolean(),
  createdByName: z.string().nullable(),
});
export type BackupView = z.infer<typeof BackupViewSchema>;

export const BackupListSchema = z.object({
  items: z.array(BackupViewSchema),
  lastGoodAt: z.string().nullable(),
  /** Where the server writes backups. */
  folder: z.string(),
  /** The hour (Vietnam) of the nightly backup; null when turned off. */
  nightlyHour: z.number().nullable(),
  keepDaily: z.number(),
  keepWeekly: z.number(),
  encrypted: z.boolean(),
  /** A backup is being written now. */
  running: z.boolean(),
});
export type BackupList = z.infer<typeof BackupListSchema>;
