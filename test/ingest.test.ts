/**
 * Ingest against the real DuckDB: the generated export, and each bad-input case from the issue.
 * Every failure must name the file (and line/column where there is one) and lose nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport, type IngestSummary } from '../electron/backend/ingest/ingestExport.js';
import { AppError } from '../shared/errors.js';
import { demoExport, exportCopy } from './helpers/demoExport.js';
import { readCsv, writeCsv, csvLine } from './helpers/csvFiles.js';
import { tempDir } from './helpers/tempDirs.js';

async function ingestInto(wsDir: string, sourceDir: string): Promise<IngestSummary> {
  const ws = await Workspace.open(wsDir, { create: true });
  try {
    return await ingestExport(ws, { sourceDir });
  } finally {
    await ws.settled(); // the validation report, computed after the commit
    ws.close();
  }
}

async function queryWs<T = Record<string, unknown>>(wsDir: string, sql: string): Promise<T[]> {
  const ws = await Workspace.open(wsDir);
  try {
    return (await (await ws.engine()).query(sql)).rows as T[];
  } finally {
    ws.close();
  }
}

async function ingestError(wsDir: string, sourceDir: string): Promise<AppError> {
  try {
    await ingestInto(wsDir, sourceDir);
  } catch (e) {
    assert.ok(e instanceof AppError, `expected an AppError, got ${e}`);
    return e;
  }
  assert.fail('ingest should have failed');
}

describe('ingest of the generated export', () => {
  it('loads all nine tables with declared types and row counts equal to the files', async () => {
    const demo = await demoExport();
    const ws = tempDir();
    const s = await ingestInto(ws, demo.outDir);
    assert.equal(s.tables.length, 9);
    for (const f of demo.files) {
      const t = s.tables.find((x) => x.table === f.table);
      assert.ok(t, `${f.table} loaded`);
      assert.equal(t.rows, f.rows, `${f.table} rows`);
      assert.equal(t.rejected, 0, `${f.table} rejected`);
    }
    const types = await queryWs<{ table_name: string; column_name: string; data_type: string }>(
      ws,
      `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN ('Mails', 'MailParticipants', 'PersonHistorical')`,
    );
    const type = (t: string, c: string) => types.find((x) => x.table_name === t && x.column_name === c)?.data_type;
    assert.equal(type('Mails', 'MailId'), 'UUID');
    assert.equal(type('Mails', 'SentTime'), 'TIMESTAMP');
    assert.equal(type('MailParticipants', 'IsSender'), 'BOOLEAN');
    assert.equal(type('MailParticipants', 'PersonTimeSpentInHours'), 'DOUBLE');
    assert.equal(type('PersonHistorical', 'Layer'), 'BIGINT', 'HR attribute typed over the whole file');
    assert.equal(type('PersonHistorical', 'Location'), 'VARCHAR');
    assert.equal((await s.report).issues.length, 0, (await s.report).issues.join('; '));
    const mix = (await s.report).populationMix.map((p) => p.populationType).sort();
    assert.deepEqual(mix, ['DistributionList', 'ExternalCollaborator', 'InternalCollaborator', 'MeasuredEmployee', 'MeetingRoom']);
  });

  it('reads US timestamps month-first, giving the same values as the ISO export', async () => {
    const iso = await demoExport({ seed: 3 });
    const us = await demoExport({ seed: 3, timestampFormat: 'us' });
    const a = tempDir();
    const b = tempDir();
    await ingestInto(a, iso.outDir);
    const s = await ingestInto(b, us.outDir);
    assert.match(s.tables.find((t) => t.table === 'Mails')!.timestampFormat, /us-12h/);
    const sql = `SELECT count(*) AS n, min(SentTime)::VARCHAR AS lo, max(SentTime)::VARCHAR AS hi, sum(epoch(SentTime))::BIGINT AS total FROM Mails`;
    assert.deepEqual(await queryWs(b, sql), await queryWs(a, sql));
    const sqlPh = `SELECT sum(epoch(StartDate))::BIGINT AS s FROM PersonHistorical`;
    assert.deepEqual(await queryWs(b, sqlPh), await queryWs(a, sqlPh));
  });

  it('recognises tables by header, name variants and multi-part files, and picks the latest refresh folder', async () => {
    const src = await exportCopy();
    const root = tempDir();
    const latest = join(root, '2024-02-01');
    const older = join(root, '2024-01-01');
    mkdirSync(latest, { recursive: true });
    mkdirSync(older, { recursive: true });
    const mp = readCsv(join(src, 'MailParticipants.csv'));
    const third = Math.ceil(mp.rows.length / 3);
    for (let i = 0; i < 3; i++) writeCsv(join(latest, `MailParticipants_part00${i + 1}.csv`), { header: mp.header, rows: mp.rows.slice(i * third, (i + 1) * third) });
    renameSync(join(src, 'PersonHistorical.csv'), join(latest, 'PersonalHistorical.csv'));
    // Named like nothing in the export: found by its header alone.
    renameSync(join(src, 'Mails.csv'), join(latest, 'export_0001.csv'));
    writeFileSync(join(older, 'Mails.csv'), readFileSync(join(latest, 'export_0001.csv')));
    writeFileSync(join(latest, 'notes.csv'), 'a,b\n1,2\n');
    const ws = tempDir();
    const s = await ingestInto(ws, root);
    assert.equal(s.refresh, '2024-02-01');
    assert.deepEqual(s.tables.map((t) => t.table).sort(), ['MailParticipants', 'Mails', 'PersonHistorical']);
    assert.equal(s.tables.find((t) => t.table === 'MailParticipants')!.rows, mp.rows.length);
    assert.ok(s.skipped.some((k) => k.path.endsWith('notes.csv')));
    assert.ok(s.skipped.some((k) => k.path.includes('2024-01-01')), 'the older refresh is skipped');
  });
});

describe('bad input', () => {
  it('a missing required column fails the ingest naming file and column, and keeps the previous tables', async () => {
    const ws = tempDir();
    const good = await exportCopy();
    await ingestInto(ws, good);
    const before = await queryWs(ws, `SELECT (SELECT count(*) FROM Mails) AS mails, (SELECT count(*) FROM MailParticipants) AS mp, (SELECT sum(hash(MailId)) FROM Mails) AS h`);

    const bad = await exportCopy();
    const mails = readCsv(join(bad, 'Mails.csv'));
    const k = mails.header.indexOf('SentTime');
    writeCsv(join(bad, 'Mails.csv'), { header: mails.header.filter((_, i) => i !== k), rows: mails.rows.map((r) => r.filter((_, i) => i !== k)) });
    // Also change another table, which must not be swapped in either.
    const mp = readCsv(join(bad, 'MailParticipants.csv'));
    writeCsv(join(bad, 'MailParticipants.csv'), { header: mp.header, rows: mp.rows.slice(0, 10) });
    const e = await ingestError(ws, bad);
    assert.equal(e.code, 'ingest/bad-files');
    assert.match(e.message, /Mails\.csv/);
    assert.match(e.message, /SentTime/);
    assert.equal(e.where?.column, 'SentTime');
    assert.deepEqual(await queryWs(ws, `SELECT (SELECT count(*) FROM Mails) AS mails, (SELECT count(*) FROM MailParticipants) AS mp, (SELECT sum(hash(MailId)) FROM Mails) AS h`), before);
    const staging = await queryWs(ws, `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '__staging%'`);
    assert.equal(staging.length, 0, 'no staging tables left behind');
  });

  it('an unparseable timestamp and a stray boolean become rejected rows with file, line and column', async () => {
    const dir = await exportCopy();
    const mails = readCsv(join(dir, 'Mails.csv'));
    mails.rows[4][mails.header.indexOf('SentTime')] = 'not a date';
    writeCsv(join(dir, 'Mails.csv'), mails);
    const mp = readCsv(join(dir, 'MailParticipants.csv'));
    mp.rows[9][mp.header.indexOf('IsSender')] = 'Unknown';
    writeCsv(join(dir, 'MailParticipants.csv'), mp);
    const ws = tempDir();
    const s = await ingestInto(ws, dir);
    const m = s.tables.find((t) => t.table === 'Mails')!;
    assert.equal(m.rejected, 1);
    assert.equal(m.rows, mails.rows.length - 1);
    const r1 = s.rejects.find((r) => r.table === 'Mails')!;
    assert.equal(r1.line, 6, 'header is line 1, so row index 4 is line 6');
    assert.equal(r1.column, 'SentTime');
    assert.match(r1.file, /Mails\.csv$/);
    assert.match(r1.reason, /not a date/);
    const r2 = s.rejects.find((r) => r.table === 'MailParticipants')!;
    assert.equal(r2.line, 11);
    assert.equal(r2.column, 'IsSender');
    const stored = await queryWs<{ n: number }>(ws, `SELECT count(*) AS n FROM _rejects`);
    assert.equal(stored[0].n, 2);
    assert.ok((await s.report).issues.some((i) => /Mails: 1 row could not be read/.test(i)));
  });

  it('2.5 after 30,000 integer rows: kept and reported in a documented integer column (never rounded), a DOUBLE HR attribute', async () => {
    const dir = await exportCopy();
    const meetings = readCsv(join(dir, 'Meetings.csv'));
    const d = meetings.header.indexOf('DurationMinutes');
    const template = meetings.rows[0];
    const rows: string[][] = [];
    for (let i = 0; i < 30_001; i++) {
      const r = [...template];
      r[0] = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      r[d] = i === 30_000 ? '2.5' : '5';
      rows.push(r);
    }
    writeCsv(join(dir, 'Meetings.csv'), { header: meetings.header, rows });
    const ph = readCsv(join(dir, 'PersonHistorical.csv'));
    const layer = ph.header.indexOf('Layer');
    const phRows: string[][] = [];
    for (let i = 0; i < 30_001; i++) {
      const r = [...ph.rows[i % ph.rows.length]];
      r[0] = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
      r[layer] = i === 30_000 ? '2.5' : '3';
      phRows.push(r);
    }
    writeCsv(join(dir, 'PersonHistorical.csv'), { header: ph.header, rows: phRows });
    const ws = tempDir();
    const s = await ingestInto(ws, dir);
    // DurationMinutes is documented as an integer: 2.5 is kept as read (DuckDB would round it to 3) and reported.
    assert.equal(s.tables.find((t) => t.table === 'Meetings')!.rejected, 0);
    const [m] = await queryWs<{ v: number }>(ws, `SELECT DurationMinutes AS v FROM Meetings WHERE MeetingId = '00000000-0000-4000-8000-000000030000'`);
    assert.equal(m.v, 2.5);
    assert.ok((await s.report).issues.includes('Meetings: 1 value of DurationMinutes is not a whole number, although the documents make it an integer (kept as read).'), (await s.report).issues.join('\n'));
    assert.deepEqual(s.tables.find((t) => t.table === 'PersonHistorical')!.hrAttributes!.find((a) => a.name === 'Layer'), { name: 'Layer', type: 'DOUBLE' });
    const [p] = await queryWs<{ v: number }>(ws, `SELECT Layer AS v FROM PersonHistorical WHERE PersonHistoricalId = '00000000-0000-4000-9000-000000030000'`);
    assert.equal(p.v, 2.5);
  });

  it('handles a BOM, CRLF line endings and quoted newlines, and counts lines physically', async () => {
    const dir = await exportCopy();
    const ph = readCsv(join(dir, 'PersonHistorical.csv'));
    writeCsv(join(dir, 'PersonHistorical.csv'), ph, { bom: true, newline: '\r\n' });
    const mails = readCsv(join(dir, 'Mails.csv'));
    const subj = mails.header.indexOf('Subject');
    mails.rows[0][subj] = 'Quarterly plan\r\nsecond line, with "quotes"';
    mails.rows[2][mails.header.indexOf('SentTime')] = '2024-13-45T99:00:00';
    writeCsv(join(dir, 'Mails.csv'), mails, { newline: '\r\n' });
    const ws = tempDir();
    const s = await ingestInto(ws, dir);
    assert.equal(s.tables.find((t) => t.table === 'PersonHistorical')!.rows, ph.rows.length);
    const id = mails.rows[0][0];
    const [m] = await queryWs<{ s: string }>(ws, `SELECT Subject AS s FROM Mails WHERE MailId = '${id}'`);
    assert.equal(m.s, 'Quarterly plan\r\nsecond line, with "quotes"');
    const r = s.rejects.find((x) => x.table === 'Mails')!;
    assert.equal(r.line, 5, 'the quoted newline in row 1 pushes row 3 to physical line 5');
  });

  it('an empty file fails naming it; a header-only file loads as an empty table with a finding', async () => {
    const dir = await exportCopy();
    writeFileSync(join(dir, 'Calls.csv'), '');
    const ws = tempDir();
    const e = await ingestError(ws, dir);
    assert.match(e.message, /Calls\.csv is empty/);
    const header = readFileSync(join(dir, 'CallParticipants.csv'), 'utf8').split('\n')[0];
    writeFileSync(join(dir, 'Calls.csv'), readFileSync(join(await exportCopy(), 'Calls.csv'), 'utf8').split('\n')[0] + '\n');
    writeFileSync(join(dir, 'CallParticipants.csv'), header + '\n');
    const s = await ingestInto(ws, dir);
    assert.equal(s.tables.find((t) => t.table === 'Calls')!.rows, 0);
    assert.ok((await s.report).issues.includes('Calls: the table is empty.'));
  });

  it('reports duplicate primary keys in the validation report', async () => {
    const dir = await exportCopy();
    const mails = readCsv(join(dir, 'Mails.csv'));
    mails.rows.push([...mails.rows[0]], [...mails.rows[1]]);
    writeCsv(join(dir, 'Mails.csv'), mails);
    const ws = tempDir();
    const s = await ingestInto(ws, dir);
    assert.equal((await s.report).tables.find((t) => t.table === 'Mails')!.primaryKeyDuplicates, 2);
    assert.ok((await s.report).issues.some((i) => /Mails: 2 duplicate rows on the key \(MailId\)/.test(i)));
  });

  it('counts duplicates of a two-column key and rows whose foreign key has no match, however many share it', async () => {
    const dir = await exportCopy();
    const mp = readCsv(join(dir, 'MailParticipants.csv'));
    const mailId = mp.header.indexOf('MailId');
    // Two extra copies of one participant row: 2 duplicates on (MailId, PersonHistoricalId).
    mp.rows.push([...mp.rows[0]], [...mp.rows[0]]);
    // Three rows of one unknown mail and one of another: 4 rows without a match in Mails.
    const unknown = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    for (const [i, id] of [unknown[0], unknown[0], unknown[0], unknown[1]].entries()) {
      const row = [...mp.rows[i + 1]];
      row[mailId] = id;
      mp.rows.push(row);
    }
    writeCsv(join(dir, 'MailParticipants.csv'), mp);
    const s = await ingestInto(tempDir(), dir);
    const t = (await s.report).tables.find((x) => x.table === 'MailParticipants')!;
    assert.equal(t.primaryKeyDuplicates, 2);
    assert.equal(t.foreignKeys.find((f) => f.column === 'MailId')!.unmatched, 4);
    assert.equal(t.foreignKeys.find((f) => f.column === 'PersonHistoricalId')!.unmatched, 0);
    assert.equal(t.rows, mp.rows.length);
  });

  it('reads a semicolon-delimited file, and rejects a row whose delimiter differs from its header', async () => {
    const dir = await exportCopy();
    const mails = readCsv(join(dir, 'Mails.csv'));
    writeCsv(join(dir, 'Mails.csv'), mails, { delimiter: ';' });
    const calls = readCsv(join(dir, 'Calls.csv'));
    const text = readFileSync(join(dir, 'Calls.csv'), 'utf8').trimEnd().split('\n');
    text.splice(3, 1, csvLine(calls.rows[1], ';'));
    writeFileSync(join(dir, 'Calls.csv'), text.join('\n') + '\n');
    const ws = tempDir();
    const s = await ingestInto(ws, dir);
    const m = s.tables.find((t) => t.table === 'Mails')!;
    assert.equal(m.delimiter, ';');
    assert.equal(m.rows, mails.rows.length);
    const c = s.tables.find((t) => t.table === 'Calls')!;
    assert.equal(c.rejected, 1);
    assert.equal(s.rejects.find((r) => r.table === 'Calls')!.line, 4);
  });

  it('a file with no recognisable header is skipped with the reason, and a folder without tables is an error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'whatever.csv'), 'x|y\n1|2\n');
    const e = await ingestError(tempDir(), dir);
    assert.equal(e.code, 'ingest/no-tables');
    assert.match(e.hint ?? '', /whatever\.csv/);
  });
});
