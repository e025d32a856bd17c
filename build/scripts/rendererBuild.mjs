// Build the renderer (renderer/dist) when it is missing; the renderer owns renderer/vite.config.ts.
// `npm install` runs this (the prepare step), so that a fresh clone's first `npm start` only serves.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function rendererDistDir() {
  return join(root, 'renderer', 'dist');
}

/** Build renderer/dist unless it holds index.html (or `force`). Throws when the build fails. */
export function ensureRendererBuilt({ force = false } = {}) {
  if (!force && existsSync(join(rendererDistDir(), 'index.html'))) return false;
  console.log('Building the user interface (vite build, once; about a minute on a slow machine)…');
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
