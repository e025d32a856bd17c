/** Locators of the Export screen. */
import type { Locator, Page } from 'playwright-core';

const root = (page: Page) => page.locator('[data-screen="export"]');

export const exportScreen = {
  wholeTable: (page: Page): Locator => root(page).getByRole('radio', { name: /A whole table/ }),
  tablePicker: (page: Page): Locator => root(page).getByLabel('Table to export'),
  format: (page: Page, title: 'CSV' | 'Parquet' | 'Excel'): Locator => root(page).getByRole('radio', { name: title }),
  fileName: (page: Page): Locator => root(page).getByLabel('File name'),
  startButton: (page: Page): Locator => root(page).getByRole('button', { name: /^Export (CSV|Parquet|Excel)$/ }),
  jobStatus: (page: Page): Locator => root(page).getByTestId('job-status'),
  downloadLink: (page: Page): Locator => root(page).getByTestId('export-download'),
};
