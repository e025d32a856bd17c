/**
 * End-to-end in Chromium for issue 12's item 4 (charts ready for a slide): in dark mode, a chart
 * with many series exported as PNG and SVG at the 1920×1080 preset is exactly that size, on a light
 * background, with every series named in a static legend (no paged "1/3" arrows), its title and
 * notes (minimum group size, suppression, date range) inside the image, and its y-axis title whole
 * and inside the picture. The PNG lands in test-results/screenshots/ (issue12-chart-export-*.png).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import type { AnalysisRunResult, JobInfo } from '../shared/api/contract.js';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium, openApp, openPage, screenshot, SCREENSHOT_DIR, type AppUnderTest } from './e2e/harness.js';
import { demoWorkspaceCopy } from './e2e/workspaces.js';
import { analyses } from './e2e/locators/analyses.js';
import { goTo, useTheme } from './e2e/actions/navigation.js';
import { runAnalysis } from './e2e/actions/analyses.js';

const SKIP = chromiumMissingReason();
const TITLE = 'Person-week collaboration metrics';
const CHART_TITLE = 'Weekly mean per person';
// The trend's mean column names the metric ("$metric, mean per person"), and the y-axis takes its label.
const Y_TITLE = 'Collaboration hours, mean per person';
let root: string;
let browser: Browser;
let main: AppUnderTest;

/** Width, height and the top-left pixel of an 8-bit RGB(A) PNG, read from its bytes. */
function pngFacts(bytes: Buffer): { width: number; height: number; topLeft: number[] } {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const depth = bytes[24];
  const colour = bytes[25];
  assert.equal(depth, 8, '8 bits per channel');
  assert.ok(colour === 2 || colour === 6, `RGB or RGBA (colour type ${colour})`);
  const idat: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const len = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  // Whatever the first row's filter, its first pixel is stored as it is (no left or upper neighbour).
  const channels = colour === 6 ? 4 : 3;
  return { width, height, topLeft: [...raw.subarray(1, 1 + channels)] };
}

/** Every <text> of an SVG with its box as Chromium lays it out, and the picture's own size. */
async function svgTexts(page: Page, svg: string): Promise<{ width: number; height: number; texts: { text: string; left: number; top: number; right: number; bottom: number }[] }> {
  await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
  return page.evaluate(() => {
    const el = document.querySelector('svg') as SVGSVGElement;
    const box = el.getBoundingClientRect();
    const texts = [...el.querySelectorAll('text')].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent ?? '', left: r.left - box.left, top: r.top - box.top, right: r.right - box.left, bottom: r.bottom - box.top };
    });
    return { width: box.width, height: box.height, texts };
  });
}

async function download(page: Page, button: 'PNG' | 'SVG'): Promise<string> {
  const locator = button === 'PNG' ? analyses.pngButton(page) : analyses.svgButton(page);
  const [d] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const path = await d.path();
  assert.ok(path, 'the download was saved');
  return path;
}

/** The analysis' result asked of the backend directly: the oracle for the series names. */
async function backendRun(id: string, params: Record<string, string | number | boolean | null>, minGroupSize: number): Promise<AnalysisRunResult> {
  let jobId: string | undefined;
  const ended = new Map<string, JobInfo>();
  let settle: ((job: JobInfo) => void) | undefined;
  const unsubscribe = main.server.api.onEvent((e) => {
    if (e.type !== 'job' || e.job.status === 'running') return;
    ended.set(e.job.id, e.job);
    if (e.job.id === jobId) settle?.(e.job);
  });
  try {
    const r = await main.server.api.call('analyses/run', { id, params, minGroupSize });
    if (!r.ok) assert.fail(r.error.message);
    jobId = r.value.jobId;
    const job = ended.get(jobId) ?? (await new Promise<JobInfo>((resolve) => (settle = resolve)));
    assert.equal(job.status, 'done', job.message);
    return job.result as unknown as AnalysisRunResult;
  } finally {
    unsubscribe();
  }
}

before(
  async () => {
    if (SKIP) return;
    root = mkdtempSync(join(tmpdir(), 'wpa-e2e-chart-'));
    process.env.WPA_HOME = join(root, 'home');
    ensureRendererBuilt();
    const ws = await demoWorkspaceCopy(join(root, 'demo-ws'), 1_000_000);
    browser = await launchChromium();
    main = await openApp(browser, ws, { isDemo: true, colorScheme: 'dark' });
  },
  { timeout: 600_000 },
);

