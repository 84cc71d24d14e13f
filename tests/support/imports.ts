// Import test helpers: a one-sheet .xlsx made with exceljs, and its upload through HTTP.
import ExcelJS from 'exceljs';
import type { Client } from './test-app.ts';

export async function sheetFile(name: string, values: ExcelJS.CellValue[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(name);
  for (const row of values) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Uploads a file as the web does (multipart, field «file»); anything but 201 fails the test. */
export async function uploadBatch<T = { id: string }>(client: Client, file: Buffer, name = 'danh-sach.xlsx'): Promise<T> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), name);
  const res = await client.request('POST', '/api/imports', form);
  if (res.status !== 201) throw new Error(`upload ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}
