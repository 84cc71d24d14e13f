// The demo commune's budget of its plan year, relative to the demo's "today": the lines Phòng
// Kinh tế set in January (training, communication, the teams' support, awards; ngân sách xã,
// the province's support for the mountain villages' hands-on session, and a sponsor's pano),
// the training line revised in June, and the spending up to yesterday — each seeded
// training's costs (hall, documents, the speaker) linked to it, the loudspeaker's monthly
// broadcasts and the March leaflets linked to their communication activities, and the teams'
// 3G support each quarter linked to the team's month. No allowance rates: none is known for
// Tuyên Quang (domain.md), so the province's admin sets them. Deterministic for a given today.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { imageSize } from 'image-size';
import { v5 as uuidv5 } from 'uuid';
import type { DB } from '../server/db/schema.ts';
import { makePhoto } from './photos.ts';

const NAMESPACE = '0b8f3c51-7a2d-4e1b-9c6f-5d4e3a2b1c0f';
const idOf = (...parts: Array<string | number>) => uuidv5(parts.join(':'), NAMESPACE);
const pad2 = (n: number) => String(n).padStart(2, '0');

interface LinePlan { key: string; activity: string; source: string; title: string; legal: string; estimate: number; revised?: { on: string; to: number; reason: string; decision: string } }

function linePlans(year: number): LinePlan[] {
  const plan = `Kế hoạch số 09/KH-UBND ngày 15/01/${year} của UBND xã về hoạt động Tổ CNSCĐ năm ${year}`;
  return [
    { key: 'training', activity: 'training', source: 'commune', title: 'Tập huấn nghiệp vụ cho Tổ CNSCĐ', legal: `${plan}; Nghị quyết HĐND xã về dự toán ngân sách năm ${year}`, estimate: 10_000_000,
      revised: { on: `${year}-06-20`, to: 12_000_000, reason: 'Bổ sung buổi cầm tay chỉ việc tháng 7 cho các thôn vùng cao', decision: `QĐ số 112/QĐ-UBND ngày 20/06/${year}` } },
    { key: 'training-province', activity: 'training', source: 'province', title: 'Hỗ trợ tập huấn cầm tay chỉ việc vùng cao', legal: `Công văn 120/SKH-CN-CĐS của Sở KH&CN; ${plan}`, estimate: 3_000_000 },
    { key: 'communication', activity: 'communication', source: 'commune', title: 'Tuyên truyền về chuyển đổi số trên loa truyền thanh, tờ rơi', legal: plan, estimate: 6_000_000 },
    { key: 'communication-social', activity: 'communication', source: 'social', title: 'Pano, áp phích “Công dân số” (VNPT Tuyên Quang tài trợ)', legal: `Thỏa thuận tài trợ ngày 02/03/${year}`, estimate: 4_000_000 },
    { key: 'team', activity: 'team_support', source: 'commune', title: 'Hỗ trợ cước 3G, tài liệu cho 16 Tổ CNSCĐ', legal: plan, estimate: 9_600_000 },
    { key: 'awards', activity: 'awards', source: 'commune', title: 'Khen thưởng tập thể, cá nhân tiêu biểu', legal: `${plan}; Luật Thi đua, khen thưởng 2022`, estimate: 5_000_000 },
  ];
}

