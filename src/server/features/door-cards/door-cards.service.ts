// Household door cards: what the web app prints (head, address, whom to call in the Tổ
// CNSCĐ) and a QR code holding only `<site>/q/<card code>` — a random code, no personal data —
// which the field app turns back into the household when the scanner is allowed to see it.
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { sql } from 'kysely';
import { ROLE_LABELS } from '../../../shared/roles.ts';
import { requireAuth } from '../../http/access.ts';
import { notFound } from '../../http/app-error.ts';
import { inScope } from '../../http/scope.ts';
import { recordAudit } from '../audit/audit.record.ts';
import type { DoorCardsQuery } from './door-cards.schema.ts';
import { pageAnswer, pageWindow } from '../../http/pagination.ts';

/**
 * Whom a card names: the member assigned to the household, else the leader of the village's
 * active team; a village with no team yet falls back to its accounts in these roles.
 */
const FALLBACK_ROLES = ['team_leader', 'village_head'] as const;
type ContactRole = 'assigned_member' | (typeof FALLBACK_ROLES)[number];
const ASSIGNED_MEMBER_LABEL = 'Thành viên Tổ CNSCĐ phụ trách';

export interface DoorCardContact {
  role: ContactRole;
  roleLabel: string;
  fullName: string;
  phone: string | null;
  /** "Tổ trưởng Tổ CNSCĐ: Hoàng Văn An – 0912345678" */
  text: string;
}

export const QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M' } as const;

/** The QR code of a card as an SVG document (made here, so the print page needs no library). */
export function qrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, QR_OPTIONS);
}

/** Where the QR code points: PUBLIC_URL when configured, else the address of this request. */
export function siteOrigin(request: FastifyRequest): string {
  return request.server.config.publicUrl ?? `${request.protocol}://${request.host}`;
}

export const cardUrl = (origin: string, cardCode: string) => `${origin}/q/${encodeURIComponent(cardCode)}`;

