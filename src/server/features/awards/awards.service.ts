// Emulation and awards: Phòng VH-XH writes each title's rule (a new version per change) and
// runs campaigns, which freeze the rules when they start and compute the candidates with their
// evidence; recomputing is an explicit act that records what changed. Villages (their head),
// the Youth Union and Phòng VH-XH nominate; the council meets and votes; the leader decides;
// an award obtained with false data is revoked. Every step is kept in award_history and the
// audit log, in the request's transaction.
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { addDays, todayInVietnam } from '../../../shared/calendar.ts';
import {
  AWARD_FIGURES,
  AWARD_TITLES,
  AWARD_TITLE_LABELS,
  type AwardFigure,
  type AwardTitle,
  type CampaignInput,
  type CampaignSummary,
  type CampaignUpdate,
  type CandidateChanges,
  type CandidatesAnswer,
  type CouncilView,
  type DecisionInput,
  type EvidenceItem,
  type FrozenRule,
  type HonourBoard,
  type MeetingInput,
  type NominationInput,
  type NominationView,
  type NominatorRole,
  type RuleInput,
  type RulesAnswer,
  type SubjectSearchAnswer,
  type RuleView,
  NOMINATOR_ROLES,
  conditionProblem,
} from '../../../shared/awards.ts';
import { PLAN_TARGETS, INDICATOR_CODES } from '../../../shared/indicators.ts';
import { can } from '../../../shared/roles.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { claimAttachments } from '../attachments/attachments.service.ts';
import { effectiveTargets } from '../indicators/indicators.queries.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import { type FigureWindow, figuresOfRule, passingSubjects, villageIndicatorRows } from './awards.figures.ts';
import * as q from './awards.queries.ts';

export const CAMPAIGN_ENTITY = 'award_campaign';
const NOT_FOUND = 'Không tìm thấy đợt thi đua hoặc đợt thi đua ngoài phạm vi của bạn.';
const CHANGED = 'Dữ liệu đã được người khác thay đổi trong lúc bạn sửa. Tải lại trang rồi làm lại.';

// ---- Commune and access ----

/** The commune the caller works for: theirs, or the one named (an administrator's choice). */
async function communeFor(db: Kysely<DB>, actor: Actor, communeId?: number) {
  if (communeId === undefined) {
    if (actor.orgLevel === 'commune') return { id: actor.orgUnitId, name: actor.orgName, path: actor.orgPath };
    throw invalid('communeId', 'Xã: chọn xã của đợt thi đua.');
  }
  const unit = await unitInScope(db, actor.scope, communeId).catch(() => {
    throw invalid('communeId', 'Xã: không tồn tại hoặc ngoài phạm vi của bạn.');
  });
  if (unit.level !== 'commune') throw invalid('communeId', `Xã: ${unit.name} không phải một xã.`);
  return unit;
}

function refuseUnlessManager(actor: Actor, communePath: string) {
  if (!can(actor.role, 'awards.manage') || !communePath.startsWith(actor.scope.path)) {
    throw forbidden('Chỉ Phòng Văn hóa - Xã hội của xã được làm việc này.');
  }
}

async function loadCampaign(db: Kysely<DB>, actor: Actor, id: string): Promise<q.CampaignRow> {
  const row = await q.findCampaign(db, id, actor.scope.path);
  if (!row) throw notFound(NOT_FOUND);
  return row;
}

/** The villages whose subjects the caller sees and nominates in: a village head's own; the commune's otherwise. */
async function villagesInReach(db: Kysely<DB>, actor: Actor, campaign: q.CampaignRow): Promise<number[]> {
  const villages = await q.villagesOf(db, campaign.commune_id);
  if (actor.orgLevel === 'village') return villages.filter((v) => v.id === actor.orgUnitId).map((v) => v.id);
  return villages.map((v) => v.id);
}

// ---- Rules ----

const ruleView = (r: q.RuleRow): RuleView => ({
  id: r.id, award: r.title, version: r.version, combine: r.combine, conditions: r.conditions, score: r.score, note: r.note,
  createdBy: r.created_by_name, createdAt: r.created_at.toISOString(),
});

export async function listRules(db: Kysely<DB>, actor: Actor, query: { communeId?: number }): Promise<RulesAnswer> {
  const commune = await communeFor(db, actor, query.communeId);
  const rows = await q.rulesOf(db, commune.id);
  const current = Object.fromEntries(AWARD_TITLES.map((t) => [t, null])) as RulesAnswer['current'];
  for (const r of rows) if (!current[r.title]) current[r.title] = ruleView(r);
  return { communeId: commune.id, current, history: rows.map(ruleView) };
}

