/**
 * Joining imported files to the export: the generator's HR and sales files match at the recorded
 * rates and feed analyses through PersonAttributes; local hashing meets masked keys; as-of matching
 * gives each HR version the file row valid then; names, duplicates, removal and the CLI.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoExport, type DemoSummary } from '../electron/backend/demo/generateDemoExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { importDataset, listDatasets } from '../electron/backend/datasets/importDataset.js';
import { previewJoin } from '../electron/backend/datasets/previewJoin.js';
import { listJoins, removeJoin, saveJoin } from '../electron/backend/datasets/saveJoin.js';
import { hashKeyValue } from '../electron/backend/datasets/joinKeys.js';
import { PERSON_ATTRIBUTES_VIEW } from '../shared/schema/views.js';
import { runAnalysis } from '../electron/backend/analyses/runAnalysis.js';
import { isAppError, type AppErrorData } from '../shared/errors.js';
import { runCli } from '../electron/cli/main.js';
import { captureIO } from './helpers/captureIO.js';
import { joinCoverage } from '../renderer/src/screens/import/joinCoverage.js';

let root = '';
let demo: DemoSummary;
let ws: Workspace;
let small: Workspace;

interface FileStats {
  rows: number;
  matchedRows: number;
  expectedMatchRate: number;
}

async function appError(p: Promise<unknown>): Promise<AppErrorData> {
  try {
    await p;
  } catch (e) {
    assert.ok(isAppError(e), `expected an AppError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected an error');
}

async function query(w: Workspace, sql: string) {
  return (await (await w.engine()).query(sql)).rows;
}

async function columnsOf(w: Workspace, table: string): Promise<string[]> {
  return (await query(w, `SELECT column_name FROM duckdb_columns() WHERE table_name = '${table}' ORDER BY column_index`)).map((r) => String(r.column_name));
}

const SALT = 'tenant-salt-2024';
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
/** People of the small hand-made export: raw email, Key, HR versions [start, end), organization. */
const PEOPLE = [
  { email: 'ann.lee@contoso.com', key: 'E1', versions: [['2023-01-01', '2024-02-05'], ['2024-02-05', '9999-12-31']], org: 'Sales' },
  { email: 'bob.smith@contoso.com', key: 'E2', versions: [['2022-06-01', '9999-12-31']], org: 'Sales' },
  { email: 'carla.garcia@contoso.com', key: 'E3', versions: [['2021-03-01', '9999-12-31']], org: 'Finance' },
  { email: 'dmitri.novak@fabrikam.com', key: 'E4', versions: [['2021-03-01', '9999-12-31']], org: 'Finance' },
];

/** A PersonHistorical whose EmailAddress is salted SHA-256 of the lower-case email, and a keep-domain variant. */
async function writeSmallExport(dir: string): Promise<void> {
  const header = 'PersonHistoricalId,EmailAddress,StartDate,EndDate,PopulationType,ManagerId,Organization,FunctionType,LevelDesignation,EmployeeKey,DomainToken';
  const rows: string[] = [];
  for (const p of PEOPLE) {
    const [local, domain] = p.email.split('@');
    for (const [start, end] of p.versions) {
      rows.push([randomUUID(), sha(SALT + p.email), `${start}T00:00:00`, `${end}T00:00:00`, 'MeasuredEmployee', '', p.org, 'Seller', 'IC', p.key, `${sha(SALT + local)}@${domain}`].join(','));
    }
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'PersonHistorical.csv'), [header, ...rows].join('\n') + '\n');
}



before(async () => {
  root = await mkdtemp(join(tmpdir(), 'wpa-join-'));
  demo = await generateDemoExport({ outDir: join(root, 'demo'), people: 60, weeks: 2, seed: 5 });
  ws = await Workspace.open(join(root, 'ws'), { create: true });
  await ingestExport(ws, { sourceDir: join(root, 'demo') });
  await writeSmallExport(join(root, 'small-export'));
  small = await Workspace.open(join(root, 'ws-small'), { create: true });
  await ingestExport(small, { sourceDir: join(root, 'small-export') });
});

