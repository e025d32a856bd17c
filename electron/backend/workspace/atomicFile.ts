/**
 * Write a small file so that a crash at any moment leaves either the old content or the new, never
 * half of it: a temporary file beside it, flushed to disk, renamed over the old one, and the folder
 * flushed so the rename itself survives a power cut.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** The temporary files this writes: `<name>.tmp-<pid>` (a killed writer's are removed on recovery). */
export const ATOMIC_TMP = /\.tmp-\d+$/;

export function writeFileAtomicSync(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  syncFolder(dirname(path));
}

/** Flush a folder's entries (a rename or a delete); not possible on Windows, where it is skipped. */
export function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
