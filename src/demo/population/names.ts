// Name pools for the ethnic groups of Tuyên Quang's mountain communes, so generated
// registries look like real ones (search, sorting and printing are tested on real shapes:
// "Giàng A Páo", "Triệu Mùi Nái", "Nông Thị Xuân"). Weights are rough shares, not statistics.
import type { Random, Weighted } from './random.ts';

/** Ethnic groups as named in the official list of Vietnam's 54 groups ("Mông", not "H'Mông"). */
export const ETHNICITIES = ['Kinh', 'Tày', 'Dao', 'Mông', 'Nùng', 'Sán Chay', 'Giáy', 'Pà Thẻn', 'La Chí'] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];
export type Sex = 'male' | 'female';

interface NamePool {
  families: readonly Weighted<string>[];
  middle: Record<Sex, readonly Weighted<string>[]>;
  given: Record<Sex, readonly string[]>;
  /** Share of people born from about 2000 on who carry a Kinh-style modern name. */
  modernShare: number;
}

const W = <T>(value: T, weight: number): Weighted<T> => [value, weight];

const KINH_FAMILIES = [
  W('Nguyễn', 31), W('Trần', 11), W('Lê', 9), W('Phạm', 7), W('Hoàng', 5), W('Vũ', 4), W('Phan', 3),
  W('Đỗ', 2), W('Bùi', 2), W('Đặng', 2), W('Ngô', 1.3), W('Dương', 1), W('Đinh', 1), W('Đào', 1),
  W('Hà', 1), W('Lương', 0.6), W('Trịnh', 0.6), W('Cao', 0.5), W('Lưu', 0.5), W('Mai', 0.5), W('Tạ', 0.4),
  W('Tô', 0.4), W('Chu', 0.4), W('Lại', 0.3), W('Quách', 0.3), W('Kiều', 0.3), W('Vương', 0.3), W('Lý', 0.5),
];

const TRADITIONAL_MIDDLE: Record<Sex, readonly Weighted<string>[]> = {
  male: [
    W('Văn', 40), W('Đức', 10), W('Minh', 8), W('Quang', 6), W('Hữu', 6), W('Công', 5), W('Xuân', 4),
    W('Thành', 4), W('Ngọc', 3), W('Trọng', 3), W('Tiến', 3), W('Mạnh', 3), W('Thanh', 3), W('Duy', 2),
  ],
  female: [
    W('Thị', 60), W('Thu', 6), W('Thanh', 5), W('Ngọc', 5), W('Hồng', 4), W('Minh', 3), W('Kim', 3),
    W('Phương', 3), W('Thúy', 2), W('Bích', 2), W('Mai', 2),
  ],
};

const MODERN_MIDDLE: Record<Sex, readonly Weighted<string>[]> = {
  male: [
    W('Văn', 15), W('Đức', 10), W('Minh', 12), W('Quang', 8), W('Gia', 8), W('Bảo', 6), W('Anh', 6),
    W('Duy', 6), W('Hoàng', 5), W('Trung', 5), W('Thành', 5), W('Tuấn', 4), W('Đăng', 4), W('Nhật', 4),
  ],
  female: [
    W('Thị', 25), W('Ngọc', 10), W('Thu', 8), W('Minh', 8), W('Khánh', 6), W('Bảo', 6), W('Phương', 6),
    W('Hà', 5), W('Thanh', 5), W('Gia', 4), W('Mai', 4), W('Quỳnh', 4), W('Như', 3), W('Diệu', 3),
  ],
};

const KINH_GIVEN: Record<Sex, readonly string[]> = {
  male: [
    'Hùng', 'Dũng', 'Tuấn', 'Nam', 'Hải', 'Long', 'Sơn', 'Thắng', 'Cường', 'Bình', 'Hòa', 'Tùng', 'Quân',
    'Thành', 'Trung', 'Hưng', 'Phong', 'Thịnh', 'Toàn', 'Quý', 'Lâm', 'Tâm', 'Việt', 'Hiếu', 'Đông',
    'Tiến', 'Khải', 'Lợi', 'Phúc', 'Tài', 'Thuận', 'Chiến', 'Kiên', 'Mạnh', 'Quyết', 'Sinh', 'Thái',
    'Tuyên', 'Vinh', 'Vượng', 'Xuân', 'Dương', 'Đạt', 'Định', 'Hoan', 'Khánh', 'Lực', 'Nghĩa', 'Trường',
  ],
  female: [
    'Lan', 'Hương', 'Hoa', 'Mai', 'Hà', 'Hằng', 'Nga', 'Nhung', 'Thảo', 'Hạnh', 'Huyền', 'Yến', 'Loan',
    'Vân', 'Thủy', 'Dung', 'Hòa', 'Hồng', 'Liên', 'Phượng', 'Oanh', 'Tuyết', 'Thắm', 'Xuân', 'Lý', 'Sen',
    'Cúc', 'Đào', 'Quyên', 'Thơm', 'Chinh', 'Gấm', 'Hiền', 'Lụa', 'Mến', 'Nguyệt', 'Tươi', 'Thu', 'Bình',
    'Duyên', 'Huệ', 'Ngần', 'Thúy', 'Hoà',
  ],
};

