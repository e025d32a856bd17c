/**
 * In Chromium against browser mode, on a demo workspace with the demo's HR file (hr.csv) joined on
 * Key_ID: the Privacy audit reports hr.Key_ID as the join key (info, as the export's Key_ID), while
 * the file's EmployeeId stays a warning; a legend above the findings says what each severity means;
 * the k-anonymity picker offers the joined HireDate (no analysis groups by it, but it can single
 * people out in a combination) and never EmployeeId.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumSuite, demoWithHrFile } from './e2e/suite.js';
import { join } from 'node:path';
import { openApp, screenshot } from './e2e/harness.js';
import { audit, auditPicker } from './e2e/locators/audit.js';
import { goTo } from './e2e/actions/navigation.js';
import { chooseAttributeSets, runAudit } from './e2e/actions/audit.js';

const suite = chromiumSuite('wpa-e2e-join-key-');
const SKIP = suite.skip;
let wsDir = '';

before(
  async () => {
    if (!SKIP) wsDir = await demoWithHrFile(suite.root, join(suite.root, 'ws'), { joined: true });
  },
  { timeout: 600_000 },
);

describe('Privacy audit: the join key of an imported file', { skip: SKIP }, () => {
  test('hr.Key_ID is reported as the join key at info, like PersonHistorical.Key_ID; hr.EmployeeId stays a warning', { timeout: 180_000 }, async () => {
    const ui = await openApp(suite.browser, wsDir, { isDemo: true });
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
      // The summary counts every severity the table shows, info included: the counts add up to the findings.
      const summary = ((await audit.summary(page).textContent()) ?? '').trim();
      const counts = /^(\d+) alerts? · (\d+) warnings? · (\d+) risks? · (\d+) info$/.exec(summary);
      assert.ok(counts, summary);
      assert.equal(counts.slice(1).reduce((n, x) => n + Number(x), 0), await audit.findings(page).locator('tbody tr').count(), summary);
      // A long place wraps after its dot, never inside a word ("hr_extra.EmployeeI|d").
      const where = row('hr.EmployeeId').locator('td.mono');
      assert.equal(await where.innerHTML(), 'hr.<wbr>EmployeeId');
      assert.notEqual(await where.evaluate((el) => getComputedStyle(el).overflowWrap), 'anywhere');
      await row('hr.Key_ID').scrollIntoViewIfNeeded();
      await screenshot(page, 'audit-join-key-light');
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });

  test('a legend above the findings says what each severity means for the admin', { timeout: 180_000 }, async () => {
    const ui = await openApp(suite.browser, wsDir, { isDemo: true });
    try {
      const { page } = ui;
      await goTo(page, 'Privacy audit');
      await runAudit(page, 5);
      // The saved report shows at once; the screenshot waits for this run to finish.
      await page.locator('[data-screen="audit"] [data-testid="job-status"]', { hasText: 'Running' }).waitFor({ state: 'hidden', timeout: 120_000 });
      const legend = audit.severityLegend(page);
      assert.deepEqual((await legend.locator('dt').allTextContents()).map((s) => s.trim()), ['alert', 'warning', 'risk', 'info']);
      const text = (await legend.textContent()) ?? '';
      assert.match(text, /alert\s*something that should be masked is readable, or pseudonyms disagree: fix the export before sharing it/);
      assert.match(text, /warning\s*worth a look, may be legitimate/);
      assert.match(text, /risk\s*people in groups smaller than the minimum group size/);
      assert.match(text, /info\s*a fact about the data, for reference: nothing to do/);
      await legend.scrollIntoViewIfNeeded();
      await screenshot(page, 'audit-severity-legend-light');
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });

  test('the k-anonymity picker offers the joined HireDate, which groups no analysis, and not EmployeeId; a set with it runs', { timeout: 180_000 }, async () => {
    const ui = await openApp(suite.browser, wsDir, { isDemo: true });
    try {
      const { page } = ui;
      await goTo(page, 'Privacy audit');
      await chooseAttributeSets(page, [['Organization', 'HireDate']]);
      const offered = await page.locator('[data-screen="audit"] [data-testid="attribute-set"]').first().textContent();
      assert.match(offered ?? '', /HireDate/);
      const options = (await auditPicker.addAttribute(page, 1).locator('option').allTextContents()).map((s) => s.trim());
      assert.ok(!options.includes('EmployeeId'), options.join(', '));
      await runAudit(page, 5);
      await page.locator('[data-screen="audit"] [data-testid="job-status"]', { hasText: 'Running' }).waitFor({ state: 'hidden', timeout: 120_000 });
      assert.match((await audit.kAnonymity(page).textContent()) ?? '', /Organization × HireDate/);
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });
});
