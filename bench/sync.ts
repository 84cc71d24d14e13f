// Field-app sync figures on the province-scale PostgreSQL database (issue 4):
//  (a) push: 100 simulated phones, one volunteer account each in 100 villages, each sending
//      200 visits in batches of 50 through the real POST /api/sync/push of a server in its
//      own process, all at once: visits/s and per-batch latency, against the same rows
//      written by a plain multi-row INSERT per batch (support_events + support_actions) on
//      the same database with as many connections as the server's pool;
//  (b) pull: bytes of a first full pull for a volunteer of the largest village and of a
//      typical (median) one, raw and gzip as sent, and of an incremental pull after one visit;
//  (c) the field app's first-load JavaScript, gzip, from dist/web.
//
//   npx tsx bench/sync.ts            all three (builds the server; run `npm run build:web` for (c))
//   BENCH_SYNC_PHONES=100 BENCH_SYNC_VISITS=200 BENCH_SYNC_BATCH=50
//
// It adds rows to the bench database each run (events are append-only): the pushed visits,
// the baseline's rows (their statuses re-derived afterwards, untimed), audit rows of the logins.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { BASIC_SKILLS_CHECKLIST, type SupportAction, type SupportEventInput, actionNotApplicable } from '../src/shared/support.ts';
import type { MutationEnvelope, PushResponse } from '../src/shared/sync.ts';
import { addDays, todayInVietnam } from '../src/shared/calendar.ts';
import { openDatabase } from '../src/server/db/engine.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import type { DB } from '../src/server/db/schema.ts';
import { hashPassword } from '../src/server/features/accounts/passwords.ts';
import { BENCH_URL, ROOT, buildServer, percentile, startServerProcess } from './bench-support.ts';

const PASSWORD = 'bench-phone-password-1';
const PHONES = Number(process.env.BENCH_SYNC_PHONES ?? 100);
const VISITS = Number(process.env.BENCH_SYNC_VISITS ?? 200);
const BATCH = Number(process.env.BENCH_SYNC_BATCH ?? 50);
/** The server's pg pool (engine.ts default): the baseline gets as many connections. */
const SERVER_POOL = 10;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (v: number) => `${v.toFixed(0)} ms`;

interface Phone {
  username: string;
  accountId: string;
  villageId: number;
  memberId: string;
  households: number;
  /** Distinct X-Forwarded-For per phone: 100 phones are 100 addresses (login is limited per address). */
  ip: string;
}

// ---- setup -------------------------------------------------------------------------------

/** The largest village, the median one, and villages spread over the province: one phone each. */
async function chooseVillages(db: Kysely<DB>, count: number): Promise<Array<{ id: number; households: number }>> {
  const rows = await sql<{ id: number; households: number }>`
    SELECT t.village_id AS id, (SELECT count(*)::int FROM households h WHERE h.village_id = t.village_id) AS households
    FROM teams t
    WHERE t.ended_on IS NULL
      AND EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.left_on IS NULL AND m.team_role <> 'leader')
    ORDER BY households DESC, t.village_id`.execute(db);
  const all = rows.rows;
  if (all.length < count) throw new Error(`only ${all.length} villages have a team with a plain member; load the visits first (bench/population/load-visits.ts)`);
  const chosen = new Map<number, { id: number; households: number }>();
  chosen.set(all[0].id, all[0]);
  chosen.set(all[Math.floor(all.length / 2)].id, all[Math.floor(all.length / 2)]);
  for (let i = 0; chosen.size < count; i += 1) {
    const pick = all[Math.floor((i * all.length) / count) % all.length];
    if (!chosen.has(pick.id)) chosen.set(pick.id, pick);
    else if (i > count * 4) break;
  }
  return [...chosen.values()];
}

/**
 * One volunteer account per chosen village (bench.phone.001 …), linked to an active plain
 * member of the village's team. Re-runs reuse the accounts (their events keep them referenced).
 */
