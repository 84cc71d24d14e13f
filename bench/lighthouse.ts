// Lighthouse figures (Lighthouse from npm driving Debian's Chromium) for the pages a phone on
// weak 3G and an old office screen open first, on the demo commune served by the built server:
//   /dang-nhap (mobile preset), /thuc-dia as a logged-in volunteer (mobile preset),
//   /chi-so as the commune officer (desktop preset).
// Each page is run LH_RUNS times (default 3) and the median run (by performance score) is
// printed, with the JavaScript it sent. Then the phone's whole first visit: the page's bytes
// as Lighthouse saw them plus what the service worker precaches (gzip sizes of its manifest).
//
//   npx tsx bench/lighthouse.ts          (builds the web app and the server first)
//   LH_NO_BUILD=1 npx tsx bench/lighthouse.ts   (uses dist/ as it is)
//   LH_PAGES=login,field,dashboard (the default: all three), LH_RUNS=3
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags, type Result } from 'lighthouse';
import { ROOT, buildServer, startServerProcess } from './bench-support.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.LH_RUNS ?? 3);
const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

async function loginCookie(url: string, identifier: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier, password }) });
  if (!res.ok) throw new Error(`login ${identifier}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

interface Figures {
  perf: number;
  lcp: number;
  tbt: number;
  cls: number;
  fcp: number;
  jsBytes: number;
  jsRequests: number;
  cssBytes: number;
  totalBytes: number;
  requests: number;
  domSize: number;
  mainThreadMs: number;
}

function figuresOf(lhr: Result): Figures {
  const a = lhr.audits;
  const requests = ((a['network-requests']?.details as { items?: Array<{ resourceType?: string; transferSize?: number; url: string }> } | undefined)?.items ?? [])
    .filter((r) => !r.url.startsWith('data:'));
  const of = (type: string) => requests.filter((r) => r.resourceType === type);
  const sum = (rs: typeof requests) => rs.reduce((s, r) => s + (r.transferSize ?? 0), 0);
  return {
    perf: Math.round((lhr.categories.performance.score ?? 0) * 100),
    lcp: a['largest-contentful-paint'].numericValue ?? NaN,
    tbt: a['total-blocking-time'].numericValue ?? NaN,
    cls: a['cumulative-layout-shift'].numericValue ?? NaN,
    fcp: a['first-contentful-paint'].numericValue ?? NaN,
    jsBytes: sum(of('Script')),
    jsRequests: of('Script').length,
    cssBytes: sum(of('Stylesheet')),
    totalBytes: a['total-byte-weight'].numericValue ?? sum(requests),
    requests: requests.length,
    domSize: a['dom-size']?.numericValue ?? NaN,
    mainThreadMs: a['mainthread-work-breakdown']?.numericValue ?? NaN,
  };
}

async function runPage(port: number, url: string, preset: 'mobile' | 'desktop', cookie?: string): Promise<Figures> {
  const flags: Flags = {
    port, output: 'json', logLevel: 'error', onlyCategories: ['performance'],
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  };
  const runs: Figures[] = [];
  // A loaded machine sometimes loses a trace (NO_NAVSTART): that run is made again, twice at most.
  for (let attempt = 0; runs.length < RUNS; attempt++) {
    const result = await lighthouse(url, flags, preset === 'desktop' ? desktopConfig : undefined);
    if (!result) throw new Error(`lighthouse gave nothing for ${url}`);
    if (result.lhr.runtimeError) {
      if (attempt >= RUNS + 1) throw new Error(`${url}: ${result.lhr.runtimeError.message}`);
      console.log(`  (${url}: ${result.lhr.runtimeError.code}, run again)`);
      continue;
    }
    runs.push(figuresOf(result.lhr));
  }
  runs.sort((x, y) => x.perf - y.perf);
  return runs[Math.floor(runs.length / 2)];
}

function line(label: string, f: Figures): string {
  return `  ${label}: perf ${f.perf}, LCP ${(f.lcp / 1000).toFixed(1)} s, FCP ${(f.fcp / 1000).toFixed(1)} s, TBT ${f.tbt.toFixed(0)} ms, CLS ${f.cls.toFixed(3)}, ` +
    `JS ${kib(f.jsBytes)} in ${f.jsRequests} files, CSS ${kib(f.cssBytes)}, all ${kib(f.totalBytes)} in ${f.requests} requests, ` +
    `${f.domSize} elements, main thread ${(f.mainThreadMs / 1000).toFixed(1)} s`;
}

/** The worker, its runtime and the files it precaches (its manifest in dist/web/sw.js), gzip sizes. */
function precache(webDir: string): { files: number; gzip: number; js: number } {
  const sw = readFileSync(path.join(webDir, 'sw.js'), 'utf8');
  // The worker itself and its Workbox runtime are downloaded too.
  const runtime = [...sw.matchAll(/"\.\/(workbox-[\w-]+)"/g)].map((m) => `${m[1]}.js`);
  const urls = ['sw.js', ...runtime, ...[...sw.matchAll(/url:\s*"([^"]+)"/g)].map((m) => m[1])];
  let gzip = 0;
  let js = 0;
  for (const u of urls) {
    const size = gzipSync(readFileSync(path.join(webDir, u))).length;
    gzip += size;
    if (u.endsWith('.js')) js += size;
  }
  return { files: urls.length, gzip, js };
}

export async function lighthouseFigures(options: { build?: boolean } = {}) {
  console.log(`\n== Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, demo commune (median of ${RUNS} runs; mobile preset = simulated slow 4G, 4× CPU) ==`);
  if (options.build !== false) {
    execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    buildServer();
  }
  const webDir = path.join(ROOT, 'dist/web');
  const dataDir = path.join(ROOT, '.tmp/bench-lighthouse');
  rmSync(dataDir, { recursive: true, force: true });
  const server = await startServerProcess({ DATA_DIR: dataDir, DEMO: '1', DATABASE_URL: '', WEB_DIR: webDir });
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const base = server.url;
    const pages = new Set((process.env.LH_PAGES ?? 'login,field,dashboard').split(','));
    if (pages.has('login')) console.log(line('/dang-nhap (mobile)', await runPage(chrome.port, `${base}/dang-nhap`, 'mobile')));
    if (pages.has('field')) {
      const volunteer = await loginCookie(base, 'tovien1', 'demo1234');
      const field = await runPage(chrome.port, `${base}/thuc-dia`, 'mobile', volunteer);
      console.log(line('/thuc-dia as a volunteer (mobile)', field));
      const sw = precache(webDir);
      console.log(`  service worker: ${sw.files} files (itself, its runtime, its precache), ${kib(sw.gzip)} gzip (${kib(sw.js)} of it JavaScript)`);
      console.log(`  a phone's whole first visit to /thuc-dia: page ${kib(field.totalBytes)} + worker ${kib(sw.gzip)} = ${kib(field.totalBytes + sw.gzip)} ` +
        '(the page\'s figure includes the first pull; the worker re-fetches files the page already loaded unless the HTTP cache serves them)');
    }
    if (pages.has('dashboard')) {
      const officer = await loginCookie(base, 'vhxh', 'demo1234');
      console.log(line('/chi-so as the commune officer (desktop)', await runPage(chrome.port, `${base}/chi-so`, 'desktop', officer)));
    }
  } finally {
    chrome.kill();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await lighthouseFigures({ build: !process.env.LH_NO_BUILD });
}
