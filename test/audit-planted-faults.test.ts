/**
 * The privacy audit on generated exports: the clean demo export raises no alert or warning, and
 * each fault planted into a copy of its PersonHistorical file is reported — raw email addresses and
 * names, a token column mixing 64-hex and base64, ManagerIds from another token space, a person
 * whose pseudonym changed, and a person with a unique attribute combination.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { parseCsvRecords } from '../electron/backend/ingest/csvHead.js';
import { runPrivacyAudit } from '../electron/backend/audit/runPrivacyAudit.js';
import type { AuditReport, Finding } from '../shared/audit/types.js';
import { runCli } from '../electron/cli/main.js';
import { captureIO } from './helpers/captureIO.js';

let root = '';
let clean: AuditReport;
let reports: Record<'rawValues' | 'mixedTokens' | 'otherManagerSpace', AuditReport>;
const plantedUnique = { Organization: 'Legal', FunctionType: 'Legal', Location: 'Reykjavik' };

interface Csv {
  header: string[];
  rows: string[][];
  col(name: string): number;
}

async function readCsv(path: string): Promise<Csv> {
  const { records } = parseCsvRecords(await readFile(path, 'utf8'), ',');
  const [header, ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ''));
  return { header, rows, col: (name) => header.indexOf(name) };
}

function csvText(t: Csv): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [t.header, ...t.rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const FIRST = ['ann', 'bob', 'carla', 'dmitri', 'eve', 'farid', 'gita', 'hugo', 'ines', 'jon', 'kim', 'luis'];
const LAST = ['lee', 'smith', 'garcia', 'okafor', 'novak', 'rossi', 'ito', 'berg', 'silva', 'kowalski'];
const nameOf = (i: number) => [FIRST[i % FIRST.length], LAST[Math.floor(i / FIRST.length) % LAST.length], i >= FIRST.length * LAST.length ? String(i) : ''];
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Write a PersonHistorical-only export with `plant` applied, ingest it, audit it. */
async function auditPlanted(source: Csv, name: string, plant: (t: Csv) => void): Promise<AuditReport> {
  const t: Csv = { header: [...source.header], rows: source.rows.map((r) => [...r]), col: (n) => t.header.indexOf(n) };
  plant(t);
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'PersonHistorical.csv'), csvText(t));
  const ws = await Workspace.open(join(root, `ws-${name}`), { create: true });
  try {
    await ingestExport(ws, { sourceDir: dir });
    return await runPrivacyAudit(ws);
  } finally {
    ws.close();
  }
}

/** Replace every value of a token column through one mapping, so the same person keeps one value. */
function remap(t: Csv, column: string, map: (token: string, index: number) => string, index: Map<string, number>): void {
  const c = t.col(column);
  for (const r of t.rows) if (r[c]) r[c] = map(r[c], index.get(r[c])!);
}



before(async () => {
  root = await mkdtemp(join(tmpdir(), 'wpa-audit-'));
  const demo = join(root, 'demo');
  await generateDemoExport({ outDir: demo, people: 60, weeks: 2, seed: 11 });
  const ws = await Workspace.open(join(root, 'ws-clean'), { create: true });
  try {
    await ingestExport(ws, { sourceDir: demo });
    clean = await runPrivacyAudit(ws);
  } finally {
    ws.close();
  }

  const ph = await readCsv(join(demo, 'PersonHistorical.csv'));
  const email = ph.col('EmailAddress');
  const tokens = new Map<string, number>();
  for (const r of ph.rows) if (!tokens.has(r[email])) tokens.set(r[email], tokens.size);

  const rawValues = await auditPlanted(ph, 'raw-values', (t) => {
    // An unmasked tenant: readable emails in both pseudonym columns (consistently), names in an HR attribute.
    const raw = (_: string, i: number) => `${nameOf(i).filter(Boolean).join('.')}@contoso.com`;
    remap(t, 'EmailAddress', raw, tokens);
    remap(t, 'ManagerId', raw, tokens);
    t.header.push('DisplayName');
    for (const r of t.rows) {
      const i = tokens.get(ph.rows[t.rows.indexOf(r)][email])!;
      r.push(`${title(nameOf(i)[0])} ${title(nameOf(i)[1])}`);
    }
  });

  const mixedTokens = await auditPlanted(ph, 'mixed-tokens', (t) => {
    // Half the people masked by a tool that writes base64 instead of hex: same bytes, other format.
    const mixed = (token: string, i: number) => (i % 2 ? Buffer.from(token, 'hex').toString('base64') : token);
    remap(t, 'EmailAddress', mixed, tokens);
    remap(t, 'ManagerId', mixed, tokens);
    const base = t.rows.find((r) => r[t.col('PopulationType')] === 'MeasuredEmployee' && r[t.col('ManagerId')])!;
    const person = [...base];
    person[t.col('PersonHistoricalId')] = randomUUID();
    person[t.col('EmailAddress')] = sha('planted-unique-person');
    person[t.col('Key_ID')] = 'Kplanted001';
    for (const [k, v] of Object.entries(plantedUnique)) person[t.col(k)] = v;
    t.rows.push(person);
  });

  const otherManagerSpace = await auditPlanted(ph, 'other-manager-space', (t) => {
    // ManagerId masked with another key: still 64-hex, but none of them are EmailAddress tokens.
    remap(t, 'ManagerId', (token) => sha(`other-tenant-key:${token}`), tokens);
    // One person's later HR version got a new pseudonym (their Key_ID stays the same).
    const keyCol = t.col('Key_ID');
    const byKey = new Map<string, string[][]>();
    for (const r of t.rows) if (r[keyCol]) byKey.set(r[keyCol], [...(byKey.get(r[keyCol]) ?? []), r]);
    const versions = [...byKey.values()].find((v) => v.length > 1)!;
    versions[versions.length - 1][t.col('EmailAddress')] = sha('re-issued pseudonym');
  });
  reports = { rawValues, mixedTokens, otherManagerSpace };
});

