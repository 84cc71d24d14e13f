// Tổ CNSCĐ in the browser: the culture office forms the team of a village that has none,
// adds three members (the size warning goes away), and assigns the households that need a
// member; the same pages on a phone (no sideways scrolling, the assignment works); a village
// head lands on their own village's team; last, the team is "kiện toàn" and keeps its history. A fresh village is made first, so the test does
// not depend on which teams the demo data already has.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, horizontalOverflow, launchBrowser, login, newContext, openNav, pickSelect, screenshot, settled, smallTouchTargets, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

const VILLAGE = 'Thôn Khau Cau';
const HEADS = [
  { fullName: 'Hoàng Thị Slao', noCapableMember: true },
  { fullName: 'Triệu Văn Páo', noCapableMember: true },
  { fullName: 'Lò Thị Dung', noCapableMember: true },
  { fullName: 'Nông Văn Khải', noCapableMember: false },
  { fullName: 'Ma Thị Hiền', noCapableMember: false },
];
const MEMBERS = [
  { fullName: 'Hà Văn Thắng', phone: '0912 111 222', role: 'Tổ trưởng' },
  { fullName: 'Lục Thị Nga', phone: '0913222333', role: 'Tổ phó' },
  { fullName: 'Nông Văn Quý', phone: '0914333444', role: 'Thành viên' },
];

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
let villageId: number;

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  const admin = await apiAs(server.url, 'admin', DEMO_PASSWORD);
  const officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  const village = await admin.post<{ id: number }>('/api/org-units', { parentId: officer.me.orgUnit.id, name: VILLAGE });
  villageId = village.id;
  for (const [i, head] of HEADS.entries()) {
    await officer.post('/api/households', {
      villageId, code: String(i + 1), address: `Xóm Nà Cọ, nhà ${i + 1}`, noCapableMember: head.noCapableMember,
      head: { fullName: head.fullName, sex: head.fullName.includes('Thị') ? 'female' : 'male', birthYear: 1950 + i },
    });
  }
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

async function fillDate(page: Page, label: string, value: string) {
  const input = page.getByRole('dialog').getByRole('textbox', { name: label });
  await input.fill(value);
  await input.press('Tab');
}