const MODERN_GIVEN: Record<Sex, readonly string[]> = {
  male: [
    'Huy', 'Khánh', 'Minh', 'Đức', 'Phúc', 'Bảo', 'Khang', 'Khôi', 'Nam', 'Long', 'Quân', 'Hoàng', 'Duy',
    'An', 'Hiếu', 'Tùng', 'Phong', 'Đạt', 'Kiên', 'Thành', 'Lâm', 'Vũ', 'Trí', 'Nhật', 'Sơn', 'Tuấn',
    'Anh', 'Dũng', 'Hải', 'Hưng', 'Lộc', 'Tài', 'Quang', 'Thiện', 'Vinh', 'Đăng', 'Nguyên', 'Toàn',
  ],
  female: [
    'Anh', 'Linh', 'Trang', 'Ngọc', 'Vy', 'Hân', 'Nhi', 'My', 'Thư', 'Hà', 'Thảo', 'Huyền', 'Ngân',
    'Phương', 'Quỳnh', 'Trâm', 'Uyên', 'Yến', 'Diệp', 'Hương', 'Mai', 'Chi', 'Giang', 'Ly', 'Nhung',
    'Tâm', 'Thủy', 'Vân', 'Diệu', 'Hằng', 'Lan', 'Trinh', 'Hiền', 'Thanh',
  ],
};

// Tày and Nùng naming follows the Kinh pattern (Văn / Thị), with given names of their own.
const TAY_NUNG_MIDDLE: Record<Sex, readonly Weighted<string>[]> = {
  male: [W('Văn', 75), W('Đức', 5), W('Minh', 4), W('Xuân', 3), W('Quang', 3), W('Hữu', 2), W('Công', 2), W('Thành', 2)],
  female: [W('Thị', 88), W('Thu', 3), W('Ngọc', 2), W('Hồng', 2), W('Kim', 2), W('Thanh', 2)],
};

const TAY_NUNG_GIVEN: Record<Sex, readonly string[]> = {
  male: [
    'Thụ', 'Dền', 'Kháng', 'Hoan', 'Nghiệp', 'Quyết', 'Thắng', 'Khuyên', 'Nhất', 'Pàn', 'Pào', 'Pấu',
    'Cường', 'Vinh', 'Thuận', 'Lịch', 'Toan', 'Chung', 'Dũng', 'Hùng', 'Hưng', 'Tiến', 'Sơn', 'Đông',
    'Lợi', 'Bình', 'Khải', 'Mạnh', 'Nam', 'Phúc', 'Quân', 'Sinh', 'Tình', 'Tuân', 'Vần', 'Xuân', 'Vượng',
    'Luân', 'Kiểm', 'Ích', 'Sình', 'Chiến', 'Hoàn', 'Khoa', 'Tâm', 'Thái', 'Trọng', 'Chức',
  ],
  female: [
    'Xuân', 'Nguyệt', 'Hoa', 'Lan', 'Mai', 'Hiền', 'Thơm', 'Sáu', 'Nhất', 'Hạnh', 'Thắm', 'Chiêm', 'Dung',
    'Duyên', 'Hằng', 'Huệ', 'Liên', 'Loan', 'Lụa', 'Mến', 'Nga', 'Nhung', 'Phượng', 'Quyên', 'Sen',
    'Tươi', 'Tuyết', 'Vân', 'Yến', 'Đào', 'Ngần', 'Lìn', 'Pằng', 'Thoa', 'Hồng', 'Cúc', 'Nhàn', 'Hoà',
  ],
};

