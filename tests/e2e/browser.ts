// Shared pieces of the browser tests: Debian's Chromium through playwright-core, logging in
// through the real login form, screenshots into .tmp/screens for people to look at, and
// axe-core on every page a test settles on.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expectAccessible } from './axe.ts';

export const DESKTOP = { width: 1366, height: 900 };
/** The narrowest desk screen a commune office has: wide tables must still fit it. */
export const SMALL_DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };
export const SCREENS_DIR = path.resolve('.tmp/screens');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserHandle {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserHandle> {
  // playwright's launch() gives Chromium a fresh, temporary profile of its own each time.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export async function newContext(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<BrowserContext> {
  const phone = viewport.width < 500;
  return browser.newContext({
    baseURL,
    viewport,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    userAgent: phone
      ? 'Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'
      : undefined,
  });
}

/**
 * Logs in through the form, as a user would, and waits for the desk home page (asked for
 * explicitly: volunteers otherwise land on the field app).
 */
export async function login(page: Page, identifier: string, password: string): Promise<void> {
  await page.goto('/dang-nhap?tiep=%2F');
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').waitFor();
  await expectAccessible(page);
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(identifier);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
}

/**
 * A fresh context at the given viewport with a user logged in through the form. With
 * failOnPageError, an uncaught error in the page fails the test instead of passing unseen.
 */
export async function loggedInPage(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number },
  identifier: string,
  password: string,
  { failOnPageError = false } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, baseURL, viewport);
  const page = await context.newPage();
  if (failOnPageError) {
    page.on('pageerror', (e) => {
      throw e;
    });
  }
  await login(page, identifier, password);
  return { context, page };
}

export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
}

/**
 * Waits until no skeleton or loader is showing, then checks the page as it is (with any dialog
 * or menu open) with axe-core: a WCAG 2.0/2.1 A or AA violation fails the test (./axe.ts).
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.locator('[aria-busy="true"], .mantine-Loader-root').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  await expectAccessible(page);
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await settled(page);
  const file = path.join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** The phone's navigation sits in a drawer behind the burger. */
export async function openNav(page: Page): Promise<void> {
  const burger = page.getByRole('button', { name: 'Mở menu' });
  if (await burger.isVisible()) {
    await burger.click();
    await page.waitForTimeout(350); // the drawer slides in
  }
}

export async function navLabels(page: Page): Promise<string[]> {
  await openNav(page);
  const nav = page.getByTestId('main-nav');
  await nav.waitFor();
  return (await nav.locator('a').allInnerTexts()).map((t) => t.trim());
}

/** Chooses a unit in the org-tree picker (found by its test id) by typing part of its name. */
export async function pickOrgUnit(page: Page, testId: string, name: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.click();
  await input.fill(name);
  await page.getByRole('option', { name, exact: true }).click();
}

/** Chooses an option of a Mantine Select found by its label. */
export async function pickSelect(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The page is no wider than the screen (nothing to scroll sideways on a phone). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** How far a table overflows the scroll box it sits in (≤ 0: every column shows unscrolled). */
export async function tableOverflow(table: Locator): Promise<number> {
  return table.evaluate((el) => {
    let scroller = el.parentElement!;
    while (!['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement!;
    return scroller.scrollWidth - scroller.clientWidth;
  });
}

/**
 * Controls a thumb must hit that are smaller than 40 px on the screen (buttons, inputs,
 * selects). Inline text links are left out: they sit in sentences, not alone.
 */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const selector = 'button, [role=button], input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea';
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.opacity === '0') continue;
      if (el.closest('[aria-hidden=true], .mantine-Combobox-dropdown, .mantine-Popover-dropdown, .mantine-Pill-root, .mantine-Input-section')) continue;
      if (r.height < 39.5 || r.width < 39.5) out.push((el.getAttribute('aria-label') || el.textContent || el.tagName).trim().slice(0, 40) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
    }
    return out;
  })()`);
}

/** The PIN the browser tests set on the field app (issue 19). */
export const FIELD_PIN = '246813';

/**
 * Gets past the field app's PIN gate: sets the PIN at its first appearance on this phone's
 * data, enters it whenever the app is locked (every page load), then waits for the app.
 */
export async function unlockField(page: Page, pin = FIELD_PIN): Promise<void> {
  const setup = page.getByTestId('pin-setup');
  const entry = page.getByTestId('pin-entry');
  const app = page.locator('.field-app');
  await setup.or(entry).or(app).first().waitFor({ timeout: 30_000 });
  if (await setup.isVisible()) {
    await page.getByLabel('Mã PIN mới (6 chữ số trở lên)').fill(pin);
    await page.getByLabel('Nhập lại mã PIN').fill(pin);
    await page.getByRole('button', { name: 'Đặt mã PIN' }).click();
  } else if (await entry.isVisible()) {
    await page.getByLabel('Mã PIN', { exact: true }).fill(pin);
    await page.getByRole('button', { name: 'Mở ứng dụng' }).click();
  }
  await app.waitFor({ timeout: 30_000 });
}

/** Opens a field-app page (a full load, so the app asks for its PIN again). */
/**
 * A volunteer's first login on a phone, through the form: lands on the field app, sets or
 * enters the PIN, waits for the village's first sync and for the service worker that keeps
 * the app for offline use.
 */
export async function loginToField(page: Page, identifier: string, password: string): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill(identifier);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/thuc-dia$/);
  await unlockField(page);
  await page.getByTestId('sync-status').filter({ hasText: /^Đã đồng bộ lúc \d{2}:\d{2}/ }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
}

export async function openField(page: Page, url: string, pin = FIELD_PIN): Promise<void> {
  await page.goto(url);
  await unlockField(page, pin);
}
