// The field app's first sync on a weak signal: while the village's first pull has not landed,
// the phone says it is loading the households instead of "0 hộ còn chưa đạt" or "Cả thôn 0 hộ"
// (which read as "nothing to do"); once the pull lands, the real counts appear. The pull is
// held back by intercepting it, as a slow network would.
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/shared/sync.ts';
import { launchBrowser, newContext, PHONE, screenshot, type BrowserHandle, openField, unlockField } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let households: number;

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  const volunteer = await apiAs(server.url, 'tovien1', DEMO_PASSWORD);
  households = (await volunteer.get<PullResponse>('/api/sync/pull')).households.length;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('the first pull on a slow network', () => {
  it('shows the loading state, never zero counts, until the village has landed', async () => {
    const context = await newContext(chrome.browser, server.url, PHONE);
    const held: Route[] = [];
    let holding = true;
    // context.route: the phone's service worker, once installed, fetches through it too.
    await context.route('**/api/sync/pull*', (route) => (holding ? void held.push(route) : void route.continue()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('tovien1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/thuc-dia$/);
    await unlockField(page);
    await expect.poll(() => held.length, { timeout: 20_000 }).toBeGreaterThan(0);

    const nextVisits = page.getByTestId('go-next-visits');
    const mine = page.getByTestId('go-my-households');
    await expect.poll(() => nextVisits.innerText()).toContain('Đang tải danh sách hộ…');
    expect(await nextVisits.innerText()).not.toMatch(/\b0 hộ/);
    expect(await mine.innerText()).toContain('Đang tải danh sách hộ…');
    expect(await page.locator('body').innerText()).not.toMatch(/\b0 hộ/);
    await screenshot(page, 'field-first-pull-loading', false);

    // The whole village's list says the same while it waits.
    await openField(page, '/thuc-dia/ho?pham-vi=thon');
    await expect.poll(() => page.getByTestId('household-count').innerText()).toBe('Đang tải danh sách hộ…');
    expect(await page.locator('body').innerText()).not.toMatch(/\(0\)|\b0 hộ/);
    await screenshot(page, 'field-first-pull-loading-list', false);

    // The network comes through: the counts appear.
    holding = false;
    for (const route of held.splice(0)) await route.continue().catch(() => undefined);
    await expect.poll(() => page.getByTestId('household-count').innerText(), { timeout: 30_000 }).toBe(`${households} hộ`);
    expect(await page.getByText(`Cả thôn (${households})`, { exact: true }).count()).toBe(1);
    await openField(page, '/thuc-dia');
    await expect.poll(() => nextVisits.innerText(), { timeout: 30_000 }).toMatch(/\d+ hộ tôi phụ trách · \d+ hộ cả thôn còn chưa đạt/);
    await screenshot(page, 'field-first-pull-landed', false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
