// Deterministic synthetic population: households, people and their open residence rows,
// shaped like the tables of migration 0001 and streamed one household at a time so two
// million people never sit in memory. Used by the demo seed and the province benchmark.
import { CCCD_PROVINCE_CODES, makeCccd } from '../../shared/cccd.ts';
import { IdFactory } from './ids.ts';
import { type Ethnicity, pickFamilyName, pickFullName, type Sex } from './names.ts';
import type { VillageSpec } from './org-tree.ts';
import { hashSeed, Random, type Weighted } from './random.ts';

/** Ages are those on this day (the demo's "today"). */
export const REFERENCE_DATE = '2026-11-25';

export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'other';

export interface HouseholdRow {
  id: string;
  village_id: number;
  code: string;
  address: string;
  hamlet_group: string;
  phone: string | null;
  head_person_id: string;
  no_capable_member: boolean;
}

export interface PersonRow {
  id: string;
  household_id: string;
  village_id: number;
  full_name: string;
  sex: Sex;
  birth_date: string | null;
  birth_year: number;
  ethnicity: Ethnicity;
  phone: string | null;
  cccd: string | null;
  relation_to_head: Relation;
  is_student: boolean;
  is_worker: boolean;
  is_team_member: boolean;
  is_official: boolean;
  status: 'resident';
}

export interface ResidenceRow {
  id: string;
  person_id: string;
  household_id: string;
  village_id: number;
  from_date: string;
  to_date: null;
  start_reason: 'birth' | 'registry';
  end_reason: null;
}

export interface GeneratedHousehold {
  household: HouseholdRow;
  people: PersonRow[];
  residences: ResidenceRow[];
}

/** A village of the org tree with its database id and the CCCD code of local births. */
export interface VillagePlan extends VillageSpec {
  id: number;
  homeCccdProvince: string;
}

const DAY_MS = 86_400_000;

// Provinces people moved in from, besides the home one: neighbours and the delta
// provinces that sent settlers to the northern mountains.
const ORIGIN_PROVINCES: readonly Weighted<string>[] = [
  ['008', 20], ['002', 20], ['015', 10], ['025', 10], ['006', 6], ['010', 6], ['004', 4], ['019', 4],
  ['034', 5], ['036', 4], ['001', 4], ['026', 3], ['037', 2], ['030', 2],
];

// Mobile prefixes of 10-digit numbers (since 2018), weighted towards Viettel, which covers
// the mountains best.
const MOBILE_PREFIXES: readonly Weighted<string>[] = [
  ['086', 5], ['096', 6], ['097', 8], ['098', 8], ['032', 4], ['033', 4], ['034', 4], ['035', 4],
  ['036', 4], ['037', 4], ['038', 4], ['039', 4], ['088', 2], ['091', 5], ['094', 4], ['081', 2],
  ['082', 2], ['083', 2], ['084', 2], ['085', 2], ['089', 2], ['090', 3], ['093', 3], ['070', 1],
  ['076', 1], ['077', 1], ['078', 1], ['079', 1], ['092', 1], ['056', 1], ['058', 1], ['099', 0.5],
  ['059', 0.5],
];

type HouseholdKind =
  | 'nuclear'
  | 'three-generation'
  | 'elder-headed'
  | 'young-couple'
  | 'elderly-couple'
  | 'elderly-alone'
  | 'single-parent'
  | 'with-sibling';

const HOUSEHOLD_KINDS: readonly Weighted<HouseholdKind>[] = [
  ['nuclear', 44],
  ['three-generation', 17],
  ['elder-headed', 15],
  ['young-couple', 6],
  ['elderly-couple', 5],
  ['elderly-alone', 4],
  ['single-parent', 5],
  ['with-sibling', 4],
];

const HIGHLAND_GROUPS = new Set<Ethnicity>(['Mông', 'Dao', 'Pà Thẻn', 'La Chí']);

/** One member before dates, ids and numbers are given. */
interface Draft {
  relation: Relation;
  sex: Sex;
  age: number;
  ethnicity: Ethnicity;
  familyName: string;
  /** Born into this household's village (vs. married or moved in). */
  native: boolean;
  /** Age at which a non-native member arrived, when not with the whole household. */
  arrivalAge?: number;
}

