// Issue 19, the phone's side on the server: the device keys that keep a wiped phone's unsent
// outbox openable after its owner's next login (and by no one else), and the 401 that tells a
// phone its session was ended by the server (so it wipes) rather than merely expired.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type Client, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

describeEachEngine('field device keys and ended sessions', (engine) => {
  let t: TestApp;
  let volunteer: Client;
  let leader: Client;

  beforeAll(async () => {
    t = await createTestApp(engine);
    [volunteer, leader] = await Promise.all([t.login(t.usernames.team_member), t.login(t.usernames.team_leader)]);
  });
  afterAll(async () => { await t.close(); });

  it('makes a 32-byte key for the phone and gives it back only to the same account, audited', async () => {
    const made = await volunteer.post('/api/sync/device-keys');
    expect(made.status).toBe(200);
    expect(Buffer.from(made.body.key, 'base64url')).toHaveLength(32);

    // Another account, even of the same village, gets "not found" (as for a key that does not exist).
    const other = await leader.post(`/api/sync/device-keys/${made.body.id}/release`);
    expect(other.status).toBe(404);
    const missing = await volunteer.post('/api/sync/device-keys/0194d368-0000-7000-8000-000000000000/release');
    expect(missing.status).toBe(404);
    expect(other.body).toEqual(missing.body);

    const again = await t.login(t.usernames.team_member);
    const released = await again.post(`/api/sync/device-keys/${made.body.id}/release`);
    expect(released.status).toBe(200);
    expect(released.body).toEqual(made.body);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', sql<string>`entity_id`.as('entity_id')])
      .where('entity', '=', 'field_device_key').where(sql`entity_id`, '=', made.body.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'read']);
    // Desk accounts have no phone outbox to keep.
    const officer = await t.login(t.usernames.culture_office);
    expect((await officer.post('/api/sync/device-keys')).status).toBe(403);
  });

  it('answers a session ended by an admin with session_revoked, an unknown one with unauthenticated', async () => {
    const phone = await t.login(t.usernames.team_member);
    expect((await phone.get('/api/sync/pull')).status).toBe(200);
    const admin = await t.login(t.usernames.admin);
    const account = await t.database.db.selectFrom('accounts').select('id').where('username', '=', t.usernames.team_member).executeTakeFirstOrThrow();
    expect((await admin.post(`/api/accounts/${account.id}/revoke-sessions`)).status).toBe(200);
    const ended = await phone.get('/api/sync/pull');
    expect(ended.status).toBe(401);
    expect(ended.body.error.code).toBe('session_revoked');
    const pushed = await phone.post('/api/sync/push', { mutations: [{ id: '0194d368-0000-7000-8000-000000000001', kind: 'x', payload: {} }] });
    expect(pushed.body.error.code).toBe('session_revoked');

    const unknown = await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: { cookie: 'cnscd_session=not-a-session' } });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('unauthenticated');
  });
});
