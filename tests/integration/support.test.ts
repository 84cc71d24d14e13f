// Support events at the desk and from the village: every rule an event must pass (refused in
// Vietnamese, naming the field), resends, corrections, and the digital status derived from
// the events as of any date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { type TeamFixture, action, countRows, event, makeTeam, setPerson, vietnamTomorrow } from '../support/field-fixtures.ts';
import { BASIC_SKILLS_CHECKLIST } from '../../src/shared/support.ts';

describeEachEngine('support events', (engine) => {
  let t: TestApp;
  let officer: Client; // Phòng VH-XH: the commune
  let centre: Client; // Trung tâm phục vụ HCC
  let volunteer: Client; // Thành viên Tổ, village A
  let hh: { householdId: string; personIds: string[] };
  let other: { householdId: string; personIds: string[] };
  let far: { householdId: string; personIds: string[] };
  let teamA: TeamFixture;
  let teamB: TeamFixture;
  // hh's people, by what the rules look at
  let head: string, wife: string, child: string, teen: string, yearOnly: string, movedOut: string, deceased: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, centre, volunteer] = await Promise.all([t.login(t.usernames.culture_office), t.login(t.usernames.service_center), t.login(t.usernames.team_member)]);
    hh = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Lò Văn Khang', sex: 'male', birthYear: 1980 },
      { fullName: 'Hoàng Thị Mai', birthYear: 1985 },
      { fullName: 'Lò Văn Bình', sex: 'male', birthDate: '2015-06-01' },
      { fullName: 'Lò Thị Hương', birthDate: '2010-03-01' },
      { fullName: 'Lò Văn Tài', sex: 'male', birthYear: 2012 },
      { fullName: 'Lò Văn Đi', sex: 'male', birthYear: 1990 },
      { fullName: 'Lò Văn Cụ', sex: 'male', birthYear: 1940 },
    ]);
    [head, wife, child, teen, yearOnly, movedOut, deceased] = hh.personIds;
    await setPerson(t, teen, { is_student: true });
    await setPerson(t, movedOut, { status: 'moved_out' });
    await setPerson(t, deceased, { status: 'deceased' });
    other = await makeHousehold(t, t.org.villageA, [{ fullName: 'Ma Thị Nga', birthYear: 1975 }]);
    far = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Văn Sơn', sex: 'male', birthYear: 1970 }]);
    teamA = await makeTeam(t, t.org.villageA, [
      { fullName: 'Người dùng team_member', username: t.usernames.team_member },
      { fullName: 'Hoàng Thị Lan' },
      { fullName: 'Triệu Văn Cũ', joinedOn: '2025-01-01', leftOn: '2025-03-01' },
    ]);
    teamB = await makeTeam(t, t.org.villageB, [{ fullName: 'Nông Văn Bảo' }]);
  });
  afterAll(async () => { await t.close(); });

  /** Posts an event expecting a refusal; returns the field path and the message. */
  async function refused(client: Client, body: unknown, status = 400) {
    const res = await client.post('/api/support-events', body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const field = res.body.error.fields?.[0];
    return { path: field?.path as string, message: res.body.error.message as string };
  }

  describe('refusals, in Vietnamese and naming the field', () => {
    it('refuses a household outside the member\'s village as if it did not exist', async () => {
      const r = await refused(volunteer, event(far.householdId, [action(far.personIds[0], 'install_vneid')]), 404);
      expect(r).toEqual({ path: 'householdId', message: 'Hộ gia đình: Hộ gia đình không tồn tại hoặc ngoài phạm vi của bạn.' });
      // …while the commune's office, whose area holds both villages, may record there.
      expect((await officer.post('/api/support-events', event(far.householdId, [action(far.personIds[0], 'install_vneid')]))).status).toBe(201);
    });

    it('refuses a person of another household, one who moved out, one who died', async () => {
      let r = await refused(volunteer, event(hh.householdId, [action(head, 'security_advice'), action(other.personIds[0], 'install_vneid')]));
      expect(r.path).toBe('actions[1].personId');
      expect(r.message).toBe('Việc thứ 2 – Nhân khẩu: Không phải nhân khẩu của hộ này.');
      r = await refused(volunteer, event(hh.householdId, [action(movedOut, 'install_vneid')]));
      expect(r).toEqual({ path: 'actions[0].personId', message: 'Việc thứ 1 – Nhân khẩu: Lò Văn Đi đã chuyển đi, không còn cư trú trong hộ.' });
      r = await refused(volunteer, event(hh.householdId, [action(deceased, 'security_advice')]));
      expect(r.message).toContain('Lò Văn Cụ đã mất');
    });

    it('refuses a date in the future (Vietnam time), before 2025, or that does not exist', async () => {
      let r = await refused(volunteer, event(hh.householdId, [action(head, 'install_vneid')], { eventDate: vietnamTomorrow() }));
      expect(r.path).toBe('eventDate');
      expect(r.message).toMatch(/^Ngày hỗ trợ: Không được sau hôm nay \(\d\d\/\d\d\/\d{4}\)\.$/);
      r = await refused(volunteer, event(hh.householdId, [action(head, 'install_vneid')], { eventDate: '2024-12-31' }));
      expect(r.message).toBe('Ngày hỗ trợ: Không được trước ngày 01/01/2025, khi chương trình bắt đầu.');
      r = await refused(volunteer, event(hh.householdId, [action(head, 'install_vneid')], { eventDate: '2025-02-30' }));
      expect(r).toEqual({ path: 'eventDate', message: 'Ngày hỗ trợ: Ngày không tồn tại.' });
    });

    it('refuses VNeID for a child under 14 on the event date, but records "not done: under age"', async () => {
      const r = await refused(volunteer, event(hh.householdId, [action(head, 'security_advice'), action(child, 'activate_vneid_level2')]));
      expect(r.path).toBe('actions[1].action');
      expect(r.message).toContain('chỉ dành cho người từ 14 tuổi; Lò Văn Bình mới 10 tuổi vào ngày 10/06/2025');
      const ok = await volunteer.post('/api/support-events', event(hh.householdId, [action(child, 'activate_vneid_level2', 'not_done', { reason: 'under_age' })]));
      expect(ok.status).toBe(201);
    });

    it('takes a birth-year-only person as born on 1 January', async () => {
      // Born 2012: 13 on 31/12/2025, 14 on 01/01/2026.
      const r = await refused(volunteer, event(hh.householdId, [action(yearOnly, 'install_vneid')], { eventDate: '2025-12-31' }));
      expect(r.message).toContain('mới 13 tuổi vào ngày 31/12/2025');
      const ok = await volunteer.post('/api/support-events', event(hh.householdId, [action(yearOnly, 'install_vneid')], { eventDate: '2026-01-01' }));
      expect(ok.status).toBe(201);
    });

    it('gives student training only to students', async () => {
      const r = await refused(volunteer, event(hh.householdId, [action(wife, 'student_training')]));
      expect(r).toEqual({ path: 'actions[0].action', message: 'Việc thứ 1 – Việc hỗ trợ: "Học sinh được tập huấn kỹ năng số" chỉ dành cho học sinh; Hoàng Thị Mai không được ghi là học sinh.' });
      expect((await volunteer.post('/api/support-events', event(hh.householdId, [action(teen, 'student_training')]))).status).toBe(201);
    });

    it('asks for a reason exactly when something was not done', async () => {
      let r = await refused(volunteer, event(hh.householdId, [action(head, 'open_bank_account', 'not_done')]));
      expect(r).toEqual({ path: 'actions[0].reason', message: 'Việc thứ 1 – Lý do chưa làm được: Chọn lý do khi chưa làm được.' });
      r = await refused(volunteer, event(hh.householdId, [action(head, 'open_bank_account', 'done', { reason: 'refused' })]));
      expect(r.path).toBe('actions[0].reason');
    });

    it('asks which procedure was submitted and which app was installed', async () => {
      let r = await refused(volunteer, event(hh.householdId, [action(head, 'submit_procedure')]));
      expect(r).toEqual({ path: 'actions[0].procedureName', message: 'Việc thứ 1 – Tên thủ tục: Ghi tên thủ tục đã nộp.' });
      r = await refused(volunteer, event(hh.householdId, [action(head, 'install_other_app')]));
      expect(r).toEqual({ path: 'actions[0].appName', message: 'Việc thứ 1 – Tên ứng dụng: Ghi tên ứng dụng đã cài.' });
      const ok = await volunteer.post('/api/support-events', event(hh.householdId, [
        action(head, 'submit_procedure', 'done', { procedureName: 'Đăng ký khai sinh' }),
        action(head, 'submit_procedure', 'done', { procedureName: 'Cấp phiếu lý lịch tư pháp' }),
        action(head, 'install_other_app', 'done', { appName: 'Etax Mobile' }),
      ]));
      expect(ok.status).toBe(201);
      expect(ok.body.actions.map((a: { procedureName: string | null }) => a.procedureName)).toEqual(['Đăng ký khai sinh', 'Cấp phiếu lý lịch tư pháp', null]);
    });

    it('counts basic skills done only with the whole checklist; a part is "not done, need to come back"', async () => {
      const part = BASIC_SKILLS_CHECKLIST.slice(0, 3);
      let r = await refused(volunteer, event(hh.householdId, [action(wife, 'teach_basic_skills', 'done', { checklist: part })]));
      expect(r.path).toBe('actions[0].checklist');
      expect(r.message).toContain('Chỉ ghi "Đã làm xong" khi người dân làm được đủ 6 mục');
      r = await refused(volunteer, event(hh.householdId, [action(wife, 'teach_basic_skills', 'not_done', { checklist: part, reason: 'no_smartphone' })]));
      expect(r).toEqual({ path: 'actions[0].reason', message: 'Việc thứ 1 – Lý do chưa làm được: Mới làm được một phần các mục kỹ năng: lý do phải là "Cần quay lại".' });
      const partial = await volunteer.post('/api/support-events', event(hh.householdId, [action(wife, 'teach_basic_skills', 'not_done', { checklist: part, reason: 'need_revisit' })]));
      expect(partial.status).toBe(201);
      const status = await officer.get(`/api/people/${wife}/digital-status`);
      expect(status.body.digital.basic_skills).toBeNull();
    });

    it('takes helpers only from the household\'s village team, active on the event date', async () => {
      let r = await refused(volunteer, event(hh.householdId, [action(head, 'security_advice')], { helperMemberIds: [teamA.memberIds[0], teamB.memberIds[0]] }));
      expect(r).toEqual({ path: 'helperMemberIds[1]', message: 'Thành viên Tổ hỗ trợ thứ 2: Không phải thành viên Tổ CNSCĐ của thôn có hộ này.' });
      r = await refused(volunteer, event(hh.householdId, [action(head, 'security_advice')], { helperMemberIds: [teamA.memberIds[2]], eventDate: '2025-05-01' }));
      expect(r.message).toBe('Thành viên Tổ hỗ trợ thứ 1: Không còn (hoặc chưa) là thành viên Tổ vào ngày 01/05/2025.');
      // Before leaving, the same member could help.
      const ok = await volunteer.post('/api/support-events', event(hh.householdId, [action(head, 'security_advice')], { helperMemberIds: [teamA.memberIds[2]], eventDate: '2025-02-15' }));
      expect(ok.status).toBe(201);
      expect(ok.body.helpers).toEqual([{ id: teamA.memberIds[2], fullName: 'Triệu Văn Cũ' }]);
    });

    it('lets only desk staff record support given at the service centre', async () => {
      const r = await refused(volunteer, event(hh.householdId, [action(head, 'create_dvc_account')], { channel: 'service_center' }));
      expect(r.path).toBe('channel');
      expect(r.message).toContain('Chỉ cán bộ tại Trung tâm phục vụ hành chính công');
      const ok = await centre.post('/api/support-events', event(hh.householdId, [action(head, 'create_dvc_account')], { channel: 'service_center', informed: false }));
      expect(ok.status).toBe(201);
      expect(ok.body.channel).toBe('service_center');
    });

    it('refuses an event with nothing in it', async () => {
      const r = await refused(volunteer, event(hh.householdId, [], { informed: false }));
      expect(r.path).toBe('actions');
      expect(r.message).toContain('Chưa có gì để ghi');
    });

    it('refuses a correction of another household\'s event, or of an event already corrected', async () => {
      const original = event(other.householdId, [action(other.personIds[0], 'security_advice')]);
      expect((await volunteer.post('/api/support-events', original)).status).toBe(201);
      let r = await refused(volunteer, event(hh.householdId, [action(head, 'security_advice')], { correctsEventId: original.id }));
      expect(r).toEqual({ path: 'correctsEventId', message: 'Lượt hỗ trợ được sửa: Không có lượt hỗ trợ này ở hộ gia đình đã chọn.' });
      expect((await volunteer.post('/api/support-events', event(other.householdId, [], { informed: false, correctsEventId: original.id }))).status).toBe(201);
      r = await refused(volunteer, event(other.householdId, [action(other.personIds[0], 'security_advice')], { correctsEventId: original.id }));
      expect(r.message).toContain('đã được sửa bằng một lượt khác');
    });

    it('checks the body\'s shape before any rule (unknown action, bad id)', async () => {
      const res = await volunteer.post('/api/support-events', { ...event(hh.householdId, [action(head, 'security_advice')]), actions: [{ personId: 'x', action: 'fly', outcome: 'done' }] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation');
    });
  });

  describe('resending', () => {
    it('stores an event once: the same id and content is answered with the stored event', async () => {
      const body = event(other.householdId, [action(other.personIds[0], 'install_vssid')], { helperMemberIds: [teamA.memberIds[1], teamA.memberIds[0]] });
      const first = await volunteer.post('/api/support-events', body);
      expect(first.status).toBe(201);
      expect(first.body.created).toBe(true);
      const again = await volunteer.post('/api/support-events', { ...body, helperMemberIds: [...body.helperMemberIds].reverse() });
      expect(again.status).toBe(200);
      expect(again.body.created).toBe(false);
      expect(again.body.id).toBe(body.id);
      expect(await countRows(t, 'support_events', { column: 'id', in: [body.id] })).toBe(1);
      expect(await countRows(t, 'support_actions', { column: 'event_id', in: [body.id] })).toBe(1);
    });

    it('stores one event when the same send arrives twice at once', async () => {
      const body = event(other.householdId, [action(other.personIds[0], 'install_other_app', 'done', { appName: 'VNeTraffic' })]);
      const [a, b] = await Promise.all([volunteer.post('/api/support-events', body), volunteer.post('/api/support-events', body)]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(await countRows(t, 'support_events', { column: 'id', in: [body.id] })).toBe(1);
      expect(await countRows(t, 'support_actions', { column: 'event_id', in: [body.id] })).toBe(1);
    });

    it('refuses the same id with other content (409) and keeps the first', async () => {
      const body = event(other.householdId, [action(other.personIds[0], 'cashless_payment')]);
      expect((await volunteer.post('/api/support-events', body)).status).toBe(201);
      const res = await volunteer.post('/api/support-events', { ...body, eventDate: '2025-06-11' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('Mã lượt hỗ trợ: Mã lượt hỗ trợ này đã được dùng cho một lượt có nội dung khác.');
      const stored = await t.database.db.selectFrom('support_events').select('event_date').where('id', '=', body.id).executeTakeFirstOrThrow();
      expect(stored.event_date).toBe('2025-06-10');
    });
  });

  describe('digital status, derived from the events', () => {
    let person: string;
    let hhId: string;
    beforeAll(async () => {
      const created = await makeHousehold(t, t.org.villageA, [{ fullName: 'Đặng Văn Trường', sex: 'male', birthYear: 1970 }]);
      person = created.personIds[0];
      hhId = created.householdId;
    });
    const statusOn = async (asOf?: string) => (await officer.get(`/api/people/${person}/digital-status${asOf ? `?asOf=${asOf}` : ''}`)).body;

    it('takes the first date something was done, whatever order the events arrive in', async () => {
      expect((await volunteer.post('/api/support-events', event(hhId, [action(person, 'install_vneid')], { eventDate: '2025-05-10' }))).status).toBe(201);
      expect((await volunteer.post('/api/support-events', event(hhId, [action(person, 'install_vneid')], { eventDate: '2025-03-01' }))).status).toBe(201);
      expect((await statusOn()).digital.vneid_level1).toBe('2025-03-01');
    });

    it('counts "already had" and not "not done"; level 2 implies level 1', async () => {
      await volunteer.post('/api/support-events', event(hhId, [
        action(person, 'open_bank_account', 'already_had'),
        action(person, 'create_dvc_account', 'not_done', { reason: 'no_chip_id' }),
      ], { eventDate: '2025-04-01' }));
      const other2 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Sầm Thị Lụa', birthYear: 1990 }]);
      await volunteer.post('/api/support-events', event(other2.householdId, [action(other2.personIds[0], 'activate_vneid_level2')], { eventDate: '2025-04-02' }));
      const s = await statusOn();
      expect(s.digital.bank_account).toBe('2025-04-01');
      expect(s.digital.dvc_account).toBeNull();
      expect(s.lastReason).toBeNull(); // the latest visit (10/05) had no refusal
      const lua = (await officer.get(`/api/people/${other2.personIds[0]}/digital-status`)).body.digital;
      expect(lua).toMatchObject({ vneid_level1: '2025-04-02', vneid_level2: '2025-04-02' });
    });

    it('answers as of a date: only what was true by then, and the last visit by then', async () => {
      const march = await statusOn('2025-03-15');
      expect(march.digital).toMatchObject({ vneid_level1: '2025-03-01', bank_account: null });
      expect(march.lastVisitOn).toBe('2025-03-01');
      const april = await statusOn('2025-04-01');
      expect(april.digital.bank_account).toBe('2025-04-01');
      expect(april.lastReason).toBe('no_chip_id');
      expect(april.sources.bank_account).toMatchObject({ eventDate: '2025-04-01', action: 'open_bank_account', outcome: 'already_had' });
      expect((await statusOn('2025-02-01')).digital.vneid_level1).toBeNull();
    });

    it('voids a corrected event\'s actions and recomputes; the correction\'s own actions count', async () => {
      const wrong = event(hhId, [action(person, 'bdhvs_certified'), action(person, 'install_vssid')], { eventDate: '2025-07-01' });
      await volunteer.post('/api/support-events', wrong);
      expect((await statusOn()).digital).toMatchObject({ bdhvs_certified: '2025-07-01', vssid: '2025-07-01' });
      // It was VssID only, and on 2 July.
      const fix = event(hhId, [action(person, 'install_vssid')], { eventDate: '2025-07-02', correctsEventId: wrong.id });
      const res = await volunteer.post('/api/support-events', fix);
      expect(res.status).toBe(201);
      expect((await statusOn()).digital).toMatchObject({ bdhvs_certified: null, vssid: '2025-07-02' });
      // The history keeps both, the first marked as replaced.
      const history = (await officer.get(`/api/households/${hhId}/support-events`)).body.items;
      const old = history.find((e: { id: string }) => e.id === wrong.id);
      expect(old).toMatchObject({ effective: false, correctedByEventId: fix.id });
      expect(history.find((e: { id: string }) => e.id === fix.id)).toMatchObject({ effective: true, correctsEventId: wrong.id });
      // Append-only: the database itself refuses to edit an event.
      await expect(t.database.db.updateTable('support_events').set({ note: 'x' }).where('id', '=', wrong.id).execute()).rejects.toThrow(/append-only/);
    });

    it('marks the household informed and visited; the desk detail shows the statuses', async () => {
      const detail = (await officer.get(`/api/households/${hhId}`)).body;
      expect(detail.informedOn).toBe('2025-03-01');
      expect(detail.lastVisitOn).toBe('2025-07-02');
      expect(detail.members[0].digitalStatus.vneid_level1).toBe('2025-03-01');
      const personDetail = (await officer.get(`/api/people/${person}`)).body;
      expect(personDetail.digitalStatus).toMatchObject({ vneid_level1: '2025-03-01', bank_account: '2025-04-01', vssid: '2025-07-02' });
      expect(personDetail.lastVisitOn).toBe('2025-07-02');
    });

    it('shows the history with actions, helpers and who recorded it, and audits the read', async () => {
      const body = event(hhId, [action(person, 'security_advice', 'done', { note: 'Cảnh báo cuộc gọi giả danh công an' })], { eventDate: '2025-08-01', helperMemberIds: [teamA.memberIds[1]], note: 'Đi cùng trưởng thôn' });
      await volunteer.post('/api/support-events', body);
      const history = await officer.get(`/api/households/${hhId}/support-events`);
      expect(history.body.items[0]).toMatchObject({
        id: body.id, eventDate: '2025-08-01', channel: 'visit', informed: true, note: 'Đi cùng trưởng thôn',
        helpers: [{ id: teamA.memberIds[1], fullName: 'Hoàng Thị Lan' }],
        recordedBy: { id: volunteer.me.id, fullName: 'Người dùng team_member' },
        actions: [{ seq: 1, personId: person, personName: 'Đặng Văn Trường', action: 'security_advice', outcome: 'done', note: 'Cảnh báo cuộc gọi giả danh công an' }],
      });
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'support_event').where('entity_id', '=', body.id).executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ action: 'create', account_id: volunteer.me.id, org_unit_id: t.org.villageA });
      const read = await t.database.db.selectFrom('audit_log').select('detail').where('action', '=', 'list').where('entity', '=', 'support_event').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect((read.detail as { householdId: string }).householdId).toBe(hhId);
    });

    it('hides another area\'s household history and people', async () => {
      const villageHeadB = await t.login(t.usernames.village_head); // village A
      expect((await villageHeadB.get(`/api/households/${far.householdId}/support-events`)).status).toBe(404);
      expect((await villageHeadB.get(`/api/people/${far.personIds[0]}/digital-status`)).status).toBe(404);
    });
  });
});
