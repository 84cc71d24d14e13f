// Making a backup end to end: write the file (backup-file.ts), read it back whole to verify
// it, record the attempt in `backups` (file, size, verified, or the error), then apply the
// retention rule. The same function serves the CLI, the server's control socket, the nightly
// run and the admin's "Sao lưu ngay".
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Engine } from '../../db/engine.ts';
import { readBackup, writeBackup } from './backup-file.ts';
import { type BackupKind, finishBackupRow, insertBackupRow, keptBackups, markPruned } from './backups.queries.ts';

export interface BackupSettings {
  engine: Engine;
  /** A folder (the file is named there) or a file path ending .tar / .age. */
  target: string;
  passphrase?: string;
  keepDaily?: number;
  keepWeekly?: number;
  scryptWorkFactor?: number;
}

export interface BackupOutcome {
  id: string;
  file: string;
  bytes: number;
  verified: boolean;
  rows: number;
  tables: number;
  writeMs: number;
  verifyMs: number;
  pruned: string[];
}

/** cnscd-2026-05-14-0200-nightly.cnscd.tar(.age), in Vietnam's time. */
export function backupFileName(kind: BackupKind, encrypted: boolean, now = new Date()): string {
  const vn = new Date(now.getTime() + 7 * 3600_000).toISOString();
  const stamp = `${vn.slice(0, 10)}-${vn.slice(11, 13)}${vn.slice(14, 16)}${vn.slice(17, 19)}`;
  return `cnscd-${stamp}-${kind}.cnscd.tar${encrypted ? '.age' : ''}`;
}

export function backupTarget(target: string, kind: BackupKind, encrypted: boolean): string {
  return /\.(tar|age)$/.test(target) ? path.resolve(target) : path.join(path.resolve(target), backupFileName(kind, encrypted));
}

export async function makeBackup(db: Kysely<DB>, kind: BackupKind, createdBy: string | null, settings: BackupSettings): Promise<BackupOutcome> {
  const id = await insertBackupRow(db, { kind, createdBy });
  const file = backupTarget(settings.target, kind, Boolean(settings.passphrase));
  let written: Awaited<ReturnType<typeof writeBackup>> | undefined;
  try {
    written = await writeBackup(db, { file, engine: settings.engine, passphrase: settings.passphrase, scryptWorkFactor: settings.scryptWorkFactor });
    const verifyStarted = performance.now();
    await readBackup(file, { passphrase: settings.passphrase });
    const verifyMs = Math.round(performance.now() - verifyStarted);
    await finishBackupRow(db, id, { file, bytes: written.bytes, sha256: written.sha256, encrypted: written.encrypted, verified: true, error: null });
    const pruned = settings.keepDaily ? await pruneBackups(db, settings.keepDaily, settings.keepWeekly ?? 0) : [];
    return {
      id, file, bytes: written.bytes, verified: true, rows: written.manifest.tables.reduce((s, t) => s + t.rows, 0), tables: written.manifest.tables.length,
      writeMs: written.ms, verifyMs, pruned,
    };
  } catch (error) {
    await finishBackupRow(db, id, { file: written ? file : null, bytes: written?.bytes ?? null, sha256: written?.sha256 ?? null, encrypted: Boolean(settings.passphrase), verified: false, error: (error as Error).message.slice(0, 1000) });
    throw error;
  }
}

/**
 * Retention: the newest `daily` good backups, plus the newest one of each of the last
 * `weekly` ISO weeks (by Vietnam's calendar); older files are deleted and their rows marked.
 */
export function chooseToPrune(kept: Array<{ id: string; finished_at: Date | null }>, daily: number, weekly: number): string[] {
  const keep = new Set(kept.slice(0, daily).map((b) => b.id));
  const weeks = new Set<string>();
  for (const backup of kept) {
    if (weeks.size >= weekly) break;
    const week = isoWeek(backup.finished_at ?? new Date(0));
    if (weeks.has(week)) continue;
    weeks.add(week);
    keep.add(backup.id);
  }
  return kept.filter((b) => !keep.has(b.id)).map((b) => b.id);
}

function isoWeek(at: Date): string {
  const d = new Date(at.getTime() + 7 * 3600_000);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

export async function pruneBackups(db: Kysely<DB>, daily: number, weekly: number): Promise<string[]> {
  const kept = await keptBackups(db);
  const prune = chooseToPrune(kept, daily, weekly);
  for (const id of prune) {
    const file = kept.find((b) => b.id === id)?.file;
    if (file) rmSync(file, { force: true });
  }
  await markPruned(db, prune);
  return prune;
}
