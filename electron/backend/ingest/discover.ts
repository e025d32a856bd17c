/**
 * Find the export's tables in a folder: every CSV below it, recognised by its header (file names
 * only break ties), parts of one table grouped, one refresh folder chosen when there are several.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { recogniseHeader, tableForFileName, type ColumnDef, type TableName } from '../../../shared/schema/exportSchema.js';
import { readCsvHeadSync, type CsvHead } from './csvHead.js';

export interface DiscoveredFile {
  head: CsvHead;
  /** Canonical column per header position; undefined marks an extra (HR attribute) column. */
  columns: (ColumnDef | undefined)[];
}

export interface DiscoveredTable {
  table: TableName;
  files: DiscoveredFile[];
}

export interface Discovery {
  root: string;
  /** The refresh folder the tables were taken from, relative to root ('' when flat). */
  refresh: string;
  /** Refresh folders found (relative), oldest first by name. */
  refreshes: string[];
  tables: DiscoveredTable[];
  /** Files that belong to no table (other CSVs, or a table file that failed recognition). */
  skipped: { path: string; reason: string }[];
  /** Problems that fail the table they belong to: missing required columns, empty files, … */
  problems: { table?: TableName; path: string; message: string; column?: string }[];
}

export function listCsvFilesSync(root: string): string[] {
  const out: string[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (/\.csv$/i.test(name)) out.push(p);
    }
  })(root);
  return out;
}

export function discoverExportSync(root: string, options: { refresh?: string } = {}): Discovery {
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new AppError({ code: 'ingest/folder-not-found', message: `Folder not found: ${root}`, hint: 'Give the folder that holds the export CSV files.', where: { file: root } });
  }
  if (!st.isDirectory()) throw new AppError({ code: 'ingest/not-a-folder', message: `${root} is not a folder`, hint: 'Give the folder that holds the export CSV files.', where: { file: root } });

  const skipped: Discovery['skipped'] = [];
  const problems: Discovery['problems'] = [];
  const found: { table: TableName; folder: string; file: DiscoveredFile }[] = [];

  for (const path of listCsvFilesSync(root)) {
    const named = tableForFileName(basename(path));
    const head = readCsvHeadSync(path);
    if (head.bytes === 0 || head.header.length === 0 || (head.header.length === 1 && head.header[0] === '')) {
      if (named) problems.push({ table: named, path, message: `${path} is empty: it has no header row` });
      else skipped.push({ path, reason: 'empty file' });
      continue;
    }
    const match = recogniseHeader(head.header, basename(path));
    if (!match) {
      skipped.push({ path, reason: `header matches no export table (delimiter "${head.delimiter === '\t' ? '\\t' : head.delimiter}", columns: ${head.header.slice(0, 5).join(', ')}${head.header.length > 5 ? ', …' : ''})` });
      continue;
    }
    if (match.missingRequired.length > 0) {
      problems.push({
        table: match.table,
        path,
        column: match.missingRequired[0],
        message: `${path}: missing required column${match.missingRequired.length > 1 ? 's' : ''} ${match.missingRequired.join(', ')} for table ${match.table}`,
      });
      continue;
    }
    found.push({ table: match.table, folder: relative(root, dirname(path)), file: { head, columns: match.columns } });
  }

  // Several folders holding export tables are refreshes: take the requested one, else the latest.
  const refreshes = [...new Set(found.map((f) => f.folder))].sort();
  let refresh = refreshes[refreshes.length - 1] ?? '';
  if (options.refresh !== undefined) {
    if (!refreshes.includes(options.refresh)) {
      throw new AppError({
        code: 'ingest/refresh-not-found',
        message: `No refresh folder "${options.refresh}" with export tables under ${root}`,
        hint: refreshes.length ? `Refresh folders found: ${refreshes.map((r) => r || '(top level)').join(', ')}` : 'No export tables were recognised in this folder.',
      });
    }
    refresh = options.refresh;
  }
  const tables = new Map<TableName, DiscoveredFile[]>();
  for (const f of found) {
    if (f.folder !== refresh) {
      skipped.push({ path: f.file.head.path, reason: `belongs to refresh "${f.folder || '(top level)'}", not the one loaded` });
      continue;
    }
    tables.set(f.table, [...(tables.get(f.table) ?? []), f.file]);
  }
  // Problems in a refresh folder that is not being loaded do not fail this ingest.
  const inLoadedRefresh = (p: { path: string }) => !refreshes.length || relative(root, dirname(p.path)) === refresh;
  for (const p of problems.filter((x) => !inLoadedRefresh(x))) skipped.push({ path: p.path, reason: `${p.message} (other refresh)` });
  const relevantProblems = problems.filter(inLoadedRefresh);
  return {
    root,
    refresh,
    refreshes,
    tables: [...tables.entries()].map(([table, files]) => ({ table, files })),
    skipped,
    problems: relevantProblems,
  };
}
