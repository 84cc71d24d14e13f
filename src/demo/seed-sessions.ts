// The demo commune's schools, cooperatives and group sessions (issue 22), relative to the
// demo's "today": two lower-secondary schools sharing the sixteen villages, three
// cooperatives with the workers of their villages linked, and the year's classes — each school
// in Tháng Thanh niên (March) and at the start of the school year (October), a cooperative's
// workers in May, August and November, a Bình dân học vụ số evening at Thôn Bản Bó's cultural
// house in July — only those before today. Sessions are written through the group-sessions
// service (each attendee one support event, as the desk would), as Phòng VH-XH; their ids
// are derived from names, so a demo seeded twice on the same day has the same sessions.
import { type Kysely, sql } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { BASIC_SKILLS_CHECKLIST, type NotDoneReason } from '../shared/support.ts';
import type { SessionContent, SessionInput } from '../shared/group-sessions.ts';
import { addDays } from '../shared/calendar.ts';
import type { DB } from '../server/db/schema.ts';
import type { Actor, OrgLevel } from '../server/http/actor.ts';
import type { Role } from '../shared/roles.ts';
import { recordSession } from '../server/features/group-sessions/group-sessions.service.ts';
import { demoVillages } from './demo-accounts.ts';
import type { DemoYear } from './demo-year.ts';
import { Random } from './population/random.ts';

const NAMESPACE = '3c1a7e52-9d4b-4f0e-8a61-5b2c9d7e0f43';
const idOf = (...parts: Array<string | number>) => uuidv5(parts.join(':'), NAMESPACE);

export const DEMO_SCHOOLS = ['Trường THCS Bạch Ngọc', 'Trường PTDT bán trú THCS Ngọc Đường'] as const;
export const DEMO_COOPERATIVES = [
  { name: 'HTX Chè Shan tuyết Bạch Ngọc', sector: 'Trồng, chế biến chè' },
  { name: 'HTX Nông nghiệp Bản Bó', sector: 'Nông nghiệp, chăn nuôi' },
  { name: 'HTX Dệt thổ cẩm Nà Pồng', sector: 'Thủ công, dệt thổ cẩm' },
] as const;

export async function demoSessionsMissing(db: Kysely<DB>): Promise<boolean> {
  return !(await db.selectFrom('organizations').select('id').where('id', '=', idOf('school', 0)).executeTakeFirst());
}

async function vhxhActor(db: Kysely<DB>, communeId: number): Promise<Actor | undefined> {
  const row = await db.selectFrom('accounts as a').innerJoin('org_units as u', 'u.id', 'a.org_unit_id')
    .select(['a.id', 'a.username', 'a.full_name', 'a.role', 'u.id as unit_id', 'u.path', 'u.level', 'u.name'])
    .where('a.username', '=', 'vhxh').where('u.id', '=', communeId).executeTakeFirst();
  if (!row) return undefined;
  return {
    accountId: row.id, username: row.username, fullName: row.full_name, role: row.role as Role, orgUnitId: row.unit_id, orgPath: row.path,
    orgLevel: row.level as OrgLevel, orgName: row.name, scope: { path: row.path, accountId: row.id, role: row.role as Role }, ip: null, requestId: null,
  };
}