async function setupPhones(db: Kysely<DB>, count: number): Promise<Phone[]> {
  const villages = await chooseVillages(db, count);
  const passwordHash = await hashPassword(PASSWORD);
  // A previous run may have used other villages: every phone account is linked afresh.
  await db.updateTable('team_members').set({ account_id: null })
    .where('account_id', 'in', db.selectFrom('accounts').select('id').where('username', 'like', 'bench.phone.%')).execute();
  const phones: Phone[] = [];
  for (const [index, village] of villages.entries()) {
    const username = `bench.phone.${String(index + 1).padStart(3, '0')}`;
    let account = await db.selectFrom('accounts').select(['id']).where('username', '=', username).executeTakeFirst();
    if (account) {
      await db.updateTable('accounts').set({ org_unit_id: village.id, role: 'team_member', password_hash: passwordHash, disabled_at: null }).where('id', '=', account.id).execute();
    } else {
      account = { id: uuidv7() };
      await db.insertInto('accounts').values({ id: account.id, username, full_name: `Điện thoại thử ${index + 1}`, role: 'team_member', org_unit_id: village.id, password_hash: passwordHash }).execute();
    }
    const member = await db.selectFrom('team_members as m').innerJoin('teams as t', 't.id', 'm.team_id').select('m.id')
      .where('t.village_id', '=', village.id).where('t.ended_on', 'is', null).where('m.left_on', 'is', null)
      .where('m.team_role', '<>', 'leader').where('m.account_id', 'is', null).orderBy('m.id').executeTakeFirst();
    if (!member) throw new Error(`village ${village.id}: no plain member without an account`);
    await db.updateTable('team_members').set({ account_id: account.id }).where('id', '=', member.id).execute();
    phones.push({ username, accountId: account.id, villageId: village.id, memberId: member.id, households: village.households, ip: `10.${Math.floor(index / 250)}.${index % 250}.${(index * 7) % 250 + 1}` });
  }
  return phones;
}

// ---- visits --------------------------------------------------------------------------------

/** A day `daysAgo` before today in Vietnam. */
const vietnamDay = (daysAgo = 0) => addDays(todayInVietnam(), -daysAgo);

/**
 * Visits a volunteer records in a week, shaped like the demo's: one to three people at home
 * each, VNeID checked, basic skills taught with the checklist, advice, students' training;
 * only actions the server accepts for the person's age on that day.
 */
async function buildVisits(db: Kysely<DB>, phone: Phone, count: number): Promise<SupportEventInput[]> {
  const people = await db.selectFrom('people as p').innerJoin('households as h', 'h.id', 'p.household_id')
    .select(['p.id', 'p.household_id', 'p.birth_date', 'p.birth_year', 'p.is_student', 'h.assigned_member_id'])
    .where('p.village_id', '=', phone.villageId).where('p.status', '=', 'resident').where('h.dissolved_at', 'is', null)
    .orderBy('p.household_id').orderBy('p.id').execute();
  const byHousehold = new Map<string, typeof people>();
  for (const p of people) byHousehold.set(p.household_id, [...(byHousehold.get(p.household_id) ?? []), p]);
  // The member's own households first, then the rest of the village.
  const households = [...byHousehold.keys()].sort((a, b) => Number(byHousehold.get(b)![0].assigned_member_id === phone.memberId) - Number(byHousehold.get(a)![0].assigned_member_id === phone.memberId));
  const visits: SupportEventInput[] = [];
  for (let i = 0; i < count; i += 1) {
    const householdId = households[i % households.length];
    const eventDate = vietnamDay(i % 6);
    const members = byHousehold.get(householdId)!;
    const present = members.filter((_, k) => (k + i) % 2 === 0).slice(0, 3);
    const actions: SupportEventInput['actions'] = [];
    for (const p of present.length ? present : members.slice(0, 1)) {
      const subject = { birthDate: p.birth_date, birthYear: p.birth_year, isStudent: p.is_student };
      const add = (action: SupportAction, extra: Partial<SupportEventInput['actions'][number]> = {}) => {
        if (actionNotApplicable(action, subject, eventDate) === null) actions.push({ personId: p.id, action, outcome: 'done', ...extra });
      };
      add('activate_vneid_level2');
      if (p.is_student) add('student_training');
      else add('teach_basic_skills', { checklist: [...BASIC_SKILLS_CHECKLIST] });
      add('security_advice');
    }
    visits.push({ id: uuidv7(), householdId, eventDate, channel: 'visit', helperMemberIds: [phone.memberId], informed: true, actions });
  }
  return visits;
}

