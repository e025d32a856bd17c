/**
 * The workspace's database files — wpa.duckdb, its .wal (and .wal.recovery/.wal.checkpoint), its
 * spill folder wpa.duckdb.tmp/ — are DuckDB's alone. Opening one from this process for anything
 * else (a preview, an import's copy, a file read in SQL) and closing it again drops the lock DuckDB
 * holds on the database (POSIX locks belong to the process and go with any close of the file), and
 * another process may then write it at the same time. So no path that is one of them is read.
 *
 * A path is one of them by name (after resolving `..` and symbolic links) or by identity (a hard
 * link elsewhere has the database's inode).
 */
import { realpathSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { DATABASE_FILE } from './workspace.js';

/** The path with symbolic links resolved as far as it exists (the rest appended as written). */
export function realpathAsFarAsExists(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realpathAsFarAsExists(parent), basename(abs));
  }
}

/** Whether `path` lies strictly inside `dir` (both already resolved the same way). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export function isDatabaseFile(workspaceDir: string, path: string): boolean {
  const ws = realpathAsFarAsExists(workspaceDir);
  const real = realpathAsFarAsExists(path);
  // By name: any entry of the workspace folder starting with wpa.duckdb, and anything under one.
  const rel = relative(ws, real);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel) && rel.split(/[\\/]/)[0].toLowerCase().startsWith(DATABASE_FILE)) return true;
  // By identity: the same file under another name.
  const info = statSync(real, { throwIfNoEntry: false });
  if (!info?.isFile()) return false;
  let names: string[];
  try {
    names = readdirSync(ws).filter((n) => n.toLowerCase().startsWith(DATABASE_FILE));
  } catch {
    return false;
  }
  return names.some((n) => {
    const own = statSync(join(ws, n), { throwIfNoEntry: false });
    return own !== undefined && own.ino === info.ino && own.dev === info.dev;
  });
}

/** Refuse to read a workspace database file as a user's file (preview, import). */
export function refuseDatabaseFile(workspaceDir: string, path: string): void {
  if (!isDatabaseFile(workspaceDir, path)) return;
  throw new AppError({
    code: 'import/database-file',
    message: `${path} is this workspace's own database file; it cannot be previewed or imported.`,
    hint: 'Its tables are already in the workspace: open them on the Datasets or Browse screen, or export them with Export….',
    where: { file: path, field: 'path' },
  });
}
