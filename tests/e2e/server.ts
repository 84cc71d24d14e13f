// Starts the real server for a browser test file: demo mode, a fresh PGlite folder, a free
// port, the built web app from dist/web.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/server/main.ts';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/demo-accounts.ts';

export interface E2EServer {
  url: string;
  /** The built web app it serves. */
  webDir: string;
  server: RunningServer;
  stop(): Promise<void>;
}

export async function startE2EServer(): Promise<E2EServer> {
  // E2E_WEB_DIR: a private build, so parallel work does not rebuild the app under a running test.
  const webDir = path.resolve(process.env.E2E_WEB_DIR ?? 'dist/web');
  if (!existsSync(path.join(webDir, 'index.html'))) {
    throw new Error('dist/web/index.html is missing: run `npm run build:web` before the browser tests.');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cnscd-e2e-'));
  // Backups ("Sao lưu ngay") go into the test's own folder, removed with it.
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined, demo: true, webDir, logger: false, backupDir: `${dataDir}-backups`, backupPassphrase: undefined });
  return {
    url: server.url.replace('localhost', '127.0.0.1'),
    webDir,
    server,
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}-backups`, { recursive: true, force: true });
    },
  };
}

/** A small API client for test set-up (finding ids), logged in as one account. */
export async function apiAs(url: string, identifier: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier, password }) });
  if (!res.ok) throw new Error(`login ${identifier}: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string; orgUnit: { id: number } };
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const call = async <T>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${url}${p}`, {
      method,
      headers: { cookie, 'x-csrf-token': me.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return { me, get: <T>(p: string) => call<T>('GET', p), post: <T>(p: string, body: unknown) => call<T>('POST', p, body) };
}
