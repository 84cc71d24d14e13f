// The demo commune's emulation movement of its plan year: Phòng VH-XH's criteria for the four
// titles (a sensible set, since no province has published one), the campaign launched in
// January and ending on 30 November, its candidates computed from the year's data; once the
// campaign is over (from 4 December on) the villages, the Youth Union and Phòng VH-XH have
// nominated, the emulation council has met on 5 December and the chair has decided on
// 7 December. Everything goes through the awards service, as a user's clicks would.
import { type Kysely, sql } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import type { AwardTitle, RuleInput } from '../shared/awards.ts';
import type { Role } from '../shared/roles.ts';
import type { DB } from '../server/db/schema.ts';
import type { Actor } from '../server/http/actor.ts';
import {
  createCampaign,
  decide,
  listCandidates,
  listNominations,
  nominate,
  recordMeeting,
  saveRule,
  startCampaign,
} from '../server/features/awards/awards.service.ts';

const NAMESPACE = '3b7c2f9e-41d5-4a8e-9c3f-7a2e6d1b5c84';
const idOf = (...parts: Array<string | number>) => uuidv5(parts.join(':'), NAMESPACE);

/** The demo's criteria of the four titles. Thresholds are the commune's choice, editable on the desk. */
export const DEMO_RULES: Record<AwardTitle, Omit<RuleInput, 'award'>> = {
  citizen: {
    combine: 'all',
    conditions: [
      { figure: 'age', op: '>=', value: 16 },
      { figure: 'vneid_level2', op: 'is', value: true },
      { figure: 'bank_account', op: 'is', value: true },
      { figure: 'dvc_account', op: 'is', value: true },
      { figure: 'basic_skills', op: 'is', value: true },
      { figure: 'bdhvs_certified', op: 'is', value: true },
      { figure: 'procedures', op: '>=', value: 1 },
    ],
    score: [{ figure: 'procedures', weight: 2 }, { figure: 'cashless_payment', weight: 1 }, { figure: 'vssid', weight: 1 }],
    note: 'Công dân từ 16 tuổi có đủ danh tính số mức 2, tài khoản ngân hàng số, tài khoản DVC, kỹ năng số cơ bản, chứng nhận Bình dân học vụ số và đã tự thực hiện ít nhất một thủ tục trực tuyến.',
  },
  family: {
    combine: 'all',
    conditions: [
      { figure: 'members_16', op: '>=', value: 2 },
      { figure: 'pct_16_vneid2', op: '>=', value: 100 },
      { figure: 'pct_16_bank', op: '>=', value: 100 },
      { figure: 'members_skills_dvc', op: '>=', value: 2 },
      { figure: 'household_informed', op: 'is', value: true },
      { figure: 'members_cashless', op: '>=', value: 1 },
    ],
    score: [{ figure: 'members_skills_dvc', weight: 2 }, { figure: 'members_cashless', weight: 1 }],
    note: 'Hộ có từ hai thành viên 16 tuổi trở lên, mọi thành viên từ 16 tuổi có VNeID mức 2 và tài khoản ngân hàng số; ít nhất hai thành viên có kỹ năng số cơ bản và tài khoản DVC; gia đình đã được tuyên truyền và thanh toán không dùng tiền mặt.',
  },
  village: {
    combine: 'all',
    conditions: [
      { figure: 'pct_TT', op: '>=', value: 95 },
      { figure: 'pct_DD', op: '>=', value: 85 },
      { figure: 'pct_KNS', op: '>=', value: 60 },
      { figure: 'pct_HGD', op: '>=', value: 75 },
    ],
    score: [{ figure: 'progress_pts', weight: 1 }, { figure: 'below_target', weight: -5 }],
    note: 'Năm đầu triển khai: chưa thôn nào đạt đủ chỉ tiêu năm, nên xét các thôn dẫn đầu (tuyên truyền ≥ 95 % hộ, DD ≥ 85 %, KNS ≥ 60 %, HGD ≥ 75 %); xếp hạng theo mức tiến bộ và số chỉ tiêu còn chưa đạt.',
  },
  team: {
    combine: 'all',
    conditions: [
      { figure: 'team_members', op: '>=', value: 3 },
      { figure: 'visits_per_member', op: '>=', value: 75 },
      { figure: 'pct_trained', op: '>=', value: 80 },
      { figure: 'village_progress_pts', op: '>=', value: 55 },
    ],
    score: [{ figure: 'village_progress_pts', weight: 1 }, { figure: 'visits_per_member', weight: 0.1 }, { figure: 'pct_reports_on_time', weight: 0.2 }],
    note: 'Tổ đủ 3 thành viên trở lên, bình quân ≥ 75 lượt hỗ trợ mỗi thành viên, ≥ 80 % thành viên được tập huấn, thôn tiến bộ ≥ 55 điểm %; báo cáo tháng đúng hạn được cộng điểm.',
  },
};

