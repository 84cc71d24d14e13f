// Kinh phí through HTTP on both engines: who may see and write what (Phòng Kinh tế writes,
// the leader reads, other offices and the province see totals), lines with their estimates
// and revisions (history kept), commitments, spending linked to a training, a communication
// activity or a team's month with its voucher file, bad input refused naming the field and
// nothing half-written, the overrun warning that must be confirmed, the province's allowance
// rates and the monthly sheet built from recorded activity, reviewed and posted, and the
// settlement: refused with open sheets, then the year frozen, the .xlsx and .docx downloads.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePhoto } from '../../src/demo/photos.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { makeTeam } from '../support/field-fixtures.ts';

const YEAR = 2025;

describeEachEngine('budget', (engine) => {
  let t: TestApp;
  let economy: Client; // Phòng Kinh tế
  let culture: Client; // Phòng VH-XH
  let leader: Client; // Lãnh đạo UBND xã
  let viewer: Client; // Sở KH&CN
  let admin: Client;
  let villageHead: Client;
  let teamA: { teamId: string; memberIds: string[] };
  let teamB: { teamId: string; memberIds: string[] };
  let trainingId: string;
  let otherTraining: string;
  let activityId: string;
  const lines: Record<string, string> = {};

  const ok = (res: { status: number; body: any }, status = 200) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const refused = (res: { status: number; body: any }, status: number, path: string, words: RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    const field = res.body.error.fields?.find((f: any) => f.path === path);
    expect(field, JSON.stringify(res.body)).toBeTruthy();
    expect(res.body.error.message).toMatch(words);
    return res.body.error;
  };
  const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;
  const line = (extra: Record<string, unknown> = {}) => ({
    id: uuidv7(), orgUnitId: t.org.commune, year: YEAR, activity: 'training', source: 'commune', name: 'Tập huấn Tổ CNSCĐ',
    legalBasis: 'Kế hoạch số 15/KH-UBND ngày 10/01/2025', estimateVnd: 10_000_000, decision: 'QĐ 05/QĐ-UBND', decidedOn: `${YEAR}-01-15`, ...extra,
  });
  const spending = (extra: Record<string, unknown> = {}) => ({
    id: uuidv7(), lineId: lines.training, spentOn: `${YEAR}-02-12`, amountVnd: 3_000_000, payee: 'Nhà văn hóa thôn Nà Pồng', voucherNo: 'PC-012', description: 'Thuê hội trường', ...extra,
  });
  async function upload(client: Client) {
    const id = uuidv7();
    const res = await t.app.inject({
      method: 'PUT', url: `/api/attachments/${id}`, payload: makePhoto({ seed: id, caption: 'Phieu chi', scene: 'sheet', width: 320, height: 240 }),
      headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': 'image/jpeg' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return id;
  }
  const download = (client: Client, format: 'xlsx' | 'docx') =>
    t.app.inject({ method: 'GET', url: `/api/budget/settlement.${format}?orgUnitId=${t.org.commune}&year=${YEAR}`, headers: { cookie: client.cookie } });

  beforeAll(async () => {
    t = await createTestApp(engine);
    [economy, culture, leader, viewer, admin, villageHead] = await Promise.all([
      t.login(t.usernames.economy_office), t.login(t.usernames.culture_office), t.login(t.usernames.commune_leader),
      t.login(t.usernames.province_viewer), t.login(t.usernames.admin), t.login(t.usernames.village_head),
    ]);
    teamA = await makeTeam(t, t.org.villageA, [{ fullName: 'Hoàng Thị Lan', teamRole: 'leader' }, { fullName: 'Nông Văn Tú' }, { fullName: 'Lò Thị Mai' }]);
    teamB = await makeTeam(t, t.org.villageB, [{ fullName: 'Bàn Văn Ơn', teamRole: 'leader' }, { fullName: 'Triệu Thị Hoa' }]);
    const training = ok(await culture.post('/api/trainings', {
      id: uuidv7(), orgUnitId: t.org.commune, title: 'Tập huấn kỹ năng số', topics: ['platforms'], method: 'in_person', startsAt: `${YEAR}-02-12T08:00:00+07:00`,
      endsAt: `${YEAR}-02-12T11:00:00+07:00`, villageIds: [t.org.villageA, t.org.villageB],
    }));
    trainingId = training.id;
    // Lan and Ơn were present at the training of 12 February.
    ok(await culture.request('PUT', `/api/trainings/${trainingId}/attendance`, { entries: [{ memberId: teamA.memberIds[0], status: 'present' }, { memberId: teamB.memberIds[0], status: 'present' }] }));
    otherTraining = uuidv7();
    await t.database.db.insertInto('trainings').values({
      id: otherTraining, org_unit_id: t.org.otherCommune, title: 'Lớp của xã khác', topics: ['policy'], method: 'in_person',
      starts_at: new Date(`${YEAR}-03-01T08:00:00+07:00`), ends_at: new Date(`${YEAR}-03-01T10:00:00+07:00`),
    }).execute();
    activityId = uuidv7();
    const account = await t.database.db.selectFrom('accounts').select('id').where('username', '=', t.usernames.culture_office).executeTakeFirstOrThrow();
    await t.database.db.insertInto('comm_activities').values({
      id: activityId, org_unit_id: t.org.commune, activity_on: `${YEAR}-03-20`, channel: 'loudspeaker', phase: 'during', topics: ['public_services'], ran_by: 'Đài truyền thanh xã',
      measures: JSON.stringify({ newsItems: 4, airtimeMinutes: 60 }), recorded_by: account.id,
    }).execute();
    // Support given in March: Lan on two days (one event corrected: it counts once), Tú on one; nobody in team B.
    const { householdId } = await makeHousehold(t, t.org.villageA, [{ fullName: 'Hộ Một' }]);
    const first = uuidv7();
    for (const e of [
      { id: first, date: `${YEAR}-03-03`, helpers: [teamA.memberIds[0]], corrects: null },
      { id: uuidv7(), date: `${YEAR}-03-03`, helpers: [teamA.memberIds[0], teamA.memberIds[1]], corrects: first },
      { id: uuidv7(), date: `${YEAR}-03-09`, helpers: [teamA.memberIds[0]], corrects: null },
    ]) {
      await t.database.db.insertInto('support_events').values({
        id: e.id, household_id: householdId, village_id: t.org.villageA, event_date: e.date, channel: 'visit', helper_member_ids: e.helpers, corrects_event_id: e.corrects, recorded_by: account.id,
      }).execute();
    }
  });
  afterAll(async () => { await t.close(); });

  describe('budget lines and estimates', () => {
    it('lets Phòng Kinh tế create lines by activity and source with their legal basis and first estimate', async () => {
      const view = ok(await economy.post('/api/budget/lines', line()));
      lines.training = view.line.id;
      expect(view.line).toMatchObject({ activity: 'training', source: 'commune', estimateVnd: 10_000_000, initialVnd: 10_000_000, spentVnd: 0, remainingVnd: 10_000_000, legalBasis: expect.stringContaining('15/KH-UBND') });
      expect(view.revisions).toEqual([expect.objectContaining({ kind: 'initial', estimateVnd: 10_000_000, decision: 'QĐ 05/QĐ-UBND' })]);
      lines.comm = ok(await economy.post('/api/budget/lines', line({ activity: 'communication', source: 'province', name: 'Truyền thông', estimateVnd: 5_000_000 }))).line.id;
      lines.team = ok(await economy.post('/api/budget/lines', line({ activity: 'team_support', source: 'province', name: 'Bồi dưỡng Tổ CNSCĐ', estimateVnd: 2_000_000 }))).line.id;
      lines.social = ok(await economy.post('/api/budget/lines', line({ activity: 'awards', source: 'social', name: 'Khen thưởng (doanh nghiệp tài trợ)', estimateVnd: 1_500_000 }))).line.id;
    });

    it('refuses a negative or fractional estimate naming the field, and writes nothing', async () => {
      const before = await count('budget_lines');
      refused(await economy.post('/api/budget/lines', line({ estimateVnd: -1 })), 400, 'estimateVnd', /Dự toán: Số tiền không được âm/);
      refused(await economy.post('/api/budget/lines', line({ estimateVnd: 1500.5 })), 400, 'estimateVnd', /Dự toán: Số tiền phải là số nguyên/);
      refused(await economy.post('/api/budget/lines', line({ activity: 'travel' })), 400, 'activity', /Nội dung chi/);
      refused(await economy.post('/api/budget/lines', line({ orgUnitId: t.org.villageA })), 400, 'orgUnitId', /không phải xã/);
      expect(await count('budget_lines')).toBe(before);
    });

    it('keeps every revision of the estimate', async () => {
      let view = ok(await economy.get(`/api/budget/lines/${lines.comm}`));
      view = ok(await economy.post(`/api/budget/lines/${lines.comm}/revisions`, { version: view.line.version, estimateVnd: 6_000_000, reason: 'Bổ sung tờ rơi tháng 3', decision: 'QĐ 40/QĐ-UBND', decidedOn: `${YEAR}-03-01` }));
      view = ok(await economy.post(`/api/budget/lines/${lines.comm}/revisions`, { version: view.line.version, estimateVnd: 6_500_000, reason: 'Thêm pano' }));
      expect(view.line).toMatchObject({ estimateVnd: 6_500_000, initialVnd: 5_000_000, revisions: 2 });
      expect(view.revisions.map((r: any) => [r.kind, r.previousVnd, r.estimateVnd])).toEqual([['initial', null, 5_000_000], ['revision', 5_000_000, 6_000_000], ['revision', 6_000_000, 6_500_000]]);
      refused(await economy.post(`/api/budget/lines/${lines.comm}/revisions`, { version: view.line.version, estimateVnd: 7_000_000, reason: '' }), 400, 'reason', /Nhập lý do/);
      expect((await economy.post(`/api/budget/lines/${lines.comm}/revisions`, { version: 1, estimateVnd: 7_000_000, reason: 'cũ' })).status).toBe(409);
    });

    it('refuses writes to everyone but Phòng Kinh tế', async () => {
      for (const client of [culture, leader, viewer, admin, villageHead]) expect((await client.post('/api/budget/lines', line())).status).toBe(403);
      expect((await leader.post('/api/budget/spending', spending())).status).toBe(403);
    });
  });

  describe('spending entries', () => {
    it('records spending linked to a training with its voucher file', async () => {
      const file = await upload(economy);
      const entry = ok(await economy.post('/api/budget/spending', spending({ link: { kind: 'training', id: trainingId }, voucherFileIds: [file] })));
      expect(entry).toMatchObject({ amountVnd: 3_000_000, voucherNo: 'PC-012', link: { kind: 'training', id: trainingId, label: expect.stringContaining('Tập huấn kỹ năng số') } });
      expect(entry.voucherFiles).toHaveLength(1);
      // The voucher is read by budget readers, not by others.
      expect((await leader.get(`/api/attachments/${file}`)).status).toBe(200);
      expect((await culture.get(`/api/attachments/${file}`)).status).toBe(404);
    });

    it('records spending for a communication activity and a team month', async () => {
      const comm = ok(await economy.post('/api/budget/spending', spending({ lineId: lines.comm, spentOn: `${YEAR}-03-21`, amountVnd: 1_200_000, payee: 'Đài truyền thanh xã', voucherNo: 'PC-020', link: { kind: 'communication', id: activityId } })));
      expect(comm.link).toMatchObject({ kind: 'communication', label: expect.stringContaining('20/03/2025') });
      const team = ok(await economy.post('/api/budget/spending', spending({ lineId: lines.team, spentOn: `${YEAR}-02-28`, amountVnd: 300_000, payee: 'Tổ CNSCĐ Nà Pồng', voucherNo: 'PC-015', link: { kind: 'team_month', id: teamA.teamId, month: `${YEAR}-02` } })));
      expect(team.link).toMatchObject({ kind: 'team_month', month: `${YEAR}-02` });
    });

    it('records spending for an award decision of the commune, and refuses one of another commune', async () => {
      // The leader's decisions of two campaigns (the awards feature's own tests drive the flow).
      const account = (await t.database.db.selectFrom('accounts').select('id').where('username', '=', t.usernames.commune_leader).executeTakeFirstOrThrow()).id;
      const decisionOf = async (communeId: number, number: string) => {
        const campaign = uuidv7();
        const decision = uuidv7();
        await sql`INSERT INTO award_campaigns (id, commune_id, name, period_from, period_to, nominators, status)
          VALUES (${campaign}, ${communeId}, ${`Thi đua chuyển đổi số năm ${YEAR}`}, ${`${YEAR}-01-01`}, ${`${YEAR}-11-30`}, ${['culture_office']}, 'closed')`.execute(t.database.db);
        await sql`INSERT INTO award_decisions (id, campaign_id, number, decided_on, form, signer_name, signer_title, recorded_by)
          VALUES (${decision}, ${campaign}, ${number}, ${`${YEAR}-12-05`}, 'commune_certificate', 'Tô Văn Trường', 'Chủ tịch UBND xã', ${account})`.execute(t.database.db);
        return decision;
      };
      const ours = await decisionOf(t.org.commune, '245/QĐ-UBND');
      const theirs = await decisionOf(t.org.otherCommune, '99/QĐ-UBND');
      const options = ok(await economy.get(`/api/budget/link-options?orgUnitId=${t.org.commune}&year=${YEAR}`));
      expect(options.awards).toEqual([{ id: ours, label: `QĐ 245/QĐ-UBND (05/12/${YEAR}) - Thi đua chuyển đổi số năm ${YEAR}`, day: `${YEAR}-12-05` }]);
      const entry = ok(await economy.post('/api/budget/spending', spending({ lineId: lines.social, spentOn: `${YEAR}-12-06`, amountVnd: 600_000, payee: 'Cửa hàng văn phòng phẩm', voucherNo: 'PC-045', link: { kind: 'award', id: ours } })));
      expect(entry.link).toEqual({ kind: 'award', id: ours, month: null, label: `QĐ 245/QĐ-UBND (05/12/${YEAR}) - Thi đua chuyển đổi số năm ${YEAR}` });
      refused(await economy.post('/api/budget/spending', spending({ lineId: lines.social, spentOn: `${YEAR}-12-06`, amountVnd: 100_000, voucherNo: 'PC-046', link: { kind: 'award', id: theirs } })), 400, 'link', /quyết định khen thưởng không thuộc xã/);
      // Taken out again: the figures of the tests below leave it out.
      ok(await economy.delete(`/api/budget/spending/${entry.id}`));
    });

    it('refuses negative, fractional and zero amounts naming the field, and writes nothing', async () => {
      const before = await count('budget_spending');
      refused(await economy.post('/api/budget/spending', spending({ amountVnd: -500_000 })), 400, 'amountVnd', /Số tiền: Số tiền phải lớn hơn 0/);
      refused(await economy.post('/api/budget/spending', spending({ amountVnd: 150_000.75 })), 400, 'amountVnd', /Số tiền: Số tiền phải là số nguyên/);
      refused(await economy.post('/api/budget/spending', spending({ amountVnd: 0 })), 400, 'amountVnd', /lớn hơn 0/);
      refused(await economy.post('/api/budget/spending', spending({ spentOn: `${YEAR + 1}-01-02` })), 400, 'spentOn', /Ngày chi: phải trong năm 2025/);
      refused(await economy.post('/api/budget/spending', spending({ voucherNo: ' ' })), 400, 'voucherNo', /Số chứng từ/);
      refused(await economy.post('/api/budget/spending', spending({ link: { kind: 'training', id: otherTraining } })), 400, 'link', /không thuộc xã/);
      refused(await economy.post('/api/budget/spending', spending({ link: { kind: 'team_month', id: teamA.teamId, month: `${YEAR + 1}-02` } })), 400, 'link.month', /năm 2025/);
      // A voucher file another account uploaded: the whole entry is refused, nothing written.
      const foreign = await upload(culture);
      refused(await economy.post('/api/budget/spending', spending({ voucherFileIds: [foreign] })), 400, 'voucherFileIds.0', /tài khoản khác/);
      expect(await count('budget_spending')).toBe(before);
    });

    it('warns beyond the line’s remaining estimate and writes only once confirmed', async () => {
      const before = await count('budget_spending');
      // 10,000,000 estimate, 3,000,000 spent: 8,000,000 more goes 1,000,000 beyond.
      const body = spending({ amountVnd: 8_000_000, voucherNo: 'PC-030' });
      const error = refused(await economy.post('/api/budget/spending', body), 400, 'amountVnd', /Vượt dự toán.*còn 7\.000\.000 đ.*vượt.*1\.000\.000 đ/);
      expect(error.code).toBe('needs_confirmation');
      expect(await count('budget_spending')).toBe(before);
      ok(await economy.post('/api/budget/spending', { ...body, confirmOverrun: true }));
      const year = ok(await economy.get(`/api/budget?orgUnitId=${t.org.commune}&year=${YEAR}`));
      expect(year.lines.find((l: any) => l.id === lines.training)).toMatchObject({ spentVnd: 11_000_000, remainingVnd: -1_000_000 });
    });

    it('counts open commitments in what is left, and releases them as they are paid', async () => {
      const commitment = uuidv7();
      ok(await economy.post('/api/budget/commitments', { id: commitment, lineId: lines.social, committedOn: `${YEAR}-04-01`, amountVnd: 1_000_000, payee: 'Công ty in Tuyên Quang', description: 'Giấy khen' }));
      refused(await economy.post('/api/budget/commitments', { id: uuidv7(), lineId: lines.social, committedOn: `${YEAR}-04-02`, amountVnd: 600_000, payee: 'Cửa hàng' }), 400, 'amountVnd', /Vượt dự toán/);
      let view = ok(await economy.get(`/api/budget/lines/${lines.social}`));
      expect(view.line).toMatchObject({ committedVnd: 1_000_000, remainingVnd: 500_000 });
      ok(await economy.post('/api/budget/spending', spending({ lineId: lines.social, spentOn: `${YEAR}-04-20`, amountVnd: 1_000_000, payee: 'Công ty in Tuyên Quang', voucherNo: 'PC-041', commitmentId: commitment })));
      view = ok(await economy.get(`/api/budget/lines/${lines.social}`));
      expect(view.line).toMatchObject({ committedVnd: 0, spentVnd: 1_000_000, remainingVnd: 500_000 });
      expect(view.commitments[0]).toMatchObject({ amountVnd: 1_000_000, paidVnd: 1_000_000 });
    });

    it('edits and deletes an entry with its version, audited', async () => {
      const entry = ok(await economy.post('/api/budget/spending', spending({ lineId: lines.comm, amountVnd: 100_000, voucherNo: 'PC-050', spentOn: `${YEAR}-05-02` })));
      const changed = ok(await economy.request('PUT', `/api/budget/spending/${entry.id}`, { ...spending({ lineId: lines.comm, amountVnd: 150_000, voucherNo: 'PC-050', spentOn: `${YEAR}-05-02` }), id: undefined, version: entry.version }));
      expect(changed).toMatchObject({ amountVnd: 150_000, version: 2 });
      expect((await economy.request('PUT', `/api/budget/spending/${entry.id}`, { ...spending({ lineId: lines.comm }), id: undefined, version: 1 })).status).toBe(409);
      ok(await economy.delete(`/api/budget/spending/${entry.id}`));
      const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity', '=', 'budget_spending').where('entity_id', '=', entry.id).execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete', 'update']);
    });
  });

  describe('who sees what', () => {
    it('gives other offices and the province the totals only', async () => {
      const totals = ok(await culture.get(`/api/budget/totals?orgUnitId=${t.org.commune}&year=${YEAR}`));
      expect(totals.total.estimateVnd).toBe(10_000_000 + 6_500_000 + 2_000_000 + 1_500_000);
      expect(totals.byActivity.find((a: any) => a.activity === 'training')).toMatchObject({ spentVnd: 11_000_000 });
      expect(totals.bySource.map((s: any) => s.source)).toEqual(['commune', 'province', 'social']);
      ok(await viewer.get(`/api/budget/totals?orgUnitId=${t.org.commune}&year=${YEAR}`));
      for (const client of [culture, viewer]) {
        expect((await client.get(`/api/budget?orgUnitId=${t.org.commune}&year=${YEAR}`)).status).toBe(403);
        expect((await client.get(`/api/budget/spending?orgUnitId=${t.org.commune}&year=${YEAR}`)).status).toBe(403);
      }
      expect((await villageHead.get(`/api/budget/totals?orgUnitId=${t.org.commune}&year=${YEAR}`)).status).toBe(403);
      const list = ok(await leader.get(`/api/budget/spending?orgUnitId=${t.org.commune}&year=${YEAR}`));
      expect(list.total).toBe(5);
    });

    it('answers a commune outside the area as not found', async () => {
      expect((await economy.get(`/api/budget?orgUnitId=${t.org.otherCommune}&year=${YEAR}`)).status).toBe(400);
      const other = ok(await economy.get(`/api/budget/spending?orgUnitId=${t.org.commune}&year=${YEAR}`)).items[0];
      expect((await viewer.get(`/api/budget/spending/${other.id}`)).status).toBe(403);
    });
  });

  let sheet: any;

  describe('allowances', () => {

    it('builds no sheet before the province has set rates (none assumed)', async () => {
      const rates = ok(await economy.get(`/api/budget/allowance-rates?year=${YEAR}`));
      expect(rates.rates).toEqual([]);
      refused(await economy.post('/api/budget/allowance-sheets', { id: uuidv7(), orgUnitId: t.org.commune, year: YEAR, month: 3, lineId: lines.team }), 400, 'year', /chưa có mức chi/);
      expect(await count('allowance_sheets')).toBe(0);
    });

    it('lets the province admin set its rates per year; a commune may not', async () => {
      const body = { provinceId: t.org.province, year: YEAR, rates: [
        { basis: 'team_month', amountVnd: 300_000, legalBasis: 'NQ số 10/2024/NQ-HĐND' },
        { basis: 'person_day', amountVnd: 150_000, legalBasis: 'NQ số 10/2024/NQ-HĐND' },
      ] };
      expect((await economy.request('PUT', '/api/budget/allowance-rates', body)).status).toBe(403);
      refused(await admin.request('PUT', '/api/budget/allowance-rates', { ...body, rates: [{ basis: 'team_month', amountVnd: 2.5 }] }), 400, 'rates.0.amountVnd', /Số tiền phải là số nguyên/);
      const rates = ok(await admin.request('PUT', '/api/budget/allowance-rates', body));
      expect(rates.rates.map((r: any) => [r.basis, r.amountVnd])).toEqual([['team_month', 300_000], ['person_day', 150_000]]);
      expect(ok(await economy.get(`/api/budget/allowance-rates?year=${YEAR}`)).rates).toHaveLength(2);
    });

    it('computes the month from the teams and their recorded activity', async () => {
      refused(await economy.post('/api/budget/allowance-sheets', { id: uuidv7(), orgUnitId: t.org.commune, year: YEAR, month: 3, lineId: lines.training }), 400, 'lineId', /Hỗ trợ hoạt động/);
      sheet = ok(await economy.post('/api/budget/allowance-sheets', { id: uuidv7(), orgUnitId: t.org.commune, year: YEAR, month: 3, lineId: lines.team }));
      const row = (member: string | null, basis: string, team: string) => sheet.rows.find((r: any) => r.member === member && r.basis === basis && r.team === team);
      const a = `Tổ CNSCĐ ${t.org.villageA}`;
      const b = `Tổ CNSCĐ ${t.org.villageB}`;
      // Lan: 3 and 9 March (the corrected event of the 3rd is not counted twice); Tú: the 3rd; team B nothing.
      expect(row('Hoàng Thị Lan', 'person_day', a)).toMatchObject({ computedQty: 2, amountVnd: 300_000 });
      expect(row('Nông Văn Tú', 'person_day', a)).toMatchObject({ computedQty: 1, amountVnd: 150_000 });
      expect(row(null, 'team_month', a)).toMatchObject({ computedQty: 1, amountVnd: 300_000 });
      expect(row(null, 'team_month', b)).toMatchObject({ computedQty: 0, amountVnd: 0 });
      expect(sheet).toMatchObject({ status: 'draft', totalVnd: 750_000 });
      // February: the training attended counts as a day of activity.
      const feb = ok(await economy.post('/api/budget/allowance-sheets', { id: uuidv7(), orgUnitId: t.org.commune, year: YEAR, month: 2, lineId: lines.team }));
      expect(feb.rows.find((r: any) => r.member === 'Bàn Văn Ơn' && r.basis === 'person_day').computedQty).toBe(1);
      expect((await economy.post('/api/budget/allowance-sheets', { id: uuidv7(), orgUnitId: t.org.commune, year: YEAR, month: 3, lineId: lines.team })).status).toBe(409);
      ok(await economy.delete(`/api/budget/allowance-sheets/${feb.id}`));
    });

    it('is reviewed (a changed quantity needs its reason) before it is posted', async () => {
      refused(await economy.post(`/api/budget/allowance-sheets/${sheet.id}/post`, { version: sheet.version, spentOn: `${YEAR}-04-05`, voucherNo: 'PC-PC03' }), 400, 'version', /chưa soát xét/);
      const tu = sheet.rows.find((r: any) => r.member === 'Nông Văn Tú' && r.basis === 'person_day');
      refused(await economy.post(`/api/budget/allowance-sheets/${sheet.id}/review`, { version: sheet.version, rows: [{ seq: tu.seq, quantity: 2 }] }), 400, `rows.0.note`, /ghi lý do/);
      refused(await economy.post(`/api/budget/allowance-sheets/${sheet.id}/review`, { version: sheet.version, rows: [{ seq: tu.seq, quantity: -1 }] }), 400, `rows.0.quantity`, /không được âm/);
      sheet = ok(await economy.post(`/api/budget/allowance-sheets/${sheet.id}/review`, { version: sheet.version, rows: [{ seq: tu.seq, quantity: 2, note: 'Hỗ trợ tại nhà văn hóa ngày 15/3, sổ tay tổ ghi' }] }));
      expect(sheet).toMatchObject({ status: 'reviewed', totalVnd: 900_000 });
    });

    it('posts as spending per team linked to its month, warning beyond the estimate', async () => {
      const before = await count('budget_spending');
      // The line has 2,000,000, 300,000 spent: 900,000 fits.
      sheet = ok(await economy.post(`/api/budget/allowance-sheets/${sheet.id}/post`, { version: sheet.version, spentOn: `${YEAR}-04-05`, voucherNo: 'PC-PC03' }));
      expect(sheet).toMatchObject({ status: 'posted', spendingCount: 1 });
      expect(await count('budget_spending')).toBe(before + 1);
      const entries = ok(await economy.get(`/api/budget/spending?orgUnitId=${t.org.commune}&year=${YEAR}&lineId=${lines.team}`)).items;
      expect(entries.find((e: any) => e.allowanceSheetId === sheet.id)).toMatchObject({ amountVnd: 900_000, link: { kind: 'team_month', id: teamA.teamId, month: `${YEAR}-03` } });
      expect((await economy.post(`/api/budget/allowance-sheets/${sheet.id}/review`, { version: sheet.version, rows: [] })).status).toBe(409);
      // April: nothing recorded but the team rows; the line would go beyond with a higher rate.
      ok(await admin.request('PUT', '/api/budget/allowance-rates', { provinceId: t.org.province, year: YEAR, rates: [{ basis: 'member_month', amountVnd: 2_000_000, legalBasis: '' }] }));
      let april = ok(await economy.post('/api/budget/allowance-sheets', { id: uuidv7(), orgUnitId: t.org.commune, year: YEAR, month: 4, lineId: lines.team }));
      const lan = april.rows.find((r: any) => r.member === 'Hoàng Thị Lan' && r.basis === 'member_month');
      april = ok(await economy.post(`/api/budget/allowance-sheets/${april.id}/review`, { version: april.version, rows: [{ seq: lan.seq, quantity: 1, note: 'Trực điểm hỗ trợ tại UBND' }] }));
      const spentBefore = await count('budget_spending');
      refused(await economy.post(`/api/budget/allowance-sheets/${april.id}/post`, { version: april.version, spentOn: `${YEAR}-05-05`, voucherNo: 'PC-PC04' }), 400, 'version', /Vượt dự toán/);
      expect(await count('budget_spending')).toBe(spentBefore);
      expect(ok(await economy.get(`/api/budget/allowance-sheets/${april.id}`)).status).toBe('reviewed');
      sheet = april;
    });
  });

  describe('settlement', () => {
    it('refuses to settle while a sheet is not posted, then settles and freezes the year', async () => {
      refused(await economy.post('/api/budget/settle', { orgUnitId: t.org.commune, year: YEAR }), 400, 'year', /bảng phụ cấp chưa ghi chi \(tháng 04\)/);
      ok(await economy.delete(`/api/budget/allowance-sheets/${sheet.id}`));
      expect((await leader.post('/api/budget/settle', { orgUnitId: t.org.commune, year: YEAR })).status).toBe(403);
      const view = ok(await economy.post('/api/budget/settle', { orgUnitId: t.org.commune, year: YEAR, note: 'Đã đối chiếu với Kho bạc' }));
      expect(view.totals.settled).toBe(true);
      expect(view.can.manage).toBe(false);
    });

    it('refuses every edit of a settled year, naming the year', async () => {
      const before = await Promise.all(['budget_spending', 'budget_lines', 'budget_revisions', 'budget_commitments', 'allowance_sheets'].map(count));
      const entry = ok(await economy.get(`/api/budget/spending?orgUnitId=${t.org.commune}&year=${YEAR}`)).items[0];
      const lineView = ok(await economy.get(`/api/budget/lines/${lines.comm}`));
      for (const res of [
        await economy.post('/api/budget/spending', spending({ amountVnd: 1000, voucherNo: 'PC-999' })),
        await economy.request('PUT', `/api/budget/spending/${entry.id}`, { ...spending({ lineId: entry.line.id, spentOn: entry.spentOn }), id: undefined, version: entry.version }),
        await economy.delete(`/api/budget/spending/${entry.id}`),
        await economy.post('/api/budget/lines', line()),
        await economy.post(`/api/budget/lines/${lines.comm}/revisions`, { version: lineView.line.version, estimateVnd: 1, reason: 'x' }),
        await economy.request('PUT', `/api/budget/lines/${lines.comm}`, { version: lineView.line.version, activity: 'other', source: 'commune', name: 'x' }),
        await economy.post('/api/budget/commitments', { id: uuidv7(), lineId: lines.comm, committedOn: `${YEAR}-06-01`, amountVnd: 1000, payee: 'x' }),
        await economy.post('/api/budget/allowance-sheets', { id: uuidv7(), orgUnitId: t.org.commune, year: YEAR, month: 5, lineId: lines.team }),
        await economy.post('/api/budget/settle', { orgUnitId: t.org.commune, year: YEAR }),
      ]) {
        refused(res, 409, 'year', /Năm: kinh phí năm 2025 đã quyết toán/);
      }
      expect(await Promise.all(['budget_spending', 'budget_lines', 'budget_revisions', 'budget_commitments', 'allowance_sheets'].map(count))).toEqual(before);
    });

    it('downloads the settlement as .xlsx: estimate vs spent by line and source, and the vouchers', async () => {
      const res = await download(leader, 'xlsx');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain('quyet-toan');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const main = book.getWorksheet('Quyết toán')!;
      const values = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().filter(Boolean).map((r: any) => r.slice(1));
      const rows = values(main);
      expect(rows.find((r: any[]) => r[1] === 'Ngân sách tỉnh hỗ trợ')).toEqual([undefined, 'Ngân sách tỉnh hỗ trợ', undefined, undefined, 7_000_000, 8_500_000, 2_400_000, 0, 6_100_000].slice(0, 9));
      expect(rows.find((r: any[]) => r[1] === 'Tổng cộng').slice(4)).toEqual([18_500_000, 20_000_000, 14_400_000, 0, 5_600_000]);
      const vouchers = values(book.getWorksheet('Chứng từ')!);
      expect(vouchers.filter((r: any[]) => typeof r[0] === 'number')).toHaveLength(6);
      expect(vouchers.find((r: any[]) => r[2] === 'PC-012')).toEqual(expect.arrayContaining([expect.stringContaining('Tập huấn kỹ năng số'), 3_000_000, 1]));
      expect((await download(culture, 'xlsx')).statusCode).toBe(403);
    });

    it('downloads the settlement report as .docx in the decree layout with the vouchers in its appendix', async () => {
      const res = await download(economy, 'docx');
      expect(res.statusCode).toBe(200);
      const zip = await JSZip.loadAsync(res.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
      for (const phrase of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'BÁO CÁO', 'Quyết toán kinh phí hoạt động của Tổ Công nghệ số cộng đồng', 'I. DỰ TOÁN KINH PHÍ ĐƯỢC GIAO',
        'Ngân sách tỉnh hỗ trợ', '20.000.000', '14.400.000', 'PC-PC03', 'DANH SÁCH CHỨNG TỪ CHI NĂM 2025', 'Nơi nhận:']) {
        expect(text).toContain(phrase);
      }
      expect(xml).toMatch(/w:orient="landscape"/);
    });
  });
});
