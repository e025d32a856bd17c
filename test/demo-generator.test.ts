/**
 * The demo export generator: determinism, the export contract (headers, formats, keys), the
 * integrity rules analyses rely on, and the planted numbers recorded in demo-summary.json.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_SCHEMA, GUID_PATTERN, MASKED_TOKEN_PATTERN, POPULATION_TYPES, TABLE_NAMES, type TableName } from '../shared/schema/exportSchema.js';
import { isAppError, USAGE_ERROR } from '../shared/errors.js';
import { generateDemoExport, type DemoSummary } from '../electron/backend/demo/generateDemoExport.js';
import { csvField } from '../shared/format/csvField.js';
import { SITES } from '../electron/backend/demo/organisation.js';
import { demoCommand } from '../electron/cli/commands/demo.js';
import { parseArgs, type CliIO } from '../electron/cli/command.js';
import { parseCsv } from './helpers/parseCsv.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A GUID anywhere in a value, with or without dashes or braces. */
const GUID_INSIDE = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/i;
const ISO_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const US_TS = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/;
const INTEGER = /^-?\d+$/;
const DOUBLE = /^-?\d+(\.\d+)?$/;
const SMALL = { people: 60, weeks: 3, seed: 7 } as const;
/** The HR attributes this demo tenant uploads: extra PersonHistorical columns, between ManagerId and LevelDesignation. */
const HR_ATTRIBUTES = ['FunctionType', 'Location', 'Key_ID', 'Layer'];
const RESPONSES = ['Accepted', 'Tentative', 'Declined', 'NoResponse'];

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

async function readExport(dir: string): Promise<Record<TableName, Table>> {
  const out = {} as Record<TableName, Table>;
  for (const t of TABLE_NAMES) out[t] = await readTable(dir, `${t}.csv`);
  return out;
}

const isoMs = (ts: string): number => Date.parse(`${ts}Z`);
const documented = (t: TableName) => EXPORT_SCHEMA[t].columns.map((c) => c.name);

let dirA = '';
let dirB = '';
let dirC = '';
let dirO = '';
let dirO2 = '';
let summaryA: DemoSummary;
let tables = {} as Record<TableName, Table>;
let opaque = {} as Record<TableName, Table>;
/** UTC offset in ms per PersonHistoricalId, for the entities that have a Location. */
let offsetOf = new Map<string, number>();
let populationOf = new Map<string, string>();
/** UTC send time of every mail, from a participant whose offset is known. */
let mailUtc = new Map<string, number>();

before(async () => {
  dirA = await mkdtemp(join(tmpdir(), 'wpa-demo-a-'));
  dirB = await mkdtemp(join(tmpdir(), 'wpa-demo-b-'));
  dirC = await mkdtemp(join(tmpdir(), 'wpa-demo-c-'));
  dirO = await mkdtemp(join(tmpdir(), 'wpa-demo-o-'));
  dirO2 = await mkdtemp(join(tmpdir(), 'wpa-demo-o2-'));
  summaryA = await generateDemoExport({ outDir: dirA, ...SMALL });
  await generateDemoExport({ outDir: dirB, ...SMALL });
  await generateDemoExport({ outDir: dirC, ...SMALL, seed: SMALL.seed + 1 });
  await generateDemoExport({ outDir: dirO, ...SMALL, ids: 'opaque', externalIds: true });
  await generateDemoExport({ outDir: dirO2, ...SMALL, ids: 'opaque', externalIds: true });
  tables = await readExport(dirA);
  opaque = await readExport(dirO);
  const ph = tables.PersonHistorical;
  offsetOf = new Map();
  for (const r of ph.rows) {
    const site = SITES.find((s) => s.name === r[ph.col('Location')]);
    if (site) offsetOf.set(r[ph.col('PersonHistoricalId')], site.utcOffsetMinutes * 60_000);
  }
  populationOf = new Map(ph.rows.map((r) => [r[ph.col('PersonHistoricalId')], r[ph.col('PopulationType')]]));
  const mp = tables.MailParticipants;
  mailUtc = new Map();
  for (const r of mp.rows) {
    const off = offsetOf.get(r[mp.col('PersonHistoricalId')]);
    if (off === undefined) continue;
    const utc = isoMs(r[mp.col('LocalSentTime')]) - off;
    const known = mailUtc.get(r[0]);
    assert.ok(known === undefined || known === utc, 'all participants of a mail see the same instant');
    mailUtc.set(r[0], utc);
  }
});

