// The figures a title's rule tests, worked out in set-based SQL for every subject of a set of
// villages at once, and the rule applied in the same statement: one query per title returns
// only those who pass, each with the figures its conditions and score name. Person and
// household figures read the status history as the indicators do (a status counts when it
// became true on or before the as-of date); village figures are the indicators themselves
// (indicator_values) against the year's targets; team figures count the team's work.
import { type Kysely, type RawBuilder, sql } from 'kysely';
import {
  AWARD_FIGURES,
  type AwardFigure,
  type AwardTitle,
  type Condition,
  type FrozenRule,
  type ScoreTerm,
} from '../../../shared/awards.ts';
import type { DB } from '../../db/schema.ts';

export interface FigureWindow {
  villageIds: number[];
  /** First day of the campaign's period. */
  from: string;
  /** The as-of date: the period's last day (or the day before today while it runs). */
  asOf: string;
  /** The year's target of each village and code (percent), null where none is set. */
  targets: Array<{ villageId: number; code: string; percent: number | null }>;
  /**
   * Each village's indicator figures when already worked out (villageIndicatorRows): the
   * village and team titles then read them instead of computing the indicators again.
   */
  villageRows?: VillageIndicatorRow[];
}

export interface VillageIndicatorRow {
  village_id: number;
  pct_DD: number | null; pct_NH: number | null; pct_KNS: number | null; pct_BDHVS: number | null; pct_TT: number | null; pct_HGD: number | null;
  below_target: number;
  progress_pts: number | null;
}

export interface PassingRow {
  subject_id: string;
  subject_name: string;
  village_id: number;
  score: number | null;
  figures: Record<string, number | boolean | null>;
}

/** The indicators whose change over the period is a village's (and its team's) progress. */
export const PROGRESS_CODES = ['DD', 'NH', 'KNS', 'BDHVS'] as const;
const PERCENT_CODES = ['DD', 'NH', 'KNS', 'BDHVS', 'TT', 'HGD'] as const;

const dayBefore = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** Effective events only: an event replaced by a correction no longer counts. */
const effective = (alias: string) => sql`NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = ${sql.ref(`${alias}.id`)})`;

function citizenFigures(w: FigureWindow): RawBuilder<unknown> {
  const on = (column: string) => sql`coalesce(${sql.ref(`s.${column}`)} <= ${w.asOf}::date, false)`;
  return sql`
    WITH r AS (SELECT * FROM indicator_residents(${w.villageIds}::int[], ARRAY[${w.asOf}::date])),
    proc AS (
      SELECT a.person_id, count(*)::int AS n
      FROM support_events e JOIN support_actions a ON a.event_id = e.id
      WHERE e.village_id = ANY (${w.villageIds}::int[]) AND e.event_date BETWEEN ${w.from}::date AND ${w.asOf}::date
        AND a.action = 'submit_procedure' AND a.outcome = 'done' AND ${effective('e')}
      GROUP BY a.person_id
    )
    SELECT p.id::text AS subject_id, p.full_name AS subject_name, r.village_id,
      extract(year FROM age(${w.asOf}::date, coalesce(p.birth_date, make_date(p.birth_year, 1, 1))))::int AS age,
      ${on('vneid_level2_on')} AS vneid_level2, ${on('vneid_level1_on')} AS vneid_level1, ${on('bank_account_on')} AS bank_account,
      ${on('dvc_account_on')} AS dvc_account, ${on('basic_skills_on')} AS basic_skills, ${on('bdhvs_certified_on')} AS bdhvs_certified,
      ${on('cashless_payment_on')} AS cashless_payment, ${on('vssid_on')} AS vssid,
      coalesce(proc.n, 0) AS procedures
    FROM r JOIN people p ON p.id = r.person_id
    LEFT JOIN person_digital_status s ON s.person_id = r.person_id
    LEFT JOIN proc ON proc.person_id = r.person_id`;
}

