/**
 * `analyze --format csv|table`: a value the privacy guard hid is written as the app's mark
 * ("hidden"), not blank like "no value", and a note says what it means (on stderr for CSV, so
 * stdout stays the table a script reads). JSON keeps null.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { runCli } from '../electron/cli/main.js';
import { HIDDEN_CSV_MARK } from '../shared/analyses/hiddenMark.js';
import { parseCsv } from './helpers/parseCsv.js';
import { smallExport, type SmallExport } from './helpers/smallExport.js';

let fx: SmallExport;
before(async () => {
  fx = await smallExport({ people: 60, weeks: 2, seed: 9 });
  fx.ws.close();
});
after(async () => fx?.cleanup());

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) => new Writable({ write: (chunk, _enc, cb) => (f(String(chunk)), cb()) });
  const code = await runCli(argv, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

test('hidden values are marked in CSV and table output, with a note; JSON keeps null', async () => {
  const args = ['analyze', 'working-pattern', '--workspace', fx.ws.dir, '--view', 'weekday'];
  const json = await cli(...args, '--format', 'json');
  assert.equal(json.code, 0, json.err);
  const rows = (JSON.parse(json.out) as { rows: Record<string, unknown>[] }).rows;
  const hiddenAt = rows.map((r) => r.active_people === null);
  assert.ok(hiddenAt.some(Boolean), 'the fixture has hidden active-people counts');

  const csv = await cli(...args, '--format', 'csv');
  assert.equal(csv.code, 0, csv.err);
  const [head, ...body] = parseCsv(csv.out).filter((r) => r.length > 1);
  const col = head.indexOf('active_people');
  assert.deepEqual(
    body.map((r) => r[col] === HIDDEN_CSV_MARK),
    hiddenAt,
    'the mark exactly where the guard hid the count',
  );
  assert.ok(!body.some((r) => r[col] === ''), 'none left blank');
  assert.match(csv.err, /Note: "hidden" = Hidden to protect privacy: .*minimum group size of 5\. An empty cell means no value/);
  assert.doesNotMatch(csv.out, /Note:/);

  const table = await cli(...args, '--format', 'table');
  assert.match(table.out, / hidden /);
  assert.match(table.out, /Note: "hidden" = Hidden to protect privacy/);
});
