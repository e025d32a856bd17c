#!/usr/bin/env node
// npm start: the desktop app on the demo workspace (or --workspace DIR). Where the Electron binary
// is missing (these machines cannot download it) the same UI is served in the browser instead.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electronBinary.mjs';
import { ensureRendererBuilt } from './rendererBuild.mjs';
import { freshBundle } from './bundleFresh.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  ensureRendererBuilt();
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}

const electron = findElectronBinary();
if ('path' in electron) {
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron({ quiet: true });
  // The backend (utility process) generates the demo workspace on first run when no --workspace is given.
  run(electron.path, ['.', ...args]);
} else {
  console.log(`Electron binary not available on this machine (${electron.reason}); serving the same UI in your browser instead.`);
  // The bundled server (out/cli/serve.mjs, rebuilt when a source changed): no TypeScript compiled at start.
  run(process.execPath, [await freshBundle('serve.mjs'), ...args]);
}
