// The indicators by area and period against their targets (the dashboard's and other systems'
// JSON), the people or households behind a figure, and targets per year and unit.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  FIRST_INDICATOR_YEAR,
  INDICATOR_CODES,
  INDICATOR_SUBJECT,
  PLAN_TARGETS,
  PLAN_TARGETS_LABEL,
  type DrillDownQuery,
  type Figure,
  type IndicatorFigure,
  type SupportCounts,
  type TargetView,
  type IndicatorCode,
  type IndicatorQuery,
  type Period,
  type TargetsUpdate,
  expectedPercent,
  monthStart,
  percentOf,
  resolvePeriod,
  seriesEnds,
} from '../../../shared/indicators.ts';
import type { NotDoneReason } from '../../../shared/support.ts';
import type { DB } from '../../db/schema.ts';
import { requireAuth } from '../../http/access.ts';
import { AppError, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { type Scope, inScope } from '../../http/scope.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { type UnitRef, childrenOf, unitInScope } from '../org-units/org-units.queries.ts';
import { ageOn } from '../../../shared/calendar.ts';

import { type CountRow, type ListCounts, type ValueRow, areaCounts, areaValues, effectiveTargets, householdsList, peopleList, pendingVillages } from './indicators.queries.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';
import { pageWindow } from '../../http/pagination.ts';

function periodOrRefuse(query: { period: IndicatorQuery['period']; year?: number; month?: number }, today: string): Period {
  const period = resolvePeriod(query.period, query.year ?? Number(today.slice(0, 4)), query.month, today);
  if (typeof period === 'string') throw invalid(query.month ? 'month' : 'year', period);
  return period;
}

const figureOf = (row: ValueRow | undefined): Figure => {
  const numerator = row?.numerator ?? 0;
  const denominator = row?.denominator ?? 0;
  return { numerator, denominator, extra: row?.extra ?? 0, percent: percentOf(numerator, denominator) };
};

/** Counts of a period: sums of its months; people are distinct over the whole period. */
function periodCounts(rows: CountRow[], childId: number | null, period: Period): SupportCounts {
  const from = period.start.slice(0, 7);
  const to = period.end.slice(0, 7);
  const inPeriod = rows.filter((r) => r.childId === childId && r.month.slice(0, 7) >= from && r.month.slice(0, 7) <= to);
  const last = inPeriod.find((r) => r.month.slice(0, 7) === to);
  return {
    visits: inPeriod.reduce((s, r) => s + r.visits, 0),
    peopleSupported: !last ? 0 : period.type === 'month' ? last.people : period.type === 'quarter' ? last.peopleQtd : last.peopleYtd,
    procedures: inPeriod.reduce((s, r) => s + r.procedures, 0),
    appsInstalled: inPeriod.reduce((s, r) => s + r.apps, 0),
  };
}

/**
 * The dashboard's figures: the unit and each child unit, the eight indicators at the period's
 * end against their targets, the change since the previous period, the unit's monthly series
 * for the year and the counts without ratio.
 */
export async function indicatorDashboard(db: Kysely<DB>, scope: Scope, ownUnitId: number, query: IndicatorQuery, today = todayInVietnam()) {
  const unit = await unitInScope(db, scope, query.orgUnitId ?? ownUnitId);
  const period = periodOrRefuse(query, today);
  const children = await childrenOf(db, unit);
  const series = seriesEnds(period.year, today);
  const ends = [...new Set([period.end, period.previousEnd, period.yearStart, ...series.map((s) => s.end)])].sort();
  const months = series.map((s) => monthStart(period.year, s.month));
  const [values, counts, targets, pending] = await Promise.all([
    // Children at the period's end, the one before and the year's start; the unit at every month.
    areaValues(db, unit, ends, [period.end, period.previousEnd, period.yearStart]),
    areaCounts(db, unit, months, months.filter((m) => m >= `${period.start.slice(0, 7)}-01` && m <= period.end)),
    effectiveTargets(db, period.year, [unit.id, ...children.map((c) => c.id)]),
    pendingVillages(db, unit),
  ]);
  const valueIndex = new Map(values.rows.map((r) => [`${r.childId}|${r.periodEnd}|${r.code}`, r]));
  const at = (childId: number | null, end: string, code: string) => figureOf(valueIndex.get(`${childId}|${end}|${code}`));

  const figuresOf = (unitId: number, childId: number | null): Record<IndicatorCode, IndicatorFigure> => {
    const out = {} as Record<IndicatorCode, IndicatorFigure>;
    for (const code of INDICATOR_CODES) {
      const now = at(childId, period.end, code);
      const previous = at(childId, period.previousEnd, code);
      const startOfYear = at(childId, period.yearStart, code);
      const set = targets.find((t) => t.unitId === unitId && t.code === code);
      const target: TargetView | null = set
        ? { percent: set.percent, source: { orgUnitId: set.sourceId, name: set.sourceName, level: set.sourceLevel } }
        : PLAN_TARGETS[code] === null ? null : { percent: PLAN_TARGETS[code]!, source: { plan: PLAN_TARGETS_LABEL } };
      // Nobody to count on 31 December (a new village): the line starts from zero.
      const expected = target
        ? Math.round(expectedPercent(startOfYear.percent ?? 0, target.percent, period.yearStart, period.yearEnd, period.end) * 100) / 100
        : null;
      out[code] = {
        ...now,
        target,
        expected,
        onTrack: expected === null || now.percent === null ? null : now.percent + 1e-9 >= expected,
        previous,
        change: now.percent === null || previous.percent === null ? null : Math.round((now.percent - previous.percent) * 100) / 100,
        startOfYear,
      };
    }
    return out;
  };

  // The unit's own figures are the area's total (childId null); a village has no children.
  const population = (childId: number | null) => {
    const pop = at(childId, period.end, 'POP');
    return { residents: pop.denominator, households: at(childId, period.end, 'TT').denominator };
  };
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level },
    period,
    asOf: today,
    /** Villages whose latest changes are still being added to the figures (seconds). */
    pendingVillages: pending,
    /** Village × end dates computed live because they were not stored yet. */
    computedLive: values.computedLive,
    summary: {
      id: unit.id, name: unit.name, level: unit.level, ...population(null),
      indicators: figuresOf(unit.id, null), counts: periodCounts(counts, null, period),
    },
    children: children.map((c) => ({
      id: c.id, name: c.name, level: c.level, ...population(c.id),
      indicators: figuresOf(c.id, c.id), counts: periodCounts(counts, c.id, period),
    })),
    series: {
      startOfYear: { end: period.yearStart, values: Object.fromEntries(INDICATOR_CODES.map((code) => [code, at(null, period.yearStart, code)])) as Record<IndicatorCode, Figure> },
      months: series.map((s) => ({
        month: s.month,
        end: s.end,
        values: Object.fromEntries(INDICATOR_CODES.map((code) => [code, at(null, s.end, code)])) as Record<IndicatorCode, Figure>,
      })),
    },
    counts: {
      period: periodCounts(counts, null, period),
      months: series.map((s) => {
        const row = counts.find((r) => r.childId === null && r.month === monthStart(period.year, s.month));
        return { month: s.month, visits: row?.visits ?? 0, peopleSupported: row?.people ?? 0, procedures: row?.procedures ?? 0, appsInstalled: row?.apps ?? 0 };
      }),
    },
  };
}

