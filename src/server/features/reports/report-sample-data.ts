// Two realistic reports of Bạch Ngọc for tháng 02/2026, made up but shaped like the demo data
// (16 villages, ~9,900 people, ~2,500 households): the commune's report to the Sở KH&CN and
// Thôn Bản Bó's report to Phòng Văn hóa - Xã hội. The renderers' tests and
// scripts/report-sample.ts print them; the report builder can compare its output with them.
import { INDICATOR_CODES, INDICATOR_LABELS, PLAN_TARGETS } from '../../../shared/indicators.ts';
import {
  formatCount,
  indicatorSummaryTable,
  sumMonthCounts,
  totalIndicatorRow,
  villageAppendixTable,
  type IndicatorFigure,
  type IndicatorRow,
  type MonthCounts,
  type ReportDocument,
  type ReportFigures,
} from '../../../shared/report-document.ts';

const VILLAGES = [
  'Thôn Nà Pồng', 'Thôn Bản Bó', 'Thôn Nà Sát', 'Thôn Bản Khiếu', 'Thôn Nà Thác', 'Thôn Bản Tàn', 'Thôn Phiêng Lang',
  'Thôn Làng Mới', 'Thôn Tân Sơn', 'Thôn Ngọc Hà', 'Thôn Trung Tâm', 'Thôn Khuổi Vài', 'Thôn Khuổi Luông', 'Thôn Pác Sáp',
  'Thôn Lũng Càng', 'Thôn Cốc Chủ',
];

/** A fixed sequence in [0, 1): the same sample every run. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Share of each unit's people or households that an indicator counts, and how far along it is. */
const DENOMINATOR_SHARE: Record<(typeof INDICATOR_CODES)[number], { of: 'people' | 'households'; share: number; rate: number }> = {
  HS: { of: 'people', share: 0.09, rate: 0.62 },
  KNS: { of: 'people', share: 0.68, rate: 0.48 },
  BDHVS: { of: 'people', share: 0.68, rate: 0.31 },
  LD: { of: 'people', share: 0.04, rate: 0.55 },
  TT: { of: 'households', share: 1, rate: 0.83 },
  DD: { of: 'people', share: 0.76, rate: 0.79 },
  NH: { of: 'people', share: 0.76, rate: 0.52 },
  HGD: { of: 'households', share: 1, rate: 0.41 },
};

/** The commune's targets for 2026 as fractions; NH has none in the plan and none set yet. */
const TARGETS = Object.fromEntries(INDICATOR_CODES.map((code) => [code, PLAN_TARGETS[code] === null ? null : PLAN_TARGETS[code] / 100]));

export function sampleFigures(): ReportFigures {
  const next = sequence(2026);
  const indicators = INDICATOR_CODES.map((code) => ({ code, name: INDICATOR_LABELS[code].name }));
  const villages: IndicatorRow[] = VILLAGES.map((name, v) => {
    const people = 480 + Math.round(next() * 300);
    const households = Math.round(people / (3.6 + next() * 0.6));
    const remote = v >= 11; // the Dao, Mông and Nùng villages up the valley are further behind
    const figures: Record<string, IndicatorFigure> = {};
    for (const code of INDICATOR_CODES) {
      const spec = DENOMINATOR_SHARE[code];
      // Two villages have no enterprise or cooperative: LD has no denominator there.
      const denominator = code === 'LD' && (v === 12 || v === 14) ? 0 : Math.round((spec.of === 'people' ? people : households) * spec.share * (0.9 + next() * 0.2));
      const rate = Math.min(1, spec.rate * (remote ? 0.7 : 1) * (0.85 + next() * 0.3));
      const numerator = Math.round(denominator * rate);
      const gained = Math.round(denominator * (0.005 + next() * 0.04));
      figures[code] = {
        target: TARGETS[code] ?? null,
        numerator,
        denominator,
        previous: { numerator: Math.max(0, numerator - gained), denominator: Math.max(0, denominator - Math.round(next() * 2)) },
      };
    }
    return { name, figures };
  });
  const months: MonthCounts[] = [
    { month: '2026-01', visits: 548, peopleSupported: 471, procedures: 74, appsInstalled: 203 },
    { month: '2026-02', visits: 612, peopleSupported: 540, procedures: 85, appsInstalled: 236 },
  ];
  return {
    indicators,
    villages,
    total: totalIndicatorRow('Toàn xã', indicators, villages, TARGETS),
    months,
    // 161 people were helped in both months.
    monthsTotal: sumMonthCounts(months, 471 + 540 - 161),
  };
}

