// Each demo role logs in through the browser and sees exactly what it may: its navigation,
// real figures on the home page, registry pages or a refusal, its own village only.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, ROLE_UNIT_LEVEL, type Role } from '../../src/shared/roles.ts';
import { DESKTOP, PHONE, launchBrowser, login, navLabels, newContext, screenshot, settled, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_ACCOUNTS, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
/** A person and a household outside the first village (where truongthon1 and tovien1 work). */
let otherVillage: { personId: string; householdId: string; villageName: string };
let firstVillageName: string;

function expectedNav(role: Role): string[] {
  const p = ROLE_PERMISSIONS[role];
  const villageScoped = ROLE_UNIT_LEVEL[role] === 'village';
  const nav = ['Tổng quan'];
  if (p.includes('stats.read')) nav.push('Chỉ số, chỉ tiêu');
  if (p.includes('reports.read')) nav.push('Báo cáo');
  if (p.includes('plans.read')) nav.push('Kế hoạch năm');
  // Tasks are a commune's; the province's accounts follow the communes' timeliness.
  if (ROLE_UNIT_LEVEL[role] === 'province') { if (p.includes('stats.read')) nav.push('Tiến độ các xã'); } else if (p.includes('tasks.read')) nav.push('Nhiệm vụ');
  if (p.includes('field.sync')) nav.push('Ứng dụng thực địa');
  // Accounts of one village have no village list: their households are the village.
  if (p.includes('registry.read')) nav.push(...(villageScoped ? [] : ['Thôn, tổ dân phố']), 'Hộ gia đình', 'Nhân khẩu');
  if (p.includes('registry.write')) nav.push('Nhập dữ liệu từ Excel');
  // A village's own accounts land on their village's team.
  if (p.includes('teams.read')) nav.push(villageScoped ? 'Tổ CNSCĐ của thôn' : 'Tổ CNSCĐ các thôn');
  if (p.includes('teams.assign')) nav.push('Phân công hộ');
  if (p.includes('trainings.read')) nav.push('Tập huấn');
  if (p.includes('registry.read')) nav.push('Buổi hướng dẫn tập trung');
  if (p.includes('communication.read')) nav.push('Truyền thông');
  if (p.includes('budget.totals')) nav.push('Kinh phí');
  if (p.includes('awards.read')) nav.push('Thi đua, khen thưởng');
  if (p.includes('accounts.manage')) nav.push('Tài khoản người dùng');
  if (p.includes('org.manage')) nav.push('Đơn vị hành chính');
  if (p.includes('audit.read')) nav.push('Nhật ký hệ thống');
  if (p.includes('backups.manage')) nav.push('Sao lưu dữ liệu');
  return nav;
}

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  const admin = await apiAs(server.url, 'admin', DEMO_PASSWORD);
  const head = await apiAs(server.url, 'truongthon1', DEMO_PASSWORD);
  firstVillageName = (await head.get<{ orgUnit: { name: string } }>('/api/auth/me')).orgUnit.name;
  const people = await admin.get<{ items: { id: string; householdId: string; villageName: string }[] }>('/api/people?pageSize=200');
  const other = people.items.find((p) => p.villageName !== firstVillageName)!;
  otherVillage = { personId: other.id, householdId: other.householdId, villageName: other.villageName };
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('every demo role', () => {
  for (const account of DEMO_ACCOUNTS) {
    it(`${account.username} (${account.role}) sees its navigation, its figures and nothing more`, async () => {
      const context = await newContext(browser, server.url, DESKTOP);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await login(page, account.username, DEMO_PASSWORD);

      expect(await navLabels(page)).toEqual(expectedNav(account.role));

      // Real figures on the home page: household and people counts above zero.
      await settled(page);
      const cards = page.getByTestId('stat-card');
      await expect.poll(() => cards.count()).toBeGreaterThan(2);
      const households = await cards.filter({ hasText: 'Hộ gia đình' }).innerText();
      expect(Number(households.replace(/\D/g, ''))).toBeGreaterThan(0);
      await screenshot(page, `role-${account.username}-home`);

      const registry = ROLE_PERMISSIONS[account.role].includes('registry.read');
      await page.goto('/nhan-khau');
      if (registry) {
        await page.getByTestId('people-list').waitFor();
      } else {
        await expect(page.getByTestId('forbidden').innerText()).resolves.toContain('Bạn không có quyền xem trang này');
        await page.goto(`/ho-gia-dinh/${otherVillage.householdId}`);
        await page.getByTestId('forbidden').waitFor();
        await page.goto('/thon');
        await page.getByTestId('forbidden').waitFor();
      }
      if (!ROLE_PERMISSIONS[account.role].includes('accounts.manage')) {
        await page.goto('/tai-khoan');
        await page.getByTestId('forbidden').waitFor();
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

describe('a village head', () => {
  it('sees only the households of the own village and gets "not found" for a person elsewhere', async () => {
    const context = await newContext(browser, server.url, DESKTOP);
    const page = await context.newPage();
    await login(page, 'truongthon1', DEMO_PASSWORD);

    await page.goto('/ho-gia-dinh');
    await page.getByTestId('household-list').waitFor();
    expect(await page.getByTestId('village-filter').count()).toBe(0);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(firstVillageName);
    const addresses = await page.getByTestId('household-list').locator('tbody tr').count();
    expect(addresses).toBeGreaterThan(0);

    await page.goto('/nhan-khau?tt=all');
    await page.getByTestId('people-list').waitFor();
    expect(await page.getByTestId('people-list').innerText()).not.toContain(otherVillage.villageName);

    await page.goto(`/nhan-khau/${otherVillage.personId}`);
    await expect(page.getByTestId('not-found').innerText()).resolves.toContain('Không tìm thấy nhân khẩu');
    await screenshot(page, 'role-truongthon1-person-of-other-village');
    await page.goto(`/ho-gia-dinh/${otherVillage.householdId}`);
    await expect(page.getByTestId('not-found').innerText()).resolves.toContain('Không tìm thấy hộ gia đình');

    // Village heads keep the registry but may not unmask a CCCD.
    await page.goto('/nhan-khau');
    await page.getByTestId('people-list').locator('a').first().click();
    await page.getByText('Lịch sử cư trú').waitFor();
    expect(await page.getByRole('button', { name: 'Hiện số CCCD' }).count()).toBe(0);
    await context.close();
  });

  it('on a phone, finds the own village in the drawer and no village filter', async () => {
    const context = await newContext(browser, server.url, PHONE);
    const page = await context.newPage();
    await login(page, 'truongthon1', DEMO_PASSWORD);
    const nav = await navLabels(page);
    expect(nav).not.toContain('Thôn, tổ dân phố');
    await page.getByTestId('main-nav').getByRole('link', { name: 'Hộ gia đình', exact: true }).click();
    await page.getByTestId('household-list').waitFor();
    const cards = page.getByTestId('list-card');
    expect(await cards.count()).toBeGreaterThan(0);
    await context.close();
  });
});

describe('a volunteer (team member)', () => {
  it('reads the village registry but is offered no changes', async () => {
    const context = await newContext(browser, server.url, DESKTOP);
    const page = await context.newPage();
    await login(page, 'tovien1', DEMO_PASSWORD);
    await page.goto('/ho-gia-dinh');
    await page.getByTestId('household-list').waitFor();
    expect(await page.getByRole('link', { name: 'Thêm hộ gia đình' }).count()).toBe(0);
    await page.getByTestId('household-list').locator('tbody tr a').first().click();
    await page.getByTestId('member-list').waitFor();
    expect(await page.getByRole('button', { name: 'Thêm nhân khẩu' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sửa thông tin hộ' }).count()).toBe(0);
    await context.close();
  });
});

describe('login', () => {
  it('accepts the phone number, and says in Vietnamese when the password is wrong', async () => {
    const context = await newContext(browser, server.url, DESKTOP);
    const page = await context.newPage();
    await page.goto('/nhan-khau');
    await page.waitForURL(/\/dang-nhap\?tiep=/);
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('vhxh');
    await page.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const error = await page.getByTestId('login-error').innerText();
    expect(error).toMatch(/không đúng|sai/i);
    await screenshot(page, 'login-wrong-password');

    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('0912345678');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    // Back to the page that was asked for before logging in.
    await page.waitForURL(/\/nhan-khau$/);
    await page.getByTestId('people-list').waitFor();
    await context.close();
  });
});
