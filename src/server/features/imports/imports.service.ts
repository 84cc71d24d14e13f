// Import batches: store an uploaded file's rows with a guessed (or remembered) mapping, let
// the officer change the mapping, preview the plan page by page, fix or skip rows, list the
// commune's imports and discard one not yet committed. Commit and undo have their own files.
import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { maskCccd } from '../../../shared/cccd.ts';
import {
  IMPORT_FIELD_LABELS, IMPORT_STATUS_LABELS, ROW_ACTION_LABELS,
  type ImportBatchView, type ImportField, type ImportMapping, type ImportPreview, type ImportProblemView, type ImportRowView,
  type HouseholdChoice, type HouseholdOptionsQuery, type ImportHouseholdOption, type MappingInput, type PreviewQuery, type ProblemQuery, type RowFixInput, type SheetMapping,
} from '../../../shared/imports.ts';
import { can } from '../../../shared/roles.ts';
import { foldVietnamese } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import { pageWindow } from '../../http/pagination.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, conflict, invalid, notFound } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { assertCccdProbeBudget, recordCccdConflicts } from '../audit/cccd-probes.ts';

import { attachmentDisposition } from '../exports/xlsx-stream.ts';
import { insertMany, writeAuditMany } from './bulk.ts';
import { importTemplate } from './import-template.ts';
import { type VillageRef, guessColumns, guessSheetMapping, headerSignature, headerTexts } from './guess-columns.ts';
import {
  type BatchRow, type StoredSheet, bumpRevision, findBatch, householdInScope, listBatches, loadExisting, loadRows, mappingOwner, searchHouseholds, villagesInScope, villagesOutsideScope,
} from './imports.queries.ts';
import { parseRow } from './parse-row.ts';
import { planImport } from './plan-import.ts';
import { CHANGE_LABELS, type Plan, type PlannedRow, type SheetInfo } from './plan-types.ts';
import type { RawWorkbook } from './read-workbook.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

export interface UploadedFile {
  fileName: string;
  size: number;
  sha256: string;
  workbook: RawWorkbook;
}

const TOP_ROWS = 40;
const SAMPLE_ROWS = 5;

interface RememberedMapping {
  columns: Array<ImportField | null>;
  grouping: SheetMapping['grouping'];
  dataStartOffset: number;
}

