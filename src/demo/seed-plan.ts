// The demo commune's plan for its year as data: the text of the commune's 2026 plan
// (../shared/docs/ke-hoach-2026-bach-ngoc.txt) with the year of the demo, approved by the
// leader in January, its targets, and the duties of section IV as tasks with due dates or
// repeats. Occurrences past their due day are done as a working commune does them — most on
// time, a few late, the village reports done when their report was submitted (earlier months
// on paper) — and a few left overdue, so the board and the landing pages have something to say.
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { INDICATOR_CODES, PLAN_TARGETS } from '../shared/indicators.ts';
import type { TaskUnit } from '../shared/tasks.ts';
import type { DB } from '../server/db/schema.ts';
import { insertPlan, replaceTargets } from '../server/features/plans/plans.queries.ts';
import { insertTaskWithOccurrences } from '../server/features/tasks/tasks.service.ts';
import type { TaskValues } from '../server/features/tasks/tasks.queries.ts';
import type { DemoYear } from './demo-year.ts';

export const PLAN_TEXT = {
  title: (y: number) => `Hoạt động của Tổ Công nghệ số cộng đồng trên địa bàn xã Bạch Ngọc năm ${y}`,
  implements: (y: number) => [`Công văn số 120/SKH-CN-CĐS ngày 15/01/${y} của Sở Khoa học và Công nghệ tỉnh Tuyên Quang về việc hướng dẫn xây dựng kế hoạch, thực hiện báo cáo và đề xuất khen thưởng trong hoạt động của Tổ Công nghệ số cộng đồng`],
  purpose: [
    'Cụ thể hóa chủ trương, chỉ đạo của Trung ương, của tỉnh Tuyên Quang về phát huy hiệu quả hoạt động của Tổ Công nghệ số cộng đồng, gắn với phong trào “Bình dân học vụ số”, góp phần thúc đẩy chuyển đổi số từ cơ sở trên địa bàn.',
    'Nâng cao vai trò, trách nhiệm của Tổ Công nghệ số cộng đồng trong việc hỗ trợ người dân tiếp cận, sử dụng dịch vụ công trực tuyến, định danh điện tử, thanh toán số và các nền tảng số thiết yếu, từng bước hình thành thói quen sử dụng công nghệ số trong đời sống hằng ngày.',
    'Phổ cập kỹ năng số cơ bản, nâng cao nhận thức về an toàn thông tin, bảo vệ dữ liệu cá nhân cho người dân, góp phần xây dựng xã hội số phù hợp với điều kiện thực tế của xã miền núi, vùng đồng bào dân tộc.',
    'Tăng cường hiệu quả phối hợp giữa UBND xã, các ban ngành, đoàn thể, thôn, trong tổ chức triển khai các nhiệm vụ chuyển đổi số, qua đó nâng cao hiệu lực, hiệu quả quản lý nhà nước và chất lượng phục vụ Nhân dân.',
  ].join('\n'),
  requirements: [
    'Việc triển khai Kế hoạch phải bám sát các văn bản chỉ đạo của Trung ương, của tỉnh, đồng thời phù hợp với tình hình thực tế, điều kiện kinh tế - xã hội của xã.',
    'Xác định rõ nội dung công việc, trách nhiệm của từng tổ chức, cá nhân, lộ trình thực hiện, sản phẩm và kết quả đầu ra; bảo đảm tính thiết thực, hiệu quả, tránh hình thức.',
    'Thực hiện chế độ theo dõi, đánh giá, báo cáo định kỳ; kịp thời biểu dương, khen thưởng các tập thể, cá nhân tiêu biểu, nhân rộng các mô hình, cách làm hay trong hoạt động của Tổ Công nghệ số cộng đồng.',
  ].join('\n'),
  generalGoal: [
    'Đưa nền tảng số, công nghệ số, kỹ năng số đến người dân thông qua Tổ công nghệ số cộng đồng để thúc đẩy chuyển đổi số, dẫn dắt người dân tiếp cận môi trường số, người dân tiên phong sử dụng nền tảng số, công nghệ số; qua đó, trở thành tác nhân thúc đẩy chính quyền chuyển đổi số mạnh mẽ hơn.',
    'Tổ công nghệ số cộng đồng (TCNSCĐ) là lực lượng mang tính huy động sức mạnh toàn dân, ở gần dân, sát dân và là cánh tay nối dài của Ban Chỉ đạo chuyển đổi số của xã.',
  ].join('\n'),
  content: [
    '1. Tiếp tục kiện toàn, duy trì hoạt động của Tổ CNSCĐ: lực lượng nòng cốt là Đoàn Thanh niên; các thành viên khác có thể gồm Đảng viên, Hội viên hội Nông dân, Hội viên hội Liên hiệp Phụ nữ, nhân dân trên địa bàn có hiểu biết, có kỹ năng sử dụng công nghệ số, với số lượng mỗi Tổ từ 3 đến 5 thành viên.',
    '2. Tập huấn nghiệp vụ cho Tổ công nghệ số cộng đồng: các chủ trương, chính sách, pháp luật về chuyển đổi số; sử dụng dịch vụ công trực tuyến, chữ ký số; sử dụng các nền tảng số, ứng dụng trong công việc, cuộc sống; kỹ năng bảo đảm an toàn thông tin, dữ liệu cá nhân trên môi trường số. Tập huấn trực tuyến (qua nền tảng Bình dân học vụ số) kết hợp với trực tiếp, cầm tay chỉ việc, thực hành thực tế; lồng ghép với các chương trình bồi dưỡng, tập huấn khác của xã để tiết kiệm nguồn lực.',
    '3. Tổ chức truyền thông và tuyên truyền các hoạt động: qua hệ thống truyền thanh cơ sở; lồng ghép trong các cuộc họp thôn, bản, sinh hoạt chi bộ, sinh hoạt của các tổ chức đoàn thể; tuyên truyền trực tiếp tại hộ gia đình theo phương châm “đi từng ngõ, gõ từng nhà, hướng dẫn từng người”; nhóm Zalo cộng đồng, mạng xã hội và các hình thức truyền thông trực quan khác.',
    '4. Khen thưởng, tôn vinh các cá nhân, tập thể: phát động phong trào thi đua; bình chọn các danh hiệu “Tổ Công nghệ số cộng đồng tiêu biểu”, “Công dân số xuất sắc”, “Gia đình số tiêu biểu”, “Khu dân cư số tiêu biểu”; lập hồ sơ đề xuất gửi Sở Khoa học và Công nghệ.',
  ].join('\n'),
};

