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

  it('writes arrays as array literals, quoting elements that need it', () => {
    expect(copyField(['0190a1b2-0000-7000-8000-000000000001', 'use_smartphone'])).toBe('{0190a1b2-0000-7000-8000-000000000001,use_smartphone}');
    expect(copyField([])).toBe('{}');
    // Quoted for the array parser, then the backslash escaped again for COPY.
    expect(copyField(['a b', 'x"y', 'NULL'])).toBe('{"a b","x\\\\"y","NULL"}');
  });

  it('never copies the generated column people.name_search', () => {
    expect(PERSON_COLUMNS).not.toContain('name_search');
  });
});