export async function seedDemoSessions(db: Kysely<DB>, year: DemoYear): Promise<number> {
  const villages = await demoVillages(db);
  if (villages.length < 4 || !(await demoSessionsMissing(db))) return 0;
  const commune = await db.selectFrom('org_units').select(['id']).where('id', '=', sql<number>`(SELECT parent_id FROM org_units WHERE id = ${villages[0].id})`).executeTakeFirstOrThrow();
  const actor = await vhxhActor(db, commune.id);
  if (!actor) return 0;
  const half = Math.ceil(villages.length / 2);
  const byName = (name: string) => villages.find((v) => v.name === name) ?? villages[0];

  // Schools: the first half of the villages (by name) and the second; their pupils linked.
  const schools = DEMO_SCHOOLS.map((name, i) => ({ id: idOf('school', i), name, served: i === 0 ? villages.slice(0, half) : villages.slice(half) }));
  for (const s of schools) {
    await db.insertInto('organizations').values({ id: s.id, commune_id: commune.id, kind: 'school', name: s.name, village_id: s.served[0].id, contact: 'Văn phòng nhà trường', created_by: actor.accountId }).execute();
    await db.insertInto('organization_villages').values(s.served.map((v) => ({ organization_id: s.id, village_id: v.id }))).execute();
    await db.updateTable('people').set({ school_id: s.id }).where('is_student', '=', true).where('village_id', 'in', s.served.map((v) => v.id)).execute();
  }
  // Cooperatives: at Thôn Bản Bó, Thôn Nà Pồng and one more; the workers of a third of the villages each.
  const coopVillages = [villages[0], byName('Thôn Nà Pồng'), villages[Math.min(5, villages.length - 1)]];
  const coops = DEMO_COOPERATIVES.map((c, i) => ({ id: idOf('coop', i), ...c, village: coopVillages[i], members: villages.filter((_, j) => j % 3 === i) }));
  for (const c of coops) {
    await db.insertInto('organizations').values({ id: c.id, commune_id: commune.id, kind: 'cooperative', name: c.name, sector: c.sector, village_id: c.village.id, contact: 'Ban giám đốc HTX', created_by: actor.accountId }).execute();
    await db.updateTable('people').set({ employer_id: c.id }).where('is_worker', '=', true).where('village_id', 'in', c.members.map((v) => v.id)).execute();
  }

  // Only sessions before the demo's today, as for its visits.
  const lastDay = [year.end, addDays(year.today, -1)].sort()[0]!;
  const random = new Random(`sessions:${year.today}`);
  let written = 0;
  const years = year.firstYear === year.year ? [year.year] : [year.firstYear, year.year];
  for (const y of years) {
    const plan: Array<{ key: string; day: string; placeKind: SessionInput['placeKind']; organizationId?: string; villageId?: number; contents: SessionContent[]; people: () => Promise<string[]>; notDone: number; reason: NotDoneReason; villageOf: number }> = [];
    for (const [i, s] of schools.entries()) {
      for (const [k, md] of [['mar', '03-18'], ['oct', '10-08']] as const) {
        plan.push({
          key: `${s.id}:${k}`, day: `${y}-${md}`, placeKind: 'school', organizationId: s.id, contents: ['student_training', 'scam_awareness'], notDone: 0.05, reason: 'not_at_home', villageOf: s.served[0].id,
          people: async () => (await db.selectFrom('people').select('id').where('school_id', '=', s.id).where('status', '=', 'resident')
            .orderBy(sql`md5(id::text || ${k + i})`).limit(45).execute()).map((r) => r.id),
        });
      }
    }
    for (const [i, c] of coops.entries()) {
      const md = ['05-20', '08-12', '11-18'][i]!;
      plan.push({
        key: `${c.id}:${y}`, day: `${y}-${md}`, placeKind: 'organization', organizationId: c.id, contents: ['basic_skills', 'scam_awareness'], notDone: 0.15, reason: 'need_revisit', villageOf: c.village.id,
        people: async () => (await db.selectFrom('people').select('id').where('employer_id', '=', c.id).where('status', '=', 'resident')
          .orderBy(sql`md5(id::text)`).limit(35).execute()).map((r) => r.id),
      });
    }
    const banBo = villages[0];
    plan.push({
      key: `bdhvs:${y}`, day: `${y}-07-15`, placeKind: 'cultural_house', villageId: banBo.id, contents: ['bdhvs'], notDone: 0.4, reason: 'need_revisit', villageOf: banBo.id,
      people: async () => (await db.selectFrom('people').select('id').where('village_id', '=', banBo.id).where('status', '=', 'resident')
        .where('birth_year', '<=', y - 18).where('birth_year', '>=', y - 60).orderBy(sql`md5(id::text)`).limit(30).execute()).map((r) => r.id),
    });

    for (const p of plan.sort((a, b) => (a.day < b.day ? -1 : 1))) {
      if (p.day > lastDay || p.day < year.start) continue;
      const teachers = await db.selectFrom('team_members as m').innerJoin('teams as t', 't.id', 'm.team_id').select('m.id')
        .where('t.village_id', '=', p.villageOf).where('m.joined_on', '<=', p.day)
        .where((eb) => eb.or([eb('m.left_on', 'is', null), eb('m.left_on', '>=', p.day)]))
        .where((eb) => eb.or([eb('t.ended_on', 'is', null), eb('t.ended_on', '>=', p.day)]))
        .orderBy('m.team_role').orderBy('m.full_name').limit(2).execute();
      const people = await p.people();
      if (!people.length) continue;
      const basic = p.contents.includes('basic_skills');
      const input: SessionInput = {
        id: idOf('session', p.key), communeId: commune.id, sessionDate: p.day, placeKind: p.placeKind, organizationId: p.organizationId ?? null,
        villageId: p.villageId ?? null, placeNote: null, contents: p.contents, checklist: basic ? [...BASIC_SKILLS_CHECKLIST] : [], outcome: 'done', reason: null,
        teacherMemberIds: teachers.map((t) => t.id),
        attendees: people.map((personId) => (random.next() < p.notDone ? { personId, outcome: 'not_done' as const, reason: p.reason } : { personId, outcome: null, reason: null })),
        visitors: p.placeKind === 'cultural_house' ? [{ fullName: 'Hoàng Văn Khách', homeCommune: 'Xã Minh Quang' }] : [], note: null,
      };
      // Recorded on the session's evening, like the demo's visits.
      await recordSession(db, actor, input, { recordedAt: new Date(`${p.day}T19:30:00+07:00`) });
      written += 1;
    }
  }
  return written;
}
