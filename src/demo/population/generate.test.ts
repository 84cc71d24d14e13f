import { validate as isUuid, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import { checkCccd } from '../../shared/cccd.ts';
import { foldVietnamese, normalizeName } from '../../shared/vietnamese.ts';
import { type GeneratedHousehold, generatePopulation, REFERENCE_DATE, villagePlans } from './generate.ts';
import { NAME_POOLS } from './names.ts';
import { BACH_NGOC_MIX, countHouseholds, countVillages, DEMO_SEED, demoTree, provinceTree } from './org-tree.ts';

function demoPopulation(seed = DEMO_SEED): GeneratedHousehold[] {
  const commune = demoTree(seed).communes[0];
  return [...generatePopulation(seed, villagePlans(commune, commune.villages.map((_, index) => 100 + index)))];
}

const demo = demoPopulation();
const people = demo.flatMap((item) => item.people);
const referenceYear = Number(REFERENCE_DATE.slice(0, 4));
const ageOf = (birthYear: number) => referenceYear - birthYear;

describe('population generator', () => {
  it('gives the same rows for the same seed and different rows for another', () => {
    expect(demoPopulation()).toEqual(demo);
    const other = demoPopulation(DEMO_SEED + 1);
    expect(other[0].people[0].full_name === demo[0].people[0].full_name && other[0].household.id === demo[0].household.id).toBe(false);
  });

  it('makes the demo commune about 2,500 households and 10,000 people', () => {
    expect(demo).toHaveLength(2_500);
    expect(people.length).toBeGreaterThan(9_300);
    expect(people.length).toBeLessThan(10_700);
  });

  it('gives every household exactly one head, listed first and referenced by head_person_id', () => {
    const wrong = demo.filter(
      ({ household, people: members }) =>
        members.filter((person) => person.relation_to_head === 'head').length !== 1 ||
        members[0].relation_to_head !== 'head' ||
        household.head_person_id !== members[0].id ||
        members.some((person) => person.household_id !== household.id),
    );
    expect(wrong).toEqual([]);
  });

  it('numbers households uniquely within each village', () => {
    const codes = new Set(demo.map(({ household }) => `${household.village_id}/${household.code}`));
    expect(codes.size).toBe(demo.length);
  });

  it('gives CCCDs consistent with sex and birth year, unique, to most people aged 14 and over', () => {
    const withCccd = people.filter((person) => person.cccd !== null);
    const inconsistent = withCccd.filter((person) => {
      const check = checkCccd(person.cccd ?? '', { sex: person.sex, birthYear: person.birth_year });
      return check.errors.length > 0 || check.warnings.length > 0 || ageOf(person.birth_year) < 14;
    });
    expect(inconsistent).toEqual([]);
    expect(new Set(withCccd.map((person) => person.cccd)).size).toBe(withCccd.length);
    const eligible = people.filter((person) => ageOf(person.birth_year) >= 15);
    const share = eligible.filter((person) => person.cccd !== null).length / eligible.length;
    expect(share).toBeGreaterThan(0.88);
    expect(share).toBeLessThan(0.97);
  });

  it('registers most births under Bạch Ngọc’s pre-2025 province, Hà Giang (002)', () => {
    const codes = people.flatMap((person) => (person.cccd ? [person.cccd.slice(0, 3)] : []));
    expect(codes.filter((code) => code === '002').length / codes.length).toBeGreaterThan(0.7);
  });

  it('writes names in tidy Vietnamese spelling, with family names of the person’s group', () => {
    const odd = people.filter((person) => {
      const family = person.full_name.split(' ')[0];
      return (
        normalizeName(person.full_name) !== person.full_name ||
        !/^[a-z]+( [a-z]+){2,}$/.test(foldVietnamese(person.full_name)) ||
        !NAME_POOLS[person.ethnicity].families.some(([name]) => name === family)
      );
    });
    expect(odd).toEqual([]);
  });

  it('names Mông men with their middle names (A, Mí, Seo…) and Mông women mostly Thị', () => {
    const mong = people.filter((person) => person.ethnicity === 'Mông');
    const middles = (sex: 'male' | 'female') =>
      mong.filter((person) => person.sex === sex).map((person) => person.full_name.split(' ')[1]);
    expect(new Set(middles('male'))).toEqual(new Set(['A', 'Mí', 'Seo', 'Văn', 'Chứ']));
    const female = middles('female');
    expect(female.filter((middle) => middle === 'Thị').length / female.length).toBeGreaterThan(0.7);
  });

  it('follows the commune’s ethnic mix roughly', () => {
    const total = Object.values(BACH_NGOC_MIX).reduce((sum, weight) => sum + (weight ?? 0), 0);
    for (const group of ['Tày', 'Kinh', 'Dao', 'Mông', 'Nùng'] as const) {
      const share = people.filter((person) => person.ethnicity === group).length / people.length;
      expect(Math.abs(share - (BACH_NGOC_MIX[group] ?? 0) / total)).toBeLessThan(0.05);
    }
  });

  it('has a plausible age pyramid and gives only some elderly people a year of birth alone', () => {
    const share = (test: (age: number) => boolean) => people.filter((person) => test(ageOf(person.birth_year))).length / people.length;
    expect(share((age) => age < 15)).toBeGreaterThan(0.2);
    expect(share((age) => age >= 60)).toBeGreaterThan(0.08);
    expect(share((age) => age >= 60)).toBeLessThan(0.2);
    const yearOnly = people.filter((person) => person.birth_date === null);
    expect(yearOnly.every((person) => ageOf(person.birth_year) >= 59)).toBe(true);
    const elderly = people.filter((person) => ageOf(person.birth_year) >= 61).length;
    expect(yearOnly.length / elderly).toBeGreaterThan(0.08);
    expect(yearOnly.length / elderly).toBeLessThan(0.22);
    expect(people.filter((person) => person.birth_date && Number(person.birth_date.slice(0, 4)) !== person.birth_year)).toEqual([]);
  });

  it('sets group flags by age, with about four team members per village', () => {
    const misflagged = people.filter((person) => {
      const age = ageOf(person.birth_year);
      return (
        (person.is_student && (age < 11 || age > 18)) ||
        ((person.is_worker || person.is_team_member) && age < 18) ||
        (person.is_team_member && person.phone === null)
      );
    });
    expect(misflagged).toEqual([]);
    const team = people.filter((person) => person.is_team_member).length;
    expect(team).toBeGreaterThanOrEqual(16 * 3);
    expect(team).toBeLessThanOrEqual(16 * 5);
  });

  it('gives unique 10-digit mobile numbers', () => {
    const phones = people.flatMap((person) => (person.phone ? [person.phone] : []));
    expect(phones.every((phone) => /^0(3[2-9]|5[689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/.test(phone))).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('makes valid, unique, ascending UUIDv7 ids', () => {
    const ids = people.map((person) => person.id);
    expect(ids.every((id) => isUuid(id) && uuidVersion(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(demo.every(({ household }) => isUuid(household.id) && uuidVersion(household.id) === 7)).toBe(true);
  });

  it('opens one residence per person, from birth or a move-in date, never in the future', () => {
    const wrong = demo.flatMap(({ household, people: members, residences }) => {
      if (residences.length !== members.length) return [`${household.id}: ${residences.length} residences`];
      const bad = residences.filter((residence, index) => {
        const person = members[index];
        const born = person.birth_date ?? `${person.birth_year}-01-01`;
        return (
          residence.person_id !== person.id ||
          residence.household_id !== household.id ||
          residence.village_id !== household.village_id ||
          residence.to_date !== null ||
          residence.from_date > REFERENCE_DATE ||
          residence.from_date < born ||
          (residence.start_reason === 'birth' && residence.from_date !== born)
        );
      });
      return bad.map((residence) => `${residence.id} of ${residence.person_id}`);
    });
    expect(wrong).toEqual([]);
  });
});

describe('province tree', () => {
  const tree = provinceTree();

  it('has 124 communes, about 2,000 villages of 8–25 per commune and 500,000 households', () => {
    expect(tree.code).toBe('08');
    expect(tree.communes).toHaveLength(124);
    expect(tree.communes[0]).toMatchObject({ name: 'Bạch Ngọc', code: '00976' });
    expect(tree.communes[0].villages).toHaveLength(16);
    expect(countVillages(tree)).toBeGreaterThan(1_850);
    expect(countVillages(tree)).toBeLessThan(2_150);
    expect(tree.communes.slice(1).every((commune) => commune.villages.length >= 8 && commune.villages.length <= 25)).toBe(true);
    expect(countHouseholds(tree)).toBe(500_000);
  });

  it('names communes uniquely and villages uniquely within a commune', () => {
    expect(new Set(tree.communes.map((commune) => commune.name)).size).toBe(124);
    for (const commune of tree.communes) {
      expect(new Set(commune.villages.map((village) => village.name.toLowerCase())).size).toBe(commune.villages.length);
      expect(commune.villages.every((village) => village.name.startsWith('Thôn ') && normalizeName(village.name) === village.name)).toBe(true);
    }
  });

  it('is the same for the same seed and scales down with fewer communes', () => {
    expect(provinceTree()).toEqual(tree);
    const small = provinceTree({ communes: 5 });
    expect(small.communes).toHaveLength(5);
    expect(countHouseholds(small)).toBe(Math.round((500_000 * 5) / 124));
  });
});