export async function createBatch(db: Kysely<DB>, actor: Actor, upload: UploadedFile): Promise<ImportBatchView> {
  const [villages, outside, owner] = await Promise.all([villagesInScope(db, actor.scope), villagesOutsideScope(db, actor.scope), mappingOwner(db, actor.orgUnitId)]);
  const guesses = upload.workbook.sheets.map((sheet, index) => ({ sheet, index, ...guessSheetMapping(sheet, index, villages, outside) }));
  if (!guesses.some((g) => g.header)) {
    throw new AppError(400, 'import_no_header', 'Không tìm thấy dòng tiêu đề của danh sách. Dòng tiêu đề cần có cột «Họ và tên» (hoặc «Họ tên») và ít nhất một cột khác như «Ngày sinh», «Năm sinh», «Giới tính», «Số CCCD». Hãy thêm dòng tiêu đề vào tệp rồi tải lên lại.');
  }
  const signatures = guesses.map((g) => (g.header ? headerSignature(g.header.headers) : ''));
  const remembered = new Map<string, RememberedMapping>();
  const known = signatures.filter(Boolean);
  if (known.length) {
    const rows = await db.selectFrom('import_mappings').select(['header_signature', 'mapping'])
      .where('org_unit_id', '=', owner).where('header_signature', 'in', known).execute();
    for (const row of rows) remembered.set(row.header_signature, row.mapping as RememberedMapping);
  }

  const sheets: StoredSheet[] = [];
  const mappings: SheetMapping[] = [];
  for (const [i, guess] of guesses.entries()) {
    const memory = signatures[i] ? remembered.get(signatures[i]) : undefined;
    const mapping: SheetMapping = memory
      ? { ...guess.mapping, columns: memory.columns, grouping: memory.grouping, dataStartRow: guess.mapping.headerRow + memory.dataStartOffset }
      : guess.mapping;
    mappings.push(mapping);
    sheets.push({
      index: i,
      name: guess.sheet.name,
      rowCount: guess.sheet.rows.length,
      dataRowCount: guess.sheet.rows.filter((r) => r.rowNumber >= mapping.dataStartRow).length,
      columnCount: guess.sheet.columnCount,
      detectedHeaderRow: guess.header?.headerRow ?? null,
      headers: guess.header?.headers ?? headerTexts(guess.sheet.rows.slice(0, 1), guess.sheet.columnCount),
      topRows: guess.sheet.rows.slice(0, TOP_ROWS),
      sampleRows: [],
      mappingSource: memory ? 'remembered' : 'guessed',
      villageGuess: guess.village ? { villageId: guess.village.village.id, villageName: guess.village.village.name, from: guess.village.from } : null,
      signature: signatures[i],
    });
  }
  const mapping: ImportMapping = { sheets: mappings, confirmWarnings: false, residentSince: null };
  const id = uuidv7();
  await db.insertInto('import_batches').values({
    id, org_unit_id: actor.orgUnitId, account_id: actor.accountId, file_name: upload.fileName.slice(0, 255), file_size: upload.size,
    file_sha256: upload.sha256, sheets: JSON.stringify(sheets), mapping: JSON.stringify(mapping),
  }).execute();
  const cells = upload.workbook.sheets.flatMap((sheet, index) => sheet.rows.map((row) => ({ batch_id: id, sheet_index: index, row_number: row.rowNumber, cells: row.cells })));
  await insertMany(db, 'import_rows', [['batch_id', 'uuid'], ['sheet_index', 'integer'], ['row_number', 'integer'], ['cells', 'jsonb']], cells);
  await writeAudit(db, actor, {
    action: 'create', entity: 'import_batch', entityId: id, orgUnitId: actor.orgUnitId,
    detail: { fileName: upload.fileName, fileSize: upload.size, sha256: upload.sha256, sheets: sheets.map((s) => ({ name: s.name, rows: s.rowCount })) },
  });
  return presentBatch(await findBatch(db, actor.scope, id), villages);
}

export function presentBatch(batch: BatchRow, villages: VillageRef[]): ImportBatchView {
  return {
    id: batch.id,
    status: batch.status,
    statusLabel: IMPORT_STATUS_LABELS[batch.status],
    fileName: batch.file_name,
    fileSize: batch.file_size,
    orgUnitId: batch.org_unit_id,
    orgUnitName: batch.org_unit_name,
    accountId: batch.account_id,
    accountName: batch.account_name,
    createdAt: new Date(batch.created_at).toISOString(),
    committedAt: batch.committed_at ? new Date(batch.committed_at).toISOString() : null,
    undoneAt: batch.undone_at ? new Date(batch.undone_at).toISOString() : null,
    sheets: batch.sheets.map(({ signature: _signature, ...sheet }) => {
      const mapping = batch.mapping.sheets.find((m) => m.sheetIndex === sheet.index);
      return { ...sheet, sampleRows: sheet.topRows.filter((r) => r.rowNumber >= (mapping?.dataStartRow ?? 0)).slice(0, SAMPLE_ROWS) };
    }),
    mapping: batch.mapping,
    villages: villages.map((v) => ({ id: v.id, name: v.name })),
    summary: batch.summary,
  };
}

export async function getBatch(db: Kysely<DB>, actor: Actor, id: string): Promise<ImportBatchView> {
  const [batch, villages] = await Promise.all([findBatch(db, actor.scope, id), villagesInScope(db, actor.scope)]);
  return presentBatch(batch, villages);
}

export async function listImports(db: Kysely<DB>, actor: Actor, query: { page: number; pageSize: number }) {
  const { rows, total } = await listBatches(db, actor.scope, query.page, query.pageSize);
  return {
    items: rows.map((b) => ({
      id: b.id, status: b.status, statusLabel: IMPORT_STATUS_LABELS[b.status], fileName: b.file_name, fileSize: b.file_size,
      orgUnitId: b.org_unit_id, orgUnitName: b.org_unit_name, accountId: b.account_id, accountName: b.account_name,
      createdAt: new Date(b.created_at).toISOString(), committedAt: b.committed_at ? new Date(b.committed_at).toISOString() : null,
      undoneAt: b.undone_at ? new Date(b.undone_at).toISOString() : null, summary: b.summary,
      sheets: b.sheets.map((s) => ({ name: s.name, rowCount: s.rowCount })),
    })),
    total, page: query.page, pageSize: query.pageSize,
  };
}

