// Turns the text of a spreadsheet cell into a registry value: dates in the forms commune
// lists use, names, sex, relation to the head, ethnicity, phone and CCCD. Each function
// returns the value and, when the text cannot be taken as it is, a problem in Vietnamese
// (the caller prefixes it with the row and column).
import { CCCD_PROVINCE_CODES, normalizeCccd } from '../../../shared/cccd.ts';
import type { ProblemLevel } from '../../../shared/imports.ts';
import type { Relation } from '../../../shared/people.ts';
import { foldVietnamese, normalizeName } from '../../../shared/vietnamese.ts';

export interface ValueProblem {
  level: ProblemLevel;
  message: string;
}

export interface Normalized<T> {
  value: T;
  problem?: ValueProblem;
}

const error = (message: string): ValueProblem => ({ level: 'error', message });
const warning = (message: string): ValueProblem => ({ level: 'warning', message });
const info = (message: string): ValueProblem => ({ level: 'info', message });

/** The oldest age taken as possible: anything older is a typing error. */
export const MAX_AGE = 120;

export interface Birth {
  /** ISO date when the day is known. */
  date: string | null;
  year: number | null;
}

const isoOf = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** An Excel serial day number (1900 date system) → ISO date. */
export function excelSerialToIso(serial: number): string {
  // Day 0 is 1899-12-30 once Excel's phantom 29 February 1900 is accounted for.
  const date = new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/**
 * A birth date as commune lists write it: an Excel serial or date cell (read as dd/mm/yyyy),
 * "05/3/1987", "5-3-1987", "5.3.1987", "1987-03-05", "ngày 5 tháng 3 năm 1987", "03/1987"
 * (month and year: only the year is kept) or "1987" (year only). Day before month, as in
 * Vietnam; a date that only works month-first ("3/25/1987") is read so with a warning.
 */
export function parseBirth(text: string | null, today: string, kind: 'date' | 'year' = 'date'): Normalized<Birth> {
  const empty = { value: { date: null, year: null } };
  if (text === null) return empty;
  const raw = text.trim();
  if (raw === '') return empty;
  const unreadable = { value: { date: null, year: null }, problem: error(kind === 'year' ? `không đọc được năm sinh “${raw}”.` : `không đọc được ngày “${raw}”.`) };
  const compact = raw.replace(/\s+/g, ' ');
  let y: number | undefined;
  let m: number | undefined;
  let d: number | undefined;
  let problem: ValueProblem | undefined;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})(?:\.0+)?$/.exec(compact))) {
    y = Number(match[1]);
  } else if (kind === 'year') {
    // A year column holding a whole date is still readable.
    const asDate = parseBirth(raw, today, 'date');
    if (asDate.problem?.level === 'error') return unreadable;
    return asDate;
  } else if ((match = /^(\d{5})(?:\.\d+)?$/.exec(compact))) {
    const iso = excelSerialToIso(Number(compact));
    [y, m, d] = iso.split('-').map(Number);
  } else if ((match = /^(\d{1,2}) ?[/\-.] ?(\d{1,2}) ?[/\-.] ?(\d{4})$/.exec(compact))) {
    const [a, b] = [Number(match[1]), Number(match[2])];
    y = Number(match[3]);
    if (b > 12 && a <= 12 && validDate(y, a, b)) {
      [d, m] = [b, a];
      problem = warning(`ngày “${raw}” được hiểu là ${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y} (tháng viết trước ngày); kiểm tra lại.`);
    } else {
      [d, m] = [a, b];
    }
  } else if ((match = /^(\d{4}) ?[/\-.] ?(\d{1,2}) ?[/\-.] ?(\d{1,2})$/.exec(compact))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2}) ?[/\-.] ?(\d{4})$/.exec(compact))) {
    if (Number(match[1]) < 1 || Number(match[1]) > 12) return unreadable;
    y = Number(match[2]);
  } else if ((match = /^(?:ngay )?(\d{1,2}) thang (\d{1,2}) nam (\d{4})$/.exec(foldVietnamese(compact)))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if (/^\d{1,2} ?[/\-.] ?\d{1,2} ?[/\-.] ?\d{2}$/.test(compact)) {
    return { value: { date: null, year: null }, problem: error(`năm trong ngày “${raw}” chỉ có 2 chữ số; hãy ghi đủ 4 chữ số.`) };
  } else {
    return unreadable;
  }
  if (d !== undefined && m !== undefined && !validDate(y, m, d)) return unreadable;
  const date = d !== undefined && m !== undefined ? isoOf(y, m, d) : null;
  const currentYear = Number(today.slice(0, 4));
  if ((date && date > today) || y > currentYear) {
    return { value: { date: null, year: null }, problem: error(`${kind === 'year' ? 'năm sinh' : 'ngày sinh'} “${raw}” ở tương lai.`) };
  }
  if (currentYear - y > MAX_AGE) {
    return { value: { date: null, year: null }, problem: error(`năm sinh ${y} không hợp lý (${currentYear - y} tuổi).`) };
  }
  return { value: { date, year: y }, problem };
}

