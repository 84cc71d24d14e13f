// Support recorded at a desk: an officer of the one-stop centre helps a resident activate
// VNeID level 2 and submit a procedure, sees the status and the history change, then
// corrects the event (the correction replaces it; the original stays, struck through).
// The household page on a phone shows the same without sideways scrolling.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DigitalStatus } from '../../src/shared/support.ts';
import { DESKTOP, PHONE, horizontalOverflow, launchBrowser, loggedInPage, screenshot, settled, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let desk: Page;
let officer: Awaited<ReturnType<typeof apiAs>>;
let target: { householdId: string; personId: string; fullName: string };

interface Member {
  id: string;
  fullName: string;
  age: number | null;
  digitalStatus: DigitalStatus;
}

const status = async (personId: string) => (await officer.get<{ digitalStatus: DigitalStatus }>(`/api/people/${personId}`)).digitalStatus;

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  officer = await apiAs(server.url, 'hcc', DEMO_PASSWORD);
  // A resident old enough for VNeID who does not have level 2 yet (the demo has a year of visits).
  const households = await officer.get<{ items: Array<{ id: string }> }>('/api/households?pageSize=100');
  for (const h of households.items) {
    const detail = await officer.get<{ members: Member[] }>(`/api/households/${h.id}`);
    const m = detail.members.find((p) => (p.age ?? 0) >= 20 && !p.digitalStatus.vneid_level2);
    if (m) {
      target = { householdId: h.id, personId: m.id, fullName: m.fullName };
      break;
    }
  }
  expect(target, 'the demo commune has someone without VNeID level 2').toBeDefined();
  ({ page: desk } = await loggedInPage(chrome.browser, server.url, DESKTOP, 'hcc', DEMO_PASSWORD, { failOnPageError: true }));
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('support at the one-stop centre', () => {
  it('records VNeID level 2 and a procedure; the refusal of a nameless procedure names the person', async () => {
    await desk.goto(`/ho-gia-dinh/${target.householdId}`);
    await desk.getByTestId('record-support').click();
    const form = desk.getByTestId('support-form');
    await form.waitFor();
    const card = desk.getByTestId(`support-person-${target.personId}`);
    await card.getByText('Kích hoạt định danh điện tử mức 2', { exact: true }).click();
    await card.getByText('Nộp thủ tục hành chính trực tuyến', { exact: true }).click();
    await desk.getByRole('button', { name: 'Lưu lượt hỗ trợ' }).click();
    await expect.poll(() => desk.getByTestId('support-form-errors').innerText()).toContain(`${target.fullName}: ghi tên thủ tục đã nộp.`);
    expect((await status(target.personId)).vneid_level2, 'nothing stored while the form is refused').toBeNull();

    await card.getByPlaceholder('Ví dụ: Đăng ký khai sinh').fill('Đăng ký thường trú');
    await screenshot(desk, 'desk-support-form', false);
    await desk.getByRole('button', { name: 'Lưu lượt hỗ trợ' }).click();
    await form.waitFor({ state: 'detached' });

    const history = desk.getByTestId('support-history');
    await expect.poll(() => history.getByTestId('support-event').first().innerText()).toContain('Tại Trung tâm phục vụ hành chính công');
    expect(await history.getByTestId('support-event').first().innerText()).toContain('Nộp thủ tục hành chính trực tuyến: Đăng ký thường trú');
    const row = desk.getByTestId('member-list').locator('tr', { hasText: target.fullName });
    await expect.poll(() => row.getByTestId('digital-status').innerText()).toContain('VNeID 2');
    const today = todayInVietnam();
    expect((await status(target.personId)).vneid_level2).toBe(today);
    await screenshot(desk, 'desk-support-history');
  });

  it('a correction replaces the event: the status goes back and both stay in the history', async () => {
    const history = desk.getByTestId('support-history');
    await history.getByTestId('support-event').first().getByRole('button', { name: 'Sửa lượt này' }).click();
    const card = desk.getByTestId(`support-person-${target.personId}`);
    await card.getByText('Kích hoạt định danh điện tử mức 2', { exact: true }).first().click(); // the chip (the line under it says the same); untick: it was a mistake
    await desk.getByRole('button', { name: 'Lưu lượt sửa' }).click();
    await desk.getByTestId('support-form').waitFor({ state: 'detached' });

    await expect.poll(async () => (await status(target.personId)).vneid_level2).toBeNull();
    const events = history.getByTestId('support-event');
    await expect.poll(() => events.first().innerText()).toContain('Lượt sửa');
    expect(await events.nth(1).innerText()).toContain('Đã được sửa');
    expect(await events.first().innerText()).not.toContain('Kích hoạt định danh điện tử mức 2');
    await settled(desk);
    const row = desk.getByTestId('member-list').locator('tr', { hasText: target.fullName });
    expect(await row.innerText()).not.toContain('VNeID 2');
    await screenshot(desk, 'desk-support-corrected');
  });

  it('on a phone the household with its history fits the screen', async () => {
    const { context, page } = await loggedInPage(chrome.browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD);
    await page.goto(`/ho-gia-dinh/${target.householdId}`);
    await page.getByTestId('support-history').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-household-support');
    await page.goto(`/nhan-khau/${target.personId}`);
    await page.getByTestId('digital-status-card').waitFor();
    expect(await page.getByTestId('digital-status-card').innerText()).toContain('Định danh điện tử mức 2');
    await screenshot(page, 'phone-person-digital-status');
    await context.close();
  });
});
