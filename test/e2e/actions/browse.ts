/** Browsing a table in the grid: choosing it, sorting by a column, copying rows. */
import type { Page } from 'playwright-core';
import { browse } from '../locators/browse.js';
import { grid } from '../locators/grid.js';

/** Pick a table and wait until its first row is on screen; returns the milliseconds that took. */
export async function openTable(page: Page, table: string, firstColumn: string): Promise<number> {
  const started = Date.now();
  await browse.tablePicker(page).selectOption(table);
  await grid.cell(browse.grid(page), 0, firstColumn).filter({ hasText: /\S/ }).waitFor({ state: 'visible', timeout: 20_000 });
  return Date.now() - started;
}

const SORT_STATUS = '[data-screen="browse"] [data-testid="grid-sort"]';

/** The status bar's "Sorted by …" text, or '' when unsorted (read at once, no waiting). */
async function sortStatus(page: Page): Promise<string> {
  return page.evaluate((selector) => document.querySelector(selector)?.textContent ?? '', SORT_STATUS);
}

/** Click a column header until the grid says it is sorted that way (ag-grid cycles asc → desc → none). */
export async function sortBy(page: Page, column: string, direction: 'asc' | 'desc'): Promise<void> {
  const scope = browse.grid(page);
  const wanted = `${column} ${direction === 'asc' ? '↑' : '↓'}`;
  for (let clicks = 0; clicks < 3; clicks++) {
    const before = await sortStatus(page);
    await grid.headerCell(scope, column).locator('.ag-header-cell-label').click();
    // The status bar changes once the sorted first page has arrived.
    await page.waitForFunction(({ before, selector }) => (document.querySelector(selector)?.textContent ?? '') !== before, { before, selector: SORT_STATUS }, { timeout: 20_000 });
    if ((await sortStatus(page)).includes(wanted)) return;
  }
  throw new Error(`could not sort ${column} ${direction}`);
}

export async function cellText(page: Page, rowIndex: number, column: string): Promise<string> {
  return ((await grid.cell(browse.grid(page), rowIndex, column).textContent()) ?? '').trim();
}

/** Open a column's filter and pick True / False / Empty (the boolean filter applies at once). */
export async function filterBoolean(page: Page, column: string, choice: 'True' | 'False' | 'Empty'): Promise<void> {
  await grid.filterButton(browse.grid(page), column).click();
  await page.locator('.ag-popup .bool-filter').getByLabel(choice, { exact: true }).check();
  await page.keyboard.press('Escape');
}

/** Open a number column's filter, choose the condition, type the value and apply. */
export async function filterNumber(page: Page, column: string, condition: string, value: string): Promise<void> {
  await grid.filterButton(browse.grid(page), column).click();
  const popup = page.locator('.ag-popup .ag-filter');
  await popup.locator('.ag-picker-field').first().click();
  await page.getByRole('option', { name: condition, exact: true }).click();
  await popup.locator('input[type="number"]').first().fill(value);
  await popup.getByRole('button', { name: 'Apply' }).click();
}
