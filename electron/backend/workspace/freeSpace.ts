/**
 * Free disk space where a download or an upload is about to be written: checked before the first
 * byte, so a file claiming more than the disk holds is refused by size instead of growing a sparse
 * `.partial` that fails (or fills the disk) hours later.
 */
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Bytes an unprivileged process may still write on the file system holding `dir` (or its nearest existing parent). */
export async function freeBytes(dir: string): Promise<number> {
  let at = resolve(dir);
  for (;;) {
    try {
      const s = await statfs(at);
      return Number(s.bavail) * Number(s.bsize);
    } catch (e) {
      const parent = dirname(at);
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) throw e;
      at = parent;
    }
  }
}