export async function doorCards(request: FastifyRequest, query: DoorCardsQuery) {
  const auth = requireAuth(request);
  let base = request.db
    .selectFrom('households as h')
    .innerJoin('org_units as v', 'v.id', 'h.village_id')
    .leftJoin('org_units as c', 'c.id', 'v.parent_id')
    .leftJoin('people as head', 'head.id', 'h.head_person_id')
    .where(inScope(auth.scope, 'h.village_id'));
  if (query.villageId) base = base.where('h.village_id', '=', query.villageId);
  if (query.householdIds?.length) base = base.where('h.id', 'in', query.householdIds);
  else base = base.where('h.dissolved_at', 'is', null); // a whole village: households that still exist

  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  // A chosen household that is missing or outside the area fails the request: a sheet that
  // silently lacks a card would be noticed only at the door.
  if (query.householdIds?.length && total < query.householdIds.length) {
    throw notFound(`Không tìm thấy ${query.householdIds.length - total} hộ trong số đã chọn, hoặc bạn không có quyền xem.`);
  }
  const rows = await base
    .select(['h.id', 'h.card_code', 'h.code', 'h.address', 'h.hamlet_group', 'h.village_id', 'h.assigned_member_id', 'v.name as village_name', 'c.name as commune_name', 'head.full_name as head_name'])
    .orderBy('v.parent_id').orderBy('v.id')
    .orderBy(sql`length(h.code)`).orderBy('h.code').orderBy('h.id')
    .limit(pageWindow(query).limit).offset(pageWindow(query).offset)
    .execute();

  const contactsOf = await cardContacts(request, rows);
  const origin = siteOrigin(request);
  const items = [];
  for (const [i, row] of rows.entries()) {
    // Drawing a code takes a few milliseconds of CPU: let other requests run between batches.
    if (i > 0 && i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
    const qrPayload = cardUrl(origin, row.card_code);
    items.push({
      householdId: row.id,
      cardCode: row.card_code,
      code: row.code,
      headName: row.head_name,
      address: row.address,
      hamletGroup: row.hamlet_group,
      villageId: row.village_id,
      villageName: row.village_name,
      communeName: row.commune_name,
      contacts: contactsOf(row),
      qrPayload,
      qrSvg: await qrSvg(qrPayload),
    });
  }

  // Cards show heads' names and addresses: who printed which households is kept.
  if (items.length) {
    await recordAudit(request, {
      action: 'list', entity: 'household', orgUnitId: query.villageId && items.length ? query.villageId : auth.orgUnitId,
      detail: { purpose: 'door_cards', villageId: query.villageId, results: total, page: query.page, ids: items.map((c) => c.householdId) },
    });
  }
  return pageAnswer(query, items, total);
}

function contact(role: ContactRole, fullName: string, phone: string | null): DoorCardContact {
  const roleLabel = role === 'assigned_member' ? ASSIGNED_MEMBER_LABEL : ROLE_LABELS[role];
  return { role, roleLabel, fullName, phone, text: `${roleLabel}: ${fullName}${phone ? ` – ${phone}` : ''}` };
}

/** The contacts of each card: its assigned member, its village team's leader, or the fallback accounts. */
async function cardContacts(request: FastifyRequest, rows: Array<{ village_id: number; assigned_member_id: string | null }>) {
  const villageIds = [...new Set(rows.map((r) => r.village_id))];
  const memberIds = [...new Set(rows.flatMap((r) => (r.assigned_member_id ? [r.assigned_member_id] : [])))];
  if (!villageIds.length) return () => [];
  // A member without a phone of their own is reached on the phone of their account.
  const memberPhone = sql<string | null>`coalesce(m.phone, a.phone)`;
  const [assigned, leaders, accounts] = await Promise.all([
    memberIds.length
      ? request.db.selectFrom('team_members as m').leftJoin('accounts as a', 'a.id', 'm.account_id')
        .select(['m.id', 'm.full_name', memberPhone.as('phone')])
        .where('m.id', 'in', memberIds).where('m.left_on', 'is', null).execute()
      : Promise.resolve([]),
    request.db.selectFrom('teams as t').innerJoin('team_members as m', 'm.team_id', 't.id').leftJoin('accounts as a', 'a.id', 'm.account_id')
      .select(['t.village_id', 'm.id', 'm.full_name', memberPhone.as('phone')])
      .where('t.village_id', 'in', villageIds).where('t.ended_on', 'is', null)
      .where('m.team_role', '=', 'leader').where('m.left_on', 'is', null)
      .orderBy('m.joined_on')
      .execute(),
    request.db.selectFrom('accounts')
      .select(['org_unit_id', 'role', 'full_name', 'phone'])
      .where('org_unit_id', 'in', villageIds)
      .where('role', 'in', [...FALLBACK_ROLES])
      .where('disabled_at', 'is', null)
      .orderBy(sql`role = 'team_leader'`, 'desc').orderBy('full_name')
      .execute(),
  ]);
  const assignedById = new Map(assigned.map((m) => [m.id, m]));
  const leaderByVillage = new Map<number, (typeof leaders)[number]>();
  for (const leader of leaders) if (!leaderByVillage.has(leader.village_id)) leaderByVillage.set(leader.village_id, leader);
  const fallback = new Map<number, DoorCardContact[]>();
  for (const account of accounts) {
    const list = fallback.get(account.org_unit_id) ?? [];
    list.push(contact(account.role as ContactRole, account.full_name, account.phone));
    fallback.set(account.org_unit_id, list);
  }
  return (row: { village_id: number; assigned_member_id: string | null }): DoorCardContact[] => {
    const member = row.assigned_member_id ? assignedById.get(row.assigned_member_id) : undefined;
    const leader = leaderByVillage.get(row.village_id);
    const list: DoorCardContact[] = [];
    if (member) list.push(contact('assigned_member', member.full_name, member.phone));
    if (leader && leader.id !== member?.id) list.push(contact('team_leader', leader.full_name, leader.phone));
    return list.length ? list : (fallback.get(row.village_id) ?? []);
  };
}

/** A scanned card → its household, when the scanner's area includes it (404 otherwise, alike). */
export async function resolveCard(request: FastifyRequest, cardCode: string) {
  const auth = requireAuth(request);
  const household = await request.db
    .selectFrom('households as h')
    .select(['h.id', 'h.village_id'])
    .where('h.card_code', '=', cardCode)
    .where(inScope(auth.scope, 'h.village_id'))
    .executeTakeFirst();
  if (!household) throw notFound('Không tìm thấy hộ của thẻ này, hoặc hộ không thuộc địa bàn của bạn.');
  await recordAudit(request, { action: 'read', entity: 'household', entityId: household.id, orgUnitId: household.village_id, detail: { via: 'door_card' } });
  return { householdId: household.id };
}
