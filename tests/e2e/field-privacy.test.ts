// Issue 19, the phone: a PIN set at the first online login; offline, a reload asks for it;
// 5 wrong PINs wipe the village from the phone but the unsent visit survives (sealed) and
// arrives after the next password login; an admin's "Đăng xuất mọi phiên" wipes the phone at
// its next sync, and the visits it had not sent arrive after its owner logs in again.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, SyncPerson } from '../../src/shared/sync.ts';
import { ageOn } from '../../src/shared/support.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';
import { FIELD_PIN, horizontalOverflow, launchBrowser, newContext, PHONE, screenshot, smallTouchTargets, unlockField, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let context: BrowserContext;
let page: Page;
let village: PullResponse;
let desk: Awaited<ReturnType<typeof apiAs>>;
const errors: string[] = [];

/** What the phone's IndexedDB holds, read raw (no key): counts, and whether a PIN is set. */
async function stored() {
  return page.evaluate(async () => {
    const open = indexedDB.open('cnscd-field');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const read = <T,>(store: string, fn: (s: IDBObjectStore) => IDBRequest<T>) => new Promise<T>((resolve) => {
      const req = fn(db.transaction(store).objectStore(store));
      req.onsuccess = () => resolve(req.result);
    });
    const vault = (await read('vault', (s) => s.get('lock'))) as { pin: unknown; wiped: string | null } | undefined;
    const result = {
      households: await read('households', (s) => s.count()),
      people: await read('people', (s) => s.count()),
      meta: await read('meta', (s) => s.count()),
      outbox: await read('outbox', (s) => s.count()),
      pin: Boolean(vault?.pin),
      wiped: vault?.wiped ?? null,
    };
    db.close();
    return result;
  });
}

async function loginForm(who = 'tovien1'): Promise<void> {
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(who);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

const syncStatus = () => page.getByTestId('sync-status').innerText();

/** Records a one-person visit (the phone may be offline) and returns its event id. */
async function recordVisit(person: SyncPerson, pending: number): Promise<string> {
  await page.goto(`/thuc-dia/ho/${person.householdId}/ghi-luot`);
  await unlockField(page);
  const section = page.locator(`[data-testid="visit-person"][data-person-id="${person.id}"]`);
  await section.getByRole('checkbox', { name: person.fullName }).check();
  await section.getByRole('checkbox', { name: 'Hướng dẫn an toàn thông tin' }).check();
  await page.getByTestId('save-visit').click();
  await page.getByText(`${pending} lượt chưa gửi`).waitFor();
  return (await page.locator('[data-testid="my-visit"][data-state="pending"]').first().getAttribute('data-event-id'))!;
}

async function arrivedOnce(person: SyncPerson, eventId: string): Promise<void> {
  await expect.poll(async () => {
    const history = await desk.get<{ items: { id: string }[] }>(`/api/households/${person.householdId}/support-events`);
    return history.items.filter((e) => e.id === eventId).length;
  }, { timeout: 30_000 }).toBe(1);
}

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  desk = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  village = await (await apiAs(server.url, 'tovien1', DEMO_PASSWORD)).get<PullResponse>('/api/sync/pull');
  context = await newContext(chrome.browser, server.url, PHONE);
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await context?.close();
  await chrome?.close();
  await server?.stop();
});