/** Per-key counters mapped through a bijective affine permutation of [0, size): unique, random-looking. */
class UniqueSerials {
  private readonly keys = new Map<string, { a: number; b: number; n: number }>();

  constructor(private readonly seed: number, private readonly size: number) {}

  next(key: string): number {
    let state = this.keys.get(key);
    if (!state) {
      let a = (hashSeed(this.seed, key, 'a') % this.size) | 1;
      // Coprime to 10^k means odd and not a multiple of 5.
      while (a % 5 === 0) a = (a + 2) % this.size;
      state = { a, b: hashSeed(this.seed, key, 'b') % this.size, n: 0 };
      this.keys.set(key, state);
    }
    if (state.n >= this.size) throw new RangeError(`serial space of ${key} exhausted`);
    const value = (state.a * state.n + state.b) % this.size;
    state.n += 1;
    return value;
  }
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export interface GeneratorOptions {
  referenceDate?: string;
}

export class PopulationGenerator {
  private readonly seed: number;
  private readonly referenceMs: number;
  private readonly referenceParts: [number, number, number];
  private readonly householdIds: IdFactory;
  private readonly personIds: IdFactory;
  private readonly residenceIds: IdFactory;
  private readonly cccdSerials: UniqueSerials;
  private readonly phoneSerials: UniqueSerials;

  constructor(seed: number, options: GeneratorOptions = {}) {
    this.seed = seed;
    const reference = options.referenceDate ?? REFERENCE_DATE;
    const [y, m, d] = reference.split('-').map(Number);
    this.referenceParts = [y, m - 1, d];
    this.referenceMs = Date.UTC(y, m - 1, d);
    // Each table's ids start a month after the previous table's (2 M ids span ~33 minutes).
    const idBase = Date.UTC(2025, 0, 6);
    this.householdIds = new IdFactory(hashSeed(seed, 'households'), idBase);
    this.personIds = new IdFactory(hashSeed(seed, 'people'), idBase + 30 * DAY_MS);
    this.residenceIds = new IdFactory(hashSeed(seed, 'residences'), idBase + 60 * DAY_MS);
    this.cccdSerials = new UniqueSerials(hashSeed(seed, 'cccd'), 1_000_000);
    this.phoneSerials = new UniqueSerials(hashSeed(seed, 'phone'), 10_000_000);
  }

  /** The households of one village, in order. */
  *village(plan: VillagePlan): Generator<GeneratedHousehold> {
    const random = new Random(hashSeed(this.seed, plan.key));
    const mix = Object.entries(plan.ethnicMix) as Array<[Ethnicity, number]>;
    const groups = Math.max(2, Math.round(plan.households / 35));
    // About four team members per village, in households drawn up front; a drawn household
    // with nobody suitable passes its place on to the next one.
    const teamHouseholds = new Set<number>();
    const teamSize = random.int(3, 5);
    while (teamHouseholds.size < Math.min(teamSize, plan.households)) teamHouseholds.add(random.int(0, plan.households - 1));
    let teamPlacesOpen = 0;

    for (let index = 0; index < plan.households; index += 1) {
      if (teamHouseholds.has(index)) teamPlacesOpen += 1;
      const drafts = this.draftHousehold(random, random.weighted(mix), mix);
      const generated = this.materialize(random, plan, index, groups, drafts, teamPlacesOpen > 0);
      if (generated.people.some((person) => person.is_team_member)) teamPlacesOpen -= 1;
      yield generated;
    }
  }

  // ---- household composition ------------------------------------------------------

