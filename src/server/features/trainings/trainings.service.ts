// Trainings (tập huấn): plan one for the commune and invite villages, change it (its state
// too: held, cancelled), take attendance — on the desk, or on the team leader's phone through
// sync (the same function) — with photos of the signed sheet, read a training (its members'
// names: audited), the sign-in sheet, the figures and the members never trained.
import type { Kysely } from 'kysely';
import QRCode from 'qrcode';
import { addDays, todayInVietnam } from '../../../shared/calendar.ts';
import {
  ONLINE_METHODS,
  TRAINING_TOPICS,
  TRAINING_METHODS,
  type AttendanceInput,
  type FieldTraining,
  type InvitedMember,
  type NeverTrainedAnswer,
  type NeverTrainedQuery,
  type SignInSheet,
  type TrainingFigures,
  type TrainingFiguresQuery,
  type TrainingInput,
  type TrainingListAnswer,
  type TrainingListQuery,
  type TrainingReport,
  type TrainingSummary,
  type TrainingUpdate,
  type TrainingView,
} from '../../../shared/trainings.ts';
import { can } from '../../../shared/roles.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { attachmentsOfOwner, claimAttachments, detachAttachment } from '../attachments/attachments.service.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import {
  type InvitedMemberRow,
  type TrainingRow,
  type TrainingValues,
  currentAttendance,
  eligibleMembers,
  fieldTrainings,
  findTraining,
  insertTraining,
  invitedMembers,
  invitedVillages,
  listTrainings,
  markHeld,
  memberNames,
  neverTrained,
  setInvitations,
  trainingCounts,
  trainingExists,
  unitFigures,
  updateTraining,
  upsertAttendance,
  villageFigures,
  villagesUnder,
} from './trainings.queries.ts';

export const TRAINING_ENTITY = 'training';
const NOT_FOUND = 'Không tìm thấy lớp tập huấn hoặc lớp tập huấn ngoài phạm vi của bạn.';
const CHANGED = 'Lớp tập huấn đã được người khác thay đổi trong lúc bạn sửa. Tải lại trang để xem bản mới nhất rồi sửa lại.';
/** The phone shows trainings that ended at most this many days ago, and every upcoming one. */
export const FIELD_TRAININGS_DAYS = 60;

async function loadTraining(db: Kysely<DB>, actor: Actor, id: string): Promise<TrainingRow> {
  const row = await findTraining(db, id, actor.scope.path);
  if (!row) throw notFound(NOT_FOUND);
  return row;
}

/** Writers (Phòng VH-XH, Đoàn TN, admin) change trainings of a commune in their area. */
function refuseUnlessWriter(actor: Actor, row: TrainingRow) {
  if (!can(actor.role, 'trainings.write') || !row.unit_path.startsWith(actor.scope.path)) {
    throw forbidden('Chỉ Phòng Văn hóa - Xã hội hoặc Đoàn Thanh niên xã được sửa lớp tập huấn.');
  }
}

/** The commune a training belongs to: in the caller's area, a commune. */
async function communeOf(db: Kysely<DB>, actor: Actor, orgUnitId: number) {
  const unit = await unitInScope(db, actor.scope, orgUnitId).catch(() => {
    throw invalid('orgUnitId', 'Đơn vị: không tồn tại hoặc ngoài phạm vi của bạn.');
  });
  if (unit.level !== 'commune') throw invalid('orgUnitId', `Đơn vị: lớp tập huấn thuộc một xã; ${unit.name} không phải xã.`);
  return unit;
}

async function checkVillages(db: Kysely<DB>, commune: { path: string; name: string }, ids: number[]) {
  const found = await villagesUnder(db, ids, commune.path);
  if (found.length !== ids.length) throw invalid('villageIds', `Thôn được mời: có thôn không thuộc xã ${commune.name} (hoặc không còn hoạt động).`);
}

const valuesOf = (input: Omit<TrainingValues, never>): TrainingValues => ({
  title: input.title, topics: [...input.topics].sort((a, b) => TRAINING_TOPICS.indexOf(a as never) - TRAINING_TOPICS.indexOf(b as never)),
  method: input.method, platform: ONLINE_METHODS.includes(input.method) ? input.platform : null, integratedWith: input.integratedWith,
  organiser: input.organiser, trainer: input.trainer, place: input.place, startsAt: input.startsAt, endsAt: input.endsAt,
  costVnd: input.costVnd, notes: input.notes,
});

// ---- Views ----

