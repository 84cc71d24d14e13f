import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { formatCount, formatPercent, indicatorResult, type ReportDocument } from '../../../shared/report-document.ts';
import { A4, LANDSCAPE_MARGINS, MOTTO, NATIONAL_NAME, PORTRAIT_MARGINS, renderReportDocx } from './report-docx.ts';
import { sampleCommuneReport, sampleVillageReport } from './report-sample-data.ts';

// ---- Reading WordprocessingML back, as much as these checks need ----

interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  /** Half-points, as w:sz stores it. */
  size: number | null;
  font: string | null;
}

interface Para {
  xml: string;
  text: string;
  runs: Run[];
  align: string | null;
  firstLine: number | null;
  ruleAbove: boolean;
}

const decode = (text: string) =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function parseRuns(xml: string): Run[] {
  return [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map(([, body]) => ({
    text: decode([...body.matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => m[1]).join('')),
    bold: /<w:b\/>/.test(body),
    italic: /<w:i\/>/.test(body),
    size: Number(/<w:sz w:val="(\d+)"\/>/.exec(body)?.[1] ?? NaN) || null,
    font: /<w:rFonts w:ascii="([^"]+)"/.exec(body)?.[1] ?? null,
  }));
}

function parseParagraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map(([whole, body]) => {
    const runs = parseRuns(body);
    return {
      xml: whole,
      text: runs.map((run) => run.text).join(''),
      runs,
      align: /<w:jc w:val="(\w+)"\/>/.exec(body)?.[1] ?? null,
      firstLine: Number(/<w:ind [^>]*w:firstLine="(\d+)"/.exec(body)?.[1] ?? NaN) || null,
      ruleAbove: /<w:pBdr><w:top w:val="single"/.test(body),
    };
  });
}

async function unpack(doc: ReportDocument) {
  const zip = await JSZip.loadAsync(await renderReportDocx(doc));
  const read = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`${name} is missing from the .docx`);
    return file.async('string');
  };
  const documentXml = await read('word/document.xml');
  const rels = await read('word/_rels/document.xml.rels');
  const sections = [...documentXml.matchAll(/<w:sectPr>([\s\S]*?)<\/w:sectPr>/g)].map((m) => m[1]);
  /** The header part a section uses on its first page or on the others. */
  const header = async (section: string, type: 'first' | 'default') => {
    const id = new RegExp(`<w:headerReference w:type="${type}" r:id="(\\w+)"/>`).exec(section)?.[1];
    const target = id ? new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1] : undefined;
    if (!target) throw new Error(`no ${type} header`);
    return read(`word/${target}`);
  };
  return { documentXml, paragraphs: parseParagraphs(documentXml), sections, header };
}

const find = (paragraphs: Para[], text: string) => {
  const index = paragraphs.findIndex((p) => p.text === text);
  if (index < 0) throw new Error(`no paragraph reads "${text}"`);
  return { index, paragraph: paragraphs[index] };
};

const communeDatedFeb5 = (): ReportDocument => ({ ...sampleCommuneReport(), issuedOn: '2026-02-05' });

