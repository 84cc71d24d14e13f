// Reports up the chain: a village's monthly report from draft to accepted (returned once with
// a comment), the commune's from draft to sent and read by the province; every refusal with
// its message; two saves on one version; figures frozen against a later support event and
// recomputed with the difference; the .docx and .xlsx read back against the indicators.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDICATOR_LABELS } from '../../src/shared/indicators.ts';
import { REPORT_TEXT_MAX } from '../../src/shared/reports.ts';
import { formatCount, formatPercent } from '../../src/shared/report-document.ts';
import { INDICATOR_SHEET, INDICATOR_SUBCOLUMNS, MONTH_SHEET } from '../../src/server/features/reports/report-xlsx.ts';

import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { action, event, makeTeam } from '../support/field-fixtures.ts';
import { addDays, todayInVietnam } from '../../src/shared/calendar.ts';

const MARCH = { year: 2025, month: 3 };
const pad2 = (n: number) => String(n).padStart(2, '0');
const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describeEachEngine('reports', (engine) => {
  let t: TestApp;
  let officer: Client; // Phòng VH-XH
  let leader: Client; // Lãnh đạo UBND xã
  let head: Client; // trưởng thôn, village A
  let viewer: Client; // Sở KH&CN
  let teamLeader: Client;
  const p: Record<string, string> = {};
  const h: Record<string, string> = {};

  const ok = (res: { status: number; body: any }, status = 200) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const open = (client: Client, body: Record<string, unknown>) => client.post('/api/reports/open', body);
  const dashboard = async (unit: number, query = 'period=month&year=2025&month=3') =>
    ok(await officer.get(`/api/indicators?orgUnitId=${unit}&${query}`));
  async function download(client: Client, id: string, kind: 'docx' | 'xlsx') {
    const res = await t.app.inject({ method: 'GET', url: `/api/reports/${id}/${kind}`, headers: { cookie: client.cookie } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return { buffer: res.rawPayload, disposition: String(res.headers['content-disposition']), type: String(res.headers['content-type']) };
  }
  /** The docx body's tables as rows of cell texts. */
  async function docxTables(buffer: Buffer) {
    const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
    const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
      [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => [...tc[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')));
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    return { xml, rows, text };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, leader, head, viewer, teamLeader] = await Promise.all([
      t.login(t.usernames.culture_office), t.login(t.usernames.commune_leader), t.login(t.usernames.village_head),
      t.login(t.usernames.province_viewer), t.login(t.usernames.team_leader),
    ]);
    const a = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Lò Văn An', sex: 'male', birthYear: 1980 }, { fullName: 'Lò Thị Bích', birthYear: 1985 }, { fullName: 'Lò Văn Cao', sex: 'male', birthYear: 1990 },
    ]);
    h.a = a.householdId;
    [p.an, p.bich, p.cao] = a.personIds;
    const b = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Thị Mai', birthYear: 1995 }, { fullName: 'Bàn Văn Ơn', sex: 'male', birthYear: 1990 }]);
    h.b = b.householdId;
    [p.mai, p.on] = b.personIds;
    await makeTeam(t, t.org.villageA, [{ fullName: 'Hoàng Thị Lan', teamRole: 'leader' }, { fullName: 'Nông Văn Tú' }]);
    // February: An gets VNeID; March: An level 2 and a bank account, Bích VNeID, Mai level 2.
    const post = async (body: ReturnType<typeof event>) => ok(await officer.post('/api/support-events', body), 201);
    await post(event(h.a, [action(p.an, 'install_vneid')], { eventDate: '2025-02-10' }));
    await post(event(h.a, [action(p.an, 'activate_vneid_level2'), action(p.an, 'open_bank_account'), action(p.bich, 'install_vneid')], { eventDate: '2025-03-12' }));
    await post(event(h.b, [action(p.mai, 'install_vneid'), action(p.mai, 'activate_vneid_level2')], { eventDate: '2025-03-20' }));
  });
  afterAll(async () => { await t.close(); });

  let villageReport: any;
  let communeReport: any;

  describe('a village report: draft, submit, return, edit, resubmit, accept', () => {
    it('opens a draft with the figures of the period already filled in, and the same report again', async () => {
      villageReport = ok(await open(head, { kind: 'village_monthly', orgUnitId: t.org.villageA, ...MARCH }));
      expect(villageReport).toMatchObject({
        kind: 'village_monthly', status: 'draft', version: 1, periodLabel: 'Tháng 03/2025', periodStart: '2025-03-01', periodEnd: '2025-03-31',
        dueOn: '2025-04-03', late: true, submittedLate: false, sentAt: null, orgUnit: { id: t.org.villageA, name: 'Thôn Nà Pồng', level: 'village' },
        can: { edit: true, submit: true, review: false, download: true }, submitBlockedReason: null,
      });
      const live = await dashboard(t.org.villageA);
      for (const code of ['DD', 'NH', 'KNS'] as const) {
        expect(villageReport.figures.total.figures[code]).toMatchObject({
          numerator: live.summary.indicators[code].numerator, denominator: live.summary.indicators[code].denominator,
          previous: { numerator: live.summary.indicators[code].previous.numerator, denominator: live.summary.indicators[code].previous.denominator },
        });
      }
      expect(villageReport.figures.total.figures.DD).toMatchObject({ numerator: 1, denominator: 3, previous: { numerator: 0, denominator: 3 } });
      expect(villageReport.figures.monthsTotal).toEqual(live.counts.period);
      expect(villageReport.activity.teams).toEqual({ villages: 1, withTeam: 1, teams: 1, activeMembers: 2, youthUnionMembers: 2 });
      expect(villageReport.events.map((e: any) => e.action)).toEqual(['created']);
      const again = ok(await open(officer, { kind: 'village_monthly', orgUnitId: t.org.villageA, ...MARCH }));
      expect(again.id).toBe(villageReport.id);
    });

    it('saves the text with the version, and refuses a second save of the same version', async () => {
      const saved = ok(await head.patch(`/api/reports/${villageReport.id}`, {
        version: 1, resultsText: 'Tổ đã đến từng hộ ở xóm Nà Pồng.', difficultiesText: 'Sóng điện thoại yếu ở xóm trong.', proposalsText: 'Đề nghị xã hỗ trợ 01 điện thoại.',
      }));
      expect(saved).toMatchObject({ version: 2, resultsText: 'Tổ đã đến từng hộ ở xóm Nà Pồng.' });
      const stale = await officer.patch(`/api/reports/${villageReport.id}`, { version: 1, proposalsText: 'Ghi đè' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/^Báo cáo đã được người khác thay đổi/);
      expect(ok(await head.get(`/api/reports/${villageReport.id}`)).proposalsText).toBe('Đề nghị xã hỗ trợ 01 điện thoại.');
    });

    it('lets only one of two saves made at once on one version win', async () => {
      const [x, y] = await Promise.all([
        head.patch(`/api/reports/${villageReport.id}`, { version: 2, difficultiesText: 'Bản của trưởng thôn.' }),
        officer.patch(`/api/reports/${villageReport.id}`, { version: 2, difficultiesText: 'Bản của Phòng VH-XH.' }),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, 409]);
      const now = ok(await head.get(`/api/reports/${villageReport.id}`));
      expect(now.version).toBe(3);
      expect(now.difficultiesText).toBe((x.status === 200 ? x : y).body.difficultiesText);
    });

    it('refuses text over the limit naming the field, and writers who are not the village’s', async () => {
      const long = await head.patch(`/api/reports/${villageReport.id}`, { version: 3, proposalsText: 'x'.repeat(REPORT_TEXT_MAX + 1) });
      expect(long.status).toBe(400);
      expect(long.body.error.message).toBe(`Đề xuất, kiến nghị: Tối đa ${REPORT_TEXT_MAX} ký tự.`);
      const tl = await teamLeader.patch(`/api/reports/${villageReport.id}`, { version: 3, proposalsText: 'Tổ trưởng sửa' });
      expect(tl.status).toBe(403);
      // The head of village A cannot open village B's report, nor the commune's.
      const other = await open(head, { kind: 'village_monthly', orgUnitId: t.org.villageB, ...MARCH });
      expect(other.status).toBe(400);
      expect(other.body.error.message).toBe('Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn.');
      const commune = await open(head, { kind: 'commune_monthly', orgUnitId: t.org.commune, ...MARCH });
      expect(commune.status).toBe(400);
      const wrongLevel = await open(officer, { kind: 'village_monthly', orgUnitId: t.org.commune, ...MARCH });
      expect(wrongLevel.body.error.message).toMatch(/^Đơn vị: báo cáo tháng của thôn phải lập cho một thôn/);
    });

    it('refuses a period in the future, and submitting a month still running', async () => {
      const today = todayInVietnam();
      const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
      const next = m === 12 ? { year: y + 1, month: 1 } : { year: y, month: m + 1 };
      const future = await open(head, { kind: 'village_monthly', orgUnitId: t.org.villageA, ...next });
      expect(future.status).toBe(400);
      expect(future.body.error.message).toMatch(/^(Năm|Tháng): .*chưa bắt đầu/);
      const running = ok(await open(head, { kind: 'village_monthly', orgUnitId: t.org.villageA, year: y, month: m }));
      // The writer is told why, in the words the refusal uses; the figures of a running month need recomputing after it.
      const reason = `Tháng ${pad2(m)}/${y} chưa kết thúc: nộp từ ngày 01/${pad2(next.month)}/${next.year}, sau khi tính lại số liệu.`;
      expect(running).toMatchObject({ can: { edit: true, submit: false }, submitBlockedReason: reason });
      const early = await head.post(`/api/reports/${running.id}/submit`, { version: running.version });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toBe(reason);
      // A reader who cannot write it is given no reason: there is nothing for them to submit.
      expect(ok(await leader.get(`/api/reports/${running.id}`))).toMatchObject({ can: { edit: false, submit: false }, submitBlockedReason: null });
      const adhocFuture = await open(officer, { kind: 'commune_adhoc', orgUnitId: t.org.commune, year: y, from: `${y}-01-01`, to: `${y + 1}-01-31` });
      expect(adhocFuture.status).toBe(400);
    });

    it('submits; the text can no longer be changed; the office returns it with a comment', async () => {
      const submitted = ok(await head.post(`/api/reports/${villageReport.id}/submit`, { version: 3 }));
      // Submitted long after 3 April 2025: no longer "late" (it is in), but it came in late.
      expect(submitted).toMatchObject({ status: 'submitted', version: 4, late: false, submittedLate: true, can: { edit: false, submit: false, review: false }, submitBlockedReason: null });
      const edit = await head.patch(`/api/reports/${villageReport.id}`, { version: 4, resultsText: 'Sửa sau khi nộp' });
      expect(edit.status).toBe(409);
      expect(edit.body.error.message).toBe('Báo cáo đang ở trạng thái "Đã nộp, chờ duyệt": không sửa được nữa.');
      // Commune leaders review the commune's report, not the villages'.
      expect((await leader.post(`/api/reports/${villageReport.id}/accept`, { version: 4 })).status).toBe(403);
      const noComment = await officer.post(`/api/reports/${villageReport.id}/return`, { version: 4, comment: '  ' });
      expect(noComment.status).toBe(400);
      expect(noComment.body.error.message).toContain('Ghi rõ lý do trả lại.');
      expect(ok(await officer.get(`/api/reports/${villageReport.id}`)).can.review).toBe(true);
      const returned = ok(await officer.post(`/api/reports/${villageReport.id}/return`, { version: 4, comment: 'Bổ sung khó khăn về sóng điện thoại ở xóm trong.' }));
      expect(returned).toMatchObject({ status: 'returned', reviewComment: 'Bổ sung khó khăn về sóng điện thoại ở xóm trong.' });
    });

    it('the village head sees the comment, edits and resubmits; the office accepts; every step is recorded', async () => {
      const seen = ok(await head.get(`/api/reports/${villageReport.id}`));
      expect(seen).toMatchObject({ status: 'returned', reviewComment: 'Bổ sung khó khăn về sóng điện thoại ở xóm trong.', can: { edit: true } });
      const edited = ok(await head.patch(`/api/reports/${villageReport.id}`, { version: seen.version, difficultiesText: 'Sóng điện thoại yếu ở xóm trong; 12 hộ chưa có điện thoại thông minh.' }));
      const resubmitted = ok(await head.post(`/api/reports/${villageReport.id}/submit`, { version: edited.version }));
      expect(resubmitted).toMatchObject({ status: 'submitted', reviewComment: null });
      const stale = await officer.post(`/api/reports/${villageReport.id}/accept`, { version: resubmitted.version - 1 });
      expect(stale.status).toBe(409);
      villageReport = ok(await officer.post(`/api/reports/${villageReport.id}/accept`, { version: resubmitted.version }));
      expect(villageReport.status).toBe('accepted');
      expect(villageReport.events.map((e: any) => [e.action, e.fromStatus, e.toStatus])).toEqual([
        ['created', null, 'draft'], ['saved', 'draft', 'draft'], ['saved', 'draft', 'draft'], ['submitted', 'draft', 'submitted'],
        ['returned', 'submitted', 'returned'], ['saved', 'returned', 'returned'], ['submitted', 'returned', 'submitted'], ['accepted', 'submitted', 'accepted'],
      ]);
      expect(villageReport.events[4]).toMatchObject({ accountName: 'Người dùng culture_office', comment: 'Bổ sung khó khăn về sóng điện thoại ở xóm trong.' });
      expect(villageReport.events[3].accountName).toBe('Người dùng village_head');
      const audit = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('entity', '=', 'report').where('entity_id', '=', villageReport.id).orderBy('at').execute();
      expect(audit.map((a) => (a.detail as any).action ?? a.action)).toEqual(['create', 'saved', 'saved', 'submitted', 'returned', 'saved', 'submitted', 'accepted']);
      const again = await officer.post(`/api/reports/${villageReport.id}/return`, { version: villageReport.version, comment: 'Muộn' });
      expect(again.status).toBe(409);
    });
  });

  describe('frozen figures and "tính lại số liệu"', () => {
    let draftB: any;
    it('a later support event changes the live indicators but not a stored report; recompute shows the difference', async () => {
      draftB = ok(await open(officer, { kind: 'village_monthly', orgUnitId: t.org.villageB, ...MARCH }));
      expect(draftB.figures.total.figures.NH).toMatchObject({ numerator: 0, denominator: 2 });
      // Recorded late, dated in March: a bank account for Ơn (village B) and one for Cao (village A).
      ok(await officer.post('/api/support-events', event(h.b, [action(p.on, 'open_bank_account')], { eventDate: '2025-03-25' })), 201);
      ok(await officer.post('/api/support-events', event(h.a, [action(p.cao, 'open_bank_account')], { eventDate: '2025-03-26' })), 201);
      expect((await dashboard(t.org.villageB)).summary.indicators.NH.numerator).toBe(1);
      expect((await dashboard(t.org.villageA)).summary.indicators.NH.numerator).toBe(2);
      // Figures counted while March still ran (as when opened mid-month) must be recomputed first; the page is told so.
      const row = await t.database.db.selectFrom('reports').select('figures').where('id', '=', draftB.id).executeTakeFirstOrThrow();
      await t.database.db.updateTable('reports').set({ figures: JSON.stringify({ ...(row.figures as object), asOf: '2025-03-15' }) }).where('id', '=', draftB.id).execute();
      const stale = ok(await officer.get(`/api/reports/${draftB.id}`));
      const staleReason = 'Số liệu được tính ngày 15/03/2025, trước khi kỳ báo cáo kết thúc: bấm “Tính lại số liệu” rồi nộp.';
      expect(stale).toMatchObject({ can: { edit: true, submit: false }, submitBlockedReason: staleReason });
      const refused = await officer.post(`/api/reports/${draftB.id}/submit`, { version: stale.version });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(staleReason);
      // The accepted report of village A keeps its figures.
      expect(ok(await officer.get(`/api/reports/${villageReport.id}`)).figures.total.figures.NH).toMatchObject({ numerator: 1, denominator: 3 });
      expect(ok(await officer.get(`/api/reports/${draftB.id}`)).figures.total.figures.NH.numerator).toBe(0);
      // An accepted report cannot be recomputed.
      expect((await officer.post(`/api/reports/${villageReport.id}/recompute`, { version: villageReport.version })).status).toBe(409);
      const answer = ok(await officer.post(`/api/reports/${draftB.id}/recompute`, { version: draftB.version }));
      expect(answer.changes).toEqual([{ unit: 'Thôn Bản Bó', code: 'NH', before: { numerator: 0, denominator: 2 }, after: { numerator: 1, denominator: 2 } }]);
      expect(answer.report).toMatchObject({ version: draftB.version + 1 });
      expect(answer.report.figures.total.figures.NH.numerator).toBe(1);
      expect(answer.report.events.at(-1)).toMatchObject({ action: 'recomputed', fromStatus: 'draft', toStatus: 'draft' });
      expect(answer.report).toMatchObject({ can: { submit: true }, submitBlockedReason: null });
      draftB = answer.report;
    });

    it('the head of village A cannot submit village B’s report (outside the area)', async () => {
      const res = await head.post(`/api/reports/${draftB.id}/submit`, { version: draftB.version });
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('Không tìm thấy báo cáo hoặc báo cáo ngoài phạm vi của bạn.');
    });
  });

  describe('the commune report: draft, submit, leader approves and sends; the province reads it', () => {
    it('is written by the office, not by a village head, and aggregates the villages', async () => {
      const refused = await t.login(t.usernames.village_head).then((c) => open(c, { kind: 'commune_monthly', orgUnitId: t.org.commune, ...MARCH }));
      expect(refused.status).toBe(400);
      communeReport = ok(await open(officer, { kind: 'commune_monthly', orgUnitId: t.org.commune, ...MARCH }));
      const live = await dashboard(t.org.commune);
      expect(communeReport.figures.villages.map((v: any) => v.name)).toEqual(live.children.map((c: any) => c.name));
      for (const code of Object.keys(live.summary.indicators)) {
        expect(communeReport.figures.total.figures[code]).toMatchObject({ numerator: live.summary.indicators[code].numerator, denominator: live.summary.indicators[code].denominator });
      }
      expect(communeReport.figures.total.name).toBe('Toàn xã');
      expect(communeReport.activity.teams).toEqual({ villages: 2, withTeam: 1, teams: 1, activeMembers: 2, youthUnionMembers: 2 });
      expect(communeReport.villageReports).toEqual([
        { orgUnitId: t.org.villageB, name: 'Thôn Bản Bó', reportId: expect.any(String), status: 'draft' },
        { orgUnitId: t.org.villageA, name: 'Thôn Nà Pồng', reportId: villageReport.id, status: 'accepted' },
      ]);
      expect(communeReport.dueOn).toBe('2025-04-05');
    });

    it('the province viewer does not see it before it is sent; the office submits, the leader approves', async () => {
      expect((await viewer.get(`/api/reports/${communeReport.id}`)).status).toBe(404);
      const saved = ok(await officer.patch(`/api/reports/${communeReport.id}`, { version: communeReport.version, proposalsText: 'Đề nghị Sở hỗ trợ tài liệu tiếng Dao.' }));
      const submitted = ok(await officer.post(`/api/reports/${communeReport.id}/submit`, { version: saved.version }));
      expect((await officer.post(`/api/reports/${communeReport.id}/approve`, { version: submitted.version })).status).toBe(403);
      expect((await leader.post(`/api/reports/${communeReport.id}/accept`, { version: submitted.version })).status).toBe(409);
      expect(submitted.sentAt).toBeNull();
      communeReport = ok(await leader.post(`/api/reports/${communeReport.id}/approve`, { version: submitted.version }));
      expect(communeReport).toMatchObject({ status: 'sent', late: false, submittedLate: true, submittedAt: submitted.submittedAt });
      // Sent when the leader approved it: the report's review time, after its submission.
      const stored = await t.database.db.selectFrom('reports').select('reviewed_at').where('id', '=', communeReport.id).executeTakeFirstOrThrow();
      expect(communeReport.sentAt).toBe(new Date(stored.reviewed_at!).toISOString());
      expect(communeReport.sentAt >= communeReport.submittedAt).toBe(true);
      expect(communeReport.events.at(-1)).toMatchObject({ action: 'sent', accountName: 'Người dùng commune_leader' });
    });

    it('the province viewer lists it, opens it, sees which communes have not sent, and downloads it', async () => {
      const list = ok(await viewer.get('/api/reports?kind=commune_monthly'));
      expect(list.items.map((r: any) => r.id)).toEqual([communeReport.id]);
      expect(list.items[0]).toMatchObject({ sentAt: communeReport.sentAt, submittedLate: true, late: false });
      // Village reports still in draft are not the Sở's to read.
      const all = ok(await viewer.get('/api/reports'));
      expect(all.items.every((r: any) => r.status === 'accepted' || r.status === 'sent')).toBe(true);
      expect(ok(await viewer.get(`/api/reports/${communeReport.id}`)).can).toEqual({ edit: false, submit: false, review: false, download: true });
      const overview = ok(await viewer.get('/api/reports/overview?kind=commune_monthly&year=2025&month=3'));
      expect(overview).toEqual([
        { orgUnitId: t.org.commune, name: 'Bạch Ngọc', reportId: communeReport.id, status: 'sent', submittedAt: communeReport.submittedAt, sentAt: communeReport.sentAt, late: false, submittedLate: true },
        { orgUnitId: t.org.otherCommune, name: 'Minh Tân', reportId: null, status: null, submittedAt: null, sentAt: null, late: true, submittedLate: false },
      ]);
      const villages = ok(await officer.get(`/api/reports/overview?kind=village_monthly&year=2025&month=3&orgUnitId=${t.org.commune}`));
      expect(villages.map((v: any) => [v.name, v.status, v.late, v.submittedLate, v.sentAt])).toEqual([['Thôn Bản Bó', 'draft', true, false, null], ['Thôn Nà Pồng', 'accepted', false, true, null]]);

      const docx = await download(viewer, communeReport.id, 'docx');
      expect(docx.type).toContain('wordprocessingml');
      expect(docx.disposition).toBe(`attachment; filename="bao-cao-thang-03-2025-xa-bach-ngoc.docx"; filename*=UTF-8''${encodeURIComponent('Báo cáo tháng 03-2025 - Xã Bạch Ngọc.docx')}`);
      const { rows, text, xml } = await docxTables(docx.buffer);
      expect(xml).toContain('w:w="11906" w:h="16838"');
      expect(text).toContain('ỦY BAN NHÂN DÂN');
      expect(text).toContain('XÃ BẠCH NGỌC');
      expect(text).toContain('Số: 01/BC-UBND');
      expect(text).toContain('Sở Khoa học và Công nghệ tỉnh Tuyên Quang');
      expect(text).toContain('KT. CHỦ TỊCH');
      expect(text).toContain('PHÓ CHỦ TỊCH');
      expect(text).toContain('Người dùng commune_leader');
      expect(text).toContain('Đề nghị Sở hỗ trợ tài liệu tiếng Dao.');
      expect(text).toContain('Có 01/02 thôn đã gửi báo cáo, trong đó 01 báo cáo đã được Phòng Văn hóa - Xã hội tiếp nhận; chưa gửi: Thôn Bản Bó.');
      // Frozen when the commune's report was submitted: village B's report opened and moved later does not change it.
      const villageB = ok(await officer.get(`/api/reports/${communeReport.villageReports[0].reportId}`));
      ok(await officer.post(`/api/reports/${villageB.id}/submit`, { version: villageB.version }));
      expect(ok(await viewer.get(`/api/reports/${communeReport.id}`)).villageReports[0]).toMatchObject({ name: 'Thôn Bản Bó', status: 'draft' });
      expect(text).toContain('Chưa có số liệu trên hệ thống về các lớp tập huấn trong kỳ.');
      expect(text).toContain('Toàn xã duy trì 01 Tổ Công nghệ số cộng đồng tại 01/02 thôn với 2 thành viên, trong đó 2 đoàn viên thanh niên; còn 01 thôn chưa có Tổ.');
      expect(text).toContain(`đã thực hiện ${communeReport.figures.monthsTotal.visits} lượt hỗ trợ cho ${communeReport.figures.monthsTotal.peopleSupported} người`);
      // The summary table's figures are the indicators at the end of March as they were when frozen.
      const frozen = communeReport.figures.total.figures;
      const dd = rows.find((r) => r[1] === INDICATOR_LABELS.DD.name)!;
      expect(dd.slice(3, 6)).toEqual([formatCount(frozen.DD.numerator), formatCount(frozen.DD.denominator), formatPercent(frozen.DD.numerator / frozen.DD.denominator)]);
      const kns = rows.find((r) => r[1] === INDICATOR_LABELS.KNS.name)!;
      expect(kns.slice(3, 5)).toEqual([String(frozen.KNS.numerator), String(frozen.KNS.denominator)]);
      // Appendix: one row per village.
      expect(rows.some((r) => r[1] === 'Thôn Nà Pồng')).toBe(true);

      const xlsx = await download(viewer, communeReport.id, 'xlsx');
      expect(xlsx.disposition).toContain('filename="bao-cao-thang-03-2025-xa-bach-ngoc.xlsx"');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.buffer as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet(INDICATOR_SHEET)!;
      const width = INDICATOR_SUBCOLUMNS.length;
      const ddColumn = 3 + communeReport.figures.indicators.findIndex((i: any) => i.code === 'DD') * width;
      expect(sheet.getCell(5, 2).value).toBe('Thôn Bản Bó');
      expect(sheet.getCell(7, 2).value).toBe('Toàn xã');
      expect(sheet.getCell(7, ddColumn + 1).value).toBe(frozen.DD.numerator);
      expect(sheet.getCell(7, ddColumn + 2).value).toBe(frozen.DD.denominator);
      expect(sheet.getCell(7, ddColumn + 3).value).toBeCloseTo(frozen.DD.numerator / frozen.DD.denominator, 12);
      expect(sheet.getCell(7, ddColumn + 3).numFmt).toBe('0.0%');
      const months = workbook.getWorksheet(MONTH_SHEET)!;
      expect(months.getCell(4, 1).value).toBe('03/2025');
      expect(months.getCell(4, 2).value).toBe(communeReport.figures.months[0].visits);
    });

    it('a village report prints the village, its head as signer and its own figures', async () => {
      const docx = await download(officer, villageReport.id, 'docx');
      expect(docx.disposition).toContain('filename="bao-cao-thang-03-2025-thon-na-pong.docx"');
      const { rows, text } = await docxTables(docx.buffer);
      expect(text).toContain('UBND XÃ BẠCH NGỌC');
      expect(text).toContain('THÔN NÀ PỒNG');
      expect(text).toContain('TRƯỞNG THÔN');
      expect(text).toContain('Người dùng village_head');
      expect(text).toContain('Sóng điện thoại yếu ở xóm trong; 12 hộ chưa có điện thoại thông minh.');
      expect(text).toContain('Kính gửi');
      const nh = rows.find((r) => r[1] === INDICATOR_LABELS.NH.name)!;
      // Frozen at submission: Cao's late bank account is not in it.
      expect(nh.slice(3, 5)).toEqual(['1', '3']);
    });
  });

  describe('lateness is judged on the first submission', () => {
    it('a report first submitted on the due day (Vietnam time) is on time, and stays so when returned and resubmitted late', async () => {
      const april = ok(await open(officer, { kind: 'village_monthly', orgUnitId: t.org.villageB, year: 2025, month: 4 }));
      expect(april).toMatchObject({ dueOn: '2025-05-03', late: true, submittedLate: false });
      const submitted = ok(await officer.post(`/api/reports/${april.id}/submit`, { version: april.version }));
      expect(submitted).toMatchObject({ late: false, submittedLate: true });
      // As if submitted at 23:30 on 3 May in Vietnam (16:30 UTC): on the due day.
      const backdate = (at: string) => t.database.db.updateTable('report_events').set({ at: new Date(at) })
        .where('report_id', '=', april.id).where('action', '=', 'submitted').execute();
      await backdate('2025-05-03T16:30:00Z');
      expect(ok(await officer.get(`/api/reports/${april.id}`))).toMatchObject({ late: false, submittedLate: false });
      // An hour later it is 4 May there: late.
      await backdate('2025-05-03T17:30:00Z');
      expect(ok(await officer.get(`/api/reports/${april.id}`))).toMatchObject({ late: false, submittedLate: true });
      await backdate('2025-05-02T03:00:00Z');
      const returned = ok(await officer.post(`/api/reports/${april.id}/return`, { version: submitted.version, comment: 'Bổ sung số hộ.' }));
      expect(returned).toMatchObject({ status: 'returned', late: false, submittedLate: false });
      const again = ok(await officer.post(`/api/reports/${april.id}/submit`, { version: returned.version }));
      expect(again).toMatchObject({ status: 'submitted', late: false, submittedLate: false });
      expect(again.submittedAt > '2025-05-04').toBe(true);
      const overview = ok(await officer.get(`/api/reports/overview?kind=village_monthly&year=2025&month=4&orgUnitId=${t.org.commune}`));
      expect(overview.map((v: any) => [v.name, v.status, v.late, v.submittedLate])).toEqual([['Thôn Bản Bó', 'submitted', false, false], ['Thôn Nà Pồng', null, true, false]]);
    });
  });

  describe('ad-hoc and quarterly periods', () => {
    it('two opens of one new report at once give one report', async () => {
      const [x, y] = await Promise.all([
        open(officer, { kind: 'village_monthly', orgUnitId: t.org.villageA, year: 2025, month: 5 }),
        open(head, { kind: 'village_monthly', orgUnitId: t.org.villageA, year: 2025, month: 5 }),
      ]);
      expect(ok(x).id).toBe(ok(y).id);
      const rows = await t.database.db.selectFrom('reports').select('id').where('org_unit_id', '=', t.org.villageA).where('period_start', '=', '2025-05-01').execute();
      expect(rows).toHaveLength(1);
      expect(ok(x).events.map((e: any) => e.action)).toEqual(['created']);
    });

    it('opens an ad-hoc commune report from 1 January and a village quarter; refuses a window that cannot count people once', async () => {
      const adhoc = ok(await open(officer, { kind: 'commune_adhoc', orgUnitId: t.org.commune, year: 2025, from: '2025-01-01', to: '2025-03-31' }));
      // Asked for today on a past period: due five days from today, not five days after 31 March (overdue at birth).
      expect(adhoc).toMatchObject({ periodLabel: 'Từ 01/01/2025 đến 31/03/2025', dueOn: addDays(todayInVietnam(), 5), late: false });
      const ytd = await dashboard(t.org.commune, 'period=ytd&year=2025&month=3');
      expect(adhoc.figures.monthsTotal).toEqual(ytd.counts.period);
      expect(adhoc.figures.months.map((m: any) => m.month)).toEqual(['2025-01', '2025-02', '2025-03']);
      const quarter = ok(await open(head, { kind: 'village_quarterly', orgUnitId: t.org.villageA, year: 2025, month: 2 }));
      expect(quarter).toMatchObject({ periodLabel: 'Quý I/2025', periodStart: '2025-01-01', periodEnd: '2025-03-31' });
      // Created late on 1 April UTC, which is 2 April in Vietnam: due 7 April, and late now as a draft.
      await t.database.db.updateTable('reports').set({ created_at: new Date('2025-04-01T20:00:00Z') }).where('id', '=', adhoc.id).execute();
      expect(ok(await officer.get(`/api/reports/${adhoc.id}`))).toMatchObject({ dueOn: '2025-04-07', late: true, submittedLate: false });
      const listed = ok(await officer.get('/api/reports?kind=commune_adhoc'));
      expect(listed.items.find((r: any) => r.id === adhoc.id)).toMatchObject({ dueOn: '2025-04-07', late: true });
      const odd = await open(officer, { kind: 'commune_adhoc', orgUnitId: t.org.commune, year: 2025, from: '2025-02-01', to: '2025-04-30' });
      expect(odd.status).toBe(400);
      expect(odd.body.error.message).toMatch(/^Từ ngày: /);
    });
  });
});
