/** Locators of the Datasets screen. */
import type { Locator, Page } from 'playwright-core';

const root = (page: Page) => page.locator('[data-screen="datasets"]');

export const datasets = {
  tableRow: (page: Page, table: string): Locator => root(page).getByRole('table', { name: 'Tables in this workspace' }).locator('tbody tr').filter({ has: page.locator('strong', { hasText: new RegExp(`^${table}$`) }) }),
  rejectsCell: (page: Page, table: string): Locator => datasets.tableRow(page, table).locator('td').last(),
  rejectsTab: (page: Page): Locator => root(page).getByRole('tab', { name: /Rejected rows/ }),
  rejectRows: (page: Page): Locator => root(page).locator('table[aria-label^="Rejected rows"] tbody tr'),
  /** The rejects tab's empty state (its heading only: the clean validation notice also says "no rejected rows"). */
  noRejects: (page: Page): Locator => root(page).getByRole('heading', { name: 'No rejected rows', exact: true }),
  /** The titles of the notices above the tables (validation report, findings, disabled analyses). */
  noticeTitles: (page: Page): Locator => root(page).locator('.notice .notice__title'),
  diagramTables: (page: Page): Locator => root(page).locator('.schema-diagram .tbl'),
};