const PERIOD = { label: 'tháng 02 năm 2026', from: '2026-02-01', to: '2026-02-28' };

export function sampleCommuneReport(): ReportDocument {
  const figures = sampleFigures();
  const february = figures.months[1];
  return {
    issuer: { name: ['ỦY BAN NHÂN DÂN', 'XÃ BẠCH NGỌC'], shortName: 'UBND xã Bạch Ngọc' },
    number: { value: 5, symbol: 'BC-UBND' },
    place: 'Bạch Ngọc',
    issuedOn: '2026-03-05',
    year: 2026,
    kind: 'BÁO CÁO',
    subject: ['Kết quả hoạt động của Tổ Công nghệ số cộng đồng', 'xã Bạch Ngọc tháng 02 năm 2026'],
    addressees: ['Sở Khoa học và Công nghệ tỉnh Tuyên Quang'],
    period: PERIOD,
    opening: [
      {
        kind: 'paragraph',
        text: 'Thực hiện Công văn số 120/SKH-CN-CĐS ngày 15/01/2026 của Sở Khoa học và Công nghệ tỉnh Tuyên Quang về việc hướng dẫn xây dựng kế hoạch, thực hiện báo cáo và đề xuất khen thưởng trong hoạt động của Tổ Công nghệ số cộng đồng; Kế hoạch hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn xã Bạch Ngọc năm 2026, UBND xã Bạch Ngọc báo cáo kết quả thực hiện tháng 02 năm 2026 như sau:',
      },
    ],
    sections: [
      {
        title: 'Kết quả thực hiện',
        blocks: [],
        items: [
          {
            title: 'Kiện toàn, duy trì hoạt động của Tổ Công nghệ số cộng đồng',
            blocks: [
              {
                kind: 'paragraph',
                text: 'Toàn xã duy trì 16 Tổ Công nghệ số cộng đồng tại 16 thôn với 71 thành viên, trong đó lực lượng nòng cốt là 38 đoàn viên thanh niên. Trong tháng, 02 Tổ được kiện toàn, bổ sung 03 thành viên thay cho thành viên đi làm ăn xa.',
              },
            ],
          },
          {
            title: 'Tập huấn nghiệp vụ',
            blocks: [
              {
                kind: 'paragraph',
                text: 'UBND xã phối hợp với Trung tâm phục vụ hành chính công tổ chức 01 lớp tập huấn cho 64 thành viên về hướng dẫn kích hoạt định danh điện tử mức 2, nộp hồ sơ dịch vụ công trực tuyến và nhận diện lừa đảo trên không gian mạng.',
              },
            ],
          },
          {
            title: 'Thông tin, tuyên truyền',
            blocks: [
              {
                kind: 'paragraph',
                text: 'Các thôn lồng ghép tuyên truyền chiến dịch “Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn” trong 16 cuộc họp thôn; hệ thống loa truyền thanh phát 24 lượt tin, bài về Bình dân học vụ số.',
              },
            ],
          },
          {
            title: 'Hỗ trợ người dân',
            blocks: [
              {
                kind: 'paragraph',
                text: `Các Tổ Công nghệ số cộng đồng đã thực hiện ${formatCount(february.visits)} lượt hỗ trợ cho ${formatCount(february.peopleSupported)} người; hướng dẫn nộp ${formatCount(february.procedures)} hồ sơ dịch vụ công trực tuyến; cài đặt ${formatCount(february.appsInstalled)} ứng dụng (VNeID, ngân hàng số, Cổng Dịch vụ công quốc gia).`,
              },
            ],
          },
          {
            title: 'Kết quả thực hiện các chỉ tiêu',
            blocks: [
              {
                kind: 'paragraph',
                text: [
                  'Đến hết tháng 02 năm 2026, kết quả thực hiện các chỉ tiêu của Kế hoạch trên địa bàn xã như sau ',
                  { text: '(chi tiết theo từng thôn tại Phụ lục kèm theo)', italic: true },
                  ':',
                ],
              },
              { kind: 'table', table: { ...indicatorSummaryTable(figures), unit: 'Tỷ lệ tính trên tổng số đối tượng của từng chỉ tiêu' } },
            ],
          },
        ],
      },
      {
        title: 'Khó khăn, vướng mắc',
        blocks: [
          { kind: 'paragraph', text: 'Khó khăn, vướng mắc chủ yếu trong tháng:' },
          {
            kind: 'paragraph',
            text: '- Một bộ phận người cao tuổi, đồng bào dân tộc thiểu số ở các thôn Khuổi Vài, Khuổi Luông, Lũng Càng chưa có điện thoại thông minh, khó tiếp cận các nền tảng số.',
          },
          { kind: 'paragraph', text: '- Sóng di động yếu tại Pác Sáp và Cốc Chủ; nhiều lao động trẻ đi làm ăn xa nên thành viên Tổ thay đổi thường xuyên.' },
        ],
        items: [],
      },
      {
        title: 'Đề xuất, kiến nghị',
        blocks: [
          {
            kind: 'paragraph',
            text: '- Đề nghị Sở Khoa học và Công nghệ hỗ trợ tài liệu hướng dẫn kỹ năng số bằng tiếng Dao, tiếng Mông và tổ chức tập huấn chuyên sâu cho Tổ trưởng.',
          },
          { kind: 'paragraph', text: '- Đề nghị doanh nghiệp viễn thông bổ sung trạm phát sóng tại thôn Pác Sáp, thôn Cốc Chủ.' },
        ],
        items: [],
      },
    ],
    closing: [
      {
        kind: 'paragraph',
        text: 'Trên đây là báo cáo kết quả hoạt động của Tổ Công nghệ số cộng đồng xã Bạch Ngọc tháng 02 năm 2026, UBND xã Bạch Ngọc kính báo cáo Sở Khoa học và Công nghệ tỉnh Tuyên Quang./.',
      },
    ],
    recipients: ['TT Đảng ủy, HĐND xã (b/c)', 'CT, PCT UBND xã', 'Phòng Văn hóa - Xã hội', '16 trưởng thôn', 'Tổ Công nghệ số cộng đồng'],
    archive: ['VT', 'VHXH'],
    signature: { authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: 'Tô Văn Trường' },
    appendix: { title: 'Kết quả thực hiện các chỉ tiêu theo thôn tháng 02 năm 2026', table: villageAppendixTable(figures) },
    figures,
  };
}