/** Refuses a rule whose figures are unknown or not the title's, or whose thresholds are out of range. */
export function checkRule(input: RuleInput): void {
  input.conditions.forEach((c, i) => {
    const problem = conditionProblem(input.award, c);
    if (problem) throw invalid(`conditions.${i}.${problem.startsWith('chỉ số') ? 'figure' : 'value'}`, `Điều kiện ${i + 1}: ${problem}`);
  });
  input.score.forEach((s, i) => {
    const figure = AWARD_FIGURES[s.figure as AwardFigure];
    if (!figure) throw invalid(`score.${i}.figure`, `Điểm xếp hạng ${i + 1}: chỉ số "${s.figure}" không có trong hệ thống.`);
    if (figure.title !== input.award) throw invalid(`score.${i}.figure`, `Điểm xếp hạng ${i + 1}: chỉ số "${figure.label}" không dùng cho danh hiệu ${AWARD_TITLE_LABELS[input.award]}.`);
  });
}

export async function saveRule(db: Kysely<DB>, actor: Actor, input: RuleInput & { communeId?: number }): Promise<RulesAnswer> {
  const commune = await communeFor(db, actor, input.communeId);
  refuseUnlessManager(actor, commune.path);
  checkRule(input);
  const id = uuidv7();
  const version = await q.insertRule(db, { id, communeId: commune.id, title: input.award, combine: input.combine, conditions: input.conditions, score: input.score, note: input.note, by: actor.accountId });
  await writeAudit(db, actor, { action: 'create', entity: 'award_rule', entityId: id, orgUnitId: commune.id, after: { ...input, version } });
  return listRules(db, actor, { communeId: commune.id });
}

// ---- Campaigns ----

async function summaries(db: Kysely<DB>, rows: q.CampaignRow[]): Promise<CampaignSummary[]> {
  const titles = await q.campaignTitles(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, communeId: r.commune_id, communeName: r.commune_name, name: r.name, decisionNumber: r.decision_number, decisionDate: r.decision_date,
    decisionFileId: r.decision_file_id, periodFrom: r.period_from, periodTo: r.period_to, nominators: r.nominators as NominatorRole[], status: r.status,
    startedAt: r.started_at?.toISOString() ?? null, version: r.version,
    titles: titles.filter((t) => t.campaign_id === r.id).map((t) => ({ award: t.title, maxCount: t.max_count, rule: t.rule_frozen, candidates: t.candidates, nominated: t.nominated, awarded: t.awarded })),
  }));
}

export async function listCampaignsFor(db: Kysely<DB>, actor: Actor, query: { communeId?: number }) {
  return { items: await summaries(db, await q.listCampaigns(db, actor.scope.path, query.communeId)) };
}

export async function getCampaign(db: Kysely<DB>, actor: Actor, id: string): Promise<CampaignSummary> {
  return (await summaries(db, [await loadCampaign(db, actor, id)]))[0];
}

function checkCampaign(input: Pick<CampaignInput, 'periodFrom' | 'periodTo' | 'titles' | 'decisionDate'>) {
  if (input.periodTo < input.periodFrom) throw invalid('periodTo', 'Thời gian đến ngày: phải từ ngày bắt đầu trở đi.');
  const seen = new Set<string>();
  input.titles.forEach((t, i) => {
    if (seen.has(t.award)) throw invalid(`titles.${i}.award`, `Danh hiệu: "${AWARD_TITLE_LABELS[t.award]}" được chọn hai lần.`);
    seen.add(t.award);
  });
}

export async function createCampaign(db: Kysely<DB>, actor: Actor, input: CampaignInput): Promise<CampaignSummary> {
  const commune = await communeFor(db, actor, input.communeId);
  refuseUnlessManager(actor, commune.path);
  checkCampaign(input);
  const existing = await q.findCampaign(db, input.id, '/');
  if (existing) return getCampaign(db, actor, input.id); // the same id again: already created
  await q.insertCampaign(db, { ...input, communeId: commune.id, nominators: [...new Set(input.nominators)], by: actor.accountId });
  await q.setCampaignTitles(db, input.id, input.titles);
  if (input.decisionFileId) await claimAttachments(db, actor, { ids: [input.decisionFileId], owner: { entity: CAMPAIGN_ENTITY, id: input.id, orgUnitId: commune.id }, field: 'decisionFileId' });
  await q.addHistory(db, { campaignId: input.id, by: actor.accountId, action: 'created', detail: input.name });
  await writeAudit(db, actor, { action: 'create', entity: CAMPAIGN_ENTITY, entityId: input.id, orgUnitId: commune.id, after: input });
  return getCampaign(db, actor, input.id);
}

export async function changeCampaign(db: Kysely<DB>, actor: Actor, input: CampaignUpdate & { id: string }): Promise<CampaignSummary> {
  const row = await loadCampaign(db, actor, input.id);
  refuseUnlessManager(actor, row.commune_path);
  if (row.status !== 'draft') throw conflict('Đợt thi đua đã bắt đầu: tiêu chí và danh hiệu đã được chốt, không sửa được.');
  checkCampaign(input);
  if (!(await q.updateCampaign(db, row.id, input.version, { ...input, nominators: [...new Set(input.nominators)] }))) throw conflict(CHANGED);
  await q.setCampaignTitles(db, row.id, input.titles);
  if (input.decisionFileId && input.decisionFileId !== row.decision_file_id) {
    await claimAttachments(db, actor, { ids: [input.decisionFileId], owner: { entity: CAMPAIGN_ENTITY, id: row.id, orgUnitId: row.commune_id }, field: 'decisionFileId' });
  }
  await writeAudit(db, actor, { action: 'update', entity: CAMPAIGN_ENTITY, entityId: row.id, orgUnitId: row.commune_id, after: input });
  return getCampaign(db, actor, row.id);
}

