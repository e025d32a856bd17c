/**
 * Requests are checked against a runtime schema once, where calls enter the backend: a malformed
 * request to any call is answered `api/bad-request` naming the field and the expected type, before
 * any handler runs; well-formed requests reach their handlers as before.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API_NAMES, type ApiName, type ApiRequest } from '../shared/api/contract.js';
import { REQUEST_SCHEMAS, requestProblem } from '../shared/api/requestSchemas.js';
import { apiHarness, demoApiService } from './helpers/apiHarness.js';

/** A malformed request to each call, and the field the answer must name. */
const MALFORMED: { [N in ApiName]: [unknown, string] } = {
  'workspace/info': [{ verbose: true }, 'verbose'],
  'workspace/setMinGroupSize': [{ minGroupSize: '5' }, 'minGroupSize'],
  'datasets/rejects': [{ offset: 0, limit: 0 }, 'limit'],
  'grid/rows': [{ source: { kind: 'tabel', name: 'Mails' }, offset: 0, limit: 10 }, 'source.kind'],
  'sql/run': [{ sql: 42, runId: 'r1' }, 'sql'],
  'sql/cancel': [{}, 'runId'],
  'sql/completions': [{ tables: true }, 'tables'],
  'export/start': [{ source: { kind: 'table', name: 'Mails' }, format: 'pdf' }, 'format'],
  'export/personQuery': [{ format: 'xlsx' }, 'format'],
  'analyses/list': [{ id: 'x' }, 'id'],
  'analyses/run': [{ id: 'thread-length', params: { by: ['FunctionType'] } }, 'params.by'],
  'connect/check': [{ sasUri: 5 }, 'sasUri'],
  'connect/inventory': [{ connectionId: 7 }, 'connectionId'],
  'connect/sync': [{ connectionId: '' }, 'connectionId'],
  'connect/recent': [{ all: 1 }, 'all'],
  'jobs/list': [{ running: true }, 'running'],
  'jobs/cancel': [{ jobId: null }, 'jobId'],
  'datasets/preview': [{ path: '/tmp/x.csv', options: { headerRow: -1 } }, 'options.headerRow'],
  'datasets/import': [{ path: '/tmp/x.csv' }, 'name'],
  'datasets/list': [{ name: 'x' }, 'name'],
  'datasets/remove': [{ name: 'sales', withJoins: 'yes' }, 'withJoins'],
  'joins/preview': [{ dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID', hash: { salt: 's' } }, 'hash.keepDomain'],
  'joins/save': [{ dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID', columns: ['Region', 3] }, 'columns[1]'],
  'joins/list': [{ dataset: 'x' }, 'dataset'],
  'joins/remove': [{}, 'name'],
  'audit/run': [{ attributes: [['Organization'], []] }, 'attributes[1]'],
  'audit/last': [{ all: true }, 'all'],
  'workspaces/list': [{ name: 'x' }, 'name'],
  'workspaces/create': [{ name: 3 }, 'name'],
  'workspaces/open': [{ id: '' }, 'id'],
  'workspaces/rename': [{ id: 'ws-1' }, 'name'],
  'workspaces/remove': [{ id: 'ws-1', confirm: 'yes' }, 'confirm'],
};

/** A well-formed request to each call (typed by the contract). Some fail later, in their handler. */
const WELL_FORMED: { [N in ApiName]: ApiRequest<N> } = {
  'workspace/info': {},
  'workspace/setMinGroupSize': { minGroupSize: 5 },
  'datasets/rejects': { offset: 0, limit: 10 },
  'grid/rows': {
    source: { kind: 'table', name: 'Mails' },
    offset: 0,
    limit: 10,
    sort: [{ column: 'Subject', direction: 'desc' }],
    filters: [
      { column: 'NumberOfRecipients', kind: 'range', from: 1 },
      { column: 'Subject', kind: 'text', op: 'contains', value: 'e' },
    ],
  },
  'sql/run': { sql: 'SELECT 1 AS one', runId: 'schema-good' },
  'sql/cancel': { runId: 'not-running' },
  'sql/completions': {},
  'export/start': { source: { kind: 'sql', sql: 'SELECT 1 AS one' }, format: 'csv', keepFormulas: false },
  'export/personQuery': { format: 'csv', attended: 'not_declined' },
  'analyses/list': {},
  'analyses/run': { id: 'thread-length', params: { by: 'FunctionType', from: null }, minGroupSize: 5 },
  'connect/check': { sasUri: 'not a sas uri' },
  'connect/inventory': { connectionId: 'no-such-connection' },
  'connect/sync': { connectionId: 'no-such-connection' },
  'connect/recent': {},
  'jobs/list': {},
  'jobs/cancel': { jobId: 'no-such-job' },
  'datasets/preview': { path: '/no/such/file.csv', options: { headerRow: 1, types: { Region: 'text' } } },
  'datasets/import': { path: '/no/such/file.csv', name: 'nothing' },
  'datasets/list': {},
  'datasets/remove': { name: 'no_such_dataset' },
  'joins/preview': { dataset: 'no_such_dataset', datasetKey: 'Key_ID', exportKey: 'Key_ID', hash: { salt: '', keepDomain: true }, asOf: { start: 'From' } },
  'joins/save': { dataset: 'no_such_dataset', datasetKey: 'Key_ID', exportKey: 'Key_ID', columns: ['Region'] },
  'joins/list': {},
  'joins/remove': { name: 'no_such_join' },
  'audit/run': { attributes: [['FunctionType']], minGroupSize: 5 },
  'audit/last': {},
  'workspaces/list': {},
  'workspaces/create': { name: 'Client A' },
  'workspaces/open': { id: 'no-such-workspace' },
  'workspaces/rename': { id: 'no-such-workspace', name: 'Client B' },
  'workspaces/remove': { id: 'no-such-workspace' },
};

const h = apiHarness();
const service = demoApiService(h, 'wpa-api-schema-');

test('every call of the contract has a request schema, and it refuses what is not an object', () => {
  assert.deepEqual(Object.keys(REQUEST_SCHEMAS).sort(), [...API_NAMES].sort());
  for (const name of API_NAMES) {
    for (const notAnObject of [42, 'text', [], true]) {
      const p = requestProblem(name, notAnObject);
      assert.ok(p, `${name} accepted ${JSON.stringify(notAnObject)}`);
      assert.equal(p.field, '');
    }
  }
});

describe('a malformed request is refused at the boundary, naming the field and the expected type', () => {
  for (const name of API_NAMES) {
    test(name, async () => {
      const [request, field] = MALFORMED[name];
      const r = await service().callByName(name, request);
      assert.equal(r.ok, false, `${name} accepted ${JSON.stringify(request)}`);
      if (r.ok) return;
      assert.equal(r.error.code, 'api/bad-request', JSON.stringify(r.error));
      assert.equal(r.error.where?.field, field);
      assert.ok(r.error.message.includes(`${field} must be `), r.error.message);
      assert.ok(r.error.message.includes(name), r.error.message);
    });
  }
});

test('the messages say what was expected and what came', async () => {
  const r = await service().callByName('grid/rows', { source: { kind: 'table', name: 'Mails' }, offset: 0, limit: 10, filters: [{ column: 'NumberOfRecipients', kind: 'number', op: 'eq', value: '3' }] });
  assert.ok(!r.ok);
  assert.equal(r.error.where?.field, 'filters[0].value');
  assert.match(r.error.message, /filters\[0\]\.value must be a number, got "3"/);
  const limit = await service().callByName('sql/run', { sql: 'SELECT 1', runId: 'r', limit: 10_001 });
  assert.ok(!limit.ok);
  assert.match(limit.error.message, /limit must be a whole number from 1 to 10000, got number 10001/);
  const whole = await service().callByName('sql/run', 'SELECT 1');
  assert.ok(!whole.ok);
  assert.equal(whole.error.code, 'api/bad-request');
  assert.match(whole.error.message, /request to sql\/run must be an object, got "SELECT 1"/);
});

test('no handler runs for a malformed request: a statement with a bad limit changes nothing', async () => {
  const r = await service().callByName('sql/run', { sql: 'CREATE TABLE made_by_bad_request AS SELECT 1 AS x', runId: 'bad-limit', limit: 0 });
  assert.equal(!r.ok && r.error.code, 'api/bad-request');
  const tables = await h.direct("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'made_by_bad_request'");
  assert.equal(Number(tables[0].n), 0);
});

describe('well-formed requests reach their handlers', () => {
  for (const name of API_NAMES) {
    test(name, async () => {
      const request = WELL_FORMED[name];
      assert.equal(requestProblem(name, request), undefined);
      const r = await service().callByName(name, request);
      // Some are refused by their handler (no such dataset, not a SAS URI): never by the boundary.
      if (!r.ok) assert.notEqual(r.error.code, 'api/bad-request', JSON.stringify(r.error));
    });
  }
  test('the answers are the handlers\' own', async () => {
    const page = await h.ok('grid/rows', WELL_FORMED['grid/rows']);
    assert.ok(page.rows.length > 0 && page.rows.length <= 10);
    assert.ok(page.rows.every((row) => Number(row.NumberOfRecipients) >= 1));
    const one = await h.ok('sql/run', { sql: 'SELECT 41 + 1 AS n', runId: 'answer' });
    assert.deepEqual(one.rows, [{ n: 42 }]);
    assert.equal((await h.fails('connect/check', WELL_FORMED['connect/check'])).code, 'sas/not-a-url');
  });
});
