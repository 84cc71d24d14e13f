// The year's plan and the offices' tasks on the desk: Phòng VH-XH finds other units' overdue
// tasks on its landing page and on the board; the village head resends the report the
// office returned and its monthly report task completes itself; the leader drafts next year's
// plan from this year's, approves it and downloads it as Word; the province sees by commune
// what was on time. Screens at 1280×800 and 360×740.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInVietnam } from '../../src/shared/calendar.ts';
import type { OccurrenceList } from '../../src/shared/tasks.ts';
import { PHONE, SCREENS_DIR, SMALL_DESKTOP, horizontalOverflow, launchBrowser, loggedInPage, screenshot, settled, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
const today = todayInVietnam();
const Y = Number(today.slice(0, 4));
const M = Number(today.slice(5, 7));
const LAST = M === 1 ? { year: Y - 1, month: 12 } : { year: Y, month: M - 1 };

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

async function confirm(page: Page, button: string) {
  const dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: button, exact: true }) });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('Phòng VH-XH', () => {
  it('sees other units\' overdue tasks on its landing page, in the list and on the board', async () => {
    const { context, page } = await loggedInPage(browser, server.url, SMALL_DESKTOP, 'vhxh', DEMO_PASSWORD, { failOnPageError: true });
    const overdue = page.getByTestId('todo-item').and(page.locator('[data-kind="tasks_overdue"]'));
    await overdue.first().waitFor();
    expect(await overdue.first().innerText()).toMatch(/nhiệm vụ quá hạn/);
    await overdue.first().click();
    await page.waitForURL(/\/nhiem-vu\?/);
    const badges = page.getByTestId('task-list').getByTestId('task-status');
    await badges.first().waitFor();
    expect(new Set(await badges.evaluateAll((els) => els.map((el) => el.textContent)))).toEqual(new Set(['Quá hạn']));

    await page.goto(`/nhiem-vu?trang-thai=overdue`);
    await badges.first().waitFor();
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'tasks-overdue-vhxh-desk', false);

    await page.goto('/nhiem-vu?xem=bang');
    const board = page.getByTestId('task-board');
    await board.waitFor();
    const rows = board.getByTestId('board-row');
    expect(await rows.count()).toBe(6 + 16); // the offices of section IV, and each village's head
    expect(await rows.first().innerText()).toContain('Phòng Văn hóa - Xã hội');
    expect(await board.innerText()).toContain('quá hạn');
    await settled(page);
    await screenshot(page, 'tasks-board-vhxh-desk', false);
    await context.close();
  });

  it('on a phone the overdue list is cards that fit the screen', async () => {
    const { context, page } = await loggedInPage(browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD, { failOnPageError: true });
    await page.goto('/nhiem-vu?trang-thai=overdue');
    await page.getByTestId('task-list').getByTestId('list-card').first().waitFor();
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'tasks-overdue-vhxh-phone');
    await page.getByTestId('task-list').getByTestId('list-card').first().click();
    await page.getByTestId('occurrence-due').waitFor();
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'task-detail-vhxh-phone');
    await context.close();
  });
});

describe('the village head', () => {
  it('resends the returned monthly report and its task completes itself', async () => {
    const api = await apiAs(server.url, 'truongthon1', DEMO_PASSWORD);
    const list = await api.get<OccurrenceList>(`/api/tasks?year=${LAST.year}&month=${LAST.month}`);
    const task = list.items.find((i) => i.completesWith === 'village_monthly')!;
    expect(task).toMatchObject({ status: 'doing', evidence: { kind: 'report' } });

    const { context, page } = await loggedInPage(browser, server.url, SMALL_DESKTOP, 'truongthon1', DEMO_PASSWORD, { failOnPageError: true });
    await page.goto(`/nhiem-vu/${task.id}`);
    await page.getByTestId('occurrence-due').waitFor();
    // Under way again, and past its day (the 3rd): shown as overdue until the report is resent.
    expect(await page.getByTestId('task-status').first().innerText()).toBe(today > task.dueOn ? 'Quá hạn' : 'Đang làm');
    expect(await page.getByTestId('occurrence-history').innerText()).toContain('Báo cáo bị trả lại');
    await page.getByTestId('occurrence-evidence').click();
    await page.waitForURL(/\/bao-cao\/[0-9a-f-]{36}$/);
    await page.getByTestId('report-returned').waitFor();
    await page.getByTestId('report-actions').getByRole('button', { name: 'Nộp lại' }).click();
    await confirm(page, 'Nộp báo cáo');
    await page.getByText('Đã nộp báo cáo.').waitFor();

    await page.goto(`/nhiem-vu/${task.id}`);
    await page.getByTestId('occurrence-due').waitFor();
    await expect.poll(() => page.getByTestId('task-status').first().innerText()).toMatch(/^Hoàn thành/);
    expect(await page.getByTestId('occurrence-history').innerText()).toContain('Tự hoàn thành khi nộp báo cáo');
    expect(await page.getByTestId('progress-form').count()).toBe(1);
    await settled(page);
    await screenshot(page, 'task-report-done-truongthon1-desk', false);
    await context.close();
  });
});

