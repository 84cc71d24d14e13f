// Truyền thông: campaigns, which channels each village has, and activities — recorded at the
// desk or from a phone's outbox through the same checks. A village meeting's ticked households
// are informed from that day (TT): their status is rebuilt in the writer's transaction, and the
// indicators' trigger marks their villages for the aggregates worker.
import type { Kysely } from 'kysely';
import type { ZodError } from 'zod';
import { todayInVietnam } from '../../../shared/calendar.ts';
import {
  COMM_CHANNEL_LABELS,
  FIRST_ACTIVITY_DATE,
  HOUSEHOLD_TICK_CHANNEL,
  VILLAGE_CHANNELS,
  activityIssues,
  type CommActivityInput,
  type CommActivityItem,
  type CommActivityListAnswer,
  type CommActivityListQuery,
  type CommActivityUpdate,
  type CommActivityView,
  type CommCampaignInput,
  type CommCampaignListQuery,
  type CommCampaignUpdate,
  type CommCampaignView,
  type CommChannel,
  type CommFigures,
  type CommSummaryQuery,
  type FieldCommunication,
  type VillageChannelsInput,
  type VillageChannelsView,
} from '../../../shared/communication.ts';
import { can, ROLE_UNIT_LEVEL } from '../../../shared/roles.ts';
import { fieldLabel } from '../../../shared/validation.ts';
import { viDate } from '../../../shared/vietnamese.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../http/app-error.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import { communicationFigures } from './communication.figures.ts';
import { type AttachmentOwner, attachmentsOfOwner, claimAttachments, detachAttachment } from '../attachments/attachments.service.ts';
import {
  type ActivityRow,
  type ActivityWrite,
  type CampaignRow,
  activitiesOutside,
  activityExists,
  attendedHouseholds,
  channelRows,
  deleteActivityIfCurrent,
  findActivity,
  findCampaign,
  householdIdsOf,
  householdsInScope,
  insertActivity,
  insertCampaign,
  listActivities,
  listCampaigns,
  memberRow,
  refreshHouseholds,
  replaceChannels,
  replaceLinks,
  runningCampaigns,
  unitsFacts,
  updateActivityIfCurrent,
  updateCampaignIfCurrent,
  villagesUnder,
} from './communication.queries.ts';

const ACTIVITY_NOT_FOUND = 'Không tìm thấy hoạt động truyền thông hoặc hoạt động ngoài phạm vi của bạn.';
const CAMPAIGN_NOT_FOUND = 'Không tìm thấy đợt truyền thông hoặc đợt ngoài phạm vi của bạn.';
const CHANGED = 'Hoạt động đã được người khác sửa trong lúc bạn thao tác. Tải lại để xem bản mới nhất rồi làm lại.';

/** A refusal naming its field by the label the form shows: "Hình thức: Thôn X không có loa…". */
const refuse = (path: string, text: string) => invalid(path, `${fieldLabel(path)}: ${text}`);

const isVillageActor = (actor: Actor) => ROLE_UNIT_LEVEL[actor.role] === 'village';

function requireWrite(actor: Actor) {
  if (!can(actor.role, 'communication.write')) {
    throw forbidden('Chỉ Phòng Văn hóa - Xã hội, Trung tâm phục vụ hành chính công, trưởng thôn và tổ trưởng Tổ CNSCĐ được ghi hoạt động truyền thông.');
  }
}

// ---- Village channels ----

function channelsView(village: { id: number; name: string }, rows: Awaited<ReturnType<typeof channelRows>>): VillageChannelsView {
  const mine = rows.filter((r) => r.village_id === village.id);
  const latest = mine.reduce<(typeof mine)[number] | undefined>((a, b) => (!a || b.updated_at > a.updated_at ? b : a), undefined);
  return {
    villageId: village.id,
    name: village.name,
    channels: VILLAGE_CHANNELS.map((channel) => {
      const row = mine.find((r) => r.channel === channel);
      return { channel, available: row?.available ?? true, note: row?.note ?? null };
    }),
    updatedAt: latest?.updated_at.toISOString() ?? null,
    updatedBy: latest?.updated_by_name ?? null,
  };
}