function presentMember(r: InvitedMemberRow): InvitedMember {
  return {
    memberId: r.member_id, fullName: r.full_name, teamRole: r.team_role, phone: r.phone, village: { id: r.village_id, name: r.village_name },
    attendance: r.status ? {
      status: r.status, completed: Boolean(r.completed), certificateNo: r.certificate_no, certificateDate: r.certificate_date,
      recordedBy: r.recorded_by_name ?? '', recordedAt: r.recorded_at!.toISOString(),
    } : null,
  };
}

function summaryOf(row: TrainingRow, villages: Array<{ id: number; name: string }>, counts: { invited: number; present: number; completed: number; recorded: number; photos: number }): TrainingSummary {
  return {
    id: row.id, orgUnit: { id: row.org_unit_id, name: row.unit_name }, title: row.title, topics: row.topics, method: row.method,
    platform: row.platform, integratedWith: row.integrated_with, place: row.place, startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(),
    status: row.status, villages, invited: counts.invited, present: counts.present, completed: counts.completed,
    unrecorded: counts.invited - counts.recorded, photos: counts.photos,
  };
}

/** Why attendance cannot be taken on a training today, or null. */
function attendanceBlocked(row: TrainingRow, today: string): string | null {
  if (row.status === 'cancelled') return 'Lớp tập huấn đã hủy: không điểm danh.';
  if (row.first_day > today) return `Lớp tập huấn bắt đầu ngày ${viDate(row.first_day)}: điểm danh từ ngày đó.`;
  return null;
}

/** A team leader takes attendance of the villages of their own area only (their team's members). */
const mayTakeAttendance = (actor: Actor, villages: Array<{ id: number }>, row: TrainingRow) =>
  can(actor.role, 'trainings.attendance') && (row.unit_path.startsWith(actor.scope.path) || villages.length > 0);

export async function trainingView(db: Kysely<DB>, actor: Actor, row: TrainingRow, today = todayInVietnam()): Promise<TrainingView> {
  const [villages, members, photoList] = await Promise.all([
    invitedVillages(db, [row.id]),
    invitedMembers(db, row.id, actor.scope.path),
    attachmentsOfOwner(db, TRAINING_ENTITY, row.id),
  ]);
  const mine = villages.filter((v) => members.some((m) => m.village_id === v.id));
  const counts = {
    invited: members.length, present: members.filter((m) => m.status === 'present').length, completed: members.filter((m) => m.completed).length,
    recorded: members.filter((m) => m.status).length, photos: photoList.length,
  };
  const writer = can(actor.role, 'trainings.write') && row.unit_path.startsWith(actor.scope.path);
  const blocked = attendanceBlocked(row, today);
  return {
    ...summaryOf(row, villages.map((v) => ({ id: v.id, name: v.name })), counts),
    organiser: row.organiser, trainer: row.trainer, costVnd: row.cost_vnd === null ? null : Number(row.cost_vnd), notes: row.notes,
    version: row.version, createdBy: row.creator_name ?? '',
    members: members.map(presentMember),
    photoList,
    can: { edit: writer, attendance: blocked === null && mayTakeAttendance(actor, mine, row) },
    attendanceBlockedReason: blocked,
  };
}

