/**
 * One sync per workspace at a time: two would write the same `.partial` files. The lock is a file
 * holding the owner's PID; a lock left by a process that no longer runs is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { processAlive as alive } from '../files/processAlive.js';

export const LOCK_FILE = '.sync.lock';
/** Locks this process holds (the PID check cannot tell two syncs of one process apart). */
const held = new Set<string>();

/** Take the lock of workspace `wsDir`; returns its release function. */
export function acquireSyncLock(wsDir: string): () => void {
  const path = join(wsDir, 'raw', LOCK_FILE);
  const busy = (who: string) =>
    new AppError({
      code: 'sync/busy',
      message: `Another sync (${who}) is running in this workspace`,
      hint: 'Wait for it to finish, or stop it; a stopped sync resumes where it left off.',
      where: { file: wsDir },
    });
  if (held.has(path)) throw busy('in this app');
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      held.add(path);
      return () => {
        held.delete(path);
        rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) throw busy(`process ${owner}`);
      rmSync(path, { force: true }); // left behind by a process that is gone
    }
  }
  throw new AppError({ code: 'sync/busy', message: 'Could not take the sync lock of this workspace', hint: 'Run sync again.' });
}
