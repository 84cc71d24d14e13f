// The demo commune's reports of autumn 2026, so the report pages have something to show:
// September's village reports all accepted; October's in every state (accepted, one returned
// with the office's comment, submitted and waiting, a draft, and villages that have not
// reported, late); the commune's October report approved by the leader and sent to the Sở.
// Figures are taken from the seeded data as the service takes them (reports.builder.ts);
// dates and times are fixed, so every demo shows the same history.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { ReportAction, ReportKind, ReportStatus } from '../../shared/reports.ts';
import type { DB } from '../db/schema.ts';
import { computeFrozen, resolveReportPeriod } from '../features/reports/reports.builder.ts';
import { insertDraft, reportsForUnits } from '../features/reports/reports.queries.ts';
import { demoVillages } from './demo-accounts.ts';

interface Step {
  action: ReportAction;
  to: ReportStatus;
  /** Vietnam time, 'YYYY-MM-DD HH:MM'. */
  at: string;
  by: 'head' | 'office' | 'leader';
  comment?: string;
}

const at = (local: string) => new Date(`${local.replace(' ', 'T')}:00+07:00`);

const TEXTS = {
  results: 'Tổ Công nghệ số cộng đồng duy trì đi từng hộ vào các buổi tối và ngày nghỉ; ưu tiên người cao tuổi và hộ chưa có điện thoại thông minh.',
  difficulties: 'Một số hộ ở xóm trong sóng điện thoại yếu; nhiều thanh niên đi làm ăn xa nên khó hẹn lịch hỗ trợ.',
  proposals: 'Đề nghị xã hỗ trợ thêm tài liệu hướng dẫn in sẵn và 01 điện thoại dùng chung cho Tổ.',
};
/** The commune's own text to the Sở. */
const COMMUNE_TEXTS = {
  results: 'Các Tổ Công nghệ số cộng đồng tập trung hướng dẫn kích hoạt định danh điện tử mức 2 và mở tài khoản ngân hàng cho người dân trước đợt chi trả an sinh xã hội qua tài khoản.',
  difficulties: 'Các thôn Khuổi Vài, Khuổi Luông, Lũng Càng còn nhiều người cao tuổi, đồng bào dân tộc thiểu số chưa có điện thoại thông minh.\nSóng di động yếu tại thôn Pác Sáp và thôn Cốc Chủ; thành viên Tổ thay đổi do đi làm ăn xa.',
  proposals: 'Đề nghị Sở Khoa học và Công nghệ hỗ trợ tài liệu hướng dẫn kỹ năng số bằng tiếng Dao, tiếng Mông và tổ chức tập huấn chuyên sâu cho Tổ trưởng.',
};
const RETURN_COMMENT = 'Đề nghị thôn bổ sung số hộ chưa có điện thoại thông minh ở mục Khó khăn, vướng mắc và nộp lại trước ngày 05/11.';

/** October, village by village (by name order): how far each village's report got; the first (truongthon1's) was returned. */
const OCTOBER: ReadonlyArray<Step[]> = [
  [{ action: 'submitted', to: 'submitted', at: '2026-11-01 19:40', by: 'head' }, { action: 'returned', to: 'returned', at: '2026-11-03 10:20', by: 'office', comment: RETURN_COMMENT }],
  [{ action: 'submitted', to: 'submitted', at: '2026-11-02 20:05', by: 'head' }, { action: 'accepted', to: 'accepted', at: '2026-11-03 09:15', by: 'office' }],
  [{ action: 'submitted', to: 'submitted', at: '2026-11-02 08:10', by: 'office' }, { action: 'accepted', to: 'accepted', at: '2026-11-03 09:30', by: 'office' }],
  [{ action: 'submitted', to: 'submitted', at: '2026-11-03 16:45', by: 'office' }, { action: 'accepted', to: 'accepted', at: '2026-11-04 08:05', by: 'office' }],
  [{ action: 'submitted', to: 'submitted', at: '2026-11-04 07:50', by: 'office' }],
  [{ action: 'submitted', to: 'submitted', at: '2026-11-05 14:30', by: 'office' }],
  [{ action: 'saved', to: 'draft', at: '2026-11-06 21:10', by: 'office' }],
];

export async function demoReportsMissing(db: Kysely<DB>, communeId: number): Promise<boolean> {
  const row = await db.selectFrom('reports').select('id').where('org_unit_id', '=', communeId).executeTakeFirst();
  return row === undefined;
}