/** A training and its members' names (personal details: audited). */
export async function getTraining(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<TrainingView> {
  const row = await loadTraining(db, actor, input.id);
  const view = await trainingView(db, actor, row);
  await writeAudit(db, actor, { action: 'read', entity: TRAINING_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id, detail: { members: view.members.length } });
  return view;
}

export async function listTrainingsFor(db: Kysely<DB>, actor: Actor, query: TrainingListQuery): Promise<TrainingListAnswer> {
  const unit = query.orgUnitId ? await unitInScope(db, actor.scope, query.orgUnitId) : null;
  const { rows, total } = await listTrainings(db, {
    scopePath: actor.scope.path, orgUnitPath: unit?.path, year: query.year, status: query.status, countScopePath: actor.scope.path, ...pageWindow(query),
  });
  const villages = await invitedVillages(db, rows.map((r) => r.id));
  const items = rows.map((row) => summaryOf(row, villages.filter((v) => v.training_id === row.id).map((v) => ({ id: v.id, name: v.name })), row));
  return pageAnswer(query, items, total);
}

// ---- Plan, change ----

export async function createTraining(db: Kysely<DB>, actor: Actor, input: TrainingInput): Promise<TrainingView> {
  const commune = await communeOf(db, actor, input.orgUnitId);
  await checkVillages(db, commune, input.villageIds);
  const values = valuesOf(input);
  if (!(await insertTraining(db, { ...values, id: input.id, orgUnitId: commune.id, createdBy: actor.accountId }))) {
    // The same id again: a resend of this account's plan is answered with what was stored.
    const existing = await trainingExists(db, input.id);
    const row = existing && existing.created_by === actor.accountId ? await findTraining(db, input.id, actor.scope.path) : undefined;
    if (!row || row.title !== values.title || row.starts_at.getTime() !== Date.parse(values.startsAt) || row.org_unit_id !== commune.id) {
      throw conflict('Mã lớp tập huấn này đã được dùng cho một lớp khác. Tải lại trang rồi lập lại.');
    }
    return trainingView(db, actor, row);
  }
  await setInvitations(db, input.id, input.villageIds);
  await claimAttachments(db, actor, { ids: input.photoIds, owner: { entity: TRAINING_ENTITY, id: input.id, orgUnitId: commune.id }, field: 'photoIds', imagesOnly: false });
  await writeAudit(db, actor, {
    action: 'create', entity: TRAINING_ENTITY, entityId: input.id, orgUnitId: commune.id,
    after: { ...values, villageIds: input.villageIds, photoIds: input.photoIds },
  });
  return trainingView(db, actor, (await findTraining(db, input.id, actor.scope.path))!);
}

export async function changeTraining(db: Kysely<DB>, actor: Actor, input: TrainingUpdate & { id: string }): Promise<TrainingView> {
  const row = await loadTraining(db, actor, input.id);
  refuseUnlessWriter(actor, row);
  if (row.version !== input.version) throw conflict(CHANGED, { currentVersion: row.version });
  const commune = { path: row.unit_path, name: row.unit_name };
  await checkVillages(db, commune, input.villageIds);
  // A village whose members' attendance is recorded stays invited: un-inviting it would hide that record.
  const before = await invitedVillages(db, [row.id]);
  const dropped = before.filter((v) => !input.villageIds.includes(v.id));
  if (dropped.length) {
    const recorded = await invitedMembers(db, row.id, actor.scope.path);
    const kept = dropped.filter((v) => recorded.some((m) => m.village_id === v.id && m.status));
    if (kept.length) throw invalid('villageIds', `Thôn được mời: ${kept.map((v) => v.name).join(', ')} đã có điểm danh, không bỏ mời được.`);
  }
  const values = valuesOf(input);
  if (!(await updateTraining(db, row.id, input.version, { ...values, status: input.status }))) throw conflict(CHANGED);
  await setInvitations(db, row.id, input.villageIds);
  await writeAudit(db, actor, {
    action: 'update', entity: TRAINING_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id,
    before: { title: row.title, topics: row.topics, method: row.method, startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(), status: row.status, villageIds: before.map((v) => v.id) },
    after: { ...values, status: input.status, villageIds: input.villageIds },
  });
  return trainingView(db, actor, (await findTraining(db, row.id, actor.scope.path))!);
}

// ---- Attendance ----

/**
 * Attendance of some invited members, with photos of the signed sheet: on the desk, or from
 * the team leader's phone (mutationId set; sync calls this under the mutation's savepoint).
 * Every entry is checked before anything is written.
 */
export async function recordAttendance(
  db: Kysely<DB>,
  actor: Actor,
  input: AttendanceInput,
  { mutationId = null, today = todayInVietnam() }: { mutationId?: string | null; today?: string } = {},
): Promise<void> {
  const row = await findTraining(db, input.trainingId, actor.scope.path);
  if (!row) throw invalid('trainingId', 'Lớp tập huấn: không tìm thấy, hoặc không mời thôn của bạn.');
  const blocked = attendanceBlocked(row, today);
  if (blocked) throw invalid('trainingId', `Lớp tập huấn: ${blocked.charAt(0).toLocaleLowerCase('vi')}${blocked.slice(1)}`);
  const ids = input.entries.map((e) => e.memberId.toLowerCase());
  const [eligible, names] = await Promise.all([eligibleMembers(db, row.id, ids), memberNames(db, ids)]);
  const villageOf = new Map(eligible.map((m) => [m.id, m.village_id]));
  const nameOf = new Map(names.map((m) => [m.id, m.full_name]));
  const online = ONLINE_METHODS.includes(row.method);
  const writerOfCommune = can(actor.role, 'trainings.write') && row.unit_path.startsWith(actor.scope.path);
  const onDate = row.first_day === row.last_day ? `ngày ${viDate(row.first_day)}` : `từ ${viDate(row.first_day)} đến ${viDate(row.last_day)}`;
  input.entries.forEach((entry, i) => {
    const id = ids[i];
    const who = nameOf.get(id) ?? `Thành viên mã ${id.slice(-8)}`;
    const path = `entries.${i}`;
    const village = villageOf.get(id);
    if (village === undefined) throw invalid(`${path}.memberId`, `Điểm danh: ${who} không phải thành viên Tổ CNSCĐ của một thôn được mời (${onDate}).`);
    // A team leader (or any account of a village) takes the attendance of their own village's members.
    if (!writerOfCommune && !actor.scope.path.endsWith(`/${village}/`)) throw invalid(`${path}.memberId`, `Điểm danh: ${who} không thuộc Tổ CNSCĐ của thôn bạn.`);
    if (entry.completed && !online) throw invalid(`${path}.completed`, `Hoàn thành khóa học: ${who} — chỉ ghi cho tập huấn trực tuyến.`);
    if (!entry.completed && (entry.certificateNo || entry.certificateDate)) throw invalid(`${path}.certificateNo`, `Số chứng nhận: ${who} — chỉ ghi khi đã hoàn thành khóa học.`);
    if (entry.certificateDate && entry.certificateDate > today) throw invalid(`${path}.certificateDate`, `Ngày cấp chứng nhận: ${who} — không được sau hôm nay (${viDate(today)}).`);
    if (entry.certificateDate && entry.certificateDate < row.first_day) throw invalid(`${path}.certificateDate`, `Ngày cấp chứng nhận: ${who} — trước ngày bắt đầu khóa học (${viDate(row.first_day)}).`);
  });
  const before = await currentAttendance(db, row.id, ids);
  const entries = input.entries.map((e, i) => ({ memberId: ids[i], status: e.status, completed: e.completed, certificateNo: e.certificateNo, certificateDate: e.certificateDate }));
  await upsertAttendance(db, row.id, entries, { accountId: actor.accountId, mutationId });
  if (entries.length) await markHeld(db, row.id);
  await claimAttachments(db, actor, { ids: input.photoIds, owner: { entity: TRAINING_ENTITY, id: row.id, orgUnitId: row.org_unit_id }, field: 'photoIds', imagesOnly: true });
  await writeAudit(db, actor, {
    action: 'update', entity: TRAINING_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id,
    before: { attendance: before },
    after: { attendance: entries },
    detail: { change: 'attendance', via: mutationId ? 'phone' : 'desk', ...(mutationId ? { mutationId } : {}), photoIds: input.photoIds },
  });
}

/** The desk's attendance: the same checks as the phone's, answered with the training. */
export async function takeAttendance(db: Kysely<DB>, actor: Actor, input: AttendanceInput): Promise<TrainingView> {
  await recordAttendance(db, actor, input);
  return trainingView(db, actor, await loadTraining(db, actor, input.trainingId));
}

// ---- Photos ----

export async function addTrainingPhotos(db: Kysely<DB>, actor: Actor, input: { id: string; photoIds: string[] }): Promise<TrainingView> {
  const row = await loadTraining(db, actor, input.id);
  const claimed = await claimAttachments(db, actor, { ids: input.photoIds, owner: { entity: TRAINING_ENTITY, id: row.id, orgUnitId: row.org_unit_id }, field: 'photoIds' });
  if (claimed.length) {
    await writeAudit(db, actor, { action: 'update', entity: TRAINING_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id, detail: { change: 'photos_added', photoIds: claimed } });
  }
  return trainingView(db, actor, row);
}

export async function removeTrainingPhoto(db: Kysely<DB>, actor: Actor, input: { id: string; attachmentId: string }): Promise<TrainingView> {
  const row = await loadTraining(db, actor, input.id);
  refuseUnlessWriter(actor, row);
  await detachAttachment(db, actor, { id: input.attachmentId, owner: { entity: TRAINING_ENTITY, id: row.id, orgUnitId: row.org_unit_id } });
  return trainingView(db, actor, row);
}

/** Who may see a training's photos: whoever may read the training (the sheet has names: audited). */
export async function trainingPhotoAccess(db: Kysely<DB>, actor: Actor, trainingId: string) {
  if (!can(actor.role, 'trainings.read')) return null;
  const row = await findTraining(db, trainingId, actor.scope.path);
  return row ? { orgUnitId: row.org_unit_id, personal: true } : null;
}

// ---- Sign-in sheet ----

export async function signInSheet(db: Kysely<DB>, actor: Actor, input: { id: string; origin: string }): Promise<SignInSheet> {
  const row = await loadTraining(db, actor, input.id);
  const view = await trainingView(db, actor, row);
  const url = `${input.origin}/tap-huan/${row.id}`;
  await writeAudit(db, actor, { action: 'export', entity: TRAINING_ENTITY, entityId: row.id, orgUnitId: row.org_unit_id, detail: { sheet: 'sign_in', members: view.members.length } });
  const { members, photoList: _photos, can: _can, attendanceBlockedReason: _b, costVnd: _c, notes: _n, version: _v, createdBy: _cb, ...training } = view;
  return {
    training: { ...training, organiser: view.organiser, trainer: view.trainer },
    members: members.map(({ attendance: _a, ...m }) => m),
    url,
    qrSvg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }),
  };
}