after(async () => {
  if (SKIP) return;
  await main?.close();
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('issue 12 item 4: charts ready for a slide', { skip: SKIP }, () => {
  test('dark mode, many series, 1920×1080: PNG and SVG are slide-sized, light, fully labelled and annotated', { timeout: 240_000 }, async () => {
    const { page } = main;
    await goTo(page, 'Analyses');
    await useTheme(page, 'dark');
    // The weekly trend draws one line per group: eight and more series.
    await analyses.picker(page).selectOption({ label: TITLE });
    await analyses.param(page, 'View').selectOption('trend');
    await runAnalysis(page, TITLE, { groupBy: 'FunctionType', minGroupSize: 5 });
    await analyses.table(page).locator('thead th', { hasText: 'Week' }).first().waitFor();
    await analyses.chartCanvas(page).first().waitFor();
    await analyses.svgButton(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'issue12-chart-export-screen-dark');

    const expected = await backendRun('person-metrics', { by: 'FunctionType', view: 'trend', metric: 'collaboration_hours', from: null, to: null, workStart: 8, workEnd: 17 }, 5);
    const seriesNames = [...new Set(expected.rows.map((r) => String(r.grp)))];
    assert.ok(seriesNames.length >= 6, `many series (${seriesNames.join(', ')})`);
    const info = await main.server.api.call('workspace/info', {});
    assert.ok(info.ok);
    const ranges = info.value.tables.filter((t) => t.kind === 'export' && t.name !== 'PersonHistorical' && t.dateRange?.min && t.dateRange.max).map((t) => t.dateRange!);
    const firstDay = ranges.map((r) => r.min!.slice(0, 10)).sort()[0];
    const lastDay = ranges.map((r) => r.max!.slice(0, 10)).sort().at(-1)!;

    assert.equal(await analyses.imageBackground(page).inputValue(), 'light', 'a light background is the default, also in dark mode');
    await analyses.imageSize(page).selectOption({ label: '1920 × 1080 (16:9 slide)' });

    // PNG: exactly the preset's pixels, light at the corner.
    const pngPath = await download(page, 'PNG');
    const png = readFileSync(pngPath);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    copyFileSync(pngPath, join(SCREENSHOT_DIR, 'issue12-chart-export-1920x1080.png'));
    const facts = pngFacts(png);
    assert.deepEqual([facts.width, facts.height], [1920, 1080]);
    const [r, g, b] = facts.topLeft;
    assert.ok(r > 235 && g > 235 && b > 235, `a light background at the top-left corner (rgb ${r},${g},${b})`);

    // SVG: every series, the title, the notes, a whole y-axis title, no paged legend.
    const svg = readFileSync(await download(page, 'SVG'), 'utf8');
    writeFileSync(join(SCREENSHOT_DIR, 'issue12-chart-export-1920x1080.svg'), svg);
    assert.match(svg, /^<svg[^>]*width="1920"[^>]*height="1080"/, 'the SVG is 1920×1080');
    const viewer = await openPage(browser, 'about:blank');
    try {
      const laid = await svgTexts(viewer.page, svg);
      const inside = (t: { left: number; top: number; right: number; bottom: number }) => t.left >= 0 && t.top >= 0 && t.right <= laid.width + 0.5 && t.bottom <= laid.height + 0.5;
      const all = laid.texts.map((t) => t.text).join('\n');
      for (const name of seriesNames) {
        const item = laid.texts.find((t) => t.text === name);
        assert.ok(item, `series "${name}" is named in the legend`);
        assert.ok(inside(item), `series "${name}" is inside the picture`);
      }
      assert.ok(laid.texts.every((t) => t.text.trim() !== ''), 'no legend entry without a name');
      assert.ok(!laid.texts.some((t) => /^\s*\d+\s*\/\s*\d+\s*$/.test(t.text)), 'no paged legend ("1/3")');
      assert.doesNotMatch(svg, /pageIcon|pageText/i);
      const flat = all.replace(/\s+/g, ' ');
      assert.ok(flat.includes(CHART_TITLE), 'the title is in the picture');
      assert.match(flat, /Minimum group size 5/);
      assert.ok(flat.includes(expected.suppression.note.replace(/\s+/g, ' ')), `the suppression note is in the picture: ${expected.suppression.note}`);
      assert.ok(flat.includes(firstDay) && flat.includes(lastDay), `the data's dates ${firstDay} to ${lastDay} are in the picture`);
      const yTitle = laid.texts.find((t) => t.text === Y_TITLE);
      assert.ok(yTitle, 'the y-axis title is whole');
      assert.ok(inside(yTitle), `the y-axis title is inside the picture (${JSON.stringify(yTitle)})`);
      await viewer.page.setViewportSize({ width: 1920, height: 1080 });
      await viewer.page.screenshot({ path: join(SCREENSHOT_DIR, 'issue12-chart-export-svg-1920x1080.png') });
    } finally {
      await viewer.context.close();
    }
    assert.deepEqual(main.errors, []);
  });
});
