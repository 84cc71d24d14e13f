// People an import would add twice. An ID number twice in one file is refused (two people
// cannot hold one). A row that looks like an earlier row of the same file, or like someone
// already in the registry (the same name once case and diacritics are folded, and the same
// birth — the date when both give one, else the year), is not refused — namesakes born the
// same day exist — but warned, for the officer to confirm or skip. A row matched to someone
// already there is that person, and is compared with nobody.
import type { ExistingPerson, PlannedRow, RowError, Where } from './plan-types.ts';

interface Helpers {
  keyOf: (person: ExistingPerson) => string;
  birthMatches: (row: { birthDate: string | null; birthYear: number | null }, person: { birth_date: string | null; birth_year: number }) => boolean;
  describePerson: (person: ExistingPerson) => string;
  describeHousehold: (householdId: string) => string;
  rowError: RowError;
  where: Where;
}

/**
 * An ID number twice in the file: the first row keeps it, the later one is refused (two
 * people cannot hold one number), saying whether it is the same person written twice.
 * Returns the first row of each number.
 */
export function refuseRepeatedCccds(rows: PlannedRow[], helpers: Pick<Helpers, 'birthMatches' | 'rowError' | 'where'>): Map<string, PlannedRow> {
  const { birthMatches, rowError, where } = helpers;
  const first = new Map<string, PlannedRow>();
  for (const row of rows) {
    if (!row.cccd) continue;
    const earlier = first.get(row.cccd);
    if (!earlier) {
      first.set(row.cccd, row);
      continue;
    }
    const same = earlier.nameKey === row.nameKey && earlier.birthYear !== null && birthMatches(row, { birth_date: earlier.birthDate, birth_year: earlier.birthYear });
    rowError(row, same
      ? `số CCCD trùng với ${where(earlier, row)}, cùng họ tên và ngày sinh: một người được ghi hai lần; bỏ qua một trong hai dòng.`
      : `số CCCD trùng với ${where(earlier, row)} («${earlier.fullName ?? '?'}»); kiểm tra lại số của hai dòng.`, 'cccd');
  }
  return first;
}

const IF_SAME = 'nếu là một người, bỏ qua dòng này; nếu là hai người khác nhau, xác nhận «Vẫn nhập».';

export function flagLikelyDuplicates(rows: PlannedRow[], people: ExistingPerson[], helpers: Helpers): void {
  const { keyOf, birthMatches, rowError, where } = helpers;
  const candidates = rows.filter((r) => !r.skipped && !r.waiting && r.nameKey && r.birthYear !== null && !r.problems.some((p) => p.level === 'error'));
  if (!candidates.length) return;

  const residents = new Map<string, ExistingPerson[]>();
  for (const person of people) {
    if (person.status !== 'resident') continue;
    const list = residents.get(keyOf(person));
    if (list) list.push(person);
    else residents.set(keyOf(person), [person]);
  }
  const matched = new Set(candidates.map((r) => r.match?.person.id).filter(Boolean));

  const byName = new Map<string, PlannedRow[]>();
  for (const row of candidates) {
    const list = byName.get(row.nameKey);
    if (list) list.push(row);
    else byName.set(row.nameKey, [row]);
  }
  const order = new Map(candidates.map((r, i) => [r, i]));
  const born = (row: PlannedRow) => ({ birth_date: row.birthDate, birth_year: row.birthYear! });
  for (const row of candidates) {
    if (row.match) continue;
    // A new row against the file: an earlier row, or any row matched to someone already there.
    const twin = byName.get(row.nameKey)!.find((other) => other !== row && (other.match || order.get(other)! < order.get(row)!) && birthMatches(row, born(other)));
    if (twin) {
      rowError(row, `có thể trùng người với ${where(twin, row)} («${twin.fullName}», cùng họ tên và ${twin.birthDate && row.birthDate ? 'ngày sinh' : 'năm sinh'}): ${IF_SAME}`, null, 'warning');
      continue;
    }
    // Against the registry: someone no row of this file is matched to.
    const namesake = residents.get(row.nameKey)?.find((p) => !matched.has(p.id) && birthMatches(row, p));
    if (namesake) {
      rowError(row, `có thể trùng với nhân khẩu đã có ${helpers.describePerson(namesake)} ở ${helpers.describeHousehold(namesake.household_id)}: ${IF_SAME}`, null, 'warning');
    }
  }
}
