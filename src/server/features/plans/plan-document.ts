// The plan as a Word document in the layout of Nghị định 30/2020/NĐ-CP (document type KẾ
// HOẠCH), made by the reports' renderer: the header, the title, the opening that names the
// documents it implements, sections I–IV from the data (the targets as a table, the tasks of
// section IV by responsible unit), "Nơi nhận" and the leader's signature.
import type { Kysely } from 'kysely';
import { INDICATOR_CODES, INDICATOR_LABELS } from '../../../shared/indicators.ts';
import { PLAN_SYMBOL, type PlanView } from '../../../shared/plans.ts';
import { upperVi, type ReportBlock, type ReportDocument, type ReportItem, type ReportTable } from '../../../shared/report-document.ts';
import { TASK_REPEAT_LABELS, TASK_UNITS, TASK_UNIT_LABELS, type TaskUnit } from '../../../shared/tasks.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import type { Attachment } from '../../http/attachment.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { renderReportDocx } from '../reports/report-docx.ts';
import { budgetTotals } from '../budget/budget.service.ts';
import { BUDGET_ACTIVITY_LABELS, FUNDING_SOURCE_LABELS, type BudgetTotals } from '../../../shared/budget.ts';
import { tasksOfPlan } from '../tasks/tasks.queries.ts';
import { loadPlan, planView } from './plans.service.ts';

const paragraphs = (text: string): ReportBlock[] => text.split(/\n+/).map((line) => line.trim()).filter(Boolean).map((line) => ({ kind: 'paragraph', text: line }));
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The funding paragraphs: the budget feature's totals of the commune's year (Phòng Kinh tế's
 * estimate by funding source and activity, no payees nor vouchers); before any line is
 * estimated, where the money is decided.
 */
export function fundingBlocks(totals: BudgetTotals | null): ReportBlock[] {
  if (!totals || totals.total.estimateVnd <= 0) return [{ kind: 'paragraph', text: 'Kinh phí: theo dự toán của Phòng Kinh tế.' }];
  const vnd = (n: number) => `${Math.round(n).toLocaleString('vi-VN')} đồng`;
  return [
    { kind: 'paragraph', text: `Tổng kinh phí dự toán năm ${totals.year}: ${vnd(totals.total.estimateVnd)}, trong đó:` },
    ...totals.bySource.filter((s) => s.estimateVnd > 0).map((s) => ({ kind: 'paragraph' as const, text: `- ${FUNDING_SOURCE_LABELS[s.source]}: ${vnd(s.estimateVnd)};` })),
    { kind: 'paragraph', text: `Theo nội dung: ${totals.byActivity.filter((a) => a.estimateVnd > 0).map((a) => `${BUDGET_ACTIVITY_LABELS[a.activity].toLocaleLowerCase('vi')} ${vnd(a.estimateVnd)}`).join('; ')}.` },
    { kind: 'paragraph', text: 'Phòng Kinh tế hướng dẫn sử dụng, thanh, quyết toán kinh phí theo quy định.' },
  ];
}

export interface PlanTaskLine {
  responsible: string;
  villageName: string | null;
  title: string;
  dueOn: string | null;
  repeat: 'monthly' | 'quarterly' | null;
  repeatDay: number | null;
  cooperating: string[];
}

function timing(t: PlanTaskLine): string {
  if (t.repeat) return `${TASK_REPEAT_LABELS[t.repeat].toLocaleLowerCase('vi')}, trước ngày ${pad2(t.repeatDay!)} ${t.repeat === 'monthly' ? 'tháng sau' : 'tháng đầu quý sau'}`;
  return `hoàn thành trước ngày ${viDate(t.dueOn!)}`;
}

function targetTable(plan: PlanView): ReportTable {
  const withFloor = plan.draftedFrom !== null && plan.targets.some((t) => t.floor !== null);
  return {
    columns: [
      { header: 'STT', kind: 'index', width: 1 },
      { header: 'Chỉ tiêu', kind: 'text', width: 9 },
      { header: `Năm ${plan.year} (%)`, kind: 'percent', width: 2.4, bare: true },
      ...(withFloor ? [{ header: `Đạt năm ${plan.draftedFrom!.year} (%)`, kind: 'percent' as const, width: 2.4, bare: true }] : []),
    ],
    rows: INDICATOR_CODES.filter((code) => plan.targets.find((t) => t.code === code)?.target !== null).map((code, i) => {
      const t = plan.targets.find((x) => x.code === code)!;
      return { cells: [i + 1, INDICATOR_LABELS[code].name, t.target! / 100, ...(withFloor ? [t.floor === null ? null : t.floor / 100] : [])] };
    }),
  };
}