after(async () => {
  for (const d of [dirA, dirB, dirC, dirO, dirO2]) if (d) await rm(d, { recursive: true, force: true });
});

test('the same options give byte-identical files; another seed gives different ones', async () => {
  const names = (await readdir(dirA)).sort();
  assert.deepEqual(names, [...TABLE_NAMES.map((t) => `${t}.csv`), 'demo-summary.json', 'hr.csv', 'sales.csv'].sort());
  for (const [x, y] of [[dirA, dirB], [dirO, dirO2]]) {
    for (const name of names) {
      const a = await readFile(join(x, name), 'utf8');
      const b = await readFile(join(y, name), 'utf8');
      if (name === 'demo-summary.json') assert.equal(a.split(x).join('<dir>'), b.split(y).join('<dir>'));
      else assert.ok(a === b, `${name} differs between two runs with the same seed and options`);
    }
  }
  for (const name of ['PersonHistorical.csv', 'MailParticipants.csv', 'Meetings.csv', 'hr.csv']) {
    assert.notEqual(await readFile(join(dirA, name), 'utf8'), await readFile(join(dirC, name), 'utf8'), `${name} should depend on the seed`);
  }
});

test('headers are the documented columns in documented order; PersonHistorical has its HR attributes between ManagerId and LevelDesignation', () => {
  for (const t of TABLE_NAMES) {
    const doc = documented(t);
    let expected = doc;
    if (t === 'PersonHistorical') {
      assert.deepEqual(doc, ['PersonHistoricalId', 'EmailAddress', 'StartDate', 'EndDate', 'PopulationType', 'ManagerId', 'LevelDesignation', 'Organization', 'IsInternal', 'ExternalCollaboratorId']);
      const at = doc.indexOf('ManagerId') + 1;
      expected = [...doc.slice(0, at), ...HR_ATTRIBUTES, ...doc.slice(at)];
      assert.ok(!HR_ATTRIBUTES.some((a) => doc.includes(a)), 'HR attributes are not documented columns');
    }
    assert.deepEqual(tables[t].header, expected, t);
    assert.deepEqual(opaque[t].header, expected, `${t} (opaque ids)`);
    for (const row of tables[t].rows) assert.equal(row.length, expected.length, `${t}: row with ${row.length} fields`);
  }
});

/** Documented columns that may be empty, and when. */
function mayBeEmpty(t: TableName, column: string): boolean {
  return (t === 'Calls' && column === 'MeetingId') || (t === 'PersonHistorical' && (column === 'ManagerId' || column === 'ExternalCollaboratorId' || column === 'LevelDesignation' || column === 'Organization'));
}

function checkTypes(ts: Record<TableName, Table>, ids: 'guid' | 'opaque', timestamp: RegExp): void {
  for (const t of TABLE_NAMES) {
    const table = ts[t];
    for (const c of EXPORT_SCHEMA[t].columns) {
      const i = table.col(c.name);
      for (const row of table.rows) {
        const v = row[i];
        const where = `${t}.${c.name} = "${v}"`;
        if (v === '') {
          assert.ok(mayBeEmpty(t, c.name), `${t}.${c.name} is empty`);
          continue;
        }
        if (c.documentedType === 'Boolean') assert.ok(v === 'True' || v === 'False', where);
        if (c.documentedType === 'integer') assert.match(v, INTEGER, where);
        if (c.documentedType === 'double') assert.match(v, DOUBLE, where);
        if (c.documentedType === 'datetime') assert.match(v, timestamp, where);
        if (c.key && ids === 'guid') assert.match(v, GUID, where);
        if (c.key && ids === 'opaque') {
          assert.ok(!GUID_PATTERN.test(v) && !GUID_INSIDE.test(v), `${where} is (or holds) a GUID`);
          assert.ok(v.length >= 40 && v.length <= 60 && /^[A-Za-z0-9_-]+$/.test(v), where);
        }
        if (c.pseudonym) assert.ok(MASKED_TOKEN_PATTERN.test(v) && v === v.toLowerCase(), where);
      }
    }
  }
}