// Dao men often carry "Tòn" or "Kim" as middle name, women "Mùi" (Dao Đỏ naming).
const DAO_MIDDLE: Record<Sex, readonly Weighted<string>[]> = {
  male: [W('Văn', 50), W('Tòn', 15), W('Kim', 10), W('Phúc', 6), W('Tiến', 6), W('Hữu', 4)],
  female: [W('Thị', 75), W('Mùi', 15), W('Kim', 5)],
};

const DAO_GIVEN: Record<Sex, readonly string[]> = {
  male: [
    'Quầy', 'Kiều', 'Sinh', 'Tài', 'Phin', 'Chàn', 'Sài', 'Vần', 'Chang', 'Lở', 'Phẩy', 'Kiên', 'Nhất',
    'Tam', 'Tiến', 'Phú', 'Lâm', 'Dinh', 'Chiêu', 'Sểnh', 'Khé', 'Lai', 'Ón', 'Chòi', 'Liềm', 'Phương',
    'Quý', 'Vàng', 'Chấn', 'Xuân', 'Thọ', 'Phúc',
  ],
  female: [
    'Mẩy', 'Nái', 'Xiêm', 'Lìu', 'Dùng', 'Chạn', 'Mùi', 'Phấy', 'Chòi', 'Siêu', 'Chiêu', 'Kiều', 'Phin',
    'Liềm', 'Nhất', 'Mai', 'Lan', 'Hoa', 'Thu', 'Dung', 'Hạnh', 'Nga', 'Phương', 'Xuân', 'Sỉnh', 'Lai',
  ],
};

// Mông men most often take "A", "Mí" or "Seo" as middle name ("Giàng A Páo", "Vàng Mí Lử").
const MONG_MIDDLE: Record<Sex, readonly Weighted<string>[]> = {
  male: [W('A', 35), W('Mí', 20), W('Seo', 15), W('Văn', 15), W('Chứ', 5)],
  female: [W('Thị', 85), W('Mí', 15)],
};

const MONG_GIVEN: Record<Sex, readonly string[]> = {
  male: [
    'Páo', 'Dình', 'Chư', 'Lử', 'Sính', 'Súa', 'Tủa', 'Chứ', 'Pó', 'Dế', 'Vư', 'Già', 'Lềnh', 'Tráng',
    'Phử', 'Lồng', 'Chẩu', 'Cở', 'Chờ', 'Sử', 'Chá', 'Nủ', 'Dơ', 'Sàng', 'Chính', 'Dìa', 'Mìn', 'Nhà',
    'Sình', 'Giàng', 'Khư', 'Lao', 'Mua', 'Pùa', 'Say', 'Thề', 'Vảng', 'Xà',
  ],
  female: [
    'Mỷ', 'Dợ', 'Sua', 'Mai', 'Pà', 'Chở', 'Dính', 'Sí', 'Mỉ', 'Say', 'Của', 'Khua', 'Dầu', 'Xí', 'Chu',
    'Dí', 'Lan', 'Mẩy', 'Sò', 'Hoa', 'Và', 'Pằng', 'Dia', 'Mua', 'Sinh', 'Chía', 'Cu', 'Dung', 'Mò',
  ],
};

const VAN_THI: Record<Sex, readonly Weighted<string>[]> = {
  male: [W('Văn', 90), W('Đức', 5), W('Minh', 5)],
  female: [W('Thị', 95), W('Thu', 5)],
};

