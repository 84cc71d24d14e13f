// Live reads of the phone's copy for the pages: they re-render when a write or a pull
// changes what they show.
import { useLiveQuery } from 'dexie-react-hooks';
import type { SyncHousehold, SyncPerson } from '../../shared/sync.ts';
import { foldVietnamese } from '../../shared/vietnamese.ts';
import { fieldDb, getMetas, type MyEvent } from './field-db.ts';
import { isResident } from './field-rules.ts';

export interface VillageData {
  households: SyncHousehold[];
  /** Residents by household, the head first. */
  membersOf: Map<string, SyncPerson[]>;
}

/**
 * The village as the phone holds it, or undefined while it is read and until the first pull
 * has landed (no cursor yet): an empty phone during its first sync must read "loading", never
 * "0 hộ còn chưa đạt", which says there is nothing to do.
 */
export function useVillageData(): VillageData | undefined {
  return useLiveQuery(async () => {
    const db = fieldDb();
    const [households, people, { cursor }] = await Promise.all([db.households.toArray(), db.people.toArray(), getMetas(['cursor'] as const)]);
    if (!cursor) return undefined;
    return { households, membersOf: groupMembers(households, people) };
  }, []);
}

export function groupMembers(households: SyncHousehold[], people: SyncPerson[]): Map<string, SyncPerson[]> {
  const heads = new Map(households.map((h) => [h.id, h.headPersonId]));
  const out = new Map<string, SyncPerson[]>();
  for (const p of people) {
    if (!isResident(p)) continue;
    const list = out.get(p.householdId) ?? [];
    list.push(p);
    out.set(p.householdId, list);
  }
  for (const [id, list] of out) {
    const head = heads.get(id);
    list.sort((a, b) => (a.id === head ? -1 : b.id === head ? 1 : a.birthYear - b.birthYear || a.fullName.localeCompare(b.fullName, 'vi')));
  }
  return out;
}

/** Folded names of the household's people, for a search with or without diacritics. */
export function householdSearchKey(household: SyncHousehold, members: SyncPerson[]): string {
  return foldVietnamese([...members.map((m) => m.fullName), household.address, household.code ?? ''].join(' | '));
}

export interface HouseholdData {
  household: SyncHousehold | null;
  members: SyncPerson[];
  events: MyEvent[];
}

export function useHouseholdData(id: string | undefined): HouseholdData | undefined {
  return useLiveQuery(async () => {
    if (!id) return { household: null, members: [], events: [] };
    const db = fieldDb();
    const [household, people, events] = await Promise.all([
      db.households.get(id),
      db.people.where('householdId').equals(id).toArray(),
      db.myEvents.where('householdId').equals(id).toArray(),
    ]);
    const members = household ? groupMembers([household], people).get(id) ?? [] : [];
    events.sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
    return { household: household ?? null, members, events };
  }, [id]);
}

export function useFieldMeta() {
  return useLiveQuery(() => getMetas(['figures', 'figuresAt', 'lastSyncAt', 'village', 'cursor'] as const), []);
}

export function useMyEvents(): MyEvent[] | undefined {
  return useLiveQuery(async () => {
    const events = await fieldDb().myEvents.toArray();
    return events.sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  }, []);
}
