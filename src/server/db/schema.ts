// Kysely's view of the tables the migrations create. Keep in step with db/migrations.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = Date;
/** `date` columns travel as 'YYYY-MM-DD' strings (see engine.ts type parsers). */
type DateString = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;

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
  card_code: Generated<string>;
  import_batch_id: string | null;
  dissolved_at: DateString | null;
  note: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
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
  status: Generated<'resident' | 'moved_out' | 'deceased'>;
  status_date: DateString | null;
  note: string | null;
  import_batch_id: string | null;
  version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
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
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type Account = Selectable<AccountTable>;
export type Household = Selectable<HouseholdTable>;
export type NewHousehold = Insertable<HouseholdTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