/** Villages of a unit's subtree (the unit itself when it is one). */
async function villagesUnder(db: Kysely<DB>, unit: UnitRef): Promise<number[]> {
  if (unit.level === 'village') return [unit.id];
  const rows = await db.selectFrom('org_units').select('id').where('level', '=', 'village').where('path', 'like', `${unit.path}%`).execute();
  return rows.map((r) => r.id);
}

/**
 * The people (or households, for TT and HGD) counted in an indicator's denominator at the
 * period's end; reached=false gives those not yet reached, with the last reason recorded:
 * the team's next visits. Audited: it names people.
 */
export async function indicatorList(request: FastifyRequest, code: IndicatorCode, subject: 'person' | 'household', query: DrillDownQuery, today = todayInVietnam()) {
  const auth = requireAuth(request);
  if (INDICATOR_SUBJECT[code] !== subject) {
    throw new AppError(400, 'validation', subject === 'person'
      ? `Chỉ số ${code} tính theo hộ gia đình: xem danh sách hộ.`
      : `Chỉ số ${code} tính theo nhân khẩu: xem danh sách nhân khẩu.`);
  }
  const unit = await unitInScope(request.db, auth.scope, query.orgUnitId ?? auth.orgUnitId);
  const period = periodOrRefuse(query, today);
  const villageIds = await villagesUnder(request.db, unit);
  const filter = { villageIds, end: period.end, code, reached: query.reached, extra: query.extra, ...pageWindow(query) };
  const base = { code, unit: { id: unit.id, name: unit.name, level: unit.level }, period, reached: query.reached ?? null, extra: query.extra ?? false, page: query.page, pageSize: query.pageSize };
  /** The list's length for this filter, and every tab's (one query, one audit row per page seen). */
  const sized = (counts: ListCounts) => ({
    total: query.extra ? counts.extra : query.reached === undefined ? counts.reached + counts.notReached : query.reached ? counts.reached : counts.notReached,
    counts: { ...counts, all: counts.reached + counts.notReached },
  });

  if (subject === 'person') {
    const { counts, rows } = await peopleList(request.db, filter);
    const result = {
      ...base,
      ...sized(counts),
      items: rows.map((r) => ({
        personId: r.person_id!, fullName: r.full_name, sex: r.sex, birthDate: r.birth_date, birthYear: r.birth_year,
        age: ageOn({ birthDate: r.birth_date, birthYear: r.birth_year }, period.end), phone: r.phone, hasSmartphone: r.has_smartphone,
        householdId: r.household_id, householdCode: r.household_code, address: r.address, hamletGroup: r.hamlet_group,
        villageId: r.village_id, villageName: r.village_name, reached: r.reached,
        /** DD: has a level-1 account only. */
        extra: r.extra,
        lastVisitOn: r.last_visit_on, lastActionOn: r.last_action_on,
        lastReason: (r.last_outcome === 'not_done' ? r.last_reason : null) as NotDoneReason | null,
      })),
    };
    await recordAudit(request, {
      action: 'list', entity: 'person', orgUnitId: unit.id,
      detail: { indicator: code, period: period.label, end: period.end, reached: query.reached ?? null, extra: query.extra ?? false, results: result.total, ids: result.items.map((i) => i.personId) },
    });
    return result;
  }
  const { counts, rows } = await householdsList(request.db, filter);
  const result = {
    ...base,
    ...sized(counts),
    items: rows.map((r) => ({
      householdId: r.household_id!, householdCode: r.household_code, address: r.address, hamletGroup: r.hamlet_group, phone: r.phone,
      headName: r.head_name, members: r.members, villageId: r.village_id, villageName: r.village_name, reached: r.reached,
      /** HGD: counted as covered by the assigned team member (no capable member). */
      coveredByMember: r.extra, noCapableMember: r.no_capable_member, assignedMemberName: r.assigned_member_name,
      lastVisitOn: r.last_visit_on, lastReason: r.last_reason as NotDoneReason | null,
    })),
  };
  await recordAudit(request, {
    action: 'list', entity: 'household', orgUnitId: unit.id,
    detail: { indicator: code, period: period.label, end: period.end, reached: query.reached ?? null, extra: query.extra ?? false, results: result.total, ids: result.items.map((i) => i.householdId) },
  });
  return result;
}

