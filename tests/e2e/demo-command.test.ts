// The README's command, `npm run demo`, as a person runs it: it builds what is missing, seeds
// the demo, answers; Ctrl-C (SIGINT to the terminal's process group) stops it and frees the
// port. Started again it builds and seeds nothing, answers at once, and a SIGINT sent to npm
// alone (as a process manager sends it) stops the server too, not only npm.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dataDir: string;
let port: number;
let running: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as { port: number };
      probe.close(() => resolve(p));
    });
  });
}

/** Whether something still listens on the port (a new listener is refused). */
function portTaken(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(true));
    probe.listen(p, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

/** Whether any process of the group is left. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm run demo` in its own process group, as a terminal runs it; resolves once the first page answers. */
async function startDemo(): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.DEMO_TODAY;
  const child = spawn('npm', ['run', 'demo'], { cwd: path.resolve('.'), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  let text = '';
  child.stdout!.on('data', (chunk) => { text += String(chunk); });
  child.stderr!.on('data', (chunk) => { text += String(chunk); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 280_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run demo exited with ${child.exitCode}:\n${text}`);
    const res = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
    if (res?.ok) {
      expect(await res.text()).toContain('<div id="root">');
      return { child, output: () => text, exited };
    }
    if (Date.now() > deadline) throw new Error(`npm run demo did not answer:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopsWithin(exited: Promise<number | null>, ms: number): Promise<number | null | 'still running'> {
  return Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms))]);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'cnscd-demo-command-'));
  port = await freePort();
});

afterAll(async () => {
  if (running?.pid && groupAlive(running.pid)) process.kill(-running.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run demo', () => {
  it('seeds the demo, answers, and Ctrl-C stops it and frees the port', async () => {
    const { child, output, exited } = await startDemo();
    expect(output()).toContain('Tạo xã demo Bạch Ngọc');
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'vhxh', password: 'demo1234' }),
    });
    expect(login.status).toBe(200);

    // Ctrl-C: the terminal sends SIGINT to every process of the foreground group.
    process.kill(-child.pid!, 'SIGINT');
    expect(await stopsWithin(exited, 20_000)).toBe(0);
    await expect.poll(() => groupAlive(child.pid!), { timeout: 5_000 }).toBe(false);
    expect(await portTaken(port)).toBe(false);
    expect(output()).toContain('SIGINT: đang dừng');
  }, 300_000);

  it('starts again without building or seeding anything, and a SIGINT to npm alone stops the server too', async () => {
    const { child, output, exited } = await startDemo();
    expect(output()).not.toMatch(/Dựng giao diện web|Đã dựng máy chủ|Tạo xã demo/);
    expect(output()).toContain('cnscd đang chạy tại');

    process.kill(child.pid!, 'SIGINT');
    expect(await stopsWithin(exited, 20_000)).toBe(0);
    await expect.poll(() => groupAlive(child.pid!), { timeout: 5_000 }).toBe(false);
    expect(await portTaken(port)).toBe(false);
  }, 120_000);
});
