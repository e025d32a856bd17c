#!/usr/bin/env node
// The `wpa-explorer` command: runs the bundled CLI in out/cli/ (built by `npm install`'s prepare step).
// A bundle older than the sources (a developer edited them) is rebuilt first, in well under a second.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = join(root, 'out', 'cli', 'main.mjs');

function newestSource(dir, since) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && newestSource(p, since)) return true;
    } else if (/\.tsx?$/.test(e.name) && statSync(p).mtimeMs > since) return true;
  }
  return false;
}

const stale = !existsSync(entry) || ['electron', 'shared'].some((d) => newestSource(join(root, d), statSync(entry).mtimeMs));
if (stale) {
  const { buildCli } = await import('../scripts/build-cli.mjs');
  await buildCli({ quiet: true });
}
await import(pathToFileURL(entry).href);
