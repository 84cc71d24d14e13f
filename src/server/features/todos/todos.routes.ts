// GET /api/todos: the landing page's "Việc cần làm" for any logged-in account; what each role
// sees is decided by the providers (todos.service.ts), inside its area.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { TodoListSchema } from '../../../shared/todos.ts';
import { actorFrom } from '../../http/actor.ts';
import { listTodos } from './todos.service.ts';

export async function todoRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/api/todos', {
    config: { access: 'session' },
    schema: {
      tags: ['Việc cần làm'],
      summary: 'Việc tài khoản cần làm ngay: báo cáo cần viết, nộp, duyệt hoặc nộp lại (trễ hạn trước), hộ cần phân công, lần nhập chưa xong, tài khoản bị tạm khóa',
      response: { 200: TodoListSchema },
    },
  }, async (request) => listTodos(request.db, actorFrom(request)));
}
