/**
 * A field too long for a row, in an export table and in a user's file: rejected or refused by file,
 * line and column — never dropped in silence. DuckDB drops an unquoted line longer than its 32 MB
 * read buffer with no reject (and names the wrong line for a quoted one), so the 40 MB cases cross
 * that buffer; one test runs the real 200 MB field end to end.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { importDataset } from '../electron/backend/datasets/importDataset.js';
import { AppError } from '../shared/errors.js';
import { exportCopy } from './helpers/demoExport.js';
import { tempDir } from './helpers/tempDirs.js';

const MB = 1 << 20;

/**
 * Rewrite `path` with a line whose field `column` is `mb` MiB long inserted as data line `dataLine`
 * (1-based after the header), written in pieces so the test never holds the field as one string.
 * Returns the physical line the long row is on.
 */
function insertLongRow(path: string, dataLine: number, column: number, mb: number, quoted: boolean): number {
  const lines = readFileSync(path, 'utf8').replace(/\n$/, '').split('\n');
  const template = lines[dataLine].split(',');
  assert.equal(template.length, lines[0].split(',').length, 'the template row has no quoted commas');
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, lines.slice(0, dataLine).join('\n') + '\n');
    writeSync(fd, template.slice(0, column).map((v) => `${v},`).join('') + (quoted ? '"' : ''));
    const piece = Buffer.alloc(MB, 'x');
    for (let i = 0; i < mb; i++) writeSync(fd, piece);
    writeSync(fd, (quoted ? '"' : '') + template.slice(column + 1).map((v) => `,${v}`).join('') + '\n');
    writeSync(fd, lines.slice(dataLine).join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return dataLine + 1;
}

async function ingest(sourceDir: string) {
  const ws = await Workspace.open(tempDir(), { create: true });
  try {
    return await ingestExport(ws, { sourceDir });
  } finally {
    await ws.settled(); // the validation report, computed after the commit
    ws.close();
  }
}

function headerOf(path: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    return buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8').split('\n')[0].split(',');
  } finally {
    closeSync(fd);
  }
}

describe('a field longer than a row may be', () => {
  it('in an export table: 3 MB quoted and 40 MB unquoted fields become rejects naming file, line and column; every other row loads', async () => {
    const dir = await exportCopy();
    const file = join(dir, 'Mails.csv');
    const dataRows = readFileSync(file, 'utf8').trimEnd().split('\n').length - 1;
    const subject = headerOf(file).indexOf('Subject');
    assert.ok(subject > 0);
    // Later insert first, so the earlier one's line number is the one the file ends with.
    insertLongRow(file, 20, subject, 40, false);
    const lineQuoted = insertLongRow(file, 5, subject, 3, true);
    const lineUnquoted = 20 + 2; // pushed down one line by the earlier insert
    const s = await ingest(dir);
    const mails = s.tables.find((t) => t.table === 'Mails')!;
    assert.equal(mails.rows, dataRows, 'every ordinary row is loaded');
    assert.equal(mails.rejected, 2, 'both long rows are counted as rejected');
    const rejects = s.rejects.filter((r) => r.table === 'Mails').sort((a, b) => a.line - b.line);
    assert.deepEqual(
      rejects.map((r) => [r.line, r.column, r.errorType]),
      [
        [lineQuoted, 'Subject', 'LINE SIZE OVER MAXIMUM'],
        [lineUnquoted, 'Subject', 'LINE SIZE OVER MAXIMUM'],
      ],
    );
    assert.match(rejects[1].file, /Mails\.csv$/);
    assert.match(rejects[1].reason, /41,943,\d{3} bytes long, over the 2,000,000/);
    assert.ok((await s.report).issues.some((i) => /Mails: 2 rows could not be read/.test(i)), (await s.report).issues.join('\n'));
  });

  it('the real 200 MB field in PersonHistorical is a reject with its line, within 30 s', { timeout: 60_000 }, async () => {
    const dir = await exportCopy();
    const file = join(dir, 'PersonHistorical.csv');
    const dataRows = readFileSync(file, 'utf8').trimEnd().split('\n').length - 1;
    const header = headerOf(file);
    const column = header.indexOf('FunctionType');
    assert.ok(column > 0);
    const line = insertLongRow(file, 7, column, 200, false);
    const started = performance.now();
    const s = await ingest(dir);
    const seconds = (performance.now() - started) / 1000;
    const ph = s.tables.find((t) => t.table === 'PersonHistorical')!;
    assert.equal(ph.rows, dataRows);
    assert.equal(ph.rejected, 1);
    const r = s.rejects.find((x) => x.table === 'PersonHistorical')!;
    assert.deepEqual([r.line, r.column], [line, 'FunctionType']);
    assert.ok(seconds < 30, `ingest took ${seconds.toFixed(1)} s`);
  });

  it('in a user file: the import is refused up front naming the file, line and column', async () => {
    const ws = await Workspace.open(tempDir(), { create: true });
    try {
      const dir = tempDir();
      const file = join(dir, 'hr.csv');
      const rows = ['PersonId,Region,Note', ...Array.from({ length: 30 }, (_, i) => `p${i},r${i % 3},n${i}`)];
      const fd = openSync(file, 'w');
      writeSync(fd, rows.join('\n') + '\n');
      closeSync(fd);
      const line = insertLongRow(file, 12, 1, 40, false);
      await assert.rejects(importDataset(ws, file, { name: 'hr' }), (e: unknown) => {
        assert.ok(e instanceof AppError, String(e));
        assert.equal(e.code, 'import/line-too-long');
        assert.match(e.message, new RegExp(`hr\\.csv: line ${line} is 41,943,\\d{3} bytes long`));
        assert.match(e.message, /column "Region"/);
        assert.deepEqual([e.where?.line, e.where?.column], [line, 'Region']);
        return true;
      });
    } finally {
      ws.close();
    }
  });
});
