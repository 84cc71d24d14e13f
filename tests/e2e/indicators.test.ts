// The indicators dashboard in the browser: the commune officer and a village head open it,
// follow a figure to the list behind it, and the list holds exactly as many people as the
// figure says; a village's figure in the table opens that village's list; the quarter
// view shows the API's figures; the province sees figures but no way to the people; the
// phone layout does not scroll sideways.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, SMALL_DESKTOP, horizontalOverflow, tableOverflow, launchBrowser, loggedInPage, screenshot, settled, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';

interface Fig { numerator: number; denominator: number; percent: number | null }
interface DashboardAnswer {
  period: { label: string };
  summary: { indicators: Record<string, Fig> };
  children: Array<{ id: number; name: string; indicators: Record<string, Fig> }>;
}

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

const digits = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

async function openDashboard(page: Page, path = '/chi-so') {
  await page.goto(path);
  await page.getByTestId('dashboard').waitFor();
  await page.getByTestId('indicator-DD').waitFor();
}

/** Follows the "Chưa đạt" link of a card and returns [figure on the card, total of the list]. */
async function followNotReached(page: Page, code: string): Promise<[number, number]> {
  const figure = digits(await page.getByTestId(`not-reached-count-${code}`).textContent());
  await page.getByTestId(`not-reached-${code}`).click();
  await page.waitForURL(new RegExp(`/chi-so/${code}\\?.*dat=chua`));
  const total = page.getByTestId('list-total');
  await total.waitFor();
  await expect.poll(async () => digits(await total.textContent()), { timeout: 15_000 }).toBeGreaterThan(0);
  return [figure, digits(await total.textContent())];
}