export async function seedDemoReports(db: Kysely<DB>): Promise<number> {
  const commune = await db.selectFrom('org_units').select(['id', 'path']).where('level', '=', 'commune').where('name', '=', 'Bạch Ngọc').executeTakeFirst();
  if (!commune || !(await demoReportsMissing(db, commune.id))) return 0;
  const villages = await demoVillages(db);
  const accounts = await db.selectFrom('accounts').select(['id', 'username', 'full_name', 'org_unit_id']).where('username', 'in', ['vhxh', 'lanhdao', 'truongthon1', 'truongthon2']).execute();
  const account = (username: string) => accounts.find((a) => a.username === username);
  const office = account('vhxh');
  const leader = account('lanhdao');
  if (!office || !leader) return 0;
  const heads = new Map(accounts.filter((a) => a.username.startsWith('truongthon')).map((a) => [a.org_unit_id, a]));
  const scope = { path: commune.path, accountId: office.id, role: 'culture_office' as const };
  // The periods are past on any day the demo runs from December 2026; before that, October is past already.
  const today = '2026-11-25';
  let created = 0;

  async function report(kind: ReportKind, unit: { id: number; level: 'village' | 'commune' }, month: number, steps: Step[]) {
    const path = unit.level === 'commune' ? commune!.path : `${commune!.path}${unit.id}/`;
    const period = resolveReportPeriod({ kind, orgUnitId: unit.id, year: 2026, month }, today);
    const frozen = await computeFrozen(db, scope, { id: unit.id, path, level: unit.level }, period, today);
    const head = heads.get(unit.id);
    const id = uuidv7();
    const opener = head ?? office!;
    await insertDraft(db, { id, kind, orgUnitId: unit.id, start: period.start, end: period.end, year: 2026, frozen, createdBy: opener.id });
    const opened = at(`${period.end} 20:00`);
    const events = [{ report_id: id, at: opened, account_id: opener.id, action: 'created', from_status: null as string | null, to_status: 'draft', comment: null as string | null }];
    let status: ReportStatus = 'draft';
    const texts = unit.level === 'commune' ? COMMUNE_TEXTS : TEXTS;
    const set: Record<string, unknown> = {
      results_text: texts.results, difficulties_text: texts.difficulties, proposals_text: texts.proposals, figures_computed_at: opened, created_at: opened,
    };
    for (const step of steps) {
      const who = step.by === 'head' ? (head ?? office!) : step.by === 'leader' ? leader! : office!;
      events.push({ report_id: id, at: at(step.at), account_id: who.id, action: step.action, from_status: status, to_status: step.to, comment: step.comment ?? null });
      if (step.action === 'submitted') {
        Object.assign(set, { submitted_at: at(step.at), submitted_by: who.id, review_comment: null });
        if (unit.level === 'village') Object.assign(set, { signer_name: head?.full_name ?? null, signer_title: 'TRƯỞNG THÔN', issued_on: step.at.slice(0, 10) });
      }
      if (step.action === 'returned' || step.action === 'accepted' || step.action === 'sent') {
        Object.assign(set, { reviewed_at: at(step.at), reviewed_by: who.id, review_comment: step.comment ?? null });
      }
      if (step.action === 'sent') {
        Object.assign(set, { number_value: 38, number_symbol: 'BC-UBND', issued_on: step.at.slice(0, 10), signer_name: who.full_name, signer_title: 'PHÓ CHỦ TỊCH' });
      }
      status = step.to;
    }
    if (unit.level === 'commune') {
      // The villages' reports as they stood when the commune's was submitted (all seeded before it).
      const own = await reportsForUnits(db, 'village_monthly', villages.map((v) => v.id), period.start, period.end);
      const villageReports = villages.map((v) => {
        const r = own.find((x) => x.org_unit_id === v.id);
        return { orgUnitId: v.id, name: v.name, reportId: r?.id ?? null, status: (r?.status ?? null) as ReportStatus | null };
      });
      set.figures = JSON.stringify({ ...frozen, villageReports });
    }
    await db.updateTable('reports').set({ ...set, status, version: events.length, updated_at: events[events.length - 1].at }).where('id', '=', id).execute();
    await db.insertInto('report_events').values(events).execute();
    created += 1;
  }

  for (const village of villages) {
    await report('village_monthly', { id: village.id, level: 'village' }, 9, [
      { action: 'submitted', to: 'submitted', at: '2026-10-02 19:30', by: heads.has(village.id) ? 'head' : 'office' },
      { action: 'accepted', to: 'accepted', at: '2026-10-03 09:00', by: 'office' },
    ]);
  }
  for (const [i, steps] of OCTOBER.entries()) {
    const village = villages[i];
    if (village) await report('village_monthly', { id: village.id, level: 'village' }, 10, steps);
  }
  await report('commune_monthly', { id: commune.id, level: 'commune' }, 10, [
    { action: 'submitted', to: 'submitted', at: '2026-11-05 10:00', by: 'office' },
    { action: 'sent', to: 'sent', at: '2026-11-05 15:30', by: 'leader' },
  ]);
  return created;
}
