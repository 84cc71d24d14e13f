// Tổ CNSCĐ through HTTP on both engines: forming a team, members joining, changing role and
// leaving, one leader, the 3–5 size warning, "kiện toàn" keeping history, versions, household
// assignments (all or nothing), scope by village, permissions by role, and the audit rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

interface Member { id: string; fullName: string; teamRole: string; active: boolean; leftOn: string | null; households: number; version: number; accountId: string | null; personId: string | null; phone: string | null }

describeEachEngine('teams', (engine) => {
  let t: TestApp;
  let officer: Client; // Phòng VH-XH: teams.manage + teams.assign, the commune
  let headA: Client; // village head of village A: teams.assign in A only
  let youth: Client; // Đoàn TN: teams.read only
  let teamMemberClient: Client;
  const hh = {} as Record<'needs1' | 'needs2' | 'capable' | 'dissolved' | 'inB' | 'inC', string>;
  let personA: string; // a resident of village A, linked to the leader
  let personB: string; // a resident of village B
  let accounts: { leader: string; member: string; head: string };
  let teamA: { id: string; version: number };
  let teamB: { id: string };
  const m = {} as Record<'leader' | 'deputy' | 'member' | 'fourth' | 'memberB', Member>;

  const db = () => t.database.db;
  const accountId = async (username: string) => (await db().selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const household = (id: string) => db().selectFrom('households').select(['assigned_member_id']).where('id', '=', id).executeTakeFirstOrThrow();
  const openRows = (householdId: string) => db().selectFrom('household_assignments').selectAll().where('household_id', '=', householdId).orderBy('created_at').orderBy('id').execute();
  const lastAudit = (entity: string) => db().selectFrom('audit_log').selectAll().where('entity', '=', entity).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const detail = async (client: Client, id: string) => (await client.get(`/api/teams/${id}`)).body as { team: { version: number; active: boolean; endedOn: string | null }; members: Member[]; warnings: string[]; activeMembers: number; history: Array<{ id: string; active: boolean }> };
  const addMember = (client: Client, teamId: string, body: Record<string, unknown>) =>
    client.post(`/api/teams/${teamId}/members`, { affiliation: 'youth_union', joinedOn: '2025-03-01', teamRole: 'member', ...body });

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.login(t.usernames.culture_office);
    headA = await t.login(t.usernames.village_head);
    youth = await t.login(t.usernames.youth_union);
    teamMemberClient = await t.login(t.usernames.team_member);
    const a1 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Hoàng Thị Lan', birthYear: 1950 }]);
    const a2 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Triệu Văn Sinh', sex: 'male', birthYear: 1945 }]);
    const a3 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Nông Văn Tú', sex: 'male', birthYear: 1990 }, { fullName: 'Nông Thị Mai', birthYear: 1995 }]);
    const a4 = await makeHousehold(t, t.org.villageA, [{ fullName: 'Lý Văn Cũ', sex: 'male', birthYear: 1930 }]);
    const b1 = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Thị Hoa', birthYear: 1948 }]);
    const c1 = await makeHousehold(t, t.org.villageC, [{ fullName: 'Lục Văn Xa', sex: 'male', birthYear: 1950 }]);
    Object.assign(hh, { needs1: a1.householdId, needs2: a2.householdId, capable: a3.householdId, dissolved: a4.householdId, inB: b1.householdId, inC: c1.householdId });
    personA = a3.personIds[0];
    personB = b1.personIds[0];
    await db().updateTable('households').set({ code: '1' }).where('id', '=', hh.needs1).execute();
    await db().updateTable('households').set({ code: '2' }).where('id', '=', hh.needs2).execute();
    await db().updateTable('households').set({ code: '3' }).where('id', '=', hh.capable).execute();
    await db().updateTable('households').set({ no_capable_member: true }).where('id', 'in', [hh.needs1, hh.needs2, hh.inB, hh.inC]).execute();
    await db().updateTable('households').set({ dissolved_at: '2024-12-31', no_capable_member: true }).where('id', '=', hh.dissolved).execute();
    await db().updateTable('people').set({ phone: '0911222333' }).where('id', '=', personA).execute();
    await db().updateTable('accounts').set({ phone: '0977000111' }).where('username', '=', t.usernames.team_member).execute();
    accounts = { leader: await accountId(t.usernames.team_leader), member: await accountId(t.usernames.team_member), head: await accountId(t.usernames.village_head) };
  });
  afterAll(async () => { await t.close(); });

  describe('before any team', () => {
    it('lists every village of the area, with no team and the households that need an assignment', async () => {
      const res = await officer.get('/api/teams');
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { villageName: string }) => r.villageName).sort()).toEqual(['Thôn Bản Bó', 'Thôn Nà Pồng']);
      const a = res.body.items.find((r: { villageId: number }) => r.villageId === t.org.villageA);
      // The dissolved household is not counted: only the two that still exist and need someone.
      expect(a).toMatchObject({ team: null, households: 3, unassigned: 3, needsAssignment: 2 });
      expect(res.body.summary).toMatchObject({ villages: 2, withTeam: 0, withoutTeam: 2, needsAssignment: 3, villagesNeedingAssignment: 2 });
    });
  });

  describe('forming a team', () => {
    it('forms the team of a village, warning that it has fewer than 3 members, and audits it', async () => {
      const res = await officer.post('/api/teams', { villageId: t.org.villageA, name: 'Tổ CNSCĐ thôn Nà Pồng', decisionNumber: '12/QĐ-UBND', decisionDate: '2025-02-20', formedOn: '2025-03-01' });
      expect(res.status).toBe(201);
      expect(res.body.team).toMatchObject({ villageId: t.org.villageA, name: 'Tổ CNSCĐ thôn Nà Pồng', decisionNumber: '12/QĐ-UBND', decisionDate: '2025-02-20', formedOn: '2025-03-01', active: true, version: 1 });
      expect(res.body.warnings).toEqual(['Tổ mới có 0 thành viên, cần ít nhất 3.']);
      teamA = { id: res.body.team.id, version: 1 };
      const audit = await lastAudit('team');
      expect(audit).toMatchObject({ action: 'create', entity_id: teamA.id, account_id: officer.me.id, org_unit_id: t.org.villageA });
      expect(audit.after).toMatchObject({ decisionNumber: '12/QĐ-UBND' });
    });

    it('refuses a second active team in the same village: re-form it instead', async () => {
      const res = await officer.post('/api/teams', { villageId: t.org.villageA, name: 'Tổ thứ hai', formedOn: '2025-04-01' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe('Thôn đã có Tổ CNSCĐ, hãy kiện toàn tổ.');
      expect(await db().selectFrom('teams').select('id').where('village_id', '=', t.org.villageA).execute()).toHaveLength(1);
    });

    it('answers 404 for a village outside the area and refuses a future date with the field named', async () => {
      const outside = await officer.post('/api/teams', { villageId: t.org.villageC, name: 'Tổ', formedOn: '2025-03-01' });
      expect(outside.status).toBe(404);
      const future = await officer.post('/api/teams', { villageId: t.org.villageB, name: 'Tổ', formedOn: '2099-01-01' });
      expect(future.status).toBe(400);
      expect(future.body.error.fields).toEqual([{ path: 'formedOn', message: 'Ngày thành lập không được ở tương lai.' }]);
      const bad = await officer.post('/api/teams', { villageId: t.org.villageB, name: '', formedOn: '01/03/2025' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['formedOn', 'name']);
      expect(bad.body.error.message).toContain('Ngày thành lập');
    });

    it('forms the team of village B too (for the scope checks)', async () => {
      const res = await officer.post('/api/teams', { villageId: t.org.villageB, name: 'Tổ CNSCĐ thôn Bản Bó', formedOn: '2025-03-01' });
      expect(res.status).toBe(201);
      teamB = { id: res.body.team.id };
      const member = await addMember(officer, teamB.id, { fullName: 'Bàn Văn Ba', teamRole: 'leader', personId: personB });
      expect(member.status).toBe(201);
      m.memberB = member.body.member;
    });
  });

  describe('members', () => {
    it('adds a leader linked to a resident and an account; the phone comes from the resident', async () => {
      const res = await addMember(officer, teamA.id, { fullName: 'Nông Văn Tú', teamRole: 'leader', personId: personA, accountId: accounts.leader });
      expect(res.status).toBe(201);
      expect(res.body.member).toMatchObject({ fullName: 'Nông Văn Tú', teamRole: 'leader', personId: personA, accountId: accounts.leader, phone: '0911222333', active: true, joinedOn: '2025-03-01' });
      expect(res.body.warnings).toEqual(['Tổ mới có 1 thành viên, cần ít nhất 3.']);
      m.leader = res.body.member;
      const audit = await lastAudit('team_member');
      expect(audit).toMatchObject({ action: 'create', entity_id: m.leader.id, org_unit_id: t.org.villageA });
    });

    it('refuses a second active leader', async () => {
      const res = await addMember(officer, teamA.id, { fullName: 'Hà Văn Hai', teamRole: 'leader' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('Tổ đã có tổ trưởng (Nông Văn Tú)');
    });

    it('adds a deputy with a normalized phone and a member on a volunteer account (phone from the account)', async () => {
      const deputy = await addMember(officer, teamA.id, { fullName: 'Hà Thị Phó', teamRole: 'deputy', affiliation: 'women_union', phone: '+84 912 345 678' });
      expect(deputy.status).toBe(201);
      expect(deputy.body.member.phone).toBe('0912345678');
      expect(deputy.body.warnings).toEqual(['Tổ mới có 2 thành viên, cần ít nhất 3.']);
      m.deputy = deputy.body.member;
      const member = await addMember(officer, teamA.id, { fullName: 'Người dùng team_member', accountId: accounts.member, affiliation: 'resident' });
      expect(member.status).toBe(201);
      expect(member.body.member.phone).toBe('0977000111');
      // Three active members: the warning is gone.
      expect(member.body.warnings).toEqual([]);
      m.member = member.body.member;
    });

    it('refuses links that do not fit: an account already in a team, an account of another role, a resident of another village', async () => {
      const sameAccount = await addMember(officer, teamA.id, { fullName: 'Trùng tài khoản', accountId: accounts.member });
      expect(sameAccount.status).toBe(409);
      expect(sameAccount.body.error.message).toBe('Tài khoản này đã gắn với một thành viên đang hoạt động của Tổ CNSCĐ.');
      const headAccount = await addMember(officer, teamA.id, { fullName: 'Trưởng thôn', accountId: accounts.head });
      expect(headAccount.status).toBe(400);
      expect(headAccount.body.error.fields[0].path).toBe('accountId');
      const otherVillage = await addMember(officer, teamA.id, { fullName: 'Bàn Thị Hoa', personId: personB });
      expect(otherVillage.status).toBe(400);
      expect(otherVillage.body.error.fields).toEqual([{ path: 'personId', message: 'Nhân khẩu được liên kết phải đang cư trú tại Thôn Nà Pồng.' }]);
      const samePerson = await addMember(officer, teamA.id, { fullName: 'Nông Văn Tú', personId: personA });
      expect(samePerson.status).toBe(409);
      const early = await addMember(officer, teamA.id, { fullName: 'Sớm', joinedOn: '2025-01-01' });
      expect(early.status).toBe(400);
      expect(early.body.error.fields[0]).toEqual({ path: 'joinedOn', message: 'Ngày vào tổ không được trước ngày tổ được thành lập (01/03/2025).' });
      const badPhone = await addMember(officer, teamA.id, { fullName: 'Sai số', phone: '12345' });
      expect(badPhone.status).toBe(400);
      expect(badPhone.body.error.fields[0].path).toBe('phone');
      const badRole = await addMember(officer, teamA.id, { fullName: 'Sai vai trò', teamRole: 'boss' });
      expect(badRole.status).toBe(400);
      expect(badRole.body.error.message).toContain('Vai trò trong tổ');
      expect((await detail(officer, teamA.id)).activeMembers).toBe(3);
    });

    it('offers the village\'s volunteer accounts to link, saying which are taken, and audits the read', async () => {
      const res = await officer.get(`/api/teams/${teamA.id}/account-candidates`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((a: { id: string; linkedToThisTeam: boolean; linkedMemberId: string | null }) => [a.id, a.linkedToThisTeam, a.linkedMemberId])).toEqual([
        [accounts.leader, true, m.leader.id],
        [accounts.member, true, m.member.id],
      ]);
      expect(await lastAudit('account')).toMatchObject({ action: 'list', account_id: officer.me.id, org_unit_id: t.org.villageA });
      expect((await youth.get(`/api/teams/${teamA.id}/account-candidates`)).status).toBe(403);
      expect((await officer.get(`/api/teams/${teamB.id}/account-candidates`)).body.items).toEqual([]);
    });

    it('warns, without refusing, when a team grows past 5 members', async () => {
      const extra: Member[] = [];
      for (const name of ['Thêm Một', 'Thêm Hai', 'Thêm Ba']) {
        const res = await addMember(officer, teamA.id, { fullName: name });
        expect(res.status).toBe(201);
        extra.push(res.body.member);
      }
      const team = await detail(officer, teamA.id);
      expect(team.activeMembers).toBe(6);
      expect(team.warnings).toEqual(['Tổ có 6 thành viên, nhiều hơn 5 theo kế hoạch.']);
      const list = await officer.get('/api/teams?filter=size_warning');
      // In village-name order: Bản Bó, then Nà Pồng.
      expect(list.body.items.map((r: { villageId: number }) => r.villageId)).toEqual([t.org.villageB, t.org.villageA]);
      // Two of them leave again (kept as former members), one stays as the fourth member.
      for (const member of extra.slice(1)) {
        const left = await officer.post(`/api/teams/members/${member.id}/leave`, { version: member.version, leftOn: '2025-03-02', reason: 'Đi làm ăn xa' });
        expect(left.status).toBe(200);
      }
      m.fourth = extra[0];
      expect((await detail(officer, teamA.id)).warnings).toEqual([]);
    });

    it('shows the team with active and former members, and audits who read the names and phones', async () => {
      const team = await detail(officer, teamA.id);
      expect(team.members.filter((x) => x.active).map((x) => [x.fullName, x.teamRole])).toEqual([
        ['Nông Văn Tú', 'leader'], ['Hà Thị Phó', 'deputy'], ['Người dùng team_member', 'member'], ['Thêm Một', 'member'],
      ]);
      expect(team.members.filter((x) => !x.active).map((x) => x.fullName).sort()).toEqual(['Thêm Ba', 'Thêm Hai']);
      expect(team.members.find((x) => x.fullName === 'Thêm Hai')).toMatchObject({ leftOn: '2025-03-02', leftReason: 'Đi làm ăn xa' });
      const audit = await lastAudit('team');
      expect(audit).toMatchObject({ action: 'read', entity_id: teamA.id, account_id: officer.me.id, org_unit_id: t.org.villageA });
    });

    it('lists the villages with their team, leader and size, and audits the list', async () => {
      const res = await officer.get('/api/teams');
      const a = res.body.items.find((r: { villageId: number }) => r.villageId === t.org.villageA);
      expect(a.team).toMatchObject({ id: teamA.id, activeMembers: 4, sizeWarning: null, decisionNumber: '12/QĐ-UBND', leader: { fullName: 'Nông Văn Tú', phone: '0911222333' } });
      const b = res.body.items.find((r: { villageId: number }) => r.villageId === t.org.villageB);
      expect(b.team).toMatchObject({ activeMembers: 1, sizeWarning: 'Tổ mới có 1 thành viên, cần ít nhất 3.' });
      expect(res.body.summary).toMatchObject({ villages: 2, withTeam: 2, withoutTeam: 0, sizeWarnings: 1 });
      const audit = await lastAudit('team');
      expect(audit).toMatchObject({ action: 'list', account_id: officer.me.id });
      expect((audit.detail as { ids: string[] }).ids.sort()).toEqual([teamA.id, teamB.id].sort());
    });

    it('changes roles: a second leader is refused until the first one steps down', async () => {
      const refused = await officer.patch(`/api/teams/members/${m.deputy.id}`, { version: m.deputy.version, teamRole: 'leader' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('Nông Văn Tú');
      const down = await officer.patch(`/api/teams/members/${m.leader.id}`, { version: m.leader.version, teamRole: 'deputy' });
      expect(down.status).toBe(200);
      expect(down.body.warnings).toEqual(['Tổ chưa có tổ trưởng.']);
      const up = await officer.patch(`/api/teams/members/${m.deputy.id}`, { version: m.deputy.version, teamRole: 'leader' });
      expect(up.status).toBe(200);
      expect(up.body.member).toMatchObject({ teamRole: 'leader', version: m.deputy.version + 1 });
      const audit = await lastAudit('team_member');
      expect(audit).toMatchObject({ action: 'update', entity_id: m.deputy.id });
      expect(audit.detail).toEqual({ change: 'role', from: 'Tổ phó', to: 'Tổ trưởng' });
      // Back as it was, each change against the version the officer saw.
      const stale = await officer.patch(`/api/teams/members/${m.deputy.id}`, { version: m.deputy.version, teamRole: 'deputy' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toContain('vừa được người khác cập nhật');
      expect((await officer.patch(`/api/teams/members/${m.deputy.id}`, { version: m.deputy.version + 1, teamRole: 'deputy' })).status).toBe(200);
      expect((await officer.patch(`/api/teams/members/${m.leader.id}`, { version: m.leader.version + 1, teamRole: 'leader' })).status).toBe(200);
      const team = await detail(officer, teamA.id);
      m.leader = team.members.find((x) => x.id === m.leader.id)!;
      m.deputy = team.members.find((x) => x.id === m.deputy.id)!;
      expect([m.leader.teamRole, m.deputy.teamRole]).toEqual(['leader', 'deputy']);
    });

    it('edits the decision against the version the officer saw; a stale version is a 409 in Vietnamese', async () => {
      const res = await officer.patch(`/api/teams/${teamA.id}`, { version: 1, decisionNumber: '15/QĐ-UBND', decisionDate: '2025-02-25' });
      expect(res.status).toBe(200);
      expect(res.body.team).toMatchObject({ decisionNumber: '15/QĐ-UBND', decisionDate: '2025-02-25', name: 'Tổ CNSCĐ thôn Nà Pồng', version: 2 });
      const stale = await officer.patch(`/api/teams/${teamA.id}`, { version: 1, decisionNumber: '99/QĐ' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toBe('Tổ CNSCĐ vừa được người khác cập nhật. Tải lại trang để xem thông tin mới nhất rồi thử lại.');
      const audit = await lastAudit('team');
      expect(audit).toMatchObject({ action: 'update', entity_id: teamA.id });
      expect(audit.before).toMatchObject({ decisionNumber: '12/QĐ-UBND' });
      expect(audit.after).toMatchObject({ decisionNumber: '15/QĐ-UBND' });
      teamA.version = 2;
    });
  });

  describe('roles and scope', () => {
    it('lets the Youth Union read teams but not change them (403)', async () => {
      expect((await youth.get('/api/teams')).status).toBe(200);
      expect((await youth.get(`/api/teams/${teamA.id}`)).status).toBe(200);
      expect((await youth.post('/api/teams', { villageId: t.org.villageB, name: 'Tổ', formedOn: '2025-03-01' })).status).toBe(403);
      expect((await addMember(youth, teamA.id, { fullName: 'Đoàn viên' })).status).toBe(403);
      expect((await youth.patch(`/api/teams/${teamA.id}`, { version: teamA.version, note: 'x' })).status).toBe(403);
      expect((await youth.post(`/api/teams/members/${m.fourth.id}/leave`, { version: 1, leftOn: '2025-04-01', reason: 'x' })).status).toBe(403);
      expect((await youth.post('/api/teams/assignments', { householdIds: [hh.needs1], memberId: m.member.id, fromDate: '2025-04-01' })).status).toBe(403);
      // Households (names of heads) are registry data the Youth Union does not read.
      expect((await youth.get(`/api/teams/villages/${t.org.villageA}/households`)).status).toBe(403);
    });

    it('keeps a village head and a volunteer to their own village (404 elsewhere)', async () => {
      const list = await headA.get('/api/teams');
      expect(list.body.items.map((r: { villageId: number }) => r.villageId)).toEqual([t.org.villageA]);
      expect((await headA.get(`/api/teams/${teamB.id}`)).status).toBe(404);
      expect((await headA.get(`/api/teams/villages/${t.org.villageB}`)).status).toBe(404);
      expect((await headA.get(`/api/teams/villages/${t.org.villageB}/households`)).status).toBe(404);
      expect((await teamMemberClient.get(`/api/teams/${teamA.id}`)).status).toBe(200);
      expect((await teamMemberClient.get(`/api/teams/${teamB.id}`)).status).toBe(404);
      // A village head assigns households but does not manage the team.
      expect((await addMember(headA, teamA.id, { fullName: 'Người mới' })).status).toBe(403);
    });

    it('answers an unknown team and a team of another commune alike', async () => {
      const teamC = await (await t.login(t.usernames.admin)).post('/api/teams', { villageId: t.org.villageC, name: 'Tổ Khuổi Vài', formedOn: '2025-03-01' });
      expect(teamC.status).toBe(201);
      const outside = await officer.get(`/api/teams/${teamC.body.team.id}`);
      const unknown = await officer.get('/api/teams/0190a000-0000-7000-8000-000000000000');
      expect(outside.status).toBe(404);
      expect(outside.body).toEqual(unknown.body);
    });
  });

  describe('household assignments', () => {
    it('lists a village\'s households with the flags and each member\'s workload, audited', async () => {
      const res = await headA.get(`/api/teams/villages/${t.org.villageA}/households`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((h: { id: string }) => h.id)).toEqual([hh.needs1, hh.needs2, hh.capable]);
      expect(res.body.items[0]).toMatchObject({ headName: 'Hoàng Thị Lan', noCapableMember: true, assignedMember: null, needsAssignment: true });
      expect(res.body.items[2]).toMatchObject({ noCapableMember: false, needsAssignment: false, memberCount: 2 });
      expect(res.body.counts).toEqual({ households: 3, assigned: 0, unassigned: 3, noCapableMember: 2, needsAssignment: 2 });
      expect(res.body.members.map((x: { fullName: string; households: number }) => [x.fullName, x.households])).toEqual([
        ['Nông Văn Tú', 0], ['Hà Thị Phó', 0], ['Người dùng team_member', 0], ['Thêm Một', 0],
      ]);
      const audit = await lastAudit('household');
      expect(audit).toMatchObject({ action: 'list', account_id: headA.me.id, org_unit_id: t.org.villageA });
      expect(audit.detail).toMatchObject({ purpose: 'assignment', ids: [hh.needs1, hh.needs2, hh.capable] });
    });

    it('lets the village head assign households to a member of the village team, in one go', async () => {
      const res = await headA.post('/api/teams/assignments', { householdIds: [hh.needs1, hh.needs2], memberId: m.member.id, fromDate: '2025-04-01' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ assigned: 2, unchanged: 0, member: { id: m.member.id } });
      expect((await household(hh.needs1)).assigned_member_id).toBe(m.member.id);
      expect(await openRows(hh.needs1)).toMatchObject([{ member_id: m.member.id, from_date: '2025-04-01', to_date: null, assigned_by: headA.me.id }]);
      const list = await headA.get(`/api/teams/villages/${t.org.villageA}/households?filter=needs_assignment`);
      expect(list.body.items).toEqual([]);
      expect(list.body.counts).toMatchObject({ assigned: 2, needsAssignment: 0 });
      expect(list.body.members.find((x: { id: string }) => x.id === m.member.id)).toMatchObject({ households: 2, noCapableMember: 2 });
      const audit = await lastAudit('household');
      expect(audit).toMatchObject({ action: 'update', account_id: headA.me.id, org_unit_id: t.org.villageA });
      expect(audit.after).toEqual({ assignedMemberId: m.member.id, assignedMemberName: 'Người dùng team_member' });
      expect(audit.detail).toEqual({ change: 'assignment', fromDate: '2025-04-01' });
      // Assigning again to the same member changes nothing.
      const again = await headA.post('/api/teams/assignments', { householdIds: [hh.needs1], memberId: m.member.id, fromDate: '2025-04-02' });
      expect(again.body).toMatchObject({ assigned: 0, unchanged: 1 });
      expect(await openRows(hh.needs1)).toHaveLength(1);
    });

    it('filters by member and by "chưa phân công"', async () => {
      const mine = await officer.get(`/api/teams/villages/${t.org.villageA}/households?memberId=${m.member.id}`);
      expect(mine.body.items.map((h: { id: string }) => h.id)).toEqual([hh.needs1, hh.needs2]);
      expect(mine.body.items[0].assignedMember).toMatchObject({ id: m.member.id, fullName: 'Người dùng team_member', fromDate: '2025-04-01' });
      const unassigned = await officer.get(`/api/teams/villages/${t.org.villageA}/households?filter=unassigned`);
      expect(unassigned.body.items.map((h: { id: string }) => h.id)).toEqual([hh.capable]);
    });

    it('keeps a village head out of another village: 404 for its households and for its members', async () => {
      const otherHousehold = await headA.post('/api/teams/assignments', { householdIds: [hh.inB], memberId: m.member.id, fromDate: '2025-04-01' });
      expect(otherHousehold.status).toBe(404);
      expect(otherHousehold.body.error.message).toContain(hh.inB);
      const member = await headA.post('/api/teams/assignments', { householdIds: [hh.capable], memberId: m.memberB.id, fromDate: '2025-04-01' });
      expect(member.status).toBe(404);
      expect((await household(hh.capable)).assigned_member_id).toBeNull();
    });

    it('is all or nothing: one household of another village refuses the whole request, naming it', async () => {
      const res = await officer.post('/api/teams/assignments', { householdIds: [hh.capable, hh.inB], memberId: m.member.id, fromDate: '2025-04-01' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('Hộ chưa có số · Bàn Thị Hoa thuộc Thôn Bản Bó, không cùng thôn với Người dùng team_member (Thôn Nà Pồng). Không hộ nào được phân công.');
      expect((await household(hh.capable)).assigned_member_id).toBeNull();
      expect(await openRows(hh.capable)).toEqual([]);
      const outOfScope = await officer.post('/api/teams/assignments', { householdIds: [hh.capable, hh.inC], memberId: m.member.id, fromDate: '2025-04-01' });
      expect(outOfScope.status).toBe(404);
      expect(outOfScope.body.error.message).toBe(`Không tìm thấy hộ có mã ${hh.inC}, hoặc hộ nằm ngoài phạm vi của bạn. Không hộ nào được phân công.`);
      const dissolved = await officer.post('/api/teams/assignments', { householdIds: [hh.capable, hh.dissolved], memberId: m.member.id, fromDate: '2025-04-01' });
      expect(dissolved.status).toBe(400);
      expect(dissolved.body.error.message).toContain('Lý Văn Cũ đã giải thể');
      expect(await openRows(hh.capable)).toEqual([]);
    });

    it('refuses a member who has left, naming them, and a date before the household\'s current assignment', async () => {
      const former = (await detail(officer, teamA.id)).members.find((x) => x.fullName === 'Thêm Hai')!;
      const res = await officer.post('/api/teams/assignments', { householdIds: [hh.capable], memberId: former.id, fromDate: '2025-04-01' });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ path: 'memberId', message: 'Thêm Hai không còn là thành viên đang hoạt động của Tổ CNSCĐ Thôn Nà Pồng.' }]);
      const early = await officer.post('/api/teams/assignments', { householdIds: [hh.needs1], memberId: m.fourth.id, fromDate: '2025-03-15' });
      expect(early.status).toBe(400);
      expect(early.body.error.fields[0]).toEqual({ path: 'fromDate', message: 'Hộ số 1 · Hoàng Thị Lan được phân công từ ngày 01/04/2025; ngày phân công mới phải từ ngày đó trở đi.' });
      const future = await officer.post('/api/teams/assignments', { householdIds: [hh.needs1], memberId: m.fourth.id, fromDate: '2099-01-01' });
      expect(future.status).toBe(400);
      expect((await household(hh.needs1)).assigned_member_id).toBe(m.member.id);
    });

    it('moves a household to another member: the old row closes on the date, a new one opens', async () => {
      const res = await officer.post('/api/teams/assignments', { householdIds: [hh.needs1, hh.capable], memberId: m.fourth.id, fromDate: '2025-05-01' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ assigned: 2 });
      expect((await openRows(hh.needs1)).map((r) => [r.member_id, r.from_date, r.to_date])).toEqual([
        [m.member.id, '2025-04-01', '2025-05-01'],
        [m.fourth.id, '2025-05-01', null],
      ]);
      const audit = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'household').where('entity_id', '=', hh.needs1).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit.before).toEqual({ assignedMemberId: m.member.id, assignedMemberName: 'Người dùng team_member' });
      expect(audit.after).toEqual({ assignedMemberId: m.fourth.id, assignedMemberName: 'Thêm Một' });
    });

    it('takes a household back (no member): it is "cần phân công" again', async () => {
      const res = await officer.post('/api/teams/assignments', { householdIds: [hh.capable], memberId: null, fromDate: '2025-05-02' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ unassigned: 1, assigned: 0 });
      expect((await household(hh.capable)).assigned_member_id).toBeNull();
      expect((await openRows(hh.capable)).map((r) => r.to_date)).toEqual(['2025-05-02']);
    });

    it('refuses roles without teams.assign', async () => {
      expect((await teamMemberClient.post('/api/teams/assignments', { householdIds: [hh.capable], memberId: m.member.id, fromDate: '2025-05-03' })).status).toBe(403);
      const leaderOffice = await t.login(t.usernames.commune_leader);
      expect((await leaderOffice.post('/api/teams/assignments', { householdIds: [hh.capable], memberId: m.member.id, fromDate: '2025-05-03' })).status).toBe(403);
      expect((await leaderOffice.get(`/api/teams/villages/${t.org.villageA}/households`)).status).toBe(200);
    });

    it('validates the request in Vietnamese', async () => {
      const empty = await officer.post('/api/teams/assignments', { householdIds: [], memberId: m.member.id, fromDate: '2025-05-03' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.message).toContain('Chọn ít nhất một hộ.');
      const noDate = await officer.post('/api/teams/assignments', { householdIds: [hh.capable], memberId: m.member.id });
      expect(noDate.status).toBe(400);
      expect(noDate.body.error.fields[0].path).toBe('fromDate');
    });
  });

  describe('a member leaves', () => {
    it('closes the member\'s row and assignments; the households are unassigned and flagged again', async () => {
      // Thêm Một looks after needs1 (moved above); the member on the volunteer account keeps needs2.
      const res = await officer.post(`/api/teams/members/${m.fourth.id}/leave`, { version: m.fourth.version, leftOn: '2025-06-01', reason: 'Chuyển công tác' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ releasedHouseholds: 1, member: { active: false, leftOn: '2025-06-01', leftReason: 'Chuyển công tác' } });
      expect(res.body.warnings).toEqual([]);
      expect((await household(hh.needs1)).assigned_member_id).toBeNull();
      expect((await openRows(hh.needs1)).at(-1)).toMatchObject({ member_id: m.fourth.id, to_date: '2025-06-01' });
      const needs = await officer.get(`/api/teams/villages/${t.org.villageA}/households?filter=needs_assignment`);
      expect(needs.body.items.map((h: { id: string }) => h.id)).toEqual([hh.needs1]);
      const audit = await lastAudit('team_member');
      expect(audit).toMatchObject({ action: 'update', entity_id: m.fourth.id });
      expect(audit.detail).toEqual({ change: 'leave', releasedHouseholds: [hh.needs1] });
      // The row stays, as a former member.
      const team = await detail(officer, teamA.id);
      expect(team.members.find((x) => x.id === m.fourth.id)).toMatchObject({ active: false, leftOn: '2025-06-01' });
      expect(team.activeMembers).toBe(3);
    });

    it('refuses leaving twice, leaving before joining, and a missing reason', async () => {
      const twice = await officer.post(`/api/teams/members/${m.fourth.id}/leave`, { version: m.fourth.version + 1, leftOn: '2025-06-02', reason: 'x' });
      expect(twice.status).toBe(409);
      const early = await officer.post(`/api/teams/members/${m.deputy.id}/leave`, { version: m.deputy.version, leftOn: '2025-01-01', reason: 'x' });
      expect(early.status).toBe(400);
      expect(early.body.error.fields[0]).toEqual({ path: 'leftOn', message: 'Ngày rời tổ không được trước ngày vào tổ (01/03/2025).' });
      const noReason = await officer.post(`/api/teams/members/${m.deputy.id}/leave`, { version: m.deputy.version, leftOn: '2025-06-01', reason: ' ' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toContain('Nhập lý do rời tổ.');
    });
  });

  describe('kiện toàn (re-forming) a team', () => {
    it('refuses carrying over someone who is not an active member, and a stale version', async () => {
      const former = await officer.post(`/api/teams/${teamA.id}/reform`, { version: teamA.version, endedOn: '2025-12-31', formedOn: '2026-01-01', carryOverMemberIds: [m.fourth.id] });
      expect(former.status).toBe(400);
      expect(former.body.error.fields[0].path).toBe('carryOverMemberIds');
      const stale = await officer.post(`/api/teams/${teamA.id}/reform`, { version: 1, endedOn: '2025-12-31', formedOn: '2026-01-01' });
      expect(stale.status).toBe(409);
      const backwards = await officer.post(`/api/teams/${teamA.id}/reform`, { version: teamA.version, endedOn: '2025-12-31', formedOn: '2025-12-01' });
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.fields[0].path).toBe('formedOn');
      expect((await detail(officer, teamA.id)).team.active).toBe(true);
    });

    it('ends the team, forms a new one with the chosen members and their households, and keeps the history', async () => {
      const res = await officer.post(`/api/teams/${teamA.id}/reform`, {
        version: teamA.version, endedOn: '2025-12-31', formedOn: '2026-01-05', decisionNumber: '03/QĐ-UBND', decisionDate: '2026-01-02',
        carryOverMemberIds: [m.leader.id, m.member.id],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ previousTeamId: teamA.id, carriedOver: 2, releasedHouseholds: 0 });
      expect(res.body.team).toMatchObject({ name: 'Tổ CNSCĐ thôn Nà Pồng', decisionNumber: '03/QĐ-UBND', formedOn: '2026-01-05', active: true });
      expect(res.body.warnings).toEqual(['Tổ mới có 2 thành viên, cần ít nhất 3.']);
      const newTeamId = res.body.team.id as string;

      // The old team and all its rows stay, closed.
      const old = await detail(officer, teamA.id);
      expect(old.team).toMatchObject({ active: false, endedOn: '2025-12-31' });
      expect(old.members.every((x) => !x.active)).toBe(true);
      expect(old.members.find((x) => x.id === m.deputy.id)).toMatchObject({ leftOn: '2025-12-31', leftReason: 'Kiện toàn tổ: không tiếp tục' });
      expect(old.members.find((x) => x.id === m.leader.id)).toMatchObject({ leftOn: '2025-12-31', leftReason: 'Kiện toàn tổ: tiếp tục ở tổ mới' });
      expect(old.warnings).toEqual([]);

      // The new team: the carried members, same role, same account, same households.
      const fresh = await detail(officer, newTeamId);
      expect(fresh.members.map((x) => [x.fullName, x.teamRole, x.accountId, x.households, x.active])).toEqual([
        ['Nông Văn Tú', 'leader', accounts.leader, 0, true],
        ['Người dùng team_member', 'member', accounts.member, 1, true],
      ]);
      const carried = fresh.members.find((x) => x.accountId === accounts.member)!;
      expect((await household(hh.needs2)).assigned_member_id).toBe(carried.id);
      expect((await openRows(hh.needs2)).map((r) => [r.member_id, r.from_date, r.to_date])).toEqual([
        [m.member.id, '2025-04-01', '2025-12-31'],
        [carried.id, '2026-01-05', null],
      ]);
      expect(fresh.history.map((h) => [h.id, h.active])).toEqual([[newTeamId, true], [teamA.id, false]]);
      const village = await officer.get(`/api/teams/villages/${t.org.villageA}`);
      expect(village.body).toMatchObject({ activeTeamId: newTeamId, teams: [{ id: newTeamId, activeMembers: 2 }, { id: teamA.id, active: false, members: 6, activeMembers: 0 }] });

      // Audit: the old team ended, the new one created, each member row closed or carried.
      const teamAudit = await db().selectFrom('audit_log').selectAll().where('entity', '=', 'team').where('action', 'in', ['create', 'update']).orderBy('id', 'desc').limit(2).execute();
      expect(teamAudit.map((r) => [r.action, r.entity_id])).toEqual([['create', newTeamId], ['update', teamA.id]]);
      const memberAudit = await db().selectFrom('audit_log').select(['action', 'detail']).where('entity', '=', 'team_member').where(({ eb }) => eb(eb.ref('detail'), 'is not', null)).orderBy('id', 'desc').limit(5).execute();
      expect(memberAudit.filter((r) => (r.detail as { change?: string }).change === 'reform')).toHaveLength(5);

      // A re-formed team is not re-formed or joined again; forming is still refused.
      expect((await officer.post(`/api/teams/${teamA.id}/reform`, { version: old.team.version, endedOn: '2026-01-06', formedOn: '2026-01-06' })).status).toBe(409);
      expect((await addMember(officer, teamA.id, { fullName: 'Muộn', joinedOn: '2026-01-06' })).status).toBe(409);
      expect((await officer.post('/api/teams', { villageId: t.org.villageA, name: 'Tổ khác', formedOn: '2026-01-06' })).body.error.message).toBe('Thôn đã có Tổ CNSCĐ, hãy kiện toàn tổ.');
      // The account freed by the deputy's end can be linked again; the carried account cannot twice.
      expect((await addMember(officer, newTeamId, { fullName: 'Trùng', accountId: accounts.member, joinedOn: '2026-01-05' })).status).toBe(409);
      const again = await addMember(officer, newTeamId, { fullName: 'Hà Thị Phó', teamRole: 'deputy', joinedOn: '2026-01-05' });
      expect(again.status).toBe(201);
      expect(again.body.warnings).toEqual([]);
    });
  });

});
