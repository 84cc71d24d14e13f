// Truyền thông on a team leader's phone: with no network, a village meeting recorded with two
// photos (reduced on the phone) and the households present ticked from the village's list; a
// reload with no network keeps it; back online it is sent (photos first), seen as sent, stored
// once with its photos, and the commune report's communication section and the TT indicator
// move. Then the desk's activity page shows it with its photos.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePhoto } from '../../src/demo/photos.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';
import type { CommActivityListAnswer, CommActivityView } from '../../src/shared/communication.ts';
import type { ReportRecomputeAnswer, ReportView } from '../../src/shared/reports.ts';
import type { PullResponse } from '../../src/shared/sync.ts';
import { DESKTOP, horizontalOverflow, launchBrowser, login, newContext, PHONE, screenshot, type BrowserHandle, loginToField, unlockField } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let context: BrowserContext;
let page: Page;
let desk: Awaited<ReturnType<typeof apiAs>>;
let leaderPull: PullResponse;
const errors: string[] = [];
const today = todayInVietnam();
const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
const NEW_HEAD = 'Sầm Văn Khánh';

async function tt(villageId: number) {
  const body = await desk.get<{ summary: { indicators: { TT: { numerator: number; denominator: number } } }; pendingVillages: number }>(
    `/api/indicators?orgUnitId=${villageId}&period=month&year=${year}&month=${month}`,
  );
  return body.summary.indicators.TT;
}

const syncStatus = () => page.getByTestId('sync-status').innerText();

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  desk = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  const leader = await apiAs(server.url, 'totruong1', DEMO_PASSWORD);
  // A family registered this week: not informed yet, so the meeting is what informs it.
  await desk.post('/api/households', {
    villageId: leader.me.orgUnit.id, address: 'Xóm Nà Khà', head: { fullName: NEW_HEAD, sex: 'male', birthYear: 1988 },
  });
  leaderPull = await leader.get<PullResponse>('/api/sync/pull');
  context = await newContext(chrome.browser, server.url, PHONE);
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});

afterAll(async () => {
  await context?.close();
  await chrome?.close();
  await server?.stop();
});