  private draftHousehold(random: Random, ethnicity: Ethnicity, mix: Array<[Ethnicity, number]>): Draft[] {
    const kind = random.weighted(HOUSEHOLD_KINDS);
    const family = pickFamilyName(random, ethnicity);
    const partnerGroup = (): Ethnicity => (random.chance(0.85) ? ethnicity : random.weighted(mix));
    const spouseOf = (head: Draft, ageGap: number): Draft => {
      const group = partnerGroup();
      const female = head.sex === 'male';
      return {
        relation: 'spouse',
        sex: female ? 'female' : 'male',
        age: Math.max(18, female ? head.age - ageGap : head.age + ageGap),
        ethnicity: group,
        familyName: pickFamilyName(random, group),
        native: random.chance(0.35),
        arrivalAge: random.int(18, 26),
      };
    };
    const gap = () => random.around(3, 6, -2, 12);
    // Children carry their father's family name.
    const fatherFamily = (h: Draft, s: Draft) => (h.sex === 'male' ? h.familyName : s.familyName);
    const head = (age: number, sex: Sex): Draft => ({
      relation: 'head', sex, age, ethnicity, familyName: family, native: random.chance(0.7),
    });

    switch (kind) {
      case 'nuclear': {
        const h = head(random.around(39, 24, 24, 60), random.chance(0.88) ? 'male' : 'female');
        const s = spouseOf(h, gap());
        return [h, s, ...this.children(random, h, s, 'child', fatherFamily(h, s), 30)];
      }
      case 'three-generation': {
        const h = head(random.around(40, 20, 27, 55), random.chance(0.9) ? 'male' : 'female');
        const s = spouseOf(h, gap());
        const parents: Draft[] = [];
        const fatherAge = h.age + random.around(28, 10, 20, 42);
        const bothParents = random.chance(0.35);
        if (bothParents || random.chance(0.25)) {
          parents.push({ relation: 'parent', sex: 'male', age: fatherAge, ethnicity, familyName: family, native: true });
        }
        if (bothParents || parents.length === 0) {
          const age = fatherAge - random.around(3, 6, -2, 10);
          parents.push({ relation: 'parent', sex: 'female', age, ethnicity, familyName: pickFamilyName(random, ethnicity), native: false, arrivalAge: random.int(17, 24) });
        }
        return [h, s, ...parents.filter((p) => p.age <= 98), ...this.children(random, h, s, 'child', fatherFamily(h, s), 28)];
      }
      case 'elder-headed': {
        // An old couple or widow(er) heading the house of a married son and grandchildren.
        const h = head(random.around(68, 20, 56, 86), random.chance(0.7) ? 'male' : 'female');
        const members: Draft[] = [h];
        if (h.sex === 'male' && random.chance(0.75)) members.push(spouseOf(h, gap()));
        const sonFamily = h.sex === 'male' ? family : pickFamilyName(random, ethnicity);
        const son: Draft = {
          relation: 'child', sex: 'male', age: Math.max(22, h.age - random.around(29, 10, 20, 42)),
          ethnicity, familyName: sonFamily, native: true,
        };
        const inLaw = spouseOf(son, gap());
        inLaw.relation = 'other';
        members.push(son, inLaw, ...this.children(random, son, inLaw, 'grandchild', sonFamily, 26));
        if (random.chance(0.25) && son.age > 25) {
          const age = son.age - random.int(3, 9);
          const sex: Sex = random.chance(0.5) ? 'male' : 'female';
          members.push({ relation: 'child', sex, age, ethnicity, familyName: sonFamily, native: true });
        }
        return members;
      }
      case 'young-couple': {
        const h = head(random.around(25, 8, 19, 32), 'male');
        const s = spouseOf(h, random.around(2, 4, -1, 6));
        const members = [h, s];
        if (random.chance(0.45)) {
          members.push({ relation: 'child', sex: random.chance(0.52) ? 'male' : 'female', age: random.int(0, 2), ethnicity, familyName: family, native: true });
        }
        return members;
      }
      case 'elderly-couple': {
        const h = head(random.around(72, 20, 60, 92), 'male');
        return [h, spouseOf(h, gap())];
      }
      case 'elderly-alone':
        return [head(random.around(78, 22, 62, 99), random.chance(0.72) ? 'female' : 'male')];
      case 'single-parent': {
        const h = head(random.around(42, 20, 27, 58), random.chance(0.75) ? 'female' : 'male');
        const childFamily = h.sex === 'male' ? family : pickFamilyName(random, ethnicity);
        return [h, ...this.children(random, h, undefined, 'child', childFamily, 26, 3)];
      }
      case 'with-sibling': {
        const h = head(random.around(36, 16, 25, 52), 'male');
        const s = spouseOf(h, gap());
        const sibling: Draft = {
          relation: 'sibling', sex: random.chance(0.5) ? 'male' : 'female',
          age: Math.max(18, h.age + random.around(0, 14, -10, 10)), ethnicity, familyName: family, native: true,
        };
        return [h, s, sibling, ...this.children(random, h, s, 'child', fatherFamily(h, s), 24)];
      }
    }
  }

