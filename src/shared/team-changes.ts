// What the desk sends to change a Tổ CNSCĐ after it is formed (edits, "kiện toàn", members
// leaving, role changes) and to assign households to members; read by the server's routes
// and the desk forms, so both refuse the same input with the same words.
import { AFFILIATIONS, TEAM_ROLES } from './teams.ts';
import { IsoDateSchema, z } from './validation.ts';
import { pageQuery } from './pagination.ts';

const version = z.number().int().positive({ message: 'Thiếu phiên bản bản ghi.' });
const optionalText = (max: number) => z.string().trim().max(max).nullish();
const teamName = z.string().trim().min(1, { message: 'Nhập tên tổ.' }).max(200);

/** Decision number, date, name or note of a team (checked against the version the officer saw). */
export const UpdateTeamSchema = z
  .object({
    version,
    name: teamName.optional(),
    decisionNumber: optionalText(50),
    decisionDate: IsoDateSchema.nullish(),
    note: optionalText(1000),
  })
  .strict();
export type UpdateTeam = z.infer<typeof UpdateTeamSchema>;

/**
 * "Kiện toàn": the active team ends on `endedOn` and a new one is formed on `formedOn`;
 * the chosen active members carry over to it (their former rows stay in the old team).
 */
export const ReformTeamSchema = z
  .object({
    version,
    endedOn: IsoDateSchema,
    formedOn: IsoDateSchema,
    name: teamName.optional(),
    decisionNumber: optionalText(50),
    decisionDate: IsoDateSchema.nullish(),
    note: optionalText(1000),
    carryOverMemberIds: z.array(z.uuid({ message: 'Mã thành viên không hợp lệ.' })).max(100).default([]),
  })
  .strict();
export type ReformTeam = z.infer<typeof ReformTeamSchema>;

/** A member's role, affiliation or phone. */
export const UpdateTeamMemberSchema = z
  .object({
    version,
    teamRole: z.enum(TEAM_ROLES).optional(),
    affiliation: z.enum(AFFILIATIONS).optional(),
    phone: optionalText(20),
  })
  .strict();
export type UpdateTeamMember = z.infer<typeof UpdateTeamMemberSchema>;

export const LeaveTeamSchema = z
  .object({
    version,
    leftOn: IsoDateSchema,
    reason: z.string().trim().min(1, { message: 'Nhập lý do rời tổ.' }).max(500),
  })
  .strict();
export type LeaveTeam = z.infer<typeof LeaveTeamSchema>;

export const MAX_ASSIGN = 500;

/** Households given to one member (or taken back: memberId null) from a date, all or none. */
export const AssignHouseholdsSchema = z
  .object({
    householdIds: z
      .array(z.uuid({ message: 'Mã hộ không hợp lệ.' }))
      .min(1, { message: 'Chọn ít nhất một hộ.' })
      .max(MAX_ASSIGN, { message: `Mỗi lần phân công tối đa ${MAX_ASSIGN} hộ.` }),
    memberId: z.uuid({ message: 'Mã thành viên không hợp lệ.' }).nullable(),
    fromDate: IsoDateSchema,
  })
  .strict();
export type AssignHouseholds = z.infer<typeof AssignHouseholdsSchema>;

export const TEAM_LIST_FILTERS = ['all', 'no_team', 'size_warning', 'needs_assignment'] as const;
export type TeamListFilter = (typeof TEAM_LIST_FILTERS)[number];

export const TeamListQuerySchema = z.object({
  /** A commune or a village inside the caller's area. */
  orgUnitId: z.coerce.number().int().positive().optional(),
  filter: z.enum(TEAM_LIST_FILTERS).default('all'),
  ...pageQuery({ default: 100, max: 500, maxPage: 100000 }),
});
export type TeamListQuery = z.infer<typeof TeamListQuerySchema>;

export const ASSIGNMENT_FILTERS = ['all', 'unassigned', 'needs_assignment'] as const;
export type AssignmentFilter = (typeof ASSIGNMENT_FILTERS)[number];

export const AssignmentListQuerySchema = z.object({
  filter: z.enum(ASSIGNMENT_FILTERS).default('all'),
  memberId: z.uuid({ message: 'Mã thành viên không hợp lệ.' }).optional(),
  q: z.string().trim().max(100).optional(),
  ...pageQuery({ default: 100, max: MAX_ASSIGN, maxPage: 100000 }),
});
export type AssignmentListQuery = z.infer<typeof AssignmentListQuerySchema>;

/** A household needs an assigned member when nobody in it can use digital skills. */
export const NEEDS_ASSIGNMENT_LABEL = 'Cần phân công';
