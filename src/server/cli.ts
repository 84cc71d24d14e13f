// Operator commands: `npm run cli -- <command> [--flags]`.
//   create-admin --username NAME --full-name "…" [--phone 09…] [--province "Tuyên Quang" --province-code 08]
//       Creates the first administrator (and the province unit when the tree is empty).
//       The password is read from the ADMIN_PASSWORD variable or asked for on the terminal.
//   migrate      Applies pending migrations.
//   indicators:rebuild [--verify]
//       Recomputes the indicator aggregates from scratch. --verify instead brings them up to
//       date as the server's worker would, compares them with a fresh computation and exits
//       with 1 on any difference.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { PasswordSchema, UsernameSchema } from '../shared/accounts.ts';
import { readConfig } from './config.ts';
import { openDatabase } from './db/engine.ts';
import { migrateToLatest } from './db/migrate.ts';
import { writeAudit } from './features/audit/audit.record.ts';
import { NO_ORIGIN } from './http/actor.ts';
import { hashPassword } from './features/accounts/passwords.ts';
import { rebuildAggregates, verifyAggregates } from './features/indicators/aggregates-rebuild.ts';
import { runUntilIdle } from './features/indicators/aggregates-worker.ts';

async function askPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const password = await rl.question('Mật khẩu cho quản trị viên (ít nhất 8 ký tự): ');
  rl.close();
  return password;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' }, 'full-name': { type: 'string' }, phone: { type: 'string' },
      province: { type: 'string', default: 'Tuyên Quang' }, 'province-code': { type: 'string', default: '08' },
      verify: { type: 'boolean', default: false },
    },
  });
  const config = readConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir });
  try {
    await migrateToLatest(database.db);
    if (command === 'migrate') {
      console.log('Đã cập nhật cấu trúc cơ sở dữ liệu.');
    } else if (command === 'create-admin') {
      const username = UsernameSchema.safeParse(values.username ?? '');
      if (!username.success) throw new Error(`--username: ${username.error.issues[0].message}`);
      const password = PasswordSchema.safeParse(await askPassword());
      if (!password.success) throw new Error(password.error.issues[0].message);
      await database.db.transaction().execute(async (trx) => {
        let province = await trx.selectFrom('org_units').select(['id']).where('level', '=', 'province').orderBy('id').executeTakeFirst();
        if (!province) {
          province = await trx.insertInto('org_units').values({ level: 'province', name: values.province!, code: values['province-code'] ?? null, path: '/' }).returning('id').executeTakeFirstOrThrow();
          await trx.updateTable('org_units').set({ path: `/${province.id}/` }).where('id', '=', province.id).execute();
        }
        const id = uuidv7();
        await trx.insertInto('accounts').values({
          id, username: username.data, full_name: values['full-name'] ?? 'Quản trị hệ thống', phone: values.phone ?? null,
          role: 'admin', org_unit_id: province.id, password_hash: await hashPassword(password.data),
        }).execute();
        await writeAudit(trx, NO_ORIGIN, { action: 'create', entity: 'account', entityId: id, orgUnitId: province.id, detail: { via: 'cli', role: 'admin' } });
      });
      console.log(`Đã tạo tài khoản quản trị "${username.data}".`);
    } else if (command === 'indicators:rebuild' && values.verify) {
      await runUntilIdle(database.db);
      const result = await verifyAggregates(database.db);
      for (const d of result.differences) {
        console.log(`  khác: ${d.table} thôn ${d.villageId} ${d.date}${d.code ? ` ${d.code}` : ''}: đang lưu ${d.stored ?? '(không có)'}, tính lại ${d.fresh ?? '(không có)'}`);
      }
      if (result.pending.length) console.log(`  ${result.pending.length} thôn vừa có thay đổi, chưa so (đang được cập nhật).`);
      console.log(`Đã so ${result.villages} thôn trong ${(result.ms / 1000).toFixed(1)} giây: ${result.differenceCount ? `${result.differenceCount} chỗ khác` : 'khớp hoàn toàn'}.`);
      if (result.differenceCount) process.exitCode = 1;
    } else if (command === 'indicators:rebuild') {
      const result = await rebuildAggregates(database.db, {
        onProgress: (done, total) => process.stdout.write(`\r  ${done}/${total} thôn`),
      });
      console.log(`\nĐã tính lại chỉ số của ${result.villages} thôn trong ${(result.ms / 1000).toFixed(1)} giây.`);
    } else {
      console.log('Lệnh: create-admin | migrate | indicators:rebuild [--verify]');
      process.exitCode = 2;
    }
  } catch (error) {
    console.error(`Lỗi: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

await main();
