/**
 * Where a blob lands on disk. Blob names come from the server and may be hostile
 * (`a/../../x.csv` exists on real servers): a name that would resolve outside the target folder,
 * or that this operating system cannot store, is refused.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors.js';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Why a blob name cannot be stored locally, or undefined when it can. */
export function unsafeNameReason(name: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (name.length === 0) return 'empty name';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return 'control characters in the name';
  if (name.includes('\\')) return 'backslash in the name';
  if (name.startsWith('/')) return 'absolute path';
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment would leave the download folder';
  if (segments.some((s) => s === '.' || s === '')) return 'empty or "." path segment';
  if (platform === 'win32' && segments.some((s) => /[<>:"|?*]/.test(s) || WINDOWS_RESERVED.test(s) || /[. ]$/.test(s))) {
    return 'not a valid file name on Windows';
  }
  return undefined;
}

/** `root/relativeName`, or an AppError when the name is unsafe or escapes `root`. */
export function safeLocalPath(root: string, relativeName: string): string {
  const reason = unsafeNameReason(relativeName);
  const target = resolve(root, ...relativeName.split('/'));
  const rel = relative(resolve(root), target);
  if (reason || rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
    throw new AppError({
      code: 'sync/unsafe-blob-name',
      message: `Refusing to download "${relativeName}": ${reason ?? 'it resolves outside the download folder'}`,
      hint: 'The container holds a file whose name could write outside the workspace. It was not downloaded; tell the storage owner.',
      where: { file: relativeName },
    });
  }
  return target;
}

/**
 * Local folder name for a refresh: one path segment, so refreshes never nest inside each other
 * ('' is the container's top level).
 */
export function localRefreshFolder(refresh: string): string {
  return refresh === '' ? '_top-level' : refresh.split('/').join('__');
}
