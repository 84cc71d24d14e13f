// The communication part of a report: the khoản "Thông tin, tuyên truyền" of section I (what
// the .docx prints) and the "Truyền thông" sheet of the .xlsx, both from the figures frozen
// with the report. "Chưa có số liệu" only where the period truly has none.
import type { Worksheet } from 'exceljs';
import {
  COMM_CHANNEL_LABELS,
  COMM_CHANNELS,
  formatAirtime,
  type CommChannelCounts,
  type CommCounts,
  type CommFigures,
} from '../../../shared/communication.ts';
import { formatCount, type ReportBlock, type ReportItem, type ReportTable } from '../../../shared/report-document.ts';
import { viDate } from '../../../shared/vietnamese.ts';

export const COMMUNICATION_TITLE = 'Thông tin, tuyên truyền';
export const COMMUNICATION_SHEET = 'Truyền thông';
export const NO_COMMUNICATION = 'Chưa có số liệu trên hệ thống về hoạt động thông tin, tuyên truyền trong kỳ.';

const n = formatCount;
/** Numbers under 10 read with a leading zero in administrative text ("05 hoạt động"). */
const n2 = (value: number) => (value < 10 ? String(value).padStart(2, '0') : formatCount(value));

/** What a channel's activities came to, in words: "45 tin, bài; 6 giờ 20 phút phát sóng". */
export function channelResult(c: CommChannelCounts): string {
  switch (c.channel) {
    case 'loudspeaker':
      return `${n(c.newsItems)} tin, bài; ${formatAirtime(c.airtimeMinutes)} phát sóng`;
    case 'village_meeting':
      return `${n(c.attendees)} lượt người dự; ${n(c.meetingHouseholds)} hộ có mặt (điểm danh theo hộ)`;
    case 'party_cell':
    case 'mass_org':
      return `${n(c.attendees)} lượt người dự`;
    case 'household':
      return `${n(c.households)} lượt hộ`;
    case 'zalo':
      return `${n(c.posts)} bài đăng`;
    case 'social_media':
      return `${n(c.posts)} bài đăng${c.reach ? `; ${n(c.reach)} lượt tiếp cận` : ''}`;
    case 'visual':
      return `${n(c.copies)} pano, áp phích, tờ rơi`;
    case 'news':
      return `${n(c.articles)} tin, bài`;
  }
}

export function channelTable(figures: CommFigures): ReportTable {
  return {
    columns: [
      // Widths in twips of a portrait page's text (9,355).
      { header: 'STT', kind: 'index', width: 720 },
      { header: 'Hình thức', kind: 'text', width: 3000 },
      { header: 'Số hoạt động', kind: 'count', width: 1300 },
      { header: 'Kết quả', kind: 'text', width: 4335 },
    ],
    rows: [
      ...figures.byChannel.map((c, i) => ({ cells: [i + 1, COMM_CHANNEL_LABELS[c.channel], c.activities, channelResult(c)] })),
      { total: true, cells: ['', 'Cộng', figures.total.activities, ''] },
    ],
  };
}

/** Households reached by name, beside (never added to) the other reach. */
function reachParagraph(f: CommFigures): string {
  const parts: string[] = [];
  if (f.total.meetingHouseholds) parts.push(`${n(f.total.meetingHouseholds)} hộ dự họp thôn (điểm danh theo hộ)`);
  if (f.visitHouseholds) parts.push(`${n(f.visitHouseholds)} hộ qua các lượt hỗ trợ tại hộ`);
  const sources = parts.length === 2 ? `${parts.join(', ')}; tổng cộng ${n(f.householdsReached)} hộ` : parts[0];
  return `Hộ gia đình được thông tin trực tiếp về chương trình (có tên trong danh sách): ${sources}, trong đó ${n(f.newlyInformed)} hộ lần đầu được thông tin. `
    + 'Lượt nghe loa, thành viên nhóm Zalo, lượt tiếp cận trên mạng xã hội và ấn phẩm phát ra là số liệu tham khảo, không tính vào chỉ tiêu hộ gia đình được thông tin.';
}

