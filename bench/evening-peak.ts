// The province's evening peak (issue 21), on the province-scale PostgreSQL database, through
// the real server in its own process:
//  1. the figures built as an explicit step: from scratch (indicators:rebuild) when none are
//     stored, else the worker's pending marks taken (timed, printed);
//  2. "anything new?" pulls: a burst of pulls with nothing new (quick=1), many in flight;
//  3. full pulls at once, the server's peak RSS;
//  4. the peak: 10,000 simulated phones, five per village over every village with a team,
//     each pulling every 3 minutes (quick=1, its own cursor) from a random offset, while
//     visits arrive at 15 per second, then 200 per second for a minute, then 15 again, each
//     pushed by a phone of a random village (1 visit a push at 15/s, 5 a push in the spike);
//     a visit is what a volunteer records at a door (VNeID level 2 or basic skills for an
//     adult, security advice), dated today. Prints visits/s, pulls/s, p95 of push and pull,
//     the figures' lag (a push's answer → no mark of its village older than the answer left:
//     the village's stored figures include it) p50/p95/max, the server's peak RSS, the CPU of
//     the database backends serving this database, and the load average.
//
//   npx tsx bench/evening-peak.ts      (BENCH_PEAK_SECONDS=120 sustained before the spike,
//                                       BENCH_PEAK_SPIKE=60, BENCH_PEAK_PHONES=10000)
//
// Every phone of a village shares one bench account of that village (bench.peak.<village>,
// linked to a plain member of its team), with a session made directly in the database: the
// server's cost of a pull is its village's, and 2,000 logins would only time the password hash.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type SupportAction, type SupportEventInput, BASIC_SKILLS_CHECKLIST, actionNotApplicable } from '../src/shared/support.ts';
import type { PullResponse, PullUnchanged, PushResponse } from '../src/shared/sync.ts';
import { todayInVietnam } from '../src/shared/calendar.ts';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import type { DB } from '../src/server/db/schema.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';
import { createSession } from '../src/server/features/accounts/sessions.ts';
import { rebuildAggregates } from '../src/server/features/indicators/aggregates-rebuild.ts';
import { runUntilIdle } from '../src/server/features/indicators/aggregates-worker.ts';
import { BENCH_URL, buildServer, mb, percentile, rssOf, startServerProcess } from './bench-support.ts';

const PHONES = Number(process.env.BENCH_PEAK_PHONES ?? 10_000);
const SUSTAINED_S = Number(process.env.BENCH_PEAK_SECONDS ?? 120);
const SPIKE_S = Number(process.env.BENCH_PEAK_SPIKE ?? 60);
const TAIL_S = 60;
const PULL_EVERY_MS = 180_000;
const load = () => loadavg().map((v) => v.toFixed(1)).join(' ');
const ms = (v: number) => `${v.toFixed(0)} ms`;
const s1 = (v: number) => `${(v / 1000).toFixed(1)} s`;

interface Village {
  id: number;
  accountId: string;
  memberId: string;
  cookie: string;
  csrf: string;
  /** Adults at home to visit: person, household, birth. */
  people: Array<{ id: string; householdId: string; birthDate: string | null; birthYear: number; isStudent: boolean }>;
  cursor?: string;
}