export function requireUploaded(batch: BatchRow): void {
  if (batch.status === 'uploaded') return;
  const messages = {
    committed: 'Lần nhập này đã được ghi vào hệ thống; không sửa được nữa. Muốn gỡ, dùng «Hoàn tác».',
    undone: 'Lần nhập này đã được hoàn tác. Hãy tải tệp lên lại để nhập lần mới.',
    discarded: 'Lần nhập này đã bị hủy. Hãy tải tệp lên lại để nhập lần mới.',
  } as const;
  throw new AppError(409, 'import_not_open', messages[batch.status]);
}

/** The import template, its examples in the first village of the officer's area. */
export async function templateFile(db: Kysely<DB>, actor: Actor): Promise<{ buffer: Buffer; disposition: string }> {
  const [village] = await villagesInScope(db, actor.scope);
  return { buffer: await importTemplate(village?.name ?? null), disposition: attachmentDisposition('Mẫu nhập danh sách', actor.orgName, todayInVietnam()) };
}

/** Applies the officer's mapping; a new header row re-reads the headers and, unless columns are given, re-guesses them. */
export async function updateMapping(db: Kysely<DB>, actor: Actor, id: string, input: MappingInput): Promise<ImportBatchView> {
  const batch = await findBatch(db, actor.scope, id, { forUpdate: true });
  requireUploaded(batch);
  const villages = await villagesInScope(db, actor.scope);
  const mapping: ImportMapping = structuredClone(batch.mapping);
  const sheets = structuredClone(batch.sheets);
  for (const [i, change] of input.sheets.entries()) {
    const sheet = sheets.find((s) => s.index === change.sheetIndex);
    const current = mapping.sheets.find((m) => m.sheetIndex === change.sheetIndex);
    if (!sheet || !current) throw invalid(`sheets.${i}.sheetIndex`, `Tệp không có trang tính số ${change.sheetIndex + 1}.`);
    if (change.include !== undefined) current.include = change.include;
    const headerRow = change.headerRow ?? current.headerRow;
    const dataStartRow = change.dataStartRow ?? (change.headerRow !== undefined ? change.headerRow + 1 : current.dataStartRow);
    if (dataStartRow <= headerRow) throw invalid(`sheets.${i}.dataStartRow`, 'Dòng dữ liệu đầu tiên phải nằm dưới dòng tiêu đề.');
    if (headerRow !== current.headerRow || dataStartRow !== current.dataStartRow) {
      const headerRows = await db.selectFrom('import_rows').select(['row_number', 'cells'])
        .where('batch_id', '=', id).where('sheet_index', '=', sheet.index).where('row_number', '>=', headerRow).where('row_number', '<', dataStartRow)
        .orderBy('row_number').execute();
      sheet.headers = headerTexts(headerRows.map((r) => ({ rowNumber: r.row_number, cells: r.cells as Array<string | null> })), sheet.columnCount);
      sheet.signature = headerSignature(sheet.headers);
      const counted = await db.selectFrom('import_rows').select(sql<number>`count(*)::int`.as('n'))
        .where('batch_id', '=', id).where('sheet_index', '=', sheet.index).where('row_number', '>=', dataStartRow).executeTakeFirstOrThrow();
      sheet.dataRowCount = counted.n;
      current.headerRow = headerRow;
      current.dataStartRow = dataStartRow;
      if (!change.columns) current.columns = guessColumns(sheet.headers);
      sheet.mappingSource = 'officer';
    }
    if (change.columns) {
      const seen = new Map<ImportField, number>();
      for (const [column, field] of change.columns.entries()) {
        if (!field) continue;
        if (seen.has(field)) {
          throw invalid(`sheets.${i}.columns.${column}`, `Trang «${sheet.name}»: trường «${IMPORT_FIELD_LABELS[field]}» được chọn cho hai cột (${columnLetter(seen.get(field)!)} và ${columnLetter(column)}).`);
        }
        seen.set(field, column);
      }
      current.columns = change.columns;
      sheet.mappingSource = 'officer';
    }
    if (change.villageId !== undefined) {
      if (change.villageId !== null && !villages.some((v) => v.id === change.villageId)) {
        throw invalid(`sheets.${i}.villageId`, 'Thôn không tồn tại hoặc ngoài phạm vi của bạn.');
      }
      current.villageId = change.villageId;
    }
    if (change.grouping) current.grouping = change.grouping;
  }
  for (const current of mapping.sheets) {
    const sheet = sheets.find((s) => s.index === current.sheetIndex)!;
    if (current.include && !current.columns.includes('fullName')) {
      throw invalid('sheets', `Trang «${sheet.name}»: chưa chọn cột «Họ và tên». Chọn cột đó hoặc bỏ trang này ra khỏi lần nhập.`);
    }
  }
  if (input.confirmWarnings !== undefined) mapping.confirmWarnings = input.confirmWarnings;
  if (input.residentSince !== undefined) {
    if (input.residentSince && input.residentSince > todayInVietnam()) throw invalid('residentSince', 'Ngày bắt đầu cư trú không được ở tương lai.');
    mapping.residentSince = input.residentSince;
  }
  await db.updateTable('import_batches').set({ mapping: JSON.stringify(mapping), sheets: JSON.stringify(sheets), revision: sql`revision + 1` }).where('id', '=', id).execute();
  await rememberMapping(db, await mappingOwner(db, actor.orgUnitId), sheets, mapping);
  return presentBatch(await findBatch(db, actor.scope, id), villages);
}

