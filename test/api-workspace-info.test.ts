/**
 * 'workspace/info' never turns a failure into a number: a table that cannot be counted is shown as
 * unknown, with the reason, not as 0 rows.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiHarness, demoApiService } from './helpers/apiHarness.js';

const h = apiHarness();
demoApiService(h, 'wpa-api-info-');

test('a view whose table was dropped is listed with its rows unknown and why, not 0; the others keep their counts', async () => {
  // A view over a table that is then dropped: DuckDB keeps the view, and counting it fails.
  await h.direct('CREATE TABLE gone_later AS SELECT 1 AS x UNION ALL SELECT 2');
  await h.direct('CREATE VIEW broken_view AS SELECT * FROM gone_later');
  await h.direct('DROP TABLE gone_later');

  const info = await h.ok('workspace/info', {});
  const broken = info.tables.find((t) => t.name === 'broken_view');
  assert.ok(broken, 'the view is listed');
  assert.equal(broken.rows, null, 'not counted, so not a number');
  assert.match(broken.rowsUnknown ?? '', /gone_later/, 'the reason names what is missing');

  const mails = info.tables.find((t) => t.name === 'Mails');
  const [{ n }] = await h.direct('SELECT count(*) AS n FROM Mails');
  assert.equal(mails?.rows, Number(n));
  assert.equal(mails?.rowsUnknown, undefined);
});
