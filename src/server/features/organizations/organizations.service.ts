// The commune's schools, enterprises and cooperatives (issue 22): Phòng VH-XH keeps the list
// and links residents to each (a school's pupils, a cooperative's workers); every reader of
// the registry sees it, with the pupils or workers of their own area and how many of them
// have what the plan counts (HS: trained; LD: basic skills).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../http/actor.ts';
import { conflict, invalid, notFound } from '../../http/app-error.ts';
import { writeAudit } from '../audit/audit.record.ts';
import { unitInScope } from '../org-units/org-units.queries.ts';
import {
  ORGANIZATION_KIND_LABELS,
  type OrganizationInput,
  type OrganizationList,
  type OrganizationPeopleAnswer,
  type OrganizationPeopleInput,
  type OrganizationSummary,
  type OrganizationUpdate,
  type OrganizationView,
  type OrganizationKind,
} from '../../../shared/organizations.ts';
import {
  type OrganizationRow,
  findOrganizations,
  insertOrganization,
  linkPeople,
  organizationCounts,
  organizationMembers,
  peopleToLink,
  servedVillages,
  setServedVillages,
  updateOrganization,
  villagesOfCommune,
} from './organizations.queries.ts';

export const ORGANIZATION_ENTITY = 'organization';
const NOT_FOUND = 'Không tìm thấy trường học, doanh nghiệp hoặc hợp tác xã này trong phạm vi của bạn.';

async function communeInScope(db: Kysely<DB>, actor: Actor, communeId: number) {
  const unit = await unitInScope(db, actor.scope, communeId).catch(() => {
    throw invalid('communeId', 'Xã: không tồn tại hoặc ngoài phạm vi của bạn.');
  });
  if (unit.level !== 'commune') throw invalid('communeId', `Xã: ${unit.name} không phải một xã.`);
  return unit;
}

async function checkPlaces(db: Kysely<DB>, communeId: number, input: { kind: OrganizationKind; villageId: number | null; servedVillageIds: number[] }) {
  if (input.villageId !== null && !(await villagesOfCommune(db, communeId, [input.villageId])).length) {
    throw invalid('villageId', 'Thôn: không thuộc xã này.');
  }
  if (input.kind !== 'school' && input.servedVillageIds.length) throw invalid('servedVillageIds', 'Thôn có học sinh: chỉ ghi cho trường học.');
  if (input.kind === 'school' && !input.servedVillageIds.length) throw invalid('servedVillageIds', 'Thôn có học sinh: chọn ít nhất một thôn mà trường nhận học sinh.');
  const found = await villagesOfCommune(db, communeId, input.servedVillageIds);
  if (found.length !== input.servedVillageIds.length) throw invalid('servedVillageIds', 'Thôn có học sinh: có thôn không thuộc xã này.');
}

async function summaries(db: Kysely<DB>, actor: Actor, rows: OrganizationRow[]): Promise<OrganizationSummary[]> {
  const ids = rows.map((r) => r.id);
  const [villages, counts] = await Promise.all([servedVillages(db, ids), organizationCounts(db, actor.scope, ids)]);
  return rows.map((r) => ({
    id: r.id, commune: { id: r.commune_id, name: r.commune_name }, kind: r.kind, name: r.name, sector: r.sector,
    village: r.village_id ? { id: r.village_id, name: r.village_name ?? '' } : null, contact: r.contact, active: r.active, version: r.version,
    servedVillages: villages.get(r.id) ?? [], ...(counts.get(r.id) ?? { people: 0, reached: 0, sessions: 0 }),
  }));
}

export async function listOrganizations(db: Kysely<DB>, actor: Actor, query: { communeId?: number; kind?: OrganizationKind }): Promise<OrganizationList> {
  return { items: await summaries(db, actor, await findOrganizations(db, actor.scope, query)) };
}

export async function loadOrganization(db: Kysely<DB>, actor: Actor, id: string): Promise<OrganizationRow> {
  const [row] = await findOrganizations(db, actor.scope, { ids: [id] });
  if (!row) throw notFound(NOT_FOUND);
  return row;
}

/** One organization with its pupils or workers in the reader's area (names: audited). */
export async function getOrganization(db: Kysely<DB>, actor: Actor, input: { id: string }): Promise<OrganizationView> {
  const row = await loadOrganization(db, actor, input.id);
  const [[summary], members] = await Promise.all([summaries(db, actor, [row]), organizationMembers(db, actor.scope, row.id)]);
  await writeAudit(db, actor, { action: 'read', entity: ORGANIZATION_ENTITY, entityId: row.id, orgUnitId: row.commune_id, detail: { people: members.length } });
  return {
    ...summary,
    members: members.map((m) => ({
      personId: m.person_id, householdId: m.household_id, fullName: m.full_name, birthYear: m.birth_year,
      village: { id: m.village_id, name: m.village_name }, linked: m.linked, reachedOn: m.reached_on,
    })),
  };
}