/** A campaign as named after "Hưởng ứng": its own name when it says what it is ("Chiến dịch …", "Tháng …"), else "đợt truyền thông “…”". */
export function campaignPhrase(name: string): string {
  const bare = name.replace(/^Hưởng ứng\s+/i, '');
  if (/^(Chiến dịch|Tháng|Đợt|Ngày|Tuần)\s/i.test(bare)) return bare;
  return `đợt truyền thông ${/["“]/.test(bare) ? bare : `“${bare}”`}`;
}

export function communicationItem(figures: CommFigures | undefined, commune: boolean): ReportItem {
  // A report frozen before activities were recorded holds none: say so rather than invent.
  if (!figures || (figures.total.activities === 0 && figures.householdsReached === 0)) {
    return { title: COMMUNICATION_TITLE, blocks: [{ kind: 'paragraph', text: NO_COMMUNICATION }] };
  }
  const blocks: ReportBlock[] = [];
  const campaigns = figures.campaigns.filter((c) => c.activities > 0);
  const along = campaigns.length
    ? `Hưởng ứng ${campaigns.map((c) => `${campaignPhrase(c.name)} (từ ${viDate(c.startsOn)} đến ${viDate(c.endsOn)})`).join(', ')}, `
    : '';
  if (figures.total.activities > 0) {
    const reached = figures.units.filter((u) => u.activities > 0).length;
    const where = commune ? ` tại ${n2(reached)}/${n2(figures.units.length)} thôn` : '';
    const who = commune ? 'toàn xã đã tổ chức' : 'thôn đã tổ chức';
    const text = `${along}trong kỳ ${who} ${n2(figures.total.activities)} hoạt động thông tin, tuyên truyền${where}, cụ thể:`;
    blocks.push({ kind: 'paragraph', text: text.charAt(0).toLocaleUpperCase('vi') + text.slice(1) });
    blocks.push({ kind: 'table', table: channelTable(figures) });
    blocks.push({ kind: 'paragraph', text: reachParagraph(figures) });
  } else {
    blocks.push({
      kind: 'paragraph',
      text: `Trong kỳ chưa ghi nhận hoạt động truyền thông nào trên hệ thống; qua các lượt hỗ trợ tại hộ, ${n(figures.visitHouseholds)} hộ được thông tin về chương trình (${n(figures.newlyInformed)} hộ lần đầu).`,
    });
  }
  return { title: COMMUNICATION_TITLE, blocks };
}

// ---- The .xlsx sheet ----

const FONT = 'Times New Roman';
const THIN = { style: 'thin', color: { argb: 'FF000000' } } as const;
const BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN };
const COUNT_FORMAT = '#,##0';

/** The sheet's measure columns, as numbers (they add up across rows). */
export const COMMUNICATION_COLUMNS = [
  { key: 'activities', header: 'Số hoạt động' },
  { key: 'newsItems', header: 'Tin, bài phát trên loa' },
  { key: 'airtimeMinutes', header: 'Thời lượng phát (phút)' },
  { key: 'meetings', header: 'Buổi họp, sinh hoạt' },
  { key: 'attendees', header: 'Lượt người dự' },
  { key: 'meetingHouseholds', header: 'Hộ dự họp thôn (điểm danh)' },
  { key: 'zaloPosts', header: 'Bài đăng nhóm Zalo' },
  { key: 'posts', header: 'Bài đăng (Zalo, mạng xã hội)' },
  { key: 'reach', header: 'Lượt tiếp cận mạng xã hội' },
  { key: 'copies', header: 'Ấn phẩm (pano, áp phích, tờ rơi)' },
  { key: 'articles', header: 'Tin, bài của TT Dịch vụ công' },
] as const;

/**
 * "Truyền thông": the period's activities by channel, then by village (a commune's report),
 * then the households reached by name. Empty tables are left out, with a line saying why.
 */
