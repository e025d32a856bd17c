/**
 * The audit's framing: k-anonymity counts the measured employees (collaborators have no HR data and
 * are reported apart), every count says what it counts, and an imported HR file's EmployeeId — one
 * value per person — is flagged and is never offered as a Group by attribute, while its join key is
 * reported as the export's key is.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoExport, type DemoSummary } from '../electron/backend/demo/generateDemoExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { importDataset } from '../electron/backend/datasets/importDataset.js';
import { saveJoin } from '../electron/backend/datasets/saveJoin.js';
import { groupableAttributes, runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { runPrivacyAudit } from '../electron/backend/audit/runPrivacyAudit.js';
import { exportPersonQuery } from '../electron/backend/analyses/personQueryExport.js';
import { renderAuditHtml } from '../shared/audit/reportHtml.js';
import { renderAuditCsv } from '../shared/audit/reportCsv.js';
import type { AuditReport } from '../shared/audit/types.js';
import { parseCsv } from './helpers/parseCsv.js';

let root = '';
let ws: Workspace;
let demo: DemoSummary;
let report: AuditReport;
/** Counted from the generated CSV, not through the app's population rule. */
const truth = { measured: 0, internal: 0, external: 0 };

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'wpa-audit-framing-'));
  demo = await generateDemoExport({ outDir: join(root, 'demo'), people: 60, weeks: 2, seed: 7 });
  const rows = parseCsv(await readFile(join(root, 'demo', 'PersonHistorical.csv'), 'utf8'));
  const [header, ...body] = rows;
  const [email, type] = [header.indexOf('EmailAddress'), header.indexOf('PopulationType')];
  const byType = new Map<string, Set<string>>();
  for (const r of body) if (r.length > 1) byType.set(r[type], (byType.get(r[type]) ?? new Set()).add(r[email]));
  truth.measured = byType.get('MeasuredEmployee')?.size ?? 0;
  truth.internal = byType.get('InternalCollaborator')?.size ?? 0;
  truth.external = byType.get('ExternalCollaborator')?.size ?? 0;
  assert.ok(truth.measured > 0 && truth.external > 0, 'the demo has employees and collaborators');

  ws = await Workspace.open(join(root, 'ws'), { create: true });
  await ingestExport(ws, { sourceDir: join(root, 'demo') });
  await importDataset(ws, demo.hrFile, { name: 'hr' });
  await saveJoin(ws, { name: 'hr', dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
  report = await runPrivacyAudit(ws);
});