/** Every village of a unit (the account's by default) with the channels it has. */
export async function listVillageChannels(db: Kysely<DB>, actor: Actor, query: { orgUnitId?: number }): Promise<VillageChannelsView[]> {
  const unit = await unitInScope(db, actor.scope, query.orgUnitId ?? actor.orgUnitId);
  const villages = await villagesUnder(db, unit.path);
  const rows = await channelRows(db, villages.map((v) => v.id));
  return villages.map((v) => channelsView(v, rows));
}

export async function setVillageChannels(db: Kysely<DB>, actor: Actor, villageId: number, input: VillageChannelsInput): Promise<VillageChannelsView> {
  const unit = await unitInScope(db, actor.scope, villageId);
  if (unit.level !== 'village') throw refuse('villageId', 'chỉ đặt kênh truyền thông cho một thôn.');
  const seen = new Set<string>();
  input.channels.forEach((c, i) => {
    if (seen.has(c.channel)) throw refuse(`channels.${i}.channel`, `${COMM_CHANNEL_LABELS[c.channel]} được khai hai lần.`);
    seen.add(c.channel);
  });
  const before = channelsView(unit, await channelRows(db, [unit.id]));
  await replaceChannels(db, unit.id, input.channels.map((c) => ({ ...c, note: c.note || null })), actor.accountId);
  const after = channelsView(unit, await channelRows(db, [unit.id]));
  await writeAudit(db, actor, { action: 'update', entity: 'village_channels', entityId: unit.id, orgUnitId: unit.id, before: before.channels, after: after.channels });
  return after;
}

// ---- Campaigns ----

function campaignView(row: CampaignRow): CommCampaignView {
  return {
    id: row.id,
    orgUnit: { id: row.org_unit_id, name: row.unit_name },
    name: row.name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    description: row.description,
    version: row.version,
    activities: row.activities,
    createdAt: row.created_at.toISOString(),
  };
}

/** The campaigns of the account's area and of the communes above it (a village reads its commune's). */
export async function listCampaignsFor(db: Kysely<DB>, actor: Actor, query: CommCampaignListQuery): Promise<CommCampaignView[]> {
  const unit = await unitInScope(db, actor.scope, query.orgUnitId ?? actor.orgUnitId);
  return (await listCampaigns(db, unit.path, query.year)).map(campaignView);
}

/** A campaign the actor may read: of a unit in the area, or of the commune above a village account. */
async function loadCampaign(db: Kysely<DB>, actor: Actor, id: string): Promise<CampaignRow> {
  const row = await findCampaign(db, id.toLowerCase());
  const ancestors = actor.orgPath.split('/').filter(Boolean).map(Number);
  if (!row) throw notFound(CAMPAIGN_NOT_FOUND);
  const unit = await db.selectFrom('org_units').select('path').where('id', '=', row.org_unit_id).executeTakeFirst();
  if (!unit || !(unit.path.startsWith(actor.scope.path) || ancestors.includes(row.org_unit_id))) throw notFound(CAMPAIGN_NOT_FOUND);
  return row;
}

export async function createCampaign(db: Kysely<DB>, actor: Actor, input: CommCampaignInput): Promise<CommCampaignView> {
  const unit = await unitInScope(db, actor.scope, input.orgUnitId);
  if (unit.level !== 'commune') throw refuse('orgUnitId', 'đợt truyền thông là của một xã.');
  const id = input.id.toLowerCase();
  const created = await insertCampaign(db, {
    id, org_unit_id: unit.id, name: input.name, starts_on: input.startsOn, ends_on: input.endsOn, description: input.description, created_by: actor.accountId,
  });
  const row = await findCampaign(db, id);
  if (!row) throw notFound(CAMPAIGN_NOT_FOUND);
  if (!created) {
    const same = row.org_unit_id === unit.id && row.name === input.name && row.starts_on === input.startsOn && row.ends_on === input.endsOn && row.description === input.description;
    if (!same) throw conflict('Mã đợt truyền thông này đã dùng cho một đợt khác.');
    return campaignView(row);
  }
  await writeAudit(db, actor, { action: 'create', entity: 'comm_campaign', entityId: id, orgUnitId: unit.id, after: input });
  return campaignView(row);
}

