// Roles of domain.md and what each may do. The server's route guard and the web app's
// navigation both read this table, so a permission is granted in exactly one place.

export const ROLES = [
  'admin',
  'province_viewer',
  'commune_leader',
  'culture_office',
  'economy_office',
  'service_center',
  'youth_union',
  'village_head',
  'team_leader',
  'team_member',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Quản trị hệ thống',
  province_viewer: 'Sở KH&CN (xem tỉnh)',
  commune_leader: 'Lãnh đạo UBND xã',
  culture_office: 'Phòng Văn hóa - Xã hội',
  economy_office: 'Phòng Kinh tế',
  service_center: 'Trung tâm phục vụ hành chính công',
  youth_union: 'Đoàn Thanh niên xã',
  village_head: 'Trưởng thôn',
  team_leader: 'Tổ trưởng Tổ CNSCĐ',
  team_member: 'Thành viên Tổ CNSCĐ',
};

/** The org level a role's account must be attached to. */
export const ROLE_UNIT_LEVEL: Record<Role, 'province' | 'commune' | 'village'> = {
  admin: 'province',
  province_viewer: 'province',
  commune_leader: 'commune',
  culture_office: 'commune',
  economy_office: 'commune',
  service_center: 'commune',
  youth_union: 'commune',
  village_head: 'village',
  team_leader: 'village',
  team_member: 'village',
};

