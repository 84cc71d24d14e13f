// Registry lists as .xlsx, as filtered on screen: decides what is exported, writes the one
// audit row, then hands back the stream. Column headers are the ones the importer guesses
// ("Họ và tên", "Ngày sinh", "Số CCCD", …) so an exported file can be imported back.
import type { FastifyRequest } from 'fastify';
import { maskCccd } from '../../../shared/cccd.ts';
import { PERSON_STATUS_LABELS, RELATION_LABELS, type Relation, SEX_LABELS } from '../../../shared/people.ts';
import { can } from '../../../shared/roles.ts';
import { requireAuth } from '../../http/access.ts';
import { forbidden } from '../../http/app-error.ts';
import { recordAudit } from '../audit/audit.record.ts';
import { type HouseholdExportRow, type PeopleFilter, type PersonExportRow, prepareHouseholdExport, preparePeopleExport } from './exports.queries.ts';
import { type SheetColumn, attachmentDisposition, dateCell, streamSheet } from './xlsx-stream.ts';
import { todayInVietnam } from '../../../shared/calendar.ts';

const mark = (flag: boolean) => (flag ? 'x' : null);

function personColumns(unmask: boolean): SheetColumn<PersonExportRow>[] {
  return [
    { header: 'STT', width: 7, type: 'number', value: (_, i) => i },
    { header: 'Họ và tên', width: 26, type: 'general', value: (p) => p.full_name },
    { header: 'Giới tính', width: 9, type: 'general', value: (p) => SEX_LABELS[p.sex] },
    // A year-only birth stays text ("1987"): a number here would read as an Excel date serial.
    { header: 'Ngày sinh', width: 12, type: 'date', value: (p) => dateCell(p.birth_date) ?? String(p.birth_year) },
    { header: 'Năm sinh', width: 9, type: 'number', value: (p) => p.birth_year },
    { header: 'Dân tộc', width: 10, type: 'general', value: (p) => p.ethnicity },
    { header: 'Số CCCD', width: 15, type: 'text', value: (p) => (p.cccd ? (unmask ? p.cccd : maskCccd(p.cccd)) : null) },
    { header: 'Số điện thoại', width: 13, type: 'text', value: (p) => p.phone },
    { header: 'Quan hệ với chủ hộ', width: 12, type: 'general', value: (p) => RELATION_LABELS[p.relation_to_head as Relation] ?? p.relation_to_head },
    { header: 'Số hộ', width: 8, type: 'text', value: (p) => p.household_code },
    { header: 'Chủ hộ', width: 24, type: 'general', value: (p) => p.head_name },
    { header: 'Địa chỉ', width: 22, type: 'general', value: (p) => p.household_address || null },
    { header: 'Thôn', width: 18, type: 'general', value: (p) => p.village.name },
    { header: 'Xã', width: 16, type: 'general', value: (p) => p.village.communeName },
    { header: 'Trạng thái', width: 13, type: 'general', value: (p) => PERSON_STATUS_LABELS[p.status] },
    { header: 'Ngày chuyển đi/qua đời', width: 12, type: 'date', value: (p) => dateCell(p.status_date) },
    { header: 'Học sinh THCS/THPT', width: 10, type: 'general', value: (p) => mark(p.is_student) },
    { header: 'Lao động DN/HTX', width: 10, type: 'general', value: (p) => mark(p.is_worker) },
    { header: 'Thành viên Tổ CNSCĐ', width: 10, type: 'general', value: (p) => mark(p.is_team_member) },
    { header: 'Cán bộ, công chức', width: 10, type: 'general', value: (p) => mark(p.is_official) },
  ];
}

const HOUSEHOLD_COLUMNS: SheetColumn<HouseholdExportRow>[] = [
  { header: 'STT', width: 7, type: 'number', value: (_, i) => i },
  { header: 'Số hộ', width: 8, type: 'text', value: (h) => h.code },
  { header: 'Chủ hộ', width: 26, type: 'general', value: (h) => h.head_name },
  { header: 'Địa chỉ', width: 26, type: 'general', value: (h) => h.address || null },
  { header: 'Xóm', width: 14, type: 'general', value: (h) => h.hamlet_group },
  { header: 'Thôn', width: 18, type: 'general', value: (h) => h.village.name },
  { header: 'Xã', width: 16, type: 'general', value: (h) => h.village.communeName },
  { header: 'Số điện thoại', width: 13, type: 'text', value: (h) => h.phone },
  { header: 'Số nhân khẩu', width: 9, type: 'number', value: (h) => h.member_count },
  { header: 'Không có thành viên sử dụng được công nghệ số', width: 16, type: 'general', value: (h) => mark(h.no_capable_member) },
  { header: 'Ngày giải thể', width: 12, type: 'date', value: (h) => dateCell(h.dissolved_at) },
];

export interface XlsxExport {
  stream: NodeJS.ReadableStream;
  disposition: string;
  rows: number;
}

/** People as listed (q, villageId, householdId, status), CCCD masked unless asked and allowed. */
export async function exportPeople(request: FastifyRequest, filter: PeopleFilter & { unmask: boolean }): Promise<XlsxExport> {
  const auth = requireAuth(request);
  if (filter.unmask && !can(auth.role, 'people.cccd.reveal')) throw forbidden('Bạn không có quyền xuất số CCCD đầy đủ.');
  const prepared = await preparePeopleExport(request.db, auth.scope, filter);
  const { unmask, ...filters } = filter;
  const village = filter.villageId ? prepared.villages.find((v) => v.id === filter.villageId) : undefined;
  // Written (and committed: a GET has no transaction) before the first byte leaves.
  await recordAudit(request, {
    action: 'export', entity: 'person', orgUnitId: village?.id ?? auth.orgUnitId,
    detail: { format: 'xlsx', filters: { ...filters, q: prepared.searchedByCccd ? 'CCCD ***' : filters.q }, rows: prepared.total, unmasked: unmask },
  });
  return {
    stream: streamSheet({ sheetName: 'Nhân khẩu', columns: personColumns(unmask), chunks: prepared.chunks(), log: request.log }),
    disposition: attachmentDisposition('Nhân khẩu', village?.name ?? auth.orgName, todayInVietnam()),
    rows: prepared.total,
  };
}

/** Households as listed (villageId, q). */
export async function exportHouseholds(request: FastifyRequest, filter: { villageId?: number; q?: string }): Promise<XlsxExport> {
  const auth = requireAuth(request);
  const prepared = await prepareHouseholdExport(request.db, auth.scope, filter);
  const village = filter.villageId ? prepared.villages.find((v) => v.id === filter.villageId) : undefined;
  await recordAudit(request, {
    action: 'export', entity: 'household', orgUnitId: village?.id ?? auth.orgUnitId,
    detail: { format: 'xlsx', filters: filter, rows: prepared.total, unmasked: false },
  });
  return {
    stream: streamSheet({ sheetName: 'Hộ gia đình', columns: HOUSEHOLD_COLUMNS, chunks: prepared.chunks(), log: request.log }),
    disposition: attachmentDisposition('Hộ gia đình', village?.name ?? auth.orgName, todayInVietnam()),
    rows: prepared.total,
  };
}
