// Reports in the browser, the way the chain works: the village head writes this month's report
// and saves it (it cannot be submitted before the month ends, and the page says so); answers
// the office's comment on last month's report (the demo returns it) and submits it again;
// Phòng VH-XH sees it in the month's overview, returns it with a comment; the village head
// reads the comment, edits, resubmits; the office accepts it; the history shows every step;
// the .docx and .xlsx download. A save against a stale version is refused and said plainly.
// The province sees which communes have sent; phone layout fits. The demo is seeded on the
// day the test runs (DEMO_TODAY unset), so every date below is relative to today.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, launchBrowser, login, newContext, pickSelect, screenshot, settled, type BrowserHandle } from './browser.ts';
import { apiAs, DEMO_ACCOUNTS, DEMO_PASSWORD, startE2EServer, type E2EServer } from './server.ts';
import { todayInVietnam } from '../../src/shared/calendar.ts';

type View = { id: string; status: string; version: number; resultsText: string; difficultiesText: string; proposalsText: string; events: Array<{ action: string; comment: string | null; accountName: string }> };

const now = todayInVietnam().split('-').map(Number);
const YEAR = now[0]!;
const MONTH = now[1]!;
const DAY = now[2]!;
const before = (m: { year: number; month: number }) => (m.month === 1 ? { year: m.year - 1, month: 12 } : { year: m.year, month: m.month - 1 });
const LAST_MONTH = before({ year: YEAR, month: MONTH });
const MONTH_BEFORE = before(LAST_MONTH);
/** A month the demo has no commune report for: the office writes one in a test. */
const EARLIER_MONTH = before(MONTH_BEFORE);
const NEXT_MONTH = MONTH === 12 ? { year: YEAR + 1, month: 1 } : { year: YEAR, month: MONTH + 1 };
const pad2 = (n: number) => String(n).padStart(2, '0');
const LAST_MONTH_LABEL = `Tháng ${pad2(LAST_MONTH.month)}/${LAST_MONTH.year}`;
/** How the demo's office begins its comment on Thôn Bản Bó's report of last month (src/demo/seed-reports.ts). */
const DEMO_RETURN = 'Đề nghị thôn bổ sung số hộ chưa có điện thoại thông minh';
/** As the pages print a moment: DD/MM/YYYY HH:mm in Vietnam. */
const viDateTime = (iso: string) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};

const TEXTS = {
  results: 'Tổ CNSCĐ thôn Bản Bó đã đến từng hộ, cài đặt VNeID mức 2 cho người dân; hướng dẫn nộp hồ sơ trực tuyến.',
  difficulties: 'Sóng điện thoại yếu ở khu Nà Rầy; nhiều người cao tuổi chưa có điện thoại thông minh.',
  proposals: 'Đề nghị xã hỗ trợ thêm 02 điện thoại cho Tổ và mở lớp tập huấn kỹ năng số trong tháng tới.',
};
const nameOf = (username: string) => DEMO_ACCOUNTS.find((a) => a.username === username)!.fullName;
const RETURN_COMMENT = 'Bổ sung số hộ chưa cài VNeID và lý do ở mục khó khăn.';
const ADDED = ' Còn 12 hộ chưa cài VNeID do vắng nhà đi làm ăn xa.';

let server: E2EServer;
let chrome: BrowserHandle;
let browser: Browser;
let reportId: string;

/**
 * The demo's office returns Thôn Bản Bó's report of last month on the 3rd. On the first days
 * of a month the demo has not got that far: do through the API what it would have done.
 */
async function ensureDemoReturned() {
  const head = await apiAs(server.url, 'truongthon1', DEMO_PASSWORD);
  let report = await head.post<View>('/api/reports/open', { kind: 'village_monthly', orgUnitId: head.me.orgUnit.id, ...LAST_MONTH });
  if (report.status === 'returned') return;
  if (report.status === 'draft') report = await head.post<View>(`/api/reports/${report.id}/submit`, { version: report.version });
  const office = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
  await office.post(`/api/reports/${report.id}/return`, { version: report.version, comment: `${DEMO_RETURN} ở mục Khó khăn, vướng mắc.` });
}

beforeAll(async () => {
  server = await startE2EServer();
  chrome = await launchBrowser();
  browser = chrome.browser;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

async function pageAs(username: string, viewport = DESKTOP): Promise<Page> {
  const context = await newContext(browser, server.url, viewport);
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await login(page, username, DEMO_PASSWORD);
  return page;
}

const pages: Page[] = [];
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') {
    for (const [i, page] of pages.entries()) await screenshot(page, `FAIL-reports-${i}-${ctx.task.name.slice(0, 30)}`).catch(() => undefined);
  }
});