describe('the field app locked by a PIN', () => {
  const adults = () => village.people.filter((p) => p.status === 'resident' && ageOn(p, todayInVietnam()) >= 18);

  it('sets a PIN at the first online login, and asks for it after an offline reload', async () => {
    await page.goto('/dang-nhap');
    await loginForm();
    await page.waitForURL(/\/thuc-dia$/);
    await page.getByTestId('pin-setup').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'field-pin-setup');
    // A PIN anyone would guess is refused, with the reason.
    await page.getByLabel('Mã PIN mới (6 chữ số trở lên)').fill('123456');
    await page.getByLabel('Nhập lại mã PIN').fill('123456');
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
    await page.getByText('Mã PIN không được là dãy số liên tiếp (như 123456).').waitFor();
    await screenshot(page, 'field-pin-setup-error');
    const started = Date.now();
    await unlockField(page);
    console.log(`PIN set (PBKDF2-SHA-256, 600,000 iterations, key wrap, device key from the server) in ${Date.now() - started} ms`);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    expect(await stored()).toMatchObject({ households: village.households.length, pin: true });

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('pin-entry').waitFor();
    expect(await page.getByTestId('pin-entry').innerText()).toContain('Ứng dụng của Hoàng Văn Đức (tovien1) đang khóa.');
    // Nothing of the village is on the screen before the PIN.
    expect(await page.locator('.field-app').count()).toBe(0);
    await screenshot(page, 'field-pin-entry');
    const opening = Date.now();
    await unlockField(page);
    console.log(`PIN entered and the keys unwrapped, offline, in ${Date.now() - opening} ms`);
    await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
    expect(errors).toEqual([]);
  });

  it('wipes the phone after 5 wrong PINs, keeps the unsent visit sealed, and sends it after the next login', async () => {
    const person = adults()[0];
    const eventId = await recordVisit(person, 1);
    await page.reload();
    await page.getByTestId('pin-entry').waitFor();
    for (let i = 1; i <= 4; i += 1) {
      await page.getByLabel('Mã PIN', { exact: true }).fill('000000');
      await page.getByRole('button', { name: 'Mở ứng dụng' }).click();
      await page.getByText(`Mã PIN không đúng. Còn ${5 - i} lần thử; sai hết, dữ liệu trên máy sẽ bị xóa.`).waitFor();
    }
    await screenshot(page, 'field-pin-wrong');
    await page.getByLabel('Mã PIN', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Mở ứng dụng' }).click();
    await page.locator('[data-testid="field-wiped"][data-reason="pin"]').waitFor();
    expect(await page.getByTestId('field-wiped').innerText()).toContain('Còn 1 lượt chưa gửi: chúng vẫn được giữ (đã mã hóa)');
    await screenshot(page, 'field-wiped-pin');
    expect(await stored()).toEqual({ households: 0, people: 0, meta: 0, outbox: 1, pin: false, wiped: 'pin' });
    // Even the right PIN opens nothing now.
    await page.reload();
    await page.getByTestId('field-wiped').waitFor();

    // Back online: the session the phone held is ended first, then a password login.
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Đăng nhập lại' }).click();
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').waitFor();
    await loginForm();
    await page.waitForURL(/\/thuc-dia$/);
    await page.getByTestId('pin-setup-unsent').waitFor();
    expect(await page.getByTestId('pin-setup-unsent').innerText()).toContain('Còn 1 lượt chưa gửi từ trước');
    await screenshot(page, 'field-pin-setup-unsent');
    await unlockField(page);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    await arrivedOnce(person, eventId);
    expect(await stored()).toMatchObject({ households: village.households.length, outbox: 0, pin: true, wiped: null });
    expect(errors).toEqual([]);
  });

  it('is wiped at its next sync after an admin ends its sessions, and the unsent visits arrive after the next login', async () => {
    const [, , person1, person2] = adults();
    await context.setOffline(true);
    const first = await recordVisit(person1, 1);
    const second = await recordVisit(person2, 2);
    // The phone is reported lost: the admin ends every session of the account.
    const admin = await apiAs(server.url, 'admin', DEMO_PASSWORD);
    const accounts = await admin.get<{ items: { id: string; username: string }[] }>('/api/accounts?q=tovien1');
    const account = accounts.items.find((a) => a.username === 'tovien1')!;
    await admin.post(`/api/accounts/${account.id}/revoke-sessions`, {});

    await context.setOffline(false);
    await page.locator('[data-testid="field-wiped"][data-reason="revoked"]').waitFor({ timeout: 30_000 });
    // The "saved on the phone" toasts of the two visits are not this screen's (their close
    // button's name is the notifications' own matter).
    for (const close of await page.locator('.mantine-Notification-closeButton').all()) await close.click().catch(() => undefined);
    await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached' }).catch(() => undefined);
    expect(await page.getByTestId('field-wiped').innerText()).toContain('Còn 2 lượt chưa gửi');
    await screenshot(page, 'field-wiped-revoked');
    expect(await stored()).toEqual({ households: 0, people: 0, meta: 0, outbox: 2, pin: false, wiped: 'revoked' });

    await page.getByRole('button', { name: 'Đăng nhập lại' }).click();
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').waitFor();
    await loginForm();
    await page.waitForURL(/\/thuc-dia$/);
    await unlockField(page);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    await arrivedOnce(person1, first);
    await arrivedOnce(person2, second);
    expect(await stored()).toMatchObject({ outbox: 0, pin: true });
    expect(errors).toEqual([]);
  });
});
