/**
 * In Chromium against browser mode, on a small demo workspace with the demo's HR file joined:
 * - an import killed mid-run (a real CLI process, SIGKILL) is shown above every screen — what, when,
 *   and that the previous data was kept — until the next import succeeds;
 * - the audit frames its people counts as measured employees and flags the joined EmployeeId;
 * - every screen, light and dark, at 1440×900 and 1024×700, is written to
 *   test-results/screenshots/<screen>-<theme>-<w>x<h>.png, and none scrolls sideways or clips the
 *   text of a heading or button.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium, openApp, ROOT, screenshot } from './e2e/harness.js';
import { app, type ScreenName } from './e2e/locators/app.js';
import { analyses } from './e2e/locators/analyses.js';
import { audit } from './e2e/locators/audit.js';
import { browse } from './e2e/locators/browse.js';
import { datasets } from './e2e/locators/datasets.js';
import { goTo, useTheme } from './e2e/actions/navigation.js';
import { runAnalysis } from './e2e/actions/analyses.js';
import { runAudit } from './e2e/actions/audit.js';
import { openTable } from './e2e/actions/browse.js';
import { runSql } from './e2e/actions/sql.js';
import { importAs, typePath } from './e2e/actions/importJoin.js';
import { generateDemoExport, type DemoSummary } from '../electron/backend/demo/generateDemoExport.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';
import { importDataset } from '../electron/backend/datasets/importDataset.js';
import { saveJoin } from '../electron/backend/datasets/saveJoin.js';
import { JOURNAL_FOLDER } from '../electron/backend/workspace/journal.js';

const SKIP = chromiumMissingReason();
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

let root = '';
let browser: Browser;
let demo: DemoSummary;
let measured = 0;

async function demoWorkspace(dir: string, join_: boolean): Promise<string> {
  const ws = await Workspace.open(dir, { create: true });
  try {
    await ingestExport(ws, { sourceDir: join(root, 'export') });
    if (join_) {
      await importDataset(ws, demo.hrFile, { name: 'hr' });
      await saveJoin(ws, { name: 'hr', dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
    }
  } finally {
    ws.close();
  }
  return dir;
}

/** Start `wpa-explorer import` of a large file and SIGKILL it as soon as its journal record appears. */
async function killImportMidRun(wsDir: string, file: string): Promise<void> {
  const journal = join(wsDir, JOURNAL_FOLDER);
  mkdirSync(journal, { recursive: true });
  const child = spawn(process.execPath, [join(ROOT, 'build', 'bin', 'wpa-explorer.mjs'), 'import', file, '--workspace', wsDir, '--name', 'big'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const started = performance.now();
  while (!readdirSync(journal).some((n) => n.endsWith('.json'))) {
    if (child.exitCode !== null) assert.fail(`the import ended (${child.exitCode}) before it could be killed: ${stderr}`);
    if (performance.now() - started > 120_000) assert.fail('the import never started');
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  await exited;
}

before(
  async () => {
    if (SKIP) return;
    root = mkdtempSync(join(tmpdir(), 'wpa-e2e-screens-'));
    process.env.WPA_HOME = join(root, 'home');
    const build = ensureRendererBuilt();
    if (build.built) console.log(`# built renderer/dist in ${build.seconds.toFixed(1)} s`);
    demo = await generateDemoExport({ outDir: join(root, 'export'), people: 120, weeks: 3, seed: 3 });
    // One bad row, so the Rejected rows tab has something to show.
    const calls = join(root, 'export', 'Calls.csv');
    appendFileSync(calls, `${readFileSync(calls, 'utf8').endsWith('\n') ? '' : '\n'}not-a-guid,,2024-01-02T10:00:00,2024-01-02T10:30:00,GroupCall\n`);
    const ph = readFileSync(join(root, 'export', 'PersonHistorical.csv'), 'utf8').split('\n');
    const [header, ...rows] = ph;
    const type = header.split(',').indexOf('PopulationType');
    const email = header.split(',').indexOf('EmailAddress');
    measured = new Set(rows.filter((r) => r.split(',')[type] === 'MeasuredEmployee').map((r) => r.split(',')[email])).size;
    browser = await launchChromium();
  },
  { timeout: 600_000 },
);

after(async () => {
  if (SKIP) return;
  await browser?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('browser mode: interruptions, audit framing, every screen', { skip: SKIP }, () => {
  test('an import killed mid-run is shown above every screen until the next import succeeds', { timeout: 300_000 }, async () => {
    const wsDir = await demoWorkspace(join(root, 'ws-killed'), false);
    const big = join(root, 'big.csv');
    const lines = ['Key_ID,Score,Note'];
    for (let i = 0; i < 1_500_000; i++) lines.push(`K${i},${i % 97},note ${i}`);
    writeFileSync(big, lines.join('\n') + '\n');
    await killImportMidRun(wsDir, big);

    const ui = await openApp(browser, wsDir);
    try {
      const banner = ui.page.getByTestId('interrupted-banner');
      await banner.waitFor({ state: 'visible' });
      const text = (await banner.textContent()) ?? '';
      assert.match(text, /The import of "big" started .+ was interrupted/);
      assert.match(text, /holds what it held before it started/, 'the previous data was kept');
      assert.match(text, /goes away when the next import succeeds/);
      // Above every screen, not only the one that ran it.
      await goTo(ui.page, 'SQL');
      assert.ok(await banner.isVisible());
      // The next successful import clears it.
      const small = join(root, 'small.csv');
      writeFileSync(small, 'Key_ID,Score\nK1,3\nK2,4\n');
      await goTo(ui.page, 'Import & join');
      await typePath(ui.page, small);
      await importAs(ui.page, 'small');
      await banner.waitFor({ state: 'detached', timeout: 30_000 });
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });

  test('every screen, light and dark, at 1440×900 and 1024×700: no sideways scrolling, no clipped headings or buttons', { timeout: 600_000 }, async () => {
    const wsDir = await demoWorkspace(join(root, 'ws-joined'), true);
    const ui = await openApp(browser, wsDir, { isDemo: true });
    const { page } = ui;
    const problems: string[] = [];
    const written: string[] = [];
    try {
      await app.heading(page, 'Datasets').waitFor();
      // Give each screen its content once: a grid, a query result, analyses, an audit.
      await goTo(page, 'Browse');
      await openTable(page, 'Meetings', 'MeetingId');
      await goTo(page, 'SQL');
      await runSql(page, 'SELECT FunctionType, count(*) AS people FROM PersonHistorical GROUP BY ALL ORDER BY 2 DESC');
      await goTo(page, 'Privacy audit');
      await runAudit(page, 5);
      // The audit's framing: measured employees, and the joined EmployeeId flagged.
      assert.match((await page.getByTestId('k-population').textContent()) ?? '', new RegExp(`Counts the ${measured} measured employees`));
      const employeeIdRow = page.getByRole('table', { name: 'Column classifications' }).locator('tr', { hasText: 'EmployeeId' });
      assert.equal((await employeeIdRow.locator('.badge').textContent())?.trim(), 'warning');
      await goTo(page, 'Analyses');
      await analyses.picker(page).selectOption({ label: 'Email threads by originator' });
      const groupBy = analyses.param(page, 'Group by');
      await groupBy.locator('option', { hasText: 'Region' }).waitFor({ state: 'attached' });
      const offered = await groupBy.locator('option').allTextContents();
      assert.ok(offered.some((o) => /Region/.test(o)) && !offered.some((o) => /EmployeeId/.test(o)), `Group by offers ${offered.join(', ')}`);

      const shots: { name: string; screen: ScreenName; prepare?: (p: Page) => Promise<void> }[] = [
        { name: 'connect', screen: 'Connect' },
        { name: 'datasets', screen: 'Datasets' },
        { name: 'datasets-rejected', screen: 'Datasets', prepare: async (p) => void (await datasets.tableRow(p, 'Calls').click(), await datasets.rejectsTab(p).click(), await datasets.rejectRows(p).first().waitFor()) },
        { name: 'import-join', screen: 'Import & join' },
        { name: 'browse', screen: 'Browse', prepare: async (p) => browse.grid(p).locator('.ag-row').first().waitFor() },
        { name: 'sql', screen: 'SQL' },
        { name: 'export', screen: 'Export' },
        { name: 'analyses-thread-length', screen: 'Analyses', prepare: async (p) => runAnalysis(p, 'Email threads by originator') },
        { name: 'analyses-network', screen: 'Analyses', prepare: async (p) => runAnalysis(p, 'Group-to-group network') },
        { name: 'analyses-working-pattern', screen: 'Analyses', prepare: async (p) => runAnalysis(p, 'Hourly working pattern') },
        { name: 'audit', screen: 'Privacy audit', prepare: async (p) => audit.summary(p).waitFor() },
        { name: 'audit-k-anonymity', screen: 'Privacy audit', prepare: async (p) => audit.kAnonymity(p).scrollIntoViewIfNeeded() },
      ];
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        for (const theme of ['light', 'dark'] as const) {
          await useTheme(page, theme);
          for (const s of shots) {
            await goTo(page, s.screen);
            await s.prepare?.(page);
            await page.evaluate(() => document.fonts.ready.then(() => undefined));
            const size = `${viewport.width}x${viewport.height}`;
            for (const p of await layoutProblems(page)) problems.push(`${s.name} ${theme} ${size}: ${p}`);
            written.push(await screenshot(page, `${s.name}-${theme}-${size}`));
          }
        }
      }
      await useTheme(page, 'light');
      console.log(`# ${written.length} screenshots in test-results/screenshots/`);
      assert.ok(written.every((p) => existsSync(p)));
      assert.deepEqual(problems, []);
      assert.deepEqual(ui.errors, [], 'no errors in the page console');
    } finally {
      await ui.close();
    }
  });
});

/**
 * Sideways scrolling of the page or the screen, and headings or buttons whose text overflows them.
 * A script string: the test runner's transform would add helpers a function passed to the page lacks.
 */
const LAYOUT_PROBLEMS = `(() => {
  const out = [];
  const wide = (el, what) => {
    if (el && el.scrollWidth > el.clientWidth + 1) out.push(what + ' scrolls sideways (' + el.scrollWidth + ' > ' + el.clientWidth + ' px)');
  };
  wide(document.scrollingElement, 'the page');
  wide(document.body, 'the body');
  wide(document.querySelector('[data-screen]:not([hidden])'), 'the screen');
  for (const el of document.querySelectorAll('h1, h2, h3, button, .btn, .badge, .notice__title, .panel__title')) {
    if (el.offsetParent === null || el.closest('[hidden]') || el.closest('.ag-root-wrapper')) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const cls = el.className ? '.' + String(el.className).split(' ')[0] : '';
      out.push(el.tagName.toLowerCase() + cls + ' "' + (el.textContent || '').trim().slice(0, 50) + '" is clipped (' + el.scrollWidth + ' px in ' + el.clientWidth + ')');
    }
  }
  return out;
})()`;

async function layoutProblems(page: Page): Promise<string[]> {
  return (await page.evaluate(LAYOUT_PROBLEMS)) as string[];
}
