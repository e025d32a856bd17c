/**
 * The audit's judgement of single values and columns: shapes (and that DuckDB's SQL agrees with the
 * JavaScript twin), column classes and findings, redaction, and the CSV / HTML report writers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { shapeCaseSql, shapeOfValue, redactValue, normalisedEntropy, type ValueShape } from '../shared/audit/valueShapes.js';
import { classifyColumn } from '../shared/audit/classifyColumn.js';
import type { AuditReport, ColumnProfile, ShapeCount } from '../shared/audit/types.js';
import { renderAuditCsv } from '../shared/audit/reportCsv.js';
import { renderAuditHtml } from '../shared/audit/reportHtml.js';
import { Engine } from '../electron/backend/engine/engine.js';

const hex64 = (s: string) => createHash('sha256').update(s).digest('hex');
const b64 = (s: string) => createHash('sha256').update(s).digest('base64');

const EXAMPLES: [string, ValueShape][] = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['ann.lee@contoso.com', 'email'],
  ['Ann.Lee@Contoso.co.uk', 'email'],
  [`${hex64('a').slice(0, 40)}@contoso.com`, 'hashed-email'],
  ['d3524f8b-ad57-4cbf-a745-3e51bca5366b', 'guid'],
  ['{D3524F8B-AD57-4CBF-A745-3E51BCA5366B}', 'guid'],
  [hex64('x'), 'hex'],
  [hex64('x').toUpperCase(), 'hex'],
  [b64('x'), 'base64'],
  ['1234567890123456789', 'number'],
  ['-2.5', 'number'],
  ['2024-03-04', 'date'],
  ['2024-03-04T15:46:56', 'date'],
  ['3/4/2024 3:46:56 PM', 'date'],
  ['True', 'boolean'],
  ['no', 'boolean'],
  ['Ann Lee', 'name'],
  ['Mary-Jane O\'Neil', 'name'],
  ['John A. McDonald', 'name'],
  ['Lee, Ann', 'name'],
  ['Quarterly planning review with the customer success team', 'text'],
  ['RE: Process change, approvals for this week', 'text'],
  ['Kd8601b0fcc', 'word'],
  ['CC-1700', 'word'],
  ['Seattle', 'word'],
  ['Field sales', 'word'],
];

test('value shapes: JavaScript classifies the examples as expected', () => {
  for (const [v, shape] of EXAMPLES) assert.equal(shapeOfValue(v), shape, JSON.stringify(v));
});

test('value shapes: the SQL CASE in DuckDB agrees with JavaScript on every example', async () => {
  const db = await Engine.open(':memory:');
  try {
    await db.run('CREATE TABLE v (i INTEGER, s VARCHAR)');
    for (const [i, [v]] of EXAMPLES.entries()) await db.run('INSERT INTO v VALUES ($1, $2)', [i, v]);
    await db.run('INSERT INTO v VALUES (-1, NULL)');
    const r = await db.query(`SELECT i, ${shapeCaseSql('s')} AS shape FROM v ORDER BY i`);
    assert.equal(r.rows[0].shape, 'empty', 'NULL is empty');
    for (const row of r.rows.slice(1)) assert.equal(row.shape, EXAMPLES[Number(row.i)][1], JSON.stringify(EXAMPLES[Number(row.i)][0]));
  } finally {
    db.closeSync();
  }
});

test('entropy separates random tokens from words; short values are not measured', () => {
  const tokens = Array.from({ length: 20 }, (_, i) => hex64(`t${i}`));
  const words = Array.from({ length: 20 }, () => 'SeniorIndividualContributor');
  assert.ok(normalisedEntropy(tokens)! > 0.9);
  assert.ok(normalisedEntropy(words)! < 0.8);
  assert.equal(normalisedEntropy(['short']), undefined);
});

test('redaction keeps the domain, initials or the first characters, never the whole value', () => {
  assert.equal(redactValue('ann.lee@contoso.com'), 'a***.l***@contoso.com');
  assert.equal(redactValue('Ann Lee'), 'A*** L***');
  assert.equal(redactValue(hex64('x')), `${hex64('x').slice(0, 6)}… (64 chars)`);
  assert.equal(redactValue('Quarterly planning review with the customer success team'), '(56 chars)');
});

function profile(values: string[], opts: Partial<ColumnProfile> = {}): ColumnProfile {
  const groups = new Map<string, ShapeCount & { set: Set<string> }>();
  for (const v of values) {
    const shape = shapeOfValue(v);
    const key = `${shape}:${v.trim().length}`;
    const g = groups.get(key) ?? { shape, length: v.trim().length, count: 0, distinct: 0, set: new Set<string>() };
    g.count++;
    g.set.add(v);
    g.distinct = g.set.size;
    groups.set(key, g);
  }
  const shapes = [...groups.values()].map(({ set: _s, ...g }) => g);
  const nonEmpty = shapes.filter((s) => s.shape !== 'empty').reduce((n, s) => n + s.count, 0);
  return {
    table: 'T',
    column: 'C',
    type: 'VARCHAR',
    source: 'export',
    pseudonymExpected: false,
    rows: values.length,
    nonEmpty,
    distinct: new Set(values.filter((v) => v.trim() !== '')).size,
    shapes,
    entropy: normalisedEntropy(values.filter((v) => ['hex', 'base64'].includes(shapeOfValue(v)))),
    examples: ['x'],
    ...opts,
  };
}

const FIRST = ['Ann', 'Bob', 'Carla', 'Dmitri', 'Eve', 'Farid', 'Gita', 'Hugo', 'Ines', 'Jon'];
const LAST = ['Lee', 'Smith', 'Garcia', 'Okafor', 'Novak', 'Rossi'];
const people = FIRST.flatMap((f) => LAST.map((l) => [f, l] as const));

test('columns: masked tokens pass; raw emails, names and a token mix in a pseudonym column are alerts', () => {
  const tokens = people.map(([f, l]) => hex64(`${f}.${l}`));
  const ok = classifyColumn(profile(tokens, { pseudonymExpected: true }));
  assert.equal(ok.audit.class, 'token');
  assert.deepEqual(ok.findings, []);
  assert.equal(ok.audit.examples, undefined, 'no examples for a clean column');

  const raw = classifyColumn(profile(people.map(([f, l]) => `${f}.${l}@contoso.com`.toLowerCase()), { pseudonymExpected: true }));
  assert.equal(raw.audit.class, 'raw-email');
  assert.deepEqual(raw.findings.map((f) => [f.severity, f.code]), [['alert', 'raw-email-in-pseudonym-column']]);
  assert.equal(raw.audit.verdict, 'alert');
  assert.deepEqual(raw.audit.examples, ['x']);

  const mixed = classifyColumn(profile(people.map(([f, l], i) => (i % 2 ? hex64(f + l) : b64(f + l))), { pseudonymExpected: true }));
  assert.equal(mixed.audit.class, 'mixed-tokens');
  assert.deepEqual(mixed.findings.map((f) => f.code), ['mixed-token-formats']);
  assert.deepEqual(mixed.audit.formats.map((f) => f.format).sort(), ['base64-44', 'hex-64']);

  const names = classifyColumn(profile(people.map(([f, l]) => `${f} ${l}`), { pseudonymExpected: true }));
  assert.ok(names.findings.some((f) => f.code === 'raw-name-in-pseudonym-column' && f.severity === 'alert'));

  const partly = classifyColumn(profile([...tokens, 'n/a', 'unknown'], { pseudonymExpected: true }));
  assert.deepEqual(partly.findings.map((f) => [f.severity, f.code]), [['warning', 'pseudonym-partly-raw']]);
});

test('columns: emails or names anywhere in the export are alerts, in an imported file warnings; categories are fine', () => {
  const names = people.map(([f, l]) => `${f} ${l}`);
  assert.deepEqual(classifyColumn(profile(names)).findings.map((f) => [f.severity, f.code]), [['alert', 'raw-names']]);
  assert.deepEqual(classifyColumn(profile(names, { source: 'dataset' })).findings.map((f) => [f.severity, f.code]), [['warning', 'raw-names']]);
  const emails = people.map(([f, l]) => `${f}.${l}@contoso.com`);
  assert.deepEqual(classifyColumn(profile(emails)).findings.map((f) => f.code), ['raw-emails']);

  // Two capitalised words, but few distinct values over many rows: an org name, not a person.
  const orgs = Array.from({ length: 300 }, (_, i) => ['Field Sales', 'Customer Success', 'Cloud Platform'][i % 3]);
  const org = classifyColumn(profile(orgs));
  assert.equal(org.audit.class, 'categorical');
  assert.deepEqual(org.findings, []);

  const keys = Array.from({ length: 200 }, (_, i) => `K${hex64(String(i)).slice(0, 10)}`);
  assert.equal(classifyColumn(profile(keys)).audit.class, 'identifier');
  const subjects = Array.from({ length: 100 }, (_, i) => `Weekly sync about the roadmap and budget number ${i}`);
  const text = classifyColumn(profile(subjects));
  assert.equal(text.audit.class, 'free-text');
  assert.deepEqual(text.findings.map((f) => f.severity), ['info']);
});

test('columns: typed columns are classified by their type', () => {
  const typed = (type: string) => classifyColumn({ ...profile([]), type, shapes: [], nonEmpty: 10, rows: 10, distinct: 10 }).audit.class;
  assert.equal(typed('UUID'), 'guid');
  assert.equal(typed('BIGINT'), 'number');
  assert.equal(typed('TIMESTAMP'), 'date');
  assert.equal(typed('BOOLEAN'), 'boolean');
});

function sampleReport(): AuditReport {
  return {
    workspace: 'ws <demo>',
    createdAt: '2024-01-01T00:00:00Z',
    seconds: 1.2,
    sampleRows: 100000,
    summary: { tables: 1, columns: 1, alerts: 1, warnings: 0, risks: 1, infos: 0 },
    tables: [{ table: 'PersonHistorical', source: 'export', rows: 10, profiledRows: 10 }],
    columns: [
      { table: 'PersonHistorical', column: 'EmailAddress', type: 'VARCHAR', source: 'export', pseudonymExpected: true, class: 'raw-email', label: 'raw email addresses', rows: 10, nonEmpty: 10, distinct: 10, formats: [], examples: ['a***@contoso.com'], verdict: 'alert' },
    ],
    findings: [{ severity: 'alert', code: 'raw-email-in-pseudonym-column', table: 'PersonHistorical', column: 'EmailAddress', title: 'PersonHistorical.EmailAddress holds raw email addresses', detail: '<script>alert(1)</script>, "quoted"', share: 1 }],
    consistency: [{ id: 'manager-match', title: 'ManagerId values are EmailAddress pseudonyms', status: 'ok', value: 1, detail: 'all found' }],
    kAnonymity: { minGroupSize: 5, available: ['Organization'], sets: [{ attributes: ['Organization'], people: 10, groups: 2, groupsBelow: 1, peopleBelow: 1, smallest: [{ values: { Organization: '=HYPERLINK("x")' }, people: 1 }] }] },
    method: 'by shape',
  };
}

test('HTML report: self-contained, escaped, names every section', () => {
  const html = renderAuditHtml(sampleReport());
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script|<link|src=|href=/i, 'no scripts or external resources');
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /ws &lt;demo&gt;/);
  for (const heading of ['Findings', 'Pseudonym consistency', 'k-anonymity', 'Columns', 'Tables']) assert.match(html, new RegExp(`<h2>${heading}`));
  assert.match(html, /a\*\*\*@contoso\.com/);
});

test('CSV report: one header, quoted fields, spreadsheet formulas defused', () => {
  const csv = renderAuditCsv(sampleReport());
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'section,severity,table,column,item,value,detail');
  assert.ok(lines.some((l) => l.startsWith('finding,alert,PersonHistorical,EmailAddress,raw-email-in-pseudonym-column,1.0000,')));
  assert.ok(lines.some((l) => l.endsWith(',"PersonHistorical.EmailAddress holds raw email addresses. <script>alert(1)</script>, ""quoted"""')), 'a field with commas and quotes is quoted');
  assert.ok(lines.some((l) => l.startsWith('small-combination,,,Organization,"\'=HYPERLINK(""x"")",1,')), 'a value starting with = is prefixed');
  assert.ok(lines.some((l) => l.startsWith('column,alert,PersonHistorical,EmailAddress,raw email addresses,10,')));
});
