// A team leader's offline batch over a slow link: 20 communication activities with 2 photos
// each recorded on a phone (Chromium, 360×740) with no network, through the real form (photos
// reduced on the phone), then the network comes back throttled like Chrome's "3G" preset
// (562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up, through the DevTools protocol). Prints
// the bytes the phone sent and received and the seconds until every activity showed as sent.
// Runs on the demo commune (PGlite), the built web app from dist/web.
//
//   npm run build:web && npx tsx bench/communication-sync.ts
import { pathToFileURL } from 'node:url';
import { makePhoto } from '../src/demo/photos.ts';
import { launchBrowser, newContext, PHONE } from '../tests/e2e/browser.ts';
import { DEMO_PASSWORD, startE2EServer } from '../tests/e2e/server.ts';

const ACTIVITIES = 20;
const THREE_G = { offline: false, latency: 562.5, downloadThroughput: (1.44 * 1024 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;

export async function communicationSyncFigures() {
  console.log('\n== Communication on a phone: an offline batch sent over a 3G-like link ==');
  const server = await startE2EServer();
  const chrome = await launchBrowser();
  try {
    const context = await newContext(chrome.browser, server.url, PHONE);
    const page = await context.newPage();
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('totruong1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/thuc-dia$/);
    await page.getByTestId('sync-status').getByText(/^Đã đồng bộ lúc/).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });

    // A phone camera's photos: 1600×1200, a few hundred KB each before the phone reduces them.
    const photos = Array.from({ length: ACTIVITIES * 2 }, (_, i) => ({
      name: `IMG_${1000 + i}.jpg`, mimeType: 'image/jpeg', buffer: makePhoto({ seed: `bench-${i}`, caption: `Hop thon ${i}`, width: 1600, height: 1200, quality: 90 }),
    }));
    const original = photos.reduce((sum, p) => sum + p.buffer.length, 0);
    await context.setOffline(true);
    const recordStart = performance.now();
    for (let i = 0; i < ACTIVITIES; i++) {
      await page.goto('/thuc-dia/truyen-thong/ghi');
      await page.getByTestId('field-activity-form').waitFor();
      await page.getByTestId('activity-channel').click();
      await page.getByRole('option', { name: 'Họp thôn' }).click();
      await page.getByTestId('activity-topics').getByText('VNeID', { exact: true }).click();
      await page.locator('[data-measure="attendees"]').fill(String(30 + i));
      const boxes = page.getByTestId('household-ticks').getByRole('checkbox');
      for (let k = 0; k < 12; k++) await boxes.nth((i * 7 + k * 3) % 90).check();
      await page.locator('input[type="file"]').setInputFiles(photos.slice(2 * i, 2 * i + 2));
      await page.locator('[data-photo]').nth(1).waitFor({ timeout: 30_000 });
      await page.getByTestId('save-activity').click();
      await page.getByTestId('my-activities').waitFor();
    }
    const recordSeconds = (performance.now() - recordStart) / 1000;

    // What waits on the phone: the reduced photos' bytes and the mutations' JSON (Playwright
    // does not see a Blob request body, so the photos are counted here).
    const waiting = (await page.evaluate(`(async () => {
      const db = await new Promise((resolve) => { const open = indexedDB.open('cnscd-field'); open.onsuccess = () => resolve(open.result); });
      const all = (store) => new Promise((resolve) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); });
      const photos = await all('attachments');
      const outbox = await all('outbox');
      db.close();
      return { photoBytes: photos.reduce((sum, p) => sum + p.blob.size, 0), photos: photos.length, mutationBytes: JSON.stringify(outbox.map((o) => ({ id: o.id, kind: o.kind, payload: o.payload }))).length };
    })()`)) as { photoBytes: number; photos: number; mutationBytes: number };
    let sent = 0;
    let received = 0;
    let requests = 0;
    page.on('request', (request) => {
      requests += 1;
      sent += (request.postDataBuffer()?.length ?? 0) + JSON.stringify(request.headers()).length;
    });
    page.on('response', async (response) => {
      try {
        received += (await response.body()).length;
      } catch {
        // a response with no body (204, a redirect)
      }
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THREE_G);
    const start = performance.now();
    await context.setOffline(false);
    await cdp.send('Network.emulateNetworkConditions', THREE_G);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="my-activity"][data-state="synced"]').length >= n,
      ACTIVITIES,
      { timeout: 15 * 60_000, polling: 250 },
    );
    const seconds = (performance.now() - start) / 1000;
    // A string, not a function: tsx's name helpers do not exist in the page.
    const stored = (await page.evaluate(`(async () => {
      const db = await new Promise((resolve) => { const open = indexedDB.open('cnscd-field'); open.onsuccess = () => resolve(open.result); });
      const count = (store) => new Promise((resolve) => { const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => resolve(r.result); });
      const result = { outbox: await count('outbox'), attachments: await count('attachments') };
      db.close();
      return result;
    })()`)) as { outbox: number; attachments: number };
    console.log(`  recorded offline through the form: ${ACTIVITIES} activities, ${photos.length} photos (${kb(original)} as taken), ${recordSeconds.toFixed(1)} s`);
    console.log(`  waiting on the phone: ${waiting.photos} photos reduced to ${kb(waiting.photoBytes)} (${kb(waiting.photoBytes / Math.max(1, waiting.photos))} each), ${kb(waiting.mutationBytes)} of mutations`);
    console.log(`  sent over "3G" (562.5 ms RTT, 1.44 Mbit/s down, 675 kbit/s up): ${seconds.toFixed(1)} s until every activity showed as sent; ${requests} requests, ≈${kb(waiting.photoBytes + sent)} sent (photos ${kb(waiting.photoBytes)}, other bodies and headers ${kb(sent)}), ${kb(received)} received; left on the phone: ${stored.outbox} mutations, ${stored.attachments} photos`);
    await context.close();
  } finally {
    await chrome.close();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await communicationSyncFigures();