describe('the culture office at the desk', () => {
  let page: Page;
  beforeAll(async () => {
    const context = await newContext(browser, server.url, DESKTOP);
    page = await context.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
    await login(page, 'vhxh', DEMO_PASSWORD);
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') return screenshot(page, `FAIL-teams-desk-${ctx.task.name.slice(0, 40)}`).then(() => undefined);
  });

  it('finds the village without a team in the list of teams', async () => {
    await page.getByTestId('main-nav').getByRole('link', { name: 'Tổ CNSCĐ các thôn' }).click();
    await page.getByRole('heading', { name: 'Tổ Công nghệ số cộng đồng' }).waitFor();
    const row = page.getByTestId('team-list').locator('tbody tr', { hasText: VILLAGE });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('Chưa có tổ');
    expect(await row.innerText()).toContain('3 hộ');
    await screenshot(page, 'desk-teams-list-before');
  });

  it('forms the team from the list, and sees that it needs members', async () => {
    await page.getByTestId('team-list').locator('tbody tr', { hasText: VILLAGE }).getByTestId('form-team').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Tên tổ' }).waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Tên tổ' }).inputValue()).toBe(`Tổ CNSCĐ ${VILLAGE}`);
    await dialog.getByRole('textbox', { name: 'Số quyết định' }).fill('25/QĐ-UBND');
    await fillDate(page, 'Ngày quyết định', '10/01/2026');
    await fillDate(page, 'Ngày thành lập', '15/01/2026');
    await dialog.getByRole('button', { name: 'Thành lập tổ' }).click();
    await page.getByRole('heading', { name: `Tổ CNSCĐ ${VILLAGE}` }).waitFor();
    expect(page.url()).toContain(`/to-cnscd/`);
    const warnings = page.getByTestId('team-warnings');
    await expect.poll(() => warnings.innerText()).toContain('Tổ mới có 0 thành viên, cần ít nhất 3.');
    expect(await page.getByText('QĐ số 25/QĐ-UBND ngày 10/01/2026').count()).toBeGreaterThan(0);
  });

  it('adds three members; the warning counts down and disappears at three', async () => {
    for (const [i, member] of MEMBERS.entries()) {
      await page.getByTestId('add-member').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Họ và tên' }).fill(member.fullName);
      await dialog.getByRole('textbox', { name: 'Số điện thoại' }).fill(member.phone);
      if (i > 0) await pickSelect(page, 'Vai trò trong tổ', member.role);
      await fillDate(page, 'Ngày vào tổ', '15/01/2026');
      await dialog.getByRole('button', { name: 'Thêm vào tổ' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('member-list').locator('tbody tr').count()).toBe(i + 1);
      if (i < 2) await expect.poll(() => page.getByTestId('team-warnings').innerText()).toContain(`Tổ mới có ${i + 1} thành viên, cần ít nhất 3.`);
    }
    await expect.poll(() => page.getByTestId('team-warnings').count()).toBe(0);
    expect(await page.getByTestId('team-size').first().getAttribute('data-warning')).toBe('false');
    const rows = await page.getByTestId('member-list').locator('tbody tr').allInnerTexts();
    expect(rows[0]).toContain('Hà Văn Thắng');
    expect(rows[0]).toContain('Tổ trưởng');
    expect(rows[0]).toContain('0912111222'); // normalized by the server
    expect(rows[1]).toContain('Tổ phó');
    await screenshot(page, 'desk-team-detail');
  });

  it('does not offer a second leader while the team has one', async () => {
    await page.getByTestId('add-member').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Vai trò trong tổ' }).click();
    // The option is there but cannot be chosen: the team has its leader.
    const leader = page.getByRole('option', { name: 'Tổ trưởng (tổ đã có)' });
    await leader.waitFor();
    expect(await leader.getAttribute('data-combobox-disabled')).toBe('true');
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('assigns the households that need a member, and sees the workload', async () => {
    await page.getByTestId('go-assign').click();
    await page.getByRole('heading', { name: `Phân công hộ · ${VILLAGE}` }).waitFor();
    await expect.poll(() => page.getByTestId('assign-counts').innerText()).toContain('3 hộ cần phân công');
    await page.getByTestId('assign-filter').getByText('Cần phân công').click();
    await expect.poll(() => page.getByTestId('assignment-list').locator('tbody tr').count()).toBe(3);
    await page.getByTestId('select-all').click();
    await page.getByTestId('assign-bar').getByText('Đã chọn 3 hộ').waitFor();
    await screenshot(page, 'desk-assignment-selected');
    await pickSelect(page, 'Giao cho thành viên', 'Lục Thị Nga (0 hộ)');
    await page.getByTestId('assign-submit').click();
    await page.getByText('Đã phân công 3 hộ cho Lục Thị Nga.').waitFor();
    await page.getByText('Không còn hộ cần phân công').waitFor();
    await expect.poll(() => page.getByTestId('assign-counts').innerText()).toContain('0 hộ cần phân công');
    const card = page.getByTestId('member-workload').getByRole('button', { name: /Lục Thị Nga/ });
    await expect.poll(() => card.innerText()).toContain('3 hộ · 3 cần hỗ trợ');
    await page.getByTestId('assign-filter').getByText('Tất cả').click();
    await expect.poll(() => page.getByTestId('assignment-list').locator('tbody tr').count()).toBe(5);
    // The list of "all" was loaded before the assignment: it refetches after showing what it had.
    await expect.poll(() => page.getByTestId('assignment-list').locator('tbody tr').first().innerText()).toContain('Lục Thị Nga');
    await screenshot(page, 'desk-assignment-done');
  });

  it('shows the formed team back in the list, with its leader and nothing left to assign', async () => {
    await page.goto('/to-cnscd');
    const row = page.getByTestId('team-list').locator('tbody tr', { hasText: VILLAGE });
    await expect.poll(() => row.innerText()).toContain('Hà Văn Thắng');
    const text = await row.innerText();
    expect(text).toContain('3 thành viên');
    expect(text).toContain('0912111222');
    expect(text).not.toContain('Chưa có tổ');
    await screenshot(page, 'desk-teams-list-after');
  });
});

describe('the same pages on a phone', () => {
  let page: Page;
  beforeAll(async () => {
    const context = await newContext(browser, server.url, PHONE);
    page = await context.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
    await login(page, 'vhxh', DEMO_PASSWORD);
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') return screenshot(page, `FAIL-teams-phone-${ctx.task.name.slice(0, 40)}`).then(() => undefined);
  });

  it('lists the teams as cards, without sideways scrolling', async () => {
    await openNav(page);
    await page.getByTestId('main-nav').getByRole('link', { name: 'Tổ CNSCĐ các thôn' }).click();
    await page.getByRole('heading', { name: 'Tổ Công nghệ số cộng đồng' }).waitFor();
    await page.getByTestId('team-list').getByTestId('list-card').first().waitFor();
    await settled(page);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'phone-teams-list');
  });

  it('shows a team with its members, without sideways scrolling, with thumb-sized controls', async () => {
    await page.getByTestId('team-list').getByTestId('list-card').filter({ hasText: VILLAGE }).click();
    await page.getByRole('heading', { name: `Tổ CNSCĐ ${VILLAGE}` }).waitFor();
    await expect.poll(() => page.getByTestId('member-list').getByTestId('list-card').count()).toBe(3);
    await settled(page);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'phone-team-detail');
  });

  it('assigns a household from the phone', async () => {
    await page.getByTestId('go-assign').click();
    await page.getByRole('heading', { name: `Phân công hộ · ${VILLAGE}` }).waitFor();
    await page.getByTestId('assign-filter').getByText('Chưa phân công').click();
    const cards = page.getByTestId('assignment-list').getByTestId('list-card');
    await expect.poll(() => cards.count()).toBe(2);
    expect(await horizontalOverflow(page)).toBe(0);
    await cards.filter({ hasText: 'Nông Văn Khải' }).getByTestId('select-household').check();
    await page.getByTestId('assign-bar').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'phone-assignment-selected', false);
    await pickSelect(page, 'Giao cho thành viên', 'Nông Văn Quý (0 hộ)');
    await page.getByTestId('assign-submit').click();
    await page.getByText('Đã phân công 1 hộ cho Nông Văn Quý.').waitFor();
    await expect.poll(() => cards.count()).toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'phone-assignment-done');
  });
});