type SeedTask = Omit<TaskValues, 'sourceDocument' | 'villageId' | 'clause'> & { responsible: TaskUnit };

/** Section IV as tasks; dates in the plan's year. */
export function demoPlanTasks(y: number): SeedTask[] {
  const t = (responsible: TaskUnit, title: string, when: { dueOn: string } | { repeat: 'monthly' | 'quarterly'; day: number }, extra: Partial<SeedTask> = {}): SeedTask => ({
    responsible, title, cooperating: [], evidenceExpected: null, completesWith: null,
    dueOn: 'dueOn' in when ? when.dueOn : null, repeat: 'repeat' in when ? when.repeat : null, repeatDay: 'repeat' in when ? when.day : null, ...extra,
  });
  return [
    t('culture_office', 'Chủ trì, phối hợp với các cơ quan, đơn vị tham mưu UBND xã triển khai Kế hoạch; phổ biến Kế hoạch đến các thôn và Tổ CNSCĐ', { dueOn: `${y}-01-31` }, { cooperating: ['economy_office', 'youth_union'] }),
    t('culture_office', 'Làm đầu mối hướng dẫn Tổ CNSCĐ: tổ chức tập huấn nghiệp vụ cho các Tổ công nghệ số cộng đồng', { dueOn: `${y}-03-31` }, { cooperating: ['youth_union', 'service_center'], evidenceExpected: 'training' }),
    t('culture_office', 'Nâng cao chất lượng thông tin, tuyên truyền về chuyển đổi số đến người dân (truyền thanh, họp thôn, Zalo)', { repeat: 'quarterly', day: 10 }, { cooperating: ['public_service_center'] }),
    t('culture_office', 'Tổng hợp, báo cáo tình hình, kết quả triển khai thực hiện hằng tháng gửi Sở Khoa học và Công nghệ', { repeat: 'monthly', day: 5 }, { completesWith: 'commune_monthly', evidenceExpected: 'report' }),
    t('economy_office', 'Tham mưu UBND xã bố trí kinh phí thực hiện Kế hoạch theo phân cấp ngân sách và các nguồn hợp pháp khác', { dueOn: `${y}-02-28` }, { evidenceExpected: 'file' }),
    t('economy_office', 'Hướng dẫn các đơn vị sử dụng ngân sách, thanh, quyết toán kinh phí theo quy định', { dueOn: `${y}-12-31` }, { cooperating: ['culture_office'] }),
    t('service_center', 'Hỗ trợ người dân, doanh nghiệp thực hiện thủ tục hành chính trên Cổng Dịch vụ công quốc gia, cài đặt VNeID, VssID; tổng hợp vướng mắc báo cáo lãnh đạo', { repeat: 'quarterly', day: 5 }),
    t('public_service_center', 'Mở chuyên mục, đăng tin, bài, phóng sự về mô hình mới, gương điển hình của Tổ công nghệ số các thôn', { repeat: 'monthly', day: 5 }, { evidenceExpected: 'link' }),
    t('youth_union', 'Chỉ đạo các tổ chức Đoàn trực thuộc cử đoàn viên làm lực lượng nòng cốt trong Tổ CNSCĐ', { dueOn: `${y}-01-31` }),
    t('youth_union', 'Xây dựng Kế hoạch phối hợp phát huy vai trò xung kích của đoàn viên thanh niên, giáo viên, học sinh trong hướng dẫn kỹ năng số', { dueOn: `${y}-02-28` }, { cooperating: ['culture_office'], evidenceExpected: 'file' }),
    t('youth_union', 'Phát động phong trào thi đua đoàn viên thanh niên tiên phong sử dụng nền tảng, ứng dụng công nghệ số (Tháng Thanh niên)', { dueOn: `${y}-03-31` }),
    t('other_offices', 'Quán triệt cán bộ, công chức, viên chức và người lao động tiên phong sử dụng nền tảng, ứng dụng số (VNeID, VssID…)', { dueOn: `${y}-06-30` }, { cooperating: ['culture_office'] }),
    t('village_head', 'Triển khai, quán triệt Kế hoạch tại thôn; kiểm tra, đôn đốc Tổ CNSCĐ thực hiện nhiệm vụ được giao', { dueOn: `${y}-02-15` }),
    t('village_head', 'Báo cáo tình hình hoạt động Tổ công nghệ số cộng đồng hằng tháng về Phòng Văn hóa - Xã hội', { repeat: 'monthly', day: 3 }, { completesWith: 'village_monthly', evidenceExpected: 'report' }),
    t('village_head', 'Báo cáo tình hình hoạt động Tổ công nghệ số cộng đồng hằng quý về Phòng Văn hóa - Xã hội', { repeat: 'quarterly', day: 3 }, { completesWith: 'village_quarterly', evidenceExpected: 'report' }),
  ];
}

