// The real built server killed with SIGKILL while it commits an import of 4,000 people,
// started again: the batch is either wholly written (and was then answered) or not at all —
// never half — and committing it again writes every row exactly once.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Engine, openDatabase } from '../../src/server/db/engine.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import type { DB } from '../../src/server/db/schema.ts';
import { hashPassword } from '../../src/server/features/accounts/passwords.ts';
import { sheetFile } from '../support/imports.ts';
import { describeEachEngine } from '../support/test-database.ts';

const PASSWORD = 'mat-khau-nhap-lai';
const HOUSEHOLDS = 1000; // four people each

async function seed(db: Kysely<DB>): Promise<void> {
  await migrateToLatest(db);
  const unit = async (parent: { id: number; path: string } | null, level: 'province' | 'commune' | 'village', name: string) => {
    const row = await db.insertInto('org_units').values({ parent_id: parent?.id ?? null, level, name, path: `tmp-${name}` }).returning('id').executeTakeFirstOrThrow();
    const unitPath = `${parent?.path ?? '/'}${row.id}/`;
    await db.updateTable('org_units').set({ path: unitPath }).where('id', '=', row.id).execute();
    return { id: row.id, path: unitPath };
  };
  const province = await unit(null, 'province', 'Tuyên Quang');
  const commune = await unit(province, 'commune', 'Bạch Ngọc');
  await unit(commune, 'village', 'Thôn Nà Pồng');
  await db.insertInto('accounts').values({ id: uuidv7(), username: 'vhxh.nhaplai', full_name: 'Hoàng Thị Lan', role: 'culture_office', org_unit_id: commune.id, password_hash: await hashPassword(PASSWORD) }).execute();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describeEachEngine('imports: server killed mid-commit', (engine: Engine) => {
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  let port: number;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build:server'], { stdio: 'pipe' });
    if (engine === 'pglite') {
      dataDir = mkdtempSync(path.join(tmpdir(), 'cnscd-import-restart-'));
      const database = await openDatabase({ dataDir });
      await seed(database.db);
      await database.close();
    } else {
      const admin = await openDatabase({ url: process.env.TEST_DATABASE_URL!, poolSize: 1 });
      const name = `cnscd_import_restart_${randomBytes(5).toString('hex')}`;
      await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      const database = await openDatabase({ url: databaseUrl, poolSize: 2 });
      await seed(database.db);
      await database.close();
      dropDatabase = async () => {
        await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
        await admin.close();
      };
    }
    port = await freePort();
  }, 240_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await dropDatabase?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const base = () => `http://127.0.0.1:${port}`;
  const stopped = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));

  async function startServer(): Promise<ChildProcess> {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO: '0', WEB_DIR: '/nonexistent', BACKUP_HOUR: '-1' };
    delete env.TEST_DATABASE_URL;
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else { delete env.DATABASE_URL; env.DATA_DIR = dataDir; }
    const proc = spawn(process.execPath, ['dist/server/main.js'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (chunk) => { stderr += String(chunk); });
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${stderr}`);
      if (await fetch(`${base()}/api/health`).then((r) => r.ok, () => false)) return proc;
      if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function login() {
    const res = await fetch(`${base()}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'vhxh.nhaplai', password: PASSWORD }) });
    expect(res.status).toBe(200);
    const me = (await res.json()) as { csrfToken: string };
    return { cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: me.csrfToken };
  }

  it('leaves no half-written import across a SIGKILL, and the commit again writes every row once', async () => {
    const rows: Array<Array<string | number>> = [['STT', 'Họ và tên', 'Năm sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Số hộ']];
    // Names without digits, one of a kind per household: two given-name syllables by number.
    const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hòa', 'Hùng', 'Khang', 'Lâm', 'Linh', 'Long', 'Mai', 'Minh', 'Nam',
      'Nga', 'Ngọc', 'Phong', 'Phúc', 'Quang', 'Sơn', 'Tâm', 'Thành', 'Thảo', 'Tiến', 'Trung', 'Tú', 'Tuấn', 'Vân', 'Việt', 'Yến'];
    const given = (h: number) => `${GIVEN[Math.floor(h / 32) % 32]} ${GIVEN[h % 32]}`;
    for (let h = 0; h < HOUSEHOLDS; h += 1) {
      rows.push([rows.length, `Hoàng Văn ${given(h)}`, 1960 + (h % 30), 'Nam', 'Chủ hộ', h + 1]);
      rows.push([rows.length, `Lý Thị ${given(h)}`, 1962 + (h % 30), 'Nữ', 'Vợ', h + 1]);
      rows.push([rows.length, `Hoàng Đức ${given(h)}`, 1990 + (h % 20), 'Nam', 'Con', h + 1]);
      rows.push([rows.length, `Hoàng Thị ${given(h)}`, 1995 + (h % 20), 'Nữ', 'Con', h + 1]);
    }
    const file = await sheetFile('Nà Pồng', rows);
    child = await startServer();
    let session = await login();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'na-pong.xlsx');
    const uploaded = await fetch(`${base()}/api/imports`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, body: form });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    const preview = await fetch(`${base()}/api/imports/${id}/preview?pageSize=1`, { headers: { cookie: session.cookie } });
    const previewed = (await preview.json()) as { summary: { canCommit: boolean }; rows: { items: Array<{ problems: unknown[] }> } };
    expect(previewed.summary.canCommit, JSON.stringify(previewed.rows.items[0]?.problems)).toBe(true);

    const commit = (s: { cookie: string; csrf: string }) => fetch(`${base()}/api/imports/${id}/commit`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf }, body: '{}' });
    let answered: number | undefined;
    const inFlight = commit(session).then((r) => { answered = r.status; return r.status; }, (e: Error) => e.message);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the commit is under way (it re-plans 4,000 rows first, then writes)
    child.kill('SIGKILL');
    await stopped(child);
    await inFlight;

    child = await startServer();
    session = await login();
    const countPeople = async () => {
      const database = await openDatabase(databaseUrl ? { url: databaseUrl, poolSize: 1 } : { dataDir, lockCommand: 'test' }).catch(() => undefined);
      if (!database) return undefined; // PGlite: the server holds the folder
      try {
        return (await sql<{ n: number }>`SELECT count(*)::int AS n FROM people`.execute(database.db)).rows[0].n;
      } finally { await database.close(); }
    };
    const batch = (await (await fetch(`${base()}/api/imports/${id}`, { headers: { cookie: session.cookie } })).json()) as { status: string };
    // Acknowledged means written; a commit cut short left nothing.
    if (answered === 200) expect(batch.status).toBe('committed');
    expect(['committed', 'uploaded']).toContain(batch.status);
    if (engine === 'postgres') expect(await countPeople()).toBe(batch.status === 'committed' ? HOUSEHOLDS * 4 : 0);
    if (batch.status === 'uploaded') expect((await commit(session)).status).toBe(200);
    child.kill('SIGTERM');
    await stopped(child);
    expect(await countPeople()).toBe(HOUSEHOLDS * 4);
    // The kill landed mid-commit (no answer came): the case this test is about.
    expect(answered).toBeUndefined();
  }, 400_000);
});
