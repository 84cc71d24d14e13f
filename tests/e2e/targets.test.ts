// Chỉ tiêu in the browser: the commune office sets a village's NH and KNS, reloads and sees
// them, clears one and sees it fall back to what the commune (or the plan) gives, and cannot
// touch the commune's row; the province sets the commune's; the province viewer only reads.
// Each change is checked through /api/targets and on the dashboard's figures too.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, horizontalOverflow, launchBrowser, loggedInPage, screenshot, settled, smallTouchTargets, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';
import { yearInVietnam } from '../../src/shared/calendar.ts';

const VILLAGE = 'Thôn Bản Bó';
const YEAR = yearInVietnam();

type Target = { code: string; own: number | null; effective: { percent: number; source: { orgUnitId?: number; plan?: string } } | null };
type Answer = { units: Array<{ id: number; name: string; canEdit: boolean; targets: Target[] }> };

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
let officer: Awaited<ReturnType<typeof apiAs>>;
let communeId: number;
let villageId: number;

async function targetOf(unitId: number, code: string): Promise<Target> {
  const answer = await officer.get<Answer>(`/api/targets?orgUnitId=${unitId}&year=${YEAR}`);
  return answer.units.find((u) => u.id === unitId)!.targets.find((t) => t.code === code)!;
}
async function dashboardTarget(unitId: number, code: string): Promise<number | null> {
  const body = await officer.get<{ summary: { indicators: Record<string, { target: { percent: number } | null }> } }>(`/api/indicators?orgUnitId=${unitId}`);
  return body.summary.indicators[code]!.target?.percent ?? null;
}

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  communeId = officer.me.orgUnit.id;
  const answer = await officer.get<Answer>(`/api/targets?orgUnitId=${communeId}&year=${YEAR}`);
  villageId = answer.units.find((u) => u.name === VILLAGE)!.id;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

const row = (page: Page, unitId: number) => page.getByTestId(`targets-row-${unitId}`);
const input = (page: Page, unitId: number, name: string, code: string) => row(page, unitId).getByRole('textbox', { name: `${code}, ${name}` });

async function openTargets(page: Page, query = '') {
  await page.goto(`/chi-tieu${query}`);
  await page.getByRole('heading', { name: 'Chỉ tiêu các chỉ số' }).waitFor();
  await page.getByTestId('targets-help').waitFor();
  await settled(page);
}

describe('the commune office sets a village\'s targets', () => {
  let page: Page;
  beforeAll(async () => {
    ({ page } = await loggedInPage(browser, server.url, DESKTOP, 'vhxh', DEMO_PASSWORD, { failOnPageError: true }));
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') return screenshot(page, `FAIL-targets-desk-${ctx.task.name.slice(0, 40)}`).then(() => undefined);
  });

  it('reads the commune row and cannot edit it; edits the villages', async () => {
    await openTargets(page);
    expect(await page.getByTestId('targets-help').innerText()).toContain('Tỉnh giao chỉ tiêu cho xã; xã giao cho thôn.');
    await expect.poll(() => page.getByTestId('targets-unit').inputValue()).toBe('Xã Bạch Ngọc');
    const commune = row(page, communeId);
    expect(await commune.getByRole('textbox').count()).toBe(0);
    expect(await commune.getByRole('button', { name: 'Lưu' }).count()).toBe(0);
    expect(await commune.innerText()).toContain('Chỉ xem');
    // KNS of the commune: the plan's 70 %, said where it comes from.
    expect(await commune.getByTestId(`target-${communeId}-KNS`).innerText()).toMatch(/70 %\s*KH 2026/);
    expect(await input(page, villageId, VILLAGE, 'NH').count()).toBe(1);
  });

  it('refuses a value above 100, naming the indicator, and stores nothing', async () => {
    await input(page, villageId, VILLAGE, 'HS').fill('150');
    await row(page, villageId).getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => page.getByTestId(`targets-error-${villageId}`).innerText()).toContain('HS: Chỉ tiêu phải từ 0 đến 100 %.');
    expect((await targetOf(villageId, 'HS')).own).toBeNull();
    await row(page, villageId).getByRole('button', { name: 'Hoàn tác' }).click();
    expect(await input(page, villageId, VILLAGE, 'HS').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId(`targets-error-${villageId}`).count()).toBe(0);
  });

  it('sets NH = 80 and KNS = 75 for the village, saves, and sees them after a reload', async () => {
    await input(page, villageId, VILLAGE, 'NH').fill('80');
    await input(page, villageId, VILLAGE, 'KNS').fill('75');
    await expect.poll(() => page.getByTestId('targets-dirty').innerText()).toContain(`Chưa lưu: ${VILLAGE}`);
    expect(await row(page, villageId).innerText()).toContain('Chưa lưu');
    await screenshot(page, 'targets-desk-vhxh-dirty');

    // Another year while changes are unsaved: asked first, and staying keeps them.
    await page.getByTestId('targets-year').click();
    await page.getByRole('option', { name: String(YEAR - 1), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Bỏ các thay đổi chưa lưu?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    expect(await input(page, villageId, VILLAGE, 'NH').inputValue()).toBe('80');

    await row(page, villageId).getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã lưu chỉ tiêu năm ${YEAR} của ${VILLAGE}.`).waitFor();
    await expect.poll(() => page.getByTestId('targets-dirty').count()).toBe(0);

    await page.reload();
    await page.getByTestId('targets-help').waitFor();
    await expect.poll(() => input(page, villageId, VILLAGE, 'NH').inputValue()).toBe('80');
    expect(await input(page, villageId, VILLAGE, 'KNS').inputValue()).toBe('75');
    expect(await row(page, villageId).getByTestId(`target-${villageId}-NH`).innerText()).toContain('Đặt riêng');

    expect(await targetOf(villageId, 'NH')).toMatchObject({ own: 80, effective: { percent: 80, source: { orgUnitId: villageId } } });
    expect(await targetOf(villageId, 'KNS')).toMatchObject({ own: 75, effective: { percent: 75 } });
    expect(await dashboardTarget(villageId, 'NH')).toBe(80);
    expect(await dashboardTarget(villageId, 'KNS')).toBe(75);
    // The other codes were sent as they were: nothing else got a target of its own.
    expect((await targetOf(villageId, 'HS')).own).toBeNull();
    await screenshot(page, 'targets-desk-vhxh');
  });

  it('clears KNS: the village falls back to what applies to the commune', async () => {
    const communeKns = (await targetOf(communeId, 'KNS')).effective!.percent;
    await input(page, villageId, VILLAGE, 'KNS').fill('');
    expect(await row(page, villageId).getByTestId(`target-${villageId}-KNS`).innerText()).toContain('Chưa lưu');
    // The grey placeholder already says what will apply.
    expect(await input(page, villageId, VILLAGE, 'KNS').getAttribute('placeholder')).toBe(String(communeKns));
    await row(page, villageId).getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã lưu chỉ tiêu năm ${YEAR} của ${VILLAGE}.`).first().waitFor();
    await expect.poll(async () => (await targetOf(villageId, 'KNS')).own).toBeNull();
    expect((await targetOf(villageId, 'KNS')).effective!.percent).toBe(communeKns);
    expect(await dashboardTarget(villageId, 'KNS')).toBe(communeKns);
    expect((await targetOf(villageId, 'NH')).own).toBe(80);
    await expect.poll(() => row(page, villageId).getByTestId(`target-${villageId}-KNS`).innerText()).toMatch(/KH 2026|Xã giao/);
  });
});