/** A bench account per village with a team that has a plain member, linked to that member; a fresh session each. */
async function setupVillages(db: Kysely<DB>): Promise<Village[]> {
  const passwordHash = await hashPassword(`bench-peak-${uuidv7()}`);
  const members = await sql<{ village_id: number; member_id: string }>`
    SELECT DISTINCT ON (t.village_id) t.village_id, m.id AS member_id
    FROM teams t JOIN team_members m ON m.team_id = t.id AND m.left_on IS NULL AND m.team_role <> 'leader'
    WHERE t.ended_on IS NULL AND (m.account_id IS NULL OR m.account_id IN (SELECT id FROM accounts WHERE username LIKE 'bench.peak.%'))
    ORDER BY t.village_id, (m.account_id IS NULL), m.id`.execute(db);
  const villages: Village[] = [];
  for (const row of members.rows) {
    const username = `bench.peak.${row.village_id}`;
    let account = await db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst();
    if (!account) {
      account = { id: uuidv7() };
      await db.insertInto('accounts').values({ id: account.id, username, full_name: `Điện thoại thử thôn ${row.village_id}`, role: 'team_member', org_unit_id: row.village_id, password_hash: passwordHash }).execute();
    }
    await db.updateTable('team_members').set({ account_id: account.id }).where('id', '=', row.member_id).where('account_id', 'is', null).execute();
    const session = await createSession(db, { accountId: account.id, role: 'team_member' });
    villages.push({ id: row.village_id, accountId: account.id, memberId: row.member_id, cookie: `cnscd_session=${session.token}`, csrf: session.csrfToken, people: [] });
  }
  const today = todayInVietnam();
  const people = await sql<{ id: string; household_id: string; village_id: number; birth_date: string | null; birth_year: number; is_student: boolean }>`
    SELECT id, household_id, village_id, birth_date, birth_year, is_student FROM (
      SELECT p.*, row_number() OVER (PARTITION BY p.village_id ORDER BY p.id) AS n FROM people p
      WHERE p.status = 'resident' AND p.birth_year BETWEEN 1950 AND ${Number(today.slice(0, 4)) - 20}
    ) x WHERE n <= 40`.execute(db);
  const byVillage = new Map(villages.map((v) => [v.id, v]));
  for (const p of people.rows) byVillage.get(p.village_id)?.people.push({ id: p.id, householdId: p.household_id, birthDate: p.birth_date, birthYear: p.birth_year, isStudent: p.is_student });
  return villages.filter((v) => v.people.length > 0);
}

let visitSeq = 0;
function visitIn(village: Village, today: string): SupportEventInput {
  const person = village.people[visitSeq++ % village.people.length];
  const subject = { birthDate: person.birthDate, birthYear: person.birthYear, isStudent: person.isStudent };
  const actions: SupportEventInput['actions'] = [];
  const add = (action: SupportAction, extra: Partial<SupportEventInput['actions'][number]> = {}) => {
    if (actionNotApplicable(action, subject, today) === null) actions.push({ personId: person.id, action, outcome: 'done', ...extra });
  };
  if (visitSeq % 2) add('activate_vneid_level2');
  else add('teach_basic_skills', { checklist: [...BASIC_SKILLS_CHECKLIST] });
  add('security_advice');
  return { id: uuidv7(), householdId: person.householdId, eventDate: today, channel: 'visit', helperMemberIds: [village.memberId], informed: true, actions };
}

