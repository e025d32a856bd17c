/**
 * 'workspace/info' while the last ingest's validation report is owed (the process that ingested
 * closed before committing it): it says "computing" with no findings and no date ranges rather than
 * an old or empty report as if current, starts the computation, and announces the report with
 * 'workspace-changed'.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { join } from 'node:path';
import { createApiService, type ApiService } from '../electron/backend/api/apiService.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { readManifestSync } from '../electron/backend/workspace/manifest.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { apiHarness } from './helpers/apiHarness.js';
import { exportCopy } from './helpers/demoExport.js';
import { tempDir } from './helpers/tempDirs.js';

const h = apiHarness();
let service: ApiService | undefined;
after(async () => service?.close());

test("an owed report is shown as 'computing', never as an old one, then computed and announced", async () => {
  const dir = join(tempDir('wpa-info-val-'), 'ws');
  const ws = await Workspace.open(dir, { create: true });
  await ingestExport(ws, { sourceDir: await exportCopy({ people: 30, weeks: 1, seed: 31 }) });
  ws.close(); // closed at once: the report the ingest started is interrupted, and stays owed
  assert.ok(readManifestSync(join(dir, 'workspace.json'))!.validationPending, 'owed');

  service = h.attach(await createApiService({ workspaceDir: dir }));
  const seen = h.events.length;
  const first = await h.ok('workspace/info', {});
  assert.equal(first.validation, 'computing');
  assert.deepEqual(first.disabled, []);
  assert.ok(
    first.tables.every((t) => t.dateRange === undefined),
    'no date ranges from a report that is not there',
  );

  const deadline = Date.now() + 15_000;
  while (!h.events.slice(seen).some((e) => e.type === 'workspace-changed')) {
    if (Date.now() > deadline) {
      const i = await h.ok('workspace/info', {});
      assert.fail(JSON.stringify({ v: i.validation, f: i.validationFailed, events: h.events }));
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const second = await h.ok('workspace/info', {});
  assert.equal(second.validation, 'ready', JSON.stringify({ failed: second.validationFailed, events: h.events }));
  const mails = second.tables.find((t) => t.name === 'Mails')!;
  assert.ok(mails.dateRange?.min && mails.dateRange.max, JSON.stringify(mails));
  const committed = readManifestSync(join(dir, 'workspace.json'))!;
  assert.equal(committed.validationPending, undefined);
  assert.deepEqual(second.issues, committed.validation!.issues);
});
