/**
 * In Chromium against browser mode on the app's first-run demo workspace (400 people × 8 weeks):
 * every analysis and every view opened at its defaults shows a chart or a sentence saying why not
 * (never a blank panel, never "NULL"); the sales analysis says to join a sales file, names the
 * demo's, and its button opens Import & join; the network draws every group that collaborates
 * across groups and says what it hides. Screenshots of each in test-results/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { OTHER_GROUP_LABEL } from '../shared/privacy.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { copyOfDemoWorkspace, DEMO_WORKSPACE_DEFAULTS } from '../electron/backend/demoWorkspace.js';
import { ANALYSES } from '../shared/analyses/catalogue.js';
import { viewOf, type ParamValues } from '../shared/analyses/types.js';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium, openApp, screenshot, type AppUnderTest } from './e2e/harness.js';
import { app } from './e2e/locators/app.js';
import { analyses } from './e2e/locators/analyses.js';
import { goTo } from './e2e/actions/navigation.js';

const SKIP = chromiumMissingReason();
let root: string;
let browser: Browser;
let main: AppUnderTest;

before(
  async () => {
    if (SKIP) return;
    root = mkdtempSync(join(tmpdir(), 'wpa-e2e-defaults-'));
    process.env.WPA_HOME = join(root, 'home');
    ensureRendererBuilt();
    const ws = await copyOfDemoWorkspace(join(root, 'ws'), { people: DEMO_WORKSPACE_DEFAULTS.people, weeks: DEMO_WORKSPACE_DEFAULTS.weeks });
    browser = await launchChromium();
    main = await openApp(browser, ws, { isDemo: true });
    await main.page.setViewportSize({ width: 1440, height: 900 });
    await app.heading(main.page, 'Datasets').waitFor();
    await goTo(main.page, 'Analyses');
  },
  { timeout: 600_000 },
);

after(async () => {
  if (SKIP) return;
  await main?.close();
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

const cases = ANALYSES.flatMap((def) => (def.params.find((p) => p.name === 'view')?.options ?? [undefined]).map((view) => ({ def, view })));

test('every analysis and view at its defaults shows a chart or says why', { skip: SKIP, timeout: 900_000 }, async () => {
  const page = main.page;
  const screen = page.locator('[data-screen="analyses"]');
  for (const { def, view } of cases) {
    const label = `${def.id}${view ? ` (${view})` : ''}`;
    await analyses.picker(page).selectOption({ label: def.title });
    const viewParam = def.params.find((p) => p.name === 'view');
    if (view && viewParam) await analyses.param(page, 'View').selectOption(view);
    const joined = def.params.find((p) => p.joined);
    if (joined) {
      const panel = screen.getByTestId('needs-join');
      await panel.waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(await panel.innerText(), /Join a sales file to see this analysis/);
      assert.match(await panel.innerText(), /raw\/demo-export\/sales\.csv/, 'names the demo\'s sales file');
      assert.equal(await screen.getByText('choose a broader attribute', { exact: false }).count(), 0);
      assert.ok(await analyses.runButton(page).isDisabled(), 'Run is off until a file is joined');
      assert.ok(await analyses.param(page, joined.label).isDisabled(), 'no outcome column to offer');
      await screenshot(page, `analyses-defaults-${def.id}${view ? `-${view}` : ''}`);
      continue;
    }
    const params: ParamValues = Object.fromEntries(def.params.map((p) => [p.name, p.default]));
    if (view) params.view = view;
    const title = viewOf(def, params).chart.title;
    await screen.locator('h2.panel__title', { hasText: title }).first().waitFor({ state: 'visible', timeout: 120_000 });
    await screen.locator('.btn--primary:not([disabled])', { hasText: 'Run' }).waitFor({ timeout: 120_000 });
    const chart = analyses.chartCanvas(page).or(screen.getByTestId('chart-explanation'));
    await chart.first().waitFor({ state: 'visible', timeout: 60_000 });
    // Let the chart's entry animation finish before the screenshot (a picture only; nothing is asserted on the delay).
    await page.evaluate(() => new Promise((r) => setTimeout(r, 600)));
    await screen.locator('.result-split').scrollIntoViewIfNeeded();
    await screenshot(page, `analyses-defaults-${def.id}${view ? `-${view}` : ''}`);
    const hasCanvas = (await analyses.chartCanvas(page).count()) > 0;
    const explained = (await screen.getByTestId('chart-explanation').count()) > 0;
    assert.ok(hasCanvas || explained, `${label}: a chart or an explanation`);
    if (explained) assert.ok((await screen.getByTestId('chart-explanation').innerText()).length > 30, `${label}: the explanation is a sentence`);
    const cells = await analyses.table(page).locator('td').allInnerTexts();
    assert.ok(!cells.includes('NULL'), `${label}: no cell reads NULL`);
    if ((await screen.getByTestId('masked-cell').count()) > 0) await screen.getByTestId('masked-legend').waitFor({ state: 'visible' });
    if (def.id === 'data-quality' && view === 'groups') {
      // On the demo most groups have 1 to 4 inactive person-weeks: hidden, and the chart says so under it.
      assert.match(await screen.getByTestId('chart-caption').innerText(), /values? not drawn \(Inactive person-weeks\)\. Hidden to protect privacy/);
      assert.match(await screen.getByTestId('chart-caption').innerText(), /Non-knowledge workers: 0 in every group\./);
    }
    const note = await screen.locator('[role="status"], .notice').filter({ hasText: 'Minimum group size' }).first().innerText();
    assert.doesNotMatch(note, /All groups have at least \d+ people\.[^]*merged into/, `${label}: no "all groups big enough" beside a merge`);
    if (def.id === 'group-network') assert.match(note, /edges drawn|All \d+ edges between the shown groups are drawn/, `${label}: says what the network hides`);
    if (def.id === 'group-network' && note.includes(`merged into "${OTHER_GROUP_LABEL}"`)) {
      // The merged group holds groups merged although big enough (differencing): the note and its
      // empty cells say it was merged for privacy and is left out on purpose, not "below the minimum".
      assert.match(note, /merges the groups hidden for privacy: it is not one group/, `${label}: ${note}`);
      const otherRow = analyses.table(page).locator('tr', { hasText: OTHER_GROUP_LABEL });
      // The edges view leaves it out (it has no edges); the nodes view shows its row.
      assert.equal(await otherRow.count(), view === 'edges' ? 0 : 1, `${label}: the merged group's row`);
      const why = await otherRow.locator('td span.faint[title]').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
      if (view !== 'edges') assert.ok(why.length > 0 && why.every((t) => t.startsWith(`Not computed for "${OTHER_GROUP_LABEL}"`)), `${label}: the merged group's empty cells say why: ${why.join(' | ')}`);
    }
  }
  // The analyses after it ran through the same backend, so any run the sales analysis started is listed by now.
  const jobs = await main.server.api.call('jobs/list', {});
  assert.ok(jobs.ok);
  assert.deepEqual(jobs.value.jobs.filter((j) => j.title.startsWith('Sales')).map((j) => `${j.title}: ${j.status}`), [], 'the sales analysis never ran without a joined file');
});

test('the sales analysis opens Import & join', { skip: SKIP, timeout: 120_000 }, async () => {
  const page = main.page;
  await analyses.picker(page).selectOption({ label: 'Sales and customer-service effectiveness' });
  await page.locator('[data-screen="analyses"]').getByRole('button', { name: 'Open Import & join' }).click();
  await app.heading(page, 'Import & join').waitFor({ state: 'visible' });
  await goTo(page, 'Analyses');
  assert.deepEqual(main.errors, []);
});
