// Generated rows → PostgreSQL COPY text format (tab-separated, \N for NULL), the fastest way
// to bulk-load the province. Columns are listed explicitly: people.name_search is a
// generated column and must not be copied.
import type { HouseholdRow, PersonRow, ResidenceRow } from './generate.ts';

export type CopyValue = string | number | boolean | null | readonly string[];

/** An array literal (`{a,b}`); elements with a comma, brace, quote, backslash or space are quoted. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => (/^[^,{}"\\\s]+$/.test(item) && item.toUpperCase() !== 'NULL' ? item : `"${item.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/**
 * One field in COPY text format. Backslash, tab, newline and carriage return would end a
 * field or a row, so they are backslash-escaped; NULL is \N (a literal "\N" text becomes
 * "\\N" and stays text). Arrays become array literals, then escaped like text.
 */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return copyField(arrayLiteral(value));
  return value.replace(/[\\\t\n\r]/g, (char) => {
    switch (char) {
      case '\\':
        return '\\\\';
      case '\t':
        return '\\t';
      case '\n':
        return '\\n';
      default:
        return '\\r';
    }
  });
}

export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

export const HOUSEHOLD_COLUMNS = [
  'id', 'village_id', 'code', 'address', 'hamlet_group', 'phone', 'head_person_id', 'no_capable_member',
] as const satisfies ReadonlyArray<keyof HouseholdRow>;

export const PERSON_COLUMNS = [
  'id', 'household_id', 'village_id', 'full_name', 'sex', 'birth_date', 'birth_year', 'ethnicity', 'phone', 'cccd',
  'relation_to_head', 'is_student', 'is_worker', 'is_team_member', 'is_official', 'status',
] as const satisfies ReadonlyArray<keyof PersonRow>;

export const RESIDENCE_COLUMNS = [
  'id', 'person_id', 'household_id', 'village_id', 'from_date', 'to_date', 'start_reason', 'end_reason',
] as const satisfies ReadonlyArray<keyof ResidenceRow>;

export function rowLine<Key extends string>(row: Record<Key, CopyValue>, columns: readonly Key[]): string {
  return copyLine(columns.map((column) => row[column]));
}

export function copyStatement(table: string, columns: readonly string[]): string {
  return `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
}