function familyFigures(w: FigureWindow): RawBuilder<unknown> {
  const on = (column: string) => sql`coalesce(${sql.ref(`s.${column}`)} <= ${w.asOf}::date, false)`;
  const pct = (n: string) => sql`CASE WHEN m.members_16 > 0 THEN round(100.0 * ${sql.ref(`m.${n}`)} / m.members_16, 1) ELSE 0 END`;
  return sql`
    WITH r AS (SELECT * FROM indicator_residents(${w.villageIds}::int[], ARRAY[${w.asOf}::date])),
    f AS (
      SELECT r.household_id, r.village_id,
        coalesce(p.birth_date, make_date(p.birth_year, 1, 1)) <= (${w.asOf}::date - interval '16 years')::date AS age16,
        ${on('vneid_level2_on')} AS vneid2, ${on('bank_account_on')} AS bank,
        ${on('basic_skills_on')} AND ${on('dvc_account_on')} AS skills_dvc, ${on('cashless_payment_on')} AS cashless
      FROM r JOIN people p ON p.id = r.person_id
      LEFT JOIN person_digital_status s ON s.person_id = r.person_id
    ),
    m AS (
      SELECT household_id, min(village_id) AS village_id,
        (count(*) FILTER (WHERE age16))::int AS members_16,
        (count(*) FILTER (WHERE age16 AND vneid2))::int AS n_vneid2,
        (count(*) FILTER (WHERE age16 AND bank))::int AS n_bank,
        (count(*) FILTER (WHERE skills_dvc))::int AS members_skills_dvc,
        (count(*) FILTER (WHERE cashless))::int AS members_cashless
      FROM f GROUP BY household_id
    )
    SELECT h.id::text AS subject_id,
      'Hộ ' || coalesce(head.full_name, nullif(h.address, ''), coalesce(h.code, '')) AS subject_name, m.village_id,
      m.members_16, ${pct('n_vneid2')}::float8 AS pct_16_vneid2, ${pct('n_bank')}::float8 AS pct_16_bank,
      m.members_skills_dvc, m.members_cashless,
      coalesce(hs.informed_on <= ${w.asOf}::date, false) AS household_informed
    FROM m JOIN households h ON h.id = m.household_id
    LEFT JOIN people head ON head.id = h.head_person_id
    LEFT JOIN household_digital_status hs ON hs.household_id = m.household_id`;
}

/** Each village's indicator percentages at the as-of date and the day before the period. */
function villageIndicators(w: FigureWindow): RawBuilder<unknown> {
  const start = dayBefore(w.from);
  const at = (code: string, end: 'end' | 'start') =>
    sql`max(CASE WHEN v.code = ${code} AND v.period_end = ${end === 'end' ? w.asOf : start}::date AND v.denominator > 0
      THEN round(100.0 * v.numerator / v.denominator, 1) END)::float8`;
  const progress = sql.join(PROGRESS_CODES.map((code) => sql`(${at(code, 'end')} - ${at(code, 'start')})`), sql` + `);
  const present = sql.join(PROGRESS_CODES.map((code) => sql`(CASE WHEN ${at(code, 'end')} IS NOT NULL AND ${at(code, 'start')} IS NOT NULL THEN 1 ELSE 0 END)`), sql` + `);
  const tv = w.targets;
  // The stored figures (indicator_aggregates, kept in the write path) where they are current;
  // computed live (indicator_values) for a village and date with none stored or a change
  // marked since: the same numbers either way, the stored ones in a fraction of the time.
  return sql`
    WITH wanted AS (
      SELECT vi AS village_id, d AS period_end FROM unnest(${w.villageIds}::int[]) vi CROSS JOIN unnest(ARRAY[${w.asOf}::date, ${start}::date]) d
    ),
    stale AS (
      SELECT w.village_id, w.period_end FROM wanted w
      WHERE NOT EXISTS (SELECT 1 FROM indicator_aggregates a WHERE a.village_id = w.village_id AND a.period_end = w.period_end)
         OR EXISTS (SELECT 1 FROM indicator_dirty_villages m WHERE m.village_id = w.village_id AND m.since <= w.period_end)
    ),
    v AS (
      SELECT a.village_id, a.period_end, a.code, a.numerator, a.denominator
      FROM indicator_aggregates a JOIN wanted w ON w.village_id = a.village_id AND w.period_end = a.period_end
      WHERE NOT EXISTS (SELECT 1 FROM stale s WHERE s.village_id = a.village_id AND s.period_end = a.period_end)
      UNION ALL
      SELECT x.village_id, x.period_end, x.code, x.numerator, x.denominator
      FROM indicator_values(
        (SELECT coalesce(array_agg(DISTINCT s.village_id), '{}') FROM stale s),
        (SELECT coalesce(array_agg(DISTINCT s.period_end), '{}') FROM stale s)) x
      WHERE EXISTS (SELECT 1 FROM stale s WHERE s.village_id = x.village_id AND s.period_end = x.period_end)
    ),
    t AS (SELECT * FROM unnest(${tv.map((t) => t.villageId)}::int[], ${tv.map((t) => t.code)}::text[], ${tv.map((t) => t.percent)}::float8[]) AS t(village_id, code, percent)),
    below AS (
      SELECT v.village_id, (count(*) FILTER (WHERE t.percent IS NOT NULL AND v.denominator > 0 AND 100.0 * v.numerator / v.denominator < t.percent))::int AS n
      FROM v JOIN t ON t.village_id = v.village_id AND t.code = v.code
      WHERE v.period_end = ${w.asOf}::date GROUP BY v.village_id
    )
    SELECT v.village_id,
      ${sql.join(PERCENT_CODES.map((code) => sql`${at(code, 'end')} AS ${sql.ref(`pct_${code}`)}`), sql`, `)},
      coalesce(min(below.n), 0) AS below_target,
      -- Every indicator with figures at both ends, averaged (all four missing: no progress figure).
      round((CASE WHEN ${present} = 0 THEN NULL ELSE coalesce(${progress}, 0) / (${present}) END)::numeric, 1)::float8 AS progress_pts
    FROM v LEFT JOIN below ON below.village_id = v.village_id
    GROUP BY v.village_id`;
}

