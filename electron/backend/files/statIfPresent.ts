/**
 * `stat` that tells "not there" from "cannot look": only a missing path answers undefined; any
 * other failure (no permission, an I/O error) is thrown, so it is never reported as a missing file.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

export async function statIfPresent(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}