export const PERMISSIONS = [
  'session', // any logged-in account
  'org.read',
  'org.manage',
  'accounts.manage',
  'audit.read',
  'stats.read', // aggregate figures, no personal details
  'registry.read', // households and people with personal details
  'registry.write',
  'people.cccd.reveal', // see a CCCD unmasked (audited)
  'teams.read', // teams and members (names, phones)
  'teams.manage', // form / re-form teams, add and remove members
  'teams.assign', // assign households to team members
  'support.record', // record support given (visits, desk support) and corrections
  'field.sync', // the volunteer's offline field app (push / pull)
  'targets.manage', // set indicator targets (the province for communes, the commune for its villages)
  'reports.read', // reports up the chain: aggregates only, so every reader of stats
  'reports.write', // open, write and submit a report (the village head its village's, the commune office)
  'reports.review', // return, accept or approve a submitted report (the service decides which kinds)
  'attachments.upload', // send an evidence file (photo, PDF) that a record of this account then claims
  'trainings.read', // trainings (tập huấn) and their attendance: team members' names
  'trainings.write', // plan, change, hold or cancel a training; take anyone's attendance
  'trainings.attendance', // take attendance (a team leader: of their own team's members, on the phone)
  'communication.read', // campaigns and communication activities (no personal details but the households ticked, shown to registry readers)
  'communication.write', // record activities: the commune's offices commune-wide, village heads and team leaders their village (checked in the service)
  'communication.manage', // campaigns and which channels each village has (Phòng VH-XH)
  'budget.totals', // a commune's budget of a year as totals by activity and source (no payees, no vouchers)
  'budget.read', // budget lines, revisions, commitments, spending and vouchers, allowance sheets, settlement
  'budget.manage', // Phòng Kinh tế: lines, estimates, commitments, spending, allowance sheets, settlement
  'budget.rates', // the province's allowance rates of team members, per year
  'organizations.manage', // the commune's schools, enterprises and cooperatives, and who belongs to each
  'sessions.record', // group sessions for residents (a class at a school, a cooperative, the cultural house): each attendee a support event
  'plans.read', // the commune's plan for a year: its text, targets and tasks
  'plans.write', // draft a plan, "Lập kế hoạch năm sau", edit a draft (Phòng VH-XH, the leader)
  'plans.approve', // approve the commune's plan (the commune leader): numbered, its targets the commune's
  'tasks.read', // tasks of section IV and their occurrences (an office its own by default, a village head their village's)
  'tasks.progress', // mark a task of one's own unit doing or done with its evidence (checked in the service)
  'tasks.manage', // set tasks, ad-hoc requests, every unit's board (Phòng VH-XH, the leader)
  'backups.manage', // see the database's backups and make one now (the administrator)
  'awards.read', // emulation campaigns, candidates with their evidence, nominations, the council and decisions
  'awards.manage', // Phòng VH-XH: the titles' rules, campaigns, recomputing candidates, the council's meeting, revocation
  'awards.nominate', // nominate for a campaign (a village head in their village; the campaign says which roles may)
  'awards.decide', // the leader's decision on the council's choice (number, date, form of award)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const DESK_READERS: Permission[] = ['session', 'org.read', 'stats.read', 'registry.read', 'reports.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    ...DESK_READERS,
    'backups.manage',
    'org.manage',
    'accounts.manage',
    'audit.read',
    'registry.write',
    'people.cccd.reveal',
    'teams.read',
    'teams.manage',
    'teams.assign',
    'support.record',
    'targets.manage',
    'reports.write',
    'reports.review',
    'attachments.upload',
    'trainings.read',
    'trainings.write',
    'trainings.attendance',
    'communication.read',
    'communication.write',
    'communication.manage',
    'budget.totals',
    'budget.read',
    'budget.rates',
    'organizations.manage',
    'sessions.record',
    'plans.read',
    'plans.write',
    'tasks.read',
    'tasks.progress',
    'tasks.manage',
    'awards.read',
    'awards.manage',
    'awards.nominate',
    'awards.decide',
  ],
  province_viewer: ['session', 'org.read', 'stats.read', 'reports.read', 'budget.totals'],
  commune_leader: [...DESK_READERS, 'people.cccd.reveal', 'teams.read', 'reports.review', 'attachments.upload', 'trainings.read', 'communication.read', 'budget.totals', 'budget.read', 'plans.read', 'plans.write', 'plans.approve', 'tasks.read', 'tasks.progress', 'tasks.manage', 'awards.read', 'awards.decide'],
  culture_office: [
    ...DESK_READERS,
    'registry.write',
    'people.cccd.reveal',
    'teams.read',
    'teams.manage',
    'teams.assign',
    'support.record',
    'targets.manage',
    'reports.write',
    'reports.review',
    'attachments.upload',
    'trainings.read',
    'trainings.write',
    'trainings.attendance',
    'communication.read',
    'communication.write',
    'communication.manage',
    'budget.totals',
    'organizations.manage',
    'sessions.record',
    'plans.read',
    'plans.write',
    'tasks.read',
    'tasks.progress',
    'tasks.manage',
    'awards.read',
    'awards.manage',
    'awards.nominate',
  ],
  economy_office: ['session', 'org.read', 'stats.read', 'reports.read', 'attachments.upload', 'trainings.read', 'communication.read', 'budget.totals', 'budget.read', 'budget.manage', 'plans.read', 'tasks.read', 'tasks.progress'],
  // TT phục vụ HCC (with the commune's TT Dịch vụ công) writes the commune's articles and posts.
  service_center: [...DESK_READERS, 'people.cccd.reveal', 'teams.read', 'support.record', 'attachments.upload', 'communication.read', 'communication.write', 'budget.totals', 'plans.read', 'tasks.read', 'tasks.progress'],
  youth_union: ['session', 'org.read', 'stats.read', 'reports.read', 'teams.read', 'attachments.upload', 'trainings.read', 'trainings.write', 'trainings.attendance', 'communication.read', 'budget.totals', 'plans.read', 'tasks.read', 'tasks.progress', 'awards.read', 'awards.nominate'],
  village_head: [...DESK_READERS, 'registry.write', 'teams.read', 'teams.assign', 'support.record', 'field.sync', 'reports.write', 'attachments.upload', 'trainings.read', 'communication.read', 'communication.write', 'sessions.record', 'plans.read', 'tasks.read', 'tasks.progress', 'awards.read', 'awards.nominate'],
  team_leader: [...DESK_READERS, 'teams.read', 'support.record', 'field.sync', 'attachments.upload', 'trainings.read', 'trainings.attendance', 'communication.read', 'communication.write', 'sessions.record'],
  team_member: [...DESK_READERS, 'teams.read', 'support.record', 'field.sync', 'attachments.upload', 'communication.read'],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/**
 * How long a session lives. Desk work ends after inactivity; a volunteer's phone keeps its
 * session through days without signal (it is still revocable from the server).
 */
export const SESSION_POLICY: Record<Role, { idleMinutes: number; absoluteHours: number }> = {
  admin: { idleMinutes: 15, absoluteHours: 8 },
  province_viewer: { idleMinutes: 30, absoluteHours: 12 },
  commune_leader: { idleMinutes: 30, absoluteHours: 12 },
  culture_office: { idleMinutes: 30, absoluteHours: 12 },
  economy_office: { idleMinutes: 30, absoluteHours: 12 },
  service_center: { idleMinutes: 30, absoluteHours: 12 },
  youth_union: { idleMinutes: 30, absoluteHours: 12 },
  village_head: { idleMinutes: 7 * 24 * 60, absoluteHours: 30 * 24 },
  team_leader: { idleMinutes: 14 * 24 * 60, absoluteHours: 30 * 24 },
  team_member: { idleMinutes: 14 * 24 * 60, absoluteHours: 30 * 24 },
};