/** The villages' indicator figures: those already worked out, or the live query. */
function villageSource(w: FigureWindow): RawBuilder<unknown> {
  if (!w.villageRows) return villageIndicators(w);
  return sql`SELECT * FROM jsonb_to_recordset(${JSON.stringify(w.villageRows)}::jsonb) AS r(village_id int, "pct_DD" float8, "pct_NH" float8,
    "pct_KNS" float8, "pct_BDHVS" float8, "pct_TT" float8, "pct_HGD" float8, below_target int, progress_pts float8)`;
}

function villageFigures(w: FigureWindow): RawBuilder<unknown> {
  return sql`
    SELECT u.id::text AS subject_id, u.name AS subject_name, u.id AS village_id,
      ${sql.join(PERCENT_CODES.map((code) => sql.ref(`i.pct_${code}`)), sql`, `)}, i.below_target, i.progress_pts
    FROM (${villageSource(w)}) i JOIN org_units u ON u.id = i.village_id`;
}

function teamFigures(w: FigureWindow): RawBuilder<unknown> {
  return sql`
    WITH tm AS (
      SELECT t.id AS team_id, t.name, t.village_id FROM teams t
      WHERE t.village_id = ANY (${w.villageIds}::int[]) AND t.formed_on <= ${w.asOf}::date AND (t.ended_on IS NULL OR t.ended_on > ${w.asOf}::date)
    ),
    members AS (
      SELECT m.team_id, m.id, (m.joined_on <= ${w.asOf}::date AND (m.left_on IS NULL OR m.left_on > ${w.asOf}::date)) AS active
      FROM team_members m JOIN tm ON tm.team_id = m.team_id
    ),
    visits AS (
      SELECT m.team_id, count(DISTINCT e.id)::int AS n
      FROM tm JOIN support_events e ON e.village_id = tm.village_id
        AND e.event_date BETWEEN ${w.from}::date AND ${w.asOf}::date AND ${effective('e')}
      JOIN members m ON m.team_id = tm.team_id AND m.id = ANY (e.helper_member_ids)
      GROUP BY m.team_id
    ),
    trained AS (
      SELECT m.team_id, count(DISTINCT m.id)::int AS n
      FROM members m JOIN training_attendance a ON a.team_member_id = m.id
      JOIN trainings tr ON tr.id = a.training_id AND tr.status = 'held' AND (tr.starts_at AT TIME ZONE 'UTC' + interval '7 hours')::date <= ${w.asOf}::date
      WHERE m.active AND (a.status = 'present' OR a.completed)
      GROUP BY m.team_id
    ),
    months AS (
      SELECT g::date AS month FROM generate_series(date_trunc('month', ${w.from}::date), date_trunc('month', ${w.asOf}::date), interval '1 month') g
      WHERE (g + interval '1 month' - interval '1 day')::date <= ${w.asOf}::date
    ),
    on_time AS (
      SELECT tm.team_id, count(*)::int AS n
      FROM tm JOIN months mo ON true
      JOIN reports rp ON rp.kind = 'village_monthly' AND rp.org_unit_id = tm.village_id AND rp.period_start = mo.month
      WHERE (SELECT min(ev.at) FROM report_events ev WHERE ev.report_id = rp.id AND ev.action = 'submitted')
        < ((mo.month + interval '1 month' + interval '3 days')::timestamp - interval '7 hours') AT TIME ZONE 'UTC'
      GROUP BY tm.team_id
    ),
    progress AS (${villageSource(w)})
    SELECT tm.team_id::text AS subject_id, tm.name AS subject_name, tm.village_id,
      (SELECT count(*) FROM members m WHERE m.team_id = tm.team_id AND m.active)::int AS team_members,
      round(coalesce(visits.n, 0)::numeric / nullif((SELECT count(*) FROM members m WHERE m.team_id = tm.team_id AND m.active), 0), 1)::float8 AS visits_per_member,
      round(100.0 * coalesce(trained.n, 0) / nullif((SELECT count(*) FROM members m WHERE m.team_id = tm.team_id AND m.active), 0), 1)::float8 AS pct_trained,
      round(100.0 * coalesce(on_time.n, 0) / nullif((SELECT count(*) FROM months), 0), 1)::float8 AS pct_reports_on_time,
      progress.progress_pts AS village_progress_pts
    FROM tm
    LEFT JOIN visits ON visits.team_id = tm.team_id
    LEFT JOIN trained ON trained.team_id = tm.team_id
    LEFT JOIN on_time ON on_time.team_id = tm.team_id
    LEFT JOIN progress ON progress.village_id = tm.village_id`;
}

