/**
 * `analyze` on the command line: --list, every analysis in every format, parameters as flags or
 * --param NAME=VALUE, --show-sql, and the exit codes of bad input.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../electron/cli/main.js';
import { ANALYSES } from '../shared/analyses/catalogue.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { smallExport, type SmallExport } from './helpers/smallExport.js';

let fx: SmallExport;
before(async () => {
  fx = await smallExport({ people: 60, weeks: 2, seed: 9, salesJoin: true });
  // The CLI opens the workspace itself.
  fx.ws.close();
});
after(async () => fx?.cleanup());

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        f(String(chunk));
        cb();
      },
    });
  const code = await runCli(argv, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

test('--list names every analysis with its question and parameters', async () => {
  const r = await cli('analyze', '--list');
  assert.equal(r.code, 0);
  for (const a of ANALYSES) {
    assert.ok(r.out.includes(a.id), a.id);
    assert.ok(r.out.includes(a.question), `${a.id} question`);
    for (const p of a.params) assert.ok(r.out.includes(`--${p.name}`), `${a.id} --${p.name}`);
  }
});

test('every analysis runs as JSON with rows, suppression note and chart', async () => {
  for (const a of ANALYSES) {
    const r = await cli('analyze', a.id, '--workspace', fx.ws.dir, '--format', 'json');
    assert.equal(r.code, 0, `${a.id}: ${r.err}`);
    const j = JSON.parse(r.out) as { id: string; rows: unknown[]; suppression: { note: string }; chart: { kind: string }; sql?: string };
    assert.equal(j.id, a.id);
    assert.ok(Array.isArray(j.rows) && j.rows.length > 0, `${a.id} rows`);
    assert.ok(j.suppression.note.length > 0);
    assert.equal(j.chart.kind, a.chart.kind);
    assert.equal(j.sql, undefined, 'SQL only when asked');
  }
});

test('parameters as flags or --param, tables and CSV, --show-sql', async () => {
  const flags = await cli('analyze', 'person-metrics', '--workspace', fx.ws.dir, '--by', 'FunctionType', '--view', 'trend', '--metric', 'email_hours', '--format', 'csv');
  const param = await cli('analyze', 'person-metrics', '--workspace', fx.ws.dir, '--param', 'by=FunctionType', '--param', 'view=trend', '--param', 'metric=email_hours', '--format', 'csv');
  assert.equal(flags.code, 0, flags.err);
  assert.equal(flags.out.split('\n')[0], 'grp,week,people,group_size,mean');
  // Same rows either way (means may differ in the last rounded digit: parallel sums).
  assert.deepEqual(flags.out.split('\n').map((l) => l.split(',').slice(0, 4).join(',')), param.out.split('\n').map((l) => l.split(',').slice(0, 4).join(',')));
  const table = await cli('analyze', 'thread-length', '--workspace', fx.ws.dir, '--show-sql');
  assert.equal(table.code, 0);
  assert.match(table.out, /Email threads by originator — by=FunctionType/);
  assert.match(table.out, /minimum group size 5/);
  assert.match(table.out, /\(\d+\.\d\d s/);
  assert.match(table.out, /-- thread-length\nWITH units AS/);
  const net = await cli('analyze', 'group-network', '--workspace', fx.ws.dir, '--show-sql', '--edgeThreshold', '0');
  assert.equal(net.code, 0, net.err);
  assert.match(net.out, /\nedges:\n/);
  assert.match(net.out, /-- group-network: edges\n/);
});

test('bad input: usage errors exit 2, refused values exit 1 with a hint', async () => {
  assert.equal((await cli('analyze', '--workspace', fx.ws.dir)).code, 2);
  assert.equal((await cli('analyze', 'no-such', '--workspace', fx.ws.dir)).code, 2);
  const foreign = await cli('analyze', 'thread-length', '--workspace', fx.ws.dir, '--metric', 'email_hours');
  assert.equal(foreign.code, 2);
  assert.match(foreign.err, /has no parameter --metric/);
  const low = await cli('analyze', 'thread-length', '--workspace', fx.ws.dir, '--min-group', '4');
  assert.equal(low.code, 1);
  assert.match(low.err, /below the lowest allowed value/);
  const badEnum = await cli('analyze', 'person-metrics', '--workspace', fx.ws.dir, '--view', 'pie');
  assert.equal(badEnum.code, 1);
  assert.match(badEnum.err, /must be one of summary, distribution, trend/);
  const badDate = await cli('analyze', 'thread-length', '--workspace', fx.ws.dir, '--from', '1/2/2024');
  assert.equal(badDate.code, 1);
  assert.match(badDate.err, /YYYY-MM-DD/);
  const badAttr = await cli('analyze', 'thread-length', '--workspace', fx.ws.dir, '--by', 'ShoeSize');
  assert.equal(badAttr.code, 1);
  assert.match(badAttr.err, /hint: Available: .*FunctionType/);
  const badHours = await cli('analyze', 'person-metrics', '--workspace', fx.ws.dir, '--workStart', '18', '--workEnd', '9');
  assert.equal(badHours.code, 1);
});

test('an export without calls: every analysis still runs and says what was missing', async () => {
  const root = await mkdtemp(join(tmpdir(), 'wpa-no-calls-'));
  try {
    await generateDemoExport({ outDir: join(root, 'export'), people: 40, weeks: 2, seed: 2 });
    await rm(join(root, 'export', 'Calls.csv'));
    await rm(join(root, 'export', 'CallParticipants.csv'));
    const ws = await Workspace.open(join(root, 'ws'), { create: true });
    try {
      await ingestExport(ws, { sourceDir: join(root, 'export') });
      for (const a of ANALYSES) {
        if (a.id === 'sales-effectiveness') {
          // No sales file joined here: refused as such, not run on an HR column.
          await assert.rejects(runAnalysis(ws, a.id), { code: 'analysis/needs-joined-file' });
          continue;
        }
        const r = await runAnalysis(ws, a.id);
        assert.ok(r.notes.some((n) => /Calls, CallParticipants/.test(n)), `${a.id} notes the missing tables`);
      }
      // Call metrics are NULL, not zero; sums over activities leave calls out and say so.
      const m = await runAnalysis(ws, 'person-metrics', { params: { by: 'FunctionType' } });
      assert.ok(m.rows.every((x) => x.call_hours === null && x.calls === null && Number(x.meeting_hours) > 0 && Number(x.collaboration_hours) > 0));
      assert.ok(m.notes.some((n) => /Call hours per week.*empty \(no value, not 0\): the export lacks .*CallParticipants \(table not loaded\)/.test(n)), m.notes.join('\n'));
      assert.ok(m.notes.some((n) => /Computed without CallParticipants \(table not loaded\).*Collaboration hours per week/.test(n)), m.notes.join('\n'));
      // An analysis of calls alone does not run.
      await assert.rejects(runAnalysis(ws, 'working-pattern', { params: { activity: 'call' } }), (e: { code?: string; message: string; hint?: string }) => {
        assert.equal(e.code, 'analysis/missing-columns');
        assert.match(e.message, /CallParticipants \(table not loaded\)/);
        assert.match(e.hint ?? '', /export lacked/);
        return true;
      });
    } finally {
      ws.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