test('values parse as their documented types: True/False, integers, doubles, ISO datetimes, GUID ids, 64-hex pseudonyms', () => {
  checkTypes(tables, 'guid', ISO_TS);
  const ids = tables.Mails.rows.map((r) => r[0]);
  assert.equal(new Set(ids).size, ids.length, 'MailId is unique');
});

test('opaque ids: no GUID in any id column, unique, deterministic, and the same export otherwise', () => {
  checkTypes(opaque, 'opaque', ISO_TS);
  // Map every GUID to its opaque id through the primary keys; every id column then agrees cell for cell.
  const map = new Map<string, string>();
  for (const t of TABLE_NAMES) {
    const def = EXPORT_SCHEMA[t];
    if (def.primaryKey.length !== 1) continue;
    const k = tables[t].col(def.primaryKey[0]);
    for (let r = 0; r < tables[t].rows.length; r++) map.set(tables[t].rows[r][k], opaque[t].rows[r][k]);
    const pk = opaque[t].rows.map((row) => row[k]);
    assert.equal(new Set(pk).size, pk.length, `${t}.${def.primaryKey[0]} unique`);
  }
  const conv = tables.Mails.col('ConversationId');
  const convMap = new Map<string, string>();
  tables.Mails.rows.forEach((row, r) => {
    const o = opaque.Mails.rows[r][conv];
    assert.ok((convMap.get(row[conv]) ?? o) === o, 'one opaque ConversationId per thread');
    convMap.set(row[conv], o);
  });
  assert.equal(new Set(convMap.values()).size, convMap.size);
  for (const t of TABLE_NAMES) {
    assert.equal(opaque[t].rows.length, tables[t].rows.length, t);
    const keyCols = new Set(EXPORT_SCHEMA[t].columns.filter((c) => c.key).map((c) => tables[t].col(c.name)));
    const extId = t === 'PersonHistorical' ? tables[t].col('ExternalCollaboratorId') : -1;
    tables[t].rows.forEach((row, r) => {
      row.forEach((v, i) => {
        const o = opaque[t].rows[r][i];
        if (i === extId) return;
        if (!keyCols.has(i) || v === '') assert.equal(o, v, `${t} row ${r} column ${tables[t].header[i]}`);
        else if (i === conv && t === 'Mails') assert.equal(o, convMap.get(v));
        else assert.equal(o, map.get(v), `${t}.${tables[t].header[i]} maps to the opaque id of its key`);
      });
    });
  }
});

