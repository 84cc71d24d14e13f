// Kinh phí where Phòng Kinh tế meets it, on the desk (1280×800): the demo commune's budget of
// the year with its seeded spending; a voucher recorded with its scan and linked to a seeded
// training, beyond what is left of the line (the warning is shown, then confirmed); the month's
// allowance sheet built from the teams' recorded activity (after the province's admin set its
// rates), reviewed and posted; the year settled and its settlement downloaded as Excel and
// Word. The same page on a phone (360 px) neither cuts nor scrolls sideways.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePhoto } from '../../src/demo/photos.ts';
import type { AllowanceRates, BudgetLineView, BudgetYearView, SpendingListAnswer } from '../../src/shared/budget.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';
import { horizontalOverflow, launchBrowser, loggedInPage, PHONE, screenshot, SMALL_DESKTOP, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let kinhte: Awaited<ReturnType<typeof apiAs>>;
const errors: string[] = [];
const voucherFile = path.join(tmpdir(), `cnscd-voucher-${process.pid}.jpg`);
const today = todayInVietnam();
const year = Number(today.slice(0, 4)) - (today.slice(5) <= '02-12' ? 1 : 0);

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  kinhte = await apiAs(server.url, 'kinhte', DEMO_PASSWORD);
  writeFileSync(voucherFile, makePhoto({ seed: 'voucher', caption: 'Phieu chi PC 99', scene: 'sheet', width: 800, height: 600 }));
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

/** Saves a budget form; when the server warns of an overrun, confirms it as the officer would. */
async function saveConfirming(page: Page, saveTestId: string, confirmName: string) {
  await page.getByTestId(saveTestId).click();
  const warning = page.getByTestId('overrun-warning');
  const gone = page.getByTestId(saveTestId).waitFor({ state: 'detached' });
  await Promise.race([warning.waitFor(), gone]);
  if (await warning.isVisible()) await page.getByRole('button', { name: confirmName }).click();
}

describe('the province’s admin on the desk', () => {
  it('enters the year’s allowance rates (none is assumed for Tuyên Quang)', async () => {
    const { context, page } = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'admin', DEMO_PASSWORD);
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`/kinh-phi?xem=phu-cap&xa=${kinhte.me.orgUnit.id}${year === Number(today.slice(0, 4)) ? '' : `&nam=${year}`}`);
    await page.getByTestId('no-rates').waitFor();
    await page.getByTestId('edit-rates').click();
    await page.getByTestId('rate-team_month').fill('200000');
    await page.getByLabel('Căn cứ: Mỗi Tổ mỗi tháng').fill('Nghị quyết HĐND tỉnh (mức chi nhập thử)');
    await page.getByTestId('rate-person_day').fill('50000');
    await screenshot(page, 'budget-desk-rates-form', false);
    await page.getByTestId('save-rates').click();
    await page.getByTestId('rates-form').waitFor({ state: 'detached' });
    await page.getByText('Mỗi Tổ mỗi tháng: 200.000').waitFor();
    expect(await page.getByTestId('no-rates').count()).toBe(0);
    const rates = await kinhte.get<AllowanceRates>(`/api/budget/allowance-rates?year=${year}`);
    expect(rates.rates.map((r) => [r.basis, r.amountVnd])).toEqual([['team_month', 200_000], ['person_day', 50_000]]);
    expect(rates.can.manage).toBe(false);
    await context.close();
  });
});