async function pullOnce(url: string, village: Village, cursor: string | undefined, quick = true): Promise<{ ms: number; unchanged: boolean; cursor: string; bytes: number }> {
  const t = performance.now();
  const query = new URLSearchParams({ ...(quick ? { quick: '1' } : {}), ...(cursor ? { cursor } : {}) });
  const res = await fetch(`${url}/api/sync/pull?${query}`, { headers: { cookie: village.cookie, 'accept-encoding': 'gzip' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`pull ${village.id}: ${res.status} ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as PullResponse | PullUnchanged;
  return { ms: performance.now() - t, unchanged: 'unchanged' in body, cursor: body.cursor, bytes: text.length };
}

async function pushVisits(url: string, village: Village, visits: SupportEventInput[]): Promise<{ ms: number; refused: number; firstRefusal?: string }> {
  const t = performance.now();
  const res = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: village.cookie, 'x-csrf-token': village.csrf },
    body: JSON.stringify({ mutations: visits.map((v) => ({ id: uuidv7(), kind: 'support.record', payload: v })) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`push ${village.id}: ${res.status} ${text.slice(0, 200)}`);
  const { results } = JSON.parse(text) as PushResponse;
  const refusals = results.filter((r) => r.status === 'refused');
  return { ms: performance.now() - t, refused: refusals.length, firstRefusal: refusals[0]?.error?.message };
}

/** CPU seconds of the PostgreSQL backends serving this database now (pids from pg_stat_activity). */
async function databaseCpu(db: Kysely<DB>): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch { /* gone, or another machine's */ }
  }
  return out;
}
const cpuDelta = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, cpu]) => sum + cpu - (before.get(pid) ?? 0), 0);

export async function eveningPeakFigures(options: { build?: boolean; url?: string; print?: (line: string) => void } = {}): Promise<void> {
  const url = options.url ?? BENCH_URL;
  const print = options.print ?? ((line: string) => console.log(`  ${line}`));
  console.log(`\n== The province's evening peak (issue 21), PostgreSQL (${url.replace(/\/\/[^@]*@/, '//')}) ==`);
  if (options.build) buildServer();
  const setup = await openDatabase({ url, poolSize: 2 });
  let villages: Village[];
  try {
    await migrateToLatest(setup.db);
    // 1. The figures, as an explicit step.
    const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM indicator_aggregates`.execute(setup.db).then((r) => r.rows[0].n);
    let t = performance.now();
    if (stored === 0) {
      print(`figures: none stored — rebuilding the province from scratch (indicators:rebuild)… [load ${load()}]`);
      const rebuilt = await rebuildAggregates(setup.db);
      print(`figures rebuilt from scratch: ${rebuilt.villages} villages in ${s1(rebuilt.ms)} (goal ≤ 180 s) [load ${load()}]`);
    } else {
      const caught = await runUntilIdle(setup.db);
      print(`figures brought up to date: ${caught.recomputed} villages recomputed, ${caught.caughtUp} caught up, in ${s1(performance.now() - t)} [load ${load()}]`);
    }
    t = performance.now();
    villages = await setupVillages(setup.db);
    print(`setup: ${villages.length} villages with a bench account and a session, ${Math.round(PHONES / villages.length)} phones each, in ${s1(performance.now() - t)}`);
  } finally {
    await setup.close();
  }

  const server = await startServerProcess({ DATABASE_URL: url });
  const reader = await openDatabase({ url, poolSize: 2 });
  try {
    const pid = server.child.pid!;
    // Every village's first full pull: the cursor its phones start from.
    let t = performance.now();
    const firstMs: number[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < villages.length) {
        const v = villages[next++];
        const first = await pullOnce(server.url, v, undefined);
        firstMs.push(first.ms);
        v.cursor = first.cursor;
      }
    }));
    print(`first full pull of every village (8 at a time): ${villages.length} in ${s1(performance.now() - t)}, p50 ${ms(percentile(firstMs, 50))}, p95 ${ms(percentile(firstMs, 95))} [load ${load()}]`);

    // 2. "Anything new?" with nothing new: 100 in flight for 10 s.
    {
      const times: number[] = [];
      let unchanged = 0;
      const until = performance.now() + 10_000;
      const started = performance.now();
      let i = 0;
      await Promise.all(Array.from({ length: 100 }, async () => {
        while (performance.now() < until) {
          const v = villages[i++ % villages.length];
          const r = await pullOnce(server.url, v, v.cursor);
          times.push(r.ms);
          if (r.unchanged) unchanged += 1;
          v.cursor = r.cursor;
        }
      }));
      const seconds = (performance.now() - started) / 1000;
      print(`pulls with nothing new (quick=1), 100 in flight for 10 s: ${(times.length / seconds).toFixed(0)} per second (goal ≥ 2,000), p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}; ${unchanged} of ${times.length} answered "unchanged" [load ${load()}]`);
    }

    // 3. 100 full pulls at once (phones re-syncing after a release), the largest villages.
    {
      const largest = [...villages].sort((a, b) => b.people.length - a.people.length).slice(0, 100);
      const before = rssOf(pid);
      let peak = before;
      const sampler = setInterval(() => { peak = Math.max(peak, rssOf(pid)); }, 20);
      const started = performance.now();
      const results = await Promise.all(largest.map((v) => pullOnce(server.url, v, undefined, false)));
      clearInterval(sampler);
      print(`100 full pulls at once: ${s1(performance.now() - started)}, ${mb(results.reduce((n, r) => n + r.bytes, 0))} of JSON sent; server RSS ${mb(before)} before, peak ${mb(peak)} (goal < 300 MB) [load ${load()}]`);
    }

    // 4. The peak.
    const today = todayInVietnam();
    const phones = Array.from({ length: PHONES }, (_, i) => ({ village: villages[i % villages.length], cursor: villages[i % villages.length].cursor }));
    const pullMs: number[] = [];
    let pullsUnchanged = 0;
    const pushMs: number[] = [];
    let visitsSent = 0;
    let refused = 0;
    let firstRefusal: string | undefined;
    const pending: Array<{ villageId: number; answeredAt: number }> = [];
    const lags: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const fail = (error: unknown) => { errors += 1; firstError ??= (error as Error).message; };
    const total = SUSTAINED_S + SPIKE_S + TAIL_S;
    const start = performance.now();
    const end = start + total * 1000;
    const rateAt = (elapsed: number) => (elapsed >= SUSTAINED_S * 1000 && elapsed < (SUSTAINED_S + SPIKE_S) * 1000 ? 200 : 15);
    let peak = rssOf(pid);
    const sampler = setInterval(() => { try { peak = Math.max(peak, rssOf(pid)); } catch { /* exited */ } }, 50);
    const cpuBefore = await databaseCpu(reader.db);
    const serverCpuBefore = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0)) / 100;
    const inflight = new Set<Promise<void>>();
    const track = (p: Promise<void>) => { inflight.add(p); p.finally(() => inflight.delete(p)); };

    const timers: NodeJS.Timeout[] = [];
    // Phones' pulls: each at a random offset in the first 3 minutes, then every 3 minutes.
    const pullTimers = phones.map((phone) => {
      const pullNow = () => track(pullOnce(server.url, phone.village, phone.cursor).then((r) => {
        pullMs.push(r.ms);
        if (r.unchanged) pullsUnchanged += 1;
        phone.cursor = r.cursor;
      }, fail));
      const first = setTimeout(() => { pullNow(); timers.push(setInterval(pullNow, PULL_EVERY_MS)); }, Math.random() * PULL_EVERY_MS);
      return first;
    });

    // Figures' lag: every 200 ms, which villages still have a mark from before a push's answer.
    let polling = true;
    const poller = (async () => {
      while (polling || pending.length) {
        const { rows } = await sql<{ village_id: number; oldest: Date }>`
          SELECT village_id, min(marked_at) AS oldest FROM indicator_dirty_villages GROUP BY village_id`.execute(reader.db);
        const oldest = new Map(rows.map((r) => [r.village_id, new Date(r.oldest).getTime()]));
        const now = Date.now();
        for (let i = pending.length - 1; i >= 0; i -= 1) {
          const p = pending[i];
          const mark = oldest.get(p.villageId);
          if (mark === undefined || mark > p.answeredAt) {
            lags.push(now - p.answeredAt);
            pending.splice(i, 1);
          }
        }
        if (!polling && performance.now() > end + 600_000) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    // Visits: every 100 ms the rate's share, in pushes of 1 (5 in the spike).
    let owed = 0;
    let phase = 'sustained';
    const phaseVisits: Record<string, { visits: number; from: number; to: number }> = {};
    while (performance.now() < end) {
      const elapsed = performance.now() - start;
      const rate = rateAt(elapsed);
      phase = rate === 200 ? 'spike' : elapsed < SUSTAINED_S * 1000 ? 'sustained' : 'after';
      owed += rate / 10;
      const perPush = rate === 200 ? 5 : 1;
      while (owed >= perPush) {
        owed -= perPush;
        const village = villages[Math.floor(Math.random() * villages.length)];
        const batch = Array.from({ length: perPush }, () => visitIn(village, today));
        const record = (phaseVisits[phase] ??= { visits: 0, from: elapsed, to: elapsed });
        track(pushVisits(server.url, village, batch).then((r) => {
          pushMs.push(r.ms);
          visitsSent += batch.length;
          record.visits += batch.length;
          record.to = performance.now() - start;
          refused += r.refused;
          firstRefusal ??= r.firstRefusal;
          pending.push({ villageId: village.id, answeredAt: Date.now() });
        }, fail));
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const timer of [...pullTimers, ...timers]) { clearTimeout(timer); clearInterval(timer); }
    await Promise.all([...inflight]);
    const seconds = (performance.now() - start) / 1000;
    const cpuAfter = await databaseCpu(reader.db);
    const serverCpu = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0)) / 100 - serverCpuBefore;
    const loadAtEnd = load();
    polling = false;
    const drainStart = performance.now();
    await poller;
    clearInterval(sampler);
    print(`evening peak: ${PHONES.toLocaleString('en')} phones over ${villages.length} villages for ${seconds.toFixed(0)} s (${SUSTAINED_S} s at 15 visits/s, ${SPIKE_S} s at 200/s, ${TAIL_S} s at 15/s) [load at end ${loadAtEnd}]`);
    for (const [name, p] of Object.entries(phaseVisits)) print(`  ${name}: ${p.visits} visits answered, ${(p.visits / Math.max(1, (p.to - p.from) / 1000)).toFixed(1)} visits/s`);
    print(`  visits: ${visitsSent} in ${seconds.toFixed(0)} s (${(visitsSent / seconds).toFixed(1)}/s), push p50 ${ms(percentile(pushMs, 50))}, p95 ${ms(percentile(pushMs, 95))}, max ${ms(Math.max(...pushMs))}; refused ${refused}${firstRefusal ? ` (${firstRefusal})` : ''}`);
    print(`  pulls: ${pullMs.length} (${(pullMs.length / seconds).toFixed(1)}/s), ${pullsUnchanged} "unchanged"; p50 ${ms(percentile(pullMs, 50))}, p95 ${ms(percentile(pullMs, 95))}, max ${ms(Math.max(...pullMs))}`);
    print(`  figures' lag (push answered → its village's stored figures include it): p50 ${s1(percentile(lags, 50))}, p95 ${s1(percentile(lags, 95))}, max ${s1(Math.max(...lags))} over ${lags.length} pushes (goal p95 ≤ 5 s); the last ${s1(performance.now() - drainStart)} after the end`);
    print(`  server peak RSS ${mb(peak)}; CPU over the run: server ${(serverCpu / seconds * 100).toFixed(0)} % of a core, database backends of this database ${(cpuDelta(cpuBefore, cpuAfter) / seconds * 100).toFixed(0)} % of a core; errors ${errors}${firstError ? ` (${firstError})` : ''}`);
  } finally {
    await server.stop();
    await reader.close();
  }
  // 5. Exact: the stored figures against a fresh computation.
  const check = await openDatabase({ url, poolSize: 1 });
  try {
    const caught = await runUntilIdle(check.db);
    const { verifyAggregates } = await import('../src/server/features/indicators/aggregates-rebuild.ts');
    const verified = await verifyAggregates(check.db);
    print(`indicators:rebuild --verify after the peak (${caught.recomputed} villages left to the last round): ${verified.differenceCount} differences over ${verified.villages} villages in ${s1(verified.ms)} [load ${load()}]`);
  } finally {
    await check.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await eveningPeakFigures({ build: !process.env.BENCH_SKIP_BUILD });
}