/** Starts a campaign: each title's newest rule is frozen into it, then the candidates are computed. */
export async function startCampaign(db: Kysely<DB>, actor: Actor, input: { id: string; version: number }, today = todayInVietnam()): Promise<CampaignSummary> {
  const row = await loadCampaign(db, actor, input.id);
  refuseUnlessManager(actor, row.commune_path);
  if (row.status !== 'draft') throw conflict('Đợt thi đua đã bắt đầu.');
  const rules = await q.latestRules(db, row.commune_id);
  const titles = await q.campaignTitles(db, [row.id]);
  const frozen = new Map<AwardTitle, FrozenRule>();
  for (const t of titles) {
    const rule = rules.get(t.title);
    if (!rule) throw invalid('titles', `Danh hiệu "${AWARD_TITLE_LABELS[t.title]}" chưa có tiêu chí: Phòng VH-XH lập tiêu chí trước khi bắt đầu đợt.`);
    frozen.set(t.title, { ruleId: rule.id, version: rule.version, combine: rule.combine, conditions: rule.conditions, score: rule.score });
  }
  if (!(await q.startCampaignRow(db, row.id, input.version, actor.accountId, frozen))) throw conflict(CHANGED);
  await q.addHistory(db, { campaignId: row.id, by: actor.accountId, action: 'started', detail: [...frozen].map(([t, r]) => `${AWARD_TITLE_LABELS[t]}: tiêu chí phiên bản ${r.version}`).join('; ') });
  await writeAudit(db, actor, { action: 'update', entity: CAMPAIGN_ENTITY, entityId: row.id, orgUnitId: row.commune_id, detail: { started: true } });
  await computeRun(db, actor, { ...row, status: 'running' }, today);
  return getCampaign(db, actor, row.id);
}

// ---- Candidates ----

/** The as-of date of a computation: the campaign's last day, or yesterday while it runs. */
export const asOfDate = (periodTo: string, today: string) => (periodTo < today ? periodTo : addDays(today, -1));

async function targetsOf(db: Kysely<DB>, year: number, villageIds: number[]): Promise<FigureWindow['targets']> {
  const set = await effectiveTargets(db, year, villageIds);
  return villageIds.flatMap((villageId) => INDICATOR_CODES.map((code) => ({
    villageId, code, percent: set.find((t) => t.unitId === villageId && t.code === code)?.percent ?? PLAN_TARGETS[code],
  })));
}

export async function windowOf(db: Kysely<DB>, campaign: Pick<q.CampaignRow, 'commune_id' | 'period_from' | 'period_to'>, today: string, villageIds?: number[]): Promise<FigureWindow> {
  const ids = villageIds ?? (await q.villagesOf(db, campaign.commune_id)).map((v) => v.id);
  const asOf = asOfDate(campaign.period_to, today);
  return { villageIds: ids, from: campaign.period_from, asOf, targets: await targetsOf(db, Number(asOf.slice(0, 4)), ids) };
}

function evidenceOf(rule: FrozenRule, figures: Record<string, number | boolean | null>): EvidenceItem[] {
  return rule.conditions.map((c) => {
    const actual = figures[c.figure] ?? null;
    const passed = actual === null ? false
      : c.op === 'is' ? actual === c.value
      : c.op === '>=' ? Number(actual) >= Number(c.value)
      : c.op === '<=' ? Number(actual) <= Number(c.value)
      : Number(actual) === Number(c.value);
    return { figure: c.figure, label: AWARD_FIGURES[c.figure as AwardFigure]?.label ?? c.figure, op: c.op, threshold: c.value, actual, passed };
  });
}

/** The candidates of every title of a campaign, computed now (not stored). */
export async function computeCandidates(db: Kysely<DB>, campaign: Pick<q.CampaignRow, 'id' | 'commune_id' | 'period_from' | 'period_to'>, today: string, villageIds?: number[]) {
  const window = await windowOf(db, campaign, today, villageIds);
  const titles = await q.campaignTitles(db, [campaign.id]);
  // The villages' indicators are read once for both titles that need them.
  if (titles.some((t) => t.title === 'team' || t.title === 'village')) window.villageRows = await villageIndicatorRows(db, window);
  const out: q.CandidateInsert[] = [];
  for (const t of titles) {
    if (!t.rule_frozen) continue;
    const rows = await passingSubjects(db, t.title, t.rule_frozen, window);
    for (const r of rows) {
      out.push({ id: uuidv7(), title: t.title, subjectId: r.subject_id, subjectName: r.subject_name, villageId: r.village_id, score: r.score, evidence: evidenceOf(t.rule_frozen, r.figures) });
    }
  }
  return { asOf: window.asOf, candidates: out };
}

