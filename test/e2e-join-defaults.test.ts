/**
 * In Chromium against browser mode, on a demo workspace with the demo's HR file (hr.csv) imported:
 * the join form leaves EmployeeId — which the Privacy audit flags as identifying people — unticked,
 * says why beside it, and the user can tick it back; the file's other columns start ticked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium, openApp, screenshot } from './e2e/harness.js';
import { importJoin } from './e2e/locators/importJoin.js';
import { goTo } from './e2e/actions/navigation.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { importDataset } from '../electron/backend/datasets/importDataset.js';

const SKIP = chromiumMissingReason();
let root = '';
let browser: Browser;
let wsDir = '';

before(
  async () => {
    if (SKIP) return;
    root = mkdtempSync(join(tmpdir(), 'wpa-e2e-join-defaults-'));
    process.env.WPA_HOME = join(root, 'home');
    const build = ensureRendererBuilt();
    if (build.built) console.log(`# built renderer/dist in ${build.seconds.toFixed(1)} s`);
    const demo = await generateDemoExport({ outDir: join(root, 'export'), people: 120, weeks: 2, seed: 3 });
    wsDir = join(root, 'ws');
    const ws = await Workspace.open(wsDir, { create: true });
    try {
      await ingestExport(ws, { sourceDir: demo.outDir });
      await importDataset(ws, demo.hrFile, { name: 'hr' });
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

describe('Join: columns that identify people start unticked', { skip: SKIP }, () => {
  test('EmployeeId is left out with the reason beside it, and can be ticked back; Region is brought in', { timeout: 180_000 }, async () => {
    const ui = await openApp(browser, wsDir, { isDemo: true });
    try {
      const { page } = ui;
      await goTo(page, 'Import & join');
      await importJoin.tab(page, 'Join to the export').click();
      const employeeId = importJoin.bringIn(page, 'EmployeeId');
      await employeeId.waitFor();
      assert.equal(await importJoin.joinDatasetKey(page).inputValue(), 'Key_ID');
      assert.equal(await employeeId.isChecked(), false, 'EmployeeId starts unticked');
      assert.equal(await importJoin.bringIn(page, 'Region').isChecked(), true, 'Region starts ticked');
      const choice = importJoin.bringInChoice(page, 'EmployeeId');
      assert.match((await choice.textContent()) ?? '', /identifies people \(identifiers \/ codes\) — left out; tick to bring it in/);
      await screenshot(page, 'join-defaults-light');
      await employeeId.check();
      assert.equal(await employeeId.isChecked(), true);
      assert.doesNotMatch((await choice.textContent()) ?? '', /left out/);
      // The caution stays when the user overrides it.
      assert.match((await choice.textContent()) ?? '', /identifies people \(identifiers \/ codes\) — brought in; the privacy audit will warn about it/);
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });
});
