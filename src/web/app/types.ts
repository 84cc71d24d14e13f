// Shapes of the server's JSON answers as the web app uses them.
import type { OrgLevel } from '../../shared/org-units.ts';
import type { Permission, Role } from '../../shared/roles.ts';
import type { DigitalStatus, NotDoneReason } from '../../shared/support.ts';

export interface Me {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  roleLabel: string;
  permissions: Permission[];
  orgUnit: { id: number; name: string; level: OrgLevel; path: string };
  mustChangePassword: boolean;
  csrfToken: string;
  sessionExpiresAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface OrgUnit {
  id: number;
  parentId: number | null;
  level: OrgLevel;
  code: string | null;
  name: string;
  path: string;
  active: boolean;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current?: boolean;
}

export interface Account {
  id: string;
  username: string;
  fullName: string;
  phone: string | null;
  role: Role;
  roleLabel: string;
  orgUnitId: number;
  orgUnitName: string;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

export type Sex = 'male' | 'female';
export type PersonStatus = 'resident' | 'moved_out' | 'deceased';

export interface PersonSummary {
  id: string;
  fullName: string;
  sex: Sex;
  birthDate: string | null;
  birthYear: number;
  age: number | null;
  cccdMasked: string | null;
  phone: string | null;
  ethnicity: string | null;
  householdId: string;
  householdCode: string | null;
  villageId: number;
  villageName: string;
  relationToHead: string;
  status: PersonStatus;
  statusDate?: string | null;
  isStudent: boolean;
  isWorker: boolean;
  isTeamMember: boolean;
  isOfficial: boolean;
  /** Present on household members and person details (derived from support events). */
  digitalStatus?: DigitalStatus;
  hasSmartphone?: boolean | null;
}

export interface Residence {
  householdId: string;
  householdCode: string | null;
  villageName: string;
  fromDate: string;
  toDate: string | null;
  startReason: string;
  endReason: string | null;
  note: string | null;
}

export interface PersonDetail extends PersonSummary {
  note: string | null;
  canRevealCccd: boolean;
  hasCccd?: boolean;
  residences: Residence[];
  version: number;
  communeName?: string;
  headName?: string | null;
  lastVisitOn?: string | null;
  lastReason?: NotDoneReason | null;
}

export interface HouseholdSummary {
  id: string;
  code: string | null;
  address: string;
  hamletGroup: string | null;
  phone: string | null;
  villageId: number;
  villageName: string;
  headPersonId: string | null;
  headName: string | null;
  memberCount: number;
  noCapableMember: boolean;
}

export interface HouseholdDetail extends HouseholdSummary {
  note: string | null;
  communeName?: string;
  members: PersonSummary[];
  version: number;
  informedOn?: string | null;
  lastVisitOn?: string | null;
  assignedMemberId?: string | null;
  assignedMemberName?: string | null;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  accountId: string | null;
  accountName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  orgUnitId: number | null;
  before: unknown;
  after: unknown;
  detail: unknown;
  ip: string | null;
}