// ---- Targets ----

/** Each code's target for the unit and its children: the one set on it, and the one that applies. */
export async function targetsOf(db: Kysely<DB>, scope: Scope, ownUnitId: number, query: { orgUnitId?: number; year?: number }, role: Scope['role'], today = todayInVietnam()) {
  const unit = await unitInScope(db, scope, query.orgUnitId ?? ownUnitId);
  const year = query.year ?? Number(today.slice(0, 4));
  const children = await childrenOf(db, unit);
  const units = [unit, ...children];
  const [own, effective] = await Promise.all([
    db.selectFrom('indicator_targets').select(['org_unit_id', 'code', 'target_percent']).where('year', '=', year).where('org_unit_id', 'in', units.map((u) => u.id)).execute(),
    effectiveTargets(db, year, units.map((u) => u.id)),
  ]);
  return {
    year,
    unit: { id: unit.id, name: unit.name, level: unit.level },
    units: units.map((u) => ({
      id: u.id, name: u.name, level: u.level,
      canEdit: mayEditTargets(role, u.level),
      targets: INDICATOR_CODES.map((code) => {
        const set = own.find((t) => t.org_unit_id === u.id && t.code === code);
        const applies = effective.find((t) => t.unitId === u.id && t.code === code);
        const target: TargetView | null = applies
          ? { percent: applies.percent, source: { orgUnitId: applies.sourceId, name: applies.sourceName, level: applies.sourceLevel } }
          : PLAN_TARGETS[code] === null ? null : { percent: PLAN_TARGETS[code]!, source: { plan: PLAN_TARGETS_LABEL } };
        return { code, own: set ? Number(set.target_percent) : null, effective: target };
      }),
    })),
  };
}

