// What a campaign prints: the dossier for Sở KH&CN as one .docx in the layout of Nghị định
// 30/2020 (the reports' renderer): the tờ trình with the list, the council's biên bản, and a
// báo cáo thành tích for each nominee with its evidence figures; the list as .xlsx; and the
// certificates (giấy khen), one A4 landscape page each. Only nominees the council chose
// (and the awarded, not revoked) are in them.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  TextRun,
} from 'docx';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  AWARD_SUBJECT_LABELS,
  AWARD_TITLE_LABELS,
  AWARD_TITLES,
  CONDITION_OPS,
  DECISION_FORM_LABELS,
  NOMINATION_STATUS_LABELS,
  type EvidenceItem,
} from '../../../shared/awards.ts';
import { type ReportBlock, type ReportDocument, type ReportFigures, formatPlaceAndDate, upperVi } from '../../../shared/report-document.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import { type Actor, actorFrom } from '../../http/actor.ts';
import { conflict } from '../../http/app-error.ts';
import { type Attachment, fileResponse, sendAttachment } from '../../http/attachment.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { renderReportDocuments } from '../reports/report-docx.ts';
import { provinceOf } from '../reports/reports.queries.ts';
import * as q from './awards.queries.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const AWARD_FILES = { 'ho-so.docx': DOCX, 'danh-sach.xlsx': XLSX, 'giay-khen.docx': DOCX } as const;
export type AwardFile = keyof typeof AWARD_FILES;

const OP_WORDS: Record<(typeof CONDITION_OPS)[number], string> = { '>=': '≥', '<=': '≤', '=': '=', is: '' };
const NO_FIGURES: ReportFigures = {
  indicators: [], villages: [], total: { name: '', figures: {} }, months: [], monthsTotal: { visits: 0, peopleSupported: 0, procedures: 0, appsInstalled: 0 },
};

export function formatFigure(value: number | boolean | null): string {
  if (value === null) return 'Chưa có số liệu';
  if (typeof value === 'boolean') return value ? 'Có' : 'Chưa';
  return value.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
}
export const formatThreshold = (e: Pick<EvidenceItem, 'op' | 'threshold'>) =>
  e.op === 'is' ? (e.threshold ? 'Có' : 'Không') : `${OP_WORDS[e.op]} ${formatFigure(e.threshold as number)}`;

interface DossierData {
  campaign: q.CampaignRow;
  province: string | null;
  meeting: q.MeetingRow | undefined;
  decisions: q.DecisionRow[];
  /** Chosen by the council or awarded (never revoked, never refused). */
  nominees: q.NominationRow[];
}

async function dossierData(db: Kysely<DB>, campaign: q.CampaignRow): Promise<DossierData> {
  const [province, meeting, decisions, nominations] = await Promise.all([
    provinceOf(db, campaign.commune_path), q.meetingOf(db, campaign.id), q.decisionsOf(db, campaign.id), q.nominationsOf(db, campaign.id),
  ]);
  return { campaign, province, meeting, decisions, nominees: nominations.filter((n) => n.status === 'chosen' || n.status === 'awarded') };
}

const listTable = (nominees: q.NominationRow[]): ReportBlock => ({
  kind: 'table',
  table: {
    columns: [
      { header: 'STT', kind: 'index', width: 700 },
      { header: 'Họ và tên / Tập thể', kind: 'text', width: 2700 },
      { header: 'Thôn', kind: 'text', width: 1700 },
      { header: 'Danh hiệu đề nghị', kind: 'text', width: 2455 },
      { header: 'Số phiếu', kind: 'text', width: 900 },
      { header: 'Ghi chú', kind: 'text', width: 900 },
    ],
    rows: nominees.map((n, i) => ({ cells: [i + 1, n.subject_name, n.village_name, AWARD_TITLE_LABELS[n.title], n.votes_for === null ? '' : String(n.votes_for), n.outside_criteria ? 'Ngoài tiêu chí' : ''] })),
  },
});