// ---- Figures ----

/** The period: from / to as given, by default the year so far (today in Vietnam). */
function periodOf(query: { from?: string; to?: string }, today: string) {
  const to = query.to ?? today;
  const from = query.from ?? `${to.slice(0, 4)}-01-01`;
  if (to < from) throw invalid('to', 'Đến ngày: phải sau hoặc bằng Từ ngày.');
  return { from, to };
}

export async function trainingFigures(db: Kysely<DB>, actor: Actor, query: TrainingFiguresQuery, today = todayInVietnam()): Promise<TrainingFigures> {
  const unit = await unitInScope(db, actor.scope, query.orgUnitId ?? actor.orgUnitId);
  const { from, to } = periodOf(query, today);
  const [villages, totals, counts] = await Promise.all([villageFigures(db, unit.path, from, to), unitFigures(db, unit.path, from, to), trainingCounts(db, unit.path, from, to)]);
  const ratio = (trained: number) => ({ trained, members: totals.members });
  return {
    unit: { id: unit.id, name: unit.name, level: unit.level },
    from, to,
    trainings: { held: counts.held, planned: counts.planned, cancelled: counts.cancelled },
    total: ratio(totals.trained),
    byTopic: Object.fromEntries(TRAINING_TOPICS.map((t) => [t, ratio(totals.topics[t])])) as TrainingFigures['byTopic'],
    byMethod: Object.fromEntries(TRAINING_METHODS.map((m) => [m, ratio(totals.methods[m])])) as TrainingFigures['byMethod'],
    villages: villages.map((v) => ({ id: v.village_id, name: v.village_name, total: { trained: v.trained, members: v.members }, byTopic: v.topics, byMethod: v.methods })),
    neverTrained: totals.neverTrained,
  };
}

