/**
 * Read one sheet of an XLSX workbook with exceljs's streaming reader (DuckDB's excel extension
 * cannot be installed offline) and write it as a UTF-8 CSV that the CSV path then loads.
 *
 * The first CSV column is the sheet's row number, so errors name the row a user sees in Excel.
 * Cells become text exactly as shown by their value: dates as ISO, formulas as their cached result.
 */
import { AppError } from '../../../shared/errors.js';
import { CheckedWriter } from '../files/checkedWriter.js';
import { cleanColumnNames } from './csvLayout.js';
import { csvField } from '../../../shared/format/csvField.js';

export const XLSX_ROW_COLUMN = '__sheet_row';

export interface XlsxSheetCsv {
  sheets: string[];
  sheet: string;
  columns: string[];
  /** Data rows written (after the header row). */
  rows: number;
}

/** The parts of exceljs's streaming reader its type definitions leave out. */
interface SheetReaderInfo {
  name?: string;
}
interface WorkbookModelInfo {
  model?: { sheets?: { name: string }[] };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Excel dates arrive as UTC Dates holding the wall-clock time typed in the cell. */
export function excelDateText(d: Date): string {
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0) return date;
  const ms = d.getUTCMilliseconds();
  return `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}${ms ? `.${String(ms).padStart(3, '0')}` : ''}`;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : excelDateText(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((t) => t.text ?? '').join('');
    if ('result' in o) return cellText(o.result);
    if ('formula' in o || 'sharedFormula' in o || 'error' in o) return '';
    if ('text' in o) return cellText(o.text);
  }
  return String(v);
}

function pickSheet(requested: string | undefined, names: string[]): string | undefined {
  if (requested === undefined || requested === '') return names[0];
  const byName = names.find((n) => n.toLowerCase() === requested.trim().toLowerCase());
  if (byName) return byName;
  if (/^\d+$/.test(requested.trim())) return names[Number(requested) - 1];
  return undefined;
}

export async function xlsxSheetToCsv(path: string, dest: string, options: { sheet?: string; headerRow?: number; signal?: AbortSignal }): Promise<XlsxSheetCsv> {
  const headerRow = options.headerRow ?? 1;
  // exceljs takes ~0.3 s to load: only an XLSX import pays for it.
  const { default: ExcelJS } = await import('exceljs');
  const out = new CheckedWriter(dest);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const seen: string[] = [];
  let result: XlsxSheetCsv | undefined;
  let failed = false;
  try {
    for await (const sheetReader of reader) {
      const name = (sheetReader as unknown as SheetReaderInfo).name ?? `Sheet${seen.length + 1}`;
      seen.push(name);
      const order = (reader as unknown as WorkbookModelInfo).model?.sheets?.map((s) => s.name) ?? seen;
      const wanted = pickSheet(options.sheet, order);
      if (result || wanted !== name) {
        // Other sheets are read to the end: exceljs deletes a sheet's temporary file when the loop
        // moves on, and an unread sheet's stream would then fail on a file that is gone.
        for await (const _row of sheetReader) if (options.signal?.aborted) throw new AppError({ code: 'cancelled', message: 'Import cancelled; nothing was changed.' });
        continue;
      }
      let header: string[] = [];
      let width = 0;
      let rows = 0;
      for await (const row of sheetReader) {
        if (options.signal?.aborted) throw new AppError({ code: 'cancelled', message: 'Import cancelled; nothing was changed.' });
        const values = (row.values as unknown[]).slice(1).map(cellText);
        while (values.length && values[values.length - 1] === '') values.pop();
        if (row.number < headerRow) continue;
        if (row.number === headerRow) {
          header = values;
          continue;
        }
        if (values.length === 0) continue;
        width = Math.max(width, values.length);
        rows++;
        await out.write(`${row.number},${values.map(csvField).join(',')}\n`);
      }
      const columns = cleanColumnNames(header, Math.max(width, header.length));
      result = { sheets: order, sheet: name, columns, rows };
    }
  } catch (e) {
    failed = true;
    if (e instanceof AppError) throw e;
    throw new AppError({
      code: 'import/bad-xlsx',
      message: `Could not read the workbook ${path}: ${e instanceof Error ? e.message : String(e)}`,
      hint: 'The file may be damaged or password-protected; open it in Excel and save it again as .xlsx.',
      where: { file: path },
    });
  } finally {
    // A failure above is the one to report; otherwise a failed write is, never a shorter copy.
    const writeError = await out.end();
    if (writeError && !failed) throw writeError; // eslint-disable-line no-unsafe-finally
  }
  if (!result) {
    if (seen.length === 0) throw new AppError({ code: 'import/bad-xlsx', message: `${path} holds no worksheets.`, hint: 'Open it in Excel and check it has a sheet with data.', where: { file: path } });
    throw new AppError({
      code: 'import/no-such-sheet',
      message: `${path} has no sheet "${options.sheet}".`,
      hint: `Sheets: ${seen.map((s, i) => `${i + 1}. ${s}`).join(', ')}.`,
      where: { file: path, field: 'sheet' },
    });
  }
  if (result.columns.length === 0) {
    throw new AppError({ code: 'import/no-rows', message: `Sheet "${result.sheet}" of ${path} is empty.`, hint: 'Pick the sheet that holds the data.', where: { file: path, field: 'sheet' } });
  }
  return result;
}
