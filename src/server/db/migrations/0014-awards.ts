// Emulation and awards (thi đua, khen thưởng), plan section II.4: each title's criteria as
// versioned rules over figures the system computes; campaigns (đợt thi đua) that freeze the
// rules when they start; candidates computed in runs, each with its evidence frozen; the
// nominations, the council's meeting and votes, the leader's decision and revocations, with
// every step kept in an append-only history.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // A rule set of a title in a commune; a change is a new version (never an update), so a
  // campaign that froze version n keeps reading what it froze.
  await sql`
    CREATE TABLE award_rules (
      id            uuid PRIMARY KEY,
      commune_id    integer NOT NULL REFERENCES org_units(id),
      title         text NOT NULL CHECK (title IN ('citizen', 'family', 'village', 'team')),
      version       integer NOT NULL CHECK (version >= 1),
      combine       text NOT NULL CHECK (combine IN ('all', 'any')),
      -- [{ figure, op, value }] and [{ figure, weight }] (shared/awards.ts checks them).
      conditions    jsonb NOT NULL,
      score         jsonb NOT NULL DEFAULT '[]',
      note          text NOT NULL DEFAULT '',
      created_by    uuid REFERENCES accounts(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      UNIQUE (commune_id, title, version)
    )`.execute(db);

  await sql`
    CREATE TABLE award_campaigns (
      id               uuid PRIMARY KEY,
      commune_id       integer NOT NULL REFERENCES org_units(id),
      name             text NOT NULL CHECK (btrim(name) <> ''),
      decision_number  text,
      decision_date    date,
      -- The launch decision's scan (attachments owned by the campaign).
      decision_file_id uuid REFERENCES attachments(id),
      period_from      date NOT NULL,
      period_to        date NOT NULL,
      -- Roles that may nominate: village_head, youth_union, culture_office.
      nominators       text[] NOT NULL,
      status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'running', 'closed')),
      started_at       timestamptz,
      started_by       uuid REFERENCES accounts(id),
      version          integer NOT NULL DEFAULT 1,
      created_by       uuid REFERENCES accounts(id),
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      CHECK (period_to >= period_from)
    )`.execute(db);
  await sql`CREATE INDEX award_campaigns_commune ON award_campaigns (commune_id, period_to)`.execute(db);

  // The titles a campaign awards, how many at most, and the rule frozen when it started.
  await sql`
    CREATE TABLE award_campaign_titles (
      campaign_id   uuid NOT NULL REFERENCES award_campaigns(id) ON DELETE CASCADE,
      title         text NOT NULL CHECK (title IN ('citizen', 'family', 'village', 'team')),
      max_count     integer NOT NULL CHECK (max_count BETWEEN 1 AND 1000),
      rule_id       uuid REFERENCES award_rules(id),
      -- The rule as it was when the campaign started (combine, conditions, score, version).
      rule_frozen   jsonb,
      PRIMARY KEY (campaign_id, title)
    )`.execute(db);

  // One explicit computation of the candidates; the latest is the current one.
  await sql`
    CREATE TABLE award_candidate_runs (
      id            uuid PRIMARY KEY,
      campaign_id   uuid NOT NULL REFERENCES award_campaigns(id),
      run_no        integer NOT NULL,
      as_of         date NOT NULL,
      computed_at   timestamptz NOT NULL DEFAULT now(),
      computed_by   uuid REFERENCES accounts(id),
      -- What changed from the run before: added, removed, changed (by title).
      changes       jsonb NOT NULL DEFAULT '{}',
      UNIQUE (campaign_id, run_no)
    )`.execute(db);

  await sql`
    CREATE TABLE award_candidates (
      id            uuid PRIMARY KEY,
      run_id        uuid NOT NULL REFERENCES award_candidate_runs(id),
      campaign_id   uuid NOT NULL REFERENCES award_campaigns(id),
      title         text NOT NULL,
      -- A person, household or team id (uuid as text), or a village's id.
      subject_id    text NOT NULL,
      subject_name  text NOT NULL,
      village_id    integer NOT NULL REFERENCES org_units(id),
      score         numeric(12, 2),
      -- [{ figure, op, value, actual, passed }], with the as-of date on the run.
      evidence      jsonb NOT NULL,
      UNIQUE (run_id, title, subject_id)
    )`.execute(db);
  await sql`CREATE INDEX award_candidates_campaign ON award_candidates (campaign_id, title)`.execute(db);

  await sql`
    CREATE TABLE award_nominations (
      id                uuid PRIMARY KEY,
      campaign_id       uuid NOT NULL REFERENCES award_campaigns(id),
      title             text NOT NULL,
      subject_id        text NOT NULL,
      subject_name      text NOT NULL,
      village_id        integer NOT NULL REFERENCES org_units(id),
      candidate_id      uuid REFERENCES award_candidates(id),
      -- Ngoài tiêu chí: not among the candidates, nominated with a written reason.
      outside_criteria  boolean NOT NULL,
      reason            text NOT NULL DEFAULT '',
      -- The candidate's evidence as it was when nominated (empty outside the criteria).
      evidence          jsonb NOT NULL DEFAULT '[]',
      as_of             date,
      achievement       text NOT NULL DEFAULT '',
      nominator_role    text NOT NULL,
      nominated_by      uuid NOT NULL REFERENCES accounts(id),
      nominated_at      timestamptz NOT NULL DEFAULT now(),
      status            text NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'chosen', 'not_chosen', 'awarded', 'revoked', 'withdrawn')),
      -- Agreed to be shown on the public honour board.
      public_consent    boolean NOT NULL DEFAULT false,
      decision_id       uuid,
      version           integer NOT NULL DEFAULT 1,
      CHECK (outside_criteria = (candidate_id IS NULL)),
      CHECK (NOT outside_criteria OR btrim(reason) <> '')
    )`.execute(db);
  // One achievement (a subject for a title) is awarded once in a campaign (Luật Thi đua,
  // khen thưởng 2022): one live nomination; a withdrawn one leaves room for another.
  await sql`CREATE UNIQUE INDEX award_nominations_once ON award_nominations (campaign_id, title, subject_id) WHERE status <> 'withdrawn'`.execute(db);

  await sql`
    CREATE TABLE award_meetings (
      id               uuid PRIMARY KEY,
      campaign_id      uuid NOT NULL REFERENCES award_campaigns(id),
      held_on          date NOT NULL,
      place            text NOT NULL DEFAULT '',
      chair            text NOT NULL,
      secretary        text NOT NULL DEFAULT '',
      members_total    integer NOT NULL CHECK (members_total >= 1),
      members_present  integer NOT NULL CHECK (members_present >= 1 AND members_present <= members_total),
      present_names    text[] NOT NULL DEFAULT '{}',
      notes            text NOT NULL DEFAULT '',
      recorded_by      uuid NOT NULL REFERENCES accounts(id),
      recorded_at      timestamptz NOT NULL DEFAULT now(),
      UNIQUE (campaign_id)
    )`.execute(db);

  await sql`
    CREATE TABLE award_votes (
      meeting_id     uuid NOT NULL REFERENCES award_meetings(id),
      nomination_id  uuid NOT NULL REFERENCES award_nominations(id),
      votes_for      integer NOT NULL CHECK (votes_for >= 0),
      chosen         boolean NOT NULL,
      PRIMARY KEY (meeting_id, nomination_id)
    )`.execute(db);

  await sql`
    CREATE TABLE award_decisions (
      id            uuid PRIMARY KEY,
      campaign_id   uuid NOT NULL REFERENCES award_campaigns(id),
      number        text NOT NULL CHECK (btrim(number) <> ''),
      decided_on    date NOT NULL,
      form          text NOT NULL CHECK (form IN ('commune_certificate', 'province_proposal')),
      signer_name   text NOT NULL,
      signer_title  text NOT NULL,
      recorded_by   uuid NOT NULL REFERENCES accounts(id),
      recorded_at   timestamptz NOT NULL DEFAULT now(),
      UNIQUE (campaign_id, number)
    )`.execute(db);
  await sql`ALTER TABLE award_nominations ADD CONSTRAINT award_nominations_decision FOREIGN KEY (decision_id) REFERENCES award_decisions(id)`.execute(db);

  // Every step of a nomination, append-only: nominated, voted, awarded, revoked (with why).
  await sql`
    CREATE TABLE award_history (
      id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      campaign_id    uuid NOT NULL REFERENCES award_campaigns(id),
      nomination_id  uuid REFERENCES award_nominations(id),
      at             timestamptz NOT NULL DEFAULT now(),
      account_id     uuid REFERENCES accounts(id),
      action         text NOT NULL,
      detail         text NOT NULL DEFAULT ''
    )`.execute(db);
  await sql`CREATE INDEX award_history_campaign ON award_history (campaign_id, id)`.execute(db);
  await sql`CREATE TRIGGER award_history_no_update BEFORE UPDATE OR DELETE ON award_history FOR EACH ROW EXECUTE FUNCTION refuse_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['award_history', 'award_votes', 'award_meetings', 'award_nominations', 'award_decisions', 'award_candidates', 'award_candidate_runs', 'award_campaign_titles', 'award_campaigns', 'award_rules']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)} CASCADE`.execute(db);
  }
}
