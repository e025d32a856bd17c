/**
 * Whether a path written in SQL points inside the sandbox folders (raw/, exports/, imports/) and at
 * no database file — checked on the text before DuckDB sees it, and again on the disk for links.
 *
 * Only full paths count: DuckDB reads a relative path from the app's working folder and expands
 * `~`, neither of which is the workspace. `..` is refused rather than resolved, since the disk
 * resolves it after following links and so may land somewhere else than the text says.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isDatabaseFile, isInside, realpathAsFarAsExists } from '../../workspace/databaseFiles.js';
import { SANDBOX_FOLDERS } from './sandbox.js';

const GLOB_CHARS = /[*?[{]/;

/** Whether an absolute, resolved path is one of the sandbox folders or lies in one (by name, no disk access). */
export function insideSandbox(workspaceDir: string, path: string): boolean {
  return SANDBOX_FOLDERS.some((f) => {
    const dir = join(workspaceDir, f);
    return isInside(dir, path) || relative(dir, path) === '';
  });
}

/** Why a path may not be read by SQL, or undefined when it may. */
export function checkSandboxPath(workspaceDir: string, path: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path) || path.includes('://')) return 'URLs are not read.';
  if (path.startsWith('~') || !isAbsolute(path)) return 'Relative paths are not read: give the full path.';
  if (path.split(/[\\/]/).includes('..')) return 'A path may not go up a folder with "..".';
  const abs = resolve(path);
  if (!insideSandbox(resolve(workspaceDir), abs)) {
    // Name the folders with their full paths: the workspace folder itself (its database) is not one of them.
    const folders = SANDBOX_FOLDERS.map((f) => join(resolve(workspaceDir), f)).join(', ');
    return `SQL reads files only from the workspace's ${SANDBOX_FOLDERS.join('/, ')}/ folders (${folders}).`;
  }
  // On the disk: links may lead elsewhere. A glob is checked up to its first wildcard.
  const wildcard = abs.search(GLOB_CHARS);
  const fixed = wildcard === -1 ? abs : abs.slice(0, wildcard);
  const real = realpathAsFarAsExists(/[\\/]$/.test(fixed) ? fixed.slice(0, -1) : fixed);
  if (!insideSandbox(realpathAsFarAsExists(workspaceDir), real)) return 'The path leads out of the workspace\'s folders through a link.';
  if (wildcard === -1 && isDatabaseFile(workspaceDir, abs)) return 'That is the workspace\'s own database file.';
  return undefined;
}
