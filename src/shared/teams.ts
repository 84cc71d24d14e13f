// Tổ CNSCĐ (domain.md "Teams"): codes and labels shared by the server and the web app.
import { pageQuery } from './pagination.ts';
import { IsoDateSchema, z } from './validation.ts';

export const TEAM_ROLES = ['leader', 'deputy', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  leader: 'Tổ trưởng',
  deputy: 'Tổ phó',
  member: 'Thành viên',
};

export const AFFILIATIONS = ['youth_union', 'party_member', 'farmers_union', 'women_union', 'resident'] as const;
export type Affiliation = (typeof AFFILIATIONS)[number];
export const AFFILIATION_LABELS: Record<Affiliation, string> = {
  youth_union: 'Đoàn Thanh niên',
  party_member: 'Đảng viên',
  farmers_union: 'Hội Nông dân',
  women_union: 'Hội Liên hiệp Phụ nữ',
  resident: 'Người dân',
};

/** The plan's team size: 3–5 active members; outside it the team is shown with a warning. */
export const TEAM_SIZE = { min: 3, max: 5 } as const;

export function teamSizeWarning(activeMembers: number): string | null {
  if (activeMembers < TEAM_SIZE.min) return `Tổ mới có ${activeMembers} thành viên, cần ít nhất ${TEAM_SIZE.min}.`;
  if (activeMembers > TEAM_SIZE.max) return `Tổ có ${activeMembers} thành viên, nhiều hơn ${TEAM_SIZE.max} theo kế hoạch.`;
  return null;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày không hợp lệ (năm-tháng-ngày)');
const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const TeamInputSchema = z
  .object({
    villageId: z.number().int().positive(),
    name: z.string().trim().min(1).max(200),
    decisionNumber: optionalText(50),
    decisionDate: isoDate.nullish(),
    formedOn: isoDate,
    note: optionalText(1000),
  })
  .strict();
export type TeamInput = z.infer<typeof TeamInputSchema>;

export const TeamMemberInputSchema = z
  .object({
    fullName: z.string().trim().min(1).max(200),
    personId: z.uuid().nullish(),
    accountId: z.uuid().nullish(),
    phone: optionalText(20),
    teamRole: z.enum(TEAM_ROLES),
    affiliation: z.enum(AFFILIATIONS),
    joinedOn: isoDate,
  })
  .strict();
export type TeamMemberInput = z.infer<typeof TeamMemberInputSchema>;

// --- Changes after a team is formed (edits, "kiện toàn", members leaving, role changes) and
// households assigned to members: read by the server's routes and the desk forms, so both
// refuse the same input with the same words.
const version = z.number().int().positive({ message: 'Thiếu phiên bản bản ghi.' });
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
