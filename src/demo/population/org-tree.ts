// The org structure the generator fills: Tuyên Quang province, the demo commune Bạch Ngọc
// with its 16 villages, and for the province-scale benchmark 123 more generated communes
// (≈2,000 villages, ≈500,000 households in all). Deterministic for a given seed.
import type { Ethnicity } from './names.ts';
import { Random } from './random.ts';

export type EthnicMix = Partial<Record<Ethnicity, number>>;

export interface VillageSpec {
  /** Stable key of the village inside the tree (seeds its random stream). */
  key: string;
  name: string;
  households: number;
  ethnicMix: EthnicMix;
  /** What the village calls its hamlet groups. */
  hamletWord: 'Xóm' | 'Tổ';
}

export interface CommuneSpec {
  key: string;
  /** Official commune code (mã đơn vị hành chính cấp xã), null when generated. */
  code: string | null;
  name: string;
  /**
   * CCCD code of the province where births here were registered. The 2025 merger joined Hà
   * Giang into Tuyên Quang, and CCCD numbers keep the pre-merger code: people born in a
   * former Hà Giang commune such as Bạch Ngọc (then Vị Xuyên district) carry 002.
   */
  homeCccdProvince: string;
  villages: VillageSpec[];
}

export interface ProvinceSpec {
  code: string;
  name: string;
  communes: CommuneSpec[];
}

export const PROVINCE = { code: '08', name: 'Tuyên Quang' } as const;

/**
 * Bạch Ngọc after the 2025 arrangement of commune-level units: code 00976 in province 08,
 * as listed in public post-merger ward datasets (e.g. the `wards` table of a 2025 pg_dump of
 * the 34-province list: "00976 bach_ngoc Xã Bạch Ngọc … 08"). The code is the former Bạch
 * Ngọc commune's, Vị Xuyên, Hà Giang. Check against the official list before production.
 */
export const DEMO_COMMUNE = { code: '00976', name: 'Bạch Ngọc', homeCccdProvince: '002' } as const;

export const DEMO_SEED = 20261125;
export const DEMO_HOUSEHOLDS = 2_500;
export const PROVINCE_COMMUNES = 124;
export const PROVINCE_HOUSEHOLDS = 500_000;

/** The commune's population by ethnic group, roughly (the plan calls it a mountain commune). */
export const BACH_NGOC_MIX: EthnicMix = {
  Tày: 45, Kinh: 25, Dao: 15, Mông: 8, Nùng: 5, 'Sán Chay': 1.2, Giáy: 0.4, 'Pà Thẻn': 0.2, 'La Chí': 0.2,
};

const PROVINCE_MIX: EthnicMix = {
  Tày: 30, Kinh: 35, Dao: 13, Mông: 12, Nùng: 5, 'Sán Chay': 3, Giáy: 1, 'Pà Thẻn': 0.5, 'La Chí': 0.5,
};

/**
 * The 16 villages of the demo. The real village list of Bạch Ngọc was not found in any
 * source we could check, so these are plausible Tày and Vietnamese village names, each
 * with the group that mostly lives there (villages in the mountains are ethnically
 * clustered; together they give the commune mix above).
 */
const DEMO_VILLAGES: ReadonlyArray<readonly [name: string, dominant: Ethnicity]> = [
  ['Thôn Nà Pồng', 'Tày'],
  ['Thôn Bản Bó', 'Tày'],
  ['Thôn Nà Sát', 'Tày'],
  ['Thôn Bản Khiếu', 'Tày'],
  ['Thôn Nà Thác', 'Tày'],
  ['Thôn Bản Tàn', 'Tày'],
  ['Thôn Phiêng Lang', 'Tày'],
  ['Thôn Làng Mới', 'Kinh'],
  ['Thôn Tân Sơn', 'Kinh'],
  ['Thôn Ngọc Hà', 'Kinh'],
  ['Thôn Trung Tâm', 'Kinh'],
  ['Thôn Khuổi Vài', 'Dao'],
  ['Thôn Khuổi Luông', 'Dao'],
  ['Thôn Pác Sáp', 'Dao'],
  ['Thôn Lũng Càng', 'Mông'],
  ['Thôn Cốc Chủ', 'Nùng'],
];

/** Share of a village's people from its dominant group on top of the commune mix. */
const DOMINANT_SHARE = 0.55;

