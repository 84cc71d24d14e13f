// The import template offered on the import page: one sheet with the headers the column
// guesser recognises (each maps to its field with no choice to make), two example rows of one
// household in a village of the officer's own area, ID and phone columns kept as text so
// Excel does not drop their leading zeros; and a sheet of how to fill each column.
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../lib/exceljs.ts';
import type { ImportField } from '../../../shared/imports.ts';

/** The data sheet's columns: header as the guesser reads it, the field it maps to, width. */
export const TEMPLATE_COLUMNS: ReadonlyArray<{ header: string; field: ImportField | null; width: number; text?: boolean }> = [
  { header: 'STT', field: null, width: 6 },
  { header: 'Họ và tên', field: 'fullName', width: 26 },
  { header: 'Ngày sinh', field: 'birthDate', width: 13 },
  { header: 'Giới tính', field: 'sex', width: 10 },
  { header: 'Số CCCD', field: 'cccd', width: 16, text: true },
  { header: 'Quan hệ với chủ hộ', field: 'relationToHead', width: 18 },
  { header: 'Số hộ', field: 'householdNumber', width: 8, text: true },
  { header: 'Thôn', field: 'village', width: 18 },
  { header: 'Xóm', field: 'hamletGroup', width: 12 },
  { header: 'Địa chỉ', field: 'address', width: 24 },
  { header: 'Dân tộc', field: 'ethnicity', width: 10 },
  { header: 'Số điện thoại', field: 'phone', width: 14, text: true },
  { header: 'Ghi chú', field: 'note', width: 24 },
];

export const TEMPLATE_HEADER_ROW = 4;

const HOW_TO = [
  'CÁCH GHI DANH SÁCH ĐỂ NHẬP VÀO HỆ THỐNG',
  '',
  'Mỗi dòng một người. Các người cùng một hộ ghi cùng «Số hộ»; người đứng tên chủ hộ ghi «Chủ hộ» ở cột «Quan hệ với chủ hộ».',
  'Xóa hai dòng ví dụ trước khi nhập. Có thể thêm, bớt hoặc đổi thứ tự cột; hệ thống nhận cột theo tên ở dòng tiêu đề.',
  '',
  'Họ và tên: ghi đủ họ, tên đệm và tên, có dấu.',
  'Ngày sinh: ngày/tháng/năm (05/03/1980); nếu chỉ biết năm thì ghi năm (1982).',
  'Giới tính: Nam hoặc Nữ.',
  'Số CCCD: đủ 12 chữ số, kể cả số 0 ở đầu (cột đã để dạng chữ nên Excel không bỏ số 0). Để trống nếu chưa có.',
  'Quan hệ với chủ hộ: Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, Cháu, Anh, Chị, Em…',
  'Số hộ: số của hộ trong thôn; mọi người trong một hộ ghi cùng một số.',
  'Thôn: tên thôn như trong hệ thống (có thể bỏ chữ «Thôn»). Nếu cả tệp là một thôn, có thể để trống và chọn thôn khi nhập.',
  'Xóm, Địa chỉ, Dân tộc, Số điện thoại, Ghi chú: không bắt buộc. Số điện thoại 10 số, bắt đầu bằng 0.',
  '',
  'Nhiều thôn: có thể để mỗi thôn một trang tính, đặt tên trang theo tên thôn.',
  'Khi nhập, hệ thống cho xem trước từng dòng sẽ được tạo mới, cập nhật hay có lỗi; chưa có gì được ghi cho đến khi bấm «Ghi vào hệ thống».',
];

/** The template as an .xlsx buffer; `village` is a village of the officer's area for the examples (none: left empty). */
export async function importTemplate(village: string | null): Promise<Buffer> {
  const book = new (await loadExcelJS()).Workbook();
  book.creator = 'cnscd';
  const sheet = book.addWorksheet('Danh sách', { views: [{ state: 'frozen', ySplit: TEMPLATE_HEADER_ROW }] });
  sheet.getCell('A1').value = 'DANH SÁCH HỘ GIA ĐÌNH VÀ NHÂN KHẨU';
  sheet.getCell('A1').font = { bold: true, size: 13 };
  sheet.getCell('A2').value = 'Mỗi dòng một người. Hai dòng ví dụ bên dưới cần xóa trước khi nhập. Cách ghi từng cột: xem trang «Hướng dẫn».';
  sheet.getCell('A2').font = { italic: true, color: { argb: 'FF555555' } };
  for (const [i, column] of TEMPLATE_COLUMNS.entries()) {
    const col = sheet.getColumn(i + 1);
    col.width = column.width;
    // A text column keeps what is typed: "008080012345" stays 12 digits.
    if (column.text) col.numFmt = '@';
    if (column.field === 'birthDate') col.numFmt = 'dd/mm/yyyy';
  }
  const header = sheet.getRow(TEMPLATE_HEADER_ROW);
  header.values = TEMPLATE_COLUMNS.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7F0FA' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8AA8C8' } } };
  });
  const examples: ExcelJS.CellValue[][] = [
    [1, 'Nguyễn Văn A', new Date(Date.UTC(1980, 2, 5)), 'Nam', '008080012345', 'Chủ hộ', '1', village, 'Xóm 1', 'Số nhà 12', 'Tày', '0912000111', 'Ví dụ, xóa dòng này'],
    [2, 'Trần Thị B', '1982', 'Nữ', null, 'Vợ', '1', village, 'Xóm 1', 'Số nhà 12', 'Tày', null, 'Ví dụ: chỉ biết năm sinh, chưa có CCCD'],
  ];
  for (const [i, values] of examples.entries()) {
    const row = sheet.getRow(TEMPLATE_HEADER_ROW + 1 + i);
    row.values = values;
    row.font = { color: { argb: 'FF1F4E79' }, italic: true };
  }
  // Only the year is known: text, or the date column's format would show 1982 as a day of 1905.
  sheet.getCell(TEMPLATE_HEADER_ROW + 2, 3).numFmt = '@';

  const help = book.addWorksheet('Hướng dẫn');
  help.getColumn(1).width = 120;
  // One column of sentences: no row of it can look like a header row to the guesser.
  for (const [i, line] of HOW_TO.entries()) {
    const cell = help.getCell(i + 1, 1);
    cell.value = line || null;
    cell.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) cell.font = { bold: true, size: 13 };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