// ---- HTTP ------------------------------------------------------------------------------------

interface Session {
  cookie: string;
  csrf: string;
}

async function login(url: string, phone: Phone): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': phone.ip }, body: JSON.stringify({ identifier: phone.username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${phone.username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cnscd_session='))!.split(';')[0];
  return { cookie, csrf: body.csrfToken };
}

async function push(url: string, phone: Phone, session: Session, mutations: MutationEnvelope[]): Promise<PushResponse> {
  const res = await fetch(`${url}/api/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-forwarded-for': phone.ip },
    body: JSON.stringify({ mutations }),
  });
  if (!res.ok) throw new Error(`push ${phone.username}: ${res.status} ${await res.text()}`);
  return (await res.json()) as PushResponse;
}

/** A GET as a phone sends it (gzip accepted); bytes on the wire, and the body decoded. */
function getWire(url: string, session: Session, phone: Phone, encoding: 'gzip' | 'identity'): Promise<{ wire: number; body: string; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { cookie: session.cookie, 'accept-encoding': encoding, 'x-forwarded-for': phone.ip } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', async () => {
        const raw = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`${url}: ${res.statusCode} ${raw.toString()}`));
        const enc = res.headers['content-encoding'];
        const { gunzipSync } = await import('node:zlib');
        resolve({ wire: raw.length, body: (enc === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'), encoding: enc });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits until no other session of this database has run a query for 3 s in a row (at most 30 min). */
async function waitForQuiet(db: Kysely<DB>): Promise<number> {
  const started = performance.now();
  let quietSince = performance.now();
  while (performance.now() - started < 30 * 60_000) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`.execute(db);
    if (rows[0].n > 0) quietSince = performance.now();
    else if (performance.now() - quietSince >= 3_000) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return performance.now() - started;
}

// ---- (a) push vs plain INSERT ------------------------------------------------------------------

interface Throughput {
  visits: number;
  actions: number;
  seconds: number;
  batchMs: number[];
}

function summary(label: string, t: Throughput): string {
  return `${label}: ${t.visits} visits (${t.actions} actions) in ${t.seconds.toFixed(1)} s = ${(t.visits / t.seconds).toFixed(0)} visits/s; per batch of ${BATCH}: p50 ${ms(percentile(t.batchMs, 50))}, p95 ${ms(percentile(t.batchMs, 95))}, max ${ms(Math.max(...t.batchMs))}`;
}

const batchesOf = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));

/**
 * The same visits as rows, written by one multi-row INSERT per table per transaction: a
 * whole batch per transaction (the baseline of the issue), or one visit per transaction
 * (what exactly-once per mutation costs in commits alone, for comparison).
 */
