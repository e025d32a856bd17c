/** Importing a file and joining it to the export, as a user does on the Import & join screen. */
import type { Page } from 'playwright-core';
import { importJoin } from '../locators/importJoin.js';

/** Pick a file with the file input (uploaded in browser mode) and wait for its preview. */
export async function pickFile(page: Page, path: string, timeoutMs = 30_000): Promise<void> {
  await importJoin.tab(page, 'Import a file').click();
  await importJoin.fileInput(page).setInputFiles(path);
  await importJoin.preview(page).or(importJoin.errors(page)).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Drop a file made in the page onto the drop zone, as dragging one from the desktop does. */
export async function dropFile(page: Page, name: string, text: string, timeoutMs = 30_000): Promise<void> {
  await importJoin.tab(page, 'Import a file').click();
  const dataTransfer = await page.evaluateHandle(
    ([n, t]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], n, { type: 'text/csv' }));
      return dt;
    },
    [name, text] as const,
  );
  await importJoin.dropZone(page).dispatchEvent('dragover', { dataTransfer });
  await importJoin.dropZone(page).dispatchEvent('drop', { dataTransfer });
  await importJoin.preview(page).or(importJoin.errors(page)).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Type or paste a path instead of choosing a file; waits for the preview or an error. */
export async function typePath(page: Page, path: string, timeoutMs = 30_000): Promise<void> {
  await importJoin.tab(page, 'Import a file').click();
  await importJoin.pathField(page).fill(path);
  await importJoin.usePathButton(page).click();
  await importJoin.preview(page).or(importJoin.errors(page)).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Choose a column's type and wait until the sample shows the column with `expectType`. */
export async function overrideType(page: Page, column: string, choice: string, expectType: string): Promise<void> {
  await importJoin.typeOf(page, column).selectOption(choice);
  await importJoin.sampleHeader(page, column).filter({ hasText: new RegExp(`${expectType}$`) }).waitFor({ timeout: 30_000 });
}

/** Name the dataset, import it, and wait for the job to report the result. */
export async function importAs(page: Page, name: string, timeoutMs = 60_000): Promise<void> {
  await importJoin.datasetName(page).fill(name);
  await importJoin.importButton(page).click();
  await importJoin.importedNotice(page).waitFor({ state: 'visible', timeout: timeoutMs });
}

/** Fill the join form's keys and preview; waits for the match rate (or an error). */
export async function previewJoin(page: Page, spec: { dataset: string; datasetKey: string; exportKey: string }, timeoutMs = 30_000): Promise<void> {
  await importJoin.tab(page, 'Join to the export').click();
  await importJoin.joinDataset(page).selectOption(spec.dataset);
  await importJoin.joinDatasetKey(page).selectOption(spec.datasetKey);
  await importJoin.joinExportKey(page).selectOption(spec.exportKey);
  await importJoin.previewJoinButton(page).click();
  await importJoin.matchRate(page).or(importJoin.errors(page)).first().waitFor({ state: 'visible', timeout: timeoutMs });
}

export async function saveJoin(page: Page, timeoutMs = 30_000): Promise<void> {
  await importJoin.saveJoinButton(page).click();
  await importJoin.savedNotice(page).waitFor({ state: 'visible', timeout: timeoutMs });
}
