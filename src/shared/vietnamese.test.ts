import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../server/db/engine.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { foldVietnamese, normalizeName } from './vietnamese.ts';

const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VOWELS = ['a', 'a\u0306', 'a\u0302', 'e', 'e\u0302', 'i', 'o', 'o\u0302', 'o\u031b', 'u', 'u\u031b', 'y'];

/** Every Vietnamese letter, lower and upper case, composed (NFC) and decomposed (NFD). */
function allVietnameseLetters(): string[] {
  const letters = ['đ', 'Đ', ...'bcdghklmnpqrstvx'];
  for (const vowel of VOWELS) {
    for (const tone of TONES) {
      const decomposed = vowel + tone;
      letters.push(decomposed.normalize('NFC'), decomposed.normalize('NFC').toUpperCase(), decomposed);
    }
  }
  return letters;
}

describe('foldVietnamese', () => {
  it('strips accents, lowers case and collapses spaces', () => {
    expect(foldVietnamese('  Nguyễn   Thị  Hoà ')).toBe('nguyen thi hoa');
    expect(foldVietnamese('ĐẶNG VĂN ĐỨC')).toBe('dang van duc');
    expect(foldVietnamese('Giàng A Páo')).toBe('giang a pao');
    expect(foldVietnamese('Sùng Thị Mỷ')).toBe('sung thi my');
    expect(foldVietnamese('Lường\tVăn\nỨng')).toBe('luong van ung');
  });

  it('treats a decomposed name like the composed one', () => {
    expect(foldVietnamese('Nguyễn'.normalize('NFD'))).toBe('nguyen');
  });

  describe('agrees with the SQL function search_text()', () => {
    let database: Database;
    beforeAll(async () => {
      database = await openDatabase({});
      await migrateToLatest(database.db);
    }, 60_000);
    afterAll(async () => {
      await database?.close();
    });

    async function sqlFold(values: string[]): Promise<string[]> {
      const result = await sql<{ folded: string }>`
        SELECT search_text(v) AS folded FROM unnest(${values}::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n`
        .execute(database.db);
      return result.rows.map((row) => row.folded);
    }

    it('on every Vietnamese letter', async () => {
      const letters = allVietnameseLetters();
      expect(letters.map(foldVietnamese)).toEqual(await sqlFold(letters));
    });

    it('on names with apostrophes, hyphens, odd spaces and look-alike letters', async () => {
      const names = [
        "H'Mông", 'H’Hen Niê', 'Ksor H\u02bcBlơi', 'Nguyễn-Trần Minh', 'Ðặng Văn Ðức',
        ' \u2003Lò  Văn\u3000Sính ', 'Hoàng\u00a0Thị Lan', 'Bàn – Văn Kiều', 'Đoàn Thị Ngọc Ánh',
        'Ma Seo Chứ', 'Phùng Tòn Quầy', 'Triệu Mùi Nái', 'Lý Thị Mẩy', 'Vàng Mí Lử',
      ];
      expect(names.map(foldVietnamese)).toEqual(await sqlFold(names));
    });
  });
});

describe('normalizeName', () => {
  it('capitalises each word and keeps the accents as typed', () => {
    expect(normalizeName('nguyễn thị hoà')).toBe('Nguyễn Thị Hoà');
    expect(normalizeName('NGUYỄN THỊ HÒA')).toBe('Nguyễn Thị Hòa');
    expect(normalizeName('đặng văn đức')).toBe('Đặng Văn Đức');
    expect(normalizeName('ỷ lan')).toBe('Ỷ Lan');
  });

  it('collapses spaces, including no-break spaces pasted from Word', () => {
    expect(normalizeName('  giàng   a\u00a0páo  ')).toBe('Giàng A Páo');
    expect(normalizeName('lò\u200b văn sính')).toBe('Lò Văn Sính');
  });

  it('capitalises after an apostrophe or a hyphen', () => {
    expect(normalizeName("h'mông")).toBe("H'Mông");
    expect(normalizeName('h’hen niê')).toBe('H’Hen Niê');
    expect(normalizeName('nguyễn-trần minh')).toBe('Nguyễn-Trần Minh');
  });

  it('composes decomposed accents (NFC)', () => {
    const decomposed = 'Nguyễn Thị Hoà'.normalize('NFD');
    expect(normalizeName(decomposed)).toBe('Nguyễn Thị Hoà'.normalize('NFC'));
    expect(normalizeName(decomposed)).toHaveLength('Nguyễn Thị Hoà'.normalize('NFC').length);
  });
});
