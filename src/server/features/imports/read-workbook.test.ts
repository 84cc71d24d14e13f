import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, countWorksheetRows, decodeText, parseCsv, readWorkbook, zipEntries } from './read-workbook.ts';

const refusal = async (buffer: Buffer, name: string) => {
  try {
    await readWorkbook(buffer, name);
  } catch (error) {
    const { status, code, message } = error as { status: number; code: string; message: string };
    return { status, code, message };
  }
  throw new Error('not refused');
};

describe('refusing what is not a spreadsheet', () => {
  it('says why, in Vietnamese', async () => {
    expect(await refusal(Buffer.alloc(0), 'a.xlsx')).toEqual({ status: 400, code: 'import_empty', message: 'Tệp rỗng (0 byte). Hãy chọn lại tệp danh sách.' });
    expect((await refusal(Buffer.from('%PDF-1.7 ...'), 'danh sách.pdf')).message).toBe('Tệp «danh sách.pdf» không phải bảng tính. Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect((await refusal(ole, 'cu.xls')).code).toBe('import_old_xls');
    const encrypted = Buffer.concat([ole, Buffer.from('EncryptedPackage', 'utf16le')]);
    expect((await refusal(encrypted, 'mat-khau.xlsx')).code).toBe('import_encrypted');
    expect((await refusal(Buffer.from('<html><table><tr><td>1</td></tr></table></html>'), 'xuat.xls')).code).toBe('import_html');
    expect((await refusal(Buffer.from('PK\x03\x04 broken zip'), 'hong.xlsx')).code).toBe('import_corrupt');
  });
});

describe('.xlsx', () => {
  it('reads text cells, dates as dd/mm/yyyy, whole numbers in full, merged cells from their master', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Nà Pồng');
    sheet.getCell('A1').value = 'TIÊU ĐỀ';
    sheet.mergeCells('A1:C1');
    sheet.getRow(3).values = ['Nguyễn Văn An', new Date(Date.UTC(1987, 2, 5)), 8180123456];
    sheet.getRow(4).values = [{ richText: [{ text: 'Lê ' }, { text: 'Thị Bình' }] }, { formula: 'B3', result: 31841 } as ExcelJS.CellFormulaValue, '  '];
    sheet.getCell('D3').value = 'Hộ 1';
    sheet.mergeCells('D3:D4');
    workbook.addWorksheet('Ẩn', { state: 'hidden' }).getCell('A1').value = 'x';
    const read = await readWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()), 'a.xlsx');
    expect(read.format).toBe('xlsx');
    expect(read.sheets).toEqual([{
      name: 'Nà Pồng',
      columnCount: 4,
      rows: [
        { rowNumber: 1, cells: ['TIÊU ĐỀ', 'TIÊU ĐỀ', 'TIÊU ĐỀ'] },
        { rowNumber: 3, cells: ['Nguyễn Văn An', '05/03/1987', '8180123456', 'Hộ 1'] },
        { rowNumber: 4, cells: ['Lê Thị Bình', '31841', null, 'Hộ 1'] },
      ],
    }]);
  });

  it('refuses a workbook whose sheets are all empty', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1');
    expect((await refusal(Buffer.from(await workbook.xlsx.writeBuffer()), 'trong.xlsx')).code).toBe('import_empty');
  });

  it('refuses more rows than the limit', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    // Each sheet's first 30 rows (title and header rows) are not counted.
    for (let i = 0; i < 42; i++) sheet.addRow([`Người ${i}`]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(readWorkbook(buffer, 'a.xlsx', { maxRows: 11 })).rejects.toMatchObject({ code: 'import_too_many_rows' });
    expect((await readWorkbook(buffer, 'a.xlsx', { maxRows: 12 })).sheets[0].rows).toHaveLength(42);
  });

  it('counts worksheet rows from the zipped XML before loading it, and refuses far too many early', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    for (let i = 0; i < 500; i++) sheet.addRow([`Người ${i}`, 1990]);
    workbook.addWorksheet('Sheet2').addRow(['x']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await countWorksheetRows(buffer, zipEntries(buffer)!)).toBe(501);
    await expect(readWorkbook(buffer, 'a.xlsx', { maxRows: 100 })).rejects.toMatchObject({ code: 'import_too_many_rows', message: expect.stringMatching(/^Tệp có 501 dòng, vượt giới hạn 100 dòng/) });
  });

  it('turns cell values into text', () => {
    expect(cellText(123456789012)).toBe('123456789012');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText({ error: '#N/A' } as ExcelJS.CellErrorValue)).toBeNull();
    expect(cellText({ text: 'liên kết', hyperlink: 'http://x' })).toBe('liên kết');
  });
});

describe('.csv', () => {
  it('parses quotes, delimiters inside quotes and line breaks, counting rows as Excel does', () => {
    expect([...parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n\nlast,1')]).toEqual([
      { rowNumber: 1, cells: ['a', 'b'] },
      { rowNumber: 2, cells: ['x, y', 'say "hi"'] },
      { rowNumber: 3, cells: ['two\nlines', 'z'] },
      { rowNumber: 4, cells: [''] },
      { rowNumber: 5, cells: ['last', '1'] },
    ]);
    expect([...parseCsv('Họ và tên;Ngày sinh\nAn;1987')][1].cells).toEqual(['An', '1987']);
  });

  it('decodes UTF-8 with BOM, UTF-16 and Windows-1258', () => {
    expect(decodeText(Buffer.from('\ufeffHọ và tên', 'utf8')).replace('\ufeff', '')).toBe('Họ và tên');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Họ và tên', 'utf16le')]))).toBe('Họ và tên');
    // "Nguyễn" in Windows-1258: "Nguy" + ê (0xEA) + combining tilde (0xDE) + "n".
    expect(decodeText(Buffer.from([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e])).normalize('NFC')).toBe('Nguyễn');
  });

  it('reads a .csv file as one sheet named after the file, blank lines left out', async () => {
    const read = await readWorkbook(Buffer.from('\ufeffHọ và tên,Ngày sinh\nAn,1987\n\nBình,1990\n'), 'Thôn Nà Pồng.csv');
    expect(read).toEqual({ format: 'csv', sheets: [{ name: 'Thôn Nà Pồng', columnCount: 2, rows: [
      { rowNumber: 1, cells: ['Họ và tên', 'Ngày sinh'] }, { rowNumber: 2, cells: ['An', '1987'] }, { rowNumber: 4, cells: ['Bình', '1990'] },
    ] }] });
  });
});
