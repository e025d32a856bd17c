/**
 * A group big enough to be shown whose every cell (hour, week…) the guard leaves out is in no row
 * of the result: a new user's walk saw it drop out of the working-pattern heatmap unmarked. The
 * suppression note names it (real DuckDB, hand-made units).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../electron/backend/engine/engine.js';
import { runGuarded } from '../electron/backend/analyses/runGuarded.js';
import type { GuardSpec } from '../shared/privacy.js';

let db: Engine;
before(async () => {
  db = await Engine.open(':memory:');
  // A: 6 people, all at 9 and at 10. B: 6 people, one at each of hours 0–5 (every cell 1 person).
  // C: 7 people at 9 only.
  const units = [
    ...[0, 1, 2, 3, 4, 5].flatMap((p) => [9, 10].map((h) => `('A', ${p}, ${h}, 1.0)`)),
    ...[0, 1, 2, 3, 4, 5].map((i) => `('B', ${10 + i}, ${i}, 0.5)`),
    ...[0, 1, 2, 3, 4, 5, 6].map((i) => `('C', ${20 + i}, 9, 2.0)`),
  ];
  await db.run(`CREATE TABLE slots AS SELECT * FROM (VALUES ${units.join(', ')}) t(grp, person, hour, h)`);
});
after(() => db?.closeSync());

const spec = (where = 'true'): GuardSpec => ({ unitsSql: `SELECT * FROM slots WHERE ${where}`, aggregates: [{ name: 'hours', sql: 'sum(h)' }], dimensions: ['hour'], orderBy: 'grp, hour' });

test('a shown group whose every hour is left out is named in the note; the rows hold only the others', async () => {
  const r = await runGuarded(db, spec(), 5, 'merge');
  assert.deepEqual([...new Set(r.rows.map((x) => x.grp))], ['A', 'C']);
  assert.equal(r.suppression.groupsBelow, 0, 'B has 6 people: big enough as a group');
  assert.equal(r.suppression.cellsSuppressed, 6);
  assert.deepEqual(r.suppression.rowsAllCellsHidden, ['B']);
  assert.match(r.suppression.note, /6 further rows with fewer than 5 people left out\. Left out entirely, so in neither the table nor the chart: "B" \(every row of it is among those left out\)\./);
});

test('no group with every row left out: nothing named', async () => {
  const r = await runGuarded(db, spec("grp <> 'B'"), 5, 'merge');
  assert.deepEqual(r.suppression.rowsAllCellsHidden, []);
  assert.doesNotMatch(r.suppression.note, /neither the table nor the chart/);
});
