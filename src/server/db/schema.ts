// Kysely's view of the tables the migrations create. Keep in step with db/migrations.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = Date;
/** `date` columns travel as 'YYYY-MM-DD' strings (see engine.ts type parsers). */
type DateString = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;
/** xid8 as text; written only by triggers and the status functions. */
type SyncXid = ColumnType<string, never, never>;

export interface OrgUnitTable {
  id: Generated<number>;
  parent_id: number | null;
  level: 'province' | 'commune' | 'village';
  code: string | null;
  name: string;
  path: string;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface AccountTable {
  id: string;
  username: string;
  phone: string | null;
  full_name: string;
  role: string;
  org_unit_id: number;
  password_hash: string;
  must_change_password: Generated<boolean>;
  disabled_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  password_changed_at: Generated<Timestamp>;
}

export interface LoginThrottleTable {
  identifier: string;
  failures: Generated<number>;
  last_failure_at: Generated<Timestamp>;
  locked_until: Timestamp | null;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  account_id: string;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  idle_expires_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  user_agent: string | null;
  ip: string | null;
}

export interface HouseholdTable {
  id: string;
  village_id: number;
  code: string | null;
  address: Generated<string>;
  hamlet_group: string | null;
  phone: string | null;
  head_person_id: string | null;
  no_capable_member: Generated<boolean>;
  assigned_member_id: string | null;
  card_code: Generated<string>;
  import_batch_id: string | null;
  dissolved_at: DateString | null;
  note: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Set by trigger: the transaction that last changed the row (field-app pull). */
  sync_xid: SyncXid;
}

export interface PersonTable {
  id: string;
  household_id: string;
  village_id: number;
  full_name: string;
  name_search: ColumnType<string, never, never>;
  sex: 'male' | 'female';
  birth_date: DateString | null;
  birth_year: number;
  ethnicity: string | null;
  phone: string | null;
  cccd: string | null;
  relation_to_head: Generated<string>;
  is_student: Generated<boolean>;
  is_worker: Generated<boolean>;
  is_team_member: Generated<boolean>;
  is_official: Generated<boolean>;
  school_id: string | null;
  employer_id: string | null;
  has_smartphone: boolean | null;
  status: Generated<'resident' | 'moved_out' | 'deceased'>;
  status_date: DateString | null;
  note: string | null;
  import_batch_id: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  sync_xid: SyncXid;
}

export interface ResidenceTable {
  id: string;
  person_id: string;
  household_id: string;
  village_id: number;
  from_date: DateString;
  to_date: DateString | null;
  start_reason: string;
  end_reason: string | null;
  note: string | null;
  created_at: Generated<Timestamp>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Timestamp>;
  account_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  org_unit_id: number | null;
  before: Json;
  after: Json;
  detail: Json;
  ip: string | null;
  request_id: string | null;
}

export interface ImportBatchTable {
  id: string;
  org_unit_id: number;
  account_id: string;
  file_name: string;
  file_size: number;
  file_sha256: string;
  status: Generated<'uploaded' | 'committed' | 'undone' | 'discarded'>;
  sheets: Json;
  mapping: Json;
  summary: Json;
  revision: Generated<number>;
  created_at: Generated<Timestamp>;
  committed_at: Timestamp | null;
  undone_at: Timestamp | null;
}

export interface ImportRowTable {
  batch_id: string;
  sheet_index: number;
  row_number: number;
  cells: Json;
  fixes: Json;
  skip: Generated<boolean>;
  confirm_warnings: Generated<boolean>;
  /** HouseholdChoice (shared/imports.ts), null when the row keeps the file's household. */
  household_choice: Json;
}

export interface ImportMappingTable {
  org_unit_id: number;
  header_signature: string;
  mapping: Json;
  updated_at: Generated<Timestamp>;
}

export interface ImportChangeTable {
  batch_id: string;
  entity: 'household' | 'person';
  entity_id: string;
  action: 'create' | 'update';
  before: Json;
  version_after: number;
}

export interface TeamTable {
  id: string;
  village_id: number;
  name: string;
  decision_number: string | null;
  decision_date: DateString | null;
  formed_on: DateString;
  ended_on: DateString | null;
  note: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TeamMemberTable {
  id: string;
  team_id: string;
  full_name: string;
  person_id: string | null;
  account_id: string | null;
  phone: string | null;
  team_role: 'leader' | 'deputy' | 'member';
  affiliation: 'youth_union' | 'party_member' | 'farmers_union' | 'women_union' | 'resident';
  joined_on: DateString;
  left_on: DateString | null;
  left_reason: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface HouseholdAssignmentTable {
  id: string;
  household_id: string;
  member_id: string;
  from_date: DateString;
  to_date: DateString | null;
  assigned_by: string | null;
  created_at: Generated<Timestamp>;
}

export interface SupportEventTable {
  id: string;
  household_id: string;
  village_id: number;
  event_date: DateString;
  channel: 'visit' | 'service_center' | 'group_session';
  helper_member_ids: Generated<string[]>;
  informed: Generated<boolean>;
  corrects_event_id: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Generated<Timestamp>;
}

export interface SupportActionTable {
  event_id: string;
  seq: number;
  person_id: string;
  action: string;
  outcome: 'done' | 'already_had' | 'not_done';
  reason: string | null;
  procedure_name: string | null;
  app_name: string | null;
  checklist: string[] | null;
  note: string | null;
}

/** Written only by refresh_digital_status() (migration 0003). */
export interface PersonDigitalStatusTable {
  person_id: string;
  vneid_level1_on: DateString | null;
  vneid_level2_on: DateString | null;
  bank_account_on: DateString | null;
  dvc_account_on: DateString | null;
  basic_skills_on: DateString | null;
  bdhvs_certified_on: DateString | null;
  student_training_on: DateString | null;
  cashless_payment_on: DateString | null;
  vssid_on: DateString | null;
  last_visit_on: DateString | null;
  last_reason: string | null;
  sync_xid: SyncXid;
}

/** Written only by refresh_household_status() (migration 0003). */
export interface HouseholdDigitalStatusTable {
  household_id: string;
  informed_on: DateString | null;
  last_visit_on: DateString | null;
  sync_xid: SyncXid;
}

export interface SyncRemovalTable {
  id: Generated<string>;
  village_id: number;
  entity: 'household' | 'person';
  entity_id: string;
  sync_xid: SyncXid;
  at: Generated<Timestamp>;
}

/** Per org unit, the transaction that last folded its marks (migration 0015). */
export interface SyncUnitVersionTable {
  org_unit_id: number;
  changed_xid: string;
  version: Generated<string>;
}

/** A write's mark on a unit, folded into sync_unit_versions by the server (migration 0015). */
export interface SyncUnitMarkTable {
  org_unit_id: number;
  marked_xid: string;
}

export interface SyncMutationTable {
  id: string;
  account_id: string;
  kind: string;
  payload_hash: string;
  status: 'applied' | 'refused';
  result: Json;
  received_at: Generated<Timestamp>;
}

export interface FieldEditTable {
  id: Generated<string>;
  entity: 'household' | 'person';
  entity_id: string;
  field: string;
  value: Json;
  edited_at: Timestamp;
  received_at: Generated<Timestamp>;
  account_id: string | null;
  mutation_id: string | null;
  applied: boolean;
}

export interface IndicatorAggregateTable {
  village_id: number;
  period_end: DateString;
  code: string;
  numerator: number;
  denominator: number;
  extra: number;
  computed_at: Generated<Timestamp>;
}

/** A commune's or province's sum of its children's rows (villages' indicator_aggregates, units' own). */
export interface IndicatorUnitAggregateTable {
  org_unit_id: number;
  period_end: DateString;
  code: string;
  numerator: number;
  denominator: number;
  extra: number;
  villages: number;
  /** bigint: text from pg. */
  village_ids_sum: ColumnType<string, number | string, number | string>;
  computed_at: Generated<Timestamp>;
}

export interface IndicatorSupportCountTable {
  village_id: number;
  /** First day of the month. */
  month: DateString;
  visits: number;
  people: number;
  people_qtd: number;
  people_ytd: number;
  procedures: number;
  apps: number;
  computed_at: Generated<Timestamp>;
}

/** Villages whose figures changed since the aggregates were computed (one row per writing transaction). */
export interface IndicatorDirtyVillageTable {
  village_id: number;
  marked_xid: ColumnType<string, never, never>;
  /** The earliest date whose figures the change can move. */
  since: DateString;
  marked_at: Generated<Timestamp>;
}

export interface IndicatorTargetTable {
  year: number;
  org_unit_id: number;
  code: string;
  /** numeric(5,2): text from pg, a number when written. */
  target_percent: ColumnType<string, number, number>;
  set_by: string | null;
  set_at: Generated<Timestamp>;
}

export interface ReportTable {
  id: string;
  kind: string;
  org_unit_id: number;
  period_start: DateString;
  period_end: DateString;
  year: number;
  status: Generated<string>;
  version: Generated<number>;
  /** { figures: ReportFigures, activity: ReportActivity, asOf: 'YYYY-MM-DD' } */
  figures: Json;
  figures_computed_at: Timestamp;
  results_text: Generated<string>;
  difficulties_text: Generated<string>;
  proposals_text: Generated<string>;
  number_value: number | null;
  number_symbol: string | null;
  issued_on: DateString | null;
  signer_name: string | null;
  signer_title: string | null;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_comment: string | null;
}

/** Append-only. */
export interface ReportEventTable {
  id: Generated<string>;
  report_id: string;
  at: Generated<Timestamp>;
  account_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
}

export interface AttachmentTable {
  id: string;
  org_unit_id: number;
  owner_entity: string | null;
  owner_id: string | null;
  kind: 'image' | 'pdf';
  content_type: 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';
  byte_size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  file_name: string | null;
  data: Buffer | Uint8Array;
  uploaded_by: string;
  created_at: Generated<Timestamp>;
  claimed_at: Timestamp | null;
}

export interface TrainingTable {
  id: string;
  org_unit_id: number;
  title: string;
  topics: string[];
  method: 'in_person' | 'hands_on' | 'online' | 'blended';
  platform: string | null;
  integrated_with: string | null;
  organiser: string | null;
  trainer: string | null;
  place: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<'planned' | 'held' | 'cancelled'>;
  cost_vnd: ColumnType<string | null, number | string | null, number | string | null>;
  notes: Generated<string>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TrainingInvitationTable {
  training_id: string;
  village_id: number;
}

export interface TrainingAttendanceTable {
  training_id: string;
  team_member_id: string;
  status: 'present' | 'absent' | 'excused';
  completed: Generated<boolean>;
  certificate_no: string | null;
  certificate_date: DateString | null;
  recorded_by: string;
  recorded_at: Generated<Timestamp>;
  mutation_id: string | null;
}

export interface CommCampaignTable {
  id: string;
  org_unit_id: number;
  name: string;
  starts_on: DateString;
  ends_on: DateString;
  description: Generated<string>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface VillageChannelTable {
  village_id: number;
  channel: string;
  available: boolean;
  note: string | null;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface CommActivityTable {
  id: string;
  org_unit_id: number;
  campaign_id: string | null;
  activity_on: DateString;
  channel: string;
  phase: string;
  topics: string[];
  ran_by: string;
  ran_by_member_id: string | null;
  /** CommMeasures (shared/communication.ts), checked per channel before it is written. */
  measures: Json;
  notes: string | null;
  version: Generated<number>;
  mutation_id: string | null;
  recorded_by: string;
  recorded_at: Generated<Timestamp>;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface CommActivityVillageTable {
  activity_id: string;
  village_id: number;
}

export interface CommActivityHouseholdTable {
  activity_id: string;
  household_id: string;
}

export interface BackupTable {
  id: Generated<string>;
  kind: 'nightly' | 'manual' | 'cli';
  started_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  file: string | null;
  byte_size: ColumnType<string | null, number | null | undefined, number | null>;
  sha256: string | null;
  encrypted: Generated<boolean>;
  verified: Generated<boolean>;
  error: string | null;
  pruned_at: Timestamp | null;
  created_by: string | null;
}

export interface FieldDeviceKeyTable {
  id: string;
  account_id: string;
  secret: Buffer;
  created_at: Generated<Timestamp>;
  released_at: Timestamp | null;
}

export interface InstanceMarkTable {
  key: string;
  value: string;
  created_at: Generated<Timestamp>;
}

/** Money: bigint read as text (pg), written as a number. */
type Money = ColumnType<string, number | string, number | string>;

export interface BudgetYearTable {
  org_unit_id: number;
  year: number;
  settled_at: Timestamp | null;
  settled_by: string | null;
  settlement_note: Generated<string>;
}

export interface BudgetLineTable {
  id: string;
  org_unit_id: number;
  year: number;
  activity: string;
  source: string;
  title: string;
  legal_basis: Generated<string>;
  estimate_vnd: Money;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface BudgetRevisionTable {
  id: string;
  line_id: string;
  kind: 'initial' | 'revision';
  previous_vnd: ColumnType<string | null, number | string | null, number | string | null>;
  estimate_vnd: Money;
  decision: Generated<string>;
  decided_on: DateString | null;
  reason: Generated<string>;
  recorded_by: string;
  recorded_at: Generated<Timestamp>;
}

export interface BudgetCommitmentTable {
  id: string;
  line_id: string;
  committed_on: DateString;
  amount_vnd: Money;
  payee: string;
  description: Generated<string>;
  created_by: string;
  created_at: Generated<Timestamp>;
}

export interface AllowanceRateTable {
  province_id: number;
  year: number;
  basis: string;
  amount_vnd: Money;
  legal_basis: Generated<string>;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface AllowanceSheetTable {
  id: string;
  org_unit_id: number;
  year: number;
  month: number;
  line_id: string;
  status: Generated<'draft' | 'reviewed' | 'posted'>;
  total_vnd: Money;
  note: Generated<string>;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Timestamp>;
  reviewed_by: string | null;
  reviewed_at: Timestamp | null;
  posted_by: string | null;
  posted_at: Timestamp | null;
}

export interface AllowanceSheetRowTable {
  sheet_id: string;
  seq: number;
  team_id: string;
  team_member_id: string | null;
  basis: string;
  computed_qty: number;
  quantity: number;
  rate_vnd: Money;
  amount_vnd: Money;
  note: Generated<string>;
}

export interface BudgetSpendingTable {
  id: string;
  line_id: string;
  spent_on: DateString;
  amount_vnd: Money;
  payee: string;
  voucher_no: string;
  description: Generated<string>;
  training_id: string | null;
  comm_activity_id: string | null;
  team_id: string | null;
  team_month: DateString | null;
  award_id: string | null;
  commitment_id: string | null;
  allowance_sheet_id: string | null;
  version: Generated<number>;
  created_by: string;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface OrganizationTable {
  id: string;
  commune_id: number;
  kind: 'school' | 'enterprise' | 'cooperative';
  name: string;
  sector: string | null;
  village_id: number | null;
  contact: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface OrganizationVillageTable {
  organization_id: string;
  village_id: number;
}

export interface GroupSessionTable {
  id: string;
  commune_id: number;
  session_date: DateString;
  place_kind: 'school' | 'organization' | 'cultural_house' | 'commune_hall';
  organization_id: string | null;
  village_id: number | null;
  place_note: string | null;
  contents: string[];
  checklist: string[] | null;
  outcome: 'done' | 'already_had' | 'not_done';
  reason: string | null;
  teacher_member_ids: Generated<string[]>;
  visitors: Json;
  refused: Json;
  input_hash: string;
  note: string | null;
  status: Generated<'held' | 'retracted'>;
  version: Generated<number>;
  mutation_id: string | null;
  recorded_by: string;
  recorded_at: Generated<Timestamp>;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface GroupSessionAttendeeTable {
  session_id: string;
  person_id: string;
  event_id: string;
  outcome: 'done' | 'already_had' | 'not_done';
  reason: string | null;
}

export interface PlanTable {
  id: string;
  org_unit_id: number;
  year: number;
  status: Generated<'draft' | 'approved'>;
  title: string;
  number_value: number | null;
  number_symbol: Generated<string>;
  issued_on: DateString | null;
  implements: Generated<string[]>;
  purpose_text: Generated<string>;
  requirements_text: Generated<string>;
  general_goal_text: Generated<string>;
  content_text: Generated<string>;
  drafted_from: string | null;
  signer_name: string | null;
  signer_title: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface PlanTargetTable {
  plan_id: string;
  code: string;
  target_percent: ColumnType<string, number | string, number | string>;
}

export interface TaskTable {
  id: string;
  org_unit_id: number;
  year: number;
  plan_id: string | null;
  clause: Generated<string>;
  title: string;
  responsible: string;
  village_id: number | null;
  cooperating: Generated<string[]>;
  due_on: DateString | null;
  repeat: 'monthly' | 'quarterly' | null;
  repeat_day: number | null;
  evidence_expected: string | null;
  completes_with: string | null;
  source_document: string | null;
  sort: Generated<number>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TaskOccurrenceTable {
  id: string;
  task_id: string;
  org_unit_id: number;
  village_id: number | null;
  period_start: DateString | null;
  period_end: DateString | null;
  due_on: DateString;
  status: Generated<'todo' | 'doing' | 'done'>;
  done_on: DateString | null;
  evidence_kind: string | null;
  evidence_attachment_id: string | null;
  evidence_url: string | null;
  evidence_record_id: string | null;
  note: Generated<string>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

export interface TaskEventTable {
  id: Generated<number>;
  task_id: string;
  occurrence_id: string | null;
  at: Generated<Timestamp>;
  account_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  detail: Json;
}

export interface DB {
  org_units: OrgUnitTable;
  accounts: AccountTable;
  login_throttle: LoginThrottleTable;
  sessions: SessionTable;
  households: HouseholdTable;
  people: PersonTable;
  residences: ResidenceTable;
  audit_log: AuditLogTable;
  import_batches: ImportBatchTable;
  import_rows: ImportRowTable;
  import_mappings: ImportMappingTable;
  import_changes: ImportChangeTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  household_assignments: HouseholdAssignmentTable;
  support_events: SupportEventTable;
  support_actions: SupportActionTable;
  person_digital_status: PersonDigitalStatusTable;
  household_digital_status: HouseholdDigitalStatusTable;
  sync_removals: SyncRemovalTable;
  sync_mutations: SyncMutationTable;
  sync_unit_versions: SyncUnitVersionTable;
  sync_unit_marks: SyncUnitMarkTable;
  field_edits: FieldEditTable;
  indicator_aggregates: IndicatorAggregateTable;
  indicator_unit_aggregates: IndicatorUnitAggregateTable;
  indicator_support_counts: IndicatorSupportCountTable;
  indicator_dirty_villages: IndicatorDirtyVillageTable;
  indicator_targets: IndicatorTargetTable;
  reports: ReportTable;
  report_events: ReportEventTable;
  attachments: AttachmentTable;
  trainings: TrainingTable;
  training_invitations: TrainingInvitationTable;
  training_attendance: TrainingAttendanceTable;
  comm_campaigns: CommCampaignTable;
  village_channels: VillageChannelTable;
  comm_activities: CommActivityTable;
  comm_activity_villages: CommActivityVillageTable;
  comm_activity_households: CommActivityHouseholdTable;
  organizations: OrganizationTable;
  organization_villages: OrganizationVillageTable;
  group_sessions: GroupSessionTable;
  group_session_attendees: GroupSessionAttendeeTable;
  backups: BackupTable;
  instance_marks: InstanceMarkTable;
  field_device_keys: FieldDeviceKeyTable;
  budget_years: BudgetYearTable;
  budget_lines: BudgetLineTable;
  budget_revisions: BudgetRevisionTable;
  budget_commitments: BudgetCommitmentTable;
  allowance_rates: AllowanceRateTable;
  allowance_sheets: AllowanceSheetTable;
  allowance_sheet_rows: AllowanceSheetRowTable;
  budget_spending: BudgetSpendingTable;
  plans: PlanTable;
  plan_targets: PlanTargetTable;
  tasks: TaskTable;
  task_occurrences: TaskOccurrenceTable;
  task_events: TaskEventTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type Account = Selectable<AccountTable>;
export type Household = Selectable<HouseholdTable>;
export type NewHousehold = Insertable<HouseholdTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
