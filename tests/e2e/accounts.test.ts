// Accounts in the browser: the admin creates one (the temporary password is shown once),
// the new user must set a password, sees and ends another session; the admin locks, unlocks
// and resets the account.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, login, newContext, pickOrgUnit, pickSelect, screenshot, type BrowserHandle } from './browser.ts';
import { DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
let admin: Page;
let temporary = '';
const USERNAME = 'canbo.e2e';
const NEW_PASSWORD = 'Bach-Ngoc#2026';

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  admin = await (await newContext(browser, server.url, DESKTOP)).newPage();
  await login(admin, 'admin', DEMO_PASSWORD);
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

async function accountAction(name: string) {
  await admin.goto(`/tai-khoan?q=${USERNAME}`);
  await admin.getByRole('button', { name: `Thao tác với ${USERNAME}` }).click();
  await admin.getByRole('menuitem', { name }).click();
}

async function typeLogin(page: Page, identifier: string, password: string) {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(identifier);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe('account administration', () => {
  it('creates an account and shows its temporary password once', async () => {
    await admin.goto('/tai-khoan');
    await admin.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
    await dialog.getByText('Chọn vai trò.').waitFor();
    await screenshot(admin, 'desk-account-create-errors', false);
    await dialog.getByRole('textbox', { name: 'Tên đăng nhập' }).fill(USERNAME);
    await dialog.getByRole('textbox', { name: 'Họ và tên' }).fill('Đặng Thị Kiểm Thử');
    await dialog.getByRole('textbox', { name: 'Số điện thoại' }).fill('0977000111');
    await pickSelect(admin, 'Vai trò', 'Trưởng thôn');
    await pickOrgUnit(admin, 'account-unit', 'Thôn Bản Bó');
    await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
    const password = admin.getByTestId('temporary-password');
    await password.waitFor();
    temporary = (await password.innerText()).trim();
    expect(temporary.length).toBeGreaterThanOrEqual(8);
    await screenshot(admin, 'desk-account-temporary-password', false);
    await admin.getByRole('button', { name: 'Đã ghi lại, đóng' }).click();
    await expect.poll(() => admin.getByTestId('account-list').innerText()).toContain('Chờ đổi mật khẩu');
  });

  it('makes the new user set a password, then shows and ends their other sessions', async () => {
    const desk = await (await newContext(browser, server.url, DESKTOP)).newPage();
    await typeLogin(desk, USERNAME, temporary);
    await desk.getByRole('heading', { name: 'Đặt mật khẩu mới' }).waitFor();
    // Nothing else opens until the password is changed.
    await desk.goto('/nhan-khau');
    await desk.waitForURL(/\/doi-mat-khau$/);
    await screenshot(desk, 'desk-forced-password-change');
    await desk.getByLabel('Mật khẩu hiện tại').fill(temporary);
    await desk.getByLabel(/^Mật khẩu mới/).fill('ngan');
    await desk.getByLabel('Nhập lại mật khẩu mới').fill('khac');
    await desk.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await desk.getByText(/Mật khẩu phải có ít nhất 1[02] ký tự\./).waitFor();
    await desk.getByText('Mật khẩu nhập lại không khớp.').waitFor();
    await desk.getByLabel(/^Mật khẩu mới/).fill(NEW_PASSWORD);
    await desk.getByLabel('Nhập lại mật khẩu mới').fill(NEW_PASSWORD);
    await desk.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await desk.getByRole('heading', { name: 'Xin chào, Đặng Thị Kiểm Thử' }).waitFor();

    // A second device: the phone.
    const phoneContext: BrowserContext = await newContext(browser, server.url, PHONE);
    const phone = await phoneContext.newPage();
    await login(phone, USERNAME, NEW_PASSWORD);

    await desk.goto('/ca-nhan');
    const sessions = desk.getByTestId('session-item');
    await expect.poll(() => sessions.count()).toBe(2);
    expect(await desk.getByTestId('session-list').innerText()).toContain('Phiên này');
    await screenshot(desk, 'desk-my-account-sessions');
    await desk.getByRole('button', { name: 'Đăng xuất phiên này' }).click();
    await expect.poll(() => sessions.count()).toBe(1);

    // The phone's session is gone: its next request lands on the login page.
    await phone.goto('/nhan-khau');
    await phone.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await phoneContext.close();
  });

  it('locks the account (login refused), unlocks it and resets its password', async () => {
    await accountAction('Khóa tài khoản');
    await admin.getByRole('dialog').getByRole('button', { name: 'Khóa tài khoản' }).click();
    await expect.poll(() => admin.getByTestId('account-list').innerText()).toContain('Đã khóa');

    const page = await (await newContext(browser, server.url, PHONE)).newPage();
    await typeLogin(page, USERNAME, NEW_PASSWORD);
    await expect.poll(() => page.getByTestId('login-error').innerText()).toMatch(/\S/);
    await screenshot(page, 'phone-login-refused', false);

    await accountAction('Mở khóa tài khoản');
    await expect.poll(() => admin.getByTestId('account-list').innerText()).toContain('Hoạt động');
    await accountAction('Đặt lại mật khẩu');
    await admin.getByRole('dialog').getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    const fresh = (await admin.getByTestId('temporary-password').innerText()).trim();
    expect(fresh).not.toBe(temporary);
    await admin.getByRole('button', { name: 'Đã ghi lại, đóng' }).click();

    await typeLogin(page, USERNAME, fresh);
    await page.getByRole('heading', { name: 'Đặt mật khẩu mới' }).waitFor();
  });
});

describe('org units administration', () => {
  it('adds a village, renames it and stops using it', async () => {
    await admin.goto('/don-vi');
    const tree = admin.getByTestId('org-tree');
    await tree.waitFor();
    await admin.getByRole('button', { name: /^Thao tác với Bạch Ngọc/ }).click();
    await admin.getByRole('menuitem', { name: /^Thêm/ }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Thêm' }).click();
    await dialog.getByText('Nhập tên đơn vị.').waitFor();
    await dialog.getByRole('textbox', { name: /^Tên/ }).fill('Thôn Kiểm Thử');
    await dialog.getByRole('button', { name: 'Thêm' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => tree.innerText()).toContain('Thôn Kiểm Thử');

    await admin.getByRole('button', { name: 'Thao tác với Thôn Kiểm Thử' }).click();
    await admin.getByRole('menuitem', { name: 'Đổi tên, mã' }).click();
    await admin.getByRole('dialog').getByRole('textbox', { name: /^Tên/ }).fill('Thôn Kiểm Thử Mới');
    await admin.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => tree.innerText()).toContain('Thôn Kiểm Thử Mới');

    await admin.getByRole('button', { name: 'Thao tác với Thôn Kiểm Thử Mới' }).click();
    await admin.getByRole('menuitem', { name: 'Ngừng sử dụng' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Ngừng sử dụng' }).click();
    await expect.poll(() => tree.innerText()).toContain('Ngừng sử dụng');
    await screenshot(admin, 'desk-org-units-after-changes');

    // A unit no longer in use is not offered where a village is chosen.
    await admin.goto('/ho-gia-dinh');
    await admin.getByTestId('village-filter').click();
    await admin.getByTestId('village-filter').fill('Kiểm Thử');
    await admin.getByText('Không có đơn vị phù hợp').waitFor();
  });
});
