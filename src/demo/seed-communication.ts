// The demo commune's communication over the span of its history (plan II.3): which channels
// each village has (the Dao and Mông villages up the mountain have no loudspeaker, two of them
// no Zalo group), the year's campaigns, a village meeting most months with the households
// present ticked (they count in TT from that day), weekly loudspeaker news where a village has
// a loudspeaker, Zalo posts, party-cell and youth-union meetings, leaflets in March, the
// service centre's articles and the commune's page — and a handful of photos the seed draws
// itself. Deterministic for a span. Written in the seed's transaction.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { CommChannel, CommMeasures, CommPhase, CommTopic } from '../shared/communication.ts';
import type { DB } from '../server/db/schema.ts';
import { demoVillages } from './demo-accounts.ts';
import { makePhoto } from './photos.ts';
import { dayOf, isoOf } from './population/calendar.ts';
import { uuidV7At } from './population/ids.ts';
import { Random } from './population/random.ts';

/** No loudspeaker cluster up the mountain; no Zalo group where the signal is too weak. */
const NO_LOUDSPEAKER = ['Thôn Khuổi Vài', 'Thôn Khuổi Luông', 'Thôn Pác Sáp', 'Thôn Lũng Càng'];
const NO_ZALO = ['Thôn Khuổi Luông', 'Thôn Lũng Càng'];

export interface CommunicationSpan {
  /** First and last day of the demo's history (the support events' span). */
  start: string;
  end: string;
}

interface Activity {
  id: string;
  org_unit_id: number;
  campaign_id: string | null;
  activity_on: string;
  channel: CommChannel;
  phase: CommPhase;
  topics: CommTopic[];
  ran_by: string;
  measures: CommMeasures;
  notes: string | null;
  recorded_by: string;
  mutation_id: string | null;
  villages: number[];
  households: string[];
  photo?: { caption: string; scene: 'meeting' | 'outdoor' | 'sheet' };
}

const ROWS = 500;

export async function demoCommunicationMissing(db: Kysely<DB>): Promise<boolean> {
  const villages = await demoVillages(db);
  if (!villages.length) return false;
  const row = await db.selectFrom('comm_activity_villages').select('village_id').where('village_id', 'in', villages.map((v) => v.id)).limit(1).executeTakeFirst();
  return row === undefined;
}

/** The days of a span that fall on a weekday (0 = Sunday … 6 = Saturday). */
function weekdays(start: string, end: string, weekday: number): string[] {
  const out: string[] = [];
  for (let d = dayOf(start); d <= dayOf(end); d++) {
    if (new Date(`${isoOf(d)}T00:00:00Z`).getUTCDay() === weekday) out.push(isoOf(d));
  }
  return out;
}

function months(start: string, end: string): Array<{ year: number; month: number; first: string; last: string }> {
  const out = [];
  let y = Number(start.slice(0, 4));
  let m = Number(start.slice(5, 7));
  for (;;) {
    const first = `${y}-${String(m).padStart(2, '0')}-01`;
    if (first > end) break;
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    out.push({ year: y, month: m, first: first < start ? start : first, last: last > end ? end : last });
    m += 1;
    if (m === 13) { m = 1; y += 1; }
  }
  return out;
}

