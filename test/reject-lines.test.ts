/**
 * Rejected rows name the physical line an editor shows, for any file size: a Mails.csv of more than
 * 300,000 lines with quoted multi-line subjects before the bad rows (DuckDB's own `line` counts
 * records, which drifts after each multi-line field). The oracle is where the test wrote each row.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { exportCopy } from './helpers/demoExport.js';
import { readCsv } from './helpers/csvFiles.js';
import { tempDir } from './helpers/tempDirs.js';

const LINES = 330_000;
const BAD_AT = [20_438, 321_045, 329_999];

describe('reject line numbers in a large file', () => {
  it('are physical lines past 300,000 and after quoted multi-line fields', { timeout: 180_000 }, async () => {
    const dir = await exportCopy();
    const mails = readCsv(join(dir, 'Mails.csv'));
    const subject = mails.header.indexOf('Subject');
    const sent = mails.header.indexOf('SentTime');
    const out = createWriteStream(join(dir, 'Mails.csv'));
    out.write(`${mails.header.join(',')}\n`);
    let line = 2;
    let multiLine = 0;
    const badLines: number[] = [];
    for (let i = 0; line <= LINES; i++) {
      const row = [...mails.rows[i % mails.rows.length]];
      row[0] = `m-${i}`;
      let text: string;
      if (BAD_AT.includes(line)) {
        row[sent] = 'not a date';
        badLines.push(line);
        text = row.join(',');
      } else if (i % 5_000 === 17 && line + 2 < Math.min(...BAD_AT.filter((b) => b > line), Infinity)) {
        row[subject] = '"Quarterly plan\nsecond line, with a comma\nthird"';
        multiLine++;
        text = row.join(',');
      } else text = row.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
      line += text.split('\n').length;
      if (!out.write(`${text}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    assert.deepEqual(badLines, BAD_AT, 'the bad rows sit where planned');
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
});
