// The communication of a unit over a period, summed: by channel, by the units below it, the
// campaigns that ran, and the households reached by name (ticked at a meeting, informed on a
// visit) beside the other reach. Read by the reports (frozen there) and the dashboard.
import { type Kysely, sql } from 'kysely';
import {
  COMM_CHANNELS,
  emptyCommCounts,
  type CommChannel,
  type CommChannelCounts,
  type CommCounts,
  type CommFigures,
  type CommUnitRow,
} from '../../../shared/communication.ts';
import type { DB } from '../../db/schema.ts';
import { likePrefix } from '../../http/scope.ts';
import { touches } from './communication.queries.ts';

export interface FiguresUnit {
  id: number;
  name: string;
  path: string;
  level: 'province' | 'commune' | 'village';
}

/** The sums every row carries, from the activities' measures (a measure a channel does not take is absent: 0). */
const SUMS = sql`
  count(*)::int AS activities,
  coalesce(sum((a.measures->>'newsItems')::int), 0)::int AS news_items,
  coalesce(sum((a.measures->>'airtimeMinutes')::int), 0)::int AS airtime_minutes,
  (count(*) FILTER (WHERE a.channel IN ('village_meeting', 'party_cell', 'mass_org')))::int AS meetings,
  coalesce(sum((a.measures->>'attendees')::int), 0)::int AS attendees,
  coalesce(sum((a.measures->>'households')::int), 0)::int AS households,
  coalesce(sum((a.measures->>'posts')::int), 0)::int AS posts,
  coalesce(sum((a.measures->>'posts')::int) FILTER (WHERE a.channel = 'zalo'), 0)::int AS zalo_posts,
  coalesce(sum((a.measures->>'reach')::int), 0)::int AS reach,
  coalesce(sum((a.measures->>'copies')::int), 0)::int AS copies,
  coalesce(sum((a.measures->>'articles')::int), 0)::int AS articles`;

interface SumRow {
  activities: number;
  news_items: number;
  airtime_minutes: number;
  meetings: number;
  attendees: number;
  households: number;
  posts: number;
  zalo_posts: number;
  reach: number;
  copies: number;
  articles: number;
}

const countsOf = (r: SumRow | undefined, meetingHouseholds = 0): CommCounts => (r
  ? {
      activities: r.activities, newsItems: r.news_items, airtimeMinutes: r.airtime_minutes, meetings: r.meetings, attendees: r.attendees,
      meetingHouseholds, households: r.households, posts: r.posts, zaloPosts: r.zalo_posts, reach: r.reach, copies: r.copies, articles: r.articles,
    }
  : { ...emptyCommCounts(), meetingHouseholds });

