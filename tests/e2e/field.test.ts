// The volunteer's offline field app on a phone: the first sync, visits recorded with no
// network, a reload with no network (the app and its outbox survive), the send when the
// network returns (stored exactly once, statuses derived), and a refused visit that stays on
// the phone with its Vietnamese reason until the volunteer removes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, SyncHousehold, SyncPerson } from '../../src/shared/sync.ts';
import { ageOn } from '../../src/shared/support.ts';
import { horizontalOverflow, launchBrowser, newContext, PHONE, screenshot, smallTouchTargets, type BrowserHandle, openField, unlockField } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let context: BrowserContext;
let page: Page;
let volunteer: Awaited<ReturnType<typeof apiAs>>;
let desk: Awaited<ReturnType<typeof apiAs>>;
let village: PullResponse;
const errors: string[] = [];

// The phone and the server both keep Vietnam's calendar.
const today = () => todayInVietnam();

const residents = (householdId: string) => village.people.filter((p) => p.householdId === householdId && p.status === 'resident');
const headName = (h: SyncHousehold) => village.people.find((p) => p.id === h.headPersonId)?.fullName ?? '';

/** A household with a resident matching `want`, not one of `avoid`; its other residents too. */
function pick(want: (p: SyncPerson) => boolean, avoid: string[] = [], minResidents = 1, assignedOnly = false): { household: SyncHousehold; person: SyncPerson } {
  for (const household of village.households) {
    if (avoid.includes(household.id) || !household.headPersonId || (assignedOnly && !household.full)) continue;
    const people = residents(household.id);
    const person = people.find(want);
    if (person && people.length >= minResidents) return { household, person };
  }
  throw new Error('no household fits');
}

async function syncStatus(): Promise<string> {
  return page.getByTestId('sync-status').innerText();
}

async function goOffline(offline: boolean): Promise<void> {
  await context.setOffline(offline);
}

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  volunteer = await apiAs(server.url, 'tovien1', DEMO_PASSWORD);
  desk = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  village = await volunteer.get<PullResponse>('/api/sync/pull');
  context = await newContext(chrome.browser, server.url, PHONE);
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await context?.close();
  await chrome?.close();
  await server?.stop();
});

