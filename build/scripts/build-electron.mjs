#!/usr/bin/env node
// Bundle the Electron main process, the preload and the backend's utility-process entry into out/.
// main and backend keep node_modules packages external (DuckDB's native addon must load from disk;
// electron-builder ships node_modules); the sandboxed preload is self-contained (only `electron`).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'out');

export async function buildElectron({ quiet = false } = {}) {
  rmSync(out, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', logLevel: quiet ? 'error' : 'info', absWorkingDir: root };
  await Promise.all([
    build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'out/main/main.cjs', external: ['electron'], packages: 'external' }),
    build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'out/preload/preload.cjs', external: ['electron'] }),
    build({ ...common, entryPoints: ['electron/backend/utilityEntry.ts'], outfile: 'out/backend/utilityEntry.cjs', external: ['electron'], packages: 'external' }),
  ]);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildElectron();
}