after(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const alarms = (r: AuditReport) => r.findings.filter((f) => f.severity === 'alert' || f.severity === 'warning');
const has = (r: AuditReport, code: Finding['code'], column?: string) => r.findings.find((f) => f.code === code && (column === undefined || f.column === column));

test('the clean demo export raises no alert or warning and passes every consistency check', () => {
  assert.deepEqual(alarms(clean).map((f) => f.title), []);
  assert.equal(clean.summary.alerts + clean.summary.warnings, 0);
  assert.equal(clean.tables.length, 9, 'all nine export tables audited');
  for (const c of clean.consistency) assert.equal(c.status, 'ok', `${c.id}: ${c.detail}`);
  assert.deepEqual(clean.consistency.map((c) => c.id).sort(), ['history-overlap', 'manager-match', 'person-key', 'token-format-agreement', 'version-id-unique']);
  const col = (t: string, c: string) => clean.columns.find((x) => x.table === t && x.column === c)!;
  assert.equal(col('PersonHistorical', 'EmailAddress').class, 'token');
  assert.deepEqual(col('PersonHistorical', 'EmailAddress').formats.map((f) => f.format), ['hex-64']);
  assert.equal(col('PersonHistorical', 'ManagerId').class, 'token');
  assert.equal(col('MailParticipants', 'PersonHistoricalId').class, 'guid');
  assert.equal(col('Meetings', 'IsRecurring').class, 'boolean');
  assert.equal(col('PersonHistorical', 'Organization').class, 'categorical');
  assert.equal(clean.consistency.find((c) => c.id === 'manager-match')!.value, 1);
});

test('raw email addresses in EmailAddress and ManagerId, and names in an HR attribute, are alerts', () => {
  const r = reports.rawValues;
  for (const column of ['EmailAddress', 'ManagerId']) {
    const f = has(r, 'raw-email-in-pseudonym-column', column);
    assert.ok(f, `${column} flagged`);
    assert.equal(f.severity, 'alert');
    assert.equal(f.share, 1);
    const audit = r.columns.find((c) => c.table === 'PersonHistorical' && c.column === column)!;
    assert.equal(audit.class, 'raw-email');
    assert.ok(audit.examples?.every((e) => /^[a-z]\*\*\*(\.[a-z]\*\*\*)*@contoso\.com$/.test(e)), `examples are redacted: ${audit.examples}`);
  }
  assert.equal(has(r, 'raw-names', 'DisplayName')?.severity, 'alert');
  // Readable but consistent: the manager check still finds every manager.
  assert.equal(r.consistency.find((c) => c.id === 'manager-match')!.status, 'ok');
  assert.equal(has(r, 'mixed-token-formats'), undefined);
});

test('a pseudonym column mixing 64-hex and 44-char base64 tokens is an alert naming both formats', () => {
  const r = reports.mixedTokens;
  const f = has(r, 'mixed-token-formats', 'EmailAddress');
  assert.ok(f);
  assert.equal(f.severity, 'alert');
  assert.match(f.detail, /64-char hex/);
  assert.match(f.detail, /44-char base64/);
  assert.ok(has(r, 'mixed-token-formats', 'ManagerId'));
  assert.equal(has(r, 'raw-email-in-pseudonym-column'), undefined);
  assert.equal(r.consistency.find((c) => c.id === 'manager-match')!.status, 'ok', 'mixed but consistent tokens still match');
});

test('ManagerIds from another token space: the match rate is reported and is an alert', () => {
  const r = reports.otherManagerSpace;
  const check = r.consistency.find((c) => c.id === 'manager-match')!;
  assert.equal(check.status, 'alert');
  assert.equal(check.value, 0);
  assert.match(check.detail, /0 of \d+ distinct ManagerId values \(0\.0 %\)/);
  assert.equal(has(r, 'manager-token-mismatch', 'ManagerId')?.severity, 'alert');
  assert.equal(has(r, 'mixed-token-formats'), undefined, 'same format, so no format alert');
  assert.equal(r.consistency.find((c) => c.id === 'token-format-agreement')!.status, 'ok');
});

test('a person whose pseudonym changed between HR versions is found through Key_ID', () => {
  const r = reports.otherManagerSpace;
  const check = r.consistency.find((c) => c.id === 'person-key')!;
  assert.equal(check.status, 'alert');
  assert.match(check.detail, /Key_ID/);
  const f = has(r, 'pseudonym-changed');
  assert.equal(f?.count, 1);
  assert.equal(clean.consistency.find((c) => c.id === 'person-key')!.value, 0);
});

test('a person with a unique attribute combination is reported by k-anonymity, and was not in the clean export', () => {
  const find = (rep: AuditReport, attr: string) => rep.kAnonymity.sets.find((s) => s.attributes.length === 1 && s.attributes[0] === attr);
  const planted = find(reports.mixedTokens, 'FunctionType')!;
  assert.deepEqual(planted.smallest.find((g) => g.values.FunctionType === 'Legal'), { values: { FunctionType: 'Legal' }, people: 1 });
  assert.ok(!find(clean, 'FunctionType')!.smallest.some((g) => g.values.FunctionType === 'Legal'));
  assert.equal(planted.peopleBelow, find(clean, 'FunctionType')!.peopleBelow + 1);
  const risk = reports.mixedTokens.findings.find((f) => f.code === 'small-groups' && f.column === 'FunctionType');
  assert.equal(risk?.severity, 'risk');
  const all = reports.mixedTokens.kAnonymity.sets.find((s) => s.attributes.length > 1)!;
  assert.ok(all.attributes.includes('Location') && all.attributes.includes('Organization'), 'the combined default set holds the HR attributes');
  const cleanAll = clean.kAnonymity.sets.find((s) => s.attributes.length > 1)!;
  assert.deepEqual(all.attributes, cleanAll.attributes);
  assert.equal(all.peopleBelow, cleanAll.peopleBelow + 1, 'the planted person is one more person in a too-small combination');
});

test('k-anonymity for an attribute set the admin picks, with a stricter minimum group size', async () => {
  const ws = await Workspace.open(join(root, 'ws-mixed-tokens'));
  try {
    const r = await runPrivacyAudit(ws, { attributeSets: [['organization', 'Location']], minGroupSize: 10 });
    assert.equal(r.kAnonymity.minGroupSize, 10);
    assert.deepEqual(r.kAnonymity.sets.map((s) => s.attributes), [['Organization', 'Location']]);
    assert.ok(r.kAnonymity.sets[0].smallest.some((g) => g.values.Organization === 'Legal' && g.values.Location === 'Reykjavik' && g.people === 1));
    await assert.rejects(runPrivacyAudit(ws, { attributeSets: [['NoSuchAttribute']] }), { code: 'audit/unknown-attribute' });
    await assert.rejects(runPrivacyAudit(ws, { minGroupSize: 3 }), { code: 'privacy/min-group-too-low' });
  } finally {
    ws.close();
  }
});

test('CLI: audit prints the findings and writes the HTML and CSV reports', async () => {
  const { io, out, err } = captureIO();
  const html = join(root, 'audit.html');
  const csv = join(root, 'audit.csv');
  const code = await runCli(['audit', '--workspace', join(root, 'ws-raw-values'), '--html', html, '--csv', csv], io);
  assert.equal(code, 0, err.join(''));
  const text = out.join('');
  assert.match(text, /ALERT +PersonHistorical\.EmailAddress holds raw email addresses/);
  assert.match(text, /never tries to reverse/);
  const page = await readFile(html, 'utf8');
  assert.match(page, /PersonHistorical\.EmailAddress holds raw email addresses/);
  assert.doesNotMatch(page, /ann\.lee@contoso\.com/, 'no raw value leaks into the report');
  const table = await readFile(csv, 'utf8');
  assert.match(table, /^\uFEFFsection,severity,table,column,item,value,detail\r\n/);
  assert.match(table, /finding,alert,PersonHistorical,EmailAddress,raw-email-in-pseudonym-column,1\.0000,/);
  assert.equal(await runCli(['audit', '--workspace', join(root, 'ws-raw-values'), '--min-group', '2'], io), 1);
});
