/**
 * Write the person query (shared/analyses/personQuery.ts) to a CSV or Parquet file. It is
 * row-level data, so the file's name carries the row-level mark like every export's
 * (`…-row-level.csv`), and it is written beside as `.partial` and renamed when complete.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { PERSON_WEEK_REQUIRES } from '../../../shared/analyses/personWeekMetrics.js';
import { personQuerySql } from '../../../shared/analyses/personQuery.js';
import { literal } from '../../../shared/sql/quote.js';
import type { ParamValues } from '../../../shared/analyses/types.js';
import type { Workspace } from '../workspace/workspace.js';
import { ROW_LEVEL_MARK } from '../api/export/exportFiles.js';
import { ensureDerived } from './derivedTables.js';
import { personAttributes, workspaceAvailability } from './runAnalysis.js';

/** `out` with the row-level mark before its extension (`q.csv` → `q-row-level.csv`), unless it has it. */
export function rowLevelPath(out: string): string {
  const ext = extname(out);
  const base = basename(out, ext);
  return base.toLowerCase().endsWith(ROW_LEVEL_MARK) ? resolve(out) : join(resolve(dirname(out)), `${base}${ROW_LEVEL_MARK}${ext}`);
}

export interface PersonQueryExport {
  path: string;
  rows: number;
  columns: string[];
}

export async function exportPersonQuery(ws: Workspace, out: string, params: ParamValues = {}): Promise<PersonQueryExport> {
  const path = rowLevelPath(out);
  const format = extname(path).toLowerCase().slice(1);
  if (format !== 'csv' && format !== 'parquet') {
    throw new AppError({ code: 'export/format', message: `The person query is written as .csv or .parquet, not "${extname(path) || 'no extension'}".`, hint: 'Name the file …-row-level.csv or …-row-level.parquet.' });
  }
  if (existsSync(path)) throw new AppError({ code: 'export/exists', message: `${path} already exists.`, hint: 'Choose another file name; exports never overwrite a file.' });
  const availability = await workspaceAvailability(ws);
  await ensureDerived(ws, PERSON_WEEK_REQUIRES);
  const db = await ws.engine();
  // PersonAttributes: PersonHistorical plus the columns of joined HR files (created when missing),
  // all that do not identify people, a hire date included though it groups no one.
  const attributes = (await personAttributes(ws)).all;
  const sql = personQuerySql(params, attributes, { availability });
  const partial = `${path}.partial`;
  try {
    await db.run(`COPY (${sql}) TO ${literal(partial)} (${format === 'csv' ? 'FORMAT csv, HEADER true' : "FORMAT parquet, COMPRESSION 'zstd'"})`);
    renameSync(partial, path);
  } catch (e) {
    rmSync(partial, { force: true });
    if (e instanceof AppError) throw e;
    throw new AppError({ code: 'export/failed', message: `Could not write the person query: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, hint: 'Check the folder exists and is writable.' });
  }
  const read = format === 'csv' ? `read_csv(${literal(path)}, header = true)` : `read_parquet(${literal(path)})`;
  const rows = Number(await db.scalar<number>(`SELECT count(*) FROM ${read}`));
  const columns = (await db.query(`DESCRIBE SELECT * FROM ${read}`)).rows.map((r) => String(r.column_name));
  return { path, rows, columns };
}