export async function seedDemoPlan(db: Kysely<DB>, year: DemoYear): Promise<number> {
  const commune = await db.selectFrom('org_units').select(['id', 'path']).where('level', '=', 'commune').where('name', '=', 'Bạch Ngọc').executeTakeFirst();
  if (!commune) return 0;
  const y = year.year;
  if (await db.selectFrom('plans').select('id').where('org_unit_id', '=', commune.id).where('year', '=', y).executeTakeFirst()) return 0;
  const accounts = await db.selectFrom('accounts').select(['id', 'username', 'full_name']).where('username', 'in', ['vhxh', 'lanhdao']).execute();
  const office = accounts.find((a) => a.username === 'vhxh');
  const leader = accounts.find((a) => a.username === 'lanhdao');
  if (!office || !leader) return 0;

  const planId = uuidv7();
  await insertPlan(db, {
    id: planId, orgUnitId: commune.id, year: y, draftedFrom: null, createdBy: office.id, title: PLAN_TEXT.title(y), implements: PLAN_TEXT.implements(y),
    purposeText: PLAN_TEXT.purpose, requirementsText: PLAN_TEXT.requirements, generalGoalText: PLAN_TEXT.generalGoal, contentText: PLAN_TEXT.content,
  });
  await replaceTargets(db, planId, INDICATOR_CODES.filter((c) => PLAN_TARGETS[c] !== null).map((code) => ({ code, targetPercent: PLAN_TARGETS[code]! })));
  // Approved in late January, as the plan's own date says; its targets are those the figures already read (the 2026 plan's).
  await db.updateTable('plans').set({
    status: 'approved', number_value: 8, issued_on: `${y}-01-20`, signer_name: leader.full_name, signer_title: 'PHÓ CHỦ TỊCH',
    approved_by: leader.id, approved_at: new Date(`${y}-01-20T09:00:00+07:00`), created_at: new Date(`${y}-01-16T08:00:00+07:00`),
  }).where('id', '=', planId).execute();

  const tasks = demoPlanTasks(y);
  for (const task of tasks) {
    await insertTaskWithOccurrences(db, { accountId: office.id }, {
      ...task, clause: '', villageId: null, sourceDocument: null, id: uuidv7(), orgUnitId: commune.id, communePath: commune.path, year: y, planId,
    });
  }
  await sql`UPDATE tasks SET clause = CASE responsible
      WHEN 'culture_office' THEN 'IV.1' WHEN 'economy_office' THEN 'IV.2' WHEN 'service_center' THEN 'IV.3' WHEN 'public_service_center' THEN 'IV.4'
      WHEN 'youth_union' THEN 'IV.5' WHEN 'other_offices' THEN 'IV.6' ELSE 'IV.7' END,
    created_at = ${new Date(`${y}-01-20T10:00:00+07:00`)}
    WHERE plan_id = ${planId}`.execute(db);
  await sql`UPDATE task_events SET at = ${new Date(`${y}-01-20T10:00:00+07:00`)} WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = ${planId})`.execute(db);
  await settleOccurrences(db, planId, commune.id, year.today);
  return tasks.length;
}

