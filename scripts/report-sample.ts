// Writes the sample reports (report-sample-data.ts) as .docx and .xlsx into a folder, to open
// in Word or LibreOffice: npx tsx scripts/report-sample.ts /tmp/rep
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderReportDocx } from '../src/server/features/reports/report-docx.ts';
import { renderReportXlsx } from '../src/server/features/reports/report-xlsx.ts';
import { sampleCommuneReport, sampleVillageReport } from '../src/server/features/reports/report-sample-data.ts';

const folder = process.argv[2];
if (!folder) {
  console.error('Cách dùng: npx tsx scripts/report-sample.ts <thư mục>');
  process.exit(1);
}
const out = resolve(folder);
await mkdir(out, { recursive: true });
const samples = [
  ['bao-cao-xa-thang-02-2026', sampleCommuneReport()],
  ['bao-cao-thon-ban-bo-thang-02-2026', sampleVillageReport()],
] as const;
for (const [name, doc] of samples) {
  await writeFile(join(out, `${name}.docx`), await renderReportDocx(doc));
  await writeFile(join(out, `${name}.xlsx`), await renderReportXlsx(doc));
  console.log(join(out, `${name}.docx`), join(out, `${name}.xlsx`));
}