/** The province (admin) sets communes' targets (and any other); the commune office, its villages'. */
function mayEditTargets(role: Scope['role'], level: UnitRef['level']): boolean {
  if (role === 'admin') return true;
  if (role === 'culture_office') return level === 'village';
  return false;
}

/**
 * Sets a unit's targets for a year: a number sets or replaces its own target, null removes it.
 * A PUT runs in the request's one transaction (http/transaction.ts), so the writes and their
 * audit row are stored together or not at all.
 */
export async function setTargets(request: FastifyRequest, input: TargetsUpdate, today = todayInVietnam()) {
  const auth = requireAuth(request);
  const thisYear = Number(today.slice(0, 4));
  // Next year's targets may be given ahead (in the last months of a year), none further out.
  if (input.year > thisYear + 1) throw invalid('year', `Năm: chỉ giao chỉ tiêu đến năm ${thisYear + 1}; năm ${input.year} còn quá xa.`);
  if (input.year < FIRST_INDICATOR_YEAR) throw invalid('year', `Năm: chỉ tiêu được giao từ năm ${FIRST_INDICATOR_YEAR}.`);
  const unit = await unitInScope(request.db, auth.scope, input.orgUnitId).catch(() => {
    throw invalid('orgUnitId', 'Đơn vị không tồn tại hoặc ngoài phạm vi của bạn.');
  });
  if (!mayEditTargets(auth.role, unit.level)) {
    throw forbidden(auth.role === 'culture_office'
      ? 'Phòng Văn hóa - Xã hội chỉ giao chỉ tiêu cho thôn; chỉ tiêu của xã do tỉnh giao.'
      : 'Bạn không có quyền giao chỉ tiêu.');
  }
  const codes = input.targets.map((t) => t.code);
  if (new Set(codes).size !== codes.length) throw invalid('targets', 'Mỗi chỉ số chỉ được nêu một lần.');
  const before = await request.db.selectFrom('indicator_targets').select(['code', 'target_percent']).where('year', '=', input.year).where('org_unit_id', '=', unit.id).execute();
  const removed = input.targets.filter((t) => t.targetPercent === null).map((t) => t.code);
  const set = input.targets.filter((t): t is { code: IndicatorCode; targetPercent: number } => t.targetPercent !== null);
  if (removed.length) {
    await request.db.deleteFrom('indicator_targets').where('year', '=', input.year).where('org_unit_id', '=', unit.id).where('code', 'in', removed).execute();
  }
  if (set.length) {
    await request.db.insertInto('indicator_targets')
      .values(set.map((t) => ({ year: input.year, org_unit_id: unit.id, code: t.code, target_percent: t.targetPercent, set_by: auth.accountId })))
      .onConflict((oc) => oc.columns(['year', 'org_unit_id', 'code']).doUpdateSet((eb) => ({
        target_percent: eb.ref('excluded.target_percent'), set_by: eb.ref('excluded.set_by'), set_at: new Date(),
      })))
      .execute();
  }
  await recordAudit(request, {
    action: 'update', entity: 'indicator_target', entityId: `${input.year}/${unit.id}`, orgUnitId: unit.id,
    before: Object.fromEntries(before.map((t) => [t.code, Number(t.target_percent)])),
    after: Object.fromEntries(input.targets.map((t) => [t.code, t.targetPercent])),
    detail: { year: input.year },
  });
  return targetsOf(request.db, auth.scope, auth.orgUnitId, { orgUnitId: unit.id, year: input.year }, auth.role);
}
