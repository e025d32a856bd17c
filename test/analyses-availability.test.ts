/**
 * Analyses on documented columns only: every declared input is a documented column; an export
 * that lacks a column disables what needs it (the analysis refuses, the metric is NULL, the
 * report says which); opaque (non-GUID) ids give the same answers as GUIDs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANALYSES } from '../shared/analyses/catalogue.js';
import { declaredColumnRefs, disabledByAvailability, partialByAvailability } from '../shared/analyses/requirements.js';
import { FULL_AVAILABILITY, isDocumentedColumn } from '../shared/schema/availability.js';
import { TABLE_NAMES } from '../shared/schema/exportSchema.js';
import { emptyRelation, sourcesFor } from '../shared/analyses/derived/sources.js';
import { PERSON_WEEK_METRICS } from '../shared/analyses/personWeekMetrics.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { parseCsv, smallExport } from './helpers/smallExport.js';

test('every declared input is a documented column, and every analysis and metric declares some', () => {
  const refs = declaredColumnRefs();
  const bad = refs.filter((r) => !isDocumentedColumn(r.ref));
  assert.deepEqual(bad, [], 'undocumented column references');
  for (const a of ANALYSES) assert.ok(a.inputs.needs.length > 0 && a.inputs.reads.length > 0, `${a.id} declares its inputs`);
  for (const m of PERSON_WEEK_METRICS) {
    assert.ok(m.inputs.reads.length > 0, `${m.name} reads columns`);
    // The definition names a documented column it reads.
    assert.match(m.definition, /\b(MailParticipants|Mails|Meetings|MeetingParticipants|CallParticipants|InstantMessages|InstantMessageParticipants|PersonHistorical)\.\w+/, `${m.name} definition names its columns`);
  }
  // Nothing reads the columns the documents do not have.
  const gone = ['Meetings.EndTime', 'Meetings.IsAllDay', 'Meetings.DurationMinutesAdjusted', 'Meetings.IsCancelled', 'MeetingParticipants.LocalEndTime', 'Calls.StartTime', 'Calls.EndTime', 'Calls.CallType', 'InstantMessages.ChatId'];
  assert.deepEqual(refs.filter((r) => gone.includes(r.ref)), []);
});

test('disabledByAvailability: a complete export disables nothing; a missing table or column disables what needs it', () => {
  assert.deepEqual(disabledByAvailability(FULL_AVAILABILITY), []);
  const noCalls = { tables: TABLE_NAMES.filter((t) => t !== 'CallParticipants' && t !== 'Calls'), missingColumns: [] };
  const d = disabledByAvailability(noCalls);
  assert.deepEqual(d.filter((x) => x.kind === 'analysis'), []);
  assert.deepEqual(d.filter((x) => x.kind === 'metric').map((x) => x.id).sort(), ['after_hours_call_hours', 'call_hours', 'calls', 'data-quality.extreme_call_weeks']);
  assert.ok(d.every((x) => x.missing.includes('CallParticipants (table not loaded)')));
  assert.ok(partialByAvailability(noCalls).some((x) => x.id === 'collaboration_hours'));

  const noThreads = disabledByAvailability({ tables: [...TABLE_NAMES], missingColumns: ['Mails.ConversationId', 'MeetingParticipants.NumberOfEmailsDuringMeeting'] });
  assert.deepEqual(noThreads.find((x) => x.id === 'thread-length'), { kind: 'analysis', id: 'thread-length', label: 'Email threads by originator', missing: ['Mails.ConversationId'] });
  assert.deepEqual(noThreads.find((x) => x.id === 'multitasking_meeting_hours')?.missing, ['MeetingParticipants.NumberOfEmailsDuringMeeting']);
  // Either email-time column will do; without both, email hours (and the threads' email hours) are NULL.
  const one = disabledByAvailability({ tables: [...TABLE_NAMES], missingColumns: ['MailParticipants.PersonTimeSpentInHours'] });
  assert.ok(!one.some((x) => x.id === 'email_hours'));
  const both = disabledByAvailability({ tables: [...TABLE_NAMES], missingColumns: ['MailParticipants.PersonTimeSpentInHours', 'MailParticipants.PersonTimeSpentInMinutes'] });
  assert.ok(both.some((x) => x.id === 'email_hours'));
  assert.ok(both.some((x) => x.id === 'thread-length.email_hours'));
});

test('an empty stand-in types its ids like the loaded tables of the key', () => {
  assert.match(emptyRelation('Calls', { CallRecordId: 'UUID', MeetingId: 'VARCHAR' }), /CAST\(NULL AS UUID\) AS "CallRecordId", CAST\(NULL AS VARCHAR\) AS "MeetingId"/);
  assert.match(emptyRelation('CallParticipants', { PersonHistoricalId: 'UUID' }), /CAST\(NULL AS UUID\) AS "PersonHistoricalId"/);
  const src = sourcesFor({ tables: new Map([['Mails', new Set(['MailId', 'SentTime'])]]), keyTypes: { MailId: 'VARCHAR' } });
  assert.equal(src('Mails').startsWith('(SELECT *, CAST(NULL AS VARCHAR) AS "ConversationId"'), true, 'a column the table lacks is a typed NULL');
});

/** The same rows, numbers equal up to the last rounded digit (sums run in another order). */
function sameRows(actual: Record<string, unknown>[], expected: Record<string, unknown>[], label: string): void {
  assert.equal(actual.length, expected.length, `${label}: rows`);
  actual.forEach((row, i) => {
    assert.deepEqual(Object.keys(row), Object.keys(expected[i]), `${label}: columns`);
    for (const [k, v] of Object.entries(row)) {
      const e = expected[i][k];
      if (typeof v === 'number' && typeof e === 'number') assert.ok(Math.abs(v - e) <= 0.0101 + 1e-9 * Math.abs(e), `${label} row ${i} ${k}: ${v} vs ${e}`);
      else assert.deepEqual(v, e, `${label} row ${i} ${k}`);
    }
  });
}

