// Every page, on a desk (1366×900) and on a phone (360×740), for the roles that see it:
// no script errors, nothing wider than a phone screen, and a screenshot in .tmp/screens for
// people to look at.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, horizontalOverflow, launchBrowser, login, newContext, screenshot, settled, smallTouchTargets, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
let ids: { household: string; person: string; village: number };

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  const officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  const people = await officer.get<{ items: { id: string; householdId: string; villageId: number }[] }>('/api/people?q=nguyen%20thi%20hoa&pageSize=1');
  ids = { household: people.items[0].householdId, person: people.items[0].id, village: people.items[0].villageId };
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

interface Shot {
  name: string;
  path: string | (() => string);
  /** Something that shows the page has its data. */
  ready?: (page: Page) => Promise<unknown>;
  /** Opens a dialog or menu before the picture. */
  act?: (page: Page) => Promise<unknown>;
}

const PAGES: Record<string, Shot[]> = {
  vhxh: [
    { name: 'home', path: '/', ready: (p) => p.getByTestId('stat-card').first().waitFor() },
    { name: 'villages', path: '/thon', ready: (p) => p.getByTestId('village-card').first().waitFor() },
    { name: 'households', path: '/ho-gia-dinh', ready: (p) => p.getByTestId('household-list').waitFor() },
    { name: 'households-of-village', path: () => `/ho-gia-dinh?thon=${ids.village}`, ready: (p) => p.getByTestId('household-list').waitFor() },
    { name: 'household', path: () => `/ho-gia-dinh/${ids.household}`, ready: (p) => p.getByTestId('member-list').waitFor() },
    {
      name: 'household-edit',
      path: () => `/ho-gia-dinh/${ids.household}`,
      act: async (p) => {
        await p.getByRole('button', { name: 'Sửa thông tin hộ' }).click();
        await p.getByRole('dialog').waitFor();
      },
    },
    { name: 'household-create', path: '/ho-gia-dinh/them', ready: (p) => p.getByText('Chủ hộ').first().waitFor() },
    { name: 'people', path: '/nhan-khau', ready: (p) => p.getByTestId('people-list').waitFor() },
    { name: 'people-search', path: '/nhan-khau?q=nguyen%20thi%20hoa', ready: (p) => p.getByTestId('people-count').waitFor() },
    { name: 'people-none', path: '/nhan-khau?q=zzzz', ready: (p) => p.getByText('Không tìm thấy ai').waitFor() },
    {
      name: 'person-cccd-revealed',
      path: () => `/nhan-khau/${ids.person}`,
      act: async (p) => {
        await p.getByRole('button', { name: 'Hiện số CCCD' }).click();
        await p.getByText('Lượt xem này đã được ghi vào nhật ký.').waitFor();
        expect(await p.getByTestId('cccd-value').innerText()).toMatch(/^\d{12}$/);
      },
    },
    {
      name: 'person-edit',
      path: () => `/nhan-khau/${ids.person}`,
      act: async (p) => {
        await p.getByRole('button', { name: 'Sửa thông tin' }).click();
        await p.getByRole('dialog').waitFor();
      },
    },
    {
      name: 'person-menu',
      path: () => `/nhan-khau/${ids.person}`,
      act: async (p) => {
        await p.getByRole('button', { name: 'Thay đổi cư trú' }).click();
        await p.getByRole('menuitem', { name: 'Chuyển sang hộ khác' }).waitFor();
      },
    },
    { name: 'my-account', path: '/ca-nhan', ready: (p) => p.getByTestId('session-list').waitFor() },
    { name: 'not-found', path: '/khong-co-trang-nay', ready: (p) => p.getByTestId('not-found').waitFor() },
    { name: 'forbidden', path: '/tai-khoan', ready: (p) => p.getByTestId('forbidden').waitFor() },
  ],
  admin: [
    { name: 'home', path: '/', ready: (p) => p.getByTestId('stat-card').first().waitFor() },
    { name: 'accounts', path: '/tai-khoan', ready: (p) => p.getByTestId('account-list').waitFor() },
    {
      name: 'account-create',
      path: '/tai-khoan',
      act: async (p) => {
        await p.getByRole('button', { name: 'Tạo tài khoản' }).click();
        await p.getByRole('dialog').waitFor();
      },
    },
    { name: 'org-units', path: '/don-vi', ready: (p) => p.getByTestId('org-tree').waitFor() },
    {
      name: 'org-unit-add',
      path: '/don-vi',
      act: async (p) => {
        await p.getByRole('button', { name: /^Thao tác với Bạch Ngọc/ }).click();
        await p.getByRole('menuitem', { name: /^Thêm/ }).click();
        await p.getByRole('dialog').waitFor();
      },
    },
    { name: 'audit', path: '/nhat-ky', ready: (p) => p.getByTestId('audit-list').waitFor() },
  ],
  truongthon1: [
    { name: 'home', path: '/', ready: (p) => p.getByTestId('stat-card').first().waitFor() },
    { name: 'households', path: '/ho-gia-dinh', ready: (p) => p.getByTestId('household-list').waitFor() },
    { name: 'people', path: '/nhan-khau', ready: (p) => p.getByTestId('people-list').waitFor() },
  ],
  tovien1: [{ name: 'home', path: '/', ready: (p) => p.getByTestId('stat-card').first().waitFor() }],
  so: [
    { name: 'home', path: '/', ready: (p) => p.getByTestId('stat-card').first().waitFor() },
    { name: 'registry-refused', path: '/nhan-khau', ready: (p) => p.getByTestId('forbidden').waitFor() },
  ],
};

for (const [who, shots] of Object.entries(PAGES)) {
  for (const [device, viewport] of [['desk', DESKTOP], ['phone', PHONE]] as const) {
    describe(`${who} on a ${device}`, () => {
      let page: Page;
      const errors: string[] = [];
      beforeAll(async () => {
        page = await (await newContext(browser, server.url, viewport)).newPage();
        page.on('pageerror', (e) => errors.push(e.message));
        await login(page, who, DEMO_PASSWORD);
      });
      afterAll(async () => {
        await page.context().close();
      });

      for (const shot of shots) {
        it(`shows ${shot.name}`, async () => {
          await page.goto(typeof shot.path === 'function' ? shot.path() : shot.path);
          await settled(page);
          await shot.ready?.(page);
          await shot.act?.(page);
          await page.waitForTimeout(250);
          if (device === 'phone') {
            expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
            expect(await smallTouchTargets(page)).toEqual([]);
          }
          await screenshot(page, `screen-${who}-${shot.name}-${device}`, !shot.act);
          expect(errors).toEqual([]);
          await page.keyboard.press('Escape');
        });
      }
    });
  }
}

describe('the login page', () => {
  for (const [device, viewport] of [['desk', DESKTOP], ['phone', PHONE]] as const) {
    it(`shows field errors on a ${device}`, async () => {
      const page = await (await newContext(browser, server.url, viewport)).newPage();
      await page.goto('/dang-nhap');
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.getByText('Nhập tên đăng nhập hoặc số điện thoại.').waitFor();
      await page.getByText('Nhập mật khẩu.').waitFor();
      await screenshot(page, `screen-login-errors-${device}`);
      await page.context().close();
    });
  }
});