export const NAME_POOLS: Record<Ethnicity, NamePool> = {
  Kinh: { families: KINH_FAMILIES, middle: TRADITIONAL_MIDDLE, given: KINH_GIVEN, modernShare: 0.95 },
  Tày: {
    families: [
      W('Hoàng', 15), W('Nông', 14), W('Ma', 10), W('Nguyễn', 8), W('Lường', 6), W('Hà', 6), W('Triệu', 4),
      W('Lục', 3), W('Quan', 3), W('Lương', 3), W('Đàm', 2), W('Bế', 2), W('Hứa', 1), W('Chu', 1),
      W('Vi', 1), W('Mạc', 1), W('Lâm', 1), W('Ninh', 1), W('Âu', 1), W('Tô', 1), W('La', 1), W('Lý', 1),
    ],
    middle: TAY_NUNG_MIDDLE,
    given: TAY_NUNG_GIVEN,
    modernShare: 0.75,
  },
  Dao: {
    families: [
      W('Bàn', 22), W('Triệu', 22), W('Đặng', 18), W('Lý', 12), W('Phùng', 8), W('Chảo', 6), W('Tẩn', 4),
      W('Dương', 3), W('Hoàng', 2), W('Trương', 1), W('La', 1),
    ],
    middle: DAO_MIDDLE,
    given: DAO_GIVEN,
    modernShare: 0.35,
  },
  Mông: {
    families: [
      W('Giàng', 20), W('Vàng', 18), W('Sùng', 14), W('Thào', 10), W('Lý', 8), W('Mùa', 6), W('Hầu', 5),
      W('Lầu', 4), W('Vừ', 4), W('Hạng', 3), W('Ly', 2), W('Cứ', 2), W('Sình', 2), W('Chang', 1), W('Tráng', 1),
    ],
    middle: MONG_MIDDLE,
    given: MONG_GIVEN,
    modernShare: 0.25,
  },
  Nùng: {
    families: [
      W('Hoàng', 18), W('Nông', 12), W('Lương', 10), W('Vi', 8), W('Lý', 6), W('Mã', 5), W('Hà', 4),
      W('Lục', 4), W('Chu', 3), W('Vương', 3), W('Triệu', 3), W('Đinh', 2), W('Sầm', 2), W('Lăng', 2),
      W('Nịnh', 2), W('La', 2), W('Hứa', 2),
    ],
    middle: TAY_NUNG_MIDDLE,
    given: TAY_NUNG_GIVEN,
    modernShare: 0.7,
  },
  'Sán Chay': {
    families: [W('Lâm', 5), W('Hoàng', 4), W('Trần', 3), W('La', 3), W('Triệu', 2), W('Âu', 2), W('Ninh', 2), W('Đặng', 1), W('Lục', 1)],
    middle: VAN_THI,
    given: TAY_NUNG_GIVEN,
    modernShare: 0.6,
  },
  Giáy: {
    families: [W('Hoàng', 5), W('Lù', 4), W('Sần', 3), W('Vương', 3), W('Lò', 2), W('Lồ', 1), W('Ly', 1)],
    middle: VAN_THI,
    given: TAY_NUNG_GIVEN,
    modernShare: 0.5,
  },
  'Pà Thẻn': {
    families: [W('Hoàng', 5), W('Quan', 3), W('Đặng', 3), W('Hà', 2), W('Vương', 2), W('Phùng', 2)],
    middle: VAN_THI,
    given: DAO_GIVEN,
    modernShare: 0.4,
  },
  'La Chí': {
    families: [W('Ly', 5), W('Vương', 4), W('Cháng', 3), W('Hoàng', 2), W('Lùng', 2)],
    middle: VAN_THI,
    given: TAY_NUNG_GIVEN,
    modernShare: 0.4,
  },
};

/** Year from which children mostly receive names in the modern Kinh style. */
const MODERN_NAMES_FROM = 1998;

export function pickFamilyName(random: Random, ethnicity: Ethnicity): string {
  return random.weighted(NAME_POOLS[ethnicity].families);
}

/** Middle and given name for a person of this group, sex and generation, after the family name. */
export function pickFullName(random: Random, ethnicity: Ethnicity, sex: Sex, familyName: string, birthYear: number): string {
  const pool = NAME_POOLS[ethnicity];
  const modern = birthYear >= MODERN_NAMES_FROM && random.chance(pool.modernShare);
  // Mông and Dao keep their own middle names even with a modern given name.
  const keepsOwnMiddle = ethnicity === 'Mông' || ethnicity === 'Dao';
  const middles = modern && !keepsOwnMiddle ? MODERN_MIDDLE[sex] : pool.middle[sex];
  let middle = random.weighted(middles);
  // "Hoàng Hoàng Dũng" reads like a typo; real registries rarely repeat the family name.
  if (middle === familyName) middle = random.weighted(pool.middle[sex]);
  let given = random.pick(modern ? MODERN_GIVEN[sex] : pool.given[sex]);
  // "Nguyễn Văn Văn" or "Hà Thị Hà" would look like a typo: draw the given name again.
  for (let attempt = 0; attempt < 3 && (given === middle || given === familyName); attempt += 1) {
    given = random.pick(modern ? MODERN_GIVEN[sex] : pool.given[sex]);
  }
  return `${familyName} ${middle} ${given}`;
}
