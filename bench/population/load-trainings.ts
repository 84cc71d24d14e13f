// Adds a year of trainings to the province loaded by load-province.ts and load-visits.ts: per
// commune, the February training (every village invited, ≈ 85 % present), the Bình dân học vụ
// số course from March (≈ 78 % of members complete it through the year), a hands-on session in
// July for a third of the villages and the October session on online safety; attendance rows
// for every invited member (≈ 2,000 villages × 5 members × 4 trainings). Skipped when the
// province has trainings already.
//
//   tsx bench/population/load-trainings.ts --url postgres://…
import { parseArgs } from 'node:util';
import { type Insertable, sql } from 'kysely';
import type { DB } from '../../src/server/db/schema.ts';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../../src/server/db/engine.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { Random } from '../../src/demo/population/random.ts';
import type { TrainingMethod, TrainingTopic } from '../../src/shared/trainings.ts';

const YEAR = 2026;
type AttendanceRow = Insertable<DB['training_attendance']>;
const at = (day: string, time: string) => new Date(`${day}T${time}:00+07:00`);

interface Spec {
  key: string;
  title: string;
  topics: TrainingTopic[];
  method: TrainingMethod;
  platform?: string;
  day: string;
  lastDay?: string;
  hours: [string, string];
  share: number;
  /** Part of the villages invited (the first ones by id), 1 = all. */
  villages: number;
}

const SPECS: Spec[] = [
  { key: 'feb', title: `Tập huấn nghiệp vụ cho Tổ Công nghệ số cộng đồng năm ${YEAR}`, topics: ['policy', 'public_services', 'platforms', 'security'], method: 'in_person', day: `${YEAR}-02-12`, hours: ['07:30', '11:30'], share: 0.85, villages: 1 },
  { key: 'bdhvs', title: 'Khóa học “Bình dân học vụ số”', topics: ['policy', 'platforms', 'security'], method: 'online', platform: 'bdhvs', day: `${YEAR}-03-01`, lastDay: `${YEAR}-12-31`, hours: ['00:00', '23:00'], share: 0.78, villages: 1 },
  { key: 'jul', title: 'Cầm tay chỉ việc: VNeID mức 2, ngân hàng số', topics: ['public_services', 'platforms'], method: 'hands_on', day: `${YEAR}-07-16`, hours: ['08:00', '11:00'], share: 0.9, villages: 1 / 3 },
  { key: 'oct', title: 'An toàn thông tin, bảo vệ dữ liệu cá nhân', topics: ['security'], method: 'in_person', day: `${YEAR}-10-08`, hours: ['19:00', '21:00'], share: 0.72, villages: 1 },
];

const { values } = parseArgs({ options: { url: { type: 'string' } } });
if (!values.url) throw new Error('--url postgres://… is required');
const database = await openDatabase({ url: values.url, poolSize: 2 });
const db = database.db;
await migrateToLatest(db);
const existing = await sql<{ n: number }>`SELECT count(*)::int AS n FROM trainings`.execute(db);
if (existing.rows[0].n > 0) {
  console.log(`  trainings already loaded (${existing.rows[0].n})`);
  await database.close();
  process.exit(0);
}
const started = performance.now();
const creator = await db.selectFrom('accounts').select('id').orderBy('created_at').executeTakeFirstOrThrow();
const communes = await db.selectFrom('org_units').select(['id']).where('level', '=', 'commune').orderBy('id').execute();
const random = new Random('bench-trainings');
let trainings = 0;
let attendance = 0;
for (const commune of communes) {
  const villages = (await db.selectFrom('org_units').select('id').where('parent_id', '=', commune.id).where('level', '=', 'village').orderBy('id').execute()).map((v) => v.id);
  if (!villages.length) continue;
  const members = await db.selectFrom('team_members as m').innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.id', 't.village_id', sql<string>`m.joined_on::text`.as('joined_on'), sql<string | null>`m.left_on::text`.as('left_on')])
    .where('t.village_id', 'in', villages).execute();
  await db.transaction().execute(async (trx) => {
    for (const spec of SPECS) {
      const id = uuidv7();
      const invited = villages.slice(0, Math.max(1, Math.round(villages.length * spec.villages)));
      const lastDay = spec.lastDay ?? spec.day;
      await trx.insertInto('trainings').values({
        id, org_unit_id: commune.id, title: spec.title, topics: spec.topics, method: spec.method, platform: spec.platform ?? null,
        integrated_with: null, organiser: 'Phòng Văn hóa - Xã hội', trainer: null, place: null,
        starts_at: at(spec.day, spec.hours[0]), ends_at: at(lastDay, spec.hours[1]), status: 'held', cost_vnd: null, notes: '', created_by: creator.id,
      }).execute();
      await trx.insertInto('training_invitations').values(invited.map((v) => ({ training_id: id, village_id: v }))).execute();
      const set = new Set(invited);
      const rows = members
        .filter((m) => set.has(m.village_id) && m.joined_on <= lastDay && (m.left_on === null || m.left_on > spec.day))
        .flatMap((m): AttendanceRow[] => {
          const pick = random.next();
          if (spec.method === 'online') {
            if (pick >= spec.share) return [];
            const on = new Date(Date.UTC(YEAR, 2, 10) + Math.floor(random.next() * 250) * 86_400_000).toISOString().slice(0, 10);
            return [{ training_id: id, team_member_id: m.id, status: 'present', completed: true, certificate_no: null, certificate_date: on, recorded_by: creator.id, mutation_id: null }];
          }
          const status: AttendanceRow['status'] = pick < spec.share ? 'present' : pick < spec.share + (1 - spec.share) / 2 ? 'excused' : 'absent';
          return [{ training_id: id, team_member_id: m.id, status, completed: false, certificate_no: null, certificate_date: null, recorded_by: creator.id, mutation_id: null }];
        });
      for (let i = 0; i < rows.length; i += 1000) await trx.insertInto('training_attendance').values(rows.slice(i, i + 1000)).execute();
      trainings += 1;
      attendance += rows.length;
    }
  });
}
await sql`ANALYZE trainings, training_invitations, training_attendance`.execute(db);
console.log(`  trainings: ${trainings} trainings, ${attendance.toLocaleString('vi-VN')} attendance rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
await database.close();