function changesBetween(before: q.CandidateRow[], after: q.CandidateInsert[]): CandidateChanges {
  const key = (title: string, subject: string) => `${title}:${subject}`;
  const old = new Map(before.map((c) => [key(c.title, c.subject_id), c]));
  const now = new Map(after.map((c) => [key(c.title, c.subjectId), c]));
  const changes: CandidateChanges = { added: [], removed: [], changed: [] };
  for (const [k, c] of now) {
    const was = old.get(k);
    if (!was) { changes.added.push({ award: c.title, subjectId: c.subjectId, subjectName: c.subjectName }); continue; }
    const a = was.evidence as EvidenceItem[];
    const b = c.evidence as EvidenceItem[];
    const figures = b.filter((e, i) => a[i]?.figure !== e.figure || a[i]?.actual !== e.actual)
      .map((e) => ({ figure: e.figure, label: e.label, before: a.find((x) => x.figure === e.figure)?.actual ?? null, after: e.actual }));
    if (figures.length) changes.changed.push({ award: c.title, subjectId: c.subjectId, subjectName: c.subjectName, figures });
  }
  for (const [k, c] of old) if (!now.has(k)) changes.removed.push({ award: c.title, subjectId: c.subject_id, subjectName: c.subject_name });
  return changes;
}

async function computeRun(db: Kysely<DB>, actor: Actor | null, campaign: q.CampaignRow, today: string): Promise<CandidateChanges | null> {
  const previous = await q.latestRun(db, campaign.id);
  const before = previous ? await q.candidatesOfRun(db, previous.id, {}) : [];
  const { asOf, candidates } = await computeCandidates(db, campaign, today);
  const changes = previous ? changesBetween(before, candidates) : null;
  const runId = uuidv7();
  await q.insertRun(db, { id: runId, campaignId: campaign.id, runNo: (previous?.run_no ?? 0) + 1, asOf, by: actor?.accountId ?? null, changes: changes ?? {} });
  await q.insertCandidates(db, runId, campaign.id, candidates);
  await q.addHistory(db, {
    campaignId: campaign.id, by: actor?.accountId ?? null, action: 'candidates',
    detail: `Lần tính ${(previous?.run_no ?? 0) + 1}, số liệu đến ngày ${viDate(asOf)}: ${candidates.length} ứng viên` + (changes ? ` (thêm ${changes.added.length}, bớt ${changes.removed.length}, đổi số liệu ${changes.changed.length})` : ''),
  });
  return changes;
}

/** Recomputes the candidates: a new run; the earlier runs and every nomination's evidence stay as they were. */
export async function recomputeCandidates(db: Kysely<DB>, actor: Actor, input: { id: string }, today = todayInVietnam()): Promise<CandidatesAnswer> {
  const row = await loadCampaign(db, actor, input.id);
  refuseUnlessManager(actor, row.commune_path);
  if (row.status === 'draft') throw conflict('Đợt thi đua chưa bắt đầu: tiêu chí chưa được chốt.');
  await computeRun(db, actor, row, today);
  await writeAudit(db, actor, { action: 'update', entity: CAMPAIGN_ENTITY, entityId: row.id, orgUnitId: row.commune_id, detail: { recomputed: true } });
  return listCandidates(db, actor, { id: row.id });
}

export async function listCandidates(db: Kysely<DB>, actor: Actor, input: { id: string; award?: AwardTitle; villageId?: number }): Promise<CandidatesAnswer> {
  const row = await loadCampaign(db, actor, input.id);
  const run = await q.latestRun(db, row.id);
  const counts = Object.fromEntries(AWARD_TITLES.map((t) => [t, 0])) as CandidatesAnswer['counts'];
  if (!run) return { run: null, counts, items: [] };
  let villages = await villagesInReach(db, actor, row);
  if (input.villageId) villages = villages.filter((v) => v === input.villageId);
  const all = await q.candidatesOfRun(db, run.id, { villageIds: villages });
  for (const c of all) counts[c.title] += 1;
  const items = all.filter((c) => !input.award || c.title === input.award);
  const hasPeople = items.some((c) => c.title === 'citizen' || c.title === 'family');
  if (hasPeople) await writeAudit(db, actor, { action: 'list', entity: 'award_candidates', entityId: row.id, orgUnitId: row.commune_id, detail: { award: input.award ?? null, count: items.length } });
  const changes = run.changes && Object.keys(run.changes as object).length ? (run.changes as CandidateChanges) : null;
  return {
    run: { id: run.id, runNo: run.run_no, asOf: run.as_of, computedAt: run.computed_at.toISOString(), computedBy: run.computed_by_name, changes },
    counts,
    items: items.map((c) => ({
      id: c.id, award: c.title, subjectId: c.subject_id, subjectName: c.subject_name, village: { id: c.village_id, name: c.village_name },
      score: c.score === null ? null : Number(c.score), evidence: c.evidence as EvidenceItem[], nominationId: c.nomination_id,
    })),
  };
}

