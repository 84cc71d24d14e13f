// Tasks of each office (nhiệm vụ): each route its permission, its schemas (the answer's too), one call.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AdhocTaskInputSchema,
  OccurrenceDetailSchema,
  OccurrenceListSchema,
  ProgressInputSchema,
  TaskBoardQuerySchema,
  TaskBoardSchema,
  TaskIdParamsSchema,
  TaskInputSchema,
  TaskListQuerySchema,
  TaskOverviewQuerySchema,
  TaskOverviewSchema,
  TaskUpdateSchema,
  TaskViewSchema,
} from '../../../shared/tasks.ts';
import { actorFrom } from '../../http/actor.ts';
import { registerAttachmentOwner } from '../attachments/attachments.service.ts';
import {
  ADHOC_DOCUMENT_ENTITY,
  OCCURRENCE_ENTITY,
  changeTask,
  createAdhocTask,
  createTask,
  getOccurrence,
  listTasksFor,
  recordProgress,
  taskBoard,
  taskFileAccess,
  taskOverview,
} from './tasks.service.ts';

const TAGS = ['Nhiệm vụ'];
const params = TaskIdParamsSchema;

export async function taskRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachmentOwner(ADHOC_DOCUMENT_ENTITY, { label: 'nhiệm vụ', read: (db, actor, id) => taskFileAccess(db, actor, id, ADHOC_DOCUMENT_ENTITY) });
  registerAttachmentOwner(OCCURRENCE_ENTITY, { label: 'nhiệm vụ', read: (db, actor, id) => taskFileAccess(db, actor, id, OCCURRENCE_ENTITY) });

  app.get('/api/tasks', {
    config: { access: 'tasks.read' },
    schema: { tags: TAGS, summary: 'Nhiệm vụ (từng lần đến hạn) trong phạm vi: quá hạn trước; mặc định các phòng và trưởng thôn thấy của đơn vị mình', querystring: TaskListQuerySchema, response: { 200: OccurrenceListSchema } },
  }, async (request) => listTasksFor(request.db, actorFrom(request), request.query));

  app.post('/api/tasks', {
    config: { access: 'tasks.manage' },
    schema: { tags: TAGS, summary: 'Giao một nhiệm vụ của kế hoạch: đơn vị chủ trì, phối hợp, hạn hoặc lặp lại (tạo các lần đến hạn)', body: TaskInputSchema, response: { 200: TaskViewSchema } },
  }, async (request) => createTask(request.db, actorFrom(request), request.body));

  app.put('/api/tasks/:id', {
    config: { access: 'tasks.manage' },
    schema: { tags: TAGS, summary: 'Sửa nhiệm vụ (kèm phiên bản đã xem); các lần chưa bắt đầu được tạo lại theo hạn mới', params, body: TaskUpdateSchema, response: { 200: TaskViewSchema } },
  }, async (request) => changeTask(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.post('/api/tasks/adhoc', {
    config: { access: 'tasks.manage' },
    schema: { tags: TAGS, summary: 'Yêu cầu đột xuất (văn bản của tỉnh yêu cầu làm việc gì trước một ngày) thành nhiệm vụ, kèm văn bản', body: AdhocTaskInputSchema, response: { 200: OccurrenceDetailSchema } },
  }, async (request) => createAdhocTask(request.db, actorFrom(request), request.body));

  app.get('/api/tasks/board', {
    config: { access: 'tasks.manage' },
    schema: { tags: TAGS, summary: 'Bảng theo dõi nhiệm vụ của xã theo đơn vị × tháng: số việc, hoàn thành, quá hạn, hoàn thành muộn', querystring: TaskBoardQuerySchema, response: { 200: TaskBoardSchema } },
  }, async (request) => taskBoard(request.db, actorFrom(request), request.query));

  app.get('/api/tasks/overview', {
    config: { access: 'stats.read' },
    schema: { tags: TAGS, summary: 'Theo xã: báo cáo và nhiệm vụ đến hạn, đã làm, đúng hạn (như tỷ lệ báo cáo)', querystring: TaskOverviewQuerySchema, response: { 200: TaskOverviewSchema } },
  }, async (request) => taskOverview(request.db, actorFrom(request), request.query));

  app.get('/api/tasks/occurrences/:id', {
    config: { access: 'tasks.read' },
    schema: { tags: TAGS, summary: 'Một lần đến hạn của nhiệm vụ: trạng thái, minh chứng, văn bản yêu cầu, lịch sử thay đổi', params, response: { 200: OccurrenceDetailSchema } },
  }, async (request) => getOccurrence(request.db, actorFrom(request), request.params));

  app.put('/api/tasks/occurrences/:id/progress', {
    config: { access: 'tasks.progress' },
    schema: { tags: TAGS, summary: 'Cập nhật tiến độ: chưa làm / đang làm / hoàn thành, minh chứng (tệp, đường dẫn, báo cáo / lớp tập huấn / đợt truyền thông)', params, body: ProgressInputSchema, response: { 200: OccurrenceDetailSchema } },
  }, async (request) => recordProgress(request.db, actorFrom(request), { ...request.body, id: request.params.id }));
}
