// The first schema: org tree, accounts and sessions, the household/person registry with
// residence history, and the append-only audit log. Plain PostgreSQL; runs on PGlite too.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes
  // this wrapper safe to mark IMMUTABLE so generated columns and indexes can use it.
  await sql`
    CREATE OR REPLACE FUNCTION search_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT btrim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, normalize(value, NFC))), '[[:space:]]+', ' ', 'g')) $$
  `.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION name_words(folded text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT string_to_array(folded, ' ') $$
  `.execute(db);

  // Org tree as a materialized path ('/1/12/345/'): a subtree is one prefix LIKE on an
  // indexed column, moves are rare, and it needs no extension (ltree is not everywhere).
  await sql`
    CREATE TABLE org_units (
      id          serial PRIMARY KEY,
      parent_id   integer REFERENCES org_units(id),
      level       text NOT NULL CHECK (level IN ('province', 'commune', 'village')),
      code        text UNIQUE,
      name        text NOT NULL CHECK (length(trim(name)) > 0),
      path        text NOT NULL UNIQUE,
      active      boolean NOT NULL DEFAULT true,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      CHECK ((level = 'province') = (parent_id IS NULL))
    )`.execute(db);
  await sql`CREATE INDEX org_units_path_prefix ON org_units (path text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX org_units_parent ON org_units (parent_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX org_units_sibling_name ON org_units (parent_id, lower(name))`.execute(db);

  await sql`
    CREATE TABLE accounts (
      id                    uuid PRIMARY KEY,
      username              text NOT NULL,
      phone                 text,
      full_name             text NOT NULL,
      role                  text NOT NULL,
      org_unit_id           integer NOT NULL REFERENCES org_units(id),
      password_hash         text NOT NULL,
      must_change_password  boolean NOT NULL DEFAULT false,
      disabled_at           timestamptz,
      created_at            timestamptz NOT NULL DEFAULT now(),
      updated_at            timestamptz NOT NULL DEFAULT now(),
      password_changed_at   timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX accounts_username ON accounts (lower(username))`.execute(db);
  await sql`CREATE UNIQUE INDEX accounts_phone ON accounts (phone) WHERE phone IS NOT NULL`.execute(db);
  await sql`CREATE INDEX accounts_org_unit ON accounts (org_unit_id)`.execute(db);

  // Throttling is keyed by the identifier typed at login, whether or not an account has it,
  // so the answer never reveals which accounts exist.
  await sql`
    CREATE TABLE login_throttle (
      identifier       text PRIMARY KEY,
      failures         integer NOT NULL DEFAULT 0,
      last_failure_at  timestamptz NOT NULL DEFAULT now(),
      locked_until     timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id            uuid PRIMARY KEY,
      token_hash    text NOT NULL UNIQUE,
      csrf_token    text NOT NULL,
      account_id    uuid NOT NULL REFERENCES accounts(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      last_seen_at  timestamptz NOT NULL DEFAULT now(),
      idle_expires_at timestamptz NOT NULL,
      expires_at    timestamptz NOT NULL,
      revoked_at    timestamptz,
      user_agent    text,
      ip            text
    )`.execute(db);
  await sql`CREATE INDEX sessions_account ON sessions (account_id) WHERE revoked_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE households (
      id            uuid PRIMARY KEY,
      village_id    integer NOT NULL REFERENCES org_units(id),
      code          text,
      address       text NOT NULL DEFAULT '',
      hamlet_group  text,
      phone         text,
      head_person_id uuid,
      no_capable_member boolean NOT NULL DEFAULT false,
      dissolved_at  date,
      note          text,
      version       integer NOT NULL DEFAULT 1,
      created_at    timestamptz NOT NULL DEFAULT now(),
      updated_at    timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX households_village ON households (village_id, code)`.execute(db);
  await sql`CREATE UNIQUE INDEX households_village_code ON households (village_id, code) WHERE code IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE people (
      id               uuid PRIMARY KEY,
      household_id     uuid NOT NULL REFERENCES households(id),
      -- The current household's village, kept with the person so area-scoped lists and
      -- searches read one table (it changes only when the person moves household).
      village_id       integer NOT NULL REFERENCES org_units(id),
      full_name        text NOT NULL CHECK (length(trim(full_name)) > 0),
      -- Folded to plain ASCII, so byte order ("C") is alphabetical order and one btree
      -- serves both prefix search and sorting.
      name_search      text COLLATE "C" GENERATED ALWAYS AS (search_text(full_name)) STORED,
      sex              text NOT NULL CHECK (sex IN ('male', 'female')),
      birth_date       date,
      birth_year       integer NOT NULL CHECK (birth_year BETWEEN 1880 AND 2200),
      ethnicity        text,
      phone            text,
      cccd             text UNIQUE CHECK (cccd ~ '^[0-9]{12}$'),
      relation_to_head text NOT NULL DEFAULT 'other',
      is_student       boolean NOT NULL DEFAULT false,
      is_worker        boolean NOT NULL DEFAULT false,
      is_team_member   boolean NOT NULL DEFAULT false,
      is_official      boolean NOT NULL DEFAULT false,
      status           text NOT NULL DEFAULT 'resident' CHECK (status IN ('resident', 'moved_out', 'deceased')),
      status_date      date,
      note             text,
      version          integer NOT NULL DEFAULT 1,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      CHECK (birth_date IS NULL OR extract(year FROM birth_date) = birth_year)
    )`.execute(db);
  await sql`CREATE INDEX people_household ON people (household_id)`.execute(db);
  // Name search (features/people/people-search.ts): equality, prefixes and order through
  // btrees on the folded name, whole words through a GIN index on its words, what is left
  // (a query typed halfway through a word) through trigrams.
  await sql`CREATE INDEX people_name ON people (name_search, id)`.execute(db);
  await sql`CREATE INDEX people_village_name ON people (village_id, name_search)`.execute(db);
  await sql`CREATE INDEX people_name_words ON people USING gin (name_words(name_search))`.execute(db);
  await sql`CREATE INDEX people_name_trgm ON people USING gin (name_search gin_trgm_ops)`.execute(db);
  await sql`
    ALTER TABLE households ADD CONSTRAINT households_head_fk
      FOREIGN KEY (head_person_id) REFERENCES people(id) DEFERRABLE INITIALLY DEFERRED`.execute(db);

  // Where a person lived and when. Indicators count a person in a period by the residence
  // open at its end; nothing is deleted when someone moves or dies.
  await sql`
    CREATE TABLE residences (
      id            uuid PRIMARY KEY,
      person_id     uuid NOT NULL REFERENCES people(id),
      household_id  uuid NOT NULL REFERENCES households(id),
      village_id    integer NOT NULL REFERENCES org_units(id),
      from_date     date NOT NULL,
      to_date       date,
      start_reason  text NOT NULL,
      end_reason    text,
      note          text,
      created_at    timestamptz NOT NULL DEFAULT now(),
      CHECK (to_date IS NULL OR to_date >= from_date)
    )`.execute(db);
  await sql`CREATE INDEX residences_person ON residences (person_id, from_date)`.execute(db);
  await sql`CREATE UNIQUE INDEX residences_one_open ON residences (person_id) WHERE to_date IS NULL`.execute(db);
  await sql`CREATE INDEX residences_village ON residences (village_id, from_date)`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      id           bigserial PRIMARY KEY,
      at           timestamptz NOT NULL DEFAULT now(),
      account_id   uuid,
      action       text NOT NULL,
      entity       text NOT NULL,
      entity_id    text,
      org_unit_id  integer,
      before       jsonb,
      after        jsonb,
      detail       jsonb,
      ip           text,
      request_id   text
    )`.execute(db);
  await sql`CREATE INDEX audit_log_at ON audit_log (at DESC)`.execute(db);
  await sql`CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)`.execute(db);
  await sql`CREATE INDEX audit_log_account ON audit_log (account_id, at DESC)`.execute(db);
  // Append-only: the database itself refuses to change or remove an audit row.
  await sql`
    CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The initial migration cannot be reverted');
}