// ---- Nominations ----

const nominationView = (r: q.NominationRow): NominationView => ({
  id: r.id, campaignId: r.campaign_id, award: r.title, subjectId: r.subject_id, subjectName: r.subject_name, village: { id: r.village_id, name: r.village_name },
  candidateId: r.candidate_id, outsideCriteria: r.outside_criteria, reason: r.reason, achievement: r.achievement, evidence: r.evidence as EvidenceItem[],
  asOf: r.as_of, nominatorRole: r.nominator_role, nominatedBy: r.nominated_by_name, nominatedAt: r.nominated_at.toISOString(), status: r.status,
  publicConsent: r.public_consent, votesFor: r.votes_for, decisionNumber: r.decision_number, version: r.version,
});

export async function listNominations(db: Kysely<DB>, actor: Actor, input: { id: string }) {
  const row = await loadCampaign(db, actor, input.id);
  const villages = actor.orgLevel === 'village' ? await villagesInReach(db, actor, row) : undefined;
  const items = (await q.nominationsOf(db, row.id, villages)).map(nominationView);
  if (items.length) await writeAudit(db, actor, { action: 'list', entity: 'award_nominations', entityId: row.id, orgUnitId: row.commune_id, detail: { count: items.length } });
  return { items };
}

const ROLE_NAMES: Record<NominatorRole, string> = { village_head: 'Trưởng thôn', youth_union: 'Đoàn Thanh niên xã', culture_office: 'Phòng Văn hóa - Xã hội' };

export async function nominate(db: Kysely<DB>, actor: Actor, input: NominationInput & { campaignId: string }): Promise<NominationView> {
  const row = await loadCampaign(db, actor, input.campaignId);
  const role = actor.role === 'admin' ? 'culture_office' : actor.role;
  if (!can(actor.role, 'awards.nominate') || !(NOMINATOR_ROLES as readonly string[]).includes(role)) throw forbidden('Bạn không có quyền đề xuất khen thưởng.');
  if (!row.nominators.includes(role)) {
    throw forbidden(`Đợt thi đua này không nhận đề xuất của ${ROLE_NAMES[role as NominatorRole]}.`);
  }
  if (row.status !== 'running') throw conflict(row.status === 'draft' ? 'Đợt thi đua chưa bắt đầu: chưa nhận đề xuất.' : 'Đợt thi đua đã kết thúc: không nhận thêm đề xuất.');
  if (await q.meetingOf(db, row.id)) throw conflict('Hội đồng thi đua đã họp xét: không nhận thêm đề xuất.');
  const already = await q.findNomination(db, input.id, row.id);
  if (already) return nominationView(already); // the same id again: already recorded
  const titles = await q.campaignTitles(db, [row.id]);
  if (!titles.some((t) => t.title === input.award)) throw invalid('award', `Danh hiệu: đợt thi đua này không xét "${AWARD_TITLE_LABELS[input.award]}".`);
  const reach = await villagesInReach(db, actor, row);

  let subject: { id: string; name: string; villageId: number; evidence: EvidenceItem[]; asOf: string | null; candidateId: string | null };
  if (input.candidateId) {
    const c = await q.findCandidate(db, input.candidateId, row.id);
    if (!c || c.title !== input.award) throw invalid('candidateId', 'Ứng viên: không có trong danh sách ứng viên của danh hiệu này.');
    if (!reach.includes(c.village_id)) throw invalid('candidateId', `Ứng viên: ${c.subject_name} ở ${c.village_name}, ngoài thôn của bạn.`);
    subject = { id: c.subject_id, name: c.subject_name, villageId: c.village_id, evidence: c.evidence as EvidenceItem[], asOf: c.as_of, candidateId: c.id };
  } else {
    if (!input.subjectId) throw invalid('subjectId', 'Người/tập thể được đề xuất: chọn từ danh sách ứng viên, hoặc chọn người/tập thể ngoài tiêu chí.');
    if (!input.reason) throw invalid('reason', 'Lý do: đề xuất ngoài tiêu chí phải nêu lý do bằng văn bản.');
    const found = await q.findSubject(db, input.award, input.subjectId, reach);
    if (!found) {
      const anywhere = await q.findSubject(db, input.award, input.subjectId, (await q.villagesOf(db, row.commune_id)).map((v) => v.id));
      throw invalid('subjectId', anywhere ? `Người/tập thể được đề xuất: ${anywhere.name} ngoài thôn của bạn.` : `Người/tập thể được đề xuất: không tìm thấy ${AWARD_TITLE_LABELS[input.award].toLowerCase()} này trong xã.`);
    }
    subject = { id: input.subjectId, name: found.name, villageId: found.village_id, evidence: [], asOf: null, candidateId: null };
  }
  const live = await q.liveNomination(db, row.id, input.award, subject.id);
  if (live) {
    throw new AppError(409, 'conflict', `${subject.name} đã được đề xuất danh hiệu "${AWARD_TITLE_LABELS[input.award]}" trong đợt này: một thành tích không khen thưởng hai lần.`,
      [{ path: input.candidateId ? 'candidateId' : 'subjectId', message: `${subject.name} đã được đề xuất danh hiệu này trong đợt.` }]);
  }
  await q.insertNomination(db, {
    id: input.id, campaignId: row.id, title: input.award, subjectId: subject.id, subjectName: subject.name, villageId: subject.villageId,
    candidateId: subject.candidateId, reason: input.reason, achievement: input.achievement, evidence: subject.evidence, asOf: subject.asOf,
    role, by: actor.accountId, publicConsent: input.publicConsent,
  });
  await q.addHistory(db, { campaignId: row.id, nominationId: input.id, by: actor.accountId, action: 'nominated', detail: `${AWARD_TITLE_LABELS[input.award]}${subject.candidateId ? '' : ` (ngoài tiêu chí: ${input.reason})`}` });
  await writeAudit(db, actor, { action: 'create', entity: 'award_nomination', entityId: input.id, orgUnitId: subject.villageId, after: { award: input.award, subjectId: subject.id, outside: !subject.candidateId } });
  return nominationView((await q.findNomination(db, input.id, row.id))!);
}

