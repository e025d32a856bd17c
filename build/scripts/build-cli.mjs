#!/usr/bin/env node
// Bundle the CLI into out/cli/ so `wpa-explorer` starts without compiling TypeScript at run time.
// node_modules packages stay external (DuckDB's native addon loads from disk); code splitting keeps
// what a command loads lazily (`await import(…)`) out of the start-up path, e.g. for `--help`.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_OUT = join(root, 'out', 'cli');
export const CLI_ENTRY = join(CLI_OUT, 'main.mjs');

export async function buildCli({ quiet = false } = {}) {
  // Built aside and moved in, so a command starting meanwhile never loads half a bundle.
  const staging = `${CLI_OUT}.build-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  await build({
    entryPoints: { main: 'electron/cli/main.ts' },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'info',
    absWorkingDir: root,
  });
  rmSync(CLI_OUT, { recursive: true, force: true });
  renameSync(staging, CLI_OUT);
  return CLI_ENTRY;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
