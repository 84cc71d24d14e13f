// The page behind an indicator's figure, in the browser: the commune officer opens a village's
// "DD chưa đạt" list (its total is the API's, equal to the dashboard's figure; each row says
// why), switches to the reached and whole lists, opens the printable next-visit list (every
// row on it, the desk's menu gone when printed); HGD's team-covered households apart; the same
// list on a phone; the province viewer, who sees counts only, is refused.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_DONE_REASON_LABELS, type NotDoneReason } from '../../src/shared/support.ts';
import { DESKTOP, PHONE, SCREENS_DIR, SMALL_DESKTOP, horizontalOverflow, tableOverflow, launchBrowser, loggedInPage, newContext, screenshot, settled, type BrowserHandle, unlockField } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

interface ListAnswer {
  total: number;
  items: Array<{ fullName: string; lastReason: NotDoneReason | null; lastVisitOn: string | null; extra: boolean; coveredByMember?: boolean }>;
}
interface Fig { numerator: number; denominator: number; extra: number }
interface DashboardAnswer { summary: { indicators: Record<string, Fig> } }

const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
let villageId: number;
let communeId: number;
let officer: Awaited<ReturnType<typeof apiAs>>;

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  communeId = officer.me.orgUnit.id;
  const units = await officer.get<{ items: Array<{ id: number; name: string; level: string }> }>('/api/org-units');
  villageId = units.items.find((u) => u.name === 'Thôn Bản Bó')?.id ?? units.items.find((u) => u.level === 'village')!.id;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

const list = (code: string, subject: 'people' | 'households', unit: number, reached: boolean | null, pageSize = 50) =>
  officer.get<ListAnswer>(`/api/indicators/${code}/${subject}?orgUnitId=${unit}${reached === null ? '' : `&reached=${reached}`}&pageSize=${pageSize}`);

async function totalShown(page: Page): Promise<string> {
  const total = page.getByTestId('list-total');
  await expect.poll(() => total.textContent(), { timeout: 15_000 }).not.toBe('…');
  return (await total.textContent())!.trim();
}

/** The reason column is the point of a list: on a desk screen it shows without scrolling sideways. */
async function expectNoSidewaysScroll(page: Page) {
  expect(await tableOverflow(page.getByTestId('indicator-list'))).toBeLessThanOrEqual(0);
}

