/**
 * Importing users' files as datasets: CSV (delimiters, header rows, encodings, gzip), XLSX (sheets,
 * dates, formulas), Parquet; types checked over the whole file; type overrides; clear errors naming
 * file, line and column; and a failed import leaving the previous dataset untouched.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { literal } from '../electron/backend/engine/database.js';
import { Engine } from '../electron/backend/engine/engine.js';
import { importDataset, listDatasets, previewImport, removeDataset } from '../electron/backend/datasets/importDataset.js';
import { isAppError, type AppErrorData } from '../shared/errors.js';
import { runCli } from '../electron/cli/main.js';
import { captureIO } from './helpers/captureIO.js';

let root = '';
let ws: Workspace;
const file = (name: string) => join(root, name);



before(async () => {
  root = await mkdtemp(join(tmpdir(), 'wpa-import-'));
  ws = await Workspace.open(join(root, 'ws'), { create: true });
});

after(async () => {
  ws?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

async function rows(sql: string) {
  return (await (await ws.engine()).query(sql)).rows;
}

async function appError(p: Promise<unknown>): Promise<AppErrorData> {
  try {
    await p;
  } catch (e) {
    assert.ok(isAppError(e), `expected an AppError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the import to fail');
}

test('CSV: delimiter detected, preamble skipped with the header row, quoted fields kept, types checked over the whole file', async () => {
  // 30,000 rows of "5" then "2.5": a 20,480-row sniffer would read integers and round 2.5 to 3.
  const lines = ['Exported from HR on 2024-05-01;;;;;', 'EmployeeCode;Score;Active;Joined;Note;LastSeen'];
  for (let i = 0; i < 30_000; i++) lines.push(`${String(i).padStart(6, '0')};5;True;${(i % 28) + 1}/03/2024;plain;2024-03-04T10:00:00`);
  lines.push('999999;2.5;False;31/12/2023;"two; lines\nof ""text""";2024-03-05 11:30:00');
  await writeFile(file('scores.csv'), lines.join('\r\n') + '\r\n');

  const preview = await previewImport(ws, file('scores.csv'), { headerRow: 2, previewRows: 3 });
  assert.equal(preview.delimiter, ';');
  assert.equal(preview.rows, 30_001);
  assert.deepEqual(
    preview.columns.map((c) => [c.name, c.type, c.format ?? '']),
    [
      ['EmployeeCode', 'VARCHAR', ''],
      ['Score', 'DOUBLE', ''],
      ['Active', 'BOOLEAN', ''],
      ['Joined', 'DATE', '%d/%m/%Y'],
      ['Note', 'VARCHAR', ''],
      ['LastSeen', 'TIMESTAMP', ''],
    ],
  );
  assert.equal(preview.sample.length, 3);
  assert.deepEqual(preview.sample[0], { EmployeeCode: '000000', Score: 5, Active: true, Joined: '2024-03-01', Note: 'plain', LastSeen: '2024-03-04 10:00:00' });
  assert.equal((await rows(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '%staging%'`))[0].n, 0, 'a preview leaves nothing behind');

  const r = await importDataset(ws, file('scores.csv'), { name: 'scores', headerRow: 2 });
  assert.equal(r.dataset.table, 'scores');
  const last = await rows(`SELECT * FROM scores WHERE EmployeeCode = '999999'`);
  assert.deepEqual(last[0], { EmployeeCode: '999999', Score: 2.5, Active: false, Joined: '2023-12-31', Note: 'two; lines\nof "text"', LastSeen: '2024-03-05 11:30:00' });
  assert.equal((await rows('SELECT sum(Score) AS s FROM scores'))[0].s, 150_002.5);
});

test('CSV: ambiguous dates are read month-first with a note; a type override reads them day-first', async () => {
  await writeFile(file('dates.csv'), 'Key,When,Code\na,03/04/2024,10\nb,05/06/2024,20\n');
  const auto = await previewImport(ws, file('dates.csv'), {});
  assert.equal(auto.columns[1].format, '%m/%d/%Y');
  assert.ok(auto.notes.some((n) => /When: .*month-first/.test(n)), auto.notes.join(' | '));
  const chosen = await importDataset(ws, file('dates.csv'), { name: 'dates', types: { when: 'date:%d/%m/%Y', Code: 'text' } });
  assert.deepEqual(chosen.columns.map((c) => [c.name, c.type, c.overridden ?? false, c.detected]), [
    ['Key', 'VARCHAR', false, 'VARCHAR'],
    ['When', 'DATE', true, 'DATE (%m/%d/%Y)'],
    ['Code', 'VARCHAR', true, 'BIGINT'],
  ]);
  assert.deepEqual(await rows('SELECT "When", Code FROM dates ORDER BY Key'), [
    { When: '2024-04-03', Code: '10' },
    { When: '2024-06-05', Code: '20' },
  ]);
});

test('integers too large for BIGINT and codes with leading zeros stay text; any strptime format can be chosen', async () => {
  await writeFile(file('codes.csv'), 'Big,Code,Small,Day\n12345678901234567890,007,1,05 Jan 2024\n2,010,-3,29 Feb 2024\n');
  const p = await previewImport(ws, file('codes.csv'), { types: { Day: 'date:%d %b %Y' } });
  assert.deepEqual(p.columns.map((c) => [c.name, c.type]), [['Big', 'VARCHAR'], ['Code', 'VARCHAR'], ['Small', 'BIGINT'], ['Day', 'DATE']]);
  assert.deepEqual(p.sample[0], { Big: '12345678901234567890', Code: '007', Small: 1, Day: '2024-01-05' });
  assert.equal(p.sample[1].Day, '2024-02-29');
});

test('a type override that does not fit names the column, the line and the value', async () => {
  await writeFile(file('badtype.csv'), 'Key,Amount\na,1\nb,2\nc,n/a\nd,4\n');
  const e = await appError(importDataset(ws, file('badtype.csv'), { name: 'badtype', types: { Amount: 'integer' } }));
  assert.equal(e.code, 'import/type-mismatch');
  assert.equal(e.where?.line, 4);
  assert.equal(e.where?.column, 'Amount');
  assert.match(e.message, /line 4 holds "n\/a"/);
  const bad = await appError(importDataset(ws, file('badtype.csv'), { name: 'badtype', types: { Amount: 'money' } }));
  assert.equal(bad.code, 'import/bad-type');
  const missing = await appError(importDataset(ws, file('badtype.csv'), { name: 'badtype', types: { Nope: 'text' } }));
  assert.equal(missing.code, 'import/unknown-column');
});

test('encodings: Windows-1252 detected (also after a long UTF-8-clean head), chosen explicitly, refused as UTF-8; UTF-16 with BOM', async () => {
  const latin = Buffer.concat([Buffer.from('Name,City\n', 'latin1'), Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x2c, 0x4d, 0x80, 0x6c, 0x61, 0x67, 0x61, 0x0a])]);
  await writeFile(file('latin.csv'), latin);
  const auto = await importDataset(ws, file('latin.csv'), { name: 'latin' });
  assert.equal(auto.encoding, 'windows-1252');
  assert.deepEqual(await rows('SELECT * FROM latin'), [{ Name: 'José', City: 'M€laga' }]);
  const explicit = await previewImport(ws, file('latin.csv'), { encoding: 'latin1' });
  assert.deepEqual(explicit.sample, [{ Name: 'José', City: 'M€laga' }]);
  const refused = await appError(previewImport(ws, file('latin.csv'), { encoding: 'utf-8' }));
  assert.equal(refused.code, 'import/bad-encoding');
  assert.equal(refused.where?.line, 2);

  // The first 256 KiB are plain ASCII; the Latin-1 byte comes later and is found by the full read.
  const head = Array.from({ length: 12_000 }, (_, i) => `row${i},plain text`).join('\n');
  await writeFile(file('late.csv'), Buffer.concat([Buffer.from(`Id,Text\n${head}\n`), Buffer.from([0x5a, 0x6f, 0xeb, 0x2c, 0x78, 0x0a])]));
  const late = await previewImport(ws, file('late.csv'), {});
  assert.equal(late.encoding, 'windows-1252');
  assert.ok(late.notes.some((n) => n.includes('Line 12002')), late.notes.join(' | '));
  assert.equal(late.rows, 12_001);

  await writeFile(file('utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tScore\nZoë\t7\n', 'utf16le')]));
  const utf16 = await importDataset(ws, file('utf16.csv'), { name: 'utf16' });
  assert.equal(utf16.encoding, 'utf-16le');
  assert.equal(utf16.delimiter, '\t');
  assert.deepEqual(await rows('SELECT * FROM utf16'), [{ Name: 'Zoë', Score: 7 }]);
});

test('gzip-compressed CSV and a file without a header row', async () => {
  await writeFile(file('plain.csv.gz'), gzipSync('k1|10\nk2|20\n'));
  const r = await importDataset(ws, file('plain.csv.gz'), { name: 'nohead', headerRow: 0 });
  assert.equal(r.delimiter, '|');
  assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['column1', 'VARCHAR'], ['column2', 'BIGINT']]);
  assert.deepEqual(await rows('SELECT * FROM nohead ORDER BY column1'), [{ column1: 'k1', column2: 10 }, { column1: 'k2', column2: 20 }]);
});

test('XLSX: the chosen sheet and header row; dates, numbers, booleans, formulas and rich text as values', async () => {
  const wb = new ExcelJS.Workbook();
  const notes = wb.addWorksheet('Notes');
  notes.addRow(['Read me']);
  notes.addRow(['This workbook holds the FY24 outcomes']);
  const s = wb.addWorksheet('Outcomes');
  s.addRow(['Sales outcomes, FY24']);
  s.addRow(['Key_ID', 'Closed', 'Revenue', 'Won', 'Doubled', 'Owner', 'Comment']);
  s.addRow(['K1', new Date(Date.UTC(2024, 0, 5)), 1200.5, true, { formula: 'C3*2', result: 2401 }, { richText: [{ text: 'Ann ' }, { text: 'Lee' }] }, 'first']);
  s.addRow(['K2', new Date(Date.UTC(2024, 1, 29)), 800, false, { formula: 'C4*2', result: 1600 }, 'Bob', '']);
  s.addRow(['K3', new Date(Date.UTC(2024, 2, 1)), 10, false, { formula: 'C5*2', result: 20 }, 'Eve']);
  s.getColumn(2).numFmt = 'yyyy-mm-dd';
  await wb.xlsx.writeFile(file('outcomes.xlsx'));

  const r = await importDataset(ws, file('outcomes.xlsx'), { name: 'outcomes', sheet: 'outcomes', headerRow: 2 });
  assert.equal(r.format, 'xlsx');
  assert.equal(r.sheet, 'Outcomes');
  assert.deepEqual(r.sheets, ['Notes', 'Outcomes']);
  assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['Key_ID', 'VARCHAR'], ['Closed', 'DATE'], ['Revenue', 'DOUBLE'], ['Won', 'BOOLEAN'], ['Doubled', 'BIGINT'], ['Owner', 'VARCHAR'], ['Comment', 'VARCHAR']]);
  assert.deepEqual(await rows('SELECT * FROM outcomes ORDER BY Key_ID'), [
    { Key_ID: 'K1', Closed: '2024-01-05', Revenue: 1200.5, Won: true, Doubled: 2401, Owner: 'Ann Lee', Comment: 'first' },
    { Key_ID: 'K2', Closed: '2024-02-29', Revenue: 800, Won: false, Doubled: 1600, Owner: 'Bob', Comment: null },
    { Key_ID: 'K3', Closed: '2024-03-01', Revenue: 10, Won: false, Doubled: 20, Owner: 'Eve', Comment: null },
  ]);
  const byIndex = await previewImport(ws, file('outcomes.xlsx'), { sheet: '2', headerRow: 2 });
  assert.equal(byIndex.sheet, 'Outcomes');
  const first = await previewImport(ws, file('outcomes.xlsx'), {});
  assert.equal(first.sheet, 'Notes');
  assert.deepEqual(first.sample, [{ 'Read me': 'This workbook holds the FY24 outcomes' }]);

  const wrongSheet = await appError(previewImport(ws, file('outcomes.xlsx'), { sheet: 'Budget' }));
  assert.equal(wrongSheet.code, 'import/no-such-sheet');
  assert.match(wrongSheet.hint ?? '', /1\. Notes, 2\. Outcomes/);
  const badOverride = await appError(importDataset(ws, file('outcomes.xlsx'), { name: 'o2', sheet: 'Outcomes', headerRow: 2, types: { Owner: 'integer' } }));
  assert.equal(badOverride.where?.line, 3, 'the sheet row a user sees in Excel');
});

test('Parquet keeps its types; an override converts a column', async () => {
  const db = await Engine.open(':memory:');
  try {
    await db.run(`COPY (SELECT 'K' || i AS Key_ID, DATE '2024-01-01' + CAST(i AS INTEGER) AS Day, CAST(i * 1.5 AS DOUBLE) AS Amount, i AS Code FROM range(5) t(i)) TO ${literal(file('facts.parquet'))} (FORMAT parquet)`);
  } finally {
    db.closeSync();
  }
  const r = await importDataset(ws, file('facts.parquet'), { name: 'facts', types: { Code: 'text' } });
  assert.equal(r.format, 'parquet');
  assert.deepEqual(r.columns.map((c) => [c.name, c.type]), [['Key_ID', 'VARCHAR'], ['Day', 'DATE'], ['Amount', 'DOUBLE'], ['Code', 'VARCHAR']]);
  assert.deepEqual((await rows('SELECT * FROM facts ORDER BY Key_ID LIMIT 1'))[0], { Key_ID: 'K0', Day: '2024-01-01', Amount: 0, Code: '0' });
});

test('bad files get a clear error naming the problem, file and line', async () => {
  // A quoted field spanning two lines before the bad row: the error names the line an editor shows.
  await writeFile(file('ragged.csv'), 'Key,Name,Score\na,"multi\nline",1\nb,Bob,2,extra\nc,Cy,3\n');
  const ragged = await appError(importDataset(ws, file('ragged.csv'), { name: 'ragged' }));
  assert.equal(ragged.code, 'import/bad-rows');
  assert.equal(ragged.where?.line, 4);
  assert.equal(ragged.where?.file, file('ragged.csv'));
  assert.match(ragged.message, /line 4 has 4 fields where the header has 3/);

  await writeFile(file('unterminated.csv'), 'Key,Name\na,ok\nb,"never closed\nc,x\n');
  const unterminated = await appError(importDataset(ws, file('unterminated.csv'), { name: 'unterminated' }));
  assert.equal(unterminated.where?.line, 3);
  assert.match(unterminated.message, /line 3 opens a quote that is never closed/);
  await writeFile(file('picture.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  assert.equal((await appError(importDataset(ws, file('picture.csv'), { name: 'picture' }))).code, 'import/binary-file');
  await writeFile(file('old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
  assert.equal((await appError(importDataset(ws, file('old.xls'), { name: 'old' }))).code, 'import/unsupported-format');
  await writeFile(file('fake.xlsx'), 'Key,Value\na,1\n');
  assert.equal((await appError(importDataset(ws, file('fake.xlsx'), { name: 'fake' }))).code, 'import/bad-file');
  await writeFile(file('empty.csv'), '');
  assert.equal((await appError(importDataset(ws, file('empty.csv'), { name: 'empty' }))).code, 'import/empty-file');
  await writeFile(file('header-only.csv'), 'Key,Value\n');
  assert.equal((await appError(importDataset(ws, file('header-only.csv'), { name: 'headeronly' }))).code, 'import/no-rows');
  assert.equal((await appError(importDataset(ws, file('missing.csv'), { name: 'missing' }))).code, 'import/not-found');
  await writeFile(file('broken.parquet'), Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(20)]));
  assert.equal((await appError(importDataset(ws, file('broken.parquet'), { name: 'broken' }))).code, 'import/bad-parquet');
  assert.equal((await rows(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '\\_\\_%' ESCAPE '\\'`))[0].n, 0, 'no scratch tables left');
});

test('names: export tables and other tables cannot be shadowed; names must be SQL-friendly', async () => {
  await writeFile(file('tiny.csv'), 'a,b\n1,2\n');
  assert.equal((await appError(importDataset(ws, file('tiny.csv'), { name: 'mails' }))).code, 'import/reserved-name');
  assert.equal((await appError(importDataset(ws, file('tiny.csv'), { name: 'my file' }))).code, 'import/bad-name');
  await (await ws.engine()).run('CREATE TABLE someone_elses (x INTEGER)');
  assert.equal((await appError(importDataset(ws, file('tiny.csv'), { name: 'Someone_Elses' }))).code, 'import/name-taken');
});

test('a failed import leaves the previous version of the dataset intact', async () => {
  await writeFile(file('v1.csv'), 'Key,Value\na,1\nb,2\n');
  await importDataset(ws, file('v1.csv'), { name: 'versioned' });
  const before = JSON.stringify(listDatasets(ws).find((d) => d.name === 'versioned'));
  await writeFile(file('v2.csv'), 'Key,Value\nc,3\nd,4,oops\n');
  const e = await appError(importDataset(ws, file('v2.csv'), { name: 'versioned' }));
  assert.equal(e.code, 'import/bad-rows');
  await writeFile(file('v3.csv'), 'Key,Value\nc,3\nd,x\n');
  assert.equal((await appError(importDataset(ws, file('v3.csv'), { name: 'versioned', types: { Value: 'integer' } }))).code, 'import/type-mismatch');
  assert.deepEqual(await rows('SELECT * FROM versioned ORDER BY Key'), [{ Key: 'a', Value: 1 }, { Key: 'b', Value: 2 }]);
  assert.equal(JSON.stringify(listDatasets(ws).find((d) => d.name === 'versioned')), before);
  const reopened = await Workspace.open(ws.dir);
  assert.equal(JSON.stringify((reopened.manifest.extensions.datasets as Record<string, unknown>).versioned), before.replace(/,"joins":\[\]/, ''));

  await importDataset(ws, file('v3.csv'), { name: 'versioned' });
  assert.deepEqual(await rows('SELECT * FROM versioned ORDER BY Key'), [{ Key: 'c', Value: '3' }, { Key: 'd', Value: 'x' }], 'a good import replaces it');
  await removeDataset(ws, 'versioned');
  assert.equal((await rows(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'versioned'`))[0].n, 0);
  assert.equal(listDatasets(ws).some((d) => d.name === 'versioned'), false);
});

test('CLI: import --preview shows types and rows without importing; import, --list and --remove', async () => {
  const cliWs = join(root, 'cli-ws');
  await writeFile(file('cli.csv'), 'Key,Amount,When\nk1,1.5,2024-01-02\nk2,2,2024-01-03\n');
  const { io, out, err } = captureIO();
  assert.equal(await runCli(['import', file('cli.csv'), '--workspace', cliWs, '--preview'], io), 0, err.join(''));
  assert.match(out.join(''), /Amount +DOUBLE/);
  assert.match(out.join(''), /When +DATE \(%Y-%m-%d\)/);
  assert.match(out.join(''), /preview only: nothing imported/);
  out.length = 0;
  assert.equal(await runCli(['import', file('cli.csv'), '--workspace', cliWs, '--name', 'cli_ds', '--type', 'Amount=text'], io), 0, err.join(''));
  assert.match(out.join(''), /Amount +VARCHAR +\[chosen; detected DOUBLE\]/);
  assert.match(out.join(''), /Imported as table "cli_ds"/);
  out.length = 0;
  assert.equal(await runCli(['import', '--list', '--workspace', cliWs], io), 0);
  assert.match(out.join(''), /cli_ds +2 rows/);
  assert.equal(await runCli(['import', file('cli.csv'), '--workspace', cliWs, '--name', 'x', '--type', 'Amount'], io), 2, 'usage error');
  assert.equal(await runCli(['import', file('nope.csv'), '--workspace', cliWs, '--name', 'x'], io), 1);
  assert.match(err.join(''), /No file at .*nope\.csv/);
  assert.equal(await runCli(['import', '--remove', 'cli_ds', '--workspace', cliWs], io), 0);
});