/** A commune's next file with the same headers gets the same columns and grouping. */
async function rememberMapping(db: Kysely<DB>, owner: number, sheets: StoredSheet[], mapping: ImportMapping): Promise<void> {
  for (const current of mapping.sheets) {
    const sheet = sheets.find((s) => s.index === current.sheetIndex);
    if (!sheet?.signature || !current.include) continue;
    const remembered: RememberedMapping = { columns: current.columns, grouping: current.grouping, dataStartOffset: current.dataStartRow - current.headerRow };
    await db.insertInto('import_mappings').values({ org_unit_id: owner, header_signature: sheet.signature, mapping: JSON.stringify(remembered) })
      .onConflict((oc) => oc.columns(['org_unit_id', 'header_signature']).doUpdateSet({ mapping: JSON.stringify(remembered), updated_at: sql`now()` }))
      .execute();
  }
}

const columnLetter = (index: number) => {
  let n = index + 1;
  let letters = '';
  while (n > 0) { letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters; n = Math.floor((n - 1) / 26); }
  return letters;
};

export interface BatchPlan {
  plan: Plan;
  sheets: SheetInfo[];
  villages: VillageRef[];
}

/** Reads the batch's rows through its mapping and plans them against the registry as it is now. */
export async function planBatch(db: Kysely<DB>, actor: Actor, batch: BatchRow, options: { confirmWarnings?: boolean } = {}): Promise<BatchPlan> {
  const [villages, outsideVillages, stored] = await Promise.all([
    villagesInScope(db, actor.scope), villagesOutsideScope(db, actor.scope), loadRows(db, batch.id),
  ]);
  const today = todayInVietnam();
  const mapping: ImportMapping = { ...batch.mapping, confirmWarnings: batch.mapping.confirmWarnings || Boolean(options.confirmWarnings) };
  const included = mapping.sheets.filter((m) => m.include);
  const sheets: SheetInfo[] = batch.sheets.map((s) => ({ index: s.index, name: s.name, headers: s.headers }));
  const bySheet = new Map(included.map((m) => [m.sheetIndex, m]));
  const info = new Map(sheets.map((s) => [s.index, s]));
  const context = { today, villages, outsideVillages };
  const parsed = [];
  for (const row of stored) {
    const sheetMapping = bySheet.get(row.sheetIndex);
    if (!sheetMapping || row.rowNumber < sheetMapping.dataStartRow) continue;
    parsed.push(parseRow(row, info.get(row.sheetIndex)!, sheetMapping, context));
  }
  const villageIds = new Set(villages.map((v) => v.id));
  const involved = [...new Set(parsed.map((r) => r.villageId).filter((v): v is number => v !== null))];
  const cccds = [...new Set(parsed.filter((r) => !r.blank && !r.skipped && r.cccd).map((r) => r.cccd!))];
  const chosen = [...new Set(parsed.flatMap((r) => (!r.blank && r.householdChoice?.kind === 'household' ? [r.householdChoice.householdId] : [])))];
  if (cccds.length) await assertCccdProbeBudget(db, actor);
  const existing = await loadExisting(db, villageIds, involved, cccds, chosen);
  const outside = [...existing.byCccd.values()].filter((person) => !person.in_scope).map((person) => person.cccd!);
  if (outside.length) recordCccdConflicts(actor, outside, `import ${batch.id}`);
  const plan = planImport(sheets, { ...mapping, sheets: included }, parsed, { ...context, ...existing });
  return { plan, sheets, villages };
}

