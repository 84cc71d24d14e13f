// The operator commands that work on an open database: run by `npm run cli` on a database it
// opened itself, or by the running server for a CLI that found the PGlite folder held by it
// (control-socket.ts). Each writes its lines through `out` and answers its exit code.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { PasswordSchema, UsernameSchema } from '../shared/accounts.ts';
import type { Config } from './config.ts';
import type { Engine } from './db/engine.ts';
import type { DB } from './db/schema.ts';
import { makeBackup } from './features/backups/backups.service.ts';
import { writeAudit } from './features/audit/audit.record.ts';
import { hashPassword } from './features/accounts/passwords.ts';
import { rebuildAggregates, verifyAggregates } from './features/indicators/aggregates-rebuild.ts';
import { runUntilIdle } from './features/indicators/aggregates-worker.ts';
import { NO_ORIGIN } from './http/actor.ts';

export interface CommandArgs {
  username?: string;
  'full-name'?: string;
  phone?: string;
  province?: string;
  'province-code'?: string;
  verify?: boolean;
  /** create-admin: asked on the CLI's terminal, or ADMIN_PASSWORD. */
  password?: string;
  /** backup: a folder or a file (.tar/.age), absolute when sent to the server. */
  out?: string;
  /** backup/restore: BACKUP_PASSPHRASE, read by the CLI. */
  passphrase?: string;
  [flag: string]: string | boolean | undefined;
}

export interface CommandContext {
  db: Kysely<DB>;
  engine: Engine;
  config: Pick<Config, 'backupDir' | 'backupKeepDaily' | 'backupKeepWeekly'>;
  out: (line: string) => void;
  /** Progress that rewrites one line on a terminal. */
  progress?: (text: string) => void;
}

export type CommandRunner = (context: CommandContext, args: CommandArgs) => Promise<number>;

/** Commands a running server carries out for a CLI (on PGlite, the CLI cannot open the folder). */
export const SERVER_COMMANDS: Record<string, CommandRunner> = {
  'create-admin': createAdmin,
  'indicators:rebuild': indicatorsRebuild,
  backup,
};

export async function backup({ db, engine, config, out }: CommandContext, values: CommandArgs): Promise<number> {
  const result = await makeBackup(db, 'cli', null, {
    engine, target: values.out ?? config.backupDir, passphrase: values.passphrase || undefined,
    keepDaily: config.backupKeepDaily, keepWeekly: config.backupKeepWeekly,
  });
  out(`Đã sao lưu ${result.rows} dòng của ${result.tables} bảng vào ${result.file} (${(result.bytes / 1024 / 1024).toFixed(1)} MB${values.passphrase ? ', đã mã hoá' : ''}) trong ${(result.writeMs / 1000).toFixed(1)} giây; đọc lại kiểm tra: khớp.`);
  if (result.pruned.length) out(`Đã xoá ${result.pruned.length} bản sao lưu cũ theo quy tắc giữ lại.`);
  return 0;
}

export async function createAdmin({ db, out }: CommandContext, values: CommandArgs): Promise<number> {
  const username = UsernameSchema.safeParse(values.username ?? '');
  if (!username.success) throw new Error(`--username: ${username.error.issues[0].message}`);
  const password = PasswordSchema.safeParse(values.password ?? '');
  if (!password.success) throw new Error(password.error.issues[0].message);
  await db.transaction().execute(async (trx) => {
    let province = await trx.selectFrom('org_units').select(['id']).where('level', '=', 'province').orderBy('id').executeTakeFirst();
    if (!province) {
      province = await trx.insertInto('org_units').values({ level: 'province', name: values.province ?? 'Tuyên Quang', code: values['province-code'] ?? null, path: '/' }).returning('id').executeTakeFirstOrThrow();
      await trx.updateTable('org_units').set({ path: `/${province.id}/` }).where('id', '=', province.id).execute();
    }
    const id = uuidv7();
    await trx.insertInto('accounts').values({
      id, username: username.data, full_name: values['full-name'] ?? 'Quản trị hệ thống', phone: values.phone ?? null,
      role: 'admin', org_unit_id: province.id, password_hash: await hashPassword(password.data),
    }).execute();
    await writeAudit(trx, NO_ORIGIN, { action: 'create', entity: 'account', entityId: id, orgUnitId: province.id, detail: { via: 'cli', role: 'admin' } });
  });
  out(`Đã tạo tài khoản quản trị "${username.data}".`);
  return 0;
}

export async function indicatorsRebuild({ db, out, progress }: CommandContext, values: CommandArgs): Promise<number> {
  if (values.verify) {
    await runUntilIdle(db);
    const result = await verifyAggregates(db);
    for (const d of result.differences) {
      out(`  khác: ${d.table} thôn ${d.villageId} ${d.date}${d.code ? ` ${d.code}` : ''}: đang lưu ${d.stored ?? '(không có)'}, tính lại ${d.fresh ?? '(không có)'}`);
    }
    if (result.pending.length) out(`  ${result.pending.length} thôn vừa có thay đổi, chưa so (đang được cập nhật).`);
    out(`Đã so ${result.villages} thôn trong ${(result.ms / 1000).toFixed(1)} giây: ${result.differenceCount ? `${result.differenceCount} chỗ khác` : 'khớp hoàn toàn'}.`);
    return result.differenceCount ? 1 : 0;
  }
  const result = await rebuildAggregates(db, { onProgress: (done, total) => progress?.(`  ${done}/${total} thôn`) });
  out(`Đã tính lại chỉ số của ${result.villages} thôn trong ${(result.ms / 1000).toFixed(1)} giây.`);
  return 0;
}
