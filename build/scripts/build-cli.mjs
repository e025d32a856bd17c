#!/usr/bin/env node
// Bundle the CLI (and the browser-mode server) into out/cli/ so `wpa-explorer` and `npm start` start
// without compiling TypeScript at run time.
// node_modules packages stay external (DuckDB's native addon loads from disk); code splitting keeps
// what a command loads lazily (`await import(…)`) out of the start-up path, e.g. for `--help`.
import { build } from 'esbuild';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_OUT = join(root, 'out', 'cli');
export const CLI_ENTRY = join(CLI_OUT, 'main.mjs');
/** The project files the bundle was built from: the launcher stats these (~150) instead of walking the sources. */
export const CLI_INPUTS = join(CLI_OUT, 'inputs.json');

export async function buildCli({ quiet = false } = {}) {
  // Built aside and moved in, so a command starting meanwhile never loads half a bundle.
  const staging = `${CLI_OUT}.build-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const result = await build({
    // The browser-mode server too: `npm start` runs it without compiling TypeScript either.
    entryPoints: { main: 'electron/cli/main.ts', serve: 'build/scripts/serve.ts' },
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
    metafile: true,
  });
  writeFileSync(join(staging, 'inputs.json'), JSON.stringify(Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'))));
  rmSync(CLI_OUT, { recursive: true, force: true });
  renameSync(staging, CLI_OUT);
  return CLI_ENTRY;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildCli();
}
