/**
 * Rejected rows name the physical line an editor shows, for any file size: a Mails.csv of more than
 * 300,000 lines with quoted multi-line subjects before the bad rows (DuckDB's own `line` counts
 * records, which drifts after each multi-line field). The oracle is where the test wrote each row.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { exportCopy } from './helpers/demoExport.js';
import { readCsv } from './helpers/csvFiles.js';
import { tempDir } from './helpers/tempDirs.js';

const LINES = 330_000;
const BAD_AT = [20_438, 321_045, 329_999];

type Plant = 'bad-date' | 'unterminated-quote';

/**
 * Rewrite the copy's Mails.csv to `lines` physical lines: quoted three-line subjects every 5,000 rows
 * (never right before a planted row), and each planted line holding its fault. Returns the lines
 * where the planted rows start, as written.
 */
async function writeMails(dir: string, lines: number, plants: Map<number, Plant>): Promise<{ planted: number[]; multiLine: number }> {
  const mails = readCsv(join(dir, 'Mails.csv'));
  const subject = mails.header.indexOf('Subject');
  const sent = mails.header.indexOf('SentTime');
  const out = createWriteStream(join(dir, 'Mails.csv'));
  out.write(`${mails.header.join(',')}\n`);
  let line = 2;
  let multiLine = 0;
  const planted: number[] = [];
  const at = [...plants.keys()];
  for (let i = 0; line <= lines; i++) {
    const row = [...mails.rows[i % mails.rows.length]];
    row[0] = `m-${i}`;
    const quoted = () => row.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
    let text: string;
    const plant = plants.get(line);
    if (plant === 'bad-date') {
      row[sent] = 'not a date';
      planted.push(line);
      text = quoted();
    } else if (plant === 'unterminated-quote') {
      // A quote opened and never closed: the rest of the file reads as one field.
      row[subject] = '"Budget, draft';
      planted.push(line);
      text = row.join(',');
    } else if (i % 5_000 === 17 && line + 2 < Math.min(...at.filter((b) => b > line), Infinity)) {
      row[subject] = '"Quarterly plan\nsecond line, with a comma\nthird"';
      multiLine++;
      text = row.join(',');
    } else text = quoted();
    line += text.split('\n').length;
    if (!out.write(`${text}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return { planted, multiLine };
}

describe('reject line numbers in a large file', () => {
  it('are physical lines past 300,000 and after quoted multi-line fields', { timeout: 180_000 }, async () => {
    const dir = await exportCopy();
    const { planted, multiLine } = await writeMails(dir, LINES, new Map(BAD_AT.map((l) => [l, 'bad-date'])));
    assert.deepEqual(planted, BAD_AT, 'the bad rows sit where planned');
    assert.ok(multiLine > 50, `${multiLine} multi-line fields before them`);
    // The oracle, read back from the file: the physical lines holding the bad rows.
    const physical = readFileSync(join(dir, 'Mails.csv'), 'utf8').split('\n');
    assert.deepEqual(BAD_AT.map((l) => physical[l - 1].includes('not a date')), [true, true, true]);

    const ws = await Workspace.open(tempDir(), { create: true });
    try {
      const s = await ingestExport(ws, { sourceDir: dir });
      const lines = s.rejects.filter((r) => r.table === 'Mails').map((r) => r.line);
      assert.deepEqual(lines, BAD_AT);
    } finally {
      ws.close();
    }
  });

  it('name the physical line of an unterminated quote after multi-line fields, and of the bad rows before it', { timeout: 180_000 }, async () => {
    const dir = await exportCopy();
    const total = 310_000;
    const plants = new Map<number, Plant>([
      [301_234, 'bad-date'],
      [309_990, 'unterminated-quote'],
    ]);
    const { planted, multiLine } = await writeMails(dir, total, plants);
    assert.deepEqual(planted, [...plants.keys()]);
    assert.ok(multiLine > 50, `${multiLine} multi-line fields before them`);
    const physical = readFileSync(join(dir, 'Mails.csv'), 'utf8').split('\n');
    assert.ok(physical[309_990 - 1].includes('"Budget, draft'), 'the oracle: the quote opens on the planted line');

    const ws = await Workspace.open(tempDir(), { create: true });
    try {
      const s = await ingestExport(ws, { sourceDir: dir });
      const rejects = s.rejects.filter((r) => r.table === 'Mails');
      assert.deepEqual(
        rejects.map((r) => r.line),
        [301_234, 309_990],
        rejects.map((r) => `${r.line}: ${r.reason}`).join('\n'),
      );
      assert.ok(!rejects[1].csvLine.startsWith('\n'), 'the row shown starts with the row, not a newline');
    } finally {
      ws.close();
    }
  });
});

describe('reject line numbers around blank lines and CRLF', () => {
  it('name the physical line and show the row without the blank lines before it', async () => {
    const dir = await exportCopy();
    const mails = readCsv(join(dir, 'Mails.csv'));
    const sent = mails.header.indexOf('SentTime');
    const quoted = (row: string[]) => row.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
    const bad = [...mails.rows[1]];
    bad[sent] = 'not a date';
    // Line 1 header, 2 a row, 3 and 4 blank, 5 the bad row; CRLF line ends throughout.
    const lines = [mails.header.join(','), quoted(mails.rows[0]), '', '', quoted(bad), ...mails.rows.slice(2).map(quoted)];
    writeFileSync(join(dir, 'Mails.csv'), lines.join('\r\n') + '\r\n');
    const ws = await Workspace.open(tempDir(), { create: true });
    try {
      const s = await ingestExport(ws, { sourceDir: dir });
      const rejects = s.rejects.filter((r) => r.table === 'Mails');
      assert.deepEqual(rejects.map((r) => r.line), [5]);
      assert.equal(rejects[0].csvLine, quoted(bad));
    } finally {
      ws.close();
    }
  });
});