/**
 * Previews of big files page through one plan: it is kept for a short while per batch
 * revision, area and state of the registry (the plan of 10,000 rows takes a second or two;
 * a page flip should not). Every registry write adds an audit row, so the audit log's last
 * id tells when the registry may have changed. A commit never uses the cache: it plans
 * again inside its transaction.
 */
const PREVIEW_TTL_MS = 30_000;
const PREVIEW_CACHE_SIZE = 4;
const previewCache = new Map<string, { expires: number; plan: Promise<BatchPlan> }>();

async function cachedPlan(db: Kysely<DB>, actor: Actor, batch: BatchRow): Promise<BatchPlan> {
  // Refusals and CCCD conflicts (written after a request, refusal-audit.ts) change nothing in the registry.
  const { rows } = await sql<{ last: string | null }>`
    SELECT id::text AS last FROM audit_log WHERE action NOT IN ('refused', 'cccd_conflict') ORDER BY id DESC LIMIT 1`.execute(db);
  const key = `${batch.id}|${batch.revision}|${actor.scope.path}|${rows[0]?.last ?? ''}`;
  const now = Date.now();
  for (const [k, entry] of previewCache) if (entry.expires < now) previewCache.delete(k);
  const hit = previewCache.get(key);
  if (hit) return hit.plan;
  const plan = planBatch(db, actor, batch);
  plan.catch(() => previewCache.delete(key));
  previewCache.set(key, { expires: now + PREVIEW_TTL_MS, plan });
  while (previewCache.size > PREVIEW_CACHE_SIZE) previewCache.delete(previewCache.keys().next().value!);
  return plan;
}

const FILTERS: Record<PreviewQuery['show'], (row: PlannedRow) => boolean> = {
  all: () => true,
  problems: (r) => r.problems.some((p) => p.level !== 'info') && !r.skipped,
  errors: (r) => r.action === 'error',
  warnings: (r) => !r.skipped && r.problems.some((p) => p.level === 'warning'),
  household: (r) => !r.skipped && (r.waiting || r.householdChoice !== null),
  new: (r) => r.action === 'new_household' || r.action === 'new_person',
  update: (r) => r.action === 'update',
  unchanged: (r) => r.action === 'unchanged',
  skipped: (r) => r.action === 'skipped',
};

export async function previewImport(db: Kysely<DB>, actor: Actor, id: string, query: PreviewQuery): Promise<ImportPreview> {
  const batch = await findBatch(db, actor.scope, id);
  requireUploaded(batch);
  const { plan, sheets, villages } = await cachedPlan(db, actor, batch);
  const rows = plan.rows.filter((r) => (query.sheet === undefined || r.sheetIndex === query.sheet) && FILTERS[query.show](r));
  const { offset, limit } = pageWindow(query);
  const page = rows.slice(offset, offset + limit);
  const present = rowPresenter(plan, sheets, villages, can(actor.role, 'people.cccd.reveal'));
  return { summary: plan.summary, rows: { items: page.map(present), total: rows.length, page: query.page, pageSize: query.pageSize } };
}

