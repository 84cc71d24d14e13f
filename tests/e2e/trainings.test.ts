// Trainings where people meet them. On the desk (1280 px): Phòng VH-XH plans a training for
// two villages, prints its A4 sign-in sheet (QR and the invited members), marks attendance
// from the signed sheet with its photo, and sees the figures move (one member fewer never
// trained). On a phone (360 px): the team leader takes the attendance of the training held in
// the village a few days ago with no network and a photo of the sheet, reloads offline (the
// app, the attendance and the photo survive), comes back online, and the server has it once,
// with the photo readable on the desk.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePhoto } from '../../src/demo/photos.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';
import type { FieldTraining, NeverTrainedAnswer, TrainingListAnswer, TrainingView } from '../../src/shared/trainings.ts';
import { horizontalOverflow, launchBrowser, loggedInPage, newContext, PHONE, screenshot, SMALL_DESKTOP, smallTouchTargets, type BrowserHandle, unlockField } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let desk: Awaited<ReturnType<typeof apiAs>>;
const errors: string[] = [];
const photoFile = path.join(tmpdir(), `cnscd-sheet-${process.pid}.jpg`);
const viDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  desk = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  // A phone camera's photo: large, to be reduced before it is sent.
  writeFileSync(photoFile, makePhoto({ seed: 'e2e', caption: 'Danh sach ky ten', scene: 'sheet', width: 2400, height: 1800, quality: 92 }));
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('trainings on the desk', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'vhxh', DEMO_PASSWORD));
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => { await context?.close(); });

  it('plans a training, prints its sign-in sheet, marks attendance with a photo, and sees the figures', async () => {
    const today = todayInVietnam();
    const neverBefore = await desk.get<NeverTrainedAnswer>('/api/trainings/never-trained');
    // Two villages, one of them with a member never trained: that member will be present.
    const target = neverBefore.items[0];
    expect(target, 'the demo has members never trained').toBeTruthy();
    const other = target.village.name === 'Thôn Bản Bó' ? 'Thôn Bản Khiếu' : 'Thôn Bản Bó';

    await page.goto('/tap-huan');
    await page.getByTestId('training-list').waitFor();
    await screenshot(page, 'trainings-list');
    await page.getByRole('link', { name: 'Lập kế hoạch tập huấn' }).click();
    await page.getByLabel('Tên lớp tập huấn').fill('Tập huấn dùng ứng dụng VNeID cho Tổ mới');
    // Saving without topics names the field.
    await page.getByTestId('save-training').click();
    await page.getByText('Chọn ít nhất một nội dung tập huấn.').waitFor();
    await page.getByLabel('Sử dụng dịch vụ công trực tuyến, chữ ký số').check();
    await page.getByLabel('An toàn thông tin, bảo vệ dữ liệu cá nhân trên môi trường số').check();
    await page.getByLabel('Địa điểm').fill('Nhà văn hóa thôn');
    await page.getByTestId('start-day').fill(viDate(today));
    await page.getByTestId('start-day').press('Tab');
    await page.getByTestId('start-time').fill('07:30');
    await page.getByTestId('end-time').fill('10:00');
    await page.getByLabel(target.village.name, { exact: true }).check();
    await page.getByLabel(other, { exact: true }).check();
    await screenshot(page, 'training-form');
    await page.getByTestId('save-training').click();
    await page.getByTestId('attendance').waitFor();
    const id = page.url().split('/').pop()!;
    const planned = await desk.get<TrainingView>(`/api/trainings/${id}`);
    expect(planned).toMatchObject({ title: 'Tập huấn dùng ứng dụng VNeID cho Tổ mới', topics: ['public_services', 'security'], method: 'in_person', status: 'planned' });
    expect(planned.villages.map((v) => v.name).sort()).toEqual([target.village.name, other].sort());

    // The sign-in sheet: the invited members by village, an empty box to sign, the QR.
    await page.getByTestId('print-sheet').click();
    await page.getByTestId('signin-sheet').waitFor();
    expect(await page.getByTestId('signin-row').count()).toBe(planned.members.length);
    expect(await page.getByTestId('signin-title').innerText()).toBe('TẬP HUẤN DÙNG ỨNG DỤNG VNEID CHO TỔ MỚI');
    expect(await page.getByTestId('signin-qr').locator('svg').count()).toBe(1);
    await screenshot(page, 'training-sign-in-sheet');
    // Printed: the sheet alone, on A4.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.mantine-AppShell-navbar').isVisible()).toBe(false);
    expect(await page.getByTestId('print-now').isVisible()).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    expect([Math.round(Number(box![1])), Math.round(Number(box![2]))]).toEqual([595, 842]);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: 'Về lớp tập huấn' }).click();

    // Attendance from the signed sheet: everyone present but one, absent.
    await page.getByTestId('attendance-table').waitFor();
    await page.getByTestId('all-present').click();
    const absent = planned.members.find((m) => m.memberId !== target.memberId)!;
    await page.getByRole('radiogroup', { name: `Điểm danh ${absent.fullName}` }).getByText('Vắng', { exact: true }).click();
    await page.getByTestId('save-attendance').click();
    await expect.poll(() => page.getByTestId('attendance-summary').innerText()).toMatch(new RegExp(`^Có mặt ${planned.members.length - 1}/${planned.members.length}`));
    await page.getByTestId('training-status').getByText('Đã tổ chức').waitFor();
    // The photo of the signed sheet, reduced in the browser before it is sent.
    await page.locator('[data-testid="training-photos"] input[type=file]').setInputFiles(photoFile);
    await expect.poll(() => page.getByTestId('evidence-photo').count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, 'training-attendance');
    const held = await desk.get<TrainingView>(`/api/trainings/${id}`);
    expect(held).toMatchObject({ status: 'held', present: planned.members.length - 1, photos: 1 });
    expect(held.photoList[0]).toMatchObject({ contentType: 'image/jpeg', kind: 'image' });
    expect(Math.max(held.photoList[0].width!, held.photoList[0].height!)).toBeLessThanOrEqual(1600);
    expect(held.photoList[0].byteSize).toBeLessThanOrEqual(300 * 1024);

    // The figures: the member never trained is trained now.
    await page.goto('/tap-huan?xem=ket-qua');
    await page.getByTestId('figure-total').waitFor();
    await expect.poll(() => page.getByTestId('figure-never').innerText()).toBe(String(neverBefore.items.length - 1));
    if (neverBefore.items.length > 1) {
      await page.getByTestId('show-never-trained').click();
      await page.getByTestId('never-trained-row').first().waitFor();
      const names = await page.getByTestId('never-trained-row').allInnerTexts();
      expect(names.some((n) => n.includes(target.fullName))).toBe(false);
    } else {
      expect(await page.getByTestId('show-never-trained').count()).toBe(0);
    }
    await screenshot(page, 'training-figures');
    expect(errors).toEqual([]);
  });
});

