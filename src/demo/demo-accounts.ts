// Demo accounts, created only in demo mode, one per role, all with the password below.
// Outside demo mode there is no default password: the first admin comes from the CLI.
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../shared/roles.ts';
import type { DB } from '../server/db/schema.ts';
import { hashPassword } from '../server/features/accounts/passwords.ts';

export const DEMO_PASSWORD = 'demo1234';

export interface DemoAccount {
  username: string;
  fullName: string;
  role: Role;
  /** Which unit: the province, the commune, or the n-th village (0-based, by name). */
  unit: 'province' | 'commune' | { village: number };
  phone?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', role: 'admin', unit: 'province' },
  { username: 'so', fullName: 'Chuyên viên Sở KH&CN', role: 'province_viewer', unit: 'province' },
  { username: 'lanhdao', fullName: 'Tô Văn Trường', role: 'commune_leader', unit: 'commune' },
  { username: 'vhxh', fullName: 'Hoàng Thị Lan', role: 'culture_office', unit: 'commune', phone: '0912345678' },
  { username: 'kinhte', fullName: 'Nông Văn Hải', role: 'economy_office', unit: 'commune' },
  { username: 'hcc', fullName: 'Ma Thị Thu', role: 'service_center', unit: 'commune' },
  { username: 'doan', fullName: 'Triệu Văn Nam', role: 'youth_union', unit: 'commune' },
  { username: 'truongthon1', fullName: 'Lường Văn Pào', role: 'village_head', unit: { village: 0 } },
  { username: 'truongthon2', fullName: 'Bàn Văn Tiến', role: 'village_head', unit: { village: 1 } },
  { username: 'totruong1', fullName: 'Nông Thị Huyền', role: 'team_leader', unit: { village: 0 } },
  { username: 'tovien1', fullName: 'Hoàng Văn Đức', role: 'team_member', unit: { village: 0 }, phone: '0987654321' },
];

async function demoCommune(db: Kysely<DB>, communeName: string) {
  return db.selectFrom('org_units').select(['id', 'parent_id']).where('level', '=', 'commune').where('name', 'like', `%${communeName}`).executeTakeFirst();
}

/** The demo commune's villages in the order `{ village: n }` counts them (by name). */
export async function demoVillages(db: Kysely<DB>, communeName = 'Bạch Ngọc'): Promise<Array<{ id: number; name: string }>> {
  const commune = await demoCommune(db, communeName);
  if (!commune) return [];
  return db.selectFrom('org_units').select(['id', 'name']).where('parent_id', '=', commune.id).orderBy('name').orderBy('id').execute();
}

export async function seedDemoAccounts(db: Kysely<DB>, communeName = 'Bạch Ngọc'): Promise<number> {
  const commune = await demoCommune(db, communeName);
  if (!commune?.parent_id) throw new Error(`Demo commune ${communeName} is not seeded`);
  const villages = await demoVillages(db, communeName);
  let passwordHash: string | undefined; // hashed only when an account is missing: starts stay fast
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    const unitId = account.unit === 'province' ? commune.parent_id : account.unit === 'commune' ? commune.id : villages[account.unit.village].id;
    const exists = await db.selectFrom('accounts').select('id').where(sql`lower(username)`, '=', account.username).executeTakeFirst();
    if (exists) continue;
    await db
      .insertInto('accounts')
      .values({ id: uuidv7(), username: account.username, full_name: account.fullName, role: account.role, org_unit_id: unitId, phone: account.phone ?? null, password_hash: (passwordHash ??= await hashPassword(DEMO_PASSWORD)) })
      .execute();
    created += 1;
  }
  return created;
}