/** Drop columns from a CSV file of a generated export. */
async function dropColumns(file: string, names: string[]): Promise<void> {
  const [header, ...rows] = parseCsv(await readFile(file, 'utf8'));
  const keep = header.map((h, i) => (names.includes(h) ? -1 : i)).filter((i) => i >= 0);
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  await writeFile(file, [header, ...rows.filter((r) => r.length === header.length)].map((r) => keep.map((i) => q(r[i])).join(',')).join('\n') + '\n');
}

test('an export lacking documented columns: the analysis that needs one refuses, metrics that need one are NULL', async () => {
  const root = await mkdtemp(join(tmpdir(), 'wpa-missing-cols-'));
  try {
    const dir = join(root, 'export');
    await generateDemoExport({ outDir: dir, people: 40, weeks: 2, seed: 4 });
    await dropColumns(join(dir, 'Mails.csv'), ['ConversationId']);
    await dropColumns(join(dir, 'MeetingParticipants.csv'), ['NumberOfEmailsDuringMeeting']);
    const ws = await Workspace.open(join(root, 'ws'), { create: true });
    try {
      await ingestExport(ws, { sourceDir: dir });
      await assert.rejects(runAnalysis(ws, 'thread-length'), (e: { code?: string; message: string }) => {
        assert.equal(e.code, 'analysis/missing-columns');
        assert.match(e.message, /Mails\.ConversationId/);
        return true;
      });
      const m = await runAnalysis(ws, 'person-metrics', { params: { by: 'FunctionType' } });
      assert.ok(m.rows.length > 0 && m.rows.every((x) => x.multitasking_meeting_hours === null && Number(x.meeting_hours) > 0));
      assert.ok(m.notes.some((n) => /Multitasking meeting hours.*empty \(no value, not 0\): the export lacks MeetingParticipants\.NumberOfEmailsDuringMeeting/.test(n)), m.notes.join('\n'));
    } finally {
      ws.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('opaque (non-GUID) ids give the same answers as GUIDs for the same seed', async () => {
  const guid = await smallExport({ people: 60, weeks: 3, seed: 21, salesJoin: true });
  const opaque = await smallExport({ people: 60, weeks: 3, seed: 21, salesJoin: true, ids: 'opaque' });
  try {
    const db = await opaque.ws.engine();
    const types = await db.query(`SELECT DISTINCT data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'MeetingParticipants' AND column_name IN ('MeetingId', 'PersonHistoricalId')`);
    assert.deepEqual(types.rows.map((r) => r.data_type), ['VARCHAR'], 'opaque ids load as text');
    const gdb = await guid.ws.engine();
    const gtypes = await gdb.query(`SELECT DISTINCT data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'MeetingParticipants' AND column_name IN ('MeetingId', 'PersonHistoricalId')`);
    assert.deepEqual(gtypes.rows.map((r) => r.data_type), ['UUID'], 'GUID ids load as UUID');
    for (const a of ANALYSES) {
      const views = a.params.find((p) => p.name === 'view')?.options ?? [undefined];
      for (const view of views) {
        const params = { ...(view ? { view } : {}), ...(a.id === 'sales-effectiveness' ? { outcome: 'QuotaAttainment' } : {}) };
        const g = await runAnalysis(guid.ws, a.id, { params });
        const o = await runAnalysis(opaque.ws, a.id, { params });
        sameRows(o.rows, g.rows, `${a.id} ${view ?? ''}`);
        assert.deepEqual(Object.keys(o.related), Object.keys(g.related));
        for (const k of Object.keys(g.related)) sameRows(o.related[k].rows, g.related[k].rows, `${a.id} ${view ?? ''} ${k}`);
      }
    }
  } finally {
    await guid.cleanup();
    await opaque.cleanup();
  }
});