async function plainInsert(url: string, phones: Phone[], visitsByPhone: SupportEventInput[][], perTransaction = BATCH): Promise<Throughput> {
  const database = await openDatabase({ url, poolSize: SERVER_POOL });
  const db = database.db;
  const batchMs: number[] = [];
  let actions = 0;
  const started = performance.now();
  try {
    await Promise.all(phones.map(async (phone, p) => {
      // Fresh ids: the pushed visits are stored too, and an id is stored once.
      const visits = visitsByPhone[p].map((v) => ({ ...v, id: uuidv7() }));
      for (const batch of batchesOf(visits)) {
        const t = performance.now();
        for (let start = 0; start < batch.length; start += perTransaction) await db.transaction().execute(async (trx) => {
          const part = batch.slice(start, start + perTransaction);
          await trx.insertInto('support_events').values(part.map((v) => ({
            id: v.id, household_id: v.householdId, village_id: phone.villageId, event_date: v.eventDate, channel: v.channel,
            helper_member_ids: v.helperMemberIds, informed: v.informed, note: v.note ?? null, corrects_event_id: null, recorded_by: phone.accountId,
          }))).execute();
          const rows = part.flatMap((v) => v.actions.map((a, i) => ({
            event_id: v.id, seq: i + 1, person_id: a.personId, action: a.action, outcome: a.outcome, reason: a.reason ?? null,
            procedure_name: null, app_name: null, checklist: a.checklist ?? null, note: null,
          })));
          if (rows.length) await trx.insertInto('support_actions').values(rows).execute();
        });
        batchMs.push(performance.now() - t);
        actions += batch.reduce((n, v) => n + v.actions.length, 0);
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    // Untimed: the baseline's rows are real events, so their people's statuses are derived too.
    const people = [...new Set(visitsByPhone.flat().flatMap((v) => v.actions.map((a) => a.personId)))];
    const households = [...new Set(visitsByPhone.flat().map((v) => v.householdId))];
    await sql`SELECT refresh_digital_status(${people}::uuid[]), refresh_household_status(${households}::uuid[])`.execute(db);
    return { visits: phones.length * VISITS, actions, seconds, batchMs };
  } finally {
    await database.close();
  }
}

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Busy share of all cores over a span, from /proc/stat. */
function machineBusy(): () => number {
  const read = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const before = read();
  return () => {
    const after = read();
    const delta = after.map((v, i) => v - before[i]);
    const total = delta.reduce((a, b) => a + b, 0);
    return 1 - (delta[3] + delta[4]) / total; // idle + iowait
  };
}

async function pushAll(url: string, phones: Phone[], sessions: Session[], visitsByPhone: SupportEventInput[][]): Promise<Throughput & { refused: number; duplicates: number; firstRefusal?: string }> {
  const batchMs: number[] = [];
  let refused = 0;
  let duplicates = 0;
  let firstRefusal: string | undefined;
  const started = performance.now();
  await Promise.all(phones.map(async (phone, p) => {
    for (const batch of batchesOf(visitsByPhone[p])) {
      const mutations = batch.map((v) => ({ id: uuidv7(), kind: 'support.record', payload: v }));
      const t = performance.now();
      const { results } = await push(url, phone, sessions[p], mutations);
      batchMs.push(performance.now() - t);
      for (const r of results) {
        if (r.status === 'refused') {
          refused += 1;
          firstRefusal ??= `${r.error?.code}: ${r.error?.message}`;
        } else if (r.status === 'duplicate') duplicates += 1;
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const actions = visitsByPhone.flat().reduce((n, v) => n + v.actions.length, 0);
  return { visits: phones.length * VISITS, actions, seconds, batchMs, refused, duplicates, firstRefusal };
}

// ---- (b) pull payload ----------------------------------------------------------------------------

async function pullFigures(db: Kysely<DB>, url: string, phone: Phone, session: Session, label: string, print: (line: string) => void): Promise<void> {
  const first = await getWire(`${url}/api/sync/pull`, session, phone, 'gzip');
  const identity = await getWire(`${url}/api/sync/pull`, session, phone, 'identity');
  const body = JSON.parse(first.body) as { cursor: string; households: unknown[]; people: unknown[] };
  print(`first full pull, ${label} (${body.households.length} households, ${body.people.length} people): ${kb(identity.wire)} raw, ${kb(first.wire)} ${first.encoding ?? 'uncompressed'} as sent (gzip -9 of the body: ${kb(gzipSync(identity.body, { level: 9 }).length)})`);
  // One visit, then the incremental pull from the first pull's cursor.
  const visit = (await buildVisits(db, phone, 1))[0];
  const { results } = await push(url, phone, session, [{ id: uuidv7(), kind: 'support.record', payload: visit }]);
  if (results[0].status !== 'applied') throw new Error(`incremental visit: ${JSON.stringify(results[0])}`);
  const next = await getWire(`${url}/api/sync/pull?cursor=${encodeURIComponent(body.cursor)}`, session, phone, 'gzip');
  const nextIdentity = await getWire(`${url}/api/sync/pull?cursor=${encodeURIComponent(body.cursor)}`, session, phone, 'identity');
  const delta = JSON.parse(next.body) as { reset: boolean; households: unknown[]; people: unknown[] };
  print(`incremental pull after one visit, ${label} (reset ${delta.reset}, ${delta.households.length} household, ${delta.people.length} people): ${kb(nextIdentity.wire)} raw, ${kb(next.wire)} as sent`);
}

// ---- (c) field app first-load JS -------------------------------------------------------------------

/**
 * What a phone downloads to open /thuc-dia the first time: the entry HTML's module script and
 * modulepreloads, then the chunks of the field route (its layout and home page, loaded on
 * demand by the router) with every static import they pull in. Sizes gzip (level 6, as a
 * server compresses) per file, summed.
 */
export function fieldAppFirstLoad(distDir = path.join(ROOT, 'dist/web')): { files: string[]; raw: number; gzip: number; css: number } {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  const start = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) start.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) start.add(m[1]);
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  const assets = readdirSync(path.join(distDir, 'assets'));
  const resolve = (from: string, spec: string) => path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !file.endsWith('.js')) return;
    seen.add(file);
    const code = readFileSync(path.join(distDir, file), 'utf8');
    // Static imports only: what loading this chunk makes the browser fetch too.
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w${}\s,*]+from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) visit(resolve(file, m[1]));
    for (const m of code.matchAll(/\bfrom\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) visit(resolve(file, m[1]));
  };
  for (const file of start) visit(file.replace(/^\//, ''));
  // The field route's own chunks, named after their source files by the bundler.
  for (const name of ['FieldLayout', 'FieldHomePage']) {
    const chunk = assets.find((a) => a.startsWith(`${name}-`) && a.endsWith('.js'));
    if (!chunk) throw new Error(`no ${name} chunk in dist/web/assets (run npm run build:web)`);
    visit(`assets/${chunk}`);
  }
  // The field route's own stylesheets are loaded with its chunks.
  for (const a of assets) if (/^(FieldLayout|FieldHomePage)-.*\.css$/.test(a)) css.push(`/assets/${a}`);
  let raw = 0;
  let gzip = 0;
  for (const file of seen) {
    const content = readFileSync(path.join(distDir, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 6 }).length;
  }
  let cssGzip = 0;
  for (const file of css) {
    const full = path.join(distDir, file.replace(/^\//, ''));
    if (statSync(full, { throwIfNoEntry: false })) cssGzip += gzipSync(readFileSync(full), { level: 6 }).length;
  }
  return { files: [...seen].sort(), raw, gzip, css: cssGzip };
}

// ---- all -----------------------------------------------------------------------------------------

export async function syncFigures(options: { build?: boolean; url?: string; print?: (line: string) => void } = {}): Promise<void> {
  const url = options.url ?? BENCH_URL;
  const print = options.print ?? ((line: string) => console.log(`  ${line}`));
  console.log(`\n== Field-app sync, PostgreSQL province (${url.replace(/\/\/[^@]*@/, '//')}) ==`);
  if (options.build) buildServer();
  // (c) measures the web app as built now, into a folder of its own so a running server's
  // dist/web is left alone (BENCH_SKIP_WEB_BUILD=1: measure the dist/web already there).
  const webDir = process.env.BENCH_SKIP_WEB_BUILD ? path.join(ROOT, 'dist/web') : path.join(ROOT, '.tmp/bench-web');
  if (!process.env.BENCH_SKIP_WEB_BUILD) {
    execFileSync('npx', ['vite', 'build', '--outDir', webDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  const setup = await openDatabase({ url, poolSize: 2 });
  let phones: Phone[];
  let visitsByPhone: SupportEventInput[][];
  try {
    await migrateToLatest(setup.db);
    const t = performance.now();
    phones = await setupPhones(setup.db, PHONES);
    visitsByPhone = [];
    for (const phone of phones) visitsByPhone.push(await buildVisits(setup.db, phone, VISITS));
    print(`setup: ${phones.length} volunteer accounts in ${phones.length} villages (${Math.min(...phones.map((p) => p.households))}–${Math.max(...phones.map((p) => p.households))} households), ${VISITS} visits each, in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } finally {
    await setup.close();
  }

  const baseline = await plainInsert(url, phones, visitsByPhone);
  print(summary(`plain INSERT (one multi-row INSERT per table per batch, ${SERVER_POOL} connections)`, baseline));
  const perVisit = await plainInsert(url, phones, visitsByPhone, 1);
  print(summary(`  for comparison, plain INSERT with one transaction per visit`, perVisit));

  const server = await startServerProcess({ DATABASE_URL: url });
  const reader = await openDatabase({ url, poolSize: 1 });
  try {
    // Work a server starts in the background (e.g. catching up derived tables after a
    // migration) would be timed with the push: wait until the database has been idle a while.
    const quietMs = await waitForQuiet(reader.db);
    if (quietMs > 2_000) print(`(waited ${(quietMs / 1000).toFixed(0)} s for the server's start-up work on the database to finish)`);
    const sessions: Session[] = [];
    for (const phone of phones) sessions.push(await login(server.url, phone));

    // (b) before the push: the villages as they are.
    const largest = phones[0];
    const typical = phones[1];
    await pullFigures(reader.db, server.url, largest, sessions[0], `largest village (${largest.households} households)`, print);
    await pullFigures(reader.db, server.url, typical, sessions[1], `median village (${typical.households} households)`, print);

    // (a) every phone at once, each its batches in order, as phones coming back into signal.
    const cpuBefore = cpuSeconds(server.child.pid!);
    const busy = machineBusy();
    const pushed = await pushAll(server.url, phones, sessions, visitsByPhone);
    const serverCpu = (cpuSeconds(server.child.pid!) - cpuBefore) / pushed.seconds;
    print(summary(`sync push (${phones.length} phones at once, batches of ${BATCH}, through HTTP)`, pushed));
    print(`  during the push: server process ${(serverCpu * 100).toFixed(0)} % of one core, machine ${(busy() * 100).toFixed(0)} % busy (${cpus().length} cores shared by the server, PostgreSQL and the 100 phones)`);
    if (pushed.refused || pushed.duplicates) print(`  refused ${pushed.refused}, duplicate ${pushed.duplicates}${pushed.firstRefusal ? ` (first refusal: ${pushed.firstRefusal})` : ''}`);
    print(`push / plain INSERT: ${((pushed.visits / pushed.seconds) / (baseline.visits / baseline.seconds)).toFixed(2)} (goal ≥ 0.5); push / one-transaction-per-visit INSERT: ${((pushed.visits / pushed.seconds) / (perVisit.visits / perVisit.seconds)).toFixed(2)}`);
  } finally {
    await server.stop();
    await reader.close();
  }

  // (c)
  try {
    const load = fieldAppFirstLoad(webDir);
    print(`field app first load (/thuc-dia): ${load.files.length} JS files, ${kb(load.raw)} raw, ${kb(load.gzip)} gzip (goal < 300 KB); CSS ${kb(load.css)} gzip`);
  } catch (error) {
    print(`field app first load: ${(error as Error).message}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await syncFigures({ build: true });
}
