// Rows whose household cannot be made as the file stands: its head row is refused (an error
// of its own) or skipped, the household has no head at all, or the row comes before any
// household starts. Such a row has nothing wrong in itself, so it is never refused or skipped
// with the head: it waits ("Chờ chọn hộ") until the officer makes it the head, attaches it to
// another household of the file or of the registry, or skips it. The head row says which rows
// wait on it. Also places the rows the officer attached elsewhere.
import type { HouseholdChoice, ImportField, ProblemLevel } from '../../../shared/imports.ts';
import { RELATION_LABELS } from '../../../shared/people.ts';
import type { ExistingHousehold, PlannedGroup, PlannedRow, RowError, Where } from './plan-types.ts';

export type { RowError, Where };

/** Why a group's rows wait for a household. */
export type WaitReason =
  | { kind: 'head_refused'; head: PlannedRow }
  | { kind: 'head_skipped'; head: PlannedRow }
  | { kind: 'blocked'; by: PlannedRow }
  | { kind: 'no_head'; detail: string }
  | { kind: 'no_household'; detail: string };

/** The officer sent this row to another household (of the file or of the registry). */
export const joinsAnother = (row: PlannedRow): row is PlannedRow & { householdChoice: Extract<HouseholdChoice, { kind: 'row' | 'household' }> } =>
  row.householdChoice?.kind === 'row' || row.householdChoice?.kind === 'household';

export const isPromoted = (row: PlannedRow) => row.householdChoice?.kind === 'head';

const hasError = (row: PlannedRow) => row.problems.some((p) => p.level === 'error');

const CHOICES = 'Chọn cho dòng này: gắn vào hộ khác, hoặc làm chủ hộ (hoặc bỏ qua nếu không nhập).';

function waitMessage(reason: WaitReason, row: PlannedRow, where: Where): string {
  switch (reason.kind) {
    case 'head_refused':
      return `chủ hộ «${reason.head.fullName ?? '?'}» (${where(reason.head, row)}) có lỗi nên hộ này chưa tạo được. Sửa ${where(reason.head, row)}, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.`;
    case 'head_skipped':
      return `chủ hộ «${reason.head.fullName ?? '?'}» (${where(reason.head, row)}) đã bị bỏ qua nên dòng này chưa có hộ. ${CHOICES}`;
    case 'blocked':
      return `chưa xác định được hộ (xem ${where(reason.by, row)}). Sửa ${where(reason.by, row)}, hoặc chọn hộ cho dòng này: gắn vào hộ khác, hay làm chủ hộ.`;
    case 'no_head':
      return `hộ mới chưa có chủ hộ (${reason.detail}). ${CHOICES}`;
    case 'no_household':
      return `không rõ thuộc hộ nào (${reason.detail}). ${CHOICES}`;
  }
}

/** "dòng 8, 9 và 10", at most ten named. */
export function rowList(rows: PlannedRow[], from: PlannedRow, where: Where): string {
  const named = rows.slice(0, 10).map((r) => where(r, from));
  const more = rows.length - named.length;
  const joined = named.length > 1 ? `${named.slice(0, -1).join(', ')} và ${named.at(-1)}` : named[0];
  return more > 0 ? `${named.join(', ')} và ${more} dòng khác` : joined;
}

/**
 * The group's live rows (but the one that refuses it) wait for a household: each says why,
 * and a refused head says which rows wait on it. Rows with errors of their own stay errors
 * (the note tells them what follows once fixed).
 */
export function waitForHousehold(group: PlannedGroup, live: PlannedRow[], reason: WaitReason, rowError: RowError, where: Where): void {
  const refuser = reason.kind === 'head_refused' ? reason.head : reason.kind === 'blocked' ? reason.by : null;
  const waiting = live.filter((r) => r !== refuser);
  for (const row of waiting) {
    row.waiting = true;
    row.values = null;
    row.changes = [];
    rowError(row, waitMessage(reason, row, where), null, 'info');
  }
  group.waiting = waiting.length > 0;
  if (refuser && !refuser.skipped && waiting.length) {
    rowError(refuser, `${rowList(waiting, refuser, where)} cùng hộ đang chờ dòng này. Nếu bỏ qua dòng này, cần chọn hộ khác cho ${waiting.length > 1 ? 'các dòng đó' : 'dòng đó'} hoặc chọn một người làm chủ hộ.`, null, 'info');
  }
}

