/**
 * Write a table, filtered view or query result to a file, as a job with progress.
 *
 * CSV and Parquet are written by DuckDB itself (`COPY (…) TO`), so no row crosses into JavaScript;
 * progress comes from DuckDB's query progress and the growing file. XLSX streams through exceljs.
 * The file is written as `<name>.partial` and renamed when complete, so a cancelled or failed export
 * never leaves a file that looks finished.
 */
import { renameSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ColumnFilter, Json, SortSpec } from '../../../../shared/api/contract.js';
import { ident, literal } from '../../engine/database.js';
import { neutraliseFormulaSql } from '../../../../shared/format/spreadsheetSafe.js';
import type { ConnectionPool } from '../../engine/connectionPool.js';
import { literalBinder } from '../grid/filterSql.js';
import { sourceQuery } from '../grid/gridRows.js';
import type { ResolvedSource } from '../grid/rowSource.js';
import { RateMeter, type JobContext } from '../jobs/jobRunner.js';
import { sqlError } from '../sql/sqlErrors.js';
import type { ExportFormat } from './exportFiles.js';
import { writeXlsx, XLSX_MAX_ROWS } from './writeXlsx.js';
import { AppError } from '../../../../shared/errors.js';

export interface ExportPlan {
  source: ResolvedSource;
  format: ExportFormat;
  filters?: ColumnFilter[];
  sort?: SortSpec[];
  /** Final path; the work happens in `${path}.partial`. */
  path: string;
  /** Rows the export will hold (from the grid's count). */
  rows: number;
  /** CSV only: write text cells that start like a formula as they are (default: with a leading apostrophe). */
  keepFormulas?: boolean;
}

const PROGRESS_POLL_MS = 250;

export async function runExport(pool: ConnectionPool, plan: ExportPlan, job: JobContext): Promise<Json> {
  const partial = `${plan.path}.partial`;
  const query = sourceQuery(plan.source, plan.filters, plan.sort, literalBinder);
  if (plan.format === 'xlsx' && plan.rows > XLSX_MAX_ROWS) {
    throw new AppError({
      code: 'export/too-many-rows-for-xlsx',
      message: `Excel sheets hold at most ${XLSX_MAX_ROWS.toLocaleString('en-US')} rows; this data has ${plan.rows.toLocaleString('en-US')}.`,
      hint: 'Filter the rows first, or export to CSV or Parquet, which have no such limit.',
    });
  }
  job.progress({ message: `Writing ${plan.rows.toLocaleString('en-US')} rows to ${basename(plan.path)}…`, percent: 0 });
  const meter = new RateMeter();
  try {
    await pool.use(async (c) => {
      const onAbort = () => c.interrupt();
      job.signal.addEventListener('abort', onAbort);
      const poll = setInterval(() => {
        const bytesDone = partialSize(partial);
        // XLSX reports its own progress (rows written); DuckDB's figure there is how far the
        // streaming query read ahead, which runs ahead of the file and made the bar jump back.
        const p = c.progress;
        const percent = plan.format !== 'xlsx' && p.percentage >= 0 ? Math.min(99, Math.floor(p.percentage)) : undefined;
        job.progress({ ...(percent !== undefined ? { percent } : {}), bytesDone, ...meter.sample(bytesDone) });
      }, PROGRESS_POLL_MS);
      try {
        if (plan.format === 'xlsx') {
          await writeXlsx(c, query, partial, plan.source.label, ({ rows }) => job.progress({ percent: plan.rows ? Math.min(99, Math.floor((rows / plan.rows) * 100)) : undefined, message: `${rows.toLocaleString('en-US')} of ${plan.rows.toLocaleString('en-US')} rows written` }), job.signal);
        } else {
          const options = plan.format === 'csv' ? 'FORMAT csv, HEADER true' : "FORMAT parquet, COMPRESSION 'zstd'";
          const copy = `COPY (${plan.format === 'csv' && !plan.keepFormulas ? spreadsheetSafe(query, plan.source) : query}) TO ${literal(partial)} (${options})`;
          try {
            await c.run(copy);
          } catch (e) {
            throw sqlError(e, copy, copy, 0);
          }
        }
      } finally {
        clearInterval(poll);
        job.signal.removeEventListener('abort', onAbort);
      }
    });
    if (job.signal.aborted) throw new AppError({ code: 'cancelled', message: 'Export cancelled.' });
    renameSync(partial, plan.path);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  // Just renamed into place: a file that cannot be read now is a failed export, not 0 bytes.
  const bytes = statSync(plan.path).size;
  job.progress({ bytesDone: bytes, bytesTotal: bytes, message: `Wrote ${plan.rows.toLocaleString('en-US')} rows to ${basename(plan.path)}` });
  return { file: plan.path, path: plan.path, fileName: basename(plan.path), format: plan.format, rows: plan.rows, bytes };
}

/** The query with every text column passed through the formula rule (numbers and dates need none). */
function spreadsheetSafe(query: string, source: ResolvedSource): string {
  const text = source.columns.filter((c) => c.type === 'VARCHAR');
  if (text.length === 0) return query;
  return `SELECT * REPLACE (${text.map((c) => `${neutraliseFormulaSql(ident(c.name))} AS ${ident(c.name)}`).join(', ')}) FROM (${query})`;
}

/** Bytes written so far, for progress; 0 until DuckDB has created the file. */
function partialSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
