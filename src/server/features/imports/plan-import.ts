// Plans an import without writing: gathers the rows parse-row.ts read into households,
// matches them to the households and people already there, and says per row what a commit
// would do and what stops it. Pure: the existing records come in through `PlanContext`,
// loaded by imports.queries.ts; the shapes are in plan-types.ts.
import { IMPORT_FIELD_LABELS, type ImportField, type ImportMapping, type ImportSummary, type ProblemLevel } from '../../../shared/imports.ts';
import { foldVietnamese } from '../../../shared/vietnamese.ts';
import { groupRows } from './group-rows.ts';
import { flagLikelyDuplicates, refuseRepeatedCccds } from './likely-duplicates.ts';
import { headlessReason, waitForHousehold } from './orphans.ts';
import { problemMessage } from './parse-row.ts';
import {
  type ExistingHousehold, type ExistingPerson, type FieldChange, type HouseholdValues, NEW_HEAD, type PersonValues, type Plan, type PlanContext,
  type PlannedGroup, type PlannedRow, type SheetInfo,
} from './plan-types.ts';

const birthMatches = (row: { birthDate: string | null; birthYear: number | null }, person: { birth_date: string | null; birth_year: number }) =>
  row.birthDate && person.birth_date ? row.birthDate === person.birth_date : row.birthYear === person.birth_year;

/** A number held by someone the officer may not see: the same words as a save's refusal (pg-errors.ts). */
export const OUTSIDE_CCCD_MESSAGE = 'số CCCD này đã có trong hệ thống (của một nhân khẩu khác); kiểm tra lại số.';

const describePerson = (p: { full_name: string; birth_year: number }) => `«${p.full_name}» (sinh ${p.birth_year})`;

