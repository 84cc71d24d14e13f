// The decree's layout checks of src/server/features/reports/report-docx.test.ts, written once
// for any .docx the system makes of one or more administrative documents (a report, an award
// dossier): A4 pages with the decree's margins, black Times New Roman throughout, each
// document's Quốc hiệu (bold 12 pt) and tiêu ngữ (bold 13 pt) with a rule under it, the place
// and date in italics with the decree's leading zeros, "Nơi nhận:" bold italic 12 pt, the
// signature bold, and page numbers in the top margin from page 2 of each document.
import JSZip from 'jszip';
import { A4, LANDSCAPE_MARGINS, MOTTO, NATIONAL_NAME, PORTRAIT_MARGINS } from '../../src/server/features/reports/report-docx.ts';

interface Run { text: string; bold: boolean; italic: boolean; size: number | null; font: string | null }
interface Para { xml: string; text: string; runs: Run[]; align: string | null; ruleAbove: boolean }

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function parseRuns(xml: string): Run[] {
  return [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map(([, body]) => ({
    text: decode([...body.matchAll(/<w:t(?: [^>]*)?>([\s\S]*?)<\/w:t>/g)].map((m) => m[1]).join('')),
    bold: /<w:b\/>/.test(body),
    italic: /<w:i\/>/.test(body),
    size: Number(/<w:sz w:val="(\d+)"\/>/.exec(body)?.[1] ?? NaN) || null,
    font: /<w:rFonts w:ascii="([^"]+)"/.exec(body)?.[1] ?? null,
  }));
}

export function parseParagraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map(([whole, body]) => {
    const runs = parseRuns(body);
    return { xml: whole, text: runs.map((r) => r.text).join(''), runs, align: /<w:jc w:val="(\w+)"\/>/.exec(body)?.[1] ?? null, ruleAbove: /<w:pBdr><w:top w:val="single"/.test(body) };
  });
}

/** What breaks the decree's layout in a .docx of `documents` administrative documents; empty when none. */
export async function decreeLayoutProblems(docx: Buffer | Uint8Array, documents = 1): Promise<{ problems: string[]; paragraphs: Para[] }> {
  const zip = await JSZip.loadAsync(docx);
  const read = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`${name} is missing from the .docx`);
    return file.async('string');
  };
  const xml = await read('word/document.xml');
  const rels = await read('word/_rels/document.xml.rels');
  const paragraphs = parseParagraphs(xml);
  const problems: string[] = [];
  const sections = [...xml.matchAll(/<w:sectPr>([\s\S]*?)<\/w:sectPr>/g)].map((m) => m[1]);
  const portrait = `<w:pgSz w:w="${A4.width}" w:h="${A4.height}" w:orient="portrait"/>`;
  const landscape = `<w:pgSz w:w="${A4.height}" w:h="${A4.width}" w:orient="landscape"/>`;
  const portraitMargins = `<w:pgMar w:top="${PORTRAIT_MARGINS.top}" w:right="${PORTRAIT_MARGINS.right}" w:bottom="${PORTRAIT_MARGINS.bottom}" w:left="${PORTRAIT_MARGINS.left}"`;
  const landscapeMargins = `<w:pgMar w:top="${LANDSCAPE_MARGINS.top}" w:right="${LANDSCAPE_MARGINS.right}" w:bottom="${LANDSCAPE_MARGINS.bottom}" w:left="${LANDSCAPE_MARGINS.left}"`;
  const portraits = sections.filter((s) => s.includes(portrait));
  if (portraits.length < documents) problems.push(`${portraits.length} A4 portrait sections for ${documents} documents`);
  sections.forEach((s, i) => {
    if (s.includes(portrait) && !s.includes(portraitMargins)) problems.push(`section ${i + 1}: portrait margins are not 20/15/20/30 mm`);
    if (s.includes(landscape) && !s.includes(landscapeMargins)) problems.push(`section ${i + 1}: landscape margins are not the appendix's`);
    if (!s.includes(portrait) && !s.includes(landscape)) problems.push(`section ${i + 1}: not an A4 page`);
    if (!s.includes('<w:titlePg/>')) problems.push(`section ${i + 1}: the first page is not set apart (no page number on it)`);
  });
  for (const [i, s] of sections.entries()) {
    const id = /<w:headerReference w:type="default" r:id="(\w+)"\/>/.exec(s)?.[1];
    const target = id ? (new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1]) : undefined;
    if (!target || !/PAGE/.test(await read(`word/${target}`))) problems.push(`section ${i + 1}: no page number in the top margin`);
  }
  const runs = paragraphs.flatMap((p) => p.runs).filter((r) => r.text.trim());
  const fonts = new Set(runs.filter((r) => r.font !== 'Times New Roman').map((r) => r.font));
  if (fonts.size) problems.push(`runs not in Times New Roman: ${[...fonts].join(', ')}`);
  if (/<w:color w:val="(?!000000)/.test(xml)) problems.push('text not in black');
  const nationals = paragraphs.map((p, i) => ({ p, i })).filter(({ p }) => p.text === NATIONAL_NAME);
  if (nationals.length !== documents) problems.push(`${nationals.length} Quốc hiệu for ${documents} documents`);
  for (const { p, i } of nationals) {
    if (!(p.runs[0]?.bold && p.runs[0]?.size === 24 && p.align === 'center')) problems.push('Quốc hiệu not bold 12 pt centred');
    const motto = paragraphs[i + 1];
    if (motto?.text !== MOTTO || !motto.runs[0]?.bold || motto.runs[0]?.size !== 26) problems.push('tiêu ngữ not bold 13 pt under the Quốc hiệu');
    if (!paragraphs[i + 2]?.ruleAbove) problems.push('no rule under the tiêu ngữ');
  }
  const dates = paragraphs.filter((p) => /, ngày (\d{2}|…) tháng (\d{1,2}|…) năm \d{4}$/.test(p.text));
  if (dates.length < documents) problems.push(`${dates.length} place-and-date lines for ${documents} documents`);
  for (const d of dates) {
    if (!(d.runs[0]?.italic && d.runs[0]?.size === 28)) problems.push(`place and date not italic 14 pt: ${d.text}`);
    const m = /ngày (\d+) tháng (\d+)/.exec(d.text);
    if (m && ((Number(m[1]) < 10 && m[1].length !== 2) || (Number(m[2]) <= 2 && m[2].length !== 2))) problems.push(`no leading zero: ${d.text}`);
  }
  const recipients = paragraphs.filter((p) => p.text === 'Nơi nhận:');
  if (recipients.length !== documents) problems.push(`${recipients.length} "Nơi nhận:" for ${documents} documents`);
  for (const r of recipients) if (!(r.runs[0]?.bold && r.runs[0]?.italic && r.runs[0]?.size === 24)) problems.push('"Nơi nhận:" not bold italic 12 pt');
  return { problems, paragraphs };
}
