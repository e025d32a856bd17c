/**
 * In Chromium against browser mode: the Datasets screen says what the validation report found, and
 * says so too when it found nothing — a clean report must not look like a report not shown.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, screenshot } from './e2e/harness.js';
import { chromiumSuite } from './e2e/suite.js';
import { app } from './e2e/locators/app.js';
import { datasets } from './e2e/locators/datasets.js';
import { generateDemoExport } from '../electron/backend/demo/generateDemoExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';

const suite = chromiumSuite('wpa-e2e-validation-');
const SKIP = suite.skip;

async function workspaceOf(name: string, sourceDir: string): Promise<string> {
  const dir = join(suite.root, name);
  const ws = await Workspace.open(dir, { create: true });
  try {
    await ingestExport(ws, { sourceDir });
  } finally {
    ws.close();
  }
  return dir;
}

/** The notice titles once the report is ready (it is computed after the ingest, off its path). */
async function reportTitles(page: Page): Promise<string[]> {
  await app.heading(page, 'Datasets').waitFor();
  await datasets.tableRow(page, 'PersonHistorical').waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-screen="datasets"] .notice__title')].some((e) => /computing/.test(e.textContent ?? '')));
  return (await datasets.noticeTitles(page).allTextContents()).map((t) => t.trim());
}

describe('Datasets: the validation report is always stated', { skip: SKIP }, () => {
  test('a clean report says "no findings"', { timeout: 120_000 }, async () => {
    const demo = await generateDemoExport({ outDir: join(suite.root, 'export'), people: 40, weeks: 1, seed: 7 });
    const ui = await openApp(suite.browser, await workspaceOf('clean', demo.outDir));
    try {
      await datasets.noticeTitles(ui.page).filter({ hasText: 'Validation report: no findings' }).waitFor({ timeout: 30_000 });
      const titles = await reportTitles(ui.page);
      assert.ok(titles.includes('Validation report: no findings'), `notices: ${titles.join(' | ')}`);
      assert.ok(!titles.some((t) => /validation finding/.test(t)), `notices: ${titles.join(' | ')}`);
      await screenshot(ui.page, 'datasets-validation-clean-light');
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });

  test('a report with findings lists them and does not say "no findings"', { timeout: 120_000 }, async () => {
    const ui = await openApp(suite.browser, await workspaceOf('documented', new URL('./fixtures/documented-export', import.meta.url).pathname));
    try {
      await datasets.noticeTitles(ui.page).filter({ hasText: /validation finding/ }).waitFor({ timeout: 30_000 });
      const titles = await reportTitles(ui.page);
      assert.ok(titles.includes('2 validation findings'), `notices: ${titles.join(' | ')}`);
      assert.ok(!titles.some((t) => /no findings/.test(t)), `notices: ${titles.join(' | ')}`);
      await screenshot(ui.page, 'datasets-validation-findings-light');
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });
});
