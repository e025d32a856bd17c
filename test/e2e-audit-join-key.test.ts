/**
 * In Chromium against browser mode, on a demo workspace with the demo's HR file (hr.csv) joined on
 * Key_ID: the Privacy audit reports hr.Key_ID as the join key (info, as the export's Key_ID), while
 * the file's EmployeeId stays a warning.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium, openApp, screenshot } from './e2e/harness.js';
import { audit } from './e2e/locators/audit.js';
import { goTo } from './e2e/actions/navigation.js';
import { runAudit } from './e2e/actions/audit.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { importDataset } from '../electron/backend/datasets/importDataset.js';
import { saveJoin } from '../electron/backend/datasets/saveJoin.js';

const SKIP = chromiumMissingReason();
let root = '';
let browser: Browser;
let wsDir = '';

before(
  async () => {
    if (SKIP) return;
    root = mkdtempSync(join(tmpdir(), 'wpa-e2e-join-key-'));
    process.env.WPA_HOME = join(root, 'home');
    const build = ensureRendererBuilt();
    if (build.built) console.log(`# built renderer/dist in ${build.seconds.toFixed(1)} s`);
    const demo = await generateDemoExport({ outDir: join(root, 'export'), people: 120, weeks: 2, seed: 3 });
    wsDir = join(root, 'ws');
    const ws = await Workspace.open(wsDir, { create: true });
    try {
      await ingestExport(ws, { sourceDir: demo.outDir });
      await importDataset(ws, demo.hrFile, { name: 'hr' });
      await saveJoin(ws, { name: 'hr', dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
    } finally {
      await ws.settled();
      ws.close();
    }
    browser = await launchChromium();
  },
  { timeout: 600_000 },
);

after(async () => {
  if (SKIP) return;
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('Privacy audit: the join key of an imported file', { skip: SKIP }, () => {
  test('hr.Key_ID is reported as the join key at info, like PersonHistorical.Key_ID; hr.EmployeeId stays a warning', { timeout: 180_000 }, async () => {
    const ui = await openApp(browser, wsDir, { isDemo: true });
    try {
      const { page } = ui;
      await goTo(page, 'Privacy audit');
      await runAudit(page, 5);
      const row = (where: string) => audit.findings(page).locator('tbody tr').filter({ has: page.locator('td.mono', { hasText: new RegExp(`^${where.replace('.', '\\.')}$`) }) });
      const severities = async (where: string) => (await row(where).locator('.badge').allTextContents()).map((s) => s.trim());
      assert.deepEqual(await severities('PersonHistorical.Key_ID'), ['info']);
      assert.deepEqual(await severities('hr.Key_ID'), ['info'], 'at the level of the export\'s key');
      assert.match((await row('hr.Key_ID').textContent()) ?? '', /hr\.Key_ID is the join key.*It joins hr to PersonHistorical\.Key_ID \(join "hr"\)/);
      assert.deepEqual(await severities('hr.EmployeeId'), ['warning']);
      await row('hr.Key_ID').scrollIntoViewIfNeeded();
      await screenshot(page, 'audit-join-key-light');
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });
});
