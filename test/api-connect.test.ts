/**
 * 'connect/*' against a real Azurite: check, inventory, sync as a job into the sandboxed workspace,
 * recent connections — and the SAS signature never appears in any response, event or error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { MemorySecretStore, type SecretStore } from '../electron/backend/api/secrets.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import type { JobInfo } from '../shared/api/contract.js';
import { Azurite, signatureForms, uploadFolder } from './helpers/azurite.js';
import { apiHarness } from './helpers/apiHarness.js';

const CONTAINER = 'wpa-export';
let root: string;
let azurite: Azurite;
let sasUri: string;
let secrets: SecretStore;
let api: ApiService;
const h = apiHarness();
const { call, ok, finished, events, transcript } = h;

/** A persistent store stand-in: survives a service restart, like Electron's safeStorage one. */
class KeptSecretStore implements SecretStore {
  readonly persistent = true;
  readonly values = new Map<string, string>();
  async get(k: string) {
    return this.values.get(k);
  }
  async set(k: string, v: string) {
    this.values.set(k, v);
  }
  async delete(k: string) {
    this.values.delete(k);
  }
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-api-connect-'));
  azurite = await Azurite.start();
  const container = azurite.container(CONTAINER);
  await container.create();
  const exportDir = join(root, 'export');
  await generateDemoExport({ outDir: exportDir, people: 30, weeks: 1 });
  await uploadFolder(container, exportDir, '2024-03-04');
  sasUri = azurite.sasUri(CONTAINER);
  secrets = new KeptSecretStore();
  api = h.attach(await createApiService({ workspaceDir: join(root, 'ws'), secrets }));
});

after(async () => {
  await api?.close();
  await azurite?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('connect', () => {
  test('check describes the SAS in words, without its signature', async () => {
    const d = await ok('connect/check', { sasUri });
    assert.equal(d.container, CONTAINER);
    assert.deepEqual(d.permissions, ['read', 'list']);
    assert.match(d.summary, /read \+ list · expires in/);
    assert.match(d.redactedUri, /sig=REDACTED/);
    const bad = await call('connect/check', { sasUri: sasUri.replace('sp=rl', 'sp=w') });
    assert.equal(bad.ok ? 'ok' : bad.error.code, 'sas/write-only');
  });

  test('inventory lists the refresh and its tables and returns a connection id, not the SAS', async () => {
    const inv = await ok('connect/inventory', { sasUri });
    assert.match(inv.connectionId, /^[0-9a-f]{16}$/);
    assert.equal(inv.latest, '2024-03-04');
    assert.equal(inv.refreshes[0].tables.length, 9);
    assert.ok(inv.refreshes[0].files.every((f) => f.bytes > 0 && f.etag));
    const again = await ok('connect/inventory', { connectionId: inv.connectionId });
    assert.equal(again.refreshes[0].files.length, inv.refreshes[0].files.length);
  });

  test('a rejected signature is reported without echoing it', async () => {
    const tampered = sasUri.replace(/sig=([^&]+)/, (_m, s: string) => `sig=${s.slice(0, -6)}AAAAAA`);
    const r = await call('connect/inventory', { sasUri: tampered });
    assert.equal(r.ok, false);
    transcript.push(...signatureForms(tampered).map(() => JSON.stringify(r)));
    for (const form of signatureForms(tampered)) assert.ok(!JSON.stringify(r).includes(form));
  });

  test('sync runs as a job with progress into the sandboxed workspace, then the tables are browsable', async () => {
    const { connectionId } = await ok('connect/inventory', { sasUri });
    events.length = 0;
    const { jobId } = await ok('connect/sync', { connectionId });
    const job = await finished(jobId);
    assert.equal(job.status, 'done', JSON.stringify(job.error));
    // Byte-by-byte progress is the sync's own (azure-sync); a job's events are throttled to one per
    // 100 ms, so on loopback the download can fall between two of them. What the job must show, in
    // its events and at the end, is what the download moved: all of it.
    const progress = events.filter((e) => e.type === 'job' && e.job.id === jobId && e.job.status === 'running').map((e) => (e as { job: JobInfo }).job);
    assert.ok(progress.length > 0, 'progress events while running');
    assert.ok((job.bytesTotal ?? 0) > 0, 'the finished job says how many bytes it downloaded');
    assert.equal(job.bytesDone, job.bytesTotal);
    assert.equal(job.filesDone, job.filesTotal);
    assert.ok((job.filesTotal ?? 0) >= 9, `files ${job.filesTotal}`);
    assert.ok(events.some((e) => e.type === 'workspace-changed'));
    const grid = await ok('grid/rows', { source: { kind: 'table', name: 'Mails' }, offset: 0, limit: 5 });
    assert.ok(grid.total > 0);
    const recent = await ok('connect/recent', {});
    assert.equal(recent.connections[0].id, connectionId);
    assert.ok(recent.connections[0].lastSync);
    const blocked = await call('sql/run', { sql: "SELECT * FROM read_csv('/etc/passwd')", runId: 'sandbox-after-sync' });
    assert.equal(blocked.ok ? 'ok' : blocked.error.code, 'sql/forbidden');
  });

  test('a restarted backend finds the SAS in a persistent secret store; a memory store asks again', async () => {
    const { connectionId } = await ok('connect/inventory', { sasUri });
    await api.close();
    api = h.attach(await createApiService({ workspaceDir: join(root, 'ws'), secrets }));
    const inv = await ok('connect/inventory', { connectionId });
    assert.equal(inv.connectionId, connectionId);
    await api.close();
    api = h.attach(await createApiService({ workspaceDir: join(root, 'ws'), secrets: new MemorySecretStore() }));
    const lost = await call('connect/inventory', { connectionId });
    assert.equal(lost.ok ? 'ok' : lost.error.code, 'connect/sas-not-kept');
    const recent = await ok('connect/recent', {});
    assert.ok(recent.connections[0].sas.warnings.some((w) => /paste it again/i.test(w)));
  });

  test('the signature appears in no answer and no event', () => {
    const text = transcript.join('\n');
    assert.ok(transcript.length > 10);
    for (const form of signatureForms(sasUri)) assert.ok(!text.includes(form), 'signature leaked');
  });
});
