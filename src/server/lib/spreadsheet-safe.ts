// Cells a spreadsheet could take for a formula. A value written from the registry (a name, an
// address, a note typed on a phone) that starts with = + - @ (or a tab or carriage return,
// which some programs skip before looking) is prefixed with an apostrophe, OWASP's advice for
// "CSV/formula injection": Excel, LibreOffice and Google Sheets then show it as text and
// never run it, even after the file is saved as .csv and opened again. The import strips the
// apostrophe again (read-workbook), so an exported list imports back unchanged.
import type { Workbook } from 'exceljs';

const FORMULA_START = /^[=+\-@\t\r]/;

export function spreadsheetText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** What the import reads back: the apostrophe that spreadsheetText() put in front, taken off. */
export function unquoteSpreadsheetText(value: string): string {
  return value.length > 1 && value[0] === "'" && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/** Every string cell of a workbook built in memory (reports, settlements) made safe. */
export function neutralizeFormulas(workbook: Workbook): void {
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (typeof cell.value === 'string' && FORMULA_START.test(cell.value)) cell.value = spreadsheetText(cell.value);
      });
    });
  });
}
