// A report's download name: 'bao-cao-thang-11-2026-thon-ban-bo.docx' for old clients and
// 'Báo cáo tháng 11-2026 - Thôn Bản Bó.docx' in filename* (RFC 6266 / 5987).
import { foldVietnamese } from '../../../shared/vietnamese.ts';
import type { ReportRow } from './reports.queries.ts';
import { reportFileNames } from './reports.builder.ts';

export function attachmentFileName(row: Pick<ReportRow, 'kind' | 'period_start' | 'period_end' | 'unit_name' | 'unit_level'>, extension: 'docx' | 'xlsx'): string {
  const { title } = reportFileNames(row);
  const ascii = `${foldVietnamese(title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}.${extension}`;
  const unicode = `${title}.${extension}`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').normalize('NFC');
  const encoded = encodeURIComponent(unicode).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
