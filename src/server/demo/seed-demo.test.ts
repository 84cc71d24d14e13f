import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, describeEachEngine } from '../../../tests/support/test-database.ts';
import { seedDemo, type SeedResult } from './seed-demo.ts';

describeEachEngine('seedDemo', (engine) => {
  let database: TestDatabase;
  let result: SeedResult;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    result = await seedDemo(database.db);
  }, 120_000);

  afterAll(async () => {
    await database?.destroy();
  });

  it('creates Tuyên Quang, Bạch Ngọc and its 16 villages', async () => {
    const units = await database.db.selectFrom('org_units').select(['id', 'parent_id', 'level', 'code', 'name', 'path']).orderBy('id').execute();
    const province = units.find((unit) => unit.level === 'province');
    const commune = units.find((unit) => unit.level === 'commune');
    expect(province).toMatchObject({ code: '08', name: 'Tuyên Quang', parent_id: null, path: `/${province?.id}/` });
    expect(commune).toMatchObject({ code: '00976', name: 'Bạch Ngọc', parent_id: province?.id });
    const villages = units.filter((unit) => unit.level === 'village');
    expect(villages).toHaveLength(16);
    expect(villages.every((village) => village.parent_id === commune?.id && village.path === `${commune?.path}${village.id}/`)).toBe(true);
  });

  it('creates about 2,500 households and 10,000 people', async () => {
    expect(result.households).toBe(2_500);
    expect(result.people).toBeGreaterThan(9_300);
    expect(result.people).toBeLessThan(10_700);
    const people = await database.db.selectFrom('people').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(people.n)).toBe(result.people);
  });

  it('gives every person exactly one open residence, in their household’s village', async () => {
    const { rows } = await sql<{ people: string; wrong: string }>`
      SELECT count(*) AS people,
             count(*) FILTER (WHERE open_count <> 1 OR bad_place) AS wrong
      FROM (
        SELECT p.id,
               count(r.id) FILTER (WHERE r.to_date IS NULL) AS open_count,
               bool_or(r.household_id <> p.household_id OR r.village_id <> h.village_id) AS bad_place
        FROM people p
        JOIN households h ON h.id = p.household_id
        LEFT JOIN residences r ON r.person_id = p.id
        GROUP BY p.id
      ) per_person`.execute(database.db);
    expect(Number(rows[0].people)).toBe(result.people);
    expect(Number(rows[0].wrong)).toBe(0);
  });

  it('points every household at its head', async () => {
    const { rows } = await sql<{ wrong: string }>`
      SELECT count(*) AS wrong FROM households h
      LEFT JOIN people p ON p.id = h.head_person_id
      WHERE p.id IS NULL OR p.household_id <> h.id OR p.relation_to_head <> 'head'`.execute(database.db);
    expect(Number(rows[0].wrong)).toBe(0);
  });

  it('does nothing when the demo commune is already there', async () => {
    expect(await seedDemo(database.db)).toEqual({ households: 0, people: 0 });
    const villages = await database.db.selectFrom('org_units').select('id').where('level', '=', 'village').execute();
    expect(villages).toHaveLength(16);
  });
});
