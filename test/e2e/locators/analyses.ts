/** Locators of the Analyses screen. */
import type { Locator, Page } from 'playwright-core';

const root = (page: Page) => page.locator('[data-screen="analyses"]');

export const analyses = {
  picker: (page: Page): Locator => root(page).getByLabel('Analysis', { exact: true }),
  param: (page: Page, label: string): Locator => root(page).getByLabel(label, { exact: true }),
  minGroupSize: (page: Page): Locator => root(page).getByLabel('Minimum group size'),
  runButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Run', exact: true }),
  table: (page: Page): Locator => root(page).getByTestId('analysis-table'),
  tableRows: (page: Page): Locator => root(page).getByTestId('analysis-table').locator('tbody tr'),
  chart: (page: Page): Locator => root(page).getByTestId('analysis-chart'),
  chartCanvas: (page: Page): Locator => root(page).getByTestId('analysis-chart').locator('canvas'),
  suppressionNote: (page: Page): Locator => root(page).getByTestId('suppression-note'),
  pngButton: (page: Page): Locator => root(page).getByRole('button', { name: 'PNG' }),
  svgButton: (page: Page): Locator => root(page).getByRole('button', { name: 'SVG' }),
  imageSize: (page: Page): Locator => root(page).getByLabel('Image size', { exact: true }),
  imageBackground: (page: Page): Locator => root(page).getByLabel('Image background', { exact: true }),
  csvButton: (page: Page): Locator => root(page).getByRole('button', { name: 'CSV' }),
  showSql: (page: Page): Locator => root(page).getByRole('button', { name: 'Show SQL' }),
  sqlBlock: (page: Page): Locator => root(page).getByTestId('analysis-sql'),
  openInSql: (page: Page): Locator => root(page).getByRole('button', { name: 'Open in SQL screen' }),
};
