/**
 * Crash loop: the real CLI (`wpa-explorer ingest|sync …`, the bundled launcher) loads export B
 * into a workspace holding export A and is SIGKILLed at many moments of its run — by elapsed time
 * across the run and on its progress lines, so kills land in download, loading, the swap
 * transaction, checkpoint, manifest write and the analysis tables. After each kill the workspace
 * opens, every table holds all of A or all of B (row count and a checksum of every row), the
 * manifest agrees with the database, no staging table is left, and a run that left A says it was
 * interrupted. A final run then completes and the report is cleared.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLE_NAMES } from '../shared/schema/exportSchema.js';
import type { InterruptedOperation } from '../shared/api/contract.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { Workspace, withWorkspace } from '../electron/backend/workspace/workspace.js';
import { readManifestSync } from '../electron/backend/workspace/manifest.js';
import { currentValidationReport } from '../electron/backend/ingest/validationState.js';
import { Azurite, ThrottleProxy, uploadFolder } from './helpers/azurite.js';
import { demoExport, exportCopy } from './helpers/demoExport.js';
import { tempDir } from './helpers/tempDirs.js';
import { buildCli } from '../build/scripts/build-cli.mjs';

const root = new URL('..', import.meta.url).pathname;
// The installed launcher (the bundled CLI, built once in `before`): a start costs ~0.2 s, not tsx's ~2 s.
const CLI = join(root, 'build/bin/wpa-explorer.mjs');
const REFRESH = 'exports/2026-02-01';
const CHECKED = [...TABLE_NAMES, '_rejects'];

/** What a workspace holds, read in a fresh Workspace.open (which recovers after a kill). */
interface Snapshot {
  /** Per table: `rows:checksum of every row`, or `-` when absent. */
  tables: Record<string, string>;
  /** Per export table: the rows the manifest records, and the rows its validation report counts. */
  manifestRows: Record<string, string>;
  dbRows: Record<string, string>;
  leftovers: string[];
  interrupted: InterruptedOperation[];
}

async function snapshot(dir: string): Promise<Snapshot> {
  const ws = await Workspace.open(dir);
  try {
    const db = await ws.engine();
    const present = new Set((await db.query(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'`)).rows.map((r) => String(r.table_name)));
    const tables: Record<string, string> = {};
    const dbRows: Record<string, string> = {};
    const manifestRows: Record<string, string> = {};
    for (const t of CHECKED) {
      if (!present.has(t)) {
        tables[t] = '-';
        continue;
      }
      const r = (await db.query(`SELECT count(*)::VARCHAR AS n, coalesce(sum(hash(x)::HUGEINT), 0)::VARCHAR AS h FROM "${t}" x`)).rows[0];
      tables[t] = `${String(r.n)}:${String(r.h)}`;
    }
    // A report the killed ingest still owed is computed here, as any reader of it does.
    const report = await currentValidationReport(ws);
    for (const t of TABLE_NAMES) {
      dbRows[t] = tables[t].split(':')[0];
      const v = report?.tables.find((x) => x.table === t);
      manifestRows[t] = `${ws.manifest.tables[t]?.rows ?? '-'}/${v?.rows ?? '-'}`;
    }
    const leftovers = [...present].filter((n) => n.startsWith('__'));
    return { tables, manifestRows, dbRows, leftovers, interrupted: ws.interrupted };
  } finally {
    ws.close();
  }
}

interface RunState {
  /** Milliseconds since the operation's journal entry appeared (undefined before). */
  sinceStart?: number;
  stdout: string;
  stderr: string;
  /** workspace.json was replaced since the operation started. */
  manifestWritten: boolean;
}

interface Run {
  killed: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
  /** From the journal entry's appearance to the exit (or the kill). */
  activeMs?: number;
  state: string;
}

const inode = (p: string) => (existsSync(p) ? statSync(p).ino : -1);
const journalled = (dir: string) => existsSync(join(dir, '.journal')) && readdirSync(join(dir, '.journal')).some((n) => n.endsWith('.json'));

/** Spawn the CLI on workspace `dir`; SIGKILL it the first time `killWhen` holds (polled every 5 ms). */
function runCli(args: string[], dir: string, opts: { stdin?: string; killWhen?: (s: RunState) => boolean } = {}): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, WPA_TEST: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(opts.stdin ?? '');
  const manifest = join(dir, 'workspace.json');
  let startedAt: number | undefined;
  let manifestAtStart = -1;
  let killed = false;
  let phase = 'startup';
  const timer = setInterval(() => {
    if (startedAt === undefined && journalled(dir)) {
      startedAt = performance.now();
      manifestAtStart = inode(manifest);
    }
    const state: RunState = { sinceStart: startedAt === undefined ? undefined : performance.now() - startedAt, stdout, stderr, manifestWritten: startedAt !== undefined && inode(manifest) !== manifestAtStart };
    if (!killed && opts.killWhen?.(state)) {
      killed = child.kill('SIGKILL');
      phase = stderr.trim().split('\n').at(-1) ?? '';
    }
  }, 5);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ killed: killed && signal === 'SIGKILL', code, stdout, stderr, activeMs: startedAt === undefined ? undefined : performance.now() - startedAt, state: killed ? phase : 'completed' });
    });
  });
}

