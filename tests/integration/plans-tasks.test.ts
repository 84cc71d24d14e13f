// The year's plan and the offices' tasks through HTTP on both engines: a plan drafted,
// approved by the leader only (numbered, its targets the commune's), "Lập kế hoạch năm sau"
// (tasks a year on, targets never under the level reached), tasks with due dates and repeats
// and their occurrences, progress with evidence (wrong kinds refused naming the field, nothing
// half-written), the village's monthly report task done by the report's submission, ad-hoc
// requests with their document, the landing page's items, the board, the province overview
// and the plan's .docx.
import JSZip from 'jszip';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../src/shared/calendar.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { action, event } from '../support/field-fixtures.ts';

const today = todayInVietnam();
const Y = Number(today.slice(0, 4));
const lastMonth = Number(today.slice(5, 7)) === 1 ? { year: Y - 1, month: 12 } : { year: Y, month: Number(today.slice(5, 7)) - 1 };

describeEachEngine('plans and tasks', (engine) => {
  let t: TestApp;
  let officer: Client; // Phòng VH-XH
  let leader: Client;
  let economy: Client;
  let head: Client; // trưởng thôn, village A
  let viewer: Client; // Sở KH&CN
  let plan: any;

  const ok = (res: { status: number; body: any }, status = 200) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const count = async (table: 'plans' | 'tasks' | 'task_occurrences' | 'task_events' | 'plan_targets') =>
    (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n;
  const planBody = (extra: Record<string, unknown> = {}) => ({
    id: uuidv7(), orgUnitId: t.org.commune, year: Y, title: `Hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn xã Bạch Ngọc năm ${Y}`,
    implements: [`Công văn số 120/SKH-CN-CĐS ngày 15/01/${Y} của Sở Khoa học và Công nghệ tỉnh Tuyên Quang`],
    purposeText: 'Phổ cập kỹ năng số cơ bản cho người dân.', requirementsText: 'Bám sát văn bản chỉ đạo.', generalGoalText: 'Đưa nền tảng số đến người dân.',
    contentText: `1. Tiếp tục kiện toàn Tổ CNSCĐ năm ${Y}.`, targets: [{ code: 'KNS', targetPercent: 70 }, { code: 'DD', targetPercent: 100 }], ...extra,
  });
  const task = (extra: Record<string, unknown> = {}) => ({
    id: uuidv7(), planId: plan.id, title: 'Tham mưu bố trí kinh phí thực hiện Kế hoạch', responsible: 'economy_office', dueOn: `${Y}-02-28`, ...extra,
  });
  async function upload(client: Client, body: Buffer, type: string) {
    const id = uuidv7();
    const res = await t.app.inject({ method: 'PUT', url: `/api/attachments/${id}?fileName=cong-van.pdf`, payload: body, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf, 'content-type': type } });
    expect(res.statusCode, res.body).toBe(200);
    return id;
  }
  const pdf = () => Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF ${uuidv7()}\n`);
  const occurrencesOf = async (taskId: string) =>
    t.database.db.selectFrom('task_occurrences').selectAll().where('task_id', '=', taskId).orderBy('due_on').orderBy('village_id').execute();

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, leader, economy, head, viewer] = await Promise.all([
      t.login(t.usernames.culture_office), t.login(t.usernames.commune_leader), t.login(t.usernames.economy_office),
      t.login(t.usernames.village_head), t.login(t.usernames.province_viewer),
    ]);
    // Of the village's two adults one reaches VNeID level 2 this year: DD stands at 50 %.
    const h = await makeHousehold(t, t.org.villageA, [{ fullName: 'Lò Văn An', sex: 'male', birthYear: 1980 }, { fullName: 'Lò Thị Bích', birthYear: 1985 }]);
    const res = await officer.post('/api/support-events', event(h.householdId, [action(h.personIds[0], 'activate_vneid_level2')], { eventDate: `${Y}-03-10` }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
  afterAll(async () => { await t.close(); });

  describe('the plan', () => {
    it('is drafted by Phòng VH-XH and read by the commune and its villages, not by another commune', async () => {
      plan = ok(await officer.post('/api/plans', planBody()));
      expect(plan).toMatchObject({ year: Y, status: 'draft', number: null, canEdit: true, canApprove: false, canDraftNext: false, tasks: 0 });
      expect(plan.targets.find((x: any) => x.code === 'KNS')).toMatchObject({ target: 70 });
      expect(plan.targets.find((x: any) => x.code === 'NH')).toMatchObject({ target: null });
      ok(await head.get(`/api/plans/${plan.id}`));
      expect((await economy.post('/api/plans', planBody())).status).toBe(403);
      const again = await officer.post('/api/plans', planBody());
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain(`đã có kế hoạch năm ${Y}`);
    });

    it('refuses a plan for a village, naming the unit, and writes nothing', async () => {
      const before = await count('plans');
      const res = await officer.post('/api/plans', planBody({ orgUnitId: t.org.villageA, year: Y + 1 }));
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('orgUnitId');
      expect(res.body.error.message).toMatch(/không phải xã/);
      expect(await count('plans')).toBe(before);
    });
  });

  describe('tasks', () => {
    it('refuses a task due before its plan\'s year, naming the field, and writes nothing', async () => {
      const before = await Promise.all([count('tasks'), count('task_occurrences'), count('task_events')]);
      const res = await officer.post('/api/tasks', task({ dueOn: `${Y - 1}-12-31` }));
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('dueOn');
      expect(res.body.error.message).toBe(`Hạn hoàn thành: ngày 31/12/${Y - 1} trước năm ${Y} của kế hoạch.`);
      expect(await Promise.all([count('tasks'), count('task_occurrences'), count('task_events')])).toEqual(before);
      const both = await officer.post('/api/tasks', task({ repeat: { kind: 'monthly', day: 5 } }));
      expect(both.status).toBe(400);
      expect(both.body.error.fields[0].path).toBe('repeat');
      const neither = await officer.post('/api/tasks', task({ dueOn: null }));
      expect(neither.body.error.fields[0]).toMatchObject({ path: 'dueOn' });
      expect(neither.body.error.message).toContain('Hạn hoàn thành');
    });

    it('makes one occurrence for a due date, twelve for a monthly repeat, one per village for every village head', async () => {
      const once = ok(await officer.post('/api/tasks', task({ evidenceExpected: 'file' })));
      expect(once).toMatchObject({ clause: 'IV.2', occurrences: 1 });
      const monthly = ok(await officer.post('/api/tasks', task({ responsible: 'public_service_center', title: 'Đăng tin, bài về Tổ CNSCĐ', dueOn: null, repeat: { kind: 'monthly', day: 5 }, evidenceExpected: 'link' })));
      const occ = await occurrencesOf(monthly.id);
      expect(occ).toHaveLength(12);
      expect(occ[0]).toMatchObject({ period_start: `${Y}-01-01`, period_end: `${Y}-01-31`, due_on: `${Y}-02-05` });
      expect(occ[11]).toMatchObject({ period_start: `${Y}-12-01`, due_on: `${Y + 1}-01-05` });
      const reports = ok(await officer.post('/api/tasks', task({
        responsible: 'village_head', title: 'Báo cáo tình hình hoạt động Tổ CNSCĐ hằng tháng', dueOn: null, repeat: { kind: 'monthly', day: 3 }, completesWith: 'village_monthly',
      })));
      expect(reports).toMatchObject({ occurrences: 24, evidenceExpected: 'report', clause: 'IV.7' });
      const quarterly = ok(await officer.post('/api/tasks', task({ responsible: 'service_center', title: 'Tổng hợp vướng mắc', dueOn: null, repeat: { kind: 'quarterly', day: 10 } })));
      expect((await occurrencesOf(quarterly.id)).map((o) => o.due_on)).toEqual([`${Y}-04-10`, `${Y}-07-10`, `${Y}-10-10`, `${Y + 1}-01-10`]);
    });

    it('refuses task setting to offices that only carry them out', async () => {
      expect((await economy.post('/api/tasks', task())).status).toBe(403);
      expect((await head.post('/api/tasks', task())).status).toBe(403);
    });

    it('lists each office its own tasks, late first, and the village head their village\'s', async () => {
      const mine = ok(await economy.get(`/api/tasks?year=${Y}`));
      expect(mine.items.length).toBeGreaterThan(0);
      expect(mine.items.every((i: any) => i.responsible === 'economy_office')).toBe(true);
      expect(mine.items[0]).toMatchObject({ shown: 'overdue', status: 'todo', unitLabel: 'Phòng Kinh tế' });
      const village = ok(await head.get(`/api/tasks?year=${Y}`));
      expect(village.total).toBe(12);
      expect(village.items.every((i: any) => i.village?.id === t.org.villageA && i.unitLabel === 'Trưởng thôn Nà Pồng')).toBe(true);
      const all = ok(await officer.get(`/api/tasks?year=${Y}&pageSize=500`));
      expect(all.total).toBe(1 + 12 + 24 + 4);
      const overdue = ok(await officer.get(`/api/tasks?year=${Y}&status=overdue&pageSize=500`));
      expect(overdue.items.every((i: any) => i.shown === 'overdue' && i.dueOn < today)).toBe(true);
    });
  });

  describe('progress and evidence', () => {
    let funding: any;
    let article: any;
    beforeAll(async () => {
      funding = ok(await economy.get(`/api/tasks?year=${Y}`)).items[0];
      article = ok(await officer.get(`/api/tasks?year=${Y}&responsible=public_service_center`)).items[0];
    });

    it('refuses evidence of the wrong kind naming the field, and writes nothing', async () => {
      const before = await Promise.all([count('task_events')]);
      const link = await economy.request('PUT', `/api/tasks/occurrences/${funding.id}/progress`, { version: funding.version, status: 'done', evidence: { kind: 'link', url: 'https://example.vn/du-toan' } });
      expect(link.status).toBe(400);
      expect(link.body.error.fields[0].path).toBe('evidence.kind');
      expect(link.body.error.message).toBe('Minh chứng: nhiệm vụ này cần minh chứng là tệp đính kèm, không phải đường dẫn.');
      const none = await economy.request('PUT', `/api/tasks/occurrences/${funding.id}/progress`, { version: funding.version, status: 'done' });
      expect(none.status).toBe(400);
      expect(none.body.error.fields[0].path).toBe('evidence');
      const bad = await economy.request('PUT', `/api/tasks/occurrences/${funding.id}/progress`, { version: funding.version, status: 'done', evidence: { kind: 'link', url: 'ftp://x' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('Đường dẫn');
      expect(await Promise.all([count('task_events')])).toEqual(before);
      const row = (await occurrencesOf(funding.taskId))[0];
      expect(row).toMatchObject({ status: 'todo', version: 1, evidence_kind: null });
    });

    it('refuses a record that is of another kind than said', async () => {
      const res = await officer.request('PUT', `/api/tasks/occurrences/${article.id}/progress`, { version: article.version, status: 'done', evidence: { kind: 'link', url: 'https://bachngoc.gov.vn/tin/1' } });
      ok(res);
      const reportTask = ok(await officer.get(`/api/tasks?year=${Y}&responsible=village_head&pageSize=1`)).items[0];
      const training = uuidv7();
      await t.database.db.insertInto('trainings').values({ id: training, org_unit_id: t.org.commune, title: 'Tập huấn', topics: ['policy'], method: 'in_person', starts_at: new Date(`${Y}-02-12T08:00:00+07:00`), ends_at: new Date(`${Y}-02-12T11:00:00+07:00`) }).execute();
      const wrong = await officer.request('PUT', `/api/tasks/occurrences/${reportTask.id}/progress`, { version: reportTask.version, status: 'done', evidence: { kind: 'report', recordId: training } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.fields[0].path).toBe('evidence.kind');
      expect(wrong.body.error.message).toBe('Minh chứng: bản ghi đã chọn là lớp tập huấn trong hệ thống, không phải báo cáo trong hệ thống.');
    });

    it('lets only the unit\'s own people (and Phòng VH-XH, the leader) move it; keeps a history of every change', async () => {
      expect((await head.request('PUT', `/api/tasks/occurrences/${funding.id}/progress`, { version: 1, status: 'doing' })).status).toBe(404);
      const other = await t.login(t.usernames.youth_union);
      expect((await other.request('PUT', `/api/tasks/occurrences/${funding.id}/progress`, { version: 1, status: 'doing' })).status).toBe(403);
      const doing = ok(await economy.request('PUT', `/api/tasks/occurrences/${funding.id}/progress`, { version: 1, status: 'doing', note: 'Đang lập dự toán' }));
      expect(doing).toMatchObject({ status: 'doing', shown: 'overdue', version: 2 });
      const stale = await economy.request('PUT', `/api/tasks/occurrences/${funding.id}/progress`, { version: 1, status: 'done' });
      expect(stale.status).toBe(409);
      const file = await upload(economy, pdf(), 'application/pdf');
      const done = ok(await economy.request('PUT', `/api/tasks/occurrences/${funding.id}/progress`, { version: 2, status: 'done', evidence: { kind: 'file', attachmentId: file } }));
      expect(done).toMatchObject({ status: 'done', shown: 'done', doneOn: today, doneLate: true, evidence: { kind: 'file', href: `/api/attachments/${file}` } });
      expect(done.history.map((h: any) => h.action)).toEqual(['created', 'progress', 'progress']);
      expect(done.history[2].text).toContain('Đang làm → Hoàn thành');
      const fetched = await t.app.inject({ method: 'GET', url: `/api/attachments/${file}`, headers: { cookie: officer.cookie } });
      expect(fetched.statusCode).toBe(200);
      const audit = await t.database.db.selectFrom('audit_log').select(['action']).where('entity', '=', 'task_occurrence').where('entity_id', '=', funding.id).execute();
      expect(audit).toHaveLength(2);
    });
  });

  describe('the village\'s monthly report task', () => {
    it('completes itself when the village head submits the report, in the same transaction', async () => {
      const before = ok(await head.get(`/api/tasks?year=${lastMonth.year}&month=${lastMonth.month}`)).items.find((i: any) => i.completesWith === 'village_monthly');
      expect(before).toMatchObject({ status: 'todo' });
      const report = ok(await head.post('/api/reports/open', { kind: 'village_monthly', orgUnitId: t.org.villageA, year: lastMonth.year, month: lastMonth.month }));
      ok(await head.post(`/api/reports/${report.id}/submit`, { version: report.version }));
      const after = ok(await head.get(`/api/tasks/occurrences/${before.id}`));
      expect(after).toMatchObject({ status: 'done', doneOn: today, evidence: { kind: 'report', href: `/bao-cao/${report.id}` } });
      expect(after.history.at(-1)).toMatchObject({ action: 'auto_completed', toStatus: 'done' });
      // Village B's occurrence of the same month is not touched.
      const mine = await t.database.db.selectFrom('task_occurrences').select(['period_start']).where('id', '=', before.id).executeTakeFirstOrThrow();
      const b = await t.database.db.selectFrom('task_occurrences').select('status').where('task_id', '=', before.taskId).where('village_id', '=', t.org.villageB)
        .where('period_start', '=', mine.period_start!).executeTakeFirstOrThrow();
      expect(b.status).toBe('todo');
      // Returned for correction, the task is under way again; sent again, done again.
      const submitted = ok(await head.get(`/api/reports/${report.id}`));
      ok(await officer.post(`/api/reports/${report.id}/return`, { version: submitted.version, comment: 'Bổ sung số hộ chưa có điện thoại thông minh.' }));
      expect(ok(await head.get(`/api/tasks/occurrences/${before.id}`))).toMatchObject({ status: 'doing', doneOn: null, evidence: { kind: 'report' } });
      const returned = ok(await head.get(`/api/reports/${report.id}`));
      ok(await head.post(`/api/reports/${report.id}/submit`, { version: returned.version }));
      const again = ok(await head.get(`/api/tasks/occurrences/${before.id}`));
      expect(again).toMatchObject({ status: 'done', doneOn: today });
      expect(again.history.map((h: any) => h.action).slice(-3)).toEqual(['auto_completed', 'auto_reopened', 'auto_completed']);
    });
  });

  describe('ad-hoc requests', () => {
    it('become a task with the document attached; no document, no task', async () => {
      const before = await count('tasks');
      const none = await officer.post('/api/tasks/adhoc', { id: uuidv7(), orgUnitId: t.org.commune, title: 'Báo cáo nhanh số hộ có VNeID', sourceDocument: 'Công văn 250/SKH-CN', responsible: 'culture_office', dueOn: addDays(today, 5), documentIds: [] });
      expect(none.status).toBe(400);
      expect(none.body.error.fields[0].path).toBe('documentIds');
      expect(await count('tasks')).toBe(before);
      const doc = await upload(officer, pdf(), 'application/pdf');
      const adhoc = ok(await officer.post('/api/tasks/adhoc', { id: uuidv7(), orgUnitId: t.org.commune, title: 'Báo cáo nhanh số hộ có VNeID', sourceDocument: `Công văn số 250/SKH-CN ngày 01/12/${Y}`, responsible: 'culture_office', dueOn: addDays(today, 5), documentIds: [doc] }));
      expect(adhoc).toMatchObject({ adhoc: true, clause: 'Đột xuất', planId: plan.id, sourceDocument: `Công văn số 250/SKH-CN ngày 01/12/${Y}`, documents: [{ id: doc }] });
    });
  });

  describe('what each role sees', () => {
    it('puts each office\'s due and overdue tasks on its landing page, and other units\' overdue ones on Phòng VH-XH\'s', async () => {
      const mine = ok(await t.login(t.usernames.service_center).then((c) => c.get('/api/todos')));
      expect(mine.items.filter((i: any) => i.kind === 'task_due').length).toBeGreaterThan(0);
      const office = ok(await officer.get('/api/todos'));
      const late = office.items.filter((i: any) => i.kind === 'tasks_overdue');
      expect(late.map((i: any) => i.key)).toContain('tasks-overdue:service_center');
      expect(late.every((i: any) => i.late)).toBe(true);
      expect(office.items.some((i: any) => i.kind === 'task_due' && i.title.includes('Báo cáo nhanh'))).toBe(true);
    });

    it('gives Phòng VH-XH the board by unit and month, and refuses it to an office', async () => {
      const board = ok(await officer.get(`/api/tasks/board?year=${Y}`));
      const village = board.rows.find((r: any) => r.village?.id === t.org.villageA);
      expect(village.months[lastMonth.month - 1]).toMatchObject({ total: 1, done: 1 });
      expect(village.total.total).toBe(12);
      expect(board.rows[0].responsible).toBe('culture_office');
      expect((await economy.get(`/api/tasks/board?year=${Y}`)).status).toBe(403);
    });

    it('gives the province by commune the reports and tasks expected, done and on time', async () => {
      const overview = ok(await viewer.get(`/api/tasks/overview?year=${Y}`));
      const row = overview.rows.find((r: any) => r.orgUnitId === t.org.commune);
      const due = await sql<{ n: number }>`SELECT count(*)::int AS n FROM task_occurrences WHERE due_on <= ${today}`.execute(t.database.db);
      expect(row.tasks.expected).toBe(due.rows[0].n);
      expect(row.tasks.done).toBeGreaterThanOrEqual(2);
      expect(row.reports.done).toBe(1);
      expect(row.reports.expected).toBeGreaterThan(row.reports.done);
      expect(overview.rows.find((r: any) => r.orgUnitId === t.org.otherCommune).tasks).toEqual({ expected: 0, done: 0, onTime: 0 });
    });
  });

  describe('approval, next year and the document', () => {
    it('is approved by the commune leader only: numbered, its targets the commune\'s', async () => {
      expect((await officer.post(`/api/plans/${plan.id}/approve`, { version: plan.version })).status).toBe(403);
      const approved = ok(await leader.post(`/api/plans/${plan.id}/approve`, { version: plan.version }));
      expect(approved).toMatchObject({ status: 'approved', number: '01/KH-UBND', issuedOn: today, signerName: 'Người dùng commune_leader', canEdit: false });
      const targets = ok(await officer.get(`/api/targets?orgUnitId=${t.org.commune}&year=${Y}`));
      expect(targets.units[0].targets.find((x: any) => x.code === 'KNS')).toMatchObject({ own: 70 });
      const edit = await officer.request('PUT', `/api/plans/${plan.id}`, { version: approved.version, ...planBody(), id: undefined, orgUnitId: undefined, year: undefined });
      expect(edit.status).toBe(409);
    });

    let draft: any;
    it('drafts next year from this one: tasks a year on, targets never under the level reached', async () => {
      draft = ok(await leader.post(`/api/plans/${plan.id}/next-year`, { id: uuidv7() }));
      expect(draft).toMatchObject({ year: Y + 1, status: 'draft', draftedFrom: { id: plan.id, year: Y }, canApprove: true, canEdit: true });
      expect(draft.title).toBe(`Hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn xã Bạch Ngọc năm ${Y + 1}`);
      expect(draft.contentText).toContain(`năm ${Y + 1}`);
      expect(draft.tasks).toBe(4); // the ad-hoc request stays in its year
      expect(draft.targets.find((x: any) => x.code === 'DD')).toMatchObject({ floor: 50, target: 100 });
      expect(draft.targets.find((x: any) => x.code === 'KNS')).toMatchObject({ floor: 0, target: 70 });
      const tasks = await t.database.db.selectFrom('tasks').select(['title', 'due_on', 'repeat', 'responsible']).where('plan_id', '=', draft.id).orderBy('sort').execute();
      expect(tasks[0]).toMatchObject({ responsible: 'economy_office', due_on: `${Y + 1}-02-28` });
      expect(await sql<{ n: number }>`SELECT count(*)::int AS n FROM task_occurrences o JOIN tasks t ON t.id = o.task_id WHERE t.plan_id = ${draft.id} AND o.due_on < ${`${Y + 1}-01-01`}`.execute(t.database.db).then((r) => r.rows[0].n)).toBe(0);
      const again = await leader.post(`/api/plans/${plan.id}/next-year`, { id: uuidv7() });
      expect(again.status).toBe(409);
    });

    it('refuses a target under last year\'s level, naming it, and keeps the draft as it was', async () => {
      const body = {
        version: draft.version, title: draft.title, implements: draft.implements, purposeText: draft.purposeText, requirementsText: draft.requirementsText,
        generalGoalText: draft.generalGoalText, contentText: draft.contentText, targets: [{ code: 'KNS', targetPercent: 75 }, { code: 'DD', targetPercent: 40 }],
      };
      const res = await officer.request('PUT', `/api/plans/${draft.id}`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('targets.1.targetPercent');
      expect(res.body.error.message).toBe(`Chỉ tiêu DD: 40% thấp hơn mức đã đạt năm ${Y} (50%).`);
      const kept = ok(await officer.get(`/api/plans/${draft.id}`));
      expect(kept.version).toBe(draft.version);
      expect(kept.targets.find((x: any) => x.code === 'KNS').target).toBe(70);
      const saved = ok(await officer.request('PUT', `/api/plans/${draft.id}`, { ...body, targets: [{ code: 'KNS', targetPercent: 75 }, { code: 'DD', targetPercent: 100 }] }));
      expect(saved.targets.find((x: any) => x.code === 'KNS').target).toBe(75);
      expect(saved.targets.find((x: any) => x.code === 'HS').target).toBeNull();
      const approved = ok(await leader.post(`/api/plans/${draft.id}/approve`, { version: saved.version }));
      expect(approved).toMatchObject({ status: 'approved', number: '02/KH-UBND' });
    });

    it('drafts next year only from an approved plan', async () => {
      const third = ok(await officer.post('/api/plans', planBody({ year: Y - 1, title: `Kế hoạch năm ${Y - 1}` })));
      expect(third.canDraftNext).toBe(false);
      const res = await officer.post(`/api/plans/${third.id}/next-year`, { id: uuidv7() });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(`Kế hoạch năm ${Y - 1} chưa được phê duyệt: lập kế hoạch năm ${Y} từ kế hoạch đã phê duyệt.`);
    });

    it('prints as a .docx in the decree\'s layout: KẾ HOẠCH, its number, sections I–IV from the data', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/plans/${draft.id}/docx`, headers: { cookie: head.cookie } });
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.headers['content-type']).toContain('wordprocessingml');
      expect(String(res.headers['content-disposition'])).toContain(`ke-hoach-nam-${Y + 1}`);
      const xml = await (await JSZip.loadAsync(res.rawPayload)).file('word/document.xml')!.async('string');
      const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
      for (const expected of ['KẾ HOẠCH', 'Số: 02/KH-UBND', 'MỤC ĐÍCH, YÊU CẦU', 'MỤC TIÊU CHUNG, MỤC TIÊU CỤ THỂ', 'NỘI DUNG TRIỂN KHAI', 'TỔ CHỨC THỰC HIỆN', 'Kinh phí: theo dự toán của Phòng Kinh tế.', 'Phòng Kinh tế', 'Trưởng các thôn', 'Người dùng commune_leader']) {
        expect(text, expected).toContain(expected);
      }
      expect(text).toContain(`Thực hiện Công văn số 120/SKH-CN-CĐS ngày 15/01/${Y}`);
      expect(text).toContain(`hoàn thành trước ngày 28/02/${Y + 1}`);
    });
  });
});