export async function updateCampaign(db: Kysely<DB>, actor: Actor, id: string, input: CommCampaignUpdate): Promise<CommCampaignView> {
  const row = await loadCampaign(db, actor, id);
  await unitInScope(db, actor.scope, row.org_unit_id);
  if (row.version !== input.version) throw conflict('Đợt truyền thông đã được người khác sửa. Tải lại rồi làm lại.', { currentVersion: row.version });
  const outside = await activitiesOutside(db, row.id, input.startsOn, input.endsOn);
  if (outside > 0) throw refuse(input.startsOn > row.starts_on ? 'startsOn' : 'endsOn', `còn ${outside} hoạt động của đợt nằm ngoài thời gian mới; sửa ngày hoặc đợt của các hoạt động đó trước.`);
  const updated = await updateCampaignIfCurrent(db, row.id, input.version, { name: input.name, starts_on: input.startsOn, ends_on: input.endsOn, description: input.description });
  if (!updated) throw conflict('Đợt truyền thông đã được người khác sửa. Tải lại rồi làm lại.');
  const after = (await findCampaign(db, row.id))!;
  await writeAudit(db, actor, { action: 'update', entity: 'comm_campaign', entityId: row.id, orgUnitId: row.org_unit_id, before: campaignView(row), after: input });
  return campaignView(after);
}

// ---- Activities: the rules ----

interface Target {
  communeId: number;
  villages: Array<{ id: number; name: string }>;
}

/**
 * Where the activity happened, checked against the writer's area: the villages (in the area,
 * one commune), or for a commune-wide one the commune. A village head or team leader writes
 * for their own village only.
 */
async function resolveTarget(db: Kysely<DB>, actor: Actor, input: Pick<CommActivityInput, 'villageIds' | 'orgUnitId' | 'channel'>): Promise<Target> {
  const facts = await unitsFacts(db, actor.scope, input.villageIds);
  const villages = input.villageIds.map((id, i) => {
    const unit = facts.get(id);
    if (!unit || unit.level !== 'village') throw refuse(`villageIds.${i}`, 'thôn không tồn tại hoặc ngoài phạm vi của bạn.');
    return unit;
  });
  if (isVillageActor(actor)) {
    if (!villages.length) throw refuse('villageIds', 'chọn thôn của bạn.');
    return { communeId: villages[0].parentId!, villages };
  }
  const communes = new Set(villages.map((v) => v.parentId));
  if (communes.size > 1) throw refuse('villageIds', 'các thôn của một hoạt động phải cùng một xã.');
  if (villages.length) {
    const communeId = villages[0].parentId!;
    if (input.orgUnitId && input.orgUnitId !== communeId) throw refuse('orgUnitId', 'không phải xã của các thôn đã chọn.');
    return { communeId, villages };
  }
  const communeId = input.orgUnitId ?? (actor.orgLevel === 'commune' ? actor.orgUnitId : null);
  if (!communeId) throw refuse('orgUnitId', `chọn xã của hoạt động (hình thức ${COMM_CHANNEL_LABELS[input.channel]} không nêu thôn).`);
  const commune = (await unitsFacts(db, actor.scope, [communeId])).get(communeId);
  if (!commune || commune.level !== 'commune') throw refuse('orgUnitId', 'xã không tồn tại hoặc ngoài phạm vi của bạn.');
  return { communeId, villages: [] };
}

