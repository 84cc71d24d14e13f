// The pull's "anything new?" check (issue 21): with quick=1 and a cursor of today, a pull
// whose village and units above saw no write the cursor's snapshot missed answers
// { unchanged: true } without reading (or auditing) anything personal; any such write — a
// visit, a desk edit, the commune's name, a training, a write still open at the previous
// pull — makes it a real pull that sends the change.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/server/features/sync/sync.service.ts';
import { foldSyncMarks } from '../../src/server/features/sync/pull.queries.ts';
import type { PullResponse, PullUnchanged } from '../../src/shared/sync.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { action, event, makeTeam, mutation } from '../support/field-fixtures.ts';

describeEachEngine('field sync: quick pull', (engine) => {
  let t: TestApp;
  let officer: Client;
  let volunteer: Client;
  let hh: { householdId: string; personIds: string[] };
  let far: { householdId: string; personIds: string[] };
  let cursor: string;
  let memberId: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, volunteer] = await Promise.all([t.login(t.usernames.culture_office), t.login(t.usernames.team_member)]);
    hh = await makeHousehold(t, t.org.villageA, [{ fullName: 'Hà Văn Lợi', sex: 'male', birthYear: 1979 }, { fullName: 'Nông Thị Thu', birthYear: 1982 }]);
    far = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bế Văn Xa', sex: 'male', birthYear: 1968 }]);
    memberId = (await makeTeam(t, t.org.villageA, [{ fullName: 'Người dùng team_member', username: t.usernames.team_member, teamRole: 'leader' }])).memberIds[0];
  });
  afterAll(async () => { await t.close(); });

  const quick = async (c?: string) => {
    const res = await volunteer.get(`/api/sync/pull?quick=1${c ? `&cursor=${encodeURIComponent(c)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as PullResponse | PullUnchanged;
  };
  const full = (answer: PullResponse | PullUnchanged): PullResponse => {
    expect(answer, 'a real pull').not.toHaveProperty('unchanged');
    return answer as PullResponse;
  };
  const unchanged = (answer: PullResponse | PullUnchanged): PullUnchanged => {
    expect(answer).toMatchObject({ unchanged: true });
    return answer as PullUnchanged;
  };
  const audits = async () => (await t.database.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'sync_pull').executeTakeFirstOrThrow()).n;

  it('answers "unchanged" to a cursor nothing happened since, with a new cursor and no audit', async () => {
    const first = full(await quick());
    expect(first.reset).toBe(true);
    const before = await audits();
    const same = unchanged(await quick(first.cursor));
    expect(Object.keys(same).sort()).toEqual(['cursor', 'serverTime', 'unchanged']);
    expect(await audits()).toBe(before);
    // The new cursor still works for a real pull (no quick): nothing to send.
    const plain = await volunteer.get(`/api/sync/pull?cursor=${encodeURIComponent(same.cursor)}`);
    expect(plain.body).toMatchObject({ reset: false, households: [], people: [] });
    cursor = same.cursor;
  });

  it('is a real pull after a visit in the village, then unchanged again', async () => {
    const res = await volunteer.post('/api/sync/push', { mutations: [mutation('support.record', event(hh.householdId, [action(hh.personIds[0], 'install_vneid')], { eventDate: '2025-09-01' }))] });
    expect(res.status).toBe(200);
    const next = full(await quick(cursor));
    expect(next.reset).toBe(false);
    expect(next.people.map((p) => p.id)).toEqual([hh.personIds[0]]);
    cursor = unchanged(await quick(next.cursor)).cursor;
  });

  it('stays unchanged when another village changes, not when the desk edits this one', async () => {
    const version = (await t.database.db.selectFrom('people').select('version').where('id', '=', far.personIds[0]).executeTakeFirstOrThrow()).version;
    expect((await officer.patch(`/api/people/${far.personIds[0]}`, { version, phone: '0966000777' })).status).toBe(200);
    cursor = unchanged(await quick(cursor)).cursor;
    const mine = (await t.database.db.selectFrom('people').select('version').where('id', '=', hh.personIds[1]).executeTakeFirstOrThrow()).version;
    expect((await officer.patch(`/api/people/${hh.personIds[1]}`, { version: mine, phone: '0966000888' })).status).toBe(200);
    const next = full(await quick(cursor));
    expect(next.people.map((p) => p.id)).toEqual([hh.personIds[1]]);
    cursor = unchanged(await quick(next.cursor)).cursor;
  });

  it('is a real pull after a change of a unit above the village (the commune)', async () => {
    await sql`UPDATE org_units SET name = 'Bạch Ngọc' WHERE id = ${t.org.commune}`.execute(t.database.db);
    const next = full(await quick(cursor));
    expect(next.village.communeName).toBe('Bạch Ngọc');
    cursor = unchanged(await quick(next.cursor)).cursor;
    // The other commune is not above this village.
    await sql`UPDATE org_units SET name = name WHERE id = ${t.org.otherCommune}`.execute(t.database.db);
    cursor = unchanged(await quick(cursor)).cursor;
  });

  it('gives the same answers once the marks are folded into one row per unit', async () => {
    const before = cursor;
    const res = await volunteer.post('/api/sync/push', { mutations: [mutation('support.record', event(hh.householdId, [action(hh.personIds[1], 'install_vneid')], { eventDate: '2025-09-02' }))] });
    expect(res.status).toBe(200);
    const seen = full(await quick(before));
    expect(seen.people.map((p) => p.id)).toEqual([hh.personIds[1]]);
    expect(await foldSyncMarks(t.database.db)).toBeGreaterThan(0);
    expect(await t.database.db.selectFrom('sync_unit_marks').select('org_unit_id').execute()).toEqual([]);
    // A cursor from before the visit still sees it…
    expect(full(await quick(before)).people.map((p) => p.id)).toEqual([hh.personIds[1]]);
    // …one from after it may take one real pull more (the fold is newer), then is unchanged.
    const after = await quick(seen.cursor);
    cursor = unchanged(await quick(after.cursor)).cursor;
    expect(await foldSyncMarks(t.database.db)).toBe(0);
    cursor = unchanged(await quick(cursor)).cursor;
  });

  it('is a real pull for a cursor of another day, account or village, or without quick=1', async () => {
    const decoded = decodeCursor(cursor)!;
    expect(decoded.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const { snapshot } = decoded.since;
    const accountId = volunteer.me.id as string;
    expect(encodeCursor(t.org.villageA, snapshot, decoded.referenceDigest, memberId, { day: decoded.day!, accountId })).toBe(cursor);
    unchanged(await quick(cursor));
    full(await quick(encodeCursor(t.org.villageA, snapshot, decoded.referenceDigest, memberId, { day: '2020-01-01', accountId })));
    full(await quick(encodeCursor(t.org.villageA, snapshot, decoded.referenceDigest, memberId, { day: decoded.day!, accountId: officer.me.id as string })));
    full(await quick(encodeCursor(t.org.villageA, snapshot, decoded.referenceDigest, memberId)));
    expect(full(await quick(encodeCursor(t.org.villageB, snapshot, decoded.referenceDigest, memberId, { day: decoded.day!, accountId }))).reset).toBe(true);
    const plain = await volunteer.get(`/api/sync/pull?cursor=${encodeURIComponent(cursor)}`);
    expect(plain.body).not.toHaveProperty('unchanged');
  });

  it.runIf(engine === 'postgres')('is a real pull after a write that was still open at the previous quick pull, and sends it', async () => {
    const slow = await t.database.pool!.connect();
    let next: PullUnchanged;
    try {
      await slow.query('BEGIN');
      await slow.query(`UPDATE people SET phone = '0944000555' WHERE id = $1`, [hh.personIds[0]]);
      next = unchanged(await quick(cursor));
      await slow.query('COMMIT');
    } finally {
      slow.release();
    }
    const after = full(await quick(next.cursor));
    expect(after.people.map((p) => p.id)).toEqual([hh.personIds[0]]);
  });
});
