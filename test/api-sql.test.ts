/**
 * 'sql/run', 'sql/cancel', 'sql/completions' and the DuckDB sandbox, against a real small demo
 * workspace.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { sandboxWorkspaceDatabase } from '../electron/backend/api/db/sandbox.js';
import { splitSqlStatements, withoutTopLevelOrderBy } from '../electron/backend/api/sql/splitStatements.js';
import { caretOffset } from '../electron/backend/api/sql/sqlErrors.js';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { apiHarness } from './helpers/apiHarness.js';
import { EXPORT_SCHEMA } from '../shared/schema/exportSchema.js';

let root: string;
let wsDir: string;
let api: ApiService;
const h = apiHarness();
const { ok, fails, events } = h;

let runs = 0;
const run = (sql: string, limit?: number) => ({ sql, runId: `run-${++runs}`, limit });

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-api-sql-'));
  wsDir = await copyOfDemoWorkspace(join(root, 'ws'), { people: 40, weeks: 2 });
  api = h.attach(await createApiService({ workspaceDir: wsDir }));
});

after(async () => {
  await api?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('sql/run', () => {
  test('returns the first page, the columns and the total of the last query', async () => {
    const r = await ok('sql/run', run('SELECT 1;\nSELECT MailId, NumberOfRecipients FROM Mails ORDER BY NumberOfRecipients DESC', 5));
    assert.deepEqual(r.columns, [{ name: 'MailId', type: 'UUID' }, { name: 'NumberOfRecipients', type: 'DOUBLE' }]);
    assert.equal(r.rows.length, 5);
    const total = await ok('sql/run', run('SELECT count(*) AS n FROM Mails'));
    assert.equal(r.total, total.rows[0].n);
    assert.ok(typeof r.seconds === 'number');
  });

  test('errors point at the line and column in the whole text', async () => {
    const e = await fails('sql/run', run('SELECT 1;\n\nSELECT MailId,\n       Nope\nFROM Mails'));
    assert.equal(e.code, 'sql/unknown-column');
    assert.deepEqual(e.where, { line: 4, column: '8' });
    assert.match(e.message, /line 4, column 8/);
    const syntax = await fails('sql/run', run('SELEC * FROM Mails'));
    assert.equal(syntax.code, 'sql/syntax');
    assert.deepEqual(syntax.where, { line: 1, column: '1' });
    const table = await fails('sql/run', run('SELECT * FROM Mailz'));
    assert.equal(table.code, 'sql/unknown-table');
    assert.match(table.hint ?? '', /Mails/);
  });

  test('a long line is located although DuckDB shortens it', () => {
    const statement = `SELECT ${Array.from({ length: 40 }, (_, i) => `c${i}`).join(', ')}, oops FROM t`;
    const at = statement.indexOf('oops');
    const shown = statement.slice(at - 30, at + 30);
    const message = `Binder Error: x\n\nLINE 1: ...${shown}...\n${' '.repeat('LINE 1: ...'.length + 30)}^`;
    assert.equal(caretOffset(message, statement), at);
  });

  test('statements that are not queries run, and tell the UI tables changed', async () => {
    events.length = 0;
    const r = await ok('sql/run', run('CREATE TABLE scratch AS SELECT * FROM range(10) t(i); INSERT INTO scratch VALUES (10)'));
    assert.equal(r.rows.length, 1);
    assert.ok(events.some((e) => e.type === 'workspace-changed'));
    const info = await ok('workspace/info', {});
    assert.equal(info.tables.find((t) => t.name === 'scratch')?.rows, 11);
    assert.equal(info.tables.find((t) => t.name === 'scratch')?.kind, 'dataset');
    await ok('sql/run', run('DROP TABLE scratch'));
  });

  test('cancel interrupts a running query; the connection works afterwards', async () => {
    const runId = 'slow-one';
    const slow = api.call('sql/run', { sql: 'SELECT sum(hash(i)) FROM range(20000000000) t(i)', runId });
    // Whenever it lands (even before the query runs), the cancel stops the run.
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    assert.deepEqual(await ok('sql/cancel', { runId }), { cancelled: true });
    const r = await slow;
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, 'sql/cancelled');
    assert.ok(performance.now() - started < 5000, 'cancel takes effect quickly');
    // Every pooled connection still answers (interrupt must not stick to the next query).
    await Promise.all(Array.from({ length: 10 }, () => ok('sql/run', run('SELECT 42 AS x'))));
    assert.deepEqual((await ok('sql/cancel', { runId: 'not-running' })).cancelled, false);
  });

  test('a cancel stops the run wherever it lands: before the first statement, between statements', async () => {
    // A cross join of 10^12 rows: never ends by itself. Quick statements before it leave gaps
    // (prepare, plan check, page and count) where DuckDB dropped a single interrupt.
    const sql = 'SELECT 1; SELECT 2 AS b; SELECT 3 AS c;\nSELECT count(*) AS n FROM range(1000000) a(i), range(1000000) b(j)';
    const stuck: string[] = [];
    // k event-loop turns after the start (0: before the run has a connection; later: during and
    // between the statements), then k - 30 ms (the last statement's plan check, page and count).
    for (let k = 0; k <= 30 + 50; k += k < 30 ? 1 : 5) {
      const runId = `gap-${k}`;
      const r = api.call('sql/run', { sql, runId });
      for (let t = 0; t < Math.min(k, 30); t++) await new Promise((done) => setImmediate(done));
      if (k > 30) await new Promise((done) => setTimeout(done, k - 30));
      assert.equal((await ok('sql/cancel', { runId })).cancelled, true, `cancel after ${k} turns finds the run`);
      const ended = await Promise.race([r, new Promise<'stuck'>((done) => setTimeout(() => done('stuck'), 5000))]);
      if (ended === 'stuck') {
        stuck.push(`cancel after ${k} turns`);
        // Stop the query for real (once it runs, an interrupt lands), so the test can go on.
        while ((await Promise.race([r.then(() => 'ended'), new Promise((done) => setTimeout(done, 200))])) !== 'ended') await api.call('sql/cancel', { runId });
        continue;
      }
      assert.equal(ended.ok, false, `cancel after ${k} turns: the query did not finish by itself`);
      if (!ended.ok) assert.equal(ended.error.code, 'sql/cancelled', `cancel after ${k} turns: ${ended.error.message}`);
    }
    assert.deepEqual(stuck, [], 'every cancel ended its run within 5 s');
    // No interrupt is left over for the next query on any pooled connection.
    await Promise.all(Array.from({ length: 10 }, () => ok('sql/run', run('SELECT 42 AS x'))));
  });

  test('empty SQL and missing run ids are refused', async () => {
    assert.equal((await fails('sql/run', run('  -- nothing\n'))).code, 'sql/empty');
    assert.equal((await fails('sql/run', { sql: 'SELECT 1', runId: '' })).code, 'api/bad-request');
  });

  test('completions list the tables with their columns', async () => {
    const c = await ok('sql/completions', {});
    const mails = c.tables.find((t) => t.name === 'Mails');
    assert.deepEqual(mails?.columns, EXPORT_SCHEMA.Mails.columns.map((c) => c.name));
    assert.ok(c.keywords.includes('SELECT'));
    assert.ok(!c.tables.some((t) => t.name.startsWith('__')));
  });

  test('counts without the final ORDER BY, keeping LIMIT', async () => {
    assert.equal(withoutTopLevelOrderBy('SELECT * FROM t ORDER BY a DESC, b'), 'SELECT * FROM t ');
    assert.equal(withoutTopLevelOrderBy('SELECT * FROM t ORDER BY a LIMIT 5 OFFSET 2'), 'SELECT * FROM t LIMIT 5 OFFSET 2');
    assert.equal(withoutTopLevelOrderBy('SELECT row_number() OVER (ORDER BY a) FROM t'), 'SELECT row_number() OVER (ORDER BY a) FROM t');
    assert.equal(withoutTopLevelOrderBy("SELECT 'ORDER BY' FROM (SELECT * FROM t ORDER BY x) -- ORDER BY"), "SELECT 'ORDER BY' FROM (SELECT * FROM t ORDER BY x) -- ORDER BY");
    const r = await ok('sql/run', run('SELECT * FROM MailParticipants ORDER BY PersonTimeSpentInHours DESC LIMIT 7', 3));
    assert.equal(r.total, 7);
    assert.equal(r.rows.length, 3);
  });

  test('splits statements at top-level semicolons only', () => {
    const sql = "SELECT ';' AS a; -- c;\nSELECT \"x;y\" FROM t /* ; */; SELECT $$;$$";
    assert.deepEqual(
      splitSqlStatements(sql).map((s) => s.text),
      ["SELECT ';' AS a", '-- c;\nSELECT "x;y" FROM t /* ; */', 'SELECT $$;$$'],
    );
  });
});