describe('the commune officer at the desk', () => {
  let page: Page;
  beforeAll(async () => {
    ({ page } = await loggedInPage(browser, server.url, DESKTOP, 'vhxh', DEMO_PASSWORD, { failOnPageError: true }));
  });

  it("shows a village's DD not-yet-reached list: the API's total, the dashboard's figure, and why for every row", async () => {
    const [api, dashboard] = await Promise.all([
      list('DD', 'people', villageId, false),
      officer.get<DashboardAnswer>(`/api/indicators?orgUnitId=${villageId}`),
    ]);
    const dd = dashboard.summary.indicators.DD;
    expect(api.total).toBeGreaterThan(0);
    expect(api.total).toBe(dd.denominator - dd.numerator);

    await page.goto(`/chi-so/DD?dat=chua&don-vi=${villageId}`);
    await expect.poll(() => totalShown(page)).toBe(vi(api.total));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('danh tính số');
    const rows = page.getByTestId('indicator-list').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(Math.min(50, api.total));
    // Row by row, the reason the API gives (or "never supported") is what the page says.
    const texts = await rows.allTextContents();
    api.items.forEach((item, i) => {
      expect(texts[i]).toContain(item.fullName);
      if (item.lastReason) expect(texts[i]).toContain(NOT_DONE_REASON_LABELS[item.lastReason]);
      else if (!item.lastVisitOn && !item.extra) expect(texts[i]).toContain('Chưa được hỗ trợ');
      if (item.extra) expect(texts[i]).toMatch(/mức 1/);
    });
    expect(api.items.some((i) => i.lastReason)).toBe(true); // the demo's visits leave reasons
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'indicator-list-desk');
  });

  it('switches to the reached and the whole lists; the counts are the dashboard figure', async () => {
    const dashboard = await officer.get<DashboardAnswer>(`/api/indicators?orgUnitId=${villageId}`);
    const dd = dashboard.summary.indicators.DD;
    await page.getByTestId('reached-tabs').getByText(/^Đã đạt/).click();
    await expect.poll(() => totalShown(page)).toBe(vi(dd.numerator));
    expect(page.url()).toContain('dat=roi');
    await page.getByTestId('reached-tabs').getByText(/^Tất cả/).click();
    await expect.poll(() => totalShown(page)).toBe(vi(dd.denominator));
    expect(page.url()).not.toContain('dat=');
    // The tabs carry each count.
    const tabs = await page.getByTestId('reached-tabs').textContent();
    expect(tabs).toContain(`Chưa đạt (${vi(dd.denominator - dd.numerator)})`);
    expect(tabs).toContain(`Đã đạt (${vi(dd.numerator)})`);
    // The breadcrumb goes back to the dashboard for the same unit.
    expect(await page.getByLabel('Đường dẫn').getByRole('link', { name: 'Chỉ số, chỉ tiêu' }).getAttribute('href')).toBe(`/chi-so?don-vi=${villageId}`);
  });

  it('prints the whole not-yet-reached list of the village, the desk menu hidden on paper', async () => {
    const api = await list('DD', 'people', villageId, false, 500);
    await page.goto(`/chi-so/DD?dat=chua&don-vi=${villageId}`);
    await page.getByTestId('print-next-visits').click();
    const sheet = page.getByTestId('next-visits-print');
    await sheet.waitFor();
    await expect.poll(() => sheet.getByTestId('print-row').count()).toBe(api.total);
    const names = await sheet.locator('[data-testid="print-row"] .nv-name').allTextContents();
    expect(names).toEqual(api.items.map((i) => i.fullName));
    const title = await page.getByTestId('print-title').textContent();
    expect(title).toMatch(/^Danh sách cần đến – Công dân từ 16 tuổi có danh tính số \(VNeID mức 2\) – Thôn .+ – Tháng \d\d\/\d{4}$/);
    await screenshot(page, 'indicator-list-print-screen', false);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.mantine-AppShell-navbar').isVisible()).toBe(false);
    expect(await page.locator('.mantine-AppShell-header').isVisible()).toBe(false);
    expect(await page.getByTestId('print-now').isVisible()).toBe(false);
    await screenshot(page, 'indicator-list-print');
    await page.pdf({ path: `${SCREENS_DIR}/indicator-list-print.pdf`, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Quay lại danh sách' }).click();
    await page.getByTestId('indicator-list').waitFor();
  });

  it('asks for a village before printing a whole commune', async () => {
    await page.goto(`/chi-so/DD?dat=chua&don-vi=${communeId}&in=1`);
    await page.getByTestId('print-pick-village').waitFor();
    await page.getByTestId('print-village').click();
    await page.getByRole('option', { name: 'Thôn Bản Bó' }).click();
    await page.getByRole('button', { name: 'Xem danh sách của thôn' }).click();
    await page.getByTestId('next-visits-print').waitFor();
    expect(page.url()).toContain(`don-vi=${villageId}`);
  });

  it("shows HGD's households covered by a team member apart, as many as the dashboard's extra", async () => {
    const dashboard = await officer.get<DashboardAnswer>(`/api/indicators?orgUnitId=${communeId}`);
    const hgd = dashboard.summary.indicators.HGD;
    await page.goto(`/chi-so/HGD?dat=to-phu-trach&don-vi=${communeId}`);
    await expect.poll(() => totalShown(page), { timeout: 30_000 }).toBe(vi(hgd.extra));
    if (hgd.extra > 0) {
      const first = page.getByTestId('indicator-list').locator('tbody tr').first();
      expect(await first.textContent()).toContain('Tổ phụ trách');
    }
    await expectNoSidewaysScroll(page); // the whole commune adds the village to each row
    await screenshot(page, 'indicator-list-hgd-covered');
  });

  it("fits the whole commune's lists on a 1280-wide desk screen, the reason column unscrolled", async () => {
    await page.setViewportSize(SMALL_DESKTOP);
    try {
      // Households carry the most columns (head, address and village, members, phone, the
      // member looking after them, last visit, reason); people the household and address.
      for (const view of ['KNS?dat=chua', 'DD?dat=chua', 'TT?dat=chua', 'HGD?dat=to-phu-trach', 'HGD?dat=chua', 'HGD']) {
        await page.goto(`/chi-so/${view}${view.includes('?') ? '&' : '?'}don-vi=${communeId}`);
        await expect.poll(() => page.getByTestId('indicator-list').locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
        await settled(page);
        expect(await tableOverflow(page.getByTestId('indicator-list')), view).toBeLessThanOrEqual(0);
      }
      await screenshot(page, 'indicator-list-hgd-1280', false);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });
});

describe('on a phone', () => {
  it("lists a village's not-yet-reached people as cards, no sideways scrolling", async () => {
    const api = await list('DD', 'people', villageId, false);
    const { page, context } = await loggedInPage(browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD, { failOnPageError: true });
    await page.goto(`/chi-so/DD?dat=chua&don-vi=${villageId}`);
    await expect.poll(() => totalShown(page)).toBe(vi(api.total));
    const cards = page.getByTestId('indicator-list').getByTestId('list-card');
    await expect.poll(() => cards.count()).toBe(Math.min(50, api.total));
    expect(await cards.first().textContent()).toContain(api.items[0].fullName);
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'indicator-list-phone', false);
    await context.close();
  });
});

describe("the volunteer's next visits in the field app", () => {
  it('opens "Cần đến tiếp" from the home screen: households with gaps, mine first, people with their last reason', async () => {
    const context = await newContext(browser, server.url, PHONE);
    const page = await context.newPage();
    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('tovien1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/thuc-dia$/);
    await unlockField(page);
    await page.getByTestId('village-figures').waitFor({ timeout: 30_000 });
    const entry = page.getByTestId('go-next-visits');
    await expect.poll(() => entry.textContent()).toMatch(/\d+ hộ tôi phụ trách · \d+ hộ cả thôn còn chưa đạt/);
    await screenshot(page, 'indicator-list-field-home', false);
    await entry.click();
    const cards = page.getByTestId('next-visit');
    await cards.first().waitFor();
    // The households on the phone's list are those the server lists as not reached on any of
    // the five field indicators, for the volunteer's village.
    const volunteer = await apiAs(server.url, 'tovien1', DEMO_PASSWORD);
    const village = volunteer.me.orgUnit.id;
    const expected = new Set<string>();
    for (const [code, subject] of [['DD', 'people'], ['NH', 'people'], ['KNS', 'people'], ['TT', 'households'], ['HGD', 'households']] as const) {
      const answer = await officer.get<{ items: Array<{ householdId: string }> }>(`/api/indicators/${code}/${subject}?orgUnitId=${village}&reached=false&pageSize=500`);
      for (const item of answer.items) expected.add(item.householdId);
    }
    const count = await page.getByTestId('next-visit-count').textContent();
    expect(count).toContain(`${expected.size} hộ cần đến`);
    expect(await page.getByText(/Lần trước: /).count()).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'indicator-list-field-next-visits', false);
    await context.close();
  });
});

describe('the province viewer (counts only)', () => {
  it('is refused the list of people', async () => {
    const { page, context } = await loggedInPage(browser, server.url, DESKTOP, 'so', DEMO_PASSWORD);
    await page.goto('/chi-so/DD');
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('indicator-list').count()).toBe(0);
    const so = await apiAs(server.url, 'so', DEMO_PASSWORD);
    await expect(so.get('/api/indicators/DD/people')).rejects.toThrow(/403/);
    await context.close();
  });
});
