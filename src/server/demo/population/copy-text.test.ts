import { describe, expect, it } from 'vitest';
import { copyField, copyLine, PERSON_COLUMNS } from './copy-text.ts';

describe('COPY text encoding', () => {
  it('writes NULL as \\N and booleans as t/f', () => {
    expect(copyLine([null, true, false, 1987, 'Nguyễn Thị Hoà'])).toBe('\\N\tt\tf\t1987\tNguyễn Thị Hoà\n');
  });

  it('escapes the characters that would end a field or a row', () => {
    expect(copyField('a\tb')).toBe('a\\tb');
    expect(copyField('a\nb\rc')).toBe('a\\nb\\rc');
    expect(copyField('C:\\thư mục')).toBe('C:\\\\thư mục');
  });

  it('keeps a literal "\\N" or "\\." text from reading as NULL or end of data', () => {
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('\\.')).toBe('\\\\.');
  });

  it('never copies the generated column people.name_search', () => {
    expect(PERSON_COLUMNS).not.toContain('name_search');
  });
});