/** Active members never trained: the next ones to invite (names: audited). */
export async function neverTrainedList(db: Kysely<DB>, actor: Actor, query: NeverTrainedQuery, today = todayInVietnam()): Promise<NeverTrainedAnswer> {
  const unit = await unitInScope(db, actor.scope, query.orgUnitId ?? actor.orgUnitId);
  const asOf = query.asOf ?? today;
  const rows = await neverTrained(db, unit.path, asOf);
  await writeAudit(db, actor, { action: 'list', entity: 'team_member', orgUnitId: unit.id, detail: { list: 'never_trained', asOf, results: rows.length } });
  return {
    asOf,
    items: rows.map((r) => ({ memberId: r.member_id, fullName: r.full_name, teamRole: r.team_role, phone: r.phone, joinedOn: r.joined_on, village: { id: r.village_id, name: r.village_name } })),
  };
}

/** For the frozen figures of a report: the unit's trainings of [from, to], its villages one by one. */
export async function trainingReportFigures(db: Kysely<DB>, path: string, from: string, to: string): Promise<TrainingReport> {
  const [totals, counts, villages] = await Promise.all([unitFigures(db, path, from, to), trainingCounts(db, path, from, to), villageFigures(db, path, from, to)]);
  return {
    held: counts.held, topics: counts.heldTopics, methods: counts.heldMethods, trained: totals.trained, members: totals.members,
    byTopic: totals.topics, byMethod: totals.methods,
    villages: villages.map((v) => ({ name: v.village_name, trained: v.trained, members: v.members })),
  };
}

// ---- The phone ----

/** The village's trainings for its team leader's phone: from 60 days back, and every upcoming one. */
export async function trainingsForPhone(db: Kysely<DB>, actor: Actor, villageId: number, today = todayInVietnam()): Promise<FieldTraining[]> {
  if (!can(actor.role, 'trainings.attendance')) return [];
  const rows = await fieldTrainings(db, villageId, addDays(today, -FIELD_TRAININGS_DAYS));
  const out: FieldTraining[] = [];
  for (const row of rows) {
    const members = (await invitedMembers(db, row.id, actor.scope.path)).filter((m) => m.village_id === villageId);
    out.push({
      id: row.id, title: row.title, topics: row.topics, method: row.method, platform: row.platform, place: row.place,
      startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(), status: row.status, photos: row.photos,
      members: members.map((m) => { const p = presentMember(m); return { memberId: p.memberId, fullName: p.fullName, teamRole: p.teamRole, attendance: p.attendance }; }),
    });
  }
  return out;
}
