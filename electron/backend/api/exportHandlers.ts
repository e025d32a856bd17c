/**
 * 'export/start': a table, filtered view or query result to CSV, Parquet or XLSX in the workspace's
 * exports/ folder, as a job. The job's result names the file; browser mode serves it for download.
 */
import type { Handlers } from './apiContext.js';
import { newExportPath } from './export/exportFiles.js';
import { runExport } from './export/runExport.js';
import { orderTerms, parameterBinder, whereClause } from './grid/filterSql.js';
import { exportPersonQuery } from '../analyses/personQueryExport.js';
import { statSync } from 'node:fs';
import { basename } from 'node:path';

export const exportHandlers: Handlers<'export/start' | 'export/personQuery'> = {
  'export/start': async (req, ctx) => {
    const source = await ctx.grid.resolve(req.source);
    // Check filters and sorts now, so a mistake is an answer to this call, not a failed job. The
    // row count is the job's first step: counting a query can take as long as running it, and the
    // call must answer at once with a job the user sees and can cancel.
    orderTerms(req.sort, source.columns);
    whereClause(req.filters, source.columns, parameterBinder().bind);
    const path = newExportPath(ctx.ws.dir, req.format, req.fileName, source.label);
    const job = ctx.jobs.start({
      kind: 'export',
      title: `Export ${source.label === 'query' ? 'query result' : source.label} to ${req.format.toUpperCase()}`,
      run: async (job) => {
        job.progress({ message: 'Counting the rows…' });
        const rows = await ctx.grid.count(source, req.filters);
        return runExport(ctx.pool, { source, format: req.format, filters: req.filters, sort: req.sort, path, rows, keepFormulas: req.keepFormulas === true }, job);
      },
      onSettled: (info) => {
        if (info.status === 'done') ctx.exportFiles.set(info.id, path);
      },
    });
    return { jobId: job.id };
  },
  // The person query: built from the derived tables, written by DuckDB, named …-row-level like every export.
  'export/personQuery': async (req, ctx) => {
    const path = newExportPath(ctx.ws.dir, req.format, req.fileName, 'person-query');
    const job = ctx.jobs.start({
      kind: 'export',
      title: `Export person query to ${req.format.toUpperCase()}`,
      run: async (job) => {
        job.progress({ message: 'Computing the person-week metrics…' });
        const r = await exportPersonQuery(ctx.ws, path, { attended: req.attended ?? 'accepted' });
        const bytes = statSync(r.path).size;
        return { file: r.path, path: r.path, fileName: basename(r.path), format: req.format, rows: r.rows, bytes };
      },
      onSettled: (info) => {
        if (info.status === 'done') ctx.exportFiles.set(info.id, path);
      },
    });
    return { jobId: job.id };
  },
};
