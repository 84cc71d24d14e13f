// Operator commands: `npm run cli -- <command> [--flags]`.
//   create-admin --username NAME --full-name "…" [--phone 09…] [--province "Tuyên Quang" --province-code 08]
//       Creates the first administrator (and the province unit when the tree is empty).
//       The password is read from the ADMIN_PASSWORD variable or asked for on the terminal.
//   migrate      Applies pending migrations.
//   indicators:rebuild [--verify]
//       Recomputes the indicator aggregates from scratch. --verify instead brings them up to
//       date as the server's worker would, compares them with a fresh computation and exits
//       with 1 on any difference.
// On PGlite the data folder has one writer (db/data-lock.ts). When the server holds it, the
// commands of SERVER_COMMANDS are sent to it over its control socket (control-socket.ts) and
// carried out there; the others say so and stop without touching the folder.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { type CommandArgs, type CommandContext, SERVER_COMMANDS, createAdmin, indicatorsRebuild } from './cli-commands.ts';
import { readConfig } from './config.ts';
import { DataFolderLocked } from './db/data-lock.ts';
import { type Database, openDatabase } from './db/engine.ts';
import { migrateToLatest } from './db/migrate.ts';
import { runThroughServer } from './control-socket.ts';

const USAGE = 'Lệnh: create-admin | migrate | indicators:rebuild [--verify]';

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
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' }, 'full-name': { type: 'string' }, phone: { type: 'string' },
      province: { type: 'string', default: 'Tuyên Quang' }, 'province-code': { type: 'string', default: '08' },
      verify: { type: 'boolean', default: false },
    },
  });
  const args: CommandArgs = { ...values };
  if (!command || !['migrate', 'create-admin', 'indicators:rebuild'].includes(command)) {
    console.log(USAGE);
    return 2;
  }
  if (command === 'create-admin') args.password = await askPassword();
  const config = readConfig();
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
    await migrateToLatest(database.db);
    const context: CommandContext = { db: database.db, ...print };
    if (command === 'migrate') {
      console.log('Đã cập nhật cấu trúc cơ sở dữ liệu.');
      return 0;
    }
    if (command === 'create-admin') return await createAdmin(context, args);
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
