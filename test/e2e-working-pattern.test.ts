/**
 * In Chromium against browser mode on the app's first-run demo workspace (400 people × 8 weeks),
 * the hourly working pattern's weekday view by FunctionType (one heatmap row per function and
 * weekday), as a new user's walk found it:
 * - the table shows the weekday once (not also the chart's "Group · weekday" row label and a
 *   weekday number), and its CSV has the table's columns;
 * - every heatmap row is labelled (the y axis skipped every other label), on screen (side by side
 *   and stacked) and in the pictures saved "As on screen" and as a 16:9 slide, none overlapping;
 * - "People with hours" and "People active" say what each counts, so the smaller active count
 *   does not read as an error.
 * Screenshots in test-results/screenshots/working-pattern-*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { copyOfDemoWorkspace, DEMO_WORKSPACE_DEFAULTS } from '../electron/backend/demoWorkspace.js';
import { EMPTY_GROUP_LABEL } from '../shared/analyses/types.js';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium, openApp, openPage, screenshot, SCREENSHOT_DIR, type AppUnderTest } from './e2e/harness.js';
import { analyses } from './e2e/locators/analyses.js';
import { goTo } from './e2e/actions/navigation.js';
import { parseCsv } from './helpers/parseCsv.js';

const SKIP = chromiumMissingReason();
const TITLE = 'Hourly working pattern';
const WEEKDAY_CHART = 'Collaboration by local hour and weekday';
let root: string;
let browser: Browser;
let main: AppUnderTest;

before(
  async () => {
    if (SKIP) return;
    root = mkdtempSync(join(tmpdir(), 'wpa-e2e-pattern-'));
    process.env.WPA_HOME = join(root, 'home');
    ensureRendererBuilt();
    const ws = await copyOfDemoWorkspace(join(root, 'ws'), { people: DEMO_WORKSPACE_DEFAULTS.people, weeks: DEMO_WORKSPACE_DEFAULTS.weeks });
    browser = await launchChromium();
    main = await openApp(browser, ws, { isDemo: true });
    await main.page.setViewportSize({ width: 1440, height: 900 });
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

/** The weekday view grouped by FunctionType (the default Group by), its chart drawn. */
async function openWeekdayView(page: Page): Promise<void> {
  const screen = page.locator('[data-screen="analyses"]');
  await analyses.picker(page).selectOption({ label: TITLE });
  await analyses.param(page, 'View').selectOption('weekday');
  assert.equal(await analyses.param(page, 'Group by').inputValue(), 'FunctionType');
  await screen.locator('h2.panel__title', { hasText: WEEKDAY_CHART }).first().waitFor({ state: 'visible', timeout: 120_000 });
  await screen.locator('.btn--primary:not([disabled])', { hasText: 'Run' }).waitFor({ timeout: 120_000 });
  await analyses.chartCanvas(page).first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 600)));
}

/** The table's header cells: label text (with unit and tags) and tooltip. */
async function headers(page: Page): Promise<{ text: string; title: string }[]> {
  return analyses.table(page).locator('thead th').evaluateAll((ths) => ths.map((th) => ({ text: (th.textContent ?? '').trim(), title: th.getAttribute('title') ?? '' })));
}

/** The heatmap's rows as the table names them: "<group> · <weekday>", in table order. */
async function rowLabels(page: Page): Promise<string[]> {
  const heads = (await headers(page)).map((h) => h.text);
  const weekday = heads.indexOf('Weekday');
  assert.ok(weekday > 0, `a Weekday column after the group (${heads.join(' | ')})`);
  const cells = await analyses.tableRows(page).evaluateAll((trs, w) => trs.map((tr) => [tr.children[0]?.textContent ?? '', tr.children[w as number]?.textContent ?? '']), weekday);
  return [...new Set(cells.map(([g, d]) => `${g || EMPTY_GROUP_LABEL} · ${d}`))];
}

