// The demo commune's trainings of its plan year, relative to the demo's "today": the commune
// training in February (in person, every team invited, ≈ 85 % present, lồng ghép with the
// year's kick-off conference), the Bình dân học vụ số online course from March that most
// members complete through the year, one postponed in spring (cancelled), a hands-on session
// in the summer for the villages furthest behind, Đoàn TN's session on online safety in the
// autumn, one held a few days ago in Thôn Bản Bó whose attendance the team leader still has
// to take on the phone, and one planned for next week. Photos of the signed sheets and of
// the class are drawn by the seed (photos.ts). Deterministic for a given today.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { addDays } from '../shared/calendar.ts';
import { imageSize } from 'image-size';
import type { AttendanceStatus, TrainingMethod, TrainingTopic } from '../shared/trainings.ts';
import type { DB } from '../server/db/schema.ts';
import { demoVillages } from './demo-accounts.ts';
import { makePhoto } from './photos.ts';
import { Random } from './population/random.ts';

/** Ids derived from names, so a demo seeded twice on the same day has the same ids. */
const NAMESPACE = '6f1d3c2a-8b7e-4c55-9a0e-2b6d7c1e9f10';
const idOf = (...parts: Array<string | number>) => uuidv5(parts.join(':'), NAMESPACE);

interface Plan {
  key: string;
  title: string;
  topics: TrainingTopic[];
  method: TrainingMethod;
  platform?: string;
  integratedWith?: string;
  organiser: string;
  trainer: string;
  place: string;
  day: string;
  hours: [string, string];
  /** An online course: its last day. */
  lastDay?: string;
  status: 'planned' | 'held' | 'cancelled';
  costVnd?: number;
  notes?: string;
  /** Indexes of the villages (by name) invited; all when absent. */
  villages?: number[];
  createdBy: 'vhxh' | 'doan';
  /** Share present (in-person) or completing (online); none: attendance not taken yet. */
  present?: number;
  photos?: Array<{ scene: 'sheet' | 'meeting' | 'outdoor'; caption: string }>;
}

const at = (day: string, time: string) => new Date(`${day}T${time}:00+07:00`);

