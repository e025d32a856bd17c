/**
 * One flow's transaction, rollback or cancel never touches another's (issue 11, item 3): real
 * DuckDB files, real jobs, a real HTTP server and a client that hangs up.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { JobRunner } from '../electron/backend/api/jobs/jobRunner.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { startServer, type RunningServer } from '../electron/backend/server/startServer.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import type { Result } from '../shared/api/contract.js';
import { apiHarness } from './helpers/apiHarness.js';
import { demoExport } from './helpers/demoExport.js';
import { tempDir } from './helpers/tempDirs.js';

/** A promise and the function that settles it: flows meet at these points, no timing involved. */
function gate(): { reached: Promise<void>; open(): void } {
  let open!: () => void;
  const reached = new Promise<void>((resolve) => (open = resolve));
  return { reached, open };
}

/** Tables in a database file, read by a DuckDB instance of its own (not through the engine). */
async function tablesInFile(path: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  try {
    const r = await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`);
    return r.getRowsJson().map((row) => String(row[0]));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** A query that runs until interrupted (hours on any machine). */
const ENDLESS = 'SELECT count(*) FROM range(1000000000000000) t(x) WHERE x % 7 = 3';

/** Until the condition holds, checking after each turn of the event loop: waiting for an event, not sleeping. */
async function until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('flows on one workspace engine', () => {
  let ws: Workspace;
  before(async () => {
    ws = await Workspace.open(join(tempDir('wpa-engine-'), 'ws'), { create: true });
  });
  after(() => ws?.close());

  test("a ROLLBACK in one flow keeps the table another flow created meanwhile", async () => {
    const engine = await ws.engine();
    const aCreated = gate();
    const aMayEnd = gate();
    const flowA = engine.transaction(async (db) => {
      await db.run('CREATE TABLE a AS SELECT 1 AS x');
      aCreated.open();
      await aMayEnd.reached;
      throw new Error('flow A fails');
    });
    await aCreated.reached;
    // Flow B, while A's transaction is open: on a shared connection this ran inside A's transaction.
    await engine.run('CREATE TABLE b AS SELECT 2 AS y');
    aMayEnd.open();
    await assert.rejects(flowA, /flow A fails/);
    ws.close();
    assert.deepEqual(await tablesInFile(ws.databasePath), ['b']);
  });

  test("cancelling one job interrupts its own query and not another job's", { timeout: 120_000 }, async () => {
    const runner = new JobRunner(() => undefined);
    const bRunning = gate();
    const aRunning = gate();
    // B sums x % 7 over enough rows to still be running when A is cancelled; the answer has a closed form.
    const n = 600_000_000;
    const expected = Math.floor(n / 7) * 21 + ((n % 7) * ((n % 7) - 1)) / 2;
    const jobB = runner.start({
      kind: 'analysis',
      title: 'B',
      run: async () => {
        await using db = await ws.connect();
        const sum = db.scalar<number>(`SELECT sum(x % 7)::BIGINT FROM range(${n}) t(x)`);
        bRunning.open();
        return await sum;
      },
    });
    await bRunning.reached;
    const jobA = runner.start({
      kind: 'analysis',
      title: 'A',
      run: async () => {
        await using db = await ws.connect();
        const endless = db.scalar(ENDLESS);
        aRunning.open();
        await endless;
      },
    });
    await aRunning.reached;
    assert.equal(runner.cancel(jobA.id), true);
    const a = await runner.wait(jobA.id);
    assert.equal(a.status, 'cancelled');
    assert.equal(runner.get(jobB.id)?.status, 'running', 'B was still running when A was cancelled (else this proves nothing)');
    const b = await runner.wait(jobB.id);
    assert.equal(b.status, 'done', b.error?.message);
    assert.equal(b.result, expected);
    assert.equal((await ws.engine()).pool.lent().length, 0, 'both jobs gave their connections back');
  });
});

describe('analyses and the audit as jobs', () => {
  const h = apiHarness();
  let api: ApiService;
  before(async () => {
    const demo = await demoExport({ people: 60, weeks: 1 });
    const dir = join(tempDir('wpa-engine-jobs-'), 'ws');
    const ws = await Workspace.open(dir, { create: true });
    await ingestExport(ws, { sourceDir: demo.outDir });
    ws.close();
    api = h.attach(await createApiService({ workspaceDir: dir }));
  });
  after(async () => api?.close());

  test('a cancelled analysis ends as cancelled, and the next one runs', { timeout: 120_000 }, async () => {
    const { jobId } = await h.ok('analyses/run', { id: 'thread-length', params: { by: 'FunctionType' }, minGroupSize: 5 });
    assert.deepEqual(await h.ok('jobs/cancel', { jobId }), { cancelled: true });
    assert.equal((await h.finished(jobId)).status, 'cancelled');
    const next = await h.result('analyses/run', { id: 'thread-length', params: { by: 'FunctionType' }, minGroupSize: 5 });
    assert.ok(next.rows.length > 0);
    assert.ok(next.rows.every((row) => Number(row.people) >= 5));
    assert.equal(api.engine.pool.lent().length, 0);
  });

  test('a cancelled audit ends as cancelled, and the next one reports', { timeout: 120_000 }, async () => {
    const { jobId } = await h.ok('audit/run', {});
    assert.deepEqual(await h.ok('jobs/cancel', { jobId }), { cancelled: true });
    assert.equal((await h.finished(jobId)).status, 'cancelled');
    const report = await h.result('audit/run', {});
    assert.ok(report.tables.some((t) => t.table === 'PersonHistorical'));
  });

  test('requests refused at once are refused by the call, not by a job', async () => {
    assert.equal((await h.fails('analyses/run', { id: 'nope', params: {} })).code, 'analysis/unknown');
    assert.equal((await h.fails('audit/run', { minGroupSize: 3 })).code, 'privacy/min-group-too-low');
  });
});

describe('a request whose client went away', () => {
  let api: ApiService;
  let server: RunningServer;
  const answers: Promise<Result<unknown>>[] = [];
  before(async () => {
    const dir = join(tempDir('wpa-engine-http-'), 'ws');
    const service = await createApiService({ workspaceDir: dir });
    api = service;
    // The server's calls, kept so the test can see how each one ended.
    const watched: ApiService = {
      ...service,
      callByName: (name, body, signal) => {
        const answer = service.callByName(name, body, signal);
        answers.push(answer);
        return answer;
      },
    };
    server = await startServer({ workspaceDir: dir, api: watched, token: 't' });
  });
  after(async () => {
    await server?.close();
    await api?.close();
  });

  test('has its query interrupted and its connection given back', { timeout: 60_000 }, async () => {
    const body = JSON.stringify({ sql: ENDLESS, runId: 'gone' });
    const req = request(`${server.origin}/api/call/sql/run`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t'},
    });
    req.on('error', () => undefined); // the client hangs up on purpose
    req.end(body);
    // The request holds a connection once its query is on the way.
    await until('the request to take a connection', () => api.engine.pool.lent().length > 0);
    req.destroy();
    assert.equal(answers.length, 1);
    const answer = await answers[0];
    assert.equal(answer.ok, false, 'the interrupted query answers an error');
    assert.equal(api.engine.pool.lent().length, 0, 'its connection is back');
    // The backend still answers others.
    const after = await api.call('sql/run', { sql: 'SELECT 42 AS n', runId: 'next' });
    assert.ok(after.ok && after.value.rows[0].n === 42);
  });
});