/** A person's name: NFC, single spaces, each word capitalised (normalizeName). */
export function parseName(text: string | null): Normalized<string | null> {
  if (text === null) return { value: null };
  const name = normalizeName(text);
  if (name === '') return { value: null };
  if (/\d/.test(name)) return { value: name, problem: error(`họ và tên “${text.trim()}” có chữ số.`) };
  if (Array.from(name).length < 2) return { value: name, problem: error(`họ và tên “${text.trim()}” quá ngắn.`) };
  if (Array.from(name).length > 120) return { value: name, problem: error('họ và tên dài quá 120 ký tự.') };
  return { value: name };
}

const MALE = new Set(['nam', 'm', 'male', 'trai', 'ong', 'nam gioi']);
const FEMALE = new Set(['nu', 'f', 'female', 'gai', 'ba', 'nu gioi']);

export function parseSex(text: string | null): Normalized<'male' | 'female' | null> {
  if (text === null || text.trim() === '') return { value: null };
  const folded = foldVietnamese(text).replace(/[.\s]+$/, '');
  if (MALE.has(folded)) return { value: 'male' };
  if (FEMALE.has(folded)) return { value: 'female' };
  return { value: null, problem: error(`không hiểu giới tính “${text.trim()}” (ghi Nam hoặc Nữ).`) };
}

/** A mark in a "Nam"/"Nữ" column that holds no date: the sex alone. */
export const isMark = (text: string | null) => text !== null && /^\s*(x|v|✓|✔|\+|1|có)\s*$/iu.test(text);

interface RelationEntry {
  code: Relation;
  sex?: 'male' | 'female';
}

// Keys are lower case with diacritics: "Bà" (grandmother) and "Ba" (father, in the South)
// differ only by an accent.
const RELATION_WORDS: Record<string, RelationEntry> = {
  'chủ hộ': { code: 'head' }, 'ch': { code: 'head' }, 'chủ': { code: 'head' },
  'vợ': { code: 'spouse', sex: 'female' }, 'chồng': { code: 'spouse', sex: 'male' }, 'vợ/chồng': { code: 'spouse' }, 'vợ chồng': { code: 'spouse' },
  'con': { code: 'child' }, 'con trai': { code: 'child', sex: 'male' }, 'con gái': { code: 'child', sex: 'female' },
  'con đẻ': { code: 'child' }, 'con ruột': { code: 'child' }, 'con nuôi': { code: 'child' }, 'con riêng': { code: 'child' },
  'bố': { code: 'parent', sex: 'male' }, 'cha': { code: 'parent', sex: 'male' }, 'ba': { code: 'parent', sex: 'male' }, 'bố đẻ': { code: 'parent', sex: 'male' },
  'cha đẻ': { code: 'parent', sex: 'male' }, 'mẹ': { code: 'parent', sex: 'female' }, 'má': { code: 'parent', sex: 'female' }, 'mẹ đẻ': { code: 'parent', sex: 'female' },
  'bố mẹ': { code: 'parent' }, 'cha mẹ': { code: 'parent' },
  'cháu': { code: 'grandchild' }, 'cháu nội': { code: 'grandchild' }, 'cháu ngoại': { code: 'grandchild' }, 'cháu ruột': { code: 'grandchild' },
  'cháu trai': { code: 'grandchild', sex: 'male' }, 'cháu gái': { code: 'grandchild', sex: 'female' },
  'anh': { code: 'sibling', sex: 'male' }, 'chị': { code: 'sibling', sex: 'female' }, 'em': { code: 'sibling' },
  'anh trai': { code: 'sibling', sex: 'male' }, 'chị gái': { code: 'sibling', sex: 'female' }, 'em trai': { code: 'sibling', sex: 'male' },
  'em gái': { code: 'sibling', sex: 'female' }, 'anh ruột': { code: 'sibling', sex: 'male' }, 'chị ruột': { code: 'sibling', sex: 'female' }, 'em ruột': { code: 'sibling' },
  'ông': { code: 'other', sex: 'male' }, 'bà': { code: 'other', sex: 'female' }, 'ông nội': { code: 'other', sex: 'male' }, 'bà nội': { code: 'other', sex: 'female' },
  'ông ngoại': { code: 'other', sex: 'male' }, 'bà ngoại': { code: 'other', sex: 'female' },
  'con dâu': { code: 'other', sex: 'female' }, 'con rể': { code: 'other', sex: 'male' }, 'cháu dâu': { code: 'other', sex: 'female' }, 'cháu rể': { code: 'other', sex: 'male' },
  'bố vợ': { code: 'other', sex: 'male' }, 'bố chồng': { code: 'other', sex: 'male' }, 'mẹ vợ': { code: 'other', sex: 'female' }, 'mẹ chồng': { code: 'other', sex: 'female' },
  'chị dâu': { code: 'other', sex: 'female' }, 'em dâu': { code: 'other', sex: 'female' }, 'anh rể': { code: 'other', sex: 'male' }, 'em rể': { code: 'other', sex: 'male' },
  'chắt': { code: 'other' }, 'chú': { code: 'other', sex: 'male' }, 'bác': { code: 'other' }, 'cô': { code: 'other', sex: 'female' }, 'dì': { code: 'other', sex: 'female' },
  'cậu': { code: 'other', sex: 'male' }, 'mợ': { code: 'other', sex: 'female' }, 'thím': { code: 'other', sex: 'female' },
  'ở nhờ': { code: 'other' }, 'người ở nhờ': { code: 'other' }, 'khác': { code: 'other' }, 'quan hệ khác': { code: 'other' },
};