export async function createOrganization(db: Kysely<DB>, actor: Actor, input: OrganizationInput): Promise<OrganizationView> {
  const commune = await communeInScope(db, actor, input.communeId);
  const [existing] = await findOrganizations(db, actor.scope, { ids: [input.id] });
  if (existing) {
    if (existing.name !== input.name || existing.kind !== input.kind || existing.commune_id !== commune.id) {
      throw conflict('Mã này đã dùng cho một đơn vị khác.');
    }
    return getOrganization(db, actor, { id: input.id });
  }
  await checkPlaces(db, commune.id, input);
  const same = await findOrganizations(db, actor.scope, { communeId: commune.id, kind: input.kind });
  if (same.some((o) => o.name.trim().toLowerCase() === input.name.trim().toLowerCase())) {
    throw invalid('name', `Tên: xã đã có ${ORGANIZATION_KIND_LABELS[input.kind].toLowerCase()} "${input.name}".`);
  }
  await insertOrganization(db, { ...input, communeId: commune.id, createdBy: actor.accountId });
  await setServedVillages(db, input.id, input.servedVillageIds);
  await writeAudit(db, actor, { action: 'create', entity: ORGANIZATION_ENTITY, entityId: input.id, orgUnitId: commune.id, after: input });
  return getOrganization(db, actor, { id: input.id });
}

export async function changeOrganization(db: Kysely<DB>, actor: Actor, input: OrganizationUpdate & { id: string }): Promise<OrganizationView> {
  const row = await loadOrganization(db, actor, input.id);
  await communeInScope(db, actor, row.commune_id);
  if (row.kind !== input.kind && (await organizationMembers(db, actor.scope, row.id)).some((m) => m.linked)) {
    throw invalid('kind', 'Loại: đơn vị đã có người gắn với nó; bỏ gắn trước khi đổi loại.');
  }
  await checkPlaces(db, row.commune_id, input);
  if (!(await updateOrganization(db, row.id, input.version, input))) {
    throw conflict('Đơn vị đã được người khác thay đổi trong lúc bạn sửa. Tải lại trang rồi sửa lại.');
  }
  await setServedVillages(db, row.id, input.servedVillageIds);
  await writeAudit(db, actor, { action: 'update', entity: ORGANIZATION_ENTITY, entityId: row.id, orgUnitId: row.commune_id, before: row, after: input });
  return getOrganization(db, actor, { id: row.id });
}

/**
 * Links residents as the school's pupils or the enterprise's workers (and unlinks others). A
 * person outside the area, of another commune, or no longer resident is refused on their
 * own row; the others are linked.
 */
export async function linkOrganizationPeople(db: Kysely<DB>, actor: Actor, input: OrganizationPeopleInput & { id: string }): Promise<OrganizationPeopleAnswer> {
  const org = await loadOrganization(db, actor, input.id);
  await communeInScope(db, actor, org.commune_id);
  const people = new Map((await peopleToLink(db, actor.scope, [...input.add, ...input.remove])).map((p) => [p.id, p]));
  const refused: OrganizationPeopleAnswer['refused'] = [];
  const add: string[] = [];
  for (const personId of input.add) {
    const p = people.get(personId.toLowerCase());
    if (!p) refused.push({ personId, message: 'Không có nhân khẩu này trong phạm vi của bạn.' });
    else if (p.commune_id !== org.commune_id) refused.push({ personId, message: `${p.full_name} không cư trú ở xã ${org.commune_name}.` });
    else if (p.status !== 'resident') refused.push({ personId, message: `${p.full_name} không còn cư trú.` });
    else add.push(p.id);
  }
  const remove = input.remove.map((id) => people.get(id.toLowerCase()))
    .filter((p): p is NonNullable<typeof p> => Boolean(p) && (org.kind === 'school' ? p!.school_id === org.id : p!.employer_id === org.id))
    .map((p) => p.id);
  await linkPeople(db, org.kind, org.id, add);
  await linkPeople(db, org.kind, null, remove);
  if (add.length || remove.length) {
    await writeAudit(db, actor, { action: 'update', entity: ORGANIZATION_ENTITY, entityId: org.id, orgUnitId: org.commune_id, detail: { linked: add, unlinked: remove } });
  }
  return { linked: add.length, unlinked: remove.length, refused };
}
