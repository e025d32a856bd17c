/** Bytes the files under a folder take (what removing it frees); links are counted, not followed. */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function folderBytes(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else total += lstatSync(p).size;
    }
  }
  return total;
}
