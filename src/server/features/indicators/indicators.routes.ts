// Indicators by area and period (aggregate figures: stats.read, the province viewer included),
// the people and households behind a figure (personal data: registry.read, audited), and
// targets per year and unit.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DrillDownQuerySchema, INDICATOR_CODES, IndicatorQuerySchema, TargetsQuerySchema, TargetsUpdateSchema } from '../../../shared/indicators.ts';
import { z } from '../../../shared/validation.ts';
import { requireAuth } from '../../http/access.ts';
import { indicatorDashboard, indicatorList, setTargets, targetsOf } from './indicators.service.ts';

const TAGS = ['Chỉ số, chỉ tiêu'];
const CodeParams = z.object({ code: z.enum(INDICATOR_CODES, { message: `Mã chỉ số phải là một trong: ${INDICATOR_CODES.join(', ')}.` }) });

export async function indicatorRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/indicators', {
    config: { access: 'stats.read' },
    schema: {
      tags: TAGS,
      summary: 'Tám chỉ số của kế hoạch theo đơn vị và kỳ (tháng, quý, lũy kế năm): tử số, mẫu số, %, chỉ tiêu, đúng tiến độ hay chậm, thay đổi so với kỳ trước, chuỗi theo tháng và các số đếm',
      querystring: IndicatorQuerySchema,
    },
  }, async (request) => {
    const auth = requireAuth(request);
    return indicatorDashboard(request.db, auth.scope, auth.orgUnitId, request.query);
  });

  app.get('/api/indicators/:code/people', {
    config: { access: 'registry.read' },
    schema: {
      tags: TAGS,
      summary: 'Nhân khẩu thuộc mẫu số của một chỉ số tại cuối kỳ; reached=false: những người chưa đạt, kèm lý do lần gần nhất (được ghi nhật ký)',
      params: CodeParams,
      querystring: DrillDownQuerySchema,
    },
  }, async (request) => indicatorList(request, request.params.code, 'person', request.query));

  app.get('/api/indicators/:code/households', {
    config: { access: 'registry.read' },
    schema: {
      tags: TAGS,
      summary: 'Hộ gia đình thuộc mẫu số của chỉ số TT hoặc HGD tại cuối kỳ; reached=false: những hộ chưa đạt (được ghi nhật ký)',
      params: CodeParams,
      querystring: DrillDownQuerySchema,
    },
  }, async (request) => indicatorList(request, request.params.code, 'household', request.query));

  app.get('/api/targets', {
    config: { access: 'stats.read' },
    schema: { tags: TAGS, summary: 'Chỉ tiêu của đơn vị và các đơn vị con trong năm: chỉ tiêu tự đặt và chỉ tiêu được áp dụng (gần nhất từ trên xuống, mặc định theo kế hoạch)', querystring: TargetsQuerySchema },
  }, async (request) => {
    const auth = requireAuth(request);
    return targetsOf(request.db, auth.scope, auth.orgUnitId, request.query, auth.role);
  });

  app.put('/api/targets', {
    config: { access: 'targets.manage' },
    schema: { tags: TAGS, summary: 'Giao chỉ tiêu năm cho một đơn vị (tỉnh giao cho xã, xã giao cho thôn); null: bỏ chỉ tiêu riêng', body: TargetsUpdateSchema },
  }, async (request) => setTargets(request, request.body));
}