describe('the field app on a phone', () => {
  it('lands a volunteer on the field app after login and syncs the village onto the phone', async () => {
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('tovien1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/thuc-dia$/);
    await unlockField(page);
    await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc \d{2}:\d{2}/);
    await page.getByTestId('village-figures').waitFor();
    // The service worker holds the app shell before the network goes away.
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    const local = await page.evaluate(async () => {
      const open = indexedDB.open('cnscd-field');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const count = (store: string) => new Promise<number>((resolve) => {
        const req = db.transaction(store).objectStore(store).count();
        req.onsuccess = () => resolve(req.result);
      });
      const one = await new Promise<Record<string, unknown>>((resolve) => {
        const req = db.transaction('people').objectStore('people').getAll(undefined, 1);
        req.onsuccess = () => resolve(req.result[0]);
      });
      const result = { households: await count('households'), people: await count('people'), stored: Object.keys(one).sort() };
      db.close();
      return result;
    });
    expect(local.households).toBe(village.households.length);
    expect(local.people).toBe(village.people.length);
    // At rest a person is its id, its household's id and the sealed rest: no name, no birth date.
    expect(local.stored).toEqual(['_n', '_s', 'householdId', 'id']);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'field-home');
  });

  it('is installable: a manifest and a service worker served fresh, with the right types', async () => {
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifestResponse = await page.request.get(href!);
    expect(manifestResponse.headers()['content-type']).toMatch(/application\/manifest\+json/);
    const manifest = await manifestResponse.json() as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'Tổ CNSCĐ – Công nghệ số cộng đồng', short_name: 'Tổ CNSCĐ', start_url: '/thuc-dia', display: 'standalone', lang: 'vi' });
    const icons = manifest.icons as { src: string; sizes: string }[];
    for (const size of ['192x192', '512x512']) {
      const icon = icons.find((i) => i.sizes === size)!;
      const res = await page.request.get(icon.src);
      expect(res.headers()['content-type']).toBe('image/png');
    }
    const worker = await page.request.get('/sw.js');
    expect(worker.headers()['content-type']).toMatch(/javascript/);
    // A new release must reach phones: the worker script is revalidated on every check.
    expect(worker.headers()['cache-control']).toBe('no-cache');
    expect(await worker.text()).toContain('index.html');
  });

  it('records visits offline, keeps them through a reload, and sends each exactly once when back online', async () => {
    const date = today();
    const first = pick((p) => ageOn(p, date) >= 20 && !p.digital.vneid_level2 && p.hasSmartphone !== false);
    const second = pick((p) => ageOn(p, date) >= 20 && !p.digital.basic_skills, [first.household.id]);

    await goOffline(true);
    await expect.poll(syncStatus).toBe('Mất kết nối – sẽ tự gửi lại');

    // Find the first household by a member's name typed without diacritics.
    await page.getByRole('link', { name: 'Hộ gia đình' }).click();
    const search = page.getByLabel('Tìm hộ theo tên');
    await search.waitFor();
    if (await page.getByRole('radio', { name: /^Cả thôn/ }).count()) await page.getByText(/^Cả thôn/).click();
    const folded = first.person.fullName.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
    await search.fill(folded);
    await page.locator(`a[href="/thuc-dia/ho/${first.household.id}"]`).waitFor();
    await screenshot(page, 'field-households');
    await page.locator(`a[href="/thuc-dia/ho/${first.household.id}"]`).click();
    await page.getByTestId('household-title').waitFor();
    expect(await page.getByTestId('household-title').innerText()).toBe(`Hộ ${headName(first.household)}`);
    const firstCard = page.locator(`[data-testid="field-member"][data-person-id="${first.person.id}"]`);
    expect(await firstCard.locator('[data-item="vneid_level2"]').getAttribute('data-achieved')).toBe('no');
    await screenshot(page, 'field-household');

    // Visit 1: level-2 digital identity activated.
    await page.getByTestId('record-visit').click();
    const person1 = page.locator(`[data-testid="visit-person"][data-person-id="${first.person.id}"]`);
    await person1.getByRole('checkbox', { name: first.person.fullName }).check();
    await person1.getByRole('checkbox', { name: 'Kích hoạt định danh điện tử mức 2' }).check();
    expect(await page.getByRole('checkbox', { name: 'Đã thông tin về chương trình cho hộ' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Ngày hỗ trợ').inputValue()).toBe(date);
    // The volunteer is the helper unless they say otherwise.
    if (village.me.memberId) expect(await page.getByRole('checkbox', { name: /\(tôi\)$/ }).isChecked()).toBe(true);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'field-visit');
    await page.getByTestId('save-visit').click();
    // Back on the household: the chip changed at once, on the phone alone.
    await page.getByTestId('household-title').waitFor();
    await expect.poll(() => firstCard.locator('[data-item="vneid_level2"]').getAttribute('data-achieved')).toBe('yes');

    // Visit 2: basic skills, two of six items: not done yet, come back.
    await openField(page, `/thuc-dia/ho/${second.household.id}/ghi-luot`);
    const person2 = page.locator(`[data-testid="visit-person"][data-person-id="${second.person.id}"]`);
    await person2.getByRole('checkbox', { name: second.person.fullName }).check();
    await person2.getByRole('checkbox', { name: 'Hướng dẫn kỹ năng số cơ bản' }).check();
    await person2.getByRole('checkbox', { name: 'Sử dụng điện thoại thông minh, kết nối mạng' }).check();
    await person2.getByRole('checkbox', { name: 'Nhắn tin, gọi video (Zalo)' }).check();
    await person2.getByText('Mới làm được 2/6 mục').waitFor();
    await screenshot(page, 'field-visit-skills');
    await page.getByTestId('save-visit').click();
    await page.getByTestId('household-title').waitFor();

    await page.getByText('2 lượt chưa gửi').waitFor();
    expect(await syncStatus()).toBe('Mất kết nối – sẽ tự gửi lại');

    // A reload with no network: the service worker serves the app, Dexie still holds the outbox.
    await page.reload();
    await unlockField(page);
    await page.getByTestId('household-title').waitFor();
    await page.getByText('2 lượt chưa gửi').waitFor();
    await page.getByRole('link', { name: 'Trang chủ' }).click();
    const today2 = page.getByTestId('today-visits').getByTestId('my-visit');
    await expect.poll(() => today2.count()).toBe(2);
    expect(await today2.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['pending', 'pending']);
    await screenshot(page, 'field-offline-pending');

    // Back online: sent, then pulled.
    await goOffline(false);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    expect(await page.getByText(/lượt chưa gửi/).count()).toBe(0);
    await expect.poll(() => today2.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['synced', 'synced']);
    await screenshot(page, 'field-synced');

    // On the server: each visit stored exactly once, the status derived from it.
    const ids = await today2.evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));
    const history1 = await desk.get<{ items: { id: string }[] }>(`/api/households/${first.household.id}/support-events`);
    const history2 = await desk.get<{ items: { id: string }[] }>(`/api/households/${second.household.id}/support-events`);
    const stored = [...history1.items, ...history2.items].map((e) => e.id);
    for (const id of ids) expect(stored.filter((s) => s === id)).toHaveLength(1);
    const status1 = await desk.get<{ digital: Record<string, string | null>; lastVisitOn: string | null }>(`/api/people/${first.person.id}/digital-status`);
    expect(status1.digital.vneid_level2).toBe(date);
    expect(status1.digital.vneid_level1).not.toBeNull();
    const status2 = await desk.get<{ digital: Record<string, string | null>; lastVisitOn: string | null; lastReason: string | null }>(`/api/people/${second.person.id}/digital-status`);
    expect(status2.digital.basic_skills).toBeNull();
    expect(status2.lastVisitOn).toBe(date);
    expect(status2.lastReason).toBe('need_revisit');

    // A later sync sends nothing again (the outbox is empty) and changes nothing.
    await page.getByRole('button', { name: 'Đồng bộ ngay', exact: true }).click();
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    const again = await desk.get<{ items: { id: string }[] }>(`/api/households/${first.household.id}/support-events`);
    expect(again.items.length).toBe(history1.items.length);
    expect(errors).toEqual([]);
  });

  it('keeps a visit the server refuses, with its Vietnamese reason, until the volunteer removes it', async () => {
    const date = today();
    const used = [pick((p) => ageOn(p, date) >= 20 && !p.digital.vneid_level2).household.id];
    const { household, person } = pick((p) => p.relationToHead !== 'head' && ageOn(p, date) >= 18, used, 2);

    await goOffline(true);
    await openField(page, `/thuc-dia/ho/${household.id}/ghi-luot`);
    const section = page.locator(`[data-testid="visit-person"][data-person-id="${person.id}"]`);
    await section.getByRole('checkbox', { name: person.fullName }).check();
    await section.getByRole('checkbox', { name: 'Hướng dẫn an toàn thông tin' }).check();
    await page.getByTestId('save-visit').click();
    await page.getByTestId('household-title').waitFor();
    await page.getByText('1 lượt chưa gửi').waitFor();

    // Meanwhile at the commune office the person is recorded as moved away.
    await desk.post(`/api/people/${person.id}/end-residence`, { reason: 'moved_out', date });

    await goOffline(false);
    await expect.poll(syncStatus, { timeout: 30_000 }).toBe('1 lượt bị từ chối');
    await page.getByRole('link', { name: 'Lượt đã ghi' }).click();
    const refused = page.locator('[data-testid="my-visit"][data-state="refused"]');
    await refused.waitFor();
    const reason = await refused.getByTestId('refusal-reason').innerText();
    expect(reason).toContain(person.fullName);
    expect(reason).toMatch(/chuyển đi/);
    await screenshot(page, 'field-refused');

    // Still there after a reload; nothing was stored on the server.
    await page.reload();
    await unlockField(page);
    await page.locator('[data-testid="my-visit"][data-state="refused"]').waitFor();
    const history = await desk.get<{ items: { id: string }[] }>(`/api/households/${household.id}/support-events`);
    const refusedId = await page.locator('[data-testid="my-visit"][data-state="refused"]').getAttribute('data-event-id');
    expect(history.items.map((e) => e.id)).not.toContain(refusedId);
    // The moved-out person left the household on the phone (the pull after the refusal).
    await openField(page, `/thuc-dia/ho/${household.id}`);
    await page.getByTestId('household-title').waitFor();
    expect(await page.locator(`[data-testid="field-member"][data-person-id="${person.id}"]`).count()).toBe(0);

    // Removed only when the volunteer asks, after reading it.
    await page.getByRole('link', { name: 'Lượt đã ghi' }).click();
    const card = page.locator('[data-testid="my-visit"][data-state="refused"]');
    await card.getByRole('button', { name: 'Xóa khỏi máy…' }).click();
    await card.getByRole('button', { name: 'Xóa lượt này' }).click();
    await expect.poll(() => page.locator('[data-testid="my-visit"][data-state="refused"]').count()).toBe(0);
    await expect.poll(syncStatus).toMatch(/^Đã đồng bộ lúc/);
    expect(errors).toEqual([]);
  });

  it('edits a phone number and "no smartphone" offline; the server takes them when the phone is back', async () => {
    const date = today();
    // Phones are edited on the volunteer's own households (the others come without phones).
    const { household, person } = pick((p) => ageOn(p, date) >= 18 && p.hasSmartphone !== false, [], 1, true);
    await goOffline(true);
    await openField(page, `/thuc-dia/ho/${household.id}`);
    await page.getByRole('button', { name: `Sửa điện thoại của ${person.fullName}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Số điện thoại').fill('0912 000 111');
    await dialog.getByText('Không có', { exact: true }).click();
    await screenshot(page, 'field-contact-edit', false);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const card = page.locator(`[data-testid="field-member"][data-person-id="${person.id}"]`);
    await card.getByText('ĐT: 0912 000 111 · Không có điện thoại thông minh').waitFor();
    await page.getByText('1 thay đổi chưa gửi').waitFor();

    await goOffline(false);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    const stored = await desk.get<{ phone: string | null }>(`/api/people/${person.id}`);
    expect(stored.phone?.replace(/\s/g, '')).toBe('0912000111');
    const status = await desk.get<{ hasSmartphone: boolean | null }>(`/api/people/${person.id}/digital-status`);
    expect(status.hasSmartphone).toBe(false);
    // The pull brought the server's copy back: still what the volunteer typed.
    await card.getByText(/Không có điện thoại thông minh/).waitFor();
  });

  it('keeps the outbox when the session ends while offline, and sends it after logging in again', async () => {
    const date = today();
    const { household, person } = pick((p) => ageOn(p, date) >= 18 && p.status === 'resident', [], 1);
    await goOffline(true);
    await openField(page, `/thuc-dia/ho/${household.id}/ghi-luot`);
    const section = page.locator(`[data-testid="visit-person"][data-person-id="${person.id}"]`);
    await section.getByRole('checkbox', { name: person.fullName }).check();
    await section.getByRole('checkbox', { name: 'Hướng dẫn an toàn thông tin' }).check();
    await page.getByTestId('save-visit').click();
    await page.getByText('1 lượt chưa gửi').waitFor();
    const eventId = await page.locator('[data-testid="my-visit"][data-state="pending"]').first().getAttribute('data-event-id');

    // The session is gone (ended from the server, or expired) before the phone finds signal.
    await context.clearCookies();
    await goOffline(false);
    await expect.poll(syncStatus, { timeout: 30_000 }).toBe('Phiên đăng nhập đã hết hạn – đăng nhập lại để gửi 1 lượt');
    await screenshot(page, 'field-session-expired');
    await page.getByRole('button', { name: 'Đăng nhập lại', exact: true }).click();
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('tovien1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // Back in the field app, where the visit is sent.
    await page.waitForURL(/\/thuc-dia/);
    await unlockField(page);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    const history = await desk.get<{ items: { id: string }[] }>(`/api/households/${household.id}/support-events`);
    expect(history.items.filter((e) => e.id === eventId)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('opens a door card offline in the field app, and shows the other pages without overflow', async () => {
    const household = village.households.find((h) => h.headPersonId && residents(h.id).length > 0)!;
    await goOffline(true);
    await page.goto(`/q/${household.cardCode}`);
    await page.waitForURL(new RegExp(`/thuc-dia/ho/${household.id}$`));
    await unlockField(page);
    await page.getByTestId('household-title').waitFor();
    await goOffline(false);

    await openField(page, '/thuc-dia/ho?pham-vi=thon&chua-dat=DD');
    await page.getByTestId('field-household-list').waitFor();
    const filtered = Number((await page.getByTestId('household-count').innerText()).replace(/\D/g, ''));
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThanOrEqual(village.households.length);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'field-households-dd');

    await openField(page, '/thuc-dia/luot');
    await page.getByTestId('all-visits').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'field-visits');
    expect(errors).toEqual([]);
  });

  it('on a phone shared by two volunteers, never mixes their data and never drops unsent work', async () => {
    const date = today();
    const { household, person } = pick((p) => ageOn(p, date) >= 18);
    await openField(page, '/thuc-dia');
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    await goOffline(true);
    await openField(page, `/thuc-dia/ho/${household.id}/ghi-luot`);
    const section = page.locator(`[data-testid="visit-person"][data-person-id="${person.id}"]`);
    await section.getByRole('checkbox', { name: person.fullName }).check();
    await section.getByRole('checkbox', { name: 'Hướng dẫn an toàn thông tin' }).check();
    await page.getByTestId('save-visit').click();
    await page.getByText('1 lượt chưa gửi').waitFor();
    const eventId = await page.locator('[data-testid="my-visit"][data-state="pending"]').first().getAttribute('data-event-id');
    await context.clearCookies();
    await goOffline(false);

    // The team leader logs in on the same phone: the volunteer's unsent visit is not hers to send.
    const loginAs = async (who: string) => {
      await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(who);
      await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    };
    await page.goto('/dang-nhap');
    await loginAs('totruong1');
    // The phone's data are locked under the volunteer's PIN: the gate says whose they are.
    await page.getByTestId('other-owner').waitFor();
    expect(await page.getByTestId('other-owner').innerText()).toContain('Dữ liệu trên máy thuộc Hoàng Văn Đức (tovien1), còn 1 lượt chưa gửi');
    await screenshot(page, 'field-other-account');
    await page.getByRole('button', { name: 'Đăng xuất để Hoàng Văn Đức đăng nhập' }).click();
    await loginAs('tovien1');
    await page.waitForURL(/\/thuc-dia$/);
    await unlockField(page);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    expect(await page.getByText(/lượt chưa gửi/).count()).toBe(0);
    // Sent once, in the name of the volunteer who recorded it.
    const history = await desk.get<{ items: { id: string; recordedBy: { fullName: string } }[] }>(`/api/households/${household.id}/support-events`);
    expect(history.items.filter((e) => e.id === eventId).map((e) => e.recordedBy.fullName)).toEqual(['Hoàng Văn Đức']);

    // Nothing left to send: the next account starts on a clean phone.
    await page.getByTestId('field-user-menu').click();
    await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
    await loginAs('totruong1');
    await page.waitForURL(/\/thuc-dia$/);
    await unlockField(page, '975310');
    await page.getByRole('heading', { name: 'Xin chào, Huyền' }).waitFor();
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    const stored = await page.evaluate(async () => {
      const open = indexedDB.open('cnscd-field');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const read = <T,>(store: string, fn: (s: IDBObjectStore) => IDBRequest<T>) => new Promise<T>((resolve) => {
        const req = fn(db.transaction(store).objectStore(store));
        req.onsuccess = () => resolve(req.result);
      });
      const result = {
        myEvents: await read('myEvents', (s) => s.count()),
        // The lock is the one readable record: whose phone this is.
        owner: ((await read('vault', (s) => s.get('lock'))) as { username: string }).username,
      };
      db.close();
      return result;
    });
    expect(stored).toEqual({ myEvents: 0, owner: 'totruong1' });
    expect(errors).toEqual([]);
  });

  it('first loads under 315 KB of gzipped JavaScript, the PIN gate included', async () => {
    // A logged-in phone opening /thuc-dia with nothing cached (no service worker yet), through
    // the PIN screen to the home page. The budget was 300 KB before the PIN gate (issue 19),
    // which adds ≈12 KB: AES-GCM and the key handling 6.8, the lock screens 3.3, PasswordInput 2.
    const fresh = await chrome.browser.newContext({ baseURL: server.url, viewport: PHONE, isMobile: true, hasTouch: true, serviceWorkers: 'block', locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const login = await fresh.request.post('/api/auth/login', { data: { identifier: 'tovien1', password: DEMO_PASSWORD } });
    expect(login.ok()).toBe(true);
    const tab = await fresh.newPage();
    const scripts = new Set<string>();
    tab.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
    });
    await openField(tab, '/thuc-dia');
    await tab.getByRole('heading', { name: /Xin chào/ }).waitFor();
    await tab.getByTestId('sync-status').waitFor();
    const sizes = [...scripts].map((p) => gzipSync(readFileSync(path.join(server.webDir, p))).length);
    const gzip = sizes.reduce((a, b) => a + b, 0);
    console.log(`field app first load: ${scripts.size} scripts, ${(gzip / 1024).toFixed(1)} KiB gzip`);
    expect(scripts.size).toBeGreaterThan(3);
    expect(gzip).toBeLessThan(315 * 1024);
    await fresh.close();
  });
});
