// Adds a year of communication (plan II.3) to the province loaded by load-province.ts and
// load-visits.ts, at the demo's pace per village: a village meeting most months with about
// half the households ticked present, weekly loudspeaker news (not in one village in five,
// which has no loudspeaker), Zalo posts, a party-cell meeting each quarter, leaflets in March,
// and each commune's articles and page posts; the campaigns of the year. Generated set-based in
// SQL, one commune per transaction; the ticked households' TT rebuilt by the migration's
// function, so the indicators stay what a fresh computation gives.
//
//   tsx bench/population/load-communication.ts --url postgres://… [--year 2026] [--concurrency 2]
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../../src/server/db/engine.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import type { DB } from '../../src/server/db/schema.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One commune's year, in its own transaction. Returns the activities and ticks written. */
async function loadCommune(db: Kysely<DB>, communeId: number, year: number, recorder: string): Promise<{ activities: number; ticks: number }> {
  return db.transaction().execute(async (trx) => {
    const from = `${year}-01-05`;
    const to = `${year}-12-20`;
    // Deterministic per commune: a repeat run draws the same year.
    await sql`SELECT setseed(${(communeId % 1000) / 1000})`.execute(trx);
    await sql`CREATE TEMP TABLE bench_comm (id uuid, village_id int, activity_on date, channel text, phase text, topics text[], ran_by text, measures jsonb) ON COMMIT DROP`.execute(trx);
    const villages = sql`(SELECT id, name, (id % 5 = 0) AS mountain FROM org_units WHERE parent_id = ${communeId} AND level = 'village')`;
    // A meeting most months, on a Sunday.
    await sql`
      INSERT INTO bench_comm
      SELECT gen_random_uuid(), v.id, (date_trunc('month', m) + ((floor(random() * 4) * 7 + (7 - extract(dow FROM date_trunc('month', m))::int) % 7)) * interval '1 day')::date,
        'village_meeting', 'during', ARRAY['vneid', 'campaign'], 'Trưởng thôn ' || v.name, '{}'::jsonb
      FROM ${villages} v, generate_series(${from}::date, ${to}::date, interval '1 month') m
      WHERE random() < CASE WHEN v.mountain THEN 0.7 ELSE 0.88 END`.execute(trx);
    // Weekly loudspeaker news where there is a loudspeaker.
    await sql`
      INSERT INTO bench_comm
      SELECT gen_random_uuid(), v.id, d::date, 'loudspeaker', 'before', ARRAY['campaign'], 'Cụm loa ' || v.name,
        jsonb_build_object('newsItems', n, 'airtimeMinutes', n * (8 + floor(random() * 8))::int)
      FROM ${villages} v, generate_series(${from}::date, ${to}::date, interval '7 days') d, LATERAL (SELECT 1 + floor(random() * 3)::int AS n) k
      WHERE NOT v.mountain AND random() < 0.92`.execute(trx);
    // Zalo posts (three a month), the party cell each quarter, leaflets in March.
    await sql`
      INSERT INTO bench_comm
      SELECT gen_random_uuid(), v.id, d::date, 'zalo', 'after', ARRAY['dvc'], 'Tổ CNSCĐ ' || v.name, jsonb_build_object('posts', 1, 'groupMembers', 150 + floor(random() * 200)::int)
      FROM ${villages} v, generate_series(${from}::date, ${to}::date, interval '10 days') d
      WHERE random() < 0.9`.execute(trx);
    await sql`
      INSERT INTO bench_comm
      SELECT gen_random_uuid(), v.id, q::date, 'party_cell', 'during', ARRAY['digital_transformation'], 'Chi bộ ' || v.name, jsonb_build_object('attendees', 12 + floor(random() * 20)::int)
      FROM ${villages} v, generate_series(${`${year}-01-12`}::date, ${to}::date, interval '3 months') q`.execute(trx);
    await sql`
      INSERT INTO bench_comm
      SELECT gen_random_uuid(), v.id, ${`${year}-03-21`}::date, 'visual', 'during', ARRAY['vneid'], 'Chi đoàn ' || v.name, jsonb_build_object('material', 'leaflet', 'copies', 100 + floor(random() * 150)::int)
      FROM ${villages} v`.execute(trx);
    // The commune's own articles and page posts (no village).
    await sql`
      INSERT INTO bench_comm
      SELECT gen_random_uuid(), NULL, d::date, CASE WHEN i % 2 = 0 THEN 'news' ELSE 'social_media' END, 'after', ARRAY['teams'], 'UBND xã',
        CASE WHEN i % 2 = 0 THEN jsonb_build_object('articles', 1) ELSE jsonb_build_object('posts', 1, 'reach', 300 + floor(random() * 2000)::int) END
      FROM generate_series(${from}::date, ${to}::date, interval '6 days') WITH ORDINALITY AS g(d, i)`.execute(trx);

    await sql`
      INSERT INTO comm_activities (id, org_unit_id, activity_on, channel, phase, topics, ran_by, measures, recorded_by, updated_by, recorded_at, updated_at)
      SELECT id, ${communeId}, activity_on, channel, phase, topics, ran_by, measures, ${recorder}::uuid, ${recorder}::uuid, activity_on + time '20:00', activity_on + time '20:00'
      FROM bench_comm`.execute(trx);
    await sql`INSERT INTO comm_activity_villages (activity_id, village_id) SELECT id, village_id FROM bench_comm WHERE village_id IS NOT NULL`.execute(trx);
    // About half the households at each meeting; attendees a few more than the households.
    const ticks = await sql`
      INSERT INTO comm_activity_households (activity_id, household_id)
      SELECT b.id, h.id FROM bench_comm b JOIN households h ON h.village_id = b.village_id AND h.dissolved_at IS NULL
      WHERE b.channel = 'village_meeting' AND random() < 0.5`.execute(trx);
    await sql`
      UPDATE comm_activities a SET measures = jsonb_build_object('attendees', greatest(1, (t.n * 1.3)::int))
      FROM (SELECT activity_id, count(*) AS n FROM comm_activity_households ah JOIN bench_comm b ON b.id = ah.activity_id GROUP BY activity_id) t
      WHERE a.id = t.activity_id`.execute(trx);
    await sql`UPDATE comm_activities a SET measures = '{"attendees": 5}' FROM bench_comm b WHERE a.id = b.id AND a.measures = '{}'::jsonb`.execute(trx);
    await sql`
      SELECT refresh_household_status(array_agg(DISTINCT ah.household_id))
      FROM comm_activity_households ah JOIN bench_comm b ON b.id = ah.activity_id`.execute(trx);
    await sql`
      INSERT INTO comm_campaigns (id, org_unit_id, name, starts_on, ends_on, description)
      VALUES (gen_random_uuid(), ${communeId}, ${`Chiến dịch “Chuyển đổi số: nhanh hơn, hiệu quả hơn, gần dân hơn” năm ${year}`}, ${`${year}-01-05`}::date, ${`${year}-12-31`}::date, ''),
             (gen_random_uuid(), ${communeId}, ${`Tháng Thanh niên ${year}`}, ${`${year}-03-01`}::date, ${`${year}-03-31`}::date, '')`.execute(trx);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_comm`.execute(trx);
    return { activities: n.rows[0].n, ticks: Number(ticks.numAffectedRows ?? 0) };
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.DATABASE_URL },
      year: { type: 'string', default: '2026' },
      concurrency: { type: 'string', default: '2' },
    },
  });
  if (!values.url) throw new Error('give --url postgres://… (or DATABASE_URL)');
  const year = Number(values.year);
  const concurrency = Number(values.concurrency);
  const database = await openDatabase({ url: values.url, poolSize: concurrency + 1 });
  const db = database.db;
  await migrateToLatest(db);
  const already = await sql<{ n: number }>`SELECT count(*)::int AS n FROM comm_activities`.execute(db);
  if (already.rows[0].n > 0) {
    console.log(`communication already loaded (${already.rows[0].n.toLocaleString('vi-VN')} activities)`);
    await database.close();
    return;
  }
  const recorder = await db.selectFrom('accounts').select('id').orderBy('created_at').executeTakeFirstOrThrow();
  const communes = (await db.selectFrom('org_units').select('id').where('level', '=', 'commune').orderBy('id').execute()).map((c) => c.id);
  const started = performance.now();
  let activities = 0;
  let ticks = 0;
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < communes.length) {
      const commune = communes[next++];
      const done = await loadCommune(db, commune, year, recorder.id);
      activities += done.activities;
      ticks += done.ticks;
    }
  }));
  await sql`ANALYZE comm_activities, comm_activity_villages, comm_activity_households, household_digital_status`.execute(db);
  const villages = await sql<{ n: number }>`SELECT count(DISTINCT village_id)::int AS n FROM comm_activity_villages`.execute(db);
  console.log(`communication: ${activities.toLocaleString('vi-VN')} activities in ${villages.rows[0].n.toLocaleString('vi-VN')} villages of ${communes.length} communes, ${ticks.toLocaleString('vi-VN')} households ticked at meetings, ${seconds(performance.now() - started)}`);
  await database.close();
}

await main();
