/** Locators of the SQL screen. */
import type { Locator, Page } from 'playwright-core';

const root = (page: Page) => page.locator('[data-screen="sql"]');

export const sql = {
  editor: (page: Page): Locator => root(page).locator('.cm-content'),
  runButton: (page: Page): Locator => root(page).getByRole('button', { name: /^Run/ }),
  cancelButton: (page: Page): Locator => root(page).getByRole('button', { name: /^Cancel/ }),
  status: (page: Page): Locator => root(page).getByTestId('sql-status'),
  error: (page: Page): Locator => root(page).getByRole('alert'),
  errorPosition: (page: Page): Locator => root(page).getByTestId('sql-error-position'),
  errorMark: (page: Page): Locator => root(page).locator('.cm-lintRange-error'),
  resultGrid: (page: Page): Locator => root(page).locator('.data-grid'),
  historyItems: (page: Page): Locator => root(page).getByRole('list', { name: 'Query history' }).getByRole('button'),
};
