// One writer per PGlite data folder (db/data-lock.ts): a second server on the folder is
// refused with a message naming the holder and leaves the folder as it was; a CLI command
// beside the server goes through its control socket or is refused; a lock left by a killed
// process is taken over. PGlite only: PostgreSQL has its own server process.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../src/server/control-socket.ts';
import { DataFolderLocked, LOCK_FILE, acquireDataLock, processStartOf, readLock } from '../../src/server/db/data-lock.ts';
import { openDatabase } from '../../src/server/db/engine.ts';
import { foldSyncMarks } from '../../src/server/features/sync/pull.queries.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Run { code: number | null; stdout: string; stderr: string }

function env(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO: '0', WEB_DIR: '/nonexistent', HOST: '127.0.0.1', ...extra };
  delete e.DATABASE_URL;
  delete e.TEST_DATABASE_URL;
  return e;
}

function run(args: string[], environment: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += String(c); });
    child.stderr.on('data', (c) => { stderr += String(c); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env: env(dataDir, { PORT: String(port) }), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => { stderr += String(c); });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)) return child;
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const stopped = (proc: ChildProcess) => new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));

/** Name, size and modification time of every file under the folder but the lock and socket. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name !== LOCK_FILE && entry.name !== 'cnscd.sock') {
        const s = statSync(full);
        out.push(`${path.relative(dir, full)} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

describe('data folder lock (in one process)', () => {
  const dirs: string[] = [];
  const newDir = () => { const d = mkdtempSync(path.join(tmpdir(), 'cnscd-lock-')); dirs.push(d); return d; };
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('refuses a second opener naming the holder, and frees the folder on close', async () => {
    const dataDir = newDir();
    const first = await openDatabase({ dataDir, lockCommand: 'first opener' });
    await expect(openDatabase({ dataDir })).rejects.toThrow(DataFolderLocked);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/đang được một tiến trình khác dùng \(PID \d+ .*first opener\).*in use by another process/);
    expect(readLock(dataDir)).toMatchObject({ pid: process.pid, command: 'first opener', host: hostname() });
    await first.close();
    expect(readLock(dataDir)).toBeUndefined();
    const second = await openDatabase({ dataDir });
    await second.close();
  }, 240_000);

  it('takes over the lock of a dead process and of a reused PID', () => {
    const dataDir = newDir();
    // A PID that is not alive (beyond pid_max).
    writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: 4_194_304 + 7, startedAt: '2020-01-01T00:00:00Z', host: hostname(), command: 'killed server' }));
    const lock = acquireDataLock(dataDir, 'takes over');
    expect(readLock(dataDir)?.command).toBe('takes over');
    lock.release();
    // This very PID, but written by a process that started at another time: the PID was reused.
    writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.pid, startedAt: '2020-01-01T00:00:00Z', host: hostname(), command: 'old', processStart: '1' }));
    expect(processStartOf(process.pid)).not.toBe('1');
    const again = acquireDataLock(dataDir, 'again');
    expect(readLock(dataDir)?.command).toBe('again');
    again.release();
    // A lock file cut short (its writer died mid-write) holds nobody.
    writeFileSync(path.join(dataDir, LOCK_FILE), '{"pid": 12');
    acquireDataLock(dataDir, 'after a torn file').release();
  });
});

describe('data folder lock (two processes)', () => {
  let dataDir: string;
  let server: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'cnscd-lock2-'));
    const database = await openDatabase({ dataDir });
    await migrateToLatest(database.db);
    await database.db.insertInto('org_units').values({ level: 'province', name: 'Tuyên Quang', code: '08', path: '/1/' }).execute();
    // The insert left a mark for the pull's version check (sync-marks.ts): folded now, so the
    // server has no background write pending when the folder's snapshot is taken.
    await foldSyncMarks(database.db);
    await database.close();
    port = await freePort();
  }, 240_000);

  afterAll(async () => {
    if (server && server.exitCode === null) { server.kill('SIGKILL'); await stopped(server); }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second server and a CLI migrate, passes CLI commands to the server, and survives the holder\'s SIGKILL', async () => {
    server = await startServer(dataDir, port);
    const before = snapshot(dataDir);
    expect(readLock(dataDir)).toMatchObject({ pid: server.pid, command: 'cnscd server' });
    expect(statSync(controlSocketPath(dataDir)).mode & 0o777).toBe(0o600);

    // A second server on the same folder: refused, named holder, non-zero, folder untouched.
    const second = await run(['src/server/main.ts'], env(dataDir, { PORT: String(await freePort()) }));
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`PID ${server.pid}`);
    expect(second.stderr).toContain('đang được một tiến trình khác dùng');
    expect(second.stderr).toContain('in use by another process');
    expect(snapshot(dataDir)).toEqual(before);

    // A CLI command the server cannot carry out for it: refused, says why.
    const migrate = await run(['src/server/cli.ts', 'migrate'], env(dataDir));
    expect(migrate.code).toBe(3);
    expect(migrate.stderr).toContain('không chạy được khi máy chủ đang chạy');

    // Commands the server carries out: the CLI's output comes back through the socket.
    const verify = await run(['src/server/cli.ts', 'indicators:rebuild'], env(dataDir));
    expect(verify.stdout).toContain('gửi lệnh "indicators:rebuild" cho máy chủ chạy');
    expect(verify.stdout).toMatch(/Đã tính lại chỉ số của \d+ thôn/);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const admin = await run(['src/server/cli.ts', 'create-admin', '--username', 'quantri.khoa', '--full-name', 'Quản trị Khoá'], env(dataDir, { ADMIN_PASSWORD: 'mat-khau-khoa-1' }));
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('Đã tạo tài khoản quản trị "quantri.khoa"');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'quantri.khoa', password: 'mat-khau-khoa-1' }) });
    expect(login.status).toBe(200);

    // The holder killed: its lock is stale, the next server takes it over and finds the data.
    server.kill('SIGKILL');
    await stopped(server);
    expect(readLock(dataDir)?.pid).toBe(server.pid);
    server = await startServer(dataDir, port);
    expect(readLock(dataDir)?.pid).toBe(server.pid);
    const again = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'quantri.khoa', password: 'mat-khau-khoa-1' }) });
    expect(again.status).toBe(200);
    server.kill('SIGTERM');
    await stopped(server);
    expect(server.exitCode).toBe(0);
    expect(readLock(dataDir)).toBeUndefined();
  }, 400_000);
});