type Outcome = 'A' | 'B' | 'mix';

interface KillResult {
  label: string;
  outcome: Outcome;
  run: Run;
  dir: string;
  /** What the reopened workspace reported as interrupted. */
  interrupted: string;
}

function classify(s: Snapshot, a: Snapshot, b: Snapshot): Outcome {
  if (CHECKED.every((t) => s.tables[t] === a.tables[t])) return 'A';
  if (CHECKED.every((t) => s.tables[t] === b.tables[t])) return 'B';
  return 'mix';
}

/** Run `jobs` two at a time (each has its own workspace copy). */
async function inPairs<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

describe('crash loop: SIGKILL of a real ingest or sync leaves the old or the new tables, never a mix, never an error', () => {
  const tmp = tempDir('wpa-crash-');
  const wsA = join(tmp, 'wsA');
  let exportA: string;
  let exportB: string;
  let refA: Snapshot;
  let azurite: Azurite;
  let proxy: ThrottleProxy;
  let sasUri: string;
  let copies = 0;
  const copyOfA = () => {
    const d = join(tmp, `ws-${++copies}`);
    cpSync(wsA, d, { recursive: true });
    return d;
  };

  before(async () => {
    await buildCli({ quiet: true });
    exportA = await exportCopy({ people: 80, weeks: 2, seed: 11 });
    exportB = await exportCopy({ people: 90, weeks: 2, seed: 12 });
    await withWorkspace(wsA, { create: true }, (ws) => ingestExport(ws, { sourceDir: exportA }));
    refA = await snapshot(wsA);
    azurite = await Azurite.start();
    const c = azurite.container('wpa');
    await c.create();
    await uploadFolder(c, exportB, REFRESH);
    // Slow enough that kills land in the download too (~2 s for this export).
    proxy = await ThrottleProxy.start(() => azurite.port, 3 * 1024 * 1024);
    sasUri = azurite.sasUri('wpa', { port: proxy.port });
  });

  after(async () => {
    await proxy?.close();
    await azurite?.kill();
  });

  /** Kill one run and check the workspace; returns the outcome for the summary. */
  async function killAndCheck(kind: 'ingest' | 'sync', refB: Snapshot, label: string, killWhen: (s: RunState) => boolean): Promise<KillResult> {
    const dir = copyOfA();
    const run = kind === 'ingest' ? await runCli(['ingest', exportB, '--workspace', dir, '--replace'], dir, { killWhen }) : await runCli(['sync', '-', '--workspace', dir, '--replace'], dir, { stdin: sasUri, killWhen });
    const s = await snapshot(dir); // throws if the workspace does not open
    const outcome = classify(s, refA, refB);
    const where = `${kind} ${label} (killed: ${run.killed}, at "${run.state}")`;
    assert.notEqual(outcome, 'mix', `${where}: tables are a mix of A and B: ${JSON.stringify(s.tables)}`);
    assert.deepEqual(s.leftovers, [], `${where}: staging tables left after open`);
    for (const t of TABLE_NAMES) {
      assert.equal(s.manifestRows[t], `${s.dbRows[t]}/${s.dbRows[t]}`, `${where}: the manifest and its validation report disagree with the database on ${t}`);
    }
    if (outcome === 'A') {
      assert.ok(run.killed, `${where}: not killed but the old tables are loaded (exit ${run.code}: ${run.stderr.slice(-400)})`);
      assert.ok(
        s.interrupted.some((i) => i.operation === kind && !i.committed && /interrupted/.test(i.message)),
        `${where}: the interruption is not reported: ${JSON.stringify(s.interrupted)}`,
      );
    }
    return { label, outcome, run, dir, interrupted: s.interrupted.map((i) => `${i.operation}${i.committed ? ' (committed)' : ''}`).join(', ') };
  }

  function report(kind: string, results: KillResult[]): void {
    const lines = results.map((r) => `  ${kind} ${r.label.padEnd(32)} ${r.outcome}  ${r.run.killed ? `killed at "${r.run.state.slice(0, 60)}"` : 'ran to the end'}; reported interrupted: ${r.interrupted || 'nothing'}`);
    console.log(lines.join('\n'));
  }

  it('ingest: killed at 13 points (loading, swap, checkpoint, manifest, analysis tables), each workspace opens with all of A or all of B; a final ingest completes', async () => {
    const refDir = copyOfA();
    const ref = await runCli(['ingest', exportB, '--workspace', refDir, '--replace'], refDir);
    assert.equal(ref.code, 0, ref.stderr);
    const refB = await snapshot(refDir);
    assert.deepEqual(refB.interrupted, []);
    for (const t of TABLE_NAMES) assert.notEqual(refB.tables[t], refA.tables[t], `A and B must differ in ${t}, or a mix could not be seen`);
    const active = ref.activeMs!;
    console.log(`  ingest reference run: ${(active / 1000).toFixed(1)} s from its journal entry to its exit`);

    const fractions = [0.02, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const results = await inPairs([
      ...fractions.map((f) => () => killAndCheck('ingest', refB, `at ${(f * 100).toFixed(0)}% of the run`, (s) => s.sinceStart !== undefined && s.sinceStart >= f * active)),
      () => killAndCheck('ingest', refB, 'on the manifest write', (s) => s.manifestWritten),
      () => killAndCheck('ingest', refB, 'on its summary (analysis tables)', (s) => /Loaded \d+ tables/.test(s.stdout)),
      () => killAndCheck('ingest', refB, 'at 97% of the run', (s) => s.sinceStart !== undefined && s.sinceStart >= 0.97 * active),
    ]);
    report('ingest', results);
    const killed = results.filter((r) => r.run.killed);
    assert.ok(killed.length >= 10, `only ${killed.length} of ${results.length} runs were killed before they ended`);
    assert.ok(results.some((r) => r.outcome === 'A') && results.some((r) => r.outcome === 'B'), 'kills landed both before and after the commit');

    // Run again where a kill left A: it completes, loads B and the report is cleared.
    const left = results.find((r) => r.outcome === 'A')!;
    const again = await runCli(['ingest', exportB, '--workspace', left.dir, '--replace'], left.dir);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /warning: An ingest of .* was interrupted .*holds what it held before/, 'the CLI warns on stderr');
    const after = await snapshot(left.dir);
    assert.equal(classify(after, refA, refB), 'B');
    assert.deepEqual(after.interrupted, []);
  });

  it('sync: killed at 14 points (download, loading, swap, analysis tables), each workspace opens with all of A or all of B; a final sync resumes and completes', async () => {
    const refDir = copyOfA();
    const ref = await runCli(['sync', '-', '--workspace', refDir, '--replace'], refDir, { stdin: sasUri });
    assert.equal(ref.code, 0, ref.stderr);
    const refB = await snapshot(refDir);
    for (const t of TABLE_NAMES) assert.notEqual(refB.tables[t], refA.tables[t]);
    const active = ref.activeMs!;
    console.log(`  sync reference run: ${(active / 1000).toFixed(1)} s from its journal entry to its exit`);

    const on = (re: RegExp) => (s: RunState) => re.test(s.stderr);
    const fractions = [0.05, 0.2, 0.35, 0.5, 0.65, 0.75, 0.85, 0.95];
    const results = await inPairs([
      () => killAndCheck('sync', refB, 'on the first download line', on(/^download /m)),
      () => killAndCheck('sync', refB, 'on loading Meetings', on(/Loading Meetings/)),
      () => killAndCheck('sync', refB, 'on loading MailParticipants', on(/Loading MailParticipants/)),
      () => killAndCheck('sync', refB, 'on replacing the tables', on(/Replacing the tables/)),
      () => killAndCheck('sync', refB, 'on its summary (analysis tables)', (s) => /Synced refresh/.test(s.stdout)),
      () => killAndCheck('sync', refB, 'when the first file is recorded', (s) => s.manifestWritten),
      ...fractions.map((f) => () => killAndCheck('sync', refB, `at ${(f * 100).toFixed(0)}% of the run`, (s) => s.sinceStart !== undefined && s.sinceStart >= f * active)),
    ]);
    report('sync', results);
    const killed = results.filter((r) => r.run.killed);
    assert.ok(killed.length >= 10, `only ${killed.length} of ${results.length} runs were killed before they ended`);
    assert.ok(results.some((r) => r.outcome === 'A') && results.some((r) => r.outcome === 'B'), 'kills landed both before and after the commit');

    // Sync again where a kill hit the download: the files already there are kept and it completes.
    const left = results[0];
    assert.equal(left.outcome, 'A');
    const again = await runCli(['sync', '-', '--workspace', left.dir, '--replace'], left.dir, { stdin: sasUri });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /warning: A sync of refresh .* was interrupted .*Files it had downloaded are kept/);
    const after = await snapshot(left.dir);
    assert.equal(classify(after, refA, refB), 'B');
    assert.deepEqual(after.interrupted, []);
  });

  it('import and join save killed part-way: the dataset and the join are there whole, with their records, or absent and reported', async () => {
    const hr = join((await demoExport({ people: 80, weeks: 2, seed: 11 })).outDir, 'hr.csv');
    const hrRows = readFileSync(hr, 'utf8').trim().split('\n').length - 1; // oracle: the file's own lines
    const importArgs = (dir: string) => ['import', hr, '--workspace', dir, '--name', 'hr'];
    const joinArgs = (dir: string) => ['join', '--workspace', dir, '--dataset', 'hr', '--dataset-key', 'Key_ID', '--export-key', 'Key_ID'];
    // Reference runs give each operation's length; the second workspace then holds the dataset for the joins.
    const refDir = copyOfA();
    const refImport = await runCli(importArgs(refDir), refDir);
    assert.equal(refImport.code, 0, refImport.stderr);
    const withHr = join(tmp, 'ws-with-hr');
    cpSync(refDir, withHr, { recursive: true });
    const refJoin = await runCli(joinArgs(refDir), refDir);
    assert.equal(refJoin.code, 0, refJoin.stderr);

    const look = async (dir: string) => {
      const ws = await Workspace.open(dir);
      try {
        const db = await ws.engine();
        const table = await db.scalar<number>(`SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'hr'`);
        const view = await db.scalar<number>(`SELECT count(*) FROM duckdb_views() WHERE schema_name = 'main' AND view_name = 'join_hr'`);
        return {
          rows: table ? await db.scalar<number>('SELECT count(*) FROM hr') : undefined,
          record: (ws.manifest.extensions.datasets as Record<string, { rows: number }> | undefined)?.hr?.rows,
          view: view > 0,
          joinRecord: ((ws.manifest.extensions.joins as { name: string }[] | undefined) ?? []).some((j) => j.name === 'hr'),
          interrupted: ws.interrupted.map((i) => i.operation),
        };
      } finally {
        ws.close();
      }
    };
    const fractions = [0.4, 0.85];
    const results = await inPairs([
      ...fractions.map((f) => async () => {
        const dir = copyOfA();
        const run = await runCli(importArgs(dir), dir, { killWhen: (s) => s.sinceStart !== undefined && s.sinceStart >= f * refImport.activeMs! });
        const l = await look(dir);
        if (l.rows === undefined) {
          assert.equal(l.record, undefined, 'no table, no record');
          assert.ok(run.killed && l.interrupted.includes('import'), `import killed at ${f}: ${JSON.stringify(l)}`);
        } else {
          assert.equal(l.rows, hrRows, 'the dataset is whole');
          assert.equal(l.record, hrRows, 'and recorded');
        }
        return `import at ${f * 100}%: ${run.killed ? 'killed' : 'ran to the end'}, dataset ${l.rows === undefined ? 'absent' : 'whole'}, reported: ${l.interrupted.join(', ') || 'nothing'}`;
      }),
      ...fractions.map((f) => async () => {
        const dir = join(tmp, `ws-${++copies}`);
        cpSync(withHr, dir, { recursive: true });
        const run = await runCli(joinArgs(dir), dir, { killWhen: (s) => s.sinceStart !== undefined && s.sinceStart >= f * refJoin.activeMs! });
        const l = await look(dir);
        assert.equal(l.rows, hrRows);
        assert.equal(l.view, l.joinRecord, `join killed at ${f}: the view and the join record agree (${JSON.stringify(l)})`);
        if (!l.view) assert.ok(run.killed && l.interrupted.includes('join'), `join killed at ${f}: ${JSON.stringify(l)}`);
        return `join at ${f * 100}%: ${run.killed ? 'killed' : 'ran to the end'}, join ${l.view ? 'saved' : 'absent'}, reported: ${l.interrupted.join(', ') || 'nothing'}`;
      }),
    ]);
    console.log(results.map((r) => `  ${r}`).join('\n'));
  });

  it('killed between the database commit and the manifest write: the next open takes the committed records', async () => {
    const dir = copyOfA();
    // A real process that commits a change with its manifest records, then dies before writing workspace.json.
    const script = join(tmp, 'commit-then-die.mts');
    writeFileSync(
      script,
      `import { Workspace } from ${JSON.stringify(join(root, 'electron/backend/workspace/workspace.ts'))};
import { commitWithManifest } from ${JSON.stringify(join(root, 'electron/backend/workspace/committedState.ts'))};
import { withJournal } from ${JSON.stringify(join(root, 'electron/backend/workspace/journal.ts'))};
const ws = await Workspace.open(process.argv[2]);
const db = await ws.connect();
await withJournal(ws, 'ingest', 'test', async () => {
  await commitWithManifest(ws, db, async () => {
    await db.run('DROP TABLE Calls');
    delete ws.manifest.tables.Calls;
    ws.manifest.validation!.tables = ws.manifest.validation!.tables.filter((t) => t.table !== 'Calls');
  });
  process.kill(process.pid, 'SIGKILL');
});
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], { cwd: root, stdio: 'inherit' });
    const signal = await new Promise((resolve) => child.on('exit', (_c, s) => resolve(s)));
    assert.equal(signal, 'SIGKILL');
    assert.ok(readManifestSync(join(dir, 'workspace.json'))?.tables.Calls, 'killed before workspace.json was written: it still lists Calls');
    const ws = await Workspace.open(dir);
    try {
      assert.equal(ws.manifest.tables.Calls, undefined, 'the committed records replaced the manifest ones');
      assert.equal(readManifestSync(join(dir, 'workspace.json'))?.tables.Calls, undefined, 'and were written back');
      assert.ok(ws.interrupted.some((i) => i.operation === 'ingest' && i.committed && /had been committed/.test(i.message)), JSON.stringify(ws.interrupted));
    } finally {
      ws.close();
    }
    const reread = await snapshot(dir);
    assert.equal(reread.tables.Calls, '-');
    assert.equal(reread.manifestRows.Calls, '-/-');
  });
});
