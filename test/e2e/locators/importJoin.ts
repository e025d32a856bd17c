/** Locators of the Import & join screen. */
import type { Locator, Page } from 'playwright-core';

const root = (page: Page) => page.locator('[data-screen="import"]');

export const importJoin = {
  tab: (page: Page, name: 'Import a file' | 'Join to the export'): Locator => root(page).getByRole('tab', { name: new RegExp(name) }),
  selectedTab: (page: Page): Locator => root(page).locator('[role="tab"][aria-selected="true"]'),
  fileInput: (page: Page): Locator => root(page).getByLabel('File to import'),
  dropZone: (page: Page): Locator => root(page).getByTestId('drop-zone'),
  pathField: (page: Page): Locator => root(page).getByLabel('Or type the file’s path'),
  usePathButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Use this path' }),
  chooseAnother: (page: Page): Locator => root(page).getByRole('button', { name: 'Choose another file' }),
  delimiter: (page: Page): Locator => root(page).getByLabel('Delimiter', { exact: true }),
  delimiterChar: (page: Page): Locator => root(page).getByLabel('Delimiter character'),
  pickedFile: (page: Page): Locator => root(page).getByTestId('picked-file'),
  preview: (page: Page): Locator => root(page).getByTestId('import-preview'),
  previewSummary: (page: Page): Locator => root(page).getByTestId('import-preview-summary'),
  columnRows: (page: Page): Locator => root(page).getByRole('table', { name: 'Columns of the file' }).locator('tbody tr'),
  typeOf: (page: Page, column: string): Locator => root(page).getByLabel(`Type of ${column}`, { exact: true }),
  sampleHeader: (page: Page, column: string): Locator => root(page).getByRole('table', { name: 'Sample rows' }).locator('thead th', { hasText: new RegExp(`^${column}`) }),
  sampleRows: (page: Page): Locator => root(page).getByRole('table', { name: 'Sample rows' }).locator('tbody tr'),
  datasetName: (page: Page): Locator => root(page).getByLabel('Dataset name'),
  datasetNameHelp: (page: Page): Locator => root(page).locator('#dataset-name-help'),
  importButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Import', exact: true }),
  importedNotice: (page: Page): Locator => root(page).getByText(/^Imported [\d,]+ rows? as /),
  joinItButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Join it to the export' }),
  datasetItem: (page: Page, name: string): Locator => root(page).getByRole('list', { name: 'Imported datasets' }).locator(`[data-dataset="${name}"]`),
  joinDataset: (page: Page): Locator => root(page).getByLabel('Dataset', { exact: true }),
  joinDatasetKey: (page: Page): Locator => root(page).getByLabel('Its key column'),
  joinExportKey: (page: Page): Locator => root(page).getByLabel('Matches export column'),
  /** A column's checkbox under "Columns to bring in"; its name starts with the column. */
  bringIn: (page: Page, column: string): Locator => root(page).getByRole('group', { name: 'Columns to bring in' }).getByRole('checkbox', { name: new RegExp(`^${column}\\b`) }),
  bringInChoice: (page: Page, column: string): Locator => root(page).getByRole('group', { name: 'Columns to bring in' }).locator('label', { has: page.getByRole('checkbox', { name: new RegExp(`^${column}\\b`) }) }),
  previewJoinButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Preview the join' }),
  matchRate: (page: Page): Locator => root(page).getByTestId('join-match-rate'),
  stat: (page: Page, id: 'rows' | 'keys' | 'export-keys' | 'people' | 'measured' | 'versions'): Locator => root(page).getByTestId(`join-stat-${id}`),
  unmatchedFileKeys: (page: Page, dataset: string): Locator => root(page).getByRole('list', { name: `In ${dataset}, not in the export` }).locator('li'),
  joinColumns: (page: Page): Locator => root(page).getByTestId('join-columns').locator('[data-column]'),
  /** The warning that saving replaces a saved join of the same name. */
  replacesNotice: (page: Page): Locator => root(page).getByTestId('join-replaces'),
  saveJoinButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Save join' }),
  savedNotice: (page: Page): Locator => root(page).getByText(/^Saved the join /),
  joinItem: (page: Page, name: string): Locator => root(page).getByRole('list', { name: 'Saved joins' }).locator(`[data-join="${name}"]`),
  errors: (page: Page): Locator => root(page).getByRole('alert'),
};
