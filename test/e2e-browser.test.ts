/**
 * End-to-end, in Debian's Chromium against browser mode: the real HTTP server on a real demo
 * workspace (MailParticipants scaled to a million rows), a real Azurite for the sync. Each flow
 * a user has: connect and watch the sync, browse and sort a million rows, SQL with an error,
 * export a CSV and read it back, the thread-length analysis as table and chart, the privacy audit
 * with chosen attribute sets, uploading the demo's HR file and joining it to the export. A
 * screenshot of every screen, light and dark, lands in test-results/screenshots/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ApiName, ApiRequest, ApiResponse, JobInfo } from '../shared/api/contract.js';
import type { JobResults } from './helpers/apiHarness.js';
import { Azurite, ThrottleProxy } from './helpers/azurite.js';
import { chromiumMissingReason, ensureRendererBuilt, launchChromium, openApp, screenshot, type AppUnderTest } from './e2e/harness.js';
import { demoExportInAzurite, demoWorkspaceCopy } from './e2e/workspaces.js';
import { app } from './e2e/locators/app.js';
import { connect } from './e2e/locators/connect.js';
import { datasets } from './e2e/locators/datasets.js';
import { browse } from './e2e/locators/browse.js';
import { grid } from './e2e/locators/grid.js';
import { sql } from './e2e/locators/sql.js';
import { exportScreen } from './e2e/locators/exportScreen.js';
import { analyses } from './e2e/locators/analyses.js';
import { audit, auditPicker } from './e2e/locators/audit.js';
import { importJoin } from './e2e/locators/importJoin.js';
import { goTo, useTheme } from './e2e/actions/navigation.js';
import { checkSas, syncAndWatch } from './e2e/actions/connect.js';
import { cellText, filterBoolean, filterNumber, openTable, sortBy } from './e2e/actions/browse.js';
import { runSql, typeSql } from './e2e/actions/sql.js';
import { downloadExport, exportTable, shownDownload } from './e2e/actions/exportActions.js';
import { runAnalysis } from './e2e/actions/analyses.js';
import { chooseAttributeSets, runAudit } from './e2e/actions/audit.js';
import { dropFile, importAs, overrideType, pickFile, previewJoin, saveJoin, typePath } from './e2e/actions/importJoin.js';
import { parseCsv } from './helpers/parseCsv.js';
import { EMPTY_GROUP_LABEL } from '../shared/analyses/types.js';
import { Workspace } from '../electron/backend/workspace/workspace.js';
import { ingestExport } from '../electron/backend/ingest/ingestExport.js';

const SKIP = chromiumMissingReason();
const BIG_ROWS = 1_000_000;

let root: string;
let browser: Browser;
let main: AppUnderTest;
const shots: string[] = [];

async function backend<N extends ApiName>(name: N, request: ApiRequest<N>): Promise<ApiResponse<N>> {
  const r = await main.server.api.call(name, request);
  if (!r.ok) assert.fail(`${name}: ${r.error.message}`);
  return r.value;
}

/** The result of a call that runs as a job, asked of the backend directly (listening before it starts). */
async function backendResult<N extends keyof JobResults>(name: N, request: ApiRequest<N>): Promise<JobResults[N]> {
  let jobId: string | undefined;
  const ended = new Map<string, JobInfo>();
  let settle: ((job: JobInfo) => void) | undefined;
  const unsubscribe = main.server.api.onEvent((e) => {
    if (e.type !== 'job' || e.job.status === 'running') return;
    ended.set(e.job.id, e.job);
    if (e.job.id === jobId) settle?.(e.job);
  });
  try {
    jobId = (await backend(name, request)).jobId;
    const job = ended.get(jobId) ?? (await new Promise<JobInfo>((resolve) => (settle = resolve)));
    if (job.status !== 'done') assert.fail(`${name}: the job ended ${job.status}: ${job.message ?? ''}`);
    return job.result as unknown as JobResults[N];
  } finally {
    unsubscribe();
  }
}


function numberIn(text: string): number {
  return Number(text.replace(/,/g, ''));
}

before(
  async () => {
    if (SKIP) return;
    root = mkdtempSync(join(tmpdir(), 'wpa-e2e-'));
    process.env.WPA_HOME = join(root, 'home');
    const build = ensureRendererBuilt();
    if (build.built) console.log(`# built renderer/dist in ${build.seconds.toFixed(1)} s`);
    const ws = await demoWorkspaceCopy(join(root, 'demo-ws'), BIG_ROWS);
    browser = await launchChromium();
    main = await openApp(browser, ws, { isDemo: true });
    await main.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: main.server.origin });
    await app.heading(main.page, 'Datasets').waitFor();
  },
  { timeout: 600_000 },
);

