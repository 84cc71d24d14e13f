// Trainings (tập huấn): each route its permission, its schemas (the answer's too), one call.
// Reading a training needs trainings.read; planning and changing trainings.write; attendance
// and its photos trainings.attendance (a team leader: their own village's members).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  AttendanceInputSchema,
  NeverTrainedAnswerSchema,
  NeverTrainedQuerySchema,
  SignInSheetSchema,
  TrainingFiguresQuerySchema,
  TrainingFiguresSchema,
  TrainingIdParamsSchema,
  TrainingInputSchema,
  TrainingListAnswerSchema,
  TrainingListQuerySchema,
  TrainingPhotoParamsSchema,
  TrainingPhotosSchema,
  TrainingUpdateSchema,
  TrainingViewSchema,
} from '../../../shared/trainings.ts';
import { actorFrom } from '../../http/actor.ts';
import { registerAttachmentOwner } from '../attachments/attachments.service.ts';
import { siteOrigin } from '../door-cards/door-cards.service.ts';
import {
  TRAINING_ENTITY,
  addTrainingPhotos,
  changeTraining,
  createTraining,
  getTraining,
  listTrainingsFor,
  neverTrainedList,
  removeTrainingPhoto,
  signInSheet,
  takeAttendance,
  trainingFigures,
  trainingPhotoAccess,
} from './trainings.service.ts';

const TAGS = ['Tập huấn'];
const params = TrainingIdParamsSchema;
const view = { 200: TrainingViewSchema };

export async function trainingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  registerAttachmentOwner(TRAINING_ENTITY, { label: 'lớp tập huấn', read: trainingPhotoAccess });

  app.get('/api/trainings', {
    config: { access: 'trainings.read' },
    schema: { tags: TAGS, summary: 'Danh sách lớp tập huấn trong phạm vi (mới nhất trước): trạng thái, thôn được mời, số có mặt, số hoàn thành', querystring: TrainingListQuerySchema, response: { 200: TrainingListAnswerSchema } },
  }, async (request) => listTrainingsFor(request.db, actorFrom(request), request.query));

  app.post('/api/trainings', {
    config: { access: 'trainings.write' },
    schema: { tags: TAGS, summary: 'Lập kế hoạch một lớp tập huấn của xã (mã do máy khách tạo; gửi lại cùng mã không tạo lớp mới)', body: TrainingInputSchema, response: view },
  }, async (request) => createTraining(request.db, actorFrom(request), request.body));

  app.get('/api/trainings/figures', {
    config: { access: 'trainings.read' },
    schema: { tags: TAGS, summary: 'Thành viên Tổ CNSCĐ đã được tập huấn / thành viên đang hoạt động, theo nội dung, hình thức, theo thôn, trong một khoảng thời gian bất kỳ', querystring: TrainingFiguresQuerySchema, response: { 200: TrainingFiguresSchema } },
  }, async (request) => trainingFigures(request.db, actorFrom(request), request.query));

  app.get('/api/trainings/never-trained', {
    config: { access: 'trainings.read' },
    schema: { tags: TAGS, summary: 'Thành viên đang hoạt động chưa từng được tập huấn (mời lần sau); có họ tên: ghi nhật ký', querystring: NeverTrainedQuerySchema, response: { 200: NeverTrainedAnswerSchema } },
  }, async (request) => neverTrainedList(request.db, actorFrom(request), request.query));

  app.get('/api/trainings/:id', {
    config: { access: 'trainings.read' },
    schema: { tags: TAGS, summary: 'Một lớp tập huấn: thông tin, thôn được mời, thành viên và điểm danh, ảnh minh chứng (có họ tên: ghi nhật ký)', params, response: view },
  }, async (request) => getTraining(request.db, actorFrom(request), request.params));

  app.put('/api/trainings/:id', {
    config: { access: 'trainings.write' },
    schema: { tags: TAGS, summary: 'Sửa lớp tập huấn (kèm phiên bản đã xem), kể cả trạng thái: đã tổ chức, đã hủy', params, body: TrainingUpdateSchema, response: view },
  }, async (request) => changeTraining(request.db, actorFrom(request), { ...request.body, id: request.params.id }));

  app.put('/api/trainings/:id/attendance', {
    config: { access: 'trainings.attendance' },
    schema: {
      tags: TAGS,
      summary: 'Điểm danh: có mặt / vắng / vắng có phép, hoàn thành khóa trực tuyến với số và ngày chứng nhận; chỉ thành viên của thôn được mời trong thời gian lớp học',
      params,
      body: AttendanceInputSchema.omit({ trainingId: true }),
      response: view,
    },
  }, async (request) => takeAttendance(request.db, actorFrom(request), { ...request.body, trainingId: request.params.id }));

  app.post('/api/trainings/:id/photos', {
    config: { access: 'trainings.attendance' },
    schema: { tags: TAGS, summary: 'Gắn ảnh minh chứng (danh sách ký tên, ảnh lớp học) đã tải lên vào lớp tập huấn', params, body: TrainingPhotosSchema, response: view },
  }, async (request) => addTrainingPhotos(request.db, actorFrom(request), { id: request.params.id, photoIds: request.body.photoIds }));

  app.delete('/api/trainings/:id/photos/:attachmentId', {
    config: { access: 'trainings.write' },
    schema: { tags: TAGS, summary: 'Gỡ một ảnh minh chứng khỏi lớp tập huấn (xóa ảnh)', params: TrainingPhotoParamsSchema, response: view },
  }, async (request) => removeTrainingPhoto(request.db, actorFrom(request), request.params));

  app.get('/api/trainings/:id/sign-in-sheet', {
    config: { access: 'trainings.read' },
    schema: { tags: TAGS, summary: 'Danh sách ký tên để in (A4): thông tin lớp, thành viên được mời, mã QR mở trang lớp tập huấn', params, response: { 200: SignInSheetSchema } },
  }, async (request) => signInSheet(request.db, actorFrom(request), { id: request.params.id, origin: siteOrigin(request) }));
}
