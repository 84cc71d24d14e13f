// Tổ CNSCĐ (domain.md "Teams"): codes and labels shared by the server and the web app.
import { z } from 'zod';

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