describe('Phòng Kinh tế on the desk', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await loggedInPage(chrome.browser, server.url, SMALL_DESKTOP, 'kinhte', DEMO_PASSWORD));
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => { await context?.close(); });

  it('records spending linked to a training, confirming the overrun warning', async () => {
    const commune = kinhte.me.orgUnit.id;
    const before = await kinhte.get<BudgetYearView>(`/api/budget?orgUnitId=${commune}&year=${year}`);
    expect(before.lines.length).toBeGreaterThanOrEqual(5);
    expect(before.totals.total.spentVnd).toBeGreaterThan(0);
    const trainingLine = before.lines.find((l) => l.title === 'Tập huấn nghiệp vụ cho Tổ CNSCĐ')!;

    await page.goto('/kinh-phi');
    await page.getByTestId('budget-lines').waitFor();
    await screenshot(page, 'budget-desk-lines');
    await page.getByTestId('add-spending').click();
    await page.getByTestId('spending-line').click();
    await page.getByRole('option', { name: 'Tập huấn nghiệp vụ cho Tổ CNSCĐ', exact: true }).click();
    // More than is left of the line: the server warns.
    const amount = trainingLine.remainingVnd + 500_000;
    await page.getByTestId('spending-amount').fill(String(amount));
    await page.getByLabel('Người nhận').fill('Báo cáo viên Sở KH&CN');
    await page.getByLabel('Số chứng từ').fill('PC 99');
    await page.getByLabel('Diễn giải').fill('Bồi dưỡng báo cáo viên buổi bổ sung');
    await page.locator('input[type=file]').setInputFiles(voucherFile);
    await page.getByTestId('spending-link-kind').click();
    await page.getByRole('option', { name: 'Lớp tập huấn', exact: true }).click();
    await page.getByTestId('spending-link').click();
    await page.getByRole('option', { name: new RegExp(`^Tập huấn nghiệp vụ cho Tổ Công nghệ số cộng đồng năm ${year}`) }).click();
    await page.getByTestId('save-spending').click();
    await page.getByTestId('overrun-warning').waitFor();
    expect(await page.getByTestId('overrun-warning').innerText()).toMatch(/Vượt dự toán/);
    await screenshot(page, 'budget-desk-overrun-warning', false);
    await page.getByRole('button', { name: 'Xác nhận vẫn ghi' }).click();
    await page.getByTestId('overrun-warning').waitFor({ state: 'detached' });

    const list = await kinhte.get<SpendingListAnswer>(`/api/budget/spending?orgUnitId=${commune}&year=${year}&lineId=${trainingLine.id}`);
    const entry = list.items.find((s) => s.voucherNo === 'PC 99')!;
    expect(entry).toMatchObject({ amountVnd: amount, link: { kind: 'training' } });
    expect(entry.voucherFiles).toHaveLength(1);
    await page.goto('/kinh-phi?xem=khoan-chi');
    await page.getByTestId('spending-list').getByText('Báo cáo viên Sở KH&CN').waitFor();
    await screenshot(page, 'budget-desk-spending');
  });

  it('records a commitment on a line and pays part of it', async () => {
    const commune = kinhte.me.orgUnit.id;
    const view = await kinhte.get<BudgetYearView>(`/api/budget?orgUnitId=${commune}&year=${year}`);
    // The line with the most left (in December little is; beyond it the warning is confirmed).
    const line = view.lines.filter((l) => l.activity !== 'team_support' && l.activity !== 'training').sort((a, b) => b.remainingVnd - a.remainingVnd)[0];
    await page.goto('/kinh-phi');
    await page.getByTestId('budget-lines').getByRole('button', { name: line.title, exact: true }).click();
    await page.getByTestId('add-commitment').click();
    await page.getByTestId('commitment-amount').fill('2000000');
    await page.getByLabel('Đơn vị, người nhận').fill('Công ty in ấn Tuyên Quang');
    await page.getByLabel('Nội dung (hợp đồng, đơn đặt hàng)').fill('Hợp đồng in tờ rơi số 12/HĐ');
    await saveConfirming(page, 'save-commitment', 'Xác nhận vẫn ghi');
    await page.getByTestId('commitments').getByText('Công ty in ấn Tuyên Quang').waitFor();
    await screenshot(page, 'budget-desk-line-commitment', false);
    await page.keyboard.press('Escape');

    await page.getByTestId('add-spending').click();
    await page.getByTestId('spending-line').click();
    await page.getByRole('option', { name: line.title, exact: true }).click();
    await page.getByTestId('spending-commitment').click();
    await page.getByRole('option', { name: /^Công ty in ấn Tuyên Quang — còn 2\.000\.000/ }).click();
    await page.getByTestId('spending-amount').fill('1500000');
    await page.getByLabel('Người nhận').fill('Công ty in ấn Tuyên Quang');
    await page.getByLabel('Số chứng từ').fill('PC 100');
    await saveConfirming(page, 'save-spending', 'Xác nhận vẫn ghi');
    await page.getByTestId('spending-amount').waitFor({ state: 'detached' });

    const after = await kinhte.get<BudgetLineView>(`/api/budget/lines/${line.id}`);
    const commitment = after.commitments.find((c) => c.payee === 'Công ty in ấn Tuyên Quang')!;
    expect(commitment).toMatchObject({ amountVnd: 2_000_000, paidVnd: 1_500_000 });
    expect(after.spending.find((s) => s.voucherNo === 'PC 100')?.commitmentId).toBe(commitment.id);
    // Còn lại: the estimate less what was spent and the 500.000 still committed.
    const lineAfter = (await kinhte.get<BudgetYearView>(`/api/budget?orgUnitId=${commune}&year=${year}`)).lines.find((l) => l.id === line.id)!;
    expect(lineAfter.remainingVnd).toBe(line.remainingVnd - 2_000_000);
  });

  it('builds the month’s allowance sheet, reviews and posts it', async () => {
    await page.goto('/kinh-phi?xem=phu-cap');
    await page.getByTestId('build-sheet').click();
    await page.getByTestId('allowance-sheet').waitFor();
    expect(await page.getByTestId('sheet-total').innerText()).toMatch(/\d.*đ/);
    await screenshot(page, 'budget-desk-allowance-sheet');
    await page.getByTestId('review-sheet').click();
    await page.getByTestId('sheet-voucher').waitFor();
    await page.getByTestId('sheet-voucher').fill('PC PC-11');
    await page.getByTestId('post-sheet').click();
    const confirm = page.getByRole('button', { name: 'Xác nhận vẫn ghi chi' });
    const posted = page.getByText(/Đã ghi chi thành \d+ khoản/);
    await Promise.race([confirm.waitFor(), posted.waitFor()]);
    if (await confirm.isVisible()) await confirm.click();
    await posted.waitFor();
  });

  it('settles the year and downloads the settlement', async () => {
    await page.goto('/kinh-phi?xem=quyet-toan');
    await page.getByRole('button', { name: `Quyết toán năm ${year}` }).click();
    await page.getByRole('button', { name: 'Quyết toán và khóa năm' }).click();
    await page.getByTestId('settled-note').waitFor();
    await screenshot(page, 'budget-desk-settled');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải Excel quyết toán' }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsx.path())!);
    const vouchers = book.getWorksheet('Chứng từ')!;
    const numbers = vouchers.getColumn(3).values.filter((v) => typeof v === 'string');
    expect(numbers).toContain('PC 99');
    expect(numbers).toContain('PC PC-11');
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải báo cáo quyết toán (Word)' }).click()]);
    const zip = await JSZip.loadAsync(readFileSync((await docx.path())!));
    expect(await zip.file('word/document.xml')!.async('string')).toContain('Quyết toán kinh phí hoạt động của Tổ Công nghệ số cộng đồng');
    // A settled year takes no more spending.
    expect(await page.getByTestId('add-spending').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('the budget on a phone', () => {
  it('shows the year without cutting or scrolling sideways', async () => {
    const { context, page } = await loggedInPage(chrome.browser, server.url, PHONE, 'kinhte', DEMO_PASSWORD);
    await page.goto('/kinh-phi');
    await page.getByTestId('budget-lines').waitFor();
    await screenshot(page, 'budget-phone-lines');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.goto('/kinh-phi?xem=khoan-chi');
    await page.getByTestId('spending-list').waitFor();
    await screenshot(page, 'budget-phone-spending', false);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await context.close();
  });
});