/** Past occurrences done as a working commune does them; a few left late on purpose. */
async function settleOccurrences(db: Kysely<DB>, planId: string, communeId: number, today: string) {
  // The village and commune reports: done on the day the report went in (its evidence), or on paper before the reports the demo holds.
  await sql`
    WITH arrived AS (
      SELECT o.id, r.id AS report_id,
        CASE WHEN t.completes_with = 'commune_monthly'
          THEN CASE WHEN r.status = 'sent' THEN (r.reviewed_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END
          ELSE (coalesce((SELECT min(e.at) FROM report_events e WHERE e.report_id = r.id AND e.action = 'submitted'), r.submitted_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
        END AS on_day
      FROM task_occurrences o JOIN tasks t ON t.id = o.task_id
      JOIN reports r ON r.kind = t.completes_with AND r.org_unit_id = coalesce(o.village_id, o.org_unit_id)
        AND r.period_start = o.period_start AND r.period_end = o.period_end
      WHERE t.plan_id = ${planId}
    )
    UPDATE task_occurrences o SET status = 'done', done_on = a.on_day, evidence_kind = 'report', evidence_record_id = a.report_id
    FROM arrived a WHERE a.id = o.id AND a.on_day IS NOT NULL`.execute(db);
  // A report returned for correction leaves its task under way until it is sent again.
  await sql`UPDATE task_occurrences SET status = 'doing', done_on = NULL
    WHERE evidence_record_id IN (SELECT id FROM reports WHERE status = 'returned') AND task_id IN (SELECT id FROM tasks WHERE plan_id = ${planId})`.execute(db);
  await sql`
    UPDATE task_occurrences o SET status = 'done', done_on = o.due_on - (abs(hashtext(o.id::text)) % 3), note = 'Đã nộp báo cáo bản giấy.'
    FROM tasks t
    WHERE t.id = o.task_id AND t.plan_id = ${planId} AND t.completes_with IS NOT NULL AND o.status = 'todo' AND o.due_on < ${today}
      AND o.period_start < coalesce((SELECT min(r.period_start) FROM reports r JOIN org_units ru ON ru.id = r.org_unit_id
        WHERE r.kind = t.completes_with AND (ru.id = ${communeId} OR ru.parent_id = ${communeId})), ${today}::date)`.execute(db);
  // Other work: done a day or four before its due day, one in six a few days late; left overdue:
  // the other offices' (no account acts for them) and the service centre's November article.
  await sql`
    UPDATE task_occurrences o SET status = 'done',
      done_on = CASE WHEN abs(hashtext(o.id::text)) % 6 = 0 THEN o.due_on + 3 ELSE o.due_on - 1 - (abs(hashtext(o.id::text)) % 4) END,
      evidence_kind = CASE t.evidence_expected WHEN 'link' THEN 'link' WHEN 'training' THEN
        CASE WHEN (SELECT id FROM trainings tr WHERE tr.org_unit_id = ${communeId} AND tr.status = 'held' ORDER BY tr.starts_at LIMIT 1) IS NOT NULL THEN 'training' END END,
      evidence_url = CASE t.evidence_expected WHEN 'link' THEN 'https://bachngoc.tuyenquang.gov.vn/chuyen-doi-so/to-cong-nghe-so-' || to_char(o.period_end, 'MM-YYYY') END,
      evidence_record_id = CASE t.evidence_expected WHEN 'training' THEN (SELECT id FROM trainings tr WHERE tr.org_unit_id = ${communeId} AND tr.status = 'held' ORDER BY tr.starts_at LIMIT 1) END
    FROM tasks t
    WHERE t.id = o.task_id AND t.plan_id = ${planId} AND t.completes_with IS NULL AND o.status = 'todo' AND o.due_on < ${today}
      AND t.responsible <> 'other_offices'
      AND NOT (t.responsible = 'public_service_center' AND o.due_on >= (date_trunc('month', ${today}::date))::date)`.execute(db);
  // Done on a day that is still to come would be a prophecy: yesterday at the latest.
  await sql`UPDATE task_occurrences SET done_on = ${today}::date - 1 WHERE done_on >= ${today}::date AND task_id IN (SELECT id FROM tasks WHERE plan_id = ${planId})`.execute(db);
  // Work due within the week is under way.
  await sql`
    UPDATE task_occurrences o SET status = 'doing' FROM tasks t
    WHERE t.id = o.task_id AND t.plan_id = ${planId} AND t.completes_with IS NULL AND o.status = 'todo' AND o.due_on BETWEEN ${today} AND ${today}::date + 7`.execute(db);
  // Each change has its history row, by the office that set the tasks.
  await sql`
    INSERT INTO task_events (task_id, occurrence_id, at, account_id, action, from_status, to_status, detail)
    SELECT o.task_id, o.id, (coalesce(o.done_on, ${today}::date - 1) + time '16:00') AT TIME ZONE 'Asia/Ho_Chi_Minh',
      coalesce((SELECT a.id FROM accounts a WHERE a.org_unit_id = o.village_id AND a.role = 'village_head' ORDER BY a.created_at LIMIT 1),
               (SELECT a.id FROM accounts a WHERE a.username = 'vhxh')),
      CASE WHEN o.evidence_kind = 'report' THEN 'auto_completed' ELSE 'progress' END, 'todo', CASE WHEN o.evidence_kind = 'report' THEN 'done' ELSE o.status END,
      CASE WHEN o.evidence_kind IS NOT NULL THEN jsonb_build_object('evidence', o.evidence_kind) ELSE '{}'::jsonb END
    FROM task_occurrences o JOIN tasks t ON t.id = o.task_id
    WHERE t.plan_id = ${planId} AND o.status <> 'todo'`.execute(db);
  await sql`
    INSERT INTO task_events (task_id, occurrence_id, at, account_id, action, from_status, to_status, detail)
    SELECT o.task_id, o.id, r.reviewed_at, r.reviewed_by, 'auto_reopened', 'done', 'doing', jsonb_build_object('reportId', r.id)
    FROM task_occurrences o JOIN reports r ON r.id = o.evidence_record_id
    WHERE o.status = 'doing' AND r.status = 'returned' AND o.task_id IN (SELECT id FROM tasks WHERE plan_id = ${planId})`.execute(db);
}