after(async () => {
  if (SKIP) return;
  await main?.close();
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
  if (shots.length) console.log(`# screenshots:\n${shots.map((s) => `#   ${s}`).join('\n')}`);
});

describe('browser mode', { skip: SKIP }, () => {
  test('the page hides its access token and shows the demo workspace', async () => {
    const { page } = main;
    assert.ok(!page.url().includes('token='), `token still in the address: ${page.url()}`);
    await app.workspaceCard(page).filter({ hasText: 'Demo export' }).waitFor();
    await page.locator('[data-screen="datasets"] tbody tr', { hasText: 'MailParticipants' }).waitFor();
    assert.match((await page.locator('[data-screen="datasets"] tbody tr', { hasText: 'MailParticipants' }).first().textContent()) ?? '', /1,000,000/);
    assert.equal(await page.locator('.schema-diagram .tbl').count(), 9, 'the diagram shows the nine tables');
  });

  test('connect to an Azurite-hosted export with an rl SAS and watch download and load progress', { timeout: 180_000 }, async () => {
    const azurite = await Azurite.start();
    const proxy = await ThrottleProxy.start(() => azurite.port, 3_000_000);
    const synced = await openApp(browser, join(root, 'synced-ws'));
    try {
      const { sasUri: direct, refresh, badCallsLine } = await demoExportInAzurite(azurite, root);
      const sasUri = direct.replace(`:${azurite.port}/`, `:${proxy.port}/`);
      const signature = new URL(sasUri).searchParams.get('sig') ?? '';
      const { page } = synced;
      await goTo(page, 'Connect');
      await checkSas(page, sasUri);

      const details = (await connect.sasDetails(page).textContent()) ?? '';
      assert.match(details, /wpa-export/);
      assert.match(details, /read/);
      assert.match(details, /list/);
      await connect.anotherSas(page).click();
      assert.equal(await connect.sasField(page).inputValue(), '', 'the SAS field is cleared after sending');
      const html = await page.content();
      assert.ok(!html.includes(signature) && !html.includes(encodeURIComponent(signature)), 'the signature never shows in the page');
      assert.ok(await connect.refreshChoice(page, refresh).isChecked(), 'the latest refresh is preselected');
      shots.push(await screenshot(page, 'connect-inventory-light'));

      let midShot = false;
      const watching = syncAndWatch(page);
      // A screenshot while the download runs.
      await connect.jobStatus(page).filter({ hasText: 'Running' }).waitFor({ timeout: 20_000 });
      await page.waitForTimeout(600);
      if ((await connect.jobStatus(page).textContent())?.includes('Running')) {
        shots.push(await screenshot(page, 'connect-sync-progress-light'));
        midShot = true;
      }
      const result = await watching;
      assert.equal(result.status, 'Done', `sync ended as ${result.status}`);
      assert.ok(result.sawRunning, 'the job was seen running');
      assert.ok(midShot, 'the sync ran long enough to be watched');
      assert.ok(result.percents.length >= 2, `progress moved: ${result.percents.join(', ')}`);
      for (let i = 1; i < result.percents.length; i++) assert.ok(result.percents[i] >= result.percents[i - 1], `progress never goes back: ${result.percents.join(', ')}`);
      await connect.loadedNotice(page).waitFor();
      const states = await connect.fileRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file-state')));
      assert.ok(states.length >= 9 && states.every((s) => s === 'loaded'), `every file loaded: ${states.join(', ')}`);
      await app.workspaceCard(page).filter({ hasText: /[1-9][0-9,]* rows/ }).waitFor();
      shots.push(await screenshot(page, 'connect-done-light'));

      await goTo(page, 'Datasets');
      const mp = datasets.tableRow(page, 'MailParticipants');
      await mp.waitFor();
      assert.ok(numberIn((await mp.locator('td.num').first().textContent()) ?? '0') > 0, 'MailParticipants has rows after the sync');

      // The bad line of Calls.csv is listed with its file and line.
      assert.equal((await datasets.rejectsCell(page, 'Calls').textContent())?.trim(), '1');
      await datasets.tableRow(page, 'Calls').click();
      await datasets.rejectsTab(page).click();
      const reject = datasets.rejectRows(page).first();
      await reject.waitFor();
      await reject.scrollIntoViewIfNeeded();
      const cells = (await reject.locator('td').allTextContents()).map((t) => t.trim());
      assert.ok(cells.includes('Calls.csv'), `the file is named: ${cells.join(' | ')}`);
      assert.ok(cells.includes(String(badCallsLine)), `line ${badCallsLine} is named: ${cells.join(' | ')}`);
      shots.push(await screenshot(page, 'datasets-rejects-light'));
      assert.deepEqual(synced.errors, []);
    } finally {
      await synced.close();
      await proxy.close();
      await azurite.stop();
    }
  });

  test('browse a million-row table, sort it in DuckDB, copy rows with headers', { timeout: 60_000 }, async () => {
    const { page } = main;
    await goTo(page, 'Browse');
    await openTable(page, 'MailParticipants', 'MailId');
    const scope = browse.grid(page);
    assert.match((await grid.total(scope).textContent()) ?? '', /1,000,000 rows/);

    await sortBy(page, 'PersonTimeSpentInHours', 'desc');
    const max = await backend('sql/run', { sql: 'SELECT max(PersonTimeSpentInHours) AS m, min(PersonTimeSpentInHours) AS lo FROM MailParticipants', runId: 'e2e-max' });
    const top = numberIn(await cellText(page, 0, 'PersonTimeSpentInHours'));
    const second = numberIn(await cellText(page, 1, 'PersonTimeSpentInHours'));
    assert.ok(Math.abs(top - Number(max.rows[0].m)) < 1e-3, `first row ${top} is the maximum ${String(max.rows[0].m)}`);
    assert.ok(second <= top, 'sorted descending');

    await sortBy(page, 'PersonTimeSpentInHours', 'asc');
    assert.ok(Math.abs(numberIn(await cellText(page, 0, 'PersonTimeSpentInHours')) - Number(max.rows[0].lo)) < 1e-3, 'ascending starts at the minimum');

    // Filters run in DuckDB too: IsSender = True, then also PersonTimeSpentInHours > 0.1.
    const senders = await backend('sql/run', { sql: 'SELECT count(*) FILTER (WHERE IsSender) AS s, count(*) FILTER (WHERE IsSender AND PersonTimeSpentInHours > 0.1) AS sl FROM MailParticipants', runId: 'e2e-senders' });
    await filterBoolean(page, 'IsSender', 'True');
    await grid.total(scope).filter({ hasText: `${Number(senders.rows[0].s).toLocaleString('en-US')} of 1,000,000 rows` }).waitFor();
    await filterNumber(page, 'PersonTimeSpentInHours', 'Greater than', '0.1');
    await grid.total(scope).filter({ hasText: `${Number(senders.rows[0].sl).toLocaleString('en-US')} of 1,000,000 rows` }).waitFor();
    shots.push(await screenshot(page, 'browse-filtered-light'));
    await grid.clearFilters(scope).click();
    await grid.total(scope).filter({ hasText: /^1,000,000 rows$/ }).waitFor();

    // Far down: the grid fetches the block there.
    await scope.locator('.ag-body-viewport').evaluate((el) => (el.scrollTop = el.scrollHeight * 0.6));
    // The rows already on screen match any wait for "a row": wait for the deep block's rows to render.
    const deepest = () => scope.locator('.ag-center-cols-container .ag-row').evaluateAll((rows) => Math.max(0, ...rows.map((r) => Number(r.getAttribute('row-index')))));
    let deep = await deepest();
    for (const started = Date.now(); deep <= 100_000 && Date.now() - started < 15_000; deep = await deepest()) await page.waitForTimeout(100);
    assert.ok(deep > 100_000, `scrolled to row ${deep}`);
    await scope.locator('.ag-row').filter({ hasText: /[0-9a-f]{8}-/ }).first().waitFor();
    await scope.locator('.ag-body-viewport').evaluate((el) => (el.scrollTop = 0));

    await grid.cell(scope, 0, 'MailId').click();
    await page.keyboard.press('ControlOrMeta+C');
    await app.toast(page).filter({ hasText: 'with headers' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const [header, first] = copied.split('\n');
    assert.equal(header.split('\t')[0], 'MailId');
    assert.ok(header.includes('PersonTimeSpentInHours'));
    assert.match(first.split('\t')[0], /^[0-9a-f-]{36}$/);
    shots.push(await screenshot(page, 'browse-sorted-light'));

    // Another table in the same grid: its own columns, no sort or filter carried over.
    await sortBy(page, 'PersonTimeSpentInHours', 'desc');
    const info = await backend('workspace/info', {});
    const mails = info.tables.find((t) => t.name === 'Mails')?.rows ?? 0;
    await openTable(page, 'Mails', 'ConversationId');
    await grid.total(scope).filter({ hasText: new RegExp(`^${mails.toLocaleString('en-US')} rows$`) }).waitFor();
    assert.equal(await grid.sortStatus(scope).count(), 0, 'no sort carried over');
    assert.equal(await grid.headerCell(scope, 'PersonTimeSpentInHours').count(), 0, 'the old columns are gone');
  });

  test('run SQL, see the error at its position, then results', async () => {
    const { page } = main;
    await goTo(page, 'SQL');
    const outcome = await runSql(page, 'SELECT count(*) AS n\nFROM MailParticipants\nWHERE IsSender AND Recipient > 3');
    assert.equal(outcome, 'error');
    assert.match((await sql.error(page).textContent()) ?? '', /Recipient/);
    assert.match((await sql.errorPosition(page).textContent()) ?? '', /Line 3, column 20/);
    assert.equal((await sql.errorMark(page).first().textContent())?.trim(), 'Recipient', 'the editor marks the unknown column');
    shots.push(await screenshot(page, 'sql-error-light'));

    assert.equal(await runSql(page, "SELECT FunctionType, count(DISTINCT EmailAddress) AS people\nFROM PersonHistorical\nWHERE PopulationType = 'MeasuredEmployee'\nGROUP BY 1 ORDER BY 2 DESC"), 'ok');
    await grid.cell(sql.resultGrid(page), 0, 'people').filter({ hasText: /\d/ }).waitFor();
    assert.ok((await sql.historyItems(page).count()) >= 2, 'both runs are in the history');

    // A long query can be cancelled.
    await typeSql(page, 'SELECT count(*) FROM range(50000000000) t(x) WHERE x % 7 = 3');
    await sql.runButton(page).click();
    await sql.cancelButton(page).waitFor();
    await page.waitForTimeout(1200);
    await sql.status(page).filter({ hasText: 'Running' }).waitFor();
    await sql.cancelButton(page).click();
    await sql.status(page).filter({ hasText: 'Query cancelled.' }).waitFor({ timeout: 15_000 });
    shots.push(await screenshot(page, 'sql-result-light'));
  });

  test('export a table and a query result to CSV and read the files back', { timeout: 120_000 }, async () => {
    const { page } = main;
    const info = await backend('workspace/info', {});
    const calls = info.tables.find((t) => t.name === 'Calls');
    assert.ok(calls);

    await goTo(page, 'Export');
    await exportTable(page, 'Calls', 'CSV', 'calls-e2e');
    const download = await downloadExport(page);
    assert.equal(download.suggestedFilename(), 'calls-e2e-row-level.csv', 'a row-level export says so in its name');
    const path = join(root, 'calls-e2e.csv');
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').trimEnd().split(/\r?\n/);
    assert.deepEqual(parseCsv(lines[0])[0], calls.columns.map((c) => c.name));
    assert.equal(lines.length - 1, calls.rows, 'one line per row');
    shots.push(await screenshot(page, 'export-done-light'));

    // A query result, sent from the SQL screen.
    await goTo(page, 'SQL');
    await runSql(page, "SELECT AppName, count(*) AS calls FROM Calls GROUP BY AppName ORDER BY AppName");
    await page.locator('[data-screen="sql"]').getByRole('button', { name: 'Export result…' }).click();
    await app.heading(page, 'Export').waitFor();
    assert.ok(await page.locator('[data-screen="export"]').getByRole('radio', { name: /Query result/ }).isChecked());
    const earlier = await shownDownload(page);
    await exportScreen.startButton(page).click();
    const result = await downloadExport(page, earlier);
    const resultPath = join(root, 'result.csv');
    await result.saveAs(resultPath);
    const expected = await backend('sql/run', { sql: 'SELECT AppName, count(*) AS calls FROM Calls GROUP BY AppName ORDER BY AppName', runId: 'e2e-calls' });
    const got = readFileSync(resultPath, 'utf8').trimEnd().split(/\r?\n/);
    assert.deepEqual(parseCsv(got[0])[0], ['AppName', 'calls']);
    assert.deepEqual(
      got.slice(1).map((l) => parseCsv(l)[0]),
      expected.rows.map((r) => [String(r.AppName), String(r.calls)]),
    );
  });

  test('the thread-length analysis shows its table and chart, guarded by the minimum group size', { timeout: 90_000 }, async () => {
    const { page } = main;
    await goTo(page, 'Analyses');
    await runAnalysis(page, 'Email threads by originator', { groupBy: 'FunctionType', minGroupSize: 5 });
    const expected = await backendResult('analyses/run', { id: 'thread-length', params: { by: 'FunctionType' }, minGroupSize: 5 });
    await analyses.tableRows(page).first().waitFor();
    assert.equal(await analyses.tableRows(page).count(), expected.rows.length);
    assert.equal((await analyses.table(page).locator('thead th').first().textContent())?.trim(), 'FunctionType');
    const firstGroup = (await analyses.tableRows(page).first().locator('td').first().textContent())?.trim();
    assert.equal(firstGroup, String(expected.rows[0].grp));
    const box = await analyses.chartCanvas(page).first().boundingBox();
    assert.ok(box && box.width > 200 && box.height > 200, 'the chart is drawn');
    assert.ok(((await analyses.suppressionNote(page).textContent()) ?? '').length > 0, 'the suppression note is shown');
    assert.match((await page.getByTestId('privacy-scope').textContent()) ?? '', /row-level access: the SQL screen, Browse, row-level exports/, 'what the minimum cannot protect is said');

    // Never below 5.
    await analyses.minGroupSize(page).fill('3');
    assert.ok(await analyses.runButton(page).isDisabled(), 'Run is refused below 5');
    await page.locator('#min-group-size-help', { hasText: 'lowest allowed' }).waitFor();
    await analyses.minGroupSize(page).fill('5');

    const png = await Promise.all([page.waitForEvent('download'), analyses.pngButton(page).click()]).then(([d]) => d.path());
    assert.deepEqual([...readFileSync(png).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
    const svg = await Promise.all([page.waitForEvent('download'), analyses.svgButton(page).click()]).then(([d]) => d.path());
    assert.match(readFileSync(svg, 'utf8'), /^<svg[\s\S]*Mean thread length/);
    const csv = await Promise.all([page.waitForEvent('download'), analyses.csvButton(page).click()]).then(([d]) => d.path());
    assert.equal(readFileSync(csv, 'utf8').trimEnd().split(/\r?\n/).length, expected.rows.length + 1);

    // One count of originators: "Group size" would only repeat it.
    const headings = await analyses.table(page).locator('thead th').allTextContents();
    assert.ok(headings.some((h) => h.startsWith('Originators')) && !headings.some((h) => h.startsWith('Group size')), headings.join(' | '));
    // Week fields are typed and shown as YYYY-MM-DD, not in the browser's locale (mm/dd/yyyy).
    const fromWeek = analyses.param(page, 'From week');
    assert.equal(await fromWeek.getAttribute('type'), 'text');
    assert.equal(await fromWeek.getAttribute('placeholder'), 'YYYY-MM-DD');
    await fromWeek.fill('2024-01-08');
    assert.equal(await fromWeek.inputValue(), '2024-01-08');
    await fromWeek.fill('');

    await analyses.showSql(page).click();
    assert.match((await analyses.sqlBlock(page).textContent()) ?? '', /ConversationId/);
    shots.push(await screenshot(page, 'analyses-thread-length-light'));
    await analyses.openInSql(page).click();
    await app.heading(page, 'SQL').waitFor();
    assert.match((await sql.editor(page).textContent()) ?? '', /ConversationId/);
  });

  test('the privacy audit finds no alerts in the clean demo export and offers its report', { timeout: 180_000 }, async () => {
    const { page } = main;
    await goTo(page, 'Privacy audit');
    await page.locator('[data-screen="audit"] .empty', { hasText: 'No audit yet' }).waitFor();
    await audit.minGroupSize(page).fill('3');
    assert.ok(await audit.runButton(page).isDisabled(), 'Run is refused below 5');
    const summary = await runAudit(page, 5);
    assert.match(summary, /^0 alerts\b/, `summary: ${summary}`);
    await audit.columns(page).locator('tbody tr').first().waitFor();
    await audit.consistency(page).locator('tbody tr').first().waitFor();
    assert.ok((await audit.columns(page).locator('tbody tr').count()) > 10, 'every column is classified');

    const html = await Promise.all([page.waitForEvent('download'), audit.htmlButton(page).click()]).then(([d]) => d.path());
    assert.match(readFileSync(html, 'utf8'), /^<!doctype html>/i);
    const csv = await Promise.all([page.waitForEvent('download'), audit.csvButton(page).click()]).then(([d]) => d.path());
    assert.match(readFileSync(csv, 'utf8'), /section,severity,table,column,item,value,detail/);

    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      await page.waitForTimeout(300);
      shots.push(await screenshot(page, `audit-${theme}`));
    }
    await useTheme(page, 'light');

    // Chosen attribute sets instead of the defaults: exactly those are measured, as the backend measures them.
    await auditPicker.choose(page).check();
    assert.ok(await audit.runButton(page).isDisabled(), 'an empty combination cannot run');
    const sets = [['Organization'], ['Organization', 'LevelDesignation']];
    await chooseAttributeSets(page, sets);
    assert.equal(await auditPicker.sets(page).count(), 2);
    await audit.runButton(page).click();
    const kRows = audit.kAnonymity(page).locator('tbody tr');
    await kRows.filter({ hasText: 'Organization × LevelDesignation' }).waitFor({ timeout: 120_000 });
    const expected = await backendResult('audit/run', { attributes: sets, minGroupSize: 5 });
    const shown = await kRows.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
    assert.deepEqual(
      shown.map((cells) => [cells[0], cells[1], cells[2], cells[3]]),
      expected.kAnonymity.sets.map((k) => [k.attributes.join(' × '), k.people.toLocaleString('en-US'), k.groups.toLocaleString('en-US'), k.groupsBelow.toLocaleString('en-US')]),
    );
    shots.push(await screenshot(page, 'audit-attribute-sets-light'));

    // A reload keeps the workspace's last audit: the report is shown again, not "No audit yet".
    await page.reload();
    await goTo(page, 'Privacy audit');
    await audit.kAnonymity(page).locator('tbody tr').filter({ hasText: 'Organization × LevelDesignation' }).waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-screen="audit"] .empty', { hasText: 'No audit yet' }).count(), 0);

    // A restarted backend has no jobs in memory: the report saved in the workspace is shown, with its run time.
    const wsDir = main.server.api.workspaceDir;
    await main.close();
    main = await openApp(browser, wsDir, { isDemo: true });
    await main.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: main.server.origin });
    const restarted = main.page;
    assert.deepEqual(await backend('jobs/list', {}).then((r) => r.jobs), [], 'a fresh backend');
    await goTo(restarted, 'Privacy audit');
    await audit.kAnonymity(restarted).locator('tbody tr').filter({ hasText: 'Organization × LevelDesignation' }).waitFor({ timeout: 30_000 });
    assert.equal(await restarted.locator('[data-screen="audit"] .empty', { hasText: 'No audit yet' }).count(), 0);
    assert.match((await audit.saved(restarted).textContent()) ?? '', /^Last audit run .+, on data loaded .+\.$/);
    assert.equal(await restarted.locator('[data-screen="audit"] .notice--warning', { hasText: 'older data' }).count(), 0, 'not stale: nothing changed');
    shots.push(await screenshot(restarted, 'audit-after-restart-light'));
    await auditPicker.defaults(restarted).check();
  });

  test('upload the demo’s hr.csv, import it, join it on Key_ID at the match rate its CSVs give, and group an analysis by a joined column', { timeout: 180_000 }, async () => {
    const { page } = main;
    const wsDir = main.server.api.workspaceDir;
    const exportDir = join(wsDir, 'raw', 'demo-export');
    const hrFile = join(exportDir, 'hr.csv');
    const [hrHeader, ...hrRows] = parseCsv(readFileSync(hrFile, 'utf8'));
    const [phHeader, ...phRows] = parseCsv(readFileSync(join(exportDir, 'PersonHistorical.csv'), 'utf8'));
    const key = (v: string) => v.trim().toLowerCase();
    const exportKeys = new Set(phRows.map((r) => key(r[phHeader.indexOf('Key_ID')])).filter(Boolean));
    const fileKeys = hrRows.map((r) => key(r[hrHeader.indexOf('Key_ID')]));
    const matchedRows = fileKeys.filter((k) => exportKeys.has(k)).length;
    assert.ok(matchedRows > 0 && matchedRows < hrRows.length, 'the demo HR file holds matching and unknown keys');

    await goTo(page, 'Import & join');
    await pickFile(page, hrFile);
    assert.match((await importJoin.pickedFile(page).textContent()) ?? '', /hr\.csv.*uploaded into this workspace/);
    // The upload went through the server into the workspace, byte for byte.
    const uploads = join(wsDir, 'imports', '.uploads');
    const uploaded = readdirSync(uploads, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.equal(uploaded.length, 1);
    assert.equal(uploaded[0].name, 'hr.csv');
    assert.ok(readFileSync(join(uploaded[0].parentPath, uploaded[0].name)).equals(readFileSync(hrFile)));

    assert.match((await importJoin.previewSummary(page).textContent()) ?? '', new RegExp(`^${hrRows.length.toLocaleString('en-US')} rows · ${hrHeader.length} columns`));
    assert.deepEqual((await importJoin.columnRows(page).locator('td:first-child').allTextContents()).map((t) => t.trim()), hrHeader);
    assert.equal(await importJoin.sampleRows(page).count(), Math.min(20, hrRows.length));
    await overrideType(page, 'HireDate', 'text', 'VARCHAR');
    await overrideType(page, 'HireDate', '', 'DATE');
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      await page.waitForTimeout(300);
      shots.push(await screenshot(page, `import-preview-${theme}`));
    }
    await useTheme(page, 'light');

    assert.equal(await importJoin.datasetName(page).inputValue(), 'hr', 'the name comes from the file');
    await importAs(page, 'hr');
    assert.ok(!existsSync(uploads) || readdirSync(uploads).length === 0, 'the upload moved into the dataset’s own copy');
    const listed = (await backend('datasets/list', {})).datasets.find((d) => d.name === 'hr');
    assert.equal(listed?.rows, hrRows.length);
    await importJoin.datasetItem(page, 'hr').waitFor();

    await importJoin.joinItButton(page).click();
    await importJoin.selectedTab(page).filter({ hasText: 'Join to the export' }).waitFor();
    assert.equal(await importJoin.joinDataset(page).inputValue(), 'hr');
    assert.equal(await importJoin.joinDatasetKey(page).inputValue(), 'Key_ID', 'the column named like a PersonHistorical column is the key');
    assert.equal(await importJoin.joinExportKey(page).inputValue(), 'Key_ID');
    await previewJoin(page, { dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID' });

    const rate = importJoin.matchRate(page);
    assert.equal(Number(await rate.getAttribute('data-rows')), hrRows.length);
    assert.equal(Number(await rate.getAttribute('data-matched-rows')), matchedRows);
    assert.equal((await rate.textContent())?.trim(), `${((matchedRows / hrRows.length) * 100).toFixed(1)} %`);
    const backendPreview = await backend('joins/preview', { dataset: 'hr', datasetKey: 'Key_ID', exportKey: 'Key_ID' });
    assert.equal(backendPreview.matchedRows, matchedRows, 'the backend agrees with the CSVs');
    const distinctFileKeys = new Set(fileKeys.filter(Boolean));
    assert.equal(Number(await importJoin.stat(page, 'keys').getAttribute('data-total')), distinctFileKeys.size);
    assert.equal(Number(await importJoin.stat(page, 'export-keys').getAttribute('data-total')), exportKeys.size);
    const unmatched = (await importJoin.unmatchedFileKeys(page, 'hr').allTextContents()).map(key);
    assert.ok(unmatched.length > 0 && unmatched.every((k) => distinctFileKeys.has(k) && !exportKeys.has(k)), `unmatched samples: ${unmatched.join(', ')}`);
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      await page.waitForTimeout(300);
      shots.push(await screenshot(page, `join-preview-${theme}`));
    }
    await useTheme(page, 'light');

    const region = await importJoin.joinColumns(page).filter({ hasText: /^Region/ }).getAttribute('data-column');
    assert.ok(region, 'the file’s Region column is brought in');
    await saveJoin(page);
    await importJoin.joinItem(page, 'hr').filter({ hasText: `${((matchedRows / hrRows.length) * 100).toFixed(1)} % of rows matched` }).waitFor();
    // Beside the file's row match rate, how many measured employees get its values.
    await importJoin.joinItem(page, 'hr').getByTestId('join-list-people').filter({ hasText: /^[\d,]+ of [\d,]+ measured employees get values$/ }).waitFor();
    shots.push(await screenshot(page, 'join-saved-light'));

    // The joined column is a group-by attribute as soon as the workspace says it changed.
    await goTo(page, 'Analyses');
    await analyses.param(page, 'Group by').locator('option', { hasText: new RegExp(`^${region}$`) }).waitFor({ state: 'attached', timeout: 15_000 });
    await runAnalysis(page, 'Email threads by originator', { groupBy: region, minGroupSize: 5 });
    const expected = await backendResult('analyses/run', { id: 'thread-length', params: { by: region }, minGroupSize: 5 });
    await analyses.tableRows(page).first().waitFor();
    assert.equal((await analyses.table(page).locator('thead th').first().textContent())?.trim(), region);
    assert.equal(await analyses.tableRows(page).count(), expected.rows.length);
    assert.deepEqual((await analyses.tableRows(page).locator('td:first-child').allTextContents()).map((t) => t.trim()), expected.rows.map((r) => (r.grp === null || r.grp === '' ? EMPTY_GROUP_LABEL : String(r.grp))));
    shots.push(await screenshot(page, 'analyses-by-joined-column-light'));

    // The audit saved before the import is of older data now: labelled so, never shown as current.
    await goTo(page, 'Privacy audit');
    const stale = page.locator('[data-screen="audit"] .notice--warning', { hasText: 'older data' });
    await stale.waitFor({ timeout: 15_000 });
    assert.match((await audit.saved(page).textContent()) ?? '', /^The workspace changed after this audit \(an export was loaded, or a file imported or joined\): run it again to check the current data\.$/);
    shots.push(await screenshot(page, 'audit-stale-light'));
  });

  test('a dropped file and a typed path preview too; a path that is not there is an error in words', { timeout: 60_000 }, async () => {
    const { page } = main;
    await goTo(page, 'Import & join');
    const regions = ['Region;Headcount', 'EMEA;120', 'APAC;80', 'Americas;95'].join('\n') + '\n';
    await dropFile(page, 'regions.csv', regions);
    assert.match((await importJoin.previewSummary(page).textContent()) ?? '', /^3 rows · 2 columns/);
    assert.match((await importJoin.delimiter(page).locator('option:checked').textContent()) ?? '', /Semicolon \(;\) · detected/);
    assert.deepEqual((await importJoin.columnRows(page).locator('td:first-child').allTextContents()).map((t) => t.trim()), ['Region', 'Headcount']);

    // Any other delimiter can be typed: read with "," this file has a single column.
    await importJoin.delimiter(page).selectOption('other');
    await importJoin.delimiterChar(page).fill(',');
    await importJoin.previewSummary(page).filter({ hasText: /^3 rows · 1 column\b/ }).waitFor({ timeout: 15_000 });
    await importJoin.delimiter(page).selectOption('');
    await importJoin.previewSummary(page).filter({ hasText: /^3 rows · 2 columns/ }).waitFor({ timeout: 15_000 });

    // The name is checked while typing, with the backend's own rule.
    await importJoin.datasetName(page).fill('Meetings');
    assert.match((await importJoin.datasetNameHelp(page).textContent()) ?? '', /name of an export table/);
    assert.equal(await importJoin.importButton(page).isDisabled(), true);
    await importJoin.datasetName(page).fill('regions');
    assert.equal(await importJoin.importButton(page).isDisabled(), false);

    await importJoin.chooseAnother(page).click();
    const missing = join(root, 'no-such-file.csv');
    await typePath(page, missing);
    const error = (await importJoin.errors(page).first().textContent()) ?? '';
    assert.match(error, /no-such-file\.csv/);
    assert.match(error, /import\/file-not-found/, 'the error shows its code');

    await importJoin.chooseAnother(page).click();
    const sales = join(main.server.api.workspaceDir, 'raw', 'demo-export', 'sales.csv');
    await typePath(page, sales);
    const salesRows = parseCsv(readFileSync(sales, 'utf8')).length - 1;
    assert.match((await importJoin.previewSummary(page).textContent()) ?? '', new RegExp(`^${salesRows.toLocaleString('en-US')} rows`));
    assert.match((await importJoin.pickedFile(page).textContent()) ?? '', /sales\.csv/);
    assert.doesNotMatch((await importJoin.pickedFile(page).textContent()) ?? '', /uploaded/, 'a typed path is read where it is');
    await importJoin.chooseAnother(page).click();
  });

  test('an export written from the documents: the Datasets screen says what its missing column disables', { timeout: 60_000 }, async () => {
    const wsDir = join(root, 'documented-ws');
    const ws = await Workspace.open(wsDir, { create: true });
    try {
      await ingestExport(ws, { sourceDir: new URL('./fixtures/documented-export', import.meta.url).pathname });
    } finally {
      ws.close();
    }
    const documented = await openApp(browser, wsDir);
    try {
      const { page } = documented;
      await app.heading(page, 'Datasets').waitFor();
      const disabled = page.getByRole('list', { name: 'Disabled by missing tables or columns' });
      await disabled.waitFor();
      assert.match((await disabled.textContent()) ?? '', /Double-booked meeting hours.*needs MeetingParticipants\.IsDoubleBooked/);
      assert.match((await page.locator('[data-screen="datasets"]').textContent()) ?? '', /OnlineMeetingProvider/);
      shots.push(await screenshot(page, 'datasets-documented-export-light'));
      // The missing column is marked where its table's columns are listed.
      await page.locator('[data-screen="datasets"] tbody tr', { hasText: 'MeetingParticipants' }).first().click();
      const row = page.getByRole('table', { name: 'Columns of MeetingParticipants' }).locator('tr', { hasText: 'IsDoubleBooked' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /not in your files/);
      await row.scrollIntoViewIfNeeded();
      shots.push(await screenshot(page, 'datasets-documented-export-missing-column-light'));
    } finally {
      await documented.close();
    }
  });

  test('every screen, light and dark, at 1280×800', { timeout: 90_000 }, async () => {
    const { page } = main;
    const screens = ['Connect', 'Datasets', 'Import & join', 'Browse', 'SQL', 'Export', 'Analyses'] as const;
    for (const theme of ['light', 'dark'] as const) {
      await useTheme(page, theme);
      for (const s of screens) {
        await goTo(page, s);
        if (s === 'Analyses') await analyses.chart(page).waitFor();
        if (s === 'Browse') await browse.grid(page).locator('.ag-row').first().waitFor();
        await page.waitForTimeout(400);
        shots.push(await screenshot(page, `${s.toLowerCase().replace(/\W+/g, '-')}-${theme}`));
      }
    }
    await useTheme(page, 'light');
    assert.deepEqual(main.errors, [], 'no errors in the page console');
  });
});
