/**
 * The demo export generator: determinism, the export contract (headers, formats, keys), the
 * integrity rules analyses rely on, and the planted numbers recorded in demo-summary.json.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_SCHEMA, MASKED_TOKEN_PATTERN, POPULATION_TYPES, TABLE_NAMES, type TableName } from '../shared/schema/exportSchema.js';
import { isAppError, USAGE_ERROR } from '../shared/errors.js';
import { generateDemoExport, type DemoSummary } from '../electron/backend/demo/generateDemoExport.js';
import { csvField } from '../electron/backend/demo/csvWriter.js';
import { SITES } from '../electron/backend/demo/organisation.js';
import { demoCommand } from '../electron/cli/commands/demo.js';
import { parseArgs, type CliIO } from '../electron/cli/command.js';
import { parseCsv } from './helpers/parseCsv.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const US_TS = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/;
const SMALL = { people: 60, weeks: 3, seed: 7 } as const;

interface Table {
  header: string[];
  rows: string[][];
  col(name: string): number;
}

async function readTable(dir: string, file: string): Promise<Table> {
  const [header, ...rows] = parseCsv(await readFile(join(dir, file), 'utf8'));
  return {
    header,
    rows,
    col(name: string) {
      const i = header.indexOf(name);
      assert.ok(i >= 0, `${file} has no column ${name}`);
      return i;
    },
  };
}

const isoMs = (ts: string): number => Date.parse(`${ts}Z`);

let dirA = '';
let dirB = '';
let dirC = '';
let summaryA: DemoSummary;
const tables = {} as Record<TableName, Table>;

before(async () => {
  dirA = await mkdtemp(join(tmpdir(), 'wpa-demo-a-'));
  dirB = await mkdtemp(join(tmpdir(), 'wpa-demo-b-'));
  dirC = await mkdtemp(join(tmpdir(), 'wpa-demo-c-'));
  summaryA = await generateDemoExport({ outDir: dirA, ...SMALL });
  await generateDemoExport({ outDir: dirB, ...SMALL });
  await generateDemoExport({ outDir: dirC, ...SMALL, seed: SMALL.seed + 1 });
  for (const t of TABLE_NAMES) tables[t] = await readTable(dirA, `${t}.csv`);
});

after(async () => {
  for (const d of [dirA, dirB, dirC]) if (d) await rm(d, { recursive: true, force: true });
});

test('the same options give byte-identical files; another seed gives different ones', async () => {
  const names = (await readdir(dirA)).sort();
  assert.deepEqual(names, [...TABLE_NAMES.map((t) => `${t}.csv`), 'demo-summary.json', 'hr.csv', 'sales.csv'].sort());
  for (const name of names) {
    const a = await readFile(join(dirA, name), 'utf8');
    const b = await readFile(join(dirB, name), 'utf8');
    if (name === 'demo-summary.json') assert.equal(a.split(dirA).join('<dir>'), b.split(dirB).join('<dir>'));
    else assert.ok(a === b, `${name} differs between two runs with the same seed`);
  }
  for (const name of ['PersonHistorical.csv', 'MailParticipants.csv', 'Meetings.csv', 'hr.csv']) {
    assert.notEqual(await readFile(join(dirA, name), 'utf8'), await readFile(join(dirC, name), 'utf8'), `${name} should depend on the seed`);
  }
});

test('headers are the schema columns in declared order (PersonHistorical adds Location, Key_ID, Layer)', () => {
  for (const t of TABLE_NAMES) {
    const declared = EXPORT_SCHEMA[t].columns.map((c) => c.name);
    const expected = t === 'PersonHistorical' ? [...declared, 'Location', 'Key_ID', 'Layer'] : declared;
    assert.deepEqual(tables[t].header, expected, t);
    for (const row of tables[t].rows) assert.equal(row.length, expected.length, `${t}: row with ${row.length} fields`);
  }
});

test('booleans are True/False, ids are lowercase GUIDs, timestamps are ISO, pseudonyms are 64-hex tokens', () => {
  for (const t of TABLE_NAMES) {
    const table = tables[t];
    for (const c of EXPORT_SCHEMA[t].columns) {
      const i = table.col(c.name);
      const optionalEmpty = (t === 'Calls' && c.name === 'MeetingId') || (t === 'PersonHistorical' && c.name === 'ManagerId');
      for (const row of table.rows) {
        const v = row[i];
        if (optionalEmpty && v === '') continue;
        if (c.type === 'BOOLEAN') assert.ok(v === 'True' || v === 'False', `${t}.${c.name} = "${v}"`);
        if (c.type === 'UUID') assert.match(v, GUID, `${t}.${c.name}`);
        if (c.type === 'TIMESTAMP') assert.match(v, ISO_TS, `${t}.${c.name}`);
        if (c.pseudonym) assert.ok(MASKED_TOKEN_PATTERN.test(v) && v === v.toLowerCase(), `${t}.${c.name} = "${v}"`);
      }
    }
  }
  const ids = tables.Mails.rows.map((r) => r[0]);
  assert.equal(new Set(ids).size, ids.length, 'MailId is unique');
});

test('the org tree: every ManagerId is a person token, one CEO without a manager', () => {
  const ph = tables.PersonHistorical;
  const emails = new Set(ph.rows.map((r) => r[ph.col('EmailAddress')]));
  const measured = ph.rows.filter((r) => r[ph.col('PopulationType')] === 'MeasuredEmployee');
  for (const r of ph.rows) {
    const m = r[ph.col('ManagerId')];
    if (m !== '') assert.ok(emails.has(m), `ManagerId ${m} is not an EmailAddress`);
  }
  const withoutManager = new Set(measured.filter((r) => r[ph.col('ManagerId')] === '').map((r) => r[ph.col('EmailAddress')]));
  assert.equal(withoutManager.size, 1);
  for (const r of measured) {
    assert.ok(SITES.some((s) => s.name === r[ph.col('Location')]), 'Location is a site');
    assert.match(r[ph.col('Layer')], /^\d+$/);
    assert.notEqual(r[ph.col('Key_ID')], '');
  }
});

test('HR history: some people have several versions that tile time', () => {
  const ph = tables.PersonHistorical;
  const byPerson = new Map<string, string[][]>();
  for (const r of ph.rows) byPerson.set(r[ph.col('EmailAddress')], [...(byPerson.get(r[ph.col('EmailAddress')]) ?? []), r]);
  const multi = [...byPerson.values()].filter((vs) => vs.length > 1);
  assert.ok(multi.length >= 5, `only ${multi.length} people with HR changes`);
  for (const vs of byPerson.values()) {
    vs.sort((a, b) => isoMs(a[ph.col('StartDate')]) - isoMs(b[ph.col('StartDate')]));
    for (let i = 1; i < vs.length; i++) assert.equal(vs[i - 1][ph.col('EndDate')], vs[i][ph.col('StartDate')]);
    assert.equal(vs[vs.length - 1][ph.col('EndDate')], '9999-12-31T00:00:00');
    if (vs.length > 1) {
      const changed = ['Organization', 'LevelDesignation', 'Location'].some((c) => new Set(vs.map((v) => v[ph.col(c)])).size > 1);
      assert.ok(changed, 'a new version changes an attribute');
    }
  }
});

test('every participant row points at the HR version valid at the event time', () => {
  const ph = tables.PersonHistorical;
  const validity = new Map(ph.rows.map((r) => [r[ph.col('PersonHistoricalId')], [isoMs(r[ph.col('StartDate')]), isoMs(r[ph.col('EndDate')])]]));
  const pairs: [TableName, TableName, string, string][] = [
    ['MeetingParticipants', 'Meetings', 'MeetingId', 'StartTime'],
    ['MailParticipants', 'Mails', 'MailId', 'SentTime'],
    ['CallParticipants', 'Calls', 'CallRecordId', 'StartTime'],
    ['InstantMessageParticipants', 'InstantMessages', 'InstantMessageId', 'SentTime'],
  ];
  for (const [child, parent, key, timeCol] of pairs) {
    const p = tables[parent];
    const when = new Map(p.rows.map((r) => [r[p.col(key)], isoMs(r[p.col(timeCol)])]));
    const c = tables[child];
    for (const r of c.rows) {
      const t = when.get(r[c.col(key)]);
      assert.ok(t !== undefined, `${child}.${key} ${r[c.col(key)]} not in ${parent}`);
      const range = validity.get(r[c.col('PersonHistoricalId')]);
      assert.ok(range, `${child}: unknown PersonHistoricalId`);
      assert.ok(range[0] <= t && t < range[1], `${child}: version not valid at the event`);
    }
  }
});

test('every population type is present; rooms and lists appear only as mail/meeting participants', () => {
  const ph = tables.PersonHistorical;
  const typeOf = new Map(ph.rows.map((r) => [r[ph.col('PersonHistoricalId')], r[ph.col('PopulationType')]]));
  assert.deepEqual(new Set(ph.rows.map((r) => r[ph.col('PopulationType')])), new Set(POPULATION_TYPES));
  const typesIn = (t: TableName) => new Set(tables[t].rows.map((r) => typeOf.get(r[tables[t].col('PersonHistoricalId')])));
  assert.ok(typesIn('MailParticipants').has('DistributionList'), 'lists receive mail');
  assert.ok(typesIn('MailParticipants').has('ExternalCollaborator'), 'externals on mail');
  assert.ok(typesIn('MeetingParticipants').has('MeetingRoom'), 'rooms in meetings');
  assert.ok(!typesIn('CallParticipants').has('MeetingRoom') && !typesIn('InstantMessageParticipants').has('DistributionList'), 'no rooms on calls, no lists in chats');
  for (const r of ph.rows.filter((x) => x[ph.col('PopulationType')] === 'ExternalCollaborator')) {
    assert.deepEqual([r[ph.col('Organization')], r[ph.col('FunctionType')], r[ph.col('Location')], r[ph.col('Key_ID')]], ['', '', '', '']);
  }
});

test('mails: one sender per mail, recipient counts, threads in time order, quoting exercised', () => {
  const mp = tables.MailParticipants;
  const senders = new Map<string, number>();
  const participants = new Map<string, number>();
  for (const r of mp.rows) {
    const id = r[mp.col('MailId')];
    participants.set(id, (participants.get(id) ?? 0) + 1);
    if (r[mp.col('IsSender')] === 'True') senders.set(id, (senders.get(id) ?? 0) + 1);
    const hours = Number(r[mp.col('PersonTimeSpentInHours')]);
    assert.ok(hours >= 0 && hours < 1, `PersonTimeSpentInHours ${hours}`);
  }
  const m = tables.Mails;
  const lastSent = new Map<string, number>();
  for (const r of m.rows) {
    const id = r[m.col('MailId')];
    assert.equal(senders.get(id), 1, 'exactly one sender');
    assert.equal(Number(r[m.col('NumberOfRecipients')]), (participants.get(id) ?? 0) - 1);
    const conv = r[m.col('ConversationId')];
    const t = isoMs(r[m.col('SentTime')]);
    assert.ok(t > (lastSent.get(conv) ?? -Infinity), 'thread mails in increasing SentTime');
    lastSent.set(conv, t);
  }
  assert.ok(m.rows.some((r) => /[,"]/.test(r[m.col('Subject')])), 'some subjects need CSV quoting');
  assert.equal(csvField('a,"b"\nc'), '"a,""b""\nc"');
  assert.equal(csvField('plain'), 'plain');
});

test('meetings: adjusted ≤ scheduled, double booking totals agree, recurring/cancelled/declined present', () => {
  const mt = tables.Meetings;
  const pp = tables.MeetingParticipants;
  const doubleBooked = new Map<string, number>();
  for (const r of pp.rows) if (r[pp.col('IsDoubleBooked')] === 'True') doubleBooked.set(r[0], (doubleBooked.get(r[0]) ?? 0) + 1);
  for (const r of mt.rows) {
    assert.ok(Number(r[mt.col('DurationMinutesAdjusted')]) <= Number(r[mt.col('DurationMinutes')]), 'adjusted ≤ scheduled');
    assert.equal(Number(r[mt.col('TotalDoubleBooked')]), doubleBooked.get(r[mt.col('MeetingId')]) ?? 0);
  }
  const has = (col: string, v: string) => mt.rows.some((r) => r[mt.col(col)] === v);
  assert.ok(has('IsRecurring', 'True') && has('IsCancelled', 'True'));
  assert.ok(pp.rows.some((r) => r[pp.col('Response')] === 'Declined'), 'some declines');
  assert.ok(doubleBooked.size > 0, 'some double booking');
  assert.ok(mt.rows.some((r) => Number(r[mt.col('TotalEmailsDuringMeeting')]) > 0), 'some emails during meetings');
  const recurringSubjects = new Set(mt.rows.filter((r) => r[mt.col('IsRecurring')] === 'True').map((r) => r[mt.col('Subject')]));
  assert.ok(recurringSubjects.size < mt.rows.filter((r) => r[mt.col('IsRecurring')] === 'True').length / 2, 'recurring series repeat their subject');
});

test('calls: scheduled ones reference meetings, ad-hoc ones have none; participants stay inside the call', () => {
  const calls = tables.Calls;
  const meetingIds = new Set(tables.Meetings.rows.map((r) => r[0]));
  const span = new Map(calls.rows.map((r) => [r[0], [isoMs(r[calls.col('StartTime')]), isoMs(r[calls.col('EndTime')])]]));
  assert.ok(calls.rows.some((r) => r[calls.col('MeetingId')] === ''), 'some ad-hoc calls');
  assert.ok(calls.rows.some((r) => meetingIds.has(r[calls.col('MeetingId')])), 'some online meetings');
  for (const r of calls.rows) if (r[calls.col('MeetingId')] !== '') assert.ok(meetingIds.has(r[calls.col('MeetingId')]), 'Calls.MeetingId is a meeting');
  const ph = tables.PersonHistorical;
  const offsetOf = new Map(ph.rows.map((r) => [r[ph.col('PersonHistoricalId')], SITES.find((s) => s.name === r[ph.col('Location')])?.utcOffsetMinutes]));
  const cp = tables.CallParticipants;
  let checked = 0;
  for (const r of cp.rows) {
    const [start, end] = span.get(r[0]) ?? [NaN, NaN];
    const localStart = isoMs(r[cp.col('LocalStartTime')]);
    const localEnd = isoMs(r[cp.col('LocalEndTime')]);
    assert.ok(localEnd > localStart && localEnd - localStart <= end - start, 'participant time within call length');
    const offset = offsetOf.get(r[cp.col('PersonHistoricalId')]);
    if (offset === undefined) continue;
    assert.ok(localStart - offset * 60_000 >= start && localEnd - offset * 60_000 <= end, 'participant inside the call');
    checked++;
  }
  assert.ok(checked > 100, `only ${checked} call legs checked`);
});

test('IMs: isAfterHours agrees with LocalSentTime (Mon–Fri 08:00–17:00), one sender per message', () => {
  const ip = tables.InstantMessageParticipants;
  const senders = new Map<string, number>();
  let afterHours = 0;
  for (const r of ip.rows) {
    const local = new Date(isoMs(r[ip.col('LocalSentTime')]));
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    const expected = weekend || local.getUTCHours() < 8 || local.getUTCHours() >= 17;
    assert.equal(r[ip.col('isAfterHours')], expected ? 'True' : 'False');
    if (expected) afterHours++;
    if (r[ip.col('IsSender')] === 'True') {
      senders.set(r[0], (senders.get(r[0]) ?? 0) + 1);
      assert.ok(Number(r[ip.col('SenderTimeSpentInMinutes')]) > 0, 'sender time > 0');
    }
  }
  assert.ok(afterHours > 0 && afterHours < ip.rows.length / 2, `${afterHours} of ${ip.rows.length} after hours`);
  for (const r of tables.InstantMessages.rows) assert.equal(senders.get(r[0]), 1);
});

test('hr.csv and sales.csv join on Key_ID with the recorded match rates', async () => {
  const ph = tables.PersonHistorical;
  const keys = new Set(ph.rows.map((r) => r[ph.col('Key_ID')]).filter((k) => k !== ''));
  const planted = summaryA.planted as Record<string, { rows: number; matchedRows: number; expectedMatchRate: number }>;
  for (const [file, name] of [['hr.csv', 'hrFile'], ['sales.csv', 'salesFile']] as const) {
    const t = await readTable(dirA, file);
    const matched = t.rows.filter((r) => keys.has(r[t.col('Key_ID')])).length;
    assert.ok(matched < t.rows.length, `${file}: some keys must not match`);
    assert.equal(t.rows.length, planted[name].rows);
    assert.equal(matched, planted[name].matchedRows);
    assert.equal(Math.round((matched / t.rows.length) * 1e6) / 1e6, planted[name].expectedMatchRate);
  }
  const hr = await readTable(dirA, 'hr.csv');
  assert.match(hr.rows[0][hr.col('EmployeeId')], /^E\d{6}$/);
  const sales = await readTable(dirA, 'sales.csv');
  for (const r of sales.rows) assert.ok(Number(r[sales.col('QuotaAttainment')]) > 0 && Number(r[sales.col('CSAT')]) <= 5, `sales row ${r.join(',')}`);
});

test('planted thread-length effect is recoverable from the files', () => {
  const ph = tables.PersonHistorical;
  const fnOf = new Map(ph.rows.map((r) => [r[ph.col('PersonHistoricalId')], r[ph.col('FunctionType')]]));
  const mp = tables.MailParticipants;
  const senderOf = new Map(mp.rows.filter((r) => r[mp.col('IsSender')] === 'True').map((r) => [r[0], r[1]]));
  const m = tables.Mails;
  const threads = new Map<string, { first: number; fn: string; n: number }>();
  for (const r of m.rows) {
    const t = isoMs(r[m.col('SentTime')]);
    const th = threads.get(r[m.col('ConversationId')]);
    const fn = fnOf.get(senderOf.get(r[0]) ?? '') ?? '';
    if (!th) threads.set(r[m.col('ConversationId')], { first: t, fn, n: 1 });
    else {
      th.n++;
      if (t < th.first) Object.assign(th, { first: t, fn });
    }
  }
  const mean = (fns: string[]) => {
    const ts = [...threads.values()].filter((t) => fns.includes(t.fn));
    return ts.reduce((s, t) => s + t.n, 0) / ts.length;
  };
  const long = mean(['Sales', 'Marketing']);
  const short = mean(['Engineering', 'Research']);
  assert.ok(long > 2 * short, `Sales/Marketing ${long.toFixed(2)} vs Engineering/Research ${short.toFixed(2)}`);
});

test('planted co-location and seller effects are reported with their realised strength', () => {
  const planted = summaryA.planted as {
    coLocationOfSameFunctionPairs: { realised: { mailInteractionRatio: number; sharedMeetingRatio: number } };
    sellerExternalCollaboration: { realisedCorrelation: Record<string, number> };
  };
  // Same-site groups are tiny in a 60-person demo, so the ratio is lower here than at the default size (~5).
  const coLocation = planted.coLocationOfSameFunctionPairs.realised;
  assert.ok(coLocation.mailInteractionRatio > 1.5 && coLocation.sharedMeetingRatio > 1.5, `co-location ratios ${JSON.stringify(coLocation)}`);
  const r = planted.sellerExternalCollaboration.realisedCorrelation;
  assert.ok(r.externalEmailsVsQuotaAttainment > 0.3 && r.externalMeetingsVsQuotaAttainment > 0.2, `seller correlations ${JSON.stringify(r)}`);
});

test('us timestamp format writes M/D/YYYY h:mm:ss AM/PM and is otherwise the same export', async () => {
  const iso = await mkdtemp(join(tmpdir(), 'wpa-demo-iso-'));
  const us = await mkdtemp(join(tmpdir(), 'wpa-demo-us-'));
  try {
    await generateDemoExport({ outDir: iso, people: 20, weeks: 1, seed: 3 });
    await generateDemoExport({ outDir: us, people: 20, weeks: 1, seed: 3, timestampFormat: 'us' });
    const toIso = (v: string) => {
      const m = US_TS.exec(v);
      if (!m) return v;
      let h = Number(m[4]) % 12;
      if (m[7] === 'PM') h += 12;
      const p = (n: number | string) => String(n).padStart(2, '0');
      return `${m[3]}-${p(m[1])}-${p(m[2])}T${p(h)}:${m[5]}:${m[6]}`;
    };
    for (const t of TABLE_NAMES) {
      const a = await readTable(iso, `${t}.csv`);
      const b = await readTable(us, `${t}.csv`);
      const tsCols = EXPORT_SCHEMA[t].columns.filter((c) => c.type === 'TIMESTAMP').map((c) => b.col(c.name));
      for (const row of b.rows) for (const i of tsCols) assert.match(row[i], US_TS, `${t} ${row[i]}`);
      assert.deepEqual(b.rows.map((r) => r.map(toIso)), a.rows, t);
    }
  } finally {
    await rm(iso, { recursive: true, force: true });
    await rm(us, { recursive: true, force: true });
  }
});

test('bad options are user errors; a cancelled run leaves no files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wpa-demo-bad-'));
  try {
    await assert.rejects(generateDemoExport({ outDir: dir, startDate: '2024-01-02' }), (e: unknown) => isAppError(e) && /Monday/.test(e.message));
    await assert.rejects(generateDemoExport({ outDir: dir, people: 3 }), (e: unknown) => isAppError(e) && e.code === 'demo-invalid-option');
    const controller = new AbortController();
    const run = generateDemoExport({ outDir: dir, people: 200, weeks: 4, signal: controller.signal, onProgress: () => controller.abort() });
    await assert.rejects(run, (e: unknown) => isAppError(e) && e.code === 'cancelled');
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the CLI command writes the export and prints a summary', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wpa-demo-cli-'));
  let stdout = '';
  const sink = (write: (s: string) => void) => ({ write: (s: string) => (write(s), true) }) as unknown as NodeJS.WritableStream;
  const io: CliIO = { stdout: sink((s) => (stdout += s)), stderr: sink(() => undefined) };
  try {
    await demoCommand.run(parseArgs(demoCommand, ['--out', dir, '--people', '20', '--weeks', '1', '--seed', '5']), io);
    assert.match(stdout, /MailParticipants\s+[\d,]+ rows/);
    assert.match(stdout, /Done in \d+\.\d s/);
    const summary = JSON.parse(await readFile(join(dir, 'demo-summary.json'), 'utf8')) as DemoSummary;
    assert.equal(summary.people, 20);
    const usage = (e: unknown) => isAppError(e) && e.code === USAGE_ERROR;
    await assert.rejects(demoCommand.run(parseArgs(demoCommand, ['--out', dir, '--timestamp-format', 'eu']), io), usage);
    await assert.rejects(demoCommand.run(parseArgs(demoCommand, ['--out', dir, '--people', 'many']), io), usage);
    await assert.rejects(demoCommand.run(parseArgs(demoCommand, ['--people', '20']), io), usage);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