function base(d: DossierData, overrides: Partial<ReportDocument>): ReportDocument {
  const commune = d.campaign.commune_name.replace(/^Xã\s+/i, '');
  const year = Number(d.campaign.period_to.slice(0, 4));
  return {
    issuer: { name: ['ỦY BAN NHÂN DÂN', upperVi(`xã ${commune}`)], shortName: `UBND xã ${commune}` },
    number: { value: null, symbol: 'TTr-UBND' },
    place: commune,
    issuedOn: null,
    year,
    kind: 'TỜ TRÌNH',
    subject: [],
    addressees: [],
    period: { label: `năm ${year}`, from: d.campaign.period_from, to: d.campaign.period_to },
    opening: [],
    sections: [],
    closing: [],
    recipients: [],
    archive: ['VT', 'VHXH'],
    signature: { authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: '' },
    appendix: null,
    figures: NO_FIGURES,
    ...overrides,
  };
}

/** The dossier's documents: the tờ trình, the biên bản, one báo cáo thành tích per nominee. */
export function dossierDocuments(d: DossierData): ReportDocument[] {
  const c = d.campaign;
  const commune = c.commune_name.replace(/^Xã\s+/i, '');
  const sở = `Sở Khoa học và Công nghệ${d.province ? ` tỉnh ${d.province}` : ''}`;
  const decision = d.decisions.at(-1);
  const signer = decision ? { title: upperVi(decision.signer_title), name: decision.signer_name } : { title: 'CHỦ TỊCH', name: '' };
  const launch = c.decision_number ? `Quyết định số ${c.decision_number}${c.decision_date ? ` ngày ${viDate(c.decision_date)}` : ''} của UBND xã ${commune} về việc phát động ${lowerFirst(c.name)}` : `kế hoạch phát động ${lowerFirst(c.name)}`;
  const counts = AWARD_TITLES.map((t) => ({ t, n: d.nominees.filter((x) => x.title === t).length })).filter((x) => x.n > 0);
  const m = d.meeting;

  const submission = base(d, {
    kind: 'TỜ TRÌNH',
    subject: ['Về việc đề nghị khen thưởng các tập thể, cá nhân', `có thành tích trong ${lowerFirst(c.name)}`],
    addressees: [sở],
    issuedOn: decision?.decided_on ?? null,
    opening: [
      { kind: 'paragraph', text: `Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và các văn bản hướng dẫn thi hành;` },
      { kind: 'paragraph', text: `Căn cứ ${launch};` },
      ...(m ? [{ kind: 'paragraph' as const, text: `Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng xã ngày ${viDate(m.held_on)};` }] : []),
      { kind: 'paragraph', text: `UBND xã ${commune} kính trình ${sở} xem xét, khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong phong trào (từ ngày ${viDate(c.period_from)} đến ngày ${viDate(c.period_to)}), cụ thể như sau:` },
    ],
    sections: [
      {
        title: 'Kết quả bình xét',
        blocks: [
          { kind: 'paragraph', text: `Trên cơ sở tiêu chí của từng danh hiệu (tính từ số liệu trên hệ thống quản lý Tổ Công nghệ số cộng đồng đến ngày ${viDate(c.period_to)}) và đề xuất của các thôn, Đoàn Thanh niên xã, Phòng Văn hóa - Xã hội, Hội đồng Thi đua - Khen thưởng xã đã bình xét, lựa chọn ${counts.map((x) => `${String(x.n).padStart(2, '0')} ${lowerFirst(AWARD_SUBJECT_LABELS[x.t])} đạt danh hiệu "${AWARD_TITLE_LABELS[x.t]}"`).join('; ') || 'chưa có trường hợp nào'}.` },
          ...(decision ? [{ kind: 'paragraph' as const, text: `Chủ tịch UBND xã đã ban hành Quyết định số ${decision.number} ngày ${viDate(decision.decided_on)} (hình thức: ${lowerFirst(DECISION_FORM_LABELS[decision.form])}).` }] : []),
        ],
        items: [],
      },
      { title: 'Danh sách đề nghị', blocks: [{ kind: 'paragraph', text: 'Danh sách các tập thể, cá nhân được đề nghị khen thưởng:' }, listTable(d.nominees)], items: [] },
    ],
    closing: [{ kind: 'paragraph', text: `(Kèm theo Biên bản họp Hội đồng và báo cáo thành tích của từng tập thể, cá nhân.) UBND xã ${commune} kính trình ${sở} xem xét, quyết định./.` }],
    recipients: ['TT Đảng ủy, HĐND xã (b/c)', 'CT, PCT UBND xã'],
    signature: { authority: 'TM. ỦY BAN NHÂN DÂN', ...signer },
  });

  const minutes = base(d, {
    issuer: { superior: upperVi(`UBND xã ${commune}`), name: ['HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG'], shortName: `Hội đồng Thi đua - Khen thưởng xã ${commune}` },
    number: { value: null, symbol: 'BB-HĐTĐKT' },
    kind: 'BIÊN BẢN',
    subject: ['Họp xét khen thưởng', lowerFirst(c.name)],
    issuedOn: m?.held_on ?? null,
    opening: m ? [
      { kind: 'paragraph', text: `Thời gian: ngày ${viDate(m.held_on)}. Địa điểm: ${m.place || `UBND xã ${commune}`}.` },
      { kind: 'paragraph', text: `Chủ trì: ${m.chair}. Thư ký: ${m.secretary || '…'}.` },
      { kind: 'paragraph', text: `Thành viên có mặt: ${String(m.members_present).padStart(2, '0')}/${String(m.members_total).padStart(2, '0')}${m.present_names.length ? ` (${m.present_names.join(', ')})` : ''}.` },
    ] : [{ kind: 'paragraph', text: 'Hội đồng chưa họp xét.' }],
    sections: [
      { title: 'Nội dung', blocks: [{ kind: 'paragraph', text: 'Hội đồng xem xét danh sách ứng viên đạt tiêu chí do hệ thống đề xuất kèm số liệu minh chứng và các đề xuất của các thôn, Đoàn Thanh niên xã, Phòng Văn hóa - Xã hội; biểu quyết từng trường hợp.' }], items: [] },
      { title: 'Kết quả biểu quyết', blocks: [listTable(d.nominees)], items: [] },
      { title: 'Kết luận', blocks: [{ kind: 'paragraph', text: m?.notes || 'Hội đồng thống nhất đề nghị khen thưởng các trường hợp trên.' }], items: [] },
    ],
    closing: [{ kind: 'paragraph', text: 'Biên bản kết thúc vào cùng ngày, đã thông qua các thành viên dự họp./.' }],
    recipients: ['Thành viên Hội đồng'],
    archive: ['VT', 'VHXH'],
    signature: { authority: 'TM. HỘI ĐỒNG', title: 'CHỦ TỊCH HỘI ĐỒNG', name: m?.chair.split(' - ')[0] ?? '' },
  });

  const reports = d.nominees.map((n) => {
    const evidence = n.evidence as EvidenceItem[];
    const blocks: ReportBlock[] = n.outside_criteria
      ? [{ kind: 'paragraph', text: `Đề xuất ngoài tiêu chí. Lý do: ${n.reason}` }]
      : [
        { kind: 'paragraph', text: `Kết quả theo tiêu chí danh hiệu "${AWARD_TITLE_LABELS[n.title]}", số liệu trên hệ thống tính đến ngày ${n.as_of ? viDate(n.as_of) : '…'} (đã được giữ nguyên khi đề xuất):` },
        {
          kind: 'table',
          table: {
            columns: [
              { header: 'STT', kind: 'index', width: 700 },
              { header: 'Tiêu chí', kind: 'text', width: 4655 },
              { header: 'Yêu cầu', kind: 'text', width: 1500 },
              { header: 'Kết quả', kind: 'text', width: 1500 },
              { header: 'Đạt', kind: 'text', width: 1000 },
            ],
            rows: evidence.map((e, i) => ({ cells: [i + 1, e.label, formatThreshold(e), formatFigure(e.actual), e.passed ? 'Đạt' : 'Chưa đạt'] })),
          },
        },
      ];
    return base(d, {
      issuer: { superior: upperVi(`UBND xã ${commune}`), name: [upperVi(n.village_name)], shortName: n.village_name },
      number: null,
      kind: 'BÁO CÁO THÀNH TÍCH',
      subject: [`Đề nghị tặng danh hiệu "${AWARD_TITLE_LABELS[n.title]}"`, `${AWARD_SUBJECT_LABELS[n.title]}: ${n.subject_name}`],
      issuedOn: null,
      opening: [{ kind: 'paragraph', text: `${AWARD_SUBJECT_LABELS[n.title]}: ${n.subject_name}; thôn: ${n.village_name}, xã ${commune}. Đơn vị đề xuất: ${nominatorName(n.nominator_role)}.` }],
      sections: [
        { title: 'Thành tích đạt được', blocks: [...(n.achievement ? [{ kind: 'paragraph' as const, text: n.achievement }] : []), ...blocks], items: [] },
        { title: 'Kết quả bình xét', blocks: [{ kind: 'paragraph', text: `${NOMINATION_STATUS_LABELS[n.status]}${n.votes_for !== null && m ? ` với ${n.votes_for}/${m.members_present} phiếu đồng ý` : ''}${n.decision_number ? `; Quyết định số ${n.decision_number}` : ''}.` }], items: [] },
      ],
      closing: [{ kind: 'paragraph', text: 'Trên đây là báo cáo thành tích, đề nghị cấp có thẩm quyền xem xét khen thưởng./.' }],
      recipients: ['UBND xã (Phòng VH-XH)'],
      archive: ['Thôn'],
      signature: { authority: 'XÁC NHẬN CỦA', title: 'TRƯỞNG THÔN', name: '' },
    });
  });
  return [submission, minutes, ...reports];
}