  /** Children of a couple (or one parent), by the mother's age and the group's family size. */
  private children(
    random: Random, a: Draft, b: Draft | undefined, relation: 'child' | 'grandchild', familyName: string,
    oldestStaying: number, maxChildren = 5,
  ): Draft[] {
    const mother = a.sex === 'female' ? a : b?.sex === 'female' ? b : undefined;
    const parentAge = mother?.age ?? a.age - 3;
    const highland = HIGHLAND_GROUPS.has(a.ethnicity);
    const wanted = Math.min(
      maxChildren,
      highland
        ? random.weighted<number>([[1, 10], [2, 26], [3, 30], [4, 20], [5, 14]])
        : random.weighted<number>([[0, 2], [1, 13], [2, 44], [3, 28], [4, 13]]),
    );
    const father = a.sex === 'male' ? a : b;
    const ethnicity = father?.ethnicity ?? a.ethnicity;
    const kids: Draft[] = [];
    let birthAge = highland ? random.int(17, 24) : random.int(19, 29);
    for (let k = 0; k < wanted && birthAge <= 44; k += 1) {
      const age = parentAge - birthAge;
      if (age < 0) break;
      // Grown children have mostly left to found their own household.
      const stays = age <= 18 || (age <= oldestStaying && random.chance(0.65));
      if (stays) {
        kids.push({ relation, sex: random.chance(0.52) ? 'male' : 'female', age, ethnicity, familyName, native: true });
      }
      birthAge += random.int(1, 4);
    }
    return kids.sort((x, y) => y.age - x.age);
  }

  // ---- rows -------------------------------------------------------------------------

  private birthDate(random: Random, age: number): number {
    // Uniform over the year of life that ends on the reference date.
    const [y, m, d] = this.referenceParts;
    const latest = Date.UTC(y - age, m, d);
    const earliest = Date.UTC(y - age - 1, m, d) + DAY_MS;
    return earliest + random.int(0, Math.round((latest - earliest) / DAY_MS)) * DAY_MS;
  }

  private phone(random: Random): string {
    const prefix = random.weighted(MOBILE_PREFIXES);
    return prefix + String(this.phoneSerials.next(prefix)).padStart(7, '0');
  }

