/**
 * 'datasets/*', 'joins/*' and 'audit/run' through the API service on a small generated export:
 * a user's file is copied into imports/ and imported as a job, the sales file joins on Key_ID at the
 * generator's recorded rate, its columns reach the analyses, the audit finds nothing on the clean
 * export, and a join's salt never leaves the backend.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import type { DemoSummary } from '../electron/backend/demo/generateDemoExport.js';
import type { ImportResultInfo } from '../shared/api/contract.js';
import { demoExport } from './helpers/demoExport.js';
import { apiHarness } from './helpers/apiHarness.js';

interface FileStats {
  rows: number;
  matchedRows: number;
  expectedMatchRate: number;
}

let root: string;
let wsDir: string;
let demo: DemoSummary;
let api: ApiService;
const h = apiHarness();
const { ok, fails, finished, events, result } = h;

const imports = () => (existsSync(join(wsDir, 'imports')) ? readdirSync(join(wsDir, 'imports')).filter((n) => !n.startsWith('.')) : []);
const planted = () => demo.planted as { salesFile: FileStats; hrFile: FileStats };

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-api-datasets-'));
  demo = await demoExport({ people: 60, weeks: 1 });
  wsDir = join(root, 'ws');
  const ws = await Workspace.open(wsDir, { create: true });
  await ingestExport(ws, { sourceDir: demo.outDir });
  ws.close();
  api = h.attach(await createApiService({ workspaceDir: wsDir }));
});

after(async () => {
  await api?.close();
  rmSync(root, { recursive: true, force: true });
});

test('the demo files live outside the workspace, so the sandbox could not read them directly', () => {
  assert.ok(!demo.salesFile.startsWith(wsDir));
  assert.ok(!dirname(demo.salesFile).startsWith(wsDir));
});

test('datasets/preview reads a file from anywhere through a scratch copy it removes', async () => {
  const original = readFileSync(demo.salesFile);
  const p = await ok('datasets/preview', { path: demo.salesFile, name: 'sales', options: { previewRows: 5 } });
  assert.equal(p.rows, planted().salesFile.rows);
  assert.equal(p.sample.length, 5);
  assert.equal(p.file, demo.salesFile);
  assert.equal(p.format, 'csv');
  assert.ok(p.columns.some((c) => c.name === 'Key_ID'));
  assert.ok(p.columns.some((c) => c.name === 'QuotaAttainment'));
  assert.equal(p.replaces, false);
  assert.deepEqual(imports(), [], 'the preview copy is removed');
  // The scratch copy is a hard link where it can be: removing it leaves the user's file whole.
  assert.equal(statSync(demo.salesFile).nlink, 1);
  assert.deepEqual(readFileSync(demo.salesFile), original);
});

test('bad import requests are answered as errors', async () => {
  assert.equal((await fails('datasets/preview', { path: join(root, 'nope.csv') })).code, 'import/file-not-found');
  assert.equal((await fails('datasets/import', { path: demo.salesFile, name: 'PersonHistorical' })).code, 'import/reserved-name');
  assert.equal((await fails('datasets/import', { path: demo.salesFile, name: '1sales' })).code, 'import/bad-name');
  assert.equal((await fails('datasets/import', { path: demo.salesFile, name: 'sales', options: { headerRow: -1 } })).where?.field, 'options.headerRow');
  assert.deepEqual(imports(), []);
});

test('datasets/import copies into imports/ and imports as a job', async () => {
  const { jobId } = await ok('datasets/import', { path: demo.salesFile, name: 'sales' });
  const job = await finished(jobId);
  assert.equal(job.status, 'done', JSON.stringify(job.error));
  assert.equal(job.kind, 'import');
  const result = job.result as unknown as ImportResultInfo;
  assert.equal(result.rows, planted().salesFile.rows);
  assert.equal(dirname(result.dataset.file), join(wsDir, 'imports'));
  assert.equal(imports().length, 1);
  assert.ok(events.some((e) => e.type === 'workspace-changed'));

  const { datasets } = await ok('datasets/list', {});
  assert.deepEqual(datasets.map((d) => d.name), ['sales']);
  assert.equal(datasets[0].rows, planted().salesFile.rows);
  assert.deepEqual(datasets[0].joins, []);
  const info = await ok('workspace/info', {});
  assert.ok(info.tables.some((t) => t.name === 'sales' && t.kind === 'dataset'));
});

test('joins/preview on Key_ID shows the recorded match rate; joins/save feeds the analyses', async () => {
  const spec = { dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID' };
  const p = await ok('joins/preview', spec);
  const expected = planted().salesFile;
  assert.ok(Math.abs(p.matchRate - expected.expectedMatchRate) < 1e-6, `${p.matchRate} vs ${expected.expectedMatchRate}`);
  assert.equal(p.matchedRows, expected.matchedRows);
  assert.equal(p.name, 'sales');

  const saved = await ok('joins/save', spec);
  assert.equal(saved.join.name, 'sales');
  assert.ok(saved.personAttributesColumns.includes('QuotaAttainment'));
  const { joins } = await ok('joins/list', {});
  assert.deepEqual(joins.map((j) => j.name), ['sales']);
  assert.ok(Math.abs(joins[0].matchRate - expected.expectedMatchRate) < 1e-6);
  assert.doesNotMatch(JSON.stringify([saved, joins]), /salt"/);

  const { attributes } = await ok('analyses/list', {});
  assert.ok(attributes.includes('QuotaAttainment'), attributes.join(', '));
  assert.deepEqual((await ok('datasets/list', {})).datasets[0].joins, ['sales']);
});

test('a join that matches nothing is refused; a hashed preview never echoes the salt', async () => {
  const p = await ok('joins/preview', { name: 'hashed', dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID', hash: { salt: 'secret-salt-xyz', keepDomain: false } });
  assert.equal(p.hashed, true);
  assert.doesNotMatch(JSON.stringify(p), /secret-salt-xyz/);
  const e = await fails('joins/save', { name: 'hashed', dataset: 'sales', datasetKey: 'Key_ID', exportKey: 'Key_ID', hash: { salt: 'secret-salt-xyz', keepDomain: false } });
  assert.equal(e.code, 'join/no-matches');
  assert.doesNotMatch(JSON.stringify(e), /secret-salt-xyz/);
  assert.equal((await fails('joins/preview', { dataset: 'sales', datasetKey: '', exportKey: 'Key_ID' })).code, 'api/bad-request');
});

test('audit/run finds no alerts on the clean export; a minimum group size below 5 is refused', async () => {
  const report = await result('audit/run', {});
  assert.equal(report.summary.alerts, 0, JSON.stringify(report.findings.filter((f) => f.severity === 'alert')));
  assert.ok(report.tables.some((t) => t.table === 'PersonHistorical'));
  assert.ok(report.tables.some((t) => t.table === 'sales' && t.source === 'dataset'));
  assert.equal(report.kAnonymity.minGroupSize, 5);

  const custom = await result('audit/run', { attributes: [['Organization']], minGroupSize: 10 });
  assert.equal(custom.kAnonymity.minGroupSize, 10);
  assert.deepEqual(custom.kAnonymity.sets.map((s) => s.attributes), [['Organization']]);

  const e = await fails('audit/run', { minGroupSize: 3 });
  assert.equal(e.code, 'privacy/min-group-too-low');
  assert.equal((await fails('audit/run', { attributes: 'Organization' as unknown as string[][] })).code, 'api/bad-request');
});

test('datasets/remove is refused while a join reads the dataset; joins/remove then datasets/remove', async () => {
  assert.equal((await fails('datasets/remove', { name: 'sales' })).code, 'import/in-use');
  assert.deepEqual(await ok('joins/remove', { name: 'sales' }), { removed: 'sales', personAttributesColumns: [] });
  assert.equal((await fails('joins/remove', { name: 'sales' })).code, 'join/not-found');
  assert.deepEqual(await ok('datasets/remove', { name: 'sales' }), { removed: 'sales', joinsRemoved: [] });
  assert.deepEqual((await ok('datasets/list', {})).datasets, []);
  assert.deepEqual(imports(), [], 'the workspace copy of the removed dataset is deleted');
  const { attributes } = await ok('analyses/list', {});
  assert.ok(!attributes.includes('QuotaAttainment'));
});

test('an Excel file is converted inside the workspace, so the sandboxed app can import it', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Regions');
  sheet.addRow(['Organization', 'Region']);
  for (let i = 0; i < 12; i++) sheet.addRow([`Org ${i}`, i % 2 ? 'EMEA' : 'Americas']);
  const file = join(root, 'regions.xlsx');
  await book.xlsx.writeFile(file);
  const preview = await ok('datasets/preview', { path: file });
  assert.deepEqual(preview.columns.map((c) => c.name), ['Organization', 'Region']);
  const job = await finished((await ok('datasets/import', { path: file, name: 'regions' })).jobId);
  assert.equal(job.status, 'done', JSON.stringify(job.error));
  assert.equal((job.result as unknown as ImportResultInfo).rows, 12);
  const scratch = join(wsDir, 'imports', '.scratch');
  assert.deepEqual(existsSync(scratch) ? readdirSync(scratch) : [], [], 'no converted copy is left behind');
});
