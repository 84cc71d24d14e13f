// Group sessions where people meet them. On the desk (1280 px): Phòng VH-XH opens a school,
// records a session for its pupils picked in bulk (one refused to show a row's reason is not
// needed: the demo's pupils all fit), and sees the school's list and the commune's HS move by
// exactly the pupils who lacked it; the pages at 360 px do not scroll sideways.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationList, OrganizationView } from '../../src/shared/organizations.ts';
import type { SessionView } from '../../src/shared/group-sessions.ts';
import { yearInVietnam } from '../../src/shared/calendar.ts';
import { horizontalOverflow, launchBrowser, loggedInPage, PHONE, screenshot, SMALL_DESKTOP, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let desk: Awaited<ReturnType<typeof apiAs>>;
const errors: string[] = [];

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  desk = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

async function hsOfCommune(communeId: number) {
  const body = await desk.get<any>(`/api/indicators?orgUnitId=${communeId}&period=ytd&year=${yearInVietnam()}`);
  return body.summary.indicators.HS as { numerator: number; denominator: number };
}

describe('group sessions on the desk', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'vhxh', DEMO_PASSWORD));
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => { await context?.close(); });

  it('records a school session for its pupils; HS and the school\'s list move by the pupils who lacked it', async () => {
    const orgs = await desk.get<OrganizationList>('/api/organizations');
    const school = orgs.items.find((o) => o.kind === 'school')!;
    expect(school, 'the demo has schools').toBeTruthy();
    const before = await desk.get<OrganizationView>(`/api/organizations/${school.id}`);
    const lacking = before.members.filter((m) => !m.reachedOn).length;
    expect(lacking).toBeGreaterThan(0);
    const hsBefore = await hsOfCommune(school.commune.id);

    await page.goto('/truong-hoc-doanh-nghiep');
    await page.getByTestId('organization-list').waitFor();
    await screenshot(page, 'organizations-desk');
    await page.goto('/buoi-huong-dan');
    await page.getByTestId('session-list').waitFor();
    await screenshot(page, 'sessions-desk');
    await page.getByRole('link', { name: 'Ghi buổi hướng dẫn' }).click();
    await page.getByRole('combobox', { name: 'Trường học' }).click();
    await page.getByRole('option', { name: school.name }).click();
    // The team member who taught, from the commune's active members.
    await page.getByTestId('session-teachers').click();
    const teacher = page.getByRole('option').first();
    const teacherName = (await teacher.innerText()).split(' — ')[0];
    await teacher.click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: `Thêm học sinh của ${school.name}` }).click();
    await expect.poll(async () => page.getByTestId('attendee-rows').locator('tbody tr').count(), { timeout: 30_000 }).toBe(before.members.length);
    await screenshot(page, 'session-form-desk', false);
    await page.getByRole('button', { name: /^Ghi buổi hướng dẫn \(/ }).click();
    await page.getByTestId('session-attendees-table').waitFor({ timeout: 60_000 });
    await screenshot(page, 'session-view-desk', false);
    const id = page.url().split('/').pop()!;
    const saved = await desk.get<SessionView>(`/api/group-sessions/${id}`);
    expect(saved).toMatchObject({ attendees: before.members.length, done: before.members.length, refused: 0, teachers: [{ fullName: teacherName }] });

    // The school's list: everyone reached now.
    await page.goto(`/truong-hoc-doanh-nghiep/${school.id}`);
    await expect.poll(async () => page.getByTestId('org-reached').innerText(), { timeout: 30_000 }).toBe(String(before.members.length));
    await screenshot(page, 'organization-desk', false);
    // HS of the commune: exactly the pupils who lacked it, once the figures follow (≈1 s).
    await expect.poll(async () => (await hsOfCommune(school.commune.id)).numerator, { timeout: 20_000 }).toBe(hsBefore.numerator + lacking);
    expect(errors).toEqual([]);
  }, 300_000);

  it('fits a phone\'s width', async () => {
    const { context: phone, page: small } = await loggedInPage(chrome.browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD);
    try {
      for (const [url, name] of [['/buoi-huong-dan', 'sessions-phone'], ['/truong-hoc-doanh-nghiep', 'organizations-phone'], ['/buoi-huong-dan/moi', 'session-form-phone']] as const) {
        await small.goto(url);
        await small.waitForLoadState('networkidle');
        await screenshot(small, name);
        expect(await horizontalOverflow(small), url).toBeLessThanOrEqual(0);
      }
    } finally {
      await phone.close();
    }
  });
});