/**
 * The page's width. A phone zooms out to fit content wider than the screen, so the window
 * grows with it and scrollWidth - innerWidth stays 0: compare with the screen instead.
 */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const statusOf = (page: Page) => page.getByTestId('report-status').first().innerText();
const textArea = (page: Page, label: string) => page.getByRole('textbox', { name: label, exact: true });

async function openReports(page: Page, query = '') {
  await page.goto(`/bao-cao${query}`);
  await page.getByRole('heading', { name: 'Báo cáo', exact: true }).waitFor();
  await settled(page);
}

async function confirm(page: Page, button: string) {
  // The dialog holding the button: another (a result) may open as this one closes.
  const dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: button, exact: true }) });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('a village report from writing to acceptance', () => {
  let head: Page;
  let office: Page;
  beforeAll(async () => {
    head = await pageAs('truongthon1');
    office = await pageAs('vhxh');
    pages.push(head, office);
  });

  it('the village head writes this month\'s report and saves it; it cannot be submitted before the month ends', async () => {
    const nav = head.getByTestId('main-nav');
    await nav.getByRole('link', { name: 'Báo cáo' }).click();
    await head.getByRole('heading', { name: 'Báo cáo', exact: true }).waitFor();
    const card = head.getByTestId('report-card-month');
    expect(await card.innerText()).toContain(`Tháng ${MONTH}/${YEAR}`);
    await card.getByRole('button', { name: 'Bắt đầu viết' }).click();
    await head.waitForURL(/\/bao-cao\/[0-9a-f-]{36}$/);
    await head.getByTestId('report-figures').waitFor();
    expect(await statusOf(head)).toBe('Đang soạn');
    expect(await head.getByTestId('report-frozen').innerText()).toMatch(/Số liệu chốt lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}; dữ liệu thay đổi sau đó không làm đổi báo cáo đã nộp/);
    // The eight indicators and the support given, as the document prints them.
    expect(await head.getByTestId('report-indicators').locator('tbody tr').count()).toBe(8);
    expect(await head.getByTestId('report-support').innerText()).toContain('Lượt hỗ trợ');

    await textArea(head, 'Kết quả nổi bật (lời văn)').fill(TEXTS.results);
    expect(await head.getByTestId('report-counter-resultsText').innerText()).toBe(`${TEXTS.results.length}/4.000 ký tự`);
    await textArea(head, 'Khó khăn, vướng mắc').fill(TEXTS.difficulties);
    await textArea(head, 'Đề xuất, kiến nghị').fill(TEXTS.proposals);
    const actions = head.getByTestId('report-actions');
    expect(await actions.innerText()).toContain('Có nội dung chưa lưu');
    await actions.getByRole('button', { name: 'Lưu nháp' }).click();
    await head.getByText('Đã lưu nháp báo cáo.').waitFor();
    expect(await actions.getByRole('button', { name: 'Lưu nháp' }).isDisabled()).toBe(true);
    // Submitting waits for the month's end; the button says why it is off, in the server's words.
    expect(await actions.getByRole('button', { name: 'Nộp báo cáo' }).isDisabled()).toBe(true);
    expect(await head.getByTestId('report-submit-block').innerText()).toBe(
      `Tháng ${pad2(MONTH)}/${YEAR} chưa kết thúc: nộp từ ngày 01/${pad2(NEXT_MONTH.month)}/${NEXT_MONTH.year}, sau khi tính lại số liệu.`,
    );

    await head.reload();
    await head.getByTestId('report-figures').waitFor();
    expect(await textArea(head, 'Khó khăn, vướng mắc').inputValue()).toBe(TEXTS.difficulties);
    await screenshot(head, 'reports-village-draft-desk');

    // Recomputing is an explicit act, confirmed, and says what changed (nothing has since opening).
    await head.getByRole('button', { name: 'Tính lại số liệu' }).click();
    await confirm(head, 'Tính lại');
    const result = head.getByRole('dialog').filter({ hasText: 'Đã tính lại số liệu' });
    await result.waitFor();
    expect(await result.getByTestId('recompute-changes').innerText()).toContain('Không có thay đổi');
    await result.getByRole('button', { name: 'Đóng' }).last().click();
    await result.waitFor({ state: 'detached' });
    const events = await head.getByTestId('report-event').allInnerTexts();
    expect(events.some((e) => e.startsWith('Tính lại số liệu'))).toBe(true);
  });

  it('a save against a version changed elsewhere is refused and said plainly; saving again works', async () => {
    const id = head.url().split('/').pop()!;
    const other = await apiAs(server.url, 'truongthon1', DEMO_PASSWORD);
    const before = await other.get<View>(`/api/reports/${id}`);
    // Another device recomputes the figures: the version moves on.
    await other.post(`/api/reports/${id}/recompute`, { version: before.version });
    await textArea(head, 'Đề xuất, kiến nghị').fill(`${TEXTS.proposals} Xin cảm ơn.`);
    await head.getByTestId('report-actions').getByRole('button', { name: 'Lưu nháp' }).click();
    await head.getByText('Báo cáo đã thay đổi').waitFor();
    expect(await head.getByText(/thay đổi ở nơi khác/).innerText()).toContain('nội dung bạn vừa gõ vẫn còn');
    expect(await textArea(head, 'Đề xuất, kiến nghị').inputValue()).toBe(`${TEXTS.proposals} Xin cảm ơn.`);
    await settled(head);
    await head.getByTestId('report-actions').getByRole('button', { name: 'Lưu nháp' }).click();
    await head.getByText('Đã lưu nháp báo cáo.').waitFor();
    expect((await other.get<View>(`/api/reports/${id}`)).proposalsText).toBe(`${TEXTS.proposals} Xin cảm ơn.`);
  });

  it('the village head finds last month\'s report returned by the office, answers the comment and submits it again', async () => {
    await ensureDemoReturned();
    await openReports(head);
    const card = head.getByTestId('report-card-last-month');
    expect(await card.innerText()).toContain(`Tháng ${LAST_MONTH.month}/${LAST_MONTH.year}`);
    expect(await card.innerText()).toContain(DEMO_RETURN);
    await card.getByRole('button', { name: 'Sửa và nộp lại' }).click();
    await head.waitForURL(/\/bao-cao\/[0-9a-f-]{36}$/);
    reportId = head.url().split('/').pop()!;
    await head.getByTestId('report-figures').waitFor();
    expect(await head.getByTestId('report-returned').innerText()).toContain(DEMO_RETURN);
    await textArea(head, 'Kết quả nổi bật (lời văn)').fill(TEXTS.results);
    await textArea(head, 'Khó khăn, vướng mắc').fill(TEXTS.difficulties);
    await textArea(head, 'Đề xuất, kiến nghị').fill(TEXTS.proposals);
    // Submitting saves the typed text first.
    await head.getByTestId('report-actions').getByRole('button', { name: 'Nộp lại' }).click();
    await confirm(head, 'Nộp báo cáo');
    await head.getByText('Đã nộp báo cáo.').waitFor();
    expect(await statusOf(head)).toBe('Đã nộp, chờ duyệt');
    expect(await head.getByTestId('report-actions').count()).toBe(0);
    expect(await head.getByRole('textbox', { name: 'Khó khăn, vướng mắc' }).count()).toBe(0);
    expect(await head.getByTestId('report-text-difficultiesText').innerText()).toContain(TEXTS.difficulties);
  });

  it('Phòng VH-XH sees it submitted in last month\'s overview and returns it with a comment', async () => {
    // The overview opens on last month, the reports being submitted and reviewed now.
    await openReports(office);
    await office.getByRole('heading', { name: `Báo cáo tháng ${LAST_MONTH.month}/${LAST_MONTH.year} của các thôn` }).waitFor();
    const overview = office.getByTestId('report-overview');
    const row = overview.locator('tr', { hasText: 'Thôn Bản Bó' });
    await expect.poll(() => row.innerText()).toContain('Đã nộp, chờ duyệt');
    expect(await overview.locator('tbody tr').count()).toBe(16);
    // The counts are those of the villages' reports as the server has them.
    const api = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
    const villages = await api.get<Array<{ status: string | null; late: boolean; submittedLate: boolean }>>(
      `/api/reports/overview?kind=village_monthly&year=${LAST_MONTH.year}&month=${LAST_MONTH.month}`,
    );
    const sent = villages.filter((v) => v.status !== null && ['submitted', 'accepted'].includes(v.status)).length;
    expect(sent).toBeGreaterThanOrEqual(1); // ours, and from the 3rd the demo's own
    expect(await office.getByTestId('count-sent').innerText()).toContain(String(sent));
    expect(await office.getByTestId('count-missing').innerText()).toContain(String(villages.filter((v) => v.status !== 'returned').length - sent));
    expect(await office.getByTestId('count-late').innerText()).toContain(String(villages.filter((v) => v.late || v.submittedLate).length));
    await screenshot(office, 'reports-commune-overview-desk');

    await row.getByRole('link', { name: 'Mở' }).click();
    await office.waitForURL(`**/bao-cao/${reportId}`);
    await office.getByTestId('report-figures').waitFor();
    expect(await office.getByTestId('report-text-resultsText').innerText()).toContain(TEXTS.results);
    const actions = office.getByTestId('report-actions');
    expect(await actions.getByRole('button', { name: 'Tiếp nhận' }).isVisible()).toBe(true);
    expect(await actions.getByRole('button', { name: 'Duyệt và gửi Sở' }).count()).toBe(0);
    await actions.getByRole('button', { name: 'Trả lại' }).click();
    const dialog = office.getByRole('dialog');
    // The comment is required.
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await dialog.getByText('Ghi rõ lý do trả lại.').waitFor();
    await dialog.getByRole('textbox', { name: 'Lý do trả lại' }).fill(RETURN_COMMENT);
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await dialog.waitFor({ state: 'detached' });
    await office.getByText('Đã trả lại báo cáo kèm lý do.').waitFor();
    expect(await statusOf(office)).toBe('Bị trả lại');
  });

  it('the village head sees the comment, edits and resubmits', async () => {
    await openReports(head);
    await head.getByText(/\d+ báo cáo bị trả lại/).waitFor();
    const card = head.getByTestId('report-card-last-month');
    expect(await card.innerText()).toContain(RETURN_COMMENT);
    await card.getByRole('button', { name: 'Sửa và nộp lại' }).click();
    await head.waitForURL(`**/bao-cao/${reportId}`);
    expect(await head.getByTestId('report-returned').innerText()).toContain(RETURN_COMMENT);
    const difficulties = textArea(head, 'Khó khăn, vướng mắc');
    await difficulties.fill(TEXTS.difficulties + ADDED);
    await head.getByTestId('report-actions').getByRole('button', { name: 'Nộp lại' }).click();
    await confirm(head, 'Nộp báo cáo');
    await head.getByText('Đã nộp báo cáo.').waitFor();
    expect(await statusOf(head)).toBe('Đã nộp, chờ duyệt');
    expect(await head.getByTestId('report-text-difficultiesText').innerText()).toContain(ADDED.trim());
  });

  it('Phòng VH-XH accepts it; the history shows every step with who; Word and Excel download', async () => {
    await office.goto(`/bao-cao/${reportId}`);
    await office.getByTestId('report-figures').waitFor();
    expect(await office.getByTestId('report-text-difficultiesText').innerText()).toContain(ADDED.trim());
    await office.getByTestId('report-actions').getByRole('button', { name: 'Tiếp nhận' }).click();
    await confirm(office, 'Tiếp nhận');
    await office.getByText('Đã tiếp nhận báo cáo.').waitFor();
    expect(await statusOf(office)).toBe('Đã tiếp nhận');
    expect(await office.getByTestId('report-actions').count()).toBe(0);

    const events = (await office.getByTestId('report-event').allInnerTexts()).filter((t) => !t.startsWith('Lưu nháp'));
    // The demo's first round (written, submitted, returned on the 3rd), then the test's two.
    expect(events.map((t) => t.split('\n')[0]!.trim())).toEqual(['Tạo báo cáo', 'Nộp báo cáo', 'Trả lại', 'Nộp báo cáo', 'Trả lại', 'Nộp báo cáo', 'Tiếp nhận']);
    const [created, submitted, demoReturned, resubmitted, returned, again, accepted] = events;
    for (const step of [created, submitted, resubmitted, again]) expect(step).toContain(nameOf('truongthon1'));
    for (const step of [demoReturned, returned, accepted]) expect(step).toContain(nameOf('vhxh'));
    expect(demoReturned).toContain(DEMO_RETURN);
    expect(returned).toContain(RETURN_COMMENT);
    for (const step of events) expect(step).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await screenshot(office, 'reports-village-accepted-desk');

    for (const [button, ext] of [['Tải Word (.docx)', '.docx'], ['Tải Excel (.xlsx)', '.xlsx']] as const) {
      const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('button', { name: button }).click()]);
      expect(download.suggestedFilename().endsWith(ext)).toBe(true);
      const file = await download.path();
      expect(file).toBeTruthy();
    }

    // The village head sees it accepted, out of the cards and in the list.
    await openReports(head);
    await expect.poll(() => head.getByTestId('report-card-last-month').count()).toBe(0);
    expect(await head.getByTestId('report-list').locator('tr', { hasText: LAST_MONTH_LABEL }).innerText()).toContain('Đã tiếp nhận');
  });
});