describe('the commune leader', () => {
  it(`drafts the ${Y + 1} plan from ${Y}, approves it and downloads it`, async () => {
    const { context, page } = await loggedInPage(browser, server.url, SMALL_DESKTOP, 'lanhdao', DEMO_PASSWORD, { failOnPageError: true });
    await page.goto('/ke-hoach');
    await page.getByTestId('plan-list').getByText(String(Y), { exact: true }).first().click();
    await page.waitForURL(/\/ke-hoach\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('plan-number').innerText()).toContain('08/KH-UBND');
    await settled(page);
    await screenshot(page, `plan-${Y}-lanhdao-desk`, false);
    // This year's plan prints the budget's totals of its year (the demo's estimate).
    const thisYear = page.waitForEvent('download');
    await page.getByTestId('plan-docx').click();
    const current = path.join(SCREENS_DIR, `ke-hoach-${Y}.docx`);
    await (await thisYear).saveAs(current);
    const currentXml = await (await JSZip.loadAsync(readFileSync(current))).file('word/document.xml')!.async('string');
    expect([...currentXml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')).toContain(`Tổng kinh phí dự toán năm ${Y}:`);
    await page.getByTestId('plan-next-year').click();
    await confirm(page, 'Lập dự thảo');
    await page.getByRole('heading', { name: `Kế hoạch năm ${Y + 1}` }).waitFor();
    const targets = page.getByTestId('plan-targets');
    expect(await targets.innerText()).toContain(`Đạt năm ${Y}`);
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `plan-${Y + 1}-draft-lanhdao-desk`, false);

    await page.getByTestId('plan-approve').click();
    await confirm(page, 'Phê duyệt');
    await expect.poll(() => page.getByTestId('plan-number').innerText()).toMatch(/\d+\/KH-UBND/);
    const download = page.waitForEvent('download');
    await page.getByTestId('plan-docx').click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe(`Kế hoạch năm ${Y + 1} - Xã Bạch Ngọc.docx`);
    const file = path.join(SCREENS_DIR, `ke-hoach-${Y + 1}.docx`);
    await saved.saveAs(file);
    const xml = await (await JSZip.loadAsync(readFileSync(file))).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('KẾ HOẠCH');
    expect(text).toContain(`trên địa bàn xã Bạch Ngọc năm ${Y + 1}`);
    expect(text).toContain('TỔ CHỨC THỰC HIỆN');
    expect(text).toContain('Tô Văn Trường');
    expect(text).toContain('Kinh phí: theo dự toán của Phòng Kinh tế.'); // no estimate for next year yet
    await context.close();
  });

  it('on a phone the plan page fits the screen', async () => {
    const { context, page } = await loggedInPage(browser, server.url, PHONE, 'lanhdao', DEMO_PASSWORD, { failOnPageError: true });
    await page.goto('/ke-hoach');
    await page.getByTestId('plan-list').getByTestId('list-card').last().click();
    await page.getByTestId('plan-targets').waitFor();
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `plan-${Y}-lanhdao-phone`);
    await context.close();
  });
});

describe('the province', () => {
  it('sees by commune the reports and tasks due, done and on time', async () => {
    for (const [viewport, name] of [[SMALL_DESKTOP, 'desk'], [PHONE, 'phone']] as const) {
      const { context, page } = await loggedInPage(browser, server.url, viewport, 'so', DEMO_PASSWORD, { failOnPageError: true });
      await page.goto('/tien-do-xa');
      const table = page.getByTestId('task-overview');
      await table.waitFor();
      expect(await table.innerText()).toContain('Bạch Ngọc');
      expect(await page.getByTestId('overview-tasks-total').innerText()).toMatch(/%$/);
      await settled(page);
      await screenshot(page, `tasks-overview-so-${name}`, false);
      await context.close();
    }
  });
});
