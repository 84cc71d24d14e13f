// Group sessions for residents through HTTP on both engines: the commune's schools and
// cooperatives with their pupils and workers; a session of 40 pupils moves HS by exactly the
// pupils who lacked it and its correction moves it back (the stored figures then equal a
// fresh computation); rows refused one by one (under age for VNeID, not a student, outside
// the area) while the others are saved; a session in the future refused whole; the resend;
// a team leader's cooperative session through the phone's push, exactly once.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUntilIdle } from '../../src/server/features/indicators/aggregates-worker.ts';
import { verifyAggregates } from '../../src/server/features/indicators/aggregates-rebuild.ts';
import { BASIC_SKILLS_CHECKLIST } from '../../src/shared/support.ts';
import { addDays, todayInVietnam, yearInVietnam } from '../../src/shared/calendar.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { action, event, makeTeam, mutation } from '../support/field-fixtures.ts';

describeEachEngine('group sessions', (engine) => {
  let t: TestApp;
  let officer: Client; // Phòng VH-XH
  let villageHead: Client;
  let teamLeader: Client; // tổ trưởng, village A
  const today = todayInVietnam();
  const pupils: string[] = [];
  const adults: string[] = [];
  let young: string; // 12 years old, a pupil
  let stranger: string; // lives in another commune
  let workerB: string; // a worker in village B
  let school: any;
  let coop: any;
  let teamA: string[];

  const ok = (res: { status: number; body: any }, status = 200) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const put = (client: Client, url: string, body: unknown) => client.request('PUT', url, body);
  const hs = async (unit: number) => {
    await runUntilIdle(t.database.db);
    const body = ok(await officer.get(`/api/indicators?orgUnitId=${unit}&period=ytd&year=${yearInVietnam()}`));
    return body.summary.indicators.HS as { numerator: number; denominator: number };
  };
  const count = async (table: 'support_events' | 'group_sessions' | 'group_session_attendees') =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;
  const session = (extra: Record<string, unknown> = {}) => ({
    id: uuidv7(), communeId: t.org.commune, sessionDate: today, placeKind: 'school', organizationId: school.id, contents: ['student_training'],
    outcome: 'done', teacherMemberIds: [teamA[0]], attendees: pupils.map((personId) => ({ personId })), ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, villageHead, teamLeader] = await Promise.all([t.login(t.usernames.culture_office), t.login(t.usernames.village_head), t.login(t.usernames.team_leader)]);
    teamA = (await makeTeam(t, t.org.villageA, [{ fullName: 'Hoàng Thị Lan', teamRole: 'leader', username: t.usernames.team_leader }, { fullName: 'Nông Văn Tú' }])).memberIds;
    const year = yearInVietnam();
    // Ten households of a parent and four pupils aged 14–17: forty pupils.
    for (let h = 0; h < 10; h += 1) {
      const { personIds } = await makeHousehold(t, t.org.villageA, [
        { fullName: `Phụ huynh ${h}`, birthYear: 1980 },
        ...[14, 15, 16, 17].map((age, i) => ({ fullName: `Học sinh ${h}-${i}`, birthYear: year - age - 1 })),
      ]);
      adults.push(personIds[0]);
      pupils.push(...personIds.slice(1));
    }
    const kid = await makeHousehold(t, t.org.villageB, [{ fullName: 'Lý Văn Cường', birthYear: 1975 }, { fullName: 'Lý Thị Nhỏ', birthYear: year - 12 }, { fullName: 'Lý Văn Thợ', birthYear: 1995 }]);
    young = kid.personIds[1];
    workerB = kid.personIds[2];
    stranger = (await makeHousehold(t, t.org.villageC, [{ fullName: 'Người Xã Khác', birthYear: 1990 }])).personIds[0];
    await t.database.db.updateTable('people').set({ is_student: true }).where('id', 'in', [...pupils, young]).execute();
    // Ten pupils were trained on a visit already: the session moves HS by the other thirty.
    for (let h = 0; h < 10; h += 1) {
      const household = (await t.database.db.selectFrom('people').select('household_id').where('id', '=', pupils[h * 4]).executeTakeFirstOrThrow()).household_id;
      ok(await officer.post('/api/support-events', event(household, [action(pupils[h * 4], 'student_training')], { eventDate: today })), 201);
    }
  });
  afterAll(async () => { await t.close(); });

  describe('schools, enterprises and cooperatives', () => {
    it('keeps a school with the villages it serves and a cooperative, refusing what does not fit by field', async () => {
      school = ok(await officer.post('/api/organizations', {
        id: uuidv7(), communeId: t.org.commune, kind: 'school', name: 'Trường THCS Bạch Ngọc', villageId: t.org.villageA, servedVillageIds: [t.org.villageA, t.org.villageB], contact: 'Cô Hà 0912000111',
      }));
      expect(school).toMatchObject({ kind: 'school', servedVillages: [{ name: 'Thôn Bản Bó' }, { name: 'Thôn Nà Pồng' }], people: 41, reached: 10 });
      coop = ok(await officer.post('/api/organizations', {
        id: uuidv7(), communeId: t.org.commune, kind: 'cooperative', name: 'HTX Chè Bạch Ngọc', sector: 'Chè', villageId: t.org.villageA, contact: 'Anh Tùng',
      }));
      const outside = await officer.post('/api/organizations', { id: uuidv7(), communeId: t.org.commune, kind: 'school', name: 'Trường khác', servedVillageIds: [t.org.villageC] });
      expect(outside.status).toBe(400);
      expect(outside.body.error.fields[0]).toMatchObject({ path: 'servedVillageIds', message: 'Thôn có học sinh: có thôn không thuộc xã này.' });
      const twice = await officer.post('/api/organizations', { id: uuidv7(), communeId: t.org.commune, kind: 'cooperative', name: 'htx chè bạch ngọc' });
      expect(twice.body.error.fields[0].path).toBe('name');
      expect((await villageHead.post('/api/organizations', { id: uuidv7(), communeId: t.org.commune, kind: 'cooperative', name: 'HTX Mới' })).status).toBe(403);
    });

    it('links workers to the cooperative, refusing a person of another commune on their own row', async () => {
      const answer = ok(await officer.post(`/api/organizations/${coop.id}/people`, { add: [...adults.slice(0, 5), workerB, stranger] }));
      expect(answer).toMatchObject({ linked: 6, unlinked: 0, refused: [{ personId: stranger, message: 'Không có nhân khẩu này trong phạm vi của bạn.' }] });
      const view = ok(await officer.get(`/api/organizations/${coop.id}`));
      expect(view).toMatchObject({ people: 6, reached: 0 });
      expect(view.members.every((m: any) => m.linked)).toBe(true);
      const flags = await t.database.db.selectFrom('people').select(['is_worker', 'employer_id']).where('id', 'in', [...adults.slice(0, 5), workerB]).execute();
      expect(flags.every((f) => f.is_worker && f.employer_id === coop.id)).toBe(true);
      // The village head reads the list with the workers of the village only.
      const theirs = ok(await villageHead.get(`/api/organizations/${coop.id}`));
      expect(theirs.members).toHaveLength(5);
    });
  });

  describe('teachers', () => {
    it('lists the commune\'s team members active on the day, for the form to name as teachers', async () => {
      const answer = ok(await officer.get(`/api/group-sessions/teachers?communeId=${t.org.commune}&asOf=${today}`));
      expect(answer.items.map((m: any) => [m.id, m.fullName, m.teamRole, m.village.id])).toEqual([
        [teamA[0], 'Hoàng Thị Lan', 'leader', t.org.villageA],
        [teamA[1], 'Nông Văn Tú', 'member', t.org.villageA],
      ]);
      // Before the team was formed nobody could teach.
      expect(ok(await officer.get(`/api/group-sessions/teachers?communeId=${t.org.commune}&asOf=2020-01-01`)).items).toEqual([]);
      // A commune outside the caller's area: not found, naming no one.
      const other = await villageHead.get(`/api/group-sessions/teachers?communeId=${t.org.otherCommune}&asOf=${today}`);
      expect(other.status).toBe(404);
      expect((await officer.get(`/api/group-sessions/teachers?communeId=${t.org.commune}&asOf=hôm-nay`)).status).toBe(400);
    });
  });

  describe('a school session', () => {
    let recorded: any;

    it('a session of 40 pupils moves HS by exactly the 30 who lacked it, one support event each', async () => {
      const before = await hs(t.org.villageA);
      expect(before).toEqual(expect.objectContaining({ numerator: 10, denominator: 40 }));
      const events = await count('support_events');
      recorded = ok(await officer.post('/api/group-sessions', session()));
      expect(recorded).toMatchObject({ created: true, attendees: 40, done: 40, refused: 0, organization: { name: 'Trường THCS Bạch Ngọc' }, teachers: [{ fullName: 'Hoàng Thị Lan' }] });
      expect(await count('support_events')).toBe(events + 40);
      const after = await hs(t.org.villageA);
      expect(after.numerator - before.numerator).toBe(30);
      expect(after).toEqual(expect.objectContaining({ numerator: 40, denominator: 40 }));
      // Each attendee's event is in their household's history like a visit, with the teacher.
      const one = recorded.attendeeList[5];
      const history = ok(await officer.get(`/api/households/${one.householdId}/support-events`));
      expect(history.items.find((e: any) => e.id === one.eventId)).toMatchObject({ channel: 'group_session', helpers: [{ fullName: 'Hoàng Thị Lan' }], actions: [{ action: 'student_training', outcome: 'done' }] });
      // The school's list moves too.
      expect(ok(await officer.get(`/api/organizations/${school.id}`))).toMatchObject({ people: 41, reached: 40, sessions: 1 });
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });

    it('answers a resend with the stored session and writes nothing; the same id with other content is a 409', async () => {
      const events = await count('support_events');
      const body = { ...session(), id: recorded.id };
      const again = ok(await officer.post('/api/group-sessions', body));
      expect(again).toMatchObject({ id: recorded.id, created: false, attendees: 40 });
      expect(await count('support_events')).toBe(events);
      const other = await officer.post('/api/group-sessions', { ...body, attendees: body.attendees.slice(1) });
      expect(other.status).toBe(409);
    });

    it('a correction reverses it: each pupil\'s event corrected, HS back where it was', async () => {
      const events = await count('support_events');
      const corrected = ok(await put(officer, `/api/group-sessions/${recorded.id}`, {
        version: recorded.version, sessionDate: today, placeKind: 'school', organizationId: school.id, contents: ['student_training'], outcome: 'not_done', reason: 'need_revisit',
        teacherMemberIds: [teamA[0]], attendees: pupils.slice(0, 39).map((personId) => ({ personId })),
      }));
      expect(corrected).toMatchObject({ version: 2, attendees: 39, done: 0 });
      // 39 corrections and one retraction (the pupil taken off the list).
      expect(await count('support_events')).toBe(events + 40);
      expect(await hs(t.org.villageA)).toEqual(expect.objectContaining({ numerator: 10, denominator: 40 }));
      const stale = await officer.request('PUT', `/api/group-sessions/${recorded.id}`, { version: 1, sessionDate: today, placeKind: 'school', organizationId: school.id, contents: ['student_training'], attendees: [] });
      expect(stale.status).toBe(409);
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });

    it('a session recorded by mistake is retracted whole: every event taken back, HS where it was, listed as retracted', async () => {
      const wrong = ok(await officer.post('/api/group-sessions', session()));
      expect(await hs(t.org.villageA)).toEqual(expect.objectContaining({ numerator: 40 }));
      const sessionsBefore = ok(await officer.get(`/api/organizations/${school.id}`)).sessions;
      const events = await count('support_events');
      const short = await officer.post(`/api/group-sessions/${wrong.id}/retract`, { version: wrong.version, reason: 'nhầm' });
      expect(short.status).toBe(400);
      expect(short.body.error.fields[0].path).toBe('reason');
      expect((await officer.post(`/api/group-sessions/${wrong.id}/retract`, { version: wrong.version + 1, reason: 'Ghi nhầm lớp' })).status).toBe(409);

      const retracted = ok(await officer.post(`/api/group-sessions/${wrong.id}/retract`, { version: wrong.version, reason: 'Ghi nhầm lớp, buổi này của trường khác' }));
      expect(retracted).toMatchObject({ status: 'retracted', version: wrong.version + 1 });
      expect(await count('support_events')).toBe(events + 40);
      expect(await hs(t.org.villageA)).toEqual(expect.objectContaining({ numerator: 10, denominator: 40 }));
      expect(ok(await officer.get(`/api/organizations/${school.id}`)).sessions).toBe(sessionsBefore - 1);
      const audit = await t.database.db.selectFrom('audit_log').select('detail').where('entity_id', '=', wrong.id).where('action', '=', 'update').executeTakeFirstOrThrow();
      expect(audit.detail).toMatchObject({ retracted: 40, reason: 'Ghi nhầm lớp, buổi này của trường khác' });

      // Nothing more to take back, and nothing to correct.
      const again = await officer.post(`/api/group-sessions/${wrong.id}/retract`, { version: retracted.version, reason: 'Rút lần nữa' });
      expect(again.status).toBe(400);
      const corrected = await put(officer, `/api/group-sessions/${wrong.id}`, { version: retracted.version, sessionDate: today, placeKind: 'school', organizationId: school.id, contents: ['student_training'], attendees: pupils.map((personId) => ({ personId })) });
      expect(corrected.status).toBe(400);
      // A team member's account may record visits, not take a class back.
      const member = await t.login(t.usernames.team_member);
      expect((await member.post(`/api/group-sessions/${recorded.id}/retract`, { version: 2, reason: 'Không có quyền?' })).status).toBe(403);
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });
  });

  describe('rules per attendee', () => {
    it('refuses a row under age for VNeID, a non-student for students\' training and a person outside the area, and saves the others', async () => {
      const events = await count('support_events');
      const answer = ok(await officer.post('/api/group-sessions', session({
        placeKind: 'cultural_house', organizationId: null, villageId: t.org.villageB, contents: ['vneid_level2', 'scam_awareness'],
        attendees: [{ personId: workerB }, { personId: young }, { personId: stranger }, { personId: adults[0] }],
        visitors: [{ fullName: 'Trần Văn Khách', homeCommune: 'Xã Minh Quang' }],
      })));
      expect(answer).toMatchObject({ attendees: 2, visitors: 1, refused: 2 });
      expect(answer.refusedList).toEqual([
        { personId: young, fullName: 'Lý Thị Nhỏ', message: expect.stringContaining('chỉ dành cho người từ 14 tuổi; Lý Thị Nhỏ mới 12 tuổi') },
        { personId: stranger, fullName: 'Người Xã Khác', message: 'Không có nhân khẩu này trong phạm vi của bạn (ngoài địa bàn).' },
      ]);
      expect(await count('support_events')).toBe(events + 2);
      const students = ok(await officer.post('/api/group-sessions', session({ attendees: [{ personId: adults[1] }, { personId: pupils[1] }] })));
      expect(students.refusedList).toEqual([{ personId: adults[1], fullName: 'Phụ huynh 1', message: expect.stringContaining('chỉ dành cho học sinh') }]);
      // One row refused by its own outcome: under age but recorded as not done is kept.
      const kept = ok(await officer.post('/api/group-sessions', session({
        placeKind: 'commune_hall', organizationId: null, contents: ['vneid_level2'], attendees: [{ personId: young, outcome: 'not_done', reason: 'under_age' }],
      })));
      expect(kept).toMatchObject({ attendees: 1, refused: 0, attendeeList: [{ outcome: 'not_done', reason: 'under_age' }] });
    });

    it('refuses a session in the future, a school of another commune and a done basic-skills class without the whole checklist, writing nothing', async () => {
      const [events, sessions] = [await count('support_events'), await count('group_sessions')];
      const future = await officer.post('/api/group-sessions', session({ sessionDate: addDays(today, 1) }));
      expect(future.status).toBe(400);
      expect(future.body.error.fields[0]).toMatchObject({ path: 'sessionDate', message: expect.stringContaining('không được sau hôm nay') });
      const elsewhere = await t.database.db.insertInto('organizations').values({ id: uuidv7(), commune_id: t.org.otherCommune, kind: 'school', name: 'Trường Minh Tân' }).returning('id').executeTakeFirstOrThrow();
      const outside = await officer.post('/api/group-sessions', session({ organizationId: elsewhere.id }));
      expect(outside.body.error.fields[0]).toMatchObject({ path: 'organizationId', message: expect.stringContaining('ngoài địa bàn') });
      const partial = await officer.post('/api/group-sessions', session({ contents: ['basic_skills'], checklist: BASIC_SKILLS_CHECKLIST.slice(0, 3) }));
      expect(partial.body.error.fields[0].path).toBe('checklist');
      const nobody = await officer.post('/api/group-sessions', session({ attendees: [{ personId: stranger }] }));
      expect(nobody.status).toBe(400);
      expect([await count('support_events'), await count('group_sessions')]).toEqual([events, sessions]);
    });
  });

  describe('on the team leader\'s phone', () => {
    it('records a cooperative session through the push exactly once; a person of another village is refused on their row', async () => {
      const payload = {
        id: uuidv7(), communeId: t.org.commune, sessionDate: today, placeKind: 'organization', organizationId: coop.id, contents: ['basic_skills'],
        checklist: [...BASIC_SKILLS_CHECKLIST], outcome: 'done', teacherMemberIds: [teamA[0]],
        attendees: [...adults.slice(0, 5).map((personId) => ({ personId })), { personId: workerB }],
      };
      const m = mutation('group_session.record', payload);
      const first = ok(await teamLeader.post('/api/sync/push', { mutations: [m] }));
      expect(first.results).toEqual([{ id: m.id, status: 'applied' }]);
      const again = ok(await teamLeader.post('/api/sync/push', { mutations: [m] }));
      expect(again.results).toEqual([{ id: m.id, status: 'duplicate' }]);
      // The same session under a new mutation id (the phone enqueued it twice) is a duplicate too.
      const twice = ok(await teamLeader.post('/api/sync/push', { mutations: [mutation('group_session.record', payload)] }));
      expect(twice.results[0].status).toBe('duplicate');
      const stored = ok(await officer.get(`/api/group-sessions/${payload.id}`));
      expect(stored).toMatchObject({ attendees: 5, refused: 1, refusedList: [{ personId: workerB }] });
      expect(ok(await officer.get(`/api/organizations/${coop.id}`))).toMatchObject({ reached: 5 });
      // A team member may not record sessions.
      const member = await t.login(t.usernames.team_member);
      const refused = ok(await member.post('/api/sync/push', { mutations: [mutation('group_session.record', { ...payload, id: uuidv7() })] }));
      expect(refused.results[0]).toMatchObject({ status: 'refused', error: { field: 'kind' } });
    });
  });
});
