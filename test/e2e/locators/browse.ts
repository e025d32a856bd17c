/** Locators of the Browse screen. */
import type { Locator, Page } from 'playwright-core';

const root = (page: Page) => page.locator('[data-screen="browse"]');

export const browse = {
  tablePicker: (page: Page): Locator => root(page).getByLabel('Table to browse'),
  grid: (page: Page): Locator => root(page).locator('.data-grid'),
  exportViewButton: (page: Page): Locator => root(page).getByRole('button', { name: 'Export view…' }),
};
