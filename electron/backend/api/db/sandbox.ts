/**
 * Confine the app's DuckDB to the workspace, so SQL typed in the app cannot read or write arbitrary
 * files (`read_csv('/etc/passwd')`, `COPY … TO '/tmp/x'`, `ATTACH`, `INSTALL`, http URLs).
 *
 * DuckDB 1.5 allows this at run time: `allowed_directories` lists the folders still reachable, then
 * `enable_external_access = false` turns everything else off. Both are one-way for the life of the
 * instance: a user's `SET enable_external_access = true` or a new `allowed_directories` is refused.
 * The database file, its WAL and its spill folder are DuckDB's own and keep working.
 */
import { join } from 'node:path';
import { literal } from '../../engine/database.js';
import type { Sql } from '../../engine/engine.js';

/** Workspace sub-folders DuckDB may read and write: synced raw files, exports, imported user files. */
export const SANDBOX_FOLDERS = ['raw', 'exports', 'imports'] as const;

/** The in-memory catalog for grid caches (sorted row orders), shared by every connection. */
export const GRID_CACHE_CATALOG = 'grid_cache';

export function allowedDirectories(workspaceDir: string): string[] {
  return SANDBOX_FOLDERS.map((f) => join(workspaceDir, f));
}

export async function sandboxWorkspaceDatabase(db: Sql, workspaceDir: string): Promise<void> {
  const dirs = allowedDirectories(workspaceDir).map((d) => literal(d)).join(', ');
  // Attach the cache catalog first: ATTACH is refused (even for :memory:) in some configurations.
  await db.run(`ATTACH IF NOT EXISTS ':memory:' AS ${GRID_CACHE_CATALOG}`);
  await db.run(`SET allowed_directories = [${dirs}]`);
  await db.run('SET enable_external_access = false');
}

/** Whether the instance is already confined (a second service on the same database). */
export async function isSandboxed(db: Sql): Promise<boolean> {
  return (await db.scalar<boolean>(`SELECT current_setting('enable_external_access')`)) === false;
}
