/**
 * The sidecar of a download in progress: `<file>.partial` holds the bytes, `<file>.partial.json`
 * says which byte ranges of which blob version (ETag) are complete, so a later run resumes there.
 * Written atomically (temporary file, then rename). Holds no secret: blob name, ETag, sizes.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Interval } from './rangeSet.js';

export interface PartialState {
  version: 1;
  blob: string;
  etag: string;
  bytes: number;
  contentMD5?: string;
  done: Interval[];
}

export const partialPath = (target: string): string => `${target}.partial`;
export const statePath = (target: string): string => `${target}.partial.json`;

export async function readPartialState(target: string): Promise<PartialState | undefined> {
  let text: string;
  try {
    text = await readFile(statePath(target), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const s = JSON.parse(text) as PartialState;
    const valid =
      s.version === 1 &&
      typeof s.etag === 'string' &&
      Number.isInteger(s.bytes) &&
      Array.isArray(s.done) &&
      s.done.every((r) => Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[0] >= 0 && r[1] <= s.bytes && r[0] < r[1]);
    return valid ? s : undefined;
  } catch {
    return undefined; // a torn or foreign file: start that blob again
  }
}

export async function writePartialState(target: string, state: PartialState): Promise<void> {
  const tmp = `${statePath(target)}.tmp`;
  await writeFile(tmp, JSON.stringify(state) + '\n');
  await rename(tmp, statePath(target));
}

export async function removePartialState(target: string): Promise<void> {
  await rm(statePath(target), { force: true });
}

export async function removePartial(target: string): Promise<void> {
  await Promise.all([rm(partialPath(target), { force: true }), removePartialState(target)]);
}