describe('the province sets the commune\'s targets', () => {
  let page: Page;
  beforeAll(async () => {
    ({ page } = await loggedInPage(browser, server.url, DESKTOP, 'admin', DEMO_PASSWORD));
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') return screenshot(page, `FAIL-targets-admin-${ctx.task.name.slice(0, 40)}`).then(() => undefined);
  });

  it('edits the commune row; villages without their own NH follow it, the one with its own keeps it', async () => {
    await openTargets(page, `?don-vi=${communeId}`);
    const communeName = 'Xã Bạch Ngọc';
    await input(page, communeId, communeName, 'NH').fill('65');
    await input(page, communeId, communeName, 'KNS').fill('72,5');
    await row(page, communeId).getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã lưu chỉ tiêu năm ${YEAR} của ${communeName}.`).waitFor();

    expect(await targetOf(communeId, 'NH')).toMatchObject({ own: 65, effective: { percent: 65 } });
    expect(await targetOf(communeId, 'KNS')).toMatchObject({ own: 72.5 });
    const answer = await officer.get<Answer>(`/api/targets?orgUnitId=${communeId}&year=${YEAR}`);
    const other = answer.units.find((u) => u.id !== communeId && u.id !== villageId)!;
    expect(other.targets.find((t) => t.code === 'NH')).toMatchObject({ own: null, effective: { percent: 65, source: { orgUnitId: communeId } } });
    expect(await dashboardTarget(other.id, 'NH')).toBe(65);
    expect(await dashboardTarget(villageId, 'NH')).toBe(80);
    expect(await dashboardTarget(villageId, 'KNS')).toBe(72.5);
    // The village rows follow on screen without a reload.
    await expect.poll(() => row(page, other.id).getByTestId(`target-${other.id}-NH`).innerText()).toContain('Xã giao');
    expect(await input(page, other.id, other.name, 'NH').getAttribute('placeholder')).toBe('65');
    await screenshot(page, 'targets-desk-admin');
  });
});

describe('the province viewer reads targets only', () => {
  it('sees every commune\'s targets with no input and no save button', async () => {
    const { context, page } = await loggedInPage(browser, server.url, DESKTOP, 'so', DEMO_PASSWORD);
    await openTargets(page);
    expect(await page.getByTestId('targets-help').innerText()).toContain('Bạn chỉ được xem chỉ tiêu.');
    expect(await page.getByTestId('targets-table').getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Lưu' }).count()).toBe(0);
    expect(await row(page, communeId).getByTestId(`target-${communeId}-NH`).innerText()).toContain('65 %');
    await screenshot(page, 'targets-desk-so');
    await context.close();
  });
});

describe('on a phone', () => {
  it('shows one card per unit, fits the screen, and saves from the card', async () => {
    const { context, page } = await loggedInPage(browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD);
    await openTargets(page);
    expect(await page.getByTestId('targets-table').count()).toBe(0);
    await row(page, villageId).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'targets-phone-vhxh', false);
    await input(page, villageId, VILLAGE, 'DD').fill('95');
    await row(page, villageId).getByRole('button', { name: 'Lưu' }).click();
    await page.getByText(`Đã lưu chỉ tiêu năm ${YEAR} của ${VILLAGE}.`).waitFor();
    expect((await targetOf(villageId, 'DD')).own).toBe(95);
    await row(page, villageId).scrollIntoViewIfNeeded();
    await screenshot(page, 'targets-phone-vhxh-village', false);
    await context.close();

    const { context: so, page: soPage } = await loggedInPage(browser, server.url, PHONE, 'so', DEMO_PASSWORD);
    await openTargets(soPage);
    expect(await horizontalOverflow(soPage)).toBeLessThanOrEqual(0);
    expect(await soPage.locator('[data-testid^="targets-row-"]').getByRole('textbox').count()).toBe(0);
    await screenshot(soPage, 'targets-phone-so', false);
    await so.close();
  });
});
