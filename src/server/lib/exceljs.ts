// exceljs takes about half a second to import: it is loaded on first use (an import or an
// export), so the server starts without it.
import type ExcelJSModule from 'exceljs';

let loading: Promise<typeof ExcelJSModule> | undefined;

export const loadExcelJS = (): Promise<typeof ExcelJSModule> => (loading ??= import('exceljs').then((m) => m.default));
