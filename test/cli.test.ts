/**
 * The CLI as a user runs it: demo → ingest → validate → query → analyze, exit codes 0/1/2 and
 * `--help` on every command.
 */
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { bundleStale } from '../build/scripts/bundleFresh.mjs';
import { Writable } from 'node:stream';
import { COMMANDS } from '../electron/cli/commands/index.js';
import { runCli } from '../electron/cli/main.js';
import { tempDir } from './helpers/tempDirs.js';

const root = new URL('..', import.meta.url).pathname;

/** The CLI in this process (fast); `spawnCli` runs the installed launcher (the bundled CLI) as users do. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk, _enc, done) => (append(String(chunk)), done()) });
  const code = await runCli(args, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

function spawnCli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'build/bin/wpa-explorer.mjs'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI', () => {
  const dir = tempDir();
  const out = join(dir, 'export');
  const ws = join(dir, 'ws');

  before(async () => {
    const r = await cli('demo', '--out', out, '--people', '60', '--weeks', '1', '--seed', '5');
    assert.equal(r.code, 0, r.stderr);
  });

  it('runs demo → ingest → validate → query → analyze', async () => {
    const ingest = await cli('ingest', out, '--workspace', ws);
    assert.equal(ingest.code, 0, ingest.stderr);
    assert.match(ingest.stdout, /Loaded 9 tables/);
    assert.match(ingest.stdout, /Validation report/);
    const validate = await cli('validate', '--workspace', ws);
    assert.equal(validate.code, 0, validate.stderr);
    assert.match(validate.stdout, /MailParticipants\s+[\d,]+/);
    const q = await cli('query', '--workspace', ws, 'SELECT count(*) AS n FROM Mails', '--format', 'json');
    assert.equal(q.code, 0, q.stderr);
    assert.ok(JSON.parse(q.stdout)[0].n > 0);
    const csv = await cli('query', '--workspace', ws, "SELECT 'a,b' AS x, 2 AS y", '--format', 'csv');
    assert.equal(csv.stdout, 'x,y\n"a,b",2\n');
    const a = await cli('analyze', 'thread-length', '--workspace', ws, '--by', 'FunctionType', '--format', 'json');
    assert.equal(a.code, 0, a.stderr);
    const parsed = JSON.parse(a.stdout);
    assert.equal(parsed.minGroupSize, 5);
    assert.ok(parsed.rows.length > 0);
    for (const row of parsed.rows) assert.ok(row.people >= 5);
    const list = await cli('analyze', '--list');
    assert.match(list.stdout, /thread-length/);
  });

  it('exits 1 with one line on stderr for a user error', async () => {
    for (const args of [
      ['analyze', 'thread-length', '--workspace', ws, '--min-group', '3'],
      ['query', '--workspace', ws, 'SELECT * FROM nope'],
      ['validate', '--workspace', join(dir, 'missing')],
      ['ingest', join(dir, 'no-such-folder'), '--workspace', join(dir, 'ws2')],
    ]) {
      const r = await cli(...args);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^error: /);
    }
  });

  it('exits 2 for bad usage', async () => {
    assert.equal((await cli()).code, 2);
    assert.equal((await cli('frobnicate')).code, 2);
    assert.equal((await cli('ingest')).code, 2);
    assert.equal((await cli('ingest', out, '--workspace')).code, 2);
    assert.equal((await cli('demo', '--out', out, '--people', 'many')).code, 2);
    assert.equal((await cli('query', '--workspace', ws, 'SELECT 1', '--format', 'xml')).code, 2);
  });

  it('has --help on every command', async () => {
    for (const c of COMMANDS) {
      const r = await cli(c.name, '--help');
      assert.equal(r.code, 0, c.name);
      assert.match(r.stdout, new RegExp(`Usage: wpa-explorer ${c.name}`));
    }
  });

  it('sets the process exit code (0, 1, 2) when run as a program', () => {
    assert.equal(spawnCli('analyze', '--list').code, 0);
    const bad = spawnCli('analyze', 'thread-length', '--workspace', ws, '--min-group', '2');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /below the lowest allowed value/);
    assert.equal(spawnCli('nope').code, 2);
  });

  it('runs from the bundle without TypeScript at run time, with the same help as the sources', async () => {
    const launched = spawnCli('--help');
    assert.equal(launched.code, 0, launched.stderr);
    assert.equal(launched.stdout, (await cli('--help')).stdout);
    const bundle = readFileSync(join(root, 'out/cli/main.mjs'), 'utf8');
    assert.doesNotMatch(bundle, /from ["']tsx/, 'the bundle must not load tsx');
    assert.ok(statSync(join(root, 'out/cli/main.mjs')).mtimeMs >= statSync(join(root, 'electron/cli/main.ts')).mtimeMs, 'the launcher rebuilds a bundle older than its sources');
  });

  it('rebuilds the bundle when a file it was built from is newer, checking only the files it lists', () => {
    const entry = join(root, 'out/cli/main.mjs');
    assert.equal(spawnCli('--help').code, 0);
    assert.equal(bundleStale(), false);
    const inputs = JSON.parse(readFileSync(join(root, 'out/cli/inputs.json'), 'utf8')) as string[];
    assert.ok(inputs.includes('electron/cli/main.ts') && inputs.includes('electron/backend/engine/database.ts'), 'the list names the bundle\'s sources');
    assert.ok(!inputs.some((p) => p.startsWith('test/') || p.startsWith('renderer/')), 'and nothing it does not use');
    // A bundle older than its sources (as after an edit) is rebuilt by the next command.
    utimesSync(entry, new Date(1000), new Date(1000));
    assert.equal(bundleStale(), true);
    assert.equal(spawnCli('--help').code, 0);
    assert.equal(bundleStale(), false);
    assert.ok(statSync(entry).mtimeMs > 1000);
  });

  it('starts without loading the native DuckDB addon until a command opens a workspace', () => {
    // Every native addon loads through process.dlopen: a preload counts what this process opened.
    const preload = join(dir, 'count-dlopen.cjs');
    writeFileSync(preload, `const open = process.dlopen; process.dlopen = function (m, f, ...r) { process.stderr.write('dlopen ' + f + '\\n'); return open.call(this, m, f, ...r); };`);
    const run = (...args: string[]) => spawnSync(process.execPath, ['--require', preload, join(root, 'build/bin/wpa-explorer.mjs'), ...args], { encoding: 'utf8', cwd: root });
    for (const args of [['--help'], ['query', '--help'], ['analyze', '--list']]) {
      const r = run(...args);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /dlopen .*duckdb/, `${args.join(' ')} loaded DuckDB`);
    }
    // The probe sees the addon when a command does open the workspace.
    const q = run('query', '--workspace', ws, 'SELECT 1 AS one');
    assert.match(q.stderr, /dlopen .*duckdb/);
  });
});
