// Build the renderer (renderer/dist) when it is missing or older than its sources; the renderer owns
// renderer/vite.config.ts. `npm install` runs this (the prepare step), so that a fresh clone's first
// `npm start` only serves; after a pull or an edit, the next start rebuilds instead of serving the
// old screens (a walk of the app after a merge was shown the previous build).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function rendererDistDir() {
  return join(root, 'renderer', 'dist');
}

/** Newest modification time of a file under `path` (its dist/ and node_modules/ left out). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) if (name !== 'node_modules' && name !== 'dist') newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** Whether `<base>/renderer/dist` is missing or older than a source under renderer/ or shared/ (~150 files statted). */
export function rendererStale(base = root) {
  const built = join(base, 'renderer', 'dist', 'index.html');
  if (!existsSync(built)) return true;
  return statSync(built).mtimeMs < Math.max(newestMtime(join(base, 'renderer')), newestMtime(join(base, 'shared')));
}

/** Build renderer/dist when it is missing or stale (or `force`). Throws when the build fails. */
export function ensureRendererBuilt({ force = false } = {}) {
  if (!force && !rendererStale()) return false;
  console.log('Building the user interface (vite build, after a change to its sources; about a minute on a slow machine)…');
  const started = performance.now();
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // Vite's own steps (transforming, rendering chunks, the files written) are the progress shown.
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'renderer', 'vite.config.ts'), '--logLevel', 'info'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('The user interface did not build (vite build failed; see above).');
  console.log(`User interface built in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureRendererBuilt({ force: process.argv.includes('--force') });
}
