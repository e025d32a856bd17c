/**
 * XLSX export with exceljs' streaming writer: rows go from a DuckDB streaming result to the file
 * chunk by chunk, so memory stays flat. Values keep their type in Excel: numbers, booleans, dates
 * (timestamps as Excel dates), text. The event loop is yielded between chunks so the server and
 * other calls stay responsive during a long export.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckdb } from '../../engine/duckdbModule.js';
import { AppError } from '../../../../shared/errors.js';
import { isIntegerType, isNumericType } from '../../../../shared/schema/duckdbTypes.js';

/** Excel's sheet limit is 1,048,576 rows including the header. */
export const XLSX_MAX_ROWS = 1_048_575;

type CellValue = string | number | boolean | Date | null;

function cellConverter(type: string): (v: unknown) => CellValue {
  if (isNumericType(type)) {
    return (v) => {
      if (v === null || v === undefined) return null;
      const n = Number(v);
      // Beyond 2^53 a number would silently change: keep such values as text.
      return Number.isFinite(n) && (!isIntegerType(type) || Number.isSafeInteger(n)) ? n : String(v);
    };
  }
  if (type === 'BOOLEAN') return (v) => (v === null || v === undefined ? null : Boolean(v));
  if (type === 'DATE' || (type.startsWith('TIMESTAMP') && !type.includes('TIME ZONE'))) {
    // DuckDB gives "2024-01-03 09:30:00"; Excel dates have no zone, exceljs writes Dates as UTC.
    return (v) => {
      if (v === null || v === undefined) return null;
      const d = new Date(`${String(v).replace(' ', 'T')}${String(v).length <= 10 ? 'T00:00:00' : ''}Z`);
      return Number.isNaN(d.getTime()) ? String(v) : d;
    };
  }
  return (v) => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
}

function numberFormat(type: string): string | undefined {
  if (type === 'DATE') return 'yyyy-mm-dd';
  if (type.startsWith('TIMESTAMP')) return 'yyyy-mm-dd hh:mm:ss';
  return undefined;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ */
export function sheetName(label: string): string {
  return label.replace(/[[\]:*?/\\]/g, '-').slice(0, 31) || 'Export';
}

export interface XlsxProgress {
  rows: number;
}

export async function writeXlsx(
  c: DuckDBConnection,
  query: string,
  path: string,
  label: string,
  onProgress: (p: XlsxProgress) => void,
  signal: AbortSignal,
): Promise<{ rows: number }> {
  const result = await c.stream(query);
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => t.toString());
  const convert = types.map(cellConverter);
  // exceljs takes ~0.3 s to load: only an XLSX export pays for it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName(label), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = names.map((name, i) => ({ header: name, key: `c${i}`, width: Math.min(40, Math.max(10, name.length + 2)), style: numberFormat(types[i]) ? { numFmt: numberFormat(types[i]) } : {} }));
  sheet.getRow(1).font = { bold: true };
  let rows = 0;
  try {
    for (;;) {
      if (signal.aborted) throw new AppError({ code: 'cancelled', message: 'Export cancelled.' });
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      if (rows + chunk.rowCount > XLSX_MAX_ROWS) {
        throw new AppError({
          code: 'export/too-many-rows-for-xlsx',
          message: `Excel sheets hold at most ${XLSX_MAX_ROWS.toLocaleString('en-US')} rows; this data has more.`,
          hint: 'Filter the rows first, or export to CSV or Parquet, which have no such limit.',
        });
      }
      for (const values of chunk.convertRows(duckdb().JsonDuckDBValueConverter)) {
        sheet.addRow(values.map((v, i) => convert[i](v))).commit();
      }
      rows += chunk.rowCount;
      onProgress({ rows });
      await new Promise((resolve) => setImmediate(resolve));
    }
    sheet.commit();
    await workbook.commit();
  } catch (e) {
    // Close the file so the partial can be deleted on every platform.
    await workbook.commit().catch(() => undefined);
    throw e;
  }
  return { rows };
}
