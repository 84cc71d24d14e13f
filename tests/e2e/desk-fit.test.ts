// Desk pages on the narrowest office screen (1280×800) and a 360 px phone: the household page
// and the list of teams show every badge whole (no "TT không ti…", no "4 thành vi…"), names
// on at most two lines, and nothing that scrolls sideways; the admin's side menu shows all
// its entries (eighteen) on 800 px, and on a shorter screen says that it scrolls.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SMALL_DESKTOP, horizontalOverflow, launchBrowser, loggedInPage, screenshot, settled, tableOverflow, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
let household: string;

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  const officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  // A household of four with digital status badges on its members (the page the issue was seen on).
  const people = await officer.get<{ items: { householdId: string }[] }>('/api/people?q=nguyen%20thi%20hoa&pageSize=1');
  household = people.items[0].householdId;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

/** Badges whose text is cut (its box narrower than its text), as "label: shown/needed px". */
async function cutBadges(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.mantine-Badge-root, .mantine-Badge-label')]
      .filter((el) => el.offsetParent !== null && el.scrollWidth > el.clientWidth + 0.5)
      .map((el) => `${el.textContent?.trim()}: ${el.clientWidth}/${el.scrollWidth}`),
  );
}

const SIZES = [['desk', SMALL_DESKTOP], ['phone', PHONE]] as const;

describe('the household page', () => {
  for (const [device, viewport] of SIZES) {
    it(`shows every badge whole and scrolls nowhere sideways on a ${device}`, async () => {
      const { context, page } = await loggedInPage(browser, server.url, viewport, 'vhxh', DEMO_PASSWORD, { failOnPageError: true });
      await page.goto(`/ho-gia-dinh/${household}`);
      const members = page.getByTestId('member-list');
      await members.waitFor();
      await page.getByTestId('digital-status').first().waitFor();
      await settled(page);
      expect(await page.getByTestId('digital-status').locator('.mantine-Badge-root').count()).toBeGreaterThan(2);
      expect(await cutBadges(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      if (device === 'desk') {
        expect(await tableOverflow(members)).toBeLessThanOrEqual(0);
        // A name takes at most two lines (it was squeezed onto three).
        const lines = await members.locator('tbody tr td:first-child a').evaluateAll((links) =>
          links.map((a) => Math.round(a.getBoundingClientRect().height / parseFloat(getComputedStyle(a).lineHeight))));
        expect(Math.max(...lines)).toBeLessThanOrEqual(2);
      }
      await screenshot(page, `fit-household-${device}`);
      await context.close();
    });
  }
});

describe('the list of teams', () => {
  for (const [device, viewport] of SIZES) {
    it(`shows every team's size badge whole and scrolls nowhere sideways on a ${device}`, async () => {
      const { context, page } = await loggedInPage(browser, server.url, viewport, 'vhxh', DEMO_PASSWORD, { failOnPageError: true });
      await page.goto('/to-cnscd');
      const list = page.getByTestId('team-list');
      await list.waitFor();
      await expect.poll(() => page.getByTestId('team-size').count()).toBeGreaterThan(10);
      await settled(page);
      expect(await cutBadges(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      if (device === 'desk') expect(await tableOverflow(list)).toBeLessThanOrEqual(0);
      await screenshot(page, `fit-teams-${device}`);
      await context.close();
    });
  }
});

describe("the admin's side menu", () => {
  it('shows all its entries on a 1280×800 screen', async () => {
    const { context, page } = await loggedInPage(browser, server.url, SMALL_DESKTOP, 'admin', DEMO_PASSWORD, { failOnPageError: true });
    const links = page.getByTestId('main-nav').locator('a');
    expect(await links.count()).toBeGreaterThanOrEqual(18);
    const bottoms = await links.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().bottom));
    const navBottom = await page.locator('.nav-scroll').evaluate((el) => el.getBoundingClientRect().bottom);
    expect(Math.max(...bottoms)).toBeLessThanOrEqual(Math.min(navBottom, SMALL_DESKTOP.height));
    await screenshot(page, 'fit-admin-nav-desk', false);
    await context.close();
  });

  it('on a short screen scrolls and shows a shadow at the edge where more entries wait', async () => {
    const { context, page } = await loggedInPage(browser, server.url, { width: 1280, height: 560 }, 'admin', DEMO_PASSWORD, { failOnPageError: true });
    const scroller = page.locator('.nav-scroll');
    const state = await scroller.evaluate((el) => ({ overflowY: getComputedStyle(el).overflowY, hidden: el.scrollHeight - el.clientHeight, shadow: getComputedStyle(el).backgroundImage }));
    expect(state.overflowY).toBe('auto');
    expect(state.hidden).toBeGreaterThan(0);
    expect(state.shadow.match(/radial-gradient/g)?.length).toBe(2);
    // The last entry is reachable by scrolling the menu.
    await page.getByTestId('main-nav').getByRole('link', { name: 'Nhật ký hệ thống' }).scrollIntoViewIfNeeded();
    expect(await page.getByTestId('main-nav').getByRole('link', { name: 'Nhật ký hệ thống' }).isVisible()).toBe(true);
    await screenshot(page, 'fit-admin-nav-short', false);
    await context.close();
  });
});
