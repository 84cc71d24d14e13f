// The emulation part of the commune's monthly report: the nominations of its campaigns (the
// running one and those ended within the year before), frozen with the report's figures, and
// the khoản "Thi đua, khen thưởng" of section I that prints them.
import type { Kysely } from 'kysely';
import { AWARD_TITLE_LABELS, AWARD_TITLES, NOMINATION_STATUS_LABELS, type AwardReportRow } from '../../../shared/awards.ts';
import type { ReportItem } from '../../../shared/report-document.ts';
import type { DB } from '../../db/schema.ts';
import { nominationsForReport } from './awards.queries.ts';

export const AWARDS_REPORT_TITLE = 'Thi đua, khen thưởng';

export async function awardReportRows(db: Kysely<DB>, communeId: number, from: string, to: string): Promise<AwardReportRow[]> {
  const rows = await nominationsForReport(db, communeId, from, to);
  return rows.map((r) => ({ campaign: r.campaign, award: r.title, subjectName: r.subject_name, village: r.village_name, status: r.status as AwardReportRow['status'], outsideCriteria: r.outside_criteria }));
}

export function awardsItem(rows: readonly AwardReportRow[]): ReportItem {
  if (!rows.length) return { title: AWARDS_REPORT_TITLE, blocks: [{ kind: 'paragraph', text: 'Trong kỳ chưa có đề xuất khen thưởng trong phong trào thi đua.' }] };
  const campaigns = [...new Set(rows.map((r) => r.campaign))];
  const byTitle = AWARD_TITLES.map((t) => ({ t, n: rows.filter((r) => r.award === t).length, awarded: rows.filter((r) => r.award === t && r.status === 'awarded').length })).filter((x) => x.n > 0);
  return {
    title: AWARDS_REPORT_TITLE,
    blocks: [
      {
        kind: 'paragraph',
        text: `${campaigns.join('; ')}: có ${rows.length} đề xuất khen thưởng (${byTitle.map((x) => `${AWARD_TITLE_LABELS[x.t]}: ${x.n} đề xuất, ${x.awarded} được khen thưởng`).join('; ')}).`,
      },
      {
        kind: 'table',
        table: {
          columns: [
            { header: 'STT', kind: 'index', width: 700 },
            { header: 'Người / tập thể được đề xuất', kind: 'text', width: 2800 },
            { header: 'Thôn', kind: 'text', width: 1700 },
            { header: 'Danh hiệu', kind: 'text', width: 2355 },
            { header: 'Kết quả', kind: 'text', width: 1800 },
          ],
          rows: rows.map((r, i) => ({ cells: [i + 1, r.subjectName + (r.outsideCriteria ? ' (ngoài tiêu chí)' : ''), r.village, AWARD_TITLE_LABELS[r.award], NOMINATION_STATUS_LABELS[r.status]] })),
        },
      },
    ],
  };
}
