/**
 * In Chromium against browser mode, on a demo workspace with the demo's HR file (hr.csv) imported:
 * the join form leaves EmployeeId — which the Privacy audit flags as identifying people — unticked,
 * says why beside it, and the user can tick it back; the file's other columns start ticked. Reopened
 * after saving, the form says at once that saving replaces the saved join, naming its file and key.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumSuite, demoWithHrFile } from './e2e/suite.js';
import { join } from 'node:path';
import { openApp, screenshot } from './e2e/harness.js';
import { importJoin } from './e2e/locators/importJoin.js';
import { goTo } from './e2e/actions/navigation.js';

const suite = chromiumSuite('wpa-e2e-join-defaults-');
const SKIP = suite.skip;
let wsDir = '';

before(
  async () => {
    if (!SKIP) wsDir = await demoWithHrFile(suite.root, join(suite.root, 'ws'), { joined: false });
  },
  { timeout: 600_000 },
);

describe('Join: columns that identify people start unticked', { skip: SKIP }, () => {
  test('EmployeeId is left out with the reason beside it, and can be ticked back; Region is brought in', { timeout: 180_000 }, async () => {
    const ui = await openApp(suite.browser, wsDir, { isDemo: true });
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
      // A date is brought in but marked before saving: no analysis can group by it.
      assert.equal(await importJoin.bringIn(page, 'HireDate').isChecked(), true);
      assert.match((await importJoin.bringInChoice(page, 'HireDate').textContent()) ?? '', /^HireDate a date: joined for the person query and the audit, cannot group analyses$/);
      assert.doesNotMatch((await importJoin.bringInChoice(page, 'Region').textContent()) ?? '', /date/);
      // The intro promises groups only of the columns that can form them.
      assert.match((await page.locator('[data-screen="import"]').textContent()) ?? '', /Joined columns that can form groups \(a region, a cost centre — not dates or one value per person\) become group-by attributes in every analysis/);
      assert.match((await page.locator('[data-screen="import"]').textContent()) ?? '', /those that can form groups become group-by attributes for the analyses/);
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

  test('reopened after saving, the form says before any preview that saving replaces the saved join', { timeout: 180_000 }, async () => {
    const first = await openApp(suite.browser, wsDir, { isDemo: true });
    try {
      const { page } = first;
      await goTo(page, 'Import & join');
      await importJoin.tab(page, 'Join to the export').click();
      // The form is ready once it has chosen Key_ID as the key (EmployeeId is then a column to bring in).
      await importJoin.bringIn(page, 'EmployeeId').waitFor();
      assert.equal(await importJoin.replacesNotice(page).count(), 0, 'nothing saved yet: no warning');
      await importJoin.previewJoinButton(page).click();
      await importJoin.matchRate(page).waitFor();
      await importJoin.saveJoinButton(page).click();
      await importJoin.savedNotice(page).waitFor();
      // It promises groups only of the columns that can form them.
      assert.match((await page.locator('[data-screen="import"] .notice', { hasText: /^Saved the join / }).textContent()) ?? '', /2 columns \(CostCentre, Region\) can now group every analysis; HireDate is joined but cannot group \(a date, or nearly one value per person\); the view join_hr holds/);
      await screenshot(page, 'join-saved-light');
      assert.deepEqual(first.errors, []);
    } finally {
      await first.close();
    }
    // Another session: the form opens afresh on the same dataset and join name.
    const ui = await openApp(suite.browser, wsDir, { isDemo: true });
    try {
      const { page } = ui;
      await goTo(page, 'Import & join');
      await importJoin.tab(page, 'Join to the export').click();
      const notice = importJoin.replacesNotice(page);
      await notice.waitFor();
      assert.equal(await importJoin.matchRate(page).count(), 0, 'shown before any preview');
      assert.equal(
        ((await notice.textContent()) ?? '').trim(),
        'A join named hr is already saved: hr.Key_ID matched to Key_ID, bringing in HireDate, CostCentre, Region. Saving this form replaces it; give another join name to keep both.',
      );
      await screenshot(page, 'join-replaces-light');
      // Another name keeps both: the warning goes.
      await page.locator('[data-screen="import"]').getByLabel('Join name').fill('hr_again');
      assert.equal(await notice.count(), 0);
      assert.deepEqual(ui.errors, []);
    } finally {
      await ui.close();
    }
  });
});
