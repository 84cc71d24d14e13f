// Helpers shared by bench scenarios: a real server in a child process (so its memory is its
// own), its resident memory from /proc, and a logged-in fetch.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/server/db/schema.ts';
import { rebuildAggregates } from '../src/server/features/indicators/aggregates-rebuild.ts';
import { runUntilIdle } from '../src/server/features/indicators/aggregates-worker.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BENCH_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cnscd_bench';

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The p-th percentile (nearest rank) of some timings. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  readyMs: number;
  stop(): Promise<void>;
}

/** Bundles the server as `npm start` runs it in production (dist/server/main.js). */
export function buildServer(): void {
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
}

/** Starts the built server on a free port and waits until /api/health answers. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', BACKUP_HOUR: '-1', ...env }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited during start');
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    child, url, readyMs: performance.now() - started,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]) * 1024;
}

/** Resident memory of a process now. */
export const rssOf = (pid: number) => procStatus(pid, 'VmRSS');
/** The highest resident memory of a process since it started (the kernel's high-water mark). */
export const peakRssOf = (pid: number) => procStatus(pid, 'VmHWM');

/** Samples a process's resident memory until stopped; returns the highest seen. */
export function sampleRss(pid: number, everyMs = 20): { stop(): number } {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    try { peak = Math.max(peak, rssOf(pid)); } catch { /* exited */ }
  }, everyMs);
  return { stop: () => { clearInterval(timer); return peak; } };
}

/** Logs in and returns the session cookie ("cnscd_session=…"). */
export async function loginCookie(url: string, identifier: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('cnscd_session='))!.split(';')[0];
}

/** The indicator aggregates current before measuring: rebuilt from scratch when empty, else the worker's pending marks taken. */
export async function aggregatesReady(db: Kysely<DB>): Promise<void> {
  const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM indicator_aggregates`.execute(db).then((r) => r.rows[0].n);
  if (stored === 0) {
    const rebuilt = await rebuildAggregates(db);
    console.log(`  aggregates from scratch (indicators:rebuild): ${rebuilt.villages} villages in ${(rebuilt.ms / 1000).toFixed(0)} s`);
    return;
  }
  const started = performance.now();
  const caught = await runUntilIdle(db);
  console.log(`  aggregates brought up to date before measuring: ${caught.recomputed} villages recomputed, ${caught.caughtUp} caught up, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