export function communicationSheet(sheet: Worksheet, figures: CommFigures | undefined, title: { period: string; issuer: string }) {
  sheet.getCell('A1').value = `Hoạt động thông tin, tuyên truyền, ${title.period}`;
  sheet.getCell('A1').font = { name: FONT, size: 14, bold: true };
  sheet.getCell('A2').value = figures ? `${title.issuer}. Số liệu từ ${viDate(figures.from)} đến ${viDate(figures.to)}.` : `${title.issuer}.`;
  sheet.getCell('A2').font = { name: FONT, size: 11, italic: true };
  if (!figures || figures.total.activities + figures.householdsReached === 0) {
    sheet.getCell('A4').value = NO_COMMUNICATION;
    sheet.getCell('A4').font = { name: FONT, size: 11 };
    return;
  }
  const header = (r: number, first: string) => {
    const row = sheet.getRow(r);
    row.getCell(1).value = first;
    COMMUNICATION_COLUMNS.forEach((c, i) => {
      row.getCell(2 + i).value = c.header;
    });
    row.height = 46;
    for (let c = 1; c <= 1 + COMMUNICATION_COLUMNS.length; c++) {
      row.getCell(c).style = {
        font: { name: FONT, size: 11, bold: true },
        alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
        border: BORDERS,
      };
    }
  };
  const write = (r: number, label: string, counts: CommCounts, bold = false) => {
    const row = sheet.getRow(r);
    row.getCell(1).value = label;
    COMMUNICATION_COLUMNS.forEach((c, i) => {
      row.getCell(2 + i).value = counts[c.key];
      row.getCell(2 + i).numFmt = COUNT_FORMAT;
    });
    for (let c = 1; c <= 1 + COMMUNICATION_COLUMNS.length; c++) {
      row.getCell(c).font = { name: FONT, size: 11, bold };
      row.getCell(c).border = BORDERS;
    }
  };
  sheet.getColumn(1).width = 34;
  COMMUNICATION_COLUMNS.forEach((_, i) => {
    sheet.getColumn(2 + i).width = 14;
  });

  let r = 4;
  header(r, 'Hình thức');
  r += 1;
  for (const channel of COMM_CHANNELS) {
    const c = figures.byChannel.find((x) => x.channel === channel);
    if (c) write(r++, COMM_CHANNEL_LABELS[channel], c);
  }
  write(r++, 'Cộng', figures.total, true);

  if (figures.units.length > 1) {
    r += 1;
    header(r++, 'Thôn');
    for (const unit of figures.units) write(r++, unit.name, unit);
  }

  r += 1;
  const lines: Array<[string, number]> = [
    ['Hộ dự họp thôn (điểm danh theo hộ)', figures.total.meetingHouseholds],
    ['Hộ được thông tin qua lượt hỗ trợ tại hộ', figures.visitHouseholds],
    ['Hộ được thông tin trực tiếp (không trùng lặp)', figures.householdsReached],
    ['Trong đó: hộ lần đầu được thông tin', figures.newlyInformed],
  ];
  for (const [label, value] of lines) {
    const row = sheet.getRow(r++);
    row.getCell(1).value = label;
    row.getCell(2).value = value;
    row.getCell(2).numFmt = COUNT_FORMAT;
    row.getCell(1).font = { name: FONT, size: 11 };
    row.getCell(2).font = { name: FONT, size: 11, bold: true };
  }
  sheet.getCell(r + 1, 1).value = 'Chỉ hộ có tên trong danh sách (điểm danh họp thôn, lượt hỗ trợ tại hộ) được tính vào chỉ tiêu hộ gia đình được thông tin (TT); lượt nghe loa, thành viên nhóm Zalo, lượt tiếp cận và ấn phẩm là số liệu tham khảo.';
  sheet.getCell(r + 1, 1).font = { name: FONT, size: 10, italic: true };
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 4, topLeftCell: 'B5', activeCell: 'B5' }];
  sheet.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}
