/**
 * Conformance with the documents: a small export written by hand from the documentation's column
 * tables (test/fixtures/documented-export, see its README), not by our generator. Mixed header order
 * and case, a BOM, CRLF and LF, a split part file, `PersonalHistorical.csv`, US and ISO timestamps,
 * opaque (non-GUID) ids, one undocumented extra column and one documented column missing.
 * The expected answers were worked out by hand from the rows (README.md beside the files).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport, type IngestSummary } from '../electron/backend/ingest/ingestExport.js';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { AppError } from '../shared/errors.js';
import { tempDir } from './helpers/tempDirs.js';
import { runCli } from '../electron/cli/main.js';
import { captureIO } from './helpers/captureIO.js';

const FIXTURE = new URL('./fixtures/documented-export', import.meta.url).pathname;
const REFRESH = 'refresh-2024-03-10';

async function withIngested<T>(sourceDir: string, fn: (ws: Workspace, s: IngestSummary) => Promise<T>): Promise<T> {
  const ws = await Workspace.open(tempDir(), { create: true });
  try {
    const s = await ingestExport(ws, { sourceDir });
    return await fn(ws, s);
  } finally {
    ws.close();
  }
}

/** A copy of the fixture to edit. */
function fixtureCopy(): string {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const byGroup = (rows: Record<string, unknown>[], grp: string) => {
  const r = rows.find((x) => x.grp === grp);
  assert.ok(r, `group ${grp} in ${JSON.stringify(rows.map((x) => x.grp))}`);
  return r;
};

describe('an export written exactly as the documents describe', () => {
  it('loads every row of every table, with opaque ids as text', async () => {
    await withIngested(FIXTURE, async (ws, s) => {
      const rows = Object.fromEntries(s.tables.map((t) => [t.table, t.rows]));
      // Rows counted by hand in the files (MailParticipants: 20 + 22 rows in two part files).
      assert.deepEqual(rows, {
        PersonHistorical: 13,
        Meetings: 4,
        MeetingParticipants: 15,
        Mails: 21,
        MailParticipants: 42,
        Calls: 3,
        CallParticipants: 7,
        InstantMessages: 7,
        InstantMessageParticipants: 16,
      });
      assert.equal(s.tables.reduce((a, t) => a + t.rejected, 0), 0, 'no rejected rows');
      assert.equal(s.refresh, REFRESH);
      const db = await ws.engine();
      const types = (await db.query(`SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main'`)).rows;
      const type = (t: string, c: string) => types.find((x) => x.table_name === t && x.column_name === c)?.data_type;
      for (const [t, c] of [
        ['PersonHistorical', 'PersonHistoricalId'],
        ['MailParticipants', 'MailId'],
        ['Mails', 'ConversationId'],
        ['Calls', 'MeetingId'],
      ]) {
        assert.equal(type(t, c), 'VARCHAR', `${t}.${c}`);
      }
      assert.equal(type('Meetings', 'StartTime'), 'TIMESTAMP');
      assert.equal(type('Meetings', 'IsCanceled'), 'BOOLEAN');
      assert.equal(type('MeetingParticipants', 'DurationMinutesAdjusted'), 'DOUBLE');
      // US 12-hour timestamps read month-first, afternoon included.
      assert.equal(await db.scalar(`SELECT CAST(StartTime AS VARCHAR) FROM Meetings WHERE MeetingId = 'mt01'`), '2024-03-04 14:00:00');
      assert.equal(await db.scalar(`SELECT CAST(LocalEndTime AS VARCHAR) FROM CallParticipants WHERE CallRecordId = 'c03' AND PersonHistoricalId = 'ph-p03'`), '2024-03-06 12:00:00');
      // The BOM does not end up in the first column's name; PersonalHistorical.csv is PersonHistorical.
      assert.equal(await db.scalar(`SELECT count(*) FROM PersonHistorical WHERE PopulationType = 'MeasuredEmployee'`), 11);
      assert.equal(await db.scalar(`SELECT count(*) FROM MailParticipants WHERE IsSender`), 21);
    });
  });

  it('keeps the undocumented column, loads the missing documented one as empty, and says what that disables', async () => {
    await withIngested(FIXTURE, async (ws, s) => {
      const meetings = (await s.report).tables.find((t) => t.table === 'Meetings')!;
      assert.deepEqual(meetings.extraColumns, [{ name: 'OnlineMeetingProvider', type: 'VARCHAR' }]);
      const mp = (await s.report).tables.find((t) => t.table === 'MeetingParticipants')!;
      assert.deepEqual(mp.missingColumns, ['IsDoubleBooked']);
      assert.equal(await (await ws.engine()).scalar(`SELECT count(IsDoubleBooked) FROM MeetingParticipants`), 0);
      assert.ok((await s.report).issues.some((i) => /MeetingParticipants: the files have no IsDoubleBooked/.test(i)), (await s.report).issues.join('\n'));
      assert.ok((await s.report).issues.some((i) => /OnlineMeetingProvider/.test(i)));
      assert.ok(
        (await s.report).disabled.some((d) => d.missing.includes('MeetingParticipants.IsDoubleBooked')),
        `something is disabled by the missing IsDoubleBooked: ${JSON.stringify((await s.report).disabled)}`,
      );
      const ph = (await s.report).tables.find((t) => t.table === 'PersonHistorical')!;
      assert.deepEqual(ph.extraColumns.map((c) => c.name), ['FunctionType', 'Location']);
      assert.deepEqual(ph.missingColumns, []);
    });
  });

  it('thread length by the originator\'s function gives the hand-worked answer', async () => {
    await withIngested(FIXTURE, async (ws) => {
      const r = await runAnalysis(ws, 'thread-length', { params: { by: 'FunctionType' }, minGroupSize: 5 });
      // Sales threads: 3, 1, 2, 4, 5 emails; Engineering: 1, 1, 2, 1, 1 (README.md).
      const sales = byGroup(r.rows, 'Sales');
      const eng = byGroup(r.rows, 'Engineering');
      assert.equal(Number(sales.threads), 5);
      assert.equal(Number(eng.threads), 5);
      assert.equal(Number(sales.mean_length), 3);
      assert.equal(Number(eng.mean_length), 1.2);
      assert.equal(Number(sales.median_length), 3);
      assert.equal(Number(eng.median_length), 1);
      assert.equal(Number(sales.emails_sent), 15);
      assert.equal(Number(eng.emails_sent), 6);
    });
  });

  it('one person-week metric per table gives the hand-worked answers', async () => {
    await withIngested(FIXTURE, async (ws) => {
      const r = await runAnalysis(ws, 'person-metrics', { params: { by: 'FunctionType', view: 'summary' }, minGroupSize: 5 });
      const sales = byGroup(r.rows, 'Sales');
      const eng = byGroup(r.rows, 'Engineering');
      // One export week; each group has 5 measured employees (README.md lists every person's counts).
      const expected = {
        emails_sent: [2.6, 1.2], // Mails / MailParticipants.IsSender
        meeting_hours: [0.9, 0.6], // MeetingParticipants.DurationMinutesAdjusted, declined and canceled left out
        call_hours: [0.65, 0.2], // CallParticipants.LocalEndTime − LocalStartTime
        ims_sent: [0.8, 0.6], // InstantMessageParticipants.IsSender
      };
      for (const [metric, [s, e]] of Object.entries(expected)) {
        assert.ok(Math.abs(Number(sales[metric]) - s) < 1e-9, `Sales ${metric}: ${sales[metric]} ≠ ${s}`);
        assert.ok(Math.abs(Number(eng[metric]) - e) < 1e-9, `Engineering ${metric}: ${eng[metric]} ≠ ${e}`);
      }
      // Double-booked meeting hours need MeetingParticipants.IsDoubleBooked, which this export lacks.
      assert.equal(sales.double_booked_meeting_hours, null);
    });
  });

  it('validate and every analysis and view run on it (or say which documented column they miss)', async () => {
    const { ANALYSES } = await import('../shared/analyses/catalogue.js');
    await withIngested(FIXTURE, async (ws) => {
      for (const a of ANALYSES) {
        // Every view, not only the default: each has its own SQL that the documented columns must carry.
        const views = a.params.find((p) => p.name === 'view')?.options ?? [undefined];
        for (const view of views) {
          const label = `${a.id}${view ? ` (${view})` : ''}`;
          try {
            const r = await runAnalysis(ws, a.id, { minGroupSize: 5, ...(view ? { params: { view } } : {}) });
            assert.ok(Array.isArray(r.rows), label);
          } catch (e) {
            assert.ok(e instanceof AppError, `${label}: ${e}`);
            // Only a missing input may stop an analysis here (sales effectiveness needs a joined sales file).
            assert.match(e.code, /^analysis\/(missing-columns|needs-join|unknown-attribute)/, `${label}: ${e.code} ${e.message}`);
          }
        }
      }
    });
  });
});

describe('tolerant, never silent', () => {
  it('a table file that is absent disables what needs it; the rest loads', async () => {
    const dir = fixtureCopy();
    rmSync(join(dir, REFRESH, 'Calls.csv'));
    rmSync(join(dir, REFRESH, 'CallParticipants.csv'));
    await withIngested(dir, async (_ws, s) => {
      assert.equal(s.tables.length, 7);
      assert.deepEqual((await s.report).missingTables, ['Calls', 'CallParticipants']);
      assert.ok((await s.report).disabled.some((d) => d.missing.some((m) => m.startsWith('CallParticipants'))), JSON.stringify((await s.report).disabled));
      assert.ok((await s.report).issues.some((i) => /Not loaded: Calls, CallParticipants/.test(i)));
    });
  });

  it('the CLI makes each case plain: exit 3 and a headline when something is disabled, 1 when the ingest failed', async () => {
    const dir = fixtureCopy();
    rmSync(join(dir, REFRESH, 'Calls.csv'));
    const gaps = captureIO();
    assert.equal(await runCli(['ingest', dir, '--workspace', tempDir(), '--no-prepare'], gaps.io), 3, gaps.stderr());
    assert.match(gaps.stderr(), /^Loaded with gaps: 1 of 9 tables absent, 1 documented column missing; .* disabled/m);
    assert.match(gaps.stdout(), /Disabled by missing tables or columns:/);
    rmSync(join(dir, REFRESH, 'InstantMessages.csv'));
    writeFileSync(join(dir, REFRESH, 'Mails.csv'), 'MailId,Subject\nm01,x\n');
    const failed = captureIO();
    assert.equal(await runCli(['ingest', dir, '--workspace', tempDir(), '--no-prepare'], failed.io), 1);
    assert.match(failed.stderr(), /Mails\.csv: missing required column SentTime/);
  });

  it('a file lacking a required column fails the ingest naming it, and keeps what was loaded before', async () => {
    const dir = fixtureCopy();
    const ws = await Workspace.open(tempDir(), { create: true });
    try {
      await ingestExport(ws, { sourceDir: dir });
      const path = join(dir, REFRESH, 'InstantMessageParticipants.csv');
      const lines = readFileSync(path, 'utf8').split('\n');
      lines[0] = lines[0].replace('IsSender', 'Sender');
      writeFileSync(path, lines.join('\n'));
      await assert.rejects(ingestExport(ws, { sourceDir: dir }), (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.code, 'ingest/bad-files');
        assert.match(e.message, /InstantMessageParticipants\.csv: missing required column IsSender/);
        return true;
      });
      assert.equal(await (await ws.engine()).scalar(`SELECT count(*) FROM InstantMessageParticipants`), 16);
    } finally {
      ws.close();
    }
  });

  it('a participant file lacking a required column is reported as that table, not taken for another', async () => {
    const dir = fixtureCopy();
    const path = join(dir, REFRESH, 'CallParticipants.csv');
    const rows = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(',').slice(0, 4).join(','));
    writeFileSync(path, rows.join('\n') + '\n');
    await assert.rejects(withIngested(dir, async () => undefined), (e: unknown) => {
      assert.ok(e instanceof AppError, String(e));
      assert.match(e.message, /CallParticipants\.csv: missing required column LocalEndTime for table CallParticipants/);
      return true;
    });
  });

  it('GUIDs in capitals or braces still join the same GUIDs once the key falls back to text', async () => {
    const dir = tempDir();
    const g = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11';
    writeFileSync(join(dir, 'PersonHistorical.csv'), `PersonHistoricalId,EmailAddress,PopulationType\n${g},${'ab'.repeat(32)},MeasuredEmployee\nph-opaque,${'cd'.repeat(32)},MeasuredEmployee\n`);
    writeFileSync(
      join(dir, 'InstantMessageParticipants.csv'),
      `InstantMessageId,PersonHistoricalId,isAfterHours,IsSender,LocalSentTime,SenderTimeSpentInMinutes\n${g},{${g.toUpperCase()}},False,True,2024-03-04T09:00:00,1\n`,
    );
    await withIngested(dir, async (ws, s) => {
      const fk = (await s.report).tables.find((t) => t.table === 'InstantMessageParticipants')!.foreignKeys.find((f) => f.column === 'PersonHistoricalId');
      assert.equal(fk?.unmatched, 0);
      assert.equal(await (await ws.engine()).scalar(`SELECT PersonHistoricalId FROM InstantMessageParticipants`), g);
    });
  });

  it('a PersonHistorical with 1,000 HR attribute columns is recognised and every column typed over all its values', async () => {
    const dir = tempDir();
    const n = 1000;
    const lines = [['PersonHistoricalId', 'EmailAddress', 'PopulationType', ...Array.from({ length: n }, (_, i) => `Attr${i}`)].join(',')];
    for (let r = 0; r < 381; r++) {
      // Attr0 turns decimal on the last row; Attr1 keeps a leading zero (a code); the rest are integers.
      const values = Array.from({ length: n }, (_, i) => (i === 0 && r === 380 ? '2.5' : i === 1 ? `0${r}` : String((r * 7 + i) % 1000)));
      lines.push([`p${r}`, r.toString(16).padStart(64, '0'), 'MeasuredEmployee', ...values].join(','));
    }
    writeFileSync(join(dir, 'PersonHistorical.csv'), lines.join('\n') + '\n');
    await withIngested(dir, async (ws, s) => {
      const hr = s.tables[0].hrAttributes!;
      assert.equal(hr.length, n);
      assert.deepEqual(hr.slice(0, 3), [{ name: 'Attr0', type: 'DOUBLE' }, { name: 'Attr1', type: 'VARCHAR' }, { name: 'Attr2', type: 'BIGINT' }]);
      assert.ok(hr.slice(2).every((a) => a.type === 'BIGINT'));
      assert.equal(await (await ws.engine()).scalar(`SELECT sum(Attr999) FROM PersonHistorical`), Array.from({ length: 381 }, (_, r) => (r * 7 + 999) % 1000).reduce((a, b) => a + b, 0));
    });
  });

  it('an id column is UUID only when every value is a GUID, even past the sampled rows; one key has one type', async () => {
    const dir = tempDir();
    const guid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const person = '00000000-aaaa-4000-8000-000000000001';
    const mails = ['MailId,ConversationId,Subject,SentTime,SenderTimeSpentinMinutes,NumberOfRecipients'];
    const parts = ['MailId,PersonHistoricalId,IsSender,LocalSentTime,PersonTimeSpentInHours,PersonTimeSpentInMinutes'];
    // 2,000 GUIDs (beyond the 200 sampled rows), then one opaque id in Mails only.
    for (let i = 0; i < 2000; i++) {
      mails.push(`${guid(i)},${guid(1_000_000 + i)},,2024-03-04T09:00:00,1,1`);
      parts.push(`${guid(i)},${person},True,2024-03-04T09:00:00,0.1,6`);
    }
    mails.push(`AAMkAGI2TG93AAA=,${guid(9_999_999)},,2024-03-04T09:00:00,1,1`);
    writeFileSync(join(dir, 'Mails.csv'), mails.join('\n') + '\n');
    writeFileSync(join(dir, 'MailParticipants.csv'), parts.join('\n') + '\n');
    writeFileSync(join(dir, 'PersonHistorical.csv'), `PersonHistoricalId,EmailAddress,PopulationType\n${person},${'ab'.repeat(32)},MeasuredEmployee\n`);
    await withIngested(dir, async (ws, s) => {
      assert.equal(s.tables.find((t) => t.table === 'Mails')!.rows, 2001);
      assert.equal(s.tables.reduce((a, t) => a + t.rejected, 0), 0);
      const db = await ws.engine();
      const type = async (t: string, c: string) =>
        db.scalar(`SELECT data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 AND column_name = $2`, [t, c]);
      assert.equal(await type('Mails', 'MailId'), 'VARCHAR');
      assert.equal(await type('MailParticipants', 'MailId'), 'VARCHAR', 'all GUIDs, but joined to text ids');
      assert.equal(await type('Mails', 'ConversationId'), 'UUID');
      assert.equal(await type('PersonHistorical', 'PersonHistoricalId'), 'UUID');
      assert.equal(await db.scalar(`SELECT count(*) FROM Mails m JOIN MailParticipants p USING (MailId)`), 2000);
      const fk = (await s.report).tables.find((t) => t.table === 'MailParticipants')!.foreignKeys.find((f) => f.column === 'MailId');
      assert.equal(fk?.unmatched, 0);
    });
  });

  it('a later ingest of text ids turns the GUID ids it does not replace into text', async () => {
    const ws = await Workspace.open(tempDir(), { create: true });
    try {
      const first = tempDir();
      const id = '00000000-aaaa-4000-8000-000000000001';
      writeFileSync(join(first, 'PersonHistorical.csv'), `PersonHistoricalId,EmailAddress,PopulationType\n${id},${'ab'.repeat(32)},MeasuredEmployee\n`);
      writeFileSync(join(first, 'InstantMessages.csv'), `InstantMessageId,AppName,SentTime,InteractionType,TotalParticipants\n${id},Teams,2024-03-04T09:00:00,OneOnOneChat,2\n`);
      await ingestExport(ws, { sourceDir: first });
      const second = tempDir();
      writeFileSync(
        join(second, 'InstantMessageParticipants.csv'),
        `InstantMessageId,PersonHistoricalId,isAfterHours,IsSender,LocalSentTime,SenderTimeSpentInMinutes\nim-1,${id},False,True,2024-03-04T09:00:00,1\n`,
      );
      await ingestExport(ws, { sourceDir: second });
      const db = await ws.engine();
      const types = (await db.query(`SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND column_name IN ('InstantMessageId', 'PersonHistoricalId') ORDER BY ALL`)).rows;
      assert.deepEqual(
        types.map((t) => `${t.table_name}.${t.column_name} ${t.data_type}`),
        [
          'InstantMessageParticipants.InstantMessageId VARCHAR',
          'InstantMessageParticipants.PersonHistoricalId UUID',
          'InstantMessages.InstantMessageId VARCHAR',
          'PersonHistorical.PersonHistoricalId UUID',
        ],
      );
      assert.equal(await db.scalar(`SELECT count(*) FROM InstantMessageParticipants p JOIN PersonHistorical h USING (PersonHistoricalId)`), 1);
    } finally {
      ws.close();
    }
  });
});