async function loadNomination(db: Kysely<DB>, actor: Actor, campaign: q.CampaignRow, id: string) {
  const n = await q.findNomination(db, id, campaign.id);
  if (!n) throw notFound('Không tìm thấy đề xuất.');
  if (actor.orgLevel === 'village' && n.village_id !== actor.orgUnitId) throw notFound('Không tìm thấy đề xuất.');
  return n;
}

export async function setConsent(db: Kysely<DB>, actor: Actor, input: { id: string; nominationId: string; publicConsent: boolean; version: number }): Promise<NominationView> {
  const row = await loadCampaign(db, actor, input.id);
  const n = await loadNomination(db, actor, row, input.nominationId);
  if (!can(actor.role, 'awards.nominate') && !can(actor.role, 'awards.manage')) throw forbidden();
  if (!(await q.setNomination(db, n.id, input.version, { publicConsent: input.publicConsent }))) throw conflict(CHANGED);
  await q.addHistory(db, { campaignId: row.id, nominationId: n.id, by: actor.accountId, action: 'consent', detail: input.publicConsent ? 'Đồng ý công khai trên bảng vinh danh' : 'Không đồng ý công khai' });
  await writeAudit(db, actor, { action: 'update', entity: 'award_nomination', entityId: n.id, orgUnitId: n.village_id, after: { publicConsent: input.publicConsent } });
  return nominationView((await q.findNomination(db, n.id, row.id))!);
}

export async function withdrawNomination(db: Kysely<DB>, actor: Actor, input: { id: string; nominationId: string; version: number }): Promise<NominationView> {
  const row = await loadCampaign(db, actor, input.id);
  const n = await loadNomination(db, actor, row, input.nominationId);
  if (!can(actor.role, 'awards.nominate')) throw forbidden();
  if (n.status !== 'nominated') throw conflict('Chỉ rút được đề xuất chưa được hội đồng xét.');
  if (!(await q.setNomination(db, n.id, input.version, { status: 'withdrawn' }))) throw conflict(CHANGED);
  await q.addHistory(db, { campaignId: row.id, nominationId: n.id, by: actor.accountId, action: 'withdrawn' });
  await writeAudit(db, actor, { action: 'update', entity: 'award_nomination', entityId: n.id, orgUnitId: n.village_id, after: { status: 'withdrawn' } });
  return nominationView((await q.findNomination(db, n.id, row.id))!);
}

// ---- Council and decision ----

