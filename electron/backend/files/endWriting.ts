/**
 * End a write stream and wait until it has closed. A write that failed on the way (a full disk)
 * comes back as an error to report: a converted copy cut short must never be read as a smaller file.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AppError } from '../../../shared/errors.js';

export async function endWriting(out: Writable, path: string): Promise<AppError | undefined> {
  out.end();
  return once(out, 'close').then(
    () => undefined,
    (e: unknown) =>
      new AppError({ code: 'import/write-failed', message: `Could not write ${path}: ${e instanceof Error ? e.message : String(e)}`, hint: 'Check the disk has room and the workspace folder is writable.', where: { file: path } }),
  );
}
