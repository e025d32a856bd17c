/**
 * Where a blob lands on disk. Blob names come from the server and may be hostile
 * (`a/../../x.csv` exists on real servers): a name that would resolve outside the target folder,
 * or that this operating system cannot store, is refused.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError } from '../../../shared/errors.js';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
/** Characters that reorder or hide text on screen (RTL override, isolates, marks): a name can pose as another. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Most file systems store at most 255 bytes per file or folder name. */
const MAX_SEGMENT_BYTES = 255;

/** A name as it can be shown safely: control and bidi characters written as \u{…} escapes. */
export function printableName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`);
}

/** Why a blob name cannot be stored locally, or undefined when it can. */
export function unsafeNameReason(name: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (name.length === 0) return 'empty name';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return 'control characters in the name';
  if (BIDI_CONTROLS.test(name)) return 'characters that change the direction of text in the name (it could pose as another name)';
  if (name.includes('\\')) return 'backslash in the name';
  if (name.startsWith('/')) return 'absolute path';
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment would leave the download folder';
  if (segments.some((s) => s === '.' || s === '')) return 'empty or "." path segment';
  if (segments.some((s) => Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES)) return `a file or folder name longer than ${MAX_SEGMENT_BYTES} bytes, more than file systems store`;
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
      message: `Refusing to download "${printableName(relativeName)}": ${reason ?? 'it resolves outside the download folder'}`,
      hint: 'The container holds a file whose name could write outside the workspace. It was not downloaded; tell the storage owner.',
      where: { file: printableName(relativeName) },
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
