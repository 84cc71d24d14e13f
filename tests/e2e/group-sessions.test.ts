// Group sessions where people meet them. On the desk (1280 px): Phòng VH-XH opens a school,
// records a session for its pupils picked in bulk (one refused to show a row's reason is not
// needed: the demo's pupils all fit), and sees the school's list and the commune's HS move by
// exactly the pupils who lacked it; the pages at 360 px do not scroll sideways. On a team
// leader's phone with no network: a class at a cooperative for its workers who live in the
// village, kept through a reload, sent once back online and stored with one event each.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationList, OrganizationView } from '../../src/shared/organizations.ts';
import type { SessionView } from '../../src/shared/group-sessions.ts';
import { yearInVietnam } from '../../src/shared/calendar.ts';
import type { PullResponse } from '../../src/shared/sync.ts';
import { horizontalOverflow, launchBrowser, loggedInPage, newContext, PHONE, screenshot, SMALL_DESKTOP, type BrowserHandle, loginToField, unlockField } from './browser.ts';
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
  let recorded: { id: string; schoolId: string; communeId: number; hsBefore: number };
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
    recorded = { id, schoolId: school.id, communeId: school.commune.id, hsBefore: hsBefore.numerator };
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

  it('takes back a session recorded by mistake: HS returns to where it was', async () => {
    await page.goto(`/buoi-huong-dan/${recorded.id}`);
    await page.getByTestId('retract-session').click();
    await page.getByTestId('confirm-retract').click();
    await page.getByTestId('form-error').waitFor();
    expect(await page.getByTestId('form-error').innerText()).toMatch(/Lý do/);
    await page.getByTestId('retract-reason').fill('Ghi nhầm: lớp này đã ghi ở buổi khác');
    await screenshot(page, 'session-retract-desk', false);
    await page.getByTestId('confirm-retract').click();
    await page.getByTestId('session-retracted').waitFor();
    expect(await page.getByTestId('retract-session').count()).toBe(0);
    await expect.poll(async () => (await hsOfCommune(recorded.communeId)).numerator, { timeout: 20_000 }).toBe(recorded.hsBefore);
    expect(errors).toEqual([]);
  });

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

describe('a team leader records a cooperative class on the phone, offline', () => {
  it('saves it on the phone, keeps it through a reload, and sends it once when the network is back', async () => {
    const leader = await apiAs(server.url, 'totruong1', DEMO_PASSWORD);
    const pull = await leader.get<PullResponse>('/api/sync/pull');
    expect(pull.groupSessions?.canRecord).toBe(true);
    const coop = [...(pull.groupSessions?.organizations ?? [])].filter((o) => o.kind !== 'school').sort((a, b) => b.workerIds.length - a.workerIds.length)[0];
    expect(coop?.workerIds.length, 'the demo village has workers of a cooperative').toBeGreaterThan(0);
    const sessionsBefore = (await desk.get<{ total: number }>(`/api/group-sessions?organizationId=${coop.id}`)).total;

    const context = await newContext(chrome.browser, server.url, PHONE);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    const syncStatus = () => page.getByTestId('sync-status').innerText();
    try {
      await loginToField(page, 'totruong1', DEMO_PASSWORD);

      await context.setOffline(true);
      await expect.poll(syncStatus).toBe('Mất kết nối – sẽ tự gửi lại');
      await page.getByTestId('go-sessions').click();
      await page.getByTestId('record-session').click();
      await page.getByTestId('field-session-form').waitFor();
      await page.getByTestId('session-place').click();
      await page.getByRole('option', { name: coop.name, exact: true }).click();
      await page.getByTestId('add-workers').click();
      await expect.poll(() => page.getByTestId('session-attendee-count').innerText()).toBe(`${coop.workerIds.length} người`);
      // One of them did not manage it: unticked, so their event says so.
      await page.getByTestId('session-attendees').getByRole('checkbox', { name: 'Đạt' }).first().uncheck();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'field-session-form');
      await page.getByTestId('save-session').click();
      const card = page.getByTestId('my-session').first();
      await card.waitFor();
      expect(await card.getAttribute('data-state')).toBe('pending');
      expect(await card.innerText()).toContain(`${coop.name} · ${coop.workerIds.length} người`);
      await screenshot(page, 'field-session-pending');

      await page.reload();
      await unlockField(page);

      await page.getByTestId('my-session').first().waitFor();
      expect(await page.getByTestId('my-session').first().getAttribute('data-state')).toBe('pending');
      await context.setOffline(false);
      await expect.poll(() => page.getByTestId('my-session').first().getAttribute('data-state'), { timeout: 30_000 }).toBe('synced');

      const list = await desk.get<{ total: number; items: Array<{ id: string }> }>(`/api/group-sessions?organizationId=${coop.id}`);
      expect(list.total).toBe(sessionsBefore + 1);
      const stored = await desk.get<SessionView>(`/api/group-sessions/${list.items[0].id}`);
      expect(stored).toMatchObject({ placeKind: 'organization', attendees: coop.workerIds.length, done: coop.workerIds.length - 1, refused: 0, teachers: [{ fullName: 'Nông Thị Huyền' }] });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
