/**
 * User-picked files for import: checked, then copied into the workspace's imports/ folder, the only
 * place besides raw/ and exports/ the sandboxed database may read. A browser upload is moved there
 * instead of copied: it is already inside the workspace, and may be large.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { AppError } from '../../../../shared/errors.js';
import { statIfPresent } from '../../files/statIfPresent.js';
import { SANDBOX_FOLDERS } from '../db/sandbox.js';
import { isUpload, removeUpload } from './uploads.js';
import { refuseDatabaseFile } from '../../workspace/databaseFiles.js';

/** Copies this module made (and may delete) start with this. */
const COPY_PREFIX = 'upload-';

export const importsDir = (workspaceDir: string) => join(workspaceDir, 'imports');

/** The picked file as an absolute path to an existing regular file, never the workspace's database. */
export async function userFile(path: string, workspaceDir: string): Promise<string> {
  const abs = resolve(path);
  // Before it is opened, copied or linked: any of those drops DuckDB's lock on its database.
  refuseDatabaseFile(workspaceDir, abs);
  const info = await statIfPresent(abs).catch((e: unknown) => {
    throw new AppError({ code: 'import/file-unreadable', message: `Could not look at ${abs}: ${e instanceof Error ? e.message : String(e)}`, hint: 'Check you may read the file and its folder.', where: { file: abs, field: 'path' } });
  });
  if (!info) throw new AppError({ code: 'import/file-not-found', message: `There is no file ${abs}.`, hint: 'Pick the file again; it may have been moved or deleted.', where: { file: abs, field: 'path' } });
  if (!info.isFile()) throw new AppError({ code: 'import/not-a-file', message: `${abs} is a folder, not a file.`, where: { file: abs, field: 'path' } });
  return abs;
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** A file the sandboxed database can already read. */
function readableInPlace(workspaceDir: string, path: string): boolean {
  return SANDBOX_FOLDERS.some((f) => inside(join(workspaceDir, f), path));
}

/** The file an import reads, and how it got there. */
export interface ImportCopy {
  path: string;
  /** A new file was made in imports/ (the caller removes it if it is not kept). */
  copied: boolean;
  /** The upload it was moved from, restored by `discardCopy` so the user can try again. */
  movedFrom?: string;
}

/**
 * Copy the file into imports/ (unless it is already inside the sandbox); for an import (not a
 * preview) an upload is moved into imports/ so the dataset keeps its own copy.
 */
export async function copyIntoImports(workspaceDir: string, source: string, options: { preview: boolean }): Promise<ImportCopy> {
  const moveUpload = !options.preview && isUpload(workspaceDir, source);
  if (!moveUpload && readableInPlace(workspaceDir, source)) return { path: source, copied: false };
  const dir = importsDir(workspaceDir);
  await mkdir(dir, { recursive: true });
  const stamp = options.preview ? `preview-${randomUUID().slice(0, 8)}` : `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 4)}`;
  // Keep the original name (and so its extension, which tells CSV from XLSX) after the prefix.
  const target = join(dir, `${COPY_PREFIX}${stamp}-${basename(source).replace(/[^\w.\- ]/g, '_')}`);
  try {
    if (moveUpload) await rename(source, target);
    else if (options.preview) await previewLink(source, target);
    else await copyFile(source, target, constants.COPYFILE_FICLONE);
  } catch (e) {
    // The copy failure is the error to report; a half-written copy left behind is never read (it has no dataset record).
    if (!moveUpload) await rm(target, { force: true }).catch(() => undefined);
    throw new AppError({ code: 'import/copy-failed', message: `Could not copy ${source} into the workspace: ${e instanceof Error ? e.message : String(e)}`, hint: 'Check that the file can be read and the disk has room.', where: { file: source } });
  }
  return moveUpload ? { path: target, copied: true, movedFrom: source } : { path: target, copied: true };
}

/**
 * A preview reads the file once and deletes its copy: a hard link (same disk) costs nothing even
 * for a large file. An import keeps a real copy, so a later edit of the original cannot change it.
 */
async function previewLink(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target, constants.COPYFILE_FICLONE);
  }
}

/** After a failed import: a moved upload goes back where it was, a new copy is deleted. */
export async function discardCopy(workspaceDir: string, copy: ImportCopy): Promise<void> {
  // An upload that cannot be moved back is deleted instead: the import's own error is what the user sees.
  if (copy.movedFrom) await rename(copy.path, copy.movedFrom).catch(() => removeOwnCopy(workspaceDir, copy.path));
  else if (copy.copied) await removeOwnCopy(workspaceDir, copy.path);
}

/** After a successful import: the emptied folder of a moved upload goes. */
export async function keepCopy(workspaceDir: string, copy: ImportCopy): Promise<void> {
  if (copy.movedFrom) await removeUpload(workspaceDir, copy.movedFrom);
}

/** A copy this module made in imports/ (never a file the user put there). */
export function isOwnCopy(workspaceDir: string, path: string): boolean {
  return dirname(resolve(path)) === resolve(importsDir(workspaceDir)) && basename(path).startsWith(COPY_PREFIX);
}

export async function removeOwnCopy(workspaceDir: string, path: string): Promise<void> {
  // Best effort: a stale copy in imports/ is never read as a dataset (it has no record); it only takes space.
  if (isOwnCopy(workspaceDir, path)) await rm(path, { force: true }).catch(() => undefined);
}