describe('attendance on the team leader\'s phone, offline', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await newContext(chrome.browser, server.url, PHONE);
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => { await context?.close(); });

  const syncStatus = () => page.getByTestId('sync-status').innerText();

  it('takes attendance with a photo with no network, keeps it through a reload, and sends it once when back', async () => {
    const leader = await apiAs(server.url, 'totruong1', DEMO_PASSWORD);
    const pulled = await leader.get<{ trainings: FieldTraining[] }>('/api/sync/pull');
    const waiting = pulled.trainings.find((t) => t.members.every((m) => !m.attendance) && Date.parse(t.startsAt) <= Date.now())!;
    expect(waiting, 'the demo has a training held in the village waiting for attendance').toBeTruthy();

    await page.goto('/dang-nhap');
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('totruong1');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/thuc-dia$/);
    await unlockField(page);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    await page.getByTestId('go-trainings').waitFor();

    await context.setOffline(true);
    await page.getByTestId('go-trainings').click();
    await page.getByTestId('field-training').filter({ hasText: waiting.title }).click();
    await page.getByTestId('field-attendance-member').first().waitFor();
    expect(await page.getByTestId('field-attendance-member').count()).toBe(waiting.members.length);
    const away = waiting.members[waiting.members.length - 1];
    await page.getByRole('button', { name: 'Còn lại có mặt' }).click();
    await page.getByRole('radiogroup', { name: `Điểm danh ${away.fullName}` }).getByText('Có phép', { exact: true }).click();
    await page.locator('[data-testid="field-training-photos"] input[type=file]').setInputFiles(photoFile);
    await expect.poll(() => page.getByTestId('evidence-photo').count(), { timeout: 20_000 }).toBe(1);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'field-training-attendance');
    await page.getByTestId('save-field-attendance').click();
    await page.getByTestId('field-trainings').waitFor();
    expect(await page.getByTestId('field-training').filter({ hasText: waiting.title }).innerText()).toContain(`Có mặt ${waiting.members.length - 1}/${waiting.members.length}`);

    // A reload with no network: the app, the attendance and the queued photo are still there.
    await page.reload();
    await unlockField(page);
    await page.getByTestId('field-training').filter({ hasText: waiting.title }).click();
    await page.getByTestId('attendance-pending').waitFor();
    expect(await page.getByTestId('attendance-pending').innerText()).toContain('1 ảnh');
    expect(await page.getByTestId('field-attendance-summary').innerText()).toBe(`Có mặt ${waiting.members.length - 1}/${waiting.members.length}`);
    await screenshot(page, 'field-training-pending');

    // Online again: the photo goes up, then the attendance, once.
    await context.setOffline(false);
    await expect.poll(syncStatus, { timeout: 30_000 }).toMatch(/^Đã đồng bộ lúc/);
    await expect.poll(() => page.getByTestId('attendance-pending').count(), { timeout: 30_000 }).toBe(0);
    const stored = await desk.get<TrainingView>(`/api/trainings/${waiting.id}`);
    expect(stored).toMatchObject({ status: 'held', present: waiting.members.length - 1, photos: 1 });
    expect(stored.members.find((m) => m.memberId === away.memberId)!.attendance!.status).toBe('excused');
    const photo = await fetch(`${server.url}${stored.photoList[0].url}`, { headers: { cookie: (await deskCookie()) } });
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    const list = await desk.get<TrainingListAnswer>('/api/trainings');
    expect(list.items.filter((t) => t.id === waiting.id)).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});

async function deskCookie(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'lanhdao', password: DEMO_PASSWORD }) });
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
