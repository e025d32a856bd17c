/**
 * Loading an export into a workspace that holds another one replaces its tables: the API's sync
 * and the CLI's sync and ingest refuse it without an explicit confirmation, saying how many rows in
 * how many tables of which workspace it would replace, and change nothing. Refreshing the same
 * source needs no confirmation.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { ApiService } from '../electron/backend/api/apiService.js';
import { createWorkspaceHost } from '../electron/backend/api/workspaceHost.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import { runCli } from '../electron/cli/main.js';
import { apiHarness } from './helpers/apiHarness.js';
import { Azurite, uploadFolder } from './helpers/azurite.js';
import { captureIO } from './helpers/captureIO.js';
import { tempDir } from './helpers/tempDirs.js';
import { rowsOnDisk } from './helpers/rowsOnDisk.js';

const root = tempDir('wpa-replace-');
const CONTAINER = 'client-export';
let azurite: Azurite;
let sasUri: string;
let exportDir: string;

const en = (n: number) => n.toLocaleString('en-US');

before(async () => {
  azurite = await Azurite.start();
  const container = azurite.container(CONTAINER);
  await container.create();
  exportDir = join(root, 'export');
  await generateDemoExport({ outDir: exportDir, people: 30, weeks: 1, seed: 7 });
  await uploadFolder(container, exportDir, '2024-05-06');
  sasUri = azurite.sasUri(CONTAINER);
});

after(async () => {
  await azurite?.stop();
});

describe('the API: a sync over the demo needs confirmReplace', () => {
  const h = apiHarness();
  let host: ApiService;
  let demoDir: string;
  let demoRows: number;

  before(async () => {
    demoDir = await copyOfDemoWorkspace(join(root, 'demo'), { people: 40, weeks: 2 });
    demoRows = await rowsOnDisk(demoDir);
    host = h.attach(await createWorkspaceHost({ workspaceDir: demoDir, isDemo: true, home: join(root, 'home') }));
  });
  after(async () => {
    await host?.close();
  });

  test('refused with a typed error that says what it replaces; no job, no change', async () => {
    const { connectionId } = await h.ok('connect/inventory', { sasUri });
    const e = await h.fails('connect/sync', { connectionId });
    assert.equal(e.code, 'workspace/replace-unconfirmed');
    assert.equal(e.message, `This replaces ${en(demoRows)} rows in 9 tables of Demo workspace.`);
    assert.match(e.hint ?? '', /new workspace/);
    assert.deepEqual((await h.ok('jobs/list', {})).jobs.filter((j) => j.kind === 'sync'), []);
    const rows = (await h.ok('workspace/info', {})).tables.filter((t) => t.kind === 'export').reduce((n, t) => n + (t.rows ?? 0), 0);
    assert.equal(rows, demoRows);
  });

  test('"create a new workspace for it instead": the same connection syncs into a new workspace, the demo keeps its rows', async () => {
    const { connectionId } = await h.ok('connect/inventory', { sasUri });
    const demoId = (await h.ok('workspace/info', {})).id!;
    const client = await h.ok('workspaces/create', { name: 'client-export', open: true });
    const job = await h.finished((await h.ok('connect/sync', { connectionId })).jobId);
    assert.equal(job.status, 'done', JSON.stringify(job.error));
    const rows = (await h.ok('workspaces/list', {})).workspaces.find((w) => w.id === client.id)!.rows;
    assert.ok(rows > 0 && rows !== demoRows, String(rows));
    await h.ok('workspaces/open', { id: demoId });
    assert.equal(await rowsOnDisk(client.dir), rows);
    const back = (await h.ok('workspace/info', {})).tables.filter((t) => t.kind === 'export').reduce((n, t) => n + (t.rows ?? 0), 0);
    assert.equal(back, demoRows);
  });

  test('confirmed, it replaces them; a second sync of the same container is a refresh and needs no confirmation', async () => {
    const { connectionId } = await h.ok('connect/inventory', { sasUri });
    const first = await h.finished((await h.ok('connect/sync', { connectionId, confirmReplace: true })).jobId);
    assert.equal(first.status, 'done', JSON.stringify(first.error));
    const again = await h.finished((await h.ok('connect/sync', { connectionId })).jobId);
    assert.equal(again.status, 'done', JSON.stringify(again.error));
  });
});

describe('the CLI: sync and ingest need --replace', () => {
  let ws: string;
  let demoRows: number;
  before(async () => {
    ws = await copyOfDemoWorkspace(join(root, 'cli-ws'), { people: 40, weeks: 2 });
    demoRows = await rowsOnDisk(ws);
  });

  test('ingest of another export is refused (exit 1) naming what it replaces, and changes nothing', async () => {
    const out = captureIO();
    assert.equal(await runCli(['ingest', exportDir, '--workspace', ws, '--no-prepare'], out.io), 1, out.stderr());
    assert.ok(out.stderr().includes(`This replaces ${en(demoRows)} rows in 9 tables of the workspace ${ws}.`), out.stderr());
    assert.match(out.stderr(), /--replace/);
    assert.equal(await rowsOnDisk(ws), demoRows);
  });

  test('sync is refused the same way', async () => {
    const out = captureIO();
    assert.equal(await runCli(['sync', '-', '--workspace', ws, '--no-prepare'], { ...out.io, stdin: Readable.from([sasUri]) }), 1, out.stderr());
    assert.match(out.stderr(), new RegExp(`This replaces ${en(demoRows)} rows in 9 tables of `));
    assert.equal(await rowsOnDisk(ws), demoRows);
  });

  test('with --replace the ingest loads; ingesting the same folder again needs no flag', async () => {
    const replaced = captureIO();
    assert.equal(await runCli(['ingest', exportDir, '--workspace', ws, '--no-prepare', '--replace'], replaced.io), 0, replaced.stderr());
    const rows = await rowsOnDisk(ws);
    assert.notEqual(rows, demoRows);
    const again = captureIO();
    assert.equal(await runCli(['ingest', exportDir, '--workspace', ws, '--no-prepare'], again.io), 0, again.stderr());
    assert.equal(await rowsOnDisk(ws), rows);
  });

  test('--help lists --replace', async () => {
    for (const command of ['ingest', 'sync']) {
      const out = captureIO();
      assert.equal(await runCli([command, '--help'], out.io), 0);
      assert.match(out.stdout(), /--replace/);
    }
  });
});
