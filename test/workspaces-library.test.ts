/**
 * The workspace library behind the switcher: create, open (by id and by path), rename, remove and
 * list, on real DuckDB workspaces in temporary folders. Switching closes the open workspace's
 * database (another process can then open it) and every answer after it is the other workspace's.
 */
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ApiService } from '../electron/backend/api/apiService.js';
import { createWorkspaceHost } from '../electron/backend/api/workspaceHost.js';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { apiHarness } from './helpers/apiHarness.js';
import { tempDir } from './helpers/tempDirs.js';
import { rowsOnDisk } from './helpers/rowsOnDisk.js';

const h = apiHarness();
const home = tempDir('wpa-library-');
let demoDir: string;
let demoRows: number;
let host: ApiService;

/** Bytes of every file under a folder, summed here (not by the code under test). */
function bytesUnder(dir: string): number {
  return (readdirSync(dir, { recursive: true }) as string[]).map((p) => lstatSync(join(dir, p))).filter((s) => s.isFile()).reduce((n, s) => n + s.size, 0);
}

before(async () => {
  demoDir = await copyOfDemoWorkspace(join(home, 'demo'), { people: 40, weeks: 2 });
  demoRows = await rowsOnDisk(demoDir);
  host = h.attach(await createWorkspaceHost({ workspaceDir: demoDir, isDemo: true, home }));
});

after(async () => {
  await host?.close();
});

