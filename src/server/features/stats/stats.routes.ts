// Home-page figures for any role: counts only, no personal details, within the scope.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireAuth } from '../../http/access.ts';

export async function statsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/stats/home', { config: { access: 'stats.read' }, schema: { tags: ['Số liệu'], summary: 'Số liệu tổng quan trong phạm vi của tài khoản, theo đơn vị con' } }, async (request) => {
    const auth = requireAuth(request);
    // One pass over the scope's residents; ages on today's date (year-only births: 1 January).
    const rows = await sql<{
      unit_id: number; unit_name: string; unit_level: string; villages: number; households: number; people: number;
      adults: number; age16: number; with_cccd: number; students: number; workers: number;
    }>`
      WITH units AS (
        SELECT c.id, c.name, c.level, c.path FROM org_units c
        WHERE c.parent_id = ${auth.orgUnitId} AND c.active
        UNION ALL
        SELECT id, name, level, path FROM org_units WHERE id = ${auth.orgUnitId} AND level = 'village'
      ),
      villages AS (
        SELECT u.id AS unit_id, v.id AS village_id FROM units u JOIN org_units v ON v.path LIKE u.path || '%' AND v.level = 'village'
      ),
      person_ages AS (
        SELECT vi.unit_id, p.cccd, p.is_student, p.is_worker,
               date_part('year', age(current_date, coalesce(p.birth_date, make_date(p.birth_year, 1, 1)))) AS years
        FROM villages vi JOIN people p ON p.village_id = vi.village_id AND p.status = 'resident'
      )
      SELECT u.id AS unit_id, u.name AS unit_name, u.level AS unit_level,
        (SELECT count(*)::int FROM villages vi WHERE vi.unit_id = u.id) AS villages,
        (SELECT count(*)::int FROM villages vi JOIN households h ON h.village_id = vi.village_id AND h.dissolved_at IS NULL WHERE vi.unit_id = u.id) AS households,
        count(pa.unit_id)::int AS people,
        count(*) FILTER (WHERE pa.years >= 18)::int AS adults,
        count(*) FILTER (WHERE pa.years >= 16)::int AS age16,
        count(pa.cccd)::int AS with_cccd,
        count(*) FILTER (WHERE pa.is_student)::int AS students,
        count(*) FILTER (WHERE pa.is_worker)::int AS workers
      FROM units u LEFT JOIN person_ages pa ON pa.unit_id = u.id
      GROUP BY u.id, u.name, u.level, u.path
      ORDER BY u.name
    `.execute(request.db);
    const units = rows.rows.map((r) => ({
      id: r.unit_id, name: r.unit_name, level: r.unit_level, villages: r.villages, households: r.households, people: r.people,
      adults: r.adults, age16Plus: r.age16, withCccd: r.with_cccd, students: r.students, workers: r.workers,
    }));
    const sum = (key: keyof (typeof units)[number]) => units.reduce((acc, u) => acc + Number(u[key]), 0);
    return {
      scope: { id: auth.orgUnitId, name: auth.orgName, level: auth.orgLevel },
      totals: {
        villages: sum('villages'), households: sum('households'), people: sum('people'), adults: sum('adults'),
        age16Plus: sum('age16Plus'), withCccd: sum('withCccd'), students: sum('students'), workers: sum('workers'),
      },
      units,
    };
  });
}