after(async () => {
  ws?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

test('k-anonymity counts the measured employees; collaborators are reported apart', () => {
  const k = report.kAnonymity;
  assert.ok(k.sets.length > 0);
  for (const s of k.sets) assert.equal(s.people, truth.measured, `${s.attributes.join(' × ')} counts the measured employees`);
  assert.deepEqual(k.population, { basis: 'measured employees', counted: truth.measured, collaborators: truth.internal + truth.external, internal: truth.internal, external: truth.external });
  for (const f of report.findings.filter((x) => x.code === 'small-groups')) {
    assert.match(f.title, new RegExp(`^\\d+ of ${truth.measured} measured employees (is|are) in `), f.title);
    assert.ok(f.share !== undefined && Math.abs(f.share - (f.count ?? 0) / truth.measured) < 1e-9, 'the share is of the measured employees');
  }
  const html = renderAuditHtml(report);
  assert.match(html, new RegExp(`Counts the ${truth.measured} measured employees; percentages are of them\\. ${truth.internal + truth.external} collaborators \\(${truth.internal} internal, ${truth.external} external\\)`));
  assert.match(html, /<th class="num">Measured employees<\/th>/);
  // The report's findings carry the same severity legend as the screen.
  assert.match(html, /<span class="sev info">info<\/span> a fact about the data, for reference: nothing to do/);
});

test("an imported HR file's EmployeeId is flagged, not ok, and is offered nowhere as a group", async () => {
  const employeeId = report.columns.find((c) => c.table === 'hr' && c.column === 'EmployeeId');
  assert.ok(employeeId, 'the hr dataset is audited');
  assert.notEqual(employeeId.verdict, 'ok');
  const f = report.findings.find((x) => x.table === 'hr' && x.column === 'EmployeeId');
  assert.equal(f?.severity, 'warning');
  assert.match(f?.title ?? '', /identifies people/);
  // Categorical columns of the same file stay fine and groupable.
  assert.equal(report.columns.find((c) => c.table === 'hr' && c.column === 'Region')?.verdict, 'ok');

  const groupable = await groupableAttributes(ws);
  assert.ok(groupable.includes('Region') && groupable.includes('CostCentre') && groupable.includes('Organization'), groupable.join(', '));
  assert.ok(!groupable.some((a) => /^(EmployeeId|Key_ID|EmailAddress|PersonHistoricalId)$/i.test(a)), `no identifier offered: ${groupable.join(', ')}`);
  // A hire date is a day per person, not a group; ordinary HR attributes and the file's categories stay.
  assert.ok(!groupable.includes('HireDate'), `HireDate is no group: ${groupable.join(', ')}`);
  for (const a of ['Organization', 'FunctionType', 'LevelDesignation', 'Location', 'Layer', 'Region', 'CostCentre']) assert.ok(groupable.includes(a), `${a} stays: ${groupable.join(', ')}`);
  await assert.rejects(runAnalysis(ws, 'thread-length', { params: { by: 'HireDate' } }), { code: 'analysis/unknown-attribute' });
  // The row-level person query still carries it as an HR attribute; identifying columns stay out.
  const pq = await exportPersonQuery(ws, join(root, 'person-query.csv'));
  assert.ok(pq.columns.includes('HireDate') && pq.columns.includes('Region'), pq.columns.join(', '));
  assert.ok(!pq.columns.includes('EmployeeId'), pq.columns.join(', '));
  assert.ok(!report.kAnonymity.available.includes('EmployeeId'), 'nor to the audit picker');
  // A hire date groups no analysis but can single people out in a combination: the admin may check it.
  assert.ok(report.kAnonymity.available.includes('HireDate'), `the audit picker offers HireDate: ${report.kAnonymity.available.join(', ')}`);
  assert.ok(!report.kAnonymity.sets.some((s) => s.attributes.includes('HireDate')), 'not in a default set (not a category)');
  const withHire = await runPrivacyAudit(ws, { attributeSets: [['Organization', 'HireDate']] });
  assert.deepEqual(withHire.kAnonymity.sets.map((s) => s.attributes), [['Organization', 'HireDate']]);
  await assert.rejects(runAnalysis(ws, 'thread-length', { params: { by: 'EmployeeId' } }), { code: 'analysis/unknown-attribute' });
  await assert.rejects(runPrivacyAudit(ws, { attributeSets: [['EmployeeId']] }), { code: 'audit/unknown-attribute' });
});

test("the imported file's join key is reported as the export's key is (info), and says it is the join key", () => {
  const exportKey = report.findings.find((x) => x.table === 'PersonHistorical' && x.column === 'Key_ID' && x.code === 'identifies-people');
  assert.equal(exportKey?.severity, 'info', "the export's Key_ID, for reference");
  // The export's side names the join it belongs to: which imported file's column matches it.
  assert.match(exportKey?.title ?? '', /^PersonHistorical\.Key_ID identifies people \(identifiers \/ codes\): the join key of hr\.Key_ID$/);
  assert.match(exportKey?.detail ?? '', /Join "hr" matches the imported hr\.Key_ID to it\.$/);
  const key = report.findings.filter((x) => x.table === 'hr' && x.column === 'Key_ID');
  assert.deepEqual(key.map((f) => f.severity), ['info'], 'one finding, at the level of the export\'s key');
  assert.match(key[0].title, /^hr\.Key_ID is the join key/);
  assert.match(key[0].detail, /joins hr to PersonHistorical\.Key_ID \(join "hr"\)/);
  assert.doesNotMatch(key[0].detail, /leave it out of the join/);
  assert.equal(report.columns.find((c) => c.table === 'hr' && c.column === 'Key_ID')?.verdict, 'info');
});

test('a set of one attribute speaks of its values, not of combinations', async () => {
  const one = await runPrivacyAudit(ws, { attributeSets: [['Organization'], ['Organization', 'FunctionType']], minGroupSize: 20 });
  const [single, pair] = one.kAnonymity.sets;
  assert.ok(single.groupsBelow > 0 && pair.groupsBelow > 0, 'both sets have small groups at 20');
  const f = (attrs: string) => one.findings.find((x) => x.code === 'small-groups' && x.column === attrs)!;
  assert.match(f('Organization').title, / (is|are) in Organization values held by fewer than 20$/);
  assert.match(f('Organization').detail ?? '', new RegExp(`^${single.groupsBelow} of ${single.groups} values? (has|have) fewer than 20 `));
  assert.doesNotMatch(`${f('Organization').title} ${f('Organization').detail}`, /combination/);
  assert.match(f('Organization × FunctionType').title, /combinations of fewer than 20$/);
  const html = renderAuditHtml(one);
  assert.match(html, /<h3>Smallest values of Organization<\/h3>/);
  assert.match(html, /<th class="num">Values or combinations<\/th>/);
  assert.match(html, /<h3>Smallest combinations of Organization × FunctionType<\/h3>/);
  assert.doesNotMatch(html, /\$\{counted\}/, 'the table heading is filled in');
  const csv = renderAuditCsv(one);
  assert.match(csv, /k-anonymity,risk,,Organization,[^\n]*,\d+ of \d+ values (has|have) fewer than/);
});

test('a small-groups title agrees with its count: "1 of 60 measured employees is in …", "8 of 60 … are in …"', async () => {
  const r = await runPrivacyAudit(ws, { attributeSets: [['Layer'], ['FunctionType']], minGroupSize: 5 });
  const titles = r.findings.filter((x) => x.code === 'small-groups').map((x) => [x.count, x.title] as const);
  assert.ok(titles.some(([n]) => n === 1) && titles.some(([n]) => (n ?? 0) > 1), `one finding of one person and one of several (demo seed 7): ${JSON.stringify(titles)}`);
  for (const [n, title] of titles) assert.match(title, new RegExp(`^${n} of ${truth.measured} measured employees ${n === 1 ? 'is' : 'are'} in `), title);
});

// Last: it saves the join again without EmployeeId, as the join form does by default.
test("an imported EmployeeId no saved join brings in is said to be not joined, still a warning; joined, the finding advises leaving it out", async () => {
  const joined = report.findings.find((x) => x.table === 'hr' && x.column === 'EmployeeId' && x.code === 'identifies-people');
  assert.match(joined?.detail ?? '', /leave it out of the join, or mask it, unless you need it/);
  assert.doesNotMatch(joined?.detail ?? '', /Not joined/);
  await saveJoin(ws, { name: 'hr', dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID', columns: ['HireDate', 'CostCentre', 'Region'] });
  const after = await runPrivacyAudit(ws);
  const f = after.findings.find((x) => x.table === 'hr' && x.column === 'EmployeeId' && x.code === 'identifies-people');
  assert.equal(f?.severity, 'warning', 'the readable employee number is still stored in the workspace');
  assert.match(f?.detail ?? '', /Not joined: it reaches no analysis; it stays in the imported table, readable in SQL\.$/);
  assert.doesNotMatch(f?.detail ?? '', /leave it out of the join/);
});
