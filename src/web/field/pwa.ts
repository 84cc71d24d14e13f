// Registers the service worker that keeps the app shell on the phone (built by
// vite-plugin-pwa into /sw.js). A new release takes over quietly: the page switches to it at
// the next move between pages, never in the middle of a form. Any failure here only means
// "no offline start": the app itself keeps working.
import { Workbox } from 'workbox-window';

const UPDATE_CHECK_MS = 60 * 60_000;
let started = false;
let updateReady = false;

export function registerFieldWorker(): void {
  if (started || !('serviceWorker' in navigator) || import.meta.env.DEV) return;
  started = true;
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('controlling', (event) => {
    if (event.isUpdate) updateReady = true;
  });
  wb.register()
    .then(() => setInterval(() => void wb.update().catch(() => undefined), UPDATE_CHECK_MS))
    .catch((error: unknown) => console.warn('service worker not registered', error));
}

/** True once: a new release controls the page and the next navigation should load it. */
export function takeUpdate(): boolean {
  if (!updateReady) return false;
  updateReady = false;
  return true;
}