export function buildPlanDocument(plan: PlanView, tasks: PlanTaskLine[], communeName: string, funding: BudgetTotals | null = null): ReportDocument {
  const units = TASK_UNITS.filter((u) => tasks.some((t) => t.responsible === u));
  const unitItems: ReportItem[] = units.map((u) => ({
    title: u === 'village_head' ? 'Trưởng các thôn' : TASK_UNIT_LABELS[u as TaskUnit],
    blocks: tasks.filter((t) => t.responsible === u).map((t) => ({
      kind: 'paragraph' as const,
      text: `- ${t.villageName ? `${t.villageName}: ` : ''}${t.title.replace(/[.;]\s*$/, '')} (${timing(t)}${t.cooperating.length ? `; phối hợp: ${t.cooperating.map((c) => TASK_UNIT_LABELS[c as TaskUnit]).join(', ')}` : ''}).`,
    })),
  }));
  const subject = plan.title.includes(' trên địa bàn ') ? [plan.title.slice(0, plan.title.indexOf(' trên địa bàn ')), plan.title.slice(plan.title.indexOf(' trên địa bàn ') + 1)] : [plan.title];
  const numberValue = plan.number ? Number(plan.number.split('/')[0]) : null;
  return {
    issuer: { name: ['ỦY BAN NHÂN DÂN', upperVi(`xã ${communeName}`)], shortName: `UBND xã ${communeName}` },
    number: { value: numberValue, symbol: PLAN_SYMBOL },
    place: communeName,
    issuedOn: plan.issuedOn,
    year: plan.issuedOn ? Number(plan.issuedOn.slice(0, 4)) : plan.year,
    kind: 'KẾ HOẠCH',
    subject,
    addressees: [],
    period: { label: `năm ${plan.year}`, from: `${plan.year}-01-01`, to: `${plan.year}-12-31` },
    opening: [
      ...plan.implements.map((doc) => ({ kind: 'paragraph' as const, text: `Thực hiện ${doc.replace(/[.;]\s*$/, '')}.` })),
      { kind: 'paragraph', text: `UBND xã ${communeName} xây dựng Kế hoạch ${plan.title.charAt(0).toLocaleLowerCase('vi')}${plan.title.slice(1)}, cụ thể như sau:` },
    ],
    sections: [
      { title: 'Mục đích, yêu cầu', blocks: [], items: [{ title: 'Mục đích', blocks: paragraphs(plan.purposeText) }, { title: 'Yêu cầu', blocks: paragraphs(plan.requirementsText) }] },
      {
        title: 'Mục tiêu chung, mục tiêu cụ thể', blocks: [],
        items: [
          { title: 'Mục tiêu chung', blocks: paragraphs(plan.generalGoalText) },
          {
            title: 'Mục tiêu cụ thể',
            blocks: [
              { kind: 'paragraph', text: `Đến hết năm ${plan.year}, phấn đấu đạt các chỉ tiêu sau:` },
              { kind: 'table', table: targetTable(plan) },
            ],
          },
        ],
      },
      { title: 'Nội dung triển khai', blocks: paragraphs(plan.contentText), items: [{ title: 'Kinh phí thực hiện', blocks: fundingBlocks(funding) }] },
      { title: 'Tổ chức thực hiện', blocks: [], items: unitItems },
    ],
    closing: [{
      kind: 'paragraph',
      text: `Trên đây là Kế hoạch ${plan.title.charAt(0).toLocaleLowerCase('vi')}${plan.title.slice(1)}, yêu cầu Thủ trưởng các cơ quan, đơn vị liên quan, trưởng các thôn nghiêm túc triển khai thực hiện./.`,
    }],
    recipients: ['Sở Khoa học và Công nghệ tỉnh', 'CT, PCT UBND xã (b/c)', 'Ủy ban MTTQVN xã', 'Các phòng ban, đơn vị xã', 'Các nhà trường', 'Trưởng các thôn', 'Tổ công nghệ số cộng đồng'],
    archive: ['VT'],
    signature: { authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: plan.signerName ?? '' },
    appendix: null,
    figures: { indicators: [], villages: [], total: { name: 'Toàn xã', figures: {} }, months: [], monthsTotal: { visits: 0, peopleSupported: 0, procedures: 0, appsInstalled: 0 } },
  };
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The plan as .docx; the download is audited. */
export async function planFile(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<Attachment> {
  const row = await loadPlan(db, actor, input.id);
  const plan = await planView(db, actor, row);
  const tasks = await tasksOfPlan(db, row.id);
  const villages = new Map((await db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', [0, ...tasks.map((t) => t.village_id ?? 0)]).execute()).map((v) => [v.id, v.name]));
  // The plan prints its funding for every reader of the plan (a village head too): the
  // budget's totals, read in the name of the commune's office.
  const office: Actor = { ...actor, role: 'culture_office', orgUnitId: row.org_unit_id, orgPath: row.unit_path, orgLevel: 'commune', scope: { ...actor.scope, path: row.unit_path, role: 'culture_office' } };
  const funding = await budgetTotals(db, office, row.org_unit_id, row.year).catch(() => null);
  await writeAudit(db, actor, { action: 'export', entity: 'plan', entityId: row.id, orgUnitId: row.org_unit_id, detail: { year: row.year, status: row.status } });
  const doc = buildPlanDocument(plan, tasks.map((t) => ({
    responsible: t.responsible, villageName: t.village_id ? villages.get(t.village_id) ?? null : null, title: t.title, dueOn: t.due_on,
    repeat: t.repeat, repeatDay: t.repeat_day, cooperating: t.cooperating,
  })), row.unit_name, funding);
  return { name: `Kế hoạch năm ${row.year} - Xã ${row.unit_name}`, extension: 'docx', contentType: DOCX_TYPE, body: await renderReportDocx(doc) };
}
