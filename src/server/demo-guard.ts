// DEMO=1 seeds a made-up commune and accounts whose password is public (demo1234). Run on a
// real commune's database it would mix invented households into the registry and open it to
// anyone who knows the demo password. So demo mode runs only on an empty database (the seed
// then marks it) or on one the seed marked: instance_marks 'demo' (migration 0013). A folder
// seeded before the mark existed is recognised by the demo commune and the demo volunteer's
// account together, and marked.
import { type Kysely, sql } from 'kysely';
import type { DB } from './db/schema.ts';
import { DEMO_ACCOUNTS } from '../demo/demo-accounts.ts';
import { DEMO_COMMUNE } from '../demo/population/org-tree.ts';

export const DEMO_MARK = 'demo';

/** Why demo mode must not run on this database, or undefined when it may. */
export async function demoDatabaseProblem(db: Kysely<DB>): Promise<string | undefined> {
  const mark = await db.selectFrom('instance_marks').select('value').where('key', '=', DEMO_MARK).executeTakeFirst();
  if (mark) return undefined;
  const anyUnit = await db.selectFrom('org_units').select('id').limit(1).executeTakeFirst();
  const anyAccount = await db.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  if (!anyUnit && !anyAccount) return undefined; // empty: the seed makes the demo and marks it
  const { rows } = await sql<{ communes: number; demo_commune: number; demo_volunteer: number }>`
    SELECT (SELECT count(*)::int FROM org_units WHERE level = 'commune') AS communes,
           (SELECT count(*)::int FROM org_units WHERE level = 'commune' AND (code = ${DEMO_COMMUNE.code} OR name = ${DEMO_COMMUNE.name})) AS demo_commune,
           (SELECT count(*)::int FROM accounts WHERE username = ${DEMO_ACCOUNTS.at(-1)!.username}) AS demo_volunteer`.execute(db);
  const found = rows[0];
  if (found.communes === 1 && found.demo_commune === 1 && found.demo_volunteer === 1) {
    await markDemo(db);
    return undefined;
  }
  return 'DEMO=1 không chạy trên cơ sở dữ liệu này: nó có dữ liệu không do bản demo tạo ra (dữ liệu thật?). ' +
    'Chế độ demo sẽ thêm hộ gia đình giả và tài khoản có mật khẩu công khai. Hãy bỏ DEMO=1, hoặc dùng một thư mục dữ liệu (DATA_DIR) / cơ sở dữ liệu (DATABASE_URL) riêng cho demo. ' +
    '/ DEMO=1 refuses a database that holds data not made by the demo seed.';
}

export async function markDemo(db: Kysely<DB>): Promise<void> {
  await db.insertInto('instance_marks').values({ key: DEMO_MARK, value: 'seeded' }).onConflict((oc) => oc.column('key').doNothing()).execute();
}
