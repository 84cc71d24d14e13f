// "Việc cần làm" in the browser: every demo role's home page shows the items the server lists
// for it, in its order, late ones marked; every item's link opens the page where the work is
// done, and that page shows the thing named. An unfinished import (Phòng VH-XH) and an account
// locked by wrong passwords (for the admin) are made first, so every kind of item appears. On
// a phone the list fits the screen and its links work.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TodoItem, TodoList } from '../../src/shared/todos.ts';
import { PHONE, SMALL_DESKTOP, horizontalOverflow, launchBrowser, loggedInPage, screenshot, settled, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_ACCOUNTS, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
const LOCKED = 'totruong2';

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  // Lock one account the way a forgetful user does: wrong passwords through the login route.
  server.server.app.throttlePolicy = { slowAfter: 10, lockAfter: 3, lockMinutes: 15, delayStepMs: 1 };
  for (let i = 0; i < 3; i++) {
    await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: LOCKED, password: 'sai-mat-khau' }) });
  }
  // A list uploaded into the importer and left there.
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'vhxh', password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const form = new FormData();
  form.append('file', new Blob(['Họ và tên,Năm sinh,Thôn\nNông Văn Thử,1990,Thôn Bản Bó\n']), 'danh-sach-bo-sung.csv');
  const upload = await fetch(`${server.url}/api/imports`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken }, body: form });
  expect(upload.status, await upload.clone().text()).toBe(201);
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

// One API session per account: the login route allows 30 attempts a minute from one address,
// and this file's browser logins come from the same one.
const clients = new Map<string, ReturnType<typeof apiAs>>();
async function expectedTodos(username: string): Promise<TodoItem[]> {
  if (!clients.has(username)) clients.set(username, apiAs(server.url, username, DEMO_PASSWORD));
  const client = await clients.get(username)!;
  return (await client.get<TodoList>('/api/todos')).items;
}

async function shownTodos(page: Page) {
  const card = page.getByTestId('todo-card');
  await card.waitFor();
  await expect.poll(() => card.getAttribute('aria-busy')).toBe('false');
  const rows = card.getByTestId('todo-item');
  return {
    titles: await rows.evaluateAll((els) => els.map((el) => el.querySelector('p')!.textContent!.trim())),
    late: await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-late') === 'true')),
    hrefs: await rows.evaluateAll((els) => els.map((el) => el.getAttribute('href'))),
  };
}

/** What the page behind each kind of item shows once open: the thing the item names. */
async function expectPageOf(page: Page, item: TodoItem) {
  const url = new URL(page.url());
  expect(url.pathname + url.search).toBe(item.href);
  if (item.href.startsWith('/bao-cao/')) {
    await page.getByTestId('report-meta').waitFor();
    if (item.kind === 'report_resend') await page.getByTestId('report-returned').waitFor();
  } else if (item.href.startsWith('/bao-cao')) {
    await page.getByRole('heading', { name: 'Báo cáo', exact: true }).waitFor();
    if (item.kind === 'report_review') await expect.poll(() => page.getByTestId('report-overview').innerText()).toContain('Đã nộp, chờ duyệt');
    if (item.kind === 'reports_missing') await page.getByTestId('reports-communes').waitFor();
    if (item.kind === 'report_write') await expect.poll(() => page.getByText('Bắt đầu viết').count()).toBeGreaterThan(0);
  } else if (item.href.startsWith('/to-cnscd')) {
    const rows = page.getByTestId('team-list').locator('tbody tr');
    await rows.first().waitFor();
    // Only the villages that have households waiting, each with its count.
    for (const text of await rows.allInnerTexts()) expect(text).toMatch(/\d+ hộ/);
    await expect.poll(() => page.getByTestId('stat-needs').innerText()).toContain(String(item.count));
  } else if (item.href.startsWith('/phan-cong-ho')) {
    await expect.poll(() => page.getByTestId('assignment-list').locator('tbody tr').count()).toBe(item.count);
  } else if (item.href.startsWith('/nhap-du-lieu/')) {
    await page.getByText('danh-sach-bo-sung.csv').first().waitFor();
  } else if (item.href.startsWith('/tai-khoan')) {
    await expect.poll(() => page.getByTestId('account-list').innerText()).toContain(LOCKED);
  } else if (item.href.startsWith('/nhiem-vu/')) {
    await page.getByTestId('occurrence-due').waitFor();
  } else if (item.href.startsWith('/nhiem-vu')) {
    // Another unit's overdue tasks: the list filtered to them, each marked overdue.
    const badges = page.getByTestId('task-list').getByTestId('task-status');
    await expect.poll(() => badges.count()).toBe(item.count ?? 0);
    expect(new Set(await badges.evaluateAll((els) => els.map((el) => el.getAttribute('data-status'))))).toEqual(new Set(['overdue']));
  } else {
    throw new Error(`no check for ${item.href}`);
  }
}

describe('each demo role\'s home page', () => {
  for (const account of DEMO_ACCOUNTS) {
    it(`${account.username} (${account.role}) sees its work and each link opens the right page`, async () => {
      const expected = await expectedTodos(account.username);
      const { context, page } = await loggedInPage(browser, server.url, SMALL_DESKTOP, account.username, DEMO_PASSWORD, { failOnPageError: true });
      const shown = await shownTodos(page);
      expect(shown.titles).toEqual(expected.map((i) => i.title));
      expect(shown.late).toEqual(expected.map((i) => i.late));
      expect(shown.hrefs).toEqual(expected.map((i) => i.href));
      if (expected.length === 0) await page.getByTestId('todo-empty').waitFor();
      await screenshot(page, `todos-${account.username}-home`, false);

      for (const [i, item] of expected.entries()) {
        await page.getByTestId('todo-item').nth(i).click();
        await expectPageOf(page, item);
        await page.goBack();
        await shownTodos(page);
      }
      await context.close();
    });
  }

  it('lists the demo work the README promises: a returned report, households waiting, the unfinished import, the locked account', async () => {
    const kinds = async (username: string) => (await expectedTodos(username)).map((i) => i.kind);
    expect(await kinds('truongthon1')).toEqual(expect.arrayContaining(['report_resend', 'households_unassigned']));
    expect(await kinds('vhxh')).toEqual(expect.arrayContaining(['households_unassigned', 'import_unfinished']));
    expect(await kinds('admin')).toEqual(expect.arrayContaining(['accounts_locked', 'import_unfinished']));
  });
});

describe('on a phone', () => {
  it('fits the screen and its links work', async () => {
    const expected = await expectedTodos('truongthon1');
    const { context, page } = await loggedInPage(browser, server.url, PHONE, 'truongthon1', DEMO_PASSWORD, { failOnPageError: true });
    const shown = await shownTodos(page);
    expect(shown.titles).toEqual(expected.map((i) => i.title));
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'todos-truongthon1-home-phone');
    const resend = expected.findIndex((i) => i.kind === 'report_resend');
    await page.getByTestId('todo-item').nth(resend).click();
    await expectPageOf(page, expected[resend]);
    await context.close();
  });
});