export async function listProblems(db: Kysely<DB>, actor: Actor, id: string, query: ProblemQuery) {
  const batch = await findBatch(db, actor.scope, id);
  requireUploaded(batch);
  const { plan, sheets } = await cachedPlan(db, actor, batch);
  const names = new Map(sheets.map((s) => [s.index, s.name]));
  const problems: ImportProblemView[] = [];
  for (const row of plan.rows) {
    if (row.skipped && !row.autoSkipped) continue;
    if (query.sheet !== undefined && row.sheetIndex !== query.sheet) continue;
    for (const problem of row.problems) {
      if (query.level && problem.level !== query.level) continue;
      problems.push({ sheetIndex: row.sheetIndex, sheetName: names.get(row.sheetIndex) ?? '', rowNumber: row.rowNumber, ...problem });
    }
  }
  return {
    summary: plan.summary,
    items: problems.slice(pageWindow(query).offset, pageWindow(query).offset + pageWindow(query).limit),
    total: problems.length, page: query.page, pageSize: query.pageSize,
  };
}

const FILE_OPTIONS = 40;
const REGISTRY_OPTIONS = 20;

/**
 * Households a row waiting for one may join, in its village: first the file's own (those the
 * commit will make or fill, by their head's row), then the registry's, searched by head's
 * name, address or number.
 */
export async function householdOptions(db: Kysely<DB>, actor: Actor, id: string, query: HouseholdOptionsQuery): Promise<{ items: ImportHouseholdOption[] }> {
  const batch = await findBatch(db, actor.scope, id);
  requireUploaded(batch);
  const { plan, sheets } = await cachedPlan(db, actor, batch);
  const row = plan.rows.find((r) => r.sheetIndex === query.sheet && r.rowNumber === query.row);
  if (!row) throw notFound(`Không có dòng ${query.row} trong trang tính này.`);
  if (row.villageId === null) return { items: [] };
  const names = new Map(sheets.map((s) => [s.index, s.name]));
  const typed = query.q ? foldVietnamese(query.q) : '';
  const writes = (r: PlannedRow) => r.action !== 'error' && r.action !== 'skipped' && r.action !== 'needs_household';
  const items: ImportHouseholdOption[] = [];
  const fromFile = new Set<string>();
  for (const group of plan.groups) {
    if (group.villageId !== row.villageId || group.key === row.groupKey || group.waiting || group.blocked || group.chosenHouseholdId) continue;
    const anchor = group.head && writes(group.head) ? group.head : group.household ? group.rows.find(writes) : undefined;
    if (!anchor) continue;
    if (group.household) fromFile.add(group.household.id);
    const headName = group.head?.fullName ?? group.headName ?? '';
    if (typed && !foldVietnamese(`${headName} ${group.number ?? ''}`).includes(typed)) continue;
    if (items.length >= FILE_OPTIONS) continue;
    const people = group.rows.filter(writes).length;
    items.push({
      choice: { kind: 'row', sheetIndex: anchor.sheetIndex, rowNumber: anchor.rowNumber },
      source: 'file',
      label: `${group.number ? `Hộ số ${group.number} · ` : ''}chủ hộ ${headName || '(chưa rõ)'}`,
      detail: `Trong tệp: dòng ${anchor.rowNumber}${anchor.sheetIndex !== row.sheetIndex ? ` (trang «${names.get(anchor.sheetIndex)}»)` : ''} · ${people} người${group.household ? ' · hộ đã có trong hệ thống' : ' · hộ mới'}`,
    });
  }
  const registry = await searchHouseholds(db, actor.scope, row.villageId, query.q || undefined, REGISTRY_OPTIONS + fromFile.size);
  for (const household of registry.filter((h) => !fromFile.has(h.id)).slice(0, REGISTRY_OPTIONS)) {
    items.push({
      choice: { kind: 'household', householdId: household.id },
      source: 'registry',
      label: `${household.code ? `Hộ số ${household.code} · ` : ''}chủ hộ ${household.head_name ?? '(chưa có)'}`,
      detail: `Đã có trong hệ thống · ${household.members} người${household.hamlet_group ? ` · ${household.hamlet_group}` : ''}${household.address ? ` · ${household.address}` : ''}`,
    });
  }
  return { items };
}