function plans(year: number, today: string): Plan[] {
  const y = (md: string) => `${year}-${md}`;
  const list: Plan[] = [
    {
      key: 'feb', title: 'Tập huấn nghiệp vụ cho Tổ Công nghệ số cộng đồng năm ' + year, topics: ['policy', 'public_services', 'platforms', 'security'],
      method: 'in_person', integratedWith: `Hội nghị triển khai Kế hoạch chuyển đổi số năm ${year}`, organiser: 'Phòng Văn hóa - Xã hội',
      trainer: 'Nguyễn Thị Thu Hà (Sở Khoa học và Công nghệ)', place: 'Hội trường UBND xã Bạch Ngọc', day: y('02-12'), hours: ['07:30', '11:30'],
      status: 'held', costVnd: 6_800_000, createdBy: 'vhxh', present: 0.85,
      photos: [{ scene: 'sheet', caption: `Danh sach ky ten - tap huan 12/02/${year}` }, { scene: 'meeting', caption: `Tap huan To CNSCD 12/02/${year}` }],
    },
    {
      key: 'bdhvs', title: 'Khóa học “Bình dân học vụ số” trên nền tảng trực tuyến', topics: ['policy', 'platforms', 'security'], method: 'online', platform: 'bdhvs',
      organiser: 'Phòng Văn hóa - Xã hội', trainer: 'Nền tảng binhdanhocvuso.gov.vn', place: 'Trực tuyến (đăng nhập bằng VNeID)', day: y('03-01'), lastDay: y('12-31'),
      hours: ['00:00', '23:00'], status: 'held', createdBy: 'vhxh', present: 0.78,
      notes: 'Thành viên tự học trên điện thoại; Tổ trưởng báo số chứng nhận khi hoàn thành.',
    },
    {
      key: 'apr', title: 'Hướng dẫn sử dụng chữ ký số và dịch vụ công trực tuyến', topics: ['public_services'], method: 'in_person',
      organiser: 'Trung tâm phục vụ hành chính công', trainer: 'Hoàng Văn Tuấn', place: 'Nhà văn hóa thôn Nà Pồng', day: y('04-18'), hours: ['14:00', '16:30'],
      status: 'cancelled', createdBy: 'vhxh', notes: 'Hoãn do mưa lớn, đường vào các thôn vùng cao bị sạt lở; nội dung ghép vào buổi cầm tay chỉ việc tháng 7.',
    },
    {
      key: 'jul', title: 'Cầm tay chỉ việc: kích hoạt VNeID mức 2, mở tài khoản ngân hàng số', topics: ['public_services', 'platforms'], method: 'hands_on',
      organiser: 'Phòng Văn hóa - Xã hội', trainer: 'Tổ trưởng Tổ CNSCĐ thôn Bản Bó', place: 'Nhà văn hóa thôn Khuổi Vài', day: y('07-16'), hours: ['08:00', '11:00'],
      status: 'held', costVnd: 1_500_000, createdBy: 'vhxh', present: 0.9, villages: [7, 8, 9, 10, 11, 12],
      photos: [{ scene: 'sheet', caption: `Danh sach ky ten 16/07/${year}` }, { scene: 'outdoor', caption: `Cam tay chi viec - Khuoi Vai 16/07/${year}` }],
    },
    {
      key: 'oct', title: 'An toàn thông tin và bảo vệ dữ liệu cá nhân trên môi trường số', topics: ['security'], method: 'in_person',
      integratedWith: 'Sinh hoạt chi đoàn tháng 10', organiser: 'Đoàn Thanh niên xã', trainer: 'Bí thư Đoàn xã', place: 'Hội trường UBND xã Bạch Ngọc',
      day: y('10-08'), hours: ['19:00', '21:00'], status: 'held', costVnd: 800_000, createdBy: 'doan', present: 0.72,
      photos: [{ scene: 'sheet', caption: `Danh sach ky ten 08/10/${year}` }],
    },
  ];
  // Those whose day has come; the course ends on the last day lived.
  const lived = list.filter((p) => p.day < today).map((p) => (p.lastDay && p.lastDay >= today ? { ...p } : p));
  const recentDay = addDays(today, -5);
  lived.push({
    key: 'recent', title: 'Hướng dẫn Tổ CNSCĐ sử dụng ứng dụng thực địa trên điện thoại', topics: ['platforms'], method: 'hands_on',
    organiser: 'Phòng Văn hóa - Xã hội', trainer: 'Cán bộ Phòng Văn hóa - Xã hội', place: 'Nhà văn hóa thôn Bản Bó', day: recentDay, hours: ['19:30', '21:00'],
    status: 'planned', createdBy: 'vhxh', villages: [0],
    notes: 'Tổ trưởng điểm danh trên điện thoại và gửi ảnh danh sách ký tên.',
  });
  lived.push({
    key: 'next', title: 'Tập huấn nhận diện lừa đảo trực tuyến cho Tổ CNSCĐ', topics: ['security', 'public_services'], method: 'blended', platform: 'bdhvs',
    organiser: 'Phòng Văn hóa - Xã hội', trainer: 'Công an xã', place: 'Hội trường UBND xã Bạch Ngọc', day: addDays(today, 8), hours: ['08:00', '11:00'],
    status: 'planned', costVnd: 2_000_000, createdBy: 'vhxh',
  });
  return lived;
}

