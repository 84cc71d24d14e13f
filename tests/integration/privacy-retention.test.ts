// Issue 19, retention: an uploaded list left open is discarded after the retention period
// (its rows, names and CCCDs, deleted), a fresh one and a committed one are left alone.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { discardAbandonedBatches } from '../../src/server/features/imports/imports.housekeeping.ts';
import { sheetFile, uploadBatch } from '../support/imports.ts';
import { loginAs } from '../support/login.ts';
import { type Client, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

const HEADER = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Quan hệ với chủ hộ', 'Số hộ'];

describeEachEngine('privacy: retention of uploaded lists', (engine) => {
  let t: TestApp;
  let office: Client;
  beforeAll(async () => {
    t = await createTestApp(engine);
    office = await loginAs(t, t.usernames.culture_office);
  });
  afterAll(async () => { await t?.close(); });

  it('discards batches left open past the retention period, deleting their rows, and audits it', async () => {
    const file = (n: number) => sheetFile('Nà Pồng', [HEADER, [1, `Hoàng Văn ${['Một', 'Hai', 'Ba'][n - 1]}`, '1980', 'Nam', null, 'Chủ hộ', 90 + n]]);
    const old = (await uploadBatch(office, await file(1))).id;
    const fresh = (await uploadBatch(office, await file(2))).id;
    const committed = (await uploadBatch(office, await file(3))).id;
    const commit = await office.post(`/api/imports/${committed}/commit`);
    expect(commit.status, JSON.stringify(commit.body)).toBe(200);
    await t.database.db.updateTable('import_batches').set({ created_at: sql`now() - interval '8 days'` }).where('id', 'in', [old, committed]).execute();

    expect(await discardAbandonedBatches(t.database.db, 7)).toBe(1);
    const batches = await t.database.db.selectFrom('import_batches').select(['id', 'status', 'sheets']).where('id', 'in', [old, fresh, committed]).execute();
    const byId = new Map(batches.map((b) => [b.id, b]));
    expect(byId.get(old)?.status).toBe('discarded');
    expect(byId.get(fresh)?.status).toBe('uploaded');
    expect(byId.get(committed)?.status).toBe('committed');
    expect(JSON.stringify(byId.get(old)?.sheets)).not.toContain('Hoàng Văn Một');
    const rows = await t.database.db.selectFrom('import_rows').select(['batch_id']).where('batch_id', 'in', [old, fresh]).execute();
    expect(new Set(rows.map((r) => r.batch_id))).toEqual(new Set([fresh]));
    const audit = await t.database.db.selectFrom('audit_log').select(['account_id', 'action', 'detail']).where('entity_id', '=', old).where('action', '=', 'discard').execute();
    expect(audit).toEqual([{ account_id: null, action: 'discard', detail: expect.objectContaining({ reason: 'retention', days: 7 }) }]);
    // The officer sees it discarded; nothing more to do, and a second run finds nothing.
    expect((await office.get(`/api/imports/${old}`)).body.status).toBe('discarded');
    expect(await discardAbandonedBatches(t.database.db, 7)).toBe(0);
  });
});
