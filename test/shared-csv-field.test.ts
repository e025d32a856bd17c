/**
 * One CSV quoting rule for every CSV the app writes: the shared csvField, and no second copy of it
 * anywhere in the sources (a copy drifts: one place quoting a line break and another not).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { csvField } from '../shared/format/csvField.js';
import { toCsv } from '../renderer/src/lib/csv.js';
import { renderRows } from '../electron/cli/format.js';
import { csvRow } from '../electron/backend/demo/csvWriter.js';

test('csvField quotes a comma, a quote or a line break, and nothing else', () => {
  assert.equal(csvField('plain text'), 'plain text');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\r'), '"cr\r"');
  assert.equal(csvField(''), '');
  assert.equal(csvField("it's; fine\t"), "it's; fine\t");
});

test('the writers quote alike', () => {
  const awkward = 'R&D, "core"\nteam';
  const quoted = csvField(awkward);
  assert.equal(toCsv(['x'], [[awkward]]), `x\r\n${quoted}\r\n`);
  assert.equal(renderRows([{ name: 'x', type: 'VARCHAR' }], [{ x: awkward }], 'csv'), `x\n${quoted}\n`);
  assert.equal(csvRow([awkward, 1, true, null]), `${quoted},1,True,`);
});

test('no source file has its own copy of the CSV quoting rule', () => {
  const root = join(import.meta.dirname, '..');
  const copies: string[] = [];
  for (const dir of ['electron', 'shared', 'renderer/src']) {
    (function walk(d: string) {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name) && /\[",\\r\\n\]/.test(readFileSync(p, 'utf8'))) copies.push(relative(root, p));
      }
    })(join(root, dir));
  }
  assert.deepEqual(copies, ['shared/format/csvField.ts']);
});