test('PersonHistorical: IsInternal follows PopulationType; ExternalCollaboratorId only for externals, and only when asked for', () => {
  for (const [ts, withIds] of [[tables, false], [opaque, true]] as const) {
    const ph = ts.PersonHistorical;
    const addresses = new Set<string>();
    for (const r of ph.rows) {
      const pop = r[ph.col('PopulationType')];
      assert.equal(r[ph.col('IsInternal')], pop === 'MeasuredEmployee' || pop === 'InternalCollaborator' ? 'True' : 'False', pop);
      const ext = r[ph.col('ExternalCollaboratorId')];
      if (withIds && pop === 'ExternalCollaborator') {
        assert.match(ext, /^[a-z]+\.[a-z]+\d*@[a-z-]+\.[a-z]+$/, 'an external email address');
        addresses.add(`${r[ph.col('EmailAddress')]} ${ext}`);
      } else assert.equal(ext, '', `${pop}: no ExternalCollaboratorId`);
    }
    if (withIds) assert.equal(new Set([...addresses].map((a) => a.split(' ')[1])).size, addresses.size, 'one address per external');
  }
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

test('every participant row points at its parent and at the HR version valid at the event time', () => {
  const ph = tables.PersonHistorical;
  const validity = new Map(ph.rows.map((r) => [r[ph.col('PersonHistoricalId')], [isoMs(r[ph.col('StartDate')]), isoMs(r[ph.col('EndDate')])]]));
  // Participant times are local: to UTC with the person's Location offset, or within a day for entities without one.
  const pairs: [TableName, TableName, string, string][] = [
    ['MeetingParticipants', 'Meetings', 'MeetingId', 'LocalStartTime'],
    ['MailParticipants', 'Mails', 'MailId', 'LocalSentTime'],
    ['CallParticipants', 'Calls', 'CallRecordId', 'LocalStartTime'],
    ['InstantMessageParticipants', 'InstantMessages', 'InstantMessageId', 'LocalSentTime'],
  ];
  const DAY = 86_400_000;
  for (const [child, parent, key, timeCol] of pairs) {
    const parentIds = new Set(tables[parent].rows.map((r) => r[tables[parent].col(key)]));
    const c = tables[child];
    let exact = 0;
    for (const r of c.rows) {
      assert.ok(parentIds.has(r[c.col(key)]), `${child}.${key} ${r[c.col(key)]} not in ${parent}`);
      const id = r[c.col('PersonHistoricalId')];
      const range = validity.get(id);
      assert.ok(range, `${child}: unknown PersonHistoricalId`);
      const local = isoMs(r[c.col(timeCol)]);
      const off = offsetOf.get(id);
      if (off !== undefined) {
        exact++;
        assert.ok(range[0] <= local - off && local - off < range[1], `${child}: version not valid at the event`);
      } else assert.ok(range[0] - DAY <= local && local < range[1] + DAY, `${child}: version not valid near the event`);
    }
    assert.ok(exact > c.rows.length / 2, `${child}: only ${exact} rows checked exactly`);
  }
  const mt = tables.Meetings;
  const meetingStart = new Map(mt.rows.map((r) => [r[0], isoMs(r[mt.col('StartTime')])]));
  const mp = tables.MeetingParticipants;
  for (const r of mp.rows) {
    const off = offsetOf.get(r[mp.col('PersonHistoricalId')]);
    if (off !== undefined) assert.equal(isoMs(r[mp.col('LocalStartTime')]) - off, meetingStart.get(r[0]), 'LocalStartTime is StartTime in local time');
  }
});

test('every population type is present; rooms and lists appear only as mail/meeting participants', () => {
  const ph = tables.PersonHistorical;
  assert.deepEqual(new Set(ph.rows.map((r) => r[ph.col('PopulationType')])), new Set(POPULATION_TYPES));
  const typesIn = (t: TableName) => new Set(tables[t].rows.map((r) => populationOf.get(r[tables[t].col('PersonHistoricalId')])));
  assert.ok(typesIn('MailParticipants').has('DistributionList'), 'lists receive mail');
  assert.ok(typesIn('MailParticipants').has('ExternalCollaborator'), 'externals on mail');
  assert.ok(typesIn('MeetingParticipants').has('MeetingRoom'), 'rooms in meetings');
  assert.ok(!typesIn('CallParticipants').has('MeetingRoom') && !typesIn('InstantMessageParticipants').has('DistributionList'), 'no rooms on calls, no lists in chats');
  for (const r of ph.rows.filter((x) => x[ph.col('PopulationType')] === 'ExternalCollaborator')) {
    assert.deepEqual([r[ph.col('Organization')], r[ph.col('FunctionType')], r[ph.col('Location')], r[ph.col('Key_ID')]], ['', '', '', '']);
  }
});

test('mails: one sender per mail, SentTime in the sender\'s local time, recipient counts, minutes = 60 × hours, threads in time order', () => {
  const mp = tables.MailParticipants;
  const senders = new Map<string, string[][]>();
  const participants = new Map<string, number>();
  for (const r of mp.rows) {
    const id = r[mp.col('MailId')];
    participants.set(id, (participants.get(id) ?? 0) + 1);
    if (r[mp.col('IsSender')] === 'True') senders.set(id, [...(senders.get(id) ?? []), r]);
    const hours = Number(r[mp.col('PersonTimeSpentInHours')]);
    const minutes = Number(r[mp.col('PersonTimeSpentInMinutes')]);
    assert.ok(hours >= 0 && hours < 1, `PersonTimeSpentInHours ${hours}`);
    assert.ok(Math.abs(minutes - 60 * hours) < 1e-9, `PersonTimeSpentInMinutes ${minutes} = 60 × ${hours}`);
    if (r[mp.col('IsSender')] === 'True') assert.ok(minutes > 0, 'the sender spent time writing');
  }
  const m = tables.Mails;
  const lastSent = new Map<string, number>();
  for (const r of m.rows) {
    const id = r[m.col('MailId')];
    const sender = senders.get(id) ?? [];
    assert.equal(sender.length, 1, 'exactly one sender');
    assert.equal(r[m.col('SentTime')], sender[0][mp.col('LocalSentTime')], "SentTime is the sender's local time");
    assert.equal(r[m.col('SenderTimeSpentinMinutes')], sender[0][mp.col('PersonTimeSpentInMinutes')], "SenderTimeSpentinMinutes is the sender's time");
    assert.equal(Number(r[m.col('NumberOfRecipients')]), (participants.get(id) ?? 0) - 1);
    const conv = r[m.col('ConversationId')];
    const t = mailUtc.get(id);
    assert.ok(t !== undefined, 'every mail has an employee on it');
    assert.ok(t > (lastSent.get(conv) ?? -Infinity), 'thread mails in increasing send time');
    lastSent.set(conv, t);
  }
  assert.ok(m.rows.some((r) => /[,"]/.test(r[m.col('Subject')])), 'some subjects need CSV quoting');
  assert.equal(csvField('a,"b"\nc'), '"a,""b""\nc"');
  assert.equal(csvField('plain'), 'plain');
});

test('meetings: totals follow the documented rules and agree with the participant rows', () => {
  const mt = tables.Meetings;
  const pp = tables.MeetingParticipants;
  const rowsOf = new Map<string, string[][]>();
  for (const r of pp.rows) rowsOf.set(r[0], [...(rowsOf.get(r[0]) ?? []), r]);
  const col = (name: string) => pp.col(name);
  for (const r of mt.rows) {
    const id = r[mt.col('MeetingId')];
    const rows = rowsOf.get(id) ?? [];
    const minutes = Number(r[mt.col('DurationMinutes')]);
    const cancelled = r[mt.col('IsCanceled')] === 'True';
    const organizers = rows.filter((x) => x[col('IsOrganizer')] === 'True');
    assert.equal(organizers.length, 1, 'one organizer');
    assert.equal(organizers[0][col('Response')], 'Accepted', "the organizer's row says Accepted");
    const people = rows.filter((x) => !['MeetingRoom', 'DistributionList'].includes(populationOf.get(x[col('PersonHistoricalId')]) ?? ''));
    const invitees = people.filter((x) => x[col('IsOrganizer')] === 'False');
    const count = (resp: string) => invitees.filter((x) => x[col('Response')] === resp).length;
    assert.equal(Number(r[mt.col('TotalAccept')]), count('Accepted'), 'TotalAccept');
    assert.equal(Number(r[mt.col('TotalDecline')]), count('Declined'), 'TotalDecline');
    assert.equal(Number(r[mt.col('TotalNoResponse')]), count('NoResponse'), 'TotalNoResponse');
    assert.equal(Number(r[mt.col('TotalTentativelyAccepted')]), count('Tentative'), 'TotalTentativelyAccepted');
    assert.equal(Number(r[mt.col('TotalAttendees')]), Number(r[mt.col('TotalAccept')]) + Number(r[mt.col('TotalNoResponse')]) + 1, 'TotalAttendees = accept + no response + organizer');
    assert.equal(Number(r[mt.col('TotalDoubleBooked')]), people.filter((x) => x[col('IsDoubleBooked')] === 'True').length, 'TotalDoubleBooked');
    const notDeclined = people.filter((x) => x[col('Response')] !== 'Declined');
    assert.equal(Number(r[mt.col('TotalEmailsDuringMeeting')]), notDeclined.reduce((n, x) => n + Number(x[col('NumberOfEmailsDuringMeeting')]), 0), 'TotalEmailsDuringMeeting');
    for (const x of rows) {
      assert.ok(RESPONSES.includes(x[col('Response')]), x[col('Response')]);
      const adjusted = Number(x[col('DurationMinutesAdjusted')]);
      if (cancelled || x[col('Response')] === 'Declined') {
        assert.equal(adjusted, 0, 'declined or canceled: no time in the meeting');
        assert.equal(x[col('NumberOfEmailsDuringMeeting')], '0');
        assert.equal(x[col('IsDoubleBooked')], 'False');
      } else {
        assert.ok(adjusted > 0 && adjusted <= minutes, `adjusted ${adjusted} of ${minutes}`);
        assert.equal(adjusted < minutes, x[col('IsDoubleBooked')] === 'True', 'reduced exactly when double booked');
      }
    }
  }
  const has = (c: string, v: string) => mt.rows.some((r) => r[mt.col(c)] === v);
  assert.ok(has('IsRecurring', 'True') && has('IsCanceled', 'True') && has('IsCanceled', 'False'));
  for (const resp of RESPONSES) assert.ok(pp.rows.some((r) => r[col('Response')] === resp && r[col('IsOrganizer')] === 'False'), `some ${resp}`);
  assert.ok(pp.rows.some((r) => r[col('IsDoubleBooked')] === 'True'), 'some double booking');
  assert.ok(mt.rows.some((r) => Number(r[mt.col('TotalEmailsDuringMeeting')]) > 0), 'some emails during meetings');
  const recurring = mt.rows.filter((r) => r[mt.col('IsRecurring')] === 'True');
  const recurringSubjects = new Set(recurring.map((r) => r[mt.col('Subject')]));
  assert.ok(recurringSubjects.size < recurring.length / 2, 'recurring series repeat their subject');
});

test('meetings: ICalUid is shared by the occurrences of a series and unique otherwise', () => {
  const mt = tables.Meetings;
  const byUid = new Map<string, string[][]>();
  for (const r of mt.rows) byUid.set(r[mt.col('ICalUid')], [...(byUid.get(r[mt.col('ICalUid')]) ?? []), r]);
  let series = 0;
  for (const [uid, rows] of byUid) {
    assert.match(uid, /^040000008200E00074C5B7101A82E008[0-9A-F]+$/, 'an Outlook global object id');
    if (rows.length === 1) continue;
    series++;
    assert.ok(rows.every((r) => r[mt.col('IsRecurring')] === 'True'), 'only recurring meetings share an ICalUid');
    assert.equal(new Set(rows.map((r) => r[mt.col('Subject')])).size, 1, 'a series keeps its subject');
    assert.equal(new Set(rows.map((r) => r[mt.col('MeetingId')])).size, rows.length, 'each occurrence has its own MeetingId');
  }
  assert.ok(series > 5, `only ${series} recurring series span several weeks`);
});

test('meetings: each participant\'s NumberOfEmailsDuringMeeting and IsDoubleBooked agree with the mails and meetings in the files', () => {
  const mt = tables.Meetings;
  const span = new Map(mt.rows.map((r) => [r[0], [isoMs(r[mt.col('StartTime')]), isoMs(r[mt.col('StartTime')]) + Number(r[mt.col('DurationMinutes')]) * 60_000, r[mt.col('IsCanceled')] === 'True'] as const]));
  const mp = tables.MailParticipants;
  const sentBy = new Map<string, number[]>();
  for (const r of mp.rows) {
    if (r[mp.col('IsSender')] !== 'True') continue;
    const t = mailUtc.get(r[0]);
    if (t !== undefined) sentBy.set(r[mp.col('PersonHistoricalId')], [...(sentBy.get(r[mp.col('PersonHistoricalId')]) ?? []), t]);
  }
  const pp = tables.MeetingParticipants;
  const onCalendar = new Map<string, [number, number][]>();
  const people = pp.rows.filter((r) => !['MeetingRoom', 'DistributionList'].includes(populationOf.get(r[pp.col('PersonHistoricalId')]) ?? ''));
  for (const r of people) {
    const [start, end, cancelled] = span.get(r[0]) ?? [NaN, NaN, true];
    if (cancelled || r[pp.col('Response')] === 'Declined') continue;
    const who = r[pp.col('PersonHistoricalId')];
    onCalendar.set(who, [...(onCalendar.get(who) ?? []), [start, end]]);
  }
  let emails = 0;
  for (const r of people) {
    const [start, end, cancelled] = span.get(r[0]) ?? [NaN, NaN, true];
    if (cancelled || r[pp.col('Response')] === 'Declined') continue;
    const who = r[pp.col('PersonHistoricalId')];
    const overlaps = (onCalendar.get(who) ?? []).filter(([s, e]) => s < end && start < e).length > 1;
    assert.equal(r[pp.col('IsDoubleBooked')], overlaps ? 'True' : 'False', 'IsDoubleBooked');
    if (!offsetOf.has(who)) continue;
    const sent = (sentBy.get(who) ?? []).filter((t) => start <= t && t < end).length;
    assert.equal(Number(r[pp.col('NumberOfEmailsDuringMeeting')]), sent, 'NumberOfEmailsDuringMeeting = mails this participant sent during the meeting');
    emails += sent;
  }
  assert.ok(emails > 0, 'some emails during meetings');
});

test('calls: MeetingId set iff scheduled, TotalParticipants = participant rows, InteractionType and AppName as chosen', () => {
  const calls = tables.Calls;
  const meetingIds = new Set(tables.Meetings.rows.map((r) => r[0]));
  const cp = tables.CallParticipants;
  const legs = new Map<string, string[][]>();
  for (const r of cp.rows) legs.set(r[0], [...(legs.get(r[0]) ?? []), r]);
  const mt = tables.Meetings;
  const span = new Map(mt.rows.map((r) => [r[0], [isoMs(r[mt.col('StartTime')]), isoMs(r[mt.col('StartTime')]) + Number(r[mt.col('DurationMinutes')]) * 60_000]]));
  const pp = tables.MeetingParticipants;
  const responseOf = new Map(pp.rows.map((r) => [`${r[0]} ${r[pp.col('PersonHistoricalId')]}`, r[pp.col('Response')]]));
  const strength = ['Accepted', 'Tentative', 'NoResponse'];
  let checked = 0;
  for (const r of calls.rows) {
    const meetingId = r[calls.col('MeetingId')];
    const scheduled = r[calls.col('IsScheduledCall')] === 'True';
    assert.equal(meetingId !== '', scheduled, 'MeetingId is empty exactly for unscheduled calls');
    const rows = legs.get(r[0]) ?? [];
    assert.equal(Number(r[calls.col('TotalParticipants')]), rows.length, 'TotalParticipants = participant rows');
    assert.ok(rows.length >= 2, 'a call has at least two people');
    assert.equal(rows.filter((x) => x[cp.col('IsOrganizer')] === 'True').length, 1, 'one organizer');
    assert.ok(['Teams', 'Skype'].includes(r[calls.col('AppName')]));
    for (const x of rows) assert.ok(isoMs(x[cp.col('LocalEndTime')]) > isoMs(x[cp.col('LocalStartTime')]), 'a leg ends after it starts');
    if (!scheduled) {
      assert.equal(r[calls.col('InteractionType')], 'Joined');
      continue;
    }
    assert.ok(meetingIds.has(meetingId), 'Calls.MeetingId is a meeting');
    const responses = rows.map((x) => responseOf.get(`${meetingId} ${x[cp.col('PersonHistoricalId')]}`) ?? '');
    assert.ok(responses.every((resp) => strength.includes(resp)), 'people who joined a scheduled call were invited and did not decline');
    assert.equal(r[calls.col('InteractionType')], strength[Math.max(...responses.map((resp) => strength.indexOf(resp)))], 'the weakest response of those who joined');
    const [start, end] = span.get(meetingId) ?? [NaN, NaN];
    for (const x of rows) {
      const off = offsetOf.get(x[cp.col('PersonHistoricalId')]);
      if (off === undefined) continue;
      assert.ok(isoMs(x[cp.col('LocalStartTime')]) - off >= start - 120_000 && isoMs(x[cp.col('LocalEndTime')]) - off <= end + 120_000, 'a leg of an online meeting lies around the meeting');
      checked++;
    }
  }
  const count = (c: string, v: string) => calls.rows.filter((r) => r[calls.col(c)] === v).length;
  assert.ok(count('IsScheduledCall', 'True') > 0 && count('IsScheduledCall', 'False') > 0, 'scheduled and ad-hoc calls');
  assert.ok(count('AppName', 'Teams') > count('AppName', 'Skype') && count('AppName', 'Skype') > 0, 'mostly Teams, some Skype');
  assert.ok(count('InteractionType', 'Accepted') > 0 && count('InteractionType', 'Joined') > 0);
  assert.ok(checked > 100, `only ${checked} call legs checked`);
});

test('IMs: one sender, SentTime in the sender\'s local time, InteractionType by participant count, isAfterHours by local time', () => {
  const ip = tables.InstantMessageParticipants;
  const rowsOf = new Map<string, string[][]>();
  let afterHours = 0;
  for (const r of ip.rows) {
    rowsOf.set(r[0], [...(rowsOf.get(r[0]) ?? []), r]);
    const local = new Date(isoMs(r[ip.col('LocalSentTime')]));
    const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
    const expected = weekend || local.getUTCHours() < 8 || local.getUTCHours() >= 17;
    assert.equal(r[ip.col('isAfterHours')], expected ? 'True' : 'False');
    if (expected) afterHours++;
    const minutes = Number(r[ip.col('SenderTimeSpentInMinutes')]);
    assert.ok(r[ip.col('IsSender')] === 'True' ? minutes > 0 : minutes === 0, 'sender time > 0, others 0');
  }
  assert.ok(afterHours > 0 && afterHours < ip.rows.length / 2, `${afterHours} of ${ip.rows.length} after hours`);
  const im = tables.InstantMessages;
  for (const r of im.rows) {
    const rows = rowsOf.get(r[0]) ?? [];
    const senders = rows.filter((x) => x[ip.col('IsSender')] === 'True');
    assert.equal(senders.length, 1, 'one sender');
    assert.equal(r[im.col('SentTime')], senders[0][ip.col('LocalSentTime')], "SentTime is the sender's local time");
    assert.equal(Number(r[im.col('TotalParticipants')]), rows.length, 'TotalParticipants includes the sender');
    assert.equal(r[im.col('InteractionType')], rows.length === 2 ? 'OneOnOneChat' : 'GroupChat');
    assert.ok(['Teams', 'Skype'].includes(r[im.col('AppName')]));
  }
  assert.ok(im.rows.some((r) => r[im.col('InteractionType')] === 'GroupChat') && im.rows.some((r) => r[im.col('InteractionType')] === 'OneOnOneChat'));
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
    const t = mailUtc.get(r[0]) ?? NaN;
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
      const tsCols = EXPORT_SCHEMA[t].columns.filter((c) => c.documentedType === 'datetime').map((c) => b.col(c.name));
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
    await assert.rejects(generateDemoExport({ outDir: dir, ids: 'uuid' as 'guid' }), (e: unknown) => isAppError(e) && e.code === 'demo-invalid-option');
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
    await demoCommand.run(parseArgs(demoCommand, ['--out', dir, '--people', '20', '--weeks', '1', '--seed', '5', '--ids', 'opaque', '--external-ids']), io);
    assert.match(stdout, /MailParticipants\s+[\d,]+ rows/);
    assert.match(stdout, /opaque ids, external ids/);
    const ph = await readTable(dir, 'PersonHistorical.csv');
    assert.ok(ph.rows.every((r) => !GUID_PATTERN.test(r[0])), '--ids opaque');
    assert.ok(ph.rows.some((r) => r[ph.col('ExternalCollaboratorId')].includes('@')), '--external-ids');
    assert.match(stdout, /Done in \d+\.\d s/);
    const summary = JSON.parse(await readFile(join(dir, 'demo-summary.json'), 'utf8')) as DemoSummary;
    assert.equal(summary.people, 20);
    const usage = (e: unknown) => isAppError(e) && e.code === USAGE_ERROR;
    await assert.rejects(demoCommand.run(parseArgs(demoCommand, ['--out', dir, '--timestamp-format', 'eu']), io), usage);
    await assert.rejects(demoCommand.run(parseArgs(demoCommand, ['--out', dir, '--people', 'many']), io), usage);
    await assert.rejects(demoCommand.run(parseArgs(demoCommand, ['--out', dir, '--ids', 'uuid']), io), usage);
    await assert.rejects(demoCommand.run(parseArgs(demoCommand, ['--people', '20']), io), usage);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
