// Sao lưu dữ liệu: the admin opens the page from the menu, sees no backup yet, presses
// "Sao lưu ngay" and the backup appears verified with its size; fits a laptop and a phone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PHONE, SMALL_DESKTOP, type BrowserHandle, horizontalOverflow, launchBrowser, loggedInPage, openNav, screenshot } from './browser.ts';
import { DEMO_PASSWORD, type E2EServer, startE2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
});
afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

it('lets the admin make a backup now and see it verified, on a laptop and a phone', async () => {
  const { context, page } = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'admin', DEMO_PASSWORD, { failOnPageError: true });
  await page.getByTestId('main-nav').getByRole('link', { name: 'Sao lưu dữ liệu' }).click();
  await page.getByRole('heading', { name: 'Sao lưu dữ liệu' }).waitFor();
  await page.getByText('Chưa có bản sao lưu nào').first().waitFor();
  await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
  const list = page.getByTestId('backup-list');
  await list.getByText('Đã kiểm tra').waitFor({ timeout: 120_000 });
  expect(await list.getByText(/Sao lưu ngay \(Quản trị hệ thống\)/).isVisible()).toBe(true);
  expect(await list.getByText(/\d+(,\d)? MB|\d+ KB/).isVisible()).toBe(true);
  expect(await page.getByText('Chưa có bản sao lưu nào').count()).toBe(0);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot(page, 'backups-desktop');
  await context.close();

  const phone = await loggedInPage(chrome.browser, server.url, PHONE, 'admin', DEMO_PASSWORD);
  await openNav(phone.page);
  await phone.page.getByRole('link', { name: 'Sao lưu dữ liệu' }).click();
  await phone.page.getByTestId('backup-list').getByText('Đã kiểm tra').waitFor();
  expect(await horizontalOverflow(phone.page)).toBeLessThanOrEqual(0);
  await screenshot(phone.page, 'backups-phone');
  await phone.context.close();
}, 300_000);