describe('DuckDB sandbox', () => {
  test('SQL typed in the app cannot read or write files outside the workspace', async () => {
    const outside = join(root, 'outside.csv');
    writeFileSync(outside, 'a,b\n1,2\n');
    const attempts = [
      "SELECT * FROM read_csv('/etc/passwd')",
      `SELECT * FROM read_csv('${outside}')`,
      `SELECT * FROM read_csv('${join(wsDir, 'raw', '..', '..', 'outside.csv')}')`,
      "SELECT * FROM read_text('/etc/hostname')",
      "COPY (SELECT 1 AS a) TO '/tmp/wpa-sandbox-escape.csv'",
      `COPY (SELECT 1 AS a) TO '${join(wsDir, 'wpa-copy.csv')}'`,
      `ATTACH '${join(root, 'other.duckdb')}' AS other`,
      "SELECT * FROM glob('/etc/*')",
      "INSTALL httpfs",
      "SELECT * FROM read_csv('https://example.com/x.csv')",
    ];
    for (const sql of attempts) {
      const e = await fails('sql/run', run(sql));
      assert.match(e.code, /^sql\//, sql);
      assert.notEqual(e.code, 'internal', sql);
    }
    // The SQL gate refuses it by its path; DuckDB's sandbox below would refuse it too.
    const blocked = await fails('sql/run', run("SELECT * FROM read_csv('/etc/passwd')"));
    assert.equal(blocked.code, 'sql/forbidden');
    await assert.rejects(h.direct("SELECT * FROM read_csv('/etc/passwd')"), /disabled by configuration|Cannot access/);
    assert.equal(existsSync('/tmp/wpa-sandbox-escape.csv'), false);
    assert.equal(existsSync(join(wsDir, 'wpa-copy.csv')), false);
    // The sandbox cannot be switched off from SQL.
    for (const sql of ['SET enable_external_access = true', "SET allowed_directories = ['/']", "RESET allowed_directories"]) {
      await fails('sql/run', run(sql));
    }
    await fails('sql/run', run("SELECT * FROM read_csv('/etc/passwd')"));
  });

  test('workspace tables, exports/ and raw/ stay usable', async () => {
    assert.ok((await ok('sql/run', run('SELECT count(*) FROM MailParticipants'))).rows.length === 1);
    // Files are written by Export…, not COPY (sealed-sql.test.ts); SQL reads them back from exports/.
    const { jobId } = await ok('export/start', { source: { kind: 'table', name: 'Calls' }, format: 'csv', fileName: 'by-hand' });
    const job = await h.finished(jobId);
    assert.equal(job.status, 'done', JSON.stringify(job.error));
    const target = (job.result as { file: string }).file;
    const back = await ok('sql/run', run(`SELECT count(*) AS n FROM read_csv('${target}')`));
    const calls = await ok('sql/run', run('SELECT count(*) AS n FROM Calls'));
    assert.equal(back.rows[0].n, calls.rows[0].n);
    const raw = await ok('sql/run', run(`SELECT count(*) AS n FROM read_csv('${join(wsDir, 'raw', 'demo-export', 'Calls.csv')}')`));
    assert.equal(raw.rows[0].n, calls.rows[0].n);
  });

  test('ingest from the workspace raw/ folder works in a sandboxed database; elsewhere it is refused', async () => {
    // The sync downloads into WS/raw/<refresh> and ingests from there, on the app's sandboxed database.
    const dir = join(root, 'ws-ingest');
    const ws = await Workspace.open(dir, { create: true });
    try {
      await sandboxWorkspaceDatabase(await ws.engine(), ws.dir);
      const inside = join(dir, 'raw', 'r1');
      mkdirSync(inside, { recursive: true });
      cpSync(join(wsDir, 'raw', 'demo-export', 'PersonHistorical.csv'), join(inside, 'PersonHistorical.csv'));
      const summary = await ingestExport(ws, { sourceDir: inside });
      assert.equal(summary.tables[0].table, 'PersonHistorical');
      assert.ok(summary.tables[0].rows > 0);
      const elsewhere = join(root, 'elsewhere');
      mkdirSync(elsewhere, { recursive: true });
      cpSync(join(wsDir, 'raw', 'demo-export', 'Calls.csv'), join(elsewhere, 'Calls.csv'));
      await assert.rejects(ingestExport(ws, { sourceDir: elsewhere }), /disabled by configuration/);
    } finally {
      ws.close();
    }
  });
});