export async function recordMeeting(db: Kysely<DB>, actor: Actor, input: MeetingInput & { id: string }): Promise<CouncilView> {
  const row = await loadCampaign(db, actor, input.id);
  refuseUnlessManager(actor, row.commune_path);
  if (row.status === 'draft') throw conflict('Đợt thi đua chưa bắt đầu.');
  if (await q.meetingOf(db, row.id)) throw conflict('Hội đồng thi đua đã họp xét đợt này: biên bản đã được ghi.');
  if (input.membersPresent > input.membersTotal) throw invalid('membersPresent', `Số thành viên có mặt: ${input.membersPresent} nhiều hơn số thành viên hội đồng (${input.membersTotal}).`);
  if (input.presentNames.length > input.membersPresent) throw invalid('presentNames', `Thành viên có mặt: ${input.presentNames.length} tên, nhiều hơn số có mặt (${input.membersPresent}).`);
  const pending = (await q.nominationsOf(db, row.id)).filter((n) => n.status === 'nominated');
  const titles = await q.campaignTitles(db, [row.id]);
  const chosenBy = new Map<AwardTitle, number>();
  const seen = new Set<string>();
  input.votes.forEach((v, i) => {
    const n = pending.find((p) => p.id === v.nominationId);
    if (!n) throw invalid(`votes.${i}.nominationId`, `Kết quả biểu quyết dòng ${i + 1}: đề xuất không có trong danh sách chờ hội đồng xét.`);
    if (seen.has(v.nominationId)) throw invalid(`votes.${i}.nominationId`, `Kết quả biểu quyết dòng ${i + 1}: ${n.subject_name} được ghi hai lần.`);
    seen.add(v.nominationId);
    if (v.votesFor > input.membersPresent) throw invalid(`votes.${i}.votesFor`, `Số phiếu đồng ý của ${n.subject_name}: ${v.votesFor} nhiều hơn số thành viên có mặt (${input.membersPresent}).`);
    if (v.chosen) chosenBy.set(n.title, (chosenBy.get(n.title) ?? 0) + 1);
  });
  const missing = pending.filter((p) => !seen.has(p.id));
  if (missing.length) throw invalid('votes', `Kết quả biểu quyết: còn ${missing.length} đề xuất chưa có kết quả (${missing.slice(0, 3).map((m) => m.subject_name).join(', ')}${missing.length > 3 ? ', …' : ''}).`);
  for (const [title, n] of chosenBy) {
    const max = titles.find((t) => t.title === title)?.max_count ?? 0;
    if (n > max) throw invalid('votes', `Kết quả biểu quyết: chọn ${n} cho danh hiệu "${AWARD_TITLE_LABELS[title]}", nhiều hơn số lượng tối đa của đợt (${max}).`);
  }
  const meetingId = uuidv7();
  await q.insertMeeting(db, { ...input, id: meetingId, campaignId: row.id, by: actor.accountId });
  for (const v of input.votes) {
    await q.insertVote(db, meetingId, v.nominationId, v.votesFor, v.chosen);
    await q.addHistory(db, { campaignId: row.id, nominationId: v.nominationId, by: actor.accountId, action: v.chosen ? 'chosen' : 'not_chosen', detail: `${v.votesFor}/${input.membersPresent} phiếu đồng ý` });
  }
  await q.addHistory(db, { campaignId: row.id, by: actor.accountId, action: 'meeting', detail: `Họp ngày ${viDate(input.heldOn)}, ${input.membersPresent}/${input.membersTotal} thành viên có mặt` });
  await writeAudit(db, actor, { action: 'create', entity: 'award_meeting', entityId: meetingId, orgUnitId: row.commune_id, after: input });
  return councilView(db, actor, { id: row.id });
}

export async function decide(db: Kysely<DB>, actor: Actor, input: DecisionInput & { campaignId: string }): Promise<CouncilView> {
  const row = await loadCampaign(db, actor, input.campaignId);
  if (!can(actor.role, 'awards.decide') || !row.commune_path.startsWith(actor.scope.path)) throw forbidden('Chỉ lãnh đạo UBND xã được quyết định khen thưởng.');
  const nominations = await q.nominationsOf(db, row.id);
  const seen = new Set<string>();
  input.nominationIds.forEach((id, i) => {
    const n = nominations.find((x) => x.id === id);
    if (!n) throw invalid(`nominationIds.${i}`, `Danh sách khen thưởng dòng ${i + 1}: không có đề xuất này trong đợt.`);
    if (seen.has(id)) throw invalid(`nominationIds.${i}`, `Danh sách khen thưởng: ${n.subject_name} có hai lần.`);
    seen.add(id);
    if (n.status === 'awarded') throw new AppError(409, 'conflict', `${n.subject_name} đã được khen thưởng danh hiệu này trong đợt (quyết định số ${n.decision_number}): một thành tích không khen thưởng hai lần.`, [{ path: `nominationIds.${i}`, message: `${n.subject_name} đã được khen thưởng.` }]);
    if (n.status !== 'chosen') throw invalid(`nominationIds.${i}`, `Danh sách khen thưởng: ${n.subject_name} chưa được Hội đồng thi đua chọn.`);
  });
  await q.insertDecision(db, { ...input, campaignId: row.id, by: actor.accountId }).catch((e: { code?: string }) => {
    if (e?.code === '23505') throw invalid('number', `Số quyết định: số ${input.number} đã dùng cho một quyết định khác của đợt này.`);
    throw e;
  });
  for (const id of input.nominationIds) {
    const n = nominations.find((x) => x.id === id)!;
    if (!(await q.setNomination(db, id, n.version, { status: 'awarded', decisionId: input.id }))) throw conflict(CHANGED);
    await q.addHistory(db, { campaignId: row.id, nominationId: id, by: actor.accountId, action: 'awarded', detail: `Quyết định số ${input.number} ngày ${viDate(input.decidedOn)}` });
  }
  await writeAudit(db, actor, { action: 'create', entity: 'award_decision', entityId: input.id, orgUnitId: row.commune_id, after: input });
  return councilView(db, actor, { id: row.id });
}