export async function seedDemoBudget(db: Kysely<DB>, options: { today: string; communeName?: string }): Promise<number> {
  const commune = await db.selectFrom('org_units').select(['id', 'path']).where('level', '=', 'commune').where('name', '=', options.communeName ?? 'Bạch Ngọc').executeTakeFirst();
  if (!commune) return 0;
  if (await db.selectFrom('budget_lines').select('id').where('org_unit_id', '=', commune.id).executeTakeFirst()) return 0;
  const officer = await db.selectFrom('accounts').select('id').where('username', '=', 'kinhte').executeTakeFirst();
  if (!officer) return 0;
  const thisYear = Number(options.today.slice(0, 4));
  // The plan year of the trainings' seed: this year's once its February training has happened.
  const year = options.today > `${thisYear}-02-12` ? thisYear : thisYear - 1;
  const lived = (day: string) => day < options.today;
  const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+07:00`);

  await sql`INSERT INTO budget_years (org_unit_id, year) VALUES (${commune.id}, ${year}) ON CONFLICT DO NOTHING`.execute(db);
  const lineIds: Record<string, string> = {};
  for (const l of linePlans(year)) {
    const id = idOf(options.today, 'line', l.key);
    lineIds[l.key] = id;
    const revised = l.revised && lived(l.revised.on) ? l.revised : undefined;
    await db.insertInto('budget_lines').values({
      id, org_unit_id: commune.id, year, activity: l.activity, source: l.source, title: l.title, legal_basis: l.legal, estimate_vnd: revised ? revised.to : l.estimate,
      created_by: officer.id, created_at: at(`${year}-01-16`), updated_at: at(revised ? revised.on : `${year}-01-16`), version: revised ? 2 : 1,
    }).execute();
    await db.insertInto('budget_revisions').values({
      id: idOf(options.today, 'rev', l.key, 0), line_id: id, kind: 'initial', previous_vnd: null, estimate_vnd: l.estimate, decision: `QĐ số 15/QĐ-UBND ngày 16/01/${year}`,
      decided_on: `${year}-01-16`, recorded_by: officer.id, recorded_at: at(`${year}-01-16`),
    }).execute();
    if (revised) {
      await db.insertInto('budget_revisions').values({
        id: idOf(options.today, 'rev', l.key, 1), line_id: id, kind: 'revision', previous_vnd: l.estimate, estimate_vnd: revised.to, decision: revised.decision,
        decided_on: revised.on, reason: revised.reason, recorded_by: officer.id, recorded_at: at(revised.on, '15:00'),
      }).execute();
    }
  }

  type Entry = { day: string; line: string; amount: number; payee: string; description: string; training?: string; activity?: string; team?: string; month?: string; photo?: boolean };
  const entries: Entry[] = [];

  // The trainings' costs, split as a commune pays them, a few days after each.
  const trainings = (await sql<{ id: string; title: string; day: string; cost: string | null; method: string; place: string | null }>`
    SELECT id, title, (starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text AS day, cost_vnd::text AS cost, method, place
    FROM trainings WHERE org_unit_id = ${commune.id} AND status = 'held' AND cost_vnd IS NOT NULL ORDER BY starts_at`.execute(db)).rows;
  for (const t of trainings) {
    if (!t.day.startsWith(String(year))) continue;
    const cost = Number(t.cost);
    const pay = (offset: number) => new Date(Date.parse(`${t.day}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    const line = t.method === 'hands_on' ? 'training-province' : 'training';
    const parts = cost >= 3_000_000
      ? [{ share: 0.35, payee: 'Trung tâm Văn hóa - Thể thao xã (âm thanh, hội trường)', what: 'Thuê âm thanh, trang trí hội trường' },
        { share: 0.35, payee: 'Cửa hàng photo Minh Anh', what: 'In tài liệu, nước uống cho học viên' },
        { share: 0.3, payee: 'Báo cáo viên lớp tập huấn', what: 'Bồi dưỡng báo cáo viên' }]
      : [{ share: 1, payee: t.method === 'hands_on' ? 'Tổ CNSCĐ các thôn vùng cao' : 'Đoàn Thanh niên xã', what: 'Tài liệu, nước uống, hỗ trợ đi lại' }];
    let left = cost;
    parts.forEach((p, i) => {
      const amount = i === parts.length - 1 ? left : Math.round((cost * p.share) / 1000) * 1000;
      left -= amount;
      entries.push({ day: pay(2 + i), line, amount, payee: p.payee, description: `${p.what} - ${t.title}`, training: t.id, photo: i === 0 });
    });
  }

  // The loudspeaker's monthly broadcasts (the month's last one) and the leaflets of March.
  const broadcasts = (await sql<{ id: string; day: string; channel: string }>`
    SELECT DISTINCT ON (date_trunc('month', ca.activity_on), ca.channel) ca.id, ca.activity_on::text AS day, ca.channel
    FROM comm_activities ca JOIN org_units u ON u.id = ca.org_unit_id
    WHERE u.path LIKE ${`${commune.path}%`} AND ca.channel IN ('loudspeaker', 'visual') AND ca.activity_on BETWEEN ${`${year}-01-01`} AND ${`${year}-12-31`}
    ORDER BY date_trunc('month', ca.activity_on), ca.channel, ca.activity_on DESC, ca.id`.execute(db)).rows;
  for (const b of broadcasts) {
    if (b.channel === 'loudspeaker') {
      entries.push({ day: b.day, line: 'communication', amount: 350_000, payee: 'Đài truyền thanh xã Bạch Ngọc', description: `Bồi dưỡng biên tập, phát thanh tin chuyển đổi số tháng ${b.day.slice(5, 7)}`, activity: b.id });
    } else {
      const social = b.day.slice(5, 7) === '03';
      entries.push({ day: b.day, line: social ? 'communication-social' : 'communication', amount: social ? 3_200_000 : 900_000, payee: 'Công ty TNHH In Tuyên Quang',
        description: social ? 'Pano, áp phích “Công dân số” đặt tại 16 nhà văn hóa thôn' : 'In tờ rơi hướng dẫn VNeID, dịch vụ công trực tuyến', activity: b.id });
    }
  }

  // The teams' 3G support, paid after each quarter that has ended (50,000 đ a team a month).
  const teams = (await sql<{ id: string; name: string; village: string; formed_on: string; ended_on: string | null }>`
    SELECT t.id, t.name, u.name AS village, t.formed_on::text AS formed_on, t.ended_on::text AS ended_on FROM teams t JOIN org_units u ON u.id = t.village_id
    WHERE u.path LIKE ${`${commune.path}%`} ORDER BY u.name, t.formed_on`.execute(db)).rows;
  for (let quarter = 1; quarter <= 4; quarter++) {
    const lastMonth = quarter * 3;
    const payDay = quarter === 4 ? `${year}-12-20` : `${year}-${pad2(lastMonth + 1)}-08`;
    if (!lived(payDay)) continue;
    const month = `${year}-${pad2(lastMonth)}`;
    for (const t of teams) {
      if (t.formed_on > `${month}-28` || (t.ended_on !== null && t.ended_on <= `${month}-01`)) continue;
      entries.push({ day: payDay, line: 'team', amount: 150_000, payee: `${t.name} - ${t.village}`, description: `Hỗ trợ cước 3G quý ${quarter}/${year} (3 tháng × 50.000 đ)`, team: t.id, month: `${month}-01` });
    }
  }

  const lived2 = entries.filter((e) => lived(e.day)).sort((a, b) => a.day.localeCompare(b.day) || a.payee.localeCompare(b.payee));
  const rows = lived2.map((e, i) => ({
    id: idOf(options.today, 'spend', i), line_id: lineIds[e.line], spent_on: e.day, amount_vnd: e.amount, payee: e.payee, voucher_no: `PC ${pad2(i + 1)}/${year}`,
    description: e.description, training_id: e.training ?? null, comm_activity_id: e.activity ?? null, team_id: e.team ?? null, team_month: e.month ?? null, award_id: null,
    commitment_id: null, allowance_sheet_id: null, created_by: officer.id, created_at: at(e.day, '16:00'), updated_at: at(e.day, '16:00'),
  }));
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('budget_spending').values(rows.slice(i, i + 200)).execute();
  // A scan of the first voucher of each training: the phiếu chi's photo.
  for (const [i, e] of lived2.entries()) {
    if (!e.photo) continue;
    const data = makePhoto({ seed: `voucher:${i}`, caption: `Phieu chi ${rows[i].voucher_no}`, scene: 'sheet', width: 480, height: 360 });
    const size = imageSize(new Uint8Array(data));
    await db.insertInto('attachments').values({
      id: idOf(options.today, 'voucher', i), org_unit_id: commune.id, owner_entity: 'budget_spending', owner_id: rows[i].id, kind: 'image', content_type: 'image/jpeg',
      byte_size: data.length, sha256: createHash('sha256').update(data).digest('hex'), width: size.width ?? null, height: size.height ?? null,
      file_name: `phieu-chi-${i + 1}.jpg`, data, uploaded_by: officer.id, created_at: at(e.day, '16:00'), claimed_at: at(e.day, '16:00'),
    }).execute();
  }
  // An open commitment: the awards' certificates ordered for the year-end review.
  if (lived(`${year}-11-20`)) {
    await db.insertInto('budget_commitments').values({
      id: idOf(options.today, 'commit', 1), line_id: lineIds.awards, committed_on: `${year}-11-20`, amount_vnd: 2_400_000, payee: 'Công ty TNHH In Tuyên Quang',
      description: 'Giấy khen, khung và hoa cho hội nghị tổng kết Tổ CNSCĐ', created_by: officer.id, created_at: at(`${year}-11-20`),
    }).execute();
  }
  return rows.length;
}
