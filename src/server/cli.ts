// Operator commands: `npm run cli -- <command> [--flags]`.
//   create-admin --username NAME --full-name "…" [--phone 09…] [--province "Tuyên Quang" --province-code 08]
//       Creates the first administrator (and the province unit when the tree is empty).
//       The password is read from the ADMIN_PASSWORD variable or asked for on the terminal.
//   migrate      Applies pending migrations.
//   indicators:rebuild [--verify]
//       Recomputes the indicator aggregates from scratch. --verify instead brings them up to
//       date as the server's worker would, compares them with a fresh computation and exits
//       with 1 on any difference.
//   backup [--out FOLDER|FILE]
//       Writes a checksummed backup of the whole database (attachments included) to BACKUP_DIR
//       or --out, reads it back to verify it; encrypted when BACKUP_PASSPHRASE is set.
//   backup:verify FILE
//       Reads a backup through and checks every checksum (no database needed).
//   restore FILE
//       Restores a backup into an EMPTY data folder (DATA_DIR) or database (DATABASE_URL),
//       then rebuilds and verifies the indicator figures.
// On PGlite the data folder has one writer (db/data-lock.ts). When the server holds it, the
// commands of SERVER_COMMANDS are sent to it over its control socket (control-socket.ts) and
// carried out there; the others say so and stop without touching the folder.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { type CommandArgs, type CommandContext, SERVER_COMMANDS, backup, createAdmin, indicatorsRebuild } from './cli-commands.ts';
import { LOCK_FILE } from './db/data-lock.ts';
import { readBackup } from './features/backups/backup-file.ts';
import { restoreBackup } from './features/backups/restore.ts';
import { readConfig } from './config.ts';
import { DataFolderLocked } from './db/data-lock.ts';
import { type Database, openDatabase } from './db/engine.ts';
import { migrateToLatest } from './db/migrate.ts';
import { runThroughServer } from './control-socket.ts';

const USAGE = 'Lệnh: create-admin | migrate | indicators:rebuild [--verify] | backup [--out THƯ_MỤC|TỆP] | backup:verify TỆP | restore TỆP';
const COMMANDS = ['migrate', 'create-admin', 'indicators:rebuild', 'backup', 'backup:verify', 'restore'];

async function askPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const password = await rl.question('Mật khẩu cho quản trị viên (ít nhất 8 ký tự): ');
  rl.close();
  return password;
}

let progressShown = false;
const print = {
  out: (text: string) => {
    if (progressShown) process.stdout.write('\n');
    progressShown = false;
    console.log(text);
  },
  progress: (text: string) => {
    progressShown = true;
    process.stdout.write(`\r${text}`);
  },
};

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      username: { type: 'string' }, 'full-name': { type: 'string' }, phone: { type: 'string' },
      province: { type: 'string', default: 'Tuyên Quang' }, 'province-code': { type: 'string', default: '08' },
      verify: { type: 'boolean', default: false },
    },
  });
  const args: CommandArgs = { ...values, passphrase: process.env.BACKUP_PASSPHRASE || undefined };
  if (!command || !COMMANDS.includes(command)) {
    console.log(USAGE);
    return 2;
  }
  if (command === 'create-admin') args.password = await askPassword();
  const config = readConfig();
  if (command === 'backup') args.out = path.resolve(values.out ?? config.backupDir);
  const file = positionals[0] ? path.resolve(positionals[0]) : undefined;
  if ((command === 'restore' || command === 'backup:verify') && !file) {
    console.log(`Cần tên tệp sao lưu: npm run cli -- ${command} TỆP`);
    return 2;
  }
  if (command === 'backup:verify') {
    const manifest = await readBackup(file!, { passphrase: args.passphrase });
    console.log(`Tệp ${file} hợp lệ: ${manifest.tables.length} bảng, ${manifest.tables.reduce((s, t) => s + t.rows, 0)} dòng, làm lúc ${manifest.createdAt} (${manifest.engine}); mọi mã kiểm tra khớp.`);
    return 0;
  }
  if (command === 'restore' && !config.databaseUrl && existsSync(config.dataDir) && readdirSync(config.dataDir).some((f) => f !== LOCK_FILE)) {
    console.error(`Thư mục dữ liệu ${config.dataDir} không trống: chỉ khôi phục vào một thư mục mới (đặt DATA_DIR khác). / Restore only into an empty data folder.`);
    return 3;
  }
  let database: Database;
  try {
    database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, lockCommand: `npm run cli -- ${command}` });
  } catch (error) {
    if (!(error instanceof DataFolderLocked)) throw error;
    if (!SERVER_COMMANDS[command]) {
      console.error(`${error.message}\nLệnh "${command}" không chạy được khi máy chủ đang chạy: hãy dừng máy chủ rồi chạy lại. / "${command}" cannot run beside the running server: stop it first.`);
      return 3;
    }
    console.log(`Máy chủ (PID ${error.holder.pid}) đang giữ thư mục dữ liệu: gửi lệnh "${command}" cho máy chủ chạy.`);
    try {
      return (await runThroughServer(config.dataDir, command, args, print)).exit;
    } catch (socketError) {
      console.error(`${error.message}\nKhông gửi được lệnh cho máy chủ: ${(socketError as Error).message}`);
      return 3;
    }
  }
  try {
    const context: CommandContext = { db: database.db, engine: database.engine, config, ...print };
    if (command === 'restore') {
      const result = await restoreBackup(database.db, file!, { passphrase: args.passphrase, out: print.out });
      console.log(`Đã khôi phục ${result.rows} dòng của ${result.manifest.tables.length} bảng trong ${(result.ms / 1000).toFixed(1)} giây${result.migrated.length ? `, rồi cập nhật cấu trúc (${result.migrated.join(', ')})` : ''}.`);
      console.log(`Chỉ số: tính lại ${result.indicators.villages} thôn, so lại: ${result.indicators.differences ? `${result.indicators.differences} chỗ khác` : 'khớp hoàn toàn'}.`);
      return result.indicators.differences ? 1 : 0;
    }
    await migrateToLatest(database.db);
    if (command === 'migrate') {
      console.log('Đã cập nhật cấu trúc cơ sở dữ liệu.');
      return 0;
    }
    if (command === 'create-admin') return await createAdmin(context, args);
    if (command === 'backup') return await backup(context, args);
    return await indicatorsRebuild(context, args);
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`Lỗi: ${(error as Error).message}`);
  process.exitCode = 1;
}
