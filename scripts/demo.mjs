// `npm run demo`: builds the web app and the server bundle only when missing or older than
// their sources, then runs the server in demo mode in this process, so that Ctrl-C (or a
// SIGINT/SIGTERM sent to it) reaches the server itself and stops it cleanly. Plain
// JavaScript so that Node runs it before anything is built.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, buildWeb, ROOT, staleness } from './build.mjs';

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

// While building, a signal stops the build (Vite's child too) and exits.
const building = new AbortController();
const stopBuild = (signal) => {
  building.abort();
  console.error(`${signal}: dừng.`);
  process.exit(130);
};
process.on('SIGINT', stopBuild);
process.on('SIGTERM', stopBuild);

const web = staleness('web');
if (web) {
  const started = performance.now();
  console.log(`Dựng giao diện web (dist/web ${web === 'missing' ? 'chưa có' : 'cũ hơn mã nguồn'})…`);
  await buildWeb({ signal: building.signal });
  console.log(`Đã dựng giao diện web: ${seconds(started)}.`);
}
const server = staleness('server');
if (server) {
  const started = performance.now();
  await buildServer();
  console.log(`Đã dựng máy chủ (dist/server ${server === 'missing' ? 'chưa có' : 'cũ hơn mã nguồn'}): ${seconds(started)}.`);
}
process.off('SIGINT', stopBuild);
process.off('SIGTERM', stopBuild);

process.env.DEMO = '1';
// The first start creates the database and seeds the demo: say so before the long pause.
const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
if (!process.env.DATABASE_URL && !existsSync(path.join(dataDir, 'PG_VERSION'))) {
  console.log(`Lần chạy đầu: tạo cơ sở dữ liệu trong ${dataDir} rồi tạo xã demo…`);
}
const { runServer } = await import(pathToFileURL(path.join(ROOT, 'dist/server/main.js')).href);
await runServer();