function villageMix(communeMix: EthnicMix, dominant: Ethnicity): EthnicMix {
  const total = Object.values(communeMix).reduce((sum, weight) => sum + (weight ?? 0), 0);
  const mix: EthnicMix = {};
  for (const [group, weight] of Object.entries(communeMix) as Array<[Ethnicity, number]>) {
    mix[group] = ((1 - DOMINANT_SHARE) * weight) / total;
  }
  mix[dominant] = (mix[dominant] ?? 0) + DOMINANT_SHARE;
  return mix;
}

/** Splits `total` into integers proportional to `weights` (largest remainder), summing exactly. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((value, index) => [value - Math.floor(value), index] as const).sort((a, b) => b[0] - a[0]);
  for (const [, index] of byRemainder) {
    if (left === 0) break;
    counts[index] += 1;
    left -= 1;
  }
  return counts;
}

function bachNgoc(random: Random, households = DEMO_HOUSEHOLDS): CommuneSpec {
  const sizes = apportion(households, DEMO_VILLAGES.map(() => 0.6 + random.next() * 0.8));
  return {
    key: 'bach-ngoc',
    code: DEMO_COMMUNE.code,
    name: DEMO_COMMUNE.name,
    homeCccdProvince: DEMO_COMMUNE.homeCccdProvince,
    villages: DEMO_VILLAGES.map(([name, dominant], index) => ({
      key: `bach-ngoc/${index + 1}`,
      name,
      households: sizes[index],
      ethnicMix: villageMix(BACH_NGOC_MIX, dominant),
      hamletWord: random.chance(0.5) ? 'Xóm' : 'Tổ',
    })),
  };
}

/** Tuyên Quang with Bạch Ngọc only: what a commune install starts with. */
export function demoTree(seed = DEMO_SEED): ProvinceSpec {
  return { ...PROVINCE, communes: [bachNgoc(new Random(seed).fork('tree'))] };
}

// Syllables of generated place names: Sino-Vietnamese for communes, Tày, Mông and
// Vietnamese for villages.
const COMMUNE_FIRST = [
  'Tân', 'Minh', 'Yên', 'Phú', 'Hùng', 'Trung', 'Thượng', 'Đồng', 'Vĩnh', 'Kim', 'Ngọc', 'Bình', 'Xuân',
  'Thái', 'Hồng', 'Quang', 'Thanh', 'Tiên', 'Lâm', 'Hòa', 'Phúc', 'Đức', 'Hạ', 'Trường', 'Vân', 'Khánh',
];
const COMMUNE_SECOND = [
  'An', 'Bình', 'Thành', 'Lập', 'Tiến', 'Sơn', 'Hà', 'Lâm', 'Phong', 'Quang', 'Yên', 'Thuận', 'Hòa', 'Lợi',
  'Phú', 'Long', 'Xuân', 'Hưng', 'Mỹ', 'Đức', 'Tân', 'Trào', 'Khê', 'Vân', 'Nguyên', 'Linh',
];
const TAY_FIRST = ['Nà', 'Bản', 'Khuổi', 'Pác', 'Cốc', 'Phiêng', 'Nặm', 'Khau', 'Tát', 'Bó', 'Thâm', 'Pù', 'Làng'];
const TAY_SECOND = [
  'Pồng', 'Bó', 'Mạ', 'Luông', 'Khiếu', 'Vài', 'Sáng', 'Đon', 'Chang', 'Lầu', 'Thốc', 'Nưa', 'Khà', 'Coóc',
  'Tàu', 'Mòn', 'Cáy', 'Lìn', 'Nghè', 'Thác', 'Tảng', 'Cọ', 'Pục', 'Rào', 'Kẹ', 'Mới', 'Sâu', 'Tao', 'Hon',
];
const MONG_FIRST = ['Tả', 'Lùng', 'Sủng', 'Phìn', 'Lao', 'Mã', 'Sín', 'Hồ', 'Chúng', 'Xín'];
const MONG_SECOND = ['Chải', 'Phìn', 'Sán', 'Ván', 'Chư', 'Tủng', 'Mù', 'Hồ', 'Sảng', 'Dền', 'Pả', 'Lủng'];
const KINH_VILLAGES = [
  'Tân Lập', 'Tân Sơn', 'Trung Tâm', 'Minh Khai', 'Hợp Thành', 'Quyết Tiến', 'Đồng Tâm', 'Thống Nhất',
  'Tiến Thành', 'Tân Thành', 'Hạ Sơn', 'Thượng Sơn', 'Yên Bình', 'Xuân Hòa', 'Làng Mới', 'Bình Minh',
  'Phú Thịnh', 'Tân Tiến', 'Đồng Văn', 'Cầu Cao', 'Làng Chùa', 'Tân Hòa', 'Khánh Hòa', 'An Thịnh',
];