// The same words without accents, for files typed without them — only where that is not ambiguous.
const RELATION_FOLDED: Map<string, RelationEntry> = (() => {
  const byFolded = new Map<string, RelationEntry | null>();
  for (const [word, entry] of Object.entries(RELATION_WORDS)) {
    const folded = foldVietnamese(word);
    const seen = byFolded.get(folded);
    byFolded.set(folded, seen === undefined ? entry : seen && seen.code === entry.code && seen.sex === entry.sex ? seen : null);
  }
  return new Map([...byFolded].filter((e): e is [string, RelationEntry] => e[1] !== null));
})();

/** "Chủ hộ", "Vợ", "Con gái", "Bố", "Cháu nội", "Anh"… → a RELATIONS code (and the sex it implies). */
export function parseRelation(text: string | null): Normalized<RelationEntry | null> {
  if (text === null || text.trim() === '') return { value: null };
  const key = text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').replace(/[.:]+$/, '').trim();
  const entry = RELATION_WORDS[key] ?? RELATION_FOLDED.get(foldVietnamese(key));
  if (entry) return { value: entry };
  return { value: { code: 'other' }, problem: info(`không rõ quan hệ “${text.trim()}”; ghi là «Khác».`) };
}

/** The 54 ethnic groups of Vietnam, by their official names. */
const ETHNIC_GROUPS = [
  'Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', 'Mông', 'Dao', 'Gia Rai', 'Ê Đê', 'Ba Na', 'Sán Chay', 'Chăm',
  'Cơ Ho', 'Xơ Đăng', 'Sán Dìu', 'Hrê', 'Ra Glai', 'Mnông', 'Thổ', 'Xtiêng', 'Khơ Mú', 'Bru - Vân Kiều', 'Cơ Tu', 'Giáy',
  'Tà Ôi', 'Mạ', 'Giẻ Triêng', 'Co', 'Chơ Ro', 'Xinh Mun', 'Hà Nhì', 'Chu Ru', 'Lào', 'La Chí', 'Kháng', 'Phù Lá', 'La Hủ',
  'La Ha', 'Pà Thẻn', 'Lự', 'Ngái', 'Chứt', 'Lô Lô', 'Mảng', 'Cờ Lao', 'Bố Y', 'Cống', 'Si La', 'Pu Péo', 'Rơ Măm', 'Brâu', 'Ơ Đu',
];
const ethnicKey = (text: string) => foldVietnamese(text).replace(/[^a-z]/g, '');
const ETHNIC_ALIASES: Record<string, string> = {
  hmong: 'Mông', meo: 'Mông', viet: 'Kinh', caolan: 'Sán Chay', sanchi: 'Sán Chay', khome: 'Khmer', khmerkrom: 'Khmer',
  ede: 'Ê Đê', jrai: 'Gia Rai', bahnar: 'Ba Na', muong: 'Mường', colao: 'Cờ Lao', brauvankieu: 'Bru - Vân Kiều', vankieu: 'Bru - Vân Kiều',
  daodo: 'Dao', daotien: 'Dao', daoquanchet: 'Dao', daoquantrang: 'Dao', taynung: 'Tày', kho: 'Cơ Ho', giaytrieng: 'Giẻ Triêng',
};
const ETHNIC_BY_KEY = new Map<string, string>([...ETHNIC_GROUPS.map((g) => [ethnicKey(g), g] as [string, string]), ...Object.entries(ETHNIC_ALIASES)]);

/** "Tày", "H'Mông", "Hmông", "dân tộc Kinh" → the group's official name; others kept as written. */
export function parseEthnicity(text: string | null): Normalized<string | null> {
  if (text === null || text.trim() === '') return { value: null };
  const stripped = text.replace(/^\s*(dân tộc|dan toc|dt)[\s:.]+/iu, '');
  const known = ETHNIC_BY_KEY.get(ethnicKey(stripped));
  if (known) return { value: known };
  const written = normalizeName(stripped).slice(0, 40);
  return written ? { value: written } : { value: null };
}