/** Plans rows read by parseRow (and completes them in place). */
export function planImport(sheets: SheetInfo[], mapping: ImportMapping, parsed: PlannedRow[], context: PlanContext): Plan {
  const rows = parsed.filter((r) => !r.blank);
  for (const row of rows) row.warningsConfirmed = mapping.confirmWarnings || row.confirmWarnings;
  const sheetName = new Map(sheets.map((s) => [s.index, s.name]));
  const villageName = new Map([...context.villages, ...context.outsideVillages].map((v) => [v.id, v.name]));
  const rowError = (row: PlannedRow, detail: string, field: ImportField | null = null, level: ProblemLevel = 'error') => {
    const column = field ? sheets.find((s) => s.index === row.sheetIndex)?.headers[mapping.sheets.find((m) => m.sheetIndex === row.sheetIndex)?.columns.indexOf(field) ?? -1] || IMPORT_FIELD_LABELS[field] : null;
    row.problems.push({ level, field, column, message: problemMessage(row.rowNumber, column, detail) });
  };
  const where = (row: PlannedRow, from: PlannedRow) => (row.sheetIndex === from.sheetIndex ? `dòng ${row.rowNumber}` : `dòng ${row.rowNumber} (trang «${sheetName.get(row.sheetIndex)}»)`);
  const active = (row: PlannedRow) => !row.skipped;

  // A CCCD twice in the file: the first row keeps it.
  const firstByCccd = refuseRepeatedCccds(rows.filter(active), { birthMatches, rowError, where });
  // People already there, by CCCD: someone else's number, or someone outside the area, is
  // refused. Outside the area the answer names no one and nothing (no person, household, place
  // or even "outside your area"): the same words whoever and wherever the holder is.
  const cccdMatch = new Map<PlannedRow, ExistingPerson>();
  for (const row of rows) {
    if (!active(row) || !row.cccd || firstByCccd.get(row.cccd) !== row) continue;
    const person = context.byCccd.get(row.cccd);
    if (!person) continue;
    if (!person.in_scope) {
      rowError(row, OUTSIDE_CCCD_MESSAGE, 'cccd');
      continue;
    }
    const sameName = foldVietnamese(person.full_name) === row.nameKey;
    const sameBirth = row.birthYear === person.birth_year;
    if (!sameName && !sameBirth) {
      rowError(row, `số CCCD đã được dùng cho nhân khẩu khác: ${describePerson(person)}, ${villageName.get(person.village_id) ?? ''}.`, 'cccd');
      continue;
    }
    cccdMatch.set(row, person);
  }
  const householdsById = new Map(context.households.map((h) => [h.id, h]));
  const groups = groupRows(rows, mapping, rowError, where, householdsById, (id) => villageName.get(id) ?? 'thôn khác');
  const peopleById = new Map(context.people.map((p) => [p.id, p]));
  // Folded once: matching compares every row's name with its household's members.
  const nameKey = new Map<ExistingPerson, string>();
  const keyOf = (person: ExistingPerson) => {
    let key = nameKey.get(person);
    if (key === undefined) nameKey.set(person, (key = foldVietnamese(person.full_name)));
    return key;
  };
  const byCode = new Map<string, ExistingHousehold>();
  const byHeadName = new Map<string, ExistingHousehold[]>();
  for (const household of context.households) {
    if (household.code) byCode.set(`${household.village_id}|${household.code}`, household);
    const head = household.head_person_id ? peopleById.get(household.head_person_id) : undefined;
    if (head) {
      const key = `${household.village_id}|${keyOf(head)}`;
      const list = byHeadName.get(key);
      if (list) list.push(household);
      else byHeadName.set(key, [household]);
    }
  }
  const members = new Map<string, ExistingPerson[]>();
  for (const person of context.people) {
    const list = members.get(person.household_id);
    if (list) list.push(person);
    else members.set(person.household_id, [person]);
  }
  const headNameOf = (household: ExistingHousehold) => (household.head_person_id ? peopleById.get(household.head_person_id)?.full_name : undefined) ?? 'chưa có chủ hộ';
  const describeHousehold = (household: ExistingHousehold) =>
    `hộ ${household.code ? `số ${household.code} ` : ''}(chủ hộ «${headNameOf(household)}», ${villageName.get(household.village_id) ?? ''})`;
  const claimed = new Set<string>();
  const newCodes = new Map<string, PlannedRow>();

  for (const group of groups) {
    const live = group.rows.filter(active);
    if (!live.length) continue;
    const head = group.head;
    const village = group.villageId;
    // Rows before any household starts, nobody of them chosen as head: they wait for the officer.
    if (group.keyless && !head) {
      waitForHousehold(group, live, headlessReason(group, live)!, rowError, where);
      continue;
    }

    // Which household: the one the officer chose, the head's (by CCCD), by number, or by the head's name and birth.
    let household: ExistingHousehold | null = group.chosenHouseholdId ? (householdsById.get(group.chosenHouseholdId) ?? null) : null;
    const headPerson = head ? cccdMatch.get(head) : undefined;
    if (head && headPerson && headPerson.status === 'resident') {
      const own = householdsById.get(headPerson.household_id);
      if (own && own.head_person_id === headPerson.id && own.village_id === village) household = own;
      else if (own && own.village_id !== village) {
        rowError(head, `${describePerson(headPerson)} đang ở ${villageName.get(own.village_id) ?? 'thôn khác'}, khác thôn trong tệp; nhập tệp không chuyển thôn — dùng chức năng chuyển hộ.`);
        group.blocked = true;
      } else if (own) {
        rowError(head, `${describePerson(headPerson)} đang là thành viên (không phải chủ hộ) của ${describeHousehold(own)}; đổi chủ hộ trong trang hộ gia đình rồi nhập lại.`);
        group.blocked = true;
      }
    }
    if (!household && !group.blocked && group.number && village !== null) {
      const byNumber = byCode.get(`${village}|${group.number}`);
      if (byNumber) {
        if (headPerson && headPerson.status === 'resident' && headPerson.household_id !== byNumber.id) {
          rowError(head!, `số hộ «${group.number}» là của ${describeHousehold(byNumber)}, nhưng ${describePerson(headPerson)} đang ở hộ khác.`, 'householdNumber');
          group.blocked = true;
        } else household = byNumber;
      }
    }
    if (!household && !group.blocked && village !== null && !headPerson) {
      const name = head?.nameKey ?? group.headKey;
      if (name) {
        const candidates = (byHeadName.get(`${village}|${name}`) ?? []).filter((h) => {
          const existingHead = h.head_person_id ? peopleById.get(h.head_person_id) : undefined;
          return existingHead && (!head || birthMatches(head, existingHead)) && (!group.number || !h.code || h.code === group.number);
        });
        if (candidates.length === 1) household = candidates[0];
        else if (candidates.length > 1) {
          rowError(head ?? live[0], `có ${candidates.length} hộ cùng tên chủ hộ «${head?.fullName ?? group.headName}» trong thôn; ghi «Số hộ» để phân biệt.`);
          group.blocked = true;
        }
      }
    }
    group.household = household;
    if (household && !group.headName && household.head_person_id) group.headName = peopleById.get(household.head_person_id)?.full_name ?? null;

    if (group.blocked) {
      const blocker = head && head.problems.some((p) => p.level === 'error') ? head : live[0];
      waitForHousehold(group, live, { kind: 'blocked', by: blocker }, rowError, where);
      continue;
    }

    if (!household) {
      // A new household: every row is a new person, and it needs its head; without one, its rows wait.
      if (!head) {
        waitForHousehold(group, live, headlessReason(group, live)!, rowError, where);
        continue;
      }
      if (group.number && village !== null) {
        const other = newCodes.get(`${village}|${group.number}`);
        if (other) rowError(head ?? live[0], `số hộ «${group.number}» trùng với hộ ở ${where(other, head ?? live[0])}.`, 'householdNumber');
        else if (context.dissolvedCodes?.has(`${village}|${group.number}`)) {
          rowError(head ?? live[0], `số hộ «${group.number}» đã dùng cho một hộ đã giải thể trong thôn; ghi số khác hoặc để trống.`, 'householdNumber');
        } else newCodes.set(`${village}|${group.number}`, head ?? live[0]);
      }
      for (const row of live) {
        const person = cccdMatch.get(row);
        if (person && person.status === 'resident') {
          const own = householdsById.get(person.household_id);
          rowError(row, `${describePerson(person)} (theo số CCCD) đang ở ${own ? describeHousehold(own) : 'một hộ khác'}; nhập tệp không chuyển hộ — dùng chức năng chuyển hộ.`, 'cccd');
        } else if (person) {
          row.match = { person, by: 'cccd' };
        }
      }
      const firstWith = <T>(pick: (r: PlannedRow) => T | null) => (head && pick(head) !== null ? pick(head) : (live.map(pick).find((v) => v !== null) ?? null));
      group.householdValues = {
        code: group.number,
        address: firstWith((r) => r.address) ?? '',
        hamlet_group: firstWith((r) => r.hamletGroup),
        head_person_id: null,
      };
    } else {
      const householdMembers = members.get(household.id) ?? [];
      for (const row of live) {
        const person = cccdMatch.get(row);
        if (person) {
          if (person.household_id !== household.id && person.status === 'resident') {
            const own = householdsById.get(person.household_id);
            rowError(row, `${describePerson(person)} (theo số CCCD) đang ở ${own ? describeHousehold(own) : 'một hộ khác'}; nhập tệp không chuyển hộ — dùng chức năng chuyển hộ.`, 'cccd');
            continue;
          }
          row.match = { person, by: 'cccd' };
          claimed.add(person.id);
          continue;
        }
        if (!row.nameKey || row.birthYear === null) continue;
        const candidate = householdMembers.find((p) => !claimed.has(p.id) && keyOf(p) === row.nameKey && birthMatches(row, p));
        if (candidate) {
          if (candidate.cccd && row.cccd && candidate.cccd !== row.cccd) {
            rowError(row, `${describePerson(candidate)} trong hộ đã có số CCCD khác trong hệ thống; kiểm tra lại số CCCD.`, 'cccd');
            continue;
          }
          row.match = { person: candidate, by: 'name_birth_household' };
          claimed.add(candidate.id);
        }
      }
      // The head of a matched household stays as it is; an empty head is filled.
      if (head && active(head) && !head.problems.some((p) => p.level === 'error')) {
        const headId = head.match?.person.id ?? null;
        if (household.head_person_id && headId !== household.head_person_id) {
          rowError(head, `${describeHousehold(household)} đã có chủ hộ, không phải «${head.fullName}»; đổi chủ hộ trong trang hộ gia đình nếu cần.`, 'relationToHead');
        }
      }
      const values: HouseholdValues = { code: household.code, address: household.address, hamlet_group: household.hamlet_group, head_person_id: household.head_person_id };
      const firstWith = <T>(pick: (r: PlannedRow) => T | null) => (head && pick(head) !== null ? pick(head) : (live.map(pick).find((v) => v !== null) ?? null));
      // Rows the officer attached to a household of the registry add members; they do not rewrite the household.
      const address = group.chosenHouseholdId ? null : firstWith((r) => r.address);
      const hamlet = group.chosenHouseholdId ? null : firstWith((r) => r.hamletGroup);
      if (address !== null) values.address = address;
      if (hamlet !== null) values.hamlet_group = hamlet;
      if (!household.code && group.number && !group.chosenHouseholdId) {
        const owner = byCode.get(`${household.village_id}|${group.number}`);
        if (owner && owner.id !== household.id) rowError(head ?? live[0], `không ghi số hộ «${group.number}»: số này đã dùng cho ${describeHousehold(owner)}.`, 'householdNumber', 'info');
        else values.code = group.number;
      }
      group.householdValues = values;
    }

    // Each person: new, or the matched one with the file's non-empty values.
    for (const row of live) {
      if (row.problems.some((p) => p.level === 'error')) continue;
      const isHead = row === head;
      row.isHead = isHead;
      const relation: string = isHead ? 'head' : (row.relation === 'head' ? 'other' : (row.relation ?? 'other'));
      const existing = row.match?.person;
      if (!existing) {
        row.values = {
          full_name: row.fullName!, sex: row.sex!, birth_date: row.birthDate, birth_year: row.birthYear!, ethnicity: row.ethnicity,
          phone: row.phone, cccd: row.cccd, relation_to_head: relation, note: row.note,
        };
        continue;
      }
      if (existing.status !== 'resident') {
        rowError(row, `${describePerson(existing)} đã được ghi «${existing.status === 'deceased' ? 'Đã mất' : 'Đã chuyển đi'}»; tệp không thay đổi nhân khẩu này.`, null, 'info');
        continue;
      }
      const next: PersonValues = {
        full_name: row.fullName ?? existing.full_name,
        // A sex guessed from the name or the relation never overwrites a recorded one.
        sex: row.sex && (row.sexSource === 'column' || row.sexSource === 'nam_nu') ? row.sex : existing.sex,
        birth_date: existing.birth_date,
        birth_year: existing.birth_year,
        ethnicity: row.ethnicity ?? existing.ethnicity,
        phone: row.phone ?? existing.phone,
        cccd: row.cccd ?? existing.cccd,
        relation_to_head: existing.relation_to_head,
        note: row.note ?? existing.note,
      };
      if (row.birthDate) [next.birth_date, next.birth_year] = [row.birthDate, row.birthYear!];
      else if (row.birthYear !== null && row.birthYear !== existing.birth_year) [next.birth_date, next.birth_year] = [null, row.birthYear];
      if (isHead && group.household && !group.household.head_person_id) next.relation_to_head = 'head';
      else if (existing.relation_to_head === 'head' && !isHead && row.relation && row.relation !== 'head') {
        rowError(row, `${describePerson(existing)} đang là chủ hộ; giữ nguyên quan hệ «Chủ hộ».`, 'relationToHead', 'warning');
      } else if (existing.relation_to_head !== 'head' && row.relation && row.relation !== 'head') next.relation_to_head = row.relation;
      const changes: FieldChange[] = [];
      for (const field of Object.keys(next) as Array<keyof PersonValues>) {
        const before = (existing as unknown as Record<string, string | number | null>)[field];
        if (next[field] !== before) changes.push({ field, from: before, to: next[field] });
      }
      if (changes.length) row.values = next;
      row.changes = changes;
    }

    // The head: a new household's head is its first person; a matched household without a head gets one.
    if (group.householdValues) {
      const headReady = head && active(head) && !head.problems.some((p) => p.level === 'error');
      if (!household) group.householdValues.head_person_id = headReady ? NEW_HEAD : null;
      else if (!household.head_person_id && headReady) group.householdValues.head_person_id = head.match ? head.match.person.id : NEW_HEAD;
      if (household) {
        for (const field of ['code', 'address', 'hamlet_group'] as const) {
          if (group.householdValues[field] !== household[field]) group.householdChanges.push({ field: `household.${field}`, from: household[field], to: group.householdValues[field] });
        }
        if (group.householdValues.head_person_id !== household.head_person_id) {
          group.householdChanges.push({ field: 'household.head_person_id', from: null, to: head?.fullName ?? null });
        }
      }
    }
    // A new household whose head is refused cannot be made: its other rows wait, and the head says which.
    if (!household && head && head.problems.some((p) => p.level === 'error')) waitForHousehold(group, live, { kind: 'head_refused', head }, rowError, where);
  }
  flagLikelyDuplicates(rows, context.people, { keyOf, birthMatches, describePerson, describeHousehold: (id) => { const h = householdsById.get(id); return h ? describeHousehold(h) : 'một hộ khác'; }, rowError, where });
  // Actions, and the summary.
  const summary: ImportSummary = {
    rows: parsed.length, blankRows: parsed.length - rows.length, newHouseholds: 0, matchedHouseholds: 0, newPeople: 0, updatedPeople: 0, unchangedPeople: 0,
    errorRows: 0, needsHouseholdRows: 0, unconfirmedWarningRows: 0, warningRows: 0, skippedRows: 0, canCommit: false,
  };
  const groupOf = new Map<PlannedRow, PlannedGroup>();
  for (const group of groups) for (const row of group.rows) groupOf.set(row, group);
  for (const row of rows) {
    const group = groupOf.get(row);
    if (row.skipped) row.action = 'skipped';
    else if (row.problems.some((p) => p.level === 'error')) row.action = 'error';
    else if (row.waiting) row.action = 'needs_household';
    else if (!row.match) row.action = group && !group.household && row.isHead ? 'new_household' : 'new_person';
    else {
      const householdChanged = row.isHead || (group?.head === null && group.rows.find(active) === row) ? (group?.householdChanges.length ?? 0) > 0 : false;
      row.action = row.changes.length || householdChanged ? 'update' : 'unchanged';
    }
    if (row.action === 'skipped') summary.skippedRows++;
    if (row.action === 'error') summary.errorRows++;
    if (row.action === 'needs_household') summary.needsHouseholdRows++;
    if (row.action === 'new_household' || row.action === 'new_person') summary.newPeople++;
    if (row.action === 'update' && row.changes.length) summary.updatedPeople++;
    if (row.action === 'unchanged' || (row.action === 'update' && !row.changes.length)) summary.unchangedPeople++;
    const warned = row.action !== 'skipped' && row.problems.some((p) => p.level === 'warning');
    if (warned) summary.warningRows++;
    if (warned && !row.warningsConfirmed && (row.action === 'new_household' || row.action === 'new_person' || row.action === 'update')) summary.unconfirmedWarningRows++;
  }
  // A household of the registry some rows were attached to, and the file's rows of it too, is one household.
  const matched = new Set<string>();
  for (const group of groups) {
    if (!group.rows.some((r) => r.action !== 'skipped' && r.action !== 'error' && r.action !== 'needs_household')) continue;
    if (group.household) matched.add(group.household.id);
    else if (group.head && group.head.action === 'new_household') summary.newHouseholds++;
  }
  summary.matchedHouseholds = matched.size;
  summary.canCommit = summary.errorRows === 0 && summary.unconfirmedWarningRows === 0 && summary.needsHouseholdRows === 0;
  return { rows, groups, summary };
}

