// QR door cards: the data of a sheet of cards (the web app lays them out on A4) and the
// lookup a scanned card makes.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CardCodeParams, DoorCardsQuerySchema } from './door-cards.schema.ts';
import { doorCards, resolveCard } from './door-cards.service.ts';

const TAGS = ['Thẻ hộ (QR)'];

export async function doorCardRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/door-cards', {
    config: { access: 'registry.read' },
    schema: {
      tags: TAGS,
      summary: 'Dữ liệu in thẻ QR dán cửa cho các hộ của một thôn hoặc các hộ đã chọn (tối đa 500 mỗi lần; ghi nhật ký)',
      querystring: DoorCardsQuerySchema,
    },
  }, async (request) => doorCards(request, request.query));

  app.get('/api/door-cards/resolve/:cardCode', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Mở hộ từ mã trên thẻ QR (chỉ hộ trong địa bàn của bạn; ghi nhật ký)', params: CardCodeParams },
  }, async (request) => resolveCard(request, request.params.cardCode));
}
