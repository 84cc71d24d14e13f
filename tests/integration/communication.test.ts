// Truyền thông through HTTP on both engines: village channels and campaigns; activities by
// channel with their measures, recorded at the desk and from a phone's outbox (exactly once);
// every refusal naming its field with nothing written; a village meeting's ticked households
// becoming informed (TT) through the aggregates, taken back by an edit or a delete; the
// dashboard's summary; the reports' communication section in the .docx and the .xlsx.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../src/shared/calendar.ts';
import { COMMUNICATION_SHEET, COMMUNICATION_COLUMNS, NO_COMMUNICATION } from '../../src/server/features/communication/communication.report.ts';
import { runUntilIdle } from '../../src/server/features/indicators/aggregates-worker.ts';
import { verifyAggregates } from '../../src/server/features/indicators/aggregates-rebuild.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { event, makeTeam, mutation } from '../support/field-fixtures.ts';
import { makePhoto } from '../../src/demo/photos.ts';

const MEETING_DAY = '2025-03-12';

describeEachEngine('communication', (engine) => {
  let t: TestApp;
  let officer: Client; // Phòng VH-XH
  let center: Client; // TT phục vụ HCC
  let head: Client; // trưởng thôn, village A
  let teamLeader: Client; // tổ trưởng, village A
  let member: Client; // thành viên, village A
  let viewer: Client; // Sở KH&CN
  const h: Record<string, string> = {};
  let memberId: string;
  let campaignId: string;

  const ok = (res: { status: number; body: any }, status = 200) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const activities = async () => (await t.database.db.selectFrom('comm_activities').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const informedOn = async (householdId: string) =>
    (await t.database.db.selectFrom('household_digital_status').select('informed_on').where('household_id', '=', householdId).executeTakeFirst())?.informed_on ?? null;
  const tt = async (unit: number, month = 3) => {
    await runUntilIdle(t.database.db);
    const body = ok(await officer.get(`/api/indicators?orgUnitId=${unit}&period=month&year=2025&month=${month}`));
    return { numerator: body.summary.indicators.TT.numerator, denominator: body.summary.indicators.TT.denominator };
  };
  const meeting = (extra: Record<string, unknown> = {}) => ({
    id: uuidv7(),
    activityOn: MEETING_DAY,
    villageIds: [t.org.villageA],
    channel: 'village_meeting',
    phase: 'during',
    topics: ['vneid', 'dvc'],
    ranBy: 'Trưởng thôn Nà Pồng',
    measures: { attendees: 35 },
    attendedHouseholdIds: [h.a1, h.a2],
    ...extra,
  });
  /** A refusal: 400, the field named, the message in Vietnamese naming it, nothing written. */
  async function refused(client: Client, body: unknown, path: string, message: RegExp, status = 400) {
    const before = await activities();
    const res = await client.post('/api/communication/activities', body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.fields?.map((f: any) => f.path) ?? []).toContain(path);
    expect(res.body.error.message).toMatch(message);
    expect(await activities()).toBe(before);
    return res.body.error;
  }

  async function putFile(client: Client, body: Buffer, type: string, id = uuidv7()) {
    const res = await t.app.inject({
      method: 'PUT', url: `/api/attachments/${id}`, payload: body,
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': type },
    });
    return { id, status: res.statusCode, body: res.json() as any };
  }
  const photo = (caption: string) => makePhoto({ seed: caption, caption, scene: 'meeting', width: 320, height: 240 });
  const owned = async (activityId: string) =>
    (await t.database.db.selectFrom('attachments').select('id').where('owner_entity', '=', 'comm_activity').where('owner_id', '=', activityId).execute()).map((r) => r.id);

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, center, head, teamLeader, member, viewer] = await Promise.all([
      t.login(t.usernames.culture_office), t.login(t.usernames.service_center), t.login(t.usernames.village_head),
      t.login(t.usernames.team_leader), t.login(t.usernames.team_member), t.login(t.usernames.province_viewer),
    ]);
    for (const [key, village, name] of [['a1', t.org.villageA, 'Lò Văn An'], ['a2', t.org.villageA, 'Lò Thị Bích'], ['a3', t.org.villageA, 'Hoàng Văn Cường'], ['b1', t.org.villageB, 'Bàn Thị Mai'], ['c1', t.org.villageC, 'Ma Văn Dũng']] as const) {
      h[key] = (await makeHousehold(t, village, [{ fullName: name, birthYear: 1980 }])).householdId;
    }
    const team = await makeTeam(t, t.org.villageA, [{ fullName: 'Hoàng Thị Lan', teamRole: 'leader', username: t.usernames.team_leader }, { fullName: 'Nông Văn Tú' }]);
    memberId = team.memberIds[0];
    // Households exist in the status table as the registry made them (no visit yet).
    await sql`SELECT refresh_household_status(${Object.values(h)}::uuid[])`.execute(t.database.db);
    await runUntilIdle(t.database.db);
  });
  afterAll(async () => { await t.close(); });

  describe('the channels each village has', () => {
    it('takes every channel as available until Phòng VH-XH says a village lacks one', async () => {
      const list = ok(await officer.get(`/api/communication/channels?orgUnitId=${t.org.commune}`));
      expect(list.map((v: any) => v.name)).toEqual(['Thôn Bản Bó', 'Thôn Nà Pồng']);
      expect(list[0].channels.every((c: any) => c.available)).toBe(true);
      const set = ok(await officer.request('PUT', `/api/communication/channels/${t.org.villageB}`, {
        channels: [{ channel: 'loudspeaker', available: false, note: 'Thôn vùng cao, chưa có loa' }, { channel: 'zalo', available: true, note: null }],
      }));
      expect(set.channels.find((c: any) => c.channel === 'loudspeaker')).toEqual({ channel: 'loudspeaker', available: false, note: 'Thôn vùng cao, chưa có loa' });
      expect(set.updatedBy).toBe('Người dùng culture_office');
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'village_channels').execute();
      expect(audit).toEqual([{ action: 'update', entity_id: String(t.org.villageB) }]);
    });

    it('lets only Phòng VH-XH set them, within its commune', async () => {
      expect((await head.request('PUT', `/api/communication/channels/${t.org.villageA}`, { channels: [] })).status).toBe(403);
      expect((await teamLeader.request('PUT', `/api/communication/channels/${t.org.villageA}`, { channels: [] })).status).toBe(403);
      expect((await officer.request('PUT', `/api/communication/channels/${t.org.villageC}`, { channels: [] })).status).toBe(404);
      const bad = await officer.request('PUT', `/api/communication/channels/${t.org.villageA}`, { channels: [{ channel: 'news', available: false }] });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/Kênh này không đặt theo thôn/);
      const mine = ok(await head.get('/api/communication/channels'));
      expect(mine.map((v: any) => v.villageId)).toEqual([t.org.villageA]);
    });
  });

  describe('campaigns', () => {
    it('creates a campaign of the commune and reads it from a village', async () => {
      campaignId = uuidv7();
      const created = ok(await officer.post('/api/communication/campaigns', {
        id: campaignId, orgUnitId: t.org.commune, name: 'Tháng cao điểm "Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn"', startsOn: '2025-03-01', endsOn: '2025-03-31',
      }), 201);
      expect(created).toMatchObject({ id: campaignId, orgUnit: { id: t.org.commune, name: 'Bạch Ngọc' }, version: 1, activities: 0 });
      expect(ok(await head.get('/api/communication/campaigns')).map((c: any) => c.id)).toEqual([campaignId]);
      expect((await head.post('/api/communication/campaigns', { id: uuidv7(), orgUnitId: t.org.commune, name: 'X', startsOn: '2025-03-01', endsOn: '2025-03-31' })).status).toBe(403);
      const backwards = await officer.post('/api/communication/campaigns', { id: uuidv7(), orgUnitId: t.org.commune, name: 'Y', startsOn: '2025-03-10', endsOn: '2025-03-01' });
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.message).toBe('Đến ngày: Phải sau hoặc bằng ngày bắt đầu.');
      const village = await officer.post('/api/communication/campaigns', { id: uuidv7(), orgUnitId: t.org.villageA, name: 'Z', startsOn: '2025-03-01', endsOn: '2025-03-02' });
      expect(village.body.error.message).toBe('Đơn vị: đợt truyền thông là của một xã.');
    });
  });

  describe('activities', () => {
    let meetingId: string;

    it('records a village meeting with the households present: they are informed from that day, and TT moves', async () => {
      expect(await tt(t.org.villageA)).toEqual({ numerator: 0, denominator: 3 });
      const body = meeting({ campaignId, ranByMemberId: memberId });
      meetingId = body.id;
      const view = ok(await teamLeader.post('/api/communication/activities', body), 201);
      expect(view).toMatchObject({
        id: meetingId, orgUnit: { id: t.org.commune }, activityOn: MEETING_DAY, channel: 'village_meeting', villages: [{ id: t.org.villageA, name: 'Thôn Nà Pồng' }],
        campaign: { id: campaignId }, measures: { attendees: 35 }, householdCount: 2, fromPhone: false, can: { edit: true }, version: 1,
      });
      expect(view.attendedHouseholds.map((x: any) => x.label).sort()).toEqual(['Hộ Lò Thị Bích', 'Hộ Lò Văn An']);
      expect(await informedOn(h.a1)).toBe(MEETING_DAY);
      expect(await informedOn(h.a3)).toBeNull();
      // The village is marked for the aggregates worker in the same transaction.
      const marks = await t.database.db.selectFrom('indicator_dirty_villages').select(['village_id', 'since']).execute();
      expect(marks).toEqual([{ village_id: t.org.villageA, since: MEETING_DAY }]);
      expect(await tt(t.org.villageA)).toEqual({ numerator: 2, denominator: 3 });
      expect(await tt(t.org.villageA, 2)).toEqual({ numerator: 0, denominator: 3 });
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });

    it('answers a resend with the stored activity and refuses the same id with other content', async () => {
      const body = meeting({ id: meetingId, campaignId, ranByMemberId: memberId });
      const again = ok(await teamLeader.post('/api/communication/activities', { ...body, attendedHouseholdIds: [h.a2, h.a1], topics: ['dvc', 'vneid'] }));
      expect(again.id).toBe(meetingId);
      await refused(teamLeader, { ...body, measures: { attendees: 40 } }, 'id', /^Mã hoạt động này đã dùng cho một hoạt động có nội dung khác\.$/, 409);
      expect(await activities()).toBe(1);
    });

    it('an earlier informing visit stays the date; a meeting never moves TT later', async () => {
      await ok(await officer.post('/api/support-events', event(h.a3, [], { eventDate: '2025-03-20', informed: true })), 201);
      expect(await informedOn(h.a3)).toBe('2025-03-20');
      const late = meeting({ activityOn: '2025-03-25', attendedHouseholdIds: [h.a3], measures: { attendees: 3 } });
      ok(await head.post('/api/communication/activities', late), 201);
      expect(await informedOn(h.a3)).toBe('2025-03-20');
      const early = meeting({ activityOn: '2025-03-05', attendedHouseholdIds: [h.a3], measures: { attendees: 2 } });
      ok(await head.post('/api/communication/activities', early), 201);
      expect(await informedOn(h.a3)).toBe('2025-03-05');
      ok(await officer.request('DELETE', `/api/communication/activities/${early.id}?version=1`), 204);
      expect(await informedOn(h.a3)).toBe('2025-03-20');
      ok(await officer.request('DELETE', `/api/communication/activities/${late.id}?version=1`), 204);
      expect(await tt(t.org.villageA)).toEqual({ numerator: 3, denominator: 3 });
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });

    it('records the other channels with their own measures, none of which informs a household', async () => {
      const loud = ok(await officer.post('/api/communication/activities', {
        id: uuidv7(), activityOn: '2025-03-03', villageIds: [t.org.villageA], channel: 'loudspeaker', phase: 'before', topics: ['campaign'], ranBy: 'Đài truyền thanh xã',
        measures: { newsItems: 3, airtimeMinutes: 45 }, campaignId,
      }), 201);
      expect(loud.measures).toEqual({ newsItems: 3, airtimeMinutes: 45 });
      ok(await teamLeader.post('/api/communication/activities', {
        id: uuidv7(), activityOn: '2025-03-14', villageIds: [t.org.villageA], channel: 'zalo', phase: 'after', topics: ['vneid'], ranBy: 'Tổ CNSCĐ',
        measures: { posts: 2, groupMembers: 210, postUrl: 'https://zalo.me/g/napong' },
      }), 201);
      ok(await officer.post('/api/communication/activities', {
        id: uuidv7(), activityOn: '2025-03-15', villageIds: [t.org.villageA, t.org.villageB], channel: 'visual', phase: 'during', topics: ['cashless'], ranBy: 'Phòng VH-XH',
        measures: { material: 'leaflet', copies: 400 },
      }), 201);
      // The service centre's article names no village: the commune's own.
      const article = ok(await center.post('/api/communication/activities', {
        id: uuidv7(), activityOn: '2025-03-20', channel: 'news', phase: 'after', topics: ['teams'], ranBy: 'TT Dịch vụ công xã', measures: { articles: 2, url: 'https://bachngoc.gov.vn/tin/1' },
      }), 201);
      expect(article).toMatchObject({ villages: [], orgUnit: { id: t.org.commune } });
      expect(await tt(t.org.villageA)).toEqual({ numerator: 3, denominator: 3 });
      expect(await tt(t.org.villageB)).toEqual({ numerator: 0, denominator: 1 });
    });

    it('refuses a channel the village lacks, naming the field, and writes nothing', async () => {
      await refused(officer, {
        id: uuidv7(), activityOn: '2025-03-04', villageIds: [t.org.villageB], channel: 'loudspeaker', phase: 'before', topics: ['dvc'], ranBy: 'Đài xã', measures: { newsItems: 1, airtimeMinutes: 10 },
      }, 'channel', /^Hình thức: Thôn Bản Bó không có loa truyền thanh cơ sở \(Thôn vùng cao, chưa có loa\)\.$/);
    });

    it('refuses measures that do not fit the channel, each by name', async () => {
      const error = await refused(officer, {
        id: uuidv7(), activityOn: '2025-03-04', villageIds: [t.org.villageA], channel: 'loudspeaker', phase: 'before', topics: ['dvc'], ranBy: 'Đài xã', measures: { attendees: 40, airtimeMinutes: 10 },
      }, 'measures.newsItems', /Số tin, bài phát: cần nhập với hình thức Loa truyền thanh cơ sở\./);
      expect(error.message).toMatch(/Số người dự: không dùng cho hình thức Loa truyền thanh cơ sở\./);
      await refused(officer, meeting({ measures: { attendees: 1 } }), 'measures.attendees', /^Số người dự: ít hơn số hộ đã đánh dấu có mặt \(2 hộ\)\.$/);
      await refused(officer, meeting({ measures: { attendees: -3 }, attendedHouseholdIds: [] }), 'measures.attendees', /^Số người dự: Không được âm\./);
      await refused(officer, { ...meeting(), channel: 'zalo', measures: { posts: 1 } }, 'attendedHouseholdIds', /^Hộ có mặt: chỉ đánh dấu với hình thức Họp thôn\.$/);
      await refused(officer, { ...meeting(), channel: 'visual', measures: { material: 'banner', copies: 3 }, attendedHouseholdIds: [] }, 'measures.material', /^Loại ấn phẩm: Chọn pano, áp phích hoặc tờ rơi\.$/);
      await refused(officer, { ...meeting(), channel: 'zalo', measures: { posts: 1, postUrl: 'zalo nhóm thôn' }, attendedHouseholdIds: [] }, 'measures.postUrl', /^Đường dẫn bài đăng: Phải là một đường dẫn/);
    });

    it('refuses the other bad inputs of the issue, each by name', async () => {
      await refused(officer, meeting({ attendedHouseholdIds: [h.b1] }), 'attendedHouseholdIds.0', /^Hộ có mặt: hộ không thuộc thôn của cuộc họp\.$/);
      await refused(officer, meeting({ attendedHouseholdIds: [h.c1] }), 'attendedHouseholdIds.0', /^Hộ có mặt: hộ không tồn tại hoặc ngoài phạm vi của bạn\.$/);
      await refused(officer, meeting({ topics: [] }), 'topics', /^Nội dung: Chọn ít nhất một nội dung tuyên truyền\.$/);
      await refused(officer, meeting({ activityOn: addDays(todayInVietnam(), 1) }), 'activityOn', /^Ngày thực hiện: không được sau hôm nay/);
      await refused(officer, meeting({ activityOn: '2025-04-02', campaignId }), 'activityOn', /^Ngày thực hiện: ngoài thời gian của đợt "Tháng cao điểm/);
      await refused(officer, meeting({ villageIds: [] }), 'villageIds', /^Thôn: hình thức Họp thôn cần chọn ít nhất một thôn\.$/);
      await refused(officer, meeting({ villageIds: [t.org.villageC], attendedHouseholdIds: [] }), 'villageIds.0', /^Thôn: thôn không tồn tại hoặc ngoài phạm vi của bạn\.$/);
      await refused(officer, meeting({ ranByMemberId: memberId, activityOn: '2024-12-20' }), 'activityOn', /^Ngày thực hiện: không trước ngày 01\/01\/2025/);
      // A village's writers write for their own village only; a team member does not write.
      await refused(teamLeader, meeting({ villageIds: [t.org.villageB], attendedHouseholdIds: [] }), 'villageIds.0', /ngoài phạm vi của bạn/);
      expect((await member.post('/api/communication/activities', meeting())).status).toBe(403);
      expect((await viewer.get('/api/communication/activities')).status).toBe(403);
    });

    it('edits a meeting at the desk: a household unticked is no longer informed, a stale version is refused', async () => {
      const current = ok(await officer.get(`/api/communication/activities/${meetingId}`));
      const { id: _id, ...fields } = meeting({ campaignId, ranByMemberId: memberId });
      const edited = ok(await officer.request('PUT', `/api/communication/activities/${meetingId}`, { ...fields, version: current.version, attendedHouseholdIds: [h.a1] }));
      expect(edited).toMatchObject({ version: 2, householdCount: 1 });
      expect(await informedOn(h.a2)).toBeNull();
      expect(await tt(t.org.villageA)).toEqual({ numerator: 2, denominator: 3 });
      const stale = await officer.request('PUT', `/api/communication/activities/${meetingId}`, { ...fields, version: 1, attendedHouseholdIds: [] });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/^Hoạt động đã được người khác sửa/);
      expect(await informedOn(h.a1)).toBe(MEETING_DAY);
      // The village head may not edit the commune's article.
      const list = ok(await officer.get('/api/communication/activities?channel=news'));
      const article = list.items[0];
      expect((await head.request('PUT', `/api/communication/activities/${article.id}`, { version: 1 })).status).toBe(400);
      expect((await head.request('DELETE', `/api/communication/activities/${article.id}?version=1`)).status).toBe(404);
      expect((await verifyAggregates(t.database.db)).differenceCount).toBe(0);
    });

    it('lists by village, channel and month within the reader\'s area, and audits the households shown', async () => {
      const all = ok(await officer.get(`/api/communication/activities?orgUnitId=${t.org.commune}&month=2025-03`));
      expect(all.total).toBe(5);
      expect(all.items.map((i: any) => i.channel)).toEqual(['news', 'visual', 'zalo', 'village_meeting', 'loudspeaker']);
      expect(ok(await officer.get(`/api/communication/activities?villageId=${t.org.villageB}`)).items.map((i: any) => i.channel)).toEqual(['visual']);
      expect(ok(await officer.get('/api/communication/activities?channel=zalo')).total).toBe(1);
      expect(ok(await officer.get('/api/communication/activities?month=2025-04')).total).toBe(0);
      // A village's head sees what reached the village, not the commune's article.
      expect(ok(await head.get('/api/communication/activities')).items.map((i: any) => i.channel)).toEqual(['visual', 'zalo', 'village_meeting', 'loudspeaker']);
      const before = (await t.database.db.selectFrom('audit_log').select('id').where('entity', '=', 'comm_activity_households').execute()).length;
      ok(await head.get(`/api/communication/activities/${meetingId}`));
      expect((await t.database.db.selectFrom('audit_log').select('id').where('entity', '=', 'comm_activity_households').execute()).length).toBe(before + 1);
      expect((await head.get(`/api/communication/activities/${uuidv7()}`)).status).toBe(404);
    });

    it('sums the period by channel and by village for the dashboard, the households reached apart', async () => {
      const summary = ok(await viewer.get(`/api/communication/summary?orgUnitId=${t.org.commune}&from=2025-03-01&to=2025-03-31`));
      expect(summary.total).toMatchObject({ activities: 5, newsItems: 3, airtimeMinutes: 45, meetings: 1, attendees: 35, meetingHouseholds: 1, zaloPosts: 2, posts: 2, copies: 400, articles: 2 });
      expect(summary.byChannel.map((c: any) => [c.channel, c.activities, c.villages])).toEqual([
        ['loudspeaker', 1, 1], ['village_meeting', 1, 1], ['zalo', 1, 1], ['visual', 1, 2], ['news', 1, 0],
      ]);
      const [b, a] = summary.units;
      expect(a).toMatchObject({ name: 'Thôn Nà Pồng', activities: 4, meetingHouseholds: 1, byChannel: { loudspeaker: 1, village_meeting: 1, zalo: 1, visual: 1 } });
      expect(b).toMatchObject({ name: 'Thôn Bản Bó', activities: 1, byChannel: { visual: 1 } });
      // a1 ticked at the meeting, a3 informed on a visit; a2 no longer ticked.
      expect(summary).toMatchObject({ visitHouseholds: 1, householdsReached: 2, newlyInformed: 2 });
      expect(summary.campaigns).toEqual([{ name: 'Tháng cao điểm "Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn"', startsOn: '2025-03-01', endsOn: '2025-03-31', activities: 2 }]);
    });
  });

  describe('photos', () => {
    let activityId: string;
    let photoIds: string[];

    it('keeps the photos a meeting claims, shown to the activity\'s readers', async () => {
      photoIds = [];
      for (const caption of ['Hop thon 1', 'Hop thon 2']) {
        const up = await putFile(teamLeader, photo(caption), 'image/jpeg');
        expect(up.status, JSON.stringify(up.body)).toBe(200);
        photoIds.push(up.id);
      }
      const body = meeting({ activityOn: '2025-03-26', attendedHouseholdIds: [], measures: { attendees: 20 }, photoIds });
      activityId = body.id;
      const view = ok(await teamLeader.post('/api/communication/activities', body), 201);
      expect(view.photos.map((p: any) => [p.id, p.width, p.height])).toEqual(photoIds.map((id) => [id, 320, 240]));
      expect(view.photoCount).toBe(2);
      const read = await t.app.inject({ method: 'GET', url: `/api/attachments/${photoIds[0]}`, headers: { cookie: head.cookie } });
      expect(read.statusCode).toBe(200);
      expect(read.headers['content-type']).toBe('image/jpeg');
      expect(read.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
      const stranger = await t.app.inject({ method: 'GET', url: `/api/attachments/${photoIds[0]}`, headers: { cookie: viewer.cookie } });
      expect(stranger.statusCode).toBe(404);
    });

    it('refuses a photo that is not an image, or not this account\'s, naming it, and writes nothing', async () => {
      const text = await putFile(teamLeader, Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg');
      expect(text.status).toBe(400);
      expect(text.body.error.message).toMatch(/^Tệp: nội dung không phải ảnh/);
      const pdf = await putFile(teamLeader, Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'), 'application/pdf');
      expect(pdf.status).toBe(200);
      await refused(teamLeader, meeting({ attendedHouseholdIds: [], measures: { attendees: 3 }, photoIds: [pdf.id] }), 'photoIds.0', /^Ảnh thứ 1: không phải ảnh\.$/);
      const others = await putFile(officer, photo('Cua nguoi khac'), 'image/jpeg');
      await refused(teamLeader, meeting({ attendedHouseholdIds: [h.a1], photoIds: [others.id] }), 'photoIds.0', /^Ảnh thứ 1: do tài khoản khác tải lên/);
      // Nothing half-written: the refused meeting's household kept its date, the photo its freedom.
      expect(await informedOn(h.a1)).toBe(MEETING_DAY);
      const free = await t.database.db.selectFrom('attachments').select('owner_id').where('id', '=', others.id).executeTakeFirstOrThrow();
      expect(free.owner_id).toBeNull();
      await refused(teamLeader, meeting({ attendedHouseholdIds: [], photoIds: [photoIds[0]] }), 'photoIds.0', /^Ảnh thứ 1: đã thuộc về một bản ghi khác\.$/);
    });

    it('drops a photo taken off the activity at the desk, and all of them with the activity', async () => {
      const current = ok(await teamLeader.get(`/api/communication/activities/${activityId}`));
      const { id: _id, ...fields } = meeting({ activityOn: '2025-03-26', attendedHouseholdIds: [], measures: { attendees: 20 } });
      const edited = ok(await teamLeader.request('PUT', `/api/communication/activities/${activityId}`, { ...fields, version: current.version, photoIds: [photoIds[1]] }));
      expect(edited.photos.map((p: any) => p.id)).toEqual([photoIds[1]]);
      expect(await t.database.db.selectFrom('attachments').select('id').where('id', '=', photoIds[0]).executeTakeFirst()).toBeUndefined();
      ok(await teamLeader.request('DELETE', `/api/communication/activities/${activityId}?version=${edited.version}`), 204);
      expect(await owned(activityId)).toEqual([]);
      expect(await t.database.db.selectFrom('attachments').select('id').where('id', '=', photoIds[1]).executeTakeFirst()).toBeUndefined();
    });
  });

  describe('from the phone', () => {
    it('applies an activity once, answers its resend duplicate, refuses a bad one with the field named', async () => {
      const activity = meeting({ activityOn: '2025-03-28', attendedHouseholdIds: [h.a2], measures: { attendees: 5 }, ranByMemberId: memberId });
      const m = mutation('communication.activity', activity);
      const bad = mutation('communication.activity', { ...meeting(), channel: 'loudspeaker', measures: { attendees: 5 }, attendedHouseholdIds: [] });
      const first = ok(await teamLeader.post('/api/sync/push', { mutations: [m, bad] }));
      expect(first.results[0]).toEqual({ id: m.id, status: 'applied' });
      expect(first.results[1]).toMatchObject({ id: bad.id, status: 'refused', error: { code: 'validation', field: 'measures.newsItems' } });
      expect(first.results[1].error.message).toMatch(/Số tin, bài phát: cần nhập với hình thức Loa truyền thanh cơ sở\./);
      expect(await owned(activity.id)).toEqual([]);
      const again = ok(await teamLeader.post('/api/sync/push', { mutations: [m] }));
      expect(again.results).toEqual([{ id: m.id, status: 'duplicate' }]);
      // The same activity under a new mutation id (the phone re-queued it): still one row.
      const requeued = ok(await teamLeader.post('/api/sync/push', { mutations: [mutation('communication.activity', activity)] }));
      expect(requeued.results[0].status).toBe('duplicate');
      const rows = await t.database.db.selectFrom('comm_activities').select(['mutation_id']).where('id', '=', activity.id).execute();
      expect(rows).toEqual([{ mutation_id: m.id }]);
      expect(await informedOn(h.a2)).toBe('2025-03-28');
      const view = ok(await officer.get(`/api/communication/activities/${activity.id}`));
      expect(view.fromPhone).toBe(true);
    });

    it('applies an activity with the photos uploaded before it, once', async () => {
      const ids = [(await putFile(teamLeader, photo('Phone 1'), 'image/jpeg')).id, (await putFile(teamLeader, photo('Phone 2'), 'image/jpeg')).id];
      const activity = meeting({ activityOn: '2025-03-27', attendedHouseholdIds: [], measures: { attendees: 4 }, photoIds: ids });
      const m = mutation('communication.activity', activity);
      expect(ok(await teamLeader.post('/api/sync/push', { mutations: [m] })).results).toEqual([{ id: m.id, status: 'applied' }]);
      expect(ok(await teamLeader.post('/api/sync/push', { mutations: [m] })).results).toEqual([{ id: m.id, status: 'duplicate' }]);
      expect((await owned(activity.id)).sort()).toEqual([...ids].sort());
      ok(await officer.request('DELETE', `/api/communication/activities/${activity.id}?version=1`), 204);
    });

    it('pulls the village\'s channels and the campaigns of the year', async () => {
      const pull = ok(await teamLeader.get('/api/sync/pull'));
      expect(pull.communication.canRecord).toBe(true);
      expect(pull.communication.channels.map((c: any) => c.channel)).toEqual(['loudspeaker', 'village_meeting', 'party_cell', 'mass_org', 'household', 'zalo', 'visual']);
      const memberPull = ok(await member.get('/api/sync/pull'));
      expect(memberPull.communication.canRecord).toBe(false);
    });

    it('sends the channels and campaigns again only when they changed since the cursor', async () => {
      const first = ok(await teamLeader.get('/api/sync/pull'));
      const again = ok(await teamLeader.get(`/api/sync/pull?cursor=${encodeURIComponent(first.cursor)}`));
      expect(again.reset).toBe(false);
      expect(again.communication).toBeUndefined();
      expect(again.trainings).toBeUndefined();
      const before = first.communication.channels;
      ok(await officer.request('PUT', `/api/communication/channels/${t.org.villageA}`, { channels: [{ channel: 'loudspeaker', available: false, note: 'Loa hỏng' }] }));
      const changed = ok(await teamLeader.get(`/api/sync/pull?cursor=${encodeURIComponent(again.cursor)}`));
      expect(changed.communication.channels.find((c: any) => c.channel === 'loudspeaker')).toMatchObject({ available: false, note: 'Loa hỏng' });
      expect(changed.trainings).toEqual(first.trainings);
      ok(await officer.request('PUT', `/api/communication/channels/${t.org.villageA}`, { channels: before.filter((c: any) => c.channel === 'loudspeaker') }));
    });
  });

  describe('in the reports', () => {
    async function download(client: Client, id: string, kind: 'docx' | 'xlsx') {
      const res = await t.app.inject({ method: 'GET', url: `/api/reports/${id}/${kind}`, headers: { cookie: client.cookie } });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return res.rawPayload;
    }
    async function docxText(buffer: Buffer) {
      const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
      const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
        [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => [...tc[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join('')));
      const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''));
      return { rows, paragraphs: paragraphs.map((p) => p.replace(/&quot;/g, '"')) };
    }

    it('prints the commune\'s communication of the month in section I and in its own sheet, frozen', async () => {
      const report = ok(await officer.post('/api/reports/open', { kind: 'commune_monthly', orgUnitId: t.org.commune, year: 2025, month: 3 }));
      expect(report.activity.communication.total).toMatchObject({ activities: 6, newsItems: 3, airtimeMinutes: 45, attendees: 40, meetingHouseholds: 2 });
      const { rows, paragraphs } = await docxText(await download(officer, report.id, 'docx'));
      const intro = paragraphs.find((p) => p.includes('hoạt động thông tin, tuyên truyền'));
      expect(intro).toBe('Hưởng ứng Tháng cao điểm "Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn" (từ 01/03/2025 đến 31/03/2025), trong kỳ toàn xã đã tổ chức 06 hoạt động thông tin, tuyên truyền tại 02/02 thôn, cụ thể:');
      expect(rows).toContainEqual(['1', 'Loa truyền thanh cơ sở', '1', '3 tin, bài; 45 phút phát sóng']);
      expect(rows).toContainEqual(['2', 'Họp thôn', '2', '40 lượt người dự; 2 hộ có mặt (điểm danh theo hộ)']);
      expect(rows).toContainEqual(['3', 'Nhóm Zalo cộng đồng', '1', '2 bài đăng']);
      expect(rows).toContainEqual(['', 'Cộng', '6', '']);
      expect(paragraphs.find((p) => p.startsWith('Hộ gia đình được thông tin trực tiếp'))).toMatch(/^Hộ gia đình được thông tin trực tiếp về chương trình \(có tên trong danh sách\): 2 hộ dự họp thôn \(điểm danh theo hộ\), 1 hộ qua các lượt hỗ trợ tại hộ; tổng cộng 3 hộ, trong đó 3 hộ lần đầu được thông tin\./);
      expect(paragraphs).not.toContain(NO_COMMUNICATION);

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await download(officer, report.id, 'xlsx') as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet(COMMUNICATION_SHEET)!;
      expect(sheet.getCell('A4').value).toBe('Hình thức');
      expect(sheet.getCell('B4').value).toBe(COMMUNICATION_COLUMNS[0].header);
      const rowOf = (label: string) => {
        for (let r = 5; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === label) return sheet.getRow(r);
        throw new Error(`no row ${label}`);
      };
      const loud = rowOf('Loa truyền thanh cơ sở');
      expect([loud.getCell(2).value, loud.getCell(3).value, loud.getCell(4).value]).toEqual([1, 3, 45]);
      expect(rowOf('Cộng').getCell(2).value).toBe(6);
      expect(rowOf('Thôn Nà Pồng').getCell(2).value).toBe(5);
      expect(rowOf('Hộ được thông tin trực tiếp (không trùng lặp)').getCell(2).value).toBe(3);

      // Frozen: a later activity moves the dashboard, not the report, until it is recomputed.
      ok(await head.post('/api/communication/activities', meeting({ activityOn: '2025-03-30', attendedHouseholdIds: [], measures: { attendees: 9 } })), 201);
      expect(ok(await officer.get(`/api/reports/${report.id}`)).activity.communication.total.activities).toBe(6);
      const recomputed = ok(await officer.post(`/api/reports/${report.id}/recompute`, { version: report.version }));
      expect(recomputed.report.activity.communication.total.activities).toBe(7);
    });

    it('gives a village its own activities, and says "chưa có số liệu" only for a period with none', async () => {
      const village = ok(await head.post('/api/reports/open', { kind: 'village_monthly', orgUnitId: t.org.villageA, year: 2025, month: 3 }));
      expect(village.activity.communication.total.activities).toBe(6);
      expect(village.activity.communication.units).toHaveLength(1);
      const { paragraphs } = await docxText(await download(head, village.id, 'docx'));
      expect(paragraphs.some((p) => p.startsWith('Hưởng ứng Tháng cao điểm') && p.includes('trong kỳ thôn đã tổ chức 06 hoạt động'))).toBe(true);

      const january = ok(await head.post('/api/reports/open', { kind: 'village_monthly', orgUnitId: t.org.villageA, year: 2025, month: 1 }));
      expect(january.activity.communication.total.activities).toBe(0);
      const empty = await docxText(await download(head, january.id, 'docx'));
      expect(empty.paragraphs).toContain(NO_COMMUNICATION);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await download(head, january.id, 'xlsx') as unknown as ArrayBuffer);
      expect(workbook.getWorksheet(COMMUNICATION_SHEET)!.getCell('A4').value).toBe(NO_COMMUNICATION);
    });
  });
});
