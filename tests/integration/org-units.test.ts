// The org tree through HTTP: the admin adds communes and villages (level derived, path
// kept), renames and deactivates them; subtree scoping stays exact; others only read.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles.ts';
import { loginAs } from '../support/login.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

interface Unit { id: number; parentId: number | null; level: string; code: string | null; name: string; path: string; active: boolean }

describeEachEngine('org units', (engine) => {
  let t: TestApp;
  let admin: Client;
  let provincePath: string;
  let communePath: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = await loginAs(t, t.usernames.admin);
    const paths = await t.database.db.selectFrom('org_units').select(['id', 'path']).where('id', 'in', [t.org.province, t.org.commune]).execute();
    provincePath = paths.find((p) => p.id === t.org.province)!.path;
    communePath = paths.find((p) => p.id === t.org.commune)!.path;
  });
  afterAll(async () => {
    await t?.close();
  });

  const ids = (items: Unit[]) => items.map((u) => u.id);
  const tree = async (client: Client, query = '') => (await client.get(`/api/org-units${query}`)).body.items as Unit[];

  it('adds a commune under the province and a village under it, deriving the level and the path', async () => {
    const commune = await admin.post('/api/org-units', { parentId: t.org.province, name: 'Xã Tân Long', code: '09001' });
    expect(commune.status).toBe(200);
    expect(commune.body).toMatchObject({ parentId: t.org.province, level: 'commune', name: 'Xã Tân Long', code: '09001', active: true });
    expect(commune.body.path).toBe(`${provincePath}${commune.body.id}/`);

    // A level in the body is not the client's to choose.
    const village = await admin.post('/api/org-units', { parentId: commune.body.id, name: 'Thôn Làng Chẩu', level: 'province' });
    expect(village.status).toBe(200);
    expect(village.body).toMatchObject({ parentId: commune.body.id, level: 'village', code: null });
    expect(village.body.path).toBe(`${commune.body.path}${village.body.id}/`);

    const stored = await t.database.db.selectFrom('org_units').select(['level', 'path', 'parent_id']).where('id', '=', village.body.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ level: 'village', path: village.body.path, parent_id: commune.body.id });
    const detail = await admin.get(`/api/org-units/${village.body.id}`);
    expect(detail.body.ancestors.map((a: Unit) => a.id)).toEqual([t.org.province, commune.body.id]);

    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'org_unit').where('entity_id', 'in', [String(commune.body.id), String(village.body.id)]).orderBy('id').execute();
    expect(audit.map((r) => [r.action, r.entity_id, r.account_id])).toEqual([
      ['create', String(commune.body.id), admin.me.id],
      ['create', String(village.body.id), admin.me.id],
    ]);
    expect(audit[1].after).toMatchObject({ name: 'Thôn Làng Chẩu', level: 'village' });
  });

  it('refuses a unit under a village, or under a parent that does not exist', async () => {
    const before = await t.database.db.selectFrom('org_units').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const underVillage = await admin.post('/api/org-units', { parentId: t.org.villageA, name: 'Xóm Con' });
    expect(underVillage.status).toBe(400);
    expect(underVillage.body.error.fields).toEqual([{ path: 'parentId', message: 'Không thể thêm đơn vị dưới cấp thôn.' }]);
    const nowhere = await admin.post('/api/org-units', { parentId: 987654, name: 'Thôn Ma' });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.fields[0].path).toBe('parentId');
    const blank = await admin.post('/api/org-units', { parentId: t.org.commune, name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.fields[0].path).toBe('name');
    const after = await t.database.db.selectFrom('org_units').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a sibling with the same name in any letter case, or a code already used', async () => {
    const sameName = await admin.post('/api/org-units', { parentId: t.org.commune, name: 'THÔN NÀ PỒNG' });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.fields).toEqual([{ path: 'name', message: 'Đã có đơn vị cùng tên trong cấp này.' }]);
    // The same name under another commune is fine.
    expect((await admin.post('/api/org-units', { parentId: t.org.otherCommune, name: 'Thôn Nà Pồng' })).status).toBe(200);
    const sameCode = await admin.post('/api/org-units', { parentId: t.org.commune, name: 'Thôn Mã Trùng', code: '08' });
    expect(sameCode.status).toBe(409);
    expect(sameCode.body.error.fields[0].path).toBe('code');
  });

  it('renames a unit, keeping the before and after in the audit log', async () => {
    const unit = (await admin.post('/api/org-units', { parentId: t.org.commune, name: 'Thôn Cũ' })).body as Unit;
    const renamed = await admin.patch(`/api/org-units/${unit.id}`, { name: 'Thôn Mới Đổi Tên', code: 'BN-17' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: unit.id, name: 'Thôn Mới Đổi Tên', code: 'BN-17', level: 'village', path: unit.path });
    expect((await admin.get(`/api/org-units/${unit.id}`)).body.name).toBe('Thôn Mới Đổi Tên');
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'org_unit').where('entity_id', '=', String(unit.id)).where('action', '=', 'update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ account_id: admin.me.id, before: { name: 'Thôn Cũ', code: null }, after: { name: 'Thôn Mới Đổi Tên', code: 'BN-17' } });
  });

  it('deactivates a unit: out of the tree unless asked for, kept in the data, and back when reactivated', async () => {
    const unit = (await admin.post('/api/org-units', { parentId: t.org.commune, name: 'Thôn Sáp Nhập' })).body as Unit;
    const off = await admin.patch(`/api/org-units/${unit.id}`, { active: false });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect(ids(await tree(admin))).not.toContain(unit.id);
    expect(ids(await tree(admin, '?includeInactive=false'))).not.toContain(unit.id);
    expect(ids(await tree(admin, '?includeInactive=true'))).toContain(unit.id);
    expect(ids(await tree(admin, '?includeInactive=1'))).toContain(unit.id);
    expect((await admin.get('/api/org-units?includeInactive=maybe')).status).toBe(400);
    expect((await admin.get(`/api/org-units/${unit.id}`)).body.active).toBe(false);
    expect((await admin.patch(`/api/org-units/${unit.id}`, { active: true })).body.active).toBe(true);
    expect(ids(await tree(admin))).toContain(unit.id);
  });

  it('keeps subtree scoping exact when one unit\'s id is a prefix of another\'s', async () => {
    // The next commune gets an id that starts with Bạch Ngọc's (e.g. 2 → 20): '/1/20/' must not fall in '/1/2/'.
    const { max } = await t.database.db.selectFrom('org_units').select(sql<number>`max(id)`.as('max')).executeTakeFirstOrThrow();
    let target = t.org.commune * 10;
    while (target <= max) target *= 10;
    await sql`SELECT setval(pg_get_serial_sequence('org_units', 'id'), ${target - 1})`.execute(t.database.db);
    const lookalike = (await admin.post('/api/org-units', { parentId: t.org.province, name: 'Xã Mã Giống' })).body as Unit;
    expect(lookalike.id).toBe(target);
    expect(lookalike.path.startsWith(communePath.slice(0, -1))).toBe(true);
    const village = (await admin.post('/api/org-units', { parentId: lookalike.id, name: 'Thôn Giống Mã' })).body as Unit;
    const { personIds, householdId } = await makeHousehold(t, village.id, [{ fullName: 'Sầm Văn Lạc' }]);
    const ownVillage = (await admin.post('/api/org-units', { parentId: t.org.commune, name: 'Thôn Mới Của Xã' })).body as Unit;

    const leader = await loginAs(t, t.usernames.commune_leader);
    const units = ids(await tree(leader));
    expect(units).toContain(ownVillage.id); // a new village of the commune is in its subtree at once
    expect(units).not.toContain(lookalike.id);
    expect(units).not.toContain(village.id);
    const byNumber = (a: number, b: number) => a - b;
    const expected = (await tree(admin)).filter((u) => u.path.startsWith(communePath)).map((u) => u.id);
    expect(units.sort(byNumber)).toEqual(expected.sort(byNumber));
    expect((await leader.get(`/api/org-units/${village.id}`)).status).toBe(404);
    expect((await leader.get(`/api/people/${personIds[0]}`)).status).toBe(404);
    expect((await leader.get(`/api/households/${householdId}`)).status).toBe(404);
    expect((await leader.get('/api/people?q=sam%20van%20lac')).body.items).toEqual([]);
    expect((await admin.get(`/api/people/${personIds[0]}`)).status).toBe(200);
  });

  it('refuses every non-admin role the writes (403), changing nothing', async () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const client = await loginAs(t, t.usernames[role]);
      const create = await client.post('/api/org-units', { parentId: t.org.commune, name: `Thôn Của ${role}` });
      expect(create.status, role).toBe(403);
      expect(create.body.error.code).toBe('forbidden');
      const rename = await client.patch(`/api/org-units/${t.org.villageA}`, { name: 'Thôn Bị Đổi', active: false });
      expect(rename.status, role).toBe(403);
    }
    const villageA = await t.database.db.selectFrom('org_units').select(['name', 'active']).where('id', '=', t.org.villageA).executeTakeFirstOrThrow();
    expect(villageA).toEqual({ name: 'Thôn Nà Pồng', active: true });
    const created = await t.database.db.selectFrom('org_units').select('id').where('name', 'like', 'Thôn Của %').execute();
    expect(created).toEqual([]);
  });

  it('shows a village head only their own village', async () => {
    const head = await loginAs(t, t.usernames.village_head);
    const units = await tree(head);
    expect(units.map((u) => [u.id, u.level])).toEqual([[t.org.villageA, 'village']]);
    expect((await tree(head, '?includeInactive=true')).map((u) => u.id)).toEqual([t.org.villageA]);
    for (const id of [t.org.province, t.org.commune, t.org.villageB, t.org.villageC]) {
      expect((await head.get(`/api/org-units/${id}`)).status, String(id)).toBe(404);
    }
    const own = await head.get(`/api/org-units/${t.org.villageA}`);
    expect(own.status).toBe(200);
    expect(own.body.name).toBe('Thôn Nà Pồng');
  });
});