describe('the province and the phone', () => {
  it('the province sees which communes have sent, opens a sent report read-only and downloads it; this month none yet', async () => {
    const page = await pageAs('so');
    pages.push(page);
    await openReports(page);
    expect(await page.getByRole('button', { name: 'Báo cáo đột xuất' }).count()).toBe(0);
    // Last month is shown first. The demo commune sends its report on the 5th: before then the
    // latest it has sent is the month before's.
    const overview = page.getByTestId('report-overview');
    await expect.poll(() => overview.innerText()).toContain('Xã Bạch Ngọc');
    if (DAY <= 5) {
      if (MONTH_BEFORE.year !== LAST_MONTH.year) await pickSelect(page, 'Năm', String(MONTH_BEFORE.year));
      await pickSelect(page, 'Tháng', `Tháng ${MONTH_BEFORE.month}`);
    }
    const row = overview.locator('tr', { hasText: 'Xã Bạch Ngọc' });
    await expect.poll(() => row.innerText()).toContain('Đã duyệt, gửi Sở KH&CN');
    expect(await page.getByTestId('count-sent').innerText()).toContain('1');
    await screenshot(page, 'reports-province-desk');
    await row.getByRole('link', { name: 'Mở' }).click();
    await page.getByTestId('report-figures').waitFor();
    expect(await page.getByTestId('report-villages').locator('tbody tr').count()).toBe(17);
    expect(await page.getByTestId('report-actions').count()).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải Word (.docx)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    await screenshot(page, 'reports-commune-sent-desk');
    await page.goBack();
    if (YEAR !== (DAY <= 5 ? MONTH_BEFORE : LAST_MONTH).year) await pickSelect(page, 'Năm', String(YEAR));
    await pickSelect(page, 'Tháng', `Tháng ${MONTH}`);
    await expect.poll(() => page.getByTestId('report-overview').locator('tr', { hasText: 'Xã Bạch Ngọc' }).innerText()).toContain('Chưa gửi');
    expect(await page.getByTestId('count-missing').innerText()).toContain('1');
  });

  it('the commune leader finds the commune\'s report waiting first and approves it for the province', async () => {
    // The office writes the commune's report of a month the demo has none for, three months ago,
    // and submits it (through the API: the page's part is shown above).
    const office = await apiAs(server.url, 'vhxh', DEMO_PASSWORD);
    const { year, month } = EARLIER_MONTH;
    const opened = await office.post<View>('/api/reports/open', { kind: 'commune_monthly', orgUnitId: office.me.orgUnit.id, year, month });
    await office.post(`/api/reports/${opened.id}/submit`, { version: opened.version });

    const page = await pageAs('lanhdao');
    pages.push(page);
    await openReports(page);
    const waiting = page.getByTestId('reports-waiting');
    await expect.poll(() => waiting.getByRole('heading').innerText()).toBe('Chờ lãnh đạo duyệt (1)');
    await waiting.getByText(new RegExp(`Tháng 0?${month}/${year}`)).click();
    await page.waitForURL(`**/bao-cao/${opened.id}`);
    await page.getByTestId('report-village-reports').waitFor();
    const actions = page.getByTestId('report-actions');
    expect(await actions.getByRole('button', { name: 'Tiếp nhận' }).count()).toBe(0);
    await actions.getByRole('button', { name: 'Duyệt và gửi Sở' }).click();
    await confirm(page, 'Duyệt và gửi Sở');
    await page.getByText('Đã duyệt báo cáo và gửi Sở KH&CN.').waitFor();
    expect(await statusOf(page)).toBe('Đã duyệt, gửi Sở KH&CN');
    await openReports(page);
    await expect.poll(() => page.getByTestId('reports-waiting').getByRole('heading').innerText()).toBe('Chờ lãnh đạo duyệt (0)');

    // The province sees it with the time the leader sent it, and that it came in after the 5th of the month after.
    const so = await apiAs(server.url, 'so', DEMO_PASSWORD);
    const rows = await so.get<Array<{ name: string; submittedAt: string | null; sentAt: string | null; submittedLate: boolean }>>(`/api/reports/overview?kind=commune_monthly&year=${year}&month=${month}`);
    const ours = rows.find((r) => r.name === 'Bạch Ngọc')!;
    expect(ours).toMatchObject({ sentAt: expect.any(String), submittedLate: true });
    for (const [viewport, name] of [[DESKTOP, 'reports-province-sent-desk'], [PHONE, 'reports-province-sent-phone']] as const) {
      const province = await pageAs('so', viewport);
      pages.push(province);
      await openReports(province, `?thang=${month}&nam=${year}`);
      const overview = province.getByTestId('report-overview');
      const row = viewport === DESKTOP ? overview.locator('tr', { hasText: 'Xã Bạch Ngọc' }) : overview.getByTestId(/^overview-/).filter({ hasText: 'Xã Bạch Ngọc' });
      await expect.poll(() => row.innerText()).toContain('Đã duyệt, gửi Sở KH&CN');
      const text = await row.innerText();
      expect(text).toContain(viDateTime(ours.sentAt!));
      if (viDateTime(ours.sentAt!) !== viDateTime(ours.submittedAt!)) expect(text).not.toContain(viDateTime(ours.submittedAt!));
      expect(text).toMatch(/nộp trễ/i);
      if (viewport === DESKTOP) expect(await overview.locator('th').allTextContents()).toContain('Gửi lúc');
      expect(await pageWidth(province)).toBeLessThanOrEqual(viewport.width);
      await screenshot(province, name);
    }
  });

  it('the commune office opens an ad-hoc report for a quarter; a period not starting on the 1st is refused by name', async () => {
    const page = await pageAs('vhxh');
    pages.push(page);
    await openReports(page);
    await page.getByRole('button', { name: 'Báo cáo đột xuất' }).click();
    const dialog = page.getByRole('dialog');
    const from = dialog.getByRole('textbox', { name: 'Từ ngày' });
    const to = dialog.getByRole('textbox', { name: 'Đến ngày' });
    // Clicking the dialog's text leaves an input (its calendar closes, the typed date is read).
    const away = () => dialog.getByText(/^Báo cáo của xã cho khoảng thời gian/).click();
    await from.fill('15/07/2026');
    await away();
    await to.fill('30/09/2026');
    await away();
    await dialog.getByRole('button', { name: 'Tạo báo cáo' }).click();
    await dialog.getByText('Kỳ báo cáo đột xuất bắt đầu từ ngày đầu một tháng.').waitFor();
    await from.fill('01/07/2026');
    await away();
    await screenshot(page, 'reports-adhoc-dialog-desk', false);
    await dialog.getByRole('button', { name: 'Tạo báo cáo' }).click();
    await page.waitForURL(/\/bao-cao\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Báo cáo đột xuất của xã' }).waitFor();
    expect(await page.getByText('01/07/2026 – 30/09/2026').count()).toBeGreaterThan(0);
    expect(await statusOf(page)).toBe('Đang soạn');
    // A quarter's counts come month by month.
    expect(await page.getByTestId('report-support').innerText()).toContain('Lượt hỗ trợ');
    expect(await page.getByRole('row', { name: /^07\/2026/ }).count()).toBe(1);
  });

  it('the village head\'s pages fit a phone', async () => {
    const page = await pageAs('truongthon1', PHONE);
    pages.push(page);
    await openReports(page);
    await page.getByTestId('report-card-month').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'reports-village-list-phone');
    await page.getByTestId('report-card-month').getByRole('button', { name: 'Viết tiếp' }).click();
    await page.getByTestId('report-figures').waitFor();
    await settled(page);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.getByTestId('report-submit-block').innerText()).toMatch(/^Tháng \d{2}\/\d{4} chưa kết thúc: nộp từ ngày /);
    // The actions stay at the bottom of the screen while the report scrolls.
    const bar = await page.getByTestId('report-actions').boundingBox();
    expect(bar && bar.y + bar.height).toBeGreaterThan(PHONE.height - 20);
    expect(bar && bar.y + bar.height).toBeLessThanOrEqual(PHONE.height + 1);
    await screenshot(page, 'reports-village-draft-phone-top', false);
    await screenshot(page, 'reports-village-draft-phone');
    await page.goto(`/bao-cao/${reportId}`);
    await page.getByTestId('report-history').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'reports-village-accepted-phone');

    const office = await pageAs('vhxh', PHONE);
    pages.push(office);
    await openReports(office);
    await office.getByTestId('report-overview').waitFor();
    expect(await pageWidth(office)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(office, 'reports-commune-overview-phone');
  });
});
