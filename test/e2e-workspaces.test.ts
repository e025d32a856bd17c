/**
 * Issue 12, item 5 in Chromium: workspaces are visible and switchable. A consultant creates a
 * workspace for a client, syncs the client's export into it, switches back to the demo and sees the
 * sidebar's name and row count follow each switch; a download over the demo shows what it would
 * replace and changes nothing until confirmed. Screenshots: test-results/screenshots/workspaces-*.png.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { copyOfDemoWorkspace } from '../electron/backend/demoWorkspace.js';
import { checkSas, syncAndWatch } from './e2e/actions/connect.js';
import { goTo, useTheme } from './e2e/actions/navigation.js';
import { createWorkspace, switchTo } from './e2e/actions/workspaces.js';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium, openApp, screenshot, type AppUnderTest } from './e2e/harness.js';
import { connect } from './e2e/locators/connect.js';
import { workspaces } from './e2e/locators/workspaces.js';
import { demoExportInAzurite } from './e2e/workspaces.js';
import { Azurite } from './helpers/azurite.js';
import { rowsOnDisk } from './helpers/rowsOnDisk.js';

const SKIP = chromiumMissingReason();
let root: string;
let browser: Browser;
let main: AppUnderTest;
let azurite: Azurite;
let demoDir: string;
let demoRows: number;

/** The row count the sidebar shows. */
async function sidebarRows(page: Page): Promise<number | undefined> {
  const m = /([\d,]+) rows? in/.exec((await workspaces.rows(page).textContent()) ?? '');
  return m ? Number(m[1].replace(/,/g, '')) : undefined;
}

/** No animation running (a dialog fading in), so a screenshot shows what the user reads. */
async function settled(page: Page): Promise<void> {
  // Endless ones (a spinner) never finish and are left out.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
}

before(
  async () => {
    if (SKIP) return;
    root = mkdtempSync(join(tmpdir(), 'wpa-e2e-ws-'));
    process.env.WPA_HOME = join(root, 'home');
    ensureRendererBuilt();
    demoDir = await copyOfDemoWorkspace(join(root, 'home', 'demo'), { people: 60, weeks: 2 });
    demoRows = await rowsOnDisk(demoDir);
    azurite = await Azurite.start();
    browser = await launchChromium();
    main = await openApp(browser, demoDir, { isDemo: true });
    await workspaces.name(main.page).filter({ hasText: 'Demo workspace' }).waitFor();
  },
  { timeout: 600_000 },
);