/** Every rule beyond the input's own shape; throws the first refusal, naming its field. */
async function checkActivity(db: Kysely<DB>, actor: Actor, input: CommActivityInput | (CommActivityUpdate & { id: string })): Promise<Target> {
  const shape = activityIssues(input);
  if (shape.length) throw invalid(shape[0].path, shape[0].message);
  const today = todayInVietnam();
  if (input.activityOn < FIRST_ACTIVITY_DATE) throw refuse('activityOn', `không trước ngày ${viDate(FIRST_ACTIVITY_DATE)} (bắt đầu Kế hoạch).`);
  if (input.activityOn > today) throw refuse('activityOn', `không được sau hôm nay (${viDate(today)}).`);

  const target = await resolveTarget(db, actor, input);

  // A channel the village lacks (Phòng VH-XH set it so) cannot have happened there.
  const lacking = (await channelRows(db, target.villages.map((v) => v.id))).filter((r) => r.channel === input.channel && !r.available);
  if (lacking.length) {
    const names = lacking.map((r) => target.villages.find((v) => v.id === r.village_id)?.name ?? '').join(', ');
    const note = lacking.length === 1 && lacking[0].note ? ` (${lacking[0].note})` : '';
    throw refuse('channel', `${names} không có ${COMM_CHANNEL_LABELS[input.channel as CommChannel].toLocaleLowerCase('vi')}${note}.`);
  }

  if (input.campaignId) {
    const campaign = await findCampaign(db, input.campaignId.toLowerCase());
    if (!campaign || campaign.org_unit_id !== target.communeId) throw refuse('campaignId', 'không phải đợt truyền thông của xã này.');
    if (input.activityOn < campaign.starts_on || input.activityOn > campaign.ends_on) {
      throw refuse('activityOn', `ngoài thời gian của đợt "${campaign.name}" (${viDate(campaign.starts_on)} – ${viDate(campaign.ends_on)}).`);
    }
  }

  if (input.ranByMemberId) {
    const member = await memberRow(db, input.ranByMemberId.toLowerCase());
    const villageOk = member && (target.villages.length ? target.villages.some((v) => v.id === member.village_id) : true);
    if (!member || !villageOk) throw refuse('ranByMemberId', 'không phải thành viên Tổ CNSCĐ của thôn đã chọn.');
    if (member.joined_on > input.activityOn || (member.left_on && member.left_on <= input.activityOn)) {
      throw refuse('ranByMemberId', `${member.full_name} không là thành viên Tổ vào ngày ${viDate(input.activityOn)}.`);
    }
  }

  if (input.attendedHouseholdIds.length) {
    const ids = input.attendedHouseholdIds.map((id) => id.toLowerCase());
    const found = await householdsInScope(db, actor.scope, ids);
    const villageIds = new Set(target.villages.map((v) => v.id));
    ids.forEach((id, i) => {
      const household = found.get(id);
      if (!household) throw refuse(`attendedHouseholdIds.${i}`, 'hộ không tồn tại hoặc ngoài phạm vi của bạn.');
      if (!villageIds.has(household.village_id)) throw refuse(`attendedHouseholdIds.${i}`, 'hộ không thuộc thôn của cuộc họp.');
      if (household.dissolved_at && todayInVietnam(household.dissolved_at) <= input.activityOn) throw refuse(`attendedHouseholdIds.${i}`, 'hộ đã giải thể trước ngày họp.');
    });
  }
  return target;
}

/** The unit a photo is scoped to: the activity's one village, else its commune. */
const photoUnit = (target: Target) => (target.villages.length === 1 ? target.villages[0].id : target.communeId);

function writeRow(id: string, input: CommActivityInput | CommActivityUpdate, target: Target): ActivityWrite {
  return {
    id,
    org_unit_id: target.communeId,
    campaign_id: input.campaignId?.toLowerCase() ?? null,
    activity_on: input.activityOn,
    channel: input.channel,
    phase: input.phase,
    topics: [...new Set(input.topics)],
    ran_by: input.ranBy,
    ran_by_member_id: input.ranByMemberId?.toLowerCase() ?? null,
    measures: input.measures,
    notes: input.notes || null,
  };
}

