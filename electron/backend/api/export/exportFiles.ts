/**
 * Where exports land: `<workspace>/exports/<name>.<ext>`, never outside it, never over an existing
 * file. Names come from the user (or the table), so they are reduced to a safe single file name.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type ExportFormat = 'csv' | 'parquet' | 'xlsx';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet', 'xlsx'];

export function exportsDir(workspaceDir: string): string {
  const dir = join(workspaceDir, 'exports');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A file name with no folders, no characters Windows refuses, not hidden, at most 120 characters. */
export function safeBaseName(name: string): string {
  const cleaned = name
    .replace(/\.(csv|parquet|xlsx)$/i, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '-')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 120);
  return /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cleaned) ? `${cleaned}-export` : cleaned;
}

function timestamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

/** What every file of the exports folder is: rows, not privacy-guarded aggregates. */
export const ROW_LEVEL_MARK = '-row-level';

/**
 * A new file path in the exports folder: the requested name, or "<label>-<timestamp>", made unique,
 * marked as row-level in the name so it is not mistaken for a guarded analysis output when shared.
 */
export function newExportPath(workspaceDir: string, format: ExportFormat, requested: string | undefined, label: string, now = new Date()): string {
  const dir = exportsDir(workspaceDir);
  const named = safeBaseName(requested ?? '') || safeBaseName(`${label}-${timestamp(now)}`) || 'export';
  const base = named.toLowerCase().endsWith(ROW_LEVEL_MARK) ? named : `${named}${ROW_LEVEL_MARK}`;
  let path = join(dir, `${base}.${format}`);
  for (let n = 2; existsSync(path) || existsSync(`${path}.partial`); n++) path = join(dir, `${base} (${n}).${format}`);
  return path;
}