after(async () => {
  if (SKIP) return;
  await main?.close();
  await browser?.close();
  await azurite?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('workspaces in Chromium', { skip: SKIP }, () => {
  let sasUri: string;
  let clientDir: string;

  test('the sidebar names the open workspace, its rows and the dates its data covers', async () => {
    const { page } = main;
    assert.equal(await sidebarRows(page), demoRows);
    // The events' weeks, as the Datasets screen writes spans ("Dec 31, 2023 – Jan 15, 2024"), not the HR history's years.
    const dates = (await workspaces.dates(page).textContent()) ?? '';
    assert.match(dates, /^Data [A-Z][a-z]{2} \d{1,2}(, \d{4})? – ([A-Z][a-z]{2} )?\d{1,2}, \d{4}$/);
    await screenshot(page, 'workspaces-sidebar-demo');
  });

  test('a new workspace for a client: created, opened, synced; the sidebar follows', { timeout: 180_000 }, async () => {
    const { page } = main;
    ({ sasUri } = await demoExportInAzurite(azurite, root, 'client-export'));
    await createWorkspace(page, 'Client A');
    await workspaces.rows(page).filter({ hasText: 'No export loaded' }).waitFor();
    await goTo(page, 'Connect');
    await checkSas(page, sasUri);
    const result = await syncAndWatch(page);
    assert.equal(result.status, 'Done');
    await page.waitForFunction((demo) => {
      const m = /([\d,]+) rows? in/.exec(document.querySelector('[data-testid="workspace-rows"]')?.textContent ?? '');
      return !!m && Number(m[1].replace(/,/g, '')) !== demo;
    }, demoRows);
    await screenshot(page, 'workspaces-sidebar-client');
    await workspaces.card(page).click();
    await workspaces.item(page, 'Client A').waitFor();
    await settled(page);
    await screenshot(page, 'workspaces-switcher');
    clientDir = (await main.server.api.call('workspace/info', {}).then((r) => (r.ok ? r.value.dir : '')));
    await page.keyboard.press('Escape');
  });

  test('switching back to the demo: its name and rows again; the client keeps its own tables', { timeout: 60_000 }, async () => {
    const { page } = main;
    const clientRows = await sidebarRows(page);
    await switchTo(page, 'Demo workspace');
    await page.waitForFunction((demo) => document.querySelector('[data-testid="workspace-rows"]')?.textContent?.includes(demo.toLocaleString('en-US')), demoRows);
    assert.equal(await sidebarRows(page), demoRows);
    // The client's database is closed now: counted by a DuckDB of our own, it holds what the sidebar said.
    assert.equal(await rowsOnDisk(clientDir), clientRows);
  });

  test('a download over the demo says what it replaces and changes nothing until confirmed', { timeout: 60_000 }, async () => {
    const { page } = main;
    await goTo(page, 'Connect');
    await checkSas(page, sasUri);
    await connect.startSync(page).click();
    await workspaces.replaceDialog(page).waitFor();
    const what = (await workspaces.replaceWhat(page).textContent()) ?? '';
    assert.equal(what, `This replaces ${demoRows.toLocaleString('en-US')} rows in 9 tables of Demo workspace.`);
    await page.getByRole('button', { name: 'Create a new workspace for it instead' }).waitFor();
    // The new workspace it offers is named after the container and the refresh (the export's folder), not the storage account.
    const offered = (await workspaces.replaceDialog(page).textContent()) ?? '';
    assert.match(offered, /into a new workspace “client-export – 2024-03-01” instead/, offered);
    await settled(page);
    await screenshot(page, 'workspaces-replace-confirm');
    await page.getByRole('dialog', { name: 'Replace the loaded export?' }).getByRole('button', { name: 'Cancel' }).click();
    await workspaces.replaceDialog(page).waitFor({ state: 'detached' });
    const jobs = await main.server.api.call('jobs/list', {});
    assert.ok(jobs.ok && !jobs.value.jobs.some((j) => j.kind === 'sync' && j.status === 'running'), 'no sync started');
    assert.equal(await sidebarRows(page), demoRows);
  });

  test('rename and remove from the switcher; removing says what it frees', { timeout: 60_000 }, async () => {
    const { page } = main;
    await workspaces.card(page).click();
    await workspaces.renameButton(page, 'Client A').click();
    await workspaces.renameField(page).fill('Contoso');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await workspaces.item(page, 'Contoso').waitFor();
    await workspaces.removeButton(page, 'Contoso').click();
    const message = (await workspaces.removeMessage(page).textContent()) ?? '';
    assert.match(message, /^Removing "Contoso" deletes its folder .* and frees \d/);
    await settled(page);
    await screenshot(page, 'workspaces-remove-confirm');
    await page.getByRole('dialog', { name: 'Remove Contoso?' }).getByRole('button', { name: 'Remove', exact: true }).click();
    await workspaces.removeMessage(page).waitFor({ state: 'detached' });
    // Back in the switcher, without the removed workspace.
    await workspaces.item(page, 'Demo workspace').waitFor();
    assert.equal(await workspaces.item(page, 'Contoso').count(), 0);
    await page.keyboard.press('Escape');
    await workspaces.switcher(page).waitFor({ state: 'detached' });
    const listed = await main.server.api.call('workspaces/list', {});
    assert.ok(listed.ok && !listed.value.workspaces.some((w) => w.name === 'Contoso'));
    assert.deepEqual(main.errors, []);
  });

  test('dark theme: the card and the switcher keep their contrast', { timeout: 30_000 }, async () => {
    const { page } = main;
    await useTheme(page, 'dark');
    await workspaces.card(page).click();
    await workspaces.item(page, 'Demo workspace').waitFor();
    await settled(page);
    await screenshot(page, 'workspaces-switcher-dark');
    const colours = await workspaces.switcher(page).evaluate((d) => [getComputedStyle(d).color, getComputedStyle(d).backgroundColor]);
    assert.notEqual(colours[0], colours[1]);
    await page.keyboard.press('Escape');
    await useTheme(page, 'light');
  });
});
