// The backups page's API (admin only), "Sao lưu ngay" writing a verified file and its row,
// the warning on the home page of the admin and Phòng VH-XH when no good backup is recent,
// and the nightly slot.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nightlySlot } from '../../src/server/features/backups/backup-schedule.ts';
import { readBackup } from '../../src/server/features/backups/backup-file.ts';
import { type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

describeEachEngine('backups page', (engine) => {
  let t: TestApp;
  const folder = mkdtempSync(path.join(tmpdir(), 'cnscd-backups-page-'));

  beforeAll(async () => {
    t = await createTestApp(engine, { config: { backupDir: folder, backupHour: 2, backupKeepDaily: 7, backupKeepWeekly: 8 } });
  }, 240_000);
  afterAll(async () => {
    await t.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('lets the admin list backups and make one now; others may not', async () => {
    const admin = await t.login(t.usernames.admin);
    const office = await t.login(t.usernames.culture_office);
    expect((await office.get('/api/backups')).status).toBe(403);
    expect((await office.post('/api/backups')).status).toBe(403);

    const empty = await admin.get('/api/backups');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ items: [], lastGoodAt: null, folder, nightlyHour: 2, keepDaily: 7, keepWeekly: 8, encrypted: false, running: false });

    // A fresh database has had no night yet: no warning.
    const kinds = async (client: typeof admin) => ((await client.get('/api/todos')).body.items as Array<{ kind: string }>).map((i) => i.kind);
    expect(await kinds(admin)).not.toContain('backup_stale');
    // Three days old and never backed up: the admin and Phòng VH-XH are warned, nobody else.
    await sql`UPDATE org_units SET created_at = now() - interval '3 days'`.execute(t.database.db);
    expect(await kinds(admin)).toContain('backup_stale');
    expect(await kinds(office)).toContain('backup_stale');
    expect(await kinds(await t.login(t.usernames.commune_leader))).not.toContain('backup_stale');
    const item = ((await admin.get('/api/todos')).body.items as Array<{ kind: string; title: string; href: string }>).find((i) => i.kind === 'backup_stale')!;
    expect(item).toMatchObject({ title: 'Sao lưu dữ liệu: chưa có bản sao lưu nào', href: '/sao-luu' });

    const made = await admin.post('/api/backups');
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ kind: 'manual', verified: true, error: null, encrypted: false, pruned: false, createdByName: 'Người dùng admin' });
    expect(made.body.byteSize).toBeGreaterThan(0);
    expect(path.dirname(made.body.file)).toBe(folder);
    expect(existsSync(made.body.file)).toBe(true);
    const manifest = await readBackup(made.body.file);
    expect(manifest.engine).toBe(engine);
    expect(manifest.tables.find((x) => x.name === 'accounts')?.rows).toBeGreaterThan(5);

    const list = await admin.get('/api/backups');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.lastGoodAt).toBe(made.body.finishedAt);
    expect(await kinds(admin)).not.toContain('backup_stale');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'entity']).where('entity', '=', 'backup').execute();
    expect(audit).toEqual([{ action: 'create', entity: 'backup' }]);

    // The last good one three days old: the warning names when it was.
    await sql`UPDATE backups SET finished_at = now() - interval '3 days'`.execute(t.database.db);
    const stale = ((await office.get('/api/todos')).body.items as Array<{ kind: string; title: string; detail: string }>).find((i) => i.kind === 'backup_stale')!;
    expect(stale.title).toBe('Sao lưu dữ liệu: bản tốt gần nhất đã quá 2 ngày');
    expect(stale.detail).toContain('Báo quản trị viên');
  }, 240_000);
});

it('runs the nightly backup in the slot after BACKUP_HOUR, Vietnam time', () => {
  // 01:30 in Vietnam (18:30 UTC the day before): the slot is yesterday's 02:00.
  expect(nightlySlot(new Date('2026-05-13T18:30:00Z'), 2).toISOString()).toBe('2026-05-12T19:00:00.000Z');
  // 02:05 in Vietnam: today's slot.
  expect(nightlySlot(new Date('2026-05-13T19:05:00Z'), 2).toISOString()).toBe('2026-05-13T19:00:00.000Z');
});
