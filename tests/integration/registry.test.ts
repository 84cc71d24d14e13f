// The household/person registry through HTTP: search, add, edit, move, move-out and death,
// CCCD checks, optimistic versions, and the history that is kept.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, todayInVietnam } from '../../src/shared/calendar.ts';
import { searchPeople } from '../../src/server/features/people/people.service.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

describeEachEngine('registry', (engine) => {
  let t: TestApp;
  let officer: Client;
  let hoa: { householdId: string; personIds: string[] };
  let villageB: { householdId: string; personIds: string[] };

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.login(t.usernames.culture_office);
    hoa = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Nguyễn Thị Hoà', birthYear: 1980, cccd: '008180123456' },
      { fullName: 'Nguyễn Thị Hoàng Anh', birthYear: 2005 },
      { fullName: 'Hoàng Văn Nguyễn', sex: 'male', birthYear: 1978 },
    ]);
    villageB = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Thị Hoa', birthYear: 1990 }, { fullName: 'Bàn Văn Phú', sex: 'male', birthYear: 1988 }]);
    // Decomposed Unicode (NFD), as some spreadsheets store it, must be found the same way.
    await makeHousehold(t, t.org.villageB, [{ fullName: 'Nguyễn Thị Hoà'.normalize('NFD') + ' Bé', birthYear: 2010 }]);
  });
  afterAll(async () => { await t.close(); });

  describe('search', () => {
    it('finds a name typed without diacritics, exact match first', async () => {
      const res = await officer.get('/api/people?q=nguyen%20thi%20hoa');
      expect(res.status).toBe(200);
      const names = res.body.items.map((p: { fullName: string }) => p.fullName);
      expect(names[0]).toBe('Nguyễn Thị Hoà');
      expect(names).toContain('Nguyễn Thị Hoàng Anh');
      expect(names).not.toContain('Bàn Thị Hoa');
      expect(res.body.searchedBy).toBe('name');
    });

    it('is case-insensitive, takes diacritics, partial and out-of-order words', async () => {
      for (const q of ['NGUYỄN THỊ HOÀ', 'thi hoa', 'hoa nguyen']) {
        const res = await officer.get(`/api/people?q=${encodeURIComponent(q)}`);
        expect(res.body.items.map((p: { fullName: string }) => p.fullName), q).toContain('Nguyễn Thị Hoà');
      }
      const decomposed = await officer.get(`/api/people?q=${encodeURIComponent('hoa be')}`);
      expect(decomposed.body.items).toHaveLength(1);
    });

    it('finds by an exact CCCD, typed with spaces', async () => {
      const res = await officer.get(`/api/people?q=${encodeURIComponent('008 180 123 456')}`);
      expect(res.body.searchedBy).toBe('cccd');
      expect(res.body.items).toHaveLength(1);
      expect(res.body.items[0].cccdMasked).toBe('0081******56');
    });

    it('keeps who saw which people in a list', async () => {
      const res = await officer.get(`/api/people?villageId=${t.org.villageA}`);
      const row = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'list').where('entity', '=', 'person').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(row.account_id).toBe(officer.me.id);
      expect((row.detail as { ids: string[] }).ids).toEqual(res.body.items.map((p: { id: string }) => p.id));
    });

    it('paginates with a total', async () => {
      const first = await officer.get('/api/people?pageSize=2&page=1');
      const second = await officer.get('/api/people?pageSize=2&page=2');
      expect(first.body.total).toBe(6);
      expect(first.body.items).toHaveLength(2);
      expect(second.body.items.map((p: { id: string }) => p.id)).not.toContain(first.body.items[0].id);
    });

    describe('ranking: exact, then starts-with, then all words, then typed halfway', () => {
      type Page = { items: Array<{ fullName: string }>; total: number; totalIsLowerBound: boolean };
      const scope = () => ({ path: officer.me.orgUnit ? (officer.me.orgUnit as { path: string }).path : '', accountId: String(officer.me.id), role: 'culture_office' as const });
      // A commune is searched in one ranked pass; a province in index-driven tiers.
      const strategies: Array<[string, (q: string, page: number, pageSize: number) => Promise<Page>]> = [
        ['one ranked pass (commune)', async (q, page, pageSize) => (await officer.get(`/api/people?q=${encodeURIComponent(q)}&page=${page}&pageSize=${pageSize}`)).body],
        ['tiers (province)', (q, page, pageSize) => searchPeople(t.database.db, scope(), { q, page, pageSize, status: 'resident' }, 0)],
      ];

      beforeAll(async () => {
        const names = ['Lý Thị Hoa', 'Lý Thị Hoa Mai', 'Vàng Lý Thị Hoa', 'Lý Thị Hoan', 'Sùng Thị Hoa Lý'];
        const extra = Array.from({ length: 22 }, (_, i) => `Lý Thị Hoa ${String.fromCharCode(65 + i)}`);
        await makeHousehold(t, t.org.villageA, [...names, ...extra].map((fullName) => ({ fullName, birthYear: 1985 })));
      });

      for (const [label, search] of strategies) {
        it(`ranks and pages without repeats: ${label}`, async () => {
          const first = await search('ly thi hoa', 1, 10);
          expect(first.items[0].fullName).toBe('Lý Thị Hoa');
          const all: string[] = [];
          for (let page = 1; page <= 5; page++) {
            const res = await search('ly thi hoa', page, 10);
            all.push(...res.items.map((p) => p.fullName));
            if (res.items.length < 10) break;
          }
          expect(new Set(all).size).toBe(all.length);
          expect(all).toHaveLength(27);
          expect(all.slice(0, 25).every((n) => n.startsWith('Lý Thị Hoa'))).toBe(true);
          expect(all.slice(-2).sort()).toEqual(['Sùng Thị Hoa Lý', 'Vàng Lý Thị Hoa']);
          // A query typed halfway through a word finds the rest last, after whole words.
          const typing = await search('thi hoa', 1, 50);
          const found = typing.items.map((p) => p.fullName);
          expect(found.slice(-2).sort()).toEqual(['Lý Thị Hoan', 'Nguyễn Thị Hoàng Anh']);
          expect(found).toContain('Nguyễn Thị Hoà');
        });
      }

      it('gives an exact total in a commune and a lower bound across tiers', async () => {
        const commune = await strategies[0][1]('ly thi hoa', 1, 10);
        expect(commune).toMatchObject({ total: 27, totalIsLowerBound: false });
        const tiers = await strategies[1][1]('ly thi hoa', 1, 10);
        expect(tiers.totalIsLowerBound).toBe(true);
        expect(tiers.total).toBeGreaterThan(10);
      });
    });

    it('masks CCCD in lists and details; reveal is audited', async () => {
      const detail = await officer.get(`/api/people/${hoa.personIds[0]}`);
      expect(detail.body.cccdMasked).toBe('0081******56');
      expect(JSON.stringify(detail.body)).not.toContain('008180123456');
      expect(detail.body.canRevealCccd).toBe(true);
      const reveal = await officer.post(`/api/people/${hoa.personIds[0]}/reveal-cccd`);
      expect(reveal.body.cccd).toBe('008180123456');
      const audit = await t.database.db.selectFrom('audit_log').select(['action']).where('entity_id', '=', hoa.personIds[0]).execute();
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['read', 'reveal_cccd']));
    });
  });

  describe('households and people', () => {
    it('creates a household with its head, and adds a member', async () => {
      const created = await officer.post('/api/households', {
        villageId: t.org.villageA, code: '117', address: 'Xóm Nà Pồng', hamletGroup: 'Tổ 3', phone: '0912 345 678',
        head: { fullName: '  lường   văn  pào ', sex: 'male', birthDate: '1975-03-05', ethnicity: 'Tày', cccd: '008075000111' },
      });
      expect(created.status).toBe(201);
      expect(created.body.phone).toBe('0912345678');
      expect(created.body.memberCount).toBe(1);
      const member = await officer.post('/api/people', {
        householdId: created.body.id, fullName: 'Lường Thị Mai', sex: 'female', birthYear: 2012, relationToHead: 'child', isStudent: true,
      });
      expect(member.status).toBe(201);
      const detail = await officer.get(`/api/households/${created.body.id}`);
      expect(detail.body.members.map((m: { fullName: string }) => m.fullName)).toEqual(['lường văn pào', 'Lường Thị Mai']);
      expect(detail.body.members[0].relationToHead).toBe('head');
    });

    it('refuses an invalid CCCD with an error on the field, and writes nothing', async () => {
      const before = await t.database.db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const res = await officer.post('/api/households', { villageId: t.org.villageA, head: { fullName: 'Ma Văn Tú', sex: 'male', birthYear: 1990, cccd: '999190123456' } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('cccd');
      expect(res.body.error.message).toMatch(/tỉnh|mã/i);
      const short = await officer.post('/api/people', { householdId: hoa.householdId, fullName: 'Ma Văn Tú', sex: 'male', birthYear: 1990, cccd: '00819012345' });
      expect(short.status).toBe(400);
      const after = await t.database.db.selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('asks to confirm a CCCD that disagrees with sex or birth year, then stores it', async () => {
      const input = { householdId: hoa.householdId, fullName: 'Hoàng Văn Sơn', sex: 'male', birthYear: 1991, relationToHead: 'other', cccd: '008190777777' };
      const first = await officer.post('/api/people', input);
      expect(first.status).toBe(400);
      expect(first.body.error.code).toBe('needs_confirmation');
      expect(first.body.error.warnings.length).toBeGreaterThan(0);
      const confirmed = await officer.post('/api/people', { ...input, confirmWarnings: true });
      expect(confirmed.status).toBe(201);
    });

    it('refuses a duplicate CCCD', async () => {
      const res = await officer.post('/api/people', { householdId: hoa.householdId, fullName: 'Người Trùng', sex: 'female', birthYear: 1980, relationToHead: 'other', cccd: '008180123456' });
      expect(res.status).toBe(409);
      expect(res.body.error.fields[0].path).toBe('cccd');
    });

    it('rejects an edit made on a stale version', async () => {
      const detail = await officer.get(`/api/people/${hoa.personIds[2]}`);
      const ok = await officer.patch(`/api/people/${hoa.personIds[2]}`, { version: detail.body.version, phone: '0977000111' });
      expect(ok.status).toBe(200);
      const stale = await officer.patch(`/api/people/${hoa.personIds[2]}`, { version: detail.body.version, phone: '0977000222' });
      expect(stale.status).toBe(409);
      const now = await officer.get(`/api/people/${hoa.personIds[2]}`);
      expect(now.body.phone).toBe('0977000111');
    });

    it('moves a person to another household and keeps the residence history', async () => {
      const res = await officer.post(`/api/people/${hoa.personIds[2]}/move`, { householdId: villageB.householdId, date: '2026-03-01', relationToHead: 'spouse' });
      expect(res.status).toBe(200);
      expect(res.body.householdId).toBe(villageB.householdId);
      expect(res.body.villageId).toBe(t.org.villageB);
      const detail = await officer.get(`/api/people/${hoa.personIds[2]}`);
      expect(detail.body.residences).toHaveLength(2);
      expect(detail.body.residences[0]).toMatchObject({ fromDate: '2026-03-01', toDate: null, startReason: 'transfer' });
      expect(detail.body.residences[1]).toMatchObject({ toDate: '2026-03-01', endReason: 'transfer' });
      const oldHousehold = await officer.get(`/api/households/${hoa.householdId}`);
      expect(oldHousehold.body.formerMembers.map((m: { personId: string }) => m.personId)).toContain(hoa.personIds[2]);
    });

    it('records a death: the person stays, with status and closed residence', async () => {
      const res = await officer.post(`/api/people/${villageB.personIds[1]}/end-residence`, { reason: 'deceased', date: '2026-06-10', note: 'Mất do bệnh' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('deceased');
      const residents = await officer.get(`/api/people?householdId=${villageB.householdId}`);
      expect(residents.body.items.map((p: { id: string }) => p.id)).not.toContain(villageB.personIds[1]);
      const all = await officer.get(`/api/people?householdId=${villageB.householdId}&status=all`);
      expect(all.body.items.map((p: { id: string }) => p.id)).toContain(villageB.personIds[1]);
      const again = await officer.post(`/api/people/${villageB.personIds[1]}/end-residence`, { reason: 'moved_out', date: '2026-06-11' });
      expect(again.status).toBe(400);
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', villageB.personIds[1]).where('action', '=', 'end_residence').executeTakeFirstOrThrow();
      expect(audit.before).toMatchObject({ status: 'resident' });
      expect(audit.after).toMatchObject({ status: 'deceased' });
    });

    it('refuses future dates and dates before the current residence', async () => {
      const future = await officer.post(`/api/people/${hoa.personIds[1]}/end-residence`, { reason: 'moved_out', date: '2999-01-01' });
      expect(future.status).toBe(400);
      expect(future.body.error.fields[0].path).toBe('date');
      const early = await officer.post(`/api/people/${hoa.personIds[1]}/end-residence`, { reason: 'moved_out', date: '2019-01-01' });
      expect(early.status).toBe(400);
    });

    it("accepts Vietnam's today in the evening hours when UTC is still on yesterday", async () => {
      // 00:30 in Vietnam is 17:30 UTC the day before: the server must not call the date
      // the officer sees on the wall calendar "in the future".
      const utcYesterday = addDays(new Date().toISOString().slice(0, 10), -1);
      const later = await makeHousehold(t, t.org.villageA, [{ fullName: 'Lò Văn Khuya', birthYear: 1990 }]);
      vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${utcYesterday}T17:30:00Z`) });
      try {
        const vietnamDate = todayInVietnam();
        expect(vietnamDate).toBe(addDays(utcYesterday, 1));
        const moved = await officer.post(`/api/people/${later.personIds[0]}/end-residence`, { reason: 'moved_out', date: vietnamDate });
        expect(moved.status, JSON.stringify(moved.body)).toBe(200);
        const tomorrow = await officer.post(`/api/people/${later.personIds[0]}/end-residence`, { reason: 'moved_out', date: addDays(vietnamDate, 1) });
        expect(tomorrow.status).toBe(400);
      } finally {
        vi.useRealTimers();
      }
    });

    it('changes the head of a household', async () => {
      const detail = await officer.get(`/api/households/${hoa.householdId}`);
      const res = await officer.patch(`/api/households/${hoa.householdId}`, { version: detail.body.version, headPersonId: hoa.personIds[1] });
      expect(res.status).toBe(200);
      expect(res.body.headName).toBe('Nguyễn Thị Hoàng Anh');
      const outsider = await officer.patch(`/api/households/${hoa.householdId}`, { version: res.body.version, headPersonId: villageB.personIds[0] });
      expect(outsider.status).toBe(400);
    });
  });

  describe('scope', () => {
    it('a village head sees only their village and gets 404 for another', async () => {
      const head = await t.login(t.usernames.village_head);
      const list = await head.get('/api/people?status=all');
      expect(new Set(list.body.items.map((p: { villageId: number }) => p.villageId))).toEqual(new Set([t.org.villageA]));
      expect((await head.get(`/api/people/${villageB.personIds[0]}`)).status).toBe(404);
      expect((await head.get(`/api/households/${villageB.householdId}`)).status).toBe(404);
      const move = await head.post(`/api/people/${hoa.personIds[0]}/move`, { householdId: villageB.householdId, date: '2026-05-01', relationToHead: 'other' });
      expect(move.status).toBe(400);
    });
  });
});
