// The commune officer brings a messy spreadsheet in through the browser: upload → mapping →
// preview (an unreadable date) → fix → commit → the people are searchable; the same file
// again changes nothing; the import is undone. A file whose head rows are refused: their
// members wait, named, through "skip every error row", and the officer attaches them to
// another household or makes one the head. The template downloads from the import page.
// Then the exports and the QR door cards.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, horizontalOverflow, launchBrowser, loggedInPage, login, newContext, PHONE, screenshot, settled, SMALL_DESKTOP, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
const TMP = path.resolve('.tmp/e2e-imports');
const FILE = path.join(TMP, 'danh-sach-nhan-khau.xlsx');
const HEADS_FILE = path.join(TMP, 'chu-ho-loi.xlsx');

/**
 * Grouped by relation: a head written twice (same ID number) with two children after the
 * second copy, and a head with an impossible date with his wife after him.
 */
async function makeRefusedHeadsWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Thôn Nà Pồng');
  ws.addRow(['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Quan hệ với chủ hộ']);
  ws.addRow([1, 'Đàm Văn Thuận', '05/03/1971', 'Nam', '008071009901', 'Chủ hộ']);
  ws.addRow([2, 'Đàm Thị Loan', '12/05/1973', 'Nữ', null, 'Vợ']);
  ws.addRow([3, 'Đàm Văn Thuận', '05/03/1971', 'Nam', '008071009901', 'Chủ hộ']);
  ws.addRow([4, 'Đàm Thị Nhung', '01/09/2002', 'Nữ', null, 'Con gái']);
  ws.addRow([5, 'Đàm Văn Tiến', '02/02/2004', 'Nam', null, 'Con trai']);
  ws.addRow([6, 'La Văn Sáng', '31/02/1980', 'Nam', null, 'Chủ hộ']);
  ws.addRow([7, 'La Thị Hiền', '1982', 'Nữ', null, 'Vợ']);
  await wb.xlsx.writeFile(file);
}

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
  await makeRefusedHeadsWorkbook(HEADS_FILE);
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