export async function revoke(db: Kysely<DB>, actor: Actor, input: { id: string; nominationId: string; reason: string; version: number }): Promise<NominationView> {
  const row = await loadCampaign(db, actor, input.id);
  if (!(can(actor.role, 'awards.manage') || can(actor.role, 'awards.decide')) || !row.commune_path.startsWith(actor.scope.path)) throw forbidden('Chỉ Phòng VH-XH hoặc lãnh đạo UBND xã được thu hồi khen thưởng.');
  const n = await loadNomination(db, actor, row, input.nominationId);
  if (n.status !== 'awarded') throw conflict(`${n.subject_name} chưa được khen thưởng: không có gì để thu hồi.`);
  if (!(await q.setNomination(db, n.id, input.version, { status: 'revoked' }))) throw conflict(CHANGED);
  await q.addHistory(db, { campaignId: row.id, nominationId: n.id, by: actor.accountId, action: 'revoked', detail: input.reason });
  await writeAudit(db, actor, { action: 'update', entity: 'award_nomination', entityId: n.id, orgUnitId: n.village_id, before: { status: 'awarded' }, after: { status: 'revoked', reason: input.reason } });
  return nominationView((await q.findNomination(db, n.id, row.id))!);
}

export async function councilView(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<CouncilView> {
  const row = await loadCampaign(db, actor, input.id);
  const [meeting, decisions, history] = await Promise.all([q.meetingOf(db, row.id), q.decisionsOf(db, row.id), q.historyOf(db, row.id)]);
  const own = actor.orgLevel === 'village' ? new Set((await q.nominationsOf(db, row.id, [actor.orgUnitId])).map((n) => n.subject_name)) : null;
  return {
    meeting: meeting ? {
      id: meeting.id, heldOn: meeting.held_on, place: meeting.place, chair: meeting.chair, secretary: meeting.secretary, membersTotal: meeting.members_total,
      membersPresent: meeting.members_present, presentNames: meeting.present_names, notes: meeting.notes,
    } : null,
    decisions: decisions.map((d) => ({ id: d.id, number: d.number, decidedOn: d.decided_on, form: d.form, signerName: d.signer_name, signerTitle: d.signer_title, count: d.count })),
    history: history
      .filter((h) => !own || h.subject_name === null || own.has(h.subject_name))
      .map((h) => ({ at: h.at.toISOString(), account: h.account, action: h.action, detail: h.detail, subjectName: h.subject_name })),
  };
}

/** Who reads the launch decision's file: whoever reads the campaign. */
export async function campaignFileAccess(db: Kysely<DB>, actor: Actor, campaignId: string) {
  if (!can(actor.role, 'awards.read')) return null;
  const row = await q.findCampaign(db, campaignId, actor.scope.path);
  return row ? { orgUnitId: row.commune_id, personal: false } : null;
}

/** People, families, teams or villages to nominate outside the criteria: by name, in the caller's reach (searches are audited). */
export async function findSubjects(db: Kysely<DB>, actor: Actor, input: { id: string; award: AwardTitle; q: string }): Promise<SubjectSearchAnswer> {
  const row = await loadCampaign(db, actor, input.id);
  if (!can(actor.role, 'awards.nominate')) throw forbidden();
  const reach = await villagesInReach(db, actor, row);
  const rows = await q.searchSubjects(db, input.award, input.q, reach);
  if (input.award === 'citizen' || input.award === 'family') await writeAudit(db, actor, { action: 'search', entity: 'award_subjects', entityId: row.id, orgUnitId: row.commune_id, detail: { award: input.award, q: input.q, count: rows.length } });
  return { items: rows.map((r) => ({ id: r.id, name: r.name, village: { id: r.village_id, name: r.village_name }, detail: r.detail })) };
}

/** The dossier, the list and the certificates name every nominee: Phòng VH-XH and the leaders only. */
export async function campaignForFiles(db: Kysely<DB>, actor: Actor, id: string): Promise<q.CampaignRow> {
  const row = await loadCampaign(db, actor, id);
  if (!(can(actor.role, 'awards.manage') || can(actor.role, 'awards.decide')) || !row.commune_path.startsWith(actor.scope.path)) {
    throw forbidden('Chỉ Phòng Văn hóa - Xã hội và lãnh đạo UBND xã tải được hồ sơ khen thưởng.');
  }
  return row;
}

// ---- Honour board ----

/** The awarded who agreed to be shown, by title: names and villages only (never ethnicity or ID numbers). */
export async function honourBoard(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<HonourBoard> {
  const row = await loadCampaign(db, actor, input.id);
  const awarded = (await q.nominationsOf(db, row.id)).filter((n) => n.status === 'awarded');
  const shown = awarded.filter((n) => n.public_consent);
  const decisions = await q.decisionsOf(db, row.id);
  return {
    campaignName: row.name,
    communeName: row.commune_name,
    decision: decisions.length ? decisions.map((d) => `Quyết định số ${d.number} ngày ${viDate(d.decided_on)}`).join('; ') : null,
    groups: AWARD_TITLES.map((t) => ({ award: t, label: AWARD_TITLE_LABELS[t], entries: shown.filter((n) => n.title === t).map((n) => ({ name: n.subject_name, village: n.village_name })) }))
      .filter((g) => g.entries.length > 0),
    withheld: awarded.length - shown.length,
  };
}

export { figuresOfRule };
