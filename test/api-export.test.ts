/**
 * 'export/start' as jobs (CSV, Parquet, XLSX content checked against DuckDB), the job runner's
 * events and cancel, 'analyses/*' with the minimum group size, and 'workspace/*'.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { safeBaseName } from '../electron/backend/api/export/exportFiles.js';
import { JobRunner } from '../electron/backend/api/jobs/jobRunner.js';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import type { ApiRequest, BackendEvent, JobInfo } from '../shared/api/contract.js';
import { apiHarness } from './helpers/apiHarness.js';
import { EXPORT_SCHEMA } from '../shared/schema/exportSchema.js';

let root: string;
let wsDir: string;
let api: ApiService;
const h = apiHarness();
const { ok, finished, direct, events, result } = h;

async function exportOf(request: ApiRequest<'export/start'>): Promise<{ job: JobInfo; file: string }> {
  const { jobId } = await ok('export/start', request);
  const job = await finished(jobId);
  assert.equal(job.status, 'done', JSON.stringify(job.error));
  const file = (job.result as { file: string }).file;
  assert.equal(api.exportFile(jobId), file);
  return { job, file };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-api-export-'));
  wsDir = await copyOfDemoWorkspace(join(root, 'ws'), { people: 40, weeks: 2 });
  api = h.attach(await createApiService({ workspaceDir: wsDir, isDemo: true }));
});

after(async () => {
  await api?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('export/start', () => {
  const filters = [{ column: 'NumberOfRecipients', kind: 'number' as const, op: 'ge' as const, value: 3 }];
  const sort = [{ column: 'SentTime', direction: 'desc' as const }];
  const expectedSql = 'SELECT * FROM Mails WHERE NumberOfRecipients >= 3 ORDER BY SentTime DESC NULLS LAST, rowid';

  test('CSV: the filtered, sorted rows, written by DuckDB into exports/', async () => {
    const { job, file } = await exportOf({ source: { kind: 'table', name: 'Mails' }, format: 'csv', filters, sort, fileName: 'recent mails' });
    assert.equal(file, join(wsDir, 'exports', 'recent mails-row-level.csv'));
    const expected = await direct(expectedSql);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines[0], EXPORT_SCHEMA.Mails.columns.map((c) => c.name).join(','));
    assert.equal(lines.length - 1, expected.length);
    assert.equal(lines[1].split(',')[0], expected[0].MailId);
    assert.equal((job.result as { rows: number }).rows, expected.length);
    assert.ok(events.some((e) => e.type === 'job' && e.job.id === job.id && e.job.status === 'running'), 'a running event came first');
    assert.equal(readdirSync(join(wsDir, 'exports')).filter((f) => f.endsWith('.partial')).length, 0);
  });

  test('CSV cells that would run as spreadsheet formulas get an apostrophe, unless formulas are kept for machines', async () => {
    await ok('sql/run', { runId: 'formulas', sql: `CREATE TABLE formulas AS SELECT * FROM (VALUES
      (1, '=HYPERLINK("http://x","y")', -5.5), (2, '+cmd|'' /C calc''!A0', 1), (3, '@SUM(A1)', 2), (4, '-2+3', 3), (5, '-5', 4), (6, 'plain', 5), (7, chr(9) || 'tab', 6)) t(id, label, amount)` });
    const safe = readFileSync((await exportOf({ source: { kind: 'table', name: 'formulas' }, format: 'csv', sort: [{ column: 'id', direction: 'asc' }] })).file, 'utf8').trim().split('\n');
    assert.deepEqual(safe.slice(1).map((l) => l.slice(l.indexOf(',') + 1)), [
      `"'=HYPERLINK(""http://x"",""y"")",-5.5`,
      `'+cmd|' /C calc'!A0,1.0`,
      `'@SUM(A1),2.0`,
      `'-2+3,3.0`,
      `-5,4.0`,
      `plain,5.0`,
      `'\ttab,6.0`,
    ]);
    const raw = readFileSync((await exportOf({ source: { kind: 'table', name: 'formulas' }, format: 'csv', sort: [{ column: 'id', direction: 'asc' }], keepFormulas: true })).file, 'utf8');
    assert.ok(raw.includes('"=HYPERLINK(""http://x"",""y"")"') && !raw.includes("'="), raw);
    await ok('sql/run', { runId: 'formulas-drop', sql: 'DROP TABLE formulas' });
  });

  test('Parquet: read back by DuckDB, same rows in the same order', async () => {
    const { file } = await exportOf({ source: { kind: 'table', name: 'Mails' }, format: 'parquet', filters, sort });
    assert.match(basename(file), /^Mails-\d{8}-\d{6}-row-level\.parquet$/);
    const back = await direct(`SELECT * FROM read_parquet('${file}')`);
    assert.deepEqual(back, await direct(expectedSql));
  });

  test('XLSX: typed cells (numbers, dates, booleans) in a streamed workbook', async () => {
    const sql = 'SELECT MailId, IsSender, PersonTimeSpentInHours, LocalSentTime FROM MailParticipants ORDER BY LocalSentTime, MailId, PersonHistoricalId LIMIT 500';
    const { file } = await exportOf({ source: { kind: 'sql', sql }, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets[0];
    assert.equal(sheet.name, 'query');
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['MailId', 'IsSender', 'PersonTimeSpentInHours', 'LocalSentTime']);
    assert.equal(sheet.rowCount, 501);
    const expected = await direct(sql);
    const row2 = sheet.getRow(2);
    assert.equal(row2.getCell(1).value, expected[0].MailId);
    assert.equal(row2.getCell(2).value, expected[0].IsSender);
    assert.equal(row2.getCell(3).value, expected[0].PersonTimeSpentInHours);
    const when = row2.getCell(4).value as Date;
    assert.ok(when instanceof Date);
    assert.equal(when.toISOString().slice(0, 19).replace('T', ' '), expected[0].LocalSentTime);
  });

  test('bad requests are answered, not turned into failed jobs; names cannot leave exports/', async () => {
    const bad = await api.call('export/start', { source: { kind: 'table', name: 'Mails' }, format: 'pdf' as 'csv' });
    assert.equal(bad.ok, false);
    const col = await api.call('export/start', { source: { kind: 'table', name: 'Mails' }, format: 'csv', sort: [{ column: 'Nope', direction: 'asc' }] });
    assert.equal(col.ok ? 'ok' : col.error.code, 'grid/unknown-column');
    const { file } = await exportOf({ source: { kind: 'table', name: 'Calls' }, format: 'csv', fileName: '../../../etc/evil' });
    assert.equal(file, join(wsDir, 'exports', 'etc-evil-row-level.csv'));
    assert.equal(safeBaseName('..\\..\\x'), 'x');
    assert.equal(safeBaseName('CON'), 'CON-export');
    const again = await exportOf({ source: { kind: 'table', name: 'Calls' }, format: 'csv', fileName: '../../../etc/evil' });
    assert.equal(again.file, join(wsDir, 'exports', 'etc-evil-row-level (2).csv'));
  });

  /**
   * A thousand hashes per row (~17 µs of CPU) of a table of 5M rows: a minute and a half of CPU for
   * the whole table, whatever reads it, yet DuckDB sees an interrupt within a chunk of 2,048 rows. The
   * list's length depends on the row, so planning does not build it as a constant.
   */
  const slowValue = 'list_sum(list_transform(range(1000 + (hash(i) % 1)::BIGINT), x -> hash(x, i) % 7))';
  const slowTable = async () => {
    await ok('sql/run', { sql: 'CREATE TABLE IF NOT EXISTS export_slow AS SELECT range AS i FROM range(5000000)', runId: 'export-slow-table' });
  };

  /** export/start's answer, or 'blocked' if it takes longer than `ms`. */
  const startWithin = async (request: ApiRequest<'export/start'>, ms: number) => {
    const asked = performance.now();
    const answer = await Promise.race([ok('export/start', request), new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), ms))]);
    assert.notEqual(answer, 'blocked', `export/start answered within ${ms / 1000} s`);
    return { jobId: (answer as { jobId: string }).jobId, seconds: (performance.now() - asked) / 1000 };
  };

  /** Poll the job until `check` holds (a running job's message says what it does). */
  const jobWhen = async (jobId: string, check: (j: JobInfo) => boolean, what: string) => {
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
      const job = (await ok('jobs/list', {})).jobs.find((j) => j.id === jobId);
      if (job && check(job)) return job;
    }
    assert.fail(`the job never got to: ${what}`);
  };

  const cancelPromptly = async (jobId: string, fileName: string) => {
    const asked = performance.now();
    assert.deepEqual(await ok('jobs/cancel', { jobId }), { cancelled: true });
    const job = await finished(jobId, 10_000);
    assert.equal(job.status, 'cancelled');
    assert.ok(performance.now() - asked < 5000, `cancel took ${Math.round(performance.now() - asked)} ms`);
    assert.equal(existsSync(join(wsDir, 'exports', `${fileName}-row-level.csv`)), false);
    assert.equal(existsSync(join(wsDir, 'exports', `${fileName}-row-level.csv.partial`)), false);
    assert.ok((await ok('jobs/list', {})).jobs.some((j) => j.id === jobId && j.status === 'cancelled'));
  };

  test('export/start answers at once although counting the rows takes a minute and more; cancel stops the count', async () => {
    // The filter is the slow part: the count must compute it for every row.
    await slowTable();
    const sql = `SELECT i FROM export_slow WHERE ${slowValue} >= 0`;
    const { jobId } = await startWithin({ source: { kind: 'sql', sql }, format: 'csv', fileName: 'slow-count' }, 3000);
    await jobWhen(jobId, (j) => j.status === 'running' && /Counting/.test(j.message ?? ''), 'counting the rows');
    await new Promise((r) => setTimeout(r, 300));
    await cancelPromptly(jobId, 'slow-count');
  });

  test('cancel stops a long export and leaves no file', async () => {
    // Counted in ms (the count needs no computed column); minutes to write.
    await slowTable();
    const sql = `SELECT i, ${slowValue} AS s FROM export_slow`;
    const { jobId } = await startWithin({ source: { kind: 'sql', sql }, format: 'csv', fileName: 'huge' }, 3000);
    await jobWhen(jobId, (j) => j.status === 'running' && /^Writing/.test(j.message ?? ''), 'writing the file');
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await ok('jobs/list', {})).jobs.find((j) => j.id === jobId)?.status, 'running', 'still writing when cancelled');
    await cancelPromptly(jobId, 'huge');
  });
});