const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
const nominatorName = (role: string) => ({ village_head: 'Trưởng thôn', youth_union: 'Đoàn Thanh niên xã', culture_office: 'Phòng Văn hóa - Xã hội' } as Record<string, string>)[role] ?? role;

export async function renderList(d: DossierData): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Danh sách khen thưởng');
  sheet.addRow([`DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG - ${upperVi(d.campaign.name)}`]).font = { bold: true, name: 'Times New Roman', size: 13 };
  sheet.addRow([`${d.campaign.commune_name}; thời gian từ ${viDate(d.campaign.period_from)} đến ${viDate(d.campaign.period_to)}`]);
  sheet.addRow([]);
  const header = sheet.addRow(['STT', 'Họ và tên / Tập thể', 'Thôn', 'Danh hiệu', 'Đơn vị đề xuất', 'Ngoài tiêu chí', 'Số phiếu', 'Trạng thái', 'Quyết định', 'Số liệu minh chứng (tính đến ngày)']);
  header.font = { bold: true };
  d.nominees.forEach((n, i) => {
    const evidence = (n.evidence as EvidenceItem[]).map((e) => `${e.label}: ${formatFigure(e.actual)}`).join('; ');
    sheet.addRow([i + 1, n.subject_name, n.village_name, AWARD_TITLE_LABELS[n.title], nominatorName(n.nominator_role), n.outside_criteria ? `Có: ${n.reason}` : '',
      n.votes_for, NOMINATION_STATUS_LABELS[n.status], n.decision_number ?? '', n.outside_criteria ? '' : `${evidence}${n.as_of ? ` (${viDate(n.as_of)})` : ''}`]);
  });
  [6, 32, 18, 34, 22, 24, 10, 18, 16, 80].forEach((w, i) => { sheet.getColumn(i + 1).width = w; });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** One giấy khen per awarded nominee: A4 landscape, double border, the commune chair's certificate. */