function villageName(random: Random, dominant: Ethnicity): string {
  if (dominant === 'Mông') return `${random.pick(MONG_FIRST)} ${random.pick(MONG_SECOND)}`;
  if (dominant === 'Kinh' || random.chance(0.15)) return random.pick(KINH_VILLAGES);
  return `${random.pick(TAY_FIRST)} ${random.pick(TAY_SECOND)}`;
}

function uniqueName(taken: Set<string>, draw: () => string): string {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const name = draw();
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  // Real villages are numbered the same way when a name repeats ("Thôn Tân Lập 2").
  const base = draw();
  for (let n = 2; ; n += 1) {
    const name = `${base} ${n}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function perturbedMix(random: Random, mix: EthnicMix): EthnicMix {
  const result: EthnicMix = {};
  for (const [group, weight] of Object.entries(mix) as Array<[Ethnicity, number]>) {
    result[group] = weight * (0.3 + random.next() * 1.4);
  }
  return result;
}

export interface ProvinceTreeOptions {
  /** Number of communes, Bạch Ngọc included (default 124, the province's count). */
  communes?: number;
  seed?: number;
  /** Households in the whole province at 124 communes; fewer communes get their share. */
  households?: number;
}

/**
 * The province at benchmark scale: Bạch Ngọc (as in the demo) plus generated communes of
 * 8–25 villages each. Village sizes are drawn, then scaled so the total matches the target.
 */
export function provinceTree(options: ProvinceTreeOptions = {}): ProvinceSpec {
  const communeCount = options.communes ?? PROVINCE_COMMUNES;
  const seed = options.seed ?? DEMO_SEED;
  const random = new Random(seed).fork('province-tree');
  const targetHouseholds = Math.round(((options.households ?? PROVINCE_HOUSEHOLDS) * communeCount) / PROVINCE_COMMUNES);
  const demo = bachNgoc(new Random(seed).fork('tree'));
  const communes: CommuneSpec[] = [demo];

  const communeNames = new Set<string>([DEMO_COMMUNE.name]);
  const drafts: Array<{ commune: CommuneSpec; weights: number[] }> = [];
  for (let c = 1; c < communeCount; c += 1) {
    const name = uniqueName(communeNames, () => `${random.pick(COMMUNE_FIRST)} ${random.pick(COMMUNE_SECOND)}`);
    const mix = perturbedMix(random, PROVINCE_MIX);
    const villageCount = random.around(16, 11, 8, 25);
    const villageNames = new Set<string>();
    const groups = Object.entries(mix) as Array<[Ethnicity, number]>;
    const villages: VillageSpec[] = [];
    const weights: number[] = [];
    for (let v = 0; v < villageCount; v += 1) {
      const dominant = random.weighted(groups);
      villages.push({
        key: `c${c}/${v + 1}`,
        name: `Thôn ${uniqueName(villageNames, () => villageName(random, dominant))}`,
        households: 0,
        ethnicMix: villageMix(mix, dominant),
        hamletWord: random.chance(0.5) ? 'Xóm' : 'Tổ',
      });
      weights.push(0.5 + random.next());
    }
    const commune: CommuneSpec = {
      key: `c${c}`,
      code: null,
      name,
      // About half the new province's communes were Hà Giang's before 2025.
      homeCccdProvince: random.chance(0.55) ? '002' : '008',
      villages,
    };
    communes.push(commune);
    drafts.push({ commune, weights });
  }

  const remaining = Math.max(0, targetHouseholds - DEMO_HOUSEHOLDS);
  const sizes = apportion(remaining, drafts.flatMap((draft) => draft.weights));
  let next = 0;
  for (const draft of drafts) {
    for (const village of draft.commune.villages) {
      village.households = sizes[next];
      next += 1;
    }
  }
  return { ...PROVINCE, communes };
}

export function countVillages(tree: ProvinceSpec): number {
  return tree.communes.reduce((sum, commune) => sum + commune.villages.length, 0);
}

export function countHouseholds(tree: ProvinceSpec): number {
  return tree.communes.reduce((sum, commune) => sum + commune.villages.reduce((s, v) => s + v.households, 0), 0);
}