/** The content of an activity, however its keys and lists were ordered, to recognise a resend. */
function fingerprint(a: { campaignId: string | null; activityOn: string; villageIds: number[]; channel: string; phase: string; topics: string[]; ranBy: string; ranByMemberId: string | null; measures: object; attendedHouseholdIds: string[]; photoIds: string[]; notes: string | null }): string {
  const sortedMeasures = Object.fromEntries(Object.entries(a.measures).filter(([, v]) => v !== undefined && v !== null).sort(([x], [y]) => (x < y ? -1 : 1)));
  return JSON.stringify([
    a.campaignId?.toLowerCase() ?? null, a.activityOn, [...a.villageIds].sort((x, y) => x - y), a.channel, a.phase, [...new Set(a.topics)].sort(), a.ranBy,
    a.ranByMemberId?.toLowerCase() ?? null, sortedMeasures, a.attendedHouseholdIds.map((id) => id.toLowerCase()).sort(), a.photoIds.map((id) => id.toLowerCase()).sort(), a.notes || null,
  ]);
}

async function storedFingerprint(db: Kysely<DB>, row: ActivityRow): Promise<string> {
  return fingerprint({
    campaignId: row.campaign_id, activityOn: row.activity_on, villageIds: row.villages.map((v) => v.id), channel: row.channel, phase: row.phase, topics: row.topics,
    ranBy: row.ran_by, ranByMemberId: row.ran_by_member_id, measures: row.measures, attendedHouseholdIds: await householdIdsOf(db, row.id), photoIds: await photoIdsOf(db, row.id), notes: row.notes,
  });
}

// ---- Photos: evidence files (features/attachments) the activity claims ----

export const PHOTO_OWNER = 'comm_activity';

/** Who may see an activity's photos: whoever may read the activity (its ticked households make it personal). */
export const activityPhotoOwner: AttachmentOwner = {
  label: 'hoạt động truyền thông',
  async read(db, actor, ownerId) {
    if (!can(actor.role, 'communication.read')) return null;
    const row = await findActivity(db, actor.scope, ownerId);
    return row ? { orgUnitId: row.org_unit_id, personal: row.household_count > 0 } : null;
  },
};

async function photoIdsOf(db: Kysely<DB>, activityId: string): Promise<string[]> {
  return (await attachmentsOfOwner(db, PHOTO_OWNER, activityId)).map((a) => a.id);
}

/** The activity's photos become exactly `ids`: new ones claimed (uploaded by this account), dropped ones deleted. */
async function setPhotos(db: Kysely<DB>, actor: Actor, activityId: string, orgUnitId: number, ids: string[]): Promise<void> {
  const owner = { entity: PHOTO_OWNER, id: activityId, orgUnitId };
  const wanted = ids.map((id) => id.toLowerCase());
  for (const id of await photoIdsOf(db, activityId)) {
    if (!wanted.includes(id)) await detachAttachment(db, actor, { id, owner });
  }
  await claimAttachments(db, actor, { ids: wanted, owner, field: 'photoIds', imagesOnly: true });
}

// ---- Activities: views ----

function itemOf(row: ActivityRow): CommActivityItem {
  return {
    id: row.id,
    orgUnit: { id: row.org_unit_id, name: row.unit_name },
    activityOn: row.activity_on,
    channel: row.channel,
    phase: row.phase,
    topics: row.topics,
    villages: row.villages,
    campaign: row.campaign_id ? { id: row.campaign_id, name: row.campaign_name ?? '' } : null,
    ranBy: row.ran_by,
    measures: row.measures,
    householdCount: row.household_count,
    photoCount: row.photo_count,
    recordedBy: row.recorded_by_name,
    recordedAt: row.recorded_at.toISOString(),
    fromPhone: row.mutation_id !== null,
  };
}

/** May this actor change the activity: the commune's writers any of their area's, a village's its own village's only. */
function mayEdit(actor: Actor, row: Pick<ActivityRow, 'villages'>): boolean {
  if (!can(actor.role, 'communication.write')) return false;
  if (!isVillageActor(actor)) return true;
  return row.villages.length > 0 && row.villages.every((v) => v.id === actor.orgUnitId);
}