describe('working pattern, weekday view by group', { skip: SKIP }, () => {
  test('the table shows the weekday once and its CSV has the same columns', { timeout: 300_000 }, async () => {
    const { page } = main;
    await openWeekdayView(page);
    const heads = (await headers(page)).map((h) => h.text);
    await page.locator('[data-screen="analyses"] .result-split').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'working-pattern-weekday-table');
    assert.equal(heads.filter((h) => /weekday/i.test(h)).length, 1, `one weekday column: ${heads.join(' | ')}`);
    assert.deepEqual(heads.slice(0, 3), ['FunctionType', 'Weekday', 'Local hour']);

    const [d] = await Promise.all([page.waitForEvent('download'), analyses.csvButton(page).click()]);
    const csv = parseCsv(readFileSync((await d.path())!, 'utf8'));
    const [csvHead, ...csvRows] = csv;
    assert.equal(csvHead.filter((h) => /weekday/i.test(h)).length, 1, `one weekday column in the CSV: ${csvHead.join(' | ')}`);
    assert.deepEqual(csvHead.slice(0, 3), ['FunctionType', 'Weekday', 'Local hour']);
    assert.equal(csvHead.length, heads.length, 'the CSV has the table\'s columns');
    assert.equal(csvRows.filter((r) => r.length > 1).length, await analyses.tableRows(page).count());
    assert.deepEqual(main.errors, []);
  });

  test('the people counts say what each counts', { timeout: 300_000 }, async () => {
    const { page } = main;
    await openWeekdayView(page);
    const heads = await headers(page);
    const withHours = heads.find((h) => /^People with hours/.test(h.text));
    const active = heads.find((h) => /^People active/.test(h.text));
    assert.ok(withHours && active, heads.map((h) => h.text).join(' | '));
    // The label itself says the difference; the tooltip (the column's definition) says it in full.
    assert.match(withHours.text, /received mail/i);
    assert.match(active.text, /sent|attended/i);
    assert.match(withHours.title, /received/i);
    assert.match(withHours.title, /at least the people active/i);
    assert.match(active.title, /sent an email or an IM/i);
  });

  test('every heatmap row is labelled, on screen and in the saved pictures', { timeout: 300_000 }, async () => {
    const { page } = main;
    await openWeekdayView(page);
    const expected = await rowLabels(page);
    assert.ok(expected.length >= 30, `many rows (${expected.length})`);
    const chart = analyses.chart(page);
    await chart.scrollIntoViewIfNeeded();
    await screenshot(page, 'working-pattern-weekday-heatmap');
    // The chart gives every row at least 12 px: room for a label each.
    const box = (await chart.boundingBox())!;
    assert.ok(box.height >= expected.length * 12, `${box.height} px for ${expected.length} rows`);

    // The picture as on screen, and on a slide (a fixed height: the labels shrink to fit instead).
    for (const [size, name] of [['As on screen', 'screen'], ['1920 × 1080 (16:9 slide)', 'slide-16x9']] as const) {
      await analyses.imageSize(page).selectOption({ label: size });
      const [d] = await Promise.all([page.waitForEvent('download'), analyses.svgButton(page).click()]);
      const svg = readFileSync((await d.path())!, 'utf8');
      writeFileSync(join(SCREENSHOT_DIR, `working-pattern-weekday-heatmap-${name}.svg`), svg);
      const viewer = await openPage(browser, 'about:blank');
      try {
        await viewer.page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
        const texts = await viewer.page.evaluate(() =>
          [...document.querySelectorAll('svg text')].map((t) => {
            const r = t.getBoundingClientRect();
            return { text: t.textContent ?? '', top: r.top, bottom: r.bottom };
          }),
        );
        const labels = texts.filter((t) => expected.includes(t.text));
        const missing = expected.filter((e) => !labels.some((t) => t.text === e));
        assert.deepEqual(missing, [], `${name}: every row labelled (${missing.length} of ${expected.length} missing)`);
        const sorted = [...labels].sort((a, b) => a.top - b.top);
        for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].top >= sorted[i - 1].bottom - 1, `${name}: "${sorted[i - 1].text}" and "${sorted[i].text}" do not overlap`);
        await viewer.page.setViewportSize({ width: 1920, height: 1080 });
        await viewer.page.screenshot({ path: join(SCREENSHOT_DIR, `working-pattern-weekday-heatmap-${name}-svg.png`), fullPage: true });
      } finally {
        await viewer.context.close();
      }
    }
    // Stacked (below 1200 px wide), the chart keeps the height its rows need.
    await page.setViewportSize({ width: 1024, height: 700 });
    try {
      await page.evaluate(() => new Promise((r) => setTimeout(r, 600)));
      const stacked = (await chart.boundingBox())!;
      await chart.evaluate((e) => e.scrollIntoView({ block: 'start' }));
      await screenshot(page, 'working-pattern-weekday-heatmap-1024x700');
      assert.ok(stacked.height >= expected.length * 12, `stacked: ${stacked.height} px for ${expected.length} rows`);
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
    assert.deepEqual(main.errors, []);
  });
});
