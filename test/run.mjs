#!/usr/bin/env node
// Runs every test file under test/ with Node's own test runner (TypeScript through tsx).
// Usage: npm test [-- name-filter …]   e.g. `npm test -- ingest` runs test/**/ingest*.test.ts only.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('.', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.ts$/.test(name) && (filters.length === 0 || filters.some((f) => relative(root, p).includes(f)))) files.push(p);
  }
})(root);
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(1);
}
// The app's home (workspace library, demo) is a fresh folder: tests never touch the user's own.
const home = mkdtempSync(join(tmpdir(), 'wpa-test-home-'));
// Files run one at a time: DuckDB and the browser tests each want both cores.
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, WPA_TEST: '1', WPA_HOME: home },
});
rmSync(home, { recursive: true, force: true });
process.exit(r.status ?? 1);