describe('workspace library', () => {
  let clientId: string;

  test('the workspace the app started on is listed, active, with its rows', async () => {
    const { workspaces } = await h.ok('workspaces/list', {});
    assert.equal(workspaces.length, 1);
    const [demo] = workspaces;
    assert.equal(demo.active, true);
    assert.equal(demo.isDemo, true);
    assert.equal(demo.dir, demoDir);
    assert.equal(demo.rows, demoRows);
    assert.equal(demo.tables, 9);
    assert.ok(demo.dateRange && demo.dateRange.min < demo.dateRange.max, JSON.stringify(demo.dateRange));
    const info = await h.ok('workspace/info', {});
    assert.equal(info.name, demo.name);
    assert.equal(info.id, demo.id);
  });

  test('create makes an empty workspace in the library folder; the registry is written', async () => {
    const entry = await h.ok('workspaces/create', { name: '  Contoso   export ' });
    clientId = entry.id;
    assert.equal(entry.name, 'Contoso export');
    assert.equal(entry.active, false);
    assert.equal(entry.owned, true);
    assert.equal(entry.rows, 0);
    assert.ok(entry.dir.startsWith(join(home, 'workspaces')), entry.dir);
    assert.ok(existsSync(join(entry.dir, 'workspace.json')));
    const registry = JSON.parse(readFileSync(join(home, 'workspaces.json'), 'utf8')) as { entries: { id: string; name: string }[] };
    assert.deepEqual(registry.entries.map((e) => e.name).sort(), ['Contoso export', 'Demo workspace']);
    assert.equal((await h.fails('workspaces/create', { name: '   ' })).code, 'workspaces/bad-name');
  });

  test('open switches: the other workspace answers, the first one\'s database is closed, screens are told', async () => {
    const before = h.events.length;
    const opened = await h.ok('workspaces/open', { id: clientId });
    assert.equal(opened.active, true);
    assert.ok(h.events.slice(before).some((e) => e.type === 'workspace-changed' && e.switched), 'a workspace-changed event saying it switched');
    const info = await h.ok('workspace/info', {});
    assert.equal(info.name, 'Contoso export');
    assert.equal(info.isDemo, false);
    assert.equal(info.tables.filter((t) => t.kind === 'export').length, 0);
    // The demo's database is no longer held: another DuckDB can open it (it is locked while open).
    assert.equal(await rowsOnDisk(demoDir), demoRows);
    const { workspaces } = await h.ok('workspaces/list', {});
    assert.equal(workspaces[0].id, clientId, 'most recently opened first');
    assert.deepEqual(workspaces.filter((w) => w.active).map((w) => w.id), [clientId]);
  });

  test('rename shows at once in the info and the list', async () => {
    const renamed = await h.ok('workspaces/rename', { id: clientId, name: 'Fabrikam' });
    assert.equal(renamed.name, 'Fabrikam');
    assert.equal((await h.ok('workspace/info', {})).name, 'Fabrikam');
    assert.equal((await h.ok('workspaces/list', {})).workspaces.find((w) => w.id === clientId)?.name, 'Fabrikam');
    assert.equal((await h.fails('workspaces/rename', { id: 'no-such', name: 'x' })).code, 'workspaces/not-found');
  });

  test('the open workspace cannot be removed', async () => {
    const e = await h.fails('workspaces/remove', { id: clientId, confirm: true });
    assert.equal(e.code, 'workspaces/remove-active');
    assert.match(e.message, /Fabrikam/);
    assert.ok(existsSync((await h.ok('workspaces/list', {})).workspaces.find((w) => w.id === clientId)!.dir));
  });

  test('switching back to the demo gives its tables and rows again', async () => {
    const demoId = (await h.ok('workspaces/list', {})).workspaces.find((w) => w.isDemo)!.id;
    await h.ok('workspaces/open', { id: demoId });
    const info = await h.ok('workspace/info', {});
    assert.equal(info.isDemo, true);
    const rows = info.tables.filter((t) => t.kind === 'export').reduce((n, t) => n + (t.rows ?? 0), 0);
    assert.equal(rows, demoRows);
  });

  test('remove says what it frees and changes nothing until confirmed; then the folder is gone', async () => {
    const dir = (await h.ok('workspaces/list', {})).workspaces.find((w) => w.id === clientId)!.dir;
    const expected = bytesUnder(dir);
    assert.ok(expected > 0);
    const asked = await h.ok('workspaces/remove', { id: clientId });
    assert.equal(asked.removed, false);
    assert.equal(asked.bytes, expected);
    assert.match(asked.message, /deletes its folder .* and frees /);
    assert.ok(existsSync(dir), 'nothing deleted without confirm');
    const done = await h.ok('workspaces/remove', { id: clientId, confirm: true });
    assert.equal(done.removed, true);
    assert.equal(done.filesDeleted, true);
    assert.ok(!existsSync(dir));
    assert.equal((await h.ok('workspaces/list', {})).workspaces.some((w) => w.id === clientId), false);
  });

  test('a workspace opened by path joins the list; removing it forgets it and keeps its folder', async () => {
    const outside = join(tempDir('wpa-outside-'), 'client-ws');
    (await Workspace.open(outside, { create: true })).close();
    const opened = await h.ok('workspaces/open', { path: outside });
    assert.equal(opened.owned, false);
    assert.equal((await h.ok('workspace/info', {})).dir, outside);
    const demoId = (await h.ok('workspaces/list', {})).workspaces.find((w) => w.isDemo)!.id;
    await h.ok('workspaces/open', { id: demoId });
    const removed = await h.ok('workspaces/remove', { id: opened.id, confirm: true });
    assert.equal(removed.filesDeleted, false);
    assert.ok(existsSync(join(outside, 'workspace.json')), 'a folder the app did not create is kept');
    assert.equal((await h.fails('workspaces/open', { path: join(outside, 'nothing-here') })).code, 'workspace/not-found');
  });

  test('switching is refused while a job runs, naming the job', async () => {
    const entry = await h.ok('workspaces/create', { name: 'Second client' });
    // The privacy audit takes seconds; the switch is asked for the moment it has started.
    const { jobId } = await h.ok('audit/run', {});
    const r = await h.call('workspaces/open', { id: entry.id });
    const job = (await h.ok('jobs/list', {})).jobs.find((j) => j.id === jobId)!;
    assert.equal(r.ok, false, 'refused while the audit runs');
    assert.equal(!r.ok && r.error.code, 'workspaces/job-running');
    assert.ok(!r.ok && r.error.message.includes(job.title), JSON.stringify(r));
    assert.equal((await h.ok('workspace/info', {})).isDemo, true, 'still on the demo');
    await h.ok('jobs/cancel', { jobId });
    await h.finished(jobId);
    await h.ok('workspaces/open', { id: entry.id });
    assert.equal((await h.ok('workspace/info', {})).name, 'Second client');
  });
});
