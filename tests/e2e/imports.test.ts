// The commune officer brings a messy spreadsheet in through the browser: upload → mapping →
// preview (an unreadable date) → fix → commit → the people are searchable; the same file
// again changes nothing; the import is undone. Then the exports and the QR door cards.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, horizontalOverflow, launchBrowser, loggedInPage, login, newContext, PHONE, screenshot, settled, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
const TMP = path.resolve('.tmp/e2e-imports');
const FILE = path.join(TMP, 'danh-sach-nhan-khau.xlsx');

/** The kind of file a village keeps: a title row, a blank row, then the header; one sheet per village. */
async function makeMessyWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const header = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Chủ hộ', 'Dân tộc'];
  const sheets: Array<[string, Array<Array<string | number | Date>>]> = [
    ['Thôn Nà Pồng', [
      [1, 'Lò Văn Nhập', '05/3/1978', 'Nam', 'Chủ hộ', 'Lò Văn Nhập', 'Tày'],
      [2, 'Hoàng  Thị Nhập', '1980', 'nữ', 'Vợ', 'Lò Văn Nhập', 'Tày'],
      [3, 'Lò Văn Bé', '31/02/2010', 'NAM', 'Con', 'Lò Văn Nhập', 'Tày'],
    ]],
    ['Thôn Bản Bó', [
      [1, 'Nông Văn Xuất', '12-7-1965', 'M', 'Chủ hộ', 'Nông Văn Xuất', 'Tày'],
      [2, 'Nông Thị Xuất', new Date(Date.UTC(1968, 10, 2)), 'F', 'Vợ', 'Nông Văn Xuất', 'Nùng'],
    ]],
  ];
  for (const [name, rows] of sheets) {
    const ws = wb.addWorksheet(name);
    ws.addRow([`DANH SÁCH NHÂN KHẨU ${name.toUpperCase()}`]);
    ws.mergeCells('A1:G1');
    ws.addRow([]);
    ws.addRow(header);
    for (const row of rows) ws.addRow(row);
  }
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  await makeMessyWorkbook(FILE);
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

async function upload(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file-button').click();
  await (await chooser).setFiles(file);
}

async function searchPeople(page: Page, q: string): Promise<string[]> {
  await page.goto(`/nhan-khau?q=${encodeURIComponent(q)}`);
  await settled(page);
  const list = page.getByTestId('people-list');
  if (!(await list.isVisible())) return [];
  return (await list.locator('tbody tr td:first-child a').allInnerTexts()).map((t) => t.trim());
}