export async function communicationFigures(db: Kysely<DB>, unit: FiguresUnit, from: string, to: string): Promise<CommFigures> {
  const prefix = likePrefix(unit.path);
  const inPeriod = sql`a.activity_on BETWEEN ${from}::date AND ${to}::date AND ${touches(unit.path)}`;
  // Households ticked at a meeting of the period, counted where they live (under the unit).
  const ticked = sql`
    SELECT DISTINCT ah.household_id, a.channel, a.org_unit_id, h.village_id
    FROM comm_activities a
    JOIN comm_activity_households ah ON ah.activity_id = a.id
    JOIN households h ON h.id = ah.household_id
    JOIN org_units hv ON hv.id = h.village_id
    WHERE ${inPeriod} AND hv.path LIKE ${prefix}`;

  // The units a row is kept for: a commune's villages, the province's communes, a village itself.
  const childLevel = unit.level === 'province' ? 'commune' : 'village';
  const children = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('level', '=', childLevel)
    .where('active', '=', true)
    .where('path', 'like', prefix)
    .orderBy('name')
    .execute();

  const [byChannel, total, unitSums, unitChannels, tickedByChannel, tickedByUnit, reach, campaigns] = await Promise.all([
    sql<SumRow & { channel: CommChannel; villages: number }>`
      SELECT a.channel, ${SUMS}, coalesce(max(v.villages), 0)::int AS villages
      FROM comm_activities a
      LEFT JOIN (
        SELECT a.channel, count(DISTINCT av.village_id) AS villages
        FROM comm_activities a JOIN comm_activity_villages av ON av.activity_id = a.id JOIN org_units vu ON vu.id = av.village_id
        WHERE ${inPeriod} AND vu.path LIKE ${prefix} GROUP BY a.channel
      ) v ON v.channel = a.channel
      WHERE ${inPeriod} GROUP BY a.channel`.execute(db),
    sql<SumRow>`SELECT ${SUMS} FROM comm_activities a WHERE ${inPeriod}`.execute(db),
    // A commune's villages: the activities that reached each; the province's communes: each commune's own.
    childLevel === 'village'
      ? sql<SumRow & { unit_id: number }>`
          SELECT av.village_id AS unit_id, ${SUMS} FROM comm_activities a JOIN comm_activity_villages av ON av.activity_id = a.id
          WHERE ${inPeriod} GROUP BY av.village_id`.execute(db)
      : sql<SumRow & { unit_id: number }>`SELECT a.org_unit_id AS unit_id, ${SUMS} FROM comm_activities a WHERE ${inPeriod} GROUP BY a.org_unit_id`.execute(db),
    childLevel === 'village'
      ? sql<{ unit_id: number; channel: CommChannel; n: number }>`
          SELECT av.village_id AS unit_id, a.channel, count(*)::int AS n FROM comm_activities a JOIN comm_activity_villages av ON av.activity_id = a.id
          WHERE ${inPeriod} GROUP BY av.village_id, a.channel`.execute(db)
      : sql<{ unit_id: number; channel: CommChannel; n: number }>`
          SELECT a.org_unit_id AS unit_id, a.channel, count(*)::int AS n FROM comm_activities a WHERE ${inPeriod} GROUP BY a.org_unit_id, a.channel`.execute(db),
    sql<{ channel: CommChannel; n: number }>`SELECT t.channel, count(DISTINCT t.household_id)::int AS n FROM (${ticked}) t GROUP BY t.channel`.execute(db),
    childLevel === 'village'
      ? sql<{ unit_id: number; n: number }>`SELECT t.village_id AS unit_id, count(DISTINCT t.household_id)::int AS n FROM (${ticked}) t GROUP BY t.village_id`.execute(db)
      : sql<{ unit_id: number; n: number }>`SELECT t.org_unit_id AS unit_id, count(DISTINCT t.household_id)::int AS n FROM (${ticked}) t GROUP BY t.org_unit_id`.execute(db),
    sql<{ visit_households: number; reached: number; meeting_households: number; newly_informed: number }>`
      WITH visits AS (
        SELECT DISTINCT e.household_id FROM support_events e JOIN org_units u ON u.id = e.village_id
        WHERE e.informed AND e.event_date BETWEEN ${from}::date AND ${to}::date AND u.path LIKE ${prefix}
          AND NOT EXISTS (SELECT 1 FROM support_events c WHERE c.corrects_event_id = e.id)
      ), meetings AS (SELECT DISTINCT household_id FROM (${ticked}) t)
      SELECT (SELECT count(*)::int FROM visits) AS visit_households,
        (SELECT count(*)::int FROM meetings) AS meeting_households,
        (SELECT count(*)::int FROM (SELECT household_id FROM visits UNION SELECT household_id FROM meetings) x) AS reached,
        (SELECT count(*)::int FROM household_digital_status s JOIN households h ON h.id = s.household_id JOIN org_units hv ON hv.id = h.village_id
          WHERE s.informed_on BETWEEN ${from}::date AND ${to}::date AND hv.path LIKE ${prefix}) AS newly_informed`.execute(db),
    // The campaigns of the communes concerned that ran during the period, with their activities in it.
    sql<{ name: string; starts_on: string; ends_on: string; activities: number }>`
      SELECT c.name, c.starts_on, c.ends_on,
        (SELECT count(*)::int FROM comm_activities a WHERE a.campaign_id = c.id AND ${inPeriod}) AS activities
      FROM comm_campaigns c JOIN org_units cu ON cu.id = c.org_unit_id
      WHERE c.starts_on <= ${to}::date AND c.ends_on >= ${from}::date
        AND (cu.path LIKE ${prefix} OR ${unit.path} LIKE cu.path || '%')
      ORDER BY c.starts_on, c.name`.execute(db),
  ]);

  const tickedOf = new Map(tickedByChannel.rows.map((r) => [r.channel, r.n]));
  const channels: CommChannelCounts[] = COMM_CHANNELS.flatMap((channel) => {
    const row = byChannel.rows.find((r) => r.channel === channel);
    return row ? [{ ...countsOf(row, tickedOf.get(channel) ?? 0), channel, villages: row.villages }] : [];
  });
  const r = reach.rows[0];
  // A village's report has one row, itself: the same sums as the commune's row for it.
  const rowsOf = unit.level === 'village' ? [{ id: unit.id, name: unit.name }] : children;
  const units: CommUnitRow[] = rowsOf.map((child) => {
    const sums = unitSums.rows.find((s) => s.unit_id === child.id);
    const meetingHouseholds = tickedByUnit.rows.find((t) => t.unit_id === child.id)?.n ?? 0;
    const byChannelOfUnit = Object.fromEntries(unitChannels.rows.filter((c) => c.unit_id === child.id).map((c) => [c.channel, c.n]));
    return { orgUnitId: child.id, name: child.name, ...countsOf(sums, meetingHouseholds), byChannel: byChannelOfUnit };
  });
  return {
    from,
    to,
    total: countsOf(total.rows[0], r.meeting_households),
    byChannel: channels,
    units,
    campaigns: campaigns.rows.map((c) => ({ name: c.name, startsOn: c.starts_on, endsOn: c.ends_on, activities: c.activities })),
    visitHouseholds: r.visit_households,
    householdsReached: r.reached,
    newlyInformed: r.newly_informed,
  };
}
