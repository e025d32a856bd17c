/**
 * Files a browser-mode page uploads for import: each lands in its own folder under
 * imports/.uploads/, inside the database sandbox, so previews read it in place without a copy.
 *
 * An upload is scratch: importing it moves it into imports/ as the dataset's own copy (see
 * importFiles.ts) and its folder goes; whatever is left (a preview never imported) is cleared when
 * the server starts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';

const UPLOADS_FOLDER = '.uploads';
/** Long enough for any real file name; keeps paths well under every platform's limit. */
const MAX_NAME_LENGTH = 120;

/** imports/.uploads (importFiles.ts owns imports/ and imports this module, so no import back). */
export const uploadsDir = (workspaceDir: string) => join(workspaceDir, 'imports', UPLOADS_FOLDER);

/**
 * The base name of `name` made safe for a file inside the upload's folder: no folders (`../x.csv`
 * is `x.csv`), no leading dots, only letters, digits, `.`, `-`, `_` and spaces, the extension kept
 * (it tells CSV from XLSX or Parquet).
 */
export function safeUploadName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  let safe = base.replace(/[^\w.\- ]/g, '_').replace(/^[.\s]+/, '').trim();
  if (safe.length > MAX_NAME_LENGTH) {
    const ext = extname(safe).slice(0, 16);
    safe = safe.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
  }
  return safe || 'upload';
}

/** A new, empty folder for one upload and the path of the file to write there. */
export async function newUploadPath(workspaceDir: string, name: string): Promise<string> {
  const folder = join(uploadsDir(workspaceDir), randomBytes(9).toString('base64url'));
  const target = join(folder, safeUploadName(name));
  // safeUploadName leaves no separators; this only guards against a future change to it.
  if (dirname(target) !== folder) throw new Error(`upload name ${name} escapes its folder`);
  await mkdir(folder, { recursive: true });
  return target;
}

/** A file inside imports/.uploads/<folder>/. */
export function isUpload(workspaceDir: string, path: string): boolean {
  const rel = relative(uploadsDir(workspaceDir), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && rel.split(/[\\/]/).length === 2;
}

/** Delete an upload and its folder. */
export async function removeUpload(workspaceDir: string, path: string): Promise<void> {
  // Best effort: a leftover upload folder is cleared when the server next starts (clearUploads).
  if (isUpload(workspaceDir, path)) await rm(dirname(resolve(path)), { recursive: true, force: true }).catch(() => undefined);
}

/** Delete every upload (a previous run's leftovers). */
export async function clearUploads(workspaceDir: string): Promise<void> {
  // Best effort at start-up: what cannot be removed now is tried again at the next start; no import reads it.
  await rm(uploadsDir(workspaceDir), { recursive: true, force: true }).catch(() => undefined);
}
