// Tổ CNSCĐ on the desk: the villages' teams, a team with its members and history, forming
// and "kiện toàn", members joining, changing role and leaving, and households assigned to
// members. Reads need teams.read; changes to teams teams.manage; assignments teams.assign.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorFrom } from '../../http/actor.ts';
import { AssignHouseholdsSchema, AssignmentListQuerySchema, LeaveTeamSchema, ReformTeamSchema, TeamInputSchema, TeamListQuerySchema, TeamMemberInputSchema, UpdateTeamMemberSchema, UpdateTeamSchema } from '../../../shared/teams.ts';
import { z } from '../../../shared/validation.ts';
import { assignHouseholds, listAssignments } from './assignments.service.ts';
import {
  accountCandidates, addMember, formTeam, leaveTeam, listTeams, reformTeam, teamDetail, updateMember, updateTeam, villageTeams,
} from './teams.service.ts';

const TAGS = ['Tổ CNSCĐ'];
const TeamParams = z.object({ id: z.uuid({ message: 'Mã tổ không hợp lệ.' }) });
const MemberParams = z.object({ memberId: z.uuid({ message: 'Mã thành viên không hợp lệ.' }) });
const VillageParams = z.object({ villageId: z.coerce.number().int().positive({ message: 'Mã thôn không hợp lệ.' }) });

export async function teamRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/api/teams', {
    config: { access: 'teams.read' },
    schema: { tags: TAGS, summary: 'Các thôn trong phạm vi với Tổ CNSCĐ đang hoạt động, số thành viên, tổ trưởng và số hộ cần phân công (ghi nhật ký)', querystring: TeamListQuerySchema },
  }, async (request) => listTeams(request.db, actorFrom(request), request.query));

  app.get('/api/teams/villages/:villageId', {
    config: { access: 'teams.read' },
    schema: { tags: TAGS, summary: 'Các tổ của một thôn: tổ đang hoạt động và các tổ trước (lịch sử kiện toàn)', params: VillageParams },
  }, async (request) => villageTeams(request.db, actorFrom(request), request.params.villageId));

  app.get('/api/teams/villages/:villageId/households', {
    config: { access: 'registry.read' },
    schema: { tags: TAGS, summary: 'Hộ của một thôn với thành viên phụ trách, cờ "cần phân công" và số hộ mỗi thành viên phụ trách (ghi nhật ký)', params: VillageParams, querystring: AssignmentListQuerySchema },
  }, async (request) => listAssignments(request.db, actorFrom(request), request.params.villageId, request.query));

  app.post('/api/teams/assignments', {
    config: { access: 'teams.assign' },
    schema: { tags: TAGS, summary: 'Phân công (hoặc bỏ phân công) nhiều hộ cho một thành viên từ một ngày; tất cả hoặc không hộ nào', body: AssignHouseholdsSchema },
  }, async (request) => assignHouseholds(request.db, actorFrom(request), request.body));

  app.get('/api/teams/:id', {
    config: { access: 'teams.read' },
    schema: { tags: TAGS, summary: 'Một tổ với quyết định, thành viên (đang và đã tham gia) và lịch sử các tổ của thôn (ghi nhật ký)', params: TeamParams },
  }, async (request) => teamDetail(request.db, actorFrom(request), request.params.id));

  app.get('/api/teams/:id/account-candidates', {
    config: { access: 'teams.manage' },
    schema: { tags: TAGS, summary: 'Tài khoản Tổ trưởng / Thành viên của thôn có thể gắn với thành viên tổ', params: TeamParams },
  }, async (request) => accountCandidates(request.db, actorFrom(request), request.params.id));

  app.post('/api/teams', {
    config: { access: 'teams.manage' },
    schema: { tags: TAGS, summary: 'Thành lập Tổ CNSCĐ cho một thôn chưa có tổ', body: TeamInputSchema },
  }, async (request, reply) => {
    reply.status(201);
    return formTeam(request.db, actorFrom(request), request.body);
  });

  app.patch('/api/teams/:id', {
    config: { access: 'teams.manage' },
    schema: { tags: TAGS, summary: 'Sửa tên, số và ngày quyết định, ghi chú của tổ (kiểm tra phiên bản)', params: TeamParams, body: UpdateTeamSchema },
  }, async (request) => updateTeam(request.db, actorFrom(request), request.params.id, request.body));

  app.post('/api/teams/:id/reform', {
    config: { access: 'teams.manage' },
    schema: { tags: TAGS, summary: 'Kiện toàn tổ: kết thúc tổ hiện tại và thành lập tổ mới, giữ lại các thành viên được chọn', params: TeamParams, body: ReformTeamSchema },
  }, async (request, reply) => {
    reply.status(201);
    return reformTeam(request.db, actorFrom(request), request.params.id, request.body);
  });

  app.post('/api/teams/:id/members', {
    config: { access: 'teams.manage' },
    schema: { tags: TAGS, summary: 'Thêm thành viên vào tổ (có thể gắn với nhân khẩu và tài khoản của thôn)', params: TeamParams, body: TeamMemberInputSchema },
  }, async (request, reply) => {
    reply.status(201);
    return addMember(request.db, actorFrom(request), request.params.id, request.body);
  });

  app.patch('/api/teams/members/:memberId', {
    config: { access: 'teams.manage' },
    schema: { tags: TAGS, summary: 'Đổi vai trò, đoàn thể hoặc số điện thoại của thành viên (kiểm tra phiên bản)', params: MemberParams, body: UpdateTeamMemberSchema },
  }, async (request) => updateMember(request.db, actorFrom(request), request.params.memberId, request.body));

  app.post('/api/teams/members/:memberId/leave', {
    config: { access: 'teams.manage' },
    schema: { tags: TAGS, summary: 'Thành viên rời tổ (giữ lịch sử); các hộ người đó phụ trách trở về chưa phân công', params: MemberParams, body: LeaveTeamSchema },
  }, async (request) => leaveTeam(request.db, actorFrom(request), request.params.memberId, request.body));
}
