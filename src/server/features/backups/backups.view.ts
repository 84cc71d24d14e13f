// The service behind the backups page: the list with the last good backup, and a backup made now.
import type { Kysely } from 'kysely';
import type { BackupList, BackupView } from '../../../shared/backups.ts';
import type { Engine } from '../../db/engine.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { type BackupConfig, backupNow, backupRunning } from './backup-schedule.ts';
import { lastGoodBackup, listBackupRows } from './backups.queries.ts';

type Row = Awaited<ReturnType<typeof listBackupRows>>[number];

function view(row: Row): BackupView {
  return {
    id: row.id, kind: row.kind, startedAt: row.started_at.toISOString(), finishedAt: row.finished_at?.toISOString() ?? null, file: row.file,
    byteSize: row.byte_size === null ? null : Number(row.byte_size), encrypted: row.encrypted, verified: row.verified, error: row.error,
    pruned: row.pruned_at !== null, createdByName: row.created_by_name,
  };
}

export async function backupList(db: Kysely<DB>, _actor: Actor, config: BackupConfig): Promise<BackupList> {
  const [rows, last] = await Promise.all([listBackupRows(db, 60), lastGoodBackup(db)]);
  return {
    items: rows.map(view), lastGoodAt: last?.finished_at?.toISOString() ?? null, folder: config.backupDir,
    nightlyHour: config.backupHour >= 0 ? config.backupHour : null, keepDaily: config.backupKeepDaily, keepWeekly: config.backupKeepWeekly,
    encrypted: Boolean(config.backupPassphrase), running: backupRunning(),
  };
}

export async function backupNowFor(db: Kysely<DB>, actor: Actor, engine: Engine, config: BackupConfig): Promise<BackupView> {
  const result = await backupNow(db, engine, config, 'manual', actor.accountId).catch(async (error: unknown) => {
    await writeAudit(db, actor, { action: 'create', entity: 'backup', entityId: null, orgUnitId: actor.orgUnitId, detail: { error: (error as Error).message.slice(0, 200) } });
    throw error;
  });
  await writeAudit(db, actor, { action: 'create', entity: 'backup', entityId: result.id, orgUnitId: actor.orgUnitId, detail: { file: result.file, bytes: result.bytes } });
  const row = (await listBackupRows(db, 60)).find((r) => r.id === result.id)!;
  return view(row);
}