  private materialize(
    random: Random, plan: VillagePlan, index: number, groups: number, drafts: Draft[], wantsTeamMember: boolean,
  ): GeneratedHousehold {
    const householdId = this.householdIds.next();
    const headDraft = drafts[0];
    const headBirth = this.birthDate(random, headDraft.age);
    // A household whose head was not born here arrived together at some point in the head's adult life.
    const arrivalMs = headDraft.native
      ? undefined
      : Math.min(this.referenceMs - DAY_MS, headBirth + random.int(18, Math.max(18, Math.min(headDraft.age, 45))) * 365 * DAY_MS);

    const people: PersonRow[] = [];
    const residences: ResidenceRow[] = [];
    let teamMemberTaken = !wantsTeamMember;
    for (const draft of drafts) {
      const birthMs = draft === headDraft ? headBirth : this.birthDate(random, draft.age);
      const birthYear = new Date(birthMs).getUTCFullYear();
      // Many elderly people's papers carry only a year of birth.
      const yearOnly = draft.age >= 60 && random.chance(0.15);
      const effectiveBirthMs = yearOnly ? Date.UTC(birthYear, 0, 1) : birthMs;

      let fromMs: number;
      let reason: 'birth' | 'registry';
      if (arrivalMs !== undefined && effectiveBirthMs < arrivalMs) {
        fromMs = arrivalMs;
        reason = 'registry';
      } else if (draft.native || arrivalMs !== undefined) {
        fromMs = effectiveBirthMs;
        reason = 'birth';
      } else {
        const arrivalAge = Math.min(draft.age, draft.arrivalAge ?? random.int(18, 30));
        fromMs = Math.min(this.referenceMs - DAY_MS, effectiveBirthMs + arrivalAge * 365 * DAY_MS + random.int(0, 300) * DAY_MS);
        reason = 'registry';
      }

      const highland = HIGHLAND_GROUPS.has(draft.ethnicity);
      const hasCccd = draft.age >= 14 && random.chance(draft.age < 16 ? 0.82 : 0.94);
      let cccd: string | null = null;
      if (hasCccd) {
        const province = reason === 'birth' || random.chance(0.6) ? plan.homeCccdProvince : random.weighted(ORIGIN_PROVINCES);
        const prefix = makeCccd(province, draft.sex, birthYear, 0).slice(0, 6);
        cccd = prefix + String(this.cccdSerials.next(prefix)).padStart(6, '0');
      }
      let phone = random.chance(phoneShare(draft.age) * (highland ? 0.85 : 1)) ? this.phone(random) : null;

      const isStudent = draft.age >= 11 && draft.age <= 17 && random.chance(draft.age <= 14 ? 0.97 : highland ? 0.6 : 0.8);
      const isOfficial = draft.age >= 23 && draft.age <= 60 && random.chance(0.025);
      const isWorker = !isOfficial && draft.age >= 18 && draft.age <= 55 && random.chance(0.12);
      let isTeamMember = false;
      if (!teamMemberTaken && draft.age >= 18 && draft.age <= 45) {
        isTeamMember = true;
        teamMemberTaken = true;
        // A volunteer helps others on a smartphone, so has a number.
        phone ??= this.phone(random);
      }

      const personId = this.personIds.next();
      people.push({
        id: personId,
        household_id: householdId,
        village_id: plan.id,
        full_name: pickFullName(random, draft.ethnicity, draft.sex, draft.familyName, birthYear),
        sex: draft.sex,
        birth_date: yearOnly ? null : isoDate(birthMs),
        birth_year: birthYear,
        ethnicity: draft.ethnicity,
        phone,
        cccd,
        relation_to_head: draft.relation,
        is_student: isStudent,
        is_worker: isWorker,
        is_team_member: isTeamMember,
        is_official: isOfficial,
        status: 'resident',
      });
      residences.push({
        id: this.residenceIds.next(),
        person_id: personId,
        household_id: householdId,
        village_id: plan.id,
        from_date: isoDate(fromMs),
        to_date: null,
        start_reason: reason,
        end_reason: null,
      });
    }

    const head = people[0];
    const phone = head.phone ?? people.find((person) => person.phone !== null)?.phone ?? null;
    const elderlyOnly = drafts.every((draft) => draft.age >= 60);
    return {
      household: {
        id: householdId,
        village_id: plan.id,
        code: String(index + 1).padStart(3, '0'),
        address: '', // the village and hamlet group say where; no house numbers in these villages
        hamlet_group: `${plan.hamletWord} ${Math.floor((index * groups) / plan.households) + 1}`,
        phone,
        head_person_id: head.id,
        // Old people without a phone are the households a volunteer must be assigned to.
        no_capable_member: elderlyOnly && phone === null && random.chance(0.6),
      },
      people,
      residences,
    };
  }
}

function phoneShare(age: number): number {
  if (age < 15) return 0;
  if (age < 18) return 0.45;
  if (age < 50) return 0.9;
  if (age < 60) return 0.78;
  if (age < 70) return 0.55;
  if (age < 80) return 0.3;
  return 0.1;
}

/** All households of the given villages, in order, from one generator. */
export function* generatePopulation(seed: number, villages: Iterable<VillagePlan>, options: GeneratorOptions = {}): Generator<GeneratedHousehold> {
  const generator = new PopulationGenerator(seed, options);
  for (const village of villages) yield* generator.village(village);
}

/** The villages of a commune with their database ids, ready for the generator. */
export function villagePlans(
  commune: { homeCccdProvince: string; villages: VillageSpec[] },
  villageIds: readonly number[],
): VillagePlan[] {
  if (!(commune.homeCccdProvince in CCCD_PROVINCE_CODES)) throw new RangeError(`unknown CCCD province ${commune.homeCccdProvince}`);
  return commune.villages.map((village, index) => ({ ...village, id: villageIds[index], homeCccdProvince: commune.homeCccdProvince }));
}

