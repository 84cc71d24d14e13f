// An .xlsx that inflates far beyond its size (a zip bomb) or whose zip directory lies about
// its parts' sizes is refused from the bytes that really come out while inflating, before
// exceljs unzips anything, and the server's memory stays within a stated bound.
import v8 from 'node:v8';
import vm from 'node:vm';
import JSZip from 'jszip';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readWorkbook, zipEntries } from '../../src/server/features/imports/read-workbook.ts';
import { sheetFile } from '../support/imports.ts';
import { type Client, type TestApp, createTestApp } from '../support/test-app.ts';
import { describeEachEngine } from '../support/test-database.ts';

/** A real workbook with one more part: `bytes` of zeros, deflated to a few hundred KB. */
async function bombFile(bytes: number): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await sheetFile('Danh sách', [['Họ và tên', 'Năm sinh'], ['Lò Văn Khang', 1980]]));
  zip.file('xl/media/image1.bin', Buffer.alloc(bytes));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** A real workbook whose central directory says its sheet is 40 bytes long. */
async function lyingFile(): Promise<Buffer> {
  const rows = [['Họ và tên', 'Năm sinh'], ...Array.from({ length: 200 }, (_, i) => [`Người thứ ${i}`, 1950 + (i % 50)])];
  const file = Buffer.from(await sheetFile('Danh sách', rows));
  const entries = zipEntries(file)!;
  // Walk the central directory again to find the sheet's record and rewrite its size.
  let offset = file.readUInt32LE(file.length - 22 + 16);
  for (const entry of entries) {
    const nameLength = file.readUInt16LE(offset + 28);
    if (entry.name === 'xl/worksheets/sheet1.xml') file.writeUInt32LE(40, offset + 24);
    offset += 46 + nameLength + file.readUInt16LE(offset + 30) + file.readUInt16LE(offset + 32);
  }
  return file;
}

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Bytes the process holds beyond its start (JS heap, buffers). */
const held = () => { const m = process.memoryUsage(); return m.heapUsed + m.external + m.arrayBuffers; };
const MEMORY_BOUND = 64 * 1024 * 1024;

it('refuses a zip bomb by the bytes that come out, holding under 64 MB while it reads', async () => {
  const file = await bombFile(400 * 1024 * 1024); // 400 MB of zeros inside ~400 KB
  expect(file.length).toBeLessThan(2 * 1024 * 1024);
  gc(); // the 400 MB the test built the bomb from is gone before measuring
  gc();
  const before = held();
  let peak = before;
  const watch = setInterval(() => { peak = Math.max(peak, held()); }, 5);
  const error = await readWorkbook(file, 'bom.xlsx').then(() => undefined, (e: unknown) => e);
  clearInterval(watch);
  peak = Math.max(peak, held());
  expect(error).toMatchObject({ status: 413, code: 'import_too_large', message: expect.stringContaining('quá lớn khi giải nén') });
  expect(peak - before).toBeLessThan(MEMORY_BOUND);
}, 120_000);

it('refuses a workbook whose zip directory lies about a part\'s size', async () => {
  const error = await readWorkbook(await lyingFile(), 'khai-sai.xlsx').then(() => undefined, (e: unknown) => e);
  expect(error).toMatchObject({ status: 400, code: 'import_corrupt', message: expect.stringContaining('giải nén ra nhiều hơn kích thước tệp khai báo') });
});

describeEachEngine('upload of a crafted .xlsx', (engine) => {
  let t: TestApp;
  let officer: Client;
  beforeAll(async () => {
    t = await createTestApp(engine);
    officer = await t.login(t.usernames.culture_office);
  }, 240_000);
  afterAll(async () => { await t.close(); });

  it('answers 413 to a bomb and 400 to a size lie, and the server goes on serving', async () => {
    const send = async (file: Buffer, name: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), name);
      return officer.request('POST', '/api/imports', form);
    };
    const bomb = await send(await bombFile(400 * 1024 * 1024), 'bom.xlsx');
    expect(bomb.status).toBe(413);
    expect(bomb.body.error.code).toBe('import_too_large');
    const lie = await send(await lyingFile(), 'khai-sai.xlsx');
    expect(lie.status).toBe(400);
    expect(lie.body.error.message).toContain('khai báo');
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const ok = await send(await sheetFile('Danh sách', [['Họ và tên', 'Năm sinh'], ['Lò Văn Khang', 1980]]), 'dung.xlsx');
    expect(ok.status).toBe(201);
  }, 240_000);
});