describe('job runner', () => {
  test('throttles progress events but always sends the final state', async () => {
    const seen: BackendEvent[] = [];
    const runner = new JobRunner((e) => seen.push(e));
    const job = runner.start({
      kind: 'demo',
      title: 'count',
      run: async (ctx) => {
        for (let i = 0; i <= 1000; i++) ctx.progress({ percent: i / 10 });
        return { counted: 1000 };
      },
    });
    const done = await runner.wait(job.id);
    assert.equal(done.status, 'done');
    assert.deepEqual(done.result, { counted: 1000 });
    assert.ok(seen.length < 20, `${seen.length} events for 1000 updates`);
    const last = seen.at(-1);
    assert.equal(last?.type === 'job' && last.job.status, 'done');
    const failing = runner.start({ kind: 'demo', title: 'fails', run: async () => Promise.reject(new Error('boom')) });
    const failed = await runner.wait(failing.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.message, 'boom');
  });
});

describe('analyses and workspace', () => {
  test('lists the catalogue and the attributes to group by', async () => {
    const r = await ok('analyses/list', {});
    assert.ok(r.analyses.some((a) => a.id === 'thread-length'));
    assert.ok(r.attributes.includes('FunctionType'));
    assert.ok(!r.attributes.includes('EmailAddress'));
  });

  test('runs thread-length through the privacy guard; a minimum below 5 is refused', async () => {
    const r = await result('analyses/run', { id: 'thread-length', params: { by: 'FunctionType' }, minGroupSize: 5 });
    assert.equal(r.minGroupSize, 5);
    assert.ok(r.rows.length > 0);
    assert.ok(r.rows.every((row) => Number(row.people) >= 5));
    assert.match(r.sql, /people >= 5/);
    for (const minGroupSize of [4, 0, 2.5]) {
      const low = await api.call('analyses/run', { id: 'thread-length', params: {}, minGroupSize });
      assert.equal(low.ok, false);
      if (!low.ok) assert.match(low.error.code, /^privacy\//);
    }
    const unknown = await api.call('analyses/run', { id: 'nope', params: {} });
    assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'analysis/unknown');
  });

  test('passes each view\'s chart and columns and the network\'s guarded edges through to the UI', async () => {
    const list = await ok('analyses/list', {});
    const network = list.analyses.find((a) => a.id === 'group-network');
    assert.ok(network?.chartsByView && network.relatedColumns, 'per-view charts and related columns listed');
    const r = await result('analyses/run', { id: 'group-network', params: { by: 'FunctionType' } });
    assert.equal(r.chart?.kind, 'network');
    assert.ok(r.columnSpecs && r.columnSpecs.length > 0, 'column specs of the view');
    const edges = r.related?.edges;
    assert.ok(edges && edges.rows.length > 0, 'edges present');
    const shown = new Set(r.rows.map((row) => row.grp));
    for (const e of edges.rows) assert.ok(Number(e.people_source) >= 5 && Number(e.people_target) >= 5, `edge ${e.source} → ${e.target} has enough people at both ends`);
    assert.ok(edges.rows.every((e) => shown.has(e.source) && shown.has(e.target)), 'edges connect shown nodes');
  });

  test('workspace info, minimum group size setting and rejected rows', async () => {
    const info = await ok('workspace/info', {});
    assert.equal(info.isDemo, true);
    assert.equal(info.minGroupSize, 5);
    assert.deepEqual(info.tables.filter((t) => t.kind === 'export').map((t) => t.name).slice(0, 3), ['PersonHistorical', 'Meetings', 'MeetingParticipants']);
    const mails = info.tables.find((t) => t.name === 'Mails');
    assert.equal(mails?.rows, (await direct('SELECT count(*) AS n FROM Mails'))[0].n);
    assert.equal(mails?.dateRange?.column, 'SentTime');
    assert.ok(mails?.columns.some((c) => c.name === 'SentTime' && c.type === 'TIMESTAMP'));
    assert.ok(!info.tables.some((t) => t.name.startsWith('__')));
    assert.equal((await ok('workspace/setMinGroupSize', { minGroupSize: 10 })).minGroupSize, 10);
    const low = await api.call('workspace/setMinGroupSize', { minGroupSize: 3 });
    assert.equal(low.ok ? 'ok' : low.error.code, 'privacy/min-group-too-low');
    assert.equal((await ok('workspace/info', {})).minGroupSize, 10);
    const r = await result('analyses/run', { id: 'thread-length', params: {} });
    assert.equal(r.minGroupSize, 10);
    await ok('workspace/setMinGroupSize', { minGroupSize: 5 });
    assert.equal((await ok('datasets/rejects', { offset: 0, limit: 10 })).total, 0);
    await ok('sql/run', {
      runId: 'rejects',
      sql: `INSERT INTO _rejects VALUES ('Calls', '/x/Calls.csv', 7, 'StartTime', 'CAST', 'bad date', 'a,b'), ('Mails', '/x/Mails.csv', 3, NULL, 'MISSING COLUMNS', 'short row', 'c')`,
    });
    const calls = await ok('datasets/rejects', { table: 'Calls', offset: 0, limit: 10 });
    assert.equal(calls.total, 1);
    assert.deepEqual(calls.rows[0], { table_name: 'Calls', file: '/x/Calls.csv', line: 7, column_name: 'StartTime', error_type: 'CAST', reason: 'bad date', csv_line: 'a,b' });
    assert.equal((await ok('datasets/rejects', { offset: 1, limit: 10 })).rows.length, 1);
    await ok('sql/run', { runId: 'rejects-clean', sql: 'DELETE FROM _rejects' });
  });

  test('unknown calls are answered as errors', async () => {
    const r = await api.callByName('workspace/drop', {});
    assert.equal(r.ok ? 'ok' : r.error.code, 'api/unknown-call');
  });
});