export async function renderCertificates(d: DossierData): Promise<Buffer> {
  const awarded = d.nominees.filter((n) => n.status === 'awarded');
  if (!awarded.length) throw conflict('Chưa có quyết định khen thưởng: chưa in được giấy khen.');
  const commune = d.campaign.commune_name.replace(/^Xã\s+/i, '');
  const FONT = 'Times New Roman';
  const r = (text: string, size: number, o: { bold?: boolean; italics?: boolean; color?: string } = {}) => new TextRun({ text, size: size * 2, font: FONT, bold: o.bold, italics: o.italics, color: o.color ?? '000000' });
  const p = (children: TextRun[], before = 0, after = 0) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before, after }, children });
  const border = { style: BorderStyle.DOUBLE, size: 18, color: 'B8860B', space: 24 };
  const decisionOf = (id: string | null) => d.decisions.find((x) => x.id === id);
  const document = new Document({
    creator: `UBND xã ${commune}`,
    title: `Giấy khen - ${d.campaign.name}`,
    sections: awarded.map((n) => {
      const decision = decisionOf(n.decision_id);
      return {
        properties: {
          page: {
            size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE },
            margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 },
            borders: { pageBorderTop: border, pageBorderBottom: border, pageBorderLeft: border, pageBorderRight: border },
          },
        },
        children: [
          p([r('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 13, { bold: true })], 200),
          p([r('Độc lập - Tự do - Hạnh phúc', 14, { bold: true })]),
          p([r(`CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ ${upperVi(commune)}`, 15, { bold: true })], 360),
          p([r('TẶNG', 16, { bold: true })], 240),
          p([r('GIẤY KHEN', 40, { bold: true, color: 'C00000' })], 120, 120),
          p([r(`${AWARD_SUBJECT_LABELS[n.title]}: `, 16), r(n.subject_name, 22, { bold: true })], 120),
          p([r(n.village_name + `, xã ${commune}`, 15, { italics: true })]),
          p([r('Đã có thành tích đạt danh hiệu', 15)], 240),
          p([r(`"${upperVi(AWARD_TITLE_LABELS[n.title])}"`, 18, { bold: true })]),
          p([r(`trong ${lowerFirst(d.campaign.name)}`, 14, { italics: true })], 60),
          p([r(`Quyết định số ${decision?.number ?? n.decision_number ?? '…'}`, 13), r(`                                        ${formatPlaceAndDate(commune, decision?.decided_on ?? null, Number(d.campaign.period_to.slice(0, 4)))}`, 13, { italics: true })], 360),
          p([r('Số vào sổ: ……', 13), r(`                                                                          ${upperVi(decision?.signer_title ?? 'CHỦ TỊCH')}`, 13, { bold: true })]),
          p([r(decision?.signer_name ?? '', 14, { bold: true })], 1300),
        ],
      };
    }),
  });
  return Packer.toBuffer(document);
}