after(async () => {
  ws?.close();
  small?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

test("the generator's hr.csv and sales.csv join on Key_ID at the recorded match rates, shown before saving", async () => {
  const planted = demo.planted as { hrFile: FileStats; salesFile: FileStats };
  await importDataset(ws, demo.hrFile, { name: 'hr' });
  await importDataset(ws, demo.salesFile, { name: 'sales' });
  for (const [name, expected] of [['hr', planted.hrFile], ['sales', planted.salesFile]] as const) {
    const p = await previewJoin(ws, { name, dataset: name, datasetKey: 'Key_ID', exportKey: 'Key_ID' });
    assert.equal(p.rows, expected.rows, `${name} rows`);
    assert.equal(p.matchedRows, expected.matchedRows, `${name} matched rows`);
    assert.ok(Math.abs(p.matchRate - expected.expectedMatchRate) < 1e-6, `${name}: ${p.matchRate} vs ${expected.expectedMatchRate}`);
    assert.equal(p.unmatched.datasetKeys.length, Math.min(10, expected.rows - expected.matchedRows), 'unmatched samples from the file');
    assert.equal(p.duplicateKeys.count, 0);
    assert.deepEqual(p.warnings, []);
  }
  // The audit's classifier marks the columns that identify people at import; the join form leaves them unticked.
  const people = listDatasets(ws).map((d) => [d.name, d.columns.filter((c) => c.identifiesPeople).map((c) => `${c.name}: ${c.identifiesPeople}`)]);
  assert.deepEqual(people, [['hr', ['EmployeeId: identifiers / codes', 'Key_ID: identifiers / codes']], ['sales', []]]);
  const hr = await previewJoin(ws, { name: 'hr', dataset: 'hr', datasetKey: 'key_id', exportKey: 'KEY_ID' });
  assert.equal(hr.measuredEmployees.matched, hr.measuredEmployees.total, 'every measured employee has an HR row');
  assert.equal(hr.exportKeyMatchRate, 1);
  assert.deepEqual(hr.columns.map((c) => c.name), ['EmployeeId', 'HireDate', 'CostCentre', 'Region']);
  assert.ok(!(await columnsOf(ws, PERSON_ATTRIBUTES_VIEW)).includes('CostCentre'), 'a preview saves nothing');
});

test('saved joins add their columns to PersonAttributes (one row per HR version) and to join_<name> views; analyses group by them', async () => {
  const saved = await saveJoin(ws, { dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
  assert.equal(saved.join.view, 'join_hr');
  // What the save says can group: by the analyses' rule, not an employee number or a hire date.
  assert.deepEqual(saved.groupBy, ['CostCentre', 'Region']);
  await saveJoin(ws, { dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
  const cols = await columnsOf(ws, PERSON_ATTRIBUTES_VIEW);
  const ph = await columnsOf(ws, 'PersonHistorical');
  assert.deepEqual(cols, [...ph, 'EmployeeId', 'HireDate', 'CostCentre', 'Region', 'QuotaAttainment', 'Revenue', 'CSAT']);
  const [counts] = await query(ws, `SELECT (SELECT count(*) FROM PersonAttributes) AS pa, (SELECT count(*) FROM PersonHistorical) AS ph, (SELECT count(*) FROM join_hr) AS hr,
    (SELECT count(DISTINCT EmailAddress) FROM PersonAttributes WHERE QuotaAttainment IS NOT NULL) AS sellers`);
  assert.equal(counts.pa, counts.ph);
  assert.equal(counts.hr, (await query(ws, `SELECT count(*) AS n FROM PersonHistorical WHERE PopulationType = 'MeasuredEmployee'`))[0].n);
  assert.equal(counts.sellers, (demo.planted as { salesFile: FileStats }).salesFile.matchedRows);

  const r = await runAnalysis(ws, 'thread-length', { params: { by: 'CostCentre' } });
  assert.equal(r.params.by, 'CostCentre');
  assert.ok(r.rows.length > 0);
  // Originators with no joined HR row (collaborators) form the group without a cost centre (NULL).
  assert.ok(r.rows.every((row) => row.grp === null || /^CC-\d{4}$/.test(String(row.grp)) || String(row.grp).startsWith('Other')), JSON.stringify(r.rows.map((x) => x.grp)));
  const byRegion = await runAnalysis(ws, 'thread-length', { params: { by: 'region' } });
  assert.ok(byRegion.rows.some((row) => ['Americas', 'EMEA', 'APAC'].includes(String(row.grp))));
  assert.deepEqual(listJoins(ws).map((j) => [j.name, j.exportKey, j.datasetKey]), [['hr', 'Key_ID', 'Key_ID'], ['sales', 'Key_ID', 'Key_ID']]);
  // Each saved join keeps how many measured employees get its values, counted here from the rows.
  const [m] = await query(ws, `SELECT count(DISTINCT EmailAddress) FILTER (WHERE PopulationType = 'MeasuredEmployee') AS total,
    count(DISTINCT EmailAddress) FILTER (WHERE PopulationType = 'MeasuredEmployee' AND QuotaAttainment IS NOT NULL) AS sellers,
    count(DISTINCT EmailAddress) FILTER (WHERE PopulationType = 'MeasuredEmployee' AND Region IS NOT NULL) AS with_hr FROM PersonAttributes`);
  const covered = Object.fromEntries(listJoins(ws).map((j) => [j.name, j.measuredCovered]));
  assert.deepEqual(covered.sales, { matched: Number(m.sellers), total: Number(m.total) });
  assert.deepEqual(covered.hr, { matched: Number(m.with_hr), total: Number(m.total) });
  assert.ok(Number(m.sellers) < Number(m.total), 'the sales file covers only the sellers');
  // The saved-joins list says so: all of the file's rows may match while most people get no values.
  const sales = joinCoverage({ dataset: 'sales', matchRate: 1, measuredCovered: covered.sales });
  assert.equal(sales.rows.text, '100 % of rows matched');
  assert.equal(sales.people?.text, `${m.sellers} of ${m.total} measured employees get values`);
  assert.equal(sales.people?.partial, true);
  assert.match(sales.people?.title ?? '', new RegExp(`sales has no row for the other ${Number(m.total) - Number(m.sellers)} measured employees: in its columns they read "Unknown"`));
  assert.equal(joinCoverage({ dataset: 'old', matchRate: 0.5 }).people, undefined, 'a join saved before the count says nothing of people');
});

test('hashing the file key locally (salted SHA-256 of the trimmed lower-case value) meets masked EmailAddress values', async () => {
  await writeFile(join(root, 'teams.csv'), 'Email,Team\n Ann.Lee@Contoso.com ,Alpha\nbob.smith@contoso.com,Beta\nCARLA.GARCIA@contoso.com,Gamma\nnobody@contoso.com,Delta\n');
  await importDataset(small, join(root, 'teams.csv'), { name: 'teams' });

  const raw = await previewJoin(small, { name: 'teams', dataset: 'teams', datasetKey: 'Email', exportKey: 'EmailAddress' });
  assert.equal(raw.matchedRows, 0);
  assert.match(raw.warnings.join(' '), /masked tokens .*--hash --salt/);
  const refused = await appError(saveJoin(small, { dataset: 'teams', datasetKey: 'Email', exportKey: 'EmailAddress' }));
  assert.equal(refused.code, 'join/no-matches');
  assert.match(refused.hint ?? '', /hash/);

  const wrongSalt = await previewJoin(small, { name: 'teams', dataset: 'teams', datasetKey: 'Email', exportKey: 'EmailAddress', hash: { salt: 'other', keepDomain: false } });
  assert.equal(wrongSalt.matchedRows, 0);
  assert.match(wrongSalt.warnings.join(' '), /check the salt/);

  const hashed = await saveJoin(small, { dataset: 'teams', datasetKey: 'Email', exportKey: 'EmailAddress', hash: { salt: SALT, keepDomain: false } });
  assert.equal(hashed.preview.matchedRows, 3);
  assert.equal(hashed.preview.matchRate, 0.75);
  assert.deepEqual(hashed.preview.unmatched.datasetKeys, ['nobody@contoso.com']);
  assert.deepEqual(hashed.join.hash, { keepDomain: false, salted: true }, 'the salt is not shown');
  const teams = await query(small, `SELECT EmployeeKey, Team FROM PersonAttributes ORDER BY EmployeeKey, StartDate`);
  assert.deepEqual(teams.map((t) => [t.EmployeeKey, t.Team]), [['E1', 'Alpha'], ['E1', 'Alpha'], ['E2', 'Beta'], ['E3', 'Gamma'], ['E4', null]]);
  assert.equal(hashKeyValue(' Ann.Lee@Contoso.com ', { salt: SALT, keepDomain: false }), sha(SALT + 'ann.lee@contoso.com'));

  const domain = await previewJoin(small, { name: 'teams_domain', dataset: 'teams', datasetKey: 'Email', exportKey: 'DomainToken', hash: { salt: SALT, keepDomain: true } });
  assert.equal(domain.matchedRows, 3);
  assert.equal(hashKeyValue('Ann.Lee@Contoso.com', { salt: SALT, keepDomain: true }), `${sha(SALT + 'ann.lee')}@contoso.com`);
  const noDomain = await previewJoin(small, { name: 'teams_domain', dataset: 'teams', datasetKey: 'Email', exportKey: 'DomainToken', hash: { salt: SALT, keepDomain: false } });
  assert.equal(noDomain.matchedRows, 0);
  assert.match(noDomain.warnings.join(' '), /turn keep-domain on/);
  await removeJoin(small, 'teams');
});

test('as-of matching gives each HR version the file row valid at its start; without dates, duplicates are refused', async () => {
  // E1 changes cost centre on 2024-02-05, as their HR version does; CC-X was valid only mid-version;
  // E3's history starts after their HR version did, so the earliest overlapping row is used.
  const csv = [
    'EmployeeKey,ValidFrom,ValidTo,CostCentre',
    'E1,2020-01-01,2023-05-31,CC-A',
    'E1,2023-06-01,2023-06-30,CC-X',
    'E1,2023-07-01,2024-02-04,CC-A',
    'E1,2024-02-05,,CC-B',
    'E2,2019-01-01,,CC-2',
    'E3,2023-01-01,,CC-3',
    'E9,2020-01-01,,CC-9',
  ].join('\n');
  await writeFile(join(root, 'history.csv'), csv + '\n');
  await importDataset(small, join(root, 'history.csv'), { name: 'history' });

  const dup = await appError(saveJoin(small, { dataset: 'history', datasetKey: 'EmployeeKey', exportKey: 'EmployeeKey' }));
  assert.equal(dup.code, 'join/duplicate-keys');
  assert.match(dup.message, /e1/i);

  const saved = await saveJoin(small, { dataset: 'history', datasetKey: 'EmployeeKey', exportKey: 'EmployeeKey', asOf: { start: 'ValidFrom', end: 'ValidTo' } });
  assert.equal(saved.preview.matchedRows, 6);
  assert.equal(saved.preview.rowsUsed, 4, 'CC-X and the first CC-A row are never valid at a version start');
  assert.deepEqual(saved.preview.columns.map((c) => c.name), ['CostCentre'], 'key and as-of columns are not added');
  const got = await query(small, `SELECT EmployeeKey, CAST(StartDate AS DATE) AS s, CostCentre FROM PersonAttributes ORDER BY EmployeeKey, StartDate`);
  assert.deepEqual(got.map((r) => [r.EmployeeKey, r.s, r.CostCentre]), [
    ['E1', '2023-01-01', 'CC-A'],
    ['E1', '2024-02-05', 'CC-B'],
    ['E2', '2022-06-01', 'CC-2'],
    ['E3', '2021-03-01', 'CC-3'],
    ['E4', '2021-03-01', null],
  ]);

  // With a start column only, a row is valid until the next row of the same key starts.
  await saveJoin(small, { name: 'history', dataset: 'history', datasetKey: 'EmployeeKey', exportKey: 'EmployeeKey', asOf: { start: 'ValidFrom' } });
  const startOnly = await query(small, `SELECT CostCentre FROM PersonAttributes WHERE EmployeeKey = 'E1' ORDER BY StartDate`);
  assert.deepEqual(startOnly.map((r) => r.CostCentre), ['CC-A', 'CC-B']);
  await removeJoin(small, 'history');
  assert.ok(!(await columnsOf(small, PERSON_ATTRIBUTES_VIEW)).includes('CostCentre'));
  assert.equal((await query(small, `SELECT count(*) AS n FROM duckdb_views() WHERE view_name = 'join_history'`))[0].n, 0);
});

test('joining on an HR attribute value; joined names get the join name as prefix only when they clash', async () => {
  await writeFile(join(root, 'orgs.csv'), 'Organization,Region,Organization Head\nSales,EMEA,Ann\nFinance,APAC,Carla\n');
  await importDataset(small, join(root, 'orgs.csv'), { name: 'orgs' });
  const a = await saveJoin(small, { dataset: 'orgs', datasetKey: 'Organization', exportKey: 'Organization', columns: ['Region', 'Organization', 'Organization Head'] });
  assert.deepEqual(a.preview.columns.map((c) => c.name), ['Region', 'orgs_Organization', 'Organization Head']);
  assert.deepEqual(a.preview.people, { total: 4, matched: 4 });
  await writeFile(join(root, 'regions.csv'), 'Key,region\nE1,North\n');
  await importDataset(small, join(root, 'regions.csv'), { name: 'regions' });
  const b = await saveJoin(small, { dataset: 'regions', datasetKey: 'Key', exportKey: 'EmployeeKey' });
  assert.deepEqual(b.preview.columns.map((c) => c.name), ['regions_region'], 'region clashes with the earlier join’s Region');
  const rows = await query(small, `SELECT DISTINCT EmployeeKey, Region, regions_region FROM PersonAttributes ORDER BY EmployeeKey`);
  assert.deepEqual(rows.map((r) => [r.EmployeeKey, r.Region, r.regions_region]), [['E1', 'EMEA', 'North'], ['E2', 'EMEA', null], ['E3', 'APAC', null], ['E4', 'APAC', null]]);
});

test('re-importing a joined dataset rebuilds the join; a version without the key column is refused and the old one kept', async () => {
  await writeFile(join(root, 'regions.csv'), 'Key,region\nE1,South\nE2,West\n');
  const r = await importDataset(small, join(root, 'regions.csv'), { name: 'regions' });
  assert.deepEqual(r.usedByJoins, ['regions']);
  assert.deepEqual((await query(small, `SELECT DISTINCT EmployeeKey, regions_region FROM PersonAttributes WHERE regions_region IS NOT NULL ORDER BY 1`)).map((x) => x.regions_region), ['South', 'West']);
  await writeFile(join(root, 'regions-bad.csv'), 'Id,region\nE1,East\n');
  const e = await appError(importDataset(small, join(root, 'regions-bad.csv'), { name: 'regions' }));
  assert.equal(e.code, 'import/breaks-join');
  assert.deepEqual((await query(small, 'SELECT Key FROM regions ORDER BY 1')).map((x) => x.Key), ['E1', 'E2']);
  await removeJoin(small, 'regions');
  await removeJoin(small, 'orgs');
  assert.deepEqual(await columnsOf(small, PERSON_ATTRIBUTES_VIEW), await columnsOf(small, 'PersonHistorical'));
  assert.equal((await appError(removeJoin(small, 'regions'))).code, 'join/not-found');
});

test('bad join specs are clear errors', async () => {
  const codes = async (spec: Parameters<typeof previewJoin>[1]) => (await appError(previewJoin(small, spec))).code;
  assert.equal(await codes({ name: 'x', dataset: 'nope', datasetKey: 'Key', exportKey: 'EmployeeKey' }), 'join/no-dataset');
  assert.equal(await codes({ name: 'x', dataset: 'regions', datasetKey: 'Nope', exportKey: 'EmployeeKey' }), 'join/no-column');
  assert.equal(await codes({ name: 'x', dataset: 'regions', datasetKey: 'Key', exportKey: 'Nope' }), 'join/no-export-key');
  assert.equal(await codes({ name: 'x', dataset: 'regions', datasetKey: 'Key', exportKey: 'EmployeeKey', asOf: { start: 'region' } }), 'join/as-of-not-date');
  assert.equal((await appError(saveJoin(small, { name: 'bad name', dataset: 'regions', datasetKey: 'Key', exportKey: 'EmployeeKey' }))).code, 'join/bad-name');
});

test('CLI: join --dry-run shows the match rate and saves nothing; join saves, lists and removes', async () => {
  const { io, out, err } = captureIO();
  const dir = join(root, 'ws');
  ws.close();
  try {
    const args = ['join', '--workspace', dir, '--dataset', 'sales', '--dataset-key', 'Key_ID', '--export-key', 'Key_ID', '--name', 'sales2', '--columns', 'Revenue'];
    assert.equal(await runCli([...args, '--dry-run'], io), 0, err.join(''));
    const rate = (100 * (demo.planted as { salesFile: FileStats }).salesFile.expectedMatchRate).toFixed(1);
    assert.match(out.join(''), new RegExp(`Match rate: ${rate.replace('.', '\\.')} %`));
    assert.match(out.join(''), /Adds: sales2_Revenue BIGINT|Adds: Revenue as sales2_Revenue BIGINT/);
    assert.match(out.join(''), /dry run: nothing saved/);
    out.length = 0;
    assert.equal(await runCli(['join', '--list', '--workspace', dir], io), 0);
    assert.doesNotMatch(out.join(''), /sales2/);
    assert.equal(await runCli(args, io), 0, err.join(''));
    assert.match(out.join(''), /Saved: view join_sales2; PersonAttributes adds [^\n]*; group analyses by sales2_Revenue with --by\.\n/);
    out.length = 0;
    assert.equal(await runCli(['join', '--list', '--workspace', dir], io), 0);
    assert.match(out.join(''), /sales2 +sales\.Key_ID = Key_ID/);
    assert.match(out.join(''), /sales2 .* of rows, [\d,]+ of [\d,]+ measured employees get values/);
    assert.equal(await runCli(['join', '--remove', 'sales2', '--workspace', dir], io), 0);
    assert.equal(await runCli([...args, '--hash'], io), 2, '--hash without --salt is a usage error');

    // Without --columns, the join form's rule: columns that identify people stay out, and the output says how to bring them.
    out.length = 0;
    const hr = ['join', '--workspace', dir, '--dataset', 'hr', '--dataset-key', 'Key_ID', '--export-key', 'Key_ID', '--name', 'hr2'];
    assert.equal(await runCli([...hr, '--dry-run'], io), 0, err.join(''));
    assert.match(out.join(''), /Adds: HireDate as hr2_HireDate DATE, CostCentre as hr2_CostCentre VARCHAR, Region as hr2_Region VARCHAR\n/);
    assert.match(out.join(''), /Left out, as they identify people \(the privacy audit would warn\): EmployeeId \(identifiers \/ codes\)\n/);
    assert.match(out.join(''), /To bring them in, name the columns: --columns HireDate,CostCentre,Region,EmployeeId\n/);
    assert.equal(await runCli([...hr, '--columns', 'Region,EmployeeId', '--dry-run'], io), 0, err.join(''));
    assert.match(out.join(''), /Adds: Region as hr2_Region VARCHAR, EmployeeId as hr2_EmployeeId VARCHAR\n\(dry run/, 'named columns come in, with no note');
  } finally {
    ws = await Workspace.open(dir);
  }
  assert.ok(!listJoins(ws).some((j) => j.name === 'sales2'));
});
