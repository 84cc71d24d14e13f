// Trainings through HTTP on both engines: planning (topics, dates, platform, villages — every
// refusal naming its field, nothing half-written), the resend of a plan, attendance on the desk
// and from a team leader's phone (exactly once, members of invited villages on the training's
// dates only, a leader only for their village), photos claimed with attendance, who reads
// what, the sign-in sheet, the figures by topic, method and village, and those never trained.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { TRAINING_SHEET } from '../../src/server/features/reports/report-xlsx.ts';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePhoto } from '../../src/demo/photos.ts';
import { addDays, todayInVietnam } from '../../src/shared/calendar.ts';
import { type Client, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { makeTeam, mutation } from '../support/field-fixtures.ts';

const at = (date: string, time = '08:00') => `${date}T${time}:00+07:00`;

describeEachEngine('trainings', (engine) => {
  let t: TestApp;
  let officer: Client; // Phòng VH-XH
  let youth: Client; // Đoàn TN
  let leader: Client; // Lãnh đạo UBND xã
  let teamLeader: Client; // tổ trưởng, village A
  let member: Client; // thành viên, village A
  let viewer: Client; // Sở KH&CN
  let villageHead: Client;
  const A: Record<string, string> = {};
  const B: Record<string, string> = {};

  const ok = (res: { status: number; body: any }, status = 200) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const plan = (extra: Record<string, unknown> = {}) => ({
    id: uuidv7(), orgUnitId: t.org.commune, title: 'Tập huấn kỹ năng số cho Tổ CNSCĐ', topics: ['public_services', 'security'], method: 'in_person',
    organiser: 'Phòng Văn hóa - Xã hội', trainer: 'Nguyễn Văn Hùng', place: 'Hội trường UBND xã',
    startsAt: at('2025-02-12', '08:00'), endsAt: at('2025-02-12', '11:30'), villageIds: [t.org.villageA, t.org.villageB], costVnd: 3_500_000, ...extra,
  });
  async function upload(client: Client, seed: string) {
    const id = uuidv7();
    const res = await t.app.inject({
      method: 'PUT', url: `/api/attachments/${id}`, payload: makePhoto({ seed, caption: 'Danh sach ky ten', scene: 'sheet', width: 320, height: 240 }),
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': 'image/jpeg' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return id;
  }
  /** The body of a change: every field of the training as it is, and the overrides. */
  const update = (view: any, extra: Record<string, unknown> = {}) => ({
    version: view.version, status: view.status, title: view.title, topics: view.topics, method: view.method, platform: view.platform,
    integratedWith: view.integratedWith, organiser: view.organiser, trainer: view.trainer, place: view.place, startsAt: view.startsAt, endsAt: view.endsAt,
    villageIds: view.villages.map((v: any) => v.id), costVnd: view.costVnd, notes: view.notes, ...extra,
  });
  const count = async (table: 'trainings' | 'training_attendance' | 'training_invitations') =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, youth, leader, teamLeader, member, viewer, villageHead] = await Promise.all([
      t.login(t.usernames.culture_office), t.login(t.usernames.youth_union), t.login(t.usernames.commune_leader), t.login(t.usernames.team_leader),
      t.login(t.usernames.team_member), t.login(t.usernames.province_viewer), t.login(t.usernames.village_head),
    ]);
    // Village A: a leader (the team-leader account), two members, one who joined after February, one who left in January.
    const a = await makeTeam(t, t.org.villageA, [
      { fullName: 'Hoàng Thị Lan', teamRole: 'leader', username: t.usernames.team_leader },
      { fullName: 'Nông Văn Tú' },
      { fullName: 'Lò Thị Mai', joinedOn: '2025-03-01' },
      { fullName: 'Ma Văn Khánh', leftOn: '2025-01-20' },
    ]);
    [A.lan, A.tu, A.mai, A.khanh] = a.memberIds;
    const b = await makeTeam(t, t.org.villageB, [{ fullName: 'Bàn Văn Ơn', teamRole: 'leader' }, { fullName: 'Triệu Thị Hoa' }]);
    [B.on, B.hoa] = b.memberIds;
  });
  afterAll(async () => { await t.close(); });

  let feb: any;

  describe('planning a training', () => {
    it('plans a commune training, invites villages, and lists the members of their teams on its dates', async () => {
      const input = plan();
      feb = ok(await officer.post('/api/trainings', input));
      expect(feb).toMatchObject({
        id: input.id, status: 'planned', title: input.title, topics: ['public_services', 'security'], method: 'in_person', costVnd: 3_500_000,
        villages: [{ id: t.org.villageB, name: 'Thôn Bản Bó' }, { id: t.org.villageA, name: 'Thôn Nà Pồng' }], invited: 4, present: 0, unrecorded: 4,
        can: { edit: true, attendance: true }, attendanceBlockedReason: null,
      });
      // Mai joined in March and Khánh left in January: not invited to a February training.
      expect(feb.members.map((m: any) => m.fullName)).toEqual(['Bàn Văn Ơn', 'Triệu Thị Hoa', 'Hoàng Thị Lan', 'Nông Văn Tú']);
      // The resend of the same plan is the same training.
      const again = ok(await officer.post('/api/trainings', input));
      expect(again.id).toBe(input.id);
      expect(await count('trainings')).toBe(1);
      // The same id with other content is refused.
      expect((await officer.post('/api/trainings', { ...input, title: 'Lớp khác' })).status).toBe(409);
      const audit = await t.database.db.selectFrom('audit_log').select(['action']).where('entity', '=', 'training').where('entity_id', '=', input.id).execute();
      expect(audit.map((r) => r.action)).toContain('create');
    });

    it('refuses a training with no topic, an end before its start, an online one without platform, a village of another commune — naming the field, writing nothing', async () => {
      const before = await Promise.all([count('trainings'), count('training_invitations')]);
      const noTopic = await officer.post('/api/trainings', plan({ topics: [] }));
      expect(noTopic.status).toBe(400);
      expect(noTopic.body.error.fields[0].path).toBe('topics');
      expect(noTopic.body.error.message).toBe('Nội dung: Chọn ít nhất một nội dung tập huấn.');
      const backwards = await officer.post('/api/trainings', plan({ startsAt: at('2025-02-12', '14:00'), endsAt: at('2025-02-12', '08:00') }));
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.fields[0].path).toBe('endsAt');
      expect(backwards.body.error.message).toBe('Kết thúc: Phải sau hoặc bằng thời gian bắt đầu.');
      const online = await officer.post('/api/trainings', plan({ method: 'online', platform: null }));
      expect(online.body.error.fields[0].path).toBe('platform');
      const noTitle = await officer.post('/api/trainings', plan({ title: '   ' }));
      expect(noTitle.body.error.fields[0].path).toBe('title');
      const elsewhere = await officer.post('/api/trainings', plan({ villageIds: [t.org.villageA, t.org.villageC] }));
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.error.message).toMatch(/^Thôn được mời: có thôn không thuộc xã Bạch Ngọc/);
      const village = await officer.post('/api/trainings', plan({ orgUnitId: t.org.villageA }));
      expect(village.body.error.message).toBe('Đơn vị: lớp tập huấn thuộc một xã; Thôn Nà Pồng không phải xã.');
      expect(await Promise.all([count('trainings'), count('training_invitations')])).toEqual(before);
    });

    it('lets Đoàn TN plan and the leaders read, but not a team leader or the province plan', async () => {
      ok(await youth.post('/api/trainings', plan({ title: 'Đoàn TN: tập huấn cầm tay chỉ việc', method: 'hands_on', startsAt: at('2025-06-20'), endsAt: at('2025-06-20', '11:00') })));
      expect((await teamLeader.post('/api/trainings', plan())).status).toBe(403);
      expect((await viewer.get('/api/trainings')).status).toBe(403);
      const list = ok(await leader.get('/api/trainings?year=2025'));
      expect(list.total).toBe(2);
      expect(list.items[0].title).toBe('Đoàn TN: tập huấn cầm tay chỉ việc');
      // A village head reads the trainings that invite the village, counted on its own members.
      const mine = ok(await villageHead.get('/api/trainings?year=2025'));
      expect(mine.items.find((i: any) => i.id === feb.id)).toMatchObject({ invited: 2 });
    });

    it('changes a training with the version seen, and refuses a stale one', async () => {
      const changed = ok(await officer.request('PUT', `/api/trainings/${feb.id}`, {
        version: feb.version, status: 'planned', title: feb.title, topics: ['policy', 'public_services', 'security'], method: 'in_person', platform: null,
        integratedWith: 'Hội nghị triển khai nhiệm vụ năm 2025', organiser: feb.organiser, trainer: feb.trainer, place: feb.place,
        startsAt: feb.startsAt, endsAt: feb.endsAt, villageIds: [t.org.villageA, t.org.villageB], costVnd: 3_500_000, notes: '',
      }));
      expect(changed).toMatchObject({ version: feb.version + 1, integratedWith: 'Hội nghị triển khai nhiệm vụ năm 2025', topics: ['policy', 'public_services', 'security'] });
      const stale = await officer.request('PUT', `/api/trainings/${feb.id}`, update(changed, { version: feb.version }));
      expect(stale.status).toBe(409);
      feb = changed;
    });
  });

  describe('attendance', () => {
    it('is taken on the desk with a photo of the signed sheet; the training is then held', async () => {
      const photo = await upload(officer, 'desk-sheet');
      const res = ok(await officer.request('PUT', `/api/trainings/${feb.id}/attendance`, {
        entries: [{ memberId: B.on, status: 'present' }, { memberId: B.hoa, status: 'excused' }], photoIds: [photo],
      }));
      expect(res).toMatchObject({ status: 'held', present: 1, unrecorded: 2, photos: 1 });
      expect(res.photoList[0]).toMatchObject({ id: photo, kind: 'image', url: `/api/attachments/${photo}` });
      expect(res.members.find((m: any) => m.memberId === B.hoa).attendance).toMatchObject({ status: 'excused', completed: false });
      // The photo is the training's now: its readers see it, the other commune's do not.
      expect((await leader.get(`/api/attachments/${photo}`)).status).toBe(200);
    });

    it('refuses attendance for someone not a member on the training\'s date, naming them; nothing is written', async () => {
      const before = await count('training_attendance');
      const late = await officer.request('PUT', `/api/trainings/${feb.id}/attendance`, { entries: [{ memberId: A.tu, status: 'present' }, { memberId: A.mai, status: 'present' }] });
      expect(late.status).toBe(400);
      expect(late.body.error.fields[0].path).toBe('entries.1.memberId');
      expect(late.body.error.message).toBe('Điểm danh: Lò Thị Mai không phải thành viên Tổ CNSCĐ của một thôn được mời (ngày 12/02/2025).');
      const left = await officer.request('PUT', `/api/trainings/${feb.id}/attendance`, { entries: [{ memberId: A.khanh, status: 'present' }] });
      expect(left.body.error.message).toMatch(/^Điểm danh: Ma Văn Khánh không phải thành viên/);
      const completed = await officer.request('PUT', `/api/trainings/${feb.id}/attendance`, { entries: [{ memberId: A.tu, status: 'present', completed: true }] });
      expect(completed.body.error.message).toBe('Hoàn thành khóa học: Nông Văn Tú — chỉ ghi cho tập huấn trực tuyến.');
      expect(await count('training_attendance')).toBe(before);
    });

    it('refuses attendance before the training begins and on a cancelled one', async () => {
      const future = ok(await officer.post('/api/trainings', plan({ title: 'Lớp sắp tới', startsAt: at(addDays(todayInVietnam(), 10)), endsAt: at(addDays(todayInVietnam(), 10), '11:00') })));
      expect(future.can.attendance).toBe(false);
      const res = await officer.request('PUT', `/api/trainings/${future.id}/attendance`, { entries: [{ memberId: A.tu, status: 'present' }] });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Lớp tập huấn: lớp tập huấn bắt đầu ngày \d{2}\/\d{2}\/\d{4}: điểm danh từ ngày đó\.$/);
      const cancelled = ok(await officer.request('PUT', `/api/trainings/${future.id}`, update(future, { status: 'cancelled' })));
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.attendanceBlockedReason).toBe('Lớp tập huấn đã hủy: không điểm danh.');
    });

    it('comes from the team leader\'s phone exactly once, with photos, for their own village only', async () => {
      const pull = ok(await teamLeader.get('/api/sync/pull'));
      // Leaders' phones get the training only if it ended ≤ 60 days ago: February 2025 is long past.
      expect(pull.trainings.map((x: any) => x.id)).not.toContain(feb.id);
      const recent = ok(await officer.post('/api/trainings', plan({ title: 'Tập huấn tại thôn', method: 'hands_on', startsAt: at(todayInVietnam(), '07:30'), endsAt: at(todayInVietnam(), '10:00'), topics: ['platforms'] })));
      const phone = ok(await teamLeader.get('/api/sync/pull'));
      const onPhone = phone.trainings.find((x: any) => x.id === recent.id);
      expect(onPhone.members.map((m: any) => m.fullName)).toEqual(['Hoàng Thị Lan', 'Lò Thị Mai', 'Nông Văn Tú']);
      expect((ok(await member.get('/api/sync/pull'))).trainings).toEqual([]);

      const [p1, p2] = [await upload(teamLeader, 'phone-1'), await upload(teamLeader, 'phone-2')];
      const m = mutation('training.attendance', {
        trainingId: recent.id, photoIds: [p1, p2],
        entries: [{ memberId: A.lan, status: 'present' }, { memberId: A.mai, status: 'present' }, { memberId: A.tu, status: 'absent' }],
      });
      const first = ok(await teamLeader.post('/api/sync/push', { mutations: [m] }));
      expect(first.results).toEqual([{ id: m.id, status: 'applied' }]);
      const again = ok(await teamLeader.post('/api/sync/push', { mutations: [m] }));
      expect(again.results).toEqual([{ id: m.id, status: 'duplicate' }]);
      const rows = await t.database.db.selectFrom('training_attendance').select(['team_member_id', 'status', 'mutation_id']).where('training_id', '=', recent.id).execute();
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.mutation_id === m.id)).toBe(true);
      const seen = ok(await officer.get(`/api/trainings/${recent.id}`));
      expect(seen).toMatchObject({ status: 'held', present: 2, photos: 2 });

      // Another village's member: refused with the name, nothing written.
      const other = mutation('training.attendance', { trainingId: recent.id, entries: [{ memberId: B.on, status: 'present' }], photoIds: [] });
      const refused = ok(await teamLeader.post('/api/sync/push', { mutations: [other] }));
      expect(refused.results[0]).toMatchObject({ status: 'refused', error: { message: 'Điểm danh: Bàn Văn Ơn không thuộc Tổ CNSCĐ của thôn bạn.', field: 'entries.0.memberId' } });
      // A photo another account uploaded is not the leader's to claim.
      const theirs = await upload(officer, 'not-yours');
      const stolen = mutation('training.attendance', { trainingId: recent.id, entries: [{ memberId: A.tu, status: 'present' }], photoIds: [theirs] });
      const refusal = ok(await teamLeader.post('/api/sync/push', { mutations: [stolen] }));
      expect(refusal.results[0]).toMatchObject({ status: 'refused', error: { field: 'photoIds.0' } });
      // The refusal rolled back the entry with it.
      const tu = await t.database.db.selectFrom('training_attendance').select('status').where('training_id', '=', recent.id).where('team_member_id', '=', A.tu).executeTakeFirstOrThrow();
      expect(tu.status).toBe('absent');
    });
  });

  describe('the sign-in sheet', () => {
    it('lists the invited members with a QR code that opens the training', async () => {
      const sheet = ok(await officer.get(`/api/trainings/${feb.id}/sign-in-sheet`));
      expect(sheet.url).toMatch(new RegExp(`/tap-huan/${feb.id}$`));
      expect(sheet.qrSvg).toMatch(/^<svg/);
      expect(sheet.members.map((m: any) => m.fullName)).toEqual(['Bàn Văn Ơn', 'Triệu Thị Hoa', 'Hoàng Thị Lan', 'Nông Văn Tú']);
      expect(sheet.training).toMatchObject({ title: feb.title, place: 'Hội trường UBND xã' });
    });
  });

  describe('figures', () => {
    it('counts members trained / active members by topic, method and village for any period', async () => {
      // An online course: Tú completes it in April with a certificate.
      const course = ok(await officer.post('/api/trainings', plan({
        title: 'Bình dân học vụ số', method: 'online', platform: 'bdhvs', topics: ['policy', 'platforms', 'security'],
        startsAt: at('2025-03-01'), endsAt: at('2025-12-31', '17:00'), villageIds: [t.org.villageA],
      })));
      ok(await officer.request('PUT', `/api/trainings/${course.id}/attendance`, {
        entries: [{ memberId: A.tu, status: 'present', completed: true, certificateNo: 'BDHVS-0001', certificateDate: '2025-04-15' }],
      }));
      const q1 = ok(await officer.get(`/api/trainings/figures?orgUnitId=${t.org.commune}&from=2025-01-01&to=2025-03-31`));
      // On 31 March: A has Lan, Tú, Mai (Khánh left); B has Ơn, Hoa. Trained in Q1: Ơn (February).
      expect(q1.total).toEqual({ trained: 1, members: 5 });
      expect(q1.byTopic.security).toEqual({ trained: 1, members: 5 });
      expect(q1.byTopic.platforms).toEqual({ trained: 0, members: 5 });
      expect(q1.byMethod.in_person).toEqual({ trained: 1, members: 5 });
      expect(q1.villages.map((v: any) => [v.name, v.total.trained, v.total.members])).toEqual([['Thôn Bản Bó', 1, 2], ['Thôn Nà Pồng', 0, 3]]);
      expect(q1.neverTrained).toBe(4);
      const april = ok(await officer.get(`/api/trainings/figures?orgUnitId=${t.org.commune}&from=2025-04-01&to=2025-04-30`));
      expect(april.total).toEqual({ trained: 1, members: 5 });
      expect(april.byMethod.online).toEqual({ trained: 1, members: 5 });
      expect(april.byTopic.policy.trained).toBe(1);
      // A village's figures are its own.
      const village = ok(await villageHead.get(`/api/trainings/figures?orgUnitId=${t.org.villageA}&from=2025-01-01&to=2025-12-31`));
      expect(village.villages).toHaveLength(1);
      expect(village.total.members).toBe(3);
      // Bad period: named.
      const bad = await officer.get('/api/trainings/figures?from=2025-05-01&to=2025-04-01');
      expect(bad.body.error.message).toBe('Đến ngày: phải sau hoặc bằng Từ ngày.');
    });

    it('are frozen in the commune\'s report: section I of the .docx and the .xlsx\'s sheet; "chưa có số liệu" only where the period has none', async () => {
      const feb2025 = ok(await officer.post('/api/reports/open', { kind: 'commune_monthly', orgUnitId: t.org.commune, year: 2025, month: 2 }));
      // On 28 February: Lan, Tú (A), Ơn, Hoa (B); Ơn was present.
      expect(feb2025.activity.trainings).toMatchObject({ held: 1, trained: 1, members: 4, topics: ['policy', 'public_services', 'security'], methods: ['in_person'] });
      const docx = await t.app.inject({ method: 'GET', url: `/api/reports/${feb2025.id}/docx`, headers: { cookie: officer.cookie } });
      const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
      const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
      expect(text).toContain('Trong kỳ, xã đã tổ chức 01 lớp tập huấn nghiệp vụ cho Tổ Công nghệ số cộng đồng với các nội dung: chủ trương, chính sách, pháp luật về chuyển đổi số, sử dụng dịch vụ công trực tuyến, chữ ký số và an toàn thông tin, bảo vệ dữ liệu cá nhân trên môi trường số; hình thức trực tiếp.');
      expect(text).toContain('Có 1/4 thành viên Tổ (25,0%) đã được tập huấn');
      expect(text).not.toContain('Chưa có số liệu trên hệ thống về các lớp tập huấn');
      const xlsx = await t.app.inject({ method: 'GET', url: `/api/reports/${feb2025.id}/xlsx`, headers: { cookie: officer.cookie } });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet(TRAINING_SHEET)!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push([1, 2, 3, 4, 5].map((c) => row.getCell(c).value ?? null)));
      expect(rows).toContainEqual([null, 'Tổng số (mỗi thành viên tính một lần)', 1, 4, 0.25]);
      expect(rows).toContainEqual([1, 'Thôn Bản Bó', 1, 2, 0.5]);
      // A later visit does not move a frozen report: its trainings stay as they were.
      const jan = ok(await officer.post('/api/reports/open', { kind: 'commune_monthly', orgUnitId: t.org.commune, year: 2025, month: 1 }));
      expect(jan.activity.trainings).toMatchObject({ held: 0, trained: 0 });
      const janDocx = await t.app.inject({ method: 'GET', url: `/api/reports/${jan.id}/docx`, headers: { cookie: officer.cookie } });
      const janXml = await (await JSZip.loadAsync(janDocx.rawPayload)).file('word/document.xml')!.async('string');
      expect(janXml).toContain('Chưa có số liệu trên hệ thống về các lớp tập huấn trong kỳ.');
    });

    it('lists the active members never trained, audited', async () => {
      const list = ok(await officer.get(`/api/trainings/never-trained?orgUnitId=${t.org.commune}&asOf=2025-03-31`));
      expect(list.items.map((m: any) => m.fullName)).toEqual(['Triệu Thị Hoa', 'Hoàng Thị Lan', 'Lò Thị Mai', 'Nông Văn Tú']);
      const audit = await t.database.db.selectFrom('audit_log').select('detail').where('entity', '=', 'team_member').where('action', '=', 'list').execute();
      expect(audit.at(-1)!.detail).toMatchObject({ list: 'never_trained', results: 4 });
    });
  });
});