export function sampleVillageReport(): ReportDocument {
  const commune = sampleFigures();
  const village = commune.villages[1];
  const figures: ReportFigures = { ...commune, villages: [village], total: { ...village, name: 'Thôn Bản Bó' } };
  return {
    issuer: { superior: 'UBND XÃ BẠCH NGỌC', name: ['THÔN BẢN BÓ'], shortName: 'Thôn Bản Bó' },
    number: null,
    // A village is not an administrative unit: the địa danh is the commune's (decree II.4.a).
    place: 'Bạch Ngọc',
    issuedOn: '2026-03-02',
    year: 2026,
    kind: 'BÁO CÁO',
    subject: ['Kết quả hoạt động của Tổ Công nghệ số cộng đồng', 'thôn Bản Bó tháng 02 năm 2026'],
    addressees: ['Phòng Văn hóa - Xã hội xã Bạch Ngọc'],
    period: PERIOD,
    opening: [{ kind: 'paragraph', text: 'Thôn Bản Bó báo cáo kết quả hoạt động của Tổ Công nghệ số cộng đồng tháng 02 năm 2026 như sau:' }],
    sections: [
      {
        title: 'Kết quả thực hiện',
        blocks: [{ kind: 'table', table: indicatorSummaryTable(figures) }],
        items: [],
      },
      { title: 'Khó khăn, vướng mắc', blocks: [{ kind: 'paragraph', text: 'Một số hộ ở xóm trong chưa có điện thoại thông minh.' }], items: [] },
      { title: 'Đề xuất, kiến nghị', blocks: [{ kind: 'paragraph', text: 'Đề nghị xã bổ sung 01 thành viên cho Tổ.' }], items: [] },
    ],
    closing: [],
    recipients: ['UBND xã (b/c)'],
    archive: ['Thôn'],
    signature: { title: 'TRƯỞNG THÔN', name: 'Hoàng Văn Pấu' },
    appendix: null,
    figures,
  };
}
