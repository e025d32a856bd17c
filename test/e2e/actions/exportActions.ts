/** Exporting a table and fetching the file. */
import type { Download, Page } from 'playwright-core';
import { exportScreen } from '../locators/exportScreen.js';

export async function exportTable(page: Page, table: string, format: 'CSV' | 'Parquet' | 'Excel', fileName?: string): Promise<void> {
  await exportScreen.tablePicker(page).selectOption(table);
  await exportScreen.wholeTable(page).check();
  await exportScreen.format(page, format).check();
  if (fileName) await exportScreen.fileName(page).fill(fileName);
  await exportScreen.startButton(page).click();
}

/** Where the Download link on screen points now (an earlier export's), or undefined when there is none. */
export async function shownDownload(page: Page): Promise<string | undefined> {
  const link = exportScreen.downloadLink(page);
  return (await link.count()) > 0 ? ((await link.getAttribute('href')) ?? undefined) : undefined;
}

/**
 * Wait for the export job to finish, then click Download and return the file the browser got.
 * `earlier`: the link an earlier export left on screen (shownDownload before the start). It stays
 * there until export/start answers, so without it a slow answer gets the earlier file.
 */
export async function downloadExport(page: Page, earlier?: string, timeoutMs = 60_000): Promise<Download> {
  const link = earlier === undefined ? exportScreen.downloadLink(page) : exportScreen.downloadLink(page).and(page.locator(`:not([href=${JSON.stringify(earlier)}])`));
  await link.waitFor({ state: 'visible', timeout: timeoutMs });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return download;
}