async function activityView(db: Kysely<DB>, actor: Actor, row: ActivityRow): Promise<CommActivityView> {
  // The ticked households name families: shown to registry readers only, and each look audited.
  const households = can(actor.role, 'registry.read') && row.household_count > 0 ? await attendedHouseholds(db, row.id) : [];
  const photos = await attachmentsOfOwner(db, PHOTO_OWNER, row.id);
  if (households.length) {
    await writeAudit(db, actor, { action: 'read', entity: 'comm_activity_households', entityId: row.id, orgUnitId: row.org_unit_id, detail: { households: households.length } });
  }
  return {
    ...itemOf(row),
    ranByMemberId: row.ran_by_member_id,
    notes: row.notes,
    version: row.version,
    attendedHouseholds: households,
    photos: photos.map((p) => ({ id: p.id, width: p.width, height: p.height, byteSize: p.byteSize })),
    can: { edit: mayEdit(actor, row) },
  };
}

export async function getActivity(db: Kysely<DB>, actor: Actor, id: string): Promise<CommActivityView> {
  const row = await findActivity(db, actor.scope, id.toLowerCase());
  if (!row) throw notFound(ACTIVITY_NOT_FOUND);
  return activityView(db, actor, row);
}

export async function listActivitiesFor(db: Kysely<DB>, actor: Actor, query: CommActivityListQuery): Promise<CommActivityListAnswer> {
  const unit = await unitInScope(db, actor.scope, query.orgUnitId ?? actor.orgUnitId);
  let from: string | undefined;
  let to: string | undefined;
  if (query.month) {
    const [y, m] = query.month.split('-').map(Number);
    from = `${query.month}-01`;
    to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  }
  const { rows, total } = await listActivities(db, actor.scope, {
    unitPath: unit.path, villageId: query.villageId, channel: query.channel, from, to, campaignId: query.campaignId?.toLowerCase(),
  }, pageWindow(query));
  return pageAnswer(query, rows.map((r) => itemOf(r)), total);
}

// ---- Activities: writes ----

export interface RecordActivityOptions {
  /** The phone's mutation id when it came through sync. */
  mutationId?: string;
}

/**
 * Checks and stores a new activity in the caller's transaction. The same id with the same
 * content is a no-op answering the stored activity (a phone's resend); other content is a 409.
 */
export async function recordActivity(db: Kysely<DB>, actor: Actor, input: CommActivityInput, options: RecordActivityOptions = {}): Promise<{ view: CommActivityView; created: boolean }> {
  requireWrite(actor);
  const id = input.id.toLowerCase();
  if (await activityExists(db, id)) return { view: await resent(db, actor, id, input), created: false };

  const target = await checkActivity(db, actor, input);
  const created = await insertActivity(db, writeRow(id, input, target), { accountId: actor.accountId, mutationId: options.mutationId ?? null });
  // A concurrent send of the same id committed first: answer as for a resend.
  if (!created) return { view: await resent(db, actor, id, input), created: false };
  const households = input.channel === HOUSEHOLD_TICK_CHANNEL ? input.attendedHouseholdIds.map((h) => h.toLowerCase()) : [];
  await replaceLinks(db, id, target.villages.map((v) => v.id), households);
  await setPhotos(db, actor, id, photoUnit(target), input.photoIds);
  await refreshHouseholds(db, households);
  await writeAudit(db, actor, {
    action: 'create', entity: 'comm_activity', entityId: id, orgUnitId: target.villages.length === 1 ? target.villages[0].id : target.communeId,
    after: input, detail: { source: options.mutationId ? 'sync' : 'desk', mutationId: options.mutationId ?? null },
  });
  const row = await findActivity(db, actor.scope, id);
  return { view: await activityView(db, actor, row!), created: true };
}

async function resent(db: Kysely<DB>, actor: Actor, id: string, input: CommActivityInput): Promise<CommActivityView> {
  const row = await findActivity(db, actor.scope, id);
  // Outside the caller's area the activity is not shown, only refused like different content.
  if (!row || (await storedFingerprint(db, row)) !== fingerprint(input)) {
    throw new AppError(409, 'conflict', 'Mã hoạt động này đã dùng cho một hoạt động có nội dung khác.', [{ path: 'id', message: 'Mã hoạt động này đã dùng cho một hoạt động có nội dung khác.' }]);
  }
  return activityView(db, actor, row);
}