describe('indicators dashboard', () => {
  it('the commune officer follows a figure to its list, and the list is as long as the figure', async () => {
    const officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
    const api = await officer.get<DashboardAnswer>('/api/indicators');
    const { context, page } = await loggedInPage(browser, server.url, DESKTOP, 'vhxh', DEMO_PASSWORD, { failOnPageError: true });
    await openDashboard(page);
    // The cards show the API's figures: numerator / denominator and the not-reached count.
    const dd = api.summary.indicators.DD;
    expect(digits(await page.getByTestId('numerator-DD').textContent())).toBe(dd.numerator);
    expect(digits(await page.getByTestId('denominator-DD').textContent())).toBe(dd.denominator);
    // Every village is a row of the table.
    await expect.poll(() => page.getByTestId('unit-table').locator('tbody tr').count()).toBe(api.children.length);
    await screenshot(page, 'indicators-dashboard-desk');

    // On the narrowest desk screen the villages' table shows all eight indicators unscrolled,
    // and the cards of a row put their percentages on one line whatever the name's length.
    await page.setViewportSize(SMALL_DESKTOP);
    await settled(page);
    expect(await tableOverflow(page.getByTestId('unit-table'))).toBeLessThanOrEqual(0);
    const tops = await Promise.all(['HS', 'KNS', 'BDHVS', 'LD', 'TT', 'DD', 'NH', 'HGD'].map(async (code) => Math.round((await page.getByTestId(`percent-${code}`).boundingBox())!.y)));
    expect(new Set(tops.slice(0, 4)).size).toBe(1);
    expect(new Set(tops.slice(4)).size).toBe(1);
    await screenshot(page, 'indicators-dashboard-1280');
    await page.setViewportSize(DESKTOP);

    const [figure, listed] = await followNotReached(page, 'DD');
    expect(figure).toBe(dd.denominator - dd.numerator);
    expect(listed).toBe(figure);

    // A village's cell in the table opens that village's list of those not reached.
    await page.goBack();
    await page.getByTestId('unit-table').waitFor();
    const village = api.children.find((c) => c.indicators.KNS.denominator > c.indicators.KNS.numerator)!;
    await page.getByTestId(`cell-${village.id}-KNS`).click();
    await page.waitForURL(new RegExp(`/chi-so/KNS\\?.*don-vi=${village.id}`));
    await expect.poll(async () => digits(await page.getByTestId('list-total').textContent()), { timeout: 15_000 })
      .toBe(village.indicators.KNS.denominator - village.indicators.KNS.numerator);
    await context.close();
  });

  it('the quarter view shows the quarter figures and a village opens its own dashboard', async () => {
    const officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
    // The last quarter that has ended, whatever the day the demo was seeded on.
    const [year, month] = todayInVietnam().split('-').map(Number) as [number, number];
    const last = month <= 3 ? { year: year - 1, month: 12 } : { year, month: 3 * Math.ceil(month / 3) - 3 };
    const quarter = await officer.get<DashboardAnswer>(`/api/indicators?period=quarter&year=${last.year}&month=${last.month}`);
    const { context, page } = await loggedInPage(browser, server.url, DESKTOP, 'vhxh', DEMO_PASSWORD, { failOnPageError: true });
    await openDashboard(page, `/chi-so?ky=quy&nam=${last.year}&thang=${last.month}`);
    await expect.poll(() => page.getByText(quarter.period.label).first().isVisible()).toBe(true);
    expect(digits(await page.getByTestId('numerator-KNS').textContent())).toBe(quarter.summary.indicators.KNS.numerator);
    const village = quarter.children[0];
    await page.getByTestId(`unit-row-${village.id}`).getByRole('link', { name: village.name }).click();
    await page.waitForURL(new RegExp(`don-vi=${village.id}`));
    // The village's own figures replace the commune's once its dashboard has loaded (slow on a busy machine).
    await expect.poll(async () => digits(await page.getByTestId('numerator-KNS').textContent()), { timeout: 15_000 }).toBe(village.indicators.KNS.numerator);
    // A village has no table of villages under it.
    expect(await page.getByTestId('unit-table').count()).toBe(0);
    await context.close();
  });

  it('a village head sees their village and follows a figure to the next-visit list', async () => {
    const head = await apiAs(server.url, 'truongthon1', DEMO_PASSWORD);
    const api = await head.get<DashboardAnswer>('/api/indicators');
    const { context, page } = await loggedInPage(browser, server.url, DESKTOP, 'truongthon1', DEMO_PASSWORD, { failOnPageError: true });
    await openDashboard(page);
    await expect.poll(() => page.getByText('Thôn Bản Bó').first().isVisible()).toBe(true);
    expect(await page.getByTestId('unit-table').count()).toBe(0);
    const kns = api.summary.indicators.KNS;
    const [figure, listed] = await followNotReached(page, 'KNS');
    expect(figure).toBe(kns.denominator - kns.numerator);
    expect(listed).toBe(figure);
    await context.close();
  });

  it('the province sees every figure but no way to the people behind them', async () => {
    const { context, page } = await loggedInPage(browser, server.url, DESKTOP, 'so', DEMO_PASSWORD, { failOnPageError: true });
    await openDashboard(page);
    expect(digits(await page.getByTestId('numerator-DD').textContent())).toBeGreaterThan(0);
    expect(await page.getByTestId('not-reached-DD').count()).toBe(0);
    expect(await page.locator('[data-testid="dashboard"] a[href^="/chi-so/"]').count()).toBe(0);
    await screenshot(page, 'indicators-dashboard-province');
    await context.close();
  });

  it('on a phone the dashboard fits the screen and the charts draw', async () => {
    const { context, page } = await loggedInPage(browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD, { failOnPageError: true });
    await openDashboard(page);
    // The charts load when they scroll into view: the reader scrolls down to them.
    await page.getByTestId('charts-pending').scrollIntoViewIfNeeded();
    await page.getByTestId('chart-monthly').locator('svg').first().waitFor();
    await page.getByTestId('chart-ranking').locator('svg').first().waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'indicators-dashboard-phone');
    await context.close();
  });
});
