// QR door cards through HTTP: the data of a sheet of cards, a QR holding only the site's
// address and the household's random card code, the village contacts, the area of the
// account, and the lookup a scanned card makes.
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { readConfig } from '../../src/server/config.ts';
import { foldVietnamese } from '../../src/shared/vietnamese.ts';
import { Client, PASSWORD, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

interface Card {
  householdId: string; cardCode: string; code: string | null; headName: string | null; address: string; hamletGroup: string | null;
  villageId: number; villageName: string; communeName: string | null; qrPayload: string; qrSvg: string;
  contacts: Array<{ role: string; roleLabel: string; fullName: string; phone: string | null; text: string }>;
}

const HOST = 'cnscd.bachngoc.test';

describeEachEngine('door cards', (engine) => {
  let t: TestApp;
  let officer: Client;
  let hoa: { householdId: string; personIds: string[] };
  let duc: { householdId: string };
  let dissolved: { householdId: string };
  let villageB: { householdId: string };
  let villageC: { householdId: string };

  const get = (client: Client, url: string) => client.request('GET', url, undefined, { host: HOST });
  const cardCodeOf = async (householdId: string) =>
    (await t.database.db.selectFrom('households').select('card_code').where('id', '=', householdId).executeTakeFirstOrThrow()).card_code;

  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.login(t.usernames.culture_office);
    hoa = await makeHousehold(t, t.org.villageA, [{ fullName: 'Nguyễn Thị Hoà', birthYear: 1980, cccd: '008180123456' }, { fullName: 'Hoàng Văn Nam', sex: 'male', birthYear: 2005 }]);
    duc = await makeHousehold(t, t.org.villageA, [{ fullName: 'Nông Văn Đức', sex: 'male', birthYear: 1970 }]);
    dissolved = await makeHousehold(t, t.org.villageA, [{ fullName: 'Triệu Văn Cũ', sex: 'male', birthYear: 1940 }]);
    villageB = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bàn Thị Hoa', birthYear: 1990 }]);
    villageC = await makeHousehold(t, t.org.villageC, [{ fullName: 'Lý Thị Mai', birthYear: 1985 }]);
    const db = t.database.db;
    await db.updateTable('households').set({ code: '12', address: 'Xóm Nà Pồng, đường 2', hamlet_group: 'Tổ 3', phone: '0912000111' }).where('id', '=', hoa.householdId).execute();
    await db.updateTable('households').set({ code: '2' }).where('id', '=', duc.householdId).execute();
    await db.updateTable('households').set({ dissolved_at: '2025-01-01' }).where('id', '=', dissolved.householdId).execute();
    await db.updateTable('accounts').set({ phone: '0912345678' }).where('username', '=', t.usernames.team_leader).execute();
    await db.updateTable('accounts').set({ phone: '0987000222' }).where('username', '=', t.usernames.village_head).execute();
  });
  afterAll(async () => { await t.close(); });

  describe('cards of a village', () => {
    let cards: Card[];
    beforeAll(async () => {
      const res = await get(officer, `/api/door-cards?villageId=${t.org.villageA}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 500 });
      cards = res.body.items;
    });

    it('lists the households that still exist, in the list order, with what a card prints', () => {
      expect(cards.map((c) => c.householdId)).toEqual([duc.householdId, hoa.householdId]); // "2" before "12"
      expect(cards[1]).toMatchObject({
        code: '12', headName: 'Nguyễn Thị Hoà', address: 'Xóm Nà Pồng, đường 2', hamletGroup: 'Tổ 3',
        villageId: t.org.villageA, villageName: 'Thôn Nà Pồng', communeName: 'Bạch Ngọc',
      });
    });

    it("gives the village's team contacts, team leader first", () => {
      expect(cards[0].contacts.map((c) => c.text)).toEqual([
        'Tổ trưởng Tổ CNSCĐ: Người dùng team_leader – 0912345678',
        'Trưởng thôn: Người dùng village_head – 0987000222',
      ]);
      expect(cards[0].contacts[0]).toMatchObject({ role: 'team_leader', fullName: 'Người dùng team_leader', phone: '0912345678' });
    });

    it('puts only the site address and a random code in the QR, nothing personal', async () => {
      const codes = new Set<string>();
      for (const card of cards) {
        expect(card.cardCode).toMatch(/^[0-9a-f]{32}$/);
        expect(card.qrPayload).toBe(`http://${HOST}/q/${card.cardCode}`);
        codes.add(card.cardCode);
        // The payload is exactly the address and the code (above); the code is not derived from them either.
        const personal = [card.householdId, card.householdId.replace(/-/g, ''), card.headName!, foldVietnamese(card.headName!), '0912000111', '008180123456', 'Nà Pồng'];
        for (const value of personal) expect(card.qrPayload).not.toContain(value);
        // The SVG is the QR code of exactly that text (same options, same drawing).
        expect(card.qrSvg).toBe(await QRCode.toString(card.qrPayload, { type: 'svg', errorCorrectionLevel: 'M' }));
        expect(card.qrSvg.startsWith('<svg')).toBe(true);
        for (const value of personal) expect(card.qrSvg).not.toContain(value);
      }
      expect(codes.size).toBe(cards.length);
    });

    it('keeps who printed which households', async () => {
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'list').where('entity', '=', 'household').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ account_id: officer.me.id, org_unit_id: t.org.villageA });
      expect(audit.detail).toMatchObject({ purpose: 'door_cards', results: 2, ids: cards.map((c) => c.householdId) });
    });
  });

  describe('chosen households', () => {
    it('prints the chosen households, a dissolved one too when chosen by name', async () => {
      const res = await get(officer, `/api/door-cards?householdIds=${hoa.householdId},${villageB.householdId}&householdIds=${dissolved.householdId}`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: Card) => c.householdId).sort()).toEqual([hoa.householdId, villageB.householdId, dissolved.householdId].sort());
      const b = res.body.items.find((c: Card) => c.householdId === villageB.householdId);
      expect(b).toMatchObject({ villageName: 'Thôn Bản Bó', contacts: [] });
    });

    it('refuses a selection with a household outside the area, as if it did not exist', async () => {
      const outside = await get(officer, `/api/door-cards?householdIds=${hoa.householdId},${villageC.householdId}`);
      const missing = await get(officer, `/api/door-cards?householdIds=${hoa.householdId},0190a000-0000-7000-8000-000000000000`);
      expect(outside.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(outside.body.error.message).toBe(missing.body.error.message);
    });

    it('keeps a village head to their village', async () => {
      const head = await t.login(t.usernames.village_head);
      expect((await get(head, `/api/door-cards?villageId=${t.org.villageB}`)).body).toMatchObject({ items: [], total: 0 });
      expect((await get(head, `/api/door-cards?householdIds=${villageB.householdId}`)).status).toBe(404);
      expect((await get(head, `/api/door-cards?villageId=${t.org.villageA}`)).body.total).toBe(2);
    });

    it('validates the request in Vietnamese', async () => {
      const none = await get(officer, '/api/door-cards');
      expect(none.status).toBe(400);
      expect(none.body.error.message).toContain('Chọn thôn hoặc các hộ cần in thẻ.');
      const tooMany = Array.from({ length: 501 }, (_, i) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`).join(',');
      const big = await get(officer, `/api/door-cards?householdIds=${tooMany}`);
      expect(big.status).toBe(400);
      expect(big.body.error.message).toContain('tối đa 500');
      expect((await get(officer, '/api/door-cards?householdIds=abc')).status).toBe(400);
    });

    it('pages a large village', async () => {
      const first = await get(officer, `/api/door-cards?villageId=${t.org.villageA}&pageSize=1`);
      const second = await get(officer, `/api/door-cards?villageId=${t.org.villageA}&pageSize=1&page=2`);
      expect(first.body.total).toBe(2);
      expect([first.body.items[0].householdId, second.body.items[0].householdId]).toEqual([duc.householdId, hoa.householdId]);
    });

    it('refuses roles without registry access', async () => {
      const viewer = await t.login(t.usernames.province_viewer);
      expect((await get(viewer, `/api/door-cards?villageId=${t.org.villageA}`)).status).toBe(403);
    });
  });

  describe('scanning a card', () => {
    it('opens the household for a volunteer of its village, and audits the read', async () => {
      const member = await t.login(t.usernames.team_member);
      const res = await member.get(`/api/door-cards/resolve/${await cardCodeOf(hoa.householdId)}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ householdId: hoa.householdId });
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'read').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ account_id: member.me.id, entity: 'household', entity_id: hoa.householdId, org_unit_id: t.org.villageA });
      expect(audit.detail).toEqual({ via: 'door_card' });
    });

    it('answers 404 for a card outside the area and for an unknown code alike', async () => {
      const member = await t.login(t.usernames.team_member);
      const outside = await member.get(`/api/door-cards/resolve/${await cardCodeOf(villageB.householdId)}`);
      const unknown = await member.get('/api/door-cards/resolve/00000000000000000000000000000000');
      expect(outside.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(outside.body).toEqual(unknown.body);
      expect((await officer.get(`/api/door-cards/resolve/${await cardCodeOf(villageB.householdId)}`)).body).toEqual({ householdId: villageB.householdId });
    });

    it('needs a session', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/door-cards/resolve/${await cardCodeOf(hoa.householdId)}` });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('PUBLIC_URL', () => {
    it('is read from the environment, without a trailing slash', () => {
      expect(readConfig({ PUBLIC_URL: 'https://cnscd.tuyenquang.gov.vn/' }).publicUrl).toBe('https://cnscd.tuyenquang.gov.vn');
      expect(readConfig({}).publicUrl).toBeUndefined();
      expect(() => readConfig({ PUBLIC_URL: 'cnscd.vn' })).toThrow();
    });

    it('is the address in the QR when configured, whatever host the request named', async () => {
      const app = await buildApp({
        db: t.database.db, logger: false,
        config: { secureCookies: false, webDir: '/nonexistent', logLevel: 'warn', demo: false, publicUrl: 'https://cnscd.tuyenquang.gov.vn' },
      });
      try {
        const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { identifier: t.usernames.culture_office, password: PASSWORD } });
        // An https PUBLIC_URL makes the session cookie __Host-cnscd_session (Secure).
        const cookie = login.cookies.find((c) => c.name === '__Host-cnscd_session')!;
        const client = new Client(app, `${cookie.name}=${cookie.value}`, login.json().csrfToken, login.json());
        const res = await get(client, `/api/door-cards?householdIds=${hoa.householdId}`);
        expect(res.body.items[0].qrPayload).toBe(`https://cnscd.tuyenquang.gov.vn/q/${await cardCodeOf(hoa.householdId)}`);
      } finally {
        await app.close();
      }
    });
  });

  // Last: forming the team changes every card of village A from here on.
  describe('contacts from the Tổ CNSCĐ', () => {
    let cards: Map<string, Card>;
    beforeAll(async () => {
      const team = await officer.post('/api/teams', { villageId: t.org.villageA, name: 'Tổ CNSCĐ thôn Nà Pồng', formedOn: '2025-03-01' });
      const teamId = team.body.team.id as string;
      const join = (body: Record<string, unknown>) =>
        officer.post(`/api/teams/${teamId}/members`, { affiliation: 'youth_union', joinedOn: '2025-03-01', teamRole: 'member', ...body });
      await join({ fullName: 'Hoàng Văn An', teamRole: 'leader', phone: '0915000111' });
      // A member with no phone of their own is reached on the phone of their account.
      const accountId = (await t.database.db.selectFrom('accounts').select('id').where('username', '=', t.usernames.team_member).executeTakeFirstOrThrow()).id;
      await t.database.db.updateTable('accounts').set({ phone: '0987654321' }).where('id', '=', accountId).execute();
      const member = await join({ fullName: 'Lò Thị Bình', accountId });
      await t.database.db.updateTable('team_members').set({ phone: null }).where('id', '=', member.body.member.id).execute();
      const assigned = await officer.post('/api/teams/assignments', { householdIds: [hoa.householdId], memberId: member.body.member.id, fromDate: '2025-04-01' });
      expect(assigned.status).toBe(200);
      const res = await get(officer, `/api/door-cards?householdIds=${hoa.householdId},${duc.householdId},${villageB.householdId}`);
      cards = new Map(res.body.items.map((c: Card) => [c.householdId, c]));
    });

    it('names the member assigned to the household first, then the team leader', () => {
      expect(cards.get(hoa.householdId)!.contacts).toEqual([
        { role: 'assigned_member', roleLabel: 'Thành viên Tổ CNSCĐ phụ trách', fullName: 'Lò Thị Bình', phone: '0987654321', text: 'Thành viên Tổ CNSCĐ phụ trách: Lò Thị Bình – 0987654321' },
        { role: 'team_leader', roleLabel: 'Tổ trưởng Tổ CNSCĐ', fullName: 'Hoàng Văn An', phone: '0915000111', text: 'Tổ trưởng Tổ CNSCĐ: Hoàng Văn An – 0915000111' },
      ]);
    });

    it('names the leader of the village team for a household nobody is assigned to', () => {
      expect(cards.get(duc.householdId)!.contacts.map((c) => c.text)).toEqual(['Tổ trưởng Tổ CNSCĐ: Hoàng Văn An – 0915000111']);
    });

    it('keeps the previous contacts for a village with no team', () => {
      expect(cards.get(villageB.householdId)!.contacts).toEqual([]);
    });

    it('falls back to the leader when the assigned member leaves the team', async () => {
      const member = (await t.database.db.selectFrom('team_members').select(['id', 'version']).where('full_name', '=', 'Lò Thị Bình').executeTakeFirstOrThrow());
      const left = await officer.post(`/api/teams/members/${member.id}/leave`, { version: member.version, leftOn: '2025-05-01', reason: 'Chuyển đi' });
      expect(left.status).toBe(200);
      const res = await get(officer, `/api/door-cards?householdIds=${hoa.householdId}`);
      expect(res.body.items[0].contacts.map((c: Card['contacts'][number]) => c.role)).toEqual(['team_leader']);
    });
  });
});
