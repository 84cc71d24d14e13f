// The commune officer's registry work in the browser, on a desk and on a phone: search
// without diacritics, add a household and a person (confirming a CCCD warning), move a
// person, record a death and a move-out; then the admin finds each change in the audit log.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { DESKTOP, horizontalOverflow, launchBrowser, loggedInPage, openNav, PHONE, pickOrgUnit, pickSelect, screenshot, settled, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';
import { viDate } from '../../src/shared/vietnamese.ts';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
/** An existing household to move someone into. */
let target: { id: string; headName: string; code: string; villageName: string };

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
const today = () => viDate(todayInVietnam()); // dd/mm/yyyy, as the date fields show it

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
  const officer = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  const list = await officer.get<{ items: { id: string; headName: string; code: string; villageName: string }[] }>('/api/households?pageSize=5&q=' + encodeURIComponent('Nông Đức Nam'));
  target = list.items[0] ?? (await officer.get<{ items: typeof list.items }>('/api/households?pageSize=1')).items[0];
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

async function fillDate(page: Page, label: string, value: string) {
  const input = page.getByRole('textbox', { name: label });
  await input.fill(value);
  await input.press('Tab');
}

describe('a commune officer at the desk', () => {
  let page: Page;
  beforeAll(async () => {
    ({ page } = await loggedInPage(browser, server.url, DESKTOP, 'vhxh', DEMO_PASSWORD, { failOnPageError: true }));
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') return screenshot(page, `FAIL-desk-${ctx.task.name.slice(0, 40)}`).then(() => undefined);
  });

  it('finds "Nguyễn Thị Hoà"-style names by typing "nguyen thi hoa"', async () => {
    await page.goto('/nhan-khau');
    await page.getByTestId('people-search').fill('nguyen thi hoa');
    await expect.poll(() => page.getByTestId('people-count').innerText()).toContain('khớp với “nguyen thi hoa”');
    const names = await page.getByTestId('people-list').locator('tbody tr td:first-child a').allInnerTexts();
    expect(names.length).toBeGreaterThan(0);
    // Exact matches (any accent of "hoa") come first, and some carry the diacritics.
    expect(fold(names[0])).toBe('nguyen thi hoa');
    expect(names.some((n) => /Ho[àá]a|Hoà|Hòa/.test(n))).toBe(true);
    await screenshot(page, 'desk-people-search-nguyen-thi-hoa');
  });

  it('adds a household with its head, shows field errors in Vietnamese first', async () => {
    await page.goto('/ho-gia-dinh/them');
    await page.getByRole('button', { name: 'Lưu hộ gia đình' }).click();
    await page.getByText('Chọn thôn.').waitFor();
    await page.getByText('Nhập địa chỉ của hộ.').waitFor();
    await page.getByText('Chọn giới tính.').waitFor();
    await screenshot(page, 'desk-household-create-errors');

    await pickOrgUnit(page, 'household-village', 'Thôn Bản Bó');
    await page.getByRole('textbox', { name: 'Số hộ' }).fill('E2E-01');
    await page.getByRole('textbox', { name: 'Địa chỉ' }).fill('Nhà số 5, đường liên thôn');
    await page.getByRole('textbox', { name: 'Xóm, tổ' }).fill('Xóm Trên');
    await page.getByRole('textbox', { name: 'Số điện thoại của hộ' }).fill('0912 000 111');
    await page.getByRole('textbox', { name: 'Họ và tên' }).fill('Hoàng Văn Thử');
    await page.getByTestId('sex-control').getByText('Nam', { exact: true }).click();
    await fillDate(page, 'Ngày sinh', '15/04/1980');
    await pickSelect(page, 'Dân tộc', 'Tày');
    await page.getByRole('textbox', { name: 'Số CCCD' }).fill('008080123456');
    await page.getByRole('button', { name: 'Lưu hộ gia đình' }).click();
    await page.getByRole('heading', { name: 'Hộ Hoàng Văn Thử' }).waitFor();
    await screenshot(page, 'desk-household-created');
  });

  it('adds a person, confirming the CCCD warning the server raises', async () => {
    await page.getByRole('button', { name: 'Thêm nhân khẩu' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Họ và tên' }).fill('Hoàng Thị Thử Nghiệm');
    await dialog.getByTestId('sex-control').getByText('Nữ', { exact: true }).click();
    await pickSelect(page, 'Quan hệ với chủ hộ', 'Vợ/Chồng');
    await fillDate(page, 'Ngày sinh', '02/09/1982');
    // Digit 4 = 0 means a man born 1900–1999: disagrees with "Nữ", which the officer may confirm.
    await dialog.getByRole('textbox', { name: 'Số CCCD' }).fill('008082654321');
    await dialog.getByRole('button', { name: 'Thêm nhân khẩu' }).click();
    await dialog.getByTestId('cccd-warnings').waitFor();
    await screenshot(page, 'desk-person-cccd-warning', false);
    await dialog.getByRole('button', { name: 'Vẫn lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('member-list').innerText()).toContain('Hoàng Thị Thử Nghiệm');
  });

  it('moves a person to another household, keeping the history', async () => {
    await page.getByTestId('member-list').getByRole('link', { name: 'Hoàng Thị Thử Nghiệm' }).click();
    await page.getByRole('heading', { name: 'Hoàng Thị Thử Nghiệm' }).waitFor();
    await page.getByRole('button', { name: 'Thay đổi cư trú' }).click();
    await page.getByRole('menuitem', { name: 'Chuyển sang hộ khác' }).click();
    const dialog = page.getByRole('dialog');
    const picker = dialog.getByTestId('household-picker');
    await picker.click();
    await picker.fill(fold(target.headName));
    await page.getByRole('option').filter({ hasText: target.headName }).first().click();
    await pickSelect(page, 'Quan hệ với chủ hộ mới', 'Con');
    await dialog.getByRole('textbox', { name: 'Ghi chú' }).fill('Về ở với gia đình');
    await screenshot(page, 'desk-person-move-dialog', false);
    await dialog.getByRole('button', { name: 'Chuyển hộ' }).click();
    await dialog.waitFor({ state: 'detached' });
    const history = page.getByTestId('residence-history');
    await expect.poll(() => history.locator('.mantine-Timeline-item').count()).toBe(2);
    expect(await history.innerText()).toContain('Đang cư trú');
    expect(await history.innerText()).toContain(`Đến ${today()}`);
    await screenshot(page, 'desk-person-after-move');
  });

  it('records the death of the head; the household keeps him as a former member', async () => {
    await page.goto('/ho-gia-dinh?q=' + encodeURIComponent('Hoàng Văn Thử'));
    await page.getByTestId('household-list').getByRole('link', { name: 'Hoàng Văn Thử' }).click();
    await page.getByRole('button', { name: 'Thao tác với Hoàng Văn Thử' }).click();
    await page.getByRole('menuitem', { name: 'Ghi nhận qua đời' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Ngày mất' }).waitFor();
    await dialog.getByRole('textbox', { name: 'Ghi chú' }).fill('Giấy chứng tử số 12/2026');
    await dialog.getByRole('button', { name: 'Ghi nhận qua đời' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Hộ đang chưa có chủ hộ').waitFor();
    await expect.poll(() => page.getByTestId('former-members').innerText()).toContain('Hoàng Văn Thử');
    expect(await page.getByTestId('former-members').innerText()).toContain('Qua đời');
    await screenshot(page, 'desk-household-after-death');

    await page.getByTestId('former-members').getByRole('link', { name: 'Hoàng Văn Thử' }).click();
    await expect.poll(() => page.getByTestId('status-alert').innerText()).toContain('Đã mất');
  });
});

describe('the admin', () => {
  it('sees each of those changes in the audit log, with before and after', async () => {
    const { context, page } = await loggedInPage(browser, server.url, DESKTOP, 'admin', DEMO_PASSWORD);

    await page.goto('/nhat-ky');
    const list = page.getByTestId('audit-list');
    await list.waitFor();
    const text = await list.innerText();
    for (const expected of ['Thêm mới', 'Chuyển hộ', 'Chuyển đi / qua đời', 'Hoàng Văn Thử', 'Hoàng Thị Thử Nghiệm']) expect(text).toContain(expected);
    await screenshot(page, 'desk-audit-log');

    // Filter to moves and open the one we made: its before/after shows the household change.
    await pickSelect(page, 'Hành động', 'Chuyển hộ');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(1);
    await list.getByRole('button', { name: 'Chi tiết' }).click();
    const diff = page.getByTestId('audit-diff');
    await diff.waitFor();
    expect(await diff.innerText()).toContain('Quan hệ với chủ hộ');
    await screenshot(page, 'desk-audit-move-detail', false);
    await context.close();
  });
});

describe('a commune officer on a 360×740 phone', () => {
  it('searches, adds a person and records a move-out with full-screen forms', async () => {
    const { context, page } = await loggedInPage(browser, server.url, PHONE, 'vhxh', DEMO_PASSWORD);
    onTestFailed(() => screenshot(page, 'FAIL-phone-flow', false).then(() => undefined));

    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-home', false);

    await openNav(page);
    await screenshot(page, 'phone-nav-drawer', false);
    await page.getByTestId('main-nav').getByRole('link', { name: 'Nhân khẩu' }).click();
    await page.getByTestId('people-search').fill('nguyen thi hoa');
    await expect.poll(() => page.getByTestId('people-count').innerText()).toContain('khớp');
    expect(await page.getByTestId('list-card').count()).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-people-search', false);

    // Open the household of the first result and add a child there.
    await page.getByTestId('list-card').first().click();
    await page.getByText('Lịch sử cư trú').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-person-detail', false);
    await page.getByRole('link', { name: /^Hộ số/ }).first().click();
    await page.getByTestId('member-list').waitFor();
    await screenshot(page, 'phone-household-detail', false);
    await page.getByRole('button', { name: 'Thêm nhân khẩu' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Họ và tên' }).fill('Lò Văn Điện Thoại');
    await dialog.getByTestId('sex-control').getByText('Nam', { exact: true }).click();
    await pickSelect(page, 'Quan hệ với chủ hộ', 'Cháu');
    await dialog.getByRole('switch', { name: 'Chỉ biết năm sinh' }).check();
    await dialog.getByRole('textbox', { name: 'Năm sinh' }).fill('2015');
    await dialog.getByRole('checkbox', { name: 'Học sinh THCS, THPT' }).check();
    await screenshot(page, 'phone-add-person-dialog', false);
    await dialog.getByRole('button', { name: 'Thêm nhân khẩu' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('member-list').innerText()).toContain('Lò Văn Điện Thoại');

    // The new person moves out of the commune.
    await page.getByTestId('member-list').getByText('Lò Văn Điện Thoại').click();
    await page.getByRole('heading', { name: 'Lò Văn Điện Thoại' }).waitFor();
    await page.getByRole('button', { name: 'Thay đổi cư trú' }).click();
    await page.getByRole('menuitem', { name: 'Ghi nhận chuyển đi' }).click();
    const end = page.getByRole('dialog');
    await end.getByRole('textbox', { name: 'Ghi chú' }).fill('Chuyển đến Hà Nội');
    await screenshot(page, 'phone-end-residence-dialog', false);
    await end.getByRole('button', { name: 'Ghi nhận chuyển đi' }).click();
    await end.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('status-alert').innerText()).toContain('Đã chuyển đi');
    await settled(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-person-moved-out', false);
    await context.close();
  });
});