/** Why a new household has no usable head; null when its head is there and without errors. */
export function headlessReason(group: PlannedGroup & { mode: string }, live: PlannedRow[]): WaitReason | null {
  const head = group.head;
  if (head && !head.skipped) return hasError(head) ? { kind: 'head_refused', head } : null;
  if (group.skippedHead) return { kind: 'head_skipped', head: group.skippedHead };
  if (group.keyless) return { kind: 'no_household', detail: group.keyless };
  const detail = group.mode === 'head_column' && group.headName ? `không có dòng nào là chủ hộ «${group.headName}»` : 'không có dòng nào ghi quan hệ «Chủ hộ»';
  return live.length ? { kind: 'no_head', detail } : null;
}

export interface PlaceContext {
  rowsByKey: Map<string, PlannedRow>;
  households: Map<string, ExistingHousehold>;
  villageName: (id: number) => string;
  /** Opens (or finds) the group of a registry household the officer chose. */
  openChosen: (household: ExistingHousehold, row: PlannedRow) => PlannedGroup;
  groupOf: (key: string) => PlannedGroup | undefined;
  rowError: RowError;
  where: Where;
}

/**
 * Puts each row the officer attached elsewhere into that household, as a member (never its
 * head). A chosen row of the file that was itself attached elsewhere is followed there.
 */
export function placeChosenRows(chosen: PlannedRow[], context: PlaceContext): void {
  const { rowsByKey, households, rowError, where } = context;
  const groupFor = (row: PlannedRow, seen: Set<PlannedRow>): PlannedGroup | string => {
    const choice = row.householdChoice;
    if (choice?.kind === 'household') {
      const household = households.get(choice.householdId);
      if (!household) return 'không tìm thấy hộ đã chọn trong thôn (hộ có thể đã giải thể hoặc ở ngoài phạm vi của bạn); chọn lại hộ.';
      return context.openChosen(household, row);
    }
    if (choice?.kind !== 'row') return 'chưa chọn hộ.';
    const target = rowsByKey.get(`${choice.sheetIndex}:${choice.rowNumber}`);
    if (!target || target.blank) return `dòng ${choice.rowNumber} đã chọn không có trong danh sách; chọn lại hộ.`;
    if (target === row || seen.has(target)) return 'hộ đã chọn dẫn ngược về chính dòng này; chọn lại hộ.';
    if (joinsAnother(target)) return groupFor(target, new Set([...seen, row]));
    const group = target.groupKey ? context.groupOf(target.groupKey) : undefined;
    return group ?? `${where(target, row)} đã chọn chưa thuộc hộ nào; chọn lại hộ.`;
  };
  for (const row of chosen) {
    const group = groupFor(row, new Set([row]));
    if (typeof group === 'string') {
      rowError(row, group);
      continue;
    }
    group.rows.push(row);
    row.groupKey = group.key;
    row.attached = true;
    if (row.villageId !== null && group.villageId !== null && row.villageId !== group.villageId) {
      rowError(row, `hộ đã chọn ở ${context.villageName(group.villageId)}, khác thôn của dòng này; chọn hộ cùng thôn.`, 'village');
    } else if (row.relation && row.relation !== 'head' && row.relation !== 'other') {
      // The file's relation was to the head it named; the officer checks it against the new one.
      rowError(row, `đã gắn vào hộ khác; quan hệ với chủ hộ vẫn là «${RELATION_LABELS[row.relation]}» như trong tệp, sửa lại nếu với chủ hộ mới thì khác.`, 'relationToHead', 'info');
    }
  }
}
