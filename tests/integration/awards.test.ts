// Emulation and awards through HTTP on both engines, on the demo commune (seeded as of
// 8 December 2026): the candidates of each title equal an independent computation of its rule
// from the registry's rows; evidence is frozen with a proposal and recomputing says what
// changed; nominations by area, the council, the decision, duplicates refused, revocation;
// every bad input refused with a Vietnamese message naming its field, nothing half-written.
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-accounts.ts';
import { DEMO_RULES } from '../../src/demo/seed-awards.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import type { AwardTitle, Condition } from '../../src/shared/awards.ts';
import { PLAN_TARGETS } from '../../src/shared/indicators.ts';
import { Client } from '../support/test-app.ts';
import { decreeLayoutProblems } from '../support/docx-checks.ts';
import { type TestDatabase, createTestDatabase, describeEachEngine } from '../support/test-database.ts';

const TODAY = '2026-12-08';
const FROM = '2026-01-01';
const AS_OF = '2026-11-30';

// ---- The independent computation: the rule applied in JavaScript to rows read plainly ----

type Figures = Record<string, number | boolean | null>;

function passes(conditions: readonly Condition[], combine: 'all' | 'any', f: Figures): boolean {
  const one = (c: Condition) => {
    const v = f[c.figure];
    if (v === null || v === undefined) return false;
    if (c.op === 'is') return v === c.value;
    if (c.op === '>=') return Number(v) >= Number(c.value);
    if (c.op === '<=') return Number(v) <= Number(c.value);
    return Number(v) === Number(c.value);
  };
  return combine === 'all' ? conditions.every(one) : conditions.some(one);
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const minus16 = (d: string, years: number) => `${Number(d.slice(0, 4)) - years}${d.slice(4)}`;
const on = (date: string | null, asOf: string) => date !== null && date <= asOf;

async function independentFigures(db: TestDatabase['db'], communeId: number) {
  const q = async <T,>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  const villages = await q(sql<{ id: number; name: string }>`SELECT id, name FROM org_units WHERE parent_id = ${communeId} AND level = 'village'`);
  const villageIds = villages.map((v) => v.id);
  const residentsAt = async (d: string) => q(sql<{ person_id: string; household_id: string; village_id: number }>`
    SELECT person_id, household_id, village_id FROM residences WHERE village_id = ANY (${villageIds}::int[]) AND from_date <= ${d}::date AND (to_date IS NULL OR to_date > ${d}::date)`);
  const people = new Map((await q(sql<{ id: string; birth_date: string | null; birth_year: number; full_name: string }>`SELECT id, birth_date, birth_year, full_name FROM people`)).map((p) => [p.id, p]));
  const status = new Map((await q(sql<Record<string, string | null> & { person_id: string }>`SELECT * FROM person_digital_status`)).map((s) => [s.person_id, s]));
  const households = new Map((await q(sql<{ id: string; no_capable_member: boolean }>`SELECT id, no_capable_member FROM households`)).map((h) => [h.id, h]));
  const informed = new Map((await q(sql<{ household_id: string; informed_on: string | null }>`SELECT household_id, informed_on FROM household_digital_status`)).map((h) => [h.household_id, h.informed_on]));
  const assignments = await q(sql<{ household_id: string; from_date: string; to_date: string | null }>`SELECT household_id, from_date, to_date FROM household_assignments`);
  const events = await q(sql<{ id: string; village_id: number; event_date: string; helper_member_ids: string[]; corrected: boolean }>`
    SELECT e.id, e.village_id, e.event_date, e.helper_member_ids, EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id) AS corrected FROM support_events e`);
  const effective = events.filter((e) => !e.corrected);
  const effectiveIds = new Set(effective.filter((e) => villageIds.includes(e.village_id) && e.event_date >= FROM && e.event_date <= AS_OF).map((e) => e.id));
  const procedures = new Map<string, number>();
  for (const a of await q(sql<{ event_id: string; person_id: string }>`SELECT event_id, person_id FROM support_actions WHERE action = 'submit_procedure' AND outcome = 'done'`)) {
    if (effectiveIds.has(a.event_id)) procedures.set(a.person_id, (procedures.get(a.person_id) ?? 0) + 1);
  }
  const birth = (id: string) => { const p = people.get(id)!; return p.birth_date ?? `${p.birth_year}-01-01`; };
  const st = (id: string, key: string, d: string) => on(status.get(id)?.[key] ?? null, d);

  // Citizens
  const residents = await residentsAt(AS_OF);
  const citizen = new Map<string, Figures>();
  for (const r of residents) {
    const b = birth(r.person_id);
    let age = Number(AS_OF.slice(0, 4)) - Number(b.slice(0, 4));
    if (AS_OF.slice(5) < b.slice(5)) age -= 1;
    citizen.set(r.person_id, {
      age, vneid_level2: st(r.person_id, 'vneid_level2_on', AS_OF), vneid_level1: st(r.person_id, 'vneid_level1_on', AS_OF),
      bank_account: st(r.person_id, 'bank_account_on', AS_OF), dvc_account: st(r.person_id, 'dvc_account_on', AS_OF),
      basic_skills: st(r.person_id, 'basic_skills_on', AS_OF), bdhvs_certified: st(r.person_id, 'bdhvs_certified_on', AS_OF),
      cashless_payment: st(r.person_id, 'cashless_payment_on', AS_OF), vssid: st(r.person_id, 'vssid_on', AS_OF),
      procedures: procedures.get(r.person_id) ?? 0,
    });
  }
  // Families
  const byHousehold = new Map<string, string[]>();
  for (const r of residents) byHousehold.set(r.household_id, [...(byHousehold.get(r.household_id) ?? []), r.person_id]);
  const family = new Map<string, Figures>();
  for (const [h, members] of byHousehold) {
    const m16 = members.filter((id) => birth(id) <= minus16(AS_OF, 16));
    const pct = (key: string) => (m16.length ? round1((100 * m16.filter((id) => st(id, key, AS_OF)).length) / m16.length) : 0);
    family.set(h, {
      members_16: m16.length, pct_16_vneid2: pct('vneid_level2_on'), pct_16_bank: pct('bank_account_on'),
      members_skills_dvc: members.filter((id) => st(id, 'basic_skills_on', AS_OF) && st(id, 'dvc_account_on', AS_OF)).length,
      members_cashless: members.filter((id) => st(id, 'cashless_payment_on', AS_OF)).length,
      household_informed: on(informed.get(h) ?? null, AS_OF),
    });
  }
  // Villages: the plan's indicators, written out again from their definitions (domain.md "Targets").
  const pctOf = (n: number, d: number) => (d > 0 ? round1((100 * n) / d) : null);
  async function indicators(d: string) {
    const rs = await residentsAt(d);
    const out = new Map<number, Record<string, number | null>>();
    for (const v of villageIds) {
      const here = rs.filter((r) => r.village_id === v);
      const age16 = here.filter((r) => birth(r.person_id) <= minus16(d, 16));
      const adults = here.filter((r) => birth(r.person_id) <= minus16(d, 18));
      const hh = [...new Set(here.map((r) => r.household_id))];
      const capable = (h: string) => here.some((r) => r.household_id === h && st(r.person_id, 'basic_skills_on', d) && st(r.person_id, 'vneid_level1_on', d) && st(r.person_id, 'dvc_account_on', d));
      const covered = (h: string) => households.get(h)!.no_capable_member && assignments.some((a) => a.household_id === h && a.from_date <= d && (a.to_date === null || a.to_date > d));
      out.set(v, {
        DD: pctOf(age16.filter((r) => st(r.person_id, 'vneid_level2_on', d)).length, age16.length),
        NH: pctOf(age16.filter((r) => st(r.person_id, 'bank_account_on', d)).length, age16.length),
        KNS: pctOf(adults.filter((r) => st(r.person_id, 'basic_skills_on', d)).length, adults.length),
        BDHVS: pctOf(adults.filter((r) => st(r.person_id, 'bdhvs_certified_on', d)).length, adults.length),
        TT: pctOf(hh.filter((h) => on(informed.get(h) ?? null, d)).length, hh.length),
        HGD: pctOf(hh.filter((h) => capable(h) || covered(h)).length, hh.length),
      });
    }
    return out;
  }
  const end = await indicators(AS_OF);
  const start = await indicators('2025-12-31');
  const progress = (v: number) => {
    const diffs = (['DD', 'NH', 'KNS', 'BDHVS'] as const).filter((c) => end.get(v)![c] !== null && start.get(v)![c] !== null).map((c) => end.get(v)![c]! - start.get(v)![c]!);
    return diffs.length ? round1(diffs.reduce((a, b) => a + b, 0) / diffs.length) : null;
  };
  const village = new Map<string, Figures>();
  for (const v of villageIds) {
    const e = end.get(v)!;
    village.set(String(v), { pct_DD: e.DD, pct_NH: e.NH, pct_KNS: e.KNS, pct_BDHVS: e.BDHVS, pct_TT: e.TT, pct_HGD: e.HGD, progress_pts: progress(v) });
  }
  // Teams
  const teams = await q(sql<{ id: string; village_id: number }>`SELECT id, village_id FROM teams WHERE village_id = ANY (${villageIds}::int[]) AND formed_on <= ${AS_OF}::date AND (ended_on IS NULL OR ended_on > ${AS_OF}::date)`);
  const members = await q(sql<{ id: string; team_id: string; joined_on: string; left_on: string | null }>`SELECT id, team_id, joined_on, left_on FROM team_members`);
  const attended = new Set((await q(sql<{ team_member_id: string }>`
    SELECT a.team_member_id FROM training_attendance a JOIN trainings t ON t.id = a.training_id
    WHERE t.status = 'held' AND (t.starts_at AT TIME ZONE 'UTC' + interval '7 hours')::date <= ${AS_OF}::date AND (a.status = 'present' OR a.completed)`)).map((a) => a.team_member_id));
  const team = new Map<string, Figures>();
  for (const t of teams) {
    const all = members.filter((m) => m.team_id === t.id);
    const active = all.filter((m) => m.joined_on <= AS_OF && (m.left_on === null || m.left_on > AS_OF));
    const ids = new Set(all.map((m) => m.id));
    const visits = effective.filter((e) => e.village_id === t.village_id && e.event_date >= FROM && e.event_date <= AS_OF && e.helper_member_ids.some((id) => ids.has(id))).length;
    team.set(t.id, {
      team_members: active.length,
      visits_per_member: active.length ? round1(visits / active.length) : null,
      pct_trained: active.length ? round1((100 * active.filter((m) => attended.has(m.id)).length) / active.length) : null,
      village_progress_pts: progress(t.village_id),
    });
  }
  return { citizen, family, village, team } satisfies Record<AwardTitle, Map<string, Figures>>;
}

// ---- The tests ----

describeEachEngine('emulation and awards', (engine) => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let office: Client; let leader: Client; let youth: Client; let head1: Client; let head2: Client;
  let communeId: number;
  let demoCampaign: any;

  async function login(username: string) {
    const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: username, password: DEMO_PASSWORD } });
    expect(response.statusCode, response.body).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'cnscd_session')!;
    const me = response.json();
    return new Client(app, `cnscd_session=${cookie.value}`, me.csrfToken, me);
  }
  const ok = (res: { status: number; body: any }, status = 200) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res.body;
  };
  const refused = (res: { status: number; body: any }, status: number, path: string, text: RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.fields?.[0]?.path, JSON.stringify(res.body)).toBe(path);
    expect(res.body.error.message).toMatch(text);
  };
  const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0].n;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    await seedDemo(database.db, { today: TODAY });
    app = await buildApp({ db: database.db, engine, config: { secureCookies: false, webDir: '/nonexistent', logLevel: 'warn', demo: true }, logger: false });
    await app.ready();
    [office, leader, youth, head1, head2] = await Promise.all(['vhxh', 'lanhdao', 'doan', 'truongthon1', 'truongthon2'].map(login));
    communeId = (office.me.orgUnit as { id: number }).id;
    demoCampaign = ok(await office.get('/api/awards/campaigns')).items[0];
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await database?.destroy();
  });

  it('the demo commune has a 2026 campaign ending on 30 November with candidates, nominations and a decision', async () => {
    expect(demoCampaign).toMatchObject({ periodFrom: '2026-01-01', periodTo: '2026-11-30', status: 'running' });
    expect(demoCampaign.titles.map((t: any) => t.award)).toEqual(['citizen', 'family', 'village', 'team']);
    for (const t of demoCampaign.titles) expect(t.candidates, t.award).toBeGreaterThan(0);
    const council = ok(await office.get(`/api/awards/campaigns/${demoCampaign.id}/council`));
    expect(council.meeting).toMatchObject({ heldOn: '2026-12-05', membersPresent: 6, membersTotal: 7 });
    expect(council.decisions).toEqual([expect.objectContaining({ number: '245/QĐ-UBND', form: 'commune_certificate' })]);
    const nominations = ok(await office.get(`/api/awards/campaigns/${demoCampaign.id}/nominations`)).items;
    expect(nominations.filter((n: any) => n.status === 'awarded').length).toBeGreaterThan(5);
    expect(nominations.some((n: any) => n.outsideCriteria && n.reason.length > 0)).toBe(true);
  });

  it('proposes exactly the subjects an independent computation of each rule finds, with the figures as evidence', async () => {
    const expected = await independentFigures(database.db, communeId);
    const answer = ok(await office.get(`/api/awards/campaigns/${demoCampaign.id}/candidates`));
    expect(answer.run.asOf).toBe(AS_OF);
    for (const award of ['citizen', 'family', 'village', 'team'] as const) {
      const rule = DEMO_RULES[award];
      const want = [...expected[award]].filter(([, f]) => passes(rule.conditions, rule.combine, f)).map(([id]) => id).sort();
      const got = answer.items.filter((c: any) => c.award === award).map((c: any) => c.subjectId).sort();
      expect(got.length, award).toBeGreaterThan(0);
      expect(got, award).toEqual(want);
      // Each condition's evidence is the figure the independent computation found.
      for (const c of answer.items.filter((x: any) => x.award === award).slice(0, 20)) {
        for (const e of c.evidence) {
          expect(e.passed, `${award} ${c.subjectName} ${e.figure}`).toBe(true);
          expect(e.actual, `${award} ${c.subjectName} ${e.figure}`).toEqual(expected[award].get(c.subjectId)![e.figure]);
        }
      }
    }
    // The village rule against the plan's targets: every village is below some 100 % target in its first year.
    expect(PLAN_TARGETS.DD).toBe(100);
  });

  it('refuses a rule naming an unknown figure, a figure of another title, or a threshold out of range', async () => {
    const before = await count('award_rules');
    refused(await office.post('/api/awards/rules', { award: 'citizen', combine: 'all', conditions: [{ figure: 'so_dien_thoai', op: 'is', value: true }] }), 400, 'conditions.0.figure', /Điều kiện 1: chỉ số "so_dien_thoai" không có trong hệ thống/);
    refused(await office.post('/api/awards/rules', { award: 'citizen', combine: 'all', conditions: [{ figure: 'pct_DD', op: '>=', value: 90 }] }), 400, 'conditions.0.figure', /không dùng cho danh hiệu Công dân số xuất sắc/);
    refused(await office.post('/api/awards/rules', { award: 'village', combine: 'all', conditions: [{ figure: 'pct_DD', op: '>=', value: 120 }] }), 400, 'conditions.0.value', /ngưỡng của .* phải từ 0 đến 100/);
    refused(await office.post('/api/awards/rules', { award: 'village', combine: 'cả hai', conditions: [{ figure: 'pct_DD', op: '>=', value: 90 }] }), 400, 'combine', /^Cách kết hợp điều kiện:/);
    refused(await head1.post('/api/awards/rules', { award: 'village', combine: 'all', conditions: [{ figure: 'pct_DD', op: '>=', value: 90 }] }), 403, undefined as never, /quyền/);
    expect(await count('award_rules')).toBe(before);
  });

  describe('a new campaign, start to revocation', () => {
    let campaign: any;
    let candidates: any[];

    it('freezes the rules when it starts: a later version does not change it', async () => {
      const rules = ok(await office.get('/api/awards/rules'));
      expect(rules.current.citizen.version).toBe(1);
      campaign = ok(await office.post('/api/awards/campaigns', {
        id: uuidv7(), communeId, name: 'Đợt thi đua cao điểm quý IV năm 2026', decisionNumber: '180/QĐ-UBND', decisionDate: '2026-09-25',
        periodFrom: '2026-10-01', periodTo: '2026-11-30', titles: [{ award: 'citizen', maxCount: 3 }, { award: 'village', maxCount: 1 }], nominators: ['village_head', 'youth_union'],
      }));
      expect(campaign.status).toBe('draft');
      campaign = ok(await office.post(`/api/awards/campaigns/${campaign.id}/start`, { version: campaign.version }));
      expect(campaign.titles[0].rule).toMatchObject({ version: 1, combine: 'all' });
      // Phòng VH-XH tightens the citizen rule afterwards: version 2, the campaign keeps version 1.
      const changed = ok(await office.post('/api/awards/rules', { ...DEMO_RULES.citizen, award: 'citizen', conditions: [...DEMO_RULES.citizen.conditions, { figure: 'vssid', op: 'is', value: true }] }));
      expect(changed.current.citizen.version).toBe(2);
      const again = ok(await office.get(`/api/awards/campaigns/${campaign.id}`));
      expect(again.titles[0].rule.version).toBe(1);
      expect(again.titles[0].rule.conditions).toHaveLength(DEMO_RULES.citizen.conditions.length);
      candidates = ok(await office.get(`/api/awards/campaigns/${campaign.id}/candidates`)).items;
      expect(candidates.length).toBeGreaterThan(0);
    });

    it('a village head nominates in their village only; outside the criteria needs a reason; one achievement once', async () => {
      const own = candidates.find((c) => c.award === 'citizen' && c.village.id === (head1.me.orgUnit as any).id);
      const other = candidates.find((c) => c.award === 'citizen' && c.village.id !== (head1.me.orgUnit as any).id);
      expect(own && other).toBeTruthy();
      const before = await count('award_nominations');
      refused(await head1.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'citizen', candidateId: other.id }), 400, 'candidateId', /ngoài thôn của bạn/);
      refused(await head1.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'citizen', subjectId: other.subjectId, reason: 'Tích cực' }), 400, 'subjectId', /ngoài thôn của bạn/);
      refused(await head1.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'family', candidateId: own.id }), 400, 'award', /không xét "Gia đình số tiêu biểu"/);
      const outsider = (await sql<{ id: string }>`SELECT id FROM people WHERE village_id = ${(head1.me.orgUnit as any).id} AND status = 'resident' AND id::text <> ALL (${candidates.map((c) => c.subjectId)}::text[]) ORDER BY id LIMIT 1`.execute(database.db)).rows[0];
      refused(await head1.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'citizen', subjectId: outsider.id }), 400, 'reason', /^Lý do: đề xuất ngoài tiêu chí phải nêu lý do/);
      expect(await count('award_nominations')).toBe(before);

      const n1 = ok(await head1.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'citizen', candidateId: own.id, achievement: 'Gương mẫu', publicConsent: true }));
      expect(n1).toMatchObject({ status: 'nominated', outsideCriteria: false, asOf: AS_OF });
      expect(n1.evidence).toEqual(own.evidence);
      const n2 = ok(await head1.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'citizen', subjectId: outsider.id, reason: 'Hướng dẫn nhiều người cao tuổi dùng VNeID' }));
      expect(n2).toMatchObject({ outsideCriteria: true, evidence: [], reason: 'Hướng dẫn nhiều người cao tuổi dùng VNeID' });
      // The same person for the same title again, by anyone: refused.
      refused(await youth.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'citizen', candidateId: own.id }), 409, 'candidateId', /một thành tích không khen thưởng hai lần/);
      // Phòng VH-XH is not among this campaign's nominators.
      const res = await office.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'citizen', candidateId: other.id });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/không nhận đề xuất của Phòng Văn hóa - Xã hội/);
      const village = candidates.find((c) => c.award === 'village');
      ok(await youth.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'village', candidateId: village.id }));
      // A village head sees their village's nominations only.
      const seen = ok(await head2.get(`/api/awards/campaigns/${campaign.id}/nominations`)).items;
      expect(seen.every((n: any) => n.village.id === (head2.me.orgUnit as any).id)).toBe(true);
    });

    it('keeps a proposal\'s evidence when the data change; recomputing is explicit and says what changed', async () => {
      const nominations = ok(await office.get(`/api/awards/campaigns/${campaign.id}/nominations`)).items;
      const n = nominations.find((x: any) => x.award === 'citizen' && !x.outsideCriteria);
      // The person's certification turns out to be recorded in error: the status loses it.
      await sql`UPDATE person_digital_status SET bdhvs_certified_on = NULL WHERE person_id = ${n.subjectId}::uuid`.execute(database.db);
      const still = ok(await office.get(`/api/awards/campaigns/${campaign.id}/candidates?award=citizen`));
      expect(still.items.some((c: any) => c.subjectId === n.subjectId)).toBe(true);
      const again = ok(await office.post(`/api/awards/campaigns/${campaign.id}/candidates/recompute`));
      expect(again.run.runNo).toBe(2);
      expect(again.run.changes.removed).toEqual([expect.objectContaining({ award: 'citizen', subjectId: n.subjectId })]);
      expect(again.items.some((c: any) => c.subjectId === n.subjectId)).toBe(false);
      const after = ok(await office.get(`/api/awards/campaigns/${campaign.id}/nominations`)).items.find((x: any) => x.id === n.id);
      expect(after.evidence).toEqual(n.evidence);
      expect(after.evidence.find((e: any) => e.figure === 'bdhvs_certified')).toMatchObject({ actual: true, passed: true });
    });

    it('the council votes (never more than those present) and chooses; the leader decides; a second award is refused; revocation keeps its reason', async () => {
      const nominations = ok(await office.get(`/api/awards/campaigns/${campaign.id}/nominations`)).items;
      const votes = nominations.map((n: any) => ({ nominationId: n.id, votesFor: 5, chosen: true }));
      const meeting = { heldOn: '2026-12-03', chair: 'Tô Văn Trường', membersTotal: 7, membersPresent: 5, votes };
      refused(await office.post(`/api/awards/campaigns/${campaign.id}/council`, { ...meeting, votes: [{ ...votes[0], votesFor: 6 }, ...votes.slice(1)] }), 400, 'votes.0.votesFor', /nhiều hơn số thành viên có mặt \(5\)/);
      refused(await office.post(`/api/awards/campaigns/${campaign.id}/council`, { ...meeting, membersPresent: 8 }), 400, 'membersPresent', /nhiều hơn số thành viên hội đồng/);
      refused(await office.post(`/api/awards/campaigns/${campaign.id}/council`, { ...meeting, votes: votes.slice(1) }), 400, 'votes', /còn 1 đề xuất chưa có kết quả/);
      expect(await count('award_meetings')).toBe(1); // the demo campaign's only
      const council = ok(await office.post(`/api/awards/campaigns/${campaign.id}/council`, { ...meeting, votes: votes.map((v: any, i: number) => ({ ...v, chosen: i !== 1 })) }));
      expect(council.meeting).toMatchObject({ membersPresent: 5 });
      expect(await office.post(`/api/awards/campaigns/${campaign.id}/council`, meeting).then((r) => r.status)).toBe(409);
      // Nominations close with the council's meeting.
      const late = candidates.find((c) => c.award === 'citizen' && c.village.id === (head2.me.orgUnit as any).id);
      if (late) expect((await head2.post(`/api/awards/campaigns/${campaign.id}/nominations`, { id: uuidv7(), award: 'citizen', candidateId: late.id })).status).toBe(409);

      const chosen = votes.filter((_: any, i: number) => i !== 1).map((v: any) => v.nominationId);
      const decision = { id: uuidv7(), number: '250/QĐ-UBND', decidedOn: '2026-12-07', form: 'commune_certificate', signerName: 'Tô Văn Trường', signerTitle: 'Chủ tịch' };
      expect((await office.post(`/api/awards/campaigns/${campaign.id}/decisions`, { ...decision, nominationIds: chosen })).status).toBe(403);
      refused(await leader.post(`/api/awards/campaigns/${campaign.id}/decisions`, { ...decision, nominationIds: [votes[1].nominationId] }), 400, 'nominationIds.0', /chưa được Hội đồng thi đua chọn/);
      refused(await leader.post(`/api/awards/campaigns/${campaign.id}/decisions`, { ...decision, form: 'bang_khen', nominationIds: chosen }), 400, 'form', /^Hình thức khen thưởng:/);
      const decided = ok(await leader.post(`/api/awards/campaigns/${campaign.id}/decisions`, { ...decision, nominationIds: chosen }));
      expect(decided.decisions).toEqual([expect.objectContaining({ number: '250/QĐ-UBND', count: chosen.length })]);
      // The same achievement in a second decision: refused, nothing written.
      const decisionsBefore = await count('award_decisions');
      refused(await leader.post(`/api/awards/campaigns/${campaign.id}/decisions`, { ...decision, id: uuidv7(), number: '251/QĐ-UBND', nominationIds: [chosen[0]] }), 409, 'nominationIds.0', /một thành tích không khen thưởng hai lần/);
      expect(await count('award_decisions')).toBe(decisionsBefore);

      const awarded = ok(await office.get(`/api/awards/campaigns/${campaign.id}/nominations`)).items.find((n: any) => n.id === chosen[0]);
      expect(awarded).toMatchObject({ status: 'awarded', decisionNumber: '250/QĐ-UBND', votesFor: 5 });
      refused(await office.post(`/api/awards/campaigns/${campaign.id}/nominations/${awarded.id}/revoke`, { reason: '', version: awarded.version }), 400, 'reason', /Chưa nhập lý do thu hồi/);
      const revoked = ok(await office.post(`/api/awards/campaigns/${campaign.id}/nominations/${awarded.id}/revoke`, { reason: 'Số liệu tài khoản DVC kê khai không đúng sự thật', version: awarded.version }));
      expect(revoked.status).toBe('revoked');
      const history = ok(await office.get(`/api/awards/campaigns/${campaign.id}/council`)).history;
      expect(history).toEqual(expect.arrayContaining([
        expect.objectContaining({ action: 'revoked', detail: 'Số liệu tài khoản DVC kê khai không đúng sự thật', subjectName: awarded.subjectName }),
        expect.objectContaining({ action: 'awarded', subjectName: awarded.subjectName }),
      ]));
      // The honour board shows only those who agreed, and never an ID number or ethnicity.
      const board = ok(await office.get(`/api/awards/campaigns/${demoCampaign.id}/honour-board`));
      const shown = board.groups.flatMap((g: any) => g.entries);
      expect(shown.length).toBeGreaterThan(0);
      expect(board.withheld).toBeGreaterThan(0);
      expect(JSON.stringify(board)).not.toMatch(/\d{12}|ethnic|dân tộc/i);
    });

    it('prints the dossier in the decree layout, the list and the certificates; village heads do not download them', async () => {
      const nominations = ok(await office.get(`/api/awards/campaigns/${campaign.id}/nominations`)).items;
      const inDossier = nominations.filter((n: any) => n.status === 'chosen' || n.status === 'awarded');
      const docx = await app.inject({ method: 'GET', url: `/api/awards/campaigns/${campaign.id}/ho-so.docx`, headers: { cookie: office.cookie } });
      expect(docx.statusCode, docx.body).toBe(200);
      expect(docx.headers['content-disposition']).toMatch(/ho-so-khen-thuong-2026/);
      const { problems, paragraphs } = await decreeLayoutProblems(docx.rawPayload, 2 + inDossier.length);
      expect(problems).toEqual([]);
      const texts = paragraphs.map((p) => p.text);
      expect(texts).toEqual(expect.arrayContaining(['TỜ TRÌNH', 'BIÊN BẢN', 'BÁO CÁO THÀNH TÍCH', 'Kính gửi: Sở Khoa học và Công nghệ tỉnh Tuyên Quang.']));
      // Each nominee's evidence figures are in its báo cáo thành tích.
      const withEvidence = inDossier.find((n: any) => n.evidence.length > 0);
      expect(texts).toContain(withEvidence.evidence[0].label);
      const xlsx = await app.inject({ method: 'GET', url: `/api/awards/campaigns/${campaign.id}/danh-sach.xlsx`, headers: { cookie: leader.cookie } });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
      const certificates = await app.inject({ method: 'GET', url: `/api/awards/campaigns/${demoCampaign.id}/giay-khen.docx`, headers: { cookie: office.cookie } });
      expect(certificates.statusCode).toBe(200);
      const zip = await (await import('jszip')).default.loadAsync(certificates.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toMatch(/w:orient="landscape"/);
      expect(xml).toContain('GIẤY KHEN');
      expect((await app.inject({ method: 'GET', url: `/api/awards/campaigns/${campaign.id}/ho-so.docx`, headers: { cookie: head1.cookie } })).statusCode).toBe(403);
    });

    it("lists the campaign's nominations in the commune's monthly report", async () => {
      const report = ok(await office.post('/api/reports/open', { kind: 'commune_monthly', orgUnitId: communeId, year: 2026, month: 12 }));
      const rows = report.activity.awards;
      expect(rows.length).toBeGreaterThan(5);
      expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ campaign: expect.stringContaining('Chuyển đổi số'), status: 'awarded' })]));
    });
  });
});