async function actorOf(db: Kysely<DB>, username: string): Promise<Actor | null> {
  const { rows } = await sql<{ id: string; username: string; full_name: string; role: Role; org_unit_id: number; path: string; level: 'province' | 'commune' | 'village'; name: string }>`
    SELECT a.id, a.username, a.full_name, a.role, a.org_unit_id, u.path, u.level, u.name
    FROM accounts a JOIN org_units u ON u.id = a.org_unit_id WHERE lower(a.username) = ${username}`.execute(db);
  const a = rows[0];
  if (!a) return null;
  return {
    accountId: a.id, username: a.username, fullName: a.full_name, role: a.role, orgUnitId: a.org_unit_id, orgPath: a.path, orgLevel: a.level, orgName: a.name,
    scope: { path: a.path, accountId: a.id, role: a.role }, ip: null, requestId: null,
  };
}

export async function demoAwardsMissing(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM award_campaigns`.execute(db);
  return rows[0].n === 0;
}

export async function seedDemoAwards(db: Kysely<DB>, demo: { today: string; year: number }): Promise<void> {
  if (!(await demoAwardsMissing(db))) return;
  const [office, leader, youth, head1, head2] = await Promise.all(['vhxh', 'lanhdao', 'doan', 'truongthon1', 'truongthon2'].map((u) => actorOf(db, u)));
  if (!office || !leader || !youth || !head1 || !head2) return;
  const y = demo.year;
  for (const award of ['citizen', 'family', 'village', 'team'] as const) await saveRule(db, office, { award, ...DEMO_RULES[award] });

  const campaignId = idOf('campaign', y);
  const campaign = await createCampaign(db, office, {
    id: campaignId, communeId: office.orgUnitId,
    name: `Phong trào thi đua "Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn" năm ${y}`,
    decisionNumber: '12/QĐ-UBND', decisionDate: `${y}-01-20`, decisionFileId: null,
    periodFrom: `${y}-01-01`, periodTo: `${y}-11-30`,
    titles: [{ award: 'citizen', maxCount: 10 }, { award: 'family', maxCount: 5 }, { award: 'village', maxCount: 2 }, { award: 'team', maxCount: 2 }],
    nominators: ['village_head', 'youth_union', 'culture_office'],
  });
  // Started when the launch decision is signed; the candidates are those of the data as of the
  // campaign's end (or of yesterday while it runs).
  await startCampaign(db, office, { id: campaignId, version: campaign.version }, demo.today);
  if (demo.today < `${y}-12-04`) return;

  const all = (await listCandidates(db, office, { id: campaignId })).items;
  const first = (award: AwardTitle, villageId?: number, n = 1) => all.filter((c) => c.award === award && (villageId === undefined || c.village.id === villageId)).slice(0, n);
  let k = 0;
  const put = async (who: Actor, candidateId: string, award: AwardTitle, achievement: string, consent = true) => {
    k += 1;
    await nominate(db, who, { campaignId, id: idOf('nomination', y, k), award, candidateId, subjectId: null, reason: '', achievement, publicConsent: consent });
  };
  // Each village head: the best citizens and family of their village.
  for (const head of [head1, head2]) {
    for (const c of first('citizen', head.orgUnitId, 2)) await put(head, c.id, 'citizen', `Tích cực sử dụng dịch vụ công trực tuyến, hướng dẫn hàng xóm cài đặt VNeID và ứng dụng ngân hàng.`);
    for (const c of first('family', head.orgUnitId, 1)) await put(head, c.id, 'family', 'Cả gia đình sử dụng thành thạo các ứng dụng số thiết yếu, thanh toán không dùng tiền mặt.');
  }
  // The Youth Union: the leading team, and one of its members outside the criteria.
  for (const c of first('team')) await put(youth, c.id, 'team', 'Tổ hoạt động đều, hỗ trợ nhiều hộ nhất xã, đoàn viên là nòng cốt.');
  const members = (await sql<{ person_id: string }>`
    SELECT m.person_id FROM team_members m JOIN teams t ON t.id = m.team_id JOIN org_units v ON v.id = t.village_id
    JOIN people p ON p.id = m.person_id AND p.status = 'resident'
    WHERE v.parent_id = ${office.orgUnitId} AND m.affiliation = 'youth_union' AND m.left_on IS NULL
    ORDER BY v.name, m.full_name`.execute(db)).rows;
  const member = members.find((m) => !all.some((c) => c.award === 'citizen' && c.subjectId === m.person_id));
  if (member) {
    k += 1;
    await nominate(db, youth, {
      campaignId, id: idOf('nomination', y, k), award: 'citizen', candidateId: null, subjectId: member.person_id,
      reason: 'Đoàn viên Tổ CNSCĐ, trực tiếp hướng dẫn hơn 100 lượt người dân cài đặt và kích hoạt VNeID; chưa tự thực hiện thủ tục trực tuyến nên chưa đủ tiêu chí.',
      achievement: 'Hướng dẫn người dân kích hoạt định danh điện tử mức 2 tại nhà văn hóa thôn vào các buổi tối.', publicConsent: true,
    });
  }
  // Phòng VH-XH: the leading villages, and the best citizens of the other villages.
  for (const c of first('village', undefined, 2)) await put(office, c.id, 'village', 'Thôn dẫn đầu xã về tỷ lệ hộ được tuyên truyền và người dân có danh tính số.');
  const taken = new Set((await listNominations(db, office, { id: campaignId })).items.map((n) => n.subjectId));
  const others = all.filter((c) => c.award === 'citizen' && c.village.id !== head1.orgUnitId && c.village.id !== head2.orgUnitId && !taken.has(c.subjectId)).slice(0, 5);
  for (const [i, c] of others.entries()) await put(office, c.id, 'citizen', 'Gương mẫu sử dụng dịch vụ công trực tuyến và thanh toán không dùng tiền mặt.', i !== 0);
  if (demo.today < `${y}-12-06`) return;

  // The council meets on 5 December: six of its seven members present.
  const pending = (await listNominations(db, office, { id: campaignId })).items;
  const limit: Record<AwardTitle, number> = { citizen: 8, family: 2, village: 1, team: 1 };
  const chosen: Record<AwardTitle, number> = { citizen: 0, family: 0, village: 0, team: 0 };
  const votes = pending.map((n, i) => {
    const pick = chosen[n.award] < limit[n.award];
    if (pick) chosen[n.award] += 1;
    return { nominationId: n.id, votesFor: pick ? 6 - (i % 2) : 2, chosen: pick };
  });
  await recordMeeting(db, office, {
    id: campaignId, heldOn: `${y}-12-05`, place: 'Phòng họp UBND xã Bạch Ngọc', chair: 'Tô Văn Trường - Chủ tịch UBND xã, Chủ tịch Hội đồng',
    secretary: 'Hoàng Thị Lan - Công chức Văn hóa - Xã hội', membersTotal: 7, membersPresent: 6,
    presentNames: ['Tô Văn Trường', 'Hoàng Thị Lan', 'Triệu Văn Nam', 'Nông Văn Hải', 'Ma Thị Thu', 'Lý Thị Hằng'],
    notes: 'Hội đồng thống nhất đề nghị Chủ tịch UBND xã tặng Giấy khen cho các cá nhân, gia đình, tập thể được chọn.', votes,
  });
  if (demo.today < `${y}-12-08`) return;

  await decide(db, leader, {
    campaignId, id: idOf('decision', y), number: '245/QĐ-UBND', decidedOn: `${y}-12-07`, form: 'commune_certificate',
    signerName: 'Tô Văn Trường', signerTitle: 'Chủ tịch', nominationIds: votes.filter((v) => v.chosen).map((v) => v.nominationId),
  });
}
