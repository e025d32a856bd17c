/**
 * 'grid/rows' against a real small demo workspace: every page, sort and filter is compared with the
 * same question asked of DuckDB directly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { GridService } from '../electron/backend/api/grid/gridRows.js';
import { orderIsStable, RESULTS_SCHEMA } from '../electron/backend/api/grid/queryResults.js';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import type { ApiRequest, Row } from '../shared/api/contract.js';
import { apiHarness } from './helpers/apiHarness.js';
import { EXPORT_SCHEMA } from '../shared/schema/exportSchema.js';

let root: string;
let api: ApiService;
const h = apiHarness();
const { ok, direct } = h;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-api-grid-'));
  const dir = await copyOfDemoWorkspace(join(root, 'ws'), { people: 40, weeks: 2 });
  api = h.attach(await createApiService({ workspaceDir: dir }));
});

after(async () => {
  await api?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('grid/rows', () => {
  test('pages a table in insertion order with the exact total', async () => {
    const all = await direct('SELECT * FROM Mails');
    const first = await ok('grid/rows', { source: { kind: 'table', name: 'Mails' }, offset: 0, limit: 100 });
    assert.equal(first.total, all.length);
    assert.deepEqual(first.rows, all.slice(0, 100));
    assert.deepEqual(first.columns.map((c) => c.name), EXPORT_SCHEMA.Mails.columns.map((c) => c.name));
    assert.equal(first.columns[0].type, 'UUID');
    const last = await ok('grid/rows', { source: { kind: 'table', name: 'Mails' }, offset: all.length - 7, limit: 100 });
    assert.deepEqual(last.rows, all.slice(-7));
  });

  test('a table with deleted rows (rowid gaps) pages correctly, also after the change', async () => {
    await ok('sql/run', { sql: 'CREATE TABLE gappy AS SELECT i FROM range(1000) t(i)', runId: 'g1' });
    const before = await ok('grid/rows', { source: { kind: 'table', name: 'gappy' }, offset: 500, limit: 3 });
    assert.deepEqual(before.rows, [{ i: 500 }, { i: 501 }, { i: 502 }]);
    await ok('sql/run', { sql: 'DELETE FROM gappy WHERE i % 3 = 0', runId: 'g2' });
    const after = await ok('grid/rows', { source: { kind: 'table', name: 'gappy' }, offset: 500, limit: 3 });
    assert.deepEqual(after.rows, await direct('SELECT * FROM gappy LIMIT 3 OFFSET 500'));
    assert.equal(after.total, 666);
    await ok('sql/run', { sql: 'DROP TABLE gappy', runId: 'g3' });
  });

  test('sorts in DuckDB, ties broken so no row shows twice across pages', async () => {
    const expected = await direct('SELECT * FROM Mails ORDER BY NumberOfRecipients DESC NULLS LAST, rowid');
    const seen: Row[] = [];
    for (let offset = 0; offset < expected.length; offset += 500) {
      const page = await ok('grid/rows', { source: { kind: 'table', name: 'Mails' }, offset, limit: 500, sort: [{ column: 'NumberOfRecipients', direction: 'desc' }] });
      seen.push(...page.rows);
    }
    assert.deepEqual(seen, expected);
    assert.equal(new Set(seen.map((r) => r.MailId)).size, expected.length);
  });

  test('filters with bound parameters: text, number, range, boolean, blank', async () => {
    const cases: { filters: ApiRequest<'grid/rows'>['filters']; sql: string; params: (string | number | boolean)[] }[] = [
      { filters: [{ column: 'Subject', kind: 'text', op: 'contains', value: 'PLAN' }], sql: `SELECT * FROM Mails WHERE lower(Subject) LIKE '%plan%'`, params: [] },
      { filters: [{ column: 'Subject', kind: 'text', op: 'startsWith', value: 're:' }], sql: `SELECT * FROM Mails WHERE lower(Subject) LIKE 're:%'`, params: [] },
      { filters: [{ column: 'Subject', kind: 'text', op: 'notContains', value: "'; DROP TABLE Mails; --" }], sql: 'SELECT * FROM Mails', params: [] },
      { filters: [{ column: 'NumberOfRecipients', kind: 'number', op: 'ge', value: 5 }], sql: 'SELECT * FROM Mails WHERE NumberOfRecipients >= ?', params: [5] },
      {
        filters: [{ column: 'SentTime', kind: 'range', from: '2024-01-02', to: '2024-01-03' }],
        sql: `SELECT * FROM Mails WHERE SentTime >= TIMESTAMP '2024-01-02' AND SentTime < TIMESTAMP '2024-01-04'`,
        params: [],
      },
      { filters: [{ column: 'IsSender', kind: 'boolean', value: true }], sql: 'SELECT * FROM MailParticipants WHERE IsSender', params: [] },
      { filters: [{ column: 'Subject', kind: 'blank', blank: false }], sql: `SELECT * FROM Mails WHERE Subject IS NOT NULL AND Subject <> ''`, params: [] },
    ];
    for (const c of cases) {
      const table = c.sql.includes('MailParticipants') ? 'MailParticipants' : 'Mails';
      const expected = await direct(c.sql, c.params);
      const page = await ok('grid/rows', { source: { kind: 'table', name: table }, offset: 0, limit: 10_000, filters: c.filters });
      assert.equal(page.total, expected.length, JSON.stringify(c.filters));
      assert.deepEqual(page.rows, expected.slice(0, 10_000), JSON.stringify(c.filters));
    }
    const uuid = String((await direct('SELECT MailId FROM Mails LIMIT 1'))[0].MailId);
    const one = await ok('grid/rows', { source: { kind: 'table', name: 'Mails' }, offset: 0, limit: 10, filters: [{ column: 'MailId', kind: 'text', op: 'equals', value: uuid.toUpperCase() }] });
    assert.equal(one.total, 1);
  });

  test('pages a SQL query as a subquery, its last statement only', async () => {
    const sql = '-- people per group\nSELECT FunctionType, count(*) AS n FROM PersonHistorical GROUP BY ALL ORDER BY n DESC, FunctionType -- trailing comment';
    const expected = await direct('SELECT FunctionType, count(*) AS n FROM PersonHistorical GROUP BY ALL ORDER BY n DESC, FunctionType');
    const page = await ok('grid/rows', { source: { kind: 'sql', sql }, offset: 1, limit: 2 });
    assert.equal(page.total, expected.length);
    assert.deepEqual(page.rows, expected.slice(1, 3));
    const sorted = await ok('grid/rows', { source: { kind: 'sql', sql }, offset: 0, limit: 100, sort: [{ column: 'FunctionType', direction: 'asc' }] });
    const expectedSorted = await direct(`SELECT * FROM (SELECT FunctionType, count(*) AS n FROM PersonHistorical GROUP BY ALL) ORDER BY FunctionType ASC NULLS LAST`);
    assert.deepEqual(sorted.rows, expectedSorted);
  });

  test('refuses unknown tables, columns and statements that are not queries', async () => {
    const bad: [ApiRequest<'grid/rows'>, string][] = [
      [{ source: { kind: 'table', name: 'Nope' }, offset: 0, limit: 10 }, 'grid/unknown-table'],
      [{ source: { kind: 'table', name: 'Mails' }, offset: 0, limit: 10, sort: [{ column: 'Nope', direction: 'asc' }] }, 'grid/unknown-column'],
      [{ source: { kind: 'table', name: 'Mails' }, offset: 0, limit: 10, filters: [{ column: 'Subject"; DROP TABLE Mails; --', kind: 'blank', blank: true }] }, 'grid/unknown-column'],
      [{ source: { kind: 'sql', sql: 'DROP TABLE Mails' }, offset: 0, limit: 10 }, 'grid/not-a-query'],
      [{ source: { kind: 'table', name: 'Mails' }, offset: -1, limit: 10 }, 'api/bad-request'],
      [{ source: { kind: 'table', name: 'Mails' }, offset: 0, limit: 1_000_000 }, 'api/bad-request'],
    ];
    for (const [req, code] of bad) {
      const r = await api.call('grid/rows', req);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.error.code, code, JSON.stringify(req));
    }
    assert.ok(Number((await direct('SELECT count(*) AS n FROM Mails'))[0].n) > 0, 'Mails is untouched');
  });
});

describe('queries whose row order is not fixed', () => {
  // 1.5M rows into 150k groups: DuckDB's parallel hash aggregate returns the groups in a different
  // order on each run, so pages made by running the query again would repeat and miss groups.
  const groups = 150_000;
  const sql = `SELECT k, count(*) AS n FROM grid_big GROUP BY k`;
  const keptTables = async () => (await direct(`SELECT table_name FROM duckdb_tables() WHERE schema_name = '${RESULTS_SCHEMA}'`)).map((r) => String(r.table_name));

  before(async () => {
    await ok('sql/run', { sql: `CREATE OR REPLACE TABLE grid_big AS SELECT (x * 7919) % ${groups} AS k, x FROM range(${groups * 10}) r(x)`, runId: 'make-big' });
  });

  test('the plan tells which queries keep their order', async () => {
    const c = await api.engine.pool.acquire();
    try {
      assert.equal(await orderIsStable(c, 'SELECT * FROM Mails WHERE NumberOfRecipients > 2 LIMIT 10'), true);
      assert.equal(await orderIsStable(c, 'FROM Mails'), true);
      for (const q of [sql, 'SELECT DISTINCT FunctionType FROM PersonHistorical', 'SELECT * FROM Mails ORDER BY NumberOfRecipients', 'SELECT m.MailId FROM Mails m JOIN MailParticipants p USING (MailId)', 'SELECT MailId, row_number() OVER (PARTITION BY ConversationId) FROM Mails']) {
        assert.equal(await orderIsStable(c, q), false, q);
      }
    } finally {
      api.engine.pool.release(c);
    }
  });

  test('sql/run and grid/rows page one run of a GROUP BY: every group exactly once', async () => {
    const run = await ok('sql/run', { sql, runId: 'group-by', limit: 100 });
    assert.equal(run.total, groups);
    const seen = run.rows.map((r) => Number(r.k));
    for (let offset = 100; offset < groups; offset += 10_000) {
      const page = await ok('grid/rows', { source: { kind: 'sql', sql }, offset, limit: 10_000 });
      assert.equal(page.total, groups);
      seen.push(...page.rows.map((r) => Number(r.k)));
    }
    assert.equal(seen.length, groups);
    assert.equal(new Set(seen).size, groups, 'no group twice, none missing');
    // The first page is the kept result's first rows, so page 2 follows it without a seam.
    const again = await ok('grid/rows', { source: { kind: 'sql', sql }, offset: 0, limit: 100 });
    assert.deepEqual(again.rows, run.rows);
  });

  test('sorting a kept result on a column full of ties never repeats a row across pages', async () => {
    const seen: number[] = [];
    for (let offset = 0; offset < groups; offset += 20_000) {
      const page = await ok('grid/rows', { source: { kind: 'sql', sql }, offset, limit: 10_000, sort: [{ column: 'n', direction: 'desc' }] });
      seen.push(...page.rows.map((r) => Number(r.k)));
      const next = await ok('grid/rows', { source: { kind: 'sql', sql }, offset: offset + 10_000, limit: 10_000, sort: [{ column: 'n', direction: 'desc' }] });
      seen.push(...next.rows.map((r) => Number(r.k)));
    }
    assert.equal(new Set(seen).size, groups);
  });

  test('a result is the latest run of its query, kept while tables change, never listed as a table', async () => {
    // Older results are dropped in the background once their replacement is complete: wait for
    // `n` tables (up to 10 s on a loaded machine), or without `n` until at most four stay put.
    const settled = async (n?: number) => {
      let last = -1;
      for (let quiet = 0, until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) {
        const now = (await keptTables()).length;
        if (now === n) return now;
        quiet = now === last ? quiet + 1 : 0;
        last = now;
        if (n === undefined && now <= 4 && quiet >= 10) return now;
      }
      return (await keptTables()).length;
    };
    // This test's own two results (two GROUP BYs), whatever ran before it: at most four are
    // kept, so the count is 2 to 4, and a new run of the same query replaces its older result.
    await ok('sql/run', { sql, runId: 'own-group-by' });
    await ok('sql/run', { sql: 'SELECT k % 1000 AS g, count(*) AS n FROM grid_big GROUP BY g', runId: 'own-second' });
    const n0 = await settled();
    assert.ok(n0 >= 2 && n0 <= 4, `kept results: ${n0}`);
    const before = await keptTables();
    await ok('sql/run', { sql, runId: 'group-by-again' });
    assert.equal(await settled(n0), n0, 'a new run replaces the older result of the same query');
    assert.notDeepEqual(await keptTables(), before);
    await ok('sql/run', { sql: 'SELECT * FROM Mails LIMIT 5', runId: 'plain' });
    assert.equal(await settled(n0), n0, 'a query that keeps its order is paged without a copy');
    const completions = await ok('sql/completions', {});
    assert.ok(!completions.tables.some((t) => /^r_[0-9a-f]+$/.test(t.name)), 'kept results are not offered as tables');

    // A script that changes a table, then groups it: its result is what it computed, and stays so.
    const script = `CREATE OR REPLACE TABLE grid_small AS SELECT x % 10 AS k FROM range(100) r(x);\nSELECT k, count(*) AS n FROM grid_small GROUP BY k`;
    const scripted = await ok('sql/run', { sql: script, runId: 'script' });
    assert.equal(scripted.total, 10);
    const n1 = Math.min(n0 + 1, 4); // one more result, up to the four kept
    assert.equal(await settled(n1), n1);
    await ok('sql/run', { sql: 'DROP TABLE grid_small', runId: 'drop' });
    const page = await ok('grid/rows', { source: { kind: 'sql', sql: script }, offset: 0, limit: 100 });
    assert.deepEqual(page.rows, scripted.rows, 'the grid still shows what the run returned');

    // Inside a transaction (rolled back after the run) nothing is kept; the grid keeps its own.
    const tx = `BEGIN;\nSELECT k % 1000 AS g, count(*) AS n FROM grid_big GROUP BY g`;
    assert.equal((await ok('sql/run', { sql: tx, runId: 'tx' })).total, 1000);
    assert.equal(await settled(n1), n1, 'nothing kept inside a transaction');
    const txPages = [0, 500].map((offset) => ok('grid/rows', { source: { kind: 'sql', sql: tx }, offset, limit: 500 }));
    const groupsSeen = (await Promise.all(txPages)).flatMap((p) => p.rows.map((r) => Number(r.g)));
    assert.equal(new Set(groupsSeen).size, 1000);

    // At most four results; the least recently read goes first.
    for (let m = 2; m <= 5; m++) await ok('sql/run', { sql: `SELECT k % ${m * 100} AS g, count(*) AS n FROM grid_big GROUP BY g`, runId: `lru-${m}` });
    assert.equal(await settled(4), 4);

    // Even the user dropping the schema does not stop the next result.
    await ok('sql/run', { sql: `DROP SCHEMA ${RESULTS_SCHEMA} CASCADE`, runId: 'drop-schema' });
    assert.equal((await ok('sql/run', { sql, runId: 'after-drop' })).total, groups);
  });
});

describe('sorted-order cache', () => {
  test('deep sorted pages from the cached order equal a direct ORDER BY', async () => {
    const pool = api.engine.pool;
    const grid = new GridService(pool, 1000);
    try {
      const req = { source: { kind: 'table' as const, name: 'MailParticipants' }, limit: 50, sort: [{ column: 'PersonTimeSpentInHours', direction: 'desc' as const }, { column: 'LocalSentTime', direction: 'asc' as const }], filters: [{ column: 'IsSender', kind: 'boolean' as const, value: false }] };
      const expected = await direct('SELECT * FROM MailParticipants WHERE NOT IsSender ORDER BY PersonTimeSpentInHours DESC NULLS LAST, LocalSentTime ASC NULLS LAST, rowid');
      const before = await grid.rows({ ...req, offset: 3000 });
      await grid.ordersSettled();
      const cached = await grid.rows({ ...req, offset: 3000 });
      assert.deepEqual(before.rows, expected.slice(3000, 3050));
      assert.deepEqual(cached.rows, expected.slice(3000, 3050));
      const tail = await grid.rows({ ...req, offset: expected.length - 10 });
      assert.deepEqual(tail.rows, expected.slice(-10));
      assert.equal(cached.total, expected.length);
      const uncached = new GridService(pool, Number.MAX_SAFE_INTEGER);
      assert.deepEqual((await uncached.rows({ ...req, offset: expected.length - 10 })).rows, expected.slice(-10));
      const cacheTables = await pool.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = 'grid_cache'`);
      assert.equal(cacheTables.rows[0].n, 1);
      await grid.invalidate();
      const afterClear = await pool.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = 'grid_cache'`);
      assert.equal(afterClear.rows[0].n, 0);
    } finally {
      await grid.invalidate();
    }
  });
});