describe('renderReportDocx', () => {
  it('lays the page out on A4 portrait with the margins chosen inside the decree ranges', async () => {
    const { sections } = await unpack(communeDatedFeb5());
    expect(sections[0]).toContain(`<w:pgSz w:w="${A4.width}" w:h="${A4.height}" w:orient="portrait"/>`);
    expect(A4).toEqual({ width: 11906, height: 16838 });
    // 20 mm top and bottom, 30 mm left, 15 mm right.
    expect(PORTRAIT_MARGINS).toEqual({ top: 1134, bottom: 1134, left: 1701, right: 850 });
    expect(sections[0]).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
  });

  it('writes every run in black Times New Roman', async () => {
    const { paragraphs, documentXml } = await unpack(communeDatedFeb5());
    const runs = paragraphs.flatMap((p) => p.runs);
    expect(runs.length).toBeGreaterThan(100);
    expect(runs.filter((run) => run.font !== 'Times New Roman')).toEqual([]);
    expect(documentXml).not.toMatch(/<w:color w:val="(?!000000)/);
  });

  it('prints the Quốc hiệu in capitals bold 12 pt and the tiêu ngữ bold 13 pt with a rule under it', async () => {
    const { paragraphs } = await unpack(communeDatedFeb5());
    const national = find(paragraphs, NATIONAL_NAME);
    expect(national.paragraph.runs[0]).toMatchObject({ bold: true, italic: false, size: 24 });
    expect(national.paragraph.align).toBe('center');
    const motto = find(paragraphs, MOTTO);
    expect(motto.index).toBe(national.index + 1);
    expect(motto.paragraph.runs[0]).toMatchObject({ text: 'Độc lập - Tự do - Hạnh phúc', bold: true, size: 26 });
    expect(paragraphs[motto.index + 1].ruleAbove).toBe(true);
  });

  it('prints the issuer bold in capitals with a short rule, then the number with its leading zero', async () => {
    const { paragraphs } = await unpack(communeDatedFeb5());
    const committee = find(paragraphs, 'ỦY BAN NHÂN DÂN');
    const commune = find(paragraphs, 'XÃ BẠCH NGỌC');
    expect(commune.index).toBe(committee.index + 1);
    expect([committee.paragraph.runs[0], commune.paragraph.runs[0]]).toEqual([
      expect.objectContaining({ bold: true, size: 26 }),
      expect.objectContaining({ bold: true, size: 26 }),
    ]);
    expect(paragraphs[commune.index + 1].ruleAbove).toBe(true);
    // The issuer sits left of the Quốc hiệu: it comes first in the header table.
    expect(committee.index).toBeLessThan(find(paragraphs, NATIONAL_NAME).index);
    const number = find(paragraphs, 'Số: 05/BC-UBND');
    expect(number.paragraph.runs[0]).toMatchObject({ bold: false, italic: false, size: 26 });
  });

  it('puts the place and date in italics on the number line, with leading zeros for day 5 and February', async () => {
    const { paragraphs } = await unpack(communeDatedFeb5());
    const date = find(paragraphs, 'Bạch Ngọc, ngày 05 tháng 02 năm 2026');
    expect(date.paragraph.runs[0]).toMatchObject({ italic: true, bold: false, size: 28 });
    expect(date.paragraph.align).toBe('center');
    // Same header-table row as "Số:": the paragraph right after it.
    expect(date.index).toBe(find(paragraphs, 'Số: 05/BC-UBND').index + 1);
  });

  it('centres "BÁO CÁO" and the subject in bold 14 pt, then "Kính gửi"', async () => {
    const { paragraphs } = await unpack(communeDatedFeb5());
    const kind = find(paragraphs, 'BÁO CÁO');
    expect(kind.paragraph.align).toBe('center');
    expect(kind.paragraph.runs[0]).toMatchObject({ bold: true, size: 28 });
    expect(paragraphs[kind.index + 1]).toMatchObject({ text: 'Kết quả hoạt động của Tổ Công nghệ số cộng đồng', align: 'center' });
    expect(paragraphs[kind.index + 1].runs[0]).toMatchObject({ bold: true, size: 28 });
    expect(paragraphs[kind.index + 2].text).toBe('xã Bạch Ngọc tháng 02 năm 2026');
    expect(paragraphs[kind.index + 3].ruleAbove).toBe(true);
    expect(paragraphs[kind.index + 4].text).toBe('Kính gửi: Sở Khoa học và Công nghệ tỉnh Tuyên Quang.');
  });

  it('justifies the body at 14 pt with a 1 cm first-line indent and numbers the sections', async () => {
    const { paragraphs } = await unpack(communeDatedFeb5());
    const opening = paragraphs.find((p) => p.text.startsWith('Thực hiện Công văn số 120/SKH-CN-CĐS'));
    expect(opening).toMatchObject({ align: 'both', firstLine: 567 });
    expect(opening?.runs[0].size).toBe(28);
    expect(opening?.xml).toMatch(/<w:spacing [^>]*w:before="120"/);
    const headings = paragraphs.filter((p) => /^(I|II|III)\. /.test(p.text)).map((p) => p.text);
    expect(headings).toEqual(['I. KẾT QUẢ THỰC HIỆN', 'II. KHÓ KHĂN, VƯỚNG MẮC', 'III. ĐỀ XUẤT, KIẾN NGHỊ']);
    expect(find(paragraphs, '1. Kiện toàn, duy trì hoạt động của Tổ Công nghệ số cộng đồng').paragraph.runs[0].bold).toBe(true);
    expect(find(paragraphs, '5. Kết quả thực hiện các chỉ tiêu').index).toBeGreaterThan(0);
    // Full diacritics survive: the decomposed forms would not match these composed strings.
    expect(paragraphs.some((p) => p.text === 'Khó khăn, vướng mắc chủ yếu trong tháng:')).toBe(true);
    const italic = paragraphs.flatMap((p) => p.runs).find((run) => run.text === '(chi tiết theo từng thôn tại Phụ lục kèm theo)');
    expect(italic?.italic).toBe(true);
  });

  it('prints the indicator figures of the data in the body table and the appendix', async () => {
    const doc = communeDatedFeb5();
    const { paragraphs } = await unpack(doc);
    const texts = paragraphs.map((p) => p.text);
    const kns = doc.figures.total.figures.KNS;
    const row = texts.indexOf('Người trưởng thành có kiến thức, kỹ năng số cơ bản');
    expect(texts.slice(row + 1, row + 5)).toEqual(['70,0%', formatCount(kns.numerator), formatCount(kns.denominator), formatPercent(indicatorResult(kns).actual ?? 0)]);
    // The appendix's last row is the commune: each indicator's rate, bare, beside its change.
    const total = texts.lastIndexOf('Toàn xã');
    const rates = doc.figures.indicators.map(({ code }) => formatPercent(indicatorResult(doc.figures.total.figures[code]).actual ?? 0, true));
    expect(rates.map((_, i) => texts[total + 1 + 2 * i])).toEqual(rates);
    const totalRuns = paragraphs.slice(total, total + 3).map((p) => p.runs[0]);
    expect(totalRuns.every((run) => run.bold && run.size === 22)).toBe(true);
    // A village with no enterprise has no LD rate: a dash, not 0 %.
    expect(texts.slice(texts.indexOf('Thôn Khuổi Luông') + 1, texts.indexOf('Thôn Khuổi Luông') + 17)[6]).toBe('-');
  });

  it('closes with "Nơi nhận" bold italic 12 pt, the list in 11 pt, and the signature block in bold', async () => {
    const { paragraphs } = await unpack(communeDatedFeb5());
    const label = find(paragraphs, 'Nơi nhận:');
    expect(label.paragraph.runs[0]).toMatchObject({ bold: true, italic: true, size: 24 });
    const list = paragraphs.slice(label.index + 1, label.index + 8);
    expect(list.map((p) => p.text)).toEqual([
      '- Như trên;',
      '- TT Đảng ủy, HĐND xã (b/c);',
      '- CT, PCT UBND xã;',
      '- Phòng Văn hóa - Xã hội;',
      '- 16 trưởng thôn;',
      '- Tổ Công nghệ số cộng đồng;',
      '- Lưu: VT, VHXH.',
    ]);
    expect(list.every((p) => p.runs[0].size === 22 && !p.runs[0].bold)).toBe(true);
    const signature = paragraphs.slice(label.index + 8, label.index + 11);
    expect(signature.map((p) => p.text)).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Tô Văn Trường']);
    expect(signature.every((p) => p.align === 'center' && p.runs[0].bold && p.runs[0].size === 28)).toBe(true);
    // The signature never stands on a page alone: the body's last paragraph keeps with it.
    const closing = paragraphs.find((p) => p.text.startsWith('Trên đây là báo cáo'));
    expect(closing?.xml).toContain('<w:keepNext/>');
  });

  it('numbers pages from page 2 in the top margin, and the appendix on its own landscape pages', async () => {
    const { sections, header } = await unpack(communeDatedFeb5());
    expect(sections).toHaveLength(2);
    for (const section of sections) {
      expect(section).toContain('<w:titlePg/>');
      expect(await header(section, 'default')).toMatch(/PAGE/);
      expect(await header(section, 'first')).not.toMatch(/PAGE/);
    }
    const pageHeader = parseParagraphs(await header(sections[0], 'default'))[0];
    expect(pageHeader.align).toBe('center');
    expect(pageHeader.xml).toMatch(/<w:sz w:val="28"\/>/);
    expect(sections[1]).toContain(`<w:pgSz w:w="${A4.height}" w:h="${A4.width}" w:orient="landscape"/>`);
    expect(sections[1]).toContain(
      `<w:pgMar w:top="${LANDSCAPE_MARGINS.top}" w:right="${LANDSCAPE_MARGINS.right}" w:bottom="${LANDSCAPE_MARGINS.bottom}" w:left="${LANDSCAPE_MARGINS.left}"`,
    );
    expect(sections[1]).toContain('<w:pgNumType w:start="1"/>');
  });

  it('gives the appendix its heading and the reference to the report', async () => {
    const { paragraphs } = await unpack(communeDatedFeb5());
    const label = find(paragraphs, 'Phụ lục');
    expect(label.paragraph.runs[0]).toMatchObject({ bold: true, size: 28 });
    expect(paragraphs[label.index + 1].text).toBe('KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO THÔN THÁNG 02 NĂM 2026');
    expect(paragraphs[label.index + 2].text).toBe('(Kèm theo Báo cáo số 05/BC-UBND ngày 05 tháng 02 năm 2026 của UBND xã Bạch Ngọc)');
    expect(paragraphs[label.index + 2].runs[0].italic).toBe(true);
  });

  it("heads a village head's report with the commune above the village, no number and the head's signature", async () => {
    const { paragraphs, sections } = await unpack(sampleVillageReport());
    const superior = find(paragraphs, 'UBND XÃ BẠCH NGỌC');
    expect(superior.paragraph.runs[0]).toMatchObject({ bold: false, size: 26 });
    expect(paragraphs[superior.index + 1].text).toBe('THÔN BẢN BÓ');
    expect(paragraphs[superior.index + 1].runs[0].bold).toBe(true);
    expect(paragraphs[superior.index + 2].ruleAbove).toBe(true);
    expect(paragraphs.some((p) => p.text.startsWith('Số:'))).toBe(false);
    expect(paragraphs.some((p) => p.text === 'Bạch Ngọc, ngày 02 tháng 3 năm 2026')).toBe(true);
    const head = find(paragraphs, 'TRƯỞNG THÔN');
    expect(paragraphs[head.index + 1].text).toBe('Hoàng Văn Pấu');
    expect(paragraphs.some((p) => p.text === '- Lưu: Thôn.')).toBe(true);
    expect(sections).toHaveLength(1);
  });

  it('leaves the number and the day blank on an unregistered draft', async () => {
    const draft: ReportDocument = { ...sampleCommuneReport(), number: { value: null, symbol: 'BC-UBND' }, issuedOn: null };
    const { paragraphs } = await unpack(draft);
    expect(paragraphs.some((p) => p.text === 'Số: ……/BC-UBND')).toBe(true);
    expect(paragraphs.some((p) => p.text === 'Bạch Ngọc, ngày … tháng … năm 2026')).toBe(true);
  });
});

// LibreOffice is what the issue asks the page to be checked with; where it is installed, the
// printed pages are checked too: A4, the header block on page 1, no number on page 1, "2" on
// page 2, the appendix on a landscape page of its own.
const hasTool = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!hasTool('soffice') || !hasTool('pdftotext'))('the .docx printed by LibreOffice', () => {
  it('prints the decree layout on A4 with page numbers from page 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-docx-'));
    try {
      writeFileSync(join(dir, 'r.docx'), await renderReportDocx(communeDatedFeb5()));
      execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'r.docx')], { stdio: 'ignore', timeout: 60_000 });
      const pdf = join(dir, 'r.pdf');
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdf]).toString();
      const sizes = [...info.matchAll(/Page +\d+ size: +([\d.]+) x ([\d.]+) pts/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
      expect(sizes[0]).toEqual([595, 842]);
      expect(sizes.at(-1)).toEqual([842, 595]);
      const page = (n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-']).toString();
      const first = page(1);
      expect(first).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(first).toMatch(/Số: 05\/BC-UBND +Bạch Ngọc, ngày 05 tháng 02 năm 2026/);
      expect(first.trimStart().startsWith('1')).toBe(false);
      expect(page(2).trimStart().startsWith('2')).toBe(true);
      expect(page(sizes.length)).toContain('KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO THÔN');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
