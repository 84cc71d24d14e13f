// Many rows in few statements: each chunk travels as one JSON parameter, unpacked by
// jsonb_to_recordset. A 10,000-row import is a few dozen statements instead of tens of
// thousands of round trips, on PGlite and PostgreSQL alike.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor, Origin } from '../../http/actor.ts';
import type { AuditAction } from '../audit/audit.record.ts';

/** A column name and its PostgreSQL type, written here as constants (never from input). */
export type Column = readonly [name: string, type: string];

const CHUNK_ROWS = 2000;

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const recordDefinition = (columns: readonly Column[]) => sql.raw(columns.map(([name, type]) => `"${name}" ${type}`).join(', '));
const columnList = (columns: readonly Column[], prefix = '') => sql.raw(columns.map(([name]) => `${prefix}"${name}"`).join(', '));

/** INSERT INTO table (columns) the rows, CHUNK_ROWS per statement. */
export async function insertMany(db: Kysely<DB>, table: keyof DB, columns: readonly Column[], rows: Array<Record<string, unknown>>): Promise<void> {
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    await sql`
      INSERT INTO ${sql.table(table)} (${columnList(columns)})
      SELECT ${columnList(columns, 'x.')} FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(${recordDefinition(columns)})`.execute(db);
  }
}

/**
 * UPDATE table SET columns, version + 1 for rows whose id and version match; returns how many
 * were updated (fewer than given means someone changed a record meanwhile).
 */
export async function updateManyVersioned(
  db: Kysely<DB>,
  table: 'people' | 'households',
  columns: readonly Column[],
  rows: Array<Record<string, unknown> & { id: string; version: number }>,
  bumpVersion = true,
): Promise<number> {
  let updated = 0;
  const assignments = sql.raw(columns.map(([name]) => `"${name}" = x."${name}"`).join(', '));
  const definition = recordDefinition([['id', 'uuid'], ['version', 'integer'], ...columns]);
  for (const chunk of chunks(rows, CHUNK_ROWS)) {
    const result = await sql`
      UPDATE ${sql.table(table)} AS t SET ${assignments}, version = ${bumpVersion ? sql`t.version + 1` : sql`t.version`}, updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS x(${definition})
      WHERE t.id = x.id AND t.version = x.version`.execute(db);
    updated += Number(result.numAffectedRows ?? 0);
  }
  return updated;
}

/** What imports write to the audit log, beside the registry's own actions. */
export type ImportAuditAction = AuditAction | 'import' | 'undo_import' | 'delete' | 'discard';

export interface BulkAuditEntry {
  action: ImportAuditAction;
  entity: string;
  entityId: string | null;
  orgUnitId: number | null;
  before?: unknown;
  after?: unknown;
  detail?: Record<string, unknown>;
}

const AUDIT_COLUMNS: readonly Column[] = [
  ['account_id', 'uuid'], ['action', 'text'], ['entity', 'text'], ['entity_id', 'text'], ['org_unit_id', 'integer'],
  ['before', 'jsonb'], ['after', 'jsonb'], ['detail', 'jsonb'], ['ip', 'text'], ['request_id', 'text'],
];

/** Audit rows in bulk, with the same actor fields writeAudit() writes. */
export async function writeAuditMany(db: Kysely<DB>, actor: Origin & Partial<Pick<Actor, 'accountId'>>, entries: BulkAuditEntry[]): Promise<void> {
  const by = { account_id: actor.accountId ?? null, ip: actor.ip, request_id: actor.requestId };
  await insertMany(db, 'audit_log', AUDIT_COLUMNS, entries.map((e) => ({
    ...by, action: e.action, entity: e.entity, entity_id: e.entityId, org_unit_id: e.orgUnitId,
    before: e.before ?? null, after: e.after ?? null, detail: e.detail ?? null,
  })));
}