export async function seedDemoCommunication(db: Kysely<DB>, span: CommunicationSpan): Promise<{ activities: number; households: number; photos: number }> {
  const villages = await demoVillages(db);
  if (!villages.length) return { activities: 0, households: 0, photos: 0 };
  const commune = await db.selectFrom('org_units').select(['id']).where('id', '=', sql<number>`(SELECT parent_id FROM org_units WHERE id = ${villages[0].id})`).executeTakeFirstOrThrow();
  const accounts = new Map((await db.selectFrom('accounts').select(['id', 'username', 'full_name', 'role', 'org_unit_id']).execute()).map((a) => [a.username, a]));
  const office = accounts.get('vhxh')!;
  const center = accounts.get('hcc')!;
  const households = await db.selectFrom('households').select(['id', 'village_id']).where('village_id', 'in', villages.map((v) => v.id)).where('dissolved_at', 'is', null).orderBy('id').execute();
  // Who comes to meetings: the households the teams never reached on a visit do not come to
  // the village hall either (they are the hard-to-reach ones), nor do a few others; the rest
  // come now and then. So meetings bring TT's dates forward more than they add households.
  const reached = new Set((await db.selectFrom('household_digital_status').select('household_id').where('informed_on', 'is not', null).execute()).map((r) => r.household_id));
  const attendance = new Random(`attendance:${span.start}`);
  const householdsOf = new Map<number, Array<{ id: string; propensity: number }>>();
  for (const h of households) {
    const propensity = !reached.has(h.id) || attendance.chance(0.12) ? 0 : attendance.around(0.55, 0.5, 0.15, 0.95);
    householdsOf.set(h.village_id, [...(householdsOf.get(h.village_id) ?? []), { id: h.id, propensity }]);
  }

  // Channels each village has, as Phòng VH-XH set them.
  const channelRows = villages.flatMap((v) => [
    ...(NO_LOUDSPEAKER.includes(v.name) ? [{ village_id: v.id, channel: 'loudspeaker', available: false, note: 'Thôn vùng cao, chưa có cụm loa truyền thanh', updated_by: office.id, updated_at: new Date(`${span.start}T02:00:00Z`) }] : []),
    ...(NO_ZALO.includes(v.name) ? [{ village_id: v.id, channel: 'zalo', available: false, note: 'Sóng điện thoại yếu, chưa lập nhóm Zalo của thôn', updated_by: office.id, updated_at: new Date(`${span.start}T02:00:00Z`) }] : []),
  ]);
  if (channelRows.length) await db.insertInto('village_channels').values(channelRows).onConflict((oc) => oc.doNothing()).execute();

  // The campaigns of each year the span covers.
  const random = new Random(`communication:${span.start}:${span.end}`);
  const idAt = (day: string, r: Random) => uuidV7At(Date.parse(`${day}T02:00:00Z`) + r.int(0, 36_000_000), r);
  const campaigns: Array<{ id: string; name: string; starts_on: string; ends_on: string; description: string }> = [];
  for (let year = Number(span.start.slice(0, 4)); year <= Number(span.end.slice(0, 4)); year++) {
    campaigns.push(
      { id: idAt(`${year}-01-02`, random), name: `Chiến dịch “Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn” năm ${year}`, starts_on: `${year}-01-05`, ends_on: `${year}-12-31`, description: 'Thực hiện Kế hoạch hoạt động của Tổ Công nghệ số cộng đồng xã: mọi người dân đều được phổ cập kỹ năng cơ bản về chuyển đổi số.' },
      { id: idAt(`${year}-02-25`, random), name: `Tháng Thanh niên ${year}: tuổi trẻ tiên phong chuyển đổi số`, starts_on: `${year}-03-01`, ends_on: `${year}-03-31`, description: 'Đoàn Thanh niên xã cùng các Tổ CNSCĐ tuyên truyền, phát tờ rơi hướng dẫn định danh điện tử và dịch vụ công trực tuyến tại các thôn.' },
      { id: idAt(`${year}-09-20`, random), name: `Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10/${year}`, starts_on: `${year}-09-25`, ends_on: `${year}-10-15`, description: 'Tuyên truyền lợi ích của thanh toán không dùng tiền mặt và các ứng dụng số thiết yếu.' },
    );
  }
  const kept = campaigns.filter((c) => c.starts_on <= span.end);
  if (kept.length) {
    await db.insertInto('comm_campaigns').values(kept.map((c) => ({ ...c, org_unit_id: commune.id, created_by: office.id, created_at: new Date(`${c.starts_on}T02:00:00Z`), updated_at: new Date(`${c.starts_on}T02:00:00Z`) }))).execute();
  }
  const campaignOf = (day: string) => {
    const special = kept.find((c) => !c.name.startsWith('Chiến dịch') && c.starts_on <= day && c.ends_on >= day);
    return special ?? kept.find((c) => c.starts_on <= day && c.ends_on >= day) ?? null;
  };
  const inSpan = (day: string) => day >= span.start && day <= span.end;

  const activities: Activity[] = [];
  const recorderOf = (index: number) => accounts.get(index < 2 ? `truongthon${index + 1}` : `totruong${index + 1}`) ?? accounts.get(`totruong${index + 1}`) ?? office;
  for (const [index, village] of villages.entries()) {
    const r = random.fork(village.name);
    const head = recorderOf(index);
    const leader = accounts.get(`totruong${index + 1}`) ?? head;
    const all = householdsOf.get(village.id) ?? [];
    const mountain = NO_LOUDSPEAKER.includes(village.name);
    const add = (a: Omit<Activity, 'id' | 'org_unit_id' | 'villages' | 'notes' | 'mutation_id' | 'households' | 'campaign_id'> & Partial<Pick<Activity, 'households' | 'notes' | 'mutation_id'>>) => {
      const campaign = campaignOf(a.activity_on);
      activities.push({
        id: idAt(a.activity_on, r), org_unit_id: commune.id, villages: [village.id], campaign_id: campaign?.id ?? null,
        notes: null, mutation_id: null, households: [], ...a,
      });
    };

    for (const m of months(span.start, span.end)) {
      // A village meeting most months, on a Sunday, the households present ticked.
      if (r.chance(mountain ? 0.7 : 0.88)) {
        const sundays = weekdays(m.first, m.last, 0).filter(inSpan);
        if (sundays.length) {
          const day = r.pick(sundays);
          // Fewer come up the mountain (the hamlets are far from the hall).
          const turnout = mountain ? 0.7 : 1;
          const present = all.filter((h) => r.chance(h.propensity * turnout)).map((h) => h.id);
          const topics: CommTopic[] = [r.pick(['vneid', 'dvc', 'cashless', 'essential_apps', 'data_security'] as const), 'campaign'];
          add({
            activity_on: day, channel: 'village_meeting', phase: 'during', topics, ran_by: `Trưởng thôn, Tổ CNSCĐ ${village.name}`,
            measures: { attendees: Math.round(present.length * r.around(1.35, 0.4, 1.1, 1.8)) }, recorded_by: head.id, households: present,
            mutation_id: head.role === 'team_leader' ? idAt(day, r) : null,
            notes: topics[0] === 'vneid' ? 'Hướng dẫn kích hoạt định danh điện tử mức 2 ngay tại buổi họp.' : null,
          });
        }
      }
      // Zalo: the team posts a few times a month where the village has a group.
      if (!NO_ZALO.includes(village.name)) {
        const posts = r.int(2, 4);
        const days = weekdays(m.first, m.last, r.int(1, 6)).filter(inSpan);
        for (let i = 0; i < Math.min(posts, days.length); i++) {
          add({
            activity_on: days[i], channel: 'zalo', phase: r.pick(['before', 'after'] as const), topics: [r.pick(['vneid', 'dvc', 'cashless', 'essential_apps', 'data_security', 'teams'] as const)],
            ran_by: `Tổ CNSCĐ ${village.name}`, measures: { posts: 1, groupMembers: Math.round(all.length * r.around(1.4, 0.3, 1.1, 1.8)) }, recorded_by: leader.id,
          });
        }
      }
      // The party cell every quarter's first month; the youth union in March.
      if (m.month % 3 === 1 && r.chance(0.9)) {
        const days = weekdays(m.first, m.last, r.int(1, 5)).filter(inSpan);
        const day = days.length ? r.pick(days) : null;
        if (day) add({ activity_on: day, channel: 'party_cell', phase: 'during', topics: ['digital_transformation', 'teams'], ran_by: `Chi bộ ${village.name}`, measures: { attendees: r.int(12, 35) }, recorded_by: head.id });
      }
      if (m.month === 3) {
        const days = weekdays(m.first, m.last, 6).filter(inSpan);
        if (days.length) {
          add({ activity_on: days[0], channel: 'mass_org', phase: 'during', topics: ['vneid', 'dvc'], ran_by: `Chi đoàn ${village.name}`, measures: { attendees: r.int(15, 40) }, recorded_by: leader.id });
          // Leaflets handed out at the houses during the youth month.
          add({
            activity_on: days[Math.min(1, days.length - 1)], channel: 'visual', phase: 'during', topics: ['vneid', 'dvc', 'campaign'], ran_by: `Chi đoàn, Tổ CNSCĐ ${village.name}`,
            measures: { material: 'leaflet', copies: Math.round(all.length * r.around(1.1, 0.3, 0.8, 1.5)) }, recorded_by: leader.id,
          });
        }
      }
    }
    // Weekly news on the loudspeaker, on Mondays, where the village has one.
    if (!mountain) {
      for (const day of weekdays(span.start, span.end, 1)) {
        if (!r.chance(0.92)) continue;
        const items = r.int(1, 3);
        add({
          activity_on: day, channel: 'loudspeaker', phase: 'before', topics: [r.pick(['campaign', 'vneid', 'dvc', 'cashless', 'data_security', 'teams'] as const)],
          ran_by: `Cụm loa ${village.name}`, measures: { newsItems: items, airtimeMinutes: items * r.int(8, 15) }, recorded_by: head.id,
        });
      }
    }
  }

  // The commune's own: the service centre's articles and the commune's page, a pano at the centre.
  const r = random.fork('commune');
  for (const m of months(span.start, span.end)) {
    const days = weekdays(m.first, m.last, r.int(1, 5)).filter(inSpan);
    for (let i = 0; i < Math.min(days.length, r.int(1, 3)); i++) {
      activities.push({
        id: idAt(days[i], r), org_unit_id: commune.id, villages: [], households: [], campaign_id: campaignOf(days[i])?.id ?? null, activity_on: days[i], channel: 'news', phase: 'after',
        topics: [r.pick(['teams', 'dvc', 'vneid', 'campaign'] as const)], ran_by: 'Trung tâm Dịch vụ công xã', measures: { articles: 1, url: `https://bachngoc.tuyenquang.gov.vn/tin-tuc/${days[i]}` }, notes: null, recorded_by: center.id, mutation_id: null,
      });
    }
    for (const day of weekdays(m.first, m.last, 5).filter(inSpan)) {
      if (!r.chance(0.6)) continue;
      activities.push({
        id: idAt(day, r), org_unit_id: commune.id, villages: [], households: [], campaign_id: campaignOf(day)?.id ?? null, activity_on: day, channel: 'social_media', phase: 'after',
        topics: [r.pick(['teams', 'cashless', 'essential_apps', 'data_security'] as const)], ran_by: 'Trang thông tin UBND xã', measures: { posts: r.int(1, 2), reach: r.int(300, 2400) }, notes: null, recorded_by: office.id, mutation_id: null,
      });
    }
  }
  const centre = villages.find((v) => v.name === 'Thôn Trung Tâm') ?? villages[0];
  const panoDay = isoOf(Math.min(dayOf(span.end), dayOf(span.start) + 20));
  activities.push({
    id: idAt(panoDay, r), org_unit_id: commune.id, villages: [centre.id], households: [], campaign_id: campaignOf(panoDay)?.id ?? null, activity_on: panoDay, channel: 'visual', phase: 'before',
    topics: ['campaign'], ran_by: 'Phòng Văn hóa - Xã hội', measures: { material: 'pano', copies: 2 }, notes: 'Pano tại nhà văn hóa và chợ trung tâm xã.', recorded_by: office.id, mutation_id: null,
  });

  // A handful of photos: the first village's last meetings and its leaflets, drawn by the seed.
  const first = villages[0];
  const meetings = activities.filter((a) => a.channel === 'village_meeting' && a.villages[0] === first.id).slice(-3);
  for (const a of meetings) a.photo = { caption: `Hop thon ${first.name} ${a.activity_on.split('-').reverse().join('/')}`, scene: 'meeting' };
  const leaflets = activities.find((a) => a.channel === 'visual' && a.villages[0] === first.id);
  if (leaflets) leaflets.photo = { caption: `Phat to roi ${first.name}`, scene: 'outdoor' };

  for (let start = 0; start < activities.length; start += ROWS) {
    const chunk = activities.slice(start, start + ROWS);
    await db.insertInto('comm_activities').values(chunk.map((a) => ({
      id: a.id, org_unit_id: a.org_unit_id, campaign_id: a.campaign_id, activity_on: a.activity_on, channel: a.channel, phase: a.phase, topics: a.topics, ran_by: a.ran_by,
      ran_by_member_id: null, measures: JSON.stringify(a.measures), notes: a.notes, mutation_id: a.mutation_id, recorded_by: a.recorded_by, updated_by: a.recorded_by,
      recorded_at: new Date(`${a.activity_on}T13:30:00Z`), updated_at: new Date(`${a.activity_on}T13:30:00Z`),
    }))).execute();
    const links = chunk.flatMap((a) => a.villages.map((village_id) => ({ activity_id: a.id, village_id })));
    if (links.length) await db.insertInto('comm_activity_villages').values(links).execute();
  }
  const ticks = activities.flatMap((a) => a.households.map((household_id) => ({ activity_id: a.id, household_id })));
  for (let start = 0; start < ticks.length; start += 2_000) await db.insertInto('comm_activity_households').values(ticks.slice(start, start + 2_000)).execute();

  let photos = 0;
  for (const a of activities.filter((x) => x.photo)) {
    for (let i = 0; i < (a.channel === 'village_meeting' ? 2 : 1); i++) {
      const data = makePhoto({ seed: `${a.id}:${i}`, caption: a.photo!.caption, scene: i === 0 ? a.photo!.scene : 'sheet', width: 480, height: 360 });
      await db.insertInto('attachments').values({
        id: idAt(a.activity_on, r), org_unit_id: a.villages[0] ?? a.org_unit_id, owner_entity: 'comm_activity', owner_id: a.id, kind: 'image', content_type: 'image/jpeg',
        byte_size: data.length, sha256: createHash('sha256').update(data).digest('hex'), width: 480, height: 360, file_name: `anh-${a.activity_on}-${i + 1}.jpg`,
        data, uploaded_by: a.recorded_by, claimed_at: new Date(`${a.activity_on}T13:30:00Z`),
      }).execute();
      photos += 1;
    }
  }

  // TT: the households present at a meeting are informed from its day.
  const ticked = [...new Set(ticks.map((t) => t.household_id))];
  for (let start = 0; start < ticked.length; start += 5_000) {
    await sql`SELECT refresh_household_status(${ticked.slice(start, start + 5_000)}::uuid[])`.execute(db);
  }
  return { activities: activities.length, households: ticked.length, photos };
}