describe('a village head', () => {
  it('lands on the team of their own village', async () => {
    const context = await newContext(browser, server.url, DESKTOP);
    const page = await context.newPage();
    const head = await apiAs(server.url, 'truongthon1', DEMO_PASSWORD);
    const own = await head.get<{ orgUnit: { id: number; name: string } }>('/api/auth/me');
    await login(page, 'truongthon1', DEMO_PASSWORD);
    await page.getByTestId('main-nav').getByRole('link', { name: 'Tổ CNSCĐ của thôn' }).click();
    await page.waitForURL(`**/to-cnscd/thon/${own.orgUnit.id}`);
    // The page is loaded on demand: wait for the team itself (its leader) before judging it.
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('Tổ trưởng');
    await settled(page);
    expect(await page.locator('main').innerText()).toContain(own.orgUnit.name);
    // They assign households but do not manage the team.
    expect(await page.getByTestId('add-member').count()).toBe(0);
    expect(await page.getByTestId('main-nav').getByRole('link', { name: 'Phân công hộ' }).count()).toBe(1);
    await screenshot(page, 'desk-village-head-team');
    await context.close();
  });
});

describe('kiện toàn at the desk', () => {
  it('re-forms the team without one member; the others keep their households and the old team stays in the history', async () => {
    const context = await newContext(browser, server.url, DESKTOP);
    const page = await context.newPage();
    page.on('pageerror', (e) => {
      throw e;
    });
    await login(page, 'vhxh', DEMO_PASSWORD);
    await page.goto(`/to-cnscd/thon/${villageId}`);
    await page.getByTestId('reform-team').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('checkbox', { name: /Nông Văn Quý/ }).uncheck();
    await fillDate(page, 'Tổ cũ kết thúc ngày', '31/03/2026');
    await fillDate(page, 'Tổ mới thành lập ngày', '01/04/2026');
    await dialog.getByRole('textbox', { name: 'Số quyết định kiện toàn' }).fill('40/QĐ-UBND');
    await screenshot(page, 'desk-team-reform-dialog', false);
    await dialog.getByRole('button', { name: 'Kiện toàn tổ' }).click();
    await page.getByText('Đã kiện toàn tổ. 1 hộ của các thành viên không tiếp tục đã trở về "chưa phân công".', { exact: false }).waitFor();
    await expect.poll(() => page.getByTestId('member-list').locator('tbody tr').count()).toBe(2);
    const nga = page.getByTestId('member-list').locator('tbody tr').nth(1);
    expect(await nga.innerText()).toContain('Lục Thị Nga');
    // Her three households came with her ("Hộ phụ trách", the column before the actions),
    // read cell by cell: a row's innerText can run its cells together while it re-renders.
    await expect.poll(async () => (await nga.locator('td').nth(-2).innerText()).trim()).toBe('3');
    await expect.poll(() => page.getByTestId('team-warnings').innerText()).toContain('Tổ mới có 2 thành viên, cần ít nhất 3.');
    const history = page.getByTestId('team-history');
    await expect.poll(() => history.innerText()).toContain('31/03/2026');
    await screenshot(page, 'desk-team-after-reform');
    // The former team opens read-only with its members.
    await history.getByRole('link').first().click();
    await page.getByText('Tổ này đã kết thúc ngày 31/03/2026').waitFor();
    expect(await page.getByTestId('former-members').innerText()).toContain('Kiện toàn tổ: không tiếp tục');
    expect(await page.getByTestId('add-member').count()).toBe(0);
    await context.close();
  });
});