function rowPresenter(plan: Plan, sheets: SheetInfo[], villages: VillageRef[], revealCccd: boolean) {
  const names = new Map(sheets.map((s) => [s.index, s.name]));
  const villageNames = new Map(villages.map((v) => [v.id, v.name]));
  const groups = new Map(plan.groups.map((g) => [g.key, g]));
  const cccd = (value: string | number | null) => (typeof value === 'string' && value && !revealCccd ? maskCccd(value) : value);
  return (row: PlannedRow): ImportRowView => {
    const group = row.groupKey ? groups.get(row.groupKey) : undefined;
    const carriesHousehold = group && !row.skipped && (group.head ? group.head === row : group.rows.find((r) => !r.skipped) === row);
    const changes = [...row.changes, ...(carriesHousehold ? group.householdChanges : [])].map((c) => ({
      field: c.field, label: CHANGE_LABELS[c.field] ?? c.field,
      from: c.field === 'cccd' ? cccd(c.from) : c.from, to: c.field === 'cccd' ? cccd(c.to) : c.to,
    }));
    const person = row.values ?? null;
    return {
      sheetIndex: row.sheetIndex,
      sheetName: names.get(row.sheetIndex) ?? '',
      rowNumber: row.rowNumber,
      action: row.action,
      actionLabel: ROW_ACTION_LABELS[row.action],
      skipped: row.skipped,
      warningsConfirmed: row.warningsConfirmed,
      householdChoice: row.householdChoice,
      fixes: row.fixes,
      person: {
        fullName: person?.full_name ?? row.fullName,
        sex: person?.sex ?? row.sex,
        birthDate: person ? person.birth_date : row.birthDate,
        birthYear: person?.birth_year ?? row.birthYear,
        cccd: cccd(person ? person.cccd : row.cccd) as string | null,
        relationToHead: person?.relation_to_head ?? (row.isHead ? 'head' : row.relation),
        ethnicity: person?.ethnicity ?? row.ethnicity,
        phone: person?.phone ?? row.phone,
        note: person?.note ?? row.note,
        villageId: row.villageId,
        villageName: row.villageId !== null ? (villageNames.get(row.villageId) ?? row.villageName) : null,
      },
      household: {
        key: row.groupKey,
        isHead: Boolean(group?.head === row),
        action: group && !group.waiting ? (group.household ? 'matched' : group.blocked ? null : 'new') : null,
        householdId: group?.household?.id ?? null,
        number: group?.householdValues?.code ?? group?.number ?? null,
        headName: group?.head?.fullName ?? group?.headName ?? null,
      },
      match: row.match ? { personId: row.match.person.id, by: row.match.by } : null,
      changes,
      problems: row.problems.map((p) => ({ sheetIndex: row.sheetIndex, sheetName: names.get(row.sheetIndex) ?? '', rowNumber: row.rowNumber, ...p })),
    };
  };
}

/** Fix cells of a row, skip it, or confirm its warnings; answers the row as now planned. */
export async function fixRow(db: Kysely<DB>, actor: Actor, id: string, sheetIndex: number, rowNumber: number, input: RowFixInput) {
  const batch = await findBatch(db, actor.scope, id, { forUpdate: true });
  requireUploaded(batch);
  const stored = await db.selectFrom('import_rows').select(['fixes']).where('batch_id', '=', id).where('sheet_index', '=', sheetIndex).where('row_number', '=', rowNumber).executeTakeFirst();
  if (!stored) throw notFound(`Không có dòng ${rowNumber} trong trang tính này.`);
  const fixes = { ...(input.clearFixes ? {} : ((stored.fixes as Record<string, string | null> | null) ?? {})), ...(input.fixes ?? {}) };
  if (input.household) await checkHouseholdChoice(db, actor, id, { sheetIndex, rowNumber }, input.household);
  await db.updateTable('import_rows')
    .set({
      fixes: Object.keys(fixes).length ? JSON.stringify(fixes) : null,
      ...(input.skip !== undefined ? { skip: input.skip } : {}),
      ...(input.confirmWarnings !== undefined ? { confirm_warnings: input.confirmWarnings } : {}),
      ...(input.household !== undefined ? { household_choice: input.household ? JSON.stringify(input.household) : null } : {}),
    })
    .where('batch_id', '=', id).where('sheet_index', '=', sheetIndex).where('row_number', '=', rowNumber)
    .execute();
  await bumpRevision(db, id);
  const { plan, sheets, villages } = await planBatch(db, actor, batch);
  const row = plan.rows.find((r) => r.sheetIndex === sheetIndex && r.rowNumber === rowNumber);
  return { row: row ? rowPresenter(plan, sheets, villages, can(actor.role, 'people.cccd.reveal'))(row) : null, summary: plan.summary };
}

