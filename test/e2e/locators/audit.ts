/** Locators of the Privacy audit screen. */
import type { Locator, Page } from 'playwright-core';

const root = (page: Page) => page.locator('[data-screen="audit"]');

export const audit = {
  runButton: (page: Page): Locator => root(page).getByRole('button', { name: /^(Run audit|Run again)$/ }),
  minGroupSize: (page: Page): Locator => root(page).getByLabel('Minimum group size'),
  summary: (page: Page): Locator => root(page).getByTestId('audit-summary'),
  findings: (page: Page): Locator => root(page).getByRole('table', { name: 'Findings' }),
  /** What each severity word means, above the findings. */
  severityLegend: (page: Page): Locator => root(page).getByLabel('What the severities mean'),
  columns: (page: Page): Locator => root(page).getByRole('table', { name: 'Column classifications' }),
  consistency: (page: Page): Locator => root(page).getByRole('table', { name: 'Pseudonym consistency' }),
  kAnonymity: (page: Page): Locator => root(page).getByRole('table', { name: 'k-anonymity' }),
  htmlButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Download HTML' }),
  csvButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Download CSV' }),
  /** When the shown report was run, and on which data (the report saved in the workspace). */
  saved: (page: Page): Locator => root(page).getByTestId('audit-saved'),
};

/** The k-anonymity attribute picker of the audit screen. */
export const auditPicker = {
  defaults: (page: Page): Locator => root(page).getByRole('radio', { name: /^Default:/ }),
  choose: (page: Page): Locator => root(page).getByRole('radio', { name: /^Choose the combinations/ }),
  addAttribute: (page: Page, set: number): Locator => root(page).getByLabel(`Add an attribute to Set ${set}`),
  addSet: (page: Page): Locator => root(page).getByRole('button', { name: 'Add a combination' }),
  sets: (page: Page): Locator => root(page).getByTestId('attribute-set'),
};