describe('import of a messy spreadsheet, at the desk', () => {
  let page: Page;
  let firstImportUrl = '';
  beforeAll(async () => {
    ({ page } = await loggedInPage(browser, server.url, DESKTOP, 'vhxh', DEMO_PASSWORD, { failOnPageError: true }));
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') return screenshot(page, `FAIL-import-${ctx.task.name.slice(0, 40)}`).then(() => undefined);
  });

  it('refuses a file that is not a spreadsheet, in Vietnamese', async () => {
    await page.getByTestId('main-nav').getByRole('link', { name: 'Nhập dữ liệu từ Excel' }).click();
    await page.getByRole('heading', { name: 'Nhập dữ liệu từ Excel' }).waitFor();
    await upload(page, { name: 'danh-sach.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('đây không phải bảng tính') });
    const error = page.getByTestId('import-upload-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/không|tệp/i);
    await screenshot(page, 'desk-import-upload-error');
  });

  it('uploads, shows the guessed mapping of each sheet with its village', async () => {
    await upload(page, FILE);
    await page.waitForURL(/\/nhap-du-lieu\/[0-9a-f-]{36}$/);
    firstImportUrl = new URL(page.url()).pathname;
    const sheets = page.getByTestId('sheet-mapping');
    await expect.poll(() => sheets.count()).toBe(2);
    // The header sits on row 3, under the title; the village comes from the sheet's name.
    const first = sheets.first();
    expect(await first.getByRole('combobox', { name: 'Dòng tiêu đề' }).inputValue()).toMatch(/^Dòng 3/);
    expect(await first.getByRole('combobox', { name: 'Thôn của các dòng' }).inputValue()).toBe('Thôn Nà Pồng');
    expect(await first.getByRole('combobox', { name: /Trường của cột B/ }).inputValue()).toBe('Họ và tên');
    expect(await first.getByRole('combobox', { name: /Trường của cột C/ }).inputValue()).toBe('Ngày sinh');
    await screenshot(page, 'desk-import-1-mapping');
  });

  it('previews: new households and people, the bad date with its row and column', async () => {
    await page.getByTestId('to-preview').click();
    await page.getByTestId('import-summary').waitFor();
    await settled(page);
    expect(await page.getByTestId('sum-new-households').innerText()).toContain('2');
    expect(await page.getByTestId('sum-errors').innerText()).toContain('1');
    const problem = page.getByTestId('problem-row').first();
    expect(await problem.innerText()).toContain('dòng 6');
    expect(await problem.getByTestId('problem-message').first().innerText()).toContain('31/02/2010');
    expect(await page.getByTestId('commit').isDisabled()).toBe(true);
    await screenshot(page, 'desk-import-2-preview-errors');
  });

  it('fixes the date, commits, and the new people are searchable', async () => {
    await page.getByTestId('problem-row').first().getByRole('button', { name: 'Sửa' }).click();
    const date = page.getByRole('dialog').getByRole('textbox', { name: 'Ngày sinh', exact: true });
    await date.fill('28/02/2010');
    await screenshot(page, 'desk-import-3-fix-dialog', false);
    await page.getByTestId('save-fix').click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => (await page.getByTestId('sum-errors').innerText()).replace(/\D/g, '')).toBe('0');
    expect(await page.getByTestId('sum-new-people').innerText()).toContain('5');
    await page.getByTestId('commit').click();
    await page.getByTestId('import-result').waitFor();
    await screenshot(page, 'desk-import-4-result');

    const found = await searchPeople(page, 'lo van be');
    expect(found).toContain('Lò Văn Bé');
    // Double spaces in the file are gone.
    expect(await searchPeople(page, 'hoang thi nhap')).toContain('Hoàng Thị Nhập');
  });

  it('the same file again changes nothing', async () => {
    await page.goto('/nhap-du-lieu');
    await upload(page, FILE);
    await page.waitForURL(/\/nhap-du-lieu\/[0-9a-f-]{36}$/);
    await page.getByTestId('to-preview').click();
    await page.getByTestId('import-summary').waitFor();
    // The unreadable date is in the file still: skip it; everything else is already there.
    await page.getByTestId('skip-all-errors').click();
    await expect.poll(async () => (await page.getByTestId('sum-errors').innerText()).replace(/\D/g, '')).toBe('0');
    expect((await page.getByTestId('sum-new-people').innerText()).replace(/\D/g, '')).toBe('0');
    expect((await page.getByTestId('sum-new-households').innerText()).replace(/\D/g, '')).toBe('0');
    expect((await page.getByTestId('sum-updated').innerText()).replace(/\D/g, '')).toBe('0');
    expect((await page.getByTestId('sum-unchanged').innerText()).replace(/\D/g, '')).toBe('4');
    await page.getByTestId('nothing-changes').waitFor();
    // The skipped row stays listed, and can be taken back.
    expect(await page.getByTestId('skipped-list').innerText()).toContain('dòng 6');
    await screenshot(page, 'desk-import-5-reupload-nothing-changes');
  });

  it('undoes the first import: its people are gone', async () => {
    await page.goto(firstImportUrl);
    await page.getByTestId('undo-import').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Hoàn tác lần nhập' }).click();
    await page.getByTestId('import-undone').waitFor();
    expect(await searchPeople(page, 'lo van be')).not.toContain('Lò Văn Bé');
    await page.goto('/nhap-du-lieu');
    await page.getByTestId('import-history').waitFor();
    expect(await page.getByTestId('import-history').innerText()).toContain('Đã hoàn tác');
    await screenshot(page, 'desk-import-6-history');
  });

  it('exports the people list as filtered to an .xlsx with Vietnamese headers', async () => {
    await page.goto('/nhan-khau?q=nguyen');
    await page.getByTestId('people-list').waitFor();
    await page.getByTestId('export-xlsx').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('export-masked').click();
    const file = path.join(TMP, 'nhan-khau.xlsx');
    await (await download).saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    const rows: string[] = [];
    ws.eachRow((row) => rows.push(JSON.stringify(row.values)));
    const headerIndex = rows.findIndex((r) => r.includes('Họ và tên'));
    expect(headerIndex).toBeGreaterThanOrEqual(0);
    expect(rows.length - headerIndex - 1).toBeGreaterThan(0);
    // Filtered as on screen: every name has "nguyen" in it.
    await page.getByText('Đã xuất Excel').waitFor();
  });
});

describe('QR door cards', () => {
  let village: { id: number; name: string };
  let household: { id: string; cardCode: string };
  let households = 0;
  beforeAll(async () => {
    const officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
    const units = await officer.get<Array<{ id: number; name: string; level: string }> | { items: Array<{ id: number; name: string; level: string }> }>('/api/org-units');
    const list = Array.isArray(units) ? units : units.items;
    village = list.find((u) => u.name === 'Thôn Nà Pồng')!;
    households = (await officer.get<{ total: number }>(`/api/households?villageId=${village.id}&pageSize=1`)).total;
    const one = (await officer.get<{ items: Array<{ id: string }> }>(`/api/households?villageId=${village.id}&pageSize=1`)).items[0];
    const cards = await officer.get<{ items: Array<{ householdId: string; cardCode: string }> }>(`/api/door-cards?householdIds=${one.id}`);
    household = { id: one.id, cardCode: cards.items[0].cardCode };
  });

  it('prints a village\'s cards: one per household, each with its QR image', async () => {
    const { context, page } = await loggedInPage(browser, server.url, DESKTOP, 'vhxh', DEMO_PASSWORD);

    await page.goto(`/ho-gia-dinh?thon=${village.id}`);
    await page.getByTestId('print-cards').click();
    await page.waitForURL(/\/the-qr\?villageId=/);
    const cards = page.getByTestId('door-card');
    await expect.poll(() => cards.count(), { timeout: 20_000 }).toBe(Math.min(households, 500));
    const qr = cards.first().getByTestId('door-card-qr');
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await screenshot(page, 'desk-door-cards', false);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'desk-door-cards-print', false);
    expect(await page.locator('header').first().isVisible()).toBe(false);
    await context.close();
  });

  it('on a phone the cards page fits the screen', async () => {
    const { context, page } = await loggedInPage(browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD);

    await page.goto(`/the-qr?householdIds=${household.id}`);
    await page.getByTestId('door-card').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-door-card');
    await context.close();
  });

  it('a scanned card opens the household, after login when needed', async () => {
    const context = await newContext(browser, server.url, PHONE);
    const page = await context.newPage();
    await page.goto(`/q/${household.cardCode}`);
    await page.waitForURL(/\/dang-nhap\?tiep=/);
    await page.getByLabel('Tên đăng nhập hoặc số điện thoại').fill('vhxh');
    await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(new RegExp(`/ho-gia-dinh/${household.id}$`));
    await page.goto(`/q/${household.cardCode}`);
    await page.waitForURL(new RegExp(`/ho-gia-dinh/${household.id}$`));
    await page.goto('/q/khong-co-ma-nay');
    await page.getByTestId('not-found').waitFor();
    await context.close();
  });
});

describe('the import wizard on a phone', () => {
  it('does not overflow the screen at any step', async () => {
    const { context, page } = await loggedInPage(browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD);

    await page.goto('/nhap-du-lieu');
    await page.getByTestId('import-dropzone').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-import-0-upload');
    await upload(page, FILE);
    await page.waitForURL(/\/nhap-du-lieu\/[0-9a-f-]{36}$/);
    await page.getByTestId('sheet-mapping').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-import-1-mapping');
    await page.getByTestId('to-preview').click();
    await page.getByTestId('import-summary').waitFor();
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-import-2-preview');
    await context.close();
  });
});