async function loadForChange(db: Kysely<DB>, actor: Actor, id: string): Promise<ActivityRow> {
  requireWrite(actor);
  const row = await findActivity(db, actor.scope, id.toLowerCase());
  if (!row) throw notFound(ACTIVITY_NOT_FOUND);
  if (!mayEdit(actor, row)) throw forbidden('Trưởng thôn và tổ trưởng chỉ sửa được hoạt động của riêng thôn mình.');
  return row;
}

export async function updateActivity(db: Kysely<DB>, actor: Actor, id: string, input: CommActivityUpdate): Promise<CommActivityView> {
  const row = await loadForChange(db, actor, id);
  if (row.version !== input.version) throw conflict(CHANGED, { currentVersion: row.version });
  const target = await checkActivity(db, actor, { ...input, id: row.id });
  const beforeHouseholds = await householdIdsOf(db, row.id);
  if (!(await updateActivityIfCurrent(db, writeRow(row.id, input, target), input.version, actor.accountId))) throw conflict(CHANGED);
  const households = input.channel === HOUSEHOLD_TICK_CHANNEL ? input.attendedHouseholdIds.map((h) => h.toLowerCase()) : [];
  await replaceLinks(db, row.id, target.villages.map((v) => v.id), households);
  await setPhotos(db, actor, row.id, photoUnit(target), input.photoIds);
  // Households no longer ticked may lose their TT (or get a later date); new ones gain it.
  await refreshHouseholds(db, [...beforeHouseholds, ...households]);
  await writeAudit(db, actor, {
    action: 'update', entity: 'comm_activity', entityId: row.id, orgUnitId: row.org_unit_id,
    before: { ...itemOf(row), attendedHouseholdIds: beforeHouseholds }, after: input,
  });
  return activityView(db, actor, (await findActivity(db, actor.scope, row.id))!);
}

export async function deleteActivity(db: Kysely<DB>, actor: Actor, id: string, version: number): Promise<void> {
  const row = await loadForChange(db, actor, id);
  if (row.version !== version) throw conflict(CHANGED, { currentVersion: row.version });
  const households = await householdIdsOf(db, row.id);
  await setPhotos(db, actor, row.id, row.org_unit_id, []);
  if (!(await deleteActivityIfCurrent(db, row.id, version))) throw conflict(CHANGED);
  await refreshHouseholds(db, households);
  await writeAudit(db, actor, { action: 'delete', entity: 'comm_activity', entityId: row.id, orgUnitId: row.org_unit_id, before: { ...itemOf(row), attendedHouseholdIds: households } });
}

// ---- The phone ----

/** A phone's activity that fails its schema, refused with every field named as the forms name it. */
export function activityRefusal(error: ZodError): AppError {
  const fields = error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { path, message: path ? `${fieldLabel(path)}: ${issue.message}` : issue.message };
  });
  return new AppError(400, 'validation', fields.map((f) => f.message).join(' '), fields);
}

/** What the phone needs to record an activity offline in its village: the channels and the campaigns of the weeks around today. */
export async function fieldCommunication(db: Kysely<DB>, actor: Actor, village: { id: number; name: string; parentId: number | null }): Promise<FieldCommunication> {
  const rows = await channelRows(db, [village.id]);
  const today = todayInVietnam();
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const campaigns = village.parentId ? await runningCampaigns(db, village.parentId, yearStart, today) : [];
  return {
    channels: channelsView(village, rows).channels,
    campaigns: campaigns.map((c) => ({ id: c.id, name: c.name, startsOn: c.starts_on, endsOn: c.ends_on })),
    canRecord: can(actor.role, 'communication.write'),
  };
}

// ---- Figures ----

/** The communication of a unit over a period, for the dashboard (figures only: every reader of stats). */
export async function summaryFor(db: Kysely<DB>, actor: Actor, query: CommSummaryQuery): Promise<CommFigures> {
  const unit = await unitInScope(db, actor.scope, query.orgUnitId);
  if (query.to < query.from) throw refuse('to', 'phải sau hoặc bằng Từ ngày.');
  if (Number(query.to.slice(0, 4)) - Number(query.from.slice(0, 4)) > 1) throw refuse('from', 'khoảng ngày tối đa hai năm.');
  return communicationFigures(db, unit, query.from, query.to);
}
