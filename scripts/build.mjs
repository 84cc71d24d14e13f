// Builds the server bundle (esbuild: dist/server/main.js, cli.js) and the web app (Vite:
// dist/web), and tells whether either is older than its sources, as make would: by
// modification times. Plain JavaScript so that Node runs it before anything is built.
//   node scripts/build.mjs server|web|all [--if-stale]
import { spawn } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * What each build reads and the file it writes last. The lock file stands for the installed
 * packages; a folder's own time changes when a file in it is added, removed or renamed.
 */
export const TARGETS = {
  server: {
    inputs: ['src/server', 'src/demo', 'src/shared', 'package-lock.json', 'scripts/build.mjs'],
    output: 'dist/server/main.js',
  },
  web: {
    inputs: ['src/web', 'src/shared', 'vite.config.ts', 'postcss.config.cjs', 'tsconfig.json', 'package-lock.json'],
    output: 'dist/web/index.html',
  },
};

/** The latest modification time under a file or folder (0 when absent). */
function newest(file) {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

/** Why a target must be built ('missing' or 'out of date'), or null when it is current. */
export function staleness(name) {
  const target = TARGETS[name];
  let built;
  try {
    built = statSync(path.join(ROOT, target.output)).mtimeMs;
  } catch {
    return 'missing';
  }
  const changed = Math.max(...target.inputs.map((input) => newest(path.join(ROOT, input))));
  return changed > built ? 'out of date' : null;
}

/**
 * Marks a target built as of when its build began: a source saved while it ran is newer than
 * the output, so the next check builds again.
 */
function stamp(name, startedMs) {
  const at = new Date(startedMs);
  utimesSync(path.join(ROOT, TARGETS[name].output), at, at);
}

/** The server as `npm start` runs it: one ESM file per entry, the packages left in node_modules. */
export async function buildServer() {
  const started = Date.now();
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/server/main.ts', 'src/server/cli.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    outdir: 'dist/server',
    logLevel: 'warning',
  });
  stamp('server', started);
}

/**
 * The web app, by Vite in a child process (its own output on this terminal). Resolves when it
 * is built; rejects if it fails. `signal` aborts it (the child is stopped).
 */
export function buildWeb({ signal } = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
      signal,
    });
    child.on('error', reject);
    child.on('exit', (code, killedBy) => {
      if (code === 0) {
        stamp('web', started);
        resolve();
      } else reject(new Error(`vite build ${killedBy ? `stopped by ${killedBy}` : `exited with ${code}`}`));
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [what = 'all', flag] = process.argv.slice(2);
  const names = what === 'all' ? ['web', 'server'] : [what];
  for (const name of names) {
    if (!(name in TARGETS)) {
      console.error(`Cách dùng: node scripts/build.mjs server|web|all [--if-stale] (không có "${name}")`);
      process.exit(2);
    }
    if (flag === '--if-stale' && !staleness(name)) continue;
    await (name === 'server' ? buildServer() : buildWeb());
  }
}
