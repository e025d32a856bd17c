/**
 * The last finished audit outlives the backend: 'audit/run' saves its report in the workspace
 * folder, and a fresh service on the same folder (a restart: new workspace, new database handle,
 * no jobs in memory) answers it from 'audit/last'. A re-ingest makes it stale; a corrupt file is no
 * report, answered with a typed error, never a crash. The CLI's `audit` saves its report the same
 * way, so the app shows it as the last audit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { dataStamp, SAVED_AUDIT_FILE } from '../electron/backend/audit/savedAudit.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import type { DemoSummary } from '../electron/backend/demo/generateDemoExport.js';
import type { AuditReport } from '../shared/audit/types.js';
import { demoExport } from './helpers/demoExport.js';
import { apiHarness, type ApiHarness } from './helpers/apiHarness.js';

let root: string;
let wsDir: string;
let demo: DemoSummary;
let api: ApiService | undefined;

async function ingest(): Promise<void> {
  const ws = await Workspace.open(wsDir, { create: true });
  try {
    await ingestExport(ws, { sourceDir: demo.outDir });
  } finally {
    ws.close();
  }
}

/** Close the running service (if any) and start a fresh one on the same folder. */
async function restart(): Promise<ApiHarness> {
  await api?.close();
  const h = apiHarness();
  api = h.attach(await createApiService({ workspaceDir: wsDir }));
  return h;
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-audit-saved-'));
  demo = await demoExport({ people: 40, weeks: 1 });
  wsDir = join(root, 'ws');
  await ingest();
});

after(async () => {
  await api?.close();
  rmSync(root, { recursive: true, force: true });
});

let first: AuditReport;

/** As a transport carries it: JSON, so keys holding undefined are gone. */
const asJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

test('a finished audit is saved in the workspace and answered again after a restart', async () => {
  let h = await restart();
  assert.deepEqual(await h.ok('audit/last', {}), { saved: null }, 'no audit yet');
  first = asJson(await h.result('audit/run', { minGroupSize: 6 }));
  const now = await h.ok('audit/last', {});
  assert.deepEqual(now.saved?.report, first);
  assert.equal(now.saved?.stale, false);

  h = await restart();
  assert.deepEqual((await h.ok('jobs/list', {})).jobs, [], 'the restarted backend has no jobs in memory');
  const back = await h.ok('audit/last', {});
  assert.deepEqual(back.saved?.report, first, 'the same report, from the workspace folder');
  assert.equal(back.saved?.stale, false);
  assert.equal(back.saved?.report.kAnonymity.minGroupSize, 6);
  assert.ok(back.saved?.dataLoadedAt && back.saved.dataLoadedAt <= first.createdAt, `data loaded ${back.saved?.dataLoadedAt}, audit run ${first.createdAt}`);
});

test('after a re-ingest the saved report is stale, labelled with the load it was run on; a new run is current again', async () => {
  const before = (await (await restart()).ok('audit/last', {})).saved;
  await api?.close();
  api = undefined;
  await ingest();
  const h = await restart();
  const after = await h.ok('audit/last', {});
  assert.deepEqual(after.saved?.report, first, 'still the old report…');
  assert.equal(after.saved?.stale, true, '…but stale');
  assert.equal(after.saved?.dataLoadedAt, before?.dataLoadedAt, 'it names the load it was run on');

  const again = asJson(await h.result('audit/run', {}));
  const current = await h.ok('audit/last', {});
  assert.deepEqual(current.saved?.report, again);
  assert.equal(current.saved?.stale, false);
  assert.ok((current.saved?.dataLoadedAt ?? '') > (before?.dataLoadedAt ?? ''), 'the new report names the new load');
});

test('a corrupt saved report is no report, with a typed reason; the audit can run again', async () => {
  writeFileSync(join(wsDir, SAVED_AUDIT_FILE), '{"version": 1, "data": {"generation": 3}, "rep');
  const h = await restart();
  const r = await h.ok('audit/last', {});
  assert.equal(r.saved, null);
  assert.equal(r.unreadable?.code, 'audit/saved-unreadable');
  assert.match(r.unreadable?.hint ?? '', /Run the audit again/);

  writeFileSync(join(wsDir, SAVED_AUDIT_FILE), JSON.stringify({ version: 1, data: {}, report: { workspace: 'x' } }));
  assert.equal((await h.ok('audit/last', {})).unreadable?.code, 'audit/saved-unreadable', 'valid JSON of the wrong shape too');

  const report = asJson(await h.result('audit/run', {}));
  assert.deepEqual((await h.ok('audit/last', {})).saved?.report, report);
});

test('the validation report committed after an ingest does not make an audit of that data stale', async () => {
  await api?.close();
  api = undefined;
  const ws = await Workspace.open(wsDir);
  try {
    const s = await ingestExport(ws, { sourceDir: demo.outDir });
    // An audit may start as soon as the tables are committed, while their report is still owed.
    const atCommit = dataStamp(ws);
    const generation = ws.manifest.committedGeneration;
    await s.report;
    assert.notEqual(ws.manifest.committedGeneration, generation, 'the report has its own commit');
    assert.deepEqual(dataStamp(ws), atCommit, 'same data, same stamp');
  } finally {
    await ws.settled();
    ws.close();
  }
});

test('`wpa-explorer audit` saves its report in the workspace: audit/last answers it, current', async () => {
  await api?.close();
  api = undefined;
  // The installed launcher, in its own process, as an admin runs it.
  const launcher = new URL('../build/bin/wpa-explorer.mjs', import.meta.url).pathname;
  const r = spawnSync(process.execPath, [launcher, 'audit', '--workspace', wsDir, '--min-group', '7', '--format', 'json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const printed = JSON.parse(r.stdout) as AuditReport;
  assert.equal(printed.kAnonymity.minGroupSize, 7);

  const last = await (await restart()).ok('audit/last', {});
  assert.equal(last.saved?.report.createdAt, printed.createdAt, 'the report the CLI printed, not an older one');
  assert.deepEqual(last.saved?.report, asJson(printed));
  assert.equal(last.saved?.stale, false);
  assert.match(r.stderr, new RegExp(`saved as the workspace's last audit: .*${SAVED_AUDIT_FILE}`), 'the CLI says where');
});