const FIGURE_QUERIES: Record<AwardTitle, (w: FigureWindow) => RawBuilder<unknown>> = {
  citizen: citizenFigures,
  family: familyFigures,
  village: villageFigures,
  team: teamFigures,
};

/** A rule's figure as SQL: only codes of the catalogue reach here (checked when the rule was saved). */
function figureRef(code: string): RawBuilder<unknown> {
  if (!(code in AWARD_FIGURES)) throw new Error(`unknown award figure ${code}`);
  return sql`f.${sql.ref(code)}`;
}

function conditionSql(c: Condition): RawBuilder<boolean> {
  const ref = figureRef(c.figure);
  if (c.op === 'is') return sql<boolean>`coalesce(${ref} = ${c.value === true}, false)`;
  const op = sql.raw(c.op === '>=' ? '>=' : c.op === '<=' ? '<=' : '=');
  return sql<boolean>`coalesce(${ref} ${op} ${Number(c.value)}::float8, false)`;
}

function scoreSql(terms: readonly ScoreTerm[]): RawBuilder<number | null> {
  if (!terms.length) return sql<null>`NULL::float8`;
  const parts = terms.map((t) => {
    const ref = figureRef(t.figure);
    const value = (AWARD_FIGURES[t.figure as AwardFigure].kind === 'flag') ? sql`(CASE WHEN ${ref} THEN 1 ELSE 0 END)` : sql`coalesce(${ref}, 0)::float8`;
    return sql`${t.weight}::float8 * ${value}`;
  });
  return sql<number>`round((${sql.join(parts, sql` + `)})::numeric, 2)::float8`;
}

/** The figures a rule names (its conditions' and its score's), each once. */
export const figuresOfRule = (rule: Pick<FrozenRule, 'conditions' | 'score'>) => [...new Set([...rule.conditions.map((c) => c.figure), ...rule.score.map((s) => s.figure)])];

/** Those of `title` in the window who pass `rule`, with the figures the rule names and their score. */
export async function passingSubjects(db: Kysely<DB>, title: AwardTitle, rule: FrozenRule, w: FigureWindow): Promise<PassingRow[]> {
  if (!w.villageIds.length) return [];
  const joiner = rule.combine === 'all' ? sql` AND ` : sql` OR `;
  const where = sql.join(rule.conditions.map(conditionSql), joiner);
  const figures = figuresOfRule(rule);
  const json = sql`jsonb_build_object(${sql.join(figures.map((code) => sql`${code}::text, ${figureRef(code)}`), sql`, `)})`;
  const { rows } = await sql<PassingRow>`
    SELECT f.subject_id, f.subject_name, f.village_id, ${scoreSql(rule.score)} AS score, ${json} AS figures
    FROM (${FIGURE_QUERIES[title](w)}) f
    WHERE ${where}
    ORDER BY 4 DESC NULLS LAST, f.subject_name, f.subject_id`.execute(db);
  return rows.map((r) => ({ ...r, score: r.score === null ? null : Number(r.score) }));
}

/** Each village's indicator figures (percentages at the end, indicators below target, progress), worked out once for the village and team titles. */
export async function villageIndicatorRows(db: Kysely<DB>, w: FigureWindow): Promise<VillageIndicatorRow[]> {
  if (!w.villageIds.length) return [];
  const { rows } = await sql<VillageIndicatorRow>`SELECT i.* FROM (${villageIndicators(w)}) i`.execute(db);
  return rows;
}

/** Every subject's figures of a title (no rule): what the rule editor previews and tests check. */
export async function allFigures(db: Kysely<DB>, title: AwardTitle, w: FigureWindow): Promise<Array<Record<string, unknown>>> {
  if (!w.villageIds.length) return [];
  const { rows } = await sql<Record<string, unknown>>`SELECT f.* FROM (${FIGURE_QUERIES[title](w)}) f`.execute(db);
  return rows;
}
