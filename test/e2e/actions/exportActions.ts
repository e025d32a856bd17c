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

/** Wait for the export job to finish, then click Download and return the file the browser got. */
export async function downloadExport(page: Page, timeoutMs = 60_000): Promise<Download> {
  await exportScreen.downloadLink(page).waitFor({ state: 'visible', timeout: timeoutMs });
  const [download] = await Promise.all([page.waitForEvent('download'), exportScreen.downloadLink(page).click()]);
  return download;
}
