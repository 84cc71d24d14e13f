// The field app's sync through HTTP: push applies each mutation exactly once (resent,
// concurrent, reordered, reused ids, bad mutations amid good ones), contact fields merge
// with the later edit winning, and pull sends only what changed in the member's village.
import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn as ageOnDate } from '../../src/shared/calendar.ts';

import { actorOfMe } from '../support/actor.ts';
import { PushInterrupted, encodeCursor, gzipBytes, pushMutations } from '../../src/server/features/sync/sync.service.ts';
import type { MutationResult, PullResponse } from '../../src/shared/sync.ts';
import { type Client, type TestApp, createTestApp, makeHousehold } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';
import { type TeamFixture, action, countRows, event, makeTeam, mutation, setPerson } from '../support/field-fixtures.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';

const ageOn = (birthDate: string | null, birthYear: number, asOf: string) => ageOnDate({ birthDate, birthYear }, asOf);

describeEachEngine('field sync', (engine) => {
  let t: TestApp;
  let officer: Client;
  let volunteer: Client;
  let hh: { householdId: string; personIds: string[] };
  let far: { householdId: string; personIds: string[] };
  let team: TeamFixture;

  beforeAll(async () => {
    t = await createTestApp(engine);
    [officer, volunteer] = await Promise.all([t.login(t.usernames.culture_office), t.login(t.usernames.team_member)]);
    hh = await makeHousehold(t, t.org.villageA, [
      { fullName: 'Hà Văn Lợi', sex: 'male', birthYear: 1979, cccd: '008079012345' },
      { fullName: 'Nông Thị Thu', birthYear: 1982 },
      { fullName: 'Hà Thị Ngọc', birthDate: '2012-09-02' },
    ]);
    far = await makeHousehold(t, t.org.villageB, [{ fullName: 'Bế Văn Xa', sex: 'male', birthYear: 1968 }]);
    team = await makeTeam(t, t.org.villageA, [
      { fullName: 'Người dùng team_member', username: t.usernames.team_member, teamRole: 'leader' },
      { fullName: 'Hoàng Thị Lan' },
      { fullName: 'Triệu Văn Cũ', leftOn: '2025-03-01' },
    ]);
  });
  afterAll(async () => { await t.close(); });

  const push = async (client: Client, mutations: unknown[]) => {
    const res = await client.post('/api/sync/push', { mutations });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results as MutationResult[];
  };
  const pull = async (client: Client, cursor?: string) => {
    const res = await client.get(`/api/sync/pull${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as PullResponse;
  };
  /** Fresh households in village A, one adult each, for visits that must not collide. */
  async function households(n: number) {
    const made = [];
    for (let i = 0; i < n; i += 1) made.push(await makeHousehold(t, t.org.villageA, [{ fullName: `Lường Văn ${i}`, sex: 'male', birthYear: 1960 + i }]));
    return made;
  }
  const visits = (list: Array<{ householdId: string; personIds: string[] }>, date = '2025-09-01') =>
    list.map((h) => mutation('support.record', event(h.householdId, [action(h.personIds[0], 'install_vneid'), action(h.personIds[0], 'open_bank_account', 'not_done', { reason: 'no_smartphone' })], { eventDate: date, helperMemberIds: [team.memberIds[0]] })));
  const eventIds = (batch: Array<{ payload: unknown }>) => batch.map((m) => (m.payload as { id: string }).id);

  describe('push', () => {
    it('applies a batch once: the same batch again is all "duplicate", one row per event', async () => {
      const batch = [
        ...visits(await households(5)),
        mutation('person.contact', { personId: hh.personIds[1], editedAt: new Date().toISOString(), fields: { phone: '0912 000 111', hasSmartphone: true } }),
        mutation('household.contact', { householdId: hh.householdId, editedAt: new Date().toISOString(), fields: { phone: '0912000222' } }),
      ];
      const first = await push(volunteer, batch);
      expect(first.map((r) => r.status)).toEqual(Array(7).fill('applied'));
      expect(first.map((r) => r.id)).toEqual(batch.map((m) => m.id));
      const second = await push(volunteer, batch);
      expect(second.map((r) => r.status)).toEqual(Array(7).fill('duplicate'));
      expect(await countRows(t, 'support_events', { column: 'id', in: eventIds(batch.slice(0, 5)) })).toBe(5);
      expect(await countRows(t, 'support_actions', { column: 'event_id', in: eventIds(batch.slice(0, 5)) })).toBe(10);
      expect(await countRows(t, 'sync_mutations', { column: 'id', in: batch.map((m) => m.id) })).toBe(7);
      // Three field edits (phone, smartphone, household phone), not six.
      expect(await countRows(t, 'field_edits', { column: 'mutation_id', in: batch.map((m) => m.id) })).toBe(3);
      const person = await t.database.db.selectFrom('people').select(['phone', 'has_smartphone']).where('id', '=', hh.personIds[1]).executeTakeFirstOrThrow();
      expect(person).toEqual({ phone: '0912000111', has_smartphone: true });
    });

    it('stores each event exactly once when two pushes of the same batch run at the same time', async () => {
      const batch = visits(await households(12));
      const other = await t.login(t.usernames.team_member); // the same volunteer on a second session
      const [a, b] = await Promise.all([push(volunteer, batch), push(other, batch)]);
      for (let i = 0; i < batch.length; i += 1) {
        expect([a[i].status, b[i].status].sort(), `mutation ${i}`).toEqual(['applied', 'duplicate']);
      }
      expect(await countRows(t, 'support_events', { column: 'id', in: eventIds(batch) })).toBe(12);
      expect(await countRows(t, 'support_actions', { column: 'event_id', in: eventIds(batch) })).toBe(24);
      expect(await countRows(t, 'sync_mutations', { column: 'id', in: batch.map((m) => m.id) })).toBe(12);
      const audits = await t.database.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n'))
        .where('entity', '=', 'support_event').where('entity_id', 'in', eventIds(batch)).executeTakeFirstOrThrow();
      expect(audits.n).toBe(12);
    });

    it('stores each event exactly once when one push runs the batch forwards and another backwards, at once', async () => {
      const batch = visits(await households(10));
      const other = await t.login(t.usernames.team_member);
      const [a, b] = await Promise.all([push(volunteer, batch), push(other, [...batch].reverse())]);
      const statuses = new Map<string, string[]>();
      for (const r of [...a, ...b]) statuses.set(r.id, [...(statuses.get(r.id) ?? []), r.status]);
      for (const m of batch) expect(statuses.get(m.id)!.sort()).toEqual(['applied', 'duplicate']);
      expect(await countRows(t, 'support_events', { column: 'id', in: eventIds(batch) })).toBe(10);
      expect(await countRows(t, 'support_actions', { column: 'event_id', in: eventIds(batch) })).toBe(20);
    });

    it('gives the same result for a batch sent in reverse order: the first date still wins', async () => {
      const [h] = await households(1);
      const person = h.personIds[0];
      const dated = ['2025-03-03', '2025-01-15', '2025-02-20'].map((eventDate) =>
        mutation('support.record', event(h.householdId, [action(person, 'create_dvc_account')], { eventDate })));
      const reversed = await push(volunteer, [...dated].reverse());
      expect(reversed.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      const status = await t.database.db.selectFrom('person_digital_status').select(['dvc_account_on', 'last_visit_on']).where('person_id', '=', person).executeTakeFirstOrThrow();
      expect(status).toEqual({ dvc_account_on: '2025-01-15', last_visit_on: '2025-03-03' });
      // …and then in the phone's order: nothing new.
      expect((await push(volunteer, dated)).map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
      expect(await countRows(t, 'support_events', { column: 'id', in: eventIds(dated) })).toBe(3);
    });

    it('refuses a mutation id reused with other content, and keeps the first', async () => {
      const [h] = await households(1);
      const first = mutation('support.record', event(h.householdId, [action(h.personIds[0], 'install_vssid')]));
      expect((await push(volunteer, [first]))[0].status).toBe('applied');
      const changed = { ...first, payload: { ...(first.payload as object), eventDate: '2025-06-11' } };
      const [result] = await push(volunteer, [changed]);
      expect(result).toEqual({ id: first.id, status: 'refused', error: { code: 'conflict', message: 'Mã thao tác đã dùng cho nội dung khác.', field: 'id' } });
      const stored = await t.database.db.selectFrom('support_events').select('event_date').where('id', '=', (first.payload as { id: string }).id).executeTakeFirstOrThrow();
      expect(stored.event_date).toBe('2025-06-10');
      // The original is still answered as before.
      expect((await push(volunteer, [first]))[0].status).toBe('duplicate');
    });

    it('does not let one bad mutation block the others, and answers a resend the same way', async () => {
      const [h1, h2, h3] = await households(3);
      const batch = [
        visits([h1])[0],
        // An action this server does not know (a newer app, or a tampered outbox).
        mutation('support.record', { ...event(h2.householdId, []), actions: [{ personId: h2.personIds[0], action: 'teleport', outcome: 'done' }] }),
        visits([h2])[0],
        mutation('support.record', event(far.householdId, [action(far.personIds[0], 'install_vneid')])),
        mutation('teams.dance', { steps: 3 }),
        mutation('support.record', event(h3.householdId, [action(h3.personIds[0], 'open_bank_account', 'not_done')])),
        visits([h3])[0],
      ];
      const results = await push(volunteer, batch);
      expect(results.map((r) => r.status)).toEqual(['applied', 'refused', 'applied', 'refused', 'refused', 'refused', 'applied']);
      expect(results[1].error).toMatchObject({ code: 'validation', field: 'actions[0].action' });
      expect(results[1].error!.message).toMatch(/^Việc thứ 1 – Việc hỗ trợ: /);
      expect(results[3].error).toEqual({ code: 'not_found', field: 'householdId', message: 'Hộ gia đình: Hộ gia đình không tồn tại hoặc ngoài phạm vi của bạn.' });
      expect(results[4].error).toEqual({ code: 'validation', field: 'kind', message: 'Loại thao tác: Loại thao tác "teams.dance" không được hỗ trợ; hãy cập nhật ứng dụng.' });
      expect(results[5].error).toMatchObject({ field: 'actions[0].reason' });
      // Nothing of a refused mutation was written; its refusal was.
      expect(await countRows(t, 'support_events', { column: 'id', in: eventIds([batch[1], batch[3], batch[5]]) })).toBe(0);
      const stored = await t.database.db.selectFrom('sync_mutations').select(['id', 'status']).where('id', 'in', batch.map((m) => m.id)).execute();
      expect(stored.filter((r) => r.status === 'refused')).toHaveLength(4);
      const again = await push(volunteer, batch);
      expect(again.map((r) => r.status)).toEqual(['duplicate', 'refused', 'duplicate', 'refused', 'refused', 'refused', 'duplicate']);
      expect(again.map((r) => r.error)).toEqual(results.map((r) => r.error));
    });

    it('refuses a visit to another village\'s household, and desk-only support, with the reason to show', async () => {
      const [outside, centre] = await push(volunteer, [
        mutation('support.record', event(far.householdId, [action(far.personIds[0], 'security_advice')])),
        mutation('support.record', event(hh.householdId, [action(hh.personIds[0], 'create_dvc_account')], { channel: 'service_center' })),
      ]);
      expect(outside.status).toBe('refused');
      expect(outside.error!.message).toContain('ngoài phạm vi của bạn');
      expect(centre.error).toMatchObject({ field: 'channel' });
      expect(centre.error!.message).toContain('Chỉ cán bộ tại Trung tâm');
    });

    it('takes a batch only from field accounts, and refuses a malformed envelope as a whole', async () => {
      expect((await officer.post('/api/sync/push', { mutations: visits([hh]) })).status).toBe(403);
      expect((await volunteer.post('/api/sync/push', { mutations: [] })).status).toBe(400);
      expect((await volunteer.post('/api/sync/push', { mutations: [{ id: 'not-a-uuid', kind: 'support.record', payload: {} }] })).status).toBe(400);
    });

    it('stops the batch when the database fails, with nothing half-written, and finishes on the resend', async () => {
      const batch = visits(await households(4));
      let actionsInserts = 0;
      // The second INSERT of actions fails as if the connection dropped mid-transaction: in
      // groups of two stored at once, that is the second group's.
      const failing: KyselyPlugin = {
        transformQuery(args) {
          const node = args.node as { kind: string; into?: { table: { identifier: { name: string } } } };
          if (node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'support_actions') {
            actionsInserts += 1;
            if (actionsInserts === 2) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
          }
          return args.node;
        },
        async transformResult(args) { return args.result; },
      };
      const actor = actorOfMe(volunteer.me);
      // Groups of two: the first group commits, the second fails and leaves nothing.
      const error = await pushMutations(t.database.db.withPlugin(failing), actor, batch, { groupSize: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PushInterrupted);
      expect((error as PushInterrupted).results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await countRows(t, 'sync_mutations', { column: 'id', in: batch.map((m) => m.id) })).toBe(2);
      expect(await countRows(t, 'support_events', { column: 'id', in: eventIds(batch) })).toBe(2);
      const resent = await push(volunteer, batch);
      expect(resent.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'applied', 'applied']);
      expect(await countRows(t, 'support_events', { column: 'id', in: eventIds(batch) })).toBe(4);
    });
  });

  describe('contact fields: the later edit wins, the earlier is kept', () => {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const personRow = (id: string) => t.database.db.selectFrom('people').select(['phone', 'has_smartphone', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    const edits = (id: string, field: string) => t.database.db.selectFrom('field_edits').select(['value', 'applied', 'account_id', 'edited_at']).where('entity_id', '=', id).where('field', '=', field).orderBy('id').execute();

    it('keeps a desk edit over a phone edit made before it that arrives after it', async () => {
      const [h] = await households(1);
      const id = h.personIds[0];
      // The phone edits at 10 minutes ago, offline; the desk edits now; then the phone syncs.
      let current = await personRow(id);
      const desk = await officer.patch(`/api/people/${id}`, { version: current.version, phone: '0987 111 222' });
      expect(desk.status).toBe(200);
      const [result] = await push(volunteer, [mutation('person.contact', { personId: id, editedAt: minutesAgo(10), fields: { phone: '0987333444' } })]);
      expect(result.status).toBe('applied');
      current = await personRow(id);
      expect(current.phone).toBe('0987111222');
      const history = await edits(id, 'phone');
      expect(history.map((e) => [e.value, e.applied, e.account_id])).toEqual([
        ['0987111222', true, officer.me.id],
        ['0987333444', false, volunteer.me.id],
      ]);
    });

    it('lets a phone edit made after the desk\'s win, whenever it arrives', async () => {
      const [h] = await households(1);
      const id = h.personIds[0];
      const desk = await officer.patch(`/api/people/${id}`, { version: (await personRow(id)).version, phone: '0987111000', hasSmartphone: true });
      expect(desk.body.hasSmartphone).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await push(volunteer, [mutation('person.contact', { personId: id, editedAt: new Date().toISOString(), fields: { hasSmartphone: false } })]);
      expect(await personRow(id)).toMatchObject({ phone: '0987111000', has_smartphone: false });
      // A later desk save that does not touch the field leaves the phone's value alone.
      await officer.patch(`/api/people/${id}`, { version: (await personRow(id)).version, note: 'Đã gọi điện' });
      expect((await personRow(id)).has_smartphone).toBe(false);
      expect((await edits(id, 'has_smartphone')).map((e) => e.applied)).toEqual([true, true]);
    });

    it('does not let a phone with its clock in the future win over later edits', async () => {
      const [h] = await households(1);
      const id = h.personIds[0];
      await push(volunteer, [mutation('person.contact', { personId: id, editedAt: '2099-01-01T00:00:00+07:00', fields: { phone: '0911000001' } })]);
      const [edit] = await edits(id, 'phone');
      expect(new Date(edit.edited_at).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await officer.patch(`/api/people/${id}`, { version: (await personRow(id)).version, phone: '0911000002' });
      expect((await personRow(id)).phone).toBe('0911000002');
    });

    it('merges household fields one by one, desk and phone alike', async () => {
      const [h] = await households(1);
      const household = () => t.database.db.selectFrom('households').select(['phone', 'no_capable_member', 'version']).where('id', '=', h.householdId).executeTakeFirstOrThrow();
      const desk = await officer.patch(`/api/households/${h.householdId}`, { version: (await household()).version, phone: '0977000111' });
      expect(desk.status).toBe(200);
      // Made before the desk's phone edit: the phone number loses, "no capable member" (not edited at the desk) wins.
      const [r] = await push(volunteer, [mutation('household.contact', { householdId: h.householdId, editedAt: minutesAgo(5), fields: { phone: '0977000999', noCapableMember: true } })]);
      expect(r.status).toBe('applied');
      expect(await household()).toMatchObject({ phone: '0977000111', no_capable_member: true });
      const audit = await t.database.db.selectFrom('audit_log').select(['detail', 'account_id']).where('entity', '=', 'household').where('entity_id', '=', h.householdId).where('action', '=', 'update').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit.detail).toMatchObject({ source: 'sync', applied: ['no_capable_member'], superseded: ['phone'] });
    });

    it('checks a phone number as strictly as the desk form', async () => {
      const [r] = await push(volunteer, [mutation('person.contact', { personId: hh.personIds[0], editedAt: new Date().toISOString(), fields: { phone: '12345' } })]);
      expect(r.error).toEqual({ code: 'validation', field: 'fields.phone', message: 'Các trường sửa – Số điện thoại: Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0.' });
      const [outside] = await push(volunteer, [mutation('person.contact', { personId: far.personIds[0], editedAt: new Date().toISOString(), fields: { hasSmartphone: true } })]);
      expect(outside.error).toMatchObject({ code: 'not_found', field: 'personId' });
    });
  });

  describe('pull', () => {
    let village: { households: Array<{ householdId: string; personIds: string[] }> };
    let cursor: string;

    beforeAll(async () => {
      village = { households: await households(2) };
      // The volunteer's own households come in full; hh stays someone else's (a search-list entry).
      await t.database.db.updateTable('households').set({ assigned_member_id: team.memberIds[0] })
        .where('id', 'in', village.households.map((h) => h.householdId)).execute();
      await t.database.db.updateTable('households').set({ assigned_member_id: team.memberIds[1] }).where('id', '=', hh.householdId).execute();
      await t.database.db.updateTable('people').set({ phone: '0912345678' }).where('id', '=', hh.personIds[2]).execute();
    });

    it('sends the whole village first, without CCCD or ethnicity, with the team and who I am', async () => {
      const first = await pull(volunteer);
      expect(first.reset).toBe(true);
      expect(first.village).toEqual({ id: t.org.villageA, name: 'Thôn Nà Pồng', communeName: 'Bạch Ngọc' });
      expect(first.me.memberId).toBe(team.memberIds[0]);
      expect(first.team!.members.map((m) => m.fullName)).toEqual(['Người dùng team_member', 'Hoàng Thị Lan']); // not the one who left
      const villageA = await t.database.db.selectFrom('households').select('id').where('village_id', '=', t.org.villageA).execute();
      expect(first.households.map((h) => h.id).sort()).toEqual(villageA.map((h) => h.id).sort());
      expect(first.households.map((h) => h.id)).not.toContain(far.householdId);
      const lợi = first.people.find((p) => p.id === hh.personIds[0])!;
      expect(lợi).toMatchObject({ fullName: 'Hà Văn Lợi', householdId: hh.householdId, status: 'resident', relationToHead: 'head' });
      expect(Object.keys(lợi)).not.toContain('cccd');
      expect(Object.keys(lợi)).not.toContain('ethnicity');
      expect(JSON.stringify(first)).not.toContain('008079012345');
      expect(first.removed).toEqual({ households: [], people: [] });
      expect(first.figures.households).toBe(villageA.length);
      cursor = first.cursor;
    });

    it('sends my assigned households in full and the rest of the village without dates of birth and phones', async () => {
      const first = await pull(volunteer);
      const mine = new Set(village.households.map((h) => h.householdId));
      for (const h of first.households) expect(h.full, h.id).toBe(mine.has(h.id));
      const full = first.people.filter((p) => mine.has(p.householdId));
      expect(full.map((p) => p.id).sort()).toEqual(village.households.flatMap((h) => h.personIds).sort());
      // A search-list entry: name, sex, birth year, relation, statuses; no date of birth, no phone.
      const ngọc = first.people.find((p) => p.id === hh.personIds[2])!;
      expect(ngọc).toMatchObject({ fullName: 'Hà Thị Ngọc', birthYear: 2012, birthDate: null, phone: null });
      expect(first.households.find((h) => h.id === hh.householdId)).toMatchObject({ full: false, phone: null });
      expect(JSON.stringify(first)).not.toContain('2012-09-02');
      expect(JSON.stringify(first)).not.toContain('0912345678');
      // Nothing of another village: not its households, not its people.
      expect(first.people.map((p) => p.id)).not.toContain(far.personIds[0]);
      expect(JSON.stringify(first)).not.toContain('Bế Văn Xa');

      // Assigned to me later: the household comes again, in full, with its people.
      await t.database.db.updateTable('households').set({ assigned_member_id: team.memberIds[0] }).where('id', '=', hh.householdId).execute();
      const next = await pull(volunteer, first.cursor);
      expect(next.households.map((h) => h.id)).toEqual([hh.householdId]);
      expect(next.households[0]).toMatchObject({ full: true });
      expect(next.people.map((p) => p.id).sort()).toEqual([...hh.personIds].sort());
      expect(next.people.find((p) => p.id === hh.personIds[2])).toMatchObject({ birthDate: '2012-09-02', phone: '0912345678' });
      await t.database.db.updateTable('households').set({ assigned_member_id: team.memberIds[1] }).where('id', '=', hh.householdId).execute();
      const back = await pull(volunteer, next.cursor);
      expect(back.people.find((p) => p.id === hh.personIds[2])).toMatchObject({ birthDate: null, phone: null });
      cursor = back.cursor;
    });

    it('sends nothing the second time', async () => {
      const second = await pull(volunteer, cursor);
      expect(second).toMatchObject({ reset: false, households: [], people: [], removed: { households: [], people: [] } });
      cursor = second.cursor;
    });

    it('after a change, sends only what changed', async () => {
      const [h1, h2] = village.households;
      const version = (await t.database.db.selectFrom('people').select('version').where('id', '=', h1.personIds[0]).executeTakeFirstOrThrow()).version;
      await officer.patch(`/api/people/${h1.personIds[0]}`, { version, phone: '0966000111' });
      let next = await pull(volunteer, cursor);
      expect(next.people.map((p) => p.id)).toEqual([h1.personIds[0]]);
      expect(next.people[0].phone).toBe('0966000111');
      expect(next.households).toEqual([]);
      cursor = next.cursor;

      // A visit changes the person's status and the household's: both come, nothing else.
      await push(volunteer, [mutation('support.record', event(h2.householdId, [action(h2.personIds[0], 'activate_vneid_level2')], { eventDate: '2025-10-01' }))]);
      next = await pull(volunteer, cursor);
      expect(next.people.map((p) => p.id)).toEqual([h2.personIds[0]]);
      expect(next.people[0].digital).toMatchObject({ vneid_level1: '2025-10-01', vneid_level2: '2025-10-01', bank_account: null });
      expect(next.households.map((h) => h.id)).toEqual([h2.householdId]);
      expect(next.households[0]).toMatchObject({ informedOn: '2025-10-01', lastVisitOn: '2025-10-01' });
      cursor = next.cursor;
    });

    it('tells the phone to drop a person who moved to another village, and sends a move-out with its status', async () => {
      const [h1] = village.households;
      const extra = await makeHousehold(t, t.org.villageA, [{ fullName: 'Chu Văn Đông', sex: 'male', birthYear: 1990 }, { fullName: 'Chu Thị Tây', birthYear: 1992 }]);
      let next = await pull(volunteer, cursor);
      cursor = next.cursor;
      const [, leaving] = extra.personIds;
      const moved = await officer.post(`/api/people/${leaving}/move`, { householdId: far.householdId, date: '2025-10-05', relationToHead: 'spouse', note: null });
      expect(moved.status).toBe(200);
      const gone = await officer.post(`/api/people/${h1.personIds[0]}/end-residence`, { reason: 'moved_out', date: '2025-10-06', note: null });
      expect(gone.status).toBe(200);
      next = await pull(volunteer, cursor);
      expect(next.removed.people).toEqual([leaving]);
      expect(next.people.map((p) => p.id)).not.toContain(leaving);
      expect(next.people.find((p) => p.id === h1.personIds[0])).toMatchObject({ status: 'moved_out' });
      expect(next.people.map((p) => p.id)).not.toContain(far.personIds[0]);
      cursor = next.cursor;
      // A full snapshot leaves out who no longer lives here.
      const full = await pull(volunteer);
      expect(full.people.map((p) => p.id)).not.toContain(h1.personIds[0]);
      expect(full.people.map((p) => p.id)).not.toContain(leaving);
    });

    it.runIf(engine === 'postgres')('sends a change committed late by a transaction that was open during the previous pull', async () => {
      const [h1, h2] = village.households;
      let next = await pull(volunteer, cursor);
      cursor = next.cursor;
      const slow = await t.database.pool!.connect();
      try {
        await slow.query('BEGIN');
        await slow.query(`UPDATE people SET phone = '0944000555' WHERE id = $1`, [h2.personIds[0]]);
        // Meanwhile another change commits, and the phone pulls.
        await officer.patch(`/api/households/${h1.householdId}`, { version: (await t.database.db.selectFrom('households').select('version').where('id', '=', h1.householdId).executeTakeFirstOrThrow()).version, phone: '0944000666' });
        next = await pull(volunteer, cursor);
        expect(next.households.map((h) => h.id)).toEqual([h1.householdId]);
        // A changed household comes with its people (its assignment may have changed what they carry).
        expect(next.people.map((p) => p.id)).toEqual(h1.personIds);
        cursor = next.cursor;
        await slow.query('COMMIT');
      } finally {
        slow.release();
      }
      // The slow transaction's change is older than the cursor's pull, yet it is sent now…
      next = await pull(volunteer, cursor);
      expect(next.people.map((p) => [p.id, p.phone])).toEqual([[h2.personIds[0], '0944000555']]);
      // …and the household seen last time is not sent again.
      expect(next.households).toEqual([]);
      cursor = next.cursor;
    });

    it('answers a cursor of another village, or a malformed one, with a full snapshot of my own village', async () => {
      for (const bad of [encodeCursor(t.org.villageB, '1:1:'), 'garbage', encodeCursor(t.org.villageA, '1000000000000000:1000000000000000:')]) {
        const res = await pull(volunteer, bad);
        expect(res.reset, bad).toBe(true);
        expect(res.village.id).toBe(t.org.villageA);
        expect(res.households.map((h) => h.id)).not.toContain(far.householdId);
      }
    });

    it('is for field accounts only, audited once per pull', async () => {
      expect((await officer.get('/api/sync/pull')).status).toBe(403);
      const before = await t.database.db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('action', '=', 'sync_pull').executeTakeFirstOrThrow();
      await pull(volunteer, cursor);
      const after = await t.database.db.selectFrom('audit_log').select(['account_id', 'org_unit_id', 'detail']).where('action', '=', 'sync_pull').orderBy('id', 'desc').execute();
      expect(after.length).toBe(before.n + 1);
      expect(after[0]).toMatchObject({ account_id: volunteer.me.id, org_unit_id: t.org.villageA, detail: { reset: false } });
    });

    it('gives the village\'s figures', async () => {
      const res = await pull(volunteer);
      const residents = await t.database.db.selectFrom('people').select(['birth_year', 'birth_date']).where('village_id', '=', t.org.villageA).where('status', '=', 'resident').execute();
      const today = todayInVietnam();
      expect(res.figures.adults).toBe(residents.filter((p) => ageOn(p.birth_date, p.birth_year, today) >= 18).length);
      expect(res.figures.residents16Plus).toBe(residents.filter((p) => ageOn(p.birth_date, p.birth_year, today) >= 16).length);
      const level2 = res.people.filter((p) => p.digital.vneid_level2).length;
      expect(res.figures.vneidLevel2).toBe(level2);
      expect(res.figures.householdsInformed).toBe(res.households.filter((h) => h.informedOn).length);
      expect(res.figures.visitsThisMonth).toBe(0); // every visit here is dated 2025
    });

    it('is sent gzipped to a phone that accepts it', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/sync/pull', headers: { cookie: volunteer.cookie, 'accept-encoding': 'gzip' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      const size = gzipBytes(await pull(volunteer));
      expect(size.gzip).toBeLessThan(size.json);
    });
  });
});