/** The household a row is sent to must be a row of this batch, or a household of the officer's area still there. */
async function checkHouseholdChoice(db: Kysely<DB>, actor: Actor, batchId: string, row: { sheetIndex: number; rowNumber: number }, choice: HouseholdChoice): Promise<void> {
  if (choice.kind === 'row') {
    if (choice.sheetIndex === row.sheetIndex && choice.rowNumber === row.rowNumber) throw invalid('household', 'Không gắn một dòng vào hộ của chính nó; chọn «Làm chủ hộ» nếu người này là chủ hộ.');
    const target = await db.selectFrom('import_rows').select('row_number').where('batch_id', '=', batchId)
      .where('sheet_index', '=', choice.sheetIndex).where('row_number', '=', choice.rowNumber).executeTakeFirst();
    if (!target) throw invalid('household', `Không có dòng ${choice.rowNumber} trong trang tính đã chọn.`);
  } else if (choice.kind === 'household' && !(await householdInScope(db, actor.scope, choice.householdId))) {
    throw invalid('household', 'Không tìm thấy hộ đã chọn, hoặc hộ đã giải thể, hoặc ngoài phạm vi của bạn.');
  }
}

/**
 * Skips every row with an error of its own, once. Rows that only wait on a skipped row (a
 * household that lost its head) are never skipped with it: they stay, waiting for the
 * officer's choice of household, and the summary counts them.
 */
export async function skipErrorRows(db: Kysely<DB>, actor: Actor, id: string) {
  const batch = await findBatch(db, actor.scope, id, { forUpdate: true });
  requireUploaded(batch);
  const errors = (await planBatch(db, actor, batch)).plan.rows.filter((r) => r.action === 'error');
  for (const sheetIndex of new Set(errors.map((r) => r.sheetIndex))) {
    const numbers = errors.filter((r) => r.sheetIndex === sheetIndex).map((r) => r.rowNumber);
    await db.updateTable('import_rows').set({ skip: true }).where('batch_id', '=', id).where('sheet_index', '=', sheetIndex)
      .where('row_number', '=', sql<number>`ANY(${sql.val(numbers)}::int[])`).execute();
  }
  if (errors.length) await bumpRevision(db, id);
  const { plan } = await planBatch(db, actor, batch);
  return { skipped: errors.length, summary: plan.summary };
}

/** Discards a batch not yet committed: its rows (personal data) are deleted, the batch stays in the history. */
export async function discardBatch(db: Kysely<DB>, actor: Actor, id: string): Promise<ImportBatchView> {
  const batch = await findBatch(db, actor.scope, id, { forUpdate: true });
  if (batch.status === 'committed') throw conflict('Lần nhập này đã được ghi vào hệ thống; dùng «Hoàn tác» để gỡ dữ liệu đã nhập.');
  requireUploaded(batch);
  await db.deleteFrom('import_rows').where('batch_id', '=', id).execute();
  await db.updateTable('import_batches').set({ status: 'discarded', sheets: JSON.stringify(withoutRows(batch.sheets)) }).where('id', '=', id).execute();
  await writeAuditMany(db, actor, [{ action: 'discard', entity: 'import_batch', entityId: id, orgUnitId: batch.org_unit_id, detail: { fileName: batch.file_name } }]);
  return presentBatch(await findBatch(db, actor.scope, id), await villagesInScope(db, actor.scope));
}

/** The sheets without the rows they showed (names, CCCDs): kept only while the batch is open. */
export const withoutRows = (sheets: StoredSheet[]): StoredSheet[] => sheets.map((s) => ({ ...s, topRows: [], sampleRows: [] }));
