// Whether out/cli/ (the bundled CLI and browser-mode server) is older than a file it was built from.
// Kept apart from build-cli.mjs so that the check does not load esbuild: it runs on every start.
// out/cli/inputs.json lists the project files the bundle used (~150, statted, not a walk of the
// sources); a file the bundle did not use cannot make it stale, and a new one only comes in through
// an edit to a listed one.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const BUNDLE_DIR = join(root, 'out', 'cli');

export function bundleStale(entry = join(BUNDLE_DIR, 'main.mjs')) {
  let built;
  let inputs;
  try {
    built = statSync(entry).mtimeMs;
    inputs = JSON.parse(readFileSync(join(BUNDLE_DIR, 'inputs.json'), 'utf8'));
  } catch {
    return true;
  }
  for (const p of inputs) {
    let mtime;
    try {
      mtime = statSync(join(root, p)).mtimeMs;
    } catch {
      continue; // removed: whatever imported it changed too
    }
    if (mtime > built) return true;
  }
  return false;
}

/** Rebuild out/cli/ when stale; returns the path of `name`'s bundle (main.mjs, serve.mjs). */
export async function freshBundle(name = 'main.mjs') {
  const entry = join(BUNDLE_DIR, name);
  if (bundleStale(entry)) {
    const { buildCli } = await import('./build-cli.mjs');
    await buildCli({ quiet: true });
  }
  return entry;
}