export async function awardFile(db: Kysely<DB>, actor: Actor, campaign: q.CampaignRow, file: AwardFile): Promise<Attachment> {
  const d = await dossierData(db, campaign);
  await writeAudit(db, actor, { action: 'export', entity: 'award_campaign', entityId: campaign.id, orgUnitId: campaign.commune_id, detail: { file, nominees: d.nominees.length } });
  const year = campaign.period_to.slice(0, 4);
  if (file === 'danh-sach.xlsx') return { name: `Danh sách khen thưởng ${year} - ${campaign.commune_name}`, extension: 'xlsx', contentType: XLSX, body: await renderList(d) };
  if (file === 'giay-khen.docx') return { name: `Giấy khen ${year} - ${campaign.commune_name}`, extension: 'docx', contentType: DOCX, body: await renderCertificates(d) };
  if (!d.nominees.length) throw conflict('Chưa có người/tập thể được Hội đồng chọn: chưa lập được hồ sơ.');
  return { name: `Hồ sơ khen thưởng ${year} - ${campaign.commune_name}`, extension: 'docx', contentType: DOCX, body: await renderReportDocuments(dossierDocuments(d)) };
}

export function awardFileRoutes(app: FastifyInstance, load: (db: Kysely<DB>, actor: Actor, id: string) => Promise<q.CampaignRow>) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  for (const file of Object.keys(AWARD_FILES) as AwardFile[]) {
    const summary = file === 'ho-so.docx'
      ? 'Hồ sơ gửi Sở KH&CN (.docx, thể thức Nghị định 30/2020): tờ trình kèm danh sách, biên bản Hội đồng, báo cáo thành tích từng người/tập thể với số liệu minh chứng'
      : file === 'danh-sach.xlsx' ? 'Danh sách đề nghị khen thưởng (.xlsx)' : 'Giấy khen (A4 ngang, .docx) của những người/tập thể được khen thưởng';
    typed.get(`/api/awards/campaigns/:id/${file}`, {
      config: { access: 'awards.read' },
      schema: { tags: ['Thi đua, khen thưởng'], summary, params: z.object({ id: z.uuid('Mã đợt thi đua không hợp lệ.') }), response: fileResponse(AWARD_FILES[file], summary) },
    }, async (request, reply) => {
      const actor = actorFrom(request);
      const campaign = await load(request.db, actor, request.params.id);
      return sendAttachment(reply, await awardFile(request.db, actor, campaign, file));
    });
  }
}
