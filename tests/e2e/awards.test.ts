// Emulation and awards on the desk (1280 px), the flow of issue 18: Phòng VH-XH edits a rule
// (a new version), opens and starts a campaign, sees the candidates with their evidence; a
// village head nominates one of their village; the council's meeting chooses it; the leader
// decides; the dossier downloads and its .docx passes the decree's layout checks (the same
// as the reports'). Every new page is also looked at on a phone (360 px).
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignSummary, CandidatesAnswer } from '../../src/shared/awards.ts';
import { decreeLayoutProblems } from '../support/docx-checks.ts';
import { horizontalOverflow, launchBrowser, loggedInPage, PHONE, screenshot, settled, SMALL_DESKTOP, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
const errors: string[] = [];
const SHOTS = '/tmp/shots/awards';

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await screenshot(page, `awards-${name}`);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('awards on the desk', () => {
  let campaignId = '';
  let nominee = '';

  it('Phòng VH-XH edits a rule, opens and starts a campaign, and sees the candidates with their evidence', async () => {
    const { context, page } = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'vhxh', DEMO_PASSWORD);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/thi-dua');
    await page.getByTestId('campaign-list').waitFor();
    await shot(page, 'campaigns-desktop');

    await page.getByRole('link', { name: 'Tiêu chí danh hiệu' }).click();
    await page.getByTestId('rule-conditions').waitFor();
    await shot(page, 'rules-desktop');
    // The citizen rule: adults only, 18 instead of 16 (a new version, 2).
    await page.getByLabel('Ngưỡng của điều kiện 1').fill('18');
    await page.getByRole('button', { name: 'Lưu thành phiên bản mới' }).click();
    await page.getByText('Đã lưu tiêu chí "Công dân số xuất sắc" thành phiên bản mới.').waitFor();
    await expect.poll(() => page.getByTestId('rule-history').locator('tbody tr').count()).toBe(2);
    // A threshold out of range is refused with the field named.
    await page.getByLabel('Ngưỡng của điều kiện 1').fill('200');
    await page.getByRole('button', { name: 'Lưu thành phiên bản mới' }).click();
    await page.getByText(/Điều kiện 1: ngưỡng của "Tuổi" phải từ 0 đến 150/).waitFor();

    await page.goto('/thi-dua');
    await page.getByRole('button', { name: 'Lập đợt thi đua' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên đợt thi đua').fill('Đợt thi đua "Công dân số" chào mừng Ngày Chuyển đổi số');
    await dialog.getByLabel('Số quyết định phát động').fill('150/QĐ-UBND');
    for (const title of ['Gia đình số tiêu biểu', 'Khu dân cư số tiêu biểu', 'Tổ Công nghệ số cộng đồng tiêu biểu']) await dialog.getByLabel(title, { exact: true }).uncheck();
    await dialog.getByLabel('Đoàn Thanh niên xã').uncheck();
    await dialog.getByRole('button', { name: 'Lập đợt thi đua' }).click();
    await page.waitForURL(/\/thi-dua\/[0-9a-f-]{36}$/);
    campaignId = page.url().split('/').pop()!;
    await page.getByRole('button', { name: 'Bắt đầu đợt' }).click();
    await page.getByText('Đã bắt đầu đợt thi đua và tính danh sách ứng viên.').waitFor();
    await page.getByTestId('candidate-list').waitFor();
    expect(await page.getByText(/Tiêu chí đã chốt \(phiên bản 2\)/).count()).toBe(1);
    const first = page.getByTestId('candidate').first();
    await first.getByRole('button', { name: 'Minh chứng' }).click();
    await first.getByTestId('evidence').waitFor();
    expect(await first.getByTestId('evidence').innerText()).toMatch(/Tuổi\s+≥ 18/);
    await shot(page, 'candidates-desktop');
    expect(await horizontalOverflow(page)).toBe(0);
    await context.close();
  });

  it('a village head nominates a candidate of their village', async () => {
    const head = await apiAs(server.url, 'truongthon1', DEMO_PASSWORD);
    const answer = await head.get<CandidatesAnswer>(`/api/awards/campaigns/${campaignId}/candidates`);
    expect(answer.items.length).toBeGreaterThan(0);
    expect(answer.items.every((c) => c.village.id === head.me.orgUnit.id)).toBe(true);
    nominee = answer.items[0].subjectName;

    const { context, page } = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'truongthon1', DEMO_PASSWORD);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    await page.getByRole('link', { name: 'Thi đua, khen thưởng' }).first().click();
    await page.getByTestId('campaign-list').waitFor();
    await page.goto(`/thi-dua/${campaignId}`);
    const row = page.getByTestId('candidate').filter({ hasText: nominee }).first();
    await row.getByRole('button', { name: 'Đề xuất' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Thành tích (đưa vào báo cáo thành tích)').fill('Tự nộp hồ sơ trực tuyến và hướng dẫn hàng xóm dùng VNeID.');
    await shot(page, 'nominate-desktop');
    await dialog.getByRole('button', { name: 'Gửi đề xuất' }).click();
    await page.getByText('Đã gửi đề xuất khen thưởng.').waitFor();
    await page.getByRole('tab', { name: 'Đề xuất' }).click();
    await page.getByTestId('nomination-list').getByText(nominee).waitFor();
    await shot(page, 'nominations-desktop');
    await context.close();
  });

  it('the council chooses, the leader decides, and the dossier downloads in the decree layout', async () => {
    const office = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'vhxh', DEMO_PASSWORD);
    office.page.on('pageerror', (e) => errors.push(e.message));
    let page = office.page;
    await page.goto(`/thi-dua/${campaignId}?tab=hoi-dong`);
    const form = page.getByTestId('meeting-form');
    await form.waitFor();
    await form.getByLabel('Chủ trì').fill('Tô Văn Trường - Chủ tịch UBND xã');
    await form.getByLabel('Số thành viên có mặt').fill('5');
    await form.getByLabel(`Số phiếu đồng ý: ${nominee}`).fill('6');
    await form.getByLabel(`Chọn: ${nominee}`).check();
    await form.getByRole('button', { name: 'Ghi biên bản họp' }).click();
    // More votes than members present: refused, the field named.
    await page.getByText(`Số phiếu đồng ý của ${nominee}: 6 nhiều hơn số thành viên có mặt (5).`).waitFor();
    await form.getByLabel(`Số phiếu đồng ý: ${nominee}`).fill('5');
    await shot(page, 'council-desktop');
    await form.getByRole('button', { name: 'Ghi biên bản họp' }).click();
    await page.getByTestId('meeting').waitFor();
    await office.context.close();

    const leader = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'lanhdao', DEMO_PASSWORD);
    leader.page.on('pageerror', (e) => errors.push(e.message));
    page = leader.page;
    await page.goto(`/thi-dua/${campaignId}?tab=hoi-dong`);
    const decision = page.getByTestId('decision-form');
    await decision.getByLabel('Số quyết định').fill('260/QĐ-UBND');
    await shot(page, 'decision-desktop');
    await decision.getByRole('button', { name: 'Ký quyết định khen thưởng' }).click();
    await page.getByTestId('decision').getByText('Quyết định số 260/QĐ-UBND').waitFor();

    await page.getByRole('tab', { name: 'Hồ sơ, vinh danh' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải hồ sơ (.docx)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = path.join(SHOTS, 'ho-so.docx');
    await download.saveAs(file);
    const { problems, paragraphs } = await decreeLayoutProblems(readFileSync(file), 3);
    expect(problems).toEqual([]);
    expect(paragraphs.map((p) => p.text)).toEqual(expect.arrayContaining(['TỜ TRÌNH', 'BIÊN BẢN', 'BÁO CÁO THÀNH TÍCH']));
    expect(paragraphs.some((p) => p.text.includes(nominee))).toBe(true);
    await shot(page, 'files-desktop');
    await page.getByRole('link', { name: 'Mở bảng vinh danh' }).click();
    await page.getByTestId('honour-board').getByText(nominee).waitFor();
    await shot(page, 'honour-board-desktop');
    await leader.context.close();
  });

  it('every page fits a phone', async () => {
    const { context, page } = await loggedInPage(chrome.browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD);
    page.on('pageerror', (e) => errors.push(e.message));
    const office = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
    const demo = (await office.get<{ items: CampaignSummary[] }>('/api/awards/campaigns')).items.find((c) => c.id !== campaignId)!;
    for (const [url, name, testId] of [
      ['/thi-dua', 'campaigns-phone', 'campaign-list'],
      ['/thi-dua/tieu-chi', 'rules-phone', 'rule-conditions'],
      [`/thi-dua/${demo.id}`, 'candidates-phone', 'candidate-list'],
      [`/thi-dua/${demo.id}?tab=de-xuat`, 'nominations-phone', 'nomination-list'],
      [`/thi-dua/${demo.id}?tab=hoi-dong`, 'council-phone', 'meeting'],
      [`/thi-dua/${demo.id}?tab=ho-so`, 'files-phone', null],
      [`/thi-dua/${demo.id}/bang-vinh-danh`, 'honour-board-phone', 'honour-board'],
    ] as const) {
      await page.goto(url);
      if (testId) await page.getByTestId(testId).first().waitFor();
      await settled(page);
      await shot(page, name);
      expect(await horizontalOverflow(page), name).toBe(0);
    }
    await context.close();
    expect(errors).toEqual([]);
  });
});
