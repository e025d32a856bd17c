/** Locators of the Connect screen. */
import type { Locator, Page } from 'playwright-core';

const root = (page: Page) => page.locator('[data-screen="connect"]');

export const connect = {
  sasField: (page: Page): Locator => root(page).getByLabel('Container SAS URI'),
  anotherSas: (page: Page): Locator => root(page).getByRole('button', { name: 'Use another SAS URI' }),
  checkButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Check and list files' }),
  sasDetails: (page: Page): Locator => root(page).getByTestId('sas-details'),
  refreshChoice: (page: Page, name: string): Locator => root(page).locator('.radio-card', { hasText: name }).getByRole('radio'),
  startSync: (page: Page): Locator => root(page).getByTestId('start-sync'),
  jobStatus: (page: Page): Locator => root(page).getByTestId('job-status'),
  jobPercent: (page: Page): Locator => root(page).getByTestId('job-percent'),
  progressBar: (page: Page): Locator => root(page).getByRole('progressbar'),
  fileRows: (page: Page): Locator => root(page).getByRole('table', { name: 'Files in this sync' }).locator('tbody tr'),
  loadedNotice: (page: Page): Locator => root(page).getByText('The export is loaded'),
  errorNotice: (page: Page): Locator => root(page).getByRole('alert'),
  recentConnections: (page: Page): Locator => root(page).locator('.recent-item'),
};
