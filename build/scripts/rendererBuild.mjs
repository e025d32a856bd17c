// Build the renderer (renderer/dist) when it is missing; the renderer owns renderer/vite.config.ts.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function rendererDistDir() {
  return join(root, 'renderer', 'dist');
}

/** Build renderer/dist unless it holds index.html (or `force`). Throws when the build fails. */
export function ensureRendererBuilt({ force = false } = {}) {
  if (!force && existsSync(join(rendererDistDir(), 'index.html'))) return false;
  console.log('Building the user interface (vite build)…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'renderer', 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('The user interface did not build (vite build failed; see above).');
  return true;
}
