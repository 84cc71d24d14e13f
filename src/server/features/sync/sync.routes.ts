// The field app's sync endpoints. Push runs each mutation in its own transaction (the route
// opts out of the per-request one); pull reads one snapshot of the member's village.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PushRequestSchema } from '../../../shared/sync.ts';
import { z } from '../../../shared/validation.ts';
import { requireAuth } from '../../http/access.ts';
import { actorFrom } from '../../http/actor.ts';
import { AppError } from '../../http/app-error.ts';
import { CURSOR_MAX_LENGTH, PushInterrupted, pull, pullUnchanged, pushMutations } from './sync.service.ts';
import { createDeviceKey, releaseDeviceKey } from './device-keys.ts';

const TAGS = ['Đồng bộ ứng dụng hiện trường'];

export async function syncRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/api/sync/push', {
    config: { access: 'field.sync', transaction: false },
    schema: {
      tags: TAGS,
      summary: 'Gửi các thao tác ghi trên điện thoại; mỗi thao tác được áp dụng đúng một lần và có kết quả riêng (applied / duplicate / refused)',
      body: PushRequestSchema,
    },
  }, async (request) => {
    const auth = requireAuth(request);
    try {
      const results = await pushMutations(request.db, actorFrom(request), request.body.mutations);
      return { results };
    } catch (error) {
      if (!(error instanceof PushInterrupted)) throw error;
      request.log.error({ err: error.cause, done: error.results.length }, 'sync push interrupted');
      // 503: the phone keeps its outbox and sends it all again later; what was stored is
      // then answered "duplicate".
      throw new AppError(503, 'unavailable', 'Máy chủ tạm thời chưa ghi được. Điện thoại sẽ tự gửi lại sau, không mất dữ liệu.', undefined, { results: error.results });
    }
  });

  app.get('/api/sync/pull', {
    config: { access: 'field.sync' },
    schema: {
      tags: TAGS,
      summary: 'Lấy thay đổi của thôn từ lần đồng bộ trước (cursor); không có cursor hoặc cursor không hợp lệ: toàn bộ thôn (reset)',
      // quick=1: the phone understands { unchanged: true } (an app from before it does not).
      querystring: z.object({ cursor: z.string().max(CURSOR_MAX_LENGTH).optional(), quick: z.literal('1').optional() }),
    },
  }, async (request) => {
    const auth = requireAuth(request);
    const actor = actorFrom(request);
    if (request.query.quick) {
      const unchanged = await pullUnchanged(request.db, actor, request.query.cursor);
      if (unchanged) return unchanged;
    }
    return pull(request.db, actor, request.query.cursor);
  });

  app.post('/api/sync/device-keys', {
    config: { access: 'field.sync' },
    schema: {
      tags: TAGS,
      summary: 'Tạo khóa máy chủ giữ cho điện thoại (khi đặt mã PIN): điện thoại bọc khóa hàng đợi gửi bằng khóa này rồi quên nó',
    },
  }, async (request) => createDeviceKey(request.db, actorFrom(request)));

  app.post('/api/sync/device-keys/:id/release', {
    config: { access: 'field.sync' },
    schema: {
      tags: TAGS,
      summary: 'Trả lại khóa máy chủ cho điện thoại của chính tài khoản sau khi đăng nhập lại, để mở và gửi các lượt chưa gửi còn lại sau khi dữ liệu máy bị xóa',
      params: z.object({ id: z.uuid() }),
    },
  }, async (request) => releaseDeviceKey(request.db, actorFrom(request), request.params.id));
}
