/**
 * Sync's limits against a real Azurite: a blob claiming more than the disk has free is refused by
 * size before a byte is written (Azurite serves a 5 TiB page blob that holds nothing), and blobs
 * with hostile names reach the app as escaped names with a reason, never as an internal error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { syncExport } from '../electron/backend/azure/syncExport.js';
import { withWorkspace } from '../electron/backend/workspace/workspace.js';
import { freeBytes } from '../electron/backend/workspace/freeSpace.js';
import { isAppError } from '../shared/errors.js';
import { Azurite, uploadFile } from './helpers/azurite.js';
import { apiHarness } from './helpers/apiHarness.js';

const TIB = 2 ** 40;
let root: string;
let src: string;
let azurite: Azurite;
let api: ApiService | undefined;
const h = apiHarness();

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'wpa-azure-limits-'));
  src = join(root, 'src');
  await generateDemoExport({ outDir: src, people: 20, weeks: 1, seed: 2 });
  azurite = await Azurite.start();
});

after(async () => {
  await api?.close();
  await azurite?.kill();
  rmSync(root, { recursive: true, force: true });
});

test('a blob claiming 5 TiB is refused before anything is written: sync/no-space names the sizes and the folder', async () => {
  const c = azurite.container('huge');
  await c.create();
  await uploadFile(c, 'r1/PersonHistorical.csv', join(src, 'PersonHistorical.csv'));
  await c.getPageBlobClient('r1/Meetings.csv').create(5 * TIB);
  const wsDir = join(root, 'ws-huge');
  assert.ok((await freeBytes(root)) < 5 * TIB, 'this machine has less than 5 TiB free (else the test proves nothing)');
  await withWorkspace(wsDir, { create: true }, async (ws) => {
    await assert.rejects(syncExport(ws, azurite.sasUri('huge')), (e: unknown) => {
      assert.ok(isAppError(e), String(e));
      assert.equal(e.code, 'sync/no-space');
      assert.match(e.message, /^Not enough free space to download: 2 files need 5\.5 TB, and .*ws-huge[/\\]raw[/\\]r1 has [\d.]+ [KMGT]?B free\.$/);
      return true;
    });
  });
  const written = filesUnder(join(wsDir, 'raw'));
  assert.deepEqual(written, [], 'no .partial (sparse or not) was created');
});

test('hostile blob names: inventory and sync answer them escaped with the reason; the rest of the refresh syncs', async () => {
  const c = azurite.container('names');
  await c.create();
  await uploadFile(c, 'r1/PersonHistorical.csv', join(src, 'PersonHistorical.csv'));
  const rtl = 'r1/Mails\u202Evsc.exe.csv';
  const long = `r1/${'x'.repeat(300)}.csv`;
  await uploadFile(c, rtl, join(src, 'Mails.csv'));
  await uploadFile(c, long, join(src, 'Mails.csv'));
  api = h.attach(await createApiService({ workspaceDir: join(root, 'ws-names') }));
  const inv = await h.ok('connect/inventory', { sasUri: azurite.sasUri('names') });
  assert.deepEqual(
    [...inv.refused].sort((a, b) => a.name.length - b.name.length),
    [
      { name: 'r1/Mails\\u{202e}vsc.exe.csv', reason: 'characters that change the direction of text in the name (it could pose as another name)' },
      { name: long, reason: 'a file or folder name longer than 255 bytes, more than file systems store' },
    ],
  );
  assert.ok(!JSON.stringify(inv).includes('\u202E'), 'no direction-changing character reaches the UI');
  const { jobId } = await h.ok('connect/sync', { connectionId: inv.connectionId });
  const job = await h.finished(jobId);
  assert.equal(job.status, 'done', JSON.stringify(job.error));
  const result = job.result as { warnings: string[]; filesDownloaded: number };
  assert.equal(result.filesDownloaded, 1);
  assert.deepEqual(
    [...result.warnings].sort(),
    [
      'Refused "r1/Mails\\u{202e}vsc.exe.csv": characters that change the direction of text in the name (it could pose as another name)',
      `Refused "${long}": a file or folder name longer than 255 bytes, more than file systems store`,
    ],
  );
  assert.ok(!JSON.stringify(job).includes('\u202E'));
});