describe('a team leader records a village meeting on the phone', () => {
  let activityId: string;
  let village: number;
  let before: { tt: { numerator: number; denominator: number }; report: ReportView };
  let informedHousehold: { id: string; name: string };

  it('logs in, syncs the village, and keeps the app for offline use', async () => {
    village = leaderPull.village.id;
    const newHousehold = leaderPull.households.find((h) => leaderPull.people.some((p) => p.id === h.headPersonId && p.fullName === NEW_HEAD))!;
    expect(newHousehold.informedOn).toBeNull();
    const informed = leaderPull.households.find((h) => h.informedOn !== null && h.headPersonId)!;
    informedHousehold = { id: informed.id, name: leaderPull.people.find((p) => p.id === informed.headPersonId)!.fullName };
    before = {
      tt: await tt(village),
      report: await desk.post<ReportView>('/api/reports/open', { kind: 'commune_monthly', orgUnitId: desk.me.orgUnit.id, year, month }),
    };

    await loginToField(page, 'totruong1', DEMO_PASSWORD);
  });

  it('records the meeting offline with two photos and the households present', async () => {
    await context.setOffline(true);
    await expect.poll(syncStatus).toBe('Mất kết nối – sẽ tự gửi lại');
    await page.getByTestId('go-communication').click();
    await page.getByTestId('record-activity').click();
    await page.getByTestId('field-activity-form').waitFor();

    // Only the channels the village has are offered; a meeting takes attendees, not airtime.
    await page.getByTestId('activity-channel').click();
    await page.getByRole('option', { name: 'Họp thôn' }).click();
    expect(await page.locator('[data-measure="airtimeMinutes"]').count()).toBe(0);
    await page.getByTestId('activity-topics').getByText('VNeID', { exact: true }).click();
    await page.getByTestId('activity-topics').getByText('DVC trực tuyến', { exact: true }).click();

    // Too few attendees for the households ticked: said before anything is saved.
    await page.locator('[data-measure="attendees"]').fill('1');
    const ticks = page.getByTestId('household-ticks');
    const search = ticks.getByLabel('Tìm hộ');
    await search.fill('sam van khanh');
    await ticks.getByRole('checkbox', { name: new RegExp(NEW_HEAD) }).check();
    await search.fill(informedHousehold.name);
    await ticks.locator(`input[data-household="${informedHousehold.id}"], [data-household="${informedHousehold.id}"] input`).first().check();
    await search.fill('');
    await ticks.getByText('(2/').waitFor();

    // Two camera photos, bigger than the server takes: reduced on the phone.
    const big = (caption: string) => ({ name: `${caption}.jpg`, mimeType: 'image/jpeg', buffer: makePhoto({ seed: caption, caption, width: 2400, height: 1800, quality: 92 }) });
    await page.locator('input[type="file"]').setInputFiles([big('hop thon 1'), big('hop thon 2')]);
    await expect.poll(() => page.locator('[data-photo]').count(), { timeout: 20_000 }).toBe(2);
    await page.getByTestId('save-activity').click();
    await page.getByText('Số người dự: ít hơn số hộ đã đánh dấu có mặt (2 hộ).').or(page.getByText('ít hơn số hộ đã đánh dấu có mặt (2 hộ).')).first().waitFor();
    await page.locator('[data-measure="attendees"]').fill('38');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'field-activity-form');
    await page.getByTestId('save-activity').click();

    await page.getByTestId('my-activities').waitFor();
    const card = page.getByTestId('my-activity').first();
    expect(await card.getAttribute('data-state')).toBe('pending');
    expect(await card.innerText()).toContain('Họp thôn · 38 người dự · 2 hộ có mặt');
    activityId = (await card.getAttribute('data-activity-id'))!;
    await screenshot(page, 'field-activity-pending');
  });

  it('keeps it through a reload with no network, then sends it once with its photos', async () => {
    await page.reload();
    await unlockField(page);
    const card = page.locator(`[data-activity-id="${activityId}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-state')).toBe('pending');
    expect(await card.innerText()).toContain('2 ảnh');

    await context.setOffline(false);
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('synced');
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    await screenshot(page, 'field-activity-synced');

    const list = await desk.get<CommActivityListAnswer>(`/api/communication/activities?villageId=${village}&channel=village_meeting&month=${today.slice(0, 7)}`);
    expect(list.items.filter((a) => a.id === activityId)).toHaveLength(1);
    const view = await desk.get<CommActivityView>(`/api/communication/activities/${activityId}`);
    expect(view).toMatchObject({ fromPhone: true, householdCount: 2, measures: { attendees: 38 }, activityOn: today, topics: ['vneid', 'dvc'] });
    expect(view.photos).toHaveLength(2);
    for (const photo of view.photos) {
      expect(Math.max(photo.width ?? 0, photo.height ?? 0)).toBeLessThanOrEqual(1600);
      expect(photo.byteSize).toBeLessThanOrEqual(300 * 1024);
    }
    expect(errors).toEqual([]);
  });

  it('moves TT and the commune report\'s communication section', async () => {
    await expect.poll(async () => (await tt(village)).numerator, { timeout: 20_000 }).toBe(before.tt.numerator + 1);
    const recomputed = await desk.post<ReportRecomputeAnswer>(`/api/reports/${before.report.id}/recompute`, { version: before.report.version });
    const after = recomputed.report.activity.communication!;
    const was = before.report.activity.communication!;
    expect(after.total.activities).toBe(was.total.activities + 1);
    expect(after.total.attendees).toBe(was.total.attendees + 38);
    expect(after.byChannel.find((c) => c.channel === 'village_meeting')!.activities).toBe((was.byChannel.find((c) => c.channel === 'village_meeting')?.activities ?? 0) + 1);
    expect(after.newlyInformed).toBe(was.newlyInformed + 1);
    expect(recomputed.changes.some((c) => c.code === 'TT')).toBe(true);
  });

  it('shows the meeting with its photos and households at the desk', async () => {
    const deskContext = await newContext(chrome.browser, server.url, DESKTOP);
    const deskPage = await deskContext.newPage();
    await login(deskPage, 'vhxh', DEMO_PASSWORD);
    await deskPage.goto(`/truyen-thong/${activityId}`);
    await deskPage.getByTestId('activity-detail').waitFor();
    await expect.poll(() => deskPage.getByTestId('activity-photos').locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(2);
    expect(await deskPage.getByTestId('activity-households').innerText()).toContain(`Hộ ${NEW_HEAD}`);
    await screenshot(deskPage, 'desk-activity');
    await deskContext.close();
  });
});