export async function seedDemoTrainings(db: Kysely<DB>, options: { today: string; communeName?: string }): Promise<number> {
  const commune = await db.selectFrom('org_units').select(['id', 'path']).where('level', '=', 'commune').where('name', '=', options.communeName ?? 'Bạch Ngọc').executeTakeFirst();
  if (!commune) return 0;
  const existing = await db.selectFrom('trainings').select('id').where('org_unit_id', '=', commune.id).executeTakeFirst();
  if (existing) return 0;
  const villages = await demoVillages(db, options.communeName);
  const firstTeam = await db.selectFrom('teams').select(sql<string>`min(formed_on)::text`.as('d')).where('village_id', 'in', villages.map((v) => v.id)).executeTakeFirst();
  if (!firstTeam?.d) return 0;
  // The plan year whose February training has happened: this year's, or last year's early in January and February.
  const thisYear = Number(options.today.slice(0, 4));
  const year = Math.max(Number(firstTeam.d.slice(0, 4)), options.today > `${thisYear}-02-12` ? thisYear : thisYear - 1);
  const accounts = new Map((await db.selectFrom('accounts').select(['id', 'username']).where('username', 'in', ['vhxh', 'doan']).execute()).map((a) => [a.username, a.id]));
  const members = await db.selectFrom('team_members as m').innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.id', 'm.full_name', 't.village_id', sql<string>`m.joined_on::text`.as('joined_on'), sql<string | null>`m.left_on::text`.as('left_on')])
    .where('t.village_id', 'in', villages.map((v) => v.id)).orderBy('m.id').execute();
  const random = new Random(`trainings:${options.today}`);
  let count = 0;
  for (const plan of plans(year, options.today)) {
    const id = idOf(options.today, plan.key);
    const createdBy = accounts.get(plan.createdBy) ?? accounts.get('vhxh') ?? null;
    const invited = plan.villages ? plan.villages.map((i) => villages[i]).filter(Boolean) : villages;
    const lastDay = plan.lastDay ?? plan.day;
    await db.insertInto('trainings').values({
      id, org_unit_id: commune.id, title: plan.title, topics: plan.topics, method: plan.method, platform: plan.platform ?? null,
      integrated_with: plan.integratedWith ?? null, organiser: plan.organiser, trainer: plan.trainer, place: plan.place,
      starts_at: at(plan.day, plan.hours[0]), ends_at: at(lastDay, plan.hours[1]), status: plan.status, cost_vnd: plan.costVnd ?? null,
      notes: plan.notes ?? '', created_by: createdBy,
      created_at: at(addDays(plan.day < options.today ? plan.day : options.today, plan.day < options.today ? -14 : -2), '09:00'),
    }).execute();
    await db.insertInto('training_invitations').values(invited.map((v) => ({ training_id: id, village_id: v.id }))).execute();
    count += 1;
    if (plan.present === undefined || !createdBy) continue;
    const villageIds = new Set(invited.map((v) => v.id));
    const online = plan.method === 'online';
    const eligible = members.filter((m) => villageIds.has(m.village_id) && m.joined_on <= lastDay && (m.left_on === null || m.left_on > plan.day));
    const rows = [];
    for (const m of eligible) {
      const pick = random.next();
      if (online) {
        // Completed on a day between a week into the course and yesterday (or not yet).
        const span = Math.max(1, (Date.parse(addDays(options.today, -1)) - Date.parse(addDays(plan.day, 7))) / 86_400_000);
        const done = pick < plan.present && span > 1;
        const on = addDays(plan.day, 7 + Math.floor(random.next() * span));
        if (!done || on < m.joined_on) continue;
        rows.push({ training_id: id, team_member_id: m.id, status: 'present' as AttendanceStatus, completed: true, certificate_no: `BDHVS-${year}-${String(rows.length + 1).padStart(4, '0')}`, certificate_date: on, recorded_by: createdBy, mutation_id: null, recorded_at: at(on, '20:00') });
      } else {
        const status: AttendanceStatus = pick < plan.present ? 'present' : pick < plan.present + (1 - plan.present) / 2 ? 'excused' : 'absent';
        rows.push({ training_id: id, team_member_id: m.id, status, completed: false, certificate_no: null, certificate_date: null, recorded_by: createdBy, mutation_id: null, recorded_at: at(plan.day, '17:00') });
      }
    }
    if (rows.length) await db.insertInto('training_attendance').values(rows).execute();
    for (const [i, photo] of (plan.photos ?? []).entries()) {
      // 480×360: legible on a screen, ≈ 20 KB, and quick to draw (the seed runs at the first start).
      const data = makePhoto({ seed: `${plan.key}:${i}`, caption: photo.caption, scene: photo.scene, width: 480, height: 360 });
      const size = imageSize(new Uint8Array(data));
      await db.insertInto('attachments').values({
        id: idOf(options.today, plan.key, 'photo', i), org_unit_id: commune.id, owner_entity: 'training', owner_id: id, kind: 'image', content_type: 'image/jpeg',
        byte_size: data.length, sha256: createHash('sha256').update(data).digest('hex'), width: size.width ?? null, height: size.height ?? null,
        file_name: `${photo.scene === 'sheet' ? 'danh-sach-ky-ten' : 'anh-lop-hoc'}-${plan.day}.jpg`, data, uploaded_by: createdBy,
        created_at: at(plan.day, '18:00'), claimed_at: at(plan.day, '18:00'),
      }).execute();
    }
  }
  return count;
}
