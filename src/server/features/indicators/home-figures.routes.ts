// Home-page figures for any role: counts only, no personal details, within the scope. Read
// from the indicator aggregates at today's date (the same definitions as the dashboard:
// residents are those with a residence open today, ages today, year-only births 1 January),
// so the page never scans the area's people.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { requireAuth } from '../../http/access.ts';
import { likePrefix } from '../../http/scope.ts';
import { areaValues } from './indicators.queries.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

export async function homeFiguresRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/stats/home', { config: { access: 'stats.read' }, schema: { tags: ['Số liệu'], summary: 'Số liệu tổng quan trong phạm vi của tài khoản, theo đơn vị con' } }, async (request) => {
    const auth = requireAuth(request);
    const today = todayInVietnam();
    const unit = { id: auth.orgUnitId, path: auth.orgPath, level: auth.orgLevel };
    const depth = auth.orgPath.split('/').filter(Boolean).length;
    const [children, villageCounts, values] = await Promise.all([
      auth.orgLevel === 'village'
        ? Promise.resolve([{ id: auth.orgUnitId, name: auth.orgName, level: auth.orgLevel as string }])
        : request.db.selectFrom('org_units').select(['id', 'name', 'level']).where('parent_id', '=', auth.orgUnitId).where('active', '=', true).orderBy('name').execute(),
      // Villages by child unit: the child's id is the next one in a village's path.
      sql<{ child_id: number | null; n: number }>`
        SELECT nullif(split_part(v.path, '/', ${depth + 2}), '')::int AS child_id, count(*)::int AS n
        FROM org_units v WHERE v.level = 'village' AND v.path LIKE ${likePrefix(auth.orgPath)} GROUP BY 1`.execute(request.db).then((r) => r.rows),
      areaValues(request.db, unit, [today]),
    ]);
    // A village account's own figures are the area's total; above, each child's.
    const value = (childId: number | null, code: string, part: 'numerator' | 'denominator') =>
      values.rows.find((r) => r.childId === childId && r.code === code)?.[part] ?? 0;
    const units = children.map((c) => {
      const key = auth.orgLevel === 'village' ? null : c.id;
      return {
        id: c.id, name: c.name, level: c.level,
        villages: auth.orgLevel === 'village' ? 1 : villageCounts.find((v) => v.child_id === c.id)?.n ?? 0,
        households: value(key, 'TT', 'denominator'),
        people: value(key, 'POP', 'denominator'),
        adults: value(key, 'KNS', 'denominator'),
        age16Plus: value(key, 'DD', 'denominator'),
        withCccd: value(key, 'POP', 'numerator'),
        students: value(key, 'HS', 'denominator'),
        workers: value(key, 'LD', 'denominator'),
      };
    });
    const sum = (key: keyof (typeof units)[number]) => units.reduce((acc, u) => acc + Number(u[key]), 0);
    return {
      scope: { id: auth.orgUnitId, name: auth.orgName, level: auth.orgLevel },
      totals: {
        villages: sum('villages'), households: sum('households'), people: sum('people'), adults: sum('adults'),
        age16Plus: sum('age16Plus'), withCccd: sum('withCccd'), students: sum('students'), workers: sum('workers'),
      },
      units,
      asOf: today,
    };
  });
}