/** Vietnamese phone numbers → 10 digits from 0; spaces, dots, dashes and +84 accepted, a lost leading 0 restored. */
export function parsePhone(text: string | null): Normalized<string | null> {
  if (text === null || text.trim() === '') return { value: null };
  const parts = text.split(/\s*(?:[,;/]|\s-\s|hoặc|hoac)\s*/i).filter((p) => p.trim());
  const first = parts[0] ?? '';
  let digits = first.replace(/[\s.\-()]/g, '');
  if (/^\+?84\d{9}$/.test(digits)) digits = `0${digits.replace(/^\+?84/, '')}`;
  if (/^[35789]\d{8}$/.test(digits)) digits = `0${digits}`;
  if (!/^0\d{9}$/.test(digits)) {
    return { value: null, problem: warning(`số điện thoại “${text.trim()}” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0); sẽ để trống.`) };
  }
  if (parts.length > 1) return { value: digits, problem: info(`có nhiều số điện thoại; chỉ lấy số đầu ${digits}.`) };
  return { value: digits };
}

const NO_CCCD = new Set(['chua co', 'chua cap', 'khong', 'khong co', 'chua', 'x', '0', '-', '--', '...', 'k', 'kc']);

const COUNT_WORDS = ['', 'một', 'hai', 'ba'];

/**
 * The CCCD as written → 12 digits, or null when the cell says there is none. A number cell
 * has lost its leading zeros (every province code starts with 0; 001–009 lose two), and a
 * CSV saved from such a cell too: 10 or 11 digits not starting with 0 are read with their
 * zeros back when that gives a known province code. Any other length is refused with a
 * message naming the length, the value and the reading tried. The number's own rules
 * (checkCccd) are applied once sex and birth year are known.
 */
export function parseCccd(text: string | null): Normalized<string | null> {
  if (text === null || text.trim() === '') return { value: null };
  if (NO_CCCD.has(foldVietnamese(text).replace(/[.]+$/, '').trim())) return { value: null };
  let digits = normalizeCccd(text.replace(/^\s*(cccd|cmnd|số)\s*[:.]?\s*/iu, ''));
  if (/^\d+\.0+$/.test(digits)) digits = digits.replace(/\.0+$/, '');
  if (!/^\d+$/.test(digits) || digits.length === 12) return { value: digits };
  const written = text.trim();
  const length = digits.length;
  const head = `số CCCD “${written}” có ${length} chữ số, cần đúng 12`;
  if ((length === 10 || length === 11) && !digits.startsWith('0')) {
    const restored = digits.padStart(12, '0');
    const code = restored.slice(0, 3);
    if (code in CCCD_PROVINCE_CODES) return { value: restored };
    return {
      value: null,
      problem: error(`${head}. Đã thử đọc như ô kiểu số bị mất ${COUNT_WORDS[12 - length]} số 0 ở đầu (thành “${restored}”), nhưng mã tỉnh “${code}” không có trong danh mục. Kiểm tra lại số.`),
    };
  }
  if (length === 10 || length === 11) {
    return { value: null, problem: error(`${head}. Số đã bắt đầu bằng 0 nên không phải ô kiểu số bị mất số 0 ở đầu; đọc nguyên văn thì thiếu ${COUNT_WORDS[12 - length]} chữ số.`) };
  }
  if (length === 9) return { value: null, problem: error(`${head}; có thể đây là số CMND 9 số cũ.`) };
  return { value: null, problem: error(length > 12 ? `${head}; thừa ${length - 12} chữ số.` : `${head}; thiếu ${12 - length} chữ số.`) };
}

/** The sex a Vietnamese middle name suggests: "Thị" (women), "Văn" (men). A guess the officer confirms. */
export function sexFromName(name: string): 'male' | 'female' | null {
  const words = foldVietnamese(name).split(' ');
  const middle = words.slice(1, -1);
  if (middle.includes('thi')) return 'female';
  if (middle.includes('van')) return 'male';
  return null;
}

/** A household number as written ("12", "012", "Hộ 12", 12.0) → its text. */
export function parseHouseholdNumber(text: string | null): string | null {
  if (text === null) return null;
  const cleaned = text.normalize('NFC').trim().replace(/^(hộ số|hộ|số hộ|số)\s*[:.]?\s*/iu, '').replace(/^(\d+)\.0+$/, '$1');
  return cleaned === '' ? null : cleaned.slice(0, 30);
}

/** Free text (address, hamlet group, note): NFC, single spaces, trimmed. */
export function parseText(text: string | null, max: number): string | null {
  if (text === null) return null;
  const cleaned = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? null : cleaned.slice(0, max);
}
