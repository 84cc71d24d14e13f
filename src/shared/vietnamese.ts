// Vietnamese text helpers shared by server and web: the search key of a name (the same as
// the SQL function search_text() of migration 0001) and the tidy spelling of a typed name.

const COMBINING_MARKS = /\p{M}+/gu;

// The characters PostgreSQL's [[:space:]] matches (iswspace): not the no-break spaces
// U+00A0, U+2007, U+202F, U+FEFF nor U+1680, which JavaScript's \s would also take.
const SQL_WHITESPACE_RUN = /[\t\n\v\f\r \u0085\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+/g;

// Letters and punctuation that unaccent rewrites but Unicode decomposition leaves alone.
// Only those a name typed on a Vietnamese keyboard (or pasted from Word) can contain:
// đ and its look-alike eth, apostrophes and quotes, dashes, a few Latin ligatures.
const UNACCENT_EXTRAS: Record<string, string> = {
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D',
  '‘': "'", '’': "'", '‛': "'", 'ʼ': "'", 'ʻ': "'", 'ʹ': "'", 'ʽ': "'", '′': "'", '＇': "'",
  '“': '"', '”': '"', '‟': '"', '‚': ',', '„': ',,',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-',
  Æ: 'AE', æ: 'ae', Œ: 'OE', œ: 'oe', ß: 'ss', ẞ: 'SS', Ø: 'O', ø: 'o', Ł: 'L', ł: 'l',
  Þ: 'TH', þ: 'th',
};
const UNACCENT_EXTRA_CHARS = new RegExp(`[${Object.keys(UNACCENT_EXTRAS).join('')}]`, 'g');

/**
 * The accent-free, lower-case search key of a text: "  Nguyễn  Thị Hoà " → "nguyen thi hoa".
 * It must agree with search_text() (NFC, unaccent, lower, whitespace collapsed, trimmed) so
 * a key made here matches people.name_search; vietnamese.test.ts checks every Vietnamese
 * letter against the SQL function on PGlite.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFC')
    .replace(UNACCENT_EXTRA_CHARS, (char) => UNACCENT_EXTRAS[char] ?? char)
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(SQL_WHITESPACE_RUN, ' ')
    // btrim() in SQL removes spaces only; after the collapse the ends hold at most one.
    .replace(/^ | $/g, '');
}

// Any Unicode space (no-break spaces pasted from Word included) separates words of a name;
// zero-width characters pasted along with it are dropped.
const ANY_WHITESPACE_RUN = /\s+/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
// Apostrophes in names of ethnic minorities (H'Mông, H'Hen Niê) and hyphens split a word
// into parts that each take a capital letter.
const WORD_PART_SEPARATOR = /(['’ʼ-])/;

function capitalizePart(part: string): string {
  const [first = '', ...rest] = Array.from(part);
  return first.toUpperCase() + rest.join('').toLowerCase();
}

function capitalizeWord(word: string): string {
  return word
    .split(WORD_PART_SEPARATOR)
    .map((piece) => (WORD_PART_SEPARATOR.test(piece) ? piece : capitalizePart(piece)))
    .join('');
}

/**
 * A person's name as it should be stored: NFC (composed accents, so the same name typed
 * on two keyboards is one string), single plain spaces, each word capitalised:
 * "  nguyễn   THỊ hoà" → "Nguyễn Thị Hoà", "giàng a páo" → "Giàng A Páo", "h'mông" → "H'Mông".
 * Accent placement ("Hoà" vs "Hòa") is kept as typed: both spellings are in use.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFC')
    .replace(ZERO_WIDTH, '')
    .replace(ANY_WHITESPACE_RUN, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0)
    .map(capitalizeWord)
    .join(' ');
}

/** '2026-02-05' → '05/02/2026', the way dates are written in Vietnamese text. */
export const viDate = (iso: string) => iso.split('-').reverse().join('/');

/** "Bạch Ngọc" (a commune) → "Xã Bạch Ngọc"; names that already say what they are stay as they are. */
export function unitName(name: string | null | undefined, level: string | null | undefined): string {
  if (!name) return '';
  if (level === 'province' && !/^(Tỉnh|Thành phố|TP\.?)\s/i.test(name)) return `Tỉnh ${name}`;
  if (level === 'commune' && !/^(Xã|Phường|Thị trấn|Đặc khu)\s/i.test(name)) return `Xã ${name}`;
  return name;
}