describe('rows whose head is refused, at a 1280 px desk', () => {
  let page: Page;
  const digits = async (testId: string) => (await page.getByTestId(testId).innerText()).replace(/\D/g, '');
  const waitingRow = (row: number) => page.locator(`[data-testid="waiting-row"][data-row="${row}"]`);
  beforeAll(async () => {
    ({ page } = await loggedInPage(browser, server.url, SMALL_DESKTOP, 'vhxh', DEMO_PASSWORD, { failOnPageError: true }));
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') return screenshot(page, `FAIL-import-heads-${ctx.task.name.slice(0, 40)}`).then(() => undefined);
  });

  it('offers the template on the import page: the importer\'s headers and two example rows', async () => {
    await page.goto('/nhap-du-lieu');
    const button = page.getByTestId('import-template');
    await button.waitFor();
    const download = page.waitForEvent('download');
    await button.click();
    const file = path.join(TMP, 'mau.xlsx');
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/^Mẫu nhập danh sách - .*\.xlsx$/);
    await saved.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('Danh sách')!;
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([
      'STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CCCD', 'Quan hệ với chủ hộ', 'Số hộ', 'Thôn', 'Xóm', 'Địa chỉ', 'Dân tộc', 'Số điện thoại', 'Ghi chú',
    ]);
    expect([sheet.getCell('B5').value, sheet.getCell('B6').value]).toEqual(['Nguyễn Văn A', 'Trần Thị B']);
    await screenshot(page, 'desk-import-0-upload-template', false);
  });

  it('names the members waiting on each refused head; the counts add up to the file\'s rows', async () => {
    await upload(page, HEADS_FILE);
    await page.waitForURL(/\/nhap-du-lieu\/[0-9a-f-]{36}$/);
    await page.getByTestId('to-preview').click();
    await page.getByTestId('import-summary').waitFor();
    await settled(page);
    expect(await digits('sum-waiting')).toBe('3');
    expect(await digits('sum-errors')).toBe('2');
    expect(await page.getByTestId('sum-rows').innerText()).toBe('7 dòng dữ liệu trong tệp = 2 mới + 3 chờ chọn hộ + 2 lỗi');
    const card = page.getByTestId('waiting-rows');
    expect(await card.getByTestId('waiting-row').count()).toBe(3);
    expect(await waitingRow(5).innerText()).toContain('chủ hộ «Đàm Văn Thuận» (dòng 4) có lỗi');
    // The refused head says which rows wait on it.
    expect(await page.getByTestId('problem-list').innerText()).toContain('dòng 5 và dòng 6 cùng hộ đang chờ dòng này');
    expect(await page.getByTestId('commit').isDisabled()).toBe(true);
    await screenshot(page, 'desk-import-7-waiting-rows');
  });

  it('"skip every error row" skips the two refused heads only: the three members still wait', async () => {
    await page.getByTestId('skip-all-errors').click();
    await expect.poll(() => digits('sum-skipped')).toBe('2');
    expect(await digits('sum-waiting')).toBe('3');
    expect(await page.getByTestId('sum-rows').innerText()).toBe('7 dòng dữ liệu trong tệp = 2 mới + 3 chờ chọn hộ + 2 bỏ qua');
    await page.getByText('3 dòng không lỗi mất chủ hộ và đang chờ bạn chọn hộ').waitFor();
    expect(await waitingRow(8).innerText()).toContain('chủ hộ «La Văn Sáng» (dòng 7) đã bị bỏ qua');
    expect(await page.getByTestId('commit-blocked').innerText()).toContain('Còn 3 dòng chưa có hộ');
    expect(await page.getByTestId('commit').isDisabled()).toBe(true);
  });

  it('attaches the children to their father\'s household and makes the wife the head, then commits', async () => {
    for (const row of [5, 6]) {
      await waitingRow(row).getByRole('combobox', { name: `Gắn dòng ${row} vào hộ` }).click();
      const option = page.getByRole('option', { name: /chủ hộ Đàm Văn Thuận/ });
      await option.waitFor();
      await option.click();
      // After the choice: an open Mantine list is a scroll area axe asks to be focusable.
      if (row === 5) await screenshot(page, 'desk-import-8-join-household', false);
      await expect.poll(() => waitingRow(row).getByTestId('household-choice').innerText().catch(() => '')).toBe('✓ Đã gắn vào hộ của «Đàm Văn Thuận» (dòng 2)');
    }
    await waitingRow(8).getByRole('button', { name: 'Làm chủ hộ' }).click();
    await expect.poll(() => waitingRow(8).getByTestId('household-choice').innerText().catch(() => '')).toBe('✓ Đã chọn làm chủ hộ');
    await expect.poll(() => page.getByTestId('sum-rows').innerText()).toBe('7 dòng dữ liệu trong tệp = 5 mới + 2 bỏ qua');
    expect(await digits('sum-new-households')).toBe('2');
    await screenshot(page, 'desk-import-9-households-chosen');
    await page.getByTestId('commit').click();
    await page.getByTestId('import-result').waitFor();

    const officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
    const people = await officer.get<{ items: Array<{ fullName: string; householdId: string }> }>(`/api/people?q=${encodeURIComponent('Đàm')}&pageSize=50`);
    const household = (name: string) => people.items.find((p) => p.fullName === name)?.householdId;
    expect(household('Đàm Thị Nhung')).toBe(household('Đàm Văn Thuận'));
    expect(household('Đàm Văn Tiến')).toBe(household('Đàm Văn Thuận'));
    const hien = await officer.get<{ items: Array<{ fullName: string; relationToHead: string }> }>(`/api/people?q=${encodeURIComponent('La Thị Hiền')}`);
    expect(hien.items.map((p) => [p.fullName, p.relationToHead])).toEqual([['La Thị Hiền', 'head']]);
  });

  it('on a phone the waiting rows and their choices fit the screen', async () => {
    const { context, page: phone } = await loggedInPage(browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD);
    await phone.goto('/nhap-du-lieu');
    await upload(phone, HEADS_FILE);
    await phone.waitForURL(/\/nhap-du-lieu\/[0-9a-f-]{36}$/);
    await phone.getByTestId('to-preview').click();
    await phone.getByTestId('waiting-rows').waitFor();
    await settled(phone);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'phone-import-3-waiting-rows');
    await context.close();
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
