// The SQL of emulation and awards: rules and their versions, campaigns and their frozen
// titles, candidate runs, nominations, the council's meeting and votes, decisions, history.
// (The candidates' figures are in awards.figures.ts.)
import { type Kysely, sql } from 'kysely';
import type { AwardTitle, Condition, FrozenRule, ScoreTerm } from '../../../shared/awards.ts';
import type { DB } from '../../db/schema.ts';

export interface RuleRow {
  id: string;
  commune_id: number;
  title: AwardTitle;
  version: number;
  combine: 'all' | 'any';
  conditions: Condition[];
  score: ScoreTerm[];
  note: string;
  created_by_name: string | null;
  created_at: Date;
}

export async function rulesOf(db: Kysely<DB>, communeId: number): Promise<RuleRow[]> {
  const { rows } = await sql<RuleRow>`
    SELECT r.id, r.commune_id, r.title, r.version, r.combine, r.conditions, r.score, r.note, a.full_name AS created_by_name, r.created_at
    FROM award_rules r LEFT JOIN accounts a ON a.id = r.created_by
    WHERE r.commune_id = ${communeId}
    ORDER BY r.title, r.version DESC`.execute(db);
  return rows;
}

export async function insertRule(db: Kysely<DB>, v: { id: string; communeId: number; title: AwardTitle; combine: string; conditions: Condition[]; score: ScoreTerm[]; note: string; by: string }): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    INSERT INTO award_rules (id, commune_id, title, version, combine, conditions, score, note, created_by)
    SELECT ${v.id}, ${v.communeId}, ${v.title}, coalesce(max(version), 0) + 1, ${v.combine}, ${JSON.stringify(v.conditions)}::jsonb,
      ${JSON.stringify(v.score)}::jsonb, ${v.note}, ${v.by}
    FROM award_rules WHERE commune_id = ${v.communeId} AND title = ${v.title}
    RETURNING version`.execute(db);
  return rows[0].version;
}

export async function latestRules(db: Kysely<DB>, communeId: number): Promise<Map<AwardTitle, RuleRow>> {
  const { rows } = await sql<RuleRow>`
    SELECT DISTINCT ON (title) id, commune_id, title, version, combine, conditions, score, note, NULL AS created_by_name, created_at
    FROM award_rules WHERE commune_id = ${communeId} ORDER BY title, version DESC`.execute(db);
  return new Map(rows.map((r) => [r.title, r]));
}

// ---- Campaigns ----

export interface CampaignRow {
  id: string;
  commune_id: number;
  commune_name: string;
  commune_path: string;
  name: string;
  decision_number: string | null;
  decision_date: string | null;
  decision_file_id: string | null;
  period_from: string;
  period_to: string;
  nominators: string[];
  status: 'draft' | 'running' | 'closed';
  started_at: Date | null;
  version: number;
}

const CAMPAIGN_COLUMNS = sql`c.id, c.commune_id, u.name AS commune_name, u.path AS commune_path, c.name, c.decision_number, c.decision_date,
  c.decision_file_id, c.period_from, c.period_to, c.nominators, c.status, c.started_at, c.version`;

/**
 * A campaign the scope sees: its commune is in the scope's area, or the scope is inside its
 * commune (a village head reads the campaigns of their commune).
 */
const visible = (scopePath: string) => sql`(u.path LIKE ${scopePath} || '%' OR ${scopePath} LIKE u.path || '%')`;

export async function findCampaign(db: Kysely<DB>, id: string, scopePath: string): Promise<CampaignRow | undefined> {
  const { rows } = await sql<CampaignRow>`
    SELECT ${CAMPAIGN_COLUMNS} FROM award_campaigns c JOIN org_units u ON u.id = c.commune_id
    WHERE c.id = ${id} AND ${visible(scopePath)}`.execute(db);
  return rows[0];
}

export async function listCampaigns(db: Kysely<DB>, scopePath: string, communeId?: number): Promise<CampaignRow[]> {
  const { rows } = await sql<CampaignRow>`
    SELECT ${CAMPAIGN_COLUMNS} FROM award_campaigns c JOIN org_units u ON u.id = c.commune_id
    WHERE ${visible(scopePath)} ${communeId ? sql`AND c.commune_id = ${communeId}` : sql``}
    ORDER BY c.period_to DESC, c.created_at DESC`.execute(db);
  return rows;
}

export interface CampaignTitleRow {
  campaign_id: string;
  title: AwardTitle;
  max_count: number;
  rule_frozen: FrozenRule | null;
  candidates: number;
  nominated: number;
  awarded: number;
}

export async function campaignTitles(db: Kysely<DB>, campaignIds: string[]): Promise<CampaignTitleRow[]> {
  if (!campaignIds.length) return [];
  const { rows } = await sql<CampaignTitleRow>`
    SELECT t.campaign_id, t.title, t.max_count, t.rule_frozen,
      (SELECT count(*) FROM award_candidates k WHERE k.campaign_id = t.campaign_id AND k.title = t.title
        AND k.run_id = (SELECT r.id FROM award_candidate_runs r WHERE r.campaign_id = t.campaign_id ORDER BY r.run_no DESC LIMIT 1))::int AS candidates,
      (SELECT count(*) FROM award_nominations n WHERE n.campaign_id = t.campaign_id AND n.title = t.title AND n.status <> 'withdrawn')::int AS nominated,
      (SELECT count(*) FROM award_nominations n WHERE n.campaign_id = t.campaign_id AND n.title = t.title AND n.status = 'awarded')::int AS awarded
    FROM award_campaign_titles t WHERE t.campaign_id = ANY (${campaignIds}::uuid[])
    ORDER BY array_position(ARRAY['citizen', 'family', 'village', 'team'], t.title)`.execute(db);
  return rows;
}

export async function insertCampaign(db: Kysely<DB>, v: {
  id: string; communeId: number; name: string; decisionNumber: string | null; decisionDate: string | null; decisionFileId: string | null;
  periodFrom: string; periodTo: string; nominators: string[]; by: string;
}): Promise<void> {
  await sql`
    INSERT INTO award_campaigns (id, commune_id, name, decision_number, decision_date, decision_file_id, period_from, period_to, nominators, created_by)
    VALUES (${v.id}, ${v.communeId}, ${v.name}, ${v.decisionNumber}, ${v.decisionDate}, ${v.decisionFileId}, ${v.periodFrom}, ${v.periodTo}, ${v.nominators}::text[], ${v.by})`.execute(db);
}

export async function updateCampaign(db: Kysely<DB>, id: string, version: number, v: {
  name: string; decisionNumber: string | null; decisionDate: string | null; decisionFileId: string | null; periodFrom: string; periodTo: string; nominators: string[];
}): Promise<boolean> {
  const r = await sql`
    UPDATE award_campaigns SET name = ${v.name}, decision_number = ${v.decisionNumber}, decision_date = ${v.decisionDate}, decision_file_id = ${v.decisionFileId},
      period_from = ${v.periodFrom}, period_to = ${v.periodTo}, nominators = ${v.nominators}::text[], version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${version}`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

export async function setCampaignTitles(db: Kysely<DB>, id: string, titles: Array<{ award: AwardTitle; maxCount: number }>): Promise<void> {
  await sql`DELETE FROM award_campaign_titles WHERE campaign_id = ${id}`.execute(db);
  for (const t of titles) {
    await sql`INSERT INTO award_campaign_titles (campaign_id, title, max_count) VALUES (${id}, ${t.award}, ${t.maxCount})`.execute(db);
  }
}

export async function startCampaignRow(db: Kysely<DB>, id: string, version: number, by: string, frozen: Map<AwardTitle, FrozenRule>): Promise<boolean> {
  const r = await sql`UPDATE award_campaigns SET status = 'running', started_at = now(), started_by = ${by}, version = version + 1, updated_at = now()
    WHERE id = ${id} AND version = ${version} AND status = 'draft'`.execute(db);
  if (Number(r.numAffectedRows ?? 0) !== 1) return false;
  for (const [title, rule] of frozen) {
    await sql`UPDATE award_campaign_titles SET rule_id = ${rule.ruleId}, rule_frozen = ${JSON.stringify(rule)}::jsonb WHERE campaign_id = ${id} AND title = ${title}`.execute(db);
  }
  return true;
}

export async function villagesOf(db: Kysely<DB>, communeId: number): Promise<Array<{ id: number; name: string }>> {
  const { rows } = await sql<{ id: number; name: string }>`SELECT id, name FROM org_units WHERE parent_id = ${communeId} AND level = 'village' ORDER BY name, id`.execute(db);
  return rows;
}

// ---- Candidate runs ----

export interface RunRow {
  id: string;
  run_no: number;
  as_of: string;
  computed_at: Date;
  computed_by_name: string | null;
  changes: unknown;
}

export async function latestRun(db: Kysely<DB>, campaignId: string): Promise<RunRow | undefined> {
  const { rows } = await sql<RunRow>`
    SELECT r.id, r.run_no, r.as_of, r.computed_at, a.full_name AS computed_by_name, r.changes
    FROM award_candidate_runs r LEFT JOIN accounts a ON a.id = r.computed_by
    WHERE r.campaign_id = ${campaignId} ORDER BY r.run_no DESC LIMIT 1`.execute(db);
  return rows[0];
}

export async function insertRun(db: Kysely<DB>, v: { id: string; campaignId: string; runNo: number; asOf: string; by: string | null; changes: unknown }): Promise<void> {
  await sql`INSERT INTO award_candidate_runs (id, campaign_id, run_no, as_of, computed_by, changes)
    VALUES (${v.id}, ${v.campaignId}, ${v.runNo}, ${v.asOf}, ${v.by}, ${JSON.stringify(v.changes)}::jsonb)`.execute(db);
}

export interface CandidateInsert {
  id: string; title: AwardTitle; subjectId: string; subjectName: string; villageId: number; score: number | null; evidence: unknown;
}

export async function insertCandidates(db: Kysely<DB>, runId: string, campaignId: string, list: CandidateInsert[]): Promise<void> {
  // One statement per 2,000 rows: a province's citizens are tens of thousands.
  for (let i = 0; i < list.length; i += 2000) {
    const part = list.slice(i, i + 2000);
    await sql`
      INSERT INTO award_candidates (id, run_id, campaign_id, title, subject_id, subject_name, village_id, score, evidence)
      SELECT x.id, ${runId}, ${campaignId}, x.title, x.subject_id, x.subject_name, x.village_id, x.score, x.evidence
      FROM unnest(${part.map((c) => c.id)}::uuid[], ${part.map((c) => c.title)}::text[], ${part.map((c) => c.subjectId)}::text[],
        ${part.map((c) => c.subjectName)}::text[], ${part.map((c) => c.villageId)}::int[], ${part.map((c) => c.score)}::numeric[],
        ${part.map((c) => JSON.stringify(c.evidence))}::jsonb[]) AS x(id, title, subject_id, subject_name, village_id, score, evidence)`.execute(db);
  }
}

export interface CandidateRow {
  id: string;
  title: AwardTitle;
  subject_id: string;
  subject_name: string;
  village_id: number;
  village_name: string;
  score: string | null;
  evidence: unknown;
  nomination_id: string | null;
}

export async function candidatesOfRun(db: Kysely<DB>, runId: string, filter: { title?: AwardTitle; villageIds?: number[] }): Promise<CandidateRow[]> {
  const { rows } = await sql<CandidateRow>`
    SELECT k.id, k.title, k.subject_id, k.subject_name, k.village_id, u.name AS village_name, k.score, k.evidence,
      (SELECT n.id FROM award_nominations n WHERE n.campaign_id = k.campaign_id AND n.title = k.title AND n.subject_id = k.subject_id AND n.status <> 'withdrawn') AS nomination_id
    FROM award_candidates k JOIN org_units u ON u.id = k.village_id
    WHERE k.run_id = ${runId}
      ${filter.title ? sql`AND k.title = ${filter.title}` : sql``}
      ${filter.villageIds ? sql`AND k.village_id = ANY (${filter.villageIds}::int[])` : sql``}
    ORDER BY array_position(ARRAY['citizen', 'family', 'village', 'team'], k.title), k.score DESC NULLS LAST, k.subject_name, k.subject_id`.execute(db);
  return rows;
}

export async function findCandidate(db: Kysely<DB>, id: string, campaignId: string): Promise<(CandidateRow & { as_of: string; run_id: string }) | undefined> {
  const { rows } = await sql<CandidateRow & { as_of: string; run_id: string }>`
    SELECT k.id, k.title, k.subject_id, k.subject_name, k.village_id, u.name AS village_name, k.score, k.evidence, NULL AS nomination_id, r.as_of, k.run_id
    FROM award_candidates k JOIN org_units u ON u.id = k.village_id JOIN award_candidate_runs r ON r.id = k.run_id
    WHERE k.id = ${id} AND k.campaign_id = ${campaignId}`.execute(db);
  return rows[0];
}

// ---- Subjects named outside the criteria ----

/** A subject of a title in the given villages: its name and village, or undefined. */
export async function findSubject(db: Kysely<DB>, title: AwardTitle, subjectId: string, villageIds: number[]): Promise<{ name: string; village_id: number } | undefined> {
  const uuid = /^[0-9a-f-]{36}$/i.test(subjectId);
  let rows: Array<{ name: string; village_id: number }> = [];
  if (title === 'citizen' && uuid) {
    ({ rows } = await sql<{ name: string; village_id: number }>`SELECT full_name AS name, village_id FROM people WHERE id = ${subjectId}::uuid AND status = 'resident' AND village_id = ANY (${villageIds}::int[])`.execute(db));
  } else if (title === 'family' && uuid) {
    ({ rows } = await sql<{ name: string; village_id: number }>`
      SELECT 'Hộ ' || coalesce(p.full_name, nullif(h.address, ''), coalesce(h.code, '')) AS name, h.village_id
      FROM households h LEFT JOIN people p ON p.id = h.head_person_id
      WHERE h.id = ${subjectId}::uuid AND h.dissolved_at IS NULL AND h.village_id = ANY (${villageIds}::int[])`.execute(db));
  } else if (title === 'team' && uuid) {
    ({ rows } = await sql<{ name: string; village_id: number }>`SELECT name, village_id FROM teams WHERE id = ${subjectId}::uuid AND ended_on IS NULL AND village_id = ANY (${villageIds}::int[])`.execute(db));
  } else if (title === 'village' && /^\d+$/.test(subjectId)) {
    ({ rows } = await sql<{ name: string; village_id: number }>`SELECT name, id AS village_id FROM org_units WHERE id = ${Number(subjectId)} AND level = 'village' AND id = ANY (${villageIds}::int[])`.execute(db));
  }
  return rows[0];
}

// ---- Nominations ----

export interface NominationRow {
  id: string;
  campaign_id: string;
  title: AwardTitle;
  subject_id: string;
  subject_name: string;
  village_id: number;
  village_name: string;
  candidate_id: string | null;
  outside_criteria: boolean;
  reason: string;
  achievement: string;
  evidence: unknown;
  as_of: string | null;
  nominator_role: string;
  nominated_by_name: string;
  nominated_at: Date;
  status: 'nominated' | 'chosen' | 'not_chosen' | 'awarded' | 'revoked' | 'withdrawn';
  public_consent: boolean;
  votes_for: number | null;
  decision_number: string | null;
  decision_id: string | null;
  version: number;
}

const NOMINATION_SELECT = sql`
  SELECT n.id, n.campaign_id, n.title, n.subject_id, n.subject_name, n.village_id, u.name AS village_name, n.candidate_id, n.outside_criteria,
    n.reason, n.achievement, n.evidence, n.as_of, n.nominator_role, a.full_name AS nominated_by_name, n.nominated_at, n.status, n.public_consent,
    v.votes_for, d.number AS decision_number, n.decision_id, n.version
  FROM award_nominations n
  JOIN org_units u ON u.id = n.village_id
  JOIN accounts a ON a.id = n.nominated_by
  LEFT JOIN award_meetings m ON m.campaign_id = n.campaign_id
  LEFT JOIN award_votes v ON v.meeting_id = m.id AND v.nomination_id = n.id
  LEFT JOIN award_decisions d ON d.id = n.decision_id`;

export async function nominationsOf(db: Kysely<DB>, campaignId: string, villageIds?: number[]): Promise<NominationRow[]> {
  const { rows } = await sql<NominationRow>`${NOMINATION_SELECT}
    WHERE n.campaign_id = ${campaignId} ${villageIds ? sql`AND n.village_id = ANY (${villageIds}::int[])` : sql``}
    ORDER BY array_position(ARRAY['citizen', 'family', 'village', 'team'], n.title), n.nominated_at, n.id`.execute(db);
  return rows;
}

export async function findNomination(db: Kysely<DB>, id: string, campaignId: string): Promise<NominationRow | undefined> {
  const { rows } = await sql<NominationRow>`${NOMINATION_SELECT} WHERE n.id = ${id} AND n.campaign_id = ${campaignId}`.execute(db);
  return rows[0];
}

export async function liveNomination(db: Kysely<DB>, campaignId: string, title: AwardTitle, subjectId: string): Promise<{ id: string; status: string } | undefined> {
  const { rows } = await sql<{ id: string; status: string }>`
    SELECT id, status FROM award_nominations WHERE campaign_id = ${campaignId} AND title = ${title} AND subject_id = ${subjectId} AND status <> 'withdrawn'`.execute(db);
  return rows[0];
}

export async function insertNomination(db: Kysely<DB>, v: {
  id: string; campaignId: string; title: AwardTitle; subjectId: string; subjectName: string; villageId: number; candidateId: string | null;
  reason: string; achievement: string; evidence: unknown; asOf: string | null; role: string; by: string; publicConsent: boolean;
}): Promise<void> {
  await sql`
    INSERT INTO award_nominations (id, campaign_id, title, subject_id, subject_name, village_id, candidate_id, outside_criteria, reason,
      achievement, evidence, as_of, nominator_role, nominated_by, public_consent)
    VALUES (${v.id}, ${v.campaignId}, ${v.title}, ${v.subjectId}, ${v.subjectName}, ${v.villageId}, ${v.candidateId}, ${v.candidateId === null},
      ${v.reason}, ${v.achievement}, ${JSON.stringify(v.evidence)}::jsonb, ${v.asOf}, ${v.role}, ${v.by}, ${v.publicConsent})`.execute(db);
}

export async function setNomination(db: Kysely<DB>, id: string, version: number, set: { status?: string; publicConsent?: boolean; decisionId?: string }): Promise<boolean> {
  const r = await sql`
    UPDATE award_nominations SET
      status = coalesce(${set.status ?? null}, status),
      public_consent = coalesce(${set.publicConsent ?? null}::boolean, public_consent),
      decision_id = coalesce(${set.decisionId ?? null}::uuid, decision_id),
      version = version + 1
    WHERE id = ${id} AND version = ${version}`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

// ---- Council, decision, history ----

export async function insertMeeting(db: Kysely<DB>, v: {
  id: string; campaignId: string; heldOn: string; place: string; chair: string; secretary: string; membersTotal: number; membersPresent: number;
  presentNames: string[]; notes: string; by: string;
}): Promise<void> {
  await sql`
    INSERT INTO award_meetings (id, campaign_id, held_on, place, chair, secretary, members_total, members_present, present_names, notes, recorded_by)
    VALUES (${v.id}, ${v.campaignId}, ${v.heldOn}, ${v.place}, ${v.chair}, ${v.secretary}, ${v.membersTotal}, ${v.membersPresent}, ${v.presentNames}::text[], ${v.notes}, ${v.by})`.execute(db);
}

export async function insertVote(db: Kysely<DB>, meetingId: string, nominationId: string, votesFor: number, chosen: boolean): Promise<void> {
  await sql`INSERT INTO award_votes (meeting_id, nomination_id, votes_for, chosen) VALUES (${meetingId}, ${nominationId}, ${votesFor}, ${chosen})`.execute(db);
  await sql`UPDATE award_nominations SET status = ${chosen ? 'chosen' : 'not_chosen'}, version = version + 1 WHERE id = ${nominationId}`.execute(db);
}

export interface MeetingRow {
  id: string; held_on: string; place: string; chair: string; secretary: string; members_total: number; members_present: number; present_names: string[]; notes: string;
}

export async function meetingOf(db: Kysely<DB>, campaignId: string): Promise<MeetingRow | undefined> {
  const { rows } = await sql<MeetingRow>`SELECT id, held_on, place, chair, secretary, members_total, members_present, present_names, notes FROM award_meetings WHERE campaign_id = ${campaignId}`.execute(db);
  return rows[0];
}

export async function insertDecision(db: Kysely<DB>, v: { id: string; campaignId: string; number: string; decidedOn: string; form: string; signerName: string; signerTitle: string; by: string }): Promise<void> {
  await sql`
    INSERT INTO award_decisions (id, campaign_id, number, decided_on, form, signer_name, signer_title, recorded_by)
    VALUES (${v.id}, ${v.campaignId}, ${v.number}, ${v.decidedOn}, ${v.form}, ${v.signerName}, ${v.signerTitle}, ${v.by})`.execute(db);
}

export interface DecisionRow { id: string; number: string; decided_on: string; form: 'commune_certificate' | 'province_proposal'; signer_name: string; signer_title: string; count: number }

export async function decisionsOf(db: Kysely<DB>, campaignId: string): Promise<DecisionRow[]> {
  const { rows } = await sql<DecisionRow>`
    SELECT d.id, d.number, d.decided_on, d.form, d.signer_name, d.signer_title,
      (SELECT count(*) FROM award_nominations n WHERE n.decision_id = d.id)::int AS count
    FROM award_decisions d WHERE d.campaign_id = ${campaignId} ORDER BY d.decided_on, d.number`.execute(db);
  return rows;
}

export async function addHistory(db: Kysely<DB>, v: { campaignId: string; nominationId?: string | null; by: string | null; action: string; detail?: string }): Promise<void> {
  await sql`INSERT INTO award_history (campaign_id, nomination_id, account_id, action, detail)
    VALUES (${v.campaignId}, ${v.nominationId ?? null}, ${v.by}, ${v.action}, ${v.detail ?? ''})`.execute(db);
}

export async function historyOf(db: Kysely<DB>, campaignId: string) {
  const { rows } = await sql<{ at: Date; account: string | null; action: string; detail: string; subject_name: string | null }>`
    SELECT h.at, a.full_name AS account, h.action, h.detail, n.subject_name
    FROM award_history h LEFT JOIN accounts a ON a.id = h.account_id LEFT JOIN award_nominations n ON n.id = h.nomination_id
    WHERE h.campaign_id = ${campaignId} ORDER BY h.id DESC LIMIT 500`.execute(db);
  return rows;
}

/** The nominations of the running or closed campaigns of a commune whose period overlaps a report's: for the monthly report. */
export async function nominationsForReport(db: Kysely<DB>, communeId: number, from: string, to: string) {
  const { rows } = await sql<{ campaign: string; title: AwardTitle; subject_name: string; village_name: string; status: string; outside_criteria: boolean }>`
    SELECT c.name AS campaign, n.title, n.subject_name, u.name AS village_name, n.status, n.outside_criteria
    FROM award_nominations n JOIN award_campaigns c ON c.id = n.campaign_id JOIN org_units u ON u.id = n.village_id
    WHERE c.commune_id = ${communeId} AND c.status <> 'draft' AND n.status <> 'withdrawn'
      AND (n.nominated_at AT TIME ZONE 'UTC' + interval '7 hours')::date <= ${to}::date AND c.period_to >= ${from}::date - interval '1 year'
    ORDER BY c.period_to DESC, array_position(ARRAY['citizen', 'family', 'village', 'team'], n.title), n.subject_name`.execute(db);
  return rows;
}

/** Subjects of a title to nominate outside the criteria, found by name in the given villages (20 at most). */
export async function searchSubjects(db: Kysely<DB>, title: AwardTitle, q: string, villageIds: number[]) {
  const like = `%${q}%`;
  type Row = { id: string; name: string; village_id: number; village_name: string; detail: string | null };
  if (title === 'citizen') {
    return (await sql<Row>`
      SELECT p.id::text AS id, p.full_name AS name, p.village_id, u.name AS village_name, p.birth_year::text AS detail
      FROM people p JOIN org_units u ON u.id = p.village_id
      WHERE p.status = 'resident' AND p.village_id = ANY (${villageIds}::int[]) AND p.name_search LIKE '%' || search_text(${q}) || '%'
      ORDER BY p.name_search, p.id LIMIT 20`.execute(db)).rows;
  }
  if (title === 'family') {
    return (await sql<Row>`
      SELECT h.id::text AS id, 'Hộ ' || coalesce(p.full_name, nullif(h.address, ''), coalesce(h.code, '')) AS name, h.village_id, u.name AS village_name, h.address AS detail
      FROM households h JOIN org_units u ON u.id = h.village_id LEFT JOIN people p ON p.id = h.head_person_id
      WHERE h.dissolved_at IS NULL AND h.village_id = ANY (${villageIds}::int[]) AND (p.name_search LIKE '%' || search_text(${q}) || '%' OR h.address ILIKE ${like})
      ORDER BY p.name_search, h.id LIMIT 20`.execute(db)).rows;
  }
  if (title === 'team') {
    return (await sql<Row>`
      SELECT t.id::text AS id, t.name, t.village_id, u.name AS village_name, NULL AS detail
      FROM teams t JOIN org_units u ON u.id = t.village_id
      WHERE t.ended_on IS NULL AND t.village_id = ANY (${villageIds}::int[]) AND search_text(t.name) LIKE '%' || search_text(${q}) || '%'
      ORDER BY u.name LIMIT 20`.execute(db)).rows;
  }
  return (await sql<Row>`
    SELECT u.id::text AS id, u.name, u.id AS village_id, u.name AS village_name, NULL AS detail
    FROM org_units u WHERE u.id = ANY (${villageIds}::int[]) AND search_text(u.name) LIKE '%' || search_text(${q}) || '%'
    ORDER BY u.name LIMIT 20`.execute(db)).rows;
}
